"""The operations tests/bench/run measures, each with the SQL a sqlite3
shell runs to do the same work: the statements are the program's own
(src/views.c, src/engine.c, src/booking.c, src/csvio.c, src/report.c,
src/audit.c) with their parameters set as the program binds them. The
sqlite3 side does not format cells, check permissions beyond the queries
that do it, write the outbox or compute SHA-256 (sha3() stands in): it is
the floor, not a twin."""
import os
import time
import subprocess
import statistics

NOW = "2026-11-28 09:00:00"
SOON = "2026-11-28 13:00:00"
TODAY = "2026-11-28"

STATE_TEXT = ("CASE r.state WHEN 'pending' THEN '审批中' WHEN 'returned' THEN '已退回' WHEN 'approved' THEN '已通过'"
              " WHEN 'rejected' THEN '已驳回' WHEN 'withdrawn' THEN '已撤回' WHEN 'cancelled' THEN '已取消'"
              " WHEN 'done' THEN '已办结' ELSE r.state END")

# auth.c: who is running, and their roles (every command does this)
IDENTIFY = """
SELECT e.id, e.login, e.name, e.department_id, d.name FROM employees e JOIN departments d ON d.id = e.department_id
 WHERE e.login = 'root' AND e.active;
SELECT group_concat(role, ',') FROM (SELECT role FROM employee_roles WHERE employee_id = :me ORDER BY role);
"""

# views.c: views_home and views_due (the home screen)
HOME = IDENTIFY + """
SELECT count(*) FROM tasks WHERE assignee_id = :me AND state = 'pending';
SELECT EXISTS (SELECT 1 FROM tasks INDEXED BY tasks_assignee WHERE assignee_id = :me AND state = 'pending'
 AND due_at < :now);
SELECT count(*) FROM requests WHERE applicant_id = :me AND state = 'returned';
SELECT count(*) FROM requests WHERE applicant_id = :me AND state = 'pending';
SELECT count(*) FROM notices WHERE employee_id = :me AND read_at IS NULL;
SELECT CASE WHEN t.due_at < :now THEN '逾期' ELSE '将到期' END,
 r.number || ' ' || st.title || ' ' || substr(t.due_at, 6, 11), r.number,
 CASE WHEN t.due_at < :now THEN 1 ELSE 0 END
 FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps st ON st.id = t.step_id
 WHERE t.assignee_id = :me AND t.state = 'pending' AND t.due_at < :soon ORDER BY t.due_at LIMIT 100;
SELECT '证照', name || ' ' || expires_on || ' (' ||
 CAST(julianday(expires_on) - julianday(date(:now)) AS INTEGER) || '天)', '', 1
 FROM licences WHERE julianday(expires_on) - julianday(date(:now)) <= remind_days ORDER BY expires_on;
SELECT '低库存', name || ' ' || on_hand || unit || ' ≤ ' || reorder_level, '', 2
 FROM supplies WHERE on_hand <= reorder_level ORDER BY name;
"""

VIEW_TODO = """
SELECT r.number, r.form, e.name, r.summary, s.title,
 CAST((julianday(:now) - julianday(t.created_at)) * 24 AS INTEGER) || 'h',
 r.number, CASE WHEN t.due_at < :now THEN 1 ELSE 0 END
 FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id
 JOIN employees e ON e.id = r.applicant_id
 WHERE t.assignee_id = :me AND t.state = 'pending' ORDER BY t.created_at, r.id;
"""
VIEW_DONE = """
SELECT r.number, r.form, e.name, r.summary, %s, substr(x.last, 6, 11),
 r.number, 0 FROM (SELECT request_id, max(acted_at) last FROM
 (SELECT request_id, acted_at FROM tasks WHERE acted_by = :me AND :now IS NOT NULL
  ORDER BY acted_at DESC LIMIT 1000) GROUP BY request_id) x
 JOIN requests r ON r.id = x.request_id JOIN employees e ON e.id = r.applicant_id
 ORDER BY x.last DESC, r.id DESC;
SELECT count(*) FROM (SELECT 1 FROM tasks WHERE acted_by = :me LIMIT 1000);
SELECT count(DISTINCT request_id) FROM tasks WHERE acted_by = :me;
""" % STATE_TEXT

# engine.c: engine_inbox
ENGINE_TODO = IDENTIFY + """
SELECT r.number, r.form, r.summary, e.name, r.state, s.title, t.created_at,
 coalesce(t.due_at, ''), t.due_at IS NOT NULL AND t.due_at < :now
 FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id
 JOIN employees e ON e.id = r.applicant_id
 WHERE t.assignee_id = :me AND t.state = 'pending' ORDER BY t.created_at, r.id;
"""
ENGINE_DONE = IDENTIFY + """
SELECT r.number, r.form, r.summary, e.name, r.state, coalesce(s.title, ''),
 x.last, '', 0 FROM (SELECT request_id, max(acted_at) last FROM
 (SELECT request_id, acted_at FROM tasks WHERE acted_by = :me AND :now IS NOT NULL
  ORDER BY acted_at DESC LIMIT 1000) GROUP BY request_id) x
 JOIN requests r ON r.id = x.request_id LEFT JOIN steps s ON s.id = r.current_step
 JOIN employees e ON e.id = r.applicant_id ORDER BY x.last DESC, r.id DESC;
SELECT count(*) FROM (SELECT 1 FROM tasks WHERE acted_by = :me LIMIT 1001);
"""

