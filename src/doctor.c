#include "autoconf.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "db.h"
#include "doctor.h"
#include "fsinfo.h"
#include "schema.h"
#include "util.h"

static int failures;

static void report(FILE *out, const char *verdict, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(FILE *out, const char *verdict, const char *check, const char *fmt, ...)
{
	va_list ap;

	if (strcmp(verdict, "FAIL") == 0)
		failures++;
	fprintf(out, "%s\t%s\t", verdict, check);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

static void check_permissions(const char *path, FILE *out)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct stat st;

	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (!dir[0])
		snprintf(dir, sizeof dir, "/");
	if (stat(path, &st) != 0) {
		report(out, "FAIL", "file", "%s: %s", path, strerror(errno));
		return;
	}
	/* Effective ids: a setgid program writes with its group. */
	if (faccessat(AT_FDCWD, path, R_OK | W_OK, AT_EACCESS) != 0)
		report(out, "FAIL", "file", "%s: not readable and writable by you (mode %04o)",
		       path, (unsigned)(st.st_mode & 07777));
	else if (st.st_mode & S_IWOTH)
		report(out, "warn", "file", "%s: writable by everyone (mode %04o); make it group-owned",
		       path, (unsigned)(st.st_mode & 07777));
	else if (af_privileged() && st.st_gid != getegid())
		report(out, "FAIL", "file", "%s: not owned by this program's group (gid %ld, the program's %ld)",
		       path, (long)st.st_gid, (long)getegid());
	else if (af_privileged() && (st.st_mode & S_IROTH))
		report(out, "warn", "file", "%s: readable by everyone (mode %04o); in a multi-user installation "
		       "make it 0660", path, (unsigned)(st.st_mode & 07777));
	else
		report(out, "ok", "file", "%s: mode %04o%s", path, (unsigned)(st.st_mode & 07777),
		       af_privileged() ? ", group-owned: written only through this setgid program" : "");
	/* The rollback journal is created beside the database. */
	if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) != 0)
		report(out, "FAIL", "directory", "%s: not writable by you: the journal cannot be created", dir);
	else
		report(out, "ok", "directory", "%s: writable", dir);
}

/* Which of the two layouts adminflow(1) DEPLOYMENT describes this is. */
static void check_layout(const fsinfo *fi, const char *journal, FILE *out)
{
	if (fi->network)
		report(out, "ok", "layout", "shared drive: the file on a network filesystem (%s), every host "
		       "writing it through its locks, rollback journal", fi->type);
	else if (strcmp(journal, "wal") == 0)
		report(out, "ok", "layout", "one host: the file on this host's local disk (%s) in WAL mode; "
		       "other hosts reach it over SSH; keep an off-host backup (sqlite3 .backup)", fi->type);
	else
		report(out, "ok", "layout", "one host: the file on this host's local disk (%s), rollback "
		       "journal; other hosts reach it over SSH; keep an off-host backup (sqlite3 .backup)", fi->type);
}

/* On a network filesystem: what the latest lock probe of this host's mount
 * found (lock_check refuses to write, or warns, without a passing one). */
static void check_probe(const fsinfo *fi, FILE *out)
{
	char host[256] = "";
	db_stmt q;
	int found = 0;

	if (!fi->network)
		return;
	gethostname(host, sizeof host - 1);
	if (db_int(0, "SELECT 1 FROM sqlite_master WHERE name = 'lock_probes'", "") != 1) {
		report(out, "FAIL", "lock probe", "this database records no lock probes (upgrade it with: adminflow init)");
		return;
	}
	db_prepare(&q, "SELECT shared, probed_at, peer_host FROM lock_probes WHERE host = :host AND mount = :mount"
		   " ORDER BY id DESC LIMIT 1");
	db_bind_text(&q, ":host", host);
	db_bind_text(&q, ":mount", fi->mount_point);
	if (db_step(&q) == SQLITE_ROW) {
		found = 1;
		if (db_col_int(&q, 0))
			report(out, "ok", "lock probe", "%s UTC, with host %s: this host's mount at %s carries locks "
			       "between hosts", db_col_text(&q, 1), db_col_text(&q, 2), fi->mount_point);
		else
			report(out, "FAIL", "lock probe", "%s UTC, with host %s: this host's mount at %s does NOT carry "
			       "locks between hosts; writing is %s", db_col_text(&q, 1), db_col_text(&q, 2),
			       fi->mount_point, strcmp(cfg.lock_check, "warn") == 0 ? "unsafe" : "refused");
	}
	db_done(&q);
	if (!found)
		report(out, strcmp(cfg.lock_check, "warn") == 0 ? "warn" : "FAIL", "lock probe",
		       "none recorded for this host's mount at %s: writing is %s until 'adminflow doctor "
		       "--lock-probe' passes on this host and another", fi->mount_point,
		       strcmp(cfg.lock_check, "warn") == 0 ? "unproven (lock_check = warn)" : "refused (lock_check)");
}

