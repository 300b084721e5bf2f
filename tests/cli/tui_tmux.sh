#!/bin/sh
# The real full-screen program in tmux (not the script mode): the layouts at
# 80x24 and 60x20, a room booking submitted by one login and approved by the
# department head in a second session while both screens update by
# themselves, resize and SIGHUP in the middle of a form, control characters
# in data, NO_COLOR and plain terminals, and (where the zh_CN.UTF-8 locale
# is installed) the screens in Chinese. The sessions run in tests/lib.sh's
# C.UTF-8, so the program's own words are English and the data Chinese.
# Every wait polls the screen with a bound; nothing is left running.
. "$srcdir/tests/lib.sh"
TMUX_NEEDS="sqlite3"
. "$srcdir/tests/lib_tmux.sh"

# ---- 1. home at 80x24 and on a phone at 60x20 ----
start zs zhangsan 80 24
is "the pane is 80x24" "$(tm display -p -t zs '#{pane_width}x#{pane_height}')" 80x24
expect "home at 80x24" zs '^ adminflow │ home'
expect "status bar: name, department, role" zs '^ 张三·市场部·employee │ db ok │'
like "the affairs list" "$screen" 'Expense claim +BX'
like "room booking is among the affairs" "$screen" 'Room booking +HYS'
like "80x24: the affairs and what is due side by side" "$screen" 'affair .*│ due today'

start ph zhangsan 60 20
is "the pane is 60x20" "$(tm display -p -t ph '#{pane_width}x#{pane_height}')" 60x20
expect "60x20: what is due has its own line" ph '^ due today'
l_list=$(line_of 'Expense claim'); l_due=$(line_of 'due today')
[ -n "$l_list" ] && [ -n "$l_due" ] && [ "$l_due" -gt "$l_list" ]
_result $? "60x20: one column, the due-today panel below the list" "$screen"
printf '%s\n' "$screen" | grep -q '│ due today'; [ $? != 0 ]
_result $? "60x20: no second column" "$screen"
like "60x20: the short status bar" "$screen" '^ 张三 │ [0-9]{2}:[0-9]{2} │'
keys ph q
expect_exit "q on home quits cleanly" ph 0
tm kill-session -t ph

# ---- 2. a room booking from one login, approved from another, live ----
start ls lisi 80 24
expect "lisi's session starts" ls '李四·市场部·dept_head'
keys ls i
expect "lisi's to-do is empty at first" ls '\(nothing here\)'

# zhangsan fills the room booking: subject, room (picker), time, attendees.
goto_row zs ' Room booking '
keys zs Enter
expect "the room booking form opens" zs '^ Room booking \(room_booking\)'
# The field under the cursor takes text at once; Enter goes on.
text zs '季度复盘会'
expect "the subject is typed in place" zs '^\*Subject +季度复盘会'
keys zs Enter Enter
expect "the room picker" zs '201洽谈室'
keys zs Enter
expect "the room is chosen" zs '^\*Room +R201'
keys zs Tab
text zs '2026-11-30 10:00/11:00'
keys zs Enter
text zs 4
expect "the time and attendees are in the form" zs '^\*Attendees +4'
like "the time is kept" "$screen" '^\*Time +2026-11-30 10:00/11:00'
keys zs F10
expect "submit asks first, for a key no paste holds" zs '^submit\? \^X or F10 again'
keys zs C-x
expect "submitted, in the status line" zs '^submitted HYS-[0-9]{8}-[0-9]{4}'
num=$(printf '%s\n' "$screen" | sed -n 's/^submitted \(HYS-[0-9]*-[0-9]*\).*/\1/p')
is "the request is stored" "$(sqlite3 "$DB" "SELECT form || ' ' || state FROM requests WHERE number = '$num'")" \
	"room_booking pending"

# lisi pressed nothing: the request arrives by itself.
expect "lisi's inbox shows it without a key press" ls "^  $num Room booking +张三 +季度复盘会"

# zhangsan: my requests, then this one's timeline.
keys zs i 3
expect "zhangsan's own requests" zs "^  $num .*in progress · Department head"
keys zs Enter
expect "zhangsan sees the step waiting for lisi" zs 'Department head · 李四 · waiting'

