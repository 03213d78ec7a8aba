#!/usr/bin/env python3
"""gil_tui.py: `t` and `m` in the real TUI, in tmux: a test runs in the background with
its live status in the detail pane while keys still work, its result lands in the tree
row; `t` again and Esc cancel, and quitting with tests running, leave no child process
(checked with ps); marked packages are tested together. The wheels, index and
environment and the fake free-threaded interpreter are gil_test.py's (tests/ft_real.py
runs `t` with a real one)."""

import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import check  # noqa: E402
import gil_test  # noqa: E402

SOCK = "ftport-gil-tui-%d" % os.getpid()
# The interpreter tested with is the fake free-threaded one (cp3XYt), not the target
# (cp314t): its results land in the rows as another ABI's ("[passed on cp311t]"), never
# as current.
ON = " on cp%d%dt]" % sys.version_info[:2]


def T(*args):
    return subprocess.run(["tmux", "-L", SOCK] + list(args), capture_output=True, text=True)


def screen():
    return T("capture-pane", "-p", "-t", "gil").stdout


def wait_screen(text, cap=60.0):
    return gil_test.wait_for(lambda: text in screen(), cap)


def keys(*k):
    T("send-keys", "-t", "gil", *k)


def search(name):
    keys("/")
    keys("-l", name)
    keys("Enter")
    return wait_screen(">", 10)


def state_result(path, name):
    """The result of a package's last test in the team state file, or None."""
    try:
        with open(path) as f:
            return json.load(f)["packages"][name]["last_test"]["result"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def body(root, env):
    if shutil.which("tmux") is None:
        check(False, "tmux is not installed (tests/deps-apt.txt lists it)")
        return
    for k in ("FTPORT_FT_PYTHON", "PYTHON_GIL", "PIP_INDEX_URL", "TMUX"):
        env.pop(k, None)
    wheels, site = gil_test.build(root)
    idx = ftlib.FakeIndex("--wheel-dir", wheels)
    cache = os.path.join(root, "cache")
    cmd = ["env"] + ["%s=%s" % kv for kv in sorted(env.items()) if kv[0] in
                     ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "PIP_CONFIG_FILE",
                      "FTPORT_DATA_DIR", "LC_ALL", "PATH")]
    cmd += ["TERM=xterm", ftlib.FTPORT, "--python", gil_test.PY, "--path", site, "--ft-python",
            gil_test.fake_ft(root)[0], "--index-url", idx.url, "--cache-dir", cache, "--timeout", "120",
            "--platform", "linux-x86_64"]
    # The TUI runs in a project of its own: t records results in its team state.
    proj = os.path.join(root, "project")
    os.makedirs(proj)
    state = os.path.join(proj, ".ftport", "state.json")
    try:
        T("new-session", "-d", "-s", "gil", "-x", "150", "-y", "45", "-c", proj, *cmd)
        T("set-option", "-t", "gil", "remain-on-exit", "on")
        check(wait_screen("sleepypkg", 30), "the TUI starts: %r" % screen()[-300:])

        # t on one package: its result in the row and on the status line.
        search("okpkg")
        keys("t")
        check(wait_screen("[passed" + ON, 120), "t: okpkg passed, shown in its row: %r" % screen())
        check(gil_test.wait_for(lambda: state_result(state, "okpkg") == "passed", 30),
              "t records okpkg's result in the team state: %r" % state_result(state, "okpkg"))

        # A long one: live status in the detail pane while keys still work; t cancels.
        search("sleepypkg")
        keys("t")
        check(gil_test.wait_for(lambda: any("import" in l for l in gil_test.procs_with("sleepypkg", root)),
                                120), "t: the import of sleepypkg runs in the background")
        check(wait_screen("[testing]", 10), "the row says it is being tested")
        keys("Enter")
        check(wait_screen("Test: importing sleepypkg", 10),
              "the detail pane shows what the test is doing (keys work meanwhile): %r" % screen())
        keys("t")
        check(wait_screen("cancelled 1 test", 10), "t again cancels: %r" % screen()[-400:])
        check(gil_test.wait_for(lambda: not gil_test.procs_with("sleepypkg", root), 20),
              "cancelled with t: no child left (ps)")

        # Esc cancels too (before it closes the pane).
        keys("t")
        check(gil_test.wait_for(lambda: any("import" in l for l in gil_test.procs_with("sleepypkg", root)),
                                60), "t again: running again")
        keys("Escape")
        check(wait_screen("cancelled 1 test", 10), "Esc cancels")
        check(gil_test.wait_for(lambda: not gil_test.procs_with("sleepypkg", root), 20),
              "cancelled with Esc: no child left (ps)")

        # Marks: two packages tested together.
        search("segvpkg")
        keys("m")
        search("badpkg")
        keys("m")
        check(wait_screen("* segvpkg", 10) and wait_screen("* badpkg", 10),
              "m marks packages in the tree: %r" % screen())
        keys("t")
        check(wait_screen("[crashed (SIGSEGV)" + ON, 120) and
              wait_screen("[import-failed" + ON, 120),
              "t on marked packages tests them all: %r" % screen())
        check("* segvpkg" not in screen(), "the marks are cleared once started")
        search("segvpkg")
        check(wait_screen("SIGSEGV", 10), "the detail pane names the signal: %r" % screen())

        # Quitting with a test running: the child goes too.
        search("sleepypkg")
        keys("t")
        check(gil_test.wait_for(lambda: any("import" in l for l in gil_test.procs_with("sleepypkg", root)),
                                60), "running before quitting")
        keys("Escape")  # cancels; run it again and quit while it runs
        gil_test.wait_for(lambda: not gil_test.procs_with("sleepypkg", root), 20)
        keys("t")
        gil_test.wait_for(lambda: any("import" in l for l in gil_test.procs_with("sleepypkg", root)), 60)
        keys("Enter")  # close the detail pane so that q quits
        keys("q")
        check(gil_test.wait_for(lambda: T("display", "-p", "-t", "gil", "#{pane_dead}").stdout.strip()
                                == "1", 30), "q quits with a test running")
        check(gil_test.wait_for(lambda: not gil_test.procs_with("sleepypkg", root), 20),
              "quit: no child left (ps)")
        # The results are stored: a new TUI shows them at once.
        # The new session before the old one goes: killing the server's last session
        # makes it exit, and a new-session racing with that exit fails.
        r = T("new-session", "-d", "-s", "gil2", "-x", "150", "-y", "45", "-c", proj, *cmd)
        check(r.returncode == 0, "a second TUI starts: %r" % r.stderr)
        T("kill-session", "-t", "gil")
        T("rename-session", "-t", "gil2", "gil")
        check(wait_screen("[crashed (SIGSEGV)" + ON, 30) and wait_screen("[passed" + ON, 30),
              "stored results are shown by the next TUI: %r" % screen())
        keys("q")
    finally:
        T("kill-server")


if __name__ == "__main__":
    sys.exit(ftlib.main("gil-tui", body))
