/* The form language: the form group of a forms/NAME.conf file read into a
 * form_def, every field, step, condition and effect checked.
 *
 * Why the shapes below:
 * - Fields are read before steps whatever their order in the file, because
 *   steps (field: approvers, when, editable) refer to fields.
 * - Conditions are compiled and tried with sample values here, so a bad
 *   one is an error of its file, never of a request that meets it. */
#include "autoconf.h"
#include <libconfig.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fieldtype.h"
#include "formdef.h"
#include "formdef_int.h"
#include "util.h"

#define MAX_FIELDS 100
#define MAX_STEPS 20
#define CORE_STEPS 5         /* more is allowed, but warned about */
#define MAX_PREFIX 6
#define MAX_TEXT_LIMIT 4000  /* the global text limit; max_length up to it */

/* The characters of UTF-8 text (max_length counts characters). */
static size_t mbslen_utf8(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}
#define MAX_TIME_LIMIT 720
#define MAX_CHAIN 5
#define MAX_COLUMNS 20

/* ---- tables -------------------------------------------------------- */

/* The field types' names, from the one table (fieldtype.c), for suggest(). */
static const char *const *type_names_list(void)
{
	static const char *names[FIELDTYPE_COUNT + 1];

	for (int i = 0; i < FIELDTYPE_COUNT; i++)
		names[i] = fieldtype((field_type)i)->name;
	return names;
}
#define type_names (type_names_list())


static const char *const known_roles[] = {
	"employee", "dept_head", "admin_staff", "admin_manager", "finance",
	"general_manager", "venue_keeper", "fleet_keeper", "asset_keeper",
	"seal_keeper", "auditor", NULL
};

/* The effects the engine runs when a request is done, and the field types
 * each needs in the form (effect_list.h, the one list). */
static const struct effect_info {
	const char *name;
	int needs[3];
} known_effects[] = {
#define EFFECT(name, at_submit, when_done, at_close, informational, ...) \
	{ #name, { __VA_ARGS__ } },
#include "effect_list.h"
#undef EFFECT
};
#define N_EFFECTS ((int)(sizeof known_effects / sizeof known_effects[0]))

/* What a form may serve (serves = [...]): the code that needs "the form
 * for X" asks for X, never for a form's id; each needs these field types. */
static const struct effect_info known_serves[] = {
	{ "restock", { FT_SUPPLIER, FT_SUPPLY_LINES, FT_MONEY } },
	{ "payment", { FT_MONEY, -1 } },
	{ "budget", { FT_MONEY, -1 } },
	{ "expenses", { FT_MONEY, -1 } },
	{ "repair", { FT_ASSET, -1 } },
	{ "receiving", { -1 } },
	{ "minutes", { -1 } },
	{ "room_booking", { FT_ROOM, FT_TIMERANGE, -1 } },
	{ "vehicle_booking", { FT_VEHICLE, FT_TIMERANGE, -1 } },
};
#define N_SERVES ((int)(sizeof known_serves / sizeof known_serves[0]))

static const char *const applicant_idents[] = {
	"applicant.login", "applicant.name", "applicant.department",
	"applicant.department_code", "applicant.title", NULL
};

/* Words the condition language reserves: a field so named could never be
 * used in a condition. */
static const char *const reserved_names[] = {
	"true", "false", "null", "in", "applicant", NULL
};

static const char *const form_keys[] = {
	"id", "title", "title_en", "prefix", "summary", "allow_auto_approve", "fields",
	"steps", "cc", "effects", "serves", "on_behalf", NULL
};
static const char *const field_keys[] = {
	"name", "label", "label_en", "type", "required", "sensitive", "default", "min",
	"max", "max_length", "options", "option_labels", "option_labels_en", "form", "help",
	"required_when", "columns",
	"min_rows", "max_rows", "sum", "not_before", "not_past", "visible_to", NULL
};
static const char *const column_keys[] = {
	"name", "label", "label_en", "type", "required", "default", "min", "max",
	"max_length", "options", "option_labels", "option_labels_en", "help", NULL
};
static const char *const step_keys[] = {
	"name", "title", "title_en", "approvers", "mode", "when", "time_limit",
	"on_timeout", "cc", "editable", NULL
};
static const char *const top_keys[] = { "form", NULL };

static const char *const mode_names[] = { "any", "all", NULL };
static const char *const timeout_names[] = {
	"remind", "escalate:role:NAME", "escalate:up", "auto_approve", NULL
};

/* ---- small helpers ------------------------------------------------- */

static int valid_name(const char *s)
{
	size_t i;

	if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
		return 0;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')
		      || s[i] == '_'))
			return 0;
	return i <= MAX_NAME;
}

static int valid_form_id(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')
		      || s[i] == '_'))
			return 0;
	return i >= 1 && i <= MAX_NAME;
}

static int valid_prefix(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return i >= 1 && i <= MAX_PREFIX;
}

/* A login as the user table could hold it: printable ASCII, no blanks. */
static int valid_login(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == ',' || s[i] == ':')
			return 0;
	return i >= 1 && i <= 64;
}

