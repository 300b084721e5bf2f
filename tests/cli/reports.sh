#!/bin/sh
# Reports, the inventory count sheet and the reminders, against a small
# history made through the command line with the clock pinned for each
# step, so that every figure checked below can be worked out by hand (the
# comments do). CSV is read back with Python's csv module.
. "$srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to read the CSV back"
af_init

# at TIME LOGIN ARGS...: adminflow as LOGIN at TIME.
at() { _t=$1; _w=$2; shift 2; ADMINFLOW_NOW="$_t" "$AF_BIN" --db "$DB" --as "$_w" "$@"; }
# rep LOGIN ARGS...: a report at the test's "now" (2026-11-28 09:00:00, a Saturday).
rep() { _w=$1; shift; "$AF_BIN" --db "$DB" --as "$_w" report "$@"; }
q() { sqlite3 "$DB" "$1"; }

# cell TABLE 'COL=VALUE&COL=VALUE' COLUMN < CSV: the COLUMN of the rows of
# table TABLE (0 first; tables are separated by an empty line) matching
# every condition, one a line.
cell() {
	python3 -c '
import csv, io, sys
text = sys.stdin.buffer.read().decode("utf-8-sig")
tables, cur = [], []
for row in csv.reader(io.StringIO(text, newline="")):
    if row == []:
        tables.append(cur); cur = []
    else:
        cur.append(row)
tables.append(cur)
if int(sys.argv[1]) >= len(tables):
    sys.exit(0)
t = tables[int(sys.argv[1])]
head = t[0]
conds = [c.split("=", 1) for c in sys.argv[2].split("&")] if sys.argv[2] else []
for r in t[1:]:
    if all(r[head.index(k)] == v for k, v in conds):
        print(r[head.index(sys.argv[3])])
' "$@"
}

# ---- the history -----------------------------------------------------------
# Expense claims, each paid by finance (pay) when done. Q3: one,
# 2026-09-01 09:00 -> paid 2026-09-06 09:00 (120 h,
# 5.0 days). November: three, by MKT (zhangsan, yangfan) and TECH (weixin).
d=$(at "2026-09-01 09:00:00" zhangsan submit expense lines=office,100.00 purpose=文具)
at "2026-09-02 09:00:00" lisi approve "$d" >/dev/null
at "2026-09-06 09:00:00" songjia approve "$d" >/dev/null
at "2026-09-06 09:00:00" songjia pay "$d" >/dev/null
# A: 1200.00 in two lines, travel 1000.00 (2 receipts) and meals 200.00
# (1 receipt), MKT; head after 4 h, finance after 20 h: paid at 24 h.
a=$(at "2026-11-02 09:00:00" zhangsan submit expense 'lines=travel,1000.00,2;meals,200,1,客户午餐' purpose='上海, "客户"拜访')
at "2026-11-02 13:00:00" lisi approve "$a" >/dev/null
at "2026-11-03 09:00:00" songjia approve "$a" >/dev/null
at "2026-11-03 09:00:00" songjia pay "$a" >/dev/null
# B: 300.50 meals (3 receipts), MKT; head after 48 h (over its 24 h limit), finance 7 h: 55 h.
b=$(at "2026-11-02 10:00:00" yangfan submit expense lines=meals,300.50,3 purpose=工作餐)
at "2026-11-04 10:00:00" lisi approve "$b" >/dev/null
at "2026-11-04 17:00:00" songjia approve "$b" >/dev/null
at "2026-11-04 17:00:00" songjia pay "$b" >/dev/null
# C: 6000.00 travel, TECH; head 1 h, finance 2 h, the general manager 45 h: 48 h.
c=$(at "2026-11-03 09:00:00" weixin submit expense lines=travel,6000.00 purpose=北京出差)
at "2026-11-03 10:00:00" yejun approve "$c" >/dev/null
at "2026-11-03 12:00:00" songjia approve "$c" >/dev/null
at "2026-11-05 09:00:00" chenzong approve "$c" >/dev/null
at "2026-11-05 09:00:00" songjia pay "$c" >/dev/null
is "four claims paid" "$(q "SELECT count(*) FROM requests WHERE form = 'expense' AND paid_at IS NOT NULL")" 4

# Room bookings in ISO week 2026-W46 (Mon 11-09 .. Sun 11-15), confirmed:
# R301 Tue 09:00-11:00 (2 h) and Thu 14:00-17:30 (3.5 h): 5.5 of 50 h, 11.0%;
# R302 Fri 17:00-19:00 (1 h inside 08-18) and Sat 10:00-12:00 (none): 2.0%.
book() { # TIME ROOM RANGE SUBJECT
	_n=$(at "$1" zhangsan submit room_booking subject="$4" room="$2" "time=$3" attendees=3) &&
	at "$1" lisi approve "$_n" >/dev/null && at "$1" liuyang approve "$_n" >/dev/null &&
	at "$1" zhaoliu approve "$_n" >/dev/null && echo "$_n"
}
ok "R301 Tuesday booked" book "2026-11-05 09:00:00" R301 "2026-11-10 09:00/11:00" 周会
ok "R301 Thursday booked" book "2026-11-05 09:00:00" R301 "2026-11-12 14:00/17:30" 评审
ok "R302 Friday evening booked" book "2026-11-05 09:00:00" R302 "2026-11-13 17:00/19:00" 晚会
ok "R302 Saturday booked" book "2026-11-05 09:00:00" R302 "2026-11-14 10:00/12:00" 周末
# One attempt refused: R301 is taken on Tuesday at 09:30.
status_is "an overlapping booking is refused" 5 at "2026-11-05 09:30:00" wangwu submit room_booking \
	subject=冲突 room=R301 "time=2026-11-10 09:30/10:00" attendees=2
