#!/bin/sh
# The form's input model in the real terminal (tmux): the field under the
# cursor takes text at once, in a line editor that counts Chinese
# characters by their columns; a paste (bracketed) lands in a field whole
# and is never keys, on a form or elsewhere; submitting needs ^X/F10 twice;
# the draft holds what is on the screen after a kill -9, SIGTERM, Ctrl-C
# and a terminal that goes away without a SIGHUP (EOF/EIO on the tty), and
# a declined draft is kept. Every wait polls with a bound.
. "$srcdir/tests/lib.sh"
TMUX_NEEDS="sqlite3 setsid"
. "$srcdir/tests/lib_tmux.sh"

DRAFTS="$HOME/.local/state/adminflow/outbox/drafts"
draft() { cat "$DRAFTS/zhangsan-$1.draft" 2>/dev/null; }
requests() { sqlite3 "$DB" "SELECT count(*) FROM requests"; }
cursor() { tm display -p -t "$1" '#{cursor_x},#{cursor_y}'; }
before=$(requests)

# ---- 1. typing in place, the line editor, wide characters (60x20) ----
start ed zhangsan 60 20
expect "home at 60x20" ed '^ adminflow │ home'
goto_row ed ' Courier dispatch '
keys ed Enter
expect "the express form opens, the first field waiting for text" ed '^\*Recipient type here'
like "the status bar: submit, next, preview; help on F1" "$screen" '\^X submit Tab next \^R preview +F1 help$'
text ed '张三丰'
expect "typed straight into the field" ed '^\*Recipient 张三丰$'
is "the cursor after 丰: 11 + 3 x 2 columns" "$(cursor ed)" "17,2"
keys ed Left Left
text ed X
expect "Left twice, then X: between 张 and 三" ed '^\*Recipient 张X三丰$'
keys ed Home
text ed '<'
keys ed End
text ed '>'
expect "Home and End" ed '^\*Recipient <张X三丰>$'
keys ed C-a Right Right C-k
expect "^A, two right, ^K: the rest cut" ed '^\*Recipient <张$'
keys ed C-e
text ed ' 先生'
keys ed C-w
expect "^W cuts the word before the cursor" ed '^\*Recipient <张$'
keys ed C-u
expect "^U empties the field" ed '^\*Recipient type here'
# Home as rxvt and PuTTY send it (\e[7~, \e[1~), whatever terminfo says.
text ed 'abc'
text ed "$(printf '\033[7~')"
text ed '1'
text ed "$(printf '\033[1~')"
text ed '0'
expect "Home as \\e[7~ and \\e[1~" ed '^\*Recipient 01abc$'
# Letters that are commands elsewhere are text here.
keys ed C-e C-u
text ed 'qs?y'
expect "q, s, ? and y are text in a form" ed '^\*Recipient qs\?y$'
like "still the form" "$screen" '^ adminflow │ form'
# A long Chinese line scrolls by columns and keeps the cursor on screen.
keys ed C-u
text ed '上海市浦东新区世纪大道一百号国际金融中心大厦二十八层'
expect "a long line: its end is shown" ed '^\*Recipient .*二十八层$'
x=$(cursor ed); x=${x%,*}
[ "$x" -le 59 ] && [ "$x" -ge 11 ]; _result $? "the cursor stays inside 60 columns" "cursor at $x"
keys ed C-u
text ed '王小明'
keys ed Tab
text ed 13800138000
keys ed Tab
expect "Tab goes to the next field" ed '^\*Phone +13800138000$'
keys ed Escape
expect "Esc leaves the form" ed '^ adminflow │ home'
like "and says the draft is kept" "$screen" 'your draft is kept'
is "the draft holds both fields" "$(draft express | cut -f2 | head -2 | tr '\n' ' ')" "王小明 13800138000 "

# ---- 2. a declined draft is kept; d deletes it ----
keys ed Enter
expect "the draft is offered" ed '^restore your draft\? y yes · n later · d delete it'
keys ed n
expect "n: back home" ed '^ adminflow │ home'
is "declined: the draft is still there" "$(draft express | head -1 | cut -f2)" 王小明
keys ed Enter
expect "offered again" ed '^restore your draft\?'
keys ed Escape
expect "Esc: back home" ed '^ adminflow │ home'
is "Esc: the draft is still there" "$(draft express | head -1 | cut -f2)" 王小明
keys ed Enter
expect "offered a third time" ed '^restore your draft\?'
keys ed y
expect "y: the text is back" ed '^\*Recipient 王小明$'

# ---- 3. a multi-line paste is text, never keys ----
paste() { # NAME TEXT: a bracketed paste, as a terminal's paste would be
	tm set-buffer -b p -- "$2"
	tm paste-buffer -p -d -b p -t "$1"
}
goto_row ed '^\*Address'
paste ed "$(printf '上海\ns\ny\nq\n')"
expect "a pasted multi-line text: one line in the address field" ed '^\*Address +上海 s y q$'
like "the form is still open" "$screen" '^ adminflow │ form'
is "nothing submitted" "$(requests)" "$before"
is "the draft has the pasted text" "$(draft express | grep '^address' | cut -f2)" "上海 s y q"
keys ed Escape
expect "home again" ed '^ adminflow │ home'
paste ed "$(printf 'q\nj\n')"
expect "a paste on the home screen is dropped, and said so" ed 'pasted text is taken in a form'
like "home still" "$screen" '^ adminflow │ home'
# The repair form: a long text keeps the pasted line breaks; a choice
# field takes no paste.
goto_row ed ' Equipment repair '
keys ed Enter
expect "the repair form" ed '^ Equipment repair \(repair\)'
paste ed "$(printf 'FA-2026-0001\nq')"
expect "a paste on the asset picker is refused" ed 'no paste here'
like "the asset is still empty" "$screen" '^\*Equipment +Enter to choose'
keys ed Down
paste ed "$(printf '开机无反应\n风扇不转\ns')"
expect "the fault field takes the paste, line breaks as ↵" ed '^\*Fault +开机无反应↵风扇不转↵s$'
is "the draft keeps the line breaks" "$(draft repair | grep '^fault' | cut -f2)" '开机无反应\n风扇不转\ns'
is "nothing submitted" "$(requests)" "$before"

