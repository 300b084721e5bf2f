#!/bin/sh
# An employee asks for an asset (issue 18): the asset request ends in the
# asset keeper's hand-over, who chooses the asset then (one in stock of the
# asked category); the applicant holds it from then, the move names the
# request, the audit says it. It comes back by an asset return request:
# in stock again, holder cleared, the return on its history and audited.
# Every refusal says which field and why, with nothing changed; two keepers
# handing out the last one of a category: one wins, the other is refused.
# Then the keeper's journey on the real screen (tmux, 80x24 and 60x20).
. "$srcdir/tests/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 (the command) is not installed"
af_init

q() { sqlite3 "$DB" "$1"; }
dump() {
	q "SELECT * FROM assets; SELECT * FROM asset_moves; SELECT id, number, state, data FROM requests;
	   SELECT id, action, object, detail FROM audit WHERE action <> 'as'" | sha256sum
}
asset() { q "SELECT a.status || '|' || coalesce(e.login, '') || '|' || a.location || '|' || coalesce(a.return_due, '')
	FROM assets a LEFT JOIN employees e ON e.id = a.holder_id WHERE a.tag = '$1'"; }
keeper() { af --as guojing "$@"; }

# ---- asking ------------------------------------------------------------------
refused_why "a category with no asset on the register" 3 "field category: no asset of category '飞机' on the register" \
	af --as zhangsan submit staff_asset category=飞机 reason=出差
refused_why "the applicant cannot pick the asset" 3 "field asset: chosen by the asset keeper at hand-over" \
	af --as zhangsan submit staff_asset category=显示器 reason=双屏办公 asset=FA-2021-0011
refused_why "a return date already past" 3 "field until" \
	af --as zhangsan submit staff_asset category=显示器 reason=双屏办公 until=2026-11-01
n=$(af --as zhangsan submit staff_asset category=显示器 reason=双屏办公 until=2027-03-31)
like "zhangsan asks for a monitor" "$n" '^ZC-20261128-[0-9]{4}$'
ok "his department head approves" af --as lisi approve "$n"
is "the asset keeper's hand-over is next" \
	"$(q "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r ON r.id = t.request_id
	      WHERE r.number = '$n' AND t.state = 'pending'")" guojing

# ---- the hand-over: the keeper chooses ---------------------------------------
refused_why "approving the hand-over without choosing" 3 "field asset: the asset keeper chooses the asset to hand over" \
	keeper approve "$n"
refused_why "an asset of another category" 3 "field asset: FA-2019-0010 is a 电脑, not a 显示器 as asked" \
	keeper approve "$n" asset=FA-2019-0010
refused_why "one somebody holds" 5 "FA-2019-0012: already assigned to 方宇" \
	keeper approve "$n" asset=FA-2019-0012
refused_why "a retired one" 5 "FA-2019-0004: it is retired" \
	keeper approve "$n" asset=FA-2019-0004
refused_why "no such asset" 3 "field asset" keeper approve "$n" asset=FA-0000
refused_why "the applicant cannot approve the keeper's step" 4 "" \
	af --as zhangsan approve "$n" asset=FA-2021-0011
ok "the keeper hands over FA-2021-0011" keeper approve "$n" asset=FA-2021-0011
is "the request is done" "$(q "SELECT state FROM requests WHERE number = '$n'")" done
is "zhangsan holds it, due back as asked" "$(asset FA-2021-0011)" "in_use|zhangsan|行政库房A|2027-03-31"
is "its history: the hand-over, by the keeper, for the request" \
	"$(keeper assets history FA-2021-0011 | tail -n 1 | cut -f 2,3,4,6,7,8)" "assign	in_stock	in_use	zhangsan	guojing	$n"
is "and the audit says it" "$(q "SELECT action || ' ' || object || ' ' || detail FROM audit WHERE action = 'asset_assign'
	ORDER BY id DESC LIMIT 1")" "asset_assign FA-2021-0011 to zhangsan for $n, due back 2027-03-31"
like "the timeline shows the keeper's choice" "$(af --as zhangsan show "$n")" 'edit	asset=FA-2021-0011'

# ---- the return ---------------------------------------------------------------
refused_why "returning what one does not hold" 5 "field asset: FA-2021-0011 is in_use by zhangsan, not held by the applicant" \
	af --as lisi submit staff_asset_return asset=FA-2021-0011 reason=不用了
refused_why "returning one in stock" 5 "field asset: FA-2021-0012 is in_stock, not held" \
	af --as zhangsan submit staff_asset_return asset=FA-2021-0012 reason=不用了
r=$(af --as zhangsan submit staff_asset_return asset=FA-2021-0011 reason=项目结束)
like "zhangsan returns it" "$r" '^ZG-20261128-[0-9]{4}$'
is "still his until the keeper receives it" "$(asset FA-2021-0011)" "in_use|zhangsan|行政库房A|2027-03-31"
ok "the keeper receives it, into another store" keeper approve "$r" location=行政库房B
is "in stock again, holder and due date cleared" "$(asset FA-2021-0011)" "in_stock||行政库房B|"
is "its history: the return, by the keeper, for the request" \
	"$(keeper assets history FA-2021-0011 | tail -n 1 | cut -f 2,3,4,5,7,8,9)" \
	"return	in_use	in_stock	zhangsan	guojing	$r	行政库房A → 行政库房B"
is "and the audit says it" "$(q "SELECT action || ' ' || object || ' ' || detail FROM audit WHERE action = 'asset_return'
	ORDER BY id DESC LIMIT 1")" "asset_return FA-2021-0011 from zhangsan by $r"
# The cycle goes on: it can be handed out again, or written off.
ok "back in stock, it can be written off" keeper assets writeoff FA-2021-0011 -m 屏幕老化
is "retired" "$(asset FA-2021-0011)" "retired||行政库房B|"

# ---- two hand-overs of the last one of a category --------------------------------
ok "of two projectors in stock, one is written off" keeper assets writeoff FA-2022-0005 -m 灯泡损坏
last=$(q "SELECT group_concat(tag) FROM assets WHERE category = '投影仪' AND status = 'in_stock'")
is "one projector is in stock" "$last" FA-2019-0005
a1=$(af --as zhangsan submit staff_asset category=投影仪 reason=路演)
a2=$(af --as pengli submit staff_asset category=投影仪 reason=培训)
af --as lisi approve "$a1" >/dev/null && af --as lisi approve "$a2" >/dev/null
keeper approve "$a1" asset=FA-2019-0005 >"$TMP/k1.out" 2>&1 &
keeper approve "$a2" asset=FA-2019-0005 >"$TMP/k2.out" 2>&1 &
wait
is "one hand-over is done, the other still waits for its asset" \
	"$(q "SELECT group_concat(state, ' ') FROM (SELECT state FROM requests WHERE number IN ('$a1', '$a2') ORDER BY state)")" \
	"done pending"
like "the other was told the asset is taken" "$(cat "$TMP/k1.out" "$TMP/k2.out")" 'FA-2019-0005: already assigned to'
is "one hand-over move, to the winner" \
	"$(q "SELECT count(*) || ' ' || (SELECT e.login FROM assets a JOIN employees e ON e.id = a.holder_id WHERE a.tag = 'FA-2019-0005')
	      FROM asset_moves m JOIN assets a ON a.id = m.asset_id WHERE a.tag = 'FA-2019-0005' AND m.kind = 'assign' AND m.request_id IS NOT NULL")" \
	"1 $(q "SELECT e.login FROM requests r JOIN employees e ON e.id = r.applicant_id WHERE r.state = 'done' AND r.number IN ('$a1', '$a2')")"
loser=$(q "SELECT number FROM requests WHERE state = 'pending' AND number IN ('$a1', '$a2')")
ok "the keeper turns the other down: none left" keeper reject "$loser" -m 投影仪已全部发放
ok "the audit chain is intact" af audit verify

# ---- the keeper's hand-over on the real screen --------------------------------
if [ "$(id -u)" = 0 ] && command -v tmux >/dev/null 2>&1 && command -v pgrep >/dev/null 2>&1; then
	CONF="$TMP/adminflow.conf"
	printf 'database = "%s";\nforms_dir = "%s";\nrefresh_interval = 1;\n' "$DB" "$FORMS" > "$CONF"
	. "$srcdir/tests/lib_tmux.sh"
	t=$(af --as zhangsan submit staff_asset category=电脑 reason=新项目开发)
	af --as lisi approve "$t" >/dev/null
	start k guojing 80 24
	expect "the keeper's home" k '郭静·行政部·asset_keeper'
	keys k i
	expect "the request is in the keeper's to-do" k "^  $t Asset request +张三 +电脑 · 新项目开发"
	keys k Enter
	expect "the request opens at the hand-over step" k '▶ Asset keeper hands over · now · 郭静'
	like "the asset is still to be chosen: an empty row to set" "$screen" '^ ✎Asset *$'
	keys k j j
	expect "the cursor on the asset" k '^▸✎Asset'
	keys k e
	expect "the picker offers the computers in stock" k '^ Asset +search:'
	got=$(printf '%s\n' "$screen" | sed -n 's/^  \(FA-[0-9-]*\) .*/\1/p' | tr '\n' ' ')
	is "only those: in stock and of the asked category" "$got" \
		"$(q "SELECT group_concat(tag, ' ') || ' ' FROM (SELECT tag FROM assets WHERE status = 'in_stock' AND category = '电脑' ORDER BY tag)")"
	like "each with where it is kept" "$screen" '^  FA-2019-0010 MacBook Pro 14 · 行政库房A'
	keys k Down Enter
	expect "the second one is chosen, marked as changed" k '^ ✎ changed: saved with your approval \(a\)'
	pick=$(printf '%s\n' "$screen" | sed -n 's/^▸✎Asset *\(FA-[0-9-]*\).*/\1/p')
	keys k a
	expect "the approval asks for an opinion" k '^opinion: agreed'
	keys k Enter
	expect "handed over" k "$t: approve ok"
	like "the request is done" "$screen" '^ state +done'
	is "the applicant holds the chosen asset" "$(asset "$pick" | cut -d '|' -f 1,2)" "in_use|zhangsan"
	# A phone: the same request, narrower.
	start p guojing 60 20
	expect "at 60x20" p '郭静 │'
	keys p i Tab
	expect "the done tab holds it" p "^  $t"
	keys p Enter
	expect "the request at 60x20, the asset shown" p "^ Asset +$pick"
	keys p q q q
fi
done_testing
