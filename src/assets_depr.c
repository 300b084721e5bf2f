/* Depreciation of the fixed assets: straight-line, in whole months, from
 * the in-service (or purchase) date down to the salvage value over the
 * asset's life or its category's. The register's book value, the
 * depreciation report and the export all take it from here. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "assets.h"
#include "assets_int.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "expr.h"
#include "util.h"

/* ---- depreciation -------------------------------------------------------- */

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : days[m - 1];
}

int assets_months_between(const char *start, const char *at)
{
	int ys, ms, ds, ya, ma, da, n;

	if (!start || !at || sscanf(start, "%4d-%2d-%2d", &ys, &ms, &ds) != 3 ||
	    sscanf(at, "%4d-%2d-%2d", &ya, &ma, &da) != 3 || ms < 1 || ms > 12 || ma < 1 || ma > 12)
		return 0;
	n = (ya * 12 + ma) - (ys * 12 + ms);
	/* the month under way is not complete before its day comes round */
	if (da < ds && da < days_in_month(ya, ma))
		n--;
	return n > 0 ? n : 0;
}

int64_t assets_depreciated(int64_t cost, int64_t salvage, int life, int months)
{
	int64_t base = cost - salvage;

	if (life <= 0 || base <= 0 || months <= 0)
		return 0;
	if (months >= life)
		return base;
	/* base < 2^53 cents and months <= 1200: no overflow */
	return base * months / life;
}

asset_value assets_value_at(int64_t cost, int64_t salvage, int life, const char *start, const char *at)
{
	asset_value v = { 0, 0, cost };

	if (life <= 0 || !start || !*start)
		return v;
	v.months = assets_months_between(start, at);
	if (v.months > life)
		v.months = life;
	v.depreciated = assets_depreciated(cost, salvage, life, v.months);
	v.book = cost - v.depreciated;
	return v;
}

int assets_on_books(const char *status)
{
	return status && strcmp(status, "retired") != 0 && strcmp(status, "lost") != 0;
}

static af_status check_life(const char *what, const char *life, int *months)
{
	char *end;
	long v;

	if (!life || !*life) {
		*months = 0;
		return AF_OK;
	}
	v = strtol(life, &end, 10);
	if (*end || end == life || v < 0 || v > 1200)
		return af_fail(AF_INVALID, "%s: '%s' is not a number of months from 1 to 1200", what, life);
	*months = (int)v;
	return AF_OK;
}

struct dep_ctx {
	const char *tag, *life, *salvage, *in_service;
	int months;
	int64_t salvage_cents;
	struct assets_once once;
};

static af_status dep_txn(void *arg)
{
	struct dep_ctx *c = arg;
	struct asset a;
	int64_t cost;
	strbuf sb = {0};
	af_status st;

	if (assets_once_done(&c->once, "asset_depreciation", c->tag))
		return AF_OK;
	if ((st = assets_get(c->tag, &a)) != AF_OK)
		return st;
	cost = db_int(0, "SELECT cost_cents FROM assets WHERE id = ?1", "I", a.id);
	if (c->salvage && c->salvage_cents > cost) {
		st = af_fail(AF_INVALID, "--salvage: %s is more than the asset cost %lld.%02lld", c->salvage,
			     (long long)(cost / 100), (long long)(cost % 100));
		goto out;
	}
	if (c->in_service && *c->in_service &&
	    db_int(0, "SELECT ?2 < coalesce(purchase_date, '') FROM assets WHERE id = ?1", "It", a.id, c->in_service) == 1) {
		st = af_fail(AF_INVALID, "--in-service: %s is before the purchase date", c->in_service);
		goto out;
	}
	if (db_exec("UPDATE assets SET life_months = CASE WHEN ?2 THEN nullif(?3, 0) ELSE life_months END,"
		    " salvage_cents = CASE WHEN ?4 THEN ?5 ELSE salvage_cents END,"
		    " in_service_on = CASE WHEN ?6 THEN nullif(?7, '') ELSE in_service_on END WHERE id = ?1",
		    "IiiiIit", a.id, c->life != NULL, c->months, c->salvage != NULL, c->salvage_cents,
		    c->in_service != NULL, c->in_service ? c->in_service : "") != SQLITE_DONE) {
		st = db_fail();
		goto out;
	}
	{
		char *now = db_text("", "SELECT coalesce(life_months, '') || '|' || salvage_cents || '|' ||"
				    " coalesce(in_service_on, '') FROM assets WHERE id = ?1", "I", a.id);

		sb_printf(&sb, "life|salvage_cents|in_service %s", now);
		free(now);
	}
	st = audit_log("asset_depreciation", c->tag, sb.buf);
out:
	sb_free(&sb);
	assets_free(&a);
	return st;
}

