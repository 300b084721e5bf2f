#include "autoconf.h"
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "util.h"

af_user me;

/* 1 when login is an active employee (then in `me`), 0 when not, -1 when
 * the database could not say (busy, unreadable): never "not an employee". */
static int load_employee(const char *login)
{
	db_stmt s;
	int found = 0, rc;

	db_prepare(&s, "SELECT e.id, e.login, e.name, e.department_id, d.name"
		   " FROM employees e JOIN departments d ON d.id = e.department_id"
		   " WHERE e.login = :login AND e.active");
	db_bind_text(&s, ":login", login);
	if ((rc = db_step(&s)) == SQLITE_ROW) {
		me.id = db_col_int(&s, 0);
		snprintf(me.login, sizeof me.login, "%s", db_col_text(&s, 1));
		snprintf(me.name, sizeof me.name, "%s", db_col_text(&s, 2));
		me.department_id = db_col_int(&s, 3);
		snprintf(me.department, sizeof me.department, "%s", db_col_text(&s, 4));
		me.system = 0;
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = -1;
	}
	db_done(&s);
	return found;
}

static const char *os_login(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw ? pw->pw_name : NULL;
}

/* 1 while the audit row of --as is still to be written. */
static int as_pending;
/* 1 when the real user may read whatever the --as login may (auth_end_as). */
static int as_sees_no_more;

/* 1 when the employee real_id may read all that as_id may: every request
 * and sensitive field (view_all, see_sensitive) and every permission as_id
 * holds. Looking as as_id then shows them nothing new. */
static int sees_all_of(int64_t real_id, int64_t as_id)
{
	return db_int(0, "SELECT (SELECT count(DISTINCT p.permission) FROM employee_roles r"
		      "   JOIN permissions p ON p.role = r.role"
		      "   WHERE r.employee_id = ?1 AND p.permission IN ('view_all', 'see_sensitive')) = 2"
		      " AND NOT EXISTS (SELECT 1 FROM employee_roles r JOIN permissions p ON p.role = r.role"
		      "   WHERE r.employee_id = ?2 AND p.permission NOT IN"
		      "     (SELECT p2.permission FROM employee_roles r2 JOIN permissions p2 ON p2.role = r2.role"
		      "      WHERE r2.employee_id = ?1))",
		      "II", real_id, as_id) == 1;
}

static af_status audit_as(void *unused)
{
	af_status st;

	(void)unused;
	if ((st = audit_log("as", me.login, "acting as another user")) == AF_OK)
		as_pending = 0;
	return st;
}

af_status auth_identify(const char *as_login)
{
	const char *login = os_login();
	int found;

	memset(&me, 0, sizeof me);
	as_pending = as_sees_no_more = 0;
	if (!login)
		return af_fail(AF_DENIED, "identity: uid %ld has no login name", (long)getuid());
	snprintf(me.real_login, sizeof me.real_login, "%s", login);
	if ((found = load_employee(login)) < 0)
		return db_fail();
	if (!found) {
		if (getuid() != 0)
			return af_fail(AF_DENIED, "identity: login '%s' is not an employee in %s "
				       "(ask the admin office to add you)", login, db_path());
		/* root without a record of its own acts as the system. */
		me.system = 1;
		snprintf(me.login, sizeof me.login, "%s", login);
		snprintf(me.name, sizeof me.name, "%s (system)", login);
	}
	if (!as_login || strcmp(as_login, login) == 0)
		return AF_OK;
	if (getuid() != 0 && !auth_can("impersonate"))
		return af_fail(AF_DENIED, "--as: only root and the admin manager may act as another user");
	int64_t real_id = me.id;
	int real_system = me.system;

	if ((found = load_employee(as_login)) < 0)
		return db_fail();
	if (!found)
		return af_fail(AF_INVALID, "--as: '%s' is not an employee", as_login);
	/* Recorded with the first change made under it, in the same
	 * transaction: when the trail cannot take the row, that change is not
	 * made either (and a submission is kept in the outbox like any other
	 * that cannot land). A command that changes nothing writes nothing
	 * when the real user could read it all anyway (auth_end_as). */
	as_sees_no_more = real_system || sees_all_of(real_id, me.id);
	as_pending = 1;
	db_piggyback(audit_as, NULL);
	return AF_OK;
}

