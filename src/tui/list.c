/* The list widget: rows of a view table, sorted, scrolled, clicked, and tabs. */
#include "autoconf.h"
#include <stdlib.h>
#include "i18n.h"
#include "tui/ui.h"
#include "tui/ui_int.h"
#include "util.h"

/* ---- lists ---- */

void ui_list_set(ui_list *l, view_table *t)
{
	char *keep = l->t.nrows ? xstrdup(ui_list_key(l)) : NULL;
	unsigned char *marks = xcalloc((size_t)t->nrows + 1, 1);

	/* Marks and the cursor follow their rows' keys across a reload. */
	for (int i = 0; i < t->nrows; i++)
		for (int k = 0; k < l->t.nrows && l->marks; k++)
			if (l->marks[k] && strcmp(l->t.keys[k], t->keys[i]) == 0)
				marks[i] = 1;
	view_table_free(&l->t);
	free(l->marks);
	l->t = *t;
	l->marks = marks;
	if (keep) {
		for (int i = 0; i < l->t.nrows; i++)
			if (strcmp(l->t.keys[i], keep) == 0)
				l->cursor = i;
		free(keep);
	}
	if (l->cursor >= l->t.nrows)
		l->cursor = l->t.nrows ? l->t.nrows - 1 : 0;
	if (l->cursor < 0)
		l->cursor = 0;
	if (l->sort_col > 0)
		ui_list_sort(l, l->sort_col - 1, l->sort_desc);
}

static const view_table *sort_table;
static int sort_column, sort_descending;

/* Numbers ("12h", "3包") compare by value, the rest as text. */
static int compare_rows(const void *a, const void *b)
{
	const char *x = view_cell(sort_table, *(const int *)a, sort_column);
	const char *y = view_cell(sort_table, *(const int *)b, sort_column);
	char *ex, *ey;
	double nx = strtod(x, &ex), ny = strtod(y, &ey);
	int c;

	if (ex != x && ey != y && nx != ny)
		c = nx < ny ? -1 : 1;
	else
		c = strcmp(x, y);
	if (c == 0)
		c = *(const int *)a - *(const int *)b; /* stable */
	return sort_descending ? -c : c;
}

void ui_list_sort(ui_list *l, int col, int desc)
{
	int n = l->t.nrows, nc = l->t.ncols;
	int *order;
	char **cells, **keys;
	unsigned char *flags, *marks;
	const char *keep;

	l->sort_col = col + 1;
	l->sort_desc = desc;
	if (col < 0 || col >= nc || n < 2)
		return;
	keep = l->t.keys[l->cursor];
	order = xcalloc((size_t)n, sizeof *order);
	for (int i = 0; i < n; i++)
		order[i] = i;
	sort_table = &l->t;
	sort_column = col;
	sort_descending = desc;
	qsort(order, (size_t)n, sizeof *order, compare_rows);
	cells = xcalloc((size_t)n * (size_t)nc, sizeof *cells);
	keys = xcalloc((size_t)n, sizeof *keys);
	flags = xcalloc((size_t)n, 1);
	marks = xcalloc((size_t)n + 1, 1);
	for (int i = 0; i < n; i++) {
		memcpy(&cells[i * nc], &l->t.cells[order[i] * nc], (size_t)nc * sizeof *cells);
		keys[i] = l->t.keys[order[i]];
		flags[i] = l->t.flags[order[i]];
		marks[i] = l->marks ? l->marks[order[i]] : 0;
	}
	for (int i = 0; i < n; i++)
		if (keys[i] == keep)
			l->cursor = i;
	free(l->t.cells);
	free(l->t.keys);
	free(l->t.flags);
	free(l->marks);
	l->t.cells = cells;
	l->t.keys = keys;
	l->t.flags = flags;
	l->marks = marks;
	free(order);
}

void ui_list_free(ui_list *l)
{
	view_table_free(&l->t);
	free(l->marks);
	l->marks = NULL;
	l->cursor = l->top = 0;
}

const char *ui_list_key(const ui_list *l)
{
	return l->t.nrows ? l->t.keys[l->cursor] : "";
}

