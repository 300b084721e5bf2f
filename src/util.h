/* Small helpers every module uses: allocation that never returns NULL,
 * a growable string, UTF-8 checks, the clock. No ncurses, no SQL. */
#ifndef AF_UTIL_H
#define AF_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "tz.h"
#include "status.h"

/* Allocation helpers: abort with a message rather than return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Whether s is text of the form pat, each %s of it standing for some
 * text (not none), %% for '%': 1 with each argument's start and length in
 * at[k] and len[k] (at most max of them; shortest first), else 0. For
 * reading back words the program itself wrote. */
int text_match(const char *pat, const char *s, const char **at, size_t *len, int max);
/* cents as the screens write money: thousands grouped, two decimals
 * ("12,345.60"); into buf. Returns buf. */
char *money_grouped(int64_t cents, char *buf, size_t len);
/* A freshly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated string; sb_free releases it. */
typedef struct {
	char *buf;
	size_t len, cap;
} strbuf;
void sb_add(strbuf *sb, const char *s, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the buffer over (never NULL); the caller frees it. */
char *sb_take(strbuf *sb);
/* Output kept in memory until a transaction commits: closes *out (when
 * open) and frees *buf, then opens a new memory stream on buf/len, so that
 * a retried transaction starts its output again. 0, or -1 out of memory. */
int af_memout_restart(FILE **out, char **buf, size_t *len);
/* Writes a file whole or not at all (userfile.c: every export, report and
 * printed page goes through it): fn(ctx, f) into PATH.tmp.PID beside it,
 * created as the user (O_EXCL|O_NOFOLLOW, the program's group given up),
 * flushed, synced and renamed into place, but only over a regular file the
 * user may write that is not the database (a failed write leaves no half
 * file, and the old one as it was); to standard output when path is NULL
 * or "-". fn's status, or AF_INVALID / AF_DENIED / AF_ERROR naming path. */
af_status af_write_file(const char *path, af_status (*fn)(void *ctx, FILE *out), void *ctx);
void sb_free(strbuf *sb);

/* Byte offset of the first invalid UTF-8 sequence in s[0..n), or -1 when
 * all of it is valid (overlongs, surrogates and > U+10FFFF are invalid). */
long utf8_invalid_at(const char *s, size_t n);
/* 1 when s contains a C0 control other than tab and newline, DEL, a C1
 * control, or a bidirectional override/embedding/isolate character. */
int has_control_chars(const char *s);

/* 1 when the program runs setuid/setgid: then no environment variable is
 * trusted. As it was started (asked first in main), however the group is
 * given up and taken back since. */
int af_privileged(void);
/* 1 in a multi-user installation run by anyone but root (setgid): then
 * nothing the user names is trusted. */
int af_multi_user(void);
/* af_now, af_pin_now and af_format_time: the company's clock, tz.h. */
/* A random 128-bit key as 32 hex digits into buf (33 bytes). */
void af_random_key(char *buf);
/* Sleep for ms milliseconds. */
void af_sleep_ms(long ms);
/* Monotonic milliseconds. */
int64_t af_mono_ms(void);

#endif
