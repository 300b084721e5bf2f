#include "autoconf.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/time.h>
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
	int lockfd;         /* the database, for the queue byte and the change counter; -1: none */
	int ofd;            /* open file description locks: 1 yes, 0 no, -1 not known yet */
	int in_begin;       /* running BEGIN IMMEDIATE: a writer, not a reader */
	int admitted;       /* this process holds the writers' queue byte */
	int64_t admit_waited; /* ms the last admission waited */
	int64_t wait_since; /* when the current change began to wait for its turn; 0 none */
	int wait_said;      /* db_wait_hook was told of this wait */
	int64_t last_said;  /* the second it last told */
	int probe_state;    /* lock_check: 0 not looked, 1 proven or not needed, 2 warned */
	int probe_exempt;   /* doctor --lock-probe recording what it found */
	int clean_commit;   /* the last db_transact committed, and nothing ran since */
	int dry;            /* db_transact_dry: roll back what fn did, however it went */
	int admit_timed_out; /* the last db_begin waited busy_wait in vain */
	int64_t read_since; /* when the read transaction began */
	int reading;        /* an action's reads share one transaction: it is open */
	uint32_t change_counter; /* the file's change counter (header offset 24) when last looked at */
} g = { .lockfd = -1, .ofd = -1 };

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
int db_just_committed(void) { return g.clean_commit; }

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
#define LOCK_SHARED_FIRST (LOCK_PENDING_BYTE + 2)
#define LOCK_SHARED_SIZE 510
/* The writers' queue: one more byte of that page. A writer takes it with a
 * blocking lock before BEGIN IMMEDIATE and lets go after COMMIT, so the
 * writers waiting for their turn sleep in the lock queue of the kernel (or
 * of the file server, on a share: every host sees the byte) instead of
 * asking again and again. Polling for SQLite's own locks cost a round trip
 * a look, and on a slow share the looks of a hundred writers kept the one
 * that was committing from its PENDING lock (issue 13: 782,510 lock calls
 * for 100 submissions). */
#define ADMIT_BYTE (LOCK_PENDING_BYTE + 1024)

/* A descriptor of the database of our own, for the queue byte and the
 * change counter. Its locks are open file description locks (F_OFD_*):
 * they belong to this descriptor alone, so SQLite closing or unlocking its
 * own descriptor of the file never drops them, as it would drop a classic
 * POSIX lock of the process. */
static int lock_fd(void)
{
	if (g.lockfd < 0 && g.path) {
		if (g.mode != DB_OPEN_INSPECT)
			g.lockfd = open(g.path, O_RDWR | O_CLOEXEC);
		if (g.lockfd < 0)
			g.lockfd = open(g.path, O_RDONLY | O_CLOEXEC);
	}
	return g.lockfd;
}

/* fcntl lock on our descriptor: an OFD lock where the kernel has them, a
 * classic POSIX lock where it does not (g.ofd 0). The classic one is dropped
 * by any close or whole-file unlock of the file in this process -- SQLite's
 * included, after a busy BEGIN -- so it is taken again for every attempt,
 * and losing it only makes the waiting less orderly, never unsafe: SQLite's
 * own locks still decide who writes. */
