/* The workflow reports: volume, cycle time, step response times, backlog,
 * and the quarterly figures. */
#include "autoconf.h"
#include <stdlib.h>
#include "formdef.h"
#include "i18n.h"
#include "report.h"
#include "report_int.h"
#include "util.h"

/* ---- volume ------------------------------------------------------------ */

/* Requests, by affair and month, a window at a time (report_windows). */
#define VOLUME_SQL "SELECT r.form, strftime('%Y-%m', r.created_at, 'localtime'), count(*), sum(r.state = 'done')," \
	" sum(r.state = 'rejected'), sum(r.state IN ('withdrawn', 'cancelled'))," \
	" sum(r.state IN ('pending', 'returned', 'approved'))" \
	" FROM requests r JOIN employees e ON e.id = r.applicant_id" \
	" WHERE r.form IN " ANY_FORM " AND r.state <> 'draft' AND " IN_RANGE("r.created_at") \
	" AND " IN_DEPT("e.department_id") " GROUP BY 1, 2"

static void volume_row(db_stmt *s, void *ctx)
{
	struct report_group *g;
	char key[160];

	snprintf(key, sizeof key, "%s\x1f%s", db_col_text(s, 0), db_col_text(s, 1));
	g = report_groups_get(ctx, key);
	for (int i = 0; i < 5; i++)
		g->n[i] += db_col_int(s, 2 + i);
}

/* The first and last submission, affair by affair through requests_form. */
#define CREATED_BOUNDS "SELECT min(lo), max(hi) FROM (SELECT (SELECT min(created_at) FROM requests" \
	" WHERE form = f.form) lo, (SELECT max(created_at) FROM requests WHERE form = f.form) hi FROM " ANY_FORM " f)"

static int cmp_totals(const void *a, const void *b)
{
	const struct report_group *x = a, *y = b;

	if (x->n[0] != y->n[0])
		return x->n[0] > y->n[0] ? -1 : 1;
	return strcmp(x->key, y->key);
}

af_status rep_volume(const struct report_scope *sc, report *r)
{
	report_table *t = report_add_table(r, NULL, "form affair month #submitted #done #rejected #withdrawn #open");
	struct report_groups gs = {0}, totals = {0};
	int64_t sum[8] = {0};
	char form[128], month[16];
	af_status st;

	st = report_windows_each(sc, CREATED_BOUNDS, VOLUME_SQL, volume_row, &gs);
	if (st != AF_OK)
		goto out;
	report_groups_sort(&gs);
	for (int i = 0; i < gs.n; i++) {
		struct report_group *g = &gs.g[i], *f;

		report_group_part(g, 0, form, sizeof form);
		report_put(t, form);
		report_put(t, report_form_title(form));
		report_put(t, report_group_part(g, 1, month, sizeof month));
		for (int k = 0; k < 5; k++) {
			report_put_int(t, g->n[k]);
			sum[3 + k] += g->n[k];
		}
		f = report_groups_get(&totals, form);
		f->n[0] += g->n[0];
		f->n[1] += g->n[1];
	}
	report_put_total(t, "tatiiiii", sum, 1);
	/* Totals by affair, the most submitted first. */
	if (totals.n > 1) /* none: g is NULL, which qsort may not be given */
		qsort(totals.g, (size_t)totals.n, sizeof *totals.g, cmp_totals);
	t = report_add_table(r, N_("totals by affair"), "form affair #submitted #done");
	for (int i = 0; i < totals.n; i++) {
		report_put(t, totals.g[i].key);
		report_put(t, report_form_title(totals.g[i].key));
		report_put_int(t, totals.g[i].n[0]);
		report_put_int(t, totals.g[i].n[1]);
	}
out:
	report_groups_free(&gs);
	report_groups_free(&totals);
	return st;
}

/* ---- cycle -------------------------------------------------------------- */

/* Requests done: their hours from submission to done, by affair and by
 * month, a window at a time. */
struct cycle_groups {
	struct report_groups form, month;
};

#define CYCLE_SQL "SELECT r.form, strftime('%Y-%m', r.done_at, 'localtime')," \
	" (julianday(r.done_at) - julianday(r.created_at)) * 24" \
	" FROM requests r JOIN employees e ON e.id = r.applicant_id" \
	" WHERE +r.state = 'done' AND " IN_RANGE("r.done_at") \
	" AND " IN_DEPT("e.department_id")

static void cycle_row(db_stmt *s, void *ctx)
{
	struct cycle_groups *c = ctx;
	double h = sqlite3_column_double(s->st, 2);

	stats_add(&report_groups_get(&c->form, db_col_text(s, 0))->v, h);
	stats_add(&report_groups_get(&c->month, db_col_text(s, 1))->v, h);
}

