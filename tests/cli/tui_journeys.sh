#!/bin/sh
# Whole journeys in the real terminal (tmux), by keys alone, judged by what
# the screens show and what the database holds. An approver on a phone's
# 60x20: the department head reads a supplies request's two lines and
# returns it; the applicant (80x24) sees it returned, corrects a line and
# sends it again; the head sees the correction and approves; the admin
# clerk (60x20) lowers a quantity, a field of their own step, and approves
# with it; the general manager (60x20) batch-approves expense claims with
# their amounts on the screen. A clerk books a room by selecting a range
# of the grid (80x24 in English, 60x20 in Chinese). A supervisor exports
# the asset count sheet from the Chinese screens, counts, and imports it
# back into the running stocktake. A multi-line paste into every field
# type of a room booking and a printing request lands in the field or is
# refused there, and never submits. Run in English and,
# where zh_CN.UTF-8 is installed, in Chinese.
. "$srcdir/tests/lib.sh"
TMUX_NEEDS="sqlite3"
. "$srcdir/tests/lib_tmux.sh"
q() { sqlite3 "$DB" "$1"; }
ZH=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && ZH=zh_CN.UTF-8

# journey LANG TAG SIZE: the whole approver journey in that locale, every
# session (applicant and approvers) at that size.
journey() {
	L=$1 tag=$2 W=${3%x*} H=${3#*x}
	loc="LANG=$L LC_ALL=$L"
	tag="$tag$W"
	# The applicant fills the supplies form with two lines, by keys.
	start zs$tag zhangsan $W $H "$loc"
	wait_for zs$tag '│ (home|首页)'
	goto_row zs$tag ' (Office supplies|办公用品领用) '
	keys zs$tag Enter
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
	expect "$tag: two lines in the table, the item named whole" zs$tag '^> SP015 档案盒 +3'
	keys zs$tag q Down
	text zs$tag '归档用'
	keys zs$tag C-x
	keys zs$tag C-x
	expect "$tag: submitted" zs$tag '(submitted|已提交) LY-[0-9]{8}-[0-9]{4}'
	num=$(printf '%s\n' "$screen" | grep -Eo 'LY-[0-9]{8}-[0-9]{4}' | tail -n 1)
	is "$tag: the two lines are stored" "$(q "SELECT json_extract(data, '$.lines') FROM requests WHERE number = '$num'" |
		tr -d ' ')" '[{"sku":"SP014","qty":2},{"sku":"SP015","qty":3}]'

	# The department head on a phone reads the lines and returns it.
	start ls$tag lisi $W $H "$loc"
	wait_for ls$tag '│ (home|首页)'
	keys ls$tag i
	expect "$tag: the head's to-do has it" ls$tag "$num"
	keys ls$tag Enter
	expect "$tag: the lines by name" ls$tag '^   SP014 +文件夹 +2 +个'
	like "$tag: the second line" "$screen" '^   SP015 +档案盒 +3 +个'
	like "$tag: the total" "$screen" '^   (total|合计) +5'
	keys ls$tag b
	expect "$tag: return to whom" ls$tag '(the applicant|申请人)'
	keys ls$tag Enter
	text ls$tag '文件夹太多'
	keys ls$tag Enter
	expect "$tag: returned" ls$tag "$num(: |：)(return ok|退回 完成)"
	is "$tag: the request is returned" "$(q "SELECT state FROM requests WHERE number = '$num'")" returned

	# The applicant sees it returned, corrects the line and sends it again.
	keys zs$tag i Tab Tab
	expect "$tag: returned, in the applicant's list" zs$tag "$num"
	keys zs$tag Enter
	keys zs$tag G
	expect "$tag: the head's reason" zs$tag '文件夹太多'
	keys zs$tag g
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
	expect "$tag: the head sees the corrected line" ls$tag '^   SP014 +文件夹 +1 +个'
	keys ls$tag a Enter
	expect "$tag: approved by the head" ls$tag "$num(: |：)(approve ok|同意 完成)"

	# The admin clerk on a phone lowers a quantity (their step's field) and approves.
	start lw$tag liuyang $W $H "$loc"
	wait_for lw$tag '│ (home|首页)'
	keys lw$tag i
	expect "$tag: the clerk's to-do has it" lw$tag "$num"
	keys lw$tag Enter
	expect "$tag: the items are the clerk's to change" lw$tag '✎'
	keys lw$tag e Down Tab e BSpace
	text lw$tag 2
	keys lw$tag Enter q
	expect "$tag: the change is kept until approving" lw$tag '^   SP015 +档案盒 +2 +个'
	keys lw$tag a Enter
	expect "$tag: approved with the change" lw$tag "$num(: |：)(approve ok|同意 完成)"
	is "$tag: stored as the clerk changed it, and done" \
		"$(q "SELECT state || ' ' || json_extract(data, '$.lines[1].qty') FROM requests WHERE number = '$num'")" "done 2"
	for s in zs ls lw; do tm kill-session -t $s$tag; done
}

