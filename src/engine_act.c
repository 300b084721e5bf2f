/* The actions on a request: who may take which, and what each does. */
#include "autoconf.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "effects.h"
#include "engine_act.h"
#include "engine_int.h"
#include "notice_text.h"
#include "notify.h"
#include "util.h"

/* ---- actions ---------------------------------------------------------- */

struct act;

/* Who may take an action: those asked on the current step (their task),
 * the applicant, the applicant or whoever may see everything, holders of
 * the cancel permission, or whoever may see the request. */
enum act_who { WHO_ASKED, WHO_APPLICANT, WHO_APPLICANT_OR_ALL, WHO_CANCELLER, WHO_VIEWER };

/* The one table of actions, read by the permission check (may_act, so
 * engine_allowed_actions too) and by the dispatcher (do_act): the name as
 * typed, who may take it, the states it may be taken from (NULL: the
 * task's step decides) and the refusal for another state, the refusal
 * when it needs a reason and none was given, and what it does. */
struct act_rule {
	const char *name;
	enum act_who who;
	const char *states;       /* space-separated */
	const char *wrong_state;  /* format: number, state */
	int done_if_undoable;     /* also from done, when the effects can be undone */
	const char *needs_reason;
	af_status (*run)(struct act *x);
};
static const struct act_rule act_rules[ACT_RESUBMIT + 1];

const char *engine_action_name(engine_action a) { return act_rules[a].name; }

int engine_action_parse(const char *name, engine_action *out)
{
	for (size_t i = 0; i <= ACT_RESUBMIT; i++) {
		if (strcmp(act_rules[i].name, name) == 0) {
			*out = (engine_action)i;
			return 1;
		}
	}
	return 0;
}

struct act_ctx {
	const char *number;
	engine_action action;
	const engine_args *a;
};

/* Someone may see a request when they applied, were asked, are CC'd, or may
 * see everything. */
int engine_may_see(int64_t request_id)
{
	return me.system || engine_employee_may_see(request_id, me.id);
}

int engine_employee_may_see(int64_t request_id, int64_t who)
{
	int64_t applicant = db_int(0, "SELECT applicant_id FROM requests WHERE id = ?1", "I", request_id);

	return (applicant && applicant == who) || auth_employee_can(who, "view_all") ||
	       /* who made it for the applicant (submit --for) */
	       db_int(0, "SELECT 1 FROM requests WHERE id = ?1 AND on_behalf_by = ?2", "II", request_id, who) == 1 ||
	       db_int(0, "SELECT 1 FROM tasks WHERE request_id = ?1 AND (assignee_id = ?2 OR for_id = ?2) LIMIT 1",
		      "II", request_id, who) == 1 ||
	       db_int(0, "SELECT 1 FROM request_cc WHERE request_id = ?1 AND employee_id = ?2", "II",
		      request_id, who) == 1;
}

/* Each @login in a comment: that person is told, when they may see the
 * request (a mention never shows a request to someone who may not). */
static af_status notify_mentions(const engine_request_row *r, const char *text, int64_t told, int64_t action)
{
	af_status st = AF_OK;

	for (const char *p = strchr(text, '@'); p && st == AF_OK; p = strchr(p + 1, '@')) {
		char login[65];
		size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");
		int64_t who;
		char *occasion;

		if (n == 0 || n >= sizeof login || (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '.')))
			continue; /* an e-mail address, not a mention */
		snprintf(login, sizeof login, "%.*s", (int)n, p + 1);
		who = db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active", "t", login);
		if (!who || who == me.id || who == told || !engine_employee_may_see(r->id, who))
			continue;
		/* once a person a comment, however often named */
		occasion = xasprintf("mention:%lld:%lld", (long long)action, (long long)who);
		st = notify_add(who, r->id, "mention", occasion, NT_MENTION, r->number,
				me.name, text);
		free(occasion);
	}
	return st;
}

int engine_row_may_see(const engine_request_row *r)
{
	return engine_may_see(r->id);
}

/* The current user's pending task on the request's active step, or a
 * refusal that says why there is none: the step was handled (by whom, at
 * what time), the request is closed, or the user is not asked. */
