#!/bin/sh
# Issue 18: finance pays a done claim from the request screen, in the real
# terminal (tmux), at 80x24 in English and at 60x20 in Chinese (where the
# zh_CN.UTF-8 locale is installed): the pay key asks the bank reference and
# the day (today by default), the database has who paid, when and with what
# reference, and an audit row, and the timeline shows the payment; paying
# it again is refused in place with the domain's words in the screen's
# language; an employee is offered no pay key and is refused in place.
# From the unpaid claims report finance marks two claims and pays them
# with one reference; the general manager, who may read that report, is
# offered no pay key there and is refused paying. The reference pasted
# lands in the prompt, never as Enter; a connection dropped at the prompt
# pays nothing and the program ends.
. "$srcdir/tests/lib.sh"
TMUX_NEEDS="sqlite3"
. "$srcdir/tests/lib_tmux.sh"
q() { sqlite3 "$DB" "$1"; }
as() { _w=$1; shift; "$AF_BIN" --db "$DB" --as "$_w" "$@"; }
claim() { # LOGIN AMOUNT: a claim approved to the end
	_n=$(as "$1" submit expense lines=travel,"$2" purpose=出差) || return 1
	for _i in 1 2 3 4; do
		_who=$(q "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r ON r.id = t.request_id WHERE r.number = '$_n' AND t.state = 'pending' LIMIT 1")
		[ -n "$_who" ] || break
		as "$_who" approve "$_n" >/dev/null || return 1
	done
	echo "$_n"
}

# denied LOGIN: the domain's refusal of one without the pay permission, in
# the language of the journey's screen.
denied() {
	if [ "$tag" = zh ]; then echo "付款：$1 无权操作（需要 pay 权限）"
	else echo "pay: not permitted for $1 \\(needs the pay permission\\)"; fi
}

