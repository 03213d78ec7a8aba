#!/usr/bin/env python3
# scan.py: the source scan's core end to end (tests/scanprobe: clone or fetch with
# libgit2, then the scan) on bare repositories built here with the git CLI: every
# declaration form with its path and line, tags before and after support (the commit
# that brought it), a repository with none, an empty one, a corrupt one, a damaged
# clone in the cache; cloned over file://, a plain path and HTTP (git http-backend,
# tests/githttp.py); the result cache; the size guard; timeouts against a server that
# never answers and one that trickles; failures as one line, never a hang. Then the
# command line: ftport upstream --scan (text, JSON, --max-repo-mb, --scan-timeout,
# --offline, its progress line on a terminal), check --upstream, usage errors.
"""Needs FTPORT (the binary; scanprobe is built beside it under tests/) and SRCDIR."""

import hashlib
import json
import os
import pty
import random
import re
import select
import shutil
import socket
import struct
import subprocess
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, check  # noqa: E402
from githttp import GitHttp  # noqa: E402

PROBE = os.path.join(os.path.dirname(FTPORT or "."), "tests", "scanprobe")
CAP = 120   # seconds: a run that takes longer than this is a hang

GITENV = {}


def git(*args, cwd=None, input_text=None):
    out = subprocess.run(["git"] + list(args), cwd=cwd, env=GITENV, check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         input=input_text.encode() if input_text is not None else None)
    return out.stdout.decode().strip()


def write(work, path, text, mode="w"):
    p = os.path.join(work, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, mode) as f:
        f.write(text)


def commit(work, msg, tag=None, annotated=False):
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", msg, cwd=work)
    if tag and annotated:
        git("tag", "-a", "-m", "release " + tag, tag, cwd=work)
    elif tag:
        git("tag", tag, cwd=work)
    return git("rev-parse", "HEAD", cwd=work)


# Where each form is declared at the second commit: (kind, path, line).
FORMS = [
    ("Py_mod_gil", "src/mod.c", 4),
    ("PyUnstable_Module_SetGIL", "src/setgil.c", 3),
    ("cython", "pkg/_fast.pyx", 1),
    ("cython", "setup.py", 2),
    ("pyo3", "rust/src/lib.rs", 2),
    ("pybind11", "cpp/bind.cpp", 2),
    ("nanobind", "nb/CMakeLists.txt", 3),
    ("f2py", "f2py/meson.build", 1),
    ("cibuildwheel", "pyproject.toml", 4),
    ("classifier", "pyproject.toml", 6),
    ("ci-matrix", ".github/workflows/ci.yml", 4),
]


def make_forms(root):
    """forms.git: v1.0.0 and foo-v1.5.0 before support, 2.0.0 after; returns the
    commit that brought it."""
    work = os.path.join(root, "forms-work")
    git("init", "-q", "-b", "main", work)
    write(work, "src/mod.c", "#include <Python.h>\nstatic PyModuleDef_Slot slots[] = {\n"
          "    {Py_mod_exec, exec},\n    {0, NULL}\n};\n")
    write(work, "README.md", "Declare {Py_mod_gil, Py_MOD_GIL_NOT_USED} one day.\n")
    write(work, "blob.c", b"\x00\x01binary\nPy_MOD_GIL_NOT_USED\n", "wb")
    write(work, "big.c", "/* Py_MOD_GIL_NOT_USED */\n" + "x" * (1024 * 1024 + 10) + "\n")
    commit(work, "Initial import", "v1.0.0", annotated=True)
    git("tag", "foo-v1.5.0", cwd=work)
    write(work, "src/mod.c", "#include <Python.h>\nstatic PyModuleDef_Slot slots[] = {\n"
          "    {Py_mod_exec, exec},\n    {Py_mod_gil, Py_MOD_GIL_NOT_USED},\n"
          "    {0, NULL}\n};\n")
    write(work, "src/setgil.c", "#ifdef Py_GIL_DISABLED\n/* single-phase */\n"
          "    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);\n#endif\n")
    write(work, "pkg/_fast.pyx", "# cython: freethreading_compatible=True\ncdef int x\n")
    write(work, "setup.py", "from Cython.Build import cythonize\n"
          "ext = cythonize('pkg/*.pyx', compiler_directives={'freethreading_compatible': True})\n")
    write(work, "rust/src/lib.rs", "use pyo3::prelude::*;\n#[pymodule(gil_used = false)]\n"
          "fn m(_py: Python, _m: &Bound<PyModule>) -> PyResult<()> { Ok(()) }\n")
    write(work, "cpp/bind.cpp", "#include <pybind11/pybind11.h>\n"
          "PYBIND11_MODULE(m, mod, py::mod_gil_not_used()) {\n}\n")
    write(work, "nb/CMakeLists.txt", "nanobind_add_module(\n  _nb\n  FREE_THREADED\n  nb.cpp)\n")
    write(work, "f2py/meson.build", "f2py_args = ['--freethreading-compatible']\n")
    write(work, "pyproject.toml", "[project]\nname = 'foo'\n"
          "[tool.cibuildwheel]\nbuild = 'cp313t-* cp314t-*'\nclassifiers = [\n"
          "  'Programming Language :: Python :: Free Threading :: 2 - Beta',\n]\n")
    write(work, ".github/workflows/ci.yml", "jobs:\n  test:\n    strategy:\n"
          "      matrix: {python-version: ['3.13', '3.14t']}\n")
    intro = commit(work, "Declare free-threading support")
    write(work, "README.md", "Now free-threaded.\n")
    commit(work, "Unrelated change", "2.0.0", annotated=True)
    write(work, "CHANGES.md", "nothing yet\n")
    commit(work, "More docs")
    git("clone", "-q", "--bare", work, os.path.join(root, "srv", "forms.git"))
    return work, intro


SLOT_C = ("#include <Python.h>\nstatic PyModuleDef_Slot slots[] = {\n"
          "    {Py_mod_exec, exec},\n    {Py_mod_gil, Py_MOD_GIL_NOT_USED},\n"
          "    {0, NULL}\n};\n")


