#!/bin/sh
# Every branch of db_transact, driven by a share that fails on purpose.
# tests/adminflow-faultvfs is the program with a fault-injecting VFS in front
# of SQLite's unix VFS (tests/unit/faultvfs.c): ADMINFLOW_TEST_VFS names the
# calls that fail, and its log says which did and when the file was opened.
#   BUSY/LOCKED             capped, jittered back-off, same connection
#   IOERR/CANTOPEN/PROTOCOL outcome unknown: roll back, reopen, look the
#                           idempotency key up again, retry: never a double
#   CORRUPT/NOTADB          stop at once, and write nothing more
#   past the retry limit    exit 6, the input kept; a later retry lands once
# A submission or approval is the run's first write transaction (txn 1;
# the audit row of --as goes in with it), its retry txn 2, and so on.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
FV=$(cd "$top_builddir" && pwd)/tests/adminflow-faultvfs
[ -x "$FV" ] || skip_all "tests/adminflow-faultvfs is not built"
af_init

# Short waits, a few retries: the give-up cases end in about a second.
CONF="$TMP/fast.conf"
printf 'busy_timeout = 100;\nbusy_retries = 3;\n' > "$CONF"
OUTBOX="$HOME/.local/state/adminflow/outbox"
LOG="$TMP/vfs.log"

# fv RULES ARGS...: the fault-injecting program with RULES, a fresh log.
fv() {
	_rules=$1; shift
	rm -f "$LOG"
	ADMINFLOW_TEST_VFS="$_rules" ADMINFLOW_TEST_VFS_LOG="$LOG" "$FV" --config "$CONF" --db "$DB" "$@"
}
opens() { grep -c '^[0-9]* open main ' "$LOG"; }
fires() { grep -c ' fire ' "$LOG"; }
txns() { grep -c '^[0-9]* txn ' "$LOG"; }
outbox_files() { ls "$OUTBOX" 2>/dev/null | grep -c '\.sub$'; }
count_key() { q "SELECT count(*) FROM requests WHERE idem_key = '$1'"; }
sound() { [ "$(sqlite3 "$DB" 'PRAGMA integrity_check; PRAGMA foreign_key_check')" = ok ]; }

# The shim itself: off without the variable, on with it, refused when asked
# for nonsense, and silent in the log for a rule that only watches.
ok "the test program works without ADMINFLOW_TEST_VFS" "$FV" --db "$DB" whoami
out=$(fv "write:main:1:0:log" --as zhangsan whoami 2>&1); s=$?
is "a watching rule changes nothing" "$s" 0
like "the log names the database opened" "$(cat "$LOG")" "^[0-9]+ open main $DB$"
is "whoami under --as (root's): a read, no write transaction, no audit row" \
	"$(txns) $(q "SELECT count(*) FROM audit WHERE action = 'as'")" "0 0"
status_is "a malformed rule stops the test program" 70 env ADMINFLOW_TEST_VFS="write:main" "$FV" --db "$DB" whoami
is "nothing was submitted by them" "$(q 'SELECT count(*) FROM requests')" 0

