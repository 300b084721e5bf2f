#!/bin/sh
# The process engine's routing: conditions, both step modes, asking the same
# person once, no self-approval, delegation, and a form written here into a
# temporary folder that runs end to end with no C code.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

# route_rows FORM LOGIN ARGS...: "step<TAB>approver login" lines of route.
route_rows() {
	_f=$1 _l=$2; shift 2
	as "$_l" route "$_f" "$@" | awk -F'\t' 'NR > 1 { print $1 "\t" $4 }'
}

# --- conditions: expense over 5000 adds the general manager ---------------
r=$(as zhangsan route expense lines=travel,6000 purpose=trip)
is "route header" "$(echo "$r" | head -1)" "$(printf 'step\ttitle\tmode\tapprover\twhy\tdeadline')"
is "route over 5000: head, finance (two), gm" "$(route_rows expense zhangsan lines=travel,6000 purpose=t)" \
	"$(printf 'head\t李四 (lisi)\nfinance\t何青 (heqing)\nfinance\t宋佳 (songjia)\ngm\t陈明 (chenzong)')"
like "the gm step says why" "$r" "^gm	总经理审批	any	陈明 \(chenzong\)	role general_manager; amount > 5000 \|\| over_budget is true	"
like "deadlines add up: head 24h" "$r" "^head	.*	2026-11-29 09:00:00$"
like "deadlines add up: finance 24h + 48h" "$r" "^finance	.*	2026-12-01 09:00:00$"
r=$(as zhangsan route expense lines=travel,5000 purpose=trip)
like "route at 5000: gm skipped, with why" "$r" "^gm	总经理审批	-	-	skipped: amount > 5000 \|\| over_budget is false	-$"
is "route at 5000.00: exactly 5000 is not over" "$(as zhangsan route expense lines=travel,5000.00 purpose=t | grep -c '^gm.*skipped')" 1
is "route at 5000.01: the gm is asked" "$(as zhangsan route expense lines=travel,5000.01 purpose=t | grep -c '^gm.*chenzong')" 1
status_is "route with a bad field exits 3" 3 as zhangsan route expense lines=travel,-1 purpose=t
status_is "route of no such form exits 3" 3 as zhangsan route nosuch a=b
is "route writes nothing" "$(q 'SELECT count(*) FROM requests')" 0

# ... and the actual tasks follow the route.
big=$(as zhangsan submit expense lines=travel,6000 purpose=trip)
like "submit prints the number alone" "$big" "^BX-20261128-[0-9]{4}$"
small=$(as zhangsan submit expense lines=travel,5000 purpose=trip)
is "both wait for lisi" "$(pending_of "$big") / $(pending_of "$small")" "lisi / lisi"
as lisi approve "$big" "$small" -m 同意 >/dev/null
is "then finance, either of two" "$(pending_of "$big") / $(pending_of "$small")" "heqing songjia / heqing songjia"
as songjia approve "$big" "$small" >/dev/null
is "over 5000: the gm is asked" "$(pending_of "$big") $(state_of "$big")" "chenzong pending"
is "at 5000: done after finance" "[$(pending_of "$small")] $(state_of "$small")" "[] done"
is "gm step skipped in the request itself" \
	"$(q "SELECT s.state FROM steps s JOIN requests r ON r.id = s.request_id WHERE r.number = '$small' AND s.name = 'gm'")" skipped
as chenzong approve "$big" >/dev/null
is "over 5000: done after the gm" "$(state_of "$big")" done

# --- step modes: any (或签) and all (会签) ------------------------------------
is "any: one approval closes the step; the other's task is skipped" \
	"$(q "SELECT group_concat(e.login || ':' || t.state, ' ') FROM tasks t JOIN employees e ON e.id = t.assignee_id
	     JOIN steps s ON s.id = t.step_id JOIN requests r ON r.id = t.request_id
	     WHERE r.number = '$small' AND s.name = 'finance' ORDER BY t.id")" "heqing:skipped songjia:approved"
