#!/bin/sh
# Attachments kept in the database: 0 bytes, exactly at the limit, one byte
# over it, binary, a Chinese file name; a directory, a device, an unreadable
# file refused in one line with nothing stored; the type sniffed, the
# SHA-256 kept and in the audit row, one content for two requests; saved
# 0600, never over a file without --force; who may attach and see; the
# sensitive field's masked; audit verify checks the contents.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"

af_init || { echo "Bail out! init --demo failed"; exit 1; }
printf 'attachments = { max_file_kb = 4; max_request_kb = 10; };\n' > "$TMP/af.conf"
export ADMINFLOW_CONFIG="$TMP/af.conf"
stored() { q "SELECT count(*) || ' ' || (SELECT count(*) FROM attachment_blobs) FROM attachments"; }
n=$(as zhangsan submit expense 'lines=travel,100,1' purpose=出差)
m=$(as zhangsan submit expense 'lines=meals,50,1' purpose=午餐)

: > "$TMP/empty.txt"
is "0 bytes: attached as the first" "$(as zhangsan attach "$n" "$TMP/empty.txt")" 1
head -c 4096 /dev/urandom > "$TMP/at-limit.bin"
is "exactly at max_file_kb (4096 bytes): attached" "$(as zhangsan attach "$n" "$TMP/at-limit.bin")" 2
head -c 4097 /dev/urandom > "$TMP/over.bin"
before=$(stored)
err=$(as zhangsan attach "$n" "$TMP/over.bin" 2>&1); s=$?
is "one byte over: refused in one line, exit 3" "$s: $err" \
	"3: adminflow: $TMP/over.bin: 4097 bytes, more than attachments.max_file_kb (4 KiB)"
is "... nothing stored" "$(stored)" "$before"
printf '%%PDF-1.4\n\000\001\002binary\377' > "$TMP/报销单据.pdf"
is "a Chinese file name, binary content: attached" "$(as zhangsan attach "$n" "$TMP/报销单据.pdf")" 3
list=$(as zhangsan attachment "$n")
is "attachment lists them: n, name, bytes, type, sha256" "$(printf '%s\n' "$list" | cut -f1-4)" \
"n	name	bytes	type
1	empty.txt	0	empty (application/x-empty)
2	at-limit.bin	4096	binary data (application/octet-stream)
3	报销单据.pdf	19	PDF document (application/pdf)"
sum=$(sha256sum < "$TMP/报销单据.pdf" | cut -d' ' -f1)
is "the SHA-256 kept is the file's" "$(printf '%s\n' "$list" | awk -F'\t' '$1 == 3 { print $5 }')" "$sum"
like "... and in the audit row" "$(q "SELECT detail FROM audit WHERE action = 'attach' AND object = '$n' ORDER BY id DESC LIMIT 1")" \
	"attachment 3: 报销单据.pdf, 19 bytes, PDF document \\(application/pdf\\), sha256 $sum"

# Saving: the same bytes, 0600, never over a file without --force.
as lisi attachment "$n" 3 -o "$TMP/out.pdf"
ok "the approver saves it: the same bytes" cmp "$TMP/out.pdf" "$TMP/报销单据.pdf"
is "... mode 0600" "$(stat -c %a "$TMP/out.pdf")" 600
as lisi attachment "$n" 1 -o "$TMP/out0.txt"
is "the 0-byte one saves as 0 bytes" "$(wc -c < "$TMP/out0.txt")" 0
echo keep > "$TMP/exists.pdf"
status_is "an existing file is not replaced: conflict" 5 as lisi attachment "$n" 3 -o "$TMP/exists.pdf"
is "... it is as it was" "$(cat "$TMP/exists.pdf")" keep
ok "--force replaces it" as lisi attachment "$n" 3 -o "$TMP/exists.pdf" --force
ok "... with the attachment" cmp "$TMP/exists.pdf" "$TMP/报销单据.pdf"
is "-o - writes it to standard output" "$(as lisi attachment "$n" 3 -o - | sha256sum | cut -d' ' -f1)" "$sum"
status_is "no such attachment: invalid input" 3 as lisi attachment "$n" 9 -o "$TMP/x"

