#!/usr/bin/env python3
# lock_cli.py: `ftport check --lock` end to end: the real uv.lock of ftready (judged
# from the file names it carries: no request for a release that is ready or pure), a
# synthetic pylock.toml and a requirements file with every line form, each against
# tests/fakeindex.py on 127.0.0.1 serving the newer releases; markers per --platform;
# --fail-on; bad input (broken TOML, unknown lock versions, no tomllib) is one line and
# exit 3.
"""Needs FTPORT (the binary) and SRCDIR in the environment (make check sets them)."""

import json
import os
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import SRCDIR, check, run  # noqa: E402

LOCKS = os.path.join(SRCDIR, "tests", "fixtures", "lock")


def wheel(name, version, tags):
    fn = "%s-%s-%s.whl" % (name.replace("-", "_"), version, tags)
    return {"filename": fn, "url": "https://files.example/p/" + fn,
            "hashes": {"sha256": "00"}, "yanked": False}


def sdist(name, version):
    fn = "%s-%s.tar.gz" % (name.replace("-", "_"), version)
    return {"filename": fn, "url": "https://files.example/p/" + fn,
            "hashes": {"sha256": "00"}, "yanked": False}


# What the fake index knows beyond the locks: newer releases, and the releases a
# requirements file pins without naming files. abionly is not on it (404).
INDEX = {
    "fastthing": [wheel("fastthing", "1.0", "cp312-cp312-manylinux_2_17_x86_64"),
                  sdist("fastthing", "1.0"),
                  wheel("fastthing", "2.0", "cp314-cp314t-manylinux_2_28_x86_64"),
                  wheel("fastthing", "2.0", "cp314-cp314t-win_amd64")],
    "purelib": [wheel("purelib", "1.0", "py3-none-any")],
    "readyone": [wheel("readyone", "4.2", "cp314-cp314t-manylinux_2_28_x86_64")],
    "unpinned-pkg": [wheel("unpinned-pkg", "1.0", "py3-none-any"),
                     wheel("unpinned-pkg", "2.5", "cp314-cp314t-manylinux_2_28_x86_64"),
                     wheel("unpinned-pkg", "3.0", "cp314-cp314t-manylinux_2_28_x86_64")],
    "bare-pkg": [wheel("bare-pkg", "1.0", "cp312-cp312-manylinux_2_17_x86_64"),
                 wheel("bare-pkg", "2.0", "cp313-cp313t-manylinux_2_17_x86_64")],
    "winonly": [wheel("winonly", "3.0", "cp314-cp314t-win_amd64")],
}


def start_index(root):
    d = os.path.join(root, "index")
    os.makedirs(d)
    for name, files in INDEX.items():
        with open(os.path.join(d, name + ".json"), "w") as f:
            json.dump({"name": name, "files": files}, f)
    return ftlib.FakeIndex("--json-dir", d)


def check_json(idx, env, lock, *extra):
    rc, out, err, _ = run(["check", "--lock", lock, "--format", "json",
                           "--index-url", idx.url] + list(extra), env)
    try:
        doc = json.loads(out)
    except ValueError:
        doc = {"packages": []}
    return rc, doc, {p["name"]: p for p in doc["packages"]}, err


def requested(idx):
    return sorted(p.split("/")[2] for p in idx.stats()["paths"] if p.startswith("/simple/"))


def case_uv(idx, env):
    lock = os.path.join(LOCKS, "uv.lock")
    idx.reset()
    rc, doc, pk, err = check_json(idx, env, lock, "--platform", "linux-x86_64")
    check(rc == 0, "uv.lock: exit 0 (%d, %s)" % (rc, err.strip()))
    check(len(pk) == 45, "uv.lock: 45 of its 47 packages on linux (%d)" % len(pk))
    check("colorama" not in pk and "tomli" not in pk,
          "uv.lock: colorama (win32) and tomli (python < 3.11) left out on linux")
    check(doc.get("environment", {}).get("source") == "--lock",
          "uv.lock: the environment says --lock")
    ready = sorted(n for n, p in pk.items() if p["verdicts"][0]["status"] == "ready")
    check(ready == ["charset-normalizer", "coverage", "markupsafe", "prek",
                    "pydantic-core", "ruff", "wrapt"], "uv.lock: ready %s" % ready)
    check(pk.get("pydantic", {}).get("verdicts", [{}])[0].get("source") == "lockfile",
          "uv.lock: verdicts come from the lock's file names")
    check(pk.get("ftready", {}).get("verdicts", [{}])[0].get("status") == "unknown",
          "uv.lock: the editable project is unknown, as installed")
    check(requested(idx) == [], "uv.lock: nothing asked of the index when every locked "
          "release is ready or pure (%s)" % requested(idx))
    # The tree comes from the lock: the project is the only root.
    check(pk.get("rich-click", {}).get("chain") is None and
          "ftready" in pk, "uv.lock: packages kept through the project's dependencies")
    rc, doc, pk, err = check_json(idx, env, lock, "--platform", "windows-amd64")
    check("colorama" in pk and len(pk) == 46,
          "uv.lock: colorama in on windows-amd64 (%d packages)" % len(pk))


