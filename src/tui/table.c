/* The table editor of a form's lines and supply_lines fields: rows and
 * typed columns aligned in display columns (CJK text takes two), a total
 * under every money column, a cell edited with the picker, calendar or
 * prompt its type wants, each change written back to the form at once so
 * that its draft keeps the table. Every key comes from the one key table
 * (ui.h), looked up among the actions below. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"
#include "expr.h"
#include "formdef.h"
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"
#include "views.h"

/* A column as the editor sees it: a lines column, or one of the two a
 * supply line has (the SKU, picked; the quantity, a whole number). */
enum tcol_kind { TK_COLUMN, TK_SKU, TK_QTY };

struct tcol {
	enum tcol_kind kind;
	const form_field *col; /* TK_COLUMN */
	const char *label;     /* borrowed from the form, or a msgid */
	int money, required;
	int right;             /* numbers line up on the right */
};

struct table {
	const form_def *f;
	const form_field *fd;
	char **value;              /* the form's value of the field */
	void (*changed)(void *ctx);
	void *ctx;
	struct tcol cols[32];
	int n_cols;
	char **cells;              /* n_rows * n_cols, NULL where empty */
	int n_rows;
	int row, col, top, first_col;
	int err_row, err_col;      /* the cell the message is about, or -1 */
	char *error;
	int body_y;                /* the screen line of the first row, last drawn */
};

static const enum ui_action table_actions[] = {
	UI_UP, UI_DOWN, UI_LEFT, UI_RIGHT, UI_NEXT, UI_PREV, UI_TOP, UI_BOTTOM,
	UI_PGUP, UI_PGDN, UI_ENTER, UI_EDIT, UI_ROW_ADD, UI_ROW_DEL, UI_QUIT, UI_BACK,
	UI_HELP, UI_NONE
};
static const enum ui_action table_hints[] = {
	UI_EDIT, UI_ROW_ADD, UI_ROW_DEL, UI_NEXT, UI_QUIT, UI_NONE
};

static char **cell_at(struct table *t, int r, int c)
{
	return &t->cells[(size_t)r * (size_t)t->n_cols + (size_t)c];
}

static const char *cell(struct table *t, int r, int c)
{
	const char *v = *cell_at(t, r, c);

	return v ? v : "";
}

/* A cell as shown: amounts that read with their two decimals, so that
 * they line up; anything else as typed. */
static const char *shown(struct table *t, int r, int c, char *buf, size_t len)
{
	int64_t v;

	if (t->cols[c].money && expr_parse_money(cell(t, r, c), &v) == 0)
		return expr_format_money(v, buf, len);
	if (t->cols[c].kind == TK_SKU && *cell(t, r, c)) {
		/* The item by its name too: a code alone says little. */
		static char named[256];
		char *name = views_supply_name(cell(t, r, c));

		snprintf(named, sizeof named, "%s%s%s", cell(t, r, c), *name ? " " : "", name);
		free(name);
		return named;
	}
	if (t->cols[c].kind == TK_COLUMN && t->cols[c].col->type == FT_CHOICE)
		return formdef_option_label(t->cols[c].col, cell(t, r, c));
	return cell(t, r, c);
}

/* ---- the value in the form and back -------------------------------- */

/* "SKU:QTY,SKU:QTY" into two cells a row. */
static void load_supply(struct table *t, const char *v)
{
	for (const char *p = v; p && *p;) {
		const char *end = strchr(p, ','), *colon;
		size_t len = end ? (size_t)(end - p) : strlen(p);

		t->cells = xrealloc(t->cells, (size_t)(t->n_rows + 1) * 2 * sizeof *t->cells);
		colon = memchr(p, ':', len);
		t->cells[t->n_rows * 2] = xasprintf("%.*s", (int)(colon ? (size_t)(colon - p) : len), p);
		t->cells[t->n_rows * 2 + 1] = colon ? xasprintf("%.*s", (int)(len - (size_t)(colon - p) - 1),
								 colon + 1) : NULL;
		t->n_rows++;
		p = end ? end + 1 : p + len;
	}
}

