/* A form drawn from its definition: fields in order with labels and help,
 * validation as you go, pickers with type-to-search, the route preview, and
 * a draft kept on every change.
 *
 * The input model: the field under the cursor takes what is typed at once
 * (the line editor of edit.c: ←/→, Home/End, ^A/^E/^K/^U/^W), a paste goes
 * into it whole, and a letter is never a command here. Moving is Tab,
 * S-Tab and the arrows; submitting is F10 or ^X and then F10 or ^X again,
 * keys no paste holds; Esc leaves with the draft kept. The draft is
 * written at every change (as soon as no more input is waiting) and at
 * SIGHUP/SIGTERM; Ctrl-C asks first. ncurses' form library was not used:
 * its fields are fixed grids of cells, which neither scroll a CJK line by
 * display columns nor take a bracketed paste. */
#include "autoconf.h"
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "booking.h"
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
	char *warning;      /* over budget or stock: said under the fields, not refused */
	int error_field;    /* its field, or -1 */
	int cursor, top;
	ui_edit ed;         /* the field under the cursor, when it takes text */
	int ed_field;       /* the field ed holds, -1: none */
	int touched;        /* ed changed since the cursor came: validate on leaving */
	int dirty;          /* a change not yet in the draft (more input was waiting) */
	int may_for;        /* the form's on_behalf names a role of mine: the "for whom" row */
	char *for_login;    /* whom it is for (NULL: myself); cursor -1 is its row */
	char *skip;         /* a series' taken dates the applicant dropped, while submitting */
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

int form_has_input(void)
{
	if (!active)
		return 0;
	for (int i = 0; i < active->f->n_fields; i++) {
		const char *v = active->values[i], *def = active->f->fields[i].def;

		if (v && *v && (!def || strcmp(v, def) != 0))
			return 1;
	}
	return 0;
}

/* The draft after a change: at once, unless more keys are already
 * waiting (a fast typist, a paste without marks); the frame drawn when
 * they are all in writes it (form_draw). */
static void draft_changed(struct form *fm)
{
	if (ui_input_pending()) {
		fm->dirty = 1;
		return;
	}
	fm->dirty = 0;
	save_draft(fm);
}

/* Fields typed in place; the others open a picker, the calendar or the
 * lines table with Enter. */
static int types_in_place(const form_field *fd)
{
	if (fd->sum)
		return 0;
	switch (fd->type) {
	case FT_CHOICE: case FT_EMPLOYEE: case FT_DEPARTMENT: case FT_ROOM: case FT_VEHICLE:
	case FT_SPACE: case FT_ASSET: case FT_SUPPLIER: case FT_SEAL: case FT_LICENCE: case FT_SUPPLY_LINES: case FT_LINES:
		return 0;
	default:
		return 1;
	}
}

/* The line editor follows the cursor: loaded with the field's value when
 * the cursor comes to a field that is typed in place. */
