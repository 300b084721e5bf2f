#!/bin/sh
# Query plans of the interactive paths: the statements the screens and the
# everyday commands run (copied from src/views.c, src/engine.c,
# src/booking.c, src/audit.c, src/auth.c, src/notify.c, src/report.c; keep them in step
# when those change) go through EXPLAIN QUERY PLAN on a real schema, and a
# full SCAN of a table that grows with the company (requests, tasks,
# bookings, audit, employees, assets, ...) fails the test: at 500,000
# requests such a scan is what makes a screen wait (tests/bench, make bench).
# Scans of the small registers (rooms, licences, supplies ...) and of
# json_each are allowed. Some statements must also use a particular bound,
# e.g. the calendar's bookings must be found by their end time, or the
# whole history of every room is read for one week. Nothing is ANALYZEd,
# as the program never does: these are the plans users get.
. "$srcdir/tests/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || skip_all "no sqlite3 shell"
af_init

# Tables whose size grows with the company and its history.
BIG='requests|steps|step_people|tasks|actions|request_cc|notices|audit|bookings|stock_moves|asset_moves|seal_uses|space_allocations|employees|assets|employee_roles|delegations|minutes|trip_costs'

# plan NAME SQL [REGEX [TABLE]]: no SCAN of a big table (but TABLE); the
# plan matches REGEX.
plan() {
	_name=$1 _sql=$2 _want=${3:-} _allow=${4:-}
	_p=$(sqlite3 "$DB" "EXPLAIN QUERY PLAN $_sql" 2>&1)
	if [ $? -ne 0 ]; then
		_result 1 "$_name" "$_p"
		return
	fi
	_bad=$(printf '%s\n' "$_p" | grep -E "SCAN ($BIG)( |\$)" | grep -Ev "SCAN ${_allow:-/}( |\$)" || true)
	if [ -n "$_bad" ]; then
		_result 1 "$_name: no full scan" "$_p"
	elif [ -n "$_want" ] && ! printf '%s\n' "$_p" | grep -Eq -- "$_want"; then
		_result 1 "$_name: plan uses $_want" "$_p"
	else
		_result 0 "$_name"
	fi
}

STATE_TEXT="CASE r.state WHEN 'pending' THEN '审批中' ELSE r.state END"

# --- who is running (auth.c), every command -------------------------------
plan "identify by login" "SELECT e.id, e.login, e.name, e.department_id, d.name
 FROM employees e JOIN departments d ON d.id = e.department_id WHERE e.login = :login AND e.active"
plan "permission check" "SELECT 1 FROM employee_roles r JOIN permissions p ON p.role = r.role
 WHERE r.employee_id = ?1 AND p.permission = ?2 LIMIT 1"
plan "roles of the user" "SELECT group_concat(role, ',') FROM (SELECT role FROM employee_roles WHERE employee_id = ?1 ORDER BY role)"

# --- the home screen (views.c views_home, views_due) ----------------------
plan "home: to-do count" "SELECT count(*) FROM tasks WHERE assignee_id = ?1 AND state = 'pending'" "tasks_assignee"
# (whether any is overdue: from the user's own tasks, stopping at the first)
plan "home: any overdue" "SELECT EXISTS (SELECT 1 FROM tasks INDEXED BY tasks_assignee
 WHERE assignee_id = ?1 AND state = 'pending' AND due_at < ?2)" "tasks_assignee \(assignee_id=\? AND state=\?\)"
plan "home: returned count" "SELECT count(*) FROM requests WHERE applicant_id = ?1 AND state = 'returned'" "requests_applicant"
plan "home: in-flight count" "SELECT count(*) FROM requests WHERE applicant_id = ?1 AND state = 'pending'" "requests_applicant"
plan "home: unread count" "SELECT count(*) FROM notices WHERE employee_id = ?1 AND read_at IS NULL" "notices_employee"
# (found through every pending task due soon, company-wide: tasks_due serves
# the ORDER BY; a few thousand entries at 500,000 requests, and the panel's
# 100 rows end it early)
plan "home: due today" "SELECT CASE WHEN t.due_at < :now THEN 1 ELSE 0 END, r.number, st.title
 FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps st ON st.id = t.step_id
 WHERE t.assignee_id = :me AND t.state = 'pending' AND t.due_at < :soon ORDER BY t.due_at LIMIT :max" "tasks_(due|assignee)"
