#!/bin/sh
# keys_man.sh: the KEYS table of man/ftport.1 is what tools/gen-keys-man prints from the
# action table (src/actions.c); to refresh it after changing the table:
#   tools/gen-keys-man > keys.txt, then put keys.txt between BEGIN KEYS and END KEYS.
set -u
: "${FTPORT:?FTPORT must name the ftport binary}"
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
gen="$(dirname "$FTPORT")/tools/gen-keys-man"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ftport-keys-man.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
if ! "$gen" >"$tmp/want" 2>"$tmp/err"; then
	echo "FAIL: $gen: $(cat "$tmp/err")"
	failed=$((failed + 1))
else
	sed -n '/^\.\\" BEGIN KEYS/,/^\.\\" END KEYS/p' "$SRCDIR/man/ftport.1" >"$tmp/got"
	if [ -s "$tmp/got" ] && cmp -s "$tmp/want" "$tmp/got"; then
		echo "ok: man/ftport.1 KEYS matches the action table"
		passed=$((passed + 1))
	else
		echo "FAIL: man/ftport.1 KEYS differs from tools/gen-keys-man:"
		diff -u "$tmp/got" "$tmp/want"
		failed=$((failed + 1))
	fi
	# Every action of the table is in the page, with each of its default keys.
	missing=0
	for a in $(sed -n 's/.*Pq Cm \([a-z-]*\)$/\1/p' "$tmp/want"); do
		grep -q "Pq Cm $a\$" "$SRCDIR/man/ftport.1" || missing=$((missing + 1))
	done
	if [ "$missing" -eq 0 ] && [ "$(grep -c 'Pq Cm' "$tmp/want")" -ge 20 ]; then
		echo "ok: every action is documented"
		passed=$((passed + 1))
	else
		echo "FAIL: $missing actions missing from the man page"
		failed=$((failed + 1))
	fi
fi
echo "# cases: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
