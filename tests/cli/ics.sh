#!/bin/sh
# calendar --ics NUMBER: a booking as an RFC 5545 invitation: CRLF lines,
# none longer than 75 octets, the booking's instants in UTC whatever the
# configured zone (named in X-WR-TIMEZONE), text escaped; refused for a
# request with no booking and for someone who may not see it.
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
print("start", props["DTSTART"] == s[0:4] + s[5:7] + s[8:10] + "T" + s[11:13] + s[14:16] + s[17:19] + "Z")
print("summary", props["SUMMARY"])
print("tz", props["X-WR-TIMEZONE"])
print("frame", text.startswith("BEGIN:VCALENDAR\r\n") and text.rstrip().endswith("END:VCALENDAR"))
EOF
is "CRLF line ends, every line within 75 octets" "$(sed -n 1,2p "$TMP/check.txt" | tr '\n' ' ')" "crlf True short True "
is "DTSTART is the booking's instant in UTC" "$(sed -n 3p "$TMP/check.txt")" "start True"
is "09:00 in Shanghai is 01:00 UTC" "$starts" "2026-12-01 01:00:00"
# The form's summary fields follow the subject (room, time): the subject's
# own ; and , escaped is what is judged.
like "the subject escaped (; and ,)" "$(sed -n 4p "$TMP/check.txt")" '^summary 周会\\; 预算\\, 审核( |$)'
is "the configured time zone named" "$(sed -n 5p "$TMP/check.txt")" "tz Asia/Shanghai"
is "one VCALENDAR around it" "$(sed -n 6p "$TMP/check.txt")" "frame True"
m=$(as zhangsan submit expense 'lines=travel,100,1' purpose=x)
status_is "a request with no booking: invalid input" 3 as zhangsan calendar --ics "$m"
status_is "someone who may not see it: not permitted" 4 as zhaoliu calendar --ics "$m"

done_testing