# Every size in every language (Chinese where the locale is installed).
for size in 80x24 60x20; do
	journey C.UTF-8 en $size
	[ -n "$ZH" ] && journey $ZH zh $size
done

# A clerk books a room through the grid: a range of half hours, then the
# form with the room and the whole range in it.
# book SIZE LANG TAG SUBJECT ROOM
book() {
	start bk$3 liuyang ${1%x*} ${1#*x} "LANG=$2 LC_ALL=$2"
	wait_for bk$3 '│ (home|首页)'
	keys bk$3 L
	expect "$3 $1: the rooms' grid" bk$3 '^rooms 2026-11-28|^会议室 2026-11-28|2026-11-28'
	goto_row bk$3 "^$5 "
	keys bk$3 Space l l l
	expect "$3 $1: the range selected, Enter books it" bk$3 '09:00-11:00'
	keys bk$3 Enter
	expect "$3 $1: the form has the whole range" bk$3 '2026-11-28 09:00/11:00'
	text bk$3 "$4"
	goto_row bk$3 '^\*(Attendees|参会人数)'
	# The last digit and both submit keys at once, as a fast typist's or a
	# loaded machine's: the digit's draft is still owed when the form is
	# sent, and must not come back once it is.
	keys bk$3 4 C-x C-x
	expect "$3 $1: booked" bk$3 '(submitted|已提交) HYS-[0-9]{8}-[0-9]{4}'
	ok "$3 $1: sent, no draft is left of it" test ! -e "$HOME/.local/state/adminflow/outbox/drafts/liuyang-room_booking.draft"
	bnum=$(printf '%s\n' "$screen" | grep -Eo 'HYS-[0-9]{8}-[0-9]{4}' | tail -n 1)
	like "$3 $1: stored with the room and the range" "$(af show "$bnum" | grep -a -e '^field.room' -e '^field.time' | tr '\n' ' ')" \
		"field.room	$5 field.time	2026-11-28 09:00(:00)?/(2026-11-28 )?11:00"
	like "$3 $1: the subject as typed" "$(af show "$bnum" | grep -a '^field.subject')" "$4"
	tm kill-session -t bk$3
}
book 80x24 C.UTF-8 en 周会 R202
book 60x20 C.UTF-8 en60 周会 R302
[ -n "$ZH" ] && book 60x20 $ZH zh 季度复盘 R301
[ -n "$ZH" ] && book 80x24 $ZH zh80 季度复盘 R401

# The general manager batch-approves expense claims, amounts in view:
# gm SIZE LANG TAG, two new claims marked by their numbers.
gm() {
	set --  "$1" "$2" "$3" "$(af --as zhangsan submit expense 'lines=travel,6200.00,3,出差' purpose=展会)" \
		"$(af --as wangwu submit expense 'lines=travel,6200.00,3,出差' purpose=展会)"
	for n in "$4" "$5"; do
		for a in lisi liuyang songjia; do af --as $a approve "$n" >/dev/null 2>&1; done
	done
	pending=$(af --as chenzong inbox | tail -n +2 | grep -c '^BX-')
	start gm$3 chenzong ${1%x*} ${1#*x} "LANG=$2 LC_ALL=$2"
	wait_for gm$3 '│ (home|首页)'
	keys gm$3 i
	expect "$3 $1: the general manager's to-do shows the amounts" gm$3 "^  $4 .* 6200\\.00"
	goto_row gm$3 "^. $4 "
	keys gm$3 Space
	goto_row gm$3 "^. $5 "
	keys gm$3 Space
	expect "$3 $1: both rows marked, each with its amount" gm$3 "^\\* $5 .* 6200\\.00"
	like "$3 $1: the first marked" "$screen" "^\\* $4 .* 6200\\.00"
	keys gm$3 A
	expect "$3 $1: an opinion for all of them" gm$3 '^(opinion|意见)(: |：)'
	keys gm$3 Enter
	expect "$3 $1: the batch question says how much" gm$3 \
		"(approve 2 requests, amounts 12400\\.00 in all\\?|同意 2 项，金额合计 12400\\.00？) \\(y/n\\)"
	keys gm$3 y
	expect "$3 $1: both approved" gm$3 '(approved 2|已同意 2 项)'
	is "$3 $1: the two claims left the general manager's to-do" \
		"$(af --as chenzong inbox | tail -n +2 | grep -c '^BX-')" $((pending - 2))
	tm kill-session -t gm$3
}
gm 60x20 C.UTF-8 en
gm 80x24 C.UTF-8 en80
[ -n "$ZH" ] && gm 60x20 $ZH zh
[ -n "$ZH" ] && gm 80x24 $ZH zh80

# A multi-line paste into every field type: text where the field takes
# text (line breaks as spaces), refused on a picker or a choice, never a
# key: nothing is submitted.
paste() { # NAME TEXT: a bracketed paste, as a terminal's paste would be
	printf '%s' "$2" | tm load-buffer -b p -
	tm paste-buffer -p -d -b p -t "$1"
}
# pp SIZE LANG TAG: the pastes at one size in one language (the
# form's labels and the refusal in that language).
pp() {
	t=$3
	# the last run's pastes were kept as drafts: each run starts clean
	rm -f "$HOME/.local/state/adminflow/outbox/drafts/zhangsan-"*.draft
	if [ "${t#en}" != "$t" ]; then
		rb=' Room booking ' pr=' Printing ' ex=' Expense claim ' no='Enter for the choices; no paste here'
		fields='Subject|T,Room|N,Time|T,Attendees|T,Equipment|T,Repeat|N,Repeat until|T,Note|T' dl='Needed by'
		# at 60 columns a label is cut to the label column
		[ "$1" = 60x20 ] && fields=$(printf '%s' "$fields" | sed 's/Repeat until/Repeat u…/')
	else
		rb=' 会议室预订 ' pr=' 文印申请 ' ex=' 费用报销 ' no='按 Enter 选择；这里不能粘贴'
		fields='会议主题|T,会议室|N,使用时间|T,参会人数|T,所需设备|T,重复|N,重复至|T,备注|T' dl='完成时限'
	fi
	before=$(q "SELECT count(*) FROM requests")
	start pp$t zhangsan ${1%x*} ${1#*x} "LANG=$2 LC_ALL=$2"
	wait_for pp$t '│ (home|首页)'
	goto_row pp$t "$rb"
	keys pp$t Enter
	expect "$t $1 paste: the room booking form" pp$t '\(room_booking\)'
	ml=$(printf '第一行\ns\ny\n第二行')
	# FIELD-LABEL|T (one line of text on its row) or |N (refused in place)
	_ifs=$IFS IFS=,
	for f in $fields; do
		IFS=$_ifs
		label=${f%%|*} want=${f#*|}
		wait_for pp$t "^[ *]$label "
		paste pp$t "$ml"
		if [ "$want" = N ]; then
			expect "$t $1 paste into $label (a picker or choice): refused in place" pp$t "^$label(:|：) ?$no"
		else
			expect "$t $1 paste into $label: one line of text in the field" pp$t "^[ *]$label +第一行 s y 第二行\$"
		fi
		keys pp$t Tab
	done
	IFS=$_ifs
	like "$t $1: still the form after every paste" "$screen" '\(room_booking\)'
	keys pp$t Home
	expect "$t $1: Home in a field, not a command" pp$t '\(room_booking\)'
	# The printing form's deadline (a date and time) and the expense lines.
	keys pp$t Escape
	wait_for pp$t '│ (home|首页)'
	goto_row pp$t "$pr"
	keys pp$t Enter
	expect "$t $1 paste: the printing form" pp$t '\(printing\)'
	goto_row pp$t "^\\*$dl"
	expect "$t $1: the deadline field" pp$t "^\\*$dl"
	paste pp$t "$ml"
	expect "$t $1 paste into a date and time: text in the field" pp$t "^\\*$dl +第一行 s y 第二行\$"
	keys pp$t Escape
	wait_for pp$t '│ (home|首页)'
	goto_row pp$t "$ex"
	keys pp$t Enter
	expect "$t $1 paste: the expense form, on its lines" pp$t '\(expense\)'
	paste pp$t "$ml"
	expect "$t $1 paste into a lines field: refused in place" pp$t '(no paste here|这里不能粘贴)'
	is "$t $1: no paste submitted anything" "$(q "SELECT count(*) FROM requests")" "$before"
	tm kill-session -t pp$t
}
pp 80x24 C.UTF-8 en
pp 60x20 C.UTF-8 en60
[ -n "$ZH" ] && pp 60x20 $ZH zh
[ -n "$ZH" ] && pp 80x24 $ZH zh80

# The supervisor: the count sheet exported from the report screens,
# counted, imported back from the same screen (a bad sheet first); sv
# SIZE LANG TAG, into the one open stocktake (a tag counted again
# replaces its count).
sv() {
	W=${1%x*} H=${1#*x} t=$3 f="盘点$3.csv" bad="坏$3.csv"
	start sv$t wangwu $W $H "LANG=$2 LC_ALL=$2"
	wait_for sv$t '│ (home|首页)'
	keys sv$t R
	expect "$t $1: the reports list the count sheet" sv$t 'inventory-count'
	goto_row sv$t ' inventory-count'
	keys sv$t Enter
	expect "$t $1: the asset count sheet" sv$t '(资产盘点表|inventory count sheet)'
	keys sv$t E C-u
	text sv$t "~/$f"
	keys sv$t Enter
	expect "$t $1: the full path written is said" sv$t "$HOME/$f|$f"
	# The count, on the sheet: every asset found but one.
	python3 - "$HOME/$f" <<'PY'
import csv, sys
p = sys.argv[1]
with open(p, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
for i, r in enumerate(rows[1:]):
    r[6] = "0" if i == 0 else "1"
with open(p, "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f).writerows(rows)
PY
	first=$(sed -n 2p "$HOME/$f" | cut -d, -f1)
	rows=$(($(wc -l < "$HOME/$f") - 1))
	before=$(q 'SELECT count(*) FROM stocktake_counts')
	# A sheet with a bad count first: the first error named, nothing read.
	sed '3s/,1,/,x,/' "$HOME/$f" > "$HOME/$bad"
	keys sv$t M C-u
	expect "$t $1: M asks for the file to import" sv$t '^(import from|导入文件)'
	text sv$t "~/$bad"
	keys sv$t Enter
	expect "$t $1: what would be read is shown first" sv$t "$rows"' .*坏'
	keys sv$t y
	expect "$t $1: a bad sheet: nothing imported, the first error by file, line and column" sv$t \
		'1 (bad row; nothing was imported|.*未导入).* · 坏'"$t"'\.csv:3: found: '
	is "$t $1: no count stored" "$(q 'SELECT count(*) FROM stocktake_counts')" "$before"
	# The counted sheet, imported back from the screen.
	keys sv$t M C-u
	expect "$t $1: the import prompt again" sv$t '^(import from|导入文件)'
	text sv$t "~/$f"
	keys sv$t Enter
	expect "$t $1: the counted sheet's rows shown" sv$t "$rows"' .*盘点'
	keys sv$t y
	expect "$t $1: the counted sheet is imported back from the screen" sv$t "$rows"' (counts imported|条盘点已导入)'
	is "$t $1: every count stored" "$(q 'SELECT count(*) FROM stocktake_counts')" "$rows"
	like "$t $1: the asset not found is the difference" "$(af --as wangwu stocktake diff)" "^$first	missing"
	tm kill-session -t sv$t
}
if command -v python3 >/dev/null 2>&1; then
	af --as wangwu stocktake start >/dev/null
	sv 80x24 C.UTF-8 en
	sv 60x20 C.UTF-8 en60
	[ -n "$ZH" ] && sv 60x20 $ZH zh
	[ -n "$ZH" ] && sv 80x24 $ZH zh80
else
	_result 0 "the supervisor's count sheet # SKIP python3 is not installed"
fi

# Ctrl-C and a killed terminal in the middle of typing a supplies request
# (interrupted SIZE LANG TAG): Ctrl-C asks, since something is unsaved;
# then the whole tmux server is killed mid-field. The program ends by
# itself (its terminal gone: no process left reading), and on a restart
# the draft is offered back with the line and the text, keystroke for
# keystroke.
DRAFTS="$HOME/.local/state/adminflow/outbox/drafts"
gone() { # PID: 0 once the process has ended (waits up to 10 s)
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	! kill -0 "$1" 2>/dev/null
}
interrupted() {
	W=${1%x*} H=${1#*x} t=$3
	rm -f "$DRAFTS/zhangsan-supplies.draft"
	start ct$t zhangsan $W $H "LANG=$2 LC_ALL=$2"
	wait_for ct$t '│ (home|首页)'
	goto_row ct$t ' (Office supplies|办公用品领用) '
	keys ct$t Enter
	expect "$t $1: the supplies form" ct$t '\(supplies\)'
	keys ct$t Enter a
	expect "$t $1: the item picker" ct$t 'SP014 文件夹'
	text ct$t SP014
	keys ct$t Enter Tab e
	text ct$t 2
	keys ct$t Enter q
	goto_row ct$t '^\*(Purpose|用途)'
	for ch in 归 档 用; do text ct$t "$ch"; done
	expect "$t $1: typed into the purpose" ct$t '^\*(Purpose|用途) +归档用$'
	pid=$(adminflow_pid ct$t)
	keys ct$t C-c
	expect "$t $1: Ctrl-C asks, something being unsaved" ct$t \
		'^(leave adminflow\? what you typed is kept as a draft|退出 adminflow？已输入的内容保存为草稿) \(y/n\)'
	keys ct$t n
	expect "$t $1: n: the form with the text as it was" ct$t '^\*(Purpose|用途) +归档用$'
	for ch in 的 文; do text ct$t "$ch"; done
	expect "$t $1: typed on" ct$t '^\*(Purpose|用途) +归档用的文$'
	tm kill-server
	gone "$pid"
	_result $? "$t $1: with the tmux server killed mid-field it ended by itself" \
		"$(ps -o pid,stat,time,cmd -p "$pid" 2>&1)"
	kill -9 "$pid" 2>/dev/null
	is "$t $1: the draft holds the text, keystroke for keystroke" \
		"$(grep '^purpose' "$DRAFTS/zhangsan-supplies.draft" | cut -f2)" 归档用的文
	start ct$t zhangsan $W $H "LANG=$2 LC_ALL=$2"
	wait_for ct$t '│ (home|首页)'
	goto_row ct$t ' (Office supplies|办公用品领用) '
	keys ct$t Enter
	expect "$t $1: the draft is offered back" ct$t '^(restore your draft\?|恢复草稿？)'
	keys ct$t y
	expect "$t $1: the same text" ct$t '^\*(Purpose|用途) +归档用的文$'
	like "$t $1: and the same line" "$screen" 'SP014'
	tm kill-session -t ct$t
}
[ -n "$ZH" ] && interrupted 60x20 $ZH zh
interrupted 80x24 C.UTF-8 en
done_testing
