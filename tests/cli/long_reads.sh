#!/bin/sh
# Long reads do not hold the file (issue 13). In a rollback journal a
# reader's lock keeps every writer from committing; a report or an export
# reads in slices of read_slice ms (db_slice), letting go of the lock
# between them and going on after the last row it wrote. The lock calls
# (counted by tests/latshim.so) show the slices; the output shows nothing
# lost or doubled at their seams.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
. "$srcdir/tests/lib_latency.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

why=$(shim_missing)
[ -z "$why" ] || skip_all "$why"
SHARE="$TMP/share"
mkdir -p "$SHARE"
DB="$SHARE/af.db"
af_init
# 100,000 audit rows: an export that takes a good many slices of 10 ms.
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
   INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash)
   SELECT (SELECT max(id) FROM audit) + i, '2026-11-27 08:00:00', 'bulk', 'test', 'row ' || i, '', 'p', 'h' FROM n"
printf 'read_slice = 10;\n' > "$TMP/slices.conf"
printf 'read_slice = 60000;\n' > "$TMP/whole.conf"

shimmed 0 "$SHARE" "$AF_BIN" --config "$TMP/whole.conf" --db "$DB" export audit -o "$TMP/whole.csv"
is "in one read: the export worked" "$?" 0
whole=$(shim_total locks)
shimmed 0 "$SHARE" "$AF_BIN" --config "$TMP/slices.conf" --db "$DB" export audit -o "$TMP/sliced.csv"
is "in slices: the export worked" "$?" 0
sliced=$(shim_total locks)
echo "# export audit of 100,000 rows: $whole lock calls in one read, $sliced in slices of 10 ms"
[ "$whole" -le 8 ]; _result $? "in one read: one read transaction ($whole lock calls)"
[ "$sliced" -ge $((whole + 8)) ]; _result $? "in slices: the lock let go and taken again ($sliced lock calls)"
is "in slices: the same rows, none lost or doubled at the seams" "$(cmp "$TMP/whole.csv" "$TMP/sliced.csv" 2>&1)" ""
is "in slices: every row there" "$(wc -l < "$TMP/sliced.csv" | tr -d ' ')" \
	"$(( $(q 'SELECT count(*) FROM audit') + 1 ))"

# Reports read their date range in windows (report_windows) and let go of
# the file between them. A history of 21 copies of the demo's, three days
# apart (some 80 days of requests, steps and tasks).
DB="$SHARE/hist.db"
"$AF_BIN" --db "$DB" init --demo --history >/dev/null
q "PRAGMA foreign_keys = OFF;
   CREATE TEMP TABLE k(i); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) INSERT INTO k SELECT i FROM n;
   CREATE TEMP TABLE r0 AS SELECT * FROM requests; CREATE TEMP TABLE s0 AS SELECT * FROM steps;
   CREATE TEMP TABLE t0 AS SELECT * FROM tasks;
   INSERT INTO requests(id, number, form, summary, applicant_id, state, current_step, round, data, idem_key,
     created_at, updated_at, decided_at, done_at, paid_at)
   SELECT id + i * 100000, number || '-' || i, form, summary, applicant_id, state, current_step + i * 100000, round, data,
     idem_key || '-' || i, datetime(created_at, (-3 * i) || ' days'), datetime(updated_at, (-3 * i) || ' days'),
     datetime(decided_at, (-3 * i) || ' days'), datetime(done_at, (-3 * i) || ' days'), datetime(paid_at, (-3 * i) || ' days')
   FROM r0, k;
   INSERT INTO steps(id, request_id, pos, name, title, mode, state, why, time_limit, on_timeout)
     SELECT id + i * 100000, request_id + i * 100000, pos, name, title, mode, state, why, time_limit, on_timeout FROM s0, k;
   INSERT INTO tasks SELECT id + i * 100000, request_id + i * 100000, step_id + i * 100000, round, assignee_id, for_id, state,
     datetime(created_at, (-3 * i) || ' days'), datetime(due_at, (-3 * i) || ' days'), datetime(acted_at, (-3 * i) || ' days'),
     acted_by, opinion, escalated FROM t0, k;
   UPDATE requests SET paid_at = datetime(done_at, '+' || (id % 97) || ' hours') WHERE form = 'expense' AND state = 'done';"
echo "# history: $(q 'SELECT count(*) FROM requests') requests, $(q 'SELECT count(*) FROM tasks') tasks from $(q 'SELECT min(created_at) FROM tasks')"

