#!/usr/bin/env python3
# check_tty.py: `ftport check`'s progress line, with stderr on a real terminal (a pty):
# it shows while the answers come in (the fake index adds latency so the run lasts
# about a second), counts up to the number of packages, and is erased at the end so
# that nothing of it stays on the screen or in front of the report; -q turns it off,
# and a terminal on stdout alone does not turn it on. (stderr into a pipe: check_cli.py.)
"""Needs FTPORT (the binary) and SRCDIR in the environment (make check sets them)."""

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, check  # noqa: E402

NPKGS = 12
LATENCY_MS = 150
JOBS = 2

ftlib.show_ok = True     # each case's line in the log, passed or not


def run(args, env, tty_out, tty_err, timeout=60):
    """Runs ftport with stdout and/or stderr on a new pty (the same one when both).
    Returns (exit status, bytes the pty got, stdout if a pipe, stderr if a pipe,
    seconds)."""
    master, slave = pty.openpty()
    out = slave if tty_out else subprocess.PIPE
    err = slave if tty_err else subprocess.PIPE
    t0 = time.monotonic()
    p = subprocess.Popen([FTPORT] + args, env=env, stdin=subprocess.DEVNULL,
                         stdout=out, stderr=err)
    os.close(slave)
    got = {master: b""}
    fds = [master]
    for f in (p.stdout, p.stderr):
        if f is not None:
            got[f.fileno()] = b""
            fds.append(f.fileno())
    deadline = t0 + timeout
    while fds and time.monotonic() < deadline:
        ready, _, _ = select.select(fds, [], [], 0.2)
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:     # EIO: the pty's other side is closed
                data = b""
            if data:
                got[fd] += data
            else:
                fds.remove(fd)
        # Everything is read once the program is gone and the pty has nothing more.
        if p.poll() is not None and not ready and fds == [master]:
            break
    if p.poll() is None:
        p.kill()
    rc = p.wait()
    secs = time.monotonic() - t0
    os.close(master)
    return (rc, got[master], got.get(p.stdout.fileno(), b"") if p.stdout else b"",
            got.get(p.stderr.fileno(), b"") if p.stderr else b"", secs)


def screen(data):
    """What a terminal shows after data: carriage return, newline, erase to the end of
    the line and printable text; anything else is listed as unexpected."""
    lines, row, col, odd = [[]], 0, 0, []
    text = data.decode("utf-8", "replace")
    i = 0
    while i < len(text):
        c = text[i]
        if text.startswith("\x1b[K", i):
            del lines[row][col:]
            i += 3
            continue
        if c == "\r":
            col = 0
        elif c == "\n":
            row += 1
            col = 0
            if row == len(lines):
                lines.append([])
        elif c < " " or c == "\x7f":
            odd.append(repr(text[i:i + 6]))
        else:
            line = lines[row]
            line.extend(" " * (col - len(line)))
            if col < len(line):
                line[col] = c
            else:
                line.append(c)
            col += 1
        i += 1
    return ["".join(l).rstrip() for l in lines], odd


PROGRESS = re.compile(rb"\rchecking (\d+)/(\d+) packages(?:, waiting for [^\x1b]*)?\x1b\[K")


def case_progress(base, env):
    rc, tty, out, err, secs = run(base, env, tty_out=False, tty_err=True)
    check(rc == 0, "stderr on a terminal: exit %d (%.2f s)" % (rc, secs))
    counts = [(int(a), int(b)) for a, b in PROGRESS.findall(tty)]
    check(len(counts) >= 1, "a progress line on the terminal while the check runs: %r"
          % tty[:120])
    check(all(total == NPKGS for _, total in counts),
          "it counts out of the %d packages: %r" % (NPKGS, counts))
    done = [d for d, _ in counts]
    check(done == sorted(done) and any(d < NPKGS for d in done),
          "it counts up, and shows while answers are still awaited: %r" % done)
    check(tty.endswith(b"\r\x1b[K"), "it ends with the line erased: %r" % tty[-30:])
    lines, odd = screen(tty)
    check(not odd, "nothing but \\r and erase-line around it: %s" % odd)
    check(all(l == "" for l in lines), "nothing of it stays on the screen: %r" % lines)
    check(b"PACKAGE" in out and b"checking" not in out and b"\x1b" not in out,
          "the report on stdout (a pipe) holds none of it: %r" % out[:200])


def case_quiet(base, env):
    rc, tty, out, err, secs = run(base + ["-q"], env, tty_out=False, tty_err=True)
    check(rc == 0 and b"PACKAGE" in out, "-q: exit %d, the report on stdout" % rc)
    check(tty == b"", "-q: nothing on the terminal (%.2f s): %r" % (secs, tty[:120]))


def case_stdout_tty(base, env):
    rc, tty, out, err, secs = run(base, env, tty_out=True, tty_err=False)
    check(rc == 0 and b"PACKAGE" in tty, "stdout on a terminal: exit %d, the report there" % rc)
    check(err == b"", "stderr into a pipe: no progress line, though stdout is a terminal: %r"
          % err[:120])
    check(b"checking" not in tty, "stdout on a terminal: no progress line in the report")


