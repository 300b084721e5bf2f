#!/bin/sh
# The foundation: init, schema versions, configuration, identity, doctor, audit.
. "$srcdir/tests/lib.sh"

# init creates the database; a second init is harmless.
ok "init creates a database" af init
is "schema version" "$(sqlite3 "$DB" 'PRAGMA user_version')" "$SCHEMA"
ok "init again is harmless" af init
is "foreign keys are declared" "$(sqlite3 "$DB" "SELECT count(*) FROM pragma_foreign_key_list('employees')")" 1

# A command on a missing database says so and exits 6.
status_is "missing database exits 6" 6 "$AF_BIN" --db "$TMP/nope.db" whoami
like "missing database message" "$("$AF_BIN" --db "$TMP/nope.db" whoami 2>&1)" \
	"^adminflow: .*/nope.db: no such database \(create it with: adminflow init\)$"
[ ! -e "$TMP/nope.db" ]; _result $? "a missing database is not created by accident"

# A database from a newer version is refused and left byte-for-byte as it was.
cp "$DB" "$TMP/newer.db"
sqlite3 "$TMP/newer.db" 'PRAGMA user_version=99'
before=$(sha256sum < "$TMP/newer.db")
status_is "newer schema refused" 1 "$AF_BIN" --db "$TMP/newer.db" whoami
like "newer schema message" "$("$AF_BIN" --db "$TMP/newer.db" init 2>&1)" \
	"schema version 99 is newer than this program's $SCHEMA; upgrade adminflow \(the file was not changed\)"
is "newer database unchanged" "$(sha256sum < "$TMP/newer.db")" "$before"
ls "$TMP"/newer.db-* >/dev/null 2>&1; [ $? != 0 ]; _result $? "no journal left beside the newer database"

# A version 1 file (made by the first release: a booking, a lent asset) is
# refused by every command until init upgrades it, in one transaction,
# keeping every row; the new columns start empty.
sqlite3 "$TMP/v1.db" < "$srcdir/tests/fixtures/schema/v1.sql"
v1rows=$(sqlite3 "$TMP/v1.db" 'SELECT (SELECT count(*) FROM bookings), (SELECT count(*) FROM assets), (SELECT count(*) FROM audit)')
status_is "an older schema is refused by commands" 6 "$AF_BIN" --db "$TMP/v1.db" whoami
like "the older schema message says how to upgrade" "$("$AF_BIN" --db "$TMP/v1.db" whoami 2>&1)" \
	"schema version 1 is older than $SCHEMA \(upgrade it with: adminflow init\)$"
ok "init upgrades version 1" "$AF_BIN" --db "$TMP/v1.db" init
is "upgraded to version $SCHEMA" "$(sqlite3 "$TMP/v1.db" 'PRAGMA user_version')" "$SCHEMA"
is "every row kept by the upgrade" \
	"$(sqlite3 "$TMP/v1.db" "SELECT (SELECT count(*) FROM bookings), (SELECT count(*) FROM assets), (SELECT count(*) FROM audit WHERE action <> 'init')")" "$v1rows"
is "the upgrade is audited, naming who did it" \
	"$(sqlite3 "$TMP/v1.db" "SELECT actor, detail FROM audit WHERE action = 'init'")" "$(id -un)|schema version 1 upgraded to $SCHEMA"
is "new columns start empty" "$(sqlite3 "$TMP/v1.db" 'SELECT count(*) FROM bookings WHERE attendance IS NULL')|$(sqlite3 "$TMP/v1.db" 'SELECT count(*) FROM assets WHERE return_due IS NOT NULL')" "1|0"
is "the upgraded file passes integrity_check" "$(sqlite3 "$TMP/v1.db" 'PRAGMA integrity_check')" ok
ok "the audit chain verifies after the upgrade" "$AF_BIN" --db "$TMP/v1.db" audit verify

