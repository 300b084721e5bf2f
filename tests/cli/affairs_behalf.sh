#!/bin/sh
# Booking on behalf (issue 18): an admin clerk books for the general
# manager with submit --for, where the form allows it (on_behalf =
# ["role:admin_staff"]). The request is the manager's (applicant, route,
# calendar), the clerk is its "by"; both are shown and audited, the
# manager is told. Nobody else may, and no form that does not say so.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

n=$(as liuyang submit room_booking --for chenzong subject=董事会 room=R601 'time=2026-12-09 14:00/16:00' attendees=8)
like "the clerk books for the general manager" "$n" "^HYS-20261128-[0-9]{4}$"
is "the applicant is the person it is for, by the clerk" \
	"$(q "SELECT a.login || '/' || b.login FROM requests r JOIN employees a ON a.id = r.applicant_id
		JOIN employees b ON b.id = r.on_behalf_by WHERE r.number = '$n'")" "chenzong/liuyang"
is "the room is booked for the general manager" \
	"$(q "SELECT e.login FROM bookings b JOIN employees e ON e.id = b.booked_by JOIN requests r ON r.id = b.request_id WHERE r.number = '$n'")" chenzong
is "show: the applicant" "$(show_key "$n" applicant chenzong)" "陈明 (chenzong)"
is "show: and by whom" "$(show_key "$n" by chenzong)" "刘洋 (liuyang)"
like "the timeline: the clerk submitted, for the manager" "$(timeline "$n" liuyang)" "^	刘洋 for 陈明	陈明	submit	"
is "audited: who made it, for whom" "$(q "SELECT detail FROM audit WHERE action = 'submit' AND object = '$n'")" "room_booking for chenzong"
is "the general manager is told" "$(q "SELECT count(*) FROM notices n JOIN employees e ON e.id = n.employee_id
	WHERE e.login = 'chenzong' AND n.kind = 'for_you' AND n.text LIKE '%submitted for you by 刘洋: $n%'")" 1
like "in the manager's own requests, with the clerk named" "$(as chenzong inbox --mine)" "^$n	room_booking	.*	陈明 \(by 刘洋\)	pending"
like "and in the clerk's" "$(as liuyang inbox --mine)" "^$n	"
# The route is the general manager's own: no department head above them
# asks, as for their own request (never the clerk's head).
own=$(as chenzong submit room_booking subject=自己 room=R602 'time=2026-12-09 14:00/16:00' attendees=8)
is "the same approvers as the manager's own booking" \
	"$(q "SELECT group_concat(e.login, ' ') FROM tasks t JOIN requests r ON r.id = t.request_id JOIN employees e ON e.id = t.assignee_id WHERE r.number = '$n' AND t.state = 'pending'")" \
	"$(q "SELECT group_concat(e.login, ' ') FROM tasks t JOIN requests r ON r.id = t.request_id JOIN employees e ON e.id = t.assignee_id WHERE r.number = '$own' AND t.state = 'pending'")"

dump() { sqlite3 "$DB" "SELECT * FROM requests; SELECT * FROM bookings" | sha256sum; }
refused_why "an employee may not submit for someone else" 4 "zhangsan may not submit room_booking for someone else" \
	as zhangsan submit room_booking --for chenzong subject=x room=R501 'time=2026-12-11 14:00/16:00' attendees=2
refused_why "a form that does not allow it" 4 "may not submit express for someone else" \
	as liuyang submit express --for chenzong recipient=客户 phone=13800000000 address=上海 weight=200
refused_why "for nobody" 3 "'nobody' is not an employee" \
	as liuyang submit room_booking --for nobody subject=x room=R501 'time=2026-12-11 14:00/16:00' attendees=2
