#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "booking.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "expr.h"
#include "fieldtype.h"
#include "formdef.h"
#include "notice_text.h"
#include "notify.h"
#include "tz.h"
#include "util.h"

static const char *resource_sql(const char *resource)
{
	return strcmp(resource, "vehicle") == 0
		? "SELECT id FROM vehicles WHERE code = ?1 AND active"
		: "SELECT id FROM rooms WHERE code = ?1 AND active";
}

/* Who holds an overlapping slot, for the message, its times on the
 * company's clock. Caller frees. */
static char *holder(const char *resource, int64_t rid, const char *start, const char *end)
{
	char *who = db_text(NULL, "SELECT coalesce(r.number, 'booking ' || b.id) || char(9) || b.starts_at ||"
			    " char(9) || b.ends_at FROM bookings b LEFT JOIN requests r ON r.id = b.request_id"
			    " WHERE b.resource = ?1 AND b.resource_id = ?2 AND b.state <> 'cancelled'"
			    " AND b.starts_at < ?4 AND b.ends_at > ?3 ORDER BY b.starts_at LIMIT 1",
			    "tItt", resource, rid, start, end);
	char *t1, *t2, a[32], b[32], *out;

	if (!who || !(t1 = strchr(who, '\t')) || !(t2 = strchr(t1 + 1, '\t'))) {
		free(who);
		return xstrdup("another booking");
	}
	*t1++ = '\0';
	*t2++ = '\0';
	out = xasprintf("%s (%.16s–%.5s)", who, tz_show(t1, a, sizeof a), tz_show(t2, b, sizeof b) + 11);
	free(who);
	return out;
}

af_status booking_hold(const char *resource, const char *code, int64_t request_id,
		       int64_t who, const char *subject, const char *start, const char *end)
{
	int64_t rid = db_int(0, resource_sql(resource), "t", code);
	db_stmt s;
	int rc;

	if (!rid)
		return af_fail(AF_INVALID, "%s %s: no such %s", resource, code, resource);
	db_prepare(&s, "INSERT INTO bookings(resource, resource_id, request_id, booked_by, subject,"
		   " starts_at, ends_at, state) VALUES(:res, :rid, :req, :who, :subj, :s, :e, 'held')");
	db_bind_text(&s, ":res", resource);
	db_bind_int(&s, ":rid", rid);
	if (request_id)
		db_bind_int(&s, ":req", request_id);
	else
		db_bind_null(&s, ":req");
	db_bind_int(&s, ":who", who);
	db_bind_text(&s, ":subj", subject ? subject : "");
	db_bind_text(&s, ":s", start);
	db_bind_text(&s, ":e", end);
	rc = db_step(&s);
	db_done(&s);
	if (rc == SQLITE_DONE)
		return AF_OK;
	if ((db_last_error() & 0xff) == SQLITE_CONSTRAINT) {
		char *h = holder(resource, rid, start, end), a[32], b[32];
		af_status st = af_fail(AF_CONFLICT, "%s %s: %s–%s is already booked by %s", resource, code,
				       tz_show(start, a, sizeof a), tz_show(end, b, sizeof b) + 11, h);

		free(h);
		return st;
	}
	return db_fail();
}

af_status booking_confirm(int64_t request_id)
{
	return db_exec("UPDATE bookings SET state = 'confirmed' WHERE request_id = ?1 AND state = 'held'",
		       "I", request_id) == SQLITE_DONE ? AF_OK : db_fail();
}

af_status booking_release(int64_t request_id)
{
	return db_exec("UPDATE bookings SET state = 'cancelled' WHERE request_id = ?1 AND state <> 'cancelled'",
		       "I", request_id) == SQLITE_DONE ? AF_OK : db_fail();
}

af_status booking_check_room(const char *code, int64_t attendees, const char *equipment)
{
	int64_t cap = db_int(-1, "SELECT capacity FROM rooms WHERE code = ?1 AND active", "t", code);
	char *have;
	af_status st = AF_OK;

	if (cap < 0)
		return af_fail_field(AF_INVALID, "room", "no room '%s'", code);
	if (attendees > cap)
		return af_fail_field(AF_INVALID, "attendees", "%lld people do not fit room %s (capacity %lld)",
			       (long long)attendees, code, (long long)cap);
	if (!equipment || !*equipment)
		return AF_OK;
	have = db_text("", "SELECT ';' || replace(equipment, ',', ';') || ';' FROM rooms WHERE code = ?1", "t", code);
	for (const char *p = equipment; *p && st == AF_OK;) {
		size_t len = strcspn(p, ",;");
		char *want = xasprintf(";%.*s;", (int)len, p);

		if (len && !strstr(have, want))
			st = af_fail_field(AF_INVALID, "equipment", "room %s has no %.*s", code, (int)len, p);
		free(want);
		p += len;
		if (*p)
			p++;
	}
	free(have);
	return st;
}

af_status booking_series(const char *resource, const char *code, const char *start, const char *end,
			 const char *repeat, const char *until, FILE *out,
			 char (*starts)[20], char (*ends)[20], int *n)
{
	int64_t rid = db_int(0, resource_sql(resource), "t", code);
	int step = repeat && strcmp(repeat, "daily") == 0 ? 1 : repeat && strcmp(repeat, "weekly") == 0 ? 7 : 0;
	af_status st = AF_OK;

	*n = 0;
	if (!rid)
		return af_fail(AF_INVALID, "%s %s: no such %s", resource, code, resource);
	if (step && (!until || !db_is_date(until)))
		return af_fail_field(AF_INVALID, "until", "a repeating booking needs an end date (YYYY-MM-DD)");
	/* Occurrences repeat on the wall clock (09:00 every day, summer time
	 * or not); each is stored as the instant it is. */
	for (int i = 0; i < 100; i++) {
		char *ls = db_text("", "SELECT datetime(?1, ?2 || ' days')", "ti", start, i * step);
		char *le = db_text("", "SELECT datetime(?1, ?2 || ' days')", "ti", end, i * step);
		char s[20], e[20];
		char *h;

		if (i > 0 && (!step || strncmp(ls, until, 10) > 0)) {
			free(ls);
			free(le);
			break;
		}
		if (tz_store(ls, s, sizeof s) != 0 || tz_store(le, e, sizeof e) != 0) {
			if (st == AF_OK)
				st = af_fail_field(AF_INVALID, "time", "%s is no time in %s (the clocks go forward then)",
					     tz_parse_local(ls) == (time_t)-1 ? ls : le, tz_name());
			free(ls);
			free(le);
			break;
		}
		h = db_int(0, "SELECT 1 FROM bookings WHERE resource = ?1 AND resource_id = ?2 AND state <> 'cancelled'"
			   " AND starts_at < ?4 AND ends_at > ?3", "tItt", resource, rid, s, e) == 1
			? holder(resource, rid, s, e) : NULL;
		if (out)
			fprintf(out, "%s\t%s\t%s\n", ls, le, h ? h : "free");
		if (h && st == AF_OK)
			st = af_fail(AF_CONFLICT, "%s %s: %s–%s is already booked by %s", resource, code, ls,
				     le + 11, h);
		if (starts && ends) {
			snprintf(starts[*n], 20, "%s", s);
			snprintf(ends[*n], 20, "%s", e);
		}
		(*n)++;
		free(h);
		free(ls);
		free(le);
		if (!step)
			break;
	}
	return st;
}

