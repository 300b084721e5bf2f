/* A request: its fields (sensitive ones masked), lines as a table with
 * their totals, long text wrapped, any field read in full in the pager,
 * every step (done, now, to come: who, why, limit), the whole timeline,
 * and the actions the user may take, each asking only for what it needs.
 * An approver edits the fields their step allows and approves with them;
 * the applicant corrects a returned request and sends it again: the same
 * engine calls as `approve N FIELD=VALUE` and `resubmit`, errors shown
 * under the field they are about. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attach.h"
#include "booking.h"
#include "config.h"
#include "engine.h"
#include "formdef.h"
#include "i18n.h"
#include "payment.h"
#include "runcmd.h"
#include "tui/print.h"
#include "tui/ui.h"
#include "util.h"
#include "views.h"

/* One screen line of the request, made for the width it is drawn at. */
struct dline {
	char *label, *text;
	int field;          /* the fields row it belongs to, or -1 */
	int indent;         /* text column when there is no label column */
	attr_t attr;
};

struct detail {
	char *number, *form_id;
	const form_def *f;
	view_table fields, timeline, steps;
	view_table attachments; /* n, name, size, type (views_attachments) */
	view_table dates;   /* a series' dates (views_occurrences) */
	char *actions;      /* engine action names the user may take */
	int payable;        /* 1 when the user may pay it now (payment_check) */
	int trip;           /* 1 when the user may record a trip now (booking_trip_next) */
	char **edits;       /* per field of the form: the typed text changed here, or
	                     * NULL; allocated once, so the table editor may hold a
	                     * pointer into it across reloads */
	int edited;         /* 1 when any row is in edits */
	char *error;        /* the engine's latest refusal, shown in place */
	char *budget;       /* over budget: the approver's warning, or NULL */
	char *stock;        /* supplies short: the approver's warning, or NULL */
	int error_row;      /* its fields row, or -1 */
	int cursor;         /* a fields row (data fields only) */
	int scroll, follow; /* first line shown; 1 keeps the cursor in view */
	struct dline *lines;
	int n_lines, cap_lines;
	enum ui_action hints[20];
};

#define FIRST_FIELD 4 /* number, applicant, state, submitted come first */

static const struct { enum ui_action key; engine_action act; const char *name; } bindings[] = {
	{ UI_APPROVE, ACT_APPROVE, "approve" }, { UI_REJECT, ACT_REJECT, "reject" },
	{ UI_RETURN, ACT_RETURN, "return" }, { UI_RESUBMIT, ACT_RESUBMIT, "resubmit" },
	{ UI_TRANSFER, ACT_TRANSFER, "transfer" },
	{ UI_ADDSIGN, ACT_ADDSIGN, "addsign" }, { UI_URGE, ACT_URGE, "urge" },
	{ UI_COMMENT, ACT_COMMENT, "comment" }, { UI_WITHDRAW, ACT_WITHDRAW, "withdraw" },
	{ UI_CANCEL, ACT_CANCEL, "cancel" },
};

