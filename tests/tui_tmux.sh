#!/bin/sh
# tui_tmux.sh: the real binary in a real terminal (tmux, after tmux's own regress
# tests): the first screen at once with statuses still being checked, the verdicts
# streaming in from the fake index, keys, resizing to 40x15 and 200x60, the escape-
# injection fixture (the pane title must not change), wide characters aligned, the
# upstream action waiting out a rate limit with the keys still answered, and the
# terminal restored after q, SIGTERM, C-c and a fatal error (out of memory, the address
# space limited from outside). Every wait polls the pane with a deadline; no fixed
# sleeps.
set -u
. "$(dirname "$0")/lib.sh"
PY=${PYTHON3:-python3}

command -v tmux >/dev/null 2>&1 ||
	t_abort "tmux is not installed (tests/deps-apt.txt lists it)"

t_tmpdir tui-tmux
sock="ftport-test-$$"
index_pid=
t_cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null
	tui_stop_index
}

. "$SRCDIR/tests/tui/env.sh"
unset TMUX

HOME="$tmp/home"
mkdir -p "$HOME"
export HOME
tui_make_env
# A package the fake index answers only after 5 s: the first screen must not wait.
tui_dist fault-slow 1.0 compiled
tui_start_index || t_abort "the fake index did not start"
utf8=$(locale -a 2>/dev/null | grep -i -m 1 -E '^(C|en_US)\.utf-?8$')
[ -n "$utf8" ] || utf8=C.UTF-8

T() {
	tmux -L "$sock" "$@"
}
capture() {
	T capture-pane -p -t "$1" 2>/dev/null
}
# wait_for TARGET PATTERN [SECONDS]: polls the pane until grep -E finds PATTERN.
wait_for() {
	_deadline=$(( $(date +%s) + ${3:-20} ))
	while :; do
		if capture "$1" | grep -q -E -- "$2"; then
			return 0
		fi
		[ "$(date +%s)" -ge "$_deadline" ] && return 1
		sleep 0.05
	done
}
# wait_gone TARGET PATTERN [SECONDS]
wait_gone() {
	_deadline=$(( $(date +%s) + ${3:-20} ))
	while :; do
		if ! capture "$1" | grep -q -E -- "$2"; then
			return 0
		fi
		[ "$(date +%s)" -ge "$_deadline" ] && return 1
		sleep 0.05
	done
}
wait_dead() {
	_deadline=$(( $(date +%s) + ${2:-20} ))
	while :; do
		# The status is filled in a moment after the pane is marked dead.
		[ "$(T display -p -t "$1" '#{pane_dead}:#{pane_dead_status}' 2>/dev/null)" != 1: ] &&
		    [ "$(T display -p -t "$1" '#{pane_dead}' 2>/dev/null)" = 1 ] && return 0
		[ "$(date +%s)" -ge "$_deadline" ] && return 1
		sleep 0.05
	done
}

# The command a pane runs: ftport on the environment, against the fake index.
ftport_cmd() {
	printf "env LANG=%s LC_ALL=%s HOME='%s' XDG_CONFIG_HOME='%s/xdg' XDG_CACHE_HOME='%s/cache' %s '%s' --venv '%s/venv' --index-url '%s' --cache-dir '%s/cache/%s' --platform linux-x86_64" \
	    "$utf8" "$utf8" "$HOME" "$HOME" "$HOME" "${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS}" \
	    "$FTPORT" "$HOME" "$index_url" "$HOME" "$1"
}

# --- 1. first screen, streaming, keys, resize, injection, q ---------------------------
T -f /dev/null new-session -d -s main -x 80 -y 24 \
    "sh -c \"$(ftport_cmd main); echo RESTORED \\\$?; sleep 60\""
T set-option -g remain-on-exit on >/dev/null
if wait_for main 'ftport .* ~/venv' 10 && wait_for main 'unknown \(checking\)' 5 &&
    capture main | sed -n 1p | grep -q -E ' [0-9]+/14$'; then
	ok "first screen at once, statuses still being checked, progress in the header"
else
	fail "no first screen with 'unknown (checking)':"
	capture main | sed 's/^/    /'
