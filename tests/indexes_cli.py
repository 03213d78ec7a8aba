#!/usr/bin/env python3
# indexes_cli.py: several package indexes at once, as pip and uv use them, each a
# tests/fakeindex.py of its own on 127.0.0.1: pip.conf's extra-index-url, the
# PIP_EXTRA_INDEX_URL and --extra-index-url precedence, files merged across indexes
# (a package only on the extra index; the same version on both with different files),
# the detail naming the index of the free-threaded wheel, an index that cannot answer;
# credentials in an index URL sent to that host only (also across a redirect to another
# host) and never in the cache, the output or an export; uv's indexes and first-index
# strategy; a uv.lock and a pylock.toml naming two registries, and their path, git and
# editable sources; --nightly against a nightly index with a pre-release free-threaded
# wheel, and offline the bundled snapshot's nightly hint.
"""Needs FTPORT (the binary) and SRCDIR in the environment (make check sets them)."""

import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import check, run  # noqa: E402

SECRET = "s3cret-t0ken"


def wheel(name, version, tags):
    fn = "%s-%s-%s.whl" % (name.replace("-", "_"), version, tags)
    return {"filename": fn, "url": "https://files.example/p/" + fn,
            "hashes": {"sha256": "00"}, "yanked": False}


FT = "cp314-cp314t-manylinux_2_28_x86_64"
GIL = "cp312-cp312-manylinux_2_17_x86_64"

# The primary index: "both" 1.0 with a GIL wheel only; "newer" 2.0 has the
# free-threaded wheel. The extra index: "onlyextra", and "both" 1.0 with a free-threaded
# wheel (the same version, other files), "newer" 1.0 only.
PRIMARY = {
    "both": [wheel("both", "1.0", GIL)],
    "onprimary": [wheel("onprimary", "1.0", FT)],
    "newer": [wheel("newer", "1.0", GIL), wheel("newer", "2.0", FT)],
}
EXTRA = {
    "onlyextra": [wheel("onlyextra", "1.0", FT)],
    "both": [wheel("both", "1.0", FT)],
    "newer": [wheel("newer", "1.0", GIL)],
}
THIRD = {"onlythird": [wheel("onlythird", "1.0", FT)]}


def start(root, name, projects, *options):
    d = os.path.join(root, "index-" + name)
    os.makedirs(d)
    for proj, files in projects.items():
        with open(os.path.join(d, proj + ".json"), "w") as f:
            json.dump({"name": proj, "files": files}, f)
    return ftlib.FakeIndex("--json-dir", d, *options)


def make_env(root):
    site = os.path.join(root, "site")
    for name in ("both", "onprimary", "onlyextra", "onlythird", "newer", "nowhere"):
        ftlib.make_dist(site, name, "1.0", kind="compiled")
    return site


def check_json(env, args, cwd=None):
    rc, out, err, _ = run(["check", "--format", "json", "--platform", "linux-x86_64"] +
                          args, env, cwd=cwd)
    try:
        doc = json.loads(out)
    except ValueError:
        doc = {"packages": []}
    return rc, {p["name"]: p for p in doc.get("packages", [])}, out, err


def v0(pk, name):
    return (pk.get(name) or {}).get("verdicts", [{}])[0]


