#!/bin/sh
# Who may do what, in the full-screen program: every action of the request
# screen, the inbox's batch approval, the registers' export and a report,
# tried by someone of every role (the script mode, as that login at their
# own terminal). Each try starts from the same database and is compared
# with the same thing done on the command line, whose permissions
# security_roles.sh proves: where the command succeeds, the screen must
# leave the database exactly as the command does; where it is refused, the
# screen must refuse too, say so, and change nothing.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

LOGINS="zhangsan lisi yejun liuyang wangwu songjia chenzong zhaoliu maqiang guojing linna sunhui"
R1=$(as zhangsan submit travel destination=上海 start=2026-12-03 end=2026-12-04 purpose=拜访客户 estimate=3000)  # at lisi
R2=$(as zhangsan submit express recipient=王 phone=1 address=北京 weight=1)                                   # at the admin staff
R3=$(as zhangsan submit travel destination=北京 start=2026-12-05 end=2026-12-06 purpose=培训 estimate=2000)
as lisi return "$R3" -m 请补充 >/dev/null                                                                   # back with zhangsan
for n in "$R1" "$R2" "$R3"; do
	[ -n "$n" ] || { echo "Bail out! a fixture could not be made"; exit 1; }
done
cp "$DB" "$TMP/template.db"

# The database's state, leaving out what differs by how it was done: the
# audit rows' actors and hashes (a command run as root with --as is
# audited as such) and the time (the clock is fixed anyway).
state() {
	for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_schema WHERE type = 'table'
		AND name NOT IN ('audit', 'counters', 'notices') AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
		echo "SELECT '== $t'; SELECT * FROM \"$t\" ORDER BY 1, 2;"
	done > "$TMP/state.sql"
	echo "SELECT action, object FROM audit WHERE action <> 'as' ORDER BY id;
	SELECT employee_id, kind, text FROM notices ORDER BY id;" >> "$TMP/state.sql"
	# An action's idempotency key (32 hex digits, last) is random.
	sqlite3 "$DB" < "$TMP/state.sql" | sed -E 's/\|[0-9a-f]{32}$/|KEY/'
}
TEMPLATE_STATE=$(state)

export TERM=xterm-256color
# screen LOGIN: the script on stdin, run in an 80x24 screen; the last
# screen is left in $TMP/dump.
# A run that leaves no screen says why in the dump, so that a stale dump
# of an earlier run is never judged.
screen() {
	cat > "$TMP/keys"
	rm -f "$TMP/dump"
	ADMINFLOW_TUI_SCRIPT="$TMP/keys" ADMINFLOW_TUI_DUMP="$TMP/dump" COLUMNS=80 LINES=24 \
		"$AF_BIN" --db "$DB" --as "$1" >/dev/null 2>"$TMP/tui.err"
	_ts=$?
	[ -s "$TMP/dump" ] || echo "the screen run as $1 left no screen: exit $_ts: $(head -2 "$TMP/tui.err")" > "$TMP/dump"
}
# open NUMBER: the keys that open a request by its number (a dump, so that
# a refusal to open it is seen).
open() { printf 'key #\ntype %s\nkey Enter\ndump\n' "$1"; }

bad=""
tries=0
# try DESC CLI-ARGS -- SCRIPT-PRINTF-FORMAT [ARGS]: for every login, the
# command from the template, then the screen from the template.
try() {
	_desc=$1; shift
	_cli=""
	while [ "$1" != "--" ]; do _cli="$_cli '$1'"; shift; done
	shift
	for l in $LOGINS; do
		tries=$((tries + 1))
		cp "$TMP/template.db" "$DB"
		if [ "$_cli" = " 'TODO'" ]; then
			# The batch: every request in the login's to-do, approved.
			_todo=$("$AF_BIN" --db "$DB" --as $l inbox 2>/dev/null | awk -F'\t' 'NR > 1 { print $1 }')
			if [ -n "$_todo" ]; then
				# shellcheck disable=SC2086
				"$AF_BIN" --db "$DB" --as $l approve $_todo -m agreed >/dev/null 2>"$TMP/err"; _s=$?
			else
				echo "nothing to do" > "$TMP/err"; _s=4
			fi
		else
			eval "\"\$AF_BIN\" --db \"\$DB\" --as $l $_cli" >/dev/null 2>"$TMP/err"; _s=$?
		fi
		_want=$(state)
		cp "$TMP/template.db" "$DB"
		# shellcheck disable=SC2059
		printf "$@" | { cat; printf 'dump\n'; } | screen "$l"
		_got=$(state)
		if [ $_s = 0 ]; then
			[ "$_got" = "$_want" ] || bad="$bad
$l $_desc: the command succeeds; the screen did not do the same: $(grep -v '^---' "$TMP/dump" | tail -1)"
		elif [ "$_got" != "$TEMPLATE_STATE" ]; then
			bad="$bad
$l $_desc: the command is refused ($(head -1 "$TMP/err")), yet the screen changed the database"
		elif ! grep -Eq 'not available to you here|not permitted|not visible to|you need the|nothing marked' "$TMP/dump"; then
			bad="$bad
$l $_desc: refused without a word on the screen: $(grep -v '^---' "$TMP/dump" | tail -1)"
		fi
	done
}

