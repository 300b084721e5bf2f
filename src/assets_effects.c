#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "assets.h"
#include "assets_effects.h"
#include "db.h"
#include "util.h"

/* The asset effects (effect_list.h): a repair takes the asset out of use
 * and brings it back, a hand-over and a give-back move who holds it. They
 * sit apart from assets.c (the register) and run in the engine action's
 * transaction. */

static af_status asset_move(const effect_ctx *c, int64_t asset, const char *kind, const char *to)
{
	char at[32];
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
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

static int64_t asset_of(const effect_ctx *c)
{
	char *tag = effects_value_of_type(c, FT_ASSET);
	int64_t id = tag ? db_int(0, "SELECT id FROM assets WHERE tag = ?1", "t", tag) : 0;

	free(tag);
	return id;
}

/* The status the asset had when this request's repair took it (in_stock
 * when none is recorded). Caller frees. */
static char *status_before_repair(const effect_ctx *c, int64_t a)
{
	return db_text("in_stock", "SELECT from_status FROM asset_moves WHERE asset_id = ?1 AND request_id = ?2"
		       " AND kind = 'repair' ORDER BY id DESC LIMIT 1", "II", a, c->request_id);
}

/* A repair takes the asset out of use while it is being handled. */
af_status assets_repair_submit(const effect_ctx *c)
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
af_status assets_repair_done(const effect_ctx *c)
{
	int64_t a = asset_of(c);
	char *outcome = effects_value(c, formdef_field(c->form, "outcome") ? "outcome" : NULL);
	char *before;
	af_status st;

	if (!a) {
		free(outcome);
		return AF_OK;
	}
	before = status_before_repair(c, a);
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

af_status assets_repair_close(const effect_ctx *c)
{
	int64_t a = asset_of(c);
	char *before;
	af_status st = AF_OK;

	if (!a || db_int(0, "SELECT 1 FROM asset_moves WHERE asset_id = ?1 AND request_id = ?2 AND kind = 'repair'",
			 "II", a, c->request_id) != 1)
		return AF_OK;
	if (db_int(0, "SELECT status = 'in_repair' FROM assets WHERE id = ?1", "I", a) != 1)
		return AF_OK; /* already back or written off */
	before = status_before_repair(c, a);
	if (db_exec("UPDATE assets SET status = ?2 WHERE id = ?1", "It", a, before) != SQLITE_DONE)
		st = db_fail();
	free(before);
	return st;
}

/* asset_hand_over: the applicant asks for an asset of a category (the
 * field named category); the step that finishes the request -- the asset
 * keeper's hand-over -- chooses it (the asset field), and the applicant
 * holds it from then, due back on the field named until when there is one. */
af_status assets_hand_over_submit(const effect_ctx *c)
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

af_status assets_hand_over_done(const effect_ctx *c)
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

af_status assets_give_back_submit(const effect_ctx *c) { return give_back(c, 1); }
af_status assets_give_back_done(const effect_ctx *c) { return give_back(c, 0); }
