/* Reading CSV files that people made: the encoding found (UTF-8, or
 * GB18030 converted by iconv), libcsv fed strictly with every row's line,
 * and the problems found kept to be told in file order. The registers'
 * import (csvio.c) and the stocktake's counts both read through here. */
#include "autoconf.h"
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "csvio.h"
#include "userfile.h"
#include "util.h"

#define MAX_REPORTED 20           /* error lines shown */
#define RUNAWAY_FIELD (1L << 20)  /* a cell this big stops the reading */
#define CHUNK 65536               /* a physical line is fed in pieces of this */

/* ---- reading: the problems found ---------------------------------------- */


struct csvio_problem {
	long line, seq;
	char *msg;
};

void csvio_problems_add(csvio_problems *p, long line, const char *column, const char *why)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	p->v[p->n++] = (struct csvio_problem){ line, p->seq++, column ? xasprintf("%s:%ld: %s: %s", p->path, line,
										column, why)
						    : xasprintf("%s:%ld: %s", p->path, line, why) };
}

static int problem_order(const void *a, const void *b)
{
	const struct csvio_problem *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Where the lines about a file go: stderr, or the face that asked. */
static void (*said_fn)(void *ctx, const char *line, int problem);
static void *said_ctx;

void csvio_tell_to(void (*fn)(void *ctx, const char *line, int problem), void *ctx)
{
	said_fn = fn;
	said_ctx = ctx;
}

static void tell(const char *line, int is_problem)
{
	if (said_fn)
		said_fn(said_ctx, line, is_problem);
	else
		fprintf(stderr, "adminflow: %s\n", line);
}

af_status csvio_problems_report(csvio_problems *p)
{
	long bad = 0, last = -1;

	qsort(p->v, p->n, sizeof *p->v, problem_order);
	for (size_t i = 0; i < p->n; i++) {
		if (i < MAX_REPORTED)
			tell(p->v[i].msg, 1);
		if (p->v[i].line != last)
			bad++;
		last = p->v[i].line;
	}
	return af_fail(AF_INVALID, "%s: %ld bad row%s; nothing was imported", p->path, bad, bad == 1 ? "" : "s");
}

void csvio_problems_truncate(csvio_problems *p, size_t n)
{
	while (p->n > n)
		free(p->v[--p->n].msg);
	if (n == 0) {
		free(p->v);
		p->v = NULL;
		p->cap = 0;
	}
}

/* ---- reading: the file's encoding --------------------------------------- */

#define MAX_FILE (256L << 20) /* a register or a count file; far more than any */

static char *open_buf; /* the text behind the FILE csvio_open returned */

/* The line (from 1) holding byte off of s, and the byte's place in it. */
static long line_of(const char *s, size_t off, long *col)
{
	long line = 1;
	size_t start = 0;

	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n')
			line++, start = i + 1;
	*col = (long)(off - start) + 1;
	return line;
}

/* s[0..n) from GB18030 into UTF-8 (NUL-terminated, *out_len bytes, caller
 * frees), or NULL with *bad the offset of the first byte that is not. */
static char *from_gb18030(const char *s, size_t n, size_t *out_len, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = n * 2 + 16, left = n, room = cap - 1;
	char *out, *in = (char *)s, *o;

	*bad = 0;
	if (cd == (iconv_t)-1)
		return NULL;
	out = o = xmalloc(cap);
	while (left > 0) {
		if (iconv(cd, &in, &left, &o, &room) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			size_t used = (size_t)(o - out);

			cap *= 2;
			out = xrealloc(out, cap);
			o = out + used;
			room = cap - used - 1;
			continue;
		}
		*bad = (size_t)(in - s); /* EILSEQ, or EINVAL: cut at the end */
		free(out);
		iconv_close(cd);
		return NULL;
	}
	iconv_close(cd);
	*o = '\0';
	*out_len = (size_t)(o - out);
	return out;
}

af_status csvio_open(const char *path, FILE **f, const char **encoding)
{
	FILE *raw = userfile_read(path, 0); /* as the user: the group reads nothing for them */
	const char *enc = "UTF-8";
	struct stat st;
	char *buf;
	size_t n;
	long bad;

	*f = NULL;
	if (!raw)
		return af_fail(AF_INVALID, "%s: cannot read: %s", path, strerror(errno));
	if (fstat(fileno(raw), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(raw);
		return af_fail(AF_INVALID, "%s: cannot read: %s", path,
			       S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
	}
	if (st.st_size > MAX_FILE) {
		fclose(raw);
		return af_fail(AF_INVALID, "%s: cannot read: larger than %ld MiB", path, MAX_FILE >> 20);
	}
	buf = xmalloc((size_t)st.st_size + 1);
	n = fread(buf, 1, (size_t)st.st_size, raw);
	if (ferror(raw)) {
		int e = errno;

		free(buf);
		fclose(raw);
		return af_fail(AF_INVALID, "%s: cannot read: %s", path, strerror(e));
	}
	fclose(raw);
	buf[n] = '\0';
	if ((bad = utf8_invalid_at(buf, n)) >= 0) {
		size_t gb_bad, len;
		char *u = from_gb18030(buf, n, &len, &gb_bad);

		if (!u) {
			/* the encoding that reads further is the one meant */
			size_t at = (size_t)bad > gb_bad ? (size_t)bad : gb_bad;
			long col, line = line_of(buf, at, &col);

			free(buf);
			return af_fail(AF_INVALID, "%s:%ld: neither UTF-8 nor GB18030 text (byte %ld of the line);"
				       " nothing was read", path, line, col);
		}
		free(buf);
		buf = u;
		n = len;
		enc = "GB18030";
		/* said, as the issue asks: a clerk should know what was read */
		{
			char *note = xasprintf("%s: read as GB18030 (not UTF-8), converted", path);

			tell(note, 0);
			free(note);
		}
	}
	*f = n ? fmemopen(buf, n, "r") : tmpfile();
	if (!*f) {
		free(buf);
		return af_fail(AF_ERROR, "%s: cannot read: %s", path, strerror(errno));
	}
	free(open_buf);
	open_buf = buf;
	if (encoding)
		*encoding = enc;
	return AF_OK;
}

void csvio_close(FILE *f)
{
	if (f)
		fclose(f);
	free(open_buf);
	open_buf = NULL;
}

/* ---- reading: one CSV file through libcsv ------------------------------ */

struct reading {
	const csvio_reader *r;
	int header_done, nhead;
	char *fields[CSVIO_MAX_FIELDS];
	size_t lens[CSVIO_MAX_FIELDS];
	int nfields;
	long line;     /* the physical line being fed */
	long row_line; /* where the row being parsed began */
	int row_open, stop;
};

static void clear_cells(struct reading *rd)
{
	for (int i = 0; i < rd->nfields && i < CSVIO_MAX_FIELDS; i++) {
		free(rd->fields[i]);
		rd->fields[i] = NULL;
	}
	rd->nfields = 0;
}

static void on_field(void *field, size_t len, void *data)
{
	struct reading *rd = data;

	if (rd->nfields < CSVIO_MAX_FIELDS) {
		/* an over-long cell is kept as NULL: it is refused anyway */
		char *copy = NULL;

		if (len <= rd->r->max_field) {
			copy = xmalloc(len + 1);
			memcpy(copy, field ? field : "", len);
			copy[len] = '\0';
		}
		rd->fields[rd->nfields] = copy;
		rd->lens[rd->nfields] = len;
	}
	rd->nfields++;
}

static void on_row(int term, void *data)
{
	struct reading *rd = data;

	(void)term;
	if (!rd->stop) {
		csvio_row row = { rd->fields, rd->lens, rd->nfields, rd->row_line };

		if (!rd->header_done) {
			rd->header_done = 1;
			rd->nhead = rd->nfields;
			rd->stop = rd->r->header(rd->r->ctx, &row);
		} else if (rd->nfields != rd->nhead) {
			char why[80];

			snprintf(why, sizeof why, "%d field%s, but the header has %d", rd->nfields,
				 rd->nfields == 1 ? "" : "s", rd->nhead);
			rd->r->problem(rd->r->ctx, rd->row_line, -1, why, 0);
		} else {
			rd->stop = rd->r->row(rd->r->ctx, &row);
		}
	}
	clear_cells(rd);
	rd->row_open = 0;
}

/* Nothing is a blank to be trimmed: a cell is exactly what is in the file. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Reads up to one physical line (at most len - 1 bytes) into buf; the
 * number of bytes read, 0 at the end. */
static size_t read_chunk(FILE *f, char *buf, size_t len)
{
	size_t n = 0;
	int ch;

	while (n + 1 < len && (ch = getc_unlocked(f)) != EOF) { /* (one thread: no lock a byte) */
		buf[n++] = (char)ch;
		if (ch == '\n')
			break;
	}
	return n;
}

static void problem(struct reading *rd, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(struct reading *rd, long line, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	rd->r->problem(rd->r->ctx, line, rd->nfields, why, 1);
}

af_status csvio_read(const csvio_reader *r, FILE *f)
{
	struct reading rd = { .r = r };
	struct csv_parser p;
	static char buf[CHUNK];
	int line_start = 1, first = 1, in_quote = 0, prev = '\n';
	long quote_line = 0;
	size_t n;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return af_fail(AF_ERROR, "%s: out of memory", r->path);
	csv_set_space_func(&p, no_space);
	rd.line = 1;
	while (!rd.stop && (n = read_chunk(f, buf, sizeof buf)) > 0) {
		char *s = buf;

		if (first && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3, n -= 3;
		first = 0;
		if (line_start && !rd.row_open && n > 0 && s[0] != '\n' &&
		    !(n == 2 && s[0] == '\r' && s[1] == '\n')) {
			rd.row_open = 1;
			rd.row_line = rd.line;
		}
		/* Where the quoted field still open at the end began: a quote
		 * right after a closing one is a doubled quote, not a new field. */
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '"') {
				if (!in_quote && prev != '"')
					quote_line = rd.line;
				in_quote = !in_quote;
			}
			prev = (unsigned char)s[i];
		}
		if (csv_parse(&p, s, n, on_field, on_row, &rd) != n) {
			int err = csv_error(&p);

			if (err != CSV_EPARSE) {
				csv_free(&p);
				clear_cells(&rd);
				return af_fail(AF_ERROR, "%s: %s", r->path, csv_strerror(err));
			}
			problem(&rd, rd.line, "stray quote (a quote inside an unquoted field, or text after a closing quote)");
			rd.stop = 1;
			break;
		}
		if (p.entry_pos > (size_t)RUNAWAY_FIELD) {
			problem(&rd, rd.row_line, "longer than %zu bytes", r->max_field);
			rd.stop = 1;
			break;
		}
		line_start = n > 0 && s[n - 1] == '\n';
		if (line_start)
			rd.line++;
	}
	if (ferror(f)) {
		csv_free(&p);
		clear_cells(&rd);
		return af_fail(AF_INVALID, "%s: cannot read: %s", r->path, strerror(errno));
	}
	if (!rd.stop && csv_fini(&p, on_field, on_row, &rd) != 0)
		problem(&rd, quote_line, "unterminated quoted field");
	csv_free(&p);
	clear_cells(&rd);
	if (!rd.header_done && !rd.stop) {
		char why[160];

		snprintf(why, sizeof why, "empty file; the first line must name the columns%s%s%s",
			 r->columns ? " (" : "", r->columns ? r->columns : "", r->columns ? ")" : "");
		r->problem(r->ctx, 1, -1, why, 1);
	}
	return AF_OK;
}

/* ---- a look at a file before it is imported ------------------------------ */

struct peek {
	csvio_peek_info *info;
};

static int peek_header(void *ctx, const csvio_row *row)
{
	struct peek *pk = ctx;
	strbuf sb = {0};

	for (int i = 0; i < row->n && i < CSVIO_MAX_FIELDS; i++) {
		if (i)
			sb_puts(&sb, ", ");
		sb_puts(&sb, row->fields[i] ? row->fields[i] : "?");
	}
	pk->info->columns = sb.buf ? sb.buf : xstrdup("");
	return 0;
}

static int peek_row(void *ctx, const csvio_row *row)
{
	(void)row;
	((struct peek *)ctx)->info->rows++;
	return 0;
}

static void peek_problem(void *ctx, long line, int field, const char *why, int stops)
{
	(void)line, (void)field, (void)why, (void)stops;
	((struct peek *)ctx)->info->bad++;
}

af_status csvio_peek(const char *path, csvio_peek_info *info)
{
	struct peek pk = { info };
	csvio_reader r = { path, RUNAWAY_FIELD, NULL, peek_header, peek_row, peek_problem, &pk };
	const char *enc = NULL;
	FILE *f;
	af_status st;

	*info = (csvio_peek_info){ 0 };
	st = csvio_open(path, &f, &enc);
	if (st != AF_OK)
		return st;
	info->encoding = enc;
	st = csvio_read(&r, f);
	csvio_close(f);
	if (!info->columns)
		info->columns = xstrdup("");
	return st;
}
