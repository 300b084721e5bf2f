/* Field values: what a user typed, checked and normalized as the field's
 * type says, stored, and given back as typed. */
#include "autoconf.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "budget.h"
#include "db.h"
#include "effects.h"
#include "engine_fields.h"
#include "engine_int.h"
#include "fieldtype.h"
#include "safetext.h"
#include "stock.h"
#include "tz.h"
#include "util.h"

/* ---- validation ------------------------------------------------------- */

void engine_fvals_free(field_value *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].json);
	}
	free(v);
}


af_status engine_check_text(const form_field *fd, const char *v, int multiline)
{
	size_t len = strlen(v);
	size_t limit = fd->max_length > 0 ? (size_t)fd->max_length : TEXT_LIMIT;
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

static af_status normalize(const form_field *fd, const char *v, field_value *out);
static char *lines_text(const form_field *fd, const char *json);

/* Every cell checked as its column's type says, the rows stored as a JSON
 * array of objects (money in cents, integers as numbers). A message names
 * the field, the row and the column: "field lines: row 2, amount: ...". */
static af_status normalize_lines(const form_field *fd, const char *v, field_value *out)
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
	out->text = lines_text(fd, doc);
	/* No rows at all is an empty field, for required to judge. */
	out->present = strcmp(doc, "[]") != 0;
	return AF_OK;
}

/* One row of a stored lines value as text: typed (cells in column order
 * with ',' ';' '\' escaped, trailing empty cells left off) or, with
 * readable, "column=value, ..." for show. Caller frees. */
char *engine_lines_row_text(const form_field *fd, const char *row, int readable)
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
		char *row = engine_lines_row_text(fd, db_col_text(&s, 0), 0);

		sb_printf(&sb, "%s%s", sb.len ? ";" : "", row);
		free(row);
	}
	db_done(&s);
	return sb.len ? sb_take(&sb) : (sb_free(&sb), xstrdup(""));
}

/* A money field computed from lines (sum = "lines.amount") takes the sum
 * of the column; one typed in must agree with it. */
