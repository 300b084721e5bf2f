/* Helpers shared by the fuzz targets, whichever driver runs them. */
#include "autoconf.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz.h"

/* Where a sanitizer writes its report (compiler-rt; absent without one). */
extern void __sanitizer_set_report_fd(void *fd) __attribute__((weak));

const char *fuzz_scratch(void)
{
	static char dir[256];

	if (!dir[0]) {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof dir, "%s/adminflow-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir)) {
			perror("fuzz: mkdtemp");
			abort();
		}
	}
	return dir;
}

void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || close(fd) != 0) {
		perror(path);
		abort();
	}
}

void fuzz_quietly(void (*fn)(void *), void *ctx)
{
	static int real_stderr = -1, null = -1;

	if (real_stderr < 0) {
		real_stderr = dup(2);
		null = open("/dev/null", O_WRONLY);
		if (__sanitizer_set_report_fd)
			__sanitizer_set_report_fd((void *)(intptr_t)real_stderr);
	}
	fflush(stderr);
	dup2(null, 2);
	fn(ctx);
	fflush(stderr);
	dup2(real_stderr, 2);
}

/* LeakSanitizer's own suppressions for the fuzz programs (the shell tests
 * have tests/lsan.supp): libconfig 1.5 does not free the text of a string
 * that a syntax error cuts short. Not ours to free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}