static int allowed(const struct detail *d, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = d->actions; p && (p = strstr(p, name)); p += n)
		if ((p == d->actions || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static const form_field *field_of(const struct detail *d, int row)
{
	return d->f && row >= FIRST_FIELD && row < d->fields.nrows ? formdef_field(d->f, d->fields.keys[row]) : NULL;
}

/* The step waiting on the user, when they may approve it. */
static const form_step *my_step(const struct detail *d)
{
	if (!d->f || !allowed(d, "approve"))
		return NULL;
	for (int r = 0; r < d->steps.nrows; r++)
		if (d->steps.flags[r] & VIEW_MARKED)
			for (int i = 0; i < d->f->n_steps; i++)
				if (strcmp(formdef_step_title(&d->f->steps[i]), view_cell(&d->steps, r, 0)) == 0 ||
				    strcmp(d->f->steps[i].title, view_cell(&d->steps, r, 0)) == 0)
					return &d->f->steps[i];
	return NULL;
}

/* 1 when the user may change the field of this row here: the approver the
 * fields their step lists, the applicant of a returned request theirs. */
static int may_edit(const struct detail *d, int row)
{
	const form_field *fd = field_of(d, row);
	const form_step *st;

	if (!fd || fd->sum)
		return 0;
	if (allowed(d, "resubmit"))
		return 1;
	if ((st = my_step(d)) != NULL)
		for (int k = 0; k < st->n_editable; k++)
			if (strcmp(st->editable[k], fd->name) == 0)
				return 1;
	return 0;
}

/* The edit slot of a fields row, or NULL for a row that is not a field. */
static char **slot(const struct detail *d, int row)
{
	const form_field *fd = field_of(d, row);

	return fd && d->edits ? &d->edits[fd - d->f->fields] : NULL;
}

static const char *edit_of(const struct detail *d, int row)
{
	char **e = slot(d, row);

	return e ? *e : NULL;
}

static void clear_edits(struct detail *d)
{
	for (int i = 0; d->edits && d->f && i < d->f->n_fields; i++) {
		free(d->edits[i]);
		d->edits[i] = NULL;
	}
	d->edited = 0;
}

static void set_error(struct detail *d, const char *msg)
{
	int engine = msg == af_errmsg();
	const char *field = engine ? af_err_field() : NULL;

	free(d->error);
	/* The words in the screen's language, a field named by its label. */
	d->error = msg ? xstrdup(engine ? ui_refusal(d->f) : msg) : NULL;
	d->error_row = -1;
	/* A refusal about a field is shown under that field, the cursor on it. */
	for (int r = FIRST_FIELD; field && r < d->fields.nrows; r++) {
		if (strcmp(field, d->fields.keys[r]) == 0) {
			d->error_row = r;
			d->cursor = r;
			d->follow = 1;
		}
	}
}

static void detail_load(struct screen *s)
{
	struct detail *d = s->data;
	int k = 0;

	/* Edits not yet sent survive a reload (another process's commit). */
	view_table_free(&d->fields);
	view_table_free(&d->timeline);
	view_table_free(&d->steps);
	view_table_free(&d->attachments);
	view_table_free(&d->dates);
	free(d->actions);
	free(d->form_id);
	free(d->budget);
	d->budget = views_budget_warning(d->number);
	free(d->stock);
	d->stock = views_stock_warning(d->number);
	if (views_occurrences(d->number, &d->dates) != AF_OK)
		view_table_free(&d->dates);
	if (views_attachments(d->number, &d->attachments) != AF_OK)
		view_table_free(&d->attachments);
	if (views_request(d->number, &d->fields, &d->timeline) != AF_OK)
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	views_request_steps(d->number, &d->form_id, &d->steps);
	if (!d->f && d->form_id && (d->f = formdef_find(d->form_id)) != NULL)
		d->edits = xcalloc((size_t)d->f->n_fields + 1, sizeof *d->edits);
	d->actions = engine_allowed_actions(d->number);
	d->payable = payment_check(d->number) == AF_OK;
	{
		booking_trip_step t;

		d->trip = booking_trip_next(d->number, NULL, &t) == AF_OK;
	}
	af_clear_error();
	{
		/* The fields this step is to fill in, shown even while empty. */
		const form_step *st = my_step(d);

		for (int e = 0; st && e < st->n_editable; e++)
			if (formdef_field(d->f, st->editable[e]))
				views_field_row(&d->fields, formdef_field(d->f, st->editable[e]));
	}
	if (d->cursor < FIRST_FIELD || d->cursor >= d->fields.nrows)
		d->cursor = d->fields.nrows > FIRST_FIELD ? FIRST_FIELD : 0;
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0] && k < 10; i++)
		if (allowed(d, bindings[i].name))
			d->hints[k++] = bindings[i].key;
	if (d->payable)
		d->hints[k++] = UI_PAY;
	if (d->trip)
		d->hints[k++] = UI_TRIP;
	for (int r = FIRST_FIELD; r < d->fields.nrows; r++)
		if (may_edit(d, r)) {
			d->hints[k++] = UI_EDIT;
			break;
		}
	d->hints[k++] = UI_ENTER;
	if (d->attachments.nrows)
		d->hints[k++] = UI_ATTACHMENT;
	if (d->dates.nrows)
		d->hints[k++] = UI_DATES;
	d->hints[k++] = UI_QUIT;
	d->hints[k] = UI_NONE;
}

/* ---- the lines of the screen ---- */

static void add_line(struct detail *d, const char *label, const char *text, int field, int indent, attr_t attr)
{
	if (d->n_lines == d->cap_lines) {
		d->cap_lines = d->cap_lines ? 2 * d->cap_lines : 64;
		d->lines = xrealloc(d->lines, (size_t)d->cap_lines * sizeof *d->lines);
	}
	d->lines[d->n_lines++] = (struct dline){ label ? xstrdup(label) : NULL, xstrdup(text ? text : ""),
						 field, indent, attr };
}

static void free_lines(struct detail *d)
{
	for (int i = 0; i < d->n_lines; i++) {
		free(d->lines[i].label);
		free(d->lines[i].text);
	}
	d->n_lines = 0;
}

/* Text wrapped into lines of cols columns; at most max lines in place,
 * the rest is for the pager (Enter). */
static void add_wrapped(struct detail *d, const char *label, const char *text, int field, int cols,
			int max, attr_t attr)
{
	ui_span *sp;
	int n = ui_wrap(text, cols, &sp);

	for (int i = 0; i < n && i < max; i++) {
		char *line = i == max - 1 && n > max ? xasprintf("%.*s …", (int)sp[i].len, sp[i].start) :
			     xasprintf("%.*s", (int)sp[i].len, sp[i].start);

		add_line(d, i == 0 ? label : "", line, field, 0, attr);
		free(line);
	}
	free(sp);
}

/* A lines field (row r) as a table of its rows, under a count: 1 when it
 * was shown so, 0 when it has no rows to show (then it is shown as text). */
