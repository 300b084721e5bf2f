/* The reminders that are not the engine's time limits (see remind.h):
 * each occasion noticed once, so that cron may run remind as often as it
 * likes. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"
#include "notify.h"
#include "notice_text.h"
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

/* A query's rows with every column kept as text (NULL as ""): the loaders
 * read their rows to the end before they write any notice. */
struct rows {
	int n, cols;
	char **cell; /* row i, column j: cell[i * cols + j] */
};

static const char *cell(const struct rows *r, int i, int j)
{
	return r->cell[i * r->cols + j];
}

static int64_t cell_int(const struct rows *r, int i, int j)
{
	return strtoll(cell(r, i, j), NULL, 10);
}

static void rows_free(struct rows *r)
{
	for (int k = 0; k < r->n * r->cols; k++)
		free(r->cell[k]);
	free(r->cell);
	r->cell = NULL;
	r->n = 0;
}

/* Steps s to its end into r (freed by rows_free) and is done with it;
 * db_fail's status when a step fails, r then empty. */
static af_status rows_collect(db_stmt *s, struct rows *r)
{
	int rc;

	r->n = 0;
	r->cols = sqlite3_column_count(s->st);
	r->cell = NULL;
	while ((rc = db_step(s)) == SQLITE_ROW) {
		r->cell = xrealloc(r->cell, (size_t)(r->n + 1) * (size_t)r->cols * sizeof *r->cell);
		for (int j = 0; j < r->cols; j++)
			r->cell[r->n * r->cols + j] = xstrdup(db_col_text(s, j));
		r->n++;
	}
	db_done(s);
	if (rc != SQLITE_DONE) {
		rows_free(r);
		return db_fail();
	}
	return AF_OK;
}

static af_status remind_licences(struct remind_ctx *c, const char *today)
{
	db_stmt s;
	struct rows r;
	af_status st;

	db_prepare(&s, "SELECT l.id, l.code, l.name, l.expires_on,"
		   " CAST(julianday(l.expires_on) - julianday(:today) AS INTEGER), coalesce(d.head_id, 0)"
		   " FROM licences l LEFT JOIN departments d ON d.id = l.department_id"
		   " WHERE julianday(l.expires_on) - julianday(:today) <= l.remind_days ORDER BY l.expires_on, l.code");
	db_bind_text(&s, ":today", today);
	if ((st = rows_collect(&s, &r)) != AF_OK)
		return st;
	for (int i = 0; i < r.n && st == AF_OK; i++) {
		const char *code = cell(&r, i, 1), *name = cell(&r, i, 2), *expires = cell(&r, i, 3);
		int64_t days = cell_int(&r, i, 4), head = cell_int(&r, i, 5);
		int64_t to[64];
		int k;
		char detail[96], what[64];
		char *text;

		/* The admin staff keep the licences; the department's head owns it. */
		k = role_people("admin_staff", to, 63);
		if (head)
			k = add_person(to, k, head);
		if (days < 0)
			snprintf(detail, sizeof detail, "expired %s, %lld days ago", expires, (long long)-days);
		else
			snprintf(detail, sizeof detail, "expires %s, in %lld days", expires, (long long)days);
		snprintf(what, sizeof what, "%lld", (long long)(days < 0 ? -days : days));
		text = days < 0 ? xasprintf(NT_LICENCE_EXPIRED, name, code, expires, what)
				: xasprintf(NT_LICENCE_EXPIRING, name, code, expires, what);
		/* Daily until renewed: a new expiry date is a new occasion. */
		snprintf(what, sizeof what, "licence:%lld:%s", (long long)cell_int(&r, i, 0), expires);
		st = remind_daily(c, to, k, today, what, "licence", code, name, detail, text);
		free(text);
	}
	rows_free(&r);
	return st;
}