af_status auth_record_as_read(void)
{
	return as_sees_no_more ? AF_OK : auth_record_as();
}

void auth_end_as(void)
{
	if (as_pending && as_sees_no_more) {
		db_piggyback(NULL, NULL);
		as_pending = 0;
	}
}

af_status auth_record_as(void)
{
	af_status st;

	if (!as_pending)
		return AF_OK;
	db_piggyback(NULL, NULL);
	if ((st = db_transact(audit_as, NULL)) == AF_OK)
		as_pending = 0;
	return st;
}

af_status auth_identify_offline(const char *as_login)
{
	const char *login = os_login();

	memset(&me, 0, sizeof me);
	if (!login)
		return af_fail(AF_DENIED, "identity: uid %ld has no login name", (long)getuid());
	snprintf(me.real_login, sizeof me.real_login, "%s", login);
	snprintf(me.login, sizeof me.login, "%s", as_login ? as_login : login);
	return AF_OK;
}

af_status auth_identify_demo(const char *as_login)
{
	const char *login = os_login();
	int found;

	memset(&me, 0, sizeof me);
	/* In the demo database anyone may look as any demo person: a newcomer
	 * sees the approver's side too. The status bar says so. */
	if (as_login) {
		if ((found = load_employee(as_login)) <= 0)
			return found < 0 ? db_fail() :
			       af_fail(AF_INVALID, "--as: '%s' is not a person of the demo company", as_login);
		snprintf(me.real_login, sizeof me.real_login, "%s", login ? login : "");
		me.demo_as = 1;
		return AF_OK;
	}
	if (login && (found = load_employee(login)) != 0)
		return found > 0 ? AF_OK : db_fail();
	if ((found = load_employee("wangwu")) <= 0)
		return found < 0 ? db_fail() : af_fail(AF_DENIED, "identity: the demo database has no admin manager 'wangwu'");
	snprintf(me.real_login, sizeof me.real_login, "%s", "wangwu");
	return AF_OK;
}

af_status auth_become(const char *login)
{
	int found;

	memset(&me, 0, sizeof me);
	if ((found = load_employee(login)) <= 0)
		return found < 0 ? db_fail() : af_fail(AF_INVALID, "'%s' is not an employee", login);
	snprintf(me.real_login, sizeof me.real_login, "%s", login);
	return AF_OK;
}

int auth_has_role(int64_t employee_id, const char *role)
{
	return db_int(0, "SELECT 1 FROM employee_roles WHERE employee_id = ?1 AND role = ?2",
		      "It", employee_id, role) == 1;
}

int auth_can(const char *permission)
{
	if (me.system)
		return 1;
	return auth_employee_can(me.id, permission);
}

int auth_sees_sensitive(int64_t owner_id)
{
	return (owner_id && owner_id == me.id) || auth_can("see_sensitive");
}

int auth_employee_can(int64_t employee, const char *permission)
{
	if (strcmp(permission, "submit") == 0 && employee)
		return 1; /* every employee is an employee */
	return db_int(0, "SELECT 1 FROM employee_roles r JOIN permissions p ON p.role = r.role"
		      " WHERE r.employee_id = ?1 AND p.permission = ?2 LIMIT 1",
		      "It", employee, permission) == 1;
}

af_status auth_require(const char *permission, const char *what)
{
	if (auth_can(permission))
		return AF_OK;
	return af_fail(AF_DENIED, "%s: not permitted for %s (needs the %s permission)",
		       what, me.login, permission);
}

char *auth_roles(void)
{
	if (me.system)
		return xstrdup("system");
	return db_text("employee", "SELECT group_concat(role, ',') FROM"
		       " (SELECT role FROM employee_roles WHERE employee_id = ?1 ORDER BY role)",
		       "I", me.id);
}
