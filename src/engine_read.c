/* The read side: the inbox boxes and a request's view. */
#include "autoconf.h"
#include "booking.h"
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "budget.h"
#include "db.h"
#include "effects.h"
#include "engine_read.h"
#include "engine_int.h"
#include "stock.h"
#include "util.h"

/* ---- reading ---------------------------------------------------------- */

/* The boxes' rows. Columns: number, form, summary, applicant, state, the
 * step's name and title, the time (to do: the task's arrival; done: the
 * latest action; else submitted), due, overdue, and for to do the wait in
 * rounded minutes and in whole hours. */
/* The applicant reads "name (by clerk)" when the clerk made it for them. */
#define INBOX_COLS "r.number, r.form, r.summary, e.name || coalesce(' (by ' ||" \
	" (SELECT b.name FROM employees b WHERE b.id = r.on_behalf_by) || ')', ''), r.state," \
	" coalesce(s.name, ''), coalesce(s.title, ''),"
/* The amount of r: the form's first money field, named in :amounts. */
#define INBOX_AMOUNT ", coalesce(json_extract(r.data, '$.' || (SELECT value FROM json_each(:amounts) WHERE key = r.form)), '')"
static const char *const inbox_sql[] = {
	[BOX_TODO] = "SELECT " INBOX_COLS " t.created_at,"
		" coalesce(t.due_at, ''), t.due_at IS NOT NULL AND t.due_at < :now,"
		" CAST(round((julianday(:now) - julianday(t.created_at)) * 1440) AS INTEGER),"
		" CAST((julianday(:now) - julianday(t.created_at)) * 24 AS INTEGER)" INBOX_AMOUNT
		" FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id"
		" JOIN employees e ON e.id = r.applicant_id"
		" WHERE (t.assignee_id = :me OR t.for_id = :me) AND t.state = 'pending' ORDER BY t.created_at, r.id",
	[BOX_DONE] = "SELECT " INBOX_COLS " max(t.acted_at), '', 0, 0, 0" INBOX_AMOUNT
		" FROM tasks t JOIN requests r ON r.id = t.request_id"
		" LEFT JOIN steps s ON s.id = r.current_step JOIN employees e ON e.id = r.applicant_id"
		" WHERE t.acted_by = :me AND :now IS NOT NULL AND r.archived_at IS NULL GROUP BY r.id ORDER BY max(t.acted_at) DESC, r.id DESC",
	[BOX_MINE] = "SELECT " INBOX_COLS " r.created_at, '', 0, 0, 0" INBOX_AMOUNT
		" FROM requests r LEFT JOIN steps s ON s.id = r.current_step"
		" JOIN employees e ON e.id = r.applicant_id"
		" WHERE (r.applicant_id = :me OR r.on_behalf_by = :me) AND :now IS NOT NULL"
		" AND r.archived_at IS NULL"
		" ORDER BY r.created_at DESC, r.id DESC",
	[BOX_CC] = "SELECT " INBOX_COLS " r.created_at, '', 0, 0, 0" INBOX_AMOUNT
		" FROM request_cc c JOIN requests r ON r.id = c.request_id"
		" LEFT JOIN steps s ON s.id = r.current_step JOIN employees e ON e.id = r.applicant_id"
		" WHERE c.employee_id = :me AND :now IS NOT NULL AND r.archived_at IS NULL ORDER BY r.created_at DESC, r.id DESC",
};
/* The latest actions backwards through tasks_actor, then their
 * requests: grouping all of a clerk's 50,000 took 0.4 s. */
static const char inbox_done_latest[] =
	"SELECT " INBOX_COLS " x.last, '', 0, 0, 0" INBOX_AMOUNT " FROM (SELECT request_id, max(acted_at) last FROM"
	" (SELECT request_id, acted_at FROM tasks WHERE acted_by = :me AND :now IS NOT NULL"
	"  ORDER BY acted_at DESC LIMIT :limit) GROUP BY request_id) x"
	" JOIN requests r ON r.id = x.request_id LEFT JOIN steps s ON s.id = r.current_step"
	" JOIN employees e ON e.id = r.applicant_id WHERE r.archived_at IS NULL ORDER BY x.last DESC, r.id DESC";

