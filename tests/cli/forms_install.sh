#!/bin/sh
# New affairs without a rebuild: the program installed (make install into a
# staging folder), its forms copied to a folder of the test's own, and the
# express form added to that folder while the database is in use; it works
# at once, end to end, with the installed binary. Then an affair nobody
# shipped (umbrella loans), written by the test. No C source names either.
. "$srcdir/tests/lib.sh"

# -o: install what is built, never relink it while other tests run it.
out=$(cd "$top_builddir" && make -s -o all -o src/adminflow install DESTDIR="$TMP/inst" 2>&1); s=$?
is "make install into a staging folder: exit 0" "$s: $(printf '%s' "$out" | grep -i error)" "0: "
BIN=$(find "$TMP/inst" -path '*/bin/adminflow' -type f | head -1)
SHARED=$(find "$TMP/inst" -type d -path '*/share/adminflow/forms' | head -1)
ok "the installed program" test -x "$BIN"
ok "the installed forms" test -f "$SHARED/express.conf"
ok "the installed manual" test -f "$(dirname "$(dirname "$SHARED")")/man/man5/adminflow-forms.5"

# Every shipped affair but express, in a folder the test owns.
mkdir "$TMP/forms"
for f in "$SHARED"/*.conf; do
	[ "$(basename "$f")" = express.conf ] || cp "$f" "$TMP/forms/"
done
printf 'database = "%s";\nforms_dir = "%s";\ndata_dir = "%s";\n' "$DB" "$TMP/forms" "$srcdir/data" > "$TMP/af.conf"
iaf() { "$BIN" --config "$TMP/af.conf" "$@"; }
ok "init --demo with the installed program" iaf init --demo
status_is "before the file is there, express is no affair" 3 iaf --as zhangsan submit express recipient=王 phone=1 address=北京 weight=1
like "... and says so" "$(iaf --as zhangsan submit express recipient=王 phone=1 address=北京 weight=1 2>&1)" "express"

cp "$SHARED/express.conf" "$TMP/forms/"
like "forms lists it once the file is there" "$(iaf forms)" "^express	"
n=$(iaf --as zhangsan submit express recipient=王五 phone=13800000000 address='北京市朝阳区, "望京"' weight=500)
like "submitted with the installed program" "$n" "^KD-[0-9]{8}-[0-9]{4}$"
asked=$(sqlite3 "$DB" "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r ON r.id = t.request_id
	WHERE r.number = '$n' AND t.state = 'pending' ORDER BY e.login LIMIT 1")
ok "the front desk is asked ($asked)" test -n "$asked"
ok "and approves" iaf --as "$asked" approve "$n"
is "done" "$(iaf show "$n" | awk -F'\t' '$1 == "state" { print $2 }')" done

# An affair nobody shipped: umbrella loans, approved by the admin staff.
cat > "$TMP/forms/umbrella.conf" <<'EOF'
form = {
  id = "umbrella";
  title = "雨伞借用";
  title_en = "Umbrella loan";
  prefix = "YS";
  summary = "reason";
  fields = (
    { name = "count"; label = "把数"; label_en = "Umbrellas"; type = "integer"; required = true; min = 1; max = 3; },
    { name = "back_on"; label = "归还日期"; label_en = "Back on"; type = "date"; required = true; },
    { name = "reason"; label = "事由"; label_en = "Reason"; type = "text"; max_length = 50; }
  );
  steps = (
    { name = "desk"; title = "前台发放"; title_en = "Front desk"; approvers = ["role:admin_staff"]; mode = "any"; time_limit = 4; }
  );
};
EOF
ok "forms check accepts it" iaf forms check "$TMP/forms"
status_is "its own rules hold: four umbrellas are too many" 3 iaf --as lisi submit umbrella count=4 back_on=2026-12-01 reason=下雨
u=$(iaf --as lisi submit umbrella count=2 back_on=2026-12-01 reason=下雨)
like "an umbrella loan submitted" "$u" "^YS-[0-9]{8}-[0-9]{4}$"
ok "the admin staff hand them out" iaf --as liuyang approve "$u"
like "its timeline names the step" "$(iaf show "$u")" "前台发放"

# The proof that nothing was compiled in for them.
is "no C source names either affair" "$(grep -rlw -e express -e umbrella "$srcdir/src" --include='*.[ch]' | tr '\n' ' ')" ""
done_testing
