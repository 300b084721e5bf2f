#!/bin/sh
# The company's clock: instants are stored in UTC, everything a person types
# or reads is in the configured timezone. Shanghai (UTC+8, no summer time)
# with the fixed clock; New York across the change to summer time on
# 2027-03-14 (02:00 EST becomes 03:00 EDT: a day of 23 hours).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

printf 'timezone = "Asia/Shanghai";\n' > "$TMP/sh.conf"
printf 'timezone = "America/New_York";\n' > "$TMP/ny.conf"
ZONE="$TMP/sh.conf"
# at TIME LOGIN ARGS: adminflow in $ZONE at the instant TIME (UTC)
at() { _t=$1 _w=$2; shift 2; ADMINFLOW_NOW="$_t" "$AF_BIN" --config "$ZONE" --db "$DB" --as "$_w" "$@"; }
book() { # TIME ROOM RANGE [NAME=VALUE...]: a confirmed booking's number
	_t=$1 _r=$2 _w=$3; shift 3
	_n=$(at "$_t" zhangsan submit room_booking subject=例会 room="$_r" "time=$_w" attendees=3 "$@") &&
	at "$_t" lisi approve "$_n" >/dev/null && at "$_t" liuyang approve "$_n" >/dev/null &&
	at "$_t" zhaoliu approve "$_n" >/dev/null && echo "$_n"
}
stored() { q "SELECT group_concat(b.starts_at || '/' || b.ends_at, ' ') FROM (SELECT * FROM bookings
	ORDER BY starts_at) b JOIN requests r ON r.id = b.request_id WHERE r.number = '$1'"; }

# ---- a zone that is no zone ---------------------------------------------------
printf 'timezone = "Asia/Shangai";\n' > "$TMP/bad.conf"
out=$("$AF_BIN" --config "$TMP/bad.conf" --db "$DB" whoami 2>&1); s=$?
is "a misspelt timezone: exit 2" "$s" 2
like "a misspelt timezone: names the setting and the value" "$out" "^adminflow: .*bad.conf: timezone: 'Asia/Shangai' is no zone"

# ---- Shanghai: 14:00 on the wall clock is 06:00 UTC ------------------------------
# The clock: 2026-11-28 09:00 UTC, 17:00 in Shanghai.
b=$(book "2026-11-28 09:00:00" R301 "2026-12-01 14:00/15:00")
is "Shanghai: the booking is stored as the UTC instant" "$(stored "$b")" "2026-12-01 06:00:00/2026-12-01 07:00:00"
like "Shanghai: the request keeps the time as typed" "$(at "2026-11-28 09:00:00" zhangsan show "$b")" "2026-12-01 14:00:00/2026-12-01 15:00:00"
like "Shanghai: show says when it was submitted on the company's clock" \
	"$(at "2026-11-28 09:00:00" zhangsan show "$b" | awk -F'\t' '$1 == "submitted" { print $2 }')" "^2026-11-28 17:00"
ok "Shanghai: the booker checks in at 13:50 local (05:50 UTC)" at "2026-12-01 05:50:00" zhangsan checkin "$b"
grid=$(at "2026-11-28 09:00:00" zhangsan calendar rooms --from 2026-12-01)
# slots from 08:00 every half hour: 14:00 is the 13th, 15:00 the 15th
is "Shanghai: the grid marks 14:00-15:00 local" "$(printf '%s\n' "$grid" | awk '$1 == "R301" { print substr($0, 9) }')" \
	"............MM.........."
is "Shanghai: the grid's header starts at 08" "$(printf '%s\n' "$grid" | head -1 | cut -c9-10)" "08"

# starting soon: an hour before 14:00 local, not an hour before 14:00 UTC
b2=$(book "2026-11-28 09:00:00" R302 "2026-12-02 14:00/15:00")
at "2026-12-02 13:30:00" root remind >/dev/null
is "Shanghai: nothing is starting soon at 21:30 local" \
	"$(q "SELECT count(*) FROM notices WHERE kind = 'booking_soon' AND text LIKE '%2026-12-02%'")" 0
