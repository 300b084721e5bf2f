#include "autoconf.h"
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "csvio.h"
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

/* The day before which archive (or purge) takes requests: --before, or
 * DAYS before today from the configuration; into DAY, the local day's
 * start as a stored instant into CUT, and now into NOW. One copy for both
 * ages. */
static af_status retention_cut(const char *before, int days, const char *what,
			       char day[11], char cut[32], char now[32])
{
	char today[32];

	tz_today(today, sizeof today);
	if (before) {
		if (!db_is_date(before))
			return af_fail(AF_INVALID, "--before: '%s' is not a date (YYYY-MM-DD)", before);
		if (strcmp(before, today) > 0)
			return af_fail(AF_INVALID, "--before: %s is after today (%s)", before, today);
		snprintf(day, 11, "%s", before);
	} else {
		char *d;

		if (days <= 0)
			return af_fail(AF_USAGE, "retention %s: give --before DATE, or set"
				       " retention.%s_after_days in the configuration", what, what);
		d = db_text("", "SELECT date(?1, '-' || ?2 || ' days')", "ti", today, days);
		snprintf(day, 11, "%s", d);
		free(d);
	}
	af_format_time(tz_day_start(day), cut, 32);
	af_format_time(af_now(), now, 32);
	return AF_OK;
}

af_status retention_allowed(void)
{
	/* auth_require's words, made here so a screen says them in its language. */
	if (auth_can("retention"))
		return AF_OK;
	return af_fail(AF_DENIED, "retention: not permitted for %s (needs the retention permission)", me.login);
}

af_status retention_day(int purge, const char *before, char day[11])
{
	char cut[32], now[32];

	return retention_cut(before, purge ? cfg.retention_purge_days : cfg.retention_archive_days,
			     purge ? "purge" : "archive", day, cut, now);
}

af_status retention_archive(const char *before, int dry_run, int64_t *count)
{
	struct archive_ctx c;
	af_status st = retention_allowed();

	memset(&c, 0, sizeof c);
	c.dry_run = dry_run;
	*count = 0;
	if (st != AF_OK)
		return st;
	st = retention_cut(before, cfg.retention_archive_days, "archive", c.before, c.cut, c.now);
	if (st != AF_OK)
		return st;
	c.pay = payment_forms_json();
	st = dry_run ? archive_txn(&c) : db_transact(archive_txn, &c);
	free(c.pay);
	*count = c.count;
	return st;
}

/* ---- purge ----------------------------------------------------------------- */

/* Archived, not purged, finished (unchanged) before the cutoff. */
#define PURGEABLE "archived_at IS NOT NULL AND purged_at IS NULL AND updated_at < :cut"

/* What a purged request's content was, one row: the export's cells and the
 * hash over them. */
#define CONTENT_SQL \
	"SELECT r.number, r.form, r.state, a.login, coalesce(b.login, ''), r.created_at, r.updated_at," \
	" coalesce(r.decided_at, ''), coalesce(r.archived_at, ''), r.summary, r.data," \
	" coalesce((SELECT group_concat(x.n || ' ' || x.name || ' ' || x.sha256, '; ') FROM" \
	"   (SELECT n, name, sha256 FROM attachments WHERE request_id = r.id ORDER BY n) x), '')," \
	" coalesce((SELECT group_concat(y.at || ' ' || y.action || ': ' || y.opinion, '; ') FROM" \
	"   (SELECT at, action, opinion FROM actions WHERE request_id = r.id AND opinion <> '' ORDER BY id) y), '')" \
	" FROM requests r JOIN employees a ON a.id = r.applicant_id LEFT JOIN employees b ON b.id = r.on_behalf_by"
#define CONTENT_COLS 13

static const char *const purge_head[] = { "number", "form", "state", "applicant", "by", "created_at",
					   "updated_at", "decided_at", "archived_at", "summary", "data",
					   "attachments", "opinions", "sha256" };

/* The SHA-256 of a request's content as CONTENT_SQL reads it: every cell,
 * each length-prefixed, so the export's row can be checked against the
 * audit row that says what was deleted. */