# views.c: views_request (the detail screen)
VIEW_REQUEST = """
SELECT applicant_id FROM requests WHERE number = :n;
SELECT id FROM requests WHERE number = :n;
SELECT 1 FROM tasks WHERE request_id = (SELECT id FROM requests WHERE number = :n)
 AND (assignee_id = :me OR for_id = :me) LIMIT 1;
SELECT form FROM requests WHERE number = :n;
SELECT '编号', number, '', 0 FROM requests WHERE number = :n
 UNION ALL SELECT '申请人', e.name || ' · ' || d.name, '', 0 FROM requests r
   JOIN employees e ON e.id = r.applicant_id JOIN departments d ON d.id = e.department_id WHERE r.number = :n
 UNION ALL SELECT '提交', created_at, '', 0 FROM requests WHERE number = :n;
SELECT key, CASE WHEN type IN ('array', 'object') THEN value ELSE atom END, key, 0
 FROM json_each((SELECT data FROM requests WHERE number = :n));
SELECT coalesce(st.title, ''), coalesce(e.name, '系统') || coalesce('(代' || fe.name || ')', ''), a.action, a.opinion,
 substr(a.at, 6, 11), a.id
 FROM actions a LEFT JOIN steps st ON st.id = a.step_id LEFT JOIN employees e ON e.id = a.actor_id
 LEFT JOIN employees fe ON fe.id = a.for_id LEFT JOIN tasks t ON t.id = a.task_id
 WHERE a.request_id = (SELECT id FROM requests WHERE number = :n) ORDER BY a.id;
SELECT st.title, e.name, '待处理', '', substr(t.created_at, 6, 11), '',
 CASE WHEN t.due_at IS NULL THEN '' ELSE '限 ' || substr(t.due_at, 6, 11) END, '',
 CASE WHEN t.due_at < :now THEN 1 ELSE 0 END
 FROM tasks t JOIN steps st ON st.id = t.step_id JOIN employees e ON e.id = t.assignee_id
 WHERE t.request_id = (SELECT id FROM requests WHERE number = :n) AND t.state = 'pending' ORDER BY st.pos, t.id;
SELECT 1 FROM tasks WHERE request_id = (SELECT id FROM requests WHERE number = :n) AND assignee_id = :me
 AND state = 'pending';
"""

# engine.c: engine_show (adminflow show)
ENGINE_SHOW = IDENTIFY + """
SELECT id, applicant_id, coalesce(current_step, 0), round, number, form, state FROM requests WHERE number = :n;
SELECT 1 FROM tasks WHERE request_id = (SELECT id FROM requests WHERE number = :n)
 AND (assignee_id = :me OR for_id = :me) LIMIT 1;
SELECT created_at, updated_at, coalesce(decided_at, ''), coalesce(done_at, ''), summary
 FROM requests WHERE number = :n;
SELECT title FROM steps WHERE id = (SELECT current_step FROM requests WHERE number = :n);
SELECT key, CASE type WHEN 'array' THEN value WHEN 'object' THEN value ELSE atom END
 FROM json_each((SELECT data FROM requests WHERE number = :n));
SELECT coalesce(st.title, ''),
 coalesce(e.name || CASE WHEN fe.name IS NOT NULL THEN ' for ' || fe.name ELSE '' END, 'system'),
 coalesce(fe.name, ''), a.action, a.opinion, a.at, coalesce(t.created_at, ''), coalesce(t.due_at, '')
 FROM actions a LEFT JOIN steps st ON st.id = a.step_id LEFT JOIN employees e ON e.id = a.actor_id
 LEFT JOIN employees fe ON fe.id = a.for_id LEFT JOIN tasks t ON t.id = a.task_id
 WHERE a.request_id = (SELECT id FROM requests WHERE number = :n) ORDER BY a.id;
SELECT st.title, e.name || CASE WHEN fe.name IS NOT NULL THEN ' for ' || fe.name ELSE '' END,
 coalesce(fe.name, ''), coalesce(t.due_at, ''), t.due_at IS NOT NULL AND t.due_at < :now
 FROM steps st JOIN tasks t ON t.step_id = st.id AND t.state = 'pending'
 JOIN employees e ON e.id = t.assignee_id LEFT JOIN employees fe ON fe.id = t.for_id
 WHERE st.request_id = (SELECT id FROM requests WHERE number = :n) ORDER BY st.pos, t.id;
SELECT st.title, coalesce(e.name, ''), st.state, st.why FROM steps st
 LEFT JOIN step_people p ON p.step_id = st.id AND p.kind = 'approver' AND st.state = 'planned'
 LEFT JOIN employees e ON e.id = p.employee_id
 WHERE st.request_id = (SELECT id FROM requests WHERE number = :n) AND st.state IN ('planned', 'skipped')
 ORDER BY st.pos, e.id;
"""

# booking.c: booking_grid_load (a week of rooms)
CALENDAR = """
SELECT code, name, id FROM rooms WHERE active ORDER BY code;
SELECT b.resource_id, b.starts_at, b.ends_at, b.state = 'held', b.booked_by, b.id
 FROM rooms x CROSS JOIN bookings b ON b.resource = 'room' AND b.resource_id = x.id
 WHERE x.active AND b.state <> 'cancelled'
 AND b.ends_at > :day AND b.starts_at < datetime(:day, :days || ' days');
"""