mkdir -p "$TMP/forms"
cat > "$TMP/forms/sign.conf" <<'EOF'
# A test affair: countersign by both finance people, then the head.
form = {
  id = "sign"; title = "会签测试"; prefix = "QS"; summary = "what";
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; } );
  steps = (
    { name = "finance"; title = "财务会签"; approvers = ["role:finance"]; mode = "all"; },
    { name = "after"; title = "行政确认"; approvers = ["user:liuyang"]; }
  );
  effects = ["notify"];
};
EOF
CONF=$(forms_conf "$TMP/forms")
fas() { _w=$1; shift; "$AF_BIN" --config "$CONF" --db "$DB" --as "$_w" "$@"; }
n=$(fas zhangsan submit sign what=budget)
is "all: both asked" "$(pending_of "$n")" "heqing songjia"
fas heqing approve "$n" >/dev/null
is "all: one approval is not enough" "$(pending_of "$n") $(state_of "$n")" "songjia pending"
like "all: show still waits on songjia" "$(fas wangwu show "$n")" "财务会签	宋佳		waiting"
fas songjia approve "$n" >/dev/null
is "all: everyone approved, the next step" "$(pending_of "$n")" "liuyang"
fas liuyang approve "$n" >/dev/null
is "all: done" "$(state_of "$n")" done
n=$(fas zhangsan submit sign what=veto)
fas heqing approve "$n" >/dev/null
fas songjia reject "$n" -m "over budget" >/dev/null
is "all: one rejection rejects" "$(state_of "$n")" rejected

# --- the same person on consecutive steps is asked once --------------------
cat > "$TMP/forms/twice.conf" <<'EOF'
form = {
  id = "twice"; title = "去重测试"; prefix = "QC";
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; } );
  steps = (
    { name = "head"; title = "部门负责人"; approvers = ["dept_head"]; },
    { name = "again"; title = "李四再审"; approvers = ["user:lisi"]; },
    { name = "finance"; title = "财务"; approvers = ["role:finance"]; },
    { name = "third"; title = "李四三审"; approvers = ["user:lisi"]; }
  );
  effects = ["notify"];
};
EOF
r=$(fas zhangsan route twice what=x)
like "route shows the de-duplication" "$r" "^again	李四再审	any	李四 \(lisi\)	named in the form \(lisi\); asked once: approving step head approves this one too	-$"
like "not after another step in between" "$(echo "$r" | grep '^third')" "^third	李四三审	any	李四 \(lisi\)	named in the form \(lisi\)	-$"
n=$(fas zhangsan submit twice what=x)
fas lisi approve "$n" -m 同意 >/dev/null
is "lisi approved once, the next step followed" "$(pending_of "$n")" "heqing songjia"
like "the timeline says why" "$(timeline "$n")" "李四再审	李四		asked-once	同一审批人已在上一步同意 \(approved at the previous step, 部门负责人\)"
is "only one task notice for lisi" "$(q "SELECT count(*) FROM notices n JOIN requests r ON r.id = n.request_id
	JOIN employees e ON e.id = n.employee_id WHERE r.number = '$n' AND e.login = 'lisi' AND n.kind = 'task'")" 1
fas heqing approve "$n" >/dev/null
is "after a step in between, lisi is asked again" "$(pending_of "$n")" lisi
printf 'forms_dir = "%s";\nsame_approver_once = false;\n' "$TMP/forms" > "$TMP/nodedup.conf"
r=$("$AF_BIN" --config "$TMP/nodedup.conf" --db "$DB" --as zhangsan route twice what=x)
like "switched off: the route asks again" "$(echo "$r" | grep '^again')" "named in the form \(lisi\)	-$"
n=$("$AF_BIN" --config "$TMP/nodedup.conf" --db "$DB" --as zhangsan submit twice what=x)
"$AF_BIN" --config "$TMP/nodedup.conf" --db "$DB" --as lisi approve "$n" >/dev/null
is "switched off: lisi is asked twice" "$(pending_of "$n")" lisi

# --- nobody approves their own request ------------------------------------
r=$(as lisi route expense lines=travel,100 purpose=t)
like "a head's request goes to the next head up" "$r" \
	"^head	.*	陈明 \(chenzong\)	next head up: the applicant heads 市场部 \(no self-approval\)	"