def make_shapes(root):
    """shapes.git, in the shapes that real projects have (psutil, MarkupSafe, PyYAML):
    v1.0 and 1.0.1 without support; support merged from a branch (the merge is the
    commit on the first-parent line that brought it); a pre-release shapes-1.1rc1 with
    it; release-1.1 with it; the declaration moved to another file by a refactor;
    shapes-1.2 and v1.10 after; later commits. Returns (merge commit, refactor commit)."""
    work = os.path.join(root, "shapes-work")
    git("init", "-q", "-b", "main", work)
    write(work, "src/mod.c", "#include <Python.h>\n/* no slots yet */\n")
    commit(work, "Initial import", "v1.0")
    git("tag", "dec-11", cwd=work)       # not a release
    write(work, "README.md", "docs\n")
    commit(work, "Docs", "1.0.1")
    git("checkout", "-q", "-b", "ft", cwd=work)
    write(work, "src/mod.c", SLOT_C)
    commit(work, "Declare free-threading support in the slot table")
    git("checkout", "-q", "main", cwd=work)
    write(work, "CHANGES.md", "1.1: unreleased\n")
    commit(work, "Changelog on main")
    git("merge", "-q", "--no-ff", "-m", "Merge branch 'ft'", "ft", cwd=work)
    merge = git("rev-parse", "HEAD", cwd=work)
    git("tag", "shapes-1.1rc1", cwd=work)
    write(work, "CHANGES.md", "1.1: released\n")
    commit(work, "Release 1.1", "release-1.1")
    # The refactor that moved the declaration: the file that holds it at head is not
    # the one that brought it.
    os.remove(os.path.join(work, "src", "mod.c"))
    write(work, "src/module/slots.c", SLOT_C)
    refactor = commit(work, "Refactor: the slot table in its own file", "shapes-1.2")
    write(work, "README.md", "more docs\n")
    commit(work, "Docs again", "v1.10")
    write(work, "README.md", "even more docs\n")
    commit(work, "Merge-free later work")
    git("clone", "-q", "--bare", work, os.path.join(root, "srv", "shapes.git"))
    return merge, refactor


def make_later(root):
    """later.git: v1.0, 1.1 and 1.2rc1 without support, support merged after them."""
    work = os.path.join(root, "later-work")
    git("init", "-q", "-b", "main", work)
    write(work, "src/mod.c", "#include <Python.h>\n")
    commit(work, "Initial", "v1.0")
    write(work, "README.md", "x\n")
    commit(work, "Docs", "1.1")
    write(work, "README.md", "y\n")
    commit(work, "Docs", "1.2rc1")
    write(work, "src/mod.c", SLOT_C)
    intro = commit(work, "Declare support")
    write(work, "README.md", "z\n")
    commit(work, "Later")
    git("clone", "-q", "--bare", work, os.path.join(root, "srv", "later.git"))
    return intro


def make_optout(root):
    """optout.git: orjson's shape, a Rust slot table that says the GIL is needed (and
    an import that only names the value)."""
    work = os.path.join(root, "optout-work")
    git("init", "-q", "-b", "main", work)
    write(work, "src/ffi/mod.rs", "pub(crate) use pyo3_ffi::{Py_MOD_GIL_USED, Py_mod_gil};\n")
    write(work, "src/lib.rs", "static SLOTS: [PyModuleDef_Slot; 2] = [\n"
          "    PyModuleDef_Slot {\n        slot: crate::ffi::Py_mod_gil,\n"
          "        value: crate::ffi::Py_MOD_GIL_USED,\n    },\n];\n")
    write(work, ".github/workflows/ci.yml", "python-version: ['3.13']\n")
    commit(work, "Module specifies Py_MOD_GIL_USED", "1.0")
    git("clone", "-q", "--bare", work, os.path.join(root, "srv", "optout.git"))


def shapes(root, srv, merge, refactor, later_intro):
    """Every answer names the right release and commit."""
    cache = os.path.join(root, "cache-shapes")
    url = "file://" + os.path.join(srv, "shapes.git")
    for version, state, tag in (("1.0", "released-later", "release-1.1"),
                                ("1.0.1", "released-later", "release-1.1"),
                                ("0.9", "released-later", "release-1.1"),
                                ("1.1", "released", "release-1.1"),
                                ("1.2", "released", "shapes-1.2")):
        rc, res, err = probe(cache, url, "-n", "shapes", "-v", version)
        check(rc == 0 and res and res["state"] == state, "shapes %s: %s: %r" %
              (version, state, (err, res and res["state"])))
        if not res:
            continue
        if state == "released":
            check(res["tag"] == tag, "shapes %s: its tag %s: %r" % (version, tag, res["tag"]))
            continue
        check(res["released_in"] and res["released_in"]["tag"] == tag and
              res["released_in"]["version"] == "1.1",
              "shapes %s: released in 1.1 (tag %s; not the pre-release shapes-1.1rc1): %r"
              % (version, tag, res["released_in"]))
        check(res["summary"] == 'support released in 1.1 (upgrade: pip install '
              '"shapes>=1.1")', "shapes %s: summary: %r" % (version, res["summary"]))
        check(res["latest_release"] and res["latest_release"]["tag"] == "v1.10",
              "the latest release in PEP 440 order is v1.10, not shapes-1.2: %r"
              % res["latest_release"])
        check(res["introduced"] and res["introduced"]["commit"] == merge and
              res["introduced"]["commit"] != refactor,
              "shapes %s: brought by the merge on the first-parent line, not the refactor "
              "that moved it: %r" % (version, res["introduced"]))
        check(("Py_mod_gil", "src/module/slots.c", 4) in kinds_at(res),
              "shapes: found where it is at head: %r" % kinds_at(res))

    url = "file://" + os.path.join(srv, "later.git")
    rc, res, err = probe(cache, url, "-n", "later", "-v", "1.0")
    check(rc == 0 and res and res["state"] == "unreleased" and res["released_in"] is None,
          "later: not in any release: %r" % ((err, res and res["state"]), ))
    check(res and res["summary"] == "support merged after the latest release 1.1, not yet "
          "released (%s Declare support, 2026-05-01)" % later_intro[:7],
          "later: named after the latest release (1.2rc1 is a pre-release): %r"
          % (res and res["summary"]))

    url = "file://" + os.path.join(srv, "optout.git")
    rc, res, err = probe(cache, url, "-n", "optout", "-v", "1.0")
    check(rc == 0 and res and res["state"] == "gil-used" and
          kinds_at(res) == [("Py_mod_gil-used", "src/lib.rs", 4)],
          "opt-out: the slot, with path and line, not the import: %r"
          % ((err, res and (res["state"], kinds_at(res))), ))
    check(res and res["summary"] == "upstream declares it needs the GIL (src/lib.rs:4)",
          "opt-out summary: %r" % (res and res["summary"]))


