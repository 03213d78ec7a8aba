#!/bin/bash
# debian-orig.sh SOURCE-PACKAGE: the upstream (orig) tarball of a Debian trixie source
# package, checked, kept in a cache outside the tree; prints its path. A later run checks
# the cached copies again and asks the network only for what is missing or stale.
#
# Trust chain: trixie's InRelease is checked with gpgv against the Debian archive keyring,
# the Sources index against InRelease's SHA-256, the orig tarball against the Sources
# index's SHA-256. Nothing unchecked is printed.
#
#   tests/debian-orig.sh python3.13     # .../dl/python3.13_3.13.5.orig.tar.xz
#   tests/debian-orig.sh markupsafe     # .../dl/markupsafe_2.1.5.orig.tar.gz
#
# Needs: curl, gpgv, xz. FTPORT_FTPY_CACHE (default ~/.cache/ftport-ci) is the cache,
# FTPORT_DEBIAN_MIRROR the mirror.
set -euo pipefail

pkg=${1:?usage: debian-orig.sh SOURCE-PACKAGE}
suite=trixie
mirror=${FTPORT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${FTPORT_FTPY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ftport-ci}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

log() { printf 'debian-orig: %s\n' "$*" >&2; }

mkdir -p "$cache/dl"
cd "$cache/dl"

# The index, checked; fetched again when a check fails or the package is not in it
# (the cached index is older than the package's upload).
index_ok() {
	[ -s InRelease ] && [ -s Sources.xz ] || return 1
	gpgv --keyring "$keyring" InRelease >/dev/null 2>&1 || return 1
	want=$(awk '/^SHA256:/{s=1; next} /^[^ ]/{s=0} s && $3=="main/source/Sources.xz"{print $1}' InRelease)
	[ -n "$want" ] && echo "$want  Sources.xz" | sha256sum -c --quiet - >/dev/null 2>&1
}
fetch_index() {
	log "fetching $suite's InRelease and checking its signature"
	curl -fsS -o InRelease.part "$mirror/dists/$suite/InRelease"
	mv InRelease.part InRelease
	gpgv --keyring "$keyring" InRelease >/dev/null 2>&1 || {
		log "InRelease of $suite does not verify against $keyring"
		exit 1
	}
	log "fetching the Sources index"
	curl -fsS -o Sources.xz.part "$mirror/dists/$suite/main/source/Sources.xz"
	mv Sources.xz.part Sources.xz
	index_ok || { log "Sources.xz does not match InRelease's SHA-256"; exit 1; }
}

# The package's stanza: its pool directory and the orig tarball's SHA-256 and name.
# (awk reads to the end: an early exit would fail xzcat's write under pipefail)
lookup() {
	stanza=$(xzcat Sources.xz | awk -v pkg="$pkg" '$0=="Package: " pkg {p=1} p && /^$/ {p=0; done=1} p && !done')
	dir=$(printf '%s\n' "$stanza" | awk '/^Directory:/{print $2}')
	read -r sum _ orig < <(printf '%s\n' "$stanza" |
		awk '/^Checksums-Sha256:/{s=1; next} /^[^ ]/{s=0} s && $3 ~ /\.orig\.tar\.(xz|gz|bz2)$/{print $1, $2, $3}') || true
	[ -n "$dir" ] && [ -n "${orig:-}" ]
}

if ! index_ok || ! lookup; then
	fetch_index
	lookup || { log "no $pkg source with an orig tarball in $suite's index"; exit 1; }
fi

if ! [ -f "$orig" ] || ! echo "$sum  $orig" | sha256sum -c --quiet - >/dev/null 2>&1; then
	log "fetching $orig"
	curl -fsS -o "$orig.part" "$mirror/$dir/$orig"
	mv "$orig.part" "$orig"
	echo "$sum  $orig" | sha256sum -c --quiet - >/dev/null 2>&1 ||
		{ log "$orig does not match the Sources index's SHA-256"; rm -f "$orig"; exit 1; }
fi
echo "$cache/dl/$orig"