def asked(idx):
    return sorted({r["path"].split("/")[2] for r in idx.index_requests()
                   if r["path"].startswith("/simple/") and r["path"].count("/") >= 3})


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def case_pip_conf(root, env, site, a, b, c):
    conf = os.path.join(root, "pip.conf")
    write(conf, "[global]\nindex-url = %s\nextra-index-url = %s\n" % (a.url, b.url))
    e = dict(env, PIP_CONFIG_FILE=conf)
    for i in (a, b, c):
        i.reset()
    rc, pk, out, err = check_json(e, ["--path", site])
    check(rc == 0, "pip.conf extra: exit 0 (%d, %s)" % (rc, err.strip()))
    oe = v0(pk, "onlyextra")
    check(oe.get("status") == "ready" and b.url in oe.get("reason", ""),
          "a package only on the extra index is ready, from it: %s" % oe.get("reason"))
    bo = v0(pk, "both")
    check(bo.get("status") == "ready" and
          "free-threaded wheel is on %s" % b.url in bo.get("reason", ""),
          "the same version on both indexes: the files merged, the free-threaded one "
          "from the extra index: %s" % bo.get("reason"))
    check(json.loads(out)["index"]["all"] == [
        {"url": a.url, "origin": "%s [global]" % conf},
        {"url": b.url, "origin": "%s [global]" % conf}],
          "the JSON names every index asked and where it came from")
    nw = v0(pk, "newer")
    check(nw.get("status") == "upgrade" and nw.get("fix_version") == "2.0" and
          a.url in nw.get("reason", ""),
          "all versions of all indexes: upgrade to 2.0 from the primary: %s"
          % nw.get("reason"))
    check(v0(pk, "nowhere").get("status") == "unknown" and
          "not on any of the 2 indexes" in (pk.get("nowhere") or {}).get("error", ""),
          "on neither index: unknown, and says so (%s)" % (pk.get("nowhere") or {}).get("error"))
    check(asked(a) == asked(b) == ["both", "newer", "nowhere", "onlyextra", "onlythird",
                                   "onprimary"] and asked(c) == [],
          "every index asked for every package, the third not at all (%s %s %s)"
          % (asked(a), asked(b), asked(c)))
    rc, out, err, _ = run(["check", "--platform", "linux-x86_64", "--path", site], e)
    line = [x for x in out.splitlines() if x.startswith("both ")]
    check(rc == 0 and line and "free-threaded wheel is on %s" % b.url in line[0],
          "the table's reason names the index of the free-threaded wheel (%s)" % line)

    # PIP_EXTRA_INDEX_URL (space separated) replaces pip.conf's extra-index-url;
    # --extra-index-url adds to it.
    dead = "http://127.0.0.1:9/simple/"
    write(conf, "[global]\nindex-url = %s\nextra-index-url = %s\n" % (a.url, dead))
    e = dict(env, PIP_CONFIG_FILE=conf, PIP_EXTRA_INDEX_URL="%s  %s" % (b.url, c.url))
    rc, pk, out, err = check_json(e, ["--path", site])
    check(v0(pk, "onlythird").get("status") == "ready" and
          v0(pk, "onlyextra").get("status") == "ready" and "127.0.0.1:9" not in out,
          "PIP_EXTRA_INDEX_URL's two indexes replace pip.conf's (%s)"
          % v0(pk, "onlythird").get("reason"))
    e = dict(env, PIP_CONFIG_FILE=conf)
    rc, pk, out, err = check_json(e, ["--path", site, "--extra-index-url", c.url,
                                      "--extra-index-url", b.url])
    on = v0(pk, "onprimary")
    check(v0(pk, "onlythird").get("status") == "ready" and
          v0(pk, "onlyextra").get("status") == "ready" and
          on.get("status") == "ready" and "not asked: %s" % dead in on.get("reason", ""),
          "--extra-index-url (twice) adds to pip.conf's; the index that cannot answer "
          "is named, the others' answers stand: %s" % on.get("reason"))


