#include "autoconf.h"
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "effects.h"
#include "engine.h"
#include "expr.h"
#include "notify.h"
#include "report.h"
#include "util.h"

#define TEXT_LIMIT 4000
#define MAX_PEOPLE 64

/* One field's value after validation. */
typedef struct {
	const form_field *field;
	int present;
	char *text;      /* as shown and stored for text-like types */
	int64_t num;     /* integer value, or money in cents */
	int is_num;
	char *json;      /* structured values (lists, ranges) as JSON text */
} fval;

typedef struct {
	int64_t id;
	char why[200];
} person;

typedef struct {
	const form_step *def;
	int skipped;
	char why[200];
	person people[MAX_PEOPLE];
	int n_people;
	person cc[MAX_PEOPLE];
	int n_cc;
} route_step;

typedef struct {
	int64_t id, department_id;
	char login[65], name[101], department[101], department_code[33], title[101];
} employee;

static void now_text(char *buf, size_t len)
{
	af_format_time(af_now(), buf, len);
}

/* Text from users is made safe for a terminal and for tab-separated output:
 * tabs, newlines and other controls become spaces. */
static void put_cell(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s, out);
}

static int load_employee(int64_t id, employee *e)
{
	db_stmt s;
	int found = 0;

	memset(e, 0, sizeof *e);
	db_prepare(&s, "SELECT e.id, e.login, e.name, e.department_id, d.name, d.code, e.title"
		   " FROM employees e JOIN departments d ON d.id = e.department_id WHERE e.id = :id");
	db_bind_int(&s, ":id", id);
	if (db_step(&s) == SQLITE_ROW) {
		e->id = db_col_int(&s, 0);
		snprintf(e->login, sizeof e->login, "%s", db_col_text(&s, 1));
		snprintf(e->name, sizeof e->name, "%s", db_col_text(&s, 2));
		e->department_id = db_col_int(&s, 3);
		snprintf(e->department, sizeof e->department, "%s", db_col_text(&s, 4));
		snprintf(e->department_code, sizeof e->department_code, "%s", db_col_text(&s, 5));
		snprintf(e->title, sizeof e->title, "%s", db_col_text(&s, 6));
		found = 1;
	}
	db_done(&s);
	return found;
}

static char *employee_name(int64_t id)
{
	return db_text("?", "SELECT name || ' (' || login || ')' FROM employees WHERE id = ?1", "I", id);
}

/* ---- validation ------------------------------------------------------- */

static void fvals_free(fval *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].json);
	}
	free(v);
}

/* Reference types name a row of a register by its code. */
static const struct {
	field_type type;
	const char *sql;
	const char *what;
} references[] = {
	{ FT_EMPLOYEE, "SELECT 1 FROM employees WHERE login = ?1 AND active", "employee" },
	{ FT_DEPARTMENT, "SELECT 1 FROM departments WHERE code = ?1", "department" },
	{ FT_ROOM, "SELECT 1 FROM rooms WHERE code = ?1 AND active", "room" },
	{ FT_VEHICLE, "SELECT 1 FROM vehicles WHERE code = ?1 AND active", "vehicle" },
	{ FT_SPACE, "SELECT 1 FROM spaces WHERE code = ?1", "space" },
	{ FT_ASSET, "SELECT 1 FROM assets WHERE tag = ?1", "asset" },
	{ FT_SUPPLIER, "SELECT 1 FROM suppliers WHERE code = ?1", "supplier" },
	{ FT_SEAL, "SELECT 1 FROM seals WHERE code = ?1", "seal" },
};

static af_status check_text(const form_field *fd, const char *v, int multiline)
{
	size_t len = strlen(v);
	size_t limit = fd->max_length > 0 ? (size_t)fd->max_length : TEXT_LIMIT;
	long bad = utf8_invalid_at(v, len);

	if (bad >= 0)
		return af_fail(AF_INVALID, "field %s: invalid UTF-8 at byte %ld", fd->name, bad + 1);
	if (len > limit)
		return af_fail(AF_INVALID, "field %s: %zu bytes, at most %zu allowed", fd->name, len, limit);
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || c == 0x7F)
			return af_fail(AF_INVALID, "field %s: control characters are not allowed", fd->name);
	}
	if (has_control_chars(v)) /* C1 controls, bidirectional overrides */
		return af_fail(AF_INVALID, "field %s: control characters are not allowed", fd->name);
	return AF_OK;
}

static int is_datetime(const char *v, char *norm, size_t len)
{
	char *d;
	int ok;

	/* "YYYY-MM-DD HH:MM" is accepted and stored with seconds. */
	if (strlen(v) == 16)
		snprintf(norm, len, "%s:00", v);
	else
		snprintf(norm, len, "%s", v);
	d = db_text(NULL, "SELECT datetime(?1, '+0 days')", "t", norm);
	ok = d && strcmp(d, norm) == 0;
	free(d);
	return ok;
}

static int has_option(const form_field *fd, const char *v, size_t len)
{
	for (int i = 0; i < fd->n_options; i++)
		if (strlen(fd->options[i]) == len && strncmp(fd->options[i], v, len) == 0)
			return 1;
	return 0;
}

/* ---- lines: a table of typed cells ------------------------------------ */

/* The cells of a lines value as typed, row by row (cells[r * n_cols + c],
 * NULL where empty), before any cell is checked. */
typedef struct {
	char **cells;
	int n_rows, cap, n_cols;
} lines_grid;

static void grid_free(lines_grid *g)
{
	for (int i = 0; i < g->n_rows * g->n_cols; i++)
		free(g->cells[i]);
	free(g->cells);
	memset(g, 0, sizeof *g);
}

static void grid_add_row(lines_grid *g)
{
	if (g->n_rows == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 8;
		g->cells = xrealloc(g->cells, (size_t)g->cap * (size_t)g->n_cols * sizeof *g->cells);
	}
	memset(g->cells + (size_t)g->n_rows * (size_t)g->n_cols, 0, (size_t)g->n_cols * sizeof *g->cells);
	g->n_rows++;
}

/* Drops the last row when none of its cells holds anything. */
static void grid_drop_empty(lines_grid *g)
{
	char **row = g->cells + (size_t)(g->n_rows - 1) * (size_t)g->n_cols;

	for (int c = 0; c < g->n_cols; c++)
		if (row[c])
			return;
	g->n_rows--;
}

static void grid_put(lines_grid *g, int col, strbuf *cell)
{
	const char *t = cell->buf ? cell->buf : "";
	size_t a = 0, b = cell->len;

	while (a < b && t[a] == ' ')
		a++;
	while (b > a && t[b - 1] == ' ')
		b--;
	if (b > a)
		g->cells[(size_t)(g->n_rows - 1) * (size_t)g->n_cols + (size_t)col] = xasprintf("%.*s", (int)(b - a), t + a);
	sb_free(cell);
}

static const char *column_list(const form_field *fd, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int c = 0; c < fd->n_columns && used < len; c++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", c ? "," : "", fd->columns[c].name);
	return buf;
}

/* The typed form: rows apart by ';', cells by ',' in column order, a
 * backslash keeps the next character as it is; blanks around a cell go. */
static af_status lines_split_text(const form_field *fd, const char *v, lines_grid *g)
{
	strbuf cell = {0};
	int col = 0;
	char cols[400];

	grid_add_row(g);
	for (const char *p = v;; p++) {
		if (*p == '\\' && p[1]) {
			sb_add(&cell, ++p, 1);
			continue;
		}
		if (*p != ',' && *p != ';' && *p) {
			sb_add(&cell, p, 1);
			continue;
		}
		if (col >= g->n_cols) {
			sb_free(&cell);
			return af_fail(AF_INVALID, "field %s: row %d: more cells than the %d columns (%s)",
				       fd->name, g->n_rows, g->n_cols, column_list(fd, cols, sizeof cols));
		}
		grid_put(g, col++, &cell);
		if (*p == ',')
			continue;
		grid_drop_empty(g);
		if (!*p)
			break;
		if (g->n_rows >= FORMDEF_MAX_ROWS)
			return af_fail(AF_INVALID, "field %s: more than %d rows", fd->name, FORMDEF_MAX_ROWS);
		grid_add_row(g);
		col = 0;
	}
	return AF_OK;
}

/* A JSON array of objects keyed by column name, cells as typed (money as
 * 12.50, not in cents). */
static af_status lines_split_json(const form_field *fd, const char *v, lines_grid *g)
{
	db_stmt rows, cells;
	af_status st = AF_OK;

	if (db_int(0, "SELECT json_valid(?1) AND json_type(?1) = 'array'", "t", v) != 1)
		return af_fail(AF_INVALID, "field %s: not a JSON array of rows", fd->name);
	db_prepare(&rows, "SELECT type, value FROM json_each(:v) ORDER BY key");
	db_bind_text(&rows, ":v", v);
	while (st == AF_OK && db_step(&rows) == SQLITE_ROW) {
		if (g->n_rows >= FORMDEF_MAX_ROWS) {
			st = af_fail(AF_INVALID, "field %s: more than %d rows", fd->name, FORMDEF_MAX_ROWS);
			break;
		}
		grid_add_row(g);
		if (strcmp(db_col_text(&rows, 0), "object") != 0) {
			st = af_fail(AF_INVALID, "field %s: row %d: expected an object {\"column\": value, ...}",
				     fd->name, g->n_rows);
			break;
		}
		db_prepare(&cells, "SELECT key, type, atom FROM json_each(:r)");
		db_bind_text(&cells, ":r", db_col_text(&rows, 1));
		while (st == AF_OK && db_step(&cells) == SQLITE_ROW) {
			const char *key = db_col_text(&cells, 0), *type = db_col_text(&cells, 1);
			int c;

			for (c = 0; c < fd->n_columns && strcmp(fd->columns[c].name, key) != 0; c++)
				;
			if (c == fd->n_columns)
				st = af_fail(AF_INVALID, "field %s: row %d: no column '%s'", fd->name, g->n_rows, key);
			else if (strcmp(type, "null") == 0)
				continue;
			else if (strcmp(type, "text") && strcmp(type, "integer") && strcmp(type, "real"))
				st = af_fail(AF_INVALID, "field %s: row %d, %s: expected text or a number",
					     fd->name, g->n_rows, key);
			else if (*db_col_text(&cells, 2)) {
				strbuf cell = {0};

				sb_puts(&cell, db_col_text(&cells, 2));
				grid_put(g, c, &cell);
			}
		}
		db_done(&cells);
		if (st == AF_OK)
			grid_drop_empty(g);
	}
	db_done(&rows);
	return st;
}

static af_status normalize(const form_field *fd, const char *v, fval *out);
static char *lines_text(const form_field *fd, const char *json);

/* Every cell checked as its column's type says, the rows stored as a JSON
 * array of objects (money in cents, integers as numbers). A message names
 * the field, the row and the column: "field lines: row 2, amount: ...". */
static af_status normalize_lines(const form_field *fd, const char *v, fval *out)
{
	lines_grid g = { .n_cols = fd->n_columns };
	const char *p = v;
	char *doc = xstrdup("[]");
	af_status st;

	while (*p == ' ')
		p++;
	st = *p == '[' ? lines_split_json(fd, p, &g) : lines_split_text(fd, v, &g);
	if (st == AF_OK && fd->max_rows && g.n_rows > fd->max_rows)
		st = af_fail(AF_INVALID, "field %s: %d rows, at most %d allowed", fd->name, g.n_rows, fd->max_rows);
	if (st == AF_OK && g.n_rows < fd->min_rows)
		st = af_fail(AF_INVALID, "field %s: %d row%s, at least %d needed", fd->name, g.n_rows,
			     g.n_rows == 1 ? "" : "s", fd->min_rows);
	for (int r = 0; r < g.n_rows && st == AF_OK; r++) {
		char *row = xstrdup("{}");

		for (int c = 0; c < g.n_cols && st == AF_OK; c++) {
			const form_field *col = &fd->columns[c];
			const char *cell = g.cells[(size_t)r * (size_t)g.n_cols + (size_t)c];
			char *name = xasprintf("%s: row %d, %s", fd->name, r + 1, col->name);
			form_field named = *col;
			fval cv = {0};

			named.name = name;
			if (!cell && col->def)
				cell = col->def;
			if (!cell) {
				if (col->required)
					st = af_fail(AF_INVALID, "field %s: required (%s)", name, col->label);
			} else if ((st = normalize(&named, cell, &cv)) == AF_OK) {
				char *path = xasprintf("$.%s", col->name), *next;

				if (cv.is_num)
					next = db_text("{}", "SELECT json_set(?1, ?2, ?3)", "ttI", row, path, cv.num);
				else
					next = db_text("{}", "SELECT json_set(?1, ?2, ?3)", "ttt", row, path, cv.text);
				free(row);
				row = next;
				free(path);
			}
			free(cv.text);
			free(cv.json);
			free(name);
		}
		if (st == AF_OK) {
			char *next = db_text("[]", "SELECT json_insert(?1, '$[#]', json(?2))", "tt", doc, row);

			free(doc);
			doc = next;
		}
		free(row);
	}
	grid_free(&g);
	if (st != AF_OK) {
		free(doc);
		return st;
	}
	out->json = doc;
	out->text = lines_text(fd, doc);
	/* No rows at all is an empty field, for required to judge. */
	out->present = strcmp(doc, "[]") != 0;
	return AF_OK;
}

/* One row of a stored lines value as text: typed (cells in column order
 * with ',' ';' '\' escaped, trailing empty cells left off) or, with
 * readable, "column=value, ..." for show. Caller frees. */
static char *lines_row_text(const form_field *fd, const char *row, int readable)
{
	strbuf sb = {0};
	size_t kept = 0;

	for (int c = 0; c < fd->n_columns; c++) {
		const form_field *col = &fd->columns[c];
		char *path = xasprintf("$.%s", col->name);
		char *cell = db_text("", "SELECT json_extract(?1, ?2)", "tt", row, path);
		char buf[32];
		const char *t = cell;

		if (col->type == FT_MONEY && *cell)
			t = expr_format_money(strtoll(cell, NULL, 10), buf, sizeof buf);
		if (readable) {
			if (*t)
				sb_printf(&sb, "%s%s=%s", sb.len ? ", " : "", col->name, t);
		} else {
			if (c)
				sb_puts(&sb, ",");
			for (; *t; t++) {
				if (*t == ',' || *t == ';' || *t == '\\')
					sb_puts(&sb, "\\");
				sb_add(&sb, t, 1);
			}
			if (*cell)
				kept = sb.len;
		}
		free(cell);
		free(path);
	}
	if (!readable && sb.buf)
		sb.buf[sb.len = kept] = '\0';
	return sb.len ? sb_take(&sb) : (sb_free(&sb), xstrdup(""));
}

/* A stored lines value (JSON) as the text submit takes. Caller frees. */
static char *lines_text(const form_field *fd, const char *json)
{
	strbuf sb = {0};
	db_stmt s;

	db_prepare(&s, "SELECT value FROM json_each(:j) ORDER BY key");
	db_bind_text(&s, ":j", json);
	while (db_step(&s) == SQLITE_ROW) {
		char *row = lines_row_text(fd, db_col_text(&s, 0), 0);

		sb_printf(&sb, "%s%s", sb.len ? ";" : "", row);
		free(row);
	}
	db_done(&s);
	return sb.len ? sb_take(&sb) : (sb_free(&sb), xstrdup(""));
}

