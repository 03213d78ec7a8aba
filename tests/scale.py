#!/usr/bin/env python3
# scale.py: a generated environment of 3,000 distributions (bench/gen_site.py: markers,
# extras, cycles, missing names, compiled ones): tree --json, tree, check --offline and
# export finish and account for every distribution, and the TUI reaches its first frame
# with the counts right (two of them ignored in the team state). Nothing is timed here:
# bench/scale measures how the same commands grow.

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import check, run  # noqa: E402

N = 3000
PY = "/usr/bin/python3"


def body(root, env):
    # The 24,000 files and directories go to a tmpfs when there is one: on this disk
    # writing them took 48 s under load, against 6 s in /dev/shm.
    shm = "/dev/shm"
    gen = tempfile.mkdtemp(prefix="ftport-scale.", dir=shm) \
        if os.path.isdir(shm) and os.access(shm, os.W_OK) else root
    try:
        cases(root, env, os.path.join(gen, "site-packages"))
    finally:
        if gen != root:
            shutil.rmtree(gen, ignore_errors=True)


def cases(root, env, site):
    subprocess.run([sys.executable, os.path.join(ftlib.SRCDIR, "bench", "gen_site.py"),
                    "-n", str(N), "--seed", "11", site], check=True, stdout=subprocess.DEVNULL)
    # What gen_site.py wrote: the names and versions from the directory names.
    want = {}
    for d in os.listdir(site):
        m = re.match(r"^(.*)-([^-]+)\.dist-info$", d)
        if m is None:
            continue
        want[m.group(1).replace("_", "-")] = m.group(2)
    check(len(want) == N, "gen_site.py wrote %d distributions (%d)" % (N, len(want)))
    common = ["--python", PY, "--path", site]

    rc, out, err, _ = run(["tree", "--json"] + common, env)
    check(rc == 0, "tree --json: exit 0 (%d; %s)" % (rc, err.strip()[-300:]))
    doc = json.loads(out) if rc == 0 else {"packages": [], "roots": []}
    got = {p["name"]: p["version"] for p in doc["packages"]}
    check(len(doc["packages"]) == N, "tree --json: %d packages (%d)" % (N, len(doc["packages"])))
    check(got == want, "tree --json: every name with its version (%d missing, %d extra)"
          % (len(set(want) - set(got)), len(set(got) - set(want))))
    # Each requirement of an installed name points at it; those gen_site.py left out
    # ("not-installed-*") are the only ones not installed.
    bad = [(p["name"], r["name"]) for p in doc["packages"] for r in p["requires"]
           if (r["installed"] is None) != r["name"].startswith("not-installed-")
           or (r["installed"] is not None and r["installed"] != want.get(r["name"]))]
    check(not bad, "tree --json: installed versions of requirements match (%r)" % bad[:3])
    check(len(doc["roots"]) > 0 and set(doc["roots"]) <= set(want),
          "tree --json: roots are installed names (%d)" % len(doc["roots"]))

    # The text tree shows every distribution at least once (a repeated subtree is
    # "(dependencies shown above)", so it stays in proportion).
    rc, out, err, _ = run(["tree"] + common, env)
    check(rc == 0, "tree: exit 0 (%d; %s)" % (rc, err.strip()[-300:]))
    shown = {re.sub(r"[-_.]+", "-", line.lstrip("\u2502\u251c\u2514\u2500 ").split()[0]).lower()
             for line in out.splitlines() if line.strip()}
    extra = {n for n in shown - set(want) if not n.startswith("not-installed-")}
    check(shown >= set(want) and not extra,
          "tree: every distribution shown, and only missing names besides (%d of %d; %r)"
          % (len(shown & set(want)), N, sorted(extra)[:3]))
    check(len(out.splitlines()) < 20 * N, "tree: %d lines for %d distributions"
          % (len(out.splitlines()), N))

    # check --offline: judged from the bundled snapshot and the RECORDs, no request.
    cache = os.path.join(root, "cache")
    rc, out, err, _ = run(["check", "--offline", "--format", "json", "--cache-dir", cache]
                          + common, env)
    check(rc in (0, 1), "check --offline --format json: exit 0 or 1 (%d; %s)"
          % (rc, err.strip()[-300:]))
    doc = json.loads(out) if rc in (0, 1) else {"packages": []}
    names = {p["name"] for p in doc["packages"]}
    check(len(doc["packages"]) == N and names == set(want),
          "check --offline: every distribution judged once (%d)" % len(doc["packages"]))
    statuses = {}
    for p in doc["packages"]:
        own = p["verdicts"][0]["status"]
        statuses[own] = statuses.get(own, 0) + 1
    compiled = {n for n in want if "-cp311-" in open(os.path.join(
        site, "%s-%s.dist-info" % (n.replace("-", "_"), want[n]), "WHEEL")).read()}
    check(statuses.get("pure", 0) == N - len(compiled),
          "check --offline: the %d pure ones said so (%r)" % (N - len(compiled), statuses))
    rc, out, err, _ = run(["check", "--offline", "--cache-dir", cache] + common, env)
    last = out.strip().splitlines()[-1] if out.strip() else ""
    check(rc in (0, 1) and last.startswith("%d packages:" % N),
          "check --offline: the summary counts %d (%r)" % (N, last))

    # export: the checklist names each distribution once.
    rc, out, err, _ = run(["export", "--offline", "--format", "json", "--cache-dir", cache,
                           "--state", os.path.join(root, "none.json")] + common, env)
    doc = json.loads(out) if rc == 0 else {"packages": []}
    names = [p["name"] for p in doc["packages"]]
    check(rc == 0 and len(names) == N and set(names) == set(want),
          "export --format json: every distribution once (exit %d, %d; %s)"
          % (rc, len(names), err.strip()[-300:]))

    # The TUI in its scripted mode (drawing into memory): the first frame, with two
    # packages the team ignores (one of them not installed here) left out of the counts.
    proj = os.path.join(root, "proj")
    os.makedirs(os.path.join(proj, ".ftport"))
    with open(os.path.join(proj, ".ftport", "state.json"), "w") as f:
        json.dump({"schema_version": 1, "packages": {
            "gen-pkg-0007": {"decision": "ignore"}, "gen-pkg-0008": {"decision": "waiting"},
            "not-here": {"decision": "ignore"}, "gen-pkg-2999": {"decision": "ignore"}}}, f)
    stats, screen = os.path.join(root, "stats.txt"), os.path.join(root, "screen.txt")
    keys = os.path.join(root, "scale.keys")
    with open(keys, "w") as f:
        f.write(":stats %s\nj\nj\n:save-display %s\n" % (stats, screen))
    tenv = dict(env, FTPORT_SCRIPT=keys, TERM="xterm", LINES="30", COLUMNS="150")
    p = subprocess.run([ftlib.FTPORT, "--offline", "--cache-dir", cache] + common, env=tenv,
                       cwd=proj, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=300)
    check(p.returncode == 0, "TUI: the script ran (exit %d; %s)"
          % (p.returncode, p.stderr.decode("utf-8", "replace").strip()[-300:]))
    st = {}
    if os.path.exists(stats):
        for line in open(stats):
            k, v = line.split()
            st[k] = float(v)
    check(st.get("packages") == N, "TUI: %d packages in its graph (%r)" % (N, st.get("packages")))
    check(st.get("first_frame_ms", 0) > 0, "TUI: reached its first frame before the keys")
    text = open(screen).read() if os.path.exists(screen) else ""
    check("2 ignored, not counted" in text,
          "TUI: the header leaves the 2 installed ignored packages out of its counts")
    pure = N - len(compiled) - len({"gen-pkg-0007", "gen-pkg-2999"} - compiled)
    m = re.search(r"(\d+) pure", text)
    check(m is not None and int(m.group(1)) == pure,
          "TUI: the header counts %d pure, the ignored ones left out (%s)"
          % (pure, m and m.group(1)))

if __name__ == "__main__":
    sys.exit(ftlib.main("scale", body))
