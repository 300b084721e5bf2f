/* Reports from the program's own records; see report.h. Every figure is
 * computed here from the tables the engine and the effects write, so the
 * seed's measures ("reimbursement cycle from 5 days to 2", "booking
 * conflicts down 60%") come out of the same data the screens show. */
#include "autoconf.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "assets.h"
#include "audit.h"
#include "auth.h"
#include "csvio.h"
#include "db.h"
#include "expr.h"
#include "formdef.h"
#include "i18n.h"
#include "report.h"
#include "util.h"

/* Titles and table titles are English here and on the command line; the
 * reports screen shows their translations (N_ marks them for po/). */
const report_info report_list[] = {
	{ "volume", N_("volume by affair, month") },
	{ "cycle", N_("cycle time per affair") },
	{ "steps", N_("step response times") },
	{ "backlog", N_("backlog by step and age") },
	{ "utilisation", N_("room and vehicle use") },
	{ "conflicts", N_("booking conflicts") },
	{ "supplies", N_("supplies used, reorder") },
	{ "assets", N_("assets by status, place") },
	{ "expenses", N_("expenses, reimbursement") },
	{ "seals", N_("seal usage") },
	{ "licences", N_("licences, days to expiry") },
	{ "quarterly", N_("quarterly operations") },
	{ "inventory-count", N_("inventory count sheet") },
	{ NULL, NULL },
};

/* ---- tables ------------------------------------------------------------ */

/* cols: space-separated column names; a leading '#' marks a numeric one.
 * Moves r->tables: a pointer to an earlier table is stale afterwards. */
