/* The reminders that are not the engine's time limits, for `adminflow
 * remind` run from cron. */
#ifndef AF_REMIND_H
#define AF_REMIND_H

#include <stdio.h>
#include "status.h"

/* Licences within their remind_days of expiry (daily until renewed),
 * supplies at or under their reorder level (daily), lent assets from their
 * return-due date (daily until returned), bookings starting within the
 * next hour (once). Each notice once per occasion; one tab-separated line
 * per notice sent (or, with dry_run, that would be) in remind's format:
 * action, number, step, to, detail. Counts them into *count. */
af_status remind_run(int dry_run, FILE *out, int *count);

#endif
