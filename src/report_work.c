/* The workflow reports: volume, cycle time, step response times, backlog,
 * and the quarterly figures. */
#include "autoconf.h"
#include <stdlib.h>
#include "formdef.h"
#include "i18n.h"
#include "report.h"
#include "report_int.h"
#include "util.h"

/* ---- volume ------------------------------------------------------------- */

af_status rep_volume(const struct report_scope *sc, report *r)
{
	static const char cols[] = "tatiiiii";
	report_table *t = report_add_table(r, NULL, "form affair month #submitted #done #rejected #withdrawn #open");
	int64_t sum[sizeof cols] = {0};
	af_status st;

	st = report_fill(t, sc, "SELECT r.form, r.form, strftime('%Y-%m', r.created_at, 'localtime'), count(*), sum(r.state = 'done'),"
			 " sum(r.state = 'rejected'), sum(r.state IN ('withdrawn', 'cancelled')),"
			 " sum(r.state IN ('pending', 'returned', 'approved'))"
			 " FROM requests r JOIN employees e ON e.id = r.applicant_id"
			 " WHERE r.form IN " ANY_FORM " AND r.state <> 'draft' AND " IN_RANGE("r.created_at")
			 " AND " IN_DEPT("e.department_id")
			 " GROUP BY 1, 3 ORDER BY 1, 3", cols, sum);
	if (st != AF_OK)
		return st;
	report_put_total(t, cols, sum, 1);
	return report_fill(report_add_table(r, N_("totals by affair"), "form affair #submitted #done"), sc,
			   "SELECT r.form, r.form, count(*), sum(r.state = 'done')"
			   " FROM requests r JOIN employees e ON e.id = r.applicant_id"
			   " WHERE r.form IN " ANY_FORM " AND r.state <> 'draft' AND " IN_RANGE("r.created_at")
			   " AND " IN_DEPT("e.department_id")
			   " GROUP BY 1 ORDER BY 3 DESC, 1", "taii", NULL);
}

/* ---- cycle -------------------------------------------------------------- */

/* Requests done in the scope, hours from submission to done, grouped by
 * the first column of sql (which orders by it, then by the hours in the
 * second): a row a group with its count, median and 90th percentile, and
 * for affairs (by_form) the affair's title and the mean too. */
