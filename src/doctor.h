/* Health checks of the shared database: filesystem, mount options, journal,
 * permissions, schema, integrity, and the cross-host lock probe. */
#ifndef AF_DOCTOR_H
#define AF_DOCTOR_H

#include <stdio.h>
#include "status.h"

/* Writes one line per check ("ok|FAIL|warn<TAB>check<TAB>detail") to out.
 * mountinfo (NULL: /proc/self/mountinfo) lets tests supply fixtures.
 * AF_OK only when every check passed. */
af_status doctor_run(const char *db_path, const char *mountinfo, FILE *out);
/* Tells whether POSIX locks taken on this host are seen on another that
 * mounts the same share: run it on both at once. The first holds a lock on
 * DB-lockprobe for up to wait_s seconds; the second must find itself
 * blocked. AF_OK when the locks are shared. */
af_status doctor_lock_probe(const char *db_path, int wait_s, FILE *out);

#endif
