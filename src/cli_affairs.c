/* Commands of the affairs: calendar grids and the stock hand-out. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "booking.h"
#include "cli.h"
#include "db.h"
#include "stock.h"
#include "util.h"

/* calendar rooms|vehicles [--from DATE] [--days N] */
af_status cmd_calendar(int argc, char **argv)
{
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
	af_format_time(af_now(), today, sizeof today);
	today[10] = '\0';
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
	printf("# . free  P pending  B booked  M mine; from %s, %d day(s)\n", from ? from : today, days);
	booking_grid_free(&g);
	return AF_OK;
}

struct stock_ctx {
	const char *number, *sku;
	int64_t qty;
	int issue;
};

static af_status do_stock(void *arg)
{
	struct stock_ctx *c = arg;
	int64_t id = db_int(0, "SELECT id FROM requests WHERE number = ?1 AND state = 'done'", "t", c->number);

	if (!id)
		return af_fail(AF_CONFLICT, "%s: no completed requisition with that number", c->number);
	if (c->issue) {
		/* Reserved and not yet released or handed out. */
		if (db_int(0, "SELECT coalesce(sum(CASE kind WHEN 'reserve' THEN quantity ELSE -quantity END), 0)"
			   " FROM stock_moves WHERE request_id = ?1 AND kind IN ('reserve', 'release', 'issue')",
			   "I", id) <= 0)
			return af_fail(AF_CONFLICT, "%s: nothing is reserved for it (already handed out?)", c->number);
		return stock_issue(id, me.id);
	}
	return stock_return(id, c->sku, c->qty, me.id);
}

/* stock issue NUMBER | stock return NUMBER SKU QTY */
af_status cmd_stock(int argc, char **argv)
{
	struct stock_ctx c = {0};
	af_status st = auth_require("manage_stock", "stock");

	if (st != AF_OK)
		return st;
	if (argc == 3 && strcmp(argv[1], "issue") == 0) {
		c.number = argv[2];
		c.issue = 1;
	} else if (argc == 5 && strcmp(argv[1], "return") == 0) {
		char *end;

		c.number = argv[2];
		c.sku = argv[3];
		c.qty = strtoll(argv[4], &end, 10);
		if (*end || c.qty <= 0)
			return af_fail(AF_INVALID, "stock return: quantity '%s' must be a positive whole number", argv[4]);
	} else {
		return af_fail(AF_USAGE, "usage: adminflow stock issue NUMBER | stock return NUMBER SKU QTY");
	}
	return db_transact(do_stock, &c);
}
