/* The licence register, as a done renewal request changes it. */
#include "autoconf.h"
#include <stdlib.h>
#include "audit.h"
#include "db.h"
#include "licence.h"

/* The licence named by code or name gets its new expiry date (and number). */
af_status licence_renew(const effect_ctx *c)
{
	/* The licence field (checked against the register at submit); a form
	 * of before that type, a text field named licence. */
	char *which = effects_field_of(c->form, FT_LICENCE) ? effects_value_of_type(c, FT_LICENCE)
		: effects_value(c, formdef_field(c->form, "licence") ? "licence" : NULL);
	const form_field *date = effects_field_of(c->form, FT_DATE);
	char *expires = date ? effects_value(c, date->name) : NULL;
	char *number = effects_value(c, formdef_field(c->form, "number") ? "number" : NULL);
	int64_t id = which ? db_int(0, "SELECT id FROM licences WHERE code = ?1 OR name = ?1 ORDER BY code = ?1 DESC LIMIT 1",
				    "t", which) : 0;
	af_status st = AF_OK;

	if (!id)
		st = af_fail(AF_CONFLICT, "licence: no licence named '%s' in the register", which ? which : "");
	else if (db_exec("UPDATE licences SET expires_on = ?2, number = coalesce(?3, number) WHERE id = ?1",
			 "Itt", id, expires, number) != SQLITE_DONE)
		st = db_fail();
	else
		st = audit_log("licence_renew", which, expires);
	free(which);
	free(expires);
	free(number);
	return st;
}
