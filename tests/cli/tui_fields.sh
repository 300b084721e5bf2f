#!/bin/sh
# What a form's fields show, in the screen's language (English in
# tests/lib.sh's C.UTF-8, Chinese where zh_CN.UTF-8 is installed), at 80x24
# and 60x20: a choice field lists its choices by their labels as soon as
# the cursor comes to it and stores the option; the request screen and a
# lines table show the labels too. Fields a later step fills in (the form
# file lists them as that step's editable) are not shown to the applicant,
# and the approver of that step finds them to change. The engine's
# refusals are in the screen's language; the command line's stay English.
# Why a step runs and why each person is asked is stored as a reason code
# and said in the screen's language.
. "$srcdir/tests/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 (the command) is not installed"
af_init
q() { sqlite3 "$DB" "$1"; }
export TERM=xterm-256color
DRAFTS="$HOME/.local/state/adminflow/outbox/drafts"
# tui SIZE LOGIN [LOCALE]: keys on stdin, the dumps on stdout, no draft left
# over from the run before.
tui() {
	rm -rf "$DRAFTS"
	LANG=${3:-$LANG} LC_ALL=${3:-$LC_ALL} tui_dump "$1" "$2"
}
ZH=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && ZH=zh_CN.UTF-8
zh_skip() { _result 0 "$1 # SKIP the zh_CN.UTF-8 locale is not installed"; }

# ---- 1. choices by their labels, the option stored ----
# The express form: recipient, phone, address, weight, speed (a choice).
to_speed='find  KD \nkey Enter\nkey Tab\nkey Tab\nkey Tab\nkey Tab\nkey Tab\ndump\n'
for size in 80x24 60x20; do
	scr=$(printf "$to_speed" | tui $size zhangsan)
	like "$size: the default shown by its label" "$scr" '^\*Speed +Standard *$'
	like "$size: the choices said as the cursor comes" "$scr" '^Speed: Standard · Next day · Same day'
	scr=$(printf "${to_speed}key Enter\ndump\n" | tui $size zhangsan)
	like "$size: the picker lists the labels" "$scr" '^  Next day *$'
	printf '%s\n' "$scr" | grep -q 'next_day'; [ $? != 0 ]
	_result $? "$size: and never the stored option" "$scr"
	if [ -n "$ZH" ]; then
		scr=$(printf "${to_speed}key Enter\ndump\n" | tui $size zhangsan $ZH)
		like "$size Chinese: the labels in Chinese" "$scr" '标准.*次日达|次日达'
		like "$size Chinese: the hint line too" "$scr" '时效: 标准 · 次日达 · 当日达'
	else
		zh_skip "$size Chinese: the labels in Chinese"
		zh_skip "$size Chinese: the hint line too"
	fi
done
# Chosen by its label, stored as the option.
keys='find  KD \nkey Enter\ntype 王五\nkey Enter\ntype 13800000000\nkey Enter\ntype 北京\nkey Enter\ntype 500\nkey Enter\n'
keys="${keys}key Enter\nkey Down\nkey Down\nkey Enter\ndump\nkey F10\nkey C-x\ndump\n"
scr=$(printf "$keys" | tui 80x24 zhangsan)
like "Same day chosen, its label in the form" "$scr" '^\*Speed +Same day *$'
like "submitted" "$scr" 'submitted KD-'
num=$(printf '%s\n' "$scr" | sed -n 's/^submitted \(KD-[0-9]*-[0-9]*\).*/\1/p' | tail -n 1)
is "the option is what is stored" "$(af --as zhangsan show "$num" | awk -F'\t' '$1 == "field.urgent" { print $2 }')" same_day
# The request screen shows the label.
keys="key i\nkey Tab\nkey Tab\nkey Enter\ndump\n"
scr=$(printf "$keys" | tui 80x24 zhangsan)
like "the request screen: the label, not the option" "$scr" ' Speed +Same day'
if [ -n "$ZH" ]; then
	like "the request screen in Chinese" "$(printf "$keys" | tui 60x20 zhangsan $ZH)" ' 时效 +当日达'
else
	zh_skip "the request screen in Chinese"
