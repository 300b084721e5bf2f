#include "autoconf.h"
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "csvio.h"
#include "db.h"
#include "schema.h"
#include "setup.h"
#include "userfile.h"
#include "util.h"

/* What setup_check found, for setup_apply. */
static struct {
	int version;      /* user_version before; 0 for a new file */
	int demo_marked;  /* demo data was (being) loaded into it */
	int64_t employees, requests;
} found;

#define DEMO_MARK "setup.demo"

/* `me` as the operating-system login acting as the system: nobody can be
 * identified in a database that does not exist yet. */
static af_status as_system(void)
{
	struct passwd *pw = getpwuid(getuid());

	memset(&me, 0, sizeof me);
	if (!pw)
		return af_fail(AF_DENIED, "identity: uid %ld has no login name", (long)getuid());
	me.system = 1;
	snprintf(me.login, sizeof me.login, "%s", pw->pw_name);
	snprintf(me.real_login, sizeof me.real_login, "%s", pw->pw_name);
	snprintf(me.name, sizeof me.name, "%s (system)", pw->pw_name);
	return AF_OK;
}

static int has_table(const char *name)
{
	return db_int(0, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", "t", name) > 0;
}

/* The existing database's version, owner check and contents; the
 * connection is read-only. */
static af_status look(const char *as_login)
{
	af_status st;
	int64_t tables;

	found.version = (int)db_int(-1, "PRAGMA user_version", "");
	tables = db_int(-1, "SELECT count(*) FROM sqlite_master", "");
	if (found.version < 0 || tables < 0)
		return db_fail();
	if (found.version == 0) {
		if (tables > 0)
			return af_fail(AF_INVALID, "%s: not an adminflow database (another program's: "
				       "%lld tables, no adminflow schema version); not changed", db_path(),
				       (long long)tables);
		return as_system();
	}
	if ((st = auth_identify(NULL)) != AF_OK)
		return st;
	if (getuid() != 0 && !auth_has_role(me.id, "admin_manager"))
		return af_fail(AF_DENIED, "init: %s: the database exists; only the admin manager or root "
			       "may upgrade it or add to it (not %s)", db_path(), me.login);
	if (as_login && (st = auth_identify(as_login)) != AF_OK)
		return st;
	found.employees = has_table("employees") ? db_int(0, "SELECT count(*) FROM employees", "") : 0;
	found.requests = has_table("requests") ? db_int(0, "SELECT count(*) FROM requests", "") : 0;
	found.demo_marked = has_table("counters") &&
		db_int(0, "SELECT value FROM counters WHERE name = ?1", "t", DEMO_MARK) > 0;
	return AF_OK;
}

af_status setup_check(const char *path, const char *as_login, int demo)
{
	struct stat sb;
	af_status st;

	memset(&found, 0, sizeof found);
	if ((st = userfile_database_ok(path, 1)) != AF_OK)
		return st;
	if (stat(path, &sb) == 0 && sb.st_size > 0) {
		st = db_open(path, DB_OPEN_INSPECT);
		if (st != AF_OK && (db_last_error() & 0xff) == SQLITE_READONLY) {
			/* A hot journal (a write cut short) that a read-only look
			 * cannot roll back: any read-write open does, as every
			 * command's would; then look again. */
			db_open(path, DB_OPEN_USE);
			db_close();
			st = db_open(path, DB_OPEN_INSPECT);
		}
		if (st != AF_OK)
			return st;
		st = look(as_login);
		db_close();
		if (st != AF_OK)
			return st;
	} else if ((st = as_system()) != AF_OK) {
		return st;
	}
	if (found.version == 0 && af_multi_user())
		return af_fail(AF_DENIED, "init: %s: in a multi-user installation only root makes the "
			       "database", path);
	/* A demo database whose load was cut short is finished; one that has
	 * been worked in is not the demo's any more. */
	if (demo && (found.requests > 0 || (!found.demo_marked && found.employees > 0)))
		return af_fail(AF_CONFLICT, "init --demo: %s holds real data (%lld employees, %lld requests); "
			       "demo data goes only into a new database; nothing changed", path,
			       (long long)found.employees, (long long)found.requests);
	return AF_OK;
}

static af_status mark_demo(void *unused)
{
	(void)unused;
	if (db_exec("INSERT INTO counters(name, value) VALUES (?1, 1)"
		    " ON CONFLICT(name) DO UPDATE SET value = 1", "t", DEMO_MARK) != SQLITE_DONE)
		return db_fail();
	return AF_OK;
}

static af_status audit_upgrade(void *unused)
{
	char detail[96];

	(void)unused;
	snprintf(detail, sizeof detail, "schema version %d upgraded to %d", found.version, SCHEMA_VERSION);
	return audit_log("init", db_path(), detail);
}

/* Each import audits itself, as `me`. */
af_status setup_load_demo(void)
{
	/* Departments twice: their heads are employees, imported in between. */
	static const struct { const char *kind, *skip; } order[] = {
		{ "departments", "head" }, { "employees", NULL }, { "departments", NULL },
		{ "roles", NULL }, { "rooms", NULL }, { "vehicles", NULL }, { "spaces", NULL },
		{ "supplies", NULL }, { "assets", NULL }, { "suppliers", NULL },
		{ "seals", NULL }, { "licences", NULL },
	};
	af_status st = db_transact(mark_demo, NULL);

	for (size_t i = 0; st == AF_OK && i < sizeof order / sizeof order[0]; i++) {
		char *file = xasprintf("%s/%s.csv", cfg.data_dir, order[i].kind);

		st = csvio_import(order[i].kind, file, order[i].skip);
		free(file);
	}
	return st;
}

af_status setup_apply(void)
{
	if (found.version > 0 && found.version < SCHEMA_VERSION)
		return db_transact(audit_upgrade, NULL);
	return AF_OK;
}
