#!/bin/sh
# A request's life through the engine: return to an earlier step (the steps
# after it run again), return to the applicant and resubmit with a changed
# field (the conditions are worked out again), transfer and addsign before
# and after, the timeline from show (approver, opinion, time, time taken,
# limit kept or missed), sensitive fields masked, and the inbox boxes.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

# --- return to an earlier step: the steps after it run again ---------------
n=$(as zhangsan submit expense lines=travel,8000 purpose="Beijing trip")
as lisi approve "$n" -m 同意 >/dev/null
as heqing approve "$n" -m 票据齐全 >/dev/null
is "at the gm step" "$(pending_of "$n")" chenzong
ok "the gm returns it to finance" as chenzong return "$n" --to finance -m "再核一下汇率"
is "finance is asked again, both" "$(pending_of "$n")" "heqing songjia"
is "head stays done, finance runs, gm planned" "$(steps_of "$n")" "head:done finance:active gm:planned"
is "a new round" "$(q "SELECT round FROM requests WHERE number = '$n'")" 2
like "the return is in the timeline, with its target" "$(timeline "$n")" \
	"^总经理审批	陈明		return	to finance: 再核一下汇率	"
like "the applicant is told" "$(q "SELECT text FROM notices n JOIN requests r ON r.id = n.request_id
	WHERE r.number = '$n' AND n.kind = 'returned'")" "returned to finance: $n: 再核一下汇率"
as songjia approve "$n" >/dev/null
is "then the gm again" "$(pending_of "$n")" chenzong
ok "the gm returns it to the head" as chenzong return "$n" --to head -m "请部门确认"
is "from the head: every later step again" "$(steps_of "$n") | $(pending_of "$n")" \
	"head:active finance:planned gm:planned | lisi"
as lisi approve "$n" >/dev/null
as heqing approve "$n" >/dev/null
as chenzong approve "$n" -m 同意 >/dev/null
is "and through to done" "$(state_of "$n")" done
is "the gm was asked three times" "$(q "SELECT count(*) FROM tasks t JOIN steps s ON s.id = t.step_id
	JOIN requests r ON r.id = t.request_id WHERE r.number = '$n' AND s.name = 'gm'")" 3

# --- return to the applicant, resubmit with a changed field -----------------
n=$(as zhangsan submit expense lines=travel,8000 purpose="Shanghai" bank_account=6222000011112222)
as lisi approve "$n" >/dev/null
ok "finance returns it to the applicant" as heqing return "$n" -m "超标准，请改为4000"
is "returned; nobody is asked" "$(state_of "$n") [$(pending_of "$n")]" "returned []"
like "zhangsan sees it returned in his own list" "$(as zhangsan inbox --mine)" "^$n	expense	Shanghai	张三	returned	"
status_is "resubmit a bad value: refused" 3 as zhangsan resubmit "$n" lines=travel,4000.001
is "the refused resubmit left it returned" "$(state_of "$n")" returned
ok "resubmit with a changed amount" as zhangsan resubmit "$n" lines=travel,4000 -m 已调整
is "the amount is changed" "$(show_key "$n" field.amount)" 4000.00
is "other fields kept" "$(show_key "$n" field.bank_account) $(show_key "$n" field.purpose)" "6222000011112222 Shanghai"
is "the gm step is skipped now: 4000 is not over 5000" "$(steps_of "$n")" "head:active finance:planned gm:skipped"
like "and the skip says why" "$(timeline "$n")" "^总经理审批			skipped	skipped: amount > 5000 \|\| over_budget is false"
like "the resubmission is in the timeline" "$(timeline "$n")" "^	张三		resubmit	已调整 \(changed: lines\)	"
is "lisi is asked again, in round 2" "$(pending_of "$n") $(q "SELECT round FROM requests WHERE number = '$n'")" "lisi 2"
as lisi approve "$n" >/dev/null
as songjia approve "$n" >/dev/null
is "done without the gm" "$(state_of "$n") $(q "SELECT count(*) FROM tasks t JOIN requests r ON r.id = t.request_id
	JOIN employees e ON e.id = t.assignee_id WHERE r.number = '$n' AND e.login = 'chenzong'")" "done 0"
