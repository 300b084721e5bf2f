# Helpers for the latency model of a network share (sourced after
# tests/lib.sh): tests/latshim.so, preloaded, makes every lock call and
# fsync on the files under a folder a round trip of LATSHIM_US microseconds
# and counts them (tests/latshim.c).

LATSHIM=$(cd "$top_builddir" && pwd)/tests/latshim.so
LATSHIM_LOG="$TMP/.latshim"
# A sanitized build must accept a preloaded library ahead of its runtime.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# shim_missing: why the shim cannot be used here, or nothing.
shim_missing() {
	[ -f "$LATSHIM" ] || echo "$LATSHIM is not built (make check builds it)"
}

# shimmed US DIR CMD...: CMD with the files under DIR a share US µs away;
# its counts (and its children's) replace $LATSHIM_LOG.
shimmed() {
	_us=$1 _dir=$2
	shift 2
	rm -f "$LATSHIM_LOG"
	LD_PRELOAD="$LATSHIM" LATSHIM_DIR="$_dir" LATSHIM_US="$_us" LATSHIM_OUT="$LATSHIM_LOG" "$@"
}

# shim_total FIELD: the sum of FIELD (locks, syncs, meta) over the
# processes of the last shimmed command.
shim_total() {
	awk -v f="$1" '{ for (i = 1; i <= NF; i++) if (index($i, f "=") == 1) s += substr($i, length(f) + 2) }
		END { print s + 0 }' "$LATSHIM_LOG" 2>/dev/null || echo 0
}
