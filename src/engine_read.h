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
/* A request's view as data, the one read side of `show` (engine_show) and
 * the detail screen (views_request). Times are stored UTC text; each face
 * shows them on the company's clock (tz_show). A field the reader may not
 * see has visible 0 and value NULL: masking happens here, once. */
typedef struct {
	char *key, *value;         /* the stored value (JSON text for lines) */
	const form_field *fd;      /* NULL: not (or no longer) on the form */
	int visible;
} engine_view_field;
typedef struct {                   /* what was done, in order */
	int64_t id;
	char *step, *step_title;   /* "" when not on a step */
	char *actor, *for_name;    /* "" for the system / when not for anyone */
	char *action, *opinion, *at;
	int64_t took_min;          /* from the task's arrival, rounded; -1 when no task */
	int limit;                 /* 0 no time limit, 1 kept, 2 missed */
} engine_view_action;
typedef struct {                   /* who is being asked now */
	char *step, *step_title, *who, *for_name, *since, *due; /* due "" when no limit */
	int overdue;
} engine_view_task;
typedef struct {                   /* an open request's steps still to come, or skipped */
	char *title, *approver, *state, *why;
} engine_view_plan;
typedef struct {
	int64_t id, applicant_id;
	const form_def *f;         /* NULL when its form is not loaded */
	char *number, *form, *applicant, *login, *department, *state, *summary; /* login: the applicant's */
	char *created, *updated, *decided, *done; /* "" when not yet */
	char *step_title;          /* the step it waits at; "" when none or not open */
	int open;                  /* pending or returned */
	engine_view_field *fields;
	int nfields;
	engine_view_action *actions;
	int nactions;
	engine_view_task *tasks;
	int ntasks;
	engine_view_plan *plan;
	int nplan;
	char *by;                  /* who submitted it for the applicant: "name (login)"; "" when they did */
	struct booking_occurrence_s *occ; /* a series' dates (booking_occurrences); nocc 0 when none */
	int nocc;
} engine_request_view;
/* Loads the request the current user may see into v (free with
 * engine_request_view_free, also on failure). AF_INVALID: no such request;
 * AF_DENIED: not visible to the user. */
af_status engine_request_view_load(const char *number, engine_request_view *v);
void engine_request_view_free(engine_request_view *v);

/* Writes key<TAB>value lines for the request, a blank line, then its
 * timeline as a tab-separated table. */
af_status engine_show(const char *number, FILE *out);

#endif
