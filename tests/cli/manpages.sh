#!/bin/sh
# The manual pages: mandoc finds nothing to warn about in any of them, and
# every command `adminflow --help` lists has its entry in adminflow(1), in
# the synopsis and in the text, so a new command cannot ship undocumented.
. "$srcdir/tests/lib.sh"
command -v mandoc >/dev/null 2>&1 || skip_all "mandoc is not installed"

for page in adminflow.1 adminflow.conf.5 adminflow-forms.5; do
	out=$(mandoc -Tlint -W warning "$srcdir/man/$page" 2>&1); s=$?
	is "$page: mandoc -Tlint -W warning is clean" "$s:$out" "0:"
done

MAN=$srcdir/man/adminflow.1
synopsis=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$MAN")
body=$(sed '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/d' "$MAN")
commands=$("$AF_BIN" --help | awk '$1 == "adminflow" { print $2 }' | sort -u)
ok "--help lists commands" test "$(printf '%s\n' "$commands" | wc -l)" -gt 20
for c in $commands; do
	like "$c: in the synopsis" "$synopsis" "^\.Cm ([a-z-]+ \| )*$c( |$)"
	like "$c: described" "$body" "^\.(It )?Cm ([a-z-]+ \| )*$c( |$)"
done
# Every key of the full-screen program's table (what ? shows) is in the
# manual with the same words.
keys=$(sed -n 's/^[[:space:]]*X(.*N_("[^"]*"), *N_("\([^"]*\)")) *\\\{0,1\}$/\1/p' "$srcdir/src/tui/ui.h")
ok "the key table is read from ui.h" test "$(printf '%s\n' "$keys" | wc -l)" -gt 30
printf '%s\n' "$keys" | while IFS= read -r k; do
	case "$k" in up|down|left|right) k="up, down, left, right" ;; esac
	case "$k" in "next tab or field"|"previous tab or field") k="next tab or field, previous tab or field" ;; esac
	case "$k" in "first line"|"last line") k="first line, last line" ;; esac
	grep -qxF -- "$k" "$MAN" || grep -qF -- "$k (" "$MAN" || echo "$k"
done > "$TMP/missing-keys"
is "every key's help is in adminflow(1)" "$(cat "$TMP/missing-keys")" ""
done_testing
