#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "payment.h"
#include "retention.h"
#include "tz.h"
#include "util.h"

/* Finished, and unchanged since the cutoff; a claim approved and not yet
 * paid is not finished for finance (report unpaid, pay), so it stays. */
#define FINISHED "state IN ('done', 'rejected', 'withdrawn', 'cancelled') AND archived_at IS NULL" \
	" AND updated_at < :cut AND NOT (state = 'done' AND paid_at IS NULL" \
	" AND form IN (SELECT key FROM json_each(:pay)))"

struct archive_ctx {
	char before[11], cut[32], now[32];
	char *pay; /* the forms finance pays, a JSON array */
	int dry_run;
	int64_t count;
};

static af_status archive_txn(void *arg)
{
	struct archive_ctx *c = arg;
	char *detail;
	af_status st;
	db_stmt s;

	/* A retry after an ambiguous commit finds them archived already and
	 * archives none: the audit row of the first run says how many. */
	db_prepare(&s, "SELECT count(*) FROM requests WHERE " FINISHED);
	db_bind_text(&s, ":cut", c->cut);
	db_bind_text(&s, ":pay", c->pay);
	if (db_step(&s) != SQLITE_ROW) {
		db_done(&s);
		return db_fail();
	}
	c->count = db_col_int(&s, 0);
	db_done(&s);
	if (c->dry_run || c->count == 0)
		return AF_OK;
	db_prepare(&s, "UPDATE requests SET archived_at = :now WHERE " FINISHED);
	db_bind_text(&s, ":cut", c->cut);
	db_bind_text(&s, ":pay", c->pay);
	db_bind_text(&s, ":now", c->now);
	if (db_step(&s) != SQLITE_DONE) {
		db_done(&s);
		return db_fail();
	}
	db_done(&s);
	detail = xasprintf("%lld finished before %s", (long long)c->count, c->before);
	st = audit_log("retention_archive", "requests", detail);
	free(detail);
	return st;
}

af_status retention_archive(const char *before, int dry_run, int64_t *count)
{
	struct archive_ctx c;
	char today[32];
	af_status st = auth_require("retention", "retention archive");

	memset(&c, 0, sizeof c);
	c.dry_run = dry_run;
	*count = 0;
	if (st != AF_OK)
		return st;
	tz_today(today, sizeof today);
	if (before) {
		if (!db_is_date(before))
			return af_fail(AF_INVALID, "--before: '%s' is not a date (YYYY-MM-DD)", before);
		if (strcmp(before, today) > 0)
			return af_fail(AF_INVALID, "--before: %s is after today (%s)", before, today);
		snprintf(c.before, sizeof c.before, "%s", before);
	} else {
		char *d;

		if (cfg.retention_archive_days <= 0)
			return af_fail(AF_USAGE, "retention archive: give --before DATE, or set"
				       " retention.archive_after_days in the configuration");
		d = db_text("", "SELECT date(?1, '-' || ?2 || ' days')", "ti", today, cfg.retention_archive_days);
		snprintf(c.before, sizeof c.before, "%s", d);
		free(d);
	}
	/* the local day's start as a stored instant */
	af_format_time(tz_day_start(c.before), c.cut, sizeof c.cut);
	af_format_time(af_now(), c.now, sizeof c.now);
	c.pay = payment_forms_json();
	st = dry_run ? archive_txn(&c) : db_transact(archive_txn, &c);
	free(c.pay);
	*count = c.count;
	return st;
}
