/* What the report modules share among themselves (report.c, report_table.c,
 * report_work.c, report_affairs.c, report_count.c); faces use report.h. */
#ifndef AF_REPORT_INT_H
#define AF_REPORT_INT_H

#include <stdint.h>
#include <stdio.h>
#include "db.h"
#include "report.h"
#include "stats.h"

/* ---- the table model (report_table.c) ---- */
/* cols: space-separated column names; a leading '#' marks a numeric one.
 * Moves r->tables: a pointer to an earlier table is stale afterwards. */
report_table *report_add_table(report *r, const char *title, const char *cols);
/* Appends one cell; rows fill left to right. */
void report_put(report_table *t, const char *text);
void report_putf(report_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_put_int(report_table *t, int64_t v);
void report_put_money(report_table *t, int64_t cents);
/* Hours with one decimal; empty when there is no value. */
void report_put_hours(report_table *t, double h, int have);
void report_note(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes s padded to cols display columns, right-aligned when right. */
void report_put_padded(FILE *out, const char *s, int cols, int right);
/* The byte length of the character at s (n bytes left; 1 for a stray
 * byte) and, in *cols, the columns it takes as report_put_padded draws it. */
int report_char(const char *s, size_t n, int *cols);

/* ---- dates, as day numbers (report.c) ---- */
long report_days_from_civil(int y, int m, int d);
void report_civil_from_days(long z, int *y, int *m, int *d);
int report_weekday(long day);
void report_format_day(long day, char *buf, size_t len);
void report_iso_week(long day, char *buf, size_t len);
long long report_parse_minutes(const char *s);
long report_today_day(void);
int report_is_date(const char *s);

/* ---- who may read what (report.c) ---- */
/* The range, department and user's reach a report is computed within. */
struct report_scope {
	int64_t dept;           /* 0: every department */
	char from[11], to[11];  /* "" when open */
	char until[11];         /* the day after to: the exclusive bound */
	char from_at[20], until_at[20]; /* the same bounds as stored instants (UTC) */
	int restricted;         /* a department head's view, not report_all */
	char now[32], today[11];
	const char *location;   /* inventory-count: one location; NULL: all */
	const char *rows;       /* :rows, the JSON array report_gather made */
	const char *mid;        /* :mid, where a two-quarter range splits (quarterly) */
};

/* Rows belong to the department or one below it. */
#define IN_DEPT(col) "(:dept = 0 OR " col " IN (WITH RECURSIVE dt(id) AS (SELECT :dept" \
	" UNION SELECT d.id FROM departments d JOIN dt ON d.parent_id = dt.id) SELECT id FROM dt))"
/* Within the range, open ends bound as '' and '9999-12-31' (report_bind_scope):
 * a plain comparison lets an index on col serve the range, where
 * "(:from IS NULL OR col >= :from)" made SQLite read every row. */
#define IN_RANGE(col) "(" col " >= :from AND " col " < :until)"
#define OPEN_FROM ""
#define OPEN_UNTIL "9999-12-31"
/* Every affair with requests, found by skipping through requests_form
 * (a dozen seeks): "r.form IN ANY_FORM" lets that index serve a range of
 * created_at, which alone no index leads with. */
#define ANY_FORM "(WITH RECURSIVE f(form) AS (SELECT min(form) FROM requests" \
	" UNION ALL SELECT (SELECT min(form) FROM requests WHERE form > f.form) FROM f WHERE f.form IS NOT NULL)" \
	" SELECT form FROM f)"
/* The login behind an audit actor ("root (as zhangsan)" is zhangsan). */
#define AUDIT_LOGIN "(CASE WHEN instr(a.actor, ' (as ') > 0 THEN substr(a.actor, instr(a.actor, ' (as ') + 5," \
	" length(a.actor) - instr(a.actor, ' (as ') - 5) ELSE a.actor END)"

/* Decides what the current user may read of a report and fills sc. */
af_status report_resolve(const char *name, enum report_reach reach, const char *kept_by, const report_opts *o,
			 struct report_scope *sc, report *r);
/* Binds whichever of :dept :from :until :now :today :loc :mid :rows the statement has, and
 * each :serves_ROLE to the ids of the forms serving ROLE (a JSON array). */
void report_bind_scope(db_stmt *s, const struct report_scope *sc);
/* Adds the date range, or the moment, to the scope line. */
void report_scope_range(report *r, const struct report_scope *sc, const char *what);
void report_scope_as_of(report *r, const char *when);
const char *report_form_title(const char *id);
/* Sets the scope's range; open ends are "". */
void report_set_range(struct report_scope *sc, const char *from, const char *to);

/* The one loop that fills a table from a query: runs sql within the scope
 * (report_bind_scope) and appends a row to t for each result row. cols has a letter
 * a result column, saying what its cell holds: 't' the text, 'i' an
 * integer, 'm' money (cents, shown with two decimals), 'a' the title of the
 * affair whose form id the column holds, 'k' a key not shown. When sums is
 * not NULL, each 'i' and 'm' column is added into sums[column].
 * A list of rows (no GROUP BY) reads in slices when its SQL keeps only the
 * rows after :after1 (and :after2), ordered by its 'k' columns, the first of
 * them text never empty (db_slice): "(k1, k2) > (:after1, :after2) ORDER BY k1, k2". */
af_status report_fill(report_table *t, const struct report_scope *sc, const char *sql, const char *cols,
		      int64_t *sums);
/* The one loop that reads a query's rows for a report's own sums: runs
 * sql within the scope (report_bind_scope) and calls fn with each result
 * row; a report that needs more than report_fill's cells (groups, stats,
 * a break between groups) says what a row does, never the loop. */
typedef void (*report_row_fn)(db_stmt *s, void *ctx);
af_status report_each(const struct report_scope *sc, const char *sql, report_row_fn fn, void *ctx);
/* report_each with text parameters of the report's own beside the scope's:
 * params ends with { NULL }; a NULL text binds NULL. */
struct report_param {
	const char *name, *text;
};
af_status report_each_with(const struct report_scope *sc, const char *sql, const struct report_param *params,
			   report_row_fn fn, void *ctx);
/* The total row under a table filled by report_fill with the same cols:
 * "合计 total" in label_col, the sums in the 'i' and 'm' columns, the
 * rest empty. Nothing when the table has no rows. */
void report_put_total(report_table *t, const char *cols, const int64_t *sums, int label_col);
/* report_fill, then report_put_total with the label in the first column. */
af_status report_fill_total(report_table *t, const struct report_scope *sc, const char *sql, const char *cols);
/* The label cell of a table's total row ("合计 total"), which must be its
 * last: marks the table as having one (t->total). */
void report_put_total_label(report_table *t);

/* ---- long reads in windows of time (report.c) ---- */
/* A report that reads many rows reads them window by window of its date
 * range, each window's statement run by fn with the window as its scope
 * (its :from and :until), and lets go of the file between two windows once
 * the read has held it read_slice ms (db_read_pause): in a rollback journal
 * a reader's lock keeps every writer from committing. The windows grow or
 * shrink to take about half of read_slice each. bounds_sql gives the first
 * and last value of the date column (through its index), which bound the
 * windows where the range is open; the first and last window keep the
 * open ends, so every row in the range is in exactly one window. fn adds
 * what it reads to ctx: the report puts it together afterwards. */
typedef af_status (*report_window_fn)(const struct report_scope *w, void *ctx);
af_status report_windows(const struct report_scope *sc, const char *bounds_sql, report_window_fn fn, void *ctx);
/* report_each window by window (report_windows): sql runs once a window,
 * fn reads each row of each into ctx. */
af_status report_windows_each(const struct report_scope *sc, const char *bounds_sql, const char *sql,
			      report_row_fn fn, void *ctx);
/* The rows of a range gathered window by window (report_windows): sql,
 * run for each window, returns one row whose one column is a JSON array
 * (json_group_array) of rows, their columns text and integers only (a
 * real would not come back the same); *rows gets them all in one JSON
 * array, which the report's own statement reads back as :rows from
 * json_each, grouping and ordering exactly as one read would (SQLite
 * does the sums and printf as before, and no table is read). Caller frees. */
af_status report_gather(const struct report_scope *sc, const char *bounds_sql, const char *sql, char **rows);
/* report_gather, then report_fill (report_fill_total when total) of t
 * with sql reading the gathered rows as :rows: a report summed over a
 * long range, as one table. */
af_status report_gather_fill(report_table *t, const struct report_scope *sc, const char *bounds_sql,
			     const char *gather_sql, const char *sql, const char *cols, int total);
/* The j-th column of a gathered row, for the statement reading :rows. */
#define ROW(j) "json_extract(value, '$[" #j "]')"

/* Groups of rows gathered across windows, found by a key (the key's parts
 * joined by '\x1f', so that strcmp orders groups as ORDER BY their parts
 * would; numbers in it zero-padded). */
struct report_group {
	char *key;
	char *label;       /* a text the group shows besides its key */
	int64_t n[6];      /* counts and sums */
	stats_values v;    /* values for the median and percentiles */
};
struct report_groups {
	struct report_group *g;
	int n, cap;
	int *slot;
	size_t nslot;
};
/* The group of key, made empty when new. Pointers into gs last until the
 * next call. */
struct report_group *report_groups_get(struct report_groups *gs, const char *key);
/* Orders the groups by their keys; report_groups_get may not be called after. */
void report_groups_sort(struct report_groups *gs);
void report_groups_free(struct report_groups *gs);
/* Part i of the group's key, into buf. */
const char *report_group_part(const struct report_group *g, int i, char *buf, size_t len);

/* ---- the reports' bodies (report_work.c, report_affairs.c, report_count.c) ---- */
af_status rep_inventory(const struct report_scope *sc, report *r);
af_status rep_supplies_count(const struct report_scope *sc, report *r);
af_status rep_volume(const struct report_scope *sc, report *r);
af_status rep_cycle(const struct report_scope *sc, report *r);
af_status rep_steps(const struct report_scope *sc, report *r);
af_status rep_backlog(const struct report_scope *sc, report *r);
af_status rep_utilisation(const struct report_scope *sc, report *r);
af_status rep_conflicts(const struct report_scope *sc, report *r);
af_status rep_supplies(const struct report_scope *sc, report *r);
af_status rep_assets(const struct report_scope *sc, report *r);
af_status rep_depreciation(const struct report_scope *sc, report *r);
af_status rep_expenses(const struct report_scope *sc, report *r);
af_status rep_unpaid(const struct report_scope *sc, report *r); /* report_money.c */
af_status rep_budget(const struct report_scope *sc, report *r);  /* report_money.c */
af_status rep_vehicle_log(const struct report_scope *sc, report *r); /* report_fleet.c */
af_status rep_seals(const struct report_scope *sc, report *r);
af_status rep_licences(const struct report_scope *sc, report *r);
af_status rep_quarterly(const struct report_scope *sc, report *r);
/* The hours from submission to payment of the paid claims in the scope. */
af_status report_expense_cycle(const struct report_scope *sc, stats_values *v);

#endif
