#!/bin/sh
# Screen tests in the style of tig's: keys from a script, the screen dumped
# and compared with the expected screen in tests/screens/, at 80x24 and at
# a phone's 60x20, with Chinese names and labels. The clock, time zone and
# locale are pinned by tests/lib.sh. ADMINFLOW_UPDATE_SCREENS=1 rewrites
# the expected files (review them with git diff before committing).
. "$srcdir/tests/lib.sh"
af_init
export TERM=xterm-256color

# screen NAME COLSxLINES LOGIN: keys on stdin; compares the dump with tests/screens/NAME.
# In tests/lib.sh's C.UTF-8 the program's own words are English.
screen() {
	name=$1; size=$2; login=$3
	cat > "$TMP/$name.keys"
	ADMINFLOW_TUI_SCRIPT="$TMP/$name.keys" ADMINFLOW_TUI_DUMP="$TMP/$name.out" \
		COLUMNS=${size%x*} LINES=${size#*x} LANG=${SCREEN_LOCALE:-$LANG} LC_ALL=${SCREEN_LOCALE:-$LC_ALL} \
		"$AF_BIN" --db "$DB" --as "$login" 2>"$TMP/$name.err"
	rc=$?
	expected="$srcdir/tests/screens/$name"
	if [ "${ADMINFLOW_UPDATE_SCREENS:-}" = 1 ]; then
		cp "$TMP/$name.out" "$expected"
	fi
	if [ "$rc" = 0 ] && diff -u "$expected" "$TMP/$name.out" > "$TMP/$name.diff" 2>&1; then
		_result 0 "screen $name ($size)"
	else
		_result 1 "screen $name ($size)" "$(cat "$TMP/$name.err" "$TMP/$name.diff")"
	fi
}

screen home-80x24 80x24 zhangsan <<'KEYS'
dump
KEYS
screen home-60x20 60x20 zhangsan <<'KEYS'
dump
KEYS
screen help-80x24 80x24 zhangsan <<'KEYS'
key ?
dump
KEYS
# Help pages: PgDn a page on, G the last page, g the first again.
screen help-pages-60x20 60x20 zhangsan <<'KEYS'
key ?
key PgDn
dump
key G
dump
key g
dump
KEYS

# A request from the command line appears in the head's inbox.
number=$(af --as zhangsan submit expense lines=travel,6800.50 purpose='北京出差 客户拜访' bank_account=6222020200112233)
is "a request to look at" "$number" "BX-20261128-0001"
screen inbox-lisi-80x24 80x24 lisi <<'KEYS'
key i
dump
KEYS
screen inbox-lisi-60x20 60x20 lisi <<'KEYS'
key i
dump
KEYS
# The detail: sensitive bank account masked for the department head.
screen detail-lisi-80x24 80x24 lisi <<'KEYS'
key i
key Enter
dump
KEYS
screen detail-lisi-60x20 60x20 lisi <<'KEYS'
key i
key Enter
dump
KEYS

# Approving from the screen is the same engine action as the command.
screen approve-lisi-80x24 80x24 lisi <<'KEYS'
key i
key Enter
key a
dump
key Enter
dump
KEYS
like "approved through the screen" "$(af show "$number" | grep -P '^部门负责人审批\t')" "李四		approve	agreed"
is "now with finance" "$(af --as heqing inbox | cut -f1 | tail -n +2)" "$number"

# A form filled in at a phone's size, submitted, found by the command line.
screen form-wangwu-60x20 60x20 wangwu <<'KEYS'
find  KD 
key Enter
dump
type 王小明
key Enter
type 13800138000
key Enter
type 上海市浦东新区世纪大道100号
key Enter
type 1500
key Enter
key F10
dump
key C-x
dump
KEYS
like "the form's request exists" "$(af --as wangwu inbox --mine | tail -n +2 | cut -f2)" "^express$"

# The table editor of a lines field: an expense claim's lines added, a bad
# cell shown in place, Chinese notes aligned, the total under the amounts, a
# row picked with the mouse and deleted, and back in the form the lines and
# their computed sum.
screen table-expense-80x24 80x24 zhangsan <<'KEYS'
key Enter
key Enter
dump
key a
key j
key Enter
key Tab
key Enter
type 80
key Enter
key Tab
key e
type 2
key Enter
key Tab
key Enter
type 客户午餐 两人
key Enter
key Insert
key Enter
key Tab
key Enter
type 1200.50
key Enter
key Tab
key e
type x
key Enter
dump
key e
key Backspace
type 3
key Enter
key Tab
key e
type 高铁 上海往返
key Enter
dump
click 3 5
key d
dump
key y
dump
key q
dump
KEYS
# Every change went into the form and so into its draft, table and all.
draft=$(find "$HOME" -name 'zhangsan-expense.draft' | head -1)
is "the table's value is kept in the form's draft" "$(grep '^lines' "$draft" 2>&1)" \
	"$(printf 'lines\ttravel,1200.50,3,高铁 上海往返')"
# A table of supply lines: the SKU from the picker with type-to-search.
screen table-supplies-80x24 80x24 liuyang <<'KEYS'
find  LY 
key Enter
key Enter
key a
type 纸
dump
key Enter
key Tab
key Enter
type 5
key Enter
key Insert
key Enter
key Tab
key Enter
type 0
key Enter
dump
key Enter
key Backspace
type 12
key Enter
key q
dump
KEYS

# Registers: low stock marked, wide names aligned, at the phone's size.
screen registers-60x20 60x20 wangwu <<'KEYS'
key r
dump
key Tab
key Tab
key Tab
dump
KEYS

# Sorting the to-do list, and a date picked from the small calendar.
af --as zhangsan submit expense lines=travel,120 purpose='打车 机场' >/dev/null
af --as zhangsan submit expense lines=meals,88 purpose='午餐 招待' >/dev/null
screen inbox-sorted-80x24 80x24 lisi <<'KEYS'
key i
dump
key o
key o
key o
key o
dump
KEYS
screen date-picker-60x20 60x20 zhangsan <<'KEYS'
find  CC 
key Enter
key Tab
key Enter
dump
key Right
key Down
key PgDn
key Enter
dump
KEYS

# Reports: the volume report's table with its bars, for the admin staff.
screen reports-80x24 80x24 wangwu <<'KEYS'
key R
key Enter
dump
KEYS

# The same program in Chinese: its own words from po/zh_CN.po, the forms'
# own titles and labels (*-zh screens).
zh_screen() {
	if [ -z "$ZH" ]; then
		cat >/dev/null
		_result 0 "screen $1 ($2) # SKIP the zh_CN.UTF-8 locale is not installed"
		return
	fi
	SCREEN_LOCALE=$ZH screen "$@"
}
ZH=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && ZH=zh_CN.UTF-8
zh_screen home-80x24-zh 80x24 zhangsan <<'KEYS'
dump
KEYS
zh_screen home-60x20-zh 60x20 zhangsan <<'KEYS'
dump
KEYS
zh_screen help-80x24-zh 80x24 zhangsan <<'KEYS'
key ?
dump
KEYS
zh_screen inbox-lisi-80x24-zh 80x24 lisi <<'KEYS'
key i
dump
key 2
dump
KEYS
# The tables at a phone's size, in Chinese: shortened labels and cells.
zh_screen table-expense-60x20-zh 60x20 lisi <<'KEYS'
key Enter
key Enter
key a
key j
key j
key Enter
key Tab
key Enter
type 56.50
key Enter
key Tab
key e
type 1
key Enter
key Tab
key e
type 打印纸和墨盒 行政部领用
key Enter
key a
key Enter
key Tab
key Enter
type 4000
key Enter
dump
key Up
key Right
dump
key q
dump
KEYS
zh_screen table-supplies-60x20-zh 60x20 huangmin <<'KEYS'
find  LY 
key Enter
key Enter
key a
type 笔
key Enter
key Tab
key e
type 3
key Enter
dump
key q
dump
KEYS
# The request approved above: its timeline, as the applicant sees it.
zh_screen detail-zhangsan-80x24-zh 80x24 zhangsan <<'KEYS'
key i
key 3
key G
key Enter
dump
KEYS
zh_screen detail-zhangsan-60x20-zh 60x20 zhangsan <<'KEYS'
key i
key 3
key G
key Enter
dump
KEYS
zh_screen form-wangwu-60x20-zh 60x20 wangwu <<'KEYS'
find  KD 
key Enter
dump
type 王小明
key Enter
type 13800138000
key Enter
type 上海市浦东新区世纪大道100号
key Enter
type 1500
key Enter
key F9
dump
KEYS
zh_screen registers-60x20-zh 60x20 wangwu <<'KEYS'
key r
key Tab
dump
KEYS
zh_screen date-picker-60x20-zh 60x20 lisi <<'KEYS'
find  CC 
key Enter
key Tab
key Enter
dump
KEYS
zh_screen reports-80x24-zh 80x24 wangwu <<'KEYS'
key R
dump
key Enter
dump
KEYS

# A broken script line or an unknown terminal is a clear error, not a crash.
status_is "unknown TERM refused" 2 env TERM=no-such-terminal ADMINFLOW_TUI_SCRIPT="$TMP/home-80x24.keys" \
	ADMINFLOW_TUI_DUMP="$TMP/x.out" "$AF_BIN" --db "$DB" --as zhangsan
# An export from the screens: ~ is the home directory, the message names
# the file in full, and a file that is there is written over only on y.
printf 'key r\nkey E\nkey C-u\ntype ~/supplies.csv\nkey Enter\ndump\n' > "$TMP/exp.keys"
ADMINFLOW_TUI_SCRIPT="$TMP/exp.keys" ADMINFLOW_TUI_DUMP="$TMP/exp.out" COLUMNS=80 LINES=24 \
	"$AF_BIN" --db "$DB" --as wangwu 2>/dev/null
like "export: ~ expanded, the full path said" "$(tail -1 "$TMP/exp.out")" "^exported to $HOME/supplies\\.csv"
ok "export: the file is written" test -s "$HOME/supplies.csv"
echo kept > "$HOME/supplies.csv"
printf 'key r\nkey E\nkey C-u\ntype ~/supplies.csv\nkey Enter\ndump\nkey n\n' > "$TMP/exp.keys"
ADMINFLOW_TUI_SCRIPT="$TMP/exp.keys" ADMINFLOW_TUI_DUMP="$TMP/exp.out" COLUMNS=60 LINES=20 \
	"$AF_BIN" --db "$DB" --as wangwu 2>/dev/null
like "export: an existing file is asked about" "$(tail -1 "$TMP/exp.out")" "supplies\\.csv exists: write over it\\? \\(y/n\\)"
is "export: n leaves it as it was" "$(cat "$HOME/supplies.csv")" kept
done_testing
