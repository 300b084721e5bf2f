/* The read side: the inbox boxes and a request's view. */
#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "budget.h"
#include "db.h"
#include "effects.h"
#include "engine_read.h"
#include "engine_int.h"
#include "util.h"

/* ---- reading ---------------------------------------------------------- */

/* The boxes' rows. Columns: number, form, summary, applicant, state, the
 * step's name and title, the time (to do: the task's arrival; done: the
 * latest action; else submitted), due, overdue, and for to do the wait in
 * rounded minutes and in whole hours. */
#define INBOX_COLS "r.number, r.form, r.summary, e.name, r.state, coalesce(s.name, ''), coalesce(s.title, ''),"
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
		" WHERE t.acted_by = :me AND :now IS NOT NULL GROUP BY r.id ORDER BY max(t.acted_at) DESC, r.id DESC",
	[BOX_MINE] = "SELECT " INBOX_COLS " r.created_at, '', 0, 0, 0" INBOX_AMOUNT
		" FROM requests r LEFT JOIN steps s ON s.id = r.current_step"
		" JOIN employees e ON e.id = r.applicant_id WHERE r.applicant_id = :me AND :now IS NOT NULL"
		" ORDER BY r.created_at DESC, r.id DESC",
	[BOX_CC] = "SELECT " INBOX_COLS " r.created_at, '', 0, 0, 0" INBOX_AMOUNT
		" FROM request_cc c JOIN requests r ON r.id = c.request_id"
		" LEFT JOIN steps s ON s.id = r.current_step JOIN employees e ON e.id = r.applicant_id"
		" WHERE c.employee_id = :me AND :now IS NOT NULL ORDER BY r.created_at DESC, r.id DESC",
};
/* The latest actions backwards through tasks_actor, then their
 * requests: grouping all of a clerk's 50,000 took 0.4 s. */
static const char inbox_done_latest[] =
	"SELECT " INBOX_COLS " x.last, '', 0, 0, 0" INBOX_AMOUNT " FROM (SELECT request_id, max(acted_at) last FROM"
	" (SELECT request_id, acted_at FROM tasks WHERE acted_by = :me AND :now IS NOT NULL"
	"  ORDER BY acted_at DESC LIMIT :limit) GROUP BY request_id) x"
	" JOIN requests r ON r.id = x.request_id LEFT JOIN steps s ON s.id = r.current_step"
	" JOIN employees e ON e.id = r.applicant_id ORDER BY x.last DESC, r.id DESC";

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
	now_text(now, sizeof now);
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
			put_cell(out, cells[c]);
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
		char *row = lines_row_text(fd, db_col_text(&s, 0), 1);

		fprintf(out, "\nfield.%s.%d\t", fd->name, ++n);
		put_cell(out, row);
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

