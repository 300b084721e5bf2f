#!/bin/sh
# Fixed assets through the command line, with the demo company and a fixed
# clock: received against a procurement, assigned with a hand-over slip,
# passed between holders, moved, returned and written off, its history
# whole; every refusal with its exit status and nothing changed; a stocktake
# of one location with a missing asset, one found elsewhere and an unknown
# tag, resolved and closed; and a change retried after an ambiguous failure
# applied once.
. "$srcdir/tests/lib.sh"
af_init

q() { sqlite3 "$DB" "$1"; }
at() { ADMINFLOW_NOW="$1"; export ADMINFLOW_NOW; }
keeper() { af --as guojing "$@"; }
# What any asset command may change. The audit of --as is left out: it is
# written before the command runs, refused or not.
dump() {
	q "SELECT * FROM assets; SELECT * FROM asset_moves; SELECT * FROM stocktakes;
	   SELECT * FROM stocktake_counts; SELECT id, action, object, detail FROM audit WHERE action <> 'as'" |
		sha256sum
}
asset() { q "SELECT a.status || '|' || coalesce(e.login, '') || '|' || a.location FROM assets a
	LEFT JOIN employees e ON e.id = a.holder_id WHERE a.tag = '$1'"; }
TAG=FA-2026-0100

# ---- procurement → receive with a tag --------------------------------------
p1=$(af --as zhangsan submit procurement supplier=SUP03 items=笔记本电脑 amount=9000)
p2=$(af --as zhangsan submit procurement supplier=SUP03 items=显示器 amount=3000)
approve_all "$p1"
is "the procurement is done" "$(q "SELECT state FROM requests WHERE number = '$p1'")" done
at "2026-11-28 09:00:00"
refused_why "an employee may not receive assets" 4 "needs the manage_assets permission" \
	af --as zhangsan assets receive "$TAG" 'ThinkPad X1 Carbon' --location 行政库房A
refused_why "receiving against a pending procurement" 5 "$p2 is pending" \
	keeper assets receive "$TAG" 'ThinkPad X1 Carbon' --location 行政库房A --request "$p2"
refused_why "receiving against no such request" 3 "--request: no request CG-19990101-0001" \
	keeper assets receive "$TAG" 'ThinkPad X1 Carbon' --location 行政库房A --request CG-19990101-0001
refused_why "a cost that is not an amount" 3 "--cost: '9,000' is not an amount" \
	keeper assets receive "$TAG" 'ThinkPad X1 Carbon' --location 行政库房A --cost 9,000
refused_why "a date that is not one" 3 "--date: '2026-02-30' is not a date" \
	keeper assets receive "$TAG" 'ThinkPad X1 Carbon' --location 行政库房A --date 2026-02-30
refused_why "receiving with nowhere to keep it" 3 "--location: a value is required" \
	keeper assets receive "$TAG" 'ThinkPad X1 Carbon'
refused_why "a tag longer than 32 characters" 3 "tag: too long" \
	keeper assets receive FA-2026-0100-0000000000000000000000 'ThinkPad X1 Carbon' --location 行政库房A
ok "the asset keeper receives it against the procurement" \
	keeper assets receive "$TAG" 'ThinkPad X1 Carbon' --location 行政库房A --category 电脑 \
	--cost 9000 --date 2026-11-27 --request "$p1"
is "it is on the register, in stock" \
	"$(q "SELECT name || '|' || category || '|' || status || '|' || coalesce(holder_id, '') || '|' ||
		location || '|' || purchase_date || '|' || cost_cents FROM assets WHERE tag = '$TAG'")" \
	"ThinkPad X1 Carbon|电脑|in_stock||行政库房A|2026-11-27|900000"
is "its receipt names the procurement" "$(q "SELECT m.kind || ' ' || r.number FROM asset_moves m
	JOIN requests r ON r.id = m.request_id JOIN assets a ON a.id = m.asset_id WHERE a.tag = '$TAG'")" "receive $p1"
is "and is audited" "$(q "SELECT action || ' ' || object || ' ' || detail FROM audit WHERE action <> 'as'
	ORDER BY id DESC LIMIT 1")" "asset_receive $TAG ThinkPad X1 Carbon at 行政库房A for $p1"
refused_why "a tag already on the register" 5 "$TAG: already on the register" \
	keeper assets receive "$TAG" 'ThinkPad X1 Carbon' --location 行政库房A

# ---- assign with a hand-over slip -----------------------------------------
at "2026-11-28 10:30:00"
refused_why "assigning to no such employee" 3 "nobody: no such employee" keeper assets assign "$TAG" nobody
refused_why "assigning no such asset" 3 "FA-0000: no such asset" keeper assets assign FA-0000 zhangsan
slip=$(keeper assets assign "$TAG" zhangsan -m 新员工入职); s=$?
is "assigned to zhangsan" "$s $(asset "$TAG")" "0 in_use|zhangsan|行政库房A"
sid=$(q "SELECT max(id) FROM asset_moves")
expected=$(cat <<EOF
资产领用单 asset hand-over slip

单号 slip:        $sid
日期 date:        2026-11-28 10:30:00
资产 asset:       $TAG ThinkPad X1 Carbon (电脑)
原值 cost:        9000.00, bought 2026-11-27
位置 location:    行政库房A
领用人 holder:    张三 (zhangsan), 市场部
经办人 issued by: 郭静 (guojing)
备注 note:        新员工入职

领用人签字 received by: ____________  日期 date: __________
经办人签字 issued by:   ____________  日期 date: __________
EOF
)
is "the hand-over slip says who, what, when, and has lines to sign" "$slip" "$expected"

# ---- refusals while it is assigned ----------------------------------------
refused_why "writing off an assigned asset" 5 "$TAG: assigned to 张三 \(zhangsan\); return it before writing it off" \
	keeper assets writeoff "$TAG" -m 损坏
refused_why "assigning it again" 5 "already assigned to 张三 \(zhangsan\); return it first" \
	keeper assets assign "$TAG" lisi
refused_why "writing off without a reason" 3 "-m \(the reason\): a value is required" \
	keeper assets writeoff FA-2019-0005
refused_why "an employee may not move assets" 4 "not permitted" af --as zhangsan assets move "$TAG" 3楼市场部
refused_why "an employee may not write assets off" 4 "not permitted" af --as zhangsan assets writeoff "$TAG" -m 不要了
like "the schema itself keeps a holder on an asset in use" \
	"$(q "UPDATE assets SET holder_id = NULL WHERE tag = '$TAG'" 2>&1)" "CHECK constraint failed"

# ---- between holders, moved, returned -------------------------------------
T=$(printf '\t')
at "2026-12-01 09:00:00"
ok "zhangsan gives it back" keeper assets return "$TAG"
is "back in stock, no holder" "$(asset "$TAG")" "in_stock||行政库房A"
refused_why "returning what is in stock" 5 "$TAG: it is in_stock, not assigned to anyone" keeper assets return "$TAG"
at "2026-12-01 14:00:00"
refused_why "a return-due date that is not a date" 3 "--return-due: '2027-02-30' is not a date \\(YYYY-MM-DD\\)" \
	keeper assets assign "$TAG" lisi --return-due 2027-02-30
refused_why "a return-due date already past" 3 "--return-due: 2026-11-30 is already past \\(today is 2026-12-01\\)" \
	keeper assets assign "$TAG" lisi --return-due 2026-11-30
slip=$(keeper assets assign "$TAG" lisi --location 3楼市场部 --return-due 2027-01-15)
is "lisi takes it to the marketing floor" "$?" 0
is "in use by lisi there" "$(asset "$TAG")" "in_use|lisi|3楼市场部"
like "the slip says when it is due back" "$slip" "^归还 due back:    2027-01-15$"
like "the register shows the return-due date" "$(keeper assets list --status in_use)" "^$TAG${T}.*${T}in_use${T}lisi${T}3楼市场部${T}2027-01-15${T}"
like "the schema refuses a return-due date on an asset nobody holds" \
	"$(q "UPDATE assets SET return_due = '2027-01-01' WHERE id = (SELECT id FROM assets WHERE status = 'in_stock' LIMIT 1)" 2>&1)" \
	"return_due: only an asset someone holds can be due back"
at "2026-12-10 11:00:00"
ok "the admin manager moves it, holder and all" af --as wangwu assets move "$TAG" 5楼人力资源部
is "lisi still holds it, elsewhere" "$(asset "$TAG")" "in_use|lisi|5楼人力资源部"
refused_why "moving it where it is" 5 "already at 5楼人力资源部" keeper assets move "$TAG" 5楼人力资源部
at "2027-03-01 16:00:00"
ok "returned to the store room" keeper assets return "$TAG" --location 行政库房A -m 屏幕闪烁
is "in stock in the store room" "$(asset "$TAG")" "in_stock||行政库房A"
is "the return takes the return-due date with it" "$(q "SELECT quote(return_due) FROM assets WHERE tag = '$TAG'")" NULL

# ---- write-off with a reason ----------------------------------------------
at "2027-03-05 09:00:00"
ok "written off with a reason" keeper assets writeoff "$TAG" -m 主板损坏，维修不经济
is "retired, no holder" "$(asset "$TAG")" "retired||行政库房A"
refused_why "writing it off twice" 5 "$TAG: already written off" keeper assets writeoff "$TAG" -m 再次
refused_why "assigning a written-off asset" 5 "it is retired; only an asset in stock can be assigned" \
	keeper assets assign "$TAG" zhangsan
refused_why "moving a written-off asset" 5 "it is retired and cannot be moved" keeper assets move "$TAG" 行政库房B

# ---- its history: every move ----------------------------------------------
T=$(printf '\t')
expected=$(cat <<EOF
at${T}kind${T}from_status${T}to_status${T}from_holder${T}to_holder${T}by${T}request${T}note
2026-11-28 09:00:00${T}receive${T}${T}in_stock${T}${T}${T}guojing${T}$p1${T}
2026-11-28 10:30:00${T}assign${T}in_stock${T}in_use${T}${T}zhangsan${T}guojing${T}${T}新员工入职
2026-12-01 09:00:00${T}return${T}in_use${T}in_stock${T}zhangsan${T}${T}guojing${T}${T}
2026-12-01 14:00:00${T}assign${T}in_stock${T}in_use${T}${T}lisi${T}guojing${T}${T}行政库房A → 3楼市场部
2026-12-10 11:00:00${T}move${T}in_use${T}in_use${T}lisi${T}lisi${T}wangwu${T}${T}3楼市场部 → 5楼人力资源部
2027-03-01 16:00:00${T}return${T}in_use${T}in_stock${T}lisi${T}${T}guojing${T}${T}5楼人力资源部 → 行政库房A; 屏幕闪烁
2027-03-05 09:00:00${T}write_off${T}in_stock${T}retired${T}${T}${T}guojing${T}${T}主板损坏，维修不经济
EOF
)
is "the history shows every move, oldest first" "$(keeper assets history "$TAG")" "$expected"
is "each change audited once" "$(q "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit
	WHERE object = '$TAG' ORDER BY id)")" \
	"asset_receive asset_assign asset_return asset_assign asset_move asset_return asset_writeoff"