# --- IOERR, CANTOPEN, PROTOCOL: reopen, look the key up, exactly once -------
as zhangsan submit --key plain-submission-0 express recipient=样 phone=139 address=上海 weight=1 >/dev/null
SHAPE=$(shape plain-submission-0)
# ambiguous NAME RULES: a submission under RULES succeeds exactly once, after
# the fault fired and the database was opened again.
k=0
ambiguous() {
	k=$((k + 1))
	_key="fault-key-$k"
	_before=$(q 'SELECT count(*) FROM requests')
	out=$(fv "$2" --as zhangsan submit --key "$_key" express recipient="收件人$k" phone=139 \
		address=上海 weight=$k 2>"$TMP/err"); s=$?
	is "$1: exit 0, nothing on stderr" "$s: $(cat "$TMP/err")" "0: "
	like "$1: the fault fired" "$(cat "$LOG")" " fire "
	is "$1: the database was opened again" "$(opens)" 2
	like "$1: one number printed" "$out" "^KD-20261128-[0-9]{4}$"
	is "$1: exactly one request with the key, the one printed" \
		"$(q "SELECT count(*) || ' ' || number FROM requests WHERE idem_key = '$_key'")" "1 $out"
	is "$1: one request more in all" "$(q 'SELECT count(*) FROM requests')" $((_before + 1))
	is "$1: whole: as many steps, tasks, actions, notices as a plain one" "$(shape "$_key")" "$SHAPE"
	is "$1: the outbox is empty" "$(outbox_files)" 0
	ok "$1: integrity and foreign keys ok" sound
}
ambiguous "write of the database fails at commit" "write:main:1:1:ioerr:1"
ambiguous "a later write of the database fails" "write:main:3:1:ioerr:1"
ambiguous "sync of the database fails" "sync:main:1:1:ioerr:1"
ambiguous "write of the journal fails" "write:journal:1:1:ioerr:1"
ambiguous "sync of the journal fails" "sync:journal:1:1:ioerr:1"
ambiguous "the journal cannot be deleted (not committed)" "delete:journal:1:1:ioerr:1"
ambiguous "the journal deleted, then an error (committed, reported failed)" "delete:journal:1:1:after:1"
ambiguous "the database synced, then an error (committed, reported failed)" "sync:main:1:1:after:1"
ambiguous "the journal cannot be opened" "open:journal:1:1:cantopen:1"
ambiguous "reading inside the transaction fails" "read:main:1:1:ioerr:1"
ambiguous "the write lock answers PROTOCOL" "lock-reserved:main:1:1:protocol:1"
ambiguous "the exclusive lock fails with an I/O error" "lock-exclusive:main:1:1:ioerr:1"

# The first attempt committed but was reported failed; the retry's lookup
# of the key then fails too. A failed lookup is never taken for "not
# there": that attempt is retried as well, and finds the first one.
k=$((k + 1))
out=$(fv "delete:journal:1:1:after:1;read:main:1:1:ioerr:2" --as zhangsan submit --key "fault-key-$k" \
	express recipient=甲 phone=1 address=乙 weight=1 2>"$TMP/err"); s=$?
is "a failed lookup after an unseen commit: exit 0" "$s: $(cat "$TMP/err")" "0: "
is "both faults fired" "$(fires)" 2
is "three attempts, and the third found the first" "$(txns) $(count_key "fault-key-$k")" "3 1"
is "the number printed is the first attempt's" "$out" "$(q "SELECT number FROM requests WHERE idem_key = 'fault-key-$k'")"
is "one submit action" "$(q "SELECT count(*) FROM actions a JOIN requests r ON r.id = a.request_id
	WHERE r.idem_key = 'fault-key-$k' AND a.action = 'submit'")" 1

# The commit landed and SQLite said so: that is the confirmation, and no
# fresh read goes to the share for it (a round trip saved). Every shared
# lock after the write began would fail, and none is asked for: exit 0,
# the number, the outbox empty, one request.
k=$((k + 1))
out=$(fv "lock-shared:main:1:0:ioerr:1" --as zhangsan submit --key "fault-key-$k" \
	express recipient=乙 phone=1 address=丙 weight=1 2>"$TMP/err"); s=$?
is "a commit SQLite confirmed: exit 0, nothing on stderr" "$s: $(cat "$TMP/err")" "0: "
is "no read after the commit: the failing shared lock never fired" "$(fires)" 0
is "one request, the one printed; the outbox empty" \
	"$(q "SELECT count(*) || ' ' || number FROM requests WHERE idem_key = 'fault-key-$k'") $(outbox_files)" "1 $out 0"
is "outbox retry has nothing to send" "$("$AF_BIN" --db "$DB" --as zhangsan outbox retry 2>&1)" "$(printf 'key\tnumber')"

# The reopen itself fails twice, then works.
k=$((k + 1))
out=$(fv "write:main:1:1:ioerr:1;open:main:2:2:cantopen" --as zhangsan submit --key "fault-key-$k" \
	express recipient=丙 phone=1 address=丁 weight=1 2>"$TMP/err"); s=$?
is "the reopen fails twice, then the retry lands: exit 0" "$s: $(cat "$TMP/err")" "0: "
is "four opens: the first, two refused, one that worked" "$(opens)" 4
is "one request" "$(count_key "fault-key-$k")" 1

