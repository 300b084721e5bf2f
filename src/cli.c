#include "autoconf.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "attach.h"
#include "audit.h"
#include "auth.h"
#include "cli.h"
#include "config.h"
#include "csvio.h"
#include "export.h"
#include "db.h"
#include "formdef.h"
#include "safetext.h"
#include "setup.h"
#include "tui/tui.h"
#include "userfile.h"
#include "util.h"

/* NEEDS_FILE_MAYBE: runs even when the database cannot be opened (doctor);
 * NEEDS_DB_MAYBE: runs with no database at all, none configured or none to
 * open (forms check: cli_no_db says why).
 * NEEDS_OWN_OPEN: opens it itself (init looks before it writes). */
enum needs { NEEDS_NOTHING, NEEDS_FILE_MAYBE, NEEDS_DB_MAYBE, NEEDS_USER, NEEDS_OWN_OPEN };

char cli_no_db[512];

static const struct command {
	const char *name;
	af_status (*run)(int argc, char **argv);
	enum db_open_mode mode;
	enum needs needs;
	const char *usage;
} commands[] = {
	{ "init", cmd_init, DB_OPEN_CREATE, NEEDS_OWN_OPEN, "init [--demo [--history]]" },
	{ "import", cmd_import, DB_OPEN_USE, NEEDS_USER, "import KIND FILE" },
	{ "export", cmd_export, DB_OPEN_USE, NEEDS_USER, EXPORT_USAGE },
	{ "doctor", cmd_doctor, DB_OPEN_INSPECT, NEEDS_FILE_MAYBE,
	  "doctor [--lock-probe [--wait SECONDS]] [--mountinfo FILE]" },
	{ "audit", cmd_audit, DB_OPEN_USE, NEEDS_USER, "audit verify" },
	{ "whoami", cmd_whoami, DB_OPEN_USE, NEEDS_USER, "whoami" },
	{ "forms", cmd_forms, DB_OPEN_USE, NEEDS_DB_MAYBE, "forms [check [DIR]]" },
	{ "submit", cmd_submit, DB_OPEN_USE, NEEDS_USER, "submit FORM [--key KEY] [--backdate] [--for LOGIN] [--skip DATE]... [--skip-clashes] NAME=VALUE..." },
	{ "route", cmd_route, DB_OPEN_USE, NEEDS_USER, "route FORM [--for LOGIN] NAME=VALUE..." },
	{ "attach", cmd_attach, DB_OPEN_USE, NEEDS_USER, "attach NUMBER FILE..." },
	{ "attachment", cmd_attachment, DB_OPEN_USE, NEEDS_USER, "attachment NUMBER [N -o FILE [--force]]" },
	{ "show", cmd_show, DB_OPEN_USE, NEEDS_USER, "show NUMBER [--print [--lines N] [-o FILE]]" },
	{ "inbox", cmd_inbox, DB_OPEN_USE, NEEDS_USER, "inbox [--done [--all]|--mine|--cc]" },
	{ "approve", cmd_act, DB_OPEN_USE, NEEDS_USER, "approve NUMBER... [NAME=VALUE...] [--key KEY] [-m TEXT]" },
	{ "reject", cmd_act, DB_OPEN_USE, NEEDS_USER, "reject NUMBER -m REASON" },
	{ "return", cmd_act, DB_OPEN_USE, NEEDS_USER, "return NUMBER [--to STEP|applicant] [-m TEXT]" },
	{ "withdraw", cmd_act, DB_OPEN_USE, NEEDS_USER, "withdraw NUMBER [-m TEXT]" },
	{ "transfer", cmd_act, DB_OPEN_USE, NEEDS_USER, "transfer NUMBER LOGIN [-m TEXT]" },
	{ "addsign", cmd_act, DB_OPEN_USE, NEEDS_USER, "addsign NUMBER LOGIN [--before|--after] [-m TEXT]" },
	{ "urge", cmd_act, DB_OPEN_USE, NEEDS_USER, "urge NUMBER [-m TEXT]" },
	{ "comment", cmd_act, DB_OPEN_USE, NEEDS_USER, "comment NUMBER -m TEXT" },
	{ "cancel", cmd_act, DB_OPEN_USE, NEEDS_USER, "cancel NUMBER -m REASON" },
	{ "resubmit", cmd_act, DB_OPEN_USE, NEEDS_USER, "resubmit NUMBER [NAME=VALUE...] [-m TEXT]" },
	{ "delegate", cmd_delegate, DB_OPEN_USE, NEEDS_USER, "delegate LOGIN --from DATE --to DATE | delegate --list | delegate --cancel ID" },
	{ "remind", cmd_remind, DB_OPEN_USE, NEEDS_USER, "remind [--dry-run]" },
	{ "notify", cmd_notify, DB_OPEN_USE, NEEDS_USER, "notify [--digest]" },
	{ "outbox", cmd_outbox, DB_OPEN_USE, NEEDS_USER, "outbox [list|retry|drop KEY|clean]" },
	{ "calendar", cmd_calendar, DB_OPEN_USE, NEEDS_USER, "calendar rooms|vehicles [--from DATE] [--days N] | calendar --ics NUMBER" },
	{ "stock", cmd_stock, DB_OPEN_USE, NEEDS_USER, "stock list | stock adjust SKU +N|-N --reason TEXT | stock level SKU N --reason TEXT | stock restock [--submit] | stock issue|receive NUMBER | stock return NUMBER SKU QTY" },
	{ "pay", cmd_pay, DB_OPEN_USE, NEEDS_USER, "pay NUMBER... [--date DATE] [--ref TEXT] [--file FILE]" },
	{ "budget", cmd_budget, DB_OPEN_USE, NEEDS_USER, "budget list [--year YEAR] | budget set DEPT YEAR AMOUNT [--category C] --reason TEXT" },
	{ "space", cmd_space, DB_OPEN_USE, NEEDS_USER, "space list|free [--floor F] [--date DATE] | space release CODE [--date DATE] --reason TEXT | space move CODE TO [--date DATE] --reason TEXT" },
	{ "minutes", cmd_minutes, DB_OPEN_USE, NEEDS_USER, "minutes NUMBER (-m TEXT | --file FILE)" },
	{ "checkin", cmd_attend, DB_OPEN_USE, NEEDS_USER, "checkin NUMBER [--date DATE]" },
	{ "occurrence", cmd_occurrence, DB_OPEN_USE, NEEDS_USER, "occurrence cancel NUMBER DATE [-m TEXT] | occurrence move NUMBER DATE --to \"YYYY-MM-DD HH:MM\" [-m TEXT]" },
	{ "noshow", cmd_attend, DB_OPEN_USE, NEEDS_USER, "noshow NUMBER [--date DATE]" },
	{ "trip", cmd_trip, DB_OPEN_USE, NEEDS_USER, "trip out NUMBER [--date DATE] --odometer N [--driver LOGIN] | trip in NUMBER [--date DATE] --odometer N [--fuel X] [--tolls X] [--parking X]" },
	{ "assets", cmd_assets, DB_OPEN_USE, NEEDS_USER, "assets [list|receive|assign|return|move|writeoff|history|depreciation|category] ..." },
	{ "stocktake", cmd_stocktake, DB_OPEN_USE, NEEDS_USER, "stocktake start|count|diff|resolve|close ..." },
	{ "retention", cmd_retention, DB_OPEN_USE, NEEDS_USER, "retention archive [--before DATE] [--dry-run] | retention purge [--before DATE] -o FILE | --dry-run" },
	{ "report", cmd_report, DB_OPEN_USE, NEEDS_USER, "report [NAME [--from DATE] [--to DATE] [--department D] [--csv] [--print [--lines N] [--width N]] [--location L] [-o FILE]]" },
};

