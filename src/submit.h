/* The durable submission: one path for the command line and the screens.
 * The input is saved in the local outbox (outbox.h) before it touches the
 * share, then submitted (engine_submit), then the outbox entry is confirmed
 * (removed once a fresh read finds the key), removed when the database
 * refused it for good (invalid, conflict), or kept, the message saying
 * where, when the outcome is open (busy, I/O, a share gone read-only). */
#ifndef AF_SUBMIT_H
#define AF_SUBMIT_H

#include <stddef.h>
#include "engine.h"
#include "status.h"

/* Submits the inputs of form f as the current user with the idempotency
 * key; number receives the request number. With no database (db_handle()
 * NULL) the input is only kept, and the status says why and where.
 * *unconfirmed (may be NULL) receives, after a success whose outbox entry
 * could not be confirmed yet, the path of the file kept (caller frees), or
 * NULL. The test crash points (ADMINFLOW_TEST_CRASH=after-outbox,
 * stop-after-outbox, before-commit, after-commit) are on this path, so
 * they kill a submission from either face. */
af_status submit_durable(const form_def *f, const engine_input *in, int n, const char *key,
			 char *number, size_t number_len, char **unconfirmed);

#endif
