/* Commands of the fixed assets and the stocktake: arguments here, the
 * rules in assets.c. Listings are tab-separated, header first. */
#include "autoconf.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "assets.h"
#include "cli.h"
#include "expr.h"
#include "util.h"

#define ASSETS_USAGE \
	"usage: adminflow assets [list] [--location L] [--status S]\n" \
	"       adminflow assets receive TAG NAME --location L [--category C] [--cost AMOUNT] [--date DATE]" \
	" [--request NUMBER] [-m NOTE]\n" \
	"       adminflow assets assign TAG LOGIN [--location L] [--return-due DATE] [-m NOTE]\n" \
	"       adminflow assets return TAG [--location L] [-m NOTE]\n" \
	"       adminflow assets move TAG LOCATION [-m NOTE]\n" \
	"       adminflow assets writeoff TAG -m REASON\n" \
	"       adminflow assets history TAG\n" \
	"       adminflow assets depreciation TAG [--life MONTHS] [--salvage AMOUNT] [--in-service DATE]\n" \
	"       adminflow assets category CATEGORY --life MONTHS"

#define STOCKTAKE_USAGE \
	"usage: adminflow stocktake start [--location L] | count FILE | diff [ID]" \
	" | resolve TAG found|lost|moved|added [--name NAME] [--category C] | close"

/* Options every subcommand may take; which it accepts is its own business. */
struct args {
	const char *pos[3];
	int npos;
	const char *location, *status, *category, *cost, *date, *request, *note, *name, *return_due;
	const char *life, *salvage, *in_service;
};

/* Text to the terminal or a pipe: control characters shown as '?', so a
 * hostile name or note cannot move the cursor. */
static void put_safe_keeping(const char *s, int keep_lines)
{
	for (; *s; s++)
		putchar(((unsigned char)*s < 0x20 && !(keep_lines && *s == '\n')) || *s == 0x7f ? '?' : *s);
}

static void put_safe(const char *s)
{
	put_safe_keeping(s, 0);
}

static void put_cells(const char *const *cells, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			putchar('\t');
		put_safe(cells[i]);
	}
	putchar('\n');
}

/* Parses argv[first..]: up to max positional arguments and the options
 * named in allowed (a space-separated list). */
static af_status parse(int argc, char **argv, int first, int max, const char *allowed, struct args *a,
		       const char *usage)
{
	static const struct {
		const char *flag;
		size_t off;
	} opts[] = {
		{ "--location", offsetof(struct args, location) },
		{ "--status", offsetof(struct args, status) },
		{ "--category", offsetof(struct args, category) },
		{ "--cost", offsetof(struct args, cost) },
		{ "--date", offsetof(struct args, date) },
		{ "--request", offsetof(struct args, request) },
		{ "--name", offsetof(struct args, name) },
		{ "--return-due", offsetof(struct args, return_due) },
		{ "--life", offsetof(struct args, life) },
		{ "--salvage", offsetof(struct args, salvage) },
		{ "--in-service", offsetof(struct args, in_service) },
		{ "-m", offsetof(struct args, note) },
	};

	memset(a, 0, sizeof *a);
	for (int i = first; i < argc; i++) {
		const char *arg = argv[i];
		int known = 0;

		for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
			const char *f = opts[k].flag;
			size_t n = strlen(f);

			if (strcmp(arg, f) != 0)
				continue;
			/* allowed names it as a whole word */
			for (const char *p = strstr(allowed, f); p; p = strstr(p + 1, f))
				if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
					known = 1;
			if (!known || i + 1 >= argc)
				return af_fail(AF_USAGE, "%s", usage);
			*(const char **)((char *)a + opts[k].off) = argv[++i];
		}
		if (known)
			continue;
		if (arg[0] == '-' || a->npos >= max)
			return af_fail(AF_USAGE, "%s", usage);
		a->pos[a->npos++] = arg;
	}
	return AF_OK;
}

/* A listing's header, written before its first row (or alone once the
 * listing is found empty), never before a refusal. */
struct listing {
	const char *const *head;
	int n, started;
};

static void start_listing(struct listing *l)
{
	if (!l->started)
		put_cells(l->head, l->n);
	l->started = 1;
}

/* The book value and the depreciation behind it, today's; none for an
 * asset off the books (retired, lost). */
