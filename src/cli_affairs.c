/* Commands of the affairs: calendar grids and the stock hand-out. */
#include "autoconf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "audit.h"
#include "booking.h"
#include "budget.h"
#include "cli.h"
#include "ics.h"
#include "db.h"
#include "expr.h"
#include "meeting.h"
#include "payment.h"
#include "restock.h"
#include "retention.h"
#include "space.h"
#include "stock.h"
#include "userfile.h"
#include "views.h"
#include "util.h"

/* calendar rooms|vehicles [--from DATE] [--days N] */
af_status cmd_calendar(int argc, char **argv)
{
	/* calendar --ics NUMBER: the request's bookings as an invitation */
	if (argc >= 2 && strcmp(argv[1], "--ics") == 0) {
		if (argc != 3)
			return af_fail(AF_USAGE, "usage: adminflow calendar --ics NUMBER");
		return ics_write(argv[2], stdout);
	}
	const char *resource, *from = NULL;
	char today[32];
	int days = 1, slot;
	booking_grid g;
	af_status st;

	if (argc < 2 || (strcmp(argv[1], "rooms") != 0 && strcmp(argv[1], "vehicles") != 0))
		return af_fail(AF_USAGE, "usage: adminflow calendar rooms|vehicles [--from DATE] [--days N]");
	resource = strcmp(argv[1], "rooms") == 0 ? "room" : "vehicle";
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--from") == 0 && i + 1 < argc)
			from = argv[++i];
		else if (strcmp(argv[i], "--days") == 0 && i + 1 < argc)
			days = atoi(argv[++i]);
		else
			return af_fail(AF_USAGE, "usage: adminflow calendar rooms|vehicles [--from DATE] [--days N]");
	}
	tz_today(today, sizeof today);
	slot = days == 1 ? 30 : days <= 7 ? 120 : 0;
	st = booking_grid_load(resource, from ? from : today, days, slot, me.id, &g);
	if (st != AF_OK)
		return st;
	/* Header: the slot's start time, or the day when slots are days. */
	printf("%-8s", resource);
	for (int k = 0; k < g.nslots; k++) {
		if (slot == 0)
			printf(" %.5s", g.slot_start[k] + 5);
		else if (slot == 30 && k % 2 == 0)
			printf("%.2s", g.slot_start[k] + 11);
		else if (slot == 120 && k % 6 == 0)
			printf("|%.5s ", g.slot_start[k] + 5);
	}
	putchar('\n');
	for (int r = 0; r < g.nres; r++) {
		printf("%-8s", g.codes[r]);
		for (int k = 0; k < g.nslots; k++) {
			char c = g.cells[r * g.nslots + k];

			if (slot == 0)
				printf(" %5c", c);
			else if (slot == 30)
				printf("%c", c);
			else
				printf("%s%c", k % 6 == 0 ? "|" : "", c);
		}
		putchar('\n');
	}
	printf("# . free  P pending  B booked  M mine  m mine pending; from %s, %d day(s)\n", from ? from : today, days);
	booking_grid_free(&g);
	return AF_OK;
}

/* Prints a screen's table as the command line's TSV: header first. */
static void print_view(const view_table *t)
{
	for (int c = 0; c < t->ncols; c++)
		printf("%s%s", c ? "\t" : "", t->headers[c]);
	putchar('\n');
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++)
			printf("%s%s", view_cell(t, r, c), c + 1 < t->ncols ? "\t" : "\n");
}

static af_status stock_list(void)
{
	view_table t;
	af_status st = views_register("stock", NULL, &t);

	if (st == AF_OK)
		print_view(&t);
	view_table_free(&t);
	return st;
}

/* stock restock [--submit]: what the prepared purchase request orders, or
 * it submitted. */
