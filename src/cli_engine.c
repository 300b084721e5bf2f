/* Commands of the process engine: submit, route, show, inbox, the approval
 * actions, delegation, reminders, forms and the outbox. */
#include "autoconf.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "booking.h"
#include "cli.h"
#include "printform.h"
#include "config.h"
#include "db.h"
#include "engine.h"
#include "formdef.h"
#include "formrefs.h"
#include "notify.h"
#include "meeting.h"
#include "outbox.h"
#include "remind.h"
#include "report.h"
#include "submit.h"
#include "util.h"

af_status cli_load_forms(void)
{
	static int loaded;

	if (loaded)
		return AF_OK;
	loaded = 1;
	/* Broken files are reported by `forms check`; the good ones still work,
	 * and the error said before (a database that would not open) stands. */
	{
		char *said = xstrdup(af_errmsg());

		formdef_load(cfg.forms_dir, NULL);
		af_fail(AF_ERROR, "%s", said);
		free(said);
	}
	return AF_OK;
}

static const form_def *need_form(const char *id, af_status *st)
{
	const form_def *f;

	cli_load_forms();
	f = formdef_find(id);
	*st = f ? AF_OK : af_fail(AF_INVALID, "form %s: no such form in %s (see: adminflow forms)",
				  id, cfg.forms_dir);
	return f;
}

/* NAME=VALUE arguments into inputs (pointing into argv). */
static af_status parse_inputs(int argc, char **argv, engine_input *in, int *n)
{
	*n = 0;
	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq || eq == argv[i])
			return af_fail(AF_USAGE, "'%s': expected NAME=VALUE", argv[i]);
		*eq = '\0';
		in[*n].name = argv[i];
		in[*n].value = eq + 1;
		(*n)++;
	}
	return AF_OK;
}

/* The dates a series could not have, one a line: DATE, times, who has it. */
static void print_clashes(FILE *out, const char *prefix)
{
	const booking_clash *c;
	int n = booking_clashes(&c);

	for (int i = 0; i < n; i++)
		fprintf(out, "%s%s\t%s–%s\t%s\n", prefix, c[i].day, c[i].start + 11, c[i].end, c[i].holder);
}

#define SUBMIT_USAGE "usage: adminflow submit FORM [--key KEY] [--backdate] [--for LOGIN]" \
	" [--skip DATE]... [--skip-clashes] NAME=VALUE..."

/* submit FORM [--key KEY] [--for LOGIN] [--skip DATE]... NAME=VALUE...:
 * the options anywhere (no NAME=VALUE begins with "--"). */
