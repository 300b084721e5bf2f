/* Time limits on steps. */
#ifndef AF_ENGINE_LIMITS_H
#define AF_ENGINE_LIMITS_H

#include <stdint.h>
#include <stdio.h>
#include "formdef.h"
#include "status.h"

/* Time limits: overdue steps are reminded, escalated or auto-approved as their
 * form says, each once per occasion. Counts what it did into *acted. */
af_status engine_timeouts(int dry_run, FILE *out, int *acted);

#endif
