/* The one connection to the shared SQLite file: opening with the right
 * pragmas and journal mode, a statement wrapper with named binding and a
 * statement cache, nested transactions, and the retry loop that makes a
 * change survive a busy or flaky share. No other module calls sqlite3_open. */
#ifndef AF_DB_H
#define AF_DB_H

#include <sqlite3.h>
#include <stdint.h>
#include "status.h"
#include "fsinfo.h"

enum db_open_mode {
	DB_OPEN_USE,     /* must exist and be at the current schema */
	DB_OPEN_CREATE,  /* init: create or upgrade */
	DB_OPEN_INSPECT, /* doctor: open whatever is there, change nothing */
};

/* Opens path with foreign keys, defensive mode, no trusted schema, a jittered
 * busy handler and the journal mode the filesystem allows. A schema newer than
 * this program is refused before anything is written. */
af_status db_open(const char *path, enum db_open_mode mode);
/* Closes the connection and every cached statement. */
void db_close(void);
/* The open connection (NULL when none); for modules that need the raw API. */
sqlite3 *db_handle(void);
const char *db_path(void);
/* The filesystem found at open, and the journal mode in force. */
const fsinfo *db_fsinfo(void);
const char *db_journal_mode(void);
/* Non-zero after db_open when another connection has committed since the
 * last call (PRAGMA data_version): open screens refresh on it. */
int db_changed(void);
/* The program is about to wait (for a key, a child, the clock): the read
 * transaction its last action's reads shared ends here, so that no writer
 * waits for it. Reads begin one again by themselves. */
void db_idle(void);
/* Set by a face: called about once a second while a change waits for its
 * turn (waited_ms since it began), and with -1 once the wait is over, so
 * that a person waiting sees a progress line, never a silent hang. */
extern void (*db_wait_hook)(int64_t waited_ms);

/* A prepared statement; prepare from the cache, bind by :name, step, done. */
typedef struct {
	sqlite3_stmt *st;
	int cached;
	int slice[2];          /* db_slice's key columns, -1 none */
	sqlite3_value *after[2]; /* the last row's keys */
} db_stmt;

/* Prepares sql (a string literal: the cache keys on its text). Aborts with
 * the SQL error on a programming mistake. */
void db_prepare(db_stmt *s, const char *sql);
void db_bind_text(db_stmt *s, const char *name, const char *value);
void db_bind_int(db_stmt *s, const char *name, int64_t value);
void db_bind_null(db_stmt *s, const char *name);
/* SQLITE_ROW, SQLITE_DONE, or an error code (kept for db_fail). */
int db_step(db_stmt *s);
int64_t db_col_int(db_stmt *s, int col);
/* Column text, "" for NULL; valid until the next step. */
const char *db_col_text(db_stmt *s, int col);
int db_col_is_null(db_stmt *s, int col);
/* Resets a cached statement for reuse, or finalizes an uncached one. */
void db_done(db_stmt *s);
/* A long read in slices (reports, exports): in a rollback journal a reader
 * holds the file against every writer's commit, so once the read has held
 * its lock read_slice ms, db_step lets go of it between two rows and goes
 * on after the last row it returned. The statement's SQL orders its rows
 * by the unique key (col1, col2) and keeps only those after the parameters
 * :after1 and :after2 -- "(a, b) > (:after1, :after2) ... ORDER BY a, b" --,
 * which the caller binds first to values before every row. */
void db_slice(db_stmt *s, int col1, int col2);
/* Between two parts of a long read (a report's windows): ends the read
 * transaction when it has held the file read_slice ms, so that a waiting
 * writer commits; the next statement begins another. */
void db_read_pause(void);
/* Non-zero while a read transaction is open (its locks already taken). */
int db_in_read(void);

/* Runs one statement with positional arguments described by types:
 * 'i' int, 'I' int64_t, 't' const char * (NULL binds NULL). Returns the
 * sqlite code of the last step (SQLITE_DONE on success). */
int db_exec(const char *sql, const char *types, ...);
/* 1 when s is a real calendar date written YYYY-MM-DD (SQLite decides:
 * 2025-02-30 is not one; no sign, four digits of year). The one date
 * check: forms, imports, delegation, reports and the registers call it. */
int db_is_date(const char *s);
/* The first column of the first row, or def; same argument convention. */
int64_t db_int(int64_t def, const char *sql, const char *types, ...);
/* As db_int, but text; the caller frees the result (def copied). */
char *db_text(const char *def, const char *sql, const char *types, ...);

/* Turns the latest SQLite error into a status and message: BUSY/LOCKED are
 * AF_BUSY, a trigger's "conflict: ..." is AF_CONFLICT, other constraints
 * AF_INVALID, the rest AF_ERROR naming the database file. */
af_status db_fail(void);
/* The extended code of the latest failed step. */
int db_last_error(void);
/* 1 when the latest failure (of db_open too) leaves the database there but
 * unusable for now: locked by another process past the retry limit, or
 * damaged. A submission is then still kept in the local outbox. */
int db_unusable_for_now(void);

/* Nested transactions: only the outermost BEGIN IMMEDIATE / COMMIT reaches
 * SQLite. db_begin records where it was called so a leak names file:line. */
#define db_begin() db_begin_at(__FILE__, __LINE__)
af_status db_begin_at(const char *file, int line);
af_status db_commit(void);
void db_rollback(void);
int db_in_transaction(void);
/* 1 right after a db_transact whose COMMIT SQLite confirmed (nothing else
 * has run since): what it wrote is in the file, no read needed to know. */
int db_just_committed(void);

/* Runs fn(ctx) inside one IMMEDIATE transaction and commits it, retrying.
 * Writers wait their turn in a queue every host sees (a blocking lock on a
 * byte of the file, taken before BEGIN IMMEDIATE and let go after COMMIT),
 * up to busy_wait seconds; then, for a lock held by a program that does not
 * queue, BUSY/LOCKED up to busy_timeout a try, busy_retries times;
 * IOERR, CANTOPEN and PROTOCOL by rolling back, reopening and running fn
 * again (fn looks its idempotency key up first, so nothing doubles);
 * CORRUPT and NOTADB stop at once. fn returns AF_OK to commit. */
typedef af_status (*db_txn_fn)(void *ctx);
af_status db_transact(db_txn_fn fn, void *ctx);

/* db_transact, rolled back instead of committed: fn(ctx) runs as it would
 * (retried alike), sees its own writes, and none of them stays. AF_OK when
 * fn succeeded; fn's failure otherwise. For dry runs that must be the real
 * run, not a copy of its rules (remind --dry-run). */
af_status db_transact_dry(db_txn_fn fn, void *ctx);

/* Work that rides along with the next change: fn(ctx) runs inside every
 * attempt of the next db_transact, before that transaction's own fn, and
 * is forgotten once one commits. If none has by db_close, db_close runs it
 * in a transaction of its own (a failure there is said on stderr). Used for
 * the audit row of --as: one transaction per command, not two. */
void db_piggyback(db_txn_fn fn, void *ctx);

/* On a network filesystem, a process writes only where a lock probe has
 * shown that its host's mount carries locks between hosts (lock_check):
 * this lets the probe itself record what it found. */
void db_allow_unproven(void);

/* Test hook: called before each COMMIT with the attempt number. */
extern void (*db_test_before_commit)(int attempt);

#endif
