#!/bin/sh
# Files the program writes, and the files it takes for a database (issue
# 12), without the multi-user installation (security_multiuser.sh has it):
# - export -o replaces only a regular file: a device, a FIFO, a folder, a
#   symbolic link or the database itself is exit 3 with nothing touched;
#   -o - is standard output;
# - init or any command on a device or a folder is refused before SQLite
#   makes a -journal beside it; init on another program's SQLite file too;
# - init --demo never loads demo data into a database holding real data;
# - --key is [A-Za-z0-9._-], 8 to 64 long;
# - the outbox: a partial copy left by a kill is listed and cleaned, an
#   entry is checked before it is sent again;
# - a date with a sign (-2026-01-01) is no date: forms, delegate, imports,
#   reports (one date check);
# - odd files say what they are: a number beyond 64 bits in a form file,
#   user_version -1, a garbage -journal beside the database (doctor).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init
OUTBOX="$HOME/.local/state/adminflow/outbox"
sum() { sha256sum < "$1" | cut -c1-64; }
# untouched DESC PATH CMD...: CMD exits 3, PATH's type and content as before.
untouched() {
	_d=$1 _p=$2
	shift 2
	_before=$(stat -c '%F %i' "$_p"; [ -f "$_p" ] && [ ! -L "$_p" ] && sum "$_p")
	_out=$("$@" 2>&1); _s=$?
	is "$_d: exit 3" "$_s" 3
	is "$_d: left as it was" "$(stat -c '%F %i' "$_p"; [ -f "$_p" ] && [ ! -L "$_p" ] && sum "$_p")" "$_before"
	_last=$_out
}

# --- export -o ---------------------------------------------------------------------------------
if [ "$(id -u)" = 0 ] && mknod "$TMP/null" c 1 3 2>/dev/null; then
	untouched "export -o a device node (a copy of /dev/null)" "$TMP/null" af export supplies -o "$TMP/null"
	like "it says why" "$_last" "^adminflow: $TMP/null: is not a regular file \(a device or a FIFO\); not written \(use -o - for standard output\)$"
else
	_result 0 "# SKIP export -o a device node: not root"
fi
mkfifo "$TMP/fifo"
untouched "export -o a FIFO" "$TMP/fifo" af export supplies -o "$TMP/fifo"
mkdir "$TMP/dir"
untouched "export -o a folder" "$TMP/dir" af export supplies -o "$TMP/dir"
echo keep > "$TMP/target"
ln -s "$TMP/target" "$TMP/link"
untouched "export -o a symbolic link" "$TMP/link" af export supplies -o "$TMP/link"
is "export -o a symbolic link: what it points to is untouched" "$(cat "$TMP/target")" keep
untouched "export -o the database itself" "$DB" af export supplies -o "$DB"
like "export -o the database: says so" "$_last" "^adminflow: $DB: is the database; not written$"
untouched "report -o a folder (the same writer)" "$TMP/dir" af report backlog --csv -o "$TMP/dir"
is "nothing half-written was left beside them" "$(ls "$TMP" | grep -c '\.tmp\.')" 0
like "export -o -: standard output" "$(af export supplies -o - | head -1)" "^.?sku,"
ok "export -o a regular file: written" af export supplies -o "$TMP/target"
like "export -o a regular file: it holds the export" "$(head -1 "$TMP/target")" "^.?sku,"

# --- what is taken for a database ------------------------------------------------------------------
# refused DESC FILE CMD...: exit 3, naming FILE, and no -journal beside it.
refused_db() {
	_d=$1 _f=$2
	shift 2
	_out=$("$AF_BIN" --db "$_f" "$@" 2>&1); _s=$?
	is "$_d: exit 3" "$_s" 3
	like "$_d: says why" "$_out" "^adminflow: $_f: is (a folder|not a regular file)"
	is "$_d: no -journal beside it" "$(ls -d "$_f-journal" 2>/dev/null)" ""
}
if [ "$(id -u)" = 0 ] && mknod "$TMP/zero" c 1 5 2>/dev/null; then
	refused_db "init on a device (a copy of /dev/zero)" "$TMP/zero" init
	refused_db "whoami on a device (a copy of /dev/zero)" "$TMP/zero" whoami
	refused_db "init --demo on a device (a copy of /dev/null)" "$TMP/null" init --demo
else
	_result 0 "# SKIP init on a device node: not root"
fi
refused_db "init on a folder" "$TMP/dir" init
out=$("$AF_BIN" --db "$TMP/fifo" doctor 2>&1); s=$?
is "doctor on a FIFO: exit 1 (a problem found)" "$s" 1
like "doctor on a FIFO: names it" "$out" "^FAIL	open	$TMP/fifo: is not a regular file \(a device or a FIFO\), not a database; nothing written$"
is "doctor on a FIFO: no -journal beside it" "$(ls -d "$TMP/fifo-journal" 2>/dev/null)" ""
sqlite3 "$TMP/other.db" "CREATE TABLE notes(x); INSERT INTO notes VALUES ('theirs')"
before=$(sum "$TMP/other.db")
out=$("$AF_BIN" --db "$TMP/other.db" init 2>&1); s=$?
is "init on another program's SQLite file: exit 3" "$s" 3
like "it says whose" "$out" "^adminflow: $TMP/other.db: not an adminflow database \(another program's: 1 tables"
is "another program's file is unchanged" "$(sum "$TMP/other.db")" "$before"
echo "plain text" > "$TMP/text.db"
status_is "init on a text file: exit 3" 3 "$AF_BIN" --db "$TMP/text.db" init
is "the text file is unchanged" "$(cat "$TMP/text.db")" "plain text"