static af_status my_task(const engine_request_row *r, int64_t *task, int64_t *for_id)
{
	db_stmt s;
	int found = 0;
	int64_t mine;

	if (strcmp(r->state, "pending") == 0) {
		/* Mine, or my own seat that a delegate holds while I am away:
		 * the delegator may still act on it, as themselves. */
		db_prepare(&s, "SELECT id, CASE WHEN assignee_id = :me THEN coalesce(for_id, 0) ELSE 0 END"
			   " FROM tasks WHERE step_id = :s AND round = :r"
			   " AND (assignee_id = :me OR for_id = :me) AND state = 'pending'"
			   " ORDER BY assignee_id = :me DESC, id LIMIT 1");
		db_bind_int(&s, ":s", r->current_step);
		db_bind_int(&s, ":r", r->round);
		db_bind_int(&s, ":me", me.id);
		if (db_step(&s) == SQLITE_ROW) {
			*task = db_col_int(&s, 0);
			*for_id = db_col_int(&s, 1);
			found = 1;
		}
		db_done(&s);
		if (found)
			return AF_OK;
	}
	/* Was it mine, and handled first, by someone else or by me? */
	mine = db_int(0, "SELECT step_id FROM tasks WHERE request_id = ?1 AND round = ?2"
		      " AND (assignee_id = ?3 OR for_id = ?3) AND state <> 'pending' ORDER BY id DESC LIMIT 1",
		      "IiI", r->id, r->round, me.id);
	if (mine) {
		char *who = db_text(NULL, "SELECT e.name || ' (' || e.login || ')' ||"
				    " CASE WHEN f.id IS NOT NULL AND f.id <> e.id THEN ' for ' || f.name ELSE '' END || ', who ' ||"
				    " CASE t.state WHEN 'approved' THEN 'approved' WHEN 'rejected' THEN 'rejected'"
				    " WHEN 'returned' THEN 'returned it' WHEN 'transferred' THEN 'transferred it'"
				    " ELSE t.state END || ' at ' || t.acted_at"
				    " FROM tasks t JOIN employees e ON e.id = t.acted_by"
				    " LEFT JOIN employees f ON f.id = t.for_id WHERE t.step_id = ?1"
				    " AND t.round = ?2 AND t.acted_at IS NOT NULL ORDER BY t.acted_at, t.id LIMIT 1",
				    "Ii", mine, r->round);

		if (who) {
			af_status st = af_fail(AF_CONFLICT, "%s: this step was already handled by %s",
					       r->number, who);

			free(who);
			return st;
		}
	}
	/* Never asked on this request: not theirs to act on, whatever its state. */
	if (db_int(0, "SELECT 1 FROM tasks WHERE request_id = ?1 AND (assignee_id = ?2 OR for_id = ?2) LIMIT 1",
		   "II", r->id, me.id) != 1)
		return af_fail(AF_DENIED, "%s: %s is not an approver of this request", r->number, me.login);
	if (strcmp(r->state, "pending") != 0)
		return af_fail(AF_CONFLICT, "%s: the request is %s; nothing to act on", r->number, r->state);
	return af_fail(AF_DENIED, "%s: %s is not an approver of the current step", r->number, me.login);
}

/* my_task, and not a request of one's own: a task given before that rule
 * held (a request made with --for before it did) may still be handed on
 * (transfer), never decided. */
static af_status asked_task(const engine_request_row *r, engine_action action, int64_t *task, int64_t *for_id)
{
	af_status st = my_task(r, task, for_id);

	if (st != AF_OK || action == ACT_TRANSFER || !engine_own_request(r->applicant_id, r->behalf_by, me.id))
		return st;
	if (me.id == r->applicant_id)
		return af_fail(AF_DENIED, "%s: %s applied for it and cannot approve it (transfer the task)", r->number,
			       me.login);
	return af_fail(AF_DENIED, "%s: %s made it for the applicant and cannot approve it (transfer the task)",
		       r->number, me.login);
}

/* Whether the current user may take action on r as it stands -- who they
 * are and the request's state, the rules do_act holds before it acts --:
 * AF_OK, or the refusal do_act gives. */
