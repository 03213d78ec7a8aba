# benchlib.py: what the benchmarks share: hyperfine's figures read whatever the run
# count (one run has no standard deviation), and the summary rows bench/all prints.
"""Import with sys.path.insert(0, <the bench directory>); import benchlib."""

import json
import os


def result(path, i=0):
    """(mean, stddev, min) in seconds of result i of a hyperfine --export-json file;
    stddev is None for a single run."""
    with open(path) as f:
        r = json.load(f)["results"][i]
    return r["mean"], r.get("stddev"), r["min"]


def ms(x):
    """Seconds as "12.3" ms, or "-" when there is no figure (a single run's stddev)."""
    return "-" if x is None else "%.1f" % (x * 1e3)


def summary(bench, case, value, unit="ms", peer=None, peer_value=None, goal=None, met=None):
    """Appends one row to $BENCH_SUMMARY (JSON lines) when bench/all set it. ratio =
    peer_value / value (how many times faster ftport is)."""
    path = os.environ.get("BENCH_SUMMARY")
    if not path:
        return
    row = {"bench": bench, "case": case, "value": value, "unit": unit, "peer": peer,
           "peer_value": peer_value, "goal": goal, "met": met}
    if peer_value is not None and value:
        row["ratio"] = peer_value / value
    with open(path, "a") as f:
        f.write(json.dumps(row) + "\n")
