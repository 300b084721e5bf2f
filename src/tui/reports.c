/* Reports: a menu of the reports, then one report as its tables, with small
 * charts in the terminal's own characters where there is room (80 columns
 * or more): bars for volume and cycle time, a weekday-by-hour heat grid for
 * room use. Narrower, the same figures as plain numbers. The figures come
 * from report.h; nothing here reads the database. */
#include "autoconf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "assets.h"
#include "auth.h"
#include "budget.h"
#include "expr.h"
#include "payment.h"
#include "report.h"
#include "i18n.h"
#include "tui/print.h"
#include "tui/ui.h"
#include "tz.h"
#include "util.h"
#include "views.h"

#define CHART_MIN_COLS 80

/* The reports' column names (report.c's add_table), which stay English in
 * CSV and on the command line; here they are shown translated. A name not
 * listed is shown as it is. */
static const char *const column_names[] = {
	NC_("report column", "form"), NC_("report column", "affair"),
	NC_("report column", "month"), NC_("report column", "submitted"),
	NC_("report column", "done"), NC_("report column", "rejected"),
	NC_("report column", "withdrawn"), NC_("report column", "open"),
	NC_("report column", "median_h"), NC_("report column", "p90_h"),
	NC_("report column", "mean_h"), NC_("report column", "step"),
	NC_("report column", "approver"), NC_("report column", "handled"),
	NC_("report column", "with_limit"), NC_("report column", "missed"),
	NC_("report column", "missed_pct"), NC_("report column", "pending"),
	NC_("report column", "under_1d"), NC_("report column", "d1_3"),
	NC_("report column", "d3_7"), NC_("report column", "over_7d"),
	NC_("report column", "overdue"), NC_("report column", "oldest_days"),
	NC_("report column", "resource"), NC_("report column", "code"),
	NC_("report column", "name"), NC_("report column", "week"),
	NC_("report column", "booked_h"), NC_("report column", "working_h"),
	NC_("report column", "used_pct"), NC_("report column", "refused"),
	NC_("report column", "department"), NC_("report column", "department_name"),
	NC_("report column", "sku"), NC_("report column", "item"), NC_("report column", "unit"),
	NC_("report column", "issued"), NC_("report column", "returned"),
	NC_("report column", "net"), NC_("report column", "on_hand"),
	NC_("report column", "reserved"), NC_("report column", "available"),
	NC_("report column", "reorder_level"), NC_("report column", "location"),
	NC_("report column", "status"), NC_("report column", "assets"),
	NC_("report column", "cost"), NC_("report column", "tag"), NC_("report column", "request"),
	NC_("report column", "urgency"), NC_("report column", "fault"),
	NC_("report column", "since"), NC_("report column", "category"),
	NC_("report column", "claims"), NC_("report column", "total"), NC_("report column", "receipts"),
	NC_("report column", "paid"), NC_("report column", "mean_days"),
	NC_("report column", "done_on"), NC_("report column", "days_waiting"),
	NC_("report column", "seal"), NC_("report column", "keeper"), NC_("report column", "uses"),
	NC_("report column", "copies"), NC_("report column", "last_used"),
	NC_("report column", "at"), NC_("report column", "document"),
	NC_("report column", "used_by"), NC_("report column", "witness"),
	NC_("report column", "expires_on"), NC_("report column", "days_left"),
	NC_("report column", "remind_days"), NC_("report column", "measure"),
	NC_("report column", "last_quarter"), NC_("report column", "this_quarter"),
	NC_("report column", "change_pct"), NC_("report column", "holder"),
	NC_("report column", "booked_status"), NC_("report column", "counted"),
	NC_("report column", "note"), NC_("report column", "stocktake"),
	NC_("report column", "started"), NC_("report column", "closed"),
	NC_("report column", "missing"), NC_("report column", "elsewhere"),
	NC_("report column", "unknown"), NC_("report column", "unresolved"),
	NC_("report column", "kind"), NC_("report column", "booked"),
	NC_("report column", "resolution"), NC_("report column", "start"),
	NC_("report column", "life_months"), NC_("report column", "months"),
	NC_("report column", "salvage"), NC_("report column", "depreciated"),
	NC_("report column", "book_value"),
};

