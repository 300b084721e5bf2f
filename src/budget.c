#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "budget.h"
#include "db.h"
#include "expr.h"
#include "formdef.h"
#include "i18n.h"
#include "util.h"

/* What a department has used of a year's budget: the forms serving
 * "budget" (:paths, {form: "$.amount"}), by the applicant's department,
 * submitted in the year; a category counts its lines' amounts. */
#define USED_SQL(states) \
	"SELECT coalesce(sum(CASE WHEN :cat = '' THEN json_extract(r.data, p.value) ELSE" \
	"  (SELECT sum(json_extract(l.value, '$.amount')) FROM json_each(r.data, '$.lines') l" \
	"   WHERE json_extract(l.value, '$.category') = :cat) END), 0)" \
	" FROM requests r JOIN json_each(:paths) p ON p.key = r.form JOIN employees e ON e.id = r.applicant_id" \
	" WHERE r.form IN (SELECT key FROM json_each(:paths)) AND r.created_at >= :y0 AND r.created_at < :y1" \
	" AND e.department_id = :dept AND r.state IN " states " AND r.id IS NOT :exclude"

static int64_t used(const char *paths, int64_t dept, int year, const char *cat, int underway, int64_t exclude)
{
	db_stmt s;
	char y0[32], y1[32];
	int64_t v = 0;

	snprintf(y0, sizeof y0, "%04d-01-01", year);
	snprintf(y1, sizeof y1, "%04d-01-01", year + 1);
	if (underway)
		db_prepare(&s, USED_SQL("('pending', 'returned', 'approved')"));
	else
		db_prepare(&s, USED_SQL("('done')"));
	db_bind_text(&s, ":paths", paths);
	db_bind_text(&s, ":cat", cat);
	db_bind_text(&s, ":y0", y0);
	db_bind_text(&s, ":y1", y1);
	db_bind_int(&s, ":dept", dept);
	if (exclude)
		db_bind_int(&s, ":exclude", exclude);
	else
		db_bind_null(&s, ":exclude");
	if (db_step(&s) == SQLITE_ROW)
		v = db_col_int(&s, 0);
	db_done(&s);
	return v;
}

af_status budget_list(int year, budget_row **rows, int *n)
{
	char *paths = formdef_money_paths("budget");
	db_stmt s;
	int rc;

	*rows = NULL;
	*n = 0;
	db_prepare(&s, "SELECT d.code, d.name, b.year, b.category, b.amount_cents, b.department_id FROM budgets b"
		   " JOIN departments d ON d.id = b.department_id WHERE :year = 0 OR b.year = :year"
		   " ORDER BY b.year, d.code, b.category");
	db_bind_int(&s, ":year", year);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		budget_row *r;

		*rows = xrealloc(*rows, (size_t)(*n + 1) * sizeof **rows);
		r = &(*rows)[(*n)++];
		snprintf(r->dept, sizeof r->dept, "%s", db_col_text(&s, 0));
		snprintf(r->dept_name, sizeof r->dept_name, "%s", db_col_text(&s, 1));
		r->year = (int)db_col_int(&s, 2);
		snprintf(r->category, sizeof r->category, "%s", db_col_text(&s, 3));
		r->budget = db_col_int(&s, 4);
		r->dept_id = db_col_int(&s, 5);
	}
	db_done(&s);
	for (int i = 0; rc == SQLITE_DONE && i < *n; i++) {
		budget_row *r = &(*rows)[i];
		int64_t dept = r->dept_id;

		/* a statement a budget: the file let go between them once the
		 * read has held it read_slice ms (a report of many budgets) */
		db_read_pause();
		r->spent = used(paths, dept, r->year, r->category, 0, 0);
		r->underway = used(paths, dept, r->year, r->category, 1, 0);
	}
	free(paths);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* A budget's category ("travel") as the screens name it: its label in the
 * category column of the form's lines, else itself. */
static const char *category_shown(const form_def *f, const char *cat)
{
	for (int i = 0; f && *cat && i < f->n_fields; i++)
		for (int c = 0; f->fields[i].type == FT_LINES && c < f->fields[i].n_columns; c++)
			if (strcmp(f->fields[i].columns[c].name, "category") == 0)
				return formdef_option_label(&f->fields[i].columns[c], cat);
	return cat;
}