/* The grid's rows: the active rooms (or vehicles) in code order; *ids
 * gets their ids (caller frees). */
static int grid_resources(const char *resource, booking_grid *g, int64_t **ids)
{
	db_stmt s;
	int rc;

	db_prepare(&s, strcmp(resource, "vehicle") == 0
		   ? "SELECT code, name, id, seats, plate FROM vehicles WHERE active ORDER BY code"
		   : "SELECT code, name, id, capacity, equipment FROM rooms WHERE active ORDER BY code");
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		g->codes = xrealloc(g->codes, (size_t)(g->nres + 1) * sizeof *g->codes);
		g->names = xrealloc(g->names, (size_t)(g->nres + 1) * sizeof *g->names);
		g->about = xrealloc(g->about, (size_t)(g->nres + 1) * sizeof *g->about);
		g->capacity = xrealloc(g->capacity, (size_t)(g->nres + 1) * sizeof *g->capacity);
		g->capacity[g->nres] = (int)db_col_int(&s, 3);
		g->about[g->nres] = xstrdup(db_col_text(&s, 4));
		*ids = xrealloc(*ids, (size_t)(g->nres + 1) * sizeof **ids);
		g->codes[g->nres] = xstrdup(db_col_text(&s, 0));
		g->names[g->nres] = xstrdup(db_col_text(&s, 1));
		(*ids)[g->nres] = db_col_int(&s, 2);
		g->nres++;
	}
	db_done(&s);
	return rc;
}

/* The slots' times, worked out here (a statement for each of the week's
 * 168 ends cost more than the bookings): their wall-clock start into
 * g->slot_start, and the instants each covers, [lo, hi). */
static void grid_slots(booking_grid *g, const char *day, int days, int slot_minutes, int per_day,
		       int64_t *lo, int64_t *hi)
{
	for (int d = 0; d < days; d++) {
		char date[11], next[11];
		time_t d0, d1;

		tz_date_add(day, d, 0, date, NULL);
		tz_date_add(day, d + 1, 0, next, NULL);
		d0 = tz_day_start(date);
		d1 = tz_day_start(next);
		for (int k = 0; k < per_day; k++) {
			char wall[40];
			time_t start;

			/* Slots are wall-clock times: 08:00 is 08:00 on the
			 * day the clocks change too. */
			if (slot_minutes > 0) {
				int m = 8 * 60 + k * slot_minutes;

				snprintf(wall, sizeof wall, "%s %02d:%02d:00", date, m / 60, m % 60);
				start = tz_parse_local(wall);
				if (start == (time_t)-1) /* skipped by the clocks */
					start = d0 + (time_t)m * 60;
			} else {
				snprintf(wall, sizeof wall, "%s 00:00:00", date);
				start = d0;
			}
			snprintf(g->slot_start[d * per_day + k], 20, "%.19s", wall);
			lo[d * per_day + k] = start;
			hi[d * per_day + k] = slot_minutes > 0 ? start + slot_minutes * 60 : d1;
		}
	}
}

/* One query for the whole window; each booking marks its slots.
 * Resource by resource (CROSS JOIN keeps that order), each one's
 * bookings found by their end (bookings_ends): those ending after
 * the window opens, not the whole history before it. "Mine" is
 * who booked it (the applicant, booking_hold); the request's
 * number is read for the cell under the cursor only
 * (booking_grid_number): joining every booking to its request
 * doubled the rows read. */
static int grid_mark(const char *resource, booking_grid *g, const int64_t *ids, const int64_t *lo,
		     const int64_t *hi, const char *win_from, const char *win_to, int64_t mine)
{
	db_stmt s;
	int rc, r = 0;

	db_prepare(&s, strcmp(resource, "vehicle") == 0
		   ? "SELECT b.resource_id, b.starts_at, b.ends_at, b.state = 'held', b.booked_by, b.id"
		     " FROM vehicles x CROSS JOIN bookings b ON b.resource = :res AND b.resource_id = x.id"
		     " WHERE x.active AND b.state <> 'cancelled'"
		     " AND b.ends_at > :day AND b.starts_at < :end"
		   : "SELECT b.resource_id, b.starts_at, b.ends_at, b.state = 'held', b.booked_by, b.id"
		     " FROM rooms x CROSS JOIN bookings b ON b.resource = :res AND b.resource_id = x.id"
		     " WHERE x.active AND b.state <> 'cancelled'"
		     " AND b.ends_at > :day AND b.starts_at < :end");
	db_bind_text(&s, ":res", strcmp(resource, "vehicle") == 0 ? "vehicle" : "room");
	db_bind_text(&s, ":day", win_from);
	db_bind_text(&s, ":end", win_to);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		int64_t rid = db_col_int(&s, 0), id = db_col_int(&s, 5);
		int64_t bs = tz_parse_utc(db_col_text(&s, 1)), be = tz_parse_utc(db_col_text(&s, 2));
		char mark = db_col_int(&s, 3) ? 'P' : 'B';

		if (db_col_int(&s, 4) == mine)
			mark = mark == 'P' ? 'm' : 'M';
		/* Rows come resource by resource, in the rooms' rowid
		 * order: look from the last one found. */
		if (r >= g->nres || ids[r] != rid) {
			int i;

			for (i = 0; i < g->nres && ids[i] != rid; i++)
				;
			if (i == g->nres)
				continue;
			r = i;
		}
		for (int k = 0; k < g->nslots; k++) {
			if (bs < hi[k] && be > lo[k]) {
				g->cells[r * g->nslots + k] = mark;
				g->bookings[r * g->nslots + k] = id;
			}
		}
	}
	db_done(&s);
	return rc;
}