int ui_list_move(ui_list *l, enum ui_action a, int h)
{
	int n = l->t.nrows, page = h > 2 ? h - 2 : 1;

	switch (a) {
	case UI_UP: l->cursor--; break;
	case UI_DOWN: l->cursor++; break;
	case UI_PGUP: l->cursor -= page; break;
	case UI_PGDN: l->cursor += page; break;
	case UI_TOP: l->cursor = 0; break;
	case UI_BOTTOM: l->cursor = n - 1; break;
	default: return 0;
	}
	if (l->cursor >= n)
		l->cursor = n - 1;
	if (l->cursor < 0)
		l->cursor = 0;
	return 1;
}

/* Where the last tab bar put each tab: its row, and each tab's columns. */
static struct {
	int y, n, x0[8], x1[8];
} tabs;

int ui_tabs_draw(int y, int w, const char *const *names, int n, int cur, const char *filter)
{
	int x = 1;

	tabs.y = y;
	tabs.n = n < 8 ? n : 8;
	for (int i = 0; i < tabs.n; i++) {
		char label[64];

		snprintf(label, sizeof label, w < 70 ? "%s" : " %s ", _(names[i]));
		tabs.x0[i] = x;
		x += ui_text(y, x, label, w - x, i == cur ? ui_attr(R_CURSOR) : ui_attr(R_HEADER), 0);
		tabs.x1[i] = x;
		x++;
	}
	if (filter && *filter) {
		char f[300];

		snprintf(f, sizeof f, " /%s", filter);
		ui_text(y, x, f, w - x, ui_attr(R_MARKED), 0);
	}
	return x;
}

int ui_tabs_click(wint_t ch)
{
	if (!UI_IS_CLICK(ch) || UI_CLICK_Y(ch) != tabs.y)
		return -1;
	for (int i = 0; i < tabs.n; i++)
		if (UI_CLICK_X(ch) >= tabs.x0[i] && UI_CLICK_X(ch) < tabs.x1[i])
			return i;
	return -1;
}

/* The lists drawn in the current frame, for mouse clicks. */
static ui_list *drawn_lists[8];
static int n_drawn_lists;

/* A new frame: no list is drawn yet. */
void ui_list_forget(void)
{
	n_drawn_lists = 0;
}

ui_list *ui_list_click(int y)
{
	for (int i = n_drawn_lists - 1; i >= 0; i--) {
		ui_list *l = drawn_lists[i];

		if (y >= l->view_y && y < l->view_y + l->view_rows) {
			int r = l->top + (y - l->view_y);

			if (r >= l->t.nrows)
				return NULL;
			l->cursor = r;
			return l;
		}
	}
	return NULL;
}

/* The columns' natural widths (header and the first 500 rows, at most 30)
 * and which are shown before narrowing; returns their total with gaps. */
static int list_natural(const ui_list *l, int nc, int *widths, int *shown)
{
	int total = 0;

	for (int c = 0; c < nc; c++) {
		widths[c] = ui_width(i18n_tr(l->t.headers[c]));
		shown[c] = !l->priority || l->priority[c] >= 0;
	}
	for (int r = 0; r < l->t.nrows && r < 500; r++)
		for (int c = 0; c < nc; c++) {
			int cw = ui_width(view_cell(&l->t, r, c));

			if (cw > widths[c])
				widths[c] = cw;
		}
	for (int c = 0; c < nc; c++) {
		if (widths[c] > 30)
			widths[c] = 30;
		if (shown[c])
			total += widths[c] + 1;
	}
	return total;
}

/* Drops columns by priority until the total fits w - 2 (long cells of the
 * columns that may go give up width before an important one goes);
 * returns the new total. */
static int list_drop(const ui_list *l, int nc, int w, int total, int *widths, int *shown)
{
	for (int pass = 0; total > w - 2 && l->priority && pass < nc; pass++) {
		int drop = -1;

		for (int c = 0; c < nc; c++)
			if (shown[c] && l->priority[c] > 0 && (drop < 0 || l->priority[c] < l->priority[drop]))
				drop = c;
		if (drop < 0)
			break;
		/* Before an important column goes (priority 3 and up), long
		 * cells of the columns that may go (a state with its step)
		 * give up width. */
		if (l->flex && l->priority[drop] >= 3) {
			int capped = 0;

			for (int c = 0; c < nc; c++)
				if (shown[c] && c != l->flex - 1 && l->priority[c] > 0 && widths[c] > 16) {
					total -= widths[c] - 16;
					widths[c] = 16;
					capped = 1;
				}
			if (capped)
				continue;
		}
		shown[drop] = 0;
		total -= widths[drop] + 1;
	}
	return total;
}

