#include "autoconf.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "db.h"
#include "outbox.h"
#include "util.h"

#define MAGIC "adminflow-outbox 1"

static void mkdirs(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0700);
			*s = '/';
		}
	}
	mkdir(p, 0700);
	free(p);
}

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

af_status outbox_put(const char *form, const engine_input *in, int n, const char *key,
		     const char *login, char **path)
{
	strbuf sb = {0};
	char *tmp, *final;
	int fd;
	ssize_t w;

	mkdirs(cfg.outbox_dir);
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
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		af_status st = af_fail(AF_ERROR, "outbox: %s: %s", tmp, strerror(errno));

		free(tmp);
		free(final);
		sb_free(&sb);
		return st;
	}
	w = write(fd, sb.buf, sb.len);
	if (w != (ssize_t)sb.len || fsync(fd) != 0 || close(fd) != 0 || rename(tmp, final) != 0) {
		af_status st = af_fail(AF_ERROR, "outbox: %s: cannot save the submission: %s", final,
				       strerror(errno ? errno : EIO));

		unlink(tmp);
		free(tmp);
		free(final);
		sb_free(&sb);
		return st;
	}
	/* The rename itself is made durable by syncing the folder. */
	fd = open(cfg.outbox_dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(tmp);
	sb_free(&sb);
	*path = final;
	return AF_OK;
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
	return unlink(path) == 0;
}

static int parse_entry(const char *path, outbox_entry *e)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ok = 0;

	memset(e, 0, sizeof *e);
	if (!f)
		return 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		char *tab;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (strcmp(line, MAGIC) == 0) {
			ok = 1;
			continue;
		}
		tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab++ = '\0';
		if (strcmp(line, "form") == 0) {
			e->form = xstrdup(tab);
		} else if (strcmp(line, "key") == 0) {
			e->key = xstrdup(tab);
		} else if (strcmp(line, "login") == 0) {
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
	e->path = xstrdup(path);
	return ok && e->form && e->key && e->login;
}

int outbox_list(const char *login, outbox_entry **entries)
{
	DIR *d = opendir(cfg.outbox_dir);
	struct dirent *de;
	int n = 0;

	*entries = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		outbox_entry e;
		char *path;

		if (len < 5 || strcmp(de->d_name + len - 4, ".sub") != 0)
			continue;
		path = xasprintf("%s/%s", cfg.outbox_dir, de->d_name);
		if (parse_entry(path, &e) && strcmp(e.login, login) == 0) {
			*entries = xrealloc(*entries, (size_t)(n + 1) * sizeof **entries);
			(*entries)[n++] = e;
		} else {
			outbox_free(&e, 1);
		}
		free(path);
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
