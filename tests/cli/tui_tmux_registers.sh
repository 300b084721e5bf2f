#!/bin/sh
# Issue 18's stock correction and space register on the screens, in the
# real terminal (tmux), by keys alone, at 80x24 in English and at 60x20 in
# Chinese (where the zh_CN.UTF-8 locale is installed): an admin clerk
# takes two pens off SP003 from the supplies tab (S, the signed quantity,
# the reason) and the stock move and the audit row are there, and sets its
# reorder level (V); the spaces tab lists the desks, free ones too, m moves
# a holder to another desk and f releases that one, each on the day asked
# (today by default; a day that is no date refused in place);
# an ordinary employee pressing the same keys is refused in place, in the
# screen's language, with nothing asked and nothing changed. A reason
# pasted lands in the prompt, never as Enter; a connection dropped at the
# prompt changes nothing and the program ends.
. "$srcdir/tests/lib.sh"
TMUX_NEEDS="sqlite3"
. "$srcdir/tests/lib_tmux.sh"
q() { sqlite3 "$DB" "$1"; }
as() { _w=$1; shift; "$AF_BIN" --db "$DB" --as "$_w" "$@"; }
# The day the program takes for today (the tests' clock).
today=${ADMINFLOW_NOW%% *}
tomorrow=$(q "SELECT date('$today', '+1 day')")
after=$(q "SELECT date('$today', '+2 day')")
bad=2026-13-01
onhand() { q "SELECT on_hand FROM supplies WHERE sku = '$1'"; }

