/* Bookings of rooms and vehicles: held while a request is pending,
 * confirmed when it is done, released when it ends otherwise. Overlaps are
 * refused by the schema's triggers, whatever the path. */
#ifndef AF_BOOKING_H
#define AF_BOOKING_H

#include <stdint.h>
#include <stdio.h>
#include "status.h"
#include "effects.h"
#include "fieldvalue.h"

/* Holds the room or vehicle (resource "room"/"vehicle", by code) from start
 * to end for request_id. AF_CONFLICT naming the request that has the slot. */
af_status booking_hold(const char *resource, const char *code, int64_t request_id,
		       int64_t who, const char *subject, const char *start, const char *end);
/* Every booking of the request becomes confirmed / cancelled. */
af_status booking_confirm(int64_t request_id);
af_status booking_release(int64_t request_id);
/* Checks a room against attendees and wanted equipment (comma or
 * semicolon separated); AF_INVALID naming what is missing. */
af_status booking_check_room(const char *code, int64_t attendees, const char *equipment);
/* Occurrences of a repeating booking: start/end on each day from the first
 * (repeat "none", "daily", "weekly") until the date; writes each with
 * "free" or "taken by NUMBER" to out when out is not NULL, and returns
 * AF_CONFLICT when any is taken. At most 100 occurrences. */
af_status booking_series(const char *resource, const char *code, const char *start, const char *end,
			 const char *repeat, const char *until, FILE *out,
			 char (*starts)[20], char (*ends)[20], int *n);

/* A date of a series that was not booked because another booking had it:
 * the day and times on the company's clock, and who has it. */
typedef struct {
	char day[11], start[17], end[6];
	char holder[96];
} booking_clash;
/* Holds a booking, or each occurrence of a series (booking_series), for
 * request_id, leaving out the days named in skip ("YYYY-MM-DD,...";
 * "clashes" among them also leaves out every day another booking has).
 * A date taken and not left out holds nothing: a series is refused with
 * AF_INVALID ("field time: ..."), a single booking with AF_CONFLICT; the
 * taken dates are then in booking_clashes. The days left out are recorded
 * with the request (booking_skips); *held gets how many were held. */
af_status booking_hold_series(const char *resource, const char *code, int64_t request_id, int64_t who,
			      const char *subject, const char *start, const char *end, const char *repeat,
			      const char *until, const char *skip, int *held);
/* The dates the latest booking_hold_series found taken (refused, or left
 * out for it): *list points at them (valid until the next call). */
int booking_clashes(const booking_clash **list);
/* Forgets them: a new submission starts with none. */
void booking_clashes_clear(void);

/* One occurrence of a request's booking, for show and the detail screen:
 * its day and times on the company's clock, the resource's code, its state
 * (held/confirmed/cancelled/skipped), and what happened to it alone (each
 * face words it): left out as asked, left out as taken (other: by whom),
 * cancelled by itself, moved (other: the start it had). */
enum booking_change { BOOKING_AS_ASKED, BOOKING_LEFT_OUT, BOOKING_TAKEN, BOOKING_CANCELLED, BOOKING_MOVED };
typedef struct booking_occurrence_s {
	char day[11], start[17], end[6];
	char code[33], state[12];
	enum booking_change change;
	char other[96];
} booking_occurrence;
/* The request's occurrences in date order, skipped ones among them (caller
 * frees *list). */
af_status booking_occurrences(int64_t request_id, booking_occurrence **list, int *n);
/* Cancels, or moves to new_start (local "YYYY-MM-DD HH:MM", the length
 * kept; NULL: cancel), the request's occurrence on day (local date) alone.
 * Only the applicant, whoever submitted it for them, or a keeper of rooms
 * and vehicles (manage_resources); only an occurrence not yet begun, of a
 * request still open or done. The booker and the resource's manager are
 * told, the request's timeline and the audit trail say so. */
af_status booking_occurrence_change(const char *number, const char *day, const char *new_start,
				    const char *why);

/* The availability grid: resources down, time slots across. */
typedef struct {
	int nres, nslots;
	char **codes, **names;      /* nres */
	int *capacity;              /* nres: a room's people, a vehicle's seats */
	char **about;               /* nres: a room's equipment, a vehicle's plate */
	char (*slot_start)[20];     /* nslots: "YYYY-MM-DD HH:MM:SS", the company's clock */
	/* nres * nslots: '.' free, 'P' held (pending), 'B' confirmed, 'M' mine
	 * confirmed, 'm' mine pending */
	char *cells;
	int64_t *bookings;          /* nres * nslots: the booking there, or 0 */
} booking_grid;