static void focus(struct form *fm)
{
	const form_field *fd;

	if (fm->ed_field == fm->cursor || fm->cursor >= fm->f->n_fields || fm->cursor < 0)
		return;
	fd = &fm->f->fields[fm->cursor];
	fm->ed_field = fm->cursor;
	fm->touched = 0;
	ui_edit_set(&fm->ed, fm->values[fm->cursor]);
	fm->ed.multiline = fd->type == FT_LONGTEXT;
	/* A length limit in characters, as the user counts them. */
	fm->ed.maxlen = fd->max_length > 0 ? fd->max_length : 0;
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
	engine_input *in = xcalloc((size_t)fm->f->n_fields + 3, sizeof *in);

	*n = 0;
	if (fm->for_login) { /* the submission's option, as submit --for */
		in[*n].name = ENGINE_FOR;
		in[*n].value = fm->for_login;
		(*n)++;
	}
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

/* Whether the form as filled in would go over its department's budget
 * (the route decides who approves it) or ask more supplies than there
 * are: said under the fields, as typed; the request may still go. */
static void budget_warning(struct form *fm)
{
	int n;
	engine_input *in = inputs(fm, &n);
	char why[400];

	free(fm->warning);
	fm->warning = engine_warning(fm->f, in, n, why, sizeof why) ? xstrdup(why) : NULL;
	free(in);
}

const char *ui_refusal(const form_def *f)
{
	static char shown[1200];
	const char *name = af_err_field();
	const form_field *fd = name && f ? formdef_field(f, name) : NULL;

	if (!fd)
		return af_errmsg_shown();
	/* TRANSLATORS: a refusal about a field: its label, then why. */
	snprintf(shown, sizeof shown, _("%s: %s"), formdef_label(fd), af_err_reason_shown());
	return shown;
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
		if (af_err_field() && strcmp(af_err_field(), fm->f->fields[i].name) == 0) {
			/* While filling in, a field still empty is not yet an error. */
			if (only_field >= 0 && i != only_field)
				return st;
			fm->error_field = i;
		}
	}
	fm->error = xstrdup(ui_refusal(fm->f));
	return st;
}

/* What an empty field under the cursor shows: its help, or what it wants
 * in words (never the type's internal name). */
static const char *placeholder(const form_field *fd)
{
	if (fd->help)
		return fd->help;
	switch (fd->type) {
	case FT_INTEGER: return _("a whole number");
	case FT_MONEY: return _("an amount, e.g. 120.50");
	case FT_DATE: return _("YYYY-MM-DD, or Enter for the calendar");
	case FT_DATETIME: return _("YYYY-MM-DD HH:MM");
	case FT_TIMERANGE: return _("YYYY-MM-DD HH:MM/HH:MM");
	case FT_LONGTEXT: return _("type here; Enter starts a new line");
	case FT_MULTICHOICE: return _("choices, separated by commas");
	case FT_REQUEST: return _("a request number");
	case FT_ATTACHMENT: return _("the path of a file");
	case FT_LINES: case FT_SUPPLY_LINES: return _("Enter opens the lines");
	case FT_CHOICE: case FT_EMPLOYEE: case FT_DEPARTMENT: case FT_ROOM: case FT_VEHICLE:
	case FT_SPACE: case FT_ASSET: case FT_SUPPLIER: case FT_SEAL: case FT_LICENCE:
		return _("Enter to choose");
	default: return _("type here");
	}
}

/* A field a later step fills in (the repairer, the outcome of a repair):
 * not shown to the applicant; its default, if any, still goes. */
static int for_later(const struct form *fm, int i)
{
	return formdef_field_step(fm->f, &fm->f->fields[i]) != NULL;
}

/* The first field shown from i on in direction dir (+1/-1), or -1. */
static int shown_from(const struct form *fm, int i, int dir)
{
	for (; i >= 0 && i < fm->f->n_fields; i += dir)
		if (!for_later(fm, i))
			return i;
	return -1;
}

/* A choice or multichoice field's choices on one line, in the screen's
 * language ("Speed: Standard · Next day · Same day"); NULL for other
 * fields. A multichoice one names what is typed too ("next_day=Next day"),
 * as its options are typed. Caller frees. */
static char *choice_list(const form_field *fd)
{
	strbuf sb = {0};

	if ((fd->type != FT_CHOICE && fd->type != FT_MULTICHOICE) || !fd->n_options)
		return NULL;
	sb_printf(&sb, "%s:", formdef_label(fd));
	for (int i = 0; i < fd->n_options; i++) {
		const char *label = formdef_option_label(fd, fd->options[i]);

		sb_printf(&sb, "%s", i ? " · " : " ");
		if (fd->type == FT_MULTICHOICE && strcmp(label, fd->options[i]))
			sb_printf(&sb, "%s=%s", fd->options[i], label);
		else
			sb_printf(&sb, "%s", label);
	}
	return sb.buf;
}

