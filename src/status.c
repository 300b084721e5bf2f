#include "autoconf.h"
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "status.h"

static const struct { int code; const char *name; } status_table[] = {
#define AF_STATUS_ROW(name, code, text) { code, text },
	AF_STATUS_INFO(AF_STATUS_ROW)
#undef AF_STATUS_ROW
};

static char last_message[1024];
/* The same in the language of messages, for the screens; and the last few
 * messages with their translations, so that a refusal wrapped in another
 * ("%s; your input is kept in ...") keeps its translated words. */
static char last_shown[1024];
#define KEPT 4
static struct { char en[1024], tr[1024]; } kept[KEPT];
static int kept_next;

/* In s (of size n), the first English message remembered replaced with its
 * translation. */
static void translate_inner(char *s, size_t n)
{
	for (int i = 0; i < KEPT; i++) {
		char *at, rest[1024];
		size_t len = strlen(kept[i].en);

		if (!len || strcmp(kept[i].en, kept[i].tr) == 0 || !(at = strstr(s, kept[i].en)))
			continue;
		snprintf(rest, sizeof rest, "%s", at + len);
		snprintf(at, n - (size_t)(at - s), "%s%s", kept[i].tr, rest);
		return;
	}
}

int af_exit_code(af_status st)
{
	return status_table[st].code;
}

const char *af_status_name(af_status st)
{
	return status_table[st].name;
}

/* Marks a message for po/adminflow.pot (po/make-pot lists this file). */
#define N_(s) (s)

/* The field of the latest refusal ("" when none) and its reason shown. */
static char last_field[128];
static char last_reason[1024];

static const char *tr(const char *s)
{
	return *s ? dgettext(PACKAGE, s) : s;
}

/* Records the latest failure; about field when it is not NULL. The catalog
 * keeps the conversions (msgfmt --check), so the same arguments fit the
 * translated format. */
static af_status fail_v(af_status st, const char *field, const char *fmt, va_list ap)
{
	char why[1024];
	va_list again;

	va_copy(again, ap);
	vsnprintf(why, sizeof why, fmt, ap);
	vsnprintf(last_reason, sizeof last_reason, tr(fmt), again);
	va_end(again);
	snprintf(last_field, sizeof last_field, "%s", field ? field : "");
	if (field) {
		/* TRANSLATORS: a refusal about a field no screen could name by its
		 * label: the field's name in the form, then why. */
		/* cut to the buffer like every message (the return says so to gcc) */
		if (snprintf(last_message, sizeof last_message, "field %s: %s", field, why) < 0)
			last_message[0] = '\0';
		snprintf(last_shown, sizeof last_shown, tr(N_("field %s: %s")), field, last_reason);
	} else {
		snprintf(last_message, sizeof last_message, "%s", why);
		snprintf(last_shown, sizeof last_shown, "%s", last_reason);
	}
	translate_inner(last_shown, sizeof last_shown);
	if (!field)
		snprintf(last_reason, sizeof last_reason, "%s", last_shown);
	snprintf(kept[kept_next].en, sizeof kept[0].en, "%s", last_message);
	snprintf(kept[kept_next].tr, sizeof kept[0].tr, "%s", last_shown);
	kept_next = (kept_next + 1) % KEPT;
	return st;
}

af_status af_fail(af_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	st = fail_v(st, NULL, fmt, ap);
	va_end(ap);
	return st;
}

af_status af_fail_field(af_status st, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	st = fail_v(st, field, fmt, ap);
	va_end(ap);
	return st;
}

void af_err_within(const char *field, const char *fmt, ...)
{
	char place[256], reason[1024];
	va_list ap;

	if (!last_message[0] || !last_field[0])
		return;
	va_start(ap, fmt);
	vsnprintf(place, sizeof place, tr(fmt), ap);
	va_end(ap);
	snprintf(last_field, sizeof last_field, "%s", field);
	/* TRANSLATORS: where in a field (a table's row and column), then why. */
	if (snprintf(reason, sizeof reason, tr(N_("%s: %s")), place, last_reason) < 0)
		reason[0] = '\0';
	snprintf(last_reason, sizeof last_reason, "%s", reason);
	if (snprintf(last_shown, sizeof last_shown, tr(N_("field %s: %s")), field, last_reason) < 0)
		last_shown[0] = '\0';
	snprintf(kept[(kept_next + KEPT - 1) % KEPT].tr, sizeof kept[0].tr, "%s", last_shown);
}

const char *af_err_field(void)
{
	return last_message[0] && last_field[0] ? last_field : NULL;
}

const char *af_err_reason_shown(void)
{
	return last_message[0] ? last_reason : af_errmsg_shown();
}

const char *af_errmsg_shown(void)
{
	return last_message[0] ? last_shown : dgettext(PACKAGE, af_status_name(AF_ERROR));
}

const char *af_errmsg(void)
{
	return last_message[0] ? last_message : af_status_name(AF_ERROR);
}

void af_clear_error(void)
{
	last_message[0] = '\0';
	last_shown[0] = '\0';
	last_field[0] = '\0';
	last_reason[0] = '\0';
}
