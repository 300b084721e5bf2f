#!/bin/sh
# A share that does not carry locks between hosts is refused before it
# loses anything (issue 12). Two bindfs mounts of one folder WITHOUT lock
# forwarding stand for two hosts on a share mounted so that each keeps its
# locks to itself (NFS nolock or local_lock, CIFS nobrl, a broken server):
# there, 200 submissions once left 21 of 29 acknowledged ones missing and
# the file corrupt. Now a process writes on a network filesystem only where
# `doctor --lock-probe` has shown its host's mount carries locks
# (lock_check = refuse, the default): nothing acknowledged may be lost,
# every submission is either in the file exactly once or kept in its
# outbox. And a uniqueness failure on a value only the program makes (a
# request number) is taken for what it is -- two writers at once --, not
# for bad input: the outbox entry stays, writing stops, the message names
# the probe.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

OUTBOX="$HOME/.local/state/adminflow/outbox"

# --- a number taken twice is broken locking, not bad input (local disk) -------
af_init
n1=$(as zhangsan submit express recipient=张 phone=1 address=北京 weight=1)
# What a second host writing at the same moment would have done: the next
# number is already taken when this process commits.
q "UPDATE counters SET value = value - 1 WHERE name = 'KD-20261128'"
out=$(as zhangsan submit --key twice-number-1 express recipient=张 phone=1 address=北京 weight=2 2>"$TMP/err"); s=$?
is "a number taken twice: exit 6 (unavailable), not 3 (invalid input)" "$s" 6
is "a number taken twice: no number printed" "$out" ""
like "a number taken twice: it says the locks are not working and names the probe" "$(cat "$TMP/err")" \
	"^adminflow: $DB: two processes wrote at once \(UNIQUE constraint failed: requests\.number\): the share's locks are not working; writing stopped, nothing was written: run adminflow doctor --lock-probe on this host and another; your input is kept in $OUTBOX/twice-number-1\.sub \(adminflow outbox retry\)$"
is "a number taken twice: the input is kept in the outbox" "$(ls "$OUTBOX")" "twice-number-1.sub"
is "a number taken twice: nothing written under its key" "$(q "SELECT count(*) FROM requests WHERE idem_key = 'twice-number-1'")" 0
q "UPDATE counters SET value = value + 1 WHERE name = 'KD-20261128'"
out=$(as zhangsan outbox retry 2>&1); s=$?
like "once the cause is gone, outbox retry lands it once" "$s: $out" "^0: key	number
twice-number-1	KD-20261128-0002$"
# The same for the idempotency key, looked up in the same transaction: a
# trigger plays the other host that put the key in between the look-up
# and the insert.
cols=$(q "SELECT group_concat(name, ', ') FROM pragma_table_info('requests') WHERE name NOT IN ('id', 'number', 'idem_key')")
q "CREATE TRIGGER other_host BEFORE INSERT ON requests WHEN NEW.idem_key = 'twice-key-1' BEGIN
	INSERT INTO requests($cols, number, idem_key) SELECT $cols, 'KD-OTHER-HOST', NEW.idem_key FROM requests
		WHERE id = (SELECT min(id) FROM requests); END"
out=$(as zhangsan submit --key twice-key-1 express recipient=张 phone=1 address=北京 weight=3 2>"$TMP/err"); s=$?
is "a key taken twice: exit 6, not 3" "$s: $out" "6: "
like "a key taken twice: it says the locks are not working" "$(cat "$TMP/err")" \
	"^adminflow: $DB: two processes wrote at once \(UNIQUE constraint failed: requests\.idem_key\): the share's locks are not working; .*your input is kept in $OUTBOX/twice-key-1\.sub"
is "a key taken twice: nothing written under it" "$(q "SELECT count(*) FROM requests WHERE idem_key = 'twice-key-1'")" 0
q "DROP TRIGGER other_host"
like "once the cause is gone, outbox retry lands it once" "$(as zhangsan outbox retry 2>&1)" "^key	number
twice-key-1	KD-20261128-0003$"
is "a user's own duplicate is still bad input" \
	"$("$AF_BIN" --db "$DB" import employees /dev/stdin 2>/dev/null <<'CSV' >/dev/null; echo $?
