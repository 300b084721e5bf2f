#!/bin/sh
# The request screen on the demo company's history (script mode, 80x24 and
# 60x20): lines as a table with names and totals, long text wrapped and read
# whole in the pager, the steps still to come (who, why, limit), an
# approver changing the field their step allows and approving with it (the
# same engine call as `approve N lines=...`), a refusal shown in place with
# the change kept, a field that is not theirs refused, and the applicant
# correcting a returned request and sending it again.
. "$srcdir/tests/lib.sh"
export TERM=xterm-256color
"$AF_BIN" --db "$DB" init --demo --history >/dev/null || { echo "Bail out! init --demo --history failed"; exit 1; }
# The demo's history at this clock: the numbers are fixed.
FILES=LY-20261119-0001 DESK=BX-20261118-0001 SCREEN=WX-20261113-0001 CANTON=BX-20261125-0001
is "the supplies request waits for the admin clerks" "$(af show $FILES | grep -a '^state')" "state	pending"

scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' $FILES | tui_dump 80x24 liuyang)
like "supply lines: a row per item with its name" "$scr" '^   SP014 +文件夹 +20 +个$'
like "supply lines: the total quantity" "$scr" '^   total +36 *$'
like "the step waiting now: who, any one of them" "$scr" '^▶ Admin issue · now · 刘洋, 黄敏, 徐磊 \(any one\)'
like "the step waiting now: why and its deadline" "$scr" '^    role admin_staff · due 11-20 11:30'
like "the field the step may change is marked" "$scr" '^▸✎Items'

scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' $CANTON | tui_dump 60x20 chenzong)
like "60x20: expense lines with their amounts" "$scr" '^   Office +1500\.00 +1 +展位物料$'
like "60x20: the total of the amounts and receipts" "$scr" '^   total +6200\.00 +10 *$'

# A step still to come, with the hours it will have.
n=$(af --as zhangsan submit expense 'lines=travel,300' purpose=短途)
scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' "$n" | tui_dump 80x24 zhangsan)
like "a step to come: who and why" "$scr" '^  Finance review · to come · 何青, 宋佳 \(any one\)'
like "a step to come: the hours it will have" "$scr" '^    role finance · 48h to act'

# Long text: wrapped in place, whole in the pager.
long=$(printf '第%s段：显示器开机后屏幕闪烁，约十分钟后黑屏，换线无效。' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)
n=$(af --as weixin submit repair asset=FA-2026-0005 fault="$long")
scr=$(printf 'key #\ntype %s\nkey Enter\nkey j\ndump\nkey Enter\nkey G\ndump\n' "$n" | tui_dump 60x20 weixin)
first=$(printf '%s\n' "$scr" | sed -n '/^--- screen 1/,/^--- screen 2/p')
like "a long text wraps onto the next lines" "$first" '^ +.*第[0-9]+段'
like "and says there is more" "$first" '…$'
last=$(printf '%s\n' "$scr" | sed -n '/^--- screen 2/,$p')
like "the pager shows the end of it" "$last" '第20段：显示器开机后'
like "the pager is titled with the number and field" "$last" "^$n · Fault"
like "the pager says where it is" "$last" "^$n · Fault +[0-9]+-[0-9]+/[0-9]+ *$"

# The admin clerk lowers a quantity (stock short) and approves with it.
scr=$(printf 'key #\ntype %s\nkey Enter\nkey e\nkey Tab\nkey e\nkey Backspace\nkey Backspace\ntype 999\nkey Enter\nkey q\nkey a\nkey Enter\ndump\n' $FILES |
	tui_dump 80x24 liuyang)
like "a refusal is shown in place" "$scr" '^ +stock short: 文件夹 \(SP014\): 999 asked'
like "the change is kept after the refusal" "$scr" '^   SP014 +文件夹 +999 +个$'
is "nothing changed in the database" "$(af show $FILES | grep -a '^field.lines')" "field.lines	SP014:20,SP015:10,SP008:6"
scr=$(printf 'key #\ntype %s\nkey Enter\nkey e\nkey Tab\nkey e\nkey Backspace\nkey Backspace\ntype 12\nkey Enter\nkey q\ndump\nkey a\nkey Enter\ndump\n' $FILES |
	tui_dump 80x24 liuyang)
like "before approving, the change is announced" "$scr" 'changed: saved with your approval \(a\)'
like "approved with the change" "$scr" "$FILES: approve ok"
is "the lines are changed as approve N lines=... would" "$(af show $FILES | grep -a '^field.lines')" "field.lines	SP014:12,SP015:10,SP008:6"
like "the change is on the timeline" "$(af show $FILES)" 'edit	lines=SP014:12,SP015:10,SP008:6'

# A field the step does not list is refused with a reason.
n=$(af --as zhangsan submit supplies lines=SP003:1 purpose=签字)
af --as lisi approve "$n" >/dev/null
scr=$(printf 'key #\ntype %s\nkey Enter\nkey j\nkey e\ndump\n' "$n" | tui_dump 80x24 liuyang)
like "a field not of this step: refused" "$scr" 'this field is not yours to change at this step'

# The applicant corrects a returned claim and sends it again.
scr=$(printf 'key #\ntype %s\nkey Enter\nkey e\nkey Tab\nkey Tab\nkey Tab\nkey e\ntype ，补发票\nkey Enter\nkey q\nkey s\ntype 已补\nkey Enter\ndump\n' $DESK |
	tui_dump 60x20 duyang)
like "resubmitted from the screen" "$scr" "$DESK: resubmit ok"
is "pending again, round 2" "$(af show $DESK | grep -a '^state')" "state	pending"
like "the corrected line is stored" "$(af show $DESK | grep -a '^field.lines')" '键盘鼠标，补发票'
like "with the applicant's note" "$(af show $DESK)" 'resubmit	已补'
done_testing
