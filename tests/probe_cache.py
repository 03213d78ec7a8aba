#!/usr/bin/env python3
# probe_cache.py: the interpreter's answer kept in the cache. A fake interpreter counts
# its runs in a file: a warm `tree` or `check` runs it zero times, and each thing that
# can change sys.path or the answer (the interpreter file, PYTHONPATH and the other
# variables, a pyvenv.cfg, a site directory, the user site directory, a damaged entry,
# --refresh) makes the next run ask it again.
"""Needs FTPORT and SRCDIR (make check sets them)."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, check, make_dist  # noqa: E402


def fake_python(path, site, counter):
    answer = json.dumps({
        "ftport": 1, "path": [site], "prefix": "/fake", "base_prefix": "/fake",
        "executable": "", "version": "3.14.0", "implementation": "cpython",
        "gil_disabled": True, "platform": "linux-x86_64", "libc": "glibc 2.36",
        "markers": {"os_name": "posix", "sys_platform": "linux", "platform_machine": "x86_64",
                    "platform_python_implementation": "CPython", "platform_release": "6.1",
                    "platform_system": "Linux", "platform_version": "#1 SMP",
                    "python_version": "3.14", "python_full_version": "3.14.0",
                    "implementation_name": "cpython", "implementation_version": "3.14.0"}})
    with open(path, "w") as f:
        f.write("#!/bin/sh\necho run >> '%s'\ncat <<'EOF'\n%s\nEOF\n" % (counter, answer))
    os.chmod(path, 0o755)


def body(root, env):
    site = os.path.join(root, "site")
    make_dist(site, "alpha", "1.0", requires=["beta"])
    make_dist(site, "beta", "2.0")
    bindir = os.path.join(root, "venv", "bin")
    os.makedirs(bindir)
    py = os.path.join(bindir, "python")
    counter = os.path.join(root, "runs")
    fake_python(py, site, counter)
    env = dict(env)
    for k in ("PYTHONPATH", "PYTHONHOME", "PYTHONNOUSERSITE", "PYTHONUSERBASE"):
        env.pop(k, None)

    def runs():
        try:
            with open(counter) as f:
                return len(f.read().split())
        except FileNotFoundError:
            return 0

    def tree(extra_env=None, *args):
        e = dict(env)
        e.update(extra_env or {})
        r = subprocess.run([FTPORT, "tree", "--json", "--python", py] + list(args), env=e,
                           capture_output=True, text=True, timeout=60)
        check(r.returncode == 0, "tree exits 0: %s" % r.stderr.strip())
        return r

    def expect(n, what, extra_env=None):
        before = runs()
        r = tree(extra_env)
        check(runs() - before == n, "%s: the interpreter ran %d time(s), expected %d"
              % (what, runs() - before, n))
        return r

    first = expect(1, "cold")
    warm = expect(0, "warm")
    check(first.stdout == warm.stdout, "a warm run prints what the cold one did")
    doc = json.loads(warm.stdout)
    check(doc["environment"]["free_threaded"] and doc["environment"]["libc"] == "glibc 2.36"
          and doc["environment"]["site_paths"] == [site], "the cached answer in full")
    expect(0, "warm again")

    # The sys.path variables are part of the key (and going back finds the old entry).
    expect(1, "PYTHONPATH set", {"PYTHONPATH": "/nonexistent"})
    expect(0, "PYTHONPATH set, warm", {"PYTHONPATH": "/nonexistent"})
    expect(1, "PYTHONNOUSERSITE set", {"PYTHONNOUSERSITE": "1"})
    expect(0, "back to none set")

    # Files the answer depended on.
    with open(os.path.join(root, "venv", "pyvenv.cfg"), "w") as f:
        f.write("home = /usr/bin\n")
    expect(1, "pyvenv.cfg created")
    expect(0, "after it")
    make_dist(site, "gamma", "3.0")
    expect(1, "a site directory changed (a .pth file may have come)")
    userbase = os.path.join(env["HOME"], ".local", "lib", "python3.14t", "site-packages")
    os.makedirs(userbase)
    expect(1, "the user site directory created")
    expect(0, "after it")
    with open(py, "a") as f:
        f.write("# reinstalled\n")
    expect(1, "the interpreter file changed")

    # A damaged entry is a miss, never trusted.
    probe = os.path.join(env["XDG_CACHE_HOME"], "ftport", "probe")
    entries = os.listdir(probe)
    check(len(entries) >= 3, "one entry per key: %r" % entries)
    for e in entries:
        p = os.path.join(probe, e)
        with open(p, "r+b") as f:
            data = bytearray(f.read())
            data[-5] ^= 0x20
            f.seek(0)
            f.write(data)
    expect(1, "damaged entries")

    # check: warm asks nothing; --refresh asks again; --cache-dir holds it.
    cdir = os.path.join(root, "other-cache")
    base = [FTPORT, "check", "--offline", "--python", py, "--cache-dir", cdir, "-q"]
    before = runs()
    subprocess.run(base, env=env, capture_output=True, timeout=60)
    subprocess.run(base, env=env, capture_output=True, timeout=60)
    check(runs() - before == 1, "check: cold then warm ran it once (%d)" % (runs() - before))
    check(os.path.isdir(os.path.join(cdir, "probe")), "check keeps it in --cache-dir")
    before = runs()
    subprocess.run(base + ["--refresh"], env=env, capture_output=True, timeout=60)
    check(runs() - before == 1, "check --refresh asks the interpreter again")
    r = subprocess.run([FTPORT, "cache", "info", "--cache-dir", cdir], env=env,
                       capture_output=True, text=True)
    check(r.returncode == 0 and "entries: 1 " in r.stdout, "cache info counts it: %r" % r.stdout)
    subprocess.run([FTPORT, "cache", "clear", "--cache-dir", cdir], env=env, capture_output=True)
    before = runs()
    subprocess.run(base, env=env, capture_output=True, timeout=60)
    check(runs() - before == 1, "cache clear removes it")

    # A cache that cannot be written costs nothing but the saving.
    ro = os.path.join(root, "ro")
    os.makedirs(ro)
    with open(os.path.join(ro, "ftport"), "w") as f:
        f.write("a file where the cache directory would be\n")
    before = runs()
    r = tree({"XDG_CACHE_HOME": ro})
    r2 = tree({"XDG_CACHE_HOME": ro})
    check(runs() - before == 2 and r.stderr == "" and r2.stdout == r.stdout
          and len(json.loads(r2.stdout)["packages"]) == 3, "no cache: asked each time, silently")


if __name__ == "__main__":
    sys.exit(ftlib.main("probe-cache", body))
