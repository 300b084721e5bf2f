/* The activity exports (see export.h): requests, tasks, stock moves and the
 * audit trail as CSV for a spreadsheet, each row only when its reader may
 * see it. */
#include "autoconf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "colnames.h"
#include "csvio.h"
#include "db.h"
#include "engine.h"
#include "export.h"
#include "formdef.h"
#include "util.h"

/* Binds :from and :until (the day after to), open ends as the widest dates
 * so that the range is served by an index. The days are the company's:
 * bound by the instants (UTC) their midnights are. */
static void bind_range(db_stmt *s, const export_opts *o)
{
	char at[20], next[11];

	if (o->from)
		af_format_time(tz_day_start(o->from), at, sizeof at);
	db_bind_text(s, ":from", o->from ? at : "");
	if (o->to && tz_date_add(o->to, 1, 0, next, NULL) == 0) {
		af_format_time(tz_day_start(next), at, sizeof at);
		db_bind_text(s, ":until", at);
	} else {
		db_bind_text(s, ":until", "9999-12-31");
	}
}

/* A long export reads in slices of read_slice ms, after the key (created
 * date, id) of its last row (db_slice): from before the first row here.
 * The key columns are the stored ones the WHERE compares, never the
 * local time shown: east of UTC a slice skipped the hours between. */
static void from_the_start(db_stmt *s, int date_col, int id_col)
{
	db_bind_text(s, ":after1", "");
	db_bind_int(s, ":after2", 0);
	db_slice(s, date_col, id_col);
}

/* The header row in the reader's language (or English: export.headers). */
static void header(csvio_writer *w, const char *const *cols)
{
	for (int i = 0; cols[i]; i++)
		csvio_text(w, colnames_out(cols[i]));
}

/* A request's row: the columns every request has, then (with a form) one
 * column per field, as `show` prints it; sensitive ones masked unless the
 * reader is the applicant or may see them. */
