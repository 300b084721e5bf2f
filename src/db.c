#include "autoconf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>
#include "config.h"
#include "db.h"
#include "schema.h"
#include "util.h"

#define CACHE_SIZE 128

static struct {
	sqlite3 *conn;
	char *path;
	enum db_open_mode mode;
	fsinfo fs;
	char journal[16];
	int txn_depth;
	const char *txn_file;
	int txn_line;
	int last_error;
	char last_message[512];
	/* The first error in the current transaction attempt that leaves a read
	 * or write's outcome unknown (I/O, busy, damage): the attempt is then
	 * rolled back and judged by it, whatever fn made of the failed step. */
	int txn_fault;
	char txn_fault_message[512];
	/* Set once the file is found damaged: no more writing in this process. */
	int damaged;
	char damaged_message[512];
	/* db_piggyback's work, until a transaction carrying it commits. */
	db_txn_fn piggy_fn;
	void *piggy_ctx;
	/* The last db_transact gave up on a busy or failing share. */
	int gave_up;
	int64_t data_version;
	unsigned rand_state;
	int64_t busy_since;
	int committing;     /* inside COMMIT: the waits are for readers to drain */
	int lockfd;         /* the database, to test its RESERVED lock; -1: none */
	int in_begin;       /* running BEGIN IMMEDIATE: a writer, not a reader */
	int64_t defer_budget, defer_at; /* defer_to_writer's allowance (ms) and when it was last topped up */
	int64_t write_since; /* when the current db_transact began: its place in the queue */
	int queue_class;     /* the queue byte this process has read-locked, -1 none */
} g = { .lockfd = -1, .queue_class = -1 };

static struct cache_entry {
	const char *sql;
	sqlite3_stmt *st;
	int in_use;
} cache[CACHE_SIZE];

void (*db_test_before_commit)(int attempt);

sqlite3 *db_handle(void) { return g.conn; }
const char *db_path(void) { return g.path ? g.path : ""; }
const fsinfo *db_fsinfo(void) { return &g.fs; }
const char *db_journal_mode(void) { return g.journal; }
int db_last_error(void) { return g.last_error; }
int db_in_transaction(void) { return g.txn_depth > 0; }

static void transact_backoff(int attempt);

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static unsigned jitter(unsigned range)
{
	return range ? (unsigned)rand_r(&g.rand_state) % range : 0;
}

/* SQLite's lock bytes (os.h): PENDING, then RESERVED, then the SHARED range,
 * all in the page at 1 GiB that SQLite never reads or writes. */
#define LOCK_PENDING_BYTE 0x40000000
#define LOCK_RESERVED_BYTE (LOCK_PENDING_BYTE + 1)
/* The writers' queue: sixteen more bytes of that page, one per class of
 * how long a writer has waited (under 250 ms, under 375 ms, ... each half
 * as long again as the one before, up to 100 s and more).
 * A waiting writer read-locks the byte of its class; before it tries for
 * the lock it lets anyone of an older class go first. SQLite's own waiting
 * is a lottery: with a hundred writers queued, an unlucky one could lose
 * it for longer than busy_timeout x busy_retries and see "busy" while the
 * file was never idle. Oldest first keeps every wait near the queue's
 * length. The bytes are POSIX locks like SQLite's, so every host on the
 * share sees them; a process that dies lets go of its byte. */
#define QUEUE_BYTE (LOCK_PENDING_BYTE + 1024)
#define QUEUE_CLASSES 16

static int lock_fd(void)
{
	if (g.lockfd < 0 && g.path)
		g.lockfd = open(g.path, O_RDONLY | O_CLOEXEC);
	return g.lockfd;
}

static int queue_class_of(int64_t waited)
{
	int c = 0;

	for (int64_t limit = 250; c < QUEUE_CLASSES - 1 && waited >= limit; limit += limit / 2)
		c++;
	return c;
}

static void queue_lock(int type, int start, int len)
{
	struct flock fl = { .l_type = (short)type, .l_whence = SEEK_SET,
			    .l_start = QUEUE_BYTE + start, .l_len = len };

	if (lock_fd() >= 0 && fcntl(g.lockfd, F_SETLK, &fl) != 0) {
		/* No byte, no place in the queue: the wait is SQLite's alone. */
	}
}

