/* The full-screen program's frame: screens as tables of callbacks, one key
 * table for dispatch, help and hints, colour roles, width-aware drawing,
 * prompts, and the headless script mode the screen tests use. Only files
 * in src/tui include ncurses; none of them holds SQL. */
#ifndef AF_TUI_UI_H
#define AF_TUI_UI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <wchar.h>
#include "status.h"
#include "views.h"

/* ---- keys: one table drives dispatch, the help screen and the hints ---- */
#define UI_ACTIONS(_) \
	_(QUIT,      "quit",      'q', 0,          "退出/返回 quit or back") \
	_(BACK,      "back",      27,  KEY_BACKSPACE, "返回 back") \
	_(HELP,      "help",      '?', KEY_F(1),   "帮助 help") \
	_(UP,        "up",        'k', KEY_UP,     "上 up") \
	_(DOWN,      "down",      'j', KEY_DOWN,   "下 down") \
	_(LEFT,      "left",      'h', KEY_LEFT,   "左 left") \
	_(RIGHT,     "right",     'l', KEY_RIGHT,  "右 right") \
	_(PGUP,      "page-up",   2,   KEY_PPAGE,  "上页 page up") \
	_(PGDN,      "page-down", 6,   KEY_NPAGE, "下页 page down") \
	_(TOP,       "top",       'g', KEY_HOME,   "首行 first") \
	_(BOTTOM,    "bottom",    'G', KEY_END,    "末行 last") \
	_(ENTER,     "open",      '\n', KEY_ENTER, "打开/编辑 open or edit") \
	_(NEXT,      "next-tab",  '\t', 0,         "下一页签/字段 next tab or field") \
	_(PREV,      "prev-tab",  KEY_BTAB, 0,     "上一页签/字段 previous tab or field") \
	_(HOME,      "home",      'H', KEY_F(2),   "首页 home") \
	_(INBOX,     "inbox",     'i', KEY_F(3),   "审批 inbox") \
	_(NOTICES,   "notices",   'n', KEY_F(4),   "通知 notices") \
	_(REGISTERS, "registers", 'r', KEY_F(5),   "台账 registers") \
	_(SEARCH,    "search",    '/', 0,          "搜索 search") \
	_(SORT,      "sort",      'o', 0,          "排序 sort by the next column") \
	_(MARK,      "mark",      ' ', 0,          "标记 mark") \
	_(BATCH,     "batch",     'A', KEY_F(6),   "批量同意 approve marked") \
	_(APPROVE,   "approve",   'a', KEY_F(7),   "同意 approve") \
	_(REJECT,    "reject",    'x', 0,          "驳回 reject") \
	_(RETURN,    "return",    'b', 0,          "退回 return to a step") \
	_(TRANSFER,  "transfer",  't', 0,          "转交 transfer") \
	_(ADDSIGN,   "addsign",   '+', 0,          "加签 add a signer") \
	_(URGE,      "urge",      'u', 0,          "催办 urge") \
	_(COMMENT,   "comment",   'c', 0,          "评论 comment") \
	_(WITHDRAW,  "withdraw",  'w', 0,          "撤回 withdraw") \
	_(CANCEL,    "cancel",    'C', 0,          "取消 cancel (admin)") \
	_(PREVIEW,   "preview",   'p', KEY_F(9),   "预览流程 preview the route") \
	_(SUBMIT,    "submit",    's', KEY_F(10),  "提交 submit") \
	_(EXPORT,    "export",    'E', KEY_F(8),   "导出 CSV export") \
	_(CALENDAR,  "calendar",  'd', KEY_F(11),  "日历 room and vehicle calendar") \
	_(VIEW,      "day-week",  'v', 0,          "日/周 day or week") \
	_(REFRESH,   "refresh",   12,  KEY_F(12),  "刷新 refresh") \
	_(REPORTS,   "reports",   'R', 0,          "报表 reports")

enum ui_action {
	UI_NONE,
#define UI_ENUM(id, name, k1, k2, help) UI_##id,
	UI_ACTIONS(UI_ENUM)
#undef UI_ENUM
	UI_ACTION_COUNT
};

struct ui_key {
	enum ui_action action;
	const char *name;
	int key1, key2;
	const char *help;
};
extern const struct ui_key ui_keys[];
/* The action bound to a key (UI_NONE when none). */
enum ui_action ui_action_of(int key);
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

/* ---- screens ---- */
struct screen;
struct screen_ops {
	const char *title;
	void (*load)(struct screen *s);                 /* (re)read, keep the cursor's item */
	void (*draw)(struct screen *s, int top, int h, int w);
	int (*handle)(struct screen *s, enum ui_action a, wint_t ch); /* 1: used */
	void (*done)(struct screen *s);
	const enum ui_action *hints;                    /* for the status bar, UI_NONE-terminated */
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
/* A one-line message in the status area until the next key. */
void ui_message(enum ui_role role, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shows "waiting for the database" at once (before a write). */
void ui_waiting(void);

/* A list of view rows with a cursor; the table owns its memory. */
typedef struct {
	view_table t;
	int cursor, top;
	int sort_col, sort_desc; /* column + 1 it is sorted by; 0: as loaded */
	const int *priority; /* per column: lower is dropped first when narrow; NULL keeps all */
	unsigned char *marks;
} ui_list;
void ui_list_set(ui_list *l, view_table *t); /* keeps the cursor on the same key */
void ui_list_free(ui_list *l);
void ui_list_draw(ui_list *l, int top, int h, int w);
/* Moves for UP/DOWN/PGUP/PGDN/TOP/BOTTOM; 1 when a is a movement. */
int ui_list_move(ui_list *l, enum ui_action a, int h);
const char *ui_list_key(const ui_list *l);
/* Orders the rows by column col (descending when desc), keeping marks and
 * the cursor's row; col < 0 keeps the order the table came in. */
void ui_list_sort(ui_list *l, int col, int desc);
/* A small month calendar to pick a day; initial "YYYY-MM-DD" (or NULL for
 * today). Returns "YYYY-MM-DD" (caller frees) or NULL when cancelled. */
char *ui_pick_date(const char *title, const char *initial);

/* ---- prompts (each returns NULL / 0 when cancelled with Esc) ---- */
/* A line editor on the bottom row; initial may be NULL. Caller frees. */
char *ui_prompt(const char *label, const char *initial);
/* y/n question; 1 for yes. */
int ui_confirm(const char *question);
/* Picks one row of t in a pop-up; returns its key (caller frees) or NULL.
 * With type_search, typed characters narrow the list through reload. */
typedef void (*ui_pick_reload)(void *ctx, const char *query, view_table *t);
char *ui_pick(const char *title, view_table *t, ui_pick_reload reload, void *ctx);

/* ---- input ---- */
/* The next key: from the terminal, or from the test script. Returns
 * KEY_CODE_YES / OK like wget_wch, ERR on a timeout tick. */
int ui_getkey(wint_t *ch);
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

/* The user's draft of a form is kept on every change and on SIGHUP. */
void form_save_drafts_now(void);

#endif
