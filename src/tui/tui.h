/* The full-screen program. */
#ifndef AF_TUI_H
#define AF_TUI_H

#include "status.h"

/* Runs the full-screen interface for the identified user on the open
 * database until they quit; restores the terminal whatever happens. */
af_status tui_main(void);
/* 1 when tui_main ended because the terminal hung up (SIGHUP, or reading
 * it failed for good): the draft is saved, nothing else is owed to it. */
int tui_hung_up(void);

#endif
