/* Reports: what supervisors and the admin manager read, print and are
 * reminded of, computed from the program's own records. Each report is a
 * few tables of text cells; the CLI writes them as aligned text or CSV, the
 * reports screen draws them. Reports read only what the user may see:
 * report_all everything, report_department their own department's (and its
 * sub-departments') records, report_money the expense claims. No ncurses
 * here; the screen asks through these functions. */
#ifndef AF_REPORT_H
#define AF_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include "status.h"

typedef struct {
	const char *from, *to;   /* YYYY-MM-DD, inclusive; NULL: unbounded (or the report's default) */
	const char *department;  /* a department code; NULL: all the user may see */
	const char *location;    /* inventory-count: one location; NULL: all */
} report_opts;

/* One table: ncols headers, nrows rows of cells. A numeric column is
 * right-aligned in text and written as a plain (unquoted) cell in CSV. */
typedef struct {
	char *title;             /* may be NULL */
	int ncols, nrows, cap;
	char **headers;          /* ncols, owned */
	unsigned char *numeric;  /* ncols */
	char **cells;            /* nrows * ncols, owned */
	int total;               /* 1: the last row is the table's total (report_put_total) */
} report_table;

typedef struct {
	char *name, *title;
	char *scope;             /* what was read: "all", "department MKT", "2026-11-01..2026-11-30" */
	int ntables;
	report_table *tables;
	int nnotes;
	char **notes;            /* lines said after the tables: what is not recorded, ... */
} report;

/* Who may read a report: a department head their own department's,
 * report_money also the expense claims, the count sheet report_all or
 * export. */
enum report_reach { REPORT_REACH_DEPT, REPORT_REACH_MONEY, REPORT_REACH_SHEET };
struct report_scope;

/* The reports there are, one specification each, in menu order (NULL name
 * ends the list): name, an English title (a msgid: the reports screen shows
 * its translation), who may read it (and the keepers who read it whole),
 * what its dates select (NULL: it takes
 * no range), and the body that fills it within the reader's scope. Menus,
 * usage and report_run all read this one table. */
typedef struct {
	const char *name, *title;
	enum report_reach reach;
	const char *kept_by; /* a permission whose holders keep what it counts: they read it whole */
	const char *range_of;
	af_status (*run)(const struct report_scope *sc, report *r);
} report_info;
extern const report_info report_list[];

/* Computes report name for the current user into r (report_free it, also on
 * failure). AF_USAGE for an unknown name, AF_INVALID for a bad date or an
 * unknown department, AF_DENIED when the user may not read it. */
af_status report_run(const char *name, const report_opts *o, report *r);
void report_free(report *r);
const char *report_cell(const report_table *t, int row, int col);

/* The value of a numeric cell (0 for an empty or text one): charts read
 * numbers, not the text the command line prints. */
double report_number(const report_table *t, int row, int col);
/* The display width of each of t's ncols columns (cells cut at 40). */
void report_col_widths(const report_table *t, int *w);
/* One row of t (row -1: the headers; -2: the rule under them) as aligned
 * text in the widths w, two spaces apart, no trailing blanks, control
 * characters as '?': the lines of report_write_text, for a face that lays
 * out a report itself. Caller frees. */
char *report_row_text(const report_table *t, const int *w, int row);

/* Writes r as aligned plain text (columns measured in display columns, so
 * Chinese text lines up; control characters shown as '?'). */
void report_write_text(const report *r, FILE *out);
/* Writes r as RFC 4180 CSV through csvio (BOM when configured): each table
 * a header row and its rows; tables separated by one empty line. */
void report_write_csv(const report *r, FILE *out);

/* Display width of UTF-8 text in terminal columns (CJK: 2). */
int report_width(const char *s);

/* The inventory count sheet (assets on the books, retired ones left out):
 * tag, name, category, location, holder, booked status, counted, note. */
af_status report_inventory(const report_opts *o, report *r);
/* A printed count sheet's page unless told otherwise (report --lines,
 * --width): 60 lines of 80 columns, as lp prints plain text on A4. */
#define REPORT_PAGE_LINES 60
#define REPORT_PAGE_WIDTH 80
/* The count sheet as pages of page_lines lines for lp, width columns wide:
 * a header and page number on every page, pages separated by form feeds,
 * a signature block at the end. */
void report_write_pages(const report *r, const report_opts *o, FILE *out, int page_lines, int width);

/* Room (or vehicle) use by weekday and hour over the report's range:
 * pct[d][h] is the share of working time booked, Monday d = 0 .. Friday
 * d = 4, hour 8 + h for h = 0..9, across every active resource of the kind. */
af_status report_heat(const char *resource, const report_opts *o, double pct[5][10]);


#endif
