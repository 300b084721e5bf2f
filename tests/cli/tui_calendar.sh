#!/bin/sh
# The calendar as a booking tool (script mode, on the demo company's week):
# the weekday and "today" in the header, capacity and equipment of the room
# under the cursor, a range of slots chosen with Space and the arrows (and
# with Shift-arrows) booked in one form, a range over a taken slot refused
# in a line that fits 60 columns, my pending booking drawn apart from my
# confirmed one, today and go-to-date keys; and on every screen, at 80 and
# 60 columns in English and Chinese, "? help" whole at the end of the
# status bar. The tmux part: --demo --as anyone, said on the status bar.
. "$srcdir/tests/lib.sh"
export TERM=xterm-256color
export ADMINFLOW_NOW="2026-11-28 09:00:00"
"$AF_BIN" --db "$DB" init --demo --history >/dev/null || { echo "Bail out! init --demo --history failed"; exit 1; }

scr=$(printf 'key L\ndump\n' | tui_dump 80x24 zhangsan)
like "the header: the date, its weekday, today" "$scr" '^rooms 2026-11-28 Sat · today'
like "the room under the cursor: capacity and equipment" "$scr" '^R201 201洽谈室 · 4 people · 电视;白板'
like "the legend tells mine from mine pending" "$scr" 'M mine  m mine, pending'
like "the cursor starts at the current half hour" "$scr" '^11-28 09:00-09:30 free'
like "80 columns: ? help at the end of the status bar" "$scr" '\? help$'

# Tomorrow (PgDn): the weekly meeting is zhangsan's, pending; the review
# booked by someone else.
scr=$(printf 'key L\nkey PgDn\nkey PgDn\ndump\n' | tui_dump 80x24 zhangsan)
like "zhangsan's pending booking is drawn as m" "$scr" '^R301 301会… +\.*mmmm'
like "the day after tomorrow is a Monday" "$scr" '^rooms 2026-11-30 Mon'
keys='key L\nkey PgDn\nkey .\ndump\n'
like "'.' is back to today" "$(printf "$keys" | tui_dump 80x24 zhangsan)" '^rooms 2026-11-28 Sat · today'

# A range: R202 from 09:00, Space, three slots right, Enter: the form has
# the room and the whole time.
scr=$(printf 'key L\nkey j\nkey Space\nkey l\nkey l\nkey l\ndump\nkey Enter\ndump\n' | tui_dump 60x20 zhangsan)
like "60x20: the selection's time and that Enter books it" "$scr" '^11-28 09:00-11:00 free: Enter books it all'
like "60x20: the selected range is marked on the grid, not by colour alone" "$scr" '^R202 … \.\.====\.+$'
scr80=$(printf 'key L\nkey j\nkey Space\nkey l\nkey l\nkey l\ndump\n' | tui_dump 80x24 zhangsan)
like "80x24: the same range marked, two columns a slot" "$scr80" '^R202 202洽…  \.\.\.\.========\.+$'
like "the booking form has the room" "$scr" '^\*Room +R202'
like "and the whole range of time" "$scr" '^\*Time +2026-11-28 09:00/11:00'
scr=$(printf 'key L\nkey j\nkey Shift-Right\nkey Shift-Right\nkey Enter\ndump\n' | tui_dump 80x24 zhangsan)
like "Shift-Right widens the selection too" "$scr" '^\*Time +2026-11-28 09:00/10:30'

# Tomorrow R301 09:00-11:00 is booked: a range over it is refused, short.
scr=$(printf 'key L\nkey PgDn\nkey j\nkey j\nkey h\nkey h\nkey Space\nkey l\nkey l\nkey l\nkey Enter\ndump\n' | tui_dump 60x20 zhangsan)
like "a range over a taken slot: which request has it" "$scr" '^R301 09:00 taken: HYS-20261125-0001 *$'
line=$(printf '%s\n' "$scr" | grep '^R301 09:00 taken')
[ "$(printf '%s' "$line" | sed 's/ *$//' | wc -m)" -le 60 ]
_result $? "and it fits in 60 columns" "$line"

# "? help" is never cut, on any screen, at 80 and 60, English and Chinese.
zh=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && zh=zh_CN.UTF-8
for lang in C.UTF-8 $zh; do
	for size in 80x24 60x20; do
		for keys in 'dump' 'key i\ndump' 'key i\nkey Enter\ndump' 'key L\ndump' 'key r\ndump' 'key R\ndump' \
			    'key Enter\ndump'; do
			scr=$(printf "$keys\\n" | LANG=$lang LC_ALL=$lang tui_dump $size chenzong)
			last=$(printf '%s\n' "$scr" | tail -n 1)
			like "$lang $size ($(printf "$keys" | tr '\n' ' ')): the status bar ends with ? help (F1 in a form)" "$last" '(\?|F1) (help|帮助)$'
		done
	done
done

# --demo --as: anyone of the demo company, and the status bar says so.
CONF="$TMP/adminflow.conf"
printf 'forms_dir = "%s";\ndata_dir = "%s";\n' "$FORMS" "$DATA" > "$CONF"
. "$srcdir/tests/lib_tmux.sh"
tm new-session -d -s demo -x 80 -y 24 "env HOME='$HOME' ADMINFLOW_NOW='$ADMINFLOW_NOW' '$AF_BIN' --config '$CONF' --demo --as lisi; echo \$? > '$TMP/demo.exit'"
expect "--demo --as lisi: the status bar says demo and who" demo '^ demo: 李四 │'
keys demo i
expect "the demo has lisi's to-do waiting, overdue" demo '^! WY-20261122-0001 '
keys demo q q
expect_exit "and quits cleanly" demo 0
done_testing