fi
if wait_for main '14 packages' 30 && wait_gone main 'checking' 5; then
	ok "every verdict arrived (the slow package too)"
else
	fail "verdicts did not all arrive:"
	capture main | sed 's/^/    /'
fi
if capture main | grep -q -E 'numpy 1\.25\.1 +blocked ●' &&
    capture main | grep -q -E 'markupsafe 2\.1\.5 +upgrade ↑3\.0\.3'; then
	ok "verdicts shown with leaf blocker and fix"
else
	fail "verdicts not shown:"
	capture main | sed 's/^/    /'
fi
# wenzi's Name holds CJK and a combining accent: in a real terminal (tmux measures the
# characters itself) its status word still ends in the column of every other row's.
capture main >"$tmp/wide.txt"
if grep -q 'nzi-文字 2\.0 .*pure$' "$tmp/wide.txt" &&
    why=$("$PY" "$SRCDIR/tests/tui/columns.py" "$tmp/wide.txt" 80); then
	ok "wide and combining characters: the columns stay aligned in the terminal"
else
	fail "wide and combining characters: ${why:-no row for wenzi}"
	sed 's/^/    /' "$tmp/wide.txt"
fi
T send-keys -t main j j l
if wait_for main 'charset-normalizer 3\.4\.7 +ready' 5 &&
    capture main | grep -q -E '^>  ▾ ◇ requests'; then
	ok "keys: j j l unfolds requests"
else
	fail "keys did not unfold requests:"
	capture main | sed 's/^/    /'
fi

T resize-window -t main -x 40 -y 15
if wait_for main '^ ✓[0-9]+ ◇[0-9]+ ↑[0-9]+ ✗1 \?1 +view: tree$' 5 &&
    [ "$(capture main | wc -l)" -eq 15 ] &&
    capture main | sed -n 15p | grep -q 'j/k move'; then
	ok "resized to 40x15: redrawn to fit"
else
	fail "resize to 40x15:"
	capture main | sed 's/^/    /'
fi
T resize-window -t main -x 200 -y 60
if wait_for main '14 packages$' 5 && [ "$(capture main | wc -l)" -eq 60 ] &&
    capture main | sed -n 60p | grep -q 'q quit' &&
    [ "$(capture main | sed -n 3p | tr -d '\n' | LC_ALL=$utf8 wc -m)" -eq 200 ]; then
	ok "resized to 200x60: redrawn to fit"
else
	fail "resize to 200x60:"
	capture main | sed 's/^/    /'
fi
T resize-window -t main -x 80 -y 24
if wait_for main '^ ✓ 3 ready .* view: tree$' 5 && [ "$(capture main | wc -l)" -eq 24 ]; then
	ok "resized back to 80x24"
else
	fail "resize back to 80x24:"
	capture main | sed 's/^/    /'
fi

# The Summary of shady holds an OSC title sequence and a screen clear.
before=$(T display -p -t main '#{pane_title}')
T send-keys -t main / s h a d y Enter Enter
if wait_for main 'innocent text here' 5; then
	ok "escape-laden Summary shown stripped"
else
	fail "the Summary is not shown:"
	capture main | sed 's/^/    /'
fi
title=$(T display -p -t main '#{pane_title}')
if [ "$title" != "pwned" ] && [ "$title" = "$before" ] &&
    capture main | grep -q 'ftport .* ~/venv' && ! capture main | grep -q 'pwned'; then
	ok "pane title unchanged ('$title') and the screen intact"
else
	fail "escape injection: title '$title' (was '$before')"
	capture main | sed 's/^/    /'
fi

T send-keys -t main q
if wait_gone main 'innocent text here' 5 && capture main | grep -q 'ftport .* ~/venv'; then
	ok "q closes the detail pane first"
else
	fail "q did not close the detail pane"
fi
T send-keys -t main q
if wait_for main '^RESTORED 0$' 10 && ! capture main | grep -q 'ftport .* ~/venv'; then
	ok "q quits (exit 0) and the terminal is restored (alternate screen gone)"
else
	fail "after q:"
	capture main | sed 's/^/    /'
fi

