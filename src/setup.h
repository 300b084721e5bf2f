/* init's rules: who may create or upgrade the database, what kind of file
 * it may be made in, and where demo data may go. The database is looked at
 * (read only) before anything is written to it. */
#ifndef AF_SETUP_H
#define AF_SETUP_H

#include "status.h"

/* Before init opens path to create or upgrade it. path must be absent, an
 * empty file, or an adminflow database: never a device, a folder or
 * another program's file (AF_INVALID). A new database in a multi-user
 * installation is root's to make; an existing one needs root or the admin
 * manager (AF_DENIED), identified here (`me`, then as_login when given and
 * allowed). With demo: refused (AF_CONFLICT) when the database holds real
 * data, that is employees or requests not loaded as demo data. Nothing is
 * written. */
af_status setup_check(const char *path, const char *as_login, int demo);
/* After the database is open (created or upgraded): an upgrade is
 * recorded in the audit trail, naming who did it. */
af_status setup_apply(void);
/* The demo registers of data/ into the open database, as `me`; the
 * database is marked as the demo's first, so a killed load is finished by
 * the next init --demo and real data is never mistaken for it. */
af_status setup_load_demo(void);

#endif