static int build_grid(struct detail *d, int r, const form_field *fd, const char *label, const char *value,
		      attr_t attr)
{
	view_table g;
	int n;
	char **gl, count[64];

	if (views_field_grid(d->form_id, fd->name, value, &g) != AF_OK || g.nrows == 0) {
		view_table_free(&g);
		return 0;
	}
	gl = ui_grid_lines(&g, &n);
	snprintf(count, sizeof count, ngettext("%d row", "%d rows", g.nrows - (g.nrows > 1)), g.nrows - (g.nrows > 1));
	add_line(d, label, count, r, 0, attr | ui_attr(R_DIM));
	for (int i = 0; i < n; i++)
		add_line(d, NULL, gl[i], r, 3, i == 0 ? ui_attr(R_HEADER) :
			 (g.flags[i - 1] & VIEW_MARKED) ? A_BOLD | attr : attr);
	for (int i = 0; i < n; i++)
		free(gl[i]);
	free(gl);
	view_table_free(&g);
	return 1;
}

/* The fields, each with its label (changed ones marked), lines fields as
 * tables, the budget and stock under the state, and a refusal under the
 * field it names. */
static void build_fields(struct detail *d, int vw)
{
	for (int r = 0; r < d->fields.nrows; r++) {
		const form_field *fd = field_of(d, r);
		const char *label = view_cell(&d->fields, r, 0);
		const char *value = edit_of(d, r) ? edit_of(d, r) : view_cell(&d->fields, r, 1);
		attr_t attr = edit_of(d, r) ? ui_attr(R_MARKED) : A_NORMAL;

		if (r == 1 && d->f) /* what it is, under its number */
			add_line(d, _("affair"), formdef_title(d->f), -1, 0, A_NORMAL);
		if (!(fd && (fd->type == FT_LINES || fd->type == FT_SUPPLY_LINES) &&
		      (edit_of(d, r) || !(d->fields.flags[r] & VIEW_MASKED)) &&
		      build_grid(d, r, fd, label, value, attr))) {
			add_wrapped(d, label, value, r >= FIRST_FIELD ? r : -1, vw, r >= FIRST_FIELD ? 6 : 2, attr);
			if (r == FIRST_FIELD - 1 && d->budget) /* under the state: what the approver decides on */
				add_wrapped(d, _("budget"), d->budget, -1, vw, 2, ui_attr(R_OVERDUE));
			if (r == FIRST_FIELD - 1 && d->stock)
				add_wrapped(d, _("stock"), d->stock, -1, vw, 2, ui_attr(R_OVERDUE));
		}
		if (d->error && d->error_row == r)
			add_wrapped(d, "", d->error, r, vw, 3, ui_attr(R_ERROR));
	}
	if (d->edited)
		add_line(d, NULL, allowed(d, "resubmit") ? _("✎ changed: sent with s (submit again)")
			 : _("✎ changed: saved with your approval (a)"), -1, 1, ui_attr(R_MARKED));
	if (d->error && d->error_row < 0)
		add_wrapped(d, "", d->error, -1, vw, 3, ui_attr(R_ERROR));
}

/* The attachments, and a series' dates with what became of each. */
static void build_attachments_dates(struct detail *d, int w)
{
	if (d->attachments.nrows) {
		int n;
		char **al = ui_grid_lines(&d->attachments, &n);
		char *head = xasprintf(_("attachments (%s opens one)"), ui_key_label(UI_ATTACHMENT));

		add_line(d, NULL, "", -1, 1, A_NORMAL);
		add_line(d, NULL, head, -1, 1, ui_attr(R_HEADER));
		for (int i = 1; i < n; i++)
			add_line(d, NULL, al[i], -1, 3, d->attachments.flags[i - 1] & VIEW_LOW ? ui_attr(R_DIM) : A_NORMAL);
		for (int i = 0; i < n; i++)
			free(al[i]);
		free(al);
		free(head);
	}
	if (d->dates.nrows) { /* a series: each date and what became of it */
		char *head = xasprintf(_("dates (%s cancels or moves one)"), ui_key_label(UI_DATES));

		add_line(d, NULL, "", -1, 1, A_NORMAL);
		add_line(d, NULL, head, -1, 1, ui_attr(R_HEADER));
		for (int r = 0; r < d->dates.nrows; r++) {
			char *line = xasprintf("%s %s %s · %s%s%s", view_cell(&d->dates, r, 0), view_cell(&d->dates, r, 1),
					       view_cell(&d->dates, r, 2), view_cell(&d->dates, r, 3),
					       *view_cell(&d->dates, r, 4) ? " · " : "", view_cell(&d->dates, r, 4));

			add_wrapped(d, NULL, line, -1, w - 4, 3, d->dates.flags[r] & VIEW_LOW ? ui_attr(R_DIM) : A_NORMAL);
			free(line);
		}
		free(head);
	}
}

