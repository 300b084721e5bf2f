#!/bin/sh
# The inbox is one read side (engine_inbox_load): the command line prints
# its rows, the screen draws them. The done box holds the requests of the
# latest ENGINE_DONE_LATEST (1000) actions; the two faces used to decide
# "some were left out" each their own way (> LIMIT and >= LIMIT). Here,
# at exactly 1000 actions both faces say all are there, and at 1001 both
# say some are left out.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init
export TERM=xterm-256color
LIMIT=1000
who=zhaoliu
me=$(q "SELECT id FROM employees WHERE login = '$who'")
[ -n "$me" ] || who=wangwu me=$(q "SELECT id FROM employees WHERE login = 'wangwu'")
have=$(q "SELECT count(*) FROM tasks WHERE acted_by = $me")

# n requests approved by $who, one action each, numbered from $2.
acted() {
	q "WITH RECURSIVE n(i) AS (SELECT $2 UNION ALL SELECT i + 1 FROM n WHERE i < $2 + $1 - 1)
	INSERT INTO requests(number, form, summary, applicant_id, state, idem_key, created_at, updated_at)
	SELECT printf('LIM-%05d', i), 'express', 'limit ' || i, (SELECT id FROM employees WHERE login = 'zhangsan'),
		'done', printf('limit-key-%05d', i), datetime('2026-10-01 08:00:00', '+' || i || ' minutes'),
		datetime('2026-10-01 08:00:00', '+' || i || ' minutes') FROM n;
	INSERT INTO steps(request_id, pos, name, title, mode, state)
	SELECT id, 1, 'check', '审核', 'any', 'done' FROM requests WHERE number LIKE 'LIM-%'
		AND id NOT IN (SELECT request_id FROM steps);
	INSERT INTO tasks(request_id, step_id, assignee_id, state, created_at, acted_at, acted_by)
	SELECT r.id, s.id, $me, 'approved', r.created_at, r.created_at, $me
		FROM requests r JOIN steps s ON s.request_id = r.id
		WHERE r.number LIKE 'LIM-%' AND r.id NOT IN (SELECT request_id FROM tasks);"
}

done_screen() {
	printf 'key i\nkey Tab\ndump\n' > "$TMP/keys"
	ADMINFLOW_TUI_SCRIPT="$TMP/keys" ADMINFLOW_TUI_DUMP="$TMP/dump" COLUMNS=80 LINES=24 \
		"$AF_BIN" --db "$DB" --as "$who" >/dev/null 2>"$TMP/err"
}

acted $((LIMIT - have)) 1
is "exactly $LIMIT actions by $who" "$(q "SELECT count(*) FROM tasks WHERE acted_by = $me")" $LIMIT
requests=$(q "SELECT count(DISTINCT request_id) FROM tasks WHERE acted_by = $me")

as $who inbox --done > "$TMP/out" 2> "$TMP/said"
is "command, $LIMIT actions: every request of them listed" "$(tail -n +2 "$TMP/out" | wc -l)" "$requests"
is "command, $LIMIT actions: nothing said to be left out" "$(cat "$TMP/said")" ""
done_screen
is "screen, $LIMIT actions: it runs" "$?" 0
like "screen, $LIMIT actions: the done tab is shown" "$(cat "$TMP/dump")" 'LIM-0'
unlike_latest=$(grep -c 'latest of' "$TMP/dump")
is "screen, $LIMIT actions: nothing said to be left out" "$unlike_latest" 0

acted 1 $((LIMIT - have + 1))
is "one more: $((LIMIT + 1)) actions" "$(q "SELECT count(*) FROM tasks WHERE acted_by = $me")" $((LIMIT + 1))
all=$(q "SELECT count(DISTINCT request_id) FROM tasks WHERE acted_by = $me")
as $who inbox --done > "$TMP/out" 2> "$TMP/said"
like "command, $((LIMIT + 1)) actions: says the latest $LIMIT are listed" "$(cat "$TMP/said")" "latest $LIMIT actions"
ok "command, $((LIMIT + 1)) actions: fewer rows than requests" test "$(tail -n +2 "$TMP/out" | wc -l)" -lt "$all"
is "command --all: every request" "$(as $who inbox --done --all | tail -n +2 | wc -l)" "$all"
done_screen
like "screen, $((LIMIT + 1)) actions: says how many there are in all" "$(cat "$TMP/dump")" "latest of $(echo "$all" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')"

done_testing
