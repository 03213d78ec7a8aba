#!/bin/sh
# tree_cli.sh: `ftport tree` on a site directory made here: the text tree (ASCII and
# UTF-8 glyphs, missing, unsatisfied, cycles, extras, sanitised metadata), the --json
# schema, and the exit statuses.
set -u
. "$(dirname "$0")/lib.sh"
t_tmpdir tree-cli
PY=/usr/bin/python3
[ -x "$PY" ] || PY=${PYTHON3:-python3}
site="$tmp/site"
mkdir "$site"

# dist NAME VERSION [Requires-Dist...]: a .dist-info with METADATA and RECORD.
dist() {
	d="$site/$(echo "$1" | tr '-' '_')-$2.dist-info"
	mkdir -p "$d"
	{
		printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$1" "$2"
		shift 2
		for r in "$@"; do
			printf 'Requires-Dist: %s\n' "$r"
		done
		printf '\nThe description.\n'
	} >"$d/METADATA"
	printf '%s/METADATA,,\n' "$(basename "$d")" >"$d/RECORD"
}

dist app 1.0 'lib[fast]>=1.0' 'ghost>=1' 'old>=2' 'winonly; sys_platform == "win32"'
dist lib 1.5 'speedup; extra == "fast"' 'cyc-a'
dist speedup 0.1
printf 'speedup/_impl.cpython-311-x86_64-linux-gnu.so,sha256=x,10\n' \
    >>"$site/speedup-0.1.dist-info/RECORD"
dist old 1.0
dist cyc-a 1 'cyc-b'
dist cyc-b 1 'cyc-a'
# Escape sequences in metadata: the title-setting OSC and a screen clear.
dist shady "$(printf '1.0\033]0;pwned\007\033[2J')" \
    "$(printf 'this is not ( a requirement \033]0;pwned\007')"

run() {
	"$FTPORT" --python "$PY" --path "$site" "$@"
}

# 1. The text tree, ASCII in the C locale.
cat >"$tmp/want.txt" <<'WANT'
app 1.0 pure
|-- lib 1.5 pure with [fast]
|   |-- speedup 0.1 compiled
|   `-- cyc-a 1 pure
|       `-- cyc-b 1 pure
|           `-- cyc-a 1 pure (cycle)
|-- ghost [missing]
`-- old 1.0 pure [unsatisfied: >=2]
shady 1.0 pure
WANT
LC_ALL=C run tree >"$tmp/out.txt" 2>"$tmp/err.txt"
rc=$?
if [ "$rc" -eq 0 ] && cmp -s "$tmp/want.txt" "$tmp/out.txt"; then
	ok "text tree (ASCII)"
else
	fail "text tree (ASCII), exit $rc:"
	diff "$tmp/want.txt" "$tmp/out.txt"
	cat "$tmp/err.txt"
fi

# 2. Nothing from the metadata reaches the terminal as a control character.
if LC_ALL=C tr -d '\n' <"$tmp/out.txt" | LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
	fail "control characters in the text tree"
else
	ok "text tree has no control characters"
fi

# 3. The invalid requirement is a warning naming the distribution, not fatal.
if grep -q 'shady' "$tmp/err.txt" && grep -q 'invalid requirement' "$tmp/err.txt"; then
	ok "invalid requirement warned"
else
	fail "no warning for the invalid requirement:"
	cat "$tmp/err.txt"
fi
if LC_ALL=C tr -d '\n' <"$tmp/err.txt" | LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
	fail "control characters in the warnings"
else
	ok "warnings have no control characters"
fi

# 4. UTF-8 box drawing in a UTF-8 locale.
utf8=$(locale -a 2>/dev/null | grep -i -m 1 -E '^(C|en_US)\.utf-?8$')
if [ -n "$utf8" ]; then
	LC_ALL=$utf8 run tree >"$tmp/out8.txt" 2>/dev/null
	sed -e 's/|-- /├── /' -e 's/`-- /└── /' -e 's/|   /│   /g' -e 's/|-- /├── /' \
	    -e 's/`-- /└── /' "$tmp/want.txt" >"$tmp/want8.txt"
	t_same "text tree (UTF-8, $utf8)" "$tmp/want8.txt" "$tmp/out8.txt"
else
	fail "no UTF-8 locale to test with (locale -a)"
fi

