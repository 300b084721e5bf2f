/* The process engine's core: a request submitted, its steps activated
 * and advanced, and its finish with the effects. */
#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "attach.h"
#include "audit.h"
#include "auth.h"
#include "booking.h"
#include "config.h"
#include "db.h"
#include "effects.h"
#include "engine.h"
#include "engine_int.h"
#include "notice_text.h"
#include "notify.h"
#include "util.h"

void engine_now_text(char *buf, size_t len)
{
	af_format_time(af_now(), buf, len);
}

/* Text from users is made safe for a terminal and for tab-separated output:
 * tabs, newlines and other controls become spaces. */
void engine_put_cell(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s, out);
}

int engine_load_employee(int64_t id, engine_employee *e)
{
	db_stmt s;
	int found = 0;

	memset(e, 0, sizeof *e);
	db_prepare(&s, "SELECT e.id, e.login, e.name, e.department_id, d.name, d.code, e.title"
		   " FROM employees e JOIN departments d ON d.id = e.department_id WHERE e.id = :id");
	db_bind_int(&s, ":id", id);
	if (db_step(&s) == SQLITE_ROW) {
		e->id = db_col_int(&s, 0);
		snprintf(e->login, sizeof e->login, "%s", db_col_text(&s, 1));
		snprintf(e->name, sizeof e->name, "%s", db_col_text(&s, 2));
		e->department_id = db_col_int(&s, 3);
		snprintf(e->department, sizeof e->department, "%s", db_col_text(&s, 4));
		snprintf(e->department_code, sizeof e->department_code, "%s", db_col_text(&s, 5));
		snprintf(e->title, sizeof e->title, "%s", db_col_text(&s, 6));
		found = 1;
	}
	db_done(&s);
	return found;
}

char *engine_employee_name(int64_t id)
{
	return db_text("?", "SELECT name || ' (' || login || ')' FROM employees WHERE id = ?1", "I", id);
}

/* ---- the request's life ----------------------------------------------- */

int engine_load_request(const char *number, engine_request_row *r)
{
	db_stmt s;
	int found = 0;

	memset(r, 0, sizeof *r);
	db_prepare(&s, "SELECT id, applicant_id, coalesce(current_step, 0), round, number, form, state,"
		   " archived_at IS NOT NULL, coalesce(on_behalf_by, 0) FROM requests WHERE number = :n");
	db_bind_text(&s, ":n", number);
	if (db_step(&s) == SQLITE_ROW) {
		r->id = db_col_int(&s, 0);
		r->applicant_id = db_col_int(&s, 1);
		r->current_step = db_col_int(&s, 2);
		r->round = (int)db_col_int(&s, 3);
		snprintf(r->number, sizeof r->number, "%s", db_col_text(&s, 4));
		snprintf(r->form, sizeof r->form, "%s", db_col_text(&s, 5));
		snprintf(r->state, sizeof r->state, "%s", db_col_text(&s, 6));
		r->archived = (int)db_col_int(&s, 7);
		r->behalf_by = db_col_int(&s, 8);
		found = 1;
	}
	db_done(&s);
	return found;
}

