#!/bin/sh
# A share that misbehaves for real: a full disk (a small tmpfs), a share
# remounted read-only, a full disk under the outbox itself, and a database
# held locked by another process for longer than the retry limit. Each
# gives one clear line, exit 6 (the database unavailable for now), nothing
# half-written, the input kept; once the share is well again, outbox retry
# lands it exactly once.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

OUTBOX="$HOME/.local/state/adminflow/outbox"
CONF="$TMP/fast.conf"
printf 'busy_timeout = 200;\nbusy_retries = 2;\n' > "$CONF"
count_key() { sqlite3 "$1" "SELECT count(*) FROM requests WHERE idem_key = '$2'"; }
outbox_files() { ls "$OUTBOX" 2>/dev/null | grep -c '\.sub$'; }
# dumpdb FILE: the whole database as SQL, for "nothing changed".
dumpdb() { sqlite3 "$1" .dump; }
BG="$TMP/.bg"
MOUNTS="$TMP/.mounts"
: > "$BG"
: > "$MOUNTS"
cleanup() {
	while read -r _p; do kill "$_p" 2>/dev/null; done < "$BG"
	wait
	while IFS= read -r _m; do umount "$_m" 2>/dev/null || umount -l "$_m" 2>/dev/null; done < "$MOUNTS"
}
at_exit cleanup
skip() { _n=$((_n + 1)); echo "ok $_n # SKIP $*"; }
af_init

# unavailable NAME DB KEY PATTERN [ARGS]: a submission on DB exits 6 with one
# line matching PATTERN and naming where the input is kept, prints no
# number, and changes nothing in DB.
unavailable() {
	_before=$(dumpdb "$2" 2>&1)
	out=$("$AF_BIN" --config "$CONF" --db "$2" --as zhangsan submit --key "$3" express \
		recipient=张 phone=1 address=北京 weight=7 2>"$TMP/err"); s=$?
	is "$1: exit 6" "$s" 6
	is "$1: no number printed" "$out" ""
	is "$1: one line on stderr" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
	like "$1: it says why, and where the input is kept" "$(cat "$TMP/err")" \
		"^adminflow: $4; your input is kept in $OUTBOX/$3\.sub \(adminflow outbox retry\)$"
	is "$1: nothing changed" "$(dumpdb "$2" 2>&1)" "$_before"
	[ -e "$TMP/held" ] || is "$1: integrity_check" "$(sqlite3 "$2" 'PRAGMA integrity_check')" ok
}
# retried NAME DB KEY: outbox retry lands KEY once; a second retry does nothing.
retried() {
	out=$("$AF_BIN" --db "$2" --as zhangsan outbox retry 2>&1); s=$?
	like "$1: outbox retry lands it" "$s: $out" "^0: key	number
$3	KD-20261128-[0-9]{4}$"
	out=$("$AF_BIN" --db "$2" --as zhangsan outbox retry 2>&1)
	is "$1: a second retry has nothing to do" "$out" "$(printf 'key\tnumber')"
	is "$1: one request, the outbox empty" "$(count_key "$2" "$3") $(outbox_files)" "1 0"
}

# --- a full disk --------------------------------------------------------------
can_mount=""
mkdir -p "$TMP/probe"
if [ "$(id -u)" != 0 ]; then
	can_mount="not root: cannot mount a small tmpfs"
elif ! mount -t tmpfs -o size=64k tmpfs "$TMP/probe" 2>"$TMP/.mount.err"; then
	can_mount="mount -t tmpfs failed: $(cat "$TMP/.mount.err")"
else
	umount "$TMP/probe"
fi

if [ -n "$can_mount" ]; then
	skip "a full disk, a read-only share: $can_mount"
