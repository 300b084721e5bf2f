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
	free(s);
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
static int fresh_holder(int fd, char *nonce)
{
	char buf[300];
	long long deadline;
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	return sscanf(buf, "HOLDER %32s %lld", nonce, &deadline) == 2 &&
	       deadline > (long long)time(NULL);
}

af_status doctor_lock_probe(const char *path, int wait_s, FILE *out)
{
	char *file = xasprintf("%s-lockprobe", path);
	char *peer = xasprintf("%s-lockprobe-peer", path);
	char nonce[33], buf[300], line[300], other[33];
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	af_status st;
	int fd;

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
			for (int i = 0; i < 40; i++, af_sleep_ms(50)) {
				long long deadline;

				read_at(file, 0, buf, sizeof buf);
				if (sscanf(buf, "HOLDER %32s %lld", other, &deadline) == 2)
					break;
				snprintf(other, sizeof other, "-");
			}
			snprintf(line, sizeof line, "BLOCKED %s", other);
			write_file(peer, line);
			fprintf(out, "lock probe: another host holds the probe lock and this host is blocked: "
				"POSIX locks ARE shared; the share is safe for adminflow\n");
			st = AF_OK;
		}
		close(fd);
		goto out;
	}
	/* We got the lock. If a fresh holder's marker is there, its lock did
	 * not reach us: the share does not carry locks between hosts. */
	if (fresh_holder(fd, other) && strcmp(other, nonce) != 0) {
		snprintf(line, sizeof line, "INTRUDER %s", other);
		write_file(peer, line);
		close(fd);
		st = af_fail(AF_ERROR, "lock probe: another host holds the probe lock, yet this host got it too: "
			     "POSIX locks are NOT shared; the share is unsafe for adminflow");
		goto out;
	}
	unlink(peer); /* an answer left from an earlier probe */
	if (ftruncate(fd, 0) != 0) {
		/* harmless: the marker below overwrites what is there */
	}
	snprintf(line, sizeof line, "HOLDER %s %lld", nonce, (long long)time(NULL) + wait_s);
	write_at(fd, 0, line);
	fprintf(out, "lock probe: holding the probe lock for up to %d s; run "
		"'adminflow doctor --lock-probe' on the other host now\n", wait_s);
	fflush(out);
	st = af_fail(AF_ERROR, "lock probe: no other host ran the probe within %d s; nothing proven", wait_s);
	for (int64_t end = af_mono_ms() + wait_s * 1000LL; af_mono_ms() < end; af_sleep_ms(100)) {
		read_at(peer, 0, buf, sizeof buf);
		if (sscanf(buf, "BLOCKED %32s", other) == 1 && strcmp(other, nonce) == 0) {
			fprintf(out, "lock probe: the other host was blocked by this host's lock: "
				"POSIX locks ARE shared; the share is safe for adminflow\n");
			st = AF_OK;
			break;
		}
		if (sscanf(buf, "INTRUDER %32s", other) == 1 && strcmp(other, nonce) == 0) {
			st = af_fail(AF_ERROR, "lock probe: the other host took the lock this host holds: "
				     "POSIX locks are NOT shared; the share is unsafe for adminflow");
			break;
		}
	}
	if (ftruncate(fd, 0) != 0) {
		/* the next probe ignores a stale marker by its deadline */
	}
	unlink(file);
	unlink(peer);
	close(fd);
out:
	free(file);
	free(peer);
	return st;
}