# Starting within the hour of "now" (for remind), and one left waiting 8 days.
ok "a booking for this morning" book "2026-11-21 09:00:00" R401 "2026-11-28 09:30/10:30" 晨会
pend=$(at "2026-11-20 09:00:00" yangfan submit room_booking subject=待批 room=R302 "time=2026-12-01 09:00/10:00" attendees=2)

# Supplies: MKT takes 5 black pens and returns 2 (net 3); TECH takes 4.
s1=$(at "2026-11-06 09:00:00" zhangsan submit supplies lines=SP003:5 purpose=签合同)
at "2026-11-06 10:00:00" lisi approve "$s1" >/dev/null
at "2026-11-06 11:00:00" liuyang approve "$s1" >/dev/null
at "2026-11-06 12:00:00" liuyang stock issue "$s1" >/dev/null
ok "two pens come back" at "2026-11-07 09:00:00" liuyang stock return "$s1" SP003 2
s2=$(at "2026-11-06 09:00:00" weixin submit supplies lines=SP003:4 purpose=培训)
at "2026-11-06 10:00:00" yejun approve "$s2" >/dev/null
at "2026-11-06 11:00:00" liuyang approve "$s2" >/dev/null
at "2026-11-06 12:00:00" liuyang stock issue "$s2" >/dev/null
# Waiting half a day at its head's step.
s3=$(at "2026-11-27 21:00:00" weixin submit supplies lines=SP004:1 purpose=备用)

# Seals: two uses of SEAL02 (3 and 2 copies); one document looks like a formula.
for use in '3 采购合同, "甲方"盖章' '2 =HYPERLINK("http://example.com")'; do
	y=$(at "2026-11-10 09:00:00" zhangsan submit seal seal=SEAL02 document="${use#* }" copies="${use%% *}" witness=wangwu)
	at "2026-11-10 10:00:00" lisi approve "$y" >/dev/null
	at "2026-11-10 11:00:00" linna approve "$y" >/dev/null
done
is "two seal uses registered" "$(q "SELECT count(*) || '/' || sum(copies) FROM seal_uses")" "2/5"

# A repair whose description has a comma, quotes, a line break and Chinese.
fault=$(printf '桌腿断了, "左前"\n需更换')
w=$(at "2026-11-20 09:00:00" zhangsan submit repair asset=FA-2019-0007 fault="$fault" urgency=urgent)
ok "repair submitted" test -n "$w"

# ---- expenses ------------------------------------------------------------------
at "2026-11-28 09:00:00" wangwu report expenses --from 2026-11-01 --to 2026-11-30 --csv > "$TMP/exp.csv"
# By line category: travel MKT is A's first line; meals MKT is A's second
# line and B (two claims, 200.00 + 300.50, 1 + 3 receipts); travel TECH is C.
is "expenses: travel MKT, one line of A" "$(cell 0 'category=travel&department=MKT' total < "$TMP/exp.csv")/$(cell 0 'category=travel&department=MKT' claims < "$TMP/exp.csv")/$(cell 0 'category=travel&department=MKT' receipts < "$TMP/exp.csv")" 1000.00/1/2
is "expenses: meals MKT, a line of A and B" "$(cell 0 'category=meals&department=MKT' total < "$TMP/exp.csv")/$(cell 0 'category=meals&department=MKT' claims < "$TMP/exp.csv")/$(cell 0 'category=meals&department=MKT' receipts < "$TMP/exp.csv")" 500.50/2/4
is "expenses: travel TECH" "$(cell 0 'category=travel&department=TECH' total < "$TMP/exp.csv")" 6000.00
is "expenses: the total counts each claim once" "$(cell 0 'category=合计 total' claims < "$TMP/exp.csv")/$(cell 0 'category=合计 total' total < "$TMP/exp.csv")/$(cell 0 'category=合计 total' receipts < "$TMP/exp.csv")" "3/7500.50/6"
# Cycles 24, 55 and 48 h: median 48, p90 (nearest rank) 55, mean 42.3 h = 1.8 days.
is "reimbursement cycle" "$(cell 1 '' paid < "$TMP/exp.csv") $(cell 1 '' median_h < "$TMP/exp.csv") $(cell 1 '' p90_h < "$TMP/exp.csv") $(cell 1 '' mean_h < "$TMP/exp.csv") $(cell 1 '' mean_days < "$TMP/exp.csv")" \
	"3 48.0 55.0 42.3 1.8"