af_status engine_show(const char *number, FILE *out)
{
	const form_def *f;
	request_row r;
	db_stmt s;
	int open;
	char *data, *applicant;

	if (!load_request(number, &r))
		return af_fail(AF_INVALID, "%s: no such request", number);
	if (!may_see(&r))
		return af_fail(AF_DENIED, "%s: not visible to %s", number, me.login);
	f = formdef_find(r.form);
	open = strcmp(r.state, "pending") == 0 || strcmp(r.state, "returned") == 0;
	applicant = employee_name(r.applicant_id);
	db_prepare(&s, "SELECT created_at, updated_at, coalesce(decided_at, ''), coalesce(done_at, ''), summary"
		   " FROM requests WHERE id = :id");
	db_bind_int(&s, ":id", r.id);
	if (db_step(&s) == SQLITE_ROW) {
		fprintf(out, "number\t%s\nform\t%s\ntitle\t%s\napplicant\t%s\nstate\t%s\n", r.number, r.form,
			f ? f->title : r.form, applicant, r.state);
		fputs("summary\t", out);
		put_cell(out, db_col_text(&s, 4));
		char t1[32], t2[32];

		/* Stored in UTC, shown on the company's clock. */
		fprintf(out, "\nsubmitted\t%s\nupdated\t%s\n", tz_show(db_col_text(&s, 0), t1, sizeof t1),
			tz_show(db_col_text(&s, 1), t2, sizeof t2));
		if (*db_col_text(&s, 2))
			fprintf(out, "decided\t%s\n", tz_show(db_col_text(&s, 2), t1, sizeof t1));
		if (*db_col_text(&s, 3))
			fprintf(out, "done\t%s\n", tz_show(db_col_text(&s, 3), t1, sizeof t1));
	}
	db_done(&s);
	free(applicant);
	if (r.current_step && open) {
		char *step = db_text("", "SELECT title FROM steps WHERE id = ?1", "I", r.current_step);

		fputs("step\t", out);
		put_cell(out, step);
		fputc('\n', out);
		free(step);
	}
	if (open && formdef_serves(f, "budget")) {
		char why[200];

		if (budget_over_request(r.id, why, sizeof why) == 1)
			fprintf(out, "budget\t%s\n", why);
	}
	data = db_text("{}", "SELECT data FROM requests WHERE id = ?1", "I", r.id);
	db_prepare(&s, "SELECT key, CASE type WHEN 'array' THEN value WHEN 'object' THEN value ELSE atom END"
		   " FROM json_each(:d)");
	db_bind_text(&s, ":d", data);
	while (db_step(&s) == SQLITE_ROW) {
		const char *key = db_col_text(&s, 0);
		const form_field *fd = f ? formdef_field(f, key) : NULL;

		fprintf(out, "field.%s\t", key);
		if (!engine_field_visible(fd, r.applicant_id)) {
			fputs("******", out);
		} else {
			char *text = stored_text(fd, db_col_text(&s, 1));

			put_cell(out, text);
			free(text);
			if (fd && fd->type == FT_LINES)
				show_lines(out, fd, db_col_text(&s, 1));
		}
		fputc('\n', out);
	}
	db_done(&s);
	free(data);
	/* The timeline: every action, then who is being asked now, then the
	 * steps still to come and those skipped, so the whole route is in view.
	 * A delegate's row reads "X for Y". */
	fputs("\nstep\twho\tfor\taction\topinion\tat\ttook\tlimit\n", out);
	db_prepare(&s, "SELECT coalesce(st.title, ''),"
		   " coalesce(e.name || CASE WHEN fe.name IS NOT NULL THEN ' for ' || fe.name ELSE '' END, 'system'),"
		   " coalesce(fe.name, ''), a.action, a.opinion, a.at, coalesce(t.created_at, ''), coalesce(t.due_at, '')"
		   " FROM actions a LEFT JOIN steps st ON st.id = a.step_id LEFT JOIN employees e ON e.id = a.actor_id"
		   " LEFT JOIN employees fe ON fe.id = a.for_id LEFT JOIN tasks t ON t.id = a.task_id"
		   " WHERE a.request_id = :id ORDER BY a.id");
	db_bind_int(&s, ":id", r.id);
	while (db_step(&s) == SQLITE_ROW) {
		const char *created = db_col_text(&s, 6), *due = db_col_text(&s, 7), *at = db_col_text(&s, 5);
		char took[32] = "", limit[16] = "";

		if (*created) {
			int64_t m = db_int(0, "SELECT CAST(round((julianday(?1) - julianday(?2)) * 1440) AS INTEGER)",
					   "tt", at, created);

			snprintf(took, sizeof took, "%lldh%02lldm", (long long)(m / 60), (long long)(m % 60));
		}
		if (*due)
			snprintf(limit, sizeof limit, "%s", strcmp(at, due) <= 0 ? "kept" : "missed");
		for (int i = 0; i < 5; i++) {
			put_cell(out, db_col_text(&s, i));
			fputc('\t', out);
		}
		{
			char local[32];

			fprintf(out, "%s\t%s\t%s\n", tz_show(at, local, sizeof local), took, limit);
		}
	}
	db_done(&s);
	db_prepare(&s, "SELECT st.title, e.name || CASE WHEN fe.name IS NOT NULL THEN ' for ' || fe.name ELSE '' END,"
		   " coalesce(fe.name, ''), coalesce(t.due_at, ''), t.due_at IS NOT NULL AND t.due_at < :now"
		   " FROM steps st JOIN tasks t ON t.step_id = st.id AND t.state = 'pending'"
		   " JOIN employees e ON e.id = t.assignee_id LEFT JOIN employees fe ON fe.id = t.for_id"
		   " WHERE st.request_id = :id ORDER BY st.pos, t.id");
	{
		char now[32];

		now_text(now, sizeof now);
		db_bind_text(&s, ":now", now);
	}
	db_bind_int(&s, ":id", r.id);
	while (db_step(&s) == SQLITE_ROW) {
		for (int i = 0; i < 3; i++) {
			put_cell(out, db_col_text(&s, i));
			fputc('\t', out);
		}
		char local[32];

		fprintf(out, "waiting\t\t%s\t\t%s\n", tz_show(db_col_text(&s, 3), local, sizeof local),
			db_col_int(&s, 4) ? "OVERDUE" : "");
	}
	db_done(&s);
	if (!open)
		return AF_OK;
	db_prepare(&s, "SELECT st.title, coalesce(e.name, ''), st.state, st.why FROM steps st"
		   " LEFT JOIN step_people p ON p.step_id = st.id AND p.kind = 'approver' AND st.state = 'planned'"
		   " LEFT JOIN employees e ON e.id = p.employee_id"
		   " WHERE st.request_id = :id AND st.state IN ('planned', 'skipped')"
		   " AND st.id IS NOT :cur ORDER BY st.pos, e.id");
	db_bind_int(&s, ":id", r.id);
	if (strcmp(r.state, "pending") == 0)
		db_bind_int(&s, ":cur", r.current_step);
	else
		db_bind_null(&s, ":cur");
	while (db_step(&s) == SQLITE_ROW) {
		put_cell(out, db_col_text(&s, 0));
		fputc('\t', out);
		put_cell(out, db_col_text(&s, 1));
		fprintf(out, "\t\t%s\t", db_col_text(&s, 2));
		put_cell(out, db_col_text(&s, 3));
		fputs("\t\t\t\n", out);
	}
	db_done(&s);
	return AF_OK;
}