ok "the general manager may read the history" af --as chenzong assets history "$TAG"
status_is "an employee may not" 4 af --as zhangsan assets history "$TAG"
status_is "the history of no such asset exits 3" 3 keeper assets history FA-0000
like "the register lists it" "$(keeper assets list --status retired)" "^$TAG${T}ThinkPad X1 Carbon${T}电脑${T}retired${T}${T}行政库房A${T}${T}[0-9.]+${T}${T}$"
status_is "an unknown subcommand is a usage error" 2 keeper assets lend "$TAG"

# ---- stocktake: opened for one location -----------------------------------
at "2027-03-10 09:00:00"
refused_why "a diff with no stocktake open" 5 "stocktake: none is open" keeper stocktake diff
refused_why "counts with no stocktake open" 5 "stocktake: none is open" keeper stocktake count /dev/null
refused_why "a stocktake of a place with no assets" 3 "--location: no assets at '火星'" \
	keeper stocktake start --location 火星
refused_why "an employee may not start one" 4 "not permitted" af --as zhangsan stocktake start
LOC=3楼市场部
is "the keeper opens one for $LOC" "$(keeper stocktake start --location "$LOC")" 1
refused_why "a second while it is open" 5 "stocktake: 1 \(started 2027-03-10 09:00:00 at $LOC\) is still open" \
	keeper stocktake start