is "all dates include the Q3 claim" "$(rep wangwu expenses --csv | cell 0 'category=合计 total' total)" 7600.50
# Two tables: a header and four rows, an empty line, a header and a row.
is "CSV rows end with CRLF" "$(python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); print(d.count(b"\n"), d.count(b"\r\n"))' "$TMP/exp.csv")" "8 8"
like "text: the totals line up under their header" "$(rep wangwu expenses --from 2026-11-01)" \
	"^travel      TECH        技术部                1  6000.00         0$"

# ---- cycle, steps, volume, backlog ------------------------------------------------
out=$(rep wangwu cycle --from 2026-11-01 --csv)
is "cycle: expense done, median, p90, mean" \
	"$(printf '%s' "$out" | cell 0 form=expense done),$(printf '%s' "$out" | cell 0 form=expense median_h),$(printf '%s' "$out" | cell 0 form=expense p90_h),$(printf '%s' "$out" | cell 0 form=expense mean_h)" \
	"3,48.0,55.0,42.3"
# The trend by month (every affair): September has only the Q3 claim, done
# in 120 h; November's requests done are those of the table above.
rep wangwu cycle --csv > "$TMP/cycle.csv"
is "cycle by month: September, one request, 120 h" \
	"$(cell 1 month=2026-09 done < "$TMP/cycle.csv")/$(cell 1 month=2026-09 median_h < "$TMP/cycle.csv")/$(cell 1 month=2026-09 p90_h < "$TMP/cycle.csv")" \
	"1/120.0/120.0"
is "cycle by month: November counts every affair's done requests" "$(cell 1 month=2026-11 done < "$TMP/cycle.csv")" \
	"$(printf '%s' "$out" | python3 -c 'import csv, sys; t = sys.stdin.read().split("\r\n\r\n")[0]; print(sum(int(r["done"]) for r in csv.DictReader(t.splitlines())))')"
is "cycle by month: the months in order, nothing else" "$(cell 1 '' month < "$TMP/cycle.csv" | tr '\n' ' ')" "2026-09 2026-11 "
rep wangwu steps --from 2026-11-01 --csv > "$TMP/steps.csv"
# lisi: 4 h and 48 h (limit 24: one missed); songjia: 20, 7 and 2 h.
is "steps: the head's two answers" \
	"$(cell 0 'form=expense&approver=李四' handled < "$TMP/steps.csv") $(cell 0 'form=expense&approver=李四' median_h < "$TMP/steps.csv") $(cell 0 'form=expense&approver=李四' p90_h < "$TMP/steps.csv") $(cell 0 'form=expense&approver=李四' missed < "$TMP/steps.csv") $(cell 0 'form=expense&approver=李四' missed_pct < "$TMP/steps.csv")" \
	"2 26.0 48.0 1 50.0"
is "steps: finance" "$(cell 0 'form=expense&approver=宋佳' median_h < "$TMP/steps.csv")/$(cell 0 'form=expense&approver=宋佳' p90_h < "$TMP/steps.csv")/$(cell 0 'form=expense&approver=宋佳' missed < "$TMP/steps.csv")" "7.0/20.0/0"
is "steps: no limit, no miss rate" "$(cell 0 'form=expense&approver=陈明' median_h < "$TMP/steps.csv")|$(cell 0 'form=expense&approver=陈明' with_limit < "$TMP/steps.csv")|$(cell 0 'form=expense&approver=陈明' missed_pct < "$TMP/steps.csv")" "45.0|0|"
rep wangwu volume --from 2026-11-01 --to 2026-11-30 --csv > "$TMP/vol.csv"
is "volume: expense claims in November" "$(cell 0 'form=expense&month=2026-11' submitted < "$TMP/vol.csv")/$(cell 0 'form=expense&month=2026-11' done < "$TMP/vol.csv")" "3/3"
# Six room bookings asked for: five done, one waiting; the refused one is no request.
is "volume: room bookings" "$(cell 0 'form=room_booking&month=2026-11' submitted < "$TMP/vol.csv")/$(cell 0 'form=room_booking&month=2026-11' done < "$TMP/vol.csv")/$(cell 0 'form=room_booking&month=2026-11' open < "$TMP/vol.csv")" "6/5/1"
is "volume: September is outside the dates" "$(cell 0 'month=2026-09' submitted < "$TMP/vol.csv")" ""
is "volume: the totals table" "$(cell 1 form=supplies submitted < "$TMP/vol.csv")" 3
rep wangwu backlog --csv > "$TMP/backlog.csv"
is "backlog: the booking waiting 8 days" \
	"$(cell 0 'form=room_booking&step=部门负责人审批' pending < "$TMP/backlog.csv") $(cell 0 'form=room_booking&step=部门负责人审批' over_7d < "$TMP/backlog.csv") $(cell 0 'form=room_booking&step=部门负责人审批' overdue < "$TMP/backlog.csv") $(cell 0 'form=room_booking&step=部门负责人审批' oldest_days < "$TMP/backlog.csv")" \
	"1 1 1 8.0"
