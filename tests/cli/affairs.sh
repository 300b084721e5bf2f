#!/bin/sh
# The affairs end to end through the command line, with the demo company:
# each effect, each refusal (exit 5, nothing changed), and races between
# processes for one room slot and for the last units of a supply.
. "$srcdir/tests/lib.sh"
af_init

state() { af show "$1" | awk -F'\t' '$1=="state"{print $2}'; }
dump() { sqlite3 "$DB" "SELECT * FROM bookings; SELECT * FROM supplies; SELECT * FROM requests; SELECT * FROM tasks; SELECT * FROM stock_moves; SELECT * FROM assets; SELECT * FROM space_allocations" | sha256sum; }

# ---- meeting-room booking: held on submit, confirmed when done ----------
n1=$(af --as zhangsan submit room_booking subject=周会 room=R301 'time=2026-12-01 09:00/10:00' attendees=5 equipment=白板)
is "room booking submitted" "$?" 0
is "the slot is held while pending" "$(sqlite3 "$DB" "SELECT state FROM bookings WHERE request_id = (SELECT id FROM requests WHERE number = '$n1')")" held
like "calendar shows it pending" "$(af --as lisi calendar rooms --from 2026-12-01 | grep '^R301')" '^R301 +\.\.PP\.\.'
before=$(dump)
out=$(af --as wangwu submit room_booking subject=冲突 room=R301 'time=2026-12-01 09:30/11:00' attendees=3 2>&1); s=$?
is "an overlapping booking exits 5" "$s" 5
like "the refusal names who has the slot" "$out" "R301: 2026-12-01 09:30:00–11:00:00 is already booked by $n1"
is "nothing changed by the refused booking" "$(dump)" "$before"
status_is "too many people for the room exits 3" 3 af --as wangwu submit room_booking subject=大会 room=R301 'time=2026-12-02 09:00/10:00' attendees=500
like "capacity named" "$(af --as wangwu submit room_booking subject=大会 room=R301 'time=2026-12-02 09:00/10:00' attendees=500 2>&1)" "do not fit room R301"
status_is "equipment the room lacks exits 3" 3 af --as wangwu submit room_booking subject=视频 room=R201 'time=2026-12-02 09:00/10:00' attendees=2 equipment=LED大屏
ok "head approves" af --as lisi approve "$n1"
ok "admin approves" af --as liuyang approve "$n1"
ok "venue keeper confirms" af --as zhaoliu approve "$n1"
is "done" "$(state "$n1")" done
is "the booking is confirmed" "$(sqlite3 "$DB" "SELECT state FROM bookings WHERE request_id = (SELECT id FROM requests WHERE number = '$n1')")" confirmed
like "calendar shows it booked" "$(af --as lisi calendar rooms --from 2026-12-01 | grep '^R301')" '^R301 +\.\.BB\.\.'
like "calendar shows the applicant's own as mine" "$(af --as zhangsan calendar rooms --from 2026-12-01 | grep '^R301')" '^R301 +\.\.MM\.\.'
# The full-screen calendar names the request under the cursor (read for that
# cell alone): to 2026-12-01, down to R301, right to 09:00.
row=$(( $(af --as lisi calendar rooms --from 2026-12-01 | grep -n '^R301 ' | cut -d: -f1) - 2 ))
{ echo "key L"; echo "key PgDn"; echo "key PgDn"; echo "key PgDn"
  i=0; while [ $i -lt $row ]; do echo "key Down"; i=$((i + 1)); done
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do echo "key Left"; done
  echo "key Right"; echo "key Right"; echo dump; echo "key Right"; echo "key Right"; echo dump; } > "$TMP/cal.keys"
ADMINFLOW_TUI_SCRIPT="$TMP/cal.keys" ADMINFLOW_TUI_DUMP="$TMP/cal.out" TERM=xterm-256color COLUMNS=80 LINES=60 \
	af --as zhangsan >/dev/null 2>&1
