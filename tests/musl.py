#!/usr/bin/env python3
# musl.py: `--platform current` on a musl interpreter (PEP 656). The interpreters are
# fakes that print the probe's answer: one a real musl executable (built here with
# musl-gcc, so its ELF program interpreter is Debian's /lib/ld-musl-x86_64.so.1, which
# prints musl's real version), one an aarch64 ELF header written here whose program
# interpreter is a script answering like musl 1.1.24's loader, one that says glibc.
# Judged against the real wheel lists of tests/fixtures/wheel-lists (musllinux_1_1 and
# musllinux_1_2 wheels of ruff, pydantic-core and charset-normalizer).
"""Needs FTPORT and SRCDIR (make check sets them), and musl-gcc (tests/deps-apt.txt)."""

import json
import os
import shutil
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, SRCDIR, check, make_dist  # noqa: E402

WHEELS = os.path.join(SRCDIR, "tests", "fixtures", "wheel-lists", "ftready-374287e-files.json")


def answer(site, platform, machine, libc="", executable=""):
    """The probe's JSON answer for a CPython 3.14 on Linux."""
    return json.dumps({
        "ftport": 1, "path": [site], "prefix": "/fake", "base_prefix": "/fake",
        "executable": executable, "version": "3.14.0", "implementation": "cpython",
        "gil_disabled": False, "platform": platform, "libc": libc,
        "markers": {"os_name": "posix", "sys_platform": "linux",
                    "platform_machine": machine, "platform_python_implementation": "CPython",
                    "platform_release": "6.1", "platform_system": "Linux",
                    "platform_version": "#1 SMP", "python_version": "3.14",
                    "python_full_version": "3.14.0", "implementation_name": "cpython",
                    "implementation_version": "3.14.0"}})


def script(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)
    return path


def musl_python(root, site):
    """A real musl-linked executable that prints the answer (sys.executable "": ftport
    reads the ELF it ran)."""
    src = os.path.join(root, "fakepy.c")
    with open(src, "w") as f:
        f.write('#include <stdio.h>\nint main(void) { fputs(%s, stdout); return 0; }\n'
                % json.dumps(answer(site, "linux-x86_64", "x86_64")))
    exe = os.path.join(root, "musl-python")
    subprocess.run(["musl-gcc", "-o", exe, src], check=True)
    return exe


def elf_with_interp(path, interp, machine=183):
    """A 64-bit little-endian ELF header and one PT_INTERP program header (machine 183:
    aarch64): all ftport reads of an executable."""
    data = interp.encode() + b"\0"
    ehdr = struct.pack("<4sBBBBB7sHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0, b"\0" * 7,
                       2, machine, 1, 0, 64, 0, 0, 64, 56, 1, 0, 0, 0)
    phdr = struct.pack("<IIQQQQQQ", 3, 4, 120, 120, 120, len(data), len(data), 1)
    with open(path, "wb") as f:
        f.write(ehdr + phdr + data)
    os.chmod(path, 0o755)


def check_json(env, python, index, *extra):
    r = subprocess.run([FTPORT, "check", "--python", python, "--index-url", index.url,
                        "--format", "json", "-q"] + list(extra),
                       env=env, capture_output=True, text=True, timeout=120)
    if not check(r.returncode == 0, "check --python %s %s exits 0 (%d: %s)"
                 % (os.path.basename(python), " ".join(extra), r.returncode, r.stderr.strip())):
        return None
    return json.loads(r.stdout)


def statuses(report):
    return {p["name"]: p["verdicts"][0]["status"] for p in report["packages"]}


