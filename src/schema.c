#include "autoconf.h"
#include <sqlite3.h>
#include <stdio.h>
#include "db.h"
#include "schema.h"

/* Dates are checked by SQLite itself: date(x) IS x holds only for a real
 * calendar date written as YYYY-MM-DD. */
#define IS_DATE(col) "(date(" col ", '+0 days') IS " col ")"
#define IS_TIME(col) "(datetime(" col ", '+0 days') IS " col ")"

static const char schema_v1[] =
"CREATE TABLE departments("
"  id INTEGER PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE CHECK(length(code) BETWEEN 1 AND 32),"
"  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 100),"
"  parent_id INTEGER REFERENCES departments(id),"
"  head_id INTEGER REFERENCES employees(id) DEFERRABLE INITIALLY DEFERRED,"
"  CHECK(parent_id IS NULL OR parent_id <> id));"
"CREATE TABLE employees("
"  id INTEGER PRIMARY KEY,"
"  login TEXT NOT NULL UNIQUE CHECK(length(login) BETWEEN 1 AND 64),"
"  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 100),"
"  department_id INTEGER NOT NULL REFERENCES departments(id),"
"  title TEXT NOT NULL DEFAULT '',"
"  email TEXT NOT NULL DEFAULT '',"
"  phone TEXT NOT NULL DEFAULT '',"
"  id_number TEXT NOT NULL DEFAULT '',"
"  active INTEGER NOT NULL DEFAULT 1 CHECK(active IN (0, 1)));"
"CREATE INDEX employees_department ON employees(department_id);"
"CREATE TABLE roles(name TEXT PRIMARY KEY, label TEXT NOT NULL) WITHOUT ROWID;"
"CREATE TABLE permissions("
"  role TEXT NOT NULL REFERENCES roles(name),"
"  permission TEXT NOT NULL,"
"  PRIMARY KEY(role, permission)) WITHOUT ROWID;"
"CREATE TABLE employee_roles("
"  employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,"
"  role TEXT NOT NULL REFERENCES roles(name),"
"  PRIMARY KEY(employee_id, role)) WITHOUT ROWID;"
"CREATE INDEX employee_roles_role ON employee_roles(role);"
"CREATE TABLE rooms("
"  id INTEGER PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE CHECK(length(code) BETWEEN 1 AND 32),"
"  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 100),"
"  capacity INTEGER NOT NULL CHECK(typeof(capacity) = 'integer' AND capacity >= 0),"
"  location TEXT NOT NULL DEFAULT '',"
"  equipment TEXT NOT NULL DEFAULT '',"
"  manager_id INTEGER REFERENCES employees(id),"
"  active INTEGER NOT NULL DEFAULT 1 CHECK(active IN (0, 1)));"
"CREATE TABLE vehicles("
"  id INTEGER PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE CHECK(length(code) BETWEEN 1 AND 32),"
"  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 100),"
"  plate TEXT NOT NULL UNIQUE CHECK(length(plate) BETWEEN 1 AND 20),"
"  seats INTEGER NOT NULL CHECK(typeof(seats) = 'integer' AND seats > 0),"
"  manager_id INTEGER REFERENCES employees(id),"
"  active INTEGER NOT NULL DEFAULT 1 CHECK(active IN (0, 1)));"
"CREATE TABLE spaces("
"  id INTEGER PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE CHECK(length(code) BETWEEN 1 AND 32),"
"  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 100),"
"  kind TEXT NOT NULL CHECK(kind IN ('desk', 'office', 'area')),"
"  capacity INTEGER NOT NULL CHECK(typeof(capacity) = 'integer' AND capacity >= 0),"
"  location TEXT NOT NULL DEFAULT '');"
"CREATE TABLE supplies("
"  id INTEGER PRIMARY KEY,"
"  sku TEXT NOT NULL UNIQUE CHECK(length(sku) BETWEEN 1 AND 32),"
"  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 100),"
"  unit TEXT NOT NULL DEFAULT '',"
"  on_hand INTEGER NOT NULL CHECK(typeof(on_hand) = 'integer' AND on_hand >= 0),"
"  reserved INTEGER NOT NULL DEFAULT 0 CHECK(reserved >= 0 AND reserved <= on_hand),"
"  reorder_level INTEGER NOT NULL DEFAULT 0 CHECK(typeof(reorder_level) = 'integer' AND reorder_level >= 0),"
"  location TEXT NOT NULL DEFAULT '');"
"CREATE TABLE assets("
"  id INTEGER PRIMARY KEY,"
"  tag TEXT NOT NULL UNIQUE CHECK(length(tag) BETWEEN 1 AND 32),"
"  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 200),"
"  category TEXT NOT NULL DEFAULT '',"
"  status TEXT NOT NULL CHECK(status IN ('in_stock', 'in_use', 'in_repair', 'retired', 'lost')),"
"  holder_id INTEGER REFERENCES employees(id),"
"  location TEXT NOT NULL DEFAULT '',"
"  purchase_date TEXT CHECK(purchase_date IS NULL OR " IS_DATE("purchase_date") "),"
"  cost_cents INTEGER NOT NULL DEFAULT 0 CHECK(typeof(cost_cents) = 'integer' AND cost_cents >= 0),"
"  CHECK(status <> 'in_use' OR holder_id IS NOT NULL));"
"CREATE INDEX assets_holder ON assets(holder_id);"
"CREATE INDEX assets_location ON assets(location, tag);"
"CREATE TABLE suppliers("
"  id INTEGER PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE CHECK(length(code) BETWEEN 1 AND 32),"
"  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 200),"
"  contact TEXT NOT NULL DEFAULT '',"
"  phone TEXT NOT NULL DEFAULT '',"
"  email TEXT NOT NULL DEFAULT '');"
"CREATE TABLE seals("
"  id INTEGER PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE CHECK(length(code) BETWEEN 1 AND 32),"
"  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 100),"
"  keeper_id INTEGER NOT NULL REFERENCES employees(id));"
"CREATE TABLE licences("
"  id INTEGER PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE CHECK(length(code) BETWEEN 1 AND 32),"
"  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 200),"
"  number TEXT NOT NULL DEFAULT '',"
"  department_id INTEGER REFERENCES departments(id),"
"  expires_on TEXT NOT NULL CHECK(" IS_DATE("expires_on") "),"
"  remind_days INTEGER NOT NULL DEFAULT 30 CHECK(typeof(remind_days) = 'integer' AND remind_days >= 0));"
/* The engine's records. JSON columns are written through json(), which
 * refuses malformed text; a CHECK(json_valid()) would need a trusted schema. */
"CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
"CREATE TABLE requests("
"  id INTEGER PRIMARY KEY,"
"  number TEXT NOT NULL UNIQUE,"
"  form TEXT NOT NULL,"
"  summary TEXT NOT NULL DEFAULT '',"
"  applicant_id INTEGER NOT NULL REFERENCES employees(id),"
"  state TEXT NOT NULL CHECK(state IN ('draft', 'pending', 'returned', 'approved',"
"    'rejected', 'withdrawn', 'cancelled', 'done')),"
"  current_step INTEGER,"
"  round INTEGER NOT NULL DEFAULT 1,"
"  data TEXT NOT NULL DEFAULT '{}',"
"  idem_key TEXT NOT NULL UNIQUE CHECK(length(idem_key) BETWEEN 8 AND 64),"
"  created_at TEXT NOT NULL CHECK(" IS_TIME("created_at") "),"
"  updated_at TEXT NOT NULL CHECK(" IS_TIME("updated_at") "),"
"  decided_at TEXT CHECK(decided_at IS NULL OR " IS_TIME("decided_at") "),"
"  done_at TEXT CHECK(done_at IS NULL OR " IS_TIME("done_at") "),"
"  archived_at TEXT,"
"  paid_at TEXT CHECK(paid_at IS NULL OR " IS_TIME("paid_at") "));"
"CREATE INDEX requests_applicant ON requests(applicant_id, state);"
"CREATE INDEX requests_form ON requests(form, created_at);"
"CREATE INDEX requests_state ON requests(state, updated_at);"
"CREATE TABLE steps("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES requests(id),"
"  pos INTEGER NOT NULL,"
"  name TEXT NOT NULL,"
"  title TEXT NOT NULL,"
"  mode TEXT NOT NULL CHECK(mode IN ('any', 'all')),"
"  state TEXT NOT NULL CHECK(state IN ('planned', 'skipped', 'active', 'done')),"
"  why TEXT NOT NULL DEFAULT '',"
"  time_limit INTEGER NOT NULL DEFAULT 0 CHECK(time_limit >= 0),"
"  on_timeout TEXT NOT NULL DEFAULT 'remind');"
"CREATE INDEX steps_request ON steps(request_id, pos);"
"CREATE TABLE step_people("
"  step_id INTEGER NOT NULL REFERENCES steps(id),"
"  employee_id INTEGER NOT NULL REFERENCES employees(id),"
"  kind TEXT NOT NULL CHECK(kind IN ('approver', 'cc')),"
"  why TEXT NOT NULL DEFAULT '',"
"  PRIMARY KEY(step_id, kind, employee_id)) WITHOUT ROWID;"
"CREATE TABLE tasks("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES requests(id),"
"  step_id INTEGER NOT NULL REFERENCES steps(id),"
"  round INTEGER NOT NULL DEFAULT 1,"
"  assignee_id INTEGER NOT NULL REFERENCES employees(id),"
"  for_id INTEGER REFERENCES employees(id),"
"  state TEXT NOT NULL CHECK(state IN ('pending', 'approved', 'rejected', 'returned',"
"    'transferred', 'skipped', 'cancelled')),"
"  created_at TEXT NOT NULL CHECK(" IS_TIME("created_at") "),"
"  due_at TEXT CHECK(due_at IS NULL OR " IS_TIME("due_at") "),"
"  acted_at TEXT CHECK(acted_at IS NULL OR " IS_TIME("acted_at") "),"
"  acted_by INTEGER REFERENCES employees(id),"
"  opinion TEXT NOT NULL DEFAULT '',"
"  escalated INTEGER NOT NULL DEFAULT 0);"
"CREATE INDEX tasks_assignee ON tasks(assignee_id, state, created_at);"
"CREATE INDEX tasks_request ON tasks(request_id, step_id);"
"CREATE INDEX tasks_step ON tasks(step_id, state);"
"CREATE INDEX tasks_actor ON tasks(acted_by, acted_at);"
"CREATE INDEX tasks_due ON tasks(state, due_at);"
"CREATE TABLE actions("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES requests(id),"
"  task_id INTEGER REFERENCES tasks(id),"
"  step_id INTEGER REFERENCES steps(id),"
"  actor_id INTEGER REFERENCES employees(id),"
"  for_id INTEGER REFERENCES employees(id),"
"  action TEXT NOT NULL,"
"  opinion TEXT NOT NULL DEFAULT '',"
"  at TEXT NOT NULL CHECK(" IS_TIME("at") "),"
"  idem_key TEXT UNIQUE);"
"CREATE INDEX actions_request ON actions(request_id, id);"
"CREATE INDEX actions_actor ON actions(actor_id, at);"
"CREATE TABLE request_cc("
"  request_id INTEGER NOT NULL REFERENCES requests(id),"
"  employee_id INTEGER NOT NULL REFERENCES employees(id),"
"  PRIMARY KEY(request_id, employee_id)) WITHOUT ROWID;"
"CREATE INDEX request_cc_employee ON request_cc(employee_id);"
"CREATE TABLE delegations("
"  id INTEGER PRIMARY KEY,"
"  employee_id INTEGER NOT NULL REFERENCES employees(id),"
"  delegate_id INTEGER NOT NULL REFERENCES employees(id),"
"  starts_on TEXT NOT NULL CHECK(" IS_DATE("starts_on") "),"
"  ends_on TEXT NOT NULL CHECK(" IS_DATE("ends_on") "),"
"  CHECK(ends_on >= starts_on), CHECK(employee_id <> delegate_id));"
"CREATE INDEX delegations_employee ON delegations(employee_id, starts_on);"
"CREATE TABLE notices("
"  id INTEGER PRIMARY KEY,"
"  employee_id INTEGER NOT NULL REFERENCES employees(id),"
"  request_id INTEGER REFERENCES requests(id),"
"  kind TEXT NOT NULL,"
"  text TEXT NOT NULL,"
"  occasion TEXT UNIQUE,"
"  created_at TEXT NOT NULL CHECK(" IS_TIME("created_at") "),"
"  read_at TEXT,"
"  sent_at TEXT);"
"CREATE INDEX notices_employee ON notices(employee_id, read_at);"
"CREATE INDEX notices_unsent ON notices(sent_at) WHERE sent_at IS NULL;"
"CREATE TABLE audit("
"  id INTEGER PRIMARY KEY,"
"  at TEXT NOT NULL,"
"  actor TEXT NOT NULL,"
"  action TEXT NOT NULL,"
"  object TEXT NOT NULL,"
"  detail TEXT NOT NULL DEFAULT '',"
"  prev_hash TEXT NOT NULL,"
"  hash TEXT NOT NULL);"
/* The affairs' effects. Invariants live here so that no path -- screen,
 * command, import, two hosts at once -- can break them. */
