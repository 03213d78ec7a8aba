#!/bin/sh
# tui_script.sh: the TUI in its scripted mode (FTPORT_SCRIPT): each tests/tui/NAME.keys
# runs against the fake index with the environment pinned, and every screen it saves
# must equal tests/tui/*.screen. Header lines of a .keys file: "# env: VAR=VALUE ...",
# "# args: OPTIONS", "# config: LINE" (a line of the run's ftport config),
# "# replacements: LINE" (a line of the run's replacements.json, when there is one),
# "# testresult: JSON" (a stored result of ftport test, in the run's cache).
# Also: colours on and off (the cells' colour pairs), the escape-injection fixture, the
# browser started by open-url, and the exit status.
set -u
. "$(dirname "$0")/lib.sh"
PY=${PYTHON3:-python3}

t_tmpdir tui-script
index_pid=
t_cleanup() {
	tui_stop_index
}

. "$SRCDIR/tests/tui/env.sh"

HOME="$tmp/home"
mkdir -p "$HOME"
export HOME
tui_make_env
tui_start_index || t_abort "the fake index did not start"

# A lockfile for lock.keys ("--lock ../../lock/uv.lock" from its run directory).
mkdir -p "$tmp/lock"
cp "$SRCDIR/tests/fixtures/lock/uv.lock" "$tmp/lock/uv.lock"

utf8=$(locale -a 2>/dev/null | grep -i -m 1 -E '^(C|en_US)\.utf-?8$')
[ -n "$utf8" ] || utf8=C.UTF-8

# The browser open-url starts: it writes its arguments down.
cat >"$tmp/browser" <<'SH'
#!/bin/sh
printf '%s\n' "$@" >"$BROWSER_OUT.tmp" && mv "$BROWSER_OUT.tmp" "$BROWSER_OUT"
SH
chmod +x "$tmp/browser"

# run_keys NAME: runs tests/tui/NAME.keys in its own directory; sets out.
run_keys() {
	name=$1
	keys="$SRCDIR/tests/tui/$name.keys"
	out="$tmp/out/$name"
	mkdir -p "$out" "$HOME/xdg/$name/ftport"
	envs=$(sed -n 's/^# env: //p' "$keys")
	args=$(sed -n 's/^# args: //p' "$keys")
	sed -n 's/^# config: //p' "$keys" >"$HOME/xdg/$name/ftport/config"
	if grep -q '^# replacements: ' "$keys"; then
		sed -n 's/^# replacements: //p' "$keys" >"$HOME/xdg/$name/ftport/replacements.json"
	fi
	# "# testresult: JSON": a result of ftport test in the run's store, one file each.
	_n=0
	sed -n 's/^# testresult: //p' "$keys" | while IFS= read -r _line; do
		_n=$((_n + 1))
		mkdir -p "$tmp/cache/$name/tests"
		printf '%s\n' "$_line" >"$tmp/cache/$name/tests/r$_n.json"
	done
	# shellcheck disable=SC2086
	(cd "$out" && env -i PATH="$PATH" HOME="$HOME" TERM=xterm LANG="$utf8" LC_ALL="$utf8" \
	    TZ=UTC LINES=24 COLUMNS=80 XDG_CONFIG_HOME="$HOME/xdg/$name" \
	    XDG_CACHE_HOME="$tmp/cache" BROWSER="$tmp/browser %s" \
	    BROWSER_OUT="$tmp/browser.out" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
	    LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	    $envs FTPORT_SCRIPT="$keys" \
	    "$FTPORT" --venv "$HOME/venv" --index-url "$index_url" --github-api "$forge_url" \
	    --cache-dir "$tmp/cache/$name" --platform linux-x86_64 $args \
	    </dev/null >"$out/stdout" 2>"$out/stderr")
	rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "$name: ran (exit 0)"
	else
		fail "$name: exit $rc"
		sed 's/^/    /' "$out/stderr"
	fi
}

# export-recorded.keys: a state that records the checklist an export wrote.
mkdir -p "$tmp/out/export-recorded/.ftport" "$tmp/out/export-recorded/docs"
printf '{"schema_version": 1, "packages": {}, "checklist": "docs/PORTING.md"}\n' \
    >"$tmp/out/export-recorded/.ftport/state.json"

