/* Meetings: minutes archived on the meeting's request, readable by whoever
 * may see the request (the applicant, approvers, invitees). */
#ifndef AF_MEETING_H
#define AF_MEETING_H

#include "status.h"
#include "effects.h"

/* Stores (or replaces) the minutes of a done meeting request; only its
 * applicant or someone with manage_resources may. One transaction. */
af_status meeting_minutes_save(const char *number, const char *text);
/* The minutes, or NULL when there are none or the reader may not see the
 * request; caller frees. */
char *meeting_minutes(const char *number);

/* The meeting_invite effect (effect_list.h): at submission every login in
 * the field named invitees must be an employee; when done each is copied
 * on the request (so may read the minutes) and told. */
af_status meeting_invitees_check(const effect_ctx *c);
af_status meeting_invitees_notify(const effect_ctx *c);

#endif
