/* Reading a forms/ file: its bytes, its libconfig settings by type, and the
 * FILE:LINE messages about them.
 *
 * Why the shapes below:
 * - Every message of a file is collected first and written sorted by line,
 *   so a form author reads them top to bottom however the checks are
 *   ordered; nothing stops at the first problem.
 * - A setting of the wrong type is reported where it is written, with a
 *   suggestion for a near-miss name, and the caller goes on with the next. */
#include "autoconf.h"
#include <libconfig.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include "formdef.h"
#include "formdef_int.h"
#include "safetext.h"
#include "util.h"

#define MAX_FILE_BYTES (1024L * 1024L)
#define MAX_LINES 65535      /* libconfig keeps line numbers in 16 bits */
#define MAX_LIST 200         /* entries in any one list setting */

/* ---- messages ------------------------------------------------------ */

void diag_at(diag *d, int line, int warning, const char *ctx, const char *fmt, ...)
{
	strbuf sb = { 0 };
	char why[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	sb_printf(&sb, "%s:%d: %s%s%s%s", d->path, line > 0 ? line : 1,
		  warning ? "warning: " : "", ctx ? ctx : "",
		  ctx && *ctx ? ": " : "", why);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->msgs = xrealloc(d->msgs, (size_t)d->cap * sizeof *d->msgs);
	}
	d->msgs[d->n].line = line;
	d->msgs[d->n].seq = d->n;
	d->msgs[d->n].text = sb_take(&sb);
	d->n++;
	if (warning)
		d->warnings++;
	else
		d->errors++;
}

