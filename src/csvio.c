/* The registers as CSV: one table of the importable kinds and their
 * columns, the export of each, and the import with its per-kind rules
 * (cells checked, duplicates and references found, then one all-or-nothing
 * transaction). The CSV itself is read by csvio_read.c and written by
 * csvio_write.c. */
#include "autoconf.h"
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "assets.h"
#include "audit.h"
#include "auth.h"
#include "colnames.h"
#include "config.h"
#include "csvio.h"
#include "db.h"
#include "expr.h"
#include "safetext.h"
#include "tz.h"
#include "util.h"

#define MAX_FIELD 1000            /* bytes in one cell */
#define MAX_FIELDS CSVIO_MAX_FIELDS /* cells kept from one row; more are counted */
#define MAX_COUNT 1000000000LL    /* largest quantity or capacity */

/* ---- the registers, as tables ----------------------------------------- */

enum col_type {
	T_KEY,      /* the register's key: one line, no blanks around it */
	T_TEXT,     /* one line of text */
	T_LINES,    /* text that may span lines (CRLF stored as LF) */
	T_SECRET,   /* one line, masked on export unless auth_sees_sensitive */
	T_ENUM,     /* one of col->values */
	T_COUNT,    /* a whole number, 0 or more */
	T_POSITIVE, /* a whole number, 1 or more */
	T_MONEY,    /* a decimal with up to 2 places, stored in cents */
	T_DATE,     /* YYYY-MM-DD, a real calendar date */
	T_DEPT,     /* a department's code (or its name when no code matches) */
	T_PARENT,   /* a department's code, in the database or in this file */
	T_EMP,      /* an employee's login */
	T_ROLE,     /* a role's name */
	T_YEAR,     /* a year, 2000-2999 */
	T_MONTHS,   /* a useful life in months, 1-1200; empty or 0: none (NULL) */
};

#define F_KEY      1u /* part of the key: duplicates in a file are refused */
#define F_REQUIRED 2u /* the header must have it and every row a value */
#define F_UNIQUE   4u /* not the key, but still unique in the register */
#define F_LATER    8u /* set in a second pass (may name rows further down) */

struct column {
	const char *name; /* in the CSV header; also the SQL parameter name */
	const char *db;   /* the table's column */
	enum col_type type;
	unsigned flags;
	int max_chars;    /* longest text in characters; 0: MAX_FIELD bytes only */
	const char *const *values; /* T_ENUM */
	int64_t def;      /* numbers: the value when the file has no such column */
};

struct kind {
	const char *name;
	const char *table;
	const char *conflict; /* ON CONFLICT target; NULL: an existing row is kept */
	const struct column *cols;
	int ncols;
	const char *export_sql; /* one result column per cols[], ordered by key */
	char *sql[2];           /* generated once: pass 1 upsert, pass 2 update */
	const char *perm;       /* the permission to import it; NULL: import */
	/* export-only columns after cols[], skipped on import, and what writes
	 * them from export_sql's columns after cols[]' */
	const char *const *computed;
	void (*compute)(db_stmt *s, int first, csvio_writer *w);
};

static const char *const space_kinds[] = { "desk", "office", "area", NULL };
static const char *const asset_states[] = { "in_stock", "in_use", "in_repair", "retired", "lost", NULL };

#define KEY(n, max) { n, n, T_KEY, F_KEY | F_REQUIRED, max, NULL, 0 }
#define NAME(max) { "name", "name", T_TEXT, F_REQUIRED, max, NULL, 0 }
#define TEXT(n) { n, n, T_TEXT, 0, 0, NULL, 0 }
#define LINES(n) { n, n, T_LINES, 0, 0, NULL, 0 }
#define COLS(a) a, (int)(sizeof a / sizeof a[0])

static const struct column departments_cols[] = {
	KEY("code", 32), NAME(100),
	{ "parent", "parent_id", T_PARENT, F_LATER, 0, NULL, 0 },
	{ "head", "head_id", T_EMP, F_LATER, 0, NULL, 0 },
};
static const struct column employees_cols[] = {
	KEY("login", 64), NAME(100),
	{ "department", "department_id", T_DEPT, F_REQUIRED, 0, NULL, 0 },
	TEXT("title"), TEXT("email"), TEXT("phone"),
	{ "id_number", "id_number", T_SECRET, 0, 0, NULL, 0 },
};
static const struct column roles_cols[] = {
	{ "login", "employee_id", T_EMP, F_KEY | F_REQUIRED, 0, NULL, 0 },
	{ "role", "role", T_ROLE, F_KEY | F_REQUIRED, 0, NULL, 0 },
};
static const struct column rooms_cols[] = {
	KEY("code", 32), NAME(100),
	{ "capacity", "capacity", T_COUNT, F_REQUIRED, 0, NULL, 0 },
	LINES("location"), LINES("equipment"),
	{ "manager", "manager_id", T_EMP, 0, 0, NULL, 0 },
};
static const struct column vehicles_cols[] = {
	KEY("code", 32), NAME(100),
	{ "plate", "plate", T_TEXT, F_REQUIRED | F_UNIQUE, 20, NULL, 0 },
	{ "seats", "seats", T_POSITIVE, F_REQUIRED, 0, NULL, 0 },
	{ "manager", "manager_id", T_EMP, 0, 0, NULL, 0 },
	{ "service_every_km", "service_every_km", T_COUNT, 0, 0, NULL, 0 },
	{ "service_every_months", "service_every_months", T_COUNT, 0, 0, NULL, 0 },
	{ "last_service_on", "last_service_on", T_DATE, 0, 0, NULL, 0 },
	{ "last_service_km", "last_service_km", T_COUNT, 0, 0, NULL, 0 },
	{ "insurance_expires", "insurance_expires", T_DATE, 0, 0, NULL, 0 },
	{ "inspection_expires", "inspection_expires", T_DATE, 0, 0, NULL, 0 },
};
static const struct column spaces_cols[] = {
	KEY("code", 32), NAME(100),
	{ "kind", "kind", T_ENUM, F_REQUIRED, 0, space_kinds, 0 },
	{ "capacity", "capacity", T_COUNT, F_REQUIRED, 0, NULL, 0 },
	LINES("location"),
	{ "floor", "floor", T_TEXT, 0, 40, NULL, 0 },
};
static const struct column supplies_cols[] = {
	KEY("sku", 32), NAME(100), TEXT("unit"),
	{ "on_hand", "on_hand", T_COUNT, F_REQUIRED, 0, NULL, 0 },
	{ "reorder_level", "reorder_level", T_COUNT, 0, 0, NULL, 0 },
	LINES("location"),
	{ "supplier", "supplier", T_TEXT, 0, 32, NULL, 0 }, /* the usual one's code */
	{ "price", "price_cents", T_MONEY, 0, 0, NULL, 0 }, /* the last price paid */
};
static const struct column assets_cols[] = {
	KEY("tag", 32), NAME(200), TEXT("category"),
	{ "status", "status", T_ENUM, F_REQUIRED, 0, asset_states, 0 },
	{ "holder", "holder_id", T_EMP, 0, 0, NULL, 0 },
	LINES("location"),
	{ "purchase_date", "purchase_date", T_DATE, 0, 0, NULL, 0 },
	{ "cost", "cost_cents", T_MONEY, 0, 0, NULL, 0 },
	/* depreciation: none or 0 takes the category's life */
	{ "life_months", "life_months", T_MONTHS, 0, 0, NULL, 0 },
	{ "salvage", "salvage_cents", T_MONEY, 0, 0, NULL, 0 },
	{ "in_service_on", "in_service_on", T_DATE, 0, 0, NULL, 0 },
};
/* Written after them on export, read by nobody: today's depreciation and
 * book value (assets_value_at), so the year-end count has them. */
