#!/bin/sh
# An attachment opened with the configured viewer, in the real program in
# tmux (issue 17), at 80x24 and at 60x20 (Chinese screens where the
# zh_CN.UTF-8 locale is installed), the file named in Chinese: O saves it
# where the approver says and runs attachments.viewer on the terminal. The
# stand-in viewer records what it was given (ATTACHMENT, ATTACHMENT_TYPE
# for mailcap, a terminal on stdin and stdout), scribbles over the screen
# and waits for a key as less does; when it ends, the request screen comes
# back as it was.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_tmux.sh"

cat > "$TMP/viewer.sh" <<EOS
n=\$(ls "$TMP" | grep -c '^viewed\\.[0-9]*\$')
tty=no; [ -t 0 ] && [ -t 1 ] && tty=yes
printf 'file=%s\ntype=%s\nterminal=%s\n' "\$ATTACHMENT" "\$ATTACHMENT_TYPE" "\$tty" > "$TMP/viewed.\$n"
cp "\$ATTACHMENT" "$TMP/copy.\$n"
printf '\033[2J\033[HVIEWER SCRIBBLE 查看器 %s\n' "\$n"
read key
printf 'key=%s\n' "\$key" >> "$TMP/viewed.\$n"
EOS
printf 'attachments = { viewer = "sh %s"; };\n' "$TMP/viewer.sh" >> "$CONF"
printf '%%PDF-1.4\n%%\342\343\317\323\n' > "$TMP/发票.pdf"
r=$("$AF_BIN" --config "$CONF" --as zhangsan submit expense 'lines=travel,20' purpose=打车 receipts="$TMP/发票.pdf")
like "a request with a PDF attachment named in Chinese" "$r" '^BX-'
mkdir "$TMP/dl"

n=0
for size in 80x24 60x20; do
	env=
	[ $size = 60x20 ] && locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && env="LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8"
	s=s$n
	start $s lisi ${size%x*} ${size#*x} "$env"
	expect "$size: home" $s '^ adminflow │'
	keys $s '#'
	text $s "$r"
	keys $s Enter
	expect "$size: the request screen lists the attachment" $s '发票\.pdf'
	before=$screen
	keys $s O
	expect "$size: O asks where to save it, its name offered" $s '发票\.pdf$'
	keys $s C-u
	text $s "$TMP/dl/$n-发票.pdf"
	keys $s Enter
	expect "$size: the viewer has the terminal" $s "^VIEWER SCRIBBLE 查看器 $n"
	text $s q
	keys $s Enter
	expect "$size: back, saying it was saved and opened" $s '(saved to|已保存为) .*(opened with|并用)'
	is "$size: the screen is whole again, as before (but the status line)" \
		"$(printf '%s\n' "$screen" | sed '$d')" "$(printf '%s\n' "$before" | sed '$d')"
	printf '%s\n' "$screen" | grep -q 'SCRIBBLE'; [ $? != 0 ]
	_result $? "$size: nothing of the viewer's left on the screen" "$screen"
	is "$size: the viewer was given the saved file and its type, on a terminal, and read its key" \
		"$(cat "$TMP/viewed.$n")" "$(printf 'file=%s\ntype=application/pdf\nterminal=yes\nkey=q' "$TMP/dl/$n-发票.pdf")"
	ok "$size: ... the same bytes as attached" cmp "$TMP/copy.$n" "$TMP/发票.pdf"
	is "$size: ... saved 0600" "$(stat -c %a "$TMP/dl/$n-发票.pdf")" 600
	keys $s q q q
	expect_exit "$size: quits cleanly" $s 0
	n=$((n + 1))
done

done_testing
