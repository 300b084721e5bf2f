#!/bin/sh
# CSV import and export of the registers: the demo data, round trips, every
# kind of bad input (exit 3, FILE:LINE: column: why, nothing written), BOM,
# CRLF, quoted newlines, formula neutralisation, masking, Chinese text.
. "$srcdir/tests/lib.sh"

FIX="$srcdir/tests/fixtures/csv"
KINDS="departments employees roles rooms vehicles spaces supplies assets suppliers seals licences"
mkdir -p "$TMP/csv"
CR=$(printf '\r')

# dump: the whole database as SQL, to see that nothing changed.
dump() { sqlite3 "$DB" .dump | sha256sum; }
# import_from DIR KIND FILE: import with FILE named relative to DIR, so the
# messages say FILE:LINE exactly; stdout and stderr together.
import_from() { (cd "$1" && "$AF_BIN" --db "$DB" import "$2" "$3" 2>&1); }
count() { sqlite3 "$DB" "SELECT count(*) FROM $1"; }

af_init || { echo "Bail out! init --demo failed"; exit 1; }

# --- the demo data ---------------------------------------------------------
is "demo: 8 departments" "$(count departments)" 8
is "demo: 60 employees" "$(count employees)" 60
is "demo: 20 extra roles" "$(count employee_roles)" 20
is "demo: 10 rooms" "$(count rooms)" 10
is "demo: 5 vehicles" "$(count vehicles)" 5
is "demo: 20 spaces" "$(count spaces)" 20
is "demo: 40 supplies" "$(count supplies)" 40
is "demo: 120 assets" "$(count assets)" 120
is "demo: 6 suppliers" "$(count suppliers)" 6
is "demo: 4 seals" "$(count seals)" 4
is "demo: 8 licences" "$(count licences)" 8
is "demo: department heads set in the second pass" \
	"$(sqlite3 "$DB" "SELECT e.login FROM departments d JOIN employees e ON e.id = d.head_id WHERE d.code = 'MKT'")" lisi
is "demo: cost kept in cents" \
	"$(sqlite3 "$DB" "SELECT cost_cents FROM assets WHERE tag = 'FA-2019-0002'")" 22100000
is "demo: one audit row per import" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'import'")" 12
is "demo: audit detail" \
	"$(sqlite3 "$DB" "SELECT detail FROM audit WHERE action = 'import' AND object = 'assets'")" \
	"120 rows from $DATA/assets.csv (UTF-8)"

# --- export ----------------------------------------------------------------
# The export of the demo is the demo file itself, in key order, with CRLF
# (without the BOM people get: --no-bom is the scripts' contract). The
# assets export adds the depreciation columns the demo file leaves out
# (life, salvage, in service) and today's depreciated and book value:
# never quoted, the last five cells are cut off.
for k in $KINDS; do
	af export "$k" --no-bom -o "$TMP/$k.csv"
	{ head -n 1 "$DATA/$k.csv"; tail -n +2 "$DATA/$k.csv" | LC_ALL=C sort -t, -k1,1; } > "$TMP/want.csv"
	cut5=
	[ "$k" = assets ] && cut5='s/,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*$//'
	if tr -d '\r' < "$TMP/$k.csv" | sed "$cut5" | cmp -s - "$TMP/want.csv"; then _result 0 "export $k: the demo data, ordered by key"
	else _result 1 "export $k: the demo data, ordered by key" \
		"$(tr -d '\r' < "$TMP/$k.csv" | diff - "$TMP/want.csv" | head -n 10)"; fi