af_status cmd_submit(int argc, char **argv_in)
{
	const char *key = NULL, *for_login = NULL;
	char generated[33], number[64], *path = NULL, warning[400];
	strbuf skip = {0};
	engine_input *in;
	const form_def *f;
	af_status st;
	int n, first = 2, k = 1, warned;
	/* The options are taken out of a copy: the caller's array (the demo's
	 * history owns its strings) is left as it was. */
	char **argv = xcalloc((size_t)argc + 1, sizeof *argv);

	argv[0] = argv_in[0];
	for (int i = 1; i < argc; i++) {
		const char *o = argv_in[i];
		int two = i + 1 < argc;

		if (strcmp(o, "--key") == 0 && two && !key)
			key = argv_in[++i];
		else if (strcmp(o, "--backdate") == 0)
			engine_backdate = 1;
		else if (strcmp(o, "--for") == 0 && two && !for_login)
			for_login = argv_in[++i];
		else if (strcmp(o, "--skip") == 0 && two) {
			sb_puts(&skip, skip.len ? "," : "");
			sb_puts(&skip, argv_in[++i]);
		} else if (strcmp(o, "--skip-clashes") == 0) {
			sb_puts(&skip, skip.len ? "," : "");
			sb_puts(&skip, "clashes");
		} else if (strncmp(o, "--", 2) == 0) {
			free(skip.buf);
			free(argv);
			return af_fail(AF_USAGE, "submit: unknown option %s; " SUBMIT_USAGE, o);
		} else
			argv[k++] = argv_in[i];
	}
	argc = k;
	if (argc < 2 || argv[1][0] == '-') {
		free(skip.buf);
		free(argv);
		return af_fail(AF_USAGE, SUBMIT_USAGE);
	}
	/* A paper record entered after the fact: the admin manager's alone. */
	if (engine_backdate && (st = auth_require("backdate", "submit --backdate")) != AF_OK) {
		free(skip.buf);
		free(argv);
		return st;
	}
	f = need_form(argv[1], &st);
	if (!f) {
		free(skip.buf);
		free(argv);
		return st;
	}
	in = xcalloc((size_t)argc + 2, sizeof *in);
	/* With no database only the input is kept: outbox retry checks it. */
	if ((st = parse_inputs(argc - first, argv + first, in, &n)) != AF_OK ||
	    (db_handle() && (st = engine_validate(f, in, n)) != AF_OK)) {
		free(in);
		free(skip.buf);
		free(argv);
		return st;
	}
	/* The options travel with the inputs, into the outbox too. */
	if (for_login)
		in[n++] = (engine_input){ ENGINE_FOR, for_login };
	if (skip.len)
		in[n++] = (engine_input){ ENGINE_SKIP, skip.buf };
	if (!key) {
		af_random_key(generated);
		key = generated;
	}
	/* Said, not refused: more supplies than in stock. */
	warned = db_handle() && engine_stock_warning(f, in, n, warning, sizeof warning);
	st = submit_durable(f, in, n, key, number, sizeof number, &path);
	if (st == AF_OK) {
		const booking_clash *c;
		int nc = booking_clashes(&c);

		if (warned)
			fprintf(stderr, "adminflow: warning: %s; %s is submitted\n", warning, number);
		if (path)
			fprintf(stderr, "adminflow: outbox: %s not yet confirmed; kept in %s\n", number, path);
		puts(number);
		/* Left out for a clash: each date said, the rest was booked. */
		for (int i = 0; i < nc; i++)
			fprintf(stderr, "adminflow: %s: %s %s–%s not booked: taken by %s\n", number, c[i].day,
				c[i].start + 11, c[i].end, c[i].holder);
	} else if (st == AF_INVALID) {
		/* A series refused for its taken dates: they are listed, one a
		 * line, for the next try to leave out. */
		print_clashes(stdout, "");
	}
	free(path);
	free(in);
	free(skip.buf);
	free(argv);
	return st;
}

#define ROUTE_USAGE "usage: adminflow route FORM [--for LOGIN] NAME=VALUE..."

/* route FORM [--for LOGIN] NAME=VALUE...: the option anywhere, as submit's;
 * for someone else, their route (refused as submit --for refuses). */
af_status cmd_route(int argc, char **argv)
{
	const char *for_login = NULL;
	engine_input *in;
	const form_def *f;
	af_status st;
	int n, k = 0;
	char **rest = xcalloc((size_t)argc + 1, sizeof *rest);

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--for") == 0 && i + 1 < argc && !for_login)
			for_login = argv[++i];
		else if (strncmp(argv[i], "--", 2) == 0) {
			free(rest);
			return af_fail(AF_USAGE, "route: unknown option %s; " ROUTE_USAGE, argv[i]);
		} else
			rest[k++] = argv[i];
	}
	if (argc < 2 || argv[1][0] == '-') {
		free(rest);
		return af_fail(AF_USAGE, ROUTE_USAGE);
	}
	f = need_form(argv[1], &st);
	if (!f) {
		free(rest);
		return st;
	}
	in = xcalloc((size_t)k + 1, sizeof *in);
	st = parse_inputs(k, rest, in, &n);
	if (for_login)
		in[n++] = (engine_input){ ENGINE_FOR, for_login };
	if (st == AF_OK)
		st = engine_route(f, in, n, stdout);
	free(in);
	free(rest);
	return st;
}

