#!/bin/sh
# Builds the libFuzzer targets with clang (run from anywhere, after ./configure
# wrote config.h into BUILDDIR, default the source tree):
#   fuzz/build.sh [BUILDDIR]    then    ./fuzz_req -max_total_time=60 fuzz/corpus/req
# FUZZ_TARGETS="fuzz_html fuzz_pipconf" builds only those.
#
# The whole core (src/ but main.c) is compiled once, instrumented, into an archive that
# every target links: the linker takes the objects a target needs, so a module that
# gains a dependency never breaks a hand-kept list of sources here.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
command -v clang >/dev/null || { echo "fuzz/build.sh: clang not found" >&2; exit 1; }
libs=$(pkg-config --libs jansson libcurl libgit2 2>/dev/null || echo -ljansson -lcurl -lgit2)
cflags=$(pkg-config --cflags jansson libcurl libgit2 2>/dev/null || true)
san=address,undefined
objs=$(mktemp -d "${TMPDIR:-/tmp}/ftport-fuzzobj.XXXXXX")
trap 'rm -rf "$objs"' EXIT INT TERM

# Two compilers at a time (CI machines have two cores); xargs fails if any does.
export FUZZ_CC_FLAGS="-std=c11 -g -O1 -fsanitize=fuzzer-no-link,$san -pthread -I$build $(for d in "$top"/src/*/; do printf -- "-I%s " "${d%/}"; done)$cflags"
export FUZZ_OBJS="$objs"
for src in "$top"/src/*/*.c; do
	[ "$(basename "$src")" = main.c ] || printf '%s\n' "$src"
done | xargs -P 2 -n 1 sh -c \
    'clang $FUZZ_CC_FLAGS -c -o "$FUZZ_OBJS/$(basename "$0" .c).o" "$0"'
ar rcs "$objs/libftport-fuzz.a" "$objs"/*.o

incs=$(for d in "$top"/src/*/; do printf -- "-I%s " "${d%/}"; done)
for t in ${FUZZ_TARGETS:-fuzz_req fuzz_pep440 fuzz_wheel fuzz_project fuzz_meta fuzz_lock \
    fuzz_scanpat fuzz_forge fuzz_pipconf fuzz_html fuzz_state fuzz_checklist}; do
	# $cflags and $libs are word lists on purpose.
	clang -std=c11 -g -O1 -fsanitize=fuzzer,$san -pthread \
	    -I"$build" $incs $cflags -o "$t" "$top/fuzz/$t.c" \
	    "$objs/libftport-fuzz.a" $libs -lm
	echo "built ./$t"
done