def make_none(root):
    work = os.path.join(root, "none-work")
    git("init", "-q", "-b", "trunk", work)
    write(work, "src/m.c", "PyMODINIT_FUNC PyInit_m(void) { return NULL; }\n")
    write(work, "pyproject.toml", "[tool.cibuildwheel]\nskip = 'cp313t-*'\n")
    commit(work, "Initial", "v0.1")
    git("clone", "-q", "--bare", work, os.path.join(root, "srv", "none.git"))


def make_corrupt(root, forms_work):
    """A copy of forms' objects, loose, with one blob's object file garbled."""
    dst = os.path.join(root, "srv", "corrupt.git")
    git("clone", "-q", "--bare", "--no-hardlinks", forms_work, dst)
    blob = git("rev-parse", "HEAD:src/mod.c", cwd=forms_work)
    obj = os.path.join(dst, "objects", blob[:2], blob[2:])
    os.chmod(obj, 0o644)
    with open(obj, "wb") as f:
        f.write(b"this is not zlib data at all")


def make_big(root):
    """3 MB of incompressible bytes: over a 1 MB size guard."""
    work = os.path.join(root, "big-work")
    git("init", "-q", "-b", "main", work)
    rnd = random.Random(8)
    write(work, "data.bin", bytes(rnd.getrandbits(8) for _ in range(3 * 1024 * 1024)), "wb")
    commit(work, "Data")
    git("clone", "-q", "--bare", work, os.path.join(root, "srv", "big.git"))


def loose_object(gitdir, kind, chunks):
    """Writes a loose object of kind from chunks (bytes, streamed: a blob of hundreds
    of MB costs no memory here). Returns its id."""
    size = sum(len(c) for c in chunks())
    h = hashlib.sha1(b"%s %d\0" % (kind, size))
    for c in chunks():
        h.update(c)
    oid = h.hexdigest()
    d = os.path.join(gitdir, "objects", oid[:2])
    os.makedirs(d, exist_ok=True)
    z = zlib.compressobj(1)
    with open(os.path.join(d, oid[2:]), "wb") as f:
        f.write(z.compress(b"%s %d\0" % (kind, size)))
        for c in chunks():
            f.write(z.compress(c))
        f.write(z.flush())
    return oid


def make_deep(srv, depth, name="deep", declared_on_top=False):
    """NAME.git: one commit whose setup.py is under depth nested directories, written as
    a pack here (git fast-import itself overflows its stack on such a path); with
    declared_on_top, a second commit replaces the tree with a pyproject.toml that
    declares support (the deep tree is then in the history only)."""
    gitdir = os.path.join(srv, name + ".git")
    git("init", "-q", "--bare", gitdir)
    objs = []

    def add(kind, body):
        objs.append((kind, body))
        return hashlib.sha1(b"%s %d\0" % (kind, len(body)) + body).digest()

    tree = add(b"tree", b"100644 setup.py\0" + add(b"blob", b"setup(name='deep')\n"))
    for _ in range(depth):
        tree = add(b"tree", b"40000 d\0" + tree)
    head = add(b"commit", b"tree %s\nauthor T <t@e> 1700000000 +0000\n"
               b"committer T <t@e> 1700000000 +0000\n\ndeep\n" % tree.hex().encode())
    if declared_on_top:
        top = add(b"tree", b"100644 pyproject.toml\0" +
                  add(b"blob", b"[tool.cibuildwheel]\nbuild = 'cp313t-*'\n"))
        head = add(b"commit", b"tree %s\nparent %s\nauthor T <t@e> 1700000100 +0000\n"
                   b"committer T <t@e> 1700000100 +0000\n\nflat\n" %
                   (top.hex().encode(), head.hex().encode()))
    types = {b"commit": 1, b"tree": 2, b"blob": 3}
    out = [b"PACK", struct.pack(">II", 2, len(objs))]
    for kind, body in objs:
        n, hdr = len(body), bytearray()
        b = (types[kind] << 4) | (n & 0x0f)
        n >>= 4
        while n:
            hdr.append(b | 0x80)
            b, n = n & 0x7f, n >> 7
        hdr.append(b)
        out.append(bytes(hdr) + zlib.compress(body, 1))
    data = b"".join(out)
    pack = os.path.join(gitdir, "objects", "pack", name + ".pack")
    with open(pack, "wb") as f:
        f.write(data + hashlib.sha1(data).digest())
    git("index-pack", pack)
    git("update-ref", "refs/heads/main", head.hex(), cwd=gitdir)
    git("symbolic-ref", "HEAD", "refs/heads/main", cwd=gitdir)
    return gitdir


