#!/bin/sh
# Issue 18's retention from the screens, in the real terminal (tmux), by
# keys alone, at 80x24 in English and at 60x20 in Chinese (where the
# zh_CN.UTF-8 locale is installed). "Records retention", the last row of
# the reports menu: an employee choosing it is refused in place, in the
# screen's language, nothing asked, the file they might have named
# byte-for-byte unchanged and nothing archived. The admin manager sees the
# two steps with their days and the counts their dry runs give (archive:
# the configured age; purge: no age configured, so the day is asked);
# archiving asks y, archives exactly what the command line would (the
# database's archived_at, one audit row) and the archived requests leave
# the applicant's list on their open screen by themselves; purging asks the
# day, the file (~ expanded, an existing one written over only when said
# so) and y; a file that cannot be written purges nothing and says so,
# naming it; then the export holds the purged requests whole, its hash
# column the same as each one's audit row, and they are tombstones.
. "$srcdir/tests/lib.sh"
TMUX_NEEDS="sqlite3"
. "$srcdir/tests/lib_tmux.sh"
q() { sqlite3 "$DB" "$1"; }
as() { _w=$1; shift; "$AF_BIN" --db "$DB" --as "$_w" "$@"; }
# The archive age is configured, the purge age is not (the screen asks it).
printf 'retention = { archive_after_days = 365; };\n' >> "$CONF"
mkdir -p "$HOME"
today=${ADMINFLOW_NOW%% *}
cut=$(q "SELECT date('$today', '-365 days')")
# old LOGIN WHEN TOPIC: a suggestion LOGIN made at WHEN, rejected then
# (finished), with an opinion; its number.
old() {
	_n=$(ADMINFLOW_NOW="$2" as "$1" submit suggestion "topic=$3" "detail=$3的内容 身份证 110101199001011234") || return 1
	_who=$(q "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r ON r.id = t.request_id
		WHERE r.number = '$_n' AND t.state = 'pending' LIMIT 1")
	ADMINFLOW_NOW="$2" as "$_who" reject "$_n" -m "暂不考虑$3" >/dev/null || return 1
	echo "$_n"
}
# wait_gone NAME PATTERN: polls the screen (grep -E) for up to 10 s until
# the pattern is no longer there; the last screen in $screen.
wait_gone() {
	_i=0
	while screen=$(tm capture-pane -p -t "$1"); printf '%s\n' "$screen" | grep -Eq -- "$2"; do
		[ $_i -ge 100 ] && return 1
		_i=$((_i + 1))
		sleep 0.1
	done
}
gone() { # DESC NAME PATTERN
	if wait_gone "$2" "$3"; then _result 0 "$1"; else
		_result 1 "$1" "$(printf 'still there: %s\nscreen of %s:\n%s' "$3" "$2" "$screen")"; fi
}
state() { q "SELECT group_concat(number || ':' || (archived_at IS NOT NULL) || (purged_at IS NOT NULL), ' ') FROM (SELECT * FROM requests ORDER BY number)"; }
dump() { q "SELECT * FROM requests; SELECT id, action, object, detail FROM audit WHERE action <> 'as'" | sha256sum; }
# mine NAME: the inbox's "mine" tab.
mine() {
	keys "$1" i
	wait_for "$1" '(to do|待办)'
	keys "$1" Tab
	keys "$1" Tab
}

# retention_journey TAG LOCALE COLS ROWS APPLICANT WHEN_OLD WHEN_LATER FILE
retention_journey() {
	tag=$1 loc="LANG=$2 LC_ALL=$2" w=$3 h=$4 who=$5 file=$8
	o1=$(old "$who" "$6" "旧一$tag") o2=$(old "$who" "$6" "旧二$tag") m1=$(old "$who" "$7" "半旧$tag")
	r1=$(old "$who" "$today 08:00:00" "新$tag")
	is "$tag: four finished requests" "$(q "SELECT count(*) FROM requests WHERE number IN ('$o1', '$o2', '$m1', '$r1') AND state = 'rejected'")" 4

	# --- the applicant: the requests on their list; retention refused ---
	e=em$tag
	start $e "$who" "$w" "$h" "$loc"
	wait_for $e '│ (home|首页)'
	mine $e
	expect "$tag: the applicant's list holds the old requests" $e "$o1"
	printf 'kept,as it is\r\n' > "$HOME/$file"
	sum=$(sha256sum < "$HOME/$file") before=$(dump)
	keys $e R
	goto_row $e ' retention$'
	keys $e Enter
	if [ "$tag" = zh ]; then why="档案留存：$who 无权操作（需要 retention 权限）"
	else why="retention: not permitted for $who \\(needs the retention permission\\)"; fi
	expect "$tag: the employee is refused in place, in the screen's language" $e "$why"
	like "$tag: still on the reports menu" "$screen" '│ (reports|报表)'
	is "$tag: the file named nowhere is byte-for-byte the same" "$(sha256sum < "$HOME/$file")" "$sum"
	is "$tag: nothing archived, nothing audited" "$(dump)" "$before"
	keys $e q # back to the list, left open

	# --- the admin manager: the steps and their counts ---
	m=mg$tag
	start $m wangwu "$w" "$h" "$loc"
	wait_for $m '│ (home|首页)'
	keys $m R
	goto_row $m ' retention$'
	keys $m Enter
	dry=$("$AF_BIN" --config "$CONF" --as wangwu retention archive --dry-run)
	is "$tag: the command line's dry run counts the three older than a year" "$dry" 3
	expect "$tag: archive: the configured day and the dry run's count" $m \
		"(archive finished requests|归档已结束的申请) +$cut +$dry *\$"
	like "$tag: purge: no age configured, its day is asked" "$screen" \
		"(purge archived requests|清除已归档的申请) +(asked when run|运行时输入) *\$"

	# --- archive: y, then the same as the command line ---
	goto_row $m '(archive finished|归档已结束)'
	keys $m Enter
	expect "$tag: y is asked, with the count and the day" $m \
		"(archive 3 requests finished before $cut\\?|归档 3 项在 $cut 之前结束的申请？) \\(y/n\\)"
	keys $m y
	expect "$tag: the one-line result" $m "(3 requests archived \\(finished before $cut\\)|已归档 3 项申请（$cut 之前结束）)"
	is "$tag: the three old ones archived, the recent one not" \
		"$(q "SELECT group_concat(number || '=' || (archived_at IS NOT NULL), ' ') FROM (SELECT * FROM requests WHERE number IN ('$o1', '$o2', '$m1', '$r1') ORDER BY number)")" \
		"$(printf '%s\n' "$o1=1" "$o2=1" "$m1=1" "$r1=0" | sort | tr '\n' ' ' | sed 's/ $//')"
	like "$tag: one audit row says how many and before when" \
		"$(q "SELECT actor || ' ' || detail FROM audit WHERE action = 'retention_archive' ORDER BY id DESC LIMIT 1")" \
		"wangwu.* 3 finished before $cut\$"
	gone "$tag: the archived ones leave the applicant's open list by themselves" $e "$o1|$o2|$m1"
	like "$tag: the recent one stays on it" "$screen" "$r1"

	# --- purge: the day asked, a file that cannot be written ---
	goto_row $m '(purge archived|清除已归档)'
	keys $m Enter
	expect "$tag: the day is asked" $m '(purge what was archived and finished before \(YYYY-MM-DD\):|清除此日期前结束的已归档申请（YYYY-MM-DD）：)'
	text $m 2025-06-01
	keys $m Enter
	expect "$tag: the file is asked, with the dry run's count" $m \
		'(export the 2 requests to purge to:|要清除的 2 项申请导出到：) purged-2025-06-01\.csv'
	keys $m C-u
	text $m "~/no/x.csv"
	keys $m Enter
	expect "$tag: y is asked, the file named" $m '(purge 2 requests, exported to x\.csv first\?|清除 2 项申请（先导出到 x\.csv）？) \(y/n\)'
	before=$(state)
	keys $m y
	expect "$tag: an export that cannot be written purges nothing, and says so naming the file" $m \
		"(nothing purged: |未清除任何申请：)$HOME/no/x\\.csv"
	is "$tag: nothing purged" "$(state)" "$before"
	is "$tag: no purge audited" "$(q "SELECT count(*) FROM audit WHERE action = 'retention_purge' AND object IN ('$o1', '$o2')")" 0
	ok "$tag: no file left" test ! -e "$HOME/no/x.csv"
	like "$tag: the step keeps the day given and its count" "$screen" \
		"(purge archived requests|清除已归档的申请) +2025-06-01 +2 *\$"

	# --- purge into ~/FILE, which exists: written over when said so ---
	keys $m Enter
	expect "$tag: the file is asked again" $m '(export the 2 requests to purge to:|要清除的 2 项申请导出到：)'
	keys $m C-u
	text $m "~/$file"
	keys $m Enter
	expect "$tag: the existing file: write over it?" $m "$file( exists: write over it\\?| 已存在：覆盖吗？) \\(y/n\\)"
	keys $m y
	expect "$tag: then y for the purge" $m "(purge 2 requests, exported to $file first\\?|清除 2 项申请（先导出到 $file）？) \\(y/n\\)"
	keys $m y
	expect "$tag: the one-line result" $m "(2 requests purged, exported to|已清除 2 项申请，已导出到)"
	# (wrapped where the screen is narrow)
	like "$tag: naming the file in full" "$(printf '%s\n' "$screen" | tr '\n' ' ' | tr -s ' ')" \
		"(exported to|已导出到) $HOME/$file "
	is "$tag: the two oldest purged, the others archived or left" \
		"$(q "SELECT group_concat(number || '=' || (archived_at IS NOT NULL) || (purged_at IS NOT NULL), ' ') FROM (SELECT * FROM requests WHERE number IN ('$o1', '$o2', '$m1', '$r1') ORDER BY number)")" \
		"$(printf '%s\n' "$o1=11" "$o2=11" "$m1=10" "$r1=00" | sort | tr '\n' ' ' | sed 's/ $//')"
	is "$tag: tombstones: data and summary gone" \
		"$(q "SELECT count(*) FROM requests WHERE number IN ('$o1', '$o2') AND data = '{}' AND summary = ''")" 2
	is "$tag: the export: a header and the two, by number" \
		"$(tr -d '\r' < "$HOME/$file" | cut -d, -f1 | sed 1d | sort | tr '\n' ' ')" \
		"$(printf '%s\n' "$o1" "$o2" | sort | tr '\n' ' ')"
	like "$tag: whole: the data and the opinion" "$(grep "^$o1," "$HOME/$file")" "110101199001011234.*暂不考虑旧一$tag"
	for n in $o1 $o2; do
		hash=$(grep "^$n," "$HOME/$file" | tr -d '\r' | awk -F, '{ print $NF }')
		like "$tag: $n's audit row has the export's SHA-256" \
			"$(q "SELECT detail FROM audit WHERE action = 'retention_purge' AND object = '$n'")" "; sha256 $hash\$"
	done
	like "$tag: the audit chain verifies" "$(af --as wangwu audit verify)" "chain intact"
	tm kill-session -t $m
	tm kill-session -t $e
}

retention_journey en C.UTF-8 80 24 zhangsan "2024-03-04 09:00:00" "2025-09-01 09:00:00" purged.csv
ZH=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && ZH=zh_CN.UTF-8
if [ -n "$ZH" ]; then
	retention_journey zh "$ZH" 60 20 yangfan "2024-04-08 09:00:00" "2025-08-01 09:00:00" 清除.csv
else
	_result 0 "zh_CN # SKIP the zh_CN.UTF-8 locale is not installed"
fi
done_testing
