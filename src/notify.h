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
/* After commit: runs the notify command for every notice not yet sent, with
 * the text on standard input and NOTICE_ID, NOTICE_KIND, NOTICE_TO,
 * NOTICE_EMAIL and NOTICE_REQUEST in the environment. Each notice is
 * claimed (marked sent) before its command runs, so two processes flushing
 * at once send it once. A failing command is reported on stderr and not
 * retried (it may have half-sent); the notice stays unread in the program,
 * which is where every notice lives first. */
void notify_flush(void);

#endif
