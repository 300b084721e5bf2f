#!/bin/sh
# A vehicle dispatch repeated weekly (issue 18: the Monday airport run),
# by the same rule as a room's series: a date the vehicle is taken is
# listed with who has it and the series refused whole (exit 3) until it is
# left out (--skip DATE, --skip-clashes); one date is cancelled or moved
# alone; each date of a confirmed series is its own trip (out and in);
# two series at once never both hold a date. The screens do the same
# through the same calls: the vehicle form's taken date listed, the rest
# booked, a date cancelled from the request screen.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
. "$srcdir/tests/lib_series.sh"
af_init

dates() { q "SELECT group_concat(substr(starts_at, 1, 16) || '=' || state, ' ') FROM (SELECT b.starts_at, b.state FROM bookings b
	JOIN requests r ON r.id = b.request_id WHERE r.number = '$1' ORDER BY b.starts_at)"; }
run() { # LOGIN VEHICLE START_DAY UNTIL [OPTIONS...]: the weekly airport run
	_w=$1 _v=$2 _d=$3 _u=$4; shift 4
	as "$_w" submit vehicle vehicle="$_v" "time=$_d 07:00/09:00" destination=浦东机场 passengers=2 repeat=weekly until="$_u" "$@"
}

# --- a date taken: listed, the series refused whole; left out: the rest --------
blocker=$(as wangwu submit vehicle vehicle=V01 'time=2027-02-08 08:00/10:00' destination=虹桥 passengers=1)
series_left_out "a vehicle series" run V01 07:00–09:00 "$blocker"
like "--skip DATE: submitted" "$n1" "^YC-"
status_is "a --skip date not in the series: exit 3" 3 run zhangsan V02 2027-03-01 2027-03-15 --skip 2027-03-02
status_is "a single trip taken is still a conflict: exit 5" 5 \
	as zhangsan submit vehicle vehicle=V01 'time=2027-02-08 07:00/09:00' destination=x passengers=1
is "the fleet keeper is told of the series when it is asked for" "$(q "SELECT count(*) FROM notices n JOIN employees e ON e.id = n.employee_id
	WHERE e.login = 'maqiang' AND n.text LIKE '%booking asked: $n2 V01 % (series)'")" 1

# --- one date alone: cancelled, moved -----------------------------------------
ok "the booker cancels one trip" as zhangsan occurrence cancel "$n2" 2027-02-15 -m 春节
dump() { sqlite3 "$DB" "SELECT * FROM bookings; SELECT * FROM actions; SELECT count(*) FROM notices" | sha256sum; }
refused_why "moved onto a time the vehicle is taken" 5 "is already booked by $blocker" \
	as zhangsan occurrence move "$n2" 2027-02-22 --to "2027-02-08 07:00"
refused_why "changed by someone who is neither booker nor keeper" 4 "only the applicant" \
	as lisi occurrence cancel "$n2" 2027-02-22
ok "the fleet keeper moves one trip" as maqiang occurrence move "$n2" 2027-02-22 --to "2027-02-23 07:30" -m 改期
is "one cancelled, one moved (its length kept), the first untouched" "$(dates "$n2")" \
	"2027-02-01 07:00=held 2027-02-15 07:00=cancelled 2027-02-23 07:30=held"
like "on the timeline" "$(timeline "$n2" zhangsan)" "occurrence_move	2027-02-22 07:00 moved to 2027-02-23 07:30: 改期"
is "the booker is told of the move" "$(q "SELECT count(*) FROM notices n JOIN employees e ON e.id = n.employee_id
	WHERE e.login = 'zhangsan' AND n.text LIKE '%booking changed: $n2 2027-02-22 07:00 moved to 2027-02-23 07:30%'")" 1

# --- confirmed: each date its own trip -----------------------------------------
n3=$(run zhangsan V03 2027-03-01 2027-03-15)
as lisi approve "$n3" >/dev/null && as maqiang approve "$n3" >/dev/null
is "the series is done, its three dates confirmed" "$(state_of "$n3")/$(dates "$n3")" \
	"done/2027-03-01 07:00=confirmed 2027-03-08 07:00=confirmed 2027-03-15 07:00=confirmed"
