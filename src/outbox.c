#include "autoconf.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "db.h"
#include "outbox.h"
#include "userfile.h"
#include "util.h"

#define MAGIC "adminflow-outbox 1"

/* Tabs, newlines and backslashes escaped so one value stays on one line. */
static void put_escaped(strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\') sb_puts(sb, "\\\\");
		else if (*s == '\t') sb_puts(sb, "\\t");
		else if (*s == '\n') sb_puts(sb, "\\n");
		else if (*s == '\r') sb_puts(sb, "\\r");
		else sb_add(sb, s, 1);
	}
}

static char *unescape(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

int outbox_key_ok(const char *key)
{
	size_t n = strlen(key);

	if (n < OUTBOX_KEY_MIN || n > OUTBOX_KEY_MAX || key[0] == '.' || key[0] == '-')
		return 0;
	for (const char *k = key; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9') ||
		      *k == '.' || *k == '_' || *k == '-'))
			return 0;
	return 1;
}

/* A partial copy left by a run that was killed before it finished writing
 * (its writer holds a lock on it while it lives): 1 when stale. */
static int stale_tmp(const char *path)
{
	FILE *f = userfile_read(path, 1);
	int stale;

	if (!f)
		return 0;
	stale = flock(fileno(f), LOCK_EX | LOCK_NB) == 0;
	fclose(f);
	return stale;
}

/* The temporary copy, created anew: what is in its place (a killed run's
 * copy, a link, anything but a copy a live run is writing) is removed
 * first, never written through. */
static int create_tmp(const char *tmp)
{
	int fd = userfile_create(tmp, 0600);
	struct stat st;

	if (fd < 0 && errno == EEXIST && lstat(tmp, &st) == 0 &&
	    (!S_ISREG(st.st_mode) || stale_tmp(tmp)) && userfile_unlink(tmp) == 0)
		fd = userfile_create(tmp, 0600);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int err = errno;

		close(fd);
		userfile_unlink(tmp);
		errno = err;
		return -1;
	}
	return fd;
}

