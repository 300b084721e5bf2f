/* The activity exports: what happened, for a spreadsheet, beside the
 * registers' exports of csvio.c (which import back). */
#ifndef AF_EXPORT_H
#define AF_EXPORT_H

#include <stdio.h>
#include "status.h"

typedef struct {
	const char *from, *to; /* YYYY-MM-DD, inclusive; NULL: open */
	const char *form;      /* requests and tasks: one affair; NULL: all */
} export_opts;

/* 1 for requests, tasks, stock-moves, seal-uses, trips, audit. */
int export_is_activity(const char *kind);
/* Writes kind as CSV (csvio's rules: RFC 4180, formula-looking text
 * neutralised, the configured BOM) to out. Requests and tasks: only those
 * the reader may see; with a form, requests get one column per field (as
 * `show` prints it, sensitive ones masked for those who may not see them).
 * Needs the export permission, the audit trail the audit permission. */
af_status export_activity(const char *kind, const export_opts *o, FILE *out);

#endif
