#!/bin/sh
# What happened at a booking (checked in, or a no-show) and when a lent
# asset is due back, with the demo company and a fixed clock: who may
# record each, once, only once it has begun; the schema's own refusals;
# and remind telling the holder, then the asset keepers, daily until the
# asset is back, never twice the same day.
. "$srcdir/tests/lib.sh"
af_init

q() { sqlite3 "$DB" "$1"; }
at() { _t=$1; shift; ADMINFLOW_NOW="$_t" af --as "$@"; }
att() { q "SELECT coalesce(b.attendance, '-') || '|' || coalesce(b.attendance_at, '-') || '|' || coalesce(e.login, '-')
	FROM bookings b JOIN requests r ON r.id = b.request_id LEFT JOIN employees e ON e.id = b.attendance_by
	WHERE r.number = '$1' ORDER BY b.starts_at $([ "${2:-}" = all ] || echo LIMIT 1)"; }
dump() { q "SELECT * FROM bookings; SELECT * FROM assets; SELECT count(*) FROM notices; SELECT count(*) FROM audit WHERE action <> 'as'" | sha256sum; }

# ---- a booking, then a weekly series, both confirmed -------------------------
book() { # TIME ROOM RANGE [repeat=... until=...]
	_t=$1 _r=$2 _w=$3; shift 3
	_n=$(at "$_t" zhangsan submit room_booking subject=例会 room="$_r" "time=$_w" attendees=3 "$@") &&
	at "$_t" lisi approve "$_n" >/dev/null && at "$_t" liuyang approve "$_n" >/dev/null &&
	at "$_t" zhaoliu approve "$_n" >/dev/null && echo "$_n"
}
b1=$(book "2026-11-28 09:00:00" R301 "2026-12-01 09:00/10:00")
is "a booking confirmed" "$(q "SELECT b.state FROM bookings b JOIN requests r ON r.id = b.request_id WHERE r.number = '$b1'")" confirmed
b2=$(book "2026-11-28 09:00:00" R302 "2026-12-01 14:00/15:00" repeat=weekly until=2026-12-15)
is "a weekly series of three confirmed" "$(q "SELECT count(*) FROM bookings b JOIN requests r ON r.id = b.request_id WHERE r.number = '$b2' AND b.state = 'confirmed'")" 3

# ---- check-in ---------------------------------------------------------------------------------
refused_why "checking in a day early" 5 "$b1: no confirmed booking has begun" at "2026-11-30 09:00:00" zhangsan checkin "$b1"
refused_why "checking in 20 minutes early" 5 "$b1: no confirmed booking has begun" at "2026-12-01 08:40:00" zhangsan checkin "$b1"
refused_why "somebody else's booking" 4 "only the booker or a keeper of rooms and vehicles" at "2026-12-01 08:50:00" lisi checkin "$b1"
refused_why "no such request" 3 "XX-1: no such request" at "2026-12-01 08:50:00" zhangsan checkin XX-1
refused_why "a bad --date" 3 "checkin: --date '2026-12-32' is not a date" at "2026-12-01 08:50:00" zhangsan checkin "$b1" --date 2026-12-32
status_is "checkin without a number is a usage error" 2 at "2026-12-01 08:50:00" zhangsan checkin
ok "the booker checks in 10 minutes early" at "2026-12-01 08:50:00" zhangsan checkin "$b1"
is "recorded with time and person" "$(att "$b1")" "checked_in|2026-12-01 08:50:00|zhangsan"
refused_why "checking in twice" 5 "$b1: already recorded as checked in" at "2026-12-01 09:05:00" zhaoliu checkin "$b1"
refused_why "a no-show after a check-in" 5 "already recorded as checked in" at "2026-12-01 09:30:00" zhaoliu noshow "$b1"
is "audited once" "$(q "SELECT count(*) || ' ' || detail FROM audit WHERE action = 'checkin' AND object = '$b1'")" "1 room 2026-12-01 09:00:00"

# ---- no-show: the venue keeper, only after the start ---------------------------------------------
refused_why "the booker may not record a no-show" 4 "noshow: you need the manage_resources permission" \
	at "2026-12-01 14:30:00" zhangsan noshow "$b2"
refused_why "a no-show before the start" 5 "$b2: the booking has not begun \\(a no-show is known only after the start\\)" \
	at "2026-12-01 14:30:00" zhaoliu noshow "$b2" --date 2026-12-08
ok "the venue keeper records a no-show" at "2026-12-01 14:20:00" zhaoliu noshow "$b2"
is "the first of the series is the no-show" "$(att "$b2")" "no_show|2026-12-01 14:20:00|zhaoliu"
ok "a later occurrence checked in by date" at "2026-12-08 13:55:00" zhangsan checkin "$b2" --date 2026-12-08
is "each occurrence has its own record" "$(att "$b2" all | tr '\n' ' ')" \
	"no_show|2026-12-01 14:20:00|zhaoliu checked_in|2026-12-08 13:55:00|zhangsan -|-|- "
refused_why "a day with no occurrence" 5 "$b2: no confirmed booking on 2026-12-09" at "2026-12-09 14:00:00" zhaoliu noshow "$b2" --date 2026-12-09

# The schema holds the same rules for any writer.
like "the schema refuses a second record" \
	"$(q "UPDATE bookings SET attendance = 'no_show', attendance_at = '2026-12-01 15:00:00' WHERE request_id = (SELECT id FROM requests WHERE number = '$b1')" 2>&1)" \
	"attendance: already recorded for this booking"
like "the schema refuses a no-show before the start" \
	"$(q "UPDATE bookings SET attendance = 'no_show', attendance_at = '2026-12-15 13:00:00' WHERE starts_at = '2026-12-15 14:00:00'" 2>&1)" \
	"attendance: the booking has not begun"
like "the schema refuses a made-up attendance" \
	"$(q "UPDATE bookings SET attendance = 'late', attendance_at = '2026-12-15 15:00:00' WHERE starts_at = '2026-12-15 14:00:00'" 2>&1)" \
	"CHECK constraint failed"

# The calendar screen: Enter on the booked slot opens its request; N on the
# last occurrence before its start is refused there, I by the booker
# records the check-in. The cursor opens on the current half hour (13:30,
# then 14:00) and goes down to the room's row.
row=$(( $(af calendar rooms --from 2026-12-15 | awk '$1 == "R302" { print NR }') - 2 ))
keys() { # n KEY: n times KEY
	_i=0; while [ $_i -lt "$1" ]; do printf 'key %s\n' "$2"; _i=$((_i + 1)); done
}
cal() { # TIME LOGIN, keys on stdin; the screens on stdout
	{ printf 'key L\n'; cat; } > "$TMP/keys"
	ADMINFLOW_NOW="$1" ADMINFLOW_TUI_SCRIPT="$TMP/keys" ADMINFLOW_TUI_DUMP="$TMP/dump" COLUMNS=80 LINES=24 \
		TERM=xterm-256color "$AF_BIN" --db "$DB" --as "$2" >/dev/null 2>&1 && cat "$TMP/dump"
}
scr=$({ keys "$row" j; keys 1 l; printf 'key Enter\ndump\n'; } | cal "2026-12-15 13:50:00" zhaoliu)
like "calendar: Enter on a booked slot opens its request" "$scr" "^ number +$b2$"
scr=$({ keys "$row" j; keys 1 l; printf 'key N\ndump\n'; } | cal "2026-12-15 13:50:00" zhaoliu)
like "calendar: a no-show before the start is refused, saying why" "$scr" "the booking has not begun"
scr=$({ keys "$row" j; keys 1 l; printf 'key I\ndump\n'; } | cal "2026-12-15 13:50:00" zhangsan)
like "calendar: the booker checks in with I" "$scr" "$b2: checked in"
is "... recorded for that day's occurrence" "$(att "$b2" all | tail -1)" "checked_in|2026-12-15 13:50:00|zhangsan"
scr=$({ keys "$row" j; printf 'key I\ndump\n'; } | cal "2026-12-15 14:10:00" zhaoliu)
like "calendar: a second record is refused" "$scr" "already recorded as checked in"

# ---- assets due back, and remind -----------------------------------------------------------------
TAG=$(q "SELECT tag FROM assets WHERE status = 'in_stock' ORDER BY tag LIMIT 1")
TAG2=$(q "SELECT tag FROM assets WHERE status = 'in_stock' ORDER BY tag LIMIT 1 OFFSET 1")
keepers=$(awk -F, '$2 == "asset_keeper"' "$DATA/roles.csv" | wc -l | tr -d ' ')
ok "lent to wangwu until 12-10" at "2026-12-01 09:00:00" guojing assets assign "$TAG" wangwu --return-due 2026-12-10
ok "another lent without a date" at "2026-12-01 09:00:00" guojing assets assign "$TAG2" wangwu
due() { ADMINFLOW_NOW="$1" af remind ${2:-} | grep '^asset-due	'; }
is "before the date: nothing" "$(due "2026-12-09 08:00:00" --dry-run)" ""
is "on the date: the holder, due today" "$(due "2026-12-10 08:00:00")" \
	"asset-due	$TAG	$(q "SELECT name FROM assets WHERE tag = '$TAG'")	wangwu	held by wangwu, due back today"
is "the same day again: nothing" "$(due "2026-12-10 17:00:00")" ""
out=$(due "2026-12-12 08:00:00")
is "two days late: the holder and every asset keeper" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" $(( 1 + keepers ))
like "... saying how late" "$out" "	guojing	held by wangwu, due back 2026-12-10, 2 days overdue$"
is "the notice is in the holder's list" "$(q "SELECT count(*) FROM notices n JOIN employees e ON e.id = n.employee_id
	WHERE e.login = 'wangwu' AND n.kind = 'asset_due'")" 2
is "... once per day" "$(due "2026-12-12 18:00:00")" ""
# The screens: the home panel of the holder and of the asset keeper, and
# the registers' assets tab marking it overdue.
tui() { # LOGIN, keys on stdin; the dump on stdout
	cat > "$TMP/keys"
	ADMINFLOW_NOW="2026-12-12 09:00:00" ADMINFLOW_TUI_SCRIPT="$TMP/keys" ADMINFLOW_TUI_DUMP="$TMP/dump" \
		COLUMNS=80 LINES=24 TERM=xterm-256color "$AF_BIN" --db "$DB" --as "$1" >/dev/null 2>&1 && cat "$TMP/dump"
}
like "home: the holder sees it due back" "$(printf 'dump\n' | tui wangwu)" "due back +$TAG 2026-12-10 王五 "
like "home: so does the asset keeper" "$(printf 'dump\n' | tui guojing)" "due back +$TAG "
ok "home: nobody else" sh -c '! printf "%s" "$1" | grep -q "due back"' - "$(printf 'dump\n' | tui zhangsan)"
like "registers: the assets tab marks it overdue, with its date" \
	"$(printf 'key r\nkey Tab\ntype %s\ndump\n' "" | tui wangwu | grep "^!.*$TAG")" "^! +$TAG .*2026-12-10"
ok "returned" at "2026-12-12 10:00:00" guojing assets return "$TAG"
is "returned: no more reminders" "$(due "2026-12-13 08:00:00")" ""
is "the asset without a date is never reminded" "$(q "SELECT count(*) FROM notices WHERE text LIKE '%$TAG2%'")" 0

done_testing
