/* A fault-injecting SQLite VFS for the tests, never shipped.
 *
 * Linked only into tests/adminflow-faultvfs, the program with the same
 * objects as src/adminflow plus this file (Makefile.am). When the
 * environment has ADMINFLOW_TEST_VFS, a constructor registers a shim under
 * the name "unix" as the default VFS, in front of SQLite's real unix VFS:
 * db.c's sqlite3_open_v2(..., "unix") then reaches the shim, which passes
 * every call on to the real unix VFS (so locking is the real thing) and
 * makes chosen calls fail. The installed program has no such code at all;
 * and this one refuses the knob when running setuid or setgid.
 *
 * ADMINFLOW_TEST_VFS is a list of rules separated by ';':
 *
 *   OP:FILE:NTH:COUNT:ACTION[:TXN]
 *
 *   OP      open read write sync truncate size delete access
 *           lock-shared lock-reserved lock-exclusive (lock-exclusive also
 *           matches the PENDING step on the way there)
 *   FILE    main (the database), journal (its rollback journal), any
 *   NTH     the first matching call to hit (1-based)
 *   COUNT   how many matching calls from there are hit; 0: all of them
 *   ACTION  ioerr     fail with the operation's SQLITE_IOERR_* code
 *           full cantopen busy protocol corrupt notadb readonly
 *                     fail with that code
 *           after     do the operation, then report SQLITE_IOERR_* anyway
 *                     (the outcome is unknown to the caller: it happened)
 *           garble    (read) do it, then overwrite what was read with 0xA5
 *           kill      SIGKILL before the operation, as a power cut would
 *           after-kill  SIGKILL right after it
 *           log       nothing: the call is only logged
 *   TXN     count only while the process is in its TXN-th write
 *           transaction (TXN+: in that one or any later). A transaction
 *           begins when the database's RESERVED lock is asked for; asking
 *           again after a refusal (busy) is the same transaction, and
 *           the calls until the next one belong to it. Without TXN, every
 *           call counts.
 *
 * ADMINFLOW_TEST_VFS_LOG=FILE appends one line per event to FILE:
 *   PID open main PATH            each open of the database file
 *   PID txn N                     the N-th write transaction attempt began
 *   PID fire OP FILE N ACTION txn=T   a rule hit its N-th matching call
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

enum fop {
	OP_OPEN, OP_READ, OP_WRITE, OP_SYNC, OP_TRUNCATE, OP_SIZE, OP_DELETE, OP_ACCESS,
	OP_LOCK_SHARED, OP_LOCK_RESERVED, OP_LOCK_EXCLUSIVE, OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	"open", "read", "write", "sync", "truncate", "size", "delete", "access",
	"lock-shared", "lock-reserved", "lock-exclusive",
};

/* The code "ioerr" and "after" report for each operation. */
static const int op_ioerr[OP_COUNT] = {
	SQLITE_CANTOPEN, SQLITE_IOERR_READ, SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC,
	SQLITE_IOERR_TRUNCATE, SQLITE_IOERR_FSTAT, SQLITE_IOERR_DELETE, SQLITE_IOERR_ACCESS,
	SQLITE_IOERR_LOCK, SQLITE_IOERR_LOCK, SQLITE_IOERR_LOCK,
};

enum fkind { K_ANY, K_MAIN, K_JOURNAL, K_OTHER };
static const char *const kind_names[] = { "any", "main", "journal", "other" };

enum faction {
	A_IOERR, A_FULL, A_CANTOPEN, A_BUSY, A_PROTOCOL, A_CORRUPT, A_NOTADB, A_READONLY,
	A_AFTER, A_GARBLE, A_KILL, A_AFTER_KILL, A_LOG,
};

static const struct {
	const char *name;
	int code;
} actions[] = {
	[A_IOERR] = { "ioerr", 0 },
	[A_FULL] = { "full", SQLITE_FULL },
	[A_CANTOPEN] = { "cantopen", SQLITE_CANTOPEN },
	[A_BUSY] = { "busy", SQLITE_BUSY },
	[A_PROTOCOL] = { "protocol", SQLITE_PROTOCOL },
	[A_CORRUPT] = { "corrupt", SQLITE_CORRUPT },
	[A_NOTADB] = { "notadb", SQLITE_NOTADB },
	[A_READONLY] = { "readonly", SQLITE_READONLY },
	[A_AFTER] = { "after", 0 },
	[A_GARBLE] = { "garble", 0 },
	[A_KILL] = { "kill", 0 },
	[A_AFTER_KILL] = { "after-kill", 0 },
	[A_LOG] = { "log", 0 },
};

