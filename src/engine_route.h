/* Approver routing: who would be asked at each step and why; delegations. */
#ifndef AF_ENGINE_ROUTE_H
#define AF_ENGINE_ROUTE_H

#include <stdint.h>
#include <stdio.h>
#include "engine_fields.h"
#include "formdef.h"
#include "status.h"

/* One line of a route: a step and one person it would ask (a skipped
 * step: one line, approver "-", mode "-", why it is skipped). */
typedef struct {
	char *step, *title;    /* the step's name and title */
	const char *mode;      /* "any", "all", or "-" when skipped */
	char *approver;        /* "name (login)", or "-" */
	char *why;             /* in English, as the command line prints it */
	char *why_shown;       /* the same in the screens' language */
	char deadline[32];     /* "-" when the step has no time limit */
} engine_route_line;

/* The route the inputs would take, as data: each step, who would be asked,
 * why, and the deadline; nothing is written to the database. Free with
 * engine_route_lines_free. */
af_status engine_route_lines(const form_def *f, const engine_input *in, int n,
			     engine_route_line **lines, int *nlines);
void engine_route_lines_free(engine_route_line *lines, int n);
/* The same route as tab-separated text, header first (the command line). */
af_status engine_route(const form_def *f, const engine_input *in, int n, FILE *out);

/* Delegation: the current user's steps go to delegate from..to (dates). */
af_status engine_delegate(const char *delegate_login, const char *from, const char *to);
/* Ends delegation id early (its delegator, or whoever may manage rules);
 * audited. */
af_status engine_undelegate(int64_t id);
/* The delegations the user gave or was given: a header, then id, from, to,
 * starts, ends, state (planned, running, past, cancelled), tab-separated. */
af_status engine_delegations(FILE *out);

/* A stored reason (steps.reason, step_people.reason: a code and its
 * arguments) in words: English (shown 0), as the command line prints it,
 * or in the screens' language (shown 1). A reason without a known code
 * (the English why of an older row) is returned as it is. Caller frees. */
char *engine_reason_text(const char *reason, int shown);

#endif