/* Up to max lines of text wrapped to cols, dim, indented 4. */
static void add_dim_wrapped(struct detail *d, const char *text, int cols, int max)
{
	ui_span *sp;
	int n = ui_wrap(text, cols, &sp);

	for (int i = 0; i < n && i < max; i++) {
		char *line = xasprintf("%.*s", (int)sp[i].len, sp[i].start);

		add_line(d, NULL, line, -1, 4, ui_attr(R_DIM));
		free(line);
	}
	free(sp);
}

/* The steps, past and to come; for those still to do, why and by when. */
static void build_steps(struct detail *d, int w)
{
	if (d->steps.nrows) {
		add_line(d, NULL, "", -1, 1, A_NORMAL);
		add_line(d, NULL, _("steps"), -1, 1, ui_attr(R_HEADER));
	}
	for (int r = 0; r < d->steps.nrows; r++) {
		unsigned char fl = d->steps.flags[r];
		const char *state = view_cell(&d->steps, r, 1);
		const char *who = view_cell(&d->steps, r, 2);
		char *head = xasprintf("%s %s · %s%s%s", fl & VIEW_MARKED ? "▶" : " ", view_cell(&d->steps, r, 0),
				       state, *who ? " · " : "", who);
		strbuf why = {0};

		add_wrapped(d, NULL, head, -1, w - 2, 3,
			    fl & VIEW_OVERDUE ? ui_attr(R_OVERDUE) : fl & VIEW_MARKED ? A_BOLD : A_NORMAL);
		/* Why and when for what is still to do; the timeline has the rest. */
		if (strcmp(d->steps.keys[r], "active") == 0 || strcmp(d->steps.keys[r], "planned") == 0) {
			sb_puts(&why, view_cell(&d->steps, r, 3));
			if (*view_cell(&d->steps, r, 4))
				sb_printf(&why, "%s%s", why.len ? " · " : "", view_cell(&d->steps, r, 4));
		}
		if (why.len)
			add_dim_wrapped(d, why.buf, w - 5, 3);
		sb_free(&why);
		free(head);
	}
}

/* The timeline: who, what, when (a phone's line is shorter), and each
 * opinion under its line. */
static void build_timeline(struct detail *d, int w)
{
	add_line(d, NULL, "", -1, 1, A_NORMAL);
	add_line(d, NULL, _("timeline"), -1, 1, ui_attr(R_HEADER));
	for (int r = 0; r < d->timeline.nrows; r++) {
		char line[1024];
		enum ui_role role = d->timeline.flags[r] & VIEW_OVERDUE ? R_OVERDUE :
				    d->timeline.flags[r] & VIEW_MARKED ? R_MARKED : R_NORMAL;

		if (w < 70) /* a phone: who, what, when; the opinion on its own line */
			snprintf(line, sizeof line, "%s %s %s %s", view_cell(&d->timeline, r, 4),
				 view_cell(&d->timeline, r, 1), view_cell(&d->timeline, r, 2),
				 view_cell(&d->timeline, r, 6));
		else
			snprintf(line, sizeof line, "%-11s %s · %s · %s %s %s", view_cell(&d->timeline, r, 4),
				 view_cell(&d->timeline, r, 0), view_cell(&d->timeline, r, 1),
				 view_cell(&d->timeline, r, 2), view_cell(&d->timeline, r, 5),
				 view_cell(&d->timeline, r, 6));
		add_line(d, NULL, line, -1, 1, ui_attr(role));
		if (*view_cell(&d->timeline, r, 3))
			add_dim_wrapped(d, view_cell(&d->timeline, r, 3), w - 5, 4);
	}
}

/* The request laid out as lines for width w. */
static void build(struct detail *d, int w)
{
	int lw = w < 70 ? 10 : 14, vw = w - lw - 2;

	free_lines(d);
	d->edited = 0;
	for (int i = 0; d->edits && i < d->f->n_fields; i++)
		d->edited |= d->edits[i] != NULL;
	build_fields(d, vw);
	build_attachments_dates(d, w);
	build_steps(d, w);
	build_timeline(d, w);
}

static int first_line_of(const struct detail *d, int row, int *last)
{
	int first = -1;

	*last = -1;
	for (int i = 0; i < d->n_lines; i++)
		if (d->lines[i].field == row) {
			if (first < 0)
				first = i;
			*last = i;
		}
	return first;
}

static void detail_draw(struct screen *s, int top, int h, int w)
{
	struct detail *d = s->data;
	int lw = w < 70 ? 10 : 14, first, last;

	build(d, w);
	first = first_line_of(d, d->cursor, &last);
	if (d->follow && first >= 0) {
		if (last - first + 1 <= h && last >= d->scroll + h)
			d->scroll = last - h + 1;
		if (first < d->scroll)
			d->scroll = first;
	}
	if (d->scroll > d->n_lines - h)
		d->scroll = d->n_lines - h;
	if (d->scroll < 0)
		d->scroll = 0;
	for (int i = 0; i < h && d->scroll + i < d->n_lines; i++) {
		const struct dline *l = &d->lines[d->scroll + i];
		int y = top + i, cur = l->field == d->cursor && l->field >= FIRST_FIELD && l->label && *l->label;

		if (l->label) {
			char mark[160];

			snprintf(mark, sizeof mark, "%s%s", may_edit(d, l->field) && *l->label ? "✎" : "", l->label);
			ui_text(y, 0, cur ? "▸" : " ", 1, ui_attr(R_CURSOR), 0);
			ui_text(y, 1, mark, lw, cur ? ui_attr(R_CURSOR) : ui_attr(R_HEADER), 1);
			ui_text(y, lw + 2, l->text, w - lw - 2, l->attr, 1);
		} else {
			ui_text(y, l->indent, l->text, w - l->indent, l->attr, 1);
		}
	}
}