struct print_job {
	const char *number;
	int lines;
};

static af_status write_form(void *ctx, FILE *out)
{
	const struct print_job *j = ctx;

	return printform_write(j->number, out, j->lines, PRINTFORM_WIDTH);
}

/* show NUMBER --print [--lines N] [-o FILE]: the approval form for lp. */
static af_status show_print(int argc, char **argv)
{
	struct print_job j = { NULL, PRINTFORM_LINES };
	const char *path = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--print") == 0)
			continue;
		if (strcmp(argv[i], "--lines") == 0 && i + 1 < argc) {
			char *end;
			long n = strtol(argv[++i], &end, 10);

			if (*end || n < 20 || n > 1000)
				return af_fail(AF_INVALID, "--lines: '%s' is not a page length from 20 to 1000", argv[i]);
			j.lines = (int)n;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			path = argv[++i];
		} else if (!j.number && argv[i][0] != '-') {
			j.number = argv[i];
		} else {
			return af_fail(AF_USAGE, "usage: adminflow show NUMBER [--print [--lines N] [-o FILE]]");
		}
	}
	if (!j.number)
		return af_fail(AF_USAGE, "usage: adminflow show NUMBER [--print [--lines N] [-o FILE]]");
	cli_load_forms();
	return af_write_file(path, write_form, &j);
}

af_status cmd_show(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--print") == 0)
			return show_print(argc, argv);
	if (argc != 2)
		return af_fail(AF_USAGE, "usage: adminflow show NUMBER [--print [--lines N] [-o FILE]]");
	cli_load_forms();
	{
		af_status st = engine_show(argv[1], stdout);
		char *minutes = st == AF_OK ? meeting_minutes(argv[1]) : NULL;

		/* Minutes follow the timeline, one line, safe for scripts. */
		if (minutes) {
			fputs("\nminutes\t", stdout);
			for (const char *p = minutes; *p; p++)
				fputs(*p == '\n' ? "\\n" : *p == '\t' ? "\\t" : (char[]){ *p, 0 }, stdout);
			fputc('\n', stdout);
			free(minutes);
		}
		return st;
	}
}

af_status cmd_inbox(int argc, char **argv)
{
	static const char usage[] = "usage: adminflow inbox [--done [--all]|--mine|--cc]";
	enum engine_box box = BOX_TODO;
	int all = 0, more = 0, boxes = 0;
	af_status st;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--all") == 0) {
			all = 1;
			continue;
		}
		if (strcmp(argv[i], "--done") == 0) box = BOX_DONE;
		else if (strcmp(argv[i], "--mine") == 0) box = BOX_MINE;
		else if (strcmp(argv[i], "--cc") == 0) box = BOX_CC;
		else if (strcmp(argv[i], "--todo") == 0) box = BOX_TODO;
		else
			return af_fail(AF_USAGE, "%s", usage);
		if (++boxes > 1)
			return af_fail(AF_USAGE, "%s", usage);
	}
	if (all && box != BOX_DONE)
		return af_fail(AF_USAGE, "%s", usage);
	st = engine_inbox(box, all, &more, stdout);
	if (st == AF_OK && more)
		fprintf(stderr, "adminflow: inbox: the requests of your latest %d actions; --all lists every one\n",
			ENGINE_DONE_LATEST);
	return st;
}

