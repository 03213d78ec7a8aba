#!/usr/bin/env python3
"""gil_test.py: `ftport test` end to end on what needs no real free-threaded CPython
(tests/ft_real.py has that). Wheels built here (zipfile) are served by
tests/fakeindex.py and installed with pip --only-binary=:all: into a scratch venv of a
fake 'free-threaded' interpreter (this machine's Python behind a sitecustomize that
claims Py_GIL_DISABLED): the process handling does not depend on the GIL. A real
interpreter with the GIL is refused (exit 3, nothing recorded). Every result kind is
checked: passed, gil-reenabled (the exact RuntimeWarning from a
submodule; sys._is_gil_enabled() from a fake interpreter tested in place), failed,
import-failed, crashed (SIGSEGV through ctypes), timeout, install-failed; the 1 MB log
cap (50 MB printed); the store and `cache info|clear`; interpreter discovery with fake
PATH, uv and pyenv trees and the message when there is none; names and commands with
spaces, quotes, ';' and '$(...)' never reach a shell; a timeout and ^C leave no process
behind."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import check  # noqa: E402

FTPORT = ftlib.FTPORT
PY = os.path.realpath(sys.executable)

WARNING = ("The global interpreter lock (GIL) has been enabled to load module '%s', "
           "which has not declared that it can run safely without the GIL. To override "
           "this behavior and keep the GIL disabled (at your own risk), run with "
           "PYTHON_GIL=0 or -Xgil=0.")

PACKAGES = {
    # (a) imports
    "okpkg": {"okpkg/__init__.py": "X = 1\n"},
    # (b) a submodule warns exactly as CPython does
    "gilpkg": {"gilpkg/__init__.py": "from . import _speedups\n",
               "gilpkg/_speedups.py": "import warnings\nwarnings.warn(%r, RuntimeWarning)\n"
               % (WARNING % "gilpkg._speedups")},
    # (c) raises ImportError
    "badpkg": {"badpkg/__init__.py": "raise ImportError('badpkg needs libfoo.so.1')\n"},
    # (d) SIGSEGV
    "segvpkg": {"segvpkg/__init__.py": "import ctypes\nctypes.string_at(0)\n"},
    # (e) sleeps past the timeout
    "sleepypkg": {"sleepypkg/__init__.py": "import time\ntime.sleep(600)\n"},
    # (f) prints 50 MB (and ends with a line to find)
    "loudpkg": {"loudpkg/__init__.py": "import sys\nfor i in range(50):\n"
                "    sys.stdout.write('y' * 1048575 + '\\n')\nprint('LOUD-END')\n"},
    # no top_level.txt: the modules come from RECORD (a package and a module)
    "recpkg": {"recpkg/__init__.py": "", "recpkg_extra.py": "Y = 2\n"},
}

# Writes the secrets it can see where FTPORT_ENVDUMP says (imported with the GIL, then
# without), then fails with a URL that carries a password in its message.
ENVPKG = {"envpkg/__init__.py": "import json, os\n"
          "names = ('GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TOKEN', 'PIP_INDEX_URL',\n"
          "         'PIP_EXTRA_INDEX_URL', 'UV_INDEX', 'UV_INDEX_PRIVATE_PASSWORD')\n"
          "with open(os.environ['FTPORT_ENVDUMP'], 'a') as f:\n"
          "    f.write(json.dumps({n: os.environ.get(n) for n in names}) + '\\n')\n"
          "if os.environ.get('PYTHON_GIL') == '0':\n"
          "    raise ImportError('cannot reach https://bob:HUNTER2@mirror.example/x')\n"}


# Where ftport runs: a directory of the test's own, so the team state it records test
# results in (.ftport/state.json, at the project root) never lands in the source tree.
CWD = None


def run(env, *args, timeout=300):
    p = subprocess.run([FTPORT] + list(args), env=env, capture_output=True, text=True,
                       timeout=timeout, cwd=CWD)
    return p.returncode, p.stdout, p.stderr


def results_of(out):
    try:
        doc = json.loads(out)
    except ValueError:
        return None, {}
    return doc, {r["name"]: r for r in doc.get("results", [])}


def stored(cache, name, ext):
    """A result's file in the store: NAME@VERSION@ABI.EXT (the only one of the name),
    else the path it would have without a version or ABI."""
    import glob
    found = glob.glob(os.path.join(cache, "tests", "%s@*.%s" % (name, ext)))
    return found[0] if len(found) == 1 else os.path.join(cache, "tests", "%s.%s" % (name, ext))


def stored_all(cache, name):
    """Every file the result store holds for a package: NAME@VERSION@ABI.json and .log
    (and an older ftport's NAME.json)."""
    d = os.path.join(cache, "tests")
    return [n for n in (os.listdir(d) if os.path.isdir(d) else [])
            if n.startswith(name + "@") or n in (name + ".json", name + ".log")]


def procs_with(tag, root):
    """Processes whose command line holds tag and root (this test's own: another run of
    the suite may be testing the same package names), other than ps itself."""
    out = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
    return [l for l in out.splitlines() if tag in l and root in l and "ps -eo" not in l]


def wait_for(cond, cap=60.0):
    end = time.monotonic() + cap
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def build(root):
    wheels = os.path.join(root, "wheels")
    for name, files in PACKAGES.items():
        ftlib.make_wheel(wheels, name, "1.0", files, top_level=(name != "recpkg"))
    # The environment being ported: the same packages installed (versions to pin), and
    # one that the index does not have.
    site = os.path.join(root, "site")
    for name in list(PACKAGES) + ["ghostpkg", "needsghost"]:
        ftlib.make_dist(site, name, "1.0")
    # Needs a project the index does not have: pip finds nothing for the dependency,
    # the package's own install-failed.
    ftlib.make_wheel(wheels, "needsghost", "1.0", {"needsghost/__init__.py": ""},
                     requires=["ghostdep>=1"])
    # Compiled, with wheels for CPython 3.11 only: blocked for 3.14t, yet pip installs
    # it on this machine's interpreter (tags py3 work anywhere: it holds no binary).
    ftlib.make_wheel(wheels, "blockpkg", "1.0", {"blockpkg/__init__.py": "B = 1\n"},
                     tag="cp311-cp311-manylinux_2_17_x86_64")
    ftlib.make_dist(site, "blockpkg", "1.0", kind="compiled")
    ftlib.make_wheel(wheels, "envpkg", "1.0", ENVPKG)
    return wheels, site


def kinds(root, env, idx, site, ft, label):
    cache = os.path.join(root, "cache-" + label)
    abi = "cp%d%dt" % sys.version_info[:2]
    base = ["--python", PY, "--path", site, "--ft-python", ft, "--index-url", idx.url,
            "--cache-dir", cache]
    names = list(PACKAGES) + ["ghostpkg", "needsghost"]
    rc, out, err = run(env, "test", *names, *base, "--timeout", "3", "--jobs", "4", "--json")
    doc, res = results_of(out)
    check(rc == 1, "%s: exit 1 when results are not all passed (%d: %s)" % (label, rc, err[-300:]))
    check(err.count("is %s, not the target cp314t: the results are for %s" % (abi, abi)) == 1,
          "%s: the interpreter's ABI is not the target's: said once: %r" % (label, err[-600:]))
    check(doc is not None and len(res) == len(names) - 1,
          "%s: one result per package but ghostpkg" % label)
    if doc is None:
        return
    # Not on the index: no result, nothing stored (the wheel verdict's business).
    nt = doc.get("not_tested", [])
    check(len(nt) == 1 and nt[0]["name"] == "ghostpkg" and nt[0]["reason"] == "not-on-index"
          and nt[0]["detail"] == "the index has no project ghostpkg" and
          not stored_all(cache, "ghostpkg"),
          "%s: ghostpkg is not on the index: not a result, not stored: %s" % (label, nt))
    expect = {"okpkg": "passed", "gilpkg": "gil-reenabled", "badpkg": "import-failed",
              "segvpkg": "crashed", "sleepypkg": "timeout", "loudpkg": "passed",
              "recpkg": "passed", "needsghost": "install-failed"}
    for name, want in expect.items():
        got = res.get(name, {}).get("result")
        check(got == want, "%s: %s is %s (got %s: %s)" % (label, name, want, got,
                                                          res.get(name, {}).get("detail")))
    check(res["gilpkg"]["module"] == "gilpkg._speedups",
          "%s: the module named by the warning is reported" % label)
    check("ImportError: badpkg needs libfoo.so.1" in (res["badpkg"]["detail"] or ""),
          "%s: import-failed keeps the traceback's last line" % label)
    check(res["badpkg"]["module"] == "badpkg", "%s: the module that failed" % label)
    check(res["segvpkg"]["signal"] == "SIGSEGV", "%s: the crash names its signal" % label)
    check(res["sleepypkg"]["seconds"] >= 3, "%s: killed at the timeout" % label)
    check("No matching distribution found for ghostdep" in (res["needsghost"]["detail"] or ""),
          "%s: install-failed gives pip's reason: %s" % (label, res["needsghost"]["detail"]))
    check(res["recpkg"]["modules"] == ["recpkg", "recpkg_extra"],
          "%s: modules from RECORD without top_level.txt: %s" % (label, res["recpkg"]["modules"]))
    check(res["okpkg"]["version"] == "1.0" and res["okpkg"]["python"] == ft and
          res["okpkg"]["python_version"], "%s: version and interpreter recorded" % label)
    check(wait_for(lambda: not procs_with("sleepypkg", root), 10),
          "%s: the timed-out import left no process" % label)
    log = res["loudpkg"]["log"]
    size = os.path.getsize(log) if log and os.path.exists(log) else -1
    check(0 < size <= 1024 * 1024, "%s: a 50 MB output keeps a log of at most 1 MB (%d)" % (label, size))
    with open(log, "rb") as f:
        check(b"LOUD-END" in f.read(), "%s: the log keeps the end" % label)
    # The store: what check, the TUI and the state file read.
    with open(stored(cache, "segvpkg", "json")) as f:
        s = json.load(f)
    check(s["result"] == "crashed" and s["signal"] == "SIGSEGV" and s["when"] > 0,
          "%s: the result is stored with its time" % label)

    # The table, and a second run reusing the venv: nothing is installed again.
    venvs = os.listdir(os.path.join(cache, "venvs"))
    check(len(venvs) == 1 and venvs[0].startswith(abi + "-"),
          "%s: one scratch venv per interpreter, named after its ABI %s: %s" % (label, abi, venvs))
    rc, out, err = run(env, "test", "okpkg", "gilpkg", *base)
    check(rc == 1 and "gil-reenabled   by gilpkg._speedups" in out and
          "okpkg" in out and "scratch venv: " in out,
          "%s: the table: %r" % (label, out[:400]))
    with open(stored(cache, "okpkg", "log")) as f:
        check("installed in" in f.read(), "%s: the second run reuses the venv and the install" % label)
    check(os.listdir(os.path.join(cache, "venvs")) == venvs, "%s: the same venv" % label)

    # The test command: passed, failed, timed out with a grandchild.
    rc, out, err = run(env, "test", "okpkg", *base, "--cmd",
                       "python -c 'import okpkg, sys; sys.exit(okpkg.X - 1)'", "--json")
    doc, res = results_of(out)
    check(rc == 0 and res.get("okpkg", {}).get("result") == "passed",
          "%s: a command that passes (%d %s)" % (label, rc, err[-200:]))
    rc, out, err = run(env, "test", "okpkg", *base, "--cmd",
                       "python -c 'import sys; print(\"tests failed\", file=sys.stderr); sys.exit(3)'",
                       "--json")
    doc, res = results_of(out)
    r = res.get("okpkg", {})
    check(rc == 1 and r.get("result") == "failed" and "exit status 3" in (r.get("detail") or "")
          and "tests failed" in (r.get("detail") or ""), "%s: a command that fails: %s" % (label, r))
    tag = "ftport-grandchild-%s-%d" % (label, os.getpid())
    rc, out, err = run(env, "test", "okpkg", *base, "--timeout", "2", "--json", "--cmd",
                       "python -c 'import subprocess, sys, time; subprocess.Popen([sys.executable, "
                       "\"-c\", \"import time; time.sleep(300)\", \"%s\"]); time.sleep(300)'" % tag)
    doc, res = results_of(out)
    r = res.get("okpkg", {})
    check(r.get("result") == "timeout" and r.get("step") == "command",
          "%s: a command past the timeout: %s" % (label, r))
    check(wait_for(lambda: not procs_with(tag, ""), 10),
          "%s: the timed-out command's grandchild was killed with its group" % label)

    # check shows the stored results in a TEST column, and in its JSON and CSV.
    chk = ["check", "--python", PY, "--path", site, "--index-url", idx.url, "--cache-dir", cache]
    rc, out, err = run(env, *chk)
    check("TEST" in out.splitlines()[0] and "crashed (SIGSEGV)" in out and
          "gil-reenabled (gilpkg._speedups)" in out and "install-failed" in out,
          "%s: check has a TEST column: %r" % (label, out[:600]))
    rc, out, err = run(env, *chk, "--format", "json")
    try:
        pk = {p["name"]: p for p in json.loads(out)["packages"]}
    except (ValueError, KeyError):
        pk = {}
    check(pk.get("segvpkg", {}).get("test", {}).get("signal") == "SIGSEGV" and
          pk.get("badpkg", {}).get("test", {}).get("result") == "import-failed",
          "%s: check --format json carries the test results" % label)
    rc, out, err = run(env, *chk, "--format", "csv")
    check(out.splitlines()[0].endswith(",test") and ",timeout" in out,
          "%s: check --format csv has a test column" % label)
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out, newline=""))}
    check(rows.get("blockpkg", {}).get("test") == "" and
          not any(r["test"] == "'-" for r in rows.values()),
          "%s: csv_untested_is_empty: a package never tested has an empty test cell, "
          "not the guarded placeholder: %r" % (label, rows.get("blockpkg")))
    # (The team state in CWD holds this run's results too: another one is named.)
    rc, out, err = run(env, *chk[:-1], os.path.join(root, "untested-cache"), "--state",
                       os.path.join(root, "no-state.json"))
    check(rc == 0 and "TEST" not in out.splitlines()[0],
          "%s: no TEST column when nothing was tested: %r" % (label, out[:200]))

    # Without --cmd, a package's test_command from the team state (--state) runs.
    state = os.path.join(root, "state-%s.json" % label)
    with open(state, "w") as f:
        json.dump({"schema_version": 1, "packages": {"okpkg": {
            "test_command": "python -c 'import sys; sys.exit(5)'"}}}, f)
    rc, out, err = run(env, "test", "okpkg", "gilpkg", *base, "--state", state, "--json",
                       "--yes")
    doc, res = results_of(out)
    r = res.get("okpkg", {})
    check(r.get("result") == "failed" and "exit status 5" in (r.get("detail") or "") and
          r.get("command") == "python -c 'import sys; sys.exit(5)'" and
          res.get("gilpkg", {}).get("command") is None,
          "%s: the state's per-package test_command runs: %s" % (label, r))
    with open(state) as f:
        pk = json.load(f)["packages"]
    last = pk.get("okpkg", {}).get("last_test", {})
    check(last.get("result") == "failed" and "exit status 5" in (last.get("detail") or "") and
          pk["okpkg"].get("test_command") == "python -c 'import sys; sys.exit(5)'" and
          "log" not in last and pk.get("gilpkg", {}).get("last_test", {}).get("result") ==
          "gil-reenabled", "%s: the results are recorded in the --state file: %s" % (label, pk))

    # Without --state: the state at the project root (here the directory ftport runs in).
    proj_state = os.path.join(CWD, ".ftport", "state.json")
    rc, out, err = run(env, "test", "okpkg", *base)
    try:
        with open(proj_state) as f:
            last = json.load(f)["packages"]["okpkg"]["last_test"]
    except (OSError, ValueError, KeyError):
        last = {}
    check(rc == 0 and last.get("result") == "passed" and last.get("version") == "1.0" and
          last.get("target") == "3.14t",
          "%s: ftport test records the result in .ftport/state.json: %s %s" % (label, last, err[-300:]))

    # A state file that is not JSON: left byte for byte, one warning, the run unharmed.
    bad = os.path.join(root, "bad-state-%s.json" % label)
    with open(bad, "wb") as f:
        f.write(b'{"schema_version": 1, "packages": {\n  "okpkg": oops\n')
    before = open(bad, "rb").read()
    rc, out, err = run(env, "test", "okpkg", *base, "--state", bad, "--cmd", "python -c pass")
    warns = [l for l in err.splitlines() if "team state" in l]
    check(rc == 0 and open(bad, "rb").read() == before and len(warns) == 1 and
          warns[0].startswith("ftport: warning: ") and "okpkg" in warns[0] and
          (bad + ":2:") in warns[0] and
          not [n for n in os.listdir(root) if n.startswith("bad-state-%s.json." % label) and
               n != "bad-state-%s.json.lock" % label],
          "%s: an invalid state is left untouched, a warning said: rc %d %r" % (label, rc, err[-400:]))

    # cache info lists the venv and the results; clear removes them.
    rc, out, err = run(env, "cache", "info", "--cache-dir", cache)
    check(rc == 0 and "scratch venvs: 1" in out and venvs[0] in out and "test results: " in out,
          "%s: cache info lists the venv and results: %r" % (label, out))
    rc, out, err = run(env, "cache", "clear", "--cache-dir", cache)
    check(rc == 0 and not os.path.exists(os.path.join(cache, "venvs")) and
          not os.path.exists(os.path.join(cache, "tests")),
          "%s: cache clear removes venvs and results: %r" % (label, out))


