#!/bin/sh
# Every command that changes the database writes its audit rows in the same
# transaction: each is run once and the audit trail must grow by exactly the
# rows that command promises (--as itself is audited on every run: those
# 'as' rows are not counted here).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

rows() { q "SELECT count(*) FROM audit WHERE action <> 'as'"; }
# audited N DESC CMD...: CMD exits 0 and adds exactly N audit rows
audited() {
	_want=$1 _d=$2; shift 2
	_b=$(rows)
	"$@" > "$TMP/audited.out" 2>&1; _s=$?
	_a=$(rows)
	if [ "$_s" = 0 ] && [ "$((_a - _b))" = "$_want" ]; then _result 0 "$_d: $_want audit row(s)"
	else _result 1 "$_d: $_want audit row(s)" "$(printf 'exit %s, %s rows added; output:\n' "$_s" "$((_a - _b))"; cat "$TMP/audited.out"
		q "SELECT action || ' ' || object FROM audit WHERE id > (SELECT max(id) - 3 FROM audit)")"; fi
}
new() { as zhangsan submit expense lines=office,10 purpose="$1"; }

# ---- the request's own actions -------------------------------------------------------
audited 1 "submit" as zhangsan submit expense lines=office,10 purpose=一
n=$(q "SELECT number FROM requests ORDER BY id DESC LIMIT 1")
audited 1 "comment" as lisi comment "$n" -m 看看
audited 1 "urge" as zhangsan urge "$n"
audited 1 "transfer" as lisi transfer "$n" wangwu
audited 1 "addsign" as wangwu addsign "$n" lisi --after
audited 1 "approve" as wangwu approve "$n"
audited 1 "return to the applicant" as lisi return "$n" -m 重填
audited 1 "resubmit" as zhangsan resubmit "$n" purpose=一改
audited 1 "reject" as lisi reject "$n" -m 不行
n=$(new 二)
audited 1 "withdraw" as zhangsan withdraw "$n"
n=$(new 三)
audited 1 "cancel" as wangwu cancel "$n" -m 作废
audited 1 "delegate" as lisi delegate wangwu --from 2026-12-01 --to 2026-12-05
d=$(q "SELECT max(id) FROM delegations")
audited 1 "delegate --cancel" as lisi delegate --cancel "$d"
n=$(new 四)
echo 发票 > "$TMP/receipt.txt"
audited 1 "attach" as zhangsan attach "$n" "$TMP/receipt.txt"
approve_all "$n"
audited 1 "pay" as songjia pay "$n" --ref T-0001
audited 1 "budget set" as songjia budget set MKT 2026 5000 --reason 年度预算

# ---- stock -------------------------------------------------------------------------
s=$(as zhangsan submit supplies lines=SP001:2 purpose=打印)
approve_all "$s"
audited 1 "stock issue" as liuyang stock issue "$s"
audited 1 "stock return" as liuyang stock return "$s" SP001 1
p=$(as zhangsan submit procurement supplier=SUP01 items=打印纸 lines=SP003:50 amount=800)
approve_all "$p"
audited 1 "stock receive" as liuyang stock receive "$p"
audited 1 "stock adjust" as liuyang stock adjust SP002 +3 --reason 盘盈
audited 1 "stock level" as liuyang stock level SP002 25 --reason 调整

# ---- meetings, bookings, trips -----------------------------------------------------------
m=$(as zhangsan submit meeting topic=复盘 agenda=回顾 room=R601 'time=2026-11-28 10:00/11:00' attendees=3 invitees=lisi)
approve_all "$m"
audited 1 "minutes" as zhangsan minutes "$m" -m 决定
# (booked before they start: a booking in the past is refused at submit)
b=$(ADMINFLOW_NOW="2026-11-28 07:00:00" as zhangsan submit room_booking subject=例会 room=R301 'time=2026-11-28 08:55/09:30' attendees=3)
approve_all "$b"
audited 1 "checkin" as zhangsan checkin "$b"
b=$(ADMINFLOW_NOW="2026-11-28 07:00:00" as zhangsan submit room_booking subject=例会 room=R302 'time=2026-11-28 08:00/08:30' attendees=3)
approve_all "$b"
audited 1 "noshow" as zhaoliu noshow "$b"
v=$(as wangwu submit vehicle vehicle=V01 'time=2026-11-28 11:00/13:00' destination=虹桥 passengers=1 purpose=送文件)
approve_all "$v"
audited 1 "trip out" as maqiang trip out "$v" --odometer 12000
audited 1 "trip in" as maqiang trip in "$v" --odometer 12085 --fuel 10

# ---- assets and stocktake ----------------------------------------------------------
k() { as guojing "$@"; }
audited 1 "assets receive" k assets receive FA-2026-7001 台式机 --location 行政库房A
audited 1 "assets assign" k assets assign FA-2026-7001 zhangsan
audited 1 "assets return" k assets return FA-2026-7001
audited 1 "assets move" k assets move FA-2026-7001 行政库房B
audited 1 "assets writeoff" k assets writeoff FA-2026-7001 -m 报废
audited 1 "stocktake start" k stocktake start --location 行政库房A
k export inventory-count --location 行政库房A -o "$TMP/sheet.csv"
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next } { $7 = 1; print }' "$TMP/sheet.csv" > "$TMP/counted.csv"
audited 1 "stocktake count" k stocktake count "$TMP/counted.csv"
audited 1 "stocktake close" k stocktake close

# ---- imports ---------------------------------------------------------------------------
printf 'code,name,capacity,location,equipment,manager\nR999,999室,4,9楼,白板,zhaoliu\n' > "$TMP/rooms.csv"
audited 1 "import" as wangwu import rooms "$TMP/rooms.csv"

ok "the chain is intact after all of it" as wangwu audit verify
done_testing
