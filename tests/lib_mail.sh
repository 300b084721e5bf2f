# Shared by the mail tests (mail.sh with a stand-in sendmail, mail_mta.sh
# through a real MTA): reading a mail back, and the meeting notice and the
# daily digest that both send and check alike. Needs lib_engine.sh.

# readmail MAILFILE: the mail as Python's email package reads it: header:
# value lines, the Received count, lines over 998 bytes and encoded words
# over 75 columns, then "body:" and the decoded body; of a multipart mail
# a "part: TYPE METHOD FILENAME" line a part, the text/calendar one as
# "crlf True|False" (every line ends CRLF) and its unfolded lines.
readmail() {
	python3 - "$1" <<'EOP'
import sys, email, email.policy
raw = open(sys.argv[1], 'rb').read()
m = email.message_from_bytes(raw, policy=email.policy.default)
for h in ('From', 'To', 'Subject', 'Content-Type', 'Auto-Submitted', 'Envelope-to', 'Return-path'):
    print('%s: %s' % (h, m[h]))
print('received: %d' % len(m.get_all('Received') or []))
bad = [l for l in raw.split(b'\n') if len(l) > 998]
words = [w for l in raw.split(b'\n\n')[0].split(b'\n') for w in l.split() if w.startswith(b'=?')]
print('long lines: %d' % len(bad))
print('long words: %d' % len([w for w in words if len(w) > 75]))
print('body:')
if m.is_multipart():
    for p in m.iter_parts():
        print('part: %s %s %s' % (p.get_content_type(), p.get_param('method') or '', p.get_filename() or ''))
        if p.get_content_type() == 'text/calendar':
            raw = p.get_payload(decode=True)
            print('crlf %s' % (b'\n' not in raw.replace(b'\r\n', b'')))
            print(raw.decode('utf-8').replace('\r\n ', ''))
        else:
            c = p.get_content()
            print(c if c.endswith('\n') else c + '\n', end='')
else:
    print(m.get_content(), end='')
EOP
}

# meeting_notice RUN: zhangsan submits a meeting (2026-12-04 14:00-16:00
# in R601) inviting lisi, and lisi's meeting notice is queued for notify;
# prints the meeting's number. RUN LOGIN ARGS... runs adminflow as LOGIN
# with the test's mail configuration.
meeting_notice() {
	_mt=$("$1" zhangsan submit meeting topic=季度复盘 agenda=回顾 room=R601 \
		'time=2026-12-04 14:00/16:00' attendees=3 invitees=lisi)
	q "INSERT INTO notices(employee_id, request_id, kind, text, created_at)
	   SELECT e.id, r.id, 'meeting', '会议通知 meeting: $_mt 会议活动', '2026-11-28 08:59:00'
	   FROM employees e, requests r WHERE e.login = 'lisi' AND r.number = '$_mt'"
	echo "$_mt"
}

# invitation_is MAIL NUMBER: readmail's MAIL is meeting_notice's mail for
# NUMBER: its text, then the invitation at 14:00 Shanghai time.
invitation_is() {
	like "a multipart/mixed mail" "$1" '^Content-Type: multipart/mixed'
	like "its text first" "$1" '^part: text/plain  $'
	like "the text names the meeting" "$1" "^会议通知 meeting: $2"
	like "then the invitation, method REQUEST, named by the request" "$1" "^part: text/calendar REQUEST $2\\.ics$"
	like "the invitation's lines end CRLF" "$1" '^crlf True$'
	like "the invitation is the meeting at 14:00 Shanghai time" "$1" '^DTSTART;TZID=Asia/Shanghai:20261204T140000'
	like "with the zone defined" "$1" '^TZOFFSETTO:\+0800'
	like "its summary and place, in Chinese" "$1" '^SUMMARY:.*季度复盘'
}

# digest_pair RUN: mail_digest switched on in $TMP/m.conf, then zhangsan
# submits two claims ($d1 for 订书机, $d2 for 胶水) whose notices wait for
# the digest. RUN as for meeting_notice.
digest_pair() {
	printf 'mail_digest = true;\n' >> "$TMP/m.conf"
	d1=$("$1" zhangsan submit expense lines=office,11 purpose=订书机)
	d2=$("$1" zhangsan submit expense lines=office,12 purpose=胶水)
}

# digest_is MAIL: readmail's MAIL is the digest of digest_pair's two.
digest_is() {
	like "the digest's subject counts them, decoded" "$1" "^Subject: adminflow 每日汇总 daily digest: 2 notices$"
	like "the digest lists the first request" "$1" "^申请 request: $d1 .*订书机"
	like "and the second" "$1" "^申请 request: $d2 .*胶水"
}
