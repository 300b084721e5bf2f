#!/bin/sh
# Booking on behalf and one date of a series (issue 18), tried as ordinary
# Unix users on the multi-user installation (the program setgid to the
# group that owns the database; no --as, no --db, the real clock): an
# admin clerk books a room and a weekly series for the general manager
# (--for) and cancels one date of it; an employee may not use --for, nor
# change a date of a booking that is not theirs, but may cancel one of
# their own. Each refusal leaves the file as it was.
# Group and users: afsb*, none of the other setgid tests'.
. "$srcdir/tests/lib.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

. "$srcdir/tests/lib_users.sh"

G=afsbgrp
CLERK=afsbclk # admin staff: may book for someone else
EMP=afsbemp   # an employee
users_make $G $CLERK $EMP
setgid_program
printf 'login,name,department,title,email,phone,id_number\n%s,行政文员丙,ADM,文员,,,\n%s,普通员工丙,MKT,专员,,,\n' \
	$CLERK $EMP > "$TMP/emp.csv"
printf 'login,role\n%s,admin_staff\n' $CLERK > "$TMP/roles.csv"
shared_db "$TMP/emp.csv" "$TMP/roles.csv"
system_conf
as() { _a=$1; shift; as_user "$_a" --config "$CONF" "$@"; }
q() { sqlite3 "$SDB" "$1"; }
hash() { sha256sum < "$SDB" | cut -c1-64; }
# The real clock runs here ($ADMINFLOW_NOW is not listened to): dates
# from today on.
day() { date -u -d "+$1 days" +%F; }
d1=$(day 10) d2=$(day 17) d3=$(day 24)

# --- the clerk, for the general manager -----------------------------------------
n=$(as $CLERK submit room_booking --for chenzong subject=董事会 room=R601 "time=$d1 14:00/16:00" attendees=8 2> "$TMP/err"); s=$?
like "a clerk (an ordinary Unix user) books for the general manager" "$s: $n $(cat "$TMP/err")" "^0: HYS-[0-9]{8}-[0-9]{4} $"
is "the request is the manager's, made by the clerk" \
	"$(q "SELECT a.login || '/' || b.login FROM requests r JOIN employees a ON a.id = r.applicant_id
		JOIN employees b ON b.id = r.on_behalf_by WHERE r.number = '$n'")" "chenzong/$CLERK"
is "audited with the clerk's login, for the manager" \
	"$(q "SELECT actor || ' ' || detail FROM audit WHERE action = 'submit' AND object = '$n'")" "$CLERK room_booking for chenzong"
is "the clerk's outbox is the clerk's" "$(stat -c '%U' "$(home $CLERK)/.local/state/adminflow/outbox")" $CLERK
like "the clerk reads it back: by the clerk" "$(as $CLERK show "$n" 2>&1)" "by	行政文员丙 \($CLERK\)"

s3=$(as $CLERK submit room_booking --for chenzong subject=总经理周会 room=R602 "time=$d1 09:00/10:00" attendees=4 \
	repeat=weekly until="$d3" 2> "$TMP/err"); s=$?
like "a weekly series for the manager" "$s: $s3 $(cat "$TMP/err")" "^0: HYS-[0-9-]+ $"
out=$(as $CLERK occurrence cancel "$s3" "$d2" -m 出差 2>&1); s=$?
is "the clerk who booked it cancels one date of it" "$s: $out" "0: "
is "that date alone is cancelled" "$(q "SELECT group_concat(substr(b.starts_at, 1, 10) || '=' || b.state, ' ') FROM (SELECT * FROM bookings
	WHERE request_id = (SELECT id FROM requests WHERE number = '$s3') ORDER BY starts_at) b")" \
	"$d1=held $d2=cancelled $d3=held"
is "audited with the clerk's login" "$(q "SELECT actor FROM audit WHERE action = 'occurrence_cancel' AND object = '$s3'")" $CLERK

# --- an employee -----------------------------------------------------------------------
h=$(hash)
out=$(as $EMP submit room_booking --for chenzong subject=x room=R501 "time=$d1 14:00/16:00" attendees=2 2>&1); s=$?
is "an employee may not use --for: exit 4" "$s" 4
like "  says why" "$out" "may not submit room_booking for someone else"
is "  the file is as it was" "$(hash)" "$h"
out=$(as $EMP occurrence cancel "$s3" "$d3" 2>&1); s=$?
is "nor cancel a date of someone else's series: exit 4" "$s: $(hash)" "4: $h"
like "  says why" "$out" "only the applicant"
e=$(as $EMP submit room_booking subject=组会 room=R501 "time=$d1 09:00/10:00" attendees=2 repeat=weekly until="$d2" 2>/dev/null)
out=$(as $EMP occurrence cancel "$e" "$d2" 2>&1); s=$?
is "the employee cancels a date of their own series" "$s: $out" "0: "
is "  that date cancelled" "$(q "SELECT state FROM bookings WHERE request_id = (SELECT id FROM requests WHERE number = '$e') ORDER BY starts_at")" \
	"$(printf 'held\ncancelled')"

is "integrity at the end" "$(q 'PRAGMA integrity_check')" ok
ok "the audit chain holds" "$AF_BIN" --db "$SDB" audit verify
done_testing
