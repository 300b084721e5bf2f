#!/bin/sh
# Issue 18: the fleet keeper records a vehicle's trip from the request
# screen, in the real terminal (tmux), at 80x24 in English and at 60x20 in
# Chinese (where the zh_CN.UTF-8 locale is installed): T on a done vehicle
# request asks the odometer and the driver going out, then the odometer,
# fuel, tolls and parking coming back, the same calls as `trip out|in`;
# the bookings row, the trip's costs and the audit rows are there, and
# the trip arrives in the vehicle log (the reports screen) and in `export
# trips`. A reading that is no number, negative, or below the one going
# out is refused in place naming the field, nothing written; the
# applicant is offered no T and is refused in place, the file unchanged.
# A weekly series asks the date (today's trip by default); a date with no
# trip of it is refused in place.
. "$srcdir/tests/lib.sh"
TMUX_NEEDS="sqlite3"
. "$srcdir/tests/lib_tmux.sh"
q() { sqlite3 "$DB" "$1"; }
as() { _w=$1; shift; "$AF_BIN" --db "$DB" --as "$_w" "$@"; }
# What a refusal must leave as it was: the trips' readings and drivers,
# their costs, the trip audit rows.
trips() { q "SELECT id, odometer_out, odometer_in, driver_id FROM bookings WHERE resource = 'vehicle' ORDER BY id;
	SELECT * FROM trip_costs ORDER BY booking_id; SELECT count(*) FROM audit WHERE action LIKE 'trip%'" | sha256sum; }
# the booking of request $1 on day $2: out|in|driver
reading() { q "SELECT coalesce(b.odometer_out, '-') || '|' || coalesce(b.odometer_in, '-') || '|' || coalesce(e.login, '-')
	FROM bookings b JOIN requests r ON r.id = b.request_id LEFT JOIN employees e ON e.id = b.driver_id
	WHERE r.number = '$1' AND substr(b.starts_at, 1, 10) = '$2'"; }
today=${ADMINFLOW_NOW%% *} # the company's clock, pinned for the tests (TZ=UTC)
tomorrow=$(q "SELECT date('$today', '+1 day')")
week2=$(q "SELECT date('$today', '+7 day')")
until=$(q "SELECT date('$today', '+14 day')")

# the words of the journey's language: en, else zh (grep -E)
say() { if [ "$tag" = zh ]; then echo "$2"; else echo "$1"; fi; }

# trip_journey TAG LOCALE COLS ROWS KEEPER APPLICANT VEHICLE
trip_journey() {
	tag=$1 loc="LANG=$2 LC_ALL=$2" w=$3 h=$4 keeper=$5 who=$6 car=$7
	n=$(as "$who" submit vehicle vehicle="$car" "time=$today 10:00/12:00" destination=浦东机场$tag passengers=2)
	approve_all "$n"
	is "$tag: a vehicle request done, its booking confirmed" \
		"$(q "SELECT r.state || '/' || b.state FROM requests r JOIN bookings b ON b.request_id = r.id WHERE r.number = '$n'")" "done/confirmed"

	# --- the applicant: no trip key; pressed anyway, refused in place ---
	e=em$tag
	before=$(trips)
	start $e "$who" "$w" "$h" "$loc"
	open $e "$n"
	expect "$tag: the applicant's request screen" $e "^ ($(say 'state +done' '状态 +已办结'))"
	unlike "$tag: no trip key offered to the applicant" "$screen" "$(say 'T trip' 'T 行程')"
	keys $e T
	expect "$tag: the applicant is refused, in place, in the screen's language" $e \
		"$(say "trip: not permitted for $who \\(needs the manage_resources permission\\)" "trip：$who 无权操作（需要 manage_resources")"
	is "$tag: nothing was asked" "$(printf '%s\n' "$screen" | grep -cE '(odometer|里程表)')" 0
	is "$tag: the file unchanged" "$(trips)" "$before"
	keys $e q
	tm kill-session -t $e

	# --- the keeper: out, with refusals first ---
	k=kp$tag
	start $k "$keeper" "$w" "$h" "$loc"
	open $k "$n"
	expect "$tag: the keeper is offered the trip key" $k "$(say 'T trip' 'T 行程')"
	out_q="$(say "$today going out: odometer \\(km\\):" "$today 出车：里程表（公里）：")"
	keys $k T
	expect "$tag: T asks the odometer going out" $k "$out_q"
	keys $k C-u
	text $k "12千"
	keys $k Enter
	expect "$tag: no number: refused in place, naming the field" $k \
		"$(say "trip: odometer '12千' is not a whole number of km" "出车：里程表“12千”不是整数公里数")"
	is "$tag: nothing was asked after it" "$(printf '%s\n' "$screen" | grep -cE '(driver|司机)')" 0
	keys $k T
	expect "$tag: T again" $k "$out_q"
	keys $k C-u
	tm send-keys -t $k -l -- -5
	keys $k Enter
	expect "$tag: negative: refused, naming the field" $k "$(say 'trip: odometer must not be negative' '出车：里程表不能为负')"
	is "$tag: nothing written by either" "$(trips)" "$before"
	keys $k T
	expect "$tag: T once more" $k "$out_q"
	keys $k C-u
	text $k 12000
	keys $k Enter
	expect "$tag: then the driver" $k "$(say 'driver \(login; Enter: none\):' '司机（登录名；回车：无）：')"
	text $k hujun
	keys $k Enter
	expect "$tag: out, said on the screen" $k "$(say "$n: out on $today at 12000 km" "$n：$today 出车，里程 12000 公里")"
	is "$tag: the booking has the reading and the driver" "$(reading "$n" "$today")" "12000|-|hujun"
	like "$tag: and an audit row" "$(q "SELECT actor || ' ' || detail FROM audit WHERE action = 'trip_out' AND object = '$n'")" \
		"^(root \\(as $keeper\\)|$keeper) odometer 12000\$"

	# --- back: below the reading going out, a bad amount, then right ---
	before=$(trips)
	in_q="$(say "$today back: odometer \\(km; out at 12000\\):" "$today 回车：里程表（公里；出车时 12000）：")"
	keys $k T
	expect "$tag: T now asks the odometer coming back" $k "$in_q"
	text $k 11990
	keys $k Enter
	for _f in 1 2 3; do wait_for $k "$(say '\(Enter: none\):' '（回车：无）：')"; keys $k Enter; done
	expect "$tag: below the reading going out: refused, naming the field" $k \
		"$(say 'trip: odometer 11990 is below 12000, the reading going out' '出车：里程表读数 11990 小于出车时的 12000')"
	keys $k T
	expect "$tag: T again" $k "$in_q"
	text $k 12085
	keys $k Enter
	expect "$tag: the fuel asked" $k "$(say 'fuel \(Enter: none\):' '油费（回车：无）：')"
	text $k 很多
	keys $k Enter
	expect "$tag: an amount that is none: refused, naming the field" $k \
		"$(say "trip: fuel '很多' is not an amount" "出车：油费“很多”不是金额")"
	is "$tag: nothing written by either" "$(trips)" "$before"
	keys $k T
	expect "$tag: T once more" $k "$in_q"
	text $k 12085
	keys $k Enter
	wait_for $k "$(say 'fuel \(Enter: none\):' '油费（回车：无）：')"
	text $k 120.50
	keys $k Enter
	expect "$tag: the tolls asked" $k "$(say 'tolls \(Enter: none\):' '通行费（回车：无）：')"
	text $k 35
	keys $k Enter
	expect "$tag: the parking asked" $k "$(say 'parking \(Enter: none\):' '停车费（回车：无）：')"
	text $k 10
	keys $k Enter
	expect "$tag: back, said on the screen" $k "$(say "$n: back on $today, 85 km" "$n：$today 回车，行驶 85 公里")"
	is "$tag: the booking has both readings" "$(reading "$n" "$today")" "12000|12085|hujun"
	is "$tag: the trip's costs in cents" "$(q "SELECT c.fuel_cents || '|' || c.tolls_cents || '|' || c.parking_cents FROM trip_costs c
		JOIN bookings b ON b.id = c.booking_id JOIN requests r ON r.id = b.request_id WHERE r.number = '$n'")" "12050|3500|1000"
	like "$tag: and an audit row" "$(q "SELECT actor || ' ' || detail FROM audit WHERE action = 'trip_in' AND object = '$n'")" \
		"^(root \\(as $keeper\\)|$keeper) odometer 12085\$"
	unlike "$tag: no trip key once back" "$screen" "$(say 'T trip' 'T 行程')"
	keys $k T
	expect "$tag: T is refused in place: every trip is back" $k "$(say "trip: every trip of $n is back" "出车：$n 的行程均已回车")"

	keys $k q
	tm kill-session -t $k

	# --- the vehicle log has it: the reports screen (the admin manager
	# reads it), the export ---
	m=mg$tag
	start $m wangwu "$w" "$h" "$loc"
	wait_for $m '│ (home|首页)'
	keys $m R
	goto_row $m ' vehicle-log$'
	keys $m Enter
	expect "$tag: the vehicle log on the reports screen has the trip: $car, 1 trip, 85 km" $m "^ *$car +[^ ]+ +${today%-*} +1 +85 "
	like "$tag: export trips has it, a row with its readings and costs" "$(as wangwu export trips | tr -d '\r')" \
		"^$today 10:00:00,$car,[^,]+,$n,[A-Z]+,hujun,12000,12085,85,120.50,35.00,10.00\$"
	keys $m q
	tm kill-session -t $m

	# --- a weekly series: the date asked, today's by default ---
	s=$(as "$who" submit vehicle vehicle="$car" "time=$today 14:00/16:00" destination=虹桥$tag passengers=1 repeat=weekly until="$until")
	approve_all "$s"
	is "$tag: a series of three dates, confirmed" "$(q "SELECT count(*) FROM bookings b JOIN requests r ON r.id = b.request_id WHERE r.number = '$s' AND b.state = 'confirmed'")" 3
	before=$(trips)
	k=ks$tag
	start $k "$keeper" "$w" "$h" "$loc"
	open $k "$s"
	date_q="$(say 'trip date \(YYYY-MM-DD\):' '行程日期（YYYY-MM-DD）：')"
	keys $k T
	expect "$tag: the series: T asks the date, today's by default" $k "$date_q *$today"
	keys $k C-u
	text $k "$tomorrow"
	keys $k Enter
	expect "$tag: a date with no trip of the series: refused in place" $k \
		"$(say "trip: --date $tomorrow: $s has no trip that day" "出车：--date $tomorrow：$s 当天没有行程")"
	keys $k T
	expect "$tag: T again" $k "$date_q *$today"
	keys $k Enter
	expect "$tag: today's trip goes out, the vehicle's last reading offered" $k \
		"$(say "$today going out: odometer \\(km\\): *12085" "$today 出车：里程表（公里）： *12085")"
	keys $k Enter
	wait_for $k "$(say 'driver \(login; Enter: none\):' '司机（登录名；回车：无）：')"
	text $k nobody
	keys $k Enter
	expect "$tag: a driver who is no employee: refused, naming the field" $k \
		"$(say "trip: --driver 'nobody' is not an employee" "出车：--driver “nobody”不是员工")"
	is "$tag: nothing written" "$(trips)" "$before"
	keys $k T
	wait_for $k "$date_q *$today"
	keys $k Enter
	wait_for $k "$(say "going out: odometer" "出车：里程表")"
	keys $k Enter
	wait_for $k "$(say 'driver \(login; Enter: none\):' '司机（登录名；回车：无）：')"
	keys $k Enter
	expect "$tag: today's trip of the series out" $k "$(say "$s: out on $today at 12085 km" "$s：$today 出车，里程 12085 公里")"
	keys $k T
	expect "$tag: T again: today's trip, out, is the default" $k "$date_q *$today"
	keys $k C-u
	text $k "$week2"
	keys $k Enter
	expect "$tag: the next week's trip goes out on its own" $k \
		"$(say "$week2 going out: odometer \\(km\\):" "$week2 出车：里程表（公里）：")"
	keys $k Escape
	is "$tag: today's trip alone is out, with no driver" \
		"$(reading "$s" "$today") $(reading "$s" "$week2") $(reading "$s" "$until")" "12085|-|- -|-|- -|-|-"
	keys $k q
	tm kill-session -t $k
}

trip_journey en C.UTF-8 80 24 maqiang zhangsan V04
ZH=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && ZH=zh_CN.UTF-8
if [ -n "$ZH" ]; then
	trip_journey zh "$ZH" 60 20 wangwu yangfan V05
else
	_result 0 "zh_CN # SKIP the zh_CN.UTF-8 locale is not installed"
fi
done_testing