"CREATE TABLE bookings("
"  id INTEGER PRIMARY KEY,"
"  resource TEXT NOT NULL CHECK(resource IN ('room', 'vehicle')),"
"  resource_id INTEGER NOT NULL,"
"  request_id INTEGER REFERENCES requests(id),"
"  booked_by INTEGER NOT NULL REFERENCES employees(id),"
"  subject TEXT NOT NULL DEFAULT '',"
"  starts_at TEXT NOT NULL CHECK(" IS_TIME("starts_at") "),"
"  ends_at TEXT NOT NULL CHECK(" IS_TIME("ends_at") "),"
"  state TEXT NOT NULL CHECK(state IN ('held', 'confirmed', 'cancelled')),"
"  odometer_out INTEGER CHECK(odometer_out IS NULL OR odometer_out >= 0),"
"  odometer_in INTEGER CHECK(odometer_in IS NULL OR odometer_in >= odometer_out),"
"  driver_id INTEGER REFERENCES employees(id),"
"  CHECK(ends_at > starts_at));"
"CREATE INDEX bookings_resource ON bookings(resource, resource_id, starts_at);"
"CREATE INDEX bookings_request ON bookings(request_id);"
"CREATE INDEX bookings_time ON bookings(starts_at);"
/* Overlaps and calendar windows are found by a booking's end: the bookings
 * ending after a slot or window opens are the few still to come, while by
 * their start (bookings_resource) the whole history before it is read. */