def case_credentials(root, env, site, b):
    auth = "alice:" + SECRET
    want = "Basic " + base64.b64encode(auth.encode()).decode()
    a = start(root, "private", PRIMARY, "--require-auth", auth)
    # The extra index answers every page with a redirect to another host (localhost,
    # another port): the credentials must not follow.
    r = start(root, "redirector", {}, "--redirect-to", "http://localhost:%d" % b.port)
    b.reset()
    cache = os.path.join(root, "cred-cache")
    url_a = "http://%s@127.0.0.1:%d/simple/" % (auth, a.port)
    url_r = "http://%s@127.0.0.1:%d/simple/" % (auth, r.port)
    e = dict(env, PIP_EXTRA_INDEX_URL=url_r)
    rc, pk, out, err = check_json(e, ["--path", site, "--index-url", url_a,
                                      "--cache-dir", cache, "-v", "-v"])
    check(v0(pk, "onprimary").get("status") == "ready",
          "credentials in the index URL open the private index (%s)"
          % v0(pk, "onprimary").get("reason"))
    check(v0(pk, "onlyextra").get("status") == "ready",
          "the extra index's redirect to another host is followed (%s)"
          % v0(pk, "onlyextra").get("reason"))
    ra = a.index_requests()
    check(ra and all(x["authorization"] == want for x in ra),
          "every request to the private index carries its credentials")
    rr = r.index_requests()
    check(rr and all(x["authorization"] == want for x in rr),
          "the extra index's own host gets its credentials")
    rb = b.index_requests()
    check(rb and all(x["authorization"] is None for x in rb),
          "the host redirected to gets no credentials (%s)"
          % sorted({str(x["authorization"]) for x in rb}))
    check(SECRET not in out and SECRET not in err,
          "the credentials are not in the output or the log (-v -v)")
    leaked = []
    for d, _, files in os.walk(cache):
        for fn in files:
            with open(os.path.join(d, fn), "rb") as f:
                if SECRET.encode() in f.read():
                    leaked.append(fn)
    check(os.path.isdir(cache) and not leaked, "nothing in the cache holds the "
          "credentials (%s)" % leaked)
    exp = os.path.join(root, "PORTING.md")
    rc, out, err, _ = run(["export", "-o", exp, "--path", site, "--index-url", url_a,
                           "--platform", "linux-x86_64", "--cache-dir", cache], e)
    with open(exp, encoding="utf-8") as f:
        text = f.read() if rc == 0 else SECRET
    check(rc == 0 and SECRET not in text and SECRET not in out + err,
          "the export does not hold the credentials (exit %d)" % rc)
    rc, pk, out, err = check_json(dict(env), ["--path", site, "--index-url",
                                              "http://alice:wrong@127.0.0.1:%d/simple/"
                                              % a.port, "--refresh"])
    er = (pk.get("onprimary") or {}).get("error") or ""
    check("HTTP 401" in er and "check the credentials for http://127.0.0.1:%d/simple/"
          % a.port in er and "wrong" not in out + err,
          "wrong credentials: 401 named, the index without them (%s)" % er)


def case_uv(root, env, site, a, b):
    proj = os.path.join(root, "uvproj")
    write(os.path.join(proj, "uv.toml"),
          '# the team\'s indexes\n[[index]]\nname = "extra"\nurl = "%s"\n\n'
          '[[index]]\nname = "pinned"\nurl = "http://127.0.0.1:9/simple/"\n'
          'explicit = true\n' % b.url)
    e = dict(env, UV_DEFAULT_INDEX=a.url)
    for i in (a, b):
        i.reset()
    rc, pk, out, err = check_json(e, ["--path", site], cwd=proj)
    nw = v0(pk, "newer")
    check(rc == 0 and nw.get("status") == "blocked",
          "uv's first-index: the first index that has the package answers alone "
          "(newer: %s, %s)" % (nw.get("status"), nw.get("reason")))
    check(v0(pk, "onprimary").get("status") == "ready" and
          v0(pk, "onlyextra").get("status") == "ready",
          "uv: [[index]] in uv.toml and UV_DEFAULT_INDEX both asked")
    check("127.0.0.1:9" not in out, "uv: an explicit index is not asked")
    rc, pk, out, err = check_json(dict(e, UV_INDEX_STRATEGY="unsafe-best-match"),
                                  ["--path", site], cwd=proj)
    check(v0(pk, "newer").get("status") == "upgrade",
          "uv's unsafe-best-match: every index's versions (newer: %s)"
          % v0(pk, "newer").get("status"))
    # pyproject.toml's [[tool.uv.index]] with default = true, and UV_INDEX first.
    proj2 = os.path.join(root, "uvproj2")
    write(os.path.join(proj2, "pyproject.toml"),
          '[project]\nname = "x"\nversion = "0"\n\n[[tool.uv.index]]\nurl = "%s"\n'
          'default = true\n' % a.url)
    rc, pk, out, err = check_json(dict(env, UV_INDEX="extra=" + b.url),
                                  ["--path", site], cwd=proj2)
    check(v0(pk, "newer").get("status") == "blocked" and
          v0(pk, "onprimary").get("status") == "ready",
          "uv: UV_INDEX before pyproject's default [[tool.uv.index]] (newer: %s)"
          % v0(pk, "newer").get("status"))
    # Without uv in the project, uv's variables are not pip's.
    rc, pk, out, err = check_json(dict(env, UV_INDEX=b.url), ["--path", site,
                                                              "--index-url", a.url],
                                  cwd=root)
    check(v0(pk, "onlyextra").get("status") == "unknown",
          "a project without uv: UV_INDEX is not asked")