af_status booking_grid_load(const char *resource, const char *day, int days, int slot_minutes,
			    int64_t mine, booking_grid *g)
{
	int per_day = slot_minutes > 0 ? (12 * 60) / slot_minutes : 1;
	char win_from[20], win_to[20], last[11];
	int64_t *ids = NULL, *lo, *hi;
	int rc;

	memset(g, 0, sizeof *g);
	if (days < 1 || days > 31)
		return af_fail(AF_USAGE, "calendar: --days must be 1..31");
	if (!db_is_date(day) || tz_date_add(day, days, 0, last, NULL) != 0)
		return af_fail(AF_INVALID, "calendar: '%s' is not a date (YYYY-MM-DD)", day);
	/* The window is the company's days: from the first one's midnight to
	 * the midnight after the last, 23 or 25 hours when the clocks change. */
	af_format_time(tz_day_start(day), win_from, sizeof win_from);
	af_format_time(tz_day_start(last), win_to, sizeof win_to);
	rc = grid_resources(resource, g, &ids);
	g->nslots = days * per_day;
	g->slot_start = xcalloc((size_t)g->nslots + 1, sizeof *g->slot_start);
	lo = xcalloc((size_t)g->nslots + 1, sizeof *lo);
	hi = xcalloc((size_t)g->nslots + 1, sizeof *hi);
	g->cells = xcalloc((size_t)g->nres * (size_t)g->nslots + 1, 1);
	g->bookings = xcalloc((size_t)g->nres * (size_t)g->nslots + 1, sizeof *g->bookings);
	memset(g->cells, '.', (size_t)g->nres * (size_t)g->nslots);
	grid_slots(g, day, days, slot_minutes, per_day, lo, hi);
	if (rc == SQLITE_DONE)
		rc = grid_mark(resource, g, ids, lo, hi, win_from, win_to, mine);
	free(ids);
	free(lo);
	free(hi);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

void booking_grid_free(booking_grid *g)
{
	for (int i = 0; i < g->nres; i++) {
		free(g->codes[i]);
		free(g->names[i]);
		free(g->about[i]);
	}
	free(g->codes);
	free(g->names);
	free(g->about);
	free(g->capacity);
	free(g->slot_start);
	free(g->cells);
	free(g->bookings);
	memset(g, 0, sizeof *g);
}

char *booking_grid_number(const booking_grid *g, int row, int slot)
{
	int64_t id;

	if (row < 0 || row >= g->nres || slot < 0 || slot >= g->nslots || !(id = g->bookings[row * g->nslots + slot]))
		return xstrdup("");
	return db_text("", "SELECT coalesce(r.number, '') FROM bookings b LEFT JOIN requests r ON r.id = b.request_id"
		       " WHERE b.id = ?1", "I", id);
}

char *booking_add(const char *when, int minutes)
{
	return db_text(when, "SELECT datetime(?1, ?2 || ' minutes')", "ti", when, minutes);
}

struct trip_ctx {
	const char *number, *driver, *day;
	int64_t odometer, fuel, tolls, parking;
	int in;
};

/* The trip of c->day (the company's day) into *b, or the refusal: no
 * such date of the request (3), or that date cancelled (5). */
static af_status trip_of_day(const struct trip_ctx *c, int64_t *b)
{
	char next[11], from[20], to[20], *state;
	af_status st = AF_OK;

	*b = 0;
	if (!db_is_date(c->day) || tz_date_add(c->day, 1, 0, next, NULL) != 0)
		return af_fail(AF_INVALID, "trip: --date '%s' is not a date (YYYY-MM-DD)", c->day);
	af_format_time(tz_day_start(c->day), from, sizeof from);
	af_format_time(tz_day_start(next), to, sizeof to);
	/* A confirmed one first, should a date hold a cancelled one too. */
	*b = db_int(0, "SELECT b.id FROM bookings b JOIN requests r ON r.id = b.request_id"
		    " WHERE r.number = ?1 AND b.resource = 'vehicle' AND b.starts_at >= ?2 AND b.starts_at < ?3"
		    " ORDER BY b.state <> 'confirmed', b.starts_at LIMIT 1", "ttt", c->number, from, to);
	if (!*b)
		return af_fail(AF_INVALID, "trip: --date %s: %s has no trip that day", c->day, c->number);
	state = db_text("", "SELECT state FROM bookings WHERE id = ?1", "I", *b);
	if (strcmp(state, "confirmed") != 0) {
		st = af_fail(AF_CONFLICT, "trip: --date %s: that trip of %s is %s, not confirmed", c->day,
			     c->number, state);
		*b = 0;
	}
	free(state);
	return st;
}

static af_status do_trip(void *arg)
{
	struct trip_ctx *c = arg;
	int64_t b;
	char *detail, which[96];
	af_status st;

	/* The trip: a series (the Monday airport run) has one a date. The date
	 * asked for; else going out, the earliest date not gone out yet; coming
	 * back, the earliest one out and not back; with neither, the first,
	 * whose state the checks below then name. */
	if (c->day) {
		if ((st = trip_of_day(c, &b)) != AF_OK)
			return st;
	} else if (!(b = db_int(0, "SELECT b.id FROM bookings b JOIN requests r ON r.id = b.request_id"
				" WHERE r.number = ?1 AND b.resource = 'vehicle' AND b.state = 'confirmed'"
				" ORDER BY CASE WHEN ?2 = 0 AND b.odometer_out IS NULL THEN 0"
				"  WHEN ?2 = 1 AND b.odometer_out IS NOT NULL AND b.odometer_in IS NULL THEN 0"
				"  WHEN ?2 = 1 AND b.odometer_out IS NULL THEN 1 ELSE 2 END, b.starts_at LIMIT 1",
				"ti", c->number, c->in)))
		return af_fail(AF_CONFLICT, "trip: %s has no confirmed vehicle booking", c->number);
	/* The refusals below name the date when one was asked for. */
	if (c->day)
		snprintf(which, sizeof which, "%s on %s", c->number, c->day);
	else
		snprintf(which, sizeof which, "%s", c->number);
	if (!c->in) {
		int64_t driver = 0;

		if (c->driver && !(driver = db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active",
						   "t", c->driver)))
			return af_fail(AF_INVALID, "trip: --driver '%s' is not an employee", c->driver);
		if (db_int(0, "SELECT odometer_out IS NOT NULL FROM bookings WHERE id = ?1", "I", b) == 1)
			return af_fail(AF_CONFLICT, "trip: %s has already gone out", which);
		if (db_exec("UPDATE bookings SET odometer_out = ?1, driver_id = nullif(?2, 0) WHERE id = ?3",
			    "III", c->odometer, driver, b) != SQLITE_DONE)
			return db_fail();
	} else {
		int64_t out = db_int(-1, "SELECT odometer_out FROM bookings WHERE id = ?1", "I", b);

		if (out < 0)
			return af_fail(AF_CONFLICT, "trip: %s has not gone out yet (trip out first)", which);
		if (db_int(0, "SELECT odometer_in IS NOT NULL FROM bookings WHERE id = ?1", "I", b) == 1)
			return af_fail(AF_CONFLICT, "trip: %s is already back", which);
		if (c->odometer < out)
			return af_fail(AF_INVALID, "trip: odometer %lld is below %lld, the reading going out",
				       (long long)c->odometer, (long long)out);
		if (db_exec("UPDATE bookings SET odometer_in = ?1 WHERE id = ?2", "II", c->odometer, b) != SQLITE_DONE ||
		    db_exec("INSERT INTO trip_costs(booking_id, fuel_cents, tolls_cents, parking_cents)"
			    " VALUES(?1, ?2, ?3, ?4)", "IIII", b, c->fuel, c->tolls, c->parking) != SQLITE_DONE)
			return db_fail();
	}
	detail = xasprintf("odometer %lld", (long long)c->odometer);
	st = audit_log(c->in ? "trip_in" : "trip_out", c->number, detail);
	free(detail);
	return st;
}