static int lock_range(int type, off_t start, off_t len, int wait)
{
	struct flock fl = { .l_type = (short)type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	if (lock_fd() < 0) {
		errno = EBADF; /* not "held by another": nothing to wait for */
		return -1;
	}
#ifdef F_OFD_SETLKW
	if (g.ofd != 0) {
		if (fcntl(g.lockfd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) == 0) {
			g.ofd = 1;
			return 0;
		}
		if (errno != EINVAL || g.ofd == 1)
			return -1;
		g.ofd = 0;
	}
#endif
	return fcntl(g.lockfd, wait ? F_SETLKW : F_SETLK, &fl);
}

static volatile sig_atomic_t wait_tick;

static void on_wait_tick(int sig)
{
	(void)sig;
	wait_tick = 1;
}

void (*db_wait_hook)(int64_t waited_ms);

/* Says how long this change has waited, once a second after the first. */
static void waited(int64_t since)
{
	int64_t ms = af_mono_ms() - since;

	if (ms >= 1000 && db_wait_hook && ms / 1000 != g.last_said) {
		g.last_said = ms / 1000;
		db_wait_hook(ms);
		g.wait_said = 1;
	}
}

static void wait_over(void)
{
	if (g.wait_said && db_wait_hook)
		db_wait_hook(-1);
	g.wait_said = 0;
	g.last_said = 0;
}

/* Seniority: a writer that has waited 1 s or more read-locks one of the
 * fifteen bytes after the queue byte, by how long it has waited (1, 2, 4,
 * ... s: class 1, 2, 3, ...). Before it asks for the queue byte, every
 * writer takes and drops a write lock on the bytes of the classes above
 * its own, which waits -- in the lock's queue, not by asking again --
 * while anyone who has waited longer is still waiting. A released lock
 * wakes all who wait for it at once, and the first to run wins: on a busy
 * machine some would otherwise lose for minutes (26 of 2,000 gave up
 * after 120 s in the 100-writer storm). */
#define ADMIT_CLASSES 16

static int admit_class(int64_t waited_ms)
{
	int c = 0;

	for (int64_t limit = 1000; c < ADMIT_CLASSES - 1 && waited_ms >= limit; limit *= 2)
		c++;
	return c;
}

struct admission {
	int64_t start;
	int cls, timed;
	struct sigaction old;
	struct itimerval was;
};

/* From now on a blocking request is woken once a second. */
static void admit_timer(struct admission *a)
{
	struct sigaction sa = { .sa_handler = on_wait_tick };
	struct itimerval tick = { { 1, 0 }, { 1, 0 } };

	if (a->timed)
		return;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &a->old); /* no SA_RESTART: the tick ends the wait */
	setitimer(ITIMER_REAL, &tick, &a->was);
	a->timed = 1;
}

/* One request of the admission: 0 done, 1 to go round again (woken by the
 * clock, or refused before waiting began), -1 no lock to wait on here. */
static int admit_step(struct admission *a, int type, off_t start, off_t len)
{
	if (lock_range(type, start, len, a->timed) == 0)
		return 0;
	if ((errno == EAGAIN || errno == EACCES) && !a->timed) {
		admit_timer(a);
		return 1;
	}
	if (errno == EINTR) {
		waited(a->start);
		return 1;
	}
	return -1; /* EDEADLK, ENOLCK, EINVAL: no queue here; SQLite's locks decide */
}

static int change_counter(uint32_t *c);

/* Takes the queue byte, waiting in line (elders first) up to busy_wait
 * seconds, saying once a second how long it has waited. 0 when taken (or
 * when the file has no locks to queue on: then SQLite's locks alone
 * decide), -1 past the wait. */
static int admit(void)
{
	struct admission a = { af_mono_ms(), 0, 0, { .sa_handler = SIG_DFL }, { { 0, 0 }, { 0, 0 } } };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	int64_t moved = a.start; /* when the queue was last seen to move */
	uint32_t seen = 0, counter;
	int rc, looked = 0;

	for (;;) {
		int64_t now = af_mono_ms();
		int c = admit_class(now - a.start);

		/* busy_wait is how long the queue may stand still: while the
		 * writers ahead keep committing (the file's change counter moves,
		 * or one is writing it now), the turn is coming, however loaded
		 * the machine; a holder that commits nothing for that long is
		 * stuck, and the wait ends. */
		if (a.timed && !looked) {
			/* Waiting begins: where the file stands now (an uncontended
			 * writer never pays these two lock calls). */
			if (change_counter(&seen) != 0)
				seen = 0;
			looked = 1;
			moved = now;
		} else if (a.timed && now - moved >= 1000) {
			if (change_counter(&counter) != 0 || counter != seen) {
				seen = counter;
				moved = now;
			}
		}
		if (now - moved >= cfg.busy_wait * 1000LL) {
			rc = -1;
			break;
		}
		if (c != a.cls) {
			lock_range(F_RDLCK, ADMIT_BYTE + c, 1, 0);
			if (a.cls)
				lock_range(F_UNLCK, ADMIT_BYTE + a.cls, 1, 0);
			a.cls = c;
		}
		if (c < ADMIT_CLASSES - 1) {
			rc = admit_step(&a, F_WRLCK, ADMIT_BYTE + c + 1, ADMIT_CLASSES - c - 1);
			if (rc == 1)
				continue;
			if (rc == 0)
				lock_range(F_UNLCK, ADMIT_BYTE + c + 1, ADMIT_CLASSES - c - 1, 0);
		}
		rc = admit_step(&a, F_WRLCK, ADMIT_BYTE, 1);
		if (rc == 1)
			continue;
		g.admitted = rc == 0;
		rc = 0;
		break;
	}
	if (a.cls)
		lock_range(F_UNLCK, ADMIT_BYTE + a.cls, 1, 0);
	if (a.timed) {
		setitimer(ITIMER_REAL, &off, NULL);
		sigaction(SIGALRM, &a.old, NULL);
		if (a.was.it_value.tv_sec || a.was.it_value.tv_usec)
			setitimer(ITIMER_REAL, &a.was, NULL);
	}
	g.admit_waited = af_mono_ms() - a.start;
	return rc;
}