keys ls Enter
expect "lisi opens the request" ls "^ number +$num"
keys ls a
expect "the opinion prompt offers agreed" ls '^opinion: agreed'
keys ls Enter
expect "lisi approved" ls "$num: approve ok"
like "lisi's request screen shows the step now waiting" "$screen" '▶ Admin review · now · '

expect "zhangsan's timeline updates without a key press" zs 'Department head · 李四 · approve'
like "and shows the next step" "$screen" '▶ Admin review · now · '

# Back on the list: the remaining steps are approved elsewhere; the state
# changes on zhangsan's screen by itself.
keys zs q
expect "back on zhangsan's requests, at the next step" zs "^  $num .* in progress · Admin review"
for who in liuyang zhaoliu; do
	af --as "$who" approve "$num" -m ok >/dev/null 2>"$TMP/approve.err" ||
		cat "$TMP/approve.err" >&2
done
expect "zhangsan's list shows the new state without a key press" zs "^  $num Room booking .* (approved|done) "

# ---- 3. resize inside a form ----
start fm zhangsan 80 24
expect "a third session" fm '^ adminflow │ home'
keys fm Enter
expect "the expense form" fm '^ Expense claim \(expense\)'
keys fm Enter
expect "the lines table" fm '^ Expense claim · Lines'
like "no rows yet" "$screen" '^  no rows yet: a adds one'
keys fm a
expect "the category picker" fm '^  Office'
goto_row fm '^  Office'
keys fm Enter
expect "the category is chosen" fm '^> Office'
keys fm Tab Enter
expect "the amount prompt" fm '^row 1, Amount:'
text fm 256.80
keys fm Enter Tab e
text fm 2
keys fm Enter
expect "the total under the amounts" fm '^  total +256\.80'
like "the row lines up" "$screen" '^> Office +256\.80 +2'
keys fm q
expect "the lines are in: one row" fm '^\*Lines {9}1 row'
expect "the lines are in, as a table: the category by its name, amount, receipts" fm '^ {15}Office +256\.80 +2 *$'
like "the amount is their sum" "$screen" '^\*Amount {8}256\.80'
keys fm Down Enter
expect "the amount is not typed in" fm '^Amount is the sum of lines\.amount: change the lines'
goto_row fm '^\*Purpose'
text fm '打印机墨盒'
expect "80x24: labels in 14 columns" fm '^\*Purpose {7}打印机墨盒'

tm resize-window -t fm -x 60 -y 20
is "resized to 60x20" "$(tm display -p -t fm '#{pane_width}x#{pane_height}')" 60x20
expect "60x20: the form redrawn with short labels" fm '^ {11}Office +256\.80 +2 *$'
like "60x20: the amount is still there" "$screen" '^\*Amount {4}256\.80'
like "60x20: the purpose is still there" "$screen" '^\*Purpose {3}打印机墨盒'
like "60x20: the phone status bar" "$screen" '^ 张三 │ [0-9]{2}:[0-9]{2} │'

# Back to 80x24 while the submit question is up: the form behind it is
# laid out again too.
keys fm F10
expect "submit asks at 60x20" fm '^submit\? \^X or F10'
tm resize-window -t fm -x 80 -y 24
expect "back at 80x24 under the question: the wide layout" fm '^ {15}Office +256\.80 +2 *$'
like "the question is still asked" "$screen" '^submit\? \^X or F10'
keys fm n
expect "not submitted: the form with its status bar" fm '^ 张三·市场部·employee │'
like "80x24: the amount is still there" "$screen" '^\*Amount {8}256\.80'
like "80x24: the purpose is still there" "$screen" '^\*Purpose {7}打印机墨盒'

# ---- 4. SIGHUP inside the form; the draft offered on restart ----
pid=$(adminflow_pid fm)
[ -n "$pid" ]; _result $? "adminflow runs in the pane" "$(tm display -p -t fm '#{pane_pid}')"
kill -HUP "$pid"
expect_exit "SIGHUP: adminflow ends cleanly" fm 0
restart fm zhangsan
expect "restarted" fm '^ adminflow │ home'
keys fm Enter
expect "the draft is offered" fm '^restore your draft\? y yes · n later · d delete it'
keys fm y
expect "the lines are back" fm '^ {15}Office +256\.80 +2 *$'
like "the amount is back" "$screen" '^\*Amount {8}256\.80'
like "the purpose is back" "$screen" '^\*Purpose {7}打印机墨盒'
keys fm Escape q
expect_exit "Esc leaves the form, q quits" fm 0
tm kill-session -t fm

