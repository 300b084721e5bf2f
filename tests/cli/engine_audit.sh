#!/bin/sh
# The audit chain: every action writes a row hash-chained to the one before;
# an edit made with the sqlite3 command behind the program's back is found
# by `adminflow audit verify` (exit 1, naming the row), and so are rows cut
# from the end, which leave no broken link: the chain's head (row count and
# last hash) is kept beside it, updated in the same transaction.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

n=$(as zhangsan submit expense lines=travel,6000 purpose=audit)
as lisi approve "$n" -m 同意 >/dev/null
as heqing return "$n" --to head -m 再看 >/dev/null
as lisi approve "$n" >/dev/null
as songjia approve "$n" >/dev/null
as chenzong comment "$n" -m 看过 >/dev/null
as chenzong approve "$n" >/dev/null
m=$(as zhangsan submit expense lines=office,10 purpose=second)
as zhangsan urge "$m" >/dev/null
as zhangsan withdraw "$m" >/dev/null

rows=$(q "SELECT count(*) FROM audit")
for what in submit approve return comment urge withdraw done; do
	is "an audit row for $what" "$(q "SELECT count(*) > 0 FROM audit WHERE action = '$what' AND object IN ('$n', '$m')")" 1
done
is "the head holds the row count" "$(q "SELECT value FROM counters WHERE name = 'audit.rows'")" "$rows"
out=$(af audit verify); s=$?
is "intact: exit 0" "$s" 0
is "intact: says how many rows" "$out" "audit: $rows rows, chain intact"
ok "the admin manager may verify" as wangwu audit verify
status_is "an employee may not" 4 as zhangsan audit verify
status_is "verify what? usage" 2 af audit

# (--as is itself audited: count the rows now.)
rows=$(q "SELECT count(*) FROM audit")
cp "$DB" "$TMP/good.db"
restore() { cp "$TMP/good.db" "$DB"; }

# bad DESC SQL PATTERN: after SQL, verify exits 1 and its message matches.
bad() {
	restore
	sqlite3 "$DB" "$2"
	_o=$(af audit verify 2>&1); _st=$?
	is "$1: exit 1" "$_st" 1
	like "$1: named" "$_o" "$3"
}

bad "a detail edited in row 5" "UPDATE audit SET detail = 'x' WHERE id = 5" \
	"^adminflow: audit: row 5 does not match its hash chain \(changed behind the program's back\)$"
bad "an actor edited in row 9" "UPDATE audit SET actor = 'someone' WHERE id = 9" "^adminflow: audit: row 9 does not match"
bad "a time edited in the last row" "UPDATE audit SET at = '2020-01-01 00:00:00' WHERE id = $rows" \
	"^adminflow: audit: row $rows does not match"
bad "a middle row deleted" "DELETE FROM audit WHERE id = 7" "^adminflow: audit: row 8 does not match"
bad "the last row deleted" "DELETE FROM audit WHERE id = $rows" \
	"^adminflow: audit: the chain has $((rows - 1)) rows but the program wrote $rows: rows after row $((rows - 1)) were removed behind the program's back$"
bad "the last three rows deleted" "DELETE FROM audit WHERE id > $((rows - 3))" \
	"^adminflow: audit: the chain has $((rows - 3)) rows but the program wrote $rows: rows after row $((rows - 3)) were removed"
bad "every row deleted" "DELETE FROM audit" "^adminflow: audit: the chain has 0 rows but the program wrote $rows"
bad "the last row deleted and the count set back" \
	"DELETE FROM audit WHERE id = $rows; UPDATE counters SET value = value - 1 WHERE name = 'audit.rows'" \
	"^adminflow: audit: row $((rows - 1)) is not the last row the program wrote"
bad "a row appended by hand" \
	"INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash) SELECT id + 1, at, actor, action, object, detail, hash, hash FROM audit WHERE id = $rows" \
	"^adminflow: audit: row $((rows + 1)) does not match"
bad "the head record removed" "DELETE FROM counters WHERE name LIKE 'audit.%'" \
	"^adminflow: audit: the chain's head record .* is missing"

# The program itself keeps the head right: more actions, still intact.
restore
as chenzong comment "$n" -m 再次确认 >/dev/null
ok "after more actions the chain still verifies" af audit verify
is "the head moved with it" "$(q "SELECT value FROM counters WHERE name = 'audit.rows'")" "$(q "SELECT count(*) FROM audit")"
# A refused action writes no audit row.
r=$(q "SELECT count(*) FROM audit")
as yejun approve "$n" 2>/dev/null
is "a refused action (by someone not allowed to see it) adds no row but its --as" \
	"$(q "SELECT count(*) FROM audit WHERE id > $r AND action <> 'as'")" 0

done_testing
