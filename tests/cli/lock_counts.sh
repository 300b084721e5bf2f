#!/bin/sh
# Round trips to the file server, counted: on a network share every lock
# call and every fsync goes to the server (0.2-2 ms on a LAN, more over a
# VPN), so how many an action makes is what the people using it wait for.
# tests/latshim.so counts them on the share's files (here a plain folder:
# counts, not times, so the machine's load cannot change the verdict).
# Each command's count must stay within its target (issue 13; DESIGN.md 3):
# submit, approve, pay (one or a batch) and retention purge <= 20, show
# and inbox <= 8 (under --as too), the full-screen program from its start
# to the inbox <= 16, an idle screen <= 2 each refresh.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
. "$srcdir/tests/lib_latency.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

why=$(shim_missing)
[ -z "$why" ] || skip_all "$why"
SHARE="$TMP/share"
mkdir -p "$SHARE"
DB="$SHARE/af.db"
af_init

# A person at their own terminal, as the tests' root: LOGIN's employee
# record gets the login root (--as would add its own audited write).
become() {
	q "UPDATE employees SET login = (SELECT value FROM json_each('[\"$1\"]')) WHERE login = 'root';" 2>/dev/null
	q "UPDATE employees SET login = 'root' WHERE login = '$1'"
}
unbecome() { q "UPDATE employees SET login = '$1' WHERE login = 'root'"; }

# within NAME COUNT TARGET: COUNT <= TARGET.
within() { [ "$2" -le "$3" ]; _result $? "$1: $2 lock calls, target $3"; }
# count CMD...: CMD on the share, its lock calls printed; the exit status
# and output are checked by the caller through $TMP/out and $TMP/rc.
count() {
	shimmed 0 "$SHARE" "$@" > "$TMP/out" 2> "$TMP/err"
	echo $? > "$TMP/rc"
	shim_total locks
}

become zhangsan
n=$(count "$AF_BIN" --db "$DB" submit express recipient=张三 phone=1 address=北京 weight=7)
num=$(cat "$TMP/out")
is "submit worked" "$(cat "$TMP/rc") $(cat "$TMP/err")" "0 "
echo "# submit: $n lock calls, $(shim_total syncs) fsyncs"
within submit "$n" 20
unbecome zhangsan

become liuyang
n=$(count "$AF_BIN" --db "$DB" show "$num")
is "show worked" "$(cat "$TMP/rc") $(cat "$TMP/err")" "0 "
echo "# show: $n lock calls, $(shim_total syncs) fsyncs"
within show "$n" 8
n=$(count "$AF_BIN" --db "$DB" inbox)
is "inbox worked" "$(cat "$TMP/rc") $(cat "$TMP/err")" "0 "
like "inbox lists the request" "$(cat "$TMP/out")" "^$num	"
echo "# inbox: $n lock calls"
within inbox "$n" 8
n=$(count "$AF_BIN" --db "$DB" approve "$num")
is "approve worked" "$(cat "$TMP/rc") $(cat "$TMP/err") $(state_of "$num")" "0  done"
echo "# approve: $n lock calls, $(shim_total syncs) fsyncs"
within approve "$n" 20

# The full-screen program: from its start to the inbox, then ten idle
# refreshes (a "tick" is the timed wait's end, when screens look for
# another process's commit).
printf 'key i\ndump\n' > "$TMP/start"
printf 'key i\ndump\ntick\ntick\ntick\ntick\ntick\ntick\ntick\ntick\ntick\ntick\n' > "$TMP/idle"
ADMINFLOW_TUI_SCRIPT="$TMP/start" ADMINFLOW_TUI_DUMP="$TMP/start.dump" \
	count "$AF_BIN" --db "$DB" > "$TMP/n"
n=$(cat "$TMP/n")
like "the full-screen program reached the inbox" "$(cat "$TMP/start.dump")" "$num|[Ii]nbox"
echo "# full-screen start to the inbox: $n lock calls"
within "start to the inbox" "$n" 16
ADMINFLOW_TUI_SCRIPT="$TMP/idle" ADMINFLOW_TUI_DUMP="$TMP/idle.dump" \
	count "$AF_BIN" --db "$DB" > "$TMP/n10"
per=$(( ($(cat "$TMP/n10") - n + 9) / 10 ))
echo "# an idle screen: $per lock calls a refresh"
within "an idle refresh" "$per" 2
unbecome liuyang

# Under --as (root acting for someone): a change's audit row rides in the
# change's own transaction, so a submission costs what it costs anyway; a
# command that only shows writes nothing (root sees all the login sees), so
# it is one read transaction, held to show's and inbox's target.
n=$(count "$AF_BIN" --db "$DB" --as zhangsan submit express recipient=张三 phone=1 address=北京 weight=7)
num2=$(cat "$TMP/out")
is "submit --as worked" "$(cat "$TMP/rc") $(cat "$TMP/err")" "0 "
echo "# submit --as: $n lock calls, $(shim_total syncs) fsyncs"
within "submit --as" "$n" 20
rows=$(q "SELECT count(*) FROM audit")
n=$(count "$AF_BIN" --db "$DB" --as liuyang show "$num2")
is "show --as worked" "$(cat "$TMP/rc") $(cat "$TMP/err")" "0 "
echo "# show --as: $n lock calls, $(shim_total syncs) fsyncs"
within "show --as" "$n" 8
is "show --as: no fsync (nothing written)" "$(shim_total syncs)" 0
n=$(count "$AF_BIN" --db "$DB" --as liuyang inbox)
is "inbox --as worked" "$(cat "$TMP/rc") $(cat "$TMP/err")" "0 "
like "inbox --as lists the request" "$(cat "$TMP/out")" "^$num2	"
echo "# inbox --as: $n lock calls, $(shim_total syncs) fsyncs"
within "inbox --as" "$n" 8
is "inbox --as: no fsync (nothing written)" "$(shim_total syncs)" 0
is "show and inbox --as wrote no audit row" "$(q "SELECT count(*) FROM audit")" "$rows"

