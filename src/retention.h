/* Retention: finished requests (done, rejected, withdrawn, cancelled) left
 * unchanged since before a date are archived -- kept whole, read-only (the
 * engine refuses every action on them), out of the everyday lists (inbox
 * done, mine, CC); show, exports and reports still read them. Nothing is
 * deleted. One transaction with one audit row (the cutoff and how many),
 * so a killed archive leaves all or nothing and the chain verifies. */
#ifndef AF_RETENTION_H
#define AF_RETENTION_H

#include <stdint.h>
#include "status.h"

/* Archives the requests finished before the local date before (NULL: today
 * less retention.archive_after_days; AF_USAGE when that is 0); their
 * number into *count. dry_run: counts them, changes nothing. Needs the
 * retention permission (the admin manager's). AF_INVALID for a bad date
 * or one after today. */
af_status retention_archive(const char *before, int dry_run, int64_t *count);

#endif
