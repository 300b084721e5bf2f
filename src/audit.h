/* The audit trail: one row per change, each hash-chained to the one before
 * (SHA-256 over the previous hash and the row), so an edit made behind the
 * program's back is found by audit_verify. The chain's head (its row count
 * and the start of the last hash) is kept in the counters table, updated in
 * the same transaction as each row, so rows cut from the end are found too.
 *
 * The limit: the hash has no secret key. Someone who can write the file
 * with sqlite3 can recompute every hash after their edit and set the head
 * to match; the chain catches edits made carelessly or by other programs,
 * not a deliberate forger with write access. Keeping the file writable only
 * through the program (DESIGN.md section 4) and exporting the audit trail
 * elsewhere regularly is what stops that. */
#ifndef AF_AUDIT_H
#define AF_AUDIT_H

#include <stdint.h>
#include "status.h"

/* Appends a row for the current actor inside the caller's transaction.
 * action: "import", "submit", ...; object: "employees", "BX-20261128-0001". */
af_status audit_log(const char *action, const char *object, const char *detail);
/* The reason a command's change is made for (--reason), which goes in its
 * audit row: required (AF_USAGE) and one line of at most 200 bytes of
 * text (AF_INVALID), named as what's. */
af_status audit_check_reason(const char *what, const char *reason);
/* Checks every row's hash; on a mismatch returns AF_ERROR naming the row id
 * and stores it in *bad_id; counts rows checked into *rows. */
af_status audit_verify(int64_t *rows, int64_t *bad_id);

#endif