/* Takes the byte of this writer's class (letting go of the one before). */
static void queue_join(int64_t now)
{
	int c = queue_class_of(now - g.write_since);

	if (c == g.queue_class)
		return;
	queue_lock(F_RDLCK, c, 1);
	if (g.queue_class >= 0)
		queue_lock(F_UNLCK, g.queue_class, 1);
	g.queue_class = c;
}

static void queue_leave(void)
{
	if (g.queue_class >= 0)
		queue_lock(F_UNLCK, 0, QUEUE_CLASSES);
	g.queue_class = -1;
}

/* 1 when another process has waited to write longer than this one. */
static int elder_waiting(int64_t now)
{
	int c = queue_class_of(now - g.write_since);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			    .l_start = QUEUE_BYTE + c + 1, .l_len = QUEUE_CLASSES - c - 1 };

	if (c >= QUEUE_CLASSES - 1 || lock_fd() < 0 || fcntl(g.lockfd, F_GETLK, &fl) != 0)
		return 0;
	return fl.l_type != F_UNLCK;
}

/* A writer about to try for the lock, or just refused it, waits while an
 * elder waits, up to max_ms, looking every 5 to 15 ms (each look is a lock
 * request, a round trip on a network share). 1 when it had to wait. */
static int defer_to_elders(int64_t max_ms)
{
	int64_t start = af_mono_ms(), now = start;
	int waited = 0;

	queue_join(now);
	while (now - start < max_ms && elder_waiting(now)) {
		sleep_us(5000 + (long)jitter(10000));
		waited = 1;
		now = af_mono_ms();
		queue_join(now);
	}
	return waited;
}

/* Capped exponential back-off with jitter, so a hundred waiting writers do
 * not wake in step; gives up once busy_timeout has passed. A COMMIT waits
 * differently: it holds the PENDING lock, so no new reader gets in and no
 * other writer competes; it only waits for the readers already in to
 * finish, which takes a millisecond or so. Sleeping up to 50 ms there
 * would keep every writer queued behind it waiting for nothing. */
static int busy_handler(void *unused, int count)
{
	int64_t now = af_mono_ms();
	long delay;

	(void)unused;
	if (count == 0)
		g.busy_since = now;
	if (now - g.busy_since >= cfg.busy_timeout)
		return 0;
	if (g.committing) {
		sleep_us(200 + (long)jitter(400));
		return 1;
	}
	if (g.in_begin && g.write_since) {
		/* Refused the write lock: wait in line; first in line, try again
		 * soon, with the usual back-off but a shorter cap (the holder
		 * lets go within a transaction's time). */
		if (!defer_to_elders(cfg.busy_timeout - (now - g.busy_since))) {
			delay = count < 4 ? 1L << count : 8;
			sleep_us(delay * 500 + (long)jitter((unsigned)delay * 1000));
		}
		return 1;
	}
	delay = count < 6 ? 1L << count : 50;
	delay = delay / 2 + jitter((unsigned)delay + 1);
	if (delay < 1)
		delay = 1;
	af_sleep_ms(delay);
	return 1;
}

/* IOERR, CANTOPEN and PROTOCOL: the share failed and the outcome of what
 * was being done is unknown. */
static int is_transient(int rc)
{
	int p = rc & 0xff;

	return p == SQLITE_IOERR || p == SQLITE_CANTOPEN || p == SQLITE_PROTOCOL;
}

static int is_damage(int rc)
{
	int p = rc & 0xff;

	return p == SQLITE_CORRUPT || p == SQLITE_NOTADB;
}

static int is_busy(int rc)
{
	int p = rc & 0xff;

	return p == SQLITE_BUSY || p == SQLITE_LOCKED;
}

int db_unusable_for_now(void) { return is_busy(g.last_error) || is_damage(g.last_error); }