static af_status compute_sum(const form_def *f, field_value *vals, int i)
{
	const form_field *fd = &f->fields[i];
	const form_field *col = &f->fields[fd->sum_of].columns[fd->sum_column];
	const field_value *lines = &vals[fd->sum_of];
	int64_t total = 0;
	char *path, buf[32], given[32];
	db_stmt s;
	int overflow = 0;

	if (!lines->present) {
		if (vals[i].present)
			return af_fail_field(AF_INVALID, fd->name, "it is computed from %s; give the lines instead",
					     fd->sum);
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
		return af_fail_field(AF_INVALID, fd->name, "the lines add up to more than can be counted");
	expr_format_money(total, buf, sizeof buf);
	if (vals[i].present) {
		if (vals[i].num == total)
			return AF_OK;
		return af_fail_field(AF_INVALID, fd->name, "%s given, but the lines add up to %s (leave %s out:"
			       " it is computed from %s)",
			       expr_format_money(vals[i].num, given, sizeof given), buf, fd->name, fd->sum);
	}
	return normalize(fd, buf, &vals[i]);
}

static af_status norm_text(const form_field *fd, const char *v, field_value *out)
{
	af_status st;

	if ((st = engine_check_text(fd, v, fd->type == FT_LONGTEXT)) != AF_OK)
		return st;
	out->text = xstrdup(v);
	return AF_OK;
}

static af_status norm_integer(const form_field *fd, const char *v, field_value *out)
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

static af_status norm_money(const form_field *fd, const char *v, field_value *out)
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

static af_status norm_date(const form_field *fd, const char *v, field_value *out)
{
	if (!db_is_date(v))
		return af_fail_field(AF_INVALID, fd->name, "'%s' is not a date (YYYY-MM-DD)", v);
	out->text = xstrdup(v);
	return AF_OK;
}

static af_status norm_datetime(const form_field *fd, const char *v, field_value *out)
{
	char norm[64];

	if (!is_datetime(v, norm, sizeof norm))
		return af_fail_field(AF_INVALID, fd->name, "'%s' is not a date and time (YYYY-MM-DD HH:MM)",
				     v);
	out->text = xstrdup(norm);
	return AF_OK;
}

static af_status norm_timerange(const form_field *fd, const char *v, field_value *out)
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

static af_status norm_choice(const form_field *fd, const char *v, field_value *out)
{
	if (!has_option(fd, v, strlen(v)))
		return af_fail_field(AF_INVALID, fd->name, "'%s' is not one of the choices", v);
	out->text = xstrdup(v);
	return AF_OK;
}

static af_status norm_multichoice(const form_field *fd, const char *v, field_value *out)
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

static af_status norm_supply_lines(const form_field *fd, const char *v, field_value *out)
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

static af_status norm_request(const form_field *fd, const char *v, field_value *out)
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

static af_status norm_reference(const form_field *fd, const char *v, field_value *out)
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

/* Each field type's check and normal form (what is stored and shown),
 * from the one list of types (fieldtype_list.h). */
static af_status (*const normalizers[])(const form_field *fd, const char *v, field_value *out) = {
#define FIELDTYPE(t, name, column, ref_sql, ref_what, ref_all, normalise) [t] = normalise,
#include "fieldtype_list.h"
#undef FIELDTYPE
};

static af_status normalize(const form_field *fd, const char *v, field_value *out)
{
	out->field = fd;
	out->present = 1;
	if ((size_t)fd->type < sizeof normalizers / sizeof normalizers[0] && normalizers[fd->type])
		return normalizers[fd->type](fd, v, out);
	return norm_reference(fd, v, out);
}

/* Validates every input against the form into a fresh array (caller frees
 * with engine_fvals_free). */
static af_status check_required_when(const form_def *f, const field_value *vals, const form_field *fd,
				     int64_t applicant_id);

/* Dates, times and the starts of time ranges compared as the text they
 * are stored as (all on the company's clock), to the shorter's precision:
 * a date against a time compares the days. */
static int date_cmp(const char *a, const char *b)
{
	size_t la = strcspn(a, "/"), lb = strcspn(b, "/");

	return strncmp(a, b, la < lb ? la : lb);
}

/* A field that may not come before another (a trip's return, its
 * departure): both given, this one earlier, is refused naming both. */
static af_status check_not_before(const form_def *f, const field_value *v, int i)
{
	const form_field *fd = &f->fields[i], *od = formdef_field(f, fd->not_before);
	const field_value *o = od ? &v[od - f->fields] : NULL;

	if (!v[i].present || !o || !o->present || date_cmp(v[i].text, o->text) >= 0)
		return AF_OK;
	return af_fail_field(AF_INVALID, fd->name, "%.*s comes before %s (%.*s)",
		       (int)strcspn(v[i].text, "/"), v[i].text, od->name, (int)strcspn(o->text, "/"), o->text);
}

af_status engine_check_not_past(const form_def *f, const field_value *v, int allow, char **detail)
{
	char now[32];
	strbuf past = {0};

	*detail = NULL;
	tz_format_local(af_now(), now, sizeof now);
	for (int i = 0; i < f->n_fields; i++) {
		const form_field *fd = &f->fields[i];
		int start = (int)strcspn(v[i].present ? v[i].text : "", "/");

		if (!fd->not_past || !v[i].present || date_cmp(v[i].text, now) >= 0)
			continue;
		if (!allow) {
			sb_free(&past);
			return af_fail_field(AF_INVALID, fd->name, "%.*s is in the past (now %.16s %s); only the admin "
				       "manager enters a record after the fact (submit --backdate)",
				       start, v[i].text, now, tz_name());
		}
		sb_printf(&past, "%s%s %.*s", past.len ? ", " : "", fd->name, start, v[i].text);
	}
	if (past.len)
		*detail = xasprintf("after the fact: %s (entered %.16s %s)", past.buf, now, tz_name());
	sb_free(&past);
	return AF_OK;
}

af_status engine_collect(const form_def *f, const engine_input *in, int n, int64_t applicant_id,
			 field_value **out)
{
	field_value *v = xcalloc((size_t)f->n_fields, sizeof *v);
	af_status st = AF_OK;

	for (int i = 0; i < n && st == AF_OK; i++) {
		const form_field *fd;
		int idx;

		/* The submission's options (engine.h) are not fields. */
		if (in[i].name[0] == '@') {
			if (strcmp(in[i].name, ENGINE_FOR) != 0 && strcmp(in[i].name, ENGINE_SKIP) != 0)
				st = af_fail(AF_INVALID, "%s: no such option of a submission", in[i].name);
			continue;
		}
		fd = formdef_field(f, in[i].name);
		if (!fd) {
			st = af_fail_field(AF_INVALID, in[i].name, "the form %s has no such field", f->id);
			break;
		}
		idx = (int)(fd - f->fields);
		if (v[idx].present) {
			st = af_fail_field(AF_INVALID, fd->name, "given twice");
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
			st = af_fail_field(AF_INVALID, fd->name, "required (%s)", fd->label);
	}
	for (int i = 0; i < f->n_fields && st == AF_OK; i++)
		if (!v[i].present && f->fields[i].required_when)
			st = check_required_when(f, v, &f->fields[i], applicant_id);
	for (int i = 0; i < f->n_fields && st == AF_OK; i++)
		if (f->fields[i].not_before)
			st = check_not_before(f, v, i);
	if (st != AF_OK) {
		engine_fvals_free(v, f->n_fields);
		v = NULL;
	}
	*out = v;
	return st;
}

int64_t engine_applicant_of(const form_def *f, const engine_input *in, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(in[i].name, ENGINE_FOR) == 0 && engine_may_submit_for(f, me.id)) {
			int64_t id = db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active", "t", in[i].value);

			return id ? id : me.id;
		}
	return me.id;
}

af_status engine_validate(const form_def *f, const engine_input *in, int n)
{
	field_value *v;
	af_status st = engine_collect(f, in, n, engine_applicant_of(f, in, n), &v);

	if (v)
		engine_fvals_free(v, f->n_fields);
	return st;
}

/* Whether these values would take the department's budget past its
 * amount this year: the form's money (its computed sum, else its first
 * money field) and its lines. */
static int over_budget(const form_def *f, const field_value *vals, int64_t dept, char *why, size_t len)
{
	int64_t amount = 0;
	const char *lines = NULL;
	char year[8];

	for (int i = 0; i < f->n_fields; i++) {
		const field_value *v = &vals[i];

		if (v->present && v->field->type == FT_MONEY && (!amount || v->field->sum))
			amount = v->num;
		if (v->present && v->field->type == FT_LINES && !lines)
			lines = v->json;
	}
	engine_now_text(year, sizeof year);
	return budget_over(f->id, dept, atoi(year), amount, lines, 0, why, len);
}

/* The form's supply lines field, or NULL. */
static const form_field *supply_lines_field(const form_def *f)
{
	for (int i = 0; f && i < f->n_fields; i++)
		if (f->fields[i].type == FT_SUPPLY_LINES)
			return &f->fields[i];
	return NULL;
}

/* The stock part of engine_warning over collected values, into why. */
static int over_stock(const form_def *f, const field_value *v, char *why, size_t len)
{
	int warned = 0;

	for (int i = 0; i < f->n_fields; i++) {
		char stock[300];

		if (v[i].present && v[i].field->type == FT_SUPPLY_LINES && v[i].json &&
		    stock_shortfall(v[i].json, stock, sizeof stock)) {
			size_t used = why ? strlen(why) : 0;

			if (why && len > used)
				snprintf(why + used, len - used, "%s%s", used ? "; " : "", stock);
			warned = 1;
		}
	}
	return warned;
}

static int warning(const form_def *f, const engine_input *in, int n, int budget, char *why, size_t len)
{
	int64_t applicant = engine_applicant_of(f, in, n);
	field_value *v = NULL;
	int warned = 0;

	if (why && len)
		why[0] = '\0';
	budget = budget && formdef_serves(f, "budget");
	/* No read at all for the forms neither can concern. */
	if (!budget && !supply_lines_field(f))
		return 0;
	if (engine_collect(f, in, n, applicant, &v) == AF_OK) {
		if (budget) {
			engine_employee who;

			/* the budget of the department the request is for */
			engine_load_employee(applicant, &who);
			warned = over_budget(f, v, who.department_id, why, len) == 1;
		}
		warned |= over_stock(f, v, why, len);
	}
	if (v)
		engine_fvals_free(v, f->n_fields);
	return warned;
}

int engine_warning(const form_def *f, const engine_input *in, int n, char *why, size_t len)
{
	return warning(f, in, n, 1, why, len);
}

int engine_stock_warning(const form_def *f, const engine_input *in, int n, char *why, size_t len)
{
	return warning(f, in, n, 0, why, len);
}

int engine_lookup(void *ctx, const char *name, expr_value *out)
{
	const struct engine_eval_ctx *c = ctx;
	static const struct { const char *name; size_t off; } applicant_attrs[] = {
		{ "applicant.login", offsetof(engine_employee, login) },
		{ "applicant.name", offsetof(engine_employee, name) },
		{ "applicant.department", offsetof(engine_employee, department) },
		{ "applicant.department_code", offsetof(engine_employee, department_code) },
		{ "applicant.title", offsetof(engine_employee, title) },
	};

	/* over_budget: this request would take its department's budget past
	 * its amount (budget.c), for a form that serves "budget". */
	if (strcmp(name, "over_budget") == 0 && formdef_serves(c->form, "budget")) {
		out->type = EXPR_BOOL;
		out->num = over_budget(c->form, c->vals, c->applicant->department_id, NULL, 0);
		return 1;
	}
	for (size_t i = 0; i < sizeof applicant_attrs / sizeof applicant_attrs[0]; i++) {
		if (strcmp(name, applicant_attrs[i].name) == 0) {
			out->type = EXPR_STR;
			out->str = (const char *)c->applicant + applicant_attrs[i].off;
			return 1;
		}
	}
	for (int i = 0; i < c->form->n_fields; i++) {
		const field_value *v = &c->vals[i];

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
static af_status check_required_when(const form_def *f, const field_value *vals, const form_field *fd,
				     int64_t applicant_id)
{
	engine_employee applicant;
	struct engine_eval_ctx c = { f, vals, &applicant };
	char err[200];
	int t;

	engine_load_employee(applicant_id, &applicant);
	t = expr_test(fd->required_when, engine_lookup, &c, err, sizeof err);
	if (t < 0)
		return af_fail_field(AF_INVALID, fd->name, "condition '%s': %s", fd->required_when_text, err);
	if (t > 0)
		return af_fail_field(AF_INVALID, fd->name, "required when %s (%s)", fd->required_when_text,
			       fd->label);
	return AF_OK;
}

/* A stored value (from requests.data, as json_each gives it) back as the
 * text a user would type: the inverse of normalize, so that a resubmission
 * validates every field again and show prints what submit accepts. */
char *engine_stored_text(const form_field *fd, const char *value)
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
	return engine_stored_text(fd, stored ? stored : "");
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
	field_value v = {0};
	af_status st = AF_OK;

	named.name = name;
	if (!text || !*text) {
		if (c->required)
			st = af_fail_field(AF_INVALID, name, "required (%s)", c->label);
	} else {
		st = normalize(&named, text, &v);
	}
	if (st != AF_OK)
		/* TRANSLATORS: a cell of a table: its row, its column's label. */
		af_err_within(fd->name, "row %d, %s", row + 1, formdef_label(c));
	free(v.text);
	free(v.json);
	free(name);
	return st;
}

char *engine_sum_text(const form_def *f, const form_field *fd, const char *lines)
{
	field_value *vals = xcalloc((size_t)f->n_fields, sizeof *vals);
	char *out = NULL;
	int li = fd->sum_of, i = (int)(fd - f->fields);

	if (fd->sum && lines && *lines && normalize(&f->fields[li], lines, &vals[li]) == AF_OK &&
	    compute_sum(f, vals, i) == AF_OK && vals[i].present)
		out = xstrdup(vals[i].text);
	engine_fvals_free(vals, f->n_fields);
	return out;
}

/* The request's stored fields as inputs (names and values allocated),
 * with room for extra more; fields the form no longer has are left out. */
int engine_stored_inputs(int64_t request_id, const form_def *f, int extra, engine_input **out)
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
		in[n].value = engine_stored_text(fd, db_col_text(&s, 1));
		n++;
	}
	db_done(&s);
	free(data);
	*out = in;
	return n;
}