/* The one rule for who records trips: the fleet keeper. */
static af_status trip_allowed(void)
{
	return auth_require("manage_resources", "trip");
}

af_status booking_trip_out(const char *number, const char *day, int64_t odometer, const char *driver_login)
{
	struct trip_ctx c = { number, driver_login, day, odometer, 0, 0, 0, 0 };
	af_status st = trip_allowed();

	if (st != AF_OK)
		return st;
	if (odometer < 0)
		return af_fail(AF_INVALID, "trip: odometer must not be negative");
	return db_transact(do_trip, &c);
}

af_status booking_trip_in(const char *number, const char *day, int64_t odometer, int64_t fuel, int64_t tolls,
			  int64_t parking)
{
	struct trip_ctx c = { number, NULL, day, odometer, fuel, tolls, parking, 1 };
	af_status st = trip_allowed();

	if (st != AF_OK)
		return st;
	if (odometer < 0 || fuel < 0 || tolls < 0 || parking < 0)
		return af_fail(AF_INVALID, "trip: amounts and the odometer must not be negative");
	return db_transact(do_trip, &c);
}

af_status booking_trip_next(const char *number, const char *day, booking_trip_step *t)
{
	af_status st = trip_allowed();
	int64_t b = 0;
	char shown[32], *starts;

	memset(t, 0, sizeof *t);
	t->odometer_out = t->last_km = -1;
	if (st != AF_OK)
		return st;
	if (day) {
		struct trip_ctx c = { number, NULL, day, 0, 0, 0, 0, 0 };

		if ((st = trip_of_day(&c, &b)) != AF_OK)
			return st;
		if (db_int(0, "SELECT odometer_in IS NOT NULL FROM bookings WHERE id = ?1", "I", b) == 1) {
			char which[96];

			snprintf(which, sizeof which, "%s on %s", number, day);
			return af_fail(AF_CONFLICT, "trip: %s is already back", which);
		}
	} else {
		char today[16], next[11], from[20], to[20];

		if (!db_int(0, "SELECT 1 FROM bookings b JOIN requests r ON r.id = b.request_id WHERE r.number = ?1"
			    " AND b.resource = 'vehicle' AND b.state = 'confirmed'", "t", number))
			return af_fail(AF_CONFLICT, "trip: %s has no confirmed vehicle booking", number);
		tz_today(today, sizeof today);
		tz_date_add(today, 1, 0, next, NULL);
		af_format_time(tz_day_start(today), from, sizeof from);
		af_format_time(tz_day_start(next), to, sizeof to);
		if (!(b = db_int(0, "SELECT b.id FROM bookings b JOIN requests r ON r.id = b.request_id"
				 " WHERE r.number = ?1 AND b.resource = 'vehicle' AND b.state = 'confirmed'"
				 " AND b.odometer_in IS NULL"
				 " ORDER BY NOT (b.starts_at >= ?2 AND b.starts_at < ?3), b.starts_at LIMIT 1",
				 "ttt", number, from, to)))
			return af_fail(AF_CONFLICT, "trip: every trip of %s is back", number);
	}
	starts = db_text("", "SELECT starts_at FROM bookings WHERE id = ?1", "I", b);
	snprintf(t->day, sizeof t->day, "%.10s", tz_show(starts, shown, sizeof shown));
	free(starts);
	t->odometer_out = db_int(-1, "SELECT coalesce(odometer_out, -1) FROM bookings WHERE id = ?1", "I", b);
	t->in = t->odometer_out >= 0;
	t->series = db_int(0, "SELECT count(*) > 1 FROM bookings b JOIN requests r ON r.id = b.request_id"
			   " WHERE r.number = ?1 AND b.resource = 'vehicle'", "t", number) == 1;
	t->last_km = db_int(-1, "SELECT coalesce(max(coalesce(odometer_in, odometer_out)), -1) FROM bookings"
			    " WHERE resource = 'vehicle' AND resource_id = (SELECT resource_id FROM bookings WHERE id = ?1)",
			    "I", b);
	return AF_OK;
}

af_status booking_trip_km(const char *name, const char *text, int64_t *km)
{
	const char *p = text + (text[0] == '-');
	size_t digits = strspn(p, "0123456789");

	*km = 0;
	if (digits == 0 || p[digits] || digits > 9)
		return af_fail(AF_INVALID, "trip: %s '%s' is not a whole number of km", name, text);
	if (p != text)
		return af_fail(AF_INVALID, "trip: %s must not be negative", name);
	*km = strtoll(p, NULL, 10);
	return AF_OK;
}

af_status booking_trip_amount(const char *name, const char *text, int64_t *cents)
{
	if (expr_parse_money(text, cents) != 0)
		return af_fail(AF_INVALID, "trip: %s '%s' is not an amount", name, text);
	if (*cents < 0)
		return af_fail(AF_INVALID, "trip: %s must not be negative", name);
	return AF_OK;
}

