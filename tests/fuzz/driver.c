/* A small stand-in for libFuzzer, so that the fuzz targets run in make
 * check with any compiler (and under AddressSanitizer when the build has
 * it): every file of the corpus once, then random mutations of them for a
 * fixed time. A crash, a sanitizer report or a failed assertion in the
 * target fails the test; the input being tried is always in a file, named
 * at the start, so that it can be kept and replayed.
 *
 *   fuzz_NAME                 corpus $srcdir/tests/fuzz/corpus/NAME
 *   fuzz_NAME FILE|DIR...     those inputs, then mutations of them
 *   AF_FUZZ_SECONDS=N         mutation time (default 3; 0: the corpus only)
 *   AF_FUZZ_SEED=N            the mutations' seed (default: the time)
 *
 * Output is TAP: one test line, with counts. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "fuzz.h"

#define MAX_INPUT 65536

/* Targets without an initializer get this one. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static struct input {
	uint8_t *data;
	size_t size;
} *corpus;
static size_t n_corpus;
static int last_fd = -1;
static char last_path[512];
static uint64_t rng;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static uint64_t next(void)
{
	/* xorshift64*: small, fast, and the same everywhere for one seed */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static size_t below(size_t n)
{
	return n ? (size_t)(next() % n) : 0;
}

static void add_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct input in = { malloc(MAX_INPUT), 0 };

	if (!f || !in.data) {
		perror(path);
		exit(2);
	}
	in.size = fread(in.data, 1, MAX_INPUT, f);
	fclose(f);
	corpus = realloc(corpus, (n_corpus + 1) * sizeof *corpus);
	corpus[n_corpus++] = in;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		add_file(path);
		return;
	}
	if (!(d = opendir(path))) {
		perror(path);
		exit(2);
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		names[n] = malloc(strlen(path) + strlen(de->d_name) + 2);
		sprintf(names[n++], "%s/%s", path, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name); /* the same order every run */
	for (size_t i = 0; i < n; i++) {
		add_file(names[i]);
		free(names[i]);
	}
	free(names);
}

/* Keeps the input about to be tried in last_path. */
static void run(const uint8_t *data, size_t size)
{
	if (pwrite(last_fd, data, size, 0) != (ssize_t)size || ftruncate(last_fd, (off_t)size) != 0) {
		perror(last_path);
		exit(2);
	}
	LLVMFuzzerTestOneInput(data, size);
}

/* Bytes that matter to CSV, libconfig and the condition language. */
static const char *const tokens[] = {
	"\"", ",", "\r\n", "\n", "\"\"", "=", ";", "{", "}", "(", ")", "[", "]",
	"&&", "||", "!", "==", "!=", ">=", "<=", "in", "null", "true", "false",
	"\xEF\xBB\xBF", "\xC3\x28", "\xF0\x9F\x98\x80", "张三", "\\", "'", "-", "+", "@",
	"9223372036854775807", "-9223372036854775808", "99999999999999999999.99", "0.001",
	"2026-02-30", "25:00", "form", "fields", "steps", "approvers", "when", "type",
	"money", "date", "choice", "\x1b[2J", "\xC2\x9B", "\xE2\x80\xAE", "\t", "\0",
};

static size_t mutate(uint8_t *buf, size_t size)
{
	int rounds = 1 + (int)below(8);

	for (int r = 0; r < rounds; r++) {
		size_t at = below(size + 1);

		switch (below(8)) {
		case 0: /* flip a bit */
			if (size)
				buf[below(size)] ^= (uint8_t)(1u << below(8));
			break;
		case 1: /* an interesting byte */
			if (size)
				buf[below(size)] = (uint8_t)"\0\xff\",\n\r=(){}\x80\x7f 0"[below(16)];
			break;
		case 2: /* insert a random byte */
			if (size < MAX_INPUT) {
				memmove(buf + at + 1, buf + at, size - at);
				buf[at] = (uint8_t)next();
				size++;
			}
			break;
		case 3: { /* delete a run */
			size_t len = below(size - (at < size ? at : size) + 1);

			if (at < size) {
				memmove(buf + at, buf + at + len, size - at - len);
				size -= len;
			}
			break;
		}
		case 4: { /* duplicate a run */
			size_t from = below(size + 1), len = below(size - from + 1);

			if (size + len <= MAX_INPUT) {
				memmove(buf + at + len, buf + at, size - at);
				memmove(buf + at, buf + (from < at ? from : from + len), len);
				size += len;
			}
			break;
		}
		case 5: case 6: { /* insert a token */
			const char *t = tokens[below(sizeof tokens / sizeof tokens[0])];
			size_t len = t[0] ? strlen(t) : 1;

			if (size + len <= MAX_INPUT) {
				memmove(buf + at + len, buf + at, size - at);
				memcpy(buf + at, t, len);
				size += len;
			}
			break;
		}
		default: { /* splice in part of another input */
			const struct input *o = &corpus[below(n_corpus)];
			size_t from = below(o->size + 1), len = below(o->size - from + 1);

			if (size + len <= MAX_INPUT) {
				memmove(buf + at + len, buf + at, size - at);
				memcpy(buf + at, o->data + from, len);
				size += len;
			}
			break;
		}
		}
	}
	return size;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	const char *secs_env = getenv("AF_FUZZ_SECONDS"), *seed_env = getenv("AF_FUZZ_SEED");
	double seconds = secs_env ? atof(secs_env) : 3;
	uint64_t seed = seed_env ? strtoull(seed_env, NULL, 10) : (uint64_t)time(NULL);
	uint8_t *buf = malloc(MAX_INPUT);
	struct timespec t0, t;
	size_t mutated = 0;
	double elapsed = 0;

	if (strncmp(name, "lt-", 3) == 0)
		name += 3;
	if (strncmp(name, "fuzz_", 5) == 0)
		name += 5;
	LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			add_path(argv[i]);
	} else {
		const char *src = getenv("srcdir");
		char dir[512];

		snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", src && *src ? src : ".", name);
		add_path(dir);
	}
	if (!n_corpus) {
		printf("1..0 # SKIP no corpus for %s\n", name);
		return 0;
	}
	snprintf(last_path, sizeof last_path, "%s/last-input", fuzz_scratch());
	last_fd = open(last_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (last_fd < 0) {
		perror(last_path);
		return 2;
	}
	printf("1..1\n# %s: seed %llu; the input being tried is always in %s\n", name,
	       (unsigned long long)seed, last_path);
	fflush(stdout);
	rng = seed ? seed : 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < n_corpus; i++)
		run(corpus[i].data, corpus[i].size);
	while (seconds > 0) {
		const struct input *in = &corpus[below(n_corpus)];
		size_t size;

		memcpy(buf, in->data, in->size);
		size = mutate(buf, in->size);
		run(buf, size);
		mutated++;
		if ((mutated & 15) == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			elapsed = (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
			if (elapsed >= seconds)
				break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t);
	elapsed = (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
	printf("ok 1 - %s: %zu corpus inputs and %zu mutations in %.1f s, nothing crashed\n",
	       name, n_corpus, mutated, elapsed);
	fflush(stdout); /* before LeakSanitizer's check at exit, which may _exit */
	for (size_t i = 0; i < n_corpus; i++)
		free(corpus[i].data);
	free(corpus);
	free(buf);
	close(last_fd);
	nftw(fuzz_scratch(), remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
