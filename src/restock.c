#include "autoconf.h"
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "db.h"
#include "engine.h"
#include "formdef.h"
#include "restock.h"
#include "stock.h"
#include "util.h"

/* The form says what it is for (serves), and its fields by their types
 * what goes where (formdef_field_of_type). */
#define field_named formdef_field_of_type

/* One request for lines[from..to) (one supplier). */
static af_status submit_one(const form_def *f, const stock_restock_line *l, int from, int to, const char *seen,
			    restock_result *r)
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
	/* The key is what is ordered, from what was seen of the orders (seen),
	 * not who orders it: two clerks at once (both reading nothing on order
	 * yet) make one request; after an order was turned down, or once more
	 * fell low, it is a new order. */
	{
		struct sha256_ctx ctx;
		uint8_t digest[SHA256_DIGEST_SIZE];
		char hex[17];

		sha256_init(&ctx);
		sha256_update(&ctx, lines.len, (const uint8_t *)lines.buf);
		sha256_update(&ctx, strlen(seen), (const uint8_t *)seen);
		sha256_digest(&ctx, sizeof digest, digest);
		for (int i = 0; i < 8; i++)
			snprintf(hex + 2 * i, 3, "%02x", digest[i]);
		snprintf(key, sizeof key, "restock-%.10s-%.16s-%s", today, l[from].supplier, hex);
	}
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
	if (st == AF_OK) {
		st = engine_submit(f, in, n, key, number, sizeof number);
		if (st == AF_CONFLICT) { /* another clerk's, the same order: on order */
			char *theirs = db_text(NULL, "SELECT number FROM requests WHERE idem_key = ?1", "t", key);

			if (theirs) {
				snprintf(number, sizeof number, "%s", theirs);
				free(theirs);
				af_clear_error();
				st = AF_OK;
			}
		}
	}
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

/* The open orders of low supplies that were not submitted just now (by
 * another clerk, or an earlier run): listed with the new ones, so that the
 * result is every request that orders what is low, each once. */
static af_status on_order(restock_result *r)
{
	char *serving = formdef_serving_ids("restock");
	db_stmt s;
	int rc;

	db_prepare(&s, "SELECT DISTINCT r.number, coalesce(json_extract(r.data, '$.supplier'), '') FROM requests r,"
		   " json_each(r.data, '$.lines') l JOIN supplies p ON p.sku = json_extract(l.value, '$.sku')"
		   " WHERE r.form IN (SELECT value FROM json_each(:serving))"
		   " AND r.state NOT IN ('draft', 'rejected', 'withdrawn', 'cancelled') AND p.on_hand <= p.reorder_level"
		   " AND NOT EXISTS (SELECT 1 FROM stock_moves m WHERE m.request_id = r.id AND m.kind = 'receive')"
		   " ORDER BY 2, 1");
	db_bind_text(&s, ":serving", serving);
	while ((rc = db_step(&s)) == SQLITE_ROW && r->n < RESTOCK_MAX) {
		int seen = 0;

		for (int i = 0; i < r->n && !seen; i++)
			seen = strcmp(r->numbers[i], db_col_text(&s, 0)) == 0;
		if (seen)
			continue;
		snprintf(r->numbers[r->n], sizeof r->numbers[r->n], "%s", db_col_text(&s, 0));
		snprintf(r->suppliers[r->n], sizeof r->suppliers[r->n], "%s", db_col_text(&s, 1));
		r->n++;
		r->found++;
	}
	db_done(&s);
	free(serving);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? AF_OK : db_fail();
}

af_status restock_submit(restock_result *r)
{
	const form_def *f = formdef_serving("restock");
	stock_restock_line *l;
	char *serving, *seen;
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
	serving = formdef_serving_ids("restock");
	seen = db_text("", "SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM requests"
		       " WHERE form IN (SELECT value FROM json_each(?1))", "t", serving);
	free(serving);
	while (st == AF_OK && i < n) {
		int j = i;

		while (j < n && strcmp(l[j].supplier, l[i].supplier) == 0)
			j++;
		/* Without a supplier or a price nothing can be ordered: those
		 * lines are for a person to fill in. */
		if (!l[i].supplier[0]) {
			for (int k = i; k < j; k++)
				r->skipped += l[k].qty > 0;
		} else {
			int k = i, m = i;

			/* All on order already: nothing more to order. */
			for (; k < j; k++)
				if (l[k].price_cents > 0 && l[k].qty > 0)
					l[m++] = l[k];
				else if (l[k].qty > 0)
					r->skipped++;
			if (m > i)
				st = submit_one(f, l, i, m, seen, r);
		}
		i = j;
	}
	free(l);
	free(seen);
	if (st == AF_OK)
		st = on_order(r);
	if (st == AF_OK && r->n == 0 && r->n_refused)
		return af_fail(AF_INVALID, "stock restock: %s", r->refused[0]);
	return st;
}
