#!/bin/sh
# Writers queue, they do not poll (issue 13). A change takes a blocking
# lock on one byte of the database's lock page (1 GiB + 1024) before BEGIN
# IMMEDIATE and lets it go after COMMIT; while another process holds that
# byte, a writer sleeps in the lock's queue. Shown here with a holder that
# is not adminflow (python's fcntl, another process): the waiting writer
# makes a handful of lock calls however long it waits, a person at a
# terminal sees the seconds counted, busy_wait ends the wait with exit 6
# and the input kept, and the byte's release lets the writer in at once.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
. "$srcdir/tests/lib_latency.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
why=$(shim_missing)
[ -z "$why" ] || skip_all "$why"
OUTBOX="$HOME/.local/state/adminflow/outbox"
SHARE="$TMP/share"
mkdir -p "$SHARE"
DB="$SHARE/af.db"
af_init

sub() { # KEY [CONF]: a submission as zhangsan
	"$AF_BIN" ${2:+--config "$2"} --db "$DB" --as zhangsan submit --key "$1" express \
		recipient=张 phone=1 address=北京 weight=7
}
count_key() { q "SELECT count(*) FROM requests WHERE idem_key = '$1'"; }

# busy_wait ends a wait in which the writer ahead commits nothing (a stuck
# holder; while the writers ahead commit, the queue moves and the wait goes
# on): exit 6, nothing written, the input kept.
printf 'busy_wait = 1;\n' > "$TMP/short.conf"
hold 10
out=$(sub queued-gave-up-1 "$TMP/short.conf" 2>&1); s=$?
kill $HOLDER 2>/dev/null; wait $HOLDER 2>/dev/null
is "busy_wait over: exit 6" "$s" 6
like "busy_wait over: it says why, and where the input is kept" "$out" \
	"^adminflow: $DB: database busy \(the writer ahead finished nothing for 1 s, busy_wait\); nothing was written; your input is kept in $OUTBOX/queued-gave-up-1\.sub \(adminflow outbox retry\)$"
is "busy_wait over: nothing written" "$(count_key queued-gave-up-1)" 0
out=$(as zhangsan outbox retry 2>&1)
like "busy_wait over: outbox retry lands it once the byte is free" "$out" "^key	number
queued-gave-up-1	KD-20261128-[0-9]{4}$"

# Queued, not polling: a writer waiting about three seconds makes few lock
# calls (the wait is woken once a second to count; each wake asks again).
hold 3
shimmed 0 "$SHARE" "$AF_BIN" --db "$DB" --as zhangsan submit --key queued-quiet-1 express \
	recipient=张 phone=1 address=北京 weight=7 > "$TMP/out" 2> "$TMP/err"
s=$?
wait $HOLDER
n=$(shim_total locks)
echo "# a submission queued for about 3 s: $n lock calls"
is "queued: it went in once the byte was free" "$s $(cat "$TMP/err") $(count_key queued-quiet-1)" "0  1"
[ "$n" -le 45 ]; _result $? "queued: $n lock calls for a 3 s wait (no polling: 45 at most, a few each second)"

# A person at a terminal sees the seconds counted, then the number.
hold 2.5
script -qec "$AF_BIN --db $DB --as zhangsan submit --key queued-tty-1 express recipient=张 phone=1 address=北京 weight=7" \
	/dev/null > "$TMP/tty" 2>&1
s=$?
wait $HOLDER
like "on a terminal: the seconds waited are counted" "$(tr '\r' '\n' < "$TMP/tty")" \
	"^adminflow: waiting for other writers: [12] s"
like "on a terminal: then the number" "$(tr '\r' '\n' < "$TMP/tty")" "^KD-20261128-[0-9]{4}"
is "on a terminal: it went in once" "$s $(count_key queued-tty-1)" "0 1"
done_testing
