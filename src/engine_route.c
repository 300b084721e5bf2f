/* Approver routing: who is asked at each step and why, delegations. */
#include "autoconf.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "effects.h"
#include "engine_route.h"
#include "engine_int.h"
#include "i18n.h"
#include "util.h"

/* ---- routing ---------------------------------------------------------- */

/* The head of the department above someone: their own department's head,
 * or, for the head themself, the next department up that has one. */
static int64_t superior_in(int64_t emp_id, int64_t *in_dept)
{
	int64_t dept = db_int(0, "SELECT department_id FROM employees WHERE id = ?1", "I", emp_id);

	for (int guard = 0; dept && guard < 32; guard++) {
		int64_t head = db_int(0, "SELECT head_id FROM departments WHERE id = ?1", "I", dept);

		if (head && head != emp_id) {
			if (in_dept)
				*in_dept = dept;
			return head;
		}
		dept = db_int(0, "SELECT parent_id FROM departments WHERE id = ?1", "I", dept);
	}
	return 0;
}

int64_t engine_superior_of(int64_t emp_id)
{
	return superior_in(emp_id, NULL);
}

/* Why a person is asked or a step runs, one code a reason: the English
 * words are the command line's (and the why column's); the screens look
 * them up in the catalog. Arguments are %s, in order (a translation may
 * name them %1$s, %2$s). */
static const struct { const char *code, *words; } reasons[] = {
	{ "self_head", N_("next head up: the applicant heads %s (no self-approval)") },
	{ "dept_head", N_("department head of %s") },
	{ "head_above", N_("department head of %s (%s has no head)") },
	{ "chain", N_("manager chain, level %s") },
	{ "role", N_("role %s") },
	{ "named", N_("named in the form (%s)") },
	{ "field", N_("chosen in field %s") },
	{ "room", N_("manager of room %s") },
	{ "vehicle", N_("manager of vehicle %s") },
	{ "seal", N_("keeper of seal %s") },
	{ "admin_manager", N_("nobody else to approve: the admin manager") },
	{ "superior", N_("superior of the applicant (no self-approval)") },
	{ "manager_superior", N_("nobody else to approve, and the admin manager applied: their superior") },
	{ "when_false", N_("skipped: %s is false") },
	{ "when_true", N_("%s is true") },
	{ "transferred", N_("transferred by %s") },
	{ "added_before", N_("added by %s before the step") },
	{ "added_after", N_("added by %s after the step") },
};
#define REASON_SEP '\x1f'

/* The reason (code and arguments) whose English words are why, or NULL;
 * caller frees. */
static char *reason_of_words(const char *why)
{
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
		const char *at[8];
		size_t len[8];
		int n = 0;
		strbuf sb = {0};

		if (!text_match(reasons[i].words, why, at, len, 8))
			continue;
		for (const char *p = reasons[i].words; (p = strstr(p, "%s")) != NULL; p += 2)
			n++;
		sb_puts(&sb, reasons[i].code);
		for (int k = 0; k < n && k < 8; k++)
			sb_printf(&sb, "%c%.*s", REASON_SEP, (int)len[k], at[k]);
		return sb.buf;
	}
	return NULL;
}

char *engine_reason_text(const char *reason, int shown)
{
	const char *sep = reason ? strchr(reason, REASON_SEP) : NULL;
	size_t clen = sep ? (size_t)(sep - reason) : reason ? strlen(reason) : 0;
	const char *args[8] = {0};
	int nargs = 0;
	strbuf sb = {0};
	char *copy, *label = NULL;

	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
		const char *f;
		int next = 0;

		if (strlen(reasons[i].code) != clen || strncmp(reasons[i].code, reason, clen) != 0)
			continue;
		copy = xstrdup(sep ? sep + 1 : "");
		for (char *a = copy; sep && nargs < 8; nargs++) {
			char *e = strchr(a, REASON_SEP);

			args[nargs] = a;
			if (!e)
				{ nargs++; break; }
			*e = '\0';
			a = e + 1;
		}
		f = shown ? dgettext(PACKAGE, reasons[i].words) : reasons[i].words;
		/* The Chinese screens name a role as the seed labels it (行政专员),
		 * the rest by its code, as the forms and --help do. */
		if (shown && nargs && strcmp(reasons[i].code, "role") == 0 && i18n_chinese() &&
		    (label = db_text(NULL, "SELECT label FROM roles WHERE name = ?1", "t", args[0])) && *label)
			args[0] = label;
		while (*f) {
			int k = -1;

			if (f[0] == '%' && f[1] == '%') {
				sb_puts(&sb, "%");
				f += 2;
				continue;
			}
			if (f[0] == '%' && f[1] == 's') {
				k = next++;
				f += 2;
			} else if (f[0] == '%' && f[1] >= '1' && f[1] <= '8' && f[2] == '$' && f[3] == 's') {
				k = f[1] - '1';
				f += 4;
			}
			if (k >= 0) {
				sb_puts(&sb, k < nargs && args[k] ? args[k] : "");
				continue;
			}
			sb_printf(&sb, "%c", *f++);
		}
		free(copy);
		free(label);
		return sb.buf ? sb.buf : xstrdup("");
	}
	/* A step made before schema 4 kept only the English words: read back
	 * as their code, so old requests read in the screen's language too. */
	if (shown && reason && *reason && !sep) {
		char *code = reason_of_words(reason);

		if (code) {
			char *words = engine_reason_text(code, shown);

			free(code);
			return words;
		}
	}
	return xstrdup(reason ? reason : "");
}