like "the cell under the cursor names its request" "$(sed -n '/screen 1/,/screen 2/p' "$TMP/cal.out")" "^12-01 09:00-09:30 $n1"
like "a free cell says free" "$(sed -n '/screen 2/,$p' "$TMP/cal.out")" "^12-01 10:00-10:30 free"
# Withdrawing a pending booking frees its slot.
n2=$(af --as wangwu submit room_booking subject=培训 room=R501 'time=2026-12-03 14:00/16:00' attendees=10)
ok "withdraw the pending booking" af --as wangwu withdraw "$n2"
is "its slot is free again" "$(sqlite3 "$DB" "SELECT count(*) FROM bookings WHERE state <> 'cancelled' AND resource_id = (SELECT id FROM rooms WHERE code = 'R501')")" 0
# Repeating: every occurrence is held, and a taken one refuses the series,
# listing the taken dates (affairs_series.sh: leaving them out).
n3=$(af --as wangwu submit room_booking subject=例会 room=R402 'time=2026-12-07 10:00/11:00' attendees=4 repeat=weekly until=2026-12-28)
is "a weekly series holds four slots" "$(sqlite3 "$DB" "SELECT count(*) FROM bookings WHERE request_id = (SELECT id FROM requests WHERE number = '$n3')")" 4
out=$(af --as zhangsan submit room_booking subject=撞期 room=R402 'time=2026-12-01 10:00/11:00' attendees=4 repeat=daily until=2026-12-14 2>&1); s=$?
is "a series with a taken occurrence exits 3" "$s" 3
like "it lists the taken day, its times and who has it" "$out" "^2026-12-07	10:00–11:00	$n3$"
# The trigger holds even for a hand-written insert.
out=$(sqlite3 "$DB" "INSERT INTO bookings(resource, resource_id, booked_by, starts_at, ends_at, state) SELECT 'room', id, 1, '2026-12-01 09:15:00', '2026-12-01 09:45:00', 'held' FROM rooms WHERE code = 'R301'" 2>&1)
like "the schema refuses an overlap written by hand" "$out" "conflict: the time slot is already booked"

# ---- vehicle dispatch ----------------------------------------------------
v1=$(af --as zhangsan submit vehicle vehicle=V01 'time=2026-12-02 08:00/12:00' destination=浦东机场 passengers=3 purpose=接客户)
ok "vehicle request submitted" test -n "$v1"
status_is "the same car at an overlapping time exits 5" 5 af --as wangwu submit vehicle vehicle=V01 'time=2026-12-02 11:00/13:00' destination=虹桥 passengers=1 purpose=送文件
ok "another car is free" af --as wangwu submit vehicle vehicle=V02 'time=2026-12-02 11:00/13:00' destination=虹桥 passengers=1 purpose=送文件

# ---- office supplies: reserve on approval, issue on hand-out -------------
sqlite3 "$DB" "UPDATE supplies SET on_hand = 3, reorder_level = 1 WHERE sku = 'SP001'"
s1=$(af --as zhangsan submit supplies lines=SP001:2 purpose=打印合同)
s2=$(af --as wangwu submit supplies lines=SP001:2 purpose=打印通知)
ok "s1: head approves" af --as lisi approve "$s1"
ok "s1: admin approves, reserving" af --as liuyang approve "$s1"
is "two reserved" "$(sqlite3 "$DB" "SELECT on_hand || '/' || reserved FROM supplies WHERE sku = 'SP001'")" "3/2"
ok "s2: head approves" af --as chenzong approve "$s2"
before=$(dump)
out=$(af --as liuyang approve "$s2" 2>&1); s=$?
is "the second requisition's approval exits 5" "$s" 5
like "it says what is left" "$out" "stock short: A4复印纸 \(SP001\): 2 asked, 1 available"
is "nothing changed by the refused approval" "$(dump)" "$before"
ok "hand-out issues the stock" af --as liuyang stock issue "$s1"
is "issued" "$(sqlite3 "$DB" "SELECT on_hand || '/' || reserved FROM supplies WHERE sku = 'SP001'")" "1/0"
is "at the reorder level the admin staff are told" "$(sqlite3 "$DB" "SELECT count(*) FROM notices WHERE kind = 'low_stock'")" 3
status_is "issuing twice is refused" 5 af --as liuyang stock issue "$s1"
ok "a return puts one back" af --as liuyang stock return "$s1" SP001 1
is "returned" "$(sqlite3 "$DB" "SELECT on_hand FROM supplies WHERE sku = 'SP001'")" 2
status_is "returning more than was issued exits 5" 5 af --as liuyang stock return "$s1" SP001 5
status_is "an employee may not hand out stock" 4 af --as zhangsan stock issue "$s1"
out=$(sqlite3 "$DB" "UPDATE supplies SET on_hand = -1 WHERE sku = 'SP001'" 2>&1)
like "the schema refuses negative stock" "$out" "CHECK constraint failed"

