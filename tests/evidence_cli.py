#!/usr/bin/env python3
# evidence_cli.py: runtime evidence beside the wheel verdict, end to end. Test results
# stored as `ftport test` stores them (the local store, the team state) for the installed
# version and the target's ABI decide the status in check (every format, the counts,
# --fail-on, the tree's propagation and leaf blockers), export and draft; results for
# another version or ABI are shown as such and change nothing, across projects sharing
# one cache too; a result stored without version or ABI is never current, and is said.
"""Needs FTPORT (the binary) and SRCDIR in the environment (make check sets them)."""

import csv
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, SRCDIR, check, make_dist  # noqa: E402

FIX = os.path.join(SRCDIR, "tests", "fixtures")
PLATFORM = "linux-x86_64"


def run(args, env, cwd):
    p = subprocess.run([FTPORT] + args, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def result(name, version, abi, outcome, **extra):
    """A result in the documented form (schema 2: the ABI is kept)."""
    r = {"schema": 2, "name": name, "version": version, "result": outcome, "step": "import",
         "seconds": 0.5, "when": 1765000000, "python": "/opt/py/bin/python3.14t",
         "python_version": "3.14.0" if abi == "cp314t" else "3.13.5",
         "free_threaded": True, "abi": abi, "target": "3.14t", "in_place": False,
         "modules": [name.replace("-", "_")]}
    r.update(extra)
    return r


def store(cache, fname, r):
    d = os.path.join(cache, "tests")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, fname), "w") as f:
        json.dump(r, f)


def pkgs_of(out):
    return {p["name"]: p for p in json.loads(out)["packages"]}


def project(root, name):
    proj = os.path.join(root, name)
    os.makedirs(proj)
    subprocess.run(["git", "init", "-q", proj], check=True)
    return proj