static char *join_supply(struct table *t)
{
	strbuf sb = {0};

	for (int r = 0; r < t->n_rows; r++) {
		if (!*cell(t, r, 0) && !*cell(t, r, 1))
			continue;
		sb_printf(&sb, "%s%s:%s", sb.len ? "," : "", cell(t, r, 0), cell(t, r, 1));
	}
	return sb.len ? sb_take(&sb) : (sb_free(&sb), xstrdup(""));
}

static void load(struct table *t)
{
	const char *v = *t->value ? *t->value : "";

	if (t->fd->type == FT_SUPPLY_LINES) {
		load_supply(t, v);
		return;
	}
	if (engine_lines_parse(t->fd, v, &t->cells, &t->n_rows) != AF_OK) {
		/* Typed by hand past the columns: start from the rows that read. */
		free(t->error);
		t->error = xstrdup(ui_refusal(t->f));
		t->cells = NULL;
		t->n_rows = 0;
	}
}

/* Writes the table back into the form's value, which keeps the draft. */
static void store(struct table *t)
{
	char *v = t->fd->type == FT_SUPPLY_LINES ? join_supply(t)
		: engine_lines_join(t->fd, t->cells, t->n_rows);

	free(*t->value);
	*t->value = *v ? v : NULL;
	if (!*v)
		free(v);
	t->changed(t->ctx);
}

/* Checks the cell under the cursor; the message stays until it is right. */
static void check(struct table *t, int r, int c)
{
	af_status st = AF_OK;
	const char *v = cell(t, r, c);

	if (t->cols[c].kind == TK_COLUMN) {
		int k = (int)(t->cols[c].col - t->fd->columns);

		st = engine_lines_check_cell(t->fd, r, k, v);
	} else if (t->cols[c].kind == TK_QTY && *v) {
		char *end;
		long q = strtol(v, &end, 10);

		if (*end || q <= 0 || q > 1000000)
			st = af_fail_field(AF_INVALID, t->fd->name, "row %d, quantity: '%s' must be a positive whole number",
					   r + 1, v);
	}
	if (st == AF_OK) {
		if (t->err_row == r && t->err_col == c) {
			free(t->error);
			t->error = NULL;
			t->err_row = t->err_col = -1;
		}
		return;
	}
	free(t->error);
	t->error = xstrdup(ui_refusal(t->f));
	t->err_row = r;
	t->err_col = c;
}

/* ---- drawing --------------------------------------------------------- */

static int64_t column_total(struct table *t, int c)
{
	int64_t sum = 0, v;

	for (int r = 0; r < t->n_rows; r++)
		if (expr_parse_money(cell(t, r, c), &v) == 0)
			sum += v;
	return sum;
}

/* The width a column wants: its label and cells, the total, no wider than
 * the screen; *floor is what it may be squeezed to when the columns do not
 * all fit (the old caps, smaller on a narrow screen). */
static int column_width(struct table *t, int c, int narrow, int room, int *floor)
{
	int w = ui_width(t->cols[c].label) + t->cols[c].required, cap = narrow ? 10 : 24;
	char buf[32];

	if (narrow && w > 8)
		w = 8; /* a label gives way to its cells: it is shortened */
	for (int r = 0; r < t->n_rows; r++) {
		int cw = ui_width(shown(t, r, c, buf, sizeof buf));

		if (cw > w)
			w = cw;
	}
	if (t->cols[c].money) {
		int tw = (int)strlen(expr_format_money(column_total(t, c), buf, sizeof buf));

		if (tw > w)
			w = tw;
	}
	if (w < 3)
		w = 3;
	if (w > room)
		w = room;
	*floor = w > cap ? cap : w;
	return w;
}

