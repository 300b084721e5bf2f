#include "autoconf.h"
#include <stdio.h>
#include <string.h>
#include "audit.h"
#include "db.h"
#include "effects.h"
#include "notify.h"
#include "util.h"

static af_status effect_notify(const effect_ctx *c)
{
	return notify_add(c->applicant_id, c->request_id, "done", NULL,
			  "%s %s: 已办结 done", c->form->title, c->number);
}

static af_status effect_archive(const effect_ctx *c)
{
	char at[32];

	af_format_time(af_now(), at, sizeof at);
	if (db_exec("UPDATE requests SET archived_at = ?1 WHERE id = ?2", "tI", at, c->request_id) != SQLITE_DONE)
		return db_fail();
	return audit_log("archive", c->number, c->form->id);
}

/* Effects that the affairs bring (bookings, stock, assets, seals) are named
 * here with no function until their module lands: the timeline says they
 * were recorded but not carried out, rather than pretending. */
static const struct {
	const char *name;
	af_status (*run)(const effect_ctx *c);
} effects[] = {
	{ "notify", effect_notify },
	{ "archive", effect_archive },
	{ "booking", NULL },
	{ "vehicle_booking", NULL },
	{ "stock_reserve", NULL },
	{ "stock_issue", NULL },
	{ "asset_status", NULL },
	{ "seal_register", NULL },
	{ "space_assign", NULL },
	{ "paid_mark", NULL },
};

int effects_known(const char *name)
{
	for (size_t i = 0; i < sizeof effects / sizeof effects[0]; i++)
		if (strcmp(effects[i].name, name) == 0)
			return 1;
	return 0;
}

af_status effects_run(const effect_ctx *c)
{
	char at[32];

	af_format_time(af_now(), at, sizeof at);
	for (int i = 0; i < c->form->n_effects; i++) {
		const char *name = c->form->effects[i];
		af_status st = AF_OK;
		int found = 0;

		for (size_t k = 0; k < sizeof effects / sizeof effects[0]; k++) {
			if (strcmp(effects[k].name, name) != 0)
				continue;
			found = 1;
			if (effects[k].run)
				st = effects[k].run(c);
			else if (db_exec("INSERT INTO actions(request_id, action, opinion, at)"
					 " VALUES(?1, 'effect', ?2 || ': recorded, not carried out by this version', ?3)",
					 "Itt", c->request_id, name, at) != SQLITE_DONE)
				st = db_fail();
		}
		if (!found)
			st = af_fail(AF_CONFLICT, "effect %s: unknown to this version of adminflow", name);
		if (st != AF_OK)
			return st;
	}
	return AF_OK;
}
