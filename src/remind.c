/* The reminders that are not the engine's time limits (see remind.h):
 * each occasion noticed once, so that cron may run remind as often as it
 * likes. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"
#include "notify.h"
#include "remind.h"
#include "stock.h"
#include "util.h"

struct remind_ctx {
	int count;
	FILE *out;
	char *buf;
	size_t len;
};

/* Tabs and newlines in names would break the line format. */
static void put_field(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

/* Sends one notice unless its occasion was had (a dry run rolls it back). */
static af_status remind_one(struct remind_ctx *c, int64_t emp, int64_t request, const char *kind,
			    const char *occasion, const char *action, const char *number, const char *step,
			    const char *detail, const char *text)
{
	char *login;

	if (db_int(0, "SELECT 1 FROM notices WHERE occasion = ?1", "t", occasion) == 1)
		return AF_OK;
	login = db_text("", "SELECT login FROM employees WHERE id = ?1", "I", emp);
	fprintf(c->out, "%s\t", action);
	put_field(c->out, number);
	fputc('\t', c->out);
	put_field(c->out, step);
	fprintf(c->out, "\t%s\t", login);
	put_field(c->out, detail);
	fputc('\n', c->out);
	free(login);
	c->count++;
	return notify_add(emp, request, kind, occasion, "%s", text);
}

/* remind_one to each of the k people of to, once a day: the occasion is
 * what (the kind and the thing, e.g. "licence:7:2026-12-10"), the person
 * and today. The notice's kind is what's part before the first ':'. */
static af_status remind_daily(struct remind_ctx *c, const int64_t *to, int k, const char *today,
			      const char *what, const char *action, const char *number, const char *step,
			      const char *detail, const char *text)
{
	char kind[32];
	af_status st = AF_OK;

	snprintf(kind, sizeof kind, "%.*s", (int)strcspn(what, ":"), what);
	for (int j = 0; j < k && st == AF_OK; j++) {
		char occasion[128];

		snprintf(occasion, sizeof occasion, "%s:%lld:%s", what, (long long)to[j], today);
		st = remind_one(c, to[j], 0, kind, occasion, action, number, step, detail, text);
	}
	return st;
}

/* The active employees with role, by login, into to (at most max);
 * how many. */
static int role_people(const char *role, int64_t *to, int max)
{
	db_stmt s;
	int k = 0;

	db_prepare(&s, "SELECT r.employee_id FROM employee_roles r JOIN employees e ON e.id = r.employee_id"
		   " WHERE r.role = :role AND e.active = 1 ORDER BY e.login");
	db_bind_text(&s, ":role", role);
	while (db_step(&s) == SQLITE_ROW && k < max)
		to[k++] = db_col_int(&s, 0);
	db_done(&s);
	return k;
}

/* Adds who to the k people of to (room for one more) unless already there. */
static int add_person(int64_t *to, int k, int64_t who)
{
	for (int j = 0; j < k; j++)
		if (to[j] == who)
			return k;
	to[k] = who;
	return k + 1;
}

static af_status remind_licences(struct remind_ctx *c, const char *today)
{
	db_stmt s;
	int rc;
	struct lic { int64_t id, days, head; char code[40], name[220], expires[11]; } *list = NULL;
	int n = 0;
	af_status st = AF_OK;

	db_prepare(&s, "SELECT l.id, l.code, l.name, l.expires_on,"
		   " CAST(julianday(l.expires_on) - julianday(:today) AS INTEGER), coalesce(d.head_id, 0)"
		   " FROM licences l LEFT JOIN departments d ON d.id = l.department_id"
		   " WHERE julianday(l.expires_on) - julianday(:today) <= l.remind_days ORDER BY l.expires_on, l.code");
	db_bind_text(&s, ":today", today);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		list = xrealloc(list, (size_t)(n + 1) * sizeof *list);
		list[n].id = db_col_int(&s, 0);
		snprintf(list[n].code, sizeof list[n].code, "%s", db_col_text(&s, 1));
		snprintf(list[n].name, sizeof list[n].name, "%s", db_col_text(&s, 2));
		snprintf(list[n].expires, sizeof list[n].expires, "%s", db_col_text(&s, 3));
		list[n].days = db_col_int(&s, 4);
		list[n].head = db_col_int(&s, 5);
		n++;
	}
	db_done(&s);
	if (rc != SQLITE_DONE) {
		free(list);
		return db_fail();
	}
	for (int i = 0; i < n && st == AF_OK; i++) {
		int64_t to[64];
		int k;
		char detail[96], what[64];
		char *text;

		/* The admin staff keep the licences; the department's head owns it. */
		k = role_people("admin_staff", to, 63);
		if (list[i].head)
			k = add_person(to, k, list[i].head);
		if (list[i].days < 0)
			snprintf(detail, sizeof detail, "expired %s, %lld days ago", list[i].expires, (long long)-list[i].days);
		else
			snprintf(detail, sizeof detail, "expires %s, in %lld days", list[i].expires, (long long)list[i].days);
		text = xasprintf("证照到期 licence %s: %s (%s) %s", list[i].days < 0 ? "expired" : "expiring",
				 list[i].name, list[i].code, detail);
		/* Daily until renewed: a new expiry date is a new occasion. */
		snprintf(what, sizeof what, "licence:%lld:%s", (long long)list[i].id, list[i].expires);
		st = remind_daily(c, to, k, today, what, "licence", list[i].code, list[i].name, detail, text);
		free(text);
	}
	free(list);
	return st;
}

