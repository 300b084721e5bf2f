# TAP helpers for adminflow's shell tests. Source it first thing:
#   . "${srcdir:-.}/tests/lib.sh"
# It pins the environment (TZ, LANG, HOME, clock), makes $TMP (removed on
# exit), and offers plan/ok/is/status_is/like/skip_all/done_testing and `af`,
# which runs the built adminflow against $DB.
set -u
: "${srcdir:=.}"
: "${top_builddir:=.}"
AF_BIN=$(cd "$top_builddir" && pwd)/src/adminflow
# C.UTF-8: the screens' own words in English (their translations are tested
# with zh_CN.UTF-8 where it is installed), the data in Chinese.
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE
# Under AddressSanitizer: ncurses' own allocations are not ours to free.
export LSAN_OPTIONS="suppressions=$srcdir/tests/lsan.supp:print_suppressions=0"
export ADMINFLOW_NOW="${ADMINFLOW_NOW:-2026-11-28 09:00:00}"
unset ADMINFLOW_CONFIG XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME
TMP=$(mktemp -d "${TMPDIR:-/tmp}/adminflow-test.XXXXXX")
export HOME="$TMP/home"
mkdir -p "$HOME"
DB="$TMP/af.db"
# The schema version this build makes (init) and upgrades to.
SCHEMA=$(sed -n 's/^#define SCHEMA_VERSION //p' "$srcdir/src/schema.h")
DATA="$srcdir/data"
FORMS="$srcdir/forms"
_n=0
_failed=0
_cleanups=""
at_exit() { _cleanups="$1; $_cleanups"; }
_finish() {
	eval "$_cleanups" 2>/dev/null
	rm -rf "$TMP"
}
trap _finish EXIT

_planned=0
plan() { echo "1..$1"; _planned=1; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
_result() { # ok? description [diagnostics]
	_n=$((_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /'
	fi
	return 0
}
# ok DESC CMD...: passes when CMD exits 0.
ok() { _d=$1; shift; _out=$("$@" 2>&1); _result $? "$_d" "$_out"; }
# is DESC GOT EXPECTED
is() {
	if [ "$2" = "$3" ]; then _result 0 "$1"; else
		_result 1 "$1" "$(printf 'got:      %s\nexpected: %s' "$2" "$3")"; fi
}
# like DESC GOT PATTERN (grep -E)
like() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then _result 0 "$1"; else
		_result 1 "$1" "$(printf 'got:     %s\npattern: %s' "$2" "$3")"; fi
}
# unlike DESC GOT PATTERN: the pattern (grep -E) is not in GOT.
unlike() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then _result 1 "$1" "$(printf 'got:     %s\npattern: %s' "$2" "$3")"
	else _result 0 "$1"; fi
}
# status_is DESC EXPECTED CMD...: passes when CMD exits with EXPECTED.
status_is() {
	_d=$1; _e=$2; shift 2
	_out=$("$@" 2>&1); _s=$?
	if [ "$_s" = "$_e" ]; then _result 0 "$_d"; else
		_result 1 "$_d" "$(printf 'exit %s, expected %s; output:\n%s' "$_s" "$_e" "$_out")"; fi
}
# af ARGS...: the built program on $DB.
af() { "$AF_BIN" --db "$DB" "$@"; }
# approve_all NUMBER [APPROVE-ARGS...]: every step of the request in turn,
# as whoever is asked, to its end (its stderr kept in $TMP/approve_all.err).
approve_all() {
	_num=$1; shift
	for _i in 1 2 3 4 5 6 7 8; do
		_who=$(sqlite3 "$DB" "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id
			JOIN requests r ON r.id = t.request_id WHERE r.number = '$_num' AND t.state = 'pending' LIMIT 1")
		[ -n "$_who" ] || return 0
		"$AF_BIN" --db "$DB" --as "$_who" approve "$_num" "$@" >/dev/null 2>"$TMP/approve_all.err" || return $?
	done
}
# af_init: a fresh demo database in $DB.
af_init() { "$AF_BIN" --db "$DB" init --demo >/dev/null; }
# refused_why DESC STATUS PATTERN CMD...: CMD exits STATUS, says PATTERN
# (grep -E) on stderr, and changes nothing as the test's own dump() sees it.
refused_why() {
	_d=$1 _e=$2 _p=$3
	shift 3
	_before=$(dump)
	_out=$("$@" 2>&1); _s=$?
	is "$_d: exit $_e" "$_s" "$_e"
	like "$_d: says why" "$_out" "$_p"
	is "$_d: nothing changed" "$(dump)" "$_before"
}
# tui_dump SIZE LOGIN: the full-screen program as LOGIN in its script mode
# (the script on stdin) in a COLSxLINES terminal; the dumped screens on
# stdout, nothing when it failed.
tui_dump() {
	cat > "$TMP/.keys"
	ADMINFLOW_TUI_SCRIPT="$TMP/.keys" ADMINFLOW_TUI_DUMP="$TMP/.dump" COLUMNS=${1%x*} LINES=${1#*x} \
		"$AF_BIN" --db "$DB" --as "$2" >/dev/null 2>&1 && cat "$TMP/.dump"
}
done_testing() {
	[ "$_planned" = 1 ] || echo "1..$_n"
	[ "$_failed" = 0 ]
}
