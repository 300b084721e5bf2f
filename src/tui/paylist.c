/* The claims approved and not yet paid (the unpaid report's rows), for
 * finance to pay several at once: Space marks, P pays the marked ones (or
 * the one under the cursor) with one bank reference and day, all or none,
 * through payment_pay; Enter opens a claim. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "payment.h"
#include "report.h"
#include "tui/ui.h"
#include "util.h"

static const char *headers[] = { N_("number"), N_("applicant"), N_("amount"), N_("done on") };
static const int cols[] = { 0, 2, 4, 5 }; /* of rep_unpaid's table */

struct paylist { ui_list list; };
static const struct screen_ops paylist_ops, paylist_read_ops;

static void paylist_load(struct screen *s)
{
	struct paylist *p = s->data;
	view_table t = { .ncols = 4, .headers = headers };
	report r = {0};
	report_opts o = {0};

	/* P in the hints only while the domain says this user may pay. */
	s->ops = payment_allowed() == AF_OK ? &paylist_ops : &paylist_read_ops;
	af_clear_error();

	if (report_run("unpaid", &o, &r) != AF_OK)
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	else if (r.ntables > 0 && r.tables[0].nrows > 1) {
		const report_table *rt = &r.tables[0];

		/* Every row but the last, the total (rep_unpaid adds it when there
		 * is a claim at all). */
		t.nrows = rt->nrows - 1;
		t.cells = xcalloc((size_t)t.nrows * 4, sizeof *t.cells);
		t.keys = xcalloc((size_t)t.nrows, sizeof *t.keys);
		t.flags = xcalloc((size_t)t.nrows, 1);
		for (int i = 0; i < t.nrows; i++) {
			for (int c = 0; c < 4; c++)
				t.cells[i * 4 + c] = xstrdup(report_cell(rt, i, cols[c]));
			t.keys[i] = xstrdup(report_cell(rt, i, 0));
		}
	}
	report_free(&r);
	ui_list_set(&p->list, &t);
}

static void paylist_draw(struct screen *s, int top, int h, int w)
{
	struct paylist *p = s->data;

	p->list.right = 1u << 2; /* the amount */
	if (!p->list.t.nrows)
		ui_text(top, 1, _("no claim waits to be paid"), w - 2, ui_attr(R_DIM), 1);
	else
		ui_list_draw(&p->list, top, h, w);
}

/* Pays the marked claims, or the one under the cursor when none is marked. */
static void pay_marked(struct paylist *p)
{
	int n = 0;
	const char **numbers;
	char today[16], question[256], *ref, *day;
	af_status st;

	if (!p->list.t.nrows)
		return;
	if (payment_allowed() != AF_OK) { /* refused before anything is asked */
		ui_message(R_ERROR, "%s", af_errmsg_shown());
		return;
	}
	numbers = xcalloc((size_t)p->list.t.nrows, sizeof *numbers);
	for (int i = 0; i < p->list.t.nrows; i++)
		if (p->list.marks[i])
			numbers[n++] = p->list.t.keys[i];
	if (!n)
		numbers[n++] = ui_list_key(&p->list);
	snprintf(question, sizeof question, ngettext("payment reference for %d claim:",
						     "payment reference for %d claims:", (unsigned long)n), n);
	if (!(ref = ui_prompt(question, NULL))) {
		free(numbers);
		return;
	}
	tz_today(today, sizeof today);
	if ((day = ui_prompt(_("paid on (YYYY-MM-DD):"), today)) != NULL) {
		ui_waiting();
		st = payment_pay(numbers, n, *day ? day : NULL, *ref ? ref : NULL);
		if (st == AF_OK) {
			ui_message(R_GOOD, ngettext("%d claim paid", "%d claims paid", (unsigned long)n), n);
			memset(p->list.marks, 0, (size_t)p->list.t.nrows);
		} else {
			ui_message(R_ERROR, "%s", af_errmsg_shown());
		}
		ui_reload();
	}
	free(day);
	free(ref);
	free(numbers);
}

static int paylist_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct paylist *p = s->data;

	(void)ch;
	if (ui_list_move(&p->list, a, LINES - 4))
		return 1;
	switch (a) {
	case UI_MARK:
		if (p->list.t.nrows) {
			p->list.marks[p->list.cursor] ^= 1;
			ui_list_move(&p->list, UI_DOWN, LINES);
		}
		return 1;
	case UI_PAY:
		pay_marked(p);
		return 1;
	case UI_ENTER:
		if (p->list.t.nrows)
			detail_open(ui_list_key(&p->list));
		return 1;
	default:
		return 0;
	}
}

static void paylist_done(struct screen *s)
{
	struct paylist *p = s->data;

	ui_list_free(&p->list);
	free(p);
}

static const enum ui_action paylist_hints[] = { UI_ENTER, UI_MARK, UI_PAY, UI_QUIT, UI_NONE };
static const struct screen_ops paylist_ops = {
	N_("claims to pay"), paylist_load, paylist_draw, paylist_handle, paylist_done, paylist_hints, NULL
};
/* The same list for one who may not pay (no longer): no P offered. */
static const enum ui_action paylist_read_hints[] = { UI_ENTER, UI_QUIT, UI_NONE };
static const struct screen_ops paylist_read_ops = {
	N_("claims to pay"), paylist_load, paylist_draw, paylist_handle, paylist_done, paylist_read_hints, NULL
};

void paylist_open(void)
{
	ui_push(&paylist_ops, xcalloc(1, sizeof(struct paylist)));
}