static af_status export_requests(const export_opts *o, csvio_writer *w)
{
	static const char *const cols[] = { "number", "form", "affair", "applicant", "applicant_name",
					     "department", "state", "step", "created_at", "decided_at",
					     "done_at", "paid_at", "summary", "attachments", NULL };
	const form_def *f = o->form ? formdef_find(o->form) : NULL;
	int all = auth_can("view_all");
	db_stmt s;
	int rc;

	if (o->form && !f)
		return af_fail(AF_INVALID, "export requests: --form '%s': no such form", o->form);
	header(w, cols);
	for (int i = 0; f && i < f->n_fields; i++)
		csvio_text(w, f->fields[i].name);
	csvio_end_row(w);
	db_prepare(&s, "SELECT r.id, r.number, r.form, e.login, e.name, d.code, r.state,"
		   " coalesce(CASE WHEN r.state IN ('pending', 'returned') THEN st.title END, ''),"
		   " datetime(r.created_at, 'localtime'), coalesce(datetime(r.decided_at, 'localtime'), ''),"
		   " coalesce(datetime(r.done_at, 'localtime'), ''), coalesce(datetime(r.paid_at, 'localtime'), ''),"
		   " r.summary, r.data, r.applicant_id,"
		   " (SELECT count(*) FROM attachments t WHERE t.request_id = r.id), r.created_at"
		   " FROM requests r JOIN employees e ON e.id = r.applicant_id"
		   " JOIN departments d ON d.id = e.department_id LEFT JOIN steps st ON st.id = r.current_step"
		   " WHERE r.created_at >= :from AND r.created_at < :until AND r.state <> 'draft'"
		   " AND (:form IS NULL OR r.form = :form) AND (r.created_at, r.id) > (:after1, :after2)"
		   " ORDER BY r.created_at, r.id");
	bind_range(&s, o);
	db_bind_text(&s, ":form", o->form);
	from_the_start(&s, 16, 0);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		int64_t id = db_col_int(&s, 0);
		const form_def *rf = formdef_find(db_col_text(&s, 2));
		int mine = db_col_int(&s, 14) == me.id;

		if (!all && !mine && !engine_may_see(id))
			continue;
		csvio_text(w, db_col_text(&s, 1));
		csvio_text(w, db_col_text(&s, 2));
		csvio_text(w, rf ? formdef_title(rf) : db_col_text(&s, 2));
		for (int c = 3; c <= 12; c++)
			csvio_text(w, db_col_text(&s, c));
		csvio_plain(w, db_col_text(&s, 15));
		for (int i = 0; f && i < f->n_fields; i++) {
			const form_field *fd = &f->fields[i];
			char *stored = db_text("", "SELECT coalesce(json_extract(?1, '$.' || ?2), '')", "tt",
					       db_col_text(&s, 13), fd->name);
			char *text = engine_field_text(fd, stored);

			csvio_text(w, *text && !engine_field_visible(fd, db_col_int(&s, 14)) ? "******" : text);
			free(text);
			free(stored);
		}
		csvio_end_row(w);
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* Every task: who was asked at which step, when, by when, what they did. */
static af_status export_tasks(const export_opts *o, csvio_writer *w)
{
	static const char *const cols[] = { "number", "form", "step", "assignee", "for", "state", "created_at",
					     "due_at", "acted_at", "acted_by", "opinion", "overdue", NULL };
	int all = auth_can("view_all");
	db_stmt s;
	int rc;

	header(w, cols);
	csvio_end_row(w);
	db_prepare(&s, "SELECT r.id, r.number, r.form, st.title, a.login, coalesce(f.login, ''), t.state,"
		   " datetime(t.created_at, 'localtime'), coalesce(datetime(t.due_at, 'localtime'), ''),"
		   " coalesce(datetime(t.acted_at, 'localtime'), ''), coalesce(b.login, ''), t.opinion,"
		   " CASE WHEN t.due_at IS NOT NULL AND coalesce(t.acted_at, :now) > t.due_at THEN 1 ELSE 0 END,"
		   " r.applicant_id, t.id, t.created_at"
		   " FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps st ON st.id = t.step_id"
		   " JOIN employees a ON a.id = t.assignee_id LEFT JOIN employees f ON f.id = t.for_id"
		   " LEFT JOIN employees b ON b.id = t.acted_by"
		   " WHERE t.created_at >= :from AND t.created_at < :until AND (:form IS NULL OR r.form = :form)"
		   " AND (t.created_at, t.id) > (:after1, :after2) ORDER BY t.created_at, t.id");
	bind_range(&s, o);
	db_bind_text(&s, ":form", o->form);
	from_the_start(&s, 15, 14);
	{
		char now[32];

		af_format_time(af_now(), now, sizeof now);
		db_bind_text(&s, ":now", now);
	}
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		if (!all && db_col_int(&s, 13) != me.id && !engine_may_see(db_col_int(&s, 0)))
			continue;
		for (int c = 1; c <= 11; c++)
			csvio_text(w, db_col_text(&s, c));
		csvio_plain(w, db_col_text(&s, 12));
		csvio_end_row(w);
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* The exports that are one statement each: a row a result row, the
 * columns numeric where the mask's bit says so, the range bound. Each reads
 * in slices (db_slice) after the key of its last row: the two columns
 * after those written, the stored time and the id. */
struct plain_export {
	const char *kind;
	const char *const cols[16];
	unsigned numeric;  /* bit c: column c is a number, written as it is */
	const char *sql;   /* :from, :until */
};

static const struct plain_export plain_exports[] = {
	{ "stock-moves",
	  { "at", "sku", "item", "kind", "quantity", "request", "department", "actor", "note", NULL }, 1u << 4,
	  "SELECT datetime(m.at, 'localtime'), p.sku, p.name, m.kind, m.sign * m.quantity, coalesce(r.number, ''),"
	  " coalesce(d.code, ''), coalesce(a.login, ''), m.note, m.at, m.id"
	  " FROM stock_moves m JOIN supplies p ON p.id = m.supply_id"
	  " LEFT JOIN requests r ON r.id = m.request_id LEFT JOIN employees e ON e.id = r.applicant_id"
	  " LEFT JOIN departments d ON d.id = e.department_id LEFT JOIN employees a ON a.id = m.actor_id"
	  " WHERE m.at >= :from AND m.at < :until AND (m.at, m.id) > (:after1, :after2) ORDER BY m.at, m.id" },
	/* The seals' usage register: who used which seal, when, on what, with whom. */
	{ "seal-uses",
	  { "at", "seal", "seal_name", "document", "copies", "used_by", "used_by_name", "witness",
	    "confirmed_by", "request", NULL }, 1u << 4,
	  "SELECT datetime(u.at, 'localtime'), s.code, s.name, u.document, u.copies, e.login, e.name,"
	  " coalesce(wt.login, ''), coalesce(k.login, ''), r.number, u.at, u.id"
	  " FROM seal_uses u JOIN seals s ON s.id = u.seal_id JOIN employees e ON e.id = u.used_by"
	  " JOIN requests r ON r.id = u.request_id LEFT JOIN employees wt ON wt.id = u.witness_id"
	  " LEFT JOIN employees k ON k.id = u.confirmed_by"
	  " WHERE u.at >= :from AND u.at < :until AND (u.at, u.id) > (:after1, :after2) ORDER BY u.at, u.id" },
	/* The vehicle log a trip a row: the trips that came back, by when
	 * they set out, with the km driven and what they cost. */
	{ "trips",
	  { "set_out", "vehicle", "plate", "request", "department", "driver", "odometer_out", "odometer_in",
	    "km", "fuel", "tolls", "parking", NULL }, 0xfc0u,
	  "SELECT datetime(b.starts_at, 'localtime'), v.code, v.plate, coalesce(r.number, ''), coalesce(d.code, ''),"
	  " coalesce(dr.login, ''), b.odometer_out, b.odometer_in, b.odometer_in - b.odometer_out,"
	  " printf('%.2f', coalesce(c.fuel_cents, 0) / 100.0), printf('%.2f', coalesce(c.tolls_cents, 0) / 100.0),"
	  " printf('%.2f', coalesce(c.parking_cents, 0) / 100.0), b.starts_at, b.id"
	  " FROM bookings b JOIN vehicles v ON v.id = b.resource_id LEFT JOIN trip_costs c ON c.booking_id = b.id"
	  " LEFT JOIN employees dr ON dr.id = b.driver_id LEFT JOIN requests r ON r.id = b.request_id"
	  " LEFT JOIN employees e ON e.id = r.applicant_id LEFT JOIN departments d ON d.id = e.department_id"
	  " WHERE +b.resource = 'vehicle' AND b.state = 'confirmed' AND b.odometer_in IS NOT NULL"
	  " AND b.starts_at >= :from AND b.starts_at < :until AND (b.starts_at, b.id) > (:after1, :after2)"
	  " ORDER BY b.starts_at, b.id" },
	/* The audit trail with its hashes, so that it can be checked elsewhere. */
	{ "audit",
	  { "id", "at", "actor", "action", "object", "detail", "prev_hash", "hash", NULL }, 1u << 0,
	  "SELECT id, at, actor, action, object, detail, prev_hash, hash FROM audit"
	  " WHERE at >= :from AND at < :until AND id > :after1 ORDER BY id" },
};

int export_is_activity(const char *kind)
{
	if (strcmp(kind, "requests") == 0 || strcmp(kind, "tasks") == 0)
		return 1;
	for (size_t i = 0; i < sizeof plain_exports / sizeof plain_exports[0]; i++)
		if (strcmp(plain_exports[i].kind, kind) == 0)
			return 1;
	return 0;
}

static af_status export_plain(const struct plain_export *x, const export_opts *o, csvio_writer *w)
{
	db_stmt s;
	int rc, n = 0;

	header(w, x->cols);
	csvio_end_row(w);
	while (x->cols[n])
		n++;
	db_prepare(&s, x->sql);
	bind_range(&s, o);
	if (strcmp(x->kind, "audit") == 0) {
		/* Millions of rows: read in slices by id (db_slice). */
		db_bind_int(&s, ":after1", 0);
		db_slice(&s, 0, -1);
	} else {
		from_the_start(&s, n, n + 1);
	}
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		for (int c = 0; c < n; c++) {
			if (x->numeric & (1u << c))
				csvio_plain(w, db_col_text(&s, c));
			else
				csvio_text(w, db_col_text(&s, c));
		}
		csvio_end_row(w);
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

af_status export_activity(const char *kind, const export_opts *o, FILE *out)
{
	csvio_writer w;
	af_status st;

	if ((o->from && !db_is_date(o->from)) || (o->to && !db_is_date(o->to)))
		return af_fail(AF_INVALID, "export %s: '%s' is not a date (YYYY-MM-DD)", kind,
			       o->from && !db_is_date(o->from) ? o->from : o->to);
	if (o->form && strcmp(kind, "requests") != 0 && strcmp(kind, "tasks") != 0)
		return af_fail(AF_USAGE, "export %s: --form is for requests and tasks", kind);
	/* The audit trail is for those who audit; the rest for exporters. */
	st = auth_require(strcmp(kind, "audit") == 0 ? "audit" : "export", "export");
	if (st != AF_OK)
		return st;
	csvio_begin(&w, out);
	if (strcmp(kind, "requests") == 0)
		st = export_requests(o, &w);
	else if (strcmp(kind, "tasks") == 0)
		st = export_tasks(o, &w);
	else {
		const struct plain_export *x = NULL;

		for (size_t i = 0; i < sizeof plain_exports / sizeof plain_exports[0]; i++)
			if (strcmp(plain_exports[i].kind, kind) == 0)
				x = &plain_exports[i];
		if (!x)
			return af_fail(AF_USAGE, "export: unknown kind '%s'", kind);
		st = export_plain(x, o, &w);
	}
	if (st == AF_OK && ferror(out))
		st = af_fail(AF_ERROR, "export: write failed: %s", strerror(errno));
	return st;
}
