#!/bin/sh
# The approver rules at their edges (issue 14): a self-approval goes first
# to another holder of the same role and only then up the chain; one asked
# in someone's place is never approved for them by the asked-once rule; the
# admin manager as applicant of a step with nobody goes to their superior;
# a form naming a login that does not exist is refused at submit; a step
# transferred and then given a signer before it comes back to the person it
# was transferred to; the route names the department a head really heads.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

# --- a finance member's own claim: the other finance member reviews it -----
r=$(as heqing route expense lines=travel,6800 purpose=t)
is "heqing's claim: finance is songjia alone, not the GM in his place" \
	"$(echo "$r" | awk -F'\t' '$1 == "finance" { print $4 }')" "宋佳 (songjia)"
is "and nobody is 'asked once' for a step another role gives" "$(echo "$r" | grep -c 'asked once')" 0
n=$(as heqing submit expense lines=travel,6800 purpose=t)
as chenzong approve "$n" >/dev/null
is "after the head step, finance really reviews it" "$(steps_of "$n") | $(pending_of "$n")" \
	"head:done finance:active gm:planned | songjia"
as songjia approve "$n" >/dev/null
is "then the GM" "$(pending_of "$n")" chenzong

# --- the only holder of a role applies: the stand-in is asked, not skipped --
mkdir -p "$TMP/forms"
cat > "$TMP/forms/chop.conf" <<'EOF2'
form = {
  id = "chop"; title = "用印"; prefix = "YY"; summary = "what";
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; },
             { name = "who"; label = "经办"; type = "employee"; } );
  steps = (
    { name = "head"; title = "部门负责人"; approvers = ["dept_head"]; },
    { name = "keeper"; title = "印章管理员"; approvers = ["role:seal_keeper"]; }
  );
  effects = ["notify"];
};
EOF2
cat > "$TMP/forms/pick.conf" <<'EOF2'
form = {
  id = "pick"; title = "指定审批"; prefix = "ZD"; summary = "what";
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; },
             { name = "who"; label = "审批人"; type = "employee"; } );
  steps = ( { name = "chosen"; title = "指定人"; approvers = ["field:who"]; } );
  effects = ["notify"];
};
EOF2
CONF=$(forms_conf "$TMP/forms")
fas() { _w=$1; shift; "$AF_BIN" --config "$CONF" --db "$DB" --as "$_w" "$@"; }
r=$(fas linna route chop what=合同)
like "linna is the only seal keeper: her superior stands in" "$r" \
	"^keeper	.*	王五 \(wangwu\)	superior of the applicant \(no self-approval\)	"
is "the stand-in is not 'asked once'" "$(echo "$r" | grep -c 'asked once')" 0
n=$(fas linna submit chop what=合同)
fas wangwu approve "$n" >/dev/null
is "approving the head step does not approve the keeper step in his place" \
	"$(steps_of "$n") | $(pending_of "$n")" "head:done keeper:active | wangwu"

# --- the admin manager applies, and a step falls to nobody ----------------
r=$(fas wangwu route pick what=x)
like "nobody chosen, the admin manager applied: his superior" "$r" \
	"^chosen	.*	陈明 \(chenzong\)	nobody else to approve, and the admin manager applied: their superior	"
n=$(fas wangwu submit pick what=x); s=$?
is "the admin manager's submission is taken (exit 0, not 5)" "$s" 0
is "and waits for chenzong" "$(pending_of "$n")" chenzong
n=$(fas zhangsan submit pick what=x)
is "anyone else's: the admin manager" "$(pending_of "$n")" wangwu

# --- a misspelt login in a form: refused at submit, never a silent drop ----
cat > "$TMP/forms/typo.conf" <<'EOF2'
form = {
  id = "typo"; title = "拼错"; prefix = "PC"; summary = "what";
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; } );
  steps = ( { name = "hr"; title = "人事"; approvers = ["user:chengli", "user:chengliu"]; } );
  effects = ["notify"];
};
EOF2
before=$(dump)
out=$(fas zhangsan submit typo what=x 2>&1); s=$?
is "a step naming no such login: exit 5" "$s" 5
like "the message names the login, the file and line, and who must fix it" "$out" \
	"typo.conf:4: step hr names approver user:chengliu, who is no active employee; the admin manager must correct the form"
unchanged "nothing was written" "$before"
status_is "route says the same" 5 fas zhangsan route typo what=x

# --- transfer, then a signer added before: the step comes back to the new holder
n=$(as zhangsan submit expense lines=travel,100 purpose=x)
as lisi transfer "$n" yangfan -m 请代审 >/dev/null
as yangfan addsign "$n" zhuting --before -m 请先看 >/dev/null
is "the added signer first" "$(pending_of "$n")" zhuting
as zhuting approve "$n" >/dev/null
is "then the step runs again for yangfan, not lisi" "$(pending_of "$n")" yangfan
as yangfan approve "$n" >/dev/null
as songjia return "$n" --to head -m 再看 >/dev/null
is "returned to the step: yangfan again" "$(pending_of "$n")" yangfan

# --- a department with no head: the reason names the one above -----------
q "INSERT INTO departments(code, name, parent_id) SELECT 'TEST', '测试部', id FROM departments WHERE code = 'MKT';
   UPDATE employees SET department_id = (SELECT id FROM departments WHERE code = 'TEST') WHERE login = 'pengli'"
like "the head of the parent department, said as such" "$(as pengli route expense lines=travel,100 purpose=x)" \
	"^head	.*	李四 \(lisi\)	department head of 市场部 \(测试部 has no head\)	"
like "a department with its head: as before" "$(as zhangsan route expense lines=travel,100 purpose=x)" \
	"^head	.*	李四 \(lisi\)	department head of 市场部	"

# --- visible_to: finance reads the payee's account it must pay ------------
n=$(as zhangsan submit expense lines=travel,300 purpose=付款 bank_account=6222000011119999)
as lisi approve "$n" >/dev/null
is "finance (visible_to) reads the account in show" "$(show_key "$n" field.bank_account songjia)" 6222000011119999
is "the head, not in visible_to: masked" "$(show_key "$n" field.bank_account lisi)" "******"
as songjia export requests --form expense -o "$TMP/fin.csv"
like "finance's export holds it" "$(cat "$TMP/fin.csv")" "6222000011119999"
scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' "$n" | tui_dump 80x24 songjia)
like "the request screen shows it to finance" "$scr" "6222000011119999"
scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' "$n" | tui_dump 80x24 lisi)
is "and masks it for the head" "$(printf '%s\n' "$scr" | grep -c 6222000011119999)" 0
like "(the head's screen was drawn, masked)" "$scr" "\*\*\*\*\*\*"
cat > "$TMP/forms/vis.conf" <<'EOF2'
form = {
  id = "vis"; title = "可见"; prefix = "KJ"; summary = "what";
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; visible_to = ["finanse"]; } );
  steps = ( { name = "s"; title = "审"; approvers = ["role:finance"]; } );
  effects = ["notify"];
};
EOF2
like "forms check: visible_to names a role that exists (FILE:LINE, the nearest)" \
	"$(as zhangsan forms check "$TMP/forms" 2>&1)" "vis.conf:3: field 'what': visible_to: unknown role 'finanse'.*finance"
rm "$TMP/forms/vis.conf"

done_testing