void cli_usage(const char *command, int to_stderr)
{
	FILE *f = to_stderr ? stderr : stdout;

	if (!command)
		fputs("usage: adminflow [--config FILE] [--db FILE] [--as LOGIN] [--demo] [COMMAND [ARGS]]\n"
		      "       adminflow --help | --version\n"
		      "  (no command)  the full-screen interface\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!command || strcmp(command, commands[i].name) == 0)
			fprintf(f, "%sadminflow %s\n", command ? "usage: " : "  ", commands[i].usage);
}

int cli_report(af_status st)
{
	if (st != AF_OK)
		fprintf(stderr, "adminflow: %s\n", af_errmsg());
	return af_exit_code(st);
}

static char *demo_db_path(void)
{
	char *dir = config_user_dir("XDG_DATA_HOME", ".local/share");
	char *path = xasprintf("%s/demo.db", dir);

	free(dir);
	return path;
}

/* mkdir -p for the demo's data directory. */
static int make_dirs(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0700);
			*s = '/';
		}
	}
	int rc = mkdir(p, 0700) == 0 || errno == EEXIST ? 0 : -1;
	free(p);
	return rc;
}

static af_status open_database(enum db_open_mode mode);

/* The demo company: its registers from data/ (CSV, setup.c), then, with
 * history, its last few weeks replayed from data/history (cli_demo.c). */