"CREATE INDEX bookings_ends ON bookings(resource, resource_id, ends_at);"
"CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings"
"  WHEN NEW.state <> 'cancelled' BEGIN"
"  SELECT RAISE(ABORT, 'conflict: the time slot is already booked')"
"  WHERE EXISTS (SELECT 1 FROM bookings b WHERE b.resource = NEW.resource"
"    AND b.resource_id = NEW.resource_id AND b.state <> 'cancelled'"
"    AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at);"
"END;"
"CREATE TRIGGER bookings_no_overlap_update BEFORE UPDATE OF resource, resource_id, starts_at, ends_at, state"
"  ON bookings WHEN NEW.state <> 'cancelled' BEGIN"
"  SELECT RAISE(ABORT, 'conflict: the time slot is already booked')"
"  WHERE EXISTS (SELECT 1 FROM bookings b WHERE b.id <> NEW.id AND b.resource = NEW.resource"
"    AND b.resource_id = NEW.resource_id AND b.state <> 'cancelled'"
"    AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at);"
"END;"
"CREATE TABLE stock_moves("
"  id INTEGER PRIMARY KEY,"
"  supply_id INTEGER NOT NULL REFERENCES supplies(id),"
"  request_id INTEGER REFERENCES requests(id),"
"  kind TEXT NOT NULL CHECK(kind IN ('reserve', 'release', 'issue', 'return', 'receive', 'adjust')),"
"  quantity INTEGER NOT NULL CHECK(quantity > 0),"
"  actor_id INTEGER REFERENCES employees(id),"
"  at TEXT NOT NULL CHECK(" IS_TIME("at") "),"
"  note TEXT NOT NULL DEFAULT '');"
"CREATE INDEX stock_moves_supply ON stock_moves(supply_id, at);"
"CREATE INDEX stock_moves_request ON stock_moves(request_id);"
"CREATE TABLE asset_moves("
"  id INTEGER PRIMARY KEY,"
"  asset_id INTEGER NOT NULL REFERENCES assets(id),"
"  request_id INTEGER REFERENCES requests(id),"
"  kind TEXT NOT NULL,"
"  from_status TEXT, to_status TEXT,"
"  from_holder INTEGER REFERENCES employees(id), to_holder INTEGER REFERENCES employees(id),"
"  actor_id INTEGER REFERENCES employees(id),"
"  at TEXT NOT NULL CHECK(" IS_TIME("at") "),"
"  note TEXT NOT NULL DEFAULT '');"
"CREATE INDEX asset_moves_asset ON asset_moves(asset_id, at);"
"CREATE TABLE seal_uses("
"  id INTEGER PRIMARY KEY,"
"  seal_id INTEGER NOT NULL REFERENCES seals(id),"
"  request_id INTEGER NOT NULL UNIQUE REFERENCES requests(id),"
"  used_by INTEGER NOT NULL REFERENCES employees(id),"
"  document TEXT NOT NULL,"
"  copies INTEGER NOT NULL CHECK(copies > 0),"
"  witness_id INTEGER REFERENCES employees(id),"
"  confirmed_by INTEGER REFERENCES employees(id),"
"  at TEXT NOT NULL CHECK(" IS_TIME("at") "));"
"CREATE INDEX seal_uses_seal ON seal_uses(seal_id, at);"
"CREATE TABLE space_allocations("
"  id INTEGER PRIMARY KEY,"
"  space_id INTEGER NOT NULL REFERENCES spaces(id),"
"  employee_id INTEGER REFERENCES employees(id),"
"  department_id INTEGER REFERENCES departments(id),"
"  request_id INTEGER REFERENCES requests(id),"
"  starts_on TEXT NOT NULL CHECK(" IS_DATE("starts_on") "),"
"  ends_on TEXT CHECK(ends_on IS NULL OR (" IS_DATE("ends_on") " AND ends_on >= starts_on)),"
"  CHECK((employee_id IS NULL) <> (department_id IS NULL)));"
"CREATE INDEX space_allocations_space ON space_allocations(space_id, starts_on);"
"CREATE TRIGGER space_no_double_insert BEFORE INSERT ON space_allocations BEGIN"
"  SELECT RAISE(ABORT, 'conflict: the space is already allocated for those dates')"
"  WHERE EXISTS (SELECT 1 FROM space_allocations a WHERE a.space_id = NEW.space_id"
"    AND a.starts_on <= coalesce(NEW.ends_on, '9999-12-31')"
"    AND coalesce(a.ends_on, '9999-12-31') >= NEW.starts_on);"
"END;"
"CREATE TRIGGER space_no_double_update BEFORE UPDATE OF space_id, starts_on, ends_on ON space_allocations BEGIN"
"  SELECT RAISE(ABORT, 'conflict: the space is already allocated for those dates')"
"  WHERE EXISTS (SELECT 1 FROM space_allocations a WHERE a.id <> NEW.id AND a.space_id = NEW.space_id"
"    AND a.starts_on <= coalesce(NEW.ends_on, '9999-12-31')"
"    AND coalesce(a.ends_on, '9999-12-31') >= NEW.starts_on);"
"END;"
"CREATE TABLE stocktakes("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  location TEXT NOT NULL DEFAULT '',"
"  started_at TEXT NOT NULL CHECK(" IS_TIME("started_at") "),"
"  closed_at TEXT CHECK(closed_at IS NULL OR " IS_TIME("closed_at") "),"
"  started_by INTEGER REFERENCES employees(id));"
"CREATE TABLE stocktake_counts("
"  stocktake_id INTEGER NOT NULL REFERENCES stocktakes(id),"
"  tag TEXT NOT NULL,"
"  found INTEGER NOT NULL CHECK(found IN (0, 1)),"
"  location TEXT NOT NULL DEFAULT '',"
"  note TEXT NOT NULL DEFAULT '',"
"  resolution TEXT CHECK(resolution IS NULL OR resolution IN ('found', 'lost', 'moved', 'added')),"
"  resolved_by INTEGER REFERENCES employees(id),"
"  PRIMARY KEY(stocktake_id, tag)) WITHOUT ROWID;"
"CREATE TABLE trip_costs("
"  booking_id INTEGER PRIMARY KEY REFERENCES bookings(id),"
"  fuel_cents INTEGER NOT NULL DEFAULT 0 CHECK(fuel_cents >= 0),"
"  tolls_cents INTEGER NOT NULL DEFAULT 0 CHECK(tolls_cents >= 0),"
"  parking_cents INTEGER NOT NULL DEFAULT 0 CHECK(parking_cents >= 0));"
"CREATE TABLE minutes("
"  request_id INTEGER PRIMARY KEY REFERENCES requests(id),"
"  text TEXT NOT NULL CHECK(length(text) BETWEEN 1 AND 100000),"
"  written_by INTEGER NOT NULL REFERENCES employees(id),"
"  at TEXT NOT NULL CHECK(" IS_TIME("at") "));"
"CREATE INDEX audit_action ON audit(action, at);"
/* The seed's roles and what each may do. */
"INSERT INTO roles(name, label) VALUES"
"  ('employee', '员工'), ('dept_head', '部门负责人'), ('admin_staff', '行政专员'),"
"  ('admin_manager', '行政经理'), ('finance', '财务'), ('general_manager', '总经理'),"
"  ('venue_keeper', '场地管理员'), ('fleet_keeper', '车辆管理员'),"
"  ('asset_keeper', '资产管理员'), ('seal_keeper', '印章管理员'), ('auditor', '审计');"
"INSERT INTO permissions(role, permission) VALUES"
"  ('employee', 'submit'),"
"  ('dept_head', 'submit'), ('dept_head', 'report_department'),"
"  ('admin_staff', 'submit'), ('admin_staff', 'import'), ('admin_staff', 'export'),"
"  ('admin_staff', 'manage_resources'), ('admin_staff', 'manage_stock'),"
"  ('admin_manager', 'submit'), ('admin_manager', 'import'), ('admin_manager', 'export'),"
"  ('admin_manager', 'manage_resources'), ('admin_manager', 'manage_stock'),"
"  ('admin_manager', 'manage_assets'), ('admin_manager', 'manage_seals'),"
"  ('admin_manager', 'view_all'), ('admin_manager', 'see_sensitive'),"
"  ('admin_manager', 'edit_rules'), ('admin_manager', 'cancel'),"
"  ('admin_manager', 'impersonate'), ('admin_manager', 'report_all'), ('admin_manager', 'audit'),"
"  ('finance', 'submit'), ('finance', 'report_money'), ('finance', 'export'),"
"  ('general_manager', 'submit'), ('general_manager', 'view_all'), ('general_manager', 'report_all'),"
"  ('venue_keeper', 'submit'), ('venue_keeper', 'manage_resources'),"
"  ('fleet_keeper', 'submit'), ('fleet_keeper', 'manage_resources'),"
"  ('asset_keeper', 'submit'), ('asset_keeper', 'manage_assets'), ('asset_keeper', 'export'),"
"  ('seal_keeper', 'submit'), ('seal_keeper', 'manage_seals'),"
"  ('auditor', 'submit'), ('auditor', 'view_all'), ('auditor', 'audit'), ('auditor', 'export'),"
"  ('auditor', 'see_sensitive'), ('auditor', 'report_all');";