static const char *const assets_computed[] = { "depreciated", "book_value", NULL };
static const struct column suppliers_cols[] = {
	KEY("code", 32), NAME(200), TEXT("contact"), TEXT("phone"), TEXT("email"),
};
static const struct column seals_cols[] = {
	KEY("code", 32), NAME(100),
	{ "keeper", "keeper_id", T_EMP, F_REQUIRED, 0, NULL, 0 },
};
static const struct column licences_cols[] = {
	KEY("code", 32), NAME(200), TEXT("number"),
	{ "department", "department_id", T_DEPT, 0, 0, NULL, 0 },
	{ "expires_on", "expires_on", T_DATE, F_REQUIRED, 0, NULL, 0 },
	{ "remind_days", "remind_days", T_COUNT, 0, 0, NULL, 30 },
};

static const struct column budgets_cols[] = {
	{ "department", "department_id", T_DEPT, F_KEY | F_REQUIRED, 0, NULL, 0 },
	{ "year", "year", T_YEAR, F_KEY | F_REQUIRED, 0, NULL, 0 },
	{ "category", "category", T_TEXT, F_KEY, 32, NULL, 0 }, /* empty: the whole budget */
	{ "amount", "amount_cents", T_MONEY, F_REQUIRED, 0, NULL, 0 },
};

/* The computed columns of the assets export: the depreciation and book
 * value today, none for an asset off the books. */
static void assets_value_cells(db_stmt *s, int first, csvio_writer *w)
{
	char today[11], buf[32];
	asset_value v;

	if (!assets_on_books(db_col_text(s, 3))) {
		csvio_plain(w, "");
		csvio_plain(w, "");
		return;
	}
	tz_today(today, sizeof today);
	v = assets_value_at(db_col_int(s, 7), db_col_int(s, 9), (int)db_col_int(s, first), db_col_text(s, first + 1),
			    today);
	csvio_plain(w, expr_format_money(v.depreciated, buf, sizeof buf));
	csvio_plain(w, expr_format_money(v.book, buf, sizeof buf));
}

static struct kind kinds[] = {
	{ "departments", "departments", "code", COLS(departments_cols),
	  "SELECT d.code, d.name, p.code, h.login FROM departments d"
	  " LEFT JOIN departments p ON p.id = d.parent_id"
	  " LEFT JOIN employees h ON h.id = d.head_id ORDER BY d.code", { NULL, NULL }, NULL, NULL, NULL },
	{ "employees", "employees", "login", COLS(employees_cols),
	  "SELECT e.login, e.name, d.code, e.title, e.email, e.phone, e.id_number"
	  " FROM employees e JOIN departments d ON d.id = e.department_id ORDER BY e.login",
	  { NULL, NULL }, NULL, NULL, NULL },
	{ "roles", "employee_roles", NULL, COLS(roles_cols),
	  "SELECT e.login, r.role FROM employee_roles r JOIN employees e ON e.id = r.employee_id"
	  " ORDER BY e.login, r.role", { NULL, NULL }, NULL, NULL, NULL },
	{ "rooms", "rooms", "code", COLS(rooms_cols),
	  "SELECT r.code, r.name, r.capacity, r.location, r.equipment, m.login FROM rooms r"
	  " LEFT JOIN employees m ON m.id = r.manager_id ORDER BY r.code", { NULL, NULL }, NULL, NULL, NULL },
	{ "vehicles", "vehicles", "code", COLS(vehicles_cols),
	  "SELECT v.code, v.name, v.plate, v.seats, m.login, v.service_every_km, v.service_every_months,"
	  " v.last_service_on, v.last_service_km, v.insurance_expires, v.inspection_expires FROM vehicles v"
	  " LEFT JOIN employees m ON m.id = v.manager_id ORDER BY v.code", { NULL, NULL }, NULL, NULL, NULL },
	{ "spaces", "spaces", "code", COLS(spaces_cols),
	  "SELECT code, name, kind, capacity, location, floor FROM spaces ORDER BY code", { NULL, NULL }, NULL, NULL, NULL },
	{ "supplies", "supplies", "sku", COLS(supplies_cols),
	  "SELECT sku, name, unit, on_hand, reorder_level, location, supplier, price_cents FROM supplies ORDER BY sku",
	  { NULL, NULL }, NULL, NULL, NULL },
	{ "assets", "assets", "tag", COLS(assets_cols),
	  "SELECT a.tag, a.name, a.category, a.status, h.login, a.location, a.purchase_date,"
	  " a.cost_cents, a.life_months, a.salvage_cents, a.in_service_on,"
	  " coalesce(a.life_months, c.life_months, 0), coalesce(a.in_service_on, a.purchase_date, '')"
	  " FROM assets a LEFT JOIN employees h ON h.id = a.holder_id"
	  " LEFT JOIN asset_categories c ON c.name = a.category ORDER BY a.tag",
	  { NULL, NULL }, NULL, assets_computed, assets_value_cells },
	{ "suppliers", "suppliers", "code", COLS(suppliers_cols),
	  "SELECT code, name, contact, phone, email FROM suppliers ORDER BY code", { NULL, NULL }, NULL, NULL, NULL },
	{ "seals", "seals", "code", COLS(seals_cols),
	  "SELECT s.code, s.name, k.login FROM seals s JOIN employees k ON k.id = s.keeper_id"
	  " ORDER BY s.code", { NULL, NULL }, NULL, NULL, NULL },
	{ "licences", "licences", "code", COLS(licences_cols),
	  "SELECT l.code, l.name, l.number, d.code, l.expires_on, l.remind_days FROM licences l"
	  " LEFT JOIN departments d ON d.id = l.department_id ORDER BY l.code", { NULL, NULL }, NULL, NULL, NULL },
	/* Finance's, not the register keepers': the budget permission. */
	{ "budgets", "budgets", "department_id, year, category", COLS(budgets_cols),
	  "SELECT d.code, b.year, b.category, b.amount_cents FROM budgets b"
	  " JOIN departments d ON d.id = b.department_id ORDER BY b.year, d.code, b.category",
	  { NULL, NULL }, "budget", NULL, NULL },
};