/* {"form": "its first money field", ...}: where a box finds the amount
 * that decides an approval. Caller frees. */
static char *amount_fields(void)
{
	strbuf sb = {0};

	sb_puts(&sb, "{");
	for (int i = 0; i < formdef_count(); i++) {
		const form_def *f = formdef_at(i);

		for (int k = 0; k < f->n_fields; k++)
			if (f->fields[k].type == FT_MONEY) {
				/* ids and field names are letters, digits and _ (formdef) */
				sb_printf(&sb, "%s\"%s\":\"%s\"", sb.len > 1 ? "," : "", f->id, f->fields[k].name);
				break;
			}
	}
	sb_puts(&sb, "}");
	return sb_take(&sb);
}

af_status engine_inbox_load(enum engine_box box, int all, engine_inbox_rows *in)
{
	int latest = box == BOX_DONE && !all;
	char now[32];
	db_stmt s;
	int rc;

	memset(in, 0, sizeof *in);
	engine_now_text(now, sizeof now);
	db_prepare(&s, latest ? inbox_done_latest : inbox_sql[box]);
	db_bind_int(&s, ":me", me.id);
	db_bind_text(&s, ":now", now);
	{
		char *amounts = amount_fields();

		db_bind_text(&s, ":amounts", amounts);
		free(amounts);
	}
	if (latest)
		db_bind_int(&s, ":limit", ENGINE_DONE_LATEST);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		engine_inbox_row *w;

		if (in->n % 64 == 0)
			in->rows = xrealloc(in->rows, (size_t)(in->n + 64) * sizeof *in->rows);
		w = &in->rows[in->n++];
		w->number = xstrdup(db_col_text(&s, 0));
		w->form = xstrdup(db_col_text(&s, 1));
		w->summary = xstrdup(db_col_text(&s, 2));
		w->applicant = xstrdup(db_col_text(&s, 3));
		w->state = xstrdup(db_col_text(&s, 4));
		w->step = xstrdup(db_col_text(&s, 5));
		w->step_title = xstrdup(db_col_text(&s, 6));
		{
			char local[32];

			/* Stored in UTC; read on the company's clock. */
			w->at = xstrdup(tz_show(db_col_text(&s, 7), local, sizeof local));
			w->due = xstrdup(tz_show(db_col_text(&s, 8), local, sizeof local));
		}
		w->overdue = (int)db_col_int(&s, 9);
		w->waited_min = db_col_int(&s, 10);
		w->waited_h = db_col_int(&s, 11);
		w->amount = xstrdup(db_col_text(&s, 12));
	}
	db_done(&s);
	if (rc != SQLITE_DONE) {
		engine_inbox_free(in);
		return db_fail();
	}
	/* More actions than the limit: some requests were left out; how many
	 * requests there are in all (tasks_actor_request, no task read). */
	if (latest && db_int(0, "SELECT count(*) FROM (SELECT 1 FROM tasks WHERE acted_by = ?1 LIMIT ?2)", "Ii",
			     me.id, ENGINE_DONE_LATEST + 1) > ENGINE_DONE_LATEST) {
		in->more = 1;
		in->requests = db_int(0, "SELECT count(DISTINCT request_id) FROM tasks WHERE acted_by = ?1", "I", me.id);
	}
	return AF_OK;
}

void engine_inbox_free(engine_inbox_rows *in)
{
	for (int i = 0; i < in->n; i++) {
		engine_inbox_row *w = &in->rows[i];

		free(w->number);
		free(w->form);
		free(w->summary);
		free(w->applicant);
		free(w->state);
		free(w->step);
		free(w->step_title);
		free(w->at);
		free(w->due);
		free(w->amount);
	}
	free(in->rows);
	memset(in, 0, sizeof *in);
}

/* The wait as the command line says it: minutes, hours, then days. */
static void waited(int64_t mins, char *buf, size_t len)
{
	if (mins < 60)
		snprintf(buf, len, "%lldm", (long long)mins);
	else if (mins < 48 * 60)
		snprintf(buf, len, "%lldh", (long long)(mins / 60));
	else
		snprintf(buf, len, "%lldd", (long long)(mins / 1440));
}