/* Fills g for resource from day (YYYY-MM-DD) over days days, in slots of
 * slot_minutes between 08:00 and 20:00 (a whole day per slot when
 * slot_minutes is 0). mine is the current user's employee id. */
af_status booking_grid_load(const char *resource, const char *day, int days, int slot_minutes,
			    int64_t mine, booking_grid *g);
void booking_grid_free(booking_grid *g);
/* The number of the request behind the booking in a cell ("" when none or
 * the booking has no request); the caller frees it. Asked for the one cell
 * under the cursor: the grid itself reads no request. */
char *booking_grid_number(const booking_grid *g, int row, int slot);
/* A vehicle leaves on the trip of a done request: odometer, driver. A
 * series has a trip a date: day (the company's YYYY-MM-DD) picks one, NULL
 * the next in order; a day with no trip of the request is AF_INVALID, one
 * cancelled, already out (or, coming back, not out or already back)
 * AF_CONFLICT. Only the fleet keeper (manage_resources): else AF_DENIED. */
af_status booking_trip_out(const char *number, const char *day, int64_t odometer, const char *driver_login);
/* It comes back: odometer (not below the one going out), fuel, tolls and
 * parking in cents; day and who as for booking_trip_out. */
af_status booking_trip_in(const char *number, const char *day, int64_t odometer, int64_t fuel, int64_t tolls,
			  int64_t parking);
/* What the next trip record of a request is, for the user: the trip on
 * day (NULL: today's when it has one not back yet, else the earliest not
 * back), whether it goes out or comes back next, and what a face offers
 * as defaults. The refusals booking_trip_out/in would give (not the
 * keeper's, no confirmed vehicle booking, no trip that day, cancelled,
 * already back; every trip back) when there is nothing to record. */
typedef struct {
	char day[11];          /* the trip's date, the company's day */
	int in;                /* 0: it goes out next; 1: it comes back next */
	int series;            /* 1: the request has trips on several dates (a face asks which) */
	int64_t odometer_out;  /* coming back: the reading going out */
	int64_t last_km;       /* the vehicle's latest reading recorded, -1 when none */
} booking_trip_step;
af_status booking_trip_next(const char *number, const char *day, booking_trip_step *t);
/* A reading typed for a trip (a whole number of km, not negative) into
 * *km; an amount (fuel, tolls, parking) into *cents. name is the field as
 * the face calls it (an option, a label); AF_INVALID naming it. */
af_status booking_trip_km(const char *name, const char *text, int64_t *km);
af_status booking_trip_amount(const char *name, const char *text, int64_t *cents);
/* Records who came to a confirmed booking of the request (a series: the
 * occurrence on day, or the latest one begun when day is NULL): checked_in
 * 0 records a no-show. The booker may check in from 15 minutes before the
 * start; the venue or fleet keeper (manage_resources) records either.
 * Once per booking. */
af_status booking_attend(const char *number, int checked_in, const char *day);
/* "YYYY-MM-DD[ HH:MM:SS]" plus minutes, as "YYYY-MM-DD HH:MM:SS"; caller frees. */
char *booking_add(const char *when, int minutes);

/* Records a booking attempt refused as a conflict (an audit row, in its own
 * transaction: call it after the refused transaction has rolled back), so
 * the conflicts report can count it. resource "room"/"vehicle". */
af_status booking_record_refusal(const char *resource, const char *code, const char *start,
				 const char *end);

/* After a submission of form f with values vals was refused as a conflict
 * (af_errmsg says why): when the form books a room or vehicle, records the
 * attempt for the conflicts report (booking_record_refusal) -- the refused
 * transaction left nothing -- and leaves the user's message as it was. */
void booking_record_refused(const form_def *f, const field_value *vals);
/* The booking and vehicle_booking effects (effect_list.h): at submission
 * the form's room or vehicle is held for its time (checked against the
 * attendees and equipment for a room; its manager is told), confirmed when
 * done, released when the request ends otherwise. */
af_status booking_room_submit(const effect_ctx *c);
af_status booking_vehicle_submit(const effect_ctx *c);
af_status booking_effect_done(const effect_ctx *c);
af_status booking_effect_close(const effect_ctx *c);

#endif