else
	FULL="$TMP/full"
	mkdir -p "$FULL"
	mount -t tmpfs -o size=2m tmpfs "$FULL" && echo "$FULL" >> "$MOUNTS"
	FDB="$FULL/af.db"
	cp "$DB" "$FDB"
	# Fill what is left, then give back a little: less than one transaction
	# needs (its journal holds the original of every page it changes).
	dd if=/dev/zero of="$FULL/filler" bs=4k 2>/dev/null
	dd if=/dev/zero of="$FULL/filler2" bs=1k count=8 2>/dev/null
	rm -f "$FULL/filler2"
	unavailable "full disk" "$FDB" full-disk-1 "$FDB: the disk holding the database is full; nothing was written"
	is "full disk: the journal is gone too" "$(ls "$FDB"-journal 2>/dev/null)" ""
	status_is "full disk: reading still works" 0 "$AF_BIN" --config "$CONF" --db "$FDB" whoami
	printf 'sku,name,unit,on_hand,reorder_level,location\nFULL-1,满盘,box,1,1,A\nFULL-2,满盘二,box,2,1,A\n' > "$TMP/full.csv"
	_before=$(dumpdb "$FDB")
	out=$("$AF_BIN" --config "$CONF" --db "$FDB" import supplies "$TMP/full.csv" 2>&1); s=$?
	is "full disk: an import exits 6" "$s: $out" \
		"6: adminflow: $FDB: the disk holding the database is full; nothing was written"
	is "full disk: the import changed nothing" "$(dumpdb "$FDB")" "$_before"
	rm -f "$FULL/filler"
	retried "space again" "$FDB" full-disk-1

	# --- a read-only share ---------------------------------------------------
	mount -o remount,ro "$FULL"
	unavailable "read-only share" "$FDB" read-only-1 "$FDB: the share holding the database is mounted read-only; nothing was written"
	out=$("$AF_BIN" --db "$FDB" report backlog 2>&1); s=$?
	like "read-only share: reading still works" "$s: $out" "^0: "
	# A read under --as (root's) writes nothing either, so it works too.
	out=$("$AF_BIN" --db "$FDB" --as zhangsan inbox --mine 2>&1); s=$?
	like "read-only share: reading under --as works too (it writes nothing)" "$s: $out" "^0: number	"
	status_is "read-only share: doctor says so and fails" 1 "$AF_BIN" --db "$FDB" doctor
	mount -o remount,rw "$FULL"
	retried "writable again" "$FDB" read-only-1

	# --- the outbox's own disk full ---------------------------------------------
	# The outbox is written first; when even that fails, nothing is sent and
	# the user is told that nothing was saved.
	LOCAL="$TMP/localfull"
	mkdir -p "$LOCAL"
	mount -t tmpfs -o size=64k tmpfs "$LOCAL" && echo "$LOCAL" >> "$MOUNTS"
	mkdir -p "$LOCAL/outbox"
	dd if=/dev/zero of="$LOCAL/filler" bs=4k 2>/dev/null
	printf 'outbox_dir = "%s/outbox";\n' "$LOCAL" > "$TMP/localfull.conf"
	_before=$(dump)
	out=$("$AF_BIN" --config "$TMP/localfull.conf" --db "$DB" --as zhangsan submit --key outbox-full-1 express \
		recipient=张 phone=1 address=北京 weight=7 2>&1); s=$?
	is "the outbox's disk full: exit 1" "$s" 1
	like "the outbox's disk full: it says the input was not saved" "$out" \
		"^adminflow: outbox: $LOCAL/outbox/outbox-full-1\.sub: cannot save the submission: No space left on device$"
	unchanged "the outbox's disk full: nothing was submitted" "$_before"
	is "the outbox's disk full: no half-written file" "$(ls -A "$LOCAL/outbox")" ""
fi

# --- locked for longer than the retry limit -------------------------------------
# hold MODE and release (lib_engine.sh): another process holds a
# transaction BEGIN MODE on $DB until release.
for mode in EXCLUSIVE IMMEDIATE DEFERRED; do
	key="locked-$(echo $mode | tr 'A-Z' 'a-z')-1"
	hold $mode
	echo "$HOLDER" >> "$BG"
	t0=$(date +%s%N)
	unavailable "held by BEGIN $mode" "$DB" "$key" \
		"$DB: database busy \(locked by another process\) after 3 attempts; nothing was written"
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	echo "# BEGIN $mode held: gave up after $ms ms (busy_timeout 200 ms, busy_retries 2)"
	release
	retried "released after BEGIN $mode" "$DB" "$key"
done

# The lock let go while the submission is still retrying: it goes in, once,
# with nothing on stderr.
hold EXCLUSIVE
echo "$HOLDER" >> "$BG"
"$AF_BIN" --db "$DB" --as zhangsan submit --key locked-then-free-1 express \
	recipient=张 phone=1 address=北京 weight=7 > "$TMP/out" 2> "$TMP/err" &
pid=$!
sleep 0.5
release
wait $pid; s=$?
is "freed while retrying: exit 0, nothing on stderr" "$s: $(cat "$TMP/err")" "0: "
is "freed while retrying: one request, the outbox empty" "$(count_key "$DB" locked-then-free-1) $(outbox_files)" "1 0"
is "integrity at the end" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
done_testing
