#!/bin/sh
# The multi-user installation: the program setgid to a group that owns the
# database, so that users can write the file only through the program. A
# test group and two test users are made (and removed); the program is a
# setgid copy of the built one, as `make install-setgid` leaves it. Then:
# the user cannot touch the file directly but can work through the
# program; --db is refused, and so is --config unless root owns the file;
# $ADMINFLOW_CONFIG, the user's own config file, $ADMINFLOW_NOW,
# $ADMINFLOW_TEST_CRASH and the fault VFS's knob are ignored; the notify
# command runs without the group and without the database's descriptor.
. "$srcdir/tests/lib.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

. "$srcdir/tests/lib_users.sh"

G=afsgtest
U=afsguser
V=afsgother
users_make $G $U $V
setgid_program
mkdir -p "$TMP/pub"
chmod 1777 "$TMP/pub"
printf 'login,name,department,title,email,phone,id_number\n%s,测试员工,MKT,专员,,,\n%s,测试员工二,MKT,专员,,,\n' $U $V > "$TMP/emp.csv"
shared_db "$TMP/emp.csv"
system_conf "notify_command = \"id -g > $TMP/pub/notify.gid; id -G > $TMP/pub/notify.groups; ls -l /proc/self/fd > $TMP/pub/notify.fds 2>&1\";"
count() { sqlite3 "$SDB" "SELECT count(*) FROM requests"; }

# --- the file is the group's -----------------------------------------------------
is "the program is setgid $G" "$(stat -c '%A %G' "$SG")" "-rwxr-sr-x $G"
out=$(setpriv --reuid=$U --regid=$U --init-groups sqlite3 "$SDB" "SELECT count(*) FROM requests" 2>&1); s=$?
[ $s != 0 ]; _result $? "the user cannot read the file directly ($out)"
out=$(setpriv --reuid=$U --regid=$U --init-groups sh -c "echo x >> '$SDB'" 2>&1); s=$?
[ $s != 0 ]; _result $? "nor write it"

# --- through the program -------------------------------------------------------------
out=$(as_user $U --config "$CONF" whoami 2>&1); s=$?
like "through the program the user is themself" "$s: $out" "^0: login	$U"
before=$(count)
n=$(as_user $U --config "$CONF" submit express recipient=王 phone=1 address=北京 weight=1 2>"$TMP/err"); s=$?
like "and submits" "$s: $n $(cat "$TMP/err")" "^0: KD-[0-9-]+ $"
is "the request is in the file" "$(count)" $((before + 1))
is "the database keeps its group and mode" "$(stat -c '%G %a' "$SDB")" "$G 660"
is "no journal is left, with any other group" "$(ls "$SDB"-journal 2>/dev/null)" ""
out=$(as_user $U --config "$CONF" doctor 2>&1); s=$?
like "doctor through the program: the file is the program's group's" "$out" \
	"^ok	file	$SDB: mode 0660, group-owned: written only through this setgid program$"
like "doctor: the folder is writable by the program" "$out" "^ok	directory	$SHARE: writable$"
is "the user's outbox is the user's" "$(stat -c '%U' "$(home $U)/.local/state/adminflow/outbox")" $U

# --- what a user may not say ---------------------------------------------------------
printf 'database = "%s/pub/mine.db";\n' "$TMP" > "$TMP/pub/evil.conf"
chmod 644 "$TMP/pub/evil.conf"
chown $U "$TMP/pub/evil.conf"
cp "$SDB" "$TMP/pub/mine.db"
chmod 666 "$TMP/pub/mine.db"
out=$(as_user $U --config "$CONF" --db "$TMP/pub/mine.db" whoami 2>&1); s=$?
is "--db: refused" "$s: $out" \
	"4: adminflow: --db: not permitted in a multi-user installation (the database is the one $CONF names)"
out=$(as_user $U --config "$TMP/pub/evil.conf" whoami 2>&1); s=$?
is "--config of the user's: refused" "$s: $out" \
	"4: adminflow: --config: $TMP/pub/evil.conf: not permitted in a multi-user installation (only a file that root owns, in folders only root may change)"
mkdir -p "$TMP/pub/own"
cp "$CONF" "$TMP/pub/own/rootconf.conf"
chmod 644 "$TMP/pub/own/rootconf.conf"
chown $U "$TMP/pub/own"
out=$(as_user $U --config "$TMP/pub/own/rootconf.conf" whoami 2>&1); s=$?
like "--config of root's, but in a folder of the user's: refused" "$s: $out" "^4: adminflow: --config: "
cp "$CONF" "$TMP/pub/rootconf.conf"
chmod 644 "$TMP/pub/rootconf.conf"
out=$(as_user $U --config "$TMP/pub/rootconf.conf" whoami 2>&1); s=$?
like "--config of root's in a sticky folder (nobody else may move it): allowed" "$s: $out" "^0: login	$U"
out=$(as_user $U --config "$CONF" --as zhangsan whoami 2>&1); s=$?
is "--as: refused" "$s: $out" "4: adminflow: --as: only root and the admin manager may act as another user"
out=$("$SG" --db "$TMP/pub/mine.db" whoami 2>&1); s=$?
like "root may still use --db" "$s: $out" "^0: login	root"

