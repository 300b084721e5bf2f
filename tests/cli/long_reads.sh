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
   INSERT INTO steps SELECT id + i * 100000, request_id + i * 100000, pos, name, title, mode, state, why, time_limit, on_timeout FROM s0, k;
   INSERT INTO tasks SELECT id + i * 100000, request_id + i * 100000, step_id + i * 100000, round, assignee_id, for_id, state,
     datetime(created_at, (-3 * i) || ' days'), datetime(due_at, (-3 * i) || ' days'), datetime(acted_at, (-3 * i) || ' days'),
     acted_by, opinion, escalated FROM t0, k;
   UPDATE requests SET paid_at = datetime(done_at, '+' || (id % 97) || ' hours') WHERE form = 'expense' AND state = 'done';"
echo "# history: $(q 'SELECT count(*) FROM requests') requests, $(q 'SELECT count(*) FROM tasks') tasks from $(q 'SELECT min(created_at) FROM tasks')"

for rep in "volume" "cycle" "steps" "expenses" "quarterly" "volume --from 2026-10-01 --to 2026-10-31" "steps --to 2026-11-01"; do
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

# A submission made while a long report runs goes in while it runs: the
# report, on a share 20 ms away, lets go of the file between its windows
# (each costs it four round trips); the submission is made once the report
# has begun (its lock calls seen), on the local side of the same file.
printf 'read_slice = 10;\nbusy_wait = 600;\n' > "$TMP/slices.conf"
shimmed 0 "$SHARE" "$AF_BIN" --config "$TMP/whole.conf" --db "$DB" report volume --to 2026-11-27 --csv > "$TMP/whole.csv"
LATSHIM_TRACE=1 shimmed 20000 "$SHARE" "$AF_BIN" --config "$TMP/slices.conf" --db "$DB" \
	report volume --to 2026-11-27 --csv > "$TMP/sliced.csv" 2> "$TMP/trace" &
report_pid=$!
tries=0
while [ "$(grep -c '^latshim' "$TMP/trace" 2>/dev/null)" -lt 12 ] && kill -0 "$report_pid" 2>/dev/null &&
	[ "$tries" -lt 3000 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
before=$(grep -c '^latshim' "$TMP/trace")
"$AF_BIN" --config "$TMP/slices.conf" --db "$DB" --as zhangsan submit express recipient=张三 phone=1 address=北京 weight=7 \
	> "$TMP/submitted" 2>&1
is "a submission during the report: it worked" "$?" 0
kill -0 "$report_pid" 2>/dev/null
_result $? "the submission went in while the report was still reading ($before lock calls into it)"
wait "$report_pid"
is "the report worked" "$?" 0
after=$(grep -c '^latshim' "$TMP/trace")
[ "$after" -gt "$before" ]; _result $? "the report read on after the submission ($after lock calls in all)"
is "the report's answer is the one of a read that held the file" "$(cmp "$TMP/whole.csv" "$TMP/sliced.csv" 2>&1)" ""
is "the submission is there once" "$(q "SELECT count(*) FROM requests WHERE created_at >= '2026-11-28'")" 1

status_is "read_slice out of range is a usage error" 2 sh -c \
	"printf 'read_slice = 5;\n' > '$TMP/bad.conf'; '$AF_BIN' --config '$TMP/bad.conf' --db '$DB' whoami"
done_testing
