#!/bin/sh
# References checked at submit, not at the last approval (issue 14): a
# field that names a row of a register -- a licence, an asset tag, a supply
# SKU, a room -- is refused at submit when no row has that name (exit 3,
# naming the field and the nearest existing value), also on a new form that
# only declares the type; a supplies request asking more than is in stock
# goes in with a warning (stderr, exit 0; in the form screen as it is
# typed), and the admin clerk sees the shortfall on their step.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
af_init

# ---- licences: by name or code, a wrong one refused -------------------------
refused "an unknown licence" 3 as wangwu submit licence licence=营业执照X expires=2027-01-01
is "... names the field and the nearest licence" "$(as wangwu submit licence licence=营业执照X expires=2027-01-01 2>&1)" \
	"adminflow: field licence: no licence '营业执照X' (nearest: 营业执照)"
like "... a code near one: the nearest code" "$(as wangwu submit licence licence=LIC0 expires=2027-01-01 2>&1)" \
	"^adminflow: field licence: no licence 'LIC0' \(nearest: LIC01\)$"
n=$(as wangwu submit licence licence=营业执照 expires=2027-01-01); s=$?
is "a licence by its name is taken" "$s $(state_of "$n")" "0 pending"
n=$(as wangwu submit licence licence=LIC02 expires=2027-01-01); s=$?
is "a licence by its code is taken" "$s $(state_of "$n")" "0 pending"
is "the licence form declares the type (adminflow-forms(5))" \
	"$(grep -c 'name = "licence";.*type = "licence"' "$srcdir/forms/licence.conf")" 1

# ---- the other registers: the same rule, with the nearest ---------------------
refused "an unknown asset tag" 3 as zhangsan submit repair asset=FA-2019-OOO2 fault=坏了
like "... names the field and the nearest tag" "$(as zhangsan submit repair asset=FA-2019-OOO2 fault=坏了 2>&1)" \
	"^adminflow: field asset: no asset 'FA-2019-OOO2' \(nearest: FA-2019-000[0-9]\)$"
refused "an unknown SKU" 3 as zhangsan submit supplies lines=SP0001:2 purpose=办公
like "... names the field and the nearest SKU" "$(as zhangsan submit supplies lines=SP0001:2 purpose=办公 2>&1)" \
	"^adminflow: field lines: no supply with SKU 'SP0001' \(nearest: SP00[0-9]\)$"

