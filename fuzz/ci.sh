#!/bin/sh
# fuzz/ci.sh: what CI runs: every libFuzzer target built with clang (fuzz/build.sh) in a
# temporary directory, its regression inputs (fuzz/regress/TARGET/*, inputs that once
# crashed) run once, then FUZZ_SECONDS (default 30) of fuzzing from a copy of its corpus.
# Fails on the first crash, leak or timeout, naming the input libFuzzer saved.
#   ./configure && fuzz/ci.sh [BUILDDIR]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
secs=${FUZZ_SECONDS:-30}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ftport-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"
"$top/fuzz/build.sh" "$build" >build.log 2>&1 || { cat build.log >&2; exit 1; }
for bin in ./fuzz_*; do
	t=${bin#./fuzz_}
	if [ -d "$top/fuzz/regress/$t" ]; then
		# Given files, libFuzzer runs each once.
		"$bin" "$top"/fuzz/regress/"$t"/* </dev/null >"regress-$t.log" 2>&1 || {
			tail -40 "regress-$t.log" >&2
			echo "fuzz/ci.sh: fuzz_$t: a regression input fails" >&2
			exit 1
		}
	fi
	cp -R "$top/fuzz/corpus/$t" "corpus-$t"
	if ! "$bin" -max_total_time="$secs" -timeout=10 -artifact_prefix="$tmp/crash-$t-" \
	    -print_final_stats=1 "corpus-$t" </dev/null >"$t.log" 2>&1; then
		tail -60 "$t.log" >&2
		echo "fuzz/ci.sh: fuzz_$t found a crash: $(ls "$tmp"/crash-"$t"-* 2>/dev/null)" >&2
		for f in "$tmp"/crash-"$t"-*; do
			[ -f "$f" ] && od -c "$f" | head -20 >&2
		done
		exit 1
	fi
	echo "fuzz_$t: $(sed -n 's/^stat::number_of_executed_units: *//p' "$t.log") runs in ${secs} s, no crash"
done
