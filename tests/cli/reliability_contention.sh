#!/bin/sh
# The seed's "100 people submitting reimbursements at the same time",
# twenty-fold: WRITERS processes each submit SUBMITS requests one after the
# other, all started together, while READERS processes read (show, a
# report, an export, whoami, now and then doctor) and the three admin staff
# approve in batches, each taking a third of the requests. Every request
# must be there exactly once and whole, every approval exactly once, no
# process may print an error or exit other than 0, the file must be sound.
#
# Then a smaller storm through bindfs mounts, one per process, as hosts on a
# share where every lock is a round trip: there readers used to starve
# writers (taking a SHARED lock briefly read-locks the PENDING byte that a
# committing writer must lock exclusively); db.c now has readers wait while
# a writer is inside its transaction.
#
# Larger runs by hand (the 1,000-process run belongs in a benchmark):
#   AF_WRITERS=1000 AF_SUBMITS=2 make check TESTS=tests/cli/reliability_contention.sh
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

APPROVERS="liuyang huangmin xulei" # the admin staff: express's one step
. "$srcdir/tests/lib_share.sh"

af_init
# Writers act as the employees other than the approvers, in turn.
q "SELECT login FROM employees WHERE login NOT IN ('liuyang', 'huangmin', 'xulei')
	AND active ORDER BY id" > "$TMP/logins"
NLOGINS=$(wc -l < "$TMP/logins")
login_of() { sed -n "$(( ($1 - 1) % NLOGINS + 1 ))p" "$TMP/logins"; }

# writer I: SUBMITS submissions with keys PFX-I-J, on the database
# "$(dbfor I)"; "KEY NUMBER" lines to w.I.out, every failure to w.I.err.
writer() {
	_i=$1 _who=$(login_of "$1") _j=1 _db=$(dbfor "$1") _max=0
	while [ ! -e "$W/go" ]; do sleep 0.01; done
	while [ $_j -le $SUBMITS ]; do
		_t0=$(date +%s%N)
		_n=$("$AF_BIN" --db "$_db" --as "$_who" submit --key "$PFX-$_i-$_j" express \
			recipient="收件人$_i-$_j" phone=1380000$_j address="上海市$_i号" weight=$_j 2>>"$W/w.$_i.err")
		_s=$?
		_t=$(( ($(date +%s%N) - _t0) / 1000000 ))
		[ $_t -gt $_max ] && _max=$_t && echo $_max > "$W/w.$_i.max"
		[ $_s = 0 ] || echo "exit $_s on $PFX-$_i-$_j" >> "$W/w.$_i.err"
		echo "$PFX-$_i-$_j $_n" >> "$W/w.$_i.out"
		_j=$((_j + 1))
	done
}

# reader I: reads until the writers are done: a request some writer was
# just given, a report, the supplies register, whoami, and now and then
# doctor (integrity_check: a long read). As root without --as, which is
# audited and so would write.
reader() {
	_i=$1 _r=0 _db=$(dbfor $((WRITERS + $1)))
	while [ ! -e "$W/go" ]; do sleep 0.01; done
	while [ ! -e "$W/writers-done" ]; do
		_last=$(tail -n 1 "$W/w.$(( (_r + _i) % WRITERS + 1 )).out" 2>/dev/null | cut -d' ' -f2)
		if [ -n "$_last" ]; then
			"$AF_BIN" --db "$_db" show "$_last" > /dev/null 2>>"$W/r.$_i.err" ||
				echo "exit $? on show $_last" >> "$W/r.$_i.err"
		fi
		"$AF_BIN" --db "$_db" report backlog > /dev/null 2>>"$W/r.$_i.err" ||
			echo "exit $? on report backlog" >> "$W/r.$_i.err"
		"$AF_BIN" --db "$_db" export supplies > /dev/null 2>>"$W/r.$_i.err" ||
			echo "exit $? on export supplies" >> "$W/r.$_i.err"
		"$AF_BIN" --db "$_db" whoami > /dev/null 2>>"$W/r.$_i.err" ||
			echo "exit $? on whoami" >> "$W/r.$_i.err"
		_r=$((_r + 4))
		if [ $((_r % 20)) = 0 ]; then
			"$AF_BIN" --db "$_db" doctor > "$W/r.$_i.doctor" 2>>"$W/r.$_i.err" ||
				echo "exit $? on doctor: $(grep FAIL "$W/r.$_i.doctor")" >> "$W/r.$_i.err"
			_r=$((_r + 1))
		fi
	done
	echo $_r > "$W/r.$_i.count"
}

