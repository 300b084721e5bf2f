#!/bin/sh
# Lines (a table of typed cells in a form): the expense claim's lines by
# category with amounts and receipt counts. The typed form (rows apart by
# ';', cells by ',', backslash escapes) and a JSON array both go in; every
# bad cell is refused naming the field, the row and the column, with
# nothing written; the claim's amount is the sum of the lines, so the
# general manager is asked only when the sum is over 5000; finance may
# correct a line at its step, and the sum and the route follow; show gives
# back the typed form, which goes in again unchanged.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

data_of() { q "SELECT data FROM requests WHERE number = '$1'"; }

# ---- good input ---------------------------------------------------------------
n=$(as zhangsan submit expense 'lines=travel,1200.50,3;meals,80,1,午餐\, 两人\; 含税' purpose=出差)
ok "two lines go in" test -n "$n"
is "stored as a JSON array of objects, money in cents" \
	"$(q "SELECT json_extract(data, '$.lines') FROM requests WHERE number = '$n'")" \
	'[{"category":"travel","amount":120050,"receipts":3},{"category":"meals","amount":8000,"receipts":1,"note":"午餐, 两人; 含税"}]'
is "the amount is their sum, in cents" "$(q "SELECT json_extract(data, '$.amount') FROM requests WHERE number = '$n'")" 128050
is "show: the typed form, escapes and all" "$(show_key "$n" field.lines)" 'travel,1200.50,3;meals,80.00,1,午餐\, 两人\; 含税'
is "show: a line a row" "$(show_key "$n" field.lines.2)" "category=meals, amount=80.00, receipts=1, note=午餐, 两人; 含税"
is "show: the total of the amounts" "$(show_key "$n" field.lines.total.amount)" 1280.50
is "show: the computed amount" "$(show_key "$n" field.amount)" 1280.50
is "blanks around cells go, a trailing ';' is no row" \
	"$(as zhangsan route expense 'lines= office , 10 ; ' purpose=x >/dev/null && echo ok)" ok

# The same claim as JSON: money as typed (not cents), numbers or strings.
j=$(as zhangsan submit expense 'lines=[{"category":"travel","amount":1200.5,"receipts":3},{"category":"meals","amount":"80","receipts":"1","note":"午餐, 两人; 含税"}]' purpose=出差)
is "JSON input stores the same lines" "$(data_of "$j")" "$(data_of "$n")"

# Round trip: what show gives goes in again and stores the same.
r=$(as zhangsan submit expense "lines=$(show_key "$n" field.lines)" purpose=出差)
is "show's lines submitted again: the same data" "$(data_of "$r")" "$(data_of "$n")"
is "... and show gives them back alike" "$(show_key "$r" field.lines)" "$(show_key "$n" field.lines)"
# An amount given that agrees with the sum is taken.
ok "an amount equal to the sum is accepted" as zhangsan route expense 'lines=travel,100;meals,0.50' amount=100.50 purpose=x

# ---- bad cells: exit 3, one line naming field, row and column, nothing written
refused "an unknown category" 3 as zhangsan submit expense 'lines=travel,10;food,5' purpose=x
is "... says row 2, category" "$(as zhangsan submit expense 'lines=travel,10;food,5' purpose=x 2>&1)" \
	"adminflow: field lines: row 2, category: 'food' is not one of the choices"
refused "a negative amount" 3 as zhangsan submit expense 'lines=travel,10;meals,-5' purpose=x
is "... says row 2, amount" "$(as zhangsan submit expense 'lines=travel,10;meals,-5' purpose=x 2>&1)" \
	"adminflow: field lines: row 2, amount: must not be negative"
is "an amount below the column's minimum" "$(as zhangsan submit expense 'lines=travel,0.00' purpose=x 2>&1)" \
	"adminflow: field lines: row 1, amount: 0.00 is below the minimum 0.01"
is "three decimals" "$(as zhangsan submit expense 'lines=travel,1.005' purpose=x 2>&1)" \
	"adminflow: field lines: row 1, amount: '1.005' is not an amount (digits, at most two decimals)"
refused "receipts not a number" 3 as zhangsan submit expense 'lines=travel,10,two' purpose=x
is "... says row 1, receipts" "$(as zhangsan submit expense 'lines=travel,10,two' purpose=x 2>&1)" \
	"adminflow: field lines: row 1, receipts: 'two' is not a whole number"
is "receipts below the minimum 0" "$(as zhangsan submit expense 'lines=travel,10,-1' purpose=x 2>&1)" \
	"adminflow: field lines: row 1, receipts: -1 is below the minimum 0"
ok "a note of 100 Chinese characters (300 bytes) is within max_length 100" \
	as zhangsan submit expense "lines=travel,10,1,$(i=0; while [ $i -lt 100 ]; do printf 中; i=$((i + 1)); done)" purpose=x
is "a note over 100 characters" "$(as zhangsan submit expense "lines=travel,10,1,$(printf '%0101d' 0)" purpose=x 2>&1)" \
	"adminflow: field lines: row 1, note: 101 characters, at most 100 allowed"
is "a control character in a note" "$(as zhangsan submit expense "lines=travel,10,1,$(printf 'a\033[2Jb')" purpose=x 2>&1)" \
	"adminflow: field lines: row 1, note: control characters are not allowed"
refused "a required cell left empty" 3 as zhangsan submit expense 'lines=travel,10;,5' purpose=x
is "... says row 2, category, required" "$(as zhangsan submit expense 'lines=travel,10;,5' purpose=x 2>&1)" \
	"adminflow: field lines: row 2, category: required (类别)"
