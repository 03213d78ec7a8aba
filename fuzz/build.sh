#!/bin/sh
# Builds the libFuzzer targets with clang (run from anywhere, after ./configure
# wrote config.h into BUILDDIR, default the source tree):
#   fuzz/build.sh [BUILDDIR]    then    ./fuzz_req -max_total_time=60 fuzz/corpus/req
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
command -v clang >/dev/null || { echo "fuzz/build.sh: clang not found" >&2; exit 1; }
srcs="$top/src/pep440.c $top/src/marker.c $top/src/req.c $top/src/util.c $top/src/strbuf.c"
for t in fuzz_req fuzz_pep440; do
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -I"$build" -I"$top/src" \
	    -o "$t" "$top/fuzz/$t.c" $srcs
	echo "built ./$t"
done
