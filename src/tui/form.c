/* A form drawn from its definition: fields in order with labels and help,
 * validation as you go, pickers with type-to-search, the route preview, and
 * a draft kept on every change. */
#include "autoconf.h"
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "drafts.h"
#include "engine.h"
#include "formdef.h"
#include "submit.h"
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"
#include "views.h"

struct form {
	const form_def *f;
	char **values;      /* per field; NULL: empty */
	char *error;        /* the latest validation message */
	char *warning;      /* over budget: said under the fields, not refused */
	int error_field;    /* its field, or -1 */
	int cursor, top;
};

static struct form *active; /* the form whose draft SIGHUP saves */

static void save_draft(struct form *fm)
{
	const char **names = xcalloc((size_t)fm->f->n_fields, sizeof *names);

	for (int i = 0; i < fm->f->n_fields; i++)
		names[i] = fm->f->fields[i].name;
	drafts_save(me.login, fm->f->id, fm->f->n_fields, names, fm->values);
	free(names);
}

void form_save_drafts_now(void)
{
	if (active)
		save_draft(active);
}

static void set_value(void *ctx, const char *name, const char *value)
{
	struct form *fm = ctx;
	const form_field *fd = formdef_field(fm->f, name);

	if (!fd)
		return;
	free(fm->values[fd - fm->f->fields]);
	fm->values[fd - fm->f->fields] = xstrdup(value);
}

static engine_input *inputs(struct form *fm, int *n)
{
	engine_input *in = xcalloc((size_t)fm->f->n_fields + 1, sizeof *in);

	*n = 0;
	for (int i = 0; i < fm->f->n_fields; i++) {
		/* A computed field is the engine's to work out. */
		if (!fm->values[i] || !*fm->values[i] || fm->f->fields[i].sum)
			continue;
		in[*n].name = fm->f->fields[i].name;
		in[*n].value = fm->values[i];
		(*n)++;
	}
	return in;
}

/* Whether the form as filled in would go over its department's budget:
 * said under the fields (the route decides who approves it). */
static void budget_warning(struct form *fm)
{
	int n;
	engine_input *in = inputs(fm, &n);
	char why[200];

	free(fm->warning);
	fm->warning = engine_budget_warning(fm->f, in, n, why, sizeof why) ? xstrdup(why) : NULL;
	free(in);
}

/* Validates the whole form; keeps the message when it names a field. */
static af_status validate(struct form *fm, int only_field)
{
	int n;
	engine_input *in = inputs(fm, &n);
	af_status st = engine_validate(fm->f, in, n);

	free(in);
	if (st == AF_OK)
		budget_warning(fm);
	free(fm->error);
	fm->error = NULL;
	fm->error_field = -1;
	if (st == AF_OK)
		return st;
	for (int i = 0; i < fm->f->n_fields; i++) {
		char prefix[64];

		snprintf(prefix, sizeof prefix, "field %s:", fm->f->fields[i].name);
		if (strncmp(af_errmsg(), prefix, strlen(prefix)) == 0) {
			/* While filling in, a field still empty is not yet an error. */
			if (only_field >= 0 && i != only_field)
				return st;
			fm->error_field = i;
		}
	}
	fm->error = xstrdup(af_errmsg());
	return st;
}

static void form_draw(struct screen *s, int top, int h, int w)
{
	struct form *fm = s->data;
	int lw = w < 70 ? 10 : 14, y = top + 1, rows = h - 3;
	char head[256];

	snprintf(head, sizeof head, " %s (%s)", formdef_title(fm->f), fm->f->id);
	ui_text(top, 0, head, w, ui_attr(R_HEADER), 1);
	if (fm->cursor < fm->top)
		fm->top = fm->cursor;
	while (fm->cursor >= fm->top + rows)
		fm->top++;
	for (int i = fm->top; i < fm->f->n_fields && y < top + 1 + rows; i++, y++) {
		const form_field *fd = &fm->f->fields[i];
		char label[160];
		attr_t attr = i == fm->cursor ? ui_attr(R_CURSOR) : A_NORMAL;
		const char *v = fm->values[i] ? fm->values[i] : "";
		char *sum = fd->sum ? engine_sum_text(fm->f, fd, fm->values[fd->sum_of]) : NULL;

		if (fd->sum) /* read-only: the sum of its lines as they stand */
			v = sum ? sum : "";
		snprintf(label, sizeof label, "%s%s", fd->required ? "*" : " ", formdef_label(fd));
		ui_text(y, 0, label, lw, i == fm->cursor ? ui_attr(R_CURSOR) : ui_attr(R_HEADER), 1);
		if (!*v && i == fm->cursor)
			v = fd->help ? fd->help : formdef_type_name(fd->type);
		ui_text(y, lw + 1, v, w - lw - 1, i == fm->error_field ? ui_attr(R_ERROR) :
			((!fm->values[i] && i == fm->cursor) || fd->sum) ? ui_attr(R_DIM) | attr : attr, 1);
		free(sum);
	}
	if (fm->error)
		ui_text(top + h - 2, 0, fm->error, w, ui_attr(R_ERROR), 1);
	else if (fm->warning) /* the claim may still go: the route says who decides */
		ui_text(top + h - 2, 0, fm->warning, w, ui_attr(R_OVERDUE), 1);
	else if (fm->cursor < fm->f->n_fields && fm->f->fields[fm->cursor].help)
		ui_text(top + h - 2, 0, fm->f->fields[fm->cursor].help, w, ui_attr(R_DIM), 1);
}

