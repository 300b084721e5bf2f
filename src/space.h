/* Office space: who has which desk, office or area, since when and by which
 * request. A space request holds its space from submission (so a clash is
 * found then, not at the last step), is confirmed when done and let go when
 * it ends otherwise; the schema refuses two allocations of one space on the
 * same day, whatever the path. The keeper (manage_resources) releases and
 * moves, audited. */
#ifndef AF_SPACE_H
#define AF_SPACE_H

#include <stdint.h>
#include "effects.h"
#include "status.h"

/* Holds space code for the employee (or, when employee_id is 0, the
 * department) from..until (until NULL: open-ended) for request_id.
 * AF_CONFLICT naming who has it and by which request. */
af_status space_hold(int64_t request_id, const char *code, int64_t employee_id, int64_t department_id,
		     const char *from, const char *until);
/* The request's held allocation becomes confirmed; a move (previous not
 * NULL) ends the holder's allocation of previous the day before. */
af_status space_confirm(int64_t request_id, const char *previous);
/* The request's allocation (held, or confirmed and cancelled by an admin)
 * is let go. */
af_status space_cancel(int64_t request_id);
/* The employee's allocation of code that is current on day, or 0 (inside
 * the caller's transaction). */
int64_t space_allocation_of(const char *code, int64_t employee_id, const char *day);
/* Ends allocation id on last_day (the last day it is held; one that had
 * not begun by then is cancelled), inside the caller's transaction. */
af_status space_end(int64_t allocation_id, const char *last_day);

/* The keeper's own changes, each one transaction with its audit row:
 * release ends whoever holds code on day (default today) at that day;
 * move gives the holder of code space to from day on instead. */
af_status space_release(const char *code, const char *day, const char *reason);
af_status space_move(const char *code, const char *to, const char *day, const char *reason);

/* One space of the register as of a day. */
typedef struct {
	char code[40], name[110], kind[10], floor[40], location[210];
	char holder[110], holder_login[70];  /* a person's name and login, or a department's name and code */
	char since[11], until[11], request[40];
	int held;                            /* 1: held by a pending request */
} space_row;
/* The spaces (all, or only those free on day) on floor (NULL: all), by
 * floor and code; day NULL: today. The caller frees *rows. */
af_status space_list(int free_only, const char *floor, const char *day, space_row **rows, int *n);

/* The effects (effect_list.h), each in the action's transaction.
 * space_assign: held from submission by the request's holder (the employee
 * field, or the department field, or the applicant; a move checks the
 * previous space is theirs), confirmed when done, let go otherwise.
 * space_release: the applicant gives the space back on the form's date (or
 * today), checked at submission (AF_CONFLICT when not theirs), ended when
 * done. */
af_status space_hold_of(const effect_ctx *c);
af_status space_assign(const effect_ctx *c);
af_status space_let_go(const effect_ctx *c);
af_status space_release_submit(const effect_ctx *c);
af_status space_release_done(const effect_ctx *c);

#endif