# approver K LOGIN: while the writers run, approves up to ten pending
# requests whose sequence number is K modulo 3, then pauses a little.
approver() {
	_k=$1 _who=$2 _db=$(dbfor $((WRITERS + READERS + $1 + 1)))
	while [ ! -e "$W/go" ]; do sleep 0.01; done
	while [ ! -e "$W/writers-done" ]; do
		_mine=$("$AF_BIN" --db "$_db" --as "$_who" inbox 2>>"$W/a.$_k.err" |
			awk -F'\t' -v k="$_k" 'NR > 1 && $1 ~ /^KD-/ { split($1, p, "-"); if (p[3] % 3 == k) print $1 }' |
			head -10 | tr '\n' ' ')
		if [ -n "$_mine" ]; then
			# shellcheck disable=SC2086
			"$AF_BIN" --db "$_db" --as "$_who" approve $_mine -m 已收 >> "$W/a.$_k.out" 2>>"$W/a.$_k.err" ||
				echo "exit $? on approve $_mine" >> "$W/a.$_k.err"
		fi
		sleep 0.2
	done
}

# storm NAME PFX WRITERS SUBMITS READERS REAL_DB: the run and its checks,
# process p on "$(dbfor p)" (writers 1..WRITERS, then readers, then the
# approvers), the outcome read from REAL_DB, the file itself.
storm() {
	NAME=$1 PFX=$2 WRITERS=$3 SUBMITS=$4 READERS=$5 _real=$6
	W="$TMP/$NAME"
	mkdir -p "$W"
	_first=$(wc -l < "$BG")
	_abase=$(sqlite3 "$_real" "SELECT count(*) FROM audit WHERE action IN ('submit', 'approve')")
	i=1
	while [ $i -le $WRITERS ]; do
		writer $i &
		echo $! >> "$BG"
		i=$((i + 1))
	done
	i=1
	while [ $i -le $READERS ]; do
		reader $i &
		echo $! >> "$BG"
		i=$((i + 1))
	done
	_k=0
	for _who in $APPROVERS; do
		approver $_k "$_who" &
		echo $! >> "$BG"
		_k=$((_k + 1))
	done

	_start=$(now)
	touch "$W/go"
	# The writers are the first WRITERS jobs started: wait for them, then
	# tell the others.
	for _p in $(sed -n "$((_first + 1)),$((_first + WRITERS))p" "$BG"); do wait "$_p"; done
	_wend=$(now)
	touch "$W/writers-done"
	for _p in $(sed -n "$((_first + WRITERS + 1)),\$p" "$BG"); do wait "$_p"; done
	_end=$(now)
	_total=$((WRITERS * SUBMITS))
	_reads=$(cat "$W"/r.*.count 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
	_slowest=$(cat "$W"/w.*.max 2>/dev/null | sort -n | tail -1)
	_approved=$(sqlite3 "$_real" "SELECT count(*) FROM requests WHERE idem_key LIKE '$PFX-%' AND state = 'done'")
	echo "# $NAME: $WRITERS writers x $SUBMITS submissions = $_total in $(secs "$_start" "$_wend") s" \
		"($(awk -v n=$_total -v a="$_start" -v b="$_wend" 'BEGIN { printf "%.0f", n / (b - a) }')/s)," \
		"with $READERS readers ($_reads reads) and 3 approvers ($_approved approved);" \
		"all done in $(secs "$_start" "$_end") s; the slowest submission took ${_slowest:-?} ms"

	qr() { sqlite3 -cmd '.timeout 10000' "$_real" "$1"; }
	is "$NAME: no process printed an error" "$(cat "$W"/*.err 2>/dev/null | head -5)" ""
	is "$NAME: every submission printed its number" \
		"$(cat "$W"/w.*.out | awk 'NF == 2 && $2 ~ /^KD-20261128-[0-9]+$/' | wc -l | tr -d ' ')" $_total
	is "$NAME: every request is there, exactly once" \
		"$(qr "SELECT count(*) || ' ' || count(DISTINCT idem_key) FROM requests WHERE idem_key LIKE '$PFX-%'")" \
		"$_total $_total"
	is "$NAME: numbers are unique" \
		"$(qr "SELECT count(DISTINCT number) FROM requests WHERE idem_key LIKE '$PFX-%'")" $_total
	cat "$W"/w.*.out | sort > "$W/printed"
	qr "SELECT idem_key || ' ' || number FROM requests WHERE idem_key LIKE '$PFX-%'" | sort > "$W/stored"
	is "$NAME: the number each process printed is the one stored under its key" \
		"$(diff "$W/printed" "$W/stored" | head -5)" ""
	is "$NAME: each request has what it was submitted with" \
		"$(qr "SELECT count(*) FROM requests WHERE idem_key LIKE '$PFX-%'
			AND json_extract(data, '$.recipient') <> '收件人' || substr(idem_key, length('$PFX') + 2)")" 0
	is "$NAME: each request whole: one step, three tasks, its submit action" \
		"$(qr "SELECT count(*) FROM requests r WHERE idem_key LIKE '$PFX-%' AND NOT (
			(SELECT count(*) FROM steps WHERE request_id = r.id) = 1 AND
			(SELECT count(*) FROM tasks WHERE request_id = r.id) = 3 AND
			(SELECT count(*) FROM actions WHERE request_id = r.id AND action = 'submit') = 1)")" 0
	[ "$_approved" -gt 0 ]; _result $? "$NAME: the approvers got some done while the writers ran"
	is "$NAME: each approved request approved exactly once, its tasks closed" \
		"$(qr "SELECT count(*) FROM requests r WHERE idem_key LIKE '$PFX-%' AND state = 'done' AND
			(SELECT count(*) FROM actions WHERE request_id = r.id AND action = 'approve') = 1 AND
			(SELECT count(*) FROM tasks WHERE request_id = r.id AND state = 'pending') = 0")" "$_approved"
	is "$NAME: each other request still pending, its three tasks open" \
		"$(qr "SELECT count(*) FROM requests r WHERE idem_key LIKE '$PFX-%' AND state = 'pending' AND
			(SELECT count(*) FROM actions WHERE request_id = r.id AND action = 'approve') = 0 AND
			(SELECT count(*) FROM tasks WHERE request_id = r.id AND state = 'pending') = 3")" \
		$((_total - _approved))
	is "$NAME: one audit row per submission and per approval" \
		"$(qr "SELECT count(*) FROM audit WHERE action IN ('submit', 'approve')")" \
		$((_abase + _total + _approved))
	is "$NAME: integrity_check" "$(qr 'PRAGMA integrity_check')" ok
	is "$NAME: foreign_key_check is empty" "$(qr 'PRAGMA foreign_key_check')" ""
	out=$("$AF_BIN" --db "$_real" audit verify 2>&1); s=$?
	is "$NAME: the audit chain is intact" "$s: $out" "0: audit: $(qr 'SELECT count(*) FROM audit') rows, chain intact"
	is "$NAME: no journal left behind" "$(ls "$_real"-journal 2>/dev/null)" ""
	is "$NAME: every outbox file was confirmed and removed" \
		"$(ls "$HOME/.local/state/adminflow/outbox" 2>/dev/null | wc -l | tr -d ' ')" 0
}

# 1. Local disk.
dbfor() { echo "$DB"; }
storm local cont "${AF_WRITERS:-100}" "${AF_SUBMITS:-20}" "${AF_READERS:-10}" "$DB"

# 2. Through bindfs mounts with lock forwarding and no caching, one a
# process (tests/cli/concurrency.sh says why one each).
SHARE="$TMP/share"
FW=${AF_FUSE_WRITERS:-10} FS=${AF_FUSE_SUBMITS:-5} FR=${AF_FUSE_READERS:-8}
mkdir -p "$SHARE"
why=$(fuse_missing)
[ -z "$why" ] && why=$(mount_hosts "$SHARE" $((FW + FR + 3)))
if [ -n "$why" ]; then
	skip "the storm through bindfs mounts: $why"
else
	"$AF_BIN" --db "$SHARE/af.db" init --demo > /dev/null
	is "every mount passes the lock probe" "$(prove_mounts "$SHARE" $(seq -f "$TMP/h%g" 1 $((FW + FR + 3))))" ""
	dbfor() { echo "$TMP/h$1/af.db"; }
	storm mounts fuse "$FW" "$FS" "$FR" "$SHARE/af.db"
fi
done_testing
