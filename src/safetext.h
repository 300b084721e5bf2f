/* The one rule for text on its way to a terminal, and for what may be in
 * a code: which characters are never passed on as they are. Text from the
 * database (show, inbox, exports and reports on standard output, the
 * screens) goes through it, so that control characters, escape sequences
 * and bidirectional overrides stored by any route are shown, never
 * obeyed by the terminal. No SQL, no ncurses. */
#ifndef AF_SAFETEXT_H
#define AF_SAFETEXT_H

#include <stdint.h>
#include <stdio.h>

/* 1 for a code point a terminal would obey rather than show: C0 controls
 * but tab and newline, DEL, C1 controls (U+009B is CSI), bidirectional
 * embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069). */
int safetext_control(uint32_t cp);
/* 1 for a code point that shows nothing: the controls above, zero-width
 * spaces and joiners, direction marks, line and paragraph separators, the
 * byte-order mark, soft hyphen, private use and tag characters. Codes,
 * keys, logins and SKUs may hold none; a name must show something. */
int safetext_invisible(uint32_t cp);
/* Decodes one UTF-8 sequence at s (n bytes available) into *cp: its
 * length, 0 when more bytes are needed, -1 when invalid. */
int safetext_decode(const char *s, size_t n, uint32_t *cp);
/* 1 when s holds an invisible character (or invalid UTF-8). */
int safetext_has_invisible(const char *s);
/* 1 when s holds invisible characters and nothing visible (spaces aside). */
int safetext_shows_nothing(const char *s);
/* A stream that writes to file descriptor fd with every control shown
 * as \xHH (\u00HH for C1, <U+202E> for the others) and invalid UTF-8 as
 * \xHH; "\r\n" (CSV's line end) and the form feed (the end of a printed
 * page) pass. NULL when it cannot be made. */
FILE *safetext_stream(int fd);

#endif
