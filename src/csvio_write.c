/* Writing CSV: RFC 4180 cells, text a spreadsheet would run as a formula
 * neutralised (and taken back when such a file is read again), rows ended
 * with CRLF, a UTF-8 BOM when the config asks for Excel. Every CSV the
 * program makes goes through here: exports, reports, count sheets. */
#include "autoconf.h"
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "csvio.h"
#include "util.h"

/* ---- writing ----------------------------------------------------------- */

/* 1 when text would be run as a formula by a spreadsheet, or is one or more
 * apostrophes in front of such text (so the neutralising apostrophe we add
 * can always be told from one that was there). */
static int formula_like(const char *text)
{
	while (*text == '\'')
		text++;
	return *text == '=' || *text == '+' || *text == '-' || *text == '@' ||
	       *text == '\t' || *text == '\r';
}

void csvio_begin(csvio_writer *w, FILE *out)
{
	w->out = out;
	w->cells = 0;
	if (cfg.excel_bom)
		fputs("\xEF\xBB\xBF", out);
}

/* One cell: prefix then text, quoted (by csv_fwrite, which doubles the
 * quotes inside) only when RFC 4180 needs it. */
static void put_cell(csvio_writer *w, const char *prefix, const char *text)
{
	size_t np = strlen(prefix), nt = strlen(text);

	if (w->cells++)
		putc(',', w->out);
	if (strpbrk(text, ",\"\r\n")) {
		char *s = xmalloc(np + nt + 1);

		memcpy(s, prefix, np);
		memcpy(s + np, text, nt + 1);
		csv_fwrite(w->out, s, np + nt);
		free(s);
	} else {
		fwrite(prefix, 1, np, w->out);
		fwrite(text, 1, nt, w->out);
	}
}

void csvio_text(csvio_writer *w, const char *text)
{
	const char *t = text ? text : "";

	put_cell(w, formula_like(t) ? "'" : "", t);
}

void csvio_plain(csvio_writer *w, const char *text)
{
	put_cell(w, "", text ? text : "");
}

void csvio_end_row(csvio_writer *w)
{
	fputs("\r\n", w->out);
	w->cells = 0;
}

void csvio_unneutralise(char *s)
{
	if (s[0] == '\'' && formula_like(s + 1))
		memmove(s, s + 1, strlen(s));
}