af_status engine_inbox(enum engine_box box, int all, int *more, FILE *out)
{
	engine_inbox_rows in;
	af_status st;

	if (more)
		*more = 0;
	if ((st = engine_inbox_load(box, all, &in)) != AF_OK)
		return st;
	fprintf(out, "number\tform\tsummary\tapplicant\tstate\tstep\t%s\tdue\toverdue\n",
		box == BOX_TODO ? "waiting" : box == BOX_DONE ? "acted" : "submitted");
	for (int i = 0; i < in.n; i++) {
		const engine_inbox_row *w = &in.rows[i];
		const char *cells[] = { w->number, w->form, w->summary, w->applicant, w->state, w->step_title };
		char wait[32];

		for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++) {
			engine_put_cell(out, cells[c]);
			fputc('\t', out);
		}
		if (box == BOX_TODO)
			waited(w->waited_min, wait, sizeof wait);
		else
			snprintf(wait, sizeof wait, "%s", w->at);
		fprintf(out, "%s\t%s\t%s\n", wait, w->due, w->overdue ? "OVERDUE" : "");
	}
	if (more)
		*more = in.more;
	engine_inbox_free(&in);
	return AF_OK;
}

/* A lines field's rows, one a line after the field's own line, then the
 * totals of its money columns: "field.lines.2<TAB>category=meals, ...". */
static void show_lines(FILE *out, const form_field *fd, const char *json)
{
	db_stmt s;
	int n = 0;

	db_prepare(&s, "SELECT value FROM json_each(:j) ORDER BY key");
	db_bind_text(&s, ":j", json);
	while (db_step(&s) == SQLITE_ROW) {
		char *row = fieldvalue_lines_row_text(fd, db_col_text(&s, 0), 1);

		fprintf(out, "\nfield.%s.%d\t", fd->name, ++n);
		engine_put_cell(out, row);
		free(row);
	}
	db_done(&s);
	for (int c = 0; c < fd->n_columns; c++) {
		char *path, buf[32];

		if (fd->columns[c].type != FT_MONEY)
			continue;
		path = xasprintf("$.%s", fd->columns[c].name);
		fprintf(out, "\nfield.%s.total.%s\t%s", fd->name, fd->columns[c].name,
			expr_format_money(db_int(0, "SELECT total(json_extract(value, ?2)) FROM json_each(?1)",
						 "tt", json, path), buf, sizeof buf));
		free(path);
	}
}

/* A copy of column i of the current row ("" for NULL). */
static char *col_dup(db_stmt *s, int i)
{
	return xstrdup(db_col_text(s, i));
}

#define GROW(arr, n) ((arr) = xrealloc((arr), (size_t)((n) + 1) * sizeof *(arr)), &(arr)[(n)++])

