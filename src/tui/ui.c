/* The frame of the full-screen program: terminal set-up and teardown, the
 * key table, colours, drawing, lists, prompts, the script mode, and the main
 * loop with live refresh. */
#include "autoconf.h"
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "auth.h"
#include "config.h"
#include "db.h"
#include "tui/tui.h"
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"

/* Set by the signal handlers; every loop that reads keys looks at them. */
static volatile sig_atomic_t got_hup, got_term;

const struct ui_key ui_keys[] = {
#define UI_ROW(id, name, k1, k2, hint, help) { UI_##id, name, k1, k2, hint, help },
	UI_ACTIONS(UI_ROW)
#undef UI_ROW
	{ UI_NONE, NULL, 0, 0, NULL, NULL },
};

enum ui_action ui_action_of(int key)
{
	if (key == '\r')
		key = '\n';
	for (const struct ui_key *k = ui_keys; k->name; k++)
		if ((k->key1 && k->key1 == key) || (k->key2 && k->key2 == key))
			return k->action;
	return UI_NONE;
}

enum ui_action ui_action_in(int key, const enum ui_action *set)
{
	if (key == '\r')
		key = '\n';
	for (const struct ui_key *k = ui_keys; k->name; k++) {
		if (!((k->key1 && k->key1 == key) || (k->key2 && k->key2 == key)))
			continue;
		for (const enum ui_action *a = set; *a != UI_NONE; a++)
			if (*a == k->action)
				return k->action;
	}
	return UI_NONE;
}

const char *ui_key_label(enum ui_action a)
{
	static char buf[8][16];
	static int slot;
	char *b = buf[slot++ % 8];

	for (const struct ui_key *k = ui_keys; k->name; k++) {
		if (k->action != a)
			continue;
		if (k->key1 == '\n') snprintf(b, 16, "Enter");
		else if (k->key1 == '\t') snprintf(b, 16, "Tab");
		else if (k->key1 == 27) snprintf(b, 16, "Esc");
		else if (k->key1 == KEY_BTAB) snprintf(b, 16, "S-Tab");
		else if (k->key1 == ' ') snprintf(b, 16, "Space");
		else if (k->key1 > 0 && k->key1 < 32) snprintf(b, 16, "^%c", k->key1 + '@');
		else if (k->key1 > 32 && k->key1 < 127) snprintf(b, 16, "%c", k->key1);
		else if (k->key2 >= KEY_F(1) && k->key2 <= KEY_F(12)) snprintf(b, 16, "F%d", k->key2 - KEY_F(0));
		else snprintf(b, 16, "%s", k->name);
		return b;
	}
	return "";
}

/* ---- colours ---- */

static const struct { short fg, bg; attr_t mono; attr_t extra; } scheme[R_ROLE_COUNT] = {
	[R_NORMAL]  = { -1, -1, A_NORMAL, 0 },
	[R_TITLE]   = { COLOR_WHITE, COLOR_BLUE, A_REVERSE, A_BOLD },
	[R_STATUS]  = { COLOR_BLACK, COLOR_CYAN, A_REVERSE, 0 },
	[R_CURSOR]  = { COLOR_BLACK, COLOR_YELLOW, A_REVERSE, 0 },
	[R_HEADER]  = { COLOR_CYAN, -1, A_UNDERLINE, A_BOLD },
	[R_OVERDUE] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[R_LOW]     = { COLOR_MAGENTA, -1, A_BOLD, 0 },
	[R_UNREAD]  = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[R_MARKED]  = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[R_ERROR]   = { COLOR_WHITE, COLOR_RED, A_REVERSE | A_BOLD, A_BOLD },
	[R_GOOD]      = { COLOR_GREEN, -1, A_BOLD, 0 },
	[R_DIM]     = { COLOR_BLUE, -1, A_DIM, 0 },
};
static int use_colour;

attr_t ui_attr(enum ui_role role)
{
	if (!use_colour)
		return scheme[role].mono;
	return COLOR_PAIR(role) | scheme[role].extra;
}