plan "home: licences due" "SELECT name FROM licences WHERE julianday(expires_on) - julianday(date(:now)) <= remind_days ORDER BY expires_on"
plan "home: low stock" "SELECT name FROM supplies WHERE on_hand <= reorder_level ORDER BY name"

# --- the inbox (views.c views_inbox; engine.c engine_inbox) ---------------
plan "inbox: to-do" "SELECT r.number, r.form, e.name, r.summary, s.title, r.number
 FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id
 JOIN employees e ON e.id = r.applicant_id
 WHERE t.assignee_id = :me AND t.state = 'pending' ORDER BY t.created_at, r.id" "tasks_assignee"
plan "inbox: done, searched (all)" "SELECT r.number, r.form, e.name, r.summary, $STATE_TEXT, substr(max(t.acted_at), 6, 11),
 r.number, 0 FROM tasks t JOIN requests r ON r.id = t.request_id
 JOIN employees e ON e.id = r.applicant_id WHERE t.acted_by = :me AND :now IS NOT NULL
 GROUP BY r.id ORDER BY max(t.acted_at) DESC, r.id DESC" "tasks_actor"
# Without a search the done tab and `inbox --done` hold the requests of the
# latest 1,000 actions: tasks_actor read backwards, no sort of them all
plan "inbox: done, the latest" "SELECT r.number, r.form, e.name, r.summary, r.state, substr(x.last, 6, 11),
 r.number, 0, NULL, NULL FROM (SELECT request_id, max(acted_at) last FROM
 (SELECT request_id, acted_at FROM tasks WHERE acted_by = :me AND :now IS NOT NULL
  ORDER BY acted_at DESC LIMIT :limit) GROUP BY request_id) x
 JOIN requests r ON r.id = x.request_id JOIN employees e ON e.id = r.applicant_id
 ORDER BY x.last DESC, r.id DESC" "SEARCH tasks USING INDEX tasks_actor \(acted_by=\?\)"
plan "inbox: done, how many there are" "SELECT count(DISTINCT request_id) FROM tasks WHERE acted_by = ?1" \
	"COVERING INDEX tasks_actor_request \(acted_by=\?\)"
plan "inbox: done, more than the latest" "SELECT count(*) FROM (SELECT 1 FROM tasks WHERE acted_by = ?1 LIMIT ?2)" \
	"COVERING INDEX tasks_actor"
plan "inbox (CLI): done, the latest" "SELECT r.number, r.form, r.summary, e.name, r.state, coalesce(s.title, ''),
 x.last, '', 0 FROM (SELECT request_id, max(acted_at) last FROM
 (SELECT request_id, acted_at FROM tasks WHERE acted_by = :me AND :now IS NOT NULL
  ORDER BY acted_at DESC LIMIT :limit) GROUP BY request_id) x
 JOIN requests r ON r.id = x.request_id LEFT JOIN steps s ON s.id = r.current_step
 JOIN employees e ON e.id = r.applicant_id ORDER BY x.last DESC, r.id DESC" "SEARCH tasks USING INDEX tasks_actor \(acted_by=\?\)"
plan "inbox: mine" "SELECT r.number, $STATE_TEXT || coalesce(' · ' || s.title, '')
 FROM requests r JOIN employees e ON e.id = r.applicant_id
 LEFT JOIN steps s ON s.id = r.current_step AND r.state = 'pending'
 WHERE r.applicant_id = :me AND :now IS NOT NULL ORDER BY r.created_at DESC, r.id DESC" "requests_applicant"
plan "inbox: CC" "SELECT r.number FROM request_cc c JOIN requests r ON r.id = c.request_id
 JOIN employees e ON e.id = r.applicant_id WHERE c.employee_id = :me AND :now IS NOT NULL
 ORDER BY r.created_at DESC, r.id DESC" "request_cc_employee"
plan "inbox (CLI): done --all" "SELECT r.number, coalesce(s.title, ''), max(t.acted_at)
 FROM tasks t JOIN requests r ON r.id = t.request_id
 LEFT JOIN steps s ON s.id = r.current_step JOIN employees e ON e.id = r.applicant_id
 WHERE t.acted_by = :me GROUP BY r.id ORDER BY max(t.acted_at) DESC, r.id DESC" "tasks_actor"

