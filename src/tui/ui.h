/* The full-screen program's frame: screens as tables of callbacks, one key
 * table for dispatch, help and hints, colour roles, width-aware drawing,
 * prompts, and the headless script mode the screen tests use. Only files
 * in src/tui include ncurses; none of them holds SQL. */
#ifndef AF_TUI_UI_H
#define AF_TUI_UI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <wchar.h>
#include "i18n.h"
#include "status.h"
#include "formdef.h"
#include "views.h"

/* ---- keys: one table drives dispatch, the help screen and the hints ----
 * Each action: its name, two keys, a short hint for the status bar and a
 * line for the help screen (both marked for translation, translated where
 * they are shown). */
#define UI_ACTIONS(X) \
	X(QUIT,      "quit",      'q', 0,          N_("back/quit"), N_("quit, or back to the screen before")) \
	X(BACK,      "back",      27,  KEY_BACKSPACE, N_("back"),   N_("back to the screen before")) \
	X(HELP,      "help",      '?', KEY_F(1),   N_("help"),      N_("this list of keys")) \
	X(UP,        "up",        'k', KEY_UP,     N_("up"),        N_("up")) \
	X(DOWN,      "down",      'j', KEY_DOWN,   N_("down"),      N_("down")) \
	X(LEFT,      "left",      'h', KEY_LEFT,   N_("left"),      N_("left")) \
	X(RIGHT,     "right",     'l', KEY_RIGHT,  N_("right"),     N_("right")) \
	X(PGUP,      "page-up",   2,   KEY_PPAGE,  N_("page up"),   N_("page up")) \
	X(PGDN,      "page-down", 6,   KEY_NPAGE,  N_("page down"), N_("page down")) \
	X(TOP,       "top",       'g', KEY_HOME,   N_("first"),     N_("first line")) \
	X(BOTTOM,    "bottom",    'G', KEY_END,    N_("last"),      N_("last line")) \
	X(ENTER,     "open",      '\n', KEY_ENTER, N_("open"),      N_("open or edit")) \
	X(NEXT,      "next-tab",  '\t', 0,         N_("next"),      N_("next tab or field")) \
	X(PREV,      "prev-tab",  KEY_BTAB, 0,     N_("previous"),  N_("previous tab or field")) \
	X(HOME,      "home",      'H', KEY_F(2),   N_("home"),      N_("home screen")) \
	X(INBOX,     "inbox",     'i', KEY_F(3),   N_("inbox"),     N_("approval inbox")) \
	X(NOTICES,   "notices",   'n', KEY_F(4),   N_("notices"),   N_("notices")) \
	X(REGISTERS, "registers", 'r', KEY_F(5),   N_("registers"), N_("registers: supplies, assets, seals, licences, spaces")) \
	X(SEARCH,    "search",    '/', 0,          N_("search"),    N_("search")) \
	X(SORT,      "sort",      'o', 0,          N_("sort"),      N_("sort by the next column")) \
	X(MARK,      "mark",      ' ', 0,          N_("mark"),      N_("mark a row")) \
	X(BATCH,     "batch",     'A', KEY_F(6),   N_("approve marked"), N_("approve the marked rows")) \
	X(APPROVE,   "approve",   'a', KEY_F(7),   N_("approve"),   N_("approve")) \
	X(REJECT,    "reject",    'x', 0,          N_("reject"),    N_("reject")) \
	X(RETURN,    "return",    'b', 0,          N_("return"),    N_("return to an earlier step")) \
	X(TRANSFER,  "transfer",  't', 0,          N_("transfer"),  N_("transfer to someone else")) \
	X(ADDSIGN,   "addsign",   '+', 0,          N_("add signer"), N_("add a signer")) \
	X(URGE,      "urge",      'u', 0,          N_("urge"),      N_("urge the approver")) \
	X(COMMENT,   "comment",   'c', 0,          N_("comment"),   N_("comment")) \
	X(WITHDRAW,  "withdraw",  'w', 0,          N_("withdraw"),  N_("withdraw your request")) \
	X(CANCEL,    "cancel",    'C', 0,          N_("cancel"),    N_("cancel a request (admin)")) \
	X(PREVIEW,   "preview",   18,  KEY_F(9),   N_("preview"),   N_("in a form: preview the route")) \
	X(SUBMIT,    "submit",    24,  KEY_F(10),  N_("submit"),    N_("in a form: submit (then again to confirm)")) \
	X(RESUBMIT,  "resubmit",  's', 0,          N_("send again"), N_("in a returned request: send it again with your changes")) \
	X(EXPORT,    "export",    'E', KEY_F(8),   N_("export"),    N_("export as CSV")) \
	X(IMPORT,    "import",    'M', 0,          N_("import"),    N_("in a register or a count sheet: import a CSV file")) \
	X(CALENDAR,  "calendar",  'L', KEY_F(11),  N_("calendar"),  N_("room and vehicle calendar")) \
	X(VIEW,      "day-week",  'v', 0,          N_("day/week"),  N_("day or week")) \
	X(REFRESH,   "refresh",   12,  KEY_F(12),  N_("refresh"),   N_("refresh")) \
	X(REPORTS,   "reports",   'R', 0,          N_("reports"),   N_("reports")) \
	X(GOTO,      "goto",      '#', 0,          N_("number"),    N_("open a request by its number")) \
	X(CHECKIN,   "check-in",  'I', 0,          N_("check in"),  N_("in the calendar: check in to the booking")) \
	X(NOSHOW,    "no-show",   'N', 0,          N_("no-show"),   N_("in the calendar: record a no-show")) \
	X(ROW_ADD,   "add-row",   'a', KEY_IC,     N_("add row"),   N_("in a table: add a row")) \
	X(ROW_DEL,   "delete-row", 'd', KEY_DC,    N_("delete row"), N_("in a table: delete the row")) \
	X(EDIT,      "edit",      'e', 0,          N_("edit"),      N_("in a table: edit the cell; in a request: change a field; budgets: set one")) \
	X(TODAY,     "today",     '.', 7,          N_("today"),     N_("in the calendar: back to today")) \
	X(GOTODATE,  "go-to-date", ':', 0,         N_("go to"),     N_("in the calendar: go to a date")) \
	X(SEL_LEFT,  "select-left", '<', KEY_SLEFT, N_("widen"),    N_("in the calendar: widen the selection to the left")) \
	X(SEL_RIGHT, "select-right", '>', KEY_SRIGHT, N_("widen"),  N_("in the calendar: widen the selection to the right")) \
	X(PRINT,     "print",     'p', 0,          N_("print"),     N_("print an approval form or a count sheet")) \
	X(ATTACHMENT, "attachment", 'O', 0,        N_("attachment"), N_("in a request: read, save or view an attachment")) \
	X(DATES,     "dates",     'D', 0,          N_("dates"),     N_("in a request: cancel or move one date of a series")) \
	X(ADJUST,    "adjust",    'S', 0,          N_("adjust"),    N_("in the supplies register: adjust the stock")) \
	X(LEVEL,     "reorder-level", 'V', 0,      N_("reorder level"), N_("in the supplies register: the reorder level")) \
	X(RELEASE,   "release",   'f', 0,          N_("release"),   N_("in the spaces register: release the space")) \
	X(MOVE,      "move",      'm', 0,          N_("move"),      N_("in the spaces register: move to another space")) \
	X(PAY,       "pay",       'P', 0,          N_("pay"),       N_("pay a done claim, or the unpaid claims marked (finance)")) \
	X(RESTOCK,   "restock",   'B', 0,          N_("restock"),   N_("in the supplies register or the notices: the prepared restock request")) \
	X(TRIP,      "trip",      'T', 0,          N_("trip"),      N_("in a request: a vehicle going out or coming back (fleet keeper)"))