static void print_asset(void *ctx, const asset_row *r)
{
	char cost[32], dep[32] = "", book[32] = "";
	const char *cells[] = { r->tag, r->name, r->category, r->status, r->holder, r->location, r->return_due,
				cost, dep, book };

	expr_format_money(r->cost, cost, sizeof cost);
	if (r->on_books) {
		expr_format_money(r->value.depreciated, dep, sizeof dep);
		expr_format_money(r->value.book, book, sizeof book);
	}
	start_listing(ctx);
	put_cells(cells, 10);
}

static void print_move(void *ctx, const asset_move_row *m)
{
	const char *cells[] = { m->at, m->kind, m->from_status, m->to_status, m->from_holder,
				m->to_holder, m->actor, m->request, m->note };

	start_listing(ctx);
	put_cells(cells, 9);
}

/* assets [list|receive|assign|return|move|writeoff|history] ... */
af_status cmd_assets(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "list";
	struct args a;
	af_status st;

	if (argc > 1 && argv[1][0] == '-')
		sub = "list";
	if (strcmp(sub, "list") == 0) {
		static const char *const head[] = { "tag", "name", "category", "status", "holder", "location",
						    "return_due", "cost", "depreciated", "book_value" };
		struct listing l = { head, 10, 0 };

		st = parse(argc, argv, argc > 1 && argv[1][0] != '-' ? 2 : 1, 0, "--location --status", &a,
			   ASSETS_USAGE);
		if (st == AF_OK)
			st = assets_list(a.location, a.status, print_asset, &l);
		if (st == AF_OK)
			start_listing(&l);
		return st;
	}
	if (strcmp(sub, "receive") == 0) {
		asset_receipt r;

		st = parse(argc, argv, 2, 2, "--location --category --cost --date --request -m", &a,
			   ASSETS_USAGE);
		if (st == AF_OK && a.npos != 2)
			st = af_fail(AF_USAGE, "%s", ASSETS_USAGE);
		if (st != AF_OK)
			return st;
		r = (asset_receipt){ a.pos[0], a.pos[1], a.category, a.location, a.date, a.cost, a.request, a.note };
		if (a.request)
			cli_load_forms(); /* which affairs assets are received against */
		return assets_receive(&r);
	}
	if (strcmp(sub, "assign") == 0) {
		int64_t move = 0;
		char *slip;

		st = parse(argc, argv, 2, 2, "--location --return-due -m", &a, ASSETS_USAGE);
		if (st == AF_OK && a.npos != 2)
			st = af_fail(AF_USAGE, "%s", ASSETS_USAGE);
		if (st == AF_OK)
			st = assets_assign(a.pos[0], a.pos[1], a.location, a.note, a.return_due, &move);
		if (st != AF_OK)
			return st;
		/* The slip, read back from what was committed: two copies are signed. */
		slip = assets_slip(move);
		if (slip)
			put_safe_keeping(slip, 1), free(slip);
		return AF_OK;
	}
	if (strcmp(sub, "history") == 0) {
		static const char *const head[] = { "at", "kind", "from_status", "to_status", "from_holder",
						    "to_holder", "by", "request", "note" };
		struct listing l = { head, 9, 0 };

		st = parse(argc, argv, 2, 1, "", &a, ASSETS_USAGE);
		if (st == AF_OK && a.npos != 1)
			st = af_fail(AF_USAGE, "%s", ASSETS_USAGE);
		if (st == AF_OK)
			st = assets_history(a.pos[0], print_move, &l);
		if (st == AF_OK)
			start_listing(&l);
		return st;
	}
	if (strcmp(sub, "return") == 0) {
		st = parse(argc, argv, 2, 1, "--location -m", &a, ASSETS_USAGE);
		if (st == AF_OK && a.npos != 1)
			st = af_fail(AF_USAGE, "%s", ASSETS_USAGE);
		return st == AF_OK ? assets_return(a.pos[0], a.location, a.note) : st;
	}
	if (strcmp(sub, "move") == 0) {
		st = parse(argc, argv, 2, 2, "-m", &a, ASSETS_USAGE);
		if (st == AF_OK && a.npos != 2)
			st = af_fail(AF_USAGE, "%s", ASSETS_USAGE);
		return st == AF_OK ? assets_move(a.pos[0], a.pos[1], a.note) : st;
	}
	if (strcmp(sub, "writeoff") == 0) {
		st = parse(argc, argv, 2, 1, "-m", &a, ASSETS_USAGE);
		if (st == AF_OK && a.npos != 1)
			st = af_fail(AF_USAGE, "%s", ASSETS_USAGE);
		return st == AF_OK ? assets_writeoff(a.pos[0], a.note) : st;
	}
	if (strcmp(sub, "depreciation") == 0) {
		st = parse(argc, argv, 2, 1, "--life --salvage --in-service", &a, ASSETS_USAGE);
		if (st == AF_OK && a.npos != 1)
			st = af_fail(AF_USAGE, "%s", ASSETS_USAGE);
		return st == AF_OK ? assets_set_depreciation(a.pos[0], a.life, a.salvage, a.in_service) : st;
	}
	if (strcmp(sub, "category") == 0) {
		st = parse(argc, argv, 2, 1, "--life", &a, ASSETS_USAGE);
		if (st == AF_OK && (a.npos != 1 || !a.life))
			st = af_fail(AF_USAGE, "%s", ASSETS_USAGE);
		return st == AF_OK ? assets_set_category_life(a.pos[0], a.life) : st;
	}
	return af_fail(AF_USAGE, "%s", ASSETS_USAGE);
}

