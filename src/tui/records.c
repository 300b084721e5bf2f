/* Records retention, for whoever holds the retention permission (the
 * admin manager): the two steps of `adminflow retention` as two rows, each
 * with the day before which it takes requests (from the configuration, or
 * asked) and how many its dry run counts. Enter runs the row under the
 * cursor: the day asked when none is configured, then for a purge the file
 * the purged requests are exported to first, then a y, then the same
 * domain call as the command line's and its one-line result. The counts
 * and the rules are retention.h's; nothing here reads the database. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "retention.h"
#include "tui/ui.h"
#include "util.h"

enum { ARCHIVE, PURGE, NSTEPS };

static const char *headers[] = { N_("step"), N_("before"), N_("requests") };
static const char *const step_titles[NSTEPS] = { N_("archive finished requests"), N_("purge archived requests") };
static const char *const step_keys[NSTEPS] = { "archive", "purge" };

struct records {
	ui_list list;
	char given[NSTEPS][11];  /* a day typed in ("": the configured age) */
	char day[NSTEPS][11];    /* the day the step takes requests before ("": to be asked) */
	int64_t count[NSTEPS];   /* its dry run's count, -1 when there is none */
	char *result;            /* the last run's one line */
	enum ui_role result_role;
};

/* The step's day (the one typed in, else the configured age's) and its
 * dry run's count; the day left empty when none is configured. */
static void count_step(struct records *r, int k)
{
	af_status st;

	r->count[k] = -1;
	st = retention_day(k == PURGE, r->given[k][0] ? r->given[k] : NULL, r->day[k]);
	if (st == AF_USAGE) { /* no age configured: the day is asked */
		af_clear_error();
		r->day[k][0] = '\0';
		return;
	}
	if (st == AF_OK)
		st = k == ARCHIVE ? retention_archive(r->day[k], 1, &r->count[k])
				  : retention_purge(r->day[k], NULL, 1, &r->count[k]);
	if (st != AF_OK) {
		r->count[k] = -1;
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	}
}

static void records_load(struct screen *s)
{
	struct records *r = s->data;
	view_table t = { .ncols = 3, .nrows = NSTEPS, .headers = headers };

	t.cells = xcalloc(NSTEPS * 3, sizeof *t.cells);
	t.keys = xcalloc(NSTEPS, sizeof *t.keys);
	t.flags = xcalloc(NSTEPS, 1);
	for (int k = 0; k < NSTEPS; k++) {
		count_step(r, k);
		t.cells[k * 3] = xstrdup(_(step_titles[k]));
		/* TRANSLATORS: no day configured for this retention step: Enter asks it. */
		t.cells[k * 3 + 1] = xstrdup(r->day[k][0] ? r->day[k] : _("asked when run"));
		t.cells[k * 3 + 2] = r->count[k] >= 0 ? xasprintf("%lld", (long long)r->count[k]) : xstrdup("");
		t.keys[k] = xstrdup(step_keys[k]);
	}
	ui_list_set(&r->list, &t);
}

/* Lines of text wrapped to cols from y; returns the line after them. */
static int draw_wrapped(int y, int bottom, int cols, const char *text, attr_t attr)
{
	ui_span *sp;
	int n = ui_wrap(text, cols, &sp);

	for (int i = 0; i < n && y < bottom; i++, y++) {
		/* a line cut just before a space starts the next one with it */
		int skip = i > 0 && sp[i].len && sp[i].start[0] == ' ';
		char *line = xasprintf("%.*s", (int)sp[i].len - skip, sp[i].start + skip);

		ui_text(y, 1, line, cols, attr, 1);
		free(line);
	}
	free(sp);
	return y;
}

static void records_draw(struct screen *s, int top, int h, int w)
{
	struct records *r = s->data;
	int y = top + NSTEPS + 2, bottom = top + h;
	static const char *const about[NSTEPS] = {
		N_("Archive keeps the requests finished (done, rejected, withdrawn, cancelled) and unchanged"
		   " since before the day whole and read-only, out of the everyday lists. Nothing is deleted."),
		N_("Purge writes the archived requests unchanged since before the day whole to a file, then"
		   " deletes their content; each leaves an audit row with the content's SHA-256."),
	};

	r->list.right = 1u << 2; /* the count */
	ui_list_draw(&r->list, top, NSTEPS + 1, w);
	y = draw_wrapped(y, bottom, w - 2, _(about[r->list.cursor == PURGE]), ui_attr(R_DIM));
	y = draw_wrapped(y, bottom, w - 2, _("Enter counts, asks and runs it; / another day."), ui_attr(R_DIM));
	if (r->result)
		draw_wrapped(y + 1, bottom, w - 2, r->result, ui_attr(r->result_role));
}

