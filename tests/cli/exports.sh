#!/bin/sh
# The activity exports: requests (with a form: one column per field),
# tasks, stock moves and the audit trail, as CSV read back by Python's csv
# module; each reader gets only the rows they may see and sensitive fields
# masked; date ranges; who may export what; bad arguments refused.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed (the independent CSV reader)"

at() { _t=$1; shift; ADMINFLOW_NOW="$_t" "$AF_BIN" --db "$DB" --as "$@"; }
# col FILE WHERE COLUMN: the column of the rows matching WHERE (k=v&k=v).
col() {
	python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
conds = [c.split("=", 1) for c in sys.argv[2].split("&")] if sys.argv[2] else []
for r in rows:
    if all(r[k] == v for k, v in conds):
        print(r[sys.argv[3]])
' "$@"
}
rows() { python3 -c 'import csv, sys; print(len(list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))))' "$1"; }

# Two claims: zhangsan's (MKT, a formula-looking purpose, a bank account),
# approved by lisi in 30 h (over his 24 h limit); weixin's (TECH), waiting
# at yejun. A supplies requisition handed out. A trip in October.
e1=$(at "2026-11-02 09:00:00" zhangsan submit expense 'lines=travel,1200.50,3,高铁;meals,80,1' \
	purpose='=HYPERLINK("x")' bank_account=6222020200112233445)
at "2026-11-03 15:00:00" lisi approve "$e1" -m 同意 >/dev/null
e2=$(at "2026-11-10 09:00:00" weixin submit expense 'lines=office,300,2' purpose='打印, "装订"')
t1=$(at "2026-10-15 09:00:00" zhangsan submit travel destination=上海 start=2026-10-20 end=2026-10-21 purpose=拜访 estimate=3000)
s1=$(at "2026-11-05 09:00:00" zhangsan submit supplies lines=SP003:2 purpose=签合同)
at "2026-11-05 10:00:00" lisi approve "$s1" >/dev/null
at "2026-11-05 11:00:00" liuyang approve "$s1" >/dev/null
at "2026-11-05 12:00:00" liuyang stock issue "$s1" >/dev/null
y1=$(at "2026-11-12 09:00:00" zhangsan submit seal seal=SEAL02 document='采购合同, "甲方"' copies=2 witness=wangwu)
at "2026-11-12 10:00:00" lisi approve "$y1" >/dev/null
at "2026-11-12 11:00:00" linna approve "$y1" >/dev/null
for n in "$e1" "$e2" "$t1" "$s1" "$y1"; do [ -n "$n" ] || { echo "Bail out! a fixture could not be made"; exit 1; }; done

# ---- requests ---------------------------------------------------------------
ok "the admin manager exports every request" as wangwu export requests -o "$TMP/all.csv"
is "... one row each" "$(rows "$TMP/all.csv")" "$(q "SELECT count(*) FROM requests WHERE state <> 'draft'")"
is "... with the affair in words and the applicant's department" \
	"$(col "$TMP/all.csv" "number=$e1" affair)|$(col "$TMP/all.csv" "number=$e1" department)|$(col "$TMP/all.csv" "number=$e1" state)" \
	"Expense claim|MKT|pending"
is "... the step it waits at" "$(col "$TMP/all.csv" "number=$e2" step)" "部门负责人审批"
is "... a formula-looking summary comes back as it was typed" "$(col "$TMP/all.csv" "number=$e1" summary)" "'=HYPERLINK(\"x\")"
as wangwu export requests --form expense -o "$TMP/exp.csv"
is "--form: only that affair" "$(col "$TMP/exp.csv" '' number | tr '\n' ' ')" "$e1 $e2 "
is "--form: a column per field, lines as typed" "$(col "$TMP/exp.csv" "number=$e1" lines)" "travel,1200.50,3,高铁;meals,80.00,1"
is "--form: the computed amount" "$(col "$TMP/exp.csv" "number=$e1" amount)" "1280.50"
is "--form: the admin manager sees the bank account" "$(col "$TMP/exp.csv" "number=$e1" bank_account)" 6222020200112233445
as liuyang export requests --form expense -o "$TMP/clerk.csv"
is "an admin clerk (export, no view_all) gets only what he may see: nothing of the claims" "$(rows "$TMP/clerk.csv")" 0
as liuyang export requests -o "$TMP/clerk-all.csv"
is "... but the requisition he handled" "$(col "$TMP/clerk-all.csv" '' number)" "$s1"
as songjia export requests --form expense -o "$TMP/fin.csv"
is "finance sees the claim waiting for her, not the one still at its head" "$(col "$TMP/fin.csv" '' number)" "$e1"
is "... and the bank account, which finance needs to pay it (visible_to, issue 14)" "$(col "$TMP/fin.csv" "number=$e1" bank_account)" 6222020200112233445
as wangwu export requests --from 2026-11-01 --to 2026-11-05 -o "$TMP/range.csv"
is "--from/--to: submitted in those days" "$(col "$TMP/range.csv" '' number | tr '\n' ' ')" "$e1 $s1 "
status_is "an employee may not export" 4 as zhangsan export requests
status_is "--form of no such affair exits 3" 3 as wangwu export requests --form nosuch
status_is "a bad date exits 3" 3 as wangwu export requests --from 2026-02-30
like "... named" "$(as wangwu export requests --from 2026-02-30 2>&1)" "^adminflow: export requests: '2026-02-30' is not a date \(YYYY-MM-DD\)$"
status_is "--from on a register exits 2" 2 as wangwu export assets --from 2026-01-01
status_is "--form on stock moves exits 2" 2 as wangwu export stock-moves --form expense