/* Every column at the width it wants when they all fit on the screen (an
 * item's whole name on a phone when the table has room for it); otherwise
 * the widest give way first, down to their floors, and the columns scroll. */
static void column_widths(struct table *t, int narrow, int room, int *widths)
{
	int floors[32], total = -1;

	for (int c = 0; c < t->n_cols; c++) {
		widths[c] = column_width(t, c, narrow, room, &floors[c]);
		total += widths[c] + 1;
	}
	while (total > room) {
		int widest = -1;

		for (int c = 0; c < t->n_cols; c++)
			if (widths[c] > floors[c] && (widest < 0 || widths[c] > widths[widest]))
				widest = c;
		if (widest < 0)
			break;
		widths[widest]--;
		total--;
	}
}

static void draw_cell(int y, int x, int w, const char *v, int right, attr_t attr)
{
	int vw = ui_width(v);

	if (right && vw < w) {
		ui_text(y, x, "", w - vw, attr, 1);
		ui_text(y, x + w - vw, v, vw, attr, 1);
	} else {
		ui_text(y, x, v, w, attr, 1);
	}
}

static void table_draw(struct screen *s, int top, int h, int w)
{
	struct table *t = s->data;
	int narrow = w < 70, widths[32], last, x, y, rows, has_money = 0;
	char head[256];
	const int mark = 2; /* "> " before the cursor's row */

	snprintf(head, sizeof head, " %s · %s", formdef_title(t->f), formdef_label(t->fd));
	ui_text(top, 0, head, w, ui_attr(R_HEADER), 1);
	column_widths(t, narrow, w - mark, widths);
	/* The columns from first_col that fit, the cursor's always among them. */
	if (t->col < t->first_col)
		t->first_col = t->col;
	for (;;) {
		x = mark;
		for (last = t->first_col; last < t->n_cols && x + widths[last] <= w; last++)
			x += widths[last] + 1;
		if (t->col < last || t->first_col >= t->col)
			break;
		t->first_col++;
	}
	if (last == t->first_col) { /* one column wider than the screen */
		widths[last] = w - mark;
		last++;
	}
	x = mark;
	for (int c = t->first_col; c < last; c++) {
		char label[160];

		snprintf(label, sizeof label, "%s%s", t->cols[c].required ? "*" : "", t->cols[c].label);
		draw_cell(top + 1, x, widths[c], label, t->cols[c].right, ui_attr(R_HEADER));
		x += widths[c] + 1;
	}
	if (last < t->n_cols)
		ui_text(top + 1, w - 1, "›", 1, ui_attr(R_DIM), 0);
	rows = h - 5; /* title, header, the total, the message line, the hints */
	if (rows < 1)
		rows = 1;
	if (t->row < t->top)
		t->top = t->row;
	while (t->row >= t->top + rows)
		t->top++;
	t->body_y = top + 2;
	y = top + 2;
	if (t->n_rows == 0) {
		snprintf(head, sizeof head, _("no rows yet: %s adds one"), ui_key_label(UI_ROW_ADD));
		ui_text(y, mark, head, w - mark, ui_attr(R_DIM), 1);
	}
	for (int r = t->top; r < t->n_rows && y < top + 2 + rows; r++, y++) {
		ui_text(y, 0, r == t->row ? ">" : "", mark, r == t->row ? ui_attr(R_CURSOR) : A_NORMAL, 1);
		x = mark;
		for (int c = t->first_col; c < last; c++) {
			attr_t a = (r == t->err_row && c == t->err_col) ? ui_attr(R_ERROR)
				: (r == t->row && c == t->col) ? ui_attr(R_CURSOR)
				: r == t->row ? ui_attr(R_MARKED) : A_NORMAL;

			char buf[32];

			draw_cell(y, x, widths[c], shown(t, r, c, buf, sizeof buf), t->cols[c].right, a);
			x += widths[c] + 1;
		}
	}
	/* The total under every money column. */
	y = top + 2 + (t->n_rows - t->top < rows ? t->n_rows - t->top : rows);
	for (int c = 0; c < t->n_cols; c++)
		has_money |= t->cols[c].money;
	if (t->n_rows > 0 && has_money) {
		x = mark;
		for (int c = t->first_col; c < last; c++) {
			char buf[32];

			if (t->cols[c].money) {
				draw_cell(y, x, widths[c], expr_format_money(column_total(t, c), buf, sizeof buf), 1,
					  ui_attr(R_HEADER));
			} else if (c == t->first_col) {
				draw_cell(y, x, widths[c], _("total"), 0, ui_attr(R_HEADER));
			}
			x += widths[c] + 1;
		}
	}
	if (t->error) {
		ui_text(top + h - 2, 0, t->error, w, ui_attr(R_ERROR), 1);
	} else if (t->n_rows > 0) {
		snprintf(head, sizeof head, _("row %d of %d · %s"), t->row + 1, t->n_rows, t->cols[t->col].label);
		ui_text(top + h - 2, 0, head, w, ui_attr(R_DIM), 1);
	}
}

