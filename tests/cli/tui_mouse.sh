#!/bin/sh
# The mouse, where the terminal sends it: on any list a click puts the
# cursor on the row and a double click opens it; a click on a tab switches
# to it; in a picker a double click chooses. First through the script mode
# (exact rows), then in a real terminal (tmux) with the xterm SGR mouse
# reports a terminal sends, at 80x24 and at a phone's 60x20.
. "$srcdir/tests/lib.sh"
af_init
for w in 王一 王二 王三; do
	af --as zhangsan submit express recipient=$w phone=1 address=北京 weight=1 >/dev/null
done
n1=KD-20261128-0001 n2=KD-20261128-0002 n3=KD-20261128-0003
is "three requests at the admin clerk" "$(af --as liuyang inbox | grep -c '^KD-')" 3

tui() { tui_dump "$@"; }
# The inbox's rows start on screen row 3 (title, tabs, column names).
scr=$(printf 'key i\nclick 4 10\nkey Enter\ndump\n' | tui 80x24 liuyang)
like "inbox: a click on the second row, then Enter, opens the second" "$scr" "^ number +$n2$"
scr=$(printf 'key i\nclick 5 30 double\ndump\n' | tui 80x24 liuyang)
like "inbox: a double click on the third row opens it" "$scr" "^ number +$n3$"
scr=$(printf 'key i\nclick 9 10 double\ndump\n' | tui 80x24 liuyang)
like "inbox: a double click below the rows opens nothing" "$scr" "^ adminflow │ inbox$"
scr=$(printf 'key i\nclick 4 10 double\ndump\n' | tui 60x20 liuyang)
like "60x20: a double click opens the row there too" "$scr" "^ number +$n2$"
scr=$(printf 'key i\nclick 1 10\ndump\n' | tui 80x24 liuyang)
is "inbox: a click on the \"done\" tab leaves the three to do for it (empty)" "$(printf '%s\n' "$scr" | grep -c '^  KD-')" 0
like "... and says so" "$scr" "nothing here"
scr=$(printf 'key i\nclick 1 17\ndump\n' | tui 80x24 zhangsan)
is "inbox: a click on \"mine\" lists his three requests" "$(printf '%s\n' "$scr" | grep -c '^  KD-')" 3
scr=$(printf 'key r\nclick 1 23\ndump\n' | tui 80x24 wangwu)
like "registers: a click on the seal usage tab" "$scr" "^  date +seal +document +copies"

# ---- the real terminal -------------------------------------------------------
CONF="$TMP/adminflow.conf"
printf 'database = "%s";\nforms_dir = "%s";\nrefresh_interval = 1;\n' "$DB" "$FORMS" > "$CONF"
. "$srcdir/tests/lib_tmux.sh"
# click NAME ROW COL [double]: a left click (press, release) as the panes'
# terminal reports it: tmux's and screen's terminfo (kmous=\E[M) use the
# X10 encoding, ESC [ M then button, column and row, each plus 32, counted
# from 1. Two clicks at once are a double click.
click() {
	_seq=$(printf "\\033[M \\$(printf %o $(($3 + 32)))\\$(printf %o $(($2 + 32)))\\033[M#\\$(printf %o $(($3 + 32)))\\$(printf %o $(($2 + 32)))")
	[ "${4:-}" = double ] && _seq="$_seq$_seq"
	tm send-keys -t "$1" -l "$_seq"
}
start mo liuyang 80 24
expect "tmux: home" mo '^ adminflow │ home'
pane_term=$(tm show -gv default-terminal)
if [ "$(infocmp -1 "$pane_term" | sed -n 's/^[[:space:]]*kmous=\(.*\),$/\1/p')" != '\E[M' ]; then
	echo "# the panes' terminal ($pane_term) does not report the mouse the X10 way: the rest is skipped"
	done_testing
	exit
fi
keys mo i
expect "tmux: the inbox" mo "^  $n3 "
click mo 5 10
keys mo Enter
expect "tmux: a click on the second row, then Enter, opens it" mo "^ number +$n2$"
keys mo q
expect "tmux: back in the inbox" mo "^  $n3 "
click mo 6 10 double
expect "tmux: a double click opens the third" mo "^ number +$n3$"
keys mo q
expect "tmux: back again" mo "^  $n3 "
click mo 2 10
expect "tmux: a click on the done tab: nothing done yet" mo 'nothing here'
start mp liuyang 60 20
keys mp i
expect "tmux 60x20: the inbox" mp "^  $n3 "
click mp 4 6 double
expect "tmux 60x20: a double click on the first row opens it" mp "^ number +$n1$"
done_testing
