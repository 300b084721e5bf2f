/* The actions on a request and who may take them. */
#ifndef AF_ENGINE_ACT_H
#define AF_ENGINE_ACT_H

#include <stdint.h>
#include <stdio.h>
#include "engine_fields.h"
#include "formdef.h"
#include "status.h"

typedef enum {
	ACT_APPROVE, ACT_REJECT, ACT_RETURN, ACT_WITHDRAW, ACT_TRANSFER,
	ACT_ADDSIGN, ACT_URGE, ACT_COMMENT, ACT_CANCEL, ACT_RESUBMIT,
} engine_action;

typedef struct {
	const char *opinion;   /* -m: required for reject */
	const char *target;    /* return: step name or "applicant"; transfer/addsign: login */
	int before;            /* addsign: before the current step */
	const char *key;       /* idempotency key for this action (may be NULL) */
	const engine_input *in;/* resubmit: changed fields */
	int n_in;
} engine_args;

/* Carries out one action on request number as the current user. Refusals:
 * AF_DENIED (not yours to act on), AF_CONFLICT (already handled: the
 * message names who acted first), AF_INVALID (missing opinion, bad target). */
af_status engine_act(const char *number, engine_action action, const engine_args *a);
/* The action's name as typed on the command line, and back. */
const char *engine_action_name(engine_action action);
int engine_action_parse(const char *name, engine_action *out);

/* 1 when the current user may see the request: they applied, were asked,
 * are copied, or may see everything. Screens and modules ask here. */
int engine_may_see(int64_t request_id);
/* The actions the current user may take on the request now, by name,
 * space-separated ("" for none, or a request they may not see): exactly
 * what engine_act would allow of who they are and the request's state.
 * Caller frees. */
char *engine_allowed_actions(const char *number);

#endif
