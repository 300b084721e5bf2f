#!/bin/sh
# The manual pages: mandoc finds nothing to warn about in any of them, and
# every command `adminflow --help` lists has its entry in adminflow(1), in
# the synopsis and in the text, so a new command cannot ship undocumented.
# The other way round too: every command and option of adminflow(1)'s
# SYNOPSIS and COMMANDS is in --help, and each option of --help is in the
# SYNOPSIS, with the same command, so neither list drifts from the other.
. "$srcdir/tests/lib.sh"
command -v mandoc >/dev/null 2>&1 || skip_all "mandoc is not installed"

for page in adminflow.1 adminflow.conf.5 adminflow-forms.5; do
	out=$(mandoc -Tlint -W warning "$srcdir/man/$page" 2>&1); s=$?
	is "$page: mandoc -Tlint -W warning is clean" "$s:$out" "0:"
done

MAN=$srcdir/man/adminflow.1
synopsis=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$MAN")
body=$(sed '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/d' "$MAN")
commands=$("$AF_BIN" --help | awk '$1 == "adminflow" && $2 !~ /^-/ { print $2 }' | sort -u)
ok "--help lists commands" test "$(printf '%s\n' "$commands" | wc -l)" -gt 20
for c in $commands; do
	like "$c: in the synopsis" "$synopsis" "^\.Cm ([a-z-]+ \| )*$c( |$)"
	like "$c: described" "$body" "^\.(It )?Cm ([a-z-]+ \| )*$c( |$)"
done
# man_options: adminflow(1) as lines "SECTION COMMAND OPTION" (OPTION "."
# for the command alone; COMMAND "-" for the program's own options), for
# each synopsis block and each top-level item of COMMANDS.
man_options() {
	awk '
function flush(   n, c, i, o) {
	n = split(cur, c, " ")
	for (i = 1; i <= n; i++) { print sec, c[i], "."; for (o in opts) print sec, c[i], o }
	delete opts; cur = ""
}
# words: the first .Cm names the command (.Cm withdraw | urge two of them,
# .Cm stock issue | receive one); every argument of an Fl is an option.
function words(line,   n, w, i, infl) {
	n = split(line, w, /[ \t]+/)
	infl = 0
	for (i = 1; i <= n; i++) {
		if (w[i] ~ /^\./) w[i] = substr(w[i], 2)
		if (w[i] == "Fl") { infl = 1; if (i == n) opts["-"] = 1; continue }
		if (w[i] ~ /^[A-Z][a-z]$/) {
			if (w[i] == "Cm" && cur == "" && i < n) {
				cur = w[++i]
				while (i + 2 <= n && w[i+1] == "|") { cur = cur " " w[i+2]; i += 2 }
			}
			infl = 0; continue
		}
		if (infl && w[i] ~ /^-?[a-z]/) opts["-" w[i]] = 1
	}
}
/^\.Sh / { flush(); sec = ""; if ($2 == "SYNOPSIS") sec = "synopsis"; if ($2 == "COMMANDS") { sec = "commands"; depth = 0 }; next }
sec == "synopsis" && /^\.Nm$/ { flush(); first = 1; next }
sec == "synopsis" && first { if ($0 !~ /^\.Cm /) cur = "-"; first = 0 }
sec == "synopsis" { words($0); next }
sec == "commands" && /^\.Bl/ { depth++; next }
sec == "commands" && /^\.El/ { depth--; next }
sec == "commands" && depth == 1 && /^\.It / { flush(); xo = ($2 == "Xo"); words($0); next }
sec == "commands" && xo { if (/^\.Xc/) xo = 0; else words($0); next }
END { flush() }' "$MAN" | sort -u
}
# help_options: `adminflow --help` as lines "COMMAND OPTION", as above.
help_options() {
	"$AF_BIN" --help | awk '
$1 == "usage:" { $1 = ""; $2 = ""; cmd = "-" }
$1 == "adminflow" { cmd = $2; if (cmd ~ /^-/) cmd = "-"; else $2 = ""; $1 = "" }
cmd != "" {
	print cmd, "."
	line = " " $0
	while (match(line, /[][ |(]--?[a-z][a-z-]*/)) {
		print cmd, substr(line, RSTART + 1, RLENGTH - 1)
		line = substr(line, RSTART + RLENGTH)
	}
	cmd = ""
}' | sort -u
}
man_options > "$TMP/man-options"
help_options > "$TMP/help-options"
sed -n 's/^synopsis //p' "$TMP/man-options" > "$TMP/synopsis-options"
sed -n 's/^commands //p' "$TMP/man-options" > "$TMP/commands-options"
ok "options are read from the synopsis" test "$(grep -c -- ' -' "$TMP/synopsis-options")" -gt 60
ok "options are read from COMMANDS" test "$(grep -c -- ' -' "$TMP/commands-options")" -gt 30
ok "options are read from --help" test "$(grep -c -- ' -' "$TMP/help-options")" -gt 60
is "every option of --help is in the synopsis, with its command" \
	"$(comm -23 "$TMP/help-options" "$TMP/synopsis-options")" ""
is "every command and option of the synopsis is in --help" \
	"$(comm -13 "$TMP/help-options" "$TMP/synopsis-options")" ""
is "every command and option of COMMANDS is in --help" \
	"$(comm -13 "$TMP/help-options" "$TMP/commands-options")" ""

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
