#!/bin/sh
# Hostile and broken input not covered elsewhere (import_export.sh has the
# CSV structure cases, basics.sh the config syntax, formdef the forms):
# impossible dates and times, money and numbers that overflow, terminal
# escape sequences (C0, C1) and bidirectional overrides, NUL bytes,
# SQL-looking text, and database files that are not SQLite, truncated or
# empty. Each refusal is one "adminflow: WHAT: WHY" line with its exit
# status, and nothing changes; text that looks like SQL is stored as typed.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init
OUTBOX="$HOME/.local/state/adminflow/outbox"
outbox_files() { ls "$OUTBOX" 2>/dev/null | grep -c '\.sub$'; }

# bad DESC MESSAGE CMD...: refused with exit 3 and exactly MESSAGE (after
# "adminflow: "), nothing changed, nothing left in the outbox.
bad() {
	_d=$1 _m=$2; shift 2
	refused "$_d" 3 "$@"
	is "$_d: says why" "$(cat "$TMP/.err")" "adminflow: $_m"
	is "$_d: nothing in the outbox" "$(outbox_files)" 0
}
sub() { _f=$1; shift; as zhangsan submit "$_f" "$@"; }
N0=$(sub express recipient=张 phone=1 address=北京 weight=1)
ESC=$(printf '\033')
CSI8=$(printf '\302\233')      # U+009B, CSI as one C1 character
RLO=$(printf '\342\200\256')   # U+202E RIGHT-TO-LEFT OVERRIDE
LRI=$(printf '\342\201\246')   # U+2066 LEFT-TO-RIGHT ISOLATE

# --- dates and times that do not exist --------------------------------------
bad "30 February" "field expires: '2026-02-30' is not a date (YYYY-MM-DD)" \
	sub licence licence=营业执照 expires=2026-02-30
bad "month 13" "field expires: '2026-13-01' is not a date (YYYY-MM-DD)" \
	sub licence licence=营业执照 expires=2026-13-01
bad "29 February of a common year" "field expires: '2027-02-29' is not a date (YYYY-MM-DD)" \
	sub licence licence=营业执照 expires=2027-02-29
ok "29 February of a leap year is a date" sub licence licence=营业执照 expires=2028-02-29
bad "25 o'clock" "field deadline: '2026-12-01 25:00' is not a date and time (YYYY-MM-DD HH:MM)" \
	sub printing document=合同 pages=1 deadline="2026-12-01 25:00"
bad "minute 60" "field deadline: '2026-12-01 09:60' is not a date and time (YYYY-MM-DD HH:MM)" \
	sub printing document=合同 pages=1 deadline="2026-12-01 09:60"
bad "a time range ending at 25:00" \
	"field time: '2026-12-01 09:00/2026-12-01 25:00' is not a time range (YYYY-MM-DD HH:MM/HH:MM)" \
	sub room_booking room=R301 subject=例会 attendees=3 time="2026-12-01 09:00/2026-12-01 25:00"
bad "a time range on 30 February" \
	"field time: '2026-02-30 09:00/2026-02-30 10:00' is not a time range (YYYY-MM-DD HH:MM/HH:MM)" \
	sub room_booking room=R301 subject=例会 attendees=3 time="2026-02-30 09:00/2026-02-30 10:00"
bad "a time range that ends before it starts" "field time: the end must come after the start" \
	sub room_booking room=R301 subject=例会 attendees=3 time="2026-12-01 10:00/2026-12-01 09:00"
bad "delegation to 30 February" "delegate: --to '2026-02-30' is not a date (YYYY-MM-DD)" \
	as zhangsan delegate lisi --from 2026-12-01 --to 2026-02-30

# --- money and numbers --------------------------------------------------------
bad "money past 64 bits" "field lines: row 1, amount: '99999999999999999999' is not an amount (digits, at most two decimals)" \
	sub expense lines=travel,99999999999999999999 purpose=出差
bad "money at the edge of 64 bits" "field lines: row 1, amount: 92233720368547758.07 is above the maximum 1000000.00" \
	sub expense lines=travel,92233720368547758.07 purpose=出差
bad "money one cent past 64 bits" "field lines: row 1, amount: '92233720368547758.08' is not an amount (digits, at most two decimals)" \
	sub expense lines=travel,92233720368547758.08 purpose=出差
bad "negative money" "field lines: row 1, amount: must not be negative" \
	sub expense lines=travel,-5 purpose=出差
bad "a thousandth" "field lines: row 1, amount: '0.001' is not an amount (digits, at most two decimals)" \
	sub expense lines=travel,0.001 purpose=出差