#define NKINDS (int)(sizeof kinds / sizeof kinds[0])
#define MAX_COLS 11 /* the widest register above (vehicles) */

static struct kind *find_kind(const char *name)
{
	for (int i = 0; name && i < NKINDS; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

int csvio_importable(const char *kind)
{
	return find_kind(kind) != NULL;
}

int csvio_exportable(const char *kind)
{
	return find_kind(kind) != NULL;
}

const char *csvio_permission(const char *kind)
{
	struct kind *k = find_kind(kind);

	return k && k->perm ? k->perm : "import";
}

static int is_text_type(enum col_type t)
{
	return t != T_COUNT && t != T_POSITIVE && t != T_MONEY && t != T_DATE && t != T_YEAR && t != T_MONTHS;
}

/* The statement for one pass, built once from the column table and kept for
 * the life of the process (the statement cache keys on it). Pass 1 inserts
 * or updates by key every column but the F_LATER ones; a column the file
 * lacks (:has_NAME = 0) keeps its stored value. Pass 2 sets the F_LATER
 * columns once every row of the file exists. NULL when a pass has nothing. */
static const char *kind_sql(struct kind *k, int pass)
{
	strbuf sb = {0}, set = {0}, changed = {0};
	int n = 0;

	if (k->sql[pass - 1])
		return k->sql[pass - 1];
	if (pass == 1) {
		sb_printf(&sb, "INSERT INTO %s(", k->table);
		for (int i = 0; i < k->ncols; i++)
			if (!(k->cols[i].flags & F_LATER))
				sb_printf(&sb, "%s%s", n++ ? ", " : "", k->cols[i].db);
		sb_puts(&sb, ") VALUES(");
		n = 0;
		for (int i = 0; i < k->ncols; i++)
			if (!(k->cols[i].flags & F_LATER))
				sb_printf(&sb, "%s:%s", n++ ? ", " : "", k->cols[i].name);
		sb_puts(&sb, ")");
		for (int i = 0; k->conflict && i < k->ncols; i++) {
			const struct column *c = &k->cols[i];
			strbuf v = {0};

			if (c->flags & (F_LATER | F_KEY))
				continue;
			sb_printf(&v, "CASE WHEN :has_%s", c->name);
			if (c->type == T_SECRET) /* a masked value re-imported keeps the real one */
				sb_printf(&v, " AND instr(excluded.%s, '*') = 0", c->db);
			sb_printf(&v, " THEN excluded.%s ELSE %s END", c->db, c->db);
			sb_printf(&set, "%s %s = %s", set.len ? "," : "", c->db, v.buf);
			sb_printf(&changed, "%s%s IS NOT %s", changed.len ? " OR " : "", v.buf, c->db);
			sb_free(&v);
		}
		/* A row the file leaves as it is is not written again: a
		 * re-import of the whole register changes a few rows, and each
		 * rewrite is pages for the journal and the share. */
		if (set.len)
			sb_printf(&sb, " ON CONFLICT(%s) DO UPDATE SET%s WHERE %s", k->conflict, set.buf, changed.buf);
		else
			sb_puts(&sb, " ON CONFLICT DO NOTHING");
		sb_free(&set);
		sb_free(&changed);
	} else {
		for (int i = 0; i < k->ncols; i++) {
			const struct column *c = &k->cols[i];

			if (c->flags & F_LATER)
				sb_printf(&sb, "%s %s = CASE WHEN :has_%s THEN :%s ELSE %s END",
					  n++ ? "," : "", c->db, c->name, c->name, c->db);
		}
		if (n == 0)
			return NULL;
		set = sb;
		sb = (strbuf){0};
		sb_printf(&sb, "UPDATE %s SET%s", k->table, set.buf);
		sb_free(&set);
		for (int i = 0; i < k->ncols; i++)
			if (k->cols[i].flags & F_KEY)
				sb_printf(&sb, " WHERE %s = :%s", k->cols[i].db, k->cols[i].name);
	}
	k->sql[pass - 1] = sb_take(&sb);
	return k->sql[pass - 1];
}

/* ---- export ------------------------------------------------------------ */

/* The first 3 characters, an asterisk for each hidden one, the last 4;
 * all asterisks when there are 7 characters or fewer. Caller frees. */
static char *mask_secret(const char *s)
{
	size_t nchars = 0, i = 0, k = 0;
	strbuf sb = {0};

	for (const char *p = s; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			nchars++;
	for (const char *p = s; *p; p++) {
		if (((unsigned char)*p & 0xC0) != 0x80)
			k = i++; /* k: index of the character *p belongs to */
		if (nchars > 7 && (k < 3 || k >= nchars - 4))
			sb_add(&sb, p, 1);
		else if (((unsigned char)*p & 0xC0) != 0x80)
			sb_add(&sb, "*", 1);
	}
	return sb_take(&sb);
}

/* The catalog context of a code column's labels, when a file written in
 * the reader's language carries a label column beside it; NULL: none. */
static const char *label_ctx(const struct column *c)
{
	if (!colnames_translated() || c->type != T_ENUM)
		return NULL;
	return c->values == asset_states ? "asset status" : c->values == space_kinds ? "space kind" : NULL;
}

af_status csvio_export(const char *kind, FILE *out)
{
	struct kind *k = find_kind(kind);
	/* a register's rows belong to nobody in particular: the exporter's own
	 * row is masked like the others */
	int see_secret = auth_sees_sensitive(0);
	csvio_writer w;
	db_stmt s;
	int rc;

	if (!k)
		return af_fail(AF_USAGE, "export: unknown kind '%s'", kind ? kind : "");
	csvio_begin(&w, out);
	for (int i = 0; i < k->ncols; i++) {
		csvio_text(&w, colnames_out(k->cols[i].name));
		if (label_ctx(&k->cols[i])) {
			char label[64];

			snprintf(label, sizeof label, "%s_label", k->cols[i].name);
			csvio_text(&w, colnames_out(label));
		}
	}
	for (int i = 0; k->computed && k->computed[i]; i++)
		csvio_text(&w, colnames_out(k->computed[i]));
	csvio_end_row(&w);
	db_prepare(&s, k->export_sql);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		for (int i = 0; i < k->ncols; i++) {
			const struct column *c = &k->cols[i];
			const char *v = db_col_text(&s, i);
			char buf[32];

			switch (c->type) {
			case T_COUNT:
			case T_POSITIVE:
			case T_YEAR:
			case T_DATE:
			case T_MONTHS:
				csvio_plain(&w, v);
				break;
			case T_MONEY:
				csvio_plain(&w, expr_format_money(db_col_int(&s, i), buf, sizeof buf));
				break;
			case T_SECRET:
				if (!see_secret && *v) {
					char *m = mask_secret(v);

					csvio_text(&w, m);
					free(m);
					break;
				}
				/* fall through */
			default:
				csvio_text(&w, v);
				break;
			}
			if (label_ctx(c))
				csvio_text(&w, colnames_value(label_ctx(c), v));
		}
		if (k->compute)
			k->compute(&s, k->ncols, &w);
		csvio_end_row(&w);
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
	if (ferror(out))
		return af_fail(AF_ERROR, "export: write failed: %s", strerror(errno));
	return AF_OK;
}

/* ---- import: the header and the cells ---------------------------------- */

struct cell {
	char *text;  /* checked text (NULL: empty, or not valid) */
	int64_t num; /* numbers, money in cents */
	int ok;      /* passed the checks that need no database */
	int64_t id;  /* a reference, resolved inside the transaction */
};

struct row {
	long line;
	int bad;
	struct cell cells[MAX_COLS]; /* by column of the kind, not of the file */
};

struct import {
	struct kind *k;
	const char *path;
	const char *skip;
	const char *encoding; /* the file's, as csvio_open read it */
	/* the header: for each position in the file, a column or -1 (ignored) */
	int map[MAX_FIELDS];
	int nhead;
	int has[MAX_COLS];
	int header_done;
	int stop;      /* nothing more can be made of the file */
	/* the rows read */
	struct row *rows;
	size_t nrows, caprows;
	csvio_problems probs; /* the problems found */
	/* the write statement's parameters, found once a pass: for each
	 * column its :NAME and :has_NAME (0: none) */
	int pass, pidx[MAX_COLS], hidx[MAX_COLS];
	/* departments by code, as looked up while writing (sorted) */
	struct dept_id *depts;
	size_t ndepts;
};

struct dept_id {
	char *code;
	int64_t id;
};

static void add_error(struct import *im, struct row *r, long line, const char *column,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add_error(struct import *im, struct row *r, long line, const char *column,
		      const char *fmt, ...)
{
	char why[3 * MAX_FIELD]; /* room for a cell quoted in the message */
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (r)
		r->bad = 1;
	csvio_problems_add(&im->probs, line, column, why);
}

/* A column name from the file, safe to print. */
static const char *header_label(const csvio_row *h, int pos, char *buf, size_t len)
{
	const char *s = pos < h->n ? h->fields[pos] : NULL;

	if (!s || !*s || strlen(s) != h->lens[pos] || h->lens[pos] > 64 ||
	    utf8_invalid_at(s, h->lens[pos]) >= 0 || has_control_chars(s)) {
		snprintf(buf, len, "column %d", pos + 1);
		return buf;
	}
	return s;
}

static const char *column_at(struct import *im, int pos, char *buf, size_t len)
{
	if (pos < 0)
		return NULL;
	if (pos < im->nhead && im->map[pos] >= 0)
		return im->k->cols[im->map[pos]].name;
	snprintf(buf, len, "column %d", pos + 1);
	return buf;
}

/* 1 when name is the label column of one of k's code columns. */
static int is_label_column(const struct kind *k, const char *name)
{
	for (int j = 0; j < k->ncols; j++) {
		char label[64];

		if (k->cols[j].type != T_ENUM)
			continue;
		snprintf(label, sizeof label, "%s_label", k->cols[j].name);
		if (colnames_is(name, label))
			return 1;
	}
	return 0;
}

static int take_header(void *ctx, const csvio_row *h)
{
	struct import *im = ctx;
	const struct kind *k = im->k;
	long line = h->line;
	int bad = 0;

	if (h->n > MAX_FIELDS) {
		add_error(im, NULL, line, NULL, "%d columns; a %s file has at most %d",
			  h->n, k->name, k->ncols);
		return im->stop = 1;
	}
	for (int i = 0; i < h->n; i++) {
		const char *name = h->fields[i];
		char buf[32];
		int c = -1;

		im->map[i] = -1;
		/* English first, then the words of any language the screens
		 * speak: a file exported on Chinese screens comes back */
		for (int j = 0; name && j < k->ncols && c < 0; j++)
			if (strcmp(name, k->cols[j].name) == 0)
				c = j;
		for (int j = 0; name && j < k->ncols && c < 0; j++)
			if (colnames_is(name, k->cols[j].name))
				c = j;
		if (name && im->skip && colnames_is(name, im->skip))
			continue; /* the caller will import it later */
		if (c < 0 && name && is_label_column(k, name))
			continue; /* a code's label: the code beside it is what counts */
		for (int j = 0; c < 0 && name && k->computed && k->computed[j]; j++)
			if (strcmp(name, k->computed[j]) == 0 || colnames_is(name, k->computed[j]))
				c = -2; /* the export's, worked out again from the rest */
		if (c == -2)
			continue;
		if (c < 0) {
			strbuf exp = {0};

			for (int j = 0; j < k->ncols; j++)
				sb_printf(&exp, "%s%s", j ? ", " : "", k->cols[j].name);
			add_error(im, NULL, line, header_label(h, i, buf, sizeof buf),
				  "unknown column (a %s file has: %s)", k->name, exp.buf);
			sb_free(&exp);
			bad = 1;
		} else if (im->has[c]) {
			add_error(im, NULL, line, k->cols[c].name, "column given twice");
			bad = 1;
		} else {
			im->map[i] = c;
			im->has[c] = 1;
		}
	}
	for (int j = 0; j < k->ncols; j++) {
		if ((k->cols[j].flags & F_REQUIRED) && !im->has[j] &&
		    !(im->skip && strcmp(im->skip, k->cols[j].name) == 0)) {
			add_error(im, NULL, line, k->cols[j].name, "required column missing");
			bad = 1;
		}
	}
	im->nhead = h->n;
	im->header_done = 1;
	if (bad)
		im->stop = 1; /* the rows cannot be read without their columns */
	return im->stop;
}

static int parse_count(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > MAX_COUNT)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v > MAX_COUNT)
		return -1;
	*out = v;
	return 0;
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The cell's text once its bytes, its line breaks and its characters
 * pass: a copy, the spreadsheet apostrophe taken back (caller frees), or
 * NULL after the problem is added. */
static char *cell_text(struct import *im, struct row *r, const struct column *c, const char *raw, size_t len)
{
	long off;
	char *s;

	if (!raw) {
		add_error(im, r, r->line, c->name, "longer than %d bytes (%zu)", MAX_FIELD, len);
		return NULL;
	}
	if (strlen(raw) != len) {
		add_error(im, r, r->line, c->name, "contains a NUL byte");
		return NULL;
	}
	if ((off = utf8_invalid_at(raw, len)) >= 0) {
		add_error(im, r, r->line, c->name, "invalid UTF-8 at byte %ld", off + 1);
		return NULL;
	}
	s = xstrdup(raw);
	if (is_text_type(c->type))
		csvio_unneutralise(s);
	if (c->type == T_LINES) {
		char *d = s;

		for (const char *p = s; *p; p++)
			if (!(p[0] == '\r' && p[1] == '\n'))
				*d++ = *p;
		*d = '\0';
		if (has_control_chars(s)) {
			add_error(im, r, r->line, c->name, "contains a control character");
			goto bad;
		}
	} else if (strchr(s, '\n') || strchr(s, '\r')) {
		add_error(im, r, r->line, c->name, "line break in a one-line field");
		goto bad;
	} else if (has_control_chars(s) || ((c->flags & F_KEY) && strchr(s, '\t'))) {
		add_error(im, r, r->line, c->name, "contains a control character");
		goto bad;
	} else if ((c->flags & F_KEY) && safetext_has_invisible(s)) {
		/* BOM2 and U+FEFF BOM2 must not be two SKUs that look one */
		add_error(im, r, r->line, c->name, "contains an invisible character (a code shows all it holds)");
		goto bad;
	}
	if (is_text_type(c->type) && safetext_shows_nothing(s)) {
		add_error(im, r, r->line, c->name, "shows nothing (only invisible characters)");
		goto bad;
	}
	return s;
bad:
	free(s);
	return NULL;
}

/* The checks of the column's type (numbers into cell->num): 0, or -1
 * after the problem is added. */
static int cell_value(struct import *im, struct row *r, const struct column *c, struct cell *cell, const char *s)
{
	switch (c->type) {
	case T_KEY:
	case T_DEPT:
	case T_PARENT:
	case T_EMP:
	case T_ROLE:
		if (s[0] == ' ' || s[strlen(s) - 1] == ' ') {
			add_error(im, r, r->line, c->name, "'%s' begins or ends with a space", s);
			return -1;
		}
		break;
	case T_ENUM:
		if (!in_list(s, c->values)) {
			strbuf sb = {0};

			for (int i = 0; c->values[i]; i++)
				sb_printf(&sb, "%s%s", i ? ", " : "", c->values[i]);
			add_error(im, r, r->line, c->name, "'%s' is not one of: %s", s, sb.buf);
			sb_free(&sb);
			return -1;
		}
		break;
	case T_COUNT:
	case T_POSITIVE:
		if (parse_count(s, &cell->num) != 0 || (c->type == T_POSITIVE && cell->num == 0)) {
			add_error(im, r, r->line, c->name, "'%s' is not a whole number %s (up to %lld)",
				  s, c->type == T_POSITIVE ? "1 or more" : "0 or more", MAX_COUNT);
			return -1;
		}
		break;
	case T_YEAR:
		if (parse_count(s, &cell->num) != 0 || cell->num < 2000 || cell->num > 2999) {
			add_error(im, r, r->line, c->name, "'%s' is not a year (2000-2999)", s);
			return -1;
		}
		break;
	case T_MONTHS:
		if (parse_count(s, &cell->num) != 0 || cell->num > 1200) {
			add_error(im, r, r->line, c->name,
				  "'%s' is not a number of months from 1 to 1200 (0 or empty: the category's)", s);
			return -1;
		}
		break;
	case T_MONEY:
		if (expr_parse_money(s, &cell->num) != 0) {
			add_error(im, r, r->line, c->name,
				  "'%s' is not an amount (digits, then . and up to 2 decimals)", s);
			return -1;
		}
		if (cell->num < 0) {
			add_error(im, r, r->line, c->name, "'%s' is negative", s);
			return -1;
		}
		break;
	case T_DATE:
		if (!db_is_date(s)) {
			add_error(im, r, r->line, c->name, "'%s' is not a date (YYYY-MM-DD)", s);
			return -1;
		}
		break;
	default:
		break;
	}
	return 0;
}

/* The checks that need nothing but the cell itself. */
static void check_cell(struct import *im, struct row *r, int col, const char *raw, size_t len)
{
	const struct column *c = &im->k->cols[col];
	struct cell *cell = &r->cells[col];
	char *s;

	if (!(s = cell_text(im, r, c, raw, len)))
		return;
	if (!*s) {
		if (c->flags & F_REQUIRED) {
			add_error(im, r, r->line, c->name, "a value is required");
			goto bad;
		}
		free(s);
		cell->num = c->def;
		cell->ok = 1;
		return;
	}
	if (c->max_chars && utf8_chars(s) > (size_t)c->max_chars) {
		add_error(im, r, r->line, c->name, "longer than %d characters", c->max_chars);
		goto bad;
	}
	if (cell_value(im, r, c, cell, s) < 0)
		goto bad;
	cell->text = s;
	cell->ok = 1;
	return;
bad:
	free(s);
}

static int take_row(void *ctx, const csvio_row *row)
{
	struct import *im = ctx;
	struct row *r;

	if (im->nrows == im->caprows) {
		im->caprows = im->caprows ? im->caprows * 2 : 64;
		im->rows = xrealloc(im->rows, im->caprows * sizeof *im->rows);
	}
	r = &im->rows[im->nrows++];
	memset(r, 0, sizeof *r);
	r->line = row->line;
	for (int i = 0; i < row->n; i++)
		if (im->map[i] >= 0)
			check_cell(im, r, im->map[i], row->fields[i], row->lens[i]);
	return 0;
}

static void import_problem(void *ctx, long line, int field, const char *why, int stops)
{
	struct import *im = ctx;
	char label[32];

	add_error(im, NULL, line, column_at(im, field, label, sizeof label), "%s", why);
	if (stops)
		im->stop = 1;
}

static af_status read_file(struct import *im, FILE *f)
{
	csvio_reader r = { im->path, MAX_FIELD, NULL, take_header, take_row, import_problem, im };

	return csvio_read(&r, f);
}

/* ---- references and the transaction ------------------------------------ */

/* The department for text: its code, else its name when that names exactly
 * one. 1 found (*id set, *code the code, to free), 0 unknown, -1 ambiguous. */
static int64_t dept_id(struct import *im, const char *code);

static int find_department(struct import *im, const char *text, int64_t *id, char **code)
{
	int64_t n;

	*id = dept_id(im, text);
	if (*id) {
		*code = xstrdup(text);
		return 1;
	}
	n = db_int(0, "SELECT count(*) FROM departments WHERE name = ?1", "t", text);
	if (n > 1)
		return -1;
	if (n == 0)
		return 0;
	*id = db_int(0, "SELECT id FROM departments WHERE name = ?1", "t", text);
	*code = db_text("", "SELECT code FROM departments WHERE id = ?1", "I", *id);
	return 1;
}

static int64_t find_employee(const char *login)
{
	return db_int(0, "SELECT id FROM employees WHERE login = ?1", "t", login);
}

static char *row_key(const struct kind *k, const struct row *r)
{
	strbuf sb = {0};
	int n = 0;

	for (int i = 0; i < k->ncols; i++) {
		if (!(k->cols[i].flags & F_KEY))
			continue;
		/* an optional key column left empty (a budget's category) is '' */
		if (!r->cells[i].ok || (!r->cells[i].text && (k->cols[i].flags & F_REQUIRED))) {
			sb_free(&sb);
			return NULL;
		}
		if (n++)
			sb_add(&sb, "\x1f", 1);
		sb_puts(&sb, r->cells[i].text ? r->cells[i].text : "");
	}
	return sb_take(&sb);
}

/* The index of the column called name, or -1. */
static int col_index(const struct kind *k, const char *name)
{
	for (int i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].name, name) == 0)
			return i;
	return -1;
}

struct keyed {
	const char *key;
	size_t row;
};

static int keyed_order(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->row < y->row ? -1 : x->row > y->row);
}