# ---- 5. control characters in data never reach the terminal ----
sqlite3 "$DB" "INSERT INTO supplies(sku, name, unit, on_hand, reorder_level, location)
	VALUES ('SP000', '坏' || char(27) || '[2J' || char(27) || ']0;pwned' || char(7) || '名', '个', 50, 1,
	        '库' || char(27) || '[31m房')"
start rg zhangsan 80 24
expect "the registers session" rg '^ adminflow │ home'
keys rg r
expect "the escape sequences are shown as ?" rg '  SP000 坏?[2J?]0;pwned?名 ' -F
like "the location too" "$screen" '库\?\[31m房'
like "the title row is intact" "$screen" '^ adminflow │ registers'
like "the next row is intact" "$screen" '^  SP001 A4复印纸 +3包'
like "the status bar is intact" "$screen" '^ 张三·市场部·employee │'
title=$(tm display -p -t rg '#{pane_title}')
case $title in *pwned*) false ;; *) true ;; esac
_result $? "the terminal title is untouched" "title: $title"
row=$(tm capture-pane -p -e -t rg | grep 'SP000')
esc=$(printf '\033')
case $row in *"${esc}[31m"*|*"${esc}[2J"*) false ;; *) true ;; esac
_result $? "no red, no clearing from the data" "$(printf '%s\n' "$row" | cat -v)"

# ---- 6. NO_COLOR, and plain terminals ----
# sgr PARAM: a pattern for an SGR sequence with PARAM among its numbers, as
# cat -v shows it; attrs NAME PATTERN: the first line with PATTERN, with
# its attributes, as cat -v shows it.
sgr() { printf '\\^\\[\\[([0-9]+;)*%s(;[0-9]+)*m' "$1"; }
attrs() { tm capture-pane -p -e -t "$1" | grep -- "$2" | head -n 1 | cat -v; }
cursor_row=$(attrs zs "$num")
like "with colour the cursor row has a background colour" "$cursor_row" "$(sgr 43)"
start nc zhangsan 80 24 NO_COLOR=1
expect "NO_COLOR: home" nc 'Expense claim +BX'
cursor_row=$(attrs nc 'Expense claim')
like "NO_COLOR: the cursor row is in reverse video" "$cursor_row" "$(sgr 7)"
printf '%s\n' "$cursor_row" | grep -Eq "$(sgr '4[0-7]')|$(sgr '3[0-7]')"; [ $? != 0 ]
_result $? "NO_COLOR: no colours on it" "$cursor_row"
keys nc q
expect_exit "NO_COLOR: quits cleanly" nc 0

for term in vt100 linux screen; do
	start "t$term" zhangsan 80 24 "TERM=$term"
	expect "TERM=$term: home" "t$term" '^  Expense claim +BX'
	like "TERM=$term: the status bar" "$screen" '^ 张三·市场部·employee │ db ok │'
	like "TERM=$term: the due panel" "$screen" '│ due today'
	if [ $term = vt100 ]; then
		cursor_row=$(attrs "t$term" 'Expense claim')
		like "TERM=vt100 (no colours): the cursor row in reverse video" "$cursor_row" "$(sgr 7)"
	fi
	keys "t$term" i
	expect "TERM=$term: keys work" "t$term" '^ adminflow │ inbox'
	keys "t$term" q q
	expect_exit "TERM=$term: quits cleanly" "t$term" 0
done

# ---- 7. the screens in Chinese, where the locale is installed ----
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	start zh zhangsan 80 24 "LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8"
	expect "zh_CN: home in Chinese" zh '^ adminflow │ 首页'
	like "zh_CN: the forms' own titles" "$screen" '^  费用报销 +BX'
	like "zh_CN: the due panel" "$screen" '事项 .*│ 今日到期'
	like "zh_CN: the status bar" "$screen" '^ 张三·市场部·employee │ 数据库正常 │'
	keys zh i
	expect "zh_CN: the inbox" zh '^ adminflow │ 审批'
	like "zh_CN: its tabs" "$screen" '待办 +已办 +我的 +抄送'
	keys zh q q
	expect_exit "zh_CN: quits cleanly" zh 0
else
	echo "# SKIP the screens in Chinese: the zh_CN.UTF-8 locale is not installed (tools/bootstrap makes it)"
fi
done_testing
