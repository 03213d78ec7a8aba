#!/usr/bin/env python3
# hostile.py: what an index or an environment can throw at ftport. The fake index sends
# 1 GB (the 64 MB cap stops it: bytes written counted by the server), a body that never
# ends and an answer after 10 minutes (the per-request timeout stops them), a redirect
# loop; the site holds bidi controls and invalid UTF-8 in names and summaries (never raw
# in any output format), symlink loops, and a 100 MB METADATA (read within its cap); a
# SIGSEGV in the TUI leaves the terminal restored.
"""Needs FTPORT and SRCDIR (make check sets them)."""

import json
import os
import resource
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, SRCDIR, check, make_dist  # noqa: E402

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def raw_bidi(text):
    return [c for c in BIDI if c in text]


def tui_crash(root, env):
    """A crash in the TUI (here a SIGSEGV sent to it, as libgit2's recursion on a hostile
    tree raised) leaves the terminal as it found it: curses ended (the alternate screen
    left, echo and line mode back), then the signal's own end (killed by SIGSEGV)."""
    import pty
    import select
    import signal
    import termios
    import time
    site = os.path.join(root, "crash-site")
    make_dist(site, "crashpkg", "1.0")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(FTPORT, [FTPORT, "--path", site, "--python", sys.executable, "--offline",
                           "--cache-dir", os.path.join(root, "crash-cache")],
                  dict(env, TERM="xterm", LINES="24", COLUMNS="80"))
    seen, killed, after = b"", False, b""
    deadline = time.time() + 60
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            if killed:
                after += chunk
            else:
                seen += chunk
        if not killed and b"crashpkg" in seen:
            time.sleep(0.5)
            before = termios.tcgetattr(fd)
            os.kill(pid, signal.SIGSEGV)
            killed = True
    mode = termios.tcgetattr(fd)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    check(killed, "the TUI drew its first screen: %r" % seen[-200:])
    check(os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGSEGV,
          "the crash still ends the process by its signal (status %#x)" % status)
    check(killed and not (before[3] & termios.ECHO) and b"\x1b[?1049l" in after and
          (mode[3] & termios.ECHO) and (mode[3] & termios.ICANON),
          "the terminal is restored on SIGSEGV: alternate screen left %s, echo %s, "
          "line mode %s" % (b"\x1b[?1049l" in after, bool(mode[3] & termios.ECHO),
                            bool(mode[3] & termios.ICANON)))


def tui_quoting(root, env):
    """Names from metadata in the commands the TUI's `d` suggests pasting ("ftport draft
    NAME --open", "ftport draft NAME --force") are one shell word each: the name
    `x;curl -s localhost:9|sh;` ran curl."""
    site = os.path.join(root, "quote-site")
    pure, compiled = "x;curl -s localhost:9|sh;", "y;curl -s localhost:9|sh;"
    make_dist(site, pure, "1.0")
    make_dist(site, compiled, "1.0", kind="compiled")
    proj = os.path.join(root, "quote-project")
    os.makedirs(proj)
    keys = os.path.join(root, "quote.keys")
    screens = [os.path.join(proj, "pure.screen"), os.path.join(proj, "compiled.screen")]
    with open(keys, "w") as f:
        f.write("/x;curl<Enter>\nd\n:save-display %s\n/y;curl<Enter>\nd\n:save-display %s\n"
                % tuple(screens))
    r = subprocess.run([FTPORT, "--path", site, "--python", sys.executable, "--offline",
                        "--cache-dir", os.path.join(root, "quote-cache")],
                       env=dict(env, FTPORT_SCRIPT=keys, TERM="xterm", LINES="24",
                                COLUMNS="250"), cwd=proj, capture_output=True, timeout=120)
    texts = []
    for path in screens:
        try:
            with open(path, encoding="utf-8") as f:
                texts.append(f.read())
        except OSError:
            texts.append("")
    for text, name, tail in ((texts[0], pure, "--force"), (texts[1], compiled, "--open")):
        want = "ftport draft \"%s\" %s" % (name, tail)
        check(want in text, "the TUI's `%s` command quotes the name (%d): %r" %
              (tail, r.returncode, [l for l in text.splitlines() if "draft" in l] or
               r.stderr[-300:]))


