#!/bin/sh
# The route is one read side: the engine returns its lines as data
# (engine_route_lines); the command prints them as tab-separated text and
# the form screen's preview draws them. Both faces show the same steps,
# approvers and deadlines for the same input, a skipped step included.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init
export TERM=xterm-256color

route=$(as wangwu route express recipient=王小明 phone=13800138000 address=上海 weight=1500); s=$?
is "route: the command answers" "$s" 0
is "route: header" "$(echo "$route" | head -1)" "$(printf 'step\ttitle\tmode\tapprover\twhy\tdeadline')"
approvers=$(echo "$route" | awk -F'\t' 'NR > 1 && $4 != "-" { print $4 }')
ok "route: someone is asked" test -n "$approvers"

{ express_form_keys 上海; printf '%s\n' 'key F9' 'dump'; } > "$TMP/keys"
ADMINFLOW_TUI_SCRIPT="$TMP/keys" ADMINFLOW_TUI_DUMP="$TMP/dump" COLUMNS=80 LINES=24 \
	"$AF_BIN" --db "$DB" --as wangwu >/dev/null 2>"$TMP/err"
is "preview: the screen ends normally" "$?" 0
like "preview: the route's window is drawn" "$(cat "$TMP/dump")" 'the route'
# Each approver's name and each deadline the command gives is on the screen.
names=$(echo "$approvers" | sed 's/ (.*//' | sort -u)
deadlines=$(echo "$route" | awk -F'\t' 'NR > 1 && $6 != "-" { print $6 }' | sort -u)
missing=
IFS='
'
for x in $names $deadlines; do
	grep -qF -- "$x" "$TMP/dump" || missing="$missing [$x]"
done
unset IFS
is "preview shows every approver and deadline the command does" "${missing:-none}" none
ok "the command gave some to compare" test -n "$names"

done_testing