/* ---- acting ---- */

static void employee_reload(void *ctx, const char *query, view_table *t)
{
	(void)ctx;
	views_pick("employee", query, t);
}

/* The fields changed here, as the engine takes them. */
static engine_input *edit_inputs(struct detail *d, int *n)
{
	engine_input *in = xcalloc((size_t)d->fields.nrows + 1, sizeof *in);

	*n = 0;
	for (int r = FIRST_FIELD; r < d->fields.nrows; r++)
		if (edit_of(d, r)) {
			in[*n].name = d->fields.keys[r];
			in[*n].value = edit_of(d, r);
			(*n)++;
		}
	return in;
}

static void act(struct detail *d, engine_action action)
{
	engine_args a = {0};
	char *opinion = NULL, *target = NULL;
	af_status st;

	switch (action) {
	case ACT_APPROVE:
		opinion = ui_prompt(_("opinion:"), _("agreed"));
		if (!opinion)
			return;
		break;
	case ACT_RESUBMIT:
		opinion = ui_prompt(d->edited ? _("submit again with your changes; note:")
				    : _("submit again unchanged; note:"), NULL);
		if (!opinion)
			return;
		break;
	case ACT_REJECT:
	case ACT_CANCEL:
		opinion = ui_prompt(action == ACT_REJECT ? _("why rejected:") : _("why cancelled:"), NULL);
		if (!opinion || !*opinion) {
			free(opinion);
			ui_message(R_ERROR, "%s", _("a reason is required"));
			return;
		}
		break;
	case ACT_RETURN: {
		view_table t;

		views_return_targets(d->number, &t);
		target = ui_pick(_("return to"), &t, NULL, NULL);
		if (!target)
			return;
		opinion = ui_prompt(_("why returned:"), NULL);
		if (!opinion) {
			free(target);
			return;
		}
		break;
	}
	case ACT_TRANSFER:
	case ACT_ADDSIGN: {
		view_table t;

		views_pick("employee", "", &t);
		target = ui_pick(action == ACT_TRANSFER ? _("transfer to") : _("add signer"), &t,
				 employee_reload, NULL);
		if (!target)
			return;
		if (action == ACT_ADDSIGN)
			a.before = ui_confirm(_("before this step?"));
		break;
	}
	case ACT_COMMENT:
		opinion = ui_prompt(_("comment:"), NULL);
		if (!opinion || !*opinion) {
			free(opinion);
			return;
		}
		break;
	case ACT_WITHDRAW:
		if (!ui_confirm(_("withdraw this request?")))
			return;
		break;
	default:
		break;
	}
	a.opinion = opinion && *opinion ? opinion : NULL;
	a.target = target;
	/* Changed fields go with an approval or a resubmission, nothing else. */
	engine_input *in = NULL;

	if (action == ACT_APPROVE || action == ACT_RESUBMIT)
		a.in = in = edit_inputs(d, &a.n_in);
	ui_waiting();
	st = engine_act(d->number, action, &a);
	if (st == AF_OK) {
		ui_message(R_GOOD, _("%s: %s ok"), d->number, views_action_word(engine_action_name(action)));
		if (a.n_in)
			clear_edits(d);
		set_error(d, NULL);
	} else {
		set_error(d, af_errmsg());
		ui_message(R_ERROR, "%s", d->error);
	}
	free(in);
	free(opinion);
	free(target);
	ui_reload();
}

/* Finance pays a done claim: the reference and the day asked, the same
 * call as `pay NUMBER --date --ref`; a refusal (not finance's, already
 * paid, not done) is the domain's, shown in place. */
static void pay(struct detail *d)
{
	char today[16], *ref, *day;
	af_status st;

	if (payment_check(d->number) != AF_OK) {
		set_error(d, af_errmsg());
		ui_message(R_ERROR, "%s", d->error);
		return;
	}
	if (!(ref = ui_prompt(_("payment reference:"), NULL)))
		return;
	tz_today(today, sizeof today);
	if (!(day = ui_prompt(_("paid on (YYYY-MM-DD):"), today))) {
		free(ref);
		return;
	}
	ui_waiting();
	st = payment_pay((const char *const *)&d->number, 1, *day ? day : NULL, *ref ? ref : NULL);
	if (st == AF_OK) {
		ui_message(R_GOOD, _("%s: paid"), d->number);
		set_error(d, NULL);
	} else {
		set_error(d, af_errmsg());
		ui_message(R_ERROR, "%s", d->error);
	}
	free(ref);
	free(day);
	ui_reload();
}