is "a missing amount" "$(as zhangsan submit expense 'lines=travel' purpose=x 2>&1)" \
	"adminflow: field lines: row 1, amount: required (金额)"
refused "more cells than columns" 3 as zhangsan submit expense 'lines=travel,10,1,note,extra' purpose=x
is "... names the columns" "$(as zhangsan submit expense 'lines=travel,10,1,note,extra' purpose=x 2>&1)" \
	"adminflow: field lines: row 1: more cells than the 4 columns (category,amount,receipts,note)"
refused "no rows at all" 3 as zhangsan submit expense 'lines=;' purpose=x
is "... says at least one" "$(as zhangsan submit expense 'lines=;' purpose=x 2>&1)" \
	"adminflow: field lines: 0 rows, at least 1 needed"
refused "no lines given" 3 as zhangsan submit expense purpose=x
is "... says required" "$(as zhangsan submit expense purpose=x 2>&1)" "adminflow: field lines: required (报销明细)"
is "more than max_rows (50)" "$(as zhangsan submit expense "lines=$(i=0; while [ $i -lt 51 ]; do printf 'office,1;'; i=$((i + 1)); done)" purpose=x 2>&1)" \
	"adminflow: field lines: 51 rows, at most 50 allowed"
is "JSON: an unknown column" "$(as zhangsan submit expense 'lines=[{"category":"meals","amount":1,"tip":2}]' purpose=x 2>&1)" \
	"adminflow: field lines: row 1: no column 'tip'"
is "JSON: a row that is not an object" "$(as zhangsan submit expense 'lines=[{"category":"meals","amount":1},["meals",1]]' purpose=x 2>&1)" \
	"adminflow: field lines: row 2: expected an object {\"column\": value, ...}"
is "JSON: a nested value" "$(as zhangsan submit expense 'lines=[{"category":"meals","amount":{"a":1}}]' purpose=x 2>&1)" \
	"adminflow: field lines: row 1, amount: expected text or a number"
is "JSON: broken JSON" "$(as zhangsan submit expense 'lines=[{"category":' purpose=x 2>&1)" \
	"adminflow: field lines: not a JSON array of rows"
refused "an amount that disagrees with the lines" 3 as zhangsan submit expense 'lines=travel,100;meals,20' amount=100 purpose=x
is "... says what they add up to" "$(as zhangsan submit expense 'lines=travel,100;meals,20' amount=100 purpose=x 2>&1)" \
	"adminflow: field amount: 100.00 given, but the lines add up to 120.00 (leave amount out: it is computed from lines.amount)"
is "a sum over the amount's maximum" "$(as zhangsan submit expense 'lines=travel,1000000;travel,0.01' purpose=x 2>&1)" \
	"adminflow: field amount: 1000000.01 is above the maximum 1000000.00"

# ---- the route follows the sum ------------------------------------------------------
is "lines adding up to exactly 5000: no general manager" \
	"$(as zhangsan route expense 'lines=travel,3000;meals,2000' purpose=x | grep -c '^gm.*skipped')" 1
is "5000.01 by the sum: the general manager is asked" \
	"$(as zhangsan route expense 'lines=travel,3000;meals,2000.01' purpose=x | grep -c '^gm.*chenzong')" 1
big=$(as zhangsan submit expense 'lines=travel,3000;meals,2000;office,0.01' purpose=big)
is "submitted over 5000 by the sum: the gm step is planned" "$(steps_of "$big")" "head:active finance:planned gm:planned"

# ---- finance corrects a line: the sum and the route follow ---------------------
e=$(as zhangsan submit expense 'lines=travel,3000,2;meals,1000,1' purpose=edit)
is "4000: the gm step is skipped" "$(steps_of "$e")" "head:active finance:planned gm:skipped"
refused "the head may not edit the lines" 4 as lisi approve "$e" 'lines=travel,3000'
as lisi approve "$e" >/dev/null
refused "finance may not type the amount" 4 as heqing approve "$e" amount=6000
refused "a bad cell in finance's edit" 3 as heqing approve "$e" 'lines=travel,3000,2;meals,-1,1'
ok "finance adds a line of 1500.00" as heqing approve "$e" 'lines=travel,3000,2;meals,1000,1;other,1500.00,1' -m 补录
is "the amount is the new sum" "$(show_key "$e" field.amount)" 5500.00
is "the edit is on the timeline" "$(as wangwu show "$e" | awk -F'\t' '$4 == "edit" { print $2 "|" $5 }')" \
	"何青|lines=travel,3000,2;meals,1000,1;other,1500.00,1"
is "over 5000 now: the general manager is asked" "$(steps_of "$e") $(pending_of "$e")" \
	"head:done finance:done gm:active chenzong"
# ... and the other way: a correction down to 5000 leaves the gm out.
e2=$(as zhangsan submit expense 'lines=travel,5000;meals,500' purpose=down)
is "5500: the gm step is planned" "$(steps_of "$e2")" "head:active finance:planned gm:planned"
as lisi approve "$e2" >/dev/null
ok "finance corrects meals to nothing" as heqing approve "$e2" 'lines=travel,5000'
is "5000 now: done without the general manager" "$(steps_of "$e2") $(state_of "$e2")" \
	"head:done finance:done gm:skipped done"

# ---- resubmit: the stored amount is worked out again ----------------------------
x=$(as zhangsan submit expense 'lines=meals,300' purpose=team)
as lisi return "$x" -m 金额不对 >/dev/null
ok "resubmit with other lines" as zhangsan resubmit "$x" 'lines=meals,300;travel,5000'
is "the sum follows; the gm step is back" "$(show_key "$x" field.amount) $(steps_of "$x")" \
	"5300.00 head:active finance:planned gm:planned"

done_testing