# registers_journey TAG LOCALE COLS ROWS CLERK DESK HOLDER NEW_DESK LEVEL
registers_journey() {
	tag=$1 loc="LANG=$2 LC_ALL=$2" w=$3 h=$4 clerk=$5 desk=$6 holder=$7 desk2=$8 level=$9
	s=rg$tag
	k=$(as "$holder" submit space space="$desk" assignee="$holder" start="$today" reason="新工位$tag")
	approve_all "$k"
	is "$tag: $desk is $holder's" "$(q "SELECT a.state FROM space_allocations a JOIN requests r ON r.id = a.request_id WHERE r.number = '$k'")" confirmed
	before=$(onhand SP003)

	# --- the supplies tab: SP003 by -2, with a reason ---
	start $s "$clerk" "$w" "$h" "$loc"
	wait_for $s '│ (home|首页)'
	keys $s r
	expect "$tag: the supplies tab" $s '^  SKU +(name|名称)'
	goto_row $s '^  SP003 '
	keys $s S
	expect "$tag: S asks the signed quantity" $s '(SP003: \+N or -N:|SP003：\+N 或 -N：)'
	tm send-keys -t $s -l -- -2 # (text would take it for a flag)
	keys $s Enter
	expect "$tag: then the reason" $s '(reason:|原因：)'
	# pasted: taken whole in the prompt, its line break a space, never Enter
	paste $s "笔杆断裂$tag
"
	expect "$tag: a paste is taken in the prompt, not sent" $s "^(reason:|原因：) ?笔杆断裂$tag\$"
	keys $s BSpace Enter
	expect "$tag: done, said on the screen" $s '(SP003: stock -2|SP003：库存 -2)$'
	is "$tag: two fewer on hand" "$(onhand SP003)" $((before - 2))
	like "$tag: the row shows it" "$screen" "SP003 +黑色签字笔 +$((before - 2))支"
	is "$tag: one adjust move, signed, with the reason and the clerk" \
		"$(q "SELECT m.kind || '|' || CASE m.sign WHEN 1 THEN '+' ELSE '-' END || m.quantity || '|' || e.login FROM stock_moves m JOIN employees e ON e.id = m.actor_id
			WHERE m.note = '笔杆断裂$tag'")" "adjust|-2|$clerk"
	is "$tag: one audit row for it" \
		"$(q "SELECT count(*) FROM audit WHERE action = 'stock_adjust' AND object = 'SP003' AND detail LIKE '%笔杆断裂$tag%'")" 1
	# the reorder level the same way: V, the level, the reason
	keys $s V
	expect "$tag: V asks the level" $s '(SP003: reorder level:|SP003：补货线：)'
	text $s "$level"
	keys $s Enter
	expect "$tag: then the reason" $s '(reason:|原因：)'
	text $s "用量上升$tag"
	keys $s Enter
	expect "$tag: the level set, said on the screen" $s "(SP003: reorder level $level|SP003：补货线 $level)\$"
	is "$tag: the level stored" "$(q "SELECT reorder_level FROM supplies WHERE sku = 'SP003'")" "$level"
	is "$tag: and audited" "$(q "SELECT count(*) FROM audit WHERE action = 'stock_level' AND object = 'SP003' AND detail LIKE '%用量上升$tag%'")" 1
	# a quantity without its sign is refused before a reason is asked
	keys $s S
	expect "$tag: S again" $s '(SP003: \+N or -N:|SP003：\+N 或 -N：)'
	text $s 3
	keys $s Enter
	expect "$tag: an unsigned quantity is refused" $s '(not \+N or -N: 3|不是 \+N 或 -N：3)$'

	# --- the spaces tab: the register, a release ---
	keys $s f
	expect "$tag: f on the supplies tab says where it works" $s '^(f: on the spaces tab|f：在空间页使用)$'
	keys $s BTab
	expect "$tag: the spaces tab, with free desks" $s '^  3F +D3-08 +3楼开放工位08 .*(free|空闲)$'
	like "$tag: and the held-by-request desk with its holder and request" "$screen" \
		"^  3F +$desk +3楼开放工位0. +[^ ]+ +$today .*(allocated|已分配)\$"
	goto_row $s "^  3F +$desk "
	keys $s m
	expect "$tag: m asks where to" $s "($desk: move to space:|$desk：调到工位：)"
	text $s "$desk2"
	keys $s Enter
	expect "$tag: then the day, today by default" $s "(moved from \\(YYYY-MM-DD\\):|调动日期（YYYY-MM-DD）：) *$today"
	keys $s Enter
	expect "$tag: then the reason" $s '(reason:|原因：)'
	text $s "靠窗$tag"
	keys $s Enter
	expect "$tag: moved, said on the screen" $s "($desk: moved to $desk2 from $today|$desk：自 $today 起调到 $desk2)\$"
	like "$tag: the new desk is the holder's from today" "$screen" "^  3F +$desk2 +3楼开放工位0. .* $today .*(allocated|已分配)\$"
	like "$tag: the old one free (it was the holder's from today only)" "$screen" "^  3F +$desk +3楼开放工位0. .*(free|空闲)\$"
	is "$tag: the move audited with the reason" "$(q "SELECT count(*) FROM audit WHERE action = 'space_move' AND object = '$desk' AND detail LIKE '%靠窗$tag'")" 1
	goto_row $s "^  3F +$desk2 "
	# a day that is no date: refused in place, one line, nothing changed
	allocs=$(q "SELECT count(*) || '/' || group_concat(coalesce(ends_on, '-')) FROM space_allocations")
	keys $s f
	expect "$tag: f asks the last day, today by default" $s "(last day \\(YYYY-MM-DD\\):|最后使用日（YYYY-MM-DD）：) *$today"
	keys $s C-u
	text $s "$bad"
	keys $s Enter
	expect "$tag: then the reason" $s '(reason:|原因：)'
	text $s "离职$tag"
	keys $s Enter
	expect "$tag: a bad day is refused in place, in the screen's language" $s \
		"^(space release: --date '$bad' is not a date \\(YYYY-MM-DD\\)|space release：--date“$bad”不是日期（YYYY-MM-DD）) *\$"
	is "$tag: nothing changed" "$(q "SELECT count(*) || '/' || group_concat(coalesce(ends_on, '-')) FROM space_allocations")" "$allocs"
	is "$tag: nothing audited" "$(q "SELECT count(*) FROM audit WHERE action = 'space_release' AND object = '$desk2'")" 0
	# tomorrow, then: the holder keeps it one more day
	keys $s f
	expect "$tag: f again" $s "(last day \\(YYYY-MM-DD\\):|最后使用日（YYYY-MM-DD）：) *$today"
	keys $s C-u
	text $s "$tomorrow"
	keys $s Enter
	expect "$tag: then the reason" $s '(reason:|原因：)'
	text $s "离职$tag"
	keys $s Enter
	expect "$tag: released, said on the screen with the day" $s "($desk2: released, last day $tomorrow|$desk2：已释放，最后使用日 $tomorrow)\$"
	is "$tag: tomorrow is the holder's last day" "$(q "SELECT a.ends_on FROM space_allocations a JOIN spaces p ON p.id = a.space_id WHERE p.code = '$desk2' AND a.state = 'confirmed'")" "$tomorrow"
	like "$tag: still the holder's on the register today" "$screen" "^  3F +$desk2 +3楼开放工位0. .* $today .*(allocated|已分配)\$"
	unlike "$tag: not free tomorrow" "$(as "$clerk" space free --date "$tomorrow" | cut -f2 | tr '\n' ' ')" " $desk2 "
	like "$tag: free the day after" "$(as "$clerk" space free --date "$after" | cut -f2 | tr '\n' ' ')" " $desk2 "
	is "$tag: audited with the reason" "$(q "SELECT count(*) FROM audit WHERE action = 'space_release' AND object = '$desk2' AND detail LIKE '%离职$tag'")" 1
	keys $s q
	tm kill-session -t $s

	# --- an ordinary employee: refused in place, nothing asked ---
	e=em$tag
	moves=$(q "SELECT count(*) FROM stock_moves")
	start $e zhangsan "$w" "$h" "$loc"
	wait_for $e '│ (home|首页)'
	keys $e r
	expect "$tag: the employee sees the supplies" $e '^  SP003 '
	keys $e S
	expect "$tag: S is refused, in the screen's language" $e \
		'^(stock adjust: not permitted for zhangsan \(needs the manage_stock|stock adjust：zhangsan 无权操作（需要 manage_stock)'
	keys $e BTab
	expect "$tag: the employee sees the spaces" $e "^  3F +$desk "
	keys $e f
	expect "$tag: f is refused" $e \
		'^(space release: not permitted for zhangsan \(needs the manage_resources|space release：zhangsan 无权操作（需要 manage_resources)'
	is "$tag: nothing was asked" "$(printf '%s\n' "$screen" | grep -cE '(reason:|原因：|\+N)')" 0
	is "$tag: nothing changed" "$(q "SELECT count(*) FROM stock_moves")" "$moves"
	keys $e q
	tm kill-session -t $e

	# --- the connection dropped while the reason is asked: nothing changed ---
	d=dr$tag
	moves=$(q "SELECT count(*) FROM stock_moves") stock=$(onhand SP003)
	audits=$(q "SELECT count(*) FROM audit")
	start $d "$clerk" "$w" "$h" "$loc"
	wait_for $d '│ (home|首页)'
	keys $d r
	goto_row $d '^  SP003 '
	keys $d S
	expect "$tag: S asks again" $d '(SP003: \+N or -N:|SP003：\+N 或 -N：)'
	tm send-keys -t $d -l -- -1
	keys $d Enter
	expect "$tag: then the reason" $d '(reason:|原因：)'
	text $d "掉线$tag"
	hung_up "$tag: the tmux server killed at the prompt, the program ended by itself" $d
	is "$tag: nothing half-written: no move, the stock and the audit as they were" \
		"$(q "SELECT count(*) FROM stock_moves")|$(onhand SP003)|$(q "SELECT count(*) FROM audit")" "$moves|$stock|$audits"
}

registers_journey en C.UTF-8 80 24 liuyang D3-01 zhangsan D3-05 40
ZH=
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && ZH=zh_CN.UTF-8
if [ -n "$ZH" ]; then
	registers_journey zh "$ZH" 60 20 xulei D3-02 lisi D3-06 35
else
	_result 0 "zh_CN # SKIP the zh_CN.UTF-8 locale is not installed"
fi
done_testing
