#!/bin/sh
# Whole journeys in the real terminal (tmux), by keys alone, judged by what
# the screens show and what the database holds. An approver on a phone's
# 60x20: the department head reads a supplies request's two lines and
# returns it; the applicant (80x24) sees it returned, corrects a line and
# sends it again; the head sees the correction and approves; the admin
# clerk (60x20) lowers a quantity, a field of their own step, and approves
# with it; the general manager (60x20) batch-approves expense claims with
# their amounts on the screen. A clerk books a room by selecting a range
# of the grid (80x24 in English, 60x20 in Chinese). Run in English and,
# where zh_CN.UTF-8 is installed, in Chinese.
. "$srcdir/tests/lib.sh"
TMUX_NEEDS="sqlite3"
. "$srcdir/tests/lib_tmux.sh"
q() { sqlite3 "$DB" "$1"; }
ZH=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && ZH=zh_CN.UTF-8

# journey LANG: the whole approver journey in that locale.
journey() {
	L=$1 tag=$2
	loc="LANG=$L LC_ALL=$L"
	# The applicant fills the supplies form with two lines, by keys.
	start zs$tag zhangsan 80 24 "$loc"
	wait_for zs$tag '│ (home|首页)'
	keys zs$tag j j j j j j j j j j j j Enter
	expect "$tag: the supplies form" zs$tag '\(supplies\)'
	keys zs$tag Enter a
	expect "$tag: the item picker" zs$tag 'SP014 文件夹'
	text zs$tag SP014
	keys zs$tag Enter Tab e
	text zs$tag 2
	keys zs$tag Enter a
	text zs$tag SP015
	keys zs$tag Enter Tab e
	text zs$tag 3
	keys zs$tag Enter
	expect "$tag: two lines in the table" zs$tag '^> SP015 档案盒 +3'
	keys zs$tag q Down
	text zs$tag '归档用'
	keys zs$tag C-x
	keys zs$tag C-x
	expect "$tag: submitted" zs$tag '(submitted|已提交) LY-[0-9]{8}-[0-9]{4}'
	num=$(printf '%s\n' "$screen" | grep -Eo 'LY-[0-9]{8}-[0-9]{4}' | tail -n 1)
	is "$tag: the two lines are stored" "$(q "SELECT json_extract(data, '$.lines') FROM requests WHERE number = '$num'" |
		tr -d ' ')" '[{"sku":"SP014","qty":2},{"sku":"SP015","qty":3}]'

	# The department head on a phone reads the lines and returns it.
	start ls$tag lisi 60 20 "$loc"
	wait_for ls$tag '│ (home|首页)'
	keys ls$tag i
	expect "$tag 60x20: the head's to-do has it" ls$tag "$num"
	keys ls$tag Enter
	expect "$tag 60x20: the lines by name" ls$tag '^   SP014 +文件夹 +2 +个'
	like "$tag 60x20: the second line" "$screen" '^   SP015 +档案盒 +3 +个'
	like "$tag 60x20: the total" "$screen" '^   (total|合计) +5'
	keys ls$tag b
	expect "$tag 60x20: return to whom" ls$tag '(the applicant|申请人)'
	keys ls$tag Enter
	text ls$tag '文件夹太多'
	keys ls$tag Enter
	expect "$tag 60x20: returned" ls$tag "$num(: |：)(return ok|退回 完成)"
	is "$tag: the request is returned" "$(q "SELECT state FROM requests WHERE number = '$num'")" returned

	# The applicant sees it returned, corrects the line and sends it again.
	keys zs$tag i Tab Tab
	expect "$tag: returned, in the applicant's list" zs$tag "$num"
	keys zs$tag Enter
	expect "$tag: the head's reason" zs$tag '文件夹太多'
	keys zs$tag e Tab e BSpace
	text zs$tag 1
	keys zs$tag Enter q
	expect "$tag: the corrected line" zs$tag '^   SP014 +文件夹 +1 +个'
	keys zs$tag s
	text zs$tag '已减少'
	keys zs$tag Enter
	expect "$tag: sent again" zs$tag "$num(: |：)(resubmit ok|重新提交 完成)"
	is "$tag: pending again with the correction" \
		"$(q "SELECT state || ' ' || json_extract(data, '$.lines[0].qty') FROM requests WHERE number = '$num'")" "pending 1"

	# The head sees the correction (the screen refreshes by itself) and approves.
	expect "$tag 60x20: the head sees the corrected line" ls$tag '^   SP014 +文件夹 +1 +个'
	keys ls$tag a Enter
	expect "$tag 60x20: approved by the head" ls$tag "$num(: |：)(approve ok|同意 完成)"

	# The admin clerk on a phone lowers a quantity (their step's field) and approves.
	start lw$tag liuyang 60 20 "$loc"
	wait_for lw$tag '│ (home|首页)'
	keys lw$tag i
	expect "$tag 60x20: the clerk's to-do has it" lw$tag "$num"
	keys lw$tag Enter
	expect "$tag 60x20: the items are the clerk's to change" lw$tag '✎'
	keys lw$tag e Down Tab e BSpace
	text lw$tag 2
	keys lw$tag Enter q
	expect "$tag 60x20: the change is kept until approving" lw$tag '^   SP015 +档案盒 +2 +个'
	keys lw$tag a Enter
	expect "$tag 60x20: approved with the change" lw$tag "$num(: |：)(approve ok|同意 完成)"
	is "$tag: stored as the clerk changed it, and done" \
		"$(q "SELECT state || ' ' || json_extract(data, '$.lines[1].qty') FROM requests WHERE number = '$num'")" "done 2"
	for s in zs ls lw; do tm kill-session -t $s$tag; done
}