static af_status load_demo(int history)
{
	af_status st = setup_load_demo();

	if (st == AF_OK && history) {
		char *file = xasprintf("%s/history", cfg.data_dir);
		af_user who = me;

		cli_load_forms();
		st = cli_demo_history(file);
		free(file);
		me = who; /* init goes on as it began */
	}
	return st;
}

af_status cli_command(int argc, char **argv)
{
	for (size_t i = 0; argc > 0 && i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].run(argc, argv);
	return af_fail(AF_USAGE, "%s: unknown command", argc > 0 ? argv[0] : "");
}

af_status cmd_init(int argc, char **argv)
{
	int demo = cli_opt.demo, history = 0;
	af_status st;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--demo") == 0)
			demo = 1;
		else if (strcmp(argv[i], "--history") == 0)
			history = 1;
		else
			return af_fail(AF_USAGE, "init: unknown argument '%s'", argv[i]);
	}
	if (history && !demo)
		return af_fail(AF_USAGE, "init: --history goes with --demo");
	if (!cfg.database[0])
		return open_database(DB_OPEN_CREATE); /* says none is configured */
	/* Who may, into what, looked at before anything is written. */
	st = setup_check(cfg.database, cli_opt.as, demo);
	if (st == AF_OK)
		st = open_database(DB_OPEN_CREATE);
	if (st == AF_OK)
		st = setup_apply();
	if (st == AF_OK && demo)
		st = load_demo(history);
	if (st != AF_OK)
		return st;
	printf("%s: schema version ok, journal %s on %s%s\n", db_path(), db_journal_mode(),
	       db_fsinfo()->type, db_fsinfo()->network ? " (network)" : "");
	if (db_fsinfo()->network)
		printf("%s: before anyone writes from a host, prove that the share carries its locks: "
		       "run 'adminflow doctor --lock-probe' on it and on another host\n", db_path());
	return AF_OK;
}

af_status cmd_import(int argc, char **argv)
{
	af_status st;

	if (argc != 3)
		return af_fail(AF_USAGE, "usage: adminflow import KIND FILE");
	if (!csvio_importable(argv[1]))
		return af_fail(AF_USAGE, "import: unknown kind '%s' (departments employees roles rooms "
			       "vehicles spaces supplies assets suppliers seals licences budgets)", argv[1]);
	st = auth_require(csvio_permission(argv[1]), "import");
	return st != AF_OK ? st : csvio_import(argv[1], argv[2], NULL);
}

struct export_job {
	const char *kind;
	export_opts eo;
	int activity;
};

static af_status write_export(void *ctx, FILE *out)
{
	struct export_job *x = ctx;

	return x->activity ? export_activity(x->kind, &x->eo, out) : csvio_export(x->kind, out);
}

af_status cmd_export(int argc, char **argv)
{
	const char *out_path = NULL;
	struct export_job x = { NULL, { NULL, NULL, NULL }, 0 };
	af_status st;

	if (argc >= 2 && strcmp(argv[1], "inventory-count") == 0)
		return cmd_export_inventory(argc, argv); /* cli_report.c: it takes --location */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out_path = argv[++i];
		else if (strcmp(argv[i], "--from") == 0 && i + 1 < argc)
			x.eo.from = argv[++i];
		else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			x.eo.to = argv[++i];
		else if (strcmp(argv[i], "--form") == 0 && i + 1 < argc)
			x.eo.form = argv[++i];
		else if (!x.kind && argv[i][0] != '-')
			x.kind = argv[i];
		else
			return af_fail(AF_USAGE, "usage: %s", EXPORT_USAGE);
	}
	if (!x.kind)
		return af_fail(AF_USAGE, "usage: %s", EXPORT_USAGE);
	x.activity = export_is_activity(x.kind);
	if (!x.activity && !csvio_exportable(x.kind))
		return af_fail(AF_USAGE, "export: unknown kind '%s'", x.kind);
	if (!x.activity && (x.eo.from || x.eo.to || x.eo.form))
		return af_fail(AF_USAGE, "export %s: --from, --to and --form are for requests, tasks,"
			       " stock-moves, seal-uses, trips and audit", x.kind);
	if (x.activity)
		cli_load_forms(); /* the affairs' titles and fields */
	st = auth_require(x.activity && strcmp(x.kind, "audit") == 0 ? "audit" : "export", "export");
	if (st != AF_OK)
		return st;
	/* With -o: beside the target, renamed into place: never half a file. */
	return af_write_file(out_path, write_export, &x);
}