EXPORT_ASSETS = """
.headers on
.mode csv
SELECT a.tag, a.name, a.category, a.status, h.login AS holder, a.location, a.purchase_date,
 printf('%.2f', a.cost_cents / 100.0) AS cost FROM assets a LEFT JOIN employees h ON h.id = a.holder_id
 ORDER BY a.tag;
"""
EXPORT_INVENTORY = """
.headers on
.mode csv
SELECT a.tag, a.name, a.category, a.location, coalesce(e.name, '') AS holder, a.status AS booked_status,
 '' AS counted, '' AS note
 FROM assets a LEFT JOIN employees e ON e.id = a.holder_id
 WHERE a.status <> 'retired' ORDER BY a.location, a.tag;
"""

IN_RANGE = "(%s >= :from AND %s < :until)"
ANY_FORM = ("(WITH RECURSIVE f(form) AS (SELECT min(form) FROM requests UNION ALL SELECT (SELECT min(form)"
            " FROM requests WHERE form > f.form) FROM f WHERE f.form IS NOT NULL) SELECT form FROM f)")
IN_DEPT = ("(:dept = 0 OR %s IN (WITH RECURSIVE dt(id) AS (SELECT :dept"
           " UNION SELECT d.id FROM departments d JOIN dt ON d.parent_id = dt.id) SELECT id FROM dt))")


def rng(col):
    return IN_RANGE % (col, col)


def dept(col):
    return IN_DEPT % col


# report.c: the main queries of the reports that have them
REPORTS = {
    "volume": """
SELECT r.form, strftime('%%Y-%%m', r.created_at), count(*), sum(r.state = 'done'),
 sum(r.state = 'rejected'), sum(r.state IN ('withdrawn', 'cancelled')),
 sum(r.state IN ('pending', 'returned', 'approved'))
 FROM requests r JOIN employees e ON e.id = r.applicant_id
 WHERE r.form IN %s AND r.state <> 'draft' AND %s AND %s GROUP BY 1, 2 ORDER BY 1, 2;
SELECT r.form, count(*), sum(r.state = 'done') FROM requests r JOIN employees e ON e.id = r.applicant_id
 WHERE r.form IN %s AND r.state <> 'draft' AND %s AND %s GROUP BY 1 ORDER BY 2 DESC, 1;
""" % (ANY_FORM, rng("r.created_at"), dept("e.department_id"), ANY_FORM, rng("r.created_at"),
       dept("e.department_id")),
    "cycle": """
SELECT r.form, (julianday(r.done_at) - julianday(r.created_at)) * 24
 FROM requests r JOIN employees e ON e.id = r.applicant_id
 WHERE +r.state = 'done' AND %s AND %s ORDER BY 1, 2;
""" % (rng("r.done_at"), dept("e.department_id")),
    "steps": """
SELECT r.form, s.title, a.name, a.login, t.acted_at IS NOT NULL,
 (julianday(coalesce(t.acted_at, :now)) - julianday(t.created_at)) * 24,
 t.due_at IS NOT NULL, t.due_at IS NOT NULL AND coalesce(t.acted_at, :now) > t.due_at
 FROM tasks t JOIN steps s ON s.id = t.step_id JOIN requests r ON r.id = t.request_id
 JOIN employees a ON a.id = t.assignee_id JOIN employees e ON e.id = r.applicant_id
 WHERE %s AND %s
 AND ((t.acted_at IS NOT NULL AND t.state IN ('approved', 'rejected', 'returned', 'transferred'))
      OR (t.state = 'pending' AND t.due_at < :now))
 AND NOT EXISTS (SELECT 1 FROM actions x WHERE x.task_id = t.id AND x.action = 'asked-once')
 ORDER BY r.form, s.pos, s.title, a.login, 6;
""" % (rng("t.created_at"), dept("e.department_id")),
    "backlog": """
SELECT form, step, age, overdue FROM (
 SELECT r.form, s.pos, s.title step, julianday(:now) - julianday(min(t.created_at)) age,
  max(t.due_at IS NOT NULL AND t.due_at < :now) overdue
 FROM requests r JOIN steps s ON s.id = r.current_step
 JOIN tasks t ON t.step_id = s.id AND t.state = 'pending'
 JOIN employees e ON e.id = r.applicant_id
 WHERE r.state = 'pending' AND %s GROUP BY r.id
 UNION ALL SELECT r.form, 1000, '退回申请人 returned to applicant',
  julianday(:now) - julianday(r.updated_at), 0
 FROM requests r JOIN employees e ON e.id = r.applicant_id
 WHERE r.state = 'returned' AND %s
) ORDER BY form, pos, step, age;
""" % (dept("e.department_id"), dept("e.department_id")),
    "utilisation": """
SELECT 'room', id, code, name FROM rooms WHERE active = 1
 UNION ALL SELECT 'vehicle', id, code, name FROM vehicles WHERE active = 1 ORDER BY 1, 3;
SELECT x.kind = 'vehicle', x.id, b.starts_at, b.ends_at, b.attendance IS 'no_show'
 FROM (SELECT 'room' kind, id FROM rooms WHERE active = 1
  UNION ALL SELECT 'vehicle', id FROM vehicles WHERE active = 1) x
 CROSS JOIN bookings b ON b.resource = x.kind AND b.resource_id = x.id
 WHERE b.ends_at > :from AND b.starts_at < :until AND b.state = 'confirmed'
 AND (:dept = 0 OR b.booked_by IN (SELECT e.id FROM employees e WHERE %s));
""" % dept("e.department_id"),
    "assets": """
SELECT a.status, a.location, count(*), sum(a.cost_cents) FROM assets a
 LEFT JOIN employees e ON e.id = a.holder_id
 WHERE (:dept = 0 OR %s)
 GROUP BY 1, 2 ORDER BY CASE a.status WHEN 'in_use' THEN 1 WHEN 'in_stock' THEN 2
 WHEN 'in_repair' THEN 3 WHEN 'lost' THEN 4 ELSE 5 END, 2;
SELECT coalesce(a.tag, json_extract(r.data, '$.asset')), coalesce(a.name, ''), r.number,
 coalesce(json_extract(r.data, '$.urgency'), ''), coalesce(json_extract(r.data, '$.fault'), ''),
 r.created_at FROM requests r JOIN employees e ON e.id = r.applicant_id
 LEFT JOIN assets a ON a.tag = json_extract(r.data, '$.asset')
 WHERE r.form = 'repair' AND r.state IN ('pending', 'returned', 'approved')
 AND %s ORDER BY r.created_at, r.id;
""" % (dept("e.department_id"), dept("e.department_id")),
    "expenses": """
SELECT coalesce(json_extract(l.value, '$.category'), ''), d.code, d.name, count(DISTINCT r.id),
 sum(coalesce(json_extract(l.value, '$.amount'), 0)), sum(coalesce(json_extract(l.value, '$.receipts'), 0))
 FROM requests r JOIN employees e ON e.id = r.applicant_id JOIN departments d ON d.id = e.department_id,
 json_each(r.data, '$.lines') l
 WHERE r.form = 'expense' AND r.paid_at IS NOT NULL AND %s AND %s GROUP BY 1, 2 ORDER BY 1, 2;
SELECT (julianday(r.paid_at) - julianday(r.created_at)) * 24
 FROM requests r JOIN employees e ON e.id = r.applicant_id
 WHERE r.form = 'expense' AND r.paid_at IS NOT NULL AND %s AND %s ORDER BY 1;
""" % (rng("r.paid_at"), dept("e.department_id"), rng("r.paid_at"), dept("e.department_id")),
}