# route --for: the preview of the request made for someone is their route
# (the general manager's, not the clerk's department head), and is refused
# with submit --for's own rule and exit status.
rt() { _w=$1; shift; as "$_w" route room_booking "$@" subject=x room=R601 'time=2026-12-09 14:00/16:00' attendees=8; }
gm=$(rt liuyang --for chenzong | awk -F '\t' '$1 == "head" { print $4 " / " $5 }')
is "route --for: the general manager's department head step" "$gm" "$(rt chenzong | awk -F '\t' '$1 == "head" { print $4 " / " $5 }')"
own_head=$(rt liuyang | awk -F '\t' '$1 == "head" { print $4 " / " $5 }')
ok "route --for: not the clerk's own ($own_head)" test -n "$gm" -a "$gm" != "$own_head"
# The rest is the manager's own route, less the clerk: who made it does not
# approve it either (as at submit).
is "route --for: the manager's own route, without the clerk" "$(rt liuyang --for chenzong)" "$(rt chenzong | grep -v '(liuyang)')"
is "route --for oneself: one's own route" "$(rt liuyang --for liuyang)" "$(rt liuyang)"
refused_why "route --for: an employee may not, the same exit as submit --for" 4 \
	"route --for: zhangsan may not submit room_booking for someone else" rt zhangsan --for chenzong
refused_why "route --for nobody" 3 "route --for: 'nobody' is not an employee" rt liuyang --for nobody
refused_why "route: an unknown option" 2 "route: unknown option --fr" rt liuyang --fr chenzong
like "forms check names a bad on_behalf" "$(mkdir -p "$TMP/forms" && cp "$FORMS/room_booking.conf" "$TMP/forms/" &&
	sed -i 's/role:admin_staff"\]/role:admin_staf"]/' "$TMP/forms/room_booking.conf" && af forms check "$TMP/forms" 2>&1)" \
	"room_booking.conf:[0-9]+: on_behalf: unknown role 'admin_staf'"
# A retry with the same key finds the first request, for the same person.
k=behalf-key-0001
a=$(as huangmin submit room_booking --key $k --for chenzong subject=会 room=R502 'time=2026-12-12 09:00/10:00' attendees=2)
b=$(as huangmin submit room_booking --key $k --for chenzong subject=会 room=R502 'time=2026-12-12 09:00/10:00' attendees=2)
is "a retry with the key returns the same request" "$b" "$a"
# Killed after the input was saved: the outbox keeps whom it is for (and
# the dates left out), and retry submits it as it was asked.
( ADMINFLOW_TEST_CRASH=after-outbox "$AF_BIN" --db "$DB" --as xulei submit room_booking --for chenzong subject=季度会 \
	room=R502 'time=2026-12-21 09:00/10:00' attendees=2 repeat=weekly until=2026-12-28 --skip 2026-12-28; true ) >/dev/null 2>&1
as xulei outbox retry >/dev/null 2>&1
r=$(q "SELECT number FROM requests WHERE summary LIKE '季度会%'")
is "retried from the outbox: the person's, by the clerk, the date left out" \
	"$(q "SELECT a.login || '/' || b.login FROM requests r JOIN employees a ON a.id = r.applicant_id
		JOIN employees b ON b.id = r.on_behalf_by WHERE r.number = '$r'")/$(q "SELECT day FROM booking_skips k JOIN requests r ON r.id = k.request_id WHERE r.number = '$r'")" \
	"chenzong/xulei/2026-12-28"

# A condition on the applicant (required_when) is judged on the person the
# request is for, never on the clerk typing it: a field the general
# manager's office must give is asked of a booking for the general
# manager, not of the clerk's own, and the preview and the form's
# warnings ask on the same person.
mkdir -p "$TMP/whenforms" && cp "$FORMS/room_booking.conf" "$TMP/whenforms/"
sed -i 's/^    { name = "subject";/    { name = "cost_centre"; label = "成本中心"; label_en = "Cost centre"; type = "text"; required_when = "applicant.department_code == \\"GMO\\""; },\n&/' \
	"$TMP/whenforms/room_booking.conf"