#define MAX_RULES 16

static struct rule {
	enum fop op;
	enum fkind kind;
	long nth, count, txn;
	int txn_on;     /* TXN+: that transaction and every later one */
	enum faction action;
	long seen;      /* matching calls so far (in the rule's transaction) */
	long seen_txn;  /* the transaction seen counts */
} rules[MAX_RULES];
static int n_rules;
static long txn;            /* write transactions so far */
static int reserved_refused;/* the last RESERVED asked for was refused */
static int log_fd = -1;
static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;

typedef struct {
	sqlite3_file base;
	sqlite3_file *real;   /* the real unix file, allocated right after */
	enum fkind kind;
	int in_txn;           /* RESERVED asked for since the last unlock */
} shim_file;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void logf_(const char *fmt, ...)
{
	char buf[600];
	int n = snprintf(buf, sizeof buf, "%ld ", (long)getpid());
	va_list ap;

	if (log_fd < 0)
		return;
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof buf - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 2)
		n = (int)sizeof buf - 2;
	buf[n++] = '\n';
	if (write(log_fd, buf, (size_t)n) < 0) {
		/* a test log that cannot be written: nothing better to do */
	}
}

/* The rule hitting this call, or NULL. Counts the call for every rule it
 * matches, so two rules on one operation count independently. */
static struct rule *hit(enum fop op, enum fkind kind)
{
	struct rule *found = NULL;

	for (int i = 0; i < n_rules; i++) {
		struct rule *r = &rules[i];

		if (r->op != op || (r->kind != K_ANY && r->kind != kind))
			continue;
		if (r->txn && (r->txn_on ? txn < r->txn : txn != r->txn))
			continue;
		r->seen++;
		if (r->seen >= r->nth && (r->count == 0 || r->seen < r->nth + r->count) && !found) {
			found = r;
			logf_("fire %s %s %ld %s txn=%ld", op_names[op], kind_names[kind], r->seen,
			      actions[r->action].name, txn);
		}
	}
	return found;
}

/* What to do before the real call: 0 to go on with it, or the code to
 * return instead of it. */
static int before(struct rule *r, enum fop op)
{
	if (!r)
		return 0;
	switch (r->action) {
	case A_KILL:
		raise(SIGKILL);
		return 0;
	case A_IOERR:
		return op_ioerr[op];
	case A_AFTER: case A_GARBLE: case A_AFTER_KILL: case A_LOG:
		return 0;
	default:
		return actions[r->action].code;
	}
}

/* What to report after the real call returned rc. */
static int after(struct rule *r, enum fop op, int rc)
{
	if (!r)
		return rc;
	if (r->action == A_AFTER_KILL)
		raise(SIGKILL);
	if (r->action == A_AFTER && rc == SQLITE_OK)
		return op_ioerr[op];
	return rc;
}

static enum fkind kind_of_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n > 8 && strcmp(name + n - 8, "-journal") == 0)
		return K_JOURNAL;
	return K_OTHER;
}

/* ---- the file methods: each passes on to the real file ----------------- */

#define REAL(f) (((shim_file *)(f))->real)
#define KIND(f) (((shim_file *)(f))->kind)

static int shim_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;

	return rc;
}

static int shim_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	struct rule *r = hit(OP_READ, KIND(f));
	int rc = before(r, OP_READ);

	if (rc)
		return rc;
	rc = REAL(f)->pMethods->xRead(REAL(f), buf, amt, off);
	if (r && r->action == A_GARBLE && rc == SQLITE_OK)
		memset(buf, 0xA5, (size_t)amt);
	return after(r, OP_READ, rc);
}

static int shim_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	struct rule *r = hit(OP_WRITE, KIND(f));
	int rc = before(r, OP_WRITE);

	if (rc)
		return rc;
	return after(r, OP_WRITE, REAL(f)->pMethods->xWrite(REAL(f), buf, amt, off));
}