# --- a request's detail (views.c views_request; engine.c engine_show) -----
plan "request by number" "SELECT id, applicant_id, coalesce(current_step, 0), round, number, form, state
 FROM requests WHERE number = :n" "sqlite_autoindex_requests|requests_number|number=\?"
plan "may see: asked" "SELECT 1 FROM tasks WHERE request_id = ?1 AND (assignee_id = ?2 OR for_id = ?2) LIMIT 1" "tasks_request"
plan "may see: CC'd" "SELECT 1 FROM request_cc WHERE request_id = ?1 AND employee_id = ?2"
plan "detail: fields" "SELECT '编号', number FROM requests WHERE id = :id
 UNION ALL SELECT '申请人', e.name || ' · ' || d.name FROM requests r
   JOIN employees e ON e.id = r.applicant_id JOIN departments d ON d.id = e.department_id WHERE r.id = :id
 UNION ALL SELECT '状态', $STATE_TEXT FROM requests r WHERE r.id = :id"
plan "detail: data" "SELECT key, atom FROM json_each((SELECT data FROM requests WHERE id = :id))"
plan "detail: timeline" "SELECT coalesce(st.title, ''), coalesce(e.name, '系统'), a.action, a.opinion, a.at
 FROM actions a LEFT JOIN steps st ON st.id = a.step_id LEFT JOIN employees e ON e.id = a.actor_id
 LEFT JOIN employees fe ON fe.id = a.for_id LEFT JOIN tasks t ON t.id = a.task_id
 WHERE a.request_id = :id ORDER BY a.id" "actions_request"
plan "detail: waiting on" "SELECT st.title, e.name FROM tasks t JOIN steps st ON st.id = t.step_id
 JOIN employees e ON e.id = t.assignee_id
 WHERE t.request_id = :id AND t.state = 'pending' ORDER BY st.pos, t.id" "tasks_request"
plan "detail: steps to come" "SELECT st.title, coalesce(e.name, ''), st.state, st.why FROM steps st
 LEFT JOIN step_people p ON p.step_id = st.id AND p.kind = 'approver' AND st.state = 'planned'
 LEFT JOIN employees e ON e.id = p.employee_id
 WHERE st.request_id = :id AND st.state IN ('planned', 'skipped') AND st.id IS NOT :cur ORDER BY st.pos, e.id" "steps_request"
plan "detail: my pending task" "SELECT 1 FROM tasks INDEXED BY tasks_request WHERE request_id = ?1
 AND assignee_id = ?2 AND state = 'pending'" "tasks_request \(request_id=\?\)"
plan "detail: return targets" "SELECT st.title, st.name FROM steps st JOIN requests r ON r.id = st.request_id
 WHERE r.number = :n AND st.state = 'done' AND st.pos < (SELECT pos FROM steps WHERE id = r.current_step)"
plan "notices" "SELECT n.created_at, n.kind, n.text, n.id FROM notices n WHERE n.employee_id = :me ORDER BY n.id DESC LIMIT 500" "notices_employee"

# --- acting (engine.c do_act, check_step, activate, do_submit) ------------
plan "act: my task" "SELECT id, coalesce(for_id, 0) FROM tasks WHERE step_id = :s AND round = :r
 AND assignee_id = :me AND state = 'pending' ORDER BY id LIMIT 1"
# (by acted_by SQLite picks tasks_actor_request: every task an admin clerk
# acted on, 50,000 in the bench company; an approval took 345 ms)
plan "activate: approved at the previous step" "SELECT 1 FROM tasks INDEXED BY tasks_step WHERE step_id = ?1
 AND round = ?2 AND state = 'approved' AND acted_by = ?3" "tasks_step \(step_id=\? AND state=\?\)"
plan "act: handled by whom" "SELECT step_id FROM tasks WHERE request_id = ?1 AND round = ?2
 AND assignee_id = ?3 AND state <> 'pending' ORDER BY id DESC LIMIT 1"
