/* The fuzz targets: each file defines LLVMFuzzerTestOneInput (and may
 * define LLVMFuzzerInitialize), so one source builds two ways:
 *   with libFuzzer (clang -fsanitize=fuzzer): `make fuzz`, for long runs;
 *   with tests/fuzz/driver.c, any compiler: a short fixed run in make check
 *   over the corpus in tests/fuzz/corpus/NAME and random mutations of it. */
#ifndef AF_FUZZ_H
#define AF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A scratch folder for the target's files, made once; never freed. */
const char *fuzz_scratch(void);
/* Writes data to path (truncating); aborts on failure. */
void fuzz_write(const char *path, const uint8_t *data, size_t size);
/* Runs fn with standard error sent to /dev/null, so the target's own
 * messages about bad input do not flood the log; a sanitizer's report still
 * reaches the real standard error. */
void fuzz_quietly(void (*fn)(void *), void *ctx);

#endif
