#!/bin/sh
# Every approval action in every state a request can rest in, table-driven:
# what is allowed works and shows its effect; what is refused exits with
# DESIGN.md's status (3 invalid, 4 not permitted, 5 conflict), says
# "adminflow: WHAT: WHY" and changes nothing at all.
#
# The request: zhangsan's expense claim of 100.00 (no GM step), first
# approved by lisi (head of 市场部), so it waits at the finance step where
# heqing and songjia are asked (either may approve). "approved" never rests:
# the effects run and it is done in the same transaction, so done stands for
# both.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

STATES="pending returned done rejected withdrawn cancelled"

# make_in STATE: a fresh request resting in STATE; prints its number.
make_in() {
	_mn=$(as zhangsan submit expense lines=office,100 purpose="in $1") || return 1
	as lisi approve "$_mn" >/dev/null || return 1
	case $1 in
	pending) ;;
	returned) as heqing return "$_mn" -m "receipt missing" ;;
	done) as heqing approve "$_mn" -m ok ;;
	rejected) as heqing reject "$_mn" -m "not ours" ;;
	withdrawn) as zhangsan withdraw "$_mn" -m "by mistake" ;;
	cancelled) as wangwu cancel "$_mn" -m duplicate ;;
	esac >/dev/null || return 1
	echo "$_mn"
}

for st in $STATES; do
	n=$(make_in "$st")
	is "setup: a request $st" "$(state_of "$n")" "$st"
done

# What each allowed action leaves behind, as one line.
chk_approve() { q "SELECT state || ' ' || (SELECT e.login FROM actions a JOIN employees e ON e.id = a.actor_id
	WHERE a.request_id = r.id AND a.action = 'done') FROM requests r WHERE number = '$1'"; }
chk_reject() { q "SELECT state || ' ' || (SELECT opinion FROM actions a WHERE a.request_id = r.id
	AND a.action = 'reject') FROM requests r WHERE number = '$1'"; }
chk_return_step() { echo "$(state_of "$1") $(pending_of "$1") $(show_key "$1" step)"; }
chk_return_applicant() { echo "$(state_of "$1") [$(pending_of "$1")]"; }
chk_withdraw() { echo "$(state_of "$1") [$(pending_of "$1")]"; }
chk_transfer() { echo "$(state_of "$1") $(pending_of "$1")"; }
chk_addsign_after() { q "SELECT group_concat(name || ':' || state, ' ') FROM (SELECT s.name, s.state FROM steps s
	JOIN requests r ON r.id = s.request_id WHERE r.number = '$1' ORDER BY s.pos)"; echo "$(pending_of "$1")"; }
chk_addsign_before() { chk_addsign_after "$1"; }
chk_urge() { q "SELECT group_concat(login, ' ') FROM (SELECT e.login FROM notices n JOIN requests r ON r.id = n.request_id
	JOIN employees e ON e.id = n.employee_id WHERE r.number = '$1' AND n.kind = 'urge' ORDER BY e.login)"; }