af_status doctor_run(const char *path, const char *mountinfo, FILE *out)
{
	fsinfo fi;
	char *s;
	int64_t version;

	failures = 0;
	report(out, "ok", "database", "%s", path);
	if (fsinfo_probe(path, mountinfo, &fi) != 0) {
		report(out, "FAIL", "filesystem", "cannot examine the folder holding %s", path);
		return af_fail(AF_ERROR, "doctor: %d problem%s found", failures, failures == 1 ? "" : "s");
	}
	report(out, "ok", "filesystem", "%s (%s) mounted at %s", fi.type,
	       fi.network ? "network: rollback journal only" : "local", fi.mount_point);
	if (fi.unsafe_option[0])
		report(out, "FAIL", "locking", "mount option '%s' switches off locking between hosts; "
		       "remount without it", fi.unsafe_option);
	else
		report(out, "ok", "locking", "no mount option disables POSIX locks "
		       "(prove it across hosts with: adminflow doctor --lock-probe)");
	check_permissions(path, out);
	if (!db_handle()) {
		report(out, "FAIL", "open", "%s", af_errmsg());
		return af_fail(AF_ERROR, "doctor: %d problem%s found", failures, failures == 1 ? "" : "s");
	}
	s = db_text("", "PRAGMA journal_mode", "");
	if (fi.network && strcmp(s, "wal") == 0) {
		report(out, "FAIL", "journal", "WAL on a network filesystem: WAL needs memory shared on one host");
	} else if (strcmp(s, "wal") == 0) {
		report(out, "ok", "journal", "wal (local disk)");
	} else {
		/* Say what a connection that writes would choose, and refuse WAL
		 * here just as opening the database to write does. */
		const char *mode = strcmp(cfg.journal_mode, "truncate") == 0 ? "truncate" : "delete";

		if (fi.network && strcmp(cfg.journal_mode, "wal") == 0)
			fprintf(stderr, "adminflow: journal_mode: WAL refused on %s (a network filesystem: "
				"WAL needs memory shared on one host); using DELETE\n", fi.type);
		report(out, "ok", "journal", "rollback journal (set per connection: %s)", mode);
	}
	check_layout(&fi, s, out);
	free(s);
	check_probe(&fi, out);
	version = db_int(-1, "PRAGMA user_version", "");
	if (version == SCHEMA_VERSION)
		report(out, "ok", "schema", "version %lld", (long long)version);
	else
		report(out, "FAIL", "schema", "version %lld, this program writes %d", (long long)version,
		       SCHEMA_VERSION);
	s = db_text("?", "PRAGMA integrity_check", "");
	if (strcmp(s, "ok") == 0)
		report(out, "ok", "integrity", "ok");
	else
		report(out, "FAIL", "integrity", "%s", s);
	free(s);
	version = db_int(0, "SELECT count(*) FROM pragma_foreign_key_check", "");
	if (version == 0)
		report(out, "ok", "foreign keys", "ok");
	else
		report(out, "FAIL", "foreign keys", "%lld rows refer to missing records", (long long)version);
	if (failures)
		return af_fail(AF_ERROR, "doctor: %d problem%s found", failures, failures == 1 ? "" : "s");
	return AF_OK;
}