# --- 1a. C-s and C-q reach their bindings: flow control is off while the UI runs ------
mkdir -p "$HOME/xdg/ftport"
printf 'bind C-s messages\nbind C-q quit-all\n' >"$HOME/xdg/ftport/config"
T new-session -d -s flow -x 80 -y 24 \
    "sh -c \"$(ftport_cmd flow); echo RESTORED \\\$?; stty -a | grep -o -- '-*ixon'; sleep 60\""
if wait_for flow 'ftport .* ~/venv' 10; then
	rm -f "$HOME/xdg/ftport/config"
	T send-keys -t flow C-s
fi
if wait_for flow '^ Messages' 5; then
	ok "C-s reached its binding (messages), not the terminal's flow control"
else
	fail "C-s did not open the messages:"
	capture flow | sed 's/^/    /'
fi
T send-keys -t flow C-q
if wait_for flow '^RESTORED 0$' 5 && wait_for flow '^ixon$' 5; then
	ok "C-q reached its binding (quit-all), and the terminal's flow control is back after"
else
	fail "C-q did not quit, or ixon was not restored:"
	capture flow | sed 's/^/    /'
fi

# --- 1b. upstream (u) in the background, held by a rate limit ------------------------
# numpy's repository comes from the tracking table; in this copy of the snapshot it is
# one the fake GitHub refuses once (403, x-ratelimit-remaining: 0, reset in 2 s). While
# the answer waits, the status line says when it can come and the keys still work.
mkdir -p "$tmp/data"
"$PY" - "$SRCDIR/data/snapshot.json" "$tmp/data/snapshot.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["packages"].setdefault("numpy", {})["upstream_issue"] = \
    "https://github.com/fault/ratelimit-403/issues/1"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"))
PY
T new-session -d -s up -x 80 -y 24 \
    "sh -c \"env FTPORT_DATA_DIR='$tmp/data' $(ftport_cmd up) --github-api '${forge_url}'; sleep 60\""
if wait_for up '14 packages' 30 && wait_gone up 'checking' 10; then
	T send-keys -t up / n u m p y Enter Enter u
	if wait_for up 'rate limited: next in [0-9]+ s; set GITHUB_TOKEN for 30/min' 10; then
		ok "u: the rate-limit wait is said on the status line"
	else
		fail "u: no rate-limit line:"
		capture up | sed 's/^/    /'
	fi
	T send-keys -t up k
	if wait_for up '^>▾ ✗ app 1\.0' 5; then
		ok "u: the keys still work (k moved the cursor)"
	else
		fail "u: the screen did not follow k while waiting:"
		capture up | sed 's/^/    /'
	fi
	T send-keys -t up j
	wait_for up 'The numpy package' 5
	T send-keys -t up J J J J J J
	if wait_for up 'issue #10 open: Free-threaded wheels' 15 &&
	    capture up | grep -q 'Upstream: https://github.com/fault/ratelimit-403'; then
		ok "u: the findings arrive after the reset and show in the detail pane"
	else
		fail "u: no findings:"
		capture up | sed 's/^/    /'
	fi
else
	fail "upstream session: the check did not finish"
	capture up | sed 's/^/    /'
fi
T kill-session -t up 2>/dev/null

# --- 2. SIGTERM and C-c restore the terminal ------------------------------------------
# The wrapper shell ignores SIGINT (ftport sets its own handler) so that it survives
# C-c to write down how ftport ended.
wait_file() {
	_deadline=$(( $(date +%s) + ${2:-20} ))
	while [ ! -s "$1" ]; do
		[ "$(date +%s)" -ge "$_deadline" ] && return 1
		sleep 0.05
	done
}
for sig in TERM INT; do
	T new-window -d -t main -n "$sig" "sh -c \"trap '' INT; echo \\\$\\\$ >'$tmp/$sig.pid'; $(ftport_cmd "$sig"); echo EXIT \\\$? >'$tmp/$sig.status'; sleep 60\""
	if ! wait_for "main:$sig" '14 packages' 30; then
		fail "SIG$sig case: ftport did not start"
		capture "main:$sig" | sed 's/^/    /'
		continue
	fi
	if [ "$sig" = TERM ]; then
		want=143
		child=$(pgrep -P "$(cat "$tmp/$sig.pid")")
		kill -TERM $child
	else
		want=130
		T send-keys -t "main:$sig" C-c
	fi
	if wait_file "$tmp/$sig.status" 10 && [ "$(cat "$tmp/$sig.status")" = "EXIT $want" ] &&
	    wait_gone "main:$sig" 'ftport .* ~/venv' 5; then
		ok "SIG$sig: exit $want, terminal restored"
	else
		fail "SIG$sig: $(cat "$tmp/$sig.status" 2>/dev/null)"
		capture "main:$sig" | sed 's/^/    /'
	fi
