#!/bin/sh
# tree_vs_importlib.sh: `ftport tree --json --python X` against what importlib.metadata
# and packaging say in the same interpreter (tests/importlib_tree.py), edge by edge, for
# Debian's /usr/bin/python3 and for the python3 on PATH when that is another one.
# Every disagreement prints a line and fails; deliberate differences are listed, with
# their reasons, in DELIBERATE in importlib_tree.py.
# Extra interpreters to compare: FTPORT_TEST_PYTHONS="/path/python3.12 ...".
set -u
. "$(dirname "$0")/lib.sh"
t_tmpdir tree-vs
REF="$SRCDIR/tests/importlib_tree.py"
CHECKER=/usr/bin/python3

# Both programs see sys.path[0] = "" (the current directory): an empty one.
mkdir "$tmp/cwd"
cd "$tmp/cwd" || exit 1

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

# compare LABEL PYTHON [PYTHONPATH]: one interpreter, optionally with extra site
# directories on PYTHONPATH (seen the same way by ftport's interpreter query and by
# the reference).
n=0
compare() {
	label=$1
	py=$2
	n=$((n + 1))
	echo "== $label"
	if [ -n "${3:-}" ]; then
		PYTHONPATH=$3
		export PYTHONPATH
	else
		unset PYTHONPATH
	fi
	"$FTPORT" tree --json --python "$py" >"$tmp/ft$n.json" 2>"$tmp/ft$n.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$label: ftport tree --json exited $rc ($(head -n 1 "$tmp/ft$n.err"))"
		unset PYTHONPATH
		return
	fi
	sed 's/^/ftport stderr: /' "$tmp/ft$n.err" | head -n 20
	"$py" -c 'import runpy, sys
ref = sys.argv[1]
sys.argv = ["importlib_tree.py", "reference"]
runpy.run_path(ref, run_name="__main__")' "$REF" >"$tmp/ref$n.json" 2>"$tmp/ref$n.err"
	rc=$?
	unset PYTHONPATH
	if [ "$rc" -ne 0 ]; then
		fail "$label: the reference failed: $(tail -n 1 "$tmp/ref$n.err")"
		return
	fi
	CASE_LABEL=$label "$CHECKER" "$REF" compare "$tmp/ft$n.json" "$tmp/ref$n.json" \
	    >"$tmp/cmp$n.out" 2>&1
	cat "$tmp/cmp$n.out"
	p=$(sed -n 's/^# cases: \([0-9]*\) passed.*/\1/p' "$tmp/cmp$n.out" | tail -n 1)
	f=$(sed -n 's/^# cases: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$tmp/cmp$n.out" |
	    tail -n 1)
	if [ -z "$p" ]; then
		fail "$label: the comparison did not finish"
		return
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

unset PYTHONPATH
for py in $list; do
	compare "$py" "$py"
done

# The same interpreter over synthetic and recorded trees, which have what Debian's
# lacks: extras asked for by dependents, ranges, the old "name (>=1)" form, missing
# names, cycles, PEP 610 direct URLs.
first=${list# }
first=${first%% *}
# The generated site has markers on python_version: every interpreter reads it.
if [ -n "$first" ] && [ -f "$SRCDIR/bench/gen_site.py" ]; then
	if "$CHECKER" "$SRCDIR/bench/gen_site.py" -n 400 --seed 7 "$tmp/gen" >/dev/null; then
		for py in $list; do
			compare "$py + 400 generated distributions" "$py" "$tmp/gen"
		done
	else
		fail "bench/gen_site.py could not write a site"
	fi
fi
poetry="$SRCDIR/tests/fixtures/installed-trees/poetry-installed/lib/python3.7/site-packages"
if [ -n "$first" ] && [ -d "$poetry" ]; then
	compare "$first + poetry's installed fixtures" "$first" "$poetry"
fi
# The environment tests' odd trees: no Name, no Version, a duplicate on a later
# path, CRLF metadata, Debian-style egg-info, a broken direct_url.json.
envs="$SRCDIR/tests/fixtures/envs"
if [ -n "$first" ] && [ -d "$envs/site1" ] && [ -d "$envs/site2" ]; then
	compare "$first + the env fixtures' site1:site2" "$first" "$envs/site1:$envs/site2"
fi

t_done
