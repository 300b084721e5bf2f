/* The read side: the inbox boxes and a request's view. */
#ifndef AF_ENGINE_READ_H
#define AF_ENGINE_READ_H

#include <stdint.h>
#include <stdio.h>
#include "formdef.h"
#include "status.h"

/* Lists for the inbox (tab-separated, header first). The done box holds
 * the requests of the latest ENGINE_DONE_LATEST actions unless all is set
 * (an admin clerk acts on tens of thousands); *more (may be NULL) is set
 * to 1 when that left some out. */
enum engine_box { BOX_TODO, BOX_DONE, BOX_MINE, BOX_CC };
#define ENGINE_DONE_LATEST 1000
af_status engine_inbox(enum engine_box box, int all, int *more, FILE *out);

/* One row of a box, as data; each face words it. step/step_title: the
 * step it waits at (to do: the task's; else the request's current step,
 * "" when none); at: to do, the task's arrival; done, the latest action;
 * else submitted. due, overdue and the wait (in rounded minutes, and in
 * whole hours) are for to do. */
typedef struct {
	char *number, *form, *summary, *applicant, *state, *step, *step_title, *at, *due;
	char *amount;        /* the form's first money field, in cents; "" when none */
	int overdue;
	int64_t waited_min, waited_h;
} engine_inbox_row;
/* A box's rows. more: the done box's latest ENGINE_DONE_LATEST actions
 * left some out; requests then says how many requests there are. */
typedef struct {
	engine_inbox_row *rows;
	int n, more;
	int64_t requests;
} engine_inbox_rows;
/* The one read side of the inbox, for the command line (engine_inbox) and
 * the screens (views_inbox); free with engine_inbox_free. */
af_status engine_inbox_load(enum engine_box box, int all, engine_inbox_rows *in);
void engine_inbox_free(engine_inbox_rows *in);
/* Writes key<TAB>value lines for the request, a blank line, then its
 * timeline as a tab-separated table. */
af_status engine_show(const char *number, FILE *out);

#endif
