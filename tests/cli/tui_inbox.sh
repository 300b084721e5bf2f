#!/bin/sh
# The inbox shows what decides an approval at every width (script mode, on
# the demo company's history): summary (a form's summary fields joined),
# amount where the form has one, who asks and how long it waited, at 80x24
# and on a phone's 60x20, in English and Chinese; to-do leaves out the step
# (the same on every row), my requests leave out who asks; batch approval
# says how much it approves.
. "$srcdir/tests/lib.sh"
export TERM=xterm-256color
"$AF_BIN" --db "$DB" init --demo --history >/dev/null || { echo "Bail out! init --demo --history failed"; exit 1; }

is "a form's summary fields, joined, a time range short" \
	"$(af --as lisi inbox | grep '^HYS-' | cut -f3 | grep R301)" "客户答谢会筹备 · R301 · 11-30 09:30-11:30"

for size in 80x24 60x20; do
	scr=$(printf 'key i\ndump\n' | tui_dump $size lisi)
	head=$(printf '%s\n' "$scr" | sed -n 4p)
	like "$size to-do: number, who, summary, amount, waited" "$head" '^  number +(affair +)?from +summary +amount +waited *$'
	printf '%s\n' "$head" | grep -q 'state'; [ $? != 0 ]
	_result $? "$size to-do: no step column (the same on every row)" "$head"
	like "$size to-do: a claim with its amount and days waited" "$scr" '^! BX-20261123-0001 .*张三 +杭州客户拜访 +1200\.00 +3d *$'
	like "$size to-do: a booking with room and time in its summary" "$scr" '^! HYS-20261127-0001 .*张三 +客户答谢会筹备 · R'
	like "$size to-do: hours under two days" "$scr" 'YC-20261127-0001 .* 17h *$'
done
scr=$(printf 'key i\ndump\n' | tui_dump 80x24 lisi)
like "80x24 to-do: the affair too" "$scr" '^! BX-20261123-0001  Expense claim '

scr=$(printf 'key i\nkey Tab\nkey Tab\ndump\n' | tui_dump 60x20 zhangsan)
like "60x20 mine: where each stands" "$scr" '^  BX-20261125-0001 +广州展会 +6200\.00 in progress'
printf '%s\n' "$scr" | sed -n 4p | grep -q 'from'; [ $? != 0 ]
_result $? "60x20 mine: no 'from' column (it is the reader)" "$scr"

scr=$(printf 'key i\ndump\n' | SCREEN_LOCALE= LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 tui_dump 60x20 chenzong)
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	like "60x20 in Chinese: the amount column" "$scr" '金额'
	like "60x20 in Chinese: the general manager sees the claim's amount" "$scr" 'BX-20261125-0001 .*张三 +广州展会 +6200\.00'
else
	echo "ok - # SKIP zh_CN.UTF-8 is not installed"
	echo "ok - # SKIP zh_CN.UTF-8 is not installed"
fi

# Batch approval names the sum of what it approves.
scr=$(printf 'key i\nkey j\nkey Space\nkey Space\nkey A\nkey Enter\ndump\nkey y\ndump\n' | tui_dump 60x20 lisi)
like "batch: the question says how many and how much" "$scr" '^approve 2 requests, amounts 1200\.00 in all\? \(y/n\)'
like "batch: both approved" "$scr" 'approved 2'
is "the marked ones moved on" "$(af show BX-20261123-0001 | grep -a '^step	' | head -n 1)" "step	财务审核"
done_testing
