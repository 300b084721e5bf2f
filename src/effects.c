#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "assets.h"
#include "audit.h"
#include "booking.h"
#include "db.h"
#include "effects.h"
#include "notify.h"
#include "licence.h"
#include "seal.h"
#include "space.h"
#include "stock.h"
#include "util.h"

/* ---- reading the request's fields ------------------------------------- */

const form_field *effects_field_of(const form_def *f, field_type t)
{
	for (int i = 0; i < f->n_fields; i++)
		if (f->fields[i].type == t)
			return &f->fields[i];
	return NULL;
}

char *effects_value(const effect_ctx *c, const char *name)
{
	char *path;
	char *v;

	if (!name)
		return NULL;
	path = xasprintf("$.%s", name);
	v = db_text(NULL, "SELECT CASE json_type(data, ?2) WHEN 'object' THEN json_extract(data, ?2)"
		    " WHEN 'array' THEN json_extract(data, ?2) ELSE json_extract(data, ?2) END"
		    " FROM requests WHERE id = ?1", "It", c->request_id, path);
	free(path);
	return v;
}

char *effects_value_of_type(const effect_ctx *c, field_type t)
{
	const form_field *fd = effects_field_of(c->form, t);

	return fd ? effects_value(c, fd->name) : NULL;
}

static char *range_part(const char *range_json, const char *part)
{
	char *path = xasprintf("$.%s", part);
	char *v = db_text(NULL, "SELECT json_extract(?1, ?2)", "tt", range_json, path);

	free(path);
	return v;
}

void effects_now_text(char *buf, size_t len)
{
	af_format_time(af_now(), buf, len);
}

/* ---- bookings ---------------------------------------------------------- */

static af_status hold(const effect_ctx *c, const char *resource, field_type t)
{
	char *code = effects_value_of_type(c, t), *range = effects_value_of_type(c, FT_TIMERANGE);
	char *start = range ? range_part(range, "start") : NULL;
	char *end = range ? range_part(range, "end") : NULL;
	char *repeat = effects_value(c, formdef_field(c->form, "repeat") ? "repeat" : NULL);
	char *until = effects_value(c, formdef_field(c->form, "until") ? "until" : NULL);
	char *subject = db_text("", "SELECT summary FROM requests WHERE id = ?1", "I", c->request_id);
	int n = 0;
	af_status st = AF_OK;

	if (!code || !start || !end) {
		st = af_fail(AF_INVALID, "%s: a %s and a time are needed to book", c->number, resource);
		goto out;
	}
	if (t == FT_ROOM) {
		char *att = effects_value(c, formdef_field(c->form, "attendees") ? "attendees" : NULL);
		char *eq = effects_value(c, formdef_field(c->form, "equipment") ? "equipment" : NULL);
		/* equipment is a JSON list: turn ["投影仪","白板"] into 投影仪,白板 */
		char *eqlist = eq ? db_text("", "SELECT group_concat(value, ',') FROM json_each(?1)", "t", eq) : NULL;

		st = booking_check_room(code, att ? strtoll(att, NULL, 10) : 0, eqlist);
		free(att);
		free(eq);
		free(eqlist);
		if (st != AF_OK)
			goto out;
	}
	st = booking_hold_series(resource, code, c->request_id, c->applicant_id, subject, start, end, repeat,
				 until, c->skip, &n);
	if (st == AF_OK && n > 0) {
		/* The room's (or vehicle's) manager hears of it when it is asked
		 * for, not only when their step arrives. */
		int64_t manager = db_int(0, t == FT_ROOM ? "SELECT coalesce(manager_id, 0) FROM rooms WHERE code = ?1"
					 : "SELECT coalesce(manager_id, 0) FROM vehicles WHERE code = ?1", "t", code);
		char *first = db_text("", "SELECT starts_at FROM bookings WHERE request_id = ?1 AND state <> 'cancelled'"
				      " ORDER BY starts_at LIMIT 1", "I", c->request_id);
		char shown[32];

		if (manager && manager != c->applicant_id)
			st = notify_add(manager, c->request_id, "booking", NULL, "预订申请 booking asked: %s %s %s %s%s",
					c->number, code, tz_show(first, shown, sizeof shown), subject,
					n > 1 ? " (series)" : "");
		free(first);
	}
out:
	free(code);
	free(range);
	free(start);
	free(end);
	free(repeat);
	free(until);
	free(subject);
	return st;
}

