#!/bin/sh
# keys_man.sh: the KEYS table of man/ftport.1 is what tools/gen-keys-man prints from the
# action table (src/tuimodel/actions.c); to refresh it after changing the table:
#   tools/gen-keys-man > keys.txt, then put keys.txt between BEGIN KEYS and END KEYS.
set -u
. "$(dirname "$0")/lib.sh"
t_tmpdir keys-man
gen="$(dirname "$FTPORT")/tools/gen-keys-man"

if ! "$gen" >"$tmp/want" 2>"$tmp/err"; then
	fail "$gen: $(cat "$tmp/err")"
else
	sed -n '/^\.\\" BEGIN KEYS/,/^\.\\" END KEYS/p' "$SRCDIR/man/ftport.1" >"$tmp/got"
	if [ -s "$tmp/got" ] && cmp -s "$tmp/want" "$tmp/got"; then
		ok "man/ftport.1 KEYS matches the action table"
	else
		fail "man/ftport.1 KEYS differs from tools/gen-keys-man:"
		diff -u "$tmp/got" "$tmp/want"
	fi
	# Every action of the table is in the page, with each of its default keys.
	missing=0
	for a in $(sed -n 's/.*Pq Cm \([a-z-]*\)$/\1/p' "$tmp/want"); do
		grep -q "Pq Cm $a\$" "$SRCDIR/man/ftport.1" || missing=$((missing + 1))
	done
	if [ "$missing" -eq 0 ] && [ "$(grep -c 'Pq Cm' "$tmp/want")" -ge 20 ]; then
		ok "every action is documented"
	else
		fail "$missing actions missing from the man page"
	fi
fi
t_done