/* A lines field's value as a table, as the request screen shows it: its
 * count on the field's row y, then the header, the lines (choices by their
 * labels, money with two decimals) and the total under it, in at most
 * *spare more rows (taken from it). Returns the last row drawn, or -1 when
 * the value does not read as a table (it is then drawn as typed). */
static int draw_lines(const struct form *fm, const form_field *fd, const char *v, int y, int lw, int w,
		      int *spare, attr_t attr)
{
	view_table g;
	char **gl, count[64];
	int n, rows;

	if (views_field_grid(fm->f->id, fd->name, v, &g) != AF_OK || g.nrows == 0) {
		view_table_free(&g);
		af_clear_error();
		return -1;
	}
	rows = g.nrows - (g.nrows > 1);
	snprintf(count, sizeof count, ngettext("%d row", "%d rows", rows), rows);
	ui_text(y, lw + 1, count, w - lw - 1, ui_attr(R_DIM) | attr, 1);
	gl = ui_grid_lines(&g, &n);
	for (int k = 0; k < n; k++) {
		/* Short of rows, the last one says more follow. */
		if (*spare > 0 && (k == n - 1 || *spare > 1)) {
			y++;
			(*spare)--;
			ui_text(y, lw + 1, gl[k], w - lw - 1, k == 0 ? ui_attr(R_HEADER) :
				(g.flags[k - 1] & VIEW_MARKED) ? A_BOLD : A_NORMAL, 1);
		} else if (*spare == 1) {
			y++;
			(*spare)--;
			ui_text(y, lw + 1, "…", w - lw - 1, ui_attr(R_DIM), 1);
		}
		free(gl[k]);
	}
	free(gl);
	view_table_free(&g);
	return y;
}