# --- init --demo and real data ------------------------------------------------------------------
"$AF_BIN" --db "$TMP/real.db" init >/dev/null
printf 'code,name,parent,head\nHQ,总部,,\n' > "$TMP/dept.csv"
printf 'login,name,department,title,email,phone,id_number\nreal1,真实员工,HQ,专员,,,\n' > "$TMP/emp.csv"
"$AF_BIN" --db "$TMP/real.db" import departments "$TMP/dept.csv" >/dev/null
"$AF_BIN" --db "$TMP/real.db" import employees "$TMP/emp.csv" >/dev/null
before=$(sum "$TMP/real.db")
out=$("$AF_BIN" --db "$TMP/real.db" init --demo 2>&1); s=$?
is "init --demo on a database holding real data: exit 5" "$s" 5
like "it says why" "$out" "holds real data \(1 employees, 0 requests\); demo data goes only into a new database; nothing changed$"
is "the database holding real data is byte for byte as it was" "$(sum "$TMP/real.db")" "$before"
ok "init --demo on a demo database not yet worked in: allowed (finishes a cut-short load)" af init --demo
is "init --demo into a new file: the actor is the real login" \
	"$(sqlite3 "$DB" "SELECT DISTINCT actor FROM audit WHERE action = 'import'")" "$(id -un)"

# --- --key --------------------------------------------------------------------------------------
for k in short ../../../etc/x.yz "$(printf 'abc\tdefgh')" ".hidden-key" "-dashfirst" "ключ-ключ-ключ" \
	"$(printf 'a%.0s' $(seq 65))"; do
	out=$(as zhangsan submit --key "$k" express recipient=王 phone=1 address=北京 weight=1 2>&1); s=$?
	is "--key '$k': exit 3" "$s: $out" \
		"3: adminflow: submit: --key: 8 to 64 letters, digits, '.', '_' or '-' (not first: '.' or '-')"
done
is "--key: nothing went in" "$(q "SELECT count(*) FROM requests")" 0
like "--key of letters, digits, '.', '_' and '-': accepted" \
	"$(as zhangsan submit --key Key_1.2-3 express recipient=王 phone=1 address=北京 weight=1)" "^KD-"

# --- the outbox -------------------------------------------------------------------------------------
mkdir -p "$OUTBOX"
printf 'adminflow-outbox 1\nform\texp' > "$OUTBOX/.killed-key1.tmp"
printf 'adminflow-outbox 1\nform\texp' > "$OUTBOX/.live-key01.tmp"
flock "$OUTBOX/.live-key01.tmp" sleep 60 &
holder=$!
i=0
while ! flock -n "$OUTBOX/.live-key01.tmp" true 2>/dev/null; [ $? = 0 ] && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
ADMINFLOW_TEST_CRASH=after-outbox as zhangsan submit --key saved-key-1 express recipient=王 phone=1 address=北京 weight=2 2>/dev/null
list=$(as zhangsan outbox list 2>"$TMP/err")
is "outbox list shows a partial copy a kill left as a row marked partial, beside the saved entry" "$list" \
	"$(printf 'key\tform\tfields\tfile\tstate\nkilled-key1\t-\t-\t%s\tpartial\nsaved-key-1\texpress\t4\t%s\tsaved' \
		"$OUTBOX/.killed-key1.tmp" "$OUTBOX/saved-key-1.sub")"
like "and says on stderr what to do with it" "$(cat "$TMP/err")" \
	"^adminflow: outbox: $OUTBOX/.killed-key1.tmp: a partial copy left by a killed run \(never submitted\); adminflow outbox clean removes it$"
is "but not one a live run is writing" "$({ cat "$TMP/err"; printf '%s\n' "$list"; } | grep -c live-key01)" 0
is "outbox retry never sends a partial copy" "$(as zhangsan outbox retry 2>&1 | grep -c killed-key1)" 0
is "outbox clean removes the partial copy" "$(as zhangsan outbox clean)" "$(printf 'removed\t%s' "$OUTBOX/.killed-key1.tmp")"
is "and leaves the live one" "$(ls -a "$OUTBOX" | grep -c '\.tmp$')" 1
is "outbox list then shows no partial row" "$(as zhangsan outbox list 2>&1 | grep -c partial)" 0
kill $holder 2>/dev/null
wait $holder 2>/dev/null
rm -f "$OUTBOX/.live-key01.tmp"
# An entry whose key is not its file's name (moved, or made by hand) is
# named and left, never sent.
ADMINFLOW_TEST_CRASH=after-outbox as zhangsan submit --key moved-key-1 express recipient=王 phone=1 address=北京 weight=2 2>/dev/null
mv "$OUTBOX/moved-key-1.sub" "$OUTBOX/other-key-2.sub"
before=$(q "SELECT count(*) FROM requests")
out=$(as zhangsan outbox retry 2>&1)
like "outbox retry names an entry whose key is not its name" "$out" \
	"^adminflow: outbox: $OUTBOX/other-key-2.sub: its key is not its file's name; left as it is, not sent$"
