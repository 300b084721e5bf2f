/* Reports from the program's own records; see report.h. Every figure is
 * computed here from the tables the engine and the effects write, so the
 * seed's measures ("reimbursement cycle from 5 days to 2", "booking
 * conflicts down 60%") come out of the same data the screens show. */
#include "autoconf.h"
#include <stdlib.h>
#include "auth.h"
#include "formdef.h"
#include "i18n.h"
#include "report.h"
#include "report_int.h"
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

/* ---- dates ------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_from_days(long z, int *y, int *m, int *d)
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
int weekday(long day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

void format_day(long day, char *buf, size_t len)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

/* "2026-W48": the ISO week of day. */
void iso_week(long day, char *buf, size_t len)
{
	long thursday = day - weekday(day) + 3;
	int y, m, d;

	civil_from_days(thursday, &y, &m, &d);
	snprintf(buf, len, "%04d-W%02d", y % 10000, (int)((thursday - days_from_civil(y, 1, 1)) / 7 + 1) % 100);
}

/* Minutes since the epoch of "YYYY-MM-DD[ HH:MM[:SS]]"; -1 when not one. */
long long parse_minutes(const char *s)
{
	int y, mo, d, h = 0, mi = 0;

	if (sscanf(s, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) < 3)
		return -1;
	return (long long)days_from_civil(y, mo, d) * 1440 + h * 60 + mi;
}

long today_day(void)
{
	char now[32];

	af_format_time(af_now(), now, sizeof now);
	return (long)(parse_minutes(now) / 1440);
}

int is_date(const char *s)
{
	return s && strlen(s) == 10 && db_int(0, "SELECT date(?1, '+0 days') IS ?1", "t", s) == 1;
}

/* ---- who may read what ------------------------------------------------- */

static void bind_opt(db_stmt *s, const char *name, const char *v)
{
	if (s->st && sqlite3_bind_parameter_index(s->st, name) > 0)
		db_bind_text(s, name, v && *v ? v : NULL);
}

/* Binds whichever of :dept :from :until :now :today the statement has. */
void bind_scope(db_stmt *s, const struct scope *sc)
{
	if (s->st && sqlite3_bind_parameter_index(s->st, ":dept") > 0)
		db_bind_int(s, ":dept", sc->dept);
	if (s->st && sqlite3_bind_parameter_index(s->st, ":from") > 0)
		db_bind_text(s, ":from", *sc->from ? sc->from : OPEN_FROM);
	if (s->st && sqlite3_bind_parameter_index(s->st, ":until") > 0)
		db_bind_text(s, ":until", *sc->until ? sc->until : OPEN_UNTIL);
	bind_opt(s, ":now", sc->now);
	bind_opt(s, ":today", sc->today);
}

void set_range(struct scope *sc, const char *from, const char *to)
{
	snprintf(sc->from, sizeof sc->from, "%s", from ? from : "");
	snprintf(sc->to, sizeof sc->to, "%s", to ? to : "");
	sc->until[0] = '\0';
	if (*sc->to) {
		long day = (long)(parse_minutes(sc->to) / 1440) + 1;

		format_day(day, sc->until, sizeof sc->until);
	}
}


/* Decides what the current user may read of a report and fills sc. */
af_status resolve(const char *name, enum reach reach, const report_opts *o, struct scope *sc, report *r)
{
	int64_t want = 0;
	int all = me.system || auth_can("report_all");

	memset(sc, 0, sizeof *sc);
	af_format_time(af_now(), sc->now, sizeof sc->now);
	snprintf(sc->today, sizeof sc->today, "%.10s", sc->now);
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
void scope_range(report *r, const struct scope *sc, const char *what)
{
	char *s;

	if (!*sc->from && !*sc->to)
		s = xasprintf("%s; %s: all dates", r->scope, what);
	else
		s = xasprintf("%s; %s %s..%s", r->scope, what, *sc->from ? sc->from : "", *sc->to ? sc->to : "");
	free(r->scope);
	r->scope = s;
}

void scope_as_of(report *r, const char *when)
{
	char *s = xasprintf("%s; as of %s", r->scope, when);

	free(r->scope);
	r->scope = s;
}

const char *form_title(const char *id)
{
	const form_def *f = formdef_find(id);

	return f ? f->title : id;
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
