/* The local outbox: a submission is written here (temporary file, fsync,
 * rename) before it touches the share, and removed only once a fresh read
 * of the database finds its idempotency key. A killed process or a dropped
 * share loses nothing: what is left is offered again. */
#ifndef AF_OUTBOX_H
#define AF_OUTBOX_H

#include <stdio.h>
#include "engine.h"
#include "status.h"

typedef struct {
	char *path;
	char *form;
	char *key;
	char *login;
	engine_input *in;
	int n;
} outbox_entry;

/* Idempotency keys: they name the outbox's files, so only these. */
#define OUTBOX_KEY_MIN 8
#define OUTBOX_KEY_MAX 64
#define OUTBOX_KEY_RULE "8 to 64 letters, digits, '.', '_' or '-' (not first: '.' or '-')"
/* 1 when key follows OUTBOX_KEY_RULE. */
int outbox_key_ok(const char *key);
/* Saves a submission in the user's own outbox folder (checked: theirs,
 * writable by no one else), as the user, never through a link; *path
 * receives the file's path (caller frees). AF_INVALID for a bad key. */
af_status outbox_put(const char *form, const engine_input *in, int n, const char *key,
		     const char *login, char **path);
/* Removes path when the database shows key; 1 when removed. */
int outbox_confirm(const char *path, const char *key);
/* Removes an entry's file (as the user); 0 or -1 with errno. */
int outbox_remove(const char *path);
/* Reads every entry left for login, each checked first (caller frees with
 * outbox_free); an unsound one is named on stderr and left alone. */
int outbox_list(const char *login, outbox_entry **entries);
void outbox_free(outbox_entry *entries, int n);
/* The partial copies (.KEY.tmp) left by runs killed while saving, whose
 * submission never started: entries with only path and key set (caller
 * frees with outbox_free and free). */
int outbox_partial(outbox_entry **entries);
/* Removes a partial copy found by outbox_partial unless a live run has
 * taken its name meanwhile; 0, or -1 with errno (EBUSY: in use). */
int outbox_remove_partial(const char *path);

#endif