af_status cmd_audit(int argc, char **argv)
{
	int64_t rows, bad;
	af_status st;

	if (argc != 2 || strcmp(argv[1], "verify") != 0)
		return af_fail(AF_USAGE, "usage: adminflow audit verify");
	st = auth_require("audit", "audit verify");
	if (st != AF_OK)
		return st;
	st = audit_verify(&rows, &bad);
	if (st == AF_OK)
		printf("audit: %lld rows, chain intact\n", (long long)rows);
	if (st == AF_OK) {
		int64_t files;

		st = attach_verify(&files);
		if (st == AF_OK && files) /* said when there are any */
			printf("attachments: %lld contents, each matches its SHA-256\n", (long long)files);
	}
	return st;
}

af_status cmd_whoami(int argc, char **argv)
{
	char *roles = auth_roles();

	(void)argc;
	(void)argv;
	printf("login\t%s\nname\t%s\ndepartment\t%s\nroles\t%s\n", me.login, me.name,
	       me.department, roles);
	free(roles);
	return AF_OK;
}

/* db_wait_hook on a terminal: while a change waits for other writers, one
 * line that counts the seconds, gone once the wait is over. Scripts (no
 * terminal) see nothing: they have the exit status. */
static void cli_waiting(int64_t waited_ms)
{
	if (waited_ms < 0)
		fprintf(stderr, "\r%*s\r", 60, "");
	else
		fprintf(stderr, "\radminflow: waiting for other writers: %lld s", (long long)(waited_ms / 1000));
	fflush(stderr);
}

static af_status open_database(enum db_open_mode mode)
{
	af_status st;

	if (isatty(STDERR_FILENO))
		db_wait_hook = cli_waiting;
	if (!cfg.database[0])
		return af_fail(AF_USAGE, "database: none configured (set database in adminflow.conf, "
			       "or use --db FILE or --demo)");
	/* Before SQLite: it would make a -journal beside a device or a folder. */
	if ((st = userfile_database_ok(cfg.database, mode == DB_OPEN_CREATE)) != AF_OK)
		return st;
	return mode == DB_OPEN_INSPECT ? setup_inspect(cfg.database) : db_open(cfg.database, mode);
}

static int run_tui(void)
{
	af_status st;

	if (cli_opt.demo) {
		char *path = demo_db_path();
		int fresh = access(path, F_OK) != 0;

		config_set_string(&cfg.database, path);
		free(path);
		if (fresh) {
			char *dir = config_user_dir("XDG_DATA_HOME", ".local/share");

			make_dirs(dir);
			free(dir);
			st = open_database(DB_OPEN_CREATE);
			if (st == AF_OK) {
				me.system = 1;
				snprintf(me.login, sizeof me.login, "init");
				st = load_demo(1);
			}
			if (st != AF_OK) {
				db_close();
				unlink(cfg.database);
				return cli_report(st);
			}
			db_close();
		}
	}
	st = open_database(DB_OPEN_USE);
	if (st == AF_OK)
		st = cli_opt.demo ? auth_identify_demo(cli_opt.as) : auth_identify(cli_opt.as);
	/* The one rule of the commands (cli_run): looking writes nothing under
	 * --as when the real user may read all the login may; the first change
	 * made from a screen carries the --as row in its own transaction. */
	if (st == AF_OK)
		st = auth_record_as_read();
	if (st != AF_OK)
		return cli_report(st);
	cli_load_forms(); /* broken files: see forms check */
	st = tui_main();
	auth_end_as();
	db_close();
	/* Hung up: the draft is saved and the database closed, nothing else is
	 * left to flush, and the terminal is gone. The program leaves at once:
	 * the exit handlers have nothing to do, and a sanitizer's leak check
	 * at exit could hang an orphan (LeakSanitizer's tracer stuck stopping
	 * the process it checks, at 45% CPU, once tmux's server was killed). */
	if (tui_hung_up())
		_exit(cli_report(st));
	return cli_report(st);
}

