#!/bin/sh
# Who may do the company-wide things, and what is recorded first (issue 12):
# - remind (and remind --dry-run, which lists every overdue step in the
#   company) is for root (cron) and the remind permission (the admin
#   manager): an employee gets exit 4 and sees nothing;
# - --as is audited with the change it makes, in the change's transaction:
#   when the audit trail cannot take the row, the change is not made. A
#   read under --as writes nothing when the real user may read all that
#   the login may anyway (root, the admin manager); anyone else's read
#   under --as is audited first, and shows nothing when that fails.
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

# --- --as: a change carries its row; a read writes nothing -----------------------------------------
rows=$(q "SELECT count(*) FROM audit")
ok "--as show: allowed" af --as zhangsan show "$n"
is "--as show by root: no audit row (a read writes nothing)" "$(q "SELECT count(*) FROM audit")" "$rows"
ok "--as comment: allowed" af --as zhangsan comment "$n" -m 看过
is "--as comment: its row and the comment's, naming both" \
	"$(q "SELECT group_concat(actor || ' ' || action, ', ') FROM audit WHERE id > $rows")" \
	"root (as zhangsan) as, root (as zhangsan) comment"
# A login that may use --as without seeing everything (a site that grants
# impersonate to the admin staff): its reads under --as are audited.
q "INSERT INTO permissions(role, permission) VALUES ('admin_staff', 'impersonate')"
q "UPDATE employees SET login = 'root' WHERE login = 'liuyang'"
rows=$(q "SELECT count(*) FROM audit")
ok "--as show by an admin clerk with impersonate: allowed" af --as zhangsan show "$n"
is "--as show by one who does not see everything: audited" \
	"$(q "SELECT actor || '|' || action FROM audit WHERE id > $rows")" "root (as zhangsan)|as"
# The audit trail refuses new rows (a damaged table, as far as the program can tell).
q "CREATE TRIGGER broken_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit table damaged'); END;"
sum=$(q "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM actions), (SELECT count(*) FROM audit)")
out=$(af --as zhangsan show "$n" 2>/dev/null); s=$?
[ "$s" != 0 ]; _result $? "--as show by the clerk with the audit trail refusing: exit non-zero ($s)"
is "--as show by the clerk with the audit trail refusing: nothing printed" "$out" ""
q "UPDATE employees SET login = 'liuyang' WHERE login = 'root'"
q "DELETE FROM permissions WHERE role = 'admin_staff' AND permission = 'impersonate'"
# Root (and the admin manager) reads under --as all the same: nothing to write.
for cmd in "show $n" "inbox" "export requests"; do
	# shellcheck disable=SC2086
	out=$(af --as liuyang $cmd 2>&1); s=$?
	is "--as $cmd with the audit trail refusing: a read writes nothing, so it works" "$s" 0
	like "--as $cmd with the audit trail refusing: printed" "$out" "$n"
done
out=$(af --as zhangsan comment "$n" -m 留言 2>&1); s=$?
[ "$s" != 0 ]; _result $? "--as comment (the applicant's own) with the audit trail refusing: exit non-zero ($s: $out)"
is "nothing was done under --as" \
	"$(q "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM actions), (SELECT count(*) FROM audit)")" "$sum"
q "DROP TRIGGER broken_audit"
ok "the same comment with the audit trail back: done" af --as zhangsan comment "$n" -m 留言
ok "the audit chain holds" af audit verify
done_testing