/* Refuses a second row with the same value of column col (-1: the key). */
static void check_duplicates(struct import *im, int col)
{
	const struct kind *k = im->k;
	struct keyed *v = xcalloc(im->nrows, sizeof *v);
	char **owned = xcalloc(im->nrows, sizeof *owned);
	size_t n = 0;
	const char *label = NULL;

	for (size_t i = 0; i < im->nrows; i++) {
		const char *key;

		if (col < 0)
			key = owned[i] = row_key(k, &im->rows[i]);
		else
			key = im->rows[i].cells[col].ok ? im->rows[i].cells[col].text : NULL;
		if (key)
			v[n++] = (struct keyed){ key, i };
	}
	if (col >= 0) {
		label = k->cols[col].name;
	} else {
		for (int i = k->ncols - 1; i >= 0; i--)
			if (k->cols[i].flags & F_KEY)
				label = k->cols[i].name;
	}
	qsort(v, n, sizeof *v, keyed_order);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;

		while (i < n && strcmp(v[i].key, v[first].key) == 0) {
			struct row *r = &im->rows[v[i].row];
			char *shown = xstrdup(v[i].key);

			for (char *p = shown; *p; p++)
				if (*p == '\x1f')
					*p = ',';
			add_error(im, r, r->line, label, "duplicate '%s' (also on line %ld)",
				  shown, im->rows[v[first].row].line);
			free(shown);
			i++;
		}
	}
	for (size_t i = 0; i < im->nrows; i++)
		free(owned[i]);
	free(owned);
	free(v);
}

