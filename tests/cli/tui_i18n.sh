#!/bin/sh
# The screens' translations: po/zh_CN.po translates every message of
# po/adminflow.pot, nothing fuzzy; the template holds exactly the messages
# the sources mark (a new _() string not extracted, or one left behind after
# it went, fails here: run `make update-po`); no Chinese is left in the
# screens' code outside the catalog; and the command line stays English in
# a Chinese locale (scripts read it).
. "$srcdir/tests/lib.sh"
command -v msgfmt >/dev/null 2>&1 || skip_all "msgfmt is not installed (apt-get install gettext)"
POT="$srcdir/po/adminflow.pot"
PO="$srcdir/po/zh_CN.po"

# ---- zh_CN.po: complete ----
stats=$(msgfmt --check --statistics -o "$TMP/zh_CN.mo" "$PO" 2>&1)
_result $? "zh_CN.po compiles with msgfmt --check" "$stats"
like "zh_CN.po: every message translated" "$stats" '^[0-9]+ translated messages\.$'
ok "zh_CN.po translates every message of the template" msgcmp "$PO" "$POT"
like "zh_CN.po declares UTF-8" "$(grep -F 'Content-Type:' "$PO")" 'charset=UTF-8'
ok "the build compiled it for the build tree" test -s "$top_builddir/po/locale/zh_CN/LC_MESSAGES/adminflow.mo"

# ---- the template is current ----
if command -v xgettext >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1; then
	out=$(sh "$srcdir/po/make-pot" "$srcdir" "$TMP/fresh.pot" xgettext 2>&1)
	_result $? "po/make-pot extracts the messages" "$out"
	# Each direction: every message of the second file is in the first.
	ok "every marked message is in po/adminflow.pot (else: make update-po)" \
		msgcmp --use-untranslated "$POT" "$TMP/fresh.pot"
	ok "po/adminflow.pot holds no message the sources dropped (else: make update-po)" \
		msgcmp --use-untranslated "$TMP/fresh.pot" "$POT"
else
	_result 0 "the template is current # SKIP xgettext or msgcmp is not installed"
fi

# ---- no Chinese chrome outside the catalog ----
if command -v python3 >/dev/null 2>&1; then
	left=$(python3 - "$srcdir" <<'EOF'
import re, sys, glob, os
# String literals with CJK in the screens' code and what the screens read
# from views.c: their words belong in po/zh_CN.po (data comes from the
# database and forms/).
root = sys.argv[1]
files = sorted(glob.glob(os.path.join(root, "src/tui/*.[ch]"))) + [os.path.join(root, "src/views.c")]
cjk = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
for path in files:
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    for n, line in enumerate(text.split("\n"), 1):
        for lit in re.findall(r'"(?:[^"\\\n]|\\.)*"', line):
            if cjk.search(lit):
                print("%s:%d: %s" % (os.path.relpath(path, root), n, lit))
EOF
)
	is "no Chinese string literals in src/tui/ and src/views.c" "$left" ""
else
	_result 0 "no Chinese string literals # SKIP python3 is not installed"
fi

# ---- the command line stays English ----
af_init
err=$(LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$AF_BIN" --db "$DB" --as zhangsan show NO-SUCH-1 2>&1 >/dev/null)
is "a command's message in a Chinese locale" "$err" "adminflow: NO-SUCH-1: no such request"
out=$(LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$AF_BIN" --db "$DB" --as wangwu report | sed -n 2p)
is "the list of reports (TSV) in a Chinese locale" "$out" "$(printf 'volume\tvolume by affair, month')"
done_testing
