/* adminflow: options, identity, dispatch. */
#include "autoconf.h"
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "config.h"
#include "i18n.h"
#include "util.h"

struct cli_global cli_opt;

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "as", required_argument, NULL, 'a' },
		{ "demo", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	(void)af_privileged(); /* as started, before any group is given up */
	setlocale(LC_ALL, "");
	/* The screens' translations: the build tree's own for the program run
	 * from it (and the tests), else the installed ones. */
	bindtextdomain(PACKAGE, config_uninstalled() ? ABS_BUILDDIR "/po/locale" : LOCALEDIR);
	textdomain(PACKAGE);
	/* '+': options after the command belong to the command. */
	while ((c = getopt_long(argc, argv, "+c:d:a:hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'c': cli_opt.config = optarg; break;
		case 'd': cli_opt.db = optarg; break;
		case 'a': cli_opt.as = optarg; break;
		case 'D': cli_opt.demo = 1; break;
		case 'h': cli_usage(NULL, 0); return 0;
		case 'V': puts(PACKAGE_STRING); return 0;
		default: cli_usage(NULL, 1); return 2;
		}
	}
	return cli_run(argc - optind, argv + optind);
}
