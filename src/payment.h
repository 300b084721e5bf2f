/* Paying what was approved: a done request of a form that serves
 * "payment" (serves = ["payment"] in forms/) waits for finance, who pays it
 * (pay permission) on a day with a bank reference. The payment is on the
 * request's timeline and in the audit trail, in the same transaction. */
#ifndef AF_PAYMENT_H
#define AF_PAYMENT_H

#include <stdint.h>
#include "status.h"
#include "effects.h"

/* Pays numbers[0..n) on day (YYYY-MM-DD, NULL: today) with ref (may be
 * NULL): all of them or, when one cannot be paid, none (AF_CONFLICT naming
 * it: not done, already paid and when, not a payable affair; AF_INVALID
 * for an unknown number). */
af_status payment_pay(const char *const *numbers, int n, const char *day, const char *ref);

/* Whether the current user may pay at all (the pay permission): AF_OK, or
 * the refusal payment_pay would make. */
af_status payment_allowed(void);

/* Whether the current user may pay number now, by the rules payment_pay
 * applies: AF_OK, or the refusal payment_pay would make (af_errmsg). For a
 * screen, to offer the action and to refuse it in place. */
af_status payment_check(const char *number);

/* The forms that serve "payment" as a JSON object {form id: "$.amount"}:
 * each form's money field (the computed sum when it has one, else the
 * first). Caller frees. */
char *payment_forms_json(void);

/* The paid_mark effect (effect_list.h): the request is paid when done. */
af_status payment_paid_mark(const effect_ctx *c);

#endif