bad "an exponent" "field lines: row 1, amount: '1e5' is not an amount (digits, at most two decimals)" \
	sub expense lines=travel,1e5 purpose=出差
bad "full-width digits" "field lines: row 1, amount: '１００' is not an amount (digits, at most two decimals)" \
	sub expense lines=travel,１００ purpose=出差
bad "a whole number past 64 bits" "field weight: '99999999999999999999' is far too large" \
	sub express recipient=张 phone=1 address=北京 weight=99999999999999999999
bad "a whole number with letters" "field weight: '12abc' is not a whole number" \
	sub express recipient=张 phone=1 address=北京 weight=12abc
printf 'sku,name,unit,on_hand,reorder_level,location\nOV-1,溢出,box,99999999999999999999,1,A\n' > "$TMP/ov.csv"
before=$(dump)
out=$(cd "$TMP" && af import supplies ov.csv 2>&1); s=$?
is "import: a quantity past 64 bits" "$s: $out" "3: adminflow: ov.csv:2: on_hand: '99999999999999999999' is not a whole number 0 or more (up to 1000000000)
adminflow: ov.csv: 1 bad row; nothing was imported"
unchanged "import: nothing changed" "$before"

# --- escape sequences, overrides, NUL bytes -------------------------------------
bad "an escape sequence" "field recipient: control characters are not allowed" \
	sub express recipient="a${ESC}[2Jb" phone=1 address=北京 weight=1
bad "an OSC title sequence" "field address: control characters are not allowed" \
	sub express recipient=张 phone=1 address="x${ESC}]0;pwned$(printf '\007')" weight=1
bad "a C1 control (8-bit CSI)" "field recipient: control characters are not allowed" \
	sub express recipient="a${CSI8}2Jb" phone=1 address=北京 weight=1
bad "a right-to-left override" "field recipient: control characters are not allowed" \
	sub express recipient="invoice${RLO}fdp.exe" phone=1 address=北京 weight=1
bad "a directional isolate" "field recipient: control characters are not allowed" \
	sub express recipient="a${LRI}b" phone=1 address=北京 weight=1
bad "an opinion with an escape sequence" "field opinion: control characters are not allowed" \
	as liuyang comment "$N0" -m "ok${ESC}[8m"
bad "invalid UTF-8" "field recipient: invalid UTF-8 at byte 2" \
	sub express recipient="$(printf 'a\377b')" phone=1 address=北京 weight=1
for c in ESC CSI8 RLO; do
	eval "ch=\$$c"
	printf 'code,name,contact,phone,email\nSUP90,好公司%sx,王,1,a@example.com\n' "$ch" > "$TMP/ctl.csv"
	before=$(dump)
	out=$(cd "$TMP" && af import suppliers ctl.csv 2>&1); s=$?
	is "import: $c in a cell is refused" "$s: $out" "3: adminflow: ctl.csv:2: name: contains a control character
adminflow: ctl.csv: 1 bad row; nothing was imported"
	unchanged "import: $c: nothing changed" "$before"
done
printf 'code,name,contact,phone,email\nSUP90,a\000b,王,1,a@example.com\n' > "$TMP/nul.csv"
out=$(cd "$TMP" && af import suppliers nul.csv 2>&1); s=$?
is "import: a NUL byte is refused, not cut short" "$s: $out" "3: adminflow: nul.csv:2: name: contains a NUL byte
adminflow: nul.csv: 1 bad row; nothing was imported"
printf 'busy_timeout = 100;\000\n' > "$TMP/nul.conf"
out=$("$AF_BIN" --config "$TMP/nul.conf" --db "$DB" whoami 2>&1); s=$?
is "a NUL byte in the config" "$s: $out" "2: adminflow: $TMP/nul.conf:1: syntax error"
head -c 2000 /dev/urandom > "$TMP/random.conf"
status_is "a config of random bytes: exit 2" 2 "$AF_BIN" --config "$TMP/random.conf" --db "$DB" whoami
mkdir -p "$TMP/forms-nul"
printf 'form = { id = "x\000y"; };\n' > "$TMP/forms-nul/nul.conf"
status_is "forms check: a forms file with a NUL byte is an error" 3 af forms check "$TMP/forms-nul"

# --- text that looks like SQL is only text ---------------------------------------
tables=$(q "SELECT count(*) FROM sqlite_schema")
evil="Robert'); DROP TABLE requests;--"
n=$(sub express recipient="$evil" phone="1 OR 1=1" address="\"; DELETE FROM audit; --" weight=1)
like "SQL-looking text is accepted as text" "$n" "^KD-"
is "and stored exactly as typed" "$(q "SELECT json_extract(data, '\$.recipient') || '|' || json_extract(data, '\$.address')
	FROM requests WHERE number = '$n'")" "$evil|\"; DELETE FROM audit; --"
