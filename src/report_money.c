/* Reports of money owed and spent: the claims approved and not yet paid,
 * and the budgets with what is spent and under way. */
#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "budget.h"
#include "i18n.h"
#include "payment.h"
#include "report_int.h"
#include "util.h"

struct unpaid {
	report_table *t;
	int64_t total, n;
};

static void unpaid_row(db_stmt *s, void *ctx)
{
	struct unpaid *u = ctx;

	report_put(u->t, db_col_text(s, 0));
	report_put(u->t, report_form_title(db_col_text(s, 1)));
	report_put(u->t, db_col_text(s, 2));
	report_put(u->t, db_col_text(s, 3));
	report_put_money(u->t, db_col_int(s, 4));
	report_put(u->t, db_col_text(s, 5));
	report_put_int(u->t, db_col_int(s, 6));
	u->total += db_col_int(s, 4);
	u->n++;
}

/* Every done request of a form serving "payment" with no payment yet,
 * oldest first, with how many days it has waited since it was done. */
af_status rep_unpaid(const struct report_scope *sc, report *r)
{
	struct unpaid u = { report_add_table(r, NULL, "number affair applicant department #amount done_on #days_waiting"),
			    0, 0 };
	char *forms = payment_forms_json();
	const struct report_param params[] = { { ":forms", forms }, { NULL, NULL } };
	af_status st = report_each_with(sc, "SELECT r.number, r.form, e.name, d.code,"
		   " coalesce(json_extract(r.data, (SELECT value FROM json_each(:forms) WHERE key = r.form)), 0),"
		   " substr(r.done_at, 1, 10), CAST(julianday(:today) - julianday(substr(r.done_at, 1, 10)) AS INTEGER)"
		   " FROM requests r JOIN employees e ON e.id = r.applicant_id JOIN departments d ON d.id = e.department_id"
		   " WHERE r.form IN (SELECT key FROM json_each(:forms)) AND r.state = 'done' AND r.paid_at IS NULL"
		   " AND " IN_DEPT("e.department_id") " ORDER BY r.done_at, r.number",
		   params, unpaid_row, &u);

	free(forms);
	if (st != AF_OK)
		return st;
	if (u.n) {
		report_put_total_label(u.t);
		report_put_int(u.t, u.n);
		report_put(u.t, "");
		report_put(u.t, "");
		report_put_money(u.t, u.total);
		report_put(u.t, "");
		report_put(u.t, "");
	}
	report_scope_as_of(r, sc->today);
	return AF_OK;
}

/* 1 when the department has a budget for the whole of it among b. */
static int has_whole(const budget_row *b, int n, int64_t dept_id)
{
	for (int i = 0; i < n; i++)
		if (b[i].dept_id == dept_id && !b[i].category[0])
			return 1;
	return 0;
}

/* The budgets of one year (the year of --from, else this year) within the
 * reader's departments: spent (done), under way (pending, returned,
 * approved), left, and the share used; a budget used past its amount is
 * marked over. One copy of the rule: budget_list counts. */
af_status rep_budget(const struct report_scope *sc, report *r)
{
	report_table *t = report_add_table(r, NULL,
					   "department department_name category #budget #spent #under_way #left #used_pct over");
	budget_row *b;
	int n, year = atoi(sc->from[0] ? sc->from : sc->today);
	int64_t sums[4] = {0};
	af_status st = budget_list(year, &b, &n);

	if (st != AF_OK)
		return st;
	for (int i = 0; i < n; i++) {
		int64_t used = b[i].spent + b[i].underway;

		if (sc->dept && db_int(0, "SELECT 1 WHERE ?1 IN (WITH RECURSIVE dt(id) AS (SELECT ?2"
				       " UNION SELECT d.id FROM departments d JOIN dt ON d.parent_id = dt.id) SELECT id FROM dt)",
				       "II", b[i].dept_id, sc->dept) != 1)
			continue;
		report_put(t, b[i].dept);
		report_put(t, b[i].dept_name);
		report_put(t, b[i].category);
		report_put_money(t, b[i].budget);
		report_put_money(t, b[i].spent);
		report_put_money(t, b[i].underway);
		report_put_money(t, b[i].budget - used);
		if (b[i].budget > 0)
			report_putf(t, "%.1f", 100.0 * (double)used / (double)b[i].budget);
		else
			report_put(t, "");
		report_put(t, used > b[i].budget ? "over" : "");
		/* the whole budgets add up; a category's is within its
		 * department's, and counts only where it has none */
		if (!b[i].category[0] || !has_whole(b, n, b[i].dept_id)) {
			sums[0] += b[i].budget;
			sums[1] += b[i].spent;
			sums[2] += b[i].underway;
			sums[3] += b[i].budget - used;
		}
	}
	free(b);
	if (t->nrows) {
		report_put(t, "合计 total");
		report_put(t, "");
		report_put(t, "");
		for (int i = 0; i < 4; i++)
			report_put_money(t, sums[i]);
		report_put(t, "");
		report_put(t, "");
	}
	{
		char *scope = xasprintf("%s; year %d", r->scope, year);

		free(r->scope);
		r->scope = scope;
		report_scope_as_of(r, sc->today);
	}
	report_note(r, "spent: claims done; under way: pending, returned or approved; counted in the year submitted");
	return AF_OK;
}
