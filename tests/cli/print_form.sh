#!/bin/sh
# The printed approval form (审批单): `show NUMBER --print` against an
# expected page; every line within 80 columns with Chinese text measured
# as two; pages of --lines lines with the head on each and the signature
# block whole; money in capital numerals; the screens' p sends the same
# page to print_command, or saves it to a file when there is none.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"

af_init || { echo "Bail out! init --demo failed"; exit 1; }
printf 'company = "上海示例贸易有限公司";\n' > "$TMP/af.conf"
export ADMINFLOW_CONFIG="$TMP/af.conf"
n=$(as zhangsan submit expense 'lines=travel,5600,4,北京往返机票;meals,400.5,2,' purpose=出差北京参加展会 \
	bank_account=6222020200001234567)
as lisi approve "$n" -m 同意 >/dev/null
as heqing approve "$n" -m 票据齐全，金额无误 >/dev/null
as chenzong approve "$n" -m 准 >/dev/null
is "the request is done" "$(state_of "$n")" done

# In Chinese, as the office reads it (LC_MESSAGES picks the labels' language).
zh() { LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$@"; }
zh as zhangsan show "$n" --print > "$TMP/form.txt"; s=$?
is "show --print exits 0" "$s" 0
hash=$(q "SELECT hash FROM audit WHERE object = '$n' ORDER BY id DESC LIMIT 1")
ok "the last action's audit hash is printed" grep -q "^  $hash\$" "$TMP/form.txt"
# The expected page, with the number and the hash (which vary with the day
# and the chain) put back as placeholders.
sed -e "s/$n/NUMBER/g" -e "s/$hash/HASH/" "$TMP/form.txt" > "$TMP/form.norm"
# PRINT_FORM_SAVE=FILE keeps the page, to update the expected one by hand.
[ -n "${PRINT_FORM_SAVE:-}" ] && cp "$TMP/form.norm" "$PRINT_FORM_SAVE"
if cmp -s "$TMP/form.norm" "$srcdir/tests/fixtures/print/expense.txt"; then
	_result 0 "the form is the expected page"
else
	_result 1 "the form is the expected page" "$(diff "$srcdir/tests/fixtures/print/expense.txt" "$TMP/form.norm" | head -20)"
fi
# cols FILE: the widest line, in terminal columns (East Asian wide: 2).
cols() {
	python3 -c '
import sys, unicodedata
w = 0
for line in open(sys.argv[1], encoding="utf-8").read().replace("\f", "\n").split("\n"):
    w = max(w, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
print(w)' "$1"
}
is "no line is wider than 80 columns" "$(cols "$TMP/form.txt")" 80
like "money in capital numerals" "$(cat "$TMP/form.txt")" "6000\\.50  大写 陆仟元伍角"
like "the lines' total in words" "$(cat "$TMP/form.txt")" "金额 合计大写 in words: 陆仟元伍角"
like "each step's approver, opinion and time" "$(cat "$TMP/form.txt")" "财务审核 +何青 +同意 +票据齐全，金额无误 +11-28 09:00"
like "the company on top" "$(head -1 "$TMP/form.txt")" "^ +上海示例贸易有限公司$"

# Short pages: the head on every page, form feeds between, none longer
# than asked, the signature block not split.
zh as zhangsan show "$n" --print --lines 20 > "$TMP/short.txt"
pages=$(($(tr -cd '\f' < "$TMP/short.txt" | wc -c) + 1))
ok "--lines 20: more than one page" test "$pages" -gt 1
python3 - "$TMP/short.txt" 20 > "$TMP/pages.txt" <<'EOF'
import sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
for i, p in enumerate(pages):
    lines = p.rstrip("\n").split("\n")
    print(len(lines) <= int(sys.argv[2]), "单号 No." in lines[2], "page %d/%d" % (i + 1, len(pages)) in lines[2])
print("签字" in pages[-1] and "审计 audit" in pages[-1])
EOF
is "--lines 20: every page within 20 lines, numbered, with its head" "$(sort -u "$TMP/pages.txt" | tr '\n' ' ')" "True True True True "

# Who may see it: the same rules as show.
status_is "an unknown request: invalid input" 3 as zhangsan show NO-SUCH-1 --print
status_is "someone who may not see it: not permitted" 4 as zhaoliu show "$n" --print
like "the approver sees the bank account masked" "$(zh as lisi show "$n" --print)" "收款账号 +\\*\\*\\*\\*\\*\\*"
status_is "--lines out of range: invalid input" 3 as zhangsan show "$n" --print --lines 5

# The screens' p: the same page to print_command (in English here, as the
# screens are in this test's locale).
as zhangsan show "$n" --print > "$TMP/form-en.txt"
like "in English: the labels of the English screens" "$(cat "$TMP/form-en.txt")" "Purpose +出差北京参加展会"
printf 'company = "上海示例贸易有限公司";\nprint_command = "cat > %s/printed.txt";\n' "$TMP" > "$TMP/af.conf"
printf 'key #\ntype %s\nkey Enter\nkey p\n' "$n" | tui_dump 80x24 zhangsan >/dev/null
ok "p in the request screen sends the form to print_command" cmp "$TMP/printed.txt" "$TMP/form-en.txt"
printf 'company = "上海示例贸易有限公司";\nprint_command = "";\n' > "$TMP/af.conf"
clear=$(printf 'key Backspace\n%.0s' $(seq 1 30))
printf 'key #\ntype %s\nkey Enter\nkey p\n%s\ntype %s\nkey Enter\n' "$n" "$clear" "$TMP/saved.txt" | tui_dump 80x24 zhangsan >/dev/null
ok "without print_command, p saves the form to the file named" cmp "$TMP/saved.txt" "$TMP/form-en.txt"

done_testing
