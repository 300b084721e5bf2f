#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "formdef.h"
#include "i18n.h"
#include "notify.h"
#include "stock.h"
#include "util.h"

static af_status move(int64_t supply, int64_t request_id, const char *kind, int64_t qty, int64_t actor)
{
	char at[32];

	af_format_time(af_now(), at, sizeof at);
	return db_exec("INSERT INTO stock_moves(supply_id, request_id, kind, quantity, actor_id, at)"
		       " VALUES(?1, nullif(?2, 0), ?3, ?4, nullif(?5, 0), ?6)", "IItIIt",
		       supply, request_id, kind, qty, actor, at) == SQLITE_DONE ? AF_OK : db_fail();
}

af_status stock_reserve(int64_t request_id, const char *lines, int64_t actor)
{
	db_stmt s;
	af_status st = AF_OK;
	int rc;

	/* Lines of the same SKU are summed, so one check covers them. */
	db_prepare(&s, "SELECT p.id, p.sku, p.name, sum(CAST(json_extract(l.value, '$.qty') AS INTEGER)),"
		   " p.on_hand - p.reserved FROM json_each(:lines) l JOIN supplies p"
		   " ON p.sku = json_extract(l.value, '$.sku') GROUP BY p.id ORDER BY p.sku");
	db_bind_text(&s, ":lines", lines);
	while (st == AF_OK && (rc = db_step(&s)) == SQLITE_ROW) {
		int64_t id = db_col_int(&s, 0), qty = db_col_int(&s, 3), avail = db_col_int(&s, 4);

		if (qty > avail) {
			st = af_fail(AF_CONFLICT, "stock short: %s (%s): %lld asked, %lld available",
				     db_col_text(&s, 2), db_col_text(&s, 1), (long long)qty, (long long)avail);
			break;
		}
		if (db_exec("UPDATE supplies SET reserved = reserved + ?1 WHERE id = ?2", "II", qty, id) != SQLITE_DONE)
			st = db_fail();
		else
			st = move(id, request_id, "reserve", qty, actor);
	}
	db_done(&s);
	return st;
}

int stock_shortfall(const char *lines, af_said *why)
{
	db_stmt s;
	int n = 0;
	size_t used = 0, shown = 0;

	if (why)
		why->en[0] = why->shown[0] = '\0';
	if (!lines || !*lines)
		return 0;
	/* The same sums stock_reserve checks, one line a supply. */
	db_prepare(&s, "SELECT p.sku, p.name, sum(CAST(json_extract(l.value, '$.qty') AS INTEGER)) AS q,"
		   " p.on_hand - p.reserved AS a FROM json_each(:lines) l JOIN supplies p"
		   " ON p.sku = json_extract(l.value, '$.sku')"
		   " GROUP BY p.id HAVING q > a ORDER BY p.sku");
	db_bind_text(&s, ":lines", lines);
	while (db_step(&s) == SQLITE_ROW) {
		if (why && used < sizeof why->en) {
			snprintf(why->en + used, sizeof why->en - used, "%s%s (%s): %lld asked, %lld available",
				 n ? "; " : "stock short: ", db_col_text(&s, 1), db_col_text(&s, 0),
				 (long long)db_col_int(&s, 2), (long long)db_col_int(&s, 3));
			used += strlen(why->en + used);
		}
		if (why && shown < sizeof why->shown) {
			/* The first as the refusal at hand-out says it, the rest after it. */
			snprintf(why->shown + shown, sizeof why->shown - shown, "%s", n ? _("; ") : "");
			shown += strlen(why->shown + shown);
			snprintf(why->shown + shown, sizeof why->shown - shown,
				 n ? _("%s (%s): %lld asked, %lld available") : _("stock short: %s (%s): %lld asked, %lld available"),
				 db_col_text(&s, 1), db_col_text(&s, 0), (long long)db_col_int(&s, 2),
				 (long long)db_col_int(&s, 3));
			shown += strlen(why->shown + shown);
		}
		n++;
	}
	db_done(&s);
	return n > 0;
}

/* At or under its reorder level, the admin staff are told, once per
 * supply, person and day; the notice offers the prepared restock. */