# upgrade_from V TABLE...: a released version V's file (its fixture)
# is refused by commands until upgraded, then init brings it to this
# version with every row of the named tables and of the audit kept, the
# file whole and the audit chain verifying.
upgrade_from() {
	_v=$1; shift
	_count="SELECT ''"
	for _t in "$@"; do _count="$_count || (SELECT count(*) FROM $_t) || ' '"; done
	_count="$_count || (SELECT count(*) FROM audit WHERE action <> 'init')"
	sqlite3 "$TMP/v$_v.db" < "$srcdir/tests/fixtures/schema/v$_v.sql"
	_before=$(sqlite3 "$TMP/v$_v.db" "$_count")
	status_is "a version $_v file is refused by commands until upgraded" 6 "$AF_BIN" --db "$TMP/v$_v.db" whoami
	ok "init upgrades version $_v" "$AF_BIN" --db "$TMP/v$_v.db" init
	is "version $_v upgraded to version $SCHEMA" "$(sqlite3 "$TMP/v$_v.db" 'PRAGMA user_version')" "$SCHEMA"
	is "every row of $* and the audit kept by the upgrade from $_v" "$(sqlite3 "$TMP/v$_v.db" "$_count")" "$_before"
	is "the file upgraded from $_v passes integrity_check" "$(sqlite3 "$TMP/v$_v.db" 'PRAGMA integrity_check')" ok
	ok "the audit chain verifies after the upgrade from $_v" "$AF_BIN" --db "$TMP/v$_v.db" audit verify
}

# Version 2 (the second release: requests submitted and approved).
upgrade_from 2 requests tasks
# Version 3 (a delivery, a booking, an expense claim half-way through its
# steps): the claim goes on where it stood, finance can approve it.
upgrade_from 3 requests tasks bookings
ok "the claim of version 3 goes on: finance approves it" \
	env ADMINFLOW_NOW="2026-11-28 10:00:00" "$AF_BIN" --db "$TMP/v3.db" --as heqing approve BX-20261128-0001 -m 票据齐全
# Version 4 (a weekly series with a skipped date, a room booked by a clerk
# for the general manager, an expense claim past its first step, an asset
# whose category has a useful life): the skip and the "by" stay, and
# finance approves the claim.
upgrade_from 4 requests bookings booking_skips asset_categories
is "the booking made for the general manager still names its clerk" \
	"$(sqlite3 "$TMP/v4.db" "SELECT a.login || '/' || b.login FROM requests r JOIN employees a ON a.id = r.applicant_id JOIN employees b ON b.id = r.on_behalf_by")" "chenzong/liuyang"
ok "the claim of version 4 goes on: finance approves it" \
	env ADMINFLOW_NOW="2026-12-02 10:00:00" "$AF_BIN" --db "$TMP/v4.db" --as heqing approve BX-20261201-0001 -m 票据齐全
# Version 5 (a purged request's tombstone, a paid claim, a claim past its
# first step, a vehicle trip with its log, a stock correction): the
# tombstone stays purged and guarded, and finance approves the claim.
upgrade_from 5 requests trip_costs stock_moves
is "the tombstone of version 5 stays a tombstone" \
	"$(sqlite3 "$TMP/v5.db" "SELECT number || '/' || state || '/' || data FROM requests WHERE purged_at IS NOT NULL")" "LY-20240304-0001/done/{}"
# (the sqlite3 shell's exit status for a refused statement is 1 or the
# SQLite error code, 19, by version and by how it reads its input)
out=$(sqlite3 "$TMP/v5.db" "UPDATE requests SET summary = 'x' WHERE purged_at IS NOT NULL" 2>&1)
like "nothing may write the purged request after the upgrade" "$? $out" '^[1-9][0-9]* .*request: purged \(retention\)'
is "... and nothing was written" "$(sqlite3 "$TMP/v5.db" "SELECT summary FROM requests WHERE purged_at IS NOT NULL")" ""
ok "the claim of version 5 goes on: finance approves it" \
	env ADMINFLOW_NOW="2026-12-05 10:00:00" "$AF_BIN" --db "$TMP/v5.db" --as heqing approve BX-20261202-0001 -m 票据齐全

# Not an adminflow database.
sqlite3 "$TMP/other.db" 'CREATE TABLE t(x)'
status_is "foreign database refused" 6 "$AF_BIN" --db "$TMP/other.db" whoami

# Configuration: found by --config, named errors with FILE:LINE, exit 2.
printf 'database = "%s";\nbusy_timeout = 100;\n' "$DB" > "$TMP/good.conf"
ok "--config names the database" "$AF_BIN" --config "$TMP/good.conf" whoami
printf 'database = "%s";\nbusy_timout = 100;\n' "$DB" > "$TMP/unknown.conf"
status_is "unknown setting exits 2" 2 "$AF_BIN" --config "$TMP/unknown.conf" whoami
is "unknown setting named with file:line" "$("$AF_BIN" --config "$TMP/unknown.conf" whoami 2>&1)" \
	"adminflow: $TMP/unknown.conf:2: unknown setting 'busy_timout'"