/* Version 2: what happened at a booking (checked in, or a no-show, recorded
 * by the venue or fleet keeper), and when a lent asset is due back. */
static const char schema_v2[] =
"ALTER TABLE bookings ADD COLUMN attendance TEXT"
"  CHECK(attendance IS NULL OR attendance IN ('checked_in', 'no_show'));"
"ALTER TABLE bookings ADD COLUMN attendance_at TEXT"
"  CHECK(attendance_at IS NULL OR " IS_TIME("attendance_at") ");"
"ALTER TABLE bookings ADD COLUMN attendance_by INTEGER REFERENCES employees(id);"
/* Attendance is recorded once, for a booking that stood: a check-in from
 * a quarter of an hour before the start, a no-show only once it began. */
"CREATE TRIGGER bookings_attendance BEFORE UPDATE OF attendance ON bookings"
"  WHEN NEW.attendance IS NOT NULL BEGIN"
"  SELECT RAISE(ABORT, 'attendance: already recorded for this booking')"
"  WHERE OLD.attendance IS NOT NULL;"
"  SELECT RAISE(ABORT, 'attendance: the booking was cancelled')"
"  WHERE NEW.state = 'cancelled';"
"  SELECT RAISE(ABORT, 'attendance: the booking has not begun')"
"  WHERE NEW.attendance_at IS NULL OR NEW.attendance_at < datetime(NEW.starts_at,"
"    CASE NEW.attendance WHEN 'checked_in' THEN '-15 minutes' ELSE '+0 minutes' END);"
"  END;"
"ALTER TABLE assets ADD COLUMN return_due TEXT"
"  CHECK(return_due IS NULL OR " IS_DATE("return_due") ");"
/* Only an asset someone holds can be due back (a repair keeps the holder
 * and the date); whatever takes the holder away (a return, a write-off, a
 * stocktake finding it lost) takes the date with it. */
"CREATE TRIGGER assets_return_due BEFORE UPDATE OF return_due ON assets"
"  WHEN NEW.return_due IS NOT NULL AND NEW.holder_id IS NULL BEGIN"
"  SELECT RAISE(ABORT, 'return_due: only an asset someone holds can be due back');"
"  END;"
"CREATE TRIGGER assets_return_due_clear AFTER UPDATE OF holder_id ON assets"
"  WHEN NEW.holder_id IS NULL AND NEW.return_due IS NOT NULL BEGIN"
"  UPDATE assets SET return_due = NULL WHERE id = NEW.id;"
"  END;"
"CREATE INDEX assets_return_due ON assets(return_due) WHERE return_due IS NOT NULL;"
/* And the indexes the lists and reports need at 500,000 requests
 * (BENCHMARKS.md). tasks_actor_request counts the requests a person acted
 * on without reading their tasks (the done tab says "1,000 latest of N");
 * actions_asked_once holds the few tasks the engine settled itself, which
 * the steps report leaves out (without it, every task read every action);
 * requests_done finds the requests done within a range (cycle, quarterly).
 * bookings_ends now holds every column the calendar grid, the overlap
 * checks and the utilisation report read: a week of 200 rooms is 4,300
 * bookings, each a random read of the table without it. tasks_assignee,
 * likewise, holds what the to-do list and the home screen's counts need of
 * a task (a department head's 500: a third of the inbox's time). */
"DROP INDEX tasks_assignee;"
"CREATE INDEX tasks_assignee ON tasks(assignee_id, state, created_at, request_id, step_id, due_at);"
"DROP INDEX bookings_ends;"
"CREATE INDEX bookings_ends ON bookings(resource, resource_id, ends_at, starts_at, state, booked_by, attendance);"
"CREATE INDEX tasks_actor_request ON tasks(acted_by, request_id) WHERE acted_by IS NOT NULL;"
"CREATE INDEX actions_asked_once ON actions(task_id) WHERE action = 'asked-once';"
"CREATE INDEX requests_done ON requests(done_at) WHERE done_at IS NOT NULL;";

/* Version 3, written this session by several hands at once: one string a
 * concern, each owned by one area, so that their changes meet here without
 * touching each other's lines. A part left empty adds nothing. */

/* issue 12: the multi-user install's safety. Reminders and escalations
 * act on every request in the company: root (cron) and whoever holds
 * `remind`, the admin manager by default. */
static const char schema_v3_security[] =
"INSERT OR IGNORE INTO permissions(role, permission) VALUES ('admin_manager', 'remind');";

/* issue 13: the shared file at network speed, the lock probe's record.
 * lock_probes: what `doctor --lock-probe` found, one row a side of a probe:
 * this host's mount of the share, the other host, and whether a lock taken
 * on one was seen on the other. A process about to write on a network
 * filesystem looks up the latest row for its own host and mount
 * (lock_check). tasks_created: the steps report reads the tasks created
 * within its range (its windows by date), not all of them; requests_paid:
 * the expenses report its claims by the date of payment. */
