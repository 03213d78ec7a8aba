#!/bin/sh
# bad_env.sh: `ftport tree` on broken environments: interpreters that are missing, not
# executable, failing, lying or printing garbage; unusable $VIRTUAL_ENV and --venv; and a
# site directory full of bad metadata (invalid UTF-8, NUL bytes, truncated files, a 50 MB
# METADATA, missing Name/Version, an invalid requirement, symlink loops). Nothing may
# crash or hang; each failure is exit 3 with one line that says what to do.
set -u
. "$(dirname "$0")/lib.sh"
t_tmpdir bad-env
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v "${PYTHON3:-python3}")

# Runs ftport with a time limit (a hang fails the test instead of the whole suite).
run() {
	if command -v timeout >/dev/null 2>&1; then
		timeout 60 "$FTPORT" "$@"
	else
		"$FTPORT" "$@"
	fi
}

# expect_exit3 WHAT PATTERN ARGS...: exit 3 and exactly one stderr line matching PATTERN.
expect_exit3() {
	what=$1
	pattern=$2
	shift 2
	run "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err" | tr -d ' ')
	if [ "$rc" = 3 ] && [ "$lines" = 1 ] && grep -q -- "$pattern" "$tmp/err" &&
	    [ ! -s "$tmp/out" ]; then
		ok "$what ($(cat "$tmp/err"))"
	else
		fail "$what: exit $rc, $lines stderr lines: $(cat "$tmp/err")"
	fi
}

unset VIRTUAL_ENV CONDA_PREFIX

# --- interpreters ------------------------------------------------------------------
expect_exit3 "nonexistent --python" \
    "^ftport: --python $tmp/nope: no such file; give the path of a Python interpreter" \
    tree --python "$tmp/nope"

expect_exit3 "--python is a directory" "is a directory" tree --python "$tmp"

printf '#!/bin/sh\necho never\n' >"$tmp/noexec"
chmod 644 "$tmp/noexec"
if [ "$(id -u)" != 0 ]; then
	expect_exit3 "--python not executable" "not executable" tree --python "$tmp/noexec"
else
	# root may execute anything with an x bit; without one, exec still fails.
	expect_exit3 "--python not executable (root)" "$tmp/noexec" tree --python "$tmp/noexec"
fi

printf '#!/bin/sh\necho "Fatal Python error: init_fs_encoding" >&2\nexit 1\n' >"$tmp/fails"
chmod 755 "$tmp/fails"
expect_exit3 "--python exits non-zero" "exited with status 1: Fatal Python error" \
    tree --python "$tmp/fails"

printf '#!/bin/sh\nprintf "\\033[2Jgarbage {[\\n"\n' >"$tmp/garbage"
chmod 755 "$tmp/garbage"
expect_exit3 "--python prints garbage" "did not answer like a Python interpreter" \
    tree --python "$tmp/garbage"
if tr -d '\n' <"$tmp/err" | grep -q "$(printf '\033')"; then
	fail "garbage output reached stderr with its escape sequence"
else
	ok "garbage output stripped of control characters"
fi

printf '#!/bin/sh\nkill -SEGV $$\n' >"$tmp/crashes"
chmod 755 "$tmp/crashes"
expect_exit3 "--python crashes" "killed by signal" tree --python "$tmp/crashes"

# --- environments ----------------------------------------------------------------------
VIRTUAL_ENV="$tmp/no-venv" expect_exit3 "VIRTUAL_ENV that does not exist" \
    "VIRTUAL_ENV is $tmp/no-venv: No such file or directory; deactivate it" tree
expect_exit3 "--venv that does not exist" "^ftport: --venv $tmp/no-venv" tree --venv "$tmp/no-venv"
mkdir "$tmp/emptyvenv"
expect_exit3 "--venv without interpreter or site-packages" "neither pyvenv.cfg" \
    tree --venv "$tmp/emptyvenv"

# A venv whose interpreter is gone: pyvenv.cfg and lib/python3.X/site-packages suffice.
mkdir -p "$tmp/oldvenv/bin" "$tmp/oldvenv/lib/python3.12/site-packages/kept-1.0.dist-info"
printf 'home = /gone/bin\nversion = 3.12.4\n' >"$tmp/oldvenv/pyvenv.cfg"
ln -s /gone/bin/python3.12 "$tmp/oldvenv/bin/python"
printf 'Name: kept\nVersion: 1.0\n' >"$tmp/oldvenv/lib/python3.12/site-packages/kept-1.0.dist-info/METADATA"
run tree --venv "$tmp/oldvenv" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && grep -q "^kept 1.0" "$tmp/out" && grep -q "pyvenv.cfg" "$tmp/err"; then
	ok "venv with a dangling interpreter: pyvenv.cfg fallback"
else
	fail "venv fallback: exit $rc: $(cat "$tmp/out" "$tmp/err")"
fi

