#!/bin/bash
# Build a real free-threaded CPython (python3.13t) from Debian trixie's python3.13 source
# package, into a cache outside the tree, and print the interpreter's path. A later run
# finds the build and only prints the path.
#
# Trust chain: trixie's InRelease is checked with gpgv against the Debian archive keyring,
# the Sources index against InRelease's SHA-256, the orig tarball against the Sources
# index's SHA-256. Nothing unchecked is unpacked.
#
#   tests/ftpython-build.sh            # build or reuse; prints .../bin/python3.13t
#   FTPORT_FTPY_CACHE=/some/dir tests/ftpython-build.sh
#
# Needs: curl, gpgv, xz, a C toolchain, zlib1g-dev libssl-dev libffi-dev (pip and venv
# need zlib; ssl and ffi for the stdlib modules pip imports).
set -euo pipefail

series=3.13
suite=trixie
mirror=${FTPORT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${FTPORT_FTPY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ftport-ci}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

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

mkdir -p "$cache/dl"
cd "$cache/dl"

log "fetching $suite's InRelease and checking its signature"
curl -fsS -o InRelease "$mirror/dists/$suite/InRelease"
gpgv --keyring "$keyring" InRelease >/dev/null 2>&1 || {
	log "InRelease of $suite does not verify against $keyring"
	exit 1
}
want=$(awk '/^SHA256:/{s=1; next} /^[^ ]/{s=0} s && $3=="main/source/Sources.xz"{print $1}' InRelease)
[ -n "$want" ] || { log "InRelease lists no main/source/Sources.xz"; exit 1; }

log "fetching the Sources index"
curl -fsS -o Sources.xz "$mirror/dists/$suite/main/source/Sources.xz"
echo "$want  Sources.xz" | sha256sum -c --quiet - || { log "Sources.xz checksum mismatch"; exit 1; }

# The python3.13 stanza: its pool directory and the orig tarball's SHA-256 and name.
# (awk reads to the end: an early exit would fail xzcat's write under pipefail)
stanza=$(xzcat Sources.xz | awk -v pkg="python$series" '$0=="Package: " pkg {p=1} p && /^$/ {p=0; done=1} p && !done')
dir=$(printf '%s\n' "$stanza" | awk '/^Directory:/{print $2}')
read -r sum _ orig < <(printf '%s\n' "$stanza" |
	awk '/^Checksums-Sha256:/{s=1; next} /^[^ ]/{s=0} s && $3 ~ /\.orig\.tar\.xz$/{print $1, $2, $3}')
[ -n "$dir" ] && [ -n "${orig:-}" ] || { log "no python$series source in $suite's index"; exit 1; }

if ! [ -f "$orig" ] || ! echo "$sum  $orig" | sha256sum -c --quiet - >/dev/null 2>&1; then
	log "fetching $orig"
	curl -fsS -o "$orig.part" "$mirror/$dir/$orig"
	mv "$orig.part" "$orig"
	echo "$sum  $orig" | sha256sum -c --quiet - || { log "$orig checksum mismatch"; rm -f "$orig"; exit 1; }
fi

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
