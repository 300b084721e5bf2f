/* Script mode: keys read from a file, screens dumped to a file (tests). */
#include "autoconf.h"
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include "tui/ui.h"
#include "tui/ui_int.h"
#include "db.h"
#include "util.h"

/* ---- script mode: keys from a file, screens dumped to a file ---- */

static FILE *script, *dump;
static int dump_count;

/* Opens the script and the dump (standard output when dump_path is empty);
 * 0 when either cannot be opened. */
int ui_script_open(const char *script_path, const char *dump_path)
{
	script = fopen(script_path, "r");
	dump = fopen(dump_path && *dump_path ? dump_path : "/dev/stdout", "w");
	return script && dump;
}

void ui_script_close(void)
{
	if (script) {
		fclose(script);
		fclose(dump);
		script = NULL;
	}
}

int ui_input_pending(void)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };

	if (script)
		return 0;
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

int ui_scripted(void)
{
	return script != NULL;
}

static void dump_screen(void)
{
	wchar_t line[512];

	fprintf(dump, "--- screen %d (%dx%d)\n", ++dump_count, COLS, LINES);
	for (int y = 0; y < LINES; y++) {
		char out[2048];
		int n = mvinnwstr(y, 0, line, COLS < 511 ? COLS : 511);
		size_t len;

		if (n < 0)
			n = 0;
		line[n] = 0;
		len = wcstombs(out, line, sizeof out - 1);
		if (len == (size_t)-1)
			len = 0;
		out[len] = '\0';
		while (len > 0 && out[len - 1] == ' ')
			out[--len] = '\0';
		fprintf(dump, "%s\n", out);
	}
	fflush(dump);
}

static const struct { const char *name; int key; } key_names[] = {
	{ "Enter", '\n' }, { "Esc", 27 }, { "Tab", '\t' }, { "BTab", KEY_BTAB },
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Space", ' ' }, { "Backspace", KEY_BACKSPACE }, { "F1", KEY_F(1) }, { "F2", KEY_F(2) },
	{ "F3", KEY_F(3) }, { "F4", KEY_F(4) }, { "F5", KEY_F(5) }, { "F6", KEY_F(6) },
	{ "F7", KEY_F(7) }, { "F8", KEY_F(8) }, { "F9", KEY_F(9) }, { "F10", KEY_F(10) },
	{ "F12", KEY_F(12) }, { "C-l", 12 }, { "Insert", KEY_IC }, { "Delete", KEY_DC },
	{ "Shift-Left", KEY_SLEFT }, { "Shift-Right", KEY_SRIGHT }, { "C-g", 7 }, { "F11", KEY_F(11) },
	{ "C-a", 1 }, { "C-e", 5 }, { "C-k", 11 }, { "C-u", 21 }, { "C-w", 23 }, { "C-d", 4 },
	{ "C-r", 18 }, { "C-x", 24 },
};

/* "find TEXT": the row to move the cursor to, and the keys spent. */
static char find_text[256];
static int find_steps;

/* The text of screen line y, trailing blanks kept. */
static void screen_line(int y, char *out, size_t len)
{
	wchar_t line[512];
	int n = mvinnwstr(y, 0, line, COLS < 511 ? COLS : 511);
	size_t m;

	line[n < 0 ? 0 : n] = 0;
	m = wcstombs(out, line, len - 1);
	out[m == (size_t)-1 ? 0 : m] = '\0';
}

/* The next key of a "find": Down or Up towards the first line holding
 * the text, judged as the user sees it (the row the cursor's colour
 * starts at column 0 is the cursor's), or 0 once there (or given up:
 * said in the dump). A row off the screen is looked for downwards, then
 * upwards. */
static int find_key(void)
{
	attr_t cur = ui_attr(R_CURSOR) & (A_COLOR | A_REVERSE);
	int want = -1, at = -1;

	for (int y = 1; y < LINES - 1; y++) {
		char text[2048];

		screen_line(y, text, sizeof text);
		if (want < 0 && strstr(text, find_text))
			want = y;
		if (at < 0 && (mvinch(y, 0) & (A_COLOR | A_REVERSE)) == cur)
			at = y;
	}
	if (want >= 0 && want == at) {
		find_text[0] = '\0';
		return 0;
	}
	if (at < 0 || ++find_steps > 200) {
		fprintf(dump, "find: '%s' not reached\n", find_text);
		find_text[0] = '\0';
		return 0;
	}
	if (want >= 0)
		return want > at ? KEY_DOWN : KEY_UP;
	return find_steps <= 100 ? KEY_DOWN : KEY_UP;
}