/* Two files beside the database:
 *   DB-lockprobe       the holder locks byte 0 (a POSIX fcntl lock, the kind
 *                      SQLite takes) and writes "HOLDER nonce deadline" at 0;
 *   DB-lockprobe-peer  the second host writes "BLOCKED nonce" or
 *                      "INTRUDER nonce" there, naming the holder's nonce.
 * The holder must never open and close DB-lockprobe again while it holds the
 * lock: closing any descriptor of a file drops every POSIX lock the process
 * has on it. So the peer's answer goes to a file of its own, which the holder
 * reopens for every read so network caches show the other host's write. */
static int read_at(const char *file, off_t off, char *buf, size_t len)
{
	int fd = open(file, O_RDONLY);
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return -1;
	n = pread(fd, buf, len - 1, off);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return 0;
}

static void write_at(int fd, off_t off, const char *text)
{
	char buf[256] = {0};

	snprintf(buf, sizeof buf, "%s\n", text);
	if (pwrite(fd, buf, sizeof buf, off) != (ssize_t)sizeof buf)
		return;
	fsync(fd);
}

static void write_file(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0666);

	if (fd < 0)
		return;
	write_at(fd, 0, text);
	close(fd);
}

/* The holder's marker read through fd, which was opened after the holder
 * wrote it: 1 and its nonce when it is there and not past its deadline. */
static int fresh_holder(int fd, char *nonce, char *host)
{
	char buf[300];
	long long deadline;
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	snprintf(host, 64, "-");
	return sscanf(buf, "HOLDER %32s %lld %63s", nonce, &deadline, host) >= 2 &&
	       deadline > (long long)time(NULL);
}

struct probe_row {
	const char *host, *peer;
	const fsinfo *fi;
	int shared;
};

static af_status insert_probe(void *ctx)
{
	const struct probe_row *r = ctx;

	return db_exec("INSERT INTO lock_probes(probed_at, host, mount, fs_type, source, peer_host, shared)"
		       " VALUES (datetime('now'), ?1, ?2, ?3, ?4, ?5, ?6)", "tttttI",
		       r->host, r->fi->mount_point, r->fi->type, r->fi->source, r->peer, (int64_t)r->shared)
		== SQLITE_DONE ? AF_OK : db_fail();
}

/* Records one side of a probe in the database (lock_probes): this host's
 * mount of the share, the other host, and the verdict. Every later process
 * on this mount looks it up before it writes (lock_check). Says on out what
 * it did. */
static void record_probe(const char *path, int shared, const char *peer, FILE *out)
{
	char host[256] = "";
	fsinfo fi;
	struct probe_row r = { host, peer, &fi, shared };
	af_status st;

	gethostname(host, sizeof host - 1);
	if (fsinfo_probe(path, NULL, &fi) != 0) {
		fprintf(out, "lock probe: not recorded: cannot examine the folder holding %s\n", path);
		return;
	}
	db_close();
	st = db_open(path, DB_OPEN_USE);
	if (st == AF_OK) {
		db_allow_unproven();
		st = db_transact(insert_probe, &r);
	}
	if (st == AF_OK)
		fprintf(out, "lock probe: recorded for %s's mount at %s (%s)\n", host, fi.mount_point, fi.type);
	else
		fprintf(out, "lock probe: not recorded in the database: %s\n", af_errmsg());
	fflush(out);
}

