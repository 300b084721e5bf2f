# A series of bookings, a room's or a vehicle's, follows one rule: the
# checks both share (sourced after tests/lib.sh and tests/lib_engine.sh
# by affairs_series.sh and affairs_vehicle_series.sh).

# held NUMBER: how many of its bookings are not cancelled.
held() { q "SELECT count(*) FROM bookings b JOIN requests r ON r.id = b.request_id WHERE r.number = '$1' AND b.state <> 'cancelled'"; }

# series_left_out WHAT SERIES RESOURCE TIMES BLOCKER: SERIES LOGIN
# RESOURCE START UNTIL [OPTIONS...] submits a weekly series at the hours
# TIMES (as listed: 10:00–11:00); BLOCKER holds RESOURCE on 2027-02-08.
# Zhangsan's series 2027-02-01 to 02-22 is refused whole, the taken date
# listed with who has it (exit 3, nothing held); left out by --skip it is
# booked without it (recorded, shown) and withdrawn; --skip-clashes books
# the free dates and says which it did not get. $n2 is that series.
series_left_out() {
	_what=$1 _fn=$2 _res=$3 _times=$4 _blocker=$5
	_before=$(q "SELECT count(*) FROM bookings")
	_out=$($_fn zhangsan "$_res" 2027-02-01 2027-02-22 2> "$TMP/err"); _s=$?
	is "$_what with a date taken is refused: exit 3" "$_s" 3
	is "the taken date listed alone on its line, with its times and who has it" "$_out" \
		"$(printf '2027-02-08\t%s\t%s' "$_times" "$_blocker")"
	like "the message names the field and the date" "$(cat "$TMP/err")" \
		"^adminflow: field time: 1 of the 4 dates of the series is taken \(2027-02-08\); leave them out"
	is "nothing was held" "$(q "SELECT count(*) FROM bookings")" "$_before"

	n1=$($_fn zhangsan "$_res" 2027-02-01 2027-02-22 --skip 2027-02-08 2>/dev/null)
	is "--skip DATE books the other three" "$(held "$n1")" 3
	is "the date left out is recorded, with who has it" \
		"$(q "SELECT day, why, holder FROM booking_skips k JOIN requests r ON r.id = k.request_id WHERE r.number = '$n1'")" \
		"2027-02-08|clash|$_blocker"
	like "show lists each date and what became of it" "$(as zhangsan show "$n1")" \
		"occurrence.2	2027-02-08 $_times $_res skipped \(left out: taken by $_blocker\)"
	as zhangsan withdraw "$n1" -m 重来 >/dev/null
	n2=$($_fn zhangsan "$_res" 2027-02-01 2027-02-22 --skip-clashes 2> "$TMP/err")
	is "--skip-clashes books the free dates" "$(held "$n2")" 3
	is "and says which date it did not get, and why" "$(cat "$TMP/err")" \
		"adminflow: $n2: 2027-02-08 $_times not booked: taken by $_blocker"
	is "recorded with who had it" \
		"$(q "SELECT why, holder FROM booking_skips k JOIN requests r ON r.id = k.request_id WHERE r.number = '$n2'")" "clash|$_blocker"
}
