/* The printed approval form (审批单) of a request, as plain text for lp:
 * the company and the form's title, the fields (lines as a table with
 * totals; money also in Chinese capital numerals, 大写, as Chinese finance
 * forms write it), every step's approver, opinion and time, the audit hash
 * of the last action and a signature line. Pages of page_lines lines
 * (form feeds between them), at most width columns, wide characters
 * measured as two. The same text for `show --print` and the screens' p. */
#ifndef AF_PRINTFORM_H
#define AF_PRINTFORM_H

#include <stdint.h>
#include <stdio.h>
#include "status.h"

#define PRINTFORM_LINES 66 /* an A4 page at 6 lines an inch, as lp prints */
#define PRINTFORM_WIDTH 80

/* Writes request number's form to out. AF_INVALID no such request,
 * AF_DENIED not visible to the reader (sensitive fields masked as `show`
 * masks them). */
af_status printform_write(const char *number, FILE *out, int page_lines, int width);
/* Sends the form to the configured print_command (the user's privilege,
 * the form on its standard input). AF_OK, or AF_ERROR saying why. */
af_status printform_send(const char *number);
/* Sends what write(ctx, out) writes (a count sheet, a form) to the
 * configured print_command the same way: AF_OK; AF_USAGE when none is
 * configured; write's own status; or AF_ERROR saying why the command
 * failed. Nothing is sent when write fails. */
af_status printform_pipe(af_status (*write)(void *ctx, FILE *out), void *ctx);
/* cents in Chinese capital numerals (壹仟贰佰叁拾肆元伍角陆分, 零元整)
 * into buf; returns buf. */
char *printform_capital(int64_t cents, char *buf, size_t len);

#endif