/* The domain's refusal, in place and on the status line. */
static void refused(struct detail *d)
{
	set_error(d, af_errmsg());
	ui_message(R_ERROR, "%s", d->error);
}

/* A typed amount of a trip: Enter alone is none. 0 when refused. */
static int trip_amount(struct detail *d, const char *label, const char *name, int64_t *cents)
{
	char *text = ui_prompt(label, NULL);
	int ok = text != NULL;

	*cents = 0;
	if (text && *text && booking_trip_amount(name, text, cents) != AF_OK) {
		refused(d);
		ok = 0;
	}
	free(text);
	return ok;
}

/* The fleet keeper records the vehicle going out (odometer, driver) or
 * coming back (odometer, fuel, tolls, parking), whichever the domain says
 * comes next; a series asks the date first (today's trip by default). The
 * same calls as `trip out|in NUMBER --date DAY`; every refusal (not the
 * keeper's, no trip that day, a reading below the one going out) is the
 * domain's, shown in place. */
static void trip(struct detail *d)
{
	booking_trip_step t;
	char *day = NULL, *odo = NULL, *driver = NULL, *label;
	int64_t km, fuel, tolls, parking;
	af_status st;

	if (booking_trip_next(d->number, NULL, &t) != AF_OK) {
		refused(d);
		return;
	}
	if (t.series) {
		if (!(day = ui_prompt(_("trip date (YYYY-MM-DD):"), t.day)))
			return;
		if (booking_trip_next(d->number, day, &t) != AF_OK) {
			refused(d);
			goto out;
		}
	}
	if (t.in)
		/* TRANSLATORS: the trip's date, the reading when it went out. */
		label = xasprintf(_("%s back: odometer (km; out at %lld):"), t.day, (long long)t.odometer_out);
	else
		/* TRANSLATORS: the trip's date. */
		label = xasprintf(_("%s going out: odometer (km):"), t.day);
	{
		char last[24] = "";

		if (!t.in && t.last_km >= 0)
			snprintf(last, sizeof last, "%lld", (long long)t.last_km);
		odo = ui_prompt(label, last);
	}
	free(label);
	if (!odo)
		goto out;
	if (booking_trip_km(_("odometer"), odo, &km) != AF_OK) {
		refused(d);
		goto out;
	}
	if (!t.in) {
		if (!(driver = ui_prompt(_("driver (login; Enter: none):"), NULL)))
			goto out;
		ui_waiting();
		st = booking_trip_out(d->number, day, km, *driver ? driver : NULL);
	} else {
		if (!trip_amount(d, _("fuel (Enter: none):"), _("fuel"), &fuel) ||
		    !trip_amount(d, _("tolls (Enter: none):"), _("tolls"), &tolls) ||
		    !trip_amount(d, _("parking (Enter: none):"), _("parking"), &parking))
			goto out;
		ui_waiting();
		st = booking_trip_in(d->number, day, km, fuel, tolls, parking);
	}
	if (st == AF_OK) {
		if (t.in)
			/* TRANSLATORS: the request, the trip's date, the km driven. */
			ui_message(R_GOOD, _("%s: back on %s, %lld km"), d->number, t.day, (long long)(km - t.odometer_out));
		else
			/* TRANSLATORS: the request, the trip's date, the reading. */
			ui_message(R_GOOD, _("%s: out on %s at %lld km"), d->number, t.day, (long long)km);
		set_error(d, NULL);
	} else {
		refused(d);
	}
out:
	free(day);
	free(odo);
	free(driver);
	ui_reload();
}

static void edit_changed(void *ctx)
{
	struct detail *d = ctx;

	d->edited = 1;
}

static void edit(struct detail *d)
{
	const form_field *fd = field_of(d, d->cursor);
	char **e = slot(d, d->cursor);
	int table = fd && (fd->type == FT_LINES || fd->type == FT_SUPPLY_LINES);
	const char *category = NULL;

	if (!e || !may_edit(d, d->cursor)) {
		ui_message(R_ERROR, "%s", allowed(d, "approve") || allowed(d, "resubmit")
			   ? _("this field is not yours to change at this step")
			   : _("nothing here is yours to change now"));
		return;
	}
	if (!*e)
		*e = xstrdup(view_cell(&d->fields, d->cursor, 1));
	/* A request for an asset of a category: the keeper picks among those
	 * in stock of it (the effect asset_hand_over refuses any other). */
	for (int r = FIRST_FIELD; fd->type == FT_ASSET && r < d->fields.nrows; r++)
		if (strcmp(d->fields.keys[r], "category") == 0)
			category = edit_of(d, r) ? edit_of(d, r) : view_cell(&d->fields, r, 1);
	if (form_field_edit(d->f, fd, category, e, edit_changed, d)) {
		if (!*e)
			*e = xstrdup("");
		d->edited = 1;
	} else if (table) {
		d->edited = 1; /* the table editor writes it as it goes */
	} else if (strcmp(*e, view_cell(&d->fields, d->cursor, 1)) == 0) {
		free(*e); /* cancelled: nothing changed */
		*e = NULL;
	}
}