static void record_error(int rc)
{
	g.last_error = rc;
	snprintf(g.last_message, sizeof g.last_message, "%s",
		 g.conn ? sqlite3_errmsg(g.conn) : sqlite3_errstr(rc));
	/* A lookup that failed this way must never pass for "not there", and
	 * after these SQLite may have rolled the whole transaction back. */
	if (g.txn_depth > 0 && !g.txn_fault && (is_transient(rc) || is_damage(rc) || is_busy(rc) ||
						(rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_NOMEM)) {
		g.txn_fault = rc;
		memcpy(g.txn_fault_message, g.last_message, sizeof g.txn_fault_message);
	}
}

/* The folder holding the database, into buf. */
static void db_dir(char *buf, size_t len)
{
	const char *slash = strrchr(db_path(), '/');

	if (!slash)
		snprintf(buf, len, ".");
	else if (slash == db_path())
		snprintf(buf, len, "/");
	else
		snprintf(buf, len, "%.*s", (int)(slash - db_path()), db_path());
}

/* 1 when the filesystem holding the database is mounted read-only. */
static int share_read_only(void)
{
	char dir[4096];
	struct statvfs sv;

	db_dir(dir, sizeof dir);
	return statvfs(dir, &sv) == 0 && (sv.f_flag & ST_RDONLY);
}

af_status db_fail(void)
{
	int primary = g.last_error & 0xff;
	const char *msg = g.last_message;

	switch (primary) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return af_fail(AF_BUSY, "%s: database busy (locked by another process)", db_path());
	case SQLITE_CONSTRAINT:
		if (strncmp(msg, "conflict: ", 10) == 0)
			return af_fail(AF_CONFLICT, "%s", msg + 10);
		return af_fail(AF_INVALID, "%s", msg);
	case SQLITE_FULL:
		/* Unavailable for now, like a busy file: the rollback journal
		 * undid what was begun, and the input is kept for later. */
		return af_fail(AF_BUSY, "%s: the disk holding the database is full; nothing was written",
			       db_path());
	case SQLITE_READONLY:
		if (share_read_only())
			return af_fail(AF_BUSY, "%s: the share holding the database is mounted read-only; "
				       "nothing was written", db_path());
		if (faccessat(AT_FDCWD, db_path(), W_OK, AT_EACCESS) != 0)
			return af_fail(AF_DENIED, "%s: database is read-only for you", db_path());
		return af_fail(AF_BUSY, "%s: database cannot be written now (%s); nothing was written",
			       db_path(), msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return af_fail(AF_ERROR, "%s: database file is damaged (%s); writing stopped: "
			       "run adminflow doctor, and restore the file from a backup", db_path(), msg);
	default:
		return af_fail(AF_ERROR, "%s: %s", db_path(), msg);
	}
}

static void cache_clear(void)
{
	for (int i = 0; i < CACHE_SIZE; i++) {
		if (cache[i].st)
			sqlite3_finalize(cache[i].st);
		cache[i] = (struct cache_entry){0};
	}
}

static void close_conn(void)
{
	/* Closing SQLite's descriptor drops this process's queue byte too. */
	g.queue_class = -1;
	cache_clear();
	if (g.conn) {
		sqlite3_close_v2(g.conn);
		g.conn = NULL;
	}
	g.txn_depth = 0;
}

void db_piggyback(db_txn_fn fn, void *ctx)
{
	g.piggy_fn = fn;
	g.piggy_ctx = ctx;
}

/* A transaction with nothing of its own: only the piggybacked work. */
static af_status nothing(void *unused)
{
	(void)unused;
	return AF_OK;
}

void db_close(void)
{
	/* Not after giving up on the share: that would be a second wait and a
	 * second message, for a command that changed nothing. */
	if (g.piggy_fn && g.path && !g.damaged && !g.gave_up && g.mode != DB_OPEN_INSPECT) {
		char *keep = xstrdup(af_errmsg());

		if (db_transact(nothing, NULL) != AF_OK)
			fprintf(stderr, "adminflow: %s\n", af_errmsg());
		af_fail(AF_ERROR, "%s", keep);
		free(keep);
	}
	g.piggy_fn = NULL;
	close_conn();
	/* Only now: closing any descriptor of the file drops every POSIX lock
	 * this process holds on it, SQLite's included. */
	if (g.lockfd >= 0)
		close(g.lockfd);
	g.lockfd = -1;
	free(g.path);
	g.path = NULL;
}

#define READER_DEFER_MS 100    /* the longest one read waits */
#define READER_DEFER_BUDGET 500 /* the most in all, topped up by a tenth of the time that passes */

/* 1 when another process holds the database's RESERVED lock: a writer is
 * in a transaction and will soon want the file to itself. */
static int writer_inside(void)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			    .l_start = LOCK_RESERVED_BYTE, .l_len = 1 };

	if (g.lockfd < 0 && g.path)
		g.lockfd = open(g.path, O_RDONLY | O_CLOEXEC);
	if (g.lockfd < 0 || fcntl(g.lockfd, F_GETLK, &fl) != 0)
		return 0;
	return fl.l_type != F_UNLCK;
}