static void content_hash(db_stmt *s, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	for (int i = 0; i < CONTENT_COLS; i++) {
		const char *v = db_col_text(s, i);
		char len[24];

		snprintf(len, sizeof len, "%zu:", strlen(v));
		sha256_update(&ctx, strlen(len), (const uint8_t *)len);
		sha256_update(&ctx, strlen(v), (const uint8_t *)v);
	}
	sha256_digest(&ctx, sizeof digest, digest);
	for (size_t i = 0; i < sizeof digest; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

struct purge_ctx {
	char before[11], cut[32], now[32];
	int64_t *ids;
	size_t n;
	int64_t count;
};

static af_status purge_export(void *arg, FILE *out)
{
	struct purge_ctx *c = arg;
	csvio_writer w;
	db_stmt s;

	csvio_begin(&w, out);
	for (size_t i = 0; i < sizeof purge_head / sizeof purge_head[0]; i++)
		csvio_text(&w, purge_head[i]);
	csvio_end_row(&w);
	for (size_t k = 0; k < c->n; k++) {
		char hash[65];

		db_prepare(&s, CONTENT_SQL " WHERE r.id = :id");
		db_bind_int(&s, ":id", c->ids[k]);
		if (db_step(&s) != SQLITE_ROW) {
			db_done(&s);
			return db_fail();
		}
		for (int i = 0; i < CONTENT_COLS; i++)
			csvio_text(&w, db_col_text(&s, i));
		content_hash(&s, hash);
		csvio_plain(&w, hash);
		csvio_end_row(&w);
		db_done(&s);
	}
	return ferror(out) ? af_fail(AF_ERROR, "retention purge: writing the export failed") : AF_OK;
}

/* One request to a tombstone, with the audit row of what went. */
static af_status purge_one(struct purge_ctx *c, int64_t id)
{
	char hash[65], *detail;
	db_stmt s;
	af_status st;
	static const char *const clear[] = {
		"DELETE FROM attachments WHERE request_id = ?1",
		"DELETE FROM notices WHERE request_id = ?1",
		"DELETE FROM request_cc WHERE request_id = ?1",
		"UPDATE actions SET opinion = '' WHERE request_id = ?1 AND opinion <> ''",
		"UPDATE tasks SET opinion = '' WHERE request_id = ?1 AND opinion <> ''",
		"UPDATE requests SET data = '{}', summary = '', purged_at = ?2 WHERE id = ?1",
	};

	db_prepare(&s, CONTENT_SQL " WHERE r.id = :id AND r." PURGEABLE);
	db_bind_int(&s, ":id", id);
	db_bind_text(&s, ":cut", c->cut);
	if (db_step(&s) != SQLITE_ROW) { /* purged by a run before (a retry), or no longer one to purge */
		db_done(&s);
		return AF_OK;
	}
	content_hash(&s, hash);
	detail = xasprintf("form %s; applicant %s%s%s; created %s; finished %s; archived %s; %s attachment(s);"
			   " sha256 %s", db_col_text(&s, 1), db_col_text(&s, 3), *db_col_text(&s, 4) ? " by " : "",
			   db_col_text(&s, 4), db_col_text(&s, 5), db_col_text(&s, 6), db_col_text(&s, 8),
			   *db_col_text(&s, 11) ? "with" : "no", hash);
	{
		char *number = xstrdup(db_col_text(&s, 0));

		db_done(&s);
		st = AF_OK;
		for (size_t i = 0; st == AF_OK && i < sizeof clear / sizeof clear[0]; i++)
			if (db_exec(clear[i], "It", id, c->now) != SQLITE_DONE)
				st = db_fail();
		if (st == AF_OK)
			st = audit_log("retention_purge", number, detail);
		free(number);
	}
	free(detail);
	if (st == AF_OK)
		c->count++;
	return st;
}

static af_status purge_txn(void *arg)
{
	struct purge_ctx *c = arg;
	af_status st = AF_OK;

	c->count = 0;
	for (size_t k = 0; st == AF_OK && k < c->n; k++)
		st = purge_one(c, c->ids[k]);
	/* contents no attachment names any more */
	if (st == AF_OK && c->count &&
	    db_exec("DELETE FROM attachment_blobs WHERE NOT EXISTS (SELECT 1 FROM attachments a"
		    " WHERE a.sha256 = attachment_blobs.sha256)", "") != SQLITE_DONE)
		st = db_fail();
	return st;
}

af_status retention_purge(const char *before, const char *export_path, int dry_run, int64_t *count)
{
	struct purge_ctx c;
	db_stmt s;
	size_t cap = 0;
	int rc;
	af_status st = retention_allowed();

	memset(&c, 0, sizeof c);
	*count = 0;
	if (st != AF_OK)
		return st;
	if (!dry_run && (!export_path || !*export_path || strcmp(export_path, "-") == 0))
		return af_fail(AF_USAGE, "retention purge: -o FILE is required: what is purged is exported"
			       " to it first");
	st = retention_cut(before, cfg.retention_purge_days, "purge", c.before, c.cut, c.now);
	if (st != AF_OK)
		return st;
	/* the requests to purge, chosen once: the export and the purge are of
	 * the same ones (archived requests no longer change) */
	db_prepare(&s, "SELECT id FROM requests WHERE " PURGEABLE " ORDER BY id");
	db_bind_text(&s, ":cut", c.cut);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		if (c.n == cap)
			c.ids = xrealloc(c.ids, (cap = cap ? 2 * cap : 64) * sizeof *c.ids);
		c.ids[c.n++] = db_col_int(&s, 0);
	}
	db_done(&s);
	if (rc != SQLITE_DONE) {
		free(c.ids);
		return db_fail();
	}
	if (dry_run || c.n == 0) {
		*count = (int64_t)c.n;
		free(c.ids);
		return AF_OK;
	}
	st = af_write_file(export_path, purge_export, &c);
	if (st == AF_OK)
		st = db_transact(purge_txn, &c);
	*count = c.count;
	free(c.ids);
	return st;
}
