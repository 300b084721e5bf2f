#!/bin/sh
# Who may do what: every command tried by someone of every role, and by a
# login the company does not know. Each try starts from the same database;
# what is allowed exits 0, what is not exits 4 with one line and changes
# nothing (the audit row of --as aside: that use is recorded either way).
#
# Who is allowed comes from the seed's permission table (a command gated by
# a permission: its holders), or from the request (an approval: whoever has
# the task; a withdrawal: the applicant; reading: the applicant, those asked
# and those who see everything).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

# One of each role, and two who take part in the requests below: zhangsan
# (an employee, the applicant) and lisi (his department head, the approver).
#   yejun dept_head elsewhere   liuyang admin_staff   wangwu admin_manager
#   songjia finance   chenzong general_manager   zhaoliu venue_keeper
#   maqiang fleet_keeper   guojing asset_keeper   linna seal_keeper
#   sunhui auditor
LOGINS="zhangsan lisi yejun liuyang wangwu songjia chenzong zhaoliu maqiang guojing linna sunhui"

# --- the requests every try starts from ----------------------------------------
R1=$(as zhangsan submit expense lines=office,100 purpose=文具)   # at lisi
R2=$(as zhangsan submit express recipient=王 phone=1 address=北京 weight=1) # at the admin staff
R3=$(as zhangsan submit expense lines=office,200 purpose=打印)
as lisi return "$R3" -m 请补票据 >/dev/null                                 # back with zhangsan
S1=$(as zhangsan submit supplies lines=SP001:1 purpose=打印合同)
as lisi approve "$S1" >/dev/null && as liuyang approve "$S1" >/dev/null     # ready to hand out
V1=$(as zhangsan submit vehicle vehicle=V01 'time=2026-12-02 08:00/12:00' destination=浦东 passengers=2 purpose=接客户)
as lisi approve "$V1" >/dev/null && as maqiang approve "$V1" >/dev/null     # ready to go out
TAG=$(q "SELECT tag FROM assets WHERE status = 'in_stock' ORDER BY tag LIMIT 1")
printf 'sku,name,unit,on_hand,reorder_level,location\nRM-1,权限测试,box,1,1,A\n' > "$TMP/one.csv"
for n in "$R1" "$R2" "$R3" "$S1" "$V1" "$TAG"; do
	[ -n "$n" ] || { echo "Bail out! a fixture could not be made"; exit 1; }
done
cp "$DB" "$TMP/template.db"

# state: everything in the database but the audit rows of --as, in one
# sqlite3 run (the script lists every table of the schema).
for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('audit', 'counters')
	AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
	echo "SELECT '== $t'; SELECT * FROM \"$t\" ORDER BY 1, 2;"
done > "$TMP/state.sql"
echo "SELECT id, actor, action, object FROM audit WHERE action <> 'as' ORDER BY id;
SELECT * FROM counters WHERE name NOT LIKE 'audit.%' ORDER BY name;" >> "$TMP/state.sql"
state() { sqlite3 "$DB" < "$TMP/state.sql"; }
TEMPLATE_STATE=$(state)
VIEW_ALL=$(holders view_all)
EVERYONE=$LOGINS

# try ALLOWED CMD ARGS...: CMD by every login, each from the template:
# allowed ones exit 0; the others exit 4, say so on one line, change nothing.
bad=""
cells=0
try() {
	_allowed=" $1 "; shift
	echo "# $*: allowed for$(echo "$_allowed" | tr -s ' ' | sed 's/ $//')"
	for l in $LOGINS; do
		cells=$((cells + 1))
		cp "$TMP/template.db" "$DB"
		_before=$TEMPLATE_STATE
		"$AF_BIN" --db "$DB" --as "$l" "$@" > "$TMP/out" 2> "$TMP/err"; _s=$?
		case "$_allowed" in
		*" $l "*)
			[ $_s = 0 ] || bad="$bad
$l $*: exit $_s, expected 0: $(head -1 "$TMP/err")" ;;
		*)
			if [ $_s != 4 ]; then
				bad="$bad
$l $*: exit $_s, expected 4: $(head -1 "$TMP/err")"
			elif [ "$(wc -l < "$TMP/err")" != 1 ] || [ -s "$TMP/out" ] || ! grep -q '^adminflow: ' "$TMP/err"; then
				bad="$bad
$l $*: not one adminflow: line: $(cat "$TMP/out" "$TMP/err" | head -3)"
			elif [ "$(state)" != "$_before" ]; then
				bad="$bad