static const char schema_v3_network[] =
"CREATE TABLE lock_probes("
"  id INTEGER PRIMARY KEY,"
"  probed_at TEXT NOT NULL CHECK(" IS_TIME("probed_at") "),"
"  host TEXT NOT NULL,"
"  mount TEXT NOT NULL,"
"  fs_type TEXT NOT NULL,"
"  source TEXT NOT NULL,"
"  peer_host TEXT NOT NULL,"
"  shared INTEGER NOT NULL CHECK(shared IN (0, 1)));"
"CREATE INDEX lock_probes_mount ON lock_probes(host, mount, id);"
"CREATE INDEX tasks_created ON tasks(created_at);"
"CREATE INDEX requests_paid ON requests(paid_at) WHERE paid_at IS NOT NULL;";

/* issue 14: local time, approver rules, delegations, notices */
static const char schema_v3_rules[] =
/* Notices: which process made each (an action sends only its own), and
 * those the notify command will never send (older than notify_max_age
 * when they were found unsent), with why. */
"ALTER TABLE notices ADD COLUMN batch TEXT;"
"ALTER TABLE notices ADD COLUMN not_sent TEXT;"
"CREATE INDEX notices_batch ON notices(batch) WHERE sent_at IS NULL;"
/* A delegation ended early by its delegator (delegate --cancel). */
"ALTER TABLE delegations ADD COLUMN cancelled_at TEXT;"
/* An approver asked in someone's place (the applicant's own seat, a step
 * with nobody): the asked-once rule never approves for them. */
"ALTER TABLE step_people ADD COLUMN stand_in INTEGER NOT NULL DEFAULT 0 CHECK(stand_in IN (0, 1));"
/* submit --backdate: a booking entered after the fact from a paper record. */
"INSERT OR IGNORE INTO permissions(role, permission) VALUES ('admin_manager', 'backdate');";

/* issue 15: the redesign */
static const char schema_v3_design[] = "";

/* issue 16: the screens */
static const char schema_v3_screens[] = "";

/* issue 17: attachments, mail, what goes in and out */
/* issue 17: attachments kept in the database, content once by its hash */
static const char schema_v3_io[] =
"CREATE TABLE attachment_blobs(sha256 TEXT PRIMARY KEY CHECK(length(sha256) = 64),"
" size INTEGER NOT NULL CHECK(size >= 0), type TEXT NOT NULL,"
" content BLOB NOT NULL CHECK(typeof(content) = 'blob' AND length(content) = size));"
"CREATE TABLE attachments(id INTEGER PRIMARY KEY, request_id INTEGER NOT NULL REFERENCES requests(id),"
" n INTEGER NOT NULL CHECK(n >= 1), name TEXT NOT NULL, field TEXT,"
" sha256 TEXT NOT NULL REFERENCES attachment_blobs(sha256),"
" added_by INTEGER REFERENCES employees(id), added_at TEXT NOT NULL, UNIQUE(request_id, n));"
"CREATE INDEX attachments_sha256 ON attachments(sha256);";

/* issue 18: the affairs (series, vehicles, space, stock, budgets, payment) */
static const char schema_v3_affairs[] =
/* Stock corrected by hand: an 'adjust' move says which way (quantity stays
 * positive); the reason goes in its note. A supply's usual supplier (a
 * supplier's code) and the last price paid, for the prepared restock. */
"ALTER TABLE stock_moves ADD COLUMN sign INTEGER NOT NULL DEFAULT 1 CHECK(sign IN (-1, 1));"
"ALTER TABLE supplies ADD COLUMN supplier TEXT NOT NULL DEFAULT '';"
"ALTER TABLE supplies ADD COLUMN price_cents INTEGER NOT NULL DEFAULT 0"
"  CHECK(typeof(price_cents) = 'integer' AND price_cents >= 0);"
/* Office space: a request holds its space from submission (a clash is
 * found then); a cancelled hold or allocation stays, as history, and no
 * longer counts against others. The floor, for the free spaces by floor. */
"ALTER TABLE spaces ADD COLUMN floor TEXT NOT NULL DEFAULT '';"
"ALTER TABLE space_allocations ADD COLUMN state TEXT NOT NULL DEFAULT 'confirmed'"
"  CHECK(state IN ('held', 'confirmed', 'cancelled'));"
"ALTER TABLE space_allocations ADD COLUMN note TEXT NOT NULL DEFAULT '';"
"DROP TRIGGER space_no_double_insert;"
"DROP TRIGGER space_no_double_update;"
"CREATE TRIGGER space_no_double_insert BEFORE INSERT ON space_allocations"
"  WHEN NEW.state <> 'cancelled' BEGIN"
"  SELECT RAISE(ABORT, 'conflict: the space is already allocated for those dates')"
"  WHERE EXISTS (SELECT 1 FROM space_allocations a WHERE a.space_id = NEW.space_id"
"    AND a.state <> 'cancelled' AND a.starts_on <= coalesce(NEW.ends_on, '9999-12-31')"
"    AND coalesce(a.ends_on, '9999-12-31') >= NEW.starts_on);"
"END;"
"CREATE TRIGGER space_no_double_update BEFORE UPDATE OF space_id, starts_on, ends_on, state ON space_allocations"
"  WHEN NEW.state <> 'cancelled' BEGIN"
"  SELECT RAISE(ABORT, 'conflict: the space is already allocated for those dates')"
"  WHERE EXISTS (SELECT 1 FROM space_allocations a WHERE a.id <> NEW.id AND a.space_id = NEW.space_id"
"    AND a.state <> 'cancelled' AND a.starts_on <= coalesce(NEW.ends_on, '9999-12-31')"
"    AND coalesce(a.ends_on, '9999-12-31') >= NEW.starts_on);"
"END;"
"CREATE INDEX space_allocations_request ON space_allocations(request_id);"
/* Payment is finance's action, not a side effect of the last approval:
 * who paid, with which bank reference (paid_at is the day paid). */
