/* Unit tests for the CSV writer every export and report uses (csvio_begin,
 * csvio_text, csvio_plain, csvio_end_row) and csvio_unneutralise, as TAP:
 * RFC 4180 quoting, formula-like text neutralised with an apostrophe that
 * an import takes back, CRLF rows, the BOM only when configured. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "csvio.h"
#include "tap.h"

/* The row the writer makes of cells (a leading '#' marks a plain cell). */
static char *row(const char *const *cells, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	csvio_writer w;

	csvio_begin(&w, f);
	for (int i = 0; i < n; i++) {
		if (cells[i][0] == '#')
			csvio_plain(&w, cells[i] + 1);
		else
			csvio_text(&w, cells[i]);
	}
	csvio_end_row(&w);
	fclose(f);
	return buf;
}

static void is_row(const char *const *cells, int n, const char *want, const char *what)
{
	char *got = row(cells, n);

	ok(strcmp(got, want) == 0, "%s", what);
	if (strcmp(got, want) != 0)
		printf("# got:  [%s]\n# want: [%s]\n", got, want);
	free(got);
}

int main(void)
{
	cfg.excel_bom = 0;
	{
		const char *c[] = { "plain", "张三", "#12.50" };
		is_row(c, 3, "plain,张三,12.50\r\n", "plain text and Chinese unquoted, a CRLF row");
	}
	{
		const char *c[] = { "a,b", "say \"hi\"", "two\nlines" };
		is_row(c, 3, "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n",
		       "comma, quote and newline quoted, the quote doubled");
	}
	{
		const char *c[] = { "=SUM(A1)", "+1", "-2", "@x", "\tx" };
		is_row(c, 5, "'=SUM(A1),'+1,'-2,'@x,'\tx\r\n", "formula-like text gets an apostrophe");
	}
	{
		const char *c[] = { "'=1" };
		is_row(c, 1, "''=1\r\n", "an apostrophe already before a formula gets another, to be told apart");
	}
	{
		const char *c[] = { "#-5", "#=1" };
		is_row(c, 2, "-5,=1\r\n", "plain cells (numbers, dates) are written as they are");
	}
	{
		const char *c[] = { "=a,b" };
		is_row(c, 1, "\"'=a,b\"\r\n", "the apostrophe goes inside the quotes");
	}
	{
		const char *c[] = { "" };
		is_row(c, 1, "\r\n", "an empty cell is empty");
	}
	{
		char s1[] = "'=SUM(A1)", s2[] = "''=1", s3[] = "'plain", s4[] = "=x";

		csvio_unneutralise(s1);
		csvio_unneutralise(s2);
		csvio_unneutralise(s3);
		csvio_unneutralise(s4);
		ok(strcmp(s1, "=SUM(A1)") == 0, "unneutralise takes back the writer's apostrophe");
		ok(strcmp(s2, "'=1") == 0, "and only one: a user's apostrophe stays");
		ok(strcmp(s3, "'plain") == 0, "an apostrophe before plain text is the user's and stays");
		ok(strcmp(s4, "=x") == 0, "text without an apostrophe is left alone");
	}
	cfg.excel_bom = 1;
	{
		const char *c[] = { "x" };
		is_row(c, 1, "\xEF\xBB\xBFx\r\n", "a UTF-8 BOM first when the configuration asks for Excel");
	}
	return tap_done();
}