/* The day the step takes requests before, asked: a date, or nothing for
 * the configured age. 1 when the step has a day now. */
static int ask_day(struct records *r, int k)
{
	char *in, day[11];
	int ok = 0;

	in = ui_prompt(k == ARCHIVE ? _("archive what finished before (YYYY-MM-DD):")
				    : _("purge what was archived and finished before (YYYY-MM-DD):"),
		       r->day[k]);
	if (!in)
		return 0;
	if (!*in) {
		r->given[k][0] = '\0';
		ok = retention_day(k == PURGE, NULL, day) == AF_OK;
		af_clear_error();
	} else if (retention_day(k == PURGE, in, day) != AF_OK) {
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	} else {
		snprintf(r->given[k], sizeof r->given[k], "%s", day);
		ok = 1;
	}
	free(in);
	return ok;
}

static void set_result(struct records *r, enum ui_role role, char *text)
{
	free(r->result);
	r->result = text;
	r->result_role = role;
	ui_message(role, "%s", text);
}

/* The step under the cursor: its day (asked when there is none), its count
 * afresh, for a purge the export's file, a y, then the domain's call. */
static void run_step(struct screen *s, int k)
{
	struct records *r = s->data;
	char question[512], *path = NULL;
	const char *name;
	int64_t n, done = 0;
	af_status st;

	if (!r->day[k][0] && !ask_day(r, k))
		return;
	records_load(s); /* the count afresh, on the screen too */
	if (!r->day[k][0] || r->count[k] < 0)
		return;
	n = r->count[k];
	if (n == 0) {
		set_result(r, R_NORMAL, xasprintf(k == ARCHIVE ? _("no finished request to archive before %s")
							       : _("no archived request to purge before %s"),
						  r->day[k]));
		return;
	}
	if (k == ARCHIVE) {
		snprintf(question, sizeof question, ngettext("archive %lld request finished before %s?",
							     "archive %lld requests finished before %s?",
							     (unsigned long)n), (long long)n, r->day[k]);
	} else {
		char def[64];

		snprintf(def, sizeof def, "purged-%s.csv", r->day[k]);
		snprintf(question, sizeof question, ngettext("export the %lld request to purge to:",
							     "export the %lld requests to purge to:",
							     (unsigned long)n), (long long)n);
		if (!(path = ui_prompt_path(question, def)))
			return;
		/* The name alone: the question fits a phone's line. */
		name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		snprintf(question, sizeof question, ngettext("purge %lld request, exported to %s first?",
							     "purge %lld requests, exported to %s first?",
							     (unsigned long)n), (long long)n, name);
	}
	if (!ui_confirm(question)) {
		free(path);
		return;
	}
	ui_waiting();
	st = k == ARCHIVE ? retention_archive(r->day[k], 0, &done) : retention_purge(r->day[k], path, 0, &done);
	if (st != AF_OK)
		/* all or nothing: an export that cannot be written purges nothing */
		set_result(r, R_ERROR, xasprintf(k == ARCHIVE ? _("nothing archived: %s") : _("nothing purged: %s"),
						 af_errmsg_shown()));
	else if (k == ARCHIVE)
		set_result(r, R_GOOD, xasprintf(ngettext("%lld request archived (finished before %s)",
							 "%lld requests archived (finished before %s)",
							 (unsigned long)done), (long long)done, r->day[k]));
	else
		set_result(r, R_GOOD, xasprintf(ngettext("%lld request purged, exported to %s",
							 "%lld requests purged, exported to %s",
							 (unsigned long)done), (long long)done, path));
	free(path);
	ui_reload();
}

static int records_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct records *r = s->data;

	(void)ch;
	if (ui_list_move(&r->list, a, LINES - 4))
		return 1;
	switch (a) {
	case UI_ENTER:
		run_step(s, r->list.cursor);
		return 1;
	case UI_SEARCH: /* another day for the step under the cursor */
		if (ask_day(r, r->list.cursor))
			records_load(s);
		return 1;
	default:
		return 0;
	}
}

static void records_done(struct screen *s)
{
	struct records *r = s->data;

	ui_list_free(&r->list);
	free(r->result);
	free(r);
}

static const enum ui_action records_hints[] = { UI_DOWN, UI_ENTER, UI_SEARCH, UI_QUIT, UI_NONE };
static const struct screen_ops records_ops = {
	N_("records retention"), records_load, records_draw, records_handle, records_done, records_hints, NULL
};

void records_open(void)
{
	/* The permission first: one without it is refused where they are. */
	if (retention_allowed() != AF_OK) {
		ui_message(R_ERROR, "%s", af_errmsg_shown());
		return;
	}
	ui_push(&records_ops, xcalloc(1, sizeof(struct records)));
}
