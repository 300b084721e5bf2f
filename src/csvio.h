/* CSV import and export of the registers, through libcsv. Import is all or
 * nothing; export is RFC 4180 and safe to open in a spreadsheet. */
#ifndef AF_CSVIO_H
#define AF_CSVIO_H

#include <stdio.h>
#include "status.h"

/* 1 when kind names an importable register (departments employees roles
 * rooms vehicles spaces supplies assets suppliers seals licences budgets). */
int csvio_importable(const char *kind);
/* The permission importing kind needs: "import", or "budget" for budgets. */
const char *csvio_permission(const char *kind);
/* 1 when kind can be exported (the importable ones plus later additions). */
int csvio_exportable(const char *kind);
/* Imports path into kind in one transaction. Every bad row is reported on
 * stderr as "adminflow: FILE:LINE: column: why" (up to 20, in file order),
 * and then nothing is written and AF_INVALID returned with the message
 * "FILE: N bad rows; nothing was imported". An unreadable file is AF_INVALID
 * "FILE: cannot read: why". skip_column (may be NULL) is ignored in the file:
 * the demo loader imports departments before their heads. */
af_status csvio_import(const char *kind, const char *path, const char *skip_column);
/* Writes kind as CSV with a header row to out. */
af_status csvio_export(const char *kind, FILE *out);

/* Low-level reader shared by every CSV file the program takes (the
 * registers, the stocktake's counts): libcsv, strictly; a UTF-8 BOM
 * skipped; LF or CRLF; quoted line breaks; each row handed over with the
 * line it began on. A stray quote, a cell growing past a megabyte, or a
 * quote left open at the end is a problem named by line and field, and
 * the reading stops; a row whose cells do not match the header's is a
 * problem and the reading goes on. */
#define CSVIO_MAX_FIELDS 64 /* cells kept of a row; more are only counted */
/* One row: its cells (NUL-terminated copies, NULL for one longer than
 * max_field; at most CSVIO_MAX_FIELDS, n counts all), their lengths, and
 * the line it began on. Borrowed for the call. */
typedef struct {
	char **fields;
	const size_t *lens;
	int n;
	long line;
} csvio_row;
typedef struct {
	const char *path;
	size_t max_field;
	const char *columns; /* for the message of an empty file: "tag, found, ..." or NULL */
	/* The first row, then every row with as many cells as it (a row with
	 * more or fewer is a problem, and is not passed on). Nonzero: read no
	 * further. */
	int (*header)(void *ctx, const csvio_row *row);
	int (*row)(void *ctx, const csvio_row *row);
	/* A problem at line, in the cell at position field (-1: the row);
	 * stops: 1 when the reading ends with it (the file cannot be read
	 * further), 0 when it goes on. */
	void (*problem)(void *ctx, long line, int field, const char *why, int stops);
	void *ctx;
} csvio_reader;
/* AF_OK when the file was read (problems go to r->problem, an empty file
 * too), AF_INVALID when it could not be, AF_ERROR out of memory. */
af_status csvio_read(const csvio_reader *r, FILE *f);
/* Opens a CSV file a person made, for csvio_read: UTF-8 (with or without
 * a BOM) as it is, GB18030 (what Excel on Chinese Windows saves as
 * "CSV (逗号分隔)") converted to UTF-8 by iconv. *encoding (may be NULL) is
 * set to "UTF-8" or "GB18030". A file that is neither is refused once:
 * AF_INVALID "FILE:LINE: neither UTF-8 nor GB18030 text (...)"; so is one
 * that is not a regular file. Close with csvio_close. */
af_status csvio_open(const char *path, FILE **f, const char **encoding);
void csvio_close(FILE *f);
/* Takes back the apostrophe csvio_text put before formula-like text. */
void csvio_unneutralise(char *s);

/* The problems found in a file, kept to be told in file order. */
struct csvio_problem;
typedef struct {
	const char *path;
	struct csvio_problem *v;
	size_t n, cap;
	long seq;
} csvio_problems;
/* "PATH:LINE: COLUMN: WHY" (no column: "PATH:LINE: WHY"). */
void csvio_problems_add(csvio_problems *p, long line, const char *column, const char *why);
/* Prints the first 20 on stderr as "adminflow: ..." in file order and
 * returns AF_INVALID "PATH: N bad rows; nothing was imported". */
af_status csvio_problems_report(csvio_problems *p);
/* Sends the lines the reading would print on stderr ("adminflow: ..."):
 * the problems (problem 1), in file order, and notes such as a GB18030
 * file converted (problem 0), to fn instead; fn NULL: stderr again. The
 * screens keep them to show, where stderr would scribble on the screen. */
void csvio_tell_to(void (*fn)(void *ctx, const char *line, int problem), void *ctx);
/* What a file holds, read without importing anything: its header's cells
 * joined by ", " (caller frees columns), the rows after the header, the
 * rows or cells that are problems, and its encoding. AF_INVALID when it
 * cannot be read (the message names it). */
typedef struct {
	char *columns;
	long rows, bad;
	const char *encoding;
} csvio_peek_info;
af_status csvio_peek(const char *path, csvio_peek_info *info);
/* Forgets all but the first n (a retried transaction starts afresh). */
void csvio_problems_truncate(csvio_problems *p, size_t n);

/* Low-level writer shared by every CSV the program makes (reports too). */
typedef struct {
	FILE *out;
	int cells; /* cells written on the current row */
} csvio_writer;
/* Starts a file: a UTF-8 BOM first when the config asks for Excel. */
void csvio_begin(csvio_writer *w, FILE *out);
/* One text cell: quoted per RFC 4180; text a spreadsheet would run as a
 * formula (= + - @ tab CR first) gets a leading apostrophe. */
void csvio_text(csvio_writer *w, const char *text);
/* One cell that is a number or date: written as is. */
void csvio_plain(csvio_writer *w, const char *text);
/* Ends a row with CRLF. */
void csvio_end_row(csvio_writer *w);

#endif
