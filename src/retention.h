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

/* Purges the archived requests finished before the local date before
 * (NULL: today less retention.purge_after_days; AF_USAGE when that is 0),
 * after writing them whole to export_path (a CSV: number, form, state,
 * applicant, by, dates, summary, the field data as JSON, the attachments'
 * names and SHA-256, and the content's SHA-256); the export is complete
 * on disk before anything is deleted, and a failed export purges nothing.
 * Each purged request becomes a tombstone: number, form, applicant, state
 * and dates stay (the registers that name it still read), its data,
 * summary, opinions, notices, copies and attachments go. Each gets an
 * audit row naming what went and its content's SHA-256 (as in the
 * export). Their number into *count; dry_run: counts, writes nothing.
 * Needs the retention permission. */
af_status retention_purge(const char *before, const char *export_path, int dry_run, int64_t *count);

/* Whether the current user may archive and purge at all (the retention
 * permission): AF_OK, or the refusal retention_archive and retention_purge
 * would make. For a screen, to ask before anything else. */
af_status retention_allowed(void);

/* The day before which retention_archive (purge: retention_purge) takes
 * requests, as it would choose it: before when given (AF_INVALID for a bad
 * date or one after today), else today less the configured age (AF_USAGE
 * when that is 0: a day must be given). Into day, YYYY-MM-DD. For a
 * screen, to show the day it counts for, or to know it must ask one. */
af_status retention_day(int purge, const char *before, char day[11]);

#endif