def body(root, env):
    idx = ftlib.FakeIndex("--json-dir", os.path.join(FIX, "pypi", "micropip"),
                          "--json-dir", os.path.join(FIX, "pypi", "draft"),
                          "--wheel-list", os.path.join(FIX, "wheel-lists",
                                                        "ftready-374287e-files.json"))
    cache = os.path.join(root, "cache")   # one cache, shared by projects A and B
    # --- project A: markupsafe 3.0.3 and charset-normalizer have cp314t wheels (ready).
    site_a = os.path.join(root, "site-a")
    make_dist(site_a, "markupsafe", "3.0.3", "compiled")
    make_dist(site_a, "charset-normalizer", "3.4.7", "compiled")
    make_dist(site_a, "requests", "2.33.1", "pure")
    make_dist(site_a, "app", "1.0", "pure", requires=["markupsafe"])
    proj_a = project(root, "proj-a")
    base_a = ["--path", site_a, "--index-url", idx.url, "--cache-dir", cache,
              "--platform", PLATFORM]
    # Tested with a 3.14t interpreter: markupsafe turned the GIL back on, charset passed;
    # requests crashed, but under 3.13t (another ABI).
    store(cache, "markupsafe.json", result("markupsafe", "3.0.3", "cp314t", "gil-reenabled",
                                           module="markupsafe._speedups"))
    store(cache, "charset-normalizer.json", result("charset-normalizer", "3.4.7", "cp314t",
                                                   "passed"))
    store(cache, "requests.json", result("requests", "2.33.1", "cp313t", "crashed",
                                         signal="SIGSEGV", module="requests"))

    rc, out, err = run(["check", "--format", "json"] + base_a, env, proj_a)
    pk = pkgs_of(out) if rc == 0 else {}
    ms = pk.get("markupsafe", {}).get("verdicts", [{}])[0]
    check(ms.get("status") == "gil-reenabled" and ms.get("wheel_status") == "ready",
          "A: a gil-reenabled test of this version overrides ready: %s" % ms)
    check(pk.get("markupsafe", {}).get("leaf_blocker") is True, "A: markupsafe is a leaf blocker")
    app = pk.get("app", {})
    check(app.get("worst") == "gil-reenabled" and app.get("blocked_by") == ["markupsafe"] and
          "markupsafe blocks app" in (app.get("chain") or ""),
          "A: the tree propagates it: %s %s %s" % (app.get("worst"), app.get("blocked_by"),
                                                   app.get("chain")))
    cn = pk.get("charset-normalizer", {}).get("verdicts", [{}])[0]
    check(cn.get("status") == "ready" and (cn.get("test") or {}).get("result") == "passed" and
          (cn.get("test") or {}).get("current") is True and
          "Passed under PYTHON_GIL=0" in cn.get("reason", ""),
          "A: passed confirms ready and says so: %s" % cn)
    rq = pk.get("requests", {}).get("verdicts", [{}])[0]
    check(rq.get("status") == "pure" and (rq.get("test") or {}).get("current") is False,
          "A: a crash under another ABI (cp313t) changes nothing: %s" % rq)
    counts = json.loads(out)["counts"] if rc == 0 else {}
    check(counts.get("gil-reenabled") == 1 and counts.get("ready") == 1,
          "A: JSON counts: %s" % counts)

    rc, out, err = run(["check"] + base_a, env, proj_a)
    lines = out.splitlines()
    summary = [l for l in lines if " packages:" in l]
    check(summary and "1 gil-reenabled" in summary[0] and "1 ready" in summary[0],
          "A: the counts line: %s" % summary)
    ms_row = [l for l in lines if l.startswith("markupsafe ")]
    check(ms_row and "gil-reenabled (markupsafe._speedups)" in ms_row[0] and
          "the wheels alone say ready" in ms_row[0], "A: the table row: %s" % ms_row)
    rq_row = [l for l in lines if l.startswith("requests ")]
    check(rq_row and "crashed (SIGSEGV) on cp313t" in rq_row[0],
          "A: another ABI's result is shown as such: %s" % rq_row)
    check("Leaf blockers (fix these first):" in out and "  markupsafe 3.0.3 (gil-reenabled)" in out,
          "A: markupsafe among the leaf blockers")
    rc, out, err = run(["check", "--fail-on", "blocked"] + base_a, env, proj_a)
    check(rc == 1, "A: --fail-on blocked fails on gil-reenabled: exit %d" % rc)
    rc, out, err = run(["check", "--format", "csv"] + base_a, env, proj_a)
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    check(rows.get("markupsafe", {}).get("status") == "gil-reenabled" and
          rows.get("markupsafe", {}).get("wheel_status") == "ready", "A: CSV status and wheel_status")

    # export and draft agree.
    rc, out, err = run(["export", "--format", "json", "-o", "-"] + base_a, env, proj_a)
    doc = json.loads(out) if rc == 0 else {"packages": [], "counts": {}}
    ep = {p["name"]: p for p in doc["packages"]}
    check(ep.get("markupsafe", {}).get("section") == "blockers" and
          ep.get("markupsafe", {}).get("status") == "gil-reenabled" and
          doc["counts"].get("gil-reenabled") == 1, "A: export JSON: blockers, counted")
    check(ep.get("requests", {}).get("last_test") is None and
          "cp313t" in (ep.get("requests", {}).get("other_test") or ""),
          "A: export: the other ABI's result is not the last test: %s" % ep.get("requests"))
    rc, md, err = run(["export", "-o", "-"] + base_a, env, proj_a)
    check("gil-reenabled by markupsafe.\\_speedups (the wheels alone say ready)" in md,
          "A: export Markdown says what the test found and what the wheels say")
    rc, out, err = run(["draft", "markupsafe", "-o", "-"] + base_a, env, proj_a)
    check(rc == 0 and "# markupsafe gil-reenabled by markupsafe._speedups" in out,
          "A: the draft's title is the test's finding: %s" % out[:200])
    check("cp314t on linux-x86_64: ready" in out and "The wheels alone would say ready." in out,
          "A: the draft's wheels section says what the wheels say")

    # --- a 3.13t target: the 3.14t results are another ABI's.
    rc, out, err = run(["check", "--format", "json", "--target", "3.13t"] + base_a, env, proj_a)
    v = pkgs_of(out).get("markupsafe", {}).get("verdicts", [{}])[0] if rc == 0 else {}
    check(v.get("status") != "gil-reenabled" and (v.get("test") or {}).get("current") is False,
          "3.13t: a cp314t result is not current: %s" % v)

    # --- project B, same cache: markupsafe 3.0.0 installed. A's 3.0.3 result is not it.
    site_b = os.path.join(root, "site-b")
    make_dist(site_b, "markupsafe", "3.0.0", "compiled")
    proj_b = project(root, "proj-b")
    base_b = ["--path", site_b, "--index-url", idx.url, "--cache-dir", cache,
              "--platform", PLATFORM]
    rc, out, err = run(["check", "--fail-on", "blocked"] + base_b, env, proj_b)
    row = [l for l in out.splitlines() if l.startswith("markupsafe ")]
    check(rc == 0 and row and "upgrade" in row[0] and "gil-reenabled (markupsafe._speedups) on 3.0.3" in row[0]
          and "not the installed 3.0.0" in row[0],
          "B: 3.0.3's result is shown as 3.0.3's and blocks nothing: exit %d %s" % (rc, row))
    rc, out, err = run(["draft", "markupsafe", "-o", "-"] + base_b, env, proj_b)
    check(rc == 0 and "gil-reenabled by" not in out.split("\n# ", 1)[-1].split("\n")[0] and
          "Not tested yet" in out and "not used" in out,
          "B: the draft does not take 3.0.3's result as 3.0.0's")

    # Both versions tested, one file each: each project sees its own, A's is still A's.
    store(cache, "markupsafe@3.0.0@cp314t.json", result("markupsafe", "3.0.0", "cp314t", "passed"))
    rc, out, err = run(["check", "--format", "json"] + base_b, env, proj_b)
    v = pkgs_of(out).get("markupsafe", {}).get("verdicts", [{}])[0] if rc == 0 else {}
    check(v.get("status") == "upgrade" and (v.get("test") or {}).get("result") == "passed" and
          (v.get("test") or {}).get("current") is True and
          (v.get("test") or {}).get("version") == "3.0.0",
          "B: its own version's result, kept beside A's: %s" % v.get("test"))
    rc, out, err = run(["check", "--format", "json"] + base_a, env, proj_a)
    v = pkgs_of(out).get("markupsafe", {}).get("verdicts", [{}])[0] if rc == 0 else {}
    check(v.get("status") == "gil-reenabled" and (v.get("test") or {}).get("version") == "3.0.3",
          "A: still 3.0.3's result: %s" % v.get("test"))

    # --- the team state's result (another machine's), no local store.
    cache_c = os.path.join(root, "cache-c")
    proj_c = project(root, "proj-c")
    os.makedirs(os.path.join(proj_c, ".ftport"))
    with open(os.path.join(proj_c, ".ftport", "state.json"), "w") as f:
        json.dump({"schema_version": 1, "packages": {"charset-normalizer": {
            "last_test": result("charset-normalizer", "3.4.7", "cp314t", "import-failed",
                                module="charset_normalizer",
                                detail="ImportError: undefined symbol: _Py_IncRef")}}}, f)
    base_c = ["--path", site_a, "--index-url", idx.url, "--cache-dir", cache_c,
              "--platform", PLATFORM]
    rc, out, err = run(["check", "--format", "json", "--fail-on", "blocked"] + base_c, env, proj_c)
    v = pkgs_of(out).get("charset-normalizer", {}).get("verdicts", [{}])[0] if out else {}
    check(rc == 1 and v.get("status") == "import-failed",
          "state: the team's import-failed counts: exit %d %s" % (rc, v.get("status")))

    # --- old results: without a version (not used, and said); schema 1 with the
    # interpreter's version and build (its ABI follows: used).
    cache_d = os.path.join(root, "cache-d")
    old = result("markupsafe", None, None, "crashed", signal="SIGSEGV")
    for k in ("schema", "abi", "version", "python_version"):
        old.pop(k)
    store(cache_d, "markupsafe.json", old)
    old1 = result("charset-normalizer", "3.4.7", "cp314t", "failed", detail="exit status 1")
    old1["schema"] = 1
    old1.pop("abi")
    store(cache_d, "charset-normalizer.json", old1)
    base_d = ["--path", site_a, "--index-url", idx.url, "--cache-dir", cache_d,
              "--platform", PLATFORM]
    rc, out, err = run(["check", "--format", "json"] + base_d, env, proj_a)
    pk = pkgs_of(out) if rc == 0 else {}
    check(pk.get("markupsafe", {}).get("verdicts", [{}])[0].get("status") == "ready" and
          "without the package's version" in err,
          "old result without a version: not used, and said: %s" % err.strip()[:300])
    check(pk.get("charset-normalizer", {}).get("verdicts", [{}])[0].get("status") == "failed",
          "schema 1 result: its ABI from the interpreter it names, used")

    # --- --fail-on any: a source build that passed its test is known to work.
    site_e = os.path.join(root, "site-e")
    make_dist(site_e, "srconly", "1.0", "compiled")
    base_e = ["--path", site_e, "--index-url", idx.url, "--cache-dir", cache,
              "--platform", PLATFORM, "--fail-on", "any"]
    rc, out, err = run(["check"] + base_e, env, proj_a)
    check(rc == 1 and "source" in out, "source, untested: --fail-on any fails: exit %d" % rc)
    store(cache, "srconly.json", result("srconly", "1.0", "cp314t", "passed"))
    rc, out, err = run(["check"] + base_e, env, proj_a)
    check(rc == 0, "source that passed: --fail-on any lets it through: exit %d %s" % (rc, out[-300:]))


if __name__ == "__main__":
    sys.exit(ftlib.main("evidence", body))