af_status doctor_lock_probe(const char *path, int wait_s, FILE *out)
{
	char *file = xasprintf("%s-lockprobe", path);
	char *peer = xasprintf("%s-lockprobe-peer", path);
	char nonce[33], buf[300], line[300], other[33], host[64] = "", other_host[64];
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	af_status st;
	int fd;

	db_idle(); /* it waits for the other host: no read lock held meanwhile */
	gethostname(host, sizeof host - 1);
	if (!host[0] || strchr(host, ' '))
		snprintf(host, sizeof host, "-");
	af_random_key(nonce);
	fd = open(file, O_RDWR | O_CREAT, 0666);
	if (fd < 0) {
		st = af_fail(AF_ERROR, "%s: cannot create the probe file: %s", file, strerror(errno));
		goto out;
	}
	if (fcntl(fd, F_SETLK, &fl) != 0) {
		if (errno != EAGAIN && errno != EACCES) {
			st = af_fail(AF_ERROR, "%s: locking failed: %s (the share does not support POSIX locks)",
				     file, strerror(errno));
		} else {
			/* Name the holder in the answer; its marker follows its lock
			 * closely, so wait a moment for it. This process holds no lock
			 * here, so reopening the file costs nothing. */
			snprintf(other, sizeof other, "-");
			snprintf(other_host, sizeof other_host, "-");
			for (int i = 0; i < 40; i++, af_sleep_ms(50)) {
				long long deadline;

				read_at(file, 0, buf, sizeof buf);
				if (sscanf(buf, "HOLDER %32s %lld %63s", other, &deadline, other_host) >= 2)
					break;
				snprintf(other, sizeof other, "-");
			}
			fprintf(out, "lock probe: another host holds the probe lock and this host is blocked: "
				"POSIX locks ARE shared; the share is safe for adminflow\n");
			close(fd);
			/* Recorded before the answer: see the INTRUDER case. */
			record_probe(path, 1, other_host, out);
			snprintf(line, sizeof line, "BLOCKED %s %s", other, host);
			write_file(peer, line);
			st = AF_OK;
			goto out;
		}
		close(fd);
		goto out;
	}
	/* We got the lock. If a fresh holder's marker is there, its lock did
	 * not reach us: the share does not carry locks between hosts. */
	if (fresh_holder(fd, other, other_host) && strcmp(other, nonce) != 0) {
		/* This side's row is committed BEFORE the answer, and the holder
		 * writes its own only after it reads the answer: the probe just
		 * found that the two mounts' locks do not meet, so SQLite's
		 * locking cannot keep two writers apart here, and two rows
		 * written at once could overwrite each other (one side's row lost,
		 * the other's written twice by a retried commit). The probe files
		 * order the two writes instead. */
		close(fd);
		record_probe(path, 0, other_host, out);
		snprintf(line, sizeof line, "INTRUDER %s %s", other, host);
		write_file(peer, line);
		st = af_fail(AF_ERROR, "lock probe: another host holds the probe lock, yet this host got it too: "
			     "POSIX locks are NOT shared; the share is unsafe for adminflow");
		goto out;
	}
	unlink(peer); /* an answer left from an earlier probe */
	if (ftruncate(fd, 0) != 0) {
		/* harmless: the marker below overwrites what is there */
	}
	snprintf(line, sizeof line, "HOLDER %s %lld %s", nonce, (long long)time(NULL) + wait_s, host);
	write_at(fd, 0, line);
	fprintf(out, "lock probe: holding the probe lock for up to %d s; run "
		"'adminflow doctor --lock-probe' on the other host now\n", wait_s);
	fflush(out);
	int verdict = -1; /* 1 shared, 0 not, -1 nobody came */

	for (int64_t end = af_mono_ms() + wait_s * 1000LL; af_mono_ms() < end; af_sleep_ms(100)) {
		snprintf(other_host, sizeof other_host, "-");
		read_at(peer, 0, buf, sizeof buf);
		if (sscanf(buf, "BLOCKED %32s %63s", other, other_host) >= 1 && strcmp(other, nonce) == 0) {
			fprintf(out, "lock probe: the other host was blocked by this host's lock: "
				"POSIX locks ARE shared; the share is safe for adminflow\n");
			verdict = 1;
			break;
		}
		if (sscanf(buf, "INTRUDER %32s %63s", other, other_host) >= 1 && strcmp(other, nonce) == 0) {
			verdict = 0;
			break;
		}
	}
	if (ftruncate(fd, 0) != 0) {
		/* the next probe ignores a stale marker by its deadline */
	}
	unlink(file);
	unlink(peer);
	close(fd);
	if (verdict >= 0)
		record_probe(path, verdict, other_host, out);
	if (verdict == 1)
		st = AF_OK;
	else if (verdict == 0)
		st = af_fail(AF_ERROR, "lock probe: the other host took the lock this host holds: "
			     "POSIX locks are NOT shared; the share is unsafe for adminflow");
	else
		st = af_fail(AF_ERROR, "lock probe: no other host ran the probe within %d s; nothing proven", wait_s);
out:
	free(file);
	free(peer);
	return st;
}
