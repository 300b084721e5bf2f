/* Time limits: overdue steps reminded, escalated or auto-approved. */
#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "db.h"
#include "effects.h"
#include "engine_limits.h"
#include "engine_int.h"
#include "notice_text.h"
#include "notify.h"
#include "util.h"

struct timeout_ctx {
	FILE *out;     /* this attempt's lines: a retried transaction starts over */
	char *buf;
	size_t len;
	int acted;
};

struct overdue {
	int64_t task, request, step, assignee;
	char number[40], form[40], step_name[64], rule[100], login[65];
};

static void timeout_line(struct timeout_ctx *c, const char *what, const struct overdue *o, const char *detail)
{
	fprintf(c->out, "%s\t%s\t", what, o->number);
	engine_put_cell(c->out, o->step_name);
	fprintf(c->out, "\t%s\t", o->login);
	engine_put_cell(c->out, detail);
	fputc('\n', c->out);
	c->acted++;
}

/* escalate:role:NAME or escalate:up: the task stays with its approver and
 * the people above are asked too. Nobody above: a reminder instead. */
static af_status escalate(struct timeout_ctx *c, const struct overdue *o, const char *occasion)
{
	int64_t to_ids[MAX_PEOPLE];
	int k = 0, added = 0;
	engine_request_row r;
	strbuf names = {0};
	char at[32];
	af_status st = AF_OK;

	engine_now_text(at, sizeof at);
	engine_load_request(o->number, &r);
	if (strcmp(o->rule, "escalate:up") == 0) {
		int64_t up = engine_superior_of(o->assignee);

		if (up)
			to_ids[k++] = up;
	} else {
		db_stmt s;

		db_prepare(&s, "SELECT r.employee_id FROM employee_roles r JOIN employees e ON e.id = r.employee_id"
			   " WHERE r.role = :role AND e.active ORDER BY e.id");
		db_bind_text(&s, ":role", o->rule + strlen("escalate:role:"));
		while (db_step(&s) == SQLITE_ROW && k < MAX_PEOPLE)
			to_ids[k++] = db_col_int(&s, 0);
		db_done(&s);
	}
	for (int j = 0; j < k && st == AF_OK; j++) {
		char *name;

		if (to_ids[j] == r.applicant_id ||
		    db_int(0, "SELECT 1 FROM tasks WHERE step_id = ?1 AND round = ?2 AND assignee_id = ?3"
			   " AND state = 'pending'", "IiI", o->step, r.round, to_ids[j]) == 1)
			continue;
		name = engine_employee_name(to_ids[j]);
		sb_printf(&names, "%s%s", added++ ? ", " : "", name);
		free(name);
		/* The new task stands in for the overdue one (for_id: whose seat
		 * it is): either approving fills the seat, which matters on a
		 * countersign step, where everyone's approval is needed once. */
		if (db_exec("INSERT INTO tasks(request_id, step_id, round, assignee_id, for_id, state, created_at, escalated)"
			    " SELECT ?1, ?2, ?3, ?4, coalesce(for_id, assignee_id), 'pending', ?5, 1 FROM tasks WHERE id = ?6",
			    "IIiItI", o->request, o->step, r.round, to_ids[j], at, o->task) != SQLITE_DONE)
			st = db_fail();
		else
			st = notify_add(to_ids[j], o->request, "escalated", NULL,
					NT_ESCALATED, o->number,
					o->step_name, o->login);
	}
	if (st == AF_OK && !added) {
		/* Nobody to escalate to: the approver is reminded, once. */
		sb_free(&names);
		if (db_int(0, "SELECT 1 FROM notices WHERE occasion = ?1", "t", occasion) == 1)
			return AF_OK;
		timeout_line(c, "remind", o, "overdue; nobody to escalate to");
		return notify_add(o->assignee, o->request, "overdue", occasion,
				  NT_OVERDUE, o->number, o->step_name);
	}
	if (st == AF_OK) {
		char *detail = xasprintf("%s to %s", o->rule, names.buf);

		timeout_line(c, "escalate", o, detail);
		if (db_exec("UPDATE tasks SET escalated = 1 WHERE id = ?1", "I", o->task) != SQLITE_DONE)
			st = db_fail();
		if (st == AF_OK &&
		    (st = engine_record_action(o->request, o->task, o->step, 0, 0, "escalate", detail, NULL)) == AF_OK)
			st = audit_log("escalate", o->number, detail);
		free(detail);
	}
	sb_free(&names);
	return st;
}