# Every expected screen is saved by some script, and equal to what it saved.
for keys in "$SRCDIR"/tests/tui/*.keys; do
	run_keys "$(basename "$keys" .keys)"
done
for want in "$SRCDIR"/tests/tui/*.screen; do
	base=$(basename "$want")
	got=$(ls "$tmp"/out/*/"$base" 2>/dev/null | head -n 1)
	if [ -z "$got" ]; then
		fail "$base: no script saved it"
	else
		t_same "$base" "$want" "$got"
	fi
done
for got in "$tmp"/out/*/*.screen; do
	[ -f "$SRCDIR/tests/tui/$(basename "$got")" ] ||
	    fail "$(basename "$got") was saved but tests/tui has no such expected screen"
done

# Team keys (team.keys): what a, x and c wrote into .ftport/state.json in the run's
# directory (the project root outside a git work tree), and what e exported.
st="$tmp/out/team/.ftport/state.json"
if [ -f "$st" ] && "$PY" - "$st" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["packages"]
assert p == {"numpy": {"owner": "alice", "decision": "ignore", "note": "wait for 2.1"}}, p
PY
then
	ok "team: a, x and c wrote the state (the refused decision and the cancelled owner did not)"
else
	fail "team: state $(cat "$st" 2>/dev/null)"
fi
ck="$tmp/out/team/.ftport/checklist.md"
if grep -q '^## Ignored (not counted as blockers) <!-- ftport:section ignored -->$' "$ck" 2>/dev/null &&
    grep -q 'owner: alice · note: wait for 2.1 <!-- ftport:numpy -->$' "$ck" &&
    grep -q '^- \[ \] \*\*markupsafe\*\* 2.1.5 — upgrade: `pip install "markupsafe>=3.0.3"`' "$ck"; then
	ok "team: e exported the checklist beside the state (numpy ignored, with its owner and note)"
else
	fail "team: checklist:"
	sed 's/^/    /' "$ck" 2>/dev/null
fi

if grep -q '^# Free-threading porting checklist' "$tmp/out/export-recorded/docs/PORTING.md" 2>/dev/null &&
    [ ! -e "$tmp/out/export-recorded/.ftport/checklist.md" ]; then
	ok "e wrote the checklist the state records (docs/PORTING.md), and no other"
else
	fail "e did not write docs/PORTING.md: $(ls -R "$tmp/out/export-recorded" | tr '\n' ' ')"
fi

# Colours: statuses coloured when allowed; none with NO_COLOR, and the same words.
if grep -q '[1-6]' "$tmp/out/colors/colors.colors" 2>/dev/null &&
    grep -q '5' "$tmp/out/colors/colors.colors"; then
	ok "colours on: status cells carry colour pairs (red for blocked)"
else
	fail "colours on: no coloured cells"
fi
if [ -f "$tmp/out/nocolor/nocolor.colors" ] && ! grep -q '[0-9+]' "$tmp/out/nocolor/nocolor.colors"; then
	ok "NO_COLOR: no cell coloured"
else
	fail "NO_COLOR: coloured cells"
fi
if [ -f "$tmp/out/colornever/colornever.colors" ] && ! grep -q "[0-9+]" "$tmp/out/colornever/colornever.colors"; then
	ok "--color never: no cell coloured"
else
	fail "--color never: coloured cells"
fi

# The legend at the end of the help: every status once, with its glyph and word; with
# colours, each line drawn in the colour it names (the pairs of ui/text.h: green 1,
# cyan 2, yellow 3, magenta 4, red 5, grey 6); with NO_COLOR, neither names nor pairs.
statuses="ready pure fallback upgrade prerelease elsewhere other-abi source abi3 blocked gil-reenabled failed import-failed crashed unknown"
# legend_rows SCREEN: "ROW WORD COLOURNAME" for each legend line of a saved help screen.
legend_rows() {
	awk -v list="$statuses" 'BEGIN { n = split(list, w, " "); for (i = 1; i <= n; i++) s[w[i]] = 1 }
	    $2 in s && /^   [^ ]+ [a-z0-9-]+ / { print NR, $2, ($3 ~ /^(green|cyan|yellow|magenta|red|grey)$/ ? $3 : "-") }' "$1"
}
check_legend() {	# NAME SCREEN COLOURS COLOURED(yes|no)
	_rows=$(legend_rows "$2")
	_words=$(echo "$_rows" | awk '{ printf "%s%s", sep, $2; sep = " " }')
	if [ "$_words" = "$statuses" ]; then
		ok "$1: the legend lists every status, in order, with a glyph"
	else
		fail "$1: legend statuses '$_words'"
	fi
	[ -n "$3" ] || return 0
	_bad=$(echo "$_rows" | while read -r row word colour; do
		cell=$(sed -n "${row}p" "$3" | cut -c 4)
		case $4:$colour in
		yes:green) want=1 ;; yes:cyan) want=2 ;; yes:yellow) want=3 ;;
		yes:magenta) want=4 ;; yes:red) want=5 ;; yes:grey) want=6 ;;
		no:-) want=. ;;
		*) want="(no colour name '$colour')" ;;
		esac
		[ "$cell" = "$want" ] || echo "$word: pair $cell, want $want"
	done)
	if [ -z "$_bad" ]; then
		ok "$1: each legend glyph is drawn in $([ "$4" = yes ] && echo the colour it names || echo no colour)"
	else
		fail "$1: $_bad"
	fi
}
check_legend "help legend, colours" "$tmp/out/help/help-legend.screen" \
    "$tmp/out/help/help-legend.colors" yes
check_legend "help legend, NO_COLOR" "$tmp/out/help-nocolor/help-nocolor.screen" \
    "$tmp/out/help-nocolor/help-nocolor.colors" no
if [ -f "$tmp/out/help-nocolor/help-nocolor.colors" ] &&
    ! grep -q '[0-9+]' "$tmp/out/help-nocolor/help-nocolor.colors"; then
	ok "help legend, NO_COLOR: no cell coloured"
else
	fail "help legend, NO_COLOR: coloured cells"
fi
check_legend "help legend, C locale" "$tmp/out/help-ascii/help-ascii.screen" "" ""
if [ -f "$tmp/out/help-ascii/help-ascii.screen" ] &&
    ! LC_ALL=C grep -q "$(printf '[\200-\377]')" "$tmp/out/help-ascii/help-ascii.screen"; then
	ok "help legend, C locale: ASCII only"
else
	fail "help legend, C locale: bytes outside ASCII"
fi

# Text that is not ASCII (wenzi: CJK and a combining accent): columns measured by
# tests/tui/columns.py's own widths, in the UTF-8 locale and the C locale's fallback.
for sc in utf8/utf8-detail:80 utf8/utf8-wide:120 utf8/utf8-narrow:40 utf8/utf8-tiny:21 \
    utf8-ascii/utf8-ascii-tiny:21 first/first:80 \
    narrow/narrow:40 narrow/resized-200:200 detail/detail-wide:120 \
    utf8-ascii/utf8-ascii:80 utf8-ascii/utf8-ascii-narrow:40 ascii/ascii:80; do
	f="$tmp/out/${sc%:*}.screen" why=
	if [ -f "$f" ] && grep -q 'nzi-' "$f" && why=$("$PY" "$SRCDIR/tests/tui/columns.py" "$f" "${sc#*:}"); then
		ok "$(basename "$f"): columns aligned at ${sc#*:} columns with wide and combining characters"
	else
		fail "$(basename "$f"): ${why:-not saved, or without the package wenzi}"
	fi
done
for f in "$tmp"/out/utf8-ascii/*.screen "$tmp"/out/ascii/*.screen; do
	if { ! grep -q 'nzi' "$f" || grep -q 'we?nzi-?? 2\.0' "$f"; } &&
	    ! LC_ALL=C grep -q "$(printf '[\200-\377]')" "$f"; then
		ok "$(basename "$f"): ASCII only, one '?' per character ASCII lacks"
	else
		fail "$(basename "$f"): bytes outside ASCII, or the name not as 'we?nzi-??'"
	fi
done

# messages.keys: the log (M) holds what was said at start (the environment's warning,
# the config's error) and since, whole; Q quit from the help (nothing saved after it).
log="$tmp/out/messages/messages-log.screen"
if grep -q "^ --venv ~/venv: ~/venv/bin/python: no such file" "$log" 2>/dev/null &&
    grep -q "config:1: unknown action 'explode'" "$log" &&
    grep -q "^ no package matches 'zzz'" "$log" && grep -q "^ match 2 of 2 for 'ypin'" "$log"; then
	ok "messages: M shows every message of the session, the start's too"
else
	fail "messages: the log lacks messages"
fi
if [ -f "$tmp/out/messages/messages-closed.screen" ] && [ ! -f "$tmp/out/messages/messages-never.screen" ]; then
	ok "messages: q closed the log and the pane; Q quit from the help at once"
else
	fail "messages: Q did not quit from the help"
fi
# The search's matches stand out: their names in the yellow pair (3), no other name.
cl="$tmp/out/messages/messages-search.colors"
if [ "$(sed -n '10p;11p' "$cl" 2>/dev/null | cut -c 12-30 | grep -c '^3*$')" = 2 ] &&
    ! sed -n '4,9p;12,16p' "$cl" | cut -c 10-40 | grep -q 3; then
	ok "search: the matching names are highlighted, and only they"
else
	fail "search: highlight $(sed -n '4,16p' "$cl" 2>/dev/null | cut -c 1-40 | tr '\n' ' ')"
fi

# Escape injection: nothing of the sequences reaches the screen; the text around does.
if grep -q 'innocent text here' "$tmp/out/injection/injection.screen" 2>/dev/null &&
    ! grep -q 'pwned' "$tmp/out/injection/injection.screen" &&
    ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp"/out/*/*.screen; then
	ok "escape sequences stripped from the Summary"