/* approve|reject|... NUMBER... [-m TEXT] [--to STEP] [--before|--after] [--key KEY] [LOGIN] */
af_status cmd_act(int argc, char **argv)
{
	engine_args a = {0};
	engine_action action;
	const char **numbers = xcalloc((size_t)argc, sizeof *numbers);
	engine_input *in = xcalloc((size_t)argc, sizeof *in);
	int n_numbers = 0, failures = 0;
	af_status st = AF_OK, worst = AF_OK;

	if (!engine_action_parse(argv[0], &action)) {
		free(numbers);
		free(in);
		return af_fail(AF_USAGE, "%s: unknown action", argv[0]);
	}
	for (int i = 1; i < argc && st == AF_OK; i++) {
		if (strcmp(argv[i], "-m") == 0 && i + 1 < argc)
			a.opinion = argv[++i];
		else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			a.target = argv[++i];
		else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
			a.key = argv[++i];
		else if (strcmp(argv[i], "--before") == 0)
			a.before = 1;
		else if (strcmp(argv[i], "--after") == 0)
			a.before = 0;
		else if (argv[i][0] == '-')
			st = af_fail(AF_USAGE, "%s: unknown option '%s'", argv[0], argv[i]);
		else if ((action == ACT_RESUBMIT || action == ACT_APPROVE) && n_numbers == 1 && strchr(argv[i], '='))
			st = parse_inputs(1, argv + i, in + a.n_in, &(int){0}), a.n_in++;
		else if ((action == ACT_TRANSFER || action == ACT_ADDSIGN) && n_numbers == 1 && !a.target)
			a.target = argv[i];
		else
			numbers[n_numbers++] = argv[i];
	}
	a.in = in;
	if (st == AF_OK && n_numbers == 0)
		st = af_fail(AF_USAGE, "usage: adminflow %s NUMBER... [-m TEXT]", argv[0]);
	if (st == AF_OK && n_numbers > 1 && action != ACT_APPROVE)
		st = af_fail(AF_USAGE, "%s: one request at a time (batch approval takes several)", argv[0]);
	if (st == AF_OK && (action == ACT_TRANSFER || action == ACT_ADDSIGN) && !a.target)
		st = af_fail(AF_USAGE, "usage: adminflow %s NUMBER LOGIN%s", argv[0],
			     action == ACT_ADDSIGN ? " [--before|--after]" : "");
	if (st != AF_OK) {
		free(numbers);
		free(in);
		return st;
	}
	cli_load_forms();
	/* A batch approval is one transaction per request: each stands alone.
	 * A --key names the whole batch; each request gets KEY:NUMBER, so a
	 * retried batch redoes only what did not commit. */
	for (int i = 0; i < n_numbers; i++) {
		engine_args one = a;
		char *key = NULL;

		if (a.key && n_numbers > 1)
			one.key = key = xasprintf("%s:%s", a.key, numbers[i]);
		st = engine_act(numbers[i], action, &one);
		free(key);
		if (st == AF_OK) {
			if (n_numbers > 1)
				printf("%s\t%s\tok\n", numbers[i], argv[0]);
		} else {
			failures++;
			if (n_numbers > 1)
				fprintf(stderr, "adminflow: %s\n", af_errmsg());
			if (worst == AF_OK || af_exit_code(st) > af_exit_code(worst))
				worst = st;
		}
	}
	free(numbers);
	free(in);
	if (n_numbers > 1 && failures)
		return af_fail(worst, "%s: %d of %d requests not done", argv[0], failures, n_numbers);
	return n_numbers > 1 ? AF_OK : st;
}

/* delegate LOGIN --from DATE --to DATE */
af_status cmd_delegate(int argc, char **argv)
{
	const char *login = NULL, *from = NULL, *to = NULL;

	if (argc == 2 && strcmp(argv[1], "--list") == 0)
		return engine_delegations(stdout);
	if (argc == 3 && strcmp(argv[1], "--cancel") == 0) {
		char *end;
		long long id = strtoll(argv[2], &end, 10);

		if (!*argv[2] || *end || id <= 0)
			return af_fail(AF_INVALID, "delegate --cancel: '%s' is not a delegation number", argv[2]);
		return engine_undelegate((int64_t)id);
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--from") == 0 && i + 1 < argc)
			from = argv[++i];
		else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			to = argv[++i];
		else if (!login && argv[i][0] != '-')
			login = argv[i];
		else
			login = NULL, i = argc;
	}
	if (!login || !from || !to)
		return af_fail(AF_USAGE, "usage: adminflow delegate LOGIN --from DATE --to DATE | --list | --cancel ID");
	return engine_delegate(login, from, to);
}