done

# --- 2b. team keys in a real terminal: a, x, e, and d with $EDITOR ---------------------
# In a project directory of its own (not a git work tree: the state goes there). The
# editor d starts is a script: it notes whether the terminal was handed back to it (the
# alternate screen off), appends a line and exits; the TUI must come back whole.
proj="$tmp/proj"
TMUX_BIN=$(command -v tmux)
mkdir -p "$proj"
cat >"$tmp/editor" <<SH
#!/bin/sh
"$TMUX_BIN" -L "$sock" display -p -t main:team '#{alternate_on}' >"$tmp/editor.alt"
printf 'EDITED BY THE TEST\n' >>"\$1"
printf '%s\n' "\$1" >"$tmp/editor.out"
SH
chmod +x "$tmp/editor"
T new-window -d -t main -n team "sh -c \"cd '$proj' && VISUAL= EDITOR='$tmp/editor' $(ftport_cmd team); echo EXIT \\\$? >'$tmp/team.status'; sleep 60\""
if wait_for main:team '14 packages' 30 && wait_gone main:team 'checking' 30; then
	T send-keys -t main:team / n u m p y Enter a
	wait_for main:team '^owner: ' 5
	T send-keys -t main:team -l 'bob'
	T send-keys -t main:team Enter x
	wait_for main:team '^decision: i ignore' 5
	T send-keys -t main:team i
	if wait_for main:team 'numpy 1\.25\.1 \[ignore\] @bob' 5 &&
	    wait_for main:team '1 ignored, not counted' 5 &&
	    ! capture main:team | sed -n 2p | grep -q 'blocked'; then
		ok "team: a and x shown in the row; the ignored blocker left the counts, and the header says so"
	else
		fail "team: a/x not shown:"
		capture main:team | sed 's/^/    /'
	fi
	# Escape cancels a prompt: nothing typed after it reaches the state.
	T send-keys -t main:team a
	wait_for main:team '^owner: bob' 5
	T send-keys -t main:team -l 'mallory'
	T send-keys -t main:team Escape
	wait_gone main:team '^owner: ' 5
	T send-keys -t main:team e
	if wait_for main:team 'checklist exported to \.ftport/checklist\.md' 10 &&
	    grep -q 'owner: bob · note: — <!-- ftport:numpy -->$' "$proj/.ftport/checklist.md"; then
		ok "team: e exported the checklist"
	else
		fail "team: e did not export:"
		capture main:team | sed 's/^/    /'
	fi
	T send-keys -t main:team d
	if wait_file "$tmp/editor.out" 20 && [ "$(cat "$tmp/editor.alt")" = 0 ] &&
	    wait_for main:team 'draft saved to \.ftport/drafts/numpy\.md' 10 &&
	    capture main:team | grep -q 'ftport .* ~/venv' &&
	    capture main:team | grep -q 'numpy 1\.25\.1 \[ignore\] @bob' &&
	    [ "$(T display -p -t main:team '#{alternate_on}')" = 1 ] &&
	    grep -q '^# Free-threaded CPython 3\.14t (cp314t) wheels for linux-x86_64$' "$proj/.ftport/drafts/numpy.md" &&
	    grep -q '^EDITED BY THE TEST$' "$proj/.ftport/drafts/numpy.md"; then
		ok "team: d wrote the draft, ran \$EDITOR on the normal screen, and the TUI came back whole"
	else
		fail "team: d: editor alt=$(cat "$tmp/editor.alt" 2>/dev/null), file $(cat "$tmp/editor.out" 2>/dev/null)"
		capture main:team | sed 's/^/    /'
	fi
	T send-keys -t main:team q
	if wait_file "$tmp/team.status" 10 && [ "$(cat "$tmp/team.status")" = "EXIT 0" ] &&
	    "$PY" - "$proj/.ftport/state.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["packages"]
