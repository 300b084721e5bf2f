#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"
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
		if (st == AF_OK && issue &&
		    db_int(0, "SELECT on_hand <= reorder_level FROM supplies WHERE id = ?1", "I", ids[i]) == 1) {
			char *name = db_text("", "SELECT name || ' (' || sku || '): ' || on_hand || unit ||"
					     " ' left, reorder level ' || reorder_level FROM supplies WHERE id = ?1", "I", ids[i]);
			char at[32], occasion[96];
			db_stmt k;

			af_format_time(af_now(), at, sizeof at);
			db_prepare(&k, "SELECT employee_id FROM employee_roles WHERE role = 'admin_staff'");
			while (st == AF_OK && db_step(&k) == SQLITE_ROW) {
				/* Once per supply, person and day. */
				snprintf(occasion, sizeof occasion, "low:%lld:%lld:%.10s", (long long)ids[i],
					 (long long)db_col_int(&k, 0), at);
				st = notify_add(db_col_int(&k, 0), request_id, "low_stock", occasion, "低库存 low stock: %s", name);
			}
			db_done(&k);
			free(name);
		}
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
