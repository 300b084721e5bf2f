#!/bin/sh
# Stock corrected by hand (stock adjust / stock level): a movement and an
# audit row in one transaction, shown in the register, refused whole when
# not permitted or short; two clerks taking the last units at once; the
# low-stock notice's prepared purchase request (stock restock).
. "$srcdir/tests/lib.sh"
af_init

dump() { sqlite3 "$DB" "SELECT * FROM supplies; SELECT * FROM stock_moves; SELECT count(*) FROM audit WHERE action LIKE 'stock%'; SELECT * FROM notices" | sha256sum; }
on_hand() { sqlite3 "$DB" "SELECT on_hand FROM supplies WHERE sku = '$1'"; }

# ---- adjust ---------------------------------------------------------------
ok "an admin clerk takes two damaged packs off" af --as liuyang stock adjust SP002 -2 --reason "盘点损耗 2包受潮"
is "on hand goes down by two" "$(on_hand SP002)" 120
is "one adjust move, signed, with the reason" \
	"$(sqlite3 "$DB" "SELECT kind, sign * quantity, note FROM stock_moves WHERE supply_id = (SELECT id FROM supplies WHERE sku = 'SP002')")" \
	"adjust|-2|盘点损耗 2包受潮"
is "one audit row names the change and the reason" \
	"$(sqlite3 "$DB" "SELECT actor, object, detail FROM audit WHERE action = 'stock_adjust'")" \
	"$(printf "%s (as liuyang)|SP002|-2 (122 -> 120): 盘点损耗 2包受潮" "$(id -un)")"
ok "found stock goes back on" af --as liuyang stock adjust SP002 +5 --reason 找到一箱
is "on hand goes up" "$(on_hand SP002)" 125
like "the register shows the latest correction" "$(af --as zhangsan stock list | grep '^SP002')" \
	"^SP002	A3复印纸	125包	0	20	行政库房A	SUP01	2026-11-28 \+5 找到一箱$"
like "the stock-moves export carries the sign" "$(af --as liuyang export stock-moves --from 2026-11-01 --to 2026-11-30)" \
	",SP002,A3复印纸,adjust,-2,,,liuyang,盘点损耗 2包受潮"
refused_why "an employee may not adjust" 4 "manage_stock" af --as zhangsan stock adjust SP002 -1 --reason x
refused_why "no reason, no adjustment" 2 "--reason TEXT is required" af --as liuyang stock adjust SP002 -1
refused_why "an unsigned change is refused" 3 "'3' is not \+N or -N" af --as liuyang stock adjust SP002 3 --reason x
refused_why "an unknown SKU is named" 3 "no supply with SKU 'NOPE'" af --as liuyang stock adjust NOPE -1 --reason x
refused_why "more than is there exits 5" 5 "SP002 has 125 on hand, 0 of them reserved: cannot take 500" \
	af --as liuyang stock adjust SP002 -500 --reason x
# Reserved stock is promised to an approved requisition: not adjustable away.
s1=$(af --as zhangsan submit supplies lines=SP003:80 purpose=活动)
af --as lisi approve "$s1" >/dev/null && af --as liuyang approve "$s1" >/dev/null
refused_why "reserved units cannot be adjusted away" 5 "SP003 has 81 on hand, 80 of them reserved: cannot take 2" \
	af --as liuyang stock adjust SP003 -2 --reason 损坏

# ---- the reorder level ------------------------------------------------------
ok "the reorder level is set the same way" af --as liuyang stock level SP002 130 --reason 旺季备货
is "the level is stored" "$(sqlite3 "$DB" "SELECT reorder_level FROM supplies WHERE sku = 'SP002'")" 130
is "and audited with the old and new level" "$(sqlite3 "$DB" "SELECT detail FROM audit WHERE action = 'stock_level'")" \
	"reorder level 20 -> 130: 旺季备货"
like "raising it over the stock tells the admin staff, offering the restock" \
	"$(sqlite3 "$DB" "SELECT text FROM notices WHERE kind = 'low_stock' AND employee_id = (SELECT id FROM employees WHERE login = 'huangmin')")" \
	"A3复印纸 \(SP002\): 125包 left, reorder level 130; adminflow stock restock prepares the purchase request"
refused_why "a negative level is refused" 3 "not a whole number" af --as liuyang stock level SP002 -1 --reason x

# ---- race: two clerks take the last three units ------------------------------
sqlite3 "$DB" "UPDATE supplies SET on_hand = 3, reserved = 0 WHERE sku = 'SP010'"
for i in 1 2 3 4 5 6; do
	( af --as liuyang stock adjust SP010 -2 --reason "race $i" >/dev/null 2>"$TMP/adj.$i.err"; echo $? > "$TMP/adj.$i.rc" ) &
done
wait
is "six clerks, three units, -2 each: one wins" "$(cat "$TMP"/adj.*.rc | grep -c '^0$')" 1
is "the others exit 5" "$(cat "$TMP"/adj.*.rc | grep -c '^5$')" 5
is "one unit left" "$(on_hand SP010)" 1
is "one move for the one winner" "$(sqlite3 "$DB" "SELECT count(*) FROM stock_moves m JOIN supplies p ON p.id = m.supply_id WHERE p.sku = 'SP010'")" 1
is "one audit row for it" "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'stock_adjust' AND object = 'SP010'")" 1