# engine.c do_timeouts and report.c report_remind: what remind reads
REMIND = """
SELECT t.id, t.request_id, t.step_id, t.assignee_id, r.number, r.form, s.title,
 CASE WHEN t.due_at < :now THEN s.on_timeout ELSE 'due_soon' END, e.login
 FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id
 JOIN employees e ON e.id = t.assignee_id
 WHERE t.state = 'pending' AND t.due_at IS NOT NULL AND t.escalated = 0
 AND (t.due_at < :now OR julianday(t.due_at) - julianday(:now) <= min(4.0, s.time_limit / 4.0) / 24.0)
 ORDER BY t.due_at < :now DESC, t.due_at, t.id;
SELECT 1 FROM notices WHERE occasion = 'overdue:1';
SELECT l.id, l.code, l.name, l.expires_on FROM licences l
 WHERE julianday(l.expires_on) - julianday(:today) <= l.remind_days;
SELECT id, sku, name FROM supplies WHERE on_hand <= reorder_level;
SELECT b.id, coalesce(b.request_id, 0), b.booked_by FROM bookings b
 WHERE b.state = 'confirmed' AND b.starts_at >= :now AND b.starts_at < datetime(:now, '+1 hour');
"""

# audit.c audit_verify: every row hashed in order (sha3 standing in for SHA-256)
AUDIT_VERIFY = """
SELECT count(*), max(h) FROM (SELECT sha3(prev_hash || '|' || id || '|' || at || '|' || actor || '|' || action
 || '|' || object || '|' || detail, 256) AS h FROM audit ORDER BY id);
SELECT value FROM counters WHERE name = 'audit.rows';
SELECT value FROM counters WHERE name = 'audit.tip';
"""