# The affairs' long tables too, a year of them: bookings (half of them
# vehicle trips come back, with their costs), stock moves, seal uses and
# the audit trail's refused bookings.
q "PRAGMA foreign_keys = OFF;
   CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
   WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 6000) INSERT INTO n SELECT i FROM c;
   INSERT INTO bookings(id, resource, resource_id, request_id, booked_by, subject, starts_at, ends_at, state,
     odometer_out, odometer_in, driver_id, attendance, attendance_at)
   SELECT 100000 + i, CASE WHEN i % 2 THEN 'vehicle' ELSE 'room' END, (i / 2) % 5 + 1, (SELECT min(id) FROM requests),
     (i % 60) + 1, '行程 ' || i, datetime('2026-01-05 07:00', '+' || (i * 2) || ' hours'),
     datetime('2026-01-05 07:00', '+' || (i * 2) || ' hours', '+' || (1 + i % 9) || ' hours'), 'confirmed',
     CASE WHEN i % 2 THEN i * 10 END, CASE WHEN i % 2 AND i % 13 <> 0 THEN i * 10 + i % 97 END,
     CASE WHEN i % 2 THEN (i % 20) + 1 END, CASE WHEN i % 11 = 0 THEN 'no_show' END,
     CASE WHEN i % 11 = 0 THEN datetime('2026-01-05 07:00', '+' || (i * 2) || ' hours', '+1 hours') END
   FROM n WHERE i <= 3000;
   INSERT INTO trip_costs SELECT id, (id * 37) % 1000, (id * 11) % 300, (id % 4) * 125
   FROM bookings WHERE resource = 'vehicle' AND id > 100000 AND id % 3 <> 0;
   INSERT INTO stock_moves(supply_id, request_id, kind, quantity, actor_id, at, note)
   SELECT (i % 40) + 1, rq.id, CASE i % 3 WHEN 0 THEN 'return' ELSE 'issue' END, i % 7 + 1, (i % 60) + 1,
     datetime('2026-01-01', '+' || (i * 75) || ' minutes'), '领用 ' || i
   FROM n JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM requests) rq ON rq.k = n.i % 300;
   INSERT INTO seal_uses(seal_id, request_id, used_by, document, copies, witness_id, confirmed_by, at)
   SELECT (id % 4) + 1, id, applicant_id, '合同 ' || id, 1 + id % 5, CASE WHEN id % 2 THEN 14 END, 14,
     datetime(created_at, '+1 hours') FROM requests;
   INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash)
   SELECT (SELECT max(id) FROM audit) + i, datetime('2026-01-01', '+' || (i * 80) || ' minutes'),
     (SELECT login FROM employees WHERE id = i % 60 + 1) || CASE WHEN i % 3 = 0 THEN ' (as x)' ELSE '' END,
     'booking_refused', CASE WHEN i % 2 THEN 'room:R' || (200 + (i % 5) * 100 + 1) ELSE 'vehicle:V0' || (i % 5 + 1) END,
     '', 'p', 'h' FROM n;"
echo "# and $(q 'SELECT count(*) FROM bookings') bookings, $(q 'SELECT count(*) FROM stock_moves') stock moves, $(q 'SELECT count(*) FROM seal_uses') seal uses"

for rep in "volume" "cycle" "steps" "expenses" "quarterly" "volume --from 2026-10-01 --to 2026-10-31" "steps --to 2026-11-01" \
	"utilisation --from 2026-01-01 --to 2026-11-27" "utilisation" "supplies" "supplies --from 2026-03-01 --to 2026-03-31" \
	"supplies-count" "inventory-count" "budget" "vehicle-log" "vehicle-log --from 2026-05-01" "conflicts" "seals"; do
	# shellcheck disable=SC2086 # the report and its options
	shimmed 0 "$SHARE" "$AF_BIN" --config "$TMP/whole.conf" --db "$DB" report $rep --csv > "$TMP/whole.csv"
	whole=$(shim_total locks)
	# shellcheck disable=SC2086
	shimmed 0 "$SHARE" "$AF_BIN" --config "$TMP/slices.conf" --db "$DB" report $rep --csv > "$TMP/sliced.csv"
	sliced=$(shim_total locks)
	echo "# report $rep: $whole lock calls in one read, $sliced in windows of 10 ms"
	is "report $rep in windows: the same answer as in one read" "$(cmp "$TMP/whole.csv" "$TMP/sliced.csv" 2>&1)" ""
	[ "$(wc -l < "$TMP/sliced.csv")" -gt 1 ]; _result $? "report $rep: has rows"
done
[ "$whole" -le 4 ]; _result $? "report in one read: one read transaction ($whole lock calls)"

