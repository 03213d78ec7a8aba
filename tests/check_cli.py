#!/usr/bin/env python3
# check_cli.py: `ftport check` end to end: the real binary against tests/fakeindex.py on
# 127.0.0.1 (recorded and real file lists, fault projects), on site directories built
# here: statuses, faults that cost only their own package, --offline, the cache (warm =
# zero requests, --refresh = all 304), an index that cannot be reached (fast, the
# snapshot answers), a cache that cannot be made (one warning), every --format,
# --fail-on and usage errors.
"""Needs FTPORT (the binary) and SRCDIR in the environment (make check sets them)."""

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, SRCDIR, check, make_dist, run  # noqa: E402

FIX = os.path.join(SRCDIR, "tests", "fixtures")
PLATFORM = "linux-x86_64"

# --- the fixture environment ------------------------------------------------------------

# Packages the fake index knows, with what ftport must say for 3.14t on linux-x86_64.
KNOWN = [
    # name, version, kind, expected status
    ("charset-normalizer", "3.4.7", "compiled", "ready"),
    ("pydantic-core", "2.41.5", "compiled", "ready"),
    ("markupsafe", "3.0.3", "compiled", "ready"),
    ("prek", "0.3.8", "compiled", "ready"),            # py3-none-manylinux: native, works
    ("numpy", "1.25.1", "compiled", "blocked"),        # 2013-2023 releases: no cp314t
    ("snowballstemmer", "2.2.0", "unrecorded", "pure"),  # no RECORD: the index decides
    ("requests", "2.33.1", "pure", "pure"),            # RECORD says pure: no request
    ("mine", "0.1.0", "editable", "unknown"),
]

# Fault projects: whether the check must eventually get an answer, and a word the
# error must contain when it does not.
FAULTS = {
    "fault-404": (False, "not on the index"),
    "fault-500": (False, "500"),
    "fault-500-once": (True, None),
    "fault-429": (True, None),
    "fault-429-long": (False, "429"),
    "fault-truncated": (False, None),
    "fault-badjson": (False, "JSON"),
    "fault-empty": (False, None),
    "fault-redirect": (True, None),
    "fault-huge": (False, None),
    "fault-slow": (True, None),
}


def build_site(root, with_faults):
    site = os.path.join(root, "site-faults" if with_faults else "site")
    os.makedirs(site)
    for name, version, kind, _ in KNOWN:
        if kind == "unrecorded":
            make_dist(site, name, version, "pure", record=False)
        else:
            make_dist(site, name, version, kind)
    # app depends on numpy: the chain "numpy blocks app".
    make_dist(site, "app", "1.0", "pure", requires=["numpy>=1.20", "requests"])
    if with_faults:
        for name in FAULTS:
            make_dist(site, name, "1.0", "compiled")
    return site


# --- the fake index -----------------------------------------------------------------------

def FakeIndex(*extra):
    """tests/fakeindex.py with the recorded JSON and wheel lists of tests/fixtures."""
    return ftlib.FakeIndex("--slow-ms", "1500",
                           "--json-dir", os.path.join(FIX, "pypi", "micropip"),
                           "--json-dir", os.path.join(FIX, "pypi", "poetry"),
                           "--wheel-list", os.path.join(FIX, "wheel-lists",
                                                         "ftready-374287e-files.json"),
                           *extra)


def by_name(doc):
    return {p["name"]: p for p in doc["packages"]}


# --- the cases ----------------------------------------------------------------------------

