#!/bin/sh
# doctor says which of adminflow(1) DEPLOYMENT's two layouts the file is in
# (issue 13): a shared drive (tests/cli/share.sh, through bindfs mounts), or
# the file on this host's local disk, in WAL mode or with a rollback
# journal, reached by the other hosts over SSH.
. "$srcdir/tests/lib.sh"
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

fs=$(stat -f -c %T "$TMP" 2>/dev/null)
case "$fs" in
nfs* | cifs | smb* | fuse* | 9p | ceph | gfs* | ocfs* | glusterfs | "") skip_all "$TMP is not on a local disk ($fs)" ;;
esac

af_init
out=$("$AF_BIN" --db "$DB" doctor 2>&1)
like "local disk, rollback journal: the one-host layout" "$out" \
	"^ok	layout	one host: the file on this host's local disk \([^)]*\), rollback journal; other hosts reach it over SSH; keep an off-host backup"

printf 'journal_mode = "wal";\n' > "$TMP/wal.conf"
DB="$TMP/wal.db"
"$AF_BIN" --config "$TMP/wal.conf" --db "$DB" init --demo >/dev/null 2>&1
is "WAL on a local disk: the file is in WAL mode" "$(sqlite3 "$DB" 'PRAGMA journal_mode')" wal
out=$("$AF_BIN" --config "$TMP/wal.conf" --db "$DB" doctor 2>&1)
like "WAL on a local disk: doctor says so" "$out" "^ok	journal	wal \(local disk\)$"
like "WAL on a local disk: the one-host layout in WAL mode" "$out" \
	"^ok	layout	one host: the file on this host's local disk \([^)]*\) in WAL mode; other hosts reach it over SSH; keep an off-host backup"
done_testing
