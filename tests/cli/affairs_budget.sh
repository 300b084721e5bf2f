#!/bin/sh
# Budgets per department and year (and per expense category): set by
# finance and audited, used by the claims (spent when done, under way
# while pending), the approver warned, over_budget as a form condition that
# sends a claim to the general manager, and claims racing for the last of
# a budget.
. "$srcdir/tests/lib.sh"
af_init

gm_step() { sqlite3 "$DB" "SELECT s.state FROM steps s JOIN requests r ON r.id = s.request_id WHERE r.number = '$1' AND s.name = 'gm'"; }

ok "finance sets the marketing budget for 2026" af --as songjia budget set MKT 2026 10000 --reason 年度预算
ok "and a travel budget within it" af --as songjia budget set MKT 2026 3000 --category travel --reason 差旅
is "audited" "$(sqlite3 "$DB" "SELECT object, detail FROM audit WHERE action = 'budget_set' ORDER BY id")" \
	"MKT|2026: set 10000.00: 年度预算
MKT|2026 travel: set 3000.00: 差旅"
ok "changed later" af --as songjia budget set MKT 2026 12000 --reason 追加
is "the change audited with old and new" "$(sqlite3 "$DB" "SELECT detail FROM audit WHERE action = 'budget_set' ORDER BY id DESC LIMIT 1")" \
	"2026: 10000.00 -> 12000.00: 追加"
status_is "an employee may not set a budget" 4 af --as zhangsan budget set MKT 2026 1 --reason x
status_is "a year that is not one" 3 af --as songjia budget set MKT 26 1 --reason x
is "... named with what was typed, in the screen's words too (budget_parse_year)" \
	"$(af --as songjia budget set MKT 26 1 --reason x 2>&1)" "adminflow: year: not a year (2000-2999): 26"
is "a negative amount named the same way (budget_parse_amount)" \
	"$(af --as songjia budget set MKT 2026 -5 --reason x 2>&1)" "adminflow: amount: not an amount of zero or more: -5"
status_is "an unknown department" 3 af --as songjia budget set NOPE 2026 1 --reason x

# ---- used: under way while pending, spent when done -----------------------------
b1=$(af --as zhangsan submit expense lines=travel,1000.00 purpose=出差)
is "a claim within budget skips the general manager" "$(gm_step "$b1")" skipped
like "the budget list counts it under way" "$(af --as songjia budget list --year 2026)" \
	"2026	MKT	市场部		12000.00	0.00	1000.00	11000.00"
like "and in the travel budget" "$(af --as songjia budget list --year 2026)" \
	"2026	MKT	市场部	travel	3000.00	0.00	1000.00	2000.00"
af --as lisi approve "$b1" >/dev/null && af --as heqing approve "$b1" >/dev/null
like "done, it is spent" "$(af --as songjia budget list --year 2026)" "2026	MKT	市场部		12000.00	1000.00	0.00	11000.00"

# ---- over budget: the approver is told, and the general manager asked ---------------
b2=$(af --as yangfan submit expense 'lines=travel,2500.00;meals,100' purpose=广州出差)
is "over the travel budget: the general manager's step is planned" "$(gm_step "$b2")" planned
like "the approver sees why" "$(af --as lisi show "$b2")" \
	"budget	over budget: MKT 2026 travel 3000.00, used 1000.00, this 2500.00"
b3=$(af --as yangfan submit expense lines=meals,200 purpose=工作餐)
is "a meals claim is not over the travel budget" "$(gm_step "$b3")" skipped
status_is "an employee may not list budgets" 4 af --as zhangsan budget list

# ---- race: five claims for the last of a budget ------------------------------------
ok "HR gets 10000" af --as songjia budget set HR 2026 10000 --reason 年度预算
i=0
for who in luxiao jiangtao caiyun panhong tianye; do
	i=$((i + 1))
	( af --as "$who" submit expense lines=office,3000 purpose=培训物料 > "$TMP/race.$i.out" 2>&1 ) &
done
wait
is "all five went in" "$(cat "$TMP"/race.*.out | grep -c '^BX-')" 5
n_skip=0; n_gm=0
for f in "$TMP"/race.*.out; do
	case $(gm_step "$(cat "$f")") in skipped) n_skip=$((n_skip + 1)) ;; planned) n_gm=$((n_gm + 1)) ;; esac
done
is "three fit in 10000: they skip the general manager" "$n_skip" 3
is "the two past it go to the general manager" "$n_gm" 2

# ---- import from CSV (finance's, all or nothing), export, the budget report -------------
printf 'department,year,category,amount\nSALES,2026,,40000.00\nSALES,2026,meals,2000\nTECH,2026,,30000\n' > "$TMP/b.csv"
status_is "an employee may not import budgets" 4 af --as zhangsan import budgets "$TMP/b.csv"
status_is "nor admin staff, who import the registers" 4 af --as liuyang import budgets "$TMP/b.csv"
ok "finance imports them" af --as songjia import budgets "$TMP/b.csv"
like "the import is audited" "$(sqlite3 "$DB" "SELECT object, detail FROM audit WHERE action = 'import' ORDER BY id DESC LIMIT 1")" \
	"^budgets\|3 rows from "
