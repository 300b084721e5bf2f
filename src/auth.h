/* Who is running adminflow and what they may do. Identity is the
 * operating-system login mapped to an employee; --as is for root and the
 * admin manager, and audited. */
#ifndef AF_AUTH_H
#define AF_AUTH_H

#include <stdint.h>
#include "status.h"

typedef struct {
	int64_t id;          /* employees.id; 0 for root acting as the system */
	char login[65];
	char name[101];
	int64_t department_id;
	char department[101];
	int system;          /* root with no employee record: all permissions */
	char real_login[65]; /* the OS login behind --as */
	int demo_as;         /* the demo database, looked at as another person */
} af_user;

extern af_user me;

/* Sets `me` from getuid() (or as_login when allowed) against the open
 * database. AF_DENIED with a clear message for an unknown login or a --as
 * that is not allowed. The use of --as is audited with the first change
 * made under it, in that change's transaction: when the trail cannot take
 * the row, the change fails with it. */
af_status auth_identify(const char *as_login);
/* For what only shows: the --as row, if still to be written, now and in a
 * transaction of its own; when that fails, nothing may be shown. */
af_status auth_record_as(void);
/* Before a command that may only show: auth_record_as, unless the real
 * user may read all that the --as login may (see auth_end_as); then the
 * row rides in the first change made, or is dropped if none is. */
af_status auth_record_as_read(void);
/* At the end of a command: when it changed nothing (the --as row is still
 * to be written) and the real user may read all that the --as login may
 * (root as the system; else view_all, see_sensitive and every permission
 * of that login), the row is dropped: a read writes nothing, under --as
 * too. Otherwise it is left for db_close to write. */
void auth_end_as(void);
/* Without the database (locked past the retry limit): `me` names the OS
 * login, or as_login, and nothing is checked. Only for saving a submission
 * to the local outbox; `outbox retry` identifies and checks properly. */
af_status auth_identify_offline(const char *as_login);
/* Demo mode: as_login (anyone of the demo company, me.demo_as set), else
 * the OS login when it is an employee, else the demo's admin manager. */
af_status auth_identify_demo(const char *as_login);
/* `me` becomes the employee login, unchecked and unaudited: only for the
 * demo's history, replayed while the demo database is made. */
af_status auth_become(const char *login);
/* 1 when the current user holds permission (via any role). */
int auth_can(const char *permission);
/* The same for another employee (whom a notice would reach). */
int auth_employee_can(int64_t employee, const char *permission);
/* 1 when employee id holds role. */
int auth_has_role(int64_t employee_id, const char *role);
/* The one rule for a sensitive value (a form's sensitive field, a
 * register's secret column): 1 when the current user may read one that
 * belongs to employee owner_id (0: to nobody in particular), being its
 * owner or holding see_sensitive. A form may widen it for a field
 * (engine_field_visible: visible_to); nothing narrows it. */
int auth_sees_sensitive(int64_t owner_id);
/* AF_OK, or AF_DENIED "WHAT: you need the PERMISSION permission". */
af_status auth_require(const char *permission, const char *what);
/* A comma-separated list of the current user's roles; caller frees. */
char *auth_roles(void);

#endif