struct attend_ctx {
	const char *number, *day;
	int checked_in;
};

static af_status do_attend(void *arg)
{
	const struct attend_ctx *c = arg;
	char now[32], *state;
	int64_t b, booker;
	int keeper = auth_can("manage_resources");
	af_status st = AF_OK;

	char from[20] = "", to[20] = "";

	af_format_time(af_now(), now, sizeof now);
	if (c->day) { /* the company's day, as instants */
		char next[11];

		if (tz_date_add(c->day, 1, 0, next, NULL) != 0)
			return af_fail(AF_INVALID, "--date: '%s' is not a date (YYYY-MM-DD)", c->day);
		af_format_time(tz_day_start(c->day), from, sizeof from);
		af_format_time(tz_day_start(next), to, sizeof to);
	}
	if (!db_int(0, "SELECT 1 FROM requests WHERE number = ?1", "t", c->number))
		return af_fail(AF_INVALID, "%s: no such request", c->number);
	/* The occurrence: on the day asked for, or the latest one begun (a
	 * check-in counts from a quarter of an hour before the start). */
	b = db_int(0, "SELECT b.id FROM requests r JOIN bookings b ON b.request_id = r.id"
		   " WHERE r.number = ?1 AND b.state = 'confirmed'"
		   " AND (?2 IS NULL AND b.starts_at <= datetime(?3, ?4)"
		   "      OR b.starts_at >= ?5 AND b.starts_at < ?6)"
		   " ORDER BY b.starts_at DESC LIMIT 1", "tttttt", c->number, c->day, now,
		   c->checked_in ? "+15 minutes" : "+0 minutes", from, to);
	if (!b)
		return af_fail(AF_CONFLICT, c->day ? "%s: no confirmed booking on %s" :
			       "%s: no confirmed booking has begun", c->number, c->day);
	booker = db_int(0, "SELECT booked_by FROM bookings WHERE id = ?1", "I", b);
	if (!keeper && !(c->checked_in && booker == me.id))
		return af_fail(AF_DENIED, c->checked_in ? "checkin: only the booker or a keeper of rooms and vehicles "
			       "(manage_resources) may check in" : "noshow: you need the manage_resources permission");
	state = db_text(NULL, "SELECT attendance FROM bookings WHERE id = ?1", "I", b);
	if (state) {
		st = af_fail(AF_CONFLICT, "%s: already recorded as %s", c->number,
			     strcmp(state, "no_show") == 0 ? "a no-show" : "checked in");
		free(state);
		return st;
	}
	if (db_int(0, "SELECT starts_at > datetime(?2, ?3) FROM bookings WHERE id = ?1", "Itt", b, now,
		   c->checked_in ? "+15 minutes" : "+0 minutes") == 1)
		return af_fail(AF_CONFLICT, "%s: the booking has not begun (%s)", c->number,
			       c->checked_in ? "check-in opens 15 minutes before the start" : "a no-show is known only after the start");
	if (db_exec("UPDATE bookings SET attendance = ?2, attendance_at = ?3, attendance_by = nullif(?4, 0)"
		    " WHERE id = ?1", "IttI", b, c->checked_in ? "checked_in" : "no_show", now, me.id) != SQLITE_DONE)
		return db_fail();
	{
		char *detail = db_text("", "SELECT resource || ' ' || starts_at FROM bookings WHERE id = ?1", "I", b);

		st = audit_log(c->checked_in ? "checkin" : "noshow", c->number, detail);
		free(detail);
	}
	return st;
}

af_status booking_attend(const char *number, int checked_in, const char *day)
{
	struct attend_ctx c = { number, day, checked_in };

	return db_transact(do_attend, &c);
}

/* ---- refused attempts, for the conflicts report ---- */

struct refusal {
	const char *resource, *code, *start, *end;
};

static af_status record_refusal(void *ctx)
{
	struct refusal *f = ctx;
	char *object = xasprintf("%s:%s", f->resource, f->code);
	char *detail = xasprintf("%s/%s", f->start ? f->start : "", f->end ? f->end : "");
	af_status st = audit_log("booking_refused", object, detail);

	free(object);
	free(detail);
	return st;
}

af_status booking_record_refusal(const char *resource, const char *code, const char *start, const char *end)
{
	struct refusal f = { resource, code, start, end };

	return db_transact(record_refusal, &f);
}

/* ---- a series with exceptions ---- */

static booking_clash *clashes;
static int n_clashes;

int booking_clashes(const booking_clash **list)
{
	*list = clashes;
	return n_clashes;
}

void booking_clashes_clear(void)
{
	free(clashes);
	clashes = NULL;
	n_clashes = 0;
}