static int shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct rule *r = hit(OP_TRUNCATE, KIND(f));
	int rc = before(r, OP_TRUNCATE);

	if (rc)
		return rc;
	return after(r, OP_TRUNCATE, REAL(f)->pMethods->xTruncate(REAL(f), size));
}

static int shim_sync(sqlite3_file *f, int flags)
{
	struct rule *r = hit(OP_SYNC, KIND(f));
	int rc = before(r, OP_SYNC);

	if (rc)
		return rc;
	return after(r, OP_SYNC, REAL(f)->pMethods->xSync(REAL(f), flags));
}

static int shim_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct rule *r = hit(OP_SIZE, KIND(f));
	int rc = before(r, OP_SIZE);

	if (rc)
		return rc;
	return after(r, OP_SIZE, REAL(f)->pMethods->xFileSize(REAL(f), size));
}

static int shim_lock(sqlite3_file *f, int level)
{
	shim_file *sf = (shim_file *)f;
	enum fop op = level == SQLITE_LOCK_SHARED ? OP_LOCK_SHARED :
		      level == SQLITE_LOCK_RESERVED ? OP_LOCK_RESERVED : OP_LOCK_EXCLUSIVE;
	struct rule *r;
	int rc;

	/* A new write transaction: the first RESERVED asked for since the
	 * database was last unlocked to SHARED or less, unless the one asked
	 * for before was refused (SQLite unlocks between busy retries). */
	if (sf->kind == K_MAIN && level == SQLITE_LOCK_RESERVED && !sf->in_txn) {
		sf->in_txn = 1;
		if (!reserved_refused) {
			txn++;
			logf_("txn %ld", txn);
		}
	}
	r = hit(op, sf->kind);
	rc = before(r, op);
	if (!rc)
		rc = after(r, op, sf->real->pMethods->xLock(sf->real, level));
	if (sf->kind == K_MAIN && level == SQLITE_LOCK_RESERVED)
		reserved_refused = rc != SQLITE_OK;
	return rc;
}

static int shim_unlock(sqlite3_file *f, int level)
{
	shim_file *sf = (shim_file *)f;

	if (level <= SQLITE_LOCK_SHARED)
		sf->in_txn = 0;
	return sf->real->pMethods->xUnlock(sf->real, level);
}

static int shim_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int shim_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int shim_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int shim_device_characteristics(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int shim_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}

static int shim_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void shim_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int shim_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int shim_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
	/* Memory-mapped reads would go around shim_read: refuse them, so SQLite
	 * reads through xRead (it falls back when *pp is NULL). */
	(void)f; (void)off; (void)amt;
	*pp = NULL;
	return SQLITE_OK;
}

static int shim_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods shim_methods = {
	3, shim_close, shim_read, shim_write, shim_truncate, shim_sync, shim_size,
	shim_lock, shim_unlock, shim_check_reserved, shim_file_control,
	shim_sector_size, shim_device_characteristics,
	shim_shm_map, shim_shm_lock, shim_shm_barrier, shim_shm_unmap,
	shim_fetch, shim_unfetch,
};

/* ---- the VFS methods ------------------------------------------------------ */

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	shim_file *sf = (shim_file *)f;
	enum fkind kind = flags & SQLITE_OPEN_MAIN_DB ? K_MAIN :
			  flags & SQLITE_OPEN_MAIN_JOURNAL ? K_JOURNAL : K_OTHER;
	struct rule *r;
	int rc;

	(void)vfs;
	memset(sf, 0, sizeof *sf);
	sf->real = (sqlite3_file *)(sf + 1);
	sf->kind = kind;
	if (kind == K_MAIN)
		logf_("open main %s", name ? name : "");
	r = hit(OP_OPEN, kind);
	rc = before(r, OP_OPEN);
	if (rc)
		return rc;
	rc = real_vfs->xOpen(real_vfs, name, sf->real, flags, out_flags);
	if (rc == SQLITE_OK && r && r->action == A_AFTER) {
		sf->real->pMethods->xClose(sf->real);
		return SQLITE_CANTOPEN;
	}
	if (r && r->action == A_AFTER_KILL)
		raise(SIGKILL);
	/* The real file's methods decide whether there is anything to close. */
	sf->base.pMethods = sf->real->pMethods ? &shim_methods : NULL;
	return rc;
}

