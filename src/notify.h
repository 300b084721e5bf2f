/* Notices: an in-program inbox of unread notices, and the configured notify
 * command, run only after the transaction that made the notice commits. */
#ifndef AF_NOTIFY_H
#define AF_NOTIFY_H

#include <stdint.h>
#include "status.h"

/* Adds a notice for employee inside the caller's transaction. occasion, when
 * not NULL, is unique: the same occasion never notifies twice (a repeated
 * reminder run does nothing). */
af_status notify_add(int64_t employee_id, int64_t request_id, const char *kind,
		     const char *occasion, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* After an action commits: mails (mail_command, to those with an address,
 * unless mail_digest keeps them for the digest) or runs the notify command
 * for the notices this process made (and only those), with the text on
 * standard input and
 * NOTICE_ID, NOTICE_KIND, NOTICE_TO, NOTICE_EMAIL and NOTICE_REQUEST in the
 * environment, within notify_budget milliseconds: what is left then is
 * sent by `adminflow notify`. Each notice is claimed (marked sent) before
 * its command runs, so two processes send it once. A failing command is
 * reported on stderr and not retried (it may have half-sent); the notice
 * stays unread in the program, which is where every notice lives first. */
void notify_flush(void);

typedef struct {
	int64_t sent, failed, left, not_sent;
	int64_t digest;  /* waiting for the daily digest (mail_digest) */
	int64_t digests; /* digest mails sent */
	int64_t no_way;  /* no configured way reaches the addressee: marked not sent */
} notify_stats;
/* `adminflow notify` (cron): first marks the unsent notices older than
 * notify_max_age_hours() as never to be sent (not_sent says why), then
 * sends every other unsent one, whoever made it: by mail through
 * mail_command to those with a mail address (with mail_digest only when
 * digest is set: then one mail per person with all their notices), through
 * notify_command to the others. AF_USAGE when neither command is set, or
 * digest without mail_digest. */
af_status notify_send_pending(int digest, notify_stats *st);
/* notify_max_age, or 48 hours when a daily digest must wait a day. */
int notify_max_age_hours(void);

#endif