/* remind [--dry-run]: the engine's time limits, then the registers'. */
af_status cmd_remind(int argc, char **argv)
{
	int dry = 0, acted = 0;
	af_status st;

	if (argc == 2 && strcmp(argv[1], "--dry-run") == 0)
		dry = 1;
	else if (argc != 1)
		return af_fail(AF_USAGE, "usage: adminflow remind [--dry-run]");
	/* Even the dry run lists every overdue step in the company. */
	if ((st = auth_require("remind", dry ? "remind --dry-run" : "remind")) != AF_OK)
		return st;
	cli_load_forms();
	st = engine_timeouts(dry, stdout, &acted);
	if (st == AF_OK) /* licences, low stock, assets due back, bookings soon */
		st = remind_run(dry, stdout, &acted);
	return st;
}

/* notify: what the actions left unsent (cron or a timer runs it) */
af_status cmd_notify(int argc, char **argv)
{
	notify_stats ns;
	af_status st;
	int digest = argc == 2 && strcmp(argv[1], "--digest") == 0;

	if (argc != 1 && !digest)
		return af_fail(AF_USAGE, "usage: adminflow notify [--digest]");
	st = notify_send_pending(digest, &ns);
	if (st == AF_OK) {
		printf("notify: %lld sent, %lld failed, %lld not sent (older than %d hours)", (long long)ns.sent,
		       (long long)ns.failed, (long long)ns.not_sent, notify_max_age_hours());
		if (ns.no_way)
			printf(", %lld not sent (no way to reach the addressee)", (long long)ns.no_way);
		if (digest)
			printf(", %lld digest mails", (long long)ns.digests);
		else if (ns.digest)
			printf(", %lld kept for the daily digest", (long long)ns.digest);
		printf("\n");
	}
	return st;
}

/* forms [check [DIR]] */
af_status cmd_forms(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "check") == 0) {
		int n = 0, warnings = 0;
		af_status st;

		if (argc > 3)
			return af_fail(AF_USAGE, "usage: adminflow forms [check [DIR]]");
		const char *dir = argc == 3 ? argv[2] : cfg.forms_dir;
		int bad_refs = 0, ref_warnings = 0;

		st = formdef_check_dir(dir, stderr, &n, &warnings);
		/* The names forms give people, roles and departments: against the
		 * database, when there is one. */
		if ((st == AF_OK || st == AF_INVALID) && !cli_no_db[0]) {
			af_status rs;

			formdef_load(dir, NULL);
			rs = formrefs_check(stderr, &bad_refs, &ref_warnings);
			if (rs != AF_OK)
				return rs;
			warnings += ref_warnings;
			if (bad_refs && st == AF_OK)
				st = AF_INVALID;
		}
		if (st == AF_OK)
			printf("%d forms ok%s\n", n, warnings ? ", with warnings" : "");
		if (cli_no_db[0] && (st == AF_OK || st == AF_INVALID))
			fprintf(stderr, "adminflow: forms check: the logins, roles and departments the forms name "
				"were not checked (%s)\n", cli_no_db);
		if (st == AF_INVALID)
			st = af_fail(AF_INVALID, "forms: errors in %s", dir);
		return st;
	}
	if (argc != 1)
		return af_fail(AF_USAGE, "usage: adminflow forms [check [DIR]]");
	cli_load_forms();
	printf("id\ttitle\tprefix\tsteps\tfile\n");
	for (int i = 0; i < formdef_count(); i++) {
		const form_def *f = formdef_at(i);

		printf("%s\t%s\t%s\t%d\t%s\n", f->id, f->title, f->prefix, f->n_steps, f->file);
	}
	return AF_OK;
}