/* 1 when state is one of the space-separated states. */
static int state_in(const char *state, const char *states)
{
	size_t n = strlen(state);

	for (const char *p = states; *p; p += strcspn(p, " "), p += *p == ' ')
		if (strncmp(p, state, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static af_status may_act(const engine_request_row *r, engine_action action)
{
	const struct act_rule *rule = &act_rules[action];
	int64_t task, for_id;

	if (r->archived) /* archived by age: kept read-only (retention.c) */
		return af_fail(AF_CONFLICT, "%s: archived (retention); it is kept read-only", r->number);
	switch (rule->who) {
	case WHO_ASKED:
		return asked_task(r, action, &task, &for_id);
	case WHO_VIEWER:
		return AF_OK; /* whoever may see it */
	case WHO_APPLICANT:
	case WHO_APPLICANT_OR_ALL:
		if (r->applicant_id != me.id && (rule->who == WHO_APPLICANT || !auth_can("view_all")))
			return af_fail(AF_DENIED, "%s: only the applicant may %s %s", rule->name, rule->name, r->number);
		break;
	case WHO_CANCELLER:
		if (!auth_can("cancel"))
			return af_fail(AF_DENIED, "%s: not permitted for %s (needs the cancel permission)", rule->name,
				       me.login);
		break;
	}
	/* A done request may be cancelled only when its effects can be
	 * undone (a booking frees its slot, reserved stock goes back). */
	if (rule->states && !state_in(r->state, rule->states) &&
	    !(rule->done_if_undoable && strcmp(r->state, "done") == 0 && formdef_find(r->form) &&
	      effects_undoable(formdef_find(r->form))))
		return af_fail(AF_CONFLICT, rule->wrong_state, r->number, r->state);
	return AF_OK;
}

char *engine_allowed_actions(const char *number)
{
	static const engine_action all[] = { ACT_APPROVE, ACT_REJECT, ACT_RETURN, ACT_TRANSFER, ACT_ADDSIGN,
					     ACT_URGE, ACT_RESUBMIT, ACT_WITHDRAW, ACT_COMMENT, ACT_CANCEL };
	engine_request_row r;
	strbuf sb = {0};

	if (me.system || !me.id || !engine_load_request(number, &r) || !engine_row_may_see(&r))
		return xstrdup("");
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (may_act(&r, all[i]) == AF_OK)
			sb_printf(&sb, "%s%s", sb.len ? " " : "", engine_action_name(all[i]));
	af_clear_error();
	return sb_take(&sb);
}

static af_status close_pending(const engine_request_row *r, const char *state)
{
	return db_exec("UPDATE tasks SET state = ?1 WHERE request_id = ?2 AND state = 'pending'",
		       "tI", state, r->id) == SQLITE_DONE ? AF_OK : db_fail();
}

static af_status set_state(const engine_request_row *r, const char *state, int decided)
{
	char at[32];

	engine_now_text(at, sizeof at);
	return db_exec("UPDATE requests SET state = ?1, updated_at = ?2,"
		       " decided_at = CASE WHEN ?3 THEN ?2 ELSE decided_at END WHERE id = ?4",
		       "ttiI", state, at, decided, r->id) == SQLITE_DONE ? AF_OK : db_fail();
}

static af_status act_on_task(const engine_request_row *r, int64_t task, const char *state, const char *opinion)
{
	char at[32];

	engine_now_text(at, sizeof at);
	return db_exec("UPDATE tasks SET state = ?1, acted_at = ?2, acted_by = ?3, opinion = ?4 WHERE id = ?5",
		       "ttItI", state, at, me.id, opinion ? opinion : "", task) == SQLITE_DONE
		? AF_OK : db_fail();
	(void)r;
}

/* A task fills a seat: its own approver's, or, for a delegate or an
 * escalation, the person it stands in for (for_id). Once the seat is
 * approved, the other tasks for it close: on a countersign step the seat
 * counts once, whoever of them approved it. */
static af_status fill_seat(const engine_request_row *r, int64_t task)
{
	return db_exec("UPDATE tasks SET state = 'skipped' WHERE step_id = ?1 AND round = ?2 AND state = 'pending'"
		       " AND id <> ?3 AND coalesce(for_id, assignee_id) ="
		       " (SELECT coalesce(for_id, assignee_id) FROM tasks WHERE id = ?3)",
		       "IiI", r->current_step, r->round, task) == SQLITE_DONE ? AF_OK : db_fail();
}

int64_t engine_employee_by_login(const char *login)
{
	return login ? db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active", "t", login) : 0;
}

/* Sets steps from pos on back to planned, so that they run again. */
static af_status replan_from(const engine_request_row *r, int64_t pos)
{
	if (db_exec("UPDATE steps SET state = 'planned' WHERE request_id = ?1 AND pos >= ?2 AND state <> 'skipped'",
		    "II", r->id, pos) != SQLITE_DONE ||
	    db_exec("UPDATE requests SET round = round + 1 WHERE id = ?1", "I", r->id) != SQLITE_DONE)
		return db_fail();
	return AF_OK;
}

static af_status insert_step(const engine_request_row *r, int64_t pos, int64_t who, const char *reason,
			     int64_t *step_id)
{
	char why[200];
	char *name = engine_employee_name(who);
	char *title = xasprintf("加签 %s", name);
	int rc;

	free(name);
	{
		char *words = engine_reason_text(reason, 0);

		snprintf(why, sizeof why, "%s", words);
		free(words);
	}
	if (db_exec("UPDATE steps SET pos = pos + 1 WHERE request_id = ?1 AND pos >= ?2", "II", r->id, pos) != SQLITE_DONE) {
		free(title);
		return db_fail();
	}
	rc = db_exec("INSERT INTO steps(request_id, pos, name, title, mode, state, why, reason)"
		     " VALUES(?1, ?2, 'addsign', ?3, 'any', 'planned', ?4, ?5)", "IIttt", r->id, pos, title, why, reason);
	free(title);
	if (rc != SQLITE_DONE)
		return db_fail();
	*step_id = sqlite3_last_insert_rowid(db_handle());
	return db_exec("INSERT INTO step_people(step_id, employee_id, kind, why, reason)"
		       " VALUES(?1, ?2, 'approver', ?3, ?4)", "IItt", *step_id, who, why, reason) == SQLITE_DONE
		       ? AF_OK : db_fail();
}

/* Puts the route computed for a resubmission (or an edit) into the
 * request's steps after position after_pos: a condition that changed skips
 * or brings back its step, and every such step gets the approvers and CC
 * the new values give. Steps added by addsign stay as they are. */
static af_status rewrite_steps(const engine_request_row *r, const form_def *f, const engine_route_step *route,
			       int64_t after_pos)
{
	for (int i = 0; i < f->n_steps; i++) {
		const engine_route_step *rs = &route[i];
		int64_t step_id = db_int(0, "SELECT id FROM steps WHERE request_id = ?1 AND name = ?2"
					 " AND name <> 'addsign' AND pos > ?3 ORDER BY pos LIMIT 1", "ItI",
					 r->id, rs->def->name, after_pos);
		af_status st;

		if (!step_id)
			continue;
		if (db_exec("UPDATE steps SET state = ?1, why = ?2, reason = ?4 WHERE id = ?3", "ttIt",
			    rs->skipped ? "skipped" : "planned", rs->why, step_id, rs->reason) != SQLITE_DONE ||
		    db_exec("DELETE FROM step_people WHERE step_id = ?1", "I", step_id) != SQLITE_DONE)
			return db_fail();
		if ((st = engine_put_step_people(step_id, rs)) != AF_OK)
			return st;
	}
	return AF_OK;
}

/* An approver changes the fields their step lists as editable (the
 * finance step corrects an amount, the asset keeper records the outcome);
 * the whole form is validated again and the change is on the timeline. */
static af_status apply_edits(engine_request_row *r, const engine_args *a)
{
	const form_def *f = formdef_find(r->form);
	char *step_name = db_text("", "SELECT name FROM steps WHERE id = ?1", "I", r->current_step);
	const form_step *sd = f ? formdef_step(f, step_name) : NULL;
	engine_input *in;
	strbuf changed = {0};
	field_value *vals;
	int n;
	af_status st;

	if (!f) {
		free(step_name);
		return af_fail(AF_CONFLICT, "%s: form %s is no longer defined", r->number, r->form);
	}
	for (int i = 0; i < a->n_in; i++) {
		int ok = 0;

		for (int k = 0; sd && k < sd->n_editable; k++)
			ok |= strcmp(sd->editable[k], a->in[i].name) == 0;
		if (!ok) {
			st = af_fail_field(AF_DENIED, a->in[i].name, "not editable at step %s", step_name);
			free(step_name);
			return st;
		}
	}
	free(step_name);
	n = engine_stored_inputs(r->id, f, a->n_in, &in);
	for (int i = 0; i < a->n_in; i++) {
		int k;

		for (k = 0; k < n && strcmp(in[k].name, a->in[i].name) != 0; k++)
			;
		if (k == n) {
			in[n].name = xstrdup(a->in[i].name);
			n++;
		} else {
			free((char *)in[k].value);
		}
		in[k].value = xstrdup(a->in[i].value);
		sb_printf(&changed, "%s%s=%s", changed.len ? ", " : "", a->in[i].name, a->in[i].value);
	}
	st = engine_collect(f, in, n, r->applicant_id, &vals);
	engine_inputs_free(in, n);
	if (st == AF_OK) {
		char *data = engine_build_data(f, vals);
		engine_route_step *route = xcalloc((size_t)f->n_steps + 1, sizeof *route);
		engine_employee applicant;

		if (db_exec("UPDATE requests SET data = json(?1), summary = ?2 WHERE id = ?3", "ttI",
			    data, engine_summary_of(f, vals), r->id) != SQLITE_DONE)
			st = db_fail();
		/* The steps still to come follow the changed values: a corrected
		 * amount over the threshold brings in the general manager. */
		engine_load_employee(r->applicant_id, &applicant);
		applicant.behalf_by = r->behalf_by;
		if (st == AF_OK && (st = engine_compute_route(f, vals, &applicant, route)) == AF_OK)
			st = rewrite_steps(r, f, route,
					   db_int(0, "SELECT pos FROM steps WHERE id = ?1", "I", r->current_step));
		free(route);
		free(data);
		engine_fvals_free(vals, f->n_fields);
	}
	if (st == AF_OK)
		st = engine_record_action(r->id, 0, r->current_step, me.id, 0, "edit", changed.buf, NULL);
	sb_free(&changed);
	return st;
}

/* The applicant sends a returned request again, perhaps with changed
 * fields: everything is validated again, the conditions and approvers are
 * worked out again from the new values, and the route starts over. */
static af_status resubmit(const char *number, engine_request_row *r, const engine_args *a, const char *op)
{
	const form_def *f = formdef_find(r->form);
	engine_input *in;
	engine_route_step *route;
	engine_employee applicant;
	field_value *vals;
	strbuf changed = {0};
	char *data, *opinion;
	int n;
	af_status st;

	if (!f)
		return af_fail(AF_CONFLICT, "resubmit: form %s is no longer defined in %s", r->form, cfg.forms_dir);
	n = engine_stored_inputs(r->id, f, a->n_in, &in);
	for (int i = 0; i < a->n_in; i++) {
		const form_field *fd = formdef_field(f, a->in[i].name);
		int k;

		if (!fd) {
			engine_inputs_free(in, n);
			sb_free(&changed);
			return af_fail_field(AF_INVALID, a->in[i].name, "the form %s has no such field",
					     f->id);
		}
		if (fd->type == FT_ATTACHMENT) {
			/* its file is read at submit only: a path here would be kept as text */
			engine_inputs_free(in, n);
			sb_free(&changed);
			return af_fail_field(AF_INVALID, fd->name, "an attachment is not changed at resubmit (adminflow attach"
				       " %s FILE adds one)", number);
		}
		for (k = 0; k < n && strcmp(in[k].name, fd->name) != 0; k++)
			;
		if (k == n) {
			in[n].name = xstrdup(fd->name);
			n++;
		} else {
			free((char *)in[k].value);
		}
		in[k].value = xstrdup(a->in[i].value);
		sb_printf(&changed, "%s%s", changed.len ? ", " : "", fd->name);
	}
	st = engine_collect(f, in, n, r->applicant_id, &vals);
	engine_inputs_free(in, n);
	if (st == AF_OK) {
		/* A returned booking whose time has gone by needs a new time. */
		char *backdated = NULL;

		if ((st = engine_check_not_past(f, vals, 0, &backdated)) != AF_OK)
			engine_fvals_free(vals, f->n_fields);
		free(backdated);
	}
	if (st != AF_OK) {
		sb_free(&changed);
		return st;
	}
	engine_load_employee(r->applicant_id, &applicant);
	applicant.behalf_by = r->behalf_by;
	route = xcalloc((size_t)f->n_steps + 1, sizeof *route);
	st = engine_compute_route(f, vals, &applicant, route);
	if (st == AF_OK) {
		data = engine_build_data(f, vals);
		if (db_exec("UPDATE requests SET data = json(?1), summary = ?2 WHERE id = ?3", "ttI",
			    data, engine_summary_of(f, vals), r->id) != SQLITE_DONE)
			st = db_fail();
		free(data);
	}
	if (st == AF_OK)
		st = rewrite_steps(r, f, route, -1);
	free(route);
	engine_fvals_free(vals, f->n_fields);
	if (changed.len)
		opinion = op[0] ? xasprintf("%s (changed: %s)", op, changed.buf) : xasprintf("changed: %s", changed.buf);
	else
		opinion = xstrdup(op);
	sb_free(&changed);
	if (st == AF_OK) {
		int64_t first = db_int(0, "SELECT min(pos) FROM steps WHERE request_id = ?1 AND state <> 'skipped'",
				       "I", r->id);

		/* What the effects hold follows the changed fields (a new time slot). */
		if ((st = replan_from(r, first)) == AF_OK &&
		    (st = engine_run_effects(r, effects_close)) == AF_OK &&
		    (st = engine_run_effects(r, effects_submit)) == AF_OK &&
		    (st = engine_record_action(r->id, 0, 0, me.id, 0, "resubmit", opinion, a->key)) == AF_OK)
			st = audit_log("resubmit", r->number, opinion);
	}
	free(opinion);
	if (st != AF_OK)
		return st;
	engine_load_request(number, r);
	return engine_advance(r);
}

/* Notifies everyone with a pending task on the request's current step. */
static af_status notify_current(const engine_request_row *r, const char *kind, const char *text)
{
	int64_t ids[MAX_PEOPLE];
	int n = 0;
	db_stmt s;
	af_status st = AF_OK;

	db_prepare(&s, "SELECT DISTINCT assignee_id FROM tasks WHERE request_id = :r AND state = 'pending'");
	db_bind_int(&s, ":r", r->id);
	while (db_step(&s) == SQLITE_ROW && n < MAX_PEOPLE)
		ids[n++] = db_col_int(&s, 0);
	db_done(&s);
	for (int i = 0; i < n && st == AF_OK; i++)
		st = notify_add(ids[i], r->id, kind, NULL, "%s", text);
	return st;
}

/* Each action first checks who may act (4), then whether the request's
 * state allows it (5), then the input (3): the most basic refusal is the
 * one reported. Nothing is written before every check has passed. */
/* ---- the actions, one row each ------------------------------------------ */

/* One action being carried out: the request as loaded, the call's
 * arguments, the opinion ("" when none) and, for the actions of those
 * asked, the user's task on the current step and whom it stands for. */
struct act {
	engine_request_row r;
	const char *number;
	const engine_args *a;
	const char *op;
	int64_t task, for_id;
};

static af_status act_approve(struct act *x)
{
	af_status st;

	if ((x->a->n_in > 0 && (st = apply_edits(&x->r, x->a)) != AF_OK) ||
	    (st = act_on_task(&x->r, x->task, "approved", x->op)) != AF_OK ||
	    (st = fill_seat(&x->r, x->task)) != AF_OK ||
	    (st = engine_record_action(x->r.id, x->task, x->r.current_step, me.id, x->for_id,
					      "approve", x->op, x->a->key)) != AF_OK ||
	    (st = audit_log("approve", x->r.number, x->op)) != AF_OK)
		return st;
	return engine_check_step(&x->r, x->r.current_step);
}

static af_status act_reject(struct act *x)
{
	af_status st;

	if ((st = act_on_task(&x->r, x->task, "rejected", x->op)) != AF_OK ||
	    (st = close_pending(&x->r, "cancelled")) != AF_OK ||
	    (st = set_state(&x->r, "rejected", 1)) != AF_OK ||
	    (st = engine_run_effects(&x->r, effects_close)) != AF_OK ||
	    (st = engine_record_action(x->r.id, x->task, x->r.current_step, me.id, x->for_id,
					      "reject", x->op, x->a->key)) != AF_OK ||
	    (st = audit_log("reject", x->r.number, x->op)) != AF_OK ||
	    (st = engine_cc_step(&x->r, x->r.current_step, 0)) != AF_OK)
		return st;
	return notify_add(x->r.applicant_id, x->r.id, "decided", NULL, NT_REJECTED, x->r.number, x->op);
}

static af_status act_return(struct act *x)
{
	const char *to = x->a->target && *x->a->target ? x->a->target : "applicant";
	int64_t target = 0;
	char *detail;
	af_status st;

	if (strcmp(to, "applicant") != 0) {
		int64_t cur_pos = db_int(0, "SELECT pos FROM steps WHERE id = ?1", "I", x->r.current_step);

		target = db_int(0, "SELECT id FROM steps WHERE request_id = ?1 AND name = ?2"
				" AND pos < ?3 AND state = 'done' ORDER BY pos DESC LIMIT 1",
				"ItI", x->r.id, to, cur_pos);
		if (!target)
			return af_fail(AF_INVALID, "return: '%s' is not an earlier step of %s that ran"
				       " (give a step name, or applicant)", to, x->r.number);
	}
	if ((st = act_on_task(&x->r, x->task, "returned", x->op)) != AF_OK ||
	    (st = close_pending(&x->r, "cancelled")) != AF_OK)
		return st;
	if (!target) {
		if ((st = db_exec("UPDATE steps SET state = 'planned' WHERE id = ?1", "I", x->r.current_step)
		     == SQLITE_DONE ? AF_OK : db_fail()) != AF_OK ||
		    (st = set_state(&x->r, "returned", 0)) != AF_OK)
			return st;
	} else {
		int64_t tpos = db_int(0, "SELECT pos FROM steps WHERE id = ?1", "I", target);

		if ((st = replan_from(&x->r, tpos)) != AF_OK)
			return st;
	}
	detail = xasprintf("to %s%s%s", to, x->op[0] ? ": " : "", x->op);
	st = engine_record_action(x->r.id, x->task, x->r.current_step, me.id, x->for_id, "return", detail, x->a->key);
	if (st == AF_OK)
		st = audit_log("return", x->r.number, detail);
	free(detail);
	if (st == AF_OK)
		st = x->op[0] ? notify_add(x->r.applicant_id, x->r.id, "returned", NULL, NT_RETURNED_WHY, to,
					   x->r.number, x->op)
			      : notify_add(x->r.applicant_id, x->r.id, "returned", NULL, NT_RETURNED, to, x->r.number);
	if (st != AF_OK)
		return st;
	if (!target)
		return AF_OK;
	engine_load_request(x->number, &x->r);
	return engine_advance(&x->r);
}

static af_status act_withdraw(struct act *x)
{
	char *text;
	af_status st;

	text = xasprintf(NT_WITHDRAWN, x->r.number);
	st = notify_current(&x->r, "withdrawn", text);
	free(text);
	if (st != AF_OK || (st = close_pending(&x->r, "cancelled")) != AF_OK ||
	    (st = set_state(&x->r, "withdrawn", 1)) != AF_OK ||
	    (st = engine_run_effects(&x->r, effects_close)) != AF_OK ||
	    (st = engine_record_action(x->r.id, 0, x->r.current_step, me.id, 0, "withdraw", x->op, x->a->key)) != AF_OK)
		return st;
	return audit_log("withdraw", x->r.number, x->op);
}

static af_status act_cancel(struct act *x)
{
	af_status st;

	if ((st = close_pending(&x->r, "cancelled")) != AF_OK || (st = set_state(&x->r, "cancelled", 1)) != AF_OK ||
	    (st = engine_run_effects(&x->r, effects_close)) != AF_OK ||
	    (st = engine_record_action(x->r.id, 0, x->r.current_step, me.id, 0, "cancel", x->op, x->a->key)) != AF_OK ||
	    (st = audit_log("cancel", x->r.number, x->op)) != AF_OK)
		return st;
	return notify_add(x->r.applicant_id, x->r.id, "decided", NULL, NT_CANCELLED, x->r.number, x->op);
}

static af_status act_transfer(struct act *x)
{
	int64_t to = engine_employee_by_login(x->a->target);
	char at[32], *detail;
	af_status st;

	if (!to)
		return af_fail(AF_INVALID, "transfer: '%s' is not an employee", x->a->target ? x->a->target : "");
	if (to == x->r.applicant_id)
		return af_fail(AF_INVALID, "transfer: %s applied for %s and cannot approve it", x->a->target, x->r.number);
	if (engine_own_request(x->r.applicant_id, x->r.behalf_by, to))
		return af_fail(AF_INVALID, "transfer: %s made %s for the applicant and cannot approve it", x->a->target,
			       x->r.number);
	if (to == me.id)
		return af_fail(AF_INVALID, "transfer: the task is already yours");
	if (db_int(0, "SELECT 1 FROM tasks WHERE step_id = ?1 AND round = ?2 AND assignee_id = ?3"
		   " AND state = 'pending'", "IiI", x->r.current_step, x->r.round, to) == 1)
		return af_fail(AF_INVALID, "transfer: %s is already asked on this step of %s", x->a->target, x->r.number);
	if ((st = act_on_task(&x->r, x->task, "transferred", x->op)) != AF_OK)
		return st;
	/* The step is the new person's from now on: when it runs again (an
	 * added signer before it, a return to it) it asks them, not the
	 * person who handed it on. */
	{
		int64_t from = db_int(0, "SELECT coalesce(for_id, assignee_id) FROM tasks WHERE id = ?1", "I", x->task);
		char why[200], reason[200];
		int rc = db_exec("DELETE FROM step_people WHERE step_id = ?1 AND kind = 'approver' AND employee_id = ?2",
				 "II", x->r.current_step, from);

		engine_reason(reason, sizeof reason, why, sizeof why, "transferred", me.login, (char *)NULL);
		if (rc == SQLITE_DONE)
			rc = db_exec("INSERT OR IGNORE INTO step_people(step_id, employee_id, kind, why, reason)"
				     " VALUES(?1, ?2, 'approver', ?3, ?4)", "IItt", x->r.current_step, to, why, reason);
		if (rc != SQLITE_DONE)
			return db_fail();
	}
	engine_now_text(at, sizeof at);
	if (db_exec("INSERT INTO tasks(request_id, step_id, round, assignee_id, state, created_at, due_at)"
		    " SELECT request_id, step_id, round, ?1, 'pending', ?2, due_at FROM tasks WHERE id = ?3",
		    "ItI", to, at, x->task) != SQLITE_DONE)
		return db_fail();
	{
		char *tn = engine_employee_name(to);

		detail = xasprintf("to %s%s%s", tn, x->op[0] ? ": " : "", x->op);
		free(tn);
	}
	st = engine_record_action(x->r.id, x->task, x->r.current_step, me.id, x->for_id, "transfer", detail, x->a->key);
	if (st == AF_OK)
		st = audit_log("transfer", x->r.number, detail);
	free(detail);
	if (st != AF_OK)
		return st;
	return x->op[0] ? notify_add(to, x->r.id, "task", NULL, NT_TRANSFERRED_WHY, x->r.number, x->op)
			: notify_add(to, x->r.id, "task", NULL, NT_TRANSFERRED, x->r.number);
}

static af_status act_addsign(struct act *x)
{
	int64_t who = engine_employee_by_login(x->a->target), pos, step_id;
	char why[200], *detail;
	af_status st;

	if (!who)
		return af_fail(AF_INVALID, "addsign: '%s' is not an employee", x->a->target ? x->a->target : "");
	if (who == x->r.applicant_id)
		return af_fail(AF_INVALID, "addsign: %s applied for %s and cannot approve it", x->a->target, x->r.number);
	if (engine_own_request(x->r.applicant_id, x->r.behalf_by, who))
		return af_fail(AF_INVALID, "addsign: %s made %s for the applicant and cannot approve it", x->a->target,
			       x->r.number);
	if (who == me.id)
		return af_fail(AF_INVALID, "addsign: %s is already asked on this step", x->a->target);
	pos = db_int(0, "SELECT pos FROM steps WHERE id = ?1", "I", x->r.current_step);
	engine_reason(why, sizeof why, NULL, 0, x->a->before ? "added_before" : "added_after", me.login, (char *)NULL);
	{
		char *wn = engine_employee_name(who);

		detail = xasprintf("%s %s%s%s", x->a->before ? "before:" : "after:", wn, x->op[0] ? ": " : "", x->op);
		free(wn);
	}
	if (x->a->before) {
		/* The added signer goes first; this step runs again after. */
		if ((st = close_pending(&x->r, "cancelled")) != AF_OK ||
		    (st = insert_step(&x->r, pos, who, why, &step_id)) != AF_OK ||
		    (st = db_exec("UPDATE steps SET state = 'planned' WHERE id = ?1", "I", x->r.current_step)
		     == SQLITE_DONE ? AF_OK : db_fail()) != AF_OK ||
		    (st = engine_record_action(x->r.id, x->task, x->r.current_step, me.id, x->for_id,
					      "addsign", detail, x->a->key)) != AF_OK ||
		    (st = audit_log("addsign", x->r.number, detail)) != AF_OK) {
			free(detail);
			return st;
		}
		free(detail);
		return engine_activate(&x->r, step_id);
	}
	if ((st = insert_step(&x->r, pos + 1, who, why, &step_id)) == AF_OK &&
	    (st = engine_record_action(x->r.id, x->task, x->r.current_step, me.id, x->for_id,
					      "addsign", detail, x->a->key)) == AF_OK)
		st = audit_log("addsign", x->r.number, detail);
	free(detail);
	return st;
}

static af_status act_urge(struct act *x)
{
	char *text;
	af_status st;

	text = x->op[0] ? xasprintf(NT_URGE_WHY, x->r.number, x->op) : xasprintf(NT_URGE, x->r.number);
	st = notify_current(&x->r, "urge", text);
	free(text);
	if (st != AF_OK ||
	    (st = engine_record_action(x->r.id, 0, x->r.current_step, me.id, 0, "urge", x->op, x->a->key)) != AF_OK)
		return st;
	return audit_log("urge", x->r.number, x->op);
}

static af_status act_comment(struct act *x)
{
	af_status st;

	if ((st = engine_record_action(x->r.id, 0, x->r.current_step, me.id, 0, "comment", x->op, x->a->key)) != AF_OK ||
	    (st = audit_log("comment", x->r.number, x->op)) != AF_OK)
		return st;
	if (x->r.applicant_id != me.id &&
	    (st = notify_add(x->r.applicant_id, x->r.id, "comment", NULL, NT_COMMENT, x->r.number,
			     x->op)) != AF_OK)
		return st;
	return notify_mentions(&x->r, x->op, x->r.applicant_id != me.id ? x->r.applicant_id : 0,
			       db_int(0, "SELECT max(id) FROM actions WHERE request_id = ?1", "I", x->r.id));
}

static af_status act_resubmit(struct act *x)
{
	return resubmit(x->number, &x->r, x->a, x->op);
}

static const struct act_rule act_rules[] = {
	[ACT_APPROVE] = { "approve", WHO_ASKED, NULL, NULL, 0, NULL, act_approve },
	[ACT_REJECT] = { "reject", WHO_ASKED, NULL, NULL, 0, "reject: a reason is required (-m TEXT)", act_reject },
	[ACT_RETURN] = { "return", WHO_ASKED, NULL, NULL, 0, NULL, act_return },
	[ACT_WITHDRAW] = { "withdraw", WHO_APPLICANT, "pending returned", "withdraw: %s is %s", 0, NULL,
			   act_withdraw },
	[ACT_TRANSFER] = { "transfer", WHO_ASKED, NULL, NULL, 0, NULL, act_transfer },
	[ACT_ADDSIGN] = { "addsign", WHO_ASKED, NULL, NULL, 0, NULL, act_addsign },
	[ACT_URGE] = { "urge", WHO_APPLICANT_OR_ALL, "pending", "urge: %s is %s; nobody to urge", 0, NULL, act_urge },
	[ACT_COMMENT] = { "comment", WHO_VIEWER, NULL, NULL, 0, "comment: the text is required (-m TEXT)",
			  act_comment },
	[ACT_CANCEL] = { "cancel", WHO_CANCELLER, "pending returned draft", "cancel: %s is already %s", 1,
			 "cancel: a reason is required (-m TEXT)", act_cancel },
	[ACT_RESUBMIT] = { "resubmit", WHO_APPLICANT, "returned", "resubmit: %s is %s, not returned", 0, NULL,
			   act_resubmit },
};

static af_status do_act(void *arg)
{
	struct act_ctx *c = arg;
	const struct act_rule *rule = &act_rules[c->action];
	struct act x = { .number = c->number, .a = c->a, .op = c->a->opinion ? c->a->opinion : "" };
	const engine_args *a = c->a;
	af_status st;

	if (!engine_load_request(c->number, &x.r))
		return af_fail(AF_INVALID, "%s: no such request", c->number);
	if (a->key && a->key[0]) {
		/* The very action committed by an earlier attempt: done already. */
		int64_t prior = db_int(0, "SELECT request_id FROM actions WHERE idem_key = ?1 AND action = ?2",
				       "tt", a->key, rule->name);

		if (prior == x.r.id)
			return AF_OK;
		if (db_int(0, "SELECT 1 FROM actions WHERE idem_key = ?1", "t", a->key) == 1)
			return af_fail(AF_CONFLICT, "%s: the key %s was already used for another action",
				       x.r.number, a->key);
	}
	if (!engine_row_may_see(&x.r))
		return af_fail(AF_DENIED, "%s: not visible to %s", x.r.number, me.login);
	if (x.op[0] &&
	    (st = fieldvalue_check_text(&(form_field){ .name = "opinion", .max_length = TEXT_LIMIT }, x.op, 1)) != AF_OK)
		return st;
	st = rule->who == WHO_ASKED && !x.r.archived ? asked_task(&x.r, c->action, &x.task, &x.for_id)
						      : may_act(&x.r, c->action);
	if (st != AF_OK)
		return st;
	if (rule->needs_reason && !x.op[0])
		return af_fail(AF_INVALID, "%s", rule->needs_reason);
	return rule->run(&x);
}

af_status engine_act(const char *number, engine_action action, const engine_args *a)
{
	engine_args keyed = *a;
	struct act_ctx c = { number, action, &keyed };
	char generated[33];
	af_status st;

	if (me.system || !me.id)
		return af_fail(AF_DENIED, "%s: %s is not an employee (use --as LOGIN)",
			       engine_action_name(action), me.login);
	/* No key from the caller: one for this call, so that when db_transact
	 * runs do_act again after an ambiguous failure, an action the first
	 * attempt did commit is found as done, not refused as "already
	 * handled" by the very same person. */
	if (!keyed.key || !keyed.key[0]) {
		af_random_key(generated);
		keyed.key = generated;
	}
	st = db_transact(do_act, &c);
	if (st == AF_OK)
		notify_flush();
	return st;
}