/* A money field computed from lines (sum = "lines.amount") takes the sum
 * of the column; one typed in must agree with it. */
static af_status compute_sum(const form_def *f, fval *vals, int i)
{
	const form_field *fd = &f->fields[i];
	const form_field *col = &f->fields[fd->sum_of].columns[fd->sum_column];
	const fval *lines = &vals[fd->sum_of];
	int64_t total = 0;
	char *path, buf[32], given[32];
	db_stmt s;
	int overflow = 0;

	if (!lines->present) {
		if (vals[i].present)
			return af_fail(AF_INVALID, "field %s: it is computed from %s; give the lines instead",
				       fd->name, fd->sum);
		return AF_OK;
	}
	path = xasprintf("$.%s", col->name);
	db_prepare(&s, "SELECT coalesce(json_extract(value, :p), 0) FROM json_each(:j)");
	db_bind_text(&s, ":p", path);
	db_bind_text(&s, ":j", lines->json);
	while (db_step(&s) == SQLITE_ROW)
		overflow |= __builtin_add_overflow(total, db_col_int(&s, 0), &total);
	db_done(&s);
	free(path);
	if (overflow)
		return af_fail(AF_INVALID, "field %s: the lines add up to more than can be counted", fd->name);
	expr_format_money(total, buf, sizeof buf);
	if (vals[i].present) {
		if (vals[i].num == total)
			return AF_OK;
		return af_fail(AF_INVALID, "field %s: %s given, but the lines add up to %s (leave %s out:"
			       " it is computed from %s)", fd->name,
			       expr_format_money(vals[i].num, given, sizeof given), buf, fd->name, fd->sum);
	}
	return normalize(fd, buf, &vals[i]);
}

static af_status normalize(const form_field *fd, const char *v, fval *out)
{
	af_status st;
	char norm[64];

	out->field = fd;
	out->present = 1;
	switch (fd->type) {
	case FT_TEXT:
	case FT_LONGTEXT:
	case FT_ATTACHMENT:
		if ((st = check_text(fd, v, fd->type == FT_LONGTEXT)) != AF_OK)
			return st;
		out->text = xstrdup(v);
		return AF_OK;
	case FT_INTEGER: {
		char *end;
		long long n;

		errno = 0;
		n = strtoll(v, &end, 10);
		if (!*v || *end || end == v)
			return af_fail(AF_INVALID, "field %s: '%s' is not a whole number", fd->name, v);
		if (errno == ERANGE)
			return af_fail(AF_INVALID, "field %s: '%s' is far too large", fd->name, v);
		if (fd->has_min && n < fd->min)
			return af_fail(AF_INVALID, "field %s: %lld is below the minimum %lld", fd->name, n, (long long)fd->min);
		if (fd->has_max && n > fd->max)
			return af_fail(AF_INVALID, "field %s: %lld is above the maximum %lld", fd->name, n, (long long)fd->max);
		if (!fd->has_min && n < 0)
			return af_fail(AF_INVALID, "field %s: must not be negative", fd->name);
		out->num = n;
		out->is_num = 1;
		out->text = xasprintf("%lld", n);
		return AF_OK;
	}
	case FT_MONEY: {
		int64_t c;
		char buf[32];

		if (expr_parse_money(v, &c) != 0)
			return af_fail(AF_INVALID, "field %s: '%s' is not an amount (digits, at most two decimals)", fd->name, v);
		if (c < 0 && (!fd->has_min || fd->min >= 0))
			return af_fail(AF_INVALID, "field %s: must not be negative", fd->name);
		if (fd->has_min && c < fd->min)
			return af_fail(AF_INVALID, "field %s: %s is below the minimum %s", fd->name, v,
				       expr_format_money(fd->min, buf, sizeof buf));
		if (fd->has_max && c > fd->max)
			return af_fail(AF_INVALID, "field %s: %s is above the maximum %s", fd->name, v,
				       expr_format_money(fd->max, buf, sizeof buf));
		out->num = c;
		out->is_num = 1;
		out->text = xstrdup(expr_format_money(c, buf, sizeof buf));
		return AF_OK;
	}
	case FT_DATE: {
		int ok = db_int(0, "SELECT date(?1, '+0 days') IS ?1", "t", v) == 1;

		if (!ok)
			return af_fail(AF_INVALID, "field %s: '%s' is not a date (YYYY-MM-DD)", fd->name, v);
		out->text = xstrdup(v);
		return AF_OK;
	}
	case FT_DATETIME:
		if (!is_datetime(v, norm, sizeof norm))
			return af_fail(AF_INVALID, "field %s: '%s' is not a date and time (YYYY-MM-DD HH:MM)", fd->name, v);
		out->text = xstrdup(norm);
		return AF_OK;
	case FT_TIMERANGE: {
		const char *slash = strchr(v, '/');
		char a[64], b[64], na[64], nb[64];

		if (!slash || (size_t)(slash - v) >= sizeof a || strlen(slash + 1) >= sizeof b)
			return af_fail(AF_INVALID, "field %s: '%s' is not a time range (START/END)", fd->name, v);
		snprintf(a, sizeof a, "%.*s", (int)(slash - v), v);
		snprintf(b, sizeof b, "%s", slash + 1);
		/* "2026-12-01 09:00/10:30": the end on the same day. */
		if (strlen(b) == 5 && strlen(a) >= 10)
			snprintf(b, sizeof b, "%.10s %s", a, slash + 1);
		if (!is_datetime(a, na, sizeof na) || !is_datetime(b, nb, sizeof nb))
			return af_fail(AF_INVALID, "field %s: '%s' is not a time range (YYYY-MM-DD HH:MM/HH:MM)", fd->name, v);
		if (strcmp(na, nb) >= 0)
			return af_fail(AF_INVALID, "field %s: the end must come after the start", fd->name);
		out->text = xasprintf("%s/%s", na, nb);
		out->json = db_text("{}", "SELECT json_object('start', ?1, 'end', ?2)", "tt", na, nb);
		return AF_OK;
	}
	case FT_CHOICE:
		if (!has_option(fd, v, strlen(v)))
			return af_fail(AF_INVALID, "field %s: '%s' is not one of the choices", fd->name, v);
		out->text = xstrdup(v);
		return AF_OK;
	case FT_MULTICHOICE: {
		for (const char *p = v; *p;) {
			const char *c = strchr(p, ',');
			size_t len = c ? (size_t)(c - p) : strlen(p);

			if (!has_option(fd, p, len))
				return af_fail(AF_INVALID, "field %s: '%.*s' is not one of the choices", fd->name, (int)len, p);
			p = c ? c + 1 : p + len;
		}
		out->text = xstrdup(v);
		out->json = db_text("[]", "WITH RECURSIVE split(item, rest) AS (SELECT '', ?1 || ','"
				    " UNION ALL SELECT substr(rest, 1, instr(rest, ',') - 1),"
				    " substr(rest, instr(rest, ',') + 1) FROM split WHERE rest <> '')"
				    " SELECT json_group_array(item) FROM split WHERE item <> ''", "t", v);
		return AF_OK;
	}
	case FT_SUPPLY_LINES: {
		strbuf sb = {0};

		sb_puts(&sb, "[");
		for (const char *p = v; *p;) {
			const char *c = strchr(p, ',');
			size_t len = c ? (size_t)(c - p) : strlen(p);
			char item[80];
			const char *colon;
			long long qty;
			char *end;

			snprintf(item, sizeof item, "%.*s", (int)(len < sizeof item - 1 ? len : sizeof item - 1), p);
			colon = strchr(item, ':');
			if (!colon) {
				sb_free(&sb);
				return af_fail(AF_INVALID, "field %s: '%s' is not SKU:QUANTITY", fd->name, item);
			}
			qty = strtoll(colon + 1, &end, 10);
			if (*end || end == colon + 1 || qty <= 0 || qty > 1000000) {
				sb_free(&sb);
				return af_fail(AF_INVALID, "field %s: quantity '%s' must be a positive whole number",
					       fd->name, colon + 1);
			}
			item[colon - item] = '\0';
			if (db_int(0, "SELECT 1 FROM supplies WHERE sku = ?1", "t", item) != 1) {
				sb_free(&sb);
				return af_fail(AF_INVALID, "field %s: no supply with SKU '%s'", fd->name, item);
			}
			{
				char *obj = db_text("{}", "SELECT json_object('sku', ?1, 'qty', ?2)", "tI",
						    item, (int64_t)qty);

				sb_printf(&sb, "%s%s", sb.len > 1 ? "," : "", obj);
				free(obj);
			}
			p = c ? c + 1 : p + len;
		}
		sb_puts(&sb, "]");
		out->json = sb_take(&sb);
		out->text = xstrdup(v);
		return AF_OK;
	}
	case FT_LINES:
		return normalize_lines(fd, v, out);
	case FT_REQUEST: {
		char *form = db_text(NULL, "SELECT form FROM requests WHERE number = ?1"
				     " AND state IN ('approved', 'done')", "t", v);

		if (!form)
			return af_fail(AF_INVALID, "field %s: no approved request numbered '%s'", fd->name, v);
		if (fd->ref_form && strcmp(form, fd->ref_form) != 0) {
			free(form);
			return af_fail(AF_INVALID, "field %s: %s is not a %s request", fd->name, v, fd->ref_form);
		}
		free(form);
		out->text = xstrdup(v);
		return AF_OK;
	}
	default:
		for (size_t i = 0; i < sizeof references / sizeof references[0]; i++) {
			if (references[i].type != fd->type)
				continue;
			if (db_int(0, references[i].sql, "t", v) != 1)
				return af_fail(AF_INVALID, "field %s: no %s '%s'", fd->name, references[i].what, v);
			out->text = xstrdup(v);
			return AF_OK;
		}
		return af_fail(AF_ERROR, "field %s: type not handled", fd->name);
	}
}

/* Validates every input against the form into a fresh array (caller frees
 * with fvals_free). */
static af_status check_required_when(const form_def *f, const fval *vals, const form_field *fd);

static af_status collect(const form_def *f, const engine_input *in, int n, fval **out)
{
	fval *v = xcalloc((size_t)f->n_fields, sizeof *v);
	af_status st = AF_OK;

	for (int i = 0; i < n && st == AF_OK; i++) {
		const form_field *fd = formdef_field(f, in[i].name);
		int idx;

		if (!fd) {
			st = af_fail(AF_INVALID, "field %s: the form %s has no such field", in[i].name, f->id);
			break;
		}
		idx = (int)(fd - f->fields);
		if (v[idx].present) {
			st = af_fail(AF_INVALID, "field %s: given twice", fd->name);
			break;
		}
		if (in[i].value[0])
			st = normalize(fd, in[i].value, &v[idx]);
	}
	for (int i = 0; i < f->n_fields && st == AF_OK; i++)
		if (f->fields[i].sum)
			st = compute_sum(f, v, i);
	for (int i = 0; i < f->n_fields && st == AF_OK; i++) {
		const form_field *fd = &f->fields[i];

		if (!v[i].present && fd->def)
			st = normalize(fd, fd->def, &v[i]);
		/* A computed field is as present as its lines, which say so. */
		if (st == AF_OK && !v[i].present && fd->required && !fd->sum)
			st = af_fail(AF_INVALID, "field %s: required (%s)", fd->name, fd->label);
	}
	for (int i = 0; i < f->n_fields && st == AF_OK; i++)
		if (!v[i].present && f->fields[i].required_when)
			st = check_required_when(f, v, &f->fields[i]);
	if (st != AF_OK) {
		fvals_free(v, f->n_fields);
		v = NULL;
	}
	*out = v;
	return st;
}

af_status engine_validate(const form_def *f, const engine_input *in, int n)
{
	fval *v;
	af_status st = collect(f, in, n, &v);

	if (v)
		fvals_free(v, f->n_fields);
	return st;
}

/* ---- routing ---------------------------------------------------------- */

struct eval_ctx {
	const form_def *form;
	const fval *vals;
	const employee *applicant;
};

static int lookup(void *ctx, const char *name, expr_value *out)
{
	const struct eval_ctx *c = ctx;
	static const struct { const char *name; size_t off; } applicant_attrs[] = {
		{ "applicant.login", offsetof(employee, login) },
		{ "applicant.name", offsetof(employee, name) },
		{ "applicant.department", offsetof(employee, department) },
		{ "applicant.department_code", offsetof(employee, department_code) },
		{ "applicant.title", offsetof(employee, title) },
	};

	for (size_t i = 0; i < sizeof applicant_attrs / sizeof applicant_attrs[0]; i++) {
		if (strcmp(name, applicant_attrs[i].name) == 0) {
			out->type = EXPR_STR;
			out->str = (const char *)c->applicant + applicant_attrs[i].off;
			return 1;
		}
	}
	for (int i = 0; i < c->form->n_fields; i++) {
		const fval *v = &c->vals[i];

		if (strcmp(c->form->fields[i].name, name) != 0)
			continue;
		if (!v->present) {
			out->type = EXPR_NULL;
		} else if (v->is_num) {
			out->type = EXPR_NUM;
			/* Expressions count in hundredths; money is already cents. */
			out->num = v->field->type == FT_MONEY ? v->num : v->num * 100;
		} else {
			out->type = EXPR_STR;
			out->str = v->text;
		}
		return 1;
	}
	return 0;
}

/* A field required only under a condition (the second and third quotes
 * above a threshold) is checked once the other fields are known. */
static af_status check_required_when(const form_def *f, const fval *vals, const form_field *fd)
{
	employee applicant;
	struct eval_ctx c = { f, vals, &applicant };
	char err[200];
	int t;

	load_employee(me.id, &applicant);
	t = expr_test(fd->required_when, lookup, &c, err, sizeof err);
	if (t < 0)
		return af_fail(AF_INVALID, "field %s: condition '%s': %s", fd->name, fd->required_when_text, err);
	if (t > 0)
		return af_fail(AF_INVALID, "field %s: required when %s (%s)", fd->name, fd->required_when_text,
			       fd->label);
	return AF_OK;
}

/* The head of the department above someone: their own department's head,
 * or, for the head themself, the next department up that has one. */
static int64_t superior_of(int64_t emp_id)
{
	int64_t dept = db_int(0, "SELECT department_id FROM employees WHERE id = ?1", "I", emp_id);

	for (int guard = 0; dept && guard < 32; guard++) {
		int64_t head = db_int(0, "SELECT head_id FROM departments WHERE id = ?1", "I", dept);

		if (head && head != emp_id)
			return head;
		dept = db_int(0, "SELECT parent_id FROM departments WHERE id = ?1", "I", dept);
	}
	return 0;
}