# pay_journey TAG LOCALE COLS ROWS FINANCE APPLICANT REF
pay_journey() {
	tag=$1 loc="LANG=$2 LC_ALL=$2" w=$3 h=$4 fin=$5 who=$6 ref=$7
	n=$(claim "$who" 320.00)
	is "$tag: a claim approved to the end" "$(q "SELECT state || '/' || coalesce(paid_at, '') FROM requests WHERE number = '$n'")" "done/"

	# --- the applicant: no pay key; pressed anyway, refused in place ---
	e=em$tag
	start $e "$who" "$w" "$h" "$loc"
	open $e "$n"
	expect "$tag: the applicant's request screen" $e "^ (state|状态) +(done|已办结)"
	unlike "$tag: no pay key offered to the applicant" "$screen" '(P pay|P 付款)'
	keys $e P
	expect "$tag: the applicant is refused, in place, in the screen's language" $e \
		"$(denied "$who")"
	is "$tag: nothing paid" "$(q "SELECT coalesce(paid_at, '') FROM requests WHERE number = '$n'")" ""
	keys $e q
	tm kill-session -t $e

	# --- finance pays it ---
	f=fi$tag
	start $f "$fin" "$w" "$h" "$loc"
	open $f "$n"
	expect "$tag: finance is offered the pay key" $f '(P pay|P 付款)'
	keys $f P
	expect "$tag: the reference is asked" $f '(payment reference:|付款凭证号：)'
	# pasted, as from the bank's page: taken whole in the prompt, its
	# line break a space there and never Enter
	paste $f "$ref
"
	expect "$tag: a paste is taken in the prompt, not sent" $f "^(payment reference:|付款凭证号：) ?$ref\$"
	keys $f BSpace Enter
	today=${ADMINFLOW_NOW%% *} # the company's clock, pinned for the tests
	expect "$tag: then the day, today by default" $f "(paid on \\(YYYY-MM-DD\\):|付款日期（YYYY-MM-DD）：) *$today"
	keys $f Enter
	expect "$tag: paid" $f "$n(: paid|：已付款)"
	is "$tag: the database has when, the reference and who" \
		"$(q "SELECT substr(r.paid_at, 1, 10) || '|' || r.paid_ref || '|' || e.login FROM requests r JOIN employees e ON e.id = r.paid_by WHERE r.number = '$n'")" \
		"$today|$ref|$fin"
	like "$tag: and an audit row" "$(q "SELECT actor || ' ' || detail FROM audit WHERE action = 'pay' AND object = '$n'")" \
		"^(root \\(as $fin\\)|$fin) paid $today, ref $ref\$"
	keys $f G
	expect "$tag: the timeline shows the payment, its day and reference" $f "^ +paid $today, ref $ref\$"
	like "$tag: by finance, under the payment's line" \
		"$(printf '%s\n' "$screen" | grep -B1 -E "^ +paid $today, ref $ref\$" | head -n 1)" \
		"$(q "SELECT name FROM employees WHERE login = '$fin'") (· )?(paid|已付款)\$"
	unlike "$tag: no pay key once paid" "$screen" '(P pay|P 付款)'
	keys $f P
	expect "$tag: paying again is refused in place, in the screen's language" $f \
		"$(if [ "$tag" = zh ]; then echo "付款：$n 已于 $today 付款"; else echo "pay: $n was already paid on $today"; fi)"
	is "$tag: one payment recorded" "$(q "SELECT count(*) FROM audit WHERE action = 'pay' AND object = '$n'")" 1
	keys $f q

	# --- several at once, from the unpaid claims report ---
	b1=$(claim "$who" 150.00) b2=$(claim "$who" 6800.00) b3=$(claim "$who" 45.50)
	keys $f H
	wait_for $f '│ (home|首页)'
	keys $f R
	expect "$tag: the reports" $f '(approved, not yet paid|已批未付) +unpaid$'
	goto_row $f ' unpaid$'
	keys $f Enter
	expect "$tag: the unpaid report offers to pay" $f '(P pay|P 付款)'
	keys $f P
	expect "$tag: the claims to pay, one a row" $f "^ +$b3 "
	goto_row $f "^.? *$b1 "
	keys $f Space
	goto_row $f "^.? *$b3 "
	keys $f Space
	keys $f P
	expect "$tag: one reference for the two marked" $f '(payment reference for 2 claims:|2 笔报销的付款凭证号：)'
	text $f "$ref-B"
	keys $f Enter
	expect "$tag: then the day" $f "(paid on \\(YYYY-MM-DD\\):|付款日期（YYYY-MM-DD）：) *$today"
	keys $f Enter
	expect "$tag: both paid" $f '(2 claims paid|已付款 2 笔)'
	is "$tag: the two marked are paid with that reference, the other is not" \
		"$(q "SELECT number || '=' || CASE WHEN paid_at IS NULL THEN '-' ELSE paid_ref END FROM requests WHERE number IN ('$b1', '$b2', '$b3') ORDER BY number")" \
		"$(printf '%s\n' "$b1=$ref-B" "$b2=-" "$b3=$ref-B")"
	unlike "$tag: and the list holds only what is left to pay" "$screen" "$b1|$b3"
	like "$tag: $b2 still listed" "$screen" "^.? *$b2 "
	as "$fin" pay "$b2" --ref "$ref-C" >/dev/null
	expect "$tag: paid elsewhere, the list empties by itself" $f '(no claim waits to be paid|没有待付款的报销)'
	tm kill-session -t $f

	# --- the general manager reads what is owed but does not pay it ---
	b4=$(claim "$who" 88.00)
	g=gm$tag
	start $g chenzong "$w" "$h" "$loc"
	wait_for $g '│ (home|首页)'
	keys $g R
	goto_row $g ' unpaid$'
	keys $g Enter
	expect "$tag: the manager reads the unpaid claims" $g "^ +$b4 "
	unlike "$tag: and is offered no pay key (the domain says he may not pay)" "$screen" '(P pay|P 付款)'
	like "$tag: the keys he has are offered" "$screen" '(E export|E 导出)'
	keys $g P
	expect "$tag: and is refused paying them, in place, in the screen's language" $g \
		"$(denied chenzong)"
	is "$tag: still unpaid" "$(q "SELECT coalesce(paid_at, '') FROM requests WHERE number = '$b4'")" ""
	tm kill-session -t $g

	# --- the connection dropped while the day is asked: nothing half-paid ---
	d=dr$tag
	start $d "$fin" "$w" "$h" "$loc"
	open $d "$b4"
	keys $d P
	expect "$tag: the reference asked again" $d '(payment reference:|付款凭证号：)'
	text $d "$ref-D"
	keys $d Enter
	expect "$tag: then the day" $d "(paid on \\(YYYY-MM-DD\\):|付款日期（YYYY-MM-DD）：) *$today"
	hung_up "$tag: the tmux server killed at the prompt, the program ended by itself" $d
	is "$tag: nothing half-written: unpaid, no reference, no pay row" \
		"$(q "SELECT coalesce(paid_at, '') || '|' || coalesce(paid_ref, '') || '|' || (SELECT count(*) FROM audit WHERE action = 'pay' AND object = '$b4') FROM requests WHERE number = '$b4'")" "||0"
	as "$fin" pay "$b4" >/dev/null # nothing owed for the next journey
}

pay_journey en C.UTF-8 80 24 songjia zhangsan "ICBC 8812"
ZH=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && ZH=zh_CN.UTF-8
if [ -n "$ZH" ]; then
	pay_journey zh "$ZH" 60 20 heqing yangfan "工行 0042"
else
	_result 0 "zh_CN # SKIP the zh_CN.UTF-8 locale is not installed"
fi
done_testing