done
is "export: every line ends in CRLF" "$(grep -c "$CR\$" "$TMP/assets.csv")" 121
is "export: no bare LF" "$(tr -d '\r' < "$TMP/assets.csv" | wc -l | tr -d ' ')" 121
is "export --no-bom: no BOM" "$(head -c 3 "$TMP/assets.csv" | od -An -tx1 | tr -d ' ')" 746167
af export assets -o "$TMP/assets-people.csv"
is "export: a UTF-8 BOM by default, for Excel" "$(head -c 3 "$TMP/assets-people.csv" | od -An -tx1 | tr -d ' ')" efbbbf
is "export: the BOM is all that differs" "$(tail -c +4 "$TMP/assets-people.csv" | cmp - "$TMP/assets.csv" && echo same)" same
like "export: a cell with a comma and quotes is quoted" "$(grep '^FA-2023-0018,' "$TMP/assets.csv")" \
	'^FA-2023-0018,"人体工学椅, 带""头枕""",家具,in_use,hujun,'
like "export: money as a plain decimal" "$(grep '^FA-2019-0002,' "$TMP/assets.csv")" ',221000\.00'"$CR"'$'
like "export: Chinese text intact" "$(grep '^zhangsan,' "$TMP/employees.csv")" '^zhangsan,张三,MKT,市场专员,'

printf 'export = { bom = false; };\n' > "$TMP/bom.conf"
"$AF_BIN" --config "$TMP/bom.conf" --db "$DB" export seals -o "$TMP/seals-bom.csv"
is "export: no BOM when export.bom is false" "$(head -c 3 "$TMP/seals-bom.csv" | od -An -tx1 | tr -d ' ')" 636f64

# Export -> import -> export is byte for byte the same, for every kind.
for k in $KINDS; do
	out=$(af import "$k" "$TMP/$k.csv" 2>&1); s=$?
	is "round trip $k: import of the export succeeds" "$s: $out" "0: "
	af export "$k" --no-bom -o "$TMP/$k.again.csv"
	ok "round trip $k: export again is byte-identical" cmp "$TMP/$k.csv" "$TMP/$k.again.csv"
done
af import roles "$DATA/roles.csv"
af import roles "$DATA/roles.csv"
is "roles: re-import adds nothing" "$(count employee_roles)" 20