def make_huge_history(srv, mb):
    """huge.git: pyproject.toml is an mb MB blob (of '#' lines, a few hundred kB
    packed), then a declaration of support; dating the support looks at the old one."""
    gitdir = os.path.join(srv, "huge.git")
    git("init", "-q", "--bare", gitdir)
    line = b"#" * 1023 + b"\n"
    big = loose_object(gitdir, b"blob", lambda: (line for _ in range(mb * 1024)))
    small = loose_object(gitdir, b"blob", lambda: [b"[tool.cibuildwheel]\nbuild = 'cp313t-*'\n"])
    tree1 = git("mktree", cwd=gitdir, input_text="100644 blob %s\tpyproject.toml\n" % big)
    tree2 = git("mktree", cwd=gitdir, input_text="100644 blob %s\tpyproject.toml\n" % small)
    c1 = git("commit-tree", tree1, "-m", "A big file", cwd=gitdir)
    c2 = git("commit-tree", tree2, "-p", c1, "-m", "Declare support", cwd=gitdir)
    git("update-ref", "refs/heads/main", c2, cwd=gitdir)
    git("symbolic-ref", "HEAD", "refs/heads/main", cwd=gitdir)
    return gitdir


def probe_rss(cache, *args):
    """scanprobe: its exit status, stderr and peak resident memory in MB."""
    import tempfile
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen([PROBE, "-c", cache] + list(args), stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return p.returncode, err.read().decode(), usage.ru_maxrss / 1024


def probe(cache, url, *opts, libgit2_leaks=False):
    """libgit2_leaks: the run meets a corrupt object, where libgit2 1.5 leaks: under
    ASan, full stacks so that tests/lsan.supp can tell its leaks from ours."""
    env = None
    if libgit2_leaks and os.environ.get("LSAN_OPTIONS"):
        env = dict(os.environ, LSAN_OPTIONS=os.environ["LSAN_OPTIONS"] +
                   ":fast_unwind_on_malloc=0")
    p = subprocess.run([PROBE, "-c", cache] + list(opts) + [url], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=CAP, env=env)
    out, err = p.stdout.decode(), p.stderr.decode()
    res = None
    if p.returncode == 0:
        j, _, summary = out.rpartition("}\n")
        res = json.loads(j + "}")
        res["summary"] = summary.strip()
    return p.returncode, res, err


def kinds_at(res, key="findings"):
    return sorted((f["kind"], f["path"], f["line"]) for f in res[key])


def one_line_failure(rc, err, what, *words):
    check(rc == 1, "%s: exit 1 (%d)" % (what, rc))
    lines = err.strip().splitlines()
    check(len(lines) == 1 and all(w in err for w in words),
          "%s: one line naming %s: %r" % (what, words, err))


def setup(root, env):
    """git for the fixtures: env (HOME of the run), pinned names and dates. Returns
    the directory the served repositories go in."""
    GITENV.update(env)
    GITENV.update(GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org",
                  GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.org",
                  GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_DATE="2026-05-01T12:00:00Z",
                  GIT_COMMITTER_DATE="2026-05-01T12:00:00Z")
    os.makedirs(env["HOME"], exist_ok=True)
    srv = os.path.join(root, "srv")
    os.makedirs(srv)
    return srv


def body(root, env):
    srv = setup(root, env)
    forms_work, intro = make_forms(root)
    merge, refactor = make_shapes(root)
    later_intro = make_later(root)
    make_optout(root)
    shapes(root, srv, merge, refactor, later_intro)
    make_none(root)
    make_corrupt(root, forms_work)
    make_big(root)
    git("init", "-q", "--bare", os.path.join(srv, "empty.git"))
    cache = os.path.join(root, "cache")
    forms = "file://" + os.path.join(srv, "forms.git")

    # -- every form, over file://, against a tag before support -------------------------
    rc, res, err = probe(cache, forms, "-n", "foo", "-v", "1.0.0")
    check(rc == 0, "file:// clone and scan: %r" % err)
    if res:
        want = sorted(FORMS)
        check(kinds_at(res) == want, "every form with its path and line: %r" % kinds_at(res))
        check(res["state"] == "released-later" and res["tag"] == "v1.0.0" and
              (res["released_in"] or {}).get("tag") == "2.0.0",
              "support after v1.0.0, released in 2.0.0: %s %s %r" % (res["state"], res["tag"],
                                                                     res["released_in"]))
        check(res["tag_findings"] == [], "nothing declared at v1.0.0")
        check(res["introduced"] and res["introduced"]["commit"] == intro and
              res["introduced"]["summary"] == "Declare free-threading support",
              "the commit that brought it: %r" % res["introduced"])
        check(res["summary"] == 'support released in 2.0.0 (upgrade: pip install '
              '"foo>=2.0.0")', "summary: %r" % res["summary"])
        check(res["skipped_binary"] == 1 and res["skipped_large"] == 1,
              "binary and large blobs skipped: %d %d" % (res["skipped_binary"],
                                                         res["skipped_large"]))
        check(res["branch"] == "main" and res["from_cache"] is False, "branch main, scanned")
        clone = [d for d in os.listdir(os.path.join(cache, "git")) if d.endswith(".git")]
        check(len(clone) == 1 and not os.path.exists(os.path.join(cache, "git", clone[0],
                                                                    "src")),
              "one bare clone in the cache, no checkout: %r" % clone)

    # -- the same again: answered from the cache by head and tag commit ----------------
    rc, res2, err = probe(cache, forms, "-n", "foo", "-v", "1.0.0")
    check(rc == 0 and res2 and res2["from_cache"] is True and
          kinds_at(res2) == kinds_at(res or {"findings": []}),
          "unchanged repository: the cached result")

    # -- a plain path; the tag after support --------------------------------------------
    rc, res, err = probe(os.path.join(root, "cache2"), os.path.join(srv, "forms.git"),
                         "-n", "foo", "-v", "2.0.0")
    check(rc == 0 and res and res["state"] == "released" and res["tag"] == "2.0.0" and
          len(res["tag_findings"]) == len(FORMS),
          "plain path, tag 2.0.0 has it: %r" % ((err, res and (res["state"], res["tag"])), ))
    check(res and res["summary"] == "free-threading support declared in 2.0.0 (tag 2.0.0)",
          "released summary: %r" % (res and res["summary"]))

    with_cli(root, env, srv, intro)
    with_http(root, env, srv, forms_work, intro)

    # -- none, empty ---------------------------------------------------------------------
    rc, res, err = probe(cache, "file://" + os.path.join(srv, "none.git"), "-v", "0.1")
    check(rc == 0 and res and res["state"] == "none" and res["findings"] == [] and
          res["branch"] == "trunk" and res["tag"] == "v0.1",
          "no declaration (a skipped cp313t is none): %r" % (res, ))
    check(res and res["summary"] == "no declaration of free-threading support on trunk",
          "none summary: %r" % (res and res["summary"]))
    rc, res, err = probe(cache, "file://" + os.path.join(srv, "empty.git"), "-v", "1.0")
    check(rc == 0 and res and res["state"] == "empty", "empty repository: %r %r" % (res, err))
    # HEAD naming a branch that is not there (a default branch renamed) is no empty
    # repository: said as such, directly and through a clone.
    gone = os.path.join(srv, "gone-head.git")
    git("clone", "-q", "--bare", os.path.join(root, "none-work"), gone)
    git("symbolic-ref", "HEAD", "refs/heads/gone", cwd=gone)
    rc, res, err = probe(cache, "file://" + gone, "-r", gone)
    one_line_failure(rc, err, "HEAD names a missing branch", "HEAD names a branch that "
                     "does not exist")
    rc, res, err = probe(cache, "file://" + gone)
    one_line_failure(rc, err, "HEAD names a missing branch, cloned", "HEAD names a branch "
                     "that does not exist")

    # -- a tree 100,000 directories deep: libgit2's recursion overflowed the stack -------
    deep = make_deep(srv, 100000)
    rc, res, err = probe(cache, "file://" + deep, "-r", deep)
    one_line_failure(rc, err, "a 100,000-deep tree, scanned in place", "deeper than 256")
    rc, res, err = probe(cache, "file://" + deep)
    one_line_failure(rc, err, "a 100,000-deep tree, cloned", "deeper than 256")
    check(not [d for d in os.listdir(os.path.join(cache, "git")) if "deep" in d],
          "a clone whose scan failed is not kept: %s" % os.listdir(os.path.join(cache, "git")))
    # The same depth in the history only: dating the support stops there, no crash.
    hist = make_deep(srv, 100000, "deephist", declared_on_top=True)
    rc, res, err = probe(cache, "file://" + hist, "-r", hist)
    check(rc == 0 and res and res["state"] == "no-tag" and res["findings"],
          "a 100,000-deep tree in the history: the head is scanned (%d): %r" % (rc, err))

    # -- an old pyproject.toml of 256 MB: dating the support reads no blob whole --------
    huge = make_huge_history(srv, 256)
    rc, err, mb = probe_rss(os.path.join(root, "cache-huge"), "-r", huge, "file://" + huge)
    check(rc == 0 and mb < 128, "a huge blob in history is not read (exit %d, %.0f MB "
          "resident): %r" % (rc, mb, err[-300:]))

    # -- failures: one line each ---------------------------------------------------------
    rc, res, err = probe(cache, "file://" + os.path.join(srv, "corrupt.git"),
                         libgit2_leaks=True)
    one_line_failure(rc, err, "corrupt repository", "corrupt.git")
    check(not [d for d in os.listdir(os.path.join(cache, "git")) if "corrupt" in d],
          "a failed clone leaves nothing behind")
    rc, res, err = probe(cache, "file://" + os.path.join(srv, "missing.git"))
    one_line_failure(rc, err, "no such repository", "missing.git")
    rc, res, err = probe(cache, "file://" + os.path.join(srv, "big.git"), "-m", str(1 << 20))
    one_line_failure(rc, err, "size guard over file://", "larger than 1 MB", "--max-repo-mb")

    local_packs(root, srv, forms_work)

    # -- a damaged clone in the cache is made again --------------------------------------
    c3 = os.path.join(root, "cache3")
    rc, res, err = probe(c3, forms, "-v", "2.0.0")
    gitdir = os.path.join(c3, "git")
    clone = os.path.join(gitdir, os.listdir(gitdir)[0])
    for d, _, files in os.walk(os.path.join(clone, "objects", "pack")):
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)
            with open(os.path.join(d, f), "r+b") as fh:
                fh.seek(12)
                fh.write(b"\xff" * 64)
    shutil.rmtree(os.path.join(c3, "scan"), ignore_errors=True)
    rc, res, err = probe(c3, forms, "-v", "2.0.0", libgit2_leaks=True)
    check(rc == 0 and res and res["state"] == "released",
          "damaged clone in the cache: cloned again: %r" % err)


