/* A request's bookings (room, vehicle) as an iCalendar (RFC 5545)
 * invitation: one VEVENT a booking, its times on the configured zone's
 * clock (DTSTART;TZID=) with a VTIMEZONE that defines the zone's offsets
 * around them (summer time included), or in UTC when no zone is named;
 * lines CRLF, folded at 75 octets, text escaped. */
#ifndef AF_ICS_H
#define AF_ICS_H

#include <stdio.h>
#include "status.h"

/* AF_INVALID no such request or no booking, AF_DENIED not visible. */
af_status ics_write(const char *number, FILE *out);
/* The same invitation as text for a notice's mail, whoever sends it (the
 * notice's addressee was invited); NULL when there is no booking. Caller
 * frees. */
char *ics_invitation(const char *number);

#endif