static af_status stock_restock(int submit)
{
	stock_restock_line *l;
	restock_result r;
	int n;
	af_status st;

	if (submit) {
		cli_load_forms();
		st = restock_submit(&r);
		for (int i = 0; i < r.n; i++)
			printf("%s\t%s\n", r.numbers[i], r.suppliers[i]);
		for (int i = 0; st == AF_OK && i < r.n_refused; i++)
			printf("# not submitted, %s: complete it by hand\n", r.refused[i]);
		if (st == AF_OK && r.skipped)
			printf("# %d item(s) without a usual supplier or a price: order them by hand\n", r.skipped);
		if (st == AF_OK && r.found)
			printf("# %d of them already on order, not received yet: nothing ordered twice\n", r.found);
		return st;
	}
	cli_load_forms(); /* which affairs order stock: what is on order */
	if ((st = auth_require("manage_stock", "stock restock")) != AF_OK ||
	    (st = stock_restock_lines(&l, &n)) != AF_OK)
		return st;
	puts("supplier\tsupplier_name\tsku\titem\tunit\ton_hand\treserved\treorder_level\ton_order\torder\tprice"
	     "\tamount");
	for (int i = 0; i < n; i++) {
		int64_t amount = l[i].qty * l[i].price_cents;

		printf("%s\t%s\t%s\t%s\t%s\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld.%02lld\t%lld.%02lld\n", l[i].supplier,
		       l[i].supplier_name, l[i].sku, l[i].name, l[i].unit, (long long)l[i].on_hand,
		       (long long)l[i].reserved, (long long)l[i].level, (long long)l[i].on_order, (long long)l[i].qty,
		       (long long)(l[i].price_cents / 100), (long long)(l[i].price_cents % 100),
		       (long long)(amount / 100), (long long)(amount % 100));
	}
	free(l);
	return AF_OK;
}

/* "+N" or "-N" (adjust) or "N" (level) into *v; 0 when it is not one. */
static int parse_count(const char *s, int signed_, int64_t *v)
{
	char *end;

	if (signed_ ? (s[0] != '+' && s[0] != '-') : !(s[0] >= '0' && s[0] <= '9'))
		return 0;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return !*end && errno == 0 && *v > -1000000000 && *v < 1000000000;
}

#define STOCK_USAGE "usage: adminflow stock list | stock adjust SKU +N|-N --reason TEXT" \
	" | stock level SKU N --reason TEXT | stock restock [--submit]" \
	" | stock issue|receive NUMBER | stock return NUMBER SKU QTY"

/* stock list|adjust|level|restock|issue|receive|return ... */
af_status cmd_stock(int argc, char **argv)
{
	stock_request_op c = {0};
	af_status st;

	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return stock_list();
	if (argc >= 2 && strcmp(argv[1], "restock") == 0) {
		if (argc > 3 || (argc == 3 && strcmp(argv[2], "--submit") != 0))
			return af_fail(AF_USAGE, "%s", STOCK_USAGE);
		return stock_restock(argc == 3);
	}
	if (argc >= 2 && (strcmp(argv[1], "adjust") == 0 || strcmp(argv[1], "level") == 0)) {
		int adjust = argv[1][0] == 'a';
		const char *reason = NULL;
		int64_t v;

		if (argc == 6 && strcmp(argv[4], "--reason") == 0)
			reason = argv[5];
		else if (argc != 4)
			return af_fail(AF_USAGE, "%s", STOCK_USAGE);
		if (!parse_count(argv[3], adjust, &v))
			return af_fail(AF_INVALID, adjust ? "stock adjust: '%s' is not +N or -N"
				       : "stock level: '%s' is not a whole number", argv[3]);
		return adjust ? stock_adjust(argv[2], v, reason) : stock_set_level(argv[2], v, reason);
	}
	if ((st = auth_require("manage_stock", "stock")) != AF_OK)
		return st;
	if (argc == 3 && strcmp(argv[1], "issue") == 0) {
		c.number = argv[2];
		c.issue = 1;
	} else if (argc == 3 && strcmp(argv[1], "receive") == 0) {
		c.number = argv[2];
		c.receive = 1;
	} else if (argc == 5 && strcmp(argv[1], "return") == 0) {
		char *end;

		c.number = argv[2];
		c.sku = argv[3];
		c.qty = strtoll(argv[4], &end, 10);
		if (*end || c.qty <= 0)
			return af_fail(AF_INVALID, "stock return: quantity '%s' must be a positive whole number", argv[4]);
	} else {
		return af_fail(AF_USAGE, "%s", STOCK_USAGE);
	}
	return stock_on_request(&c);
}

/* minutes NUMBER (-m TEXT | --file FILE) */
af_status cmd_minutes(int argc, char **argv)
{
	const char *text = NULL, *file = NULL;
	char *buf = NULL;
	af_status st;

	if (argc == 4 && strcmp(argv[2], "-m") == 0)
		text = argv[3];
	else if (argc == 4 && strcmp(argv[2], "--file") == 0)
		file = argv[3];
	else
		return af_fail(AF_USAGE, "usage: adminflow minutes NUMBER (-m TEXT | --file FILE)");
	if (file) {
		FILE *f = userfile_read(file, 0); /* as the user: the group reads nothing for them */
		size_t len = 0, n;
		char chunk[4096];
		strbuf sb = {0};

		if (!f)
			return af_fail(AF_INVALID, "%s: cannot read: %s", file, strerror(errno));
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && len <= 200000) {
			if (memchr(chunk, '\0', n)) {
				fclose(f);
				sb_free(&sb);
				return af_fail(AF_INVALID, "%s: a NUL byte: not a text file", file);
			}
			sb_add(&sb, chunk, n);
			len += n;
		}
		fclose(f);
		buf = sb_take(&sb);
		text = buf;
	}
	cli_load_forms(); /* which affairs keep minutes */
	st = meeting_minutes_save(argv[1], text);
	free(buf);
	return st;
}