def packed_refs(clone, want, how):
    """A fresh clone's branches and tags are in one packed-refs file, not a file each
    (300 tags cost most of a clone's CPU in file creation)."""
    loose = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(clone, "refs"))
             for f in fs]
    try:
        with open(os.path.join(clone, "packed-refs")) as f:
            names = sorted(ln.split()[1] for ln in f if not ln.startswith(("#", "^")))
    except OSError:
        names = []
    check(loose == [] and names == want,
          "%s clone: refs packed, none loose: %r %r" % (how, names, loose))


def local_packs(root, srv, forms_work):
    """A repository on this machine is cloned from a copy of its packs (libgit2's local
    transport would rebuild them object by object): the clone holds the source's pack
    under its own name, answers as the transport's clone does, keeps the size guard,
    and a source whose pack does not read back fails in one line, leaving nothing."""
    packed = os.path.join(srv, "packed.git")
    git("clone", "-q", "--bare", "--no-local", forms_work, packed)
    src_packs = sorted(f for f in os.listdir(os.path.join(packed, "objects", "pack"))
                       if f.endswith((".pack", ".idx")))
    cache = os.path.join(root, "cache-packs")
    rc, res, err = probe(cache, "file://" + packed, "-n", "foo", "-v", "1.0.0")
    rc2, ref, err2 = probe(os.path.join(root, "cache-ref"), "file://" + os.path.join(
        srv, "forms.git"), "-n", "foo", "-v", "1.0.0")
    clone = os.path.join(cache, "git", os.listdir(os.path.join(cache, "git"))[0])
    got = sorted(os.listdir(os.path.join(clone, "objects", "pack")))
    check(rc == 0 and len(src_packs) == 2 and got == src_packs,
          "file:// clone: the source's pack copied, not rebuilt: %r %r %r" % (src_packs, got, err))
    check(res and ref and res["state"] == ref["state"] == "released-later" and
          kinds_at(res) == kinds_at(ref) and res["introduced"] == ref["introduced"] and
          res["released_in"] == ref["released_in"],
          "the same answer as the transport's clone: %r" % ((res or {}).get("summary"), ))
    packed_refs(clone, ["refs/heads/main", "refs/tags/2.0.0", "refs/tags/foo-v1.5.0",
                        "refs/tags/v1.0.0"], "file://")
    check(os.stat(os.path.join(clone, "objects", "pack", got[0])).st_ino !=
          os.stat(os.path.join(packed, "objects", "pack", got[0])).st_ino,
          "a copy, not a hard link to the source's file")
    # The size guard, before anything is copied.
    big = os.path.join(srv, "bigpacked.git")
    git("clone", "-q", "--bare", "--no-local", os.path.join(root, "big-work"), big)
    c2 = os.path.join(root, "cache-bigpacked")
    rc, res, err = probe(c2, "file://" + big, "-m", str(1 << 20))
    one_line_failure(rc, err, "size guard, packs copied", "larger than 1 MB", "--max-repo-mb")
    check(not os.listdir(os.path.join(c2, "git")), "the size guard leaves nothing behind")
    # A pack damaged past its header: the copy is not read back, the transport then
    # refuses it too.
    bad = os.path.join(srv, "badpack.git")
    git("clone", "-q", "--bare", "--no-local", forms_work, bad)
    for f in os.listdir(os.path.join(bad, "objects", "pack")):
        if f.endswith(".pack"):
            p = os.path.join(bad, "objects", "pack", f)
            os.chmod(p, 0o644)
            size = os.path.getsize(p)
            with open(p, "r+b") as fh:
                fh.seek(12)
                fh.write(b"\xff" * (size - 32))
    c3 = os.path.join(root, "cache-badpack")
    rc, res, err = probe(c3, "file://" + bad, "-v", "1.0.0", libgit2_leaks=True)
    one_line_failure(rc, err, "a damaged pack on this machine", "badpack.git")
    check(not os.listdir(os.path.join(c3, "git")), "a damaged pack leaves nothing behind")


