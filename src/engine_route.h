/* Approver routing: who would be asked at each step and why; delegations. */
#ifndef AF_ENGINE_ROUTE_H
#define AF_ENGINE_ROUTE_H

#include <stdint.h>
#include <stdio.h>
#include "engine_fields.h"
#include "formdef.h"
#include "status.h"

/* Writes the route the inputs would take: each step, who would be asked,
 * why, and the deadline; nothing is written to the database. */
af_status engine_route(const form_def *f, const engine_input *in, int n, FILE *out);

/* Delegation: the current user's steps go to delegate from..to (dates). */
af_status engine_delegate(const char *delegate_login, const char *from, const char *to);

#endif
