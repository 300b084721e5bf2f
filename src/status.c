#include "autoconf.h"
#include <stdarg.h>
#include <stdio.h>
#include "status.h"

static const struct { int code; const char *name; } status_table[] = {
#define AF_STATUS_ROW(name, code, text) { code, text },
	AF_STATUS_INFO(AF_STATUS_ROW)
#undef AF_STATUS_ROW
};

static char last_message[1024];

int af_exit_code(af_status st)
{
	return status_table[st].code;
}

const char *af_status_name(af_status st)
{
	return status_table[st].name;
}

af_status af_fail(af_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_message, sizeof last_message, fmt, ap);
	va_end(ap);
	return st;
}

const char *af_errmsg(void)
{
	return last_message[0] ? last_message : af_status_name(AF_ERROR);
}

void af_clear_error(void)
{
	last_message[0] = '\0';
}