enum ui_action {
	UI_NONE,
#define UI_ENUM(id, name, k1, k2, hint, help) UI_##id,
	UI_ACTIONS(UI_ENUM)
#undef UI_ENUM
	UI_ACTION_COUNT
};

struct ui_key {
	enum ui_action action;
	const char *name;
	int key1, key2;
	const char *hint, *help;  /* msgids: show them through _() */
};
extern const struct ui_key ui_keys[];
/* The action bound to a key (UI_NONE when none). */
enum ui_action ui_action_of(int key);
/* The action bound to a key among those of set (UI_NONE-terminated), for a
 * screen where a key means something else than elsewhere ('a' adds a row
 * in a table, approves in the inbox); UI_NONE when none of them. */
enum ui_action ui_action_in(int key, const enum ui_action *set);
/* "a" or "F7" for an action's first key, for hints. */
const char *ui_key_label(enum ui_action a);

/* ---- colours by role ---- */
enum ui_role {
	R_NORMAL, R_TITLE, R_STATUS, R_CURSOR, R_HEADER, R_OVERDUE, R_LOW,
	R_UNREAD, R_MARKED, R_ERROR, R_GOOD, R_DIM, R_ROLE_COUNT
};
/* The attribute for a role: a colour pair where colours work, else plain
 * attributes (NO_COLOR, monochrome). */
