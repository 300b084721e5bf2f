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
		st = notify_add(db_col_int(&s, 0), id, "minutes", NULL, "会议纪要 minutes filed: %s", c->number);
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