# ---- equipment repair: the asset's status follows ------------------------
tag=$(sqlite3 "$DB" "SELECT tag FROM assets WHERE status = 'in_use' ORDER BY tag LIMIT 1")
r1=$(af --as zhangsan submit repair asset="$tag" fault=无法开机)
is "under repair while the request runs" "$(sqlite3 "$DB" "SELECT status FROM assets WHERE tag = '$tag'")" in_repair
status_is "a second repair of it exits 5" 5 af --as zhangsan submit repair asset="$tag" fault=又坏了
ok "accepted" af --as liuyang approve "$r1" repairer=guojing
ok "written off by the asset keeper" af --as guojing approve "$r1" outcome=write_off cost=0
is "the asset is retired" "$(sqlite3 "$DB" "SELECT status FROM assets WHERE tag = '$tag'")" retired
tag2=$(sqlite3 "$DB" "SELECT tag FROM assets WHERE status = 'in_use' ORDER BY tag LIMIT 1 OFFSET 1")
r2=$(af --as zhangsan submit repair asset="$tag2" fault=屏幕闪烁)
ok "a rejected repair" af --as liuyang reject "$r2" -m 不需要维修
is "puts the asset back in use" "$(sqlite3 "$DB" "SELECT status FROM assets WHERE tag = '$tag2'")" in_use
status_is "a retired asset cannot be repaired" 5 af --as zhangsan submit repair asset="$tag" fault=再修

# ---- seal use writes the register ----------------------------------------
y1=$(af --as zhangsan submit seal seal=SEAL02 document=销售合同 copies=2 witness=lisi)
ok "seal: head" af --as lisi approve "$y1"
ok "seal: the keeper confirms the use" af --as linna approve "$y1"
is "one line in the seal register" "$(sqlite3 "$DB" "SELECT s.code || ' ' || u.document || ' ' || u.copies || ' ' || w.login || ' ' || k.login FROM seal_uses u JOIN seals s ON s.id = u.seal_id JOIN employees w ON w.id = u.witness_id JOIN employees k ON k.id = u.confirmed_by")" "SEAL02 销售合同 2 lisi linna"

# ---- office space: no double allocation ---------------------------------
k1=$(af --as zhangsan submit space space=D3-01 assignee=zhangsan start=2026-12-01 reason=新工位)
before=$(dump)
af --as huangmin submit space space=D3-01 assignee=huangmin start=2026-12-15 reason=调整 >/dev/null 2>&1; s=$?
is "a double allocation is refused when submitted (exit 5)" "$s" 5
is "nothing changed by it" "$(dump)" "$before"
approve_all "$k1"
is "space: allocated" "$(state "$k1")" done
is "space: the allocation is recorded" "$(sqlite3 "$DB" "SELECT s.code || ' ' || e.login || ' ' || a.starts_on FROM space_allocations a JOIN spaces s ON s.id = a.space_id JOIN employees e ON e.id = a.employee_id")" "D3-01 zhangsan 2026-12-01"

# ---- licences: a renewal moves the expiry date ---------------------------
z1=$(af --as liuyang submit licence licence=ICP备案 number=沪ICP备12345678号 expires=2027-12-10)
approve_all "$z1"
is "licence renewed" "$(sqlite3 "$DB" "SELECT expires_on FROM licences WHERE name = 'ICP备案'")" 2027-12-10

# ---- expenses: finance pays it when done; the cycle is kept -----------------
b1=$(ADMINFLOW_NOW="2026-11-28 09:00:00" af --as zhangsan submit expense lines=travel,320.00 purpose=出租车)
ADMINFLOW_NOW="2026-11-29 10:00:00" approve_all "$b1"
ADMINFLOW_NOW="2026-11-29 10:00:00" af --as songjia pay "$b1" >/dev/null
is "paid when finance pays it" "$(sqlite3 "$DB" "SELECT paid_at FROM requests WHERE number = '$b1'")" "2026-11-29 10:00:00"

