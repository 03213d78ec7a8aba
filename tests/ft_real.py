#!/usr/bin/env python3
"""ft_real.py: `ftport test`, `check`, `export`, `draft` and the TUI's `t` against a real
free-threaded CPython (FTPORT_FT_PYTHON, else the one tests/ftpython-build.sh built and
stamped in ~/.cache/ftport-ci). Without one every case is skipped, and the log says how
many (exit 77: automake's SKIP; tests/summary.sh counts them).

The C extensions are real and built here, for that interpreter, with Debian's setuptools
(python3-setuptools-whl, offline): MarkupSafe 2.1.5 from Debian trixie's markupsafe
source package (checked by tests/debian-orig.sh, cached outside the tree), which declares
nothing, so importing it turns the GIL back on; and four written here: one declaring
Py_MOD_GIL_NOT_USED (passed), one whose init raises (import-failed), one that
dereferences NULL (crashed, a real SIGSEGV), one that never returns (timeout). They are
served as wheels by tests/fakeindex.py and installed by the interpreter's own pip."""

import os
import shutil
import subprocess
import sys
import tarfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import check  # noqa: E402
from gil_test import results_of, stored_all  # noqa: E402

FTPORT = ftlib.FTPORT
PY = os.path.realpath(sys.executable)
SETUPTOOLS_WHEELS = "/usr/share/python-wheels"
TIMEOUT = 15        # --timeout: the hanging extension is killed after this

# The cases below, counted when they are skipped.
CASES = ("interpreter", "build", "results", "venv-abi", "check", "check-other-abi",
         "check-other-version", "export", "draft", "tui", "index-down", "index-500",
         "not-on-index", "no-wheel", "package-failed")

EXT_INIT = {
    # Multi-phase init with the Py_mod_gil slot: the GIL stays off.
    "ftfree": r"""
static PyModuleDef_Slot slots[] = {
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
    {0, NULL}
};
static struct PyModuleDef def = { PyModuleDef_HEAD_INIT, "_ftfree", NULL, 0, NULL, slots };
PyMODINIT_FUNC PyInit__ftfree(void) { return PyModuleDef_Init(&def); }
""",
    # Its init fails the way a missing system library makes it fail.
    "ftraise": r"""
PyMODINIT_FUNC PyInit__ftraise(void)
{
    PyErr_SetString(PyExc_ImportError, "_ftraise: libftmissing.so.1 cannot be loaded");
    return NULL;
}
""",
    # A NULL the compiler cannot see (no trap instruction): a real SIGSEGV.
    "ftsegv": r"""
#include <stdlib.h>
PyMODINIT_FUNC PyInit__ftsegv(void)
{
    volatile int *p = (volatile int *)getenv("FTPORT_TEST_NEVER_SET");
    *p = 1;
    return NULL;
}
""",
    # Never returns.
    "fthang": r"""
#include <unistd.h>
PyMODINIT_FUNC PyInit__fthang(void)
{
    for (;;)
        sleep(60);
}
""",
}

EXPECT = {"markupsafe": "gil-reenabled", "ftfree": "passed", "ftraise": "import-failed",
          "ftsegv": "crashed", "fthang": "timeout"}


