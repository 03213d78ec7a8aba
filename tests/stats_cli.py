#!/usr/bin/env python3
# stats_cli.py: the support timeline end to end: `ftport stats` (table, json, csv) on a
# site built here, its month counts recomputed from the bundled data/snapshot.json
# history; `check --format json` naming "free-threaded wheels since"; a snapshot
# without a history and usage errors.
"""Needs FTPORT (the binary) and SRCDIR in the environment (make check sets them)."""

import csv
import io
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import SRCDIR, check, make_dist, run  # noqa: E402

# name, version, kind: compiled packages with a day in the history, one without, one
# pure (not counted).
SITE = [("numpy", "1.25.1", "compiled"), ("coverage", "7.0.0", "compiled"),
        ("markupsafe", "2.1.5", "compiled"), ("charset-normalizer", "3.4.0", "abi3"),
        ("not-in-history", "1.0", "compiled"), ("requests", "2.33.1", "pure")]


def expected(snap):
    """The months and per-month counts the history gives for SITE's compiled ones."""
    pk = snap["packages"]
    days = {n: pk.get(n, {}).get("ft_wheel_since") for n, _, k in SITE if k != "pure"}
    months = list(snap["history"]["months"])
    ready = [sum(1 for d in days.values() if d and d[:7] <= m) for m in months]
    return days, months, ready


def cases(root, env):
    site = os.path.join(root, "site")
    for name, version, kind in SITE:
        make_dist(site, name, version, kind)
    with open(os.path.join(SRCDIR, "data", "snapshot.json")) as f:
        snap = json.load(f)
    days, months, ready = expected(snap)
    check(months[0] == "2024-08", "the history starts in 2024-08 (%s)" % months[0])
    check(all(days[n] for n in ("numpy", "coverage", "markupsafe")),
          "the bundled history has days for numpy, coverage, markupsafe")

    rc, out, err, _ = run(["--path", site, "stats"], env)
    check(rc == 0, "stats: exit 0 (%d, %s)" % (rc, err.strip()))
    check(out.startswith("5 compiled packages in "), "stats: 5 compiled packages, the "
          "pure one left out: %r" % out[:60])
    check("data of %s" % snap["date"] in out and snap["history"]["first"] in out,
          "stats: the history's dates are shown")
    for m, n in zip(months, ready):
        line = next((ln for ln in out.splitlines() if ln.startswith(m + " ")), "")
        want_top = "%d/%d" % (snap["history"]["months"][m], snap["history"]["top"])
        if not check(("%d/5" % n) in line and want_top in line,
                     "stats: %s has %d/5 and %s: %r" % (m, n, want_top, line)):
            break
    check("Remaining: 1 of 5: not-in-history (not in the history)." in out,
          "stats: what remains is named")

    rc, out, err, _ = run(["--path", site, "stats", "--format", "json"], env)
    doc = json.loads(out) if rc == 0 else {}
    check([m["ready"] for m in doc.get("months", [])] == ready,
          "stats json: ready per month as the history says")
    check(doc.get("history", {}).get("date") == snap["date"] and doc.get("compiled") == 5
          and doc.get("remaining") == 1, "stats json: dates, compiled, remaining")
    pk = {p["name"]: p for p in doc.get("packages", [])}
    check(pk.get("numpy", {}).get("ft_wheels_since") == days["numpy"],
          "stats json: numpy's day")
    # offline_consistent_stats: a month in the history is the project's; numpy 1.25.1
    # is older than the tracking table's 2.1.0, so it is not ready now (check says
    # upgrade), and coverage's installed version is not placed (check says unknown).
    check(pk.get("numpy", {}).get("ready_now") is False and
          pk.get("coverage", {}).get("ready_now") is False,
          "offline_consistent_stats: ready_now only for installed versions known to "
          "work: %r" % {n: pk.get(n, {}).get("ready_now") for n in ("numpy", "coverage")})
    rc, out, err, _ = run(["--path", site, "stats"], env)
    check("older than the first with support (the tracking table): " in out and
          "numpy 1.25.1 (>= %s)" % snap["packages"]["numpy"]["first_version"] in out,
          "offline_consistent_stats: the table says numpy needs an upgrade: %r" % out[-400:])
    check("not known offline (ftport check asks the index): coverage 7.0.0" in out,
          "offline_consistent_stats: and that coverage 7.0.0 is not placed: %r" % out[-400:])
    rc, out, err, _ = run(["--path", site, "check", "--offline", "--format", "json"], env)
    v = {p["name"]: p["verdicts"][0] for p in json.loads(out)["packages"]}
    check(v["coverage"]["status"] == "unknown" and v["coverage"]["fix_version"] is None and
          "whether 7.0.0 has one: ask the index" in v["coverage"]["reason"],
          "offline_never_upgrade_without_version: check says the same: %r" % v["coverage"])

    rc, out, err, _ = run(["--path", site, "stats", "--format", "csv"], env)
    rows = list(csv.DictReader(io.StringIO(out)))
    check(rc == 0 and [int(r["ready"]) for r in rows] == ready and
          all(r["history_date"] == snap["date"] for r in rows),
          "stats csv: one row a month, with the history's date")

    # check --format json: "free-threaded wheels since", offline (the tracking table
    # names numpy's first version).
    rc, out, err, _ = run(["--path", site, "check", "--offline", "--format", "json"], env)
    doc = json.loads(out)
    pk = {p["name"]: p for p in doc["packages"]}
    since = pk["numpy"]["ft_wheels_since"]
    first = snap["packages"]["numpy"]["first_version"]
    check(since is not None and since["text"] == "free-threaded wheels since %s (version %s)"
          % (days["numpy"][:7], first), "check json: numpy %r" % (since,))
    check(pk["not-in-history"]["ft_wheels_since"] is None,
          "check json: no day, null")
    check(doc["history"]["date"] == snap["date"], "check json: the history's date")

    # A snapshot without a history: one line, exit 3.
    data = os.path.join(root, "data")
    os.makedirs(data)
    bare = dict(snap)
    del bare["history"]
    with open(os.path.join(data, "snapshot.json"), "w") as f:
        json.dump(bare, f)
    env2 = dict(env, FTPORT_DATA_DIR=data)
    rc, out, err, _ = run(["--path", site, "stats"], env2)
    check(rc == 3 and len(err.strip().splitlines()) == 1 and "no history" in err,
          "stats without a history: one line, exit 3 (%d, %r)" % (rc, err))
    shutil.rmtree(data)

    rc, out, err, _ = run(["--path", site, "stats", "--format", "md"], env)
    check(rc == 2 and "table, json or csv" in err, "stats --format md: exit 2")
    rc, out, err, _ = run(["--path", site, "stats", "extra"], env)
    check(rc == 2, "stats with an operand: exit 2")
    rc, out, err, _ = run(["--path", site, "stats", "--fail-on", "any"], env)
    check(rc == 2, "stats --fail-on: exit 2")


def main():
    return ftlib.main("stats-cli", cases)


if __name__ == "__main__":
    sys.exit(main())