/* 1 when code is the key of a row of this file that could be read. */
static int defined_in_file(struct import *im, const char *code)
{
	for (size_t i = 0; i < im->nrows; i++)
		if (im->rows[i].cells[0].ok && im->rows[i].cells[0].text &&
		    strcmp(im->rows[i].cells[0].text, code) == 0)
			return 1;
	return 0;
}

/* An asset's salvage is no more than its cost, and it is in service no
 * sooner than bought: what the file says, else what is stored. */
static void check_asset_value(struct import *im, struct row *r)
{
	const struct kind *k = im->k;
	int cost = col_index(k, "cost"), salv = col_index(k, "salvage");
	int bought = col_index(k, "purchase_date"), service = col_index(k, "in_service_on");
	const char *tag = r->cells[0].ok ? r->cells[0].text : NULL;
	int64_t c, v;
	char buf[32];

	if (!tag || (im->has[cost] && !r->cells[cost].ok) || (im->has[salv] && !r->cells[salv].ok))
		return;
	c = im->has[cost] ? r->cells[cost].num : db_int(0, "SELECT cost_cents FROM assets WHERE tag = ?1", "t", tag);
	v = im->has[salv] ? r->cells[salv].num : db_int(0, "SELECT salvage_cents FROM assets WHERE tag = ?1", "t", tag);
	if (v > c && (im->has[salv] || im->has[cost]))
		add_error(im, r, r->line, im->has[salv] ? "salvage" : "cost", im->has[salv] ?
			  "%s is more than the cost %s" : "the salvage %s is more than this cost %s",
			  expr_format_money(v, buf, sizeof buf), expr_format_money(c, buf + 16, sizeof buf - 16));
	if (im->has[service] && r->cells[service].ok && r->cells[service].text &&
	    (!im->has[bought] || r->cells[bought].ok)) {
		char *p = im->has[bought] ? xstrdup(r->cells[bought].text ? r->cells[bought].text : "")
			: db_text("", "SELECT coalesce(purchase_date, '') FROM assets WHERE tag = ?1", "t", tag);

		if (*p && strcmp(r->cells[service].text, p) < 0)
			add_error(im, r, r->line, "in_service_on", "%s is before the purchase date %s",
				  r->cells[service].text, p);
		free(p);
	}
}

