#!/bin/sh
# CSV that Chinese Excel users open and save back: a BOM by default (off by
# --no-bom or export.bom), GB18030 files read and said so, a file in no
# encoding refused once, headers in the reader's language or English, both
# languages' headers accepted by every import, a label column beside a code
# column, and the count sheet saved from the Chinese screens imported back.
# Files are made by iconv and read back by Python's csv module.
. "$srcdir/tests/lib.sh"

af_init || { echo "Bail out! init --demo failed"; exit 1; }
ZH="env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8"
locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$' || skip_all "no zh_CN.UTF-8 locale"
mgr() { af --as wangwu "$@"; }
keeper() { af --as guojing "$@"; }
dump() { sqlite3 "$DB" "SELECT * FROM assets; SELECT * FROM suppliers; SELECT * FROM stocktake_counts" | sha256sum; }
# rows FILE: Python's csv module reads FILE as Excel would (BOM or not):
# the header, then the number of data rows.
rows() {
	python3 -c '
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    r = list(csv.reader(f))
print(",".join(r[0])); print(len(r) - 1)' "$1"
}
bytes3() { head -c 3 "$1" | od -An -tx1 | tr -d ' '; }

# ---- the BOM -----------------------------------------------------------------------------
mgr export suppliers -o "$TMP/sup.csv"
is "a BOM by default on an export" "$(bytes3 "$TMP/sup.csv")" efbbbf
mgr export requests -o "$TMP/req.csv"
is "... on an activity export" "$(bytes3 "$TMP/req.csv")" efbbbf
mgr report seals --csv -o "$TMP/rep.csv"
is "... on a report's CSV" "$(bytes3 "$TMP/rep.csv")" efbbbf
mgr export suppliers --no-bom -o "$TMP/sup-nobom.csv"
is "--no-bom: none, for scripts" "$(bytes3 "$TMP/sup-nobom.csv")" 636f64
printf 'export = { bom = false; };\n' > "$TMP/nobom.conf"
"$AF_BIN" --config "$TMP/nobom.conf" --db "$DB" --as wangwu report seals --csv -o "$TMP/rep-nobom.csv"
is "export.bom = false: none" "$(bytes3 "$TMP/rep-nobom.csv")" 736561

# ---- headers in the reader's language -----------------------------------------------------
is "English screens: English headers" "$(rows "$TMP/sup.csv" | head -1)" "code,name,contact,phone,email"
$ZH "$AF_BIN" --db "$DB" --as wangwu export assets -o "$TMP/assets-zh.csv"
is "Chinese screens: the catalog's headers, a label beside the status code" \
	"$(rows "$TMP/assets-zh.csv")" "标签,名称,类别,状态,状态说明,保管人,位置,购置日期,原值,使用月数,残值,启用日期,累计折旧,账面价值
120"
is "the code column keeps the code, the label column says it in Chinese" \
	"$(grep '^FA-2019-0002,' "$TMP/assets-zh.csv" | cut -d, -f4,5)" "in_use,在用"
printf 'export = { headers = "english"; };\n' > "$TMP/en.conf"
$ZH "$AF_BIN" --config "$TMP/en.conf" --db "$DB" --as wangwu export assets -o "$TMP/assets-en.csv"
is "export.headers = english: English, no label column" "$(rows "$TMP/assets-en.csv" | head -1)" \
	"tag,name,category,status,holder,location,purchase_date,cost,life_months,salvage,in_service_on,depreciated,book_value"
$ZH "$AF_BIN" --db "$DB" --as wangwu export assets --english -o "$TMP/assets-en2.csv"
is "--english does the same" "$(cmp "$TMP/assets-en.csv" "$TMP/assets-en2.csv" && echo same)" same
printf 'export = { headers = "chinese"; };\n' > "$TMP/badh.conf"
status_is "export.headers other than auto or english is refused" 2 \
	"$AF_BIN" --config "$TMP/badh.conf" --db "$DB" --as wangwu export assets

