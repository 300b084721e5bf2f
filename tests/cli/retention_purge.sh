#!/bin/sh
# Retention purge (issue 18): archived requests finished before a second,
# longer age are purged -- only after they are exported whole to a file,
# and each purge leaves an audit row naming the request, its form,
# applicant and dates and the SHA-256 of what went (the same as the
# export's row). A purged request is a tombstone: its number, form,
# applicant, state and dates stay, so the registers' rows that name it
# (stock moves here) still read; its data, summary, opinions, notices and
# copies go, and the schema lets nothing write them again.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_retention.sh"
af_init

dump() { q "SELECT * FROM requests; SELECT * FROM actions; SELECT * FROM notices; SELECT id, action, object, detail FROM audit WHERE action <> 'as'" | sha256sum; }

at "2024-03-04 09:00:00"
sup=$(af --as zhangsan submit supplies lines=SP003:2 purpose=旧的领用)
approve_all "$sup" -m 同意
rej=$(af --as zhangsan submit suggestion "topic=停车" "detail=增加车位 身份证 110101199001011234")
rej_by=$(q "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r ON r.id = t.request_id
	WHERE r.number = '$rej' AND t.state = 'pending' LIMIT 1")
af --as "$rej_by" reject "$rej" -m 暂不考虑 >/dev/null
at "2026-11-20 09:00:00"
new=$(af --as zhangsan submit suggestion "topic=会议室" "detail=增加白板")
af --as "$rej_by" reject "$new" -m 不必 >/dev/null
at "2026-11-28 09:00:00"
is "the old requisition is done" "$(q "SELECT state FROM requests WHERE number = '$sup'")" done
moves=$(q "SELECT count(*) FROM stock_moves m JOIN requests r ON r.id = m.request_id WHERE r.number = '$sup'")
ok "it moved stock" test "$moves" -ge 1
ok "everything finished before 2026 archived" mgr retention archive --before 2026-01-01
ok "the recent one too (archived, but not old enough to purge)" mgr retention archive --before 2026-11-28

# ---- refusals ---------------------------------------------------------------------
refused_why "an employee may not purge" 4 "retention" af --as zhangsan retention purge --before 2025-01-01 -o "$TMP/x.csv"
refused_why "no export, no purge" 2 "-o FILE is required" mgr retention purge --before 2025-01-01
refused_why "to standard output is no export kept" 2 "-o FILE is required" mgr retention purge --before 2025-01-01 -o -
refused_why "no age configured and no date" 2 "retention.purge_after_days" mgr retention purge -o "$TMP/x.csv"
printf 'retention = { archive_after_days = 365; purge_after_days = 30; };\n' > "$TMP/bad.conf"
status_is "a purge age under the archive age is refused" 2 af --config "$TMP/bad.conf" --as wangwu retention purge --dry-run
before=$(dump)
refused_why "an export that cannot be written purges nothing" 3 "x.csv" mgr retention purge --before 2025-01-01 -o "$TMP/no/such/dir/x.csv"
is "nothing purged" "$(q "SELECT count(*) FROM requests WHERE purged_at IS NOT NULL")" 0

# ---- the purge ---------------------------------------------------------------------
is "dry run: the two old ones" "$(mgr retention purge --before 2025-01-01 --dry-run)" 2
printf 'retention = { archive_after_days = 365; purge_after_days = 700; };\n' > "$TMP/ret.conf"
is "by the configured age: 2024-03-04 is older than 700 days" \
	"$(af --config "$TMP/ret.conf" --as wangwu retention purge --dry-run)" 2
old_data=$(q "SELECT data FROM requests WHERE number = '$rej'")
is "purged, after the export" "$(mgr retention purge --before 2025-01-01 -o "$TMP/purged.csv")" 2
ok "the export is there" test -s "$TMP/purged.csv"
like "the export has the request whole" "$(grep "^$rej," "$TMP/purged.csv")" "^$rej,suggestion,rejected,zhangsan,.*110101199001011234.*暂不考虑"
is "the tombstone: number, form, applicant, state kept; data and summary gone" \
	"$(q "SELECT r.number, r.form, e.login, r.state, r.data, r.summary, r.purged_at IS NOT NULL FROM requests r JOIN employees e ON e.id = r.applicant_id WHERE r.number = '$rej'")" \
	"$rej|suggestion|zhangsan|rejected|{}||1"
is "opinions gone" "$(q "SELECT count(*) FROM actions a JOIN requests r ON r.id = a.request_id WHERE r.number = '$rej' AND a.opinion <> ''")" 0
is "notices gone" "$(q "SELECT count(*) FROM notices n JOIN requests r ON r.id = n.request_id WHERE r.number IN ('$rej', '$sup')")" 0
is "the timeline's who and when stay" "$(q "SELECT count(*) FROM actions a JOIN requests r ON r.id = a.request_id WHERE r.number = '$rej'")" 2
is "the stock moves still name the requisition" \
	"$(q "SELECT count(*) FROM stock_moves m JOIN requests r ON r.id = m.request_id WHERE r.number = '$sup'")" "$moves"
like "and the stock-moves export says its number" "$(mgr export stock-moves)" "$sup"
is "the recent one is untouched" "$(q "SELECT purged_at IS NULL AND data <> '{}' FROM requests WHERE number = '$new'")" 1
hash=$(grep "^$rej," "$TMP/purged.csv" | tr -d '\r' | awk -F, '{ print $NF }')
like "the audit row: form, applicant, dates, the export's SHA-256" \
	"$(q "SELECT detail FROM audit WHERE action = 'retention_purge' AND object = '$rej'")" \
	"^form suggestion; applicant zhangsan; created 2024-03-04 .*; sha256 $hash$"
ok "show still reads it" mgr show "$rej"
like "the audit chain verifies" "$(af --as wangwu audit verify)" "chain intact"
like "the schema lets nothing write its data again" \
	"$(q "UPDATE requests SET data = '{\"x\":1}' WHERE number = '$rej'" 2>&1)" "purged \(retention\)"
is "a second purge finds none" "$(mgr retention purge --before 2025-01-01 -o "$TMP/again.csv")" 0
ok "no file for nothing" test ! -e "$TMP/again.csv"

# ---- two purges at once: each request purged once, with one audit row ----------------
at "2024-05-06 09:00:00"
for i in 1 2 3 4 5 6; do
	r=$(af --as lisi submit suggestion "topic=旧建议$i" "detail=内容$i")
	af --as "$rej_by" reject "$r" -m 不 >/dev/null
done
at "2026-11-28 09:00:00"
mgr retention archive --before 2025-01-01 >/dev/null
mgr retention purge --before 2025-01-01 -o "$TMP/p1.csv" > "$TMP/n1" 2>&1 &
p1=$!
mgr retention purge --before 2025-01-01 -o "$TMP/p2.csv" > "$TMP/n2" 2>&1 &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
is "both ran" "$s1 $s2" "0 0"
is "six purged between them, none twice" "$(( $(cat "$TMP/n1") + $(cat "$TMP/n2") ))" 6
is "one audit row a request" "$(q "SELECT count(*), count(DISTINCT object) FROM audit WHERE action = 'retention_purge'")" "8|8"
like "the chain verifies" "$(af --as wangwu audit verify)" "chain intact"
done_testing