static void pick_reload(void *ctx, const char *query, view_table *t)
{
	views_pick(ctx, query, t);
}

/* The table editor changed the field under the cursor. */
static void table_changed(void *ctx)
{
	struct form *fm = ctx;

	save_draft(fm);
	validate(fm, fm->cursor);
}

int form_field_edit(const form_def *f, const form_field *fd, char **value,
		    void (*changed)(void *ctx), void *ctx)
{
	char *v = NULL, label[160];
	const char *type = formdef_type_name(fd->type);

	snprintf(label, sizeof label, "%s:", formdef_label(fd));
	if (fd->sum) {
		ui_message(R_DIM, _("%s is the sum of %s: change the lines"), formdef_label(fd), fd->sum);
		return 0;
	}
	switch (fd->type) {
	case FT_CHOICE: {
		view_table t;

		views_options(f->id, fd->name, &t);
		v = ui_pick(formdef_label(fd), &t, NULL, NULL);
		break;
	}
	case FT_EMPLOYEE: case FT_DEPARTMENT: case FT_ROOM: case FT_VEHICLE: case FT_SPACE:
	case FT_ASSET: case FT_SUPPLIER: case FT_SEAL: {
		view_table t;

		views_pick(type, "", &t);
		v = ui_pick(formdef_label(fd), &t, pick_reload, (void *)type);
		break;
	}
	case FT_SUPPLY_LINES:
	case FT_LINES:
		/* A table of its own; it writes back on every change. */
		table_open(f, fd, value, changed, ctx);
		return 0;
	case FT_DATE:
		v = ui_pick_date(formdef_label(fd), *value);
		break;
	case FT_TIMERANGE:
		v = ui_prompt(_("from/to (YYYY-MM-DD HH:MM/HH:MM):"), *value);
		break;
	case FT_MULTICHOICE: {
		strbuf opts = {0};

		for (int i = 0; i < fd->n_options; i++)
			sb_printf(&opts, "%s%s", i ? "," : "", fd->options[i]);
		ui_message(R_DIM, "%s", opts.buf ? opts.buf : "");
		sb_free(&opts);
		v = ui_prompt(label, *value);
		break;
	}
	default:
		v = ui_prompt(label, *value);
		break;
	}
	if (!v)
		return 0;
	free(*value);
	*value = *v ? v : NULL;
	if (!*v)
		free(v);
	return 1;
}

static void edit_field(struct form *fm)
{
	if (form_field_edit(fm->f, &fm->f->fields[fm->cursor], &fm->values[fm->cursor], table_changed, fm)) {
		save_draft(fm);
		validate(fm, fm->cursor);
	}
}

static void preview(struct form *fm)
{
	int n, nlines;
	engine_input *in = inputs(fm, &n);
	engine_route_line *lines;
	af_status st = engine_route_lines(fm->f, in, n, &lines, &nlines);
	view_table t = {0};
	static const char *headers[] = { N_("step"), N_("approver"), N_("why"), N_("deadline") };

	free(in);
	if (st != AF_OK) {
		validate(fm, -1);
		ui_message(R_ERROR, "%s", af_errmsg());
		return;
	}
	/* The route's lines (step, approver, why, deadline) as a table. */
	t.headers = headers;
	t.ncols = 4;
	t.cells = xcalloc((size_t)nlines * 4 + 1, sizeof *t.cells);
	t.keys = xcalloc((size_t)nlines + 1, sizeof *t.keys);
	t.flags = xcalloc((size_t)nlines + 1, 1);
	for (int i = 0; i < nlines; i++) {
		const form_step *sd = formdef_step(fm->f, lines[i].step);

		t.cells[i * 4] = xstrdup(sd ? formdef_step_title(sd) : lines[i].title);
		t.cells[i * 4 + 1] = xstrdup(lines[i].approver);
		t.cells[i * 4 + 2] = xstrdup(lines[i].why);
		t.cells[i * 4 + 3] = xstrdup(lines[i].deadline);
		t.keys[i] = xstrdup("");
	}
	t.nrows = nlines;
	engine_route_lines_free(lines, nlines);
	free(ui_pick(_("the route (Esc)"), &t, NULL, NULL));
}

