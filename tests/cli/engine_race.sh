#!/bin/sh
# Approvers acting at the same instant from separate processes. On an "any"
# step (或签) exactly one wins: the other exits 5 and names who acted first.
# On an "all" step (会签) both count and the request moves on exactly once.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

TRIALS=20

# race N LOGIN1 ARGS1 -- LOGIN2 ARGS2: both commands wait at a barrier and
# start together; their status, stdout and stderr land in $TMP/r1.* and r2.*.
race() {
	rm -f "$TMP/go"
	_l1=$1; shift
	_a1=""
	while [ "$1" != -- ]; do _a1="$_a1 $1"; shift; done
	shift
	_l2=$1; shift
	# shellcheck disable=SC2086
	( while [ ! -e "$TMP/go" ]; do :; done; as "$_l1" $_a1 > "$TMP/r1.out" 2> "$TMP/r1.err"; echo $? > "$TMP/r1.st" ) &
	_p1=$!
	# shellcheck disable=SC2086
	( while [ ! -e "$TMP/go" ]; do :; done; as "$_l2" "$@" > "$TMP/r2.out" 2> "$TMP/r2.err"; echo $? > "$TMP/r2.st" ) &
	_p2=$!
	sleep 0.05
	: > "$TMP/go"
	wait "$_p1" "$_p2"
}

# --- any: exactly one wins -------------------------------------------------
bad=0 msgs=0 one_action=0 wins1=0 wins2=0
i=1
while [ $i -le $TRIALS ]; do
	n=$(as zhangsan submit express recipient="客户$i" phone=13800000000 address=上海 weight=200)
	race liuyang approve "$n" -m 刘洋 -- huangmin approve "$n" -m 黄敏
	s1=$(cat "$TMP/r1.st") s2=$(cat "$TMP/r2.st")
	case "$s1 $s2" in
	"0 5") winner="刘洋 \\(liuyang\\)" loser=2; wins1=$((wins1 + 1)) ;;
	"5 0") winner="黄敏 \\(huangmin\\)" loser=1; wins2=$((wins2 + 1)) ;;
	*) bad=$((bad + 1)); echo "# trial $i: exits $s1 $s2: $(cat "$TMP/r1.err" "$TMP/r2.err")"; i=$((i + 1)); continue ;;
	esac
	if grep -Eq "^adminflow: $n: this step was already handled by $winner, who approved at 2026-11-28 09:00:00$" \
		"$TMP/r$loser.err" && [ "$(wc -l < "$TMP/r$loser.err")" = 1 ]; then
		msgs=$((msgs + 1))
	else
		echo "# trial $i: loser said: $(cat "$TMP/r$loser.err")"
	fi
	[ "$(q "SELECT count(*) FROM actions a JOIN requests r ON r.id = a.request_id
		WHERE r.number = '$n' AND a.action = 'approve'")/$(state_of "$n")" = "1/done" ] &&
		one_action=$((one_action + 1))
	i=$((i + 1))
done
is "any: in $TRIALS trials one exited 0 and the other 5" "$bad" 0
is "any: the loser named who acted first, every time" "$msgs" $TRIALS
is "any: one approval recorded and the request done, every time" "$one_action" $TRIALS
echo "# liuyang won $wins1, huangmin won $wins2"
is "the other tasks were closed, not left pending" \
	"$(q "SELECT count(*) FROM tasks WHERE state = 'pending'")" 0

# --- approve against reject on the same any step -------------------------
bad=0
i=1
while [ $i -le 10 ]; do
	n=$(as zhangsan submit express recipient="客户R$i" phone=13800000000 address=上海 weight=200)
	race liuyang approve "$n" -- xulei reject "$n" -m 地址不全
	s1=$(cat "$TMP/r1.st") s2=$(cat "$TMP/r2.st") st=$(state_of "$n")
	case "$s1 $s2 $st" in
	"0 5 done"|"5 0 rejected") ;;
	*) bad=$((bad + 1)); echo "# trial $i: $s1 $s2 $st" ;;
	esac
	i=$((i + 1))
done
is "approve against reject: one wins and the state agrees with it" "$bad" 0

# --- all: both count, the next step starts once ------------------------------
mkdir -p "$TMP/forms"
cat > "$TMP/forms/both.conf" <<'EOF'
form = {
  id = "both"; title = "会签"; prefix = "HQ";
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; } );
  steps = (
    { name = "sign"; title = "财务会签"; approvers = ["role:finance"]; mode = "all"; },
    { name = "admin"; title = "行政"; approvers = ["user:liuyang"]; }
  );
  effects = ["notify"];
};
EOF
CONF=$(forms_conf "$TMP/forms")
bad=0
i=1
while [ $i -le 10 ]; do
	n=$("$AF_BIN" --config "$CONF" --db "$DB" --as zhangsan submit both what="w$i")
	race heqing --config "$CONF" approve "$n" -- songjia --config "$CONF" approve "$n"
	got="$(cat "$TMP/r1.st") $(cat "$TMP/r2.st") $(pending_of "$n") $(q "SELECT count(*) FROM tasks t
		JOIN requests r ON r.id = t.request_id JOIN steps s ON s.id = t.step_id WHERE r.number = '$n' AND s.name = 'admin'")"
	[ "$got" = "0 0 liuyang 1" ] || { bad=$((bad + 1)); echo "# trial $i: $got"; }
	i=$((i + 1))
done
is "all: both approvals count and the next step starts exactly once" "$bad" 0

ok "the audit chain holds after the races" af audit verify
ok "the database is sound" sqlite3 "$DB" "PRAGMA integrity_check"
done_testing