af_status outbox_put(const char *form, const engine_input *in, int n, const char *key,
		     const char *login, char **path)
{
	strbuf sb = {0};
	char *tmp, *final;
	int fd, ok, err;
	ssize_t w;
	af_status st;

	if (!outbox_key_ok(key))
		return af_fail(AF_INVALID, "submit: key: %s", OUTBOX_KEY_RULE);
	if ((st = userfile_dir(cfg.outbox_dir)) != AF_OK) {
		char *why = xstrdup(af_errmsg());

		st = af_fail(st, "outbox: %s", why);
		free(why);
		return st;
	}
	sb_printf(&sb, "%s\nform\t%s\nkey\t%s\nlogin\t%s\n", MAGIC, form, key, login);
	for (int i = 0; i < n; i++) {
		sb_puts(&sb, "field\t");
		put_escaped(&sb, in[i].name);
		sb_puts(&sb, "\t");
		put_escaped(&sb, in[i].value);
		sb_puts(&sb, "\n");
	}
	final = xasprintf("%s/%s.sub", cfg.outbox_dir, key);
	tmp = xasprintf("%s/.%s.tmp", cfg.outbox_dir, key);
	fd = create_tmp(tmp);
	if (fd < 0) {
		st = errno == EEXIST || errno == EWOULDBLOCK
			? af_fail(AF_CONFLICT, "outbox: %s: another run is saving a submission with key %s",
				  tmp, key)
			: af_fail(AF_ERROR, "outbox: %s: %s", tmp, strerror(errno));
		free(tmp);
		free(final);
		sb_free(&sb);
		return st;
	}
	errno = 0;
	w = write(fd, sb.buf, sb.len);
	/* The lock is held until the rename: the copy is whole when it goes. */
	ok = w == (ssize_t)sb.len && fsync(fd) == 0 && userfile_rename(tmp, final) == 0;
	err = errno ? errno : EIO;
	close(fd);
	if (!ok) {
		st = af_fail(AF_ERROR, "outbox: %s: cannot save the submission: %s", final, strerror(err));
		userfile_unlink(tmp);
		free(tmp);
		free(final);
		sb_free(&sb);
		return st;
	}
	/* The rename itself is made durable by syncing the folder. */
	fd = open(cfg.outbox_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(tmp);
	sb_free(&sb);
	*path = final;
	return AF_OK;
}

int outbox_remove(const char *path)
{
	return userfile_unlink(path);
}

int outbox_remove_partial(const char *path)
{
	/* Held locked while it goes, and only when the name still holds the
	 * copy that was locked: a run that started meanwhile has replaced it
	 * with its own (create_tmp), which is left alone. */
	FILE *f = userfile_read(path, 1);
	struct stat held, now;
	int rc = -1;

	if (!f)
		return -1;
	if (flock(fileno(f), LOCK_EX | LOCK_NB) != 0 || fstat(fileno(f), &held) != 0 ||
	    lstat(path, &now) != 0 || held.st_dev != now.st_dev || held.st_ino != now.st_ino)
		errno = EBUSY;
	else
		rc = userfile_unlink(path);
	fclose(f);
	return rc;
}

int outbox_confirm(const char *path, const char *key)
{
	/* The transaction that just put the key in (or found it there)
	 * committed: SQLite said so, and a read would only cost a round trip
	 * to the share. Otherwise a fresh read, outside any transaction, so
	 * that it sees what committed. */
	if (db_in_transaction() ||
	    (!db_just_committed() && db_int(0, "SELECT 1 FROM requests WHERE idem_key = ?1", "t", key) != 1))
		return 0;
	return userfile_unlink(path) == 0;
}

/* Reads an entry, and checks it before anything in it is sent again: a
 * regular file of the user's (no link followed), the outbox's first line,
 * a valid key that is the file's own name, a form and a login. NULL when
 * it is whole and sound, else why not. */
static const char *parse_entry(const char *path, const char *name, outbox_entry *e)
{
	FILE *f = userfile_read(path, 1);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct stat st;
	const char *why = NULL;
	int first = 1;

	memset(e, 0, sizeof *e);
	e->path = xstrdup(path);
	if (!f)
		return errno == EINVAL ? "not a regular file" : strerror(errno);
	if (fstat(fileno(f), &st) != 0 || st.st_uid != getuid())
		why = "not your file";
	while (!why && (len = getline(&line, &cap, f)) > 0) {
		char *tab;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (first) {
			first = 0;
			if (strcmp(line, MAGIC) != 0)
				why = "not an outbox entry (its first line)";
			continue;
		}
		tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab++ = '\0';
		if (strcmp(line, "form") == 0 && !e->form) {
			e->form = xstrdup(tab);
		} else if (strcmp(line, "key") == 0 && !e->key) {
			e->key = xstrdup(tab);
		} else if (strcmp(line, "login") == 0 && !e->login) {
			e->login = xstrdup(tab);
		} else if (strcmp(line, "field") == 0) {
			char *v = strchr(tab, '\t');

			if (!v)
				continue;
			*v++ = '\0';
			e->in = xrealloc(e->in, (size_t)(e->n + 1) * sizeof *e->in);
			e->in[e->n].name = unescape(tab);
			e->in[e->n].value = unescape(v);
			e->n++;
		}
	}
	free(line);
	fclose(f);
	if (!why && (first || !e->form || !e->key || !e->login))
		why = "incomplete (no form, key or login)";
	if (!why && !outbox_key_ok(e->key))
		why = "its key is not a valid key";
	if (!why && (strncmp(name, e->key, strlen(e->key)) != 0 || strcmp(name + strlen(e->key), ".sub") != 0))
		why = "its key is not its file's name";
	return why;
}

int outbox_list(const char *login, outbox_entry **entries)
{
	DIR *d;
	struct dirent *de;
	int n = 0;

	*entries = NULL;
	if (!(d = userfile_opendir(cfg.outbox_dir)))
		return 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		outbox_entry e;
		const char *why;
		char *path;

		if (len < 5 || de->d_name[0] == '.' || strcmp(de->d_name + len - 4, ".sub") != 0)
			continue;
		path = xasprintf("%s/%s", cfg.outbox_dir, de->d_name);
		why = parse_entry(path, de->d_name, &e);
		if (!why && strcmp(e.login, login) == 0) {
			*entries = xrealloc(*entries, (size_t)(n + 1) * sizeof **entries);
			(*entries)[n++] = e;
		} else {
			if (why)
				fprintf(stderr, "adminflow: outbox: %s: %s; left as it is, not sent\n", path, why);
			outbox_free(&e, 1);
		}
		free(path);
	}
	closedir(d);
	return n;
}

int outbox_partial(outbox_entry **entries)
{
	DIR *d;
	struct dirent *de;
	int n = 0;

	*entries = NULL;
	if (!(d = userfile_opendir(cfg.outbox_dir)))
		return 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char *path;

		if (len < 6 || de->d_name[0] != '.' || strcmp(de->d_name + len - 4, ".tmp") != 0)
			continue;
		path = xasprintf("%s/%s", cfg.outbox_dir, de->d_name);
		if (stale_tmp(path)) {
			outbox_entry *e;

			*entries = xrealloc(*entries, (size_t)(n + 1) * sizeof **entries);
			e = &(*entries)[n++];
			memset(e, 0, sizeof *e);
			e->path = path;
			e->key = xasprintf("%.*s", (int)(len - 5), de->d_name + 1);
		} else {
			free(path);
		}
	}
	closedir(d);
	return n;
}

void outbox_free(outbox_entry *entries, int n)
{
	for (int i = 0; i < n; i++) {
		outbox_entry *e = &entries[i];

		for (int k = 0; k < e->n; k++) {
			free((char *)e->in[k].name);
			free((char *)e->in[k].value);
		}
		free(e->in);
		free(e->path);
		free(e->form);
		free(e->key);
		free(e->login);
	}
}