def dist(site, name, version, source):
    d = os.path.join(site, "%s-%s.dist-info" % (name, version))
    os.makedirs(d)
    with open(os.path.join(d, "METADATA"), "w") as f:
        f.write("Metadata-Version: 2.1\nName: %s\nVersion: %s\nProject-URL: Source, %s\n\n"
                % (name, version, source))


def ftport(env, *args):
    p = subprocess.run([FTPORT] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=CAP)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def with_cli(root, env, srv, intro):
    """ftport upstream --scan and check --upstream on an environment whose packages
    name the fixture repositories in Project-URL."""
    site = os.path.join(root, "site")
    dist(site, "foo", "1.0.0", "file://" + os.path.join(srv, "forms.git"))
    dist(site, "nothing", "0.1", "file://" + os.path.join(srv, "none.git"))
    dist(site, "huge", "1.0", "file://" + os.path.join(srv, "big.git"))
    cache = os.path.join(root, "cache-cli")
    common = ["--path", site, "--cache-dir", cache]

    rc, out, err = ftport(env, "upstream", "foo", "--scan", *common)
    check(rc == 0, "upstream --scan: exit 0 (a git repository is answered by its scan): "
          "%d %r" % (rc, err))
    check('source scan: support released in 2.0.0 (upgrade: pip install "foo>=2.0.0")'
          in out and
          "src/mod.c:4: Py_mod_gil slot Py_MOD_GIL_NOT_USED" in out and
          "rust/src/lib.rs:2: PyO3 gil_used = false" in out,
          "upstream --scan text: %r" % out)
    rc, out, err = ftport(env, "upstream", "foo", "nothing", "--scan", "--json", *common)
    doc = json.loads(out) if rc == 0 else {"packages": []}
    scans = {p["name"]: p.get("scan") for p in doc["packages"]}
    check(scans.get("foo") and scans["foo"]["state"] == "released-later" and
          scans["foo"]["cached"] is True and scans["foo"]["tag"] == "v1.0.0" and
          len(scans["foo"]["findings"]) == len(FORMS),
          "upstream --scan --json, again: from the cache: %r" % (scans.get("foo"), ))
    check(scans.get("nothing") and scans["nothing"]["state"] == "none" and
          scans["nothing"]["summary"] == "no declaration of free-threading support on trunk",
          "a repository with none: %r" % (scans.get("nothing"), ))
    rc, out, err = ftport(env, "upstream", "huge", "--scan", "--json", "--max-repo-mb", "1",
                          *common)
    doc = json.loads(out) if out.startswith("{") else {"packages": [{}]}
    sc = doc["packages"][0].get("scan") or {}
    check(rc == 1 and "larger than 1 MB" in (sc.get("error") or ""),
          "--max-repo-mb 1: the package's scan error, exit 1: %d %r" % (rc, sc))
    # --offline reads the clone made before; none made: said so.
    rc, out, err = ftport(env, "upstream", "foo", "--scan", "--offline", *common)
    check(rc == 0 and "support released in 2.0.0" in out, "--offline: the clone in the cache")
    rc, out, err = ftport(env, "upstream", "foo", "--scan", "--offline", "--path", site,
                          "--cache-dir", os.path.join(root, "cache-empty"))
    check(rc == 1 and "scan failed: " in out and "not cloned yet" in out,
          "--offline without a clone: %r" % out)
    # --repo over HTTP; a server that never answers, under --scan-timeout.
    s = GitHttp(srv, "hang")
    try:
        rc, out, err = ftport(env, "upstream", "foo", "--scan", "--scan-timeout", "1",
                              "--repo", s.url("forms.git"), *common)
        check(rc == 1 and "scan failed: " in out and "no answer within 1 s" in out,
              "--scan-timeout 1 against a silent server: %d %r" % (rc, out))
    finally:
        s.stop()
    # check --upstream: the clones already made are scanned again, not fetched.
    rc, out, err = ftport(env, "check", "--upstream", "--offline", "--format", "json", *common)
    doc = json.loads(out) if out.startswith("{") else {"packages": []}
    ups = {p["name"]: p.get("upstream") for p in doc.get("packages", [])}
    foo = ups.get("foo") or {}
    check((foo.get("scan") or {}).get("state") == "released-later" and
          ups.get("huge") is not None and "scan" not in ups["huge"],
          "check --upstream --format json: the scans of the clones there: %r" % (ups, ))
    # The finding feeds the verdict's explanation (each verdict's reason), not only the
    # upstream cell; a package whose scan found nothing to wait for keeps its reason.
    said = 'upstream released support in 2.0.0 (upgrade: pip install "foo>=2.0.0")'
    reasons = {p["name"]: [v["reason"] or "" for v in p["verdicts"]]
               for p in doc.get("packages", [])}
    check(reasons.get("foo") and all(r.endswith(said) and len(r) > len(said)
                                     for r in reasons["foo"]),
          "check --upstream --format json: foo's reasons say it: %r" % (reasons, ))
    check(reasons.get("nothing") and not any("upstream" in r for r in reasons["nothing"]),
          "a scan with nothing unreleased adds nothing: %r" % (reasons.get("nothing"), ))
    rc, out, err = ftport(env, "check", "--offline", "--format", "json", *common)
    check(rc in (0, 1) and said not in out, "check without --upstream: not said")
    rc, out, err = ftport(env, "check", "--upstream", "--offline", *common)
    check("support released in 2.0.0" in out, "check --upstream cell: %r" % out)
    check("; " + said in out, "check --upstream table: the reason says it: %r" % out)
    for fmt in ("csv", "md"):
        rc, out, err = ftport(env, "check", "--upstream", "--offline", "--format", fmt,
                              *common)
        line = [ln.replace('""', '"').replace("\\", "") for ln in out.splitlines()
                if ln.startswith(("foo,", "| foo |"))]
        check(len(line) > 0 and all(said in ln for ln in line),
              "check --upstream --format %s: foo's reason says it: %r" % (fmt, out))
    # export --upstream: the checklist's item and its JSON verdicts say it too.
    rc, out, err = ftport(env, "export", "--upstream", "--offline", "-o", "-", *common)
    item = [ln for ln in out.splitlines() if ln.startswith("- [") and "**foo**" in ln]
    check(rc == 0 and len(item) == 1 and said in item[0].replace("\\", ""),
          "export --upstream: foo's item says it: %d %r %r" % (rc, item, err[-300:]))
    rc, out, err = ftport(env, "export", "--offline", "-o", "-", *common)
    check(rc == 0 and "**foo**" in out and said not in out.replace("\\", ""),
          "export without --upstream: not said")
    rc, out, err = ftport(env, "export", "--upstream", "--offline", "--format", "json", *common)
    doc = json.loads(out) if out.startswith("{") else {}
    items = {i["name"]: i for i in doc.get("items", doc.get("packages", []))}
    vr = [v.get("reason") or "" for v in items.get("foo", {}).get("verdicts", [])]
    check(vr and all(r.endswith(said) for r in vr) and
          not any("upstream" in (v.get("reason") or "")
                  for v in items.get("nothing", {}).get("verdicts", [{}])),
          "export --upstream --format json: foo's reasons say it: %r" % (vr, ))
    drafts(root, env, srv, site, common)
    progress_on_tty(root, env, srv, site)
    # Usage errors.
    for args in (["upstream", "foo", "--scan", "--max-repo-mb", "0"],
                 ["upstream", "foo", "--scan-timeout", "x"],
                 ["check", "--scan"], ["tree", "--max-repo-mb", "5"]):
        rc, out, err = ftport(env, *(args + common))
        check(rc == 2 and len(err.strip().splitlines()) == 1, "usage error %r: %d %r"
              % (args, rc, err))