static af_status low_notice(int64_t supply, int64_t request_id)
{
	char *name;
	char at[32], occasion[96];
	db_stmt k;
	af_status st = AF_OK;

	if (db_int(0, "SELECT on_hand <= reorder_level FROM supplies WHERE id = ?1", "I", supply) != 1)
		return AF_OK;
	name = db_text("", "SELECT " STOCK_LOW_TEXT " FROM supplies WHERE id = ?1", "I", supply);
	af_format_time(af_now(), at, sizeof at);
	db_prepare(&k, "SELECT employee_id FROM employee_roles WHERE role = 'admin_staff'");
	while (st == AF_OK && db_step(&k) == SQLITE_ROW) {
		snprintf(occasion, sizeof occasion, "low:%lld:%lld:%.10s", (long long)supply,
			 (long long)db_col_int(&k, 0), at);
		st = notify_add(db_col_int(&k, 0), request_id, "low_stock", occasion, "%s", name);
	}
	db_done(&k);
	free(name);
	return st;
}

/* What the request holds now: reserved minus released minus issued. */
#define HELD_SQL \
	"SELECT supply_id, sum(CASE kind WHEN 'reserve' THEN quantity ELSE -quantity END)" \
	" FROM stock_moves WHERE request_id = :r AND kind IN ('reserve', 'release', 'issue')" \
	" GROUP BY supply_id HAVING sum(CASE kind WHEN 'reserve' THEN quantity ELSE -quantity END) > 0"

static af_status take_back(int64_t request_id, int64_t actor, int issue)
{
	db_stmt s;
	int64_t ids[256], qty[256];
	int n = 0;
	af_status st = AF_OK;

	db_prepare(&s, HELD_SQL);
	db_bind_int(&s, ":r", request_id);
	while (db_step(&s) == SQLITE_ROW && n < 256) {
		ids[n] = db_col_int(&s, 0);
		qty[n++] = db_col_int(&s, 1);
	}
	db_done(&s);
	for (int i = 0; i < n && st == AF_OK; i++) {
		if (db_exec(issue ? "UPDATE supplies SET reserved = reserved - ?1, on_hand = on_hand - ?1 WHERE id = ?2"
			    : "UPDATE supplies SET reserved = reserved - ?1 WHERE id = ?2", "II", qty[i], ids[i]) != SQLITE_DONE)
			return db_fail();
		st = move(ids[i], request_id, issue ? "issue" : "release", qty[i], actor);
		if (st == AF_OK && issue)
			st = low_notice(ids[i], request_id);
	}
	return st;
}

af_status stock_release(int64_t request_id, int64_t actor)
{
	return take_back(request_id, actor, 0);
}

af_status stock_issue(int64_t request_id, int64_t actor)
{
	return take_back(request_id, actor, 1);
}

af_status stock_return(int64_t request_id, const char *sku, int64_t qty, int64_t actor)
{
	int64_t id = db_int(0, "SELECT id FROM supplies WHERE sku = ?1", "t", sku);
	int64_t issued = db_int(0, "SELECT coalesce(sum(CASE kind WHEN 'issue' THEN quantity ELSE -quantity END), 0)"
				" FROM stock_moves WHERE request_id = ?1 AND supply_id = ?2 AND kind IN ('issue', 'return')",
				"II", request_id, id);

	if (!id)
		return af_fail(AF_INVALID, "return: no supply with SKU '%s'", sku);
	if (qty <= 0 || qty > issued)
		return af_fail(AF_CONFLICT, "return: %lld of %s were issued to this request; cannot return %lld",
			       (long long)issued, sku, (long long)qty);
	if (db_exec("UPDATE supplies SET on_hand = on_hand + ?1 WHERE id = ?2", "II", qty, id) != SQLITE_DONE)
		return db_fail();
	return move(id, request_id, "return", qty, actor);
}

af_status stock_receive(int64_t request_id, int64_t actor)
{
	db_stmt s;
	af_status st = AF_OK;
	int n = 0;

	if (db_int(0, "SELECT count(*) FROM stock_moves WHERE request_id = ?1 AND kind = 'receive'", "I", request_id))
		return af_fail(AF_CONFLICT, "receive: the goods of this request were already received");
	db_prepare(&s, "SELECT p.id, sum(CAST(json_extract(l.value, '$.qty') AS INTEGER))"
		   " FROM requests r, json_each(r.data, '$.lines') l JOIN supplies p"
		   " ON p.sku = json_extract(l.value, '$.sku') WHERE r.id = :r GROUP BY p.id");
	db_bind_int(&s, ":r", request_id);
	{
		int64_t ids[256], qty[256];

		while (db_step(&s) == SQLITE_ROW && n < 256) {
			ids[n] = db_col_int(&s, 0);
			qty[n++] = db_col_int(&s, 1);
		}
		db_done(&s);
		for (int i = 0; i < n && st == AF_OK; i++) {
			if (db_exec("UPDATE supplies SET on_hand = on_hand + ?1 WHERE id = ?2", "II", qty[i], ids[i]) != SQLITE_DONE)
				return db_fail();
			st = move(ids[i], request_id, "receive", qty[i], actor);
		}
	}
	if (st == AF_OK && n == 0)
		return af_fail(AF_CONFLICT, "receive: the request lists no stock items (lines)");
	return st;
}