static wchar_t pending[1024];
static int pending_n, pending_i;
static int pending_codes[64], codes_n, codes_i;
int ui_script_over;

static MEVENT script_mouse;
static int have_script_mouse;

/* The latest paste's text. */
static wchar_t *paste_buf;
static size_t paste_len, paste_cap;

const wchar_t *ui_paste_text(void)
{
	return paste_buf ? paste_buf : L"";
}

static void paste_add(wchar_t c)
{
	if (paste_len + 2 > paste_cap) {
		paste_cap = paste_cap * 2 + 256;
		paste_buf = xrealloc(paste_buf, paste_cap * sizeof *paste_buf);
	}
	paste_buf[paste_len++] = c;
	paste_buf[paste_len] = 0;
}

/* Script lines: "key NAME", "type TEXT", "paste TEXT" (\n a line break,
 * \t a tab, \\ a backslash; one bracketed paste), "dump", "tick", "resize COLS LINES",
 * "sleep MS", "click ROW COL [double]" (rows and columns from 0), "hup",
 * "int" (Ctrl-C), "find TEXT" (Down or Up until the cursor's row holds
 * TEXT: a row reached by its name, not by counting),
 * "# comment". Keys run one by one; the screen is redrawn before each
 * dump. */
static int script_next(int *code, wint_t *ch)
{
	char line[1024];

	for (;;) {
		if (codes_i < codes_n) {
			*code = pending_codes[codes_i++];
			if (*code < 0) {
				*ch = (wint_t)-*code;
				return OK;
			}
			*ch = (wint_t)*code;
			return *code >= KEY_MIN ? KEY_CODE_YES : OK;
		}
		if (pending_i < pending_n) {
			*ch = (wint_t)pending[pending_i++];
			return OK;
		}
		if (find_text[0]) {
			int k = find_key();

			if (k) {
				*code = k;
				*ch = (wint_t)k;
				return KEY_CODE_YES;
			}
			continue;
		}
		if (!fgets(line, sizeof line, script))
			return -2; /* the script is over */
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (strncmp(line, "paste ", 6) == 0) {
			wchar_t w[1024];
			size_t n = mbstowcs(w, line + 6, sizeof w / sizeof w[0] - 1);

			paste_len = 0;
			paste_add(0);
			paste_len = 0;
			for (size_t i = 0; n != (size_t)-1 && i < n; i++) {
				if (w[i] == '\\' && i + 1 < n) {
					i++;
					paste_add(w[i] == 'n' ? '\n' : w[i] == 't' ? '\t' : w[i]);
				} else {
					paste_add(w[i]);
				}
			}
			*code = UI_KEY_PASTE;
			*ch = UI_KEY_PASTE;
			return KEY_CODE_YES;
		} else if (strncmp(line, "type ", 5) == 0) {
			size_t n = mbstowcs(pending, line + 5, sizeof pending / sizeof pending[0] - 1);

			pending_n = n == (size_t)-1 ? 0 : (int)n;
			pending_i = 0;
		} else if (strncmp(line, "key ", 4) == 0) {
			int found = 0;

			for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
				if (strcmp(key_names[i].name, line + 4) == 0) {
					codes_n = 1;
					codes_i = 0;
					pending_codes[0] = key_names[i].key;
					found = 1;
				}
			}
			if (!found && line[4] && !line[5]) {
				codes_n = 1;
				codes_i = 0;
				pending_codes[0] = -(unsigned char)line[4];
			}
		} else if (strncmp(line, "find ", 5) == 0) {
			snprintf(find_text, sizeof find_text, "%.255s", line + 5);
			find_steps = 0;
		} else if (strcmp(line, "dump") == 0) {
			/* What the user would see now: every loop draws before it reads. */
			dump_screen();
		} else if (strcmp(line, "tick") == 0) {
			return ERR;
		} else if (strncmp(line, "sleep ", 6) == 0) {
			af_sleep_ms(atol(line + 6));
		} else if (strncmp(line, "resize ", 7) == 0) {
			int c, l;

			if (sscanf(line + 7, "%d %d", &c, &l) == 2)
				resizeterm(l, c);
			*code = KEY_RESIZE;
			*ch = KEY_RESIZE;
			return KEY_CODE_YES;
		} else if (strcmp(line, "hup") == 0) {
			ui_got_hup = 1;
			return ERR;
		} else if (strcmp(line, "int") == 0) {
			ui_got_int = 1; /* as Ctrl-C would */
			return ERR;
		} else if (strncmp(line, "click ", 6) == 0) {
			char kind[16] = "";
			int y, x;

			if (sscanf(line + 6, "%d %d %15s", &y, &x, kind) < 2)
				continue;
			memset(&script_mouse, 0, sizeof script_mouse);
			script_mouse.y = y;
			script_mouse.x = x;
			script_mouse.bstate = strcmp(kind, "double") == 0 ? BUTTON1_DOUBLE_CLICKED : BUTTON1_CLICKED;
			have_script_mouse = 1;
			*code = KEY_MOUSE;
			*ch = KEY_MOUSE;
			return KEY_CODE_YES;
		}
	}
}

