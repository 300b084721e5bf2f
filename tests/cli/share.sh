#!/bin/sh
# The shared drive, simulated with bindfs: two FUSE mounts of one folder stand
# for two hosts. With --enable-lock-forwarding the mounts pass POSIX locks on
# to the folder beneath, so they see each other's locks, as hosts on a sound
# share do; without it each mount keeps its locks to itself, as on a share
# mounted with nolock. No caching (direct_io, zero timeouts): every read and
# write reaches the folder.
. "$srcdir/tests/lib.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

. "$srcdir/tests/lib_share.sh"
why=$(fuse_missing)
[ -z "$why" ] || skip_all "$why"

SHARE="$TMP/share"
mkdir -p "$SHARE"
M1="$TMP/m1" M2="$TMP/m2"   # lock forwarding: locks shared
N1="$TMP/n1" N2="$TMP/n2"   # no forwarding: each mount's locks its own
for m in "$M1" "$M2"; do
	mount_share "$SHARE" "$m" --enable-lock-forwarding ||
		skip_all "bindfs could not mount $SHARE on $m: $(cat "$TMP/.mount.err")"
done
for m in "$N1" "$N2"; do
	mount_share "$SHARE" "$m" ||
		skip_all "bindfs could not mount $SHARE on $m: $(cat "$TMP/.mount.err")"
done

# init and doctor through a mount.
ok "init through the mount" "$AF_BIN" --db "$M1/af.db" init
is "the database is in the shared folder" "$(sqlite3 "$SHARE/af.db" 'PRAGMA user_version')" "$SCHEMA"
out=$("$AF_BIN" --db "$M2/af.db" init 2>&1)
like "init names the filesystem as network" "$out" "journal delete on fuse[.a-z0-9]* \(network\)$"
like "init on a share says to prove its locks first" "$out" \
	"before anyone writes from a host, prove that the share carries its locks: run 'adminflow doctor --lock-probe' on it and on another host$"
out=$("$AF_BIN" --db "$M1/af.db" doctor 2>&1); s=$?
like "doctor before any lock probe: fails, and says what to run" "$s: $out" \
	"^1: .*
FAIL	lock probe	none recorded for this host's mount at $M1: writing is refused \(lock_check\) until 'adminflow doctor --lock-probe' passes on this host and another"
is "the two mounts pass the lock probe" "$(prove_mounts "$SHARE" "$M1" "$M2")" ""
out=$("$AF_BIN" --db "$M1/af.db" doctor 2>"$TMP/err"); s=$?
is "doctor through the mount passes" "$s" 0
like "doctor: the probe on record" "$out" \
	"^ok	lock probe	[-0-9 :]+ UTC, with host [^ ]+: this host's mount at $M1 carries locks between hosts$"
like "doctor: the layout is a shared drive" "$out" "^ok	layout	shared drive: "
like "doctor: the filesystem is fuse, a network filesystem" "$out" \
	"^ok	filesystem	fuse[.a-z0-9]* \(network: rollback journal only\) mounted at $M1$"
like "doctor: a rollback journal" "$out" "^ok	journal	rollback journal \(set per connection: delete\)$"
is "doctor says nothing on stderr" "$(cat "$TMP/err")" ""

# journal_mode = "wal" is refused on the share, loudly, and never reaches the file.
printf 'journal_mode = "wal";\n' > "$TMP/wal.conf"
out=$("$AF_BIN" --config "$TMP/wal.conf" --db "$M1/af.db" whoami 2>"$TMP/err"); s=$?
is "a command with journal_mode = wal on the share still works" "$s" 0
is "WAL refused on stderr" "$(cat "$TMP/err")" \
	"adminflow: journal_mode: WAL refused on fuse (a network filesystem: WAL needs memory shared on one host); using DELETE"
is "the file stays in rollback mode" "$(sqlite3 "$SHARE/af.db" 'PRAGMA journal_mode')" delete
ls "$SHARE"/af.db-wal "$SHARE"/af.db-shm >/dev/null 2>&1; [ $? != 0 ]; _result $? "no -wal or -shm file on the share"
out=$("$AF_BIN" --config "$TMP/wal.conf" --db "$M1/af.db" doctor 2>"$TMP/err"); s=$?
is "doctor with journal_mode = wal on the share passes" "$s" 0
like "doctor with journal_mode = wal reports a rollback journal" "$out" "^ok	journal	rollback journal "
like "doctor with journal_mode = wal prints the refusal on stderr" "$(cat "$TMP/err")" \
	"^adminflow: journal_mode: WAL refused on fuse "
printf '%s\n' "$out" | grep -q '	wal'; [ $? != 0 ]; _result $? "doctor never reports wal on the share"