is "backlog: the requisition waiting half a day" \
	"$(cell 0 'form=supplies&step=部门负责人审批' under_1d < "$TMP/backlog.csv") $(cell 0 'form=supplies&step=部门负责人审批' oldest_days < "$TMP/backlog.csv")" "1 0.5"

# ---- utilisation and conflicts ---------------------------------------------------
# Nobody came to R301's Thursday review (14:00-17:30): a no-show, recorded
# as the keeper would (the command is not written yet: the column directly).
q "UPDATE bookings SET attendance = 'no_show', attendance_at = starts_at WHERE id = (SELECT b.id FROM bookings b
 JOIN rooms r ON r.id = b.resource_id WHERE b.resource = 'room' AND r.code = 'R301' AND b.starts_at LIKE '2026-11-12 %')"
is "the no-show is recorded" "$(q "SELECT count(*) FROM bookings WHERE attendance = 'no_show'")" 1
rep wangwu utilisation --from 2026-11-09 --to 2026-11-15 --csv > "$TMP/util.csv"
is "utilisation: R301" "$(cell 0 'code=R301&week=2026-W46' booked_h < "$TMP/util.csv")/$(cell 0 'code=R301&week=2026-W46' working_h < "$TMP/util.csv")/$(cell 0 'code=R301&week=2026-W46' used_pct < "$TMP/util.csv")" "5.5/50.0/11.0"
is "utilisation: R302 counts working hours only" "$(cell 0 'code=R302&week=2026-W46' used_pct < "$TMP/util.csv")" "2.0"
is "utilisation: an unused room is 0" "$(cell 0 'code=R601&week=2026-W46' used_pct < "$TMP/util.csv")" "0.0"
# Two days of the week: 20 working hours.
is "utilisation: part of a week" "$(rep wangwu utilisation --from 2026-11-12 --to 2026-11-13 --csv | cell 0 'code=R301' used_pct)" "17.5"
is "utilisation: TECH booked none of it" "$(rep wangwu utilisation --from 2026-11-09 --to 2026-11-15 --department TECH --csv | cell 0 'code=R301' booked_h)" "0.0"
# The no-show: 3.5 of R301's 5.5 booked hours, 63.6%; it still counts as
# booked (the room was held). Over the whole range, by resource, the same.
is "utilisation: R301's no-show and the hours lost" "$(cell 0 'code=R301&week=2026-W46' no_shows < "$TMP/util.csv")/$(cell 0 'code=R301&week=2026-W46' lost_h < "$TMP/util.csv")/$(cell 0 'code=R301&week=2026-W46' lost_pct < "$TMP/util.csv")" "1/3.5/63.6"
is "utilisation: R302 had none" "$(cell 0 'code=R302&week=2026-W46' no_shows < "$TMP/util.csv")/$(cell 0 'code=R302&week=2026-W46' lost_pct < "$TMP/util.csv")" "0/0.0"
is "utilisation: an unused room has no share lost" "$(cell 0 'code=R601&week=2026-W46' lost_pct < "$TMP/util.csv")" ""
is "utilisation: no-shows by resource, only those with one" "$(cell 1 '' code < "$TMP/util.csv")" R301
is "utilisation: R301 by resource" "$(cell 1 'code=R301' booked_h < "$TMP/util.csv")/$(cell 1 'code=R301' no_shows < "$TMP/util.csv")/$(cell 1 'code=R301' lost_h < "$TMP/util.csv")/$(cell 1 'code=R301' lost_pct < "$TMP/util.csv")" "5.5/1/3.5/63.6"
# Thursday and Friday only: the 3.5 hours booked were all lost.
is "utilisation: part of a week, all lost" "$(rep wangwu utilisation --from 2026-11-12 --to 2026-11-13 --csv | cell 0 'code=R301' lost_pct)" "100.0"
# A no-show the week before the range is not counted in it.
is "utilisation: a no-show outside the dates" "$(rep wangwu utilisation --from 2026-11-13 --to 2026-11-15 --csv | cell 0 'code=R301' no_shows)" 0
like "utilisation says what a no-show is" "$(rep wangwu utilisation)" "^note: no-shows: bookings the venue or fleet keeper marked as not attended"
ok "conflicts report runs" rep wangwu conflicts
# The refused attempt's transaction rolls back; the submission path records
# it on its own (booking_refused in the audit trail).
is "conflicts: the refused R301 attempt is counted" "$(rep wangwu conflicts --csv | cell 0 'resource=room&code=R301' refused)" 1
r=$(rep wangwu conflicts)
like "conflicts: the footnote says what is counted" "$r" "^note: counted from the audit trail: every submission refused because its slot was taken"
is "conflicts: no internal function name in it (issue 14)" "$(printf '%s\n' "$r" | grep -c 'booking_record_refusal\|once the submission path')" 0

