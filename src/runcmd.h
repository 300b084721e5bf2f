/* Runs a configured command (print_command, mail_command) with text on
 * its standard input: through /bin/sh -c, the program's group given up
 * first (a setgid program runs nothing configured with its privilege), its
 * standard output discarded (never mixed into what a script reads), its
 * errors the user's, stopped after a time limit. No SQL, no ncurses. */
#ifndef AF_RUNCMD_H
#define AF_RUNCMD_H

#include <stddef.h>
#include <stdint.h>

#define RUNCMD_TIMEOUT_MS 30000

/* env: NULL, or "NAME=VALUE" strings (NULL-terminated) set for the command.
 * timeout_ms: how long it may run (RUNCMD_TIMEOUT_MS for no special
 * limit); *stopped (when not NULL) is set to 1 when it was stopped at the
 * limit. 0 when it exited 0 within the limit; -1 with *why saying what. */
int runcmd_pipe(const char *command, const char *text, size_t len, const char *const *env,
		int64_t timeout_ms, int *stopped, char *why, size_t why_len);

/* Runs command on the user's terminal (an attachment viewer such as less
 * or xdg-open): stdin, stdout and stderr are the terminal's, env as above,
 * the group given up, waited for without a limit (the user ends it). The
 * caller hands the terminal over first (endwin) and takes it back after.
 * 0 when it exited 0; otherwise -1 and *why says what. */
int runcmd_terminal(const char *command, const char *const *env, char *why, size_t why_len);

#endif