# ---- the prepared purchase request --------------------------------------------
out=$(af --as liuyang stock restock)
like "restock lists a low item with supplier, order and last price" "$out" \
	"^SUP01	上海晨光文具有限公司	SP001	A4复印纸	包	3	0	5	0	7	25.00	175.00$"
like "an item without a usual supplier is listed too" "$out" "^		SP034	纸杯"
status_is "an employee may not prepare one" 4 af --as zhangsan stock restock
out=$(af --as liuyang stock restock --submit); s=$?
is "submitting it exits 0" "$s" 0
is "one request per supplier" "$(printf '%s\n' "$out" | grep -c '^CG-')" 2
like "the item without a supplier is left for a person" "$out" "1 item\(s\) without a usual supplier"
n=$(printf '%s\n' "$out" | awk -F'\t' '$2=="SUP01"{print $1}')
is "the SUP01 request orders its low items at their last prices" \
	"$(sqlite3 "$DB" "SELECT json_extract(data, '\$.supplier'), json_extract(data, '\$.lines'), json_extract(data, '\$.amount') FROM requests WHERE number = '$n'")" \
	'SUP01|[{"sku":"SP001","qty":7},{"sku":"SP002","qty":135},{"sku":"SP010","qty":19},{"sku":"SP011","qty":34}]|442500'
is "it waits for the department head like any purchase" "$(af --as liuyang show "$n" | awk -F'\t' '$1=="state"{print $2}')" pending
again=$(af --as liuyang stock restock --submit)
is "run again, it finds the same requests, on order" "$again" "$(printf '%s\n' "$out" | grep -v '^#')
# 1 item(s) without a usual supplier or a price: order them by hand
# 2 of them already on order, not received yet: nothing ordered twice"
is "and orders nothing twice" "$(sqlite3 "$DB" "SELECT count(*) FROM requests WHERE form = 'procurement'")" 2
# Another clerk, the next day: what the first ordered is on order, not
# ordered again (the key is per clerk and day; the rule is what is open).
like "the list says what is on order and orders none of it" \
	"$(ADMINFLOW_NOW="$(sqlite3 "$DB" "SELECT datetime('now', '+1 day')")" af --as huangmin stock restock | grep '^SUP01	.*	SP001	')" \
	"	3	0	5	7	0	25.00	0.00$"
other=$(ADMINFLOW_NOW="$(sqlite3 "$DB" "SELECT datetime('now', '+1 day')")" af --as huangmin stock restock --submit)
is "the other clerk is told the same two requests" "$(printf '%s\n' "$other" | grep -v '^#')" \
	"$(printf '%s\n' "$out" | grep -v '^#')"
is "still two purchase requests" "$(sqlite3 "$DB" "SELECT count(*) FROM requests WHERE form = 'procurement'")" 2
# Stock used up further: only the part not yet on order is ordered.
af --as liuyang stock adjust SP001 -3 --reason 破损 >/dev/null
like "SP001 at 0: the two more it needs, past the 7 on order" \
	"$(af --as liuyang stock restock | grep '^SUP01	.*	SP001	')" "	0	0	5	7	3	25.00	75.00$"
# A rejected order is no longer on order.
head=$(sqlite3 "$DB" "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r
	ON r.id = t.request_id WHERE r.number = '$n' AND t.state = 'pending' LIMIT 1")
af --as "$head" reject "$n" -m 不采购 >/dev/null
like "the SUP01 order rejected: SP001 wants its 10 again" \
	"$(af --as liuyang stock restock | grep '^SUP01	.*	SP001	')" "	0	0	5	0	10	25.00	250.00$"
# Three clerks at once, nothing on order: each may read "nothing on order"
# before any commits, yet one request per supplier is made (the key is
# what is ordered, not who orders it), and each clerk is told the same.
for n in $(sqlite3 "$DB" "SELECT number FROM requests WHERE form = 'procurement' AND state = 'pending'"); do
	head=$(sqlite3 "$DB" "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r
		ON r.id = t.request_id WHERE r.number = '$n' AND t.state = 'pending' LIMIT 1")
	af --as "$head" reject "$n" -m 重来 >/dev/null
done
open_orders() { sqlite3 "$DB" "SELECT count(*) FROM requests WHERE form = 'procurement' AND state = 'pending'"; }
is "nothing on order before the race" "$(open_orders)" 0
for who in liuyang huangmin xulei; do
	( af --as "$who" stock restock --submit > "$TMP/rs.$who.out" 2>"$TMP/rs.$who.err"; echo $? > "$TMP/rs.$who.rc" ) &
done
wait
is "the three clerks all succeed" "$(cat "$TMP"/rs.*.rc | tr -d '\n')" 000
is "one open request per supplier, none doubled" "$(open_orders)" 2
is "each open order's lines are ordered once" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM (SELECT json_extract(l.value, '\$.sku') FROM requests r, json_each(r.data, '\$.lines') l
		WHERE r.form = 'procurement' AND r.state = 'pending' GROUP BY 1 HAVING count(*) > 1)")" 0
is "each clerk is told the same two requests" \
	"$(for who in liuyang huangmin xulei; do grep '^CG-' "$TMP/rs.$who.out" | sort | tr '\n' ' '; echo; done | sort -u | wc -l)" 1
is "integrity" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
done_testing
