/* Notices as mail: one RFC 5322 message in UTF-8, for a sendmail-compatible
 * mail_command to read on its standard input (`sendmail -t -i`: the
 * recipient is in the To: header, never on a command line). Subjects and
 * names are RFC 2047 encoded words. No SQL, no ncurses. */
#ifndef AF_MAIL_H
#define AF_MAIL_H

#include <stddef.h>

typedef struct {
	const char *text;    /* the notice, as the program shows it */
	const char *number;  /* the request's number, or "" */
	const char *summary; /* the request's summary, or "" */
	const char *at;      /* when it was made, as shown */
	const char *ics;     /* an iCalendar invitation sent along (a meeting's), or NULL */
} mail_item;

/* 1 when addr is a plain address (local@domain, no spaces, quotes,
 * brackets, commas or controls) that can go in a header as it is. */
int mail_address_ok(const char *addr);
/* "Name: value" with value as RFC 2047 B encoded words of whole UTF-8
 * characters (folded, each word at most 75 columns) when it is not plain
 * ASCII; the caller frees. */
char *mail_header(const char *name, const char *value);
/* The whole message: one notice (n == 1, digest 0) or a digest of n;
 * with any invitation (ics) a multipart/mixed message whose text part is
 * followed by each invitation as a text/calendar (method REQUEST) part
 * named NUMBER.ics, base64 so its CRLF lines arrive as they are.
 * from may be "" (the mail program then fills it in); host names the
 * machine in the `ssh HOST adminflow` hint. The caller frees; NULL when
 * to_addr is not mail_address_ok. */
char *mail_compose(const char *from, const char *to_name, const char *to_addr, const char *host,
		   const mail_item *items, size_t n, int digest);

#endif
