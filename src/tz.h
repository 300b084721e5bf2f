#ifndef ADMINFLOW_TZ_H
#define ADMINFLOW_TZ_H
/* The company's clock: the one module that turns instants into the times
 * people read and back.
 *
 * Instants (when something was submitted, acted on, is due; a booking's
 * start and end) are stored as UTC text "YYYY-MM-DD HH:MM:SS". Everything a
 * person types or reads is in the configured `timezone`, else the TZ of the
 * environment, summer time included. tz_init() puts that zone into this
 * process's TZ before anything is converted, so that SQLite's 'localtime'
 * and 'utc' modifiers agree with what this module prints. */
#include <stddef.h>
#include <time.h>
#include "status.h"

/* Make zone (empty: TZ as found) this process's zone. AF_USAGE when the
 * name is no zone of the system's database (glibc would quietly use UTC). */
af_status tz_init(const char *zone);
/* The zone's name for messages: the configured one, TZ, or "UTC". */
const char *tz_name(void);

/* The current instant; tests pin it with ADMINFLOW_NOW="YYYY-MM-DD HH:MM:SS"
 * (an instant, in UTC), ignored when privileged. */
time_t af_now(void);
/* Pins af_now() to t (0: unpinned), for replaying the demo's history at
 * the times it happened. */
void af_pin_now(time_t t);
/* "YYYY-MM-DD HH:MM:SS" in UTC into buf (at least 20 bytes). */
void af_format_time(time_t t, char *buf, size_t len);
/* The same instant as the company's wall clock, "YYYY-MM-DD HH:MM:SS". */
void tz_format_local(time_t t, char *buf, size_t len);
/* Local date "YYYY-MM-DD" of now into buf (at least 11 bytes). */
void tz_today(char *buf, size_t len);

/* UTC text -> epoch; -1 when s is not "YYYY-MM-DD[ HH:MM[:SS]]". */
time_t tz_parse_utc(const char *s);
/* Local wall-clock text -> epoch; -1 when it is not a time, or a time that
 * the zone skips (the hour lost to summer time). An hour that happens twice
 * is the first (summer) one. */
time_t tz_parse_local(const char *s);
/* Stored UTC text -> local text of the same width ("YYYY-MM-DD HH:MM[:SS]";
 * a bare date is left as it is). Returns buf; s itself when unreadable. */
const char *tz_show(const char *s, char *buf, size_t len);
/* Local text -> stored UTC text "YYYY-MM-DD HH:MM:SS"; 0 or -1 as
 * tz_parse_local. */
int tz_store(const char *local, char *buf, size_t len);
/* The instant the local date begins (its midnight), -1 when not a date.
 * The next day's start minus this one is 23, 24 or 25 hours. */
time_t tz_day_start(const char *date);
/* Calendar arithmetic on dates alone (no zone): date plus days, months
 * (the day clamped to the month's end) into out (11 bytes); -1 when date
 * is not one. *weekday (0 Monday .. 6 Sunday) when not NULL. */
int tz_date_add(const char *date, int days, int months, char *out, int *weekday);

#endif