/* ---- corrections by hand ------------------------------------------------ */

struct adjust_ctx {
	const char *sku, *reason;
	int64_t delta;  /* stock_adjust */
	int64_t level;  /* stock_set_level, when delta is 0 */
};

static af_status do_adjust(void *arg)
{
	struct adjust_ctx *c = arg;
	db_stmt s;
	int64_t id = 0, on_hand = 0, reserved = 0, level = 0;
	char detail[300];
	af_status st;

	db_prepare(&s, "SELECT id, on_hand, reserved, reorder_level FROM supplies WHERE sku = :sku");
	db_bind_text(&s, ":sku", c->sku);
	if (db_step(&s) == SQLITE_ROW) {
		id = db_col_int(&s, 0);
		on_hand = db_col_int(&s, 1);
		reserved = db_col_int(&s, 2);
		level = db_col_int(&s, 3);
	}
	db_done(&s);
	if (!id)
		return af_fail(AF_INVALID, "stock: no supply with SKU '%s'", c->sku);
	if (!c->delta) {
		if (db_exec("UPDATE supplies SET reorder_level = ?1 WHERE id = ?2", "II", c->level, id) != SQLITE_DONE)
			return db_fail();
		snprintf(detail, sizeof detail, "reorder level %lld -> %lld: %s", (long long)level,
			 (long long)c->level, c->reason);
		if ((st = audit_log("stock_level", c->sku, detail)) != AF_OK)
			return st;
		return low_notice(id, 0);
	}
	if (on_hand + c->delta < reserved)
		return af_fail(AF_CONFLICT, "stock adjust: %s has %lld on hand, %lld of them reserved: cannot take %lld",
			       c->sku, (long long)on_hand, (long long)reserved, (long long)-c->delta);
	if (db_exec("UPDATE supplies SET on_hand = on_hand + ?1 WHERE id = ?2", "II", c->delta, id) != SQLITE_DONE)
		return db_fail();
	{
		char at[32];

		af_format_time(af_now(), at, sizeof at);
		if (db_exec("INSERT INTO stock_moves(supply_id, kind, quantity, sign, actor_id, at, note)"
			    " VALUES(?1, 'adjust', ?2, ?3, nullif(?4, 0), ?5, ?6)", "IIIItt", id,
			    c->delta < 0 ? -c->delta : c->delta, (int64_t)(c->delta < 0 ? -1 : 1), me.id, at,
			    c->reason) != SQLITE_DONE)
			return db_fail();
	}
	snprintf(detail, sizeof detail, "%+lld (%lld -> %lld): %s", (long long)c->delta, (long long)on_hand,
		 (long long)(on_hand + c->delta), c->reason);
	if ((st = audit_log("stock_adjust", c->sku, detail)) != AF_OK)
		return st;
	return c->delta < 0 ? low_notice(id, 0) : AF_OK;
}

af_status stock_adjust(const char *sku, int64_t delta, const char *reason)
{
	struct adjust_ctx c = { sku, reason, delta, 0 };
	af_status st = auth_require("manage_stock", "stock adjust");

	if (st == AF_OK)
		st = audit_check_reason("stock adjust", reason);
	if (st == AF_OK && delta == 0)
		st = af_fail(AF_INVALID, "stock adjust: the change must be +N or -N, not 0");
	return st == AF_OK ? db_transact(do_adjust, &c) : st;
}

af_status stock_set_level(const char *sku, int64_t level, const char *reason)
{
	struct adjust_ctx c = { sku, reason, 0, level };
	af_status st = auth_require("manage_stock", "stock level");

	if (st == AF_OK)
		st = audit_check_reason("stock level", reason);
	if (st == AF_OK && level < 0)
		st = af_fail(AF_INVALID, "stock level: the reorder level must be 0 or more");
	return st == AF_OK ? db_transact(do_adjust, &c) : st;
}