# ---- cancelling a confirmed booking frees its slot -------------------------
status_is "an employee cannot cancel" 4 af --as zhangsan cancel "$n1" -m 不开了
ok "the admin manager cancels the confirmed booking" af --as wangwu cancel "$n1" -m 会议取消
is "the slot is free" "$(sqlite3 "$DB" "SELECT count(*) FROM bookings WHERE state <> 'cancelled' AND request_id = (SELECT id FROM requests WHERE number = '$n1')")" 0
status_is "a done expense cannot be cancelled" 5 af --as wangwu cancel "$b1" -m 撤销

# ---- races: 50 processes for one room slot, 50 for the last units ----------
logins=$(sqlite3 "$DB" "SELECT login FROM employees WHERE login NOT IN ('zhaoliu') ORDER BY login LIMIT 50")
i=0
for who in $logins; do
	i=$((i + 1))
	( af --as "$who" submit room_booking subject=抢会议室$i room=R602 'time=2026-12-10 14:00/15:00' attendees=2 >/dev/null 2>"$TMP/race.$i.err"; echo $? > "$TMP/race.$i.rc" ) &
done
wait
wins=$(cat "$TMP"/race.*.rc | grep -c '^0$'); conflicts=$(cat "$TMP"/race.*.rc | grep -c '^5$')
is "one room slot, 50 racers: exactly one wins" "$wins" 1
is "the other 49 are told it is taken (exit 5)" "$conflicts" 49
is "one booking in the slot" "$(sqlite3 "$DB" "SELECT count(*) FROM bookings b JOIN rooms r ON r.id = b.resource_id WHERE r.code = 'R602' AND b.state <> 'cancelled'")" 1
sqlite3 "$DB" "UPDATE supplies SET on_hand = 10, reserved = 0 WHERE sku = 'SP002'"
nums=""
for i in $(seq 1 50); do
	nums="$nums $(af --as zhangsan submit supplies lines=SP002:1 purpose=抢纸$i)"
done
for n in $nums; do af --as lisi approve "$n" >/dev/null; done
i=0
for n in $nums; do
	i=$((i + 1))
	( af --as liuyang approve "$n" >/dev/null 2>&1; echo $? > "$TMP/stock.$i.rc" ) &
done
wait
is "last 10 units, 50 approvals at once: exactly 10 get them" "$(cat "$TMP"/stock.*.rc | grep -c '^0$')" 10
is "the other 40 are told the stock is short (exit 5)" "$(cat "$TMP"/stock.*.rc | grep -c '^5$')" 40
is "reserved equals what was there" "$(sqlite3 "$DB" "SELECT on_hand || '/' || reserved FROM supplies WHERE sku = 'SP002'")" "10/10"
is "the moves agree with the totals" "$(sqlite3 "$DB" "SELECT sum(quantity) FROM stock_moves m JOIN supplies p ON p.id = m.supply_id WHERE p.sku = 'SP002' AND kind = 'reserve'")" 10
is "integrity after the races" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok

# ---- meetings: invitees told, minutes archived and visible to them --------
m1=$(af --as zhangsan submit meeting topic=季度复盘 agenda='1. 回顾
2. 计划' room=R601 'time=2026-12-04 14:00/16:00' attendees=8 invitees=lisi,wangwu,huangmin)
status_is "an unknown invitee is refused (exit 3)" 3 af --as zhangsan submit meeting topic=x agenda=y room=R601 'time=2026-12-05 14:00/15:00' invitees=lisi,nosuchlogin
approve_all "$m1"
is "meeting done" "$(state "$m1")" done
is "invitees are told" "$(sqlite3 "$DB" "SELECT count(*) FROM notices WHERE kind = 'meeting' AND request_id = (SELECT id FROM requests WHERE number = '$m1')")" 3
ok "the organiser files the minutes" af --as zhangsan minutes "$m1" -m '决定: 下季度预算增加10%'
like "an invitee reads them" "$(af --as huangmin show "$m1" | grep '^minutes')" "决定: 下季度预算增加10%"
status_is "someone not invited does not see the meeting" 4 af --as chengli show "$m1"
status_is "an invitee may not rewrite the minutes" 4 af --as lisi minutes "$m1" -m 篡改
status_is "minutes of a meeting not yet held are refused" 5 af --as zhangsan minutes "$(af --as zhangsan submit meeting topic=y agenda=z room=R602 'time=2026-12-11 09:00/10:00')" -m 早了
status_is "minutes only for a form that serves them (serves = [\"minutes\"])" 3 af --as zhangsan minutes "$v1" -m 不是会议

# ---- vehicle trips: odometer out and in, costs ------------------------------
approve_all "$v1"
ok "the car goes out" af --as maqiang trip out "$v1" --odometer 12000 --driver hujun
status_is "not twice" 5 af --as maqiang trip out "$v1" --odometer 12000
status_is "back with less on the clock is refused (exit 3)" 3 af --as maqiang trip in "$v1" --odometer 11999
ok "the car comes back with fuel and tolls" af --as maqiang trip in "$v1" --odometer 12085 --fuel 120.50 --tolls 35
is "trip recorded" "$(sqlite3 "$DB" "SELECT (b.odometer_in - b.odometer_out) || ' ' || c.fuel_cents || ' ' || c.tolls_cents || ' ' || e.login FROM bookings b JOIN trip_costs c ON c.booking_id = b.id JOIN employees e ON e.id = b.driver_id")" "85 12050 3500 hujun"
status_is "an employee may not log trips" 4 af --as zhangsan trip in "$v1" --odometer 13000

# ---- procurement: three quotes above 10,000; goods received into stock ------
out=$(af --as zhangsan submit procurement supplier=SUP01 items=笔记本电脑 amount=18000 2>&1); s=$?
is "above 10,000 without other quotes: exit 3" "$s" 3
like "it names the missing quote" "$out" "field quote2_supplier: required when amount > 10000"
p1=$(af --as zhangsan submit procurement supplier=SUP01 items=打印纸 lines=SP003:50 amount=800)
approve_all "$p1"
before_hand=$(sqlite3 "$DB" "SELECT on_hand FROM supplies WHERE sku = 'SP003'")
ok "the goods arrive" af --as liuyang stock receive "$p1"
is "they are on the shelf" "$(sqlite3 "$DB" "SELECT on_hand FROM supplies WHERE sku = 'SP003'")" "$((before_hand + 50))"
status_is "not received twice" 5 af --as liuyang stock receive "$p1"
ok "with three quotes it goes in" af --as zhangsan submit procurement supplier=SUP01 items=服务器 amount=18000 quote2_supplier=SUP02 quote2=18800 quote3_supplier=SUP03 quote3=19500

# ---- printing: routine jobs skip the department head ------------------------
w1=$(af --as zhangsan submit printing document=会议材料 pages=20 copies=10 colour=bw binding=staple 'deadline=2026-11-30 17:00' 2>&1)
is "a routine job goes straight to the print room" "$(sqlite3 "$DB" "SELECT group_concat(s.name || ':' || s.state) FROM steps s JOIN requests r ON r.id = s.request_id WHERE r.number = '$w1'")" "head:skipped,print:active"

# ---- the suggestion box ------------------------------------------------------
g1=$(af --as zhangsan submit suggestion kind=new_affair topic=访客登记 'detail=希望增加访客预约登记')
ok "the admin manager answers it" af --as wangwu approve "$g1" -m 已列入下季度计划
is "and it is closed" "$(state "$g1")" done

# ---- a new affair added as a file, with the built binary -------------------
mkdir -p "$TMP/forms"
cp "$FORMS"/*.conf "$TMP/forms/"
cat > "$TMP/forms/visitor.conf" <<'FORM'
form = {
  id = "visitor";
  title = "访客登记";
  prefix = "FK";
  fields = (
    { name = "topic"; label = "主题"; type = "text"; required = true; max_length = 100; },
    { name = "detail"; label = "内容"; type = "longtext"; required = true; }
  );
  steps = ( { name = "answer"; title = "行政经理答复"; approvers = ["role:admin_manager"]; } );
  effects = ["notify", "archive"];
};
FORM
printf 'forms_dir = "%s/forms";\n' "$TMP" > "$TMP/extra.conf"
j=$("$AF_BIN" --config "$TMP/extra.conf" --db "$DB" --as zhangsan submit visitor topic=客户来访 'detail=明天10点 3人')
like "the new affair is submitted" "$j" "^FK-20261128-0001$"
ok "and answered" "$AF_BIN" --config "$TMP/extra.conf" --db "$DB" --as wangwu approve "$j" -m 已安排
is "and done, with no rebuild" "$("$AF_BIN" --config "$TMP/extra.conf" --db "$DB" show "$j" | awk -F'\t' '$1=="state"{print $2}')" done
done_testing