static void submit(struct screen *s, struct form *fm)
{
	char key[33], number[64];
	int n;
	engine_input *in;
	af_status st;

	if (validate(fm, -1) != AF_OK) {
		if (fm->error_field >= 0)
			fm->cursor = fm->error_field;
		return;
	}
	if (!ui_confirm(_("submit?")))
		return;
	in = inputs(fm, &n);
	af_random_key(key);
	ui_waiting();
	st = submit_durable(fm->f, in, n, key, number, sizeof number, NULL);
	free(in);
	if (st == AF_OK) {
		drafts_remove(me.login, fm->f->id);
		ui_pop();
		ui_message(R_GOOD, _("submitted %s"), number);
		(void)s;
		return;
	}
	/* The input stays on screen and in the draft; busy shares are retried. */
	fm->error = xstrdup(af_errmsg());
	ui_message(R_ERROR, "%s", af_errmsg());
}

static int form_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct form *fm = s->data;

	(void)ch;
	switch (a) {
	case UI_UP:
	case UI_PREV:
		if (fm->cursor > 0)
			fm->cursor--;
		return 1;
	case UI_DOWN:
	case UI_NEXT:
		if (fm->cursor < fm->f->n_fields - 1)
			fm->cursor++;
		return 1;
	case UI_TOP:
		fm->cursor = 0;
		return 1;
	case UI_BOTTOM:
		fm->cursor = fm->f->n_fields - 1;
		return 1;
	case UI_ENTER:
		edit_field(fm);
		return 1;
	case UI_PREVIEW:
		preview(fm);
		return 1;
	case UI_SUBMIT:
		submit(s, fm);
		return 1;
	case UI_QUIT:
	case UI_BACK:
		/* Leaving keeps the draft: it is offered next time. */
		ui_pop();
		return 1;
	default:
		return a != UI_NONE && a != UI_HELP && a != UI_HOME && a != UI_INBOX &&
		       a != UI_NOTICES && a != UI_REGISTERS;
	}
}

static void form_done(struct screen *s)
{
	struct form *fm = s->data;

	if (active == fm)
		active = NULL;
	for (int i = 0; i < fm->f->n_fields; i++)
		free(fm->values[i]);
	free(fm->values);
	free(fm->error);
	free(fm->warning);
	free(fm);
}

static const enum ui_action form_hints[] = { UI_ENTER, UI_PREVIEW, UI_SUBMIT, UI_QUIT, UI_NONE };
static const struct screen_ops form_ops = { N_("form"), NULL, form_draw, form_handle, form_done, form_hints };

void form_open(const char *form_id, const char *preset_name, const char *preset_value)
{
	form_open_with(form_id, &preset_name, &preset_value, preset_name ? 1 : 0);
}

void form_open_with(const char *form_id, const char *const *names, const char *const *values, int n)
{
	const form_def *f = formdef_find(form_id);
	struct form *fm;

	if (!f) {
		ui_message(R_ERROR, _("form %s: not defined"), form_id);
		return;
	}
	fm = xcalloc(1, sizeof *fm);
	fm->f = f;
	fm->values = xcalloc((size_t)f->n_fields + 1, sizeof *fm->values);
	fm->error_field = -1;
	for (int i = 0; i < f->n_fields; i++)
		if (f->fields[i].def)
			fm->values[i] = xstrdup(f->fields[i].def);
	ui_push(&form_ops, fm);
	active = fm;
	{
		struct form probe = *fm;
		char **vals = xcalloc((size_t)f->n_fields + 1, sizeof *vals);

		probe.values = vals;
		if (drafts_load(me.login, f->id, set_value, &probe)) {
			if (ui_confirm(_("restore your draft?"))) {
				for (int i = 0; i < f->n_fields; i++) {
					free(fm->values[i]);
					fm->values[i] = vals[i];
					vals[i] = NULL;
				}
				budget_warning(fm);
			} else {
				drafts_remove(me.login, f->id);
			}
		}
		for (int i = 0; i < f->n_fields; i++)
			free(vals[i]);
		free(vals);
	}
	for (int i = 0; i < n; i++)
		set_value(fm, names[i], values[i]);
}