login,name,department
dup1,重一,GMO
dup1,重二,GMO
CSV
)" 3

# --- two hosts whose locks do not meet ------------------------------------------
. "$srcdir/tests/lib_share.sh"
why=$(fuse_missing)
if [ -n "$why" ]; then
	skip "the unsafe share: $why"
	done_testing
	exit 0
fi
SHARE="$TMP/share"
mkdir -p "$SHARE"
for m in "$TMP/n1" "$TMP/n2"; do
	mount_share "$SHARE" "$m" || { skip "the unsafe share: bindfs could not mount $m: $(cat "$TMP/.mount.err")"
		done_testing; exit 0; }
done
REAL="$SHARE/af.db"
"$AF_BIN" --db "$TMP/n1/af.db" init --demo > /dev/null
rm -rf "$OUTBOX"

out=$("$AF_BIN" --db "$TMP/n1/af.db" doctor 2>&1); s=$?
is "doctor on an unproven share fails" "$s" 1
like "doctor says no probe vouches for this mount, and what to run" "$out" \
	"^FAIL	lock probe	none recorded for this host's mount at $TMP/n1: writing is refused \(lock_check\) until 'adminflow doctor --lock-probe' passes on this host and another$"

# WRITERS processes, half on each mount, SUBMITS submissions each, at once.
WRITERS=20 SUBMITS=10
W="$TMP/w"
mkdir -p "$W"
i=1
while [ $i -le $WRITERS ]; do
	(
		while [ ! -e "$W/go" ]; do sleep 0.01; done
		j=1
		while [ $j -le $SUBMITS ]; do
			n=$("$AF_BIN" --db "$TMP/n$((i % 2 + 1))/af.db" --as zhangsan submit --key "unsafe-$i-$j" express \
				recipient="收件人$i-$j" phone=1 address=北京 weight=$j 2>>"$W/$i.err")
			echo "unsafe-$i-$j $? $n" >> "$W/$i.out"
			j=$((j + 1))
		done
	) &
	echo $! >> "$BG"
	i=$((i + 1))
