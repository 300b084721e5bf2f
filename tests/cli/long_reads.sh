#!/bin/sh
# Long reads do not hold the file (issue 13). In a rollback journal a
# reader's lock keeps every writer from committing; a report or an export
# reads in slices of read_slice ms (db_slice), letting go of the lock
# between them and going on after the last row it wrote. The lock calls
# (counted by tests/latshim.so) show the slices; the output shows nothing
# lost or doubled at their seams.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
. "$srcdir/tests/lib_latency.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

why=$(shim_missing)
[ -z "$why" ] || skip_all "$why"
SHARE="$TMP/share"
mkdir -p "$SHARE"
DB="$SHARE/af.db"
af_init
# 100,000 audit rows: an export that takes a good many slices of 10 ms.
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
   INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash)
   SELECT (SELECT max(id) FROM audit) + i, '2026-11-27 08:00:00', 'bulk', 'test', 'row ' || i, '', 'p', 'h' FROM n"
printf 'read_slice = 10;\n' > "$TMP/slices.conf"
printf 'read_slice = 60000;\n' > "$TMP/whole.conf"

shimmed 0 "$SHARE" "$AF_BIN" --config "$TMP/whole.conf" --db "$DB" export audit -o "$TMP/whole.csv"
is "in one read: the export worked" "$?" 0
whole=$(shim_total locks)
shimmed 0 "$SHARE" "$AF_BIN" --config "$TMP/slices.conf" --db "$DB" export audit -o "$TMP/sliced.csv"
is "in slices: the export worked" "$?" 0
sliced=$(shim_total locks)
echo "# export audit of 100,000 rows: $whole lock calls in one read, $sliced in slices of 10 ms"
[ "$whole" -le 8 ]; _result $? "in one read: one read transaction ($whole lock calls)"
[ "$sliced" -ge $((whole + 8)) ]; _result $? "in slices: the lock let go and taken again ($sliced lock calls)"
is "in slices: the same rows, none lost or doubled at the seams" "$(cmp "$TMP/whole.csv" "$TMP/sliced.csv" 2>&1)" ""
is "in slices: every row there" "$(wc -l < "$TMP/sliced.csv" | tr -d ' ')" \
	"$(( $(q 'SELECT count(*) FROM audit') + 1 ))"

status_is "read_slice out of range is a usage error" 2 sh -c \
	"printf 'read_slice = 5;\n' > '$TMP/bad.conf'; '$AF_BIN' --config '$TMP/bad.conf' --db '$DB' whoami"
done_testing