# One content however many requests carry it.
before=$(q "SELECT count(*) FROM attachment_blobs")
ok "the same file on a second request" as zhangsan attach "$m" "$TMP/报销单据.pdf"
is "... stored once" "$(q "SELECT count(*) FROM attachment_blobs")" "$before"

# The per-request limit: 4096 + 19 here; two more 4 KiB files pass 10 KiB.
head -c 4000 /dev/urandom > "$TMP/b1.bin"; head -c 4000 /dev/urandom > "$TMP/b2.bin"
ok "under max_request_kb: attached" as zhangsan attach "$n" "$TMP/b1.bin"
before=$(stored)
err=$(as zhangsan attach "$n" "$TMP/b2.bin" 2>&1); s=$?
like "over max_request_kb: refused, exit 3" "$s: $err" "^3: adminflow: b2.bin: with 4000 more bytes the request's attachments would pass attachments.max_request_kb \\(10 KiB\\)$"
is "... nothing stored" "$(stored)" "$before"

# What cannot be attached: one line naming it, nothing stored.
before=$(stored)
err=$(as zhangsan attach "$n" "$TMP" 2>&1); s=$?
is "a directory: one line, exit 3" "$s: $(printf '%s\n' "$err" | wc -l)" "3: 1"
like "... naming it" "$err" "^adminflow: $TMP: "
err=$(as zhangsan attach "$n" /dev/zero 2>&1); s=$?
like "a device: refused, exit 3" "$s: $err" "^3: adminflow: /dev/zero: "
err=$(as zhangsan attach "$n" /nonexistent/file.pdf 2>&1); s=$?
is "a missing file: refused, exit 3" "$s: $err" "3: adminflow: /nonexistent/file.pdf: cannot read: No such file or directory"
if [ "$(id -u)" != 0 ]; then
	printf x > "$TMP/secret.txt"; chmod 000 "$TMP/secret.txt"
	status_is "an unreadable file: refused" 3 as zhangsan attach "$n" "$TMP/secret.txt"
fi # (as root everything is readable: that case runs for other users)
is "... nothing stored by any of them" "$(stored)" "$before"

# Who: the applicant, an approver it waits for, an admin; others see nothing.
status_is "someone else may not attach" 4 as zhaoliu attach "$n" "$TMP/empty.txt"
status_is "... nor list" 4 as zhaoliu attachment "$n"

# The export of requests counts them; audit verify checks every content.
is "export requests: the attachments counted" \
	"$(as wangwu export requests --no-bom --english | python3 -c '
import csv, sys
r = list(csv.DictReader(sys.stdin))
print(" ".join(x["attachments"] for x in r if x["number"] in sys.argv[1:]))' "$n" "$m")" "4 1"
like "audit verify checks the contents" "$(as wangwu audit verify)" "attachments: 4 contents, each matches its SHA-256"
q "UPDATE attachment_blobs SET content = CAST('changed' AS BLOB), size = 7 WHERE size = 19"
status_is "a content changed behind the program's back: audit verify fails" 1 as wangwu audit verify
like "... and says which" "$(as wangwu audit verify 2>&1)" "attachment content [0-9a-f]{12}\\.\\.\\. does not match its SHA-256"

# An attachment field at submit: the path's file goes into the database with
# the new request, the field keeps the file's name; a path that cannot be
# attached refuses the whole submission, naming the field.
requests() { q "SELECT count(*) FROM requests"; }
printf '%%PDF-1.4\n\000发票' > "$TMP/发票.pdf"
r=$(as zhangsan submit expense 'lines=travel,20' purpose=打车 receipts="$TMP/发票.pdf"); s=$?
is "submit with an attachment field's path: done" "$s" 0
is "... the field keeps the file's name, not the path" "$(as zhangsan show "$r" | grep '^field.receipts')" "field.receipts	发票.pdf"
is "... the file is the request's attachment 1" "$(as lisi attachment "$r" | cut -f1-3 | tail -n +2)" "1	发票.pdf	16"
as lisi attachment "$r" 1 -o "$TMP/got.pdf"
ok "... the approver saves the same bytes" cmp "$TMP/got.pdf" "$TMP/发票.pdf"
like "... its audit row names the field" "$(q "SELECT detail FROM audit WHERE action = 'attach' AND object = '$r'")" \
	"^attachment 1 \\(field receipts\\): 发票.pdf, 16 bytes, PDF document"