static af_status remind_stock(struct remind_ctx *c, const char *today)
{
	db_stmt s;
	int rc;
	struct low { int64_t id; char sku[40], name[128], text[400], detail[100]; } *list = NULL;
	int n = 0;
	af_status st = AF_OK;

	db_prepare(&s, "SELECT id, sku, name, on_hand || unit || ' left, reorder level ' || reorder_level,"
		   " " STOCK_LOW_TEXT " FROM supplies WHERE on_hand <= reorder_level ORDER BY sku");
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		list = xrealloc(list, (size_t)(n + 1) * sizeof *list);
		list[n].id = db_col_int(&s, 0);
		snprintf(list[n].sku, sizeof list[n].sku, "%s", db_col_text(&s, 1));
		snprintf(list[n].name, sizeof list[n].name, "%s", db_col_text(&s, 2));
		snprintf(list[n].detail, sizeof list[n].detail, "%s", db_col_text(&s, 3));
		/* The text stock_issue writes for the same occasion. */
		snprintf(list[n].text, sizeof list[n].text, "%s", db_col_text(&s, 4));
		n++;
	}
	db_done(&s);
	if (rc != SQLITE_DONE) {
		free(list);
		return db_fail();
	}
	for (int i = 0; i < n && st == AF_OK; i++) {
		int64_t to[64];
		int k = role_people("admin_staff", to, 64);

		for (int j = 0; j < k && st == AF_OK; j++) {
			/* The occasion stock_issue uses too: once per supply, person and day. */
			char occasion[96];

			snprintf(occasion, sizeof occasion, "low:%lld:%lld:%s", (long long)list[i].id, (long long)to[j], today);
			st = remind_one(c, to[j], 0, "low_stock", occasion, "low-stock", list[i].sku, list[i].name,
					list[i].detail, list[i].text);
		}
	}
	free(list);
	return st;
}

/* Lent assets from their return-due date on: the holder daily (due today,
 * then overdue), the asset keepers daily once it is overdue. */
static af_status remind_assets(struct remind_ctx *c, const char *today)
{
	db_stmt s;
	int rc;
	struct due { int64_t id, holder, days; char tag[40], name[220], due[11], login[80]; } *list = NULL;
	int n = 0;
	af_status st = AF_OK;

	db_prepare(&s, "SELECT a.id, a.tag, a.name, a.return_due, a.holder_id, e.login,"
		   " CAST(julianday(:today) - julianday(a.return_due) AS INTEGER)"
		   " FROM assets a JOIN employees e ON e.id = a.holder_id"
		   " WHERE a.return_due <= :today AND a.status = 'in_use' ORDER BY a.return_due, a.tag");
	db_bind_text(&s, ":today", today);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		list = xrealloc(list, (size_t)(n + 1) * sizeof *list);
		list[n].id = db_col_int(&s, 0);
		snprintf(list[n].tag, sizeof list[n].tag, "%s", db_col_text(&s, 1));
		snprintf(list[n].name, sizeof list[n].name, "%s", db_col_text(&s, 2));
		snprintf(list[n].due, sizeof list[n].due, "%s", db_col_text(&s, 3));
		list[n].holder = db_col_int(&s, 4);
		snprintf(list[n].login, sizeof list[n].login, "%s", db_col_text(&s, 5));
		list[n].days = db_col_int(&s, 6);
		n++;
	}
	db_done(&s);
	if (rc != SQLITE_DONE) {
		free(list);
		return db_fail();
	}
	for (int i = 0; i < n && st == AF_OK; i++) {
		int64_t to[64];
		int k = 0;
		char detail[160], what[64], *text;

		to[k++] = list[i].holder;
		if (list[i].days > 0) {
			int64_t keepers[63];
			int nk = role_people("asset_keeper", keepers, 63);

			for (int j = 0; j < nk; j++)
				k = add_person(to, k, keepers[j]);
		}
		if (list[i].days > 0)
			snprintf(detail, sizeof detail, "held by %s, due back %s, %lld days overdue", list[i].login,
				 list[i].due, (long long)list[i].days);
		else
			snprintf(detail, sizeof detail, "held by %s, due back today", list[i].login);
		text = xasprintf("资产到期归还 asset %s: %s (%s) %s", list[i].days > 0 ? "overdue for return" :
				 "due back today", list[i].name, list[i].tag, detail);
		/* Daily until returned; lent again, it is a new occasion. */
		snprintf(what, sizeof what, "asset_due:%lld:%s", (long long)list[i].id, list[i].due);
		st = remind_daily(c, to, k, today, what, "asset-due", list[i].tag, list[i].name, detail, text);
		free(text);
	}
	free(list);
	return st;
}