/* ---- editing --------------------------------------------------------- */

static void pick_reload(void *ctx, const char *query, view_table *vt)
{
	views_pick(ctx, query, vt);
}

static void edit_cell(struct table *t)
{
	const struct tcol *tc;
	char **slot, *v = NULL, label[200];
	view_table vt;

	if (t->n_rows == 0)
		return;
	tc = &t->cols[t->col];
	slot = cell_at(t, t->row, t->col);
	snprintf(label, sizeof label, _("row %d, %s:"), t->row + 1, tc->label);
	if (tc->kind == TK_SKU) {
		views_pick("supply_lines", "", &vt);
		v = ui_pick(tc->label, &vt, pick_reload, "supply_lines");
	} else if (tc->kind == TK_COLUMN && tc->col->type == FT_CHOICE) {
		char *name = xasprintf("%s.%s", t->fd->name, tc->col->name);

		views_options(t->f->id, name, &vt);
		free(name);
		v = ui_pick(tc->label, &vt, NULL, NULL);
	} else if (tc->kind == TK_COLUMN && tc->col->type == FT_DATE) {
		v = ui_pick_date(tc->label, *slot);
	} else {
		v = ui_prompt(label, *slot);
	}
	if (!v)
		return;
	free(*slot);
	*slot = *v ? v : NULL;
	if (!*v)
		free(v);
	check(t, t->row, t->col);
	store(t);
}

static void add_row(struct table *t)
{
	int at = t->n_rows ? t->row + 1 : 0;

	t->cells = xrealloc(t->cells, (size_t)(t->n_rows + 1) * (size_t)t->n_cols * sizeof *t->cells);
	memmove(cell_at(t, at + 1, 0), cell_at(t, at, 0),
		(size_t)(t->n_rows - at) * (size_t)t->n_cols * sizeof *t->cells);
	memset(cell_at(t, at, 0), 0, (size_t)t->n_cols * sizeof *t->cells);
	t->n_rows++;
	t->row = at;
	t->col = 0;
	if (t->err_row >= at)
		t->err_row++;
	/* Straight into the first cell: a new row is there to be filled. */
	edit_cell(t);
}

static void delete_row(struct table *t)
{
	char question[200];

	if (t->n_rows == 0)
		return;
	snprintf(question, sizeof question, _("delete row %d?"), t->row + 1);
	if (!ui_confirm(question))
		return;
	for (int c = 0; c < t->n_cols; c++)
		free(*cell_at(t, t->row, c));
	memmove(cell_at(t, t->row, 0), cell_at(t, t->row + 1, 0),
		(size_t)(t->n_rows - t->row - 1) * (size_t)t->n_cols * sizeof *t->cells);
	t->n_rows--;
	if (t->err_row == t->row) {
		free(t->error);
		t->error = NULL;
		t->err_row = t->err_col = -1;
	} else if (t->err_row > t->row) {
		t->err_row--;
	}
	if (t->row >= t->n_rows && t->row > 0)
		t->row--;
	store(t);
}

