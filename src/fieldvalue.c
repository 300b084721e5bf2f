/* Each field type's check and normal form: a value as typed (or as JSON
 * for lines) checked against its field's definition and made into what is
 * stored and shown (field_value), with a one-line message naming the field
 * when it is not one; lines values split, joined and checked cell by cell.
 * The types' table (fieldtype.c) points here; the engine collects a form's
 * values with it, the screens' lines editor checks a cell. Reads no
 * request: the register types look their row up, and dates, times and
 * JSON are SQLite's functions, so a connection is open. */
#include "autoconf.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"
#include "expr.h"
#include "fieldtype.h"
#include "fieldvalue.h"
#include "safetext.h"
#include "util.h"

af_status fieldvalue_check_text(const form_field *fd, const char *v, int multiline)
{
	size_t len = strlen(v);
	size_t limit = fd->max_length > 0 ? (size_t)fd->max_length : FIELDVALUE_TEXT_LIMIT;
	long bad = utf8_invalid_at(v, len);

	if (bad >= 0)
		return af_fail_field(AF_INVALID, fd->name, "invalid UTF-8 at byte %ld", bad + 1);
	/* The limit counts characters, as the person typing counts them (a
	 * Chinese character is one, not three bytes). */
	{
		size_t chars = 0;

		for (const char *p = v; *p; p++)
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		if (chars > limit)
			return af_fail_field(AF_INVALID, fd->name, "%zu characters, at most %zu allowed",
				       chars, limit);
	}
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || c == 0x7F)
			return af_fail_field(AF_INVALID, fd->name, "control characters are not allowed");
	}
	if (has_control_chars(v)) /* C1 controls, bidirectional overrides */
		return af_fail_field(AF_INVALID, fd->name, "control characters are not allowed");
	if (safetext_shows_nothing(v)) /* zero-width spaces alone look like nothing */
		return af_fail_field(AF_INVALID, fd->name, "shows nothing (only invisible characters)");
	return AF_OK;
}