/* trip out NUMBER [--date DATE] --odometer N [--driver LOGIN]
 * trip in NUMBER [--date DATE] --odometer N [--fuel X] [--tolls X] [--parking X] */
af_status cmd_trip(int argc, char **argv)
{
	int64_t odo = -1, fuel = 0, tolls = 0, parking = 0;
	const char *driver = NULL, *day = NULL;
	af_status st;
	int in;

	/* Who may, the readings and the amounts are the domain's (booking.h),
	 * the same for the screens. */
	if (argc < 3 || (strcmp(argv[1], "out") != 0 && strcmp(argv[1], "in") != 0))
		return af_fail(AF_USAGE, "usage: adminflow trip out|in NUMBER --odometer N ...");
	in = strcmp(argv[1], "in") == 0;
	for (int i = 3; i < argc; i++) {
		if (i + 1 >= argc)
			return af_fail(AF_USAGE, "trip: %s needs a value", argv[i]);
		if (strcmp(argv[i], "--odometer") == 0) {
			if ((st = booking_trip_km(argv[i], argv[i + 1], &odo)) != AF_OK)
				return st;
			i++;
		} else if (strcmp(argv[i], "--date") == 0 && !day) {
			day = argv[++i];
		} else if (!in && strcmp(argv[i], "--driver") == 0) {
			driver = argv[++i];
		} else if (in && (strcmp(argv[i], "--fuel") == 0 || strcmp(argv[i], "--tolls") == 0 ||
				  strcmp(argv[i], "--parking") == 0)) {
			int64_t *to = argv[i][2] == 'f' ? &fuel : argv[i][2] == 't' ? &tolls : &parking;

			if ((st = booking_trip_amount(argv[i], argv[i + 1], to)) != AF_OK)
				return st;
			i++;
		} else {
			return af_fail(AF_USAGE, "trip: unknown option '%s'", argv[i]);
		}
	}
	if (odo < 0)
		return af_fail(AF_USAGE, "trip: --odometer is required");
	return in ? booking_trip_in(argv[2], day, odo, fuel, tolls, parking) : booking_trip_out(argv[2], day, odo, driver);
}

/* checkin NUMBER [--date DATE] / noshow NUMBER [--date DATE] */
af_status cmd_attend(int argc, char **argv)
{
	int in = strcmp(argv[0], "checkin") == 0;
	const char *day = NULL;

	if (argc == 4 && strcmp(argv[2], "--date") == 0) {
		day = argv[3];
		if (!db_is_date(day))
			return af_fail(AF_INVALID, "%s: --date '%s' is not a date (YYYY-MM-DD)", argv[0], day);
	} else if (argc != 2) {
		return af_fail(AF_USAGE, "usage: adminflow %s NUMBER [--date YYYY-MM-DD]", argv[0]);
	}
	return booking_attend(argv[1], in, day);
}

#define OCCURRENCE_USAGE "usage: adminflow occurrence cancel NUMBER DATE [-m TEXT]" \
	" | occurrence move NUMBER DATE --to \"YYYY-MM-DD HH:MM\" [-m TEXT]"

/* occurrence cancel|move NUMBER DATE ...: one date of a series alone. */
af_status cmd_occurrence(int argc, char **argv)
{
	const char *to = NULL, *why = NULL, *args[2] = { NULL, NULL };
	int nargs = 0, move;

	if (argc < 2 || (strcmp(argv[1], "cancel") != 0 && strcmp(argv[1], "move") != 0))
		return af_fail(AF_USAGE, "%s", OCCURRENCE_USAGE);
	move = strcmp(argv[1], "move") == 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--to") == 0 && i + 1 < argc && move)
			to = argv[++i];
		else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc)
			why = argv[++i];
		else if (argv[i][0] != '-' && nargs < 2)
			args[nargs++] = argv[i];
		else
			return af_fail(AF_USAGE, "%s", OCCURRENCE_USAGE);
	}
	if (nargs != 2 || (move && !to))
		return af_fail(AF_USAGE, "%s", OCCURRENCE_USAGE);
	if (!db_is_date(args[1]))
		return af_fail(AF_INVALID, "occurrence: DATE '%s' is not a date (YYYY-MM-DD)", args[1]);
	return booking_occurrence_change(args[0], args[1], to, why);
}