static void colours_init(void)
{
	const char *nc = af_privileged() ? NULL : getenv("NO_COLOR");

	use_colour = has_colors() && !(nc && *nc);
	if (!use_colour)
		return;
	start_color();
	use_default_colors();
	for (int r = 1; r < R_ROLE_COUNT; r++)
		init_pair((short)r, scheme[r].fg, scheme[r].bg);
}

/* ---- drawing ---- */

static wchar_t *to_wide(const char *s)
{
	size_t n = strlen(s);
	wchar_t *w = xcalloc(n + 1, sizeof *w);
	mbstate_t st;
	const char *p = s;
	size_t k = 0;

	memset(&st, 0, sizeof st);
	while (*p) {
		size_t r = mbrtowc(&w[k], p, strlen(p), &st);

		if (r == (size_t)-1 || r == (size_t)-2) {
			w[k++] = L'?'; /* invalid bytes are shown, not passed on */
			p++;
			memset(&st, 0, sizeof st);
			continue;
		}
		p += r ? r : 1;
		k++;
	}
	w[k] = 0;
	return w;
}

static int safe_width(wchar_t c)
{
	int cw = wcwidth(c);

	return cw < 0 ? -1 : cw;
}

int ui_width(const char *s)
{
	wchar_t *w = to_wide(s);
	int cols = 0;

	for (wchar_t *p = w; *p; p++) {
		int cw = safe_width(*p);

		cols += cw < 0 ? 1 : cw;
	}
	free(w);
	return cols;
}

int ui_text(int y, int x, const char *s, int cols, attr_t attr, int pad)
{
	wchar_t *w = to_wide(s ? s : "");
	int used = 0, total = ui_width(s ? s : "");

	if (cols <= 0) {
		free(w);
		return 0;
	}
	attron(attr);
	move(y, x);
	for (wchar_t *p = w; *p; p++) {
		wchar_t c = *p;
		int cw = safe_width(c);

		if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || cw < 0) {
			c = L'?';
			cw = 1;
		}
		/* Leave room for the ellipsis when the rest won't fit. */
		if (used + cw > cols || (total > cols && used + cw > cols - 1)) {
			if (used < cols) {
				addwstr(L"…");
				used++;
			}
			break;
		}
		addnwstr(&c, 1);
		used += cw;
	}
	if (pad)
		for (; used < cols; used++)
			addch(' ');
	attroff(attr);
	free(w);
	return used;
}

static char message[512];
static enum ui_role message_role;

void ui_message(enum ui_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	message_role = role;
}

void ui_waiting(void)
{
	char line[256];

	snprintf(line, sizeof line, " %s", _("waiting for the database…"));
	ui_text(LINES - 1, 0, line, COLS, ui_attr(R_STATUS), 1);
	refresh();
}

/* db_wait_hook: while a change waits for other writers, the seconds waited
 * on the status line; the next redraw puts the line back. */
static void ui_db_waiting(int64_t waited_ms)
{
	char line[256];

	if (waited_ms < 0)
		return;
	snprintf(line, sizeof line, " ");
	snprintf(line + 1, sizeof line - 1, _("waiting for the database… %lld s"), (long long)(waited_ms / 1000));
	ui_text(LINES - 1, 0, line, COLS, ui_attr(R_STATUS), 1);
	refresh();
}

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