def drafts(root, env, srv, site, common):
    """A draft says what the scan found instead of asking for what is there: support
    already released (upgrade instead), an opt-out (comment on the decision)."""
    proj = os.path.join(root, "proj")
    os.makedirs(proj, exist_ok=True)
    rc, out, err = ftport(env, "draft", "foo", "-o", "-", "--offline", *common)
    note = ('Upstream already released free-threading support in 2.0.0 (tag 2.0.0): upgrade '
            '(pip install "foo>=2.0.0") rather than ask for it')
    check(rc == 0 and out.startswith(note) and "<!--\n" + note in out,
          "draft foo: says support is released, on the terminal and atop the draft: %d %r %r"
          % (rc, out[:600], err[-300:]))
    check("Nothing to ask yet: support is released in 2.0.0" in out and
          "Declare free-threading support" not in out,
          "draft foo: does not ask for what is released: %r" % out[-900:])
    dist(site, "optout", "1.0", "file://" + os.path.join(srv, "optout.git"))
    rc, out, err = ftport(env, "upstream", "optout", "--scan", *common)
    check(rc == 0 and "source scan: upstream declares it needs the GIL (src/lib.rs:4)" in out
          and "src/lib.rs:4: Py_mod_gil slot Py_MOD_GIL_USED: declares it needs the GIL"
          in out, "upstream --scan: the opt-out with path and line: %r" % out)
    rc, out, err = ftport(env, "draft", "optout", "-o", "-", "--offline", *common)
    check(rc == 0 and "Upstream declares that it needs the GIL (src/lib.rs:4): comment on "
          "that decision" in out and "Could you say what stands in the way" in out and
          "Declare free-threading support" not in out,
          "draft optout: about the decision, not a request for support: %r" % out[-900:])
    rc, out, err = ftport(env, "check", "--upstream", "--offline", "--format", "json", *common)
    doc = json.loads(out) if out.startswith("{") else {"packages": []}
    reasons = {p["name"]: [v["reason"] or "" for v in p["verdicts"]]
               for p in doc.get("packages", [])}
    check(reasons.get("optout") and all(r.endswith("upstream declares it needs the GIL "
                                                   "(src/lib.rs:4)")
                                        for r in reasons["optout"]),
          "check --upstream: the opt-out in the reason: %r" % (reasons.get("optout"), ))
    os.remove(os.path.join(site, "optout-1.0.dist-info", "METADATA"))
    os.rmdir(os.path.join(site, "optout-1.0.dist-info"))


