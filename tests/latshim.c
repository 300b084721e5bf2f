/* The latency model of a network share (issue 13), never installed:
 *
 *     LD_PRELOAD=tests/latshim.so LATSHIM_DIR=/srv/share LATSHIM_US=2000 adminflow ...
 *
 * On a network filesystem every lock call (fcntl F_SETLK, F_SETLKW, F_GETLK
 * and their F_OFD_ forms) and every fsync is a round trip to the file
 * server. This shim sleeps LATSHIM_US microseconds before each such call on
 * a file under LATSHIM_DIR (the share; the outbox stays local), and counts
 * them. With LATSHIM_META=1 the creation, removal and truncation of files
 * there (open O_CREAT, unlink, ftruncate: what a rollback journal costs)
 * are round trips too.
 *
 * At exit the counts are appended, one line a process, to LATSHIM_OUT (or
 * written to stderr when LATSHIM_OUT is unset and LATSHIM_PRINT=1):
 *
 *     latshim pid=123 locks=14 syncs=3 meta=2 cmd=adminflow
 *
 * Only calls on the share's files are counted or slowed. LATSHIM_TRACE=1
 * writes each lock call on stderr. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char dir[PATH_MAX];
static size_t dir_len;
static long delay_us;
static int meta;
static unsigned long n_locks, n_syncs, n_meta;
static int ready;

static void setup(void)
{
	const char *d = getenv("LATSHIM_DIR"), *us = getenv("LATSHIM_US"), *m = getenv("LATSHIM_META");

	if (ready)
		return;
	ready = 1;
	if (d && *d && realpath(d, dir))
		dir_len = strlen(dir);
	delay_us = us ? atol(us) : 0;
	meta = m && *m == '1';
}

static int under_dir(const char *path)
{
	return dir_len && strncmp(path, dir, dir_len) == 0 && (path[dir_len] == '/' || !path[dir_len]);
}

static int fd_on_share(int fd)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	setup();
	if (!dir_len)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof path - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	return under_dir(path);
}

/* A path as the process names it, made absolute by its folder. */
static int path_on_share(const char *path)
{
	char full[PATH_MAX], parent[PATH_MAX];
	const char *slash;

	setup();
	if (!dir_len || !path)
		return 0;
	slash = strrchr(path, '/');
	if (!slash)
		snprintf(parent, sizeof parent, ".");
	else
		snprintf(parent, sizeof parent, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (!realpath(parent, full))
		return 0;
	return under_dir(full);
}

static void round_trip(void)
{
	struct timespec ts = { delay_us / 1000000, (delay_us % 1000000) * 1000L };

	if (delay_us <= 0)
		return;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static int is_lock_cmd(int cmd)
{
	return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW
#ifdef F_OFD_GETLK
	       || cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW
#endif
		;
}

/* LATSHIM_TRACE=1: each lock call on stderr, to see where they come from. */
static void trace(int fd, int cmd, const struct flock *fl)
{
	static int on = -1;
	char line[160];
	int n;

	if (on < 0)
		on = getenv("LATSHIM_TRACE") && *getenv("LATSHIM_TRACE") == '1';
	if (!on || !fl)
		return;
	n = snprintf(line, sizeof line, "latshim: fd %d cmd %d type %s start %lld len %lld\n", fd, cmd,
		     fl->l_type == F_RDLCK ? "rd" : fl->l_type == F_WRLCK ? "wr" : "un",
		     (long long)fl->l_start, (long long)fl->l_len);
	if (write(2, line, (size_t)n) != n) {
		/* a trace is best effort */
	}
}

static void lock_call(int fd, int cmd, void *arg)
{
	if (is_lock_cmd(cmd) && fd_on_share(fd)) {
		n_locks++;
		trace(fd, cmd, arg);
		round_trip();
	}
}

typedef int (*fcntl_fn)(int, int, ...);

static int call_fcntl(const char *name, int fd, int cmd, va_list ap)
{
	static fcntl_fn real_fcntl, real_fcntl64;
	fcntl_fn *real = strcmp(name, "fcntl") == 0 ? &real_fcntl : &real_fcntl64;
	void *arg = va_arg(ap, void *);

	if (!*real)
		*real = (fcntl_fn)dlsym(RTLD_NEXT, name);
	lock_call(fd, cmd, arg);
	return (*real)(fd, cmd, arg);
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	int rc;

	va_start(ap, cmd);
	rc = call_fcntl("fcntl", fd, cmd, ap);
	va_end(ap);
	return rc;
}

int fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	int rc;

	va_start(ap, cmd);
	rc = call_fcntl("fcntl64", fd, cmd, ap);
	va_end(ap);
	return rc;
}

/* fsync and fdatasync: a round trip each on the share's files. */
static int sync_call(const char *name, int (**real)(int), int fd)
{
	if (!*real)
		*real = (int (*)(int))dlsym(RTLD_NEXT, name);
	if (fd_on_share(fd)) {
		n_syncs++;
		round_trip();
	}
	return (*real)(fd);
}

int fsync(int fd)
{
	static int (*real)(int);

	return sync_call("fsync", &real, fd);
}

int fdatasync(int fd)
{
	static int (*real)(int);

	return sync_call("fdatasync", &real, fd);
}

static void meta_call(int on_share)
{
	if (meta && on_share) {
		n_meta++;
		round_trip();
	}
}

typedef int (*open_fn)(const char *, int, ...);

static int call_open(const char *name, const char *path, int flags, va_list ap)
{
	static open_fn real_open, real_open64;
	open_fn *real = strcmp(name, "open") == 0 ? &real_open : &real_open64;
	mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;

	if (!*real)
		*real = (open_fn)dlsym(RTLD_NEXT, name);
	if (flags & O_CREAT)
		meta_call(path_on_share(path));
	return (*real)(path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	int rc;

	va_start(ap, flags);
	rc = call_open("open", path, flags, ap);
	va_end(ap);
	return rc;
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	int rc;

	va_start(ap, flags);
	rc = call_open("open64", path, flags, ap);
	va_end(ap);
	return rc;
}

int unlink(const char *path)
{
	static int (*real)(const char *);

	if (!real)
		real = (int (*)(const char *))dlsym(RTLD_NEXT, "unlink");
	meta_call(path_on_share(path));
	return real(path);
}

int ftruncate(int fd, off_t len)
{
	static int (*real)(int, off_t);

	if (!real)
		real = (int (*)(int, off_t))dlsym(RTLD_NEXT, "ftruncate");
	meta_call(meta && fd_on_share(fd));
	return real(fd, len);
}

__attribute__((destructor)) static void report(void)
{
	const char *out = getenv("LATSHIM_OUT"), *print = getenv("LATSHIM_PRINT");
	char cmd[256] = "?";
	char line[512];
	FILE *f;
	int fd;
	ssize_t n;

	setup();
	if (!dir_len || (!(out && *out) && !(print && *print == '1')))
		return;
	f = fopen("/proc/self/comm", "r");
	if (f) {
		if (fgets(cmd, sizeof cmd, f))
			cmd[strcspn(cmd, "\n")] = '\0';
		fclose(f);
	}
	n = snprintf(line, sizeof line, "latshim pid=%ld locks=%lu syncs=%lu meta=%lu cmd=%s\n",
		     (long)getpid(), n_locks, n_syncs, n_meta, cmd);
	if (out && *out) {
		/* One write of one line with O_APPEND: lines of processes that
		 * end at once do not mix. */
		fd = open(out, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (fd >= 0) {
			if (write(fd, line, (size_t)n) != n) {
				/* nothing more to do at exit */
			}
			close(fd);
		}
	} else if (write(2, line, (size_t)n) != n) {
		/* nothing more to do at exit */
	}
}