plan "act: idempotency key" "SELECT request_id FROM actions WHERE idem_key = ?1 AND action = ?2"
plan "step: approved count" "SELECT count(*) FROM tasks WHERE step_id = ?1 AND round = ?2 AND state = 'approved'" "tasks_step"
plan "step: close the rest" "UPDATE tasks SET state = 'skipped' WHERE step_id = ?1 AND round = ?2 AND state = 'pending'" "tasks_step"
plan "step: next planned" "SELECT id FROM steps WHERE request_id = ?1 AND state = 'planned' ORDER BY pos LIMIT 1" "steps_request"
plan "step: previous done" "SELECT id FROM steps WHERE request_id = ?1 AND pos < ?2 AND state = 'done' ORDER BY pos DESC LIMIT 1" "steps_request"
plan "step: its people" "SELECT employee_id FROM step_people WHERE step_id = :s AND kind = 'approver'"
plan "delegate of" "SELECT delegate_id FROM delegations WHERE employee_id = ?1 AND ?2 BETWEEN starts_on AND ends_on ORDER BY id DESC LIMIT 1" "delegations_employee"
plan "role members" "SELECT e.id FROM employee_roles r JOIN employees e ON e.id = r.employee_id
 WHERE r.role = :role AND e.active ORDER BY e.id" "employee_roles_role"
plan "close pending" "UPDATE tasks SET state = ?1 WHERE request_id = ?2 AND state = 'pending'" "tasks_request"
plan "submit: idempotency key" "SELECT number FROM requests WHERE idem_key = ?1" "idem_key"
# rowid order from the end, LIMIT 1: one row read, whatever the plan calls it
plan "audit: last hash" "SELECT hash FROM audit ORDER BY id DESC LIMIT 1" "SCAN audit" audit
plan "audit: next id" "SELECT max(id) FROM audit"
plan "notify: unsent" "SELECT n.id, n.text, n.kind, e.login, e.email, coalesce(r.number, '')
 FROM notices n JOIN employees e ON e.id = n.employee_id LEFT JOIN requests r ON r.id = n.request_id
 WHERE n.sent_at IS NULL ORDER BY n.id LIMIT 500" "notices_unsent"
plan "remind: overdue tasks" "SELECT t.id FROM tasks t JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id
 JOIN employees e ON e.id = t.assignee_id
 WHERE t.state = 'pending' AND t.due_at IS NOT NULL AND t.escalated = 0
 AND (t.due_at < :now OR julianday(t.due_at) - julianday(:now) <= min(4.0, s.time_limit / 4.0) / 24.0)
 ORDER BY t.due_at < :now DESC, t.due_at, t.id" "tasks_due"
plan "remind: occasion seen" "SELECT 1 FROM notices WHERE occasion = ?1" "occasion"

# --- bookings (booking.c, and the schema's overlap trigger) ---------------
# Each must find a resource's bookings by their end, from the window's
# start on: by their start it would read the resource's whole history.
plan "calendar grid: a week of rooms" "SELECT b.resource_id, b.starts_at, b.ends_at, b.state = 'held', b.booked_by, b.id
 FROM rooms x CROSS JOIN bookings b ON b.resource = :res AND b.resource_id = x.id
 WHERE x.active AND b.state <> 'cancelled' AND b.ends_at > :day
 AND b.starts_at < datetime(:day, :days || ' days')" "bookings_ends .*resource_id=\? AND ends_at>\?"
plan "calendar grid: a week of vehicles" "SELECT b.resource_id FROM vehicles x CROSS JOIN bookings b
 ON b.resource = :res AND b.resource_id = x.id
 WHERE x.active AND b.state <> 'cancelled' AND b.ends_at > :day
 AND b.starts_at < datetime(:day, :days || ' days')" "bookings_ends .*resource_id=\? AND ends_at>\?"
plan "calendar: the request under the cursor" "SELECT coalesce(r.number, '') FROM bookings b
 LEFT JOIN requests r ON r.id = b.request_id WHERE b.id = ?1" "SEARCH b USING INTEGER PRIMARY KEY"
plan "booking: slot taken (series)" "SELECT 1 FROM bookings WHERE resource = ?1 AND resource_id = ?2 AND state <> 'cancelled'
 AND starts_at < ?4 AND ends_at > ?3" "bookings_ends .*ends_at>\?"
plan "booking: who holds it" "SELECT coalesce(r.number, 'booking ' || b.id)
 FROM bookings b LEFT JOIN requests r ON r.id = b.request_id
 WHERE b.resource = ?1 AND b.resource_id = ?2 AND b.state <> 'cancelled'
 AND b.starts_at < ?4 AND b.ends_at > ?3 ORDER BY b.starts_at LIMIT 1" "resource_id=\?"