/* After a read gave nothing: is the terminal gone (a dropped SSH session,
 * a killed tmux)? Then every read returns at once with EOF or EIO, and a
 * loop that took that for a tick would spin, reading the database at
 * every turn. The descriptor says so itself (POLLHUP, POLLERR), or a read
 * that should have waited did not, several times in a row. */
static int quick;

static void terminal_ok(void)
{
	quick = 0;
}

static int terminal_gone(void)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };

	if (poll(&p, 1, 0) < 0)
		return errno != EINTR;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return 1;
	if (!(p.revents & POLLIN)) {
		quick = 0;
		return 0;
	}
	/* Readable, yet the read gave no key: EOF (or a key not yet whole,
	 * which the next read completes). Ten in a row without a key between
	 * them is EOF: nothing here reads, so no key is ever taken away. */
	return ++quick >= 10;
}

/* A paste: everything up to the terminal's end mark is text (a line break
 * included), gathered into paste_buf. Ends at the mark, or when nothing
 * more comes for a second (a terminal that lost the mark). */
static void read_paste(void)
{
	int idle = 0;

	paste_len = 0;
	paste_add(0);
	paste_len = 0;
	while (idle < 4 && !ui_got_hup && !ui_got_term) {
		wint_t c;
		int rc = get_wch(&c);

		if (rc == ERR) {
			if (terminal_gone()) {
				ui_got_hup = 1;
				break;
			}
			idle++;
			continue;
		}
		idle = 0;
		if (rc == KEY_CODE_YES) {
			if (c == UI_KEY_PASTE_END)
				break;
			if (c == KEY_ENTER)
				paste_add('\n');
			continue; /* another key's code inside a paste: not text */
		}
		paste_add(c == '\r' ? '\n' : (wchar_t)c);
	}
}

int ui_getkey(wint_t *ch)
{
	db_idle(); /* no read lock held while a person thinks */
	if (script) {
		int code = 0, rc = script_next(&code, ch);

		if (rc == -2) {
			ui_script_over = 1;
			ui_got_term = 1;
			return ERR;
		}
		if (rc == OK && *ch == '\r')
			*ch = '\n';
		return rc;
	}
	{
		int rc = get_wch(ch);

		if (rc == ERR && terminal_gone())
			ui_got_hup = 1; /* as a hang-up: the draft is saved, the program ends */
		if (rc != ERR)
			terminal_ok();
		if (rc == KEY_CODE_YES && *ch == UI_KEY_PASTE)
			read_paste();
		if (rc == OK && *ch == '\r')
			*ch = '\n';
		return rc;
	}
}

int ui_getmouse(MEVENT *ev)
{
	if (script) {
		if (!have_script_mouse)
			return ERR;
		*ev = script_mouse;
		have_script_mouse = 0;
		return OK;
	}
	return getmouse(ev);
}