fi

# An expense line's category: the table shows the label.
n=$(af --as zhangsan submit expense 'lines=meals,88.00,1,午餐' purpose=客户接待)
scr=$(printf "$keys" | tui 80x24 zhangsan)
like "an expense line's category by its label" "$scr" 'Meals +88\.00'

# ---- 2. a later step's fields are not the applicant's ----
# The repair form: equipment, fault, urgency, location, photo; the
# repairer (the acceptance step's), outcome and cost (the repair step's).
to_repair='find  WX \nkey Enter\n'
for size in 80x24 60x20; do
	scr=$(printf "${to_repair}dump\nkey End\nkey Tab\nkey Tab\ndump\n" | tui $size zhangsan)
	like "$size: the repair form for the applicant" "$scr" '^\*Equipment'
	printf '%s\n' "$scr" | grep -Eq '^ ?(Repairer|Outcome|Repair cost)'; [ $? != 0 ]
	_result $? "$size: no repairer, outcome or cost, even at the end" "$scr"
	like "$size: End stops at the applicant's last field" "$(printf '%s\n' "$scr" | tail -n 3)" 'help'
	if [ -n "$ZH" ]; then
		scr=$(printf "${to_repair}dump\n" | tui $size zhangsan $ZH)
		like "$size Chinese: the repair form" "$scr" '^\*报修设备'
		printf '%s\n' "$scr" | grep -Eq '维修人|处理结果|维修费用'; [ $? != 0 ]
		_result $? "$size Chinese: no 维修人, 处理结果 or 维修费用" "$scr"
	else
		zh_skip "$size Chinese: the repair form"
		zh_skip "$size Chinese: no 维修人, 处理结果 or 维修费用"
	fi
done
# Submitted from the screen: the acceptance step's clerk finds the repairer
# to fill in, marked as theirs.
keys="${to_repair}key Enter\ntype FA-2026-0005\nkey Enter\nkey Tab\ntype 屏幕闪烁\nkey F10\nkey C-x\ndump\n"
scr=$(printf "$keys" | tui 80x24 zhangsan)
num=$(printf '%s\n' "$scr" | sed -n 's/^submitted \(WX-[0-9]*-[0-9]*\).*/\1/p' | tail -n 1)
like "the repair is submitted from the screen" "$num" '^WX-'
is "stored without a repairer" "$(af show "$num" | grep -ac '^field.repairer')" 0
scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' "$num" | tui 80x24 liuyang)
like "the admin clerk's request screen: the repairer, empty, is theirs to fill" "$scr" '^ ?▸?✎Repairer *$'
keys='key #\ntype %s\nkey Enter\nkey j\nkey j\nkey j\nkey j\nkey e\ntype 王五\nkey Enter\ndump\nkey a\nkey Enter\ndump\n'
scr=$(printf "$keys" "$num" | tui 60x20 liuyang)
like "60x20: the repairer chosen in place" "$scr" '^▸✎Repairer +wangwu'
like "approved with it" "$scr" "$num: approve ok"
is "the repairer is stored, as approve N repairer=wangwu would" "$(af show "$num" | grep -a '^field.repairer')" \
	"field.repairer	wangwu"

# ---- 3. refusals in the screen's language ----
bad='find  KD \nkey Enter\ntype 王五\nkey Enter\ntype 1\nkey Enter\ntype 北京\nkey Enter\ntype 0\nkey Enter\ndump\n'
for size in 80x24 60x20; do
	like "$size: a refusal in English, the field named by its label" "$(printf "$bad" | tui $size zhangsan)" \
		'^Weight\(g\): 0 is below the minimum 1'
	if [ -n "$ZH" ]; then
		scr=$(printf "$bad" | tui $size zhangsan $ZH)
		like "$size Chinese: the same refusal in Chinese, the field's Chinese label" "$scr" '^重量\(克\)：0 小于最小值 1'
		is "$size Chinese: no field code in the refusal" "$(printf '%s\n' "$scr" | grep '小于最小值' | grep -c weight)" 0
	else
		zh_skip "$size Chinese: the same refusal in Chinese"
	fi
