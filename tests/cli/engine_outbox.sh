#!/bin/sh
# The local outbox: submit saves the input (with its idempotency key) in a
# file before it touches the database and removes it once a fresh read finds
# the key. A process killed at any point loses nothing: `outbox list` offers
# what is left and `outbox retry` submits it exactly once.
# ADMINFLOW_TEST_CRASH kills the submission at a chosen point.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

OUTBOX="$HOME/.local/state/adminflow/outbox"
files() { ls "$OUTBOX" 2>/dev/null | grep -c '\.sub$'; }
count_key() { q "SELECT count(*) FROM requests WHERE idem_key = '$1'"; }

# A plain submission leaves nothing behind.
n=$(as zhangsan submit express recipient=王先生 phone=13900000000 address=北京 weight=300)
like "submitted" "$n" "^KD-20261128-0001$"
is "the outbox is empty once confirmed" "$(files)" 0

# Killed right after the outbox write: the database was never touched.
ADMINFLOW_TEST_CRASH=after-outbox as zhangsan submit --key crash-outbox-1 express \
	recipient='李女士\二楼' phone=13900000001 address=广州 weight=400 >/dev/null 2>&1; s=$?
is "killed after the outbox write" "$s" 137
is "the input is in the outbox" "$(files)" 1
is "the database has nothing of it" "$(count_key crash-outbox-1)" 0
like "the file holds the form, key, login and fields" "$(cat "$OUTBOX/crash-outbox-1.sub")" \
	"^form	express$"
like "a backslash in a value is kept escaped" "$(cat "$OUTBOX/crash-outbox-1.sub")" '^field	recipient	李女士\\\\二楼$'

# Killed just before the commit: the transaction never lands.
ADMINFLOW_TEST_CRASH=before-commit as zhangsan submit --key crash-commit-2 express \
	recipient=赵先生 phone=13900000002 address=深圳 weight=500 >/dev/null 2>&1; s=$?
is "killed before the commit" "$s" 137
is "nothing of it in the database" "$(count_key crash-commit-2)" 0
ok "the database is sound after the kill" sqlite3 "$DB" "PRAGMA integrity_check"

# Killed after the commit, before the outbox file was removed.
ADMINFLOW_TEST_CRASH=after-commit as zhangsan submit --key crash-after-3 express \
	recipient=钱先生 phone=13900000003 address=杭州 weight=600 >/dev/null 2>&1; s=$?
is "killed after the commit" "$s" 137
is "that one did reach the database" "$(count_key crash-after-3)" 1
first=$(q "SELECT number FROM requests WHERE idem_key = 'crash-after-3'")
is "three left in the outbox" "$(files)" 3

list=$(as zhangsan outbox list)
is "outbox list: header" "$(echo "$list" | head -1)" "$(printf 'key\tform\tfields\tfile\tstate')"
is "outbox list offers all three" "$(echo "$list" | awk -F'\t' 'NR > 1 { print $1 }' | sort | tr '\n' ' ')" \
	"crash-after-3 crash-commit-2 crash-outbox-1 "
like "with form, field count and file" "$list" "^crash-commit-2	express	4	$OUTBOX/crash-commit-2.sub	saved$"
is "someone else's outbox list is empty" "$(as lisi outbox list | wc -l)" 1

total=$(q "SELECT count(*) FROM requests")
out=$(as zhangsan outbox retry); s=$?
is "outbox retry exits 0" "$s" 0
is "retry: every entry got a number" "$(echo "$out" | awk -F'\t' 'NR > 1 { print $1 }' | sort | tr '\n' ' ')" \
	"crash-after-3 crash-commit-2 crash-outbox-1 "
like "retry: the one already in finds its first number" "$out" "^crash-after-3	$first$"
is "retry: two new requests, not three" "$(q "SELECT count(*) FROM requests")" $((total + 2))
is "retry: one request per key" "$(count_key crash-outbox-1) $(count_key crash-commit-2) $(count_key crash-after-3)" "1 1 1"
is "retry: the outbox is empty" "$(files)" 0
is "retry: the values came through" "$(show_key "$(q "SELECT number FROM requests WHERE idem_key = 'crash-outbox-1'")" field.recipient zhangsan)" \
	'李女士\二楼'
out=$(as zhangsan outbox retry)
is "retry again: nothing to do" "$out" "$(printf 'key\tnumber')"
is "retry again: still one request per key" "$(q "SELECT count(*) FROM requests")" $((total + 2))