static int table_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct table *t = s->data;

	if (a == UI_NONE && UI_IS_CLICK(ch)) { /* a mouse click selects a row */
		int r = UI_CLICK_Y(ch) - t->body_y + t->top;

		if (r >= t->top && r < t->n_rows)
			t->row = r;
		return 1;
	}
	if (a == UI_NONE)
		return 1; /* typed text means nothing here */
	a = ui_action_in((int)ch, table_actions);
	switch (a) {
	case UI_UP: if (t->row > 0) t->row--; return 1;
	case UI_DOWN: if (t->row < t->n_rows - 1) t->row++; return 1;
	case UI_PGUP: t->row = t->row > 10 ? t->row - 10 : 0; return 1;
	case UI_PGDN: t->row = t->row + 10 < t->n_rows ? t->row + 10 : (t->n_rows ? t->n_rows - 1 : 0); return 1;
	case UI_TOP: t->row = 0; return 1;
	case UI_BOTTOM: t->row = t->n_rows ? t->n_rows - 1 : 0; return 1;
	case UI_LEFT: if (t->col > 0) t->col--; return 1;
	case UI_RIGHT: if (t->col < t->n_cols - 1) t->col++; return 1;
	case UI_NEXT:
		if (t->col < t->n_cols - 1) {
			t->col++;
		} else if (t->row < t->n_rows - 1) {
			t->row++;
			t->col = 0;
		}
		return 1;
	case UI_PREV:
		if (t->col > 0) {
			t->col--;
		} else if (t->row > 0) {
			t->row--;
			t->col = t->n_cols - 1;
		}
		return 1;
	case UI_ENTER:
	case UI_EDIT:
		if (t->n_rows == 0)
			add_row(t);
		else
			edit_cell(t);
		return 1;
	case UI_ROW_ADD: add_row(t); return 1;
	case UI_ROW_DEL: delete_row(t); return 1;
	case UI_QUIT:
	case UI_BACK:
		/* The value is in the form already: back to it. */
		ui_pop();
		return 1;
	case UI_HELP:
		help_open();
		return 1;
	default:
		return 1; /* nothing else reaches through a table */
	}
}

static void table_done(struct screen *s)
{
	struct table *t = s->data;

	engine_lines_free(t->cells, t->n_rows * t->n_cols);
	free(t->error);
	free(t);
}

static const struct screen_ops table_ops = {
	N_("table"), NULL, table_draw, table_handle, table_done, table_hints, NULL
};

void table_open(const form_def *f, const form_field *fd, char **value,
		void (*changed)(void *ctx), void *ctx)
{
	struct table *t = xcalloc(1, sizeof *t);

	t->f = f;
	t->fd = fd;
	t->value = value;
	t->changed = changed;
	t->ctx = ctx;
	t->err_row = t->err_col = -1;
	if (fd->type == FT_SUPPLY_LINES) {
		t->cols[0] = (struct tcol){ TK_SKU, NULL, _("item (SKU)"), 0, 1, 0 };
		t->cols[1] = (struct tcol){ TK_QTY, NULL, _("quantity"), 0, 1, 1 };
		t->n_cols = 2;
	} else {
		for (int c = 0; c < fd->n_columns && c < (int)(sizeof t->cols / sizeof t->cols[0]); c++) {
			const form_field *col = &fd->columns[c];

			t->cols[c] = (struct tcol){ TK_COLUMN, col, formdef_label(col), col->type == FT_MONEY,
						    col->required, col->type == FT_MONEY || col->type == FT_INTEGER };
			t->n_cols++;
		}
	}
	load(t);
	ui_push(&table_ops, t);
}