attr_t ui_attr(enum ui_role role);

/* A mouse click somewhere not on a list's row reaches a screen's handle as
 * action UI_NONE with ch = UI_CLICK | row << 12 | column. */
#define UI_CLICK 0x10000000u
#define UI_IS_CLICK(ch) (((ch) & UI_CLICK) != 0)
#define UI_CLICK_Y(ch) ((int)(((ch) >> 12) & 0xFFF))
#define UI_CLICK_X(ch) ((int)((ch) & 0xFFF))

/* ---- screens ---- */
struct screen;
struct screen_ops {
	const char *title;                              /* a msgid (N_) */
	void (*load)(struct screen *s);                 /* (re)read, keep the cursor's item */
	void (*draw)(struct screen *s, int top, int h, int w);
	int (*handle)(struct screen *s, enum ui_action a, wint_t ch); /* 1: used */
	void (*done)(struct screen *s);
	const enum ui_action *hints;                    /* for the status bar, UI_NONE-terminated */
	/* A screen that takes text (the form): every key and paste goes here
	 * first, as ui_getkey gave it (rc, ch); 1 when it was taken as text or
	 * editing, 0 to let it through as an action. NULL: letters are
	 * commands and a paste is dropped. */
	int (*text)(struct screen *s, int rc, wint_t ch);
};
struct screen {
	const struct screen_ops *ops;
	void *data;
	struct screen *prev;
};
/* Opens a screen on top of the current one. */
void ui_push(const struct screen_ops *ops, void *data);
/* Closes the current screen (done callback), back to the one below. */
void ui_pop(void);
/* Asks the main loop to reload every screen's data. */
void ui_reload(void);

/* ---- drawing ---- */
/* Draws UTF-8 text at y,x in at most cols columns (wide characters take
 * two); control characters are shown as '?', never sent. Pads with spaces
 * to cols when pad. Returns the columns used. */
int ui_text(int y, int x, const char *s, int cols, attr_t attr, int pad);
/* Display width of UTF-8 text in columns. */
int ui_width(const char *s);
/* A table's rows as aligned text lines, its header first, numbers to the
 * right, widths in columns: *n_out lines, each and the array freed by the
 * caller. (The request screen's field tables are drawn the same way.) */