void engine_inputs_free(engine_input *in, int n)
{
	for (int i = 0; i < n; i++) {
		free((char *)in[i].name);
		free((char *)in[i].value);
	}
	free(in);
}

const char *engine_fval_text(const form_def *f, const field_value *vals, const char *name)
{
	for (int i = 0; i < f->n_fields; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return vals[i].present ? vals[i].text : NULL;
	return NULL;
}

char *engine_build_data(const form_def *f, const field_value *vals)
{
	char *doc = xstrdup("{}");

	for (int i = 0; i < f->n_fields; i++) {
		const field_value *v = &vals[i];
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

const char *engine_summary_of(const form_def *f, const field_value *vals)
{
	static strbuf joined;

	/* The form's summary fields that have a value, joined with " · ". */
	joined.len = 0;
	if (joined.buf)
		joined.buf[0] = '\0';
	for (int i = 0; i < f->n_summary; i++) {
		const char *t = engine_fval_text(f, vals, f->summary_fields[i]);
		const form_field *fd = formdef_field(f, f->summary_fields[i]);

		if (!t || !*t)
			continue;
		sb_puts(&joined, joined.len ? " · " : "");
		/* A time range short: 11-29 09:00-11:00 (the day once when it is one). */
		if (fd && fd->type == FT_TIMERANGE && strlen(t) == 39 && t[19] == '/')
			sb_printf(&joined, "%.5s %.5s-%s%.5s", t + 5, t + 11,
				  strncmp(t, t + 20, 10) == 0 ? "" : (char[]){ t[25], t[26], t[27], t[28], t[29], ' ', 0 },
				  t + 31);
		else
			sb_puts(&joined, t);
	}
	if (joined.len)
		return joined.buf;
	for (int i = 0; i < f->n_fields; i++)
		if (vals[i].present && (f->fields[i].type == FT_TEXT || f->fields[i].type == FT_CHOICE))
			return vals[i].text;
	return "";
}

int engine_field_visible(const form_field *fd, int64_t applicant_id)
{
	if (!fd || !fd->sensitive || auth_sees_sensitive(applicant_id))
		return 1;
	/* visible_to: the roles the form lets read it (finance, the payee's account) */
	for (int i = 0; i < fd->n_visible_to; i++)
		if (me.id && auth_has_role(me.id, fd->visible_to[i]))
			return 1;
	return 0;
}
