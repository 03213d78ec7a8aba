#!/bin/sh
# Builds the libFuzzer targets with clang (run from anywhere, after ./configure
# wrote config.h into BUILDDIR, default the source tree):
#   fuzz/build.sh [BUILDDIR]    then    ./fuzz_req -max_total_time=60 fuzz/corpus/req
# FUZZ_TARGETS="fuzz_html fuzz_pipconf" builds only those.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
command -v clang >/dev/null || { echo "fuzz/build.sh: clang not found" >&2; exit 1; }
jansson=$(pkg-config --cflags --libs jansson libcurl 2>/dev/null || echo -ljansson -lcurl)
git2=$(pkg-config --cflags --libs libgit2 2>/dev/null || echo -lgit2)
for t in ${FUZZ_TARGETS:-fuzz_req fuzz_pep440 fuzz_wheel fuzz_project fuzz_meta fuzz_lock \
    fuzz_scanpat fuzz_forge fuzz_pipconf fuzz_html}; do
	# Each target links the parsers it drives, and util/strbuf under them.
	case $t in
	fuzz_req|fuzz_pep440)	mods="pep440 marker req" ;;
	fuzz_wheel)		mods="wheel verdict pep440" ;;
	fuzz_project)		mods="project_parse url" ;;
	fuzz_meta)		mods="meta req pep440 marker project_parse url" ;;
	# The readers build an environment and prune it through the graph.
	fuzz_lock)		mods="lockfile reqfile graph env meta pyquery probecache cache wheel verdict pep440 marker req project_parse url sanitize" ;;
	fuzz_scanpat)		mods="scanpat gitscan cache sanitize url" ;;
	# forge.c carries the network client and upstream.c the scan: the parsers need
	# the core under them.
	fuzz_forge)		mods="forge upstream repo_url sanitize cache fetch loop snapshot meta
				      pep440 project_parse req marker url verdict wheel scanjob
				      gitscan gitclone scanpat" ;;
	fuzz_pipconf)		mods="pipconf" ;;
	fuzz_html)		mods="project_parse url" ;;
	esac
	srcs="$top/src/util.c $top/src/strbuf.c"
	for m in $mods; do
		srcs="$srcs $top/src/$m.c"
	done
	# $srcs, $jansson and $git2 are word lists on purpose.
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -pthread \
	    -I"$build" -I"$top/src" -o "$t" "$top/fuzz/$t.c" $srcs $jansson $git2
	echo "built ./$t"
done