like "imported budgets are listed" "$(af --as songjia budget list --year 2026)" "2026	SALES	销售部	meals	2000.00	0.00	0.00	2000.00"
printf 'department,year,category,amount\nSALES,2026,,45000\n' > "$TMP/b2.csv"
ok "a second import changes an amount" af --as songjia import budgets "$TMP/b2.csv"
like "and keeps the rest" "$(af --as songjia budget list --year 2026)" "2026	SALES	销售部		45000.00.*
.*2026	SALES	销售部	meals	2000.00"
printf 'department,year,category,amount\nSALES,26,,1\nNOPE,2026,,1\nTECH,2026,,-5\nHR,2026,travel,1\nHR,2026,travel,2\nHR,2027,,1\n' > "$TMP/bad.csv"
before=$(sqlite3 "$DB" "SELECT count(*), sum(amount_cents) FROM budgets")
af --as songjia import budgets "$TMP/bad.csv" > "$TMP/bad.out" 2>&1; rc=$?
is "bad rows: exit 3" "$rc" 3
like "a year that is not one, by line" "$(cat "$TMP/bad.out")" "bad.csv:2: year: '26' is not a year \(2000-2999\)"
like "an unknown department" "$(cat "$TMP/bad.out")" "bad.csv:3: department: unknown department 'NOPE'"
like "a negative amount" "$(cat "$TMP/bad.out")" "bad.csv:4: amount: '-5' is negative"
like "the same budget twice" "$(cat "$TMP/bad.out")" "bad.csv:6: department: duplicate 'HR,2026,travel' \(also on line 5\)"
is "nothing of it was imported" "$(sqlite3 "$DB" "SELECT count(*), sum(amount_cents) FROM budgets")" "$before"
af --as wangwu export budgets -o "$TMP/out.csv"
like "export: the same columns as the import" "$(cat "$TMP/out.csv")" "department,year,category,amount"
like "export: a category budget" "$(tr -d '\r' < "$TMP/out.csv")" "^SALES,2026,meals,2000.00$"

af --as songjia report budget --csv > "$TMP/rep.csv"
like "report: the travel budget past its amount is marked over" "$(tr -d '\r' < "$TMP/rep.csv")" \
	"^MKT,市场部,travel,3000.00,1000.00,2500.00,-500.00,116.7,over$"
like "report: within budget, not marked" "$(tr -d '\r' < "$TMP/rep.csv")" "^SALES,销售部,meals,2000.00,0.00,0.00,2000.00,0.0,$"
is "report: the total adds the whole budgets, not the categories within them" \
	"$(tr -d '\r' < "$TMP/rep.csv" | awk -F, '$1 == "合计 total" { print $4 }')" 97000.00
ok "a department with a category budget only (ADM travel)" af --as songjia budget set ADM 2026 5000 --category travel --reason 差旅
is "report: its category budget counts in the total, having no whole one" \
	"$(af --as songjia report budget --csv | tr -d '\r' | awk -F, '$1 == "合计 total" { print $4 }')" 102000.00
like "report: the year and the day" "$(af --as songjia report budget)" "year 2026; as of 2026-11-28"
like "report: another year by --from" "$(af --as songjia report budget --from 2027-01-01)" "year 2027"
status_is "report: not for an employee" 4 af --as zhangsan report budget

# ---- the screens: the approver's warning, and the form's while it is filled in --------------
export TERM=xterm-256color
for size in 80x24 60x20; do
	scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' "$b2" | tui_dump $size lisi)
	like "$size: the approver sees the budget warning under the state (the screen's words, money grouped)" "$scr" \
		"^ budget +over budget: 市场部 2026 Travel: budget"
done
scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' "$b3" | tui_dump 80x24 lisi)
unlike=$(printf '%s\n' "$scr" | grep -c 'over budget')
is "a claim within its budgets shows no warning" "$unlike" 0
drafts="$HOME/.local/state/adminflow/outbox/drafts"
mkdir -p "$drafts"
for size in 80x24 60x20; do
	printf 'lines\ttravel,800\npurpose\t深圳出差\n' > "$drafts/zhangsan-expense.draft"
	scr=$(printf 'key Enter\nkey Enter\nkey y\ndump\n' | tui_dump $size zhangsan)
	like "$size: the form warns that the claim would go over" "$scr" "^over budget: 市场部 2026 Travel: budget 3,000.00, used"
done
printf 'lines\tmeals,50\npurpose\t午餐\n' > "$drafts/zhangsan-expense.draft"
scr=$(printf 'key Enter\nkey Enter\nkey y\ndump\n' | tui_dump 80x24 zhangsan)
is "within budget, the form says nothing of it" "$(printf '%s\n' "$scr" | grep -c 'over budget')" 0
ok "the audit chain holds" af --as sunhui audit verify
done_testing