static void add_person(person *list, int *n, int64_t id, const char *why)
{
	if (!id)
		return;
	for (int i = 0; i < *n; i++)
		if (list[i].id == id)
			return;
	if (*n >= MAX_PEOPLE)
		return;
	list[*n].id = id;
	snprintf(list[*n].why, sizeof list[*n].why, "%s", why);
	(*n)++;
}

static const char *field_text(const form_def *f, const fval *vals, const char *name)
{
	for (int i = 0; i < f->n_fields; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return vals[i].present ? vals[i].text : NULL;
	return NULL;
}

static void resolve(const approver_spec *sp, const struct eval_ctx *c, person *list, int *n)
{
	char why[200];

	switch (sp->kind) {
	case AP_DEPT_HEAD: {
		int64_t head = superior_of(c->applicant->id);
		int64_t own = db_int(0, "SELECT head_id FROM departments WHERE id = ?1", "I",
				     c->applicant->department_id);

		if (own == c->applicant->id)
			snprintf(why, sizeof why, "next head up: the applicant heads %s (no self-approval)",
				 c->applicant->department);
		else
			snprintf(why, sizeof why, "department head of %s", c->applicant->department);
		add_person(list, n, head, why);
		break;
	}
	case AP_CHAIN: {
		int64_t who = c->applicant->id;

		for (int level = 1; level <= sp->levels; level++) {
			who = superior_of(who);
			if (!who)
				break;
			snprintf(why, sizeof why, "manager chain, level %d", level);
			add_person(list, n, who, why);
		}
		break;
	}
	case AP_ROLE: {
		db_stmt s;

		snprintf(why, sizeof why, "role %s", sp->arg);
		db_prepare(&s, "SELECT e.id FROM employee_roles r JOIN employees e ON e.id = r.employee_id"
			   " WHERE r.role = :role AND e.active ORDER BY e.id");
		db_bind_text(&s, ":role", sp->arg);
		while (db_step(&s) == SQLITE_ROW)
			add_person(list, n, db_col_int(&s, 0), why);
		db_done(&s);
		break;
	}
	case AP_USER:
		snprintf(why, sizeof why, "named in the form (%s)", sp->arg);
		add_person(list, n, db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active", "t", sp->arg), why);
		break;
	case AP_FIELD: {
		const form_field *fd = formdef_field(c->form, sp->arg);
		const char *v = field_text(c->form, c->vals, sp->arg);
		int64_t id = 0;

		if (!fd || !v)
			break;
		switch (fd->type) {
		case FT_EMPLOYEE:
			id = db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active", "t", v);
			snprintf(why, sizeof why, "chosen in field %s", fd->name);
			break;
		case FT_ROOM:
			id = db_int(0, "SELECT manager_id FROM rooms WHERE code = ?1", "t", v);
			snprintf(why, sizeof why, "manager of room %s", v);
			break;
		case FT_VEHICLE:
			id = db_int(0, "SELECT manager_id FROM vehicles WHERE code = ?1", "t", v);
			snprintf(why, sizeof why, "manager of vehicle %s", v);
			break;
		case FT_SEAL:
			id = db_int(0, "SELECT keeper_id FROM seals WHERE code = ?1", "t", v);
			snprintf(why, sizeof why, "keeper of seal %s", v);
			break;
		default:
			break;
		}
		add_person(list, n, id, why);
		break;
	}
	}
}

/* Nobody approves their own request: the applicant is replaced by their
 * superior. A step left with nobody goes to the admin manager. */
static void settle_people(route_step *rs, const employee *applicant)
{
	for (int i = 0; i < rs->n_people; i++) {
		if (rs->people[i].id != applicant->id)
			continue;
		int64_t sup = superior_of(applicant->id);

		memmove(&rs->people[i], &rs->people[i + 1], (size_t)(rs->n_people - i - 1) * sizeof rs->people[0]);
		rs->n_people--;
		add_person(rs->people, &rs->n_people, sup, "superior of the applicant (no self-approval)");
		break;
	}
	if (rs->n_people == 0) {
		db_stmt s;

		db_prepare(&s, "SELECT e.id FROM employee_roles r JOIN employees e ON e.id = r.employee_id"
			   " WHERE r.role = 'admin_manager' AND e.active AND e.id <> :me ORDER BY e.id");
		db_bind_int(&s, ":me", applicant->id);
		while (db_step(&s) == SQLITE_ROW)
			add_person(rs->people, &rs->n_people, db_col_int(&s, 0),
				   "nobody else to approve: the admin manager");
		db_done(&s);
	}
}

static af_status compute_route(const form_def *f, const fval *vals, const employee *applicant,
			       route_step *route)
{
	struct eval_ctx c = { f, vals, applicant };
	char err[200];

	for (int i = 0; i < f->n_steps; i++) {
		const form_step *sd = &f->steps[i];
		route_step *rs = &route[i];

		memset(rs, 0, sizeof *rs);
		rs->def = sd;
		if (sd->when) {
			int t = expr_test(sd->when, lookup, &c, err, sizeof err);

			if (t < 0)
				return af_fail(AF_INVALID, "step %s: condition '%s': %s", sd->name, sd->when_text, err);
			if (t == 0) {
				rs->skipped = 1;
				snprintf(rs->why, sizeof rs->why, "skipped: %s is false", sd->when_text);
				continue;
			}
			snprintf(rs->why, sizeof rs->why, "%s is true", sd->when_text);
		}
		for (int k = 0; k < sd->n_approvers; k++)
			resolve(&sd->approvers[k], &c, rs->people, &rs->n_people);
		settle_people(rs, applicant);
		for (int k = 0; k < sd->n_cc; k++)
			resolve(&sd->cc[k], &c, rs->cc, &rs->n_cc);
		if (rs->n_people == 0)
			return af_fail(AF_CONFLICT, "step %s: nobody can approve it (no admin manager either)", sd->name);
	}
	/* The slot after the last step holds the form's own CC list. */
	memset(&route[f->n_steps], 0, sizeof route[0]);
	for (int k = 0; k < f->n_cc; k++)
		resolve(&f->cc[k], &c, route[f->n_steps].cc, &route[f->n_steps].n_cc);
	return AF_OK;
}

static const char *timeout_name(const form_step *sd, char *buf, size_t len)
{
	switch (sd->on_timeout) {
	case TO_ESCALATE_ROLE: snprintf(buf, len, "escalate:role:%s", sd->escalate_role); break;
	case TO_ESCALATE_UP: snprintf(buf, len, "escalate:up"); break;
	case TO_AUTO_APPROVE: snprintf(buf, len, "auto_approve"); break;
	default: snprintf(buf, len, "remind"); break;
	}
	return buf;
}

/* ---- the request's life ----------------------------------------------- */

typedef struct {
	int64_t id, applicant_id, current_step;
	int round;
	char number[40], form[40], state[16];
} request_row;

static int load_request(const char *number, request_row *r)
{
	db_stmt s;
	int found = 0;

	memset(r, 0, sizeof *r);
	db_prepare(&s, "SELECT id, applicant_id, coalesce(current_step, 0), round, number, form, state"
		   " FROM requests WHERE number = :n");
	db_bind_text(&s, ":n", number);
	if (db_step(&s) == SQLITE_ROW) {
		r->id = db_col_int(&s, 0);
		r->applicant_id = db_col_int(&s, 1);
		r->current_step = db_col_int(&s, 2);
		r->round = (int)db_col_int(&s, 3);
		snprintf(r->number, sizeof r->number, "%s", db_col_text(&s, 4));
		snprintf(r->form, sizeof r->form, "%s", db_col_text(&s, 5));
		snprintf(r->state, sizeof r->state, "%s", db_col_text(&s, 6));
		found = 1;
	}
	db_done(&s);
	return found;
}

static af_status record_action(int64_t request_id, int64_t task_id, int64_t step_id,
			       int64_t actor, int64_t for_id, const char *action,
			       const char *opinion, const char *key)
{
	db_stmt s;
	char at[32];
	int rc;

	now_text(at, sizeof at);
	db_prepare(&s, "INSERT INTO actions(request_id, task_id, step_id, actor_id, for_id, action, opinion, at, idem_key)"
		   " VALUES(:r, :t, :s, :a, :f, :act, :o, :at, :k)");
	db_bind_int(&s, ":r", request_id);
	if (task_id) db_bind_int(&s, ":t", task_id); else db_bind_null(&s, ":t");
	if (step_id) db_bind_int(&s, ":s", step_id); else db_bind_null(&s, ":s");
	if (actor) db_bind_int(&s, ":a", actor); else db_bind_null(&s, ":a");
	if (for_id) db_bind_int(&s, ":f", for_id); else db_bind_null(&s, ":f");
	db_bind_text(&s, ":act", action);
	db_bind_text(&s, ":o", opinion ? opinion : "");
	db_bind_text(&s, ":at", at);
	db_bind_text(&s, ":k", key && *key ? key : NULL);
	rc = db_step(&s);
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

static int64_t delegate_of(int64_t emp)
{
	char today[32];

	now_text(today, sizeof today);
	today[10] = '\0';
	return db_int(0, "SELECT delegate_id FROM delegations WHERE employee_id = ?1"
		      " AND ?2 BETWEEN starts_on AND ends_on ORDER BY id DESC LIMIT 1", "It", emp, today);
}

static af_status advance(const request_row *r);

/* A step is done when one approved (any) or nobody is left pending (all). */
static af_status check_step(const request_row *r, int64_t step_id)
{
	char *mode = db_text("any", "SELECT mode FROM steps WHERE id = ?1", "I", step_id);
	int64_t approved = db_int(0, "SELECT count(*) FROM tasks WHERE step_id = ?1 AND round = ?2"
				  " AND state = 'approved'", "Ii", step_id, r->round);
	int64_t pending = db_int(0, "SELECT count(*) FROM tasks WHERE step_id = ?1 AND round = ?2"
				 " AND state = 'pending'", "Ii", step_id, r->round);
	int done = strcmp(mode, "all") == 0 ? (pending == 0 && approved > 0) : approved > 0;

	free(mode);
	if (!done)
		return AF_OK;
	if (db_exec("UPDATE tasks SET state = 'skipped' WHERE step_id = ?1 AND round = ?2 AND state = 'pending'",
		    "Ii", step_id, r->round) != SQLITE_DONE ||
	    db_exec("UPDATE steps SET state = 'done' WHERE id = ?1", "I", step_id) != SQLITE_DONE)
		return db_fail();
	return advance(r);
}

/* Opens a step: a pending task for each approver (or their delegate), CC
 * notices, then completes it at once if the de-duplication rule already
 * counts it approved. */
static af_status activate(const request_row *r, int64_t step_id)
{
	char at[32], due[32];
	int64_t limit = db_int(0, "SELECT time_limit FROM steps WHERE id = ?1", "I", step_id);
	int64_t pos = db_int(0, "SELECT pos FROM steps WHERE id = ?1", "I", step_id);
	/* The step that ran just before, in this round: its approvers are asked once. */
	int64_t prev = db_int(0, "SELECT id FROM steps WHERE request_id = ?1 AND pos < ?2 AND state = 'done'"
			      " ORDER BY pos DESC LIMIT 1", "II", r->id, pos);
	char *title = db_text("", "SELECT title FROM steps WHERE id = ?1", "I", step_id);
	char *prev_title = db_text("", "SELECT title FROM steps WHERE id = ?1", "I", prev);
	int64_t ids[MAX_PEOPLE], asked[MAX_PEOPLE];
	int n = 0, n_asked = 0;
	db_stmt s;
	af_status st = AF_OK;

	now_text(at, sizeof at);
	af_format_time(af_now() + (time_t)limit * 3600, due, sizeof due);
	if (db_exec("UPDATE steps SET state = 'active' WHERE id = ?1", "I", step_id) != SQLITE_DONE ||
	    db_exec("UPDATE requests SET current_step = ?1, state = 'pending', updated_at = ?2 WHERE id = ?3",
		    "ItI", step_id, at, r->id) != SQLITE_DONE) {
		free(title);
		free(prev_title);
		return db_fail();
	}
	db_prepare(&s, "SELECT employee_id FROM step_people WHERE step_id = :s AND kind = 'approver'");
	db_bind_int(&s, ":s", step_id);
	while (db_step(&s) == SQLITE_ROW && n < MAX_PEOPLE)
		ids[n++] = db_col_int(&s, 0);
	db_done(&s);
	for (int i = 0; i < n && st == AF_OK; i++) {
		int64_t assignee = ids[i], for_id = 0, d = delegate_of(ids[i]);
		int64_t task;

		if (d && d != r->applicant_id) {
			for_id = assignee;
			assignee = d;
		}
		/* A delegate who is already asked on this step is asked once. */
		{
			int dup = 0;

			for (int k = 0; k < n_asked; k++)
				dup |= asked[k] == assignee;
			if (dup)
				continue;
			asked[n_asked++] = assignee;
		}
		if (cfg.same_approver_once && prev &&
		    /* (the step's few tasks: by acted_by SQLite may pick tasks_actor_request,
		     * every task an admin clerk ever acted on) */
		    db_int(0, "SELECT 1 FROM tasks INDEXED BY tasks_step WHERE step_id = ?1 AND round = ?2"
			   " AND state = 'approved' AND acted_by = ?3", "IiI", prev, r->round, assignee) == 1) {
			char *why = xasprintf("同一审批人已在上一步同意 (approved at the previous step, %s)", prev_title);

			if (db_exec("INSERT INTO tasks(request_id, step_id, round, assignee_id, for_id, state,"
				    " created_at, acted_at, acted_by, opinion) VALUES(?1, ?2, ?3, ?4, nullif(?5, 0),"
				    " 'approved', ?6, ?6, ?4, ?7)",
				    "IIiIItt", r->id, step_id, r->round, assignee, for_id, at, why) != SQLITE_DONE)
				st = db_fail();
			else
				st = record_action(r->id, sqlite3_last_insert_rowid(db_handle()), step_id, assignee,
						   for_id, "asked-once", why, NULL);
			free(why);
			continue;
		}
		if (db_exec("INSERT INTO tasks(request_id, step_id, round, assignee_id, for_id, state, created_at, due_at)"
			    " VALUES(?1, ?2, ?3, ?4, nullif(?5, 0), 'pending', ?6, CASE WHEN ?7 > 0 THEN ?8 END)",
			    "IIiIItIt", r->id, step_id, r->round, assignee, for_id, at, limit, due) != SQLITE_DONE) {
			st = db_fail();
			break;
		}
		task = sqlite3_last_insert_rowid(db_handle());
		(void)task;
		if (for_id) {
			char *principal = employee_name(for_id);

			st = notify_add(assignee, r->id, "task", NULL, "待办 to do: %s %s (%s), for %s", r->number,
					title, r->form, principal);
			free(principal);
		} else {
			st = notify_add(assignee, r->id, "task", NULL, "待办 to do: %s %s (%s)", r->number, title,
					r->form);
		}
	}
	if (st == AF_OK) {
		db_prepare(&s, "SELECT employee_id FROM step_people WHERE step_id = :s AND kind = 'cc'");
		db_bind_int(&s, ":s", step_id);
		n = 0;
		while (db_step(&s) == SQLITE_ROW && n < MAX_PEOPLE)
			ids[n++] = db_col_int(&s, 0);
		db_done(&s);
		for (int i = 0; i < n && st == AF_OK; i++) {
			if (db_exec("INSERT OR IGNORE INTO request_cc(request_id, employee_id) VALUES(?1, ?2)",
				    "II", r->id, ids[i]) != SQLITE_DONE)
				st = db_fail();
			else
				st = notify_add(ids[i], r->id, "cc", NULL, "抄送 cc: %s %s", r->number, title);
		}
	}
	free(title);
	free(prev_title);
	return st == AF_OK ? check_step(r, step_id) : st;
}

/* Runs one moment of the request's effects (see effects.h). */
static af_status run_effects(const request_row *r, af_status (*moment)(const effect_ctx *c))
{
	const form_def *f = formdef_find(r->form);
	effect_ctx c;

	if (!f)
		return af_fail(AF_CONFLICT, "%s: form %s is no longer defined in %s; its effects cannot run",
			       r->number, r->form, cfg.forms_dir);
	c = (effect_ctx){ .request_id = r->id, .number = r->number, .applicant_id = r->applicant_id,
			  .form = f, .actor_id = me.id };
	return moment(&c);
}

static af_status finish(const request_row *r)
{
	const form_def *f = formdef_find(r->form);
	char at[32];
	effect_ctx c;
	af_status st;

	if (!f)
		return af_fail(AF_CONFLICT, "%s: form %s is no longer defined in %s; its effects cannot run",
			       r->number, r->form, cfg.forms_dir);
	now_text(at, sizeof at);
	if (db_exec("UPDATE requests SET state = 'approved', decided_at = ?1, updated_at = ?1,"
		    " current_step = NULL WHERE id = ?2", "tI", at, r->id) != SQLITE_DONE)
		return db_fail();
	c = (effect_ctx){ .request_id = r->id, .number = r->number, .applicant_id = r->applicant_id, .form = f,
			  .actor_id = me.id };
	st = effects_run(&c);
	if (st != AF_OK)
		return st;
	if (db_exec("UPDATE requests SET state = 'done', done_at = ?1, updated_at = ?1 WHERE id = ?2",
		    "tI", at, r->id) != SQLITE_DONE)
		return db_fail();
	/* The person whose action completed the request is the done row's
	 * actor; a time limit's auto-approval leaves it to the system. */
	if ((st = record_action(r->id, 0, 0, me.system ? 0 : me.id, 0, "done", "", NULL)) != AF_OK ||
	    (st = audit_log("done", r->number, f->id)) != AF_OK)
		return st;
	return notify_add(r->applicant_id, r->id, "decided", NULL, "已通过 approved: %s %s", r->number, f->title);
}

static af_status advance(const request_row *r)
{
	int64_t next = db_int(0, "SELECT id FROM steps WHERE request_id = ?1 AND state = 'planned'"
			      " ORDER BY pos LIMIT 1", "I", r->id);

	return next ? activate(r, next) : finish(r);
}

/* ---- submit ----------------------------------------------------------- */

struct submit_ctx {
	const form_def *f;
	fval *vals;
	const route_step *route;
	const char *key;
	char *number;
	size_t number_len;
};

static char *build_data(const form_def *f, const fval *vals)
{
	char *doc = xstrdup("{}");

	for (int i = 0; i < f->n_fields; i++) {
		const fval *v = &vals[i];
		char *path, *next;

		if (!v->present)
			continue;
		path = xasprintf("$.%s", f->fields[i].name);
		if (v->json)
			next = db_text("{}", "SELECT json_set(?1, ?2, json(?3))", "ttt", doc, path, v->json);
		else if (v->is_num)
			next = db_text("{}", "SELECT json_set(?1, ?2, ?3)", "ttI", doc, path, v->num);
		else
			next = db_text("{}", "SELECT json_set(?1, ?2, ?3)", "ttt", doc, path, v->text);
		free(path);
		free(doc);
		doc = next;
	}
	return doc;
}

static const char *summary_of(const form_def *f, const fval *vals)
{
	if (f->summary_field) {
		const char *t = field_text(f, vals, f->summary_field);

		if (t)
			return t;
	}
	for (int i = 0; i < f->n_fields; i++)
		if (vals[i].present && (f->fields[i].type == FT_TEXT || f->fields[i].type == FT_CHOICE))
			return vals[i].text;
	return "";
}

static af_status do_submit(void *arg)
{
	struct submit_ctx *c = arg;
	char at[32], day[16], *data, *existing;
	int64_t seq, req_id;
	request_row r;
	db_stmt s;
	int rc;
	af_status st;

	/* A retry after an ambiguous failure finds the first attempt's request. */
	existing = db_text(NULL, "SELECT number FROM requests WHERE idem_key = ?1", "t", c->key);
	if (existing) {
		/* ... but only if it is the same person's, of the same form. */
		int same = db_int(0, "SELECT 1 FROM requests WHERE idem_key = ?1 AND form = ?2 AND applicant_id = ?3",
				  "ttI", c->key, c->f->id, me.id) == 1;
		af_status found = same ? AF_OK
			: af_fail(AF_CONFLICT, "submit: the key %s was already used for %s, another submission",
				  c->key, existing);

		if (same)
			snprintf(c->number, c->number_len, "%s", existing);
		free(existing);
		return found;
	}
	now_text(at, sizeof at);
	snprintf(day, sizeof day, "%.4s%.2s%.2s", at, at + 5, at + 8);
	{
		char *counter = xasprintf("%s-%s", c->f->prefix, day);

		rc = db_exec("INSERT INTO counters(name, value) VALUES(?1, 1)"
			     " ON CONFLICT(name) DO UPDATE SET value = value + 1", "t", counter);
		seq = db_int(0, "SELECT value FROM counters WHERE name = ?1", "t", counter);
		free(counter);
		if (rc != SQLITE_DONE)
			return db_fail();
	}
	snprintf(c->number, c->number_len, "%s-%s-%04lld", c->f->prefix, day, (long long)seq);
	data = build_data(c->f, c->vals);
	db_prepare(&s, "INSERT INTO requests(number, form, summary, applicant_id, state, data, idem_key,"
		   " created_at, updated_at) VALUES(:n, :f, :sum, :a, 'pending', json(:d), :k, :at, :at)");
	db_bind_text(&s, ":n", c->number);
	db_bind_text(&s, ":f", c->f->id);
	db_bind_text(&s, ":sum", summary_of(c->f, c->vals));
	db_bind_int(&s, ":a", me.id);
	db_bind_text(&s, ":d", data);
	db_bind_text(&s, ":k", c->key);
	db_bind_text(&s, ":at", at);
	rc = db_step(&s);
	db_done(&s);
	free(data);
	if (rc != SQLITE_DONE)
		return db_fail();
	req_id = sqlite3_last_insert_rowid(db_handle());
	for (int i = 0; i < c->f->n_steps; i++) {
		const route_step *rs = &c->route[i];
		char to[64];
		int64_t step_id;

		if (db_exec("INSERT INTO steps(request_id, pos, name, title, mode, state, why, time_limit, on_timeout)"
			    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", "Iitttttit", req_id, (i + 1) * 10,
			    rs->def->name, rs->def->title, rs->def->mode_all ? "all" : "any",
			    rs->skipped ? "skipped" : "planned", rs->why, rs->def->time_limit,
			    timeout_name(rs->def, to, sizeof to)) != SQLITE_DONE)
			return db_fail();
		step_id = sqlite3_last_insert_rowid(db_handle());
		for (int k = 0; k < rs->n_people; k++)
			if (db_exec("INSERT INTO step_people(step_id, employee_id, kind, why) VALUES(?1, ?2, 'approver', ?3)",
				    "IIt", step_id, rs->people[k].id, rs->people[k].why) != SQLITE_DONE)
				return db_fail();
		for (int k = 0; k < rs->n_cc; k++)
			if (db_exec("INSERT OR IGNORE INTO step_people(step_id, employee_id, kind, why) VALUES(?1, ?2, 'cc', ?3)",
				    "IIt", step_id, rs->cc[k].id, rs->cc[k].why) != SQLITE_DONE)
				return db_fail();
	}
	for (int k = 0; k < c->route[c->f->n_steps].n_cc; k++) {
		int64_t who = c->route[c->f->n_steps].cc[k].id;

		if (db_exec("INSERT OR IGNORE INTO request_cc(request_id, employee_id) VALUES(?1, ?2)",
			    "II", req_id, who) != SQLITE_DONE)
			return db_fail();
		if ((st = notify_add(who, req_id, "cc", NULL, "抄送 cc: %s %s", c->number, c->f->title)) != AF_OK)
			return st;
	}
	if ((st = record_action(req_id, 0, 0, me.id, 0, "submit", "", NULL)) != AF_OK)
		return st;
	if ((st = audit_log("submit", c->number, c->f->id)) != AF_OK)
		return st;
	if (!load_request(c->number, &r))
		return db_fail();
	/* Effects that hold something while the request runs (a room's slot). */
	if ((st = run_effects(&r, effects_submit)) != AF_OK)
		return st;
	return advance(&r);
}

/* A booking refused as a conflict leaves nothing behind (its transaction
 * rolled back), so the attempt is recorded on its own for the conflicts
 * report; the refusal the user sees is unchanged. */
static void record_refused_booking(const form_def *f, const fval *vals)
{
	const char *resource = NULL, *code = NULL, *range = NULL;
	char *message = xstrdup(af_errmsg());

	for (int i = 0; i < f->n_effects; i++) {
		if (strcmp(f->effects[i], "booking") == 0)
			resource = "room";
		else if (strcmp(f->effects[i], "vehicle_booking") == 0)
			resource = "vehicle";
	}
	for (int i = 0; resource && i < f->n_fields; i++) {
		if (!vals[i].present)
			continue;
		if (f->fields[i].type == (strcmp(resource, "room") == 0 ? FT_ROOM : FT_VEHICLE) && !code)
			code = vals[i].text;
		if (f->fields[i].type == FT_TIMERANGE && !range)
			range = vals[i].text;
	}
	if (code && range && strchr(range, '/')) {
		char start[32];

		snprintf(start, sizeof start, "%.*s", (int)(strchr(range, '/') - range), range);
		report_record_refusal(resource, code, start, strchr(range, '/') + 1);
	}
	af_fail(AF_CONFLICT, "%s", message); /* the user's message, not the record's */
	free(message);
}

af_status engine_submit(const form_def *f, const engine_input *in, int n,
			const char *key, char *number, size_t number_len)
{
	employee applicant;
	route_step *route;
	fval *vals;
	af_status st;

	if (me.system || !me.id)
		return af_fail(AF_DENIED, "submit: %s is not an employee (use --as LOGIN)", me.login);
	if (!key || strlen(key) < 8 || strlen(key) > 64)
		return af_fail(AF_INVALID, "submit: the idempotency key must be 8 to 64 characters");
	if ((st = collect(f, in, n, &vals)) != AF_OK)
		return st;
	load_employee(me.id, &applicant);
	route = xcalloc((size_t)f->n_steps + 1, sizeof *route);
	st = compute_route(f, vals, &applicant, route);
	if (st == AF_OK) {
		struct submit_ctx c = { f, vals, route, key, number, number_len };

		st = db_transact(do_submit, &c);
	}
	if (st == AF_CONFLICT)
		record_refused_booking(f, vals);
	free(route);
	fvals_free(vals, f->n_fields);
	if (st == AF_OK)
		notify_flush();
	return st;
}

/* Whether person id is among the approvers of a route step. */
static int route_has(const route_step *rs, int64_t id)
{
	for (int k = 0; k < rs->n_people; k++)
		if (rs->people[k].id == id)
			return 1;
	return 0;
}

af_status engine_route(const form_def *f, const engine_input *in, int n, FILE *out)
{
	employee applicant;
	route_step *route;
	fval *vals;
	af_status st;
	time_t t = af_now();

	if (me.system || !me.id)
		return af_fail(AF_DENIED, "route: %s is not an employee (use --as LOGIN)", me.login);
	if ((st = collect(f, in, n, &vals)) != AF_OK)
		return st;
	load_employee(me.id, &applicant);
	route = xcalloc((size_t)f->n_steps + 1, sizeof *route);
	st = compute_route(f, vals, &applicant, route);
	if (st == AF_OK) {
		const route_step *prev = NULL;

		fprintf(out, "step\ttitle\tmode\tapprover\twhy\tdeadline\n");
		for (int i = 0; i < f->n_steps; i++) {
			const route_step *rs = &route[i];
			char due[32] = "";

			if (rs->skipped) {
				fprintf(out, "%s\t%s\t-\t-\t%s\t-\n", rs->def->name, rs->def->title, rs->why);
				continue;
			}
			if (rs->def->time_limit) {
				t += (time_t)rs->def->time_limit * 3600;
				af_format_time(t, due, sizeof due);
			}
			for (int k = 0; k < rs->n_people; k++) {
				char *name = employee_name(rs->people[k].id);
				int64_t d = delegate_of(rs->people[k].id);
				strbuf why = {0};

				sb_puts(&why, rs->people[k].why);
				if (rs->why[0])
					sb_printf(&why, "; %s", rs->why);
				if (d && d != applicant.id) {
					char *dn = employee_name(d);

					sb_printf(&why, "; delegated to %s", dn);
					free(dn);
				}
				/* The same person on the step before is asked once (activate). */
				if (cfg.same_approver_once && prev && route_has(prev, rs->people[k].id))
					sb_printf(&why, "; asked once: approving step %s approves this one too",
						  prev->def->name);
				put_cell(out, rs->def->name);
				fputc('\t', out);
				put_cell(out, rs->def->title);
				fprintf(out, "\t%s\t", rs->def->mode_all ? "all" : "any");
				put_cell(out, name);
				fputc('\t', out);
				put_cell(out, why.buf ? why.buf : "");
				fprintf(out, "\t%s\n", due[0] ? due : "-");
				sb_free(&why);
				free(name);
			}
			prev = rs;
		}
	}
	free(route);
	fvals_free(vals, f->n_fields);
	return st;
}

/* ---- actions ---------------------------------------------------------- */

static const char *const action_names[] = {
	[ACT_APPROVE] = "approve", [ACT_REJECT] = "reject", [ACT_RETURN] = "return",
	[ACT_WITHDRAW] = "withdraw", [ACT_TRANSFER] = "transfer", [ACT_ADDSIGN] = "addsign",
	[ACT_URGE] = "urge", [ACT_COMMENT] = "comment", [ACT_CANCEL] = "cancel",
	[ACT_RESUBMIT] = "resubmit",
};

const char *engine_action_name(engine_action a) { return action_names[a]; }

int engine_action_parse(const char *name, engine_action *out)
{
	for (size_t i = 0; i < sizeof action_names / sizeof action_names[0]; i++) {
		if (strcmp(action_names[i], name) == 0) {
			*out = (engine_action)i;
			return 1;
		}
	}
	return 0;
}

struct act_ctx {
	const char *number;
	engine_action action;
	const engine_args *a;
};

/* Someone may see a request when they applied, were asked, are CC'd, or may
 * see everything. */
int engine_may_see(int64_t request_id)
{
	int64_t applicant = db_int(0, "SELECT applicant_id FROM requests WHERE id = ?1", "I", request_id);

	return me.system || (applicant && applicant == me.id) || auth_can("view_all") ||
	       db_int(0, "SELECT 1 FROM tasks WHERE request_id = ?1 AND (assignee_id = ?2 OR for_id = ?2) LIMIT 1",
		      "II", request_id, me.id) == 1 ||
	       db_int(0, "SELECT 1 FROM request_cc WHERE request_id = ?1 AND employee_id = ?2", "II",
		      request_id, me.id) == 1;
}

static int may_see(const request_row *r)
{
	return engine_may_see(r->id);
}

/* The current user's pending task on the request's active step, or a
 * refusal that says why there is none: the step was handled (by whom, at
 * what time), the request is closed, or the user is not asked. */
static af_status my_task(const request_row *r, int64_t *task, int64_t *for_id)
{
	db_stmt s;
	int found = 0;
	int64_t mine;

	if (strcmp(r->state, "pending") == 0) {
		db_prepare(&s, "SELECT id, coalesce(for_id, 0) FROM tasks WHERE step_id = :s AND round = :r"
			   " AND assignee_id = :me AND state = 'pending' ORDER BY id LIMIT 1");
		db_bind_int(&s, ":s", r->current_step);
		db_bind_int(&s, ":r", r->round);
		db_bind_int(&s, ":me", me.id);
		if (db_step(&s) == SQLITE_ROW) {
			*task = db_col_int(&s, 0);
			*for_id = db_col_int(&s, 1);
			found = 1;
		}
		db_done(&s);
		if (found)
			return AF_OK;
	}
	/* Was it mine, and handled first, by someone else or by me? */
	mine = db_int(0, "SELECT step_id FROM tasks WHERE request_id = ?1 AND round = ?2"
		      " AND assignee_id = ?3 AND state <> 'pending' ORDER BY id DESC LIMIT 1",
		      "IiI", r->id, r->round, me.id);
	if (mine) {
		char *who = db_text(NULL, "SELECT e.name || ' (' || e.login || '), who ' ||"
				    " CASE t.state WHEN 'approved' THEN 'approved' WHEN 'rejected' THEN 'rejected'"
				    " WHEN 'returned' THEN 'returned it' WHEN 'transferred' THEN 'transferred it'"
				    " ELSE t.state END || ' at ' || t.acted_at"
				    " FROM tasks t JOIN employees e ON e.id = t.acted_by WHERE t.step_id = ?1"
				    " AND t.round = ?2 AND t.acted_at IS NOT NULL ORDER BY t.acted_at, t.id LIMIT 1",
				    "Ii", mine, r->round);

		if (who) {
			af_status st = af_fail(AF_CONFLICT, "%s: this step was already handled by %s",
					       r->number, who);

			free(who);
			return st;
		}
	}
	/* Never asked on this request: not theirs to act on, whatever its state. */
	if (db_int(0, "SELECT 1 FROM tasks WHERE request_id = ?1 AND (assignee_id = ?2 OR for_id = ?2) LIMIT 1",
		   "II", r->id, me.id) != 1)
		return af_fail(AF_DENIED, "%s: %s is not an approver of this request", r->number, me.login);
	if (strcmp(r->state, "pending") != 0)
		return af_fail(AF_CONFLICT, "%s: the request is %s; nothing to act on", r->number, r->state);
	return af_fail(AF_DENIED, "%s: %s is not an approver of the current step", r->number, me.login);
}

/* Whether the current user may take action on r as it stands -- who they
 * are and the request's state, the rules do_act holds before it acts --:
 * AF_OK, or the refusal do_act gives. */
static af_status may_act(const request_row *r, engine_action action)
{
	int64_t task, for_id;

	switch (action) {
	case ACT_APPROVE: case ACT_REJECT: case ACT_RETURN: case ACT_TRANSFER: case ACT_ADDSIGN:
		return my_task(r, &task, &for_id);
	case ACT_WITHDRAW:
		if (r->applicant_id != me.id)
			return af_fail(AF_DENIED, "withdraw: only the applicant may withdraw %s", r->number);
		if (strcmp(r->state, "pending") != 0 && strcmp(r->state, "returned") != 0)
			return af_fail(AF_CONFLICT, "withdraw: %s is %s", r->number, r->state);
		return AF_OK;
	case ACT_CANCEL:
		if (!auth_can("cancel"))
			return af_fail(AF_DENIED, "cancel: not permitted for %s (needs the cancel permission)", me.login);
		/* A done request may be cancelled only when its effects can be
		 * undone (a booking frees its slot, reserved stock goes back). */
		if (strcmp(r->state, "pending") != 0 && strcmp(r->state, "returned") != 0 &&
		    strcmp(r->state, "draft") != 0 &&
		    !(strcmp(r->state, "done") == 0 && formdef_find(r->form) && effects_undoable(formdef_find(r->form))))
			return af_fail(AF_CONFLICT, "cancel: %s is already %s", r->number, r->state);
		return AF_OK;
	case ACT_URGE:
		if (r->applicant_id != me.id && !auth_can("view_all"))
			return af_fail(AF_DENIED, "urge: only the applicant may urge %s", r->number);
		if (strcmp(r->state, "pending") != 0)
			return af_fail(AF_CONFLICT, "urge: %s is %s; nobody to urge", r->number, r->state);
		return AF_OK;
	case ACT_RESUBMIT:
		if (r->applicant_id != me.id)
			return af_fail(AF_DENIED, "resubmit: only the applicant may resubmit %s", r->number);
		if (strcmp(r->state, "returned") != 0)
			return af_fail(AF_CONFLICT, "resubmit: %s is %s, not returned", r->number, r->state);
		return AF_OK;
	case ACT_COMMENT:
		return AF_OK; /* whoever may see it */
	}
	return af_fail(AF_USAGE, "unknown action");
}

char *engine_allowed_actions(const char *number)
{
	static const engine_action all[] = { ACT_APPROVE, ACT_REJECT, ACT_RETURN, ACT_TRANSFER, ACT_ADDSIGN,
					     ACT_URGE, ACT_RESUBMIT, ACT_WITHDRAW, ACT_COMMENT, ACT_CANCEL };
	request_row r;
	strbuf sb = {0};

	if (me.system || !me.id || !load_request(number, &r) || !may_see(&r))
		return xstrdup("");
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (may_act(&r, all[i]) == AF_OK)
			sb_printf(&sb, "%s%s", sb.len ? " " : "", engine_action_name(all[i]));
	af_clear_error();
	return sb_take(&sb);
}

static af_status close_pending(const request_row *r, const char *state)
{
	return db_exec("UPDATE tasks SET state = ?1 WHERE request_id = ?2 AND state = 'pending'",
		       "tI", state, r->id) == SQLITE_DONE ? AF_OK : db_fail();
}

static af_status set_state(const request_row *r, const char *state, int decided)
{
	char at[32];

	now_text(at, sizeof at);
	return db_exec("UPDATE requests SET state = ?1, updated_at = ?2,"
		       " decided_at = CASE WHEN ?3 THEN ?2 ELSE decided_at END WHERE id = ?4",
		       "ttiI", state, at, decided, r->id) == SQLITE_DONE ? AF_OK : db_fail();
}

static af_status act_on_task(const request_row *r, int64_t task, const char *state, const char *opinion)
{
	char at[32];

	now_text(at, sizeof at);
	return db_exec("UPDATE tasks SET state = ?1, acted_at = ?2, acted_by = ?3, opinion = ?4 WHERE id = ?5",
		       "ttItI", state, at, me.id, opinion ? opinion : "", task) == SQLITE_DONE
		? AF_OK : db_fail();
	(void)r;
}

/* A task fills a seat: its own approver's, or, for a delegate or an
 * escalation, the person it stands in for (for_id). Once the seat is
 * approved, the other tasks for it close: on a countersign step the seat
 * counts once, whoever of them approved it. */
static af_status fill_seat(const request_row *r, int64_t task)
{
	return db_exec("UPDATE tasks SET state = 'skipped' WHERE step_id = ?1 AND round = ?2 AND state = 'pending'"
		       " AND id <> ?3 AND coalesce(for_id, assignee_id) ="
		       " (SELECT coalesce(for_id, assignee_id) FROM tasks WHERE id = ?3)",
		       "IiI", r->current_step, r->round, task) == SQLITE_DONE ? AF_OK : db_fail();
}

static int64_t employee_by_login(const char *login)
{
	return login ? db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active", "t", login) : 0;
}

/* Sets steps from pos on back to planned, so that they run again. */
static af_status replan_from(const request_row *r, int64_t pos)
{
	if (db_exec("UPDATE steps SET state = 'planned' WHERE request_id = ?1 AND pos >= ?2 AND state <> 'skipped'",
		    "II", r->id, pos) != SQLITE_DONE ||
	    db_exec("UPDATE requests SET round = round + 1 WHERE id = ?1", "I", r->id) != SQLITE_DONE)
		return db_fail();
	return AF_OK;
}

static af_status insert_step(const request_row *r, int64_t pos, int64_t who, const char *why, int64_t *step_id)
{
	char *name = employee_name(who);
	char *title = xasprintf("加签 %s", name);
	int rc;

	free(name);
	if (db_exec("UPDATE steps SET pos = pos + 1 WHERE request_id = ?1 AND pos >= ?2", "II", r->id, pos) != SQLITE_DONE) {
		free(title);
		return db_fail();
	}
	rc = db_exec("INSERT INTO steps(request_id, pos, name, title, mode, state, why)"
		     " VALUES(?1, ?2, 'addsign', ?3, 'any', 'planned', ?4)", "IItt", r->id, pos, title, why);
	free(title);
	if (rc != SQLITE_DONE)
		return db_fail();
	*step_id = sqlite3_last_insert_rowid(db_handle());
	return db_exec("INSERT INTO step_people(step_id, employee_id, kind, why) VALUES(?1, ?2, 'approver', ?3)",
		       "IIt", *step_id, who, why) == SQLITE_DONE ? AF_OK : db_fail();
}

/* A stored value (from requests.data, as json_each gives it) back as the
 * text a user would type: the inverse of normalize, so that a resubmission
 * validates every field again and show prints what submit accepts. */
static char *stored_text(const form_field *fd, const char *value)
{
	char buf[32];

	if (!fd)
		return xstrdup(value);
	switch (fd->type) {
	case FT_MONEY:
		return xstrdup(expr_format_money(strtoll(value, NULL, 10), buf, sizeof buf));
	case FT_MULTICHOICE:
		return db_text("", "SELECT coalesce(group_concat(value, ','), '') FROM json_each(?1)", "t", value);
	case FT_SUPPLY_LINES:
		return db_text("", "SELECT coalesce(group_concat(json_extract(value, '$.sku') || ':' ||"
			       " json_extract(value, '$.qty'), ','), '') FROM json_each(?1)", "t", value);
	case FT_TIMERANGE:
		return db_text("", "SELECT json_extract(?1, '$.start') || '/' || json_extract(?1, '$.end')",
			       "t", value);
	case FT_LINES:
		return lines_text(fd, value);
	default:
		return xstrdup(value);
	}
}

char *engine_field_text(const form_field *fd, const char *stored)
{
	return stored_text(fd, stored ? stored : "");
}

af_status engine_lines_parse(const form_field *fd, const char *text, char ***cells, int *n_rows)
{
	lines_grid g = { .n_cols = fd->n_columns };
	af_status st = lines_split_text(fd, text ? text : "", &g);

	if (st != AF_OK) {
		grid_free(&g);
		*cells = NULL;
		*n_rows = 0;
		return st;
	}
	*cells = g.cells;
	*n_rows = g.n_rows;
	return AF_OK;
}

void engine_lines_free(char **cells, int n_cells)
{
	for (int i = 0; i < n_cells; i++)
		free(cells[i]);
	free(cells);
}

char *engine_lines_join(const form_field *fd, char *const *cells, int n_rows)
{
	strbuf sb = {0};

	for (int r = 0; r < n_rows; r++) {
		size_t row_start = sb.len, kept;

		if (r)
			sb_puts(&sb, ";");
		kept = sb.len;
		for (int c = 0; c < fd->n_columns; c++) {
			const char *cell = cells[(size_t)r * (size_t)fd->n_columns + (size_t)c];

			if (c)
				sb_puts(&sb, ",");
			if (!cell || !*cell)
				continue;
			for (const char *t = cell; *t; t++) {
				if (*t == ',' || *t == ';' || *t == '\\')
					sb_puts(&sb, "\\");
				sb_add(&sb, t, 1);
			}
			kept = sb.len;
		}
		/* Trailing empty cells left off; an empty row not at all. */
		if (kept == row_start + (r ? 1 : 0))
			kept = row_start;
		sb.len = kept;
		if (sb.buf)
			sb.buf[kept] = '\0';
	}
	return sb.len ? sb_take(&sb) : (sb_free(&sb), xstrdup(""));
}

af_status engine_lines_check_cell(const form_field *fd, int row, int col, const char *text)
{
	const form_field *c = &fd->columns[col];
	char *name = xasprintf("%s: row %d, %s", fd->name, row + 1, c->name);
	form_field named = *c;
	fval v = {0};
	af_status st = AF_OK;

	named.name = name;
	if (!text || !*text) {
		if (c->required)
			st = af_fail(AF_INVALID, "field %s: required (%s)", name, c->label);
	} else {
		st = normalize(&named, text, &v);
	}
	free(v.text);
	free(v.json);
	free(name);
	return st;
}

char *engine_sum_text(const form_def *f, const form_field *fd, const char *lines)
{
	fval *vals = xcalloc((size_t)f->n_fields, sizeof *vals);
	char *out = NULL;
	int li = fd->sum_of, i = (int)(fd - f->fields);

	if (fd->sum && lines && *lines && normalize(&f->fields[li], lines, &vals[li]) == AF_OK &&
	    compute_sum(f, vals, i) == AF_OK && vals[i].present)
		out = xstrdup(vals[i].text);
	fvals_free(vals, f->n_fields);
	return out;
}

/* The request's stored fields as inputs (names and values allocated),
 * with room for extra more; fields the form no longer has are left out. */
static int stored_inputs(int64_t request_id, const form_def *f, int extra, engine_input **out)
{
	char *data = db_text("{}", "SELECT data FROM requests WHERE id = ?1", "I", request_id);
	engine_input *in = xcalloc((size_t)f->n_fields + (size_t)extra + 1, sizeof *in);
	int n = 0;
	db_stmt s;

	db_prepare(&s, "SELECT key, CASE type WHEN 'array' THEN value WHEN 'object' THEN value ELSE atom END"
		   " FROM json_each(:d)");
	db_bind_text(&s, ":d", data);
	while (db_step(&s) == SQLITE_ROW && n < f->n_fields) {
		const form_field *fd = formdef_field(f, db_col_text(&s, 0));

		/* A computed field is worked out again from its lines. */
		if (!fd || fd->sum)
			continue;
		in[n].name = xstrdup(fd->name);
		in[n].value = stored_text(fd, db_col_text(&s, 1));
		n++;
	}
	db_done(&s);
	free(data);
	*out = in;
	return n;
}

static void inputs_free(engine_input *in, int n)
{
	for (int i = 0; i < n; i++) {
		free((char *)in[i].name);
		free((char *)in[i].value);
	}
	free(in);
}

/* Puts the route computed for a resubmission (or an edit) into the
 * request's steps after position after_pos: a condition that changed skips
 * or brings back its step, and every such step gets the approvers and CC
 * the new values give. Steps added by addsign stay as they are. */
static af_status rewrite_steps(const request_row *r, const form_def *f, const route_step *route,
			       int64_t after_pos)
{
	for (int i = 0; i < f->n_steps; i++) {
		const route_step *rs = &route[i];
		int64_t step_id = db_int(0, "SELECT id FROM steps WHERE request_id = ?1 AND name = ?2"
					 " AND name <> 'addsign' AND pos > ?3 ORDER BY pos LIMIT 1", "ItI",
					 r->id, rs->def->name, after_pos);

		if (!step_id)
			continue;
		if (db_exec("UPDATE steps SET state = ?1, why = ?2 WHERE id = ?3", "ttI",
			    rs->skipped ? "skipped" : "planned", rs->why, step_id) != SQLITE_DONE ||
		    db_exec("DELETE FROM step_people WHERE step_id = ?1", "I", step_id) != SQLITE_DONE)
			return db_fail();
		for (int k = 0; k < rs->n_people; k++)
			if (db_exec("INSERT INTO step_people(step_id, employee_id, kind, why) VALUES(?1, ?2, 'approver', ?3)",
				    "IIt", step_id, rs->people[k].id, rs->people[k].why) != SQLITE_DONE)
				return db_fail();
		for (int k = 0; k < rs->n_cc; k++)
			if (db_exec("INSERT OR IGNORE INTO step_people(step_id, employee_id, kind, why) VALUES(?1, ?2, 'cc', ?3)",
				    "IIt", step_id, rs->cc[k].id, rs->cc[k].why) != SQLITE_DONE)
				return db_fail();
	}
	return AF_OK;
}

/* An approver changes the fields their step lists as editable (the
 * finance step corrects an amount, the asset keeper records the outcome);
 * the whole form is validated again and the change is on the timeline. */
static af_status apply_edits(request_row *r, const engine_args *a)
{
	const form_def *f = formdef_find(r->form);
	char *step_name = db_text("", "SELECT name FROM steps WHERE id = ?1", "I", r->current_step);
	const form_step *sd = f ? formdef_step(f, step_name) : NULL;
	engine_input *in;
	strbuf changed = {0};
	fval *vals;
	int n;
	af_status st;

	if (!f) {
		free(step_name);
		return af_fail(AF_CONFLICT, "%s: form %s is no longer defined", r->number, r->form);
	}
	for (int i = 0; i < a->n_in; i++) {
		int ok = 0;

		for (int k = 0; sd && k < sd->n_editable; k++)
			ok |= strcmp(sd->editable[k], a->in[i].name) == 0;
		if (!ok) {
			st = af_fail(AF_DENIED, "field %s: not editable at step %s", a->in[i].name, step_name);
			free(step_name);
			return st;
		}
	}
	free(step_name);
	n = stored_inputs(r->id, f, a->n_in, &in);
	for (int i = 0; i < a->n_in; i++) {
		int k;

		for (k = 0; k < n && strcmp(in[k].name, a->in[i].name) != 0; k++)
			;
		if (k == n) {
			in[n].name = xstrdup(a->in[i].name);
			n++;
		} else {
			free((char *)in[k].value);
		}
		in[k].value = xstrdup(a->in[i].value);
		sb_printf(&changed, "%s%s=%s", changed.len ? ", " : "", a->in[i].name, a->in[i].value);
	}
	st = collect(f, in, n, &vals);
	inputs_free(in, n);
	if (st == AF_OK) {
		char *data = build_data(f, vals);
		route_step *route = xcalloc((size_t)f->n_steps + 1, sizeof *route);
		employee applicant;

		if (db_exec("UPDATE requests SET data = json(?1), summary = ?2 WHERE id = ?3", "ttI",
			    data, summary_of(f, vals), r->id) != SQLITE_DONE)
			st = db_fail();
		/* The steps still to come follow the changed values: a corrected
		 * amount over the threshold brings in the general manager. */
		load_employee(r->applicant_id, &applicant);
		if (st == AF_OK && (st = compute_route(f, vals, &applicant, route)) == AF_OK)
			st = rewrite_steps(r, f, route,
					   db_int(0, "SELECT pos FROM steps WHERE id = ?1", "I", r->current_step));
		free(route);
		free(data);
		fvals_free(vals, f->n_fields);
	}
	if (st == AF_OK)
		st = record_action(r->id, 0, r->current_step, me.id, 0, "edit", changed.buf, NULL);
	sb_free(&changed);
	return st;
}

/* The applicant sends a returned request again, perhaps with changed
 * fields: everything is validated again, the conditions and approvers are
 * worked out again from the new values, and the route starts over. */
static af_status resubmit(const char *number, request_row *r, const engine_args *a, const char *op)
{
	const form_def *f = formdef_find(r->form);
	engine_input *in;
	route_step *route;
	employee applicant;
	fval *vals;
	strbuf changed = {0};
	char *data, *opinion;
	int n;
	af_status st;

	if ((st = may_act(r, ACT_RESUBMIT)) != AF_OK)
		return st;
	if (!f)
		return af_fail(AF_CONFLICT, "resubmit: form %s is no longer defined in %s", r->form, cfg.forms_dir);
	n = stored_inputs(r->id, f, a->n_in, &in);
	for (int i = 0; i < a->n_in; i++) {
		const form_field *fd = formdef_field(f, a->in[i].name);
		int k;

		if (!fd) {
			inputs_free(in, n);
			sb_free(&changed);
			return af_fail(AF_INVALID, "field %s: the form %s has no such field", a->in[i].name, f->id);
		}
		for (k = 0; k < n && strcmp(in[k].name, fd->name) != 0; k++)
			;
		if (k == n) {
			in[n].name = xstrdup(fd->name);
			n++;
		} else {
			free((char *)in[k].value);
		}
		in[k].value = xstrdup(a->in[i].value);
		sb_printf(&changed, "%s%s", changed.len ? ", " : "", fd->name);
	}
	st = collect(f, in, n, &vals);
	inputs_free(in, n);
	if (st != AF_OK) {
		sb_free(&changed);
		return st;
	}
	load_employee(r->applicant_id, &applicant);
	route = xcalloc((size_t)f->n_steps + 1, sizeof *route);
	st = compute_route(f, vals, &applicant, route);
	if (st == AF_OK) {
		data = build_data(f, vals);
		if (db_exec("UPDATE requests SET data = json(?1), summary = ?2 WHERE id = ?3", "ttI",
			    data, summary_of(f, vals), r->id) != SQLITE_DONE)
			st = db_fail();
		free(data);
	}
	if (st == AF_OK)
		st = rewrite_steps(r, f, route, -1);
	free(route);
	fvals_free(vals, f->n_fields);
	if (changed.len)
		opinion = op[0] ? xasprintf("%s (changed: %s)", op, changed.buf) : xasprintf("changed: %s", changed.buf);
	else
		opinion = xstrdup(op);
	sb_free(&changed);
	if (st == AF_OK) {
		int64_t first = db_int(0, "SELECT min(pos) FROM steps WHERE request_id = ?1 AND state <> 'skipped'",
				       "I", r->id);

		/* What the effects hold follows the changed fields (a new time slot). */
		if ((st = replan_from(r, first)) == AF_OK &&
		    (st = run_effects(r, effects_close)) == AF_OK &&
		    (st = run_effects(r, effects_submit)) == AF_OK &&
		    (st = record_action(r->id, 0, 0, me.id, 0, "resubmit", opinion, a->key)) == AF_OK)
			st = audit_log("resubmit", r->number, opinion);
	}
	free(opinion);
	if (st != AF_OK)
		return st;
	load_request(number, r);
	return advance(r);
}

/* Notifies everyone with a pending task on the request's current step. */
static af_status notify_current(const request_row *r, const char *kind, const char *text)
{
	int64_t ids[MAX_PEOPLE];
	int n = 0;
	db_stmt s;
	af_status st = AF_OK;

	db_prepare(&s, "SELECT DISTINCT assignee_id FROM tasks WHERE request_id = :r AND state = 'pending'");
	db_bind_int(&s, ":r", r->id);
	while (db_step(&s) == SQLITE_ROW && n < MAX_PEOPLE)
		ids[n++] = db_col_int(&s, 0);
	db_done(&s);
	for (int i = 0; i < n && st == AF_OK; i++)
		st = notify_add(ids[i], r->id, kind, NULL, "%s", text);
	return st;
}

/* Each action first checks who may act (4), then whether the request's
 * state allows it (5), then the input (3): the most basic refusal is the
 * one reported. Nothing is written before every check has passed. */
static af_status do_act(void *arg)
{
	struct act_ctx *c = arg;
	const engine_args *a = c->a;
	const char *op = a->opinion ? a->opinion : "";
	const char *name = engine_action_name(c->action);
	int64_t task = 0, for_id = 0;
	request_row r;
	af_status st;

	if (!load_request(c->number, &r))
		return af_fail(AF_INVALID, "%s: no such request", c->number);
	if (a->key && a->key[0]) {
		/* The very action committed by an earlier attempt: done already. */
		int64_t prior = db_int(0, "SELECT request_id FROM actions WHERE idem_key = ?1 AND action = ?2",
				       "tt", a->key, name);

		if (prior == r.id)
			return AF_OK;
		if (db_int(0, "SELECT 1 FROM actions WHERE idem_key = ?1", "t", a->key) == 1)
			return af_fail(AF_CONFLICT, "%s: the key %s was already used for another action",
				       r.number, a->key);
	}
	if (!may_see(&r))
		return af_fail(AF_DENIED, "%s: not visible to %s", r.number, me.login);
	if (op[0] && (st = check_text(&(form_field){ .name = "opinion", .max_length = TEXT_LIMIT }, op, 1)) != AF_OK)
		return st;

	switch (c->action) {
	case ACT_APPROVE:
		if ((st = my_task(&r, &task, &for_id)) != AF_OK ||
		    (a->n_in > 0 && (st = apply_edits(&r, a)) != AF_OK) ||
		    (st = act_on_task(&r, task, "approved", op)) != AF_OK ||
		    (st = fill_seat(&r, task)) != AF_OK ||
		    (st = record_action(r.id, task, r.current_step, me.id, for_id, "approve", op, a->key)) != AF_OK ||
		    (st = audit_log("approve", r.number, op)) != AF_OK)
			return st;
		return check_step(&r, r.current_step);
	case ACT_REJECT:
		if ((st = my_task(&r, &task, &for_id)) != AF_OK)
			return st;
		if (!op[0])
			return af_fail(AF_INVALID, "reject: a reason is required (-m TEXT)");
		if ((st = act_on_task(&r, task, "rejected", op)) != AF_OK ||
		    (st = close_pending(&r, "cancelled")) != AF_OK ||
		    (st = set_state(&r, "rejected", 1)) != AF_OK ||
		    (st = run_effects(&r, effects_close)) != AF_OK ||
		    (st = record_action(r.id, task, r.current_step, me.id, for_id, "reject", op, a->key)) != AF_OK ||
		    (st = audit_log("reject", r.number, op)) != AF_OK)
			return st;
		return notify_add(r.applicant_id, r.id, "decided", NULL, "已驳回 rejected: %s: %s", r.number, op);
	case ACT_RETURN: {
		const char *to = a->target && *a->target ? a->target : "applicant";
		int64_t target = 0;
		char *detail;

		if ((st = my_task(&r, &task, &for_id)) != AF_OK)
			return st;
		if (strcmp(to, "applicant") != 0) {
			int64_t cur_pos = db_int(0, "SELECT pos FROM steps WHERE id = ?1", "I", r.current_step);

			target = db_int(0, "SELECT id FROM steps WHERE request_id = ?1 AND name = ?2"
					" AND pos < ?3 AND state = 'done' ORDER BY pos DESC LIMIT 1",
					"ItI", r.id, to, cur_pos);
			if (!target)
				return af_fail(AF_INVALID, "return: '%s' is not an earlier step of %s that ran"
					       " (give a step name, or applicant)", to, r.number);
		}
		if ((st = act_on_task(&r, task, "returned", op)) != AF_OK ||
		    (st = close_pending(&r, "cancelled")) != AF_OK)
			return st;
		if (!target) {
			if ((st = db_exec("UPDATE steps SET state = 'planned' WHERE id = ?1", "I", r.current_step)
			     == SQLITE_DONE ? AF_OK : db_fail()) != AF_OK ||
			    (st = set_state(&r, "returned", 0)) != AF_OK)
				return st;
		} else {
			int64_t tpos = db_int(0, "SELECT pos FROM steps WHERE id = ?1", "I", target);

			if ((st = replan_from(&r, tpos)) != AF_OK)
				return st;
		}
		detail = xasprintf("to %s%s%s", to, op[0] ? ": " : "", op);
		st = record_action(r.id, task, r.current_step, me.id, for_id, "return", detail, a->key);
		if (st == AF_OK)
			st = audit_log("return", r.number, detail);
		free(detail);
		if (st != AF_OK ||
		    (st = notify_add(r.applicant_id, r.id, "returned", NULL, "已退回 returned to %s: %s%s%s",
				     to, r.number, op[0] ? ": " : "", op)) != AF_OK)
			return st;
		if (!target)
			return AF_OK;
		load_request(c->number, &r);
		return advance(&r);
	}
	case ACT_WITHDRAW: {
		char *text;

		if ((st = may_act(&r, c->action)) != AF_OK)
			return st;
		text = xasprintf("已撤回 withdrawn by the applicant: %s", r.number);
		st = notify_current(&r, "withdrawn", text);
		free(text);
		if (st != AF_OK || (st = close_pending(&r, "cancelled")) != AF_OK ||
		    (st = set_state(&r, "withdrawn", 1)) != AF_OK ||
		    (st = run_effects(&r, effects_close)) != AF_OK ||
		    (st = record_action(r.id, 0, r.current_step, me.id, 0, "withdraw", op, a->key)) != AF_OK)
			return st;
		return audit_log("withdraw", r.number, op);
	}
	case ACT_CANCEL:
		if ((st = may_act(&r, c->action)) != AF_OK)
			return st;
		if (!op[0])
			return af_fail(AF_INVALID, "cancel: a reason is required (-m TEXT)");
		if ((st = close_pending(&r, "cancelled")) != AF_OK || (st = set_state(&r, "cancelled", 1)) != AF_OK ||
		    (st = run_effects(&r, effects_close)) != AF_OK ||
		    (st = record_action(r.id, 0, r.current_step, me.id, 0, "cancel", op, a->key)) != AF_OK ||
		    (st = audit_log("cancel", r.number, op)) != AF_OK)
			return st;
		return notify_add(r.applicant_id, r.id, "decided", NULL, "已取消 cancelled: %s: %s", r.number, op);
	case ACT_TRANSFER: {
		int64_t to = employee_by_login(a->target);
		char at[32], *detail;

		if ((st = my_task(&r, &task, &for_id)) != AF_OK)
			return st;
		if (!to)
			return af_fail(AF_INVALID, "transfer: '%s' is not an employee", a->target ? a->target : "");
		if (to == r.applicant_id)
			return af_fail(AF_INVALID, "transfer: %s applied for %s and cannot approve it", a->target, r.number);
		if (to == me.id)
			return af_fail(AF_INVALID, "transfer: the task is already yours");
		if (db_int(0, "SELECT 1 FROM tasks WHERE step_id = ?1 AND round = ?2 AND assignee_id = ?3"
			   " AND state = 'pending'", "IiI", r.current_step, r.round, to) == 1)
			return af_fail(AF_INVALID, "transfer: %s is already asked on this step of %s", a->target, r.number);
		if ((st = act_on_task(&r, task, "transferred", op)) != AF_OK)
			return st;
		now_text(at, sizeof at);
		if (db_exec("INSERT INTO tasks(request_id, step_id, round, assignee_id, state, created_at, due_at)"
			    " SELECT request_id, step_id, round, ?1, 'pending', ?2, due_at FROM tasks WHERE id = ?3",
			    "ItI", to, at, task) != SQLITE_DONE)
			return db_fail();
		{
			char *tn = employee_name(to);

			detail = xasprintf("to %s%s%s", tn, op[0] ? ": " : "", op);
			free(tn);
		}
		st = record_action(r.id, task, r.current_step, me.id, for_id, "transfer", detail, a->key);
		if (st == AF_OK)
			st = audit_log("transfer", r.number, detail);
		free(detail);
		if (st != AF_OK)
			return st;
		return notify_add(to, r.id, "task", NULL, "转交 transferred to you: %s%s%s", r.number,
				  op[0] ? ": " : "", op);
	}
	case ACT_ADDSIGN: {
		int64_t who = employee_by_login(a->target), pos, step_id;
		char why[200], *detail;

		if ((st = my_task(&r, &task, &for_id)) != AF_OK)
			return st;
		if (!who)
			return af_fail(AF_INVALID, "addsign: '%s' is not an employee", a->target ? a->target : "");
		if (who == r.applicant_id)
			return af_fail(AF_INVALID, "addsign: %s applied for %s and cannot approve it", a->target, r.number);
		if (who == me.id)
			return af_fail(AF_INVALID, "addsign: %s is already asked on this step", a->target);
		pos = db_int(0, "SELECT pos FROM steps WHERE id = ?1", "I", r.current_step);
		snprintf(why, sizeof why, "added by %s %s the step", me.login, a->before ? "before" : "after");
		{
			char *wn = employee_name(who);

			detail = xasprintf("%s %s%s%s", a->before ? "before:" : "after:", wn, op[0] ? ": " : "", op);
			free(wn);
		}
		if (a->before) {
			/* The added signer goes first; this step runs again after. */
			if ((st = close_pending(&r, "cancelled")) != AF_OK ||
			    (st = insert_step(&r, pos, who, why, &step_id)) != AF_OK ||
			    (st = db_exec("UPDATE steps SET state = 'planned' WHERE id = ?1", "I", r.current_step)
			     == SQLITE_DONE ? AF_OK : db_fail()) != AF_OK ||
			    (st = record_action(r.id, task, r.current_step, me.id, for_id, "addsign", detail, a->key)) != AF_OK ||
			    (st = audit_log("addsign", r.number, detail)) != AF_OK) {
				free(detail);
				return st;
			}
			free(detail);
			return activate(&r, step_id);
		}
		if ((st = insert_step(&r, pos + 1, who, why, &step_id)) == AF_OK &&
		    (st = record_action(r.id, task, r.current_step, me.id, for_id, "addsign", detail, a->key)) == AF_OK)
			st = audit_log("addsign", r.number, detail);
		free(detail);
		return st;
	}
	case ACT_URGE: {
		char *text;

		if ((st = may_act(&r, c->action)) != AF_OK)
			return st;
		text = xasprintf("催办 please act on %s%s%s", r.number, op[0] ? ": " : "", op);
		st = notify_current(&r, "urge", text);
		free(text);
		if (st != AF_OK ||
		    (st = record_action(r.id, 0, r.current_step, me.id, 0, "urge", op, a->key)) != AF_OK)
			return st;
		return audit_log("urge", r.number, op);
	}
	case ACT_COMMENT:
		if (!op[0])
			return af_fail(AF_INVALID, "comment: the text is required (-m TEXT)");
		if ((st = record_action(r.id, 0, r.current_step, me.id, 0, "comment", op, a->key)) != AF_OK ||
		    (st = audit_log("comment", r.number, op)) != AF_OK)
			return st;
		if (r.applicant_id != me.id)
			return notify_add(r.applicant_id, r.id, "comment", NULL, "评论 comment on %s: %s", r.number, op);
		return AF_OK;
	case ACT_RESUBMIT:
		return resubmit(c->number, &r, a, op);
	}
	return af_fail(AF_USAGE, "unknown action");
}

af_status engine_act(const char *number, engine_action action, const engine_args *a)
{
	engine_args keyed = *a;
	struct act_ctx c = { number, action, &keyed };
	char generated[33];
	af_status st;

	if (me.system || !me.id)
		return af_fail(AF_DENIED, "%s: %s is not an employee (use --as LOGIN)",
			       engine_action_name(action), me.login);
	/* No key from the caller: one for this call, so that when db_transact
	 * runs do_act again after an ambiguous failure, an action the first
	 * attempt did commit is found as done, not refused as "already
	 * handled" by the very same person. */
	if (!keyed.key || !keyed.key[0]) {
		af_random_key(generated);
		keyed.key = generated;
	}
	st = db_transact(do_act, &c);
	if (st == AF_OK)
		notify_flush();
	return st;
}

/* ---- delegation and time limits ---------------------------------------- */

struct delegate_ctx {
	int64_t to;
	const char *from, *until;
};

static af_status do_delegate(void *arg)
{
	struct delegate_ctx *c = arg;
	char *detail;
	af_status st;

	if (db_exec("INSERT INTO delegations(employee_id, delegate_id, starts_on, ends_on) VALUES(?1, ?2, ?3, ?4)",
		    "IItt", me.id, c->to, c->from, c->until) != SQLITE_DONE)
		return db_fail();
	detail = xasprintf("to %lld from %s to %s", (long long)c->to, c->from, c->until);
	st = audit_log("delegate", me.login, detail);
	free(detail);
	return st;
}

af_status engine_delegate(const char *login, const char *from, const char *until)
{
	struct delegate_ctx c = { employee_by_login(login), from, until };

	if (me.system || !me.id)
		return af_fail(AF_DENIED, "delegate: %s is not an employee (use --as LOGIN)", me.login);
	if (!c.to)
		return af_fail(AF_INVALID, "delegate: '%s' is not an employee", login);
	if (c.to == me.id)
		return af_fail(AF_INVALID, "delegate: you cannot delegate to yourself");
	if (db_int(0, "SELECT date(?1, '+0 days') IS ?1", "t", from) != 1)
		return af_fail(AF_INVALID, "delegate: --from '%s' is not a date (YYYY-MM-DD)", from);
	if (db_int(0, "SELECT date(?1, '+0 days') IS ?1", "t", until) != 1)
		return af_fail(AF_INVALID, "delegate: --to '%s' is not a date (YYYY-MM-DD)", until);
	if (strcmp(until, from) < 0)
		return af_fail(AF_INVALID, "delegate: --to comes before --from");
	return db_transact(do_delegate, &c);
}

struct timeout_ctx {
	int dry_run;
	FILE *out;     /* this attempt's lines: a retried transaction starts over */
	char *buf;
	size_t len;
	int acted;
};

struct overdue {
	int64_t task, request, step, assignee;
	char number[40], form[40], step_name[64], rule[100], login[65];
};

static void timeout_line(struct timeout_ctx *c, const char *what, const struct overdue *o, const char *detail)
{
	fprintf(c->out, "%s\t%s\t", what, o->number);
	put_cell(c->out, o->step_name);
	fprintf(c->out, "\t%s\t", o->login);
	put_cell(c->out, detail);
	fputc('\n', c->out);
	c->acted++;
}

/* escalate:role:NAME or escalate:up: the task stays with its approver and
 * the people above are asked too. Nobody above: a reminder instead. */
static af_status escalate(struct timeout_ctx *c, const struct overdue *o, const char *occasion)
{
	int64_t to_ids[MAX_PEOPLE];
	int k = 0, added = 0;
	request_row r;
	strbuf names = {0};
	char at[32];
	af_status st = AF_OK;

	now_text(at, sizeof at);
	load_request(o->number, &r);
	if (strcmp(o->rule, "escalate:up") == 0) {
		int64_t up = superior_of(o->assignee);

		if (up)
			to_ids[k++] = up;
	} else {
		db_stmt s;

		db_prepare(&s, "SELECT r.employee_id FROM employee_roles r JOIN employees e ON e.id = r.employee_id"
			   " WHERE r.role = :role AND e.active ORDER BY e.id");
		db_bind_text(&s, ":role", o->rule + strlen("escalate:role:"));
		while (db_step(&s) == SQLITE_ROW && k < MAX_PEOPLE)
			to_ids[k++] = db_col_int(&s, 0);
		db_done(&s);
	}
	for (int j = 0; j < k && st == AF_OK; j++) {
		char *name;

		if (to_ids[j] == r.applicant_id ||
		    db_int(0, "SELECT 1 FROM tasks WHERE step_id = ?1 AND round = ?2 AND assignee_id = ?3"
			   " AND state = 'pending'", "IiI", o->step, r.round, to_ids[j]) == 1)
			continue;
		name = employee_name(to_ids[j]);
		sb_printf(&names, "%s%s", added++ ? ", " : "", name);
		free(name);
		if (c->dry_run)
			continue;
		/* The new task stands in for the overdue one (for_id: whose seat
		 * it is): either approving fills the seat, which matters on a
		 * countersign step, where everyone's approval is needed once. */
		if (db_exec("INSERT INTO tasks(request_id, step_id, round, assignee_id, for_id, state, created_at, escalated)"
			    " SELECT ?1, ?2, ?3, ?4, coalesce(for_id, assignee_id), 'pending', ?5, 1 FROM tasks WHERE id = ?6",
			    "IIiItI", o->request, o->step, r.round, to_ids[j], at, o->task) != SQLITE_DONE)
			st = db_fail();
		else
			st = notify_add(to_ids[j], o->request, "escalated", NULL,
					"逾期升级 escalated to you: %s %s (overdue with %s)", o->number,
					o->step_name, o->login);
	}
	if (st == AF_OK && !added) {
		/* Nobody to escalate to: the approver is reminded, once. */
		sb_free(&names);
		if (db_int(0, "SELECT 1 FROM notices WHERE occasion = ?1", "t", occasion) == 1)
			return AF_OK;
		timeout_line(c, "remind", o, "overdue; nobody to escalate to");
		return c->dry_run ? AF_OK : notify_add(o->assignee, o->request, "overdue", occasion,
						       "已逾期 overdue: %s %s", o->number, o->step_name);
	}
	if (st == AF_OK) {
		char *detail = xasprintf("%s to %s", o->rule, names.buf);

		timeout_line(c, "escalate", o, detail);
		if (!c->dry_run &&
		    (db_exec("UPDATE tasks SET escalated = 1 WHERE id = ?1", "I", o->task) != SQLITE_DONE))
			st = db_fail();
		if (st == AF_OK && !c->dry_run &&
		    (st = record_action(o->request, o->task, o->step, 0, 0, "escalate", detail, NULL)) == AF_OK)
			st = audit_log("escalate", o->number, detail);
		free(detail);
	}
	sb_free(&names);
	return st;
}

static af_status do_timeouts(void *arg)
{
	struct timeout_ctx *c = arg;
	char at[32];
	db_stmt s;
	struct overdue *list = NULL;
	size_t n = 0;
	af_status st = AF_OK;

	c->acted = 0;
	if (af_memout_restart(&c->out, &c->buf, &c->len) != 0)
		return af_fail(AF_ERROR, "remind: out of memory");
	now_text(at, sizeof at);
	/* Overdue first, then due soon: within a quarter of the step's time
	 * limit, at most four hours, before its deadline. */
	db_prepare(&s, "SELECT t.id, t.request_id, t.step_id, t.assignee_id, r.number, r.form, s.title,"
		   " CASE WHEN t.due_at < :now THEN s.on_timeout ELSE 'due_soon' END, e.login"
		   " FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id"
		   " JOIN employees e ON e.id = t.assignee_id"
		   " WHERE t.state = 'pending' AND t.due_at IS NOT NULL AND t.escalated = 0"
		   " AND (t.due_at < :now OR julianday(t.due_at) - julianday(:now)"
		   "      <= min(4.0, s.time_limit / 4.0) / 24.0)"
		   " ORDER BY t.due_at < :now DESC, t.due_at, t.id");
	db_bind_text(&s, ":now", at);
	while (db_step(&s) == SQLITE_ROW) {
		list = xrealloc(list, (n + 1) * sizeof *list);
		list[n].task = db_col_int(&s, 0);
		list[n].request = db_col_int(&s, 1);
		list[n].step = db_col_int(&s, 2);
		list[n].assignee = db_col_int(&s, 3);
		snprintf(list[n].number, sizeof list[n].number, "%s", db_col_text(&s, 4));
		snprintf(list[n].form, sizeof list[n].form, "%s", db_col_text(&s, 5));
		snprintf(list[n].step_name, sizeof list[n].step_name, "%s", db_col_text(&s, 6));
		snprintf(list[n].rule, sizeof list[n].rule, "%s", db_col_text(&s, 7));
		snprintf(list[n].login, sizeof list[n].login, "%s", db_col_text(&s, 8));
		n++;
	}
	db_done(&s);
	for (size_t i = 0; i < n && st == AF_OK; i++) {
		struct overdue *o = &list[i];
		char occasion[80];

		/* An earlier entry may have settled this task (its step completed). */
		if (db_int(0, "SELECT 1 FROM tasks WHERE id = ?1 AND state = 'pending' AND escalated = 0",
			   "I", o->task) != 1)
			continue;
		if (strcmp(o->rule, "due_soon") == 0) {
			snprintf(occasion, sizeof occasion, "due_soon:%lld", (long long)o->task);
			if (db_int(0, "SELECT 1 FROM notices WHERE occasion = ?1", "t", occasion) == 1)
				continue;
			timeout_line(c, "due-soon", o, "due soon");
			if (!c->dry_run)
				st = notify_add(o->assignee, o->request, "due_soon", occasion, "即将到期 due soon: %s %s",
						o->number, o->step_name);
			continue;
		}
		snprintf(occasion, sizeof occasion, "overdue:%lld", (long long)o->task);
		if (strcmp(o->rule, "auto_approve") == 0) {
			const form_def *f = formdef_find(o->form);

			if (f && f->allow_auto_approve) {
				request_row r;

				timeout_line(c, "auto-approve", o, "time limit passed");
				if (c->dry_run)
					continue;
				load_request(o->number, &r);
				if (db_exec("UPDATE tasks SET state = 'approved', acted_at = ?1, opinion = ?2, escalated = 1"
					    " WHERE id = ?3", "ttI", at, "超时自动通过 auto-approved after the time limit",
					    o->task) != SQLITE_DONE)
					st = db_fail();
				else if ((st = record_action(o->request, o->task, o->step, 0, 0, "auto-approve",
							     "time limit passed", NULL)) == AF_OK &&
					 (st = audit_log("auto-approve", o->number, o->step_name)) == AF_OK)
					st = check_step(&r, o->step);
				continue;
			}
			/* The form does not allow it (or is gone): a reminder instead. */
		} else if (strncmp(o->rule, "escalate:", 9) == 0) {
			st = escalate(c, o, occasion);
			continue;
		}
		if (db_int(0, "SELECT 1 FROM notices WHERE occasion = ?1", "t", occasion) == 1)
			continue;
		timeout_line(c, "remind", o, strcmp(o->rule, "remind") == 0 ? "overdue"
			     : "overdue; auto-approval is not allowed by the form");
		if (!c->dry_run)
			st = notify_add(o->assignee, o->request, "overdue", occasion, "已逾期 overdue: %s %s",
					o->number, o->step_name);
	}
	free(list);
	return st;
}

af_status engine_timeouts(int dry_run, FILE *out, int *acted)
{
	struct timeout_ctx c = { dry_run, NULL, NULL, 0, 0 };
	af_status st;

	st = db_transact(do_timeouts, &c);
	if (c.out)
		fclose(c.out);
	if (st == AF_OK) {
		fprintf(out, "action\tnumber\tstep\tapprover\tdetail\n");
		if (c.buf)
			fwrite(c.buf, 1, c.len, out);
	}
	free(c.buf);
	*acted = c.acted;
	if (st == AF_OK && !dry_run)
		notify_flush();
	return st;
}

/* ---- reading ---------------------------------------------------------- */

static void waited(const char *since, char *buf, size_t len)
{
	char now[32];
	int64_t mins;

	now_text(now, sizeof now);
	mins = db_int(0, "SELECT CAST(round((julianday(?1) - julianday(?2)) * 1440) AS INTEGER)", "tt", now, since);
	if (mins < 60)
		snprintf(buf, len, "%lldm", (long long)mins);
	else if (mins < 48 * 60)
		snprintf(buf, len, "%lldh", (long long)(mins / 60));
	else
		snprintf(buf, len, "%lldd", (long long)(mins / 1440));
}

af_status engine_inbox(enum engine_box box, int all, int *more, FILE *out)
{
	static const char *const sql[] = {
		[BOX_TODO] = "SELECT r.number, r.form, r.summary, e.name, r.state, s.title, t.created_at,"
			" coalesce(t.due_at, ''), t.due_at IS NOT NULL AND t.due_at < :now"
			" FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id"
			" JOIN employees e ON e.id = r.applicant_id"
			" WHERE t.assignee_id = :me AND t.state = 'pending' ORDER BY t.created_at, r.id",
		[BOX_DONE] = "SELECT r.number, r.form, r.summary, e.name, r.state, coalesce(s.title, ''),"
			" max(t.acted_at), '', 0 FROM tasks t JOIN requests r ON r.id = t.request_id"
			" LEFT JOIN steps s ON s.id = r.current_step JOIN employees e ON e.id = r.applicant_id"
			" WHERE t.acted_by = :me AND :now IS NOT NULL GROUP BY r.id ORDER BY max(t.acted_at) DESC, r.id DESC",
		[BOX_MINE] = "SELECT r.number, r.form, r.summary, e.name, r.state, coalesce(s.title, ''),"
			" r.created_at, '', 0 FROM requests r LEFT JOIN steps s ON s.id = r.current_step"
			" JOIN employees e ON e.id = r.applicant_id WHERE r.applicant_id = :me AND :now IS NOT NULL"
			" ORDER BY r.created_at DESC, r.id DESC",
		[BOX_CC] = "SELECT r.number, r.form, r.summary, e.name, r.state, coalesce(s.title, ''),"
			" r.created_at, '', 0 FROM request_cc c JOIN requests r ON r.id = c.request_id"
			" LEFT JOIN steps s ON s.id = r.current_step JOIN employees e ON e.id = r.applicant_id"
			" WHERE c.employee_id = :me AND :now IS NOT NULL ORDER BY r.created_at DESC, r.id DESC",
	};
	/* The latest actions backwards through tasks_actor, then their
	 * requests: grouping all of a clerk's 50,000 took 0.4 s. */
	static const char done_latest[] =
		"SELECT r.number, r.form, r.summary, e.name, r.state, coalesce(s.title, ''),"
		" x.last, '', 0 FROM (SELECT request_id, max(acted_at) last FROM"
		" (SELECT request_id, acted_at FROM tasks WHERE acted_by = :me AND :now IS NOT NULL"
		"  ORDER BY acted_at DESC LIMIT :limit) GROUP BY request_id) x"
		" JOIN requests r ON r.id = x.request_id LEFT JOIN steps s ON s.id = r.current_step"
		" JOIN employees e ON e.id = r.applicant_id ORDER BY x.last DESC, r.id DESC";
	int latest = box == BOX_DONE && !all;
	char now[32];
	db_stmt s;
	int rc;

	if (more)
		*more = 0;
	now_text(now, sizeof now);
	fprintf(out, "number\tform\tsummary\tapplicant\tstate\tstep\t%s\tdue\toverdue\n",
		box == BOX_TODO ? "waiting" : box == BOX_DONE ? "acted" : "submitted");
	db_prepare(&s, latest ? done_latest : sql[box]);
	db_bind_int(&s, ":me", me.id);
	db_bind_text(&s, ":now", now);
	if (latest)
		db_bind_int(&s, ":limit", ENGINE_DONE_LATEST);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		char w[32];

		for (int i = 0; i < 6; i++) {
			put_cell(out, db_col_text(&s, i));
			fputc('\t', out);
		}
		if (box == BOX_TODO)
			waited(db_col_text(&s, 6), w, sizeof w);
		else
			snprintf(w, sizeof w, "%s", db_col_text(&s, 6));
		fprintf(out, "%s\t%s\t%s\n", w, db_col_text(&s, 7), db_col_int(&s, 8) ? "OVERDUE" : "");
	}
	db_done(&s);
	if (rc != SQLITE_DONE)
		return db_fail();
	/* More actions than the limit: some requests were left out. */
	if (latest && more)
		*more = db_int(0, "SELECT count(*) FROM (SELECT 1 FROM tasks WHERE acted_by = ?1 LIMIT ?2)", "Ii",
			       me.id, ENGINE_DONE_LATEST + 1) > ENGINE_DONE_LATEST;
	return AF_OK;
}

/* A lines field's rows, one a line after the field's own line, then the
 * totals of its money columns: "field.lines.2<TAB>category=meals, ...". */
static void show_lines(FILE *out, const form_field *fd, const char *json)
{
	db_stmt s;
	int n = 0;

	db_prepare(&s, "SELECT value FROM json_each(:j) ORDER BY key");
	db_bind_text(&s, ":j", json);
	while (db_step(&s) == SQLITE_ROW) {
		char *row = lines_row_text(fd, db_col_text(&s, 0), 1);

		fprintf(out, "\nfield.%s.%d\t", fd->name, ++n);
		put_cell(out, row);
		free(row);
	}
	db_done(&s);
	for (int c = 0; c < fd->n_columns; c++) {
		char *path, buf[32];

		if (fd->columns[c].type != FT_MONEY)
			continue;
		path = xasprintf("$.%s", fd->columns[c].name);
		fprintf(out, "\nfield.%s.total.%s\t%s", fd->name, fd->columns[c].name,
			expr_format_money(db_int(0, "SELECT total(json_extract(value, ?2)) FROM json_each(?1)",
						 "tt", json, path), buf, sizeof buf));
		free(path);
	}
}

af_status engine_show(const char *number, FILE *out)
{
	const form_def *f;
	request_row r;
	db_stmt s;
	int see_sensitive, open;
	char *data, *applicant;

	if (!load_request(number, &r))
		return af_fail(AF_INVALID, "%s: no such request", number);
	if (!may_see(&r))
		return af_fail(AF_DENIED, "%s: not visible to %s", number, me.login);
	f = formdef_find(r.form);
	see_sensitive = r.applicant_id == me.id || auth_can("see_sensitive");
	open = strcmp(r.state, "pending") == 0 || strcmp(r.state, "returned") == 0;
	applicant = employee_name(r.applicant_id);
	db_prepare(&s, "SELECT created_at, updated_at, coalesce(decided_at, ''), coalesce(done_at, ''), summary"
		   " FROM requests WHERE id = :id");
	db_bind_int(&s, ":id", r.id);
	if (db_step(&s) == SQLITE_ROW) {
		fprintf(out, "number\t%s\nform\t%s\ntitle\t%s\napplicant\t%s\nstate\t%s\n", r.number, r.form,
			f ? f->title : r.form, applicant, r.state);
		fputs("summary\t", out);
		put_cell(out, db_col_text(&s, 4));
		fprintf(out, "\nsubmitted\t%s\nupdated\t%s\n", db_col_text(&s, 0), db_col_text(&s, 1));
		if (*db_col_text(&s, 2))
			fprintf(out, "decided\t%s\n", db_col_text(&s, 2));
		if (*db_col_text(&s, 3))
			fprintf(out, "done\t%s\n", db_col_text(&s, 3));
	}
	db_done(&s);
	free(applicant);
	if (r.current_step && open) {
		char *step = db_text("", "SELECT title FROM steps WHERE id = ?1", "I", r.current_step);

		fputs("step\t", out);
		put_cell(out, step);
		fputc('\n', out);
		free(step);
	}
	data = db_text("{}", "SELECT data FROM requests WHERE id = ?1", "I", r.id);
	db_prepare(&s, "SELECT key, CASE type WHEN 'array' THEN value WHEN 'object' THEN value ELSE atom END"
		   " FROM json_each(:d)");
	db_bind_text(&s, ":d", data);
	while (db_step(&s) == SQLITE_ROW) {
		const char *key = db_col_text(&s, 0);
		const form_field *fd = f ? formdef_field(f, key) : NULL;

		fprintf(out, "field.%s\t", key);
		if (fd && fd->sensitive && !see_sensitive) {
			fputs("******", out);
		} else {
			char *text = stored_text(fd, db_col_text(&s, 1));

			put_cell(out, text);
			free(text);
			if (fd && fd->type == FT_LINES)
				show_lines(out, fd, db_col_text(&s, 1));
		}
		fputc('\n', out);
	}
	db_done(&s);
	free(data);
	/* The timeline: every action, then who is being asked now, then the
	 * steps still to come and those skipped, so the whole route is in view.
	 * A delegate's row reads "X for Y". */
	fputs("\nstep\twho\tfor\taction\topinion\tat\ttook\tlimit\n", out);
	db_prepare(&s, "SELECT coalesce(st.title, ''),"
		   " coalesce(e.name || CASE WHEN fe.name IS NOT NULL THEN ' for ' || fe.name ELSE '' END, 'system'),"
		   " coalesce(fe.name, ''), a.action, a.opinion, a.at, coalesce(t.created_at, ''), coalesce(t.due_at, '')"
		   " FROM actions a LEFT JOIN steps st ON st.id = a.step_id LEFT JOIN employees e ON e.id = a.actor_id"
		   " LEFT JOIN employees fe ON fe.id = a.for_id LEFT JOIN tasks t ON t.id = a.task_id"
		   " WHERE a.request_id = :id ORDER BY a.id");
	db_bind_int(&s, ":id", r.id);
	while (db_step(&s) == SQLITE_ROW) {
		const char *created = db_col_text(&s, 6), *due = db_col_text(&s, 7), *at = db_col_text(&s, 5);
		char took[32] = "", limit[16] = "";

		if (*created) {
			int64_t m = db_int(0, "SELECT CAST(round((julianday(?1) - julianday(?2)) * 1440) AS INTEGER)",
					   "tt", at, created);

			snprintf(took, sizeof took, "%lldh%02lldm", (long long)(m / 60), (long long)(m % 60));
		}
		if (*due)
			snprintf(limit, sizeof limit, "%s", strcmp(at, due) <= 0 ? "kept" : "missed");
		for (int i = 0; i < 6; i++) {
			put_cell(out, db_col_text(&s, i));
			fputc('\t', out);
		}
		fprintf(out, "%s\t%s\n", took, limit);
	}
	db_done(&s);
	db_prepare(&s, "SELECT st.title, e.name || CASE WHEN fe.name IS NOT NULL THEN ' for ' || fe.name ELSE '' END,"
		   " coalesce(fe.name, ''), coalesce(t.due_at, ''), t.due_at IS NOT NULL AND t.due_at < :now"
		   " FROM steps st JOIN tasks t ON t.step_id = st.id AND t.state = 'pending'"
		   " JOIN employees e ON e.id = t.assignee_id LEFT JOIN employees fe ON fe.id = t.for_id"
		   " WHERE st.request_id = :id ORDER BY st.pos, t.id");
	{
		char now[32];

		now_text(now, sizeof now);
		db_bind_text(&s, ":now", now);
	}
	db_bind_int(&s, ":id", r.id);
	while (db_step(&s) == SQLITE_ROW) {
		for (int i = 0; i < 3; i++) {
			put_cell(out, db_col_text(&s, i));
			fputc('\t', out);
		}
		fprintf(out, "waiting\t\t%s\t\t%s\n", db_col_text(&s, 3), db_col_int(&s, 4) ? "OVERDUE" : "");
	}
	db_done(&s);
	if (!open)
		return AF_OK;
	db_prepare(&s, "SELECT st.title, coalesce(e.name, ''), st.state, st.why FROM steps st"
		   " LEFT JOIN step_people p ON p.step_id = st.id AND p.kind = 'approver' AND st.state = 'planned'"
		   " LEFT JOIN employees e ON e.id = p.employee_id"
		   " WHERE st.request_id = :id AND st.state IN ('planned', 'skipped')"
		   " AND st.id IS NOT :cur ORDER BY st.pos, e.id");
	db_bind_int(&s, ":id", r.id);
	if (strcmp(r.state, "pending") == 0)
		db_bind_int(&s, ":cur", r.current_step);
	else
		db_bind_null(&s, ":cur");
	while (db_step(&s) == SQLITE_ROW) {
		put_cell(out, db_col_text(&s, 0));
		fputc('\t', out);
		put_cell(out, db_col_text(&s, 1));
		fprintf(out, "\t\t%s\t", db_col_text(&s, 2));
		put_cell(out, db_col_text(&s, 3));
		fputs("\t\t\t\n", out);
	}
	db_done(&s);
	return AF_OK;
}