static void read_field(struct detail *d)
{
	const char *value = edit_of(d, d->cursor) ? edit_of(d, d->cursor) : view_cell(&d->fields, d->cursor, 1);
	char *title = xasprintf("%s · %s", d->number, view_cell(&d->fields, d->cursor, 0));
	const form_field *fd = field_of(d, d->cursor);
	view_table g = {0};

	if (fd && (fd->type == FT_LINES || fd->type == FT_SUPPLY_LINES) &&
	    (edit_of(d, d->cursor) || !(d->fields.flags[d->cursor] & VIEW_MASKED)) &&
	    views_field_grid(d->form_id, fd->name, value, &g) == AF_OK) {
		int n;
		char **gl = ui_grid_lines(&g, &n);
		strbuf sb = {0};

		for (int i = 0; i < n; i++) {
			sb_printf(&sb, "%s\n", gl[i]);
			free(gl[i]);
		}
		free(gl);
		pager_open(title, sb.buf ? sb.buf : "");
		sb_free(&sb);
	} else {
		pager_open(title, value);
	}
	view_table_free(&g);
	free(title);
}

/* An attachment: text is read in the pager; anything else is saved where
 * the user says (0600, never over an existing file) and, with
 * attachments.viewer set, opened with it on the terminal. */
static void open_attachment(struct detail *d)
{
	const view_table *t = &d->attachments;
	char *key = NULL, *path;
	int row = -1;

	if (!t->nrows) {
		ui_message(R_ERROR, _("%s has no attachments"), d->number);
		return;
	}
	if (t->nrows == 1) {
		key = xstrdup(t->keys[0]);
	} else {
		view_table copy;

		views_attachments(d->number, &copy);
		key = ui_pick(_("attachment"), &copy, NULL, NULL); /* the pick owns copy */
	}
	for (int r = 0; key && r < t->nrows; r++)
		if (strcmp(t->keys[r], key) == 0)
			row = r;
	if (row < 0) {
		free(key);
		return;
	}
	{
		int n = atoi(key);
		af_status saved;
		const char *name = view_cell(t, row, 1), *type = view_cell(t, row, 3);

		free(key);
		if (t->flags[row] & VIEW_LOW) {
			ui_message(R_ERROR, _("attachment %d belongs to a field you may not see"), n);
			return;
		}
		if (strstr(type, "(text/plain)") || strstr(type, "(application/x-empty)")) {
			char *text = NULL, *title;
			size_t len = 0;
			FILE *mem = open_memstream(&text, &len);
			af_status st = mem ? attach_write(d->number, n, mem) : AF_ERROR;

			if (mem)
				fclose(mem);
			title = xasprintf("%s · %s", d->number, name);
			if (st == AF_OK)
				pager_open(title, text ? text : "");
			else
				ui_message(R_ERROR, "%s", af_errmsg_shown());
			free(title);
			free(text);
			return;
		}
		path = ui_prompt(_("save the attachment to:"), name);
		if (!path || !*path) {
			free(path);
			return;
		}
		if ((saved = attach_save(d->number, n, path, 0)) != AF_OK) {
			if (saved == AF_CONFLICT) /* never over a file: the screen has no --force */
				ui_message(R_ERROR, _("%s exists: choose another name"), path);
			else
				ui_message(R_ERROR, "%s", af_errmsg_shown());
		} else if (cfg.attach_viewer[0]) {
			/* the sniffed type too, for mailcap: run-mailcap --action=view
			 * "$ATTACHMENT_TYPE:$ATTACHMENT" */
			const char *open_paren = strrchr(type, '(');
			int tlen = open_paren ? (int)strcspn(open_paren + 1, ")") : 0;
			char why[160] = "", *env[3] = { xasprintf("ATTACHMENT=%s", path),
							xasprintf("ATTACHMENT_TYPE=%.*s", tlen, open_paren ? open_paren + 1 : ""),
							NULL };
			int rc;

			def_prog_mode();
			endwin();
			rc = runcmd_terminal(cfg.attach_viewer, (const char *const *)env, why, sizeof why);
			reset_prog_mode();
			refresh();
			if (rc == 0)
				ui_message(R_GOOD, _("saved to %s and opened with %s"), path, cfg.attach_viewer);
			else
				ui_message(R_ERROR, _("saved to %s; %s: %s"), path, cfg.attach_viewer, why);
			free(env[0]);
			free(env[1]);
		} else {
			ui_message(R_GOOD, _("attachment saved to %s"), path);
		}
		free(path);
	}
}

/* One date of a series, picked from its list, cancelled or moved alone
 * (the same call as `occurrence cancel|move`). */