plan "overlap trigger's check" "SELECT 1 FROM bookings b WHERE b.resource = :res
 AND b.resource_id = :rid AND b.state <> 'cancelled'
 AND b.starts_at < :end AND b.ends_at > :start" "bookings_ends .*ends_at>\?"
plan "booking: by request" "UPDATE bookings SET state = 'confirmed' WHERE request_id = ?1 AND state = 'held'" "bookings_request"

# --- reports (report.c): a range of dates must be served by an index ----
# (open ends are bound as '' and '9999-12-31', never NULL: "(:from IS NULL
# OR col >= :from)" read every row whatever the dates)
DEPT="(:dept = 0 OR e.department_id IN (WITH RECURSIVE dt(id) AS (SELECT :dept UNION SELECT d.id FROM departments d JOIN dt ON d.parent_id = dt.id) SELECT id FROM dt))"
ANY_FORM="(WITH RECURSIVE f(form) AS (SELECT min(form) FROM requests UNION ALL SELECT (SELECT min(form) FROM requests WHERE form > f.form) FROM f WHERE f.form IS NOT NULL) SELECT form FROM f)"
plan "report volume: submitted in the dates" "SELECT r.form, strftime('%Y-%m', r.created_at), count(*)
 FROM requests r JOIN employees e ON e.id = r.applicant_id
 WHERE r.form IN $ANY_FORM AND r.state <> 'draft' AND (r.created_at >= :from AND r.created_at < :until)
 AND $DEPT GROUP BY 1, 2 ORDER BY 1, 2" "requests_form \(form=\? AND created_at>\? AND created_at<\?\)"
plan "report cycle: done in the dates" "SELECT r.form, (julianday(r.done_at) - julianday(r.created_at)) * 24
 FROM requests r JOIN employees e ON e.id = r.applicant_id
 WHERE +r.state = 'done' AND (r.done_at >= :from AND r.done_at < :until) AND $DEPT ORDER BY 1, 2" \
	"requests_done \(done_at>\? AND done_at<\?\)"
STEPS_SQL="SELECT r.form FROM tasks t JOIN steps s ON s.id = t.step_id
 JOIN requests r ON r.id = t.request_id JOIN employees a ON a.id = t.assignee_id JOIN employees e ON e.id = r.applicant_id
 WHERE (t.created_at >= :from AND t.created_at < :until) AND $DEPT
 AND ((t.acted_at IS NOT NULL AND +t.state IN ('approved', 'rejected', 'returned', 'transferred'))
      OR (+t.state = 'pending' AND +t.due_at < :now))
 AND NOT EXISTS (SELECT 1 FROM actions x WHERE x.task_id = t.id AND x.action = 'asked-once')
 ORDER BY r.form, s.pos, s.title, a.login"
plan "report steps: tasks the engine settled" "$STEPS_SQL" "actions_asked_once \(task_id=\?\)"
plan "report steps: the tasks of its dates, by their creation" "$STEPS_SQL" \
	"tasks_created \(created_at>\? AND created_at<\?\)"
plan "report utilisation: bookings by resource and end" "SELECT x.kind = 'vehicle', x.id, b.starts_at, b.ends_at,
 b.attendance IS 'no_show' FROM (SELECT 'room' kind, id FROM rooms WHERE active = 1
  UNION ALL SELECT 'vehicle', id FROM vehicles WHERE active = 1) x
 CROSS JOIN bookings b ON b.resource = x.kind AND b.resource_id = x.id
 WHERE b.ends_at > :f AND +b.starts_at >= :lo AND +b.starts_at < :hi AND b.state = 'confirmed'
 AND (:dept = 0 OR b.booked_by IN (SELECT e.id FROM employees e WHERE $DEPT))" \
	"bookings_ends \(resource=\? AND resource_id=\? AND ends_at>\?\)"
plan "report utilisation: a later window's bookings by resource and start, never all since the range began" \
	"SELECT x.kind = 'vehicle', x.id, b.starts_at, b.ends_at,
 b.attendance IS 'no_show' FROM (SELECT 'room' kind, id FROM rooms WHERE active = 1
  UNION ALL SELECT 'vehicle', id FROM vehicles WHERE active = 1) x
 CROSS JOIN bookings b ON b.resource = x.kind AND b.resource_id = x.id
 WHERE +b.ends_at > :f AND b.starts_at >= :lo AND b.starts_at < :hi AND b.state = 'confirmed'
 AND (:dept = 0 OR b.booked_by IN (SELECT e.id FROM employees e WHERE $DEPT))" \
	"bookings_resource \(resource=\? AND resource_id=\? AND starts_at>\? AND starts_at<\?\)"