# 5. The JSON schema, exactly.
run tree --json >"$tmp/out.json" 2>/dev/null
rc=$?
if [ "$rc" -ne 0 ]; then
	fail "tree --json exited $rc"
fi
if "$PY" - "$tmp/out.json" "$site" <<'CHECK'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
site = sys.argv[2]
bad = []
def expect(cond, what):
    if not cond:
        bad.append(what)
expect(list(doc) == ["schema_version", "environment", "packages", "roots"], "top keys %s" % list(doc))
expect(doc["schema_version"] == 1, "schema_version")
env = doc["environment"]
expect(list(env) == ["python", "version", "implementation", "free_threaded", "platform",
                     "libc", "prefix", "source", "site_paths"], "environment keys %s" % list(env))
expect(isinstance(env["free_threaded"], bool), "free_threaded is a bool")
expect(env["site_paths"] == [site], "site_paths %s" % env["site_paths"])
pk = {p["name"]: p for p in doc["packages"]}
expect(sorted(pk) == ["app", "cyc-a", "cyc-b", "lib", "old", "shady", "speedup"], "names %s" % sorted(pk))
for p in doc["packages"]:
    expect(list(p) == ["name", "display_name", "version", "compiled", "abi_suffixes",
                       "location", "installer", "direct_url", "requires", "warnings"],
           "package keys %s" % list(p))
    for r in p["requires"]:
        expect(list(r) == ["name", "specifier", "marker", "extras", "from_extras",
                           "installed", "satisfied"], "requires keys %s" % list(r))
app = {r["name"]: r for r in pk["app"]["requires"]}
expect(sorted(app) == ["ghost", "lib", "old"], "app requires %s" % sorted(app))
expect(app["lib"]["extras"] == ["fast"] and app["lib"]["installed"] == "1.5" and app["lib"]["satisfied"] is True, "app -> lib %s" % app["lib"])
expect(app["lib"]["specifier"] == ">=1.0" and app["lib"]["marker"] is None and app["lib"]["from_extras"] == [], "app -> lib spec %s" % app["lib"])
expect(app["ghost"]["installed"] is None and app["ghost"]["satisfied"] is False, "ghost %s" % app["ghost"])
expect(app["old"]["installed"] == "1.0" and app["old"]["satisfied"] is False, "old %s" % app["old"])
lib = {r["name"]: r for r in pk["lib"]["requires"]}
expect(lib["speedup"]["from_extras"] == ["fast"] and lib["speedup"]["marker"] == 'extra == "fast"', "lib -> speedup %s" % lib["speedup"])
expect(pk["speedup"]["compiled"] is True and pk["speedup"]["abi_suffixes"] == ["cpython-311-x86_64-linux-gnu"], "speedup %s" % pk["speedup"])
expect(pk["app"]["compiled"] is False and pk["app"]["direct_url"] is None, "app %s" % pk["app"])
expect(pk["app"]["location"] == site, "location %s" % pk["app"]["location"])
expect(pk["shady"]["version"] == "1.0\x1b]0;pwned\x07\x1b[2J", "shady version kept as data %r" % pk["shady"]["version"])
expect(any("invalid requirement" in w for w in pk["shady"]["warnings"]), "shady warnings %s" % pk["shady"]["warnings"])
expect(doc["roots"] == ["app", "shady"], "roots %s" % doc["roots"])
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
CHECK
then
	ok "JSON schema and content"
else
	fail "JSON schema and content"
fi
if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037]')" "$tmp/out.json"; then
	fail "raw control characters in the JSON"
else
	ok "JSON escapes control characters"
fi

# 6. A pure cycle that nothing else requires still appears, once, under a root.
mkdir "$tmp/site2"
site_save=$site
site="$tmp/site2"
dist ring-b 2 'ring-a'
dist ring-a 1 'ring-b>=3'
cat >"$tmp/want2.txt" <<'WANT'
ring-a 1 pure
`-- ring-b 2 pure [unsatisfied: >=3]
    `-- ring-a 1 pure (cycle)
WANT
LC_ALL=C run tree >"$tmp/out2.txt" 2>&1
t_same "pure cycle shown once under a root" "$tmp/want2.txt" "$tmp/out2.txt"

