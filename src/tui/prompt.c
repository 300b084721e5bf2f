/* Prompts: a line of text, a yes/no question, a pick from a list, a date. */
#include "autoconf.h"
#include <pwd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "i18n.h"
#include "tui/ui.h"
#include "tui/ui_int.h"
#include "util.h"

char *ui_pick_date(const char *title, const char *initial)
{
	char day[11];

	/* Calendar arithmetic by tz_date_add: the picker works on dates. */
	if (!initial || tz_date_add(initial, 0, 0, day, NULL) != 0)
		tz_today(day, sizeof day);
	for (;;) {
		char first[11], probe[11], head[256], buf[8];
		int y0 = 2, x0 = 2, wd, cur_mday = atoi(day + 8);
		wint_t ch;
		int rc;

		snprintf(first, sizeof first, "%.8s01", day);
		tz_date_add(first, 0, 0, probe, &wd); /* Monday first */
		erase();
		snprintf(head, sizeof head, " %s  %.7s", title, day);
		ui_text(0, 0, head, COLS, ui_attr(R_TITLE), 1);
		/* TRANSLATORS: the days of the week from Monday, each two columns
		   wide (one Chinese character), two spaces apart. */
		ui_text(y0, x0, _("Mo  Tu  We  Th  Fr  Sa  Su"), COLS - x0, ui_attr(R_HEADER), 0);
		for (int d = 1; d <= 31; d++) {
			int cell = wd + d - 1;

			tz_date_add(first, d - 1, 0, probe, NULL);
			if (strncmp(probe, first, 7) != 0)
				break;
			snprintf(buf, sizeof buf, "%2d", d);
			ui_text(y0 + 1 + cell / 7, x0 + (cell % 7) * 4, buf, 2,
				d == cur_mday ? ui_attr(R_CURSOR) : A_NORMAL, 0);
		}
		snprintf(head, sizeof head, " %s", _("←→ day  ↑↓ week  PgUp/PgDn month  Enter choose  Esc cancel"));
		ui_text(LINES - 1, 0, head, COLS, ui_attr(R_STATUS), 1);
		refresh();
		rc = ui_getkey(&ch);
		if (ui_got_term || ui_got_hup || ui_got_int)
			return NULL;
		if (rc == ERR)
			continue;
		if (rc == OK && ch == 27)
			return NULL;
		if (rc == OK && ch == '\n')
			return xstrdup(day);
		switch (rc == KEY_CODE_YES || rc == OK ? ui_action_of((int)ch) : UI_NONE) {
		case UI_LEFT: tz_date_add(day, -1, 0, day, NULL); break;
		case UI_RIGHT: tz_date_add(day, 1, 0, day, NULL); break;
		case UI_UP: tz_date_add(day, -7, 0, day, NULL); break;
		case UI_DOWN: tz_date_add(day, 7, 0, day, NULL); break;
		case UI_PGUP:
		case UI_PGDN:
			tz_date_add(day, 0, ui_action_of((int)ch) == UI_PGUP ? -1 : 1, day, NULL);
			break;
		default:
			break;
		}
	}
}

/* ---- prompts ---- */

char *ui_prompt(const char *label, const char *initial)
{
	ui_edit ed = {0};
	char *out = NULL;

	ui_edit_set(&ed, initial);
	for (;;) {
		wint_t ch;
		int rc, lw = ui_width(label) + 1;

		move(LINES - 1, 0);
		clrtoeol();
		ui_text(LINES - 1, 0, label, COLS, ui_attr(R_HEADER), 0);
		ui_cursor_y = -1;
		if (COLS - lw > 2)
			ui_edit_draw(&ed, LINES - 1, lw, COLS - lw, A_NORMAL);
		ui_cursor_show();
		refresh();
		rc = ui_getkey(&ch);
		if (ui_got_term || ui_got_hup || ui_got_int)
			break;
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			ui_redraw_all();
			continue;
		}
		if (rc == OK && ch == 27)
			break;
		if ((rc == OK && ch == '\n') || (rc == KEY_CODE_YES && ch == KEY_ENTER)) {
			out = ui_edit_text(&ed);
			break;
		}
		ui_edit_key(&ed, rc, ch);
	}
	curs_set(0);
	ui_edit_free(&ed);
	return out;
}

/* A typed path made absolute: "~" and "~/" are the home directory, a
 * relative path is taken from the working directory. Caller frees. */
static char *expand_path(const char *in)
{
	if (in[0] == '~' && (in[1] == '/' || !in[1])) {
		const char *home = getenv("HOME");
		struct passwd *pw = home && *home ? NULL : getpwuid(getuid());

		return xasprintf("%s%s", home && *home ? home : pw ? pw->pw_dir : "", in + 1);
	}
	if (in[0] != '/') {
		char *cwd = getcwd(NULL, 0), *path = xasprintf("%s/%s", cwd ? cwd : ".", in);

		free(cwd);
		return path;
	}
	return xstrdup(in);
}

/* A path to read: asked for, ~ expanded; NULL when none was given. */
char *ui_prompt_read_path(const char *label, const char *initial)
{
	char *in = ui_prompt(label, initial), *path;

	if (!in || !*in) {
		free(in);
		return NULL;
	}
	path = expand_path(in);
	free(in);
	return path;
}

/* A path to write: as one to read, and a file already there is written
 * over only when the user says so. */
