# tests/lib.sh: sourced first by the script tests (. "$(dirname "$0")/lib.sh"): checks
# FTPORT, counts cases for tests/summary.sh, and keeps a temporary directory for the run.

: "${FTPORT:?FTPORT must name the ftport binary}"
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}

passed=0
failed=0
ok() {
	echo "ok: $*"
	passed=$((passed + 1))
}
fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# t_same WHAT WANT GOT: a case that passes when file GOT is byte for byte file WANT.
t_same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		fail "$1 differs (expected, got):"
		diff -u "$2" "$3" | sed 's/^/    /'
	fi
}

# t_done: the "# cases:" line tests/summary.sh adds up, as the script's last command:
# its status is 0 only when cases ran and every one passed.
t_done() {
	echo "# cases: $passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

# t_abort MESSAGE: a failure that leaves nothing else worth running.
t_abort() {
	fail "$*"
	echo "# cases: $passed passed, $failed failed"
	exit 1
}

# t_tmpdir NAME: sets tmp to a new directory that goes when the script exits, however
# it exits; it is made writable first, as some tests take permissions away. A script
# with more to stop (a server, a tmux) redefines t_cleanup, which runs before that.
t_cleanup() {
	:
}
t_tmpdir() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/ftport-$1.XXXXXX") || exit 1
	trap t_exit EXIT
	trap 'exit 1' INT TERM
}
t_exit() {
	t_cleanup
	chmod -R u+rwx "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
