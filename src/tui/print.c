#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include "config.h"
#include "i18n.h"
#include "printform.h"
#include "report.h"
#include "tui/print.h"
#include "tui/ui.h"
#include "util.h"

/* What p prints, and the words it says about it (msgids). */
struct printable {
	af_status (*write)(void *ctx, FILE *out);
	void *ctx;
	const char *file;      /* the name offered when it is saved */
	const char *sent;      /* "... sent to %s" (the command) */
	const char *ask;       /* the save prompt */
	const char *saved;     /* "... saved to %s" (the path) */
};

/* To print_command; with none, saved where the user says (an existing
 * file written over only on y). */
static void print_or_save(const struct printable *p)
{
	char *path;

	if (cfg.print_command[0]) {
		if (printform_pipe(p->write, p->ctx) == AF_OK)
			ui_message(R_GOOD, _(p->sent), cfg.print_command);
		else
			ui_message(R_ERROR, "%s", af_errmsg_shown());
		return;
	}
	path = ui_prompt_path(_(p->ask), p->file);
	if (!path || !*path) {
		free(path);
		return;
	}
	if (af_write_file(path, p->write, p->ctx) == AF_OK)
		ui_message(R_GOOD, _(p->saved), path);
	else
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	free(path);
}

static af_status write_form(void *ctx, FILE *out)
{
	return printform_write(ctx, out, PRINTFORM_LINES, PRINTFORM_WIDTH);
}

void tui_print_form(const char *number)
{
	char *file = xasprintf("%s.txt", number);
	struct printable p = { write_form, (void *)number, file, N_("approval form sent to %s"),
			       N_("no print_command; save the form to:"), N_("approval form saved to %s") };

	print_or_save(&p);
	free(file);
}

struct sheet_job {
	const report *r;
	const report_opts *o;
};

static af_status write_sheet(void *ctx, FILE *out)
{
	const struct sheet_job *j = ctx;

	report_write_pages(j->r, j->o, out, REPORT_PAGE_LINES, REPORT_PAGE_WIDTH);
	return ferror(out) ? af_fail(AF_ERROR, "print: write failed") : AF_OK;
}

void tui_print_sheet(const report *r, const report_opts *o)
{
	struct sheet_job j = { r, o };
	char *file = xasprintf("%s.txt", r->name);
	struct printable p = { write_sheet, &j, file, N_("count sheet sent to %s"),
			       N_("no print_command; save the count sheet to:"), N_("count sheet saved to %s") };

	print_or_save(&p);
	free(file);
}