# Python's csv module reads the export back: 121 rows of 8 cells, the quoted
# cell intact.
if command -v python3 >/dev/null 2>&1; then
	got=$(python3 -c '
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
widths = set(len(r) for r in rows)
quoted = [r[1] for r in rows if r[0] == "FA-2025-0012"][0]
print(len(rows), sorted(widths), quoted)' "$TMP/assets.csv")
	is "python3 csv reads the export" "$got" "121 [13] \"小米\"无线投屏器, 会议室用"
else
	_result 0 "python3 csv reads the export # SKIP no python3"
fi

# --- bad input: exit 3, FILE:LINE: column: why, nothing written -------------
# bad_case NAME KIND DIR FILE EXPECTED-STDERR
bad_case() {
	before=$(dump)
	out=$(import_from "$3" "$2" "$4"); s=$?
	is "$1: exit 3" "$s" 3
	is "$1: message" "$out" "$5"
	is "$1: database unchanged" "$(dump)" "$before"
}

bad_case "bad date" licences "$FIX" bad_date.csv \
"adminflow: bad_date.csv:3: expires_on: '2027-02-30' is not a date (YYYY-MM-DD)
adminflow: bad_date.csv: 1 bad row; nothing was imported"

bad_case "unknown department" employees "$FIX" unknown_department.csv \
"adminflow: unknown_department.csv:3: department: unknown department 'NOPE'
adminflow: unknown_department.csv: 1 bad row; nothing was imported"

bad_case "negative quantity" supplies "$FIX" negative_quantity.csv \
"adminflow: negative_quantity.csv:2: on_hand: '-5' is not a whole number 0 or more (up to 1000000000)
adminflow: negative_quantity.csv: 1 bad row; nothing was imported"

# The quote opened on line 4 runs to the end: the line where it began.
bad_case "unterminated quote" rooms "$FIX" unterminated_quote.csv \
"adminflow: unterminated_quote.csv:4: equipment: unterminated quoted field
adminflow: unterminated_quote.csv: 1 bad row; nothing was imported"

printf 'code,name,contact,phone,email\nSUP90,好公司,王\344,13800000000,a@example.com\n' > "$TMP/csv/bad_utf8.csv"
bad_case "invalid UTF-8" suppliers "$TMP/csv" bad_utf8.csv \
"adminflow: bad_utf8.csv:2: neither UTF-8 nor GB18030 text (byte 20 of the line); nothing was read"

bad_case "wrong field count" seals "$FIX" wrong_field_count.csv \
"adminflow: wrong_field_count.csv:3: 4 fields, but the header has 3
adminflow: wrong_field_count.csv: 1 bad row; nothing was imported"

bad_case "unknown column" spaces "$FIX" unknown_column.csv \
"adminflow: unknown_column.csv:1: colour: unknown column (a spaces file has: code, name, kind, capacity, location, floor)
adminflow: unknown_column.csv: 1 bad row; nothing was imported"

bad_case "missing column" vehicles "$FIX" missing_column.csv \
"adminflow: missing_column.csv:1: plate: required column missing
adminflow: missing_column.csv: 1 bad row; nothing was imported"

{ printf 'code,name,contact,phone,email\nSUP90,好公司,'; head -c 1001 /dev/zero | tr '\0' x; printf ',1,a@example.com\n'; } > "$TMP/csv/huge.csv"
bad_case "huge field" suppliers "$TMP/csv" huge.csv \
"adminflow: huge.csv:2: contact: longer than 1000 bytes (1001)
adminflow: huge.csv: 1 bad row; nothing was imported"

bad_case "bad amount" assets "$FIX" bad_amount.csv \
"adminflow: bad_amount.csv:2: cost: '12.345' is not an amount (digits, then . and up to 2 decimals)
adminflow: bad_amount.csv: 1 bad row; nothing was imported"

bad_case "duplicate key" rooms "$FIX" duplicate_key.csv \
"adminflow: duplicate_key.csv:4: code: duplicate 'R980' (also on line 2)
adminflow: duplicate_key.csv: 1 bad row; nothing was imported"

# A constraint only the database sees is reported by line too, and rolls back.
bad_case "constraint inside the transaction" vehicles "$FIX" plate_taken.csv \
"adminflow: plate_taken.csv:2: UNIQUE constraint failed: vehicles.plate
adminflow: plate_taken.csv: 1 bad row; nothing was imported"

bad_case "parent loop" departments "$FIX" departments_cycle.csv \
"adminflow: departments_cycle.csv:2: parent: unknown department 'QA1'
adminflow: departments_cycle.csv: 1 bad row; nothing was imported"

printf 'code,name,kind,capacity,location\nX1,"a"b,desk,1,x\n' > "$TMP/csv/stray.csv"
bad_case "stray quote" spaces "$TMP/csv" stray.csv \
"adminflow: stray.csv:2: name: stray quote (a quote inside an unquoted field, or text after a closing quote)
adminflow: stray.csv: 1 bad row; nothing was imported"

printf 'code,name,kind,capacity,location\nX1,a\001b,desk,1,x\nX2,"a\nb",desk,1,x\n' > "$TMP/csv/control.csv"
bad_case "control characters" spaces "$TMP/csv" control.csv \
"adminflow: control.csv:2: name: contains a control character
adminflow: control.csv:3: name: line break in a one-line field
adminflow: control.csv: 2 bad rows; nothing was imported"

: > "$TMP/csv/empty.csv"
bad_case "empty file" seals "$TMP/csv" empty.csv \
"adminflow: empty.csv:1: empty file; the first line must name the columns
adminflow: empty.csv: 1 bad row; nothing was imported"

bad_case "missing file" seals "$TMP/csv" absent.csv \
"adminflow: absent.csv: cannot read: No such file or directory"

# At most 20 problems are shown; the count covers them all.
{ echo 'code,name,kind,capacity,location'
  i=1; while [ $i -le 25 ]; do echo "Z$i,工位$i,desk,-$i,x"; i=$((i + 1)); done; } > "$TMP/csv/many.csv"
before=$(dump)
out=$(import_from "$TMP/csv" spaces many.csv)
is "many errors: 20 shown and the summary" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 21
is "many errors: the first is line 2" "$(printf '%s\n' "$out" | head -n 1)" \
	"adminflow: many.csv:2: capacity: '-1' is not a whole number 0 or more (up to 1000000000)"
is "many errors: summary counts every bad row" "$(printf '%s\n' "$out" | tail -n 1)" \
	"adminflow: many.csv: 25 bad rows; nothing was imported"
is "many errors: database unchanged" "$(dump)" "$before"

# --- accepted input ----------------------------------------------------------
# A BOM, CRLF line endings, a quoted field over two lines (CRLF inside) with
# commas and quotes; the row after it keeps its own line number.
printf '\357\273\277code,name,capacity,location,equipment,manager\r\nR960,"大会议室, ""东""",20,"5楼\r\n东侧",投影仪,zhaoliu\r\nR961,小会议室,-1,5楼,白板,zhaoliu\r\n' \
	> "$TMP/csv/bom_crlf_bad.csv"
is "BOM+CRLF: a later row's line counts the quoted newline" "$(import_from "$TMP/csv" rooms bom_crlf_bad.csv | head -n 1)" \
	"adminflow: bom_crlf_bad.csv:4: capacity: '-1' is not a whole number 0 or more (up to 1000000000)"
printf '\357\273\277code,name,capacity,location,equipment,manager\r\nR960,"大会议室, ""东""",20,"5楼\r\n东侧",投影仪,zhaoliu\r\nR961,小会议室,4,5楼,白板,zhaoliu\r\n' \
	> "$TMP/csv/bom_crlf.csv"
out=$(import_from "$TMP/csv" rooms bom_crlf.csv); s=$?
is "BOM+CRLF+quoted newline accepted" "$s: $out" "0: "
is "quoted field with comma and quotes stored" \
	"$(sqlite3 "$DB" "SELECT name FROM rooms WHERE code = 'R960'")" '大会议室, "东"'
is "quoted newline stored as LF" \
	"$(sqlite3 "$DB" "SELECT hex(location) FROM rooms WHERE code = 'R960'")" "$(printf '5楼\n东侧' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
is "the row after the quoted newline imported" "$(sqlite3 "$DB" "SELECT capacity FROM rooms WHERE code = 'R961'")" 4
af export rooms -o "$TMP/rooms1.csv"
af import rooms "$TMP/rooms1.csv"
af export rooms -o "$TMP/rooms2.csv"
ok "quoted newline: export -> import -> export byte-identical" cmp "$TMP/rooms1.csv" "$TMP/rooms2.csv"

# Re-import updates by key; a column the file lacks keeps its value.
printf 'code,name,capacity\nR960,大会议室,30\n' > "$TMP/csv/partial.csv"
import_from "$TMP/csv" rooms partial.csv >/dev/null
is "re-import updates by key" "$(sqlite3 "$DB" "SELECT name || '|' || capacity || '|' || equipment FROM rooms WHERE code = 'R960'")" \
	"大会议室|30|投影仪"
is "re-import adds no row" "$(count rooms)" 12

# A parent defined further down the same file.
out=$(import_from "$FIX" departments departments_forward.csv); s=$?
is "departments: forward parent accepted" "$s: $out" "0: "
is "departments: forward parent resolved" \
	"$(sqlite3 "$DB" "SELECT p.code FROM departments d JOIN departments p ON p.id = d.parent_id WHERE d.code = 'QA1'")" QA
bad_case "parent loop across the database" departments "$FIX" departments_cycle.csv \
"adminflow: departments_cycle.csv:2: parent: 'QA1' makes a loop of parent departments
adminflow: departments_cycle.csv: 1 bad row; nothing was imported"

# An employee's department by name when no code matches.
printf 'login,name,department\ntester3,测试三,市场部\n' > "$TMP/csv/by_name.csv"
import_from "$TMP/csv" employees by_name.csv >/dev/null
is "employees: department by name" \
	"$(sqlite3 "$DB" "SELECT d.code FROM employees e JOIN departments d ON d.id = e.department_id WHERE login = 'tester3'")" MKT

# --- formulas --------------------------------------------------------------
out=$(import_from "$FIX" rooms formulas.csv); s=$?
is "formulas: imported" "$s: $out" "0: "
is "formulas: text starting with = stored as typed" \
	"$(sqlite3 "$DB" "SELECT name FROM rooms WHERE code = 'R970'")" '=HYPERLINK("http://example.com")'
is "formulas: one neutralising apostrophe removed" \
	"$(sqlite3 "$DB" "SELECT location FROM rooms WHERE code = 'R971'")" '=1+1'
is "formulas: an apostrophe before plain text kept" \
	"$(sqlite3 "$DB" "SELECT equipment FROM rooms WHERE code = 'R971'")" "'plain"
is "formulas: only one of two apostrophes removed" \
	"$(sqlite3 "$DB" "SELECT name FROM rooms WHERE code = 'R972'")" "'@x, y"
af export rooms -o "$TMP/f1.csv"
is "formulas: = + @ neutralised on export" "$(grep '^R970,' "$TMP/f1.csv")" \
	"R970,\"'=HYPERLINK(\"\"http://example.com\"\")\",4,'+2楼,'@白板,zhaoliu$CR"
is "formulas: - and apostrophes neutralised on export" "$(grep '^R971,' "$TMP/f1.csv")" \
	"R971,'-10,4,'=1+1,'plain,$CR"
is "formulas: tab neutralised on export" "$(grep '^R972,' "$TMP/f1.csv")" \
	"R972,\"''@x, y\",4,'	缩进,白板,$CR"
af import rooms "$TMP/f1.csv"
af export rooms -o "$TMP/f2.csv"
ok "formulas: export -> import -> export byte-identical" cmp "$TMP/f1.csv" "$TMP/f2.csv"
is "formulas: values restored on import" \
	"$(sqlite3 "$DB" "SELECT name || '|' || location FROM rooms WHERE code = 'R970'")" '=HYPERLINK("http://example.com")|+2楼'

# --- sensitive columns -------------------------------------------------------
# liuyang (admin staff) may export but not see ID numbers.
"$AF_BIN" --db "$DB" --as liuyang export employees -o "$TMP/masked.csv"
like "masked: ID number masked for admin staff" "$(grep '^zhangsan,' "$TMP/masked.csv")" \
	',[0-9]{3}\*{11}[0-9]{4}'"$CR"'$'
like "masked: ID number in full for the system" "$(grep '^zhangsan,' "$TMP/employees.csv")" \
	',[0-9]{17}[0-9X]'"$CR"'$'
af export employees -o "$TMP/emp1.csv"
out=$("$AF_BIN" --db "$DB" import employees "$TMP/masked.csv" 2>&1); s=$?
is "masked: a masked export imports" "$s: $out" "0: "
af export employees -o "$TMP/emp2.csv"
ok "masked: re-importing it changes no ID number" cmp "$TMP/emp1.csv" "$TMP/emp2.csv"
printf 'login,name,department,id_number\nnewbie,新人,MKT,310***********1234\n' > "$TMP/csv/masked_new.csv"
bad_case "masked value for a new employee" employees "$TMP/csv" masked_new.csv \
"adminflow: masked_new.csv:2: id_number: masked (contains *) for a new employee; give the whole value
adminflow: masked_new.csv: 1 bad row; nothing was imported"

# Importing needs the import permission.
status_is "import without the permission exits 4" 4 "$AF_BIN" --db "$DB" --as zhangsan import seals "$DATA/seals.csv"

done_testing