def no_shell(root, env, idx, site):
    cache = os.path.join(root, "cache-shell")
    base = ["--python", PY, "--path", site, "--ft-python", fake_ft(root)[0],
            "--index-url", idx.url, "--cache-dir", cache]
    marks = [os.path.join(root, "mark%d" % i) for i in range(5)]
    names = ["okpkg; touch %s" % marks[0], "$(touch %s)" % marks[1], "`touch %s`" % marks[2],
             "a b\"c'd | touch %s" % marks[3]]
    rc, out, err = run(env, "test", *names, *base, "--json")
    doc, res = results_of(out)
    check(doc is not None and len(doc["results"]) == 4 and
          all(r["result"] == "install-failed" for r in doc["results"]),
          "odd names: each one pip refuses (%s)" % err[-300:])
    argfile = os.path.join(root, "args.json")
    cmd = ("python -c 'import json, sys; json.dump(sys.argv[1:], open(sys.argv[1], \"w\"))' "
           "%s 'a b' \"c'd\" ';' 'touch %s' '$(touch %s)' \\`touch\\ %s\\` {name}"
           % (argfile, marks[4], marks[4], marks[4]))
    rc, out, err = run(env, "test", "okpkg", *base, "--cmd", cmd, "--json")
    doc, res = results_of(out)
    check(res.get("okpkg", {}).get("result") == "passed", "the quoted command runs (%s)" % err[-300:])
    try:
        with open(argfile) as f:
            got = json.load(f)
    except (OSError, ValueError):
        got = None
    check(got == [argfile, "a b", "c'd", ";", "touch %s" % marks[4], "$(touch %s)" % marks[4],
                  "`touch %s`" % marks[4], "okpkg"],
          "the command's words arrive as written: %r" % (got,))
    check(not any(os.path.exists(m) for m in marks), "no shell ran anything (no marker file)")
    rc, out, err = run(env, "test", "okpkg", *base, "--cmd", "python -c 'unbalanced")
    check(rc == 2 and "unbalanced" in err, "an unbalanced quote is a usage error: %r" % err)