/* 1 when day is among the comma-separated words of skip. */
static int skip_has(const char *skip, const char *day)
{
	size_t len = strlen(day);

	for (const char *p = skip; p && *p;) {
		size_t n = strcspn(p, ",");

		if (n == len && strncmp(p, day, n) == 0)
			return 1;
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

/* Every word of skip is "clashes" or a date of the series (days). */
static af_status skip_check(const char *skip, char (*days)[11], int n)
{
	for (const char *p = skip; p && *p;) {
		size_t len = strcspn(p, ",");
		char word[32];
		int k;

		snprintf(word, sizeof word, "%.*s", (int)(len < 31 ? len : 31), p);
		if (len && strcmp(word, "clashes") != 0) {
			if (!db_is_date(word))
				return af_fail(AF_INVALID, "skip: '%s' is not a date (YYYY-MM-DD)", word);
			for (k = 0; k < n && strcmp(days[k], word) != 0; k++)
				;
			if (k == n)
				return af_fail(AF_INVALID, "skip: %s is not a date of the series", word);
		}
		p += len;
		if (*p)
			p++;
	}
	return AF_OK;
}

af_status booking_hold_series(const char *resource, const char *code, int64_t request_id, int64_t who,
			      const char *subject, const char *start, const char *end, const char *repeat,
			      const char *until, const char *skip, int *held)
{
	char (*starts)[20] = xcalloc(100, sizeof *starts), (*ends)[20] = xcalloc(100, sizeof *ends);
	char (*days)[11] = xcalloc(100, sizeof *days);
	char *taken = xcalloc(100, 1), *left_out = xcalloc(100, 1);
	int64_t rid = db_int(0, resource_sql(resource), "t", code);
	int n = 0, asked = 0, refused = 0, skip_clashes = skip_has(skip, "clashes");
	af_status st;

	/* Rebuilt on every attempt: a retried transaction starts again. */
	booking_clashes_clear();
	*held = 0;
	char single[512] = "";

	st = booking_series(resource, code, start, end, repeat, until, NULL, starts, ends, &n);
	if (st == AF_CONFLICT) { /* which dates, below; a single booking says it as ever */
		snprintf(single, sizeof single, "%s", af_errmsg());
		st = AF_OK;
	}
	for (int i = 0; i < n && st == AF_OK; i++) {
		char local[32];

		snprintf(days[i], sizeof days[i], "%.10s", tz_show(starts[i], local, sizeof local));
	}
	if (st == AF_OK)
		st = skip_check(skip, days, n);
	for (int i = 0; i < n && st == AF_OK; i++) {
		if (db_int(0, "SELECT 1 FROM bookings WHERE resource = ?1 AND resource_id = ?2 AND state <> 'cancelled'"
			   " AND starts_at < ?4 AND ends_at > ?3", "tItt", resource, rid, starts[i], ends[i]) == 1) {
			char *h = holder(resource, rid, starts[i], ends[i]), a[32], b[32];
			booking_clash *c;

			clashes = xrealloc(clashes, (size_t)(n_clashes + 1) * sizeof *clashes);
			c = &clashes[n_clashes++];
			snprintf(c->day, sizeof c->day, "%s", days[i]);
			snprintf(c->start, sizeof c->start, "%.16s", tz_show(starts[i], a, sizeof a));
			snprintf(c->end, sizeof c->end, "%.5s", tz_show(ends[i], b, sizeof b) + 11);
			/* "HYS-... (10:00–11:00)": the number alone names who has it. */
			snprintf(c->holder, sizeof c->holder, "%.*s", (int)strcspn(h, " "), h);
			free(h);
			taken[i] = 1;
			/* Left out, by its date or as any taken: recorded with who has it. */
			if (skip_clashes || skip_has(skip, days[i]))
				left_out[i] = 'c';
			else
				refused++;
		} else if (skip_has(skip, days[i])) {
			left_out[i] = 'a';
			asked++;
		}
	}
	if (st == AF_OK && refused) {
		if (n == 1) {
			st = *single ? af_fail(AF_CONFLICT, "%s", single)
				: af_fail(AF_CONFLICT, "%s %s: %s–%s is already booked by %s", resource, code,
					  clashes[0].start, clashes[0].end, clashes[0].holder);
		} else {
			char list[160] = "";

			for (int k = 0; k < n_clashes && strlen(list) + 14 < sizeof list; k++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "",
					 clashes[k].day);
			st = af_fail_field(AF_INVALID, "time", "%d of the %d dates of the series %s taken (%s%s); "
				     "leave them out (--skip DATE, --skip-clashes) to book the rest", refused, n,
				     refused == 1 ? "is" : "are", list, strlen(list) + 14 >= sizeof list ? ", ..." : "");
		}
	}
	if (st == AF_OK && asked + n_clashes >= n)
		st = n_clashes ? af_fail(AF_CONFLICT, "%s %s: every date of the series is taken", resource, code)
			: af_fail(AF_INVALID, "skip: every date of the series is left out; nothing to book");
	for (int i = 0; i < n && st == AF_OK; i++) {
		if (!left_out[i]) {
			if ((st = booking_hold(resource, code, request_id, who, subject, starts[i], ends[i])) == AF_OK)
				(*held)++;
			continue;
		}
		if (db_exec("INSERT INTO booking_skips(request_id, day, starts_at, ends_at, why, holder)"
			    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)", "Ittttt", request_id, days[i], starts[i], ends[i],
			    left_out[i] == 'a' ? "asked" : "clash", "") != SQLITE_DONE)
			st = db_fail();
	}
	/* The holders, for the record of what was left out for a clash. */
	for (int k = 0; k < n_clashes && st == AF_OK; k++)
		if (db_exec("UPDATE booking_skips SET holder = ?3 WHERE request_id = ?1 AND day = ?2",
			    "Itt", request_id, clashes[k].day, clashes[k].holder) != SQLITE_DONE)
			st = db_fail();
	free(starts);
	free(ends);
	free(days);
	free(taken);
	free(left_out);
	return st;
}

af_status booking_occurrences(int64_t request_id, booking_occurrence **list, int *n)
{
	db_stmt s;
	int rc;

	*list = NULL;
	*n = 0;
	db_prepare(&s, "SELECT b.starts_at, b.ends_at, CASE b.resource WHEN 'room'"
		   "  THEN (SELECT code FROM rooms WHERE id = b.resource_id)"
		   "  ELSE (SELECT code FROM vehicles WHERE id = b.resource_id) END,"
		   " b.state, coalesce(b.moved_from, ''), b.cancelled_at IS NOT NULL, '', ''"
		   " FROM bookings b WHERE b.request_id = :r"
		   " UNION ALL SELECT k.starts_at, k.ends_at, coalesce((SELECT CASE b.resource WHEN 'room'"
		   "  THEN (SELECT code FROM rooms WHERE id = b.resource_id)"
		   "  ELSE (SELECT code FROM vehicles WHERE id = b.resource_id) END"
		   "  FROM bookings b WHERE b.request_id = k.request_id LIMIT 1), ''),"
		   " 'skipped', '', 0, k.why, k.holder FROM booking_skips k WHERE k.request_id = :r"
		   " ORDER BY 1");
	db_bind_int(&s, ":r", request_id);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		booking_occurrence *o;
		char a[32], b[32];
		const char *moved = db_col_text(&s, 4), *why = db_col_text(&s, 6);

		*list = xrealloc(*list, (size_t)(*n + 1) * sizeof **list);
		o = &(*list)[(*n)++];
		memset(o, 0, sizeof *o);
		tz_show(db_col_text(&s, 0), a, sizeof a);
		snprintf(o->day, sizeof o->day, "%.10s", a);
		snprintf(o->start, sizeof o->start, "%.16s", a);
		snprintf(o->end, sizeof o->end, "%.5s", tz_show(db_col_text(&s, 1), b, sizeof b) + 11);
		snprintf(o->code, sizeof o->code, "%s", db_col_text(&s, 2));
		snprintf(o->state, sizeof o->state, "%s", db_col_text(&s, 3));
		if (*why) {
			o->change = strcmp(why, "asked") == 0 ? BOOKING_LEFT_OUT : BOOKING_TAKEN;
			snprintf(o->other, sizeof o->other, "%s", db_col_text(&s, 7));
		} else if (db_col_int(&s, 5)) {
			o->change = BOOKING_CANCELLED;
		} else if (*moved) {
			o->change = BOOKING_MOVED;
			snprintf(o->other, sizeof o->other, "%.16s", tz_show(moved, a, sizeof a));
		}
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

struct change_ctx {
	const char *number, *day, *new_start, *why;
};

/* Tells who of a booking's date was cancelled or moved (moved_to, or
 * empty), in the notices' words, with the reason when one was given. */
static af_status change_notice(int64_t who, int64_t req, const struct change_ctx *c, const char *was,
			       const char *moved_to)
{
	int why = c->why && *c->why;

	if (*moved_to)
		return why ? notify_add(who, req, "booking", NULL, NT_BOOKING_MOVED_WHY, c->number, was, moved_to, c->why)
			   : notify_add(who, req, "booking", NULL, NT_BOOKING_MOVED, c->number, was, moved_to);
	return why ? notify_add(who, req, "booking", NULL, NT_BOOKING_CANCELLED_WHY, c->number, was, c->why)
		   : notify_add(who, req, "booking", NULL, NT_BOOKING_CANCELLED, c->number, was);
}

static af_status do_change(void *arg)
{
	const struct change_ctx *c = arg;
	int64_t req, applicant, by, b, manager, booker;
	char *state, now[32], from[20], to[20], next[11], was[32], shown[40], *detail, *what;
	char was16[20], moved_to[20] = "";
	const char *action = c->new_start ? "occurrence_move" : "occurrence_cancel";
	af_status st = AF_OK;

	af_format_time(af_now(), now, sizeof now);
	if (!(req = db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", c->number)))
		return af_fail(AF_INVALID, "%s: no such request", c->number);
	applicant = db_int(0, "SELECT applicant_id FROM requests WHERE id = ?1", "I", req);
	by = db_int(0, "SELECT coalesce(on_behalf_by, 0) FROM requests WHERE id = ?1", "I", req);
	if (!me.system && me.id != applicant && me.id != by && !auth_can("manage_resources"))
		return af_fail(AF_DENIED, "%s: only the applicant, who booked it for them, or a keeper of rooms and "
			       "vehicles (manage_resources) may change one of its dates", c->number);
	state = db_text("", "SELECT state FROM requests WHERE id = ?1", "I", req);
	if (strcmp(state, "pending") && strcmp(state, "returned") && strcmp(state, "approved") && strcmp(state, "done"))
		st = af_fail(AF_CONFLICT, "%s: it is %s; its bookings are no longer held", c->number, state);
	free(state);
	if (st != AF_OK)
		return st;
	if (!db_is_date(c->day) || tz_date_add(c->day, 1, 0, next, NULL) != 0)
		return af_fail(AF_INVALID, "date: '%s' is not a date (YYYY-MM-DD)", c->day);
	af_format_time(tz_day_start(c->day), from, sizeof from);
	af_format_time(tz_day_start(next), to, sizeof to);
	b = db_int(0, "SELECT id FROM bookings WHERE request_id = ?1 AND state <> 'cancelled'"
		   " AND starts_at >= ?2 AND starts_at < ?3 ORDER BY starts_at LIMIT 1", "Itt", req, from, to);
	if (!b)
		return af_fail(AF_INVALID, "date: %s has no booking of %s on %s", c->number, c->number, c->day);
	if (db_int(0, "SELECT starts_at <= ?2 FROM bookings WHERE id = ?1", "It", b, now) == 1)
		return af_fail(AF_CONFLICT, "%s: the booking on %s has begun; it can no longer be changed", c->number,
			       c->day);
	detail = db_text("", "SELECT starts_at FROM bookings WHERE id = ?1", "I", b);
	snprintf(was, sizeof was, "%s", detail);
	free(detail);
	if (!c->new_start) {
		if (db_int(0, "SELECT count(*) FROM bookings WHERE request_id = ?1 AND state <> 'cancelled'", "I", req) <= 1)
			return af_fail(AF_CONFLICT, "%s: %s is its only date left; withdraw or cancel the request instead",
				       c->number, c->day);
		if (db_exec("UPDATE bookings SET state = 'cancelled', cancelled_at = ?2 WHERE id = ?1", "It", b, now)
		    != SQLITE_DONE)
			return db_fail();
		what = xasprintf("%.16s cancelled", tz_show(was, shown, sizeof shown));
	} else {
		char local[40], stored[20];
		int rc;

		snprintf(local, sizeof local, "%s", c->new_start);
		if (strlen(local) > 10 && local[10] == 'T')
			local[10] = ' ';
		if (strlen(local) == 16)
			strcat(local, ":00");
		if (strlen(local) != 19 || tz_store(local, stored, sizeof stored) != 0)
			return af_fail(AF_INVALID, "--to: '%s' is not a time (YYYY-MM-DD HH:MM) in %s", c->new_start,
				       tz_name());
		if (strcmp(stored, now) <= 0)
			return af_fail(AF_INVALID, "--to: %s has passed", c->new_start);
		rc = db_exec("UPDATE bookings SET moved_from = coalesce(moved_from, starts_at), starts_at = ?2,"
			     " ends_at = datetime(?2, '+' || (strftime('%s', ends_at) - strftime('%s', starts_at))"
			     " || ' seconds') WHERE id = ?1", "It", b, stored);
		if (rc != SQLITE_DONE) {
			if ((db_last_error() & 0xff) == SQLITE_CONSTRAINT) {
				char *res = db_text("room", "SELECT resource FROM bookings WHERE id = ?1", "I", b);
				int64_t rid = db_int(0, "SELECT resource_id FROM bookings WHERE id = ?1", "I", b);
				char *end = db_text("", "SELECT datetime(?2, '+' || (strftime('%s', ends_at) -"
						    " strftime('%s', starts_at)) || ' seconds') FROM bookings WHERE id = ?1",
						    "It", b, stored);
				char *h = holder(res, rid, stored, end);

				st = af_fail(AF_CONFLICT, "%s: %s is already booked by %s", c->number, c->new_start, h);
				free(h);
				free(res);
				free(end);
				return st;
			}
			return db_fail();
		}
		what = xasprintf("%.16s moved to %.16s", tz_show(was, shown, sizeof shown), local);
		snprintf(moved_to, sizeof moved_to, "%.16s", local);
	}
	snprintf(was16, sizeof was16, "%.16s", shown);
	detail = c->why && *c->why ? xasprintf("%s: %s", what, c->why) : xstrdup(what);
	if (db_exec("INSERT INTO actions(request_id, actor_id, action, opinion, at) VALUES(?1, nullif(?2, 0), ?3, ?4, ?5)",
		    "IIttt", req, me.id, action, detail, now) != SQLITE_DONE ||
	    db_exec("UPDATE requests SET updated_at = ?2 WHERE id = ?1", "It", req, now) != SQLITE_DONE)
		st = db_fail();
	if (st == AF_OK)
		st = audit_log(action, c->number, detail);
	booker = db_int(0, "SELECT booked_by FROM bookings WHERE id = ?1", "I", b);
	manager = db_int(0, "SELECT coalesce(CASE b.resource WHEN 'room' THEN (SELECT manager_id FROM rooms WHERE id = b.resource_id)"
			 " ELSE (SELECT manager_id FROM vehicles WHERE id = b.resource_id) END, 0)"
			 " FROM bookings b WHERE b.id = ?1", "I", b);
	if (st == AF_OK && booker && booker != me.id)
		st = change_notice(booker, req, c, was16, moved_to);
	if (st == AF_OK && manager && manager != me.id && manager != booker)
		st = change_notice(manager, req, c, was16, moved_to);
	free(what);
	free(detail);
	return st;
}

af_status booking_occurrence_change(const char *number, const char *day, const char *new_start, const char *why)
{
	struct change_ctx c = { number, day, new_start, why };
	af_status st = db_transact(do_change, &c);

	if (st == AF_OK)
		notify_flush();
	return st;
}

static char *range_part(const char *range_json, const char *part)
{
	char *path = xasprintf("$.%s", part);
	char *v = db_text(NULL, "SELECT json_extract(?1, ?2)", "tt", range_json, path);

	free(path);
	return v;
}

/* ---- a submission refused for its slot ----------------------------------- */

/* A booking refused as a conflict leaves nothing behind (its transaction
 * rolled back), so the attempt is recorded on its own for the conflicts
 * report; the refusal the user sees is unchanged. */
void booking_record_refused(const form_def *f, const field_value *vals)
{
	int booked = effects_booked_type(f);
	/* the resource as booking names it is its field type's name */
	const char *resource = booked >= 0 ? fieldtype((field_type)booked)->name : NULL;
	const char *code = NULL, *range = NULL;
	char *message = xstrdup(af_errmsg());

	for (int i = 0; resource && i < f->n_fields; i++) {
		if (!vals[i].present)
			continue;
		if ((int)f->fields[i].type == booked && !code)
			code = vals[i].text;
		if (f->fields[i].type == FT_TIMERANGE && !range)
			range = vals[i].text;
	}
	if (code && range && strchr(range, '/')) {
		char start[32];

		snprintf(start, sizeof start, "%.*s", (int)(strchr(range, '/') - range), range);
		booking_record_refusal(resource, code, start, strchr(range, '/') + 1);
	}
	af_fail(AF_CONFLICT, "%s", message); /* the user's message, not the record's */
	free(message);
}

/* ---- the booking effects (effect_list.h) ------------------------------- */

static af_status effect_hold(const effect_ctx *c, const char *resource, field_type t)
{
	char *code = effects_value_of_type(c, t), *range = effects_value_of_type(c, FT_TIMERANGE);
	char *start = range ? range_part(range, "start") : NULL;
	char *end = range ? range_part(range, "end") : NULL;
	char *repeat = effects_value(c, formdef_field(c->form, "repeat") ? "repeat" : NULL);
	char *until = effects_value(c, formdef_field(c->form, "until") ? "until" : NULL);
	char *subject = db_text("", "SELECT summary FROM requests WHERE id = ?1", "I", c->request_id);
	int n = 0;
	af_status st = AF_OK;

	if (!code || !start || !end) {
		st = af_fail(AF_INVALID, "%s: a %s and a time are needed to book", c->number, resource);
		goto out;
	}
	if (t == FT_ROOM) {
		char *att = effects_value(c, formdef_field(c->form, "attendees") ? "attendees" : NULL);
		char *eq = effects_value(c, formdef_field(c->form, "equipment") ? "equipment" : NULL);
		/* equipment is a JSON list: turn ["投影仪","白板"] into 投影仪,白板 */
		char *eqlist = eq ? db_text("", "SELECT group_concat(value, ',') FROM json_each(?1)", "t", eq) : NULL;

		st = booking_check_room(code, att ? strtoll(att, NULL, 10) : 0, eqlist);
		free(att);
		free(eq);
		free(eqlist);
		if (st != AF_OK)
			goto out;
	}
	st = booking_hold_series(resource, code, c->request_id, c->applicant_id, subject, start, end, repeat,
				 until, c->skip, &n);
	if (st == AF_OK && n > 0) {
		/* The room's (or vehicle's) manager hears of it when it is asked
		 * for, not only when their step arrives. */
		int64_t manager = db_int(0, t == FT_ROOM ? "SELECT coalesce(manager_id, 0) FROM rooms WHERE code = ?1"
					 : "SELECT coalesce(manager_id, 0) FROM vehicles WHERE code = ?1", "t", code);
		char *first = db_text("", "SELECT starts_at FROM bookings WHERE request_id = ?1 AND state <> 'cancelled'"
				      " ORDER BY starts_at LIMIT 1", "I", c->request_id);
		char shown[32];

		if (manager && manager != c->applicant_id)
			st = notify_add(manager, c->request_id, "booking", NULL, n > 1 ? NT_BOOKING_ASKED_SERIES : NT_BOOKING_ASKED,
					c->number, code, tz_show(first, shown, sizeof shown), subject);
		free(first);
	}
out:
	free(code);
	free(range);
	free(start);
	free(end);
	free(repeat);
	free(until);
	free(subject);
	return st;
}

af_status booking_room_submit(const effect_ctx *c) { return effect_hold(c, "room", FT_ROOM); }
af_status booking_vehicle_submit(const effect_ctx *c) { return effect_hold(c, "vehicle", FT_VEHICLE); }
af_status booking_effect_done(const effect_ctx *c) { return booking_confirm(c->request_id); }
af_status booking_effect_close(const effect_ctx *c) { return booking_release(c->request_id); }