# An approval is retried the same way: one approve action, the request done.
n=$(as zhangsan submit express recipient=戊 phone=1 address=己 weight=1)
out=$(fv "delete:journal:1:1:after:1" --as liuyang approve "$n" 2>&1); s=$?
is "an approval committed but reported failed: exit 0" "$s: $out" "0: "
is "one approve action, the request done" "$(q "SELECT count(*) FROM actions a JOIN requests r ON r.id = a.request_id
	WHERE r.number = '$n' AND a.action = 'approve'") $(state_of "$n")" "1 done"
n=$(as zhangsan submit express recipient=庚 phone=1 address=辛 weight=1)
out=$(fv "write:main:1:1:ioerr:1" --as liuyang approve "$n" -m 好 2>&1); s=$?
is "an approval whose write failed: exit 0" "$s: $out" "0: "
is "one approve action with its opinion" "$(q "SELECT count(*) || ' ' || max(opinion) FROM actions a
	JOIN requests r ON r.id = a.request_id WHERE r.number = '$n' AND a.action = 'approve'")" "1 好"

# An import: all or nothing, once.
printf 'sku,name,unit,on_hand,reorder_level,location\nFV-1,故障测试,box,5,1,A\nFV-2,故障测试二,box,6,1,A\n' > "$TMP/fv.csv"
out=$(fv "sync:journal:1:1:ioerr:1" import supplies "$TMP/fv.csv" 2>&1); s=$?
is "an import whose journal sync failed: exit 0" "$s: $out" "0: "
is "both rows in, once" "$(q "SELECT count(*) FROM supplies WHERE sku LIKE 'FV-%'")" 2
is "one audit row for it" "$(q "SELECT count(*) FROM audit WHERE action = 'import' AND detail LIKE '%fv.csv%'")" 1

# --- BUSY: back-off on the same connection, no reopen -----------------------
k=$((k + 1))
t0=$(date +%s%N)
out=$(fv "lock-reserved:main:1:5:busy:1" --as zhangsan submit --key "fault-key-$k" \
	express recipient=壬 phone=1 address=癸 weight=1 2>"$TMP/err"); s=$?
t1=$(date +%s%N)
is "busy five times, then free: exit 0" "$s: $(cat "$TMP/err")" "0: "
is "the fault fired five times" "$(fires)" 5
is "no reopen for busy" "$(opens)" 1
is "one request" "$(count_key "fault-key-$k")" 1
echo "# five busy answers cost $(( (t1 - t0) / 1000000 )) ms of back-off and start-up"

# The commit's exclusive lock busy for longer than busy_timeout: the whole
# transaction is rolled back and tried again, without a reopen.
k=$((k + 1))
out=$(fv "lock-exclusive:main:1:0:busy:1" --as zhangsan submit --key "fault-key-$k" \
	express recipient=子 phone=1 address=丑 weight=1 2>"$TMP/err"); s=$?
is "busy at commit for a whole attempt: exit 0" "$s: $(cat "$TMP/err")" "0: "
is "two attempts, one connection" "$(txns) $(opens)" "2 1"
is "one request" "$(count_key "fault-key-$k")" 1