char *ui_pick_date(const char *title, const char *initial)
{
	struct tm tm = {0};
	time_t day;

	if (!initial || sscanf(initial, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
		day = af_now();
		gmtime_r(&day, &tm);
	} else {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
	}
	tm.tm_hour = 12;
	day = timegm(&tm);
	for (;;) {
		struct tm cur, first;
		time_t f;
		char head[256], buf[8];
		int y0 = 2, x0 = 2, wd;
		wint_t ch;
		int rc;

		gmtime_r(&day, &cur);
		first = cur;
		first.tm_mday = 1;
		f = timegm(&first);
		gmtime_r(&f, &first);
		wd = (first.tm_wday + 6) % 7; /* Monday first */
		erase();
		snprintf(head, sizeof head, " %s  %04d-%02d", title, cur.tm_year + 1900, cur.tm_mon + 1);
		ui_text(0, 0, head, COLS, ui_attr(R_TITLE), 1);
		/* TRANSLATORS: the days of the week from Monday, each two columns
		   wide (one Chinese character), two spaces apart. */
		ui_text(y0, x0, _("Mo  Tu  We  Th  Fr  Sa  Su"), COLS - x0, ui_attr(R_HEADER), 0);
		for (int d = 1; d <= 31; d++) {
			struct tm t = first;
			time_t tt;
			int cell = wd + d - 1;

			t.tm_mday = d;
			tt = timegm(&t);
			gmtime_r(&tt, &t);
			if (t.tm_mon != cur.tm_mon)
				break;
			snprintf(buf, sizeof buf, "%2d", d);
			ui_text(y0 + 1 + cell / 7, x0 + (cell % 7) * 4, buf, 2,
				d == cur.tm_mday ? ui_attr(R_CURSOR) : A_NORMAL, 0);
		}
		snprintf(head, sizeof head, " %s", _("←→ day  ↑↓ week  PgUp/PgDn month  Enter choose  Esc cancel"));
		ui_text(LINES - 1, 0, head, COLS, ui_attr(R_STATUS), 1);
		refresh();
		rc = ui_getkey(&ch);
		if (rc == ERR) {
			if (got_term || got_hup)
				return NULL;
			continue;
		}
		if (rc == OK && ch == 27)
			return NULL;
		if (rc == OK && ch == '\n') {
			char out[64];

			snprintf(out, sizeof out, "%04d-%02d-%02d", cur.tm_year + 1900, cur.tm_mon + 1, cur.tm_mday);
			return xstrdup(out);
		}
		switch (rc == KEY_CODE_YES || rc == OK ? ui_action_of((int)ch) : UI_NONE) {
		case UI_LEFT: day -= 86400; break;
		case UI_RIGHT: day += 86400; break;
		case UI_UP: day -= 7 * 86400; break;
		case UI_DOWN: day += 7 * 86400; break;
		case UI_PGUP:
		case UI_PGDN:
			cur.tm_mon += ui_action_of((int)ch) == UI_PGUP ? -1 : 1;
			if (cur.tm_mday > 28)
				cur.tm_mday = 28;
			day = timegm(&cur);
			break;
		default:
			break;
		}
	}
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

void ui_list_draw(ui_list *l, int top, int h, int w)
{
	int nc = l->t.ncols, widths[16] = {0}, shown[16] = {0}, total = 0, rows = h - 1;

	if (nc > 16)
		nc = 16;
	/* Natural widths from the header and the rows in view. */
	for (int c = 0; c < nc; c++) {
		widths[c] = ui_width(i18n_tr(l->t.headers[c]));
		shown[c] = 1;
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
		total += widths[c] + 1;
	}
	/* Narrow terminal: drop low-priority columns, then shrink the last. */
	for (int pass = 0; total > w - 2 && l->priority && pass < nc; pass++) {
		int drop = -1;

		for (int c = 0; c < nc; c++)
			if (shown[c] && l->priority[c] > 0 && (drop < 0 || l->priority[c] < l->priority[drop]))
				drop = c;
		if (drop < 0)
			break;
		shown[drop] = 0;
		total -= widths[drop] + 1;
	}
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
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (rows > 0 && l->cursor >= l->top + rows)
		l->top = l->cursor - rows + 1;
	l->view_y = top + 1;
	l->view_rows = rows > 0 ? rows : 0;
	if (n_drawn_lists < (int)(sizeof drawn_lists / sizeof drawn_lists[0]))
		drawn_lists[n_drawn_lists++] = l;
	for (int i = 0; i < rows; i++) {
		int r = l->top + i, x = 2;
		attr_t attr;

		move(top + 1 + i, 0);
		clrtoeol();
		if (r >= l->t.nrows)
			continue;
		attr = r == l->cursor ? ui_attr(R_CURSOR) :
		       (l->t.flags[r] & VIEW_OVERDUE) ? ui_attr(R_OVERDUE) :
		       (l->t.flags[r] & VIEW_LOW) ? ui_attr(R_LOW) :
		       (l->t.flags[r] & VIEW_UNREAD) ? ui_attr(R_UNREAD) : ui_attr(R_NORMAL);
		ui_text(top + 1 + i, 0, l->marks && l->marks[r] ? "*" :
			(l->t.flags[r] & VIEW_OVERDUE) ? "!" : " ", 2,
			l->marks && l->marks[r] ? ui_attr(R_MARKED) : attr, 1);
		for (int c = 0; c < nc && x < w; c++) {
			int cw;

			if (!shown[c])
				continue;
			cw = widths[c] < w - x ? widths[c] : w - x;
			ui_text(top + 1 + i, x, view_cell(&l->t, r, c), cw, attr, 1);
			x += cw;
			if (x < w) {
				ui_text(top + 1 + i, x, " ", 1, attr, 1);
				x++;
			}
		}
		if (r == l->cursor && x < w)
			ui_text(top + 1 + i, x, "", w - x, attr, 1);
	}
	if (l->t.nrows == 0)
		ui_text(top + 1, 2, _("(nothing here)"), w - 2, ui_attr(R_DIM), 0);
}

/* ---- script mode: keys from a file, screens dumped to a file ---- */

static FILE *script, *dump;
static int dump_count;

int ui_scripted(void)
{
	return script != NULL;
}

static void dump_screen(void)
{
	wchar_t line[512];

	fprintf(dump, "--- screen %d (%dx%d)\n", ++dump_count, COLS, LINES);
	for (int y = 0; y < LINES; y++) {
		char out[2048];
		int n = mvinnwstr(y, 0, line, COLS < 511 ? COLS : 511);
		size_t len;

		if (n < 0)
			n = 0;
		line[n] = 0;
		len = wcstombs(out, line, sizeof out - 1);
		if (len == (size_t)-1)
			len = 0;
		out[len] = '\0';
		while (len > 0 && out[len - 1] == ' ')
			out[--len] = '\0';
		fprintf(dump, "%s\n", out);
	}
	fflush(dump);
}

static const struct { const char *name; int key; } key_names[] = {
	{ "Enter", '\n' }, { "Esc", 27 }, { "Tab", '\t' }, { "BTab", KEY_BTAB },
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Space", ' ' }, { "Backspace", KEY_BACKSPACE }, { "F1", KEY_F(1) }, { "F2", KEY_F(2) },
	{ "F3", KEY_F(3) }, { "F4", KEY_F(4) }, { "F5", KEY_F(5) }, { "F6", KEY_F(6) },
	{ "F7", KEY_F(7) }, { "F8", KEY_F(8) }, { "F9", KEY_F(9) }, { "F10", KEY_F(10) },
	{ "F12", KEY_F(12) }, { "C-l", 12 }, { "Insert", KEY_IC }, { "Delete", KEY_DC },
};

static wchar_t pending[1024];
static int pending_n, pending_i;
static int pending_codes[64], codes_n, codes_i;
static int script_over, exiting;
static void redraw_all(void);

static MEVENT script_mouse;
static int have_script_mouse;

/* Script lines: "key NAME", "type TEXT", "dump", "tick", "resize COLS LINES",
 * "sleep MS", "click ROW COL [double]" (rows and columns from 0), "hup",
 * "# comment". Keys run one by one; the screen is redrawn before each
 * dump. */
static int script_next(int *code, wint_t *ch)
{
	char line[1024];

	for (;;) {
		if (codes_i < codes_n) {
			*code = pending_codes[codes_i++];
			if (*code < 0) {
				*ch = (wint_t)-*code;
				return OK;
			}
			*ch = (wint_t)*code;
			return *code >= KEY_MIN ? KEY_CODE_YES : OK;
		}
		if (pending_i < pending_n) {
			*ch = (wint_t)pending[pending_i++];
			return OK;
		}
		if (!fgets(line, sizeof line, script))
			return -2; /* the script is over */
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (strncmp(line, "type ", 5) == 0) {
			size_t n = mbstowcs(pending, line + 5, sizeof pending / sizeof pending[0] - 1);

			pending_n = n == (size_t)-1 ? 0 : (int)n;
			pending_i = 0;
		} else if (strncmp(line, "key ", 4) == 0) {
			int found = 0;

			for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
				if (strcmp(key_names[i].name, line + 4) == 0) {
					codes_n = 1;
					codes_i = 0;
					pending_codes[0] = key_names[i].key;
					found = 1;
				}
			}
			if (!found && line[4] && !line[5]) {
				codes_n = 1;
				codes_i = 0;
				pending_codes[0] = -(unsigned char)line[4];
			}
		} else if (strcmp(line, "dump") == 0) {
			/* What the user would see now: every loop draws before it reads. */
			dump_screen();
		} else if (strcmp(line, "tick") == 0) {
			return ERR;
		} else if (strncmp(line, "sleep ", 6) == 0) {
			af_sleep_ms(atol(line + 6));
		} else if (strncmp(line, "resize ", 7) == 0) {
			int c, l;

			if (sscanf(line + 7, "%d %d", &c, &l) == 2)
				resizeterm(l, c);
			*code = KEY_RESIZE;
			*ch = KEY_RESIZE;
			return KEY_CODE_YES;
		} else if (strcmp(line, "hup") == 0) {
			got_hup = 1;
			return ERR;
		} else if (strncmp(line, "click ", 6) == 0) {
			char kind[16] = "";
			int y, x;

			if (sscanf(line + 6, "%d %d %15s", &y, &x, kind) < 2)
				continue;
			memset(&script_mouse, 0, sizeof script_mouse);
			script_mouse.y = y;
			script_mouse.x = x;
			script_mouse.bstate = strcmp(kind, "double") == 0 ? BUTTON1_DOUBLE_CLICKED : BUTTON1_CLICKED;
			have_script_mouse = 1;
			*code = KEY_MOUSE;
			*ch = KEY_MOUSE;
			return KEY_CODE_YES;
		}
	}
}

int ui_getkey(wint_t *ch)
{
	db_idle(); /* no read lock held while a person thinks */
	if (script) {
		int code = 0, rc = script_next(&code, ch);

		if (rc == -2) {
			script_over = 1;
			got_term = 1;
			return ERR;
		}
		if (rc == OK && *ch == '\r')
			*ch = '\n';
		return rc;
	}
	{
		int rc = get_wch(ch);

		if (rc == OK && *ch == '\r')
			*ch = '\n';
		return rc;
	}
}

int ui_getmouse(MEVENT *ev)
{
	if (script) {
		if (!have_script_mouse)
			return ERR;
		*ev = script_mouse;
		have_script_mouse = 0;
		return OK;
	}
	return getmouse(ev);
}

/* ---- prompts ---- */

char *ui_prompt(const char *label, const char *initial)
{
	wchar_t buf[1024];
	int n = 0;

	buf[0] = 0;
	if (initial) {
		size_t k = mbstowcs(buf, initial, 1023);

		n = k == (size_t)-1 ? 0 : (int)k;
		buf[n] = 0;
	}
	curs_set(1);
	for (;;) {
		wint_t ch;
		int rc, lw = ui_width(label) + 1, start = 0, cols = 0;

		/* Scroll so the end of the text stays in view. */
		for (int i = n - 1; i >= 0; i--) {
			int cw = wcwidth(buf[i]);

			cols += cw > 0 ? cw : 1;
			if (cols > COLS - lw - 2) {
				start = i + 1;
				break;
			}
		}
		move(LINES - 1, 0);
		clrtoeol();
		ui_text(LINES - 1, 0, label, COLS, ui_attr(R_HEADER), 0);
		{
			char out[4096];
			size_t len = wcstombs(out, buf + start, sizeof out - 1);

			out[len == (size_t)-1 ? 0 : len] = '\0';
			ui_text(LINES - 1, lw, out, COLS - lw, A_NORMAL, 0);
		}
		refresh();
		rc = ui_getkey(&ch);
		if (rc == ERR) {
			if (got_term || got_hup)
				break;
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			redraw_all();
			continue;
		}
		if (rc == OK && ch == 27) {
			curs_set(0);
			return NULL;
		}
		if ((rc == OK && ch == '\n') || (rc == KEY_CODE_YES && ch == KEY_ENTER))
			break;
		if ((rc == KEY_CODE_YES && ch == KEY_BACKSPACE) || (rc == OK && (ch == 127 || ch == 8))) {
			if (n > 0)
				buf[--n] = 0;
			continue;
		}
		if (rc == OK && ch == 21) { /* ^U clears */
			n = 0;
			buf[0] = 0;
			continue;
		}
		if (rc == OK && ch >= 0x20 && ch != 0x7F && n < 1023) {
			buf[n++] = (wchar_t)ch;
			buf[n] = 0;
		}
	}
	curs_set(0);
	if (got_term || got_hup)
		return NULL;
	{
		size_t cap = (size_t)n * MB_CUR_MAX + 1;
		char *out = xmalloc(cap);
		size_t len = wcstombs(out, buf, cap);

		out[len == (size_t)-1 ? 0 : len] = '\0';
		return out;
	}
}

int ui_confirm(const char *question)
{
	for (;;) {
		wint_t ch;
		int rc;

		move(LINES - 1, 0);
		clrtoeol();
		ui_text(LINES - 1, 0, question, COLS - 8, ui_attr(R_HEADER), 0);
		addstr(" (y/n) ");
		refresh();
		rc = ui_getkey(&ch);
		if (rc == ERR && (got_term || got_hup))
			return 0;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			redraw_all(); /* the screen behind the question, at the new size */
			continue;
		}
		if (rc == OK && (ch == 'y' || ch == 'Y'))
			return 1;
		if (rc == OK && (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q'))
			return 0;
	}
}

char *ui_pick(const char *title, view_table *t, ui_pick_reload reload, void *ctx)
{
	ui_list l = {0};
	char query[256] = "";
	char *result = NULL;

	ui_list_set(&l, t);
	for (;;) {
		int top = 1, h = LINES - 3;
		char head[512];
		wint_t ch;
		int rc;

		erase();
		n_drawn_lists = 0;
		snprintf(head, sizeof head, " %s%s%s%s", title, reload ? "  " : "", reload ? _("search:") : "",
			 reload ? query : "");
		ui_text(0, 0, head, COLS, ui_attr(R_TITLE), 1);
		ui_list_draw(&l, top, h, COLS);
		snprintf(head, sizeof head, " %s", reload ? _("type to search · Enter choose · Esc cancel")
							  : _("Enter choose · Esc cancel"));
		ui_text(LINES - 1, 0, head, COLS, ui_attr(R_STATUS), 1);
		refresh();
		rc = ui_getkey(&ch);
		if (rc == ERR) {
			if (got_term || got_hup)
				break;
			continue;
		}
		if (rc == OK && ch == 27)
			break;
		if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
			MEVENT ev;

			/* A click chooses the row; a double click takes it. */
			if (ui_getmouse(&ev) == OK && ui_list_click(ev.y) == &l && (ev.bstate & BUTTON1_DOUBLE_CLICKED)) {
				result = xstrdup(ui_list_key(&l));
				break;
			}
			continue;
		}
		if (rc == OK && ch == '\n') {
			if (l.t.nrows)
				result = xstrdup(ui_list_key(&l));
			break;
		}
		if (rc == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_DOWN || ch == KEY_NPAGE || ch == KEY_PPAGE)) {
			ui_list_move(&l, ui_action_of((int)ch), h);
			continue;
		}
		if (!reload) {
			if (rc == OK)
				ui_list_move(&l, ui_action_of((int)ch), h);
			continue;
		}
		if ((rc == KEY_CODE_YES && ch == KEY_BACKSPACE) || (rc == OK && (ch == 127 || ch == 8))) {
			size_t len = strlen(query);

			/* Drop one whole UTF-8 character. */
			while (len > 0 && ((unsigned char)query[len - 1] & 0xC0) == 0x80)
				len--;
			if (len > 0)
				len--;
			query[len] = '\0';
		} else if (rc == OK && ch >= 0x20 && ch != 0x7F) {
			char mb[8];
			int k = wctomb(mb, (wchar_t)ch);

			if (k > 0 && strlen(query) + (size_t)k < sizeof query) {
				mb[k] = '\0';
				strcat(query, mb);
			}
		} else {
			continue;
		}
		{
			view_table nt;

			reload(ctx, query, &nt);
			l.cursor = 0;
			ui_list_set(&l, &nt);
		}
	}
	ui_list_free(&l);
	return result;
}

