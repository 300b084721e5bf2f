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
#include "ics.h"
#include "mail.h"
#include "runcmd.h"
#include "tz.h"
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

/* Runs command with input on stdin and env (NULL-terminated), through the
 * one runner of configured commands (runcmd.c: group given up, standard
 * output discarded, stopped at the limit), then frees input and each of
 * env's entries. 0 when it exited 0 within timeout_ms; otherwise -1 and
 * *why says what. */
static int run(const char *command, char *input, char **env, int64_t timeout_ms, int *stopped,
	       char *why, size_t why_len)
{
	int rc;

	db_idle(); /* the command may take its time: no read lock held meanwhile */
	rc = runcmd_pipe(command, input, strlen(input), (const char *const *)env, timeout_ms, stopped, why,
			 why_len);
	for (int i = 0; env[i]; i++)
		free(env[i]);
	free(input);
	return rc;
}

struct pending_notice {
	int64_t id, employee;
	char *text, *kind, *login, *email, *number, *name, *summary, *at;
};

static void pending_free(struct pending_notice *p)
{
	free(p->text);
	free(p->kind);
	free(p->login);
	free(p->email);
	free(p->number);
	free(p->name);
	free(p->summary);
	free(p->at);
}

/* The host named in the mail's `ssh HOST adminflow` hint. */
static const char *mail_host(void)
{
	static char host[256];

	if (cfg.mail_host[0])
		return cfg.mail_host;
	if (!host[0] && gethostname(host, sizeof host - 1) != 0)
		strcpy(host, "localhost");
	return host;
}

/* The notice as a mail through mail_command (the message on stdin,
 * MAIL_TO and NOTICE_* in the environment); as run(). */
static int run_mail(const struct pending_notice *p, size_t n, int digest, int64_t timeout_ms, int *stopped,
		    char *why, size_t why_len)
{
	mail_item *items = xcalloc(n, sizeof *items);
	char (*ats)[32] = xcalloc(n, sizeof *ats);
	char *msg, *env[5];

	for (size_t i = 0; i < n; i++) {
		items[i] = (mail_item){ p[i].text, p[i].number, p[i].summary, tz_show(p[i].at, ats[i], sizeof ats[i]),
					NULL };
		/* a meeting's notice carries its invitation */
		if (!strcmp(p[i].kind, "meeting") && p[i].number[0])
			items[i].ics = ics_invitation(p[i].number);
	}
	msg = mail_compose(cfg.mail_from, p[0].name, p[0].email, mail_host(), items, n, digest);
	for (size_t i = 0; i < n; i++)
		free((char *)items[i].ics);
	free(items);
	free(ats);
	if (!msg) {
		snprintf(why, why_len, "no usable mail address");
		return -1;
	}
	env[0] = xasprintf("MAIL_TO=%s", p[0].email);
	env[1] = xasprintf("NOTICE_ID=%lld", (long long)p[0].id);
	env[2] = xasprintf("NOTICE_TO=%s", p[0].login);
	env[3] = xasprintf("NOTICE_KIND=%s", digest ? "digest" : p[0].kind);
	env[4] = NULL;
	return run(cfg.mail_command, msg, env, timeout_ms, stopped, why, why_len);
}

/* The notice to notify_command (its text on stdin, NOTICE_* in the
 * environment); as run(). */
static int run_notify(const struct pending_notice *p, int64_t timeout_ms, int *stopped, char *why, size_t why_len)
{
	char *env[6], *input = xasprintf("%s\n", p->text);

	env[0] = xasprintf("NOTICE_ID=%lld", (long long)p->id);
	env[1] = xasprintf("NOTICE_KIND=%s", p->kind);
	env[2] = xasprintf("NOTICE_TO=%s", p->login);
	env[3] = xasprintf("NOTICE_EMAIL=%s", p->email);
	env[4] = xasprintf("NOTICE_REQUEST=%s", p->number);
	env[5] = NULL;
	return run(cfg.notify_command, input, env, timeout_ms, stopped, why, why_len);
}

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

struct never {
	int64_t id;
	const char *why;
};

/* A notice no configured way can carry: marked not sent, with why. */
static af_status mark_never(void *ctx)
{
	struct never *nv = ctx;

	return db_exec("UPDATE notices SET not_sent = ?1 WHERE id = ?2 AND sent_at IS NULL AND not_sent IS NULL",
		       "tI", nv->why, nv->id) == SQLITE_DONE ? AF_OK : db_fail();
}

/* Hours after which an unsent notice is never sent: a daily digest needs
 * a day's notices to wait a day, so with mail_digest it is at least 48. */
static int max_age(void)
{
	return cfg.mail_digest && cfg.mail_command[0] && cfg.notify_max_age < 48 ? 48 : cfg.notify_max_age;
}

/* Older than max_age() and never sent: marked so, never sent (a first
 * notify_command must not send a year of history). */
