/* The full-screen program. */
#ifndef AF_TUI_H
#define AF_TUI_H

#include "status.h"

/* Runs the full-screen interface for the identified user on the open
 * database until they quit; restores the terminal whatever happens. */
af_status tui_main(void);

#endif
