#!/bin/sh
# The demo company's history (data/history), replayed through the program's
# own commands when the demo database is made: requests in every state,
# pending with each kind of approver, overdue steps, bookings this week, a
# stocktake under way; every action at its time, none after "now", the
# audit chain intact; a broken history line named with its file and line.
. "$srcdir/tests/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 (the command) is not installed"
q() { sqlite3 "$DB" "$1"; }

status_is "--history alone is a usage error" 2 af init --history
ok "init --demo --history makes the demo company with its history" af init --demo --history

is "requests in every state" \
	"$(q "SELECT group_concat(state, ' ') FROM (SELECT DISTINCT state FROM requests ORDER BY state)")" \
	"done pending rejected returned withdrawn"
is "a request returned, corrected and resubmitted: round 2" \
	"$(q "SELECT count(*) FROM requests WHERE round = 2 AND state = 'pending'")" 1
inbox_rows() { af --as "$1" inbox | tail -n +2 | wc -l; }
for who in lisi:department-head liuyang:admin-staff songjia:finance chenzong:general-manager \
	   linna:seal-keeper zhaoliu:venue-keeper guojing:asset-keeper; do
	n=$(inbox_rows "${who%%:*}")
	[ "$n" -gt 0 ]
	_result $? "something waits for the ${who#*:} (${who%%:*}: $n)"
done
like "the department head has overdue steps" "$(af --as lisi inbox)" "${TAB:-	}OVERDUE$"
like "the general manager sees a claim over 5000" "$(af --as chenzong inbox)" '^BX-.*广州展会'
like "the applicant has a returned request to correct" "$(af --as duyang inbox --mine)" 'returned'

is "every action is in the past of the demo's today" \
	"$(q "SELECT count(*) FROM actions WHERE at > '2026-11-28 09:00:00'")" 0
is "the oldest is about three weeks back" "$(q "SELECT min(date(at)) FROM actions")" 2026-11-08
cal=$(af --as zhangsan calendar rooms --from 2026-11-28 --days 7)
like "a confirmed booking on this week's grid" "$cal" '版本发布评审|R301'
is "bookings this week: confirmed and held" \
	"$(q "SELECT group_concat(state, ' ') FROM (SELECT DISTINCT state FROM bookings
	      WHERE starts_at BETWEEN '2026-11-28' AND '2026-12-05' ORDER BY state)")" "confirmed held"
is "a stocktake under way, partly counted" \
	"$(q "SELECT count(*) || ' ' || (SELECT count(*) > 0 FROM stocktake_counts) FROM stocktakes WHERE closed_at IS NULL")" "1 1"
is "an asset handed over by request and given back by request" \
	"$(q "SELECT group_concat(m.kind, ' ') FROM asset_moves m JOIN assets a ON a.id = m.asset_id
	      WHERE a.tag = 'FA-2021-0011' AND m.request_id IS NOT NULL")" "assign return"
like "the demo's assets depreciate: the car by its category's 96 months, down to its salvage" \
	"$(af --as wangwu report depreciation --csv | tr -d '\r' | grep '^FA-2019-0002,')" ',2019-02-18,96,93,221000.00,11050.00,'
is "retention archived what finished over two weeks ago, once, audited" \
	"$(q "SELECT count(*) > 0 FROM requests WHERE archived_at IS NOT NULL") $(q "SELECT count(*) FROM audit WHERE action = 'retention_archive'")" "1 1"
is "supplies were issued from stock" "$(q "SELECT count(*) > 0 FROM stock_moves")" 1
# Each affair of issue 18 has its example: a claim paid, a trip with its
# log, a stock correction, a desk on the space register.
is "finance paid the Shenzhen claim, with the bank's reference" \
	"$(q "SELECT count(*) FROM requests WHERE form = 'expense' AND paid_at IS NOT NULL AND paid_ref = '网银0412'")" 1
like "last week's trip is in the vehicle log: 58 km, its costs" \
	"$(af --as wangwu report vehicle-log --csv | tr -d '\r')" "^V01,沪A12345,[0-9-]+,1,58,6.50,30.00,20.00,56.50,"
is "a stock correction on the shelf, with its reason" \
	"$(q "SELECT count(*) FROM stock_moves WHERE kind = 'adjust' AND quantity * sign = -2")" 1
is "the prepared restock: a purchase request per usual supplier, waiting for the head" \
	"$(q "SELECT count(*) > 0, count(*) = count(DISTINCT json_extract(data, '\$.supplier')), min(state) = max(state) AND min(state) = 'pending'
		FROM requests WHERE form = 'procurement' AND idem_key LIKE 'restock-%'")" "1|1|1"
like "and it is on order now: nothing more to order of A4 paper" \
	"$(af --as liuyang stock restock | grep '	SP001	')" '	[0-9]+	0	[0-9.]+	0.00$'
like "a desk on the space register" "$(af space list | grep '	D3-01	')" '	张三	zhangsan	.*	allocated$'
like "the audit chain is intact" "$(af audit verify)" 'chain intact'

# A history line that the engine refuses stops the making of the database
# and is named with its file and line.
mkdir "$TMP/data"
cp "$DATA"/*.csv "$TMP/data/"
printf '%s\n' '# one good line, one bad' \
	'-1 09:00 zhangsan submit expense lines=meals,30 purpose=午餐 >lunch' \
	'-1 10:00 lisi approve $nosuch' > "$TMP/data/history"
printf 'data_dir = "%s";\nforms_dir = "%s";\n' "$TMP/data" "$FORMS" > "$TMP/bad.conf"
out=$("$AF_BIN" --config "$TMP/bad.conf" --db "$TMP/bad.db" init --demo --history 2>&1); s=$?
is "a bad history line: exit 3" "$s" 3
like "a bad history line: named with file and line" "$out" "data/history:3: \\\$nosuch: no request kept under that name"
printf '%s\n' '-1 09:00 zhangsan submit expense lines=meals,-30 purpose=午餐' > "$TMP/data/history"
out=$("$AF_BIN" --config "$TMP/bad.conf" --db "$TMP/bad2.db" init --demo --history 2>&1); s=$?
is "a line the engine refuses: exit 3" "$s" 3
like "a line the engine refuses: its words" "$out" "data/history:1: field lines: row 1"
done_testing