$l $*: refused, yet the database changed"
			fi ;;
		esac
	done
}

# Everyone who is an employee.
try "$EVERYONE" whoami
try "$EVERYONE" inbox
try "$EVERYONE" inbox --done
try "$EVERYONE" inbox --mine
try "$EVERYONE" outbox list
try "$EVERYONE" forms
try "$EVERYONE" calendar rooms --days 1
try "$EVERYONE" report
try "$EVERYONE" route express recipient=王 phone=1 address=北京 weight=1
try "$EVERYONE" submit express recipient=王 phone=1 address=北京 weight=1
try "$EVERYONE" delegate huangmin --from 2026-12-01 --to 2026-12-02
# reminders are for cron (root) and the remind permission (issue 12)
try "$(holders remind)" remind --dry-run
# Those who may see a request: its applicant, whoever it asked, view_all.
try "zhangsan lisi $VIEW_ALL" show "$R1"
try "zhangsan lisi $VIEW_ALL" comment "$R1" -m 看过
try "zhangsan liuyang $VIEW_ALL" show "$R2"
# The applicant, and those who see everything, may urge.
try "zhangsan $VIEW_ALL" urge "$R1"
# Whoever holds the task.
try "lisi" approve "$R1"
try "lisi" approve "$R1" -m 同意
try "lisi" reject "$R1" -m 不符合规定
try "lisi" return "$R1" -m 请补充
try "lisi" transfer "$R1" yejun
try "lisi" addsign "$R1" yejun --after
try "liuyang" approve "$R2"
# The applicant only.
try "zhangsan" withdraw "$R1"
try "zhangsan" resubmit "$R3" -m 已补
# A permission of the seed's table.
try "$(holders cancel)" cancel "$R1" -m 作废
try "$(holders import)" import supplies "$TMP/one.csv"
try "$(holders export)" export supplies
try "$(holders audit)" audit verify
try "$(holders manage_stock)" stock issue "$S1"
try "$(holders manage_resources)" trip out "$V1" --odometer 12000
try "$(holders view_all manage_assets)" assets list
try "$(holders manage_assets)" assets assign "$TAG" zhangsan
try "$(holders manage_assets)" assets assign "$TAG" zhangsan --return-due 2026-12-31
# Once the trip has begun: the keepers record a no-show; the booker, or a
# keeper, a check-in.
ADMINFLOW_NOW="2026-12-02 08:30:00"; export ADMINFLOW_NOW
try "$(holders manage_resources)" noshow "$V1"
try "zhangsan $(holders manage_resources)" checkin "$V1"
ADMINFLOW_NOW="2026-11-28 09:00:00"
try "$(holders manage_assets)" stocktake start
try "$(holders report_all report_department)" report volume
try "$(holders report_all report_department report_money)" report expenses
try "$(holders report_all report_department)" report backlog
# --as, which every try above uses as root, from an employee: only for
# those who may impersonate (checked by the OS user part below).
echo "# $cells tries: every command by every role"
is "every allowed try succeeded; every other exited 4 with one line and changed nothing" "${bad:-none}" none

# --- nobody approves their own request ------------------------------------------------
cp "$TMP/template.db" "$DB"
own=$(as liuyang submit express recipient=王 phone=1 address=北京 weight=1)
refused "an admin clerk's own express request: not his to approve" 4 as liuyang approve "$own"
pending_of "$own" | grep -qw liuyang; [ $? != 0 ]; _result $? "others have it ($(pending_of "$own"))"
own=$(as lisi submit expense lines=office,100 purpose=文具)
refused "a department head's own claim: not his to approve" 4 as lisi approve "$own"
[ -n "$(pending_of "$own")" ] && ! pending_of "$own" | grep -qw lisi; _result $? "someone else has it ($(pending_of "$own"))"

# --- real operating-system users: an unknown login, --as from an employee -------------
# The program identifies people by getuid(); root may use --as, and so may
# the admin manager, nobody else. Users are made for the test and removed.
PUB="$TMP/pub"
mkdir -p "$PUB"
chmod 755 "$TMP"
chmod 1777 "$PUB"
cp "$TMP/template.db" "$PUB/af.db"
chmod 666 "$PUB/af.db"
USERS=""
cleanup_users() { for u in $USERS; do userdel -r "$u" >/dev/null 2>&1; done; }
at_exit cleanup_users
why=""
if [ "$(id -u)" != 0 ]; then
	why="not root: cannot make users"
