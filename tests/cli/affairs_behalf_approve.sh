#!/bin/sh
# Nobody approves a request of their own (issue 18): not the applicant,
# and not the clerk who made it for them with submit --for. The clerk is
# an admin_staff member, the role the room booking's admin step asks: the
# route leaves them out as it leaves the applicant out (the other members
# answer), and transfer, addsign, a delegation and a task given before
# the rule held cannot make them the one who decides.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

n=$(as liuyang submit room_booking --for chenzong subject=董事会 room=R601 'time=2026-12-09 14:00/16:00' attendees=8)
like "the clerk books for the general manager" "$n" "^HYS-"
# the route preview, for the same person, leaves the clerk out too
is "the preview's admin step: the other clerks" \
	"$(as liuyang route room_booking @for=chenzong subject=董事会 room=R601 'time=2026-12-10 14:00/16:00' attendees=8 |
	   awk -F'\t' '$1 == "admin" { printf "%s ", $4 }')" "黄敏 (huangmin) 徐磊 (xulei) "
# bring the request to the admin step
while [ "$(q "SELECT s.name FROM steps s JOIN requests r ON r.current_step = s.id WHERE r.number = '$n'")" = head ]; do
	w=$(pending_of "$n" | cut -d' ' -f1)
	as "$w" approve "$n" >/dev/null 2>&1 || break
done
is "at the admin step" "$(q "SELECT s.name FROM steps s JOIN requests r ON r.current_step = s.id WHERE r.number = '$n'")" admin
is "the other admin clerks are asked, not the one who made it" "$(pending_of "$n")" "huangmin xulei"
is "the step's people leave the clerk out" \
	"$(q "SELECT count(*) FROM step_people p JOIN steps s ON s.id = p.step_id JOIN requests r ON r.id = s.request_id
	      JOIN employees e ON e.id = p.employee_id WHERE r.number = '$n' AND e.login = 'liuyang'")" 0
# the same clerk's own booking for themself: still left out (the applicant)
own=$(as huangmin submit room_booking subject=周会 room=R502 'time=2026-12-11 09:00/10:00' attendees=2)
mine=$(q "SELECT count(*) FROM step_people p JOIN steps s ON s.id = p.step_id JOIN requests r ON r.id = s.request_id
	      JOIN employees e ON e.id = p.employee_id WHERE r.number = '$own' AND e.login = 'huangmin'")
is "as an applicant is left out (the same rule)" "$mine" 0

refused_why "the clerk may not approve it" 4 "liuyang is not an approver" as liuyang approve "$n"
refused_why "nor be handed it" 3 "transfer: liuyang made $n for the applicant and cannot approve it" as huangmin transfer "$n" liuyang
refused_why "nor be added as a signer" 3 "addsign: liuyang made $n for the applicant and cannot approve it" as huangmin addsign "$n" liuyang
refused_why "the applicant neither" 3 "transfer: chenzong applied for $n and cannot approve it" as huangmin transfer "$n" chenzong

# A delegation to the clerk: the task stays with the one who delegated.
ok "xulei delegates to the clerk" as xulei delegate liuyang --from 2026-11-28 --to 2026-12-31
n2=$(as liuyang submit room_booking --for chenzong subject=务虚会 room=R601 'time=2026-12-16 14:00/16:00' attendees=8)
while [ "$(q "SELECT s.name FROM steps s JOIN requests r ON r.current_step = s.id WHERE r.number = '$n2'")" = head ]; do
	w=$(pending_of "$n2" | cut -d' ' -f1)
	as "$w" approve "$n2" >/dev/null 2>&1 || break
done
is "delegated to the clerk, the task stays with xulei" "$(pending_of "$n2")" "huangmin xulei"

# A task given to the clerk before the rule held (made here by hand, as
# an old database has it): decided it is refused; handing it on is not.
q "INSERT INTO tasks(request_id, step_id, round, assignee_id, state, created_at)
   SELECT r.id, r.current_step, r.round, e.id, 'pending', '2026-11-28 01:00:00' FROM requests r, employees e
   WHERE r.number = '$n' AND e.login = 'liuyang'"
refused_why "an old task of the clerk's: approve refused" 4 "$n: liuyang made it for the applicant and cannot approve it" as liuyang approve "$n"
refused_why "nor reject" 4 "liuyang made it for the applicant and cannot approve it" as liuyang reject "$n" -m 不行
ok "the old task may be handed on" as liuyang transfer "$n" wangwu
ok "the other clerk approves" as huangmin approve "$n"
is "and the request goes on" "$(q "SELECT s.name FROM steps s JOIN requests r ON r.current_step = s.id WHERE r.number = '$n'")" venue
done_testing