# The exports of the long tables the same, slice by slice. East of UTC too:
# a slice goes on after the stored time of its last row, never the local
# time the row shows (which skipped eight hours of requests in Shanghai).
for exp in "requests" "tasks" "stock-moves" "seal-uses" "trips" "trips --from 2026-03-01 --to 2026-06-30"; do
	for zone in Asia/Shanghai America/New_York; do
		# shellcheck disable=SC2086 # the kind and its options
		TZ=$zone shimmed 0 "$SHARE" "$AF_BIN" --config "$TMP/whole.conf" --db "$DB" export $exp -o "$TMP/whole.csv"
		whole=$(shim_total locks)
		# shellcheck disable=SC2086
		TZ=$zone shimmed 2000 "$SHARE" "$AF_BIN" --config "$TMP/slices.conf" --db "$DB" export $exp -o "$TMP/sliced.csv"
		sliced=$(shim_total locks)
		is "export $exp in slices ($zone): the same rows as in one read" "$(cmp "$TMP/whole.csv" "$TMP/sliced.csv" 2>&1)" ""
	done
	echo "# export $exp: $whole lock calls in one read, $sliced in slices of 10 ms on a 2 ms share"
	[ "$(wc -l < "$TMP/sliced.csv")" -gt 1 ]; _result $? "export $exp: has rows"
	[ "$sliced" -gt "$whole" ]; _result $? "export $exp: read in more than one slice ($sliced lock calls)"
done

# A submission made while a long report runs goes in while it runs: the
# report, on a share 20 ms away, lets go of the file between its windows
# or slices (each costs it four round trips); the submission is made once
# the report has begun (its lock calls seen), on the local side of the same
# file. The submission is of no range the report reads, so its answer must
# still be the one of a read that held the file throughout.
printf 'read_slice = 10;\nbusy_wait = 600;\n' > "$TMP/slices.conf"
# during WHAT CMD...: CMD (report or export, output on stdout) on the slowed
# share, a submission made while it runs.
during() {
	_what=$1
	shift
	shimmed 0 "$SHARE" "$AF_BIN" --config "$TMP/whole.conf" --db "$DB" "$@" > "$TMP/whole.csv"
	_before_n=$(q "SELECT count(*) FROM requests WHERE form = 'express'")
	LATSHIM_TRACE=1 shimmed 20000 "$SHARE" "$AF_BIN" --config "$TMP/slices.conf" --db "$DB" \
		"$@" > "$TMP/sliced.csv" 2> "$TMP/trace" &
	_pid=$!
	_tries=0
	while [ "$(grep -c '^latshim' "$TMP/trace" 2>/dev/null)" -lt 12 ] && kill -0 "$_pid" 2>/dev/null &&
		[ "$_tries" -lt 3000 ]; do
		sleep 0.1
		_tries=$((_tries + 1))
	done
	_before=$(grep -c '^latshim' "$TMP/trace")
	"$AF_BIN" --config "$TMP/slices.conf" --db "$DB" --as zhangsan submit express recipient=张三 phone=1 address=北京 weight=7 \
		> "$TMP/submitted" 2>&1
	is "$_what: a submission during it worked" "$?" 0
	kill -0 "$_pid" 2>/dev/null
	_result $? "$_what: the submission went in while it was still reading ($_before lock calls into it)"
	wait "$_pid"
	is "$_what: it worked" "$?" 0
	_after=$(grep -c '^latshim' "$TMP/trace")
	[ "$_after" -gt "$_before" ]; _result $? "$_what: it read on after the submission ($_after lock calls in all)"
	is "$_what: its answer is the one of a read that held the file" "$(cmp "$TMP/whole.csv" "$TMP/sliced.csv" 2>&1)" ""
	is "$_what: the submission is there once" "$(q "SELECT count(*) FROM requests WHERE form = 'express'")" \
		"$((_before_n + 1))"
}
during "report volume" report volume --to 2026-11-27 --csv
during "report utilisation" report utilisation --from 2026-01-01 --to 2026-01-25 --csv
during "report supplies" report supplies --from 2026-01-01 --to 2026-01-25 --csv
during "report vehicle-log" report vehicle-log --from 2026-01-01 --to 2026-01-25 --csv
during "report supplies-count" report supplies-count --csv
during "export trips" export trips --from 2026-01-05 --to 2026-01-15 -o -

status_is "read_slice out of range is a usage error" 2 sh -c \
	"printf 'read_slice = 5;\n' > '$TMP/bad.conf'; '$AF_BIN' --config '$TMP/bad.conf' --db '$DB' whoami"
done_testing