af_status assets_set_depreciation(const char *tag, const char *life, const char *salvage, const char *in_service)
{
	struct dep_ctx c = { tag, life, salvage, in_service, 0, 0, { 0, 0 } };
	af_status st = auth_require("manage_assets", "assets depreciation");

	if (st == AF_OK)
		st = assets_check_tag("tag", tag);
	if (st == AF_OK)
		st = check_life("--life", life, &c.months);
	if (st == AF_OK && salvage && (expr_parse_money(salvage, &c.salvage_cents) != 0 || c.salvage_cents < 0))
		st = af_fail(AF_INVALID, "--salvage: '%s' is not an amount of 0 or more (digits, then . and"
			     " up to 2 decimals)", salvage);
	if (st == AF_OK && in_service && *in_service && !db_is_date(in_service))
		st = af_fail(AF_INVALID, "--in-service: '%s' is not a date (YYYY-MM-DD)", in_service);
	if (st == AF_OK && !life && !salvage && !in_service)
		st = af_fail(AF_USAGE, "assets depreciation: give --life, --salvage or --in-service");
	return st == AF_OK ? db_transact(dep_txn, &c) : st;
}

struct cat_ctx {
	const char *category;
	int months;
	struct assets_once once;
};

static af_status cat_txn(void *arg)
{
	struct cat_ctx *c = arg;
	char *detail;
	af_status st;

	if (assets_once_done(&c->once, "asset_category", c->category))
		return AF_OK;
	if (db_int(0, "SELECT 1 FROM assets WHERE category = ?1 LIMIT 1", "t", c->category) != 1)
		return af_fail(AF_INVALID, "%s: no asset of that category on the register", c->category);
	if (db_exec("INSERT INTO asset_categories(name, life_months) VALUES(?1, ?2)"
		    " ON CONFLICT(name) DO UPDATE SET life_months = excluded.life_months", "ti",
		    c->category, c->months) != SQLITE_DONE)
		return db_fail();
	detail = xasprintf("life %d months", c->months);
	st = audit_log("asset_category", c->category, detail);
	free(detail);
	return st;
}

af_status assets_set_category_life(const char *category, const char *life)
{
	struct cat_ctx c = { category, 0, { 0, 0 } };
	af_status st = auth_require("manage_assets", "assets category");

	if (st == AF_OK)
		st = assets_check_text("category", category, 100, 1);
	if (st == AF_OK)
		st = check_life("--life", life, &c.months);
	if (st == AF_OK && c.months < 1)
		st = af_fail(AF_INVALID, "--life: a number of months from 1 to 1200 is required");
	return st == AF_OK ? db_transact(cat_txn, &c) : st;
}

af_status assets_depreciation_rows(const char *at, int64_t dept,
				   void (*fn)(void *ctx, const asset_depreciation_row *d), void *ctx)
{
	db_stmt s;
	int rc;

	/* On the books at the date: bought by then, and not written off or
	 * lost by then (one retired with no such move -- imported so -- is
	 * off the books). */
	db_prepare(&s, "SELECT a.tag, a.name, a.category, a.status, coalesce(d.code, ''),"
		   " coalesce(a.in_service_on, a.purchase_date, ''), coalesce(a.life_months, c.life_months, 0),"
		   " a.cost_cents, a.salvage_cents"
		   " FROM assets a LEFT JOIN asset_categories c ON c.name = a.category"
		   " LEFT JOIN employees e ON e.id = a.holder_id LEFT JOIN departments d ON d.id = e.department_id"
		   " WHERE coalesce(a.purchase_date, '') <= :at"
		   " AND NOT (a.status IN ('retired', 'lost') AND coalesce((SELECT max(substr(m.at, 1, 10)) FROM asset_moves m"
		   "   WHERE m.asset_id = a.id AND m.to_status = a.status), '') <= :at)"
		   " AND (:dept = 0 OR e.department_id IN (WITH RECURSIVE dt(id) AS (SELECT :dept"
		   "   UNION SELECT x.id FROM departments x JOIN dt ON x.parent_id = dt.id) SELECT id FROM dt))"
		   " ORDER BY a.category, a.tag");
	db_bind_text(&s, ":at", at);
	db_bind_int(&s, ":dept", dept);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		asset_depreciation_row d = {
			db_col_text(&s, 0), db_col_text(&s, 1), db_col_text(&s, 2), db_col_text(&s, 3),
			db_col_text(&s, 4), db_col_text(&s, 5), (int)db_col_int(&s, 6), 0,
			db_col_int(&s, 7), db_col_int(&s, 8), 0, 0
		};

		asset_value v = assets_value_at(d.cost, d.salvage, d.life, d.start, at);

		d.months = v.months;
		d.depreciated = v.depreciated;
		d.book = v.book;
		fn(ctx, &d);
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}
