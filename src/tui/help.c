/* Help: every key, from the same table that dispatches them. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"

struct help { int top, rows; };

static void help_draw(struct screen *s, int top, int h, int w)
{
	struct help *hp = s->data;
	int y = top, i = 0, n = UI_ACTION_COUNT - 1;

	/* One line kept for where the page is, when it does not all fit. */
	hp->rows = n > h ? h - 1 : h;
	if (hp->top > n - hp->rows)
		hp->top = n - hp->rows > 0 ? n - hp->rows : 0;
	if (n > h) {
		char where[128];

		snprintf(where, sizeof where, _("%d-%d of %d · PgDn/PgUp a page · g/G first/last"), hp->top + 1,
			 hp->top + hp->rows < n ? hp->top + hp->rows : n, n);
		ui_text(top + h - 1, 1, where, w - 1, ui_attr(R_DIM), 1);
	}
	for (const struct ui_key *k = ui_keys; k->name; k++, i++) {
		char keys[64] = "";
		const char *second = "";
		char f[16];

		if (i < hp->top)
			continue;
		if (y >= top + hp->rows)
			break;
		if (k->key2 >= KEY_F(1) && k->key2 <= KEY_F(12)) {
			snprintf(f, sizeof f, "F%d", k->key2 - KEY_F(0));
			second = f;
		} else if (k->key2 == KEY_UP) second = "↑";
		else if (k->key2 == KEY_DOWN) second = "↓";
		else if (k->key2 == KEY_LEFT) second = "←";
		else if (k->key2 == KEY_RIGHT) second = "→";
		else if (k->key2 == KEY_PPAGE) second = "PgUp";
		else if (k->key2 == KEY_NPAGE) second = "PgDn";
		else if (k->key2 == KEY_HOME) second = "Home";
		else if (k->key2 == KEY_END) second = "End";
		else if (k->key2 == KEY_BACKSPACE) second = "BS";
		else if (k->key2 == KEY_IC) second = "Ins";
		else if (k->key2 == KEY_DC) second = "Del";
		snprintf(keys, sizeof keys, "%s%s%s", ui_key_label(k->action), second[0] ? " " : "", second);
		ui_text(y, 1, keys, 12, ui_attr(R_HEADER), 1);
		ui_text(y, 14, _(k->help), w - 14, A_NORMAL, 1);
		y++;
	}
}

static int help_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct help *hp = s->data;

	(void)ch;
	/* Moves by a line, a page, or to the ends; the drawing keeps the
	 * last page full. */
	switch (a) {
	case UI_DOWN: hp->top++; return 1;
	case UI_UP: hp->top--; break;
	case UI_PGDN: hp->top += hp->rows > 1 ? hp->rows - 1 : 1; return 1;
	case UI_PGUP: hp->top -= hp->rows > 1 ? hp->rows - 1 : 1; break;
	case UI_TOP: hp->top = 0; return 1;
	case UI_BOTTOM: hp->top = UI_ACTION_COUNT; return 1;
	default: goto other;
	}
	if (hp->top < 0)
		hp->top = 0;
	return 1;
other:
	if (a == UI_HELP)
		return 1;
	return 0;
}

static void help_done(struct screen *s)
{
	free(s->data);
}

static const enum ui_action help_hints[] = { UI_PGDN, UI_BOTTOM, UI_QUIT, UI_NONE };
static const struct screen_ops help_ops = { N_("help"), NULL, help_draw, help_handle, help_done, help_hints, NULL };

void help_open(void)
{
	ui_push(&help_ops, xcalloc(1, sizeof(struct help)));
}
