#!/usr/bin/env python3
# gen_repo.py: a generated project for bench/scan: N files (default 5,000) in the mix
# of a compiled Python package (Python, C, C++, Cython, Rust, build and CI files, docs,
# a few binaries), about 25 of them declaring free-threading support, committed twice:
# tag v1.0 without the declarations, then main with them and 5% of the files changed.
# Deterministic (seeded). usage: gen_repo.py [-n N] WORKDIR BAREDIR
import argparse
import os
import random
import subprocess

WORDS = ("self value result index buffer count state module object error data size "
         "name path item node table entry key args kwargs list dict tuple len range "
         "return if else for while import from def class struct int char const void "
         "static PyObject Py_ssize_t NULL true false None").split()

# extension, share of the files, comment leader
KINDS = [(".py", 34, "#"), (".c", 14, "//"), (".h", 8, "//"), (".cpp", 5, "//"),
         (".pyx", 4, "#"), (".rs", 4, "//"), (".md", 10, ""), (".rst", 6, ""),
         (".txt", 4, ""), (".json", 3, ""), (".toml", 2, "#"), (".yml", 2, "#"),
         (".cfg", 1, "#"), (".png", 3, None)]

DECLS = {".c": "    {Py_mod_gil, Py_MOD_GIL_NOT_USED},",
         ".h": "#define SLOT_GIL {Py_mod_gil, Py_MOD_GIL_NOT_USED}",
         ".cpp": "PYBIND11_MODULE(m, mod, py::mod_gil_not_used()) {",
         ".pyx": "# cython: freethreading_compatible=True",
         ".rs": "#[pymodule(gil_used = false)]",
         ".toml": "build = 'cp313t-* cp314t-*'",
         ".yml": "      python-version: ['3.13', '3.14t']",
         ".py": "    'Programming Language :: Python :: Free Threading',"}


def text(rnd, lines, lead):
    out = []
    for _ in range(lines):
        n = rnd.randint(3, 12)
        line = " ".join(rnd.choice(WORDS) + (str(rnd.randint(0, 99)) if rnd.random() < .2 else "")
                        for _ in range(n))
        out.append(("    " * rnd.randint(0, 3)) + line)
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5000)
    ap.add_argument("work")
    ap.add_argument("bare")
    a = ap.parse_args()
    rnd = random.Random(703)
    env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@example.org",
               GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@example.org",
               GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_DATE="2026-01-01T00:00:00Z",
               GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")

    def git(*args):
        subprocess.run(["git"] + list(args), cwd=a.work, env=env, check=True,
                       stdout=subprocess.DEVNULL)

    total = sum(k[1] for k in KINDS)
    files = []
    for i in range(a.n):
        r = rnd.uniform(0, total)
        for ext, share, lead in KINDS:
            r -= share
            if r <= 0:
                break
        d = "pkg%d/sub%d" % (rnd.randint(0, 39), rnd.randint(0, 9))
        files.append((os.path.join(d, "f%d%s" % (i, ext)), ext, lead))
    os.makedirs(a.work)
    git("init", "-q", "-b", "main")
    for path, ext, lead in files:
        p = os.path.join(a.work, path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if lead is None:
            with open(p, "wb") as f:
                f.write(b"\x89PNG\r\n\x1a\n" + rnd.randbytes(rnd.randint(2000, 30000)))
        else:
            with open(p, "w") as f:
                f.write(text(rnd, rnd.randint(20, 200), lead))
    git("add", "-A")
    git("commit", "-q", "-m", "v1.0")
    git("tag", "v1.0")
    declared = 0
    for path, ext, lead in files:
        if lead is None or rnd.random() > 0.05:
            continue
        p = os.path.join(a.work, path)
        with open(p, "a") as f:
            f.write(text(rnd, 5, lead))
            if ext in DECLS and declared < 25 and rnd.random() < 0.3:
                f.write(DECLS[ext] + "\n")
                declared += 1
    git("commit", "-q", "-a", "-m", "Declare free-threading support")
    subprocess.run(["git", "clone", "-q", "--bare", "--no-local", a.work, a.bare], env=env,
                   check=True)
    print("%d files, %d declarations" % (len(files), declared))


if __name__ == "__main__":
    main()