at "2026-12-02 05:30:00" root remind >/dev/null
like "Shanghai: starting soon at 13:30 local, with the local time" \
	"$(q "SELECT text FROM notices WHERE kind = 'booking_soon' AND text LIKE '%2026-12-02%' LIMIT 1")" "2026-12-02 14:00:00-15:00"

# a month is the company's month: submitted 2026-11-30 20:00 UTC is December in Shanghai
n=$(at "2026-11-30 20:00:00" zhangsan submit expense lines=travel,320.00 purpose=出租车)
like "Shanghai: submitted late on 30 November UTC counts in December" \
	"$(at "2026-11-30 20:00:00" root report volume --csv | grep "$(q "SELECT form FROM requests WHERE number = '$n'")")" "2026-12"
is "Shanghai: report --from/--to are the company's days" \
	"$(at "2026-11-30 20:00:00" root report volume --from 2026-12-01 --to 2026-12-01 --csv | tr -d '\r' | sed -n 2p)" \
	"expense,费用报销,2026-12,1,0,0,0,1"
like "Shanghai: the request's number carries the company's date" "$n" "^BX-20261201-"

# the full-screen program's clock agrees
export ADMINFLOW_CONFIG="$ZONE"
scr=$(printf 'dump\n' | tui_dump 80x24 zhangsan)
# the calendar at 13:00 local (05:00 UTC) opens on the company's day, at
# the current half hour, with the booking at 14:00
cal=$(printf 'key L\ndump\n' | ADMINFLOW_NOW="2026-12-01 05:00:00" tui_dump 80x24 zhangsan)
unset ADMINFLOW_CONFIG
like "Shanghai: the status bar shows 17:00, the company's time" "$scr" "11-28 17:00"
# under the grid: the room at the cursor, then its slot in the company's time
like "Shanghai: the calendar screen's cursor is at 13:00 local" \
	"$(printf '%s\n' "$cal" | grep -A1 '^R201 .* · ' | tail -1)" "^12-01 13:00-13:30 free$"
like "Shanghai: the calendar screen marks 14:00-15:00 local as mine" "$(printf '%s\n' "$cal" | grep '^R301')" \
	"^R301 [^ ]+ +[.]{24}MMMM[.]{20}$"

# ---- New York across the change to summer time ---------------------------------
ZONE="$TMP/ny.conf"
w=$(book "2026-11-28 09:00:00" R201 "2027-03-08 09:00/10:00" repeat=weekly until=2027-03-15)
is "New York: a weekly 09:00 stays 09:00 on the wall clock (14:00 UTC, then 13:00 UTC)" "$(stored "$w")" \
	"2027-03-08 14:00:00/2027-03-08 15:00:00 2027-03-15 13:00:00/2027-03-15 14:00:00"
refused "New York: 02:30 on 2027-03-14 does not exist" 3 \
	at "2026-11-28 09:00:00" zhangsan submit room_booking subject=x room=R202 "time=2027-03-14 02:30/03:30" attendees=2
like "New York: the refusal names the field" "$(cat "$TMP/.err")" "field time: 2027-03-14 02:30:00 is no time in America/New_York"
# 00:30-01:00 on the 15th is 04:30 UTC: a grid of 24-hour days from the 8th
# would put it on the 14th (which has 23 hours)
late=$(book "2026-11-28 09:00:00" R202 "2027-03-15 00:30/01:00")
is "New York: the late booking stored at 04:30 UTC" "$(stored "$late")" "2027-03-15 04:30:00/2027-03-15 05:00:00"
row=$(at "2026-11-28 09:00:00" zhangsan calendar rooms --from 2027-03-08 --days 8 | awk '$1 == "R202"')
is "New York: whole-day cells follow the 23-hour day (marked on the 15th, not the 14th)" "$row" \
	"R202         .     .     .     .     .     .     .     M"
day=$(at "2026-11-28 09:00:00" zhangsan calendar rooms --from 2027-03-14 --days 1 | awk '$1 == "R201"')
is "New York: nothing of the 15th leaks into the 14th's day grid" "$day" "R201    ........................"