def secrets(root, env, idx, site):
    """The index password never reaches pip's argv, the log, the stored result, the
    team state, the export or the draft; the tokens and the index settings never reach
    the code under test (its imports, the --cmd)."""
    cache = os.path.join(root, "cache-secrets")
    proj = os.path.join(root, "secret-project")
    os.makedirs(proj)
    site = os.path.join(root, "secret-site")
    for name in ("okpkg", "envpkg"):
        ftlib.make_dist(site, name, "1.0")
    dump = os.path.join(root, "envdump.jsonl")
    host = idx.url.split("://", 1)[1]
    url = "http://alice:S3CRET-PW@" + host
    senv = dict(env, GITHUB_TOKEN="gh-TOKEN-1", GH_TOKEN="gh-TOKEN-2",
                GITLAB_TOKEN="gl-TOKEN-3", PIP_INDEX_URL=url,
                PIP_EXTRA_INDEX_URL="http://carol:XTRA-PW@" + host,
                UV_INDEX="private=http://erin:UV-PW@" + host, UV_INDEX_PRIVATE_PASSWORD="UV-PW2",
                FTPORT_ENVDUMP=dump)
    base = ["--python", PY, "--path", site, "--ft-python", fake_ft(root)[0],
            "--cache-dir", cache]
    dumpcmd = ("python -c 'import json, os, sys; open(sys.argv[1], \"a\").write(json.dumps("
               "{n: os.environ.get(n) for n in (\"GITHUB_TOKEN\", \"GH_TOKEN\", "
               "\"GITLAB_TOKEN\", \"PIP_INDEX_URL\", \"PIP_EXTRA_INDEX_URL\", \"UV_INDEX\", "
               "\"UV_INDEX_PRIVATE_PASSWORD\")}) + "
               "chr(10)); print(\"see https://dave:CMD-PW@h.example/\"); sys.exit(1)' " + dump)
    p = subprocess.run([FTPORT, "test", "envpkg", "okpkg", *base, "--json"], env=senv,
                       capture_output=True, text=True, timeout=300, cwd=proj)
    doc, res = results_of(p.stdout)
    check(res.get("envpkg", {}).get("result") == "import-failed" and
          res.get("okpkg", {}).get("result") == "passed",
          "secrets: pip installed from the index given in PIP_INDEX_URL: %s %s" %
          (res, p.stderr[-300:]))
    p2 = subprocess.run([FTPORT, "test", "okpkg", *base, "--cmd", dumpcmd, "--json"],
                        env=senv, capture_output=True, text=True, timeout=300, cwd=proj)
    try:
        with open(dump) as f:
            seen = [json.loads(l) for l in f]
    except (OSError, ValueError):
        seen = []
    check(len(seen) == 3 and all(v is None for d in seen for v in d.values()),
          "secrets: neither the imports (GIL on, off) nor --cmd see a token or the index: %s"
          % seen)
    with open(stored(cache, "envpkg", "log")) as f:
        log = f.read()
    check("PIP_INDEX_URL=http://%s" % host in log and "--index-url" not in log,
          "secrets: pip is given its index in the environment, redacted in the log: %r" %
          [l for l in log.splitlines() if "pip" in l])
    e = subprocess.run([FTPORT, "export", "--format", "json", "--python", PY, "--path", site,
                        "--offline", "--cache-dir", cache], env=senv, capture_output=True,
                       text=True, timeout=300, cwd=proj)
    d = subprocess.run([FTPORT, "draft", "envpkg", "--force", "--python", PY, "--path", site,
                        "--offline", "--cache-dir", cache], env=senv, capture_output=True,
                       text=True, timeout=300, cwd=proj)
    kept = {"stdout": p.stdout + p2.stdout, "stderr": p.stderr + p2.stderr,
            "export": e.stdout}
    drafts = os.path.join(proj, ".ftport", "drafts")
    for n in os.listdir(drafts) if os.path.isdir(drafts) else []:
        with open(os.path.join(drafts, n)) as f:
            kept["draft"] = f.read()
    for dirpath, _, files in os.walk(cache):
        for n in files:
            if n.endswith((".json", ".log")):
                with open(os.path.join(dirpath, n), errors="replace") as f:
                    kept[os.path.join(dirpath, n)] = f.read()
    with open(os.path.join(proj, ".ftport", "state.json")) as f:
        kept["state.json"] = f.read()
    leaks = sorted(k for k, v in kept.items()
                   if any(pw in v for pw in ("S3CRET-PW", "HUNTER2", "CMD-PW", "XTRA-PW",
                                             "UV-PW")))
    check(not leaks, "secrets: no password in %s" % leaks)
    check("mirror.example" in kept["state.json"] and "mirror.example" in e.stdout and
          "mirror.example" in kept.get("draft", ""),
          "secrets: the URLs are kept, without their passwords (export %d, draft %d: %r)" %
          (e.returncode, d.returncode, d.stderr[-300:]))