/* A reader about to take its SHARED lock first lets a writer that is inside
 * its transaction finish (up to READER_DEFER_MS). To get the SHARED lock,
 * SQLite briefly read-locks the PENDING byte; the committing writer needs
 * that byte exclusively. Where locking is slow (a network or FUSE share)
 * a steady stream of readers keeps that byte taken nearly all the time and
 * the writer starves: its commit waits out busy_timeout and the whole
 * transaction is tried again, up to busy_retries times. Writers first is
 * what SQLite's PENDING lock means to do; this extends it to the moment
 * before the writer asks for it. */
static void defer_to_writer(void)
{
	int64_t now = af_mono_ms(), until;

	/* A writer that stays inside for long (a big import, a stuck process)
	 * must not slow every read: the waits are rationed. */
	g.defer_budget += g.defer_at ? (now - g.defer_at) / 10 : READER_DEFER_BUDGET;
	if (g.defer_budget > READER_DEFER_BUDGET)
		g.defer_budget = READER_DEFER_BUDGET;
	g.defer_at = now;
	if (g.defer_budget <= 0 || !writer_inside())
		return;
	until = now + (g.defer_budget < READER_DEFER_MS ? g.defer_budget : READER_DEFER_MS);
	/* Each look is a lock request to the server on a network share: start
	 * at a third of a millisecond (a short transaction ends soon), then
	 * look less and less often, up to every 5 ms. */
	for (long pause = 300; ; pause = pause < 3300 ? pause * 3 / 2 : 5000) {
		sleep_us(pause / 2 + (long)jitter((unsigned)pause));
		if (!writer_inside() || af_mono_ms() >= until)
			break;
	}
	g.defer_at = af_mono_ms();
	g.defer_budget -= g.defer_at - now;
}

/* 1 when the next step of st will take a SHARED lock of its own: no
 * transaction is open and no other statement is reading. */
static int starts_read(sqlite3_stmt *st)
{
	if (g.txn_depth > 0 || g.in_begin || sqlite3_stmt_busy(st) || !sqlite3_get_autocommit(g.conn))
		return 0;
	for (sqlite3_stmt *p = sqlite3_next_stmt(g.conn, NULL); p; p = sqlite3_next_stmt(g.conn, p))
		if (sqlite3_stmt_busy(p))
			return 0;
	return 1;
}

static const char *choose_journal(void)
{
	if (strcmp(cfg.journal_mode, "wal") == 0) {
		if (!g.fs.network)
			return "wal";
		fprintf(stderr, "adminflow: journal_mode: WAL refused on %s (a network filesystem: "
			"WAL needs memory shared on one host); using DELETE\n", g.fs.type);
	}
	if (strcmp(cfg.journal_mode, "truncate") == 0)
		return "truncate";
	return "delete";
}

