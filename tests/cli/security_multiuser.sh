#!/bin/sh
# The multi-user installation attacked by its own users (issue 12): the
# program setgid to the group that owns the shared database, real Unix
# users (made here, removed after) mapped to employees. Each attack an
# employee could make with the program's group is tried, and each must
# leave the database byte for byte as it was (or changed only by the
# legitimate part) with the exit status the contract names:
# - the outbox and the demo database through symbolic links,
# - export -o over the database, or into the share's folder,
# - init by a stranger, an employee, with --demo on real data,
# - --key with a path in it,
# - files to read (import, minutes) that only the group may read.
# Group and users: afmu*, none of security_setgid.sh's.
. "$srcdir/tests/lib.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

. "$srcdir/tests/lib_users.sh"

G=afmugrp
EMP=afmuemp  # an employee
STAFF=afmustf # admin staff: may export and import
MGR=afmumgr  # the admin manager
NOBODY=afmunob # a login that is no employee
users_make $G $EMP $STAFF $MGR $NOBODY
setgid_program
printf 'login,name,department,title,email,phone,id_number\n%s,攻击员工,MKT,专员,,,\n%s,行政专员乙,ADM,专员,,,\n%s,行政经理乙,ADM,经理,,,\n' \
	$EMP $STAFF $MGR > "$TMP/emp.csv"
printf 'login,role\n%s,admin_staff\n%s,admin_manager\n' $STAFF $MGR > "$TMP/roles.csv"
shared_db "$TMP/emp.csv" "$TMP/roles.csv"
system_conf
# as USER ARGS...: the setgid program as USER, with the system's configuration.
as() { _a=$1; shift; as_user "$_a" --config "$CONF" "$@"; }
hash() { sha256sum < "$SDB" | cut -c1-64; }
rows() { sqlite3 "$SDB" "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM employees), (SELECT count(*) FROM audit)"; }
sound() { sqlite3 "$SDB" 'PRAGMA integrity_check'; }
# attack DESC STATUS CMD...: CMD exits STATUS and the database is byte for byte as it was.
attack() {
	_d=$1 _e=$2
	shift 2
	_h=$(hash)
	_out=$("$@" 2>&1); _s=$?
	is "$_d: exit $_e" "$_s" "$_e" 
	[ "$_s" = "$_e" ] || printf '# %s\n' "$_out"
	is "$_d: the database is byte for byte as it was" "$(hash)" "$_h"
}

ok "the employee works through the program" as $EMP whoami

# --- 1. the outbox through a symbolic link ---------------------------------------------------
OB="$(home $EMP)/.local/state/adminflow/outbox"
sh_as $EMP "mkdir -p '$OB' && ln -s '$SDB' '$OB/.linkattack1.tmp' && ln -s '$SDB' '$OB/linkattack1.sub'"
before=$(rows)
n=$(as $EMP submit --key linkattack1 express recipient=王 phone=1 address=北京 weight=1 2>&1); s=$?
like "outbox: a link where the temporary copy goes is not written through; the submission goes in" "$s: $n" "^0: KD-"
is "outbox: the database is sound, one request more" "$(sound) $(sqlite3 "$SDB" 'SELECT count(*) FROM requests')" \
	"ok $(( ${before%%|*} + 1 ))"
is "outbox: the database is still the group's, mode 0660" "$(stat -c '%G %a' "$SDB")" "$G 660"
is "outbox: the links are gone, not followed" "$(find "$OB" -type l | wc -l | tr -d ' ')" 0
# The outbox folder itself a link into the share: refused.
sh_as $EMP "rm -rf '$OB' && ln -s '$SHARE' '$OB'"
attack "outbox: the folder a link to the share" 4 \
	as $EMP submit --key linkattack2 express recipient=王 phone=1 address=北京 weight=1
is "outbox: nothing was written into the share" "$(ls "$SHARE")" "af.db"
like "outbox: it says why" "$(as $EMP submit --key linkattack3 express recipient=王 phone=1 address=北京 weight=1 2>&1)" \
	"^adminflow: outbox: $OB: is a symbolic link, not a folder of yours; nothing written$"
sh_as $EMP "rm -f '$OB'"

# --- 4. --key with a path in it ---------------------------------------------------------------
attack "--key with ../ in it" 3 as $EMP submit --key "../../../../$SHARE/evil" express recipient=王 phone=1 address=北京 weight=1
attack "--key with an escape in it" 3 as $EMP submit --key "$(printf 'key\033[2Jxyz')" express recipient=王 phone=1 address=北京 weight=1
is "no file appeared in the share" "$(ls "$SHARE")" "af.db"

