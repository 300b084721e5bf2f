# Helpers for the process-engine tests. Source after tests/lib.sh:
#   . "$srcdir/tests/lib.sh"; . "$srcdir/tests/lib_engine.sh"
# Everyone acts with --as (the tests run as root, which may).

# q SQL: one query against $DB, list mode.
q() { sqlite3 "$DB" "$1"; }

# as LOGIN ARGS...: adminflow as that employee.
as() { _who=$1; shift; "$AF_BIN" --db "$DB" --as "$_who" "$@"; }

# state_of NUMBER
state_of() { q "SELECT state FROM requests WHERE number = '$1'"; }

# todo LOGIN: the numbers in LOGIN's to-do inbox, one a line, sorted.
todo() { as "$1" inbox | awk -F'\t' 'NR > 1 { print $1 }' | sort; }

# has_todo LOGIN NUMBER: 0 when NUMBER is in LOGIN's to-do inbox.
has_todo() { todo "$1" | grep -qx "$2"; }

# pending_of NUMBER: logins with a pending task on the request, sorted, space-separated.
pending_of() {
	q "SELECT group_concat(login, ' ') FROM (SELECT e.login FROM tasks t JOIN requests r ON r.id = t.request_id
	   JOIN employees e ON e.id = t.assignee_id WHERE r.number = '$1' AND t.state = 'pending' ORDER BY e.login)"
}

# show_key NUMBER KEY [LOGIN]: one key<TAB>value line's value from show.
show_key() { as "${3:-wangwu}" show "$1" | awk -F'\t' -v k="$2" '$1 == k { print $2; exit }'; }

# timeline NUMBER [LOGIN]: the timeline table of show (header included).
timeline() { as "${2:-wangwu}" show "$1" | awk 'seen { print } /^$/ { seen = 1 }'; }

# steps_of NUMBER: its steps as name:state, in order.
steps_of() {
	q "SELECT group_concat(name || ':' || state, ' ') FROM (SELECT s.name, s.state FROM steps s
	   JOIN requests r ON r.id = s.request_id WHERE r.number = '$1' ORDER BY s.pos)"
}

# dump: every engine table, in a stable order, for "nothing changed" checks.
# The audit table is left out: --as itself is audited on every run.
dump() {
	sqlite3 "$DB" \
		"SELECT * FROM requests ORDER BY id" \
		"SELECT * FROM steps ORDER BY id" \
		"SELECT * FROM step_people ORDER BY 1, 2, 3" \
		"SELECT * FROM tasks ORDER BY id" \
		"SELECT * FROM actions ORDER BY id" \
		"SELECT * FROM request_cc ORDER BY 1, 2" \
		"SELECT * FROM notices ORDER BY id" \
		"SELECT * FROM delegations ORDER BY id" \
		"SELECT * FROM counters WHERE name NOT LIKE 'audit.%' ORDER BY name"
}

# unchanged DESC BEFORE: passes when dump still gives BEFORE.
unchanged() {
	_after=$(dump)
	if [ "$_after" = "$2" ]; then _result 0 "$1"; else
		_result 1 "$1" "$(printf '%s\n' "$2" > "$TMP/.before"; printf '%s\n' "$_after" |
			diff "$TMP/.before" - | head -20)"; fi
}

# refused DESC STATUS CMD...: CMD exits STATUS, says "adminflow: WHAT: WHY"
# on one line of stderr, prints nothing on stdout, and changes nothing.
refused() {
	_d=$1; _e=$2; shift 2
	_before=$(dump)
	"$@" > "$TMP/.out" 2> "$TMP/.err"; _s=$?
	if [ "$_s" = "$_e" ]; then _result 0 "$_d: exit $_e"; else
		_result 1 "$_d: exit $_e" "$(printf 'exit %s; stderr:\n' "$_s"; cat "$TMP/.err")"; fi
	if [ "$(wc -l < "$TMP/.err")" = 1 ] && grep -Eq '^adminflow: [^:]+: .+' "$TMP/.err" && [ ! -s "$TMP/.out" ]
	then _result 0 "$_d: one adminflow: WHAT: WHY line"
	else _result 1 "$_d: one adminflow: WHAT: WHY line" "$(cat "$TMP/.out" "$TMP/.err")"; fi
	unchanged "$_d: nothing changed" "$_before"
}

