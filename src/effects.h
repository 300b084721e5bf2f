/* Effects: what a request changes beyond itself (a booking, stock, an
 * asset's status, the seal register). Each runs inside the transaction of
 * the engine action that triggers it, so if one cannot complete nothing of
 * that action is written and the user is told why (exit 5 for a conflict).
 * An effect may act at three moments: when the request is submitted (hold
 * a slot), when it is done (confirm, reserve, register), and when it ends
 * any other way -- rejected, withdrawn, cancelled -- (release). */
#ifndef AF_EFFECTS_H
#define AF_EFFECTS_H

#include <stdint.h>
#include "formdef.h"
#include "status.h"

typedef struct {
	int64_t request_id;
	const char *number;
	int64_t applicant_id;
	const form_def *form;
	int64_t actor_id;      /* who acted last (the approver who completed it) */
	const char *skip;      /* at submission: a series' dates to leave out (booking_hold_series) */
} effect_ctx;

/* For the effects' handlers, each in its affair's module (seal.c,
 * space.c, licence.c, ...), registered in effect_list.h: the first field
 * of type t (the effects find their data by type, as formdef checks that
 * the form has one), or NULL; */
const form_field *effects_field_of(const form_def *f, field_type t);
/* a field's stored value as text (JSON for lists and ranges), NULL when
 * empty or name is NULL, and the first field of type t's (caller frees);
 * and now on the company's clock as stored ("YYYY-MM-DD HH:MM:SS"). */
char *effects_value(const effect_ctx *c, const char *name);
char *effects_value_of_type(const effect_ctx *c, field_type t);
void effects_now_text(char *buf, size_t len);

/* Runs the form's effects for a request that was just submitted. */
af_status effects_submit(const effect_ctx *c);
/* Runs the form's effects in order for a request that was just approved. */
af_status effects_run(const effect_ctx *c);
/* Undoes what the effects hold for a request that ended otherwise (also
 * after done, when an admin cancels it). */
af_status effects_close(const effect_ctx *c);
/* 1 when every effect of the form that holds something can be undone, so
 * that a done request may still be cancelled (a booking, reserved stock). */
int effects_undoable(const form_def *f);
/* The type of the resource field (FT_ROOM, FT_VEHICLE) whose calendar the
 * form's effects book on, as effect_list.h's needs say (an effect needing
 * a time range and a resource); the last such effect's, -1 when none. */
int effects_booked_type(const form_def *f);

#endif