def case_faults(idx, root, env):
    site = build_site(root, True)
    cache = os.path.join(root, "cache-faults")
    rc, out, err, secs = run(["check", "--format", "json", "--path", site, "--index-url", idx.url,
                              "--cache-dir", cache, "--platform", PLATFORM, "--jobs", "8"], env)
    if not check(rc == 0, "faults run: exit %d, stderr %s" % (rc, err.strip()[:300])):
        return
    doc = json.loads(out)
    pkgs = by_name(doc)
    check(len(pkgs) == len(KNOWN) + 1 + len(FAULTS), "every package reported (%d)" % len(pkgs))
    # Each fault costs only its own package: the rest is right and error-free.
    for name, _, _, want in KNOWN:
        p = pkgs.get(name)
        if not check(p is not None, "%s reported" % name):
            continue
        v = p["verdicts"][0]
        check(v["status"] == want, "%s: %s, want %s (%s)" % (name, v["status"], want, v["reason"]))
        check(p["error"] is None, "%s: no error (%s)" % (name, p["error"]))
        check(v["target"] == "cp314t" and v["platform"] == PLATFORM,
              "%s: target/platform %s/%s" % (name, v["target"], v["platform"]))
    check(pkgs["charset-normalizer"]["verdicts"][0]["source"] == "index", "ready came from the index")
    check(pkgs["requests"]["verdicts"][0]["source"] == "installed", "pure RECORD: source installed")
    check(pkgs["mine"]["verdicts"][0]["source"] == "installed" and
          "editable" in pkgs["mine"]["verdicts"][0]["reason"], "editable: unknown, says why")
    # Propagation: app (pure) is held back by numpy.
    app = pkgs["app"]
    check(app["worst"] == "blocked" and app["blocked_by"] == ["numpy"],
          "app worst/blocked_by: %s %s" % (app["worst"], app["blocked_by"]))
    check(app["chain"] is not None and "numpy blocks app" in app["chain"], "chain: %s" % app["chain"])
    check(pkgs["numpy"]["leaf_blocker"], "numpy is a leaf blocker")

    errors = {e["package"]: e["error"] for e in doc["errors"]}
    for name, (answers, word) in FAULTS.items():
        p = pkgs[name]
        v = p["verdicts"][0]
        if answers:
            check(p["error"] is None and v["source"] == "index",
                  "%s: answered after the fault (error %s, source %s)" % (name, p["error"], v["source"]))
        else:
            ok = p["error"] is not None and v["status"] == "unknown" and name in errors
            check(ok, "%s: unknown with an error (%s, %s)" % (name, v["status"], p["error"]))
            if ok:
                check(p["error"] in v["reason"], "%s: the reason carries the error: %s" % (name, v["reason"]))
                check("\n" not in p["error"] and len(p["error"]) < 300, "%s: one short line" % name)
                if word:
                    check(word.lower() in p["error"].lower(), "%s: error %r names %r" % (name, p["error"], word))
    # fault-429-long asks for an hour: the check must not wait for it.
    check(secs < 60, "the faulty run finished in %.1f s" % secs)