static af_status remind_stock(struct remind_ctx *c, const char *today)
{
	db_stmt s;
	struct rows r;
	af_status st;

	/* Column 4: the text stock_issue writes for the same occasion. */
	db_prepare(&s, "SELECT id, sku, name, on_hand || unit || ' left, reorder level ' || reorder_level,"
		   " " STOCK_LOW_TEXT " FROM supplies WHERE on_hand <= reorder_level ORDER BY sku");
	if ((st = rows_collect(&s, &r)) != AF_OK)
		return st;
	for (int i = 0; i < r.n && st == AF_OK; i++) {
		int64_t to[64];
		int k = role_people("admin_staff", to, 64);

		for (int j = 0; j < k && st == AF_OK; j++) {
			/* The occasion stock_issue uses too: once per supply, person and day. */
			char occasion[96];

			snprintf(occasion, sizeof occasion, "low:%lld:%lld:%s", (long long)cell_int(&r, i, 0),
				 (long long)to[j], today);
			st = remind_one(c, to[j], 0, "low_stock", occasion, "low-stock", cell(&r, i, 1), cell(&r, i, 2),
					cell(&r, i, 3), cell(&r, i, 4));
		}
	}
	rows_free(&r);
	return st;
}

/* Lent assets from their return-due date on: the holder daily (due today,
 * then overdue), the asset keepers daily once it is overdue. */