# a time limit is hours as they pass: 8 hours from 00:00 EST on the 14th is
# 09:00 EDT on the wall clock
t=$(ADMINFLOW_NOW="2027-03-14 05:00:00" at "2027-03-14 05:00:00" zhangsan submit room_booking subject=x room=R202 \
	"time=2027-03-20 10:00/11:00" attendees=2)
is "New York: the limit is due 8 elapsed hours later (stored 13:00 UTC)" \
	"$(q "SELECT t.due_at FROM tasks t JOIN requests r ON r.id = t.request_id WHERE r.number = '$t' AND t.state = 'pending'")" \
	"2027-03-14 13:00:00"
is "New York: the inbox shows it due at 09:00 on the wall clock" \
	"$(at "2027-03-14 05:00:00" lisi inbox | awk -F'\t' -v n="$t" '$1 == n { print $8 }')" "2027-03-14 09:00:00"
like "New York: the request's number carries the company's date (the 14th)" "$t" "^HYS-20270314-"

# The screens on New York's clock, either side of the change: the weekly
# 09:00 (14:00 UTC on the 8th, 13:00 UTC on the 15th) is drawn at 09:00 on
# both days; lisi's inbox and status bar are on the wall clock too. The
# grid's first row (the room's detail line below also starts R201); the
# cursor's range at 08:00 is marked '=' on free slots.
export ADMINFLOW_CONFIG="$ZONE"
before_dst=$(printf 'key L\ndump\n' | ADMINFLOW_NOW="2027-03-08 13:00:00" tui_dump 80x24 zhangsan)
after_dst=$(printf 'key L\ndump\n' | ADMINFLOW_NOW="2027-03-15 12:00:00" tui_dump 80x24 zhangsan)
home=$(printf 'key i\ndump\n' | ADMINFLOW_NOW="2027-03-14 05:00:00" tui_dump 80x24 lisi)
unset ADMINFLOW_CONFIG
like "New York screens: 03-08 (EST) opens on the company's day at 08:00" "$before_dst" "03-08 08:00 "
like "New York screens: 03-08 (EST), the weekly booking at 09:00-10:00" \
	"$(printf '%s\n' "$before_dst" | grep '^R201' | head -n 1)" "^R201 [^ ]+ +[.=]{4}[Mm]{4}[.]{40}$"
like "New York screens: 03-15 (EDT) opens on the company's day at 08:00" "$after_dst" "03-15 08:00 "
like "New York screens: 03-15 (EDT), still at 09:00-10:00 on the wall clock" \
	"$(printf '%s\n' "$after_dst" | grep '^R201' | head -n 1)" "^R201 [^ ]+ +[.=]{4}[Mm]{4}[.]{40}$"
like "New York screens: lisi's inbox shows the booking at 10:00 as typed (14:00 UTC, EDT)" "$home" "$t .* R202 · 03-20 10:00"
like "New York screens: the status bar is at 00:00 EST on the 14th (05:00 UTC)" "$home" "│ 03-14 00:00 │"

# the real terminal: the status bar's clock in each zone
if command -v tmux >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	CONF="$TMP/tmux-sh.conf"
	printf 'database = "%s";\nforms_dir = "%s";\ntimezone = "Asia/Shanghai";\n' "$DB" "$FORMS" > "$CONF"
	. "$srcdir/tests/lib_tmux.sh"
	start sh zhangsan 80 24
	expect "tmux, Shanghai: the status bar shows 17:00 when it is 09:00 UTC" sh '11-28 17:00'
	keys sh L
	expect "tmux, Shanghai: the calendar opens on the company's day" sh 'rooms 2026-11-28'
	CONF="$TMP/tmux-ny.conf"
	printf 'database = "%s";\nforms_dir = "%s";\ntimezone = "America/New_York";\n' "$DB" "$FORMS" > "$CONF"
	start ny zhangsan 60 20
	expect "tmux, New York at 60x20: the status bar shows 04:00 (EST)" ny '│ 04:00 │'
	keys sh q
	keys ny q
else
	for d in "tmux, Shanghai: status bar" "tmux, Shanghai: calendar" "tmux, New York: status bar"; do
		echo "ok $((_n = _n + 1)) # SKIP $d: tmux and root needed"
	done
fi

done_testing