/* ---- the screen stack and the main loop ---- */

static struct screen *current;
static int reload_wanted, quit_wanted;

void ui_push(const struct screen_ops *ops, void *data)
{
	struct screen *s = xcalloc(1, sizeof *s);

	s->ops = ops;
	s->data = data;
	s->prev = current;
	current = s;
	if (ops->load)
		ops->load(s);
}

void ui_pop(void)
{
	struct screen *s = current;

	if (!s)
		return;
	current = s->prev;
	if (s->ops->done)
		s->ops->done(s);
	free(s);
	if (!current)
		quit_wanted = 1;
	else if (!exiting && current->ops->load)
		current->ops->load(current); /* what it shows may have changed */
}

void ui_reload(void)
{
	reload_wanted = 1;
}

/* The user's roles, read again only when the data changed: the status line
 * is drawn at every tick, and a read is four round trips on a share. */
static char *status_roles;

static void draw_status(void)
{
	char left[512], clock[32];
	time_t t = af_now();
	struct tm tm;
	const char *roles = status_roles ? status_roles : (status_roles = auth_roles());
	const enum ui_action *h;

	localtime_r(&t, &tm);
	strftime(clock, sizeof clock, "%m-%d %H:%M", &tm);
	if (message[0]) {
		ui_text(LINES - 1, 0, message, COLS, ui_attr(message_role), 1);
		return;
	}
	snprintf(left, sizeof left, " %s·%s·%s │ %s │ %s │", me.name, me.department, roles,
		 db_handle() ? _("db ok") : _("db unavailable"), clock);
	if (COLS < 70) /* a phone: who and when, then the keys */
		snprintf(left, sizeof left, " %s │ %s │", me.name, clock + 6);
	{
		strbuf sb = {0};

		sb_puts(&sb, left);
		for (h = current && current->ops->hints ? current->ops->hints : NULL; h && *h != UI_NONE; h++)
			sb_printf(&sb, " %s %s", ui_key_label(*h), _(ui_keys[*h - 1].hint));
		sb_printf(&sb, " %s %s", ui_key_label(UI_HELP), _(ui_keys[UI_HELP - 1].hint));
		ui_text(LINES - 1, 0, sb.buf, COLS, ui_attr(R_STATUS), 1);
		sb_free(&sb);
	}
}