is "and sends nothing of it" "$(q "SELECT count(*) FROM requests")" "$before"
ln -s "$DB" "$OUTBOX/linked-key3.sub"
like "an entry that is a symbolic link is not read" "$(as zhangsan outbox list 2>&1 >/dev/null)" \
	"$OUTBOX/linked-key3.sub: (not a regular file|Too many levels of symbolic links); left as it is, not sent"

# --- dates with a sign ------------------------------------------------------------------------------
before=$(q "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM delegations), (SELECT count(*) FROM licences)")
out=$(as wangwu submit licence licence=营业执照 expires=-2027-01-01 2>&1); s=$?
is "a form's date field with a sign: exit 3" "$s: $out" "3: adminflow: field expires: '-2027-01-01' is not a date (YYYY-MM-DD)"
out=$(as zhangsan delegate lisi --from -2026-12-01 --to 2026-12-31 2>&1); s=$?
is "delegate --from with a sign: exit 3" "$s: $out" "3: adminflow: delegate: --from '-2026-12-01' is not a date (YYYY-MM-DD)"
printf 'code,name,number,department,expires_on,remind_days\nLX-SIGN,证,1,ADM,-2026-01-01,30\n' > "$TMP/lic.csv"
out=$(af import licences "$TMP/lic.csv" 2>&1); s=$?
is "an import's date with a sign: exit 3" "$s" 3
like "an import's date with a sign: named with file:line" "$out" "^adminflow: $TMP/lic.csv:2: expires_on: '-2026-01-01' is not a date \(YYYY-MM-DD\)$"
out=$(as wangwu report backlog --from -2026-01-01 2>&1); s=$?
is "report --from with a sign: exit 3" "$s" 3
is "nothing went in through a signed date" \
	"$(q "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM delegations), (SELECT count(*) FROM licences)")" "$before"

# --- odd files say what they are ---------------------------------------------------------------------
mkdir -p "$TMP/forms"
sed 's/max_length = 64;/max_length = 9223372036854775808;/' "$FORMS/licence.conf" > "$TMP/forms/licence.conf"
out=$(af forms check "$TMP/forms" 2>&1); s=$?
is "a number beyond 64 bits in a form file: exit 3" "$s" 3
like "it is called too large, not -1" "$out" "^$TMP/forms/licence.conf:10: field 'number': max_length: too large \(beyond 64 bits\); the range is 1..4000$"
sqlite3 "$TMP/minus.db" "CREATE TABLE t(x); PRAGMA user_version = -1"
out=$("$AF_BIN" --db "$TMP/minus.db" whoami 2>&1); s=$?
is "user_version -1: a message, not an empty one" "$s: $out" \
	"1: adminflow: $TMP/minus.db: schema version -1 is not one of adminflow's (the file was not changed)"
cp "$DB" "$TMP/g.db"
head -c 3000 /dev/urandom > "$TMP/g.db-journal"
out=$("$AF_BIN" --db "$TMP/g.db" doctor 2>&1); s=$?
is "a garbage -journal: doctor exits 0, as commands work" "$s" 0
is "a garbage -journal: doctor says nothing cannot be written" "$(printf '%s\n' "$out" | grep -c 'cannot be written')" 0
ok "and commands work" "$AF_BIN" --db "$TMP/g.db" whoami

# --- drafts through links ------------------------------------------------------------------------
# Every form's draft name (and the old temporary name) a link to a file of
# someone else's: the screens save the draft as they type, never through
# the link.
DRAFTS="$OUTBOX/drafts"
mkdir -p "$DRAFTS"
echo keep > "$TMP/victim"
for f in "$FORMS"/*.conf; do
	id=$(basename "$f" .conf)
	ln -s "$TMP/victim" "$DRAFTS/zhangsan-$id.draft"
	ln -s "$TMP/victim" "$DRAFTS/zhangsan-$id.draft.tmp"
done
printf 'key Enter\nkey Enter\nkey a\nkey j\nkey Enter\nkey Tab\nkey Enter\ntype 80\nkey Enter\ndump\n' | tui_dump 80x24 zhangsan >/dev/null
is "drafts: the file the links point to is untouched" "$(cat "$TMP/victim")" keep
like "drafts: the draft was saved, as a file of its own" "$(find "$DRAFTS" -type f -name 'zhangsan-*.draft')" "zhangsan-expense.draft$"
done_testing