def case_cache(idx, root, env):
    site = build_site(root, False)
    cache = os.path.join(root, "cache")
    base = ["check", "--format", "json", "--path", site, "--index-url", idx.url,
            "--cache-dir", cache, "--platform", PLATFORM]
    asked = len([k for k in KNOWN if k[2] not in ("pure", "editable")])
    idx.reset()
    rc, out, err, _ = run(base, env)
    st = idx.stats()
    check(rc == 0, "cold: exit %d %s" % (rc, err.strip()[:200]))
    check(st["total"] == asked, "cold: one request per package that needs the index: %d, want %d"
          % (st["total"], asked))
    cold = by_name(json.loads(out))

    idx.reset()
    rc, out, err, secs = run(base, env)
    st = idx.stats()
    check(rc == 0 and st["total"] == 0, "warm: exit %d, %d requests (want 0)" % (rc, st["total"]))
    warm = by_name(json.loads(out))
    check(all(warm[n]["verdicts"][0]["status"] == cold[n]["verdicts"][0]["status"] for n in cold),
          "warm: the same verdicts as cold")
    check(warm["charset-normalizer"]["verdicts"][0]["source"] == "cache", "warm: source cache")

    idx.reset()
    rc, out, err, _ = run(base + ["--refresh"], env)
    st = idx.stats()
    nm = sum(p["not_modified"] for p in st["paths"].values())
    cond = sum(p["conditional"] for p in st["paths"].values())
    check(rc == 0 and st["total"] == asked and nm == asked and cond == asked,
          "--refresh: %d requests, %d conditional, %d 304 (want %d each)" % (st["total"], cond, nm, asked))
    ref = by_name(json.loads(out))
    check(ref["charset-normalizer"]["verdicts"][0]["source"] == "index"
          and ref["charset-normalizer"]["verdicts"][0]["status"] == "ready",
          "--refresh: a 304 is the index's answer")

    # A damaged cache entry is refetched, never trusted.
    damaged = 0
    for dirpath, _, files in os.walk(cache):
        for fn in files:
            path = os.path.join(dirpath, fn)
            with open(path, "r+b") as f:
                data = f.read()
                if b"charset" in data:
                    f.seek(len(data) // 2)
                    f.write(b"\x00garbage\x00")
                    damaged += 1
    idx.reset()
    rc, out, err, _ = run(base, env)
    st = idx.stats()
    check(damaged >= 1 and rc == 0 and st["total"] >= 1,
          "damaged entry: %d damaged, exit %d, %d requests" % (damaged, rc, st["total"]))
    check(by_name(json.loads(out))["charset-normalizer"]["verdicts"][0]["status"] == "ready",
          "damaged entry: refetched and judged")
    return site, cache


def case_offline(idx, root, env, site):
    empty = os.path.join(root, "cache-empty")
    idx.reset()
    rc, out, err, secs = run(["check", "--format", "json", "--path", site, "--index-url", idx.url,
                              "--cache-dir", empty, "--platform", PLATFORM, "--offline"], env,
                             timeout=30)
    check(rc == 0, "offline: exit %d %s" % (rc, err.strip()[:200]))
    check(idx.stats()["total"] == 0, "offline: no request")
    check(secs < 10, "offline: no hang (%.1f s)" % secs)
    pkgs = by_name(json.loads(out))
    numpy = pkgs["numpy"]["verdicts"][0]
    # numpy is in the bundled snapshot: free-threaded wheels from 2.1.0 on.
    check(numpy["source"] == "snapshot" and numpy["status"] == "upgrade"
          and numpy["fix_version"] == "2.1.0" and "bundled snapshot of 2026-06-14" in numpy["reason"],
          "offline numpy from the snapshot: %s" % numpy)
    snow = pkgs["snowballstemmer"]["verdicts"][0]
    check(snow["status"] == "unknown" and snow["source"] is None and "offline" in snow["reason"],
          "offline, not in the snapshot: unknown with the reason (%s)" % snow)
    check(pkgs["requests"]["verdicts"][0]["status"] == "pure", "offline: pure from RECORD anyway")
    check(pkgs["numpy"]["error"] is not None and any(e["package"] == "numpy" for e in
          json.loads(out)["errors"]), "offline: the miss is listed in errors")

    # The table says where an answer came from.
    rc, out, err, _ = run(["check", "--path", site, "--index-url", idx.url,
                           "--cache-dir", empty, "--platform", PLATFORM, "--offline"], env)
    check(rc == 0 and "bundled snapshot of 2026-06-14 (" in out and " old), not the index" in out,
          "offline table names the snapshot and its age")


def dead_port():
    """A port on 127.0.0.1 that nothing listens on: bound by the OS, then closed."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def case_unreachable(root, env, site):
    # An index that refuses every connection: the first failure marks it down, every
    # other package fails at once with the same line, and the snapshot answers.
    port = dead_port()
    rc, out, err, secs = run(["check", "--format", "json", "--path", site,
                              "--index-url", "http://127.0.0.1:%d/simple/" % port,
                              "--cache-dir", os.path.join(root, "cache-dead"),
                              "--platform", PLATFORM], env, timeout=60)
    if not check(rc == 0, "dead index: exit %d %s" % (rc, err.strip()[:200])):
        return
    check(secs < 5, "dead index: done in %.1f s (want a second or so)" % secs)
    doc = json.loads(out)
    pkgs = by_name(doc)
    want = "cannot reach 127.0.0.1:%d: could not connect" % port
    numpy = pkgs["numpy"]["verdicts"][0]
    check(numpy["source"] == "snapshot" and numpy["status"] == "upgrade"
          and want in numpy["reason"], "dead index: numpy from the snapshot: %s" % numpy)
    snow = pkgs["snowballstemmer"]["verdicts"][0]
    check(snow["status"] == "unknown" and want in snow["reason"],
          "dead index: snowballstemmer unknown, says why: %s" % snow["reason"])
    errs = [e["error"] for e in doc["errors"] if e["package"] is not None]
    check(len(errs) >= 4 and len(set(errs)) == 1 and errs[0].startswith(want),
          "dead index: one and the same error for every package asked: %s" % sorted(set(errs)))
    check(pkgs["requests"]["verdicts"][0]["status"] == "pure", "dead index: pure from RECORD anyway")


def case_no_cache(idx, root, env, site):
    # A cache directory that cannot be made: one warning line, answers all the same.
    blocker = os.path.join(root, "a-file")
    with open(blocker, "w") as f:
        f.write("x")
    base = ["check", "--format", "json", "--path", site, "--index-url", idx.url,
            "--cache-dir", os.path.join(blocker, "cache"), "--platform", PLATFORM]
    rc, out, err, _ = run(base, env)
    lines = err.strip().splitlines()
    check(rc == 0 and len(lines) == 1 and "no cache" in lines[0] and "a-file" in lines[0],
          "no cache: exit %d, one warning line: %r" % (rc, err))
    pkgs = by_name(json.loads(out)) if rc == 0 else {}
    numpy = pkgs.get("numpy", {"verdicts": [{}]})["verdicts"][0]
    check(numpy.get("status") == "blocked" and numpy.get("source") == "index",
          "no cache: numpy still judged from the index: %s" % numpy)
    rc, out, err, _ = run(["-q"] + base, env)
    check(rc == 0 and err == "", "no cache, -q: no warning (%r)" % err)


def case_formats(idx, root, env, site, cache):
    base = ["check", "--path", site, "--index-url", idx.url, "--cache-dir", cache,
            "--platform", PLATFORM]
    names = [k[0] for k in KNOWN] + ["app"]

    rc, out, err, _ = run(base, env)
    lines = out.splitlines()
    check(rc == 0 and lines and lines[0].split()[:3] == ["PACKAGE", "VERSION", "STATUS"],
          "table header: %r" % (lines[:1],))
    check(all(any(l.split()[:1] == [n] for l in lines) for n in names), "table: a row per package")
    check("\x1b" not in out, "table: no colour into a pipe")
    rc, out, err, _ = run(base + ["--color", "always"], env)
    check("\x1b[31mblocked" in out, "table: --color always colours")
    env_nc = dict(env, NO_COLOR="1")
    rc, out, err, _ = run(base, env_nc)
    check("\x1b" not in out, "table: NO_COLOR")
    check(err == "", "no progress line when stderr is not a terminal: %r" % err[:100])

    rc, out, err, _ = run(base + ["--format", "csv"], env)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    check(rc == 0 and len(rows) == len(names), "csv: %d rows" % len(rows))
    check(rows and set(rows[0]) >= {"name", "version", "target", "platform", "status", "source",
                                   "reason", "fix_version"}, "csv: columns")
    check(any(r["name"] == "numpy" and r["status"] == "blocked" for r in rows), "csv: numpy blocked")
    # man_csv_header: ftport(1) names every column check's CSV can have.
    with open(os.path.join(SRCDIR, "man", "ftport.1"), encoding="utf-8") as f:
        man = f.read()
    header = out.splitlines()[0] if out else ""
    check(".Ql %s ," % header in man and ".Ql ,wheel_status,test" in man and
          ".Ql ,upstream" in man, "man_csv_header: the man page's CSV header is %r, then "
          ",wheel_status,test and ,upstream" % header)

    rc, out, err, _ = run(base + ["--format", "md"], env)
    md = out.splitlines()
    check(rc == 0 and md[0].startswith("| Package | Version | Status |") and md[1].startswith("|---"),
          "md: header")
    check(len(md) == 2 + len(names) and all(l.startswith("|") and l.endswith("|") for l in md),
          "md: one row per package")

    rc, out, err, _ = run(base + ["--format", "json", "--target", "3.13t", "--target", "3.14t",
                                  "--platform", "macos-arm64"], env)
    # macos_named_version: a macOS version names the Mac; the default is plain.
    rc2, out2, _, _ = run(base + ["--format", "json", "--platform", "macos-13-arm64",
                                  "--platform", "macos-11-arm64"], env)
    check(rc2 == 0 and json.loads(out2)["platforms"] == [PLATFORM, "macos-13-arm64", "macos-arm64"],
          "macos_named_version: --platform macos-13-arm64 is judged as macOS 13 (%r)"
          % out2[:200])
    doc = json.loads(out)
    check(doc["schema_version"] == 1 and doc["targets"] == ["cp313t", "cp314t"]
          and doc["platforms"] == [PLATFORM, "macos-arm64"], "json: targets and platforms")
    check(all(len(p["verdicts"]) == 4 for p in doc["packages"]), "json: a verdict per target x platform")
    env_keys = {"python", "version", "implementation", "free_threaded", "platform", "libc",
                "prefix", "source", "site_paths"}
    check(set(doc["environment"]) == env_keys, "json: the tree's environment object: %s"
          % sorted(doc["environment"]))
    cn = by_name(doc)["charset-normalizer"]["verdicts"]
    check([(v["target"], v["platform"]) for v in cn] ==
          [("cp313t", PLATFORM), ("cp313t", "macos-arm64"), ("cp314t", PLATFORM), ("cp314t", "macos-arm64")],
          "json: verdict order target-major")


def case_fail_on(idx, root, env, site, cache):
    base = ["check", "--path", site, "--index-url", idx.url, "--cache-dir", cache,
            "--platform", PLATFORM, "--format", "json"]
    rc, _, err, _ = run(base + ["--fail-on", "blocked"], env)
    check(rc == 1, "--fail-on blocked with numpy blocked: exit %d" % rc)
    # fail_on_names_matches: the CI log says why the job failed, in one line.
    check(err.strip() == "ftport: --fail-on blocked matched 1 package: numpy (blocked)",
          "fail_on_names_matches: one line naming what matched: %r" % err)
    rc, _, err, _ = run(base + ["--fail-on", "blocked", "-q"], env)
    check(rc == 1 and "numpy (blocked)" in err, "fail_on_names_matches: said with -q too: %r"
          % err)
    rc, _, err, _ = run(base + ["--fail-on", "any"], env)
    check(rc == 1, "--fail-on any: exit %d" % rc)
    check(len(err.strip().splitlines()) == 1 and "numpy (blocked)" in err and
          "mine (unknown)" in err, "fail_on_names_matches: any names unknown too: %r" % err)
    rc, _, err, _ = run(base, env)
    check(rc == 0 and err == "", "no --fail-on: exit %d, nothing said (%r)" % (rc, err))

    good = os.path.join(root, "site-good")
    os.makedirs(good)
    make_dist(good, "charset-normalizer", "3.4.7", "compiled")
    make_dist(good, "requests", "2.33.1", "pure")
    gbase = ["check", "--path", good, "--index-url", idx.url, "--cache-dir", cache,
             "--platform", PLATFORM]
    rc, _, err, _ = run(gbase + ["--fail-on", "any"], env)
    check(rc == 0, "--fail-on any, all ready/pure: exit %d %s" % (rc, err.strip()))
    # fallback (compiled, plus a pure wheel) passes both.
    make_dist(good, "snowballstemmer", "1.2.1", "compiled")
    rc, out, _, _ = run(gbase + ["--fail-on", "any", "--format", "json"], env)
    st = by_name(json.loads(out))["snowballstemmer"]["verdicts"][0]["status"]
    check(st == "fallback" and rc == 0, "--fail-on any passes %s: exit %d" % (st, rc))
    # An upgrade is not a blocker but is "any".
    make_dist(good, "markupsafe", "3.0.0", "compiled")
    rc, out, _, _ = run(gbase + ["--fail-on", "blocked", "--format", "json"], env)
    st = by_name(json.loads(out))["markupsafe"]["verdicts"][0]["status"]
    check(st == "upgrade" and rc == 0, "--fail-on blocked ignores %s: exit %d" % (st, rc))
    rc, _, _, _ = run(gbase + ["--fail-on", "any"], env)
    check(rc == 1, "--fail-on any counts %s: exit %d" % (st, rc))


def case_state_ignores(idx, root, env, site, cache):
    """check_state_ignores: check applies the team state's ignore decisions as the UI,
    export and draft do: numpy ignored is not counted, is no leaf blocker, fails no
    --fail-on, and app's chain names it as ignored."""
    ign = os.path.join(root, "ignore-numpy.json")
    with open(ign, "w") as f:
        json.dump({"packages": {"numpy": {"decision": "ignore"}}}, f)
    base = ["check", "--path", site, "--index-url", idx.url, "--cache-dir", cache,
            "--platform", PLATFORM, "--state", ign]
    rc, _, err, _ = run(base + ["--fail-on", "blocked"], env)
    check(rc == 0 and "numpy" in err and "ignore" in err and len(err.strip().splitlines()) == 1,
          "check_state_ignores: --fail-on blocked passes, one line says numpy is ignored: "
          "exit %d %r" % (rc, err))
    rc, out, err, _ = run(base, env)
    check(rc == 0 and "1 package ignored by the team state, not counted: numpy (blocked)." in out,
          "check_state_ignores: the table says numpy is ignored: %r" % out[-400:])
    check("blocked" not in out.split("\n\n")[-1].split("\n")[0] and
          "Leaf blockers" not in out,
          "check_state_ignores: not counted, no leaf blocker: %r" % out[-400:])
    rc, out, _, _ = run(base + ["--format", "json"], env)
    doc = json.loads(out) if rc == 0 else {"packages": [], "counts": {}}
    pk = by_name(doc)
    check(doc["counts"].get("blocked") == 0 and doc.get("ignored") == 1 and
          pk.get("numpy", {}).get("ignored") is True and
          pk.get("numpy", {}).get("leaf_blocker") is False,
          "check_state_ignores: json counts leave numpy out: %r %r" % (doc["counts"], doc.get("ignored")))
    check(pk.get("app", {}).get("chain") == "numpy (ignored) blocks app" and
          pk.get("app", {}).get("worst") != "blocked",
          "check_state_ignores: app's chain names numpy as ignored: %r"
          % pk.get("app", {}).get("chain"))
    # Without the decision nothing changes: numpy still fails the job.
    rc, _, err, _ = run(base[:-2] + ["--fail-on", "blocked"], env)
    check(rc == 1 and "numpy (blocked)" in err, "check_state_ignores: no state, exit %d" % rc)


def case_usage(idx, root, env, site):
    base = ["check", "--path", site, "--index-url", idx.url, "--offline",
            "--cache-dir", os.path.join(root, "cache-usage")]
    for bad in (["--format", "yaml"], ["--fail-on", "sometimes"], ["--target", "3.14"],
                ["--target", "cp27"], ["--platform", "plan9-mips"], ["--platform", "macos-x-arm64"],
                ["extra-operand"],
                ["--jobs", "0"]):
        rc, out, err, _ = run(base + bad, env)
        check(rc == 2 and out == "" and len(err.strip().splitlines()) == 1 and "ftport:" in err,
              "%s: exit %d, one line on stderr: %r" % (" ".join(bad), rc, err))
    # The usage error wins over a missing environment.
    rc, _, err, _ = run(["check", "--python", "/nonexistent/python3", "--format", "yaml"], env)
    check(rc == 2, "bad --format without an environment: exit %d" % rc)
    rc, out, err, _ = run(["check", "--python", "/nonexistent/python3", "--offline",
                           "--cache-dir", os.path.join(root, "cache-usage")], env)
    check(rc == 3 and out == "" and err.strip() != "", "no environment: exit %d (%r)" % (rc, err))
    rc, out, _, _ = run(["check", "--help"], env)
    check(rc == 0 and "--fail-on" in out and "blocked" in out, "check --help documents --fail-on")
    case_help(env)


EXITS = {
    "": "0 done, 2 usage error, 3 no environment",
    "tree": "0 done, 2 usage error, 3 no environment",
    "cache": "0 done, 2 usage error or no cache directory known",
    "check": "0 done, 1 --fail-on matched, 2 usage error, 3 no environment",
    "test": "0 all passed, 1 a result other than passed",
    "stats": "0 done, 2 usage error, 3 no environment",
    "export": "0 done, 2 usage error or a file that cannot be written",
    "draft": "0 saved, 1 nothing to ask",
    "upstream": "0 done, 1 a package could not be answered, 2 usage error",
}


def case_help(env):
    """Each command's help is its own: within 80 columns, ending with its own exit
    status; cache's does not offer the environment's options; an unknown option
    points to the command's help; the index's and the cache's options are taken by
    every command (ignored where they do not apply), --format is not."""
    for cmd, exits in EXITS.items():
        rc, out, _, _ = run(([cmd] if cmd else []) + ["--help"], env)
        wide = [l for l in out.splitlines() if len(l) > 80]
        tail = " ".join(out.split("Exit status:")[-1].split())
        check(rc == 0 and not wide and tail.startswith(exits) and
              out.count("Exit status") == 1,
              "ftport %s--help: within 80 columns, its own exit status (%r; %r)"
              % (cmd + " " if cmd else "", wide[:1], tail[:70]))
    rc, out, _, _ = run(["cache", "--help"], env)
    check("--python" not in out and "--venv" not in out,
          "cache --help: no --python or --venv (it reads no environment)")
    rc, out, err, _ = run(["check", "--bogus"], env)
    check(rc == 2 and "(see ftport check --help)" in err, "check --bogus: %r" % err)
    rc, out, err, _ = run(["stats", "--offline", "--help"], env)
    check(rc == 0 and "usage: ftport stats" in out, "stats --offline: accepted (%r)" % err)
    rc, out, err, _ = run(["upstream", "x", "--index-url", "http://127.0.0.1:9/simple/",
                           "--help"], env)
    check(rc == 0, "upstream --index-url: accepted, ignored (%r)" % err)
    rc, out, err, _ = run(["tree", "--format", "json"], env)
    check(rc == 2 and "--format does not apply to tree" in err,
          "tree --format: refused, it would change nothing silently (%r)" % err)


def case_html_and_broken_snapshot(root, env, site):
    # An index that answers only HTML (PEP 503): the same verdicts.
    html = FakeIndex("--html-only")
    try:
        rc, out, err, _ = run(["check", "--format", "json", "--path", site, "--index-url", html.url,
                               "--cache-dir", os.path.join(root, "cache-html"),
                               "--platform", PLATFORM], env)
        pkgs = by_name(json.loads(out)) if rc == 0 else {}
        for name, _, _, want in KNOWN:
            got = pkgs.get(name, {"verdicts": [{"status": None}]})["verdicts"][0]["status"]
            check(got == want, "HTML-only index: %s %s, want %s" % (name, got, want))
        check(html.stats()["total"] >= 1, "HTML-only index was asked")
    finally:
        html.stop()

    # A damaged snapshot is a warning and an error entry, never a failed check.
    bad = os.path.join(root, "bad-data")
    os.makedirs(bad)
    with open(os.path.join(bad, "snapshot.json"), "w") as f:
        f.write('{"schema_version": 1, "date": ')
    rc, out, err, _ = run(["check", "--format", "json", "--path", site, "--offline",
                           "--cache-dir", os.path.join(root, "cache-bad"), "--platform", PLATFORM],
                          dict(env, FTPORT_DATA_DIR=bad))
    doc = json.loads(out) if rc == 0 else {}
    check(rc == 0 and doc.get("snapshot") is None, "broken snapshot: exit %d, snapshot null" % rc)
    check(any(e["package"] is None and "snapshot" in e["error"] for e in doc.get("errors", [])),
          "broken snapshot: listed in errors")
    check(len(err.strip().splitlines()) == 1 and "snapshot" in err, "broken snapshot: one warning: %r" % err)
    numpy = by_name(doc)["numpy"]["verdicts"][0] if doc else {}
    check(numpy.get("status") == "unknown", "broken snapshot: offline numpy unknown")


def cases(root, env):
    idx = FakeIndex()
    case_faults(idx, root, env)
    site, cache = case_cache(idx, root, env)
    case_offline(idx, root, env, site)
    case_unreachable(root, env, site)
    case_no_cache(idx, root, env, site)
    case_formats(idx, root, env, site, cache)
    case_fail_on(idx, root, env, site, cache)
    case_state_ignores(idx, root, env, site, cache)
    case_usage(idx, root, env, site)
    case_html_and_broken_snapshot(root, env, site)


def main():
    return ftlib.main("check-cli", cases)


if __name__ == "__main__":
    sys.exit(main())