static void form_draw(struct screen *s, int top, int h, int w)
{
	struct form *fm = s->data;

	if (fm->dirty && !ui_input_pending()) {
		fm->dirty = 0;
		save_draft(fm);
	}
	int lw = w < 70 ? 10 : 14, y = top + 1, rows = h - 3;
	char head[256], *list;

	snprintf(head, sizeof head, " %s (%s)", formdef_title(fm->f), fm->f->id);
	ui_text(top, 0, head, w, ui_attr(R_HEADER), 1);
	if (fm->may_for) { /* pinned above the fields: whom the request is for */
		int cur = fm->cursor < 0;
		char *whom = fm->for_login ? views_employee_name(fm->for_login) : NULL;

		ui_text(y, 0, _(" for whom"), lw, cur ? ui_attr(R_CURSOR) : ui_attr(R_HEADER), 1);
		ui_text(y, lw + 1, whom ? whom : _("myself (Enter: someone else)"), w - lw - 1,
			whom ? (cur ? ui_attr(R_CURSOR) : A_NORMAL) : ui_attr(R_DIM), 1);
		free(whom);
		y++;
		rows--;
	}
	if (fm->cursor < fm->top && fm->cursor >= 0)
		fm->top = fm->cursor;
	while (fm->cursor >= fm->top + rows)
		fm->top++;
	/* The rows the fields leave free, for their tables' lines. */
	int spare = rows;

	for (int i = fm->top; i < fm->f->n_fields; i++)
		spare -= !for_later(fm, i);
	for (int i = fm->top; i < fm->f->n_fields && y < top + 1 + rows + fm->may_for; i++, y++) {
		const form_field *fd = &fm->f->fields[i];

		if (for_later(fm, i)) { /* a later step's: not the applicant's to see */
			y--;
			continue;
		}
		char label[160];
		attr_t attr = i == fm->cursor ? ui_attr(R_CURSOR) : A_NORMAL;
		const char *v = fm->values[i] ? fm->values[i] : "";
		char *sum = fd->sum ? engine_sum_text(fm->f, fd, fm->values[fd->sum_of]) : NULL;

		if (fd->sum) /* read-only: the sum of its lines as they stand */
			v = sum ? sum : "";
		else if (fd->type == FT_CHOICE && *v) /* the label; the option is stored */
			v = formdef_option_label(fd, v);
		snprintf(label, sizeof label, "%s%s", fd->required ? "*" : " ", formdef_label(fd));
		ui_text(y, 0, label, lw, i == fm->cursor ? ui_attr(R_CURSOR) : ui_attr(R_HEADER), 1);
		if (i == fm->cursor && types_in_place(fd) && w - lw - 1 > 2) {
			focus(fm);
			if (fm->ed.len == 0) {
				/* What to type, dim, the cursor on its first column. */
				ui_text(y, lw + 1, placeholder(fd), w - lw - 1, ui_attr(R_DIM), 1);
				ui_cursor_at(y, lw + 1);
			} else {
				ui_edit_draw(&fm->ed, y, lw + 1, w - lw - 1,
					     i == fm->error_field ? ui_attr(R_ERROR) : A_NORMAL);
			}
			free(sum);
			continue;
		}
		if (!*v && i == fm->cursor)
			v = placeholder(fd);
		int last = fm->values[i] && *fm->values[i] && (fd->type == FT_LINES || fd->type == FT_SUPPLY_LINES) ?
			   draw_lines(fm, fd, fm->values[i], y, lw, w, &spare, attr) : -1;

		if (last >= 0) {
			y = last;
			free(sum);
			continue;
		}
		ui_text(y, lw + 1, v, w - lw - 1, i == fm->error_field ? ui_attr(R_ERROR) :
			((!fm->values[i] && i == fm->cursor) || fd->sum) ? ui_attr(R_DIM) | attr : attr, 1);
		free(sum);
	}
	if (fm->error)
		ui_text(top + h - 2, 0, fm->error, w, ui_attr(R_ERROR), 1);
	else if (fm->warning) /* the claim may still go: the route says who decides */
		ui_text(top + h - 2, 0, fm->warning, w, ui_attr(R_OVERDUE), 1);
	else if (fm->cursor >= 0 && fm->cursor < fm->f->n_fields && (list = choice_list(&fm->f->fields[fm->cursor]))) {
		/* A choice field says its choices as soon as the cursor comes. */
		ui_text(top + h - 2, 0, list, w, ui_attr(R_DIM), 1);
		free(list);
	} else if (fm->cursor >= 0 && fm->cursor < fm->f->n_fields && fm->f->fields[fm->cursor].help)
		ui_text(top + h - 2, 0, fm->f->fields[fm->cursor].help, w, ui_attr(R_DIM), 1);
}

static void pick_reload(void *ctx, const char *query, view_table *t)
{
	views_pick(ctx, query, t);
}

static void pick_available_reload(void *ctx, const char *query, view_table *t)
{
	views_pick_available(ctx, query, t);
}

/* The table editor changed the field under the cursor. */
static void table_changed(void *ctx)
{
	struct form *fm = ctx;

	save_draft(fm);
	validate(fm, fm->cursor);
}