static af_status remind_assets(struct remind_ctx *c, const char *today)
{
	db_stmt s;
	struct rows r;
	af_status st;

	db_prepare(&s, "SELECT a.id, a.tag, a.name, a.return_due, a.holder_id, e.login,"
		   " CAST(julianday(:today) - julianday(a.return_due) AS INTEGER)"
		   " FROM assets a JOIN employees e ON e.id = a.holder_id"
		   " WHERE a.return_due <= :today AND a.status = 'in_use' ORDER BY a.return_due, a.tag");
	db_bind_text(&s, ":today", today);
	if ((st = rows_collect(&s, &r)) != AF_OK)
		return st;
	for (int i = 0; i < r.n && st == AF_OK; i++) {
		const char *tag = cell(&r, i, 1), *name = cell(&r, i, 2), *due = cell(&r, i, 3);
		const char *login = cell(&r, i, 5);
		int64_t days = cell_int(&r, i, 6);
		int64_t to[64];
		int k = 0;
		char detail[160], what[64], *text;

		to[k++] = cell_int(&r, i, 4);
		if (days > 0) {
			int64_t keepers[63];
			int nk = role_people("asset_keeper", keepers, 63);

			for (int j = 0; j < nk; j++)
				k = add_person(to, k, keepers[j]);
		}
		if (days > 0)
			snprintf(detail, sizeof detail, "held by %s, due back %s, %lld days overdue", login, due,
				 (long long)days);
		else
			snprintf(detail, sizeof detail, "held by %s, due back today", login);
		snprintf(what, sizeof what, "%lld", (long long)days);
		text = days > 0 ? xasprintf(NT_ASSET_OVERDUE, name, tag, login, due, what)
				: xasprintf(NT_ASSET_TODAY, name, tag, login);
		/* Daily until returned; lent again, it is a new occasion. */
		snprintf(what, sizeof what, "asset_due:%lld:%s", (long long)cell_int(&r, i, 0), due);
		st = remind_daily(c, to, k, today, what, "asset-due", tag, name, detail, text);
		free(text);
	}
	rows_free(&r);
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
	struct rows r;
	af_status st;

	db_prepare(&s, "WITH v AS (SELECT v.*, max(v.last_service_km, coalesce((SELECT max(max(coalesce(b.odometer_in, 0),"
		   "  coalesce(b.odometer_out, 0))) FROM bookings b WHERE b.resource = 'vehicle' AND b.resource_id = v.id), 0)) AS km,"
		   "  date(v.last_service_on, '+' || v.service_every_months || ' months') AS service_on FROM vehicles v WHERE v.active = 1)"
		   " SELECT id, code, name, coalesce(manager_id, 0), 'service', last_service_km + service_every_km,"
		   "  'km', last_service_km + service_every_km, km, ''"
		   "  FROM v WHERE service_every_km > 0 AND last_service_km + service_every_km - km <= 500"
		   " UNION ALL SELECT id, code, name, coalesce(manager_id, 0), 'service', service_on,"
		   "  'date', service_on, service_every_months, last_service_on"
		   "  FROM v WHERE service_every_months > 0 AND last_service_on IS NOT NULL"
		   "  AND julianday(service_on) - julianday(:today) <= 14"
		   " UNION ALL SELECT id, code, name, coalesce(manager_id, 0), 'insurance', insurance_expires,"
		   "  CASE WHEN insurance_expires < :today THEN 'expired' ELSE 'expires' END, insurance_expires, '', ''"
		   "  FROM v WHERE julianday(insurance_expires) - julianday(:today) <= 30"
		   " UNION ALL SELECT id, code, name, coalesce(manager_id, 0), 'inspection', inspection_expires,"
		   "  CASE WHEN inspection_expires < :today THEN 'expired' ELSE 'expires' END, inspection_expires, '', ''"
		   "  FROM v WHERE julianday(inspection_expires) - julianday(:today) <= 30"
		   " ORDER BY 2, 5, 6");
	db_bind_text(&s, ":today", today);
	if ((st = rows_collect(&s, &r)) != AF_OK)
		return st;
	for (int i = 0; i < r.n && st == AF_OK; i++) {
		const char *code = cell(&r, i, 1), *name = cell(&r, i, 2), *kind = cell(&r, i, 4);
		const char *how = cell(&r, i, 6), *a1 = cell(&r, i, 7), *a2 = cell(&r, i, 8), *a3 = cell(&r, i, 9);
		int64_t manager = cell_int(&r, i, 3);
		int64_t to[64];
		int k = role_people("fleet_keeper", to, 63);
		char what[96], *text, *detail;

		if (manager)
			k = add_person(to, k, manager);
		/* In the notices' words (notice_text.h): the detail is their
		 * English tail, for the printed line. */
		if (strcmp(kind, "service") == 0 && strcmp(how, "km") == 0) {
			detail = xasprintf(NT_VEHICLE_SERVICE_KM_DETAIL, a1, a2);
			text = xasprintf(NT_VEHICLE_SERVICE_KM, name, code, a1, a2);
		} else if (strcmp(kind, "service") == 0) {
			detail = xasprintf(NT_VEHICLE_SERVICE_DATE_DETAIL, a1, a2, a3);
			text = xasprintf(NT_VEHICLE_SERVICE_DATE, name, code, a1, a2, a3);
		} else if (strcmp(kind, "insurance") == 0) {
			int gone = strcmp(how, "expired") == 0;

			detail = xasprintf(gone ? NT_VEHICLE_INSURANCE_EXPIRED_DETAIL : NT_VEHICLE_INSURANCE_EXPIRES_DETAIL, a1);
			text = xasprintf(gone ? NT_VEHICLE_INSURANCE_EXPIRED : NT_VEHICLE_INSURANCE_EXPIRES, name, code, a1);
		} else {
			int gone = strcmp(how, "expired") == 0;

			detail = xasprintf(gone ? NT_VEHICLE_INSPECTION_EXPIRED_DETAIL : NT_VEHICLE_INSPECTION_EXPIRES_DETAIL,
					   a1);
			text = xasprintf(gone ? NT_VEHICLE_INSPECTION_EXPIRED : NT_VEHICLE_INSPECTION_EXPIRES, name, code, a1);
		}
		snprintf(what, sizeof what, "vehicle:%lld:%s:%s", (long long)cell_int(&r, i, 0), kind, cell(&r, i, 5));
		st = remind_daily(c, to, k, today, what, "vehicle", code, name, detail, text);
		free(text);
		free(detail);
	}
	rows_free(&r);
	return st;
}

static af_status remind_bookings(struct remind_ctx *c, const char *now)
{
	db_stmt s;
	struct rows r;
	af_status st;

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
	if ((st = rows_collect(&s, &r)) != AF_OK)
		return st;
	for (int i = 0; i < r.n && st == AF_OK; i++) {
		/* The booker, and the driver when it is someone else. */
		int64_t who[2] = { cell_int(&r, i, 2), cell_int(&r, i, 3) };

		if (who[1] == who[0])
			who[1] = 0;
		for (int j = 0; j < 2 && st == AF_OK; j++) {
			char occasion[64], detail[64], *text;

			if (!who[j])
				continue;
			snprintf(occasion, sizeof occasion, "booking_soon:%lld:%lld", (long long)cell_int(&r, i, 0),
				 (long long)who[j]);
			snprintf(detail, sizeof detail, "starts %s", cell(&r, i, 6));
			text = xasprintf(NT_STARTING_SOON, cell(&r, i, 7));
			st = remind_one(c, who[j], cell_int(&r, i, 1), "booking_soon", occasion, "booking-soon",
					cell(&r, i, 4), cell(&r, i, 5), detail, text);
			free(text);
		}
	}
	rows_free(&r);
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
