/* Reports from the program's own records; see report.h. Every figure is
 * computed here from the tables the engine and the effects write, so the
 * seed's measures ("reimbursement cycle from 5 days to 2", "booking
 * conflicts down 60%") come out of the same data the screens show. */
#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "formdef.h"
#include "i18n.h"
#include "report.h"
#include "report_int.h"
#include "config.h"
#include "util.h"


/* ---- dates ------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
long report_days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void report_civil_from_days(long z, int *y, int *m, int *d)
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
int report_weekday(long day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

void report_format_day(long day, char *buf, size_t len)
{
	int y, m, d;

	report_civil_from_days(day, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

/* "2026-W48": the ISO week of day. */
void report_iso_week(long day, char *buf, size_t len)
{
	long thursday = day - report_weekday(day) + 3;
	int y, m, d;

	report_civil_from_days(thursday, &y, &m, &d);
	snprintf(buf, len, "%04d-W%02d", y % 10000, (int)((thursday - report_days_from_civil(y, 1, 1)) / 7 + 1) % 100);
}

/* Minutes since the epoch of "YYYY-MM-DD[ HH:MM[:SS]]"; -1 when not one. */
long long report_parse_minutes(const char *s)
{
	int y, mo, d, h = 0, mi = 0;

	if (sscanf(s, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) < 3)
		return -1;
	return (long long)report_days_from_civil(y, mo, d) * 1440 + h * 60 + mi;
}

long report_today_day(void)
{
	char today[11];

	tz_today(today, sizeof today); /* the company's day */
	return (long)(report_parse_minutes(today) / 1440);
}

int report_is_date(const char *s)
{
	return db_is_date(s);
}

/* ---- who may read what ------------------------------------------------- */

static void bind_opt(db_stmt *s, const char *name, const char *v)
{
	if (s->st && sqlite3_bind_parameter_index(s->st, name) > 0)
		db_bind_text(s, name, v && *v ? v : NULL);
}

/* Binds whichever of :dept :from :until :loc :now :today :mid :rows :serves_ROLE the statement has. */
void report_bind_scope(db_stmt *s, const struct report_scope *sc)
{
	if (s->st && sqlite3_bind_parameter_index(s->st, ":dept") > 0)
		db_bind_int(s, ":dept", sc->dept);
	if (s->st && sqlite3_bind_parameter_index(s->st, ":from") > 0)
		db_bind_text(s, ":from", *sc->from_at ? sc->from_at : OPEN_FROM);
	if (s->st && sqlite3_bind_parameter_index(s->st, ":until") > 0)
		db_bind_text(s, ":until", *sc->until_at ? sc->until_at : OPEN_UNTIL);
	if (s->st && sqlite3_bind_parameter_index(s->st, ":loc") > 0)
		db_bind_text(s, ":loc", sc->location);
	bind_opt(s, ":now", sc->now);
	bind_opt(s, ":today", sc->today);
	if (s->st && sqlite3_bind_parameter_index(s->st, ":mid") > 0)
		db_bind_text(s, ":mid", sc->mid);
	if (s->st && sqlite3_bind_parameter_index(s->st, ":rows") > 0)
		db_bind_text(s, ":rows", sc->rows ? sc->rows : "[]");
	/* :serves_ROLE: the forms that say they serve ROLE; no form id in C. */
	for (int i = 1; s->st && i <= sqlite3_bind_parameter_count(s->st); i++) {
		const char *name = sqlite3_bind_parameter_name(s->st, i);

		if (name && !strncmp(name, ":serves_", 8)) {
			char *ids = formdef_serving_ids(name + 8);

			db_bind_text(s, name, ids);
			free(ids);
		}
	}
}

void report_set_range(struct report_scope *sc, const char *from, const char *to)
{
	snprintf(sc->from, sizeof sc->from, "%s", from ? from : "");
	snprintf(sc->to, sizeof sc->to, "%s", to ? to : "");
	sc->until[0] = '\0';
	if (*sc->to) {
		long day = (long)(report_parse_minutes(sc->to) / 1440) + 1;

		report_format_day(day, sc->until, sizeof sc->until);
	}
	/* Days are the company's: they begin at its midnight, which is some
	 * other hour in UTC. */
	sc->from_at[0] = sc->until_at[0] = '\0';
	if (*sc->from)
		af_format_time(tz_day_start(sc->from), sc->from_at, sizeof sc->from_at);
	if (*sc->until)
		af_format_time(tz_day_start(sc->until), sc->until_at, sizeof sc->until_at);
}