done
out=$(LANG=${ZH:-$LANG} LC_ALL=${ZH:-$LC_ALL} af --as zhangsan submit express recipient=w phone=1 address=b weight=0 2>&1)
is "the command line's refusal stays English in any locale" "$out" "adminflow: field weight: 0 is below the minimum 1"
# A refusal from the engine's actions: stock short, said on the request
# screen where the admin clerk asked for too much.
n=$(af --as zhangsan submit supplies lines=SP014:2 purpose=归档)
af --as lisi approve "$n" >/dev/null
keys='key #\ntype %s\nkey Enter\nkey e\nkey Tab\nkey e\nkey Backspace\ntype 999\nkey Enter\nkey q\nkey a\nkey Enter\ndump\n'
if [ -n "$ZH" ]; then
	scr=$(printf "$keys" "$n" | tui 60x20 liuyang $ZH)
	like "60x20 Chinese: stock short said in Chinese, in place" "$scr" '库存不足：文件夹（SP014）：申请 999'
else
	zh_skip "60x20 Chinese: stock short said in Chinese, in place"
fi

# ---- 4. why each step: a reason code, said in the screen's words ----
n=$(af --as zhangsan submit supplies lines=SP014:1 purpose=归档)
is "the reasons are stored as codes with their arguments" \
	"$(q "SELECT group_concat(replace(p.reason, char(31), '|'), ' ') FROM step_people p JOIN steps st ON st.id = p.step_id
	      JOIN requests r ON r.id = st.request_id WHERE r.number = '$n' AND p.kind = 'approver' AND p.employee_id =
	      (SELECT min(employee_id) FROM step_people WHERE step_id = st.id AND kind = 'approver') ORDER BY st.pos")" \
	"dept_head|市场部 role|admin_staff"
out=$(LANG=${ZH:-$LANG} LC_ALL=${ZH:-$LC_ALL} af --as zhangsan route supplies lines=SP014:1 purpose=归档)
like "the command line's route keeps the English words" "$out" 'department head of 市场部'
like "... in any locale" "$out" 'role admin_staff'
keys='key #\ntype %s\nkey Enter\ndump\n'
for size in 80x24 60x20; do
	like "$size: the steps' reasons in English" "$(printf "$keys" "$n" | tui $size zhangsan)" 'department head of 市场部'
	if [ -n "$ZH" ]; then
		scr=$(printf "$keys" "$n" | tui $size zhangsan $ZH)
		like "$size Chinese: the department head's reason in Chinese" "$scr" '市场部负责人'
		like "$size Chinese: the role's reason in Chinese, the role by its label" "$scr" '角色 行政专员'
	else
		zh_skip "$size Chinese: the department head's reason in Chinese"
		zh_skip "$size Chinese: the role's reason in Chinese"
	fi
done
# The route preview of a form says it in the screen's words too.
if [ -n "$ZH" ]; then
	keys='find  KD \nkey Enter\ntype 王五\nkey Enter\ntype 1\nkey Enter\ntype 北京\nkey Enter\ntype 500\nkey C-r\ndump\n'
	scr=$(printf "$keys" | tui 80x24 zhangsan $ZH)
	like "the route preview in Chinese" "$scr" '角色 行政专员'
else
	zh_skip "the route preview in Chinese"
fi

# A form file whose labels do not match its options is refused where it says so.
mkdir -p "$TMP/badforms"
cat > "$TMP/badforms/lab.conf" <<'EOF2'
form = {
  id = "lab"; title = "标签"; prefix = "BQ"; summary = "what";
  fields = ( { name = "what"; label = "事项"; type = "choice"; options = ["a", "b"];
    option_labels = ["甲"]; } );
  steps = ( { name = "s"; title = "审"; approvers = ["role:finance"]; } );
  effects = ["notify"];
};
EOF2
out=$(af forms check "$TMP/badforms" 2>&1); st=$?
is "forms check: labels that do not match the options: exit 3" "$st" 3
like "forms check: FILE:LINE, the field, how many of each" "$out" \
	"lab.conf:4: field 'what': option_labels: 1 labels for 2 options"
done_testing
