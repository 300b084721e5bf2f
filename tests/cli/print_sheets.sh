#!/bin/sh
# The count sheets printed from the reports screen (issue 17), in the real
# program in tmux at 80x24 and 60x20, the data in Chinese and (where the
# zh_CN.UTF-8 locale is installed) the screens too: p on the supplies or
# the inventory count sheet sends the pages `report NAME --print` writes to
# print_command (a stand-in that keeps what it was given); with none
# configured it saves them to a file the user names. The screen stays as
# it was; the other reports say they do not print.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_tmux.sh"

# The stand-in lp: each job in $TMP/printed.N, its arguments beside it.
cat > "$TMP/lp.sh" <<EOS
n=\$(ls "$TMP" | grep -c '^printed\\.[0-9]*\$')
cat > "$TMP/printed.\$n"
printf '%s\n' "\$*" > "$TMP/args.\$n"
EOS
printf 'print_command = "sh %s -d office";\n' "$TMP/lp.sh" >> "$CONF"
jobs() { ls "$TMP" | grep -c '^printed\.[0-9]*$'; }
# The sheets as the command line prints them (the same clock, the same data).
"$AF_BIN" --config "$CONF" --as wangwu report supplies-count --print > "$TMP/supplies.txt"
"$AF_BIN" --config "$CONF" --as wangwu report inventory-count --print > "$TMP/inventory.txt"
like "the supplies sheet is titled in both languages" "$(cat "$TMP/supplies.txt")" '物品盘点表 supplies count sheet'
like "... and holds Chinese names" "$(cat "$TMP/supplies.txt")" 'A4复印纸'
# The place of each sheet in the reports menu: the one `report` lists it at.
at_of() { "$AF_BIN" --config "$CONF" --as wangwu report | tail -n +2 | cut -f1 | grep -n "^$1\$" | cut -d: -f1; }
# open_report SESSION NAME: R, down to NAME, Enter.
open_report() {
	keys "$1" R
	wait_for "$1" '^ adminflow │' >/dev/null
	for _j in $(seq 2 "$(at_of "$2")"); do keys "$1" j; done
	keys "$1" Enter
}

# ---- 80x24, English words: the supplies count sheet to print_command ------------------------
start en wangwu 80 24
expect "80x24: home" en '^ adminflow │ home'
open_report en supplies-count
expect "80x24: the supplies count sheet" en '^ supplies count sheet'
like "... its rows, Chinese names aligned" "$screen" 'A4复印纸'
like "... p print in its hints" "$screen" 'p print'
before=$screen
keys en p
expect "p: sent to print_command, said on the status line" en 'count sheet sent to sh .*lp\.sh -d office'
is "one job printed" "$(jobs)" 1
ok "... the pages report supplies-count --print writes, byte for byte" cmp "$TMP/printed.0" "$TMP/supplies.txt"
is "... the command got its arguments" "$(cat "$TMP/args.0")" "-d office"
is "... pages are at most 80 columns" \
	"$(python3 -c 'import sys, unicodedata as u
w = lambda s: sum(2 if u.east_asian_width(c) in "WF" else 1 for c in s)
print(max(w(l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n")) <= 80)' "$TMP/printed.0")" True
is "the screen is as it was, but for the status line" \
	"$(printf '%s\n' "$screen" | sed '$d')" "$(printf '%s\n' "$before" | sed '$d')"
# another report: p says it does not print, and nothing is sent
keys en q
wait_for en '^ adminflow │' >/dev/null
keys en g Enter
expect "the first report opens" en '^ volume by affair, month'
printf '%s\n' "$screen" | tail -n 1 | grep -q 'p print'; [ $? != 0 ]
_result $? "... no p print in its hints" "$(printf '%s\n' "$screen" | tail -n 1)"
keys en p
expect "... p there says only the count sheets print" en 'only the count sheets print; E.* exports this report as CSV'
is "... and nothing was sent" "$(jobs)" 1
keys en q q q
expect_exit "quits cleanly" en 0

# ---- 60x20: the inventory count sheet, with no print_command: saved ----------------------------
CONF_EN=$CONF
CONF="$TMP/noprint.conf"
grep -v '^print_command' "$CONF_EN" > "$CONF"
printf 'print_command = "";\n' >> "$CONF"
mkdir "$TMP/out"
zh=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && zh="LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8"
start ph wangwu 60 20 "$zh"
expect "60x20: home" ph '^ adminflow │'
open_report ph inventory-count
if [ -n "$zh" ]; then
	expect "60x20, zh_CN: the inventory count sheet, titled in Chinese" ph '^ 资产盘点表'
else
	expect "60x20: the inventory count sheet" ph '^ inventory count sheet'
fi
before=$screen
keys ph p
if [ -n "$zh" ]; then
	expect "p with no print_command: asks where to save, inventory-count.txt offered" ph \
		'^未配置打印命令，盘点表保存到： inventory-count\.txt'
else
	expect "p with no print_command: asks where to save, inventory-count.txt offered" ph \
		'^no print_command; save the count sheet to: inventory-count\.txt'
fi
keys ph C-u
text ph "$TMP/out/盘点表.txt"
keys ph Enter
if [ -n "$zh" ]; then
	expect "... saved, the full path said" ph '盘点表已保存到 /'
else
	expect "... saved, the full path said" ph 'count sheet saved to /'
fi
ok "... the file holds the pages report inventory-count --print writes" cmp "$TMP/out/盘点表.txt" "$TMP/inventory.txt"
is "... nothing went to a printer" "$(jobs)" 1
is "the screen is as it was, but for the status line" \
	"$(printf '%s\n' "$screen" | sed '$d')" "$(printf '%s\n' "$before" | sed '$d')"
# the same name again: written over only on y
keys ph p
wait_for ph 'inventory-count\.txt' >/dev/null
keys ph C-u
text ph "$TMP/out/盘点表.txt"
keys ph Enter
expect "the same name again: asked before writing over it" ph '盘点表\.txt.*\(y/n\)'
: > "$TMP/out/盘点表.txt"
keys ph n
wait_for ph '^ (资产盘点表|inventory count sheet)' >/dev/null
is "... n keeps the file there" "$(wc -c < "$TMP/out/盘点表.txt")" 0
keys ph q q q
expect_exit "quits cleanly" ph 0

done_testing
