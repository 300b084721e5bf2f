#!/bin/sh
# Who may do the company-wide things, and what is recorded first (issue 12):
# - remind (and remind --dry-run, which lists every overdue step in the
#   company) is for root (cron) and the remind permission (the admin
#   manager): an employee gets exit 4 and sees nothing;
# - --as is audited before the command runs: when the audit trail cannot
#   take the row, the command does nothing (exit non-zero, no output, no
#   change), reads included.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init
n=$(as zhangsan submit express recipient=王 phone=1 address=北京 weight=1)

# --- remind ---------------------------------------------------------------------------------------
for who in zhangsan lisi; do
	out=$(as $who remind --dry-run 2>&1); s=$?
	is "remind --dry-run by $who (no remind permission): exit 4, nothing listed" "$s: $out" \
		"4: adminflow: remind --dry-run: not permitted for $who (needs the remind permission)"
done
before=$(q "SELECT count(*) FROM notices")
status_is "remind by an employee: exit 4" 4 as zhangsan remind
is "remind by an employee: no notice written" "$(q "SELECT count(*) FROM notices")" "$before"
like "remind --dry-run by the admin manager: allowed" "$(as wangwu remind --dry-run)" "^action	number	step	approver	detail$"
like "remind by root (cron): allowed" "$(af remind --dry-run)" "^action	number	step	approver	detail$"

# --- --as is audited first ------------------------------------------------------------------------
rows=$(q "SELECT count(*) FROM audit")
ok "--as show: allowed" af --as zhangsan show "$n"
is "--as show: one audit row naming both" "$(q "SELECT actor, action FROM audit WHERE id > $rows")" "root (as zhangsan)|as"
# The audit trail refuses new rows (a damaged table, as far as the program can tell).
q "CREATE TRIGGER broken_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit table damaged'); END;"
sum=$(q "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM actions), (SELECT count(*) FROM audit)")
for cmd in "show $n" "inbox" "export requests"; do
	# shellcheck disable=SC2086
	out=$(af --as wangwu $cmd 2>/dev/null); s=$?
	[ "$s" != 0 ]; _result $? "--as $cmd with the audit trail refusing: exit non-zero ($s)"
	is "--as $cmd with the audit trail refusing: nothing printed" "$out" ""
done
out=$(af --as zhangsan comment "$n" -m 留言 2>&1); s=$?
[ "$s" != 0 ]; _result $? "--as comment (the applicant's own) with the audit trail refusing: exit non-zero ($s: $out)"
is "nothing was done under --as" \
	"$(q "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM actions), (SELECT count(*) FROM audit)")" "$sum"
q "DROP TRIGGER broken_audit"
ok "the same comment with the audit trail back: done" af --as zhangsan comment "$n" -m 留言
ok "the audit chain holds" af audit verify
done_testing