def case_pylock(idx, env):
    lock = os.path.join(LOCKS, "pylock.toml")
    idx.reset()
    rc, doc, pk, err = check_json(idx, env, lock, "--platform", "linux-x86_64")
    check(rc == 0, "pylock: exit 0 (%d, %s)" % (rc, err.strip()))
    st = {n: p["verdicts"][0]["status"] for n, p in pk.items()}
    check(st == {"purelib": "pure", "fastthing": "upgrade", "abionly": "abi3",
                 "fromgit": "unknown", "readyone": "ready"}, "pylock: statuses %s" % st)
    check(pk["fastthing"]["verdicts"][0]["fix_version"] == "2.0" and
          pk["fastthing"]["verdicts"][0]["source"] == "index",
          "pylock: a newer release from the index: upgrade to 2.0")
    ab = pk["abionly"]["verdicts"][0]
    check(ab["source"] == "lockfile" and "lockfile's files only" in ab["reason"] and
          pk["abionly"]["error"] is not None,
          "pylock: not on the index: the lock's files still judge it, and say so")
    check(requested(idx) == ["abionly", "fastthing"],
          "pylock: only the releases the lock cannot settle are asked (%s)" % requested(idx))
    rc, doc, pk, err = check_json(idx, env, lock, "--platform", "windows-amd64")
    check(pk.get("winonly", {}).get("verdicts", [{}])[0].get("status") == "ready",
          "pylock: a package marked win32 is judged on windows-amd64")
    rc, doc, pk, err = check_json(idx, env, lock, "--platform", "linux-x86_64",
                                  "--fail-on", "blocked")
    check(rc == 1, "pylock: --fail-on blocked matches abi3 (exit %d)" % rc)
    rc, out, err, _ = run(["check", "--lock", lock, "--index-url", idx.url,
                           "--platform", "linux-x86_64"], env)
    check(rc == 0 and "Leaf blockers" in out and "abionly 0.5 (abi3)" in out,
          "pylock: the table names the leaf blocker")


def case_requirements(idx, env):
    lock = os.path.join(LOCKS, "requirements.txt")
    idx.reset()
    rc, doc, pk, err = check_json(idx, env, lock, "--platform", "linux-x86_64")
    check(rc == 0, "requirements: exit 0 (%d)" % rc)
    st = {n: (p["version"], p["verdicts"][0]["status"]) for n, p in pk.items()}
    want = {"abionly": ("0.5", "unknown"), "fastthing": ("1.0", "upgrade"),
            "purelib": ("1.0", "pure"), "readyone": ("4.2", "ready"),
            "unpinned-pkg": ("2.5", "ready"), "bare-pkg": ("2.0", "other-abi"),
            "localpkg": ("(editable)", "unknown"), "direct-pkg": ("(url)", "unknown")}
    check(st == want, "requirements: versions and statuses %s" % st)
    reason = pk.get("unpinned-pkg", {}).get("verdicts", [{}])[0].get("reason", "")
    check("not pinned" in reason and "2.5" in reason,
          "requirements: an unpinned line says it was judged at the newest release "
          "within its specifier: %s" % reason)
    check("--frobnicate" in err and "listed again" in err,
          "requirements: an unknown option and a repeated package are warnings")
    check("winonly" not in pk, "requirements: a line whose marker is false is left out")
    rc, doc, pk, err = check_json(idx, env, lock, "--platform", "windows-amd64")
    check("winonly" in pk, "requirements: its marker holds on windows-amd64")
    rc, doc, pk, err = check_json(idx, env, lock, "--fail-on", "any",
                                  "--platform", "linux-x86_64")
    check(rc == 1, "requirements: --fail-on any (exit %d)" % rc)


