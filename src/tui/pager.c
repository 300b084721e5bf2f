/* Long text read in full: wrapping by display columns (CJK takes two,
 * words kept whole where there are spaces), and a full-screen pager that
 * scrolls by line and page, g/G to either end, q or Esc back. */
#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"

/* The display width of the character at s (n bytes of it at most) and
 * its length in bytes; control characters count one (shown as '?'). */
static int char_at(const char *s, size_t n, int *bytes)
{
	mbstate_t ps = {0};
	wchar_t wc;
	size_t len = mbrtowc(&wc, s, n, &ps);
	int w;

	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		*bytes = 1;
		return 1;
	}
	*bytes = (int)len;
	w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

int ui_wrap(const char *s, int cols, ui_span **out)
{
	int n = 0, cap = 8;
	ui_span *v = xcalloc((size_t)cap, sizeof *v);

	if (cols < 1)
		cols = 1;
	s = s ? s : "";
	for (;;) {
		size_t line_len = strcspn(s, "\n");
		const char *p = s, *end = s + line_len;

		do {
			const char *q = p, *space = NULL;
			int used = 0;

			while (q < end) {
				int b, w = char_at(q, (size_t)(end - q), &b);

				if (used + w > cols)
					break;
				if (*q == ' ')
					space = q;
				used += w;
				q += b;
			}
			/* Break after the last space when a word would be cut. */
			if (q < end && space && space > p && *q != ' ')
				q = space + 1;
			if (q == p) { /* a character wider than the line: alone on it */
				int b;

				char_at(q, (size_t)(end - q), &b);
				q += b;
			}
			if (n == cap)
				v = xrealloc(v, (size_t)(cap *= 2) * sizeof *v);
			v[n].start = p;
			v[n].len = (size_t)(q - p);
			n++;
			p = q;
		} while (p < end);
		if (!*end)
			break;
		s = end + 1;
	}
	*out = v;
	return n;
}

struct pager {
	char *title, *text;
	int top, height;
};

static void pager_draw(struct screen *s, int top, int h, int w)
{
	struct pager *pg = s->data;
	ui_span *lines;
	int n = ui_wrap(pg->text, w - 2, &lines);

	ui_text(top, 0, pg->title, w, ui_attr(R_HEADER), 1);
	pg->height = h - 1;
	if (pg->top > n - pg->height)
		pg->top = n - pg->height;
	if (pg->top < 0)
		pg->top = 0;
	for (int i = 0; i < pg->height && pg->top + i < n; i++) {
		char *line = xasprintf("%.*s", (int)lines[pg->top + i].len, lines[pg->top + i].start);

		ui_text(top + 1 + i, 1, line, w - 1, A_NORMAL, 1);
		free(line);
	}
	if (n > pg->height) {
		char where[64];

		snprintf(where, sizeof where, " %d-%d/%d ", pg->top + 1,
			 pg->top + pg->height < n ? pg->top + pg->height : n, n);
		ui_text(top, w - ui_width(where), where, ui_width(where), ui_attr(R_DIM), 0);
	}
	free(lines);
}

static int pager_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct pager *pg = s->data;
	int page = pg->height > 1 ? pg->height - 1 : 1;

	(void)ch;
	switch (a) {
	case UI_DOWN: case UI_ENTER: pg->top++; return 1;
	case UI_UP: pg->top--; return 1;
	case UI_PGDN: case UI_MARK: pg->top += page; return 1;
	case UI_PGUP: pg->top -= page; return 1;
	case UI_TOP: pg->top = 0; return 1;
	case UI_BOTTOM: pg->top = 1 << 28; return 1; /* drawn: clamped to the last page */
	case UI_QUIT: case UI_BACK: ui_pop(); return 1;
	default: return 0;
	}
}

static void pager_done(struct screen *s)
{
	struct pager *pg = s->data;

	free(pg->title);
	free(pg->text);
	free(pg);
}

static const enum ui_action pager_hints[] = { UI_PGDN, UI_BOTTOM, UI_QUIT, UI_NONE };
static const struct screen_ops pager_ops = { N_("read"), NULL, pager_draw, pager_handle, pager_done, pager_hints, NULL };

void pager_open(const char *title, const char *text)
{
	struct pager *pg = xcalloc(1, sizeof *pg);

	pg->title = xstrdup(title);
	pg->text = xstrdup(text ? text : "");
	ui_push(&pager_ops, pg);
}
