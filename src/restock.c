#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "engine.h"
#include "formdef.h"
#include "restock.h"
#include "stock.h"
#include "util.h"

/* The form says what it is for (serves), and its fields by their types
 * what goes where (formdef_field_of_type). */
#define field_named formdef_field_of_type

/* One request for lines[from..to) (one supplier). */
static af_status submit_one(const form_def *f, const stock_restock_line *l, int from, int to, restock_result *r)
{
	strbuf lines = {0}, items = {0};
	int64_t total = 0;
	char amount[32], key[65], today[32], number[64];
	engine_input in[5];
	int n = 0;
	const char *items_f = field_named(f, FT_LONGTEXT), *reason_f = field_named(f, FT_TEXT);
	af_status st;

	for (int i = from; i < to; i++) {
		sb_printf(&lines, "%s%s:%lld", i > from ? "," : "", l[i].sku, (long long)l[i].qty);
		sb_printf(&items, "%s%s (%s) × %lld%s @ %lld.%02lld", i > from ? "; " : "", l[i].name, l[i].sku,
			  (long long)l[i].qty, l[i].unit, (long long)(l[i].price_cents / 100),
			  (long long)(l[i].price_cents % 100));
		total += l[i].qty * l[i].price_cents;
	}
	snprintf(amount, sizeof amount, "%lld.%02lld", (long long)(total / 100), (long long)(total % 100));
	af_format_time(af_now(), today, sizeof today);
	snprintf(key, sizeof key, "restock-%.10s-%.16s-%.28s", today, l[from].supplier, me.login);
	in[n++] = (engine_input){ field_named(f, FT_SUPPLIER), l[from].supplier };
	in[n++] = (engine_input){ field_named(f, FT_SUPPLY_LINES), lines.buf };
	in[n++] = (engine_input){ field_named(f, FT_MONEY), amount };
	if (items_f)
		in[n++] = (engine_input){ items_f, items.buf };
	if (reason_f)
		in[n++] = (engine_input){ reason_f, "低库存补货 restock below the reorder level" };
	st = engine_validate(f, in, n);
	if (st == AF_INVALID && r->n_refused < RESTOCK_MAX) {
		snprintf(r->refused[r->n_refused++], sizeof r->refused[0], "%s: %s", l[from].supplier, af_errmsg());
		st = AF_OK;
		goto out;
	}
	if (st == AF_OK)
		st = engine_submit(f, in, n, key, number, sizeof number);
	if (st == AF_OK && r->n < RESTOCK_MAX) {
		snprintf(r->numbers[r->n], sizeof r->numbers[r->n], "%s", number);
		snprintf(r->suppliers[r->n], sizeof r->suppliers[r->n], "%s", l[from].supplier);
		r->n++;
	}
out:
	sb_free(&lines);
	sb_free(&items);
	return st;
}

af_status restock_submit(restock_result *r)
{
	const form_def *f = formdef_serving("restock");
	stock_restock_line *l;
	int n, i = 0;
	af_status st = auth_require("manage_stock", "stock restock");

	memset(r, 0, sizeof *r);
	if (st != AF_OK)
		return st;
	if (!f)
		return af_fail(AF_CONFLICT, "stock restock: no form in forms/ serves \"restock\"");
	if ((st = stock_restock_lines(&l, &n)) != AF_OK)
		return st;
	if (n == 0) {
		free(l);
		return af_fail(AF_CONFLICT, "stock restock: no supply is at or under its reorder level");
	}
	while (st == AF_OK && i < n) {
		int j = i;

		while (j < n && strcmp(l[j].supplier, l[i].supplier) == 0)
			j++;
		/* Without a supplier or a price nothing can be ordered: those
		 * lines are for a person to fill in. */
		if (!l[i].supplier[0]) {
			r->skipped += j - i;
		} else {
			int k = i, m = i;

			for (; k < j; k++)
				if (l[k].price_cents > 0)
					l[m++] = l[k];
			r->skipped += j - m;
			if (m > i)
				st = submit_one(f, l, i, m, r);
		}
		i = j;
	}
	free(l);
	if (st == AF_OK && r->n == 0 && r->n_refused)
		return af_fail(AF_INVALID, "stock restock: %s", r->refused[0]);
	return st;
}