static int cmp_message(const void *a, const void *b)
{
	const struct message *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Writes the collected messages sorted by line and forgets them. */
void diag_flush(diag *d)
{
	int i;

	if (d->n)
		qsort(d->msgs, (size_t)d->n, sizeof *d->msgs, cmp_message);
	for (i = 0; i < d->n; i++) {
		if (d->out)
			fprintf(d->out, "%s\n", d->msgs[i].text);
		free(d->msgs[i].text);
	}
	if (d->out)
		fflush(d->out);
	free(d->msgs);
	d->msgs = NULL;
	d->n = d->cap = 0;
}

int line_of(const config_setting_t *s)
{
	return s ? (int)config_setting_source_line(s) : 1;
}

/* ---- small helpers ------------------------------------------------- */

int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* s as code points into cp[MAX_NAME]: how many, or -1 when s has more
 * than MAX_NAME. A byte that is no UTF-8 counts alone, as a value no
 * character has. */
static int code_points(const char *s, uint32_t cp[MAX_NAME])
{
	size_t n = strlen(s);
	int k = 0;

	for (size_t i = 0; i < n; k++) {
		uint32_t c;
		int len = safetext_decode(s + i, n - i, &c);

		if (len <= 0) {
			c = 0x110000u + (unsigned char)s[i];
			len = 1;
		}
		if (k == MAX_NAME)
			return -1;
		cp[k] = c;
		i += (size_t)len;
	}
	return k;
}

/* Levenshtein distance between a and b in characters (so 会议室 and 会议厅
 * are one apart, not three); (size_t)-1 when either has more than
 * MAX_NAME characters. *len_b: b's length in characters. */
static size_t edit_distance(const char *a, const char *b, size_t *len_b)
{
	uint32_t ca[MAX_NAME], cb[MAX_NAME];
	int na = code_points(a, ca), nb = code_points(b, cb);
	size_t la = (size_t)na, lb = (size_t)nb, i, j;
	size_t row[MAX_NAME + 1];

	if (na < 0 || nb < 0)
		return (size_t)-1;
	*len_b = lb;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag_prev = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best;

			best = diag_prev + (ca[i - 1] != cb[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag_prev = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *suggest(const char *s, const char *const *list)
{
	static char buf[MAX_NAME * 4 + 32]; /* MAX_NAME characters of 4 bytes */
	const char *best = NULL;
	size_t best_d = 3;

	for (; *list; list++) {
		size_t len, dist = edit_distance(s, *list, &len);

		if (dist < best_d && dist < len) {
			best_d = dist;
			best = *list;
		}
	}
	if (!best)
		return "";
	snprintf(buf, sizeof buf, " (did you mean '%s'?)", best);
	return buf;
}

const char *formdef_nearest(const char *s, const char *const *list)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;

	for (; *list; list++) {
		size_t len, dist = edit_distance(s, *list, &len);

		if (dist < best_d) {
			best_d = dist;
			best = *list;
		}
	}
	return best;
}

/* ---- typed settings ------------------------------------------------ */

/* Names every member of group that is not in keys. */
void check_keys(diag *d, const config_setting_t *group,
		       const char *const *keys, const char *ctx)
{
	int i, n = config_setting_length(group);

	for (i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(m);

		if (name && !in_list(name, keys))
			error_at(d, line_of(m), ctx, "unknown setting '%s'%s",
				 name, suggest(name, keys));
	}
}

void missing(diag *d, const config_setting_t *group, const char *ctx,
		    const char *key)
{
	error_at(d, line_of(group), ctx, "missing required setting '%s'", key);
}

/* Text as it may reach a screen: valid UTF-8 without control characters
 * (libconfig's \x escapes could otherwise smuggle in terminal sequences). */
static int check_text(diag *d, int line, const char *ctx, const char *key,
		      const char *s)
{
	if (utf8_invalid_at(s, strlen(s)) >= 0) {
		error_at(d, line, ctx, "%s: invalid UTF-8", key);
		return -1;
	}
	if (has_control_chars(s)) {
		error_at(d, line, ctx, "%s: control characters are not allowed", key);
		return -1;
	}
	return 0;
}

/* The string setting key of group: 1 and *out set (borrowed), 0 when
 * absent (an error when required), -1 on a bad value. */
int get_string(diag *d, const config_setting_t *group, const char *key,
		      const char *ctx, int required, const char **out)
{
	config_setting_t *s = config_setting_get_member(group, key);

	*out = NULL;
	if (!s) {
		if (required)
			missing(d, group, ctx, key);
		return 0;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		error_at(d, line_of(s), ctx, "%s: expected a string in quotes", key);
		return -1;
	}
	*out = config_setting_get_string(s);
	if (check_text(d, line_of(s), ctx, key, *out) < 0)
		return -1;
	if (required && !**out) {
		error_at(d, line_of(s), ctx, "%s: must not be empty", key);
		return -1;
	}
	return 1;
}

int get_bool(diag *d, const config_setting_t *group, const char *key,
		    const char *ctx, int *out)
{
	config_setting_t *s = config_setting_get_member(group, key);

	*out = 0;
	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		error_at(d, line_of(s), ctx, "%s: expected true or false", key);
		return -1;
	}
	*out = config_setting_get_bool(s);
	return 1;
}

int is_int(const config_setting_t *s)
{
	return config_setting_type(s) == CONFIG_TYPE_INT
		|| config_setting_type(s) == CONFIG_TYPE_INT64;
}

/* 1 when the whole number written for s is beyond 64 bits: libconfig
 * reads it as -1 without a word, so its text is read again (its line of
 * its file, after the setting's name). */
int int_too_big(const diag *d, const config_setting_t *s)
{
	const char *file = d->path, *name = config_setting_name(s);
	unsigned line = config_setting_source_line(s), at = 0;
	char *text = NULL, *p;
	size_t cap = 0;
	int big = 0;
	FILE *f;

	if (!file || !name || !(f = fopen(file, "r")))
		return 0;
	while (getline(&text, &cap, f) > 0 && ++at < line)
		;
	fclose(f);
	if (at == line && (p = strstr(text, name))) {
		p += strlen(name);
		p += strspn(p, " \t=:");
		errno = 0;
		if (*p == '-' || *p == '+' || (*p >= '0' && *p <= '9')) {
			(void)strtoll(p, NULL, 0);
			big = errno == ERANGE;
		}
	}
	free(text);
	return big;
}

int get_int_range(diag *d, const config_setting_t *group,
			 const char *key, const char *ctx, int lo, int hi,
			 int *out)
{
	config_setting_t *s = config_setting_get_member(group, key);
	long long v;

	*out = 0;
	if (!s)
		return 0;
	if (!is_int(s)) {
		error_at(d, line_of(s), ctx, "%s: expected a whole number", key);
		return -1;
	}
	v = config_setting_get_int64(s);
	if (int_too_big(d, s)) {
		error_at(d, line_of(s), ctx, "%s: too large (beyond 64 bits); the range is %d..%d",
			 key, lo, hi);
		return -1;
	}
	if (v < lo || v > hi) {
		error_at(d, line_of(s), ctx, "%s: %lld is out of range %d..%d",
			 key, v, lo, hi);
		return -1;
	}
	*out = (int)v;
	return 1;
}

/* A list or array of strings: 1 with *out set (borrowed, freed by the
 * caller's free()), 0 when absent, -1 on a bad value. */
int get_strlist(diag *d, const config_setting_t *group,
		       const char *key, const char *ctx, int required,
		       const char ***out, int *n_out, const config_setting_t **where)
{
	config_setting_t *s = config_setting_get_member(group, key);
	int i, n;

	*out = NULL;
	*n_out = 0;
	if (where)
		*where = s;
	if (!s) {
		if (required)
			missing(d, group, ctx, key);
		return 0;
	}
	if (!config_setting_is_aggregate(s) || config_setting_is_group(s)) {
		error_at(d, line_of(s), ctx,
			 "%s: expected a list of strings such as [\"a\", \"b\"]", key);
		return -1;
	}
	n = config_setting_length(s);
	if (n > MAX_LIST) {
		error_at(d, line_of(s), ctx, "%s: %d entries; at most %d",
			 key, n, MAX_LIST);
		return -1;
	}
	if (required && n == 0) {
		error_at(d, line_of(s), ctx, "%s: must not be empty", key);
		return -1;
	}
	*out = xcalloc((size_t)n + 1, sizeof **out);
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);

		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			error_at(d, line_of(e), ctx,
				 "%s: entry %d: expected a string in quotes", key, i + 1);
			free(*out);
			*out = NULL;
			return -1;
		}
		(*out)[i] = config_setting_get_string(e);
		if (check_text(d, line_of(e), ctx, key, (*out)[i]) < 0) {
			free(*out);
			*out = NULL;
			return -1;
		}
	}
	*n_out = n;
	return 1;
}

