#!/bin/sh
# calendar --ics NUMBER: a booking as an RFC 5545 invitation: CRLF lines,
# none longer than 75 octets, the booking's times on the configured zone's
# clock (DTSTART;TZID=) with a VTIMEZONE that defines that zone (summer
# time included) and resolves back to the stored instant, in UTC when no
# zone is configured, text escaped; refused for a request with no booking
# and for someone who may not see it.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"

af_init || { echo "Bail out! init --demo failed"; exit 1; }
printf 'timezone = "Asia/Shanghai";\n' > "$TMP/af.conf"
export ADMINFLOW_CONFIG="$TMP/af.conf"
n=$(as zhangsan submit room_booking 'subject=周会; 预算, 审核' room=R301 'time=2026-12-01 09:00/10:00' attendees=5)
as zhangsan calendar --ics "$n" > "$TMP/inv.ics"; s=$?
is "calendar --ics exits 0" "$s" 0
starts=$(q "SELECT starts_at FROM bookings WHERE request_id = (SELECT id FROM requests WHERE number = '$n')")
python3 - "$TMP/inv.ics" "$starts" > "$TMP/check.txt" <<'EOF'
import sys
raw = open(sys.argv[1], "rb").read()
lines = raw.split(b"\r\n")
print("crlf", b"\n" not in raw.replace(b"\r\n", b""))
print("short", all(len(l) <= 75 for l in lines))
text = raw.decode("utf-8").replace("\r\n ", "")  # unfold
props = dict(l.split(":", 1) for l in text.split("\r\n") if ":" in l and not l.startswith("BEGIN") and not l.startswith("END"))
s = sys.argv[2]
print("start", props["DTSTART;TZID=Asia/Shanghai"] == "20261201T090000")
print("summary", props["SUMMARY"])
print("tz", props["X-WR-TIMEZONE"])
print("frame", text.startswith("BEGIN:VCALENDAR\r\n") and text.rstrip().endswith("END:VCALENDAR"))
EOF
is "CRLF line ends, every line within 75 octets" "$(sed -n 1,2p "$TMP/check.txt" | tr '\n' ' ')" "crlf True short True "
is "DTSTART is the booking's time on Shanghai's clock" "$(sed -n 3p "$TMP/check.txt")" "start True"
is "09:00 in Shanghai is 01:00 UTC" "$starts" "2026-12-01 01:00:00"
# The form's summary fields follow the subject (room, time): the subject's
# own ; and , escaped is what is judged.
like "the subject escaped (; and ,)" "$(sed -n 4p "$TMP/check.txt")" '^summary 周会\\; 预算\\, 审核( |$)'
is "the configured time zone named" "$(sed -n 5p "$TMP/check.txt")" "tz Asia/Shanghai"
is "one VCALENDAR around it" "$(sed -n 6p "$TMP/check.txt")" "frame True"
m=$(as zhangsan submit expense 'lines=travel,100,1' purpose=x)
status_is "a request with no booking: invalid input" 3 as zhangsan calendar --ics "$m"
status_is "someone who may not see it: not permitted" 4 as zhaoliu calendar --ics "$m"

# The VTIMEZONE resolves the local times back to the stored instants: a
# zone with summer time, one booking in summer and one in winter; with no
# zone configured the times stay in UTC.
resolve() { # ICS: the start the VTIMEZONE gives, in UTC
	python3 - "$1" <<'EOF'
import sys, datetime
text = open(sys.argv[1], "rb").read().decode("utf-8").replace("\r\n ", "")
lines = text.split("\r\n")
obs, cur = [], None
for l in lines:
    if l in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"): cur = {}
    elif l in ("END:STANDARD", "END:DAYLIGHT"): obs.append(cur); cur = None
    elif cur is not None and ":" in l:
        k, v = l.split(":", 1); cur[k] = v
start = [l for l in lines if l.startswith("DTSTART;TZID=")][0].split(":", 1)[1]
fmt = "%Y%m%dT%H%M%S"
local = datetime.datetime.strptime(start, fmt)
best = max((o for o in obs if datetime.datetime.strptime(o["DTSTART"], fmt) <= local),
           key=lambda o: datetime.datetime.strptime(o["DTSTART"], fmt))
off = best["TZOFFSETTO"]
delta = datetime.timedelta(hours=int(off[1:3]), minutes=int(off[3:5])) * (1 if off[0] == "+" else -1)
print((local - delta).strftime("%Y-%m-%d %H:%M:%S"))
EOF
}
printf 'timezone = "Europe/Berlin";\n' > "$TMP/af.conf"
for t in '2027-07-06 09:00/10:00' '2027-01-12 09:00/10:00'; do
	n=$(as zhangsan submit room_booking subject=例会 room=R301 "time=$t" attendees=5)
	as zhangsan calendar --ics "$n" > "$TMP/b.ics"
	starts=$(q "SELECT starts_at FROM bookings WHERE request_id = (SELECT id FROM requests WHERE number = '$n')")
	is "Berlin ${t%% *}: the VTIMEZONE gives back the stored instant" "$(resolve "$TMP/b.ics")" "$starts"
done
like "Berlin: its summer time is a DAYLIGHT observance" "$(tr -d '\r' < "$TMP/b.ics" | grep -A3 '^BEGIN:DAYLIGHT')" 'TZOFFSETTO:\+0200'
like "Berlin: its winter time a STANDARD one" "$(tr -d '\r' < "$TMP/b.ics" | grep -A3 '^BEGIN:STANDARD')" 'TZOFFSETTO:\+0100'
: > "$TMP/af.conf"
as zhangsan calendar --ics "$n" | tr -d '\r' > "$TMP/u.ics"
like "no zone configured: DTSTART in UTC" "$(cat "$TMP/u.ics")" '^DTSTART:2027011[12]T[0-9]{6}Z$'
is "... and no VTIMEZONE" "$(grep -c VTIMEZONE "$TMP/u.ics")" 0

done_testing