printf 'database = "%s"\nbusy_timeout = ;\n' "$DB" > "$TMP/broken.conf"
status_is "syntax error exits 2" 2 "$AF_BIN" --config "$TMP/broken.conf" whoami
like "syntax error names file:line" "$("$AF_BIN" --config "$TMP/broken.conf" whoami 2>&1)" \
	"^adminflow: $TMP/broken.conf:2: "
printf 'busy_timeout = "soon";\n' > "$TMP/type.conf"
like "wrong type named" "$("$AF_BIN" --config "$TMP/type.conf" whoami 2>&1)" \
	"type.conf:1: 'busy_timeout' must be an integer"
printf 'journal_mode = "fast";\n' > "$TMP/jm.conf"
status_is "bad journal mode exits 2" 2 "$AF_BIN" --config "$TMP/jm.conf" --db "$DB" whoami
status_is "missing --config file exits 2" 2 "$AF_BIN" --config "$TMP/absent.conf" whoami
mkdir -p "$HOME/.config/adminflow"
printf 'database = "%s";\n' "$DB" > "$HOME/.config/adminflow/adminflow.conf"
ok "~/.config/adminflow/adminflow.conf is found" "$AF_BIN" whoami
printf 'database = "%s/nothere.db";\n' "$TMP" > "$TMP/env.conf"
status_is "\$ADMINFLOW_CONFIG comes before the user's file" 6 env ADMINFLOW_CONFIG="$TMP/env.conf" "$AF_BIN" whoami
rm -f "$HOME/.config/adminflow/adminflow.conf"
status_is "no database configured is a usage error" 2 "$AF_BIN" whoami

# Identity: root without an employee record acts as the system.
like "root acts as the system" "$(af whoami)" "roles	system"

# Journal mode: rollback journal, never WAL unless local and configured.
is "journal on local disk by default" "$(af doctor | awk -F'\t' '$2=="journal"{print $1}')" ok
printf 'journal_mode = "wal";\n' > "$TMP/wal.conf"
"$AF_BIN" --config "$TMP/wal.conf" --db "$DB" whoami >/dev/null 2>&1
is "WAL on a local disk when configured" "$(sqlite3 "$DB" 'PRAGMA journal_mode')" wal
"$AF_BIN" --db "$DB" whoami >/dev/null 2>&1
is "back to a rollback journal" "$(sqlite3 "$DB" 'PRAGMA journal_mode')" delete

# doctor: all well on a fresh database, exit 0.
ok "doctor passes on a healthy database" af doctor
out=$(af doctor)
like "doctor reports the filesystem" "$out" "^ok	filesystem	"
like "doctor reports the schema" "$out" "^ok	schema	version $SCHEMA$"
like "doctor reports integrity" "$out" "^ok	integrity	ok$"
status_is "doctor fails on a missing database" 1 "$AF_BIN" --db "$TMP/nope.db" doctor

# doctor refuses mount options that switch off locking between hosts.
mp=$(cd "$TMP" && pwd)
for opt in nolock local_lock=all local_lock=posix nobrl; do
	printf '36 25 0:32 / %s rw,relatime - nfs server:/export rw,vers=3,%s\n' "$mp" "$opt" > "$TMP/mountinfo"
	out=$(af doctor --mountinfo "$TMP/mountinfo"); s=$?
	is "doctor fails with $opt" "$s" 1
	like "doctor names $opt" "$out" "^FAIL	locking	mount option '$opt' switches off locking"
done
printf '36 25 0:32 / %s rw,relatime - nfs4 server:/export rw,vers=4.2,hard\n' "$mp" > "$TMP/mountinfo"
like "nfs4 without those options is a network fs, locking ok" "$(af doctor --mountinfo "$TMP/mountinfo")" "^ok	locking"
like "nfs4 detected as network" "$(af doctor --mountinfo "$TMP/mountinfo")" "nfs4 \(network"

# Usage errors exit 2.
status_is "unknown command exits 2" 2 af frobnicate
status_is "bad init argument exits 2" 2 af init --frob

# --demo with a command works on a fresh home: the folder is made.
ok "--demo init on a fresh home" "$AF_BIN" --demo init
like "the demo database is in the user's data folder" "$(ls "$HOME/.local/share/adminflow/")" "^demo.db$"

# The audit chain: intact, then an edit behind the program's back is found.
ok "audit verify on a fresh database" af audit verify
done_testing