static af_status done_hours_by(const struct report_scope *sc, report_table *t, const char *sql, int by_form)
{
	db_stmt s;
	int rc;
	char cur[128] = "";
	stats_values v = {0};

	db_prepare(&s, sql);
	bind_scope(&s, sc);
	for (;;) {
		rc = db_step(&s);
		if ((rc != SQLITE_ROW || strcmp(cur, db_col_text(&s, 0)) != 0) && v.n) {
			stats_sort(&v);
			report_put(t, cur);
			if (by_form)
				report_put(t, form_title(cur));
			report_put_int(t, v.n);
			report_put_hours(t, stats_median(v.v, v.n), 1);
			report_put_hours(t, stats_p90(v.v, v.n), 1);
			if (by_form)
				report_put_hours(t, stats_mean(v.v, v.n), 1);
			v.n = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		snprintf(cur, sizeof cur, "%s", db_col_text(&s, 0));
		stats_add(&v, sqlite3_column_double(s.st, 1));
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
af_status rep_cycle(const struct report_scope *sc, report *r)
{
	af_status st = done_hours_by(sc, report_add_table(r, NULL, "form affair #done #median_h #p90_h #mean_h"),
				     DONE_HOURS("r.form"), 1);

	if (st != AF_OK)
		return st;
	return done_hours_by(sc, report_add_table(r, N_("cycle time by month"), "month #done #median_h #p90_h"),
			     DONE_HOURS("strftime('%Y-%m', r.done_at, 'localtime')"), 0);
}

/* ---- steps -------------------------------------------------------------- */

af_status rep_steps(const struct report_scope *sc, report *r)
{
	report_table *t = report_add_table(r, NULL, "form step approver #handled #median_h #p90_h #with_limit #missed #missed_pct");
	db_stmt s;
	int rc;
	char key[3][128] = { "", "", "" }, login[65] = "";
	stats_values v = {0};
	int64_t limited = 0, missed = 0, seen = 0;

	/* Tasks handled by their approver, and those still waiting past their
	 * deadline (a miss already). Tasks the engine settled itself because
	 * the approver had approved the previous step are no response at all.
	 * The tasks are found by their date through tasks_created: the "+"
	 * keeps SQLite from going through every task of those states instead
	 * (tasks_due), which made one day as slow as a month. */
	db_prepare(&s, "SELECT r.form, s.title, a.name, a.login, t.acted_at IS NOT NULL,"
		   " (julianday(coalesce(t.acted_at, :now)) - julianday(t.created_at)) * 24,"
		   " t.due_at IS NOT NULL, t.due_at IS NOT NULL AND coalesce(t.acted_at, :now) > t.due_at"
		   " FROM tasks t JOIN steps s ON s.id = t.step_id JOIN requests r ON r.id = t.request_id"
		   " JOIN employees a ON a.id = t.assignee_id JOIN employees e ON e.id = r.applicant_id"
		   " WHERE " IN_RANGE("t.created_at") " AND " IN_DEPT("e.department_id")
		   " AND ((t.acted_at IS NOT NULL AND +t.state IN ('approved', 'rejected', 'returned', 'transferred'))"
		   "      OR (+t.state = 'pending' AND +t.due_at < :now))"
		   " AND NOT EXISTS (SELECT 1 FROM actions x WHERE x.task_id = t.id AND x.action = 'asked-once')"
		   " ORDER BY r.form, s.pos, s.title, a.login, 6");
	bind_scope(&s, sc);
	for (;;) {
		rc = db_step(&s);
		if ((rc != SQLITE_ROW || strcmp(key[0], db_col_text(&s, 0)) != 0 ||
		     strcmp(key[1], db_col_text(&s, 1)) != 0 || strcmp(login, db_col_text(&s, 3)) != 0) && seen) {
			stats_sort(&v);
			report_put(t, key[0]);
			report_put(t, key[1]);
			report_put(t, key[2]);
			report_put_int(t, v.n);
			report_put_hours(t, v.n ? stats_median(v.v, v.n) : 0, v.n > 0);
			report_put_hours(t, v.n ? stats_p90(v.v, v.n) : 0, v.n > 0);
			report_put_int(t, limited);
			report_put_int(t, missed);
			if (limited)
				report_putf(t, "%.1f", 100.0 * (double)missed / (double)limited);
			else
				report_put(t, "");
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
			stats_add(&v, sqlite3_column_double(s.st, 5));
		limited += db_col_int(&s, 6);
		missed += db_col_int(&s, 7);
	}
	db_done(&s);
	free(v.v);
	report_note(r, "handled: tasks acted on; times from the task's arrival to the action, in hours;"
		 " missed counts tasks acted on after their deadline and tasks still waiting past it");
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- backlog ------------------------------------------------------------ */

af_status rep_backlog(const struct report_scope *sc, report *r)
{
	report_table *t = report_add_table(r, NULL, "form step #pending #under_1d #d1_3 #d3_7 #over_7d #overdue #oldest_days");
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
			report_put(t, form);
			report_put(t, step);
			report_put_int(t, n);
			for (int i = 0; i < 4; i++)
				report_put_int(t, b[i]);
			report_put_int(t, overdue);
			report_putf(t, "%.1f", oldest);
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
	report_note(r, "ages in days since the request reached the step: under 1, 1 to 3, 3 to 7, 7 or more");
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
	stats_values v[2];
};

/* Counts for both quarters at once: the statement's columns 0 and 1 are
 * the last and this quarter's figure (and 2 and 3, when two). */
static af_status quarter_counts(const char *sql, const struct report_scope *both, const char *mid, int64_t out[4])
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
static af_status quarter_figures(const struct report_scope q[2], struct quarter_figures f[2], struct quarter_cycle **cyc,
				 int *ncyc)
{
	struct report_scope both = q[0];
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
		stats_values v = {0};

		st = expense_cycle(&q[k], &v);
		f[k].expense_n = v.n;
		f[k].expense_mean_days = v.n ? stats_mean(v.v, v.n) / 24 : 0;
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
		stats_add(&(*cyc)[*ncyc - 1].v[db_col_int(&s, 1) ? 1 : 0], sqlite3_column_double(s.st, 2));
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
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
