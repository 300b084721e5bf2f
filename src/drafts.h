/* Drafts of forms being filled in, kept on the user's own disk on every
 * change, so that a dropped SSH session or a killed program loses nothing. */
#ifndef AF_DRAFTS_H
#define AF_DRAFTS_H

#include "status.h"

/* Saves names[i]=values[i] (NULL values skipped) as login's draft of form. */
af_status drafts_save(const char *login, const char *form, int n,
		      const char *const *names, char *const *values);
/* Loads login's draft of form: calls set(ctx, name, value) per field.
 * Returns 1 when a draft was there. */
int drafts_load(const char *login, const char *form,
		void (*set)(void *ctx, const char *name, const char *value), void *ctx);
void drafts_remove(const char *login, const char *form);

#endif
