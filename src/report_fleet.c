/* The vehicle log: the trips that came back (odometer in recorded), per
 * vehicle and month, by driver and by the applicant's department: trips,
 * km driven, fuel, tolls, parking, their total and fuel per 100 km (a
 * cost: the trip records money, not litres). */
#include "autoconf.h"
#include <stdlib.h>
#include "i18n.h"
#include "report_int.h"
#include "util.h"

/* One trip a row, within the reader's departments and the range (by when
 * it set out); the month on the company's clock. */
#define TRIPS \
	"WITH t AS (SELECT v.code AS code, v.plate AS plate, strftime('%Y-%m', b.starts_at, 'localtime') AS month," \
	" coalesce(dr.name || ' (' || dr.login || ')', '') AS driver, coalesce(d.code, '') AS dept," \
	" b.odometer_in - b.odometer_out AS km, coalesce(c.fuel_cents, 0) AS fuel," \
	" coalesce(c.tolls_cents, 0) AS tolls, coalesce(c.parking_cents, 0) AS parking" \
	" FROM bookings b JOIN vehicles v ON v.id = b.resource_id" \
	" LEFT JOIN trip_costs c ON c.booking_id = b.id LEFT JOIN employees dr ON dr.id = b.driver_id" \
	" LEFT JOIN requests r ON r.id = b.request_id LEFT JOIN employees e ON e.id = r.applicant_id" \
	" LEFT JOIN departments d ON d.id = e.department_id" \
	" WHERE +b.resource = 'vehicle' AND b.state = 'confirmed' AND b.odometer_in IS NOT NULL" \
	" AND " IN_RANGE("b.starts_at") " AND " IN_DEPT("e.department_id") ")"
/* The trips read window by window of when they set out (report_gather),
 * then the three tables from what was gathered, as from one read. */
#define TRIP_BOUNDS "SELECT (SELECT min(starts_at) FROM bookings), (SELECT max(starts_at) FROM bookings)"
#define GATHERED \
	"WITH t AS (SELECT " ROW(0) " AS code, " ROW(1) " AS plate, " ROW(2) " AS month, " ROW(3) " AS driver," \
	" " ROW(4) " AS dept, " ROW(5) " AS km, " ROW(6) " AS fuel, " ROW(7) " AS tolls, " ROW(8) " AS parking" \
	" FROM json_each(:rows))"
/* fuel per 100 km = fuel / km * 100, in the currency: cents / km */
#define PER100 "CASE WHEN sum(km) > 0 THEN printf('%.2f', sum(fuel) * 1.0 / sum(km)) ELSE '' END"
/* The trips grouped by one of t's columns ('-' for none), the most driven first. */
#define BY(col) GATHERED " SELECT CASE " col " WHEN '' THEN '-' ELSE " col " END, count(*), sum(km), sum(fuel)," \
	" sum(fuel + tolls + parking), " PER100 " FROM t GROUP BY " col " ORDER BY sum(km) DESC, " col

/* The three tables, from the trips gathered in :rows. */
static af_status vehicle_tables(const struct report_scope *sc, report *r, const char *gcols)
{
	static const struct {
		const char *title, *cols, *sql;
	} by[] = {
		{ N_("by driver"), "driver #trips #km #fuel #costs #fuel_per_100km", BY("driver") },
		{ N_("by department"), "department #trips #km #fuel #costs #fuel_per_100km", BY("dept") },
	};
	af_status st;

	st = report_fill_total(report_add_table(r, NULL, "vehicle plate month #trips #km #fuel #tolls #parking"
						" #costs #fuel_per_100km"),
			       sc, GATHERED " SELECT code, plate, month, count(*), sum(km), sum(fuel), sum(tolls), sum(parking),"
			       " sum(fuel + tolls + parking), " PER100 " FROM t GROUP BY code, month ORDER BY code, month",
			       "tttiimmmmt");
	if (st != AF_OK)
		return st;
	for (size_t i = 0; i < sizeof by / sizeof *by; i++)
		if ((st = report_fill(report_add_table(r, by[i].title, by[i].cols), sc, by[i].sql, gcols, NULL)) != AF_OK)
			return st;
	return AF_OK;
}

af_status rep_vehicle_log(const struct report_scope *sc, report *r)
{
	static const char gcols[] = "tiimmt";
	struct report_scope all = *sc;
	char *rows;
	af_status st;

	st = report_gather(sc, TRIP_BOUNDS, TRIPS " SELECT json_group_array(json_array(code, plate, month, driver, dept,"
			   " km, fuel, tolls, parking)) FROM t", &rows);
	all.rows = rows;
	if (st == AF_OK)
		st = vehicle_tables(&all, r, gcols);
	free(rows);
	if (st != AF_OK)
		return st;
	report_note(r, "trips that came back (trip in recorded), by the day they set out; costs = fuel + tolls + parking;"
		    " fuel_per_100km is the fuel paid per 100 km");
	return AF_OK;
}