n=$(as lisi submit expense lines=travel,100 purpose=t)
is "lisi's own request waits for chenzong" "$(pending_of "$n")" chenzong
r=$(as chenzong route expense lines=travel,9000 purpose=t)
like "nobody above the GM: the admin manager" "$r" "^head	.*	王五 \(wangwu\)	nobody else to approve: the admin manager"
like "the GM's own gm step: the admin manager too" "$r" "^gm	.*	王五 \(wangwu\)	"
is "no step asks the GM himself" "$(echo "$r" | grep -c chenzong)" 0
n=$(as chenzong submit expense lines=travel,9000 purpose=t)
is "chenzong's request waits for wangwu" "$(pending_of "$n")" wangwu
r=$(as wangwu route licence licence=营业执照 expires=2027-01-01)
like "the admin manager's own request: his superior" "$r" \
	"^manager	.*	陈明 \(chenzong\)	superior of the applicant \(no self-approval\)"
n=$(as wangwu submit licence licence=营业执照 expires=2027-01-01)
as liuyang approve "$n" >/dev/null
is "wangwu's licence renewal waits for chenzong, not himself" "$(pending_of "$n")" chenzong

# --- a new affair, written here, needs no C code ----------------------------
cat > "$TMP/forms/badge.conf" <<'EOF'
# 工牌补办: a badge replacement, added by this test as a file alone.
form = {
  id = "badge";
  title = "工牌补办";
  prefix = "GP";
  summary = "reason";
  fields = (
    { name = "reason"; label = "原因"; type = "choice"; options = ["lost", "broken", "renamed"]; required = true; },
    { name = "photo"; label = "照片"; type = "attachment"; },
    { name = "fee"; label = "工本费"; type = "money"; min = "0.00"; max = "100.00"; default = "20.00"; },
    { name = "when"; label = "领取日期"; type = "date"; required = true; },
    { name = "id_no"; label = "身份证号"; type = "text"; sensitive = true; max_length = 18; }
  );
  steps = (
    { name = "head"; title = "部门确认"; approvers = ["dept_head"]; when = "reason == \"lost\""; time_limit = 8; },
    { name = "admin"; title = "行政制卡"; approvers = ["role:admin_staff"]; time_limit = 24;
      cc = ["role:admin_manager"]; }
  );
  cc = ["user:chengli"];
  effects = ["notify", "archive"];
};
EOF
like "forms check accepts it" "$("$AF_BIN" --config "$CONF" --db "$DB" forms check)" "^3 forms ok$"
like "forms lists it" "$("$AF_BIN" --config "$CONF" --db "$DB" forms)" "^badge	工牌补办	GP	2	$TMP/forms/badge.conf$"
like "route: a lost badge asks the head first" "$(fas zhangsan route badge reason=lost when=2026-12-01)" "^head	部门确认	any	李四"
like "route: a broken one skips the head" "$(fas zhangsan route badge reason=broken when=2026-12-01)" \
	"^head	部门确认	-	-	skipped: reason == \"lost\" is false	-$"
status_is "its validation works: a fee over the max" 3 fas zhangsan submit badge reason=lost when=2026-12-01 fee=500
like "and names the field" "$(fas zhangsan submit badge reason=lost when=2026-12-01 fee=500 2>&1)" \
	"^adminflow: field fee: 500 is above the maximum 100.00$"