# ... and the other way: a raised amount brings the gm step back.
n=$(as zhangsan submit expense lines=meals,300 purpose=team)
as lisi return "$n" -m "发票金额不对" >/dev/null
as zhangsan resubmit "$n" lines=meals,5300 >/dev/null
is "raised over 5000: the gm step is back" "$(steps_of "$n")" "head:active finance:planned gm:planned"
status_is "resubmit of a pending request: conflict" 5 as zhangsan resubmit "$n" purpose=x
is "and says so" "$(as zhangsan resubmit "$n" purpose=x 2>&1)" "adminflow: resubmit: $n is pending, not returned"
as lisi approve "$n" >/dev/null; as heqing approve "$n" >/dev/null
is "so the gm is asked" "$(pending_of "$n")" chenzong
# Resubmit changing the purpose changes the summary shown in lists.
n=$(as zhangsan submit expense lines=meals,300 purpose=old)
as lisi return "$n" >/dev/null
as zhangsan resubmit "$n" purpose=new >/dev/null
is "the summary follows" "$(q "SELECT summary FROM requests WHERE number = '$n'")" new

# --- transfer ------------------------------------------------------------
n=$(as zhangsan submit expense lines=office,100 purpose=pens)
as lisi approve "$n" >/dev/null
ok "heqing transfers to luoping" as heqing transfer "$n" luoping -m "罗萍负责办公费"
is "luoping and songjia are asked" "$(pending_of "$n")" "luoping songjia"
like "the timeline says to whom and why" "$(timeline "$n")" "^财务审核	何青		transfer	to 罗萍 \(luoping\): 罗萍负责办公费	"
has_todo luoping "$n"; _result $? "in luoping's inbox"
as luoping approve "$n" >/dev/null
is "luoping's approval completes it" "$(state_of "$n")" done

# --- addsign after: the added signer comes after this step ------------------
n=$(as zhangsan submit expense lines=office,100 purpose=chairs)
as lisi approve "$n" >/dev/null
ok "heqing adds chengli after" as heqing addsign "$n" chengli --after -m 人事确认
is "the step is added after finance" "$(steps_of "$n")" "head:done finance:active addsign:planned gm:skipped"
like "show lists it as planned" "$(timeline "$n")" "^加签 程莉 \(chengli\)	程莉		planned	added by heqing after the step"
as heqing approve "$n" >/dev/null
is "after finance: chengli" "$(pending_of "$n")" chengli
as chengli approve "$n" >/dev/null
is "then done" "$(state_of "$n")" done

# --- addsign before: the added signer first, then this step again ----------
n=$(as zhangsan submit expense lines=office,100 purpose=desks)
as lisi approve "$n" >/dev/null
ok "heqing adds chengli before" as heqing addsign "$n" chengli --before -m 先请人事看
is "chengli first" "$(pending_of "$n") | $(steps_of "$n")" "chengli | head:done addsign:active finance:planned gm:skipped"
like "the timeline records it" "$(timeline "$n")" "^财务审核	何青		addsign	before: 程莉 \(chengli\): 先请人事看	"
as chengli approve "$n" >/dev/null
is "then finance again, both" "$(pending_of "$n")" "heqing songjia"
as heqing approve "$n" >/dev/null
is "then done" "$(state_of "$n")" done

