#!/bin/sh
# Dates that cannot be meant (issue 14): a date that does not exist, a trip
# that returns before it departs, a time range that ends before it starts,
# a booking that starts in the past (on the company's clock) are refused at
# submit with exit 3 naming the field; the admin manager's submit
# --backdate is the one exception, and it is audited.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

trip() { as zhangsan submit travel destination=上海 purpose=拜访 estimate=100 "$@"; }
refused_why "2026-02-30 is no date" 3 "field start: '2026-02-30' is not a date" trip start=2026-02-30 end=2026-03-02
refused_why "a trip that returns before it departs" 3 "field end: 2026-12-02 comes before start \(2026-12-05\)" \
	trip start=2026-12-05 end=2026-12-02
ok "a trip of one day" trip start=2026-12-05 end=2026-12-05
status_is "route says the same" 3 as zhangsan route travel destination=x purpose=p estimate=1 start=2026-12-05 end=2026-12-02

# The clock: 2026-11-28 09:00 UTC is 17:00 in Shanghai.
printf 'timezone = "Asia/Shanghai";\n' > "$TMP/sh.conf"
sh_as() { _w=$1; shift; "$AF_BIN" --config "$TMP/sh.conf" --db "$DB" --as "$_w" "$@"; }
room() { sh_as "$1" submit room_booking ${3:-} subject=周会 room=R201 attendees=3 time="$2"; }
refused_why "a booking that started this afternoon (16:00 Shanghai)" 3 \
	"field time: 2026-11-28 16:00:00 is in the past \(now 2026-11-28 17:00 Asia/Shanghai\); only the admin manager" \
	room zhangsan "2026-11-28 16:00/18:00"
ok "one at 18:00 the same day is fine (10:00 UTC, after now)" room zhangsan "2026-11-28 18:00/19:00"
refused_why "a booking ending before it starts" 3 "field time: the end must come after the start" \
	room zhangsan "2026-12-01 12:00/11:00"
refused_why "a repeat that ends before the booking's day" 3 "field until: 2026-11-30 comes before time \(2026-12-01" \
	sh_as zhangsan submit room_booking subject=周会 room=R202 attendees=3 time="2026-12-01 10:00/11:00" repeat=weekly until=2026-11-30
refused_why "a vehicle yesterday" 3 "field time: 2026-11-27 09:00:00 is in the past" \
	sh_as zhangsan submit vehicle vehicle=V01 time="2026-11-27 09:00/10:00" destination=机场 passengers=1
refused_why "a vehicle request ending before it starts" 3 "field time: the end must come after the start" \
	sh_as zhangsan submit vehicle vehicle=V01 time="2026-12-01 12:00/09:00" destination=机场 passengers=1

# --- the paper record entered after the fact -------------------------------
refused_why "--backdate by anyone else: exit 4" 4 "backdate" room zhangsan "2026-11-27 10:00/11:00" --backdate
audits() { q "SELECT count(*) FROM audit WHERE action = 'backdate'"; }
is "no backdate row yet" "$(audits)" 0
n=$(sh_as wangwu submit room_booking --backdate subject=补录会议 room=R201 attendees=3 time="2026-11-27 10:00/11:00"); s=$?
is "the admin manager's --backdate is taken" "$s" 0
like "a request number" "$n" "^HYS-20261128-"
is "audited once, naming the field and its value" \
	"$(q "SELECT object || ' ' || detail FROM audit WHERE action = 'backdate'")" \
	"$n after the fact: time 2026-11-27 10:00:00 (entered 2026-11-28 17:00 Asia/Shanghai)"
n2=$(sh_as wangwu submit room_booking --backdate subject=明天 room=R202 attendees=3 time="2026-12-03 10:00/11:00")
is "a --backdate that was not needed writes no backdate row" "$(audits)" 1
refused_why "without --backdate the admin manager is refused too" 3 "is in the past" \
	sh_as wangwu submit room_booking subject=补录 room=R202 attendees=3 time="2026-11-27 10:00/11:00"

# --- resubmit: a returned booking whose time went by needs a new time ------
n=$(sh_as zhangsan submit room_booking subject=周会 room=R202 attendees=3 time="2026-11-29 10:00/11:00")
as lisi return "$n" -m 改时间 >/dev/null
refused_why "resubmitted after its time" 3 "field time: 2026-11-29 10:00:00 is in the past" \
	env ADMINFLOW_NOW="2026-11-30 09:00:00" "$AF_BIN" --config "$TMP/sh.conf" --db "$DB" --as zhangsan resubmit "$n"
ok "with a new time it goes" env ADMINFLOW_NOW="2026-11-30 09:00:00" \
	"$AF_BIN" --config "$TMP/sh.conf" --db "$DB" --as zhangsan resubmit "$n" time="2026-12-04 10:00/11:00"

# --- forms check: the new settings are checked --------------------------
mkdir -p "$TMP/forms"
cat > "$TMP/forms/bad.conf" <<'EOF2'
form = {
  id = "bad"; title = "坏"; prefix = "BD"; summary = "what";
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; not_past = true; },
             { name = "day"; label = "日"; type = "date"; not_before = "nosuch"; } );
  steps = ( { name = "s"; title = "审"; approvers = ["role:admin_manager"]; } );
  effects = ["notify"];
};
EOF2
out=$(as zhangsan forms check "$TMP/forms" 2>&1)
like "not_past on a text field: FILE:LINE" "$out" "bad.conf:3: field 'what': not_past: only date, datetime and timerange fields"
like "not_before naming no field: FILE:LINE" "$out" "bad.conf:4: field 'day': not_before: 'nosuch' is not another date"

done_testing
