#!/bin/sh
# Retention (issue 18): finished requests left unchanged since before a
# date are archived -- kept whole and read-only, out of the everyday lists,
# still shown and exported; nothing deleted. One transaction and one audit
# row: a failure half-way (the fault VFS) leaves all or nothing, and the
# audit chain verifies after. The archive effect no longer stamps anything.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_retention.sh"
af_init

dump() { q "SELECT * FROM requests; SELECT id, action, object, detail FROM audit WHERE action <> 'as'" | sha256sum; }

# An old claim (done, paid), an old rejected one, an old one still pending,
# and a recent done one.
at "2025-03-03 09:00:00"
old=$(af --as zhangsan submit suggestion "topic=食堂" "detail=增加素食窗口")
rej=$(af --as zhangsan submit suggestion "topic=停车" "detail=增加车位")
open=$(af --as zhangsan submit supplies lines=SP003:1 purpose=旧的待办)
for who in $(q "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r ON r.id = t.request_id
		WHERE r.number = '$old' AND t.state = 'pending'"); do af --as "$who" approve "$old" >/dev/null; done
rej_by=$(q "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r ON r.id = t.request_id
	WHERE r.number = '$rej' AND t.state = 'pending' LIMIT 1")
af --as "$rej_by" reject "$rej" -m 暂不考虑 >/dev/null
claim=$(af --as zhangsan submit expense lines=meals,88.00 purpose=客户午餐)
approve_all "$claim"
at "2026-11-20 09:00:00"
new=$(af --as zhangsan submit suggestion "topic=会议室" "detail=增加白板")
for who in $(q "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r ON r.id = t.request_id
		WHERE r.number = '$new' AND t.state = 'pending'"); do af --as "$who" approve "$new" >/dev/null; done
at "2026-11-28 09:00:00"
is "the five: done, rejected, pending, done and unpaid, done" \
	"$(q "SELECT group_concat(state || coalesce(substr(paid_at, 1, 0), '/unpaid'), ' ') FROM (SELECT state, paid_at FROM requests
	      WHERE number IN ('$old', '$rej', '$open', '$claim', '$new') ORDER BY id)")" \
	"done/unpaid rejected/unpaid pending/unpaid done/unpaid done/unpaid"
is "the archive effect stamped nothing" "$(q "SELECT count(*) FROM requests WHERE archived_at IS NOT NULL")" 0

# ---- refusals -------------------------------------------------------------------
refused_why "an employee may not archive" 4 "retention" af --as zhangsan retention archive --before 2026-01-01
refused_why "a date that is not one" 3 "--before: '2026-02-30' is not a date" mgr retention archive --before 2026-02-30
refused_why "a date after today" 3 "--before: 2027-01-01 is after today" mgr retention archive --before 2027-01-01
refused_why "no date and no configured age" 2 "retention.archive_after_days" mgr retention archive
status_is "an unknown subcommand is a usage error" 2 mgr retention purge

# ---- a dry run, then the archive --------------------------------------------------
before=$(dump)
is "the dry run counts the two finished before 2026" "$(mgr retention archive --before 2026-01-01 --dry-run)" 2
is "and changes nothing" "$(dump)" "$before"

FV=$(cd "$top_builddir" && pwd)/tests/adminflow-faultvfs
if [ -x "$FV" ]; then
	# Killed half-way through writing the archive into the file (its
	# first transaction; the audit row of --as rides in it): the journal
	# rolls it back at the next open, nothing of it is kept.
	ADMINFLOW_TEST_VFS="write:main:2:1:kill:1" ADMINFLOW_TEST_VFS_LOG="$TMP/vfs.log" \
		"$FV" --db "$DB" --as wangwu retention archive --before 2026-01-01 >/dev/null 2>&1; s=$?
	is "an archive killed in the middle of its writes dies (SIGKILL)" "$s" 137
	like "the kill fired" "$(cat "$TMP/vfs.log")" "kill"
	is "and leaves all as it was: nothing archived, no audit row" "$(dump)" "$before"
	ok "the chain verifies after the kill" af audit verify
else
	_result 0 "# SKIP tests/adminflow-faultvfs is not built"
fi

is "archived: the two finished before 2026" "$(mgr retention archive --before 2026-01-01)" 2
is "which two" "$(q "SELECT group_concat(number, ' ') FROM (SELECT number FROM requests WHERE archived_at IS NOT NULL ORDER BY id)")" \
	"$old $rej"
is "one audit row says it" "$(q "SELECT action || ' ' || object || ' ' || detail FROM audit WHERE action = 'retention_archive'")" \
	"retention_archive requests 2 finished before 2026-01-01"
is "again: nothing more to archive" "$(mgr retention archive --before 2026-01-01)" 0
is "the claim approved and not paid stays: finance still has it to pay" \
	"$(q "SELECT archived_at IS NULL FROM requests WHERE number = '$claim'")" 1
ok "finance pays it" af --as songjia pay "$claim" --ref TX-1
is "paid, it is archived the next time" "$(mgr retention archive --before 2026-01-01)" 1
is "nothing was deleted" "$(q "SELECT count(*) FROM requests WHERE number IN ('$old', '$rej', '$open', '$claim', '$new')")" 5

# ---- read-only, out of the lists, still shown -------------------------------------------
mine=$(af --as zhangsan inbox --mine | cut -f1)
printf '%s\n' "$mine" | grep -qx "$old"; [ $? != 0 ]
_result $? "the archived are out of the applicant's list" "$mine"
like "the rest are in it" "$mine" "$new"
like "show still reads an archived one" "$(af --as zhangsan show "$old")" 'done'
refused_why "an archived request takes no comment" 5 "$old: archived \(retention\); it is kept read-only" \
	af --as zhangsan comment "$old" -m 还有后续吗
like "the requests export still holds them" "$(mgr export requests)" "$old"

# ---- the configured age ------------------------------------------------------------------
printf 'retention = { archive_after_days = 5; };\n' > "$TMP/ret.conf"
is "archive_after_days = 5: the one done 8 days ago" \
	"$("$AF_BIN" --config "$TMP/ret.conf" --db "$DB" --as wangwu retention archive)" 1
printf 'retention = { archive_after_days = -1; };\n' > "$TMP/bad.conf"
status_is "a negative age is refused" 2 "$AF_BIN" --config "$TMP/bad.conf" --db "$DB" --as wangwu retention archive
is "the pending one is never archived" "$(q "SELECT archived_at IS NULL FROM requests WHERE number = '$open'")" 1
ok "the audit chain verifies" af audit verify
done_testing