chk_comment() { q "SELECT count(*) || ' ' || max(opinion) FROM actions a JOIN requests r ON r.id = a.request_id
	WHERE r.number = '$1' AND a.action = 'comment'"; }
chk_cancel() { echo "$(state_of "$1") [$(pending_of "$1")]"; }
chk_resubmit() { echo "$(state_of "$1") $(pending_of "$1") round $(q "SELECT round FROM requests WHERE number = '$1'")"; }

# row DESC "STATUSES" CHECK EXPECTED LOGIN ARGS... (@N is the number):
# STATUSES are the exit statuses in the order of $STATES; CHECK's output
# must equal EXPECTED where the action is allowed. The expectation may
# depend on the state it started from: EXPECTED@STATE=... lines are tried first.
row() {
	_r_desc=$1 _r_codes=$2 _r_chk=$3 _r_exp=$4
	shift 4
	_r_i=0
	for st in $STATES; do
		_r_i=$((_r_i + 1))
		_r_want=$(echo "$_r_codes" | cut -d' ' -f$_r_i)
		_r_n=$(make_in "$st")
		_r_login=$1
		shift
		for _r_a do
			shift
			[ "$_r_a" = @N ] && _r_a=$_r_n
			set -- "$@" "$_r_a"
		done
		if [ "$_r_want" = 0 ]; then
			as "$_r_login" "$@" >/dev/null 2>"$TMP/.err"; _r_s=$?
			_result "$_r_s" "$_r_desc, $st: allowed" "$(cat "$TMP/.err")"
			_r_e=$(printf '%s\n' "$_r_exp" | sed -n "s/^$st=//p")
			[ -n "$_r_e" ] || _r_e=$(printf '%s\n' "$_r_exp" | sed -n '/=/!p')
			is "$_r_desc, $st: effect" "$($_r_chk "$_r_n")" "$_r_e"
		else
			refused "$_r_desc, $st" "$_r_want" as "$_r_login" "$@"
		fi
		# Put @N back for the next state.
		set -- "$_r_login" "$@"
		for _r_a do
			shift
			[ "$_r_a" = "$_r_n" ] && _r_a=@N
			set -- "$@" "$_r_a"
		done
	done
}

#   description                          pending returned done rejected withdrawn cancelled
row "approve by the approver"            "0 5 5 5 5 5" chk_approve "done heqing"  heqing approve @N
row "reject with a reason"               "0 5 5 5 5 5" chk_reject "rejected no"  heqing reject @N -m no
row "return to the head step"            "0 5 5 5 5 5" chk_return_step "pending lisi 部门负责人审批" \
	heqing return @N --to head -m "ask lisi"
row "return to the applicant"            "0 5 5 5 5 5" chk_return_applicant "returned []" heqing return @N -m fix
row "withdraw by the applicant"          "0 0 5 5 5 5" chk_withdraw "withdrawn []" zhangsan withdraw @N
row "transfer to luoping"                "0 5 5 5 5 5" chk_transfer "pending luoping songjia" heqing transfer @N luoping
row "addsign luoping after"              "0 5 5 5 5 5" chk_addsign_after "head:done finance:active addsign:planned gm:skipped
heqing songjia" heqing addsign @N luoping --after
row "addsign luoping before"             "0 5 5 5 5 5" chk_addsign_before "head:done addsign:active finance:planned gm:skipped
luoping" heqing addsign @N luoping --before
row "urge by the applicant"              "0 5 5 5 5 5" chk_urge "heqing songjia" zhangsan urge @N -m soon
row "comment by an approver"             "0 0 0 0 0 0" chk_comment "1 see receipt" heqing comment @N -m "see receipt"
row "comment by the applicant"           "0 0 0 0 0 0" chk_comment "1 thanks" zhangsan comment @N -m thanks
row "cancel by the admin manager"        "0 0 5 5 5 5" chk_cancel "cancelled []" wangwu cancel @N -m duplicate
row "resubmit by the applicant"          "5 0 5 5 5 5" chk_resubmit "pending lisi round 2" zhangsan resubmit @N

# Not permitted (4) in every state: it is not theirs to do, whatever the state.
row "approve by a stranger"              "4 4 4 4 4 4" : "" yejun approve @N
row "comment by a stranger"              "4 4 4 4 4 4" : "" yejun comment @N -m hello
row "show by a stranger"                 "4 4 4 4 4 4" : "" yejun show @N
row "approve by the applicant"           "4 4 4 4 4 4" : "" zhangsan approve @N
row "transfer by the applicant"          "4 4 4 4 4 4" : "" zhangsan transfer @N luoping
row "withdraw by an approver"            "4 4 4 4 4 4" : "" heqing withdraw @N
row "resubmit by an approver"            "4 4 4 4 4 4" : "" heqing resubmit @N
row "cancel without the permission"      "4 4 4 4 4 4" : "" heqing cancel @N -m why
row "urge by an earlier approver"        "4 4 4 4 4 4" : "" lisi urge @N

# Already handled (5): lisi approved the head step; his task is done.
row "approve again by the head"          "5 5 5 5 5 5" : "" lisi approve @N

# Invalid input (3) where the state allows the action; the state wins elsewhere.
row "reject without a reason"            "3 5 5 5 5 5" : "" heqing reject @N
row "comment without text"               "3 3 3 3 3 3" : "" heqing comment @N
row "cancel without a reason"            "3 3 5 5 5 5" : "" wangwu cancel @N
row "return to a step that did not run"  "3 5 5 5 5 5" : "" heqing return @N --to gm
row "return to no such step"             "3 5 5 5 5 5" : "" heqing return @N --to nowhere
row "transfer to nobody"                 "3 5 5 5 5 5" : "" heqing transfer @N nobody
row "transfer to the applicant"          "3 5 5 5 5 5" : "" heqing transfer @N zhangsan
row "transfer to someone already asked"  "3 5 5 5 5 5" : "" heqing transfer @N songjia
row "addsign the applicant"              "3 5 5 5 5 5" : "" heqing addsign @N zhangsan
row "resubmit with a bad amount"         "5 3 5 5 5 5" : "" zhangsan resubmit @N amount=abc
row "resubmit with an unknown field"     "5 3 5 5 5 5" : "" zhangsan resubmit @N colour=red
row "resubmit clearing a required field" "5 3 5 5 5 5" : "" zhangsan resubmit @N purpose=

refused "approve a request that does not exist" 3 as heqing approve BX-19990101-0001
refused "approve with no number" 2 as heqing approve
refused "two numbers for a one-at-a-time action" 2 as heqing reject BX-1 BX-2 -m no
refused "an unknown option" 2 as heqing approve BX-1 --frob
refused "root without --as acts for nobody" 4 af approve BX-1

# Batch approval: several numbers, one opinion, one transaction each.
a=$(make_in pending); b=$(make_in pending); c=$(make_in pending)
out=$(as heqing approve "$a" "$b" "$c" -m "月底批量 batch ok"); s=$?
is "batch approve exits 0" "$s" 0
is "batch approve reports each" "$out" "$(printf '%s\tapprove\tok\n' "$a" "$b" "$c")"
is "batch: every request done" "$(state_of "$a") $(state_of "$b") $(state_of "$c")" "done done done"
is "batch: one opinion on each" "$(q "SELECT count(*) FROM actions WHERE action = 'approve' AND opinion = '月底批量 batch ok'")" 3

# A batch with one refused: the others still go through; the worst status is the exit.
a=$(make_in pending); d=$(make_in done); c=$(make_in pending)
before_d=$(q "SELECT * FROM tasks t JOIN requests r ON r.id = t.request_id WHERE r.number = '$d'")
out=$(as heqing approve "$a" "$d" "$c" -m later 2>"$TMP/err"); s=$?
is "batch with a done request exits 5" "$s" 5
is "batch: the good ones are approved" "$(state_of "$a") $(state_of "$c")" "done done"
like "batch: the refused one is named" "$(cat "$TMP/err")" "^adminflow: $d: this step was already handled by 何青 \\(heqing\\), who approved"
like "batch: the summary line" "$(cat "$TMP/err")" "^adminflow: approve: 1 of 3 requests not done$"
is "batch: the refused one is untouched" \
	"$(q "SELECT * FROM tasks t JOIN requests r ON r.id = t.request_id WHERE r.number = '$d'")" "$before_d"

# The same --key for a batch: each request's action gets KEY:NUMBER, so a
# retry of the whole batch does nothing twice and misses nothing.
a=$(make_in pending); b=$(make_in pending)
ok "batch with a key" as heqing approve "$a" "$b" --key batch-0001 -m k
is "batch with a key: both done" "$(state_of "$a") $(state_of "$b")" "done done"
before=$(dump)
ok "the same batch again is a no-op" as heqing approve "$a" "$b" --key batch-0001 -m k
unchanged "the retried batch changed nothing" "$before"

# An action's key reused for another action is a conflict.
a=$(make_in pending)
ok "comment with a key" as heqing comment "$a" -m first --key note-00001
ok "the same comment again: no-op" as heqing comment "$a" -m first --key note-00001
is "one comment recorded" "$(q "SELECT count(*) FROM actions WHERE idem_key = 'note-00001'")" 1
refused "the key used for another action" 5 as heqing approve "$a" --key note-00001

done_testing