# The lock probe. probe_pair NAME HOLDER_DIR PEER_DIR: the holder starts in
# the background; once its marker is in the folder, the peer runs. The
# holder waits up to 120 s for it (it ends as soon as the peer answers):
# the wait is the probe's patience on a loaded machine, not a time judged. Leaves
# $NAME.{out,err,rc} for both in $TMP. The marker is read from the folder
# itself, never through a mount: a second open through a forwarding mount
# would be the mount's own, and closing it would drop the holder's lock.
probe_pair() {
	_name=$1 _hdir=$2 _pdir=$3 _real=$4
	rm -f "$TMP/$_name".*
	( "$AF_BIN" --db "$_hdir/af.db" doctor --lock-probe --wait 120 \
		>"$TMP/$_name.holder.out" 2>"$TMP/$_name.holder.err"
	  echo $? > "$TMP/$_name.holder.rc" ) &
	_hpid=$!
	echo "$_hpid" >> "$BG"
	# No count of tries: at a load of 100 a process may take more than
	# ten seconds to start; the holder's end is the only reason to stop.
	until grep -q '^HOLDER ' "$_real/af.db-lockprobe" 2>/dev/null; do
		kill -0 "$_hpid" 2>/dev/null || break
		sleep 0.1
	done
	"$AF_BIN" --db "$_pdir/af.db" doctor --lock-probe --wait 1 \
		>"$TMP/$_name.peer.out" 2>"$TMP/$_name.peer.err"
	echo $? > "$TMP/$_name.peer.rc"
	wait "$_hpid"
}

# Two processes on one local disk: the simplest case of locks that work.
mkdir -p "$TMP/local"
"$AF_BIN" --db "$TMP/local/af.db" init >/dev/null
probe_pair local "$TMP/local" "$TMP/local" "$TMP/local"
is "local disk: the peer exits 0" "$(cat "$TMP/local.peer.rc")" 0
is "local disk: the holder exits 0" "$(cat "$TMP/local.holder.rc")" 0
like "local disk: the holder says the locks are shared" "$(cat "$TMP/local.holder.out")" \
	"the other host was blocked by this host's lock: POSIX locks ARE shared"

# Forwarding mounts: both sides say the locks are shared, exit 0.
probe_pair shared "$M1" "$M2" "$SHARE"
is "shared: the peer exits 0" "$(cat "$TMP/shared.peer.rc")" 0
is "shared: the peer's verdict, and the record of it" "$(cat "$TMP/shared.peer.out")" \
	"lock probe: another host holds the probe lock and this host is blocked: POSIX locks ARE shared; the share is safe for adminflow
lock probe: recorded for $(hostname)'s mount at $M2 (fuse)"
is "shared: the peer prints no error" "$(cat "$TMP/shared.peer.err")" ""
is "shared: the holder exits 0" "$(cat "$TMP/shared.holder.rc")" 0
like "shared: the holder waited for the other host" "$(cat "$TMP/shared.holder.out")" \
	"^lock probe: holding the probe lock for up to 120 s; run 'adminflow doctor --lock-probe' on the other host now$"
like "shared: the holder's verdict" "$(cat "$TMP/shared.holder.out")" \
	"^lock probe: the other host was blocked by this host's lock: POSIX locks ARE shared; the share is safe for adminflow$"
is "shared: the holder prints no error" "$(cat "$TMP/shared.holder.err")" ""
ls "$SHARE"/af.db-lockprobe* >/dev/null 2>&1; [ $? != 0 ]; _result $? "shared: the probe files are removed"

# Mounts without forwarding: both sides say the share is unsafe, exit 1.
probe_pair unshared "$N1" "$N2" "$SHARE"
is "not shared: the peer exits 1" "$(cat "$TMP/unshared.peer.rc")" 1
is "not shared: the peer's verdict" "$(cat "$TMP/unshared.peer.err")" \
	"adminflow: lock probe: another host holds the probe lock, yet this host got it too: POSIX locks are NOT shared; the share is unsafe for adminflow"
is "not shared: the holder exits 1" "$(cat "$TMP/unshared.holder.rc")" 1
is "not shared: the holder's verdict" "$(cat "$TMP/unshared.holder.err")" \
	"adminflow: lock probe: the other host took the lock this host holds: POSIX locks are NOT shared; the share is unsafe for adminflow"
grep -q "ARE shared" "$TMP/unshared.holder.out" "$TMP/unshared.peer.out"; [ $? != 0 ]
_result $? "not shared: neither side claims the locks are shared"
ls "$SHARE"/af.db-lockprobe* >/dev/null 2>&1; [ $? != 0 ]; _result $? "not shared: the probe files are removed"

# A probe on its own proves nothing, says so, and exits 1 after --wait.
start=$(date +%s)
out=$("$AF_BIN" --db "$M1/af.db" doctor --lock-probe --wait 1 2>"$TMP/err"); s=$?
end=$(date +%s)
is "alone: exits 1" "$s" 1
is "alone: says it holds the lock" "$out" \
	"lock probe: holding the probe lock for up to 1 s; run 'adminflow doctor --lock-probe' on the other host now"
is "alone: nothing proven" "$(cat "$TMP/err")" \
	"adminflow: lock probe: no other host ran the probe within 1 s; nothing proven"
# It waited for the peer (at least --wait); how much longer a loaded machine
# takes is not the probe's promise, so no upper bound is judged.
[ $((end - start)) -ge 1 ]
_result $? "alone: waits --wait seconds for a peer before giving up" "took $((end - start)) s"
ls "$SHARE"/af.db-lockprobe* >/dev/null 2>&1; [ $? != 0 ]; _result $? "alone: the probe file is removed"

status_is "--wait 0 is a usage error" 2 "$AF_BIN" --db "$M1/af.db" doctor --lock-probe --wait 0
done_testing