# The count sheet, filled in: one desk not found, a sales-floor PC found
# here, and a shredder with no record.
ok "the count sheet is exported" keeper export inventory-count --location "$LOC" -o "$TMP/sheet.csv"
booked=$(($(wc -l < "$TMP/sheet.csv") - 1))
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next } { $7 = ($1 == "FA-2019-0008") ? 0 : 1; print }' \
	"$TMP/sheet.csv" > "$TMP/counted.csv"
printf 'FA-2020-0005,,,,,,1,在市场部会议室\r\nFA-2026-9001,,,,,,1,无标签碎纸机\r\n' >> "$TMP/counted.csv"

printf 'tag,found,location,note\nFA-2019-0007,1,,\nFA-2019-0007,1,,\n,1,,\nFA-2019-0010,yes,,\nFA-2019-0012,1\n' \
	> "$TMP/bad.csv"
refused_why "a bad count file" 3 "bad.csv: 4 bad rows; nothing was imported" keeper stocktake count "$TMP/bad.csv"
err=$(keeper stocktake count "$TMP/bad.csv" 2>&1)
like "a duplicate named by file and line" "$err" "bad.csv:3: tag: duplicate 'FA-2019-0007' \(also on line 2\)"
like "a missing tag named" "$err" "bad.csv:4: tag: a value is required"
like "a found that is not 1 or 0 named" "$err" "bad.csv:5: found: 'yes' is not 1 \(found\) or 0 \(not found\)"
like "a short row named" "$err" "bad.csv:6: 2 fields, but the header has 4"
# The count file is read as the imports are (one reader): a quote left
# open, or one inside an unquoted cell, is named with its line and column.
printf 'tag,found,location,note\nFA-2019-0007,1,,"open\nFA-2019-0010,1,,\n' > "$TMP/open.csv"
refused_why "a quote left open in the count file" 3 "open.csv:2: note: unterminated quoted field" \
	keeper stocktake count "$TMP/open.csv"
