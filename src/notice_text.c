#include "autoconf.h"
#include <string.h>
#include "i18n.h"
#include "notice_text.h"
#include "util.h"

/* Each stored form with the words it is shown in: the more particular
 * first (a "for" after a to-do, an outcome after a CC). */
static const struct {
	const char *stored, *shown;
} notice_texts[] = {
	{ NT_TODO_FOR, N_("to do: %s %s (%s), for %s") },
	{ NT_TODO, N_("to do: %s %s (%s)") },
	{ NT_CC_APPROVED, N_("CC: %s %s approved") },
	{ NT_CC_REJECTED, N_("CC: %s %s rejected") },
	{ NT_CC, N_("CC: %s %s") },
	{ NT_APPROVED, N_("approved: %s %s") },
	{ NT_FOR_YOU, N_("submitted for you by %s: %s %s") },
	{ NT_MENTION, N_("mentioned on %s by %s: %s") },
	{ NT_REJECTED, N_("rejected: %s: %s") },
	{ NT_RETURNED_WHY, N_("returned to %s: %s: %s") },
	{ NT_RETURNED, N_("returned to %s: %s") },
	{ NT_CANCELLED, N_("cancelled: %s: %s") },
	{ NT_TRANSFERRED_WHY, N_("transferred to you: %s: %s") },
	{ NT_TRANSFERRED, N_("transferred to you: %s") },
	{ NT_COMMENT, N_("comment on %s: %s") },
	{ NT_WITHDRAWN, N_("withdrawn by the applicant: %s") },
	{ NT_URGE_WHY, N_("please act on %s: %s") },
	{ NT_URGE, N_("please act on %s") },
	{ NT_ESCALATED, N_("escalated to you: %s %s (overdue with %s)") },
	{ NT_OVERDUE, N_("overdue: %s %s") },
	{ NT_DUE_SOON, N_("due soon: %s %s") },
	{ NT_MINUTES, N_("minutes filed: %s") },
	{ NT_MEETING, N_("meeting: %s %s") },
	{ NT_BOOKING_ASKED_SERIES, N_("booking asked: %s %s %s %s (series)") },
	{ NT_BOOKING_ASKED, N_("booking asked: %s %s %s %s") },
	/* TRANSLATORS: a request's number, the date and time it was booked
	 * for. */
	{ NT_BOOKING_CANCELLED_WHY, N_("booking changed: %s %s cancelled: %s") },
	{ NT_BOOKING_CANCELLED, N_("booking changed: %s %s cancelled") },
	{ NT_BOOKING_MOVED_WHY, N_("booking changed: %s %s moved to %s: %s") },
	{ NT_BOOKING_MOVED, N_("booking changed: %s %s moved to %s") },
	{ NT_STARTING_SOON, N_("starting soon: %s") },
	/* TRANSLATORS: a licence's name, its number, the day it expired, how
	 * many days ago. */
	{ NT_LICENCE_EXPIRED, N_("licence expired: %s (%s) on %s, %s days ago") },
	/* TRANSLATORS: a licence's name, its number, the day it expires, in
	 * how many days. */
	{ NT_LICENCE_EXPIRING, N_("licence expiring: %s (%s) on %s, in %s days") },
	/* TRANSLATORS: an asset's name, its tag, who holds it, the day it was
	 * due back, how many days overdue. */
	{ NT_ASSET_OVERDUE, N_("asset overdue for return: %s (%s) held by %s, due back %s, %s days overdue") },
	{ NT_VEHICLE_SERVICE_KM, N_("vehicle service: %s (%s) due at %s km, now %s km") },
	/* TRANSLATORS: a vehicle's name, its code, the day its service is
	 * due, every how many months, the last service's day. */
	{ NT_VEHICLE_SERVICE_DATE, N_("vehicle service: %s (%s) due %s (every %s months, last %s)") },
	{ NT_VEHICLE_INSURANCE_EXPIRED, N_("vehicle insurance: %s (%s) expired %s") },
	{ NT_VEHICLE_INSURANCE_EXPIRES, N_("vehicle insurance: %s (%s) expires %s") },
	{ NT_VEHICLE_INSPECTION_EXPIRED, N_("vehicle inspection: %s (%s) expired %s") },
	{ NT_VEHICLE_INSPECTION_EXPIRES, N_("vehicle inspection: %s (%s) expires %s") },
	{ NT_ASSET_TODAY, N_("asset due back today: %s (%s) held by %s") },
};

#define NOTICE_ARGS 6

/* fmt with its %s (or %N$s, when a translation reorders them) replaced
 * by the n pieces of at/len, in order. */
static char *fill(const char *fmt, const char **at, const size_t *len, int n)
{
	strbuf sb = { 0 };
	int next = 0;

	for (const char *p = fmt; *p; p++) {
		int k = -1;

		if (p[0] == '%' && p[1] == 's') {
			k = next++;
			p++;
		} else if (p[0] == '%' && p[1] >= '1' && p[1] <= '9' && p[2] == '$' && p[3] == 's') {
			k = p[1] - '1';
			p += 3;
		} else if (p[0] == '%' && p[1] == '%') {
			p++;
		}
		if (k < 0)
			sb_add(&sb, p, 1);
		else if (k < n)
			sb_add(&sb, at[k], len[k]);
	}
	return sb_take(&sb);
}

char *notify_text_shown(const char *text)
{
	for (size_t i = 0; i < sizeof notice_texts / sizeof notice_texts[0]; i++) {
		const char *at[NOTICE_ARGS];
		size_t len[NOTICE_ARGS];
		int n = 0;

		for (const char *p = notice_texts[i].stored; (p = strstr(p, "%s")); p += 2)
			n++;
		if (text_match(notice_texts[i].stored, text, at, len, NOTICE_ARGS))
			return fill(_(notice_texts[i].shown), at, len, n);
	}
	return xstrdup(text);
}
