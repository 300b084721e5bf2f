/* The command line: one table of commands, each a function in a cli_*.c
 * file that parses its own arguments and calls the domain modules. */
#ifndef AF_CLI_H
#define AF_CLI_H

#include "status.h"

struct cli_global {
	const char *config;
	const char *db;
	const char *as;
	int demo;
};
extern struct cli_global cli_opt;
/* Why a command that may run without a database has none ("" when open). */
extern char cli_no_db[512];

/* Runs the command in argv[0] (argv[0] == NULL: the full-screen program);
 * returns the exit status and has printed any error. */
int cli_run(int argc, char **argv);
/* Prints "adminflow: MESSAGE" for st's latest failure; returns the exit code. */
int cli_report(af_status st);
/* Runs one command of the table (argv[0] its name) on the open database as
 * `me`; for the demo's history. */
af_status cli_command(int argc, char **argv);
/* Replays the demo's history file (data/history) through cli_command. */
af_status cli_demo_history(const char *path);
/* Prints usage for one command (or all with NULL) to f. */
void cli_usage(const char *command, int to_stderr);

/* Commands, one function each: argc/argv start at the command name. */
af_status cmd_init(int argc, char **argv);
af_status cmd_import(int argc, char **argv);
af_status cmd_export(int argc, char **argv);
af_status cmd_doctor(int argc, char **argv);
af_status cmd_audit(int argc, char **argv);
af_status cmd_whoami(int argc, char **argv);
af_status cmd_submit(int argc, char **argv);
af_status cmd_route(int argc, char **argv);
af_status cmd_show(int argc, char **argv);
af_status cmd_attach(int argc, char **argv);
af_status cmd_attachment(int argc, char **argv);
af_status cmd_inbox(int argc, char **argv);
af_status cmd_act(int argc, char **argv);
af_status cmd_delegate(int argc, char **argv);
af_status cmd_remind(int argc, char **argv);
af_status cmd_notify(int argc, char **argv);
af_status cmd_forms(int argc, char **argv);
af_status cmd_outbox(int argc, char **argv);
af_status cmd_calendar(int argc, char **argv);
af_status cmd_stock(int argc, char **argv);
af_status cmd_minutes(int argc, char **argv);
af_status cmd_trip(int argc, char **argv);
af_status cmd_attend(int argc, char **argv);
af_status cmd_occurrence(int argc, char **argv);
af_status cmd_space(int argc, char **argv);
af_status cmd_pay(int argc, char **argv);
af_status cmd_budget(int argc, char **argv);
af_status cmd_retention(int argc, char **argv);
/* Loads forms/ once (broken files are left out: `forms check` names them). */
af_status cli_load_forms(void);
#define EXPORT_USAGE "export KIND [--no-bom] [--english] [-o FILE] | export requests|tasks|stock-moves|seal-uses|trips|audit [--from DATE] [--to DATE]" \
	" [--form FORM] [-o FILE] | export inventory-count [--location L] [-o FILE]"
af_status cmd_report(int argc, char **argv);
af_status cmd_export_inventory(int argc, char **argv);
af_status cmd_assets(int argc, char **argv);
af_status cmd_stocktake(int argc, char **argv);

#endif