/* The vehicles due for service (within 500 km of the interval, or 14 days
 * of it), or whose insurance or inspection expires within 30 days: the
 * vehicle's manager and the fleet keepers are told, daily until the new
 * service or date is recorded (each is its own occasion). The odometer is
 * the highest of the last service and the trips' readings. */
static af_status remind_vehicles(struct remind_ctx *c, const char *today)
{
	db_stmt s;
	int rc;
	struct due { int64_t id, manager; char code[40], name[110], what[16], key[24], detail[160]; } *list = NULL;
	int n = 0;
	af_status st = AF_OK;

	db_prepare(&s, "WITH v AS (SELECT v.*, max(v.last_service_km, coalesce((SELECT max(max(coalesce(b.odometer_in, 0),"
		   "  coalesce(b.odometer_out, 0))) FROM bookings b WHERE b.resource = 'vehicle' AND b.resource_id = v.id), 0)) AS km,"
		   "  date(v.last_service_on, '+' || v.service_every_months || ' months') AS service_on FROM vehicles v WHERE v.active = 1)"
		   " SELECT id, code, name, coalesce(manager_id, 0), 'service', last_service_km + service_every_km,"
		   "  printf('service due at %d km, now %d km', last_service_km + service_every_km, km)"
		   "  FROM v WHERE service_every_km > 0 AND last_service_km + service_every_km - km <= 500"
		   " UNION ALL SELECT id, code, name, coalesce(manager_id, 0), 'service', service_on,"
		   "  printf('service due %s (every %d months, last %s)', service_on, service_every_months, last_service_on)"
		   "  FROM v WHERE service_every_months > 0 AND last_service_on IS NOT NULL"
		   "  AND julianday(service_on) - julianday(:today) <= 14"
		   " UNION ALL SELECT id, code, name, coalesce(manager_id, 0), 'insurance', insurance_expires,"
		   "  printf('insurance %s %s', CASE WHEN insurance_expires < :today THEN 'expired' ELSE 'expires' END, insurance_expires)"
		   "  FROM v WHERE julianday(insurance_expires) - julianday(:today) <= 30"
		   " UNION ALL SELECT id, code, name, coalesce(manager_id, 0), 'inspection', inspection_expires,"
		   "  printf('inspection %s %s', CASE WHEN inspection_expires < :today THEN 'expired' ELSE 'expires' END, inspection_expires)"
		   "  FROM v WHERE julianday(inspection_expires) - julianday(:today) <= 30"
		   " ORDER BY 2, 5, 6");
	db_bind_text(&s, ":today", today);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		list = xrealloc(list, (size_t)(n + 1) * sizeof *list);
		list[n].id = db_col_int(&s, 0);
		snprintf(list[n].code, sizeof list[n].code, "%s", db_col_text(&s, 1));
		snprintf(list[n].name, sizeof list[n].name, "%s", db_col_text(&s, 2));
		list[n].manager = db_col_int(&s, 3);
		snprintf(list[n].what, sizeof list[n].what, "%s", db_col_text(&s, 4));
		snprintf(list[n].key, sizeof list[n].key, "%s", db_col_text(&s, 5));
		snprintf(list[n].detail, sizeof list[n].detail, "%s", db_col_text(&s, 6));
		n++;
	}
	db_done(&s);
	if (rc != SQLITE_DONE) {
		free(list);
		return db_fail();
	}
	for (int i = 0; i < n && st == AF_OK; i++) {
		int64_t to[64];
		int k = role_people("fleet_keeper", to, 63);
		char what[96], *text;

		if (list[i].manager)
			k = add_person(to, k, list[i].manager);
		text = xasprintf("车辆提醒 vehicle %s: %s (%s) %s", list[i].what, list[i].name, list[i].code, list[i].detail);
		snprintf(what, sizeof what, "vehicle:%lld:%s:%s", (long long)list[i].id, list[i].what, list[i].key);
		st = remind_daily(c, to, k, today, what, "vehicle", list[i].code, list[i].name, list[i].detail, text);
		free(text);
	}
	free(list);
	return st;
}