done
touch "$W/go"
wait
cat "$W"/*.out | sort > "$W/all"
total=$((WRITERS * SUBMITS))
is "every submission answered" "$(wc -l < "$W/all" | tr -d ' ')" $total
awk '$2 == 0' "$W/all" | sort > "$W/acked"
acked=$(wc -l < "$W/acked" | tr -d ' ')
echo "# $acked of $total acknowledged; the others refused"
is "lock_check = refuse: nothing written on the unproven share" "$acked" 0
is "nothing acknowledged is lost: each acknowledged number stored under its key" \
	"$(while read -r k s n; do sqlite3 "$REAL" "SELECT '$k 0 ' || number FROM requests WHERE idem_key = '$k'"; done < "$W/acked" | sort | diff - "$W/acked")" ""
is "every refusal is exit 6 (the database unavailable), never 3 (bad input)" \
	"$(awk '$2 != 0 && $2 != 6' "$W/all" | head -3)" ""
is "every refused submission is kept in the outbox" \
	"$(awk '$2 != 0 { print $1 ".sub" }' "$W/all" | sort | diff - "$(ls "$OUTBOX" | sort > "$W/kept"; echo "$W/kept")")" ""
like "the refusal names the probe to run" "$(cat "$W"/*.err | sort -u | head -1)" \
	"writing refused: no lock probe has shown that this host's mount of the share \(fuse at $TMP/n[12]\) carries locks to other hosts \(lock_check = refuse\); nothing was written: run adminflow doctor --lock-probe on this host and another; your input is kept in "
is "the file is sound" "$(sqlite3 "$REAL" 'PRAGMA integrity_check')" ok
is "no request of the storm is in the file" "$(sqlite3 "$REAL" "SELECT count(*) FROM requests WHERE idem_key LIKE 'unsafe-%'")" 0

# The probe between the two mounts says the locks do not meet, and says so
# in the database: doctor then names what the probe found.
( "$AF_BIN" --db "$TMP/n1/af.db" doctor --lock-probe --wait 90 > "$TMP/holder.out" 2> "$TMP/holder.err" ) &
hp=$!
echo $hp >> "$BG"
_i=0
until grep -q '^HOLDER ' "$SHARE/af.db-lockprobe" 2>/dev/null || [ $_i -gt 600 ]; do sleep 0.1; _i=$((_i + 1)); done
# Another writer on the peer's host holds the database for 3 s as the peer
# runs, so the peer's row waits: the holder must wait for it, not write its
# own meanwhile through a mount whose locks the peer's never sees.
( printf 'BEGIN IMMEDIATE;\n.system touch %s/held\n.system sleep 3\nCOMMIT;\n' "$TMP" | sqlite3 "$TMP/n2/af.db" ) &
echo $! >> "$BG"
_i=0
until [ -e "$TMP/held" ] || [ $_i -gt 600 ]; do sleep 0.1; _i=$((_i + 1)); done
"$AF_BIN" --db "$TMP/n2/af.db" doctor --lock-probe --wait 1 > "$TMP/peer.out" 2> "$TMP/peer.err"
is "the probe: the peer finds the locks not shared" "$?: $(cat "$TMP/peer.err")" \
	"1: adminflow: lock probe: another host holds the probe lock, yet this host got it too: POSIX locks are NOT shared; the share is unsafe for adminflow"
wait $hp
# Both sides wrote a "not shared" verdict, each naming its own mount, one
# after the other: the peer commits its row before it answers, the holder
# writes its own only once it has read the answer. (When both wrote at the
# same moment, through mounts whose locks do not meet, one row could
# overwrite the other under load: both rows were once seen naming n2.)
is "the probe: each side recorded its own mount, not shared, the peer's row first" \
	"$(sqlite3 "$REAL" "SELECT group_concat(mount || ':' || shared, ' ') FROM (SELECT mount, shared FROM lock_probes ORDER BY id)")" \
	"$TMP/n2:0 $TMP/n1:0"
out=$("$AF_BIN" --db "$TMP/n2/af.db" doctor 2>&1); s=$?
like "doctor then says the probe found the locks not carried" "$s: $out" \
	"^1: .*
FAIL	lock probe	[-0-9 :]+ UTC, with host [^ ]+: this host's mount at $TMP/n2 does NOT carry locks between hosts; writing is refused"
out=$("$AF_BIN" --db "$TMP/n2/af.db" --as zhangsan submit --key unsafe-after-probe express \
	recipient=张 phone=1 address=北京 weight=1 2>&1); s=$?
like "a submission after the failed probe: refused, the input kept" "$s: $out" \
	"^6: adminflow: .*a lock probe found that this host's mount of the share \(fuse at $TMP/n2\) does NOT carry locks to other hosts.*your input is kept in"
# lock_check = warn: the same process writes, and says loudly that the
# share is unsafe (one writer at a time here, so nothing can be lost).
printf 'lock_check = "warn";\n' > "$TMP/warn.conf"
rm -rf "$OUTBOX"
out=$("$AF_BIN" --config "$TMP/warn.conf" --db "$TMP/n2/af.db" --as zhangsan submit --key unsafe-warned express \
	recipient=张 phone=1 address=北京 weight=1 2>"$TMP/err"); s=$?
like "lock_check = warn: written, its number printed" "$s: $out" "^0: KD-"
like "lock_check = warn: the warning names what the probe found and the probe to run" "$(cat "$TMP/err")" \
	"^adminflow: warning: $TMP/n2/af.db: a lock probe found that this host's mount of the share \(fuse at $TMP/n2\) does NOT carry locks to other hosts; writing anyway \(lock_check = warn\): run adminflow doctor --lock-probe on this host and another$"
is "lock_check = warn: the request is in the file once, nothing left in the outbox" \
	"$(sqlite3 "$REAL" "SELECT count(*) FROM requests WHERE idem_key = 'unsafe-warned'") $(ls "$OUTBOX" 2>/dev/null | wc -l)" "1 0"
done_testing