# 6b. empty_specifier_any_version: "Requires-Dist: b" holds for whatever b is
# installed, a version that is not PEP 440 too (it was "[unsatisfied: url]").
mkdir "$tmp/site4"
site="$tmp/site4"
dist needs-b 1.0 'custom-b'
dist custom-b 1.0-custom.build
dist needs-newer 1.0 'custom-b>=2'
cat >"$tmp/want4.txt" <<'WANT'
needs-b 1.0 pure
`-- custom-b 1.0-custom.build pure
needs-newer 1.0 pure
`-- custom-b 1.0-custom.build pure [unsatisfied: >=2]
WANT
LC_ALL=C run tree >"$tmp/out4.txt" 2>&1
t_same "empty specifier holds for a version that is not PEP 440" "$tmp/want4.txt" \
    "$tmp/out4.txt"
site=$site_save

# 7. A shared dependency is printed under each parent (pipdeptree), unless its subtree
# is longer than 20 lines: then in full once, and "shown above" after.
mkdir "$tmp/site3"
site="$tmp/site3"
leaves=""
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21; do
	dist "leaf$i" 1
	leaves="$leaves leaf$i"
done
# shellcheck disable=SC2086
dist hub 1 $leaves
dist small 1 leaf01
dist user-a 1 hub small
dist user-b 1 hub small
{
	echo "user-a 1 pure"
	echo "|-- hub 1 pure"
	for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do
		echo "|   |-- leaf$i 1 pure"
	done
	echo "|   \`-- leaf21 1 pure"
	echo "\`-- small 1 pure"
	echo "    \`-- leaf01 1 pure"
	echo "user-b 1 pure"
	echo "|-- hub 1 pure (dependencies shown above)"
	echo "\`-- small 1 pure"
	echo "    \`-- leaf01 1 pure"
} >"$tmp/want3.txt"
LC_ALL=C run tree >"$tmp/out3.txt" 2>&1
t_same "shared subtrees: small ones repeated, large ones once" "$tmp/want3.txt" \
    "$tmp/out3.txt"
site=$site_save

# 8. Exit statuses.
"$FTPORT" tree --python "$tmp/no-such-python" >"$tmp/o" 2>"$tmp/e"
rc=$?
if [ "$rc" -eq 3 ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] && [ ! -s "$tmp/o" ]; then
	ok "missing interpreter: exit 3, one line ($(cat "$tmp/e"))"
else
	fail "missing interpreter: exit $rc, stderr: $(cat "$tmp/e")"
fi
run tree extra-operand >/dev/null 2>"$tmp/e"
rc=$?
if [ "$rc" -eq 2 ] && [ "$(wc -l <"$tmp/e")" -eq 1 ]; then
	ok "operand: exit 2"
else
	fail "operand: exit $rc, stderr: $(cat "$tmp/e")"
fi
run tree --no-such-option >/dev/null 2>"$tmp/e"
rc=$?
if [ "$rc" -eq 2 ]; then
	ok "unknown option: exit 2"
else
	fail "unknown option: exit $rc"
fi
# An option of another command is refused, not silently ignored.
run tree --format json >/dev/null 2>"$tmp/e"
rc=$?
if [ "$rc" -eq 2 ] && grep -q -- '--format does not apply to tree' "$tmp/e"; then
	ok "option of another command: exit 2"
else
	fail "option of another command: exit $rc, stderr: $(cat "$tmp/e")"
fi
"$FTPORT" tree --python >/dev/null 2>"$tmp/e"
rc=$?
if [ "$rc" -eq 2 ] && grep -q -- '--python needs an argument' "$tmp/e"; then
	ok "option without its argument: exit 2"
else
	fail "option without its argument: exit $rc, stderr: $(cat "$tmp/e")"
fi
"$FTPORT" tree --help >"$tmp/o" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && grep -q -- '--json' "$tmp/o"; then
	ok "tree --help"
else
	fail "tree --help: exit $rc"
fi

# 9. No network: the same tree inside a network namespace with no interfaces up,
# where the kernel allows an unprivileged one.
if command -v unshare >/dev/null 2>&1 && unshare -rn true 2>/dev/null; then
	LC_ALL=C unshare -rn "$FTPORT" --python "$PY" --path "$site" tree >"$tmp/outn.txt" 2>/dev/null
	if cmp -s "$tmp/want.txt" "$tmp/outn.txt"; then
		ok "same tree without a network"
	else
		fail "tree without a network differs"
	fi
else
	echo "note: unshare -rn not permitted here; the no-network check is skipped"
fi

t_done