# --- the timeline: who, opinion, when, how long, within the limit ----------
n=$(ADMINFLOW_NOW="2026-11-02 09:00:00" as zhangsan submit expense lines=travel,6000 purpose=trip)
ADMINFLOW_NOW="2026-11-02 11:30:00" as lisi approve "$n" -m 同意 >/dev/null
ADMINFLOW_NOW="2026-11-04 12:30:00" as songjia approve "$n" -m 核对无误 >/dev/null
ADMINFLOW_NOW="2026-11-05 09:00:00" as chenzong comment "$n" -m "看一下" >/dev/null
ADMINFLOW_NOW="2026-11-05 10:15:00" as chenzong approve "$n" -m 准 >/dev/null
t=$(timeline "$n")
is "timeline header" "$(echo "$t" | head -1)" "$(printf 'step\twho\tfor\taction\topinion\tat\ttook\tlimit')"
like "submitted" "$t" "^	张三		submit		2026-11-02 09:00:00		$"
like "head: 2h30m, kept its 24h" "$t" "^部门负责人审批	李四		approve	同意	2026-11-02 11:30:00	2h30m	kept$"
like "finance: 49h, missed its 48h" "$t" "^财务审核	宋佳		approve	核对无误	2026-11-04 12:30:00	49h00m	missed$"
like "a comment is in the timeline" "$t" "^总经理审批	陈明		comment	看一下	2026-11-05 09:00:00		$"
like "gm: no limit, so neither" "$t" "^总经理审批	陈明		approve	准	2026-11-05 10:15:00	21h45m	$"
like "done, by the gm" "$t" "^	陈明		done		2026-11-05 10:15:00		$"
is "rows in order" "$(echo "$t" | cut -f4 | grep -vx effect | tr '\n' ' ')" "action submit approve approve comment approve done "
is "show's head" "$(as zhangsan show "$n" | sed -n '1,5p' | cut -f1 | tr '\n' ' ')" "number form title applicant state "
is "decided and done times" "$(show_key "$n" decided) / $(show_key "$n" done)" "2026-11-05 10:15:00 / 2026-11-05 10:15:00"

# --- sensitive fields: masked for anyone without see_sensitive -------------
n=$(as zhangsan submit expense lines=travel,100 purpose=acct bank_account=6222000099998888)
is "the applicant sees his own" "$(show_key "$n" field.bank_account zhangsan)" 6222000099998888
is "the approver without see_sensitive: masked" "$(show_key "$n" field.bank_account lisi)" "******"
is "the admin manager sees it" "$(show_key "$n" field.bank_account wangwu)" 6222000099998888
is "the auditor sees it" "$(show_key "$n" field.bank_account sunhui)" 6222000099998888
is "the masked show has no trace of it" "$(as lisi show "$n" | grep -c 6222000099998888)" 0
status_is "someone unrelated cannot see it at all" 4 as yangfan show "$n"
status_is "show of nothing exits 3" 3 as zhangsan show BX-19990101-0001
status_is "show with no number is a usage error" 2 as zhangsan show

# --- the inbox boxes: to do, done, mine, cc --------------------------------
hdr=$(printf 'number\tform\tsummary\tapplicant\tstate\tstep')
is "to-do header" "$(as lisi inbox | head -1 | cut -f1-6)" "$hdr"
like "to-do shows what waits, with its deadline" "$(as lisi inbox)" "^$n	expense	acct	张三	pending	部门负责人审批	0m	2026-11-29 09:00:00	$"
as lisi approve "$n" >/dev/null
has_todo lisi "$n"; [ $? != 0 ]; _result $? "gone from lisi's to-do once approved"
like "in lisi's done box" "$(as lisi inbox --done | awk -F'\t' -v n="$n" '$1 == n')" "^$n	expense	acct	张三	pending	财务审核	2026-11-28 09:00:00	"
is "done box header says acted" "$(as lisi inbox --done | head -1 | cut -f7)" acted
is "heqing has done nothing on it" "$(as heqing inbox --done | grep -c "^$n")" 0

