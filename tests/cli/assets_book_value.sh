#!/bin/sh
# The register's book value (issue 18): `assets list`, the register screen
# and `export assets` show today's depreciation and book value, the same
# figures the depreciation report gives (one rule, assets_value_at); an
# asset written off or lost has none. `import assets` reads the life,
# salvage and in-service date (English or Chinese headers, a file saved by
# Chinese Excel: GB18030 with CRLF, or UTF-8 with a BOM), refuses a bad one
# naming file:line and the column, with nothing written, and takes its
# own export back (the computed columns are skipped).
. "$srcdir/tests/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 (the command) is not installed"
command -v iconv >/dev/null 2>&1 || skip_all "iconv (the command) is not installed"
af_init

q() { sqlite3 "$DB" "$1"; }
dump() { q "SELECT * FROM assets ORDER BY id; SELECT * FROM asset_categories" | sha256sum; }
keeper() { af --as guojing "$@"; }
# listed TAG COLUMN: a column of TAG's row of assets list
listed() { af --as wangwu assets list | awk -F'\t' -v t="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) n[$i] = i; next } $1 == t { print $(n[c]) }'; }
# reported TAG: depreciated and book value of the report today
reported() { af --as wangwu report depreciation --csv | tr -d '\r' | awk -F, -v t="$1" '$1 == t { print $(NF-1) " " $NF }'; }

# Today is 2026-11-28. A laptop of 3600.00 bought 2025-11-28, 36 months,
# salvage 0: 12 months gone, 1200.00 depreciated, 2400.00 on the books.
ok "received" keeper assets receive BV-0001 测试笔记本 --location 仓库 --category 电脑 --cost 3600 --date 2025-11-28
ok "computers: 36 months" keeper assets category 电脑 --life 36
is "list: cost, depreciated, book value" "$(listed BV-0001 cost) $(listed BV-0001 depreciated) $(listed BV-0001 book_value)" \
	"3600.00 1200.00 2400.00"
is "the report says the same" "$(reported BV-0001)" "1200.00 2400.00"
is "the header names them" "$(af --as wangwu assets list | head -1 | cut -f8-)" "$(printf 'cost\tdepreciated\tbook_value')"
ok "its own life and salvage" keeper assets depreciation BV-0001 --life 24 --salvage 600
is "list follows: (3600-600)*12/24" "$(listed BV-0001 depreciated) $(listed BV-0001 book_value)" "1500.00 2100.00"
is "and the report" "$(reported BV-0001)" "1500.00 2100.00"
ok "written off" keeper assets writeoff BV-0001 -m 损坏
is "off the books: no book value in the list" "$(listed BV-0001 status)/$(listed BV-0001 book_value)/" "retired//"

# ---- the export -----------------------------------------------------------------
ok "another, in service later than bought" keeper assets receive BV-0002 显示器 --location 仓库 --cost 1200 --date 2026-01-10
ok "12 months from March" keeper assets depreciation BV-0002 --life 12 --in-service 2026-03-05
af --as wangwu export assets -o "$TMP/assets.csv"
is "the export's header: life, salvage, in service, then the computed two" \
	"$(head -1 "$TMP/assets.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" \
	"tag,name,category,status,holder,location,purchase_date,cost,life_months,salvage,in_service_on,depreciated,book_value"
is "the export's row: 8 months of 12 gone" "$(grep '^BV-0002,' "$TMP/assets.csv" | tr -d '\r')" \
	"BV-0002,显示器,,in_stock,,仓库,2026-01-10,1200.00,12,0.00,2026-03-05,800.00,400.00"
is "the written-off one: none" "$(grep '^BV-0001,' "$TMP/assets.csv" | tr -d '\r' | cut -d, -f9-)" "24,600.00,,,"
before=$(dump)
ok "its own export imports back" af --as wangwu import assets "$TMP/assets.csv"
is "and changes nothing" "$(dump)" "$before"

# ---- the screen -----------------------------------------------------------------
scr=$(printf 'key r\nkey Right\ndump\nkey q\n' | TERM=xterm-256color tui_dump 100x24 wangwu)
like "the register screen has a book value column" "$scr" "book value"
like "BV-0002's book value on the screen" "$(printf '%s\n' "$scr" | grep 'BV-0002')" "400\.00"

# ---- the import ------------------------------------------------------------------
printf 'tag,name,status,location,purchase_date,cost,life_months,salvage,in_service_on\r\nBV-0010,投影仪,in_stock,仓库,2026-05-28,5000,10,1000,2026-06-28\r\nBV-0011,白板,in_stock,仓库,2026-01-01,300,,,\r\n' > "$TMP/en.csv"
ok "English headers" af --as wangwu import assets "$TMP/en.csv"
is "stored: life, salvage in cents, in service" "$(q "SELECT life_months, salvage_cents, in_service_on FROM assets WHERE tag = 'BV-0010'")" "10|100000|2026-06-28"
is "empty: the category's life, no salvage" "$(q "SELECT coalesce(life_months, 'none'), salvage_cents, coalesce(in_service_on, 'none') FROM assets WHERE tag = 'BV-0011'")" "none|0|none"
is "the list values it: (5000-1000)*5/10" "$(listed BV-0010 book_value)" "3000.00"
# Chinese Excel: GB18030, CRLF, the headers in Chinese
printf '标签,名称,状态,位置,购置日期,原值,使用月数,残值,启用日期\r\nBV-0020,碎纸机,in_stock,仓库,2026-02-28,1000,20,0,\r\n' | iconv -f UTF-8 -t GB18030 > "$TMP/zh.csv"
ok "Chinese headers, GB18030, CRLF" af --as wangwu import assets "$TMP/zh.csv"
is "read" "$(q "SELECT name, life_months, salvage_cents FROM assets WHERE tag = 'BV-0020'")" "碎纸机|20|0"
is "valued: 9 of 20 months" "$(listed BV-0020 book_value)" "550.00"
printf '\357\273\277标签,名称,状态,位置,使用月数,残值\r\nBV-0020,碎纸机,in_stock,仓库,30,100\r\n' > "$TMP/bom.csv"
ok "UTF-8 with a BOM" af --as wangwu import assets "$TMP/bom.csv"
is "updated: life and salvage" "$(q "SELECT life_months, salvage_cents FROM assets WHERE tag = 'BV-0020'")" "30|10000"

# bad rows: file:line, the column, nothing written
printf 'tag,name,status,location,cost,life_months,salvage,in_service_on,purchase_date\nBV-0030,甲,in_stock,仓库,100,1201,0,,\nBV-0031,乙,in_stock,仓库,100,12,100.01,,\nBV-0032,丙,in_stock,仓库,100,12,0,2026-01-01,2026-02-01\nBV-0033,丁,in_stock,仓库,100,十二,0,,\nBV-0034,戊,in_stock,仓库,100,12,-5,,\nBV-0035,己,in_stock,仓库,100,12,0,2026-02-30,\n' > "$TMP/bad.csv"
before=$(dump)
out=$(af --as wangwu import assets "$TMP/bad.csv" 2>&1); st=$?
is "refused: exit 3" "$st" 3
like "a life over 1200" "$out" "bad.csv:2: life_months: '1201' is not a number of months from 1 to 1200"
like "a salvage over the cost" "$out" "bad.csv:3: salvage: 100.01 is more than the cost 100.00"
like "in service before bought" "$out" "bad.csv:4: in_service_on: 2026-01-01 is before the purchase date 2026-02-01"
like "a life that is no number" "$out" "bad.csv:5: life_months: '十二' is not a number of months"
like "a negative salvage" "$out" "bad.csv:6: salvage: '-5' is"
like "no such date" "$out" "bad.csv:7: in_service_on: '2026-02-30' is not a date"
is "nothing was written" "$(dump)" "$before"
printf 'tag,name,status,location,salvage\nBV-0011,白板,in_stock,仓库,400\n' > "$TMP/over.csv"
refused_why "a salvage over the stored cost" 3 "over.csv:2: salvage: 400.00 is more than the cost 300.00" \
	af --as wangwu import assets "$TMP/over.csv"
printf 'tag,name,status,location,cost\nBV-0010,投影仪,in_stock,仓库,900\n' > "$TMP/cost.csv"
refused_why "a cost under the stored salvage" 3 "cost.csv:2: cost: the salvage 1000.00 is more than this cost 900.00" \
	af --as wangwu import assets "$TMP/cost.csv"
done_testing
