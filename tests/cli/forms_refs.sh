#!/bin/sh
# forms check and the names a form gives people, roles and departments:
# checked against the database a configuration names (FILE:LINE, with the
# nearest name that exists); without a database the check still runs and
# says that those names were not checked.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"

# ---- no database at all ----------------------------------------------------------
out=$("$AF_BIN" forms check "$FORMS" 2>"$TMP/err"); s=$?
is "no database: forms check DIR exits 0" "$s" 0
like "no database: the forms are checked" "$out" "^[0-9]+ forms ok$"
like "no database: says the names were not checked, and why" "$(cat "$TMP/err")" \
	"^adminflow: forms check: the logins, roles and departments the forms name were not checked \(no database configured\)$"
out=$("$AF_BIN" --db "$TMP/none.db" forms check "$FORMS" 2>"$TMP/err"); s=$?
is "a database that is not there: exit 0" "$s" 0
like "a database that is not there: says why the names were not checked" "$(cat "$TMP/err")" "not checked \(.*none.db"
is "a database that is not there: not created" "$(ls "$TMP/none.db" 2>/dev/null)" ""

af_init
ok "the shipped forms name only people, roles and departments of the demo company" af forms check "$FORMS"
is "with a database: nothing said about names not checked" "$(af forms check "$FORMS" 2>&1 >/dev/null)" ""

# ---- a misspelt login, department; a role nobody holds -----------------------------
mkdir -p "$TMP/f"
cat > "$TMP/f/t.conf" <<'EOF2'
form = {
  id = "t"; title = "测试"; prefix = "TT";
  fields = ( { name = "what"; label = "事项"; type = "text"; required = true; } );
  steps = (
    { name = "one"; title = "一"; approvers = ["role:finance",
                                                 "user:chengliu"]; },
    { name = "two"; title = "二"; approvers = ["dept_head"]; when = "applicant.department == \"财物部\""; },
    { name = "three"; title = "三"; approvers = ["role:auditor"]; cc = ["user:wangwu"]; }
  );
  effects = ["notify"];
};
EOF2
out=$(af forms check "$TMP/f" 2>&1); s=$?
is "a misspelt login: exit 3" "$s" 3
like "a misspelt login: FILE:LINE and the nearest login" "$out" "t.conf:6: login 'chengliu' is not in the database \(nearest: chengli\)"
like "a misspelt department in a condition: FILE:LINE and the nearest" "$out" "t.conf:7: department '财物部' is not in the database \(nearest: 财务部\)"
is "the login that exists is not reported" "$(printf '%s\n' "$out" | grep -c wangwu)" 0
q "DELETE FROM employee_roles WHERE role = 'auditor'"
sed -i 's/user:chengliu/user:chengli/; s/财物部/财务部/' "$TMP/f/t.conf"
out=$(af forms check "$TMP/f" 2>&1); s=$?
is "a role nobody holds is a warning: exit 0" "$s" 0
like "a role nobody holds: FILE:LINE, said" "$out" "t.conf:8: warning: role 'auditor': nobody holds it"
like "a role nobody holds: ok with warnings" "$out" "^1 forms ok, with warnings$"
done_testing