# --- 2. export over the database --------------------------------------------------------------
attack "export -o the database (its folder is closed to the user)" 4 as $STAFF export supplies -o "$SDB"
attack "export -o a new file in the share's folder" 4 as $STAFF export supplies -o "$SHARE/x.csv"
is "export: nothing was left in the share" "$(ls "$SHARE")" "af.db"
sh_as $STAFF "ln -s '$SDB' \$HOME/out.csv"
attack "export -o a link to the database" 3 as $STAFF export supplies -o "$(home $STAFF)/out.csv"
is "export: the link is still a link" "$(stat -c %F "$(home $STAFF)/out.csv")" "symbolic link"
# A file of the data group's, 0660, in the user's own folder: the program
# could write it with its group, the user could not: not replaced.
HS=$(home $STAFF)
echo theirs > "$HS/group.csv"
chgrp $G "$HS/group.csv"
chmod 660 "$HS/group.csv"
attack "export -o a file only the data group may write, in the user's own folder" 4 as $STAFF export supplies -o "$HS/group.csv"
is "export: that file is untouched" "$(cat "$HS/group.csv") $(stat -c '%G' "$HS/group.csv")" "theirs $G"
# A hard link to the database in the user's folder (made here by root; the
# kernel's protected_hardlinks keeps a user from making one): not written.
if ln "$SDB" "$HS/hard.csv" 2>/dev/null; then
	attack "export -o a hard link to the database" 3 as $STAFF export supplies -o "$HS/hard.csv"
	rm -f "$HS/hard.csv"
else
	_result 0 "# SKIP export -o a hard link to the database: cannot make one here"
fi
out=$(cd "$(home $STAFF)" && as $STAFF export supplies -o "$(home $STAFF)/mine.csv" 2>&1); s=$?
is "export -o a file of the user's own: exit 0" "$s" 0
is "export: the file is the user's, with the user's group" "$(stat -c '%U %G' "$(home $STAFF)/mine.csv")" "$STAFF $(id -gn $STAFF)"
like "export -o -: standard output" "$(as $STAFF export supplies -o - | head -1)" "^.?sku,"

# --- printed pages and saved attachments: the same rule as exports --------------------------------
H=$(home $EMP)
sh_as $EMP "printf 'receipt\\n' > \$HOME/receipt.txt && ln -s '$SDB' \$HOME/page.txt && ln -s '$SDB' \$HOME/saved.txt"
attack "attach the database file (read without the group)" 3 as $EMP attach "$n" "$SDB"
is "attach a file of the user's own: attachment 1" "$(as $EMP attach "$n" "$H/receipt.txt" 2>&1)" 1
attack "show --print -o the database" 4 as $EMP show "$n" --print -o "$SDB"
attack "show --print -o a link to the database" 3 as $EMP show "$n" --print -o "$H/page.txt"
attack "attachment -o the database, --force" 4 as $EMP attachment "$n" 1 -o "$SDB" --force
attack "attachment -o a link to the database, --force" 3 as $EMP attachment "$n" 1 -o "$H/saved.txt" --force
sh_as $MGR "ln -s '$SDB' \$HOME/report.csv"
attack "report -o a link to the database" 3 as $MGR report backlog --csv -o "$(home $MGR)/report.csv"
is "the links are still links" "$(stat -c %F "$H/page.txt" "$H/saved.txt" | sort -u)" "symbolic link"
is "nothing was left in the share" "$(ls "$SHARE")" "af.db"
as $EMP show "$n" --print -o "$H/page2.txt" && as $EMP attachment "$n" 1 -o "$H/saved2.txt"
is "a printed page and a saved attachment are the user's, with the user's group" \
	"$(stat -c '%U %G' "$H/page2.txt" "$H/saved2.txt" | sort -u)" "$EMP $(id -gn $EMP)"
is "the saved attachment is what was attached" "$(cat "$H/saved2.txt")" receipt

# --- 3. init by anybody -----------------------------------------------------------------------
attack "init --demo by a login that is no employee" 4 as $NOBODY init --demo
attack "init by an employee" 4 as $EMP init
like "init by an employee: says who may" "$(as $EMP init 2>&1)" \
	"^adminflow: init: $SDB: the database exists; only the admin manager or root may upgrade it or add to it \(not $EMP\)$"
attack "init --demo by the admin manager: the database holds real data" 5 as $MGR init --demo
ok "init by the admin manager: allowed, nothing to do" as $MGR init
is "the demo's admin clerk is still who they were" "$(sqlite3 "$SDB" "SELECT name FROM employees WHERE login = '$MGR'")" "行政经理乙"
# The demo database a link to the shared one: the demo runs without the group.
DD="$(home $EMP)/.local/share/adminflow"
sh_as $EMP "mkdir -p '$DD' && ln -s '$SDB' '$DD/demo.db'"
_h=$(hash)
out=$(as $EMP --demo init 2>&1); s=$?
[ "$s" != 0 ]; _result $? "--demo with demo.db a link to the shared file: refused ($s: $out)"
is "--demo: the database is byte for byte as it was" "$(hash)" "$_h"

# --- files to read that only the group may read -------------------------------------------------
attack "import from the database file" 3 as $STAFF import employees "$SDB"
attack "minutes --file the database (read before anything else)" 3 as $MGR minutes "$n" --file "$SDB"

is "integrity at the end" "$(sound)" ok
ok "the audit chain holds" "$AF_BIN" --db "$SDB" audit verify
done_testing
