# What the retention tests share (sourced after tests/lib.sh by
# retention.sh and retention_purge.sh): the database by sqlite3, the clock
# set per step, the admin manager, and a request approved to its end.
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 (the command) is not installed"

q() { sqlite3 "$DB" "$1"; }
at() { ADMINFLOW_NOW="$1"; export ADMINFLOW_NOW; }
mgr() { af --as wangwu "$@"; }
# approve_all NUMBER [OPTIONS...]: each pending approver in turn approves
# (with OPTIONS, such as -m TEXT) until none is left.
