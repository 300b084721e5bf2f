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
done_testing
