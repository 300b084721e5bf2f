/* A minimal TAP emitter for the C unit tests. */
#ifndef AF_TAP_H
#define AF_TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

#define ok(cond, ...) do { \
	int tap_ok_ = (cond) ? 1 : 0; \
	printf("%sok %d - ", tap_ok_ ? "" : "not ", ++tap_n); \
	printf(__VA_ARGS__); \
	putchar('\n'); \
	if (!tap_ok_) { tap_failed++; printf("# at %s:%d\n", __FILE__, __LINE__); } \
} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
