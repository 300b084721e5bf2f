#!/bin/sh
# Time limits with a fixed clock (ADMINFLOW_NOW): requests are submitted at
# T and `remind` runs at T+21h (due soon) and T+25h (overdue). Each rule of
# a step does what it says once per occasion: remind notices the approver,
# escalate:role and escalate:up ask someone above too, auto_approve approves
# only where the form allows it. --dry-run changes nothing.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

T="2026-11-28 09:00:00"
T21="2026-11-29 06:00:00"
T22="2026-11-29 07:00:00"
T25="2026-11-29 10:00:00"
T26="2026-11-29 11:00:00"

mkdir -p "$TMP/forms"
# One single-step form per rule; each limit is 24 hours.
for rule in remind escalate:role:admin_manager escalate:up auto_approve; do
	id=$(echo "$rule" | sed 's/:.*//; s/escalate/esc/')
	[ "$rule" = escalate:up ] && id=up
	approvers='"dept_head"'
	[ "$id" = esc ] && approvers='"user:liuyang"'
	cat > "$TMP/forms/t_$id.conf" <<EOF
form = {
  id = "t_$id"; title = "时限 $rule"; prefix = "T$(echo "$id" | tr a-z A-Z | cut -c1-3)";
  allow_auto_approve = true;
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; } );
  steps = (
    { name = "only"; title = "审批 $rule"; approvers = [$approvers]; time_limit = 24; on_timeout = "$rule"; }
  );
  effects = ["notify"];
};
EOF
done
CONF=$(forms_conf "$TMP/forms")
fas() { _w=$1; shift; "$AF_BIN" --config "$CONF" --db "$DB" --as "$_w" "$@"; }
# remind, keeping the header and the lines about requests (remind also
# reports licences, stock and bookings, which are not this test's).
remind() {
	"$AF_BIN" --config "$CONF" --db "$DB" remind "$@" > "$TMP/remind.out"; _rs=$?
	awk -F'\t' 'NR == 1 || $2 ~ /^[A-Z]+-[0-9]+-[0-9]+$/' "$TMP/remind.out"
	return $_rs
}
notices() { # LOGIN KIND NUMBER: how many
	q "SELECT count(*) FROM notices n JOIN employees e ON e.id = n.employee_id JOIN requests r ON r.id = n.request_id
	   WHERE e.login = '$1' AND n.kind = '$2' AND r.number = '$3'"
}

like "forms check: all four" "$("$AF_BIN" --config "$CONF" --db "$DB" forms check)" "^4 forms ok$"
rem=$(ADMINFLOW_NOW=$T fas zhangsan submit t_remind what=a)
esc=$(ADMINFLOW_NOW=$T fas zhangsan submit t_esc what=b)
up=$(ADMINFLOW_NOW=$T fas zhangsan submit t_up what=c)
auto=$(ADMINFLOW_NOW=$T fas zhangsan submit t_auto_approve what=d)
is "all four wait" "$(state_of "$rem") $(state_of "$esc") $(state_of "$up") $(state_of "$auto")" "pending pending pending pending"
is "the deadline is T+24h" "$(q "SELECT DISTINCT due_at FROM tasks")" "2026-11-29 09:00:00"

# Nothing is due at T+1h.
out=$(ADMINFLOW_NOW="2026-11-28 10:00:00" remind)
is "an hour in: nothing to do" "$out" "$(printf 'action\tnumber\tstep\tapprover\tdetail')"

# Due soon: three hours left of 24 (within a quarter of the limit, at most 4h).
before=$(dump)
out=$(ADMINFLOW_NOW=$T21 remind --dry-run)
is "dry run: four due soon" "$(echo "$out" | grep -c '^due-soon	')" 4
unchanged "dry run changed nothing" "$before"
out=$(ADMINFLOW_NOW=$T21 remind)
like "due soon: lisi on the remind form" "$out" "^due-soon	$rem	审批 remind	lisi	due soon$"
is "a due-soon notice for lisi" "$(notices lisi due_soon "$rem")" 1
out=$(ADMINFLOW_NOW=$T22 remind)
is "an hour later: no second due-soon notice" "$(echo "$out" | wc -l) $(notices lisi due_soon "$rem")" "1 1"