char **ui_grid_lines(const view_table *g, int *n_out);
/* A one-line message in the status area until the next key. */
void ui_message(enum ui_role role, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shows "waiting for the database" at once (before a write). */
void ui_waiting(void);

/* A list of view rows with a cursor; the table owns its memory. */
typedef struct {
	view_table t;
	int cursor, top;
	int sort_col, sort_desc; /* column + 1 it is sorted by; 0: as loaded */
	const int *priority; /* per column: lower is dropped first when narrow, 0 never,
	                      * negative: not shown; NULL keeps all */
	int flex;            /* column + 1 that gives up width first (a summary); 0: none */
	unsigned right;      /* bit c: column c is aligned right (amounts) */
	unsigned char *marks;
	int view_y, view_rows; /* where ui_list_draw last put the rows, for clicks */
} ui_list;
void ui_list_set(ui_list *l, view_table *t); /* keeps the cursor on the same key */
void ui_list_free(ui_list *l);
void ui_list_draw(ui_list *l, int top, int h, int w);
/* Moves for UP/DOWN/PGUP/PGDN/TOP/BOTTOM; 1 when a is a movement. */
int ui_list_move(ui_list *l, enum ui_action a, int h);
const char *ui_list_key(const ui_list *l);
/* A mouse click at screen row y: the list drawn there (this frame) puts
 * its cursor on the row clicked and is returned; NULL when no list row is
 * there. */
ui_list *ui_list_click(int y);
/* Orders the rows by column col (descending when desc), keeping marks and
 * the cursor's row; col < 0 keeps the order the table came in. */
void ui_list_sort(ui_list *l, int col, int desc);
/* A bar of n tabs at row y (names are msgids), cur highlighted, then
 * " /filter" when filter is not empty; narrower than 70 columns the tabs
 * lose their padding. Returns the column after the tabs. */
int ui_tabs_draw(int y, int w, const char *const *names, int n, int cur, const char *filter);
/* The tab a click (a UI_CLICK code) landed on in the bar drawn last, or -1. */
int ui_tabs_click(wint_t ch);
/* A small month calendar to pick a day; initial "YYYY-MM-DD" (or NULL for
 * today). Returns "YYYY-MM-DD" (caller frees) or NULL when cancelled. */
char *ui_pick_date(const char *title, const char *initial);

/* Long text: s cut into lines of at most cols display columns, at its
 * newlines and, where a word would be cut, after the last space; *out
 * (caller frees) gets the spans, pointing into s. Returns their number
 * (at least 1). */
typedef struct { const char *start; size_t len; } ui_span;
int ui_wrap(const char *s, int cols, ui_span **out);
/* A full-screen pager over text (copied), wrapped to the screen. */
void pager_open(const char *title, const char *text);

/* ---- the line editor: every typed value (form fields, prompts) ---- */
typedef struct {
	wchar_t *buf;
	int len, cap, pos;  /* pos: the cursor, in characters */
	int scroll;         /* the first character drawn */
	int multiline;      /* a newline is text (else a pasted one is a space) */
	int maxlen;         /* at most this many characters; 0: no limit */
} ui_edit;
enum { UI_EDIT_NOT_MINE = -1, UI_EDIT_MOVED = 0, UI_EDIT_CHANGED = 1 };
/* The text becomes text (UTF-8, or NULL for empty); the cursor at its end. */
void ui_edit_set(ui_edit *e, const char *text);
/* The text as UTF-8 (caller frees; "" when empty). */
char *ui_edit_text(const ui_edit *e);
void ui_edit_free(ui_edit *e);
/* Inserts n characters at the cursor (a paste: control characters left
 * out, line breaks as spaces unless multiline). */
void ui_edit_insert(ui_edit *e, const wchar_t *s, size_t n);
/* One key as ui_getkey gave it: ←/→, Home/End, ^A/^E, ^D, ^K, ^U, ^W,
 * Backspace, Delete, a character, a paste (UI_KEY_PASTE), Enter in a
 * multi-line editor. UI_EDIT_CHANGED, UI_EDIT_MOVED (taken, the text as
 * it was) or UI_EDIT_NOT_MINE. */
int ui_edit_key(ui_edit *e, int rc, wint_t ch);
/* Draws the text at y,x in cols columns, scrolled so the cursor shows
 * (line breaks as ↵), and puts the terminal's cursor there. Returns the
 * cursor's column. */
int ui_edit_draw(ui_edit *e, int y, int x, int cols, attr_t attr);
/* Where the terminal's cursor is shown after this frame (it is hidden in
 * a frame that does not call this). */
void ui_cursor_at(int y, int x);

/* A paste (bracketed, as the terminal marks it) arrives as one key:
 * KEY_CODE_YES with this code; its text is ui_paste_text()'s until the
 * next key. A screen that takes no text drops it: a paste is never keys. */
#define UI_KEY_PASTE (KEY_MAX + 1)
const wchar_t *ui_paste_text(void);

/* ---- prompts (each returns NULL / 0 when cancelled with Esc) ---- */
/* A line editor on the bottom row; initial may be NULL. Caller frees. */
char *ui_prompt(const char *label, const char *initial);
/* A path to write to: "~" and "~/" are the home directory, a relative
 * path is made absolute (so the message after can name the file in
 * full), and an existing file is written over only when the user says
 * so. Caller frees; NULL when cancelled or declined. */
char *ui_prompt_path(const char *label, const char *initial);
/* A path to read from: "~" expanded and made absolute as above, no
 * question asked. Caller frees; NULL when cancelled. */
char *ui_prompt_read_path(const char *label, const char *initial);
/* The import every screen with one shares: a path asked (ui_prompt_read_path,
 * initial offered), what the file holds shown (rows, columns, encoding)
 * and confirmed, then run, the same domain call as the command line's,
 * with the file's problems kept off the terminal; then one line: run's
 * result (written into done), or the first problem named FILE:LINE:
 * column: why, or why the file could not be read. */
typedef af_status (*ui_import_fn)(void *ctx, const char *path, char *done, size_t len);
void ui_import(const char *initial, ui_import_fn run, void *ctx);
/* y/n question; 1 for yes. */
int ui_confirm(const char *question);
/* A question answered by a key that no paste holds (F10 or ^X for a
 * submission): 1 when k1 (a character) or k2 (a key code) is pressed, 0
 * for any other key. */
int ui_confirm_key(const char *question, int k1, int k2);
/* A question answered by one of the characters in keys: the one pressed,
 * or 0 for Esc. */
int ui_ask(const char *question, const char *keys);
/* Picks one row of t in a pop-up; returns its key (caller frees) or NULL.
 * With type_search, typed characters narrow the list through reload. */
typedef void (*ui_pick_reload)(void *ctx, const char *query, view_table *t);
char *ui_pick(const char *title, view_table *t, ui_pick_reload reload, void *ctx);

/* ---- input ---- */
/* The next key: from the terminal, or from the test script. Returns
 * KEY_CODE_YES / OK like wget_wch, ERR on a timeout tick. */
int ui_getkey(wint_t *ch);
/* After ui_getkey gave KEY_MOUSE: the event (from the terminal, or a
 * script's "click"). OK, or ERR when there is none. */
int ui_getmouse(MEVENT *ev);
/* 1 when keys are waiting to be read (never in script mode). */
int ui_input_pending(void);
/* 1 in headless script mode (ADMINFLOW_TUI_SCRIPT). */
int ui_scripted(void);

/* ---- screens the program has ---- */
void home_open(void);
void inbox_open(int tab);
void detail_open(const char *number);
void form_open(const char *form_id, const char *preset_name, const char *preset_value);
/* Opens a form with n fields filled in (the calendar's resource and time). */
void form_open_with(const char *form_id, const char *const *names, const char *const *values, int n);
void calendar_open(int vehicles);
void notices_open(void);
void registers_open(void);
void help_open(void);
void reports_open(void);
/* The claims approved, not yet paid: finance pays them, several at once. */
void paylist_open(void);
/* Records retention (archive, purge), for one with the retention
 * permission; anyone else is refused where they are. */
void records_open(void);
/* The prepared purchase request of the supplies at or under their reorder
 * level (manage_stock, asked first): y submits it. */
void restock_open(void);

/* The table editor of a lines or supply_lines field of form f: *value is
 * the field's typed text, rewritten on every change, after which
 * changed(ctx) runs (the form keeps its draft and validates). */
void table_open(const form_def *f, const form_field *fd, char **value,
		void (*changed)(void *ctx), void *ctx);

/* Edits *value (typed text, or NULL) of field fd of form f as its type
 * wants: the choices, a picker, the calendar, the table editor or a line
 * prompt. Returns 1 when *value was replaced now (freed and set, NULL for
 * empty); the table editor (lines) instead writes *value on every change
 * and calls changed(ctx), and 0 is returned. category: an asset field of
 * a request for an asset of that category picks among those in stock of it
 * (NULL: any asset). */
int form_field_edit(const form_def *f, const form_field *fd, const char *category, char **value,
		    void (*changed)(void *ctx), void *ctx);

/* The latest refusal as a screen of form f (or NULL) shows it: one about
 * a field of f names it by its label in the screen's language, the rest is
 * the engine's message translated. Static storage, until the next call. */
const char *ui_refusal(const form_def *f);

/* The user's draft of a form is kept on every change and on SIGHUP. */
void form_save_drafts_now(void);
/* 1 when a form is open with something typed in it (Ctrl-C asks first). */
int form_has_input(void);

#endif