# The done box holds the requests of the latest 1,000 actions (an admin
# clerk acts on tens of thousands); --all and the screen's / reach every one.
# lisi acted on 1,200 more a month ago (made in SQL: copies of $n, each with
# a task she approved, the oldest one with two).
q "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1200)
 INSERT INTO requests(number, form, summary, applicant_id, state, data, idem_key, created_at, updated_at)
 SELECT printf('BULK-%04d', i), form, 'bulk', applicant_id, 'done', data, printf('bulk-key-%04d', i),
 '2026-10-01 07:00:00', '2026-10-01 07:00:00' FROM requests, c WHERE number = '$n'"
q "INSERT INTO tasks(request_id, step_id, assignee_id, state, created_at, acted_at, acted_by)
 SELECT r.id, t.step_id, t.assignee_id, 'approved', '2026-10-01 08:00:00',
 datetime('2026-10-01 09:00:00', '+' || CAST(substr(r.number, 6) AS INTEGER) || ' minutes'), t.acted_by
 FROM requests r, (SELECT step_id, assignee_id, acted_by FROM tasks WHERE acted_by = (SELECT id FROM employees
 WHERE login = 'lisi') ORDER BY id LIMIT 1) t WHERE r.number LIKE 'BULK-%'"
q "INSERT INTO tasks(request_id, step_id, assignee_id, state, created_at, acted_at, acted_by)
 SELECT request_id, step_id, assignee_id, state, created_at, '2026-10-01 08:30:00', acted_by FROM tasks
 WHERE request_id = (SELECT id FROM requests WHERE number = 'BULK-0001')"
all_n=$(q "SELECT count(DISTINCT request_id) FROM tasks WHERE acted_by = (SELECT id FROM employees WHERE login = 'lisi')")
is "lisi acted on 1,200 more" "$all_n" "$(( $(q "SELECT count(DISTINCT request_id) FROM tasks t JOIN requests r ON r.id = t.request_id
 WHERE acted_by = (SELECT id FROM employees WHERE login = 'lisi') AND r.number NOT LIKE 'BULK-%'") + 1200 ))"
as lisi inbox --done > "$TMP/done.tsv" 2> "$TMP/done.err"
is "done box: the requests of the latest 1,000 actions" "$(tail -n +2 "$TMP/done.tsv" | wc -l)" \
	"$(q "SELECT count(DISTINCT request_id) FROM (SELECT request_id FROM tasks
	WHERE acted_by = (SELECT id FROM employees WHERE login = 'lisi') ORDER BY acted_at DESC LIMIT 1000)")"
is "done box: the latest first" "$(sed -n 2p "$TMP/done.tsv" | cut -f1)" "$n"
is "done box: the oldest left out" "$(grep -c '^BULK-0001	' "$TMP/done.tsv")" 0
like "done box: says so on stderr" "$(cat "$TMP/done.err")" "latest 1000 actions; --all lists every one$"
as lisi inbox --done --all > "$TMP/done-all.tsv" 2> "$TMP/done-all.err"
is "done --all: every request lisi acted on" "$(tail -n +2 "$TMP/done-all.tsv" | wc -l)" "$all_n"
is "done --all: the oldest, once" "$(grep -c '^BULK-0001	' "$TMP/done-all.tsv")" 1
is "done --all: nothing on stderr" "$(cat "$TMP/done-all.err")" ""
is "done --all: the same order" "$(head -n 1001 "$TMP/done-all.tsv" | tail -n +2 | cut -f1 | head -n 900)" \
	"$(tail -n +2 "$TMP/done.tsv" | cut -f1 | head -n 900)"
# The screen: the latest, how many of how many, and / searches them all.
printf 'key i\nkey Tab\ndump\nkey /\ntype BULK-0001\nkey Enter\ndump\n' > "$TMP/done.keys"
ADMINFLOW_TUI_SCRIPT="$TMP/done.keys" ADMINFLOW_TUI_DUMP="$TMP/done.out" TERM=xterm-256color COLUMNS=100 LINES=24 \
	as lisi > /dev/null 2>&1