def body(root, env):
    tui_quoting(root, env)
    tui_crash(root, env)
    site = os.path.join(root, "site")
    for name in ("fault-gigabyte", "fault-forever", "fault-slow", "fault-redirect-loop"):
        make_dist(site, name, "1.0", kind="compiled")
    make_dist(site, "snowballstemmer", "2.2.0", kind="compiled")

    # Bidi controls and invalid UTF-8 in a name and a summary.
    d = os.path.join(site, "evil-1.0.dist-info")
    os.makedirs(d)
    with open(os.path.join(d, "METADATA"), "wb") as f:
        f.write("Metadata-Version: 2.1\nName: evil\u202egnp.exe\nVersion: 1.0\n".encode()
                + b"Summary: safe \xe2\x81\xa6hidden\xe2\x81\xa9 \xff\xfe bad \xc3\x28 bytes\n\n")
    # Symlink loops: a directory that contains itself, a .dist-info that points at itself.
    os.symlink(".", os.path.join(site, "loop"))
    os.symlink("self-1.0.dist-info", os.path.join(site, "self-1.0.dist-info"))
    os.symlink(site, os.path.join(site, "again-1.0.dist-info"))
    # 100 MB of METADATA: a Description header that goes on and on, then a body.
    d = os.path.join(site, "big-1.0.dist-info")
    os.makedirs(d)
    with open(os.path.join(d, "METADATA"), "w") as f:
        f.write("Metadata-Version: 2.1\nName: big\nVersion: 1.0\nSummary: large\n"
                "Description: start\n")
        line = "        " + "x" * 1015 + "\n"
        for _ in range(50 * 1024):
            f.write(line)
        f.write("\n")
        for _ in range(50 * 1024):
            f.write(line)

    idx = ftlib.FakeIndex("--json-dir", os.path.join(SRCDIR, "tests", "fixtures", "pypi",
                                                     "micropip"), "--slow-ms", "600000")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = subprocess.run([FTPORT, "check", "--path", site, "--python", sys.executable,
                        "--index-url", idx.url, "--format", "json", "--platform",
                        "linux-x86_64"], env=env, capture_output=True, timeout=600)
    rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = r.stdout.decode("utf-8")      # valid UTF-8, or this raises: one failure
    doc = json.loads(out)
    check(r.returncode == 0, "check finished (exit %d)" % r.returncode)
    errs = {e["package"]: e.get("error", "") for e in doc["errors"]}
    check("cap" in errs.get("fault-gigabyte", ""), "1 GB: %r" % errs.get("fault-gigabyte"))
    sent = idx.stats().get("sent", {})
    check(0 < sent.get("fault-gigabyte", 0) < 3 * 72 * 1024 * 1024,
          "1 GB: the server wrote %d bytes before ftport hung up (3 tries, 64 MB cap)"
          % sent.get("fault-gigabyte", 0))
    check("time" in errs.get("fault-forever", "").lower(), "a body that never ends: %r"
          % errs.get("fault-forever"))
    check("time" in errs.get("fault-slow", "").lower(), "an answer after 10 minutes: %r"
          % errs.get("fault-slow"))
    check("redirect" in errs.get("fault-redirect-loop", "").lower(), "a redirect loop: %r"
          % errs.get("fault-redirect-loop"))
    names = {p["name"]: p for p in doc["packages"]}
    check("snowballstemmer" not in errs and "snowballstemmer" in names,
          "the other packages are answered")
    check(rss_kb < max(before, 0) + 400 * 1024, "peak RSS %d KB (1 GB sent, 100 MB METADATA)"
          % rss_kb)
    check("big" in names and "self" not in names, "100 MB METADATA read; the self-loop skipped")

    # Bidi and invalid UTF-8: never raw in any output.
    outputs = {"check json": out}
    for args in (["tree"], ["tree", "--json"], ["check", "--offline", "--format", "table"],
                 ["check", "--offline", "--format", "csv"], ["check", "--offline", "--format", "md"],
                 ["check", "--offline", "--format", "json"]):
        extra = ["--cache-dir", os.path.join(root, "c2")] if args[0] == "check" else []
        r = subprocess.run([FTPORT] + args + ["--path", site, "--python", sys.executable] + extra,
                           env=env, capture_output=True, timeout=300)
        check(r.returncode == 0, "%s exits 0 over loops and 100 MB (%d)" % (" ".join(args),
                                                                          r.returncode))
        for stream, data in (("stdout", r.stdout), ("stderr", r.stderr)):
            try:
                outputs["%s %s" % (" ".join(args), stream)] = data.decode("utf-8")
            except UnicodeDecodeError as e:
                check(False, "%s %s is not UTF-8: %s" % (" ".join(args), stream, e))
    for what, text in outputs.items():
        check(not raw_bidi(text), "%s: no raw bidi control (%r)" % (what, raw_bidi(text)))
        check("\x1b" not in text, "%s: no escape" % what)
    check(any("evil" in t and "gnp.exe" in t for t in outputs.values()),
          "the name is shown, its control taken out")


if __name__ == "__main__":
    sys.exit(ftlib.main("hostile", body))