before="$(requests) $(stored)"
err=$(as zhangsan submit expense 'lines=travel,20' purpose=打车 receipts=/nonexistent/file.pdf 2>&1); s=$?
is "a missing file at submit: one line naming the field, exit 3" "$s: $err" \
	"3: adminflow: field receipts: /nonexistent/file.pdf: cannot read: No such file or directory"
err=$(as zhangsan submit expense 'lines=travel,20' purpose=打车 receipts="$TMP" 2>&1); s=$?
like "a directory at submit: refused, exit 3" "$s: $err" "^3: adminflow: field receipts: $TMP: cannot attach: a directory$"
err=$(as zhangsan submit expense 'lines=travel,20' purpose=打车 receipts="$TMP/over.bin" 2>&1); s=$?
like "over max_file_kb at submit: refused, exit 3" "$s: $err" "^3: adminflow: field receipts: $TMP/over.bin: 4097 bytes, more than"
is "... no request and nothing stored by any of them" "$(requests) $(stored)" "$before"
is "... nothing left in the outbox" "$(ls "$HOME/.local/share/adminflow/outbox" 2>/dev/null | wc -l)" 0
as lisi return "$r" -m 补票 >/dev/null
err=$(as zhangsan resubmit "$r" receipts="$TMP/b1.bin" 2>&1); s=$?
like "resubmit cannot change an attachment field (attach adds one)" "$s: $err" \
	"^3: adminflow: field receipts: an attachment is not changed at resubmit \\(adminflow attach $r FILE adds one\\)$"

# The request screen lists them (80x24 and 60x20, Chinese names aligned);
# O reads a text one in the pager, saves another (0600, never over a file)
# and opens it with attachments.viewer.
export TERM=xterm-256color
printf '第一行说明\n第二行\n' > "$TMP/情况说明.txt"
as zhangsan attach "$r" "$TMP/情况说明.txt" >/dev/null
mkdir "$TMP/dl"
for size in 80x24 60x20; do
	scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' "$r" | tui_dump $size lisi)
	like "$size: the request screen lists its attachments" "$scr" '^ attachments \(O opens one\)'
	like "$size: the field's file, its size and type" "$scr" '^   1  发票\.pdf      16 B  PDF document \(application/pdf\)$'
	like "$size: the one added later, aligned under it" "$scr" '^   2  情况说明\.txt  26 B  UTF-8 text \(text/plain\)$'
done
scr=$(printf 'key #\ntype %s\nkey Enter\nkey O\nkey j\nkey Enter\ndump\n' "$r" | tui_dump 80x24 lisi)
like "O, the second: a text attachment is read in the pager" "$scr" '^ 第一行说明$'
like "... titled with the number and name" "$scr" "^$r · 情况说明\.txt"
scr=$(cd "$TMP/dl" && printf 'key #\ntype %s\nkey Enter\nkey O\nkey Enter\nkey Enter\ndump\n' "$r" | tui_dump 80x24 lisi)
like "O, the first: saved under its name" "$scr" 'attachment saved to 发票\.pdf'
ok "... the same bytes" cmp "$TMP/dl/发票.pdf" "$TMP/发票.pdf"
is "... mode 0600" "$(stat -c %a "$TMP/dl/发票.pdf")" 600
scr=$(cd "$TMP/dl" && printf 'key #\ntype %s\nkey Enter\nkey O\nkey Enter\nkey Enter\ndump\n' "$r" | tui_dump 80x24 lisi)
like "... a second time: the file there is kept" "$scr" '发票\.pdf exists: choose another name'
printf 'attachments = { max_file_kb = 4; max_request_kb = 10; viewer = "cp \\"$ATTACHMENT\\" %s/viewed"; };\n' \
	"$TMP" > "$TMP/af.conf"
scr=$(cd "$TMP/dl" && printf 'key #\ntype %s\nkey Enter\nkey O\nkey Enter\nkey Backspace\nkey Backspace\nkey Backspace\ntype txt\nkey Enter\ndump\n' "$r" | tui_dump 60x20 lisi)
like "with attachments.viewer: saved and opened with it" "$scr" 'saved to 发票\.txt and opened'
ok "... the viewer was given the saved file" cmp "$TMP/viewed" "$TMP/发票.pdf"

done_testing
