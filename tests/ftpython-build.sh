#!/bin/bash
# Build a real free-threaded CPython (python3.13t) from Debian trixie's python3.13 source
# package, into a cache outside the tree, and print the interpreter's path. A later run
# finds the build and only prints the path.
#
# Trust chain (tests/debian-orig.sh): trixie's InRelease is checked with gpgv against the
# Debian archive keyring, the Sources index against InRelease's SHA-256, the orig tarball
# against the Sources index's SHA-256. Nothing unchecked is unpacked.
#
#   tests/ftpython-build.sh            # build or reuse; prints .../bin/python3.13t
#   FTPORT_FTPY_CACHE=/some/dir tests/ftpython-build.sh
#
# Needs: curl, gpgv, xz, a C toolchain, zlib1g-dev libssl-dev libffi-dev (pip and venv
# need zlib; ssl and ffi for the stdlib modules pip imports).
set -euo pipefail

series=3.13
cache=${FTPORT_FTPY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ftport-ci}

log() { printf 'ftpython-build: %s\n' "$*" >&2; }

# A finished build leaves a stamp naming its interpreter; reuse it when it still runs.
stamp="$cache/python$series-t.path"
if [ -s "$stamp" ]; then
	py=$(cat "$stamp")
	if [ -x "$py" ] && "$py" -c 'import sys; sys.exit(sys._is_gil_enabled())' 2>/dev/null; then
		echo "$py"
		exit 0
	fi
fi

# The source, checked (InRelease with gpgv, Sources.xz and the tarball by SHA-256).
orig=$("$(dirname "$0")/debian-orig.sh" "python$series")
orig=${orig##*/}
cd "$cache/dl"

version=${orig#python"$series"_}
version=${version%.orig.tar.xz}
prefix="$cache/cpython-$version-t"
src="$cache/src-$version"
rm -rf "$src" "$prefix"
mkdir -p "$src"
tar -xJf "$orig" -C "$src" --strip-components=1

log "building CPython $version with --disable-gil into $prefix (about 10 min on 2 cores)"
start=$(date +%s)
(
	cd "$src"
	./configure --prefix="$prefix" --disable-gil --with-ensurepip=install \
		--disable-test-modules >"$cache/configure.log" 2>&1
	make -j"$(nproc)" >"$cache/make.log" 2>&1
	make install >"$cache/install.log" 2>&1
) || { log "build failed: see $cache/*.log"; exit 1; }
log "built in $(($(date +%s) - start)) s"
rm -rf "$src"

py="$prefix/bin/python${series}t"
"$py" -c 'import sys; sys.exit(sys._is_gil_enabled())' || { log "$py is not free-threaded"; exit 1; }
echo "$py" >"$stamp"
echo "$py"