# --- the environment is not listened to -----------------------------------------------------
AS_ENV="ADMINFLOW_CONFIG=$TMP/pub/evil.conf"
out=$(as_user $U whoami 2>&1); s=$?
like "\$ADMINFLOW_CONFIG ignored: no database configured (the system's file is the only one)" "$s: $out" \
	"^2: adminflow: database: none configured"
HOME_U=$(home $U)
mkdir -p "$HOME_U/.config/adminflow" "$TMP/pub/xdg/adminflow"
cp "$TMP/pub/evil.conf" "$HOME_U/.config/adminflow/adminflow.conf"
cp "$TMP/pub/evil.conf" "$TMP/pub/xdg/adminflow/adminflow.conf"
chown -R $U "$HOME_U/.config"
AS_ENV="XDG_CONFIG_HOME=$TMP/pub/xdg"
out=$(as_user $U whoami 2>&1); s=$?
like "the user's own config file and \$XDG_CONFIG_HOME ignored" "$s: $out" "^2: adminflow: database: none configured"
AS_ENV="ADMINFLOW_NOW=2030-01-01"
n=$(as_user $U --config "$CONF" submit express recipient=王 phone=1 address=北京 weight=2 2>&1); s=$?
like "\$ADMINFLOW_NOW ignored: the clock is the real one" "$s: $n" "^0: KD-$(date -u +%Y%m%d)-"
AS_ENV="ADMINFLOW_TEST_CRASH=after-outbox"
out=$(as_user $U --config "$CONF" submit express recipient=王 phone=1 address=北京 weight=3 2>&1); s=$?
like "\$ADMINFLOW_TEST_CRASH ignored: no crash" "$s: $out" "^0: KD-"
AS_ENV=""
FV=$(cd "$top_builddir" && pwd)/tests/adminflow-faultvfs
if [ -x "$FV" ]; then
	cp "$FV" "$TMP/bin/faultvfs"
	chgrp $G "$TMP/bin/faultvfs"
	chmod 2755 "$TMP/bin/faultvfs"
	out=$(env -i PATH="$PATH" HOME="$HOME_U" ASAN_OPTIONS=detect_leaks=0 ADMINFLOW_TEST_VFS="write:main:1:0:ioerr" \
		setpriv --reuid=$U --regid=$U --init-groups "$TMP/bin/faultvfs" --config "$CONF" \
		submit express recipient=王 phone=1 address=北京 weight=4 2>&1); s=$?
	like "the fault VFS's knob is dead in a setgid program: the write goes through" "$s: $out" "^0: KD-"
fi

# --- the notify command runs as the user alone ----------------------------------------------
rm -f "$TMP/pub/notify."*
n=$(as_user $U --config "$CONF" submit express recipient=王 phone=1 address=北京 weight=5)
i=0
while [ ! -s "$TMP/pub/notify.fds" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
is "notify ran with the user's group, not $G" "$(cat "$TMP/pub/notify.gid" 2>/dev/null)" "$(id -g $U)"
grep -qw "$(getent group $G | cut -d: -f3)" "$TMP/pub/notify.groups" 2>/dev/null; [ $? != 0 ]
_result $? "and $G is not among its groups"
grep -q "$SDB" "$TMP/pub/notify.fds" 2>/dev/null; [ $? != 0 ]
_result $? "and it holds no descriptor of the database"

# --- another user sees only what they may ---------------------------------------------------------
out=$(as_user $V --config "$CONF" show "$n" 2>&1); s=$?
is "another employee may not read the first one's request" "$s" 4
is "integrity at the end" "$(sqlite3 "$SDB" 'PRAGMA integrity_check')" ok
ok "the audit chain holds" "$AF_BIN" --db "$SDB" audit verify

# --- make install-setgid ------------------------------------------------------------------------
# -o: install what is built, never relink it: other tests are running the
# program while this one runs.
out=$(cd "$top_builddir" && make -s -o all -o src/adminflow install-setgid DESTDIR="$TMP/inst" AF_GROUP=$G 2>&1); s=$?
is "make install-setgid: exit 0" "$s" 0
inst=$(find "$TMP/inst" -path '*/bin/adminflow' | head -1)
is "make install-setgid: the installed program is setgid $G" "$(stat -c '%A %G' "$inst" 2>/dev/null)" "-rwxr-sr-x $G"
done_testing