# engine.c do_submit for an expense claim (head, finance, gm skipped), as one transaction
SUBMIT = """
CREATE TEMP TABLE IF NOT EXISTS v(k TEXT PRIMARY KEY, id INTEGER);
BEGIN IMMEDIATE;
SELECT number FROM requests WHERE idem_key = 'nonexistent-key-0000';
INSERT INTO counters(name, value) VALUES('BX-20261128', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1;
SELECT value FROM counters WHERE name = 'BX-20261128';
INSERT INTO requests(number, form, summary, applicant_id, state, data, idem_key, created_at, updated_at)
 VALUES('SQ-' || hex(randomblob(8)), 'expense', '办公用品采购', :me, 'pending',
 json('{"lines":[{"category":"office","amount":12050,"receipts":1}],"amount":12050,"purpose":"办公用品采购","bank_account":"6222020200112233"}'),
 lower(hex(randomblob(16))), :now, :now);
INSERT OR REPLACE INTO v VALUES('r', last_insert_rowid());
INSERT INTO steps(request_id, pos, name, title, mode, state, why, time_limit, on_timeout)
 VALUES((SELECT id FROM v WHERE k = 'r'), 10, 'head', '部门负责人审批', 'any', 'planned', '', 24, 'remind');
INSERT OR REPLACE INTO v VALUES('s', last_insert_rowid());
INSERT INTO step_people(step_id, employee_id, kind, why) VALUES((SELECT id FROM v WHERE k = 's'), :head, 'approver', 'department head');
INSERT INTO steps(request_id, pos, name, title, mode, state, why, time_limit, on_timeout)
 VALUES((SELECT id FROM v WHERE k = 'r'), 20, 'finance', '财务审核', 'any', 'planned', '', 48, 'escalate:role:admin_manager');
INSERT INTO step_people(step_id, employee_id, kind, why)
 SELECT last_insert_rowid(), employee_id, 'approver', 'role finance' FROM employee_roles WHERE role = 'finance';
INSERT INTO steps(request_id, pos, name, title, mode, state, why, time_limit, on_timeout)
 VALUES((SELECT id FROM v WHERE k = 'r'), 30, 'gm', '总经理审批', 'any', 'skipped', 'skipped: amount > 5000 is false', 0, 'remind');
INSERT INTO actions(request_id, actor_id, action, opinion, at) VALUES((SELECT id FROM v WHERE k = 'r'), :me, 'submit', '', :now);
INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash)
 SELECT max(id) + 1, :now, 'u00100', 'submit', 'SQ', 'expense', (SELECT hash FROM audit ORDER BY id DESC LIMIT 1),
 lower(hex(sha3(max(id) || 'submit', 256))) FROM audit;
INSERT INTO counters(name, value) VALUES('audit.rows', (SELECT max(id) FROM audit))
 ON CONFLICT(name) DO UPDATE SET value = excluded.value;
INSERT INTO counters(name, value) VALUES('audit.tip', 1) ON CONFLICT(name) DO UPDATE SET value = excluded.value;
UPDATE steps SET state = 'active' WHERE id = (SELECT id FROM v WHERE k = 's');
UPDATE requests SET current_step = (SELECT id FROM v WHERE k = 's'), state = 'pending', updated_at = :now
 WHERE id = (SELECT id FROM v WHERE k = 'r');
INSERT INTO tasks(request_id, step_id, round, assignee_id, state, created_at, due_at)
 VALUES((SELECT id FROM v WHERE k = 'r'), (SELECT id FROM v WHERE k = 's'), 1, :head, 'pending', :now,
 datetime(:now, '+24 hours'));
INSERT INTO notices(employee_id, request_id, kind, text, created_at)
 VALUES(:head, (SELECT id FROM v WHERE k = 'r'), 'task', '待办 to do: SQ 部门负责人审批 (expense)', :now);
COMMIT;
"""

# engine.c do_act (approve) on a department head's step: the request moves on
# to its next step (its approvers' tasks and notices), as one transaction
APPROVE = """
CREATE TEMP TABLE IF NOT EXISTS v(k TEXT PRIMARY KEY, id INTEGER);
BEGIN IMMEDIATE;
INSERT OR REPLACE INTO v SELECT 't', min(t.id) FROM tasks t WHERE t.assignee_id = :me AND t.state = 'pending';
INSERT OR REPLACE INTO v SELECT 's', step_id FROM tasks WHERE id = (SELECT id FROM v WHERE k = 't');
INSERT OR REPLACE INTO v SELECT 'r', request_id FROM tasks WHERE id = (SELECT id FROM v WHERE k = 't');
SELECT id, applicant_id, coalesce(current_step, 0), round, number, form, state FROM requests
 WHERE id = (SELECT id FROM v WHERE k = 'r');
SELECT 1 FROM tasks WHERE request_id = (SELECT id FROM v WHERE k = 'r') AND (assignee_id = :me OR for_id = :me) LIMIT 1;
SELECT id, coalesce(for_id, 0) FROM tasks WHERE step_id = (SELECT id FROM v WHERE k = 's') AND round = 1
 AND assignee_id = :me AND state = 'pending' ORDER BY id LIMIT 1;
UPDATE tasks SET state = 'approved', acted_at = :now, acted_by = :me, opinion = '同意' WHERE id = (SELECT id FROM v WHERE k = 't');
INSERT INTO actions(request_id, task_id, step_id, actor_id, action, opinion, at)
 VALUES((SELECT id FROM v WHERE k = 'r'), (SELECT id FROM v WHERE k = 't'), (SELECT id FROM v WHERE k = 's'), :me, 'approve', '同意', :now);
INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash)
 SELECT max(id) + 1, :now, 'head10', 'approve', 'SQ', '同意', (SELECT hash FROM audit ORDER BY id DESC LIMIT 1),
 lower(hex(sha3(max(id) || 'approve', 256))) FROM audit;
INSERT INTO counters(name, value) VALUES('audit.rows', (SELECT max(id) FROM audit))
 ON CONFLICT(name) DO UPDATE SET value = excluded.value;
INSERT INTO counters(name, value) VALUES('audit.tip', 1) ON CONFLICT(name) DO UPDATE SET value = excluded.value;
SELECT mode FROM steps WHERE id = (SELECT id FROM v WHERE k = 's');
SELECT count(*) FROM tasks WHERE step_id = (SELECT id FROM v WHERE k = 's') AND round = 1 AND state = 'approved';
SELECT count(*) FROM tasks WHERE step_id = (SELECT id FROM v WHERE k = 's') AND round = 1 AND state = 'pending';
UPDATE tasks SET state = 'skipped' WHERE step_id = (SELECT id FROM v WHERE k = 's') AND round = 1 AND state = 'pending';
UPDATE steps SET state = 'done' WHERE id = (SELECT id FROM v WHERE k = 's');
INSERT OR REPLACE INTO v SELECT 'n', (SELECT id FROM steps WHERE request_id = (SELECT id FROM v WHERE k = 'r')
 AND state = 'planned' ORDER BY pos LIMIT 1);
UPDATE steps SET state = 'active' WHERE id = (SELECT id FROM v WHERE k = 'n');
UPDATE requests SET current_step = (SELECT id FROM v WHERE k = 'n'), state = 'pending', updated_at = :now
 WHERE id = (SELECT id FROM v WHERE k = 'r') AND (SELECT id FROM v WHERE k = 'n') IS NOT NULL;
INSERT INTO tasks(request_id, step_id, round, assignee_id, state, created_at, due_at)
 SELECT (SELECT id FROM v WHERE k = 'r'), step_id, 1, employee_id, 'pending', :now, datetime(:now, '+24 hours')
 FROM step_people WHERE step_id = (SELECT id FROM v WHERE k = 'n') AND kind = 'approver';
INSERT INTO notices(employee_id, request_id, kind, text, created_at)
 SELECT employee_id, (SELECT id FROM v WHERE k = 'r'), 'task', '待办 to do: SQ', :now
 FROM step_people WHERE step_id = (SELECT id FROM v WHERE k = 'n') AND kind = 'approver';
COMMIT;
"""

