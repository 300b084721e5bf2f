/* The count sheets (assets, supplies): the reports, and their printed
 * pages for lp. */
#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "report.h"
#include "report_int.h"
#include "util.h"

/* ---- the inventory count sheet ----------------------------------------- */

af_status report_inventory(const report_opts *o, report *r)
{
	return report_run("inventory-count", o, r);
}

/* A count sheet: its title, what it counts, the query that says whether
 * a location has any, its columns, and its rows (cells as report_fill's
 * cols say). Both read in slices after the (location, tag or sku) of their
 * last row (report_fill's 'k' columns): tens of thousands of assets hold
 * the file no longer than read_slice at a time. */
struct count_sheet {
	const char *title, *what, *known, *header, *sql, *cols;
};

/* The sheet at the scope's location, or at every location, with a scope
 * line saying where and when. An unknown location is invalid input. */
static af_status fill_sheet(const struct report_scope *sc, report *r, const struct count_sheet *sh)
{
	free(r->title);
	r->title = xstrdup(sh->title);
	if (sc->location && db_int(0, sh->known, "t", sc->location) != 1)
		return af_fail(AF_INVALID, "--location: no %s at '%s'", sh->what, sc->location);
	free(r->scope);
	r->scope = xasprintf("%s%s; as of %s", sc->location ? "location " : "all locations",
			     sc->location ? sc->location : "", sc->today);
	return report_fill(report_add_table(r, NULL, sh->header), sc, sh->sql, sh->cols, NULL);
}

/* The two sheets, one line of specification each. */
static const struct count_sheet sheets[] = {
	{ "资产盘点表 inventory count sheet", "assets", "SELECT 1 FROM assets WHERE location = ?1 LIMIT 1",
	  "tag name category location holder booked_status counted note",
	  "SELECT a.tag, a.name, a.category, a.location, coalesce(e.name, ''), a.status, '', '',"
	  " a.location, a.tag FROM assets a LEFT JOIN employees e ON e.id = a.holder_id"
	  " WHERE a.status <> 'retired' AND (:loc IS NULL OR a.location = :loc)"
	  " AND (a.location, a.tag) > (:after1, :after2)"
	  " ORDER BY a.location, a.tag", "ttttttttkk" },
	{ "物品盘点表 supplies count sheet", "supplies", "SELECT 1 FROM supplies WHERE location = ?1 LIMIT 1",
	  "sku name unit location on_hand counted note",
	  "SELECT sku, name, unit, location, on_hand, '', '', location, sku FROM supplies"
	  " WHERE (:loc IS NULL OR location = :loc) AND (location, sku) > (:after1, :after2)"
	  " ORDER BY location, sku", "ttttittkk" },
};

af_status rep_inventory(const struct report_scope *sc, report *r) { return fill_sheet(sc, r, &sheets[0]); }
af_status rep_supplies_count(const struct report_scope *sc, report *r) { return fill_sheet(sc, r, &sheets[1]); }

/* ---- the printed count sheets ------------------------------------------ */

/* A sheet's columns: the report's, shortened for paper, at their natural
 * widths; the name takes what the page leaves and wraps in its cell; the
 * last two (counted, note) are lines to write on. */
static const struct sheet_col {
	const char *column, *head;
	int width, right;
} sheet_cols[] = {
	{ "tag", "tag", 12, 0 }, { "sku", "sku", 10, 0 }, { "name", "name", 0, 0 },
	{ "category", "category", 8, 0 }, { "unit", "unit", 4, 0 }, { "location", "location", 12, 0 },
	{ "holder", "holder", 6, 0 }, { "booked_status", "status", 9, 0 }, { "on_hand", "booked", 6, 1 },
	{ "counted", "counted", 7, 0 }, { "note", "note", 6, 0 },
};

#define SHEET_MAX 12

struct sheet {
	FILE *out;
	const report *r;
	int page, pages, line, width, ncols;
	int w[SHEET_MAX], right[SHEET_MAX], blank[SHEET_MAX];
	const char *head[SHEET_MAX];
};

static void sheet_header(struct sheet *p)
{
	char right[64];

	if (p->page > 1)
		fputc('\f', p->out);
	snprintf(right, sizeof right, "第 %d/%d 页 page %d of %d", p->page, p->pages, p->page, p->pages);
	{
		int lw = report_width(p->r->title), rw = report_width(right);

		fputs(p->r->title, p->out);
		for (int i = lw + rw; i < p->width; i++)
			fputc(' ', p->out);
		if (lw + rw >= p->width)
			fputc(' ', p->out);
		fprintf(p->out, "%s\n", right);
	}
	fprintf(p->out, "%s\n\n", p->r->scope);
	for (int c = 0; c < p->ncols; c++) {
		if (c)
			fputc(' ', p->out);
		report_put_padded(p->out, p->head[c], p->w[c], 0);
	}
	fputc('\n', p->out);
	for (int c = 0; c < p->ncols; c++) {
		if (c)
			fputc(' ', p->out);
		for (int k = 0; k < p->w[c]; k++)
			fputc('-', p->out);
	}
	fputc('\n', p->out);
	p->line = 5;
}

#define SHEET_HEAD 5   /* title, scope, blank, column names, rule */
#define SHEET_FOOT 4   /* blank, two signature lines, total line */