static void redraw_all(void)
{
	char title[256];

	erase();
	n_drawn_lists = 0;
	if (!current)
		return;
	snprintf(title, sizeof title, " adminflow │ %s", _(current->ops->title));
	ui_text(0, 0, title, COLS, ui_attr(R_TITLE), 1);
	if (LINES > 3 && COLS > 10)
		current->ops->draw(current, 1, LINES - 2, COLS);
	draw_status();
	refresh();
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
}

static void terminal_done(void)
{
	if (!isendwin())
		endwin();
}

static int global_key(enum ui_action a)
{
	switch (a) {
	case UI_HELP: help_open(); return 1;
	case UI_INBOX: inbox_open(0); return 1;
	case UI_NOTICES: notices_open(); return 1;
	case UI_REGISTERS: registers_open(); return 1;
	case UI_CALENDAR: calendar_open(0); return 1;
	case UI_REPORTS: reports_open(); return 1;
	case UI_GOTO: {
		char *number = ui_prompt(_("request number:"), NULL);

		if (number && *number)
			detail_open(number);
		free(number);
		return 1;
	}
	case UI_HOME:
		while (current && current->prev)
			ui_pop();
		return 1;
	case UI_REFRESH:
		ui_reload();
		clearok(curscr, TRUE);
		return 1;
	case UI_QUIT:
	case UI_BACK:
		ui_pop();
		return 1;
	default:
		return 0;
	}
}

