/* Home: the affairs the user may start, counts, and what is due today. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"
#include "views.h"

struct home {
	ui_list forms;
	view_table due;
	home_counts counts;
};

static void home_load(struct screen *s)
{
	struct home *h = s->data;
	view_table t;

	views_forms(&t);
	ui_list_set(&h->forms, &t);
	view_table_free(&h->due);
	views_due(&h->due);
	views_home(&h->counts);
}

static void draw_due(struct home *h, int y, int x, int rows, int w)
{
	ui_text(y++, x, _("due today"), w, ui_attr(R_HEADER), 1);
	for (int i = 0; i < h->due.nrows && rows-- > 1; i++) {
		enum ui_role role = h->due.flags[i] & VIEW_OVERDUE ? R_OVERDUE :
				    h->due.flags[i] & VIEW_LOW ? R_LOW : R_NORMAL;
		char line[512];

		snprintf(line, sizeof line, "%s %s", view_cell(&h->due, i, 0), view_cell(&h->due, i, 1));
		ui_text(y++, x, line, w, ui_attr(role), 1);
	}
	if (h->due.nrows == 0)
		ui_text(y, x, _("(nothing due)"), w, ui_attr(R_DIM), 0);
}

static void home_draw(struct screen *s, int top, int height, int w)
{
	struct home *h = s->data;
	char counts[256];

	/* TRANSLATORS: to do, its overdue mark "(!)" or nothing, returned to
	   the user, the user's requests under way, unread notices. */
	snprintf(counts, sizeof counts, _("to do %lld%s  returned %lld  under way %lld  unread %lld"),
		 (long long)h->counts.todo, h->counts.overdue ? "(!)" : "",
		 (long long)h->counts.returned, (long long)h->counts.mine_pending,
		 (long long)h->counts.unread);
	ui_text(top, 1, counts, w - 1, h->counts.overdue ? ui_attr(R_OVERDUE) : ui_attr(R_GOOD), 1);
	if (w >= 70) {
		int lw = 30;

		ui_list_draw(&h->forms, top + 1, height - 1, lw);
		for (int y = top + 1; y < top + height; y++)
			ui_text(y, lw, "│", 1, ui_attr(R_DIM), 0);
		draw_due(h, top + 1, lw + 2, height - 1, w - lw - 2);
	} else {
		/* A phone: one column, the affairs first, what is due below. */
		int list_h = (height - 1) * 3 / 5;

		ui_list_draw(&h->forms, top + 1, list_h, w);
		draw_due(h, top + 1 + list_h, 1, height - 1 - list_h, w - 1);
	}
}

static int home_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct home *h = s->data;

	(void)ch;
	if (ui_list_move(&h->forms, a, LINES - 4))
		return 1;
	if (a == UI_ENTER && h->forms.t.nrows) {
		form_open(ui_list_key(&h->forms), NULL, NULL);
		return 1;
	}
	if (a == UI_BACK)
		return 1; /* Esc on home does not quit: q does */
	return 0;
}

static void home_done(struct screen *s)
{
	struct home *h = s->data;

	ui_list_free(&h->forms);
	view_table_free(&h->due);
	free(h);
}

static const enum ui_action home_hints[] = { UI_ENTER, UI_INBOX, UI_NOTICES, UI_CALENDAR, UI_REGISTERS, UI_QUIT, UI_NONE };
static const struct screen_ops home_ops = {
	N_("home"), home_load, home_draw, home_handle, home_done, home_hints, NULL
};

void home_open(void)
{
	ui_push(&home_ops, xcalloc(1, sizeof(struct home)));
}
