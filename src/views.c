#include "autoconf.h"
#include "booking.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "assets.h"
#include "attach.h"
#include "auth.h"
#include "budget.h"
#include "db.h"
#include "engine.h"
#include "expr.h"
#include "engine_route.h"
#include "formdef.h"
#include "i18n.h"
#include "notice_text.h"
#include "space.h"
#include "stock.h"
#include "tz.h"
#include "util.h"
#include "views.h"

/* ---- words: codes from the database in the reader's language ---- */

struct word { const char *code, *msgid; };

static const struct word state_words[] = {
	{ "pending", NC_("state", "in progress") }, { "returned", NC_("state", "returned") },
	{ "approved", NC_("state", "approved") }, { "rejected", NC_("state", "rejected") },
	{ "withdrawn", NC_("state", "withdrawn") }, { "cancelled", NC_("state", "cancelled") },
	{ "done", NC_("state", "done") }, { "draft", NC_("state", "draft") }, { NULL, NULL },
};
static const struct word action_words[] = {
	{ "submit", NC_("action", "submit") }, { "resubmit", NC_("action", "resubmit") },
	{ "approve", NC_("action", "approve") }, { "reject", NC_("action", "reject") },
	{ "return", NC_("action", "return") }, { "transfer", NC_("action", "transfer") },
	{ "addsign", NC_("action", "add signer") }, { "urge", NC_("action", "urge") },
	{ "comment", NC_("action", "comment") }, { "withdraw", NC_("action", "withdraw") },
	{ "cancel", NC_("action", "cancel") }, { "edit", NC_("action", "edit") },
	{ "escalate", NC_("action", "escalate") }, { "auto-approve", NC_("action", "auto-approved") },
	{ "asked-once", NC_("action", "asked once") }, { "done", NC_("action", "done") },
	{ "pay", NC_("action", "paid") },
	{ "occurrence_cancel", NC_("action", "date cancelled") }, { "occurrence_move", NC_("action", "date moved") },
	{ NULL, NULL },
};
static const struct word notice_words[] = {
	{ "task", NC_("notice", "to do") }, { "cc", NC_("notice", "CC") },
	{ "decided", NC_("notice", "decided") }, { "returned", NC_("notice", "returned") },
	{ "withdrawn", NC_("notice", "withdrawn") }, { "comment", NC_("notice", "comment") },
	{ "urge", NC_("notice", "urged") }, { "escalated", NC_("notice", "escalated") },
	{ "overdue", NC_("notice", "overdue") }, { "due_soon", NC_("notice", "due soon") },
	{ "low_stock", NC_("notice", "low stock") }, { "licence", NC_("notice", "licence") },
	{ "booking_soon", NC_("notice", "booking soon") }, { "meeting", NC_("notice", "meeting") },
	{ "minutes", NC_("notice", "minutes") }, { "done", NC_("notice", "done") },
	{ "booking", NC_("notice", "booking") }, { "for_you", NC_("notice", "made for you") }, { NULL, NULL },
};
static const struct word booking_words[] = {
	{ "held", NC_("booking", "held") }, { "confirmed", NC_("booking", "confirmed") },
	{ "cancelled", NC_("booking", "cancelled") }, { "skipped", NC_("booking", "left out") }, { NULL, NULL },
};
static const struct word asset_words[] = {
	{ "in_stock", NC_("asset", "in stock") }, { "in_use", NC_("asset", "in use") },
	{ "in_repair", NC_("asset", "in repair") }, { "retired", NC_("asset", "retired") },
	{ "lost", NC_("asset", "lost") }, { NULL, NULL },
};

/* The word for code in table (context ctx), or code itself when unknown. */
static const char *word_of(const struct word *table, const char *ctx, const char *code)
{
	for (const struct word *w = table; w->code; w++)
		if (strcmp(w->code, code) == 0)
			return i18n_ctx(ctx, w->msgid);
	return code;
}

const char *views_state_word(const char *state)
{
	return word_of(state_words, "state", state);
}

const char *views_action_word(const char *action)
{
	return word_of(action_words, "action", action);
}

/* A step's title as the screens show it: the form's English title when
 * the reader's language is not Chinese, else the title kept with the
 * request (a step added on the way has no definition: its own title). */
static const char *step_title(const char *form, const char *step, const char *stored)
{
	const form_def *f = formdef_find(form);
	const form_step *st = f ? formdef_step(f, step) : NULL;

	return st && st->title_en && !i18n_chinese() ? formdef_step_title(st) : stored;
}

/* The opinion of a return or a transfer as the screens show it: the
 * engine keeps "to WHOM: OPINION" in the command line's English, WHOM
 * "applicant" or a step's name (return) or a person's name (transfer).
 * Caller frees. */
static char *opinion_shown(const char *form, const char *action, const char *opinion)
{
	int ret = strcmp(action, "return") == 0;
	const char *colon;
	char *whom, *to, *out;

	if ((!ret && strcmp(action, "transfer") != 0) || strncmp(opinion, "to ", 3) != 0)
		return xstrdup(opinion);
	colon = strstr(opinion + 3, ": ");
	whom = xstrdup(opinion + 3);
	if (colon)
		whom[colon - (opinion + 3)] = '\0';
	if (ret && strcmp(whom, "applicant") == 0) {
		to = xstrdup(_("to the applicant"));
	} else {
		const form_def *f = ret ? formdef_find(form) : NULL;
		const form_step *st = f ? formdef_step(f, whom) : NULL;

		/* TRANSLATORS: whom a request was returned or transferred to. */
		to = xasprintf(_("to %s"), st ? step_title(form, whom, st->title) : whom);
	}
	/* TRANSLATORS: whom it went to, then the opinion given with it. */
	out = colon ? xasprintf(_("%s: %s"), to, colon + 2) : xstrdup(to);
	free(whom);
	free(to);
	return out;
}

static const char *form_title(const char *form)
{
	const form_def *f = formdef_find(form);

	return f ? formdef_title(f) : form;
}

