/* Drawing: colours by role, text measured in columns, the status message. */
#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "tui/ui.h"
#include "tui/ui_int.h"
#include "safetext.h"
#include "util.h"

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

void ui_colours_init(void)
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

		if (c < 0x20 || safetext_control((uint32_t)c) || cw < 0) { /* the one rule: shown, not obeyed */
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

char ui_msg[512];
enum ui_role ui_msg_role;

void ui_message(enum ui_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui_msg, sizeof ui_msg, fmt, ap);
	va_end(ap);
	ui_msg_role = role;
}

void ui_waiting(void)
{
	char line[256];

	snprintf(line, sizeof line, " %s", _("waiting for the database…"));
	ui_text(LINES - 1, 0, line, COLS, ui_attr(R_STATUS), 1);
	refresh();
}

char **ui_grid_lines(const view_table *g, int *n_out)
{
	int *wid = xcalloc((size_t)g->ncols + 1, sizeof *wid);
	char **out = xcalloc((size_t)g->nrows + 2, sizeof *out);

	for (int c = 0; c < g->ncols; c++) {
		wid[c] = ui_width(_(g->headers[c]));
		for (int r = 0; r < g->nrows; r++)
			if (ui_width(view_cell(g, r, c)) > wid[c])
				wid[c] = ui_width(view_cell(g, r, c));
	}
	for (int r = -1; r < g->nrows; r++) {
		strbuf sb = {0};

		for (int c = 0; c < g->ncols; c++) {
			const char *v = r < 0 ? _(g->headers[c]) : view_cell(g, r, c);
			int pad = wid[c] - ui_width(v), num = r >= 0 && *v && strspn(v, "0123456789.,-") == strlen(v);

			if (c)
				sb_puts(&sb, "  ");
			if (num)
				sb_printf(&sb, "%*s%s", pad, "", v);
			else if (c < g->ncols - 1)
				sb_printf(&sb, "%s%*s", v, pad, "");
			else
				sb_puts(&sb, v);
		}
		out[r + 1] = sb_take(&sb);
	}
	free(wid);
	*n_out = g->nrows + 1;
	return out;
}
