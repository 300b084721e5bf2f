/* Reports of money owed and spent: the claims approved and not yet paid. */
#include "autoconf.h"
#include <stdlib.h>
#include "i18n.h"
#include "payment.h"
#include "report_int.h"

/* Every done request of a form serving "payment" with no payment yet,
 * oldest first, with how many days it has waited since it was done. */
af_status rep_unpaid(const struct report_scope *sc, report *r)
{
	report_table *t = report_add_table(r, NULL, "number affair applicant department #amount done_on #days_waiting");
	char *forms = payment_forms_json();
	int64_t total = 0, n = 0;
	db_stmt s;
	int rc;

	db_prepare(&s, "SELECT r.number, r.form, e.name, d.code,"
		   " coalesce(json_extract(r.data, (SELECT value FROM json_each(:forms) WHERE key = r.form)), 0),"
		   " substr(r.done_at, 1, 10), CAST(julianday(:today) - julianday(substr(r.done_at, 1, 10)) AS INTEGER)"
		   " FROM requests r JOIN employees e ON e.id = r.applicant_id JOIN departments d ON d.id = e.department_id"
		   " WHERE r.form IN (SELECT key FROM json_each(:forms)) AND r.state = 'done' AND r.paid_at IS NULL"
		   " AND " IN_DEPT("e.department_id") " ORDER BY r.done_at, r.number");
	db_bind_text(&s, ":forms", forms);
	bind_scope(&s, sc);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		report_put(t, db_col_text(&s, 0));
		report_put(t, form_title(db_col_text(&s, 1)));
		report_put(t, db_col_text(&s, 2));
		report_put(t, db_col_text(&s, 3));
		report_put_money(t, db_col_int(&s, 4));
		report_put(t, db_col_text(&s, 5));
		report_put_int(t, db_col_int(&s, 6));
		total += db_col_int(&s, 4);
		n++;
	}
	db_done(&s);
	free(forms);
	if (rc != SQLITE_DONE)
		return db_fail();
	if (n) {
		report_put_total_label(t);
		report_put_int(t, n);
		report_put(t, "");
		report_put(t, "");
		report_put_money(t, total);
		report_put(t, "");
		report_put(t, "");
	}
	scope_as_of(r, sc->today);
	return AF_OK;
}