# ---- every import takes both languages' headers --------------------------------------------
before=$(dump)
out=$(mgr import assets "$TMP/assets-zh.csv" 2>&1); s=$?
is "the Chinese export imports back on English screens" "$s: $out" "0: "
is "... and changes nothing (the label column is read over)" "$(dump)" "$before"
out=$($ZH "$AF_BIN" --db "$DB" --as wangwu import assets "$TMP/assets-en.csv" 2>&1); s=$?
is "the English export imports on Chinese screens" "$s: $out" "0: "
printf '编号,名称,联系人,电话,邮箱\r\nSUP91,华东纸业,李四,021-5555,li@example.com\r\n' > "$TMP/sup-zh.csv"
out=$(mgr import suppliers "$TMP/sup-zh.csv" 2>&1); s=$?
is "a file written by hand with Chinese headers imports" "$s: $out" "0: "
is "... into the right columns" "$(sqlite3 "$DB" "SELECT name || '|' || contact || '|' || email FROM suppliers WHERE code = 'SUP91'")" \
	"华东纸业|李四|li@example.com"

# ---- encodings ---------------------------------------------------------------------------
printf 'code,name,contact,phone,email\r\nSUP92,南方文具,王五,020-1234,w@example.com\r\n' > "$TMP/utf8.csv"
iconv -f UTF-8 -t GB18030 "$TMP/utf8.csv" > "$TMP/gb.csv"
ok "the GB18030 file really is not UTF-8" sh -c '! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1' - "$TMP/gb.csv"
out=$(cd "$TMP" && "$AF_BIN" --db "$DB" --as wangwu import suppliers gb.csv 2>&1); s=$?
is "GB18030 (Excel's CSV on Chinese Windows) is read, and said" "$s: $out" \
	"0: adminflow: gb.csv: read as GB18030 (not UTF-8), converted"
is "... its Chinese stored as UTF-8" "$(sqlite3 "$DB" "SELECT name || '|' || contact FROM suppliers WHERE code = 'SUP92'")" \
	"南方文具|王五"
is "... and the audit row says which encoding was read" \
	"$(sqlite3 "$DB" "SELECT detail FROM audit WHERE action = 'import' ORDER BY id DESC LIMIT 1")" \
	"1 rows from gb.csv (GB18030)"
{ printf '\357\273\277'; sed 's/SUP92/SUP93/' "$TMP/utf8.csv"; } > "$TMP/bom.csv"
ok "UTF-8 with a BOM is read" mgr import suppliers "$TMP/bom.csv"
is "... the first column is the code, not BOM+code" "$(sqlite3 "$DB" "SELECT count(*) FROM suppliers WHERE code = 'SUP93'")" 1
# GB18030 with Chinese headers: both at once.
iconv -f UTF-8 -t GB18030 "$TMP/sup-zh.csv" | sed 's/SUP91/SUP94/' > "$TMP/gb-zh.csv"
ok "GB18030 with Chinese headers imports" mgr import suppliers "$TMP/gb-zh.csv"
# Neither: Latin-1 text, many rows; refused once, naming the file and the line.
{ printf 'code,name,contact,phone,email\n'; for i in 1 2 3 4 5 6 7 8 9; do printf 'SUP8%s,Caf\351 %s,x,1,a@b.c\n' $i $i; done; } > "$TMP/latin1.csv"
before=$(dump)
out=$(cd "$TMP" && "$AF_BIN" --db "$DB" --as wangwu import suppliers latin1.csv 2>&1); s=$?
is "a file that is neither is refused once: one line, file and line, exit 3" "$s: $out" \
	"3: adminflow: latin1.csv:2: neither UTF-8 nor GB18030 text (byte 10 of the line); nothing was read"
is "... nothing stored" "$(dump)" "$before"