status_is "a choice outside its options" 3 fas zhangsan submit badge reason=stolen when=2026-12-01
n=$(fas zhangsan submit badge reason=lost when=2026-12-01 id_no=330106199108270493)
like "submitted with its own prefix" "$n" "^GP-20261128-0001$"
is "show: the default filled in" "$(fas zhangsan show "$n" | awk -F'\t' '$1 == "field.fee" { print $2 }')" 20.00
is "show: the sensitive field masked for the head" "$(fas lisi show "$n" | awk -F'\t' '$1 == "field.id_no" { print $2 }')" "******"
is "the form's CC got it" "$(fas chengli inbox --cc | awk -F'\t' 'NR > 1 { print $1 }')" "$n"
fas lisi approve "$n" >/dev/null
is "then the admin staff" "$(pending_of "$n")" "huangmin liuyang xulei"
fas wangwu inbox --cc | awk -F'\t' 'NR > 1 { print $1 }' | grep -qx "$n"; _result $((!$?)) "the step's CC: not while it waits"
fas xulei approve "$n" -m 已制卡 >/dev/null
fas wangwu inbox --cc | awk -F'\t' 'NR > 1 { print $1 }' | grep -qx "$n"; _result $? "the step's CC: the admin manager, once decided"
is "done" "$(state_of "$n")" done
is "the archive effect leaves archiving to retention" "$(q "SELECT archived_at IS NULL FROM requests WHERE number = '$n'")" 1
is "the applicant is told once that it is decided" "$(q "SELECT count(*) FROM notices n JOIN requests r ON r.id = n.request_id WHERE r.number = '$n' AND n.kind IN ('decided', 'done')")" 1
like "the done row names who completed it" "$(timeline "$n")" "^	徐磊		done		2026-11-28 09:00:00		$"
# --- delegation ------------------------------------------------------------
status_is "delegate to nobody exits 3" 3 as lisi delegate nobody --from 2026-11-28 --to 2026-11-30
status_is "delegate to oneself exits 3" 3 as lisi delegate lisi --from 2026-11-28 --to 2026-11-30
status_is "delegate with a bad date exits 3" 3 as lisi delegate wangwu --from 2026-11-31 --to 2026-12-01
status_is "delegate backwards exits 3" 3 as lisi delegate wangwu --from 2026-11-30 --to 2026-11-28
status_is "delegate without dates exits 2" 2 as lisi delegate wangwu
status_is "root cannot delegate for nobody" 4 af delegate wangwu --from 2026-11-28 --to 2026-11-30
is "refused delegations wrote nothing" "$(q 'SELECT count(*) FROM delegations')" 0
ok "lisi delegates to wangwu for three days" as lisi delegate wangwu --from 2026-11-28 --to 2026-11-30
like "the route says so" "$(as zhangsan route expense lines=travel,100 purpose=t)" \
	"^head	.*	李四 \(lisi\)	department head of 市场部; delegated to 王五 \(wangwu\)	"
n=$(as zhangsan submit expense lines=travel,100 purpose=away)
is "the step goes to wangwu" "$(pending_of "$n")" wangwu
has_todo wangwu "$n"; _result $? "in wangwu's inbox"
has_todo lisi "$n"; _result $? "still in lisi's (the delegator may act on it; issue 14)"
like "show: waiting on wangwu for lisi" "$(timeline "$n")" "^部门负责人审批	王五 for 李四	李四	waiting"
as wangwu approve "$n" -m 代批 >/dev/null
like "show records \"wangwu for lisi\"" "$(timeline "$n")" "^部门负责人审批	王五 for 李四	李四	approve	代批	"
is "the action row holds both" "$(q "SELECT a.login || ' for ' || f.login FROM actions x JOIN employees a ON a.id = x.actor_id
	JOIN employees f ON f.id = x.for_id JOIN requests r ON r.id = x.request_id WHERE r.number = '$n'")" "wangwu for lisi"
n=$(ADMINFLOW_NOW="2026-11-30 23:59:00" as zhangsan submit expense lines=travel,100 purpose=last-day)
is "the last day of the range is delegated" "$(pending_of "$n")" wangwu
n=$(ADMINFLOW_NOW="2026-12-01 00:00:00" as zhangsan submit expense lines=travel,100 purpose=back)
is "after the range lisi is asked again" "$(pending_of "$n")" lisi
n=$(ADMINFLOW_NOW="2026-11-27 12:00:00" as zhangsan submit expense lines=travel,100 purpose=before)
is "before the range lisi is asked" "$(pending_of "$n")" lisi
ok "lisi delegates to zhangsan in December" as lisi delegate zhangsan --from 2026-12-05 --to 2026-12-06
n=$(ADMINFLOW_NOW="2026-12-05 10:00:00" as zhangsan submit expense lines=travel,100 purpose=self)
is "a delegate never approves their own request" "$(pending_of "$n")" lisi
n=$(ADMINFLOW_NOW="2026-12-05 10:00:00" as yangfan submit expense lines=travel,100 purpose=other)
is "others' requests go to the delegate" "$(pending_of "$n")" zhangsan

ok "the audit chain holds after all this" af audit verify

done_testing