# forms_conf DIR: a configuration whose forms come from DIR; prints its path.
forms_conf() {
	printf 'forms_dir = "%s";\n' "$1" > "$1.conf"
	echo "$1.conf"
}

# holders PERMISSION...: the logins of $LOGINS holding any of them (by
# their roles, in the database), space-separated.
holders() {
	_in=$(printf "'%s'," "$@")
	for l in $LOGINS; do
		[ "$(q "SELECT 1 FROM employees e JOIN employee_roles r ON r.employee_id = e.id JOIN permissions p
			ON p.role = r.role WHERE e.login = '$l' AND p.permission IN (${_in%,}) LIMIT 1")" = 1 ] && printf '%s ' "$l"
	done
}

# shape KEY: what the request submitted under KEY brings with it, counted:
# steps, tasks, actions, notices, audit rows (whole, or not at all).
shape() {
	q "SELECT (SELECT count(*) FROM steps WHERE request_id = r.id) || ' ' ||
		(SELECT count(*) FROM tasks WHERE request_id = r.id) || ' ' ||
		(SELECT count(*) FROM actions WHERE request_id = r.id) || ' ' ||
		(SELECT count(*) FROM notices WHERE request_id = r.id) || ' ' ||
		(SELECT count(*) FROM audit WHERE object = r.number)
		FROM requests r WHERE idem_key = '$1'"
}

# Screen-script keys that open the express form from wangwu's home screen
# and fill it in (recipient 王小明, phone, address $1, weight 1500 g),
# leaving the cursor on the form (as in tui_screens.sh form-wangwu-60x20).
# A field takes what is typed at once; Enter goes on to the next one.
express_form_keys() {
	printf '%s\n' 'key j' 'key Enter' 'type 王小明' 'key Enter' 'type 13800138000' 'key Enter' \
		"type $1" 'key Enter' 'type 1500' 'key Enter'
}

# hold SECONDS: another process holds the writers' byte (db.c's queue
# byte) of $DB for SECONDS.
# hold EXCLUSIVE|IMMEDIATE|DEFERRED: another process, the sqlite3 shell,
# opens a transaction on $DB with BEGIN MODE (a DEFERRED one also reads, so
# that it holds its SHARED lock) and keeps it until `release`.
# Either returns once the lock is held (the holder's pid in $HOLDER), or
# once the holder has ended without it. No count of tries: on a loaded
# machine python or sqlite3 may take long to start, and only the holder's
# end is a reason to stop waiting.
hold() {
	rm -f "$TMP/held"
	case $1 in
	EXCLUSIVE|IMMEDIATE|DEFERRED)
		rm -f "$TMP/holdfifo"
		mkfifo "$TMP/holdfifo"
		# -bail: a BEGIN that fails ends the holder, never reports it held.
		sqlite3 -bail "$DB" < "$TMP/holdfifo" > /dev/null &
		HOLDER=$!
		exec 7> "$TMP/holdfifo"
		printf '.timeout 5000\nBEGIN %s;\n' "$1" >&7
		[ "$1" = DEFERRED ] && echo "SELECT count(*) FROM sqlite_schema;" >&7
		echo ".shell touch $TMP/held" >&7
		;;
	*)
		python3 - "$DB" "$1" "$TMP/held" <<'PY' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0x40000000 + 1024, 0)
open(sys.argv[3], "w").close()
time.sleep(float(sys.argv[2]))
PY
		HOLDER=$!
		;;
	esac
	while [ ! -e "$TMP/held" ] && kill -0 "$HOLDER" 2>/dev/null; do sleep 0.05; done
}

# release: ends the transaction that hold MODE opened and waits for its
# holder to exit.
release() {
	echo "ROLLBACK;" >&7
	exec 7>&-
	wait "$HOLDER"
	rm -f "$TMP/held" "$TMP/holdfifo"
}
