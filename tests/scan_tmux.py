#!/usr/bin/env python3
# scan_tmux.py: the UI's u in a real terminal (tmux): the clone is held in the middle
# by the HTTP server (githttp.py "gate:") while the status line shows the objects
# received and the screen keeps answering keys; once the server lets the rest go, the
# detail pane shows what the scan found. Every wait polls the pane with a deadline.
"""Needs FTPORT, SRCDIR, git and tmux."""

import os
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, check  # noqa: E402
from githttp import GitHttp  # noqa: E402
import scan  # noqa: E402  (the fixture repositories)

SOCK = "ftport-scan-%d" % os.getpid()


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCK] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL).stdout.decode()


def screen():
    return tmux("capture-pane", "-p", "-t", "main")


def wait_for(text, secs=30):
    deadline = time.time() + secs
    while time.time() < deadline:
        s = screen()
        if text in s:
            return s
        time.sleep(0.05)
    print("--- screen, waiting for %r:\n%s" % (text, screen()))
    return None


def wait_for_any(pred, secs=30):
    deadline = time.time() + secs
    while time.time() < deadline:
        s = screen()
        if pred(s):
            return s
        time.sleep(0.05)
    print("--- screen:\n%s" % screen())
    return None


def cursor_on(name):
    return lambda s: any(line.startswith(">") and (" %s " % name) in line
                         for line in s.splitlines())


def body(root, env):
    srv = scan.setup(root, env)
    work, intro = scan.make_forms(root)
    # Over 64 KB of pack that does not compress: more than one side-band packet, so
    # half of it is something libgit2 can count.
    with open(os.path.join(work, "data.bin"), "wb") as f:
        f.write(os.urandom(256 * 1024))
    scan.commit(work, "Test data")
    shutil.rmtree(os.path.join(srv, "forms.git"))
    scan.git("clone", "-q", "--bare", work, os.path.join(srv, "forms.git"))
    gate = os.path.join(root, "gate")
    http = GitHttp(srv, "gate:" + gate)
    site = os.path.join(root, "site")
    scan.dist(site, "foo", "1.0.0", http.url("forms.git"))
    scan.dist(site, "bar", "2.0", "https://example.org/bar")
    sock = socket.socket()     # an index nobody answers: statuses stay unknown, quickly
    sock.bind(("127.0.0.1", 0))
    dead = "http://127.0.0.1:%d/simple/" % sock.getsockname()[1]
    sock.close()
    cmd = ["env"] + ["%s=%s" % kv for kv in sorted(env.items())
                     if kv[0] in ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "LC_ALL",
                                  "FTPORT_DATA_DIR", "PATH", "ASAN_OPTIONS",
                                  "UBSAN_OPTIONS", "LSAN_OPTIONS")]
    cmd += ["TERM=screen", FTPORT, "--path", site, "--index-url", dead,
            "--cache-dir", os.path.join(root, "cache")]
    try:
        tmux("new-session", "-d", "-s", "main", "-x", "120", "-y", "30",
             " ".join("'%s'" % a.replace("'", "'\\''") for a in cmd))
        check(wait_for("2 packages") is not None, "the UI is up")
        tmux("send-keys", "-t", "main", "j")
        check(wait_for_any(cursor_on("foo")) is not None, "cursor on foo")
        tmux("send-keys", "-t", "main", "u")
        s = wait_for_any(lambda s: "foo: receiving objects " in s)
        check(s is not None, "u: the status line counts the objects received")
        # Held in the middle: the screen answers keys.
        tmux("send-keys", "-t", "main", "k")
        check(wait_for_any(cursor_on("bar"), 10) is not None, "k moves while the scan runs")
        tmux("send-keys", "-t", "main", "Enter")
        check(wait_for("bar 2.0", 10) is not None, "Enter opens the detail pane meanwhile")
        tmux("send-keys", "-t", "main", "j")
        check(wait_for("scanning the source: receiving objects", 10) is not None,
              "foo's detail pane: the scan is running")
        with open(gate, "w"):
            pass
        s = wait_for("source scan: support released in 2.0.0")
        check(s is not None, "the result in the detail pane: released after 1.0.0, in 2.0.0")
        # The pane wraps long lines.
        flat = " ".join(ln.split("│")[-1].strip() for ln in (s or "").splitlines())
        check("first declared on main by %s Declare" % intro[:7] in " ".join(flat.split()),
              "with the commit that brought it: %r" % s)
        check(s is not None and "\n foo: support released in 2.0.0" in s,
              "the status line says it")
        # The verdict's explanation says it too.
        check('upstream released support in 2.0.0 (upgrade: pip install "foo>=2.0.0")'
              in " ".join(flat.split()), "the verdict's explanation says it: %r" % s)
        # The declarations, further down the pane: J scrolls it until they have shown.
        seen, s2 = "", screen()
        for _ in range(60):
            seen += s2
            if ".github/workflows/ci.yml:4: CI runs a" in seen and \
                    "cpp/bind.cpp:2: pybind11" in seen:
                break
            tmux("send-keys", "-t", "main", "J")
            s2 = wait_for_any(lambda x, prev=s2: x != prev, 5)
            if s2 is None:      # the end of the pane
                break
        check(".github/workflows/ci.yml:4: CI runs a" in seen and
              "cpp/bind.cpp:2: pybind11" in seen, "the declarations with path and line")
        tmux("send-keys", "-t", "main", "q")
        check(wait_for_any(lambda s: "│" not in s, 10) is not None, "q closes the pane")
        tmux("send-keys", "-t", "main", "q")
        check(wait_for_any(lambda s: "2 packages" not in s, 10) is not None, "q quits")
    finally:
        tmux("kill-server")
        http.stop()


if __name__ == "__main__":
    if shutil.which("tmux") is None:
        print("FAIL: tmux is not installed (tests/deps-apt.txt lists it)")
        print("# cases: 0 passed, 1 failed")
        sys.exit(1)
    sys.exit(ftlib.main("scan-tmux", body))
