#include "autoconf.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "db.h"
#include "userfile.h"
#include "util.h"

/* The program's group (the database's), kept while it is given up. */
static gid_t program_gid;
static int dropped, held, for_good;

void userfile_drop(void)
{
	if (for_good)
		return;
	if (dropped++ == 0 && getegid() != getgid()) {
		program_gid = getegid();
		held = 1;
		if (setegid(getgid()) != 0) {
			/* Never go on with the group a file was to be opened without. */
			fprintf(stderr, "adminflow: privilege: cannot give up group %ld: %s\n",
				(long)program_gid, strerror(errno));
			abort();
		}
	}
}

void userfile_regain(void)
{
	if (for_good || dropped == 0)
		return;
	if (--dropped == 0 && held) {
		if (setegid(program_gid) != 0) {
			fprintf(stderr, "adminflow: privilege: cannot take group %ld back: %s\n",
				(long)program_gid, strerror(errno));
			abort();
		}
		held = 0;
	}
}

void userfile_drop_for_good(void)
{
	gid_t real = getgid();

	/* setregid with the real group set also sets the saved one: no way back. */
	if (getegid() != real || held) {
		if (setregid(real, real) != 0 || getegid() != real) {
			fprintf(stderr, "adminflow: privilege: cannot give up the program's group: %s\n",
				strerror(errno));
			abort();
		}
	}
	for_good = 1;
}

af_status userfile_dir(const char *dir)
{
	char *p = xstrdup(dir);
	struct stat st;
	af_status res = AF_OK;
	int rc;

	userfile_drop();
	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0700);
			*s = '/';
		}
	}
	mkdir(p, 0700);
	rc = lstat(dir, &st);
	userfile_regain();
	free(p);
	if (rc != 0)
		res = af_fail(AF_DENIED, "%s: cannot make the folder: %s", dir, strerror(errno));
	else if (S_ISLNK(st.st_mode))
		res = af_fail(AF_DENIED, "%s: is a symbolic link, not a folder of yours; nothing written", dir);
	else if (!S_ISDIR(st.st_mode))
		res = af_fail(AF_DENIED, "%s: is not a folder; nothing written", dir);
	else if (st.st_uid != getuid())
		res = af_fail(AF_DENIED, "%s: the folder is not yours (owner uid %ld); nothing written",
			      dir, (long)st.st_uid);
	else if (st.st_mode & (S_IWGRP | S_IWOTH))
		res = af_fail(AF_DENIED, "%s: others may write in the folder (mode %04o); nothing written "
			      "(chmod go-w it)", dir, (unsigned)(st.st_mode & 07777));
	return res;
}

int userfile_create(const char *path, mode_t mode)
{
	int fd, err;

	userfile_drop();
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	err = errno;
	userfile_regain();
	errno = err;
	return fd;
}