is "no table went anywhere" "$(q "SELECT count(*) FROM sqlite_schema")" "$tables"
printf "code,name,contact,phone,email\nSUP95,\"x'); DROP TABLE suppliers;--\",王,1,a@example.com\n" > "$TMP/sql.csv"
ok "import: SQL-looking text imports as text" af import suppliers "$TMP/sql.csv"
is "import: stored as typed" "$(q "SELECT name FROM suppliers WHERE code = 'SUP95'")" "x'); DROP TABLE suppliers;--"
bad "a request number that looks like SQL" "KD' OR '1'='1: no such request" \
	as wangwu show "KD' OR '1'='1"
refused "a login that looks like SQL" 3 "$AF_BIN" --db "$DB" --as "x' OR '1'='1" whoami
is "it is named, not run" "$(cat "$TMP/.err")" "adminflow: --as: 'x' OR '1'='1' is not an employee"
bad "a form id that looks like SQL" "form x'--: no such form in $FORMS (see: adminflow forms)" \
	sub "x'--" a=b
ok "the audit chain holds" af audit verify

# --- database files that are not what they should be ------------------------------
# file_case NAME FILE STATUS PATTERN: every command on FILE exits STATUS with
# one line matching PATTERN; the file is left byte for byte as it was;
# doctor fails; a submission keeps the input when the file is there but
# unusable.
file_case() {
	_sum=$(sha256sum < "$2")
	for cmd in whoami inbox "report backlog" "export supplies"; do
		# shellcheck disable=SC2086
		out=$("$AF_BIN" --db "$2" --as wangwu $cmd 2>&1); s=$?
		is "$1: $cmd: exit $3" "$s" "$3"
		like "$1: $cmd: one line saying so" "$(printf '%s\n' "$out" | wc -l | tr -d ' '):$out" "^1:adminflow: $4"
	done
	out=$("$AF_BIN" --db "$2" --as zhangsan submit --key "file-case-$5" express recipient=张 phone=1 address=北京 weight=1 2>&1); s=$?
	is "$1: submit: exit $3" "$s" "$3"
	if [ "$3" = 1 ]; then
		like "$1: submit: the input is kept" "$out" "; your input is kept in $OUTBOX/file-case-$5\.sub \(adminflow outbox retry\)$"
		"$AF_BIN" --db "$DB" --as zhangsan outbox drop "file-case-$5"
	fi
	out=$("$AF_BIN" --db "$2" doctor 2>&1); s=$?
	is "$1: doctor exits 1" "$s" 1
	like "$1: doctor names the problem" "$out" "^FAIL	(open|schema|integrity)	"
	is "$1: the file is unchanged" "$(sha256sum < "$2")" "$_sum"
	is "$1: no journal was made" "$(ls "$2"-journal 2>/dev/null)" ""
}
echo "hello, this is not a database" > "$TMP/text.db"
file_case "a text file" "$TMP/text.db" 1 "$TMP/text.db: database file is damaged \(file is not a database\); writing stopped" 1
head -c 65536 /dev/urandom > "$TMP/random.db"
file_case "random bytes" "$TMP/random.db" 1 "$TMP/random.db: database file is damaged \(file is not a database\); writing stopped" 2
size=$(wc -c < "$DB")
head -c $((size / 2)) "$DB" > "$TMP/half.db"
file_case "half a database" "$TMP/half.db" 1 "$TMP/half.db: database file is damaged \(database disk image is malformed\); writing stopped" 3
head -c 100 "$DB" > "$TMP/header.db"
file_case "only the header" "$TMP/header.db" 1 "$TMP/header.db: database file is damaged \(database disk image is malformed\); writing stopped" 4
: > "$TMP/empty.db"
file_case "an empty file" "$TMP/empty.db" 6 "$TMP/empty.db: not an adminflow database \(create it with: adminflow init\)" 5
# A database whose middle pages were overwritten: opens, but any write
# stops at the damage and says so.
cp "$DB" "$TMP/torn.db"
pages=$(sqlite3 "$DB" 'PRAGMA page_count')
dd if=/dev/urandom of="$TMP/torn.db" bs=4096 seek=$((pages / 2)) count=$((pages / 4)) conv=notrunc 2>/dev/null
out=$("$AF_BIN" --db "$TMP/torn.db" doctor 2>&1); s=$?
is "torn pages: doctor exits 1" "$s" 1
like "torn pages: doctor reports the integrity check" "$out" "^FAIL	integrity	"
is "the original is untouched throughout" "$(q 'PRAGMA integrity_check')" ok
done_testing