def case_locks(root, env, a, b):
    d = os.path.join(root, "lockproj")
    write(os.path.join(d, "uv.lock"), """version = 1
requires-python = ">=3.12"

[[package]]
name = "proj"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "onprimary" }, { name = "onlyextra" }, { name = "gitdep" }, { name = "localpath" }]

[[package]]
name = "onprimary"
version = "1.0"
source = { registry = "%s" }

[[package]]
name = "onlyextra"
version = "1.0"
source = { registry = "%s" }

[[package]]
name = "gitdep"
version = "0.3"
source = { git = "https://bob:%s@git.example/gitdep.git?rev=v0.3#0123abcd" }

[[package]]
name = "localpath"
version = "0.2"
source = { path = "../wheels/localpath-0.2.tar.gz" }
""" % (a.url.rstrip("/"), b.url.rstrip("/"), SECRET))
    for i in (a, b):
        i.reset()
    rc, pk, out, err = check_json(env, ["--lock", os.path.join(d, "uv.lock"), "--refresh"])
    check(rc == 0 and v0(pk, "onprimary").get("status") == "ready" and
          v0(pk, "onlyextra").get("status") == "ready",
          "uv.lock: each package from the registry it names (%d, %s)" % (rc, err.strip()))
    check(asked(a) == ["onprimary"] and asked(b) == ["onlyextra"],
          "uv.lock: each registry asked for its own packages only (%s, %s)"
          % (asked(a), asked(b)))
    g = v0(pk, "gitdep")
    check(g.get("status") == "unknown" and "not from an index" in g.get("reason", "") and
          "git source" in g.get("reason", "") and SECRET not in out,
          "uv.lock: a git source is unknown (not from an index), its credentials not "
          "shown: %s" % g.get("reason"))
    lp = v0(pk, "localpath")
    check(lp.get("status") == "unknown" and "path source" in lp.get("reason", ""),
          "uv.lock: a path source: %s" % lp.get("reason"))
    check(v0(pk, "proj").get("status") == "unknown" and
          "editable source" in v0(pk, "proj").get("reason", ""),
          "uv.lock: the editable project: %s" % v0(pk, "proj").get("reason"))

    write(os.path.join(d, "pylock.toml"), """lock-version = "1.0"
created-by = "ftport tests"

[[packages]]
name = "onprimary"
version = "1.0"
index = "%s"

[[packages]]
name = "onlyextra"
version = "1.0"
index = "%s"

[[packages]]
name = "localdir"
version = "0.1"
directory = { path = "./src/localdir", editable = true }

[[packages]]
name = "fromvcs"
version = "2.0"
vcs = { type = "git", url = "https://git.example/fromvcs.git", commit-id = "0123abcd" }
""" % (a.url, b.url))
    for i in (a, b):
        i.reset()
    rc, pk, out, err = check_json(env, ["--lock", os.path.join(d, "pylock.toml"),
                                        "--index-url", "http://127.0.0.1:9/simple/", "--refresh"])
    check(rc == 0 and v0(pk, "onprimary").get("status") == "ready" and
          v0(pk, "onlyextra").get("status") == "ready" and
          asked(a) == ["onprimary"] and asked(b) == ["onlyextra"],
          "pylock.toml: each package's index asked, not the configured one (%s, %s)"
          % (asked(a), asked(b)))
    check("editable source" in v0(pk, "localdir").get("reason", "") and
          "vcs source" in v0(pk, "fromvcs").get("reason", ""),
          "pylock.toml: directory and vcs sources are not from an index (%s; %s)"
          % (v0(pk, "localdir").get("reason"), v0(pk, "fromvcs").get("reason")))


