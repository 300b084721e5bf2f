#!/bin/sh
# Issue 18's series and booking on behalf in the real terminal (tmux), by
# keys alone, at 80x24 in English and at 60x20 in Chinese (where the
# zh_CN.UTF-8 locale is installed): an admin clerk books a weekly room
# series from the form, is shown the date someone else has, books the rest
# without it, opens the request and cancels one date alone; a clerk picks
# the general manager in the form's "for whom" row and submits, and the
# request's timeline says the clerk submitted it for the manager. Each is
# judged by the screen and by what the database holds.
. "$srcdir/tests/lib.sh"
TMUX_NEEDS="sqlite3"
. "$srcdir/tests/lib_tmux.sh"
q() { sqlite3 "$DB" "$1"; }
as() { _w=$1; shift; "$AF_BIN" --db "$DB" --as "$_w" "$@"; }
dates() { q "SELECT group_concat(substr(starts_at, 1, 10) || '=' || state, ' ') FROM (SELECT b.starts_at, b.state FROM bookings b
	JOIN requests r ON r.id = b.request_id WHERE r.number = '$1' ORDER BY b.starts_at)"; }
# unwrap START: the screen line that begins with START, joined with the
# indented lines that carry it on where it wrapped (60 columns).
unwrap() { awk -v s="$1" 'on && /^ +[^ ]/ { sub(/^ +/, ""); l = l " " $0; next }
	on { exit } index($0, s) == 1 { on = 1; l = $0 } END { sub(/ +$/, "", l); print l }'; }
# open_form NAME: the room booking form from home (the 8th affair).
open_form() {
	wait_for "$1" '│ (home|首页)'
	keys "$1" j j j j j j j Enter
}

# affairs_journey TAG LOCALE COLS ROWS CLERK OTHER_CLERK ROOM DAY1..DAY4
affairs_journey() {
	tag=$1 loc="LANG=$2 LC_ALL=$2" w=$3 h=$4 clerk=$5 clerk2=$6 room=$7 d1=$8 d2=$9
	shift 9
	d3=$1 d4=$2
	s=se$tag
	taken=$(as wangwu submit room_booking subject=占用 room="$room" "time=$d2 10:30/11:30" attendees=2)

	# --- a weekly series with a date taken: listed, left out, the rest booked ---
	start $s "$clerk" "$w" "$h" "$loc"
	open_form $s
	expect "$tag: the room booking form" $s '(Room booking|会议室预订) \(room_booking\)'
	text $s '部门周例会'
	keys $s Enter Enter
	expect "$tag: the room picker" $s '(search|搜索)'
	text $s "$room"
	keys $s Enter
	expect "$tag: the room chosen" $s "^\\*(Room|会议室) +$room\$"
	keys $s Tab
	text $s "$d1 10:00/11:00"
	keys $s Enter
	text $s 3
	keys $s Enter Enter Enter
	expect "$tag: the repeat choices" $s '^  (Weekly|每周)$'
	keys $s Down Down Enter
	expect "$tag: weekly chosen" $s '^ (Repeat|重复) +(Weekly|每周)$'
	keys $s Down
	text $s "$d4"
	keys $s F10
	expect "$tag: submit asks first" $s '(submit\?|提交？)'
	keys $s C-x
	expect "$tag: the taken date is listed, with its times and who has it" $s "^  $d2 10:00–11:00 $taken\$"
	like "$tag: and what Enter does" "$screen" '(Enter: book the rest|Enter：预订其余日期)'
	l=$(printf '%s\n' "$screen" | grep -c "^  20[0-9-]* 10:00")
	is "$tag: only the taken date is listed" "$l" 1
	keys $s Enter
	expect "$tag: the rest is submitted" $s '(submitted|已提交) HYS-[0-9]{8}-[0-9]{4}'
	n=$(q "SELECT number FROM requests WHERE summary LIKE '部门周例会%' AND applicant_id = (SELECT id FROM employees WHERE login = '$clerk')")
	is "$tag: three dates held, the taken one left out with who has it" \
		"$(dates "$n")/$(q "SELECT day || '|' || why || '|' || holder FROM booking_skips k JOIN requests r ON r.id = k.request_id WHERE r.number = '$n'")" \
		"$d1=held $d3=held $d4=held/$d2|clash|$taken"

	# --- one date cancelled alone from the request screen ---
	keys $s '#'
	text $s "$n"
	keys $s Enter
	expect "$tag: the request lists its dates" $s "^$d3 10:00–11:00 $room · (held|已占用)\$"
	# "left out" once: the state says it, the note says only why.
	like "$tag: the date left out, and why, saying it once" "$(printf '%s\n' "$screen" | unwrap "$d2 ")" \
		"^$d2 10:00–11:00 $room · (left out · taken by $taken|已略去 · 已被 $taken 占用)\$"
	keys $s D
	expect "$tag: D asks which date" $s '(which date\?|哪一天？)'
	# The list: d1, d2 (left out), d3, d4; the third is d3.
	keys $s Down Down Enter
	expect "$tag: that date: cancel or move" $s "^$d3(: |：)c "
	keys $s c
	text $s 年会
	keys $s Enter
	expect "$tag: the date shows cancelled alone" $s "^$d3 10:00–11:00 $room · (cancelled|已取消) · (this date cancelled|此次已取消)\$"
	is "$tag: in the database that date alone is cancelled" "$(dates "$n")" "$d1=held $d3=cancelled $d4=held"
	like "$tag: audited, by the clerk, with the reason" "$(q "SELECT actor || ' ' || detail FROM audit WHERE action = 'occurrence_cancel' AND object = '$n'")" \
		"^(root \\(as $clerk\\)|$clerk) $d3 10:00 cancelled: 年会\$"
	keys $s q
	tm kill-session -t $s

	# --- for the general manager: the for-whom row, the picker ---
	f=fo$tag
	start $f "$clerk2" "$w" "$h" "$loc"
	open_form $f
	expect "$tag: the clerk's form has a for-whom row" $f '^ (for whom|代谁申请) +(myself|本人)'
	keys $f Up Enter
	expect "$tag: the people picker" $f '(search|搜索)'
	text $f chenzong
	expect "$tag: found by login" $f '^  chenzong +陈明'
	keys $f Enter
	expect "$tag: the general manager named in the row" $f '^ (for whom|代谁申请) +陈明 \(chenzong\)$'
	keys $f Down
	text $f "董事会筹备$tag"
	keys $f Enter Enter
	expect "$tag: the room picker, for the manager" $f '(search|搜索)'
	text $f R601
	keys $f Enter Tab
	text $f "$d1 14:00/16:00"
	keys $f Enter
	text $f 8
	keys $f F10
	expect "$tag: submit asks first" $f '(submit\?|提交？)'
	keys $f C-x
	expect "$tag: submitted for the manager" $f '(submitted|已提交) HYS-[0-9]{8}-[0-9]{4}'
	m=$(q "SELECT number FROM requests WHERE summary LIKE '董事会筹备$tag%' AND on_behalf_by = (SELECT id FROM employees WHERE login = '$clerk2')")
	is "$tag: the request is the manager's, by the clerk" \
		"$(q "SELECT a.login || '/' || b.login FROM requests r JOIN employees a ON a.id = r.applicant_id
			JOIN employees b ON b.id = r.on_behalf_by WHERE r.number = '$m'")" "chenzong/$clerk2"
	keys $f '#'
	text $f "$m"
	keys $f Enter
	cname=$(q "SELECT name FROM employees WHERE login = '$clerk2'")
	expect "$tag: the request names the manager, and the clerk who made it" $f "陈明 · 总经理办公室 · (by|由) $cname \\($clerk2\\)"
	keys $f G
	expect "$tag: the timeline says the clerk submitted it for the manager" $f \
		"^ [0-9-]+ [0-9:]+ +(· )?($cname \\(for 陈明\\) · submit|$cname\\(代陈明\\) 提交)"
	keys $f q
	tm kill-session -t $f
}

affairs_journey en C.UTF-8 80 24 liuyang huangmin R302 2026-12-07 2026-12-14 2026-12-21 2026-12-28
ZH=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && ZH=zh_CN.UTF-8
if [ -n "$ZH" ]; then
	affairs_journey zh "$ZH" 60 20 xulei huangmin R402 2026-12-08 2026-12-15 2026-12-22 2026-12-29
else
	_result 0 "zh_CN # SKIP the zh_CN.UTF-8 locale is not installed"
fi
done_testing