# --- a site directory of bad metadata ----------------------------------------------------
site="$tmp/site"
mkdir "$site"
mk() {	# mk DIRNAME: a metadata directory; METADATA comes from stdin
	mkdir "$site/$1"
	cat >"$site/$1/METADATA"
}
printf 'Name: good\nVersion: 1.0\nRequires-Dist: utf8bad\nRequires-Dist: ((invalid\n' | mk good-1.0.dist-info
printf 'Name: utf8bad\nVersion: 2.0\nSummary: caf\351 \377\376\n' | mk utf8bad-2.0.dist-info
printf 'Name: nulbyte\nVersion: 3.0\0junk\nSummary: x\n' | mk nulbyte-3.0.dist-info
printf 'Name: truncated\nVersion: 4.0\nSumm' | mk truncated-4.0.dist-info
printf 'Version: 1.0\n' | mk noname-1.0.dist-info
printf 'Name: noversion\n' | mk noversion-1.0.dist-info
printf '' | mk empty-1.0.dist-info
mkdir "$site/huge-5.0.dist-info"
{
	printf 'Name: huge\nVersion: 5.0\n\n'
	head -c 52428800 /dev/zero | tr '\0' 'x'
} >"$site/huge-5.0.dist-info/METADATA"
printf 'Name: hugehead\nVersion: 6.0\nDescription: x\n' >"$site/hugehead-6.0.dist-info.tmp"
mkdir "$site/hugehead-6.0.dist-info"
{
	cat "$site/hugehead-6.0.dist-info.tmp"
	head -c 20000000 /dev/zero | tr '\0' ' ' | fold -w 100
} >"$site/hugehead-6.0.dist-info/METADATA"
rm "$site/hugehead-6.0.dist-info.tmp"
ln -s loop-1.0.dist-info "$site/loop-1.0.dist-info"
ln -s /nonexistent "$site/dangling-1.0.dist-info"
ln -s spin "$site/spin"
printf 'garbage' >"$site/file-1.0.dist-info"
mkdir "$site/locked-1.0.dist-info"
printf 'Name: locked\nVersion: 1.0\n' >"$site/locked-1.0.dist-info/METADATA"
chmod 000 "$site/locked-1.0.dist-info"
ln -s pathloop "$tmp/pathloop"

start=$(date +%s)
run --python "$PY" --path "$tmp/pathloop" --path "$site" tree >"$tmp/out" 2>"$tmp/err"
rc=$?
elapsed=$(($(date +%s) - start))
if [ "$rc" = 0 ]; then
	ok "bad site directory: exit 0 in ${elapsed}s"
else
	fail "bad site directory: exit $rc: $(cat "$tmp/err")"
fi
# (utf8bad is good's dependency: it appears as a child, indented.)
for want in "^good 1.0" "utf8bad 2.0" "^nulbyte 3.0" "^truncated 4.0" "^huge 5.0" \
    "^hugehead 6.0"; do
	if grep -q "$want" "$tmp/out"; then
		ok "listed: $want"
	else
		fail "not listed: $want"
	fi
done
for name in noname noversion empty loop dangling; do
	if grep -q "^$name" "$tmp/out"; then
		fail "$name listed although it has no usable metadata"
	elif grep -q "$name-1.0.dist-info" "$tmp/err"; then
		ok "$name skipped with a warning naming it"
	else
		fail "$name: no warning: $(cat "$tmp/err")"
	fi
done
for want in "invalid UTF-8" "NUL byte" "read only the first 8 MB" "pathloop" \
    "invalid requirement"; do
	if grep -q "$want" "$tmp/err"; then
		ok "warned: $want"
	else
		fail "no warning '$want': $(cat "$tmp/err")"
	fi
done
if [ "$(id -u)" != 0 ]; then
	if grep -q "locked-1.0.dist-info" "$tmp/err" && ! grep -q "^locked" "$tmp/out"; then
		ok "unreadable metadata directory skipped with a warning"
	else
		fail "unreadable metadata directory: $(cat "$tmp/err")"
	fi
else
	# root reads mode-000 directories: it is simply listed.
	if grep -q "^locked 1.0" "$tmp/out"; then
		ok "mode-000 metadata directory read (as root)"
	else
		fail "mode-000 metadata directory as root: $(cat "$tmp/out")"
	fi
fi
if [ "$elapsed" -le 10 ]; then
	ok "50 MB METADATA read without delay"
else
	fail "took ${elapsed}s"
fi
if grep -q "$(printf '\033')" "$tmp/out" "$tmp/err"; then
	fail "an escape sequence reached the terminal"
else
	ok "no escape sequences in the output"
fi

# The same directory through --json: valid JSON with the replaced characters.
run --python "$PY" --path "$site" tree --json >"$tmp/out.json" 2>/dev/null
rc=$?
if [ "$rc" = 0 ] && "$PY" - "$tmp/out.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
names = {p["name"]: p for p in doc["packages"]}
assert {"good", "utf8bad", "nulbyte", "truncated", "huge", "hugehead"} <= set(names), names
assert names["nulbyte"]["version"] == "3.0", names["nulbyte"]
EOF
then
	ok "--json on bad metadata is valid JSON"
else
	fail "--json on bad metadata: exit $rc"
fi

t_done