#define DONE_BOUNDS "SELECT (SELECT min(done_at) FROM requests WHERE done_at IS NOT NULL)," \
	" (SELECT max(done_at) FROM requests WHERE done_at IS NOT NULL)"

/* A row a group: its count, median and 90th percentile, and for affairs
 * (by_form) the affair's title and the mean too. */
static void put_hours(report_table *t, struct report_groups *gs, int by_form)
{
	report_groups_sort(gs);
	for (int i = 0; i < gs->n; i++) {
		stats_values *v = &gs->g[i].v;

		stats_sort(v);
		report_put(t, gs->g[i].key);
		if (by_form)
			report_put(t, report_form_title(gs->g[i].key));
		report_put_int(t, v->n);
		report_put_hours(t, stats_median(v->v, v->n), 1);
		report_put_hours(t, stats_p90(v->v, v->n), 1);
		if (by_form)
			report_put_hours(t, stats_mean(v->v, v->n), 1);
	}
}

/* Per affair, then the trend: every affair's requests done each month
 * (the screen draws the medians as a line). */
af_status rep_cycle(const struct report_scope *sc, report *r)
{
	struct cycle_groups c = {{0}, {0}};
	report_table *t = report_add_table(r, NULL, "form affair #done #median_h #p90_h #mean_h");
	af_status st = report_windows_each(sc, DONE_BOUNDS, CYCLE_SQL, cycle_row, &c);

	if (st == AF_OK) {
		put_hours(t, &c.form, 1);
		put_hours(report_add_table(r, N_("cycle time by month"), "month #done #median_h #p90_h"), &c.month, 0);
	}
	report_groups_free(&c.form);
	report_groups_free(&c.month);
	return st;
}

/* ---- steps -------------------------------------------------------------- */

/* Tasks handled by their approver, and those still waiting past their
 * deadline (a miss already), a window of their arrival at a time. Tasks
 * the engine settled itself because the approver had approved the
 * previous step are no response at all. The tasks are found by their date
 * through tasks_created: the "+" keeps SQLite from going through every
 * task of those states instead (tasks_due), which made one day as slow as
 * a month. A group: the affair, the step (its position, title), the
 * approver; n[0] tasks, n[1] with a time limit, n[2] missed it. */
#define STEPS_SQL "SELECT r.form, s.pos, s.title, a.login, a.name, t.acted_at IS NOT NULL," \
	" (julianday(coalesce(t.acted_at, :now)) - julianday(t.created_at)) * 24," \
	" t.due_at IS NOT NULL, t.due_at IS NOT NULL AND coalesce(t.acted_at, :now) > t.due_at" \
	" FROM tasks t JOIN steps s ON s.id = t.step_id JOIN requests r ON r.id = t.request_id" \
	" JOIN employees a ON a.id = t.assignee_id JOIN employees e ON e.id = r.applicant_id" \
	" WHERE " IN_RANGE("t.created_at") " AND " IN_DEPT("e.department_id") \
	" AND ((t.acted_at IS NOT NULL AND +t.state IN ('approved', 'rejected', 'returned', 'transferred'))" \
	"      OR (+t.state = 'pending' AND +t.due_at < :now))" \
	" AND NOT EXISTS (SELECT 1 FROM actions x WHERE x.task_id = t.id AND x.action = 'asked-once')"

static void steps_row(db_stmt *s, void *ctx)
{
	struct report_group *g;
	char key[512];

	snprintf(key, sizeof key, "%s\x1f%010lld\x1f%s\x1f%s", db_col_text(s, 0),
		 (long long)db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3));
	g = report_groups_get(ctx, key);
	if (!g->label)
		g->label = xstrdup(db_col_text(s, 4));
	g->n[0]++;
	if (db_col_int(s, 5))
		stats_add(&g->v, sqlite3_column_double(s->st, 6));
	g->n[1] += db_col_int(s, 7);
	g->n[2] += db_col_int(s, 8);
}

#define TASK_BOUNDS "SELECT (SELECT min(created_at) FROM tasks), (SELECT max(created_at) FROM tasks)"

