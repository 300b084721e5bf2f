/* The frame of the full-screen program: terminal set-up and teardown, the
 * screen stack, the status line and the main loop with live refresh. The
 * rest of the frame: keys.c, draw.c, list.c, prompt.c, script.c. */
#include "autoconf.h"
#include <stdlib.h>
#include "auth.h"
#include "config.h"
#include "db.h"
#include "tui/tui.h"
#include "i18n.h"
#include "tui/ui.h"
#include "tui/ui_int.h"
#include "util.h"

/* Set by the signal handlers; every loop that reads keys looks at them. */
volatile sig_atomic_t ui_got_hup, ui_got_term, ui_got_int;
int ui_cursor_y = -1, ui_cursor_x;

void ui_cursor_at(int y, int x)
{
	ui_cursor_y = y;
	ui_cursor_x = x;
}

void ui_cursor_show(void)
{
	if (ui_cursor_y >= 0 && ui_cursor_y < LINES && ui_cursor_x < COLS) {
		move(ui_cursor_y, ui_cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
}

/* ---- the screen stack and the main loop ---- */

static struct screen *current;
static int reload_wanted, quit_wanted, exiting;

void ui_push(const struct screen_ops *ops, void *data)
{
	struct screen *s = xcalloc(1, sizeof *s);

	s->ops = ops;
	s->data = data;
	s->prev = current;
	current = s;
	if (ops->load)
		ops->load(s);
}

void ui_pop(void)
{
	struct screen *s = current;

	if (!s)
		return;
	current = s->prev;
	if (s->ops->done)
		s->ops->done(s);
	free(s);
	if (!current)
		quit_wanted = 1;
	else if (!exiting && current->ops->load)
		current->ops->load(current); /* what it shows may have changed */
}

void ui_reload(void)
{
	reload_wanted = 1;
}

/* The user's roles, read again only when the data changed: the status line
 * is drawn at every tick, and a read is four round trips on a share. */
static char *status_roles;

/* db_wait_hook: while a change waits for other writers, the seconds waited
 * on the status line; the next redraw puts the line back. */
static void ui_db_waiting(int64_t waited_ms)
{
	char line[256];

	if (waited_ms < 0)
		return;
	snprintf(line, sizeof line, " ");
	snprintf(line + 1, sizeof line - 1, _("waiting for the database… %lld s"), (long long)(waited_ms / 1000));
	ui_text(LINES - 1, 0, line, COLS, ui_attr(R_STATUS), 1);
	refresh();
}

static void draw_status(void)
{
	char left[512], clock[32], full[32];
	const char *roles = status_roles ? status_roles : (status_roles = auth_roles());
	const enum ui_action *h;

	tz_format_local(af_now(), full, sizeof full); /* the company's clock */
	snprintf(clock, sizeof clock, "%.11s", full + 5);
	if (ui_msg[0]) {
		ui_text(LINES - 1, 0, ui_msg, COLS, ui_attr(ui_msg_role), 1);
		return;
	}
	snprintf(left, sizeof left, " %s%s·%s·%s │ %s │ %s │", me.demo_as ? _("demo: ") : "", me.name,
		 me.department, roles, db_handle() ? _("db ok") : _("db unavailable"), clock);
	/* A phone, or so many roles that no key would fit: who and when. */
	if (COLS < 70 || ui_width(left) > COLS - 30)
		snprintf(left, sizeof left, " %s%s │ %s │", me.demo_as ? _("demo: ") : "", me.name, clock + 6);
	{
		/* The keys that fit, whole; "? help" always at the end, so a
		 * hint is never cut and help is never off the line. */
		strbuf sb = {0};
		char help[64];
		int room;

		/* Where letters are text (a form), help is F1. */
		snprintf(help, sizeof help, " %s %s", current && current->ops->text ? "F1" : ui_key_label(UI_HELP),
			 _(ui_keys[UI_HELP - 1].hint));
		room = COLS - ui_width(help);
		if (ui_width(left) > room) /* a very narrow terminal: the name gives way */
			snprintf(left, sizeof left, " %s │", clock + 6);
		sb_puts(&sb, left);
		for (h = current && current->ops->hints ? current->ops->hints : NULL; h && *h != UI_NONE; h++) {
			char one[128];

			snprintf(one, sizeof one, " %s %s", ui_key_label(*h), _(ui_keys[*h - 1].hint));
			if (ui_width(sb.buf) + ui_width(one) > room)
				break;
			sb_puts(&sb, one);
		}
		while (ui_width(sb.buf) < room)
			sb_puts(&sb, " ");
		sb_puts(&sb, help);
		ui_text(LINES - 1, 0, sb.buf, COLS, ui_attr(R_STATUS), 1);
		sb_free(&sb);
	}
}

void ui_redraw_all(void)
{
	char title[256];

	erase();
	ui_list_forget();
	ui_cursor_y = -1;
	if (!current)
		return;
	snprintf(title, sizeof title, " adminflow │ %s", _(current->ops->title));
	ui_text(0, 0, title, COLS, ui_attr(R_TITLE), 1);
	if (LINES > 3 && COLS > 10)
		current->ops->draw(current, 1, LINES - 2, COLS);
	draw_status();
	ui_cursor_show();
	refresh();
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		ui_got_hup = 1;
	else if (sig == SIGINT)
		ui_got_int = 1;
	else
		ui_got_term = 1;
}

/* Bracketed paste: the terminal marks a paste, so that it arrives as one
 * piece of text and never as keys (xterm's \e[?2004h, which tmux, the
 * Linux console's emulators and the phone SSH clients follow; a terminal
 * that does not know it ignores it). */
static FILE *term_out;

static void terminal_done(void)
{
	if (!isendwin()) {
		if (term_out) {
			fputs("\033[?2004l", term_out);
			fflush(term_out);
		}
		endwin();
	}
}

/* Home and End as every terminal sends them (the terminfo entry names one
 * of them; PuTTY, rxvt and the Linux console send others), and the paste
 * marks. */
static void keys_define(void)
{
	static const struct { const char *seq; int key; } extra[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[8~", KEY_END }, { "\033[F", KEY_END }, { "\033OF", KEY_END },
		{ "\033[200~", UI_KEY_PASTE }, { "\033[201~", UI_KEY_PASTE_END },
	};

	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		define_key(extra[i].seq, extra[i].key);
}

/* Ctrl-C: leaving at once, unless a form holds typed text; then asked,
 * and a second Ctrl-C or y leaves (the draft is kept either way). */
static void interrupted(void)
{
	ui_got_int = 0;
	if (!form_has_input()) {
		quit_wanted = 1;
		return;
	}
	for (;;) {
		wint_t ch;
		int rc;

		move(LINES - 1, 0);
		clrtoeol();
		ui_text(LINES - 1, 0, _("leave adminflow? what you typed is kept as a draft (y/n)"), COLS,
			ui_attr(R_HEADER), 1);
		curs_set(0);
		refresh();
		rc = ui_getkey(&ch);
		if (ui_got_int || ui_got_hup || ui_got_term || (rc == OK && (ch == 'y' || ch == 'Y'))) {
			ui_got_int = 0;
			quit_wanted = 1;
			return;
		}
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			ui_redraw_all();
			continue;
		}
		if (rc != ERR)
			return;
	}
}

static int global_key(enum ui_action a)
{
	switch (a) {
	case UI_HELP: help_open(); return 1;
	case UI_INBOX: inbox_open(0); return 1;
	case UI_NOTICES: notices_open(); return 1;
	case UI_REGISTERS: registers_open(); return 1;
	case UI_CALENDAR: calendar_open(0); return 1;
	case UI_REPORTS: reports_open(); return 1;
	case UI_GOTO: {
		char *number = ui_prompt(_("request number:"), NULL);

		if (number && *number)
			detail_open(number);
		free(number);
		return 1;
	}
	case UI_HOME:
		while (current && current->prev)
			ui_pop();
		return 1;
	case UI_REFRESH:
		ui_reload();
		clearok(curscr, TRUE);
		return 1;
	case UI_QUIT:
	case UI_BACK:
		ui_pop();
		return 1;
	default:
		return 0;
	}
}

/* Opens the terminal: the test script's (output to /dev/null, *scr and
 * *devnull set) or the real one on standard input and output. */
static af_status terminal_open(SCREEN **scr, FILE **devnull)
{
	const char *script_path = af_privileged() ? NULL : getenv("ADMINFLOW_TUI_SCRIPT");
	const char *dump_path = af_privileged() ? NULL : getenv("ADMINFLOW_TUI_DUMP");

	if (script_path && *script_path) {
		if (!ui_script_open(script_path, dump_path))
			return af_fail(AF_USAGE, "ADMINFLOW_TUI_SCRIPT: cannot open %s or its dump", script_path);
		*devnull = fopen("/dev/null", "w");
		*scr = newterm(NULL, *devnull, stdin);
		if (!*scr)
			return af_fail(AF_USAGE, "TERM: the terminal type '%s' is unknown",
				       getenv("TERM") ? getenv("TERM") : "");
		set_term(*scr);
		return AF_OK;
	}
	if (!isatty(0) || !isatty(1))
		return af_fail(AF_USAGE, "the full-screen program needs a terminal (for scripts use the commands)");
	if (!newterm(NULL, stdout, stdin))
		return af_fail(AF_USAGE, "TERM: the terminal type '%s' is unknown", getenv("TERM") ? getenv("TERM") : "");
	return AF_OK;
}

/* The signals (which only set flags), bracketed paste on a real terminal,
 * and curses' modes: keys as they come, a tick every 250 ms. */
static void terminal_setup(int scripted)
{
	struct sigaction sa;

	atexit(terminal_done);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	keys_define();
	if (!scripted) {
		term_out = stdout;
		fputs("\033[?2004h", term_out);
		fflush(term_out);
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	ui_colours_init();
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED, NULL);
	timeout(250);
}

/* A click: on a list's row the cursor goes there, and a double click
 * opens it as Enter would; elsewhere the screen decides (tabs, the
 * calendar's cells). */
static void mouse_key(void)
{
	MEVENT ev;

	if (ui_getmouse(&ev) != OK || !current->ops->handle)
		return;
	if (ui_list_click(ev.y)) {
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
			current->ops->handle(current, UI_ENTER, '\n');
	} else {
		current->ops->handle(current, UI_NONE, (wint_t)(UI_CLICK | (ev.y << 12) | ev.x));
	}
}

/* One key (rc, ch as ui_getkey gave it): the text of a form first, then
 * the screen's action, then the keys every screen shares. */
static void dispatch_key(int rc, wint_t ch)
{
	enum ui_action a;

	ui_msg[0] = '\0';
	if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
		return;
	if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
		mouse_key();
		return;
	}
	if (current->ops->text && current->ops->text(current, rc, ch))
		return;
	if (rc == KEY_CODE_YES && ch == UI_KEY_PASTE) {
		ui_message(R_DIM, "%s", _("pasted text is taken in a form's field only"));
		return;
	}
	a = rc == KEY_CODE_YES || ch < 0x80 ? ui_action_of((int)ch) : UI_NONE;
	if (rc == OK && ch >= 0x80)
		a = UI_NONE; /* a typed CJK character is text, never a command */
	if (current->ops->handle && current->ops->handle(current, a, ch))
		return;
	global_key(a);
}

int tui_hung_up(void)
{
	return ui_got_hup != 0;
}

af_status tui_main(void)
{
	SCREEN *scr = NULL;
	FILE *devnull = NULL;
	int64_t last_check = af_mono_ms();
	af_status st = terminal_open(&scr, &devnull);

	if (st != AF_OK)
		return st;
	terminal_setup(scr != NULL);
	db_wait_hook = ui_db_waiting;
	home_open();
	while (current && !quit_wanted && !ui_got_hup && !ui_got_term) {
		wint_t ch;
		int rc;

		if (reload_wanted && current->ops->load) {
			reload_wanted = 0;
			free(status_roles);
			status_roles = NULL;
			current->ops->load(current);
		}
		ui_redraw_all();
		rc = ui_getkey(&ch);
		if (ui_got_int) {
			interrupted();
			continue;
		}
		if (rc == ERR) {
			/* A tick: another process may have committed. */
			if (ui_scripted() || af_mono_ms() - last_check >= cfg.refresh_interval * 1000L) {
				last_check = af_mono_ms();
				if (db_changed())
					reload_wanted = 1;
			}
			continue;
		}
		dispatch_key(rc, ch);
	}
	if ((ui_got_hup || ui_got_term) && !ui_script_over)
		form_save_drafts_now();
	exiting = 1;
	while (current)
		ui_pop();
	terminal_done();
	if (scr) {
		delscreen(scr);
		fclose(devnull);
	}
	ui_script_close();
	return AF_OK;
}
