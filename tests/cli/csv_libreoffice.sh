#!/bin/sh
# A spreadsheet round trip with a real one: LibreOffice (headless) opens the
# Chinese export (BOM, Chinese headers, a label column) as a spreadsheet,
# saves it as xlsx, then as CSV again, and that file imports back with
# nothing changed; saved as GB18030 it imports too. Skipped where
# LibreOffice is not installed (tools/bootstrap check installs it).
. "$srcdir/tests/lib.sh"

command -v soffice >/dev/null 2>&1 || skip_all "LibreOffice (soffice) is not installed"
locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$' || skip_all "no zh_CN.UTF-8 locale"
af_init || { echo "Bail out! init --demo failed"; exit 1; }
ZH="env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8"
dump() { sqlite3 "$DB" "SELECT * FROM assets; SELECT * FROM suppliers" | sha256sum; }
# lo FILTER OUTDIR FILE: one LibreOffice conversion, in its own profile; a
# CSV is read as UTF-8 (filter 76), comma-separated, quoted with ".
lo() { HOME="$TMP/lo" soffice --headless --norestore --infilter="CSV:44,34,76,1" \
	--convert-to "$1" --outdir "$2" "$3" >/dev/null 2>&1; }
mkdir -p "$TMP/lo" "$TMP/x" "$TMP/back" "$TMP/gb"

$ZH "$AF_BIN" --db "$DB" --as wangwu export assets -o "$TMP/assets.csv"
ok "LibreOffice reads the export (UTF-8, BOM, Chinese headers) into xlsx" \
	lo xlsx "$TMP/x" "$TMP/assets.csv"
ok "... and saves the xlsx as CSV again" lo 'csv:Text - txt - csv (StarCalc):44,34,76,1' "$TMP/back" "$TMP/x/assets.xlsx"
is "... the headers survive" "$(head -1 "$TMP/back/assets.csv" | tr -d '\r"' | sed 's/^\xef\xbb\xbf//')" "标签,名称,类别,状态,状态说明,保管人,位置,购置日期,原值,使用月数,残值,启用日期,累计折旧,账面价值"
before=$(dump)
out=$(af --as wangwu import assets "$TMP/back/assets.csv" 2>&1); s=$?
is "the CSV LibreOffice saved imports back" "$s: $out" "0: "
is "... with nothing changed" "$(dump)" "$before"
# Saved as Excel on Chinese Windows saves: GB18030 (LibreOffice's text encoding 85 is GB18030).
ok "saved as GB18030 CSV" lo 'csv:Text - txt - csv (StarCalc):44,34,85,1' "$TMP/gb" "$TMP/x/assets.xlsx"
ok "... which is not UTF-8" sh -c '! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1' - "$TMP/gb/assets.csv"
out=$(af --as wangwu import assets "$TMP/gb/assets.csv" 2>&1); s=$?
like "... imports, read as GB18030" "$s: $out" "^0: adminflow: .*assets.csv: read as GB18030"
is "... with nothing changed" "$(dump)" "$before"

done_testing
