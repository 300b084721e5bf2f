#!/bin/sh
# The vehicle log: the trips that came back, per vehicle and month, by
# driver and by department (trips, km, fuel, tolls, parking, fuel per
# 100 km), as a report and as an export a trip a row; a department head
# reads only their own department's trips.
. "$srcdir/tests/lib.sh"
af_init

# trip VEHICLE APPLICANT TIME KM FUEL TOLLS PARKING DRIVER: submitted, approved, out and back in.
trip() {
	n=$(af --as "$2" submit vehicle vehicle="$1" "time=$3" destination=浦东机场 passengers=2) || return 1
	head=$(sqlite3 "$DB" "SELECT h.login FROM employees e JOIN departments d ON d.id = e.department_id
		JOIN employees h ON h.id = d.head_id WHERE e.login = '$2'")
	af --as "$head" approve "$n" >/dev/null && af --as maqiang approve "$n" >/dev/null &&
	af --as maqiang trip out "$n" --odometer 10000 --driver "$8" &&
	af --as maqiang trip in "$n" --odometer $((10000 + $4)) --fuel "$5" --tolls "$6" --parking "$7"
}
ok "a December trip of V01 for MKT" trip V01 zhangsan '2026-12-10 09:00/12:00' 85 120.50 35 0 hujun
ok "a second one" trip V01 yangfan '2026-12-20 09:00/12:00' 115 79.50 0 20 hujun
ok "a January trip of V01" trip V01 zhangsan '2027-01-04 09:00/12:00' 40 30 0 0 hujun
ok "a V02 trip for TECH" trip V02 duyang '2027-01-05 14:00/16:00' 60 48 10 5 hujun
# A trip under way (out, not back) is not in the log.
n=$(af --as zhangsan submit vehicle vehicle=V02 'time=2027-01-06 09:00/10:00' destination=虹桥 passengers=1)
af --as lisi approve "$n" >/dev/null; af --as maqiang approve "$n" >/dev/null
af --as maqiang trip out "$n" --odometer 20000 >/dev/null

af --as wangwu report vehicle-log --csv | tr -d '\r' > "$TMP/log.csv"
like "V01 in December: two trips, 200 km, fuel, tolls, parking, costs, fuel per 100 km" "$(cat "$TMP/log.csv")" \
	"^V01,沪A12345,2026-12,2,200,200.00,35.00,20.00,255.00,100.00$"
like "V01 in January, its own month" "$(cat "$TMP/log.csv")" "^V01,沪A12345,2027-01,1,40,30.00,0.00,0.00,30.00,75.00$"
like "the total of every vehicle" "$(cat "$TMP/log.csv")" "^合计 total,,,4,300,278.00,45.00,25.00,348.00,$"
like "by driver" "$(cat "$TMP/log.csv")" "^胡军 \(hujun\),4,300,278.00,348.00,92.67$"
like "by department: MKT" "$(cat "$TMP/log.csv")" "^MKT,3,240,230.00,285.00,95.83$"
like "by department: TECH" "$(cat "$TMP/log.csv")" "^TECH,1,60,48.00,63.00,80.00$"
like "a range by the day they set out" "$(af --as wangwu report vehicle-log --from 2027-01-01 --csv | tr -d '\r')" \
	"^合计 total,,,2,100,78.00,10.00,5.00,93.00,$"
log=$(af --as lisi report vehicle-log --csv | tr -d '\r')
like "a department head sees their department's trips" "$log" "^MKT,3,240"
is "and no other department's" "$(printf '%s\n' "$log" | grep -c '^TECH')" 0
status_is "an employee may not read it" 4 af --as zhangsan report vehicle-log

af --as wangwu export trips -o "$TMP/trips.csv"
is "export: a trip a row, the one under way left out" "$(tr -d '\r' < "$TMP/trips.csv" | sed 1d | wc -l | tr -d ' ')" 4
like "export: the header" "$(head -1 "$TMP/trips.csv")" "set_out,vehicle,plate,request,department,driver,odometer_out,odometer_in,km,fuel,tolls,parking"
like "export: a trip with its odometer, km and costs" "$(tr -d '\r' < "$TMP/trips.csv")" \
	"^2027-01-05 14:00:00,V02,沪B36821,YC-[0-9-]+,TECH,hujun,10000,10060,60,48.00,10.00,5.00$"
is "export --from: by the day they set out" "$(af --as wangwu export trips --from 2027-01-01 | tr -d '\r' | sed 1d | wc -l | tr -d ' ')" 2
status_is "export: not for an employee" 4 af --as zhangsan export trips

# ---- service reminders (by odometer and by date), insurance and inspection ----------------
# The demo's vehicles are nowhere near: nothing to say before the trips.
like "the service interval is imported and exported" "$(af --as wangwu export vehicles | tr -d '\r')" \
	"^V02,大众帕萨特,沪B36821,5,maqiang,7500,6,2026-08-15,8000,2027-03-31,2027-08-31$"
printf 'code,name,plate,seats,insurance_expires,service_every_months,last_service_on\nV03,丰田考斯特,沪C50377,23,2026-12-10,12,2026-04-20\nV04,奥迪A6L,沪AD88216,5,2027-10-07,6,2026-06-01\n' > "$TMP/v.csv"
ok "the keeper imports new dates" af --as liuyang import vehicles "$TMP/v.csv"
af remind > "$TMP/remind.out" 2>&1
like "by odometer: V02 is past 15500 km (the trip under way went out at 20000)" "$(cat "$TMP/remind.out")" \
	"^vehicle	V02	大众帕萨特	maqiang	service due at 15500 km, now 20000 km$"
like "by date: V04's six months from June 1st" "$(cat "$TMP/remind.out")" \
	"^vehicle	V04	奥迪A6L	maqiang	service due 2026-12-01 \(every 6 months, last 2026-06-01\)$"
like "insurance expiring within 30 days" "$(cat "$TMP/remind.out")" "^vehicle	V03	丰田考斯特	maqiang	insurance expires 2026-12-10$"
is "V01 and V05 are not due" "$(grep -c '	V0[15]	' "$TMP/remind.out")" 0
is "the fleet keeper's notices" "$(sqlite3 "$DB" "SELECT count(*) FROM notices n JOIN employees e ON e.id = n.employee_id WHERE n.kind = 'vehicle' AND e.login = 'maqiang'")" \
	"$(grep -c '^vehicle	' "$TMP/remind.out")"
is "the notices keep both languages, the printed detail after the name" \
	"$(sqlite3 "$DB" "SELECT n.text FROM notices n JOIN employees e ON e.id = n.employee_id WHERE n.kind = 'vehicle' AND e.login = 'maqiang' ORDER BY n.text")" \
	"车辆提醒 vehicle insurance: 丰田考斯特 (V03) insurance expires 2026-12-10
车辆提醒 vehicle service: 大众帕萨特 (V02) service due at 15500 km, now 20000 km
车辆提醒 vehicle service: 奥迪A6L (V04) service due 2026-12-01 (every 6 months, last 2026-06-01)"
is "said once a day" "$(af remind | grep -c '^vehicle	')" 0
printf 'code,name,plate,seats,last_service_on,last_service_km\nV02,大众帕萨特,沪B36821,5,2026-11-27,20000\n' > "$TMP/s.csv"
af --as liuyang import vehicles "$TMP/s.csv" >/dev/null
is "a service recorded: V02 is no longer due" "$(ADMINFLOW_NOW='2026-11-29 09:00:00' af remind | grep -c '	V02	')" 0

# ---- the manager told when a booking of their vehicle or room is asked for ----------------
is "the vehicle's manager heard of each request when it was submitted" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM notices n JOIN employees e ON e.id = n.employee_id WHERE n.kind = 'booking' AND e.login = 'maqiang'")" 5
m=$(sqlite3 "$DB" "SELECT e.login FROM rooms r JOIN employees e ON e.id = r.manager_id WHERE r.code = 'R301'")
r=$(af --as zhangsan submit room_booking room=R301 'time=2026-12-08 09:00/10:00' subject=周会 attendees=5)
like "the room's manager is told at submission, not at their step" \
	"$(sqlite3 "$DB" "SELECT n.text FROM notices n JOIN employees e ON e.id = n.employee_id WHERE n.kind = 'booking' AND e.login = '$m'")" \
	"^预订申请 booking asked: $r R301 2026-12-08 09:00"
# A vehicle asked for a time it is already taken: refused, and the attempt
# recorded for the conflicts report as the vehicle's, the resource the
# form's effect books (effect_list.h), not a room (issue 15).
status_is "a V02 trip over one already out is a conflict" 5 \
	af --as yangfan submit vehicle vehicle=V02 'time=2027-01-06 09:30/10:30' destination=虹桥 passengers=1
is "the refused attempt is recorded against the vehicle" \
	"$(sqlite3 "$DB" "SELECT object || ' ' || detail FROM audit WHERE action = 'booking_refused' ORDER BY id DESC LIMIT 1")" \
	"vehicle:V02 2027-01-06 09:30:00/2027-01-06 10:30:00"
done_testing
