#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include "config.h"
#include "i18n.h"
#include "printform.h"
#include "tui/print.h"
#include "tui/ui.h"
#include "util.h"

static af_status write_form(void *ctx, FILE *out)
{
	return printform_write(ctx, out, PRINTFORM_LINES, PRINTFORM_WIDTH);
}

void tui_print_form(const char *number)
{
	if (cfg.print_command[0]) {
		if (printform_send(number) == AF_OK)
			ui_message(R_GOOD, _("approval form sent to %s"), cfg.print_command);
		else
			ui_message(R_ERROR, "%s", af_errmsg_shown());
		return;
	}
	{
		char *def = xasprintf("%s.txt", number);
		char *path = ui_prompt_path(_("no print_command; save the form to:"), def);

		free(def);
		if (!path || !*path) {
			free(path);
			return;
		}
		if (af_write_file(path, write_form, (void *)number) == AF_OK)
			ui_message(R_GOOD, _("approval form saved to %s"), path);
		else
			ui_message(R_ERROR, "%s", af_errmsg_shown());
		free(path);
	}
}