# The key itself: the same --key twice is one request.
a=$(as zhangsan submit --key same-key-4 express recipient=孙 phone=1 address=x weight=1)
b=$(as zhangsan submit --key same-key-4 express recipient=孙 phone=1 address=x weight=1)
is "the same key twice: the same number" "$b" "$a"
is "and one request" "$(count_key same-key-4)" 1
refused "the same key for another form: conflict" 5 as zhangsan submit --key same-key-4 expense lines=meals,1 purpose=x
refused "the same key by someone else: conflict" 5 as lisi submit --key same-key-4 express recipient=孙 phone=1 address=x weight=1
status_is "a key too short is refused" 3 as zhangsan submit --key short express recipient=孙 phone=1 address=x weight=1

# A submission refused for good is not kept: there is nothing to retry.
status_is "an invalid submission exits 3" 3 as zhangsan submit express recipient=孙 phone=1 address=x weight=0
is "and leaves no outbox file" "$(files)" 0

# An entry that can never go in can be dropped.
ADMINFLOW_TEST_CRASH=after-outbox as zhangsan submit --key drop-me-0005 express \
	recipient=x phone=1 address=y weight=2 >/dev/null 2>&1
sed -i 's/^field	weight	2$/field	weight	0/' "$OUTBOX/drop-me-0005.sub"
status_is "retry of an entry the form refuses: exit 3" 3 as zhangsan outbox retry
like "it says which and why" "$(as zhangsan outbox retry 2>&1)" "^adminflow: outbox: drop-me-0005: field weight: 0 is below the minimum 1$"
is "and keeps it" "$(files)" 1
status_is "drop of an unknown key: exit 3" 3 as zhangsan outbox drop nosuchkey
ok "drop it" as zhangsan outbox drop drop-me-0005
is "gone" "$(files)" 0
status_is "outbox with a bad verb is a usage error" 2 as zhangsan outbox send

# The share goes away in the middle: the submission stops right after its
# outbox write (stop-after-outbox), the database's folder is moved away,
# then it goes on and fails; the input is kept. With the share back, retry
# submits it, and a second retry finds nothing more to do.
mkdir "$TMP/share"
cp "$DB" "$TMP/share/af.db"
SDB="$TMP/share/af.db"
ADMINFLOW_TEST_CRASH=stop-after-outbox "$AF_BIN" --db "$SDB" --as zhangsan submit express --key share-gone-6 \
	recipient=周 phone=1 address=z weight=3 > "$TMP/out" 2> "$TMP/err" &
pid=$!
i=0
while [ $i -lt 100 ]; do
	case $(ps -o stat= -p $pid) in T*) break ;; esac
	sleep 0.05; i=$((i + 1))
done
mv "$TMP/share" "$TMP/share.gone"
kill -CONT $pid
wait $pid; s=$?
mv "$TMP/share.gone" "$TMP/share"
[ "$s" != 0 ]; _result $? "the share gone: the submission fails (exit $s)"
like "and says the input is kept" "$(cat "$TMP/err")" \
	"^adminflow: .*; your input is kept in $OUTBOX/share-gone-6.sub \(adminflow outbox retry\)$"
is "nothing printed for a number" "$(cat "$TMP/out")" ""
is "nothing reached the database" "$(sqlite3 "$SDB" "SELECT count(*) FROM requests WHERE idem_key = 'share-gone-6'")" 0
like "outbox list offers it" "$("$AF_BIN" --db "$SDB" --as zhangsan outbox list)" "^share-gone-6	express	4	"
like "retry with the share back submits it" "$("$AF_BIN" --db "$SDB" --as zhangsan outbox retry)" "^share-gone-6	KD-"
"$AF_BIN" --db "$SDB" --as zhangsan outbox retry >/dev/null
is "twice retried, one request" "$(sqlite3 "$SDB" "SELECT count(*) FROM requests WHERE idem_key = 'share-gone-6'")" 1
is "the outbox is empty again" "$(files)" 0

# An unreachable database: nothing is written anywhere, exit 6.
status_is "a database that is not there: exit 6" 6 "$AF_BIN" --db "$TMP/gone/af.db" --as zhangsan submit express \
	recipient=x phone=1 address=y weight=2
is "and no outbox file for a submission that never started" "$(files)" 0

done_testing
