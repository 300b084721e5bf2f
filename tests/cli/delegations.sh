#!/bin/sh
# Delegations people can manage: --list, --cancel ID (audited), a second
# delegation overlapping the first refused (exit 5), and the delegator still
# acting on their own tasks while a delegation runs; "already handled by Y
# for X" names who acted and for whom.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

# the clock: 2026-11-28
ok "lisi delegates to wangwu for a week" as lisi delegate wangwu --from 2026-11-27 --to 2026-12-04
refused "an overlapping second delegation" 5 as lisi delegate chengli --from 2026-12-01 --to 2026-12-10
like "the refusal names the delegation it overlaps" "$(cat "$TMP/.err")" "overlaps your delegation 1 \(to wangwu, 2026-11-27 to 2026-12-04\)"
ok "one after it is fine" as lisi delegate chengli --from 2026-12-05 --to 2026-12-10
is "--list: lisi's delegations, their state on the company's day" "$(as lisi delegate --list)" "$(printf 'id\tfrom\tto\tstarts\tends\tstate\n1\tlisi\twangwu\t2026-11-27\t2026-12-04\trunning\n2\tlisi\tchengli\t2026-12-05\t2026-12-10\tplanned')"
is "--list: the delegate sees it too" "$(as wangwu delegate --list | cut -f1,6 | tail -n +2)" "$(printf '1\trunning')"

# while it runs, lisi's step goes to wangwu, and lisi may still act on it
n=$(as zhangsan submit expense lines=office,10 purpose=笔)
is "the step went to the delegate" "$(pending_of "$n")" wangwu
has_todo lisi "$n"
is "the delegator still sees it in the inbox" "$?" 0
ok "the delegator approves their own step" as lisi approve "$n"
is "recorded as lisi's own approval" "$(q "SELECT e.login || '/' || coalesce(a.for_id, 0) FROM actions a JOIN employees e ON e.id = a.actor_id
	JOIN requests r ON r.id = a.request_id WHERE r.number = '$n' AND a.action = 'approve'")" "lisi/0"
m=$(as zhangsan submit expense lines=office,12 purpose=本)
ok "the delegate approves for lisi" as wangwu approve "$m"
refused "lisi comes after the delegate" 5 as lisi approve "$m"
like "already handled by the delegate for lisi" "$(cat "$TMP/.err")" "already handled by 王五 \(wangwu\) for 李四, who approved"

refused "cancelling someone else's delegation" 4 as zhangsan delegate --cancel 1
ok "lisi cancels the running one" as lisi delegate --cancel 1
is "cancelled: audited" "$(q "SELECT count(*) FROM audit WHERE action = 'delegate_cancel'")" 1
is "--list says cancelled" "$(as lisi delegate --list | awk -F'\t' '$1 == 1 { print $6 }')" cancelled
k=$(as zhangsan submit expense lines=office,14 purpose=尺)
is "after the cancel the step goes to lisi again" "$(pending_of "$k")" lisi
refused "cancelling twice" 5 as lisi delegate --cancel 1
refused "cancelling no such delegation" 3 as lisi delegate --cancel 99
done_testing