printf 'forms_dir = "%s";\n' "$TMP/whenforms" > "$TMP/when.conf"
wf() { "$AF_BIN" --config "$TMP/when.conf" --db "$DB" "$@"; }
is "the form with a condition on the applicant checks" "$(wf forms check "$TMP/whenforms" 2>&1 >/dev/null)" ""
refused_why "for the general manager: the field the GMO must give is asked" 3 "field cost_centre: required when" \
	wf --as liuyang submit room_booking --for chenzong subject=预算会 room=R501 'time=2026-12-14 09:00/10:00' attendees=2
ok "the clerk's own booking is not asked it" \
	wf --as liuyang submit room_booking subject=周会 room=R501 'time=2026-12-15 09:00/10:00' attendees=2
ok "for the general manager with the field given" \
	wf --as liuyang submit room_booking --for chenzong cost_centre=GMO-01 subject=预算会 room=R501 'time=2026-12-14 09:00/10:00' attendees=2

# --- the screens: a "for whom" row for those allowed, nobody else ----------
export TERM=xterm-256color
open_booking='key j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey j\nkey Enter\n'
scr=$(printf "${open_booking}dump\n" | tui_dump 80x24 liuyang)
like "80x24: the clerk's form has a for-whom row, yourself by default" "$scr" '^ for whom +myself \(Enter: someone else\)$'
scr=$(printf "${open_booking}dump\n" | tui_dump 80x24 zhangsan)
is "an employee's form has none" "$(printf '%s\n' "$scr" | grep -c 'for whom')" 0
scr=$(printf "${open_booking}key Up\nkey Enter\ntype chenzong\nkey Enter\ndump\nkey Down\ntype 战略会\nkey Down\nkey Enter\ntype R602\nkey Enter\nkey Down\ntype 2026-12-16 09:00/11:00\nkey Down\ntype 6\nkey F10\nkey C-x\ndump\n" | tui_dump 60x20 huangmin)
like "60x20: the person picked is named in the row" "$scr" '^ for whom +陈明 \(chenzong\)$'
like "submitted from the screen" "$scr" '^submitted HYS-'
m=$(q "SELECT number FROM requests WHERE summary LIKE '战略会%'")
is "the screen's request is the general manager's, by the clerk" \
	"$(q "SELECT a.login || '/' || b.login FROM requests r JOIN employees a ON a.id = r.applicant_id
		JOIN employees b ON b.id = r.on_behalf_by WHERE r.number = '$m'")" "chenzong/huangmin"
scr=$(printf "${open_booking}key Up\nkey Enter\ntype chenzong\nkey Enter\nkey Down\ntype x\nkey Down\nkey Enter\ntype R601\nkey Enter\nkey Down\ntype 2026-12-23 14:00/16:00\nkey Down\ntype 8\nkey C-r\ndump\n" | tui_dump 80x24 liuyang)
# The general manager's head step has nobody above them (the clerk's own
# would be their department head's, for 行政部).
like "the route preview is the person's route, not the clerk's" "$scr" "^  Department head +王五 \(wangwu\) +nobody else to approve"
is "the screen's preview asks the other clerks at the admin review, never the one who fills it in" \
	"$(printf '%s\n' "$scr" | grep -o '^  Admin review  *[^ ]* ([a-z]*)' | grep -o '([a-z]*)' | tr -d '()' | tr '\n' ' ')" "huangmin xulei "
scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' "$m" | tui_dump 80x24 chenzong)
like "the request screen names both" "$scr" "陈明 · 总经理办公室 · by 黄敏 \(huangmin\)"
if locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
	scr=$(printf "${open_booking}dump\n" | LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 tui_dump 60x20 xulei)
	like "zh_CN, 60x20: the row in Chinese" "$scr" '^ 代谁申请 +本人（Enter：选择他人）$'
	scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' "$m" | LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 tui_dump 60x20 chenzong)
	like "zh_CN, 60x20: the request names who made it" "$scr" "陈明 · 总经理办公室 · 由 黄敏 \(huangmin\)"
else
	_result 0 "zh_CN # SKIP the zh_CN.UTF-8 locale is not installed"
	_result 0 "zh_CN # SKIP the zh_CN.UTF-8 locale is not installed"
fi
done_testing