/* Fits the columns into w: on a narrow terminal the flexible column gives
 * up width down to 12, then low-priority columns go, then it gives up the
 * rest (to 6), or takes back what is free. */
static void list_fit(const ui_list *l, int nc, int w, int *widths, int *shown)
{
	int total = list_natural(l, nc, widths, shown), natural = 0, has_flex = l->flex > 0 && l->flex <= nc;

	if (has_flex)
		natural = widths[l->flex - 1];
	if (has_flex && total > w - 2) {
		int f = l->flex - 1, give = total - (w - 2), keep = widths[f] < 12 ? widths[f] : 12;

		if (widths[f] - give < keep)
			give = widths[f] - keep;
		widths[f] -= give;
		total -= give;
	}
	total = list_drop(l, nc, w, total, widths, shown);
	if (has_flex) {
		int f = l->flex - 1, give = total - (w - 2);

		if (give < 0 && widths[f] - give > natural)
			give = widths[f] - natural;
		if (widths[f] - give < 6)
			give = widths[f] - 6;
		widths[f] -= give;
	}
}

static void list_draw_header(const ui_list *l, int top, int nc, int w, const int *widths, const int *shown)
{
	int x = 2;

	for (int c = 0; c < nc; c++) {
		if (!shown[c])
			continue;
		ui_text(top, x, i18n_tr(l->t.headers[c]), widths[c] < w - x ? widths[c] : w - x, ui_attr(R_HEADER), 1);
		x += widths[c] + 1;
		if (x >= w)
			break;
	}
}

/* Row r on screen line y: its mark, then the shown cells (amounts on the
 * right), in the row's role; the cursor's row highlighted to the edge. */
static void list_draw_row(const ui_list *l, int r, int y, int nc, int w, const int *widths, const int *shown)
{
	int x = 2;
	attr_t attr = r == l->cursor ? ui_attr(R_CURSOR) :
		      (l->t.flags[r] & VIEW_OVERDUE) ? ui_attr(R_OVERDUE) :
		      (l->t.flags[r] & VIEW_LOW) ? ui_attr(R_LOW) :
		      (l->t.flags[r] & VIEW_UNREAD) ? ui_attr(R_UNREAD) : ui_attr(R_NORMAL);

	ui_text(y, 0, l->marks && l->marks[r] ? "*" : (l->t.flags[r] & VIEW_OVERDUE) ? "!" : " ", 2,
		l->marks && l->marks[r] ? ui_attr(R_MARKED) : attr, 1);
	for (int c = 0; c < nc && x < w; c++) {
		int cw;

		if (!shown[c])
			continue;
		cw = widths[c] < w - x ? widths[c] : w - x;
		if ((l->right >> c) & 1) { /* amounts line up on the right */
			int pad = cw - ui_width(view_cell(&l->t, r, c));

			for (; pad > 0; pad--, x++, cw--)
				ui_text(y, x, " ", 1, attr, 1);
		}
		ui_text(y, x, view_cell(&l->t, r, c), cw, attr, 1);
		x += cw;
		if (x < w) {
			ui_text(y, x, " ", 1, attr, 1);
			x++;
		}
	}
	if (r == l->cursor && x < w)
		ui_text(y, x, "", w - x, attr, 1);
}

void ui_list_draw(ui_list *l, int top, int h, int w)
{
	int nc = l->t.ncols > 16 ? 16 : l->t.ncols, widths[16] = {0}, shown[16] = {0}, rows = h - 1;

	list_fit(l, nc, w, widths, shown);
	list_draw_header(l, top, nc, w, widths, shown);
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (rows > 0 && l->cursor >= l->top + rows)
		l->top = l->cursor - rows + 1;
	l->view_y = top + 1;
	l->view_rows = rows > 0 ? rows : 0;
	if (n_drawn_lists < (int)(sizeof drawn_lists / sizeof drawn_lists[0]))
		drawn_lists[n_drawn_lists++] = l;
	for (int i = 0; i < rows; i++) {
		move(top + 1 + i, 0);
		clrtoeol();
		if (l->top + i < l->t.nrows)
			list_draw_row(l, l->top + i, top + 1 + i, nc, w, widths, shown);
	}
	if (l->t.nrows == 0)
		ui_text(top + 1, 2, _("(nothing here)"), w - 2, ui_attr(R_DIM), 0);
}