# ---- supplies, assets, seals, licences ---------------------------------------------
rep wangwu supplies --csv > "$TMP/sup.csv"
is "supplies: MKT issued, returned, net" "$(cell 0 'department=MKT&sku=SP003' issued < "$TMP/sup.csv")/$(cell 0 'department=MKT&sku=SP003' returned < "$TMP/sup.csv")/$(cell 0 'department=MKT&sku=SP003' net < "$TMP/sup.csv")" "5/2/3"
is "supplies: TECH net" "$(cell 0 'department=TECH&sku=SP003' net < "$TMP/sup.csv")" 4
is "supplies: under the reorder level, as in the demo data" "$(cell 1 '' sku < "$TMP/sup.csv" | tr '\n' ' ')" \
	"$(awk -F, 'NR > 1 && $4 + 0 <= $5 + 0 { printf "%s ", $1 }' "$DATA/supplies.csv")"
rep wangwu assets --csv > "$TMP/assets.csv"
is "assets: under repair at the repair shop" "$(cell 0 'status=in_repair&location=维修中' assets < "$TMP/assets.csv")" \
	"$(python3 -c 'import csv, sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["status"] == "in_repair" and r["location"] == "维修中"))' "$DATA/assets.csv")"
is "assets: the total is the register" "$(cell 0 'status=合计 total' assets < "$TMP/assets.csv")" "$(q 'SELECT count(*) FROM assets')"
is "assets: a line break, quotes and a comma survive the CSV" "$(cell 1 "request=$w" fault < "$TMP/assets.csv")" "$fault"
like "assets: the line break is not sent to the terminal" "$(rep wangwu assets | grep "$w")" '桌腿断了, "左前"\?需更换'
rep wangwu seals --csv > "$TMP/seals.csv"
is "seals: uses and copies" "$(cell 0 seal=SEAL02 uses < "$TMP/seals.csv")/$(cell 0 seal=SEAL02 copies < "$TMP/seals.csv")" "2/5"
is "seals: an unused seal" "$(cell 0 seal=SEAL01 uses < "$TMP/seals.csv")" 0
is "seals: Chinese, comma and quotes intact" "$(cell 1 copies=3 document < "$TMP/seals.csv")" '采购合同, "甲方"盖章'
is "seals: a formula is neutralised" "$(cell 1 copies=2 document < "$TMP/seals.csv")" "'=HYPERLINK(\"http://example.com\")"
rep wangwu licences --csv > "$TMP/lic.csv"
# As of 2026-11-28: LIC02 expires 2026-12-10 (12 days, reminded 30 ahead).
is "licences: days to expiry" "$(cell 0 code=LIC02 days_left < "$TMP/lic.csv")/$(cell 0 code=LIC02 status < "$TMP/lic.csv")" "12/due"
is "licences: soonest first" "$(cell 0 '' code < "$TMP/lic.csv" | head -2 | tr '\n' ' ')" "LIC02 LIC03 "
is "licences: a far one" "$(cell 0 code=LIC01 status < "$TMP/lic.csv")" ok
# Text columns line up in display columns: every row's date starts in the same column.
rep wangwu licences > "$TMP/lic.txt"
is "licences: aligned with Chinese names" "$(python3 -c '
import re, sys, unicodedata
cols = set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"\d{4}-\d\d-\d\d  ", line)
    if m and line.startswith("LIC"):
        cols.add(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line[:m.start()]))
print(len(cols))' "$TMP/lic.txt")" 1

# ---- quarterly -----------------------------------------------------------------------
rep wangwu quarterly --csv > "$TMP/qr.csv"
# Reimbursement: 5.0 days in Q3, 42.3 h = 1.8 days in Q4: -64.7%.
is "quarterly: reimbursement cycle side by side" \
	"$(cell 0 'unit=days' last_quarter < "$TMP/qr.csv") $(cell 0 'unit=days' this_quarter < "$TMP/qr.csv") $(cell 0 'unit=days' change_pct < "$TMP/qr.csv")" "5.0 1.8 -64.7"
is "quarterly: expense cycle median 120 h then 48 h" "$(cell 0 'measure=周期 cycle 费用报销 (median)' change_pct < "$TMP/qr.csv")" "-60.0"
is "quarterly: bookings confirmed this quarter" "$(cell 0 'unit=bookings' this_quarter < "$TMP/qr.csv")" 5
like "quarterly: the quarters named" "$(rep wangwu quarterly)" "this quarter 2026-Q4 \(2026-10-01\.\.2026-12-31\), last 2026-Q3"