printf 'tag,found,location,note\nFA-2019-0007,1,,\nFA-2019-0010,1,3"F,\n' > "$TMP/stray.csv"
refused_why "a stray quote in the count file" 3 "stray.csv:3: location: stray quote" \
	keeper stocktake count "$TMP/stray.csv"
: > "$TMP/nothing.csv"
refused_why "an empty count file" 3 "nothing.csv:1: empty file; the first line must name the columns \\(tag, found, location, note\\)" \
	keeper stocktake count "$TMP/nothing.csv"
printf 'tag,seen\nFA-2019-0007,1\n' > "$TMP/bad2.csv"
refused_why "a count file without a found column" 3 "bad2.csv:1: found: required column missing" \
	keeper stocktake count "$TMP/bad2.csv"
like "the column it does not know is named" "$(keeper stocktake count "$TMP/bad2.csv" 2>&1)" \
	"bad2.csv:1: seen: unknown column \(a count file has: tag, found, location, note\)"

is "the filled-in sheet is imported" "$(keeper stocktake count "$TMP/counted.csv")" \
	"stocktake 1: $((booked + 2)) counts imported"
is "every row is kept" "$(q "SELECT count(*) || ' ' || sum(found) FROM stocktake_counts WHERE stocktake_id = 1")" \
	"$((booked + 2)) $((booked + 1))"
