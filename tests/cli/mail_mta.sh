#!/bin/sh
# Notices by mail through a real MTA (issue 17): mail_command is Exim's
# sendmail interface (Debian's exim4-daemon-light, which tools/bootstrap
# installs), run with a configuration of the test's own. The submitting
# Exim hands each message by SMTP to an Exim daemon listening on 127.0.0.1
# at a free port, which delivers it into a maildir in $TMP; the test reads
# the delivered files back with Python's email package: headers, the
# RFC 2047 subject as it survived two MTAs, the body, the digest and the
# meeting's .ics part. Nothing leaves the loopback and no daemon outlives
# the test (it is stopped by its pid on every exit).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
. "$srcdir/tests/lib_mail.sh"
command -v python3 >/dev/null || skip_all "python3 reads the mail back"
EXIM=$(command -v exim4 || { [ -x /usr/sbin/exim4 ] && echo /usr/sbin/exim4; }) ||
	skip_all "exim4 is not installed (tools/bootstrap check installs exim4-daemon-light)"
# An alternative configuration (-C) keeps Exim's root privilege only for
# root, and the daemon needs it to start: as anyone else it cannot run here.
[ "$(id -u)" = 0 ] || skip_all "Exim runs a test configuration only for root (running as uid $(id -u))"
EXIM_USER=$("$EXIM" -bP exim_user 2>/dev/null | sed 's/^exim_user = //')
[ -n "$EXIM_USER" ] && id "$EXIM_USER" >/dev/null 2>&1 ||
	skip_all "Exim's own user is missing (the exim4 package is half-installed)"
af_init

# Exim drops to its own user to receive and to deliver: it must reach its
# spool, its log and the maildir under $TMP (made 0700 by mktemp).
chmod 711 "$TMP"
MTA="$TMP/mta"
mkdir -p "$MTA/spool" "$MTA/log" "$MTA/Maildir"
chmod 755 "$MTA"
chown "$EXIM_USER:" "$MTA/spool" "$MTA/log" "$MTA/Maildir"

# free_port: a port on 127.0.0.1 that nothing listens on now (the kernel's
# choice); the daemon may still lose it to a parallel test, so start_mta
# tries again with another.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# listening PORT: 0 when something accepts connections there.
listening() {
	python3 - "$1" <<'EOP'
import socket, sys
s = socket.socket()
s.settimeout(2)
sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)
EOP
}
# write_conf PORT: one configuration for both sides. A message submitted
# locally (the sendmail interface, protocol "local") goes by SMTP to the
# daemon on PORT; one received there is delivered into the maildir, as
# Exim's own user (delivering as root is refused). Only example.com,
# only from 127.0.0.1, no DNS, no TLS, nothing else routed.
write_conf() {
	cat > "$MTA/exim.conf" <<EOF
primary_hostname = office.example
qualify_domain = example.com
domainlist local_domains = example.com
spool_directory = $MTA/spool
log_file_path = $MTA/log/%slog
daemon_smtp_ports = $1
local_interfaces = <; 127.0.0.1
acl_smtp_rcpt = acl_rcpt
host_lookup =
rfc1413_hosts =
tls_advertise_hosts =
keep_environment =
never_users =
queue_run_max = 0
begin acl
acl_rcpt:
  accept hosts = 127.0.0.1
         domains = +local_domains
  deny   message = relay not permitted
begin routers
to_loopback:
  driver = accept
  condition = \${if eq{\$received_protocol}{local}}
  domains = +local_domains
  transport = loopback_smtp
to_maildir:
  driver = accept
  domains = +local_domains
  transport = maildir
begin transports
loopback_smtp:
  driver = smtp
  hosts = 127.0.0.1
  hosts_override
  port = $1
  allow_localhost
maildir:
  driver = appendfile
  directory = $MTA/Maildir
  maildir_format
  envelope_to_add
  return_path_add
  user = $EXIM_USER
  mode = 0644
begin retry
* * F,1m,1m
EOF
	chmod 644 "$MTA/exim.conf"
}
stop_mta() {
	[ -s "$MTA/exim.pid" ] || return 0
	_p=$(cat "$MTA/exim.pid")
	kill "$_p" 2>/dev/null
	# bounded wait for it to go; then it is made to
	_i=0
	while kill -0 "$_p" 2>/dev/null && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
	kill -9 "$_p" 2>/dev/null
	rm -f "$MTA/exim.pid"
}
at_exit stop_mta
# start_mta: the daemon listening, $PORT its port; up to five ports tried.
start_mta() {
	for _try in 1 2 3 4 5; do
		PORT=$(free_port)
		write_conf "$PORT"
		rm -f "$MTA/exim.pid"
		# -bd forks the daemon and returns; -oP names its pid file
		"$EXIM" -C "$MTA/exim.conf" -bd -oX "$PORT" -oP "$MTA/exim.pid" 2>>"$MTA/start.err"
		_i=0
		while [ $_i -lt 50 ]; do
			[ -s "$MTA/exim.pid" ] && listening "$PORT" && return 0
			sleep 0.1
			_i=$((_i + 1))
		done
		stop_mta
	done
	return 1
}
start_mta || {
	echo "Bail out! the Exim daemon did not start on 127.0.0.1: $(cat "$MTA/start.err" "$MTA"/log/* 2>/dev/null | tail -3)"
	exit 1
}
is "the test's own Exim daemon listens on 127.0.0.1:$PORT" "$(listening "$PORT" && echo yes)" yes