af_status stock_restock_lines(stock_restock_line **lines, int *n)
{
	char *serving = formdef_serving_ids("restock");
	db_stmt s;
	int rc;

	*lines = NULL;
	*n = 0;
	/* On order: the lines of the requests of a form serving "restock"
	 * that are neither turned down nor received yet (stock_receive reads
	 * the same $.lines). */
	db_prepare(&s, "WITH ordered AS (SELECT json_extract(l.value, '$.sku') AS sku,"
		   "  sum(CAST(json_extract(l.value, '$.qty') AS INTEGER)) AS qty"
		   "  FROM requests r, json_each(r.data, '$.lines') l"
		   "  WHERE r.form IN (SELECT value FROM json_each(:serving))"
		   "  AND r.state NOT IN ('draft', 'rejected', 'withdrawn', 'cancelled')"
		   "  AND NOT EXISTS (SELECT 1 FROM stock_moves m WHERE m.request_id = r.id AND m.kind = 'receive')"
		   "  GROUP BY 1)"
		   " SELECT p.supplier, coalesce(u.name, ''), p.sku, p.name, p.unit, p.on_hand, p.reserved,"
		   " p.reorder_level, max(max(2 * p.reorder_level - (p.on_hand - p.reserved), 1) - coalesce(o.qty, 0), 0),"
		   " p.price_cents, coalesce(o.qty, 0)"
		   " FROM supplies p LEFT JOIN suppliers u ON u.code = p.supplier LEFT JOIN ordered o ON o.sku = p.sku"
		   " WHERE p.on_hand <= p.reorder_level ORDER BY p.supplier = '', p.supplier, p.sku");
	db_bind_text(&s, ":serving", serving);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		stock_restock_line *l;

		*lines = xrealloc(*lines, (size_t)(*n + 1) * sizeof **lines);
		l = &(*lines)[(*n)++];
		snprintf(l->supplier, sizeof l->supplier, "%s", db_col_text(&s, 0));
		snprintf(l->supplier_name, sizeof l->supplier_name, "%s", db_col_text(&s, 1));
		snprintf(l->sku, sizeof l->sku, "%s", db_col_text(&s, 2));
		snprintf(l->name, sizeof l->name, "%s", db_col_text(&s, 3));
		snprintf(l->unit, sizeof l->unit, "%s", db_col_text(&s, 4));
		l->on_hand = db_col_int(&s, 5);
		l->reserved = db_col_int(&s, 6);
		l->level = db_col_int(&s, 7);
		l->qty = db_col_int(&s, 8);
		l->price_cents = db_col_int(&s, 9);
		l->on_order = db_col_int(&s, 10);
	}
	db_done(&s);
	free(serving);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- the storekeeper on a completed request ---- */

static af_status do_stock(void *arg)
{
	const stock_request_op *c = arg;
	int64_t id = db_int(0, "SELECT id FROM requests WHERE number = ?1 AND state = 'done'", "t", c->number);
	int64_t last = db_int(0, "SELECT max(id) FROM stock_moves", "");
	const char *action = c->receive ? "stock_receive" : c->issue ? "stock_issue" : "stock_return";
	af_status st;
	char *detail;

	if (!id)
		return af_fail(AF_CONFLICT, "%s: no completed request with that number", c->number);
	if (c->receive) {
		st = stock_receive(id, me.id);
	} else if (c->issue) {
		/* Reserved and not yet released or handed out. */
		if (db_int(0, "SELECT coalesce(sum(CASE kind WHEN 'reserve' THEN quantity ELSE -quantity END), 0)"
			   " FROM stock_moves WHERE request_id = ?1 AND kind IN ('reserve', 'release', 'issue')",
			   "I", id) <= 0)
			return af_fail(AF_CONFLICT, "%s: nothing is reserved for it (already handed out?)", c->number);
		st = stock_issue(id, me.id);
	} else {
		st = stock_return(id, c->sku, c->qty, me.id);
	}
	if (st != AF_OK)
		return st;
	/* Audited like every change, in its transaction: what moved. */
	detail = db_text("", "SELECT group_concat(p.sku || ' ' || m.quantity, ', ') FROM stock_moves m"
			 " JOIN supplies p ON p.id = m.supply_id WHERE m.id > ?1 AND m.request_id = ?2",
			 "II", last, id);
	st = audit_log(action, c->number, detail);
	free(detail);
	return st;
}

af_status stock_on_request(const stock_request_op *op)
{
	return db_transact(do_stock, (void *)op);
}

/* ---- the stock effects (effect_list.h) --------------------------------- */

af_status stock_effect_reserve(const effect_ctx *c)
{
	char *lines = effects_value_of_type(c, FT_SUPPLY_LINES);
	af_status st = lines ? stock_reserve(c->request_id, lines, c->actor_id) : AF_OK;

	free(lines);
	return st;
}

af_status stock_effect_issue(const effect_ctx *c)
{
	af_status st = stock_effect_reserve(c);

	return st == AF_OK ? stock_issue(c->request_id, c->actor_id) : st;
}

af_status stock_effect_release(const effect_ctx *c)
{
	return stock_release(c->request_id, c->actor_id);
}
