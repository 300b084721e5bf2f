#!/bin/sh
# Many processes on one database at once: 50 importing supplies and 50
# reading (export, whoami, doctor), all started together. No error may reach
# anyone, every import lands whole, and the file stays sound. First on a
# local disk, then through bindfs mounts that pass locks on (no caching),
# standing for many hosts on one share.
. "$srcdir/tests/lib.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

N=50     # importers, and as many readers
K=3      # rows per importer, SKUs distinct across importers
ROUNDS=2 # each reader: export, whoami, doctor, ROUNDS times

. "$srcdir/tests/lib_share.sh"

# One small CSV per importer.
mkdir -p "$TMP/csv"
i=1
while [ $i -le $N ]; do
	{
		echo "sku,name,unit,on_hand,reorder_level,location"
		j=1
		while [ $j -le $K ]; do
			echo "CC$i-$j,concurrency item $i.$j,box,$j,1,shelf $i"
			j=$((j + 1))
		done
	} > "$TMP/csv/s$i.csv"
	i=$((i + 1))
done

# storm NAME REAL_DB: runs the 100 processes, process p on the database
# "$(dbfor p)" (importers are 1..N, readers N+1..2N), and checks the outcome
# on REAL_DB, the file itself. Outputs land in $TMP/NAME.
storm() {
	_name=$1 _real=$2 W="$TMP/$1"
	mkdir -p "$W"
	_base=$(sqlite3 "$_real" 'SELECT count(*) FROM supplies')
	_abase=$(sqlite3 "$_real" 'SELECT count(*) FROM audit')
	_pids=""
	i=1
	while [ $i -le $N ]; do
		_db=$(dbfor $i)
		(
			while [ ! -e "$W/go" ]; do sleep 0.02; done
			"$AF_BIN" --db "$_db" import supplies "$TMP/csv/s$i.csv" >"$W/imp$i.out" 2>"$W/imp$i.err"
			echo $? > "$W/imp$i.rc"
			now > "$W/imp$i.end"
		) &
		_pids="$_pids $!"
		echo $! >> "$BG"
		_db=$(dbfor $((N + i)))
		(
			while [ ! -e "$W/go" ]; do sleep 0.02; done
			_rc=0 r=1
			while [ $r -le $ROUNDS ]; do
				"$AF_BIN" --db "$_db" export supplies >"$W/rd$i.$r.csv" 2>>"$W/rd$i.err" || _rc=$?
				"$AF_BIN" --db "$_db" whoami >/dev/null 2>>"$W/rd$i.err" || _rc=$?
				"$AF_BIN" --db "$_db" doctor >"$W/rd$i.$r.doctor" 2>>"$W/rd$i.err" || _rc=$?
				r=$((r + 1))
			done
			echo $_rc > "$W/rd$i.rc"
		) &
		_pids="$_pids $!"
		echo $! >> "$BG"
		i=$((i + 1))
	done
	_start=$(now)
	touch "$W/go"
	for _p in $_pids; do wait "$_p"; done
	_end=$(now)
	_last=$(cat "$W"/imp*.end 2>/dev/null | sort -n | tail -1)
	echo "# $_name: $N importers done in $(secs "$_start" "${_last:-$_start}") s;" \
		"with $N readers x $((ROUNDS * 3)) commands, all done in $(secs "$_start" "$_end") s"

	_bad=""
	for f in "$W"/imp*.rc; do [ "$(cat "$f")" = 0 ] || _bad="$_bad $(basename "$f" .rc)=$(cat "$f")"; done
	is "$_name: all $N importers exited 0" "$(ls "$W"/imp*.rc | wc -l) ${_bad:-none failed}" "$N none failed"
	_bad=""
	for f in "$W"/rd*.rc; do [ "$(cat "$f")" = 0 ] || _bad="$_bad $(basename "$f" .rc)=$(cat "$f")"; done
	is "$_name: all $N readers exited 0" "$(ls "$W"/rd*.rc | wc -l) ${_bad:-none failed}" "$N none failed"
	is "$_name: no process wrote anything on stderr" "$(cat "$W"/*.err)" ""
	is "$_name: every import landed: $_base + $N x $K supplies" \
		"$(sqlite3 "$_real" 'SELECT count(*) FROM supplies')" $((_base + N * K))
	is "$_name: each importer's $K rows are all there" \
		"$(sqlite3 "$_real" "SELECT count(*) FROM (SELECT 1 FROM supplies WHERE sku LIKE 'CC%'
			GROUP BY location HAVING count(*) = $K)")" $N
	# Each export ran while imports were landing: it must see whole imports only.
	_seen=$(for f in "$W"/rd*.csv; do echo $(($(wc -l < "$f") - 1)); done | sort -n | uniq | tr '\n' ' ')
	_odd=$(for n in $_seen; do
		[ $n -ge $_base ] && [ $n -le $((_base + N * K)) ] && [ $(((n - _base) % K)) = 0 ] || echo $n
	done)
	is "$_name: readers saw only whole imports (rows seen: $_seen)" "$_odd" ""
	is "$_name: integrity_check" "$(sqlite3 "$_real" 'PRAGMA integrity_check')" ok
	is "$_name: foreign_key_check is empty" "$(sqlite3 "$_real" 'PRAGMA foreign_key_check')" ""
	is "$_name: one audit row per import" "$(sqlite3 "$_real" 'SELECT count(*) FROM audit')" $((_abase + N))
	out=$("$AF_BIN" --db "$_real" audit verify 2>&1); s=$?
	is "$_name: audit verify exits 0" "$s" 0
	like "$_name: audit chain intact" "$out" "^audit: $((_abase + N)) rows, chain intact$"
	is "$_name: no journal left behind" "$(ls "$_real"-journal 2>/dev/null)" ""
}

# 1. Local disk: every process on $DB.
ok "init --demo" af_init
dbfor() { echo "$DB"; }
storm local "$DB"

# 2. Through bindfs with lock forwarding and no caching. Each process gets
# a mount of its own, as a host of its own: bindfs forwards every lock with
# fcntl from its own single process, so processes sharing one forwarding
# mount share one lock owner and do not exclude each other (two lock probes
# through one such mount report the locks NOT shared). Two mounts with half
# the processes each would be testing that bindfs artefact, not adminflow.
SHARE="$TMP/share"
mkdir -p "$SHARE"
why=$(fuse_missing)
if [ -z "$why" ]; then
	_start=$(now)
	why=$(mount_hosts "$SHARE" $((2 * N)))
	[ -z "$why" ] && echo "# $((2 * N)) bindfs mounts made in $(secs "$_start" "$(now)") s"
fi
if [ -n "$why" ]; then
	skip "the test through bindfs mounts: $why"
else
	out=$("$AF_BIN" --db "$TMP/h1/af.db" init --demo 2>&1)
	like "init --demo through a mount" "$out" "journal delete on fuse[.a-z0-9]* \(network\)$"
	# Each mount proven to carry locks, as adminflow(1) asks of every host.
	is "every mount passes the lock probe" "$(prove_mounts "$SHARE" $(seq -f "$TMP/h%g" 1 $((2 * N))))" ""
	dbfor() { echo "$TMP/h$1/af.db"; }
	storm mounts "$SHARE/af.db"
fi
done_testing