# ---- who sees what ----------------------------------------------------------------------
status_is "an employee may not read reports" 4 rep zhangsan volume
like "and is told why" "$(rep zhangsan expenses 2>&1)" "^adminflow: report expenses: you need the "
rep lisi expenses --csv > "$TMP/lisi.csv"
is "a department head sees their department's claims" "$(cell 0 '' department < "$TMP/lisi.csv" | sort -u | tr '\n' ' ')" " MKT "
is "... and its total only" "$(cell 0 'category=合计 total' total < "$TMP/lisi.csv")" 1600.50
status_is "a department head may not ask for another department" 4 rep lisi expenses --department TECH
is "the head's volume counts MKT only" "$(rep lisi volume --from 2026-11-01 --csv | cell 0 'form=expense' submitted)" 2
is "the head does not see the reorder list" "$(rep lisi supplies --csv | cell 1 '' sku)" ""
is "finance sees every department's claims" "$(rep songjia expenses --csv | cell 0 'department=TECH' total)" 6000.00
status_is "finance sees only the money" 4 rep songjia volume
is "report_all narrows to a department" "$(rep wangwu expenses --department TECH --csv | cell 0 '' department | sort -u | tr '\n' ' ')" " TECH "
# The keepers read what they keep, every department's, and nothing else.
is "the fleet keeper reads the whole vehicle log" "$(rep maqiang vehicle-log --csv >/dev/null 2>&1; echo $?)" 0
is "... and it is the admin manager's whole log" "$(rep maqiang vehicle-log --csv | md5sum)" "$(rep wangwu vehicle-log --csv | md5sum)"
is "the venue keeper reads the use of rooms" "$(rep zhaoliu utilisation --csv | md5sum)" "$(rep wangwu utilisation --csv | md5sum)"
is "the asset keeper reads the assets report, whole" "$(rep guojing assets --csv | md5sum)" "$(rep wangwu assets --csv | md5sum)"
is "the seal keeper reads the seals report, whole" "$(rep linna seals --csv | md5sum)" "$(rep wangwu seals --csv | md5sum)"
is "admin staff (manage_stock) read the supplies report with the reorder list" \
	"$(rep liuyang supplies --csv | md5sum)" "$(rep wangwu supplies --csv | md5sum)"
status_is "the fleet keeper may not read the money" 4 rep maqiang expenses
status_is "... nor the volume of every affair" 4 rep maqiang volume
status_is "the seal keeper may not read the vehicle log" 4 rep linna vehicle-log
status_is "an unknown report is a usage error" 2 rep wangwu nosuch
status_is "a bad date is invalid input" 3 rep wangwu volume --from 2026-13-01
status_is "an unknown department is invalid input" 3 rep wangwu volume --department NOPE
like "report alone lists the reports" "$(rep wangwu)" "^quarterly	"

# ---- the inventory count sheet -----------------------------------------------------------
af export inventory-count --no-bom > "$TMP/count.csv"
is "count sheet header" "$(head -1 "$TMP/count.csv" | tr -d '\r')" "tag,name,category,location,holder,booked_status,counted,note"
books=$(python3 -c 'import csv, sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["status"] != "retired"))' "$DATA/assets.csv")
is "every asset on the books, none retired" "$(cell 0 '' tag < "$TMP/count.csv" | wc -l | tr -d ' ')" "$books"
is "counted is left empty" "$(cell 0 '' counted < "$TMP/count.csv" | sort -u)" ""
is "the repaired desk shows its status" "$(cell 0 tag=FA-2019-0007 booked_status < "$TMP/count.csv")" in_repair
af report inventory-count --print > "$TMP/count.txt"
is "the printed sheet has the same rows" "$(grep -o '^FA-[0-9-]*' "$TMP/count.txt" | tr '\n' ' ')" "$(cell 0 '' tag < "$TMP/count.csv" | tr '\n' ' ')"
pages=$(( $(tr -cd '\f' < "$TMP/count.txt" | wc -c) + 1 ))
is "pages of 60 lines: at least one line a row" "$(( pages >= (books + 4 + 54) / 55 ))" 1
is "a header on every page" "$(tr -d '\f' < "$TMP/count.txt" | grep -c '^资产盘点表 inventory count sheet .* page [0-9]* of '"$pages"'$')" "$pages"
is "no page longer than 60 lines" "$(awk 'BEGIN { RS = "\f" } { n = split($0, l, "\n"); if (n - 1 > max) max = n - 1 } END { print (max <= 60) }' "$TMP/count.txt")" 1
like "a signature line at the end" "$(tail -2 "$TMP/count.txt")" "^盘点人 counted by: _+  日期 date: _+$"
like "and the number of items" "$(tail -4 "$TMP/count.txt")" "共 $books 项 $books items"
is "no line wider than 80 columns" "$(python3 -c '
import sys, unicodedata
w = max(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l.rstrip("\n").lstrip("\f")) for l in open(sys.argv[1], encoding="utf-8"))
print(w <= 80)' "$TMP/count.txt")" True
# A long name wraps in its cell, wide characters whole, the other columns
# staying in place; the supplies have a count sheet too.
long='联想ThinkPad X1 Carbon 笔记本电脑（第十一代，含扩展坞与电源适配器）'
was=$(q "SELECT name FROM assets WHERE tag = 'FA-2019-0007'")
q "UPDATE assets SET name = '$long' WHERE tag = 'FA-2019-0007'"
af report inventory-count --print > "$TMP/wrap.txt"
wrapcheck() { # FILE FIRST-CELL: the name put back together, and the columns where each line's later cells start
	python3 - "$1" "$2" <<'EOP'
import sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = [l.rstrip("\n").lstrip("\f") for l in open(sys.argv[1], encoding="utf-8")]
rule = [l for l in lines if l.startswith("----")][0]
spans, col = [], 0
for part in rule.split(" "):
    spans.append((col, col + len(part))); col += len(part) + 1
def cell(line, k):  # the text in span k, by display columns
    out, c = "", 0
    for ch in line:
        cw = w(ch)
        if c >= spans[k][0] and c + cw <= spans[k][1]: out += ch
        c += cw
    return out.strip()
i = [n for n, l in enumerate(lines) if l.startswith(sys.argv[2])][0]
name = cell(lines[i], 1)
j = i + 1
while j < len(lines) and lines[j].startswith(" " * spans[1][0]) and cell(lines[j], 0) == "":
    name += cell(lines[j], 1); j += 1
print(name)
print("lines", j - i)
print("aligned", all(cell(lines[i], 3) != "" and w(l) <= 80 for l in lines[i:j]))
EOP
}
r=$(wrapcheck "$TMP/wrap.txt" FA-2019-0007)
is "the long name is whole, over its lines" "$(printf '%s\n' "$r" | sed -n 1p | tr -d ' ')" "$(printf '%s' "$long" | tr -d ' ')"
like "it takes more than one line" "$(printf '%s\n' "$r" | sed -n 2p)" '^lines [2-9]$'
is "no line of it wider than 80 columns, the next cells in their columns" "$(printf '%s\n' "$r" | sed -n 3p)" "aligned True"
is "still every asset once" "$(grep -o '^FA-[0-9-]*' "$TMP/wrap.txt" | wc -l | tr -d ' ')" "$books"
q "UPDATE assets SET name = '$was' WHERE tag = 'FA-2019-0007'"
af report supplies-count --csv --english --no-bom > "$TMP/sup.csv" 2>/dev/null || af report supplies-count --csv > "$TMP/sup.csv"
is "supplies count sheet: its columns" "$(head -1 "$TMP/sup.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" "sku,name,unit,location,on_hand,counted,note"
is "supplies count sheet: every supply" "$(python3 -c 'import csv, sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))))' "$TMP/sup.csv")" \
	"$(q "SELECT count(*) FROM supplies")"