static const char *column_title(const char *name)
{
	for (size_t i = 0; i < sizeof column_names / sizeof column_names[0]; i++)
		if (strcmp(column_names[i], name) == 0)
			return i18n_ctx("report column", name);
	return name;
}

/* 1 for the count sheets, which print as paged sheets (p). */
static int is_sheet(const char *name)
{
	return strcmp(name, "inventory-count") == 0 || strcmp(name, "supplies-count") == 0;
}

/* The report's own (English) title, from the list of reports. */
static const char *report_title(const char *name)
{
	for (int k = 0; report_list[k].name; k++)
		if (strcmp(report_list[k].name, name) == 0)
			return report_list[k].title;
	return name;
}

/* ---- one report ---------------------------------------------------------- */

/* A line of the laid-out report: its text and how it is drawn. */
struct rline {
	char *text;
	int head;            /* a table's title, headers or rule */
};

struct rview {
	const char *name;
	report r;
	report_opts o;
	char from[11], to[11];
	struct rline *lines; /* the report laid out, one screen line each */
	int nlines, top, left;
	double heat[5][10];
	int have_heat, failed;
	char *err;           /* why the report could not be read */
};

static void rview_clear(struct rview *v)
{
	for (int i = 0; i < v->nlines; i++)
		free(v->lines[i].text);
	free(v->lines);
	v->lines = NULL;
	v->nlines = 0;
	report_free(&v->r);
}

/* Adds a line (taking text) to the layout. */
static void add_line(struct rview *v, char *text, int head)
{
	v->lines = xrealloc(v->lines, (size_t)(v->nlines + 1) * sizeof *v->lines);
	v->lines[v->nlines++] = (struct rline){ text, head };
}

/* Lays the report's tables out as lines, from its data: the scope, then
 * each table's title, headers, rule and rows (aligned in display columns by
 * report_row_text), then the notes. The title is the screen's own. Titles
 * and column names are shown in the reader's language; the report itself
 * keeps its English names, which its CSV (colnames_out: by the export rule)
 * and its printed count sheet are written from. */
static void layout(struct rview *v)
{
	report *r = &v->r;

	if (r->scope)
		add_line(v, xstrdup(r->scope), 0);
	for (int i = 0; i < r->ntables; i++) {
		report_table *t = &r->tables[i];
		int *w = xcalloc((size_t)t->ncols, sizeof *w);
		char **names = t->headers, **shown = xcalloc((size_t)t->ncols + 1, sizeof *shown);

		for (int c = 0; c < t->ncols; c++)
			shown[c] = (char *)column_title(names[c]);
		t->headers = shown; /* lent for the layout only */
		report_col_widths(t, w);
		add_line(v, xstrdup(""), 0);
		if (t->title)
			add_line(v, xstrdup(_(t->title)), 0);
		add_line(v, report_row_text(t, w, -1), 1);
		add_line(v, report_row_text(t, w, -2), 1);
		t->headers = names;
		free(shown);
		if (!t->nrows)
			add_line(v, xstrdup("(none)"), 0);
		for (int row = 0; row < t->nrows; row++)
			add_line(v, report_row_text(t, w, row), 0);
		free(w);
	}
	if (r->nnotes)
		add_line(v, xstrdup(""), 0);
	for (int i = 0; i < r->nnotes; i++)
		add_line(v, xasprintf("note: %s", r->notes[i]), 0);
}

static const struct screen_ops rview_ops, unpaid_ops;