/* The checks that read the database, done before the transaction so that
 * every problem is reported at once; the transaction looks again. */
static void check_references(struct import *im)
{
	const struct kind *k = im->k;
	int status = strcmp(k->name, "assets") == 0 ? col_index(k, "status") : -1;
	int holder = col_index(k, "holder");

	check_duplicates(im, -1);
	for (int c = 0; c < k->ncols; c++)
		if (k->cols[c].flags & F_UNIQUE)
			check_duplicates(im, c);
	for (size_t i = 0; i < im->nrows; i++) {
		struct row *r = &im->rows[i];

		for (int c = 0; c < k->ncols; c++) {
			const struct column *col = &k->cols[c];
			struct cell *cell = &r->cells[c];
			int64_t id;
			char *code = NULL;
			int found;

			if (!im->has[c] || !cell->ok || !cell->text)
				continue;
			switch (col->type) {
			case T_DEPT:
				found = find_department(im, cell->text, &id, &code);
				if (found == 1) {
					free(cell->text);
					cell->text = code;
				} else if (found < 0) {
					add_error(im, r, r->line, col->name,
						  "'%s' is the name of several departments; give the code",
						  cell->text);
				} else {
					add_error(im, r, r->line, col->name, "unknown department '%s'",
						  cell->text);
				}
				break;
			case T_PARENT:
				if (r->cells[0].text && strcmp(cell->text, r->cells[0].text) == 0)
					add_error(im, r, r->line, col->name,
						  "a department cannot be its own parent");
				else if (!defined_in_file(im, cell->text) &&
					 !db_int(0, "SELECT 1 FROM departments WHERE code = ?1", "t",
						 cell->text))
					add_error(im, r, r->line, col->name, "unknown department '%s'",
						  cell->text);
				break;
			case T_EMP:
				if (!find_employee(cell->text))
					add_error(im, r, r->line, col->name, "unknown employee '%s'",
						  cell->text);
				break;
			case T_ROLE:
				if (!db_int(0, "SELECT 1 FROM roles WHERE name = ?1", "t", cell->text)) {
					char *all = db_text("", "SELECT group_concat(name, ', ') FROM"
							    " (SELECT name FROM roles ORDER BY name)", "");

					add_error(im, r, r->line, col->name, "unknown role '%s' (roles: %s)",
						  cell->text, all);
					free(all);
				}
				break;
			case T_SECRET:
				if (strchr(cell->text, '*') && r->cells[0].ok && r->cells[0].text &&
				    !find_employee(r->cells[0].text))
					add_error(im, r, r->line, col->name,
						  "masked (contains *) for a new employee; give the whole value");
				break;
			default:
				break;
			}
		}
		/* a row-level rule the schema holds too, said in the file's terms */
		if (status >= 0 && holder >= 0 && im->has[status] && im->has[holder] &&
		    r->cells[status].ok && r->cells[status].text &&
		    strcmp(r->cells[status].text, "in_use") == 0 &&
		    r->cells[holder].ok && !r->cells[holder].text)
			add_error(im, r, r->line, "holder", "required when status is in_use");
		if (strcmp(k->name, "assets") == 0)
			check_asset_value(im, r);
	}
}