af_status rep_steps(const struct report_scope *sc, report *r)
{
	report_table *t = report_add_table(r, NULL, "form step approver #handled #median_h #p90_h #with_limit #missed #missed_pct");
	struct report_groups gs = {0};
	char part[256];
	af_status st = report_windows_each(sc, TASK_BOUNDS, STEPS_SQL, steps_row, &gs);

	if (st == AF_OK) {
		report_groups_sort(&gs);
		for (int i = 0; i < gs.n; i++) {
			struct report_group *g = &gs.g[i];
			stats_values *v = &g->v;

			stats_sort(v);
			report_put(t, report_group_part(g, 0, part, sizeof part));
			report_put(t, report_group_part(g, 2, part, sizeof part));
			report_put(t, g->label);
			report_put_int(t, v->n);
			report_put_hours(t, v->n ? stats_median(v->v, v->n) : 0, v->n > 0);
			report_put_hours(t, v->n ? stats_p90(v->v, v->n) : 0, v->n > 0);
			report_put_int(t, g->n[1]);
			report_put_int(t, g->n[2]);
			if (g->n[1])
				report_putf(t, "%.1f", 100.0 * (double)g->n[2] / (double)g->n[1]);
			else
				report_put(t, "");
		}
	}
	report_groups_free(&gs);
	report_note(r, "handled: tasks acted on; times from the task's arrival to the action, in hours;"
		 " missed counts tasks acted on after their deadline and tasks still waiting past it");
	return st;
}

/* ---- backlog ------------------------------------------------------------ */

/* A group of rows in order (an affair's step): its count, ages in four
 * bands, how many are overdue and the oldest, put as a row when the next
 * group begins and at the end. */
struct backlog {
	report_table *t;
	char form[128], step[128];
	int64_t n, b[4], overdue;
	double oldest;
};

static void backlog_put(struct backlog *k)
{
	if (!k->n)
		return;
	report_put(k->t, k->form);
	report_put(k->t, k->step);
	report_put_int(k->t, k->n);
	for (int i = 0; i < 4; i++)
		report_put_int(k->t, k->b[i]);
	report_put_int(k->t, k->overdue);
	report_putf(k->t, "%.1f", k->oldest);
	k->n = k->overdue = 0;
	memset(k->b, 0, sizeof k->b);
	k->oldest = 0;
}

static void backlog_row(db_stmt *s, void *ctx)
{
	struct backlog *k = ctx;
	double age = sqlite3_column_double(s->st, 2);

	if (strcmp(k->form, db_col_text(s, 0)) != 0 || strcmp(k->step, db_col_text(s, 1)) != 0)
		backlog_put(k);
	snprintf(k->form, sizeof k->form, "%s", db_col_text(s, 0));
	snprintf(k->step, sizeof k->step, "%s", db_col_text(s, 1));
	k->n++;
	k->b[age < 1 ? 0 : age < 3 ? 1 : age < 7 ? 2 : 3]++;
	k->overdue += db_col_int(s, 3);
	if (age > k->oldest)
		k->oldest = age;
}

/* A pending request waits at its current step since the earliest of the
 * step's pending tasks; a returned one waits on its applicant. */
#define BACKLOG_SQL "SELECT form, step, age, overdue FROM (" \
	" SELECT r.form, s.pos, s.title step, julianday(:now) - julianday(min(t.created_at)) age," \
	"  max(t.due_at IS NOT NULL AND t.due_at < :now) overdue" \
	" FROM requests r JOIN steps s ON s.id = r.current_step" \
	" JOIN tasks t ON t.step_id = s.id AND t.state = 'pending'" \
	" JOIN employees e ON e.id = r.applicant_id" \
	" WHERE r.state = 'pending' AND " IN_DEPT("e.department_id") " GROUP BY r.id" \
	" UNION ALL SELECT r.form, 1000, '退回申请人 returned to applicant'," \
	"  julianday(:now) - julianday(r.updated_at), 0" \
	" FROM requests r JOIN employees e ON e.id = r.applicant_id" \
	" WHERE r.state = 'returned' AND " IN_DEPT("e.department_id") \
	") ORDER BY form, pos, step, age"

af_status rep_backlog(const struct report_scope *sc, report *r)
{
	struct backlog k = { .t = report_add_table(r, NULL, "form step #pending #under_1d #d1_3 #d3_7 #over_7d #overdue #oldest_days") };
	af_status st = report_each(sc, BACKLOG_SQL, backlog_row, &k);

	if (st == AF_OK)
		backlog_put(&k);
	report_scope_as_of(r, sc->now);
	report_note(r, "ages in days since the request reached the step: under 1, 1 to 3, 3 to 7, 7 or more");
	return st;
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
	stats_values v[2];
};

/* Counts for both quarters at once: the statement's columns 0 and 1 are
 * the last and this quarter's figure (and 2 and 3, when two), added up
 * window by window (report_windows_each); :mid is where this quarter begins. */
