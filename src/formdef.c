/* The registry of loaded forms: every forms/NAME.conf of a directory read
 * (formdef_parse.c), the checks that span files, and the lookups the rest
 * of the program asks.
 *
 * Why the shapes below:
 * - Checks that span files (duplicate ids and prefixes, request fields
 *   naming another form) run once every file is read; a form that fails
 *   them is dropped, and so is any form that in turn refers to it.
 * - Loading goes into a registry value, so `forms check DIR` can validate a
 *   directory without disturbing the forms the program is running with. */
#include "autoconf.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fieldtype.h"
#include "formdef.h"
#include "formdef_int.h"
#include "i18n.h"
#include "util.h"

/* ---- files and the registry ---------------------------------------- */

/* What is known about every form id met, loaded or not, for cross-file
 * messages that can say "has errors" instead of "unknown". */
struct seen {
	char *id, *prefix, *file;
	int id_line, prefix_line;
	int loaded;
};

typedef struct {
	form_def *forms;
	int n, cap;
	struct seen *seen;
	int n_seen, cap_seen;
} registry;

static registry current;

static void registry_free(registry *r)
{
	int i;

	for (i = 0; i < r->n; i++)
		free_form(&r->forms[i]);
	free(r->forms);
	for (i = 0; i < r->n_seen; i++) {
		free(r->seen[i].id);
		free(r->seen[i].prefix);
		free(r->seen[i].file);
	}
	free(r->seen);
	memset(r, 0, sizeof *r);
}

static struct seen *seen_find(registry *r, const char *id)
{
	int i;

	for (i = 0; i < r->n_seen; i++)
		if (!strcmp(r->seen[i].id, id))
			return &r->seen[i];
	return NULL;
}

/* Cross-file checks for a freshly parsed form, then records it as seen. */
static void check_unique(diag *d, registry *r, form_def *f, int id_line,
			 int prefix_line)
{
	struct seen *s;
	int i;

	if (!f->id)
		return;
	s = seen_find(r, f->id);
	if (s) {
		error_at(d, id_line, "",
			 "duplicate form id '%s' (also in %s:%d)", f->id, s->file,
			 s->id_line);
		return;
	}
	if (f->prefix)
		for (i = 0; i < r->n_seen; i++)
			if (r->seen[i].prefix && !strcmp(r->seen[i].prefix, f->prefix)) {
				error_at(d, prefix_line, "",
					 "prefix '%s' is already used by form '%s' (%s:%d)",
					 f->prefix, r->seen[i].id, r->seen[i].file,
					 r->seen[i].prefix_line);
				break;
			}
	if (r->n_seen == r->cap_seen) {
		r->cap_seen = r->cap_seen ? r->cap_seen * 2 : 16;
		r->seen = xrealloc(r->seen, (size_t)r->cap_seen * sizeof *r->seen);
	}
	s = &r->seen[r->n_seen++];
	memset(s, 0, sizeof *s);
	s->id = xstrdup(f->id);
	s->prefix = f->prefix ? xstrdup(f->prefix) : NULL;
	s->file = xstrdup(d->path);
	s->id_line = id_line;
	s->prefix_line = prefix_line;
}

/* Loads one file into r if it is clean. */
static void load_file(registry *r, const char *path, FILE *err, int *errors,
		      int *warnings)
{
	diag d = { .path = path, .out = err };
	form_def f;
	int id_line = 1, prefix_line = 1;

	memset(&f, 0, sizeof f);
	if (formdef_parse_file(&d, path, &f, &id_line, &prefix_line) == 0)
		check_unique(&d, r, &f, id_line, prefix_line);
	if (d.errors == 0 && f.id) {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 16;
			r->forms = xrealloc(r->forms, (size_t)r->cap * sizeof *r->forms);
		}
		f.file = xstrdup(path);
		r->forms[r->n++] = f;
		seen_find(r, f.id)->loaded = 1;
		memset(&f, 0, sizeof f);
	}
	free_form(&f);
	*errors += d.errors;
	*warnings += d.warnings;
	diag_flush(&d);
}

static const form_def *registry_find(const registry *r, const char *id)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->forms[i].id, id))
			return &r->forms[i];
	return NULL;
}

/* Request fields must name a loaded form. Dropping a form can break one
 * that refers to it, so repeat until nothing changes. */
