#!/bin/sh
# Issue 18's prepared restock and budget setting on the screens, in the
# real terminal (tmux), by keys alone, at 80x24 in English and at 60x20 in
# Chinese (where the zh_CN.UTF-8 locale is installed), each judged by the
# screen and by the database:
# an admin clerk presses B on the supplies tab and sees the prepared
# purchase request (item, quantity, supplier, last price, amount, the
# total); a key other than y goes back with nothing written; y submits one
# procurement request per supplier, as `stock restock --submit` does, and
# shows their numbers; the low-stock notice offers the same from the
# notices. Finance sets a budget from the budget report (e): a bad year,
# a negative or malformed amount and an unknown department are refused in
# place naming the field, with nothing written; then the row shows the new
# figure and the budget and its audit row are there. Someone without the
# permission (an employee; the auditor, who may read the budgets) is
# refused in place with the file unchanged.
. "$srcdir/tests/lib.sh"
TMUX_NEEDS="sqlite3"
. "$srcdir/tests/lib_tmux.sh"
q() { sqlite3 "$DB" "$1"; }
as() { _w=$1; shift; "$AF_BIN" --db "$DB" --as "$_w" "$@"; }
# The file's rows a refusal must leave as they were (each session's
# --as is audited: that row is no change).
dump() { q "SELECT * FROM requests; SELECT * FROM tasks; SELECT * FROM budgets; SELECT * FROM supplies;
	SELECT count(*) FROM audit WHERE action <> 'as'" | sha256sum; }
procurements() { q "SELECT count(*) FROM requests WHERE form = 'procurement'"; }
today=${ADMINFLOW_NOW%% *}
year=${today%%-*}

# A3 paper raised over its stock: low, and the admin staff are told.
as liuyang stock level SP002 130 --reason 旺季备货 >/dev/null
is "the low-stock notice is there to offer the restock" \
	"$(q "SELECT count(*) FROM notices n JOIN employees e ON e.id = n.employee_id WHERE n.kind = 'low_stock' AND e.login IN ('liuyang', 'xulei')")" 2

# restock_journey TAG LOCALE COLS ROWS CLERK
restock_journey() {
	tag=$1 loc="LANG=$2 LC_ALL=$2" w=$3 h=$4 clerk=$5
	s=rs$tag
	before=$(procurements)
	start $s "$clerk" "$w" "$h" "$loc"
	wait_for $s '│ (home|首页)'
	keys $s r
	expect "$tag: the supplies tab" $s '^  SKU +(name|名称)'
	keys $s B
	expect "$tag: B shows the prepared purchase request" $s '^ (total 12,472.40, from 2 suppliers|合计 12,472.40，共 2 家供应商)$'
	like "$tag: an item with what is ordered, from whom, at what price, for how much" "$screen" \
		'^  A3复印纸 \(SP002\) +138包 +上海晨光.* +26.80 +3,698.40$'
	like "$tag: the other supplier's items too" "$screen" '^  硒鼓 \(SP026\) +20个 +上海联想.* +280.00 +5,600.00$'
	like "$tag: the item without a usual supplier is shown, for a person" "$screen" \
		'^ (1 item without a usual supplier or a price: order it by hand|1 项没有常用供应商或价格：请手工订购)$'
	like "$tag: y is offered" "$screen" '^ (y: submit the purchase request|y：提交采购申请)'
	keys $s x
	expect "$tag: another key goes back" $s '^(restock: nothing submitted|补货：未提交任何申请)$'
	like "$tag: to the supplies tab" "$screen" '^  SKU +(name|名称)'
	is "$tag: and nothing was written" "$(procurements)" "$before"

	keys $s B
	expect "$tag: B again" $s '^ (y: submit the purchase request|y：提交采购申请)'
	keys $s y
	expect "$tag: y submits, the numbers said" $s '^(purchase requests submitted|采购申请已提交)：?:? ?CG-[0-9]{8}-[0-9]{4}, CG-[0-9]{8}-[0-9]{4}$'
	is "$tag: two procurement requests, one per supplier" "$(procurements)" $((before + 2))
	n1=$(q "SELECT r.number FROM requests r JOIN employees e ON e.id = r.applicant_id WHERE r.form = 'procurement' AND e.login = '$clerk' AND json_extract(r.data, '\$.supplier') = 'SUP01'")
	like "$tag: the screen lists them by number and supplier" "$screen" "^  $n1 +上海晨光文具有限公司"
	is "$tag: the SUP01 request orders its low items at their last prices" \
		"$(q "SELECT json_extract(data, '\$.lines') || '|' || json_extract(data, '\$.amount') || '|' || state FROM requests WHERE number = '$n1'")" \
		'[{"sku":"SP001","qty":7},{"sku":"SP002","qty":138},{"sku":"SP011","qty":34}]|399240|pending'
	is "$tag: the submissions audited, as the clerk" \
		"$(q "SELECT count(*) FROM audit WHERE action = 'submit' AND object IN (SELECT number FROM requests r JOIN employees e ON e.id = r.applicant_id WHERE r.form = 'procurement' AND e.login = '$clerk')")" 2
	keys $s Enter
	expect "$tag: Enter opens the request" $s "$n1"
	keys $s q
	keys $s q
	wait_for $s '^  SKU +(name|名称)'

	# --- from the notices: Enter on the low-stock notice ---
	keys $s n
	expect "$tag: the notices show the low-stock notice" $s '(low stock|低库存)'
	goto_row $s '(low stock: A3|低库存：A3)'
	keys $s Enter
	expect "$tag: Enter on it shows the prepared purchase request" $s '^ (y: submit the purchase request|y：提交采购申请)'
	keys $s q
	expect "$tag: q goes back, nothing written" $s '^(restock: nothing submitted|补货：未提交任何申请)$'
	is "$tag: no more requests" "$(procurements)" $((before + 2))
	keys $s q
	tm kill-session -t $s

	# --- an employee: refused in place, nothing shown or written ---
	e=re$tag
	was=$(dump)
	start $e zhangsan "$w" "$h" "$loc"
	wait_for $e '│ (home|首页)'
	keys $e r
	expect "$tag: the employee sees the supplies" $e '^  SP002 '
	keys $e B
	expect "$tag: B is refused, in the screen's language" $e \
		'^(stock restock: not permitted for zhangsan \(needs the manage_stock|stock restock：zhangsan 无权操作（需要 manage_stock)'
	is "$tag: nothing changed" "$(dump)" "$was"
	keys $e q
	tm kill-session -t $e
}

# budget_journey TAG LOCALE COLS ROWS FINANCE DEPT CATEGORY AMOUNT SHOWN
budget_journey() {
	tag=$1 loc="LANG=$2 LC_ALL=$2" w=$3 h=$4 fin=$5 dept=$6 cat=$7 amount=$8 shown=$9
	s=bg$tag
	start $s "$fin" "$w" "$h" "$loc"
	wait_for $s '│ (home|首页)'
	keys $s R
	expect "$tag: the reports" $s ' budget$'
	goto_row $s ' budget$'
	keys $s Enter
	expect "$tag: the budget report offers e" $s '(e edit|e 编辑)'
	was=$(dump)
	# a year that is not one
	keys $s e
	expect "$tag: e asks the department" $s '(budget: department code:|预算：部门代码：)'
	text $s "$dept"
	keys $s Enter
	expect "$tag: then the year, this one offered" $s "(budget: year:|预算：年度：) *$year"
	keys $s BSpace BSpace BSpace BSpace
	text $s 20x6
	keys $s Enter
	expect "$tag: a bad year is refused naming it" $s '^(year: not a year \(2000-2999\): 20x6|年度：不是年份（2000-2999）：20x6)$'
	# a negative amount, then a malformed one
	for bad in -5 12,3a; do
		keys $s e
		expect "$tag: e ($bad)" $s '(budget: department code:|预算：部门代码：)'
		text $s "$dept"
		keys $s Enter
		wait_for $s "(budget: year:|预算：年度：) *$year"
		keys $s Enter
		expect "$tag: the category is asked, optional" $s '(budget: category \(empty: the whole department\):|预算：类别（留空：整个部门）：)'
		keys $s Enter
		expect "$tag: then the amount" $s '(budget: amount:|预算：金额：)'
		tm send-keys -t $s -l -- "$bad"
		keys $s Enter
		expect "$tag: $bad is refused naming the amount" $s \
			"^(amount: not an amount of zero or more: $bad|金额：不是零或正数金额：$bad)\$"
	done
	# an unknown department, refused as soon as it is typed
	keys $s e
	expect "$tag: e (unknown department)" $s '(budget: department code:|预算：部门代码：)'
	text $s NOPE
	keys $s Enter
	expect "$tag: an unknown department is refused naming it" $s "^(budget: no department 'NOPE'|预算：没有部门“NOPE”)\$"
	is "$tag: before anything else is asked" "$(printf '%s\n' "$screen" | grep -cE '(budget: year|预算：年度)')" 0
	is "$tag: nothing was written by the refusals" "$(dump)" "$was"

	# the budget set
	keys $s e
	expect "$tag: e" $s '(budget: department code:|预算：部门代码：)'
	text $s "$dept"
	keys $s Enter
	wait_for $s "(budget: year:|预算：年度：) *$year"
	keys $s Enter
	wait_for $s '(budget: category|预算：类别)'
	text $s "$cat"
	keys $s Enter
	wait_for $s '(budget: amount:|预算：金额：)'
	text $s "$amount"
	keys $s Enter
	wait_for $s '(reason:|原因：)'
	text $s "年度预算$tag"
	keys $s Enter
	expect "$tag: done, said on the screen" $s "^(budget|预算) $dept $year $cat(: |：)$shown\$"
	like "$tag: the report shows the new figure" "$screen" "^ $dept +[^ ]+ +$cat +$amount\\.00 +0\\.00 +0\\.00 "
	is "$tag: the budgets row" \
		"$(q "SELECT b.year || '|' || b.category || '|' || b.amount_cents FROM budgets b JOIN departments d ON d.id = b.department_id WHERE d.code = '$dept'")" \
		"$year|$cat|${amount}00"
	is "$tag: one audit row with the reason, as finance" \
		"$(q "SELECT count(*) FROM audit WHERE action = 'budget_set' AND object = '$dept' AND detail = '$year $cat: set $amount.00: 年度预算$tag' AND actor LIKE '%$fin%'")" 1
	keys $s q
	tm kill-session -t $s

	# --- the auditor reads the budgets but may not set one ---
	a=ba$tag
	was=$(dump)
	start $a sunhui "$w" "$h" "$loc"
	wait_for $a '│ (home|首页)'
	keys $a R
	goto_row $a ' budget$'
	keys $a Enter
	expect "$tag: the auditor sees the budget" $a "^ $dept +[^ ]+ +$cat +$amount\\.00"
	keys $a e
	expect "$tag: e is refused, in the screen's language" $a \
		'^(budget set: not permitted for sunhui \(needs the budget|budget set：sunhui 无权操作（需要 budget)'
	is "$tag: nothing was asked" "$(printf '%s\n' "$screen" | grep -cE '(department code|部门代码)')" 0
	is "$tag: nothing changed" "$(dump)" "$was"
	keys $a q
	tm kill-session -t $a
}

restock_journey en C.UTF-8 80 24 liuyang
# A second clerk: what the first ordered is on order, shown as such, and
# y orders none of it again.
before=$(procurements)
start oo huangmin 80 24 "LANG=C.UTF-8 LC_ALL=C.UTF-8"
wait_for oo '│ home'
keys oo r
expect "on order: the supplies tab" oo '^  SKU +name'
keys oo B
expect "on order: B shows A3 paper on order, nothing more to order" oo '^  A3复印纸 \(SP002\) +0包 \(138 on order\)'
like "on order: the total is what is left to order" "$screen" '^ total 0.00, from 0 suppliers$'
keys oo y
expect "on order: y orders nothing" oo '^restock: nothing submitted$'
is "on order: no request more" "$(procurements)" "$before"
tm kill-session -t oo
huangmin_out=$(as huangmin stock restock --submit)
like "on order: the command line says the same two requests are on order" "$huangmin_out" '# 2 of them already on order'
is "on order: still no request more" "$(procurements)" "$before"
# The first clerk's orders turned down: nothing is on order for the next.
for n in $(q "SELECT number FROM requests WHERE form = 'procurement' AND state = 'pending'"); do
	who=$(q "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r
		ON r.id = t.request_id WHERE r.number = '$n' AND t.state = 'pending' LIMIT 1")
	as "$who" reject "$n" -m 重新下单 >/dev/null
done
is "the orders rejected" "$(q "SELECT count(*) FROM requests WHERE form = 'procurement' AND state = 'rejected'")" 2
budget_journey en C.UTF-8 80 24 heqing HR 差旅 12000 12,000.00
ZH=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && ZH=zh_CN.UTF-8
if [ -n "$ZH" ]; then
	restock_journey zh "$ZH" 60 20 xulei
	budget_journey zh "$ZH" 60 20 songjia TECH 培训 8000 8,000.00
else
	_result 0 "zh_CN # SKIP the zh_CN.UTF-8 locale is not installed"
fi
is "integrity" "$(q 'PRAGMA integrity_check')" ok
done_testing
