/* The seal's usage register, as a done request writes it. */
#include "autoconf.h"
#include <stdlib.h>
#include "db.h"
#include "seal.h"

af_status seal_register(const effect_ctx *c)
{
	char *seal = effects_value_of_type(c, FT_SEAL);
	char *doc = effects_value(c, formdef_field(c->form, "document") ? "document" : NULL);
	char *copies = effects_value(c, formdef_field(c->form, "copies") ? "copies" : NULL);
	char *witness = effects_value(c, formdef_field(c->form, "witness") ? "witness" : NULL);
	char at[32];
	int rc;

	effects_now_text(at, sizeof at);
	rc = db_exec("INSERT INTO seal_uses(seal_id, request_id, used_by, document, copies, witness_id, confirmed_by, at)"
		     " VALUES((SELECT id FROM seals WHERE code = ?1), ?2, ?3, ?4, ?5,"
		     " (SELECT id FROM employees WHERE login = ?6), nullif(?7, 0), ?8)",
		     "tIItttIt", seal ? seal : "", c->request_id, c->applicant_id,
		     doc ? doc : c->number, copies ? copies : "1", witness, c->actor_id, at);
	free(seal);
	free(doc);
	free(copies);
	free(witness);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}