static int parse_int64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static void free_strv(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_approvers(approver_spec *a, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(a[i].arg);
	free(a);
}

static void free_field(form_field *fl)
{
	int i;

	free(fl->name);
	free(fl->label);
	free(fl->label_en);
	free(fl->help);
	free(fl->def);
	free_strv(fl->options, fl->n_options);
	if (fl->option_labels)
		free_strv(fl->option_labels, fl->n_options);
	if (fl->option_labels_en)
		free_strv(fl->option_labels_en, fl->n_options);
	free(fl->ref_form);
	expr_free(fl->required_when);
	free(fl->required_when_text);
	for (i = 0; i < fl->n_columns; i++)
		free_field(&fl->columns[i]);
	free(fl->columns);
	free(fl->sum);
	free(fl->not_before);
	free_strv(fl->visible_to, fl->n_visible_to);
}

void free_form(form_def *f)
{
	int i;

	for (i = 0; i < f->n_fields; i++)
		free_field(&f->fields[i]);
	free(f->fields);
	for (i = 0; i < f->n_steps; i++) {
		form_step *s = &f->steps[i];

		free(s->name);
		free(s->title);
		free(s->title_en);
		free_approvers(s->approvers, s->n_approvers);
		expr_free(s->when);
		free(s->when_text);
		free(s->escalate_role);
		free_approvers(s->cc, s->n_cc);
		free_strv(s->editable, s->n_editable);
	}
	free(f->steps);
	free_approvers(f->cc, f->n_cc);
	free_strv(f->effects, f->n_effects);
	free_strv(f->serves, f->n_serves);
	free_strv(f->on_behalf, f->n_on_behalf);
	free(f->id);
	free(f->title);
	free(f->title_en);
	free(f->prefix);
	free(f->summary_field);
	free_strv(f->summary_fields, f->n_summary);
	free(f->file);
	memset(f, 0, sizeof *f);
}

/* ---- fields -------------------------------------------------------- */

#define type_by_name fieldtype_by_name

/* A min/max value for field type t into *v; -1 after reporting. */
static int get_limit(diag *d, const config_setting_t *s, const char *ctx,
		     field_type t, int64_t *v)
{
	const char *key = config_setting_name(s);

	if (t == FT_INTEGER) {
		if (!is_int(s)) {
			error_at(d, line_of(s), ctx, "%s: expected a whole number", key);
			return -1;
		}
		*v = config_setting_get_int64(s);
		if (int_too_big(d, s)) {
			error_at(d, line_of(s), ctx, "%s: too large (beyond 64 bits)", key);
			return -1;
		}
		return 0;
	}
	/* money */
	if (is_int(s) && int_too_big(d, s)) {
		error_at(d, line_of(s), ctx, "%s: out of range", key);
		return -1;
	}
	if (is_int(s)) {
		long long units = config_setting_get_int64(s);

		if (units > INT64_MAX / 100 || units < INT64_MIN / 100) {
			error_at(d, line_of(s), ctx, "%s: out of range", key);
			return -1;
		}
		*v = units * 100;
		return 0;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		error_at(d, line_of(s), ctx,
			 "%s: write an amount as a string, e.g. \"0.01\"", key);
		return -1;
	}
	if (expr_parse_money(config_setting_get_string(s), v) < 0) {
		error_at(d, line_of(s), ctx,
			 "%s: '%s' is not an amount (at most two decimals)", key,
			 config_setting_get_string(s));
		return -1;
	}
	return 0;
}

/* Checks a default value against the field's type and limits. */
static void check_default(diag *d, int line, const char *ctx,
			  const form_field *fl)
{
	int64_t v;
	int i;

	switch (fl->type) {
	case FT_INTEGER:
		if (parse_int64(fl->def, &v) < 0) {
			error_at(d, line, ctx, "default: '%s' is not a whole number", fl->def);
			return;
		}
		break;
	case FT_MONEY:
		if (expr_parse_money(fl->def, &v) < 0) {
			error_at(d, line, ctx, "default: '%s' is not an amount", fl->def);
			return;
		}
		break;
	case FT_CHOICE:
		for (i = 0; i < fl->n_options; i++)
			if (!strcmp(fl->options[i], fl->def))
				return;
		if (fl->n_options)
			error_at(d, line, ctx, "default: '%s' is not one of the options",
				 fl->def);
		return;
	case FT_MULTICHOICE: {
		char *copy = xstrdup(fl->def), *tok, *save = NULL;

		for (tok = strtok_r(copy, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			for (i = 0; i < fl->n_options; i++)
				if (!strcmp(fl->options[i], tok))
					break;
			if (i == fl->n_options && fl->n_options) {
				error_at(d, line, ctx, "default: '%s' is not one of the options",
					 tok);
				break;
			}
		}
		free(copy);
		return;
	}
	case FT_TEXT: case FT_LONGTEXT:
		if (fl->max_length && mbslen_utf8(fl->def) > (size_t)fl->max_length)
			error_at(d, line, ctx, "default: longer than max_length %d",
				 fl->max_length);
		return;
	default:
		return;
	}
	if ((fl->has_min && v < fl->min) || (fl->has_max && v > fl->max))
		error_at(d, line, ctx, "default: '%s' is outside min..max", fl->def);
}

static void parse_columns(diag *d, const config_setting_t *g, form_field *fl,
			  const char *ctx);

/* The parts of a field's settings, each judged once its type is known
 * (known 0: the type was missing or wrong, already reported). */
/* The field's type, -1 (reported) when missing, unknown, or no column's. */
static int parse_field_type(diag *d, const config_setting_t *g, const char *ctx, const char *parent)
{
	const char *s;
	int t = -1;

	if (get_string(d, g, "type", ctx, 1, &s) > 0) {
		t = type_by_name(s);
		if (t < 0)
			error_at(d, line_of(config_setting_get_member(g, "type")), ctx,
				 "unknown type '%s'%s", s, suggest(s, type_names));
	}
	if (parent && t >= 0) {
		/* A column holds a scalar value that reads and writes as one cell. */
		if (!fieldtype((field_type)t)->column) {
			error_at(d, line_of(config_setting_get_member(g, "type")), ctx,
				 t == FT_LINES || t == FT_SUPPLY_LINES
				 ? "a column cannot be of type %s (no table inside a table)"
				 : "a column cannot be of type %s (text, integer, money, date or choice)",
				 type_names[t]);
			t = -1;
		}
	}
	return t;
}

static void parse_field_limits(diag *d, const config_setting_t *g, form_field *fl, const char *ctx, int known)
{
	config_setting_t *m;
	int t = known ? (int)fl->type : -1, i;

	for (i = 0; i < 2; i++) {
		const char *key = i ? "max" : "min";

		m = config_setting_get_member(g, key);
		if (!m || t < 0)
			continue;
		if (t != FT_INTEGER && t != FT_MONEY) {
			error_at(d, line_of(m), ctx,
				 "%s: only integer and money fields have %s", key, key);
			continue;
		}
		if (get_limit(d, m, ctx, fl->type, i ? &fl->max : &fl->min) == 0)
			*(i ? &fl->has_max : &fl->has_min) = 1;
	}
	if (fl->has_min && fl->has_max && fl->min > fl->max)
		error_at(d, line_of(config_setting_get_member(g, "max")), ctx,
			 "max is below min");

	m = config_setting_get_member(g, "max_length");
	if (m && t >= 0 && t != FT_TEXT && t != FT_LONGTEXT)
		error_at(d, line_of(m), ctx,
			 "max_length: only text and longtext fields have max_length");
	else if (m)
		get_int_range(d, g, "max_length", ctx, 1, MAX_TEXT_LIMIT,
			      &fl->max_length);
}

/* The options' labels under key (what a person reads; the option itself
 * is what is stored): one an option, in the same order; NULL when not
 * given or wrong. */
static char **option_labels(diag *d, const config_setting_t *g, const char *key,
			    const form_field *fl, const char *ctx)
{
	const char **list;
	const config_setting_t *where;
	char **out = NULL;
	int n;

	if (get_strlist(d, g, key, ctx, 0, &list, &n, &where) <= 0)
		return NULL;
	if (n != fl->n_options) {
		error_at(d, line_of(where), ctx, "%s: %d labels for %d options; one for each, in order",
			 key, n, fl->n_options);
	} else {
		out = xcalloc((size_t)n, sizeof *out);
		for (int i = 0; i < n; i++) {
			if (!*list[i])
				error_at(d, line_of(config_setting_get_elem(where, (unsigned)i)), ctx,
					 "%s: the label of '%s' is empty", key, fl->options[i]);
			out[i] = xstrdup(list[i]);
		}
	}
	free(list);
	return out;
}

static void parse_field_options(diag *d, const config_setting_t *g, form_field *fl, const char *ctx, int known)
{
	const char **list;
	config_setting_t *m;
	const config_setting_t *where;
	int t = known ? (int)fl->type : -1, n, i, j;

	m = config_setting_get_member(g, "options");
	if (t == FT_CHOICE || t == FT_MULTICHOICE) {
		if (get_strlist(d, g, "options", ctx, 1, &list, &n, &where) > 0) {
			for (i = 0; i < n; i++) {
				int line = line_of(config_setting_get_elem(where, (unsigned)i));

				if (!*list[i]) {
					error_at(d, line, ctx, "options: empty option");
					continue;
				}
				if (t == FT_MULTICHOICE && strchr(list[i], ',')) {
					error_at(d, line, ctx,
						 "options: '%s': a multichoice option cannot hold ','",
						 list[i]);
					continue;
				}
				for (j = 0; j < i; j++)
					if (!strcmp(list[i], list[j]))
						break;
				if (j < i)
					error_at(d, line, ctx, "options: '%s' is listed twice",
						 list[i]);
			}
			fl->options = xcalloc((size_t)n, sizeof *fl->options);
			for (i = 0; i < n; i++)
				fl->options[i] = xstrdup(list[i]);
			fl->n_options = n;
			free(list);
			fl->option_labels = option_labels(d, g, "option_labels", fl, ctx);
			fl->option_labels_en = option_labels(d, g, "option_labels_en", fl, ctx);
		}
	} else if (t >= 0) {
		const char *keys[] = { "options", "option_labels", "option_labels_en" };

		for (i = 0; i < 3; i++)
			if ((m = config_setting_get_member(g, keys[i])))
				error_at(d, line_of(m), ctx,
					 "%s: only choice and multichoice fields have options", keys[i]);
	}
}

static void parse_field_ref_default(diag *d, const config_setting_t *g, form_field *fl, const char *ctx, int known)
{
	const char *s;
	config_setting_t *m;
	int t = known ? (int)fl->type : -1;

	m = config_setting_get_member(g, "form");
	if (m && t >= 0 && t != FT_REQUEST)
		error_at(d, line_of(m), ctx, "form: only request fields refer to a form");
	else if (get_string(d, g, "form", ctx, 0, &s) > 0) {
		if (!valid_form_id(s))
			error_at(d, line_of(m), ctx, "form: '%s' is not a form id", s);
		else
			fl->ref_form = xstrdup(s);
	}

	if (get_string(d, g, "default", ctx, 0, &s) > 0) {
		fl->def = xstrdup(s);
		if (t >= 0)
			check_default(d, line_of(config_setting_get_member(g, "default")),
				      ctx, fl);
	}
}

static void parse_field_lines(diag *d, const config_setting_t *g, form_field *fl, const char *ctx, int known)
{
	const char *s;
	config_setting_t *m;
	int t = known ? (int)fl->type : -1, i;

	m = config_setting_get_member(g, "columns");
	if (t == FT_LINES)
		parse_columns(d, g, fl, ctx);
	else if (m && t >= 0)
		error_at(d, line_of(m), ctx, "columns: only lines fields have columns");
	for (i = 0; i < 2; i++) {
		const char *key = i ? "max_rows" : "min_rows";

		m = config_setting_get_member(g, key);
		if (m && t >= 0 && t != FT_LINES)
			error_at(d, line_of(m), ctx, "%s: only lines fields have %s", key, key);
		else if (m)
			get_int_range(d, g, key, ctx, i, FORMDEF_MAX_ROWS,
				      i ? &fl->max_rows : &fl->min_rows);
	}
	if (fl->max_rows && fl->min_rows > fl->max_rows)
		error_at(d, line_of(config_setting_get_member(g, "max_rows")), ctx,
			 "max_rows is below min_rows");

	/* sum is resolved once every field is known (parse_fields). */
	m = config_setting_get_member(g, "sum");
	if (m && t >= 0 && t != FT_MONEY)
		error_at(d, line_of(m), ctx, "sum: only money fields are computed from lines");
	else if (get_string(d, g, "sum", ctx, 0, &s) > 0) {
		fl->sum = xstrdup(s);
		if (fl->def)
			error_at(d, line_of(m), ctx, "sum: a computed field has no default");
	}
}

static void parse_field_dates(diag *d, const config_setting_t *g, form_field *fl, const char *ctx, int known)
{
	const char *s;
	config_setting_t *m;
	const config_setting_t *where;
	int t = known ? (int)fl->type : -1, i;

	/* Dates that cannot be meant; not_before is resolved in parse_fields. */
	m = config_setting_get_member(g, "not_past");
	if (m && t >= 0 && t != FT_DATE && t != FT_DATETIME && t != FT_TIMERANGE)
		error_at(d, line_of(m), ctx, "not_past: only date, datetime and timerange fields");
	else
		get_bool(d, g, "not_past", ctx, &fl->not_past);
	m = config_setting_get_member(g, "not_before");
	if (m && t >= 0 && t != FT_DATE && t != FT_DATETIME && t != FT_TIMERANGE)
		error_at(d, line_of(m), ctx, "not_before: only date, datetime and timerange fields");
	else if (get_string(d, g, "not_before", ctx, 0, &s) > 0)
		fl->not_before = xstrdup(s);

	/* visible_to: roles that may read a sensitive field. */
	{
		const char **roles;
		int nr;

		if (get_strlist(d, g, "visible_to", ctx, 0, &roles, &nr, &where) > 0) {
			fl->visible_to = xcalloc((size_t)nr + 1, sizeof *fl->visible_to);
			for (i = 0; i < nr; i++) {
				if (!formdef_known_role(roles[i]))
					error_at(d, line_of(config_setting_get_elem(where, (unsigned)i)), ctx,
						 "visible_to: unknown role '%s'%s", roles[i],
						 suggest(roles[i], known_roles));
				fl->visible_to[fl->n_visible_to++] = xstrdup(roles[i]);
			}
			free(roles);
			fl->sensitive = 1;
		}
	}
}

/* One field, or with parent (the lines field's name) one of its columns. */
static void parse_field(diag *d, const config_setting_t *g, form_field *fl,
			int index, const char *parent)
{
	char ctx[128 + 2 * MAX_NAME];
	const char *s;
	int t;

	fl->line = line_of(g);
	if (parent)
		snprintf(ctx, sizeof ctx, "field '%s': column %d", parent, index + 1);
	else
		snprintf(ctx, sizeof ctx, "field %d", index + 1);
	if (!config_setting_is_group(g)) {
		error_at(d, fl->line, ctx, "expected a group { name = ...; type = ...; }");
		return;
	}
	if (get_string(d, g, "name", ctx, 1, &s) > 0) {
		if (!valid_name(s))
			error_at(d, line_of(config_setting_get_member(g, "name")), ctx,
				 "name '%s' is not [a-z_][a-z0-9_]{0,31}", s);
		else if (in_list(s, reserved_names))
			error_at(d, line_of(config_setting_get_member(g, "name")), ctx,
				 "name '%s' is reserved in conditions", s);
		else {
			fl->name = xstrdup(s);
			if (parent)
				snprintf(ctx, sizeof ctx, "field '%s': column '%s'", parent, s);
			else
				snprintf(ctx, sizeof ctx, "field '%s'", s);
		}
	}
	check_keys(d, g, parent ? column_keys : field_keys, ctx);
	/* A column may do without a label: its name heads it. */
	if (get_string(d, g, "label", ctx, !parent, &s) > 0)
		fl->label = xstrdup(s);
	else if (parent && fl->name)
		fl->label = xstrdup(fl->name);
	if (get_string(d, g, "label_en", ctx, 0, &s) > 0 && *s)
		fl->label_en = xstrdup(s);
	if (get_string(d, g, "help", ctx, 0, &s) > 0)
		fl->help = xstrdup(s);
	get_bool(d, g, "required", ctx, &fl->required);
	get_bool(d, g, "sensitive", ctx, &fl->sensitive);

	t = parse_field_type(d, g, ctx, parent);
	fl->type = t < 0 ? FT_TEXT : (field_type)t;
	/* Type-specific settings are only judged once the type is known. */
	parse_field_limits(d, g, fl, ctx, t >= 0);
	parse_field_options(d, g, fl, ctx, t >= 0);
	parse_field_ref_default(d, g, fl, ctx, t >= 0);
	if (parent)
		return;
	parse_field_lines(d, g, fl, ctx, t >= 0);
	parse_field_dates(d, g, fl, ctx, t >= 0);
}

/* The columns of a lines field: at least one, names unique. */
static void parse_columns(diag *d, const config_setting_t *g, form_field *fl,
			  const char *ctx)
{
	config_setting_t *list = config_setting_get_member(g, "columns");
	int n, i, j;

	if (!list) {
		missing(d, g, ctx, "columns");
		return;
	}
	if (!config_setting_is_list(list)) {
		error_at(d, line_of(list), ctx, "columns: expected a list ( { ... }, ... )");
		return;
	}
	n = config_setting_length(list);
	if (n == 0) {
		error_at(d, line_of(list), ctx, "columns: must not be empty");
		return;
	}
	if (n > MAX_COLUMNS) {
		error_at(d, line_of(list), ctx, "columns: %d columns; at most %d", n, MAX_COLUMNS);
		return;
	}
	fl->columns = xcalloc((size_t)n, sizeof *fl->columns);
	for (i = 0; i < n; i++) {
		form_field *c = &fl->columns[i];

		parse_field(d, config_setting_get_elem(list, (unsigned)i), c, i,
			    fl->name ? fl->name : "?");
		fl->n_columns++;
		for (j = 0; c->name && j < i; j++)
			if (fl->columns[j].name && !strcmp(fl->columns[j].name, c->name)) {
				error_at(d, c->line, ctx, "column '%s' is defined twice "
					 "(first at line %d)", c->name, fl->columns[j].line);
				break;
			}
	}
}

/* A money field's sum = "LINES.COLUMN": a lines field of the form and a
 * money column of it. */
static void resolve_sum(diag *d, const form_def *f, form_field *fl,
			const config_setting_t *g, const char *ctx)
{
	int line = line_of(config_setting_get_member(g, "sum"));
	const char *dot = strchr(fl->sum, '.');
	const form_field *lf = NULL;
	int i;

	for (i = 0; dot && i < f->n_fields; i++)
		if (f->fields[i].name && strlen(f->fields[i].name) == (size_t)(dot - fl->sum)
		    && !strncmp(f->fields[i].name, fl->sum, (size_t)(dot - fl->sum))) {
			lf = &f->fields[i];
			break;
		}
	if (!lf || lf->type != FT_LINES) {
		error_at(d, line, ctx, "sum: '%s' is not LINES.COLUMN naming a lines field "
			 "of this form", fl->sum);
		return;
	}
	fl->sum_of = i;
	for (i = 0; i < lf->n_columns; i++)
		if (lf->columns[i].name && !strcmp(lf->columns[i].name, dot + 1))
			break;
	if (i == lf->n_columns || lf->columns[i].type != FT_MONEY) {
		error_at(d, line, ctx, "sum: '%s' has no money column '%s'", lf->name, dot + 1);
		return;
	}
	fl->sum_column = i;
}

/* ---- approvers and steps ------------------------------------------- */

const form_field *field_in(const form_def *f, const char *name)
{
	int i;

	for (i = 0; i < f->n_fields; i++)
		if (f->fields[i].name && !strcmp(f->fields[i].name, name))
			return &f->fields[i];
	return NULL;
}

/* Field names of f as a NULL-terminated vector for suggest(); the caller
 * frees the vector only. */
static const char **field_names(const form_def *f)
{
	const char **v = xcalloc((size_t)f->n_fields + 1, sizeof *v);
	int i, n = 0;

	for (i = 0; i < f->n_fields; i++)
		if (f->fields[i].name)
			v[n++] = f->fields[i].name;
	return v;
}

static int person_type(field_type t)
{
	return t == FT_EMPLOYEE || t == FT_ROOM || t == FT_VEHICLE
		|| t == FT_SPACE || t == FT_SEAL;
}

/* One approver spec into *a; 0, or -1 with the reason in why. */
static int parse_approver(const form_def *f, const char *s, approver_spec *a,
			  char *why, size_t len)
{
	memset(a, 0, sizeof *a);
	if (!strcmp(s, "dept_head")) {
		a->kind = AP_DEPT_HEAD;
		return 0;
	}
	if (!strncmp(s, "chain:", 6)) {
		const char *n = s + 6;

		if (n[0] < '1' || n[0] > '0' + MAX_CHAIN || n[1]) {
			snprintf(why, len, "'%s': chain needs a level 1..%d", s, MAX_CHAIN);
			return -1;
		}
		a->kind = AP_CHAIN;
		a->levels = n[0] - '0';
		return 0;
	}
	if (!strncmp(s, "role:", 5)) {
		if (!formdef_known_role(s + 5)) {
			snprintf(why, len, "unknown role '%s'%s", s + 5,
				 suggest(s + 5, known_roles));
			return -1;
		}
		a->kind = AP_ROLE;
		a->arg = xstrdup(s + 5);
		return 0;
	}
	if (!strncmp(s, "user:", 5)) {
		if (!valid_login(s + 5)) {
			snprintf(why, len, "'%s': '%s' is not a login", s, s + 5);
			return -1;
		}
		a->kind = AP_USER;
		a->arg = xstrdup(s + 5);
		return 0;
	}
	if (!strncmp(s, "field:", 6)) {
		const form_field *fl = field_in(f, s + 6);

		if (!fl) {
			const char **names = field_names(f);

			snprintf(why, len, "unknown field '%s'%s", s + 6,
				 suggest(s + 6, names));
			free(names);
			return -1;
		}
		if (!person_type(fl->type)) {
			snprintf(why, len,
				 "field '%s' is of type %s; an approver field is of "
				 "type employee, room, vehicle, space or seal", s + 6,
				 formdef_type_name(fl->type));
			return -1;
		}
		a->kind = AP_FIELD;
		a->arg = xstrdup(s + 6);
		return 0;
	}
	snprintf(why, len, "unknown approver '%s' (dept_head, chain:N, "
		 "role:NAME, user:LOGIN or field:NAME)", s);
	return -1;
}

/* An approver list setting into *out and *n_out; errors reported. */
static void parse_approvers(diag *d, const form_def *f,
			    const config_setting_t *g, const char *key,
			    const char *ctx, int required,
			    approver_spec **out, int *n_out)
{
	const char **list;
	const config_setting_t *where;
	int n, i;

	*out = NULL;
	*n_out = 0;
	if (get_strlist(d, g, key, ctx, required, &list, &n, &where) <= 0)
		return;
	*out = xcalloc((size_t)n + 1, sizeof **out);
	for (i = 0; i < n; i++) {
		char why[256];

		int line = line_of(config_setting_get_elem(where, (unsigned)i));

		if (parse_approver(f, list[i], &(*out)[*n_out], why, sizeof why) < 0)
			error_at(d, line, ctx, "%s: %s", key, why);
		else
			(*out)[(*n_out)++].line = line;
	}
	free(list);
}

/* A value of the right type for every name a condition may use, so a
 * trial run can catch `purpose > 5` before any request meets it. Numbers
 * are integer and money fields; everything else is text; with
 * empty_optional, fields that need not be filled in are null. */
struct sample {
	const form_def *f;
	int empty_optional;
};

static int sample_lookup(void *ctx, const char *name, expr_value *out)
{
	const struct sample *sm = ctx;
	const form_field *fl;

	if (in_list(name, applicant_idents)) {
		out->type = EXPR_STR;
		out->str = "sample";
		return 1;
	}
	if (!strcmp(name, "over_budget") && formdef_serves(sm->f, "budget")) {
		out->type = EXPR_BOOL;
		out->num = 1;
		return 1;
	}
	fl = field_in(sm->f, name);
	if (!fl)
		return 0;
	if (sm->empty_optional && !fl->required) {
		out->type = EXPR_NULL;
	} else if (fl->type == FT_INTEGER || fl->type == FT_MONEY) {
		out->type = EXPR_NUM;
		out->num = 1234567; /* 12345.67: odd enough not to divide by zero */
	} else {
		out->type = EXPR_STR;
		out->str = fl->type == FT_CHOICE && fl->n_options ? fl->options[0]
			: "sample";
	}
	return 1;
}

struct first_unknown {
	const form_def *f;
	const char *name;
};

static int note_unknown(void *ctx, const char *name)
{
	struct first_unknown *fu = ctx;

	if (formdef_ident_known(fu->f, name))
		return 0;
	fu->name = name;
	return 1;
}

/* A condition setting (a step's when, a field's required_when): compiled,
 * its names checked against the form, and tried with sample values. */
static void parse_condition(diag *d, const form_def *f, const config_setting_t *g,
			    const char *key, expr **out, char **text, const char *ctx)
{
	struct sample sm = { f, 0 };
	const char *s;
	char err[256];
	int line;

	if (get_string(d, g, key, ctx, 0, &s) <= 0)
		return;
	line = line_of(config_setting_get_member(g, key));
	if (!*s) {
		error_at(d, line, ctx, "%s: empty condition (leave it out instead)", key);
		return;
	}
	*out = expr_compile(s, err, sizeof err);
	if (!*out) {
		error_at(d, line, ctx, "%s: %s", key, err);
		return;
	}
	*text = xstrdup(s);
	if (expr_check_idents(*out, sample_lookup, &sm, err,
			      sizeof err) < 0) {
		struct first_unknown fu = { f, NULL };
		const char **names = field_names(f);
		const char *hint = "";

		expr_each_ident(*out, note_unknown, &fu);
		if (fu.name) {
			hint = suggest(fu.name, names);
			if (!*hint)
				hint = suggest(fu.name, applicant_idents);
		}
		error_at(d, line, ctx, "%s: %s%s", key, err, hint);
		free(names);
		return;
	}
	/* Only warnings: the trial values are guesses, and the real ones may
	 * differ (a zero divisor). */
	if (expr_test(*out, sample_lookup, &sm, err, sizeof err) < 0) {
		warn_at(d, line, ctx, "%s: %s (tried with sample values)", key, err);
		return;
	}
	sm.empty_optional = 1;
	if (expr_test(*out, sample_lookup, &sm, err, sizeof err) < 0)
		warn_at(d, line, ctx, "%s: %s when optional fields are empty; "
			"test them with != null first", key, err);
}

static void parse_when(diag *d, const form_def *f, const config_setting_t *g,
		       form_step *st, const char *ctx)
{
	parse_condition(d, f, g, "when", &st->when, &st->when_text, ctx);
}

static void parse_timeout(diag *d, const form_def *f, const config_setting_t *g,
			  form_step *st, const char *ctx)
{
	const char *s;
	int line;

	st->on_timeout = TO_REMIND;
	if (get_string(d, g, "on_timeout", ctx, 0, &s) <= 0)
		return;
	line = line_of(config_setting_get_member(g, "on_timeout"));
	if (!strcmp(s, "remind")) {
		st->on_timeout = TO_REMIND;
	} else if (!strcmp(s, "escalate:up")) {
		st->on_timeout = TO_ESCALATE_UP;
	} else if (!strncmp(s, "escalate:role:", 14)) {
		if (!formdef_known_role(s + 14)) {
			error_at(d, line, ctx, "on_timeout: unknown role '%s'%s",
				 s + 14, suggest(s + 14, known_roles));
			return;
		}
		st->on_timeout = TO_ESCALATE_ROLE;
		st->escalate_role = xstrdup(s + 14);
	} else if (!strcmp(s, "auto_approve")) {
		if (!f->allow_auto_approve) {
			error_at(d, line, ctx, "on_timeout: auto_approve needs "
				 "allow_auto_approve = true in the form");
			return;
		}
		st->on_timeout = TO_AUTO_APPROVE;
	} else {
		error_at(d, line, ctx, "on_timeout: unknown action '%s' (remind, "
			 "escalate:role:NAME, escalate:up or auto_approve)%s", s,
			 suggest(s, timeout_names));
		return;
	}
	if (!st->time_limit)
		warn_at(d, line, ctx, "on_timeout without time_limit never fires");
}

static void parse_step(diag *d, const form_def *f, const config_setting_t *g,
		       form_step *st, int index)
{
	char ctx[64 + MAX_NAME];
	const char *s, **list;
	const config_setting_t *where;
	int n, i;

	st->line = line_of(g);
	snprintf(ctx, sizeof ctx, "step %d", index + 1);
	if (!config_setting_is_group(g)) {
		error_at(d, st->line, ctx, "expected a group { name = ...; approvers = ...; }");
		return;
	}
	if (get_string(d, g, "name", ctx, 1, &s) > 0) {
		if (!valid_name(s))
			error_at(d, line_of(config_setting_get_member(g, "name")), ctx,
				 "name '%s' is not [a-z_][a-z0-9_]{0,31}", s);
		else {
			st->name = xstrdup(s);
			snprintf(ctx, sizeof ctx, "step '%s'", s);
		}
	}
	check_keys(d, g, step_keys, ctx);
	if (get_string(d, g, "title", ctx, 0, &s) > 0 && *s)
		st->title = xstrdup(s);
	else if (st->name)
		st->title = xstrdup(st->name);
	if (get_string(d, g, "title_en", ctx, 0, &s) > 0 && *s)
		st->title_en = xstrdup(s);
	parse_approvers(d, f, g, "approvers", ctx, 1, &st->approvers,
			&st->n_approvers);
	if (get_string(d, g, "mode", ctx, 0, &s) > 0) {
		if (!strcmp(s, "all"))
			st->mode_all = 1;
		else if (strcmp(s, "any"))
			error_at(d, line_of(config_setting_get_member(g, "mode")), ctx,
				 "mode: '%s' is neither \"any\" nor \"all\"%s", s,
				 suggest(s, mode_names));
	}
	parse_when(d, f, g, st, ctx);
	get_int_range(d, g, "time_limit", ctx, 0, MAX_TIME_LIMIT, &st->time_limit);
	parse_timeout(d, f, g, st, ctx);
	parse_approvers(d, f, g, "cc", ctx, 0, &st->cc, &st->n_cc);
	if (get_strlist(d, g, "editable", ctx, 0, &list, &n, &where) > 0) {
		const char **names = field_names(f);

		st->editable = xcalloc((size_t)n + 1, sizeof *st->editable);
		for (i = 0; i < n; i++) {
			const form_field *ef = field_in(f, list[i]);

			if (!ef)
				error_at(d, line_of(config_setting_get_elem(where, (unsigned)i)),
					 ctx, "editable: unknown field '%s'%s", list[i],
					 suggest(list[i], names));
			else if (ef->sum)
				error_at(d, line_of(config_setting_get_elem(where, (unsigned)i)),
					 ctx, "editable: '%s' is computed from %s; list the lines "
					 "field instead", list[i], ef->sum);
			else
				st->editable[st->n_editable++] = xstrdup(list[i]);
		}
		free(names);
		free(list);
	}
}

/* ---- forms --------------------------------------------------------- */

static int has_type(const form_def *f, int t)
{
	int i;

	for (i = 0; i < f->n_fields; i++)
		if ((int)f->fields[i].type == t)
			return 1;
	return 0;
}

static void parse_effects(diag *d, form_def *f, const config_setting_t *g)
{
	const char **list;
	const config_setting_t *where;
	int n, i, j, k;

	if (get_strlist(d, g, "effects", "", 0, &list, &n, &where) <= 0)
		return;
	f->effects = xcalloc((size_t)n + 1, sizeof *f->effects);
	for (i = 0; i < n; i++) {
		int line = line_of(config_setting_get_elem(where, (unsigned)i));

		for (k = 0; k < N_EFFECTS; k++)
			if (!strcmp(known_effects[k].name, list[i]))
				break;
		if (k == N_EFFECTS) {
			const char *names[N_EFFECTS + 1];

			for (j = 0; j < N_EFFECTS; j++)
				names[j] = known_effects[j].name;
			names[N_EFFECTS] = NULL;
			error_at(d, line, "", "effects: unknown effect '%s'%s", list[i],
				 suggest(list[i], names));
			continue;
		}
		for (j = 0; j < i; j++)
			if (!strcmp(list[i], list[j]))
				break;
		if (j < i) {
			error_at(d, line, "", "effects: '%s' is listed twice", list[i]);
			continue;
		}
		for (j = 0; known_effects[k].needs[j] >= 0; j++)
			if (!has_type(f, known_effects[k].needs[j]))
				error_at(d, line, "", "effects: '%s' needs a field of type %s",
					 list[i], type_names[known_effects[k].needs[j]]);
		f->effects[f->n_effects++] = xstrdup(list[i]);
	}
	free(list);
}

/* serves = ["restock", ...]: the roles the form plays for the code. */
static void parse_on_behalf(diag *d, form_def *f, const config_setting_t *g);
static void parse_serves(diag *d, form_def *f, const config_setting_t *g)
{
	const char **list;
	const config_setting_t *where;
	int n, i, j, k;

	if (get_strlist(d, g, "serves", "", 0, &list, &n, &where) <= 0)
		return;
	f->serves = xcalloc((size_t)n + 1, sizeof *f->serves);
	for (i = 0; i < n; i++) {
		int line = line_of(config_setting_get_elem(where, (unsigned)i));

		for (k = 0; k < N_SERVES; k++)
			if (!strcmp(known_serves[k].name, list[i]))
				break;
		if (k == N_SERVES) {
			const char *names[N_SERVES + 1];

			for (j = 0; j < N_SERVES; j++)
				names[j] = known_serves[j].name;
			names[N_SERVES] = NULL;
			error_at(d, line, "", "serves: unknown role '%s'%s", list[i], suggest(list[i], names));
			continue;
		}
		for (j = 0; j < 3 && known_serves[k].needs[j] >= 0; j++)
			if (!has_type(f, known_serves[k].needs[j]))
				error_at(d, line, "", "serves: '%s' needs a field of type %s",
					 list[i], type_names[known_serves[k].needs[j]]);
		f->serves[f->n_serves++] = xstrdup(list[i]);
	}
	free(list);
}

/* The fields list (read first: steps refer to it). */
static void parse_fields(diag *d, form_def *f, const config_setting_t *g)
{
	config_setting_t *list = config_setting_get_member(g, "fields");
	int n, i, j;

	if (!list) {
		missing(d, g, "", "fields");
		return;
	}
	if (!config_setting_is_list(list)) {
		error_at(d, line_of(list), "", "fields: expected a list ( { ... }, ... )");
		return;
	}
	n = config_setting_length(list);
	if (n == 0) {
		error_at(d, line_of(list), "", "fields: must not be empty");
		return;
	}
	if (n > MAX_FIELDS) {
		error_at(d, line_of(list), "", "fields: %d fields; at most %d",
			 n, MAX_FIELDS);
		return;
	}
	f->fields = xcalloc((size_t)n, sizeof *f->fields);
	for (i = 0; i < n; i++) {
		form_field *fl = &f->fields[i];

		parse_field(d, config_setting_get_elem(list, (unsigned)i), fl, i, NULL);
		f->n_fields++;
		if (!fl->name)
			continue;
		for (j = 0; j < i; j++)
			if (f->fields[j].name && !strcmp(f->fields[j].name, fl->name)) {
				error_at(d, fl->line, "", "field '%s' is defined twice "
					 "(first at line %d)", fl->name, f->fields[j].line);
				break;
			}
	}
	/* Conditions and sums may name any field, so they wait for all of them. */
	for (i = 0; i < f->n_fields; i++) {
		char ctx[64];

		snprintf(ctx, sizeof ctx, "field '%s'", f->fields[i].name ? f->fields[i].name : "?");
		parse_condition(d, f, config_setting_get_elem(list, (unsigned)i), "required_when",
				&f->fields[i].required_when, &f->fields[i].required_when_text, ctx);
		if (f->fields[i].sum)
			resolve_sum(d, f, &f->fields[i], config_setting_get_elem(list, (unsigned)i), ctx);
		if (f->fields[i].not_before) {
			const form_field *o = field_in(f, f->fields[i].not_before);
			int line = line_of(config_setting_get_member(config_setting_get_elem(list, (unsigned)i),
								     "not_before"));

			if (!o || o == &f->fields[i] ||
			    (o->type != FT_DATE && o->type != FT_DATETIME && o->type != FT_TIMERANGE))
				error_at(d, line, ctx, "not_before: '%s' is not another date, datetime or "
					 "timerange field of this form", f->fields[i].not_before);
		}
	}
}

static void parse_steps(diag *d, form_def *f, const config_setting_t *g)
{
	config_setting_t *list = config_setting_get_member(g, "steps");
	int n, i, j;

	if (!list) {
		missing(d, g, "", "steps");
		return;
	}
	if (!config_setting_is_list(list)) {
		error_at(d, line_of(list), "", "steps: expected a list ( { ... }, ... )");
		return;
	}
	n = config_setting_length(list);
	if (n == 0) {
		error_at(d, line_of(list), "", "steps: must not be empty");
		return;
	}
	if (n > MAX_STEPS) {
		error_at(d, line_of(list), "", "steps: %d steps; at most %d",
			 n, MAX_STEPS);
		return;
	}
	if (n > CORE_STEPS)
		warn_at(d, line_of(list), "", "%d approval steps; core processes "
			"keep at most five", n);
	f->steps = xcalloc((size_t)n, sizeof *f->steps);
	for (i = 0; i < n; i++) {
		form_step *st = &f->steps[i];

		parse_step(d, f, config_setting_get_elem(list, (unsigned)i), st, i);
		f->n_steps++;
		if (!st->name)
			continue;
		for (j = 0; j < i; j++)
			if (f->steps[j].name && !strcmp(f->steps[j].name, st->name)) {
				error_at(d, st->line, "", "step '%s' is defined twice "
					 "(first at line %d)", st->name, f->steps[j].line);
				break;
			}
	}
}

/* Reads the form group g into f, reporting every problem. */
static void parse_form(diag *d, const config_setting_t *g, form_def *f)
{
	const char *s;
	int line;

	f->line = line_of(g);
	check_keys(d, g, form_keys, "");
	if (get_string(d, g, "id", "", 1, &s) > 0) {
		if (!valid_form_id(s))
			error_at(d, line_of(config_setting_get_member(g, "id")), "",
				 "id '%s' is not [a-z0-9_]{1,32}", s);
		else
			f->id = xstrdup(s);
	}
	if (get_string(d, g, "title", "", 1, &s) > 0)
		f->title = xstrdup(s);
	if (get_string(d, g, "title_en", "", 0, &s) > 0 && *s)
		f->title_en = xstrdup(s);
	if (get_string(d, g, "prefix", "", 1, &s) > 0) {
		if (!valid_prefix(s))
			error_at(d, line_of(config_setting_get_member(g, "prefix")), "",
				 "prefix '%s' is not 1 to 6 capital letters A-Z", s);
		else
			f->prefix = xstrdup(s);
	}
	get_bool(d, g, "allow_auto_approve", "", &f->allow_auto_approve);
	parse_fields(d, f, g);
	parse_on_behalf(d, f, g);
	parse_serves(d, f, g); /* before the steps: their conditions may ask for over_budget */
	/* summary: one field, or a list of them shown together in lists. */
	{
		config_setting_t *sm = config_setting_get_member(g, "summary");
		const char **list = NULL, *one = NULL;
		const config_setting_t *where = NULL;
		int n = 0;

		if (sm && config_setting_type(sm) == CONFIG_TYPE_STRING) {
			if (get_string(d, g, "summary", "", 0, &one) > 0)
				list = &one, n = 1;
		} else if (sm && get_strlist(d, g, "summary", "", 0, &list, &n, &where) < 0) {
			n = 0;
		}
		f->summary_fields = xcalloc((size_t)n + 1, sizeof *f->summary_fields);
		for (int i = 0; i < n; i++) {
			line = line_of(where ? config_setting_get_elem(where, (unsigned)i) : sm);
			if (!field_in(f, list[i])) {
				const char **names = field_names(f);

				error_at(d, line, "", "summary: unknown field '%s'%s", list[i],
					 suggest(list[i], names));
				free(names);
			} else {
				f->summary_fields[f->n_summary++] = xstrdup(list[i]);
			}
		}
		if (f->n_summary)
			f->summary_field = xstrdup(f->summary_fields[0]);
		if (list != &one)
			free(list);
	}
	parse_steps(d, f, g);
	parse_approvers(d, f, g, "cc", "", 0, &f->cc, &f->n_cc);
	parse_effects(d, f, g);
}

/* ---- a file -------------------------------------------------------- */

int formdef_parse_file(diag *d, const char *path, form_def *f, int *id_line,
		       int *prefix_line)
{
	config_t cfg;
	config_setting_t *root, *g;
	char *buf;
	size_t len;
	int rc = -1;

	buf = read_file(d, path, &len);
	if (!buf || check_bytes(d, buf, len) < 0) {
		free(buf);
		return -1;
	}
	config_init(&cfg);
	if (config_read_string(&cfg, buf) != CONFIG_TRUE) {
		error_at(d, config_error_line(&cfg), "", "%s",
			 config_error_text(&cfg));
		config_destroy(&cfg);
		free(buf);
		return -1;
	}
	root = config_root_setting(&cfg);
	check_keys(d, root, top_keys, "");
	g = config_setting_get_member(root, "form");
	if (!g)
		error_at(d, 1, "", "missing required setting 'form'");
	else if (!config_setting_is_group(g))
		error_at(d, line_of(g), "", "form: expected a group form = { ... };");
	else {
		parse_form(d, g, f);
		*id_line = line_of(config_setting_get_member(g, "id"));
		*prefix_line = line_of(config_setting_get_member(g, "prefix"));
		rc = 0;
	}
	config_destroy(&cfg);
	free(buf);
	return rc;
}

/* ---- what the language knows ------------------------------------- */

int formdef_known_role(const char *name)
{
	return name && in_list(name, known_roles);
}

int formdef_known_effect(const char *name)
{
	int i;

	for (i = 0; name && i < N_EFFECTS; i++)
		if (!strcmp(known_effects[i].name, name))
			return 1;
	return 0;
}

int formdef_serves(const form_def *f, const char *role)
{
	for (int i = 0; f && role && i < f->n_serves; i++)
		if (!strcmp(f->serves[i], role))
			return 1;
	return 0;
}

int formdef_ident_known(const form_def *f, const char *name)
{
	if (!name)
		return 0;
	return in_list(name, applicant_idents) || (f && field_in(f, name)) ||
	       (!strcmp(name, "over_budget") && formdef_serves(f, "budget"));
}

/* on_behalf = ["role:admin_staff", ...]: who may submit the form for
 * someone else (the request is then that person's, its route theirs). */
static void parse_on_behalf(diag *d, form_def *f, const config_setting_t *g)
{
	const char **list;
	const config_setting_t *where;
	int n, i;

	if (get_strlist(d, g, "on_behalf", "", 0, &list, &n, &where) <= 0)
		return;
	f->on_behalf = xcalloc((size_t)n + 1, sizeof *f->on_behalf);
	for (i = 0; i < n; i++) {
		int line = line_of(config_setting_get_elem(where, (unsigned)i));

		if (strncmp(list[i], "role:", 5) != 0) {
			error_at(d, line, "", "on_behalf: '%s' is not role:NAME", list[i]);
			continue;
		}
		if (!formdef_known_role(list[i] + 5)) {
			error_at(d, line, "", "on_behalf: unknown role '%s'%s", list[i] + 5,
				 suggest(list[i] + 5, known_roles));
			continue;
		}
		f->on_behalf[f->n_on_behalf++] = xstrdup(list[i] + 5);
	}
	free(list);
}