else
	fail "escape sequences reached the screen"
fi

# upstream.keys: open-url on numpy's detail pane started the browser with the finding
# marked there (the first one shown), not the project's URL.
bout="$tmp/out/upstream/browser-upstream.out"
i=0
while [ ! -f "$bout" ] && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ "$(cat "$bout" 2>/dev/null)" = "https://github.com/numpy/numpy/issues/10" ]; then
	ok "open-url in the detail pane ran \$BROWSER with the marked upstream finding"
else
	fail "open-url on a finding: browser got '$(cat "$bout" 2>/dev/null)'"
fi

# open-url started the browser with the Source URL as one argument (no shell).
i=0
while [ ! -f "$tmp/browser.out" ] && [ "$i" -lt 100 ]; do
	i=$((i + 1))
	sleep 0.05
done
if [ "$(cat "$tmp/browser.out" 2>/dev/null)" = "https://example.org/shady/src" ]; then
	ok "open-url ran \$BROWSER with the project URL"
else
	fail "open-url: browser got '$(cat "$tmp/browser.out" 2>/dev/null)'"
fi

# A script that names a key that does not exist fails, with a message.
printf 'j\n:frobnicate\n' >"$tmp/bad.keys"
(cd "$tmp" && env -i PATH="$PATH" HOME="$HOME" TERM=xterm LANG="$utf8" LC_ALL="$utf8" \
    LINES=24 COLUMNS=80 XDG_CONFIG_HOME="$tmp/xdg/none" FTPORT_SCRIPT="$tmp/bad.keys" \
    "$FTPORT" --venv "$HOME/venv" --offline --cache-dir "$tmp/cache/bad" \
    --platform linux-x86_64 </dev/null >"$tmp/bad.out" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && grep -q 'bad.keys:2' "$tmp/bad.out"; then
	ok "a bad script line fails the run ($rc)"
else
	fail "a bad script line: exit $rc: $(cat "$tmp/bad.out")"
fi

# Without a terminal and without a script, the TUI says what to use instead.
env -i PATH="$PATH" HOME="$HOME" TERM=xterm "$FTPORT" --venv "$HOME/venv" --offline \
    </dev/null >"$tmp/noterm.out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q 'needs a terminal' "$tmp/noterm.out"; then
	ok "no terminal: exit 2 with a message"
else
	fail "no terminal: exit $rc: $(cat "$tmp/noterm.out")"
fi

t_done
