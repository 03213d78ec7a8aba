#!/bin/sh
# valgrind.sh: ftport tree, check (offline, and against tests/fakeindex.py, every
# format) and the scripted TUI under valgrind --leak-check=full: every run must end with
# 0 errors and 0 bytes definitely lost. Not part of make check (a minute of valgrind, and
# the ASan build cannot run under it): .ci/run runs it on the normal build.
#   tests/valgrind.sh [FTPORT]     (SRCDIR defaults to the source tree)
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
FTPORT=${1:-${FTPORT:-$SRCDIR/ftport}}
. "$SRCDIR/tests/lib.sh"

command -v valgrind >/dev/null 2>&1 || t_abort "valgrind is missing (tests/deps-apt.txt)"
t_tmpdir valgrind
idx_pid=
t_cleanup() {
	[ -n "$idx_pid" ] && kill "$idx_pid" 2>/dev/null
}
export XDG_CACHE_HOME="$tmp/xdg" FTPORT_DATA_DIR="$SRCDIR/data" PIP_CONFIG_FILE=/dev/null
export HOME="$tmp/home"
mkdir -p "$HOME"
unset PIP_INDEX_URL VIRTUAL_ENV CONDA_PREFIX

# The fake index: the recorded and real file lists; it exits when its stdin closes.
mkfifo "$tmp/idx-in"
python3 "$SRCDIR/tests/fakeindex.py" --port 0 --exit-on-stdin-eof \
    --json-dir "$SRCDIR/tests/fixtures/pypi/micropip" \
    --wheel-list "$SRCDIR/tests/fixtures/wheel-lists/ftready-374287e-files.json" \
    <"$tmp/idx-in" >"$tmp/port" 2>/dev/null &
idx_pid=$!
exec 9>"$tmp/idx-in"
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
url="http://127.0.0.1:$(head -n 1 "$tmp/port")/simple/"

# vg NAME ARGS...: one run; the exit status of ftport itself may be 0 or 1 (--fail-on).
vg() {
	name=$1
	shift
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
	    --log-file="$tmp/$name.vg" "$FTPORT" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" \
	    </dev/null
	rc=$?
	if [ "$rc" -le 1 ] && [ ! -s "$tmp/$name.vg" ]; then
		ok "$name: 0 errors, 0 bytes definitely lost (exit $rc)"
	else
		fail "$name: exit $rc"
		sed 's/^/    /' "$tmp/$name.vg" "$tmp/$name.err" | head -40
	fi
}

site1=$SRCDIR/tests/fixtures/envs/site1
site2=$SRCDIR/tests/fixtures/envs/site2
vg tree-site1 tree --path "$site1"
vg tree-json-site2 tree --json --path "$site2"
vg tree-python tree --json --python /usr/bin/python3
vg tree-python-warm tree --python /usr/bin/python3
vg check-offline check --offline --python /usr/bin/python3
vg check-index check --path "$site1" --path "$site2" --index-url "$url" \
    --cache-dir "$tmp/c1" --target 3.13t --target 3.14t --platform linux-x86_64 \
    --platform macos-arm64 --fail-on any
for fmt in json csv md; do
	vg "check-warm-$fmt" check --path "$site1" --index-url "$url" --cache-dir "$tmp/c1" \
	    --format "$fmt"
done
vg check-refresh check --path "$site1" --index-url "$url" --cache-dir "$tmp/c1" --refresh
# The TUI in its scripted mode (drawing into memory): search, detail, unfold, help.
printf '/numpy\n<Enter>\n<Enter>\nj\nj\nZ\n?\n' >"$tmp/keys"
export LINES=24 COLUMNS=80 TERM=xterm FTPORT_SCRIPT="$tmp/keys"
vg tui --path "$site1" --index-url "$url" --cache-dir "$tmp/c1" --platform linux-x86_64
unset FTPORT_SCRIPT
t_done
