/* What assets.c shares with assets_depr.c, and nobody else: the checks
 * of a tag and a text, the retry guard, and an asset as read for a change. */
#ifndef AF_ASSETS_INT_H
#define AF_ASSETS_INT_H

#include <stddef.h>
#include <stdint.h>
#include "status.h"

/* db_transact runs a change again after an ambiguous failure, when its
 * commit may or may not have happened. The audit row is written in the same
 * transaction, so our own row after the first run's high-water mark proves
 * that it did: then the change is not made twice (nor refused as a
 * conflict with itself). */
struct assets_once {
	int64_t since;
	int ran;
};

/* 1 when the change of action on object already committed in an earlier
 * run of the same transaction (see above). */
int assets_once_done(struct assets_once *o, const char *action, const char *object);

struct asset {
	int64_t id, holder;
	char status[16];
	char *name, *location, *holder_login, *holder_name;
};

void assets_free(struct asset *a);
/* The asset of tag into a (assets_free it), or a failure: AF_INVALID for
 * an unknown tag. */
af_status assets_get(const char *tag, struct asset *a);

/* what: the option or field named in the message. */
af_status assets_check_tag(const char *what, const char *tag);
/* NULL text is allowed unless required. */
af_status assets_check_text(const char *what, const char *text, size_t max_chars, int required);

#endif
