/* The durable submission; see submit.h. */
#include "autoconf.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "db.h"
#include "outbox.h"
#include "submit.h"
#include "util.h"

/* Test hook: ADMINFLOW_TEST_CRASH=after-outbox|before-commit|after-commit
 * kills the process at that point of a submission, as a power cut would,
 * and stop-after-outbox stops it there (SIGSTOP) so that a test can take
 * the share away before it goes on: the tests show the outbox loses nothing.
 * Ignored by a privileged (setgid) program, like every environment knob. */
static int crash_at(const char *point)
{
	const char *v = af_privileged() ? NULL : getenv("ADMINFLOW_TEST_CRASH");

	return v && strcmp(v, point) == 0;
}

static void crash_now(int attempt)
{
	(void)attempt;
	fflush(NULL);
	raise(SIGKILL);
}

af_status submit_durable(const form_def *f, const engine_input *in, int n, const char *key,
			 char *number, size_t number_len, char **unconfirmed)
{
	/* No database (locked past the retry limit, or damaged): only keep
	 * the input; outbox retry checks it fully. why is what the open said. */
	char *why = db_handle() ? NULL : xstrdup(af_errmsg());
	af_status why_st = (db_last_error() & 0xff) == SQLITE_CORRUPT ||
			   (db_last_error() & 0xff) == SQLITE_NOTADB ? AF_ERROR : AF_BUSY;
	char *path = NULL;
	af_status st;

	if (unconfirmed)
		*unconfirmed = NULL;
	if (!key || !outbox_key_ok(key)) {
		/* Before anything: the key names a file in the outbox. */
		free(why);
		return af_fail(AF_INVALID, "submit: --key: %s", OUTBOX_KEY_RULE);
	}
	/* Saved locally first: whatever happens to the share, nothing is lost. */
	if (!me.system && (st = outbox_put(f->id, in, n, key, me.login, &path)) != AF_OK) {
		free(why);
		return st;
	}
	if (why) {
		st = af_fail(why_st, "%s; your input is kept in %s (adminflow outbox retry)", why, path);
		free(why);
		free(path);
		return st;
	}
	if (crash_at("after-outbox"))
		crash_now(0);
	if (crash_at("stop-after-outbox"))
		raise(SIGSTOP); /* the test takes the share away, then lets us go on */
	if (crash_at("before-commit"))
		db_test_before_commit = crash_now;
	st = engine_submit(f, in, n, key, number, number_len);
	db_test_before_commit = NULL;
	if (st == AF_OK && crash_at("after-commit"))
		crash_now(0);
	if (st == AF_OK) {
		if (path && !outbox_confirm(path, key) && unconfirmed) {
			*unconfirmed = path;
			path = NULL;
		}
	} else if (path && (st == AF_INVALID || st == AF_CONFLICT)) {
		/* Refused for good: the transaction ran and said no, nothing
		 * went in, nothing to retry. Anything else (a share gone
		 * read-only or away: "not permitted" from the file, busy, I/O)
		 * leaves the outcome open and keeps the input. */
		outbox_remove(path);
	} else if (path) {
		char *keep = xstrdup(af_errmsg());

		st = af_fail(st, "%s; your input is kept in %s (adminflow outbox retry)", keep, path);
		free(keep);
	}
	free(path);
	return st;
}