static void quarter_count_row(db_stmt *s, void *ctx)
{
	int64_t *out = ctx;

	for (int i = 0; i < sqlite3_column_count(s->st) && i < 4; i++)
		out[i] += db_col_int(s, i);
}

/* The quarters' range is never open: no first and last row to look up. */
#define NO_BOUNDS "SELECT NULL, NULL"

static af_status quarter_counts(const char *sql, const struct report_scope *both, int64_t out[4])
{
	memset(out, 0, 4 * sizeof *out);
	return report_windows_each(both, NO_BOUNDS, sql, quarter_count_row, out);
}

/* Cycle times, by affair and quarter. */
struct quarter_cycles {
	struct quarter_cycle **cyc;
	int *ncyc;
};

static void quarter_cycle_row(db_stmt *s, void *ctx)
{
	struct quarter_cycles *c = ctx;
	const char *form = db_col_text(s, 0);
	int k = 0;

	while (k < *c->ncyc && strcmp((*c->cyc)[k].form, form) != 0)
		k++;
	if (k == *c->ncyc) {
		*c->cyc = xrealloc(*c->cyc, (size_t)(*c->ncyc + 1) * sizeof **c->cyc);
		memset(&(*c->cyc)[k], 0, sizeof **c->cyc);
		snprintf((*c->cyc)[k].form, sizeof (*c->cyc)[k].form, "%s", form);
		(*c->ncyc)++;
	}
	stats_add(&(*c->cyc)[k].v[db_col_int(s, 1) ? 1 : 0], sqlite3_column_double(s->st, 2));
}

#define QUARTER_CYCLE_SQL "SELECT r.form, r.done_at >= :mid, (julianday(r.done_at) - julianday(r.created_at)) * 24" \
	" FROM requests r JOIN employees e ON e.id = r.applicant_id" \
	" WHERE +r.state = 'done' AND " IN_RANGE("r.done_at") " AND " IN_DEPT("e.department_id")

/* The figures of the two quarters q[0] (last) and q[1] (this), each
 * statement reading both quarters at once through the index on its date,
 * and the cycle times of every affair in one statement. */
static af_status quarter_figures(const struct report_scope q[2], struct quarter_figures f[2], struct quarter_cycle **cyc,
				 int *ncyc)
{
	struct report_scope both = q[0];
	int64_t n[4];
	af_status st;

	memset(f, 0, 2 * sizeof *f);
	snprintf(both.to, sizeof both.to, "%s", q[1].to);
	snprintf(both.until, sizeof both.until, "%s", q[1].until);
	snprintf(both.until_at, sizeof both.until_at, "%s", q[1].until_at);
	both.mid = q[1].from_at;
	for (int k = 0; k < 2; k++) {
		stats_values v = {0};

		st = report_expense_cycle(&q[k], &v);
		f[k].expense_n = v.n;
		f[k].expense_mean_days = v.n ? stats_mean(v.v, v.n) / 24 : 0;
		free(v.v);
		if (st != AF_OK)
			return st;
	}
	if ((st = quarter_counts("SELECT coalesce(sum(a.at < :mid), 0), coalesce(sum(a.at >= :mid), 0)"
				 " FROM audit a LEFT JOIN employees e ON e.login = " AUDIT_LOGIN
				 " WHERE a.action = 'booking_refused' AND " IN_RANGE("a.at")
				 " AND (:dept = 0 OR " IN_DEPT("e.department_id") ")", &both, n)) != AF_OK)
		return st;
	f[0].refused = n[0];
	f[1].refused = n[1];
	if ((st = quarter_counts("SELECT coalesce(sum(b.starts_at < :mid), 0), coalesce(sum(b.starts_at >= :mid), 0)"
				 " FROM bookings b JOIN employees e ON e.id = b.booked_by"
				 " WHERE b.state = 'confirmed' AND " IN_RANGE("b.starts_at")
				 " AND " IN_DEPT("e.department_id"), &both, n)) != AF_OK)
		return st;
	f[0].booked = n[0];
	f[1].booked = n[1];
	if ((st = quarter_counts("SELECT coalesce(sum(r.created_at < :mid), 0), coalesce(sum(r.created_at >= :mid), 0),"
				 " coalesce(sum(r.created_at < :mid AND r.state = 'done'), 0),"
				 " coalesce(sum(r.created_at >= :mid AND r.state = 'done'), 0)"
				 " FROM requests r JOIN employees e ON e.id = r.applicant_id"
				 " WHERE r.form IN " ANY_FORM " AND r.state <> 'draft' AND " IN_RANGE("r.created_at")
				 " AND " IN_DEPT("e.department_id"), &both, n)) != AF_OK)
		return st;
	f[0].submitted = n[0];
	f[1].submitted = n[1];
	f[0].done = n[2];
	f[1].done = n[3];
	/* Cycle times, by affair and quarter, each group then in order. */
	{
		struct quarter_cycles c = { cyc, ncyc };

		st = report_windows_each(&both, NO_BOUNDS, QUARTER_CYCLE_SQL, quarter_cycle_row, &c);
	}
	for (int k = 0; k < *ncyc; k++) {
		stats_sort(&(*cyc)[k].v[0]);
		stats_sort(&(*cyc)[k].v[1]);
	}
	return st;
}