void engine_reason(char *reason, size_t rn, char *why, size_t wn, const char *code, ...)
{
	va_list ap;
	size_t len;
	const char *a;
	char *words;

	snprintf(reason, rn, "%s", code);
	va_start(ap, code);
	while ((a = va_arg(ap, const char *)) != NULL) {
		len = strlen(reason);
		snprintf(reason + len, rn - len, "%c%s", REASON_SEP, a);
	}
	va_end(ap);
	if (why) {
		words = engine_reason_text(reason, 0);
		snprintf(why, wn, "%s", words);
		free(words);
	}
}

static void add_person(engine_person *list, int *n, int64_t id, const char *reason)
{
	char *why;

	if (!id)
		return;
	for (int i = 0; i < *n; i++)
		if (list[i].id == id)
			return;
	if (*n >= MAX_PEOPLE)
		return;
	list[*n].id = id;
	snprintf(list[*n].reason, sizeof list[*n].reason, "%s", reason);
	why = engine_reason_text(reason, 0);
	snprintf(list[*n].why, sizeof list[*n].why, "%s", why);
	free(why);
	(*n)++;
}

static void resolve(const approver_spec *sp, const struct engine_eval_ctx *c, engine_person *list, int *n)
{
	char why[200]; /* the reason: a code and its arguments */

	switch (sp->kind) {
	case AP_DEPT_HEAD: {
		int64_t head_dept = 0, head = superior_in(c->applicant->id, &head_dept);
		int64_t own = db_int(0, "SELECT head_id FROM departments WHERE id = ?1", "I",
				     c->applicant->department_id);

		if (own == c->applicant->id) {
			engine_reason(why, sizeof why, NULL, 0, "self_head", c->applicant->department, (char *)NULL);
		} else if (head && head == own) {
			engine_reason(why, sizeof why, NULL, 0, "dept_head", c->applicant->department, (char *)NULL);
		} else {
			/* The applicant's department has no head: the one above answers,
			 * and the reason names the department they head. */
			char *above = db_text("?", "SELECT name FROM departments WHERE id = ?1", "I", head_dept);

			engine_reason(why, sizeof why, NULL, 0, "head_above", above, c->applicant->department,
				      (char *)NULL);
			free(above);
		}
		add_person(list, n, head, why);
		break;
	}
	case AP_CHAIN: {
		int64_t who = c->applicant->id;

		for (int level = 1; level <= sp->levels; level++) {
			who = engine_superior_of(who);
			if (!who)
				break;
			char lv[16];

			snprintf(lv, sizeof lv, "%d", level);
			engine_reason(why, sizeof why, NULL, 0, "chain", lv, (char *)NULL);
			add_person(list, n, who, why);
		}
		break;
	}
	case AP_ROLE: {
		db_stmt s;

		engine_reason(why, sizeof why, NULL, 0, "role", sp->arg, (char *)NULL);
		db_prepare(&s, "SELECT e.id FROM employee_roles r JOIN employees e ON e.id = r.employee_id"
			   " WHERE r.role = :role AND e.active ORDER BY e.id");
		db_bind_text(&s, ":role", sp->arg);
		while (db_step(&s) == SQLITE_ROW)
			add_person(list, n, db_col_int(&s, 0), why);
		db_done(&s);
		break;
	}
	case AP_USER:
		engine_reason(why, sizeof why, NULL, 0, "named", sp->arg, (char *)NULL);
		add_person(list, n, db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active", "t", sp->arg), why);
		break;
	case AP_FIELD: {
		const form_field *fd = formdef_field(c->form, sp->arg);
		const char *v = engine_fval_text(c->form, c->vals, sp->arg);
		int64_t id = 0;

		if (!fd || !v)
			break;
		switch (fd->type) {
		case FT_EMPLOYEE:
			id = db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active", "t", v);
			engine_reason(why, sizeof why, NULL, 0, "field", fd->name, (char *)NULL);
			break;
		case FT_ROOM:
			id = db_int(0, "SELECT manager_id FROM rooms WHERE code = ?1", "t", v);
			engine_reason(why, sizeof why, NULL, 0, "room", v, (char *)NULL);
			break;
		case FT_VEHICLE:
			id = db_int(0, "SELECT manager_id FROM vehicles WHERE code = ?1", "t", v);
			engine_reason(why, sizeof why, NULL, 0, "vehicle", v, (char *)NULL);
			break;
		case FT_SEAL:
			id = db_int(0, "SELECT keeper_id FROM seals WHERE code = ?1", "t", v);
			engine_reason(why, sizeof why, NULL, 0, "seal", v, (char *)NULL);
			break;
		default:
			break;
		}
		add_person(list, n, id, why);
		break;
	}
	}
}

static void add_stand_in(engine_person *list, int *n, int64_t id, const char *reason)
{
	int before = *n;

	add_person(list, n, id, reason);
	if (*n > before)
		list[*n - 1].stand_in = 1;
}

static void add_admin_managers(engine_route_step *rs, const engine_employee *applicant)
{
	db_stmt s;

	db_prepare(&s, "SELECT e.id FROM employee_roles r JOIN employees e ON e.id = r.employee_id"
		   " WHERE r.role = 'admin_manager' AND e.active AND e.id <> :me ORDER BY e.id");
	db_bind_int(&s, ":me", applicant->id);
	while (db_step(&s) == SQLITE_ROW)
		add_stand_in(rs->people, &rs->n_people, db_col_int(&s, 0),
			     "admin_manager");
	db_done(&s);
}

/* Drops from the step everyone whose own request it is (engine_own_request);
 * 1 when someone was dropped. */
static int drop_own(engine_route_step *rs, const engine_employee *applicant)
{
	int removed = 0;

	for (int i = 0; i < rs->n_people;) {
		if (!engine_own_request(applicant->id, applicant->behalf_by, rs->people[i].id)) {
			i++;
			continue;
		}
		memmove(&rs->people[i], &rs->people[i + 1], (size_t)(rs->n_people - i - 1) * sizeof rs->people[0]);
		rs->n_people--;
		removed = 1;
	}
	return removed;
}

/* Nobody approves their own request (nor one they made for the applicant).
 * The applicant's seat goes first to the others the step already asks
 * (another member of the same role); only when nobody is left does it go
 * up to the applicant's superior. A step left with nobody goes to the
 * admin manager, and when the admin manager is the applicant, to the
 * admin manager's superior. */
static void settle_people(engine_route_step *rs, const engine_employee *applicant)
{
	int removed = drop_own(rs, applicant);

	if (rs->n_people == 0 && removed) {
		add_stand_in(rs->people, &rs->n_people, engine_superior_of(applicant->id),
			     "superior");
		drop_own(rs, applicant);
	}
	if (rs->n_people == 0) {
		add_admin_managers(rs, applicant);
		drop_own(rs, applicant);
	}
	if (rs->n_people == 0)
		add_stand_in(rs->people, &rs->n_people, engine_superior_of(applicant->id),
			     "manager_superior");
}

/* A login a step names (user:LOGIN) that is no active employee: the form
 * is wrong, and the admin manager who keeps it is told where. */
static af_status check_named(const form_def *f, const form_step *sd)
{
	for (int k = 0; k < sd->n_approvers; k++) {
		const approver_spec *sp = &sd->approvers[k];

		if (sp->kind == AP_USER &&
		    db_int(0, "SELECT 1 FROM employees WHERE login = ?1 AND active", "t", sp->arg) != 1)
			return af_fail(AF_CONFLICT, "%s:%d: step %s names approver user:%s, who is no active "
				       "employee; the admin manager must correct the form", f->file, sp->line,
				       sd->name, sp->arg);
	}
	return AF_OK;
}

af_status engine_compute_route(const form_def *f, const field_value *vals, const engine_employee *applicant,
			       engine_route_step *route)
{
	struct engine_eval_ctx c = { f, vals, applicant };
	char err[200];

	for (int i = 0; i < f->n_steps; i++) {
		const form_step *sd = &f->steps[i];
		engine_route_step *rs = &route[i];

		memset(rs, 0, sizeof *rs);
		rs->def = sd;
		if (sd->when) {
			int t = expr_test(sd->when, engine_lookup, &c, err, sizeof err);

			if (t < 0)
				return af_fail(AF_INVALID, "step %s: condition '%s': %s", sd->name, sd->when_text, err);
			if (t == 0) {
				rs->skipped = 1;
				engine_reason(rs->reason, sizeof rs->reason, rs->why, sizeof rs->why, "when_false",
					      sd->when_text, (char *)NULL);
				continue;
			}
			engine_reason(rs->reason, sizeof rs->reason, rs->why, sizeof rs->why, "when_true",
				      sd->when_text, (char *)NULL);
		}
		af_status st = check_named(f, sd);

		if (st != AF_OK)
			return st;
		for (int k = 0; k < sd->n_approvers; k++)
			resolve(&sd->approvers[k], &c, rs->people, &rs->n_people);
		settle_people(rs, applicant);
		for (int k = 0; k < sd->n_cc; k++)
			resolve(&sd->cc[k], &c, rs->cc, &rs->n_cc);
		if (rs->n_people == 0)
			return af_fail(AF_CONFLICT, "step %s: nobody can approve it (no admin manager either)", sd->name);
	}
	/* The slot after the last step holds the form's own CC list. */
	memset(&route[f->n_steps], 0, sizeof route[0]);
	for (int k = 0; k < f->n_cc; k++)
		resolve(&f->cc[k], &c, route[f->n_steps].cc, &route[f->n_steps].n_cc);
	return AF_OK;
}

const char *engine_timeout_name(const form_step *sd, char *buf, size_t len)
{
	switch (sd->on_timeout) {
	case TO_ESCALATE_ROLE: snprintf(buf, len, "escalate:role:%s", sd->escalate_role); break;
	case TO_ESCALATE_UP: snprintf(buf, len, "escalate:up"); break;
	case TO_AUTO_APPROVE: snprintf(buf, len, "auto_approve"); break;
	default: snprintf(buf, len, "remind"); break;
	}
	return buf;
}
int64_t engine_delegate_of(int64_t emp)
{
	char today[11];

	tz_today(today, sizeof today); /* the company's day */
	return db_int(0, "SELECT delegate_id FROM delegations WHERE employee_id = ?1 AND cancelled_at IS NULL"
		      " AND ?2 BETWEEN starts_on AND ends_on ORDER BY id DESC LIMIT 1", "It", emp, today);
}

/* Whether person id is among the approvers of a route step. */
static int route_has(const engine_route_step *rs, int64_t id)
{
	for (int k = 0; k < rs->n_people; k++)
		if (rs->people[k].id == id)
			return 1;
	return 0;
}


static void add_line(engine_route_line **lines, int *n, const form_step *sd, const char *mode,
		     const char *approver, const char *why, char *why_shown, const char *deadline)
{
	engine_route_line *l;

	*lines = xrealloc(*lines, (size_t)(*n + 1) * sizeof **lines);
	l = &(*lines)[(*n)++];
	l->step = xstrdup(sd->name);
	l->title = xstrdup(sd->title);
	l->mode = mode;
	l->approver = xstrdup(approver);
	l->why = xstrdup(why);
	l->why_shown = why_shown; /* taken */
	snprintf(l->deadline, sizeof l->deadline, "%s", deadline);
}

/* Whom the inputs are for: the person named by ENGINE_FOR, refused as
 * submit --for refuses it (engine_for_whom), else the current user. */
af_status engine_route_lines(const form_def *f, const engine_input *in, int n,
			     engine_route_line **lines, int *nlines)
{
	engine_employee applicant;
	int64_t applicant_id;
	engine_route_step *route;
	field_value *vals;
	af_status st;
	time_t t = af_now();

	*lines = NULL;
	*nlines = 0;
	if (me.system || !me.id)
		return af_fail(AF_DENIED, "route: %s is not an employee (use --as LOGIN)", me.login);
	/* The route of a request made for someone is theirs. */
	if ((st = engine_for_whom(f, in, n, "route", &applicant_id)) != AF_OK)
		return st;
	if ((st = engine_collect(f, in, n, applicant_id, &vals)) != AF_OK)
		return st;
	engine_load_employee(applicant_id, &applicant);
	applicant.behalf_by = applicant_id != me.id ? me.id : 0;
	route = xcalloc((size_t)f->n_steps + 1, sizeof *route);
	st = engine_compute_route(f, vals, &applicant, route);
	if (st == AF_OK) {
		const engine_route_step *prev = NULL;

		for (int i = 0; i < f->n_steps; i++) {
			const engine_route_step *rs = &route[i];
			char due[32] = "";

			if (rs->skipped) {
				add_line(lines, nlines, rs->def, "-", "-", rs->why, engine_reason_text(rs->reason, 1), "-");
				continue;
			}
			if (rs->def->time_limit) {
				t += (time_t)rs->def->time_limit * 3600;
				tz_format_local(t, due, sizeof due);
			}
			for (int k = 0; k < rs->n_people; k++) {
				char *name = engine_employee_name(rs->people[k].id);
				int64_t d = engine_delegate_of(rs->people[k].id);
				strbuf why = {0}, shown = {0};
				char *words = engine_reason_text(rs->people[k].reason, 1);

				/* In English for the command line, in the screen's words for
				 * the screens: the same parts. */
				sb_puts(&why, rs->people[k].why);
				sb_puts(&shown, words);
				free(words);
				if (rs->why[0]) {
					sb_printf(&why, "; %s", rs->why);
					words = engine_reason_text(rs->reason, 1);
					sb_printf(&shown, "; %s", words);
					free(words);
				}
				if (d && d != applicant.id) {
					char *dn = engine_employee_name(d);

					sb_printf(&why, "; delegated to %s", dn);
					sb_printf(&shown, _("; delegated to %s"), dn);
					free(dn);
				}
				/* The same person on the step before is asked once (activate). */
				if (cfg.same_approver_once && prev && !rs->people[k].stand_in &&
				    route_has(prev, rs->people[k].id)) {
					sb_printf(&why, "; asked once: approving step %s approves this one too",
						  prev->def->name);
					sb_printf(&shown, _("; asked once: approving step %s approves this one too"),
						  prev->def->name);
				}
				add_line(lines, nlines, rs->def, rs->def->mode_all ? "all" : "any", name,
					 why.buf ? why.buf : "", shown.buf ? shown.buf : xstrdup(""), due[0] ? due : "-");
				sb_free(&why);
				free(name);
			}
			prev = rs;
		}
	}
	free(route);
	engine_fvals_free(vals, f->n_fields);
	if (st != AF_OK) {
		engine_route_lines_free(*lines, *nlines);
		*lines = NULL;
		*nlines = 0;
	}
	return st;
}

void engine_route_lines_free(engine_route_line *lines, int n)
{
	for (int i = 0; i < n; i++) {
		free(lines[i].step);
		free(lines[i].title);
		free(lines[i].approver);
		free(lines[i].why);
		free(lines[i].why_shown);
	}
	free(lines);
}

af_status engine_route(const form_def *f, const engine_input *in, int n, FILE *out)
{
	engine_route_line *lines;
	int nlines;
	af_status st = engine_route_lines(f, in, n, &lines, &nlines);

	if (st != AF_OK)
		return st;
	fprintf(out, "step\ttitle\tmode\tapprover\twhy\tdeadline\n");
	for (int i = 0; i < nlines; i++) {
		const engine_route_line *l = &lines[i];

		engine_put_cell(out, l->step);
		fputc('\t', out);
		engine_put_cell(out, l->title);
		fprintf(out, "\t%s\t", l->mode);
		engine_put_cell(out, l->approver);
		fputc('\t', out);
		engine_put_cell(out, l->why);
		fprintf(out, "\t%s\n", l->deadline);
	}
	engine_route_lines_free(lines, nlines);
	return AF_OK;
}

/* ---- delegation and time limits ---------------------------------------- */

struct delegate_ctx {
	int64_t to;
	const char *from, *until;
};

static af_status do_delegate(void *arg)
{
	struct delegate_ctx *c = arg;
	char *detail, *other;
	af_status st;

	/* One delegate at a time: a second that overlaps is refused. */
	other = db_text(NULL, "SELECT d.id || ' (to ' || e.login || ', ' || d.starts_on || ' to ' || d.ends_on || ')'"
			" FROM delegations d JOIN employees e ON e.id = d.delegate_id WHERE d.employee_id = ?1"
			" AND d.cancelled_at IS NULL AND d.starts_on <= ?3 AND d.ends_on >= ?2 ORDER BY d.id LIMIT 1",
			"Itt", me.id, c->from, c->until);
	if (other) {
		st = af_fail(AF_CONFLICT, "delegate: %s to %s overlaps your delegation %s; cancel it first "
			     "(adminflow delegate --cancel ID)", c->from, c->until, other);
		free(other);
		return st;
	}
	if (db_exec("INSERT INTO delegations(employee_id, delegate_id, starts_on, ends_on) VALUES(?1, ?2, ?3, ?4)",
		    "IItt", me.id, c->to, c->from, c->until) != SQLITE_DONE)
		return db_fail();
	detail = xasprintf("to %lld from %s to %s", (long long)c->to, c->from, c->until);
	st = audit_log("delegate", me.login, detail);
	free(detail);
	return st;
}

static af_status do_undelegate(void *arg)
{
	int64_t id = *(int64_t *)arg, who;
	char at[32], *detail;
	af_status st;

	who = db_int(0, "SELECT employee_id FROM delegations WHERE id = ?1", "I", id);
	if (!who)
		return af_fail(AF_INVALID, "delegate --cancel: no delegation %lld", (long long)id);
	if (who != me.id && !auth_can("manage_rules"))
		return af_fail(AF_DENIED, "delegate --cancel: delegation %lld is not yours", (long long)id);
	if (db_int(0, "SELECT cancelled_at IS NOT NULL FROM delegations WHERE id = ?1", "I", id) == 1)
		return af_fail(AF_CONFLICT, "delegate --cancel: delegation %lld is already cancelled", (long long)id);
	engine_now_text(at, sizeof at);
	if (db_exec("UPDATE delegations SET cancelled_at = ?1 WHERE id = ?2", "tI", at, id) != SQLITE_DONE)
		return db_fail();
	detail = xasprintf("cancelled delegation %lld", (long long)id);
	st = audit_log("delegate_cancel", me.login, detail);
	free(detail);
	return st;
}

af_status engine_undelegate(int64_t id)
{
	if (me.system || !me.id)
		return af_fail(AF_DENIED, "delegate: %s is not an employee (use --as LOGIN)", me.login);
	return db_transact(do_undelegate, &id);
}

af_status engine_delegations(FILE *out)
{
	char today[11];
	db_stmt s;
	int rc;

	tz_today(today, sizeof today);
	fputs("id\tfrom\tto\tstarts\tends\tstate\n", out);
	db_prepare(&s, "SELECT d.id, a.login, b.login, d.starts_on, d.ends_on,"
		   " CASE WHEN d.cancelled_at IS NOT NULL THEN 'cancelled' WHEN d.ends_on < :t THEN 'past'"
		   " WHEN d.starts_on > :t THEN 'planned' ELSE 'running' END"
		   " FROM delegations d JOIN employees a ON a.id = d.employee_id JOIN employees b ON b.id = d.delegate_id"
		   " WHERE d.employee_id = :me OR d.delegate_id = :me ORDER BY d.starts_on, d.id");
	db_bind_text(&s, ":t", today);
	db_bind_int(&s, ":me", me.id);
	while ((rc = db_step(&s)) == SQLITE_ROW)
		fprintf(out, "%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)db_col_int(&s, 0), db_col_text(&s, 1),
			db_col_text(&s, 2), db_col_text(&s, 3), db_col_text(&s, 4), db_col_text(&s, 5));
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

af_status engine_delegate(const char *login, const char *from, const char *until)
{
	struct delegate_ctx c = { engine_employee_by_login(login), from, until };

	if (me.system || !me.id)
		return af_fail(AF_DENIED, "delegate: %s is not an employee (use --as LOGIN)", me.login);
	if (!c.to)
		return af_fail(AF_INVALID, "delegate: '%s' is not an employee", login);
	if (c.to == me.id)
		return af_fail(AF_INVALID, "delegate: you cannot delegate to yourself");
	if (!db_is_date(from))
		return af_fail(AF_INVALID, "delegate: --from '%s' is not a date (YYYY-MM-DD)", from);
	if (!db_is_date(until))
		return af_fail(AF_INVALID, "delegate: --to '%s' is not a date (YYYY-MM-DD)", until);
	if (strcmp(until, from) < 0)
		return af_fail(AF_INVALID, "delegate: --to comes before --from");
	return db_transact(do_delegate, &c);
}