# A new affair gets the check from its forms/ file alone, with no C.
mkdir -p "$TMP/forms"
cp "$srcdir"/forms/*.conf "$TMP/forms/"
cat > "$TMP/forms/cert_copy.conf" <<'EOF'
form = {
  id = "cert_copy"; title = "证照借阅"; prefix = "JY";
  fields = ( { name = "cert"; label = "证照"; type = "licence"; required = true; },
             { name = "room"; label = "取件地点"; type = "room"; } );
  steps = ( { name = "admin"; title = "行政专员"; approvers = ["role:admin_staff"]; } );
  effects = ["notify"];
};
EOF
CONF=$(forms_conf "$TMP/forms")
like "forms check takes the new type" "$("$AF_BIN" --config "$CONF" --db "$DB" forms check 2>&1)" "forms ok"
refused "a new form's licence field: an unknown licence" 3 \
	"$AF_BIN" --config "$CONF" --db "$DB" --as zhangsan submit cert_copy cert=食品许可证
like "... says so with the nearest" "$("$AF_BIN" --config "$CONF" --db "$DB" --as zhangsan submit cert_copy cert=食品许可证 2>&1)" \
	"^adminflow: field cert: no licence '食品许可证' \(nearest: 食品经营许可证\)$"
like "... and its room field: the nearest room" \
	"$("$AF_BIN" --config "$CONF" --db "$DB" --as zhangsan submit cert_copy cert=LIC08 room=R9999 2>&1)" \
	"^adminflow: field room: no room 'R9999' \(nearest: [^)]+\)$"
n=$("$AF_BIN" --config "$CONF" --db "$DB" --as zhangsan submit cert_copy cert=食品经营许可证); s=$?
is "... a licence that is there is taken" "$s $(state_of "$n")" "0 pending"

# ---- supplies over stock: warned at submit, not refused -------------------------
avail=$(q "SELECT on_hand - reserved FROM supplies WHERE sku = 'SP001'")
more=$((avail + 7))
before=$(q "SELECT count(*) FROM requests")
n=$(as zhangsan submit supplies lines=SP001:$more,SP003:1 purpose=培训 2>"$TMP/warn"); s=$?
is "more than in stock: submitted (exit 0)" "$s $(state_of "$n")" "0 pending"
is "... one request more" "$(q "SELECT count(*) FROM requests")" $((before + 1))
is "... one warning line on stderr naming the supply, asked and available" "$(cat "$TMP/warn")" \
	"adminflow: warning: stock short: A4复印纸 (SP001): $more asked, $avail available; $n is submitted"
ok_n=$(as zhangsan submit supplies lines=SP003:1 purpose=培训 2>"$TMP/warn")
is "within stock: no warning" "$(wc -c < "$TMP/warn")" 0
two=$(as zhangsan submit supplies lines=SP001:$avail,SP001:1 purpose=两行 2>"$TMP/warn")
like "two lines of one SKU are added up" "$(cat "$TMP/warn")" "SP001\): $((avail + 1)) asked, $avail available"

# The admin clerk sees the shortfall on their step, before approving.
as lisi approve "$n" >/dev/null
is "the head approved: the admin clerk's step" "$(pending_of "$n" | tr '\n' ' ')" "huangmin liuyang xulei "
like "the clerk's show says what is short" "$(as liuyang show "$n")" \
	"^stock	stock short: A4复印纸 \(SP001\): $more asked, $avail available$"
is "a request within stock: no stock line" "$(as lisi show "$ok_n" | grep -c '^stock	')" 0
refused "approving it: the stock is short (exit 5)" 5 as liuyang approve "$n"

# ---- the screens: the same warning, in place --------------------------------------
for size in 80x24 60x20; do
	scr=$(printf 'key #\ntype %s\nkey Enter\ndump\n' "$n" | tui_dump $size liuyang)
	like "$size: the clerk sees the shortfall under the state" "$scr" "^ stock +stock short: A4复印纸"
done
drafts="$HOME/.local/state/adminflow/outbox/drafts"
mkdir -p "$drafts"
# Office supplies is the thirteenth affair on the home screen.
down=$(for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do echo 'key j'; done)
for size in 80x24 60x20; do
	printf 'lines\tSP001:%s\npurpose\t培训\n' "$more" > "$drafts/zhangsan-supplies.draft"
	scr=$(printf '%s\nkey Enter\nkey Enter\nkey y\ndump\n' "$down" | tui_dump $size zhangsan)
	like "$size: the form warns before submit" "$scr" "stock short: A4复印纸 \(SP001\): $more asked"
done
printf 'lines\tSP001:1\npurpose\t培训\n' > "$drafts/zhangsan-supplies.draft"
scr=$(printf '%s\nkey Enter\nkey Enter\nkey y\ndump\n' "$down" | tui_dump 80x24 zhangsan)
is "within stock, the form says nothing of it" "$(printf '%s\n' "$scr" | grep -c 'stock short')" 0

# The licence renewal form offers the register's licences to choose from.
for size in 80x24 60x20; do
	rm -f "$drafts"/wangwu-*.draft # the last run's form, kept as a draft
	scr=$(printf 'key j\nkey j\nkey Enter\nkey Enter\ndump\nkey Down\nkey Enter\ndump\n' | tui_dump $size wangwu)
	like "$size: the licence field opens the licences" "$scr" "LIC08 食品经营许可证"
	like "$size: the one chosen is the field's value, by name" "$scr" "^\*Licence +ICP备案$"
done

ok "the audit chain holds" af --as sunhui audit verify
done_testing