static report_table *add_table(report *r, const char *title, const char *cols)
{
	report_table *t;
	char *spec = xstrdup(cols), *save = NULL;

	r->tables = xrealloc(r->tables, (size_t)(r->ntables + 1) * sizeof *r->tables);
	t = &r->tables[r->ntables++];
	memset(t, 0, sizeof *t);
	t->title = title ? xstrdup(title) : NULL;
	for (char *c = strtok_r(spec, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
		t->headers = xrealloc(t->headers, (size_t)(t->ncols + 1) * sizeof *t->headers);
		t->numeric = xrealloc(t->numeric, (size_t)(t->ncols + 1));
		t->numeric[t->ncols] = c[0] == '#';
		t->headers[t->ncols++] = xstrdup(c[0] == '#' ? c + 1 : c);
	}
	free(spec);
	return t;
}

/* Appends one cell; rows fill left to right. */
static void put(report_table *t, const char *text)
{
	if (t->cap == 0 || (t->cap % 64) == 0)
		t->cells = xrealloc(t->cells, (size_t)(t->cap + 64) * sizeof *t->cells);
	t->cells[t->cap++] = xstrdup(text ? text : "");
	t->nrows = t->cap / t->ncols;
}

static void putf(report_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(report_table *t, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	put(t, buf);
}

static void put_int(report_table *t, int64_t v)
{
	putf(t, "%lld", (long long)v);
}

static void put_money(report_table *t, int64_t cents)
{
	char buf[32];

	put(t, expr_format_money(cents, buf, sizeof buf));
}

/* Hours with one decimal; empty when there is no value. */
static void put_hours(report_table *t, double h, int have)
{
	if (have)
		putf(t, "%.1f", h + 0.0);
	else
		put(t, "");
}

static void add_note(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(report *r, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->notes = xrealloc(r->notes, (size_t)(r->nnotes + 1) * sizeof *r->notes);
	r->notes[r->nnotes++] = xstrdup(buf);
}

const char *report_cell(const report_table *t, int row, int col)
{
	if (row < 0 || row >= t->nrows || col < 0 || col >= t->ncols)
		return "";
	return t->cells[row * t->ncols + col];
}

void report_free(report *r)
{
	for (int i = 0; i < r->ntables; i++) {
		report_table *t = &r->tables[i];

		for (int c = 0; c < t->cap; c++)
			free(t->cells[c]);
		for (int c = 0; c < t->ncols; c++)
			free(t->headers[c]);
		free(t->cells);
		free(t->headers);
		free(t->numeric);
		free(t->title);
	}
	for (int i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->tables);
	free(r->name);
	free(r->title);
	free(r->scope);
	memset(r, 0, sizeof *r);
}

/* ---- statistics -------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median (the mean of the two middle values when n is even) of n
 * sorted values. */
static double median(const double *v, int n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The 90th percentile by nearest rank: the smallest value with at least
 * 90% of the values at or below it. */
static double p90(const double *v, int n)
{
	int k = (int)ceil(0.9 * n - 1e-9);

	return v[(k < 1 ? 1 : k) - 1];
}

static double mean(const double *v, int n)
{
	double s = 0;

	for (int i = 0; i < n; i++)
		s += v[i];
	return n ? s / n : 0;
}

/* A list of values, grown as rows arrive. */
typedef struct {
	double *v;
	int n, cap;
} values;

static void values_add(values *vs, double x)
{
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 16;
		vs->v = xrealloc(vs->v, (size_t)vs->cap * sizeof *vs->v);
	}
	vs->v[vs->n++] = x;
}

static void values_sort(values *vs)
{
	if (vs->n)
		qsort(vs->v, (size_t)vs->n, sizeof *vs->v, cmp_double);
}

/* ---- dates ------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Monday 0 .. Sunday 6 (1970-01-01 was a Thursday). */
static int weekday(long day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

static void format_day(long day, char *buf, size_t len)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

/* "2026-W48": the ISO week of day. */
static void iso_week(long day, char *buf, size_t len)
{
	long thursday = day - weekday(day) + 3;
	int y, m, d;

	civil_from_days(thursday, &y, &m, &d);
	snprintf(buf, len, "%04d-W%02d", y % 10000, (int)((thursday - days_from_civil(y, 1, 1)) / 7 + 1) % 100);
}

/* Minutes since the epoch of "YYYY-MM-DD[ HH:MM[:SS]]"; -1 when not one. */
static long long parse_minutes(const char *s)
{
	int y, mo, d, h = 0, mi = 0;

	if (sscanf(s, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) < 3)
		return -1;
	return (long long)days_from_civil(y, mo, d) * 1440 + h * 60 + mi;
}

/* Today on the company's clock. */
static long today_day(void)
{
	char today[11];

	tz_today(today, sizeof today);
	return (long)(parse_minutes(today) / 1440);
}

static int is_date(const char *s)
{
	return s && strlen(s) == 10 && db_int(0, "SELECT date(?1, '+0 days') IS ?1", "t", s) == 1;
}

/* ---- who may read what ------------------------------------------------- */

/* The range, department and user's reach a report is computed within. */
struct scope {
	int64_t dept;           /* 0: every department */
	char from[11], to[11];  /* "" when open */
	char until[11];         /* the day after to: the exclusive bound */
	char from_at[20], until_at[20]; /* the same bounds as stored instants (UTC) */
	int restricted;         /* a department head's view, not report_all */
	char now[32], today[11];
};

/* Rows belong to the department or one below it. */
#define IN_DEPT(col) "(:dept = 0 OR " col " IN (WITH RECURSIVE dt(id) AS (SELECT :dept" \
	" UNION SELECT d.id FROM departments d JOIN dt ON d.parent_id = dt.id) SELECT id FROM dt))"
/* Within the range, open ends bound as '' and '9999-12-31' (bind_scope):
 * a plain comparison lets an index on col serve the range, where
 * "(:from IS NULL OR col >= :from)" made SQLite read every row. */
#define IN_RANGE(col) "(" col " >= :from AND " col " < :until)"
#define OPEN_FROM ""
#define OPEN_UNTIL "9999-12-31"
/* Every affair with requests, found by skipping through requests_form
 * (a dozen seeks): "r.form IN ANY_FORM" lets that index serve a range of
 * created_at, which alone no index leads with. */
#define ANY_FORM "(WITH RECURSIVE f(form) AS (SELECT min(form) FROM requests" \
	" UNION ALL SELECT (SELECT min(form) FROM requests WHERE form > f.form) FROM f WHERE f.form IS NOT NULL)" \
	" SELECT form FROM f)"
/* The login behind an audit actor ("root (as zhangsan)" is zhangsan). */
#define AUDIT_LOGIN "(CASE WHEN instr(a.actor, ' (as ') > 0 THEN substr(a.actor, instr(a.actor, ' (as ') + 5," \
	" length(a.actor) - instr(a.actor, ' (as ') - 5) ELSE a.actor END)"

static void bind_opt(db_stmt *s, const char *name, const char *v)
{
	if (s->st && sqlite3_bind_parameter_index(s->st, name) > 0)
		db_bind_text(s, name, v && *v ? v : NULL);
}

/* Binds whichever of :dept :from :until :now :today the statement has. */
static void bind_scope(db_stmt *s, const struct scope *sc)
{
	if (s->st && sqlite3_bind_parameter_index(s->st, ":dept") > 0)
		db_bind_int(s, ":dept", sc->dept);
	if (s->st && sqlite3_bind_parameter_index(s->st, ":from") > 0)
		db_bind_text(s, ":from", *sc->from_at ? sc->from_at : OPEN_FROM);
	if (s->st && sqlite3_bind_parameter_index(s->st, ":until") > 0)
		db_bind_text(s, ":until", *sc->until_at ? sc->until_at : OPEN_UNTIL);
	bind_opt(s, ":now", sc->now);
	bind_opt(s, ":today", sc->today);
}

static void set_range(struct scope *sc, const char *from, const char *to)
{
	snprintf(sc->from, sizeof sc->from, "%s", from ? from : "");
	snprintf(sc->to, sizeof sc->to, "%s", to ? to : "");
	sc->until[0] = '\0';
	if (*sc->to) {
		long day = (long)(parse_minutes(sc->to) / 1440) + 1;

		format_day(day, sc->until, sizeof sc->until);
	}
	/* Days are the company's: they begin at its midnight, which is some
	 * other hour in UTC. */
	sc->from_at[0] = sc->until_at[0] = '\0';
	if (*sc->from)
		af_format_time(tz_day_start(sc->from), sc->from_at, sizeof sc->from_at);
	if (*sc->until)
		af_format_time(tz_day_start(sc->until), sc->until_at, sizeof sc->until_at);
}

enum reach { REACH_DEPT, REACH_MONEY, REACH_SHEET };

/* Decides what the current user may read of a report and fills sc. */
static af_status resolve(const char *name, enum reach reach, const report_opts *o, struct scope *sc, report *r)
{
	int64_t want = 0;
	int all = me.system || auth_can("report_all");

	memset(sc, 0, sizeof *sc);
	af_format_time(af_now(), sc->now, sizeof sc->now);
	tz_today(sc->today, sizeof sc->today);
	if (o->from && !is_date(o->from))
		return af_fail(AF_INVALID, "--from: '%s' is not a date (YYYY-MM-DD)", o->from);
	if (o->to && !is_date(o->to))
		return af_fail(AF_INVALID, "--to: '%s' is not a date (YYYY-MM-DD)", o->to);
	if (o->from && o->to && strcmp(o->from, o->to) > 0)
		return af_fail(AF_INVALID, "--to: %s is before --from %s", o->to, o->from);
	set_range(sc, o->from, o->to);
	if (o->department) {
		want = db_int(0, "SELECT id FROM departments WHERE code = ?1", "t", o->department);
		if (!want)
			return af_fail(AF_INVALID, "--department: no department '%s'", o->department);
	}
	if (reach == REACH_SHEET) {
		if (!all && !auth_can("export"))
			return af_fail(AF_DENIED, "report %s: you need the report_all or export permission", name);
	} else if (all || (reach == REACH_MONEY && auth_can("report_money"))) {
		sc->dept = want;
	} else if (auth_can("report_department")) {
		int64_t own = me.department_id;

		if (want && want != own &&
		    db_int(0, "WITH RECURSIVE dt(id) AS (SELECT ?1 UNION SELECT d.id FROM departments d"
			   " JOIN dt ON d.parent_id = dt.id) SELECT 1 FROM dt WHERE id = ?2", "II", own, want) != 1) {
			char *code = db_text("?", "SELECT code FROM departments WHERE id = ?1", "I", own);
			af_status st = af_fail(AF_DENIED, "report %s: you may see only department %s", name, code);

			free(code);
			return st;
		}
		sc->dept = want ? want : own;
		sc->restricted = 1;
	} else {
		return af_fail(AF_DENIED, "report %s: you need the %s permission", name,
			       reach == REACH_MONEY ? "report_all, report_department or report_money"
			       : "report_all or report_department");
	}
	{
		strbuf sb = {0};

		if (sc->dept) {
			char *code = db_text("?", "SELECT code FROM departments WHERE id = ?1", "I", sc->dept);

			sb_printf(&sb, "department %s", code);
			free(code);
		} else {
			sb_puts(&sb, "all departments");
		}
		r->scope = sb_take(&sb);
	}
	return AF_OK;
}

/* Adds the date range to the scope line. */
static void scope_range(report *r, const struct scope *sc, const char *what)
{
	char *s;

	if (!*sc->from && !*sc->to)
		s = xasprintf("%s; %s: all dates", r->scope, what);
	else
		s = xasprintf("%s; %s %s..%s", r->scope, what, *sc->from ? sc->from : "", *sc->to ? sc->to : "");
	free(r->scope);
	r->scope = s;
}

static void scope_as_of(report *r, const char *when)
{
	char *s = xasprintf("%s; as of %s", r->scope, when);

	free(r->scope);
	r->scope = s;
}

static const char *form_title(const char *id)
{
	const form_def *f = formdef_find(id);

	return f ? f->title : id;
}

/* ---- volume ------------------------------------------------------------- */

static af_status rep_volume(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, NULL, "form affair month #submitted #done #rejected #withdrawn #open");
	report_table *tot;
	db_stmt s;
	int rc;
	int64_t sum[5] = {0};

	db_prepare(&s, "SELECT r.form, strftime('%Y-%m', r.created_at, 'localtime'), count(*), sum(r.state = 'done'),"
		   " sum(r.state = 'rejected'), sum(r.state IN ('withdrawn', 'cancelled')),"
		   " sum(r.state IN ('pending', 'returned', 'approved'))"
		   " FROM requests r JOIN employees e ON e.id = r.applicant_id"
		   " WHERE r.form IN " ANY_FORM " AND r.state <> 'draft' AND " IN_RANGE("r.created_at")
		   " AND " IN_DEPT("e.department_id")
		   " GROUP BY 1, 2 ORDER BY 1, 2");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		put(t, db_col_text(&s, 0));
		put(t, form_title(db_col_text(&s, 0)));
		put(t, db_col_text(&s, 1));
		for (int i = 0; i < 5; i++) {
			put_int(t, db_col_int(&s, 2 + i));
			sum[i] += db_col_int(&s, 2 + i);
		}
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
	if (t->nrows) {
		put(t, "");
		put(t, "合计 total");
		put(t, "");
		for (int i = 0; i < 5; i++)
			put_int(t, sum[i]);
	}
	tot = add_table(r, N_("totals by affair"), "form affair #submitted #done");
	db_prepare(&s, "SELECT r.form, count(*), sum(r.state = 'done')"
		   " FROM requests r JOIN employees e ON e.id = r.applicant_id"
		   " WHERE r.form IN " ANY_FORM " AND r.state <> 'draft' AND " IN_RANGE("r.created_at")
		   " AND " IN_DEPT("e.department_id")
		   " GROUP BY 1 ORDER BY 2 DESC, 1");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		put(tot, db_col_text(&s, 0));
		put(tot, form_title(db_col_text(&s, 0)));
		put_int(tot, db_col_int(&s, 1));
		put_int(tot, db_col_int(&s, 2));
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- cycle -------------------------------------------------------------- */

/* Requests done in the scope, hours from submission to done, grouped by
 * the first column of sql (which orders by it, then by the hours in the
 * second): a row a group with its count, median and 90th percentile, and
 * for affairs (by_form) the affair's title and the mean too. */
static af_status done_hours_by(const struct scope *sc, report_table *t, const char *sql, int by_form)
{
	db_stmt s;
	int rc;
	char cur[128] = "";
	values v = {0};

	db_prepare(&s, sql);
	bind_scope(&s, sc);
	for (;;) {
		rc = db_step(&s);
		if ((rc != SQLITE_ROW || strcmp(cur, db_col_text(&s, 0)) != 0) && v.n) {
			values_sort(&v);
			put(t, cur);
			if (by_form)
				put(t, form_title(cur));
			put_int(t, v.n);
			put_hours(t, median(v.v, v.n), 1);
			put_hours(t, p90(v.v, v.n), 1);
			if (by_form)
				put_hours(t, mean(v.v, v.n), 1);
			v.n = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		snprintf(cur, sizeof cur, "%s", db_col_text(&s, 0));
		values_add(&v, sqlite3_column_double(s.st, 1));
	}
	db_done(&s);
	free(v.v);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

#define DONE_HOURS(group) "SELECT " group ", (julianday(r.done_at) - julianday(r.created_at)) * 24" \
	" FROM requests r JOIN employees e ON e.id = r.applicant_id" \
	" WHERE +r.state = 'done' AND " IN_RANGE("r.done_at") \
	" AND " IN_DEPT("e.department_id") " ORDER BY 1, 2"

/* Per affair, then the trend: every affair's requests done each month
 * (the screen draws the medians as a line). */
static af_status rep_cycle(const struct scope *sc, report *r)
{
	af_status st = done_hours_by(sc, add_table(r, NULL, "form affair #done #median_h #p90_h #mean_h"),
				     DONE_HOURS("r.form"), 1);

	if (st != AF_OK)
		return st;
	return done_hours_by(sc, add_table(r, N_("cycle time by month"), "month #done #median_h #p90_h"),
			     DONE_HOURS("strftime('%Y-%m', r.done_at, 'localtime')"), 0);
}

/* ---- steps -------------------------------------------------------------- */

static af_status rep_steps(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, NULL, "form step approver #handled #median_h #p90_h #with_limit #missed #missed_pct");
	db_stmt s;
	int rc;
	char key[3][128] = { "", "", "" }, login[65] = "";
	values v = {0};
	int64_t limited = 0, missed = 0, seen = 0;

	/* Tasks handled by their approver, and those still waiting past their
	 * deadline (a miss already). Tasks the engine settled itself because
	 * the approver had approved the previous step are no response at all. */
	db_prepare(&s, "SELECT r.form, s.title, a.name, a.login, t.acted_at IS NOT NULL,"
		   " (julianday(coalesce(t.acted_at, :now)) - julianday(t.created_at)) * 24,"
		   " t.due_at IS NOT NULL, t.due_at IS NOT NULL AND coalesce(t.acted_at, :now) > t.due_at"
		   " FROM tasks t JOIN steps s ON s.id = t.step_id JOIN requests r ON r.id = t.request_id"
		   " JOIN employees a ON a.id = t.assignee_id JOIN employees e ON e.id = r.applicant_id"
		   " WHERE " IN_RANGE("t.created_at") " AND " IN_DEPT("e.department_id")
		   " AND ((t.acted_at IS NOT NULL AND t.state IN ('approved', 'rejected', 'returned', 'transferred'))"
		   "      OR (t.state = 'pending' AND t.due_at < :now))"
		   " AND NOT EXISTS (SELECT 1 FROM actions x WHERE x.task_id = t.id AND x.action = 'asked-once')"
		   " ORDER BY r.form, s.pos, s.title, a.login, 6");
	bind_scope(&s, sc);
	for (;;) {
		rc = db_step(&s);
		if ((rc != SQLITE_ROW || strcmp(key[0], db_col_text(&s, 0)) != 0 ||
		     strcmp(key[1], db_col_text(&s, 1)) != 0 || strcmp(login, db_col_text(&s, 3)) != 0) && seen) {
			values_sort(&v);
			put(t, key[0]);
			put(t, key[1]);
			put(t, key[2]);
			put_int(t, v.n);
			put_hours(t, v.n ? median(v.v, v.n) : 0, v.n > 0);
			put_hours(t, v.n ? p90(v.v, v.n) : 0, v.n > 0);
			put_int(t, limited);
			put_int(t, missed);
			if (limited)
				putf(t, "%.1f", 100.0 * (double)missed / (double)limited);
			else
				put(t, "");
			v.n = 0;
			limited = missed = seen = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		snprintf(key[0], sizeof key[0], "%s", db_col_text(&s, 0));
		snprintf(key[1], sizeof key[1], "%s", db_col_text(&s, 1));
		snprintf(key[2], sizeof key[2], "%s", db_col_text(&s, 2));
		snprintf(login, sizeof login, "%s", db_col_text(&s, 3));
		seen++;
		if (db_col_int(&s, 4))
			values_add(&v, sqlite3_column_double(s.st, 5));
		limited += db_col_int(&s, 6);
		missed += db_col_int(&s, 7);
	}
	db_done(&s);
	free(v.v);
	add_note(r, "handled: tasks acted on; times from the task's arrival to the action, in hours;"
		 " missed counts tasks acted on after their deadline and tasks still waiting past it");
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- backlog ------------------------------------------------------------ */

static af_status rep_backlog(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, NULL, "form step #pending #under_1d #d1_3 #d3_7 #over_7d #overdue #oldest_days");
	db_stmt s;
	int rc;
	char form[128] = "", step[128] = "";
	int64_t n = 0, b[4] = {0}, overdue = 0;
	double oldest = 0;

	/* A pending request waits at its current step since the earliest of the
	 * step's pending tasks; a returned one waits on its applicant. */
	db_prepare(&s, "SELECT form, step, age, overdue FROM ("
		   " SELECT r.form, s.pos, s.title step, julianday(:now) - julianday(min(t.created_at)) age,"
		   "  max(t.due_at IS NOT NULL AND t.due_at < :now) overdue"
		   " FROM requests r JOIN steps s ON s.id = r.current_step"
		   " JOIN tasks t ON t.step_id = s.id AND t.state = 'pending'"
		   " JOIN employees e ON e.id = r.applicant_id"
		   " WHERE r.state = 'pending' AND " IN_DEPT("e.department_id") " GROUP BY r.id"
		   " UNION ALL SELECT r.form, 1000, '退回申请人 returned to applicant',"
		   "  julianday(:now) - julianday(r.updated_at), 0"
		   " FROM requests r JOIN employees e ON e.id = r.applicant_id"
		   " WHERE r.state = 'returned' AND " IN_DEPT("e.department_id")
		   ") ORDER BY form, pos, step, age");
	bind_scope(&s, sc);
	for (;;) {
		rc = db_step(&s);
		if ((rc != SQLITE_ROW || strcmp(form, db_col_text(&s, 0)) != 0 ||
		     strcmp(step, db_col_text(&s, 1)) != 0) && n) {
			put(t, form);
			put(t, step);
			put_int(t, n);
			for (int i = 0; i < 4; i++)
				put_int(t, b[i]);
			put_int(t, overdue);
			putf(t, "%.1f", oldest);
			n = overdue = 0;
			memset(b, 0, sizeof b);
			oldest = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		{
			double age = sqlite3_column_double(s.st, 2);

			snprintf(form, sizeof form, "%s", db_col_text(&s, 0));
			snprintf(step, sizeof step, "%s", db_col_text(&s, 1));
			n++;
			b[age < 1 ? 0 : age < 3 ? 1 : age < 7 ? 2 : 3]++;
			overdue += db_col_int(&s, 3);
			if (age > oldest)
				oldest = age;
		}
	}
	db_done(&s);
	scope_as_of(r, sc->now);
	add_note(r, "ages in days since the request reached the step: under 1, 1 to 3, 3 to 7, 7 or more");
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

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

static void util_range(const struct scope *sc, long *first, long *last)
{
	long today = today_day();

	/* By default the current ISO week and the three before it. */
	*last = *sc->to ? (long)(parse_minutes(sc->to) / 1440) : today - weekday(today) + 6;
	*first = *sc->from ? (long)(parse_minutes(sc->from) / 1440) : today - weekday(today) - 21;
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
		int wd = weekday(day);
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

static af_status util_load(const struct scope *sc, const char *only_kind, struct util_data *u)
{
	struct resource_key *keys;
	db_stmt s;
	int rc;
	char from[32], until[32];

	memset(u, 0, sizeof *u);
	util_range(sc, &u->first, &u->last);
	u->monday0 = u->first - weekday(u->first);
	u->nweeks = (int)((u->last - u->monday0) / 7 + 1);
	db_prepare(&s, "SELECT 'room', id, code, name FROM rooms WHERE active = 1"
		   " UNION ALL SELECT 'vehicle', id, code, name FROM vehicles WHERE active = 1 ORDER BY 1, 3");
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		if (only_kind && strcmp(only_kind, db_col_text(&s, 0)) != 0)
			continue;
		u->res = xrealloc(u->res, (size_t)(u->nres + 1) * sizeof *u->res);
		snprintf(u->res[u->nres].kind, sizeof u->res[u->nres].kind, "%s", db_col_text(&s, 0));
		u->res[u->nres].id = db_col_int(&s, 1);
		snprintf(u->res[u->nres].code, sizeof u->res[u->nres].code, "%s", db_col_text(&s, 2));
		snprintf(u->res[u->nres].name, sizeof u->res[u->nres].name, "%s", db_col_text(&s, 3));
		u->nres++;
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
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
	format_day(u->first, from, sizeof from);
	format_day(u->last + 1, until, sizeof until);
	af_format_time(tz_day_start(from), from, sizeof from);
	af_format_time(tz_day_start(until), until, sizeof until);
	/* Resource by resource through bookings_ends: each one's bookings that
	 * end after the range begins (no index bounds a booking by its start
	 * and end at once); each booking's columns read once. */
	/* Working hours are the wall clock's: the times in the company's zone. */
	db_prepare(&s, "SELECT x.kind = 'vehicle', x.id, datetime(b.starts_at, 'localtime'),"
		   " datetime(b.ends_at, 'localtime'), b.attendance IS 'no_show'"
		   " FROM (SELECT 'room' kind, id FROM rooms WHERE active = 1"
		   "  UNION ALL SELECT 'vehicle', id FROM vehicles WHERE active = 1) x"
		   " CROSS JOIN bookings b ON b.resource = x.kind AND b.resource_id = x.id"
		   " WHERE b.ends_at > :f AND b.starts_at < :u AND b.state = 'confirmed'"
		   " AND (:dept = 0 OR b.booked_by IN (SELECT e.id FROM employees e WHERE "
		   IN_DEPT("e.department_id") "))");
	db_bind_text(&s, ":u", until);
	db_bind_text(&s, ":f", from);
	db_bind_int(&s, ":dept", sc->dept);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		struct resource_key k = { (int)db_col_int(&s, 0), db_col_int(&s, 1), 0 }, *hit;
		long long a = parse_minutes(db_col_text(&s, 2)), b = parse_minutes(db_col_text(&s, 3));

		hit = bsearch(&k, keys, (size_t)u->nres, sizeof *keys, cmp_resource_key);
		if (!hit || a < 0 || b <= a)
			continue;
		util_add(u, hit->ri, a, b, (int)db_col_int(&s, 4));
	}
	db_done(&s);
	free(keys);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
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

static af_status rep_utilisation(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, NULL, "resource code name week #booked_h #working_h #used_pct"
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
			iso_week(u.monday0 + 7L * w, week, sizeof week);
			put(t, u.res[i].kind);
			put(t, u.res[i].code);
			put(t, u.res[i].name);
			put(t, week);
			put_hours(t, b / 60, 1);
			put_hours(t, work / 60, 1);
			putf(t, "%.1f", 100 * b / work);
			put_int(t, u.noshows[cell]);
			put_hours(t, lost / 60, 1);
			put_hours(t, b > 0 ? 100 * lost / b : 0, b > 0);
		}
	/* Per resource over the whole range, those with a no-show recorded. */
	ns = add_table(r, N_("no-shows by resource"), "resource code name #booked_h #no_shows #lost_h #lost_pct");
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
		put(ns, u.res[i].kind);
		put(ns, u.res[i].code);
		put(ns, u.res[i].name);
		put_hours(ns, b / 60, 1);
		put_int(ns, n);
		put_hours(ns, lost / 60, 1);
		put_hours(ns, b > 0 ? 100 * lost / b : 0, b > 0);
	}
	format_day(u.first, from, sizeof from);
	format_day(u.last, to, sizeof to);
	{
		char *s = xasprintf("%s; bookings confirmed %s..%s; working hours Mon-Fri 08:00-18:00",
				    r->scope, from, to);

		free(r->scope);
		r->scope = s;
	}
	add_note(r, "no-shows: bookings the venue or fleet keeper marked as not attended; lost hours are"
		 " their booked working hours, lost_pct their share of the hours booked");
	util_free(&u);
	return AF_OK;
}

af_status report_heat(const char *resource, const report_opts *o, double pct[5][10])
{
	struct scope sc;
	report r = {0};
	struct util_data u;
	af_status st = resolve("utilisation", REACH_DEPT, o, &sc, &r);

	report_free(&r);
	memset(pct, 0, sizeof(double) * 50);
	if (st != AF_OK)
		return st;
	st = util_load(&sc, resource, &u);
	if (st == AF_OK && u.nres) {
		for (int d = 0; d < 5; d++) {
			int days = 0;

			for (long day = u.first; day <= u.last; day++)
				days += weekday(day) == d;
			for (int h = 0; h < 10; h++)
				pct[d][h] = days ? 100 * u.heat[d][h] / (60.0 * days * u.nres) : 0;
		}
	}
	util_free(&u);
	return st;
}

/* ---- conflicts ---------------------------------------------------------- */

static af_status rep_conflicts(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, NULL, "resource code month #refused");
	db_stmt s;
	int rc;
	int64_t total = 0;

	db_prepare(&s, "SELECT substr(a.object, 1, instr(a.object, ':') - 1), substr(a.object, instr(a.object, ':') + 1),"
		   " strftime('%Y-%m', a.at, 'localtime'), count(*)"
		   " FROM audit a LEFT JOIN employees e ON e.login = " AUDIT_LOGIN
		   " WHERE a.action = 'booking_refused' AND " IN_RANGE("a.at")
		   " AND (:dept = 0 OR " IN_DEPT("e.department_id") ")"
		   " GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 3");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		for (int i = 0; i < 3; i++)
			put(t, db_col_text(&s, i));
		put_int(t, db_col_int(&s, 3));
		total += db_col_int(&s, 3);
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
	if (t->nrows) {
		put(t, "合计 total");
		put(t, "");
		put(t, "");
		put_int(t, total);
	}
	add_note(r, "counted from the audit trail's booking_refused rows: an attempt refused because its slot"
		 " was taken is recorded there once the submission path records it (report_record_refusal)");
	return AF_OK;
}

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

af_status report_record_refusal(const char *resource, const char *code, const char *start, const char *end)
{
	struct refusal f = { resource, code, start, end };

	return db_transact(record_refusal, &f);
}

/* ---- supplies ----------------------------------------------------------- */

static af_status rep_supplies(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, N_("consumption (issued minus returned)"),
				    "department department_name sku item unit #issued #returned #net");
	report_table *low;
	db_stmt s;
	int rc;

	db_prepare(&s, "SELECT coalesce(d.code, ''), coalesce(d.name, ''), p.sku, p.name, p.unit,"
		   " sum(CASE m.kind WHEN 'issue' THEN m.quantity ELSE 0 END),"
		   " sum(CASE m.kind WHEN 'return' THEN m.quantity ELSE 0 END)"
		   " FROM stock_moves m JOIN supplies p ON p.id = m.supply_id"
		   " LEFT JOIN requests r ON r.id = m.request_id LEFT JOIN employees e ON e.id = r.applicant_id"
		   " LEFT JOIN departments d ON d.id = e.department_id"
		   " WHERE m.kind IN ('issue', 'return') AND " IN_RANGE("m.at") " AND " IN_DEPT("e.department_id")
		   " GROUP BY d.id, p.id ORDER BY 1, 3");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		for (int i = 0; i < 5; i++)
			put(t, db_col_text(&s, i));
		put_int(t, db_col_int(&s, 5));
		put_int(t, db_col_int(&s, 6));
		put_int(t, db_col_int(&s, 5) - db_col_int(&s, 6));
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
	if (sc->restricted) {
		add_note(r, "items under their reorder level: for the admin staff (report_all)");
		return AF_OK;
	}
	low = add_table(r, N_("at or under the reorder level"),
			"sku item unit #on_hand #reserved #available #reorder_level location");
	db_prepare(&s, "SELECT sku, name, unit, on_hand, reserved, on_hand - reserved, reorder_level, location"
		   " FROM supplies WHERE on_hand <= reorder_level ORDER BY sku");
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		for (int i = 0; i < 3; i++)
			put(low, db_col_text(&s, i));
		for (int i = 3; i < 7; i++)
			put_int(low, db_col_int(&s, i));
		put(low, db_col_text(&s, 7));
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- assets ------------------------------------------------------------- */

static void put_difference(void *ctx, const stocktake_diff_row *d)
{
	report_table *t = ctx;

	put(t, d->tag);
	put(t, d->kind);
	put(t, d->name);
	put(t, d->booked);
	put(t, d->counted);
	put(t, d->holder);
	put(t, *d->resolution ? d->resolution : "unresolved");
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
static af_status stocktakes(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, N_("stocktakes"),
				    "stocktake location started closed #counted #missing #elsewhere #unknown #unresolved");
	db_stmt s;
	int rc;
	int64_t latest = 0;

	db_prepare(&s, "SELECT s.id, coalesce(nullif(s.location, ''), '*'), s.started_at, coalesce(s.closed_at, 'open'),"
		   " (SELECT count(*) FROM stocktake_counts c WHERE c.stocktake_id = s.id AND c.found = 1)"
		   " FROM stocktakes s WHERE " IN_RANGE("s.started_at") " ORDER BY s.started_at, s.id");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		struct diff_kinds k = {{0, 0, 0}};
		int unresolved = 0;
		af_status st;

		latest = db_col_int(&s, 0);
		put_int(t, latest);
		for (int i = 1; i < 4; i++)
			put(t, db_col_text(&s, i));
		put_int(t, db_col_int(&s, 4));
		/* Another statement, so it may step while this one is open. */
		st = stocktake_diff_rows(latest, count_difference, &k, NULL, &unresolved);
		if (st != AF_OK) {
			db_done(&s);
			return st;
		}
		for (int i = 0; i < 3; i++)
			put_int(t, k.n[i]);
		put_int(t, unresolved);
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
	if (latest) {
		report_table *d = add_table(r, N_("differences of the latest stocktake"),
					    "tag kind name booked counted holder resolution");
		af_status st = stocktake_diff_rows(latest, put_difference, d, NULL, NULL);

		if (st != AF_OK)
			return st;
		add_note(r, "stocktake %lld: resolve each with adminflow stocktake resolve TAG found|lost|moved|added",
			 (long long)latest);
	}
	return AF_OK;
}

static af_status rep_assets(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, NULL, "status location #assets #cost");
	db_stmt s;
	int rc;
	int64_t n = 0, cost = 0;

	db_prepare(&s, "SELECT a.status, a.location, count(*), sum(a.cost_cents) FROM assets a"
		   " LEFT JOIN employees e ON e.id = a.holder_id"
		   " WHERE (:dept = 0 OR " IN_DEPT("e.department_id") ")"
		   " GROUP BY 1, 2 ORDER BY CASE a.status WHEN 'in_use' THEN 1 WHEN 'in_stock' THEN 2"
		   " WHEN 'in_repair' THEN 3 WHEN 'lost' THEN 4 ELSE 5 END, 2");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		put(t, db_col_text(&s, 0));
		put(t, db_col_text(&s, 1));
		put_int(t, db_col_int(&s, 2));
		put_money(t, db_col_int(&s, 3));
		n += db_col_int(&s, 2);
		cost += db_col_int(&s, 3);
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
	if (t->nrows) {
		put(t, "合计 total");
		put(t, "");
		put_int(t, n);
		put_money(t, cost);
	}
	{
		/* Open repair tickets: what is out of service, since when, and why. */
		report_table *rep = add_table(r, N_("open repairs"), "tag name request urgency fault since");

		db_prepare(&s, "SELECT coalesce(a.tag, json_extract(r.data, '$.asset')), coalesce(a.name, ''), r.number,"
			   " coalesce(json_extract(r.data, '$.urgency'), ''), coalesce(json_extract(r.data, '$.fault'), ''),"
			   " datetime(r.created_at, 'localtime') FROM requests r JOIN employees e ON e.id = r.applicant_id"
			   " LEFT JOIN assets a ON a.tag = json_extract(r.data, '$.asset')"
			   " WHERE r.form = 'repair' AND r.state IN ('pending', 'returned', 'approved')"
			   " AND " IN_DEPT("e.department_id") " ORDER BY r.created_at, r.id");
		bind_scope(&s, sc);
		while ((rc = db_step(&s)) == SQLITE_ROW)
			for (int i = 0; i < 6; i++)
				put(rep, db_col_text(&s, i));
		db_done(&s);
		if (rc != SQLITE_DONE)
			return db_fail();
	}
	if (sc->dept) {
		add_note(r, "a department's assets are those its people hold; its repairs, those its people asked for;"
			 " stocktakes are the company's (see the report without --department)");
		return AF_OK;
	}
	return stocktakes(sc, r);
}

/* ---- expenses ----------------------------------------------------------- */

static af_status expense_cycle(const struct scope *sc, values *v)
{
	db_stmt s;
	int rc;

	db_prepare(&s, "SELECT (julianday(r.paid_at) - julianday(r.created_at)) * 24"
		   " FROM requests r JOIN employees e ON e.id = r.applicant_id"
		   " WHERE r.form = 'expense' AND r.paid_at IS NOT NULL AND " IN_RANGE("r.paid_at")
		   " AND " IN_DEPT("e.department_id") " ORDER BY 1");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW)
		values_add(v, sqlite3_column_double(s.st, 0));
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* The lines of paid claims, one row each (request, department, category,
 * amount in cents, receipts), dated when paid. A claim stored before
 * claims had lines counts as one line of its own category and amount. */
#define EXPENSE_LINES \
	"WITH lines(id, dept, category, amount, receipts) AS (" \
	" SELECT r.id, e.department_id, json_extract(l.value, '$.category')," \
	"  json_extract(l.value, '$.amount'), json_extract(l.value, '$.receipts')" \
	" FROM requests r JOIN employees e ON e.id = r.applicant_id, json_each(r.data, '$.lines') l" \
	" WHERE r.form = 'expense' AND r.paid_at IS NOT NULL AND " IN_RANGE("r.paid_at") \
	" AND " IN_DEPT("e.department_id") \
	" UNION ALL SELECT r.id, e.department_id, json_extract(r.data, '$.category')," \
	"  json_extract(r.data, '$.amount'), NULL" \
	" FROM requests r JOIN employees e ON e.id = r.applicant_id" \
	" WHERE r.form = 'expense' AND r.paid_at IS NOT NULL AND " IN_RANGE("r.paid_at") \
	" AND " IN_DEPT("e.department_id") " AND json_type(r.data, '$.lines') IS NULL) "

static af_status rep_expenses(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, N_("totals by category and department"),
				    "category department department_name #claims #total #receipts");
	report_table *c;
	db_stmt s;
	int rc;
	values v = {0};
	af_status st;

	/* By the category of each line: a claim with travel and meals lines
	 * counts once under each. */
	db_prepare(&s, EXPENSE_LINES
		   "SELECT coalesce(l.category, ''), d.code, d.name, count(DISTINCT l.id),"
		   " sum(coalesce(l.amount, 0)), sum(coalesce(l.receipts, 0))"
		   " FROM lines l JOIN departments d ON d.id = l.dept GROUP BY 1, 2 ORDER BY 1, 2");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		for (int i = 0; i < 3; i++)
			put(t, db_col_text(&s, i));
		put_int(t, db_col_int(&s, 3));
		put_money(t, db_col_int(&s, 4));
		put_int(t, db_col_int(&s, 5));
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
	/* The total counts each claim once, whatever its categories. */
	db_prepare(&s, EXPENSE_LINES "SELECT count(DISTINCT id), coalesce(sum(amount), 0),"
		   " coalesce(sum(receipts), 0) FROM lines");
	bind_scope(&s, sc);
	if ((rc = db_step(&s)) == SQLITE_ROW && t->nrows) {
		put(t, "合计 total");
		put(t, "");
		put(t, "");
		put_int(t, db_col_int(&s, 0));
		put_money(t, db_col_int(&s, 1));
		put_int(t, db_col_int(&s, 2));
	}
	db_done(&s);
	if (rc != SQLITE_ROW)
		return db_fail();
	c = add_table(r, N_("reimbursement cycle, submitted to paid"),
		      "#paid #mean_h #median_h #p90_h #mean_days");
	st = expense_cycle(sc, &v);
	if (st == AF_OK) {
		values_sort(&v);
		put_int(c, v.n);
		put_hours(c, v.n ? mean(v.v, v.n) : 0, v.n > 0);
		put_hours(c, v.n ? median(v.v, v.n) : 0, v.n > 0);
		put_hours(c, v.n ? p90(v.v, v.n) : 0, v.n > 0);
		put_hours(c, v.n ? mean(v.v, v.n) / 24 : 0, v.n > 0);
	}
	free(v.v);
	return st;
}

/* ---- seals -------------------------------------------------------------- */

static af_status rep_seals(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, NULL, "seal name keeper #uses #copies last_used");
	db_stmt s;
	int rc;

	db_prepare(&s, "SELECT s.code, s.name, k.name, count(u.id), coalesce(sum(u.copies), 0),"
		   " coalesce(datetime(max(u.at), 'localtime'), '')"
		   " FROM seals s JOIN employees k ON k.id = s.keeper_id"
		   " LEFT JOIN (SELECT u.* FROM seal_uses u JOIN employees e ON e.id = u.used_by"
		   "   WHERE " IN_RANGE("u.at") " AND " IN_DEPT("e.department_id") ") u ON u.seal_id = s.id"
		   " GROUP BY s.id ORDER BY s.code");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		for (int i = 0; i < 3; i++)
			put(t, db_col_text(&s, i));
		put_int(t, db_col_int(&s, 3));
		put_int(t, db_col_int(&s, 4));
		put(t, db_col_text(&s, 5));
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
	/* The register itself: each use, as the keeper confirmed it. */
	t = add_table(r, N_("register"), "at seal document #copies used_by witness request");
	db_prepare(&s, "SELECT datetime(u.at, 'localtime'), s.code, u.document, u.copies, e.name, coalesce(w.name, ''), r.number"
		   " FROM seal_uses u JOIN seals s ON s.id = u.seal_id JOIN employees e ON e.id = u.used_by"
		   " LEFT JOIN employees w ON w.id = u.witness_id JOIN requests r ON r.id = u.request_id"
		   " WHERE " IN_RANGE("u.at") " AND " IN_DEPT("e.department_id") " ORDER BY u.at, u.id");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		for (int i = 0; i < 3; i++)
			put(t, db_col_text(&s, i));
		put_int(t, db_col_int(&s, 3));
		for (int i = 4; i < 7; i++)
			put(t, db_col_text(&s, i));
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- licences ----------------------------------------------------------- */

static af_status rep_licences(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, NULL, "code name department expires_on #days_left #remind_days status");
	db_stmt s;
	int rc;

	db_prepare(&s, "SELECT l.code, l.name, coalesce(d.code, ''), l.expires_on,"
		   " CAST(julianday(l.expires_on) - julianday(:today) AS INTEGER) days, l.remind_days"
		   " FROM licences l LEFT JOIN departments d ON d.id = l.department_id"
		   " WHERE " IN_DEPT("l.department_id") " ORDER BY days, l.code");
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		int64_t days = db_col_int(&s, 4);

		for (int i = 0; i < 4; i++)
			put(t, db_col_text(&s, i));
		put_int(t, days);
		put_int(t, db_col_int(&s, 5));
		put(t, days < 0 ? "expired" : days <= db_col_int(&s, 5) ? "due" : "ok");
	}
	db_done(&s);
	scope_as_of(r, sc->today);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- quarterly ---------------------------------------------------------- */

struct quarter_figures {
	double expense_mean_days;
	int expense_n;
	int64_t refused, booked, submitted, done;
};

/* Per affair, the cycle times of the requests done in each quarter. */
struct quarter_cycle {
	char form[64];
	values v[2];
};

/* Counts for both quarters at once: the statement's columns 0 and 1 are
 * the last and this quarter's figure (and 2 and 3, when two). */
static af_status quarter_counts(const char *sql, const struct scope *both, const char *mid, int64_t out[4])
{
	db_stmt s;
	int rc;

	memset(out, 0, 4 * sizeof *out);
	db_prepare(&s, sql);
	bind_scope(&s, both);
	db_bind_text(&s, ":mid", mid);
	if ((rc = db_step(&s)) == SQLITE_ROW)
		for (int i = 0; i < sqlite3_column_count(s.st) && i < 4; i++)
			out[i] = db_col_int(&s, i);
	db_done(&s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* The figures of the two quarters q[0] (last) and q[1] (this), each
 * statement reading both quarters at once through the index on its date,
 * and the cycle times of every affair in one statement. */
static af_status quarter_figures(const struct scope q[2], struct quarter_figures f[2], struct quarter_cycle **cyc,
				 int *ncyc)
{
	struct scope both = q[0];
	const char *mid = q[1].from_at;
	int64_t n[4];
	af_status st;
	db_stmt s;
	int rc;

	memset(f, 0, 2 * sizeof *f);
	snprintf(both.to, sizeof both.to, "%s", q[1].to);
	snprintf(both.until, sizeof both.until, "%s", q[1].until);
	snprintf(both.until_at, sizeof both.until_at, "%s", q[1].until_at);
	for (int k = 0; k < 2; k++) {
		values v = {0};

		st = expense_cycle(&q[k], &v);
		f[k].expense_n = v.n;
		f[k].expense_mean_days = v.n ? mean(v.v, v.n) / 24 : 0;
		free(v.v);
		if (st != AF_OK)
			return st;
	}
	if ((st = quarter_counts("SELECT coalesce(sum(a.at < :mid), 0), coalesce(sum(a.at >= :mid), 0)"
				 " FROM audit a LEFT JOIN employees e ON e.login = " AUDIT_LOGIN
				 " WHERE a.action = 'booking_refused' AND " IN_RANGE("a.at")
				 " AND (:dept = 0 OR " IN_DEPT("e.department_id") ")", &both, mid, n)) != AF_OK)
		return st;
	f[0].refused = n[0];
	f[1].refused = n[1];
	if ((st = quarter_counts("SELECT coalesce(sum(b.starts_at < :mid), 0), coalesce(sum(b.starts_at >= :mid), 0)"
				 " FROM bookings b JOIN employees e ON e.id = b.booked_by"
				 " WHERE b.state = 'confirmed' AND " IN_RANGE("b.starts_at")
				 " AND " IN_DEPT("e.department_id"), &both, mid, n)) != AF_OK)
		return st;
	f[0].booked = n[0];
	f[1].booked = n[1];
	if ((st = quarter_counts("SELECT coalesce(sum(r.created_at < :mid), 0), coalesce(sum(r.created_at >= :mid), 0),"
				 " coalesce(sum(r.created_at < :mid AND r.state = 'done'), 0),"
				 " coalesce(sum(r.created_at >= :mid AND r.state = 'done'), 0)"
				 " FROM requests r JOIN employees e ON e.id = r.applicant_id"
				 " WHERE r.form IN " ANY_FORM " AND r.state <> 'draft' AND " IN_RANGE("r.created_at")
				 " AND " IN_DEPT("e.department_id"), &both, mid, n)) != AF_OK)
		return st;
	f[0].submitted = n[0];
	f[1].submitted = n[1];
	f[0].done = n[2];
	f[1].done = n[3];
	/* Cycle times, grouped by affair and quarter, each group in order. */
	db_prepare(&s, "SELECT r.form, r.done_at >= :mid, (julianday(r.done_at) - julianday(r.created_at)) * 24"
		   " FROM requests r JOIN employees e ON e.id = r.applicant_id"
		   " WHERE +r.state = 'done' AND " IN_RANGE("r.done_at") " AND " IN_DEPT("e.department_id")
		   " ORDER BY 1, 2, 3");
	bind_scope(&s, &both);
	db_bind_text(&s, ":mid", mid);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		const char *form = db_col_text(&s, 0);

		if (!*ncyc || strcmp((*cyc)[*ncyc - 1].form, form) != 0) {
			*cyc = xrealloc(*cyc, (size_t)(*ncyc + 1) * sizeof **cyc);
			memset(&(*cyc)[*ncyc], 0, sizeof **cyc);
			snprintf((*cyc)[*ncyc].form, sizeof (*cyc)[*ncyc].form, "%s", form);
			(*ncyc)++;
		}
		values_add(&(*cyc)[*ncyc - 1].v[db_col_int(&s, 1) ? 1 : 0], sqlite3_column_double(s.st, 2));
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

static void put_change(report_table *t, double last, double now, int have)
{
	if (have && last != 0)
		putf(t, "%+.1f", 100 * (now - last) / last);
	else
		put(t, "");
}

static af_status rep_quarterly(const struct scope *sc, report *r)
{
	report_table *t = add_table(r, NULL, "measure unit #last_quarter #this_quarter #change_pct");
	struct scope q[2];
	struct quarter_figures f[2];
	struct quarter_cycle *cyc = NULL;
	int ncyc = 0;
	char label[2][32];
	int y, m, d;
	long ref = *sc->to ? (long)(parse_minutes(sc->to) / 1440) : today_day();
	af_status st = AF_OK;

	civil_from_days(ref, &y, &m, &d);
	for (int i = 1; i >= 0; i--) {
		/* i = 1: this quarter; i = 0: the one before. */
		int qn = (m - 1) / 3 - (1 - i), qy = y;
		char from[11], to[11];
		long first, next;

		if (qn < 0) {
			qn += 4;
			qy--;
		}
		first = days_from_civil(qy, qn * 3 + 1, 1);
		next = qn == 3 ? days_from_civil(qy + 1, 1, 1) : days_from_civil(qy, qn * 3 + 4, 1);
		format_day(first, from, sizeof from);
		format_day(next - 1, to, sizeof to);
		snprintf(label[i], sizeof label[i], "%04d-Q%d", qy, qn + 1);
		q[i] = *sc;
		set_range(&q[i], from, to);
	}
	if ((st = quarter_figures(q, f, &cyc, &ncyc)) != AF_OK)
		goto out;
	{
		char *s = xasprintf("%s; this quarter %s (%s..%s), last %s (%s..%s)", r->scope, label[1],
				    q[1].from, q[1].to, label[0], q[0].from, q[0].to);

		free(r->scope);
		r->scope = s;
	}
	put(t, "报销周期 reimbursement cycle (mean)");
	put(t, "days");
	put_hours(t, f[0].expense_mean_days, f[0].expense_n > 0);
	put_hours(t, f[1].expense_mean_days, f[1].expense_n > 0);
	put_change(t, f[0].expense_mean_days, f[1].expense_mean_days, f[0].expense_n > 0 && f[1].expense_n > 0);
	put(t, "预订冲突 booking conflicts");
	put(t, "attempts");
	put_int(t, f[0].refused);
	put_int(t, f[1].refused);
	put_change(t, (double)f[0].refused, (double)f[1].refused, 1);
	put(t, "预订 bookings confirmed");
	put(t, "bookings");
	put_int(t, f[0].booked);
	put_int(t, f[1].booked);
	put_change(t, (double)f[0].booked, (double)f[1].booked, 1);
	put(t, "提交 requests submitted");
	put(t, "requests");
	put_int(t, f[0].submitted);
	put_int(t, f[1].submitted);
	put_change(t, (double)f[0].submitted, (double)f[1].submitted, 1);
	/* Cycle per affair, in the forms' order: the median of each quarter,
	 * side by side. */
	for (int i = 0; i < formdef_count(); i++) {
		const form_def *fd = formdef_at(i);
		double med[2] = {0};
		int have[2] = {0};

		for (int c = 0; c < ncyc; c++) {
			if (strcmp(cyc[c].form, fd->id) != 0)
				continue;
			for (int k = 0; k < 2; k++)
				if (cyc[c].v[k].n) {
					/* (each quarter's times came in order) */
					med[k] = median(cyc[c].v[k].v, cyc[c].v[k].n);
					have[k] = 1;
				}
		}
		if (!have[0] && !have[1])
			continue;
		putf(t, "周期 cycle %s (median)", fd->title);
		put(t, "hours");
		put_hours(t, med[0], have[0]);
		put_hours(t, med[1], have[1]);
		put_change(t, med[0], med[1], have[0] && have[1]);
	}
	add_note(r, "quarters: %s is %s..%s, %s is %s..%s", label[0], q[0].from, q[0].to, label[1],
		 q[1].from, q[1].to);
out:
	for (int c = 0; c < ncyc; c++) {
		free(cyc[c].v[0].v);
		free(cyc[c].v[1].v);
	}
	free(cyc);
	return st;
}

/* ---- the inventory count sheet ----------------------------------------- */

af_status report_inventory(const report_opts *o, report *r)
{
	struct scope sc;
	report_table *t;
	db_stmt s;
	int rc;
	af_status st;

	memset(r, 0, sizeof *r);
	r->name = xstrdup("inventory-count");
	r->title = xstrdup("资产盘点表 inventory count sheet");
	st = resolve("inventory-count", REACH_SHEET, o, &sc, r);
	if (st != AF_OK)
		return st;
	if (o->location && db_int(0, "SELECT 1 FROM assets WHERE location = ?1 LIMIT 1", "t", o->location) != 1)
		return af_fail(AF_INVALID, "--location: no assets at '%s'", o->location);
	free(r->scope);
	r->scope = xasprintf("%s%s; as of %s", o->location ? "location " : "all locations",
			     o->location ? o->location : "", sc.today);
	t = add_table(r, NULL, "tag name category location holder booked_status counted note");
	db_prepare(&s, "SELECT a.tag, a.name, a.category, a.location, coalesce(e.name, ''), a.status"
		   " FROM assets a LEFT JOIN employees e ON e.id = a.holder_id"
		   " WHERE a.status <> 'retired' AND (:loc IS NULL OR a.location = :loc)"
		   " ORDER BY a.location, a.tag");
	db_bind_text(&s, ":loc", o->location);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		for (int i = 0; i < 6; i++)
			put(t, db_col_text(&s, i));
		put(t, "");
		put(t, "");
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- running ------------------------------------------------------------ */

static const struct {
	const char *name;
	enum reach reach;
	const char *range_of;  /* what the dates select; NULL: no range */
	af_status (*run)(const struct scope *sc, report *r);
} reports[] = {
	{ "volume", REACH_DEPT, "submitted", rep_volume },
	{ "cycle", REACH_DEPT, "done", rep_cycle },
	{ "steps", REACH_DEPT, "tasks arrived", rep_steps },
	{ "backlog", REACH_DEPT, NULL, rep_backlog },
	{ "utilisation", REACH_DEPT, NULL, rep_utilisation },
	{ "conflicts", REACH_DEPT, "refused", rep_conflicts },
	{ "supplies", REACH_DEPT, "moved", rep_supplies },
	{ "assets", REACH_DEPT, NULL, rep_assets },
	{ "expenses", REACH_MONEY, "paid", rep_expenses },
	{ "seals", REACH_DEPT, "used", rep_seals },
	{ "licences", REACH_DEPT, NULL, rep_licences },
	{ "quarterly", REACH_DEPT, NULL, rep_quarterly },
};

af_status report_run(const char *name, const report_opts *o, report *r)
{
	struct scope sc;
	af_status st;

	memset(r, 0, sizeof *r);
	if (name && strcmp(name, "inventory-count") == 0)
		return report_inventory(o, r);
	for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
		if (!name || strcmp(reports[i].name, name) != 0)
			continue;
		r->name = xstrdup(name);
		for (int k = 0; report_list[k].name; k++)
			if (strcmp(report_list[k].name, name) == 0)
				r->title = xstrdup(report_list[k].title);
		st = resolve(name, reports[i].reach, o, &sc, r);
		if (st != AF_OK)
			return st;
		if (reports[i].range_of)
			scope_range(r, &sc, reports[i].range_of);
		return reports[i].run(&sc, r);
	}
	return af_fail(AF_USAGE, "report: unknown report '%s' (see: adminflow report)", name ? name : "");
}

/* ---- writing ------------------------------------------------------------ */

/* Decodes one UTF-8 character at s (n bytes left) into *cp; returns its
 * length (1 for a stray byte, which becomes U+FFFD). */
static int utf8_next(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int len = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;

	if (len == 0 || (size_t)len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = len == 1 ? u[0] : u[0] & (0x7F >> len);
	for (int i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		*cp = (*cp << 6) | (u[i] & 0x3F);
	}
	return len;
}

/* Columns of one code point: wcwidth when the locale knows it, else the
 * East Asian wide ranges, so the text lines up even under LANG=C. */
static int cp_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);

	if (w >= 0)
		return w;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 1; /* shown as '?' */
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	if ((cp >= 0x300 && cp <= 0x36F) || cp == 0x200B)
		return 0;
	return 1;
}

int report_width(const char *s)
{
	size_t n = strlen(s);
	int w = 0;

	while (n) {
		unsigned cp;
		int len = utf8_next(s, n, &cp);

		w += cp_width(cp);
		s += len;
		n -= (size_t)len;
	}
	return w;
}

/* Writes s in exactly cols columns: cut with '~' when too wide, padded
 * with spaces (on the left when right), control characters as '?'. */
static void put_padded(FILE *out, const char *s, int cols, int right)
{
	int w = report_width(s), used = 0;
	size_t n = strlen(s);

	if (right && w < cols)
		for (int i = w; i < cols; i++)
			fputc(' ', out);
	while (n) {
		unsigned cp;
		int len = utf8_next(s, n, &cp), cw = cp_width(cp);

		if (used + cw > cols || (w > cols && used + cw > cols - 1)) {
			if (used < cols) {
				fputc('~', out);
				used++;
			}
			break;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xFFFD)
			fputc('?', out);
		else
			fwrite(s, 1, (size_t)len, out);
		used += cw;
		s += len;
		n -= (size_t)len;
	}
	if (!right || w >= cols)
		for (; used < cols; used++)
			fputc(' ', out);
}

#define MAX_CELL_COLS 40

static void table_widths(const report_table *t, int *w, int cap)
{
	for (int c = 0; c < t->ncols; c++) {
		w[c] = report_width(t->headers[c]);
		for (int r = 0; r < t->nrows; r++) {
			int cw = report_width(report_cell(t, r, c));

			if (cw > w[c])
				w[c] = cw;
		}
		if (w[c] > cap)
			w[c] = cap;
	}
}

/* One row of cells, two spaces apart, without trailing blanks. */
static void write_row(FILE *out, const report_table *t, const int *w, int row)
{
	int last = t->ncols - 1;

	/* Trailing empty text cells need no padding. */
	while (last > 0 && !*(row < 0 ? t->headers[last] : report_cell(t, row, last)))
		last--;
	for (int c = 0; c <= last; c++) {
		const char *v = row < 0 ? t->headers[c] : report_cell(t, row, c);

		if (c)
			fputs("  ", out);
		put_padded(out, v, c == last && !t->numeric[c] ? (report_width(v) < w[c] ? report_width(v) : w[c]) : w[c],
			   t->numeric[c]);
	}
	fputc('\n', out);
}

void report_write_text(const report *r, FILE *out)
{
	fputs(r->title ? r->title : r->name, out);
	fputc('\n', out);
	if (r->scope)
		fprintf(out, "%s\n", r->scope);
	for (int i = 0; i < r->ntables; i++) {
		const report_table *t = &r->tables[i];
		int *w = xcalloc((size_t)t->ncols, sizeof *w);

		fputc('\n', out);
		if (t->title)
			fprintf(out, "%s\n", t->title);
		table_widths(t, w, MAX_CELL_COLS);
		write_row(out, t, w, -1);
		for (int c = 0; c < t->ncols; c++) {
			if (c)
				fputs("  ", out);
			for (int k = 0; k < w[c]; k++)
				fputc('-', out);
		}
		fputc('\n', out);
		if (t->nrows == 0)
			fputs("(none)\n", out);
		for (int row = 0; row < t->nrows; row++)
			write_row(out, t, w, row);
		free(w);
	}
	if (r->nnotes)
		fputc('\n', out);
	for (int i = 0; i < r->nnotes; i++)
		fprintf(out, "note: %s\n", r->notes[i]);
}

void report_write_csv(const report *r, FILE *out)
{
	csvio_writer w;

	csvio_begin(&w, out);
	for (int i = 0; i < r->ntables; i++) {
		const report_table *t = &r->tables[i];

		if (i)
			csvio_end_row(&w); /* one empty line between tables */
		for (int c = 0; c < t->ncols; c++)
			csvio_text(&w, t->headers[c]);
		csvio_end_row(&w);
		for (int row = 0; row < t->nrows; row++) {
			for (int c = 0; c < t->ncols; c++) {
				const char *v = report_cell(t, row, c);

				/* A total row's label sits in a numeric report's text column. */
				if (t->numeric[c])
					csvio_plain(&w, v);
				else
					csvio_text(&w, v);
			}
			csvio_end_row(&w);
		}
	}
}

/* ---- the printed count sheet ------------------------------------------- */

struct sheet {
	FILE *out;
	const report *r;
	int page, pages, line, width;
	int w[8];
};

/* Shorter than the CSV's, to leave the name its room. */
static const char *const sheet_headers[8] = {
	"tag", "name", "category", "location", "holder", "status", "counted", "note",
};

static void sheet_header(struct sheet *p)
{
	const report_table *t = &p->r->tables[0];
	char right[64];

	if (p->page > 1)
		fputc('\f', p->out);
	snprintf(right, sizeof right, "第 %d/%d 页 page %d of %d", p->page, p->pages, p->page, p->pages);
	{
		int lw = report_width(p->r->title), rw = report_width(right);

		fputs(p->r->title, p->out);
		for (int i = lw + rw; i < p->width; i++)
			fputc(' ', p->out);
		if (lw + rw >= p->width)
			fputc(' ', p->out);
		fprintf(p->out, "%s\n", right);
	}
	fprintf(p->out, "%s\n\n", p->r->scope);
	/* The columns that fit the page; counted and note are blanks to fill. */
	for (int c = 0; c < t->ncols && c < 8; c++) {
		if (c)
			fputc(' ', p->out);
		put_padded(p->out, sheet_headers[c], p->w[c], 0);
	}
	fputc('\n', p->out);
	for (int c = 0; c < t->ncols; c++) {
		if (c)
			fputc(' ', p->out);
		for (int k = 0; k < p->w[c]; k++)
			fputc('-', p->out);
	}
	fputc('\n', p->out);
	p->line = 5;
}

#define SHEET_HEAD 5   /* title, scope, blank, column names, rule */
#define SHEET_FOOT 4   /* blank, two signature lines, total line */

void report_write_pages(const report *r, const report_opts *o, FILE *out, int page_lines, int width)
{
	const report_table *t = &r->tables[0];
	/* tag name category location holder status counted note */
	static const int natural[8] = { 12, 24, 8, 12, 6, 9, 7, 6 };
	struct sheet p = { out, r, 1, 1, 0, width, {0} };
	int per_page = page_lines - SHEET_HEAD, total = 0;

	(void)o; /* the scope line already names the location */

	if (per_page < 1)
		per_page = 1;
	/* Columns: their natural widths, the name column giving or taking
	 * whatever the page width leaves. */
	for (int c = 0; c < 8 && c < t->ncols; c++) {
		p.w[c] = natural[c];
		total += p.w[c] + (c ? 1 : 0);
	}
	p.w[1] += width - total;
	if (p.w[1] < 6)
		p.w[1] = 6;
	/* Pages: the rows, then the signature block on the last page. */
	{
		int lines = t->nrows + SHEET_FOOT;

		p.pages = (lines + per_page - 1) / per_page;
		if (p.pages < 1)
			p.pages = 1;
	}
	sheet_header(&p);
	for (int row = 0; row < t->nrows; row++) {
		if (p.line >= page_lines) {
			p.page++;
			sheet_header(&p);
		}
		for (int c = 0; c < t->ncols; c++) {
			const char *v = report_cell(t, row, c);

			if (c)
				fputc(' ', out);
			if (c == 6 || c == 7) /* counted, note: lines to write on */
				for (int k = 0; k < p.w[c]; k++)
					fputc('_', out);
			else
				put_padded(out, v, p.w[c], 0);
		}
		fputc('\n', out);
		p.line++;
	}
	if (p.line + SHEET_FOOT > page_lines) {
		p.page++;
		sheet_header(&p);
	}
	fprintf(out, "\n共 %d 项 %d items\n", t->nrows, t->nrows);
	fputs("盘点人 counted by: ____________  日期 date: __________\n", out);
	fputs("监盘人 checked by: ____________  日期 date: __________\n", out);
}