int budget_over(const char *form_id, int64_t dept, int year, int64_t amount, const char *lines_json,
		int64_t exclude, af_said *why)
{
	const form_def *f = formdef_find(form_id);
	char *paths;
	db_stmt s;
	int over = 0;

	if (why)
		why->en[0] = why->shown[0] = '\0';
	if (!formdef_serves(f, "budget"))
		return 0;
	paths = formdef_money_paths("budget");
	/* This request's part of each budget: the whole amount, or its lines
	 * of the budget's category. */
	db_prepare(&s, "SELECT b.category, b.amount_cents, d.code, d.name, CASE WHEN b.category = '' THEN :amount ELSE"
		   " (SELECT coalesce(sum(json_extract(l.value, '$.amount')), 0) FROM json_each(coalesce(:lines, '[]')) l"
		   "  WHERE json_extract(l.value, '$.category') = b.category) END"
		   " FROM budgets b JOIN departments d ON d.id = b.department_id"
		   " WHERE b.department_id = :dept AND b.year = :year ORDER BY b.category");
	db_bind_int(&s, ":amount", amount);
	if (lines_json)
		db_bind_text(&s, ":lines", lines_json);
	else
		db_bind_null(&s, ":lines");
	db_bind_int(&s, ":dept", dept);
	db_bind_int(&s, ":year", year);
	struct { char cat[40], dept[40], dept_name[80]; int64_t budget, part; } b[32];
	int n = 0;

	while (n < 32 && db_step(&s) == SQLITE_ROW) {
		snprintf(b[n].cat, sizeof b[n].cat, "%s", db_col_text(&s, 0));
		b[n].budget = db_col_int(&s, 1);
		snprintf(b[n].dept, sizeof b[n].dept, "%s", db_col_text(&s, 2));
		snprintf(b[n].dept_name, sizeof b[n].dept_name, "%s", db_col_text(&s, 3));
		b[n].part = db_col_int(&s, 4);
		n++;
	}
	db_done(&s);
	for (int i = 0; i < n && !over; i++) {
		int64_t u;

		if (b[i].part <= 0)
			continue;
		u = used(paths, dept, year, b[i].cat, 0, exclude) + used(paths, dept, year, b[i].cat, 1, exclude);
		if (u + b[i].part > b[i].budget) {
			over = 1;
			if (why) {
				char mb[32], mu[32], mp[32];

				if (snprintf(why->en, sizeof why->en,
					     "over budget: %s %d%s%s %lld.%02lld, used %lld.%02lld, this %lld.%02lld",
					     b[i].dept, year, b[i].cat[0] ? " " : "", b[i].cat,
					     (long long)(b[i].budget / 100), (long long)(b[i].budget % 100),
					     (long long)(u / 100), (long long)(u % 100),
					     (long long)(b[i].part / 100), (long long)(b[i].part % 100)) < 0)
					why->en[0] = '\0';
				/* TRANSLATORS: the department, the year, the category (may
				 * be empty), then the budget, what is used and this
				 * request's part, each money with its thousands grouped. */
				snprintf(why->shown, sizeof why->shown, _("over budget: %s %d %s: budget %s, used %s, this %s"),
					 b[i].dept_name, year, category_shown(f, b[i].cat),
					 money_grouped(b[i].budget, mb, sizeof mb), money_grouped(u, mu, sizeof mu),
					 money_grouped(b[i].part, mp, sizeof mp));
			}
		}
	}
	free(paths);
	return over;
}

struct set_ctx {
	const char *dept, *category, *reason;
	int year;
	int64_t cents;
};

