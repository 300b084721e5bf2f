#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "engine.h"
#include "formdef.h"
#include "meeting.h"
#include "notice_text.h"
#include "notify.h"
#include "util.h"

struct minutes_ctx {
	const char *number, *text;
};

static af_status do_save(void *arg)
{
	struct minutes_ctx *c = arg;
	char *form = db_text(NULL, "SELECT form FROM requests WHERE number = ?1", "t", c->number);
	int64_t id = formdef_id_serves(form, "minutes")
		? db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", c->number) : 0;
	int64_t applicant = db_int(0, "SELECT applicant_id FROM requests WHERE id = ?1", "I", id);
	char at[32];
	db_stmt s;
	af_status st;

	free(form);
	if (!id)
		return af_fail(AF_INVALID, "minutes: %s is not a meeting request", c->number);
	if (applicant != me.id && !auth_can("manage_resources"))
		return af_fail(AF_DENIED, "minutes: only the meeting's organiser or the admin office may file them");
	if (db_int(0, "SELECT state = 'done' FROM requests WHERE id = ?1", "I", id) != 1)
		return af_fail(AF_CONFLICT, "minutes: %s has not been approved and held", c->number);
	af_format_time(af_now(), at, sizeof at);
	if (db_exec("INSERT INTO minutes(request_id, text, written_by, at) VALUES(?1, ?2, ?3, ?4)"
		    " ON CONFLICT(request_id) DO UPDATE SET text = excluded.text, written_by = excluded.written_by,"
		    " at = excluded.at", "ItIt", id, c->text, me.id, at) != SQLITE_DONE)
		return db_fail();
	if ((st = audit_log("minutes", c->number, "")) != AF_OK)
		return st;
	/* Everyone invited hears that the minutes are there. */
	db_prepare(&s, "SELECT employee_id FROM request_cc WHERE request_id = :id");
	db_bind_int(&s, ":id", id);
	while (st == AF_OK && db_step(&s) == SQLITE_ROW)
		st = notify_add(db_col_int(&s, 0), id, "minutes", NULL, NT_MINUTES, c->number);
	db_done(&s);
	return st;
}

af_status meeting_minutes_save(const char *number, const char *text)
{
	struct minutes_ctx c = { number, text };
	size_t len = strlen(text);

	if (!len)
		return af_fail(AF_INVALID, "minutes: the text is empty");
	if (len > 100000)
		return af_fail(AF_INVALID, "minutes: %zu bytes, at most 100000", len);
	if (utf8_invalid_at(text, len) >= 0)
		return af_fail(AF_INVALID, "minutes: invalid UTF-8 at byte %ld", utf8_invalid_at(text, len) + 1);
	for (const char *p = text; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F)
			return af_fail(AF_INVALID, "minutes: control characters are not allowed");
	return db_transact(do_save, &c);
}

char *meeting_minutes(const char *number)
{
	int64_t id = db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", number);

	if (!id || !engine_may_see(id))
		return NULL;
	return db_text(NULL, "SELECT text FROM minutes WHERE request_id = ?1", "I", id);
}

/* ---- the meeting_invite effect (effect_list.h): invitees are told, and
 * may read the minutes ---------------------------------------------------- */

/* Calls fn for each login in the invitees text (comma or space separated). */
static af_status each_invitee(const effect_ctx *c, af_status (*fn)(const effect_ctx *c, int64_t id))
{
	char *text = effects_value(c, formdef_field(c->form, "invitees") ? "invitees" : NULL);
	af_status st = AF_OK;

	for (char *p = text; p && *p && st == AF_OK;) {
		size_t len = strcspn(p, ", ，;");
		char *login = xasprintf("%.*s", (int)len, p);
		int64_t id = len ? db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active", "t", login) : 0;

		if (len && !id)
			st = af_fail_field(AF_INVALID, "invitees", "'%s' is not an employee", login);
		else if (id && fn)
			st = fn(c, id);
		free(login);
		p += len;
		while (*p == ',' || *p == ' ' || *p == ';')
			p++;
		if (!strncmp(p, "，", strlen("，")))
			p += strlen("，");
	}
	free(text);
	return st;
}

static af_status invite_one(const effect_ctx *c, int64_t id)
{
	if (db_exec("INSERT OR IGNORE INTO request_cc(request_id, employee_id) VALUES(?1, ?2)", "II",
		    c->request_id, id) != SQLITE_DONE)
		return db_fail();
	return notify_add(id, c->request_id, "meeting", NULL, NT_MEETING, c->number,
			  c->form->title);
}

af_status meeting_invitees_check(const effect_ctx *c) { return each_invitee(c, NULL); }
af_status meeting_invitees_notify(const effect_ctx *c) { return each_invitee(c, invite_one); }