static af_status room_submit(const effect_ctx *c) { return hold(c, "room", FT_ROOM); }
static af_status vehicle_submit(const effect_ctx *c) { return hold(c, "vehicle", FT_VEHICLE); }
static af_status booking_done(const effect_ctx *c) { return booking_confirm(c->request_id); }
static af_status booking_close(const effect_ctx *c) { return booking_release(c->request_id); }

/* ---- stock -------------------------------------------------------------- */

static af_status reserve(const effect_ctx *c)
{
	char *lines = effects_value_of_type(c, FT_SUPPLY_LINES);
	af_status st = lines ? stock_reserve(c->request_id, lines, c->actor_id) : AF_OK;

	free(lines);
	return st;
}

static af_status reserve_and_issue(const effect_ctx *c)
{
	af_status st = reserve(c);

	return st == AF_OK ? stock_issue(c->request_id, c->actor_id) : st;
}

static af_status release(const effect_ctx *c)
{
	return stock_release(c->request_id, c->actor_id);
}

/* ---- assets ------------------------------------------------------------- */

static af_status asset_move(const effect_ctx *c, int64_t asset, const char *kind, const char *to)
{
	char at[32];
	char *from = db_text("", "SELECT status FROM assets WHERE id = ?1", "I", asset);
	int rc;

	effects_now_text(at, sizeof at);
	rc = db_exec("INSERT INTO asset_moves(asset_id, request_id, kind, from_status, to_status, from_holder,"
		     " to_holder, actor_id, at) SELECT id, ?2, ?3, status, ?4, holder_id,"
		     " CASE WHEN ?4 IN ('retired', 'lost') THEN NULL ELSE holder_id END, nullif(?5, 0), ?6"
		     " FROM assets WHERE id = ?1",
		     "IIttIt", asset, c->request_id, kind, to, c->actor_id, at);
	if (rc == SQLITE_DONE)
		rc = db_exec("UPDATE assets SET status = ?2,"
			     " holder_id = CASE WHEN ?2 IN ('retired', 'lost') THEN NULL ELSE holder_id END"
			     " WHERE id = ?1", "It", asset, to);
	free(from);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

static int64_t asset_of(const effect_ctx *c)
{
	char *tag = effects_value_of_type(c, FT_ASSET);
	int64_t id = tag ? db_int(0, "SELECT id FROM assets WHERE tag = ?1", "t", tag) : 0;

	free(tag);
	return id;
}

/* A repair takes the asset out of use while it is being handled. */
static af_status asset_submit(const effect_ctx *c)
{
	int64_t a = asset_of(c);
	char *status;
	af_status st = AF_OK;

	if (!a)
		return AF_OK; /* a repair of a place, not an asset */
	status = db_text("", "SELECT status FROM assets WHERE id = ?1", "I", a);
	if (strcmp(status, "retired") == 0 || strcmp(status, "lost") == 0)
		st = af_fail(AF_CONFLICT, "asset: it is %s and cannot be repaired", status);
	else if (strcmp(status, "in_repair") == 0)
		st = af_fail(AF_CONFLICT, "asset: it is already being repaired");
	else
		st = asset_move(c, a, "repair", "in_repair");
	free(status);
	return st;
}

/* Done: back to where it was, or written off when the outcome says so. */
static af_status asset_back(const effect_ctx *c)
{
	int64_t a = asset_of(c);
	char *outcome = effects_value(c, formdef_field(c->form, "outcome") ? "outcome" : NULL);
	char *before;
	af_status st;

	if (!a) {
		free(outcome);
		return AF_OK;
	}
	before = db_text("in_stock", "SELECT from_status FROM asset_moves WHERE asset_id = ?1 AND request_id = ?2"
			 " AND kind = 'repair' ORDER BY id DESC LIMIT 1", "II", a, c->request_id);
	if (outcome && (strcmp(outcome, "write_off") == 0 || strcmp(outcome, "scrap") == 0))
		st = asset_move(c, a, "write_off", "retired");
	else
		st = db_exec("UPDATE assets SET status = ?2 WHERE id = ?1 AND (?2 <> 'in_use' OR holder_id IS NOT NULL)",
			     "It", a, before) == SQLITE_DONE ? AF_OK : db_fail();
	if (st == AF_OK && !(outcome && (strcmp(outcome, "write_off") == 0 || strcmp(outcome, "scrap") == 0))) {
		char at[32];

		effects_now_text(at, sizeof at);
		st = db_exec("INSERT INTO asset_moves(asset_id, request_id, kind, from_status, to_status, actor_id, at)"
			     " VALUES(?1, ?2, 'repaired', 'in_repair', ?3, nullif(?4, 0), ?5)",
			     "IItIt", a, c->request_id, before, c->actor_id, at) == SQLITE_DONE ? AF_OK : db_fail();
	}
	free(before);
	free(outcome);
	return st;
}

static af_status asset_close(const effect_ctx *c)
{
	int64_t a = asset_of(c);
	char *before;
	af_status st = AF_OK;

	if (!a || db_int(0, "SELECT 1 FROM asset_moves WHERE asset_id = ?1 AND request_id = ?2 AND kind = 'repair'",
			 "II", a, c->request_id) != 1)
		return AF_OK;
	if (db_int(0, "SELECT status = 'in_repair' FROM assets WHERE id = ?1", "I", a) != 1)
		return AF_OK; /* already back or written off */
	before = db_text("in_stock", "SELECT from_status FROM asset_moves WHERE asset_id = ?1 AND request_id = ?2"
			 " AND kind = 'repair' ORDER BY id DESC LIMIT 1", "II", a, c->request_id);
	if (db_exec("UPDATE assets SET status = ?2 WHERE id = ?1", "It", a, before) != SQLITE_DONE)
		st = db_fail();
	free(before);
	return st;
}

/* asset_hand_over: the applicant asks for an asset of a category (the
 * field named category); the step that finishes the request -- the asset
 * keeper's hand-over -- chooses it (the asset field), and the applicant
 * holds it from then, due back on the field named until when there is one. */
static af_status hand_over_submit(const effect_ctx *c)
{
	char *category = effects_value(c, formdef_field(c->form, "category") ? "category" : NULL);
	char *tag = effects_value_of_type(c, FT_ASSET);
	af_status st = AF_OK;

	if (tag)
		st = af_fail_field(AF_INVALID, effects_field_of(c->form, FT_ASSET)->name,
				   "chosen by the asset keeper at hand-over; leave it empty");
	else if (formdef_field(c->form, "category"))
		st = assets_category_check(category);
	free(category);
	free(tag);
	return st;
}

static af_status hand_over_done(const effect_ctx *c)
{
	char *category = effects_value(c, formdef_field(c->form, "category") ? "category" : NULL);
	char *until = effects_value(c, formdef_field(c->form, "until") ? "until" : NULL);
	char *tag = effects_value_of_type(c, FT_ASSET);
	af_status st = assets_hand_over(c->request_id, c->number, c->applicant_id, tag, category, until);

	free(category);
	free(until);
	free(tag);
	return st;
}

/* asset_give_back: the applicant returns an asset they hold; the keeper's
 * step may say where it is kept now (the field named location). */
static af_status give_back(const effect_ctx *c, int check_only)
{
	char *tag = effects_value_of_type(c, FT_ASSET);
	char *where = effects_value(c, formdef_field(c->form, "location") ? "location" : NULL);
	af_status st = assets_take_back(c->request_id, c->number, c->applicant_id, tag, where, check_only);

	free(tag);
	free(where);
	return st;
}

static af_status give_back_submit(const effect_ctx *c) { return give_back(c, 1); }
static af_status give_back_done(const effect_ctx *c) { return give_back(c, 0); }

/* ---- money ------------------------------------------------------------ */

static af_status paid_mark(const effect_ctx *c)
{
	char at[32];

	effects_now_text(at, sizeof at);
	return db_exec("UPDATE requests SET paid_at = ?1 WHERE id = ?2", "tI", at, c->request_id) == SQLITE_DONE
		? AF_OK : db_fail();
}

/* ---- meetings: invitees are told, and may read the minutes ------------- */

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
	return notify_add(id, c->request_id, "meeting", NULL, "会议通知 meeting: %s %s", c->number,
			  c->form->title);
}