# ---- 4. submitting needs ^X/F10 twice ----
keys ed C-x
expect "^X on an incomplete form: the missing field named" ed '^(Equipment|asset): required'
keys ed Up Enter
expect "the asset picker" ed 'FA-'
keys ed Enter
keys ed C-x
expect "asked, for a key no paste holds" ed '^submit\? \^X or F10 again sends it'
keys ed y
expect "y is not an answer: back to the form" ed '^ 张三 │ [0-9:]+ │ \^X submit'
is "nothing submitted on y" "$(requests)" "$before"
keys ed F10
expect "asked again" ed '^submit\? \^X or F10'
keys ed F10
expect "F10 again: submitted" ed '^submitted WX-'
is "one request more" "$(requests)" "$((before + 1))"
[ ! -e "$DRAFTS/zhangsan-repair.draft" ]; _result $? "the submitted form's draft is gone"

# ---- 5. Ctrl-C asks while something is typed ----
goto_row ed ' Courier dispatch '
keys ed Enter
expect "the express form again, its draft offered" ed '^restore your draft\?'
keys ed d
expect "d: an empty form" ed '^\*Recipient type here'
[ ! -e "$DRAFTS/zhangsan-express.draft" ]; _result $? "d deleted the draft"
text ed '赵六'
pid=$(adminflow_pid ed)
keys ed C-c
expect "Ctrl-C asks" ed '^leave adminflow\? what you typed is kept as a draft \(y/n\)'
keys ed n
expect "n: still in the form with the text" ed '^\*Recipient 赵六$'
keys ed C-c
expect "asked again" ed '^leave adminflow\?'
keys ed C-c
# (The pane's shell gets the SIGINT too and ends without writing the exit
# status, so the process itself is watched.)
ended "$pid"; _result $? "a second Ctrl-C leaves"
is "the draft has the text" "$(draft express | head -1)" "$(printf 'recipient\t赵六')"

# ---- 6. kill -9 and SIGTERM in the middle of typing ----
restart ed zhangsan
expect "restarted" ed '^ adminflow │ home'
goto_row ed ' Courier dispatch '
keys ed Enter y
expect "the draft restored" ed '^\*Recipient 赵六$'
text ed '钱七'
expect "typed on" ed '^\*Recipient 赵六钱七$'
pid=$(adminflow_pid ed)
kill -9 "$pid"
expect_exit "kill -9" ed 137
is "the draft holds what was on the screen" "$(draft express | head -1)" "$(printf 'recipient\t赵六钱七')"
ls "$DRAFTS" | grep -q '\.tmp$'; [ $? != 0 ]
_result $? "no half-written file left" "$(ls "$DRAFTS")"
restart ed zhangsan
expect "restarted again" ed '^ adminflow │ home'
goto_row ed ' Courier dispatch '
keys ed Enter y
expect "restored" ed '^\*Recipient 赵六钱七$'
text ed '孙八'
expect "typed on" ed '^\*Recipient 赵六钱七孙八$'
kill -TERM "$(adminflow_pid ed)"
expect_exit "SIGTERM ends it cleanly" ed 0
is "the draft after SIGTERM" "$(draft express | head -1)" "$(printf 'recipient\t赵六钱七孙八')"
tm kill-session -t ed

# ---- 7. the terminal goes away with no SIGHUP (EOF/EIO on the tty) ----
# adminflow in a session of its own (setsid) gets no SIGHUP when the
# terminal closes: it must see the dead terminal itself, keep the draft
# and end, not spin reading nothing.
rm -f "$TMP/gone.pid"
tm new-session -d -s gone -x 80 -y 24 \
	"setsid -w sh -c 'echo \$\$ > \"$TMP/gone.pid\"; exec \"$AF_BIN\" --config \"$CONF\" --as zhangsan'"
expect "80x24 in its own session" gone '^ adminflow │ home'
goto_row gone ' Courier dispatch '
keys gone Enter y
expect "the draft restored at 80x24" gone '^\*Recipient +赵六钱七孙八$'
text gone '周九'
expect "typed" gone '^\*Recipient +赵六钱七孙八周九$'
gpid=$(cat "$TMP/gone.pid")
tm kill-session -t gone
ended "$gpid"
_result $? "with its terminal gone it ended by itself (within 10 s)" "$(ps -o pid,stat,time,cmd -p "$gpid" 2>&1)"
kill -9 "$gpid" 2>/dev/null
is "the draft holds the last text" "$(draft express | head -1)" "$(printf 'recipient\t赵六钱七孙八周九')"
done_testing
