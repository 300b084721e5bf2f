#include "autoconf.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "assets.h"
#include "assets_int.h"
#include "audit.h"
#include "auth.h"
#include "colnames.h"
#include "formdef.h"
#include "csvio.h"
#include "db.h"
#include "expr.h"
#include "tz.h"
#include "userfile.h"
#include "util.h"

#define TAG_MAX 32        /* characters, as the schema's CHECK */
#define NAME_MAX_CHARS 200
#define TEXT_MAX 1000     /* bytes in a location, note or count-file cell */

/* ---- small checks -------------------------------------------------------- */

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* NULL when s is acceptable text for what, else why not (static text).
 * lines: line breaks are allowed (a note, a location as imported). */
static const char *text_problem(const char *s, size_t max_chars, int lines)
{
	if (utf8_invalid_at(s, strlen(s)) >= 0)
		return "invalid UTF-8";
	if (has_control_chars(s) || strchr(s, '\t') || (!lines && strchr(s, '\n')))
		return "contains a control character or line break";
	if (max_chars && utf8_chars(s) > max_chars)
		return "too long";
	if (strlen(s) > TEXT_MAX)
		return "too long";
	return NULL;
}

af_status assets_check_tag(const char *what, const char *tag)
{
	const char *why;

	if (!tag || !*tag)
		return af_fail(AF_INVALID, "%s: a tag is required", what);
	if ((why = text_problem(tag, TAG_MAX, 0)) != NULL)
		return af_fail(AF_INVALID, "%s: %s (a tag is 1 to %d characters on one line)", what, why,
			       TAG_MAX);
	if (tag[0] == ' ' || tag[strlen(tag) - 1] == ' ')
		return af_fail(AF_INVALID, "%s: '%s' begins or ends with a space", what, tag);
	return AF_OK;
}

/* what: the option or field named in the message; NULL text is allowed
 * unless required. */
af_status assets_check_text(const char *what, const char *text, size_t max_chars, int required)
{
	const char *why;

	if (!text || !*text)
		return required ? af_fail(AF_INVALID, "%s: a value is required", what) : AF_OK;
	if ((why = text_problem(text, max_chars, 0)) != NULL)
		return af_fail(AF_INVALID, "%s: %s", what, why);
	return AF_OK;
}

static void now_text(char *buf, size_t len)
{
	af_format_time(af_now(), buf, len);
}

/* ---- retries ------------------------------------------------------------- */

int assets_once_done(struct assets_once *o, const char *action, const char *object)
{
	char actor[160];

	if (!o->ran) {
		o->since = db_int(-1, "SELECT coalesce(max(id), 0) FROM audit", "");
		o->ran = o->since >= 0;
		return 0;
	}
	/* as audit_log names the actor */
	if (me.real_login[0] && strcmp(me.real_login, me.login) != 0)
		snprintf(actor, sizeof actor, "%s (as %s)", me.real_login, me.login);
	else
		snprintf(actor, sizeof actor, "%s", me.login[0] ? me.login : "system");
	return db_int(0, "SELECT 1 FROM audit WHERE id > ?1 AND action = ?2 AND object = ?3 AND actor = ?4"
		      " LIMIT 1", "Ittt", o->since, action, object, actor) == 1;
}

/* ---- the register -------------------------------------------------------- */

void assets_free(struct asset *a)
{
	free(a->name);
	free(a->location);
	free(a->holder_login);
	free(a->holder_name);
	memset(a, 0, sizeof *a);
}