af_status tui_main(void)
{
	const char *script_path = af_privileged() ? NULL : getenv("ADMINFLOW_TUI_SCRIPT");
	const char *dump_path = af_privileged() ? NULL : getenv("ADMINFLOW_TUI_DUMP");
	struct sigaction sa;
	SCREEN *scr = NULL;
	FILE *devnull = NULL;
	int64_t last_check = af_mono_ms();

	if (script_path && *script_path) {
		script = fopen(script_path, "r");
		dump = fopen(dump_path && *dump_path ? dump_path : "/dev/stdout", "w");
		if (!script || !dump)
			return af_fail(AF_USAGE, "ADMINFLOW_TUI_SCRIPT: cannot open %s or its dump", script_path);
		devnull = fopen("/dev/null", "w");
		scr = newterm(NULL, devnull, stdin);
		if (!scr)
			return af_fail(AF_USAGE, "TERM: the terminal type '%s' is unknown",
				       getenv("TERM") ? getenv("TERM") : "");
		set_term(scr);
	} else {
		if (!isatty(0) || !isatty(1))
			return af_fail(AF_USAGE, "the full-screen program needs a terminal (for scripts use the commands)");
		if (!newterm(NULL, stdout, stdin))
			return af_fail(AF_USAGE, "TERM: the terminal type '%s' is unknown",
				       getenv("TERM") ? getenv("TERM") : "");
	}
	atexit(terminal_done);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	colours_init();
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED, NULL);
	timeout(250);
	db_wait_hook = ui_db_waiting;
	home_open();
	while (current && !quit_wanted && !got_hup && !got_term) {
		wint_t ch;
		int rc;

		if (reload_wanted && current->ops->load) {
			reload_wanted = 0;
			free(status_roles);
			status_roles = NULL;
			current->ops->load(current);
		}
		redraw_all();
		rc = ui_getkey(&ch);
		if (rc == ERR) {
			/* A tick: another process may have committed. */
			if (ui_scripted() || af_mono_ms() - last_check >= cfg.refresh_interval * 1000L) {
				last_check = af_mono_ms();
				if (db_changed())
					reload_wanted = 1;
			}
			continue;
		}
		message[0] = '\0';
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
			MEVENT ev;

			/* On a list's row: the cursor goes there, and a double click
			 * opens it as Enter would; elsewhere the screen decides
			 * (tabs, the calendar's cells). */
			if (ui_getmouse(&ev) != OK || !current->ops->handle)
				continue;
			if (ui_list_click(ev.y)) {
				if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
					current->ops->handle(current, UI_ENTER, '\n');
			} else {
				current->ops->handle(current, UI_NONE, (wint_t)(UI_CLICK | (ev.y << 12) | ev.x));
			}
			continue;
		}
		{
			enum ui_action a = ui_action_of((int)ch);

			if (rc == OK && ch >= 0x80)
				a = UI_NONE; /* a typed CJK character is text, never a command */
			if (current->ops->handle && current->ops->handle(current, a, ch))
				continue;
			global_key(a);
		}
	}
	if ((got_hup || got_term) && !script_over)
		form_save_drafts_now();
	exiting = 1;
	while (current)
		ui_pop();
	terminal_done();
	if (scr) {
		delscreen(scr);
		fclose(devnull);
	}
	if (script) {
		fclose(script);
		fclose(dump);
		script = NULL;
	}
	return AF_OK;
}