"ALTER TABLE requests ADD COLUMN paid_ref TEXT NOT NULL DEFAULT '';"
"ALTER TABLE requests ADD COLUMN paid_by INTEGER REFERENCES employees(id);"
"CREATE INDEX requests_unpaid ON requests(form, done_at) WHERE paid_at IS NULL AND state = 'done';"
"INSERT INTO permissions(role, permission) VALUES ('finance', 'pay');"
/* A vehicle's service interval (by km and by months; 0: none), its last
 * service, and its insurance and inspection expiry: remind tells the fleet
 * keepers ahead of each. */
"ALTER TABLE vehicles ADD COLUMN service_every_km INTEGER NOT NULL DEFAULT 0"
"  CHECK(typeof(service_every_km) = 'integer' AND service_every_km >= 0);"
"ALTER TABLE vehicles ADD COLUMN service_every_months INTEGER NOT NULL DEFAULT 0"
"  CHECK(typeof(service_every_months) = 'integer' AND service_every_months >= 0);"
"ALTER TABLE vehicles ADD COLUMN last_service_on TEXT CHECK(last_service_on IS NULL OR date(last_service_on) = last_service_on);"
"ALTER TABLE vehicles ADD COLUMN last_service_km INTEGER NOT NULL DEFAULT 0"
"  CHECK(typeof(last_service_km) = 'integer' AND last_service_km >= 0);"
"ALTER TABLE vehicles ADD COLUMN insurance_expires TEXT CHECK(insurance_expires IS NULL OR date(insurance_expires) = insurance_expires);"
"ALTER TABLE vehicles ADD COLUMN inspection_expires TEXT CHECK(inspection_expires IS NULL OR date(inspection_expires) = inspection_expires);"
/* Budgets per department and year; category '' is the whole budget. */
"CREATE TABLE budgets("
"  id INTEGER PRIMARY KEY,"
"  department_id INTEGER NOT NULL REFERENCES departments(id),"
"  year INTEGER NOT NULL CHECK(typeof(year) = 'integer' AND year BETWEEN 2000 AND 2999),"
"  category TEXT NOT NULL DEFAULT '' CHECK(length(category) <= 32),"
"  amount_cents INTEGER NOT NULL CHECK(typeof(amount_cents) = 'integer' AND amount_cents >= 0),"
"  UNIQUE(department_id, year, category));"
"INSERT INTO permissions(role, permission) VALUES ('finance', 'budget');";

/* Version 4, like version 3: one string a concern, each owned by one area
 * of the work on it, so that parallel changes meet here without touching
 * each other's lines. A part left empty adds nothing; version 3 was
 * released (tests/fixtures/schema/v3.sql upgrades in basics.sh), so it is
 * never edited again. */

/* issue 13: the shared file at network speed */
static const char schema_v4_network[] =
	/* Long reads in slices by time (issue 13): the stock moves and the
	 * seal register in the order of when they happened, so that a slice
	 * starts where the last ended without sorting the rest first. */
	"CREATE INDEX stock_moves_at ON stock_moves(at);\n"
	"CREATE INDEX seal_uses_at ON seal_uses(at);\n";

/* issue 14: local time and the engine's edge rules */
static const char schema_v4_rules[] = "";

/* issue 15: the redesign */
static const char schema_v4_design[] = "";

/* issue 16: the screens */
static const char schema_v4_screens[] =
/* Why a step runs and why each person is asked, as a reason code and its
 * arguments ("role\x1fadmin_staff", engine_reason_text), so that each
 * screen says it in its own language; why keeps the English words for the
 * command line and for the rows made before. */
"ALTER TABLE steps ADD COLUMN reason TEXT NOT NULL DEFAULT '';"
"ALTER TABLE step_people ADD COLUMN reason TEXT NOT NULL DEFAULT '';";

/* issue 17: what goes in and out */
static const char schema_v4_io[] = "";

/* issue 18: the affairs */
static const char schema_v4_affairs[] =
/* rooms: a series booked without some of its dates (asked for with
 * --skip, or taken by others and dropped with --skip-clashes), each with
 * its times and who had it; one occurrence cancelled or moved on its own
 * (moved_from: the start it had; cancelled_at: cancelled by itself, not
 * with its request). A request made for someone else: the applicant is
 * the person it is for, on_behalf_by the clerk who made it. */
"CREATE TABLE booking_skips("
"  request_id INTEGER NOT NULL REFERENCES requests(id),"
"  day TEXT NOT NULL CHECK(date(day) = day),"
"  starts_at TEXT NOT NULL, ends_at TEXT NOT NULL,"
"  why TEXT NOT NULL CHECK(why IN ('asked', 'clash')),"
"  holder TEXT NOT NULL DEFAULT '',"
"  PRIMARY KEY(request_id, day)) WITHOUT ROWID;"
"ALTER TABLE bookings ADD COLUMN moved_from TEXT;"
"ALTER TABLE bookings ADD COLUMN cancelled_at TEXT;"
"ALTER TABLE requests ADD COLUMN on_behalf_by INTEGER REFERENCES employees(id);"
"CREATE INDEX requests_on_behalf ON requests(on_behalf_by) WHERE on_behalf_by IS NOT NULL;"
/* assets: below this line */
/* ---- assets (keep at the bottom of this string) ----
 * Depreciation, straight-line: from the in-service date (the purchase
 * date when none) over the useful life in whole months, down to the
 * salvage value. An asset without a life of its own takes its category's
 * (asset_categories); with neither it is not depreciated. */