NIGHTLY = {
    "numpy": [wheel("numpy", "2.4.0.dev0", FT), wheel("numpy", "2.4.0.dev0", GIL)],
    "blockedpkg": [wheel("blockedpkg", "3.0.dev0", GIL)],
}


def case_nightly(root, env):
    site = os.path.join(root, "nightly-site")
    for name in ("numpy", "blockedpkg", "readypkg"):
        ftlib.make_dist(site, name, "2.0", kind="compiled")
    p = start(root, "nightly-primary", {
        "numpy": [wheel("numpy", "2.0", GIL)],
        "blockedpkg": [wheel("blockedpkg", "2.0", GIL)],
        "readypkg": [wheel("readypkg", "2.0", FT)]})
    n = start(root, "nightly", NIGHTLY)
    base = ["--path", site, "--index-url", p.url, "--cache-dir",
            os.path.join(root, "nightly-cache")]
    rc, pk, out, err = check_json(env, base + ["--nightly-index", n.url])
    nu = pk.get("numpy") or {}
    want = "nightly free-threaded wheels: pip install --pre --extra-index-url %s numpy" % n.url
    check(rc == 0 and (nu.get("nightly") or {}).get("hint") == want and
          (nu.get("nightly") or {}).get("version") == "2.4.0.dev0",
          "--nightly-index: the pre-release free-threaded wheel is a finding: %s"
          % nu.get("nightly"))
    check(v0(pk, "numpy").get("status") == "blocked",
          "the nightly build never makes the package ready (%s)" % v0(pk, "numpy").get("status"))
    check((pk.get("blockedpkg") or {}).get("nightly") is None,
          "a nightly build without a free-threaded wheel is no finding")
    check(asked(n) == ["blockedpkg", "numpy"],
          "only the packages that are not ready are asked of the nightly index (%s)" % asked(n))
    rc, out, err, _ = run(["check", "--platform", "linux-x86_64"] + base +
                          ["--nightly-index", n.url], env)
    check("numpy 2.4.0.dev0: " + want in out,
          "the table lists the nightly finding under its own heading")
    rc, pk, out, err = check_json(env, ["--path", site, "--offline", "--nightly",
                                        "--cache-dir", os.path.join(root, "empty-cache")])
    hint = ((pk.get("numpy") or {}).get("nightly") or {}).get("hint") or ""
    with open(os.path.join(ftlib.SRCDIR, "data", "snapshot.json"), encoding="utf-8") as f:
        date = json.load(f).get("date")
    check("pip install --pre --extra-index-url https://pypi.anaconda.org/"
          "scientific-python-nightly-wheels/simple numpy" in hint and
          "bundled snapshot of %s" % date in hint,
          "offline: the snapshot's nightly hint with its date: %s" % hint)
    rc, out, err, _ = run(["check", "--nightly-index", "file:///tmp/x"] + base, env)
    check(rc == 2 and "not an http:// or https:// URL" in err,
          "a nightly index that is not http(s) is a usage error (%d)" % rc)


def cases(root, env):
    site = make_env(root)
    a = start(root, "primary", PRIMARY)
    b = start(root, "extra", EXTRA)
    c = start(root, "third", THIRD)
    case_pip_conf(root, env, site, a, b, c)
    case_credentials(root, env, site, b)
    case_uv(root, env, site, a, b)
    case_locks(root, env, a, b)
    case_nightly(root, env)


if __name__ == "__main__":
    sys.exit(ftlib.main("indexes-cli", cases))
