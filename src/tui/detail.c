/* A request: its fields (sensitive ones masked), the whole timeline, and
 * the actions the user may take, each asking only for what it needs. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"
#include "views.h"

struct detail {
	char *number;
	view_table fields, timeline;
	char *actions;  /* engine action names the user may take */
	int scroll;
	enum ui_action hints[16];
};

static const struct { enum ui_action key; engine_action act; const char *name; } bindings[] = {
	{ UI_APPROVE, ACT_APPROVE, "approve" }, { UI_REJECT, ACT_REJECT, "reject" },
	{ UI_RETURN, ACT_RETURN, "return" }, { UI_TRANSFER, ACT_TRANSFER, "transfer" },
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

static void detail_load(struct screen *s)
{
	struct detail *d = s->data;
	int k = 0;

	view_table_free(&d->fields);
	view_table_free(&d->timeline);
	free(d->actions);
	if (views_request(d->number, &d->fields, &d->timeline) != AF_OK)
		ui_message(R_ERROR, "%s", af_errmsg());
	d->actions = engine_allowed_actions(d->number);
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0] && k < 12; i++)
		if (allowed(d, bindings[i].name))
			d->hints[k++] = bindings[i].key;
	d->hints[k++] = UI_QUIT;
	d->hints[k] = UI_NONE;
}

static void detail_draw(struct screen *s, int top, int h, int w)
{
	struct detail *d = s->data;
	int y = top - d->scroll, lw = w < 70 ? 10 : 14;

	for (int r = 0; r < d->fields.nrows; r++, y++) {
		if (y < top || y >= top + h)
			continue;
		ui_text(y, 1, view_cell(&d->fields, r, 0), lw, ui_attr(R_HEADER), 1);
		ui_text(y, lw + 2, view_cell(&d->fields, r, 1), w - lw - 2, A_NORMAL, 1);
	}
	y++;
	if (y >= top && y < top + h)
		ui_text(y, 1, _("timeline"), w - 1, ui_attr(R_HEADER), 1);
	y++;
	for (int r = 0; r < d->timeline.nrows; r++, y++) {
		char line[1024];
		enum ui_role role = d->timeline.flags[r] & VIEW_OVERDUE ? R_OVERDUE :
				    d->timeline.flags[r] & VIEW_MARKED ? R_MARKED : R_NORMAL;

		if (y < top || y >= top + h)
			continue;
		if (w < 70) /* a phone: who, what, when; the opinion on its own line */
			snprintf(line, sizeof line, "%s %s %s %s", view_cell(&d->timeline, r, 4),
				 view_cell(&d->timeline, r, 1), view_cell(&d->timeline, r, 2),
				 view_cell(&d->timeline, r, 6));
		else
			snprintf(line, sizeof line, "%-11s %s · %s · %s %s %s", view_cell(&d->timeline, r, 4),
				 view_cell(&d->timeline, r, 0), view_cell(&d->timeline, r, 1),
				 view_cell(&d->timeline, r, 2), view_cell(&d->timeline, r, 5),
				 view_cell(&d->timeline, r, 6));
		ui_text(y, 1, line, w - 1, ui_attr(role), 1);
		if (*view_cell(&d->timeline, r, 3)) {
			y++;
			if (y >= top && y < top + h)
				ui_text(y, 4, view_cell(&d->timeline, r, 3), w - 4, ui_attr(R_DIM), 1);
		}
	}
}

static void employee_reload(void *ctx, const char *query, view_table *t)
{
	(void)ctx;
	views_pick("employee", query, t);
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
	a.opinion = opinion;
	a.target = target;
	ui_waiting();
	st = engine_act(d->number, action, &a);
	if (st == AF_OK)
		ui_message(R_GOOD, _("%s: %s ok"), d->number, views_action_word(engine_action_name(action)));
	else
		ui_message(R_ERROR, "%s", af_errmsg());
	free(opinion);
	free(target);
	ui_reload();
}

static int detail_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct detail *d = s->data;

	(void)ch;
	switch (a) {
	case UI_DOWN: d->scroll++; return 1;
	case UI_UP: if (d->scroll > 0) d->scroll--; return 1;
	case UI_PGDN: d->scroll += LINES / 2; return 1;
	case UI_PGUP: d->scroll = d->scroll > LINES / 2 ? d->scroll - LINES / 2 : 0; return 1;
	case UI_TOP: d->scroll = 0; return 1;
	default: break;
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

	view_table_free(&d->fields);
	view_table_free(&d->timeline);
	free(d->actions);
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
		ui_message(R_ERROR, "%s", af_errmsg());
		return;
	}
	view_table_free(&f);
	view_table_free(&t);
	d = xcalloc(1, sizeof *d);
	/* Each request has its own hints (the actions allowed on it), so the
	 * ops are copied with a pointer to this request's list. */
	ops = xcalloc(1, sizeof *ops);
	d->number = xstrdup(number);
	d->hints[0] = UI_QUIT;
	d->hints[1] = UI_NONE;
	*ops = (struct screen_ops){ N_("request"), detail_load, detail_draw, detail_handle, detail_done, d->hints };
	ui_push(ops, d);
}