expected=$(cat <<EOF
tag${T}difference${T}name${T}booked${T}counted${T}holder${T}resolution
FA-2019-0008${T}missing${T}会议桌 3.6米${T}$LOC${T}${T}lisi${T}
FA-2020-0005${T}elsewhere${T}戴尔OptiPlex台式机${T}3楼销售部${T}$LOC${T}kongwei${T}
FA-2026-9001${T}unknown${T}无标签碎纸机${T}${T}$LOC${T}${T}
# stocktake 1: 3 unresolved
EOF
)
is "the differences: missing, found elsewhere, unknown" "$(keeper stocktake diff)" "$expected"
refused_why "closing with differences unresolved" 5 "stocktake 1: 3 differences unresolved" keeper stocktake close
# The assets report shows the same: one stocktake open with its counts by
# kind, and its differences line by line.
report=$(af --as wangwu report assets --csv | tr -d '\r')
like "the report: stocktake 1, open, counts and differences by kind" "$report" \
	"^1,$LOC,2027-03-10 09:00:00,open,$((booked + 1)),1,1,1,3$"
like "the report: the missing desk, unresolved" "$report" "^FA-2019-0008,missing,会议桌 3.6米,$LOC,,lisi,unresolved$"
like "the report: the shredder nobody booked" "$report" "^FA-2026-9001,unknown,无标签碎纸机,,$LOC,,unresolved$"
is "a department head's assets report leaves the company's stocktakes out" \
	"$(af --as lisi report assets --csv | grep -c '^stocktake,')" 0

# ---- resolved one by one ---------------------------------------------------
refused_why "a resolution that does not fit" 3 "'moved' does not fit FA-2019-0008, which is missing \(found or lost\)" \
	keeper stocktake resolve FA-2019-0008 moved
refused_why "resolving what is no difference" 3 "FA-2019-0007: not a difference in stocktake 1" \
	keeper stocktake resolve FA-2019-0007 found
refused_why "no such resolution" 3 "'gone' is not one of: found, lost, moved, added" \
	keeper stocktake resolve FA-2019-0008 gone
refused_why "an employee may not resolve" 4 "not permitted" af --as zhangsan stocktake resolve FA-2019-0008 lost
ok "the missing desk is lost" keeper stocktake resolve FA-2019-0008 lost
is "lost, holder cleared" "$(asset FA-2019-0008)" "lost||$LOC"
refused_why "resolving it twice" 5 "FA-2019-0008: already resolved as lost" keeper stocktake resolve FA-2019-0008 found
ok "the PC found here is booked here" keeper stocktake resolve FA-2020-0005 moved
is "moved, its holder kept" "$(asset FA-2020-0005)" "in_use|kongwei|$LOC"
ok "the unknown shredder is received" keeper stocktake resolve FA-2026-9001 added --category 办公设备
is "on the register, named by the count's note" \
	"$(q "SELECT name || '|' || category || '|' || status || '|' || location FROM assets WHERE tag = 'FA-2026-9001'")" \
	"无标签碎纸机|办公设备|in_stock|$LOC"
sed 's/^\(FA-2019-0008,.*\),0,/\1,1,/' "$TMP/counted.csv" > "$TMP/recount.csv"
refused_why "a recount of a resolved tag" 3 "recount.csv:[0-9]+: tag: 'FA-2019-0008' is already resolved as lost" \
	keeper stocktake count "$TMP/recount.csv"
like "the moves say which stocktake" "$(keeper assets history FA-2020-0005)" \
	"move${T}in_use${T}in_use${T}kongwei${T}kongwei${T}guojing${T}${T}3楼销售部 → $LOC; stocktake 1: elsewhere, moved$"