static int is_datetime(const char *v, char *norm, size_t len)
{
	char *d;
	int ok;

	/* "YYYY-MM-DD HH:MM" is accepted and stored with seconds; the date
	 * part is the one date check's. */
	char day[11];

	snprintf(day, sizeof day, "%s", v);
	if (!db_is_date(day))
		return 0;
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
			return af_fail_field(AF_INVALID, fd->name, "row %d: more cells than the %d columns (%s)",
					     g->n_rows, g->n_cols, column_list(fd, cols, sizeof cols));
		}
		grid_put(g, col++, &cell);
		if (*p == ',')
			continue;
		grid_drop_empty(g);
		if (!*p)
			break;
		if (g->n_rows >= FORMDEF_MAX_ROWS)
			return af_fail_field(AF_INVALID, fd->name, "more than %d rows", FORMDEF_MAX_ROWS);
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
		return af_fail_field(AF_INVALID, fd->name, "not a JSON array of rows");
	db_prepare(&rows, "SELECT type, value FROM json_each(:v) ORDER BY key");
	db_bind_text(&rows, ":v", v);
	while (st == AF_OK && db_step(&rows) == SQLITE_ROW) {
		if (g->n_rows >= FORMDEF_MAX_ROWS) {
			st = af_fail_field(AF_INVALID, fd->name, "more than %d rows", FORMDEF_MAX_ROWS);
			break;
		}
		grid_add_row(g);
		if (strcmp(db_col_text(&rows, 0), "object") != 0) {
			st = af_fail_field(AF_INVALID, fd->name, "row %d: expected an object {\"column\": value, ...}",
					   g->n_rows);
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
				st = af_fail_field(AF_INVALID, fd->name, "row %d: no column '%s'",
						   g->n_rows, key);
			else if (strcmp(type, "null") == 0)
				continue;
			else if (strcmp(type, "text") && strcmp(type, "integer") && strcmp(type, "real"))
				st = af_fail_field(AF_INVALID, fd->name, "row %d, %s: expected text or a number",
						   g->n_rows, key);
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

/* Every cell checked as its column's type says, the rows stored as a JSON
 * array of objects (money in cents, integers as numbers). A message names
 * the field, the row and the column: "field lines: row 2, amount: ...". */
af_status fieldvalue_norm_lines(const form_field *fd, const char *v, field_value *out)
{
	lines_grid g = { .n_cols = fd->n_columns };
	const char *p = v;
	char *doc = xstrdup("[]");
	af_status st;

	while (*p == ' ')
		p++;
	st = *p == '[' ? lines_split_json(fd, p, &g) : lines_split_text(fd, v, &g);
	if (st == AF_OK && fd->max_rows && g.n_rows > fd->max_rows)
		st = af_fail_field(AF_INVALID, fd->name, "%d rows, at most %d allowed",
				   g.n_rows, fd->max_rows);
	if (st == AF_OK && g.n_rows < fd->min_rows)
		st = af_fail_field(AF_INVALID, fd->name, "%d row%s, at least %d needed", g.n_rows,
			     g.n_rows == 1 ? "" : "s", fd->min_rows);
	for (int r = 0; r < g.n_rows && st == AF_OK; r++) {
		char *row = xstrdup("{}");

		for (int c = 0; c < g.n_cols && st == AF_OK; c++) {
			const form_field *col = &fd->columns[c];
			const char *cell = g.cells[(size_t)r * (size_t)g.n_cols + (size_t)c];
			char *name = xasprintf("%s: row %d, %s", fd->name, r + 1, col->name);
			form_field named = *col;
			field_value cv = {0};

			named.name = name;
			if (!cell && col->def)
				cell = col->def;
			if (!cell) {
				if (col->required)
					st = af_fail_field(AF_INVALID, name, "required (%s)", col->label);
			} else if ((st = fieldvalue_normalize(&named, cell, &cv)) == AF_OK) {
				char *path = xasprintf("$.%s", col->name), *next;

				if (cv.is_num)
					next = db_text("{}", "SELECT json_set(?1, ?2, ?3)", "ttI", row, path, cv.num);
				else
					next = db_text("{}", "SELECT json_set(?1, ?2, ?3)", "ttt", row, path, cv.text);
				free(row);
				row = next;
				free(path);
			}
			if (st != AF_OK)
				af_err_within(fd->name, "row %d, %s", r + 1, formdef_label(col));
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
	out->text = fieldvalue_lines_text(fd, doc);
	/* No rows at all is an empty field, for required to judge. */
	out->present = strcmp(doc, "[]") != 0;
	return AF_OK;
}

/* One row of a stored lines value as text: typed (cells in column order
 * with ',' ';' '\' escaped, trailing empty cells left off) or, with
 * readable, "column=value, ..." for show. Caller frees. */
char *fieldvalue_lines_row_text(const form_field *fd, const char *row, int readable)
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
char *fieldvalue_lines_text(const form_field *fd, const char *json)
{
	strbuf sb = {0};
	db_stmt s;

	db_prepare(&s, "SELECT value FROM json_each(:j) ORDER BY key");
	db_bind_text(&s, ":j", json);
	while (db_step(&s) == SQLITE_ROW) {
		char *row = fieldvalue_lines_row_text(fd, db_col_text(&s, 0), 0);

		sb_printf(&sb, "%s%s", sb.len ? ";" : "", row);
		free(row);
	}
	db_done(&s);
	return sb.len ? sb_take(&sb) : (sb_free(&sb), xstrdup(""));
}

af_status fieldvalue_norm_text(const form_field *fd, const char *v, field_value *out)
{
	af_status st;

	if ((st = fieldvalue_check_text(fd, v, fd->type == FT_LONGTEXT)) != AF_OK)
		return st;
	out->text = xstrdup(v);
	return AF_OK;
}

af_status fieldvalue_norm_integer(const form_field *fd, const char *v, field_value *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || end == v)
		return af_fail_field(AF_INVALID, fd->name, "'%s' is not a whole number", v);
	if (errno == ERANGE)
		return af_fail_field(AF_INVALID, fd->name, "'%s' is far too large", v);
	if (fd->has_min && n < fd->min)
		return af_fail_field(AF_INVALID, fd->name, "%lld is below the minimum %lld",
				     n, (long long)fd->min);
	if (fd->has_max && n > fd->max)
		return af_fail_field(AF_INVALID, fd->name, "%lld is above the maximum %lld",
				     n, (long long)fd->max);
	if (!fd->has_min && n < 0)
		return af_fail_field(AF_INVALID, fd->name, "must not be negative");
	out->num = n;
	out->is_num = 1;
	out->text = xasprintf("%lld", n);
	return AF_OK;
}

af_status fieldvalue_norm_money(const form_field *fd, const char *v, field_value *out)
{
	int64_t c;
	char buf[32];

	if (expr_parse_money(v, &c) != 0)
		return af_fail_field(AF_INVALID, fd->name, "'%s' is not an amount (digits, at most two decimals)",
				     v);
	if (c < 0 && (!fd->has_min || fd->min >= 0))
		return af_fail_field(AF_INVALID, fd->name, "must not be negative");
	if (fd->has_min && c < fd->min)
		return af_fail_field(AF_INVALID, fd->name, "%s is below the minimum %s", v,
			       expr_format_money(fd->min, buf, sizeof buf));
	if (fd->has_max && c > fd->max)
		return af_fail_field(AF_INVALID, fd->name, "%s is above the maximum %s", v,
			       expr_format_money(fd->max, buf, sizeof buf));
	out->num = c;
	out->is_num = 1;
	out->text = xstrdup(expr_format_money(c, buf, sizeof buf));
	return AF_OK;
}

af_status fieldvalue_norm_date(const form_field *fd, const char *v, field_value *out)
{
	if (!db_is_date(v))
		return af_fail_field(AF_INVALID, fd->name, "'%s' is not a date (YYYY-MM-DD)", v);
	out->text = xstrdup(v);
	return AF_OK;
}

af_status fieldvalue_norm_datetime(const form_field *fd, const char *v, field_value *out)
{
	char norm[64];

	if (!is_datetime(v, norm, sizeof norm))
		return af_fail_field(AF_INVALID, fd->name, "'%s' is not a date and time (YYYY-MM-DD HH:MM)",
				     v);
	out->text = xstrdup(norm);
	return AF_OK;
}

af_status fieldvalue_norm_timerange(const form_field *fd, const char *v, field_value *out)
{
	const char *slash = strchr(v, '/');
	char a[64], b[64], na[64], nb[64];

	if (!slash || (size_t)(slash - v) >= sizeof a || strlen(slash + 1) >= sizeof b)
		return af_fail_field(AF_INVALID, fd->name, "'%s' is not a time range (START/END)", v);
	snprintf(a, sizeof a, "%.*s", (int)(slash - v), v);
	snprintf(b, sizeof b, "%s", slash + 1);
	/* "2026-12-01 09:00/10:30": the end on the same day. */
	if (strlen(b) == 5 && strlen(a) >= 10)
		snprintf(b, sizeof b, "%.10s %s", a, slash + 1);
	if (!is_datetime(a, na, sizeof na) || !is_datetime(b, nb, sizeof nb))
		return af_fail_field(AF_INVALID, fd->name, "'%s' is not a time range (YYYY-MM-DD HH:MM/HH:MM)",
				     v);
	if (strcmp(na, nb) >= 0)
		return af_fail_field(AF_INVALID, fd->name, "the end must come after the start");
	out->text = xasprintf("%s/%s", na, nb);
	out->json = db_text("{}", "SELECT json_object('start', ?1, 'end', ?2)", "tt", na, nb);
	return AF_OK;
}

af_status fieldvalue_norm_choice(const form_field *fd, const char *v, field_value *out)
{
	if (!has_option(fd, v, strlen(v)))
		return af_fail_field(AF_INVALID, fd->name, "'%s' is not one of the choices", v);
	out->text = xstrdup(v);
	return AF_OK;
}

af_status fieldvalue_norm_multichoice(const form_field *fd, const char *v, field_value *out)
{
	for (const char *p = v; *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);

		if (!has_option(fd, p, len))
			return af_fail_field(AF_INVALID, fd->name, "'%.*s' is not one of the choices",
					     (int)len, p);
		p = c ? c + 1 : p + len;
	}
	out->text = xstrdup(v);
	out->json = db_text("[]", "WITH RECURSIVE split(item, rest) AS (SELECT '', ?1 || ','"
			    " UNION ALL SELECT substr(rest, 1, instr(rest, ',') - 1),"
			    " substr(rest, instr(rest, ',') + 1) FROM split WHERE rest <> '')"
			    " SELECT json_group_array(item) FROM split WHERE item <> ''", "t", v);
	return AF_OK;
}

/* The value nearest v among those all_sql gives (one column), or NULL
 * when it gives none: a refused reference names what was probably meant.
 * Caller frees. */
static char *nearest_of(const char *all_sql, const char *v)
{
	db_stmt s;
	char **list = NULL;
	size_t n = 0;
	const char *near;
	char *out;

	db_prepare(&s, all_sql);
	while (db_step(&s) == SQLITE_ROW) {
		list = xrealloc(list, (n + 2) * sizeof *list);
		list[n++] = xstrdup(db_col_text(&s, 0));
	}
	db_done(&s);
	if (!n)
		return NULL;
	list[n] = NULL;
	near = formdef_nearest(v, (const char *const *)list);
	out = near ? xstrdup(near) : NULL;
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return out;
}

af_status fieldvalue_norm_supply_lines(const form_field *fd, const char *v, field_value *out)
{
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
			return af_fail_field(AF_INVALID, fd->name, "'%s' is not SKU:QUANTITY", item);
		}
		qty = strtoll(colon + 1, &end, 10);
		if (*end || end == colon + 1 || qty <= 0 || qty > 1000000) {
			sb_free(&sb);
			return af_fail_field(AF_INVALID, fd->name, "quantity '%s' must be a positive whole number",
					     colon + 1);
		}
		item[colon - item] = '\0';
		if (db_int(0, "SELECT 1 FROM supplies WHERE sku = ?1", "t", item) != 1) {
			char *near = nearest_of("SELECT sku FROM supplies", item);
			af_status st = near ? af_fail_field(AF_INVALID, fd->name, "no supply with SKU '%s' (nearest: %s)",
							    item, near)
				: af_fail_field(AF_INVALID, fd->name, "no supply with SKU '%s'", item);

			free(near);
			sb_free(&sb);
			return st;
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

af_status fieldvalue_norm_request(const form_field *fd, const char *v, field_value *out)
{
	char *form = db_text(NULL, "SELECT form FROM requests WHERE number = ?1"
			     " AND state IN ('approved', 'done')", "t", v);

	if (!form)
		return af_fail_field(AF_INVALID, fd->name, "no approved request numbered '%s'", v);
	if (fd->ref_form && strcmp(form, fd->ref_form) != 0) {
		free(form);
		return af_fail_field(AF_INVALID, fd->name, "%s is not a %s request", v, fd->ref_form);
	}
	free(form);
	out->text = xstrdup(v);
	return AF_OK;
}

af_status fieldvalue_norm_reference(const form_field *fd, const char *v, field_value *out)
{
	/* Reference types name a row of a register by its code (fieldtype.c). */
	const fieldtype_info *ti = fieldtype(fd->type);

	if (!ti || !ti->ref_sql)
		return af_fail_field(AF_ERROR, fd->name, "type not handled");
	if (db_int(0, ti->ref_sql, "t", v) != 1) {
		char *near = ti->ref_all ? nearest_of(ti->ref_all, v) : NULL;
		af_status st = near ? af_fail_field(AF_INVALID, fd->name, "no %s '%s' (nearest: %s)",
					      ti->ref_what, v, near)
			: af_fail_field(AF_INVALID, fd->name, "no %s '%s'", ti->ref_what, v);

		free(near);
		return st;
	}
	out->text = xstrdup(v);
	return AF_OK;
}

af_status fieldvalue_normalize(const form_field *fd, const char *v, field_value *out)
{
	out->field = fd;
	out->present = 1;
	/* each type's own, from the one list of types (fieldtype_list.h) */
	return fieldtype(fd->type) ? fieldtype(fd->type)->normalize(fd, v, out)
		: af_fail_field(AF_ERROR, fd->name, "type not handled");
}

af_status fieldvalue_lines_parse(const form_field *fd, const char *text, char ***cells, int *n_rows)
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

void fieldvalue_lines_free(char **cells, int n_cells)
{
	for (int i = 0; i < n_cells; i++)
		free(cells[i]);
	free(cells);
}

char *fieldvalue_lines_join(const form_field *fd, char *const *cells, int n_rows)
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

af_status fieldvalue_lines_check_cell(const form_field *fd, int row, int col, const char *text)
{
	const form_field *c = &fd->columns[col];
	char *name = xasprintf("%s: row %d, %s", fd->name, row + 1, c->name);
	form_field named = *c;
	field_value v = {0};
	af_status st = AF_OK;

	named.name = name;
	if (!text || !*text) {
		if (c->required)
			st = af_fail_field(AF_INVALID, name, "required (%s)", c->label);
	} else {
		st = fieldvalue_normalize(&named, text, &v);
	}
	if (st != AF_OK)
		/* TRANSLATORS: a cell of a table: its row, its column's label. */
		af_err_within(fd->name, "row %d, %s", row + 1, formdef_label(c));
	free(v.text);
	free(v.json);
	free(name);
	return st;
}

/* ---- back to text: each type's inverse ---------------------------------- */

char *fieldvalue_text_as_is(const form_field *fd, const char *stored)
{
	(void)fd;
	return xstrdup(stored);
}

char *fieldvalue_text_money(const form_field *fd, const char *stored)
{
	char buf[32];

	(void)fd;
	return xstrdup(expr_format_money(strtoll(stored, NULL, 10), buf, sizeof buf));
}

char *fieldvalue_text_multichoice(const form_field *fd, const char *stored)
{
	(void)fd;
	return db_text("", "SELECT coalesce(group_concat(value, ','), '') FROM json_each(?1)", "t", stored);
}

char *fieldvalue_text_supply_lines(const form_field *fd, const char *stored)
{
	(void)fd;
	return db_text("", "SELECT coalesce(group_concat(json_extract(value, '$.sku') || ':' ||"
		       " json_extract(value, '$.qty'), ','), '') FROM json_each(?1)", "t", stored);
}

char *fieldvalue_text_timerange(const form_field *fd, const char *stored)
{
	(void)fd;
	return db_text("", "SELECT json_extract(?1, '$.start') || '/' || json_extract(?1, '$.end')", "t", stored);
}

char *fieldvalue_text_lines(const form_field *fd, const char *stored)
{
	return fieldvalue_lines_text(fd, stored);
}

char *fieldvalue_to_text(const form_field *fd, const char *stored)
{
	if (!fd || !fieldtype(fd->type))
		return xstrdup(stored);
	return fieldtype(fd->type)->to_text(fd, stored);
}
