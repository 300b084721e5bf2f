#!/bin/sh
# Notices by mail: with mail_command set, a notice goes to its addressee's
# address (the employees import's email column) as one UTF-8 message with
# an RFC 2047 subject, the request's summary and the `ssh HOST adminflow`
# hint, read by a stand-in sendmail that records its arguments and input;
# with mail_digest, one mail a person from `adminflow notify --digest`.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
. "$srcdir/tests/lib_mail.sh"
command -v python3 >/dev/null || skip_all "python3 reads the mail back"
af_init

# The stand-in sendmail: each message in $TMP/mail/N, its arguments and
# MAIL_TO beside it; with $TMP/fail it exits 75 (EX_TEMPFAIL).
mkdir "$TMP/mail"
cat > "$TMP/sendmail.sh" <<EOS
[ -e "$TMP/fail" ] && { cat >/dev/null; echo "sendmail: queue full" >&2; exit 75; }
n=\$(ls "$TMP/mail" | grep -c '\.eml\$')
cat > "$TMP/mail/\$n.eml"
printf '%s|%s\n' "\$*" "\$MAIL_TO" > "$TMP/mail/\$n.args"
EOS
printf 'mail_command = "sh %s -t -i";\nmail_from = "adminflow <af@example.com>";\nmail_host = "office.example";\n' \
	"$TMP/sendmail.sh" > "$TMP/m.conf"
mf() { _w=$1; shift; "$AF_BIN" --config "$TMP/m.conf" --db "$DB" --as "$_w" "$@"; }
mails() { ls "$TMP/mail" | grep -c '\.eml$'; }

q "UPDATE employees SET email = '' WHERE login = 'zhangsan'"
q "UPDATE employees SET email = 'li.si@example.com' WHERE login = 'lisi'"

# ---- one notice, one mail -----------------------------------------------------------
n=$(mf zhangsan submit expense lines=travel,100 purpose=出租车去客户公司)
is "submit mailed the approver's notice at once" "$(mails)" 1
m=$(readmail "$TMP/mail/0.eml")
like "To: the approver's name and address" "$m" "^To: 李四 <li.si@example.com>$"
like "From: as configured" "$m" "^From: adminflow <af@example.com>$"
like "Subject: the notice, decoded back from RFC 2047" "$m" "^Subject: adminflow: 待办 to do: $n "
is "the raw subject is encoded words only (no raw UTF-8 in a header)" \
	"$(sed '/^$/q' "$TMP/mail/0.eml" | LC_ALL=C grep -c '[^ -~]')" 0
like "Content-Type: UTF-8 text" "$m" "^Content-Type: text/plain; charset=\"?(utf|UTF)-8\"?$"
like "Auto-Submitted: auto-generated (no vacation replies)" "$m" "^Auto-Submitted: auto-generated$"
like "the body names the request and its summary" "$m" "^申请 request: $n .*出租车去客户公司"
like "the body says how to reach the program" "$m" "^打开 to open: ssh office.example adminflow$"
is "the command got its arguments, the address in MAIL_TO only" "$(cat "$TMP/mail/0.args")" "-t -i|li.si@example.com"

# ---- a long Chinese subject: several encoded words, each within 75 columns -------------
long=$(printf '长%.0s' $(seq 1 80))
q "INSERT INTO notices(employee_id, kind, text, created_at)
   SELECT id, 'comment', '评论 comment: $long', '2026-11-28 08:59:00' FROM employees WHERE login = 'lisi'"
mf root notify >/dev/null
last=$(($(mails) - 1))
m=$(readmail "$TMP/mail/$last.eml")
like "a long subject comes back whole (cut at 150 bytes, on a character)" "$m" "^Subject: adminflow: 评论 comment: 长{40,}\.\.\.$"
like "no encoded word is over 75 columns" "$m" "^long words: 0$"
like "the whole comment is in the body" "$m" "^评论 comment: $long$"
like "the header is folded onto more lines" "$(sed '/^$/q' "$TMP/mail/$last.eml")" "^ =\?UTF-8\?B\?"

# ---- no address: never mailed, marked not sent with why ------------------------------------
notice_for() { q "INSERT INTO notices(employee_id, kind, text, created_at)
	SELECT id, 'comment', '评论 comment: $2', '2026-11-28 08:59:00' FROM employees WHERE login = '$1'"; }
not_sent_of() { q "SELECT not_sent FROM notices WHERE text = '评论 comment: $1'"; }
before=$(mails)
notice_for zhangsan 给张三
out=$(mf root notify)
is "nothing was mailed to the employee who has no address" "$(mails)" "$before"
like "notify says one had no way to go" "$out" ", 1 not sent \(no way to reach the addressee\)$"
like "the notice says why it was not sent" "$(not_sent_of 给张三)" "^no mail address"

# ---- an address that would add a header is never used -------------------------------------
q "UPDATE employees SET email = 'x@example.com
Bcc: all@example.com' WHERE login = 'wangwu'"
notice_for wangwu 给王五
mf root notify >/dev/null
is "no mail was made for an address holding a line break" "$(mails)" "$before"
like "the notice says why" "$(not_sent_of 给王五)" "not one a mail header can carry"
is "no mail carried the injected Bcc" "$(cat "$TMP"/mail/*.eml | grep -c '^Bcc:')" 0

# ---- a failing mail program: said once, the action still done, not sent twice -----------------
touch "$TMP/fail"
j=$(mf zhangsan submit expense lines=office,30 purpose=纸 2>"$TMP/err"); s=$?
is "submit succeeds when the mail program fails" "$s" 0
like "the failure is one line naming mail_command and the notice" "$(cat "$TMP/err")" \
	"^adminflow: notify: mail_command failed for notice [0-9]+ to lisi: .*exit.*75"
rm "$TMP/fail"
before=$(mails)
mf root notify >/dev/null
is "a failed mail is not retried (it may have half-sent)" "$(mails)" "$before"

# ---- the daily digest ------------------------------------------------------------------------
before=$(mails)
digest_pair mf
is "with mail_digest an action mails nothing" "$(mails)" "$before"
like "plain notify keeps them for the digest" "$(mf root notify)" "2 kept for the daily digest$"
is "and still mails nothing" "$(mails)" "$before"
out=$(mf root notify --digest)
like "notify --digest: one digest mail" "$out" ", 1 digest mails$"
is "one mail for the two notices" "$(mails)" $((before + 1))
m=$(readmail "$TMP/mail/$before.eml")
digest_is "$m"
like "each with its time" "$m" "^\[2026-11-28 09:00(:00)?\]$"
like "a second digest run has nothing to send" "$(mf root notify --digest)" "^notify: 0 sent, .* 0 digest mails$"
status_is "notify --digest without mail_digest: exit 2" 2 "$AF_BIN" --db "$DB" --as root notify --digest
# ---- a meeting's notice carries its invitation (RFC 5545, the zone's VTIMEZONE) ------------
printf 'mail_command = "sh %s -t -i";\ntimezone = "Asia/Shanghai";\n' "$TMP/sendmail.sh" > "$TMP/t.conf"
tf() { _w=$1; shift; "$AF_BIN" --config "$TMP/t.conf" --db "$DB" --as "$_w" "$@"; }
mt=$(meeting_notice tf)
before=$(mails)
tf root notify >/dev/null
is "the meeting notice was mailed" "$(mails)" $((before + 1))
invitation_is "$(readmail "$TMP/mail/$before.eml")" "$mt"

done_testing