int form_field_edit(const form_def *f, const form_field *fd, const char *category, char **value,
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
	case FT_ASSET: case FT_SUPPLIER: case FT_SEAL: case FT_LICENCE: {
		view_table t;

		if (fd->type == FT_ASSET && category && *category) {
			views_pick_available(category, "", &t);
			v = ui_pick(formdef_label(fd), &t, pick_available_reload, (void *)category);
			break;
		}
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
		char *opts = choice_list(fd);

		ui_message(R_DIM, "%s", opts ? opts : "");
		free(opts);
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

static void employee_reload(void *ctx, const char *query, view_table *t)
{
	(void)ctx;
	views_pick("employee", query, t);
}

/* The "for whom" row: an employee picked, or myself again. */
static void pick_for(struct form *fm)
{
	view_table t;
	char *login;

	views_pick("employee", "", &t);
	login = ui_pick(_("for whom? (type to search; Esc: keep)"), &t, employee_reload, NULL);
	if (!login)
		return;
	free(fm->for_login);
	fm->for_login = strcmp(login, me.login) == 0 ? NULL : login;
	if (!fm->for_login)
		free(login);
}

static void edit_field(struct form *fm)
{
	if (fm->cursor < 0) {
		pick_for(fm);
		return;
	}
	if (form_field_edit(fm->f, &fm->f->fields[fm->cursor], NULL, &fm->values[fm->cursor], table_changed, fm)) {
		save_draft(fm);
		validate(fm, fm->cursor);
	}
	fm->ed_field = -1; /* the value may be new: the editor takes it again */
}

/* The cursor to field to (clamped, over the fields not shown); the field
 * left is validated when it was typed in. */
static void move_to(struct form *fm, int to)
{
	int dir = to < fm->cursor ? -1 : 1;

	if (to < 0)
		to = 0;
	if (to > fm->f->n_fields - 1)
		to = fm->f->n_fields - 1;
	/* Up from the first field shown: the "for whom" row, when there is one. */
	if (fm->may_for && dir < 0 && (fm->cursor <= 0 || shown_from(fm, to, dir) < 0 || to == fm->cursor))
		to = -1;
	else if (shown_from(fm, to, dir) >= 0)
		to = shown_from(fm, to, dir);
	else if (shown_from(fm, to, -dir) >= 0)
		to = shown_from(fm, to, -dir);
	if (to == fm->cursor)
		return;
	if (fm->touched)
		validate(fm, fm->cursor);
	fm->touched = 0;
	fm->cursor = to;
}

/* Every key and paste first: the field under the cursor takes text. */
static int form_text(struct screen *s, int rc, wint_t ch)
{
	struct form *fm = s->data;
	const form_field *fd;
	int r;

	if (fm->cursor < 0) { /* the "for whom" row: chosen, never typed */
		if ((rc == KEY_CODE_YES && (ch == KEY_BACKSPACE || ch == KEY_DC)) ||
		    (rc == OK && (ch == 127 || ch == 8))) {
			free(fm->for_login);
			fm->for_login = NULL;
			return 1;
		}
		if (rc == OK && (ch == ' ' || ch == '\n')) {
			pick_for(fm);
			return 1;
		}
		if (rc == OK && ch > 0x20 && ch != 0x7F) {
			ui_message(R_DIM, "%s", _("for whom: Enter shows the people"));
			return 1;
		}
		return 0;
	}
	fd = &fm->f->fields[fm->cursor];

	if (!types_in_place(fd)) {
		int printable = rc == OK && ch >= 0x20 && ch != 0x7F;

		if (rc == KEY_CODE_YES && ch == UI_KEY_PASTE) {
			ui_message(R_DIM, _("%s: Enter for the choices; no paste here"),
				   formdef_label(fd));
			return 1;
		}
		if ((rc == KEY_CODE_YES && (ch == KEY_BACKSPACE || ch == KEY_DC)) ||
		    (rc == OK && (ch == 127 || ch == 8))) {
			if (fd->sum || !fm->values[fm->cursor])
				return 1;
			/* Backspace empties a chosen value; it never leaves the form. */
			free(fm->values[fm->cursor]);
			fm->values[fm->cursor] = NULL;
			draft_changed(fm);
			return 1;
		}
		if (printable && ch != ' ') {
			/* A letter is not a command in a form: said, not done. */
			ui_message(R_DIM, _("%s: Enter shows the choices"), formdef_label(fd));
			return 1;
		}
		if (ch == ' ' && rc == OK) {
			edit_field(fm);
			return 1;
		}
		return 0;
	}
	focus(fm);
	if (rc == OK && ch == '\n' && !fm->ed.multiline) {
		/* Enter: the calendar for a date, else on to the next field. */
		if (fd->type == FT_DATE) {
			edit_field(fm);
			return 1;
		}
		if (shown_from(fm, fm->cursor + 1, 1) >= 0)
			move_to(fm, fm->cursor + 1);
		else
			ui_message(R_DIM, _("the last field: %s submits"), ui_key_label(UI_SUBMIT));
		return 1;
	}
	r = ui_edit_key(&fm->ed, rc, ch);
	if (r == UI_EDIT_NOT_MINE)
		return 0;
	if (r == UI_EDIT_CHANGED) {
		char *t = ui_edit_text(&fm->ed);

		free(fm->values[fm->cursor]);
		fm->values[fm->cursor] = *t ? t : NULL;
		if (!*t)
			free(t);
		fm->touched = 1;
		if (rc == KEY_CODE_YES && ch == UI_KEY_PASTE && fm->ed.maxlen && fm->ed.len >= fm->ed.maxlen)
			ui_message(R_ERROR, _("%s: at most %d characters; the rest of the paste was left out"),
				   formdef_label(fd), fm->ed.maxlen);
		draft_changed(fm);
	}
	return 1;
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
		ui_message(R_ERROR, "%s", af_errmsg_shown());
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
		t.cells[i * 4 + 2] = xstrdup(lines[i].why_shown);
		t.cells[i * 4 + 3] = xstrdup(lines[i].deadline);
		t.keys[i] = xstrdup("");
	}
	t.nrows = nlines;
	engine_route_lines_free(lines, nlines);
	free(ui_pick(_("the route (Esc)"), &t, NULL, NULL));
}

/* A series refused for dates others have: they are listed, and Enter
 * drops them (each by its date, so a date taken meanwhile is asked about
 * again) and books the rest. 1 when the applicant chose that; *in gets
 * the skip option added. */
static int offer_without_clashes(struct form *fm, engine_input **in, int *n)
{
	static const char *headers[] = { N_("date"), N_("time"), N_("taken by") };
	const booking_clash *c;
	int nc = booking_clashes(&c);
	view_table t = {0};
	strbuf skip = {0};
	char *pick;

	if (nc == 0)
		return 0;
	t.headers = headers;
	t.ncols = 3;
	t.cells = xcalloc((size_t)nc * 3 + 1, sizeof *t.cells);
	t.keys = xcalloc((size_t)nc + 1, sizeof *t.keys);
	t.flags = xcalloc((size_t)nc + 1, 1);
	for (int i = 0; i < nc; i++) {
		t.cells[i * 3] = xstrdup(c[i].day);
		t.cells[i * 3 + 1] = xasprintf("%s–%s", c[i].start + 11, c[i].end);
		t.cells[i * 3 + 2] = xstrdup(c[i].holder);
		t.keys[i] = xstrdup(c[i].day);
		sb_printf(&skip, "%s%s", i ? "," : "", c[i].day);
	}
	t.nrows = nc;
	pick = ui_pick(_("taken dates · Enter: book the rest · Esc: back"), &t, NULL, NULL);
	if (!pick) {
		sb_free(&skip);
		return 0;
	}
	free(pick);
	fm->skip = sb_take(&skip);
	(*in)[(*n)].name = ENGINE_SKIP;
	(*in)[(*n)++].value = fm->skip;
	return 1;
}

static void submit(struct screen *s, struct form *fm)
{
	char key[33], number[64];
	int n;
	engine_input *in;
	af_status st;

	if (validate(fm, -1) != AF_OK) {
		if (fm->error_field >= 0 && !for_later(fm, fm->error_field))
			fm->cursor = fm->error_field;
		return;
	}
	{
		char q[256];

		/* A key no paste holds, so that text typed or pasted ahead can
		 * never send the request. */
		snprintf(q, sizeof q, _("submit? %s or %s again sends it; any other key goes back"),
			 ui_key_label(UI_SUBMIT), "F10");
		if (!ui_confirm_key(q, ui_keys[UI_SUBMIT - 1].key1, ui_keys[UI_SUBMIT - 1].key2))
			return;
	}
	in = inputs(fm, &n);
	af_random_key(key);
	ui_waiting();
	st = submit_durable(fm->f, in, n, key, number, sizeof number, NULL);
	if (st == AF_INVALID && offer_without_clashes(fm, &in, &n)) {
		/* The applicant dropped the taken dates: the rest, under a new
		 * key (nothing of the first try was written). */
		af_random_key(key);
		ui_waiting();
		st = submit_durable(fm->f, in, n, key, number, sizeof number, NULL);
	}
	free(fm->skip);
	fm->skip = NULL;
	free(in);
	if (st == AF_OK) {
		/* Sent: no draft, not even the one a change typed ahead of the
		 * submit key left owed (form_done would write it back). */
		fm->dirty = 0;
		drafts_remove(me.login, fm->f->id);
		ui_pop();
		ui_message(R_GOOD, _("submitted %s"), number);
		(void)s;
		return;
	}
	/* The input stays on screen and in the draft; busy shares are retried. */
	fm->error = xstrdup(ui_refusal(fm->f));
	ui_message(R_ERROR, "%s", fm->error);
}

static int form_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct form *fm = s->data;

	(void)ch;
	switch (a) {
	case UI_UP:
	case UI_PREV:
		move_to(fm, fm->cursor - 1);
		return 1;
	case UI_DOWN:
	case UI_NEXT:
		move_to(fm, fm->cursor + 1);
		return 1;
	case UI_PGUP:
		move_to(fm, fm->cursor - 5);
		return 1;
	case UI_PGDN:
		move_to(fm, fm->cursor + 5);
		return 1;
	case UI_TOP:
		move_to(fm, fm->may_for ? -1 : 0);
		return 1;
	case UI_BOTTOM:
		move_to(fm, fm->f->n_fields - 1);
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
		if (form_has_input())
			ui_message(R_DIM, "%s", _("your draft is kept: it is offered when you open the form again"));
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

	if (fm->dirty)
		save_draft(fm);
	if (active == fm)
		active = NULL;
	ui_edit_free(&fm->ed);
	for (int i = 0; i < fm->f->n_fields; i++)
		free(fm->values[i]);
	free(fm->values);
	free(fm->error);
	free(fm->warning);
	free(fm->for_login);
	free(fm);
}

static const enum ui_action form_hints[] = { UI_SUBMIT, UI_NEXT, UI_PREVIEW, UI_BACK, UI_NONE };
static const struct screen_ops form_ops = { N_("form"), NULL, form_draw, form_handle, form_done, form_hints,
					    form_text };

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
	fm->ed_field = -1;
	/* "For whom" only for those the form's on_behalf names. */
	fm->may_for = !me.system && engine_may_submit_for(f, me.id);
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
			/* Declining keeps the draft: only d deletes it. */
			int k = ui_ask(_("restore your draft? y yes · n later · d delete it"), "yYnNdDq");

			if (k == 'y' || k == 'Y') {
				for (int i = 0; i < f->n_fields; i++) {
					free(fm->values[i]);
					fm->values[i] = vals[i];
					vals[i] = NULL;
				}
				budget_warning(fm);
			} else if (k == 'd' || k == 'D') {
				drafts_remove(me.login, f->id);
			} else {
				for (int i = 0; i < f->n_fields; i++)
					free(vals[i]);
				free(vals);
				ui_pop();
				ui_message(R_DIM, "%s", _("your draft is kept: it is offered when you open the form again"));
				return;
			}
		}
		for (int i = 0; i < f->n_fields; i++)
			free(vals[i]);
		free(vals);
	}
	for (int i = 0; i < n; i++)
		set_value(fm, names[i], values[i]);
	if (shown_from(fm, 0, 1) > 0)
		fm->cursor = shown_from(fm, 0, 1);
}
