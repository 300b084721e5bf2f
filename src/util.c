#include "autoconf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "safetext.h"
#include "util.h"

static void out_of_memory(void)
{
	fputs("adminflow: memory: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static char *xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		out_of_memory();
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void sb_add(strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 64;

		while (cap < sb->len + n + 1)
			cap *= 2;
		sb->buf = xrealloc(sb->buf, cap);
		sb->cap = cap;
	}
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_puts(strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	sb_puts(sb, s);
	free(s);
}

char *sb_take(strbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");

	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void sb_free(strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

long utf8_invalid_at(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = safetext_decode(s + i, n - i, &cp); /* 0: cut short */

		if (len <= 0)
			return (long)i;
		i += (size_t)len;
	}
	return -1;
}

int has_control_chars(const char *s)
{
	size_t n = strlen(s);

	/* The one rule (safetext.c), with invalid UTF-8 left to utf8_invalid_at. */
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = safetext_decode(s + i, n - i, &cp);

		if (len <= 0) {
			i++;
			continue;
		}
		if (safetext_control(cp))
			return 1;
		i += (size_t)len;
	}
	return 0;
}

int af_privileged(void)
{
	/* As the program was started: userfile_drop gives the group up for a
	 * while, which must not make the environment trusted meanwhile. Asked
	 * once, at the start of main, and for every row of some reads after
	 * (af_now): four system calls each time were half an export's time. */
	static int privileged = -1;

	if (privileged < 0)
		privileged = getuid() != geteuid() || getgid() != getegid();
	return privileged;
}

int af_multi_user(void)
{
	return af_privileged() && getuid() != 0;
}

void af_random_key(char *buf)
{
	unsigned char raw[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, raw, sizeof raw) : -1;

	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)sizeof raw) {
		/* No urandom (chroot): time and pid still make a collision unlikely. */
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		for (size_t i = 0; i < sizeof raw; i++)
			raw[i] = (unsigned char)((ts.tv_nsec >> (i % 8)) ^ (getpid() >> (i % 4)) ^ (i * 131));
	}
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(buf + 2 * i, 3, "%02x", raw[i]);
}

void af_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

int64_t af_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int af_memout_restart(FILE **out, char **buf, size_t *len)
{
	if (*out)
		fclose(*out);
	free(*buf);
	*buf = NULL;
	*len = 0;
	*out = open_memstream(buf, len);
	return *out ? 0 : -1;
}

char *money_grouped(int64_t cents, char *buf, size_t len)
{
	char digits[32];
	size_t nd, o = 0;
	uint64_t whole = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;

	snprintf(digits, sizeof digits, "%llu", (unsigned long long)(whole / 100));
	nd = strlen(digits);
	if (cents < 0 && o + 1 < len)
		buf[o++] = '-';
	for (size_t i = 0; i < nd && o + 2 < len; i++) {
		if (i && (nd - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	snprintf(buf + o, len - o, ".%02u", (unsigned)(whole % 100));
	return buf;
}

static int match_from(const char *pat, const char *s, const char **at, size_t *len, int k, int max)
{
	if (!*pat)
		return !*s;
	if (pat[0] == '%' && pat[1] == 's') {
		if (k >= max)
			return 0;
		for (size_t n = 1; n <= strlen(s); n++) {
			at[k] = s;
			len[k] = n;
			if (match_from(pat + 2, s + n, at, len, k + 1, max))
				return 1;
		}
		return 0;
	}
	if (pat[0] == '%' && pat[1] == '%')
		return *s == '%' && match_from(pat + 2, s + 1, at, len, k, max);
	return *pat == *s && match_from(pat + 1, s + 1, at, len, k, max);
}

int text_match(const char *pat, const char *s, const char **at, size_t *len, int max)
{
	return match_from(pat, s, at, len, 0, max);
}
