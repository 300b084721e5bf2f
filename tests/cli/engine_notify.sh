#!/bin/sh
# Notices: every one lands in the program's own inbox (the notices table);
# with notify_command configured, the command also runs for each, after the
# transaction commits, with the text on stdin and NOTICE_* in the
# environment. A failing command is reported and the action still succeeds.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

LOG="$TMP/notify.log"
cat > "$TMP/notify.sh" <<EOF
#!/bin/sh
# Records what it was given; proves it runs outside any transaction by
# taking the write lock itself (busy_timeout 0: fails at once if held).
text=\$(cat)
state=\$(sqlite3 "$DB" "SELECT state FROM requests WHERE number = '\$NOTICE_REQUEST'")
if sqlite3 "$DB" "PRAGMA busy_timeout = 0" "BEGIN IMMEDIATE" "ROLLBACK" >/dev/null 2>&1; then lock=free; else lock=held; fi
printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "\$NOTICE_ID" "\$NOTICE_KIND" "\$NOTICE_TO" "\$NOTICE_EMAIL" "\$NOTICE_REQUEST" "\$text" "\$state" "\$lock" >> "$LOG"
echo "noise on stdout"
exit \${NOTIFY_EXIT:-0}
EOF
chmod +x "$TMP/notify.sh"
printf 'notify_command = "%s";\n' "$TMP/notify.sh" > "$TMP/notify.conf"
nas() { _w=$1; shift; "$AF_BIN" --config "$TMP/notify.conf" --db "$DB" --as "$_w" "$@"; }
: > "$LOG"

n=$(nas zhangsan submit expense lines=travel,100 purpose=notify)
like "submit's output is the number alone: the command's stdout is kept out" "$n" "^BX-20261128-[0-9]{4}$"
is "one notice, one run" "$(wc -l < "$LOG")" 1
id=$(q "SELECT n.id FROM notices n JOIN employees e ON e.id = n.employee_id WHERE e.login = 'lisi' AND n.kind = 'task'")
is "the command got the notice" "$(cat "$LOG")" \
	"$id|task|lisi|lisi@example.com|$n|待办 to do: $n 部门负责人审批 (expense)|pending|free"
is "marked sent" "$(q "SELECT sent_at IS NOT NULL FROM notices WHERE id = $id")" 1
is "still unread in the program" "$(q "SELECT read_at IS NULL FROM notices WHERE id = $id")" 1

: > "$LOG"
nas lisi approve "$n" >/dev/null
is "two finance people told" "$(cut -d'|' -f2,3 "$LOG" | sort | tr '\n' ' ')" "task|heqing task|songjia "
: > "$LOG"
nas heqing approve "$n" >/dev/null
is "one decided notice, to the applicant" "$(cut -d'|' -f2,3 "$LOG" | sort | tr '\n' ' ')" "decided|zhangsan "
is "the command saw the committed state, with no lock held" "$(cut -d'|' -f7,8 "$LOG" | sort -u)" "done|free"
is "each notice ran once, in order" "$(cut -d'|' -f1 "$LOG" | tr '\n' ' ')" \
	"$(q "SELECT id FROM notices ORDER BY id DESC LIMIT 1" | sort -n | tr '\n' ' ')"
: > "$LOG"
nas zhangsan comment "$n" -m "谢谢" >/dev/null
is "nothing new for one's own comment, nothing resent" "$(wc -l < "$LOG")" 0

# A failing command: reported on stderr, the action still done, the notice
# still there unread.
m=$(nas zhangsan submit expense lines=travel,100 purpose=fails)
: > "$LOG"
NOTIFY_EXIT=3 nas lisi approve "$m" -m ok > "$TMP/out" 2> "$TMP/err"; s=$?
is "the action succeeds" "$s" 0
is "approved: on to finance" "$(pending_of "$m")" "heqing songjia"
like "each failure reported" "$(cat "$TMP/err")" \
	"^adminflow: notify: command failed for notice [0-9]+ to heqing: exit status 3 \(the notice stays unread in the program\)$"
is "one line per failed notice" "$(wc -l < "$TMP/err")" 2
is "nothing on stdout" "$(cat "$TMP/out")" ""
is "the notices are there, unread" "$(q "SELECT count(*) FROM notices n JOIN requests r ON r.id = n.request_id
	WHERE r.number = '$m' AND n.kind = 'task' AND n.read_at IS NULL AND n.employee_id IN
	(SELECT id FROM employees WHERE login IN ('heqing', 'songjia'))")" 2
: > "$LOG"
nas heqing comment "$m" -m 收到 2>"$TMP/err" >/dev/null
is "a failed notice is not retried (it may have half-sent)" "$(cut -d'|' -f3 "$LOG")" zhangsan
is "and nothing more is reported" "$(cat "$TMP/err")" ""

# A command that cannot even start.
printf 'notify_command = "%s/no-such-program";\n' "$TMP" > "$TMP/broken.conf"
"$AF_BIN" --config "$TMP/broken.conf" --db "$DB" --as zhangsan submit express recipient=x phone=1 address=y weight=5 \
	> "$TMP/out" 2> "$TMP/err"; s=$?
is "a missing program: the submit still succeeds" "$s" 0
like "and prints its number" "$(cat "$TMP/out")" "^KD-20261128-0001$"
like "the failure is reported" "$(cat "$TMP/err")" "^adminflow: notify: command failed for notice [0-9]+ to (liuyang|huangmin|xulei): exit status 127"

# Without a command the notices wait in the program, unsent.
k=$(as zhangsan submit express recipient=x phone=1 address=y weight=5)
is "no command: in the program, not sent" "$(q "SELECT count(*) || ' ' || count(sent_at) FROM notices n
	JOIN requests r ON r.id = n.request_id WHERE r.number = '$k'")" "3 0"

done_testing