static int shim_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	struct rule *r = hit(OP_DELETE, kind_of_name(name));
	int rc = before(r, OP_DELETE);

	(void)vfs;
	if (rc)
		return rc;
	return after(r, OP_DELETE, real_vfs->xDelete(real_vfs, name, sync_dir));
}

static int shim_access(sqlite3_vfs *vfs, const char *name, int flags, int *res)
{
	struct rule *r = hit(OP_ACCESS, kind_of_name(name));
	int rc = before(r, OP_ACCESS);

	(void)vfs;
	if (rc)
		return rc;
	return after(r, OP_ACCESS, real_vfs->xAccess(real_vfs, name, flags, res));
}

static int shim_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

/* ---- set-up ------------------------------------------------------------------ */

static int lookup(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (names[i] && strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static void die(const char *spec, const char *why)
{
	fprintf(stderr, "faultvfs: ADMINFLOW_TEST_VFS: '%s': %s\n", spec, why);
	exit(70);
}

/* One rule "OP:FILE:NTH:COUNT:ACTION[:TXN]". */
static void parse_rule(char *spec)
{
	char *part[7] = {0};
	int n = 0;
	struct rule *r;
	char *save = NULL;
	const char *names[sizeof actions / sizeof actions[0]];

	if (n_rules == MAX_RULES)
		die(spec, "too many rules");
	for (char *p = strtok_r(spec, ":", &save); p && n < 7; p = strtok_r(NULL, ":", &save))
		part[n++] = p;
	if (n < 5 || n > 6)
		die(spec, "expected OP:FILE:NTH:COUNT:ACTION[:TXN]");
	r = &rules[n_rules++];
	if ((int)(r->op = (enum fop)lookup(part[0], op_names, OP_COUNT)) < 0)
		die(part[0], "unknown operation");
	if ((int)(r->kind = (enum fkind)lookup(part[1], kind_names, 3)) < 0)
		die(part[1], "unknown file (main, journal or any)");
	r->nth = strtol(part[2], NULL, 10);
	r->count = strtol(part[3], NULL, 10);
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		names[i] = actions[i].name;
	if ((int)(r->action = (enum faction)lookup(part[4], names, (int)(sizeof names / sizeof names[0]))) < 0)
		die(part[4], "unknown action");
	if (n == 6) {
		char *end;

		r->txn = strtol(part[5], &end, 10);
		r->txn_on = *end == '+';
		if (*end && strcmp(end, "+") != 0)
			die(part[5], "TXN must be a number, or a number and +");
	}
	if (r->nth < 1 || r->count < 0 || r->txn < 0)
		die(spec, "NTH must be 1 or more, COUNT and TXN 0 or more");
}

__attribute__((constructor)) static void faultvfs_init(void)
{
	const char *spec = getenv("ADMINFLOW_TEST_VFS");
	const char *log = getenv("ADMINFLOW_TEST_VFS_LOG");
	char *copy, *save = NULL;

	/* Never in a setuid or setgid process, whatever its environment says. */
	if (!spec || getuid() != geteuid() || getgid() != getegid())
		return;
	if (log && *log)
		log_fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	copy = strdup(spec);
	for (char *p = strtok_r(copy, ";", &save); p; p = strtok_r(NULL, ";", &save))
		if (*p)
			parse_rule(p);
	free(copy);
	real_vfs = sqlite3_vfs_find("unix");
	if (!real_vfs)
		die(spec, "SQLite has no unix VFS");
	shim_vfs = *real_vfs;
	shim_vfs.iVersion = real_vfs->iVersion < 3 ? real_vfs->iVersion : 3;
	shim_vfs.szOsFile = (int)sizeof(shim_file) + real_vfs->szOsFile;
	shim_vfs.pNext = NULL;
	shim_vfs.zName = "unix"; /* found first by sqlite3_vfs_find("unix") */
	shim_vfs.pAppData = NULL;
	shim_vfs.xOpen = shim_open;
	shim_vfs.xDelete = shim_delete;
	shim_vfs.xAccess = shim_access;
	shim_vfs.xFullPathname = shim_full_pathname;
	if (sqlite3_vfs_register(&shim_vfs, 1) != SQLITE_OK)
		die(spec, "cannot register the VFS");
}