assert p == {"numpy": {"owner": "bob", "decision": "ignore"}}, p
PY
	then
		ok "team: the state holds what was typed, not what Escape cancelled"
	else
		fail "team: $(cat "$tmp/team.status" 2>/dev/null); state $(cat "$proj/.ftport/state.json")"
	fi
else
	fail "team: ftport did not start"
	capture main:team | sed 's/^/    /'
fi

# --- 3. a fatal error restores the terminal too -----------------------------------------
# fatal() is for bugs and out of memory; memory is the one a user can meet. The index
# answers fault-huge with 100 MB, which ftport reads up to its 64 MB cap (an error on
# that package, at start). Once everything has arrived, the running program's address
# space is limited to what it uses now + 24 MB (prlimit from outside: no hook in
# ftport), and r asks for fault-huge again: the body's buffer cannot grow, xmalloc
# calls fatal(), and the terminal must come back as it was: the alternate screen, the
# cursor, the keypad mode and the tty modes (stty -g before and after). Under ASan,
# malloc must return NULL rather than abort for fatal() to be reached.
tui_dist fault-huge 1.0 compiled
cmd=$(ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1"; ftport_cmd fatal)
T new-window -d -t main -n fatal "sh -c \"echo \\\$\\\$ >'$tmp/fatal.pid'; stty -g >'$tmp/fatal.stty0'; $cmd; echo EXIT \\\$? >'$tmp/fatal.status'; stty -g >'$tmp/fatal.stty1'; sleep 60\""
pane_flags() {
	T display -p -t main:fatal '#{alternate_on} #{cursor_flag} #{keypad_flag} #{keypad_cursor_flag}'
}
if wait_for main:fatal '15 packages' 60 && wait_gone main:fatal 'checking' 30 &&
    wait_for main:fatal '\? fault-huge 1\.0 +unknown' 5; then
	ok "fatal case: started; fault-huge's 100 MB stopped at the cap (unknown)"
	flags_in=$(pane_flags)
	pid=$(pgrep -P "$(cat "$tmp/fatal.pid")")
	vm_kb=$(sed -n 's/^VmSize:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
	"$PY" -c 'import resource, sys
limit = int(sys.argv[2])
resource.prlimit(int(sys.argv[1]), resource.RLIMIT_AS, (limit, limit))' \
	    "$pid" $(( (vm_kb + 24 * 1024) * 1024 ))
	T send-keys -t main:fatal / f a u l t - h u g e Enter r
	if wait_file "$tmp/fatal.status" 60 && [ "$(cat "$tmp/fatal.status")" = "EXIT 70" ] &&
	    wait_for main:fatal '^ftport: fatal: out of memory' 5; then
		ok "fatal case: out of memory inside the running TUI: exit 70, the message on the normal screen"
	else
		fail "fatal case: $(cat "$tmp/fatal.status" 2>/dev/null) (VmSize was $vm_kb kB)"
		capture main:fatal | sed 's/^/    /'
	fi
	wait_file "$tmp/fatal.stty1" 5
	if ! capture main:fatal | grep -q 'ftport .* ~/venv' &&
	    [ "$(pane_flags)" = "0 1 0 0" ] && [ "$flags_in" != "$(pane_flags)" ] &&
	    cmp -s "$tmp/fatal.stty0" "$tmp/fatal.stty1"; then
		ok "fatal case: terminal restored (alternate screen, cursor, keypad, tty modes)"
	else
		fail "fatal case: terminal not restored: flags '$(pane_flags)' (running: '$flags_in'), stty $(cat "$tmp/fatal.stty0") -> $(cat "$tmp/fatal.stty1" 2>/dev/null)"
		capture main:fatal | sed 's/^/    /'
	fi
else
	fail "fatal case: ftport did not start, or fault-huge did not stop at the cap"
	capture main:fatal | sed 's/^/    /'
fi

t_done
