/* Notices: newest first, unread ones bold; Enter reads one and opens its
 * request, or for a low-stock notice the prepared restock (B too). */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"
#include "views.h"

struct notices { ui_list list; };
static const int notices_priority[] = { 1, 2, 0 };

static void notices_load(struct screen *s)
{
	struct notices *n = s->data;
	view_table t;

	if (views_notices(&t) != AF_OK)
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	ui_list_set(&n->list, &t);
}

static void notices_draw(struct screen *s, int top, int h, int w)
{
	struct notices *n = s->data;

	n->list.priority = notices_priority;
	ui_list_draw(&n->list, top, h, w);
}

static int notices_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct notices *n = s->data;

	(void)ch;
	if (ui_list_move(&n->list, a, LINES - 4))
		return 1;
	if (a == UI_ENTER && n->list.t.nrows) {
		const char *text = view_cell(&n->list.t, n->list.cursor, 2);
		char number[64] = "";
		const char *p;

		views_notice_read(strtoll(ui_list_key(&n->list), NULL, 10));
		if (n->list.t.flags[n->list.cursor] & VIEW_RESTOCK) {
			notices_load(s);
			restock_open();
			return 1;
		}
		/* The notice names its request: PREFIX-YYYYMMDD-NNNN. */
		for (p = text; *p; p++) {
			if (*p >= 'A' && *p <= 'Z' && sscanf(p, "%63[A-Z0-9-]", number) == 1 &&
			    strlen(number) >= 15 && strchr(number, '-'))
				break;
			number[0] = '\0';
		}
		if (number[0])
			detail_open(number);
		else
			notices_load(s);
		return 1;
	}
	if (a == UI_RESTOCK) {
		restock_open();
		return 1;
	}
	if (a == UI_NOTICES)
		return 1;
	return 0;
}

static void notices_done(struct screen *s)
{
	struct notices *n = s->data;

	ui_list_free(&n->list);
	free(n);
}

static const enum ui_action notices_hints[] = { UI_ENTER, UI_INBOX, UI_QUIT, UI_NONE };
static const struct screen_ops notices_ops = {
	N_("notices"), notices_load, notices_draw, notices_handle, notices_done, notices_hints, NULL
};

void notices_open(void)
{
	ui_push(&notices_ops, xcalloc(1, sizeof(struct notices)));
}
