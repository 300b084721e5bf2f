/* Fuzz target: forms/ files (src/formdef.c, through libconfig and the
 * condition language). The input is one forms file in a folder of its own,
 * checked as `adminflow forms check` does and loaded as the program does.
 * What must hold: the answer is "ok" or "invalid", and a form that loads
 * has an id, a title, a prefix and at least one step. */
#include "autoconf.h"
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "formdef.h"
#include "fuzz.h"

static char dir[512], file[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s/forms", fuzz_scratch());
	snprintf(file, sizeof file, "%s/fuzz.conf", dir);
	if (mkdir(dir, 0700) != 0) {
		perror(dir);
		abort();
	}
	return 0;
}

static void check(void *unused)
{
	int n = 0, warnings = 0;
	af_status st;

	(void)unused;
	st = formdef_check_dir(dir, stderr, &n, &warnings);
	assert(st == AF_OK || st == AF_INVALID);
	st = formdef_load(dir, stderr);
	for (int i = 0; i < formdef_count(); i++) {
		const form_def *f = formdef_at(i);

		assert(f->id && f->id[0] && f->prefix && f->prefix[0] && f->n_steps > 0);
		assert(formdef_find(f->id) == f);
	}
	formdef_free();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* libconfig's @include would read whatever file the input names
	 * (/dev/zero never ends): not what is being tested here. */
	if (memmem(data, size, "@include", 8))
		return 0;
	if (!dir[0])
		LLVMFuzzerInitialize(NULL, NULL);
	fuzz_write(file, data, size);
	fuzz_quietly(check, NULL);
	return 0;
}