# (the long reads' windows and slices, issue 13: each window or slice found
# through an index on its time, never the whole table read for each)
plan "report supplies: a window of stock moves" "SELECT coalesce(d.code, ''), p.sku, sum(m.quantity)
 FROM stock_moves m JOIN supplies p ON p.id = m.supply_id
 LEFT JOIN requests r ON r.id = m.request_id LEFT JOIN employees e ON e.id = r.applicant_id
 LEFT JOIN departments d ON d.id = e.department_id
 WHERE m.kind IN ('issue', 'return') AND (m.at >= :from AND m.at < :until) AND $DEPT GROUP BY d.id, p.id" \
	"stock_moves_(at|supply) \((supply_id=\? AND )?at>\? AND at<\?\)"
plan "report conflicts: a window of refusals" "SELECT count(*) FROM audit a
 WHERE a.action = 'booking_refused' AND (a.at >= :from AND a.at < :until)" "audit_action \(action=\? AND at>\? AND at<\?\)"
plan "report vehicle-log: a window of trips" "SELECT count(*) FROM bookings b JOIN vehicles v ON v.id = b.resource_id
 WHERE +b.resource = 'vehicle' AND b.state = 'confirmed' AND b.odometer_in IS NOT NULL
 AND (b.starts_at >= :from AND b.starts_at < :until)" "bookings_(time|resource) \((resource=\? AND resource_id=\? AND )?starts_at>\? AND starts_at<\?\)"
plan "report seals: the register's next slice" "SELECT u.at, u.id FROM seal_uses u
 WHERE (u.at >= :from AND u.at < :until) AND (u.at, u.id) > (:after1, :after2) ORDER BY u.at, u.id" "seal_uses_at"
plan "export stock-moves: the next slice" "SELECT m.at, m.id FROM stock_moves m
 WHERE m.at >= :from AND m.at < :until AND (m.at, m.id) > (:after1, :after2) ORDER BY m.at, m.id" "stock_moves_at"
plan "count sheet: the next slice of assets" "SELECT a.tag FROM assets a WHERE a.status <> 'retired'
 AND (:loc IS NULL OR a.location = :loc) AND (a.location, a.tag) > (:after1, :after2) ORDER BY a.location, a.tag" \
	"assets_location"
plan "report quarterly: refusals" "SELECT sum(a.at < :mid) FROM audit a
 WHERE a.action = 'booking_refused' AND (a.at >= :from AND a.at < :until)" "audit_action \(action=\? AND at>\? AND at<\?\)"
plan "report quarterly: bookings" "SELECT sum(b.starts_at < :mid) FROM bookings b JOIN employees e ON e.id = b.booked_by
 WHERE b.state = 'confirmed' AND (b.starts_at >= :from AND b.starts_at < :until) AND $DEPT" \
	"bookings_time \(starts_at>\? AND starts_at<\?\)"
plan "report quarterly: submitted" "SELECT sum(r.created_at < :mid) FROM requests r JOIN employees e ON e.id = r.applicant_id
 WHERE r.form IN $ANY_FORM AND r.state <> 'draft' AND (r.created_at >= :from AND r.created_at < :until) AND $DEPT" \
	"requests_form \(form=\? AND created_at>\? AND created_at<\?\)"
plan "report quarterly: cycles of both quarters" "SELECT r.form, r.done_at >= :mid, r.created_at FROM requests r
 JOIN employees e ON e.id = r.applicant_id
 WHERE +r.state = 'done' AND (r.done_at >= :from AND r.done_at < :until) AND $DEPT ORDER BY 1, 2, 3" \
	"requests_done \(done_at>\? AND done_at<\?\)"

# The trigger itself says what it checks: keep this test's copy honest.
trig=$(sqlite3 "$DB" "SELECT sql FROM sqlite_master WHERE name = 'bookings_no_overlap_insert'")
like "the overlap trigger checks start against end" "$trig" "b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at"

done_testing
