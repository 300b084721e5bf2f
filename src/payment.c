#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "effects.h"
#include "engine_int.h"
#include "formdef.h"
#include "payment.h"
#include "util.h"

char *payment_forms_json(void)
{
	return formdef_money_paths("payment");
}

struct pay_ctx {
	const char *const *numbers;
	int n;
	const char *day, *ref;
	char *forms;
};

/* The one rule for what may be paid: number names a done request of a
 * form in forms (payment_forms_json) that is not paid yet. Sets *id. */
static af_status payable(const char *number, const char *forms, int64_t *id)
{
	db_stmt s;
	char state[16] = "", form[40] = "", paid[32] = "";
	int served = 0;

	*id = 0;
	db_prepare(&s, "SELECT id, state, form, coalesce(paid_at, ''),"
		   " form IN (SELECT key FROM json_each(:forms)) FROM requests WHERE number = :n");
	db_bind_text(&s, ":forms", forms);
	db_bind_text(&s, ":n", number);
	if (db_step(&s) == SQLITE_ROW) {
		*id = db_col_int(&s, 0);
		snprintf(state, sizeof state, "%s", db_col_text(&s, 1));
		snprintf(form, sizeof form, "%s", db_col_text(&s, 2));
		snprintf(paid, sizeof paid, "%s", db_col_text(&s, 3));
		served = (int)db_col_int(&s, 4);
	}
	db_done(&s);
	if (!*id)
		return af_fail(AF_INVALID, "pay: no request %s", number);
	if (!served)
		return af_fail(AF_CONFLICT, "pay: %s: %s is not an affair that is paid (no serves = [\"payment\"])",
			       number, form);
	if (paid[0])
		return af_fail(AF_CONFLICT, "pay: %s was already paid on %.10s", number, paid);
	if (strcmp(state, "done") != 0)
		return af_fail(AF_CONFLICT, "pay: %s is %s, not approved to the end", number, state);
	return AF_OK;
}

static af_status do_pay(void *arg)
{
	struct pay_ctx *c = arg;
	char now[32], paid_at[32];
	af_status st = AF_OK;

	af_format_time(af_now(), now, sizeof now);
	/* The day paid, at the time it was recorded: a date alone would sort
	 * before every other event of that day. */
	snprintf(paid_at, sizeof paid_at, "%s%s", c->day ? c->day : "", c->day ? now + 10 : now);
	for (int i = 0; i < c->n && st == AF_OK; i++) {
		int64_t id;
		char *detail;

		if ((st = payable(c->numbers[i], c->forms, &id)) != AF_OK)
			return st;
		if (db_exec("UPDATE requests SET paid_at = ?1, paid_ref = ?2, paid_by = ?3 WHERE id = ?4",
			    "ttII", paid_at, c->ref ? c->ref : "", me.id, id) != SQLITE_DONE)
			return db_fail();
		detail = xasprintf("paid %.10s%s%s", paid_at, c->ref && *c->ref ? ", ref " : "", c->ref ? c->ref : "");
		st = engine_record_action(id, 0, 0, me.id, 0, "pay", detail, NULL);
		if (st == AF_OK)
			st = audit_log("pay", c->numbers[i], detail);
		free(detail);
	}
	return st;
}

af_status payment_allowed(void)
{
	/* auth_require's words, made here so a screen says them in its language. */
	if (auth_can("pay"))
		return AF_OK;
	return af_fail(AF_DENIED, "pay: not permitted for %s (needs the pay permission)", me.login);
}

af_status payment_check(const char *number)
{
	af_status st = payment_allowed();
	int64_t id;
	char *forms;

	if (st != AF_OK)
		return st;
	forms = payment_forms_json();
	st = payable(number, forms, &id);
	free(forms);
	return st;
}

af_status payment_pay(const char *const *numbers, int n, const char *day, const char *ref)
{
	struct pay_ctx c = { numbers, n, day, ref, NULL };
	af_status st = payment_allowed();

	if (st != AF_OK)
		return st;
	if (day && !db_is_date(day))
		return af_fail(AF_INVALID, "pay: --date '%s' is not a date (YYYY-MM-DD)", day);
	if (ref && (strlen(ref) > 100 || has_control_chars(ref) || utf8_invalid_at(ref, strlen(ref)) >= 0))
		return af_fail(AF_INVALID, "pay: --ref must be one line of at most 100 bytes of text");
	for (int i = 0; i < n; i++)
		for (int k = 0; k < i; k++)
			if (strcmp(numbers[i], numbers[k]) == 0)
				return af_fail(AF_INVALID, "pay: %s is named twice", numbers[i]);
	c.forms = payment_forms_json();
	st = db_transact(do_pay, &c);
	free(c.forms);
	return st;
}

/* ---- the paid_mark effect (effect_list.h) ---------------------------- */

af_status payment_paid_mark(const effect_ctx *c)
{
	char at[32];

	effects_now_text(at, sizeof at);
	return db_exec("UPDATE requests SET paid_at = ?1 WHERE id = ?2", "tI", at, c->request_id) == SQLITE_DONE
		? AF_OK : db_fail();
}