static void admit_release(void)
{
	if (g.admitted)
		lock_range(F_UNLCK, ADMIT_BYTE, 1, 0);
	g.admitted = 0;
}

/* Capped exponential back-off with jitter, for a lock held by a program
 * that does not queue (the sqlite3 shell, an older adminflow) or for the
 * readers a COMMIT waits for. A COMMIT holds the PENDING lock, so no new
 * reader gets in and no writer competes; it only waits for the readers
 * already in to finish, which takes a round trip or two. Sleeping up to
 * 50 ms there would keep every writer queued behind it waiting for
 * nothing. */
static int busy_handler(void *unused, int count)
{
	int64_t now = af_mono_ms();
	long delay;

	(void)unused;
	if (count == 0)
		g.busy_since = now;
	if (now - g.busy_since >= cfg.busy_timeout)
		return 0;
	waited(g.wait_since ? g.wait_since : g.busy_since);
	if (g.committing) {
		sleep_us(200 + (long)jitter(400));
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

/* 1 when the latest error is a uniqueness failure on a value only the
 * program makes -- an id, a request number, an idempotency key, looked up
 * or counted inside the same write transaction --: two processes wrote at
 * once, which the file's locks exist to prevent. Never the user's input. */
static int made_by_program(void)
{
	static const char *const made[] = { "requests.number", "requests.idem_key", "actions.idem_key",
					    "counters.name" };
	const char *col;

	if (g.last_error == SQLITE_CONSTRAINT_ROWID)
		return 1;
	if (g.last_error != SQLITE_CONSTRAINT_UNIQUE && g.last_error != SQLITE_CONSTRAINT_PRIMARYKEY)
		return 0;
	col = strstr(g.last_message, "constraint failed: ");
	if (!col)
		return 0;
	col += strlen("constraint failed: ");
	if (strchr(col, ',')) /* several columns: a key people choose */
		return 0;
	for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
		if (strcmp(col, made[i]) == 0)
			return 1;
	/* T.id: an INTEGER PRIMARY KEY, which SQLite itself chooses. */
	return strlen(col) > 3 && strcmp(col + strlen(col) - 3, ".id") == 0;
}

/* The share lets two hosts write at once: nothing more is written by this
 * process, and whatever was being written is kept for later (exit 6). */
static af_status locks_broken(void)
{
	af_status st = af_fail(AF_BUSY, "%s: two processes wrote at once (%s): the share's locks are not "
			       "working; writing stopped, nothing was written: run adminflow doctor --lock-probe "
			       "on this host and another", db_path(), g.last_message);

	g.damaged = 1;
	snprintf(g.damaged_message, sizeof g.damaged_message, "%s", af_errmsg());
	return st;
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
		if (made_by_program())
			return locks_broken();
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
	g.reading = 0;
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

/* 1 when no statement of the connection is stepping. */
static int none_busy(void)
{
	for (sqlite3_stmt *p = sqlite3_next_stmt(g.conn, NULL); p; p = sqlite3_next_stmt(g.conn, p))
		if (sqlite3_stmt_busy(p))
			return 0;
	return 1;
}

/* 1 when the next step of st will take a SHARED lock of its own: no
 * transaction is open and no other statement is reading. */
static int starts_read(sqlite3_stmt *st)
{
	if (g.txn_depth > 0 || g.in_begin || sqlite3_stmt_busy(st) || !sqlite3_get_autocommit(g.conn))
		return 0;
	return none_busy();
}

/* An action's reads share one read transaction: the first read begins it,
 * and it lasts until the program waits (db_idle), writes (db_begin) or
 * closes. Each read transaction costs four lock calls on the file (three
 * to take SHARED, one to let go), a round trip each on a share; one a read
 * cost 111 of them for a `show` (issue 13). COMMIT ends it even while a
 * statement is still stepping: that statement then keeps its own lock
 * until it is reset, as it would have outside any transaction. */
static void read_end(void)
{
	if (g.reading && g.conn && g.txn_depth == 0 && !sqlite3_get_autocommit(g.conn))
		sqlite3_exec(g.conn, "COMMIT", NULL, NULL, NULL);
	g.reading = 0;
}

void db_idle(void)
{
	read_end();
}

/* The file's change counter (header offset 24, a big-endian 32-bit number
 * that every commit in a rollback journal mode changes), read through our
 * own descriptor: under the SHARED lock of the read transaction when one is
 * open, else under a read lock of SQLite's SHARED range taken for the
 * moment (it keeps out only a writer that is writing the file: two lock
 * calls, against PRAGMA data_version's four and the schema's reload). 0 on
 * success; -1 when it cannot be read so (then the caller asks SQLite). */
static int change_counter(uint32_t *c)
{
	unsigned char b[4];
	int locked = 0;
	ssize_t n;

	if (lock_fd() < 0)
		return -1;
	if (!g.reading || sqlite3_get_autocommit(g.conn)) {
		/* A classic lock would merge with SQLite's in this process: only
		 * an OFD one, or a classic one while SQLite holds none. */
		if (g.ofd == 0 && (g.txn_depth > 0 || !none_busy()))
			return -1;
		if (lock_range(F_RDLCK, LOCK_SHARED_FIRST, LOCK_SHARED_SIZE, 0) != 0)
			return -1;
		locked = 1;
	}
	n = pread(g.lockfd, b, sizeof b, 24);
	if (locked)
		lock_range(F_UNLCK, LOCK_SHARED_FIRST, LOCK_SHARED_SIZE, 0);
	if (n != (ssize_t)sizeof b)
		return -1;
	*c = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return 0;
}

/* 1 when the file is in WAL mode, by its header (bytes 18 and 19 are 2):
 * read without a lock, it only chooses what to ask SQLite. */
static int header_says_wal(void)
{
	unsigned char b[2];

	return lock_fd() >= 0 && pread(g.lockfd, b, sizeof b, 18) == (ssize_t)sizeof b && b[0] == 2 && b[1] == 2;
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

	/* Between rollback modes (delete is every connection's default) the
	 * change is the connection's own; into or out of WAL it writes the
	 * file: that waits until the version is known. */
	const char *want = g.mode == DB_OPEN_INSPECT ? NULL : choose_journal();
	int wal = header_says_wal();

	if (want && !wal && strcmp(want, "truncate") == 0)
		sqlite3_exec(g.conn, "PRAGMA journal_mode=TRUNCATE", NULL, NULL, NULL);
	/* Read the version before anything that could write: a newer file is
	 * left byte-for-byte as it was. It needs no schema, and begins the read
	 * transaction (db_step) in which the schema then loads and the
	 * action's reads go on. */
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
	/* After the version, which needs no schema: the schema then loads in
	 * the same read transaction. FULL is SQLite's default in a rollback
	 * journal mode; it cannot be set inside a transaction, and asking
	 * costs nothing in one. */
	if (g.mode != DB_OPEN_INSPECT && db_int(2, "PRAGMA synchronous", "") != 2) {
		read_end();
		sqlite3_exec(g.conn, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
		if (sqlite3_exec(g.conn, "BEGIN", NULL, NULL, NULL) == SQLITE_OK)
			g.reading = 1;
	}
	wal = header_says_wal(); /* now under the read lock */
	if (want && wal != (strcmp(want, "wal") == 0)) {
		char *got = db_text("", strcmp(want, "wal") == 0 ? "PRAGMA journal_mode=WAL" :
				    strcmp(want, "truncate") == 0 ? "PRAGMA journal_mode=TRUNCATE" :
				    "PRAGMA journal_mode=DELETE", "");

		snprintf(g.journal, sizeof g.journal, "%s", got);
		free(got);
	} else {
		snprintf(g.journal, sizeof g.journal, "%s", want ? want : wal ? "wal" : "delete");
	}
	if (strcmp(g.journal, "wal") == 0 || change_counter(&g.change_counter) != 0)
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
	uint32_t c;

	if (!g.conn)
		return 0;
	/* A WAL file's counter does not move with each commit. */
	if (strcmp(g.journal, "wal") != 0 && change_counter(&c) == 0) {
		if (c == g.change_counter)
			return 0;
		g.change_counter = c;
		return 1;
	}
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
	s->slice[0] = s->slice[1] = -1;
	s->after[0] = s->after[1] = NULL;
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

void db_slice(db_stmt *s, int col1, int col2)
{
	s->slice[0] = col1;
	s->slice[1] = col2;
}

/* The slice has held the read lock long enough: the statement starts again
 * after its last row, in a read transaction of its own. Not while another
 * statement is reading (it holds the lock anyway) or inside a write. */
static void next_slice(db_stmt *s)
{
	if (s->slice[0] < 0 || !s->after[0] || !g.reading || g.txn_depth > 0 ||
	    af_mono_ms() - g.read_since < cfg.read_slice)
		return;
	for (sqlite3_stmt *p = sqlite3_next_stmt(g.conn, NULL); p; p = sqlite3_next_stmt(g.conn, p))
		if (p != s->st && sqlite3_stmt_busy(p))
			return; /* another read holds the lock anyway */
	sqlite3_reset(s->st);
	read_end();
	for (int i = 0; i < 2; i++)
		if (s->slice[i] >= 0)
			sqlite3_bind_value(s->st, sqlite3_bind_parameter_index(s->st, i ? ":after2" : ":after1"),
					   s->after[i]);
}

int db_in_read(void)
{
	return g.conn && g.reading && !sqlite3_get_autocommit(g.conn);
}

void db_read_pause(void)
{
	if (!g.conn || !g.reading || g.txn_depth > 0 || af_mono_ms() - g.read_since < cfg.read_slice)
		return;
	for (sqlite3_stmt *p = sqlite3_next_stmt(g.conn, NULL); p; p = sqlite3_next_stmt(g.conn, p))
		if (sqlite3_stmt_busy(p))
			return; /* a statement still reading holds the lock anyway */
	read_end();
}

static void keep_keys(db_stmt *s)
{
	for (int i = 0; i < 2; i++) {
		if (s->slice[i] < 0)
			continue;
		sqlite3_value_free(s->after[i]);
		s->after[i] = sqlite3_value_dup(sqlite3_column_value(s->st, s->slice[i]));
	}
}

int db_step(db_stmt *s)
{
	int rc;

	g.clean_commit = 0;
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
	if (g.reading && sqlite3_get_autocommit(g.conn))
		g.reading = 0; /* an error ended it */
	if (s->slice[0] >= 0)
		next_slice(s);
	/* A change outside db_transact goes in on its own, now: never held
	 * back in the read transaction until the program waits. */
	if (g.reading && g.txn_depth == 0 && !sqlite3_stmt_readonly(s->st))
		read_end();
	if (starts_read(s->st)) {
		int shared = sqlite3_stmt_readonly(s->st);

		/* A read outside any transaction is as patient as a write: a busy
		 * answer (after busy_timeout) is tried again, busy_retries times,
		 * rather than taken for "no such row". Nothing was read yet. */
		for (int attempt = 0;; attempt++) {
			if (shared && sqlite3_exec(g.conn, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
				g.reading = 1;
				g.read_since = af_mono_ms();
			}
			rc = sqlite3_step(s->st);
			if (!is_busy(rc) || attempt >= cfg.busy_retries)
				break;
			sqlite3_reset(s->st);
			if (g.reading) {
				sqlite3_exec(g.conn, "ROLLBACK", NULL, NULL, NULL);
				g.reading = 0;
			} else if (!sqlite3_get_autocommit(g.conn)) {
				break;
			}
			transact_backoff(attempt);
		}
		if (g.reading && is_busy(rc)) {
			/* Given up: the error said first, then the empty
			 * transaction ended (which would clear SQLite's message). */
			record_error(sqlite3_extended_errcode(g.conn));
			sqlite3_reset(s->st);
			sqlite3_exec(g.conn, "ROLLBACK", NULL, NULL, NULL);
			g.reading = 0;
			return rc;
		}
	} else {
		rc = sqlite3_step(s->st);
	}
	if (rc == SQLITE_ROW && s->slice[0] >= 0)
		keep_keys(s);
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
	for (int i = 0; i < 2; i++) {
		sqlite3_value_free(s->after[i]);
		s->after[i] = NULL;
	}
	s->slice[0] = s->slice[1] = -1;
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
	g.admit_timed_out = 0;
	/* The reads before the change end here: SQLite cannot turn a read
	 * transaction into a write without risking a deadlock, and the change
	 * reads again what it depends on anyway. */
	read_end();
	if (admit() != 0) {
		g.admit_timed_out = 1;
		g.last_error = SQLITE_BUSY;
		snprintf(g.last_message, sizeof g.last_message, "no writer ahead finished for %d s", cfg.busy_wait);
		return af_fail(AF_BUSY, "%s: database busy (the writer ahead finished nothing for %d s, busy_wait); "
			       "nothing was written", db_path(), cfg.busy_wait);
	}
	g.in_begin = 1;
	if (db_exec("BEGIN IMMEDIATE", "") != SQLITE_DONE) {
		g.in_begin = 0;
		admit_release();
		return db_fail();
	}
	g.in_begin = 0;
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
		admit_release();
		return st;
	}
	g.committing = 0;
	admit_release(); /* the next writer in line: one round trip */
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
	admit_release();
}

void db_allow_unproven(void)
{
	g.probe_exempt = 1;
}

/* lock_check, once a process, inside its first write transaction (a read
 * there costs no lock call): on a network filesystem, a lock probe must
 * have shown that this host's mount of the share carries locks to the
 * other hosts. Two hosts whose locks do not meet both write at once: on
 * bindfs mounts without lock forwarding, 200 submissions left 21 of 29
 * acknowledged ones missing and the file corrupt (issue 12). A process
 * cannot see that from its own side -- its locks work, for itself and for
 * the processes on its host --, so the proof is the probe between two
 * hosts, recorded. AF_OK to go on (with a warning under "warn"). */
static af_status probe_check(void)
{
	char host[256] = "", why[1400];
	int64_t shared;

	if (g.probe_state || !g.fs.network || g.probe_exempt || g.mode != DB_OPEN_USE)
		return AF_OK;
	gethostname(host, sizeof host - 1);
	shared = db_int(-1, "SELECT shared FROM lock_probes WHERE host = ?1 AND mount = ?2 ORDER BY id DESC LIMIT 1",
			"tt", host, g.fs.mount_point);
	if (g.txn_fault)
		return AF_ERROR; /* judged by the fault */
	if (shared == 1) {
		g.probe_state = 1;
		return AF_OK;
	}
	snprintf(why, sizeof why, shared == 0
		 ? "a lock probe found that this host's mount of the share (%s at %s) does NOT carry locks to other hosts"
		 : "no lock probe has shown that this host's mount of the share (%s at %s) carries locks to other hosts",
		 g.fs.type, g.fs.mount_point);
	if (strcmp(cfg.lock_check, "warn") == 0) {
		fprintf(stderr, "adminflow: warning: %s: %s; writing anyway (lock_check = warn): "
			"run adminflow doctor --lock-probe on this host and another\n", db_path(), why);
		g.probe_state = 2;
		return AF_OK;
	}
	return af_fail(AF_BUSY, "%s: writing refused: %s (lock_check = refuse); nothing was written: "
		       "run adminflow doctor --lock-probe on this host and another", db_path(), why);
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
	g.wait_since = af_mono_ms();
	st = transact_attempts(fn, ctx);
	g.wait_since = 0;
	wait_over();
	g.clean_commit = st == AF_OK && !g.dry;
	return st;
}

af_status db_transact_dry(db_txn_fn fn, void *ctx)
{
	af_status st;

	g.dry = 1;
	st = db_transact(fn, ctx);
	g.dry = 0;
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
		if (st == AF_OK && (st = probe_check()) != AF_OK) {
			db_rollback();
			if (!g.txn_fault) {
				g.gave_up = 1;
				return st;
			}
		}
		if (st == AF_OK) {
			/* Not in a dry run: what rides along must stay, so it
			 * waits for a real commit (or db_close). */
			if (g.piggy_fn && !g.dry)
				st = g.piggy_fn(g.piggy_ctx);
			if (st == AF_OK)
				st = fn(ctx);
			if (g.txn_fault)
				st = AF_ERROR; /* judged below by the fault, not by fn */
			if (st == AF_OK && g.dry) {
				/* The dry run is done: what fn saw and said is its
				 * answer, what it wrote goes. */
				db_rollback();
				return AF_OK;
			}
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
		if (g.admit_timed_out) {
			/* busy_wait is the whole budget: no more attempts. */
			g.gave_up = 1;
			return st;
		}
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
		/* Busy: no pause. The queue byte was let go with the rollback, so
		 * the next writer in line goes first, and this one waits its turn. */
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