def progress_on_tty(root, env, srv, site):
    """upstream --scan with stderr on a terminal (a pty): the clone is held in the
    middle by the server until the progress line shows objects received, then let go;
    at the end the line is erased and nothing is left on the screen."""
    from check_tty import screen    # what a terminal shows after the bytes
    ftlib.show_ok = False
    gate = os.path.join(root, "gate")
    http = GitHttp(srv, "gate:" + gate)
    master, slave = pty.openpty()
    p = subprocess.Popen([FTPORT, "upstream", "foo", "--scan", "--path", site, "--cache-dir",
                          os.path.join(root, "cache-tty"), "--repo", http.url("big.git")],
                         env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=slave)
    os.close(slave)
    got, out, deadline = b"", b"", time.monotonic() + CAP
    fds = [master, p.stdout.fileno()]
    try:
        while fds and time.monotonic() < deadline:
            for fd in select.select(fds, [], [], 0.2)[0]:
                try:
                    data = os.read(fd, 65536)
                except OSError:     # EIO: the pty's other side is closed
                    data = b""
                if not data:
                    fds.remove(fd)
                elif fd == master:
                    got += data
                else:
                    out += data
            if re.search(rb"foo: receiving objects [0-9]+/[0-9]+, [0-9.]+ MB", got) and \
                    not os.path.exists(gate):
                open(gate, "w").close()
    finally:
        if p.poll() is None:
            p.kill()
        rc = p.wait()
        os.close(master)
        http.stop()
    check(re.search(rb"\rfoo: receiving objects [0-9]+/[0-9]+, [0-9.]+ MB\x1b\[K", got),
          "progress on stderr (a terminal): objects received/total")
    lines, odd = screen(got)
    check(rc == 0 and [l for l in lines if l] == [] and odd == [],
          "the progress line is erased at the end: %d %r %r" % (rc, lines, odd))
    check(b"no declaration of free-threading support on main" in out,
          "the report on stdout: %r" % out[-300:])


def with_http(root, env, srv, forms_work, intro):
    http = GitHttp(srv)
    cache = os.path.join(root, "cache-http")
    try:
        url = http.url("forms.git")
        rc, res, err = probe(cache, url, "-n", "foo", "-v", "1.5.0")
        check(rc == 0 and res and res["tag"] == "foo-v1.5.0" and
              res["state"] == "released-later"
              and kinds_at(res) == sorted(FORMS),
              "HTTP clone, tag name-v1.5.0: %r" % ((err, res and (res["state"], res["tag"])), ))
        check(http.requests >= 2, "the HTTP server was asked (%d)" % http.requests)
        gitdir = os.path.join(cache, "git")
        packed_refs(os.path.join(gitdir, os.listdir(gitdir)[0]),
                    ["refs/heads/main", "refs/tags/2.0.0", "refs/tags/foo-v1.5.0",
                     "refs/tags/v1.0.0"], "HTTP")
        rc, res, err = probe(cache, url, "-n", "foo", "-v", "9.9")
        check(rc == 0 and res and res["state"] == "no-tag" and res["tag"] is None and
              res["introduced"] and res["introduced"]["commit"] == intro,
              "no tag for 9.9: %r" % ((err, res and (res["state"], res["introduced"])), ))
        # A new commit upstream: fetched, a new head, scanned again.
        write(forms_work, "src/new.c", "{Py_mod_gil, Py_MOD_GIL_NOT_USED},\n")
        head = commit(forms_work, "Another module")
        git("push", "-q", os.path.join(srv, "forms.git"), "main", cwd=forms_work)
        rc, res, err = probe(cache, url, "-n", "foo", "-v", "9.9")
        check(rc == 0 and res and res["head"] == head and res["from_cache"] is False and
              ("Py_mod_gil", "src/new.c", 1) in kinds_at(res),
              "fetch brings the new commit: %r" % (res and res["head"]))
        rc, res, err = probe(cache, http.url("empty.git"))
        check(rc == 0 and res and res["state"] == "empty", "empty over HTTP: %r" % err)
        rc, res, err = probe(cache, http.url("corrupt.git"))
        one_line_failure(rc, err, "corrupt over HTTP", "corrupt.git")
        rc, res, err = probe(cache, http.url("big.git"), "-m", str(1 << 20))
        one_line_failure(rc, err, "size guard over HTTP", "larger than 1 MB")
    finally:
        http.stop()

    # Timeouts: a server that never answers; one that trickles (the callback stops it).
    # (slow: 5 s, so that the pack has begun before the deadline and its grace run out
    # even on a loaded machine, where spawning git http-backend took seconds)
    for mode, ms, words in (("hang", 1000, "no answer within 1 s"),
                            ("slow", 5000, "timed out after 5 s")):
        s = GitHttp(srv, mode)
        try:
            rc, res, err = probe(os.path.join(root, "cache-" + mode), s.url("big.git"),
                                 "-t", str(ms))
            one_line_failure(rc, err, "timeout, server %s" % mode, words)
        finally:
            s.stop()

    # Nobody listening.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    rc, res, err = probe(cache, "http://127.0.0.1:%d/x.git" % port)
    one_line_failure(rc, err, "connection refused", "127.0.0.1:%d" % port)


if __name__ == "__main__":
    if not os.access(PROBE, os.X_OK):
        print("FAIL: %s not built" % PROBE)
        print("# cases: 0 passed, 1 failed")
        sys.exit(1)
    sys.exit(ftlib.main("scan", body))
