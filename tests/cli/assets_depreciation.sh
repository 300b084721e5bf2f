#!/bin/sh
# Depreciation (issue 18): straight-line over a useful life in whole
# months (the asset's own, or its category's) from the in-service date (or
# the purchase date) down to the salvage value; the report's book values at
# a date per asset and per category, exact to the cent (rounded down, the
# last month taking the rest), and as CSV; bad input refused naming the
# option, with nothing changed; assets written off by the date are off the
# books, those written off later still on them.
. "$srcdir/tests/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 (the command) is not installed"
af_init

q() { sqlite3 "$DB" "$1"; }
dump() { q "SELECT * FROM assets; SELECT * FROM asset_categories; SELECT id, action, object, detail FROM audit WHERE action <> 'as'" | sha256sum; }
keeper() { af --as guojing "$@"; }
# row TAG [DATE]: the report's row of TAG at DATE, from life_months on.
row() { af --as wangwu report depreciation --csv ${2:+--to "$2"} | tr -d '\r' | grep "^$1," | cut -d, -f7-; }

# ---- setting it ----------------------------------------------------------------
refused_why "an employee may not set a life" 4 "manage_assets" af --as zhangsan assets category 电脑 --life 36
refused_why "a life that is not a number of months" 3 "--life: '3年' is not a number of months from 1 to 1200" \
	keeper assets category 电脑 --life 3年
refused_why "a life too long" 3 "--life: '1201' is not a number of months" keeper assets category 电脑 --life 1201
refused_why "a category with no asset" 3 "飞机: no asset of that category on the register" \
	keeper assets category 飞机 --life 12
ok "the keeper sets computers to 36 months" keeper assets category 电脑 --life 36
is "the category's life is kept, and audited" \
	"$(q "SELECT life_months FROM asset_categories WHERE name = '电脑'") $(q "SELECT detail FROM audit WHERE action = 'asset_category'")" \
	"36 life 36 months"
refused_why "a salvage above the cost" 3 "--salvage: 20000 is more than the asset cost 16500.00" \
	keeper assets depreciation FA-2019-0010 --salvage 20000
refused_why "a salvage that is not an amount" 3 "--salvage: '5,00' is not an amount" \
	keeper assets depreciation FA-2019-0010 --salvage 5,00
refused_why "an in-service date that is not one" 3 "--in-service: '2019-02-30' is not a date" \
	keeper assets depreciation FA-2019-0010 --in-service 2019-02-30
refused_why "in service before it was bought" 3 "--in-service: 2019-06-01 is before the purchase date" \
	keeper assets depreciation FA-2019-0010 --in-service 2019-06-01
refused_why "no such asset" 3 "FA-0000: no such asset" keeper assets depreciation FA-0000 --life 12
status_is "nothing to set is a usage error" 2 keeper assets depreciation FA-2019-0010
ok "the MacBook: salvage 500.00, in service mid-July" \
	keeper assets depreciation FA-2019-0010 --salvage 500 --in-service 2019-07-15
is "set and audited" "$(q "SELECT detail FROM audit WHERE action = 'asset_depreciation'")" \
	"life|salvage_cents|in_service |50000|2019-07-15"
is "the schema keeps the salvage under the cost too" \
	"$(q "UPDATE assets SET salvage_cents = cost_cents + 1 WHERE tag = 'FA-2019-0010'" 2>&1)" \
	"Error: stepping, salvage: more than the asset cost (19)"

# ---- book values at a date -------------------------------------------------------
# cost 16500.00, salvage 500.00: 16000.00 over 36 months, 444.44 4/9 a month.
is "before a month in service: nothing depreciated" "$(row FA-2019-0010 2019-08-14)" "36,0,16500.00,500.00,0.00,16500.00"
is "a month on the day it began" "$(row FA-2019-0010 2019-08-15)" "36,1,16500.00,500.00,444.44,16055.56"
is "a year: exactly a third" "$(row FA-2019-0010 2020-07-15)" "36,12,16500.00,500.00,5333.33,11166.67"
is "35 months: rounded down to the cent" "$(row FA-2019-0010 2022-06-15)" "36,35,16500.00,500.00,15555.55,944.45"
is "the last month takes the rest: down to the salvage exactly" "$(row FA-2019-0010 2022-07-15)" \
	"36,36,16500.00,500.00,16000.00,500.00"
