/* What the files of the screens' frame (ui.c, keys.c, draw.c, list.c,
 * prompt.c, script.c) share among themselves; the screens use ui.h. */
#ifndef AF_TUI_UI_INT_H
#define AF_TUI_UI_INT_H

#include <signal.h>
#include "tui/ui.h"

/* ui.c: set by the signal handlers; every loop that reads keys looks at
 * them. */
extern volatile sig_atomic_t ui_got_hup, ui_got_term;
/* ui.c: Ctrl-C (SIGINT): prompts give up, the main loop asks before
 * leaving when something is typed. */
extern volatile sig_atomic_t ui_got_int;
/* ui.c: the cursor wanted this frame (ui_cursor_at), -1: hidden. */
extern int ui_cursor_y, ui_cursor_x;
/* script.c: the terminal's mark for the end of a paste. */
#define UI_KEY_PASTE_END (KEY_MAX + 2)
/* ui.c: shows the cursor where this frame wanted it, or hides it. */
void ui_cursor_show(void);
/* Draws the current screen and the status line. */
void ui_redraw_all(void);

/* draw.c: the status line's message, cleared by the next key. */
extern char ui_msg[512];
extern enum ui_role ui_msg_role;
void ui_colours_init(void);

/* list.c: a new frame, in which no list is drawn yet (for clicks). */
void ui_list_forget(void);

/* script.c: the test script's keys and screen dumps. */
extern int ui_script_over;  /* the script ran out: not a hang-up */
int ui_script_open(const char *script_path, const char *dump_path);
void ui_script_close(void);

#endif