def approval(root, env, idx, site):
    """A test_command in the team state (committed: anyone who can change it) runs only
    once approved on this machine, asked on the terminal once per new or changed
    command; --yes runs it unasked; no terminal and no --yes: one line, nothing runs."""
    import pty
    cache = os.path.join(root, "cache-approval")
    proj = os.path.join(root, "approval-project")
    os.makedirs(os.path.join(proj, ".ftport"))
    mark = os.path.join(root, "approval-ran")
    state = os.path.join(proj, ".ftport", "state.json")

    def set_command(code):
        with open(state, "w") as f:
            json.dump({"schema_version": 1, "packages": {"okpkg": {
                "test_command": "python -c \"open('%s', 'a').write('%s')\"" % (mark, code)}}},
                      f)

    def ran():
        try:
            with open(mark) as f:
                return f.read()
        except OSError:
            return ""

    def test(*extra):
        p = subprocess.run([FTPORT, "-q", "test", "okpkg", "--python", PY, "--path", site,
                            "--ft-python", fake_ft(root)[0], "--index-url", idx.url,
                            "--cache-dir", cache, *extra], env=env, capture_output=True, text=True, timeout=300,
                           cwd=proj, stdin=subprocess.DEVNULL)
        return p.returncode, p.stderr

    def on_terminal(answer):
        """ftport test on a pseudo-terminal, answering the question with answer."""
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(proj)
            os.execve(FTPORT, [FTPORT, "test", "okpkg", "--python", PY, "--path", site,
                               "--ft-python", fake_ft(root)[0], "--index-url", idx.url,
                               "--cache-dir", cache], env)
        seen, answered = b"", False
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if not answered and b"[y/N]" in seen:
                os.write(fd, answer + b"\n")
                answered = True
        os.close(fd)
        os.waitpid(pid, 0)
        return seen.decode(errors="replace")

    set_command("A")
    rc, err = test()
    lines = [l for l in err.splitlines() if l.strip()]
    check(rc == 2 and ran() == "" and len(lines) == 1 and "never approved" in lines[0] and
          "--yes" in lines[0] and "okpkg" in lines[0],
          "approval: not asked (no terminal), the state's command is refused in one line, "
          "nothing runs: rc %d %r" % (rc, err))
    rc, err = test("--yes")
    check(rc == 0 and ran() == "A", "approval: --yes runs it unasked: rc %d %r" % (rc, err[-300:]))
    rc, err = test()
    check(rc == 2 and ran() == "A", "approval: --yes remembers nothing: rc %d" % rc)
    out = on_terminal(b"n")
    check("asks to run" in out and ran() == "A" and "without that command" in out,
          "approval: answered no, the package is tested without it: %r" % out[-400:])
    out = on_terminal(b"y")
    check(ran() == "AA", "approval: answered yes, it runs: %r" % out[-400:])
    rc, err = test()
    check(rc == 0 and ran() == "AAA", "approval: asked once: the next run runs it unasked: rc "
          "%d %r" % (rc, err[-300:]))
    set_command("B")
    rc, err = test()
    check(rc == 2 and "never approved" in err and ran() == "AAA",
          "approval: a changed command is asked about again: rc %d %r" % (rc, err))
    conf = os.path.join(env["XDG_CONFIG_HOME"], "ftport", "approved-commands")
    inside = [n for _, _, files in os.walk(proj) for n in files]
    check(os.path.exists(conf) and proj not in open(conf).read() and
          "python" not in open(conf).read() and not [n for n in inside if "approv" in n],
          "approval: remembered outside the repository (%s), the command not in clear" % conf)


