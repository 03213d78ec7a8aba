#!/usr/bin/env python3
# make-snapshot.py: builds data/snapshot.json, the offline answer of `ftport check`,
# from the community tracking table and hugovk's top-package results (run by hand at
# development time; the output and the source licences are committed in data/).
"""usage: tools/make-snapshot.py [--data DIR] [--out FILE]

DIR is the folder holding tracking/ and hugovk-results/ (default ../shared/data next
to the source tree). The output is deterministic: running it twice gives the same
bytes, so a diff shows only what changed in the sources."""

import argparse
import csv
import json
import os
import re
import sys

SCHEMA_VERSION = 1

TRACKING = {
    "file": "tracking/tracking-c24c2e1.json",
    "repo": "Quansight-Labs/free-threaded-compatibility",
    "path": "docs/tracking.md",
    "commit": "c24c2e17",
    "licence": "MIT OR 0BSD",
    "licence_files": ["tracking/LICENSE.MIT", "tracking/LICENSE.0BSD"],
}
HUGOVK = {
    "file": "hugovk-results/results-latest-d802152.json",
    "first_seen": "hugovk-results/first-seen-ft-wheel.csv",
    "repo": "hugovk/free-threaded-wheels",
    "path": "results.json (branch gh-pages)",
    "commit": "d8021522",
    "licence": "BSD-2-Clause",
    "licence_files": ["hugovk-results/LICENSE"],
}

# The tracking table names projects as people write them ("NumPy", "PyTorch"); these
# are the PyPI distributions they stand for where normalising the display name is not
# enough. None: not a PyPI distribution (a Rust crate, a C++ library, a conda or Bazel
# package), or one we cannot name with confidence: left out rather than guessed.
TRACKING_NAMES = {
    "Bazel (rules-python)": None,
    "Boost.Python": None,
    "PyO3": None,
    "rust-numpy": None,
    "Pixi": None,
    "Spack": None,
    "mamba": None,
    "conda": None,
    "mypyc": None,
    "mlir-python": None,
    "nvImageCodec": None,
    "CuTe DSL": ["nvidia-cutlass-dsl-libs-base", "nvidia-cutlass-dsl-libs-cu13"],
    "OpenCV": ["opencv-python", "opencv-python-headless", "opencv-contrib-python",
               "opencv-contrib-python-headless"],
    "PyAV": ["av"],
    "PyTables": ["tables"],
    "PyTorch": ["torch"],
    "ultrajson": ["ujson"],
}

# hugovk's css_class for the latest release of a package.
HUGOVK_CLASS = {
    "success": "ft-wheels",      # a free-threaded wheel exists
    "warning": "no-ft-wheels",   # compiled wheels, none free-threaded
    "pure-py": "pure-wheel",     # compiled wheels plus a pure-Python one
}

MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November "
    "December".split())}


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def hugovk_date(text):
    # "Sunday, 14 June 2026, 11:03:57 UTC" -> "2026-06-14"
    m = re.search(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", text)
    if m is None or m.group(2) not in MONTHS:
        sys.exit("make-snapshot: cannot read the date %r in hugovk's results" % text)
    return "%s-%02d-%02d" % (m.group(3), MONTHS[m.group(2)], int(m.group(1)))


def tracking_names(display):
    bare = re.sub(r"\[\^\d+\]", "", display).strip()
    if bare in TRACKING_NAMES:
        return TRACKING_NAMES[bare] or []
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", bare):
        sys.exit("make-snapshot: %r is not a distribution name; add it to "
                 "TRACKING_NAMES" % display)
    return [normalize(bare)]


def months_between(first, last):
    """["2024-08", ..., last] from first's month."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while "%04d-%02d" % (y, m) <= last[:7]:
        out.append("%04d-%02d" % (y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def build_history(seen, top, date, ncommits):
    """The ecosystem's curve: of today's top packages, how many had had a free-threaded
    wheel by the end of each month, from the first month of the history to the
    results' date."""
    first = min(seen.values())
    months = {}
    for month in months_between(first, date):
        months[month] = sum(1 for n, day in seen.items() if n in top and day[:7] <= month)
    return {
        "repo": HUGOVK["repo"],
        "path": "first-seen-ft-wheel.csv (derived from the gh-pages branch history)",
        "licence": HUGOVK["licence"],
        "licence_files": ["LICENSE.hugovk"],
        "first": first,
        "last": max(seen.values()),
        "date": date,
        "commits": ncommits,
        "packages": len(seen),
        "top": len(top),
        "months": months,
    }


def build(data):
    packages = {}

    def entry(name):
        return packages.setdefault(name, {})

    with open(os.path.join(data, HUGOVK["file"]), encoding="utf-8") as f:
        results = json.load(f)
    date = hugovk_date(results["last_update"])
    for row in results["data"]:
        cls = HUGOVK_CLASS.get(row.get("css_class"))
        if cls is None:
            sys.exit("make-snapshot: unknown css_class %r for %s"
                     % (row.get("css_class"), row.get("name")))
        entry(normalize(row["name"]))["wheels"] = cls

    # The history: the day each package first had a free-threaded wheel in hugovk's
    # results. Packages that have since left the top 360 keep their day (the support
    # timeline of an environment that uses them needs it); the ecosystem curve counts
    # today's top 360 only, so that it ends at today's count.
    top = set(packages)
    seen = {}
    commits = set()
    with open(os.path.join(data, HUGOVK["first_seen"]), encoding="utf-8",
              newline="") as f:
        for row in csv.DictReader(f):
            name = normalize(row["package"])
            day = row["first_snapshot_date_with_ft_wheel"]
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                sys.exit("make-snapshot: %r is not a day in the history" % day)
            entry(name)["ft_wheel_since"] = day
            seen[name] = day
            commits.add(row["gh_pages_commit"])
    history = build_history(seen, top, date, len(commits))

    with open(os.path.join(data, TRACKING["file"]), encoding="utf-8") as f:
        tracking = json.load(f)
    for row in tracking:
        for name in tracking_names(row["project"]):
            e = entry(name)
            e["tracked_as"] = re.sub(r"\[\^\d+\]", "", row["project"]).strip()
            if row.get("upstream_issue"):
                e["upstream_issue"] = row["upstream_issue"]
            e["pypi_release"] = bool(row.get("pypi_release"))
            if row.get("first_version_with_support"):
                e["first_version"] = row["first_version_with_support"]
            e["tested_in_ci"] = bool(row.get("tested_in_ci"))
            if row.get("nightly_link"):
                e["nightly"] = row["nightly_link"]

    sources = []
    for src, extra in ((TRACKING, {}), (HUGOVK, {"date": date})):
        s = {k: src[k] for k in ("repo", "path", "commit", "licence")}
        s["licence_files"] = [os.path.basename(p) if p.startswith("tracking/")
                              else "LICENSE.hugovk" for p in src["licence_files"]]
        s.update(extra)
        sources.append(s)
    return {
        "schema_version": SCHEMA_VERSION,
        "date": date,
        "sources": sources,
        "history": history,
        "packages": {k: packages[k] for k in sorted(packages)},
    }


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(here, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(here, "data", "snapshot.json"))
    args = ap.parse_args()
    snap = build(args.data)
    text = json.dumps(snap, indent=1, sort_keys=False, ensure_ascii=True) + "\n"
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.out)
    print("make-snapshot: %d packages, dated %s -> %s"
          % (len(snap["packages"]), snap["date"], args.out))


if __name__ == "__main__":
    main()
