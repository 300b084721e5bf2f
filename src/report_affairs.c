/* The affairs' reports: room and vehicle use, booking conflicts, supplies,
 * assets, expenses, seals and licences. */
#include "autoconf.h"
#include <stdlib.h>
#include "assets.h"
#include "audit.h"
#include "i18n.h"
#include "report.h"
#include "report_int.h"
#include "util.h"

/* ---- utilisation -------------------------------------------------------- */

#define WORK_START (8 * 60)
#define WORK_END (18 * 60)

struct resource {
	char kind[8];
	int64_t id;
	char code[40], name[128];
};

/* A resource's place in util_data.res, found by kind and id. */
struct resource_key {
	int vehicle;
	int64_t id;
	int ri;
};

struct util_data {
	long first, last;          /* days, inclusive */
	long monday0;              /* Monday of the first week */
	int nweeks, nres;
	struct resource *res;
	double *booked;            /* nres * nweeks, minutes */
	double *lost;              /* nres * nweeks, minutes of those booked by no-shows */
	int *noshows;              /* nres * nweeks, no-show bookings that began in the week */
	double heat[5][10];        /* minutes, for report_heat */
};

static void util_free(struct util_data *u)
{
	free(u->res);
	free(u->booked);
	free(u->lost);
	free(u->noshows);
}

