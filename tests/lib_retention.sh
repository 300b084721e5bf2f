# What the retention tests share (sourced after tests/lib.sh by
# retention.sh and retention_purge.sh): the database by sqlite3, the clock
# set per step, the admin manager, and a request approved to its end.
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 (the command) is not installed"

q() { sqlite3 "$DB" "$1"; }
at() { ADMINFLOW_NOW="$1"; export ADMINFLOW_NOW; }
mgr() { af --as wangwu "$@"; }
# approve_all NUMBER [OPTIONS...]: each pending approver in turn approves
# (with OPTIONS, such as -m TEXT) until none is left.
approve_all() {
	_num=$1; shift
	for _i in 1 2 3 4 5 6; do
		_who=$(q "SELECT e.login FROM tasks t JOIN employees e ON e.id = t.assignee_id JOIN requests r
			ON r.id = t.request_id WHERE r.number = '$_num' AND t.state = 'pending' LIMIT 1")
		[ -n "$_who" ] || return 0
		af --as "$_who" approve "$_num" "$@" >/dev/null || return $?
	done
}
