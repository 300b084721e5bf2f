#!/bin/sh
# Drafts on the multi-user installation (issue 12), through the real
# full-screen program in tmux: a real Unix user (made here, removed after)
# runs the setgid program, starts a form, and the session is killed. The
# draft must be in that user's own folder, a file of the user's with the
# user's own group (never the data group's), and a symbolic link planted at
# the draft's name -- to the shared database -- is neither read through
# when the form opens nor written through when the draft is saved: the
# database stays byte for byte as it was. The draft is offered again,
# at 60x20, in a new session.
. "$srcdir/tests/lib.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed: the real-terminal tests need it"
command -v pgrep >/dev/null 2>&1 || skip_all "pgrep is not installed"
. "$srcdir/tests/lib_users.sh"

G=afdrgrp
U=afdruser
users_make $G $U
setgid_program
printf 'login,name,department,title,email,phone,id_number\n%s,草稿员工,MKT,专员,,,\n' $U > "$TMP/emp.csv"
shared_db "$TMP/emp.csv"
system_conf
# The tmux server is ended (at exit) before the user is removed.
. "$srcdir/tests/lib_tmux.sh"

hash() { sha256sum < "$SDB" | cut -c1-64; }
# start_user NAME COLS ROWS: the setgid program as $U, from a clean
# environment (the pane's terminal type kept), in a new tmux session.
start_user() {
	tm new-session -d -s "$1" -x "$2" -y "$3" \
		"env -i PATH='$PATH' HOME='$(home $U)' TERM=\"\$TERM\" TZ=UTC LANG=C.UTF-8 ASAN_OPTIONS=detect_leaks=0 \
		setpriv --reuid=$U --regid=$U --init-groups '$SG' --config '$CONF'; echo \$? > '$TMP/$1.exit'"
}

DRAFTS="$(home $U)/.local/state/adminflow/outbox/drafts"
DRAFT="$DRAFTS/$U-expense.draft"
# The user plants a link to the shared database where the draft goes.
sh_as $U "mkdir -p '$DRAFTS' && chmod 700 '$DRAFTS' && ln -s '$SDB' '$DRAFT'"
before=$(hash)

start_user d1 80 24
expect "the user's own session, as the employee, no --as" d1 '^ 草稿员工·市场部·employee │'
pid=$(adminflow_pid d1)
is "the program runs as the user: real and effective user, real group the user's" \
	"$(ps -o ruser=,euser=,rgroup= -p "$pid" 2>/dev/null | tr -s ' ')" "$U $U $(id -gn $U)"
keys d1 Enter
expect "the expense form opens" d1 '^ Expense claim \(expense\)'
printf '%s\n' "$screen" | grep -q 'restore your draft'; [ $? != 0 ]
_result $? "the link at the draft's name is not read as a draft" "$screen"
# The field under the cursor takes text at once; Enter goes on.
keys d1 Down Down Down
text d1 '打印机墨盒'
keys d1 Enter
expect "the purpose is in" d1 '^\*Purpose {7}打印机墨盒'
# The session drops: the terminal goes, the program gets SIGHUP.
tm kill-session -t d1
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$pid" 2>/dev/null; [ $? != 0 ]
_result $? "the program ended with its session"

is "the database is byte for byte as it was: the link was not written through" "$(hash)" "$before"
is "the draft is a file of its own now, not the link" "$(stat -c %F "$DRAFT" 2>/dev/null)" "regular file"
is "the draft is the user's, with the user's own group, not $G; only the user may read it" \
	"$(stat -c '%U %G %a' "$DRAFT" 2>/dev/null)" "$U $(id -gn $U) 600"
is "in the user's own folder, which no one else may write" "$(stat -c '%U %a' "$DRAFTS")" "$U 700"
like "it holds what was typed" "$(cat "$DRAFT" 2>/dev/null)" '^purpose	打印机墨盒$'
is "no file of the data group's anywhere in the user's home" \
	"$(find "$(home $U)" -group $G 2>/dev/null | head -3)" ""
is "nothing left half-written beside it" "$(ls -a "$DRAFTS" | grep -c '\.tmp$')" 0

# A new session, on a phone: the draft is offered and comes back.
start_user d2 60 20
expect "a new session at 60x20" d2 '^ 草稿员工 │'
keys d2 Enter
expect "the draft is offered" d2 '^restore your draft\? y yes'
keys d2 y
expect "the purpose is back" d2 '^\*Purpose {3}打印机墨盒'
keys d2 Escape q
expect_exit "Esc leaves the form, q quits" d2 0
tm kill-session -t d2
is "the database is still as it was" "$(hash)" "$before"
done_testing