def interpreter():
    """(path, where it came from), or (None, why not)."""
    named = os.environ.get("FTPORT_FT_PYTHON")
    if named:
        return named, "FTPORT_FT_PYTHON"
    cache = os.environ.get("FTPORT_FTPY_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "ftport-ci")
    stamp = os.path.join(cache, "python3.13-t.path")
    try:
        with open(stamp) as f:
            path = f.read().strip()
    except OSError:
        return None, "no %s" % stamp
    if not os.access(path, os.X_OK):
        return None, "%s names %s, which is gone" % (stamp, path)
    return path, stamp


def run(env, cwd, *args, timeout=600):
    p = subprocess.run([FTPORT] + list(args), env=env, capture_output=True, text=True,
                       timeout=timeout, cwd=cwd, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def ask(ft, code):
    return subprocess.run([ft, "-c", code], capture_output=True, text=True,
                          timeout=120).stdout.strip()


def setuptools_run(ft, srcdir, env):
    """setup.py build_ext --inplace with Debian's setuptools wheel on the path (no venv,
    no network; bdist_wheel is not used: Debian's patched setuptools wants Debian's
    distutils there)."""
    wheels = [os.path.join(SETUPTOOLS_WHEELS, n) for n in os.listdir(SETUPTOOLS_WHEELS)
              if n.startswith("setuptools-")] if os.path.isdir(SETUPTOOLS_WHEELS) else []
    if not wheels:
        raise RuntimeError("no setuptools wheel in %s (python3-setuptools-whl, "
                           "tests/deps-apt.txt)" % SETUPTOOLS_WHEELS)
    e = dict(env, PYTHONPATH=sorted(wheels)[-1])
    p = subprocess.run([ft, "-c", "import setuptools, runpy, sys; "
                        "sys.argv = ['setup.py', '-q', 'build_ext', '--inplace']; "
                        "runpy.run_path('setup.py', run_name='__main__')"],
                       cwd=srcdir, env=e, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError("building in %s failed: %s" % (srcdir, p.stderr[-800:]))


def wheel_from_tree(outdir, name, version, pkgdir, tag):
    """The package directory's .py and extension files as a wheel (zipfile)."""
    files = {}
    for dirpath, _, names in os.walk(pkgdir):
        for n in names:
            if n.endswith(".py") or n.endswith(".so"):
                full = os.path.join(dirpath, n)
                rel = os.path.relpath(full, os.path.dirname(pkgdir))
                with open(full, "rb") as f:
                    data = f.read()
                files[rel] = data if n.endswith(".so") else data.decode()
    return ftlib.make_wheel(outdir, name, version, files, tag=tag)


def build(root, ft, env):
    """The wheels, for ft: MarkupSafe 2.1.5 from Debian's source, and the four here."""
    ver = ask(ft, "import sys; print('%d%d' % sys.version_info[:2])")
    plat = ask(ft, "import sysconfig; print(sysconfig.get_platform())").replace("-", "_")
    tag = "cp%s-cp%st-%s" % (ver, ver, plat.replace(".", "_"))
    wheels = os.path.join(root, "wheels")

    p = subprocess.run([os.path.join(ftlib.HERE, "debian-orig.sh"), "markupsafe"],
                       capture_output=True, text=True, timeout=600)
    orig = p.stdout.strip()
    if p.returncode != 0 or not orig.endswith("markupsafe_2.1.5.orig.tar.gz"):
        raise RuntimeError("tests/debian-orig.sh markupsafe (trixie's 2.1.5): %s %s"
                           % (orig, p.stderr[-400:]))
    src = os.path.join(root, "src")
    with tarfile.open(orig) as t:
        if hasattr(tarfile, "data_filter"):
            t.extractall(src, filter="data")
        else:
            t.extractall(src)
    ms = os.path.join(src, "MarkupSafe-2.1.5")
    setuptools_run(ft, ms, env)
    wheel_from_tree(wheels, "MarkupSafe", "2.1.5", os.path.join(ms, "src", "markupsafe"), tag)

    own = os.path.join(src, "own")
    exts = []
    for name, init in EXT_INIT.items():
        d = os.path.join(own, name)
        os.makedirs(d)
        with open(os.path.join(d, "__init__.py"), "w") as f:
            f.write("from . import _%s\n" % name)
        with open(os.path.join(d, "_%s.c" % name), "w") as f:
            f.write("#include <Python.h>\n" + init)
        exts.append("Extension('%s._%s', ['%s/_%s.c'])" % (name, name, name, name))
    with open(os.path.join(own, "setup.py"), "w") as f:
        f.write("from setuptools import setup, Extension\n"
                "setup(name='ftown', version='1.0', ext_modules=[%s])\n" % ", ".join(exts))
    setuptools_run(ft, own, env)
    for name in EXT_INIT:
        wheel_from_tree(wheels, name, "1.0", os.path.join(own, name), tag)
    return wheels, tag


def site_of(root):
    """The environment being ported: the same packages installed, compiled."""
    site = os.path.join(root, "site")
    ftlib.make_dist(site, "MarkupSafe", "2.1.5", kind="compiled")
    for name in EXT_INIT:
        ftlib.make_dist(site, name, "1.0", kind="compiled")
    return site


def table_rows(out):
    """check's table: the words of each row by lowercased package name."""
    rows = {}
    for line in out.splitlines()[1:]:
        if not line.strip():
            break
        rows[line.split()[0].lower()] = line.split()
    return rows


def body(root, env):
    ft, origin = interpreter()
    for k in ("FTPORT_FT_PYTHON", "PYTHON_GIL", "PIP_INDEX_URL", "PIP_FIND_LINKS", "TMUX"):
        env.pop(k, None)
    gil = ask(ft, "import sys, sysconfig; print(sysconfig.get_config_var('Py_GIL_DISABLED'), "
              "sys._is_gil_enabled(), sys.version.split()[0])").split()
    if not check(gil[:2] == ["1", "False"], "interpreter: %s (%s) is free-threaded with the "
                 "GIL off: %s" % (ft, origin, gil)):
        return
    print("interpreter: %s (CPython %s, from %s)" % (ft, gil[2], origin))
    abi = "cp%st" % "".join(gil[2].split(".")[:2])

    t0 = time.monotonic()
    wheels, tag = build(root, ft, env)
    built = time.monotonic()
    names = sorted(os.listdir(wheels))
    # For pip's failures: only a CPython 3.11 wheel; a wheel that needs a project the
    # index does not have (pip finds nothing for the dependency: the package's fault).
    ftlib.make_wheel(wheels, "cponly", "1.0", {"cponly/__init__.py": ""},
                     tag="cp311-cp311-manylinux_2_17_x86_64")
    ftlib.make_wheel(wheels, "needsghost", "1.0", {"needsghost/__init__.py": ""},
                     requires=["ghostdep>=1"])
    check(len(names) == 5 and all(tag in n for n in names),
          "build: five wheels for %s: %s (%.0f s)" % (tag, names, time.monotonic() - t0))
    idx = ftlib.FakeIndex("--wheel-dir", wheels)
    site = site_of(root)
    proj = os.path.join(root, "project")
    os.makedirs(proj)
    cache = os.path.join(root, "cache")
    base = ["--python", PY, "--path", site, "--index-url", idx.url, "--cache-dir", cache]

    # ftport test: every kind of result a real interpreter gives.
    rc, out, err = run(env, proj, "test", *EXPECT, *base, "--ft-python", ft, "--timeout",
                       str(TIMEOUT), "--json")
    doc, res = results_of(out)
    for name, want in EXPECT.items():
        r = res.get(name.lower(), {})
        check(r.get("result") == want, "results: %s is %s (got %s: %s; %s)" % (
            name, want, r.get("result"), r.get("detail"), err[-300:]))
    check(res.get("markupsafe", {}).get("module") == "markupsafe._speedups" and
          res.get("markupsafe", {}).get("version") == "2.1.5",
          "results: MarkupSafe 2.1.5 turns the GIL back on in markupsafe._speedups")
    check("_ftraise: libftmissing.so.1 cannot be loaded" in
          (res.get("ftraise", {}).get("detail") or ""), "results: the extension's ImportError")
    check(res.get("ftsegv", {}).get("signal") == "SIGSEGV" and
          res.get("ftsegv", {}).get("module") == "ftsegv", "results: a real SIGSEGV, named")
    check((res.get("fthang", {}).get("seconds") or 0) >= TIMEOUT,
          "results: the hanging import is killed at --timeout")
    check(rc == 1 and doc is not None and doc["interpreter"]["free_threaded"] and
          doc["interpreter"]["abi"] == abi and doc["interpreter"]["path"] == ft,
          "results: exit 1, the interpreter in the JSON: %s" % (doc and doc["interpreter"]))

    # The venv is named after the interpreter's ABI; the target (3.14t by default) that
    # differs is said once.
    venvs = os.listdir(os.path.join(cache, "venvs"))
    check(venvs and all(v.startswith(abi + "-") for v in venvs),
          "venv-abi: the scratch venv is named after %s: %s" % (abi, venvs))
    check(err.count("is %s, not the target cp314t" % abi) == 1,
          "venv-abi: testing 3.14t with %s says so once: %r" % (abi, err[-500:]))
    rc, out, err = run(env, proj, "test", "ftfree", *base, "--ft-python", ft, "--target",
                       "3.13t")
    check(rc == 0 and "not the target" not in err and os.listdir(os.path.join(cache, "venvs"))
          == venvs and "passed" in out, "venv-abi: --target 3.13t: the same venv, no "
          "warning: %r %r" % (out[-300:], err[-300:]))

    # check: the results override the wheel verdict (every wheel here says ready) and
    # count as blocking, beside it in the TEST column; a timeout is shown, not counted.
    chk = base + ["--target", "3.13t", "--platform", "linux-x86_64"]
    rc, out, err = run(env, proj, "check", *chk, "--fail-on", "blocked")
    rows = table_rows(out)
    for name, status, test in (
            ("markupsafe", "gil-reenabled", "gil-reenabled (markupsafe._speedups)"),
            ("ftsegv", "crashed", "crashed (SIGSEGV)"),
            ("ftraise", "import-failed", "import-failed"),
            ("fthang", "ready", "timeout"), ("ftfree", "ready", "passed")):
        r = rows.get(name, [])
        check(r[2:3] == [status] and test in " ".join(r[3:]),
              "check: %s is %s, the test %s: %r" % (name, status, test, r))
    check(rc == 1 and "5 packages: 2 ready, 1 gil-reenabled, 1 import-failed, 1 crashed." in
          out, "check --fail-on blocked: exit 1, the counts take the results: %d %r"
          % (rc, out[-400:]))
    # The same results for 3.14t: another ABI's, shown as such, never as current.
    rc, out, err = run(env, proj, "check", *base, "--platform", "linux-x86_64")
    rows = table_rows(out)
    check(rows.get("markupsafe", [])[2:3] == ["other-abi"] and
          "gil-reenabled (markupsafe._speedups) on cp313t" in " ".join(rows.get("markupsafe")),
          "check --target 3.14t: the cp313t result as another ABI's: %r" % rows.get("markupsafe"))
    # Another project, through the same cache, with MarkupSafe 3.0.2 installed: the result
    # for 2.1.5 is not 3.0.2's.
    site2 = os.path.join(root, "site2")
    ftlib.make_dist(site2, "MarkupSafe", "3.0.2", kind="compiled")
    proj2 = os.path.join(root, "project2")
    os.makedirs(proj2)
    rc, out, err = run(env, proj2, "check", "--python", PY, "--path", site2, "--index-url",
                       idx.url, "--cache-dir", cache, "--target", "3.13t", "--platform",
                       "linux-x86_64")
    r = table_rows(out).get("markupsafe", [])
    check(r[1:2] == ["3.0.2"] and r[2:3] != ["gil-reenabled"] and
          "gil-reenabled (markupsafe._speedups) on 2.1.5" in " ".join(r),
          "check on MarkupSafe 3.0.2: 2.1.5's result shown as 2.1.5's, not current: %r" % r)

    # export: the checklist carries the results; draft: the result and its detail.
    md = os.path.join(root, "PORTING.md")
    rc, out, err = run(env, proj, "export", *chk, "-o", md)
    text = open(md, encoding="utf-8").read() if os.path.exists(md) else ""
    blockers = text.split("## Blockers", 1)[-1].split("\n## ", 1)[0]
    ready = text.split("## Ready", 1)[-1]
    check(rc == 0 and "gil-reenabled by markupsafe.\\_speedups" in blockers and
          "crashed (SIGSEGV) importing ftsegv" in blockers and "import-failed (ftraise)" in
          blockers and "**fthang** 1.0 — ready; under PYTHON_GIL=0: timeout" in ready and
          "**ftfree** 1.0 — ready. · test: passed" in ready and
          "1 gil-reenabled, 1 import-failed, 1 crashed. 3 blockers" in text,
          "export: the real results, the failures among the blockers: %d %r %r"
          % (rc, err[-300:], text[-1500:]))
    rc, out, err = run(env, proj, "draft", "markupsafe", *chk, "-o", "-")
    check(rc == 0 and "gil-reenabled" in out and "markupsafe._speedups" in out and
          "CPython %s" % gil[2] in out, "draft: the test result with the interpreter: %d %r"
          % (rc, (out + err)[-600:]))

    tui(root, env, ft, site, idx, proj)
    pip_failures(root, env, ft, idx)
    print("# took %.0f s (building the wheels: %.0f s)" % (time.monotonic() - t0, built - t0))


def pip_failures(root, env, ft, idx):
    """The index down, answering 500, lacking the project; only wheels for another
    interpreter: not results, nothing recorded, said so. A dependency pip cannot find:
    the package's own install-failed, recorded."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed = "http://127.0.0.1:%d/simple/" % s.getsockname()[1]
    s.close()
    proj = os.path.join(root, "project-pipfail")
    os.makedirs(proj)
    state = os.path.join(proj, ".ftport", "state.json")
    cache = os.path.join(root, "cache-pipfail")
    base = ["--python", PY, "--path", os.path.join(root, "site"), "--cache-dir", cache,
            "--target", "3.13t"]
    for case, name, url, reason, words in (
            ("index-down", "ftfree", closed, "index-failed", "Connection refused"),
            ("index-500", "fault-500", idx.url, "index-failed", "could not be reached"),
            ("not-on-index", "ghostpkg", idx.url, "not-on-index", "no project ghostpkg"),
            ("no-wheel", "cponly", idx.url, "no-wheel",
             "no wheel of cponly for cp313t on linux-x86_64")):
        rc, out, err = run(env, proj, "test", name, *base, "--ft-python", ft, "--index-url",
                           url, "--json")
        doc, res = results_of(out)
        nt = doc.get("not_tested", []) if doc else []
        check(rc == 1 and not res and len(nt) == 1 and nt[0]["reason"] == reason and
              words in (nt[0]["detail"] or ""), "%s: %s is %s, not a result: %s %r"
              % (case, name, reason, nt, err[-300:]))
        check(not os.path.exists(state) and
              not stored_all(cache, name),
              "%s: nothing recorded (no team state, no stored result, no log)" % case)
        rc, out, err = run(env, proj, "test", name, *base, "--ft-python", ft, "--index-url",
                           url)
        row = [l for l in out.splitlines() if l.startswith(name)]
        check(row and reason in row[0] and "nothing recorded" in row[0],
              "%s: the table says so: %r" % (case, row))
    rc, out, err = run(env, proj, "test", "needsghost", *base, "--ft-python", ft,
                       "--index-url", idx.url, "--json")
    doc, res = results_of(out)
    r = res.get("needsghost", {})
    check(r.get("result") == "install-failed" and "ghostdep" in (r.get("detail") or "") and
          any(n.endswith(".json") for n in stored_all(cache, "needsghost")),
          "package-failed: a dependency pip cannot find is the package's install-failed, "
          "stored: %s %r" % (r, err[-300:]))


def tui(root, env, ft, site, idx, proj):
    """t in the real TUI (tmux): the real result lands in the tree row."""
    if shutil.which("tmux") is None:
        check(False, "tui: tmux is not installed (tests/deps-apt.txt lists it)")
        return
    sock = "ftport-ft-real-%d" % os.getpid()

    def T(*args):
        return subprocess.run(["tmux", "-L", sock] + list(args), capture_output=True,
                              text=True)

    def wait_screen(text, cap=120.0):
        end = time.monotonic() + cap
        while time.monotonic() < end:
            if text in T("capture-pane", "-p", "-t", "ft").stdout:
                return True
            time.sleep(0.1)
        return False

    def search(name):
        T("send-keys", "-t", "ft", "/")
        T("send-keys", "-t", "ft", "-l", name)
        T("send-keys", "-t", "ft", "Enter")

    cmd = ["env"] + ["%s=%s" % kv for kv in sorted(env.items()) if kv[0] in
                     ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "PIP_CONFIG_FILE",
                      "FTPORT_DATA_DIR", "LC_ALL", "PATH")]
    cmd += ["TERM=xterm", FTPORT, "--python", PY, "--path", site, "--ft-python", ft,
            "--index-url", idx.url, "--cache-dir", os.path.join(root, "cache-tui"),
            "--timeout", str(TIMEOUT), "--target", "3.13t", "--platform", "linux-x86_64"]
    try:
        T("new-session", "-d", "-s", "ft", "-x", "150", "-y", "45", "-c", proj, *cmd)
        T("set-option", "-t", "ft", "remain-on-exit", "on")
        check(wait_screen("ftsegv", 60), "tui: the TUI starts")
        search("markupsafe")
        T("send-keys", "-t", "ft", "t")
        check(wait_screen("gil-reenabled ● [gil-reenabled (markupsafe._speedups)]"),
              "tui: t on MarkupSafe: gil-reenabled, its status and in its row: %r"
              % T("capture-pane", "-p", "-t", "ft").stdout)
        search("ftsegv")
        T("send-keys", "-t", "ft", "t")
        check(wait_screen("crashed ● [crashed (SIGSEGV)]"), "tui: t on ftsegv: crashed in its row")
        check(wait_screen("1 gil-reenabled", 10) and wait_screen("1 crashed", 10),
              "tui: the counts take the results")
        T("send-keys", "-t", "ft", "Enter")
        check(wait_screen("Test: crashed (SIGSEGV) importing ftsegv", 30),
              "tui: the detail pane names the signal: %r" % T("capture-pane", "-p", "-t",
                                                              "ft").stdout)
        T("send-keys", "-t", "ft", "Enter")
        T("send-keys", "-t", "ft", "q")
    finally:
        T("kill-server")


if __name__ == "__main__":
    if interpreter()[0] is None:
        print("# skipped: %d cases (a real free-threaded CPython is needed: %s; "
              "tests/ftpython-build.sh builds one, FTPORT_FT_PYTHON names one)"
              % (len(CASES), interpreter()[1]))
        sys.exit(77)
    sys.exit(ftlib.main("ft-real", body))