static af_status do_timeouts(void *arg)
{
	struct timeout_ctx *c = arg;
	char at[32];
	db_stmt s;
	struct overdue *list = NULL;
	size_t n = 0;
	af_status st = AF_OK;

	c->acted = 0;
	if (af_memout_restart(&c->out, &c->buf, &c->len) != 0)
		return af_fail(AF_ERROR, "remind: out of memory");
	engine_now_text(at, sizeof at);
	/* Overdue first, then due soon: within a quarter of the step's time
	 * limit, at most four hours, before its deadline. */
	db_prepare(&s, "SELECT t.id, t.request_id, t.step_id, t.assignee_id, r.number, r.form, s.title,"
		   " CASE WHEN t.due_at < :now THEN s.on_timeout ELSE 'due_soon' END, e.login"
		   " FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id"
		   " JOIN employees e ON e.id = t.assignee_id"
		   " WHERE t.state = 'pending' AND t.due_at IS NOT NULL AND t.escalated = 0"
		   " AND (t.due_at < :now OR julianday(t.due_at) - julianday(:now)"
		   "      <= min(4.0, s.time_limit / 4.0) / 24.0)"
		   " ORDER BY t.due_at < :now DESC, t.due_at, t.id");
	db_bind_text(&s, ":now", at);
	while (db_step(&s) == SQLITE_ROW) {
		list = xrealloc(list, (n + 1) * sizeof *list);
		list[n].task = db_col_int(&s, 0);
		list[n].request = db_col_int(&s, 1);
		list[n].step = db_col_int(&s, 2);
		list[n].assignee = db_col_int(&s, 3);
		snprintf(list[n].number, sizeof list[n].number, "%s", db_col_text(&s, 4));
		snprintf(list[n].form, sizeof list[n].form, "%s", db_col_text(&s, 5));
		snprintf(list[n].step_name, sizeof list[n].step_name, "%s", db_col_text(&s, 6));
		snprintf(list[n].rule, sizeof list[n].rule, "%s", db_col_text(&s, 7));
		snprintf(list[n].login, sizeof list[n].login, "%s", db_col_text(&s, 8));
		n++;
	}
	db_done(&s);
	for (size_t i = 0; i < n && st == AF_OK; i++) {
		struct overdue *o = &list[i];
		char occasion[80];

		/* An earlier entry may have settled this task (its step completed). */
		if (db_int(0, "SELECT 1 FROM tasks WHERE id = ?1 AND state = 'pending' AND escalated = 0",
			   "I", o->task) != 1)
			continue;
		if (strcmp(o->rule, "due_soon") == 0) {
			snprintf(occasion, sizeof occasion, "due_soon:%lld", (long long)o->task);
			if (db_int(0, "SELECT 1 FROM notices WHERE occasion = ?1", "t", occasion) == 1)
				continue;
			timeout_line(c, "due-soon", o, "due soon");
			st = notify_add(o->assignee, o->request, "due_soon", occasion, NT_DUE_SOON,
						o->number, o->step_name);
			continue;
		}
		snprintf(occasion, sizeof occasion, "overdue:%lld", (long long)o->task);
		if (strcmp(o->rule, "auto_approve") == 0) {
			const form_def *f = formdef_find(o->form);

			if (f && f->allow_auto_approve) {
				engine_request_row r;

				timeout_line(c, "auto-approve", o, "time limit passed");
				engine_load_request(o->number, &r);
				if (db_exec("UPDATE tasks SET state = 'approved', acted_at = ?1, opinion = ?2, escalated = 1"
					    " WHERE id = ?3", "ttI", at, "超时自动通过 auto-approved after the time limit",
					    o->task) != SQLITE_DONE)
					st = db_fail();
				else if ((st = engine_record_action(o->request, o->task, o->step, 0, 0, "auto-approve",
							     "time limit passed", NULL)) == AF_OK &&
					 (st = audit_log("auto-approve", o->number, o->step_name)) == AF_OK)
					st = engine_check_step(&r, o->step);
				continue;
			}
			/* The form does not allow it (or is gone): a reminder instead. */
		} else if (strncmp(o->rule, "escalate:", 9) == 0) {
			st = escalate(c, o, occasion);
			continue;
		}
		if (db_int(0, "SELECT 1 FROM notices WHERE occasion = ?1", "t", occasion) == 1)
			continue;
		timeout_line(c, "remind", o, strcmp(o->rule, "remind") == 0 ? "overdue"
			     : "overdue; auto-approval is not allowed by the form");
		st = notify_add(o->assignee, o->request, "overdue", occasion, NT_OVERDUE,
					o->number, o->step_name);
	}
	free(list);
	return st;
}

af_status engine_timeouts(int dry_run, FILE *out, int *acted)
{
	struct timeout_ctx c = { NULL, NULL, 0, 0 };
	af_status st;

	/* The dry run is this very run, rolled back: one rule for what
	 * remind would do and what it does (an escalation that asks someone
	 * changes what the next overdue seat of the step may escalate to). */
	st = (dry_run ? db_transact_dry : db_transact)(do_timeouts, &c);
	if (c.out)
		fclose(c.out);
	if (st == AF_OK) {
		fprintf(out, "action\tnumber\tstep\tapprover\tdetail\n");
		if (c.buf)
			fwrite(c.buf, 1, c.len, out);
	}
	free(c.buf);
	*acted = c.acted;
	if (st == AF_OK && !dry_run)
		notify_flush();
	return st;
}
