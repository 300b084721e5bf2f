/* Registers: supplies (low stock marked), assets, seals, licences (days
 * left), spaces (who has which desk or office, free ones too); search and
 * CSV export from each; on the supplies tab stock adjust, the reorder
 * level and the prepared restock (restock.c), on the spaces tab release and move, as the command line's stock
 * and space commands do (the same domain calls, the same permissions). */
#include "autoconf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "csvio.h"
#include "export.h"
#include "i18n.h"
#include "space.h"
#include "stock.h"
#include "tz.h"
#include "tui/ui.h"
#include "util.h"
#include "views.h"

static const char *const kinds[] = { "supplies", "assets", "seals", "licences", "spaces" };
static const char *const kind_titles[] = { N_("supplies"), N_("assets"), N_("seal usage"), N_("licences"),
					   N_("spaces") };
#define NKINDS ((int)(sizeof kinds / sizeof *kinds))
/* Which columns go first when the screen is narrow (lowest first), one
 * number for each column views_register gives, in its order; the assets
 * tab: tag, name, category, status, holder, location, return due, book
 * value; the spaces tab: floor, code, name, kind, holder, since, until,
 * request, state. */
#define REG_MAX_COLS 9
static const int priorities[][REG_MAX_COLS] = {
	{ 6, 5, 4, 1, 2, 3 }, { 8, 7, 3, 6, 2, 1, 4, 5 }, { 7, 6, 5, 4, 3, 1, 2 }, { 5, 4, 3, 2, 1 },
	{ 5, 9, 6, 1, 8, 4, 3, 2, 7 },
};
_Static_assert(sizeof priorities / sizeof *priorities == sizeof kinds / sizeof *kinds,
	       "one row of priorities for each tab");

struct registers {
	int kind;
	char *filter;
	ui_list list;
};

static void registers_load(struct screen *s)
{
	struct registers *r = s->data;
	view_table t;

	if (views_register(kinds[r->kind], r->filter, &t) != AF_OK)
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	ui_list_set(&r->list, &t);
}

static void registers_draw(struct screen *s, int top, int h, int w)
{
	struct registers *r = s->data;

	ui_tabs_draw(top, w, kind_titles, NKINDS, r->kind, r->filter);
	r->list.priority = priorities[r->kind];
	ui_list_draw(&r->list, top + 1, h - 1, w);
}

/* What each tab exports: the register as import takes it back, and for
 * the seals tab (the usage register) the uses themselves. */
static af_status write_register(void *ctx, FILE *out)
{
	const struct registers *r = ctx;
	export_opts all = { NULL, NULL, NULL };

	return strcmp(kinds[r->kind], "seals") == 0 ? export_activity("seal-uses", &all, out)
						    : csvio_export(kinds[r->kind], out);
}

static void export_csv(struct registers *r)
{
	char def[64], *path;
	af_status st;

	if (!auth_can("export")) {
		ui_message(R_ERROR, "%s", _("export: not permitted for you"));
		return;
	}
	snprintf(def, sizeof def, "%s.csv", strcmp(kinds[r->kind], "seals") == 0 ? "seal-uses" : kinds[r->kind]);
	path = ui_prompt_path(_("export to:"), def);
	if (!path || !*path) {
		free(path);
		return;
	}
	st = af_write_file(path, write_register, r);
	if (st == AF_OK)
		ui_message(R_GOOD, _("exported to %s"), path);
	else
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	free(path);
}

/* The tab's register from a file, as `adminflow import KIND FILE` takes
 * it (all or nothing). */
static af_status import_register(void *ctx, const char *path, char *done, size_t len)
{
	const char *kind = ctx;
	af_status st = csvio_import(kind, path, NULL);

	if (st == AF_OK)
		snprintf(done, len, _("imported %s into %s"), strrchr(path, '/') ? strrchr(path, '/') + 1 : path,
			 _(kind));
	return st;
}