# Overdue at T+25h: each rule once.
before=$(dump)
out=$(ADMINFLOW_NOW=$T25 remind --dry-run)
unchanged "overdue dry run changed nothing" "$before"
like "dry run tells the escalation" "$out" "^escalate	$esc	.*	liuyang	escalate:role:admin_manager to 王五 \(wangwu\)$"
out=$(ADMINFLOW_NOW=$T25 remind); s=$?
is "remind exits 0" "$s" 0
is "four lines and the header" "$(echo "$out" | wc -l)" 5

# remind: a notice to the approver, once.
like "remind: lisi is reminded" "$out" "^remind	$rem	审批 remind	lisi	overdue$"
is "remind: one overdue notice" "$(notices lisi overdue "$rem")" 1
is "remind: still lisi's alone" "$(pending_of "$rem")" lisi
like "lisi's inbox marks it OVERDUE" "$(ADMINFLOW_NOW=$T25 fas lisi inbox)" "^$rem	t_remind	a	张三	pending	审批 remind	25h	2026-11-29 09:00:00	OVERDUE$"

# escalate:role:admin_manager: wangwu asked too, liuyang keeps the task.
like "escalate:role: to the admin manager" "$out" "^escalate	$esc	审批 escalate:role:admin_manager	liuyang	escalate:role:admin_manager to 王五 \(wangwu\)$"
is "escalate:role: both may act now" "$(pending_of "$esc")" "liuyang wangwu"
is "escalate:role: wangwu is told" "$(notices wangwu escalated "$esc")" 1
like "escalate:role: in the timeline" "$(timeline "$esc")" "^审批 escalate:role:admin_manager	system		escalate	escalate:role:admin_manager to 王五 \(wangwu\)	2026-11-29 10:00:00	25h00m	missed$"

# escalate:up: the next head up from lisi is chenzong.
like "escalate:up: to the next head up" "$out" "^escalate	$up	审批 escalate:up	lisi	escalate:up to 陈明 \(chenzong\)$"
is "escalate:up: chenzong asked too" "$(pending_of "$up")" "chenzong lisi"

# auto_approve: allowed by this form, so approved and done.
like "auto_approve: approved" "$out" "^auto-approve	$auto	审批 auto_approve	lisi	time limit passed$"
is "auto_approve: done" "$(state_of "$auto")" done
t=$(timeline "$auto")
like "auto_approve: the timeline says the system did it" "$t" "^审批 auto_approve	system		auto-approve	time limit passed	2026-11-29 10:00:00	25h00m	missed$"
like "auto_approve: done by the system" "$t" "^	system		done		2026-11-29 10:00:00		$"

# A second run the same hour, and another later: nothing new.
before=$(dump)
out=$(ADMINFLOW_NOW=$T25 remind)
is "second run: nothing to do" "$out" "$(printf 'action\tnumber\tstep\tapprover\tdetail')"
out=$(ADMINFLOW_NOW=$T26 remind)
is "an hour later: still nothing" "$out" "$(printf 'action\tnumber\tstep\tapprover\tdetail')"
unchanged "and nothing changed" "$before"
is "still one overdue notice for lisi" "$(notices lisi overdue "$rem")" 1
is "still one escalation task" "$(q "SELECT count(*) FROM tasks t JOIN requests r ON r.id = t.request_id WHERE r.number = '$esc'")" 2

# The escalated person can act; the late approval shows as missed.
ADMINFLOW_NOW=$T26 fas wangwu approve "$esc" -m 代为处理 >/dev/null
is "escalated: wangwu's approval completes it" "$(state_of "$esc") [$(pending_of "$esc")]" "done []"
ADMINFLOW_NOW=$T26 fas lisi approve "$rem" >/dev/null
like "late approval: missed" "$(timeline "$rem")" "^审批 remind	李四		approve		2026-11-29 11:00:00	26h00m	missed$"

# auto_approve where the form does not allow it: a reminder instead. The
# rule is kept with the request's step; the form is changed after submit.
held=$(ADMINFLOW_NOW=$T fas zhangsan submit t_auto_approve what=e)
sed -i 's/allow_auto_approve = true/allow_auto_approve = false/' "$TMP/forms/t_auto_approve.conf"
status_is "forms check now refuses auto_approve" 3 "$AF_BIN" --config "$CONF" --db "$DB" forms check
like "and says why" "$("$AF_BIN" --config "$CONF" --db "$DB" forms check 2>&1)" \
	"t_auto_approve.conf:[0-9]+: step 'only': on_timeout: auto_approve needs allow_auto_approve = true in the form"