is "and stays there" "$(row FA-2019-0010 2026-11-28)" "36,36,16500.00,500.00,16000.00,500.00"
# From the 31st, a short month completes on its last day.
ok "an asset of its own: 12 months from 2021-01-31" keeper assets depreciation FA-2019-0006 --life 12 --in-service 2021-01-31
is "2021-02-27: not a month yet" "$(row FA-2019-0006 2021-02-27)" "12,0,7700.00,0.00,0.00,7700.00"
is "2021-02-28, the month's last day: one month" "$(row FA-2019-0006 2021-02-28)" "12,1,7700.00,0.00,641.66,7058.34"
is "its own life wins over its category's" "$(row FA-2019-0006 2026-11-28)" "12,12,7700.00,0.00,7700.00,0.00"
is "no life, theirs or their category's: kept at cost" "$(row FA-2019-0005 2026-11-28)" ",,6000.00,0.00,0.00,6000.00"
is "bought after the date: not on the books yet" "$(row FA-2019-0010 2019-06-30)" ""

# ---- written off: off the books from that day ----------------------------------------
ADMINFLOW_NOW="2026-11-20 10:00:00" keeper assets writeoff FA-2019-0010 -m 主板损坏 >/dev/null
is "written off on 2026-11-20: still on the books the day before" "$(row FA-2019-0010 2026-11-19)" \
	"36,36,16500.00,500.00,16000.00,500.00"
is "and off them from that day" "$(row FA-2019-0010 2026-11-20)" ""

# ---- the report: per category, totals, text and CSV ----------------------------------
csv=$(af --as wangwu report depreciation --csv --to 2021-02-28 | tr -d '\r')
computers=$(q "SELECT count(*) || ',' || printf('%.2f', sum(cost_cents) / 100.0) FROM assets WHERE category = '电脑'
	AND purchase_date <= '2021-02-28' AND NOT (status IN ('retired', 'lost') AND coalesce((SELECT max(substr(m.at, 1, 10))
	FROM asset_moves m WHERE m.asset_id = assets.id AND m.to_status = assets.status), '') <= '2021-02-28')")
like "the computers by category: count and cost" "$csv" "^电脑,$computers,"
like "the CSV's columns" "$csv" 'tag,name,category,status,department,start,life_months,months,cost,salvage,depreciated,book_value'
like "the text report says the date" "$(af --as wangwu report depreciation --to 2021-02-28)" 'as of 2021-02-28'
# The categories' table (no commas in its names): its rows add up to its
# total, which is the assets' total.
sum=$(printf '%s\n' "$csv" | sed -n '/^category,/,$p' | awk -F, 'NR > 1 && !/total/ { n += $2; c += $3 * 100; d += $4 * 100; b += $5 * 100 }
	END { printf "%d %.2f %.2f %.2f", n, c / 100, d / 100, b / 100 }')
tot=$(printf '%s\n' "$csv" | sed -n '/^category,/,$p' | grep 'total' | awk -F, '{ printf "%d %.2f %.2f %.2f", $2, $3, $4, $5 }')
is "the categories add up to their total, to the cent" "$tot" "$sum"
is "which is the assets' total" "$(printf '%s\n' "$csv" | grep -m1 'total' | awk -F, '{ printf "%.2f %.2f %.2f", $9, $11, $12 }')" \
	"$(echo "$tot" | cut -d' ' -f2-)"
status_is "a bad date: exit 3" 3 af --as wangwu report depreciation --to 2021-13-01
status_is "an employee may not read it: exit 4" 4 af --as zhangsan report depreciation
like "a department head sees the assets held in the department" \
	"$(af --as lisi report depreciation --csv | grep '^FA-' | cut -d, -f5 | sort -u | tr '\n' ' ')" '^MKT $'
ok "the audit chain is intact" af audit verify
done_testing