static void import_csv(struct screen *s)
{
	struct registers *r = s->data;
	const char *kind = kinds[r->kind];
	char def[64];

	/* The seals tab shows the usage register, which is written by
	 * requests, not imported. */
	if (strcmp(kind, "seals") == 0) {
		ui_message(R_ERROR, "%s", _("seal uses are not imported; the seals themselves are: adminflow import seals FILE"));
		return;
	}
	if (!auth_can(csvio_permission(kind))) {
		ui_message(R_ERROR, "%s", _("import: not permitted for you"));
		return;
	}
	snprintf(def, sizeof def, "%s.csv", kind);
	ui_import(def, import_register, (void *)kind);
	registers_load(s);
}

/* The answer of a change: a refusal as the screen says it, or done. */
static void said(af_status st, const char *done)
{
	if (st == AF_OK)
		ui_message(R_GOOD, "%s", done);
	else
		ui_message(R_ERROR, "%s", ui_refusal(NULL));
}

/* Someone without the permission is refused before anything is asked,
 * with auth_require's words in the screen's language. */
static int permitted(const char *permission, const char *what)
{
	/* TRANSLATORS: what was refused (the command's words), the login, the
	 * permission it needs. */
	(void)N_("%s: not permitted for %s (needs the %s permission)");
	if (auth_require(permission, what) == AF_OK)
		return 1;
	said(AF_DENIED, NULL);
	return 0;
}

/* A reason for the audit trail (NULL: cancelled, or none given and said). */
static char *ask_reason(void)
{
	char *why = ui_prompt(_("reason:"), NULL);

	if (why && !*why) {
		ui_message(R_ERROR, "%s", _("a reason is required"));
		free(why);
		why = NULL;
	}
	return why;
}

/* The supply under the cursor: its stock by +N or -N (level: its reorder
 * level set to N), for a reason, as `stock adjust` and `stock level`. */
static void stock_change(struct screen *s, int level)
{
	struct registers *r = s->data;
	const char *key = ui_list_key(&r->list);
	char *sku, *label, *qty, *why, *end, done[200];
	long long v;

	if (!key || !*key || !permitted("manage_stock", level ? "stock level" : "stock adjust"))
		return;
	sku = xstrdup(key);
	/* TRANSLATORS: a supply's SKU, then what is asked. */
	label = level ? xasprintf(_("%s: reorder level:"), sku) : xasprintf(_("%s: +N or -N:"), sku);
	qty = ui_prompt(label, NULL);
	free(label);
	if (!qty) {
		free(sku);
		return;
	}
	v = strtoll(qty, &end, 10);
	if (end == qty || *end || (level ? qty[0] < '0' || qty[0] > '9' : qty[0] != '+' && qty[0] != '-') ||
	    v <= -1000000000 || v >= 1000000000) {
		ui_message(R_ERROR, level ? _("not a whole number: %s") : _("not +N or -N: %s"), qty);
	} else if ((why = ask_reason())) {
		af_status st = level ? stock_set_level(sku, v, why) : stock_adjust(sku, v, why);

		if (level)
			snprintf(done, sizeof done, _("%s: reorder level %lld"), sku, v);
		else
			snprintf(done, sizeof done, _("%s: stock %+lld"), sku, v);
		said(st, done);
		free(why);
		registers_load(s);
	}
	free(qty);
	free(sku);
}

/* The space under the cursor released on a day (move: its holder moved to
 * another space from a day), today unless the keeper says otherwise, for a
 * reason, as `space release` and `space move` with --date (the domain
 * refuses a day that is no date, in place). */
