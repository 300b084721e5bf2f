# Helpers for the tests of a shared drive simulated with bindfs (sourced
# after tests/lib.sh): mounts and background jobs undone on exit whatever
# happens, the FUSE tools looked for, one mount a simulated host.

# Running jobs (their pids in $BG) are ended and mounts undone on exit.
BG="$TMP/.bg"
MOUNTS="$TMP/.mounts"
: > "$BG"
: > "$MOUNTS"
unmount_all() {
	while IFS= read -r _m; do
		fusermount3 -u "$_m" 2>/dev/null || fusermount3 -u -z "$_m" 2>/dev/null
	done < "$MOUNTS"
	: > "$MOUNTS"
}
kill_bg() { while read -r _p; do kill "$_p" 2>/dev/null; done < "$BG"; wait; }
at_exit unmount_all
at_exit kill_bg

skip() { _n=$((_n + 1)); echo "ok $_n # SKIP $*"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# fuse_missing: why bindfs mounts cannot be made here, or nothing.
fuse_missing() {
	if [ ! -e /dev/fuse ] || [ ! -r /dev/fuse ] || [ ! -w /dev/fuse ]; then
		echo "no usable /dev/fuse: FUSE is not available here"
	elif ! command -v bindfs >/dev/null 2>&1; then
		echo "bindfs is not installed"
	elif ! command -v fusermount3 >/dev/null 2>&1; then
		echo "fusermount3 (fuse3) is not installed"
	fi
}

# mount_share SRC MNT [bindfs options]: no caching (direct_io, zero
# timeouts), so every read and write reaches SRC; unmounted on exit.
mount_share() {
	_src=$1 _mnt=$2
	shift 2
	mkdir -p "$_mnt" || return 1
	bindfs --multithreaded "$@" -o direct_io,entry_timeout=0,attr_timeout=0,negative_timeout=0 \
		"$_src" "$_mnt" 2>"$TMP/.mount.err" || return 1
	printf '%s\n' "$_mnt" >> "$MOUNTS"
}

# mount_hosts SHARE N: $TMP/h1 .. $TMP/hN, each a mount of SHARE with lock
# forwarding, a host of its own. Nothing on success, else why not.
mount_hosts() {
	_p=1
	while [ $_p -le "$2" ]; do
		mount_share "$1" "$TMP/h$_p" --enable-lock-forwarding || {
			echo "bindfs could not mount $1 on $TMP/h$_p: $(cat "$TMP/.mount.err")"
			return
		}
		_p=$((_p + 1))
	done
}

# prove_mounts SHARE MOUNT...: `doctor --lock-probe` between the mounts, two
# at a time (the last odd one with the first), so that each has a passing
# probe on record: a process writes on a network filesystem only where one
# vouches for its host's mount (lock_check). The database must exist.
# Nothing on success, else what failed.
prove_mounts() {
	_share=$1
	shift
	_first=$1
	while [ $# -gt 0 ]; do
		_a=$1
		_b=${2:-$_first}
		shift
		[ $# -gt 0 ] && shift
		rm -f "$_share/af.db-lockprobe" "$_share/af.db-lockprobe-peer"
		( "$AF_BIN" --db "$_a/af.db" doctor --lock-probe --wait 30 > "$TMP/.prove.out" 2>&1
		  echo $? > "$TMP/.prove.rc" ) &
		_hp=$!
		_i=0
		until grep -q '^HOLDER ' "$_share/af.db-lockprobe" 2>/dev/null || [ $_i -gt 300 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		_peer=$("$AF_BIN" --db "$_b/af.db" doctor --lock-probe --wait 1 2>&1) || {
			wait $_hp
			echo "lock probe between $_a and $_b failed: $_peer"
			return
		}
		wait $_hp
		[ "$(cat "$TMP/.prove.rc")" = 0 ] || {
			echo "lock probe between $_a and $_b failed: $(cat "$TMP/.prove.out")"
			return
		}
	done
}
