#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "config.h"
#include "db.h"
#include "engine.h"
#include "ics.h"
#include "tz.h"
#include "util.h"

/* One content line: NAME:VALUE (value escaped when text), folded so that
 * no line passes 75 octets, never inside a UTF-8 character. */
static void line(FILE *out, const char *name, const char *value, int text)
{
	strbuf sb = {0};
	size_t col = 0;

	sb_printf(&sb, "%s:", name);
	for (const char *p = value; *p; p++) {
		if (text && (*p == '\\' || *p == ';' || *p == ','))
			sb_printf(&sb, "\\%c", *p);
		else if (text && *p == '\n')
			sb_puts(&sb, "\\n");
		else if ((unsigned char)*p >= 0x20 || *p == '\t')
			sb_add(&sb, p, 1);
	}
	for (size_t i = 0; i < sb.len; i++) {
		size_t n = 1;

		while (i + n < sb.len && ((unsigned char)sb.buf[i + n] & 0xC0) == 0x80)
			n++;
		if (col + n > 75) {
			fputs("\r\n ", out);
			col = 1;
		}
		fwrite(sb.buf + i, 1, n, out);
		col += n;
		i += n - 1;
	}
	fputs("\r\n", out);
	sb_free(&sb);
}

/* "2026-11-28 09:00:00" (UTC) as 20261128T090000Z */
static void utc(const char *t, char *buf, size_t len)
{
	snprintf(buf, len, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", t, t + 5, t + 8, t + 11, t + 14, t + 17);
}

/* The same wall-clock text without the Z (a local time, RFC 5545 form 2). */
static void floating(const char *t, char *buf, size_t len)
{
	snprintf(buf, len, "%.4s%.2s%.2sT%.2s%.2s%.2s", t, t + 5, t + 8, t + 11, t + 14, t + 17);
}

/* The zone's name for TZID, or NULL when it has none worth naming (UTC, a
 * file path): the times then stay in UTC. */
static const char *zone_id(void)
{
	const char *z = tz_name();

	if (!z || !*z || *z == ':' || *z == '/' || strchr(z, ' ') || !strcmp(z, "UTC") || !strcmp(z, "Etc/UTC") ||
	    !strcmp(z, "UTC0"))
		return NULL;
	return z;
}

/* Seconds east of UTC at instant t, in the company's zone (tz.c is the
 * one module that converts: its local text read back as UTC). */
static long offset_at(time_t t)
{
	char b[32];

	tz_format_local(t, b, sizeof b);
	return (long)(tz_parse_utc(b) - t);
}

static void offset_text(long off, char *buf, size_t len)
{
	long a = (off < 0 ? -off : off) % 86400; /* offsets are within a day */

	snprintf(buf, len, "%c%02ld%02ld", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

static void observance(FILE *out, long from, long to, const char *onset_local, int daylight)
{
	char f[32], t[32], on[32];

	offset_text(from, f, sizeof f);
	offset_text(to, t, sizeof t);
	floating(onset_local, on, sizeof on);
	line(out, "BEGIN", daylight ? "DAYLIGHT" : "STANDARD", 0);
	line(out, "DTSTART", on, 0);
	line(out, "TZOFFSETFROM", f, 0);
	line(out, "TZOFFSETTO", t, 0);
	line(out, "END", daylight ? "DAYLIGHT" : "STANDARD", 0);
}

/* A VTIMEZONE for zone covering [first, last] and half a year either side:
 * the offset before, then each change of offset found (by a scan every 15
 * minutes, refined to the second), as its own observance. Summer time is
 * told from standard time by the offset growing. */
static void vtimezone(FILE *out, const char *zone, time_t first, time_t last)
{
	time_t start = first - 183 * 86400, end = last + 183 * 86400;
	long prev = offset_at(start), lowest = prev;

	for (time_t t = start; t <= end; t += 900)
		if (offset_at(t) < lowest)
			lowest = offset_at(t);
	line(out, "BEGIN", "VTIMEZONE", 0);
	line(out, "TZID", zone, 0);
	observance(out, prev, prev, "1970-01-01 00:00:00", prev > lowest);
	for (time_t t = start + 900; t <= end; t += 900) {
		long off = offset_at(t);

		if (off != prev) {
			time_t lo = t - 900, hi = t; /* lo has prev, hi has off */
			char onset[32];

			while (hi - lo > 1) {
				time_t mid = lo + (hi - lo) / 2;

				if (offset_at(mid) == prev)
					lo = mid;
				else
					hi = mid;
			}
			af_format_time(hi + prev, onset, sizeof onset); /* the onset on the clock before */
			observance(out, prev, off, onset, off > prev);
			prev = off;
		}
	}
	line(out, "END", "VTIMEZONE", 0);
}

/* The invitation of request id (number) on out; AF_INVALID with no booking. */
static af_status compose(int64_t id, const char *number, FILE *out);

af_status ics_write(const char *number, FILE *out)
{
	int64_t id = db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", number);

	if (!id)
		return af_fail(AF_INVALID, "%s: no such request", number);
	if (!engine_may_see(id))
		return af_fail(AF_DENIED, "%s: not visible to %s", number, me.login);
	return compose(id, number, out);
}

char *ics_invitation(const char *number)
{
	int64_t id = db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", number);
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	af_status st;

	if (!id || !(mem = open_memstream(&text, &len)))
		return NULL;
	st = compose(id, number, mem);
	fclose(mem);
	if (st != AF_OK) {
		free(text);
		return NULL;
	}
	return text;
}

static af_status compose(int64_t id, const char *number, FILE *out)
{
	char now[32], stamp[32], a[32], b[32], *first, *last;
	const char *zone = zone_id();
	db_stmt s;
	int n = 0, rc;

	af_format_time(af_now(), now, sizeof now);
	utc(now, stamp, sizeof stamp);
	first = db_text(NULL, "SELECT min(starts_at) FROM bookings WHERE request_id = ?1", "I", id);
	last = db_text(NULL, "SELECT max(ends_at) FROM bookings WHERE request_id = ?1", "I", id);
	if (!first || !last)
		zone = NULL; /* no booking: refused below */
	db_prepare(&s, "SELECT b.id, b.starts_at, b.ends_at, coalesce(nullif(b.subject, ''), r.summary),"
		   " coalesce(ro.name, v.name || ' ' || v.plate, ''), e.name, coalesce(e.email, '')"
		   " FROM bookings b JOIN requests r ON r.id = b.request_id"
		   " JOIN employees e ON e.id = b.booked_by"
		   " LEFT JOIN rooms ro ON b.resource = 'room' AND ro.id = b.resource_id"
		   " LEFT JOIN vehicles v ON b.resource = 'vehicle' AND v.id = b.resource_id"
		   " WHERE b.request_id = :id ORDER BY b.starts_at, b.id");
	db_bind_int(&s, ":id", id);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		char uid[96];

		if (n++ == 0) {
			line(out, "BEGIN", "VCALENDAR", 0);
			line(out, "VERSION", "2.0", 0);
			line(out, "PRODID", "-//adminflow//adminflow//EN", 0);
			line(out, "CALSCALE", "GREGORIAN", 0);
			line(out, "METHOD", "REQUEST", 0);
			if (zone) {
				line(out, "X-WR-TIMEZONE", zone, 0);
				vtimezone(out, zone, tz_parse_utc(first), tz_parse_utc(last));
			}
		}
		snprintf(uid, sizeof uid, "%s-%lld@adminflow", number, (long long)db_col_int(&s, 0));
		line(out, "BEGIN", "VEVENT", 0);
		line(out, "UID", uid, 0);
		line(out, "DTSTAMP", stamp, 0);
		if (zone) { /* the wall clock of the configured zone, as its VTIMEZONE defines it */
			char la[32], lb[32], *name_a = xasprintf("DTSTART;TZID=%s", zone),
			     *name_b = xasprintf("DTEND;TZID=%s", zone);

			floating(tz_show(db_col_text(&s, 1), la, sizeof la), a, sizeof a);
			floating(tz_show(db_col_text(&s, 2), lb, sizeof lb), b, sizeof b);
			line(out, name_a, a, 0);
			line(out, name_b, b, 0);
			free(name_a);
			free(name_b);
		} else {
			utc(db_col_text(&s, 1), a, sizeof a);
			utc(db_col_text(&s, 2), b, sizeof b);
			line(out, "DTSTART", a, 0);
			line(out, "DTEND", b, 0);
		}
		line(out, "SUMMARY", db_col_text(&s, 3), 1);
		line(out, "LOCATION", db_col_text(&s, 4), 1);
		line(out, "DESCRIPTION", number, 1);
		if (*db_col_text(&s, 6)) {
			char *cn = xstrdup(db_col_text(&s, 5)), *name, *org;

			for (char *p = cn; *p; p++) /* a quoted parameter holds no quote or control */
				if ((unsigned char)*p < 0x20 || *p == '"')
					*p = ' ';
			name = xasprintf("ORGANIZER;CN=\"%s\"", cn);
			org = xasprintf("mailto:%s", db_col_text(&s, 6));
			line(out, name, org, 0);
			free(cn);
			free(org);
			free(name);
		}
		line(out, "STATUS", "CONFIRMED", 0);
		line(out, "END", "VEVENT", 0);
	}
	db_done(&s);
	free(first);
	free(last);
	if (rc != SQLITE_DONE)
		return db_fail();
	if (!n)
		return af_fail(AF_INVALID, "%s: no booking (a room or vehicle) to invite to", number);
	line(out, "END", "VCALENDAR", 0);
	return AF_OK;
}
