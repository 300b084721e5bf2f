/* The inventory count sheet: the report, and its printed pages for lp. */
#include "autoconf.h"
#include <stdlib.h>
#include "i18n.h"
#include "report.h"
#include "report_int.h"
#include "util.h"

/* ---- the inventory count sheet ----------------------------------------- */

af_status report_inventory(const report_opts *o, report *r)
{
	return report_run("inventory-count", o, r);
}

af_status rep_inventory(const struct report_scope *sc, report *r)
{
	free(r->title);
	r->title = xstrdup("资产盘点表 inventory count sheet");
	if (sc->location && db_int(0, "SELECT 1 FROM assets WHERE location = ?1 LIMIT 1", "t", sc->location) != 1)
		return af_fail(AF_INVALID, "--location: no assets at '%s'", sc->location);
	free(r->scope);
	r->scope = xasprintf("%s%s; as of %s", sc->location ? "location " : "all locations",
			     sc->location ? sc->location : "", sc->today);
	return report_fill(report_add_table(r, NULL, "tag name category location holder booked_status counted note"), sc,
			   "SELECT a.tag, a.name, a.category, a.location, coalesce(e.name, ''), a.status, '', ''"
			   " FROM assets a LEFT JOIN employees e ON e.id = a.holder_id"
			   " WHERE a.status <> 'retired' AND (:loc IS NULL OR a.location = :loc)"
			   " ORDER BY a.location, a.tag", "tttttttt", NULL);
}

/* ---- the printed count sheet ------------------------------------------- */

struct sheet {
	FILE *out;
	const report *r;
	int page, pages, line, width;
	int w[8];
};

/* Shorter than the CSV's, to leave the name its room. */
static const char *const sheet_headers[8] = {
	"tag", "name", "category", "location", "holder", "status", "counted", "note",
};

static void sheet_header(struct sheet *p)
{
	const report_table *t = &p->r->tables[0];
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
	/* The columns that fit the page; counted and note are blanks to fill. */
	for (int c = 0; c < t->ncols && c < 8; c++) {
		if (c)
			fputc(' ', p->out);
		put_padded(p->out, sheet_headers[c], p->w[c], 0);
	}
	fputc('\n', p->out);
	for (int c = 0; c < t->ncols; c++) {
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

void report_write_pages(const report *r, const report_opts *o, FILE *out, int page_lines, int width)
{
	const report_table *t = &r->tables[0];
	/* tag name category location holder status counted note */
	static const int natural[8] = { 12, 24, 8, 12, 6, 9, 7, 6 };
	struct sheet p = { out, r, 1, 1, 0, width, {0} };
	int per_page = page_lines - SHEET_HEAD, total = 0;

	(void)o; /* the scope line already names the location */

	if (per_page < 1)
		per_page = 1;
	/* Columns: their natural widths, the name column giving or taking
	 * whatever the page width leaves. */
	for (int c = 0; c < 8 && c < t->ncols; c++) {
		p.w[c] = natural[c];
		total += p.w[c] + (c ? 1 : 0);
	}
	p.w[1] += width - total;
	if (p.w[1] < 6)
		p.w[1] = 6;
	/* Pages: the rows, then the signature block on the last page. */
	{
		int lines = t->nrows + SHEET_FOOT;

		p.pages = (lines + per_page - 1) / per_page;
		if (p.pages < 1)
			p.pages = 1;
	}
	sheet_header(&p);
	for (int row = 0; row < t->nrows; row++) {
		if (p.line >= page_lines) {
			p.page++;
			sheet_header(&p);
		}
		for (int c = 0; c < t->ncols; c++) {
			const char *v = report_cell(t, row, c);

			if (c)
				fputc(' ', out);
			if (c == 6 || c == 7) /* counted, note: lines to write on */
				for (int k = 0; k < p.w[c]; k++)
					fputc('_', out);
			else
				put_padded(out, v, p.w[c], 0);
		}
		fputc('\n', out);
		p.line++;
	}
	if (p.line + SHEET_FOOT > page_lines) {
		p.page++;
		sheet_header(&p);
	}
	fprintf(out, "\n共 %d 项 %d items\n", t->nrows, t->nrows);
	fputs("盘点人 counted by: ____________  日期 date: __________\n", out);
	fputs("监盘人 checked by: ____________  日期 date: __________\n", out);
}
