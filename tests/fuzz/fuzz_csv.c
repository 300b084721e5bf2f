/* Fuzz target: CSV import (src/csvio.c, through libcsv, into SQLite). The
 * input is one CSV file, imported as every register in turn into a
 * database made once for the run. What must hold: an import is done
 * (AF_OK) or refused as invalid input (AF_INVALID), never anything else,
 * and a refused one writes nothing. */
#include "autoconf.h"
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "config.h"
#include "csvio.h"
#include "db.h"
#include "fuzz.h"

static const char *const kinds[] = {
	"departments", "employees", "roles", "rooms", "vehicles", "spaces",
	"supplies", "assets", "suppliers", "seals", "licences",
};
static char path[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char db[600];

	(void)argc;
	(void)argv;
	snprintf(db, sizeof db, "%s/fuzz.db", fuzz_scratch());
	snprintf(path, sizeof path, "%s/input.csv", fuzz_scratch());
	if (config_load(NULL) != AF_OK || db_open(db, DB_OPEN_CREATE) != AF_OK) {
		fprintf(stderr, "fuzz_csv: %s\n", af_errmsg());
		abort();
	}
	/* A scratch file: durability is not what is being tested. */
	db_exec("PRAGMA synchronous = OFF", "");
	me.system = 1; /* imports as init does */
	snprintf(me.login, sizeof me.login, "fuzz");
	return 0;
}

/* Rows of every register, to see that a refused import wrote nothing. */
static int64_t rows(void)
{
	return db_int(-1, "SELECT (SELECT count(*) FROM departments) + (SELECT count(*) FROM employees)"
		      " + (SELECT count(*) FROM employee_roles) + (SELECT count(*) FROM rooms)"
		      " + (SELECT count(*) FROM vehicles) + (SELECT count(*) FROM spaces)"
		      " + (SELECT count(*) FROM supplies) + (SELECT count(*) FROM assets)"
		      " + (SELECT count(*) FROM suppliers) + (SELECT count(*) FROM seals)"
		      " + (SELECT count(*) FROM licences) + (SELECT count(*) FROM audit)", "");
}

static void import_all(void *unused)
{
	(void)unused;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		int64_t before = rows();
		af_status st = csvio_import(kinds[i], path, NULL);

		assert(st == AF_OK || st == AF_INVALID);
		if (st != AF_OK)
			assert(rows() == before);
		assert(!db_in_transaction());
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!path[0])
		LLVMFuzzerInitialize(NULL, NULL);
	fuzz_write(path, data, size);
	fuzz_quietly(import_all, NULL);
	return 0;
}
