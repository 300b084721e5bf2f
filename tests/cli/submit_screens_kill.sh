#!/bin/sh
# One submit path for both faces: a submission from the screens goes
# through the same durable path as the command's (outbox put, submit,
# confirm), so the crash points that kill a command's submission kill a
# screen's too, and what each leaves behind is the same: the input in the
# outbox, the database with nothing or exactly one request, and
# `outbox retry` bringing it in exactly once.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init
export TERM=xterm-256color

OUTBOX="$HOME/.local/state/adminflow/outbox"
files() { ls "$OUTBOX" 2>/dev/null | grep -c '\.sub$'; }
requests() { q "SELECT count(*) FROM requests WHERE form = 'express' AND applicant_id = (SELECT id FROM employees WHERE login = 'wangwu')"; }

# The express form filled in and submitted from the screens (as in
# tests/cli/tui_screens.sh form-wangwu-60x20), killed at $1.
# A killed submission leaves the form's draft too (the user resumes it);
# each run here types the form afresh, so the draft is taken away first.
screen_submit() {
	rm -f "$OUTBOX/drafts/wangwu-express.draft"
	{ express_form_keys 上海市浦东新区世纪大道100号; printf '%s\n' 'key F10' 'key F10'; } > "$TMP/keys"
	ADMINFLOW_TEST_CRASH=$1 ADMINFLOW_TUI_SCRIPT="$TMP/keys" ADMINFLOW_TUI_DUMP="$TMP/dump" \
		COLUMNS=60 LINES=20 "$AF_BIN" --db "$DB" --as wangwu >/dev/null 2>&1
}

screen_submit none; s=$?
is "a screen submission with no crash ends normally" "$s" 0
is "it is in the database" "$(requests)" 1
is "and its outbox entry is confirmed away" "$(files)" 0

screen_submit after-outbox; s=$?
is "screen: killed after the outbox write" "$s" 137
is "screen, after-outbox: the input is in the outbox" "$(files)" 1
is "screen, after-outbox: the database has nothing of it" "$(requests)" 1
ok "screen, after-outbox: the form's draft is kept" test -s "$OUTBOX/drafts/wangwu-express.draft"

screen_submit before-commit; s=$?
is "screen: killed before the commit" "$s" 137
is "screen, before-commit: the input is in the outbox" "$(files)" 2
is "screen, before-commit: nothing of it in the database" "$(requests)" 1
ok "screen, before-commit: the database is sound" sqlite3 "$DB" "PRAGMA integrity_check"

screen_submit after-commit; s=$?
is "screen: killed after the commit" "$s" 137
is "screen, after-commit: the input is still in the outbox" "$(files)" 3
is "screen, after-commit: the request is in the database" "$(requests)" 2

out=$(as wangwu outbox retry); s=$?
is "outbox retry succeeds" "$s" 0
is "retry: three entries answered, a number each" "$(echo "$out" | awk -F"\t" 'NR > 1 && $2 ~ /^KD-/' | wc -l)" 3
is "retry: the two lost ones come in, the committed one is not doubled" "$(requests)" 4
is "retry: one request per key" "$(q "SELECT count(*) - count(DISTINCT idem_key) FROM requests")" 0
is "retry: the outbox is empty" "$(files)" 0

done_testing