/* outbox [list|retry|drop KEY|clean]: submissions saved locally but not
 * confirmed in the database. retry submits each with its own idempotency
 * key, so one that did reach the database is found, not doubled. list also
 * shows the partial copies that killed runs left (never submitted: their
 * run died before it began), as rows whose state is "partial"; clean
 * removes them. */
af_status cmd_outbox(int argc, char **argv)
{
	outbox_entry *e, *partial;
	const char *verb = argc >= 2 ? argv[1] : "list";
	int n, found = 0;
	af_status worst = AF_OK;
	int n_partial;

	if (!((argc <= 2 && (strcmp(verb, "list") == 0 || strcmp(verb, "retry") == 0 ||
			     strcmp(verb, "clean") == 0)) ||
	      (argc == 3 && strcmp(verb, "drop") == 0)))
		return af_fail(AF_USAGE, "usage: adminflow outbox [list|retry|drop KEY|clean]");
	n_partial = outbox_partial(&partial);
	if (strcmp(verb, "clean") == 0) {
		for (int i = 0; i < n_partial; i++) {
			if (outbox_remove_partial(partial[i].path) == 0)
				printf("removed\t%s\n", partial[i].path);
			else
				worst = af_fail(AF_ERROR, "outbox: %s: %s", partial[i].path, strerror(errno));
		}
		outbox_free(partial, n_partial);
		free(partial);
		return worst;
	}
	if (strcmp(verb, "list") == 0) {
		printf("key\tform\tfields\tfile\tstate\n");
		for (int i = 0; i < n_partial; i++) {
			printf("%s\t-\t-\t%s\tpartial\n", partial[i].key, partial[i].path);
			fprintf(stderr, "adminflow: outbox: %s: a partial copy left by a killed run (never "
				"submitted); adminflow outbox clean removes it\n", partial[i].path);
		}
	}
	outbox_free(partial, n_partial);
	free(partial);
	cli_load_forms();
	n = outbox_list(me.login, &e);
	if (strcmp(verb, "retry") == 0)
		printf("key\tnumber\n");
	for (int i = 0; i < n; i++) {
		char number[64];
		const form_def *f;
		af_status st;

		if (strcmp(verb, "list") == 0) {
			printf("%s\t%s\t%d\t%s\tsaved\n", e[i].key, e[i].form, e[i].n, e[i].path);
			continue;
		}
		if (strcmp(verb, "drop") == 0) {
			if (strcmp(e[i].key, argv[2]) != 0)
				continue;
			found = 1;
			if (outbox_remove(e[i].path) != 0)
				worst = af_fail(AF_ERROR, "outbox: %s: %s", e[i].path, strerror(errno));
			continue;
		}
		f = need_form(e[i].form, &st);
		if (f)
			st = engine_submit(f, e[i].in, e[i].n, e[i].key, number, sizeof number);
		if (st == AF_OK && outbox_confirm(e[i].path, e[i].key)) {
			printf("%s\t%s\n", e[i].key, number);
		} else {
			if (st == AF_OK)
				st = af_fail(AF_BUSY, "outbox: %s: submitted as %s but not yet confirmed; kept",
					     e[i].key, number);
			fprintf(stderr, "adminflow: outbox: %s: %s\n", e[i].key, af_errmsg());
			if (worst == AF_OK || af_exit_code(st) > af_exit_code(worst))
				worst = st;
		}
	}
	outbox_free(e, n);
	free(e);
	if (strcmp(verb, "drop") == 0 && !found && worst == AF_OK)
		return af_fail(AF_INVALID, "outbox: no saved submission with key %s", argv[2]);
	return worst == AF_OK ? AF_OK : af_fail(worst, "outbox: some submissions are still waiting");
}
