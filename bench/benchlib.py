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


# --- the TUI in the scripted mode (bench/tui, bench/scale) -------------------------------

class BenchError(Exception):
    """A benchmark could not run (the caller prints it and exits 2)."""


def project_json(name, i):
    """Answers of the kinds a real environment meets, in turn."""
    kind = i % 4
    files = []
    if kind == 0:
        abis = ("cp311", "cp312", "cp313", "cp313t", "cp314", "cp314t")
    elif kind == 1:
        abis = ("abi3",)
    elif kind == 2:
        abis = ("cp311", "cp312", "cp313")
    else:
        abis = ()
    for ver in ("1.0", "2.0"):
        for abi in abis:
            py = "cp39" if abi == "abi3" else abi.rstrip("t")
            for plat in ("manylinux_2_17_x86_64.manylinux2014_x86_64", "macosx_11_0_arm64",
                         "win_amd64"):
                files.append("%s-%s-%s-%s-%s.whl" % (name.replace("-", "_"), ver, py, abi, plat))
        files.append("%s-%s.tar.gz" % (name, ver))
    return {"meta": {"api-version": "1.1"}, "name": name,
            "files": [{"filename": f, "url": "https://files.example/%s" % f,
                       "hashes": {"sha256": "0" * 64}, "requires-python": ">=3.8",
                       "yanked": False} for f in files]}


def max_rss_kb(time_v_stderr):
    """Peak resident memory from /usr/bin/time -v's report."""
    import re
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_v_stderr)
    if m is None:
        raise BenchError("no peak RSS in /usr/bin/time's report: %s" % time_v_stderr[-500:])
    return int(m.group(1))


def run_tui(env, args, script_lines, stats_path):
    """One scripted TUI run (FTPORT_SCRIPT) under /usr/bin/time -v: its :stats figures
    plus wall_ms and rss_kb."""
    import subprocess
    import time
    script = os.path.join(os.path.dirname(stats_path), "script.keys")
    with open(script, "w") as f:
        f.write("\n".join(script_lines + [":stats %s" % stats_path]) + "\n")
    e = dict(env, FTPORT_SCRIPT=script)
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + args, env=e, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = (time.monotonic() - t0) * 1000
    if p.returncode != 0:
        raise BenchError("ftport failed (%d): %s" % (p.returncode, p.stderr[-2000:]))
    stats = {}
    with open(stats_path) as f:
        for line in f:
            k, v = line.split()
            stats[k] = float(v)
    stats["wall_ms"] = wall
    stats["rss_kb"] = max_rss_kb(p.stderr)
    return stats


def tui_measure(ftport, site, tmp, runs, keys, python):
    """The TUI on site with a warm cache: tests/fakeindex.py answers every distribution
    (project_json), `ftport check` asks it once, then runs times each: start to :quit,
    keys `j` with a redraw each, and Z (unfold all) then keys `j`. Returns the medians
    {"packages", "requests", "env_ms", "first_frame_ms", "full_frame_ms", "wall_ms",
    "ms_per_key", "ms_per_key_open", "rss_kb", "rss_kb_open"}."""
    import re
    import statistics
    import subprocess
    srcdir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    jd = os.path.join(tmp, "json")
    os.makedirs(jd)
    for i, d in enumerate(sorted(os.listdir(site))):
        if not d.endswith(".dist-info"):
            continue
        name = re.sub(r"-[^-]+\.dist-info$", "", d)
        with open(os.path.join(jd, "%s.json" % name), "w") as f:
            json.dump(project_json(name, i), f)
    idx = subprocess.Popen([python, os.path.join(srcdir, "tests", "fakeindex.py"), "--port",
                            "0", "--exit-on-stdin-eof", "--json-dir", jd],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(idx.stdout.readline())
        url = "http://127.0.0.1:%d/simple/" % port
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
               "TERM": "xterm", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LINES": "50",
               "COLUMNS": "160", "XDG_CONFIG_HOME": os.path.join(home, ".config"),
               "XDG_CACHE_HOME": os.path.join(home, ".cache")}
        common = ["--python", "/usr/bin/python3", "--path", site, "--index-url", url,
                  "--cache-dir", os.path.join(tmp, "cache"), "--platform", "linux-x86_64"]
        p = subprocess.run([ftport, "check", "--format", "json"] + common, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if p.returncode not in (0, 1):
            raise BenchError("ftport check failed: %s" % p.stderr[-2000:])
        npk = len(json.loads(p.stdout)["packages"])
        args = [ftport] + common
        out = os.path.join(tmp, "out")
        os.makedirs(out)
        start, ks, ks_open = [], [], []
        for _ in range(runs):
            start.append(run_tui(env, args, [], os.path.join(out, "start.txt")))
            ks.append(run_tui(env, args, ["j"] * keys, os.path.join(out, "keys.txt")))
            ks_open.append(run_tui(env, args, ["Z"] + ["j"] * keys,
                                   os.path.join(out, "keys-open.txt")))
    finally:
        idx.stdin.close()
        idx.kill()
        idx.wait()

    def med(rows, k):
        return statistics.median(r[k] for r in rows)

    return {"packages": npk,
            "requests": max(r["requests"] for r in start + ks + ks_open),
            "env_ms": med(start, "env_ms"), "first_frame_ms": med(start, "first_frame_ms"),
            "full_frame_ms": med(start, "full_frame_ms"), "wall_ms": med(start, "wall_ms"),
            "ms_per_key": med(ks, "ms_per_key"), "ms_per_key_open": med(ks_open, "ms_per_key"),
            "rss_kb": med(start, "rss_kb"), "rss_kb_open": med(ks_open, "rss_kb")}
