/* The audit trail: one row per change, each hash-chained to the one before
 * (SHA-256 over the previous hash and the row), so an edit made behind the
 * program's back is found by audit_verify. */
#ifndef AF_AUDIT_H
#define AF_AUDIT_H

#include <stdint.h>
#include "status.h"

/* Appends a row for the current actor inside the caller's transaction.
 * action: "import", "submit", ...; object: "employees", "BX-20261128-0001". */
af_status audit_log(const char *action, const char *object, const char *detail);
/* Checks every row's hash; on a mismatch returns AF_ERROR naming the row id
 * and stores it in *bad_id; counts rows checked into *rows. */
af_status audit_verify(int64_t *rows, int64_t *bad_id);

#endif