#define SPACE_USAGE "usage: adminflow space list|free [--floor F] [--date DATE]" \
	" | space release CODE [--date DATE] --reason TEXT | space move CODE TO [--date DATE] --reason TEXT"

/* space list|free|release|move ... */
af_status cmd_space(int argc, char **argv)
{
	const char *floor = NULL, *day = NULL, *reason = NULL, *args[2] = { NULL, NULL };
	int nargs = 0, list, free_only;

	if (argc < 2)
		return af_fail(AF_USAGE, "%s", SPACE_USAGE);
	list = strcmp(argv[1], "list") == 0;
	free_only = strcmp(argv[1], "free") == 0;
	if (!list && !free_only && strcmp(argv[1], "release") != 0 && strcmp(argv[1], "move") != 0)
		return af_fail(AF_USAGE, "%s", SPACE_USAGE);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--floor") == 0 && i + 1 < argc && (list || free_only))
			floor = argv[++i];
		else if (strcmp(argv[i], "--date") == 0 && i + 1 < argc)
			day = argv[++i];
		else if (strcmp(argv[i], "--reason") == 0 && i + 1 < argc && !list && !free_only)
			reason = argv[++i];
		else if (argv[i][0] != '-' && nargs < 2)
			args[nargs++] = argv[i];
		else
			return af_fail(AF_USAGE, "%s", SPACE_USAGE);
	}
	if (day && !db_is_date(day))
		return af_fail(AF_INVALID, "space: --date '%s' is not a date (YYYY-MM-DD)", day);
	if (list || free_only) {
		space_row *r;
		int n;
		af_status st;

		if (nargs)
			return af_fail(AF_USAGE, "%s", SPACE_USAGE);
		if ((st = space_list(free_only, floor, day, &r, &n)) != AF_OK)
			return st;
		if (free_only)
			puts("floor\tcode\tname\tkind\tlocation");
		else
			puts("floor\tcode\tname\tkind\tholder\tlogin\tsince\tuntil\trequest\tstate");
		for (int i = 0; i < n; i++) {
			if (free_only)
				printf("%s\t%s\t%s\t%s\t%s\n", r[i].floor, r[i].code, r[i].name, r[i].kind, r[i].location);
			else
				printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r[i].floor, r[i].code, r[i].name,
				       r[i].kind, r[i].holder, r[i].holder_login, r[i].since, r[i].until, r[i].request,
				       !r[i].holder_login[0] ? "free" : r[i].held ? "held" : "allocated");
		}
		free(r);
		return AF_OK;
	}
	if (argv[1][0] == 'r')
		return nargs == 1 ? space_release(args[0], day, reason) : af_fail(AF_USAGE, "%s", SPACE_USAGE);
	return nargs == 2 ? space_move(args[0], args[1], day, reason) : af_fail(AF_USAGE, "%s", SPACE_USAGE);
}

/* pay NUMBER... [--date DATE] [--ref TEXT] [--file FILE] */
af_status cmd_pay(int argc, char **argv)
{
	const char *day = NULL, *ref = NULL, *file = NULL;
	const char **numbers = xcalloc((size_t)argc + 1, sizeof *numbers);
	char **owned = NULL;
	int n = 0, n_owned = 0;
	af_status st = AF_OK;

	for (int i = 1; i < argc && st == AF_OK; i++) {
		if (strcmp(argv[i], "--date") == 0 && i + 1 < argc)
			day = argv[++i];
		else if (strcmp(argv[i], "--ref") == 0 && i + 1 < argc)
			ref = argv[++i];
		else if (strcmp(argv[i], "--file") == 0 && i + 1 < argc)
			file = argv[++i];
		else if (argv[i][0] != '-')
			numbers[n++] = argv[i];
		else
			st = af_fail(AF_USAGE, "usage: adminflow pay NUMBER... [--date DATE] [--ref TEXT] [--file FILE]");
	}
	/* --file: a batch, one number a line (blank lines and # comments skipped). */
	if (st == AF_OK && file) {
		FILE *f = fopen(file, "r");
		char line[256];

		if (!f)
			st = af_fail(AF_INVALID, "%s: cannot read: %s", file, strerror(errno));
		while (st == AF_OK && f && fgets(line, sizeof line, f)) {
			line[strcspn(line, "\r\n")] = '\0';
			if (!line[0] || line[0] == '#')
				continue;
			owned = xrealloc(owned, (size_t)(n_owned + 1) * sizeof *owned);
			owned[n_owned++] = xstrdup(line);
		}
		if (f)
			fclose(f);
		numbers = xrealloc(numbers, (size_t)(n + n_owned + 1) * sizeof *numbers);
		for (int i = 0; i < n_owned; i++)
			numbers[n++] = owned[i];
	}
	if (st == AF_OK && n == 0)
		st = af_fail(AF_USAGE, "usage: adminflow pay NUMBER... [--date DATE] [--ref TEXT] [--file FILE]");
	if (st == AF_OK) {
		cli_load_forms(); /* which affairs are paid */
		st = payment_pay(numbers, n, day, ref);
	}
	if (st == AF_OK)
		printf("paid %d\n", n);
	for (int i = 0; i < n_owned; i++)
		free(owned[i]);
	free(owned);
	free(numbers);
	return st;
}

