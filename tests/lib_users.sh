# Helpers for the tests of the multi-user installation (sourced after
# tests/lib.sh): a test group and real Unix users made here and removed on
# exit, the program as a setgid copy of the built one (as `make
# install-setgid` leaves it), the shared database owned by the group in a
# folder of the group's, the system's configuration root's, and the
# program run as one of the users from a clean environment. A test that
# cannot have all this (not root, a tool missing, $TMP mounted nosuid, a
# name taken, a sanitizer build) is skipped with the reason. Each test
# uses names of its own, so that they may run at once.

# users_make GROUP USER...: the group and the users (a home, /bin/sh),
# removed on exit (after whatever is registered later, say a tmux server).
users_make() {
	_ug=$1
	shift
	_why=""
	if [ "$(id -u)" != 0 ]; then
		_why="not root: cannot make users, groups or setgid programs"
	else
		for _t in useradd userdel groupadd groupdel setpriv findmnt sha256sum; do
			command -v $_t >/dev/null 2>&1 || { _why="$_t is missing"; break; }
		done
	fi
	[ -z "$_why" ] && case ",$(findmnt -n -o OPTIONS -T "$TMP")," in
		*,nosuid,*) _why="$TMP is on a nosuid filesystem" ;;
	esac
	if [ -z "$_why" ]; then
		getent group "$_ug" >/dev/null && _why="a group $_ug exists already"
		for _u in "$@"; do id "$_u" >/dev/null 2>&1 && _why="a user $_u exists already"; done
	fi
	[ -z "$_why" ] || skip_all "$_why"
	USERS_GROUP=$_ug
	USERS_MADE=""
	at_exit users_remove
	groupadd "$_ug" || skip_all "groupadd $_ug failed"
	for _u in "$@"; do
		useradd -m -s /bin/sh "$_u" || skip_all "useradd $_u failed"
		USERS_MADE="$USERS_MADE $_u"
	done
}
users_remove() {
	for _u in $USERS_MADE; do userdel -r "$_u" >/dev/null 2>&1; done
	groupdel "$USERS_GROUP" >/dev/null 2>&1
}

# setgid_program: $SG, the built program copied to $TMP/bin, setgid
# $USERS_GROUP; $TMP, $TMP/bin and $TMP/etc made passable for the users.
# A sanitizer build cannot run setgid (LeakSanitizer needs to trace the
# process, which a setgid process refuses, and it ignores $ASAN_OPTIONS
# there): skipped, the plain build (CI runs both) runs the test.
setgid_program() {
	chmod 755 "$TMP"
	mkdir -p "$TMP/bin" "$TMP/etc"
	chmod 755 "$TMP/bin" "$TMP/etc"
	SG="$TMP/bin/adminflow"
	cp "$AF_BIN" "$SG"
	chgrp "$USERS_GROUP" "$SG"
	chmod 2755 "$SG"
	set -- $USERS_MADE
	if ! setpriv --reuid="$1" --regid="$1" --init-groups "$SG" --version >/dev/null 2>&1; then
		if ldd "$AF_BIN" 2>/dev/null | grep -q 'lib[al]san'; then
			skip_all "a sanitizer build cannot run setgid (LeakSanitizer needs ptrace); the plain build runs this"
		fi
	fi
}

# shared_db EMPLOYEES.csv [ROLES.csv]: $SDB in $SHARE, the demo database
# with these employees (and roles) imported, then the group's: the folder
# 2770, the file 0660, so that users reach it only through $SG.
shared_db() {
	SHARE="$TMP/share"
	SDB="$SHARE/af.db"
	mkdir -p "$SHARE"
	"$AF_BIN" --db "$SDB" init --demo >/dev/null
	"$AF_BIN" --db "$SDB" import employees "$1" >/dev/null
	[ -n "${2:-}" ] && "$AF_BIN" --db "$SDB" import roles "$2" >/dev/null
	chgrp -R "$USERS_GROUP" "$SHARE"
	chmod 2770 "$SHARE"
	chmod 0660 "$SDB"
}

# system_conf [LINE...]: $CONF, root's, in root's folder: the database, the
# forms, and these lines.
system_conf() {
	CONF="$TMP/etc/adminflow.conf"
	printf 'database = "%s";\nforms_dir = "%s";\n' "$SDB" "$FORMS" > "$CONF"
	for _l in "$@"; do printf '%s\n' "$_l" >> "$CONF"; done
	chmod 644 "$CONF"
}

home() { getent passwd "$1" | cut -d: -f6; }
# as_user USER ARGS...: $SG as USER from a clean environment (plus the
# VAR=VALUE words in $AS_ENV), with USER's home.
AS_ENV=""
as_user() {
	_u=$1
	shift
	# shellcheck disable=SC2086
	env -i PATH="$PATH" HOME="$(home "$_u")" TZ=UTC LANG=C.UTF-8 ASAN_OPTIONS=detect_leaks=0 $AS_ENV \
		setpriv --reuid="$_u" --regid="$_u" --init-groups "$SG" "$@"
}
# sh_as USER CMD: a shell command as USER (what the user can do anyway).
sh_as() { setpriv --reuid="$1" --regid="$1" --init-groups env HOME="$(home "$1")" sh -c "$2"; }