# csvio.c: import employees (upsert by login, departments by code)
IMPORT_EMPLOYEES = """
CREATE TEMP TABLE imp(login TEXT, name TEXT, department TEXT, title TEXT, email TEXT, phone TEXT, id_number TEXT);
.import --csv --skip 1 %s imp
BEGIN IMMEDIATE;
INSERT INTO employees(login, name, department_id, title, email, phone, id_number)
 SELECT i.login, i.name, d.id, i.title, i.email, i.phone, i.id_number FROM imp i JOIN departments d ON d.code = i.department
 WHERE true ON CONFLICT(login) DO UPDATE SET name = excluded.name, department_id = excluded.department_id,
 title = excluded.title, email = excluded.email, phone = excluded.phone, id_number = excluded.id_number;
INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash)
 SELECT max(id) + 1, :now, 'root', 'import', 'employees', '5000 rows', (SELECT hash FROM audit ORDER BY id DESC LIMIT 1),
 lower(hex(sha3(max(id) || 'import', 256))) FROM audit;
COMMIT;
"""


def median(xs):
    return statistics.median(xs)


def concurrent(b, n, persona_env):
    """n submitters started at once: each an adminflow process submitting an
    expense claim with its own key. Throughput, latency percentiles, and
    whether every claim went in (after `outbox retry` for any the retry
    limit turned away with their input kept)."""
    keys = ["storm%d-%05d-%d" % (n, i, int(time.time())) for i in range(n)]
    errf = open(os.path.join(b.dir, "storm-%d.err" % n), "w")
    procs = {}
    t0 = time.perf_counter()
    for k in keys:
        p = subprocess.Popen(b.af("submit", "expense", "--key", k, "lines=office,88.00,1",
                                  "purpose=并发提交", "bank_account=6222020200112233"),
                             env=persona_env, stdout=subprocess.DEVNULL, stderr=errf)
        procs[p.pid] = (time.perf_counter(), p)
    lat, failed, rss = [], 0, 0
    while procs:
        pid, status, ru = os.wait4(-1, 0)
        if pid not in procs:
            continue
        start, p = procs.pop(pid)
        p.returncode = os.waitstatus_to_exitcode(status)
        lat.append(time.perf_counter() - start)
        failed += p.returncode != 0
        rss = max(rss, ru.ru_maxrss)
    wall = time.perf_counter() - t0
    errf.close()
    placeholders = ",".join("?" * len(keys))
    found = b.sql("SELECT count(*) FROM requests WHERE idem_key IN (%s)" % placeholders, *keys)[0][0]
    retried = 0
    if found < n:
        subprocess.run(b.af("outbox", "retry"), env=persona_env, capture_output=True)
        after = b.sql("SELECT count(*) FROM requests WHERE idem_key IN (%s)" % placeholders, *keys)[0][0]
        retried, found = after - found, after
    lat.sort()
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    return dict(wall=wall, tput=n / wall, p50=median(lat), p99=p99, failed=failed, retried=retried,
                lost=n - found, rss=rss)


def per_key(b, op, name, setup, cycle, n, loads, target):
    """What a key costs in the running program: the script with n cycles of
    keys (each opening a screen and going back, `loads` screen loads in all)
    against the same script with none; the process start and the screens
    before drop out."""
    t0 = b.time_read(b.af(), b.tui(name + "0", setup + ["dump"]))
    t1 = b.time_read(b.af(), b.tui(name + "1", setup + cycle * n + ["dump"]))
    k = n * loads
    b.add(op, b.T((t1 - t0) / k, (t1.cpu - t0.cpu) / k), None, None, None, ("time", target), "per key")


