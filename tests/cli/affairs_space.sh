#!/bin/sh
# The office space register: who has which desk since when and by which
# request, free spaces by floor; a clash refused when the request is
# submitted; release and move by request or by the keeper, audited; and
# many people taking the last desk at once.
. "$srcdir/tests/lib.sh"
af_init

dump() { sqlite3 "$DB" "SELECT * FROM space_allocations; SELECT * FROM requests; SELECT count(*) FROM audit WHERE action LIKE 'space%'" | sha256sum; }
state() { af show "$1" | awk -F'\t' '$1=="state"{print $2}'; }

# ---- a request holds its desk from submission ----------------------------------
k1=$(af --as zhangsan submit space space=D3-01 assignee=zhangsan start=2026-12-01 reason=新工位)
is "submitted" "$?" 0
like "the register shows it held by the request" "$(af --as yangfan space list --floor 3F | grep '	D3-01	')" \
	"^3F	D3-01	3楼开放工位01	desk	张三	zhangsan	2026-12-01		$k1	held$"
refused_why "the same desk for overlapping dates is refused at submission" 5 \
	"space D3-01: already allocated to 张三 from 2026-12-01 \($k1\)" \
	af --as yangfan submit space space=D3-01 assignee=yangfan start=2026-12-15 reason=调整
ok "a desk free in those dates is fine" af --as yangfan submit space space=D3-02 assignee=yangfan start=2026-12-01 end=2026-12-31 reason=临时
k3=$(af --as pengli submit space space=D3-02 assignee=pengli start=2027-01-01 reason=接续)
is "the same desk after the first ends is fine" "$?" 0
approve_all "$k1"
is "approved to the end" "$(state "$k1")" done
like "the register shows it allocated, since when, by which request" "$(af --as yangfan space list --date 2026-12-02 | grep '	D3-01	')" \
	"^3F	D3-01	3楼开放工位01	desk	张三	zhangsan	2026-12-01		$k1	allocated$"

# ---- free spaces by floor --------------------------------------------------------
free3=$(af --as yangfan space free --floor 3F --date 2026-12-02 | cut -f2 | tr '\n' ' ')
is "the free spaces of the 3rd floor on a day" "$free3" "code A301 D3-03 D3-04 D3-05 D3-06 D3-07 D3-08 O301 "
like "every floor, by floor" "$(af --as yangfan space free --date 2026-12-02 | cut -f1 | uniq | tr '\n' ' ')" "^floor 1F 2F 3F 4F 5F 6F $"

# ---- a withdrawn or rejected request lets its desk go ---------------------------------
ok "withdraw the pending request" af --as pengli withdraw "$k3"
is "its hold is cancelled (kept, as history)" "$(sqlite3 "$DB" "SELECT state FROM space_allocations WHERE request_id = (SELECT id FROM requests WHERE number = '$k3')")" cancelled
ok "the desk can be asked for again" af --as caolei submit space space=D3-02 assignee=caolei start=2027-01-01 reason=接续

# ---- a move by request ------------------------------------------------------------
refused_why "a move from a desk the person does not have is refused" 3 "field previous: D3-05 is not zhangsan's" \
	af --as zhangsan submit space space=D3-06 assignee=zhangsan start=2026-12-10 previous=D3-05 reason=换
m=$(af --as zhangsan submit space space=D3-06 assignee=zhangsan start=2026-12-10 previous=D3-01 reason=靠窗)
approve_all "$m"
is "after the move the old desk ended the day before" "$(sqlite3 "$DB" "SELECT ends_on FROM space_allocations WHERE request_id = (SELECT id FROM requests WHERE number = '$k1')")" 2026-12-09
like "and the new one is his" "$(af --as yangfan space list --date 2026-12-10 | grep '	D3-06	')" "张三	zhangsan	2026-12-10		$m	allocated$"
like "the old desk is free from the move on" "$(af --as yangfan space free --date 2026-12-10 | cut -f2 | tr '\n' ' ')" " D3-01 "