# settle: until the MTA's spool is empty (the daemon delivers after it has
# answered the submitter), a bounded wait; then what is left (0 when all
# was delivered). Both sides share the one spool.
settle() {
	_i=0
	while [ "$("$EXIM" -C "$MTA/exim.conf" -bpc 2>&1)" != 0 ] && [ $_i -lt 300 ]; do sleep 0.1; _i=$((_i + 1)); done
	"$EXIM" -C "$MTA/exim.conf" -bpc 2>&1
}
# delivered: how many messages the maildir holds.
delivered() { find "$MTA/Maildir/new" -type f 2>/dev/null | wc -l; }
# wait_delivered N: until the maildir holds N messages (the daemon delivers
# after it has answered the submitter), a bounded wait; then the count.
wait_delivered() {
	_i=0
	while [ "$(delivered)" -lt "$1" ] && [ $_i -lt 300 ]; do sleep 0.1; _i=$((_i + 1)); done
	delivered
}
# nth_mail N: the file of the Nth message delivered (1 the first), by the
# time Exim received it (maildir names start with the second).
nth_mail() { ls -tr "$MTA/Maildir/new" | sed -n "${1}p" | sed "s|^|$MTA/Maildir/new/|"; }
# mail_with TEXT: readmail of the first delivered message holding TEXT.
mail_with() { readmail "$(grep -l -- "$1" "$MTA"/Maildir/new/* | head -1)"; }

printf 'mail_command = "%s -C %s -odi -t -i";\nmail_from = "adminflow <af@example.com>";\nmail_host = "office.example";\ntimezone = "Asia/Shanghai";\n' \
	"$EXIM" "$MTA/exim.conf" > "$TMP/m.conf"
mf() { _w=$1; shift; "$AF_BIN" --config "$TMP/m.conf" --db "$DB" --as "$_w" "$@" 2>>"$TMP/err"; }
# errs: what the commands said on stderr, less Exim's own note that its
# user runs the test configuration unprivileged (it delivers as that user
# by design here).
errs() { grep -v 'exim user lost privilege for using -C option' "$TMP/err"; : > "$TMP/err"; }
: > "$TMP/err"
q "UPDATE employees SET email = '' WHERE login = 'zhangsan'"
q "UPDATE employees SET email = 'li.si@example.com' WHERE login = 'lisi'"

# ---- a notice on submit: through both Exims into the mailbox --------------------------------
n=$(mf zhangsan submit expense lines=travel,100 purpose=出租车去客户公司)
is "submit went through with the real MTA as mail_command" "$(errs)" ""
is "the approver's notice was delivered into the mailbox" "$(wait_delivered 1)" 1
f=$(nth_mail 1)
m=$(readmail "$f")
like "it came by SMTP from the loopback (two Received lines: local, then esmtp)" \
	"$(grep -A1 '^Received:' "$f" | tr '\n' ' ')" "with esmtp .*with local"
like "delivered to the approver's address" "$m" "^Envelope-to: li.si@example.com$"
like "To: the approver's name and address" "$m" "^To: 李四 <li.si@example.com>$"
like "From: as configured" "$m" "^From: adminflow <af@example.com>$"
like "Subject: decoded back from RFC 2047 after two MTAs" "$m" "^Subject: adminflow: 待办 to do: $n "
is "the delivered header block holds no raw 8-bit byte (encoded words only)" \
	"$(sed '/^$/q' "$f" | LC_ALL=C grep -c '[^ -~	]')" 0
like "the raw subject is encoded words" "$(sed '/^$/q' "$f" | sed -n '/^Subject:/,/^[^ ]/p')" '=\?UTF-8\?B\?'
like "Content-Type: UTF-8 text" "$m" "^Content-Type: text/plain; charset=\"?(utf|UTF)-8\"?$"
like "Auto-Submitted: auto-generated" "$m" "^Auto-Submitted: auto-generated$"
like "the body names the request and its summary" "$m" "^申请 request: $n .*出租车去客户公司"
like "the body says how to reach the program" "$m" "^打开 to open: ssh office.example adminflow$"
like "the notice is marked sent" "$(q "SELECT count(*) FROM notices n JOIN employees e ON e.id = n.employee_id
	WHERE e.login = 'lisi' AND n.sent_at IS NOT NULL")" '^[1-9]'

# ---- the meeting notice: the invitation arrives as a text/calendar part -------------------------
mt=$(meeting_notice mf)
settle >/dev/null
errs >/dev/null
before=$(delivered)
mf root notify >/dev/null
is "notify sent through the MTA without a word on stderr" "$(errs)" ""
is "the meeting notice was delivered" "$(wait_delivered $((before + 1)))" $((before + 1))
# the meeting mail is the one with the invitation among those delivered
invitation_is "$(mail_with 'text/calendar')" "$mt"

# ---- the daily digest: one mail for two notices ------------------------------------------------
before=$(delivered)
digest_pair mf
like "notify --digest through the MTA: one digest mail" "$(mf root notify --digest)" ", 1 digest mails$"
is "one mail delivered for the two notices" "$(wait_delivered $((before + 1)))" $((before + 1))
digest_is "$(mail_with "$d2")"
is "nothing said on stderr by the digest run" "$(errs)" ""

# ---- nothing stuck: the MTA's queue is empty, nothing frozen or deferred -------------------------
is "the MTA's queue is empty (every message delivered)" "$(settle)" 0
like "the MTA logged each delivery into the maildir" "$(grep -c 'T=maildir$' "$MTA/log/mainlog")" '^[3-9]'
is "no delivery was deferred or failed" "$(grep -cE ' (==|\*\*) ' "$MTA/log/mainlog")" 0

stop_mta
is "the daemon is gone when the test ends" "$(listening "$PORT" && echo listening || echo gone)" gone

done_testing
