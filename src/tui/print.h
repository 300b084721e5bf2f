/* The screens' p in a request: its approval form to print_command, or,
 * with none configured, saved to a file the user names. */
#ifndef AF_TUI_PRINT_H
#define AF_TUI_PRINT_H

void tui_print_form(const char *number);

#endif