/* 1 when tag is on the register (filled in), 0 when not, -1 on an error. */
static int asset_find(const char *tag, struct asset *a)
{
	db_stmt s;
	int rc;

	memset(a, 0, sizeof *a);
	db_prepare(&s, "SELECT a.id, a.status, a.name, a.location, coalesce(a.holder_id, 0),"
		   " coalesce(e.login, ''), coalesce(e.name, '')"
		   " FROM assets a LEFT JOIN employees e ON e.id = a.holder_id WHERE a.tag = :tag");
	db_bind_text(&s, ":tag", tag);
	rc = db_step(&s);
	if (rc == SQLITE_ROW) {
		a->id = db_col_int(&s, 0);
		snprintf(a->status, sizeof a->status, "%s", db_col_text(&s, 1));
		a->name = xstrdup(db_col_text(&s, 2));
		a->location = xstrdup(db_col_text(&s, 3));
		a->holder = db_col_int(&s, 4);
		a->holder_login = xstrdup(db_col_text(&s, 5));
		a->holder_name = xstrdup(db_col_text(&s, 6));
	}
	db_done(&s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The asset of tag into a, or a failure: AF_INVALID for an unknown tag. */
af_status assets_get(const char *tag, struct asset *a)
{
	int found = asset_find(tag, a);

	if (found < 0)
		return db_fail();
	if (!found)
		return af_fail(AF_INVALID, "%s: no such asset", tag);
	return AF_OK;
}

/* "FROM → TO" when the place changes, then the note; caller frees. */
static char *move_note(const char *from, const char *to, const char *note)
{
	strbuf sb = {0};

	if (to && strcmp(from, to) != 0)
		sb_printf(&sb, "%s → %s", from, to);
	if (note && *note)
		sb_printf(&sb, "%s%s", sb.len ? "; " : "", note);
	return sb_take(&sb);
}

/* Records a move of asset a (before it is changed) to to_status and
 * to_holder (0: none); its id into *id when id is not NULL. */
static af_status record_move(int64_t asset, int64_t request, const char *kind, const char *to_status,
			     int64_t to_holder, const char *note, int64_t *id)
{
	char at[32];

	now_text(at, sizeof at);
	if (db_exec("INSERT INTO asset_moves(asset_id, request_id, kind, from_status, to_status,"
		    " from_holder, to_holder, actor_id, at, note)"
		    " SELECT id, nullif(?2, 0), ?3, status, ?4, holder_id, nullif(?5, 0), nullif(?6, 0), ?7, ?8"
		    " FROM assets WHERE id = ?1",
		    "IIttIItt", asset, request, kind, to_status, to_holder,
		    me.id, at, note ? note : "") != SQLITE_DONE)
		return db_fail();
	if (id)
		*id = sqlite3_last_insert_rowid(db_handle());
	return AF_OK;
}

/* ---- receive ------------------------------------------------------------- */

struct receive_ctx {
	const asset_receipt *r;
	int64_t cost;
	char date[16];
	struct assets_once once;
};

static af_status receive_txn(void *arg)
{
	struct receive_ctx *c = arg;
	const asset_receipt *r = c->r;
	int64_t request = 0, id;
	char *detail;
	af_status st;
	char at[32];

	if (assets_once_done(&c->once, "asset_receive", r->tag))
		return AF_OK;
	{
		struct asset a;
		int found = asset_find(r->tag, &a);

		if (found < 0)
			return db_fail();
		if (found) {
			st = af_fail(AF_CONFLICT, "%s: already on the register (%s, %s at %s)", r->tag, a.name,
				     a.status, a.location);
			assets_free(&a);
			return st;
		}
	}
	if (r->request) {
		char *form = db_text(NULL, "SELECT form FROM requests WHERE number = ?1", "t", r->request);
		char *state = db_text("", "SELECT state FROM requests WHERE number = ?1", "t", r->request);

		if (!form)
			st = af_fail(AF_INVALID, "--request: no request %s", r->request);
		else if (!formdef_id_serves(form, "receiving"))
			st = af_fail(AF_INVALID, "--request: %s is a %s request, not one assets are received against"
				     " (no serves = [\"receiving\"])", r->request, form);
		else if (strcmp(state, "done") != 0)
			st = af_fail(AF_CONFLICT, "--request: %s is %s; assets are received against a done"
				     " request", r->request, state);
		else
			st = AF_OK;
		free(form);
		free(state);
		if (st != AF_OK)
			return st;
		request = db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", r->request);
	}
	if (db_exec("INSERT INTO assets(tag, name, category, status, location, purchase_date, cost_cents)"
		    " VALUES(?1, ?2, ?3, 'in_stock', ?4, ?5, ?6)", "tttttI", r->tag, r->name,
		    r->category ? r->category : "", r->location, c->date, c->cost) != SQLITE_DONE)
		return db_fail();
	id = sqlite3_last_insert_rowid(db_handle());
	now_text(at, sizeof at);
	if (db_exec("INSERT INTO asset_moves(asset_id, request_id, kind, to_status, actor_id, at, note)"
		    " VALUES(?1, nullif(?2, 0), 'receive', 'in_stock', nullif(?3, 0), ?4, ?5)", "IIItt",
		    id, request, me.id, at, r->note ? r->note : "") != SQLITE_DONE)
		return db_fail();
	detail = xasprintf("%s at %s%s%s", r->name, r->location, r->request ? " for " : "",
			   r->request ? r->request : "");
	st = audit_log("asset_receive", r->tag, detail);
	free(detail);
	return st;
}

af_status assets_receive(const asset_receipt *r)
{
	struct receive_ctx c = { r, 0, "", { 0, 0 } };
	af_status st = auth_require("manage_assets", "assets receive");

	if (st == AF_OK)
		st = assets_check_tag("tag", r->tag);
	if (st == AF_OK)
		st = assets_check_text("name", r->name, NAME_MAX_CHARS, 1);
	if (st == AF_OK)
		st = assets_check_text("--category", r->category, 100, 0);
	if (st == AF_OK)
		st = assets_check_text("--location", r->location, 200, 1);
	if (st == AF_OK)
		st = assets_check_text("-m", r->note, 0, 0);
	if (st != AF_OK)
		return st;
	if (r->cost && (expr_parse_money(r->cost, &c.cost) != 0 || c.cost < 0))
		return af_fail(AF_INVALID, "--cost: '%s' is not an amount of 0 or more (digits, then . and"
			       " up to 2 decimals)", r->cost);
	if (r->purchase_date) {
		if (!db_is_date(r->purchase_date))
			return af_fail(AF_INVALID, "--date: '%s' is not a date (YYYY-MM-DD)", r->purchase_date);
		snprintf(c.date, sizeof c.date, "%s", r->purchase_date);
	} else {
		char now[32];

		now_text(now, sizeof now);
		snprintf(c.date, sizeof c.date, "%.10s", now);
	}
	return db_transact(receive_txn, &c);
}

/* ---- assign, return, move, write off ------------------------------------- */

enum change { CH_ASSIGN, CH_RETURN, CH_MOVE, CH_WRITEOFF };

static const char *const change_action[] = {
	[CH_ASSIGN] = "asset_assign", [CH_RETURN] = "asset_return",
	[CH_MOVE] = "asset_move", [CH_WRITEOFF] = "asset_writeoff",
};

struct change_ctx {
	enum change what;
	const char *tag, *login, *location, *note, *return_due;
	int64_t move_id;
	struct assets_once once;
};

/* Whether a's status allows the change; AF_CONFLICT saying why not. */
static af_status change_allowed(const struct change_ctx *c, const struct asset *a)
{
	const char *s = a->status;

	switch (c->what) {
	case CH_ASSIGN:
		if (strcmp(s, "in_use") == 0)
			return af_fail(AF_CONFLICT, "%s: already assigned to %s (%s); return it first", c->tag,
				       a->holder_name, a->holder_login);
		if (strcmp(s, "in_stock") != 0)
			return af_fail(AF_CONFLICT, "%s: it is %s; only an asset in stock can be assigned",
				       c->tag, s);
		return AF_OK;
	case CH_RETURN:
		if (strcmp(s, "in_use") != 0)
			return af_fail(AF_CONFLICT, "%s: it is %s, not assigned to anyone", c->tag, s);
		return AF_OK;
	case CH_MOVE:
		if (strcmp(s, "retired") == 0 || strcmp(s, "lost") == 0)
			return af_fail(AF_CONFLICT, "%s: it is %s and cannot be moved", c->tag, s);
		if (strcmp(a->location, c->location) == 0)
			return af_fail(AF_CONFLICT, "%s: already at %s", c->tag, c->location);
		return AF_OK;
	case CH_WRITEOFF:
		if (strcmp(s, "in_use") == 0)
			return af_fail(AF_CONFLICT, "%s: assigned to %s (%s); return it before writing it off",
				       c->tag, a->holder_name, a->holder_login);
		if (strcmp(s, "in_repair") == 0)
			return af_fail(AF_CONFLICT, "%s: in repair; the repair request decides whether it is"
				       " written off", c->tag);
		if (strcmp(s, "retired") == 0)
			return af_fail(AF_CONFLICT, "%s: already written off", c->tag);
		return AF_OK;
	}
	return AF_OK;
}

static af_status change_txn(void *arg)
{
	struct change_ctx *c = arg;
	struct asset a;
	int64_t holder = 0;
	const char *kind = "move", *to_status;
	char *note = NULL, *detail = NULL;
	af_status st;

	if (assets_once_done(&c->once, change_action[c->what], c->tag)) {
		c->move_id = db_int(0, "SELECT max(m.id) FROM asset_moves m JOIN assets a ON a.id = m.asset_id"
				    " WHERE a.tag = ?1", "t", c->tag);
		return AF_OK;
	}
	if ((st = assets_get(c->tag, &a)) != AF_OK)
		return st;
	if (c->what == CH_ASSIGN) {
		holder = db_int(0, "SELECT id FROM employees WHERE login = ?1", "t", c->login);
		if (!holder)
			st = af_fail(AF_INVALID, "%s: no such employee", c->login);
		else if (db_int(0, "SELECT active FROM employees WHERE id = ?1", "I", holder) != 1)
			st = af_fail(AF_INVALID, "%s: no longer an active employee", c->login);
	}
	if (st == AF_OK)
		st = change_allowed(c, &a);
	if (st != AF_OK)
		goto out;
	to_status = a.status;
	switch (c->what) {
	case CH_ASSIGN:
		kind = "assign";
		to_status = "in_use";
		detail = c->return_due ? xasprintf("to %s, due back %s", c->login, c->return_due)
			: xasprintf("to %s", c->login);
		break;
	case CH_RETURN:
		kind = "return";
		to_status = "in_stock";
		detail = xasprintf("from %s", a.holder_login);
		break;
	case CH_MOVE:
		holder = a.holder;
		detail = move_note(a.location, c->location, NULL);
		break;
	case CH_WRITEOFF:
		kind = "write_off";
		to_status = "retired";
		detail = xstrdup(c->note);
		break;
	}
	note = move_note(a.location, c->location, c->note);
	st = record_move(a.id, 0, kind, to_status, holder, note, &c->move_id);
	if (st == AF_OK &&
	    db_exec("UPDATE assets SET status = ?2, holder_id = nullif(?3, 0), location = coalesce(?4, location),"
		    " return_due = CASE WHEN ?5 THEN ?6 WHEN ?3 = 0 THEN NULL ELSE return_due END"
		    " WHERE id = ?1", "ItItit", a.id, to_status, holder, c->location, c->what == CH_ASSIGN,
		    c->return_due) != SQLITE_DONE)
		st = db_fail();
	if (st == AF_OK)
		st = audit_log(change_action[c->what], c->tag, detail);
out:
	free(note);
	free(detail);
	assets_free(&a);
	return st;
}

static af_status change(struct change_ctx *c, const char *what)
{
	af_status st = auth_require("manage_assets", what);

	if (st == AF_OK)
		st = assets_check_tag("tag", c->tag);
	if (st == AF_OK)
		st = assets_check_text("--location", c->location, 200, c->what == CH_MOVE);
	if (st == AF_OK)
		st = assets_check_text(c->what == CH_WRITEOFF ? "-m (the reason)" : "-m", c->note, 0,
				c->what == CH_WRITEOFF);
	if (st == AF_OK && c->what == CH_ASSIGN)
		st = assets_check_text("login", c->login, 64, 1);
	if (st == AF_OK && c->return_due) {
		char today[32];

		tz_today(today, sizeof today);
		if (!db_is_date(c->return_due))
			st = af_fail(AF_INVALID, "--return-due: '%s' is not a date (YYYY-MM-DD)", c->return_due);
		else if (strcmp(c->return_due, today) < 0)
			st = af_fail(AF_INVALID, "--return-due: %s is already past (today is %s)", c->return_due, today);
	}
	return st == AF_OK ? db_transact(change_txn, c) : st;
}

af_status assets_assign(const char *tag, const char *login, const char *location, const char *note,
			const char *return_due, int64_t *move_id)
{
	struct change_ctx c = { CH_ASSIGN, tag, login, location, note, return_due, 0, { 0, 0 } };
	af_status st = change(&c, "assets assign");

	if (move_id)
		*move_id = c.move_id;
	return st;
}

af_status assets_return(const char *tag, const char *location, const char *note)
{
	struct change_ctx c = { CH_RETURN, tag, NULL, location, note, NULL, 0, { 0, 0 } };

	return change(&c, "assets return");
}

af_status assets_move(const char *tag, const char *location, const char *note)
{
	struct change_ctx c = { CH_MOVE, tag, NULL, location, note, NULL, 0, { 0, 0 } };

	return change(&c, "assets move");
}

af_status assets_writeoff(const char *tag, const char *reason)
{
	struct change_ctx c = { CH_WRITEOFF, tag, NULL, NULL, reason, NULL, 0, { 0, 0 } };

	return change(&c, "assets writeoff");
}

/* ---- by request: the asset_hand_over and asset_give_back effects ---------- */

/* Runs inside the engine's transaction of the step that finishes the
 * request; the step's approver is the actor, their step the permission. */
af_status assets_category_check(const char *category)
{
	if (!category || !*category)
		return af_fail_field(AF_INVALID, "category", "a value is required");
	if (db_int(0, "SELECT 1 FROM assets WHERE category = ?1 AND status NOT IN ('retired', 'lost') LIMIT 1",
		   "t", category) != 1)
		return af_fail_field(AF_INVALID, "category", "no asset of category '%s' on the register",
				     category);
	return AF_OK;
}

af_status assets_hand_over(int64_t request, const char *number, int64_t holder, const char *tag,
			   const char *category, const char *return_due)
{
	struct change_ctx c = { CH_ASSIGN, tag, NULL, NULL, NULL, return_due, 0, { 0, 0 } };
	struct asset a;
	char *cat, *login, *detail;
	af_status st;

	if (!tag || !*tag)
		return af_fail_field(AF_INVALID, "asset", "the asset keeper chooses the asset to hand over");
	if (asset_find(tag, &a) != 1)
		return af_fail_field(AF_INVALID, "asset", "%s: no such asset", tag);
	cat = db_text("", "SELECT category FROM assets WHERE id = ?1", "I", a.id);
	if (category && *category && strcmp(cat, category) != 0)
		st = af_fail_field(AF_INVALID, "asset", "%s is a %s, not a %s as asked",
				   tag, *cat ? cat : "(no category)",
			     category);
	else
		st = change_allowed(&c, &a);
	login = db_text("", "SELECT login FROM employees WHERE id = ?1", "I", holder);
	detail = return_due ? xasprintf("to %s for %s, due back %s", login, number, return_due)
		: xasprintf("to %s for %s", login, number);
	if (st == AF_OK)
		st = record_move(a.id, request, "assign", "in_use", holder, NULL, NULL);
	if (st == AF_OK && db_exec("UPDATE assets SET status = 'in_use', holder_id = ?2, return_due = ?3 WHERE id = ?1",
				   "IIt", a.id, holder, return_due) != SQLITE_DONE)
		st = db_fail();
	if (st == AF_OK)
		st = audit_log("asset_assign", tag, detail);
	free(cat);
	free(login);
	free(detail);
	assets_free(&a);
	return st;
}

af_status assets_take_back(int64_t request, const char *number, int64_t holder, const char *tag,
			   const char *location, int check_only)
{
	struct asset a;
	char *note = NULL, *detail = NULL;
	af_status st = AF_OK;

	if (!tag || !*tag)
		return af_fail_field(AF_INVALID, "asset", "a value is required");
	if (asset_find(tag, &a) != 1)
		return af_fail_field(AF_INVALID, "asset", "%s: no such asset", tag);
	if (strcmp(a.status, "in_use") != 0 || a.holder != holder)
		st = af_fail_field(AF_CONFLICT, "asset", "%s is %s%s%s, not held by the applicant", tag, a.status,
				   a.holder ? " by " : "", a.holder ? a.holder_login : "");
	else if (!check_only) {
		if (location && !*location)
			location = NULL;
		note = move_note(a.location, location, NULL);
		detail = xasprintf("from %s by %s", a.holder_login, number);
		st = record_move(a.id, request, "return", "in_stock", 0, note, NULL);
		if (st == AF_OK && db_exec("UPDATE assets SET status = 'in_stock', holder_id = NULL,"
					   " location = coalesce(?2, location) WHERE id = ?1", "It", a.id,
					   location) != SQLITE_DONE)
			st = db_fail();
		if (st == AF_OK)
			st = audit_log("asset_return", tag, detail);
	}
	free(note);
	free(detail);
	assets_free(&a);
	return st;
}

char *assets_slip(int64_t move_id)
{
	db_stmt s;
	strbuf sb = {0};
	char money[32];

	db_prepare(&s, "SELECT m.id, m.at, a.tag, a.name, a.category, a.location, a.purchase_date, a.cost_cents,"
		   " h.name, h.login, coalesce(d.name, ''), coalesce(k.name, ''), coalesce(k.login, ''), m.note,"
		   " coalesce(a.return_due, '')"
		   " FROM asset_moves m JOIN assets a ON a.id = m.asset_id"
		   " JOIN employees h ON h.id = m.to_holder LEFT JOIN departments d ON d.id = h.department_id"
		   " LEFT JOIN employees k ON k.id = m.actor_id WHERE m.id = :id AND m.kind = 'assign'");
	db_bind_int(&s, ":id", move_id);
	if (db_step(&s) != SQLITE_ROW) {
		db_done(&s);
		return NULL;
	}
	sb_puts(&sb, "资产领用单 asset hand-over slip\n\n");
	sb_printf(&sb, "单号 slip:        %lld\n", (long long)db_col_int(&s, 0));
	sb_printf(&sb, "日期 date:        %s\n", db_col_text(&s, 1));
	sb_printf(&sb, "资产 asset:       %s %s", db_col_text(&s, 2), db_col_text(&s, 3));
	if (*db_col_text(&s, 4))
		sb_printf(&sb, " (%s)", db_col_text(&s, 4));
	sb_puts(&sb, "\n");
	sb_printf(&sb, "原值 cost:        %s", expr_format_money(db_col_int(&s, 7), money, sizeof money));
	if (*db_col_text(&s, 6))
		sb_printf(&sb, ", bought %s", db_col_text(&s, 6));
	sb_puts(&sb, "\n");
	sb_printf(&sb, "位置 location:    %s\n", db_col_text(&s, 5));
	sb_printf(&sb, "领用人 holder:    %s (%s)", db_col_text(&s, 8), db_col_text(&s, 9));
	if (*db_col_text(&s, 10))
		sb_printf(&sb, ", %s", db_col_text(&s, 10));
	sb_puts(&sb, "\n");
	if (*db_col_text(&s, 14))
		sb_printf(&sb, "归还 due back:    %s\n", db_col_text(&s, 14));
	if (*db_col_text(&s, 12))
		sb_printf(&sb, "经办人 issued by: %s (%s)\n", db_col_text(&s, 11), db_col_text(&s, 12));
	if (*db_col_text(&s, 13))
		sb_printf(&sb, "备注 note:        %s\n", db_col_text(&s, 13));
	sb_puts(&sb, "\n领用人签字 received by: ____________  日期 date: __________\n");
	sb_puts(&sb, "经办人签字 issued by:   ____________  日期 date: __________\n");
	db_done(&s);
	return sb_take(&sb);
}

static af_status may_read(const char *what)
{
	return auth_can("view_all") ? AF_OK : auth_require("manage_assets", what);
}

af_status assets_history(const char *tag, void (*fn)(void *ctx, const asset_move_row *m), void *ctx)
{
	struct asset a;
	db_stmt s;
	int rc;
	af_status st = may_read("assets history");

	if (st == AF_OK)
		st = assets_check_tag("tag", tag);
	if (st == AF_OK)
		st = assets_get(tag, &a);
	if (st != AF_OK)
		return st;
	db_prepare(&s, "SELECT m.at, m.kind, coalesce(m.from_status, ''), coalesce(m.to_status, ''),"
		   " coalesce(f.login, ''), coalesce(t.login, ''), coalesce(k.login, ''), coalesce(r.number, ''),"
		   " m.note FROM asset_moves m LEFT JOIN employees f ON f.id = m.from_holder"
		   " LEFT JOIN employees t ON t.id = m.to_holder LEFT JOIN employees k ON k.id = m.actor_id"
		   " LEFT JOIN requests r ON r.id = m.request_id WHERE m.asset_id = :id ORDER BY m.at, m.id");
	db_bind_int(&s, ":id", a.id);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		asset_move_row m = {
			db_col_text(&s, 0), db_col_text(&s, 1), db_col_text(&s, 2), db_col_text(&s, 3),
			db_col_text(&s, 4), db_col_text(&s, 5), db_col_text(&s, 6), db_col_text(&s, 7),
			db_col_text(&s, 8),
		};

		fn(ctx, &m);
	}
	db_done(&s);
	assets_free(&a);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

af_status assets_list(const char *location, const char *status,
		      void (*fn)(void *ctx, const asset_row *a), void *ctx)
{
	char today[11];
	db_stmt s;
	int rc;
	af_status st = may_read("assets");

	if (st != AF_OK)
		return st;
	tz_today(today, sizeof today);
	db_prepare(&s, "SELECT a.tag, a.name, a.category, a.status, coalesce(e.login, ''), a.location,"
		   " coalesce(a.return_due, ''), a.cost_cents, a.salvage_cents,"
		   " coalesce(a.life_months, c.life_months, 0), coalesce(a.in_service_on, a.purchase_date, '')"
		   " FROM assets a LEFT JOIN employees e ON e.id = a.holder_id"
		   " LEFT JOIN asset_categories c ON c.name = a.category"
		   " WHERE (:loc IS NULL OR a.location = :loc) AND (:status IS NULL OR a.status = :status)"
		   " ORDER BY a.tag");
	db_bind_text(&s, ":loc", location);
	db_bind_text(&s, ":status", status);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		asset_row r = {
			db_col_text(&s, 0), db_col_text(&s, 1), db_col_text(&s, 2),
			db_col_text(&s, 3), db_col_text(&s, 4), db_col_text(&s, 5), db_col_text(&s, 6),
			db_col_int(&s, 7), assets_on_books(db_col_text(&s, 3)),
			assets_value_at(db_col_int(&s, 7), db_col_int(&s, 8), (int)db_col_int(&s, 9),
					db_col_text(&s, 10), today),
		};

		fn(ctx, &r);
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* ---- the stocktake: opening ---------------------------------------------- */

/* The open stocktake's id, 0 when none. */
static int64_t open_stocktake(void)
{
	return db_int(0, "SELECT id FROM stocktakes WHERE closed_at IS NULL ORDER BY id LIMIT 1", "");
}

static af_status none_open(void)
{
	return af_fail(AF_CONFLICT, "stocktake: none is open (adminflow stocktake start)");
}

struct start_ctx {
	const char *location;
	int64_t id;
	struct assets_once once;
};

static af_status start_txn(void *arg)
{
	struct start_ctx *c = arg;
	char at[32], *name, *detail;
	int64_t open;
	af_status st;

	if (assets_once_done(&c->once, "stocktake_start", "stocktakes")) {
		c->id = open_stocktake();
		return AF_OK;
	}
	if ((open = open_stocktake()) != 0) {
		char *what = db_text("", "SELECT started_at || CASE location WHEN '' THEN '' ELSE ' at ' || location END"
				     " FROM stocktakes WHERE id = ?1", "I", open);

		st = af_fail(AF_CONFLICT, "stocktake: %lld (started %s) is still open; close it first",
			     (long long)open, what);
		free(what);
		return st;
	}
	if (c->location && db_int(0, "SELECT 1 FROM assets WHERE location = ?1 AND status <> 'retired' LIMIT 1",
				  "t", c->location) != 1)
		return af_fail(AF_INVALID, "--location: no assets at '%s'", c->location);
	now_text(at, sizeof at);
	name = xasprintf("盘点 %.10s%s%s", at, c->location ? " " : "", c->location ? c->location : "");
	if (db_exec("INSERT INTO stocktakes(name, location, started_at, started_by) VALUES(?1, ?2, ?3, nullif(?4, 0))",
		    "tttI", name, c->location ? c->location : "", at, me.id) != SQLITE_DONE) {
		free(name);
		return db_fail();
	}
	free(name);
	c->id = sqlite3_last_insert_rowid(db_handle());
	detail = xasprintf("%lld at %s", (long long)c->id, c->location ? c->location : "all locations");
	st = audit_log("stocktake_start", "stocktakes", detail);
	free(detail);
	return st;
}

af_status stocktake_start(const char *location, int64_t *id)
{
	struct start_ctx c = { location, 0, { 0, 0 } };
	af_status st = auth_require("manage_assets", "stocktake start");

	if (st == AF_OK)
		st = assets_check_text("--location", location, 200, location != NULL);
	if (st == AF_OK)
		st = db_transact(start_txn, &c);
	if (st == AF_OK && id)
		*id = c.id;
	return st;
}

/* ---- the stocktake: reading the counts ------------------------------------ */

enum count_col { CC_TAG, CC_FOUND, CC_LOCATION, CC_NOTE, CC_N };
static const char *const count_cols[CC_N] = { "tag", "found", "location", "note" };
/* Columns of the count sheet (export inventory-count) that are read over:
 * a filled-in sheet imports as it is, its counted column being found. */
static const char *const sheet_cols[] = { "name", "category", "holder", "booked_status", NULL };

struct count_row {
	long line;
	char *cell[CC_N];
	int found;
};

struct countfile {
	const char *path;
	int map[64];   /* file position -> count column, -1 read over */
	int nhead, header_done, stop;
	int has[CC_N];
	struct count_row *rows;
	size_t nrows, cap;
	csvio_problems probs;
};

static void count_error(struct countfile *cf, long line, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void count_error(struct countfile *cf, long line, const char *column, const char *fmt, ...)
{
	char why[2 * TEXT_MAX + 200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	csvio_problems_add(&cf->probs, line, column, why);
}

static void count_free(struct countfile *cf)
{
	for (size_t i = 0; i < cf->nrows; i++)
		for (int c = 0; c < CC_N; c++)
			free(cf->rows[i].cell[c]);
	free(cf->rows);
	csvio_problems_truncate(&cf->probs, 0);
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* 1 when a header cell names one of the sheet's columns, in any language. */
static int sheet_col(const char *name)
{
	for (const char *const *c = sheet_cols; *c; c++)
		if (colnames_is(name, *c))
			return 1;
	return 0;
}

static int count_header(void *ctx, const csvio_row *h)
{
	struct countfile *cf = ctx;
	long line = h->line;

	cf->header_done = 1;
	cf->nhead = h->n;
	if (h->n > CSVIO_MAX_FIELDS) {
		count_error(cf, line, NULL, "%d columns; a count file has tag, found, location, note", h->n);
		return cf->stop = 1;
	}
	for (int i = 0; i < h->n; i++) {
		const char *name = h->fields[i] ? h->fields[i] : "";
		int c = -1;

		cf->map[i] = -1;
		/* in English or in any language the screens speak: the sheet
		 * saved from the Chinese screens comes back with their words */
		for (int k = 0; k < CC_N && c < 0; k++)
			if (colnames_is(name, count_cols[k]))
				c = k;
		if (c < 0 && colnames_is(name, "counted"))
			c = CC_FOUND;
		if (c < 0 && sheet_col(name))
			continue;
		if (c < 0) {
			char label[32];

			/* the file's name for it when that is safe to print */
			if (*name && strlen(name) <= 24 && !text_problem(name, 0, 0))
				snprintf(label, sizeof label, "%s", name);
			else
				snprintf(label, sizeof label, "column %d", i + 1);
			count_error(cf, line, label, "unknown column (a count file has: tag, found, location,"
				    " note)");
			cf->stop = 1;
		} else if (cf->has[c]) {
			count_error(cf, line, count_cols[c], "column given twice");
			cf->stop = 1;
		} else {
			cf->map[i] = c;
			cf->has[c] = 1;
		}
	}
	for (int k = CC_TAG; k <= CC_FOUND; k++) {
		if (!cf->has[k]) {
			count_error(cf, line, count_cols[k], "required column missing");
			cf->stop = 1;
		}
	}
	return cf->stop;
}

static int count_take_row(void *ctx, const csvio_row *row)
{
	struct countfile *cf = ctx;
	struct count_row *r;

	if (cf->nrows == cf->cap) {
		cf->cap = cf->cap ? 2 * cf->cap : 64;
		cf->rows = xrealloc(cf->rows, cf->cap * sizeof *cf->rows);
	}
	r = &cf->rows[cf->nrows++];
	memset(r, 0, sizeof *r);
	r->line = row->line;
	for (int i = 0; i < row->n; i++) {
		int c = cf->map[i];
		const char *raw = row->fields[i];
		const char *why;
		char *s;

		if (c < 0)
			continue;
		if (!raw) {
			count_error(cf, r->line, count_cols[c], "longer than %d bytes", TEXT_MAX);
			continue;
		}
		if (strlen(raw) != row->lens[i]) {
			count_error(cf, r->line, count_cols[c], "contains a NUL byte");
			continue;
		}
		s = xstrdup(raw);
		if (c == CC_LOCATION || c == CC_NOTE) {
			/* a line break in the cell is kept, as LF */
			char *d = s;

			for (const char *p = s; *p; p++)
				if (!(p[0] == '\r' && p[1] == '\n'))
					*d++ = *p;
			*d = '\0';
		}
		csvio_unneutralise(s);
		why = text_problem(s, c == CC_TAG ? TAG_MAX : 0, c == CC_LOCATION || c == CC_NOTE);
		if (why) {
			count_error(cf, r->line, count_cols[c], "%s", why);
			free(s);
			continue;
		}
		if (c == CC_TAG && !*s) {
			count_error(cf, r->line, "tag", "a value is required");
		} else if (c == CC_TAG && (s[0] == ' ' || s[strlen(s) - 1] == ' ')) {
			count_error(cf, r->line, "tag", "'%s' begins or ends with a space", s);
		} else if (c == CC_FOUND && strcmp(s, "1") != 0 && strcmp(s, "0") != 0) {
			if (*s)
				count_error(cf, r->line, "found", "'%s' is not 1 (found) or 0 (not found)", s);
			else
				count_error(cf, r->line, "found", "a value is required: 1 found, 0 not found");
		} else {
			if (c == CC_FOUND)
				r->found = s[0] == '1';
			r->cell[c] = s;
			continue;
		}
		free(s);
	}
	return 0;
}

static void count_problem(void *ctx, long line, int field, const char *why, int stops)
{
	struct countfile *cf = ctx;
	char label[32];
	const char *column = NULL;

	if (field >= 0 && cf->header_done && field < cf->nhead && cf->map[field] >= 0)
		column = count_cols[cf->map[field]];
	else if (field >= 0 && cf->header_done)
		snprintf(label, sizeof label, "column %d", field + 1), column = label;
	count_error(cf, line, column, "%s", why);
	if (stops)
		cf->stop = 1;
}

static af_status count_read(struct countfile *cf, FILE *f)
{
	csvio_reader r = { cf->path, TEXT_MAX, "tag, found, location, note", count_header, count_take_row,
			   count_problem, cf };

	return csvio_read(&r, f);
}

struct tag_line {
	const char *tag;
	size_t row;
};

static int tag_line_order(const void *x, const void *y)
{
	const struct tag_line *a = x, *b = y;
	int c = strcmp(a->tag, b->tag);

	return c ? c : (a->row < b->row ? -1 : a->row > b->row);
}

static void count_duplicates(struct countfile *cf)
{
	struct tag_line *v = xcalloc(cf->nrows + 1, sizeof *v);
	size_t n = 0;

	for (size_t i = 0; i < cf->nrows; i++)
		if (cf->rows[i].cell[CC_TAG])
			v[n++] = (struct tag_line){ cf->rows[i].cell[CC_TAG], i };
	qsort(v, n, sizeof *v, tag_line_order);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;

		while (i < n && strcmp(v[i].tag, v[first].tag) == 0) {
			count_error(cf, cf->rows[v[i].row].line, "tag", "duplicate '%s' (also on line %ld)",
				    v[i].tag, cf->rows[v[first].row].line);
			i++;
		}
	}
	free(v);
}

/* ---- the stocktake: writing the counts ------------------------------------ */

struct count_ctx {
	struct countfile *cf;
	size_t nerrs;  /* problems found before the transaction */
	int64_t id;
	struct assets_once once;
};

static af_status count_txn(void *arg)
{
	struct count_ctx *c = arg;
	struct countfile *cf = c->cf;
	char object[32], *detail;
	af_status st = AF_OK;

	csvio_problems_truncate(&cf->probs, c->nerrs); /* a retry starts afresh */
	if (!(c->id = open_stocktake()))
		return none_open();
	snprintf(object, sizeof object, "stocktake %lld", (long long)c->id);
	if (assets_once_done(&c->once, "stocktake_count", object))
		return AF_OK;
	for (size_t i = 0; i < cf->nrows; i++) {
		struct count_row *r = &cf->rows[i];
		const char *loc = r->cell[CC_LOCATION] ? r->cell[CC_LOCATION] : "";
		char *done = db_text(NULL, "SELECT resolution FROM stocktake_counts WHERE stocktake_id = ?1"
				     " AND tag = ?2 AND resolution IS NOT NULL AND (found <> ?3 OR location <> ?4)",
				     "Itit", c->id, r->cell[CC_TAG], r->found, loc);

		if (done) {
			count_error(cf, r->line, "tag", "'%s' is already resolved as %s in this stocktake;"
				    " its count cannot change", r->cell[CC_TAG], done);
			free(done);
			st = AF_INVALID;
			continue;
		}
		if (db_exec("INSERT INTO stocktake_counts(stocktake_id, tag, found, location, note)"
			    " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(stocktake_id, tag) DO UPDATE SET"
			    " found = excluded.found, location = excluded.location, note = excluded.note"
			    " WHERE resolution IS NULL", "Ititt", c->id, r->cell[CC_TAG], r->found, loc,
			    r->cell[CC_NOTE] ? r->cell[CC_NOTE] : "") != SQLITE_DONE)
			return db_fail();
	}
	if (st != AF_OK)
		return st;
	detail = xasprintf("%zu counts from %s", cf->nrows, cf->path);
	st = audit_log("stocktake_count", object, detail);
	free(detail);
	return st;
}

af_status stocktake_count(const char *path, int64_t *id, int *rows)
{
	struct countfile cf = { .path = path, .probs = { .path = path } };
	struct count_ctx c = { &cf, 0, 0, { 0, 0 } };
	af_status st = auth_require("manage_assets", "stocktake count");
	FILE *f;

	if (st != AF_OK)
		return st;
	/* Said before the file is read; the transaction looks again. */
	if (!open_stocktake())
		return none_open();
	st = csvio_open(path, &f, NULL);
	if (st != AF_OK)
		return st;
	st = count_read(&cf, f);
	csvio_close(f);
	if (st == AF_OK && cf.header_done && !cf.stop)
		count_duplicates(&cf);
	if (st == AF_OK && cf.probs.n)
		st = csvio_problems_report(&cf.probs);
	if (st == AF_OK) {
		c.nerrs = cf.probs.n;
		st = db_transact(count_txn, &c);
		if (st == AF_INVALID && cf.probs.n)
			st = csvio_problems_report(&cf.probs);
	}
	if (st == AF_OK) {
		if (id)
			*id = c.id;
		if (rows)
			*rows = (int)cf.nrows;
	}
	count_free(&cf);
	return st;
}

/* ---- the stocktake: differences ------------------------------------------- */

/* Booked against counted for stocktake :st (and one :tag, or all when it is
 * NULL). A count's place is the one written on it, else the stocktake's,
 * else where the asset is booked. ord 1-3: unresolved, 4: resolved. */
#define DIFF_SQL \
	"WITH s(id, loc) AS (SELECT id, location FROM stocktakes WHERE id = :st)," \
	" d(ord, tag, kind, name, booked, counted, holder, resolution) AS (" \
	" SELECT 1, a.tag, 'missing', a.name, a.location, '', coalesce(h.login, ''), ''" \
	"  FROM s JOIN assets a ON (s.loc = '' OR a.location = s.loc)" \
	"  LEFT JOIN employees h ON h.id = a.holder_id" \
	"  LEFT JOIN stocktake_counts c ON c.stocktake_id = s.id AND c.tag = a.tag" \
	"  WHERE a.status IN ('in_stock', 'in_use', 'in_repair')" \
	"  AND (c.tag IS NULL OR (c.found = 0 AND c.resolution IS NULL))" \
	" UNION ALL" \
	" SELECT 2, a.tag, 'elsewhere', a.name," \
	"  a.location || CASE a.status WHEN 'lost' THEN ' (lost)' ELSE '' END," \
	"  coalesce(nullif(c.location, ''), nullif(s.loc, ''), a.location), coalesce(h.login, ''), ''" \
	"  FROM s JOIN stocktake_counts c ON c.stocktake_id = s.id JOIN assets a ON a.tag = c.tag" \
	"  LEFT JOIN employees h ON h.id = a.holder_id" \
	"  WHERE c.found = 1 AND c.resolution IS NULL AND a.status <> 'retired'" \
	"  AND (a.status = 'lost' OR coalesce(nullif(c.location, ''), nullif(s.loc, ''), a.location) <> a.location)" \
	" UNION ALL" \
	" SELECT 3, c.tag, 'unknown', c.note, '', coalesce(nullif(c.location, ''), s.loc), '', ''" \
	"  FROM s JOIN stocktake_counts c ON c.stocktake_id = s.id" \
	"  WHERE c.found = 1 AND c.resolution IS NULL AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.tag = c.tag)" \
	" UNION ALL" \
	" SELECT 4, c.tag, CASE WHEN c.found = 0 THEN 'missing' WHEN c.resolution = 'added' THEN 'unknown'" \
	"  ELSE 'elsewhere' END, coalesce(a.name, c.note), coalesce(a.location, '')," \
	"  CASE c.found WHEN 1 THEN coalesce(nullif(c.location, ''), nullif(s.loc, ''), a.location, '') ELSE '' END," \
	"  coalesce(h.login, ''), c.resolution" \
	"  FROM s JOIN stocktake_counts c ON c.stocktake_id = s.id LEFT JOIN assets a ON a.tag = c.tag" \
	"  LEFT JOIN employees h ON h.id = a.holder_id WHERE c.resolution IS NOT NULL)" \
	" SELECT ord, tag, kind, name, booked, counted, holder, resolution FROM d" \
	" WHERE :tag IS NULL OR tag = :tag ORDER BY ord, tag"

af_status stocktake_diff(int64_t id, void (*fn)(void *ctx, const stocktake_diff_row *d), void *ctx,
			 int64_t *shown_id, int *unresolved)
{
	af_status st = may_read("stocktake diff");

	return st == AF_OK ? stocktake_diff_rows(id, fn, ctx, shown_id, unresolved) : st;
}

af_status stocktake_diff_rows(int64_t id, void (*fn)(void *ctx, const stocktake_diff_row *d), void *ctx,
			      int64_t *shown_id, int *unresolved)
{
	db_stmt s;
	int rc, n = 0;

	if (!id && !(id = open_stocktake()))
		return none_open();
	if (db_int(0, "SELECT 1 FROM stocktakes WHERE id = ?1", "I", id) != 1)
		return af_fail(AF_INVALID, "stocktake: no stocktake %lld", (long long)id);
	db_prepare(&s, DIFF_SQL);
	db_bind_int(&s, ":st", id);
	db_bind_null(&s, ":tag");
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		stocktake_diff_row d = {
			db_col_text(&s, 1), db_col_text(&s, 2), db_col_text(&s, 3), db_col_text(&s, 4),
			db_col_text(&s, 5), db_col_text(&s, 6), db_col_text(&s, 7),
		};

		if (db_col_int(&s, 0) < 4)
			n++;
		if (fn)
			fn(ctx, &d);
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
	if (shown_id)
		*shown_id = id;
	if (unresolved)
		*unresolved = n;
	return AF_OK;
}

/* ---- the stocktake: resolving and closing --------------------------------- */

struct resolve_ctx {
	const char *tag, *resolution, *name, *category;
	struct assets_once once;
};

/* The resolutions that fit each kind of difference. */
static const struct {
	const char *kind, *allowed[3];
} fits[] = {
	{ "missing", { "found", "lost", NULL } },
	{ "elsewhere", { "found", "moved", NULL } },
	{ "unknown", { "added", NULL, NULL } },
};

static af_status resolve_apply(struct resolve_ctx *c, int64_t st_id, const char *kind, const char *counted,
			       const char *note)
{
	char *why = xasprintf("stocktake %lld: %s, %s", (long long)st_id, kind, c->resolution);
	struct asset a = {0};
	af_status st = AF_OK;

	if (strcmp(c->resolution, "added") == 0) {
		const char *name = c->name && *c->name ? c->name : note;
		char at[32];

		if (!name || !*name) {
			st = af_fail(AF_INVALID, "--name: required for %s (its count has no note to name it by)",
				     c->tag);
			goto out;
		}
		if ((st = assets_check_text("--name", name, NAME_MAX_CHARS, 1)) != AF_OK)
			goto out;
		now_text(at, sizeof at);
		if (db_exec("INSERT INTO assets(tag, name, category, status, location) VALUES(?1, ?2, ?3,"
			    " 'in_stock', ?4)", "tttt", c->tag, name, c->category ? c->category : "",
			    counted) != SQLITE_DONE ||
		    db_exec("INSERT INTO asset_moves(asset_id, kind, to_status, actor_id, at, note)"
			    " SELECT id, 'receive', 'in_stock', nullif(?2, 0), ?3, ?4 FROM assets WHERE tag = ?1",
			    "tItt", c->tag, me.id, at, why) != SQLITE_DONE)
			st = db_fail();
		goto out;
	}
	if (strcmp(c->resolution, "found") == 0)
		goto out; /* the books stand */
	if ((st = assets_get(c->tag, &a)) != AF_OK)
		goto out;
	if (strcmp(c->resolution, "lost") == 0) {
		st = record_move(a.id, 0, "lost", "lost", 0, why, NULL);
		if (st == AF_OK && db_exec("UPDATE assets SET status = 'lost', holder_id = NULL WHERE id = ?1", "I",
					   a.id) != SQLITE_DONE)
			st = db_fail();
	} else { /* moved: booked where it was found; a lost one is back in stock */
		const char *to = strcmp(a.status, "lost") == 0 ? "in_stock" : a.status;
		char *n = move_note(a.location, counted, why);

		st = record_move(a.id, 0, strcmp(a.status, "lost") == 0 ? "found" : "move", to, a.holder, n, NULL);
		free(n);
		if (st == AF_OK && db_exec("UPDATE assets SET location = ?2, status = ?3 WHERE id = ?1", "Itt", a.id,
					   counted, to) != SQLITE_DONE)
			st = db_fail();
	}
out:
	assets_free(&a);
	free(why);
	return st;
}

static af_status resolve_txn(void *arg)
{
	struct resolve_ctx *c = arg;
	int64_t id = open_stocktake();
	char *kind = NULL, *counted = NULL, *note = NULL, *done = NULL, *detail;
	const char *const *allowed = NULL;
	db_stmt s;
	af_status st;
	int rc;

	if (!id)
		return none_open();
	if (assets_once_done(&c->once, "stocktake_resolve", c->tag))
		return AF_OK;
	db_prepare(&s, DIFF_SQL);
	db_bind_int(&s, ":st", id);
	db_bind_text(&s, ":tag", c->tag);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		if (db_col_int(&s, 0) == 4) {
			free(done);
			done = xstrdup(db_col_text(&s, 7));
		} else if (!kind) {
			kind = xstrdup(db_col_text(&s, 2));
			counted = xstrdup(db_col_text(&s, 5));
		}
	}
	db_done(&s);
	if (rc != SQLITE_DONE) {
		st = db_fail();
		goto out;
	}
	if (!kind) {
		st = done ? af_fail(AF_CONFLICT, "%s: already resolved as %s in stocktake %lld", c->tag, done,
				    (long long)id)
			  : af_fail(AF_INVALID, "%s: not a difference in stocktake %lld (see adminflow stocktake diff)",
				    c->tag, (long long)id);
		goto out;
	}
	for (size_t i = 0; i < sizeof fits / sizeof fits[0]; i++)
		if (strcmp(fits[i].kind, kind) == 0)
			allowed = fits[i].allowed;
	if (!allowed || !in_list(c->resolution, allowed)) {
		st = af_fail(AF_INVALID, "resolution: '%s' does not fit %s, which is %s (%s%s%s)", c->resolution,
			     c->tag, kind, allowed ? allowed[0] : "", allowed && allowed[1] ? " or " : "",
			     allowed && allowed[1] ? allowed[1] : "");
		goto out;
	}
	note = db_text("", "SELECT note FROM stocktake_counts WHERE stocktake_id = ?1 AND tag = ?2", "It", id,
		       c->tag);
	if ((st = resolve_apply(c, id, kind, counted, note)) != AF_OK)
		goto out;
	if (db_exec("INSERT INTO stocktake_counts(stocktake_id, tag, found, resolution, resolved_by)"
		    " VALUES(?1, ?2, 0, ?3, nullif(?4, 0)) ON CONFLICT(stocktake_id, tag) DO UPDATE SET"
		    " resolution = excluded.resolution, resolved_by = excluded.resolved_by",
		    "IttI", id, c->tag, c->resolution, me.id) != SQLITE_DONE) {
		st = db_fail();
		goto out;
	}
	detail = xasprintf("stocktake %lld: %s, %s", (long long)id, kind, c->resolution);
	st = audit_log("stocktake_resolve", c->tag, detail);
	free(detail);
out:
	free(kind);
	free(counted);
	free(note);
	free(done);
	return st;
}

af_status stocktake_resolve(const char *tag, const char *resolution, const char *name, const char *category)
{
	static const char *const all[] = { "found", "lost", "moved", "added", NULL };
	struct resolve_ctx c = { tag, resolution, name, category, { 0, 0 } };
	af_status st = auth_require("manage_assets", "stocktake resolve");

	if (st == AF_OK)
		st = assets_check_tag("tag", tag);
	if (st == AF_OK && (!resolution || !in_list(resolution, all)))
		st = af_fail(AF_INVALID, "resolution: '%s' is not one of: found, lost, moved, added",
			     resolution ? resolution : "");
	if (st == AF_OK)
		st = assets_check_text("--name", name, NAME_MAX_CHARS, 0);
	if (st == AF_OK)
		st = assets_check_text("--category", category, 100, 0);
	return st == AF_OK ? db_transact(resolve_txn, &c) : st;
}

struct close_ctx {
	int64_t id;
	struct assets_once once;
};

static af_status close_txn(void *arg)
{
	struct close_ctx *c = arg;
	char object[32], at[32];
	int left = 0;
	af_status st;

	if (!c->once.ran)
		c->id = open_stocktake(); /* a second run closes the same one, or finds it closed */
	if (!c->id)
		return none_open();
	snprintf(object, sizeof object, "stocktake %lld", (long long)c->id);
	if (assets_once_done(&c->once, "stocktake_close", object))
		return AF_OK;
	if (open_stocktake() != c->id)
		return none_open();
	if ((st = stocktake_diff(c->id, NULL, NULL, NULL, &left)) != AF_OK)
		return st;
	if (left > 0)
		return af_fail(AF_CONFLICT, "stocktake %lld: %d difference%s unresolved (see adminflow stocktake diff)",
			       (long long)c->id, left, left == 1 ? "" : "s");
	now_text(at, sizeof at);
	if (db_exec("UPDATE stocktakes SET closed_at = ?2 WHERE id = ?1", "It", c->id, at) != SQLITE_DONE)
		return db_fail();
	return audit_log("stocktake_close", object, "");
}

af_status stocktake_close(int64_t *id)
{
	struct close_ctx c = { 0, { 0, 0 } };
	af_status st = auth_require("manage_assets", "stocktake close");

	if (st == AF_OK)
		st = db_transact(close_txn, &c);
	if (st == AF_OK && id)
		*id = c.id;
	return st;
}
