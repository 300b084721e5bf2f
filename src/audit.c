#include "autoconf.h"
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "util.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The hash covers every field, each length-prefixed so that moving text
 * from one field into the next changes it. */
static void row_hash(const char *prev, int64_t id, const char *at, const char *actor,
		     const char *action, const char *object, const char *detail, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char idbuf[32];
	const char *parts[] = { prev, idbuf, at, actor, action, object, detail };

	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	sha256_init(&ctx);
	/* Digits and hex by hand: audit verify hashes every row, and printf
	 * per byte was most of its time at two million rows. */
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		char len[24];
		size_t n = strlen(parts[i]), k = sizeof len;

		len[--k] = ':';
		do
			len[--k] = (char)('0' + n % 10);
		while ((n /= 10) > 0);
		sha256_update(&ctx, sizeof len - k, (const uint8_t *)len + k);
		sha256_update(&ctx, strlen(parts[i]), (const uint8_t *)parts[i]);
	}
	sha256_digest(&ctx, sizeof digest, digest);
	for (size_t i = 0; i < sizeof digest; i++) {
		out[2 * i] = "0123456789abcdef"[digest[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
	}
	out[64] = '\0';
}

/* Where the chain's head is kept: its row count and the first 60 bits of
 * the last row's hash, as two named counters (whole numbers). */
#define HEAD_ROWS "audit.rows"
#define HEAD_TIP "audit.tip"

static int64_t tip_of(const char *hash)
{
	char head[16];

	memcpy(head, hash, 15);
	head[15] = '\0';
	return (int64_t)strtoull(head, NULL, 16);
}

af_status audit_log(const char *action, const char *object, const char *detail)
{
	db_stmt s;
	char at[32], hash[65], actor[160];
	char *prev;
	int64_t id;
	int rc;

	if (!db_in_transaction()) {
		fprintf(stderr, "adminflow: internal error: audit_log outside a transaction\n");
		abort();
	}
	af_format_time(af_now(), at, sizeof at);
	if (me.real_login[0] && strcmp(me.real_login, me.login) != 0)
		snprintf(actor, sizeof actor, "%s (as %s)", me.real_login, me.login);
	else
		snprintf(actor, sizeof actor, "%s", me.login[0] ? me.login : "system");
	prev = db_text(GENESIS, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", "");
	id = db_int(0, "SELECT max(id) FROM audit", "") + 1;
	row_hash(prev, id, at, actor, action, object, detail ? detail : "", hash);
	db_prepare(&s, "INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash)"
		   " VALUES(:id, :at, :actor, :action, :object, :detail, :prev, :hash)");
	db_bind_int(&s, ":id", id);
	db_bind_text(&s, ":at", at);
	db_bind_text(&s, ":actor", actor);
	db_bind_text(&s, ":action", action);
	db_bind_text(&s, ":object", object);
	db_bind_text(&s, ":detail", detail ? detail : "");
	db_bind_text(&s, ":prev", prev);
	db_bind_text(&s, ":hash", hash);
	rc = db_step(&s);
	db_done(&s);
	free(prev);
	if (rc != SQLITE_DONE)
		return db_fail();
	/* The chain's head, written in the same transaction: rows removed from
	 * the end leave no broken link, but they no longer match it. */
	if (db_exec("INSERT INTO counters(name, value) VALUES('" HEAD_ROWS "', ?1)"
		    " ON CONFLICT(name) DO UPDATE SET value = excluded.value", "I", id) != SQLITE_DONE ||
	    db_exec("INSERT INTO counters(name, value) VALUES('" HEAD_TIP "', ?1)"
		    " ON CONFLICT(name) DO UPDATE SET value = excluded.value", "I", tip_of(hash)) != SQLITE_DONE)
		return db_fail();
	return AF_OK;
}

af_status audit_verify(int64_t *rows, int64_t *bad_id)
{
	db_stmt s;
	char prev[65] = GENESIS, hash[65];
	af_status st = AF_OK;
	int rc;

	*rows = 0;
	*bad_id = 0;
	db_prepare(&s, "SELECT id, at, actor, action, object, detail, prev_hash, hash FROM audit ORDER BY id");
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		int64_t id = db_col_int(&s, 0);

		row_hash(prev, id, db_col_text(&s, 1), db_col_text(&s, 2), db_col_text(&s, 3),
			 db_col_text(&s, 4), db_col_text(&s, 5), hash);
		++*rows;
		if (strcmp(prev, db_col_text(&s, 6)) != 0 || strcmp(hash, db_col_text(&s, 7)) != 0) {
			*bad_id = id;
			st = af_fail(AF_ERROR, "audit: row %lld does not match its hash chain "
				     "(changed behind the program's back)", (long long)id);
			break;
		}
		memcpy(prev, hash, sizeof prev);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = db_fail();
	db_done(&s);
	if (st != AF_OK)
		return st;
	/* Every link holds; now the end. The head says how many rows the
	 * program wrote and how the last one ended. */
	{
		int64_t want = db_int(-1, "SELECT value FROM counters WHERE name = '" HEAD_ROWS "'", "");
		int64_t tip = db_int(-1, "SELECT value FROM counters WHERE name = '" HEAD_TIP "'", "");

		if (want < 0 && *rows > 0)
			return af_fail(AF_ERROR, "audit: the chain's head record (counters %s, %s) is missing: "
				       "changed behind the program's back", HEAD_ROWS, HEAD_TIP);
		if (want >= 0 && want != *rows) {
			*bad_id = want > *rows ? *rows + 1 : want + 1;
			return af_fail(AF_ERROR, "audit: the chain has %lld rows but the program wrote %lld: "
				       "rows after row %lld were %s behind the program's back",
				       (long long)*rows, (long long)want, (long long)(*rows < want ? *rows : want),
				       want > *rows ? "removed" : "added");
		}
		if (want > 0 && tip != tip_of(prev)) {
			*bad_id = *rows;
			return af_fail(AF_ERROR, "audit: row %lld is not the last row the program wrote "
				       "(changed behind the program's back)", (long long)*rows);
		}
	}
	return AF_OK;
}

af_status audit_check_reason(const char *what, const char *reason)
{
	if (!reason || !*reason)
		return af_fail(AF_USAGE, "%s: --reason TEXT is required (it goes in the audit trail)", what);
	if (strlen(reason) > 200 || has_control_chars(reason) || utf8_invalid_at(reason, strlen(reason)) >= 0)
		return af_fail(AF_INVALID, "%s: --reason must be one line of at most 200 bytes of text", what);
	return AF_OK;
}