#define BUDGET_USAGE "usage: adminflow budget list [--year YEAR] | budget set DEPT YEAR AMOUNT" \
	" [--category C] --reason TEXT"

/* budget list [--year YEAR] | budget set DEPT YEAR AMOUNT [--category C] --reason TEXT */
af_status cmd_budget(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		budget_row *r;
		int n, year = 0;
		af_status st;

		if (argc == 4 && strcmp(argv[2], "--year") == 0) {
			if ((st = budget_parse_year(argv[3], &year)) != AF_OK)
				return st;
		} else if (argc != 2) {
			return af_fail(AF_USAGE, "%s", BUDGET_USAGE);
		}
		if ((st = auth_require("report_money", "budget list")) != AF_OK)
			return st;
		cli_load_forms(); /* which affairs spend a budget */
		if ((st = budget_list(year, &r, &n)) != AF_OK)
			return st;
		puts("year\tdepartment\tdepartment_name\tcategory\tbudget\tspent\tunder_way\tleft");
		for (int i = 0; i < n; i++) {
			int64_t left = r[i].budget - r[i].spent - r[i].underway;

			printf("%d\t%s\t%s\t%s\t%lld.%02lld\t%lld.%02lld\t%lld.%02lld\t%s%lld.%02lld\n", r[i].year, r[i].dept,
			       r[i].dept_name, r[i].category, (long long)(r[i].budget / 100), (long long)(r[i].budget % 100),
			       (long long)(r[i].spent / 100), (long long)(r[i].spent % 100),
			       (long long)(r[i].underway / 100), (long long)(r[i].underway % 100), left < 0 ? "-" : "",
			       (long long)(llabs(left) / 100), (long long)(llabs(left) % 100));
		}
		free(r);
		return AF_OK;
	}
	if (argc >= 5 && strcmp(argv[1], "set") == 0) {
		const char *category = NULL, *reason = NULL;
		int year;
		int64_t cents;
		af_status st;

		for (int i = 5; i < argc; i++) {
			if (strcmp(argv[i], "--category") == 0 && i + 1 < argc)
				category = argv[++i];
			else if (strcmp(argv[i], "--reason") == 0 && i + 1 < argc)
				reason = argv[++i];
			else
				return af_fail(AF_USAGE, "%s", BUDGET_USAGE);
		}
		if ((st = budget_parse_year(argv[3], &year)) != AF_OK ||
		    (st = budget_parse_amount(argv[4], &cents)) != AF_OK)
			return st;
		return budget_set(argv[2], year, category, cents, reason);
	}
	return af_fail(AF_USAGE, "%s", BUDGET_USAGE);
}

#define RETENTION_USAGE "usage: adminflow retention archive [--before DATE] [--dry-run]\n" \
	"       adminflow retention purge [--before DATE] -o FILE | --dry-run"

/* retention archive [--before DATE] [--dry-run]: prints how many requests
 * were (or, with --dry-run, would be) archived. */
af_status cmd_retention(int argc, char **argv)
{
	const char *before = NULL, *out = NULL;
	int dry = 0, purge;
	int64_t n = 0;
	af_status st;

	if (argc < 2 || (strcmp(argv[1], "archive") != 0 && strcmp(argv[1], "purge") != 0))
		return af_fail(AF_USAGE, "%s", RETENTION_USAGE);
	purge = strcmp(argv[1], "purge") == 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			dry = 1;
		else if (strcmp(argv[i], "--before") == 0 && i + 1 < argc)
			before = argv[++i];
		else if (purge && strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else
			return af_fail(AF_USAGE, "%s", RETENTION_USAGE);
	}
	if (purge)
		st = retention_purge(before, out, dry, &n);
	else {
		cli_load_forms(); /* which affairs finance pays */
		st = retention_archive(before, dry, &n);
	}
	if (st == AF_OK)
		printf("%lld\n", (long long)n);
	return st;
}