static void put_change(report_table *t, double last, double now, int have)
{
	if (have && last != 0)
		report_putf(t, "%+.1f", 100 * (now - last) / last);
	else
		report_put(t, "");
}

af_status rep_quarterly(const struct report_scope *sc, report *r)
{
	report_table *t = report_add_table(r, NULL, "measure unit #last_quarter #this_quarter #change_pct");
	struct report_scope q[2];
	struct quarter_figures f[2];
	struct quarter_cycle *cyc = NULL;
	int ncyc = 0;
	char label[2][32];
	int y, m, d;
	long ref = *sc->to ? (long)(report_parse_minutes(sc->to) / 1440) : report_today_day();
	af_status st = AF_OK;

	report_civil_from_days(ref, &y, &m, &d);
	for (int i = 1; i >= 0; i--) {
		/* i = 1: this quarter; i = 0: the one before. */
		int qn = (m - 1) / 3 - (1 - i), qy = y;
		char from[11], to[11];
		long first, next;

		if (qn < 0) {
			qn += 4;
			qy--;
		}
		first = report_days_from_civil(qy, qn * 3 + 1, 1);
		next = qn == 3 ? report_days_from_civil(qy + 1, 1, 1) : report_days_from_civil(qy, qn * 3 + 4, 1);
		report_format_day(first, from, sizeof from);
		report_format_day(next - 1, to, sizeof to);
		snprintf(label[i], sizeof label[i], "%04d-Q%d", qy, qn + 1);
		q[i] = *sc;
		report_set_range(&q[i], from, to);
	}
	if ((st = quarter_figures(q, f, &cyc, &ncyc)) != AF_OK)
		goto out;
	{
		char *s = xasprintf("%s; this quarter %s (%s..%s), last %s (%s..%s)", r->scope, label[1],
				    q[1].from, q[1].to, label[0], q[0].from, q[0].to);

		free(r->scope);
		r->scope = s;
	}
	report_put(t, "报销周期 reimbursement cycle (mean)");
	report_put(t, "days");
	report_put_hours(t, f[0].expense_mean_days, f[0].expense_n > 0);
	report_put_hours(t, f[1].expense_mean_days, f[1].expense_n > 0);
	put_change(t, f[0].expense_mean_days, f[1].expense_mean_days, f[0].expense_n > 0 && f[1].expense_n > 0);
	report_put(t, "预订冲突 booking conflicts");
	report_put(t, "attempts");
	report_put_int(t, f[0].refused);
	report_put_int(t, f[1].refused);
	put_change(t, (double)f[0].refused, (double)f[1].refused, 1);
	report_put(t, "预订 bookings confirmed");
	report_put(t, "bookings");
	report_put_int(t, f[0].booked);
	report_put_int(t, f[1].booked);
	put_change(t, (double)f[0].booked, (double)f[1].booked, 1);
	report_put(t, "提交 requests submitted");
	report_put(t, "requests");
	report_put_int(t, f[0].submitted);
	report_put_int(t, f[1].submitted);
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
					med[k] = stats_median(cyc[c].v[k].v, cyc[c].v[k].n);
					have[k] = 1;
				}
		}
		if (!have[0] && !have[1])
			continue;
		report_putf(t, "周期 cycle %s (median)", fd->title);
		report_put(t, "hours");
		report_put_hours(t, med[0], have[0]);
		report_put_hours(t, med[1], have[1]);
		put_change(t, med[0], med[1], have[0] && have[1]);
	}
	report_note(r, "quarters: %s is %s..%s, %s is %s..%s", label[0], q[0].from, q[0].to, label[1],
		 q[1].from, q[1].to);
out:
	for (int c = 0; c < ncyc; c++) {
		free(cyc[c].v[0].v);
		free(cyc[c].v[1].v);
	}
	free(cyc);
	return st;
}