def body(root, env):
    site = os.path.join(root, "site")
    for name, version in (("ruff", "0.15.9"), ("pydantic-core", "2.41.5"),
                          ("charset-normalizer", "3.4.7")):
        make_dist(site, name, version, kind="compiled")
    index = ftlib.FakeIndex("--wheel-list", WHEELS)

    # A real musl executable: Debian's musl is 1.2.3.
    if check(shutil.which("musl-gcc") is not None, "musl-gcc is installed (tests/deps-apt.txt)"):
        py = musl_python(root, site)
        rep = check_json(env, py, index)
        if rep is not None:
            check(rep["environment"]["libc"] == "musl 1.2.3",
                  "libc from the ELF interpreter and the loader: %r" % rep["environment"]["libc"])
            check(rep["platforms"] == ["musllinux_1_2_x86_64"],
                  "current on musl 1.2 is musllinux_1_2_x86_64: %r" % rep["platforms"])
            st = statuses(rep)
            check(st == {"ruff": "ready", "pydantic-core": "ready", "charset-normalizer": "ready"},
                  "musllinux_1_1/1_2 wheels install on musl 1.2: %r" % st)
            reason = [p["verdicts"][0]["reason"] for p in rep["packages"]
                      if p["name"] == "ruff"][0]
            check("musllinux" in reason or "native" in reason or "ready" in reason.lower(),
                  "ruff's reason: %r" % reason)
        r = subprocess.run([FTPORT, "tree", "--json", "--python", py], env=env,
                           capture_output=True, text=True, timeout=60)
        check(r.returncode == 0 and json.loads(r.stdout)["environment"]["libc"] == "musl 1.2.3",
              "tree --json names the C library")

    # An aarch64 interpreter on musl 1.1.24: musllinux_1_2 wheels do not install there.
    loader = script(os.path.join(root, "ld-musl-aarch64.so.1"),
                    "#!/bin/sh\nprintf 'musl libc (aarch64)\\nVersion 1.1.24\\n"
                    "Dynamic Program Loader\\n' >&2\nexit 1\n")
    elf = os.path.join(root, "python3.14-aarch64")
    elf_with_interp(elf, loader)
    py = script(os.path.join(root, "python-aarch64"),
                "#!/bin/sh\ncat <<'EOF'\n%s\nEOF\n"
                % answer(site, "linux-aarch64", "aarch64", executable=elf))
    rep = check_json(env, py, index)
    if rep is not None:
        check(rep["environment"]["libc"] == "musl 1.1.24", "musl 1.1.24: %r"
              % rep["environment"]["libc"])
        check(rep["platforms"] == ["musllinux_1_1_aarch64"], "current: %r" % rep["platforms"])
        st = statuses(rep)
        check(st["pydantic-core"] == "ready", "cp314t musllinux_1_1_aarch64 installs: %r" % st)
        # Its cp314t wheel is musllinux_1_2: only the pure wheel is left.
        check(st["charset-normalizer"] == "fallback",
              "cp314t musllinux_1_2_aarch64 does not install on musl 1.1: %r" % st)
        check(st["ruff"] not in ("ready", "pure", "fallback"),
              "py3-none-musllinux_1_2_aarch64 does not install on musl 1.1: %r" % st)
    # The same interpreter judged for glibc and for musl of any version by name.
    rep = check_json(env, py, index, "--platform", "linux-aarch64", "--platform",
                     "musllinux-aarch64")
    if rep is not None:
        check(rep["platforms"] == ["linux-aarch64", "musllinux-aarch64"],
              "named platforms: %r" % rep["platforms"])
        vs = {p["name"]: [v["status"] for v in p["verdicts"]] for p in rep["packages"]}
        check(vs["charset-normalizer"] == ["ready", "ready"], "glibc and any musl: %r" % vs)

    # glibc (confstr's answer): linux-x86_64 as before, no ELF read.
    py = script(os.path.join(root, "python-glibc"),
                "#!/bin/sh\ncat <<'EOF'\n%s\nEOF\n"
                % answer(site, "linux-x86_64", "x86_64", libc="glibc 2.36"))
    rep = check_json(env, py, index)
    if rep is not None:
        check(rep["environment"]["libc"] == "glibc 2.36" and rep["platforms"] == ["linux-x86_64"],
              "glibc: %r %r" % (rep["environment"]["libc"], rep["platforms"]))

    # Named in --help, the man page and the usage error.
    h = subprocess.run([FTPORT, "check", "--help"], capture_output=True, text=True).stdout
    check("musllinux-x86_64" in h and "musllinux-aarch64" in h, "--help names musllinux")
    with open(os.path.join(SRCDIR, "man", "ftport.1")) as f:
        man = f.read()
    check("musllinux-x86_64" in man and "musllinux-aarch64" in man, "the man page names musllinux")
    r = subprocess.run([FTPORT, "check", "--platform", "alpine"], env=env,
                       capture_output=True, text=True)
    check(r.returncode == 2 and "musllinux-aarch64" in r.stderr, "usage error: %r" % r.stderr)


if __name__ == "__main__":
    sys.exit(ftlib.main("musl", body))