/* Decides what the current user may read of a report and fills sc. */
af_status report_resolve(const char *name, enum report_reach reach, const char *kept_by, const report_opts *o,
			 struct report_scope *sc, report *r)
{
	int64_t want = 0;
	/* The keepers read what they keep whole: the fleet keeper the vehicle
	 * log, the asset keeper the assets. */
	int all = me.system || auth_can("report_all") || (kept_by && auth_can(kept_by));

	memset(sc, 0, sizeof *sc);
	af_format_time(af_now(), sc->now, sizeof sc->now);
	tz_today(sc->today, sizeof sc->today);
	if (o->from && !report_is_date(o->from))
		return af_fail(AF_INVALID, "--from: '%s' is not a date (YYYY-MM-DD)", o->from);
	if (o->to && !report_is_date(o->to))
		return af_fail(AF_INVALID, "--to: '%s' is not a date (YYYY-MM-DD)", o->to);
	if (o->from && o->to && strcmp(o->from, o->to) > 0)
		return af_fail(AF_INVALID, "--to: %s is before --from %s", o->to, o->from);
	report_set_range(sc, o->from, o->to);
	sc->location = o->location;
	if (o->department) {
		want = db_int(0, "SELECT id FROM departments WHERE code = ?1", "t", o->department);
		if (!want)
			return af_fail(AF_INVALID, "--department: no department '%s'", o->department);
	}
	if (reach == REPORT_REACH_SHEET) {
		if (!all && !auth_can("export"))
			return af_fail(AF_DENIED, "report %s: you need the report_all or export permission", name);
	} else if (all || (reach == REPORT_REACH_MONEY && auth_can("report_money"))) {
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
			       reach == REPORT_REACH_MONEY ? "report_all, report_department or report_money"
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
void report_scope_range(report *r, const struct report_scope *sc, const char *what)
{
	char *s;

	if (!*sc->from && !*sc->to)
		s = xasprintf("%s; %s: all dates", r->scope, what);
	else
		s = xasprintf("%s; %s %s..%s", r->scope, what, *sc->from ? sc->from : "", *sc->to ? sc->to : "");
	free(r->scope);
	r->scope = s;
}

void report_scope_as_of(report *r, const char *when)
{
	char *s = xasprintf("%s; as of %s", r->scope, when);

	free(r->scope);
	r->scope = s;
}

const char *report_form_title(const char *id)
{
	const form_def *f = formdef_find(id);

	return f ? f->title : id;
}

/* ---- the one loop that fills a table ----------------------------------- */

af_status report_fill(report_table *t, const struct report_scope *sc, const char *sql, const char *cols,
		      int64_t *sums)
{
	db_stmt s;
	int rc;

	db_prepare(&s, sql);
	report_bind_scope(&s, sc);
	if (s.st && sqlite3_bind_parameter_index(s.st, ":after1") > 0) {
		const char *k1 = strchr(cols, 'k'), *k2 = k1 ? strchr(k1 + 1, 'k') : NULL;

		db_bind_text(&s, ":after1", "");
		if (k2)
			db_bind_text(&s, ":after2", "");
		db_slice(&s, (int)(k1 - cols), k2 ? (int)(k2 - cols) : -1);
	}
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		for (int i = 0; cols[i]; i++) {
			switch (cols[i]) {
			case 'k': continue;
			case 'i': report_put_int(t, db_col_int(&s, i)); break;
			case 'm': report_put_money(t, db_col_int(&s, i)); break;
			case 'a': report_put(t, report_form_title(db_col_text(&s, i))); break;
			default: report_put(t, db_col_text(&s, i)); break;
			}
			if (sums && (cols[i] == 'i' || cols[i] == 'm'))
				sums[i] += db_col_int(&s, i);
		}
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

void report_put_total(report_table *t, const char *cols, const int64_t *sums, int label_col)
{
	if (!t->nrows)
		return;
	for (int i = 0; cols[i]; i++) {
		if (i == label_col)
			report_put_total_label(t);
		else if (cols[i] == 'i')
			report_put_int(t, sums[i]);
		else if (cols[i] == 'm')
			report_put_money(t, sums[i]);
		else
			report_put(t, "");
	}
}

af_status report_fill_total(report_table *t, const struct report_scope *sc, const char *sql, const char *cols)
{
	int64_t *sums = xcalloc(strlen(cols) + 1, sizeof *sums);
	af_status st = report_fill(t, sc, sql, cols, sums);

	if (st == AF_OK)
		report_put_total(t, cols, sums, 0);
	free(sums);
	return st;
}

/* ---- the one loop that reads rows -------------------------------------- */

af_status report_each(const struct report_scope *sc, const char *sql, report_row_fn fn, void *ctx)
{
	return report_each_with(sc, sql, NULL, fn, ctx);
}

af_status report_each_with(const struct report_scope *sc, const char *sql, const struct report_param *params,
			   report_row_fn fn, void *ctx)
{
	db_stmt s;
	int rc;

	db_prepare(&s, sql);
	report_bind_scope(&s, sc);
	for (; params && params->name; params++)
		db_bind_text(&s, params->name, params->text);
	while ((rc = db_step(&s)) == SQLITE_ROW)
		fn(&s, ctx);
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- long reads in windows of time ------------------------------------ */

/* The scope w with its stored bounds lo..hi ("" for an open end). */
static void window_scope(struct report_scope *w, const struct report_scope *sc, const char *lo, const char *hi)
{
	*w = *sc;
	snprintf(w->from_at, sizeof w->from_at, "%s", lo);
	snprintf(w->until_at, sizeof w->until_at, "%s", hi);
}

static void minutes_at(long long m, char *buf, size_t len)
{
	af_format_time((time_t)(m * 60), buf, len);
}

af_status report_windows(const struct report_scope *sc, const char *bounds_sql, report_window_fn fn, void *ctx)
{
	struct report_scope w;
	char lo[20], hi[20];
	long long start = -1, end = -1, width = 1440;
	int64_t target = cfg.read_slice / 2 > 5 ? cfg.read_slice / 2 : 5;
	db_stmt s;
	int rc;

	/* Where the rows begin and end when the range leaves it open: the
	 * windows cover that much; the first and last window keep the open
	 * end, so that nothing outside falls between two windows. */
	db_prepare(&s, bounds_sql);
	if ((rc = db_step(&s)) == SQLITE_ROW) {
		start = *sc->from_at ? report_parse_minutes(sc->from_at) : report_parse_minutes(db_col_text(&s, 0));
		end = *sc->until_at ? report_parse_minutes(sc->until_at) : report_parse_minutes(db_col_text(&s, 1)) + 1;
	}
	db_done(&s);
	if (rc != SQLITE_ROW)
		return db_fail();
	if (start < 0 || end <= start)
		return fn(sc, ctx); /* no rows, or a range of no time: one read */
	snprintf(lo, sizeof lo, "%s", sc->from_at);
	for (long long pos = start;;) {
		long long next = pos + width;
		int64_t t0 = af_mono_ms(), took;
		int warm = db_in_read();
		af_status st;

		if (next >= end)
			snprintf(hi, sizeof hi, "%s", sc->until_at);
		else
			minutes_at(next, hi, sizeof hi);
		window_scope(&w, sc, lo, hi);
		if ((st = fn(&w, ctx)) != AF_OK)
			return st;
		if (next >= end)
			return AF_OK;
		/* Let go of the file once the read has held it read_slice ms. */
		db_read_pause();
		/* The next window as wide as should take about half the slice:
		 * four times as wide after a quick one; narrower after a slow
		 * one, unless it began the read, whose time is then the share's
		 * round trips for the locks, which a narrower window keeps. */
		took = af_mono_ms() - t0;
		if (took * 4 < target)
			width *= 4;
		else if (took > target && warm)
			width = width * target / took > width / 4 ? width * target / took : width / 4;
		if (width < 1)
			width = 1;
		pos = next;
		snprintf(lo, sizeof lo, "%s", hi);
	}
}

struct each_window {
	const char *sql;
	report_row_fn fn;
	void *ctx;
};

static af_status each_window(const struct report_scope *w, void *ctx)
{
	struct each_window *e = ctx;

	return report_each(w, e->sql, e->fn, e->ctx);
}

af_status report_windows_each(const struct report_scope *sc, const char *bounds_sql, const char *sql,
			      report_row_fn fn, void *ctx)
{
	struct each_window e = { sql, fn, ctx };

	return report_windows(sc, bounds_sql, each_window, &e);
}

struct gather {
	const char *sql;
	strbuf rows;
};

static af_status gather_window(const struct report_scope *w, void *ctx)
{
	struct gather *g = ctx;
	db_stmt s;
	int rc;

	db_prepare(&s, g->sql);
	report_bind_scope(&s, w);
	if ((rc = db_step(&s)) == SQLITE_ROW) {
		const char *a = db_col_text(&s, 0);
		size_t n = strlen(a);

		/* "[r1,r2]": its rows, after those of the windows before */
		if (n > 2 && a[0] == '[' && a[n - 1] == ']') {
			sb_puts(&g->rows, g->rows.len > 1 ? "," : "");
			sb_add(&g->rows, a + 1, n - 2);
		}
	}
	db_done(&s);
	return rc == SQLITE_ROW ? AF_OK : db_fail();
}

af_status report_gather(const struct report_scope *sc, const char *bounds_sql, const char *sql, char **rows)
{
	struct gather g = { sql, {0} };
	af_status st;

	sb_puts(&g.rows, "[");
	st = report_windows(sc, bounds_sql, gather_window, &g);
	sb_puts(&g.rows, "]");
	*rows = sb_take(&g.rows);
	return st;
}

af_status report_gather_fill(report_table *t, const struct report_scope *sc, const char *bounds_sql,
			     const char *gather_sql, const char *sql, const char *cols, int total)
{
	struct report_scope all = *sc;
	char *rows;
	af_status st = report_gather(sc, bounds_sql, gather_sql, &rows);

	all.rows = rows;
	if (st == AF_OK)
		st = total ? report_fill_total(t, &all, sql, cols) : report_fill(t, &all, sql, cols, NULL);
	free(rows);
	return st;
}

/* ---- groups of rows, found by their key -------------------------------- */

static uint64_t key_hash(const char *k)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	return h;
}

struct report_group *report_groups_get(struct report_groups *gs, const char *key)
{
	size_t i;

	if ((size_t)(gs->n + 1) * 2 > gs->nslot) {
		size_t ns = gs->nslot ? gs->nslot * 2 : 64;

		free(gs->slot);
		gs->slot = xcalloc(ns, sizeof *gs->slot);
		gs->nslot = ns;
		for (int g = 0; g < gs->n; g++) {
			for (i = key_hash(gs->g[g].key) & (ns - 1); gs->slot[i]; i = (i + 1) & (ns - 1))
				;
			gs->slot[i] = g + 1;
		}
	}
	for (i = key_hash(key) & (gs->nslot - 1); gs->slot[i]; i = (i + 1) & (gs->nslot - 1))
		if (strcmp(gs->g[gs->slot[i] - 1].key, key) == 0)
			return &gs->g[gs->slot[i] - 1];
	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? gs->cap * 2 : 32;
		gs->g = xrealloc(gs->g, (size_t)gs->cap * sizeof *gs->g);
	}
	memset(&gs->g[gs->n], 0, sizeof *gs->g);
	gs->g[gs->n].key = xstrdup(key);
	gs->slot[i] = ++gs->n;
	return &gs->g[gs->n - 1];
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct report_group *)a)->key, ((const struct report_group *)b)->key);
}

