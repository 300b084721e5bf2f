/* The process engine: requests made from forms, routed through their steps,
 * acted on by approvers. Every action is one transaction through
 * db_transact, written to the timeline (actions) and the audit chain. */
#ifndef AF_ENGINE_H
#define AF_ENGINE_H

#include <stdint.h>
#include <stdio.h>
#include "formdef.h"
#include "status.h"

typedef struct {
	const char *name;
	const char *value;
} engine_input;

/* Validates the inputs against the form (missing required fields, types,
 * ranges, references); AF_INVALID naming "field NAME: why". */
af_status engine_validate(const form_def *f, const engine_input *in, int n);
/* Submits a request as the current user. key is the client's idempotency
 * key: a retry with the same key returns the first request's number.
 * number receives the request number (at least 32 bytes). */
af_status engine_submit(const form_def *f, const engine_input *in, int n,
			const char *key, char *number, size_t number_len);
/* A stored value (as requests.data holds it) as the text a user types:
 * money with two decimals, lines in their typed form. Caller frees. */
char *engine_field_text(const form_field *fd, const char *stored);
/* Lines in the typed form ("travel,12.50,1;meals,8") as a grid of cells as
 * typed, row-major with fd->n_columns cells a row, NULL where empty (caller
 * frees with engine_lines_free). AF_INVALID naming the row when a row has
 * more cells than columns. */
af_status engine_lines_parse(const form_field *fd, const char *text, char ***cells, int *n_rows);
void engine_lines_free(char **cells, int n_cells);
/* The grid back in the typed form, separators escaped. Caller frees. */
char *engine_lines_join(const form_field *fd, char *const *cells, int n_rows);
/* Checks one cell as its column's type says; AF_INVALID with
 * "field LINES: row N, COLUMN: why". Empty is checked as required or not. */
af_status engine_lines_check_cell(const form_field *fd, int row, int col, const char *text);
/* What a computed money field (sum = "lines.amount") comes to for the
 * typed lines, with two decimals; NULL when the lines do not validate.
 * Caller frees. */
char *engine_sum_text(const form_def *f, const form_field *fd, const char *lines);

/* Writes the route the inputs would take: each step, who would be asked,
 * why, and the deadline; nothing is written to the database. */
af_status engine_route(const form_def *f, const engine_input *in, int n, FILE *out);

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

/* Delegation: the current user's steps go to delegate from..to (dates). */
af_status engine_delegate(const char *delegate_login, const char *from, const char *to);
/* Time limits: overdue steps are reminded, escalated or auto-approved as their
 * form says, each once per occasion. Counts what it did into *acted. */
af_status engine_timeouts(int dry_run, FILE *out, int *acted);

/* 1 when the current user may see the request: they applied, were asked,
 * are copied, or may see everything. Screens and modules ask here. */
int engine_may_see(int64_t request_id);
/* The actions the current user may take on the request now, by name,
 * space-separated ("" for none, or a request they may not see): exactly
 * what engine_act would allow of who they are and the request's state.
 * Caller frees. */
char *engine_allowed_actions(const char *number);

/* Lists for the inbox (tab-separated, header first). The done box holds
 * the requests of the latest ENGINE_DONE_LATEST actions unless all is set
 * (an admin clerk acts on tens of thousands); *more (may be NULL) is set
 * to 1 when that left some out. */
enum engine_box { BOX_TODO, BOX_DONE, BOX_MINE, BOX_CC };
#define ENGINE_DONE_LATEST 1000
af_status engine_inbox(enum engine_box box, int all, int *more, FILE *out);
/* Writes key<TAB>value lines for the request, a blank line, then its
 * timeline as a tab-separated table. */
af_status engine_show(const char *number, FILE *out);

#endif
