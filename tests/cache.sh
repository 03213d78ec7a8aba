#!/bin/sh
# cache.sh: "ftport cache info|clear" on a cache made by hand in a temporary directory:
# counts and sizes, the default directory ($XDG_CACHE_HOME/ftport), clear removes only
# ftport's entries, scratch venvs and test results (a shared directory keeps the rest),
# and usage errors exit 2.
. "$(dirname "$0")/lib.sh"
t_tmpdir cache-test

check() { # check NAME EXPECTED-SUBSTRING OUTPUT
	case "$3" in *"$2"*) ok "$1" ;; *) fail "$1: wanted '$2' in: $3" ;; esac
}

entry() { # entry DIR/NS NAME BODY
	mkdir -p "$1"
	len=$(printf '%s' "$3" | wc -c | tr -d ' ')
	printf 'FTPORT-CACHE 1\nurl: https://pypi.org/simple/x/\nfetched: 1\nlength: %s\nchecksum: 0000000000000000\n\n%s' \
		"$len" "$3" > "$1/$2.entry"
}

c="$tmp/c"
entry "$c/simple" 0123456789abcdef0123456789abcdef "hello"
entry "$c/simple" 00000000000000000000000000000001 "world"
entry "$c/github" 00000000000000000000000000000002 "!"
echo "not mine" > "$c/simple/notes.txt"
echo "not mine" > "$c/simple/ABCDEF0123456789abcdef0123456789.entry"
mkdir -p "$c/clones" && echo x > "$c/clones/0123456789abcdef0123456789abcdef.entry.bak"

out=$("$FTPORT" --cache-dir "$c" cache info 2>&1); rc=$?
[ $rc -eq 0 ] && ok "info exits 0" || fail "info exited $rc: $out"
check "info names the directory" "cache directory: $c" "$out"
check "info counts ftport's entries only" "entries: 3 (" "$out"

out=$(XDG_CACHE_HOME="$tmp" "$FTPORT" cache info 2>&1)
check "the default is \$XDG_CACHE_HOME/ftport" "cache directory: $tmp/ftport" "$out"
check "a missing cache is empty" "entries: 0 (0 bytes)" "$out"

out=$("$FTPORT" --cache-dir "$c" cache clear 2>&1); rc=$?
[ $rc -eq 0 ] && ok "clear exits 0" || fail "clear exited $rc: $out"
check "clear says what it removed" "removed 3 entries" "$out"
[ ! -e "$c/simple/0123456789abcdef0123456789abcdef.entry" ] && ok "entries removed" || fail "entry left"
[ -f "$c/simple/notes.txt" ] && [ -f "$c/simple/ABCDEF0123456789abcdef0123456789.entry" ] &&
	[ -f "$c/clones/0123456789abcdef0123456789abcdef.entry.bak" ] &&
	ok "other files kept" || fail "clear removed a file it did not write"
[ ! -d "$c/github" ] && ok "emptied namespace removed" || fail "github/ left"
out=$("$FTPORT" --cache-dir "$c" cache info 2>&1)
check "empty after clear" "entries: 0" "$out"

# --cache-dir may name a directory that holds more than ftport's: under venvs/ and
# tests/, clear removes only the scratch venvs and test results it recognises.
v="$tmp/v"
mkdir -p "$v/venvs/3.14t-python3.14t-0123abcd/bin" "$v/venvs/3.13t-python3-89abcdef.tmp.4242" \
	"$v/venvs/project-env" "$v/venvs/3.14t-python3.14t-fedcba98" "$v/tests"
echo "home = /usr/bin" > "$v/venvs/3.14t-python3.14t-0123abcd/pyvenv.cfg"
echo "home = /usr/bin" > "$v/venvs/project-env/pyvenv.cfg"
echo "keep" > "$v/venvs/3.14t-python3.14t-fedcba98/data.txt"
printf '{"schema": 1, "name": "numpy", "result": "passed"}\n' > "$v/tests/numpy.json"
printf '$ python -m pip install numpy\n' > "$v/tests/numpy.log"
printf '$ python -m venv x\nError\n' > "$v/tests/venvfail.log"
printf '{"schema": 1, "name": "x", "res' > "$v/tests/numpy.json.tmp.77"
printf '{"a": 1}\n' > "$v/tests/notes.json"
printf 'build output\n' > "$v/tests/build.log"
out=$("$FTPORT" --cache-dir "$v" cache info 2>&1)
check "info counts only ftport's venvs" "scratch venvs: 2 (" "$out"
check "info counts only ftport's results" "test results: 1 (" "$out"
out=$("$FTPORT" --cache-dir "$v" cache clear 2>&1); rc=$?
[ $rc -eq 0 ] && ok "clear of a shared directory exits 0" || fail "clear exited $rc: $out"
[ ! -e "$v/venvs/3.14t-python3.14t-0123abcd" ] && [ ! -e "$v/venvs/3.13t-python3-89abcdef.tmp.4242" ] &&
	[ ! -e "$v/tests/numpy.json" ] && [ ! -e "$v/tests/numpy.log" ] &&
	[ ! -e "$v/tests/venvfail.log" ] && [ ! -e "$v/tests/numpy.json.tmp.77" ] &&
	ok "ftport's venvs, results, logs and leftovers removed" || fail "one of ftport's left: $(ls -R "$v")"
[ -f "$v/venvs/project-env/pyvenv.cfg" ] && [ -f "$v/venvs/3.14t-python3.14t-fedcba98/data.txt" ] &&
	[ -f "$v/tests/notes.json" ] && [ -f "$v/tests/build.log" ] &&
	ok "someone else's venv, directory, JSON and log kept" || fail "clear removed what it did not make: $(ls -R "$v")"

"$FTPORT" --cache-dir "$c" cache >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "no subcommand: exit 2" || fail "no subcommand exited $rc"
out=$("$FTPORT" --cache-dir "$c" cache purge 2>&1); rc=$?
[ $rc -eq 2 ] && ok "unknown subcommand: exit 2" || fail "unknown subcommand exited $rc"
check "unknown subcommand named" "not 'purge'" "$out"

t_done
