#!/bin/sh
# summary.sh TEST...: prints "N passed, N failed" over the test cases of the last run.
# cmocka programs report their own case counts; script tests may print a line
# "# cases: P passed, F failed"; anything else counts as one case by its .trs result.
# A skipped test (exit 77) may say "# skipped: N cases (why)": those are counted and
# named at the end. A test with no log (it never ran) is a failure; so is a run of zero
# cases.
passed=0
failed=0
skipped=0
skipped_by=
for t in "$@"; do
	log="$t.log"
	trs="$t.trs"
	if [ ! -f "$log" ]; then
		failed=$((failed + 1))
		continue
	fi
	result=$(sed -n 's/^:test-result: //p' "$trs" 2>/dev/null | head -n 1)
	p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	if [ -z "$p" ]; then
		p=$(sed -n 's/^# cases: \([0-9]*\) passed.*/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^# cases: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$log" | tail -n 1)
	fi
	if [ -n "$p" ]; then
		# A test that ran no case proves nothing: it counts as a failure.
		[ "$p" = 0 ] && [ "${f:-0}" = 0 ] && failed=$((failed + 1))
		passed=$((passed + p))
		failed=$((failed + ${f:-0}))
		# A program that crashed after its cases passed still failed.
		case "$result" in FAIL|ERROR|XPASS) [ "${f:-0}" = 0 ] && failed=$((failed + 1)) ;; esac
	else
		case "$result" in
		PASS|XFAIL) passed=$((passed + 1)) ;;
		SKIP)
			s=$(sed -n 's/^# skipped: \([0-9]*\) case.*/\1/p' "$log" | tail -n 1)
			skipped=$((skipped + ${s:-1}))
			skipped_by="$skipped_by $t" ;;
		*) failed=$((failed + 1)) ;;
		esac
	fi
done
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped ($(echo $skipped_by | sed 's/ /, /g'): see their logs)"
else
	echo "$passed passed, $failed failed"
fi
[ "$passed" -gt 0 ] && [ "$failed" -eq 0 ]