static void print_diff(void *ctx, const stocktake_diff_row *d)
{
	const char *cells[] = { d->tag, d->kind, d->name, d->booked, d->counted, d->holder, d->resolution };

	start_listing(ctx);
	put_cells(cells, 7);
}

/* stocktake start|count|diff|resolve|close ... */
af_status cmd_stocktake(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	struct args a;
	int64_t id = 0;
	af_status st;

	if (strcmp(sub, "start") == 0) {
		st = parse(argc, argv, 2, 0, "--location", &a, STOCKTAKE_USAGE);
		if (st == AF_OK)
			st = stocktake_start(a.location, &id);
		if (st == AF_OK)
			printf("%lld\n", (long long)id);
		return st;
	}
	if (strcmp(sub, "count") == 0) {
		int rows = 0;

		st = parse(argc, argv, 2, 1, "", &a, STOCKTAKE_USAGE);
		if (st == AF_OK && a.npos != 1)
			st = af_fail(AF_USAGE, "%s", STOCKTAKE_USAGE);
		if (st == AF_OK)
			st = stocktake_count(a.pos[0], &id, &rows);
		if (st == AF_OK)
			printf("stocktake %lld: %d count%s imported\n", (long long)id, rows, rows == 1 ? "" : "s");
		return st;
	}
	if (strcmp(sub, "diff") == 0) {
		static const char *const head[] = { "tag", "difference", "name", "booked", "counted", "holder",
						    "resolution" };
		struct listing l = { head, 7, 0 };
		int left = 0;
		int64_t shown = 0;
		char *end = NULL;

		st = parse(argc, argv, 2, 1, "", &a, STOCKTAKE_USAGE);
		if (st != AF_OK)
			return st;
		if (a.npos == 1) {
			id = strtoll(a.pos[0], &end, 10);
			if (*end || id <= 0)
				return af_fail(AF_INVALID, "stocktake diff: '%s' is not a stocktake number", a.pos[0]);
		}
		st = stocktake_diff(id, print_diff, &l, &shown, &left);
		if (st == AF_OK) {
			start_listing(&l);
			printf("# stocktake %lld: %d unresolved\n", (long long)shown, left);
		}
		return st;
	}
	if (strcmp(sub, "resolve") == 0) {
		st = parse(argc, argv, 2, 2, "--name --category", &a, STOCKTAKE_USAGE);
		if (st == AF_OK && a.npos != 2)
			st = af_fail(AF_USAGE, "%s", STOCKTAKE_USAGE);
		return st == AF_OK ? stocktake_resolve(a.pos[0], a.pos[1], a.name, a.category) : st;
	}
	if (strcmp(sub, "close") == 0) {
		st = parse(argc, argv, 2, 0, "", &a, STOCKTAKE_USAGE);
		if (st == AF_OK)
			st = stocktake_close(&id);
		if (st == AF_OK)
			printf("stocktake %lld: closed\n", (long long)id);
		return st;
	}
	return af_fail(AF_USAGE, "%s", STOCKTAKE_USAGE);
}
