#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mail.h"
#include "safetext.h"
#include "util.h"

int mail_address_ok(const char *addr)
{
	const char *at = strchr(addr, '@');

	if (!at || at == addr || !at[1] || strchr(at + 1, '@') || strlen(addr) > 254)
		return 0;
	for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("<>,;:\"()[]\\", *p))
			return 0;
	return 1;
}

static void base64(strbuf *sb, const unsigned char *s, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
			     (i + 2 < n ? s[i + 2] : 0);
		char q[4] = { tab[v >> 18 & 63], tab[v >> 12 & 63], i + 1 < n ? tab[v >> 6 & 63] : '=',
			      i + 2 < n ? tab[v & 63] : '=' };

		sb_add(sb, q, 4);
	}
}

/* A header value may hold no line break or control: each becomes a space. */
static char *one_line(const char *s)
{
	char *r = xstrdup(s);

	for (unsigned char *p = (unsigned char *)r; *p; p++)
		if (*p < ' ' || *p == 0x7f)
			*p = ' ';
	return r;
}

static int plain_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x7f)
			return 0;
	return 1;
}

/* Encoded words of whole characters: 45 bytes make 60 base64 columns, so
 * each "=?UTF-8?B?...?=" stays within RFC 2047's 75. */
static void encoded_words(strbuf *sb, const char *v)
{
	size_t n = strlen(v), i = 0;
	int first = 1;

	while (i < n) {
		size_t take = 0;

		while (i + take < n) {
			uint32_t cp;
			int l = safetext_decode(v + i + take, n - i - take, &cp);

			if (l <= 0)
				l = 1;
			if (take + (size_t)l > 45)
				break;
			take += (size_t)l;
		}
		sb_puts(sb, first ? "=?UTF-8?B?" : "\n =?UTF-8?B?");
		base64(sb, (const unsigned char *)v + i, take);
		sb_puts(sb, "?=");
		i += take;
		first = 0;
	}
}

char *mail_header(const char *name, const char *value)
{
	strbuf sb = {0};
	char *v = one_line(value);

	sb_printf(&sb, "%s: ", name);
	if (plain_ascii(v))
		sb_puts(&sb, v);
	else
		encoded_words(&sb, v);
	free(v);
	return sb_take(&sb);
}

/* Body text: UTF-8 as it is (8bit), controls but tab shown as spaces, and
 * no line longer than 900 bytes (SMTP allows 998), broken between
 * characters. */
static void body_text(strbuf *sb, const char *s)
{
	size_t n = strlen(s), col = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = safetext_decode(s + i, n - i, &cp);

		if (l <= 0) { /* not UTF-8: never passed on */
			sb_puts(sb, "?");
			i++;
			col++;
			continue;
		}
		if (cp == '\n') {
			sb_puts(sb, "\n");
			col = 0;
		} else {
			if (col + (size_t)l > 900) {
				sb_puts(sb, "\n");
				col = 0;
			}
			if (cp == '\t' || !safetext_control(cp))
				sb_add(sb, s + i, (size_t)l);
			else
				sb_puts(sb, " ");
			col += (size_t)l;
		}
		i += (size_t)l;
	}
	sb_puts(sb, "\n");
}

static char *first_line(const char *s, size_t max_bytes)
{
	size_t n = strcspn(s, "\n");
	size_t cut = 0;

	/* whole characters only */
	for (size_t i = 0; i < n && i < max_bytes;) {
		uint32_t cp;
		int l = safetext_decode(s + i, n - i, &cp);

		if (l <= 0)
			l = 1;
		if (i + (size_t)l > max_bytes)
			break;
		i += (size_t)l;
		cut = i;
	}
	{
		char *r = xmalloc(cut + 4);

		memcpy(r, s, cut);
		strcpy(r + cut, cut < n ? "..." : "");
		return r;
	}
}

char *mail_compose(const char *from, const char *to_name, const char *to_addr, const char *host,
		   const mail_item *items, size_t n, int digest)
{
	strbuf sb = {0};
	char *h, *subject, boundary[64] = "=_adminflow_";
	size_t parts = 0;

	if (!mail_address_ok(to_addr) || n == 0)
		return NULL;
	if (from && *from) {
		h = mail_header("From", from);
		sb_printf(&sb, "%s\n", h);
		free(h);
	}
	if (to_name && *to_name && !plain_ascii(to_name)) {
		h = mail_header("To", to_name);
		sb_printf(&sb, "%s <%s>\n", h, to_addr);
		free(h);
	} else {
		sb_printf(&sb, "To: %s\n", to_addr);
	}
	if (digest) {
		subject = xasprintf("adminflow 每日汇总 daily digest: %zu notice%s", n, n == 1 ? "" : "s");
	} else {
		char *line = first_line(items[0].text, 150);

		subject = xasprintf("adminflow: %s", line);
		free(line);
	}
	h = mail_header("Subject", subject);
	sb_printf(&sb, "%s\n", h);
	free(h);
	free(subject);
	for (size_t i = 0; i < n; i++)
		parts += items[i].ics != NULL;
	sb_puts(&sb, "MIME-Version: 1.0\nAuto-Submitted: auto-generated\n");
	if (parts) {
		af_random_key(boundary + strlen(boundary));
		sb_printf(&sb, "Content-Type: multipart/mixed; boundary=\"%s\"\n\n", boundary);
		sb_printf(&sb, "--%s\n", boundary);
	}
	sb_puts(&sb, "Content-Type: text/plain; charset=UTF-8\n"
		     "Content-Transfer-Encoding: 8bit\n"
		     "\n");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(&sb, "\n");
		if (digest && items[i].at && *items[i].at)
			sb_printf(&sb, "[%s]\n", items[i].at);
		body_text(&sb, items[i].text);
		if (items[i].number && *items[i].number) {
			char *line = xasprintf("%s %s", items[i].number, items[i].summary ? items[i].summary : "");

			sb_puts(&sb, "申请 request: ");
			body_text(&sb, line);
			free(line);
		}
	}
	sb_printf(&sb, "\n-- \n打开 to open: ssh %s adminflow\n", host);
	for (size_t i = 0; parts && i < n; i++) {
		strbuf b64 = {0};
		const char *num = items[i].number && *items[i].number ? items[i].number : "invitation";

		if (!items[i].ics)
			continue;
		sb_printf(&sb, "--%s\n", boundary);
		sb_printf(&sb, "Content-Type: text/calendar; charset=UTF-8; method=REQUEST; name=\"%s.ics\"\n"
			       "Content-Disposition: attachment; filename=\"%s.ics\"\n"
			       "Content-Transfer-Encoding: base64\n\n", num, num);
		base64(&b64, (const unsigned char *)items[i].ics, strlen(items[i].ics));
		for (size_t k = 0; k < b64.len; k += 76) {
			sb_add(&sb, b64.buf + k, b64.len - k < 76 ? b64.len - k : 76);
			sb_puts(&sb, "\n");
		}
		sb_free(&b64);
	}
	if (parts)
		sb_printf(&sb, "--%s--\n", boundary);
	return sb_take(&sb);
}