journey C.UTF-8 en
[ -n "$ZH" ] && journey $ZH zh

# A clerk books a room through the grid: a range of half hours, then the
# form with the room and the whole range in it.
# book SIZE LANG TAG ROOMS_DOWN SUBJECT ROOM
book() {
	start bk$3 liuyang ${1%x*} ${1#*x} "LANG=$2 LC_ALL=$2"
	wait_for bk$3 '│ (home|首页)'
	keys bk$3 L
	expect "$3 $1: the rooms' grid" bk$3 '^rooms 2026-11-28|^会议室 2026-11-28|2026-11-28'
	for _d in $(seq "$4"); do keys bk$3 j; done
	keys bk$3 Space l l l
	expect "$3 $1: the range selected, Enter books it" bk$3 '09:00-11:00'
	keys bk$3 Enter
	expect "$3 $1: the form has the whole range" bk$3 '2026-11-28 09:00/11:00'
	text bk$3 "$5"
	keys bk$3 Tab Tab Tab
	text bk$3 4
	keys bk$3 C-x
	keys bk$3 C-x
	expect "$3 $1: booked" bk$3 '(submitted|已提交) HYS-[0-9]{8}-[0-9]{4}'
	bnum=$(printf '%s\n' "$screen" | grep -Eo 'HYS-[0-9]{8}-[0-9]{4}' | tail -n 1)
	like "$3 $1: stored with the room and the range" "$(af show "$bnum" | grep -a -e '^field.room' -e '^field.time' | tr '\n' ' ')" \
		"field.room	$6 field.time	2026-11-28 09:00(:00)?/(2026-11-28 )?11:00"
	like "$3 $1: the subject as typed" "$(af show "$bnum" | grep -a '^field.subject')" "$5"
	tm kill-session -t bk$3
}
book 80x24 C.UTF-8 en 1 周会 R202
[ -n "$ZH" ] && book 60x20 $ZH zh 2 季度复盘 R301

# The general manager on a phone batch-approves expense claims, amounts in view.
for who in zhangsan wangwu; do
	n=$(af --as $who submit expense 'lines=travel,6200.00,3,出差' purpose=展会)
	for a in lisi liuyang songjia; do af --as $a approve "$n" >/dev/null 2>&1; done
done
pending=$(af --as chenzong inbox | tail -n +2 | grep -c '^BX-')
start gm chenzong 60 20
wait_for gm '│ home'
keys gm i
expect "60x20: the general manager's to-do shows the amounts" gm '^  BX-[0-9]{8}-[0-9]{4} .* 6200\.00'
keys gm Space Space
expect "both rows marked, each with its amount" gm '^\* BX-[0-9]{8}-0002 .* 6200\.00'
keys gm A
expect "an opinion for all of them" gm '^opinion: '
keys gm Enter
expect "the batch question says how much" gm "approve 2 requests, amounts 12400\\.00 in all\\? \\(y/n\\)"
keys gm y
expect "both approved" gm 'approved 2'
is "the two claims left the general manager's to-do" "$(af --as chenzong inbox | tail -n +2 | grep -c '^BX-')" \
	$((pending - 2))
done_testing
