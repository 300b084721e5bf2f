/* Importing a CSV file from the screens: the path, a look at the file,
 * the import through the caller's domain call, one line of result. The
 * reading's problems, which the command line prints on stderr, are kept
 * here and the first one shown: stderr would scribble over the screen. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csvio.h"
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"

struct told {
	char *first;  /* the first problem, "FILE:LINE: column: why" */
	char *note;   /* the latest note (a GB18030 file converted) */
};

static void keep(void *ctx, const char *line, int problem)
{
	struct told *t = ctx;

	if (problem && !t->first)
		t->first = xstrdup(line);
	else if (!problem) {
		free(t->note);
		t->note = xstrdup(line);
	}
}

/* msg after a leading path (and ": " when that follows it); msg when it
 * does not begin with path. */
static const char *after_path(const char *msg, const char *path)
{
	size_t n = strlen(path);

	if (strncmp(msg, path, n) != 0)
		return msg;
	return strncmp(msg + n, ": ", 2) == 0 ? msg + n + 2 : msg + n;
}

void ui_import(const char *initial, ui_import_fn run, void *ctx)
{
	char *path = ui_prompt_read_path(_("import from:"), initial), q[640], done[256] = "";
	const char *name;
	csvio_peek_info info;
	struct told t = { NULL, NULL };
	af_status st;

	if (!path)
		return;
	name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	csvio_tell_to(keep, &t);
	st = csvio_peek(path, &info);
	if (st != AF_OK) {
		csvio_tell_to(NULL, NULL);
		ui_message(R_ERROR, "%s", af_errmsg_shown());
		free(info.columns);
		free(t.note);
		free(path);
		return;
	}
	/* TRANSLATORS: before an import: the rows of the file, its name,
	   its encoding and its header's columns. */
	snprintf(q, sizeof q, _("read %ld rows of %s (%s: %s)?"), info.rows, name, info.encoding, info.columns);
	free(info.columns);
	if (!ui_confirm(q)) {
		csvio_tell_to(NULL, NULL);
		free(t.note);
		free(path);
		return;
	}
	st = run(ctx, path, done, sizeof done);
	csvio_tell_to(NULL, NULL);
	if (st == AF_OK && t.note)
		ui_message(R_GOOD, "%s · %s", done, t.note);
	else if (st == AF_OK)
		ui_message(R_GOOD, "%s", done);
	else if (t.first)
		/* How many rows were bad (nothing was imported), then the first
		 * by file, line and column: by the file's name alone, so the
		 * line a phone shows still reaches the column. */
		ui_message(R_ERROR, "%s · %s%s", after_path(af_errmsg_shown(), path), name, after_path(t.first, path));
	else
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	free(t.first);
	free(t.note);
	free(path);
}
