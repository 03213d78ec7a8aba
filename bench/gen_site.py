#!/usr/bin/env python3
"""gen_site.py: write a synthetic site-packages of N distributions for benchmarks.

Each distribution gets what pip leaves behind: a .dist-info with METADATA (headers plus
a README body of a few KB), WHEEL, RECORD, INSTALLER and top_level.txt, and a tiny package
directory. Requirements are realistic: 0-8 per distribution on earlier ones (a DAG), with
specifiers, extras, markers on python_version/sys_platform/extra, a few cycles and a few
missing names; one in seven is compiled (an extension module in RECORD, some abi3, some
with a bundled .libs directory). Deterministic for a given --seed.

usage: gen_site.py OUTDIR [-n 2000] [--seed 1]
"""
import argparse
import os
import random
import sys

BODY = (
    "# {name}\n\n"
    "A synthetic distribution written by ftport's bench/gen_site.py.\n\n"
    + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 40
    + "\n\n## Usage\n\n```python\nimport {mod}\n{mod}.run()\n```\n"
)

MARKERS = [
    'python_version >= "3.8"',
    'python_version < "3.9"',
    'sys_platform == "win32"',
    'platform_system != "Windows"',
    'implementation_name == "cpython"',
    'os_name == "nt" or python_version >= "3.10"',
]


def dist_name(i):
    return "gen-pkg-%04d" % i


def display_name(i):
    # A mix of spellings that normalise to the same PEP 503 name.
    return ["gen-pkg-%04d", "Gen_Pkg_%04d", "gen.pkg.%04d"][i % 3] % i


def requirement(rng, j):
    name = display_name(j)
    r = rng.random()
    if r < 0.3:
        spec = ""
    elif r < 0.6:
        spec = ">=%d.%d" % (rng.randint(0, 2), rng.randint(0, 9))
    elif r < 0.75:
        spec = ">=1.0,<%d" % rng.randint(3, 9)
    elif r < 0.85:
        spec = "~=1.%d" % rng.randint(0, 5)
    elif r < 0.92:
        spec = " (>=0.%d)" % rng.randint(1, 9)  # the old parenthesised form
    else:
        spec = "==1.%d.*" % rng.randint(0, 5)
    if rng.random() < 0.1:
        name += "[extra%d]" % rng.randint(1, 3)
    if rng.random() < 0.2:
        return "%s%s ; %s" % (name, spec, rng.choice(MARKERS))
    return name + spec


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)

    for i in range(args.n):
        name = dist_name(i)
        mod = name.replace("-", "_")
        version = "%d.%d.%d" % (rng.randint(0, 3), rng.randint(0, 20), rng.randint(0, 9))
        info = os.path.join(args.outdir, "%s-%s.dist-info" % (mod, version))
        os.makedirs(info, exist_ok=True)
        pkg = os.path.join(args.outdir, mod)
        os.makedirs(pkg, exist_ok=True)

        reqs = []
        if i > 0:
            for _ in range(min(i, rng.choice([0, 0, 1, 2, 2, 3, 4, 5, 6, 8]))):
                reqs.append(requirement(rng, rng.randrange(0, i)))
        if i > 10 and rng.random() < 0.01:  # a cycle back to a later package
            reqs.append(requirement(rng, min(args.n - 1, i + rng.randint(1, 10))))
        if rng.random() < 0.01:  # a dependency that is not installed
            reqs.append("not-installed-%04d>=1.0" % i)
        extras = []
        if rng.random() < 0.2:
            extras = ["extra%d" % k for k in range(1, rng.randint(2, 4))]
            for e in extras:
                if i > 0:
                    reqs.append('%s ; extra == "%s"' % (display_name(rng.randrange(0, i)), e))

        head = [
            "Metadata-Version: 2.1",
            "Name: %s" % display_name(i),
            "Version: %s" % version,
            "Summary: Synthetic package number %d" % i,
            "Home-page: https://example.org/%s" % name,
            "Author: Bench",
            "License: MIT",
            "Project-URL: Source, https://github.com/example/%s" % name,
            "Classifier: Programming Language :: Python :: 3",
            "Classifier: License :: OSI Approved :: MIT License",
            "Requires-Python: >=3.8",
        ]
        head += ["Requires-Dist: %s" % r for r in reqs]
        head += ["Provides-Extra: %s" % e for e in extras]
        head.append("Description-Content-Type: text/markdown")
        write(os.path.join(info, "METADATA"),
              "\n".join(head) + "\n\n" + BODY.format(name=name, mod=mod))

        compiled = rng.random() < 1 / 7
        tag = "cp311-cp311-manylinux_2_17_x86_64" if compiled else "py3-none-any"
        write(os.path.join(info, "WHEEL"),
              "Wheel-Version: 1.0\nGenerator: bdist_wheel (0.42.0)\n"
              "Root-Is-Purelib: %s\nTag: %s\n\n" % ("false" if compiled else "true", tag))
        files = ["%s/__init__.py" % mod]
        files += ["%s/mod%d.py" % (mod, k) for k in range(rng.randint(2, 60))]
        files += ["%s/__pycache__/mod%d.cpython-311.pyc" % (mod, k) for k in range(rng.randint(0, 20))]
        if compiled:
            abi = "abi3" if rng.random() < 0.2 else "cpython-311-x86_64-linux-gnu"
            files.append("%s/_speedups.%s.so" % (mod, abi))
            if rng.random() < 0.3:
                files.append("%s.libs/libgen-%04d-1a2b3c4d.so.1.0" % (mod, i))
        lines = ["%s,sha256=%s,%d" % (f, "A" * 43, rng.randint(100, 90000)) for f in files]
        lines.append('"%s/data, with a comma.txt",sha256=%s,12' % (mod, "B" * 43))
        for f in ("METADATA", "WHEEL", "INSTALLER", "top_level.txt"):
            lines.append("%s-%s.dist-info/%s,sha256=%s,%d" % (mod, version, f, "C" * 43, 100))
        lines.append("%s-%s.dist-info/RECORD,," % (mod, version))
        write(os.path.join(info, "RECORD"), "\n".join(lines) + "\n")
        write(os.path.join(info, "INSTALLER"), "pip\n")
        write(os.path.join(info, "top_level.txt"), mod + "\n")
        write(os.path.join(pkg, "__init__.py"), "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
