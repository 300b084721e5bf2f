#!/bin/sh
# Paying expense claims is finance's action (pay), no longer a side effect
# of the last approval: on the timeline and in the audit trail, in batches
# all-or-nothing, and the report of claims approved and not yet paid.
. "$srcdir/tests/lib.sh"
af_init

dump() { sqlite3 "$DB" "SELECT number, paid_at, paid_ref, paid_by FROM requests; SELECT count(*) FROM actions; SELECT count(*) FROM audit WHERE action = 'pay'" | sha256sum; }
field() { af --as songjia show "$1" | awk -F'\t' -v k="$2" '$1==k{print $2}'; }
claim() { # LOGIN AMOUNT: a claim approved to the end
	_n=$(af --as "$1" submit expense lines=travel,"$2" purpose=出差) || return 1
	for _i in 1 2 3 4; do
		_who=$(sqlite3 "$DB" "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r ON r.id = t.request_id WHERE r.number = '$_n' AND t.state = 'pending' LIMIT 1")
		[ -n "$_who" ] || break
		af --as "$_who" approve "$_n" >/dev/null || return 1
	done
	echo "$_n"
}

b1=$(claim zhangsan 320.00)
b2=$(claim yangfan 6800.00)
b3=$(claim weixin 150.00)
is "approved to the end: done" "$(field "$b1" state)" done
is "but not paid by the approval" "$(sqlite3 "$DB" "SELECT count(*) FROM requests WHERE form = 'expense' AND paid_at IS NOT NULL")" 0

# ---- the report of what is owed ---------------------------------------------------
out=$(af --as songjia report unpaid)
like "the unpaid report lists each done claim with its amount" "$out" "$b2 +费用报销 +杨帆 +MKT +6800.00 +2026-11-28 +0"
like "and their total" "$out" "合计 total +3 +7270.00"
like "its CSV form too" "$(af --as songjia report unpaid --csv)" "$b1,费用报销,张三,MKT,320.00,2026-11-28,0"
status_is "an employee may not read it" 4 af --as zhangsan report unpaid

# ---- pay ------------------------------------------------------------------------------
refused_why "an employee may not pay" 4 "needs the pay permission" af --as zhangsan pay "$b1"
refused_why "the admin manager may not pay either" 4 "needs the pay permission" af --as wangwu pay "$b1"
ok "finance pays one claim, with the bank reference" af --as songjia pay "$b1" --date 2026-11-30 --ref "ICBC 8812"
is "paid on that day" "$(sqlite3 "$DB" "SELECT substr(paid_at, 1, 10), paid_ref FROM requests WHERE number = '$b1'")" "2026-11-30|ICBC 8812"
like "the payment is on the timeline, by whom" "$(af --as zhangsan show "$b1")" "^	宋佳		pay	paid 2026-11-30, ref ICBC 8812	"
is "and in the audit trail" "$(sqlite3 "$DB" "SELECT object, detail FROM audit WHERE action = 'pay'")" "$b1|paid 2026-11-30, ref ICBC 8812"
refused_why "paying twice is refused" 5 "pay: $b1 was already paid on 2026-11-30" af --as songjia pay "$b1"
refused_why "a bad date" 3 "--date '2026-02-30' is not a date" af --as songjia pay "$b2" --date 2026-02-30

# ---- a batch: all or nothing ---------------------------------------------------------
p=$(af --as zhangsan submit expense lines=meals,50 purpose=午餐)
refused_why "a batch with a claim still pending pays none" 5 "pay: $p is pending, not approved to the end" \
	af --as songjia pay "$b2" "$b3" "$p"
r=$(af --as zhangsan submit room_booking subject=会 room=R301 'time=2026-12-01 09:00/10:00' attendees=3)
refused_why "a room booking is not paid" 5 "room_booking is not an affair that is paid" af --as songjia pay "$r"
refused_why "an unknown number" 3 "pay: no request BX-00000000-9999" af --as songjia pay BX-00000000-9999
printf '# 11-30 bank run\n%s\n\n%s\n' "$b2" "$b3" > "$TMP/batch.txt"
ok "a batch from a file pays both" af --as songjia pay --file "$TMP/batch.txt" --ref "批量 2026-11-30"
is "both paid, with the reference" "$(sqlite3 "$DB" "SELECT count(*) FROM requests WHERE number IN ('$b2', '$b3') AND paid_ref = '批量 2026-11-30'")" 2
like "nothing left unpaid" "$(af --as songjia report unpaid)" "^\(none\)$"

# ---- race: two finance clerks pay the same claim ---------------------------------------
b4=$(claim pengli 99.00)
for w in songjia heqing songjia heqing; do
	( af --as "$w" pay "$b4" >/dev/null 2>&1; echo $? >> "$TMP/race.rc" ) &
done
wait
is "four payments of one claim at once: one goes through" "$(grep -c '^0$' "$TMP/race.rc")" 1
is "the others are told it was paid (exit 5)" "$(grep -c '^5$' "$TMP/race.rc")" 3
is "one pay on its timeline" "$(sqlite3 "$DB" "SELECT count(*) FROM actions a JOIN requests r ON r.id = a.request_id WHERE r.number = '$b4' AND a.action = 'pay'")" 1
ok "the audit chain holds" af --as sunhui audit verify
done_testing