# ---- the keeper releases and moves, audited -----------------------------------------
refused_why "an employee may not release a desk" 4 "manage_resources" af --as zhangsan space release D3-06 --reason x
refused_why "no reason, no release" 2 "--reason TEXT is required" af --as liuyang space release D3-06 --date 2026-12-20
ok "the keeper moves him to an office" af --as liuyang space move D3-06 O301 --date 2026-12-15 --reason 升职
is "the move is audited with who, from, to, when and why" \
	"$(sqlite3 "$DB" "SELECT object, detail FROM audit WHERE action = 'space_move'")" \
	"D3-06|zhangsan: D3-06 -> O301 from 2026-12-15: 升职"
like "the register shows the office, by the keeper" "$(af --as yangfan space list --date 2026-12-15 | grep '	O301	')" \
	"张三	zhangsan	2026-12-15			allocated$"
refused_why "a move into a taken space exits 5" 5 "space D3-02: already allocated to 杨帆" \
	af --as liuyang space move O301 D3-02 --date 2026-12-20 --reason x
ok "the keeper releases the office" af --as liuyang space release O301 --date 2026-12-31 --reason 离职
is "its last day is kept" "$(sqlite3 "$DB" "SELECT ends_on FROM space_allocations a JOIN spaces s ON s.id = a.space_id WHERE s.code = 'O301'")" 2026-12-31
is "the release is audited" "$(sqlite3 "$DB" "SELECT detail FROM audit WHERE action = 'space_release'")" "zhangsan: last day 2026-12-31: 离职"
refused_why "releasing a space nobody has exits 5" 5 "space D3-08: nobody has it on" af --as liuyang space release D3-08 --reason x

# ---- giving a desk back by request ------------------------------------------------------
k5=$(af --as yangfan submit space space=D3-07 assignee=yangfan start=2026-12-01 reason=新)
approve_all "$k5"
refused_why "only one's own desk can be given back" 5 "space D3-07: not yours on 2026-12-20" \
	af --as zhangsan submit space_release space=D3-07 last_day=2026-12-20 reason=不用
r=$(af --as yangfan submit space_release space=D3-07 last_day=2026-12-20 reason=出差半年)
approve_all "$r"
is "given back: its last day is the one asked for" "$(sqlite3 "$DB" "SELECT ends_on FROM space_allocations WHERE request_id = (SELECT id FROM requests WHERE number = '$k5')")" 2026-12-20

# ---- race: twelve people, the last desk ---------------------------------------------------
sqlite3 "$DB" "INSERT INTO space_allocations(space_id, department_id, starts_on, state) SELECT id, (SELECT id FROM departments WHERE code = 'TECH'), '2026-01-01', 'confirmed' FROM spaces WHERE floor = '4F' AND code <> 'D4-04'"
is "one desk left on the 4th floor" "$(af --as yangfan space free --floor 4F --date 2026-12-01 | tail -n +2 | cut -f2)" D4-04
i=0
for who in zhangsan yangfan zhuting xieyu tangjie fengxue caolei pengli luxiao jiangtao caiyun panhong; do
	i=$((i + 1))
	( af --as "$who" submit space space=D4-04 assignee="$who" start=2026-12-01 reason=抢工位 >/dev/null 2>"$TMP/race.$i.err"; echo $? > "$TMP/race.$i.rc" ) &
done
wait
is "twelve people, one desk: exactly one request goes in" "$(cat "$TMP"/race.*.rc | grep -c '^0$')" 1
is "the other eleven are told at once (exit 5)" "$(cat "$TMP"/race.*.rc | grep -c '^5$')" 11
is "one hold on the desk" "$(sqlite3 "$DB" "SELECT count(*) FROM space_allocations a JOIN spaces s ON s.id = a.space_id WHERE s.code = 'D4-04' AND a.state <> 'cancelled'")" 1
is "no request left without its hold" "$(sqlite3 "$DB" "SELECT count(*) FROM requests r WHERE form = 'space' AND r.state = 'pending' AND NOT EXISTS (SELECT 1 FROM space_allocations a WHERE a.request_id = r.id AND a.state = 'held')")" 0
out=$(sqlite3 "$DB" "INSERT INTO space_allocations(space_id, employee_id, starts_on) SELECT id, 1, '2026-12-05' FROM spaces WHERE code = 'D4-04'" 2>&1)
like "the schema refuses an overlap written by hand" "$out" "conflict: the space is already allocated"
is "integrity" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
done_testing