static af_status mark_stale(void *ctx)
{
	int64_t *n = ctx;
	char cutoff[32], *why = xasprintf("older than notify_max_age (%d hours) when found unsent", max_age());
	int rc;

	af_format_time(af_now() - (time_t)max_age() * 3600, cutoff, sizeof cutoff);
	rc = db_exec("UPDATE notices SET not_sent = ?1 WHERE sent_at IS NULL AND not_sent IS NULL AND created_at < ?2",
		     "tt", why, cutoff);
	free(why);
	*n = sqlite3_changes(db_handle());
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

/* The unsent, recent notices of batch (NULL: all; employee > 0: that
 * employee's only), oldest first, at most 500. */
static struct pending_notice *pending(const char *batch, int64_t employee, size_t *n_out)
{
	struct pending_notice *list = NULL;
	size_t n = 0;
	char cutoff[32];
	db_stmt s;

	af_format_time(af_now() - (time_t)max_age() * 3600, cutoff, sizeof cutoff);
	db_prepare(&s, "SELECT n.id, n.employee_id, n.text, n.kind, e.login, e.email, coalesce(r.number, ''),"
		   " e.name, coalesce(r.summary, ''), n.created_at"
		   " FROM notices n JOIN employees e ON e.id = n.employee_id"
		   " LEFT JOIN requests r ON r.id = n.request_id"
		   " WHERE n.sent_at IS NULL AND n.not_sent IS NULL AND n.created_at >= :cut"
		   " AND (:b IS NULL OR n.batch = :b) AND (:e = 0 OR n.employee_id = :e)"
		   " ORDER BY n.id LIMIT 500");
	db_bind_text(&s, ":cut", cutoff);
	db_bind_text(&s, ":b", batch);
	db_bind_int(&s, ":e", employee);
	while (db_step(&s) == SQLITE_ROW) {
		struct pending_notice *p;

		list = xrealloc(list, (n + 1) * sizeof *list);
		p = &list[n++];
		p->id = db_col_int(&s, 0);
		p->employee = db_col_int(&s, 1);
		p->text = xstrdup(db_col_text(&s, 2));
		p->kind = xstrdup(db_col_text(&s, 3));
		p->login = xstrdup(db_col_text(&s, 4));
		p->email = xstrdup(db_col_text(&s, 5));
		p->number = xstrdup(db_col_text(&s, 6));
		p->name = xstrdup(db_col_text(&s, 7));
		p->summary = xstrdup(db_col_text(&s, 8));
		p->at = xstrdup(db_col_text(&s, 9));
	}
	db_done(&s);
	*n_out = n;
	return list;
}

/* How a notice goes out: by mail when mail_command is set and its
 * addressee has an address (with mail_digest, only in the digest), else
 * through notify_command; or not at all (why says so, or NULL: not now). */
enum way { WAY_MAIL, WAY_NOTIFY, WAY_DIGEST, WAY_NONE };

static enum way way_of(const struct pending_notice *p, const char **why)
{
	*why = NULL;
	if (cfg.mail_command[0] && p->email[0]) {
		if (mail_address_ok(p->email))
			return cfg.mail_digest ? WAY_DIGEST : WAY_MAIL;
		if (!cfg.notify_command[0]) {
			*why = "the employee's mail address is not one a mail header can carry";
			return WAY_NONE;
		}
	}
	if (cfg.notify_command[0])
		return WAY_NOTIFY;
	if (cfg.mail_command[0])
		*why = "no mail address (the employees import's email column)";
	return WAY_NONE;
}

/* Sends the unsent notices of batch (NULL: all), each claimed first so two
 * processes send it once; with budget_ms > 0 no command starts after the
 * budget is spent and one still running then is stopped and left for
 * `adminflow notify`. Counts into st. */
static void send(const char *batch, int64_t budget_ms, notify_stats *st)
{
	size_t n;
	struct pending_notice *list = pending(batch, 0, &n);
	int64_t start = af_mono_ms();

	for (size_t i = 0; i < n; i++) {
		int64_t id = list[i].id, left = budget_ms > 0 ? budget_ms - (af_mono_ms() - start) : RUNCMD_TIMEOUT_MS;
		int claimed = 0, stopped = 0, rc = 0;
		char why[160] = "";
		const char *never;
		enum way way = way_of(&list[i], &never);

		if (way == WAY_DIGEST) {
			st->digest++;
		} else if (way == WAY_NONE) {
			struct never nv = { id, never };

			if (never && db_transact(mark_never, &nv) == AF_OK && sqlite3_changes(db_handle()) > 0)
				st->no_way++;
		} else if (left <= 0) {
			st->left++;
		} else {
			int64_t limit = left < RUNCMD_TIMEOUT_MS ? left : RUNCMD_TIMEOUT_MS;

			/* Claim first so that two processes flushing at once send it once. */
			if (db_transact(mark_sent, &id) == AF_OK)
				claimed = sqlite3_changes(db_handle()) > 0;
			if (claimed)
				rc = way == WAY_MAIL ? run_mail(&list[i], 1, 0, limit, &stopped, why, sizeof why)
						     : run_notify(&list[i], limit, &stopped, why, sizeof why);
			if (claimed && rc != 0) {
				if (stopped && budget_ms > 0) {
					/* Our budget ran out, not the command: the cron run sends it. */
					db_transact(unclaim, &id);
					st->left++;
				} else {
					fprintf(stderr, "adminflow: notify: %s failed for notice %lld to %s: %s "
						"(the notice stays unread in the program)\n",
						way == WAY_MAIL ? "mail_command" : "command", (long long)id,
						list[i].login, why);
					st->failed++;
				}
			} else if (claimed) {
				st->sent++;
			}
		}
		pending_free(&list[i]);
	}
	free(list);
}

struct claim {
	const struct pending_notice *p;
	size_t n;
	int *got; /* per notice: 1 when this process claimed it */
};

/* Claims a digest's notices in one transaction; got[] says which. */
static af_status claim_all(void *ctx)
{
	struct claim *c = ctx;
	char at[32];

	af_format_time(af_now(), at, sizeof at);
	for (size_t i = 0; i < c->n; i++) {
		if (db_exec("UPDATE notices SET sent_at = ?1 WHERE id = ?2 AND sent_at IS NULL", "tI", at,
			    c->p[i].id) != SQLITE_DONE)
			return db_fail();
		c->got[i] = sqlite3_changes(db_handle()) > 0;
	}
	return AF_OK;
}

/* One mail per addressee with all their unsent notices, claimed together
 * first (a second digest run at once finds them taken). */
static void send_digests(notify_stats *st)
{
	size_t n;
	struct pending_notice *all = pending(NULL, 0, &n);
	int64_t *done = xcalloc(n + 1, sizeof *done);
	size_t n_done = 0;

	for (size_t i = 0; i < n; i++) {
		const char *never;
		size_t m;
		struct pending_notice *mine;
		int seen = 0;

		for (size_t j = 0; j < n_done; j++)
			seen |= done[j] == all[i].employee;
		if (seen || way_of(&all[i], &never) != WAY_DIGEST)
			continue;
		done[n_done++] = all[i].employee;
		mine = pending(NULL, all[i].employee, &m);
		if (m) {
			int *got = xcalloc(m, sizeof *got);
			struct claim c = { mine, m, got };
			size_t k = 0;

			if (db_transact(claim_all, &c) == AF_OK) {
				/* only what this run claimed goes in its mail */
				for (size_t j = 0; j < m; j++)
					if (got[j])
						mine[k++] = mine[j];
					else
						pending_free(&mine[j]);
				m = k;
			} else {
				for (size_t j = 0; j < m; j++)
					pending_free(&mine[j]);
				m = 0;
			}
			if (m) {
				char why[160] = "";
				int stopped = 0;

				if (run_mail(mine, m, 1, RUNCMD_TIMEOUT_MS, &stopped, why, sizeof why) == 0) {
					st->sent += (int64_t)m;
					st->digests++;
				} else {
					fprintf(stderr, "adminflow: notify: mail_command failed for the digest to %s "
						"(%zu notices): %s (the notices stay unread in the program)\n",
						mine[0].login, m, why);
					st->failed += (int64_t)m;
				}
			}
			for (size_t j = 0; j < m; j++)
				pending_free(&mine[j]);
			free(got);
		}
		free(mine);
	}
	for (size_t i = 0; i < n; i++)
		pending_free(&all[i]);
	free(all);
	free(done);
}

void notify_flush(void)
{
	notify_stats st = {0};

	if ((!cfg.notify_command[0] && !cfg.mail_command[0]) || !db_handle())
		return;
	send(batch_key(), cfg.notify_budget > 0 ? cfg.notify_budget : 1, &st);
}

int notify_max_age_hours(void)
{
	return max_age();
}

af_status notify_send_pending(int digest, notify_stats *st)
{
	af_status rc;

	memset(st, 0, sizeof *st);
	if (!cfg.notify_command[0] && !cfg.mail_command[0])
		return af_fail(AF_USAGE, "notify: neither notify_command nor mail_command is configured "
				 "(see adminflow.conf(5))");
	if (digest && (!cfg.mail_command[0] || !cfg.mail_digest))
		return af_fail(AF_USAGE, "notify: --digest: mail_digest is not set with a mail_command "
				 "(see adminflow.conf(5))");
	if ((rc = db_transact(mark_stale, &st->not_sent)) != AF_OK)
		return rc;
	send(NULL, 0, st);
	if (digest) {
		send_digests(st);
		st->digest = 0;
	}
	return AF_OK;
}