# The request screen: each action, answering only what it asks.
try "approve" approve "$R1" -m agreed -- '%s\nkey a\ndump\nkey Enter\n' "$(open "$R1")"
try "reject" reject "$R1" -m 不符合规定 -- '%s\nkey x\ndump\ntype 不符合规定\nkey Enter\n' "$(open "$R1")"
try "return to the applicant" return "$R1" --to applicant -m 请补充 -- '%s\nkey b\ndump\nkey Enter\ntype 请补充\nkey Enter\n' "$(open "$R1")"
try "transfer" transfer "$R1" yejun -- '%s\nkey t\ndump\ntype 叶军\nkey Enter\n' "$(open "$R1")"
try "add a signer after" addsign "$R1" yejun --after -- '%s\nkey +\ndump\ntype 叶军\nkey Enter\nkey n\n' "$(open "$R1")"
try "urge" urge "$R1" -- '%s\nkey u\ndump\n' "$(open "$R1")"
try "comment" comment "$R1" -m 看过 -- '%s\nkey c\ndump\ntype 看过\nkey Enter\n' "$(open "$R1")"
try "withdraw" withdraw "$R1" -- '%s\nkey w\ndump\nkey y\n' "$(open "$R1")"
try "cancel" cancel "$R1" -m 作废 -- '%s\nkey C\ndump\ntype 作废\nkey Enter\n' "$(open "$R1")"
try "withdraw a returned request" withdraw "$R3" -- '%s\nkey w\ndump\nkey y\n' "$(open "$R3")"
try "approve at the admin staff's step" approve "$R2" -m agreed -- '%s\nkey a\ndump\nkey Enter\n' "$(open "$R2")"
# The inbox: mark the first row, approve the marked with one opinion; the
# command approves what is in the login's to-do (one request at most here).
try "batch approve from the inbox" TODO -- 'key i\nkey Space\nkey A\ndump\nkey Enter\nkey y\n'
echo "# $tries tries: every screen action by every role"
is "the screens allow exactly what the commands allow, do the same, and refuse with a message" "${bad:-none}" none

# Export from the registers and a report: permissions of the seed's table.
cp "$TMP/template.db" "$DB"
exporters=" $(holders export)"
reporters=" $(holders report_all report_department)"
bad=""
for l in $LOGINS; do
	rm -f "$TMP/supplies.csv"
	printf 'key r\nkey E\ndump\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\nkey Backspace\ntype %s\nkey Enter\ndump\n' "$TMP/supplies.csv" | screen "$l"
	case "$exporters " in
	*" $l "*) [ -s "$TMP/supplies.csv" ] || bad="$bad
$l: may export, but the registers wrote no file: $(tail -1 "$TMP/dump")" ;;
	*) { [ ! -e "$TMP/supplies.csv" ] && grep -q 'export: not permitted for you' "$TMP/dump"; } || bad="$bad
$l: may not export, yet: $(ls "$TMP/supplies.csv" 2>/dev/null) $(tail -1 "$TMP/dump")" ;;
	esac
	printf 'key R\nkey Enter\ndump\n' | screen "$l"
	case "$reporters " in
	*" $l "*) grep -q 'you need the' "$TMP/dump" && bad="$bad
$l: may read the volume report, but the screen refused" ;;
	*) grep -q 'you need the report_all or report_department permission' "$TMP/dump" || bad="$bad
$l: may not read the volume report, yet the screen showed it" ;;
	esac
done
is "registers export and reports: exactly the roles the permission table names" "${bad:-none}" none
done_testing