# ---- tasks, stock moves, audit ----------------------------------------------------------
as wangwu export tasks --form expense -o "$TMP/tasks.csv"
is "tasks: lisi's approval, 30 h against a 24 h limit, overdue" \
	"$(col "$TMP/tasks.csv" "number=$e1&assignee=lisi" state)|$(col "$TMP/tasks.csv" "number=$e1&assignee=lisi" acted_at)|$(col "$TMP/tasks.csv" "number=$e1&assignee=lisi" overdue)|$(col "$TMP/tasks.csv" "number=$e1&assignee=lisi" opinion)" \
	"approved|2026-11-03 15:00:00|1|同意"
is "tasks: yejun's, still waiting (the clock at 2026-11-28), overdue too" "$(col "$TMP/tasks.csv" "number=$e2" overdue)" 1
as wangwu export stock-moves -o "$TMP/moves.csv"
is "stock moves: reserved then issued for the requisition, by MKT" \
	"$(col "$TMP/moves.csv" "request=$s1" kind | tr '\n' ' ')|$(col "$TMP/moves.csv" "request=$s1&kind=issue" quantity)|$(col "$TMP/moves.csv" "request=$s1&kind=issue" department)" \
	"reserve issue |2|MKT"
as wangwu export seal-uses -o "$TMP/seals.csv"
is "seal uses: the register's line, the keeper who confirmed it" \
	"$(col "$TMP/seals.csv" "request=$y1" seal)|$(col "$TMP/seals.csv" "request=$y1" document)|$(col "$TMP/seals.csv" "request=$y1" copies)|$(col "$TMP/seals.csv" "request=$y1" used_by)|$(col "$TMP/seals.csv" "request=$y1" witness)|$(col "$TMP/seals.csv" "request=$y1" confirmed_by)" \
	'SEAL02|采购合同, "甲方"|2|zhangsan|wangwu|linna'
is "seal uses: --to before it leaves it out" "$(as wangwu export seal-uses --to 2026-11-11 | tail -n +2)" ""
# The registers screen exports what its tab shows: the seals tab, the uses.
clear_prompt=$(printf 'key Backspace\n%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14)
printf 'key r\nkey Tab\nkey Tab\nkey E\n%s\ntype %s\nkey Enter\n' "$clear_prompt" "$TMP/tab.csv" | tui_dump 80x24 wangwu >/dev/null
is "the seals tab of the registers exports the seal uses" "$(head -1 "$TMP/tab.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" \
	"at,seal,seal_name,document,copies,used_by,used_by_name,witness,confirmed_by,request"
scr=$(printf 'key r\nkey E\n%s\ntype /nonexistent/x.csv\nkey Enter\ndump\n' "$clear_prompt" | tui_dump 80x24 wangwu)
like "an export the screen cannot write says why, and writes nothing" "$scr" "/nonexistent/x.csv: cannot write"
status_is "an admin clerk may not export the audit trail" 4 as liuyang export audit
n=$(q 'SELECT count(*) FROM audit')
as sunhui export audit -o "$TMP/audit.csv"
is "the auditor exports every audit row (root's read under --as writes none)" "$(rows "$TMP/audit.csv")" "$n"
is "... with its hashes, chained" "$(python3 -c '
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
print(all(r[i]["prev_hash"] == r[i - 1]["hash"] for i in range(1, len(r))))' "$TMP/audit.csv")" True
# A file is written whole or not at all.
ok "-o into a folder that is not there fails" sh -c '! "$1" --db "$2" --as wangwu export tasks -o /nonexistent/x.csv 2>/dev/null' - "$AF_BIN" "$DB"
done_testing
