/* The table model of a report (tables of text cells, notes) and its
 * writers: aligned text measured in display columns, and CSV. */
#include "autoconf.h"
#include <stdlib.h>
#include <wchar.h>
#include "colnames.h"
#include "csvio.h"
#include "formdef.h"
#include "i18n.h"
#include "report.h"
#include "report_int.h"
#include "util.h"

/* ---- tables ------------------------------------------------------------ */

/* cols: space-separated column names; a leading '#' marks a numeric one.
 * Moves r->tables: a pointer to an earlier table is stale afterwards. */
report_table *report_add_table(report *r, const char *title, const char *cols)
{
	report_table *t;
	char *spec = xstrdup(cols), *save = NULL;

	r->tables = xrealloc(r->tables, (size_t)(r->ntables + 1) * sizeof *r->tables);
	t = &r->tables[r->ntables++];
	memset(t, 0, sizeof *t);
	t->title = title ? xstrdup(title) : NULL;
	for (char *c = strtok_r(spec, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
		t->headers = xrealloc(t->headers, (size_t)(t->ncols + 1) * sizeof *t->headers);
		t->numeric = xrealloc(t->numeric, (size_t)(t->ncols + 1));
		t->numeric[t->ncols] = c[0] == '#';
		t->headers[t->ncols++] = xstrdup(c[0] == '#' ? c + 1 : c);
	}
	free(spec);
	return t;
}

void report_put_total_label(report_table *t)
{
	t->total = 1;
	report_put(t, "合计 total");
}

/* Appends one cell; rows fill left to right. */
void report_put(report_table *t, const char *text)
{
	if (t->cap == 0 || (t->cap % 64) == 0)
		t->cells = xrealloc(t->cells, (size_t)(t->cap + 64) * sizeof *t->cells);
	t->cells[t->cap++] = xstrdup(text ? text : "");
	t->nrows = t->cap / t->ncols;
}

void report_putf(report_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_putf(report_table *t, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	report_put(t, buf);
}

void report_put_int(report_table *t, int64_t v)
{
	report_putf(t, "%lld", (long long)v);
}

void report_put_money(report_table *t, int64_t cents)
{
	char buf[32];

	report_put(t, expr_format_money(cents, buf, sizeof buf));
}

/* Hours with one decimal; empty when there is no value. */
void report_put_hours(report_table *t, double h, int have)
{
	if (have)
		report_putf(t, "%.1f", h + 0.0);
	else
		report_put(t, "");
}

void report_note(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_note(report *r, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->notes = xrealloc(r->notes, (size_t)(r->nnotes + 1) * sizeof *r->notes);
	r->notes[r->nnotes++] = xstrdup(buf);
}

const char *report_cell(const report_table *t, int row, int col)
{
	if (row < 0 || row >= t->nrows || col < 0 || col >= t->ncols)
		return "";
	return t->cells[row * t->ncols + col];
}

void report_free(report *r)
{
	for (int i = 0; i < r->ntables; i++) {
		report_table *t = &r->tables[i];

		for (int c = 0; c < t->cap; c++)
			free(t->cells[c]);
		for (int c = 0; c < t->ncols; c++)
			free(t->headers[c]);
		free(t->cells);
		free(t->headers);
		free(t->numeric);
		free(t->title);
	}
	for (int i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->tables);
	free(r->name);
	free(r->title);
	free(r->scope);
	memset(r, 0, sizeof *r);
}

/* ---- writing ------------------------------------------------------------ */

/* Decodes one UTF-8 character at s (n bytes left) into *cp; returns its
 * length (1 for a stray byte, which becomes U+FFFD). */
static int utf8_next(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int len = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;

	if (len == 0 || (size_t)len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = len == 1 ? u[0] : u[0] & (0x7F >> len);
	for (int i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		*cp = (*cp << 6) | (u[i] & 0x3F);
	}
	return len;
}

/* Columns of one code point: wcwidth when the locale knows it, else the
 * East Asian wide ranges, so the text lines up even under LANG=C. */
static int cp_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);

	if (w >= 0)
		return w;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 1; /* shown as '?' */
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	if ((cp >= 0x300 && cp <= 0x36F) || cp == 0x200B)
		return 0;
	return 1;
}

int report_char(const char *s, size_t n, int *cols)
{
	unsigned cp;
	int len = utf8_next(s, n, &cp);

	*cols = cp_width(cp);
	return len;
}

int report_width(const char *s)
{
	size_t n = strlen(s);
	int w = 0;

	while (n) {
		unsigned cp;
		int len = utf8_next(s, n, &cp);

		w += cp_width(cp);
		s += len;
		n -= (size_t)len;
	}
	return w;
}

/* Writes s in exactly cols columns: cut with '~' when too wide, padded
 * with spaces (on the left when right), control characters as '?'. */
void report_put_padded(FILE *out, const char *s, int cols, int right)
{
	int w = report_width(s), used = 0;
	size_t n = strlen(s);

	if (right && w < cols)
		for (int i = w; i < cols; i++)
			fputc(' ', out);
	while (n) {
		unsigned cp;
		int len = utf8_next(s, n, &cp), cw = cp_width(cp);

		if (used + cw > cols || (w > cols && used + cw > cols - 1)) {
			if (used < cols) {
				fputc('~', out);
				used++;
			}
			break;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xFFFD)
			fputc('?', out);
		else
			fwrite(s, 1, (size_t)len, out);
		used += cw;
		s += len;
		n -= (size_t)len;
	}
	if (!right || w >= cols)
		for (; used < cols; used++)
			fputc(' ', out);
}

#define MAX_CELL_COLS 40

static void table_widths(const report_table *t, int *w, int cap)
{
	for (int c = 0; c < t->ncols; c++) {
		w[c] = report_width(t->headers[c]);
		for (int r = 0; r < t->nrows; r++) {
			int cw = report_width(report_cell(t, r, c));

			if (cw > w[c])
				w[c] = cw;
		}
		if (w[c] > cap)
			w[c] = cap;
	}
}

/* The rule under the headers: dashes the width of each column. */
static void write_rule(FILE *out, const report_table *t, const int *w)
{
	for (int c = 0; c < t->ncols; c++) {
		if (c)
			fputs("  ", out);
		for (int k = 0; k < w[c]; k++)
			fputc('-', out);
	}
	fputc('\n', out);
}

/* One row of cells, two spaces apart, without trailing blanks. */
static void write_row(FILE *out, const report_table *t, const int *w, int row)
{
	int last = t->ncols - 1;

	/* Trailing empty text cells need no padding. */
	while (last > 0 && !*(row < 0 ? t->headers[last] : report_cell(t, row, last)))
		last--;
	for (int c = 0; c <= last; c++) {
		const char *v = row < 0 ? t->headers[c] : report_cell(t, row, c);

		if (c)
			fputs("  ", out);
		report_put_padded(out, v, c == last && !t->numeric[c] ? (report_width(v) < w[c] ? report_width(v) : w[c]) : w[c],
			   t->numeric[c]);
	}
	fputc('\n', out);
}

double report_number(const report_table *t, int row, int col)
{
	return t->numeric[col] ? strtod(report_cell(t, row, col), NULL) : 0;
}

void report_col_widths(const report_table *t, int *w)
{
	table_widths(t, w, MAX_CELL_COLS);
}

char *report_row_text(const report_table *t, const int *w, int row)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	if (!mem)
		return xstrdup("");
	if (row == -2)
		write_rule(mem, t, w);
	else
		write_row(mem, t, w, row);
	fclose(mem);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return buf;
}

void report_write_text(const report *r, FILE *out)
{
	fputs(r->title ? r->title : r->name, out);
	fputc('\n', out);
	if (r->scope)
		fprintf(out, "%s\n", r->scope);
	for (int i = 0; i < r->ntables; i++) {
		const report_table *t = &r->tables[i];
		int *w = xcalloc((size_t)t->ncols, sizeof *w);

		fputc('\n', out);
		if (t->title)
			fprintf(out, "%s\n", t->title);
		table_widths(t, w, MAX_CELL_COLS);
		write_row(out, t, w, -1);
		write_rule(out, t, w);
		if (t->nrows == 0)
			fputs("(none)\n", out);
		for (int row = 0; row < t->nrows; row++)
			write_row(out, t, w, row);
		free(w);
	}
	if (r->nnotes)
		fputc('\n', out);
	for (int i = 0; i < r->nnotes; i++)
		fprintf(out, "note: %s\n", r->notes[i]);
}

void report_write_csv(const report *r, FILE *out)
{
	csvio_writer w;

	csvio_begin(&w, out);
	for (int i = 0; i < r->ntables; i++) {
		const report_table *t = &r->tables[i];

		if (i)
			csvio_end_row(&w); /* one empty line between tables */
		/* headers as every export writes them (colnames.c: the reader's
		 * language, or English with export.headers / --english) */
		for (int c = 0; c < t->ncols; c++)
			csvio_text(&w, colnames_out(t->headers[c]));
		csvio_end_row(&w);
		for (int row = 0; row < t->nrows; row++) {
			for (int c = 0; c < t->ncols; c++) {
				const char *v = report_cell(t, row, c);

				/* A total row's label sits in a numeric report's text column. */
				if (t->numeric[c])
					csvio_plain(&w, v);
				else
					csvio_text(&w, v);
			}
			csvio_end_row(&w);
		}
	}
}
