#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "config.h"
#include "db.h"
#include "engine.h"
#include "ics.h"
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

af_status ics_write(const char *number, FILE *out)
{
	int64_t id = db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", number);
	char now[32], stamp[32], a[32], b[32];
	db_stmt s;
	int n = 0, rc;

	if (!id)
		return af_fail(AF_INVALID, "%s: no such request", number);
	if (!engine_may_see(id))
		return af_fail(AF_DENIED, "%s: not visible to %s", number, me.login);
	af_format_time(af_now(), now, sizeof now);
	utc(now, stamp, sizeof stamp);
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
			if (cfg.timezone[0])
				line(out, "X-WR-TIMEZONE", cfg.timezone, 1);
		}
		snprintf(uid, sizeof uid, "%s-%lld@adminflow", number, (long long)db_col_int(&s, 0));
		utc(db_col_text(&s, 1), a, sizeof a);
		utc(db_col_text(&s, 2), b, sizeof b);
		line(out, "BEGIN", "VEVENT", 0);
		line(out, "UID", uid, 0);
		line(out, "DTSTAMP", stamp, 0);
		line(out, "DTSTART", a, 0);
		line(out, "DTEND", b, 0);
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
	if (rc != SQLITE_DONE)
		return db_fail();
	if (!n)
		return af_fail(AF_INVALID, "%s: no booking (a room or vehicle) to invite to", number);
	line(out, "END", "VCALENDAR", 0);
	return AF_OK;
}