# --- past the retry limit: exit 6, input kept, a later retry lands once ----
# gave_up NAME RULES PATTERN TXNS: the submission exits 6 with one line
# matching PATTERN that says where the input is kept, after TXNS write
# transactions in the log; nothing reached the database; outbox retry with
# the share healthy submits it once.
gave_up() {
	k=$((k + 1))
	_key="fault-key-$k"
	_before=$(dump)
	out=$(fv "$2" --as zhangsan submit --key "$_key" express recipient=寅 phone=1 address=卯 weight=2 \
		2>"$TMP/err"); s=$?
	is "$1: exit 6" "$s" 6
	is "$1: nothing on stdout" "$out" ""
	is "$1: one line on stderr" "$(wc -l < "$TMP/err")" 1
	like "$1: it says why and where the input is" "$(cat "$TMP/err")" \
		"^adminflow: $3; your input is kept in $OUTBOX/$_key\.sub \(adminflow outbox retry\)$"
	is "$1: $4 write transactions in the log" "$(txns)" "$4"
	unchanged "$1: nothing reached the database" "$_before"
	is "$1: the input is in the outbox" "$(outbox_files)" 1
	out=$("$AF_BIN" --db "$DB" --as zhangsan outbox retry 2>&1); s=$?
	like "$1: outbox retry, the share healthy: submitted" "$s: $out" "^0: key	number
$_key	KD-"
	"$AF_BIN" --db "$DB" --as zhangsan outbox retry >/dev/null 2>&1
	is "$1: retried twice, one request" "$(count_key "$_key") $(outbox_files)" "1 0"
}
# (A write lock refused is asked for again in the same transaction: 1.)
gave_up "always busy" "lock-reserved:main:1:0:busy:1" \
	"$DB: database busy \(locked by another process\) after 4 attempts; nothing was written" 1
gave_up "always an I/O error" "write:journal:1:0:ioerr:1+" \
	"$DB: database unavailable \(disk I/O error\) after 4 attempts" 4
gave_up "the journal never opens" "open:journal:1:0:cantopen:1+" \
	"$DB: database unavailable \(unable to open database file\) after 4 attempts" 4

# The database cannot be opened again at all after the first failure.
k=$((k + 1))
out=$(fv "write:main:1:0:ioerr:1;open:main:2:0:cantopen" --as zhangsan submit --key "fault-key-$k" \
	express recipient=辰 phone=1 address=巳 weight=3 2>&1); s=$?
is "the share gone for good after a failed write: exit 6" "$s" 6
like "it says it gave up, and where the input is" "$out" \
	"^adminflow: $DB: cannot open: unable to open database file; gave up after 4 attempts; your input is kept in "
is "nothing reached the database" "$(count_key "fault-key-$k")" 0
"$AF_BIN" --db "$DB" --as zhangsan outbox retry >/dev/null 2>&1
is "a later retry lands it once" "$(count_key "fault-key-$k") $(outbox_files)" "1 0"

# --- CORRUPT and NOTADB: stop at once, write nothing more -------------------
for code in corrupt notadb; do
	k=$((k + 1))
	_before=$(dump)
	out=$(fv "read:main:1:0:$code:1" --as zhangsan submit --key "fault-key-$k" \
		express recipient=午 phone=1 address=未 weight=4 2>"$TMP/err"); s=$?
	is "$code: exit 1" "$s" 1
	like "$code: a clear message, the input kept" "$(cat "$TMP/err")" \
		"^adminflow: $DB: database file is damaged \(.+\); writing stopped: run adminflow doctor, and restore the file from a backup; your input is kept in $OUTBOX/fault-key-$k\.sub "
	is "$code: no retry, no reopen" "$(txns) $(opens)" "1 1"
	unchanged "$code: nothing changed" "$_before"
	"$AF_BIN" --db "$DB" --as zhangsan outbox drop "fault-key-$k"
done

# A batch approval stops writing at the first sign of damage: the requests
# after it are not even tried.
n1=$(as zhangsan submit express recipient=申 phone=1 address=酉 weight=1)
n2=$(as zhangsan submit express recipient=戌 phone=1 address=亥 weight=1)
_before=$(dump)
out=$(fv "read:main:1:0:corrupt:1" --as liuyang approve "$n1" "$n2" 2>&1); s=$?
is "batch approval on a damaged file: exit 1" "$s" 1
is "only the first was tried" "$(txns)" 1
like "the second says writing stopped" "$out" "^adminflow: $DB: database file is damaged .*writing stopped"
unchanged "neither was approved" "$_before"

# A file garbled on the way in is reported as damaged, not as an I/O error.
out=$(fv "read:main:1:0:garble" --as zhangsan whoami 2>&1); s=$?
like "a garbled first page: not a database" "$s: $out" "^[16]: adminflow: .*(not a database|damaged|malformed)"

ok "the audit chain holds after all of it" af audit verify
ok "integrity and foreign keys ok at the end" sound
is "no journal left behind" "$(ls "$DB"-journal 2>/dev/null)" ""
done_testing