expected=$(cat <<EOF
tag${T}difference${T}name${T}booked${T}counted${T}holder${T}resolution
FA-2019-0008${T}missing${T}会议桌 3.6米${T}$LOC${T}${T}${T}lost
FA-2020-0005${T}elsewhere${T}戴尔OptiPlex台式机${T}$LOC${T}$LOC${T}kongwei${T}moved
FA-2026-9001${T}unknown${T}无标签碎纸机${T}$LOC${T}$LOC${T}${T}added
# stocktake 1: 0 unresolved
EOF
)
is "every difference resolved" "$(keeper stocktake diff)" "$expected"
is "then it closes" "$(keeper stocktake close)" "stocktake 1: closed"
like "the report: closed, every difference resolved" "$(af --as wangwu report assets --csv | tr -d '\r')" \
	"^1,$LOC,2027-03-10 09:00:00,2027-03-10 09:00:00,$((booked + 1)),1,1,1,0$"
is "closed at the clock's time" "$(q "SELECT closed_at FROM stocktakes WHERE id = 1")" "2027-03-10 09:00:00"
refused_why "closing again" 5 "stocktake: none is open" keeper stocktake close
like "a closed stocktake's differences can still be read" "$(keeper stocktake diff 1)" "# stocktake 1: 0 unresolved"
is "each step audited" "$(q "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit
	WHERE action LIKE 'stocktake_%' ORDER BY id)")" \
	"stocktake_start stocktake_count stocktake_resolve stocktake_resolve stocktake_resolve stocktake_close"
ok "the audit chain holds" af --as wangwu audit verify

# ---- a change retried after an ambiguous failure is made once ---------------
# The journal deleted, then an error: committed, but reported failed. The
# command's own transaction is the first (the audit row of --as rides in it).
FV=$(cd "$top_builddir" && pwd)/tests/adminflow-faultvfs
if [ -x "$FV" ]; then
	fv() {
		_rules=$1
		shift
		rm -f "$TMP/vfs.log"
		ADMINFLOW_TEST_VFS="$_rules" ADMINFLOW_TEST_VFS_LOG="$TMP/vfs.log" "$FV" --db "$DB" --as guojing "$@"
	}
	out=$(fv "delete:journal:1:1:after:1" assets receive FA-2027-0001 扫描仪 --location 行政库房A 2>&1); s=$?
	is "receive retried after a committed failure: exit 0, no false conflict" "$s $out" "0 "
	like "the fault fired" "$(cat "$TMP/vfs.log")" " fire "
	is "received once" "$(q "SELECT count(*) FROM asset_moves m JOIN assets a ON a.id = m.asset_id
		WHERE a.tag = 'FA-2027-0001'") $(q "SELECT count(*) FROM audit WHERE object = 'FA-2027-0001'")" "1 1"
	out=$(fv "delete:journal:1:1:after:1" assets assign FA-2027-0001 zhangsan 2>&1); s=$?
	is "assign retried: exit 0" "$s" 0
	like "its slip is printed" "$out" "领用人 holder:    张三 \(zhangsan\)"
	is "assigned once" "$(q "SELECT count(*) FROM asset_moves m JOIN assets a ON a.id = m.asset_id
		WHERE a.tag = 'FA-2027-0001' AND m.kind = 'assign'") $(asset FA-2027-0001)" "1 in_use|zhangsan|行政库房A"
	out=$(fv "write:main:1:1:ioerr:1" assets return FA-2027-0001 2>&1); s=$?
	is "return retried after an uncommitted failure: exit 0" "$s $out" "0 "
	is "returned once" "$(q "SELECT count(*) FROM asset_moves m JOIN assets a ON a.id = m.asset_id
		WHERE a.tag = 'FA-2027-0001' AND m.kind = 'return'") $(asset FA-2027-0001)" "1 in_stock||行政库房A"
else
	_result 0 "# SKIP tests/adminflow-faultvfs is not built"
fi

done_testing