def case_both_tty(base, env):
    rc, tty, out, err, secs = run(base, env, tty_out=True, tty_err=True)
    lines, odd = screen(tty)
    shown = [l for l in lines if l]
    check(rc == 0 and PROGRESS.search(tty) is not None,
          "both on one terminal: exit %d, a progress line shown" % rc)
    check(shown and shown[0].startswith("PACKAGE") and
          not any("checking" in l for l in lines) and not odd,
          "both on one terminal: the report starts on a clean line, no progress left: %r"
          % shown[:3])
    names = {l.split()[0] for l in shown}
    check(all("pkg%d" % i in names for i in range(NPKGS)),
          "both on one terminal: a row per package, each on a line of its own")


def add_dist(site, name, version):
    """A compiled distribution named as its METADATA writes it (case and _ kept)."""
    d = os.path.join(site, "%s-%s.dist-info" % (name, version))
    os.makedirs(d)
    with open(os.path.join(d, "METADATA"), "w") as f:
        f.write("Metadata-Version: 2.1\nName: %s\nVersion: %s\n\n" % (name, version))
    with open(os.path.join(d, "RECORD"), "w") as f:
        f.write("%s/_ext.cpython-312-x86_64-linux-gnu.so,sha256=x,1000\n" % name.lower())


def case_waiting(root, env):
    """One slow answer: the progress line names the package it still waits for, by
    the installed distribution's own name, within the terminal's width."""
    idx = ftlib.FakeIndex("--synthetic", str(NPKGS), "--slow-ms", "1500")
    site = os.path.join(root, "slow")
    shutil.copytree(os.path.join(root, "site"), site)
    add_dist(site, "Fault_Slow", "1.0")
    # Connections enough that the others are not queued behind it.
    args = ["check", "--path", site, "--index-url", idx.url, "--jobs", "16",
            "--cache-dir", os.path.join(root, "cache-slow"), "--platform", "linux-x86_64",
            "--color", "never"]
    rc, tty, out, err, secs = run(args, dict(env, COLUMNS="60"), tty_out=False, tty_err=True)
    lines = [m.group(0) for m in re.finditer(rb"\rchecking [^\r]*", tty)]
    waiting = [l for l in lines if b"waiting for Fault_Slow" in l]
    check(rc == 0 and waiting, "a slow package: the line names it (%.2f s): %r"
          % (secs, lines[-3:]))
    check(all(len(l.decode().replace("\x1b[K", "")) <= 60 for l in lines),
          "each progress line fits 60 columns: %r" % max(lines, key=len))
    row = [l for l in out.decode().splitlines() if l.startswith("Fault_Slow")]
    check(row and "Fault_Slow 1.0 has" in row[0] and "fault-slow" not in row[0],
          "the reason names the distribution as installed, not the index's name: %r" % row)


def case_fit(root, env):
    """On a terminal the table fits $COLUMNS (a long version and reason end in …, the
    summary below wraps); piped, and with -v, the rows are whole."""
    site = os.path.join(root, "fit")
    os.makedirs(site)
    add_dist(site, "Long_Version", "1.6.3+git20221103.a2a3328")
    # Offline, the bundled snapshot answers for numpy: the footer says so in a line
    # longer than 60 columns, wrapped on the terminal.
    add_dist(site, "numpy", "1.25.1")
    args = ["check", "--path", site, "--offline", "--platform", "linux-x86_64",
            "--cache-dir", os.path.join(root, "cache-fit"), "--color", "never"]
    rc, tty, out, err, secs = run(args, dict(env, COLUMNS="60"), tty_out=True, tty_err=False)
    lines, odd = screen(tty)
    rows = [l for l in lines if l.startswith("Long_Version")]
    check(rc == 0 and rows and all(len(l) <= 60 for l in lines),
          "COLUMNS=60 on a terminal: every line within 60 columns: %r" % lines)
    check(rows and "1.6.3+git2022…" in rows[0] and rows[0].endswith("…"),
          "the version and the reason cut with …: %r" % rows)
    rc, tty, out, err, secs = run(args, env, tty_out=False, tty_err=False)
    piped = [l for l in out.decode().splitlines() if l.startswith("Long_Version")]
    check(piped and "1.6.3+git20221103.a2a3328" in piped[0] and "…" not in piped[0] and
          len(piped[0]) > 60, "piped: the row whole: %r" % piped)
    rc, tty, out, err, secs = run(args + ["-v"], dict(env, COLUMNS="60"), tty_out=True,
                                  tty_err=False)
    lines, odd = screen(tty)
    rows = [l for l in lines if l.startswith("Long_Version")]
    check(rows and "1.6.3+git20221103.a2a3328" in rows[0] and "…" not in rows[0],
          "-v on a terminal: the row whole: %r" % rows)


def cases(root, env):
    idx = ftlib.FakeIndex("--synthetic", str(NPKGS), "--latency-ms", str(LATENCY_MS))
    # pkg0..pkg11 with an extension module each: every one is asked of the index.
    site = ftlib.make_site(root, NPKGS)
    n = 0
    for case in (case_progress, case_quiet, case_stdout_tty, case_both_tty):
        # A cache of its own for each run, so that each asks the index (and waits).
        n += 1
        base = ["check", "--path", site, "--index-url", idx.url, "--jobs", str(JOBS),
                "--cache-dir", os.path.join(root, "cache%d" % n),
                "--platform", "linux-x86_64", "--color", "never"]
        case(base, env)
    case_waiting(root, env)
    case_fit(root, env)


def main():
    return ftlib.main("check-tty", cases, TERM="xterm")


if __name__ == "__main__":
    sys.exit(main())