static void change_date(struct screen *s, struct detail *d)
{
	char *day, *to = NULL, *why = NULL, q[160];
	int k;
	af_status st;

	if (!d->dates.nrows) {
		ui_message(R_DIM, "%s", _("this request has no series of dates"));
		return;
	}
	{
		view_table t; /* ui_pick takes the table it is given */

		if (views_occurrences(d->number, &t) != AF_OK) {
			view_table_free(&t);
			ui_message(R_ERROR, "%s", af_errmsg());
			return;
		}
		if (!(day = ui_pick(_("which date? (Enter chooses, Esc goes back)"), &t, NULL, NULL)))
			return;
	}
	snprintf(q, sizeof q, _("%s: c cancel this date · m move it · Esc back"), day);
	k = ui_ask(q, "cCmM");
	if (k == 'm' || k == 'M') {
		char *start = xasprintf("%s ", day);

		to = ui_prompt(_("new start (YYYY-MM-DD HH:MM):"), start);
		free(start);
	}
	if (k && (k != 'm' && k != 'M' ? 1 : to != NULL))
		why = ui_prompt(_("why (told to the booker and the room's manager):"), "");
	if (k && why) {
		st = booking_occurrence_change(d->number, day, to, why);
		if (st == AF_OK)
			ui_message(R_GOOD, to ? _("%s moved") : _("%s cancelled"), day);
		else
			ui_message(R_ERROR, "%s", af_errmsg());
		detail_load(s);
	}
	free(day);
	free(to);
	free(why);
}

static int detail_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct detail *d = s->data;
	int first, last;

	(void)ch;
	first = first_line_of(d, d->cursor, &last);
	switch (a) {
	case UI_DOWN:
		if (d->cursor + 1 < d->fields.nrows && d->cursor >= FIRST_FIELD) {
			d->cursor++;
			d->follow = 1;
		} else {
			d->scroll++;
			d->follow = 0;
		}
		return 1;
	case UI_UP:
		if (!d->follow && first >= 0 && d->scroll > first) {
			d->scroll--;
		} else if (d->cursor > FIRST_FIELD) {
			d->cursor--;
			d->follow = 1;
		} else {
			d->scroll = 0;
		}
		return 1;
	case UI_PGDN: d->scroll += LINES / 2; d->follow = 0; return 1;
	case UI_PGUP: d->scroll = d->scroll > LINES / 2 ? d->scroll - LINES / 2 : 0; d->follow = 0; return 1;
	case UI_TOP: d->scroll = 0; d->cursor = FIRST_FIELD; d->follow = 1; return 1;
	case UI_BOTTOM: d->scroll = 1 << 28; d->follow = 0; return 1;
	case UI_ENTER:
		if (d->cursor >= FIRST_FIELD && d->cursor < d->fields.nrows)
			read_field(d);
		return 1;
	case UI_EDIT:
		edit(d);
		return 1;
	case UI_ATTACHMENT:
		open_attachment(d);
		return 1;
	case UI_PRINT:
		tui_print_form(d->number);
		return 1;
	case UI_DATES:
		change_date(s, d);
		return 1;
	case UI_PAY:
		pay(d);
		return 1;
	case UI_TRIP:
		trip(d);
		return 1;
	case UI_QUIT:
	case UI_BACK:
		if (d->edited && !ui_confirm(_("leave without sending your changes?")))
			return 1;
		return 0;
	default:
		break;
	}
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		if (bindings[i].key != a)
			continue;
		if (!allowed(d, bindings[i].name))
			ui_message(R_ERROR, _("%s: not available to you here"), views_action_word(bindings[i].name));
		else
			act(d, bindings[i].act);
		return 1;
	}
	return 0;
}

static void detail_done(struct screen *s)
{
	struct detail *d = s->data;

	clear_edits(d);
	free(d->edits);
	free_lines(d);
	free(d->lines);
	view_table_free(&d->fields);
	view_table_free(&d->timeline);
	view_table_free(&d->steps);
	view_table_free(&d->attachments);
	view_table_free(&d->dates);
	free(d->actions);
	free(d->form_id);
	free(d->budget);
	free(d->stock);
	free(d->error);
	free(d->number);
	free((void *)s->ops);
	free(d);
}

void detail_open(const char *number)
{
	struct detail *d;
	struct screen_ops *ops;
	view_table f, t;

	/* A number that is not there, or not for this user, opens nothing. */
	if (views_request(number, &f, &t) != AF_OK) {
		ui_message(R_ERROR, "%s", af_errmsg_shown());
		return;
	}
	view_table_free(&f);
	view_table_free(&t);
	d = xcalloc(1, sizeof *d);
	/* Each request has its own hints (the actions allowed on it), so the
	 * ops are copied with a pointer to this request's list. */
	ops = xcalloc(1, sizeof *ops);
	d->number = xstrdup(number);
	d->error_row = -1;
	d->follow = 1;
	d->hints[0] = UI_QUIT;
	d->hints[1] = UI_NONE;
	*ops = (struct screen_ops){ N_("request"), detail_load, detail_draw, detail_handle, detail_done, d->hints, NULL };
	ui_push(ops, d);
}