/* Finds the pass's parameters by name once: two snprintf and two name
 * searches a cell made a third of an import of 5,000 employees. */
static void find_params(struct import *im, db_stmt *s, int pass)
{
	if (im->pass == pass)
		return;
	for (int c = 0; c < im->k->ncols; c++) {
		char name[56];

		snprintf(name, sizeof name, ":%s", im->k->cols[c].name);
		im->pidx[c] = sqlite3_bind_parameter_index(s->st, name);
		snprintf(name, sizeof name, ":has_%s", im->k->cols[c].name);
		im->hidx[c] = sqlite3_bind_parameter_index(s->st, name);
	}
	im->pass = pass;
}

static int dept_order(const void *a, const void *b)
{
	return strcmp(((const struct dept_id *)a)->code, ((const struct dept_id *)b)->code);
}

/* The id of the department with this code, 0 when none; every department
 * is read once (a company has tens), a code not found then is looked up
 * (made by this file's first pass) and remembered. */
static int64_t dept_id(struct import *im, const char *code)
{
	struct dept_id key = { (char *)code, 0 }, *hit;
	int64_t id;

	if (!im->depts) {
		db_stmt s;

		db_prepare(&s, "SELECT code, id FROM departments");
		while (db_step(&s) == SQLITE_ROW) {
			im->depts = xrealloc(im->depts, (im->ndepts + 1) * sizeof *im->depts);
			im->depts[im->ndepts++] = (struct dept_id){ xstrdup(db_col_text(&s, 0)), db_col_int(&s, 1) };
		}
		db_done(&s);
		if (!im->depts)
			im->depts = xcalloc(1, sizeof *im->depts);
		qsort(im->depts, im->ndepts, sizeof *im->depts, dept_order);
	}
	hit = bsearch(&key, im->depts, im->ndepts, sizeof *im->depts, dept_order);
	if (hit)
		return hit->id;
	id = db_int(0, "SELECT id FROM departments WHERE code = ?1", "t", code);
	if (id) {
		im->depts = xrealloc(im->depts, (im->ndepts + 1) * sizeof *im->depts);
		im->depts[im->ndepts++] = (struct dept_id){ xstrdup(code), id };
		qsort(im->depts, im->ndepts, sizeof *im->depts, dept_order);
	}
	return id;
}

static void depts_free(struct import *im)
{
	for (size_t i = 0; i < im->ndepts; i++)
		free(im->depts[i].code);
	free(im->depts);
	im->depts = NULL;
	im->ndepts = 0;
}

/* Binds one column of r to s; 0, or -1 when a reference has gone missing
 * since it was checked (reported). */
