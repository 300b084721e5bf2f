/* Effects: what a request changes beyond itself when it is done (a booking,
 * stock, an asset's status, the seal register). Each runs inside the
 * transaction that completes the request: if one cannot complete, nothing
 * of the approval is written and the approver is told why. */
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
} effect_ctx;

/* Runs the form's effects in order for a request that was just approved. */
af_status effects_run(const effect_ctx *c);
/* 1 when the engine knows the effect's name. */
int effects_known(const char *name);

#endif