static void space_change(struct screen *s, int move)
{
	struct registers *r = s->data;
	const char *key = ui_list_key(&r->list);
	char *code, *to = NULL, *day = NULL, *why, today[16], done[200];

	if (!key || !*key || !permitted("manage_resources", move ? "space move" : "space release"))
		return;
	code = xstrdup(key);
	if (move) {
		/* TRANSLATORS: the space's code, then what is asked. */
		char *label = xasprintf(_("%s: move to space:"), code);

		to = ui_prompt(label, NULL);
		free(label);
		if (!to || !*to)
			goto out;
	}
	tz_today(today, sizeof today);
	day = ui_prompt(move ? _("moved from (YYYY-MM-DD):") : _("last day (YYYY-MM-DD):"), today);
	if (!day)
		goto out;
	if ((why = ask_reason())) {
		const char *on = *day ? day : today;
		af_status st = move ? space_move(code, to, on, why) : space_release(code, on, why);

		if (move)
			/* TRANSLATORS: a space's code, the other space, the day. */
			snprintf(done, sizeof done, _("%s: moved to %s from %s"), code, to, on);
		else
			/* TRANSLATORS: a space's code, its holder's last day. */
			snprintf(done, sizeof done, _("%s: released, last day %s"), code, on);
		said(st, done);
		free(why);
		registers_load(s);
	}
out:
	free(day);
	free(to);
	free(code);
}

static int registers_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct registers *r = s->data;

	if (a == UI_NONE && UI_IS_CLICK(ch)) { /* a click on a tab */
		int kind = ui_tabs_click(ch);

		if (kind >= 0 && kind != r->kind) {
			r->kind = kind;
			r->list.cursor = 0;
			registers_load(s);
		}
		return 1;
	}
	if (ui_list_move(&r->list, a, LINES - 5))
		return 1;
	switch (a) {
	case UI_NEXT:
	case UI_RIGHT:
	case UI_PREV:
	case UI_LEFT:
		r->kind = (r->kind + (a == UI_NEXT || a == UI_RIGHT ? 1 : NKINDS - 1)) % NKINDS;
		r->list.cursor = 0;
		registers_load(s);
		return 1;
	case UI_SEARCH: {
		char *f = ui_prompt(_("search:"), r->filter);

		if (f) {
			free(r->filter);
			r->filter = f;
			r->list.cursor = 0;
			registers_load(s);
		}
		return 1;
	}
	case UI_EXPORT:
		export_csv(r);
		return 1;
	case UI_IMPORT:
		import_csv(s);
		return 1;
	case UI_ADJUST:
	case UI_LEVEL:
		if (strcmp(kinds[r->kind], "supplies") != 0)
			/* TRANSLATORS: a key, e.g. "S". */
			ui_message(R_DIM, _("%s: on the supplies tab"), ui_key_label(a));
		else
			stock_change(s, a == UI_LEVEL);
		return 1;
	case UI_RESTOCK: /* the prepared purchase request of what is low */
		if (strcmp(kinds[r->kind], "supplies") != 0)
			ui_message(R_DIM, _("%s: on the supplies tab"), ui_key_label(a));
		else
			restock_open();
		return 1;
	case UI_RELEASE:
	case UI_MOVE:
		if (strcmp(kinds[r->kind], "spaces") != 0)
			/* TRANSLATORS: a key, e.g. "f". */
			ui_message(R_DIM, _("%s: on the spaces tab"), ui_key_label(a));
		else
			space_change(s, a == UI_MOVE);
		return 1;
	case UI_SORT: {
		int next = r->list.sort_col >= r->list.t.ncols ? -1 : r->list.sort_col;

		if (next < 0) {
			r->list.sort_col = 0;
			registers_load(s);
		} else {
			ui_list_sort(&r->list, next, 0);
		}
		return 1;
	}
	case UI_REGISTERS:
		return 1;
	default:
		return 0;
	}
}

static void registers_done(struct screen *s)
{
	struct registers *r = s->data;

	ui_list_free(&r->list);
	free(r->filter);
	free(r);
}

static const enum ui_action registers_hints[] = { UI_NEXT, UI_SEARCH, UI_EXPORT, UI_QUIT, UI_NONE };
static const struct screen_ops registers_ops = {
	N_("registers"), registers_load, registers_draw, registers_handle, registers_done, registers_hints, NULL
};

void registers_open(void)
{
	ui_push(&registers_ops, xcalloc(1, sizeof(struct registers)));
}