af_status engine_record_action(int64_t request_id, int64_t task_id, int64_t step_id,
			       int64_t actor, int64_t for_id, const char *action,
			       const char *opinion, const char *key)
{
	db_stmt s;
	char at[32];
	int rc;

	engine_now_text(at, sizeof at);
	db_prepare(&s, "INSERT INTO actions(request_id, task_id, step_id, actor_id, for_id, action, opinion, at, idem_key)"
		   " VALUES(:r, :t, :s, :a, :f, :act, :o, :at, :k)");
	db_bind_int(&s, ":r", request_id);
	if (task_id) db_bind_int(&s, ":t", task_id); else db_bind_null(&s, ":t");
	if (step_id) db_bind_int(&s, ":s", step_id); else db_bind_null(&s, ":s");
	if (actor) db_bind_int(&s, ":a", actor); else db_bind_null(&s, ":a");
	if (for_id) db_bind_int(&s, ":f", for_id); else db_bind_null(&s, ":f");
	db_bind_text(&s, ":act", action);
	db_bind_text(&s, ":o", opinion ? opinion : "");
	db_bind_text(&s, ":at", at);
	db_bind_text(&s, ":k", key && *key ? key : NULL);
	rc = db_step(&s);
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

af_status engine_advance(const engine_request_row *r);

af_status engine_cc_step(const engine_request_row *r, int64_t step_id, int approved)
{
	char *title = db_text("", "SELECT title FROM steps WHERE id = ?1", "I", step_id);
	int64_t ids[MAX_PEOPLE];
	int n = 0;
	db_stmt s;
	af_status st = AF_OK;

	db_prepare(&s, "SELECT employee_id FROM step_people WHERE step_id = :s AND kind = 'cc'");
	db_bind_int(&s, ":s", step_id);
	while (db_step(&s) == SQLITE_ROW && n < MAX_PEOPLE)
		ids[n++] = db_col_int(&s, 0);
	db_done(&s);
	for (int i = 0; i < n && st == AF_OK; i++) {
		if (db_exec("INSERT OR IGNORE INTO request_cc(request_id, employee_id) VALUES(?1, ?2)",
			    "II", r->id, ids[i]) != SQLITE_DONE)
			st = db_fail();
		else
			st = notify_add(ids[i], r->id, "cc", NULL, approved ? NT_CC_APPROVED : NT_CC_REJECTED, r->number,
					title);
	}
	free(title);
	return st;
}

/* A step is done when one approved (any) or nobody is left pending (all). */
af_status engine_check_step(const engine_request_row *r, int64_t step_id)
{
	char *mode = db_text("any", "SELECT mode FROM steps WHERE id = ?1", "I", step_id);
	int64_t approved = db_int(0, "SELECT count(*) FROM tasks WHERE step_id = ?1 AND round = ?2"
				  " AND state = 'approved'", "Ii", step_id, r->round);
	int64_t pending = db_int(0, "SELECT count(*) FROM tasks WHERE step_id = ?1 AND round = ?2"
				 " AND state = 'pending'", "Ii", step_id, r->round);
	int done = strcmp(mode, "all") == 0 ? (pending == 0 && approved > 0) : approved > 0;
	af_status st;

	free(mode);
	if (!done)
		return AF_OK;
	if (db_exec("UPDATE tasks SET state = 'skipped' WHERE step_id = ?1 AND round = ?2 AND state = 'pending'",
		    "Ii", step_id, r->round) != SQLITE_DONE ||
	    db_exec("UPDATE steps SET state = 'done' WHERE id = ?1", "I", step_id) != SQLITE_DONE)
		return db_fail();
	/* The step's CC is told once it is decided, as DingTalk does. */
	if ((st = engine_cc_step(r, step_id, 1)) != AF_OK)
		return st;
	return engine_advance(r);
}

/* Opens a step: a pending task for each approver (or their delegate), CC
 * notices, then completes it at once if the de-duplication rule already
 * counts it approved. */
af_status engine_activate(const engine_request_row *r, int64_t step_id)
{
	char at[32], due[32];
	int64_t limit = db_int(0, "SELECT time_limit FROM steps WHERE id = ?1", "I", step_id);
	int64_t pos = db_int(0, "SELECT pos FROM steps WHERE id = ?1", "I", step_id);
	/* The step that ran just before, in this round: its approvers are asked once. */
	int64_t prev = db_int(0, "SELECT id FROM steps WHERE request_id = ?1 AND pos < ?2 AND state = 'done'"
			      " ORDER BY pos DESC LIMIT 1", "II", r->id, pos);
	char *title = db_text("", "SELECT title FROM steps WHERE id = ?1", "I", step_id);
	char *prev_title = db_text("", "SELECT title FROM steps WHERE id = ?1", "I", prev);
	int64_t ids[MAX_PEOPLE], asked[MAX_PEOPLE];
	int stand_in[MAX_PEOPLE] = {0};
	int n = 0, n_asked = 0;
	db_stmt s;
	af_status st = AF_OK;

	engine_now_text(at, sizeof at);
	af_format_time(af_now() + (time_t)limit * 3600, due, sizeof due);
	if (db_exec("UPDATE steps SET state = 'active' WHERE id = ?1", "I", step_id) != SQLITE_DONE ||
	    db_exec("UPDATE requests SET current_step = ?1, state = 'pending', updated_at = ?2 WHERE id = ?3",
		    "ItI", step_id, at, r->id) != SQLITE_DONE) {
		free(title);
		free(prev_title);
		return db_fail();
	}
	db_prepare(&s, "SELECT employee_id, stand_in FROM step_people WHERE step_id = :s AND kind = 'approver'");
	db_bind_int(&s, ":s", step_id);
	while (db_step(&s) == SQLITE_ROW && n < MAX_PEOPLE) {
		stand_in[n] = (int)db_col_int(&s, 1);
		ids[n++] = db_col_int(&s, 0);
	}
	db_done(&s);
	for (int i = 0; i < n && st == AF_OK; i++) {
		int64_t assignee = ids[i], for_id = 0, d = engine_delegate_of(ids[i]);
		int64_t task;

		if (d && !engine_own_request(r->applicant_id, r->behalf_by, d)) {
			for_id = assignee;
			assignee = d;
		}
		/* A delegate who is already asked on this step is asked once. */
		{
			int dup = 0;

			for (int k = 0; k < n_asked; k++)
				dup |= asked[k] == assignee;
			if (dup)
				continue;
			asked[n_asked++] = assignee;
		}
		/* (one asked in someone's place is never approved for them) */
		if (cfg.same_approver_once && prev && !stand_in[i] &&
		    /* (the step's few tasks: by acted_by SQLite may pick tasks_actor_request,
		     * every task an admin clerk ever acted on) */
		    db_int(0, "SELECT 1 FROM tasks INDEXED BY tasks_step WHERE step_id = ?1 AND round = ?2"
			   " AND state = 'approved' AND acted_by = ?3", "IiI", prev, r->round, assignee) == 1) {
			char *why = xasprintf("同一审批人已在上一步同意 (approved at the previous step, %s)", prev_title);

			if (db_exec("INSERT INTO tasks(request_id, step_id, round, assignee_id, for_id, state,"
				    " created_at, acted_at, acted_by, opinion) VALUES(?1, ?2, ?3, ?4, nullif(?5, 0),"
				    " 'approved', ?6, ?6, ?4, ?7)",
				    "IIiIItt", r->id, step_id, r->round, assignee, for_id, at, why) != SQLITE_DONE)
				st = db_fail();
			else
				st = engine_record_action(r->id, sqlite3_last_insert_rowid(db_handle()), step_id, assignee,
						   for_id, "asked-once", why, NULL);
			free(why);
			continue;
		}
		if (db_exec("INSERT INTO tasks(request_id, step_id, round, assignee_id, for_id, state, created_at, due_at)"
			    " VALUES(?1, ?2, ?3, ?4, nullif(?5, 0), 'pending', ?6, CASE WHEN ?7 > 0 THEN ?8 END)",
			    "IIiIItIt", r->id, step_id, r->round, assignee, for_id, at, limit, due) != SQLITE_DONE) {
			st = db_fail();
			break;
		}
		task = sqlite3_last_insert_rowid(db_handle());
		(void)task;
		if (for_id) {
			char *principal = engine_employee_name(for_id);

			st = notify_add(assignee, r->id, "task", NULL, NT_TODO_FOR, r->number,
					title, r->form, principal);
			free(principal);
		} else {
			st = notify_add(assignee, r->id, "task", NULL, NT_TODO, r->number, title,
					r->form);
		}
	}
	free(title);
	free(prev_title);
	return st == AF_OK ? engine_check_step(r, step_id) : st;
}

/* Runs one moment of the request's effects (see effects.h). */
af_status engine_run_effects(const engine_request_row *r, af_status (*moment)(const effect_ctx *c))
{
	const form_def *f = formdef_find(r->form);
	effect_ctx c;

	if (!f)
		return af_fail(AF_CONFLICT, "%s: form %s is no longer defined in %s; its effects cannot run",
			       r->number, r->form, cfg.forms_dir);
	c = (effect_ctx){ .request_id = r->id, .number = r->number, .applicant_id = r->applicant_id,
			  .form = f, .actor_id = me.id };
	return moment(&c);
}

static af_status finish(const engine_request_row *r)
{
	const form_def *f = formdef_find(r->form);
	char at[32];
	effect_ctx c;
	af_status st;

	if (!f)
		return af_fail(AF_CONFLICT, "%s: form %s is no longer defined in %s; its effects cannot run",
			       r->number, r->form, cfg.forms_dir);
	engine_now_text(at, sizeof at);
	if (db_exec("UPDATE requests SET state = 'approved', decided_at = ?1, updated_at = ?1,"
		    " current_step = NULL WHERE id = ?2", "tI", at, r->id) != SQLITE_DONE)
		return db_fail();
	c = (effect_ctx){ .request_id = r->id, .number = r->number, .applicant_id = r->applicant_id, .form = f,
			  .actor_id = me.id };
	st = effects_run(&c);
	if (st != AF_OK)
		return st;
	if (db_exec("UPDATE requests SET state = 'done', done_at = ?1, updated_at = ?1 WHERE id = ?2",
		    "tI", at, r->id) != SQLITE_DONE)
		return db_fail();
	/* The person whose action completed the request is the done row's
	 * actor; a time limit's auto-approval leaves it to the system. */
	if ((st = engine_record_action(r->id, 0, 0, me.system ? 0 : me.id, 0, "done", "", NULL)) != AF_OK ||
	    (st = audit_log("done", r->number, f->id)) != AF_OK)
		return st;
	return notify_add(r->applicant_id, r->id, "decided", NULL, NT_APPROVED, r->number, f->title);
}

af_status engine_advance(const engine_request_row *r)
{
	int64_t next = db_int(0, "SELECT id FROM steps WHERE request_id = ?1 AND state = 'planned'"
			      " ORDER BY pos LIMIT 1", "I", r->id);

	return next ? engine_activate(r, next) : finish(r);
}

/* ---- submit ----------------------------------------------------------- */

int engine_may_submit_for(const form_def *f, int64_t who)
{
	for (int i = 0; f && i < f->n_on_behalf; i++)
		if (auth_has_role(who, f->on_behalf[i]))
			return 1;
	return 0;
}

int engine_backdate;

af_status engine_put_step_people(int64_t step_id, const engine_route_step *rs)
{
	for (int k = 0; k < rs->n_people; k++)
		if (db_exec("INSERT INTO step_people(step_id, employee_id, kind, why, stand_in, reason)"
			    " VALUES(?1, ?2, 'approver', ?3, ?4, ?5)", "IItit", step_id, rs->people[k].id,
			    rs->people[k].why, rs->people[k].stand_in, rs->people[k].reason) != SQLITE_DONE)
			return db_fail();
	for (int k = 0; k < rs->n_cc; k++)
		if (db_exec("INSERT OR IGNORE INTO step_people(step_id, employee_id, kind, why, reason)"
			    " VALUES(?1, ?2, 'cc', ?3, ?4)", "IItt", step_id, rs->cc[k].id, rs->cc[k].why,
			    rs->cc[k].reason) != SQLITE_DONE)
			return db_fail();
	return AF_OK;
}

struct submit_ctx {
	const form_def *f;
	field_value *vals;
	engine_route_step *route;
	const char *key;
	char *number;
	size_t number_len;
	attach_file *files; /* attachment fields' files, one an input (data NULL: none) */
	int n_files;
	const char *backdated; /* the audit row's words, or NULL */
	int64_t applicant;     /* whose request it is: me, or the person it is for */
	const char *skip;      /* ENGINE_SKIP's value, or NULL */
};

/* A retry after an ambiguous failure finds the first attempt's request:
 * 1 with *st AF_OK and the number when it is the same person's, of the
 * same form; 1 with AF_CONFLICT when the key was another submission's; 0
 * when the key is new. */
static int submit_retried(struct submit_ctx *c, af_status *st)
{
	char *existing = db_text(NULL, "SELECT number FROM requests WHERE idem_key = ?1", "t", c->key);
	int same;

	if (!existing)
		return 0;
	same = db_int(0, "SELECT 1 FROM requests WHERE idem_key = ?1 AND form = ?2 AND applicant_id = ?3"
		      " AND coalesce(on_behalf_by, applicant_id) = ?4",
		      "ttII", c->key, c->f->id, c->applicant, me.id) == 1;
	*st = same ? AF_OK
		: af_fail(AF_CONFLICT, "submit: the key %s was already used for %s, another submission",
			  c->key, existing);
	if (same)
		snprintf(c->number, c->number_len, "%s", existing);
	free(existing);
	return 1;
}

/* The next number of the form's day counter into c->number: PREFIX-
 * YYYYMMDD-NNNN, the company's date, not UTC's. */
static af_status submit_number(struct submit_ctx *c)
{
	char today[11], day[16];
	char *counter;
	int64_t seq;
	int rc;

	tz_today(today, sizeof today);
	snprintf(day, sizeof day, "%.4s%.2s%.2s", today, today + 5, today + 8);
	counter = xasprintf("%s-%s", c->f->prefix, day);
	rc = db_exec("INSERT INTO counters(name, value) VALUES(?1, 1)"
		     " ON CONFLICT(name) DO UPDATE SET value = value + 1", "t", counter);
	seq = db_int(0, "SELECT value FROM counters WHERE name = ?1", "t", counter);
	free(counter);
	if (rc != SQLITE_DONE)
		return db_fail();
	snprintf(c->number, c->number_len, "%s-%s-%04lld", c->f->prefix, day, (long long)seq);
	return AF_OK;
}

/* The request's row, pending, with its values as JSON; *req_id its id. */
static af_status submit_store(struct submit_ctx *c, int64_t *req_id)
{
	char at[32], *data = engine_build_data(c->f, c->vals);
	db_stmt s;
	int rc;

	engine_now_text(at, sizeof at);
	db_prepare(&s, "INSERT INTO requests(number, form, summary, applicant_id, state, data, idem_key,"
		   " created_at, updated_at, on_behalf_by)"
		   " VALUES(:n, :f, :sum, :a, 'pending', json(:d), :k, :at, :at, :by)");
	db_bind_text(&s, ":n", c->number);
	db_bind_text(&s, ":f", c->f->id);
	db_bind_text(&s, ":sum", engine_summary_of(c->f, c->vals));
	db_bind_int(&s, ":a", c->applicant);
	if (c->applicant != me.id)
		db_bind_int(&s, ":by", me.id);
	else
		db_bind_null(&s, ":by");
	db_bind_text(&s, ":d", data);
	db_bind_text(&s, ":k", c->key);
	db_bind_text(&s, ":at", at);
	rc = db_step(&s);
	db_done(&s);
	free(data);
	if (rc != SQLITE_DONE)
		return db_fail();
	*req_id = sqlite3_last_insert_rowid(db_handle());
	return AF_OK;
}

/* The computed route's steps, who each asks, and the copies (who are told). */
static af_status submit_route(struct submit_ctx *c, int64_t req_id)
{
	af_status st;

	for (int i = 0; i < c->f->n_steps; i++) {
		const engine_route_step *rs = &c->route[i];
		char to[64];
		int64_t step_id;

		if (db_exec("INSERT INTO steps(request_id, pos, name, title, mode, state, why, time_limit, on_timeout,"
			    " reason) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", "Iitttttitt", req_id, (i + 1) * 10,
			    rs->def->name, rs->def->title, rs->def->mode_all ? "all" : "any",
			    rs->skipped ? "skipped" : "planned", rs->why, rs->def->time_limit,
			    engine_timeout_name(rs->def, to, sizeof to), rs->reason) != SQLITE_DONE)
			return db_fail();
		step_id = sqlite3_last_insert_rowid(db_handle());
		if ((st = engine_put_step_people(step_id, rs)) != AF_OK)
			return st;
	}
	for (int k = 0; k < c->route[c->f->n_steps].n_cc; k++) {
		int64_t who = c->route[c->f->n_steps].cc[k].id;

		if (db_exec("INSERT OR IGNORE INTO request_cc(request_id, employee_id) VALUES(?1, ?2)",
			    "II", req_id, who) != SQLITE_DONE)
			return db_fail();
		if ((st = notify_add(who, req_id, "cc", NULL, NT_CC, c->number, c->f->title)) != AF_OK)
			return st;
	}
	return AF_OK;
}

/* The submission on the timeline and in the audit trail; made for someone
 * else, the clerk acted, for the person, who is told. */
static af_status submit_record(struct submit_ctx *c, int64_t req_id)
{
	char *login, *detail;
	af_status st;

	if (c->applicant == me.id) {
		if ((st = engine_record_action(req_id, 0, 0, me.id, 0, "submit", "", NULL)) != AF_OK ||
		    (st = audit_log("submit", c->number, c->f->id)) != AF_OK)
			return st;
	} else {
		login = db_text("", "SELECT login FROM employees WHERE id = ?1", "I", c->applicant);
		detail = xasprintf("%s for %s", c->f->id, login);
		st = engine_record_action(req_id, 0, 0, me.id, c->applicant, "submit", "", NULL);
		if (st == AF_OK)
			st = audit_log("submit", c->number, detail);
		if (st == AF_OK)
			st = notify_add(c->applicant, req_id, "for_you", NULL, NT_FOR_YOU,
					me.name, c->number, c->f->title);
		free(login);
		free(detail);
		if (st != AF_OK)
			return st;
	}
	if (c->backdated && (st = audit_log("backdate", c->number, c->backdated)) != AF_OK)
		return st;
	return AF_OK;
}

/* The submission's transaction: collect (a retry's request, the route
 * again where a budget is at stake), route and store, then the effects
 * that hold something while the request runs (a room's slot). */
static af_status do_submit(void *arg)
{
	struct submit_ctx *c = arg;
	int64_t req_id = 0;
	engine_request_row r;
	af_status st;

	if (submit_retried(c, &st))
		return st;
	/* A condition on what others have under way (over_budget) is decided
	 * again inside the transaction: two claims at once cannot both slip
	 * under the last of a budget. */
	if (formdef_serves(c->f, "budget")) {
		engine_employee applicant;

		engine_load_employee(c->applicant, &applicant);
		applicant.behalf_by = c->applicant != me.id ? me.id : 0;
		if ((st = engine_compute_route(c->f, c->vals, &applicant, c->route)) != AF_OK)
			return st;
	}
	if ((st = submit_number(c)) != AF_OK || (st = submit_store(c, &req_id)) != AF_OK ||
	    (st = submit_route(c, req_id)) != AF_OK || (st = submit_record(c, req_id)) != AF_OK ||
	    (st = attach_fields_store(req_id, c->number, c->files, c->n_files)) != AF_OK)
		return st;
	if (!engine_load_request(c->number, &r))
		return db_fail();
	{
		effect_ctx e = { .request_id = r.id, .number = r.number, .applicant_id = r.applicant_id,
				 .form = c->f, .actor_id = me.id, .skip = c->skip };

		if ((st = effects_submit(&e)) != AF_OK)
			return st;
	}
	return engine_advance(&r);
}

af_status engine_submit(const form_def *f, const engine_input *in, int n,
			const char *key, char *number, size_t number_len)
{
	engine_employee applicant;
	engine_route_step *route;
	field_value *vals;
	engine_input *with_names;
	attach_file *files;
	char *backdated = NULL;
	af_status st;

	const char *skip = NULL;
	int64_t for_id;

	if (me.system || !me.id)
		return af_fail(AF_DENIED, "submit: %s is not an employee (use --as LOGIN)", me.login);
	for (int i = 0; i < n; i++)
		if (strcmp(in[i].name, ENGINE_SKIP) == 0)
			skip = in[i].value;
	booking_clashes_clear();
	if ((st = engine_for_whom(f, in, n, "submit", &for_id)) != AF_OK)
		return st;
	if (!key || strlen(key) < 8 || strlen(key) > 64)
		return af_fail(AF_INVALID, "submit: the idempotency key must be 8 to 64 characters");
	/* Attachment fields: the files are read before the transaction. */
	if ((st = attach_fields_read(f, in, n, &with_names, &files)) != AF_OK)
		return st;
	if ((st = engine_collect(f, with_names, n, for_id, &vals)) != AF_OK) {
		attach_fields_free(with_names, files, n);
		return st;
	}
	if ((st = engine_check_not_past(f, vals, engine_backdate, &backdated)) != AF_OK) {
		engine_fvals_free(vals, f->n_fields);
		attach_fields_free(with_names, files, n);
		return st;
	}
	engine_load_employee(for_id, &applicant);
	applicant.behalf_by = for_id != me.id ? me.id : 0;
	route = xcalloc((size_t)f->n_steps + 1, sizeof *route);
	st = engine_compute_route(f, vals, &applicant, route);
	if (st == AF_OK) {
		struct submit_ctx c = { f, vals, route, key, number, number_len, files, n, backdated, for_id, skip };

		st = db_transact(do_submit, &c);
	}
	free(backdated);
	if (st == AF_CONFLICT)
		booking_record_refused(f, vals);
	free(route);
	engine_fvals_free(vals, f->n_fields);
	attach_fields_free(with_names, files, n);
	if (st == AF_OK)
		notify_flush();
	return st;
}