void view_table_free(view_table *t)
{
	if (t->own_headers)
		free((void *)t->headers);
	for (int i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	for (int i = 0; i < t->nrows; i++)
		free(t->keys[i]);
	free(t->cells);
	free(t->keys);
	free(t->flags);
	memset(t, 0, sizeof *t);
}

const char *view_cell(const view_table *t, int row, int col)
{
	if (row < 0 || row >= t->nrows || col < 0 || col >= t->ncols)
		return "";
	return t->cells[row * t->ncols + col];
}

static void table_init(view_table *t, const char **headers, int ncols)
{
	memset(t, 0, sizeof *t);
	t->headers = headers;
	t->ncols = ncols;
}

static int contains(const char *hay, const char *needle)
{
	return !needle || !*needle || strstr(hay, needle) != NULL;
}

/* Appends the current row of s: columns 0..ncols-1 are cells, column ncols
 * the key, column ncols+1 the flags, and nextra more columns go to *extra
 * (nrows * nextra, owned by the caller: what a cell is made of). */
static void table_add(view_table *t, db_stmt *s, int nextra, char ***extra)
{
	int r = t->nrows;

	if (nextra) {
		*extra = xrealloc(*extra, (size_t)(r + 1) * (size_t)nextra * sizeof **extra);
		for (int c = 0; c < nextra; c++)
			(*extra)[r * nextra + c] = xstrdup(db_col_text(s, t->ncols + 2 + c));
	}
	if (r >= t->cap) {
		/* doubling: a row at a time was a copy of the table a row */
		t->cap = r < 8 ? 16 : 2 * r;
		t->cells = xrealloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof *t->cells);
		t->keys = xrealloc(t->keys, (size_t)t->cap * sizeof *t->keys);
		t->flags = xrealloc(t->flags, (size_t)t->cap);
	}
	for (int c = 0; c < t->ncols; c++)
		t->cells[r * t->ncols + c] = xstrdup(db_col_text(s, c));
	t->keys[r] = xstrdup(db_col_text(s, t->ncols));
	t->flags[r] = (unsigned char)db_col_int(s, t->ncols + 1);
	t->nrows++;
}