static int bind_cell(struct import *im, db_stmt *s, struct row *r, int c)
{
	const struct column *col = &im->k->cols[c];
	struct cell *cell = &r->cells[c];
	int p = im->pidx[c];
	int present = im->has[c] && !(im->skip && strcmp(im->skip, col->name) == 0);

	if (im->hidx[c])
		sqlite3_bind_int(s->st, im->hidx[c], present);
	if (!p)
		return 0;
	if (!present || !cell->text) {
		/* absent, or present and empty: the column's default */
		switch (col->type) {
		case T_COUNT:
		case T_POSITIVE:
		case T_YEAR:
		case T_MONEY:
			sqlite3_bind_int64(s->st, p, present ? cell->num : col->def);
			break;
		case T_DEPT:
		case T_PARENT:
		case T_EMP:
		case T_DATE:
		case T_MONTHS:
			sqlite3_bind_null(s->st, p);
			break;
		default:
			sqlite3_bind_text(s->st, p, "", 0, SQLITE_STATIC);
			break;
		}
		return 0;
	}
	switch (col->type) {
	case T_COUNT:
	case T_POSITIVE:
	case T_YEAR:
	case T_MONEY:
		sqlite3_bind_int64(s->st, p, cell->num);
		return 0;
	case T_MONTHS:
		if (cell->num > 0)
			sqlite3_bind_int64(s->st, p, cell->num);
		else
			sqlite3_bind_null(s->st, p);
		return 0;
	case T_DEPT:
	case T_PARENT:
		/* by code: check_references turned a department's name into it */
		if (!(cell->id = dept_id(im, cell->text))) {
			add_error(im, r, r->line, col->name, "unknown department '%s'", cell->text);
			return -1;
		}
		sqlite3_bind_int64(s->st, p, cell->id);
		return 0;
	case T_EMP:
		if (!(cell->id = find_employee(cell->text))) {
			add_error(im, r, r->line, col->name, "unknown employee '%s'", cell->text);
			return -1;
		}
		sqlite3_bind_int64(s->st, p, cell->id);
		return 0;
	default:
		/* the row's text outlives the step */
		sqlite3_bind_text(s->st, p, cell->text, -1, SQLITE_STATIC);
		return 0;
	}
}

/* Runs pass 1 or 2 for one row; AF_OK, AF_INVALID when the row was refused
 * (reported; the transaction goes on to find more), or the failure. */
static af_status write_row(struct import *im, struct row *r, int pass)
{
	const char *sql = kind_sql(im->k, pass);
	db_stmt s;
	int rc, bad = 0;

	db_prepare(&s, sql);
	if (!s.st)
		return db_fail();
	find_params(im, &s, pass);
	for (int c = 0; c < im->k->ncols && !bad; c++)
		if (bind_cell(im, &s, r, c) != 0)
			bad = 1;
	if (bad) {
		db_done(&s);
		return AF_INVALID;
	}
	rc = db_step(&s);
	db_done(&s);
	if (rc == SQLITE_DONE)
		return AF_OK;
	if ((db_last_error() & 0xff) == SQLITE_CONSTRAINT) {
		db_fail();
		add_error(im, r, r->line, NULL, "%s", af_errmsg());
		return AF_INVALID;
	}
	return db_fail();
}

/* 1 when following parents up from the department with this code comes
 * back to it. */
static int in_cycle(const char *code)
{
	return db_int(0, "WITH RECURSIVE up(id, n) AS ("
		      " SELECT parent_id, 1 FROM departments WHERE code = ?1"
		      " UNION ALL SELECT d.parent_id, up.n + 1 FROM departments d JOIN up ON d.id = up.id"
		      " WHERE up.n < 10000)"
		      " SELECT 1 FROM up WHERE id = (SELECT id FROM departments WHERE code = ?1) LIMIT 1",
		      "t", code) == 1;
}

struct txn {
	struct import *im;
	size_t nerrs; /* problems found before the transaction */
};

static af_status import_txn(void *ctx)
{
	struct txn *t = ctx;
	struct import *im = t->im;
	af_status st = AF_OK;
	char *detail;
	int parent;

	csvio_problems_truncate(&im->probs, t->nerrs); /* a retry starts afresh */
	depts_free(im);                /* and reads the departments again */
	for (int pass = 1; pass <= 2 && kind_sql(im->k, pass); pass++) {
		for (size_t i = 0; i < im->nrows; i++) {
			af_status rs = write_row(im, &im->rows[i], pass);

			if (rs == AF_INVALID)
				st = AF_INVALID;
			else if (rs != AF_OK)
				return rs;
		}
		if (st != AF_OK)
			return st;
	}
	parent = col_index(im->k, "parent");
	if (strcmp(im->k->name, "departments") == 0 && im->has[parent]) {
		for (size_t i = 0; i < im->nrows; i++) {
			struct row *r = &im->rows[i];

			if (r->cells[parent].text && in_cycle(r->cells[0].text)) {
				add_error(im, r, r->line, "parent", "'%s' makes a loop of parent departments",
					  r->cells[parent].text);
				st = AF_INVALID;
			}
		}
		if (st != AF_OK)
			return st;
	}
	detail = xasprintf("%zu rows from %s (%s)", im->nrows, im->path, im->encoding);
	st = audit_log("import", im->k->name, detail);
	free(detail);
	return st;
}

static void import_free(struct import *im)
{
	for (size_t i = 0; i < im->nrows; i++)
		for (int c = 0; c < MAX_COLS; c++)
			free(im->rows[i].cells[c].text);
	free(im->rows);
	csvio_problems_truncate(&im->probs, 0);
	depts_free(im);
}

af_status csvio_import(const char *kind, const char *path, const char *skip_column)
{
	struct import im = {0};
	struct txn t;
	af_status st;
	FILE *f;

	im.k = find_kind(kind);
	if (!im.k)
		return af_fail(AF_USAGE, "import: unknown kind '%s'", kind ? kind : "");
	im.path = path;
	im.probs.path = path;
	im.skip = skip_column;
	st = csvio_open(path, &f, &im.encoding);
	if (st != AF_OK)
		return st;
	st = read_file(&im, f);
	csvio_close(f);
	if (st == AF_OK && !im.stop && im.header_done) {
		/* One read transaction for all the lookups: row by row, each
		 * would take and drop the shared lock and look for a hot
		 * journal, 20,000 system calls for 5,000 employees and a round
		 * trip each on a network drive. */
		int reading = db_exec("BEGIN", "") == SQLITE_DONE;

		check_references(&im);
		if (reading)
			db_exec("COMMIT", "");
	}
	if (st == AF_OK && im.probs.n)
		st = csvio_problems_report(&im.probs);
	if (st == AF_OK) {
		t = (struct txn){ &im, im.probs.n };
		st = db_transact(import_txn, &t);
		if (st == AF_INVALID && im.probs.n)
			st = csvio_problems_report(&im.probs);
	}
	import_free(&im);
	return st;
}