static af_status remind_bookings(struct remind_ctx *c, const char *now)
{
	db_stmt s;
	int rc;
	struct soon { int64_t id, request, who[2]; char number[40], code[40], starts[20], text[400]; } *list = NULL;
	int n = 0;
	af_status st = AF_OK;

	db_prepare(&s, "SELECT b.id, coalesce(b.request_id, 0), b.booked_by, coalesce(b.driver_id, 0),"
		   " coalesce(r.number, ''), coalesce(rm.code, v.code, ''), b.starts_at,"
		   " coalesce(rm.name, v.name, '') || ' ' || datetime(b.starts_at, 'localtime') || '-'"
		   " || substr(datetime(b.ends_at, 'localtime'), 12, 5) || ' ' || b.subject"
		   " FROM bookings b LEFT JOIN requests r ON r.id = b.request_id"
		   " LEFT JOIN rooms rm ON b.resource = 'room' AND rm.id = b.resource_id"
		   " LEFT JOIN vehicles v ON b.resource = 'vehicle' AND v.id = b.resource_id"
		   " WHERE b.state = 'confirmed' AND b.starts_at > :now AND b.starts_at <= datetime(:now, '+1 hour')"
		   " ORDER BY b.starts_at, b.id");
	db_bind_text(&s, ":now", now);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		list = xrealloc(list, (size_t)(n + 1) * sizeof *list);
		list[n].id = db_col_int(&s, 0);
		list[n].request = db_col_int(&s, 1);
		list[n].who[0] = db_col_int(&s, 2);
		list[n].who[1] = db_col_int(&s, 3) != db_col_int(&s, 2) ? db_col_int(&s, 3) : 0;
		snprintf(list[n].number, sizeof list[n].number, "%s", db_col_text(&s, 4));
		snprintf(list[n].code, sizeof list[n].code, "%s", db_col_text(&s, 5));
		snprintf(list[n].starts, sizeof list[n].starts, "%s", db_col_text(&s, 6));
		snprintf(list[n].text, sizeof list[n].text, "%s", db_col_text(&s, 7));
		n++;
	}
	db_done(&s);
	if (rc != SQLITE_DONE) {
		free(list);
		return db_fail();
	}
	for (int i = 0; i < n && st == AF_OK; i++)
		for (int j = 0; j < 2 && st == AF_OK; j++) {
			char occasion[64], detail[64], *text;

			if (!list[i].who[j])
				continue;
			snprintf(occasion, sizeof occasion, "booking_soon:%lld:%lld", (long long)list[i].id,
				 (long long)list[i].who[j]);
			snprintf(detail, sizeof detail, "starts %s", list[i].starts);
			text = xasprintf("即将开始 starting soon: %s", list[i].text);
			st = remind_one(c, list[i].who[j], list[i].request, "booking_soon", occasion, "booking-soon",
					list[i].number, list[i].code, detail, text);
			free(text);
		}
	free(list);
	return st;
}

static af_status do_remind(void *arg)
{
	struct remind_ctx *c = arg;
	char now[32], today[11];
	af_status st;

	/* A retried transaction starts its output again. */
	c->count = 0;
	if (af_memout_restart(&c->out, &c->buf, &c->len) != 0)
		return af_fail(AF_ERROR, "remind: out of memory");
	af_format_time(af_now(), now, sizeof now);
	tz_today(today, sizeof today); /* the company's day */
	st = remind_licences(c, today);
	if (st == AF_OK)
		st = remind_stock(c, today);
	if (st == AF_OK)
		st = remind_assets(c, today);
	if (st == AF_OK)
		st = remind_vehicles(c, today);
	if (st == AF_OK)
		st = remind_bookings(c, now);
	return st;
}

af_status remind_run(int dry_run, FILE *out, int *count)
{
	struct remind_ctx c = { 0, NULL, NULL, 0 };
	/* The dry run is this very run, rolled back: it names exactly what
	 * remind would send, one notice an occasion included. */
	af_status st = (dry_run ? db_transact_dry : db_transact)(do_remind, &c);

	if (c.out)
		fclose(c.out);
	if (st == AF_OK && c.buf)
		fwrite(c.buf, 1, c.len, out);
	free(c.buf);
	*count = c.count;
	if (st == AF_OK && !dry_run)
		notify_flush();
	return st;
}