def run_all(b):
    ids = b.ids
    now = {":now": NOW}
    # ---- the full-screen program, headless: open, draw, dump, end ----
    b.become("head10")
    me10 = dict(now, **{":me": ids["head10"], ":soon": SOON})
    inbox_n = b.sql("SELECT count(*) FROM tasks WHERE assignee_id = ? AND state = 'pending'", ids["head10"])[0][0]
    first = b.sql("SELECT r.number FROM tasks t JOIN requests r ON r.id = t.request_id"
                  " WHERE t.assignee_id = ? AND t.state = 'pending' ORDER BY t.created_at, r.id LIMIT 1",
                  ids["head10"])[0][0]
    b.measure("TUI: open + first complete home frame", b.af(), b.tui("home", ["dump"]),
              b.sq("tui_home", HOME, me10), ("time", 0.050))
    b.measure("TUI: to-do inbox (%d tasks)" % inbox_n, b.af(), b.tui("inbox", ["key i", "dump"]),
              b.sq("tui_inbox", HOME + VIEW_TODO, me10), ("time", 0.020))
    b.measure("TUI: request detail from the inbox", b.af(), b.tui("detail", ["key i", "key Enter", "dump"]),
              b.sq("tui_detail", HOME + VIEW_TODO + VIEW_REQUEST, dict(me10, **{":n": first})), ("time", 0.050))
    per_key(b, "  in the program: key i, the to-do inbox (and q back home)", "keys_i", [],
            ["key i", "key q"], 10, 2, 0.020)
    per_key(b, "  in the program: Enter, a request's detail (and Esc back)", "keys_enter", ["key i"],
            ["key Enter", "key Esc"], 10, 2, 0.050)
    b.measure("inbox (%d to do)" % inbox_n, b.af("inbox"), None, b.sq("inbox", ENGINE_TODO, me10), ("time", 0.020))
    b.measure("show (detail with timeline)", b.af("show", first), None,
              b.sq("show", ENGINE_SHOW, dict(me10, **{":n": first})), ("time", 0.050))
    b.become(None)
    b.measure("inbox via --as (root acting as head10: audited)", b.af("--as", "head10", "inbox"), None,
              b.sq("inbox_as", ENGINE_TODO.replace("'root'", "'head10'"), me10), ("time", 0.020))

    b.become("clerk01")
    mec = dict(now, **{":me": ids["clerk01"], ":soon": SOON})
    done_n = b.sql("SELECT count(DISTINCT request_id) FROM tasks WHERE acted_by = ?", ids["clerk01"])[0][0]
    a0 = b.measure("TUI: done tab (%d requests)" % done_n, b.af(), b.tui("done", ["key i", "key Tab", "dump"]),
                   b.sq("tui_done", HOME + VIEW_TODO + VIEW_DONE, mec), ("time", 0.020))
    per_key(b, "  in the program: key 2, the done tab (and 1 back to to-do)", "keys_done", ["key i"],
            ["key 2", "key 1"], 4, 2, 0.020)
    keys = ["key i", "key Tab"] + ["key j"] * 200 + ["dump"]
    env = b.tui("done200", keys)
    a1 = b.time_read(b.af(), env)
    each = b.T((a1 - a0) / 200, (a1.cpu - a0.cpu) / 200 if a0 is not None else None)
    b.add("  in the program: cursor down in the done tab (200 keys)", each, None, b.rss(b.af(), env), None,
          ("time", 0.050), "redraw per key")
    b.measure("inbox --done (%d requests)" % done_n, b.af("inbox", "--done"), None,
              b.sq("inbox_done", ENGINE_DONE, mec), ("time", 0.020))

    b.become("u00100")
    meu = dict(now, **{":me": ids["u00100"], ":soon": SOON, ":day": TODAY, ":days": 7})
    b.measure("TUI: week calendar, 200 rooms", b.af(), b.tui("calendar", ["key d", "key v", "dump"]),
                      b.sq("tui_calendar", HOME + CALENDAR, meu), ("time", 0.020))
    per_key(b, "  in the program: PgDn/PgUp, the next or previous week", "keys_week", ["key d", "key v"],
            ["key PgDn", "key PgUp"], 10, 2, 0.020)
    b.measure("calendar rooms --days 7", b.af("calendar", "rooms", "--days", "7"), None,
              b.sq("calendar", IDENTIFY + CALENDAR, meu), ("time", 0.020))

    # ---- reports over three years, reminders, the audit chain ----
    b.become(None)
    listing = subprocess.run(b.af("report"), env=b.env, capture_output=True, text=True)
    names = [l.split("\t")[0] for l in listing.stdout.splitlines()[1:]] if listing.returncode == 0 else []
    rparams = dict(now, **{":from": "2023-11-28", ":until": "2026-11-29", ":dept": 0, ":today": TODAY})
    for name in names:
        if name == "inventory-count":
            continue
        sq = b.sq("report_" + name, REPORTS[name], rparams) if name in REPORTS else None
        b.measure("report %s (3 years)" % name, b.af("report", name, "--from", "2023-11-28", "--to", "2026-11-28"),
                  None, sq)
    b.measure("remind --dry-run (whole company)", b.af("remind", "--dry-run"), None,
              b.sq("remind", REMIND, dict(now, **{":today": TODAY})))
    n_audit = b.sql("SELECT count(*) FROM audit")[0][0]
    b.measure("audit verify (%d rows)" % n_audit, b.af("audit", "verify"), None, b.sq("audit_verify", AUDIT_VERIFY))

    # ---- registers out and in ----
    b.become(None)
    out_af, out_sq = os.path.join(b.dir, "out-adminflow.csv"), os.path.join(b.dir, "out-sqlite3.csv")
    n_assets = b.sql("SELECT count(*) FROM assets")[0][0]
    b.measure("export assets (%d)" % n_assets, b.af("export", "assets"), None, b.sq("export_assets", EXPORT_ASSETS),
              ("ratio", 1.5), output=out_af, sq_output=out_sq)
    have_inv = subprocess.run(b.af("export", "inventory-count"), env=b.env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0
    if have_inv:
        b.measure("export inventory-count", b.af("export", "inventory-count"), None,
                  b.sq("export_inventory", EXPORT_INVENTORY), ("ratio", 1.5), output=out_af, sq_output=out_sq)
    emp_csv = os.path.join(b.dir, "employees-export.csv")
    subprocess.run(b.af("export", "employees", "-o", emp_csv), env=b.env, check=True)
    # both sides back to back; the audit chain has been verified by now (the
    # sqlite3 side appends a row that is not chained)
    n_imp = 2 if b.args.quick else 5
    t_af = b.loop([b.af("import", "employees", emp_csv)] * n_imp, b.env)
    imp = b.sq("import_employees", IMPORT_EMPLOYEES % emp_csv, now)
    t_sq = b.loop([imp] * n_imp, b.env)
    b.add("import employees (5,000, upsert)", t_af, t_sq, b.rss(b.af("import", "employees", emp_csv), b.env),
          b.rss(imp, b.env), ("ratio", 1.5))

    # ---- changes: one at a time, then storms ----
    b.become(None)
    remind_t = b.loop([b.af("remind")] * 3, b.env)
    b.add("remind (daily run, nothing new)", remind_t, None, b.rss(b.af("remind"), b.env), None)
    b.become("u00100")
    runs = 8 if b.args.quick else 20
    stamp = int(time.time())
    subs = [b.af("submit", "expense", "--key", "bench-%d-%03d" % (stamp, i), "lines=office,120.50,1",
                 "purpose=办公用品采购", "bank_account=6222020200112233") for i in range(runs + 1)]
    t_sub = b.loop(subs[:runs], b.env)
    head_u = b.sql("SELECT d.head_id FROM employees e JOIN departments d ON d.id = e.department_id WHERE e.id = ?",
                   ids["u00100"])[0][0]
    # (the sqlite3 side's audit rows are not chained: audit verify ran before)
    sq_sub = b.sq("submit", SUBMIT, dict(now, **{":me": ids["u00100"], ":head": head_u}))
    t_sq = b.loop([sq_sub] * runs, b.env)
    b.add("submit expense (uncontended)", t_sub, t_sq, b.rss(subs[runs], b.env), b.rss(sq_sub, b.env),
          ("time", 0.050), "outbox + 1 txn")
    rooms = [b.af("submit", "room_booking", "--key", "room-%d-%03d" % (stamp, i), "subject=评审会",
                  "room=R%d%02d" % (2 + i % 10, 1 + i // 10),
                  "time=2027-01-%02d 10:00/11:00" % (4 + i % 20), "attendees=3") for i in range(runs + 1)]
    t_room = b.loop(rooms[:runs], b.env)
    b.add("submit room booking (overlap trigger)", t_room, None, b.rss(rooms[runs], b.env), None, ("time", 0.050))

    # the department head approves the oldest of the 500: the request moves
    # on to its next step (or is done, with its effects)
    b.become("head10")
    todo = [r[0] for r in b.sql(
        "SELECT r.number FROM tasks t JOIN requests r ON r.id = t.request_id"
        " WHERE t.assignee_id = ? AND t.state = 'pending' ORDER BY t.id", ids["head10"])]
    n_app = min(runs, len(todo) // 2 - 1)
    t_app = b.loop([b.af("approve", num, "-m", "同意") for num in todo[:n_app]], b.env)
    rss_app = b.rss(b.af("approve", todo[n_app], "-m", "同意"), b.env)
    sq_app = b.sq("approve", APPROVE, dict(now, **{":me": ids["head10"]}))
    t_sq = b.loop([sq_app] * n_app, b.env)
    b.add("approve (head's step: next step asked)", t_app, t_sq, rss_app, b.rss(sq_app, b.env), ("time", 0.050))

    b.become("u00100")
    for n in ([100] if b.args.quick else [100, 1000]):
        s = concurrent(b, n, b.env)
        # (no RSS: a child's ru_maxrss counts the forked Python before exec)
        r = dict(op="%d concurrent submitters" % n, af=s["p50"], sq=None, rss=None, sqrss=None,
                 target=("text", ("ok" if s["lost"] == 0 else "MISS") + " (%d lost)" % s["lost"]),
                 note="", load=os.getloadavg()[0])
        r["note_af"] = "p50 %s, p99 %s, %.0f/s, %d kept in outbox" % (b.ms(s["p50"]), b.ms(s["p99"]), s["tput"],
                                                                     s["retried"])
        b.rows.append(r)
        b.print_row(r)
