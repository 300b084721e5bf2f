/* The prepared restock (the low-stock notice's purchase request): the
 * supplies at or under their reorder level with what would be ordered, from
 * whom, at what price, and the total; y submits it through restock_submit
 * (as `stock restock --submit`, the same permission), any other key goes
 * back with nothing written. Then the requests' numbers, Enter opens one. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "i18n.h"
#include "restock.h"
#include "stock.h"
#include "tui/ui.h"
#include "util.h"

static const char *line_headers[] = { N_("item"), N_("order"), N_("supplier"), N_("last price"), N_("amount") };
/* Narrow, the supplier's name gives way first, then the price. */
static const int line_priority[] = { 5, 4, 2, 1, 3 };
static const char *done_headers[] = { N_("number"), N_("supplier") };
static const int done_priority[] = { 2, 1 };

struct restock {
	ui_list list;
	int done;            /* submitted: the list holds the requests */
	int64_t total;       /* what the orderable lines come to, cents */
	int n_suppliers, n_by_hand, n_on_order;
	char *notes;         /* after submitting: what was left for a person */
	stock_restock_line *lines; /* as shown */
	int nlines;
};

/* What a line's supplier is called on the screen: its name, else its code. */
static const char *supplier_shown(const stock_restock_line *l)
{
	return l->supplier_name[0] ? l->supplier_name : l->supplier;
}

static void restock_load(struct screen *s)
{
	struct restock *r = s->data;
	view_table t = { .ncols = 5, .headers = line_headers };
	stock_restock_line *l = NULL;
	int n = 0;

	if (r->done)
		return; /* the submitted requests stay as they were said */
	if (stock_restock_lines(&l, &n) != AF_OK) {
		ui_message(R_ERROR, "%s", ui_refusal(NULL));
		n = 0;
	}
	free(r->lines);
	r->lines = l;
	r->nlines = n;
	r->total = 0;
	r->n_suppliers = 0;
	r->n_by_hand = 0;
	r->n_on_order = 0;
	t.nrows = n;
	t.cells = xcalloc((size_t)n * 5 + 1, sizeof *t.cells);
	t.keys = xcalloc((size_t)n + 1, sizeof *t.keys);
	t.flags = xcalloc((size_t)n + 1, 1);
	for (int i = 0; i < n; i++) {
		char price[32], amount[32];
		int orderable = l[i].supplier[0] && l[i].price_cents > 0 && l[i].qty > 0;

		money_grouped(l[i].price_cents, price, sizeof price);
		money_grouped(l[i].qty * l[i].price_cents, amount, sizeof amount);
		t.cells[i * 5] = xasprintf("%s (%s)", l[i].name, l[i].sku);
		/* TRANSLATORS: what to order with its unit, then what is already
		 * on order (open purchase requests not yet received). */
		t.cells[i * 5 + 1] = l[i].on_order ? xasprintf(_("%lld%s (%lld on order)"), (long long)l[i].qty, l[i].unit,
							       (long long)l[i].on_order)
			: xasprintf("%lld%s", (long long)l[i].qty, l[i].unit);
		/* TRANSLATORS: a low supply without a usual supplier. */
		t.cells[i * 5 + 2] = xstrdup(l[i].supplier[0] ? supplier_shown(&l[i]) : _("(none)"));
		t.cells[i * 5 + 3] = xstrdup(l[i].price_cents > 0 ? price : "-");
		t.cells[i * 5 + 4] = xstrdup(orderable ? amount : "-");
		t.keys[i] = xstrdup(l[i].sku);
		if (l[i].qty == 0) {
			t.flags[i] = VIEW_LOW; /* all of it on order */
			r->n_on_order++;
			continue;
		}
		if (!orderable) {
			t.flags[i] = VIEW_LOW; /* for a person to order by hand */
			r->n_by_hand++;
			continue;
		}
		r->total += l[i].qty * l[i].price_cents;
		if (i == 0 || strcmp(l[i].supplier, l[i - 1].supplier) != 0)
			r->n_suppliers++;
	}
	ui_list_set(&r->list, &t);
}

static void restock_draw(struct screen *s, int top, int h, int w)
{
	struct restock *r = s->data;
	char total[32], *head;

	if (r->done) {
		ui_text(top, 1, _("submitted; Enter opens a request"), w - 2, ui_attr(R_GOOD), 1);
		r->list.priority = done_priority;
		r->list.flex = 0;
		r->list.right = 0;
		ui_list_draw(&r->list, top + 1, h - 1 - (r->notes != NULL), w);
		if (r->notes)
			ui_text(top + h - 1, 1, r->notes, w - 2, ui_attr(R_LOW), 1);
		return;
	}
	money_grouped(r->total, total, sizeof total);
	/* TRANSLATORS: the prepared purchase request's total, then from how
	 * many suppliers (one request each). */
	head = xasprintf(ngettext("total %s, from %d supplier", "total %s, from %d suppliers",
				  (unsigned long)r->n_suppliers), total, r->n_suppliers);
	ui_text(top, 1, head, w - 2, ui_attr(R_HEADER), 1);
	free(head);
	r->list.priority = line_priority;
	r->list.flex = 3;
	r->list.right = 1u << 1 | 1u << 3 | 1u << 4;
	ui_list_draw(&r->list, top + 1, h - 2 - (r->n_by_hand > 0), w);
	if (r->n_by_hand) {
		char *by_hand = xasprintf(ngettext("%d item without a usual supplier or a price: order it by hand",
						   "%d items without a usual supplier or a price: order them by hand",
						   (unsigned long)r->n_by_hand), r->n_by_hand);

		ui_text(top + h - 2, 1, by_hand, w - 2, ui_attr(R_LOW), 1);
		free(by_hand);
	}
	ui_text(top + h - 1, 1, _("y: submit the purchase request; any other key: back, nothing written"), w - 2,
		ui_attr(R_TITLE), 1);
}

