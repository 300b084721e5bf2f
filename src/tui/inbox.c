/* The approval inbox: to-do, done, mine, CC; search, marks, batch approval. */
#include "autoconf.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"
#include "expr.h"
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"
#include "views.h"

static const char *const tab_names[] = { N_("to do"), N_("done"), N_("mine"), N_("CC") };
/* number, affair, from, summary, amount, state/step, waited. What decides
 * an approval stays at every width: the summary (which gives up width
 * first), the amount, who asks and how long it waited; the affair goes
 * first (the number's prefix says it). On to-do the step is hidden: it is
 * the approver's own on every row. */
static const int todo_priority[] = { 0, 1, 3, 0, 0, -1, 4 };
static const int done_priority[] = { 0, 1, 3, 0, 5, 2, 4 };
/* Mine: who asks is the reader; where it stands matters most. */
static const int mine_priority[] = { 0, 1, -1, 0, 3, 4, 2 };

struct inbox {
	int tab;
	char *filter;
	ui_list list;
};

static void inbox_load(struct screen *s)
{
	struct inbox *in = s->data;
	view_table t;

	if (views_inbox(in->tab, in->filter, &t) != AF_OK)
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	ui_list_set(&in->list, &t);
}

/* n with its thousands grouped: 49,997. */
static void grouped(int64_t n, char *buf, size_t len)
{
	char digits[32];
	size_t nd, o = 0;

	snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? 0 : n));
	nd = strlen(digits);
	for (size_t i = 0; i < nd && o + 2 < len; i++) {
		if (i && (nd - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

static void inbox_draw(struct screen *s, int top, int h, int w)
{
	struct inbox *in = s->data;

	int x = ui_tabs_draw(top, w, tab_names, 4, in->tab, in->filter);

	if (!(in->filter && *in->filter) && in->list.t.total > in->list.t.nrows) {
		char shown[32], total[32], f[300];

		/* Done: only the latest are loaded; say so, and how to reach the rest. */
		grouped(in->list.t.nrows, shown, sizeof shown);
		grouped(in->list.t.total, total, sizeof total);
		/* TRANSLATORS: the done tab shows the latest requests only: how
		 * many of how many, and that the search key / searches them all. */
		snprintf(f, sizeof f, _(" %s latest of %s — / searches all"), shown, total);
		ui_text(top, x, f, w - x, ui_attr(R_DIM), 0);
	}
	in->list.priority = in->tab == 0 ? todo_priority : in->tab == 2 ? mine_priority : done_priority;
	in->list.flex = 4;           /* the summary */
	in->list.right = 1u << 4;    /* the amount */
	ui_list_draw(&in->list, top + 1, h - 1, w);
}

static void batch_approve(struct inbox *in)
{
	int n = 0, done = 0;
	char question[256], *opinion;

	for (int i = 0; i < in->list.t.nrows; i++)
		n += in->list.marks[i] ? 1 : 0;
	if (n == 0) {
		ui_message(R_ERROR, "%s", _("nothing marked (Space marks a row)"));
		return;
	}
	opinion = ui_prompt(_("opinion:"), _("agreed"));
	if (!opinion)
		return;
	{
		/* What is being approved, in money: the marked rows' amounts. */
		int64_t total = 0, cents;
		int priced = 0;
		char sum[32];

		for (int i = 0; i < in->list.t.nrows; i++)
			if (in->list.marks[i] && expr_parse_money(view_cell(&in->list.t, i, 4), &cents) == 0)
				total += cents, priced++;
		if (priced)
			snprintf(question, sizeof question, ngettext("approve %d request, amounts %s in all?",
								     "approve %d requests, amounts %s in all?",
								     (unsigned long)n), n,
				 expr_format_money(total, sum, sizeof sum));
		else
			snprintf(question, sizeof question, ngettext("approve %d request?", "approve %d requests?",
								     (unsigned long)n), n);
	}
	if (ui_confirm(question)) {
		ui_waiting();
		for (int i = 0; i < in->list.t.nrows; i++) {
			engine_args a = { .opinion = opinion };

			if (!in->list.marks[i])
				continue;
			if (engine_act(in->list.t.keys[i], ACT_APPROVE, &a) == AF_OK) {
				done++;
				in->list.marks[i] = 0;
			}
		}
		if (done == n)
			ui_message(R_GOOD, _("approved %d"), done);
		else
			ui_message(R_ERROR, _("%d of %d approved; %s"), done, n, af_errmsg_shown());
		ui_reload();
	}
	free(opinion);
}

static int inbox_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct inbox *in = s->data;

	if (a == UI_NONE && UI_IS_CLICK(ch)) { /* a click on a tab */
		int tab = ui_tabs_click(ch);

		if (tab >= 0 && tab != in->tab) {
			in->tab = tab;
			in->list.cursor = 0;
			inbox_load(s);
		}
		return 1;
	}
	if (ui_list_move(&in->list, a, LINES - 5))
		return 1;
	switch (a) {
	case UI_NEXT:
	case UI_RIGHT:
	case UI_PREV:
	case UI_LEFT:
		in->tab = (in->tab + (a == UI_NEXT || a == UI_RIGHT ? 1 : 3)) % 4;
		in->list.cursor = 0;
		inbox_load(s);
		return 1;
	case UI_ENTER:
		if (in->list.t.nrows)
			detail_open(ui_list_key(&in->list));
		return 1;
	case UI_MARK:
		if (in->list.t.nrows && in->tab == 0) {
			in->list.marks[in->list.cursor] ^= 1;
			ui_list_move(&in->list, UI_DOWN, LINES);
		}
		return 1;
	case UI_BATCH:
		if (in->tab == 0)
			batch_approve(in);
		return 1;
	case UI_SEARCH: {
		char *f = ui_prompt(_("search:"), in->filter);

		if (f) {
			free(in->filter);
			in->filter = f;
			in->list.cursor = 0;
			inbox_load(s);
		}
		return 1;
	}
	case UI_SORT: {
		/* Next column; past the last, back to the order as loaded. */
		int next = in->list.sort_col >= in->list.t.ncols ? -1 : in->list.sort_col;

		in->list.cursor = in->list.cursor < 0 ? 0 : in->list.cursor;
		if (next < 0) {
			in->list.sort_col = 0;
			inbox_load(s);
		} else {
			ui_list_sort(&in->list, next, 0);
			ui_message(R_DIM, _("sorted by %s"), i18n_tr(in->list.t.headers[next]));
		}
		return 1;
	}
	case UI_INBOX:
		return 1;
	default:
		if (ch >= '1' && ch <= '4') {
			in->tab = (int)(ch - '1');
			in->list.cursor = 0;
			inbox_load(s);
			return 1;
		}
		return 0;
	}
}

static void inbox_done(struct screen *s)
{
	struct inbox *in = s->data;

	ui_list_free(&in->list);
	free(in->filter);
	free(in);
}

static const enum ui_action inbox_hints[] = { UI_ENTER, UI_NEXT, UI_MARK, UI_BATCH, UI_SEARCH, UI_SORT, UI_QUIT, UI_NONE };
static const struct screen_ops inbox_ops = {
	N_("inbox"), inbox_load, inbox_draw, inbox_handle, inbox_done, inbox_hints, NULL
};

void inbox_open(int tab)
{
	struct inbox *in = xcalloc(1, sizeof *in);

	in->tab = tab;
	ui_push(&inbox_ops, in);
}