total=$(printf '%d' "$all_n" | sed ':a;s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/;ta')
shown=$(printf '%d' "$(( $(tail -n +2 "$TMP/done.tsv" | wc -l) ))" | sed ':a;s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/;ta')
like "done tab: how many of how many" "$(cat "$TMP/done.out")" " $shown latest of $total — / searches all"
like "done tab: / finds the oldest" "$(sed -n '/screen 2/,$p' "$TMP/done.out")" "^ *BULK-0001 "
is "mine: all of zhangsan's, newest first" "$(as zhangsan inbox --mine | awk -F'\t' 'NR > 1' | wc -l)" \
	"$(q "SELECT count(*) FROM requests r JOIN employees e ON e.id = r.applicant_id WHERE e.login = 'zhangsan'")"
is "mine: nothing for someone who applied for nothing" "$(as yangfan inbox --mine | wc -l)" 1
n=$(as zhangsan submit expense lines=travel,7000 purpose=cc cc_person=yangfan)
like "cc: the form's CC person sees it" "$(as yangfan inbox --cc)" "^$n	expense	cc	张三	pending	"
like "cc: the notice too" "$(q "SELECT text FROM notices n JOIN employees e ON e.id = n.employee_id
	WHERE e.login = 'yangfan' AND n.kind = 'cc'")" "$n"
is "cc: the gm step's CC not before it runs" "$(as wangwu inbox --cc | grep -c "^$n")" 0
as lisi approve "$n" >/dev/null; as heqing approve "$n" >/dev/null
is "cc: nor while it waits (a step's CC is told when it is decided; issue 14)" "$(as wangwu inbox --cc | grep -c "^$n")" 0
as chenzong approve "$n" >/dev/null
is "cc: the gm step's CC (admin manager) once the gm decided" "$(as wangwu inbox --cc | grep -c "^$n")" 1
like "cc: the notice says how it was decided" "$(q "SELECT text FROM notices n JOIN employees e ON e.id = n.employee_id
	JOIN requests r ON r.id = n.request_id WHERE e.login = 'wangwu' AND n.kind = 'cc' AND r.number = '$n'")" "^抄送 cc: $n 总经理审批 已同意 approved$"
n2=$(as zhangsan submit expense lines=travel,7000 purpose=cc2)
as lisi approve "$n2" >/dev/null; as heqing approve "$n2" >/dev/null
as chenzong reject "$n2" -m 超标 >/dev/null
like "cc: a rejection at the step is told too" "$(q "SELECT text FROM notices n JOIN employees e ON e.id = n.employee_id
	JOIN requests r ON r.id = n.request_id WHERE e.login = 'wangwu' AND n.kind = 'cc' AND r.number = '$n2'")" "已驳回 rejected$"
ok "a CC'd person may show it" as yangfan show "$n"
status_is "two boxes at once is a usage error" 2 as lisi inbox --done --mine
status_is "an unknown box is a usage error" 2 as lisi inbox --everything
status_is "--all is for the done box only" 2 as lisi inbox --all

# --- urge notifies the current approvers; withdraw tells them --------------
n=$(as zhangsan submit expense lines=office,100 purpose=urgent)
as lisi approve "$n" >/dev/null
ok "urge" as zhangsan urge "$n" -m 急用
is "both finance people urged, with the message" "$(q "SELECT group_concat(e.login || ':' || n.text, ' ') FROM notices n
	JOIN employees e ON e.id = n.employee_id JOIN requests r ON r.id = n.request_id
	WHERE r.number = '$n' AND n.kind = 'urge' ORDER BY e.login")" \
	"heqing:催办 please act on $n: 急用 songjia:催办 please act on $n: 急用"
ok "withdraw" as zhangsan withdraw "$n"
is "both told it was withdrawn" "$(q "SELECT count(*) FROM notices n JOIN requests r ON r.id = n.request_id
	WHERE r.number = '$n' AND n.kind = 'withdrawn'")" 2
is "and their to-do is empty of it" "$(todo heqing | grep -c "^$n")" 0

ok "the audit chain holds" af audit verify
done_testing
