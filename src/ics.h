/* A request's bookings (room, vehicle) as an iCalendar (RFC 5545)
 * invitation: one VEVENT a booking, times in UTC (the stored instants, so
 * every invitee's calendar shows them in its own zone), the configured
 * time zone named in X-WR-TIMEZONE; lines CRLF, folded at 75 octets, text
 * escaped. */
#ifndef AF_ICS_H
#define AF_ICS_H

#include <stdio.h>
#include "status.h"

/* AF_INVALID no such request or no booking, AF_DENIED not visible. */
af_status ics_write(const char *number, FILE *out);

#endif