"ALTER TABLE assets ADD COLUMN life_months INTEGER"
"  CHECK(life_months IS NULL OR (typeof(life_months) = 'integer' AND life_months BETWEEN 1 AND 1200));"
"ALTER TABLE assets ADD COLUMN salvage_cents INTEGER NOT NULL DEFAULT 0"
"  CHECK(typeof(salvage_cents) = 'integer' AND salvage_cents >= 0);"
"ALTER TABLE assets ADD COLUMN in_service_on TEXT CHECK(in_service_on IS NULL OR " IS_DATE("in_service_on") ");"
"CREATE TRIGGER assets_salvage BEFORE UPDATE OF salvage_cents, cost_cents ON assets"
"  WHEN NEW.salvage_cents > NEW.cost_cents BEGIN"
"  SELECT RAISE(ABORT, 'salvage: more than the asset cost');"
"  END;"
"CREATE TABLE asset_categories("
"  name TEXT PRIMARY KEY CHECK(length(name) BETWEEN 1 AND 100),"
"  life_months INTEGER NOT NULL CHECK(typeof(life_months) = 'integer' AND life_months BETWEEN 1 AND 1200));"
/* Retention: archived_at now means archived by age (adminflow retention
 * archive): read-only, out of the everyday lists. The archive effect used
 * to stamp it on every finished request of its forms, which said no more
 * than done_at (and nothing read it); those stamps are cleared, the audit's
 * archive rows keep what they said. */
"UPDATE requests SET archived_at = NULL WHERE archived_at IS NOT NULL;"
"CREATE INDEX requests_finished ON requests(updated_at) WHERE archived_at IS NULL"
"  AND state IN ('done', 'rejected', 'withdrawn', 'cancelled');"
"INSERT OR IGNORE INTO permissions(role, permission) VALUES ('admin_manager', 'retention');";

/* Version 5, opened when version 4 was released (stop 20): one string an
 * area, as before. tests/fixtures/schema/v4.sql (a series with a skipped
 * date, a booking made for the general manager, a claim half-way, an asset
 * with a category life) upgrades in basics.sh; version 4's strings above
 * are frozen. */

/* issue 15: the redesign */
static const char schema_v5_design[] = "";

/* issue 16: the screens */
static const char schema_v5_screens[] = "";

/* issue 18: the affairs (rooms and vehicles at the top, assets, space and
 * stock below them) */
static const char schema_v5_affairs[] =
/* Retention purge (assets' part): a purged request is a tombstone. Its
 * number, form, applicant, state and dates stay, so the registers' rows
 * that name it (stock moves, seal uses, asset moves, bookings: request_id
 * NOT NULL) still read; its field data, summary, opinions, notices and
 * attachments go, and nothing may write them again. */
"ALTER TABLE requests ADD COLUMN purged_at TEXT CHECK(purged_at IS NULL OR (archived_at IS NOT NULL AND "
IS_TIME("purged_at") "));"
"CREATE TRIGGER requests_purged BEFORE UPDATE OF data, summary, state ON requests"
"  WHEN OLD.purged_at IS NOT NULL AND (NEW.data <> '{}' OR NEW.summary <> '' OR NEW.state <> OLD.state) BEGIN"
"  SELECT RAISE(ABORT, 'request: purged (retention); only its number, form and dates are kept');"
"  END;"
"CREATE TRIGGER attachments_purged BEFORE INSERT ON attachments"
"  WHEN (SELECT purged_at FROM requests WHERE id = NEW.request_id) IS NOT NULL BEGIN"
"  SELECT RAISE(ABORT, 'attachment: the request was purged (retention)');"
"  END;";

/* the review's findings */
static const char schema_v5_review[] = "";

/* Version 6, opened when version 5 was released (stop 21): one string an
 * area, as before. tests/fixtures/schema/v5.sql (a purged tombstone, a paid
 * claim, a claim half-way, a vehicle trip with its log, a stock correction)
 * upgrades in basics.sh; version 5's strings above are frozen. */

/* issue 18: the affairs on the screens */
static const char schema_v6_affairs[] = "";

/* the screens' keeper and finance actions */
static const char schema_v6_screens[] = "";

/* the review's findings */
static const char schema_v6_review[] = "";

/* Each version is a list of SQL texts run in order inside the one
 * transaction of the upgrade. */
static const char *const v1_parts[] = { schema_v1, NULL };
static const char *const v2_parts[] = { schema_v2, NULL };
static const char *const v3_parts[] = {
	schema_v3_security, schema_v3_network, schema_v3_rules, schema_v3_design,
	schema_v3_screens, schema_v3_io, schema_v3_affairs, NULL
};
static const char *const v4_parts[] = {
	schema_v4_network, schema_v4_rules, schema_v4_design,
	schema_v4_screens, schema_v4_io, schema_v4_affairs, NULL
};
static const char *const v5_parts[] = {
	schema_v5_design, schema_v5_screens, schema_v5_affairs,
	schema_v5_review, NULL
};
static const char *const v6_parts[] = {
	schema_v6_affairs, schema_v6_screens, schema_v6_review, NULL
};
static const char *const *const migrations[SCHEMA_VERSION] = {
	v1_parts,
	v2_parts,
	v3_parts,
	v4_parts,
	v5_parts,
	v6_parts,
};

af_status schema_migrate(void)
{
	af_status st = db_begin();
	int from;

	if (st != AF_OK)
		return st;
	from = (int)db_int(0, "PRAGMA user_version", "");
	for (int v = from; v < SCHEMA_VERSION; v++) {
		for (const char *const *part = migrations[v]; *part; part++) {
			char *err = NULL;

			if (sqlite3_exec(db_handle(), *part, NULL, NULL, &err) != SQLITE_OK) {
				st = af_fail(AF_ERROR, "%s: schema migration to version %d failed: %s",
					     db_path(), v + 1, err ? err : "?");
				sqlite3_free(err);
				db_rollback();
				return st;
			}
		}
	}
	if (from < SCHEMA_VERSION) {
		char pragma[64];

		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", SCHEMA_VERSION);
		if (sqlite3_exec(db_handle(), pragma, NULL, NULL, NULL) != SQLITE_OK) {
			db_rollback();
			return db_fail();
		}
	}
	return db_commit();
}
