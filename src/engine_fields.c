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
	return fieldvalue_normalize(fd, buf, &vals[i]);
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
			st = fieldvalue_normalize(fd, in[i].value, &v[idx]);
	}
	for (int i = 0; i < f->n_fields && st == AF_OK; i++)
		if (f->fields[i].sum)
			st = compute_sum(f, v, i);
	for (int i = 0; i < f->n_fields && st == AF_OK; i++) {
		const form_field *fd = &f->fields[i];

		if (!v[i].present && fd->def)
			st = fieldvalue_normalize(fd, fd->def, &v[i]);
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

af_status engine_for_whom(const form_def *f, const engine_input *in, int n, const char *what, int64_t *id)
{
	const char *login = NULL;

	*id = me.id;
	for (int i = 0; i < n; i++)
		if (strcmp(in[i].name, ENGINE_FOR) == 0)
			login = in[i].value;
	if (!login || !*login || strcmp(login, me.login) == 0)
		return AF_OK;
	if (!engine_may_submit_for(f, me.id))
		return af_fail(AF_DENIED, "%s --for: %s may not submit %s for someone else "
			       "(the form's on_behalf names who may)", what, me.login, f->id);
	if (!(*id = db_int(0, "SELECT id FROM employees WHERE login = ?1 AND active", "t", login)))
		return af_fail(AF_INVALID, "%s --for: '%s' is not an employee", what, login);
	return AF_OK;
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
static int over_budget(const form_def *f, const field_value *vals, int64_t dept, af_said *why)
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
	return budget_over(f->id, dept, atoi(year), amount, lines, 0, why);
}

/* The form's supply lines field, or NULL. */
static const form_field *supply_lines_field(const form_def *f)
{
	for (int i = 0; f && i < f->n_fields; i++)
		if (f->fields[i].type == FT_SUPPLY_LINES)
			return &f->fields[i];
	return NULL;
}

/* The stock part of engine_warning over collected values, added to why. */
static int over_stock(const form_def *f, const field_value *v, af_said *why)
{
	int warned = 0;

	for (int i = 0; i < f->n_fields; i++) {
		af_said stock;

		if (v[i].present && v[i].field->type == FT_SUPPLY_LINES && v[i].json &&
		    stock_shortfall(v[i].json, &stock)) {
			size_t used = strlen(why->en), shown = strlen(why->shown);

			snprintf(why->en + used, sizeof why->en - used, "%s%s", used ? "; " : "", stock.en);
			snprintf(why->shown + shown, sizeof why->shown - shown, "%s%s", shown ? "; " : "",
				 stock.shown);
			warned = 1;
		}
	}
	return warned;
}

/* engine_warning's words in both languages, into why (never NULL). */
static int warning(const form_def *f, const engine_input *in, int n, int budget, af_said *why)
{
	int64_t applicant = engine_applicant_of(f, in, n);
	field_value *v = NULL;
	int warned = 0;

	why->en[0] = why->shown[0] = '\0';
	budget = budget && formdef_serves(f, "budget");
	/* No read at all for the forms neither can concern. */
	if (!budget && !supply_lines_field(f))
		return 0;
	if (engine_collect(f, in, n, applicant, &v) == AF_OK) {
		if (budget) {
			engine_employee who;

			/* the budget of the department the request is for */
			engine_load_employee(applicant, &who);
			warned = over_budget(f, v, who.department_id, why) == 1;
		}
		warned |= over_stock(f, v, why);
	}
	if (v)
		engine_fvals_free(v, f->n_fields);
	return warned;
}

int engine_warning(const form_def *f, const engine_input *in, int n, char *why, size_t len)
{
	af_said said;
	int warned = warning(f, in, n, 1, &said);

	if (why && len)
		snprintf(why, len, "%s", said.shown);
	return warned;
}

int engine_stock_warning(const form_def *f, const engine_input *in, int n, char *why, size_t len)
{
	af_said said;
	int warned = warning(f, in, n, 0, &said);

	if (why && len)
		snprintf(why, len, "%s", said.en);
	return warned;
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
		out->num = over_budget(c->form, c->vals, c->applicant->department_id, NULL);
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
	return fieldvalue_to_text(fd, value);
}

char *engine_field_text(const form_field *fd, const char *stored)
{
	return engine_stored_text(fd, stored ? stored : "");
}

af_status engine_lines_parse(const form_field *fd, const char *text, char ***cells, int *n_rows)
{
	return fieldvalue_lines_parse(fd, text, cells, n_rows);
}

void engine_lines_free(char **cells, int n_cells)
{
	fieldvalue_lines_free(cells, n_cells);
}

char *engine_lines_join(const form_field *fd, char *const *cells, int n_rows)
{
	return fieldvalue_lines_join(fd, cells, n_rows);
}

af_status engine_lines_check_cell(const form_field *fd, int row, int col, const char *text)
{
	return fieldvalue_lines_check_cell(fd, row, col, text);
}

char *engine_sum_text(const form_def *f, const form_field *fd, const char *lines)
{
	field_value *vals = xcalloc((size_t)f->n_fields, sizeof *vals);
	char *out = NULL;
	int li = fd->sum_of, i = (int)(fd - f->fields);

	if (fd->sum && lines && *lines && fieldvalue_normalize(&f->fields[li], lines, &vals[li]) == AF_OK &&
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