ok "one date of the confirmed series cancelled" as zhangsan occurrence cancel "$n3" 2027-03-08
ok "the first Monday: out" as maqiang trip out "$n3" --odometer 30000 --driver hujun
ok "and in" as maqiang trip in "$n3" --odometer 30080 --fuel 12 --tolls 30
ok "the next date left: out (not 'already gone out')" as maqiang trip out "$n3" --odometer 30100
ok "and in" as maqiang trip in "$n3" --odometer 30190 --fuel 14
is "a trip a date, the cancelled one none" \
	"$(q "SELECT group_concat(substr(starts_at, 1, 10) || ':' || coalesce(odometer_out, '-') || '-' || coalesce(odometer_in, '-'), ' ')
		FROM (SELECT b.* FROM bookings b JOIN requests r ON r.id = b.request_id WHERE r.number = '$n3' ORDER BY b.starts_at)")" \
	"2027-03-01:30000-30080 2027-03-08:--- 2027-03-15:30100-30190"
status_is "every date gone out: a third is a conflict" 5 as maqiang trip out "$n3" --odometer 30200
like "the vehicle log counts both trips" "$(as wangwu report vehicle-log --csv | tr -d '\r')" "^V03,沪C50377,2027-03,2,170,"

# --- --date: a trip of a given date, in any order -----------------------------
# The third Monday goes first (the second's flight was late); a date that is
# no trip of the request is exit 3, a cancelled one, one already out, or
# (coming back) one not out or already back exit 5; nothing written then.
odo() { q "SELECT group_concat(substr(starts_at, 1, 10) || ':' || coalesce(odometer_out, '-') || '-' || coalesce(odometer_in, '-'), ' ')
	FROM (SELECT b.* FROM bookings b JOIN requests r ON r.id = b.request_id WHERE r.number = '$1' ORDER BY b.starts_at)"; }
n5=$(run zhangsan V03 2027-05-03 2027-05-24)
as lisi approve "$n5" >/dev/null && as maqiang approve "$n5" >/dev/null
ok "a date of the confirmed series cancelled" as zhangsan occurrence cancel "$n5" 2027-05-10
ok "--date: the third Monday out first" as maqiang trip out "$n5" --date 2027-05-17 --odometer 31000 --driver hujun
ok "--date: and in" as maqiang trip in "$n5" --date 2027-05-17 --odometer 31090 --fuel 11
ok "--date: the first Monday out after it" as maqiang trip out "$n5" --odometer 31100 --date 2027-05-03
is "--date: the trips of the dates asked for, no other" "$(odo "$n5")" \
	"2027-05-03:31100-- 2027-05-10:--- 2027-05-17:31000-31090 2027-05-24:---"
dump() { q "SELECT odometer_out, odometer_in, driver_id FROM bookings ORDER BY id; SELECT * FROM trip_costs; SELECT count(*) FROM audit WHERE action LIKE 'trip%'" | sha256sum; }
refused_why "--date: not a date of the request" 3 "^adminflow: trip: --date 2027-05-11: $n5 has no trip that day\$" \
	as maqiang trip out "$n5" --date 2027-05-11 --odometer 31200
refused_why "--date: not a date at all" 3 "^adminflow: trip: --date '2027-05-32' is not a date \(YYYY-MM-DD\)\$" \
	as maqiang trip out "$n5" --date 2027-05-32 --odometer 31200
refused_why "--date: a cancelled date" 5 "^adminflow: trip: --date 2027-05-10: that trip of $n5 is cancelled, not confirmed\$" \
	as maqiang trip out "$n5" --date 2027-05-10 --odometer 31200
refused_why "--date: a date already out" 5 "^adminflow: trip: $n5 on 2027-05-03 has already gone out\$" \
	as maqiang trip out "$n5" --date 2027-05-03 --odometer 31200
refused_why "--date: back, a date not out" 5 "^adminflow: trip: $n5 on 2027-05-24 has not gone out yet \(trip out first\)\$" \
	as maqiang trip in "$n5" --date 2027-05-24 --odometer 31200
refused_why "--date: back, a date already back" 5 "^adminflow: trip: $n5 on 2027-05-17 is already back\$" \
	as maqiang trip in "$n5" --date 2027-05-17 --odometer 31200
refused_why "--date: twice" 2 "^adminflow: trip: unknown option '--date'\$" \
	as maqiang trip in "$n5" --date 2027-05-03 --date 2027-05-17 --odometer 31200
ok "--date: the one out comes back" as maqiang trip in "$n5" --date 2027-05-03 --odometer 31150
is "--date: every refusal wrote nothing, the rest did" "$(odo "$n5")" \
	"2027-05-03:31100-31150 2027-05-10:--- 2027-05-17:31000-31090 2027-05-24:---"

# --- two series at once -----------------------------------------------------------
# A asks for 4 Mondays, B for 5, the first 3 of B's A's last 3. With
# --skip-clashes both book, every Monday held once, the later one told the
# 3 shared dates; no date is held twice.
shared="2027-04-12 2027-04-19 2027-04-26"
rm -f "$TMP/go"
( while [ ! -e "$TMP/go" ]; do :; done; run zhangsan V02 2027-04-05 2027-04-26 --skip-clashes > /dev/null 2> "$TMP/a.err"; echo $? > "$TMP/a.st" ) &
p1=$!
( while [ ! -e "$TMP/go" ]; do :; done; run wangwu V02 2027-04-12 2027-05-10 --skip-clashes > /dev/null 2> "$TMP/b.err"; echo $? > "$TMP/b.st" ) &
p2=$!
sleep 0.05
: > "$TMP/go"
wait "$p1" "$p2"
ta=$(grep -o ': 2027-[0-9-]*' "$TMP/a.err" | cut -c3- | tr '\n' ' ' | sed 's/ $//')
tb=$(grep -o ': 2027-[0-9-]*' "$TMP/b.err" | cut -c3- | tr '\n' ' ' | sed 's/ $//')
is "both booked" "$(cat "$TMP/a.st") $(cat "$TMP/b.st")" "0 0"
is "six Mondays held, once each" "$(q "SELECT count(*) || '/' || count(DISTINCT date(starts_at)) FROM bookings b JOIN vehicles v ON v.id = b.resource_id
	WHERE b.resource = 'vehicle' AND v.code = 'V02' AND b.state <> 'cancelled' AND b.starts_at >= '2027-04-01'")" "6/6"
is "the later one told exactly the shared dates" "$ta|$tb" \
	"$(if [ -n "$ta" ]; then echo "$shared|"; else echo "|$shared"; fi)"
is "no vehicle is ever held twice at once" "$(q "SELECT count(*) FROM bookings a JOIN bookings b ON a.id < b.id AND a.resource = b.resource
	AND a.resource_id = b.resource_id AND a.state <> 'cancelled' AND b.state <> 'cancelled'
	AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at")" 0

# --- the screens ---------------------------------------------------------------------
export TERM=xterm-256color
taken=$(as wangwu submit vehicle vehicle=V01 'time=2027-06-14 08:00/10:00' destination=虹桥 passengers=1)
j16='key j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\n'
scr=$(printf "${j16}key Enter\nkey Enter\ntype V01\nkey Enter\nkey Down\ntype 2027-06-07 07:00/09:00\nkey Down\ntype 机场班车\nkey Down\ntype 2\nkey Down\nkey Down\nkey Enter\nkey Down\nkey Down\nkey Enter\nkey Down\ntype 2027-06-28\ndump\nkey F10\nkey C-x\ndump\nkey Enter\ndump\n" | tui_dump 80x24 zhangsan)
like "80x24: the vehicle form repeats weekly" "$scr" '^ Repeat +Weekly$'
like "the taken date listed, with who has it" "$scr" "^  2027-06-14 07:00–09:00 $taken\$"
like "Enter books the rest" "$scr" '^submitted YC-'
n4=$(q "SELECT number FROM requests WHERE summary LIKE '机场班车%'")
is "three dates held, the taken one left out" "$(held "$n4")/$(q "SELECT day || '|' || why FROM booking_skips k JOIN requests r ON r.id = k.request_id WHERE r.number = '$n4'")" \
	"3/2027-06-14|clash"
if locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
	scr=$(printf 'key #\ntype %s\nkey Enter\nkey D\nkey Down\nkey Down\nkey Enter\nkey c\ntype 端午\nkey Enter\nkey G\ndump\n' "$n4" |
		LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 tui_dump 60x20 zhangsan)
	like "zh_CN, 60x20: a trip of the series cancelled alone from the request screen" "$scr" "^2027-06-21 07:00–09:00 V01 · 已取消 · 此次已取消\$"
else
	scr=$(printf 'key #\ntype %s\nkey Enter\nkey D\nkey Down\nkey Down\nkey Enter\nkey c\ntype 端午\nkey Enter\nkey G\ndump\n' "$n4" | tui_dump 60x20 zhangsan)
	like "60x20: a trip of the series cancelled alone from the request screen" "$scr" "^2027-06-21 07:00–09:00 V01 · cancelled · this date cancelled\$"
fi
is "in the database that date alone" "$(dates "$n4")" "2027-06-07 07:00=held 2027-06-21 07:00=cancelled 2027-06-28 07:00=held"
done_testing