af report supplies-count --print > "$TMP/sup.txt"
like "supplies count sheet, printed: its title" "$(head -1 "$TMP/sup.txt")" '^物品盘点表 supplies count sheet +第 1/[0-9]+ 页'
is "... a row a supply, the booked count beside it" "$(grep -c '^SP[0-9]* .* [0-9]\{1,\} _\{7\} _\{6\}$' "$TMP/sup.txt")" "$(q "SELECT count(*) FROM supplies")"
sloc=$(q "SELECT location FROM supplies ORDER BY sku LIMIT 1")
is "... one location" "$(af report supplies-count --print --location "$sloc" | grep -c '^SP')" "$(q "SELECT count(*) FROM supplies WHERE location = '$sloc'")"
status_is "... an unknown location is invalid input" 3 af report supplies-count --location 火星
loc=3楼市场部
is "one location, CSV" "$(af export inventory-count --location "$loc" | cell 0 '' location | sort -u)" "$loc"
is "one location, printed: the same rows" "$(af report inventory-count --print --location "$loc" | grep -o '^FA-[0-9-]*' | tr '\n' ' ')" \
	"$(af export inventory-count --location "$loc" | cell 0 '' tag | tr '\n' ' ')"
status_is "an unknown location is invalid input" 3 af export inventory-count --location 火星
status_is "an employee may not export the count sheet" 4 at "2026-11-28 09:00:00" zhangsan export inventory-count
ok "the asset keeper may" at "2026-11-28 09:00:00" guojing export inventory-count --no-bom -o "$TMP/keeper.csv"
is "-o writes the same CSV" "$(cmp -s "$TMP/keeper.csv" "$TMP/count.csv"; echo $?)" 0
printf 'export = { bom = true; };\n' > "$TMP/bom.conf"
is "a BOM for Excel when configured" "$("$AF_BIN" --config "$TMP/bom.conf" --db "$DB" report seals --csv | head -c 3 | od -An -tx1 | tr -d ' ')" efbbbf
is "and the CSV still reads back" "$("$AF_BIN" --config "$TMP/bom.conf" --db "$DB" report seals --csv | cell 0 seal=SEAL02 uses)" 2