def case_bad(root, env):
    def bad(path, text, want, *extra):
        with open(path, "w") as f:
            f.write(text)
        rc, out, err, _ = run(["check", "--lock", path, "--offline"] + list(extra), env)
        lines = err.strip().splitlines()
        check(rc == 2 and out == "" and len(lines) == 1 and want in err,
              "bad input %s: one line and exit 2 (%d, %r)" % (os.path.basename(path), rc,
                                                              err))

    d = os.path.join(root, "bad")
    os.makedirs(d)
    bad(os.path.join(d, "uv.lock"), "version = 1\n[[package]\nname = 'x'\n", "broken TOML")
    bad(os.path.join(d, "pylock.toml"), "lock-version = \"1.0\"\npackages = [\n",
        "broken TOML")
    bad(os.path.join(d, "v2.lock"), "version = 2\nrevision = 1\n", "version 2 is not one")
    bad(os.path.join(d, "pylock.new.toml"), "lock-version = \"2.0\"\n",
        "lock-version 2.0 is not one")
    bad(os.path.join(d, "pylock.x.toml"), "lock-version = \"1.0\"\npackages = 3\n",
        "not a pylock.toml")
    rc, out, err, _ = run(["check", "--lock", os.path.join(d, "missing.txt")], env)
    check(rc == 2 and len(err.strip().splitlines()) == 1 and "missing.txt" in err and
          err.count("missing.txt") == 1,
          "lock_missing_is_usage: a missing requirements file: one line and exit 2 "
          "(%d, %r)" % (rc, err))
    # lock_nothing_valid: a file with no requirement in it is no lock, even for a gate.
    passwd = "".join("user%d:x:%d:%d::/home/user%d:/bin/sh\n" % (i, i, i, i)
                     for i in range(24))
    bad(os.path.join(d, "passwd"), passwd, "nothing in it reads as a requirement (24 lines",
        "--fail-on", "any")
    bad(os.path.join(d, "empty.txt"), "# only a comment\n\n", "no requirement in it")
    # A line that its marker leaves out was still understood: not an error.
    with open(os.path.join(d, "winonly.txt"), "w") as f:
        f.write("pywin32==306 ; sys_platform == 'win32'\n")
    rc, out, err, _ = run(["check", "--lock", os.path.join(d, "winonly.txt"), "--offline",
                           "--platform", "linux-x86_64"], env)
    check(rc == 0 and "0 packages" in out, "lock_nothing_valid: a file whose only line is "
          "for another platform is valid (%d, %r)" % (rc, err))
    bad(os.path.join(d, "loop.txt"), "-r loop.txt\n-r\n", "-r needs a file name")
    # An interpreter without tomllib: a stand-in that answers as Python 3.9 would.
    old = os.path.join(d, "python3.9")
    with open(old, "w") as f:
        f.write("#!/bin/sh\nprintf 3.9 >&2\nexit 17\n")
    os.chmod(old, stat.S_IRWXU)
    bad(os.path.join(d, "ok.lock"), "version = 1\n", "needs Python 3.11 or newer",
        "--python", old)
    rc, out, err, _ = run(["tree", "--lock", os.path.join(LOCKS, "uv.lock")], env)
    check(rc == 2, "tree does not take --lock (exit %d)" % rc)


def case_pylock_extras_groups(root, env):
    """pylock_extras_groups_markers: "x" in extras / "g" in dependency_groups hold only
    for what --extra and --group choose (default-groups without --group)."""
    d = os.path.join(root, "groups")
    os.makedirs(d)
    lock = os.path.join(d, "pylock.toml")

    def pkg(name, marker=None):
        m = 'marker = "%s"\n' % marker if marker else ""
        return ('[[packages]]\nname = "%s"\nversion = "1.0"\n%s'
                'wheels = [{ name = "%s-1.0-py3-none-any.whl", url = "https://x/%s-1.0-py3-none-any.whl" }]\n'
                % (name, m, name, name))
    with open(lock, "w") as f:
        f.write('lock-version = "1.0"\ncreated-by = "test"\nextras = ["fast"]\n'
                'dependency-groups = ["dev", "test"]\ndefault-groups = ["dev"]\n' +
                pkg("base") + pkg("speedup", "'fast' in extras") +
                pkg("pytest", "'test' in dependency_groups") +
                pkg("ruff", "'dev' in dependency_groups"))

    def names(*extra):
        rc, out, err, _ = run(["check", "--lock", lock, "--offline", "--format", "json",
                               "--platform", "linux-x86_64"] + list(extra), env)
        try:
            return rc, sorted(p["name"] for p in json.loads(out)["packages"]), err
        except ValueError:
            return rc, None, err
    rc, got, err = names()
    check(rc == 0 and got == ["base", "ruff"],
          "pylock markers: default-groups only, no extra (%d, %s, %r)" % (rc, got, err))
    rc, got, err = names("--extra", "fast", "--group", "test")
    check(rc == 0 and got == ["base", "pytest", "speedup"],
          "pylock markers: --extra fast --group test (%d, %s, %r)" % (rc, got, err))
    rc, got, err = names("--extra", "gpu")
    check(rc == 2 and "no extra 'gpu'" in err and len(err.strip().splitlines()) == 1,
          "pylock markers: an extra the lock does not list is exit 2 (%d, %r)" % (rc, err))
    rc, out, err, _ = run(["check", "--lock", os.path.join(LOCKS, "uv.lock"), "--offline",
                           "--extra", "x"], env)
    check(rc == 2 and "pylock.toml" in err, "--extra with a uv.lock: exit 2 (%d, %r)" % (rc, err))
    rc, out, err, _ = run(["check", "--group", "dev"], env)
    check(rc == 2 and "--lock" in err, "--group without --lock: exit 2 (%d, %r)" % (rc, err))


def cases(root, env):
    idx = start_index(root)
    case_uv(idx, env)
    case_pylock(idx, env)
    case_requirements(idx, env)
    case_bad(root, env)
    case_pylock_extras_groups(root, env)


def main():
    return ftlib.main("lock-cli", cases)


if __name__ == "__main__":
    sys.exit(main())