void report_groups_sort(struct report_groups *gs)
{
	if (gs->n > 1) /* none: g is NULL, which qsort may not be given */
		qsort(gs->g, (size_t)gs->n, sizeof *gs->g, cmp_group);
	free(gs->slot); /* the slots point at the old order */
	gs->slot = NULL;
	gs->nslot = 0;
}

void report_groups_free(struct report_groups *gs)
{
	for (int g = 0; g < gs->n; g++) {
		free(gs->g[g].key);
		free(gs->g[g].label);
		free(gs->g[g].v.v);
	}
	free(gs->g);
	free(gs->slot);
	memset(gs, 0, sizeof *gs);
}

const char *report_group_part(const struct report_group *g, int i, char *buf, size_t len)
{
	const char *p = g->key, *e;

	for (; i > 0 && p; i--)
		p = (p = strchr(p, '\x1f')) ? p + 1 : NULL;
	if (!p)
		p = "";
	e = strchr(p, '\x1f');
	snprintf(buf, len, "%.*s", e ? (int)(e - p) : (int)strlen(p), p);
	return buf;
}

/* ---- running ------------------------------------------------------------ */

/* Titles and table titles are English here and on the command line; the
 * reports screen shows their translations (N_ marks them for po/). */
const report_info report_list[] = {
	{ "volume", N_("volume by affair, month"), REPORT_REACH_DEPT, NULL, "submitted", rep_volume },
	{ "cycle", N_("cycle time per affair"), REPORT_REACH_DEPT, NULL, "done", rep_cycle },
	{ "steps", N_("step response times"), REPORT_REACH_DEPT, NULL, "tasks arrived", rep_steps },
	{ "backlog", N_("backlog by step and age"), REPORT_REACH_DEPT, NULL, NULL, rep_backlog },
	{ "utilisation", N_("room and vehicle use"), REPORT_REACH_DEPT, "manage_resources", NULL, rep_utilisation },
	{ "conflicts", N_("booking conflicts"), REPORT_REACH_DEPT, "manage_resources", "refused", rep_conflicts },
	{ "supplies", N_("supplies used, reorder"), REPORT_REACH_DEPT, "manage_stock", "moved", rep_supplies },
	{ "assets", N_("assets by status, place"), REPORT_REACH_DEPT, "manage_assets", NULL, rep_assets },
	{ "expenses", N_("expenses, reimbursement"), REPORT_REACH_MONEY, NULL, "paid", rep_expenses },
	{ "unpaid", N_("approved, not yet paid"), REPORT_REACH_MONEY, NULL, NULL, rep_unpaid },
	{ "budget", N_("budgets: spent, under way, left"), REPORT_REACH_MONEY, NULL, NULL, rep_budget },
	{ "vehicle-log", N_("vehicle log: trips, km, costs"), REPORT_REACH_DEPT, "manage_resources", "set out", rep_vehicle_log },
	{ "seals", N_("seal usage"), REPORT_REACH_DEPT, "manage_seals", "used", rep_seals },
	{ "licences", N_("licences, days to expiry"), REPORT_REACH_DEPT, NULL, NULL, rep_licences },
	{ "quarterly", N_("quarterly operations"), REPORT_REACH_DEPT, NULL, NULL, rep_quarterly },
	{ "inventory-count", N_("inventory count sheet"), REPORT_REACH_SHEET, NULL, NULL, rep_inventory },
	{ "supplies-count", N_("supplies count sheet"), REPORT_REACH_SHEET, NULL, NULL, rep_supplies_count },
	{ "depreciation", N_("asset depreciation, book value"), REPORT_REACH_MONEY, NULL, NULL, rep_depreciation },
	{ NULL, NULL, 0, NULL, NULL, NULL },
};

af_status report_run(const char *name, const report_opts *o, report *r)
{
	struct report_scope sc;
	af_status st;

	memset(r, 0, sizeof *r);
	for (const report_info *ri = report_list; ri->name; ri++) {
		if (!name || strcmp(ri->name, name) != 0)
			continue;
		r->name = xstrdup(name);
		r->title = xstrdup(ri->title);
		st = report_resolve(name, ri->reach, ri->kept_by, o, &sc, r);
		if (st != AF_OK)
			return st;
		if (ri->range_of)
			report_scope_range(r, &sc, ri->range_of);
		return ri->run(&sc, r);
	}
	return af_fail(AF_USAGE, "report: unknown report '%s' (see: adminflow report)", name ? name : "");
}
