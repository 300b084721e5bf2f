#!/bin/sh
# The Chinese screens in the real terminal (tmux, 60x20): every word a
# screen shows in the screen's language (issue 16). A refusal names the
# field by its label, not its code; the command line stays English.
. "$srcdir/tests/lib.sh"
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' || skip_all "the zh_CN.UTF-8 locale is not installed"
TMUX_NEEDS=sqlite3
. "$srcdir/tests/lib_tmux.sh"
ZH="LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8"

# ---- 1. a refusal: the field's label in the screen's language ----
start r1 zhangsan 60 20 "$ZH"
expect "home in Chinese" r1 '快递寄件'
line=$(line_of '快递寄件')
top=$(line_of '费用报销')
i=$top; while [ "$i" -lt "$line" ]; do keys r1 j; i=$((i + 1)); done
keys r1 Enter
expect "the express form" r1 '重量\(克\)'
for v in 王五 1 北京 0; do text r1 "$v"; keys r1 Enter; done
expect "the refusal names the field by its Chinese label" r1 '^重量\(克\)：0 小于最小值 1'
is "no field code in it" "$(printf '%s\n' "$screen" | grep '小于最小值' | grep -c weight)" 0
out=$(env $ZH "$AF_BIN" --config "$CONF" --as zhangsan submit express recipient=w phone=1 address=b weight=0 2>&1)
is "the command line's refusal is as it was, in English" "$out" "adminflow: field weight: 0 is below the minimum 1"

# ---- 2. a request from before schema 4: its whys read in Chinese ----
# Such steps kept only the English words (reason empty); the return's
# "to applicant:" is the engine's English too.
n=$(af --as zhangsan submit supplies lines=SP014:1 purpose=归档)
af --as lisi return "$n" -m 请补充 >/dev/null
sqlite3 "$DB" "UPDATE step_people SET reason = '' WHERE step_id IN (SELECT st.id FROM steps st
	JOIN requests r ON r.id = st.request_id WHERE r.number = '$n');
	UPDATE steps SET reason = '' WHERE request_id = (SELECT id FROM requests WHERE number = '$n')"
is "the steps hold only the English whys now" "$(sqlite3 "$DB" "SELECT count(*) FROM step_people p
	JOIN steps st ON st.id = p.step_id JOIN requests r ON r.id = st.request_id
	WHERE r.number = '$n' AND p.reason = '' AND p.why = 'department head of 市场部'")" 1
start r2 zhangsan 60 20 "$ZH"
expect "home" r2 '快递寄件'
keys r2 '#'
text r2 "$n"
keys r2 Enter
expect "the old request's department head's why in Chinese" r2 '市场部负责人'
expect "the role's why in Chinese, the role by its label" r2 '角色 行政专员'
is "no English why left" "$(printf '%s\n' "$screen" | grep -c 'department head\|^ *role ')" 0
keys r2 G
expect "the return's opinion: to the applicant, in Chinese" r2 '给申请人：请补充'
is "no English 'to applicant'" "$(printf '%s\n' "$screen" | grep -c 'to applicant')" 0
out=$(env $ZH "$AF_BIN" --config "$CONF" --as zhangsan show "$n" | grep -a '	return	')
like "the command line keeps its English words" "$out" '	to applicant: 请补充	'

# ---- 4. warnings: over budget, stock short, in Chinese with money grouped ----
af --as songjia budget set MKT 2026 3000 --category travel --reason 差旅 >/dev/null
b=$(af --as yangfan submit expense 'lines=travel,2500.00;meals,100' purpose=广州出差)
b2=$(af --as yangfan submit expense 'lines=travel,1500.00' purpose=深圳出差)
like "the command line's warning is as it was, in English" "$(af --as lisi show "$b2" | grep -a '^budget')" \
	'^budget	over budget: MKT 2026 travel 3000.00, used 2500.00, this 1500.00$'
start r4 lisi 60 20 "$ZH"
expect "home" r4 '快递寄件'
keys r4 '#'
text r4 "$b2"
keys r4 Enter
expect "over budget said in Chinese, the category by its label" r4 '超出预算：市场部 2026 年差旅：预算'
like "the money grouped (the line wraps at 60 columns)" "$screen" '3,000\.00，已用 2,500\.00，本次 1,500\.00'
is "no English in it" "$(printf '%s\n' "$screen" | grep -c 'over budget\|travel')" 0
s=$(af --as zhangsan submit supplies lines=SP014:999 purpose=归档 2>/dev/null)
like "the command line's stock warning stays English" \
	"$(af --as lisi show "$s" | grep -a '^stock')" '^stock	stock short: .* \(SP014\): 999 asked, [0-9]+ available$'
keys r4 q
keys r4 '#'
text r4 "$s"
keys r4 Enter
expect "stock short said in Chinese on the request screen" r4 '库存不足：文件夹（SP014）：申请 999，可用 [0-9]+'
# Below the reorder level: the admin staff's notice, kept in the command
# line's words, is read in the screen's.
s=$(af --as zhangsan submit supplies lines=SP001:3 purpose=打印)
af --as lisi approve "$s" >/dev/null && af --as liuyang approve "$s" >/dev/null
af --as liuyang stock issue "$s" >/dev/null 2>&1
like "the low-stock notice is stored as before" \
	"$(sqlite3 "$DB" "SELECT text FROM notices WHERE kind = 'low_stock' ORDER BY id DESC LIMIT 1")" \
	'^低库存 low stock: A4复印纸 \(SP001\): 0包 left, reorder level 5; adminflow stock restock'
start r5 liuyang 60 20 "$ZH"
expect "home" r5 '待办'
keys r5 n
expect "the notice in Chinese" r5 '低库存：A4复印纸（SP001）：剩'
is "no English in it" "$(printf '%s\n' "$screen" | grep -c 'low stock')" 0
# The other notices too: the to-do the approval gave, stored in both
# languages (it is mailed as it is), is read in the screen's only.
like "the to-do notice is stored in both languages" \
	"$(sqlite3 "$DB" "SELECT text FROM notices WHERE kind = 'task' ORDER BY id DESC LIMIT 1")" "^待办 to do: $s "
like "the to-do notice in Chinese" "$screen" "待办：$s 行政"
is "no English word of a notice on the screen" "$(printf '%s\n' "$screen" | grep -c ' to do: \|^.*approved: ')" 0

# ---- 3. expense lines on the form as a table, not as typed ----
drafts="$HOME/.local/state/adminflow/outbox/drafts"
mkdir -p "$drafts"
printf 'lines\ttravel,4500.00,6,高铁 北京往返;meals,120.50,1,\npurpose\t北京出差\n' > "$drafts/zhangsan-expense.draft"
start r3 zhangsan 60 20 "$ZH"
expect "home" r3 '费用报销'
keys r3 Enter
expect "the draft is offered" r3 '草稿'
keys r3 y
expect "the lines as a table: the category by its Chinese label, amount, receipts, note" r3 \
	'^ +差旅 +4500\.00 +6  高铁 北京往返'
like "the second line" "$screen" '^ +餐费 +120\.50 +1'
like "the header in Chinese" "$screen" '^ +类别 +金额 +票据张数 +说明'
like "their total" "$screen" '^ +合计 +4620\.50 +7'
like "the count on the field's row" "$screen" '^\*报销明细 +2 行'
is "never the typed text" "$(printf '%s\n' "$screen" | grep -c 'travel,')" 0
like "the fields below still there" "$screen" '^\*事由 +北京出差'

done_testing