# ---- remind ----------------------------------------------------------------------------------
staff=$(awk -F, '$2 == "admin_staff"' "$DATA/roles.csv" | wc -l | tr -d ' ')
low=$(awk -F, 'NR > 1 && $4 + 0 <= $5 + 0' "$DATA/supplies.csv" | wc -l | tr -d ' ')
# LIC02 (TECH) and LIC03 (ADM) are within 30 days: the admin staff and each
# department's head (wangwu heads ADM and is no admin staff).
notices=$(q "SELECT count(*) FROM notices")
af remind --dry-run > "$TMP/dry.txt"
is "dry run: licences" "$(grep -c '^licence	' "$TMP/dry.txt")" $(( 2 * (staff + 1) ))
is "dry run: nothing written" "$(q "SELECT count(*) FROM notices")" "$notices"
af remind > "$TMP/r1.txt"
is "remind: licence notices" "$(grep -c '^licence	' "$TMP/r1.txt")" $(( 2 * (staff + 1) ))
is "remind: the head of TECH hears of LIC02" "$(grep -c '^licence	LIC02	ICP备案	yejun	expires 2026-12-10, in 12 days$' "$TMP/r1.txt")" 1
is "remind: low stock to each admin clerk" "$(grep -c '^low-stock	' "$TMP/r1.txt")" $(( low * staff ))
is "remind: the 09:30 booking" "$(grep '^booking-soon	' "$TMP/r1.txt" | cut -f3,4)" "R401	zhangsan"
is "remind: the dry run said the same" "$(grep -v '^remind\|^escalate\|^due' "$TMP/dry.txt")" "$(grep -v '^remind\|^escalate\|^due' "$TMP/r1.txt")"
added=$(( $(q "SELECT count(*) FROM notices") - notices ))
ok "remind: notices were added" test "$added" -ge $(( 2 * (staff + 1) + low * staff + 1 ))
after=$(q "SELECT count(*) FROM notices")
af remind > "$TMP/r2.txt"
is "remind again: nothing more to say" "$(tail -n +2 "$TMP/r2.txt")" ""
is "remind again: no notice added" "$(q "SELECT count(*) FROM notices")" "$after"
is "the booking notice is in the program" "$(q "SELECT count(*) FROM notices n JOIN employees e ON e.id = n.employee_id WHERE e.login = 'zhangsan' AND n.kind = 'booking_soon'")" 1
# The next day the licences are still not renewed: reminded again; the booking is not.
ADMINFLOW_NOW="2026-11-29 09:00:00" af remind > "$TMP/r3.txt"
is "next day: licences again" "$(grep -c '^licence	' "$TMP/r3.txt")" $(( 2 * (staff + 1) ))
is "next day: no booking notice" "$(grep -c '^booking-soon	' "$TMP/r3.txt")" 0

# ---- the reports screen ------------------------------------------------------------------------
export TERM=xterm-256color
tui() { tui_dump "$@"; }
scr=$(printf 'key R\ndump\n' | tui 80x24 wangwu)
like "R opens the reports menu" "$scr" "quarterly operations +quarterly"
scr=$(printf 'key R\nkey Enter\ndump\n' | tui 80x24 wangwu)
like "volume at 80 columns: bars" "$scr" "费用报销 +4 +█+"
scr=$(printf 'key R\nkey Enter\ndump\n' | tui 60x20 wangwu)
ok "volume at 60 columns: no bars" sh -c '! printf "%s" "$1" | grep -q "[▏▎▍▌▋▊▉█]"' - "$scr"
like "... the plain numbers instead" "$scr" "expense +费用报销 +2026-11 +3 +3"
# Cycle: the medians as bars, then the trend month by month: September's
# 120 h is the tallest column (three full rows), November's median below it.
scr=$(printf 'key R\nkey j\nkey Enter\ndump\n' | tui 80x24 wangwu)
like "cycle at 80 columns: the trend's scale is September's 120 h" "$scr" "^ 120h +█"
like "... its months and caption" "$scr" "2026-09 – 2026-11  median hours, month by month"
like "... a column a month, the tallest first" "$scr" "^ 0h +█[▁▂▃▄▅▆▇█]"
scr=$(printf 'key R\nkey j\nkey Enter\ndump\n' | tui 60x20 wangwu)
ok "cycle at 60 columns: no trend drawn" sh -c '! printf "%s" "$1" | grep -q "month by month"' - "$scr"
like "... the table says it" "$scr" "2026-09 +1 +120.0 +120.0"
scr=$(printf 'key R\nkey j\nkey j\nkey j\nkey j\nkey Enter\nkey /\nkey Backspace\nkey Backspace\ntype 2026-11-09..2026-11-15\nkey Enter\ndump\n' | tui 80x24 wangwu)
like "utilisation at 80 columns: a heat grid" "$scr" " Tue +· +░░░ ░░░ ·"
status_is "the menu is for everyone; a report for those who may" 0 sh -c 'printf "key R\nkey Enter\ndump\n" > "$1/k"; ADMINFLOW_TUI_SCRIPT="$1/k" ADMINFLOW_TUI_DUMP="$1/d" COLUMNS=80 LINES=24 "$2" --db "$3" --as zhangsan >/dev/null 2>&1' - "$TMP" "$AF_BIN" "$DB"
like "... and says why not" "$(cat "$TMP/d")" "you need the report_all or report_department permission"

done_testing