elif ! command -v useradd >/dev/null 2>&1 || ! command -v setpriv >/dev/null 2>&1; then
	why="useradd or setpriv is missing"
else
	for u in afstranger afclerk afboss; do
		if id "$u" >/dev/null 2>&1; then why="a user $u exists already"; break; fi
		useradd -m -s /bin/sh "$u" 2>"$TMP/useradd.err" || { why="useradd failed: $(cat "$TMP/useradd.err")"; break; }
		USERS="$USERS $u"
	done
fi
if [ -n "$why" ]; then
	_n=$((_n + 1)); echo "ok $_n # SKIP operating-system users: $why"
else
	# afclerk and afboss are employees; afboss is an admin manager.
	printf 'login,name,department,title,email,phone,id_number\nafclerk,测试文员,ADM,文员,,,\nafboss,测试经理,ADM,经理,,,\n' > "$PUB/emp.csv"
	printf 'login,role\nafboss,admin_manager\n' > "$PUB/roles.csv"
	"$AF_BIN" --db "$PUB/af.db" import employees "$PUB/emp.csv" >/dev/null &&
		"$AF_BIN" --db "$PUB/af.db" import roles "$PUB/roles.csv" >/dev/null ||
		echo "Bail out! the test employees could not be imported"
	chmod 666 "$PUB/af.db"
	# as_user USER ARGS...: the program run as USER, with USER's home.
	as_user() {
		_u=$1; shift
		env -i PATH="$PATH" HOME="$(getent passwd "$_u" | cut -d: -f6)" TZ=UTC LANG=C.UTF-8 \
			ADMINFLOW_NOW="$ADMINFLOW_NOW" setpriv --reuid="$_u" --regid="$_u" --init-groups \
			"$AF_BIN" --db "$PUB/af.db" "$@"
	}
	for cmd in whoami inbox "show $R1" "submit express recipient=王 phone=1 address=北京 weight=1" \
		"approve $R1" "export supplies" "audit verify" "report"; do
		_before=$(DB="$PUB/af.db" state)
		# shellcheck disable=SC2086
		out=$(as_user afstranger $cmd 2>&1); s=$?
		is "an unknown login: $cmd: exit 4" "$s" 4
		like "an unknown login: $cmd: says who and why" "$out" \
			"^adminflow: identity: login 'afstranger' is not an employee in .* \(ask the admin office to add you\)$"
		is "an unknown login: $cmd: nothing changed" "$(DB="$PUB/af.db" state)" "$_before"
	done
	out=$(as_user afstranger forms 2>&1); s=$?
	is "an unknown login may still list the forms (no identity needed)" "$s" 0
	like "an employee is known by their login" "$(as_user afclerk whoami)" "^login	afclerk$"
	_before=$(DB="$PUB/af.db" state)
	out=$(as_user afclerk --as zhangsan whoami 2>&1); s=$?
	is "--as from an ordinary employee: exit 4" "$s: $out" \
		"4: adminflow: --as: only root and the admin manager may act as another user"
	is "--as refused: nothing changed" "$(DB="$PUB/af.db" state)" "$_before"
	is "--as refused: and no audit row claims it happened" \
		"$(sqlite3 "$PUB/af.db" "SELECT count(*) FROM audit WHERE actor LIKE 'afclerk (as %'")" 0
	_before=$(sqlite3 "$PUB/af.db" "SELECT count(*) FROM audit")
	out=$(as_user afboss --as zhangsan whoami 2>&1); s=$?
	like "--as from the admin manager: allowed" "$s: $out" "^0: login	zhangsan"
	is "a read under --as by the admin manager (who sees all anyway) writes no audit row" \
		"$(sqlite3 "$PUB/af.db" "SELECT count(*) FROM audit")" "$_before"
	out=$(as_user afboss --as zhangsan submit express recipient=王 phone=1 address=北京 weight=1 2>&1); s=$?
	like "a change under --as from the admin manager: allowed" "$s: $out" "^0: KD-"
	is "and audited with both names, in the change's transaction" \
		"$(sqlite3 "$PUB/af.db" "SELECT group_concat(actor || ' ' || action, ', ') FROM (SELECT * FROM audit ORDER BY id DESC LIMIT 2)")" \
		"afboss (as zhangsan) submit, afboss (as zhangsan) as"
	out=$(as_user afclerk approve "$R2" 2>&1); s=$?
	is "an employee without the role: approve exits 4" "$s" 4
fi
done_testing