FILE *userfile_read(const char *path, int nofollow)
{
	struct stat st;
	FILE *f = NULL;
	int fd, err;

	userfile_drop();
	/* O_NONBLOCK: a FIFO put where a regular file should be does not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | (nofollow ? O_NOFOLLOW | O_NONBLOCK : 0));
	err = errno;
	if (fd >= 0 && nofollow && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
				    fcntl(fd, F_SETFL, 0) != 0)) {
		close(fd);
		fd = -1;
		err = EINVAL;
	}
	if (fd >= 0 && !(f = fdopen(fd, "rb"))) {
		err = errno;
		close(fd);
	}
	userfile_regain();
	errno = err;
	return f;
}

int userfile_unlink(const char *path)
{
	int rc, err;

	userfile_drop();
	rc = unlink(path);
	err = errno;
	userfile_regain();
	errno = err;
	return rc;
}

int userfile_rename(const char *from, const char *to)
{
	int rc, err;

	userfile_drop();
	rc = rename(from, to);
	err = errno;
	userfile_regain();
	errno = err;
	return rc;
}

DIR *userfile_opendir(const char *dir)
{
	DIR *d;
	int err;

	userfile_drop();
	d = opendir(dir);
	err = errno;
	userfile_regain();
	errno = err;
	return d;
}

af_status userfile_target_ok(const char *path, const char *database)
{
	struct stat st, db;
	af_status res = AF_OK;
	int rc, err, writable = 1;

	userfile_drop();
	rc = lstat(path, &st);
	err = errno;
	if (rc == 0 && S_ISREG(st.st_mode))
		writable = access(path, W_OK) == 0;
	userfile_regain();
	if (rc != 0)
		return err == ENOENT ? AF_OK : af_fail(err == EACCES ? AF_DENIED : AF_INVALID,
						       "%s: cannot write: %s", path, strerror(err));
	if (S_ISLNK(st.st_mode))
		res = af_fail(AF_INVALID, "%s: is a symbolic link; not written (name the file itself)", path);
	else if (S_ISDIR(st.st_mode))
		res = af_fail(AF_INVALID, "%s: is a folder; not written", path);
	else if (!S_ISREG(st.st_mode))
		res = af_fail(AF_INVALID, "%s: is not a regular file (a device or a FIFO); not written "
			      "(use -o - for standard output)", path);
	else if (database && stat(database, &db) == 0 && db.st_dev == st.st_dev && db.st_ino == st.st_ino)
		res = af_fail(AF_INVALID, "%s: is the database; not written", path);
	else if (!writable)
		res = af_fail(AF_DENIED, "%s: not yours to write; not written", path);
	return res;
}

af_status userfile_database_ok(const char *path, int creating)
{
	static const char header[16] = "SQLite format 3";
	char got[16];
	struct stat st;
	int fd;
	ssize_t n;

	if (stat(path, &st) != 0)
		return AF_OK; /* absent: init makes it; anything else SQLite says */
	if (S_ISDIR(st.st_mode))
		return af_fail(AF_INVALID, "%s: is a folder, not a database; nothing written", path);
	if (!S_ISREG(st.st_mode))
		return af_fail(AF_INVALID, "%s: is not a regular file (a device or a FIFO), not a database;"
			       " nothing written", path);
	if (!creating || st.st_size == 0)
		return AF_OK; /* SQLite reads the header before it writes anything */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return AF_OK; /* SQLite will say why, without making anything */
	n = read(fd, got, sizeof got);
	close(fd);
	if (n != (ssize_t)sizeof got || memcmp(got, header, sizeof got) != 0)
		return af_fail(AF_INVALID, "%s: is not an SQLite database (another kind of file); "
			       "not changed", path);
	return AF_OK;
}

af_status af_write_file(const char *path, af_status (*fn)(void *ctx, FILE *out), void *ctx)
{
	af_status st;
	char *tmp;
	FILE *out;
	int fd;

	if (!path || strcmp(path, "-") == 0) {
		st = fn(ctx, stdout);
		if ((fflush(stdout) != 0 || ferror(stdout)) && st == AF_OK)
			st = af_fail(AF_ERROR, "standard output: write failed: %s", strerror(errno));
		return st;
	}
	if ((st = userfile_target_ok(path, db_path())) != AF_OK)
		return st;
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	fd = userfile_create(tmp, 0666);
	out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out) {
		st = af_fail(errno == EACCES || errno == EPERM ? AF_DENIED : AF_INVALID,
			     "%s: cannot write: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			userfile_unlink(tmp);
		}
		free(tmp);
		return st;
	}
	st = fn(ctx, out); /* the database is read with the group */
	if ((fflush(out) != 0 || fsync(fileno(out)) != 0 || ferror(out)) && st == AF_OK)
		st = af_fail(AF_ERROR, "%s: write failed: %s", path, strerror(errno));
	if (fclose(out) != 0 && st == AF_OK)
		st = af_fail(AF_ERROR, "%s: write failed: %s", path, strerror(errno));
	/* Looked at again just before: what was checked may have been swapped. */
	if (st == AF_OK)
		st = userfile_target_ok(path, db_path());
	if (st == AF_OK && userfile_rename(tmp, path) != 0)
		st = af_fail(AF_ERROR, "%s: cannot rename into place: %s", path, strerror(errno));
	if (st != AF_OK)
		userfile_unlink(tmp);
	free(tmp);
	return st;
}
