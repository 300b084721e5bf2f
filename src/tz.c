/* The company's clock: see tz.h. The only file that calls gmtime_r,
 * localtime_r, mktime or timegm. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tz.h"
#include "util.h"

static char zone_name[128];

static int zone_exists(const char *zone)
{
	const char *dir = af_privileged() ? NULL : getenv("TZDIR");
	char path[512];

	if (zone[0] == ':')
		zone++;
	if (!zone[0] || strstr(zone, "..") || zone[0] == '/')
		return 0;
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
	if (access(path, R_OK) == 0)
		return 1;
	/* A POSIX rule ("CST-8") needs no file. */
	return !strchr(zone, '/') && strpbrk(zone, "0123456789") != NULL;
}

af_status tz_init(const char *zone)
{
	if (zone && *zone) {
		if (!zone_exists(zone))
			return af_fail(AF_USAGE, "timezone: '%s' is no zone of this system (a name such as "
				       "Asia/Shanghai, from /usr/share/zoneinfo)", zone);
		setenv("TZ", zone, 1);
		snprintf(zone_name, sizeof zone_name, "%s", zone);
	} else {
		const char *env = getenv("TZ");

		snprintf(zone_name, sizeof zone_name, "%s", env && *env ? env : "");
	}
	tzset();
	return AF_OK;
}

const char *tz_name(void)
{
	return zone_name[0] ? zone_name : "the system's zone";
}

static time_t pinned_now;

void af_pin_now(time_t t)
{
	pinned_now = t;
}

time_t af_now(void)
{
	/* $ADMINFLOW_NOW is read once: it is the process's, and some reads
	 * ask the time for every row. */
	static int read;
	static time_t env = -1;

	if (pinned_now)
		return pinned_now;
	if (!read) {
		const char *pin = af_privileged() ? NULL : getenv("ADMINFLOW_NOW");

		read = 1;
		if (pin && *pin)
			env = tz_parse_utc(pin);
	}
	return env != -1 ? env : time(NULL);
}

void af_format_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
}

void tz_format_local(time_t t, char *buf, size_t len)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
}

void tz_today(char *buf, size_t len)
{
	char full[32];

	tz_format_local(af_now(), full, sizeof full);
	snprintf(buf, len, "%.10s", full);
}

/* "YYYY-MM-DD[ HH:MM[:SS]]" into tm's fields; 0, or -1 when it is not that
 * or names no real day or time. */
static int parse_fields(const char *s, struct tm *tm)
{
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0, len = (int)strlen(s);
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (len == 10) {
		if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
			return -1;
	} else if (len == 16) {
		if (sscanf(s, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5)
			return -1;
	} else if (len == 19) {
		if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) != 6)
			return -1;
	} else {
		return -1;
	}
	if (n != len || s[4] != '-' || s[7] != '-' || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) ||
	    h > 23 || mi > 59 || se > 59 || h < 0 || mi < 0 || se < 0)
		return -1;
	memset(tm, 0, sizeof *tm);
	tm->tm_year = y - 1900;
	tm->tm_mon = mo - 1;
	tm->tm_mday = d;
	tm->tm_hour = h;
	tm->tm_min = mi;
	tm->tm_sec = se;
	return 0;
}

time_t tz_parse_utc(const char *s)
{
	struct tm tm;

	return s && parse_fields(s, &tm) == 0 ? timegm(&tm) : (time_t)-1;
}

time_t tz_parse_local(const char *s)
{
	struct tm tm, want, back;
	time_t t;

	if (!s || parse_fields(s, &tm) != 0)
		return -1;
	want = tm;
	/* Try summer time first, then standard: the first of a doubled hour;
	 * a skipped hour comes back as another wall time and is refused. */
	for (int dst = 1; dst >= 0; dst--) {
		tm = want;
		tm.tm_isdst = dst;
		t = mktime(&tm);
		if (t == (time_t)-1)
			continue;
		localtime_r(&t, &back);
		if (back.tm_year == want.tm_year && back.tm_mon == want.tm_mon && back.tm_mday == want.tm_mday &&
		    back.tm_hour == want.tm_hour && back.tm_min == want.tm_min && back.tm_sec == want.tm_sec)
			return t;
	}
	return -1;
}

const char *tz_show(const char *s, char *buf, size_t len)
{
	size_t n = s ? strlen(s) : 0;
	char full[32];
	time_t t;

	if (n != 16 && n != 19)
		return s ? s : "";
	if ((t = tz_parse_utc(s)) == (time_t)-1)
		return s;
	tz_format_local(t, full, sizeof full);
	snprintf(buf, len, "%.*s", (int)n, full);
	return buf;
}

int tz_store(const char *local, char *buf, size_t len)
{
	time_t t = tz_parse_local(local);

	if (t == (time_t)-1)
		return -1;
	af_format_time(t, buf, len);
	return 0;
}

time_t tz_day_start(const char *date)
{
	char s[20];
	time_t t;

	if (!date || strlen(date) != 10)
		return -1;
	snprintf(s, sizeof s, "%s 00:00:00", date);
	if ((t = tz_parse_local(s)) != (time_t)-1)
		return t;
	/* A zone whose summer time begins at midnight: the day starts at 01:00. */
	snprintf(s, sizeof s, "%s 01:00:00", date);
	return tz_parse_local(s);
}

int tz_date_add(const char *date, int days, int months, char *out, int *weekday)
{
	struct tm tm;
	time_t t;

	if (!date || strlen(date) != 10 || parse_fields(date, &tm) != 0)
		return -1;
	if (months) {
		static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int y, m, last;

		m = tm.tm_mon + months;
		y = tm.tm_year + 1900 + (m >= 0 ? m / 12 : (m - 11) / 12);
		m = ((m % 12) + 12) % 12;
		last = mdays[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
		tm.tm_year = y - 1900;
		tm.tm_mon = m;
		if (tm.tm_mday > last)
			tm.tm_mday = last;
	}
	tm.tm_mday += days;
	tm.tm_hour = 12; /* calendar days: noon in UTC, no zone involved */
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	if (weekday)
		*weekday = (tm.tm_wday + 6) % 7;
	return 0;
}