char *ui_prompt_path(const char *label, const char *initial)
{
	char *path = ui_prompt_read_path(label, initial), q[512];
	struct stat st;

	if (!path)
		return NULL;
	/* The name alone: the question fits a phone's line. */
	snprintf(q, sizeof q, _("%s exists: write over it?"),
		 strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	if (lstat(path, &st) == 0 && !ui_confirm(q)) {
		free(path);
		return NULL;
	}
	return path;
}

/* What a question does with one key: a positive answer, 0 for "no", or
 * -1 to keep asking. */
typedef int (*answer_fn)(int rc, wint_t ch, const void *arg);

/* The one loop behind every question on the bottom line: draws it (with
 * suffix after it, kept whole), reads a key, redraws the screen behind it
 * on a resize and asks again; a signal that ends the program is a "no". */
static int ask_loop(const char *question, const char *suffix, answer_fn answer, const void *arg)
{
	for (;;) {
		wint_t ch;
		int rc, r;

		move(LINES - 1, 0);
		clrtoeol();
		ui_text(LINES - 1, 0, question, suffix ? COLS - (int)strlen(suffix) - 1 : COLS,
			ui_attr(R_HEADER), !suffix);
		if (suffix)
			addstr(suffix);
		curs_set(0);
		refresh();
		rc = ui_getkey(&ch);
		if (ui_got_term || ui_got_hup || ui_got_int)
			return 0;
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			ui_redraw_all(); /* the screen behind the question, at the new size */
			continue;
		}
		if ((r = answer(rc, ch, arg)) >= 0)
			return r;
	}
}

static int answer_yes_no(int rc, wint_t ch, const void *arg)
{
	(void)arg;
	if (rc == OK && (ch == 'y' || ch == 'Y'))
		return 1;
	if (rc == OK && (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q'))
		return 0;
	return -1;
}

int ui_confirm(const char *question)
{
	return ask_loop(question, " (y/n) ", answer_yes_no, NULL);
}

/* Any key answers: yes only for the two asked for. */
static int answer_key(int rc, wint_t ch, const void *arg)
{
	const int *k = arg;

	return (rc == OK && k[0] && (int)ch == k[0]) || (rc == KEY_CODE_YES && k[1] && (int)ch == k[1]);
}

int ui_confirm_key(const char *question, int k1, int k2)
{
	const int k[2] = { k1, k2 };

	return ask_loop(question, NULL, answer_key, k);
}

/* One of the keys listed (returned), Esc (0); others are asked again. */
static int answer_listed(int rc, wint_t ch, const void *arg)
{
	const char *keys = arg;

	if (rc != OK)
		return -1;
	if (ch == 27)
		return 0;
	if (ch > 0 && ch < 0x80 && strchr(keys, (int)ch))
		return (int)ch;
	return -1;
}

int ui_ask(const char *question, const char *keys)
{
	return ask_loop(question, NULL, answer_listed, keys);
}

char *ui_pick(const char *title, view_table *t, ui_pick_reload reload, void *ctx)
{
	ui_list l = {0};
	char query[256] = "";
	char *result = NULL;

	ui_list_set(&l, t);
	for (;;) {
		int top = 1, h = LINES - 3;
		char head[512];
		wint_t ch;
		int rc;

		erase();
		ui_list_forget();
		snprintf(head, sizeof head, " %s%s%s%s", title, reload ? "  " : "", reload ? _("search:") : "",
			 reload ? query : "");
		ui_text(0, 0, head, COLS, ui_attr(R_TITLE), 1);
		ui_list_draw(&l, top, h, COLS);
		snprintf(head, sizeof head, " %s", reload ? _("type to search · Enter choose · Esc cancel")
							  : _("Enter choose · Esc cancel"));
		ui_text(LINES - 1, 0, head, COLS, ui_attr(R_STATUS), 1);
		refresh();
		rc = ui_getkey(&ch);
		if (ui_got_term || ui_got_hup || ui_got_int)
			break;
		if (rc == ERR)
			continue;
		if (rc == OK && ch == 27)
			break;
		if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
			MEVENT ev;

			/* A click chooses the row; a double click takes it. */
			if (ui_getmouse(&ev) == OK && ui_list_click(ev.y) == &l && (ev.bstate & BUTTON1_DOUBLE_CLICKED)) {
				result = xstrdup(ui_list_key(&l));
				break;
			}
			continue;
		}
		if (rc == OK && ch == '\n') {
			if (l.t.nrows)
				result = xstrdup(ui_list_key(&l));
			break;
		}
		if (rc == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_DOWN || ch == KEY_NPAGE || ch == KEY_PPAGE)) {
			ui_list_move(&l, ui_action_of((int)ch), h);
			continue;
		}
		if (!reload) {
			if (rc == OK)
				ui_list_move(&l, ui_action_of((int)ch), h);
			continue;
		}
		if ((rc == KEY_CODE_YES && ch == KEY_BACKSPACE) || (rc == OK && (ch == 127 || ch == 8))) {
			size_t len = strlen(query);

			/* Drop one whole UTF-8 character. */
			while (len > 0 && ((unsigned char)query[len - 1] & 0xC0) == 0x80)
				len--;
			if (len > 0)
				len--;
			query[len] = '\0';
		} else if ((rc == OK && ch >= 0x20 && ch != 0x7F) || (rc == KEY_CODE_YES && ch == UI_KEY_PASTE)) {
			wchar_t one[2] = { (wchar_t)ch, 0 };
			const wchar_t *w = rc == OK ? one : ui_paste_text();

			/* A paste searches for its first line. */
			for (; *w && *w != '\n' && *w != '\r'; w++) {
				char mb[8];
				int k = *w < 0x20 ? 0 : wctomb(mb, *w);

				if (k > 0 && strlen(query) + (size_t)k < sizeof query) {
					mb[k] = '\0';
					strcat(query, mb);
				}
			}
		} else {
			continue;
		}
		{
			view_table nt;

			reload(ctx, query, &nt);
			l.cursor = 0;
			ui_list_set(&l, &nt);
		}
	}
	ui_list_free(&l);
	return result;
}