static af_status open_conn(void)
{
	int flags = SQLITE_OPEN_FULLMUTEX;
	int rc, version;

	if (g.mode == DB_OPEN_CREATE)
		flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	else if (g.mode == DB_OPEN_USE)
		flags |= SQLITE_OPEN_READWRITE;
	else
		flags |= SQLITE_OPEN_READONLY;
	/* Effective ids: a setgid program reaches the file through its group. */
	if (g.mode != DB_OPEN_CREATE && faccessat(AT_FDCWD, g.path, F_OK, AT_EACCESS) != 0) {
		g.last_error = SQLITE_CANTOPEN; /* gone with the share, perhaps: worth a retry */
		return af_fail(AF_BUSY, "%s: no such database (create it with: adminflow init)", g.path);
	}
	/* Only the standard unix VFS: the other locking styles don't see its locks. */
	rc = sqlite3_open_v2(g.path, &g.conn, flags, "unix");
	if (rc != SQLITE_OK) {
		af_status st = af_fail(AF_BUSY, "%s: cannot open: %s", g.path,
				       g.conn ? sqlite3_errmsg(g.conn) : sqlite3_errstr(rc));

		g.last_error = g.conn ? sqlite3_extended_errcode(g.conn) : rc;
		close_conn();
		return st;
	}
	sqlite3_extended_result_codes(g.conn, 1);
	sqlite3_busy_handler(g.conn, busy_handler, NULL);
	sqlite3_db_config(g.conn, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(g.conn, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(g.conn, SQLITE_DBCONFIG_ENABLE_FKEY, 1, NULL);
	/* SQLite puts temporary files where $SQLITE_TMPDIR or $TMPDIR says: a
	 * setgid program keeps them in memory instead. */
	if (af_privileged())
		sqlite3_exec(g.conn, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);

	/* Read the version before anything that could write: a newer file is
	 * left byte-for-byte as it was. */
	int64_t v64 = db_int(INT64_MIN, "PRAGMA user_version", "");

	if (v64 < 0 && v64 != INT64_MIN) {
		/* Read, but no version of ours: not a failure to read it. */
		close_conn();
		return af_fail(AF_ERROR, "%s: schema version %lld is not one of adminflow's "
			       "(the file was not changed)", g.path, (long long)v64);
	}
	version = (int)v64;
	if (v64 == INT64_MIN) {
		/* The first read, as patient as a write: say so the same way. */
		af_status st = is_busy(g.last_error)
			? af_fail(AF_BUSY, "%s: database busy (locked by another process) after %d attempts; "
				  "nothing was written", g.path, cfg.busy_retries + 1)
			: db_fail();

		close_conn();
		return st;
	}
	if (version > SCHEMA_VERSION) {
		close_conn();
		return af_fail(AF_ERROR, "%s: schema version %d is newer than this program's %d; "
			       "upgrade adminflow (the file was not changed)", g.path, version, SCHEMA_VERSION);
	}
	if (g.mode == DB_OPEN_USE && version < SCHEMA_VERSION) {
		close_conn();
		if (version == 0)
			return af_fail(AF_BUSY, "%s: not an adminflow database (create it with: adminflow init)", g.path);
		return af_fail(AF_BUSY, "%s: schema version %d is older than %d (upgrade it with: adminflow init)",
			       g.path, version, SCHEMA_VERSION);
	}
	if (g.mode != DB_OPEN_INSPECT) {
		const char *want = choose_journal();
		char *got = db_text("", strcmp(want, "wal") == 0 ? "PRAGMA journal_mode=WAL" :
				    strcmp(want, "truncate") == 0 ? "PRAGMA journal_mode=TRUNCATE" :
				    "PRAGMA journal_mode=DELETE", "");

		snprintf(g.journal, sizeof g.journal, "%s", got);
		free(got);
		db_exec("PRAGMA synchronous=FULL", "");
	} else {
		char *got = db_text("", "PRAGMA journal_mode", "");

		snprintf(g.journal, sizeof g.journal, "%s", got);
		free(got);
	}
	g.data_version = db_int(0, "PRAGMA data_version", "");
	return AF_OK;
}

af_status db_open(const char *path, enum db_open_mode mode)
{
	af_status st;

	db_close();
	g.lockfd = -1;
	g.path = xstrdup(path);
	g.mode = mode;
	g.damaged = 0;
	g.rand_state = (unsigned)getpid() ^ (unsigned)time(NULL);
	if (fsinfo_probe(path, NULL, &g.fs) != 0)
		return af_fail(AF_BUSY, "%s: cannot reach the folder holding the database: %s",
			       path, strerror(errno));
	st = open_conn();
	if (st == AF_OK && mode == DB_OPEN_CREATE)
		st = schema_migrate();
	if (st != AF_OK) {
		char *keep = xstrdup(af_errmsg());

		db_close();
		af_fail(st, "%s", keep);
		free(keep);
	}
	return st;
}

int db_changed(void)
{
	int64_t v;

	if (!g.conn)
		return 0;
	v = db_int(g.data_version, "PRAGMA data_version", "");
	if (v == g.data_version)
		return 0;
	g.data_version = v;
	return 1;
}

static void die_sql(const char *sql)
{
	fprintf(stderr, "adminflow: internal error: %s\n  in: %s\n", sqlite3_errmsg(g.conn), sql);
	abort();
}

void db_prepare(db_stmt *s, const char *sql)
{
	int free_slot = -1;

	s->st = NULL;
	s->cached = 0;
	if (!g.conn && g.path) {
		/* Closed by db_transact after a failure of the share: reopen, and
		 * keep the caller's message if that fails too. */
		char *keep = xstrdup(af_errmsg());

		if (open_conn() != AF_OK) {
			if (!g.last_error)
				g.last_error = SQLITE_CANTOPEN;
			af_fail(AF_ERROR, "%s", keep);
			free(keep);
			return;
		}
		free(keep);
	}
	if (!g.conn) {
		fprintf(stderr, "adminflow: internal error: no database open for: %s\n", sql);
		abort();
	}
	for (int i = 0; i < CACHE_SIZE; i++) {
		if (cache[i].sql && (cache[i].sql == sql || strcmp(cache[i].sql, sql) == 0)) {
			if (cache[i].in_use)
				break; /* nested use of the same SQL: a fresh one */
			cache[i].in_use = 1;
			s->st = cache[i].st;
			s->cached = i + 1;
			return;
		}
		if (!cache[i].sql && free_slot < 0)
			free_slot = i;
	}
	if (sqlite3_prepare_v3(g.conn, sql, -1, free_slot >= 0 ? SQLITE_PREPARE_PERSISTENT : 0,
			       &s->st, NULL) != SQLITE_OK) {
		int rc = sqlite3_errcode(g.conn);

		/* A locked schema or a dropped share is not a programming error. */
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ||
		    (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CORRUPT ||
		    (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CANTOPEN ||
		    (rc & 0xff) == SQLITE_PROTOCOL) {
			record_error(sqlite3_extended_errcode(g.conn));
			s->st = NULL;
			return;
		}
		die_sql(sql);
	}
	if (free_slot >= 0 && s->st) {
		cache[free_slot] = (struct cache_entry){ sql, s->st, 1 };
		s->cached = free_slot + 1;
	}
}

static int param_index(db_stmt *s, const char *name)
{
	int i = s->st ? sqlite3_bind_parameter_index(s->st, name) : 0;

	if (i == 0 && s->st) {
		fprintf(stderr, "adminflow: internal error: no parameter %s in: %s\n",
			name, sqlite3_sql(s->st));
		abort();
	}
	return i;
}

void db_bind_text(db_stmt *s, const char *name, const char *value)
{
	if (!s->st)
		return;
	if (value)
		sqlite3_bind_text(s->st, param_index(s, name), value, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->st, param_index(s, name));
}

void db_bind_int(db_stmt *s, const char *name, int64_t value)
{
	if (s->st)
		sqlite3_bind_int64(s->st, param_index(s, name), value);
}

void db_bind_null(db_stmt *s, const char *name)
{
	if (s->st)
		sqlite3_bind_null(s->st, param_index(s, name));
}

int db_step(db_stmt *s)
{
	int rc;

	if (!s->st)
		return g.last_error ? g.last_error : SQLITE_ERROR;
	if (g.txn_depth > 0) {
		/* Nothing more runs in a transaction attempt that is lost: the
		 * statements after an error that rolled it back would otherwise
		 * each commit on their own, half a change. */
		if (g.txn_fault)
			return g.txn_fault;
		if (sqlite3_get_autocommit(g.conn)) {
			g.last_error = g.txn_fault = SQLITE_ABORT_ROLLBACK;
			snprintf(g.last_message, sizeof g.last_message, "the transaction was rolled back by an error");
			memcpy(g.txn_fault_message, g.last_message, sizeof g.txn_fault_message);
			return g.txn_fault;
		}
	}
	if (starts_read(s->st)) {
		defer_to_writer();
		/* A read outside any transaction is as patient as a write: a busy
		 * answer (after busy_timeout) is tried again, busy_retries times,
		 * rather than taken for "no such row". Nothing was read yet. */
		for (int attempt = 0;; attempt++) {
			rc = sqlite3_step(s->st);
			if (!is_busy(rc) || attempt >= cfg.busy_retries || !sqlite3_get_autocommit(g.conn))
				break;
			sqlite3_reset(s->st);
			transact_backoff(attempt);
		}
	} else {
		rc = sqlite3_step(s->st);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		record_error(sqlite3_extended_errcode(g.conn));
	return rc;
}

int64_t db_col_int(db_stmt *s, int col) { return sqlite3_column_int64(s->st, col); }
int db_col_is_null(db_stmt *s, int col) { return sqlite3_column_type(s->st, col) == SQLITE_NULL; }

const char *db_col_text(db_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s->st, col);

	return t ? (const char *)t : "";
}

void db_done(db_stmt *s)
{
	if (!s->st)
		return;
	if (s->cached) {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		cache[s->cached - 1].in_use = 0;
	} else {
		sqlite3_finalize(s->st);
	}
	s->st = NULL;
	s->cached = 0;
}

static void bind_positional(db_stmt *s, const char *types, va_list ap)
{
	for (int i = 0; types[i]; i++) {
		int idx = i + 1;

		switch (types[i]) {
		case 'i':
			if (s->st)
				sqlite3_bind_int(s->st, idx, va_arg(ap, int));
			else
				(void)va_arg(ap, int);
			break;
		case 'I':
			if (s->st)
				sqlite3_bind_int64(s->st, idx, va_arg(ap, int64_t));
			else
				(void)va_arg(ap, int64_t);
			break;
		case 't': {
			const char *v = va_arg(ap, const char *);

			if (s->st)
				sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT);
			break;
		}
		default:
			fprintf(stderr, "adminflow: internal error: bad bind type %c\n", types[i]);
			abort();
		}
	}
}

int db_exec(const char *sql, const char *types, ...)
{
	db_stmt s;
	va_list ap;
	int rc;

	db_prepare(&s, sql);
	va_start(ap, types);
	bind_positional(&s, types, ap);
	va_end(ap);
	while ((rc = db_step(&s)) == SQLITE_ROW)
		;
	db_done(&s);
	return rc;
}

int64_t db_int(int64_t def, const char *sql, const char *types, ...)
{
	db_stmt s;
	va_list ap;
	int64_t v = def;

	db_prepare(&s, sql);
	va_start(ap, types);
	bind_positional(&s, types, ap);
	va_end(ap);
	if (db_step(&s) == SQLITE_ROW && !db_col_is_null(&s, 0))
		v = db_col_int(&s, 0);
	db_done(&s);
	return v;
}

char *db_text(const char *def, const char *sql, const char *types, ...)
{
	db_stmt s;
	va_list ap;
	char *v = NULL;

	db_prepare(&s, sql);
	va_start(ap, types);
	bind_positional(&s, types, ap);
	va_end(ap);
	if (db_step(&s) == SQLITE_ROW && !db_col_is_null(&s, 0))
		v = xstrdup(db_col_text(&s, 0));
	db_done(&s);
	return v ? v : def ? xstrdup(def) : NULL;
}

static void db_rollback_quietly(void);

af_status db_begin_at(const char *file, int line)
{
	if (g.txn_depth > 0) {
		g.txn_depth++;
		return AF_OK;
	}
	g.txn_file = file;
	g.txn_line = line;
	g.txn_fault = 0;
	if (g.write_since)
		defer_to_elders(cfg.busy_timeout); /* newcomers do not jump the queue */
	g.in_begin = 1;
	if (db_exec("BEGIN IMMEDIATE", "") != SQLITE_DONE) {
		g.in_begin = 0;
		return db_fail();
	}
	g.in_begin = 0;
	queue_leave(); /* the lock is ours: no longer waiting */
	g.txn_depth = 1;
	return AF_OK;
}

af_status db_commit(void)
{
	if (g.txn_depth <= 0) {
		fprintf(stderr, "adminflow: internal error: commit without begin\n");
		abort();
	}
	if (--g.txn_depth > 0)
		return AF_OK;
	g.committing = 1;
	if (db_exec("COMMIT", "") != SQLITE_DONE) {
		af_status st = db_fail();

		g.committing = 0;
		db_rollback_quietly();
		return st;
	}
	g.committing = 0;
	return AF_OK;
}

/* ROLLBACK if a transaction is still open (after an I/O error SQLite may
 * have rolled back already), keeping the error that led here. */
static void db_rollback_quietly(void)
{
	int rc = g.last_error;
	char msg[sizeof g.last_message];

	memcpy(msg, g.last_message, sizeof msg);
	if (g.conn && !sqlite3_get_autocommit(g.conn))
		db_exec("ROLLBACK", "");
	g.last_error = rc;
	memcpy(g.last_message, msg, sizeof msg);
}

void db_rollback(void)
{
	if (g.txn_depth <= 0)
		return;
	g.txn_depth = 0;
	db_rollback_quietly();
}

/* Pauses between whole-transaction attempts: capped, jittered, doubling. */
static void transact_backoff(int attempt)
{
	long cap = 20L << (attempt < 6 ? attempt : 6);

	af_sleep_ms(cap / 2 + jitter((unsigned)cap));
}

static af_status transact_attempts(db_txn_fn fn, void *ctx);

af_status db_transact(db_txn_fn fn, void *ctx)
{
	af_status st;

	if (g.damaged)
		return af_fail(AF_ERROR, "%s", g.damaged_message);
	g.gave_up = 0;
	g.write_since = af_mono_ms();
	st = transact_attempts(fn, ctx);
	g.write_since = 0;
	queue_leave();
	return st;
}

static af_status transact_attempts(db_txn_fn fn, void *ctx)
{
	int attempts = cfg.busy_retries + 1;

	for (int attempt = 0;; attempt++) {
		af_status st;
		int rc;

		g.last_error = 0;
		g.txn_fault = 0;
		af_clear_error();
		if (!g.conn) {
			st = open_conn();
			if (st != AF_OK) {
				if (is_damage(g.last_error))
					goto damaged;
				if (!is_busy(g.last_error) && !is_transient(g.last_error))
					return st; /* a file that is there but will not do */
				if (attempt + 1 >= attempts) {
					char *why = xstrdup(af_errmsg());

					g.gave_up = 1;
					st = af_fail(AF_BUSY, "%s; gave up after %d attempts", why, attempts);
					free(why);
					return st;
				}
				transact_backoff(attempt);
				continue;
			}
		}
		st = db_begin();
		if (st == AF_OK) {
			if (g.piggy_fn)
				st = g.piggy_fn(g.piggy_ctx);
			if (st == AF_OK)
				st = fn(ctx);
			if (g.txn_fault)
				st = AF_ERROR; /* judged below by the fault, not by fn */
			if (st == AF_OK && db_test_before_commit)
				db_test_before_commit(attempt);
			if (st == AF_OK)
				st = db_commit();
			else
				db_rollback();
		}
		if (st == AF_OK) {
			g.piggy_fn = NULL; /* it went in with this one */
			return AF_OK;
		}
		/* Judge the attempt by the first failure of the share, if any,
		 * not by what fn made of it. */
		if (g.txn_fault) {
			g.last_error = g.txn_fault;
			memcpy(g.last_message, g.txn_fault_message, sizeof g.last_message);
			st = db_fail();
		}
		rc = g.last_error;
		if (is_damage(rc))
			goto damaged;
		if (!is_busy(rc) && !is_transient(rc)) {
			/* The change itself was refused (a constraint, or fn said
			 * no): no retry helps. Anything else from SQLite (a full
			 * disk, a read-only share) is the share's failing. */
			g.gave_up = rc && (rc & 0xff) != SQLITE_CONSTRAINT;
			return st;
		}
		if (attempt + 1 >= attempts) {
			g.gave_up = 1;
			if (is_busy(rc))
				return af_fail(AF_BUSY, "%s: database busy (locked by another process) "
					       "after %d attempts; nothing was written", db_path(), attempts);
			return af_fail(AF_BUSY, "%s: database unavailable (%s) after %d attempts",
				       db_path(), g.last_message, attempts);
		}
		if (is_transient(rc)) {
			close_conn(); /* outcome unknown: reopen; fn looks its key up again */
			transact_backoff(attempt);
		}
		/* Busy: no pause. This writer holds its place in the queue, and
		 * those behind it wait for it: a sleep here would stall them all. */
	}
damaged:
	/* Damage is not retried, and nothing more is written by this process. */
	{
		af_status st = db_fail();

		g.damaged = 1;
		snprintf(g.damaged_message, sizeof g.damaged_message, "%s", af_errmsg());
		return st;
	}
}

int db_is_date(const char *s)
{
	/* SQLite takes a sign (-2026-01-01) and years past 9999: the shape
	 * first, four digits of year and nothing before them. */
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return db_int(0, "SELECT date(?1, '+0 days') IS ?1", "t", s) == 1;
}