static af_status table_fill_extra(view_table *t, db_stmt *s, int nextra, char ***extra)
{
	int rc;

	while ((rc = db_step(s)) == SQLITE_ROW)
		table_add(t, s, nextra, extra);
	db_done(s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

static af_status table_fill(view_table *t, db_stmt *s)
{
	return table_fill_extra(t, s, 0, NULL);
}

static void extra_free(char **extra, int n)
{
	for (int i = 0; i < n; i++)
		free(extra[i]);
	free(extra);
}

/* Replaces a cell with a copy of text. */
static void cell_set(view_table *t, int row, int col, const char *text)
{
	char **c = &t->cells[row * t->ncols + col];
	char *copy = xstrdup(text);

	free(*c);
	*c = copy;
}

static void table_push(view_table *t, const char *const *cells, const char *key, unsigned char flags);

/* Keeps the rows with filter (NULL or "": all) in a cell as shown. */
static void table_keep(view_table *t, const char *filter)
{
	int kept = 0;

	if (!filter || !*filter)
		return;
	for (int r = 0; r < t->nrows; r++) {
		int match = 0;

		for (int c = 0; c < t->ncols && !match; c++)
			match = contains(t->cells[r * t->ncols + c], filter);
		if (!match) {
			for (int c = 0; c < t->ncols; c++)
				free(t->cells[r * t->ncols + c]);
			free(t->keys[r]);
			continue;
		}
		memmove(&t->cells[kept * t->ncols], &t->cells[r * t->ncols], (size_t)t->ncols * sizeof *t->cells);
		t->keys[kept] = t->keys[r];
		t->flags[kept] = t->flags[r];
		kept++;
	}
	t->nrows = kept;
}

static void now_text(char *buf, size_t len)
{
	af_format_time(af_now(), buf, len);
}

af_status views_home(home_counts *c)
{
	char now[32];

	now_text(now, sizeof now);
	memset(c, 0, sizeof *c);
	c->todo = db_int(0, "SELECT count(*) FROM tasks WHERE assignee_id = ?1 AND state = 'pending'", "I", me.id);
	/* Whether any is overdue, from the user's own tasks: counting them read
	 * each one's row, or through tasks_due every overdue task of the company. */
	c->overdue = db_int(0, "SELECT EXISTS (SELECT 1 FROM tasks INDEXED BY tasks_assignee"
			    " WHERE assignee_id = ?1 AND state = 'pending' AND due_at < ?2)", "It", me.id, now);
	c->returned = db_int(0, "SELECT count(*) FROM requests WHERE applicant_id = ?1 AND state = 'returned'",
			     "I", me.id);
	c->mine_pending = db_int(0, "SELECT count(*) FROM requests WHERE applicant_id = ?1 AND state = 'pending'",
				 "I", me.id);
	c->unread = db_int(0, "SELECT count(*) FROM notices WHERE employee_id = ?1 AND read_at IS NULL",
			   "I", me.id);
	return AF_OK;
}

af_status views_due(view_table *t)
{
	static const char *headers[] = { N_("kind"), N_("item") };
	char now[32], soon[32], **extra = NULL;
	db_stmt s;
	af_status st;

	table_init(t, headers, 2);
	now_text(now, sizeof now);
	af_format_time(af_now() + 4 * 3600, soon, sizeof soon);
	/* Steps: the item is made here, with the step's title in the reader's
	 * language (extra: number, form, step name, stored title, due). */
	db_prepare(&s, "SELECT '', '', r.number, CASE WHEN t.due_at < :now THEN 1 ELSE 0 END,"
		   " r.number, r.form, st.name, st.title, substr(datetime(t.due_at, 'localtime'), 6, 11)"
		   " FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps st ON st.id = t.step_id"
		   " WHERE t.assignee_id = :me AND t.state = 'pending' AND t.due_at < :soon ORDER BY t.due_at"
		   " LIMIT :max");
	db_bind_text(&s, ":now", now);
	db_bind_text(&s, ":soon", soon);
	db_bind_int(&s, ":me", me.id);
	db_bind_int(&s, ":max", VIEWS_DUE_MAX);
	if ((st = table_fill_extra(t, &s, 5, &extra)) != AF_OK) {
		extra_free(extra, t->nrows * 5);
		return st;
	}
	for (int r = 0; r < t->nrows; r++) {
		char **x = &extra[r * 5];
		char *item = xasprintf("%s %s %s", x[0], step_title(x[1], x[2], x[3]), x[4]);

		cell_set(t, r, 0, t->flags[r] & VIEW_OVERDUE ? i18n_ctx("due", NC_("due", "overdue")) :
				  i18n_ctx("due", NC_("due", "due soon")));
		cell_set(t, r, 1, item);
		free(item);
	}
	extra_free(extra, t->nrows * 5);
	db_prepare(&s, "SELECT :kind, printf(:fmt, name, expires_on,"
		   " CAST(julianday(expires_on) - julianday(date(:now, 'localtime')) AS INTEGER)), '', 1"
		   " FROM licences WHERE julianday(expires_on) - julianday(date(:now, 'localtime')) <= remind_days"
		   " ORDER BY expires_on");
	db_bind_text(&s, ":kind", i18n_ctx("due", NC_("due", "licence")));
	/* TRANSLATORS: a licence about to expire: its name, the day, days left. */
	db_bind_text(&s, ":fmt", _("%s %s (%d days)"));
	db_bind_text(&s, ":now", now);
	if ((st = table_fill(t, &s)) != AF_OK)
		return st;
	db_prepare(&s, "SELECT :kind, name || ' ' || on_hand || unit || ' ≤ ' || reorder_level, '', 2"
		   " FROM supplies WHERE on_hand <= reorder_level ORDER BY name");
	db_bind_text(&s, ":kind", i18n_ctx("due", NC_("due", "low stock")));
	if ((st = table_fill(t, &s)) != AF_OK)
		return st;
	/* Lent assets due back: the holder's own, and every one for those who
	 * keep the register. */
	db_prepare(&s, "SELECT :kind, a.tag || ' ' || a.return_due || ' ' || e.name || ' ' || a.name, '',"
		   " CASE WHEN a.return_due < date(:now, 'localtime') THEN 1 ELSE 0 END"
		   " FROM assets a JOIN employees e ON e.id = a.holder_id"
		   " WHERE a.return_due <= date(:now, 'localtime') AND a.status = 'in_use' AND (a.holder_id = :me OR :keeper)"
		   " ORDER BY a.return_due, a.tag");
	db_bind_text(&s, ":kind", i18n_ctx("due", NC_("due", "due back")));
	db_bind_text(&s, ":now", now);
	db_bind_int(&s, ":me", me.id);
	db_bind_int(&s, ":keeper", auth_can("manage_assets"));
	return table_fill(t, &s);
}

af_status views_inbox(int tab, const char *filter, view_table *t)
{
	/* TRANSLATORS: "from" is the applicant; the inbox is narrow. */
	static const char *headers[] = { N_("number"), N_("affair"), N_("from"), N_("summary"),
					  N_("amount"), N_("state"), N_("waited") };
	static const enum engine_box boxes[] = { BOX_TODO, BOX_DONE, BOX_MINE, BOX_CC };
	engine_inbox_rows in;
	af_status st;

	table_init(t, headers, 7);
	if (tab < 0 || tab > 3)
		tab = 0;
	/* Done, without a search: the requests of the latest actions. */
	if ((st = engine_inbox_load(boxes[tab], tab != 1 || (filter && *filter), &in)) != AF_OK)
		return st;
	for (int r = 0; r < in.n; r++) {
		const engine_inbox_row *w = &in.rows[r];
		char *state, when[32], money[32];
		const char *cells[7];

		if (tab == 0)
			state = xstrdup(step_title(w->form, w->step, w->step_title));
		else if (tab == 2 && strcmp(w->state, "pending") == 0 && *w->step)
			/* Mine: while it runs, the step it waits at, so progress shows. */
			state = xasprintf("%s · %s", views_state_word(w->state),
					  step_title(w->form, w->step, w->step_title));
		else
			state = xstrdup(views_state_word(w->state));
		if (tab == 0 && w->waited_h < 48)
			snprintf(when, sizeof when, "%lldh", (long long)w->waited_h);
		else if (tab == 0)
			snprintf(when, sizeof when, "%lldd", (long long)(w->waited_h / 24));
		else
			snprintf(when, sizeof when, "%.11s", strlen(w->at) > 5 ? w->at + 5 : "");
		cells[0] = w->number;
		/* The affair's title reads better than its id. */
		cells[1] = form_title(w->form);
		cells[2] = w->applicant;
		cells[3] = w->summary;
		/* The amount that decides an approval, where the form has one. */
		cells[4] = *w->amount ? expr_format_money(strtoll(w->amount, NULL, 10), money, sizeof money) : "";
		cells[5] = state;
		cells[6] = when;
		table_push(t, cells, w->number, tab == 0 && w->overdue ? VIEW_OVERDUE : 0);
		free(state);
	}
	table_keep(t, filter);
	/* Not every request is there: say how many there are. */
	if (in.more && in.requests > t->nrows)
		t->total = in.requests;
	engine_inbox_free(&in);
	return AF_OK;
}

static int64_t request_id(const char *number, int64_t *applicant)
{
	*applicant = db_int(0, "SELECT applicant_id FROM requests WHERE number = ?1", "t", number);
	return db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", number);
}

char *views_budget_warning(const char *number)
{
	int64_t applicant, id = request_id(number, &applicant);
	af_said why;

	if (!id || !engine_may_see(id) ||
	    db_int(0, "SELECT 1 FROM requests WHERE id = ?1 AND state IN ('pending', 'returned')", "I", id) != 1)
		return NULL;
	return budget_over_request(id, &why) == 1 ? xstrdup(why.shown) : NULL;
}

char *views_stock_warning(const char *number)
{
	int64_t applicant, id = request_id(number, &applicant);
	const form_def *f;
	af_said why;
	char *form, *lines = NULL;
	int shortfall = 0;

	if (!id || !engine_may_see(id) ||
	    db_int(0, "SELECT 1 FROM requests WHERE id = ?1 AND state IN ('pending', 'returned')", "I", id) != 1)
		return NULL;
	form = db_text("", "SELECT form FROM requests WHERE id = ?1", "I", id);
	f = formdef_find(form);
	free(form);
	for (int i = 0; f && i < f->n_fields && !shortfall; i++) {
		char *path;

		if (f->fields[i].type != FT_SUPPLY_LINES)
			continue;
		path = xasprintf("$.%s", f->fields[i].name);
		lines = db_text(NULL, "SELECT json_extract(data, ?2) FROM requests WHERE id = ?1", "It", id, path);
		shortfall = stock_shortfall(lines, &why);
		free(path);
		free(lines);
	}
	return shortfall ? xstrdup(why.shown) : NULL;
}

/* A stored instant on the company's clock as the timeline shows it: "MM-DD HH:MM". */
static const char *short_time(const char *utc, char *buf, size_t len)
{
	char full[32];
	const char *local = tz_show(utc, full, sizeof full);

	snprintf(buf, len, "%.11s", strlen(local) >= 16 ? local + 5 : local);
	return buf;
}

af_status views_request(const char *number, view_table *fields, view_table *timeline)
{
	static const char *fh[] = { N_("item"), N_("value") };
	static const char *th[] = { N_("step"), N_("by"), N_("action"), N_("opinion"), N_("time"),
				    N_("took"), N_("limit") };
	engine_request_view v;
	af_status st;

	table_init(fields, fh, 2);
	table_init(timeline, th, 7);
	if ((st = engine_request_view_load(number, &v)) != AF_OK) {
		engine_request_view_free(&v);
		return st;
	}
	{
		const char *word = views_state_word(v.state);
		/* Made for them by a clerk: both named. */
		char *who = v.by && *v.by ? xasprintf(_("%s · %s · by %s"), v.applicant, v.department, v.by)
			: xasprintf("%s · %s", v.applicant, v.department);
		/* the state in words, and as the commands name it */
		char *state = strcmp(word, v.state) ? xasprintf("%s (%s)", word, v.state) : xstrdup(v.state);
		char at[32];

		table_push(fields, (const char *[]){ _("number"), v.number }, "", 0);
		table_push(fields, (const char *[]){ _("applicant"), who }, "", 0);
		table_push(fields, (const char *[]){ _("state"), state }, "", 0);
		table_push(fields, (const char *[]){ _("submitted"), tz_show(v.created, at, sizeof at) }, "", 0);
		free(who);
		free(state);
	}
	for (int i = 0; i < v.nfields; i++) {
		const engine_view_field *x = &v.fields[i];
		/* As a user types it: money with decimals, lines, time ranges. */
		char *text = !x->visible ? xstrdup("******") : x->fd ? views_value_text(x->fd, x->value)
			     : xstrdup(x->value);

		table_push(fields, (const char *[]){ x->fd ? formdef_label(x->fd) : x->key, text }, x->key,
			   x->visible ? 0 : VIEW_MASKED);
		free(text);
	}
	/* What was done: the actor (or the system), for whom, the action's
	 * word, and whether the step's limit was kept. */
	for (int i = 0; i < v.nactions; i++) {
		const engine_view_action *x = &v.actions[i];
		const char *actor = *x->actor ? x->actor : _("system");
		char *who = *x->for_name ? xasprintf(_("%s (for %s)"), actor, x->for_name) : xstrdup(actor);
		char at[32], took[32] = "", key[24];
		const char *limit = x->limit == 1 ? _("on time") : x->limit == 2 ? _("late") : "";

		if (x->took_min >= 0)
			snprintf(took, sizeof took, "%lldh%02lldm", (long long)(x->took_min / 60),
				 (long long)(x->took_min % 60));
		snprintf(key, sizeof key, "%lld", (long long)x->id);
		char *opinion = opinion_shown(v.form, x->action, x->opinion);

		table_push(timeline, (const char *[]){ step_title(v.form, x->step, x->step_title), who,
						       views_action_word(x->action), opinion,
						       short_time(x->at, at, sizeof at), took, limit },
			   key, x->limit == 2 ? VIEW_OVERDUE : 0);
		free(opinion);
		free(who);
	}
	/* Still to do: the steps waiting, marked, with their limits. */
	for (int i = 0; i < v.ntasks; i++) {
		const engine_view_task *x = &v.tasks[i];
		char since[32], due[32], *limit;

		/* TRANSLATORS: a waiting step's time limit. */
		limit = *x->due ? xasprintf(_("due %s"), short_time(x->due, due, sizeof due)) : xstrdup("");
		table_push(timeline, (const char *[]){ step_title(v.form, x->step, x->step_title), x->who,
						       _("waiting"), "", short_time(x->since, since, sizeof since),
						       "", limit },
			   "", VIEW_MARKED | (x->overdue ? VIEW_OVERDUE : 0));
		free(limit);
	}
	engine_request_view_free(&v);
	return AF_OK;
}

af_status views_return_targets(const char *number, view_table *t)
{
	static const char *headers[] = { N_("step") };
	char **extra = NULL;
	db_stmt s;
	af_status st;

	table_init(t, headers, 1);
	db_prepare(&s, "SELECT :applicant, 'applicant', 0, '', '' UNION ALL"
		   " SELECT st.title, st.name, 0, r.form, st.title FROM steps st JOIN requests r ON r.id = st.request_id"
		   " WHERE r.number = :n AND st.state = 'done'"
		   " AND st.pos < (SELECT pos FROM steps WHERE id = r.current_step)");
	db_bind_text(&s, ":n", number);
	db_bind_text(&s, ":applicant", _("the applicant"));
	st = table_fill_extra(t, &s, 2, &extra);
	for (int r = 1; r < t->nrows; r++)
		cell_set(t, r, 0, step_title(extra[r * 2], t->keys[r], extra[r * 2 + 1]));
	extra_free(extra, t->nrows * 2);
	return st;
}

af_status views_attachments(const char *number, view_table *t)
{
	static const char *headers[] = { N_("n"), N_("name"), N_("size"), N_("type") };
	attach_info *v;
	int nv;
	af_status st;

	table_init(t, headers, 4);
	if ((st = attach_list(number, &v, &nv)) != AF_OK)
		return st;
	for (int i = 0; i < nv; i++) {
		char n[16], size[32];
		const char *cells[4] = { n, v[i].name, size, v[i].type };

		snprintf(n, sizeof n, "%d", v[i].n);
		if (v[i].size < 1024)
			snprintf(size, sizeof size, "%lld B", (long long)v[i].size);
		else if (v[i].size < 1024 * 1024)
			snprintf(size, sizeof size, "%.1f KiB", v[i].size / 1024.0);
		else
			snprintf(size, sizeof size, "%.1f MiB", v[i].size / (1024.0 * 1024.0));
		/* a sensitive field's the reader may not see: listed, never opened */
		table_push(t, cells, n, v[i].hidden ? VIEW_LOW : 0);
	}
	attach_list_free(v, nv);
	return AF_OK;
}

af_status views_notices(view_table *t)
{
	static const char *headers[] = { N_("time"), N_("kind"), N_("text") };
	db_stmt s;
	af_status st;

	table_init(t, headers, 3);
	db_prepare(&s, "SELECT substr(datetime(n.created_at, 'localtime'), 6, 11), n.kind, n.text, n.id,"
		   " CASE WHEN n.read_at IS NULL THEN 4 ELSE 0 END"
		   " FROM notices n WHERE n.employee_id = :me ORDER BY n.id DESC LIMIT 500");
	db_bind_int(&s, ":me", me.id);
	st = table_fill(t, &s);
	for (int r = 0; r < t->nrows; r++) {
		const char *at[4];
		size_t len[4];

		/* A low-stock notice is kept in the command line's words (it is
		 * mailed as it is): read back, it is said in the screen's. */
		if (strcmp(view_cell(t, r, 1), "low_stock") == 0 &&
		    text_match(STOCK_LOW_WORDS, view_cell(t, r, 2), at, len, 4)) {
			char *a[4], *text;

			for (int k = 0; k < 4; k++)
				a[k] = xasprintf("%.*s", (int)len[k], at[k]);
			/* TRANSLATORS: a supply's name, SKU, what is left with its
			 * unit, its reorder level; on the screen, Enter on the
			 * notice opens the prepared purchase request. */
			text = xasprintf(_("low stock: %s (%s): %s left, reorder level %s; "
					   "Enter: the prepared purchase request"), a[0], a[1], a[2], a[3]);
			cell_set(t, r, 2, text);
			free(text);
			for (int k = 0; k < 4; k++)
				free(a[k]);
			t->flags[r] |= VIEW_RESTOCK;
		} else {
			/* The others too: each in the screen's words. */
			char *text = notify_text_shown(view_cell(t, r, 2));

			cell_set(t, r, 2, text);
			free(text);
		}
		cell_set(t, r, 1, word_of(notice_words, "notice", view_cell(t, r, 1)));
	}
	return st;
}

static af_status mark_read(void *ctx)
{
	char now[32];

	now_text(now, sizeof now);
	return db_exec("UPDATE notices SET read_at = ?1 WHERE id = ?2 AND employee_id = ?3 AND read_at IS NULL",
		       "tII", now, *(int64_t *)ctx, me.id) == SQLITE_DONE ? AF_OK : db_fail();
}

af_status views_notice_read(int64_t id)
{
	return db_transact(mark_read, &id);
}

af_status views_register(const char *kind, const char *filter, view_table *t)
{
	/* "stock" is the supplies register at full width (the command line's
	 * stock list): the usual supplier and the latest correction too. */
	static const char *supplies_h[] = { N_("SKU"), N_("name"), N_("on hand"), N_("reserved"),
					    N_("reorder at"), N_("location"), N_("supplier"), N_("last adjusted") };
	static const char *assets_h[] = { N_("tag"), N_("name"), N_("category"), N_("status"), N_("holder"),
					  N_("location"), N_("due back"), N_("book value") };
	/* The seals tab is the usage register: who used which seal, for what. */
	static const char *seals_h[] = { N_("date"), N_("seal"), N_("document"), N_("copies"),
					 N_("user"), N_("witness"), N_("keeper") };
	static const char *licences_h[] = { N_("code"), N_("name"), N_("expires"), N_("days left"),
					    N_("department") };
	/* The space register as of today (space_list's, as `space list`
	 * prints it): free spaces too. */
	static const char *spaces_h[] = { N_("floor"), N_("code"), N_("name"), N_("kind"), N_("holder"),
					  N_("since"), N_("until"), N_("request"), N_("state") };
	char now[32], **extra = NULL;
	db_stmt s;
	af_status st = AF_OK;
	int s_used = 0;

	now_text(now, sizeof now);
	if (strcmp(kind, "spaces") == 0) {
		space_row *sr;
		int n;

		table_init(t, spaces_h, 9);
		if ((st = space_list(0, NULL, NULL, &sr, &n)) != AF_OK)
			return st;
		for (int i = 0; i < n; i++) {
			/* TRANSLATORS: a space's state in the space register. */
			const char *state = !sr[i].holder_login[0] ? _("free") : sr[i].held ? _("held") : _("allocated");
			const char *cells[9] = { sr[i].floor, sr[i].code, sr[i].name, sr[i].kind, sr[i].holder,
						 sr[i].since, sr[i].until, sr[i].request, state };

			table_push(t, cells, sr[i].code, 0);
		}
		free(sr);
		table_keep(t, filter);
		return AF_OK;
	}
	if (strcmp(kind, "supplies") == 0) {
		table_init(t, supplies_h, 6);
		db_prepare(&s, "SELECT sku, name, on_hand || unit, reserved, reorder_level, location, sku,"
			   " CASE WHEN on_hand <= reorder_level THEN 2 ELSE 0 END FROM supplies ORDER BY sku");
	} else if (strcmp(kind, "stock") == 0) {
		/* The latest correction by hand: when, how many, why. */
		table_init(t, supplies_h, 8);
		db_prepare(&s, "SELECT p.sku, p.name, p.on_hand || p.unit, p.reserved, p.reorder_level, p.location,"
			   " p.supplier, coalesce((SELECT substr(m.at, 1, 10) || ' ' || CASE m.sign WHEN 1 THEN '+' ELSE '-' END"
			   " || m.quantity || ' ' || m.note FROM stock_moves m WHERE m.supply_id = p.id AND m.kind = 'adjust'"
			   " ORDER BY m.at DESC, m.id DESC LIMIT 1), ''), p.sku,"
			   " CASE WHEN p.on_hand <= p.reorder_level THEN 2 ELSE 0 END FROM supplies p ORDER BY p.sku");
	} else if (strcmp(kind, "assets") == 0) {
		/* A lent asset past its return-due date is marked overdue. */
		table_init(t, assets_h, 8);
		db_prepare(&s, "SELECT a.tag, a.name, a.category, a.status, coalesce(e.name, ''), a.location,"
			   " coalesce(a.return_due, ''), '', a.tag,"
			   " CASE WHEN a.return_due < date(:now, 'localtime') AND a.status = 'in_use' THEN 1 ELSE 0 END,"
			   " a.cost_cents, a.salvage_cents, coalesce(a.life_months, c.life_months, 0),"
			   " coalesce(a.in_service_on, a.purchase_date, '')"
			   " FROM assets a LEFT JOIN employees e ON e.id = a.holder_id"
			   " LEFT JOIN asset_categories c ON c.name = a.category ORDER BY a.tag");
		db_bind_text(&s, ":now", now);
		/* the book value today, by the one rule (assets_value_at) */
		if ((st = table_fill_extra(t, &s, 4, &extra)) == AF_OK)
			for (int r = 0; r < t->nrows; r++) {
				char **x = &extra[r * 4], today[11], buf[32];
				asset_value v;

				if (!assets_on_books(view_cell(t, r, 3)))
					continue;
				tz_today(today, sizeof today);
				v = assets_value_at(strtoll(x[0], NULL, 10), strtoll(x[1], NULL, 10), atoi(x[2]), x[3], today);
				cell_set(t, r, 7, expr_format_money(v.book, buf, sizeof buf));
			}
		extra_free(extra, t->nrows * 4);
		extra = NULL;
		s_used = 1;
	} else if (strcmp(kind, "seals") == 0) {
		table_init(t, seals_h, 7);
		db_prepare(&s, "SELECT substr(datetime(u.at, 'localtime'), 1, 16), s.name, u.document, u.copies, e.name,"
			   " coalesce(w.name, ''), coalesce(k.name, ''), u.id, 0"
			   " FROM seal_uses u JOIN seals s ON s.id = u.seal_id JOIN employees e ON e.id = u.used_by"
			   " LEFT JOIN employees w ON w.id = u.witness_id LEFT JOIN employees k ON k.id = u.confirmed_by"
			   " ORDER BY u.at DESC, u.id DESC");
	} else if (strcmp(kind, "licences") == 0) {
		table_init(t, licences_h, 5);
		db_prepare(&s, "SELECT l.code, l.name, l.expires_on,"
			   " CAST(julianday(l.expires_on) - julianday(date(:now, 'localtime')) AS INTEGER), coalesce(d.name, ''), l.code,"
			   " CASE WHEN julianday(l.expires_on) - julianday(date(:now, 'localtime')) <= l.remind_days THEN 1 ELSE 0 END"
			   " FROM licences l LEFT JOIN departments d ON d.id = l.department_id ORDER BY l.expires_on");
		db_bind_text(&s, ":now", now);
	} else {
		return af_fail(AF_USAGE, "register: unknown kind '%s'", kind);
	}
	if (!s_used)
		st = table_fill(t, &s);
	if (strcmp(kind, "assets") == 0)
		for (int r = 0; r < t->nrows; r++)
			cell_set(t, r, 3, word_of(asset_words, "asset", view_cell(t, r, 3)));
	table_keep(t, filter);
	return st;
}

af_status views_pick(const char *type, const char *query, view_table *t)
{
	static const char *headers[] = { N_("code"), N_("name") };
	static const struct { const char *type, *sql; } pickers[] = {
		{ "employee", "SELECT e.login, e.name || ' · ' || d.name, e.login, 0 FROM employees e"
		  " JOIN departments d ON d.id = e.department_id WHERE e.active AND (e.login LIKE :q OR e.name LIKE :q)"
		  " ORDER BY e.login LIMIT 200" },
		{ "department", "SELECT code, name, code, 0 FROM departments WHERE code LIKE :q OR name LIKE :q ORDER BY code" },
		{ "room", "SELECT code, printf(:seats, name, capacity), code, 0 FROM rooms WHERE active"
		  " AND (code LIKE :q OR name LIKE :q) ORDER BY code" },
		{ "vehicle", "SELECT code, name || ' ' || plate, code, 0 FROM vehicles WHERE active"
		  " AND (code LIKE :q OR name LIKE :q OR plate LIKE :q) ORDER BY code" },
		{ "space", "SELECT code, name, code, 0 FROM spaces WHERE code LIKE :q OR name LIKE :q ORDER BY code" },
		{ "supply_lines", "SELECT sku, printf(:stock, name, on_hand, unit), sku, 0 FROM supplies"
		  " WHERE sku LIKE :q OR name LIKE :q ORDER BY sku LIMIT 200" },
		/* An asset with who holds it and where it is; retired and lost
		 * ones are not there to be chosen. */
		{ "asset", "SELECT a.tag, a.name || ifnull(' · ' || e.name, '')"
		  " || CASE WHEN a.location <> '' THEN ' · ' || a.location ELSE '' END, a.tag, 0"
		  " FROM assets a LEFT JOIN employees e ON e.id = a.holder_id"
		  " WHERE a.status NOT IN ('retired', 'lost') AND (a.tag LIKE :q OR a.name LIKE :q"
		  " OR e.name LIKE :q OR a.location LIKE :q) ORDER BY a.tag LIMIT 200" },
		{ "supplier", "SELECT code, name, code, 0 FROM suppliers WHERE code LIKE :q OR name LIKE :q ORDER BY code" },
		{ "seal", "SELECT code, name, code, 0 FROM seals WHERE code LIKE :q OR name LIKE :q ORDER BY code" },
		/* A licence is chosen by its name, as it has always been typed. */
		{ "licence", "SELECT code, name || ' · ' || expires_on, name, 0 FROM licences"
		  " WHERE code LIKE :q OR name LIKE :q ORDER BY code" },
	};
	char *q = xasprintf("%%%s%%", query ? query : "");
	af_status st = AF_OK;

	table_init(t, headers, 2);
	for (size_t i = 0; i < sizeof pickers / sizeof pickers[0]; i++) {
		db_stmt s;

		if (strcmp(pickers[i].type, type) != 0)
			continue;
		db_prepare(&s, pickers[i].sql);
		db_bind_text(&s, ":q", q);
		/* TRANSLATORS: a room in a picker: its name and how many it seats. */
		if (strcmp(type, "room") == 0)
			db_bind_text(&s, ":seats", _("%s (%d seats)"));
		/* TRANSLATORS: a supply in a picker: its name, stock and unit. */
		if (strcmp(type, "supply_lines") == 0)
			db_bind_text(&s, ":stock", _("%s, %d%s in stock"));
		st = table_fill(t, &s);
	}
	free(q);
	return st;
}

af_status views_pick_available(const char *category, const char *query, view_table *t)
{
	static const char *headers[] = { N_("code"), N_("name") };
	char *q = xasprintf("%%%s%%", query ? query : "");
	db_stmt s;
	af_status st;

	table_init(t, headers, 2);
	db_prepare(&s, "SELECT a.tag, a.name || CASE WHEN a.location <> '' THEN ' · ' || a.location ELSE '' END,"
		   " a.tag, 0 FROM assets a WHERE a.status = 'in_stock' AND a.category = :cat"
		   " AND (a.tag LIKE :q OR a.name LIKE :q OR a.location LIKE :q) ORDER BY a.tag LIMIT 200");
	db_bind_text(&s, ":cat", category);
	db_bind_text(&s, ":q", q);
	st = table_fill(t, &s);
	free(q);
	return st;
}

af_status views_forms(view_table *t)
{
	static const char *headers[] = { N_("affair"), N_("prefix") };

	table_init(t, headers, 2);
	t->cells = xcalloc((size_t)formdef_count() * 2 + 1, sizeof *t->cells);
	t->keys = xcalloc((size_t)formdef_count() + 1, sizeof *t->keys);
	t->flags = xcalloc((size_t)formdef_count() + 1, 1);
	for (int i = 0; i < formdef_count(); i++) {
		const form_def *f = formdef_at(i);

		t->cells[i * 2] = xstrdup(formdef_title(f));
		t->cells[i * 2 + 1] = xstrdup(f->prefix);
		t->keys[i] = xstrdup(f->id);
		t->nrows++;
	}
	return AF_OK;
}

af_status views_options(const char *form_id, const char *field, view_table *t)
{
	static const char *headers[] = { N_("choice") };
	const form_def *f = formdef_find(form_id);
	const char *dot = strchr(field, '.');
	char *name = dot ? xasprintf("%.*s", (int)(dot - field), field) : NULL;
	const form_field *fd = f ? formdef_field(f, name ? name : field) : NULL;
	int n;

	/* "lines.category": a column of a lines field. */
	if (fd && dot) {
		const form_field *lines = fd;

		fd = NULL;
		for (int c = 0; c < lines->n_columns; c++)
			if (strcmp(lines->columns[c].name, dot + 1) == 0)
				fd = &lines->columns[c];
	}
	free(name);
	n = fd ? fd->n_options : 0;

	table_init(t, headers, 1);
	t->cells = xcalloc((size_t)n + 1, sizeof *t->cells);
	t->keys = xcalloc((size_t)n + 1, sizeof *t->keys);
	t->flags = xcalloc((size_t)n + 1, 1);
	/* The labels in the screen's language; the option is what is stored. */
	for (int i = 0; i < n; i++) {
		t->cells[i] = xstrdup(formdef_option_label(fd, fd->options[i]));
		t->keys[i] = xstrdup(fd->options[i]);
	}
	t->nrows = n;
	return AF_OK;
}

void views_field_row(view_table *fields, const form_field *fd)
{
	for (int r = 0; r < fields->nrows; r++)
		if (strcmp(fields->keys[r], fd->name) == 0)
			return;
	table_push(fields, (const char *[]){ formdef_label(fd), "" }, fd->name, 0);
}

char *views_value_text(const form_field *fd, const char *stored)
{
	strbuf sb = {0};
	char *copy, *tok, *save = NULL;

	if (fd->type == FT_CHOICE)
		return xstrdup(stored && *stored ? formdef_option_label(fd, stored) : "");
	if (fd->type != FT_MULTICHOICE || !stored)
		return engine_field_text(fd, stored);
	copy = xstrdup(stored);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		sb_printf(&sb, "%s%s", sb.len ? ", " : "", formdef_option_label(fd, tok));
	free(copy);
	return sb.buf ? sb.buf : xstrdup("");
}

char *views_supply_name(const char *sku)
{
	return db_text("", "SELECT name FROM supplies WHERE sku = ?1", "t", sku);
}

/* ---- the request screen: its steps, and a lines field as a table ---- */

/* Appends a row of C strings (ncols of them; NULL as ""). */
static void table_push(view_table *t, const char *const *cells, const char *key, unsigned char flags)
{
	int r = t->nrows;

	if (r >= t->cap) {
		t->cap = r < 8 ? 16 : 2 * r;
		t->cells = xrealloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof *t->cells);
		t->keys = xrealloc(t->keys, (size_t)t->cap * sizeof *t->keys);
		t->flags = xrealloc(t->flags, (size_t)t->cap);
	}
	for (int c = 0; c < t->ncols; c++)
		t->cells[r * t->ncols + c] = xstrdup(cells[c] ? cells[c] : "");
	t->keys[r] = xstrdup(key ? key : "");
	t->flags[r] = flags;
	t->nrows++;
}

static const struct word step_words[] = {
	{ "done", NC_("step", "done") }, { "active", NC_("step", "now") },
	{ "planned", NC_("step", "to come") }, { "skipped", NC_("step", "skipped") }, { NULL, NULL },
};

char *views_employee_name(const char *login)
{
	return db_text(NULL, "SELECT name || ' (' || login || ')' FROM employees WHERE login = ?1 AND active", "t", login);
}

/* The prologue of a view of one request: t gets its headers, *id the
 * request's id; AF_INVALID when there is no such request, AF_DENIED when
 * the reader may not see it. */
static af_status views_request_open(const char *number, const char **headers, int ncols, view_table *t,
				    int64_t *id)
{
	int64_t applicant;

	table_init(t, headers, ncols);
	*id = request_id(number, &applicant);
	if (!*id)
		return af_fail(AF_INVALID, "%s: no such request", number);
	if (!engine_may_see(*id))
		return af_fail(AF_DENIED, "%s: not visible to %s", number, me.login);
	return AF_OK;
}

af_status views_occurrences(const char *number, view_table *t)
{
	static const char *h[] = { N_("date"), N_("time"), N_("where"), N_("state"), N_("note") };
	int64_t id;
	booking_occurrence *o;
	int n;
	af_status st;

	if ((st = views_request_open(number, h, 5, t, &id)) != AF_OK ||
	    (st = booking_occurrences(id, &o, &n)) != AF_OK)
		return st;
	for (int i = 0; n > 1 && i < n; i++) {
		char time[16], note[160] = "";
		int held = strcmp(o[i].state, "held") == 0 || strcmp(o[i].state, "confirmed") == 0;

		snprintf(time, sizeof time, "%s–%s", o[i].start + 11, o[i].end);
		/* The state already reads "left out": the note says only why. */
		if (o[i].change == BOOKING_LEFT_OUT)
			snprintf(note, sizeof note, "%s", _("as asked when booked"));
		else if (o[i].change == BOOKING_TAKEN)
			snprintf(note, sizeof note, _("taken by %s"), o[i].other);
		else if (o[i].change == BOOKING_CANCELLED)
			snprintf(note, sizeof note, "%s", _("this date cancelled"));
		else if (o[i].change == BOOKING_MOVED)
			snprintf(note, sizeof note, _("moved from %s"), o[i].other);
		table_push(t, (const char *[]){ o[i].day, time, o[i].code, word_of(booking_words, "booking", o[i].state),
					       note },
			   o[i].day, held ? 0 : VIEW_LOW);
	}
	free(o);
	return AF_OK;
}

af_status views_request_steps(const char *number, char **form, view_table *t)
{
	static const char *h[] = { N_("step"), N_("state"), N_("who"), N_("why"), N_("limit") };
	int64_t id;
	char now[32], **extra = NULL;
	db_stmt s;
	af_status st;

	*form = NULL;
	if ((st = views_request_open(number, h, 5, t, &id)) != AF_OK)
		return st;
	*form = db_text("", "SELECT form FROM requests WHERE id = ?1", "I", id);
	now_text(now, sizeof now);
	/* Each step: who is (or will be) asked and why, its limit: the due
	 * time of a step waiting now, the hours it will have for one to come.
	 * Extra: the step's name and stored title. */
	db_prepare(&s, "SELECT '', st.state,"
		   " coalesce((SELECT group_concat(e.name, ', ') FROM step_people p JOIN employees e ON e.id = p.employee_id"
		   "   WHERE p.step_id = st.id AND p.kind = 'approver'), ''),"
		   " coalesce((SELECT group_concat(w, char(30)) FROM (SELECT DISTINCT"
		   "   CASE WHEN p.reason <> '' THEN p.reason ELSE p.why END AS w"
		   "   FROM step_people p WHERE p.step_id = st.id AND p.kind = 'approver')), ''),"
		   " CASE WHEN st.state = 'active' THEN coalesce((SELECT CASE WHEN min(t.due_at) IS NULL THEN ''"
		   "   ELSE printf(:due, substr(min(t.due_at), 6, 11)) END"
		   "   FROM tasks t WHERE t.step_id = st.id AND t.state = 'pending'), '')"
		   "  WHEN st.state = 'planned' AND st.time_limit > 0 THEN printf(:hours, st.time_limit) ELSE '' END,"
		   " st.state, CASE WHEN st.state = 'active' THEN CASE WHEN EXISTS (SELECT 1 FROM tasks t"
		   "   WHERE t.step_id = st.id AND t.state = 'pending' AND t.due_at < :now) THEN 9 ELSE 8 END ELSE 0 END,"
		   " st.name, st.title, st.mode, CASE WHEN st.reason <> '' THEN st.reason ELSE st.why END"
		   " FROM steps st WHERE st.request_id = :id ORDER BY st.pos");
	db_bind_int(&s, ":id", id);
	db_bind_text(&s, ":now", now);
	/* TRANSLATORS: a waiting step's time limit. */
	db_bind_text(&s, ":due", _("due %s"));
	/* TRANSLATORS: the hours a step still to come will have. */
	db_bind_text(&s, ":hours", _("%dh to act"));
	st = table_fill_extra(t, &s, 4, &extra);
	for (int r = 0; r < t->nrows; r++) {
		char **x = &extra[r * 4];

		/* Why: each person's reason and the step's, in the screen's words. */
		{
			strbuf why = {0};
			char *people = xstrdup(view_cell(t, r, 3)), *save = NULL, *words;

			for (char *p = strtok_r(people, "\x1e", &save); p; p = strtok_r(NULL, "\x1e", &save)) {
				words = engine_reason_text(p, 1);
				sb_printf(&why, "%s%s", why.len ? ", " : "", words);
				free(words);
			}
			free(people);
			if (*x[3]) {
				words = engine_reason_text(x[3], 1);
				sb_printf(&why, "%s%s", why.len ? "; " : "", words);
				free(words);
			}
			cell_set(t, r, 3, why.buf ? why.buf : "");
			sb_free(&why);
		}

		const char *who = view_cell(t, r, 2);
		char *shown = strchr(who, ',') ? xasprintf("%s (%s)", who,
				strcmp(x[2], "all") == 0 ? _("all of them") : _("any one")) : NULL;

		cell_set(t, r, 0, step_title(*form, x[0], x[1]));
		if (shown)
			cell_set(t, r, 2, shown);
		cell_set(t, r, 1, word_of(step_words, "step", view_cell(t, r, 1)));
		free(shown);
	}
	extra_free(extra, t->nrows * 4);
	return st;
}

af_status views_field_grid(const char *form_id, const char *field, const char *value, view_table *t)
{
	static const char *sh[] = { N_("item"), N_("name"), N_("quantity"), N_("unit") };
	const form_def *f = formdef_find(form_id);
	const form_field *fd = f ? formdef_field(f, field) : NULL;

	memset(t, 0, sizeof *t);
	if (!fd || (fd->type != FT_LINES && fd->type != FT_SUPPLY_LINES))
		return af_fail_field(AF_INVALID, field, "not a table");
	if (fd->type == FT_SUPPLY_LINES) {
		/* As typed: SKU:QUANTITY,... */
		char *copy = xstrdup(value), *save = NULL;
		int64_t total = 0;

		table_init(t, sh, 4);
		for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
			char *colon = strchr(item, ':');
			char *name, *unit;

			if (colon)
				*colon++ = '\0';
			name = db_text("", "SELECT name FROM supplies WHERE sku = ?1", "t", item);
			unit = db_text("", "SELECT unit FROM supplies WHERE sku = ?1", "t", item);
			total += colon ? strtoll(colon, NULL, 10) : 0;
			table_push(t, (const char *[]){ item, name, colon ? colon : "", unit }, "", 0);
			free(name);
			free(unit);
		}
		free(copy);
		if (t->nrows > 1) {
			char n[32];

			snprintf(n, sizeof n, "%lld", (long long)total);
			table_push(t, (const char *[]){ _("total"), "", n, "" }, "", VIEW_MARKED);
		}
		return AF_OK;
	}
	{
		char **cells = NULL;
		int n_rows = 0, nc = fd->n_columns;
		const char **h = xcalloc((size_t)nc + 1, sizeof *h);
		int64_t *sum = xcalloc((size_t)nc + 1, sizeof *sum);
		int *summed = xcalloc((size_t)nc + 1, sizeof *summed);
		af_status st;

		for (int c = 0; c < nc; c++)
			h[c] = formdef_label(&fd->columns[c]);
		table_init(t, h, nc);
		t->own_headers = 1;
		st = engine_lines_parse(fd, value, &cells, &n_rows);
		for (int r = 0; st == AF_OK && r < n_rows; r++) {
			const char **row = xcalloc((size_t)nc + 1, sizeof *row);
			char (*money)[32] = xcalloc((size_t)nc + 1, sizeof *money);

			for (int c = 0; c < nc; c++) {
				const char *v = cells[r * nc + c] ? cells[r * nc + c] : "";
				int64_t x;

				row[c] = v;
				if (fd->columns[c].type == FT_CHOICE)
					row[c] = formdef_option_label(&fd->columns[c], v);
				else if (fd->columns[c].type == FT_MONEY && expr_parse_money(v, &x) == 0) {
					sum[c] += x, summed[c] = 1;
					row[c] = expr_format_money(x, money[c], sizeof money[c]);
				} else if (fd->columns[c].type == FT_INTEGER && *v) {
					sum[c] += strtoll(v, NULL, 10), summed[c] = 1;
				}
			}
			table_push(t, row, "", 0);
			free(row);
			free(money);
		}
		if (st == AF_OK && n_rows > 1) {
			const char **row = xcalloc((size_t)nc + 1, sizeof *row);
			char (*buf)[32] = xcalloc((size_t)nc + 1, sizeof *buf);
			int labelled = 0;

			for (int c = 0; c < nc; c++) {
				if (summed[c] && fd->columns[c].type == FT_MONEY)
					row[c] = expr_format_money(sum[c], buf[c], sizeof buf[c]);
				else if (summed[c])
					snprintf(buf[c], sizeof buf[c], "%lld", (long long)sum[c]), row[c] = buf[c];
				else if (!labelled)
					row[c] = _("total"), labelled = 1;
			}
			table_push(t, row, "", VIEW_MARKED);
			free(row);
			free(buf);
		}
		if (cells)
			engine_lines_free(cells, n_rows * nc);
		free(sum);
		free(summed);
		return st;
	}
}