/* ---- the file ------------------------------------------------------ */

/* Whole-file checks on the raw bytes; -1 after reporting. */
int check_bytes(diag *d, const char *buf, size_t len)
{
	long bad = utf8_invalid_at(buf, len);
	size_t i;
	int line = 1, bol = 1;

	if (memchr(buf, '\0', len)) {
		error_at(d, 1, "", "the file holds a NUL byte; is it text?");
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (bad >= 0 && (long)i == bad) {
			error_at(d, line, "", "invalid UTF-8 (save the file as UTF-8)");
			return -1;
		}
		if (bol && buf[i] != ' ' && buf[i] != '\t') {
			bol = 0;
			/* libconfig would read any file an @include names. */
			if (!strncmp(buf + i, "@include", 8)) {
				error_at(d, line, "", "@include is not allowed in forms");
				return -1;
			}
		}
		if (buf[i] == '\n') {
			line++;
			bol = 1;
			if (line > MAX_LINES) {
				error_at(d, 1, "", "more than %d lines", MAX_LINES);
				return -1;
			}
		}
	}
	return 0;
}

/* Reads path (at most 1 MiB) into a new NUL-terminated buffer; NULL after
 * reporting. */
char *read_file(diag *d, const char *path, size_t *len)
{
	struct stat st;
	FILE *fp;
	char *buf;
	size_t n;

	fp = fopen(path, "rb");
	if (!fp) {
		error_at(d, 1, "", "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) < 0 || !S_ISREG(st.st_mode)) {
		error_at(d, 1, "", "not a regular file");
		fclose(fp);
		return NULL;
	}
	if (st.st_size > MAX_FILE_BYTES) {
		error_at(d, 1, "", "file is larger than 1 MiB");
		fclose(fp);
		return NULL;
	}
	/* One byte more than allowed shows a file that grew since fstat. */
	buf = xmalloc((size_t)MAX_FILE_BYTES + 2);
	n = fread(buf, 1, (size_t)MAX_FILE_BYTES + 1, fp);
	if (ferror(fp)) {
		error_at(d, 1, "", "cannot read: %s", strerror(errno));
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	if (n > (size_t)MAX_FILE_BYTES) {
		error_at(d, 1, "", "file is larger than 1 MiB");
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}