# The full-screen program under --as follows the same rule: started and
# looked at, it writes nothing (held to its start's target, no fsync); the
# first change made from a screen carries the --as row in its own
# transaction.
ADMINFLOW_TUI_SCRIPT="$TMP/start" ADMINFLOW_TUI_DUMP="$TMP/as.dump" \
	count "$AF_BIN" --db "$DB" --as liuyang > "$TMP/n"
n=$(cat "$TMP/n")
is "the full-screen program --as started" "$(cat "$TMP/rc") $(cat "$TMP/err")" "0 "
like "... and reached the inbox" "$(cat "$TMP/as.dump")" "$num2"
echo "# full-screen --as start to the inbox: $n lock calls, $(shim_total syncs) fsyncs"
within "start --as to the inbox" "$n" 16
is "full-screen --as start: no fsync (nothing written)" "$(shim_total syncs)" 0
is "full-screen --as start: no audit row" "$(q "SELECT count(*) FROM audit")" "$rows"
last=$(q "SELECT max(id) FROM audit")
printf 'key #\ntype %s\nkey Enter\nkey a\nkey Enter\ndump\n' "$num2" > "$TMP/approve"
ADMINFLOW_TUI_SCRIPT="$TMP/approve" ADMINFLOW_TUI_DUMP="$TMP/approve.dump" \
	count "$AF_BIN" --db "$DB" --as liuyang > "$TMP/n"
n=$(cat "$TMP/n")
like "approved from the screen under --as" "$(cat "$TMP/approve.dump")" "$num2: approve ok"
is "... the request went on" "$(state_of "$num2")" done
echo "# full-screen --as approve: $n lock calls, $(shim_total syncs) fsyncs"
within "full-screen --as: start, approve" "$n" 36
is "a change from the screen under --as is audited: the --as row, then the approval by root (as liuyang)" \
	"$(q "SELECT group_concat(actor || ' ' || action, ',') FROM (SELECT actor, action FROM audit WHERE id > $last ORDER BY id)")" \
	"root (as liuyang) as,root (as liuyang) approve,root (as liuyang) done"

# Paying claims (finance at their own terminal): one claim, then a batch
# of two, each one write transaction whatever the batch's size.
approve_all() {
	for _i in 1 2 3 4 5 6; do
		_who=$(pending_of "$1"); _who=${_who%% *}
		[ -n "$_who" ] || return 0
		as "$_who" approve "$1" > /dev/null || return 1
	done
}
for a in 320.00 6800.00 150.00; do
	c=$(as zhangsan submit expense lines=travel,$a purpose=出差) && approve_all "$c"
	claims="${claims:-} $c"
done
set -- $claims
become songjia
n=$(count "$AF_BIN" --db "$DB" pay "$1" --ref "ICBC 8812")
is "pay worked" "$(cat "$TMP/rc") $(cat "$TMP/err") $(q "SELECT paid_ref FROM requests WHERE number = '$1'")" "0  ICBC 8812"
echo "# pay: $n lock calls, $(shim_total syncs) fsyncs"
within pay "$n" 20
printf '%s\n%s\n' "$2" "$3" > "$TMP/batch.txt"
n=$(count "$AF_BIN" --db "$DB" pay --file "$TMP/batch.txt" --ref 批量)
is "pay of a batch worked" "$(cat "$TMP/rc") $(cat "$TMP/err") $(q "SELECT count(*) FROM requests WHERE paid_ref = '批量'")" "0  2"
echo "# pay, a batch of two: $n lock calls, $(shim_total syncs) fsyncs"
within "pay, a batch" "$n" 20
unbecome songjia

# Retention purge (the admin manager at their own terminal): requests
# finished in 2024 and archived, purged after their export.
for t in 停车 白板; do
	old=$(ADMINFLOW_NOW="2024-03-04 09:00:00" as zhangsan submit suggestion "topic=$t" detail=旧的)
	who=$(pending_of "$old")
	ADMINFLOW_NOW="2024-03-04 10:00:00" as "${who%% *}" reject "$old" -m 不必 > /dev/null
done
as wangwu retention archive --before 2025-01-01 > /dev/null
purge=$(as wangwu retention purge --before 2025-01-01 --dry-run)
become wangwu
n=$(count "$AF_BIN" --db "$DB" retention purge --before 2025-01-01 -o "$TMP/purged.csv")
is "retention purge worked" "$(cat "$TMP/rc") $(cat "$TMP/err") $(cat "$TMP/out")" "0  $purge"
ok "... two or more purged" test "$purge" -ge 2
echo "# retention purge of $purge: $n lock calls, $(shim_total syncs) fsyncs"
within "retention purge" "$n" 20
unbecome wangwu
done_testing
