/* Meetings: minutes archived on the meeting's request, readable by whoever
 * may see the request (the applicant, approvers, invitees). */
#ifndef AF_MEETING_H
#define AF_MEETING_H

#include "status.h"

/* Stores (or replaces) the minutes of a done meeting request; only its
 * applicant or someone with manage_resources may. One transaction. */
af_status meeting_minutes_save(const char *number, const char *text);
/* The minutes, or NULL when there are none or the reader may not see the
 * request; caller frees. */
char *meeting_minutes(const char *number);

#endif
