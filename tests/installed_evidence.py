#!/usr/bin/env python3
# installed_evidence.py: what the installed files alone say, offline: the WHEEL Tag:
# lines of an installed wheel (a cp314t build is `ready` for 3.14t on its platform, not
# on another, not for another target), and for Debian's egg-info directories without a
# file list, which files were looked at instead.
"""Needs FTPORT and SRCDIR (make check sets them)."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, check  # noqa: E402


def wheel_dist(site, name, version, tags, files):
    """A .dist-info whose WHEEL has the given Tag: lines and whose RECORD lists files
    (a plain .so has no ABI tag: RECORD alone cannot tell its build)."""
    stem = "%s-%s" % (name.replace("-", "_"), version)
    d = os.path.join(site, stem + ".dist-info")
    os.makedirs(d)
    with open(os.path.join(d, "METADATA"), "w") as f:
        f.write("Metadata-Version: 2.1\nName: %s\nVersion: %s\n\n" % (name, version))
    with open(os.path.join(d, "WHEEL"), "w") as f:
        f.write("Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: false\n")
        f.write("".join("Tag: %s\n" % t for t in tags))
    with open(os.path.join(d, "RECORD"), "w") as f:
        f.write("".join("%s,sha256=x,10\n" % p for p in files))
        f.write("%s.dist-info/RECORD,,\n" % stem)


def egg_info(site, name, version, module_files):
    """Debian's layout: NAME-VERSION.egg-info with PKG-INFO and top_level.txt only, the
    module beside it."""
    d = os.path.join(site, "%s-%s.egg-info" % (name, version))
    os.makedirs(d)
    with open(os.path.join(d, "PKG-INFO"), "w") as f:
        f.write("Metadata-Version: 2.1\nName: %s\nVersion: %s\n\n" % (name, version))
    mod = name.replace("-", "_")
    with open(os.path.join(d, "top_level.txt"), "w") as f:
        f.write(mod + "\n")
    for fn in module_files:
        p = os.path.join(site, mod, fn)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "w").close()


def run(env, site, *extra):
    r = subprocess.run([FTPORT, "check", "--offline", "--path", site, "--format", "json",
                        "-q"] + list(extra), env=env, capture_output=True, text=True,
                       timeout=60)
    check(r.returncode == 0, "check --offline %s: exit %d %s" % (" ".join(extra),
                                                               r.returncode, r.stderr.strip()))
    return {p["name"]: p["verdicts"] for p in json.loads(r.stdout)["packages"]}


def body(root, env):
    site = os.path.join(root, "site")
    wheel_dist(site, "ftt-ft", "1.0", ["cp314-cp314t-manylinux_2_17_x86_64",
                                       "cp314-cp314t-manylinux2014_x86_64"],
               ["ftt_ft/__init__.py", "ftt_ft/_native.so"])
    wheel_dist(site, "ftt-gil", "1.0", ["cp314-cp314-manylinux_2_17_x86_64"],
               ["ftt_gil/__init__.py", "ftt_gil/_native.so"])
    wheel_dist(site, "ftt-native", "1.0", ["py3-none-manylinux_2_17_x86_64"],
               ["ftt_native-1.0.data/scripts/tool"])
    wheel_dist(site, "ftt-313t", "1.0", ["cp313-cp313t-manylinux_2_17_x86_64"],
               ["ftt_313t/_native.so"])
    egg_info(site, "ftt-deb-pure", "1.0", ["__init__.py", "core.py"])
    egg_info(site, "ftt-deb-ext", "2.0", ["__init__.py", "_speedups.cpython-311-x86_64-linux-gnu.so"])
    # An extension module three levels down: only a walk of the whole tree sees it.
    egg_info(site, "ftt-deb-deep", "1.0", ["__init__.py", "a/__init__.py", "a/b/__init__.py",
                                          "a/b/c/_deep.cpython-311-x86_64-linux-gnu.so"])
    # pure_stays_pure: hypothesis is in the tracking table (support from 6.135.32); its
    # Debian install has no compiled code, and stays pure, never "upgrade".
    egg_info(site, "hypothesis", "6.67.1", ["__init__.py", "core.py", "strategies/__init__.py"])
    # A module top_level.txt names but that is not on disk proves nothing.
    egg_info(site, "ftt-deb-ghost", "1.0", [])
    # A single-file module beside the metadata.
    egg_info(site, "ftt-deb-single", "1.0", [])
    open(os.path.join(site, "ftt_deb_single.py"), "w").close()

    v = run(env, site, "--platform", "linux-x86_64", "--target", "3.14t", "--target", "3.13t")
    ft = v["ftt-ft"][0]
    check(ft["status"] == "ready" and ft["source"] == "installed",
          "an installed cp314t wheel is ready offline: %r" % ft)
    check("Tag: cp314-cp314t-manylinux_2_17_x86_64" in ft["reason"], "the reason names the tag: %r"
          % ft["reason"])
    check(v["ftt-ft"][1]["status"] != "ready", "cp314t is not evidence for 3.13t: %r"
          % v["ftt-ft"][1])
    check(v["ftt-gil"][0]["status"] != "ready", "a cp314 (GIL) wheel is not: %r" % v["ftt-gil"][0])
    check(v["ftt-native"][0]["status"] == "ready", "py3-none-manylinux (native): %r"
          % v["ftt-native"][0])
    check(v["ftt-313t"][0]["status"] != "ready" and v["ftt-313t"][1]["status"] == "ready",
          "cp313t: ready for 3.13t only: %r" % v["ftt-313t"])

    v = run(env, site, "--platform", "macos-arm64")
    check(v["ftt-ft"][0]["status"] != "ready", "a manylinux build says nothing for macOS: %r"
          % v["ftt-ft"][0])
    v = run(env, site, "--platform", "musllinux-x86_64")
    check(v["ftt-ft"][0]["status"] != "ready", "nor for musl: %r" % v["ftt-ft"][0])

    v = run(env, site, "--platform", "linux-x86_64")
    # local_evidence_pure: no file list, but its package walked in full without native
    # code is a verdict, pure, saying where it came from (it was unknown offline).
    r = v["ftt-deb-pure"][0]["reason"]
    check(v["ftt-deb-pure"][0]["status"] == "pure" and v["ftt-deb-pure"][0]["source"] ==
          "installed", "local_evidence_pure: Debian egg-info without extension modules is "
          "pure offline: %r" % v["ftt-deb-pure"][0])
    check("no RECORD, installed-files.txt or SOURCES.txt in %s/ftt-deb-pure-1.0.egg-info" % site
          in r and "ftt_deb_pure/" in r and "walked in full" in r,
          "the reason says which files were looked at: %r" % r)
    check(v["hypothesis"][0]["status"] == "pure" and v["hypothesis"][0]["fix_version"] is None,
          "pure_stays_pure: hypothesis 6.67.1 without compiled code is pure offline, not "
          "an upgrade to the tracking table's version: %r" % v["hypothesis"][0])
    check(v["ftt-deb-single"][0]["status"] == "pure",
          "local_evidence_pure: a single-file module: %r" % v["ftt-deb-single"][0])
    check(v["ftt-deb-deep"][0]["status"] != "pure" and
          "extension modules found (cpython-311-x86_64-linux-gnu)" in v["ftt-deb-deep"][0]["reason"],
          "local_evidence_pure: an extension three levels down is found: %r"
          % v["ftt-deb-deep"][0])
    check(v["ftt-deb-ghost"][0]["status"] == "unknown" and "not every module was found" in
          v["ftt-deb-ghost"][0]["reason"],
          "local_evidence_pure: a module not on disk proves nothing: %r" % v["ftt-deb-ghost"][0])
    r = v["ftt-deb-ext"][0]["reason"]
    check("extension modules found (cpython-311-x86_64-linux-gnu)" in r,
          "and what they showed: %r" % r)


if __name__ == "__main__":
    sys.exit(ftlib.main("installed-evidence", body))