static void check_refs(registry *r, FILE *err, int *errors)
{
	int changed, i, j;

	do {
		changed = 0;
		for (i = 0; i < r->n; i++) {
			form_def *f = &r->forms[i];
			diag d = { .path = f->file, .out = err };

			for (j = 0; j < f->n_fields; j++) {
				const form_field *fl = &f->fields[j];
				struct seen *s;

				if (fl->type != FT_REQUEST || !fl->ref_form
				    || registry_find(r, fl->ref_form))
					continue;
				s = seen_find(r, fl->ref_form);
				if (s)
					error_at(&d, fl->line, "", "field '%s': form '%s' "
						 "(%s) did not load", fl->name, fl->ref_form,
						 s->file);
				else
					error_at(&d, fl->line, "", "field '%s': unknown form "
						 "'%s'", fl->name, fl->ref_form);
			}
			if (d.errors) {
				seen_find(r, f->id)->loaded = 0;
				*errors += d.errors;
				diag_flush(&d);
				free_form(f);
				memmove(f, f + 1, (size_t)(r->n - i - 1) * sizeof *f);
				r->n--;
				changed = 1;
				break;
			}
		}
	} while (changed);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_form_file(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && !strcmp(name + n - 5, ".conf");
}

static af_status load_into(registry *r, const char *dir, FILE *err,
			   int *warnings)
{
	DIR *dp;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i, dlen;
	int errors = 0;

	*warnings = 0;
	dp = opendir(dir);
	if (!dp) {
		if (err)
			fprintf(err, "%s: cannot open the forms directory: %s\n", dir,
				strerror(errno));
		return af_fail(AF_ERROR, "%s: %s", dir, strerror(errno));
	}
	while ((de = readdir(dp))) {
		if (!is_form_file(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	dlen = strlen(dir);
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%.*s/%s", (int)dlen, dir, names[i]);

		load_file(r, path, err, &errors, warnings);
		free(path);
		free(names[i]);
	}
	free(names);
	check_refs(r, err, &errors);
	if (errors)
		return af_fail(AF_INVALID, "%s: %d error%s in form definitions",
			       dir, errors, errors == 1 ? "" : "s");
	return AF_OK;
}

/* ---- the public face ----------------------------------------------- */

af_status formdef_load(const char *dir, FILE *err)
{
	int warnings;

	registry_free(&current);
	return load_into(&current, dir, err, &warnings);
}

af_status formdef_check_dir(const char *dir, FILE *out, int *n_forms,
			    int *n_warnings)
{
	registry r;
	af_status st;
	int warnings;

	memset(&r, 0, sizeof r);
	st = load_into(&r, dir, out, &warnings);
	if (n_forms)
		*n_forms = r.n;
	if (n_warnings)
		*n_warnings = warnings;
	registry_free(&r);
	return st;
}

void formdef_free(void)
{
	registry_free(&current);
}

int formdef_count(void)
{
	return current.n;
}

const form_def *formdef_at(int i)
{
	return i >= 0 && i < current.n ? &current.forms[i] : NULL;
}

const form_def *formdef_find(const char *id)
{
	return id ? registry_find(&current, id) : NULL;
}

const form_field *formdef_field(const form_def *f, const char *name)
{
	return f && name ? field_in(f, name) : NULL;
}

const char *formdef_type_name(field_type t)
{
	return fieldtype(t) ? fieldtype(t)->name : "?";
}

/* The English text when the messages are not in Chinese and there is one. */
static const char *in_language(const char *own, const char *english)
{
	return english && !i18n_chinese() ? english : own;
}

const char *formdef_title(const form_def *f)
{
	return in_language(f->title, f->title_en);
}

const char *formdef_label(const form_field *fl)
{
	return in_language(fl->label, fl->label_en);
}

const char *formdef_option_label(const form_field *fl, const char *option)
{
	for (int i = 0; option && i < fl->n_options; i++)
		if (strcmp(fl->options[i], option) == 0) {
			const char *own = fl->option_labels ? fl->option_labels[i] : option;

			return in_language(own, fl->option_labels_en ? fl->option_labels_en[i] : NULL);
		}
	return option;
}

const form_step *formdef_field_step(const form_def *f, const form_field *fd)
{
	if (fd->required || fd->required_when || fd->sum)
		return NULL;
	for (int i = 0; i < f->n_steps; i++)
		for (int k = 0; k < f->steps[i].n_editable; k++)
			if (strcmp(f->steps[i].editable[k], fd->name) == 0)
				return &f->steps[i];
	return NULL;
}

const char *formdef_step_title(const form_step *st)
{
	return in_language(st->title, st->title_en);
}

char *formdef_money_paths(const char *role)
{
	strbuf sb = {0};

	sb_puts(&sb, "{");
	for (int i = 0; i < formdef_count(); i++) {
		const form_def *f = formdef_at(i);
		const char *money = NULL;

		if (!formdef_serves(f, role))
			continue;
		for (int k = 0; k < f->n_fields; k++) {
			if (f->fields[k].type != FT_MONEY)
				continue;
			if (!money)
				money = f->fields[k].name;
			if (f->fields[k].sum) {
				money = f->fields[k].name;
				break;
			}
		}
		sb_printf(&sb, "%s\"%s\":\"$.%s\"", sb.len > 1 ? "," : "", f->id, money ? money : "amount");
	}
	sb_puts(&sb, "}");
	return sb_take(&sb);
}

char *formdef_serving_ids(const char *role)
{
	strbuf sb = {0};

	sb_puts(&sb, "[");
	for (int i = 0; i < formdef_count(); i++)
		if (formdef_serves(formdef_at(i), role))
			sb_printf(&sb, "%s\"%s\"", sb.len > 1 ? "," : "", formdef_at(i)->id);
	sb_puts(&sb, "]");
	return sb_take(&sb);
}

const char *formdef_field_of_type(const form_def *f, field_type t)
{
	for (int i = 0; f && i < f->n_fields; i++)
		if (f->fields[i].type == t)
			return f->fields[i].name;
	return NULL;
}

int formdef_id_serves(const char *form_id, const char *role)
{
	return formdef_serves(formdef_find(form_id), role);
}

const form_def *formdef_serving(const char *role)
{
	for (int i = 0; i < formdef_count(); i++)
		if (formdef_serves(formdef_at(i), role))
			return formdef_at(i);
	return NULL;
}

const form_step *formdef_step(const form_def *f, const char *name)
{
	int i;

	if (!f || !name)
		return NULL;
	for (i = 0; i < f->n_steps; i++)
		if (!strcmp(f->steps[i].name, name))
			return &f->steps[i];
	return NULL;
}
