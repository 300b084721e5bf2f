#include "autoconf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "safetext.h"
#include "util.h"

int safetext_control(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F ||
	       (cp >= 0x80 && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

int safetext_invisible(uint32_t cp)
{
	return safetext_control(cp) || cp == '\t' || cp == '\n' ||
	       cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 ||
	       cp == 0x17B4 || cp == 0x17B5 || cp == 0x180E ||
	       (cp >= 0x200B && cp <= 0x200F) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x2060 && cp <= 0x2065) || cp == 0x3164 || cp == 0xFEFF || cp == 0xFFA0 ||
	       (cp >= 0xFFF0 && cp <= 0xFFFB) ||
	       (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xE0000 && cp <= 0xE007F) ||
	       cp >= 0xF0000;
}

int safetext_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	int len;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	for (int k = 1; k < len; k++) {
		if ((size_t)k >= n)
			return 0;
		if ((s[k] & 0xC0) != 0x80)
			return -1;
		v = (v << 6) | (s[k] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return -1;
	*cp = v;
	return len;
}

int safetext_has_invisible(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = safetext_decode(s + i, n - i, &cp);

		if (len <= 0 || safetext_invisible(cp))
			return 1;
		i += (size_t)len;
	}
	return 0;
}

int safetext_shows_nothing(const char *s)
{
	size_t n = strlen(s);
	int hidden = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = safetext_decode(s + i, n - i, &cp);

		if (len <= 0)
			return 0; /* invalid UTF-8 is refused elsewhere, by name */
		if (safetext_invisible(cp))
			hidden = 1;
		else if (cp != ' ' && cp != 0x3000)
			return 0;
		i += (size_t)len;
	}
	return hidden;
}

/* ---- the stream --------------------------------------------------------- */

struct sink {
	int fd;
	char carry[8]; /* the start of a sequence cut by a flush */
	size_t ncarry;
};

static int put_all(int fd, const char *b, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, b, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Shows s[0..n) safely into out; returns how many bytes were taken (the
 * rest is an unfinished sequence, unless final). */
static size_t show(strbuf *out, const char *s, size_t n, int final)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		int len = safetext_decode(s + i, n - i, &cp);
		char buf[16];

		if (len == 0 && !final)
			break;
		if (len <= 0) {
			snprintf(buf, sizeof buf, "\\x%02x", (unsigned char)s[i]);
			sb_puts(out, buf);
			i++;
			continue;
		}
		if (cp == '\r' && i + 1 < n && s[i + 1] == '\n') {
			sb_add(out, "\r\n", 2);
			i += 2;
			continue;
		}
		if (cp == '\r' && i + 1 == n && !final)
			break; /* is a newline next? the next write says */
		if (cp == '\f') { /* a page break (show --print for lp): obeyed by nothing dangerous */
			sb_add(out, "\f", 1);
			i++;
			continue;
		}
		if (safetext_control(cp)) {
			if (cp < 0x80)
				snprintf(buf, sizeof buf, "\\x%02x", (unsigned)cp);
			else if (cp < 0x100)
				snprintf(buf, sizeof buf, "\\u%04x", (unsigned)cp);
			else
				snprintf(buf, sizeof buf, "<U+%04X>", (unsigned)cp);
			sb_puts(out, buf);
		} else {
			sb_add(out, s + i, (size_t)len);
		}
		i += (size_t)len;
	}
	return i;
}

static ssize_t sink_write(void *cookie, const char *b, size_t n)
{
	struct sink *k = cookie;
	strbuf out = {0}, in = {0};
	size_t used;
	int rc;

	sb_add(&in, k->carry, k->ncarry);
	sb_add(&in, b, n);
	used = show(&out, in.buf, in.len, 0);
	k->ncarry = in.len - used;
	if (k->ncarry > sizeof k->carry) { /* cannot be: a sequence is 4 bytes */
		used += show(&out, in.buf + used, in.len - used, 1);
		k->ncarry = 0;
	}
	memcpy(k->carry, in.buf + used, k->ncarry);
	rc = out.len ? put_all(k->fd, out.buf, out.len) : 0;
	sb_free(&out);
	sb_free(&in);
	return rc == 0 ? (ssize_t)n : -1;
}

static int sink_close(void *cookie)
{
	struct sink *k = cookie;
	strbuf out = {0};
	int rc = 0;

	if (k->ncarry) {
		show(&out, k->carry, k->ncarry, 1);
		rc = put_all(k->fd, out.buf, out.len);
		sb_free(&out);
	}
	free(k);
	return rc;
}

FILE *safetext_stream(int fd)
{
	struct sink *k = xcalloc(1, sizeof *k);
	cookie_io_functions_t io = { NULL, sink_write, NULL, sink_close };
	FILE *f;

	k->fd = fd;
	f = fopencookie(k, "w", io);
	if (!f)
		free(k);
	return f;
}
