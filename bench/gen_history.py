#!/usr/bin/env python3
# gen_history.py: a generated repository with a long history for bench/scan's clone
# cases, in the shape of a real project (psutil: 7,000 commits, 204 tags): N commits
# (default 3,000) on main, each changing a few of 400 source files, an annotated
# release tag every N/T commits (T default 300), free-threading support declared two
# thirds of the way. Written with git
# fast-import (seconds, not the minutes of one git commit each), then packed as a
# server's repository is. Deterministic (seeded). usage: gen_history.py [-n N] [-t T] BARE
import argparse
import random
import subprocess

WORDS = ("self value result index buffer count state module object error data size "
         "name path item node table entry key args return if else for while import "
         "static PyObject Py_ssize_t NULL").split()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=3000)
    ap.add_argument("-t", type=int, default=300)
    ap.add_argument("bare")
    a = ap.parse_args()
    rnd = random.Random(19)
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", a.bare], check=True)
    files = ["src/pkg%d/m%d.%s" % (i % 20, i, ("c", "py", "h", "pyx")[i % 4])
             for i in range(400)]
    out = []
    mark = 0
    when = 1600000000

    def blob(text):
        data = text.encode()
        out.append(b"data %d\n" % len(data) + data + b"\n")

    def line():
        return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 12)))

    every = max(1, a.n // max(1, a.t))
    support_at = a.n * 2 // 3
    for i in range(1, a.n + 1):
        when += rnd.randint(600, 86400)
        mark += 1
        out.append(b"commit refs/heads/main\nmark :%d\n" % mark)
        out.append(b"committer b <b@example.org> %d +0000\n" % when)
        blob("change %d\n" % i)
        if i > 1:
            out.append(b"from :%d\n" % (mark - 1))
        changed = files if i == 1 else rnd.sample(files, rnd.randint(1, 4))
        if i == support_at and files[0] not in changed:
            changed = changed + [files[0]]
        for path in changed:
            body = "\n".join(line() for _ in range(rnd.randint(20, 120))) + "\n"
            if i >= support_at and path == files[0]:
                body += "{Py_mod_gil, Py_MOD_GIL_NOT_USED},\n"
            out.append(("M 100644 inline %s\n" % path).encode())
            blob(body)
        if i % every == 0:
            v = "v1.%d.%d" % (i // (every * 10), (i // every) % 10)
            out.append(("tag %s\nfrom :%d\n" % (v, mark)).encode())
            out.append(b"tagger b <b@example.org> %d +0000\n" % when)
            blob("release %s\n" % v)
    subprocess.run(["git", "-C", a.bare, "fast-import", "--quiet"], input=b"".join(out),
                   check=True)
    subprocess.run(["git", "-C", a.bare, "repack", "-a", "-d", "-q"], check=True)
    print("%d commits, %d tags, support from commit %d" % (a.n, a.n // every, support_at))


if __name__ == "__main__":
    main()
