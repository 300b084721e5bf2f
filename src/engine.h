/* The process engine: requests made from forms, routed through their steps,
 * acted on by approvers. Every action is one transaction through
 * db_transact, written to the timeline (actions) and the audit chain. */
#ifndef AF_ENGINE_H
#define AF_ENGINE_H

#include <stdint.h>
#include <stdio.h>
#include "formdef.h"
#include "status.h"
/* The engine's modules; including engine.h gives them all. */
#include "engine_fields.h"
#include "engine_route.h"
#include "engine_act.h"
#include "engine_limits.h"
#include "engine_read.h"

/* Set by submit --backdate (the backdate permission, checked by the
 * caller): a not_past field may lie before now, and the submission's
 * audit row says so. */
extern int engine_backdate;
/* Options of a submission, carried among its inputs (so the outbox keeps
 * them with the rest): names no field can have. */
#define ENGINE_FOR "@for"   /* the login of the person the request is for */
#define ENGINE_SKIP "@skip" /* a series' dates to leave out, "YYYY-MM-DD,...";
			     * the word "clashes": also each date taken */
/* 1 when employee may submit form f for someone else: they hold a role
 * its on_behalf = [...] names. */
int engine_may_submit_for(const form_def *f, int64_t employee);
/* Submits a request as the current user (with ENGINE_FOR: for that
 * person, who is then its applicant, the current user its "by"). key is the client's idempotency
 * key: a retry with the same key returns the first request's number.
 * number receives the request number (at least 32 bytes). */
af_status engine_submit(const form_def *f, const engine_input *in, int n,
			const char *key, char *number, size_t number_len);

#endif
