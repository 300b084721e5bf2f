#!/bin/sh
# The Chinese screens in the real terminal (tmux, 60x20): every word a
# screen shows in the screen's language (issue 16). A refusal names the
# field by its label, not its code; the command line stays English.
. "$srcdir/tests/lib.sh"
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' || skip_all "the zh_CN.UTF-8 locale is not installed"
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

done_testing