def all_blocking(root, env, idx, site):
    """--all-blocking: the check's blockers (here the compiled blockpkg) are tested."""
    cache = os.path.join(root, "cache-shell")
    rc, out, err = run(env, "test", "--all-blocking", "--python", PY, "--path", site,
                       "--ft-python", fake_ft(root)[0], "--index-url", idx.url, "--cache-dir", cache,
                       "--platform", "linux-x86_64", "--json")
    doc, res = results_of(out)
    check(doc is not None and sorted(res) == ["blockpkg"],
          "--all-blocking tests the blocked packages only: %s (%s)" % (sorted(res), err[-300:]))
    check(res.get("blockpkg", {}).get("result") in ("passed", "install-failed"),
          "--all-blocking: a result for blockpkg: %s" % res.get("blockpkg"))


def interrupt(root, env, idx, site):
    """^C (SIGINT to ftport) stops the run and kills the children."""
    cache = os.path.join(root, "cache-shell")
    p = subprocess.Popen([FTPORT, "test", "sleepypkg", "--python", PY, "--path", site,
                          "--ft-python", fake_ft(root)[0], "--index-url", idx.url, "--cache-dir", cache,
                          "--timeout", "120"], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    started = wait_for(lambda: any("import" in l for l in procs_with("sleepypkg", root)), 120)
    check(started, "the import of sleepypkg runs")
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    check(p.returncode == 130 and "interrupted" in err, "^C: exit 130 (%d %r)" % (p.returncode, err))
    check(wait_for(lambda: not procs_with("sleepypkg", root), 10), "^C: no child left behind")


FAKE_SITECUSTOMIZE = """\
import sys, sysconfig
_get = sysconfig.get_config_var
def _fake(name):
    return 1 if name == 'Py_GIL_DISABLED' else _get(name)
sysconfig.get_config_var = _fake
# The GIL 'comes back' when gilquiet is imported: no warning, only the answer.
sys._is_gil_enabled = lambda: 'gilquiet' in sys.modules
"""


def fake_ft(root):
    """The fake free-threaded interpreter that --ft-python names: made once per root."""
    fakedir = os.path.join(root, "fakeft")
    path = os.path.join(root, "fakeft-bin", "python3-fakeft")
    if not os.path.exists(path):
        os.makedirs(fakedir, exist_ok=True)
        with open(os.path.join(fakedir, "sitecustomize.py"), "w") as f:
            f.write(FAKE_SITECUSTOMIZE)
        fake_python(path, fakedir)
    return path, fakedir


def fake_python(path, fakedir):
    """An interpreter script: the real one with a sitecustomize that claims
    Py_GIL_DISABLED and answers sys._is_gil_enabled()."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("#!/bin/sh\nPYTHONPATH='%s' exec '%s' \"$@\"\n" % (fakedir, PY))
    os.chmod(path, 0o755)


def in_place(root, env):
    """A venv whose .pth hook claims Py_GIL_DISABLED and answers sys._is_gil_enabled():
    its own interpreter (sys.executable) is the fake, so it is tested in place."""
    fakedir = fake_ft(root)[1]
    venv = os.path.join(root, "ftvenv")
    subprocess.run([PY, "-m", "venv", "--without-pip", venv], check=True)
    sitep = subprocess.run([os.path.join(venv, "bin", "python"), "-c",
                            "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    with open(os.path.join(sitep, "fakeft_hook.py"), "w") as f:
        f.write(FAKE_SITECUSTOMIZE)
    with open(os.path.join(sitep, "fakeft.pth"), "w") as f:
        f.write("import fakeft_hook\n")
    for name in ("gilquiet", "calmpkg"):
        ftlib.make_dist(sitep, name, "2.0")
        os.makedirs(os.path.join(sitep, name))
        open(os.path.join(sitep, name, "__init__.py"), "w").close()
    fake = os.path.join(venv, "bin", "python")
    cache = os.path.join(root, "cache-inplace")
    rc, out, err = run(env, "test", "gilquiet", "calmpkg", "--python", fake, "--cache-dir",
                       cache, "--json")
    doc, res = results_of(out)
    check(doc is not None and doc["in_place"] and doc["interpreter"]["origin"] == "the environment",
          "a free-threaded environment is tested in place (%s)" % err[-300:])
    g = res.get("gilquiet", {})
    check(g.get("result") == "gil-reenabled" and g.get("module") == "gilquiet",
          "sys._is_gil_enabled() after the import reports the GIL back on: %s" % g)
    check(res.get("calmpkg", {}).get("result") == "passed" and
          res.get("calmpkg", {}).get("version") == "2.0", "in place: passed, the installed version")
    check(not os.path.exists(os.path.join(cache, "venvs")), "in place: no scratch venv")
    rc, out, err = run(env, "test", "notthere", "--python", fake, "--cache-dir", cache, "--json")
    doc, res = results_of(out)
    check(rc == 1 and res.get("notthere", {}).get("result") == "install-failed" and
          "not installed" in res["notthere"]["detail"], "in place: a package not installed")
    return fakedir


def discovery(root, env, site, fakedir):
    # None anywhere: the message says how to get one, exit 3.
    bare = dict(env, PATH=os.path.join(root, "empty-bin"), HOME=os.path.join(root, "nohome"))
    bare.pop("PYENV_ROOT", None)
    bare.pop("XDG_DATA_HOME", None)
    bare.pop("UV_PYTHON_INSTALL_DIR", None)
    rc, out, err = run(bare, "test", "okpkg", "--python", PY, "--path", site)
    check(rc == 3 and "no free-threaded Python found" in err and "uv python install" in err and
          "pyenv install" in err and err.count("\n") == 1,
          "no interpreter: one line saying how to get one, exit 3: %r" % err)
    # On PATH; uv's and pyenv's trees; the target's version first.
    home = os.path.join(root, "fakehome")
    binp = os.path.join(root, "fakepath")
    fake_python(os.path.join(binp, "python3.13t"), fakedir)
    fake_python(os.path.join(home, ".pyenv", "versions", "3.14.0t", "bin", "python"), fakedir)
    fake_python(os.path.join(home, ".local", "share", "uv", "python",
                             "cpython-3.14.0+freethreaded-linux-x86_64-gnu", "bin", "python3.14t"),
                fakedir)
    e = dict(bare, PATH=binp + ":/usr/bin:/bin", HOME=home)
    # Only the choice of interpreter is looked at here: a cache directory that cannot
    # be made stops each run at the venv, at once.
    with open(os.path.join(root, "afile"), "w") as f:
        f.write("not a directory\n")
    cache = os.path.join(root, "afile", "cache")
    for target, want in (("3.14t", "/uv/python/cpython-3.14.0"), ("3.13t", binp + "/python3.13t")):
        rc, out, err = run(e, "-v", "test", "nosuchpkg", "--python", PY, "--path", site,
                           "--target", target, "--cache-dir", cache, "--json")
        doc, res = results_of(out)
        got = doc["interpreter"]["path"] if doc else None
        check(got is not None and want in got, "--target %s picks %s (got %s; %s)"
              % (target, want, got, err[-300:]))
    os.remove(os.path.join(home, ".local", "share", "uv", "python",
                           "cpython-3.14.0+freethreaded-linux-x86_64-gnu", "bin", "python3.14t"))
    rc, out, err = run(e, "test", "nosuchpkg", "--python", PY, "--path", site, "--cache-dir", cache,
                       "--json")
    doc, res = results_of(out)
    check(doc is not None and doc["interpreter"]["origin"] == "pyenv" and
          doc["interpreter"]["path"].endswith("3.14.0t/bin/python"),
          "pyenv's 3.14.0t when uv has none: %s" % (doc and doc["interpreter"]))
    ft = fake_ft(root)[0]
    rc, out, err = run(dict(e, FTPORT_FT_PYTHON=ft), "test", "nosuchpkg", "--python", PY,
                       "--path", site, "--cache-dir", cache, "--json")
    doc, res = results_of(out)
    check(doc is not None and doc["interpreter"]["origin"] == "FTPORT_FT_PYTHON",
          "FTPORT_FT_PYTHON first: %s" % (doc and doc["interpreter"]))
    refused(root, e, site)
    rc, out, err = run(e, "test", "okpkg", "--python", PY, "--path", site, "--ft-python",
                       os.path.join(root, "no", "such", "python"))
    check(rc == 3 and "not an executable file" in err, "--ft-python that does not exist: exit 3")


def refused(root, env, site):
    """A real interpreter with the GIL, named by --ft-python or FTPORT_FT_PYTHON: one
    line saying what to do, exit 3, and nothing recorded (no result, no team state, no
    venv), even in a project whose state already has other results."""
    proj = os.path.join(root, "refused-project")
    os.makedirs(os.path.join(proj, ".ftport"))
    state = os.path.join(proj, ".ftport", "state.json")
    with open(state, "w") as f:
        f.write('{"schema_version": 1, "packages": {}}\n')
    before = open(state, "rb").read()
    cache = os.path.join(root, "cache-refused")
    for how, e, extra in (("--ft-python", env, ["--ft-python", PY]),
                          ("FTPORT_FT_PYTHON", dict(env, FTPORT_FT_PYTHON=PY), [])):
        p = subprocess.run([FTPORT, "test", "six", "--python", PY, "--path", site,
                            "--cache-dir", cache] + extra, env=e, capture_output=True,
                           text=True, timeout=60, cwd=proj)
        lines = p.stderr.splitlines()
        check(p.returncode == 3 and len(lines) == 1 and how in lines[0] and
              "built with the GIL" in lines[0] and "nothing was tested" in lines[0] and
              "python3.14t" in lines[0] and p.stdout == "",
              "%s naming a GIL build: one line, exit 3: %d %r" % (how, p.returncode, p.stderr))
        check(open(state, "rb").read() == before and
              not os.path.exists(os.path.join(cache, "tests")) and
              not os.path.exists(os.path.join(cache, "venvs")),
              "%s naming a GIL build: nothing recorded (state, results, venvs): %s" %
              (how, os.listdir(cache) if os.path.isdir(cache) else None))


def usage(env):
    for args, what in ((["test"], "packages"), (["test", "x", "--timeout", "0"], "--timeout"),
                       (["test", "x", "--format", "csv"], "--format")):
        rc, out, err = run(env, *args)
        check(rc == 2 and what in err, "usage: %s -> exit 2 (%r)" % (" ".join(args), err))


def body(root, env):
    global CWD
    CWD = os.path.join(root, "project")
    os.makedirs(CWD)
    for k in ("FTPORT_FT_PYTHON", "PYTHON_GIL", "PIP_INDEX_URL"):
        env.pop(k, None)
    wheels, site = build(root)
    idx = ftlib.FakeIndex("--wheel-dir", wheels)
    usage(env)
    kinds(root, env, idx, site, fake_ft(root)[0], "fake-ft")
    no_shell(root, env, idx, site)
    secrets(root, env, idx, site)
    approval(root, env, idx, site)
    all_blocking(root, env, idx, site)
    interrupt(root, env, idx, site)
    fakedir = in_place(root, env)
    discovery(root, env, site, fakedir)


if __name__ == "__main__":
    sys.exit(ftlib.main("gil", body))
