# Helpers for the tests that drive the real full-screen program in tmux
# (sourced after tests/lib.sh): one private tmux server, sessions running
# adminflow as a login, keys and text sent, the screen polled until it
# shows a pattern and is still. Nothing is left running at exit.
#
# The prologue the tmux tests share: a signal ends the test through its
# exit traps (the server and its programs stopped), a test is skipped
# without tmux, pgrep, root or the commands listed in $TMUX_NEEDS, and,
# when $CONF is not set yet, the demo database is made and $CONF written
# for it (refresh every second, so screens update by themselves).
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
for _c in tmux pgrep ${TMUX_NEEDS:-}; do
	command -v "$_c" >/dev/null 2>&1 || skip_all "$_c is not installed: the real-terminal tests need it"
done
[ "$(id -u)" = 0 ] || skip_all "needs root: each session acts as a demo employee with --as"
if [ -z "${CONF:-}" ]; then
	af_init
	CONF="$TMP/adminflow.conf"
	printf 'database = "%s";\nforms_dir = "%s";\nrefresh_interval = 1;\n' "$DB" "$FORMS" > "$CONF"
fi

# One private tmux server; the status line off so a pane is the whole
# window; dead panes stay so their last screen can be read.
export TERM=xterm-256color
unset TMUX TMUX_PANE
# The socket lives in $TMP (removed on exit) unless that path is too long
# for a socket.
SOCK="$TMP/tmux.sock"
if [ ${#SOCK} -gt 100 ]; then
	SOCKDIR=$(mktemp -d /tmp/aftmux.XXXXXX)
	SOCK="$SOCKDIR/s"
	at_exit 'rm -rf "$SOCKDIR"'
fi
cat > "$TMP/tmux.conf" <<'EOF'
set -g status off
set -g remain-on-exit on
set -g default-shell /bin/sh
set -g default-terminal tmux-256color
EOF
infocmp tmux-256color >/dev/null 2>&1 || echo 'set -g default-terminal screen-256color' >> "$TMP/tmux.conf"
tm() { tmux -S "$SOCK" -f "$TMP/tmux.conf" "$@"; }

# Ends the server and waits for every process it ran (the shells and the
# adminflows under them) to be gone before $TMP is removed.
stop_tmux() {
	_pids=$(tm list-panes -a -F '#{pane_pid}' 2>/dev/null)
	for _p in $_pids; do _pids="$_pids $(pgrep -P "$_p" 2>/dev/null)"; done
	tm kill-server 2>/dev/null
	_i=0
	for _p in $_pids; do
		while kill -0 "$_p" 2>/dev/null && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
		kill -9 "$_p" 2>/dev/null
	done
	# A session the test killed on purpose (a dropped connection) is no
	# pane any more: an adminflow of it still running is found by the
	# test's folder on its command line (never a mount's bindfs, which its
	# own clean-up ends). Under LeakSanitizer such a program was seen
	# spinning at exit for ever, its terminal gone, a core and a half of
	# the machine taken from the rest of the suite.
	pkill -KILL -f -- "src/adminflow .*$TMP/" 2>/dev/null
	return 0
}
at_exit stop_tmux

# run_cmd NAME LOGIN [VAR=VALUE]: the pane's command, adminflow as LOGIN
# under a shell that keeps its exit status in $TMP/NAME.exit.
run_cmd() {
	_name=$1 _login=$2
	shift 2
	rm -f "$TMP/$_name.exit"
	printf "env %s '%s' --config '%s' --as %s; echo \$? > '%s'" \
		"$*" "$AF_BIN" "$CONF" "$_login" "$TMP/$_name.exit"
}
# start NAME LOGIN COLS ROWS [VAR=VALUE]: that in a new session.
start() {
	_cmd=$(run_cmd "$1" "$2" "${5:-}")
	tm new-session -d -s "$1" -x "$3" -y "$4" "$_cmd"
}
restart() { # NAME LOGIN: the same session, a new adminflow
	tm respawn-pane -t "$1" "$(run_cmd "$1" "$2")"
}
keys() { _s=$1; shift; tm send-keys -t "$_s" "$@"; }
text() { tm send-keys -t "$1" -l "$2"; }
adminflow_pid() { pgrep -x -P "$(tm display -p -t "$1" '#{pane_pid}')" adminflow; }
# paste NAME TEXT: a bracketed paste, as a terminal's paste would be.
paste() {
	printf '%s' "$2" | tm load-buffer -b p -
	tm paste-buffer -p -d -b p -t "$1"
}
# ended PID: 0 once the process has ended (waits up to 10 s).
ended() {
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	! kill -0 "$1" 2>/dev/null
}
# hung_up DESC NAME: the whole tmux server killed while NAME's adminflow
# waits (its terminal gone, as a dropped connection); passes once that
# process has ended by itself.
hung_up() {
	_pid=$(adminflow_pid "$2")
	tm kill-server
	ended "$_pid"
	_result $? "$1" "$(ps -o pid,stat,time,cmd -p "$_pid" 2>&1)"
	kill -9 "$_pid" 2>/dev/null
}

# wait_for NAME PATTERN [-F]: polls the screen (grep -E, or -F) for up to
# 10 s until the pattern is there and the screen is still (the same on two
# looks in a row, so a half-drawn screen is never judged); the last screen
# is left in $screen.
wait_for() {
	_i=0 _prev=
	while :; do
		screen=$(tm capture-pane -p -t "$1")
		if printf '%s\n' "$screen" | grep -q ${3:--E} -- "$2"; then
			[ "$screen" = "$_prev" ] && return 0
			_prev=$screen
		else
			_prev=
		fi
		[ $_i -ge 100 ] && { [ -n "$_prev" ]; return; }
		_i=$((_i + 1))
		sleep 0.1
	done
}
# expect DESC NAME PATTERN [-F]: a test that the pattern shows up in time.
expect() {
	if wait_for "$2" "$3" "${4:-}"; then _result 0 "$1"; else
		_result 1 "$1" "$(printf 'pattern: %s\nscreen of %s:\n%s' "$3" "$2" "$screen")"; fi
}
# expect_exit DESC NAME STATUS: the session's adminflow ended with STATUS.
expect_exit() {
	_i=0
	while [ ! -s "$TMP/$2.exit" ] && [ $_i -lt 50 ]; do sleep 0.2; _i=$((_i + 1)); done
	is "$1" "$(cat "$TMP/$2.exit" 2>/dev/null)" "$3"
}
# line_of PATTERN: the number of the first line of $screen matching (grep -E).
line_of() { printf '%s\n' "$screen" | grep -En -- "$1" | head -n 1 | cut -d: -f1; }


# cursor_row NAME: the line (from 1) the screen's cursor is on, judged by
# what the terminal shows: the row highlighted from its first column (the
# cursor role: black on yellow, or reverse video without colour; a tab
# bar's highlighted tab starts further in) of a list or a form, else the
# line of the terminal's cursor where it is visible.
cursor_row() {
	_e=$(printf '\033')
	_hl=$(tm capture-pane -e -p -t "$1" |
		grep -n "^\\($_e\\[[0-9;]*m\\)*$_e\\[\\(30m$_e\\[43\\|7\\)m" | head -n 1 | cut -d: -f1)
	if [ -n "$_hl" ]; then echo "$_hl"
	elif [ "$(tm display -p -t "$1" '#{cursor_flag}')" = 1 ]; then
		echo $(($(tm display -p -t "$1" '#{cursor_y}') + 1))
	fi
}
# _moved NAME BEFORE: waits (up to 10 s) until the screen, attributes
# included, is no longer BEFORE; 1 when it never changed.
_moved() {
	_i=0
	while [ "$(tm capture-pane -e -p -t "$1")" = "$2" ]; do
		[ $_i -ge 100 ] && return 1
		sleep 0.1
		_i=$((_i + 1))
	done
}
# goto_row NAME PATTERN: moves the cursor (Down/Up, a key at a time, each
# seen to land before the next) to the first row matching PATTERN
# (grep -E), found by its name on the screen rather than by counting rows,
# so a row added above it breaks nothing; a row off the screen is
# scrolled to (down first, then up). Fails (a test line) when the row is never shown or the
# cursor stops short of it.
goto_row() {
	_gn=0 _dir=Down
	while [ $_gn -lt 80 ]; do
		wait_for "$1" '.'
		_want=$(line_of "$2")
		_at=$(cursor_row "$1")
		[ -n "$_at" ] || break
		[ "$_want" = "$_at" ] && return 0
		[ -n "$_want" ] && { if [ "$_want" -gt "$_at" ]; then _dir=Down; else _dir=Up; fi; }
		_before=$(tm capture-pane -e -p -t "$1")
		keys "$1" $_dir
		if ! _moved "$1" "$_before"; then
			# The end of a list without the row: it is above, then.
			[ -z "$_want" ] && [ $_dir = Down ] || break
			_dir=Up
		fi
		_gn=$((_gn + 1))
	done
	_result 1 "the row '$2' is reached" "$(printf 'cursor on line %s, row on line %s:\n%s' "$_at" "$_want" "$screen")"
	return 1
}
# open NAME NUMBER: the request screen of NUMBER, reached by its number
# from the home screen.
open() {
	wait_for "$1" '│ (home|首页)'
	keys "$1" '#'
	text "$1" "$2"
	keys "$1" Enter
	wait_for "$1" "$2"
}