# ---- the count sheet, both ways, in both languages -----------------------------------------
LOC=3楼市场部
keeper stocktake start --location "$LOC" >/dev/null
# From the Chinese reports screen: R, down to the inventory count (its
# place in the menu is the one `report` lists it at), E.
clear=$(printf 'key Backspace\n%.0s' $(seq 1 30))
at=$(mgr report | tail -n +2 | cut -f1 | grep -n '^inventory-count$' | cut -d: -f1)
printf 'key R\n%s\nkey Enter\nkey E\n%s\ntype %s\nkey Enter\n' "$(printf 'key j\n%.0s' $(seq 2 "$at"))" "$clear" \
	"$TMP/sheet-zh.csv" | TERM=xterm-256color LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 tui_dump 80x24 wangwu >/dev/null
is "the Chinese screens' count sheet has their headers" "$(rows "$TMP/sheet-zh.csv" | head -1)" \
	"标签,名称,类别,位置,保管人,账面状态,盘点,备注"
# fill IN OUT ENCODING: a clerk's count in Excel: every asset found, saved
# in ENCODING (what Excel on Chinese Windows writes is GB18030).
fill() {
	python3 -c '
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    r = list(csv.reader(f))
with open(sys.argv[2], "w", encoding=sys.argv[3], newline="") as f:
    w = csv.writer(f)
    w.writerow(r[0])
    for row in r[1:]:
        row[6] = "1"
        w.writerow(row)' "$@"
}
fill "$TMP/sheet-zh.csv" "$TMP/filled-zh.csv" gb18030
n=$(rows "$TMP/sheet-zh.csv" | tail -1)
out=$(keeper stocktake count "$TMP/filled-zh.csv" 2>/dev/null); s=$?
is "... filled in and saved as GB18030, it imports back on English screens" "$s: $out" "0: stocktake 1: $n counts imported"
ok "... and it was a real sheet" test "$n" -gt 3
keeper export inventory-count --location "$LOC" -o "$TMP/sheet-en.csv"
fill "$TMP/sheet-en.csv" "$TMP/filled-en.csv" utf-8
out=$($ZH "$AF_BIN" --db "$DB" --as guojing stocktake count "$TMP/filled-en.csv" 2>&1); s=$?
is "the English sheet imports back on Chinese screens" "$s: $out" "0: stocktake 1: $(rows "$TMP/sheet-en.csv" | tail -1) counts imported"

# ---- report --csv: headers by the same rule as every export ------------------------------------
hdr() { head -1 | tr -d '\r' | sed 's/^\xef\xbb\xbf//'; }
is "report --csv on Chinese screens: the headers in Chinese" "$($ZH "$AF_BIN" --db "$DB" --as wangwu report volume --csv | hdr)" \
	"表单,事务,月份,提交数,办结数,驳回数,撤回数,在办数"
is "... --english keeps them English for scripts" "$($ZH "$AF_BIN" --db "$DB" --as wangwu report volume --csv --english | hdr)" \
	"form,affair,month,submitted,done,rejected,withdrawn,open"
printf 'export = { headers = "english"; };\n' > "$TMP/eng.conf"
is "... and so does export.headers = english" \
	"$($ZH "$AF_BIN" --config "$TMP/eng.conf" --db "$DB" --as wangwu report volume --csv | hdr)" \
	"form,affair,month,submitted,done,rejected,withdrawn,open"
is "... an English reader gets English" "$("$AF_BIN" --db "$DB" --as wangwu report volume --csv | hdr)" \
	"form,affair,month,submitted,done,rejected,withdrawn,open"
# The Chinese reports screen's E: headers by the same rule (the screen shows
# them translated, the file follows export.headers).
printf 'key R\n%s\nkey Enter\nkey E\n%s\ntype %s\nkey Enter\n' "$(printf 'key j\n%.0s' $(seq 2 "$at"))" "$clear" \
	"$TMP/sheet-eng.csv" | ADMINFLOW_CONFIG="$TMP/eng.conf" TERM=xterm-256color LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 \
	tui_dump 80x24 wangwu >/dev/null
is "the Chinese screen's export with export.headers = english: English headers" \
	"$(hdr < "$TMP/sheet-eng.csv")" "tag,name,category,location,holder,booked_status,counted,note"

done_testing