static void rview_load(struct screen *s)
{
	struct rview *v = s->data;
	af_status st;

	/* The unpaid claims offer P (pay them) only to one who may pay, as the
	 * domain says; the others read them and are refused if they press it. */
	if (strcmp(v->name, "unpaid") == 0) {
		s->ops = payment_allowed() == AF_OK ? &unpaid_ops : &rview_ops;
		af_clear_error();
	}
	rview_clear(v);
	v->o.from = v->from[0] ? v->from : NULL;
	v->o.to = v->to[0] ? v->to : NULL;
	st = report_run(v->name, &v->o, &v->r);
	v->failed = st != AF_OK;
	free(v->err);
	v->err = v->failed ? xstrdup(af_errmsg_shown()) : NULL;
	if (st != AF_OK) {
		ui_message(R_ERROR, "%s", v->err);
		return;
	}
	v->have_heat = strcmp(v->name, "utilisation") == 0 && report_heat("room", &v->o, v->heat) == AF_OK;
	layout(v);
	if (v->top >= v->nlines)
		v->top = v->nlines ? v->nlines - 1 : 0;
}

/* The text after its first cols display columns (for scrolling right). */
static const char *skip_columns(const char *s, int cols)
{
	while (*s && cols > 0) {
		int len = 1;
		char ch[5] = "";

		while (len < 4 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len++;
		memcpy(ch, s, (size_t)len);
		cols -= ui_width(ch);
		s += len;
	}
	return s;
}

/* A horizontal bar of value/max * cols columns in eighths of a cell. */
static void draw_bar(int y, int x, double value, double max, int cols, attr_t attr)
{
	static const char *const part[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	int eighths = max > 0 ? (int)(value / max * cols * 8 + 0.5) : 0;
	strbuf sb = {0};

	if (value > 0 && eighths == 0)
		eighths = 1; /* something, however small, shows */
	for (int i = 0; i < eighths / 8; i++)
		sb_puts(&sb, "█");
	sb_puts(&sb, part[eighths % 8]);
	ui_text(y, x, sb.buf ? sb.buf : "", cols, attr, 0);
	sb_free(&sb);
}

/* Bars from a table: label column, value column. Returns the lines used. */
static int draw_bars(const report_table *t, int label_col, int value_col, const char *unit,
		     int top, int h, int w)
{
	double max = 0;
	int n = t->nrows, y = top;

	/* A trailing total row is no bar. */
	if (n && t->total)
		n--;
	for (int r = 0; r < n; r++) {
		double v = report_number(t, r, value_col);

		if (v > max)
			max = v;
	}
	for (int r = 0; r < n && y < top + h; r++, y++) {
		char num[32];

		ui_text(y, 1, report_cell(t, r, label_col), 16, ui_attr(R_NORMAL), 1);
		snprintf(num, sizeof num, "%8s%s", report_cell(t, r, value_col), unit);
		ui_text(y, 18, num, 10, ui_attr(R_HEADER), 1);
		draw_bar(y, 29, report_number(t, r, value_col), max, w - 31, ui_attr(R_GOOD));
	}
	return y - top;
}

/* Room use by weekday and hour: ░ up to a quarter booked, ▒ half, ▓ three
 * quarters, █ more; a dot for none. */
static int draw_heat(const struct rview *v, int top, int h, int w)
{
	static const char *const days[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri") };
	int y = top;

	if (h < 7)
		return 0;
	ui_text(y, 1, _("rooms"), 9, ui_attr(R_HEADER), 1);
	for (int hr = 0; hr < 10; hr++) {
		char lab[8];

		snprintf(lab, sizeof lab, "%02d", 8 + hr);
		ui_text(y, 10 + hr * 4, lab, 4, ui_attr(R_HEADER), 1);
	}
	ui_text(y, 52, "░≤25% ▒≤50% ▓≤75% █>75%", w - 53, ui_attr(R_DIM), 1);
	y++;
	for (int d = 0; d < 5; d++, y++) {
		ui_text(y, 1, _(days[d]), 9, ui_attr(R_NORMAL), 1);
		for (int hr = 0; hr < 10; hr++) {
			double p = v->heat[d][hr];
			const char *g = p <= 0 ? "·  " : p <= 25 ? "░░░" : p <= 50 ? "▒▒▒" : p <= 75 ? "▓▓▓" : "███";

			ui_text(y, 10 + hr * 4, g, 4, p <= 0 ? ui_attr(R_DIM) : ui_attr(R_GOOD), 1);
		}
	}
	return y - top;
}

/* A trend as a line of columns, rows tall, in eighths of a cell: one
 * column a row of t (the latest ones when they do not all fit), the
 * largest value on the left, the range of labels and a caption under it.
 * Returns the lines used. */
#define TREND_ROWS 3
static int draw_trend(const report_table *t, int label_col, int value_col, const char *caption,
		      int top, int w)
{
	static const char *const part[] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	int x0 = 12, n = t->nrows, first, cols = w - x0 - 2;
	double max = 0;
	char num[32];

	if (n < 2 || cols < 8)
		return 0;
	first = n > cols ? n - cols : 0;
	for (int r = first; r < n; r++)
		if (report_number(t, r, value_col) > max)
			max = report_number(t, r, value_col);
	snprintf(num, sizeof num, "%.0fh", max);
	ui_text(top, 1, num, x0 - 2, ui_attr(R_HEADER), 1);
	ui_text(top + TREND_ROWS - 1, 1, "0h", x0 - 2, ui_attr(R_DIM), 1);
	for (int r = first; r < n; r++) {
		double v = report_number(t, r, value_col);
		int eighths = max > 0 ? (int)(v / max * TREND_ROWS * 8 + 0.5) : 0;

		if (v > 0 && eighths == 0)
			eighths = 1;
		for (int row = 0; row < TREND_ROWS; row++) {
			/* Rows from the bottom: full, then the partial top, then empty. */
			int below = (TREND_ROWS - 1 - row) * 8, e = eighths - below;

			ui_text(top + row, x0 + (r - first), part[e <= 0 ? 0 : e >= 8 ? 8 : e], 1, ui_attr(R_GOOD), 0);
		}
	}
	{
		char *under = xasprintf("%s – %s  %s", report_cell(t, first, label_col),
					report_cell(t, n - 1, label_col), caption);

		ui_text(top + TREND_ROWS, x0, under, w - x0 - 1, ui_attr(R_DIM), 1);
		free(under);
	}
	return TREND_ROWS + 1;
}

static void rview_draw(struct screen *s, int top, int h, int w)
{
	struct rview *v = s->data;
	int y = top, used = 0;

	ui_text(y++, 1, _(report_title(v->name)), w - 2, ui_attr(R_TITLE), 1);
	if (v->failed) {
		ui_text(y, 1, v->err ? v->err : "", w - 2, ui_attr(R_ERROR), 1);
		return;
	}
	/* Charts only where they fit; narrower, the table alone says it. */
	if (w >= CHART_MIN_COLS && h >= 14) {
		int room = h / 2 - 1;

		if (strcmp(v->name, "volume") == 0 && v->r.ntables > 1)
			used = draw_bars(&v->r.tables[1], 1, 2, "", y, room, w);
		else if (strcmp(v->name, "cycle") == 0 && v->r.ntables > 1 && room > TREND_ROWS + 2) {
			/* The median per affair, then its trend month by month. */
			used = draw_bars(&v->r.tables[0], 1, 3, "h", y, room - TREND_ROWS - 1, w);
			used += draw_trend(&v->r.tables[1], 0, 2, _("median hours, month by month"), y + used, w);
		}
		else if (v->have_heat)
			used = draw_heat(v, y, room + 1, w);
		if (used)
			used++;
		y += used;
	}
	for (int i = v->top; i < v->nlines && y < top + h; i++, y++) {
		const char *line = skip_columns(v->lines[i].text, v->left);

		move(y, 0);
		clrtoeol();
		ui_text(y, 1, line, w - 2, v->lines[i].head ? ui_attr(R_HEADER) : ui_attr(R_NORMAL), 0);
	}
}

static af_status write_csv(void *ctx, FILE *out)
{
	report_write_csv(ctx, out);
	return AF_OK;
}

static void export_csv(struct rview *v)
{
	char def[64], *path;

	if (v->failed)
		return;
	snprintf(def, sizeof def, "%s.csv", v->name);
	path = ui_prompt_path(_("export to:"), def);
	if (!path || !*path) {
		free(path);
		return;
	}
	if (af_write_file(path, write_csv, &v->r) == AF_OK)
		ui_message(R_GOOD, _("exported to %s"), path);
	else
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	free(path);
}

/* The counted asset sheet back into the open stocktake, as
 * `adminflow stocktake count FILE` takes it. */
static af_status count_back(void *ctx, const char *path, char *done, size_t len)
{
	int64_t id = 0;
	int rows = 0;
	af_status st = stocktake_count(path, &id, &rows);

	(void)ctx;
	if (st == AF_OK)
		snprintf(done, len, _("stocktake %lld: %d counts imported"), (long long)id, rows);
	return st;
}

static void import_counts(struct screen *s)
{
	struct rview *v = s->data;
	char def[64];

	if (strcmp(v->name, "inventory-count") != 0) {
		ui_message(R_ERROR, "%s", _("only the asset count sheet imports back (into the open stocktake)"));
		return;
	}
	snprintf(def, sizeof def, "%s.csv", v->name);
	ui_import(def, count_back, NULL);
	rview_load(s); /* the sheet as it stands now */
}

/* "/": the dates, as FROM..TO (either may be left out). */
static void ask_range(struct screen *s)
{
	struct rview *v = s->data;
	char init[32], *in, *dots;

	snprintf(init, sizeof init, "%s..%s", v->from, v->to);
	in = ui_prompt(_("dates FROM..TO:"), init);
	if (!in)
		return;
	dots = strstr(in, "..");
	if (dots)
		*dots = '\0';
	snprintf(v->from, sizeof v->from, "%.10s", in);
	snprintf(v->to, sizeof v->to, "%.10s", dots ? dots + 2 : "");
	free(in);
	v->top = 0;
	rview_load(s);
}

/* A line asked (NULL: cancelled); empty is refused as what it names. */
static char *ask(const char *label, const char *initial, const char *what, int optional)
{
	char *v = ui_prompt(label, initial);

	if (v && !*v && !optional) {
		/* TRANSLATORS: what was left empty (department, year, ...). */
		ui_message(R_ERROR, _("%s: required"), what);
		free(v);
		v = NULL;
	}
	return v;
}

/* e in the budget report: a department's budget for a year (and a
 * category, or the whole department), as `budget set` does it (finance:
 * the budget permission, asked first); an unknown department, a bad year
 * or amount is refused as soon as it is typed, the rest by budget_set. The
 * report then shows the year set. */
static void budget_change(struct screen *s)
{
	struct rview *v = s->data;
	char today[16], *dept = NULL, *year_s = NULL, *cat = NULL, *amount_s = NULL, *why = NULL, done[200];
	int year = 0;
	int64_t cents = -1;

	if (auth_require("budget", "budget set") != AF_OK) {
		ui_message(R_ERROR, "%s", ui_refusal(NULL));
		return;
	}
	tz_today(today, sizeof today);
	today[4] = '\0';
	if (!(dept = ask(_("budget: department code:"), NULL, _("department"), 0)))
		goto out;
	if (budget_check_dept(dept) != AF_OK) {
		ui_message(R_ERROR, "%s", ui_refusal(NULL));
		goto out;
	}
	if (!(year_s = ask(_("budget: year:"), today, _("year"), 0)))
		goto out;
	if (budget_parse_year(year_s, &year) != AF_OK) {
		ui_message(R_ERROR, "%s", ui_refusal(NULL));
		goto out;
	}
	if (!(cat = ask(_("budget: category (empty: the whole department):"), NULL, NULL, 1)) ||
	    !(amount_s = ask(_("budget: amount:"), NULL, _("amount"), 0)))
		goto out;
	if (budget_parse_amount(amount_s, &cents) != AF_OK) {
		ui_message(R_ERROR, "%s", ui_refusal(NULL));
		goto out;
	}
	if (!(why = ask(_("reason:"), NULL, _("reason"), 0)))
		goto out;
	ui_waiting();
	if (budget_set(dept, (int)year, cat, cents, why) != AF_OK) {
		ui_message(R_ERROR, "%s", ui_refusal(NULL));
		goto out;
	}
	{
		char money[32];

		money_grouped(cents, money, sizeof money);
		/* TRANSLATORS: department, year, category (or nothing), amount. */
		snprintf(done, sizeof done, _("budget %s %d%s%s: %s"), dept, year, *cat ? " " : "", cat, money);
	}
	ui_message(R_GOOD, "%s", done);
	/* The report shows one year (its dates' first): the one set. */
	if (atoi(v->from[0] ? v->from : today) != year) {
		snprintf(v->from, sizeof v->from, "%04d-01-01", year);
		snprintf(v->to, sizeof v->to, "%04d-12-31", year);
	}
	rview_load(s);
out:
	free(dept);
	free(year_s);
	free(cat);
	free(amount_s);
	free(why);
}

static int rview_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct rview *v = s->data;
	int page = LINES - 6 > 1 ? LINES - 6 : 1;

	(void)ch;
	switch (a) {
	case UI_DOWN: if (v->top + 1 < v->nlines) v->top++; return 1;
	case UI_UP: if (v->top > 0) v->top--; return 1;
	case UI_PGDN: v->top = v->top + page < v->nlines ? v->top + page : (v->nlines ? v->nlines - 1 : 0); return 1;
	case UI_PGUP: v->top = v->top > page ? v->top - page : 0; return 1;
	case UI_TOP: v->top = 0; return 1;
	case UI_BOTTOM: v->top = v->nlines ? v->nlines - 1 : 0; return 1;
	case UI_RIGHT: v->left += 10; return 1;
	case UI_LEFT: v->left = v->left > 10 ? v->left - 10 : 0; return 1;
	case UI_SEARCH: ask_range(s); return 1;
	case UI_EXPORT: export_csv(v); return 1;
	case UI_IMPORT:
		if (!is_sheet(v->name))
			return 0;
		import_counts(s);
		return 1;
	case UI_PRINT:
		if (!is_sheet(v->name))
			ui_message(R_ERROR, _("only the count sheets print; %s exports this report as CSV"),
				   ui_key_label(UI_EXPORT));
		else if (!v->failed)
			tui_print_sheet(&v->r, &v->o);
		return 1;
	case UI_PAY: /* the unpaid claims, to pay */
		if (strcmp(v->name, "unpaid") != 0)
			return 0;
		if (payment_allowed() != AF_OK) /* reading what is owed is not paying it */
			ui_message(R_ERROR, "%s", af_errmsg_shown());
		else
			paylist_open();
		return 1;
	case UI_EDIT: /* a budget set, in the budget report */
		if (strcmp(v->name, "budget") != 0)
			return 0;
		budget_change(s);
		return 1;
	case UI_REPORTS: return 1;
	default: return 0;
	}
}

static void rview_done(struct screen *s)
{
	struct rview *v = s->data;

	rview_clear(v);
	free(v->err);
	free(v);
}

static const enum ui_action rview_hints[] = { UI_DOWN, UI_RIGHT, UI_SEARCH, UI_EXPORT, UI_QUIT, UI_NONE };
static const struct screen_ops rview_ops = {
	N_("reports"), rview_load, rview_draw, rview_handle, rview_done, rview_hints, NULL
};
/* A count sheet: the same screen, with p in its hints. */
static const enum ui_action sheet_hints[] = { UI_DOWN, UI_PRINT, UI_EXPORT, UI_IMPORT, UI_QUIT, UI_NONE };
static const struct screen_ops sheet_ops = {
	N_("reports"), rview_load, rview_draw, rview_handle, rview_done, sheet_hints, NULL
};

/* The unpaid claims: the same screen, with P (pay them) in its hints for
 * one who may pay (rview_load chooses). */
static const enum ui_action unpaid_hints[] = { UI_DOWN, UI_PAY, UI_EXPORT, UI_QUIT, UI_NONE };
static const struct screen_ops unpaid_ops = {
	N_("reports"), rview_load, rview_draw, rview_handle, rview_done, unpaid_hints, NULL
};

/* The budgets: the same screen, with e (set a budget) in its hints. */
static const enum ui_action budget_hints[] = { UI_DOWN, UI_EDIT, UI_EXPORT, UI_QUIT, UI_NONE };
static const struct screen_ops budget_ops = {
	N_("reports"), rview_load, rview_draw, rview_handle, rview_done, budget_hints, NULL
};

static void report_open(const char *name)
{
	struct rview *v = xcalloc(1, sizeof *v);

	v->name = name;
	ui_push(is_sheet(name) ? &sheet_ops : strcmp(name, "unpaid") == 0 ? &unpaid_ops
		: strcmp(name, "budget") == 0 ? &budget_ops : &rview_ops, v);
}

/* ---- the menu ------------------------------------------------------------- */

struct menu { ui_list list; };
/* The menu's row of records retention, named as the command is. */
#define RETENTION_KEY "retention"
static const char *menu_headers[] = { N_("report"), N_("name") };

static void menu_load(struct screen *s)
{
	struct menu *m = s->data;
	view_table t = { .ncols = 2, .headers = menu_headers };
	int n = 0;

	while (report_list[n].name)
		n++;
	/* and, last, records retention (archive, purge), which is no report
	 * but is where the records are looked after */
	t.nrows = n + 1;
	t.cells = xcalloc((size_t)t.nrows * 2, sizeof *t.cells);
	t.keys = xcalloc((size_t)t.nrows, sizeof *t.keys);
	t.flags = xcalloc((size_t)t.nrows, 1);
	for (int i = 0; i < n; i++) {
		t.cells[i * 2] = xstrdup(_(report_list[i].title));
		t.cells[i * 2 + 1] = xstrdup(report_list[i].name);
		t.keys[i] = xstrdup(report_list[i].name);
	}
	t.cells[n * 2] = xstrdup(_("records retention"));
	t.cells[n * 2 + 1] = xstrdup(RETENTION_KEY);
	t.keys[n] = xstrdup(RETENTION_KEY);
	ui_list_set(&m->list, &t);
}

static void menu_draw(struct screen *s, int top, int h, int w)
{
	struct menu *m = s->data;

	ui_list_draw(&m->list, top, h, w);
}

static int menu_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct menu *m = s->data;

	(void)ch;
	if (ui_list_move(&m->list, a, LINES - 4))
		return 1;
	if (a == UI_ENTER && m->list.t.nrows) {
		const char *key = ui_list_key(&m->list);

		if (strcmp(key, RETENTION_KEY) == 0) {
			records_open();
			return 1;
		}
		for (int k = 0; report_list[k].name; k++)
			if (strcmp(report_list[k].name, key) == 0)
				report_open(report_list[k].name);
		return 1;
	}
	return a == UI_REPORTS;
}

static void menu_done(struct screen *s)
{
	struct menu *m = s->data;

	ui_list_free(&m->list);
	free(m);
}

static const enum ui_action menu_hints[] = { UI_ENTER, UI_HOME, UI_QUIT, UI_NONE };
static const struct screen_ops menu_ops = {
	N_("reports"), menu_load, menu_draw, menu_handle, menu_done, menu_hints, NULL
};

void reports_open(void)
{
	ui_push(&menu_ops, xcalloc(1, sizeof(struct menu)));
}
