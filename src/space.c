#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "space.h"
#include "util.h"

static void today_text(char *buf, size_t len)
{
	af_format_time(af_now(), buf, len);
	buf[10] = '\0';
}

/* Who has code on any day of from..until other than request_id, for the
 * refusal: "D3-01 is held from 2026-12-01 by 张三 (KJ-20261128-0001)". */
static af_status taken(const char *code, const char *from, const char *until)
{
	char *who = db_text(NULL, "SELECT coalesce(e.name, d.name, '') || ' from ' || a.starts_on ||"
			    " coalesce(' until ' || a.ends_on, '') || coalesce(' (' || r.number || ')', ' (by the keeper)')"
			    " FROM space_allocations a JOIN spaces s ON s.id = a.space_id"
			    " LEFT JOIN employees e ON e.id = a.employee_id LEFT JOIN departments d ON d.id = a.department_id"
			    " LEFT JOIN requests r ON r.id = a.request_id"
			    " WHERE s.code = ?1 AND a.state <> 'cancelled' AND a.starts_on <= coalesce(?3, '9999-12-31')"
			    " AND coalesce(a.ends_on, '9999-12-31') >= ?2 ORDER BY a.starts_on LIMIT 1",
			    "ttt", code, from, until);
	af_status st = AF_OK;

	if (who)
		st = af_fail(AF_CONFLICT, "space %s: already allocated to %s", code, who);
	free(who);
	return st;
}

static af_status insert(int64_t request_id, int64_t space, int64_t employee_id, int64_t department_id,
			const char *from, const char *until, const char *state, const char *note)
{
	return db_exec("INSERT INTO space_allocations(space_id, employee_id, department_id, request_id, starts_on,"
		       " ends_on, state, note) VALUES(?1, nullif(?2, 0), nullif(?3, 0), nullif(?4, 0), ?5, ?6, ?7, ?8)",
		       "IIIItttt", space, employee_id, department_id, request_id, from, until, state, note)
		== SQLITE_DONE ? AF_OK : db_fail();
}

af_status space_hold(int64_t request_id, const char *code, int64_t employee_id, int64_t department_id,
		     const char *from, const char *until)
{
	int64_t space = db_int(0, "SELECT id FROM spaces WHERE code = ?1", "t", code);
	af_status st;

	if (!space)
		return af_fail_field(AF_INVALID, "space", "no space '%s'", code);
	if (until && strcmp(until, from) < 0)
		return af_fail(AF_INVALID, "space %s: ends %s, before it starts (%s)", code, until, from);
	if ((st = taken(code, from, until)) != AF_OK)
		return st;
	return insert(request_id, space, employee_id, department_id, from, until, "held", "");
}

int64_t space_allocation_of(const char *code, int64_t employee_id, const char *day)
{
	return db_int(0, "SELECT a.id FROM space_allocations a JOIN spaces s ON s.id = a.space_id"
		      " WHERE s.code = ?1 AND a.employee_id = ?2 AND a.state = 'confirmed' AND a.starts_on <= ?3"
		      " AND coalesce(a.ends_on, '9999-12-31') >= ?3", "tIt", code, employee_id, day);
}

af_status space_end(int64_t id, const char *last_day)
{
	/* Not yet begun by then: it never happens. */
	if (db_int(0, "SELECT starts_on > ?2 FROM space_allocations WHERE id = ?1", "It", id, last_day) == 1)
		return db_exec("UPDATE space_allocations SET state = 'cancelled' WHERE id = ?1", "I", id) == SQLITE_DONE
			? AF_OK : db_fail();
	return db_exec("UPDATE space_allocations SET ends_on = ?2 WHERE id = ?1 AND coalesce(ends_on, '9999-12-31') > ?2",
		       "It", id, last_day) == SQLITE_DONE ? AF_OK : db_fail();
}

af_status space_confirm(int64_t request_id, const char *previous)
{
	db_stmt s;
	int64_t id = 0, emp = 0;
	char from[11] = "";
	af_status st = AF_OK;

	db_prepare(&s, "SELECT id, coalesce(employee_id, 0), starts_on FROM space_allocations"
		   " WHERE request_id = :r AND state = 'held'");
	db_bind_int(&s, ":r", request_id);
	if (db_step(&s) == SQLITE_ROW) {
		id = db_col_int(&s, 0);
		emp = db_col_int(&s, 1);
		snprintf(from, sizeof from, "%s", db_col_text(&s, 2));
	}
	db_done(&s);
	if (!id)
		return af_fail(AF_CONFLICT, "space: the request holds no space (was it released?)");
	if (previous && *previous && emp) {
		char *day_before = db_text("", "SELECT date(?1, '-1 day')", "t", from);
		int64_t old = space_allocation_of(previous, emp, day_before);

		if (old)
			st = space_end(old, day_before);
		free(day_before);
	}
	if (st == AF_OK && db_exec("UPDATE space_allocations SET state = 'confirmed' WHERE id = ?1", "I", id) != SQLITE_DONE)
		st = db_fail();
	return st;
}

