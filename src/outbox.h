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

/* Saves a submission; *path receives the file's path (caller frees). */
af_status outbox_put(const char *form, const engine_input *in, int n, const char *key,
		     const char *login, char **path);
/* Removes path when the database shows key; 1 when removed. */
int outbox_confirm(const char *path, const char *key);
/* Reads every entry left for login (caller frees with outbox_free). */
int outbox_list(const char *login, outbox_entry **entries);
void outbox_free(outbox_entry *entries, int n);

#endif