static af_status view_fields(engine_request_view *v)
{
	db_stmt s;
	int rc;

	db_prepare(&s, "SELECT key, CASE type WHEN 'array' THEN value WHEN 'object' THEN value ELSE atom END"
		   " FROM json_each((SELECT data FROM requests WHERE id = :id))");
	db_bind_int(&s, ":id", v->id);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		engine_view_field *x = GROW(v->fields, v->nfields);

		x->key = col_dup(&s, 0);
		x->fd = v->f ? formdef_field(v->f, x->key) : NULL;
		x->visible = engine_field_visible(x->fd, v->applicant_id);
		x->value = x->visible ? col_dup(&s, 1) : NULL;
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

static af_status view_actions(engine_request_view *v)
{
	db_stmt s;
	int rc;

	db_prepare(&s, "SELECT coalesce(st.name, ''), coalesce(st.title, ''), coalesce(e.name, ''),"
		   " coalesce(fe.name, ''), a.action, a.opinion, a.at,"
		   " CASE WHEN t.created_at IS NULL THEN -1"
		   "  ELSE CAST(round((julianday(a.at) - julianday(t.created_at)) * 1440) AS INTEGER) END,"
		   " CASE WHEN t.due_at IS NULL THEN 0 WHEN a.at <= t.due_at THEN 1 ELSE 2 END, a.id"
		   " FROM actions a LEFT JOIN steps st ON st.id = a.step_id LEFT JOIN employees e ON e.id = a.actor_id"
		   " LEFT JOIN employees fe ON fe.id = a.for_id LEFT JOIN tasks t ON t.id = a.task_id"
		   " WHERE a.request_id = :id ORDER BY a.id");
	db_bind_int(&s, ":id", v->id);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		engine_view_action *x = GROW(v->actions, v->nactions);

		*x = (engine_view_action){ db_col_int(&s, 9), col_dup(&s, 0), col_dup(&s, 1), col_dup(&s, 2), col_dup(&s, 3),
					   col_dup(&s, 4), col_dup(&s, 5), col_dup(&s, 6), db_col_int(&s, 7),
					   (int)db_col_int(&s, 8) };
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

static af_status view_tasks(engine_request_view *v)
{
	db_stmt s;
	char now[32];
	int rc;

	db_prepare(&s, "SELECT st.name, st.title, e.name, coalesce(fe.name, ''), t.created_at, coalesce(t.due_at, ''),"
		   " t.due_at IS NOT NULL AND t.due_at < :now"
		   " FROM steps st JOIN tasks t ON t.step_id = st.id AND t.state = 'pending'"
		   " JOIN employees e ON e.id = t.assignee_id LEFT JOIN employees fe ON fe.id = t.for_id"
		   " WHERE st.request_id = :id ORDER BY st.pos, t.id");
	engine_now_text(now, sizeof now);
	db_bind_text(&s, ":now", now);
	db_bind_int(&s, ":id", v->id);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		engine_view_task *x = GROW(v->tasks, v->ntasks);

		*x = (engine_view_task){ col_dup(&s, 0), col_dup(&s, 1), col_dup(&s, 2), col_dup(&s, 3),
					 col_dup(&s, 4), col_dup(&s, 5), (int)db_col_int(&s, 6) };
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* The steps still to come and those skipped: the route in view. */
static af_status view_plan(engine_request_view *v, int64_t current_step)
{
	db_stmt s;
	int rc;

	db_prepare(&s, "SELECT st.title, coalesce(e.name, ''), st.state, st.why FROM steps st"
		   " LEFT JOIN step_people p ON p.step_id = st.id AND p.kind = 'approver' AND st.state = 'planned'"
		   " LEFT JOIN employees e ON e.id = p.employee_id"
		   " WHERE st.request_id = :id AND st.state IN ('planned', 'skipped')"
		   " AND st.id IS NOT :cur ORDER BY st.pos, e.id");
	db_bind_int(&s, ":id", v->id);
	if (strcmp(v->state, "pending") == 0)
		db_bind_int(&s, ":cur", current_step);
	else
		db_bind_null(&s, ":cur");
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		engine_view_plan *x = GROW(v->plan, v->nplan);

		*x = (engine_view_plan){ col_dup(&s, 0), col_dup(&s, 1), col_dup(&s, 2), col_dup(&s, 3) };
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

af_status engine_request_view_load(const char *number, engine_request_view *v)
{
	engine_request_row r;
	db_stmt s;
	af_status st;

	memset(v, 0, sizeof *v);
	if (!engine_load_request(number, &r))
		return af_fail(AF_INVALID, "%s: no such request", number);
	if (!engine_row_may_see(&r))
		return af_fail(AF_DENIED, "%s: not visible to %s", number, me.login);
	v->id = r.id;
	v->applicant_id = r.applicant_id;
	v->f = formdef_find(r.form);
	v->open = strcmp(r.state, "pending") == 0 || strcmp(r.state, "returned") == 0;
	db_prepare(&s, "SELECT r.number, r.form, e.name, d.name, r.state, r.summary, r.created_at, r.updated_at,"
		   " coalesce(r.decided_at, ''), coalesce(r.done_at, ''), coalesce(st.title, ''), e.login"
		   " FROM requests r JOIN employees e ON e.id = r.applicant_id"
		   " LEFT JOIN departments d ON d.id = e.department_id LEFT JOIN steps st ON st.id = :step"
		   " WHERE r.id = :id");
	db_bind_int(&s, ":id", r.id);
	if (r.current_step && v->open)
		db_bind_int(&s, ":step", r.current_step);
	else
		db_bind_null(&s, ":step");
	if (db_step(&s) == SQLITE_ROW) {
		v->number = col_dup(&s, 0);
		v->form = col_dup(&s, 1);
		v->applicant = col_dup(&s, 2);
		v->department = col_dup(&s, 3);
		v->state = col_dup(&s, 4);
		v->summary = col_dup(&s, 5);
		v->created = col_dup(&s, 6);
		v->updated = col_dup(&s, 7);
		v->decided = col_dup(&s, 8);
		v->done = col_dup(&s, 9);
		v->step_title = col_dup(&s, 10);
		v->login = col_dup(&s, 11);
	}
	db_done(&s);
	if (!v->number)
		return db_fail();
	v->by = db_text("", "SELECT e.name || ' (' || e.login || ')' FROM requests r"
			" JOIN employees e ON e.id = r.on_behalf_by WHERE r.id = ?1", "I", r.id);
	if ((st = view_fields(v)) != AF_OK || (st = view_actions(v)) != AF_OK || (st = view_tasks(v)) != AF_OK ||
	    (st = booking_occurrences(r.id, &v->occ, &v->nocc)) != AF_OK)
		return st;
	return v->open ? view_plan(v, r.current_step) : AF_OK;
}

void engine_request_view_free(engine_request_view *v)
{
	char **heads[] = { &v->number, &v->form, &v->applicant, &v->login, &v->department, &v->state, &v->summary,
			   &v->created, &v->updated, &v->decided, &v->done, &v->step_title };

	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		free(*heads[i]);
	for (int i = 0; i < v->nfields; i++) {
		free(v->fields[i].key);
		free(v->fields[i].value);
	}
	for (int i = 0; i < v->nactions; i++) {
		engine_view_action *x = &v->actions[i];

		free(x->step); free(x->step_title); free(x->actor); free(x->for_name);
		free(x->action); free(x->opinion); free(x->at);
	}
	for (int i = 0; i < v->ntasks; i++) {
		engine_view_task *x = &v->tasks[i];

		free(x->step); free(x->step_title); free(x->who); free(x->for_name); free(x->since); free(x->due);
	}
	for (int i = 0; i < v->nplan; i++) {
		free(v->plan[i].title); free(v->plan[i].approver); free(v->plan[i].state); free(v->plan[i].why);
	}
	free(v->by);
	free(v->occ);
	free(v->fields);
	free(v->actions);
	free(v->tasks);
	free(v->plan);
	memset(v, 0, sizeof *v);
}

/* ---- `show`: the view as key<TAB>value lines, then the timeline ------------ */

static void show_head(const engine_request_view *v, FILE *out)
{
	char t1[32], t2[32];

	fprintf(out, "number\t%s\nform\t%s\ntitle\t%s\napplicant\t%s (%s)\nstate\t%s\n", v->number, v->form,
		v->f ? v->f->title : v->form, v->applicant, v->login, v->state);
	if (v->by && *v->by)
		fprintf(out, "by\t%s\n", v->by);
	fputs("summary\t", out);
	engine_put_cell(out, v->summary);
	/* Stored in UTC, shown on the company's clock. */
	fprintf(out, "\nsubmitted\t%s\nupdated\t%s\n", tz_show(v->created, t1, sizeof t1),
		tz_show(v->updated, t2, sizeof t2));
	if (*v->decided)
		fprintf(out, "decided\t%s\n", tz_show(v->decided, t1, sizeof t1));
	if (*v->done)
		fprintf(out, "done\t%s\n", tz_show(v->done, t1, sizeof t1));
	if (*v->step_title) {
		fputs("step\t", out);
		engine_put_cell(out, v->step_title);
		fputc('\n', out);
	}
	/* A series: each date, with what happened to it alone. */
	for (int i = 0; v->nocc > 1 && i < v->nocc; i++) {
		const booking_occurrence *o = &v->occ[i];
		char note[160] = "";

		if (o->change == BOOKING_LEFT_OUT)
			snprintf(note, sizeof note, " (left out: asked)");
		else if (o->change == BOOKING_TAKEN)
			snprintf(note, sizeof note, " (left out: taken by %s)", o->other);
		else if (o->change == BOOKING_CANCELLED)
			snprintf(note, sizeof note, " (cancelled alone)");
		else if (o->change == BOOKING_MOVED)
			snprintf(note, sizeof note, " (moved from %s)", o->other);
		fprintf(out, "occurrence.%d\t%s–%s %s %s%s\n", i + 1, o->start, o->end, o->code, o->state, note);
	}
	if (v->open && formdef_serves(v->f, "budget")) {
		af_said why;

		if (budget_over_request(v->id, &why) == 1)
			fprintf(out, "budget\t%s\n", why.en);
	}
	/* What the storekeeper's approval would find short, before they
	 * approve: the same words as the refusal then. */
	for (int i = 0; v->open && i < v->nfields; i++) {
		const engine_view_field *x = &v->fields[i];
		af_said why;

		if (x->fd && x->fd->type == FT_SUPPLY_LINES && x->visible &&
		    stock_shortfall(x->value, &why))
			fprintf(out, "stock\t%s\n", why.en);
	}
}

static void show_fields(const engine_request_view *v, FILE *out)
{
	for (int i = 0; i < v->nfields; i++) {
		const engine_view_field *x = &v->fields[i];

		fprintf(out, "field.%s\t", x->key);
		if (!x->visible) {
			fputs("******", out);
		} else {
			char *text = engine_stored_text(x->fd, x->value);

			engine_put_cell(out, text);
			free(text);
			if (x->fd && x->fd->type == FT_LINES)
				show_lines(out, x->fd, x->value);
		}
		fputc('\n', out);
	}
}

/* One timeline row: the first five cells made safe, the rest as they are. */
static void show_row(FILE *out, const char *const cells[8])
{
	for (int i = 0; i < 5; i++) {
		engine_put_cell(out, cells[i]);
		fputc('\t', out);
	}
	fprintf(out, "%s\t%s\t%s\n", cells[5], cells[6], cells[7]);
}

/* The timeline: every action, then who is being asked now, then the steps
 * still to come and those skipped, so the whole route is in view. A
 * delegate's row reads "X for Y". */
static void show_timeline(const engine_request_view *v, FILE *out)
{
	static const char *const limits[] = { "", "kept", "missed" };

	fputs("\nstep\twho\tfor\taction\topinion\tat\ttook\tlimit\n", out);
	for (int i = 0; i < v->nactions; i++) {
		const engine_view_action *x = &v->actions[i];
		char *who = !*x->actor ? xstrdup("system")
			    : *x->for_name ? xasprintf("%s for %s", x->actor, x->for_name) : xstrdup(x->actor);
		char took[32] = "", local[32];

		if (x->took_min >= 0)
			snprintf(took, sizeof took, "%lldh%02lldm", (long long)(x->took_min / 60),
				 (long long)(x->took_min % 60));
		show_row(out, (const char *[]){ x->step_title, who, x->for_name, x->action, x->opinion,
						tz_show(x->at, local, sizeof local), took, limits[x->limit] });
		free(who);
	}
	for (int i = 0; i < v->ntasks; i++) {
		const engine_view_task *x = &v->tasks[i];
		char *who = *x->for_name ? xasprintf("%s for %s", x->who, x->for_name) : xstrdup(x->who);
		char local[32];

		show_row(out, (const char *[]){ x->step_title, who, x->for_name, "waiting", "",
						tz_show(x->due, local, sizeof local), "", x->overdue ? "OVERDUE" : "" });
		free(who);
	}
	for (int i = 0; i < v->nplan; i++) {
		const engine_view_plan *x = &v->plan[i];

		show_row(out, (const char *[]){ x->title, x->approver, "", x->state, x->why, "", "", "" });
	}
}

af_status engine_show(const char *number, FILE *out)
{
	engine_request_view v;
	af_status st = engine_request_view_load(number, &v);

	if (st == AF_OK) {
		show_head(&v, out);
		show_fields(&v, out);
		show_timeline(&v, out);
	}
	engine_request_view_free(&v);
	return st;
}
