#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "db.h"
#include "expr.h"
#include "formdef.h"
#include "util.h"
#include "views.h"

void view_table_free(view_table *t)
{
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
 * the key, column ncols+1 the flags; rows not matching filter are dropped. */
static void table_add(view_table *t, db_stmt *s, const char *filter)
{
	int match = !filter || !*filter;
	int r = t->nrows;

	for (int c = 0; c < t->ncols && !match; c++)
		match = contains(db_col_text(s, c), filter);
	if (!match)
		return;
	t->cells = xrealloc(t->cells, (size_t)(r + 1) * (size_t)t->ncols * sizeof *t->cells);
	t->keys = xrealloc(t->keys, (size_t)(r + 1) * sizeof *t->keys);
	t->flags = xrealloc(t->flags, (size_t)(r + 1));
	for (int c = 0; c < t->ncols; c++)
		t->cells[r * t->ncols + c] = xstrdup(db_col_text(s, c));
	t->keys[r] = xstrdup(db_col_text(s, t->ncols));
	t->flags[r] = (unsigned char)db_col_int(s, t->ncols + 1);
	t->nrows++;
}

static af_status table_fill(view_table *t, db_stmt *s, const char *filter)
{
	int rc;

	while ((rc = db_step(s)) == SQLITE_ROW)
		table_add(t, s, filter);
	db_done(s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
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
	c->overdue = db_int(0, "SELECT count(*) FROM tasks WHERE assignee_id = ?1 AND state = 'pending'"
			    " AND due_at < ?2", "It", me.id, now);
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
	static const char *headers[] = { "kind", "item" };
	char now[32], soon[32];
	db_stmt s;
	af_status st;

	table_init(t, headers, 2);
	now_text(now, sizeof now);
	af_format_time(af_now() + 4 * 3600, soon, sizeof soon);
	db_prepare(&s, "SELECT CASE WHEN t.due_at < :now THEN '逾期' ELSE '将到期' END,"
		   " r.number || ' ' || st.title || ' ' || substr(t.due_at, 6, 11), r.number,"
		   " CASE WHEN t.due_at < :now THEN 1 ELSE 0 END"
		   " FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps st ON st.id = t.step_id"
		   " WHERE t.assignee_id = :me AND t.state = 'pending' AND t.due_at < :soon ORDER BY t.due_at");
	db_bind_text(&s, ":now", now);
	db_bind_text(&s, ":soon", soon);
	db_bind_int(&s, ":me", me.id);
	if ((st = table_fill(t, &s, NULL)) != AF_OK)
		return st;
	db_prepare(&s, "SELECT '证照', name || ' ' || expires_on || ' (' ||"
		   " CAST(julianday(expires_on) - julianday(date(:now)) AS INTEGER) || '天)', '', 1"
		   " FROM licences WHERE julianday(expires_on) - julianday(date(:now)) <= remind_days"
		   " ORDER BY expires_on");
	db_bind_text(&s, ":now", now);
	if ((st = table_fill(t, &s, NULL)) != AF_OK)
		return st;
	db_prepare(&s, "SELECT '低库存', name || ' ' || on_hand || unit || ' ≤ ' || reorder_level, '', 2"
		   " FROM supplies WHERE on_hand <= reorder_level ORDER BY name");
	return table_fill(t, &s, NULL);
}

/* A request's state in the reader's words. */
#define STATE_TEXT "CASE r.state WHEN 'pending' THEN '审批中' WHEN 'returned' THEN '已退回' WHEN 'approved' THEN '已通过'" \
	" WHEN 'rejected' THEN '已驳回' WHEN 'withdrawn' THEN '已撤回' WHEN 'cancelled' THEN '已取消'" \
	" WHEN 'done' THEN '已办结' ELSE r.state END"

af_status views_inbox(int tab, const char *filter, view_table *t)
{
	static const char *headers[] = { "编号", "事项", "申请人", "摘要", "状态", "等待" };
	static const char *const sql[] = {
		"SELECT r.number, r.form, e.name, r.summary, s.title,"
		" CAST((julianday(:now) - julianday(t.created_at)) * 24 AS INTEGER) || 'h',"
		" r.number, CASE WHEN t.due_at < :now THEN 1 ELSE 0 END"
		" FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id"
		" JOIN employees e ON e.id = r.applicant_id"
		" WHERE t.assignee_id = :me AND t.state = 'pending' ORDER BY t.created_at, r.id",
		"SELECT r.number, r.form, e.name, r.summary, " STATE_TEXT ", substr(max(t.acted_at), 6, 11),"
		" r.number, 0 FROM tasks t JOIN requests r ON r.id = t.request_id"
		" JOIN employees e ON e.id = r.applicant_id WHERE t.acted_by = :me AND :now IS NOT NULL"
		" GROUP BY r.id ORDER BY max(t.acted_at) DESC, r.id DESC",
		/* Mine: while it runs, the step it waits at, so progress shows. */
		"SELECT r.number, r.form, e.name, r.summary, " STATE_TEXT " || coalesce(' · ' || s.title, ''),"
		" substr(r.created_at, 6, 11), r.number, 0 FROM requests r JOIN employees e ON e.id = r.applicant_id"
		" LEFT JOIN steps s ON s.id = r.current_step AND r.state = 'pending'"
		" WHERE r.applicant_id = :me AND :now IS NOT NULL ORDER BY r.created_at DESC, r.id DESC",
		"SELECT r.number, r.form, e.name, r.summary, " STATE_TEXT ", substr(r.created_at, 6, 11),"
		" r.number, 0 FROM request_cc c JOIN requests r ON r.id = c.request_id"
		" JOIN employees e ON e.id = r.applicant_id WHERE c.employee_id = :me AND :now IS NOT NULL"
		" ORDER BY r.created_at DESC, r.id DESC",
	};
	char now[32];
	db_stmt s;

	table_init(t, headers, 6);
	if (tab < 0 || tab > 3)
		tab = 0;
	now_text(now, sizeof now);
	db_prepare(&s, sql[tab]);
	db_bind_int(&s, ":me", me.id);
	db_bind_text(&s, ":now", now);
	if (table_fill(t, &s, filter) != AF_OK)
		return db_fail();
	/* The affair's title reads better than its id. */
	for (int r = 0; r < t->nrows; r++) {
		const form_def *f = formdef_find(t->cells[r * t->ncols + 1]);

		if (f) {
			free(t->cells[r * t->ncols + 1]);
			t->cells[r * t->ncols + 1] = xstrdup(f->title);
		}
	}
	return AF_OK;
}

static int64_t request_id(const char *number, int64_t *applicant)
{
	*applicant = db_int(0, "SELECT applicant_id FROM requests WHERE number = ?1", "t", number);
	return db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", number);
}

static int may_see(int64_t id, int64_t applicant)
{
	return me.system || applicant == me.id || auth_can("view_all") ||
	       db_int(0, "SELECT 1 FROM tasks WHERE request_id = ?1 AND (assignee_id = ?2 OR for_id = ?2) LIMIT 1",
		      "II", id, me.id) == 1 ||
	       db_int(0, "SELECT 1 FROM request_cc WHERE request_id = ?1 AND employee_id = ?2", "II", id, me.id) == 1;
}

af_status views_request(const char *number, view_table *fields, view_table *timeline)
{
	static const char *fh[] = { "项目", "内容" };
	static const char *th[] = { "步骤", "处理人", "动作", "意见", "时间", "用时", "时限" };
	int64_t applicant, id = request_id(number, &applicant);
	const form_def *f;
	char *form;
	db_stmt s;
	af_status st;
	int see_sensitive;

	table_init(fields, fh, 2);
	table_init(timeline, th, 7);
	if (!id)
		return af_fail(AF_INVALID, "%s: no such request", number);
	if (!may_see(id, applicant))
		return af_fail(AF_DENIED, "%s: not visible to %s", number, me.login);
	form = db_text("", "SELECT form FROM requests WHERE id = ?1", "I", id);
	f = formdef_find(form);
	free(form);
	see_sensitive = applicant == me.id || auth_can("see_sensitive");
	db_prepare(&s, "SELECT '编号', number, '', 0 FROM requests WHERE id = :id"
		   " UNION ALL SELECT '申请人', e.name || ' · ' || d.name, '', 0 FROM requests r"
		   "   JOIN employees e ON e.id = r.applicant_id JOIN departments d ON d.id = e.department_id WHERE r.id = :id"
		   " UNION ALL SELECT '状态', " STATE_TEXT " || ' ' || r.state, '', 0 FROM requests r WHERE r.id = :id"
		   " UNION ALL SELECT '提交', created_at, '', 0 FROM requests WHERE id = :id");
	db_bind_int(&s, ":id", id);
	if ((st = table_fill(fields, &s, NULL)) != AF_OK)
		return st;
	db_prepare(&s, "SELECT key, CASE WHEN type IN ('array', 'object') THEN value ELSE atom END, key, 0"
		   " FROM json_each((SELECT data FROM requests WHERE id = :id))");
	db_bind_int(&s, ":id", id);
	if ((st = table_fill(fields, &s, NULL)) != AF_OK)
		return st;
	for (int r = 4; r < fields->nrows; r++) {
		const form_field *fd = f ? formdef_field(f, fields->keys[r]) : NULL;
		char **label = &fields->cells[r * 2], **value = &fields->cells[r * 2 + 1];

		if (!fd)
			continue;
		free(*label);
		*label = xstrdup(fd->label);
		if (fd->sensitive && !see_sensitive) {
			free(*value);
			*value = xstrdup("******");
		} else if (fd->type == FT_MONEY) {
			char buf[32];
			int64_t cents = strtoll(*value, NULL, 10);

			free(*value);
			*value = xstrdup(expr_format_money(cents, buf, sizeof buf));
		}
	}
	db_prepare(&s, "SELECT coalesce(st.title, ''),"
		   " coalesce(e.name, '系统') || coalesce('(代' || fe.name || ')', ''), a.action, a.opinion,"
		   " substr(a.at, 6, 11),"
		   " CASE WHEN t.created_at IS NULL THEN '' ELSE"
		   "   CAST((julianday(a.at) - julianday(t.created_at)) * 24 AS INTEGER) || 'h' ||"
		   "   printf('%02d', CAST((julianday(a.at) - julianday(t.created_at)) * 1440 AS INTEGER) % 60) || 'm' END,"
		   " CASE WHEN t.due_at IS NULL THEN '' WHEN a.at <= t.due_at THEN '按时' ELSE '超时' END,"
		   " a.id, CASE WHEN t.due_at IS NOT NULL AND a.at > t.due_at THEN 1 ELSE 0 END"
		   " FROM actions a LEFT JOIN steps st ON st.id = a.step_id LEFT JOIN employees e ON e.id = a.actor_id"
		   " LEFT JOIN employees fe ON fe.id = a.for_id LEFT JOIN tasks t ON t.id = a.task_id"
		   " WHERE a.request_id = :id ORDER BY a.id");
	db_bind_int(&s, ":id", id);
	if ((st = table_fill(timeline, &s, NULL)) != AF_OK)
		return st;
	db_prepare(&s, "SELECT st.title, e.name, '待处理', '', substr(t.created_at, 6, 11), '',"
		   " CASE WHEN t.due_at IS NULL THEN '' ELSE '限 ' || substr(t.due_at, 6, 11) END, '',"
		   " CASE WHEN t.due_at < :now THEN 1 ELSE 0 END"
		   " FROM tasks t JOIN steps st ON st.id = t.step_id JOIN employees e ON e.id = t.assignee_id"
		   " WHERE t.request_id = :id AND t.state = 'pending' ORDER BY st.pos, t.id");
	db_bind_int(&s, ":id", id);
	{
		char now[32];

		now_text(now, sizeof now);
		db_bind_text(&s, ":now", now);
	}
	return table_fill(timeline, &s, NULL);
}

char *views_request_actions(const char *number)
{
	int64_t applicant, id = request_id(number, &applicant);
	char *state = db_text("", "SELECT state FROM requests WHERE id = ?1", "I", id);
	strbuf sb = {0};
	int mine_task = db_int(0, "SELECT 1 FROM tasks WHERE request_id = ?1 AND assignee_id = ?2"
			       " AND state = 'pending'", "II", id, me.id) == 1;

	if (mine_task)
		sb_puts(&sb, "approve reject return transfer addsign ");
	if (applicant == me.id && strcmp(state, "pending") == 0)
		sb_puts(&sb, "urge withdraw ");
	if (applicant == me.id && strcmp(state, "returned") == 0)
		sb_puts(&sb, "resubmit withdraw ");
	if (id && may_see(id, applicant))
		sb_puts(&sb, "comment ");
	if (auth_can("cancel") && (strcmp(state, "pending") == 0 || strcmp(state, "returned") == 0))
		sb_puts(&sb, "cancel ");
	free(state);
	return sb_take(&sb);
}

af_status views_return_targets(const char *number, view_table *t)
{
	static const char *headers[] = { "步骤" };
	db_stmt s;

	table_init(t, headers, 1);
	db_prepare(&s, "SELECT '申请人 applicant', 'applicant', 0 UNION ALL"
		   " SELECT st.title, st.name, 0 FROM steps st JOIN requests r ON r.id = st.request_id"
		   " WHERE r.number = :n AND st.state = 'done'"
		   " AND st.pos < (SELECT pos FROM steps WHERE id = r.current_step)");
	db_bind_text(&s, ":n", number);
	return table_fill(t, &s, NULL);
}

af_status views_notices(view_table *t)
{
	static const char *headers[] = { "时间", "类别", "内容" };
	db_stmt s;

	table_init(t, headers, 3);
	db_prepare(&s, "SELECT substr(n.created_at, 6, 11), n.kind, n.text, n.id,"
		   " CASE WHEN n.read_at IS NULL THEN 4 ELSE 0 END"
		   " FROM notices n WHERE n.employee_id = :me ORDER BY n.id DESC LIMIT 500");
	db_bind_int(&s, ":me", me.id);
	return table_fill(t, &s, NULL);
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
	static const char *supplies_h[] = { "SKU", "名称", "库存", "预留", "补货线", "位置" };
	static const char *assets_h[] = { "标签", "名称", "类别", "状态", "保管人", "位置" };
	static const char *seals_h[] = { "编号", "名称", "保管人" };
	static const char *licences_h[] = { "编号", "名称", "到期", "剩余天数", "部门" };
	char now[32];
	db_stmt s;

	now_text(now, sizeof now);
	if (strcmp(kind, "supplies") == 0) {
		table_init(t, supplies_h, 6);
		db_prepare(&s, "SELECT sku, name, on_hand || unit, reserved, reorder_level, location, sku,"
			   " CASE WHEN on_hand <= reorder_level THEN 2 ELSE 0 END FROM supplies ORDER BY sku");
	} else if (strcmp(kind, "assets") == 0) {
		table_init(t, assets_h, 6);
		db_prepare(&s, "SELECT a.tag, a.name, a.category, a.status, coalesce(e.name, ''), a.location, a.tag, 0"
			   " FROM assets a LEFT JOIN employees e ON e.id = a.holder_id ORDER BY a.tag");
	} else if (strcmp(kind, "seals") == 0) {
		table_init(t, seals_h, 3);
		db_prepare(&s, "SELECT s.code, s.name, e.name, s.code, 0 FROM seals s"
			   " JOIN employees e ON e.id = s.keeper_id ORDER BY s.code");
	} else if (strcmp(kind, "licences") == 0) {
		table_init(t, licences_h, 5);
		db_prepare(&s, "SELECT l.code, l.name, l.expires_on,"
			   " CAST(julianday(l.expires_on) - julianday(date(:now)) AS INTEGER), coalesce(d.name, ''), l.code,"
			   " CASE WHEN julianday(l.expires_on) - julianday(date(:now)) <= l.remind_days THEN 1 ELSE 0 END"
			   " FROM licences l LEFT JOIN departments d ON d.id = l.department_id ORDER BY l.expires_on");
		db_bind_text(&s, ":now", now);
	} else {
		return af_fail(AF_USAGE, "register: unknown kind '%s'", kind);
	}
	return table_fill(t, &s, filter);
}

af_status views_pick(const char *type, const char *query, view_table *t)
{
	static const char *headers[] = { "代码", "名称" };
	static const struct { const char *type, *sql; } pickers[] = {
		{ "employee", "SELECT e.login, e.name || ' · ' || d.name, e.login, 0 FROM employees e"
		  " JOIN departments d ON d.id = e.department_id WHERE e.active AND (e.login LIKE :q OR e.name LIKE :q)"
		  " ORDER BY e.login LIMIT 200" },
		{ "department", "SELECT code, name, code, 0 FROM departments WHERE code LIKE :q OR name LIKE :q ORDER BY code" },
		{ "room", "SELECT code, name || ' (' || capacity || '人)', code, 0 FROM rooms WHERE active"
		  " AND (code LIKE :q OR name LIKE :q) ORDER BY code" },
		{ "vehicle", "SELECT code, name || ' ' || plate, code, 0 FROM vehicles WHERE active"
		  " AND (code LIKE :q OR name LIKE :q OR plate LIKE :q) ORDER BY code" },
		{ "space", "SELECT code, name, code, 0 FROM spaces WHERE code LIKE :q OR name LIKE :q ORDER BY code" },
		{ "supply_lines", "SELECT sku, name || ' 库存' || on_hand || unit, sku, 0 FROM supplies"
		  " WHERE sku LIKE :q OR name LIKE :q ORDER BY sku LIMIT 200" },
		{ "asset", "SELECT tag, name, tag, 0 FROM assets WHERE tag LIKE :q OR name LIKE :q ORDER BY tag LIMIT 200" },
		{ "supplier", "SELECT code, name, code, 0 FROM suppliers WHERE code LIKE :q OR name LIKE :q ORDER BY code" },
		{ "seal", "SELECT code, name, code, 0 FROM seals WHERE code LIKE :q OR name LIKE :q ORDER BY code" },
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
		st = table_fill(t, &s, NULL);
	}
	free(q);
	return st;
}

af_status views_forms(view_table *t)
{
	static const char *headers[] = { "事项 affair", "编号" };

	table_init(t, headers, 2);
	t->cells = xcalloc((size_t)formdef_count() * 2 + 1, sizeof *t->cells);
	t->keys = xcalloc((size_t)formdef_count() + 1, sizeof *t->keys);
	t->flags = xcalloc((size_t)formdef_count() + 1, 1);
	for (int i = 0; i < formdef_count(); i++) {
		const form_def *f = formdef_at(i);

		t->cells[i * 2] = xstrdup(f->title);
		t->cells[i * 2 + 1] = xstrdup(f->prefix);
		t->keys[i] = xstrdup(f->id);
		t->nrows++;
	}
	return AF_OK;
}

af_status views_options(const char *form_id, const char *field, view_table *t)
{
	static const char *headers[] = { "选项 choice" };
	const form_def *f = formdef_find(form_id);
	const form_field *fd = f ? formdef_field(f, field) : NULL;
	int n = fd ? fd->n_options : 0;

	table_init(t, headers, 1);
	t->cells = xcalloc((size_t)n + 1, sizeof *t->cells);
	t->keys = xcalloc((size_t)n + 1, sizeof *t->keys);
	t->flags = xcalloc((size_t)n + 1, 1);
	for (int i = 0; i < n; i++) {
		t->cells[i] = xstrdup(fd->options[i]);
		t->keys[i] = xstrdup(fd->options[i]);
	}
	t->nrows = n;
	return AF_OK;
}
