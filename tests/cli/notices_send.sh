#!/bin/sh
# Notices never hold anyone up: an action runs the notify command only for
# the notices it made, within notify_budget, after its commit; what is left
# is sent by `adminflow notify` (cron), which never sends history older
# than notify_max_age (marked not sent, with why). One "decided" notice per
# finished request; @login in a comment tells that person if they may see
# the request.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

# The command writes down which notice it was given; with $TMP/slow it
# first sleeps far longer than the budget.
printf '[ -e "%s/slow" ] && sleep 5\necho "$NOTICE_ID $NOTICE_KIND $NOTICE_TO" >> "%s/sent"\n' "$TMP" "$TMP" > "$TMP/cmd.sh"
printf 'notify_command = "sh %s";\nnotify_budget = 200;\nnotify_max_age = 24;\n' "$TMP/cmd.sh" > "$TMP/n.conf"
nf() { _w=$1; shift; "$AF_BIN" --config "$TMP/n.conf" --db "$DB" --as "$_w" "$@"; }
: > "$TMP/sent"
unsent() { q "SELECT count(*) FROM notices WHERE sent_at IS NULL AND not_sent IS NULL"; }

# old unsent notices, as a first configuration of notify_command finds them
q "INSERT INTO notices(employee_id, kind, text, created_at)
   SELECT id, 'old', '旧通知', '2026-11-01 09:00:00' FROM employees LIMIT 30"
old=$(q "SELECT count(*) FROM notices WHERE sent_at IS NULL AND created_at < '2026-11-27 09:00:00'")
top=$(q "SELECT max(id) FROM notices")

# ---- an action sends its own notices only ----------------------------------------
n=$(nf zhangsan submit expense lines=travel,100 purpose=出租车)
made=$(q "SELECT group_concat(id, ' ') FROM (SELECT id FROM notices WHERE id > $top ORDER BY id)")
is "submit made a notice for the approver" "$(q "SELECT count(*) FROM notices WHERE id > $top")" 1
is "submit sent exactly the notices it made" "$(cut -d' ' -f1 "$TMP/sent" | tr '\n' ' ' | sed 's/ $//')" "$made"
is "no old notice was sent by the action" "$(grep -c ' old ' "$TMP/sent")" 0

# ---- a slow command: the action stops at its budget, cron sends the rest ----------------
touch "$TMP/slow"; : > "$TMP/sent"
top=$(q "SELECT max(id) FROM notices")
ok "approve with a command slower than the budget still succeeds" nf lisi approve "$n"
is "the notice the budget cut short is left unsent for cron" "$(q "SELECT count(*) FROM notices WHERE id > $top AND sent_at IS NULL")" \
	"$(q "SELECT count(*) FROM notices WHERE id > $top")"
is "nothing was recorded as sent by the stopped command" "$(wc -l < "$TMP/sent")" 0
rm -f "$TMP/slow"
out=$(nf root notify); s=$?
is "notify: exit 0" "$s" 0
is "notify: the old ones are marked not sent" \
	"$(q "SELECT count(*) FROM notices WHERE not_sent LIKE 'older than notify_max_age (24 hours)%'")" "$old"
is "notify: none of the old ones reached the command" "$(grep -c ' old ' "$TMP/sent")" 0
is "notify: the recent ones were sent, nothing is left" "$(unsent)" 0
like "notify: says what it did" "$out" "^notify: [0-9]+ sent, 0 failed, $old not sent \(older than 24 hours\)$"
: > "$TMP/sent"
like "notify again: nothing to send twice" "$(nf root notify)" "^notify: 0 sent, 0 failed, 0 not sent"
status_is "notify without a notify_command: exit 2" 2 as root notify

# ---- one decided notice per finished request -----------------------------------------
m=$(as zhangsan submit expense lines=office,10 purpose=笔)
for w in lisi songjia; do as $w approve "$m" >/dev/null; done
is "the request is done" "$(state_of "$m")" done
is "the applicant hears once that it is decided" "$(q "SELECT count(*) FROM notices n JOIN requests r ON r.id = n.request_id
	WHERE r.number = '$m' AND n.employee_id = (SELECT id FROM employees WHERE login = 'zhangsan') AND n.kind IN ('decided', 'done')")" 1

# ---- @login in a comment -------------------------------------------------------------------
k=$(as zhangsan submit expense lines=office,20 purpose=本子)
mentions() { q "SELECT count(*) FROM notices n JOIN requests r ON r.id = n.request_id JOIN employees e ON e.id = n.employee_id
	WHERE r.number = '$k' AND n.kind = 'mention' AND e.login = '$1'"; }
ok "a comment naming people" as lisi comment "$k" -m "请 @wangwu 看一下，抄 @yejun，邮件 a@songjia 不算，@nobody"
is "@wangwu (who may see every request) is told" "$(mentions wangwu)" 1
is "@yejun (who may not see it) is not told" "$(mentions yejun)" 0
is "an e-mail address is no mention" "$(mentions songjia)" 0
like "the notice says who mentioned and where" "$(q "SELECT text FROM notices WHERE kind = 'mention' LIMIT 1")" "^提及 mentioned on $k by 李四: "
done_testing