static af_status invitees_check(const effect_ctx *c) { return each_invitee(c, NULL); }
static af_status invitees_notify(const effect_ctx *c) { return each_invitee(c, invite_one); }

/* The applicant hears once that the request is finished: the "decided"
 * notice every finished request sends (engine.c, finish). The effect stays
 * a name forms may give, and adds no second notice. */
static af_status effect_notify(const effect_ctx *c)
{
	(void)c;
	return AF_OK;
}

/* Kept for the forms that name it; it does nothing: it used to stamp
 * archived_at on every finished request, which said no more than done_at.
 * Requests are archived by age (retention.c). */
static af_status effect_archive(const effect_ctx *c)
{
	(void)c;
	return AF_OK;
}

/* informational: the effect only tells people or files the record, so a
 * done request may still be cancelled when its other effects undo. */
static const struct {
	const char *name;
	af_status (*submit)(const effect_ctx *c);
	af_status (*done)(const effect_ctx *c);
	af_status (*close)(const effect_ctx *c);
	int informational;
	int needs[3];
} effects[] = {
#define EFFECT(name, at_submit, when_done, at_close, informational, ...) \
	{ #name, at_submit, when_done, at_close, informational, { __VA_ARGS__ } },
#include "effect_list.h"
#undef EFFECT
};

int effects_booked_type(const form_def *f)
{
	int booked = -1;

	for (int i = 0; i < f->n_effects; i++)
		for (size_t k = 0; k < sizeof effects / sizeof effects[0]; k++) {
			const int *needs = effects[k].needs;

			if (strcmp(effects[k].name, f->effects[i]) != 0)
				continue;
			/* a calendar's effect needs a time range and what it books */
			for (int j = 0; j < 3 && needs[j] != -1; j++)
				if (needs[j] == FT_TIMERANGE)
					for (int o = 0; o < 3 && needs[o] != -1; o++)
						if (needs[o] != FT_TIMERANGE)
							booked = needs[o];
		}
	return booked;
}

int effects_undoable(const form_def *f)
{
	int any = 0;

	for (int i = 0; i < f->n_effects; i++)
		for (size_t k = 0; k < sizeof effects / sizeof effects[0]; k++)
			if (strcmp(effects[k].name, f->effects[i]) == 0 && !effects[k].informational) {
				if (!effects[k].close)
					return 0;
				any = 1;
			}
	return any;
}

enum moment { AT_SUBMIT, AT_DONE, AT_CLOSE };

static af_status run_at(const effect_ctx *c, enum moment when)
{
	for (int i = 0; i < c->form->n_effects; i++) {
		const char *name = c->form->effects[i];
		af_status st = AF_OK;
		size_t k;

		for (k = 0; k < sizeof effects / sizeof effects[0]; k++)
			if (strcmp(effects[k].name, name) == 0)
				break;
		if (k == sizeof effects / sizeof effects[0])
			return af_fail(AF_CONFLICT, "effect %s: unknown to this version of adminflow", name);
		if (when == AT_SUBMIT && effects[k].submit)
			st = effects[k].submit(c);
		else if (when == AT_DONE && effects[k].done)
			st = effects[k].done(c);
		else if (when == AT_CLOSE && effects[k].close)
			st = effects[k].close(c);
		if (st != AF_OK)
			return st;
	}
	return AF_OK;
}

af_status effects_submit(const effect_ctx *c) { return run_at(c, AT_SUBMIT); }
af_status effects_run(const effect_ctx *c) { return run_at(c, AT_DONE); }
af_status effects_close(const effect_ctx *c) { return run_at(c, AT_CLOSE); }