af_status space_cancel(int64_t request_id)
{
	return db_exec("UPDATE space_allocations SET state = 'cancelled' WHERE request_id = ?1 AND state <> 'cancelled'",
		       "I", request_id) == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- the keeper's changes ---------------------------------------------- */

struct keeper_ctx {
	const char *code, *to, *day, *reason;
};

/* The allocation of code current on day: id, holder (employee or
 * department), since. 0 when nobody has it. */
static int64_t current(const char *code, const char *day, int64_t *emp, int64_t *dept)
{
	db_stmt s;
	int64_t id = 0;

	db_prepare(&s, "SELECT a.id, coalesce(a.employee_id, 0), coalesce(a.department_id, 0)"
		   " FROM space_allocations a JOIN spaces s ON s.id = a.space_id WHERE s.code = :c"
		   " AND a.state = 'confirmed' AND a.starts_on <= :d AND coalesce(a.ends_on, '9999-12-31') >= :d");
	db_bind_text(&s, ":c", code);
	db_bind_text(&s, ":d", day);
	if (db_step(&s) == SQLITE_ROW) {
		id = db_col_int(&s, 0);
		*emp = db_col_int(&s, 1);
		*dept = db_col_int(&s, 2);
	}
	db_done(&s);
	return id;
}

static af_status do_keeper(void *arg)
{
	struct keeper_ctx *c = arg;
	int64_t emp = 0, dept = 0, id, to = 0;
	char *holder, *detail;
	af_status st;

	if (!db_int(0, "SELECT 1 FROM spaces WHERE code = ?1", "t", c->code))
		return af_fail(AF_INVALID, "space: no space '%s'", c->code);
	if (c->to && !(to = db_int(0, "SELECT id FROM spaces WHERE code = ?1", "t", c->to)))
		return af_fail(AF_INVALID, "space move: no space '%s'", c->to);
	if (!(id = current(c->code, c->day, &emp, &dept)))
		return af_fail(AF_CONFLICT, "space %s: nobody has it on %s", c->code, c->day);
	holder = db_text("", "SELECT coalesce((SELECT login FROM employees WHERE id = ?1),"
			 " (SELECT code FROM departments WHERE id = ?2), '')", "II", emp, dept);
	if (c->to) {
		/* The old one is held until the day before the move. */
		char *before = db_text("", "SELECT date(?1, '-1 day')", "t", c->day);

		st = space_end(id, before);
		free(before);
		if (st == AF_OK && (st = taken(c->to, c->day, NULL)) == AF_OK)
			st = insert(0, to, emp, dept, c->day, NULL, "confirmed", c->reason);
		detail = xasprintf("%s: %s -> %s from %s: %s", holder, c->code, c->to, c->day, c->reason);
	} else {
		st = space_end(id, c->day);
		detail = xasprintf("%s: last day %s: %s", holder, c->day, c->reason);
	}
	if (st == AF_OK)
		st = audit_log(c->to ? "space_move" : "space_release", c->code, detail);
	free(detail);
	free(holder);
	return st;
}

static af_status keeper(struct keeper_ctx *c, const char *what)
{
	char today[32];
	af_status st = auth_require("manage_resources", what);

	if (st != AF_OK)
		return st;
	if ((st = audit_check_reason(what, c->reason)) != AF_OK)
		return st;
	if (c->day && !db_is_date(c->day))
		return af_fail(AF_INVALID, "%s: --date '%s' is not a date (YYYY-MM-DD)", what, c->day);
	today_text(today, sizeof today);
	if (!c->day)
		c->day = today;
	return db_transact(do_keeper, c);
}

af_status space_release(const char *code, const char *day, const char *reason)
{
	struct keeper_ctx c = { code, NULL, day, reason };

	return keeper(&c, "space release");
}

af_status space_move(const char *code, const char *to, const char *day, const char *reason)
{
	struct keeper_ctx c = { code, to, day, reason };

	return keeper(&c, "space move");
}

/* ---- the register ------------------------------------------------------ */

af_status space_list(int free_only, const char *floor, const char *day, space_row **rows, int *n)
{
	char today[32];
	db_stmt s;
	int rc;

	today_text(today, sizeof today);
	*rows = NULL;
	*n = 0;
	/* The allocation of each space that is current on the day, or the
	 * next one held for it (a pending request counts: the space is not
	 * free for anyone else). */
	db_prepare(&s, "SELECT s.code, s.name, s.kind, s.floor, s.location,"
		   " coalesce(e.name, d.name, ''), coalesce(e.login, d.code, ''),"
		   " coalesce(a.starts_on, ''), coalesce(a.ends_on, ''), coalesce(r.number, ''), a.state = 'held'"
		   " FROM spaces s LEFT JOIN space_allocations a ON a.id = (SELECT x.id FROM space_allocations x"
		   "   WHERE x.space_id = s.id AND x.state <> 'cancelled' AND coalesce(x.ends_on, '9999-12-31') >= :day"
		   "   ORDER BY x.starts_on LIMIT 1)"
		   " LEFT JOIN employees e ON e.id = a.employee_id LEFT JOIN departments d ON d.id = a.department_id"
		   " LEFT JOIN requests r ON r.id = a.request_id"
		   " WHERE (:floor IS NULL OR s.floor = :floor)"
		   " AND (NOT :free OR a.id IS NULL OR a.starts_on > :day)"
		   " ORDER BY s.floor, s.code");
	db_bind_text(&s, ":day", day ? day : today);
	if (floor)
		db_bind_text(&s, ":floor", floor);
	else
		db_bind_null(&s, ":floor");
	db_bind_int(&s, ":free", free_only);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		space_row *r;

		*rows = xrealloc(*rows, (size_t)(*n + 1) * sizeof **rows);
		r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		snprintf(r->code, sizeof r->code, "%s", db_col_text(&s, 0));
		snprintf(r->name, sizeof r->name, "%s", db_col_text(&s, 1));
		snprintf(r->kind, sizeof r->kind, "%s", db_col_text(&s, 2));
		snprintf(r->floor, sizeof r->floor, "%s", db_col_text(&s, 3));
		snprintf(r->location, sizeof r->location, "%s", db_col_text(&s, 4));
		/* A space free now but taken later is free today: say nothing of
		 * the later holder in the free list. */
		if (!free_only) {
			snprintf(r->holder, sizeof r->holder, "%s", db_col_text(&s, 5));
			snprintf(r->holder_login, sizeof r->holder_login, "%s", db_col_text(&s, 6));
			snprintf(r->since, sizeof r->since, "%s", db_col_text(&s, 7));
			snprintf(r->until, sizeof r->until, "%s", db_col_text(&s, 8));
			snprintf(r->request, sizeof r->request, "%s", db_col_text(&s, 9));
			r->held = (int)db_col_int(&s, 10);
		}
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- the space effects (effect_list.h) --------------------------------- */

/* The space request's holder: the employee field, or the department
 * field, or the applicant. */
af_status space_hold_of(const effect_ctx *c)
{
	char *space = effects_value_of_type(c, FT_SPACE);
	char *person = effects_value_of_type(c, FT_EMPLOYEE);
	char *dept = effects_value_of_type(c, FT_DEPARTMENT);
	const form_field *from_f = effects_field_of(c->form, FT_DATE);
	char *from = from_f ? effects_value(c, from_f->name) : NULL;
	char *until = effects_value(c, formdef_field(c->form, "end") ? "end" : NULL);
	char *previous = effects_value(c, formdef_field(c->form, "previous") ? "previous" : NULL);
	int64_t emp = 0, dep = 0;
	char today[32];
	af_status st = AF_OK;

	effects_now_text(today, sizeof today);
	today[10] = '\0';
	if (dept)
		dep = db_int(0, "SELECT id FROM departments WHERE code = ?1", "t", dept);
	else
		emp = person ? db_int(0, "SELECT id FROM employees WHERE login = ?1", "t", person) : c->applicant_id;
	/* A move gives up a space the person has when the new one starts. */
	if (previous && emp) {
		char *before = db_text("", "SELECT date(?1, '-1 day')", "t", from ? from : today);

		if (!space_allocation_of(previous, emp, before))
			st = af_fail_field(AF_INVALID, "previous", "%s is not %s's on %s", previous,
				     person ? person : "the applicant", before);
		free(before);
	}
	if (st == AF_OK)
		st = space_hold(c->request_id, space ? space : "", emp, dep, from ? from : today, until);
	free(space);
	free(person);
	free(dept);
	free(from);
	free(until);
	free(previous);
	return st;
}

af_status space_assign(const effect_ctx *c)
{
	char *previous = effects_value(c, formdef_field(c->form, "previous") ? "previous" : NULL);
	af_status st = space_confirm(c->request_id, previous);

	free(previous);
	return st;
}

af_status space_let_go(const effect_ctx *c) { return space_cancel(c->request_id); }

/* space_release: the applicant gives the space back; its last day is the
 * form's date (or today). Checked at submission, done at the end. */
static af_status space_release_check(const effect_ctx *c, int64_t *id, char *day, size_t len)
{
	char *space = effects_value_of_type(c, FT_SPACE);
	const form_field *date_f = effects_field_of(c->form, FT_DATE);
	char *last = date_f ? effects_value(c, date_f->name) : NULL;
	af_status st = AF_OK;

	effects_now_text(day, len);
	day[10] = '\0';
	if (last)
		snprintf(day, len, "%s", last);
	*id = space ? space_allocation_of(space, c->applicant_id, day) : 0;
	if (!*id)
		st = af_fail(AF_CONFLICT, "space %s: not yours on %s, nothing to give back", space ? space : "", day);
	free(space);
	free(last);
	return st;
}

af_status space_release_submit(const effect_ctx *c)
{
	int64_t id;
	char day[32];

	return space_release_check(c, &id, day, sizeof day);
}

af_status space_release_done(const effect_ctx *c)
{
	int64_t id;
	char day[32];
	af_status st = space_release_check(c, &id, day, sizeof day);

	return st == AF_OK ? space_end(id, day) : st;
}
