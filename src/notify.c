#include "autoconf.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "config.h"
#include "db.h"
#include "notify.h"
#include "runcmd.h"
#include "util.h"

/* This process's mark on the notices it makes: an action sends only
 * those (a retried transaction makes them again under the same mark). */
static const char *batch_key(void)
{
	static char key[33];

	if (!key[0])
		af_random_key(key);
	return key;
}

af_status notify_add(int64_t employee_id, int64_t request_id, const char *kind,
		     const char *occasion, const char *fmt, ...)
{
	char at[32], *text;
	va_list ap;
	db_stmt s;
	int rc;

	va_start(ap, fmt);
	{
		va_list ap2;
		int n;

		va_copy(ap2, ap);
		n = vsnprintf(NULL, 0, fmt, ap2);
		va_end(ap2);
		text = xmalloc((size_t)(n > 0 ? n : 0) + 1);
		vsnprintf(text, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	}
	va_end(ap);
	af_format_time(af_now(), at, sizeof at);
	db_prepare(&s, "INSERT INTO notices(employee_id, request_id, kind, text, occasion, created_at, batch)"
		   " VALUES(:e, :r, :k, :t, :o, :at, :b) ON CONFLICT(occasion) DO NOTHING");
	db_bind_text(&s, ":b", batch_key());
	db_bind_int(&s, ":e", employee_id);
	if (request_id)
		db_bind_int(&s, ":r", request_id);
	else
		db_bind_null(&s, ":r");
	db_bind_text(&s, ":k", kind);
	db_bind_text(&s, ":t", text);
	db_bind_text(&s, ":o", occasion);
	db_bind_text(&s, ":at", at);
	rc = db_step(&s);
	db_done(&s);
	free(text);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* Runs notify_command with the notice on stdin and its fields in NOTICE_*,
 * through the one runner of configured commands (runcmd.c: group given up,
 * standard output discarded, stopped at the limit). 0 when it exited 0
 * within timeout_ms; otherwise -1 and *why says what. */
static int run_command(int64_t id, const char *text, const char *kind, const char *login,
		       const char *email, const char *number, int64_t timeout_ms, int *stopped,
		       char *why, size_t why_len)
{
	char *env[6], *input = xasprintf("%s\n", text);
	int rc;

	env[0] = xasprintf("NOTICE_ID=%lld", (long long)id);
	env[1] = xasprintf("NOTICE_KIND=%s", kind);
	env[2] = xasprintf("NOTICE_TO=%s", login);
	env[3] = xasprintf("NOTICE_EMAIL=%s", email);
	env[4] = xasprintf("NOTICE_REQUEST=%s", number);
	env[5] = NULL;
	db_idle(); /* the command may take its time: no read lock held meanwhile */
	rc = runcmd_pipe(cfg.notify_command, input, strlen(input), (const char *const *)env,
			 timeout_ms, stopped, why, why_len);
	for (int i = 0; i < 5; i++)
		free(env[i]);
	free(input);
	return rc;
}

struct pending_notice {
	int64_t id;
	char *text, *kind, *login, *email, *number;
};

static af_status mark_sent(void *ctx)
{
	int64_t id = *(int64_t *)ctx;
	char at[32];

	af_format_time(af_now(), at, sizeof at);
	return db_exec("UPDATE notices SET sent_at = ?1 WHERE id = ?2 AND sent_at IS NULL", "tI", at, id) == SQLITE_DONE
		? AF_OK : db_fail();
}

static af_status unclaim(void *ctx)
{
	int64_t id = *(int64_t *)ctx;

	return db_exec("UPDATE notices SET sent_at = NULL WHERE id = ?1", "I", id) == SQLITE_DONE ? AF_OK : db_fail();
}

/* Older than notify_max_age and never sent: marked so, never sent (a first
 * notify_command must not send a year of history). */
static af_status mark_stale(void *ctx)
{
	int64_t *n = ctx;
	char cutoff[32], *why = xasprintf("older than notify_max_age (%d hours) when found unsent", cfg.notify_max_age);
	int rc;

	af_format_time(af_now() - (time_t)cfg.notify_max_age * 3600, cutoff, sizeof cutoff);
	rc = db_exec("UPDATE notices SET not_sent = ?1 WHERE sent_at IS NULL AND not_sent IS NULL AND created_at < ?2",
		     "tt", why, cutoff);
	free(why);
	*n = sqlite3_changes(db_handle());
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* Sends the unsent notices of batch (NULL: all), each claimed first so two
 * processes send it once; with budget_ms > 0 no command starts after the
 * budget is spent and one still running then is stopped and left for
 * `adminflow notify`. Counts into st. */
static void send(const char *batch, int64_t budget_ms, notify_stats *st)
{
	struct pending_notice *list = NULL;
	size_t n = 0;
	int64_t start = af_mono_ms();
	char cutoff[32];
	db_stmt s;

	af_format_time(af_now() - (time_t)cfg.notify_max_age * 3600, cutoff, sizeof cutoff);
	db_prepare(&s, "SELECT n.id, n.text, n.kind, e.login, e.email, coalesce(r.number, '')"
		   " FROM notices n JOIN employees e ON e.id = n.employee_id"
		   " LEFT JOIN requests r ON r.id = n.request_id"
		   " WHERE n.sent_at IS NULL AND n.not_sent IS NULL AND n.created_at >= :cut"
		   " AND (:b IS NULL OR n.batch = :b) ORDER BY n.id LIMIT 500");
	db_bind_text(&s, ":cut", cutoff);
	db_bind_text(&s, ":b", batch);
	while (db_step(&s) == SQLITE_ROW) {
		list = xrealloc(list, (n + 1) * sizeof *list);
		list[n].id = db_col_int(&s, 0);
		list[n].text = xstrdup(db_col_text(&s, 1));
		list[n].kind = xstrdup(db_col_text(&s, 2));
		list[n].login = xstrdup(db_col_text(&s, 3));
		list[n].email = xstrdup(db_col_text(&s, 4));
		list[n].number = xstrdup(db_col_text(&s, 5));
		n++;
	}
	db_done(&s);
	for (size_t i = 0; i < n; i++) {
		int64_t id = list[i].id, left = budget_ms > 0 ? budget_ms - (af_mono_ms() - start) : RUNCMD_TIMEOUT_MS;
		int claimed = 0, stopped = 0;
		char why[160] = "";

		if (left <= 0) {
			st->left++;
		} else {
			/* Claim first so that two processes flushing at once send it once. */
			if (db_transact(mark_sent, &id) == AF_OK)
				claimed = sqlite3_changes(db_handle()) > 0;
			if (claimed && run_command(id, list[i].text, list[i].kind, list[i].login, list[i].email,
						   list[i].number, left < RUNCMD_TIMEOUT_MS ? left : RUNCMD_TIMEOUT_MS,
						   &stopped, why, sizeof why) != 0) {
				if (stopped && budget_ms > 0) {
					/* Our budget ran out, not the command: the cron run sends it. */
					db_transact(unclaim, &id);
					st->left++;
				} else {
					fprintf(stderr, "adminflow: notify: command failed for notice %lld to %s: %s "
						"(the notice stays unread in the program)\n", (long long)id, list[i].login, why);
					st->failed++;
				}
			} else if (claimed) {
				st->sent++;
			}
		}
		free(list[i].text);
		free(list[i].kind);
		free(list[i].login);
		free(list[i].email);
		free(list[i].number);
	}
	free(list);
}

void notify_flush(void)
{
	notify_stats st = {0};

	if (!cfg.notify_command[0] || !db_handle())
		return;
	send(batch_key(), cfg.notify_budget > 0 ? cfg.notify_budget : 1, &st);
}

af_status notify_send_pending(notify_stats *st)
{
	af_status rc;

	memset(st, 0, sizeof *st);
	if (!cfg.notify_command[0])
		return af_fail(AF_USAGE, "notify: no notify_command is configured (see adminflow.conf(5))");
	if ((rc = db_transact(mark_stale, &st->not_sent)) != AF_OK)
		return rc;
	send(NULL, 0, st);
	return AF_OK;
}