static int cmp_resource_key(const void *a, const void *b)
{
	const struct resource_key *x = a, *y = b;

	if (x->vehicle != y->vehicle)
		return x->vehicle - y->vehicle;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void util_range(const struct report_scope *sc, long *first, long *last)
{
	long today = report_today_day();

	/* By default the current ISO week and the three before it. */
	*last = *sc->to ? (long)(report_parse_minutes(sc->to) / 1440) : today - report_weekday(today) + 6;
	*first = *sc->from ? (long)(report_parse_minutes(sc->from) / 1440) : today - report_weekday(today) - 21;
}

/* Adds a booking from a to b (minutes) to resource ri: its minutes within
 * working hours to the week each falls in, and to the heat grid. */
static void util_add(struct util_data *u, int ri, long long a, long long b, int no_show)
{
	/* A no-show counts in the week it was to begin, when that is within. */
	if (no_show && a >= (long long)u->first * 1440 && a < (long long)(u->last + 1) * 1440)
		u->noshows[ri * u->nweeks + (int)((a / 1440 - u->monday0) / 7)]++;
	if (a < (long long)u->first * 1440)
		a = (long long)u->first * 1440;
	if (b > (long long)(u->last + 1) * 1440)
		b = (long long)(u->last + 1) * 1440;
	for (long day = (long)(a / 1440); (long long)day * 1440 < b; day++) {
		int wd = report_weekday(day);
		long long base = (long long)day * 1440;

		if (wd >= 5)
			continue;
		for (int h = 0; h < 10; h++) {
			long long lo = base + WORK_START + h * 60, hi = lo + 60;
			long long ov = (b < hi ? b : hi) - (a > lo ? a : lo);
			int cell = ri * u->nweeks + (int)((day - u->monday0) / 7);

			if (ov <= 0)
				continue;
			u->booked[cell] += (double)ov;
			if (no_show)
				u->lost[cell] += (double)ov;
			u->heat[wd][h] += (double)ov;
		}
	}
}

struct util_read {
	struct util_data *u;
	const struct resource_key *keys;
	const char *from;  /* the range's first instant */
};

/* A booking read by util_window, added to its resource's weeks. */
static void util_row(db_stmt *s, void *ctx)
{
	struct util_read *ur = ctx;
	struct resource_key k = { (int)db_col_int(s, 0), db_col_int(s, 1), 0 }, *hit;
	long long a = report_parse_minutes(db_col_text(s, 2)), b = report_parse_minutes(db_col_text(s, 3));

	hit = bsearch(&k, ur->keys, (size_t)ur->u->nres, sizeof *ur->keys, cmp_resource_key);
	if (!hit || a < 0 || b <= a)
		return;
	util_add(ur->u, hit->ri, a, b, (int)db_col_int(s, 4));
}

/* The bookings of the window w (by when they begin) that end after the
 * range begins, each added to its resource's weeks. */
static af_status util_window(const struct report_scope *w, void *ctx)
{
	struct util_read *ur = ctx;
	const struct report_param params[] = {
		{ ":f", ur->from },
		{ ":lo", strcmp(w->from_at, ur->from) == 0 ? "" : w->from_at },
		{ ":hi", w->until_at },
		{ NULL, NULL },
	};

	/* Resource by resource. The first window, which takes in the bookings
	 * begun before the range, goes through bookings_ends: those that end
	 * after the range begins (the window's bound on their start is checked
	 * in that index, never its lead). Every later window goes through
	 * bookings_resource by when they begin, which bounds it: the bookings
	 * ending after the range begins are all of those since, and the
	 * windows, narrowed to read_slice by report_windows, each read them
	 * again -- the three-year report took minutes, not a second (a booking
	 * begun in a later window ends after the range begins anyway).
	 * Each booking's columns are read once. Working hours are the wall
	 * clock's: the times in the company's zone. :dept is the scope's
	 * (report_bind_scope). */
#define UTIL_SQL(where) "SELECT x.kind = 'vehicle', x.id, datetime(b.starts_at, 'localtime')," \
	" datetime(b.ends_at, 'localtime'), b.attendance IS 'no_show'" \
	" FROM (SELECT 'room' kind, id FROM rooms WHERE active = 1" \
	"  UNION ALL SELECT 'vehicle', id FROM vehicles WHERE active = 1) x" \
	" CROSS JOIN bookings b ON b.resource = x.kind AND b.resource_id = x.id" \
	" WHERE " where " AND b.state = 'confirmed'" \
	" AND (:dept = 0 OR b.booked_by IN (SELECT e.id FROM employees e WHERE " IN_DEPT("e.department_id") "))"
	return report_each_with(w, !*params[1].text
				? UTIL_SQL("b.ends_at > :f AND +b.starts_at >= :lo AND +b.starts_at < :hi")
				: UTIL_SQL("+b.ends_at > :f AND b.starts_at >= :lo AND b.starts_at < :hi"),
				params, util_row, ur);
#undef UTIL_SQL
}

struct util_resources {
	struct util_data *u;
	const char *only_kind; /* NULL: rooms and vehicles */
};

/* A resource read by util_load, kept when of the kind asked for. */
static void util_resource_row(db_stmt *s, void *ctx)
{
	struct util_resources *ures = ctx;
	struct util_data *u = ures->u;
	struct resource *res;

	if (ures->only_kind && strcmp(ures->only_kind, db_col_text(s, 0)) != 0)
		return;
	u->res = xrealloc(u->res, (size_t)(u->nres + 1) * sizeof *u->res);
	res = &u->res[u->nres++];
	snprintf(res->kind, sizeof res->kind, "%s", db_col_text(s, 0));
	res->id = db_col_int(s, 1);
	snprintf(res->code, sizeof res->code, "%s", db_col_text(s, 2));
	snprintf(res->name, sizeof res->name, "%s", db_col_text(s, 3));
}

static af_status util_load(const struct report_scope *sc, const char *only_kind, struct util_data *u)
{
	struct resource_key *keys;
	af_status st;
	char from[32], until[32];

	memset(u, 0, sizeof *u);
	util_range(sc, &u->first, &u->last);
	u->monday0 = u->first - report_weekday(u->first);
	u->nweeks = (int)((u->last - u->monday0) / 7 + 1);
	{
		struct util_resources ures = { u, only_kind };

		st = report_each(sc, "SELECT 'room', id, code, name FROM rooms WHERE active = 1"
				 " UNION ALL SELECT 'vehicle', id, code, name FROM vehicles WHERE active = 1 ORDER BY 1, 3",
				 util_resource_row, &ures);
		if (st != AF_OK)
			return st;
	}
	{
		size_t cells = (size_t)(u->nres ? u->nres : 1) * (size_t)u->nweeks;

		u->booked = xcalloc(cells, sizeof *u->booked);
		u->lost = xcalloc(cells, sizeof *u->lost);
		u->noshows = xcalloc(cells, sizeof *u->noshows);
	}
	keys = xcalloc((size_t)(u->nres ? u->nres : 1), sizeof *keys);
	for (int i = 0; i < u->nres; i++)
		keys[i] = (struct resource_key){ strcmp(u->res[i].kind, "vehicle") == 0, u->res[i].id, i };
	qsort(keys, (size_t)u->nres, sizeof *keys, cmp_resource_key);
	report_format_day(u->first, from, sizeof from);
	report_format_day(u->last + 1, until, sizeof until);
	af_format_time(tz_day_start(from), from, sizeof from);
	af_format_time(tz_day_start(until), until, sizeof until);
	{
		/* Window by window of when the bookings begin (report_windows),
		 * the first taking in those begun before the range too. */
		struct util_read ur = { u, keys, from };
		struct report_scope range = *sc;

		snprintf(range.from_at, sizeof range.from_at, "%.19s", from);
		snprintf(range.until_at, sizeof range.until_at, "%.19s", until);
		st = report_windows(&range, "SELECT NULL, NULL", util_window, &ur);
	}
	free(keys);
	return st;
}

/* Working minutes of week w that fall within the range. */
static double util_working(const struct util_data *u, int w)
{
	double m = 0;

	for (long day = u->monday0 + 7L * w; day < u->monday0 + 7L * w + 5; day++)
		if (day >= u->first && day <= u->last)
			m += WORK_END - WORK_START;
	return m;
}

af_status rep_utilisation(const struct report_scope *sc, report *r)
{
	report_table *t = report_add_table(r, NULL, "resource code name week #booked_h #working_h #used_pct"
				    " #no_shows #lost_h #lost_pct");
	report_table *ns;
	struct util_data u;
	af_status st = util_load(sc, NULL, &u);
	char from[11], to[11];

	if (st != AF_OK) {
		util_free(&u);
		return st;
	}
	for (int i = 0; i < u.nres; i++)
		for (int w = 0; w < u.nweeks; w++) {
			int cell = i * u.nweeks + w;
			double work = util_working(&u, w), b = u.booked[cell], lost = u.lost[cell];
			char week[16];

			if (work <= 0)
				continue;
			report_iso_week(u.monday0 + 7L * w, week, sizeof week);
			report_put(t, u.res[i].kind);
			report_put(t, u.res[i].code);
			report_put(t, u.res[i].name);
			report_put(t, week);
			report_put_hours(t, b / 60, 1);
			report_put_hours(t, work / 60, 1);
			report_putf(t, "%.1f", 100 * b / work);
			report_put_int(t, u.noshows[cell]);
			report_put_hours(t, lost / 60, 1);
			report_put_hours(t, b > 0 ? 100 * lost / b : 0, b > 0);
		}
	/* Per resource over the whole range, those with a no-show recorded. */
	ns = report_add_table(r, N_("no-shows by resource"), "resource code name #booked_h #no_shows #lost_h #lost_pct");
	for (int i = 0; i < u.nres; i++) {
		double b = 0, lost = 0;
		int n = 0;

		for (int w = 0; w < u.nweeks; w++) {
			b += u.booked[i * u.nweeks + w];
			lost += u.lost[i * u.nweeks + w];
			n += u.noshows[i * u.nweeks + w];
		}
		if (!n && lost <= 0)
			continue;
		report_put(ns, u.res[i].kind);
		report_put(ns, u.res[i].code);
		report_put(ns, u.res[i].name);
		report_put_hours(ns, b / 60, 1);
		report_put_int(ns, n);
		report_put_hours(ns, lost / 60, 1);
		report_put_hours(ns, b > 0 ? 100 * lost / b : 0, b > 0);
	}
	report_format_day(u.first, from, sizeof from);
	report_format_day(u.last, to, sizeof to);
	{
		char *s = xasprintf("%s; bookings confirmed %s..%s; working hours Mon-Fri 08:00-18:00",
				    r->scope, from, to);

		free(r->scope);
		r->scope = s;
	}
	report_note(r, "no-shows: bookings the venue or fleet keeper marked as not attended; lost hours are"
		 " their booked working hours, lost_pct their share of the hours booked");
	util_free(&u);
	return AF_OK;
}

af_status report_heat(const char *resource, const report_opts *o, double pct[5][10])
{
	struct report_scope sc;
	report r = {0};
	struct util_data u;
	af_status st = report_resolve("utilisation", REPORT_REACH_DEPT, "manage_resources", o, &sc, &r);

	report_free(&r);
	memset(pct, 0, sizeof(double) * 50);
	if (st != AF_OK)
		return st;
	st = util_load(&sc, resource, &u);
	if (st == AF_OK && u.nres) {
		for (int d = 0; d < 5; d++) {
			int days = 0;

			for (long day = u.first; day <= u.last; day++)
				days += report_weekday(day) == d;
			for (int h = 0; h < 10; h++)
				pct[d][h] = days ? 100 * u.heat[d][h] / (60.0 * days * u.nres) : 0;
		}
	}
	util_free(&u);
	return st;
}

/* ---- conflicts ---------------------------------------------------------- */

#define REFUSED_BOUNDS "SELECT (SELECT min(at) FROM audit WHERE action = 'booking_refused')," \
	" (SELECT max(at) FROM audit WHERE action = 'booking_refused')"

af_status rep_conflicts(const struct report_scope *sc, report *r)
{
	af_status st;

	/* The audit trail is the longest table: its refusals window by window,
	 * counted again over the windows. */
	st = report_gather_fill(report_add_table(r, NULL, "resource code month #refused"), sc, REFUSED_BOUNDS,
			   "SELECT json_group_array(json_array(res, code, month, n)) FROM ("
			   " SELECT substr(a.object, 1, instr(a.object, ':') - 1) res, substr(a.object, instr(a.object, ':') + 1) code,"
			   " strftime('%Y-%m', a.at, 'localtime') month, count(*) n"
			   " FROM audit a LEFT JOIN employees e ON e.login = " AUDIT_LOGIN
			   " WHERE a.action = 'booking_refused' AND " IN_RANGE("a.at")
			   " AND (:dept = 0 OR " IN_DEPT("e.department_id") ")"
			   " GROUP BY 1, 2, 3)",
			   "SELECT res, code, month, sum(n) FROM (SELECT " ROW(0) " res, " ROW(1) " code, "
			   ROW(2) " month, " ROW(3) " n FROM json_each(:rows)) GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 3",
			   "ttti", 1);
	if (st != AF_OK)
		return st;
	report_note(r, "counted from the audit trail: every submission refused because its slot was taken"
		    " leaves a booking_refused row there, by month on the company's clock");
	return AF_OK;
}

/* ---- supplies ----------------------------------------------------------- */


#define MOVE_BOUNDS "SELECT (SELECT min(at) FROM stock_moves), (SELECT max(at) FROM stock_moves)"

af_status rep_supplies(const struct report_scope *sc, report *r)
{
	af_status st;

	/* Each window's issues and returns by department and item; summed
	 * over the windows by the statement that reads them back. */
	st = report_gather_fill(report_add_table(r, N_("consumption (issued minus returned)"),
						 "department department_name sku item unit #issued #returned #net"), sc, MOVE_BOUNDS,
			   "SELECT json_group_array(json_array(dcode, dname, did, sku, pname, unit, pid, issued, returned)) FROM ("
			   " SELECT coalesce(d.code, '') dcode, coalesce(d.name, '') dname, d.id did, p.sku sku, p.name pname,"
			   " p.unit unit, p.id pid, sum(CASE m.kind WHEN 'issue' THEN m.quantity ELSE 0 END) issued,"
			   " sum(CASE m.kind WHEN 'return' THEN m.quantity ELSE 0 END) returned"
			   " FROM stock_moves m JOIN supplies p ON p.id = m.supply_id"
			   " LEFT JOIN requests r ON r.id = m.request_id LEFT JOIN employees e ON e.id = r.applicant_id"
			   " LEFT JOIN departments d ON d.id = e.department_id"
			   " WHERE m.kind IN ('issue', 'return') AND " IN_RANGE("m.at") " AND " IN_DEPT("e.department_id")
			   " GROUP BY d.id, p.id)",
			   "SELECT dcode, dname, sku, pname, unit, sum(issued), sum(returned), sum(issued) - sum(returned)"
			   " FROM (SELECT " ROW(0) " dcode, " ROW(1) " dname, " ROW(2) " did, " ROW(3) " sku, "
			   ROW(4) " pname, " ROW(5) " unit, " ROW(6) " pid, " ROW(7) " issued, " ROW(8) " returned"
			   " FROM json_each(:rows)) GROUP BY did, pid ORDER BY 1, 3", "tttttiii", 0);
	if (st != AF_OK)
		return st;
	if (sc->restricted) {
		report_note(r, "items under their reorder level: for the admin staff (report_all)");
		return AF_OK;
	}
	db_read_pause();
	return report_fill(report_add_table(r, N_("at or under the reorder level"),
					    "sku item unit #on_hand #reserved #available #reorder_level location"), sc,
			   "SELECT sku, name, unit, on_hand, reserved, on_hand - reserved, reorder_level, location, sku"
			   " FROM supplies WHERE on_hand <= reorder_level AND sku > :after1 ORDER BY sku", "tttiiiitk", NULL);
}

/* ---- assets ------------------------------------------------------------- */

static void put_difference(void *ctx, const stocktake_diff_row *d)
{
	report_table *t = ctx;

	report_put(t, d->tag);
	report_put(t, d->kind);
	report_put(t, d->name);
	report_put(t, d->booked);
	report_put(t, d->counted);
	report_put(t, d->holder);
	report_put(t, *d->resolution ? d->resolution : "unresolved");
}

struct diff_kinds {
	int64_t n[3]; /* missing, elsewhere, unknown */
};

static void count_difference(void *ctx, const stocktake_diff_row *d)
{
	struct diff_kinds *k = ctx;

	k->n[strcmp(d->kind, "missing") == 0 ? 0 : strcmp(d->kind, "elsewhere") == 0 ? 1 : 2]++;
}

/* The stocktakes begun in the range, each with its counts and differences
 * (by the rules of stocktake diff), and the latest one's differences line
 * by line. */
/* A stocktake a row: its counts, then its differences by kind (another
 * statement, so it may step while this one is open); the first failure
 * is kept and the rows after it add nothing. */
struct stocktake_rows {
	report_table *t;
	int64_t latest;
	af_status st;
};

static void stocktake_row(db_stmt *s, void *ctx)
{
	struct stocktake_rows *x = ctx;
	struct diff_kinds k = {{0, 0, 0}};
	int unresolved = 0;

	if (x->st != AF_OK)
		return;
	x->latest = db_col_int(s, 0);
	report_put_int(x->t, x->latest);
	for (int i = 1; i < 4; i++)
		report_put(x->t, db_col_text(s, i));
	report_put_int(x->t, db_col_int(s, 4));
	if ((x->st = stocktake_diff_rows(x->latest, count_difference, &k, NULL, &unresolved)) != AF_OK)
		return;
	for (int i = 0; i < 3; i++)
		report_put_int(x->t, k.n[i]);
	report_put_int(x->t, unresolved);
}

static af_status stocktakes(const struct report_scope *sc, report *r)
{
	struct stocktake_rows x = { report_add_table(r, N_("stocktakes"),
				    "stocktake location started closed #counted #missing #elsewhere #unknown #unresolved"),
				    0, AF_OK };
	af_status st = report_each(sc, "SELECT s.id, coalesce(nullif(s.location, ''), '*'), s.started_at,"
				   " coalesce(s.closed_at, 'open'),"
				   " (SELECT count(*) FROM stocktake_counts c WHERE c.stocktake_id = s.id AND c.found = 1)"
				   " FROM stocktakes s WHERE " IN_RANGE("s.started_at") " ORDER BY s.started_at, s.id",
				   stocktake_row, &x);
	int64_t latest = x.latest;

	if (st != AF_OK || x.st != AF_OK)
		return x.st != AF_OK ? x.st : st;
	if (latest) {
		report_table *d = report_add_table(r, N_("differences of the latest stocktake"),
					    "tag kind name booked counted holder resolution");

		if ((st = stocktake_diff_rows(latest, put_difference, d, NULL, NULL)) != AF_OK)
			return st;
		report_note(r, "stocktake %lld: resolve each with adminflow stocktake resolve TAG found|lost|moved|added",
			 (long long)latest);
	}
	return AF_OK;
}

af_status rep_assets(const struct report_scope *sc, report *r)
{
	af_status st;

	st = report_fill_total(report_add_table(r, NULL, "status location #assets #cost"), sc, "SELECT a.status, a.location, count(*), sum(a.cost_cents) FROM assets a"
			 " LEFT JOIN employees e ON e.id = a.holder_id"
			 " WHERE (:dept = 0 OR " IN_DEPT("e.department_id") ")"
			 " GROUP BY 1, 2 ORDER BY CASE a.status WHEN 'in_use' THEN 1 WHEN 'in_stock' THEN 2"
			 " WHEN 'in_repair' THEN 3 WHEN 'lost' THEN 4 ELSE 5 END, 2", "ttim");
	if (st != AF_OK)
		return st;
	/* Open repair tickets: what is out of service, since when, and why. */
	st = report_fill(report_add_table(r, N_("open repairs"), "tag name request urgency fault since"), sc,
			 "SELECT coalesce(a.tag, json_extract(r.data, '$.asset')), coalesce(a.name, ''), r.number,"
			 " coalesce(json_extract(r.data, '$.urgency'), ''), coalesce(json_extract(r.data, '$.fault'), ''),"
			 " datetime(r.created_at, 'localtime') FROM requests r JOIN employees e ON e.id = r.applicant_id"
			 " LEFT JOIN assets a ON a.tag = json_extract(r.data, '$.asset')"
			 " WHERE r.form IN (SELECT value FROM json_each(:serves_repair)) AND r.state IN ('pending', 'returned', 'approved')"
			 " AND " IN_DEPT("e.department_id") " ORDER BY r.created_at, r.id", "tttttt", NULL);
	if (st != AF_OK)
		return st;
	if (sc->dept) {
		report_note(r, "a department's assets are those its people hold; its repairs, those its people asked for;"
			 " stocktakes are the company's (see the report without --department)");
		return AF_OK;
	}
	return stocktakes(sc, r);
}

/* ---- expenses ----------------------------------------------------------- */

/* The hours from submission to payment of the claims paid in the range. */
#define EXPENSE_CYCLE_SQL "SELECT (julianday(r.paid_at) - julianday(r.created_at)) * 24" \
	" FROM requests r JOIN employees e ON e.id = r.applicant_id" \
	" WHERE +r.form IN (SELECT value FROM json_each(:serves_expenses)) AND r.paid_at IS NOT NULL AND " IN_RANGE("r.paid_at") \
	" AND " IN_DEPT("e.department_id")

static void expense_cycle_row(db_stmt *s, void *ctx)
{
	stats_add(ctx, sqlite3_column_double(s->st, 0));
}

/* The first and last payment, through requests_paid. */
#define PAID_BOUNDS "SELECT (SELECT min(paid_at) FROM requests WHERE paid_at IS NOT NULL)," \
	" (SELECT max(paid_at) FROM requests WHERE paid_at IS NOT NULL)"

af_status report_expense_cycle(const struct report_scope *sc, stats_values *v)
{
	af_status st = report_windows_each(sc, PAID_BOUNDS, EXPENSE_CYCLE_SQL, expense_cycle_row, v);

	stats_sort(v);
	return st;
}

/* The lines of paid claims, one row each (request, department, category,
 * amount in cents, receipts), dated when paid. A claim stored before
 * claims had lines counts as one line of its own category and amount.
 * "+r.form": the claims found by the date of payment (requests_paid),
 * not by going through every claim (requests_form). */
#define EXPENSE_LINES \
	"WITH lines(id, dept, category, amount, receipts) AS (" \
	" SELECT r.id, e.department_id, json_extract(l.value, '$.category')," \
	"  json_extract(l.value, '$.amount'), json_extract(l.value, '$.receipts')" \
	" FROM requests r JOIN employees e ON e.id = r.applicant_id, json_each(r.data, '$.lines') l" \
	" WHERE +r.form IN (SELECT value FROM json_each(:serves_expenses)) AND r.paid_at IS NOT NULL AND " IN_RANGE("r.paid_at") \
	" AND " IN_DEPT("e.department_id") \
	" UNION ALL SELECT r.id, e.department_id, json_extract(r.data, '$.category')," \
	"  json_extract(r.data, '$.amount'), NULL" \
	" FROM requests r JOIN employees e ON e.id = r.applicant_id" \
	" WHERE +r.form IN (SELECT value FROM json_each(:serves_expenses)) AND r.paid_at IS NOT NULL AND " IN_RANGE("r.paid_at") \
	" AND " IN_DEPT("e.department_id") " AND json_type(r.data, '$.lines') IS NULL) "

/* A window of payments: the totals by category and department (groups:
 * n[0] claims, n[1] amount, n[2] receipts), the company's total (each claim
 * once whatever its categories; a claim is in one window, so the counts of
 * windows add up) and the cycle times. */
struct expense_data {
	struct report_groups by;
	int64_t total[3];
	int any;
	stats_values cycle;
};

/* By the category of each line: a claim with travel and meals lines
 * counts once under each. */
static void expenses_row(db_stmt *s, void *ctx)
{
	struct expense_data *x = ctx;
	struct report_group *g;
	char key[256];

	snprintf(key, sizeof key, "%s\x1f%s", db_col_text(s, 0), db_col_text(s, 1));
	g = report_groups_get(&x->by, key);
	if (!g->label)
		g->label = xstrdup(db_col_text(s, 2));
	for (int i = 0; i < 3; i++)
		g->n[i] += db_col_int(s, 3 + i);
	x->any = 1;
}

static void expenses_total_row(db_stmt *s, void *ctx)
{
	struct expense_data *x = ctx;

	for (int i = 0; i < 3; i++)
		x->total[i] += db_col_int(s, i);
}

static af_status expenses_window(const struct report_scope *w, void *ctx)
{
	struct expense_data *x = ctx;
	af_status st;

	if ((st = report_each(w, EXPENSE_LINES "SELECT coalesce(l.category, ''), d.code, d.name, count(DISTINCT l.id),"
			      " sum(coalesce(l.amount, 0)), sum(coalesce(l.receipts, 0))"
			      " FROM lines l JOIN departments d ON d.id = l.dept GROUP BY 1, 2",
			      expenses_row, x)) != AF_OK ||
	    (st = report_each(w, EXPENSE_LINES "SELECT count(DISTINCT id), coalesce(sum(amount), 0),"
			      " coalesce(sum(receipts), 0) FROM lines", expenses_total_row, x)) != AF_OK)
		return st;
	return report_each(w, EXPENSE_CYCLE_SQL, expense_cycle_row, &x->cycle);
}

af_status rep_expenses(const struct report_scope *sc, report *r)
{
	report_table *t = report_add_table(r, N_("totals by category and department"),
				    "category department department_name #claims #total #receipts");
	report_table *c;
	struct expense_data x;
	stats_values *v = &x.cycle;
	char part[256];
	af_status st;

	memset(&x, 0, sizeof x);
	st = report_windows(sc, PAID_BOUNDS, expenses_window, &x);
	if (st != AF_OK)
		goto out;
	report_groups_sort(&x.by);
	for (int i = 0; i < x.by.n; i++) {
		struct report_group *g = &x.by.g[i];

		report_put(t, report_group_part(g, 0, part, sizeof part));
		report_put(t, report_group_part(g, 1, part, sizeof part));
		report_put(t, g->label);
		report_put_int(t, g->n[0]);
		report_put_money(t, g->n[1]);
		report_put_int(t, g->n[2]);
	}
	if (t->nrows) {
		report_put_total_label(t);
		report_put(t, "");
		report_put(t, "");
		report_put_int(t, x.total[0]);
		report_put_money(t, x.total[1]);
		report_put_int(t, x.total[2]);
	}
	c = report_add_table(r, N_("reimbursement cycle, submitted to paid"),
		      "#paid #mean_h #median_h #p90_h #mean_days");
	stats_sort(v);
	report_put_int(c, v->n);
	report_put_hours(c, v->n ? stats_mean(v->v, v->n) : 0, v->n > 0);
	report_put_hours(c, v->n ? stats_median(v->v, v->n) : 0, v->n > 0);
	report_put_hours(c, v->n ? stats_p90(v->v, v->n) : 0, v->n > 0);
	report_put_hours(c, v->n ? stats_mean(v->v, v->n) / 24 : 0, v->n > 0);
out:
	report_groups_free(&x.by);
	free(v->v);
	return st;
}

/* ---- seals -------------------------------------------------------------- */

#define SEAL_BOUNDS "SELECT (SELECT min(at) FROM seal_uses), (SELECT max(at) FROM seal_uses)"

af_status rep_seals(const struct report_scope *sc, report *r)
{
	af_status st;

	/* Each seal's uses, window by window of when they were made. */
	st = report_gather_fill(report_add_table(r, NULL, "seal name keeper #uses #copies last_used"), sc, SEAL_BOUNDS,
			   "SELECT json_group_array(json_array(seal_id, n, copies, last)) FROM ("
			   " SELECT u.seal_id, count(*) n, sum(u.copies) copies, max(u.at) last"
			   " FROM seal_uses u JOIN employees e ON e.id = u.used_by"
			   " WHERE " IN_RANGE("u.at") " AND " IN_DEPT("e.department_id") " GROUP BY u.seal_id)",
			   "SELECT s.code, s.name, k.name, coalesce(sum(u.n), 0), coalesce(sum(u.copies), 0),"
			   " coalesce(datetime(max(u.last), 'localtime'), '')"
			   " FROM seals s JOIN employees k ON k.id = s.keeper_id"
			   " LEFT JOIN (SELECT " ROW(0) " seal_id, " ROW(1) " n, " ROW(2) " copies, " ROW(3) " last"
			   "  FROM json_each(:rows)) u ON u.seal_id = s.id"
			   " GROUP BY s.id ORDER BY s.code", "tttiit", 0);
	if (st != AF_OK)
		return st;
	db_read_pause();
	/* The register itself: each use, as the keeper confirmed it, in
	 * slices after the (time, id) of the last (report_fill). */
	return report_fill(report_add_table(r, N_("register"), "at seal document #copies used_by witness request"), sc,
			   "SELECT datetime(u.at, 'localtime'), s.code, u.document, u.copies, e.name, coalesce(w.name, ''), r.number,"
			   " u.at, u.id"
			   " FROM seal_uses u JOIN seals s ON s.id = u.seal_id JOIN employees e ON e.id = u.used_by"
			   " LEFT JOIN employees w ON w.id = u.witness_id JOIN requests r ON r.id = u.request_id"
			   " WHERE " IN_RANGE("u.at") " AND " IN_DEPT("e.department_id")
			   " AND (u.at, u.id) > (:after1, :after2) ORDER BY u.at, u.id",
			   "tttitttkk", NULL);
}

/* ---- licences ----------------------------------------------------------- */

af_status rep_licences(const struct report_scope *sc, report *r)
{
	af_status st;

	st = report_fill(report_add_table(r, NULL, "code name department expires_on #days_left #remind_days status"), sc,
			 "SELECT code, name, dept, expires_on, days, remind_days,"
			 " CASE WHEN days < 0 THEN 'expired' WHEN days <= remind_days THEN 'due' ELSE 'ok' END"
			 " FROM (SELECT l.code, l.name, coalesce(d.code, '') dept, l.expires_on,"
			 "  CAST(julianday(l.expires_on) - julianday(:today) AS INTEGER) days, l.remind_days"
			 "  FROM licences l LEFT JOIN departments d ON d.id = l.department_id"
			 "  WHERE " IN_DEPT("l.department_id") ") ORDER BY days, code", "ttttiit", NULL);
	report_scope_as_of(r, sc->today);
	return st;
}

/* ---- depreciation ------------------------------------------------------- */

/* The book value of the assets on the books at a date (--to, else today),
 * straight-line (assets.c: one copy of the rule): a row an asset, then the
 * categories with their totals. Amounts are exact cents. A department head
 * sees the assets held in their department. */
struct dep_sum {
	report_table *t;
	struct report_groups cats;
	int64_t n, cost, dep, book;
	int undated;
};

static void dep_row(void *ctx, const asset_depreciation_row *d)
{
	struct dep_sum *x = ctx;
	struct report_group *g = report_groups_get(&x->cats, d->category);

	report_put(x->t, d->tag);
	report_put(x->t, d->name);
	report_put(x->t, d->category);
	report_put(x->t, d->status);
	report_put(x->t, d->department);
	report_put(x->t, d->start);
	if (d->life) {
		report_put_int(x->t, d->life);
		report_put_int(x->t, d->months);
	} else {
		report_put(x->t, "");
		report_put(x->t, "");
	}
	report_put_money(x->t, d->cost);
	report_put_money(x->t, d->salvage);
	report_put_money(x->t, d->depreciated);
	report_put_money(x->t, d->book);
	if (!d->life || !*d->start)
		x->undated++;
	/* a group's counts: assets, cost, depreciated, book value */
	g->n[0] += 1;
	g->n[1] += d->cost;
	g->n[2] += d->depreciated;
	g->n[3] += d->book;
	x->n++;
	x->cost += d->cost;
	x->dep += d->depreciated;
	x->book += d->book;
}

af_status rep_depreciation(const struct report_scope *sc, report *r)
{
	const char *at = *sc->to ? sc->to : sc->today;
	struct dep_sum x = { NULL, { 0 }, 0, 0, 0, 0, 0 };
	report_table *c;
	af_status st;

	x.t = report_add_table(r, "assets", "tag name category status department start #life_months #months"
			       " #cost #salvage #depreciated #book_value");
	st = assets_depreciation_rows(at, sc->dept, dep_row, &x);
	if (st != AF_OK) {
		report_groups_free(&x.cats);
		return st;
	}
	if (x.n) {
		report_put_total_label(x.t);
		for (int i = 0; i < 7; i++)
			report_put(x.t, "");
		report_put_money(x.t, x.cost);
		report_put(x.t, "");
		report_put_money(x.t, x.dep);
		report_put_money(x.t, x.book);
	}
	report_groups_sort(&x.cats);
	c = report_add_table(r, "by category", "category #assets #cost #depreciated #book_value");
	for (int g = 0; g < x.cats.n; g++) {
		const struct report_group *gr = &x.cats.g[g];

		report_put(c, gr->key);
		report_put_int(c, gr->n[0]);
		report_put_money(c, gr->n[1]);
		report_put_money(c, gr->n[2]);
		report_put_money(c, gr->n[3]);
	}
	if (x.n) {
		report_put_total_label(c);
		report_put_int(c, x.n);
		report_put_money(c, x.cost);
		report_put_money(c, x.dep);
		report_put_money(c, x.book);
	}
	if (x.undated)
		report_note(r, "%d asset(s) without a useful life (theirs or their category's) or a date are"
			    " kept at cost", x.undated);
	report_scope_as_of(r, at);
	report_groups_free(&x.cats);
	return AF_OK;
}
