/* What the screens show, read from the database: tables of text cells
 * ready to draw. Screens never write SQL; they ask here. */
#ifndef AF_VIEWS_H
#define AF_VIEWS_H

#include <stdint.h>
#include "status.h"

struct form_field;

/* A table of text: rows of ncols cells, plus a key per row (a request
 * number, a notice id) to keep the cursor on the same item across reloads. */
typedef struct {
	int ncols, nrows;
	const char **headers;  /* static column titles: msgids (N_), shown through _() */
	char **cells;          /* nrows * ncols, owned */
	char **keys;           /* nrows, owned */
	unsigned char *flags;  /* nrows: VIEW_* bits */
	int64_t total;         /* rows there are when only the latest nrows are loaded; 0: all loaded */
	int cap;               /* rows allocated */
	int own_headers;       /* the headers array (not its strings) is freed with the table */
} view_table;

/* VIEW_MASKED: a request's field the reader may not see (its cell holds
 * the mask, not the value): faces ask this flag, never the text.
 * VIEW_RESTOCK: a low-stock notice, which offers the prepared restock. */
enum { VIEW_OVERDUE = 1, VIEW_LOW = 2, VIEW_UNREAD = 4, VIEW_MARKED = 8, VIEW_MINE = 16, VIEW_MASKED = 32,
       VIEW_RESTOCK = 64 };

void view_table_free(view_table *t);
const char *view_cell(const view_table *t, int row, int col);

typedef struct {
	int64_t todo, returned, unread, mine_pending;
	int64_t overdue; /* 1 when any of the to-do is overdue */
} home_counts;

/* A request's state ("pending", ...) and an action of its timeline
 * ("approve", ...) in the reader's words; unknown codes as they are. */
const char *views_state_word(const char *state);
const char *views_action_word(const char *action);

/* Counts for the current user's home screen. */
af_status views_home(home_counts *c);
/* The "due today" panel: kind, text, key (request number or ""); the
 * steps first, at most VIEWS_DUE_MAX of them (the panel is not taller:
 * a head with 500 overdue tasks read them all for the first dozen). */
#define VIEWS_DUE_MAX 100
af_status views_due(view_table *t);
/* Inbox tabs: 0 to-do, 1 done, 2 mine, 3 CC. filter_text (may be NULL)
 * keeps rows containing it in any cell. Done without a filter holds the
 * requests of the latest ENGINE_DONE_LATEST actions, t->total saying how
 * many there are when that is not all; with one, it searches them all. */
af_status views_inbox(int tab, const char *filter_text, view_table *t);
/* A request: header (label, value) pairs with sensitive fields masked
 * (the row flagged VIEW_MASKED), and the timeline. */
af_status views_request(const char *number, view_table *fields, view_table *timeline);
/* Every step of a request in order (title, state word, who, why, limit;
 * the key: done, active, planned or skipped),
 * the one waiting now flagged VIEW_MARKED (and VIEW_OVERDUE when late),
 * who in full with "any one" / "all of them" where several are asked;
 * *form gets the request's form id (caller frees, also on failure). */
/* The budget warning an approver sees on an open request (pending or
 * returned) of a form serving "budget" that would take its department's
 * budget past its amount; NULL when there is none. Caller frees. */
char *views_budget_warning(const char *number);
/* On an open request with supply lines, what they ask beyond the stock
 * available (stock_shortfall's words), as the approver sees it before
 * approving; NULL when nothing is short. Caller frees. */
char *views_stock_warning(const char *number);
/* A series' dates (booking_occurrences): date, time, room or vehicle,
 * state, what happened to it alone; key the date; VIEW_LOW for a date not
 * held (cancelled, left out). Empty for a request with one booking or none. */
/* "name (login)" of an active employee, or NULL; caller frees. */
char *views_employee_name(const char *login);
af_status views_occurrences(const char *number, view_table *t);
af_status views_request_steps(const char *number, char **form, view_table *t);
/* A lines or supply_lines field's value as views_request shows it, as a
 * table: its columns (supplies: SKU, name, quantity, unit), money with two
 * decimals, and a last row flagged VIEW_MARKED with the totals when there
 * are two rows or more. AF_INVALID when the field is not a table or the
 * value does not parse. */
af_status views_field_grid(const char *form_id, const char *field, const char *value, view_table *t);
/* Earlier steps a request may be returned to (name, title). */
af_status views_return_targets(const char *number, view_table *t);
/* The choices of a choice field, or of a column ("lines.category"). */
af_status views_options(const char *form_id, const char *field, view_table *t);
/* The affairs the user may start (from forms/). */
af_status views_forms(view_table *t);
/* A request's attachments (n, name, size, type), keyed by n; one the
 * reader may not see (a sensitive field's) is named ****** and flagged
 * VIEW_LOW. */
af_status views_attachments(const char *number, view_table *t);
/* The current user's notices, newest first. */
af_status views_notices(view_table *t);
/* Marks a notice read (one short transaction). */
af_status views_notice_read(int64_t id);
/* Registers: "supplies", "assets", "seals", "licences"; "stock" is the
 * supplies register with the usual supplier and the latest adjustment. */
af_status views_register(const char *kind, const char *filter_text, view_table *t);

/* Adds field fd's row to a request's fields table (views_request's), with
 * no value, unless it is there: a field still empty that the viewer's
 * step is to fill in (the repairer at the acceptance step). */
void views_field_row(view_table *fields, const struct form_field *fd);
/* A field's stored value as the screens show it: a choice's label (and
 * a multichoice's, comma-separated) in the screens' language, else as
 * engine_field_text writes it. Caller frees. */
char *views_value_text(const struct form_field *fd, const char *stored);
/* The name of the supply with that SKU ("" when there is none). Caller frees. */
char *views_supply_name(const char *sku);
/* Picker candidates for a reference field type name ("employee", "room",
 * ...): code, label; query narrows by code or name. */
af_status views_pick(const char *type, const char *query, view_table *t);
/* The assets that may be handed over for a request of category: in stock,
 * of that category (tag, name · location); query narrows as above. */
af_status views_pick_available(const char *category, const char *query, view_table *t);

#endif