/* y: the purchase requests submitted, one per supplier; the screen then
 * lists their numbers. */
static void submit(struct restock *r)
{
	restock_result res;
	view_table t = { .ncols = 2, .headers = done_headers };
	strbuf numbers = {0}, notes = {0};
	af_status st;

	ui_waiting();
	st = restock_submit(&res);
	if (st != AF_OK) {
		ui_message(R_ERROR, "%s", ui_refusal(NULL));
		return;
	}
	t.nrows = res.n;
	t.cells = xcalloc((size_t)res.n * 2 + 1, sizeof *t.cells);
	t.keys = xcalloc((size_t)res.n + 1, sizeof *t.keys);
	t.flags = xcalloc((size_t)res.n + 1, 1);
	for (int i = 0; i < res.n; i++) {
		const char *name = res.suppliers[i];

		for (int k = 0; k < r->nlines; k++) /* the name the lines showed */
			if (strcmp(r->lines[k].supplier, res.suppliers[i]) == 0)
				name = supplier_shown(&r->lines[k]);
		t.cells[i * 2] = xstrdup(res.numbers[i]);
		t.cells[i * 2 + 1] = xstrdup(name);
		t.keys[i] = xstrdup(res.numbers[i]);
		if (i < res.n - res.found) /* the new ones; those on order follow */
			sb_printf(&numbers, "%s%s", i ? ", " : "", res.numbers[i]);
	}
	for (int i = 0; i < res.n_refused; i++) {
		if (i)
			sb_printf(&notes, "; %s", res.refused[i]);
		else
			/* TRANSLATORS: a supplier's request the form refused, and why. */
			sb_printf(&notes, _("not submitted, complete by hand: %s"), res.refused[i]);
	}
	if (res.found)
		/* TRANSLATORS: of the requests listed, how many were made before
		 * (by another clerk or an earlier run) and are still open. */
		sb_printf(&notes, ngettext("%s%d of them already on order: nothing ordered twice",
					   "%s%d of them already on order: nothing ordered twice", (unsigned long)res.found),
			  notes.buf ? "; " : "", res.found);
	if (res.skipped)
		sb_printf(&notes, ngettext("%s%d item without a usual supplier or a price: order it by hand",
					   "%s%d items without a usual supplier or a price: order them by hand",
					   (unsigned long)res.skipped), notes.buf ? "; " : "", res.skipped);
	r->done = 1;
	r->notes = notes.buf;
	r->list.cursor = 0;
	ui_list_set(&r->list, &t);
	/* TRANSLATORS: the new purchase requests' numbers. */
	ui_message(R_GOOD, ngettext("purchase request submitted: %s", "purchase requests submitted: %s",
				    (unsigned long)res.n), numbers.buf ? numbers.buf : "");
	sb_free(&numbers);
	ui_reload(); /* the registers and the inbox below */
}

static int restock_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct restock *r = s->data;

	if (ui_list_move(&r->list, a, LINES - 5))
		return 1;
	if (UI_IS_CLICK(ch))
		return 1;
	if (r->done) {
		if (a == UI_ENTER && r->list.t.nrows) {
			detail_open(ui_list_key(&r->list));
			return 1;
		}
		return 0;
	}
	if (a == UI_NONE && ch == 'y' && r->list.t.nrows > r->n_by_hand + r->n_on_order) {
		submit(r);
		return 1;
	}
	ui_pop();
	ui_message(R_DIM, "%s", _("restock: nothing submitted"));
	return 1;
}

static void restock_done(struct screen *s)
{
	struct restock *r = s->data;

	ui_list_free(&r->list);
	free(r->notes);
	free(r->lines);
	free(r);
}

static const enum ui_action restock_hints[] = { UI_DOWN, UI_QUIT, UI_NONE };
static const struct screen_ops restock_ops = {
	N_("prepared purchase request"), restock_load, restock_draw, restock_handle, restock_done, restock_hints, NULL
};

void restock_open(void)
{
	stock_restock_line *l = NULL;
	int n = 0;

	/* Asked first: someone else is refused before anything is shown. */
	if (auth_require("manage_stock", "stock restock") != AF_OK || stock_restock_lines(&l, &n) != AF_OK) {
		ui_message(R_ERROR, "%s", ui_refusal(NULL));
		return;
	}
	free(l);
	if (!n) {
		ui_message(R_DIM, "%s", _("restock: no supply is at or under its reorder level"));
		return;
	}
	ui_push(&restock_ops, xcalloc(1, sizeof(struct restock)));
}
