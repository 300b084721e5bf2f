#include "autoconf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "drafts.h"
#include "userfile.h"
#include "util.h"

static char *draft_path(const char *login, const char *form)
{
	return xasprintf("%s/drafts/%s-%s.draft", cfg.outbox_dir, login, form);
}

af_status drafts_save(const char *login, const char *form, int n,
		      const char *const *names, char *const *values)
{
	char *dir = xasprintf("%s/drafts", cfg.outbox_dir);
	char *path = draft_path(login, form), *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	strbuf sb = {0};
	af_status st = userfile_dir(dir);
	int fd, ok;

	free(dir);
	if (st != AF_OK) {
		char *why = xstrdup(af_errmsg());

		st = af_fail(st, "draft: %s", why);
		free(why);
		free(tmp);
		free(path);
		return st;
	}

	for (int i = 0; i < n; i++) {
		if (!values[i])
			continue;
		sb_printf(&sb, "%s\t", names[i]);
		for (const char *v = values[i]; *v; v++) {
			if (*v == '\\') sb_puts(&sb, "\\\\");
			else if (*v == '\n') sb_puts(&sb, "\\n");
			else if (*v == '\t') sb_puts(&sb, "\\t");
			else sb_add(&sb, v, 1);
		}
		sb_puts(&sb, "\n");
	}
	/* A name of our own, created anew; the rename replaces the draft, or
	 * a link put in its place, never what a link points to. */
	userfile_unlink(tmp);
	fd = userfile_create(tmp, 0600);
	ok = fd >= 0 && write(fd, sb.buf ? sb.buf : "", sb.len) == (ssize_t)sb.len && fsync(fd) == 0;
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	ok = ok && userfile_rename(tmp, path) == 0;
	sb_free(&sb);
	if (!ok) {
		st = af_fail(AF_ERROR, "draft: %s: %s", path, strerror(errno));

		userfile_unlink(tmp);
		free(tmp);
		free(path);
		return st;
	}
	free(tmp);
	free(path);
	return AF_OK;
}

int drafts_load(const char *login, const char *form,
		void (*set)(void *ctx, const char *name, const char *value), void *ctx)
{
	char *path = draft_path(login, form), *line = NULL;
	FILE *f = userfile_read(path, 1);
	size_t cap = 0;
	ssize_t len;
	int any = 0;

	free(path);
	if (!f)
		return 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		char *tab = strchr(line, '\t'), *o, *v;

		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (!tab)
			continue;
		*tab = '\0';
		for (v = o = tab + 1; *v; v++) {
			if (*v == '\\' && v[1]) {
				v++;
				*o++ = *v == 'n' ? '\n' : *v == 't' ? '\t' : *v;
			} else {
				*o++ = *v;
			}
		}
		*o = '\0';
		set(ctx, line, tab + 1);
		any = 1;
	}
	free(line);
	fclose(f);
	return any;
}

void drafts_remove(const char *login, const char *form)
{
	char *path = draft_path(login, form);

	userfile_unlink(path);
	free(path);
}