out=$(ADMINFLOW_NOW=$T25 remind)
like "not allowed: reminded instead" "$out" "^remind	$held	审批 auto_approve	lisi	overdue; auto-approval is not allowed by the form$"
is "not allowed: still pending" "$(state_of "$held") $(pending_of "$held")" "pending lisi"

# Escalation upwards from the top has nobody to go to: a reminder, once.
up2=$(ADMINFLOW_NOW=$T fas lisi submit t_up what=f)
is "lisi's own: chenzong" "$(pending_of "$up2")" chenzong
out=$(ADMINFLOW_NOW=$T25 remind)
like "nobody above the GM: reminded" "$out" "^remind	$up2	审批 escalate:up	chenzong	overdue; nobody to escalate to$"
out=$(ADMINFLOW_NOW=$T26 remind)
is "and only once" "$(echo "$out" | grep -c "$up2")" 0

# Escalation on a countersign step: the escalated person stands in for the
# overdue one (a seat counts once), so the step can complete.
cat > "$TMP/forms/t_all.conf" <<'EOF'
form = {
  id = "t_all"; title = "会签时限"; prefix = "TALL";
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; } );
  steps = (
    { name = "both"; title = "财务会签"; approvers = ["role:finance"]; mode = "all"; time_limit = 24;
      on_timeout = "escalate:role:admin_manager"; },
    { name = "last"; title = "行政"; approvers = ["user:liuyang"]; }
  );
  effects = ["notify"];
};
EOF
all=$(ADMINFLOW_NOW=$T fas zhangsan submit t_all what=g)
ADMINFLOW_NOW="2026-11-28 12:00:00" fas heqing approve "$all" >/dev/null
out=$(ADMINFLOW_NOW=$T25 remind)
like "countersign: songjia's seat escalated" "$out" "^escalate	$all	财务会签	songjia	escalate:role:admin_manager to 王五 \(wangwu\)$"
like "shown as standing in for songjia" "$(timeline "$all")" "^财务会签	王五 for 宋佳	宋佳	waiting	"
ADMINFLOW_NOW=$T26 fas wangwu approve "$all" -m 代签 >/dev/null
is "wangwu's approval fills songjia's seat: the next step" "$(pending_of "$all")" liuyang
like "the timeline says for whom" "$(timeline "$all")" "^财务会签	王五 for 宋佳	宋佳	approve	代签	"
is "songjia's own task closed" "$(q "SELECT t.state FROM tasks t JOIN requests r ON r.id = t.request_id
	JOIN employees e ON e.id = t.assignee_id WHERE r.number = '$all' AND e.login = 'songjia'")" skipped
refused "songjia, too late" 5 fas songjia approve "$all"
like "is told who acted first" "$(fas songjia approve "$all" 2>&1)" "already handled by 何青 \(heqing\), who approved at 2026-11-28 12:00:00"

# Both seats of a countersign step overdue: the first escalation asks
# wangwu, so the second seat has nobody left to escalate to. The dry run is
# the real run rolled back, so it says the same, line for line.
two=$(ADMINFLOW_NOW=$T fas zhangsan submit t_all what=h)
before=$(dump)
dry=$(ADMINFLOW_NOW=$T25 remind --dry-run | grep "$two")
unchanged "two overdue seats: the dry run changed nothing" "$before"
# A dry run changes nothing, so under --as (root's) it writes no --as row
# either.
last=$(q "SELECT max(id) FROM audit")
ADMINFLOW_NOW=$T25 fas wangwu remind --dry-run > /dev/null
unchanged "a dry run under --as changed nothing else" "$before"
is "a dry run under --as writes no audit row" \
	"$(q "SELECT count(*) FROM audit WHERE id > $last")" 0
is "two overdue seats: two lines" "$(echo "$dry" | wc -l)" 2
real=$(ADMINFLOW_NOW=$T25 remind | grep "$two")
is "two overdue seats: the dry run said what remind then did" "$dry" "$real"
like "... one seat escalated to wangwu" "$real" "escalate	$two	财务会签	[a-z]*	escalate:role:admin_manager to 王五 \(wangwu\)"
like "... the other reminded: wangwu is asked already" "$real" "remind	$two	财务会签	[a-z]*	overdue; nobody to escalate to"

status_is "remind takes no other argument" 2 "$AF_BIN" --config "$CONF" --db "$DB" remind --now
ok "the audit chain holds" af audit verify
done_testing
