/* The screens' p: a request's approval form, or a count sheet from the
 * reports screen, to print_command; with none configured, saved to a file
 * the user names. */
#ifndef AF_TUI_PRINT_H
#define AF_TUI_PRINT_H

#include "report.h"

void tui_print_form(const char *number);
/* r: a count sheet (inventory-count, supplies-count) as report_run made
 * it, its column names untranslated. */
void tui_print_sheet(const report *r, const report_opts *o);

#endif