static af_status do_set(void *arg)
{
	struct set_ctx *c = arg;
	int64_t dept = db_int(0, "SELECT id FROM departments WHERE code = ?1", "t", c->dept);
	int64_t old = db_int(-1, "SELECT amount_cents FROM budgets WHERE department_id = ?1 AND year = ?2 AND category = ?3",
			     "Iit", dept, c->year, c->category);
	char *detail;
	af_status st;

	if (!dept)
		return af_fail(AF_INVALID, "budget: no department '%s'", c->dept);
	if (db_exec("INSERT INTO budgets(department_id, year, category, amount_cents) VALUES(?1, ?2, ?3, ?4)"
		    " ON CONFLICT(department_id, year, category) DO UPDATE SET amount_cents = excluded.amount_cents",
		    "IitI", dept, c->year, c->category, c->cents) != SQLITE_DONE)
		return db_fail();
	if (old < 0)
		detail = xasprintf("%d%s%s: set %lld.%02lld: %s", c->year, c->category[0] ? " " : "", c->category,
				   (long long)(c->cents / 100), (long long)(c->cents % 100), c->reason);
	else
		detail = xasprintf("%d%s%s: %lld.%02lld -> %lld.%02lld: %s", c->year, c->category[0] ? " " : "",
				   c->category, (long long)(old / 100), (long long)(old % 100),
				   (long long)(c->cents / 100), (long long)(c->cents % 100), c->reason);
	st = audit_log("budget_set", c->dept, detail);
	free(detail);
	return st;
}

af_status budget_check_dept(const char *dept)
{
	if (!db_int(0, "SELECT id FROM departments WHERE code = ?1", "t", dept))
		return af_fail(AF_INVALID, "budget: no department '%s'", dept);
	return AF_OK;
}

af_status budget_parse_year(const char *text, int *year)
{
	char *end;
	long v = strtol(text, &end, 10);

	*year = (int)v;
	if (end == text || *end || v < 2000 || v > 2999)
		return af_fail(AF_INVALID, "year: not a year (2000-2999): %s", text);
	return AF_OK;
}

af_status budget_parse_amount(const char *text, int64_t *cents)
{
	if (expr_parse_money(text, cents) != 0 || *cents < 0)
		return af_fail(AF_INVALID, "amount: not an amount of zero or more: %s", text);
	return AF_OK;
}

af_status budget_set(const char *dept, int year, const char *category, int64_t cents, const char *reason)
{
	struct set_ctx c = { dept, category ? category : "", reason, year, cents };
	af_status st = auth_require("budget", "budget set");

	if (st != AF_OK)
		return st;
	if ((st = audit_check_reason("budget set", reason)) != AF_OK)
		return st;
	if (strlen(c.category) > 32 || has_control_chars(c.category))
		return af_fail(AF_INVALID, "budget set: --category must be one line of at most 32 bytes");
	if (year < 2000 || year > 2999)
		return af_fail(AF_INVALID, "budget set: year %d is not a year (2000-2999)", year);
	if (cents < 0)
		return af_fail(AF_INVALID, "budget set: the amount must not be negative");
	return db_transact(do_set, &c);
}

int budget_over_request(int64_t request_id, af_said *why)
{
	db_stmt s;
	char form[40] = "", *lines = NULL;
	int64_t dept = 0, amount = 0;
	int year = 0, over;
	const form_def *f;

	db_prepare(&s, "SELECT r.form, e.department_id, CAST(substr(r.created_at, 1, 4) AS INTEGER),"
		   " json_extract(r.data, '$.lines') FROM requests r JOIN employees e ON e.id = r.applicant_id"
		   " WHERE r.id = :r");
	db_bind_int(&s, ":r", request_id);
	if (db_step(&s) == SQLITE_ROW) {
		snprintf(form, sizeof form, "%s", db_col_text(&s, 0));
		dept = db_col_int(&s, 1);
		year = (int)db_col_int(&s, 2);
		if (!db_col_is_null(&s, 3))
			lines = xstrdup(db_col_text(&s, 3));
	}
	db_done(&s);
	f = formdef_find(form);
	if (!formdef_serves(f, "budget")) {
		free(lines);
		return 0;
	}
	{
		char *paths = formdef_money_paths("budget");

		amount = db_int(0, "SELECT json_extract(r.data, p.value) FROM requests r JOIN json_each(?2) p"
				" ON p.key = r.form WHERE r.id = ?1", "It", request_id, paths);
		free(paths);
	}
	over = budget_over(form, dept, year, amount, lines, request_id, why);
	free(lines);
	return over;
}