/* The CSV a command writes is for people unless told otherwise: --no-bom
 * (no byte-order mark) and --english (English headers, no label columns)
 * are for scripts, wherever they stand after the command; taken out of
 * argv here so that each command's own parsing never sees them. */
static void csv_flags(int *argc, char **argv)
{
	int n = 1;

	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--no-bom") == 0)
			cfg.excel_bom = 0;
		else if (strcmp(argv[i], "--english") == 0)
			config_set_string(&cfg.export_headers, "english");
		else
			argv[n++] = argv[i];
	}
	argv[n] = NULL;
	*argc = n;
}

int cli_run(int argc, char **argv)
{
	const struct command *cmd = NULL;
	af_status st = config_load(cli_opt.config);

	if (st != AF_OK)
		return cli_report(st);
	if (cli_opt.db && (st = config_override_database(cli_opt.db)) != AF_OK)
		return cli_report(st);
	/* The demo database is the user's own: the program's group has no
	 * business there (a link named demo.db must not reach the shared one). */
	if (cli_opt.demo)
		userfile_drop_for_good();
	if (argc == 0)
		return run_tui();
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd && (cmd->run == cmd_export || cmd->run == cmd_report))
		csv_flags(&argc, argv);
	if (!cmd) {
		fprintf(stderr, "adminflow: %s: unknown command\n", argv[0]);
		cli_usage(NULL, 1);
		return 2;
	}
	if (cli_opt.demo && !cli_opt.db) {
		char *path = demo_db_path();
		char *dir = config_user_dir("XDG_DATA_HOME", ".local/share");

		make_dirs(dir); /* adminflow --demo init on a fresh home */
		free(dir);
		config_set_string(&cfg.database, path);
		free(path);
	}
	/* Whatever a command prints comes from the database one way or another:
	 * through the one rule (safetext.c), so the terminal shows controls
	 * and bidirectional overrides instead of obeying them. */
	FILE *tty_safe = safetext_stream(STDOUT_FILENO), *raw_stdout = stdout;

	if (tty_safe) {
		fflush(stdout);
		stdout = tty_safe;
	}
	st = cmd->needs == NEEDS_OWN_OPEN ? AF_OK : open_database(cmd->mode);
	if (st != AF_OK && cmd->needs == NEEDS_FILE_MAYBE && cfg.database[0])
		st = AF_OK;
	if (st != AF_OK && cmd->needs == NEEDS_DB_MAYBE) {
		snprintf(cli_no_db, sizeof cli_no_db, "%s", cfg.database[0] ? af_errmsg() : "no database configured");
		st = AF_OK;
	}
	/* Locked by another process past the retry limit, or damaged: a
	 * submission is still kept in the outbox (cmd_submit sees no database). */
	if (st != AF_OK && cmd->run == cmd_submit && db_unusable_for_now() &&
	    auth_identify_offline(cli_opt.as) == AF_OK)
		st = cmd->run(argc, argv);
	if (st == AF_OK && cmd->needs == NEEDS_USER) {
		/* A change carries the --as audit row in its own transaction. A
		 * read writes nothing (one read transaction, as without --as)
		 * when the real user sees all the login sees anyway; for anyone
		 * else the row goes in before anything is shown. */
		st = auth_identify(cli_opt.as);
		if (st == AF_OK && cmd->run != cmd_submit && cmd->run != cmd_act)
			st = auth_record_as_read();
		if (st == AF_OK)
			st = cmd->run(argc, argv);
		auth_end_as();
	} else if (st == AF_OK) {
		st = cmd->run(argc, argv);
	}
	db_close();
	if (tty_safe) {
		if (fclose(tty_safe) != 0 && st == AF_OK)
			st = af_fail(AF_ERROR, "standard output: write failed: %s", strerror(errno));
		stdout = raw_stdout;
	}
	return cli_report(st);
}