/* The byte lengths of s cut into pieces of at most cols columns, between
 * characters (a wide one never split); *n pieces, caller frees. */
static size_t *wrap(const char *s, int cols, int *n)
{
	size_t len = strlen(s), *cut = xcalloc(len + 2, sizeof *cut);
	int k = 0, used = 0;
	size_t piece = 0;

	while (len) {
		int cw, l = report_char(s, len, &cw);

		if (used + cw > cols && piece) {
			cut[k++] = piece;
			piece = 0;
			used = 0;
		}
		piece += (size_t)l;
		used += cw;
		s += l;
		len -= (size_t)l;
	}
	cut[k++] = piece;
	*n = k;
	return cut;
}

/* How many lines row takes: its tallest wrapped cell. */
static int row_lines(const struct sheet *p, const report_table *t, int row)
{
	int most = 1;

	for (int c = 0; c < p->ncols; c++) {
		int n;
		size_t *cut;

		if (p->blank[c])
			continue;
		cut = wrap(report_cell(t, row, c), p->w[c], &n);
		free(cut);
		if (n > most)
			most = n;
	}
	return most;
}

static void put_row(struct sheet *p, const report_table *t, int row, int lines)
{
	const char *at[SHEET_MAX];
	size_t *cuts[SHEET_MAX];
	int ncut[SHEET_MAX];

	for (int c = 0; c < p->ncols; c++) {
		at[c] = report_cell(t, row, c);
		cuts[c] = p->blank[c] ? NULL : wrap(at[c], p->w[c], &ncut[c]);
	}
	for (int l = 0; l < lines; l++) {
		strbuf sb = {0};
		char *text = NULL;
		size_t len = 0;
		FILE *line = open_memstream(&text, &len), *out = p->out;

		if (!line)
			line = out;
		for (int c = 0; c < p->ncols; c++) {
			if (c)
				fputc(' ', line);
			if (p->blank[c]) { /* a line to write on, on the row's first line */
				for (int k = 0; k < p->w[c]; k++)
					fputc(l == 0 ? '_' : ' ', line);
				continue;
			}
			sb.len = 0;
			if (l < ncut[c]) {
				sb_add(&sb, at[c], cuts[c][l]);
				at[c] += cuts[c][l];
			} else {
				sb_puts(&sb, "");
			}
			report_put_padded(line, sb.buf, p->w[c], p->right[c]);
		}
		sb_free(&sb);
		if (line != out) { /* a wrapped name's next lines end where their text does */
			fclose(line);
			while (len > 0 && text[len - 1] == ' ')
				len--;
			fwrite(text, 1, len, out);
			free(text);
		}
		fputc('\n', out);
	}
	for (int c = 0; c < p->ncols; c++)
		free(cuts[c]);
}

void report_write_pages(const report *r, const report_opts *o, FILE *out, int page_lines, int width)
{
	const report_table *t = &r->tables[0];
	struct sheet p = { out, r, 1, 1, 0, width, t->ncols < SHEET_MAX ? t->ncols : SHEET_MAX, {0}, {0}, {0}, {0} };
	int per_page = page_lines - SHEET_HEAD, total = 0, name = -1, lines = 0, *height;

	(void)o; /* the scope line already names the location */
	if (per_page < 1)
		per_page = 1;
	for (int c = 0; c < p.ncols; c++) {
		p.head[c] = t->headers[c];
		p.w[c] = report_width(t->headers[c]);
		for (size_t k = 0; k < sizeof sheet_cols / sizeof sheet_cols[0]; k++)
			if (strcmp(sheet_cols[k].column, t->headers[c]) == 0) {
				p.head[c] = sheet_cols[k].head;
				p.w[c] = sheet_cols[k].width;
				p.right[c] = sheet_cols[k].right;
			}
		p.blank[c] = c >= p.ncols - 2;
		if (strcmp(t->headers[c], "name") == 0)
			name = c;
		total += p.w[c] + (c ? 1 : 0);
	}
	/* The name column gives or takes whatever the page width leaves. */
	if (name >= 0) {
		p.w[name] += width - total;
		if (p.w[name] < 6)
			p.w[name] = 6;
	}
	/* Pages: rows whole (a wrapped name never split across pages), then
	 * the signature block on the last page. */
	height = xcalloc((size_t)t->nrows + 1, sizeof *height);
	{
		int used = 0;

		p.pages = 1;
		for (int row = 0; row < t->nrows; row++) {
			height[row] = row_lines(&p, t, row);
			if (used + height[row] > per_page && used > 0) {
				p.pages++;
				used = 0;
			}
			used += height[row];
		}
		if (used + SHEET_FOOT > per_page && used > 0)
			p.pages++;
	}
	sheet_header(&p);
	for (int row = 0; row < t->nrows; row++) {
		if (p.line + height[row] > page_lines && p.line > SHEET_HEAD) {
			p.page++;
			sheet_header(&p);
		}
		put_row(&p, t, row, height[row]);
		p.line += height[row];
		lines += height[row];
	}
	free(height);
	if (p.line + SHEET_FOOT > page_lines) {
		p.page++;
		sheet_header(&p);
	}
	fprintf(out, "\n共 %d 项 %d items\n", t->nrows, t->nrows);
	fputs("盘点人 counted by: ____________  日期 date: __________\n", out);
	fputs("监盘人 checked by: ____________  日期 date: __________\n", out);
}
