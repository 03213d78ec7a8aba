#!/bin/sh
# tree_vs_importlib.sh: `ftport tree --json --python X` against what importlib.metadata
# and packaging say in the same interpreter (tests/importlib_tree.py), edge by edge, for
# Debian's /usr/bin/python3 and for the python3 on PATH when that is another one.
# Every disagreement prints a line and fails; deliberate differences are listed, with
# their reasons, in DELIBERATE in importlib_tree.py.
# Extra interpreters to compare: FTPORT_TEST_PYTHONS="/path/python3.12 ...".
set -u

: "${FTPORT:?FTPORT must name the ftport binary}"
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
REF="$SRCDIR/tests/importlib_tree.py"
CHECKER=/usr/bin/python3

passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ftport-tree-vs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
# Both programs see sys.path[0] = "" (the current directory): an empty one.
mkdir "$tmp/cwd"
cd "$tmp/cwd" || exit 1

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

if [ ! -x "$CHECKER" ]; then
	CHECKER=${PYTHON3:-python3}
fi
# Interpreters without packaging borrow Debian's (python3-packaging, tests/deps-apt.txt).
FTPORT_PACKAGING_DIR=$("$CHECKER" -c 'import os, packaging
print(os.path.dirname(os.path.dirname(os.path.abspath(packaging.__file__))))' 2>/dev/null) ||
	FTPORT_PACKAGING_DIR=
export FTPORT_PACKAGING_DIR
if [ -z "$FTPORT_PACKAGING_DIR" ]; then
	fail "$CHECKER cannot import packaging: apt-get install python3-packaging"
fi

# The interpreters: each one by its sys.executable, once.
list=""
for cand in /usr/bin/python3 "$(command -v python3 2>/dev/null)" "${PYTHON3:-}" \
    ${FTPORT_TEST_PYTHONS:-}; do
	[ -n "$cand" ] || continue
	exe=$("$cand" -c 'import os, sys; print(os.path.realpath(sys.executable))' \
	    2>/dev/null) || continue
	[ -n "$exe" ] || continue
	case " $list " in *" $exe "*) continue ;; esac
	list="$list $exe"
done
if [ -z "$list" ]; then
	fail "no Python interpreter found (not even /usr/bin/python3)"
fi

n=0
for py in $list; do
	n=$((n + 1))
	label="$py"
	echo "== $label"
	"$FTPORT" tree --json --python "$py" >"$tmp/ft$n.json" 2>"$tmp/ft$n.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$label: ftport tree --json exited $rc ($(head -n 1 "$tmp/ft$n.err"))"
		continue
	fi
	sed 's/^/ftport stderr: /' "$tmp/ft$n.err" | head -n 20
	if ! "$py" -c 'import runpy, sys
ref = sys.argv[1]
sys.argv = ["importlib_tree.py", "reference"]
runpy.run_path(ref, run_name="__main__")' "$REF" \
	    >"$tmp/ref$n.json" 2>"$tmp/ref$n.err"; then
		fail "$label: the reference failed: $(tail -n 1 "$tmp/ref$n.err")"
		continue
	fi
	CASE_LABEL=$label "$CHECKER" "$REF" compare "$tmp/ft$n.json" "$tmp/ref$n.json" \
	    >"$tmp/cmp$n.out" 2>&1
	cat "$tmp/cmp$n.out"
	p=$(sed -n 's/^# cases: \([0-9]*\) passed.*/\1/p' "$tmp/cmp$n.out" | tail -n 1)
	f=$(sed -n 's/^# cases: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$tmp/cmp$n.out" |
	    tail -n 1)
	if [ -z "$p" ]; then
		fail "$label: the comparison did not finish"
		continue
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done

echo "# cases: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
