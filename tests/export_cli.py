#!/usr/bin/env python3
# export_cli.py: `ftport export` end to end against tests/fakeindex.py: the Markdown
# checklist (sections, leaf blockers with chains and upstream links, the pip line, the
# team state's owners, notes and decisions, the local test results), a checklist edited
# by hand and exported again, CSV (one row per package and target), JSON, the format from
# the extension, -o -, the state found at the git work tree's root, a corrupt state file
# (line and column, nothing written) and usage errors.
"""Needs FTPORT (the binary) and SRCDIR in the environment (make check sets them)."""

import csv
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, SRCDIR, check, make_dist  # noqa: E402

FIX = os.path.join(SRCDIR, "tests", "fixtures")


def build_site(root):
    site = os.path.join(root, "site")
    os.makedirs(site)
    make_dist(site, "numpy", "1.25.1", "compiled")              # blocked, leaf
    make_dist(site, "markupsafe", "2.1.5", "compiled")          # upgrade to 3.0.3
    make_dist(site, "charset-normalizer", "3.4.7", "compiled")  # ready
    make_dist(site, "requests", "2.33.1", "pure")
    make_dist(site, "mine", "0.1.0", "editable")                # unknown
    make_dist(site, "app", "1.0", "pure", requires=["numpy>=1.20", "requests", "markupsafe"])
    return site


def run(args, env, cwd):
    p = subprocess.run([FTPORT] + args, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def item(md, name):
    for line in md.splitlines():
        if line.endswith("<!-- ftport:%s -->" % name):
            return line
    return None


def section_of(md, name):
    sec = None
    for line in md.splitlines():
        if "<!-- ftport:section " in line:
            sec = line.split("<!-- ftport:section ")[1].split(" ")[0]
        elif line.endswith("<!-- ftport:%s -->" % name):
            return sec
    return None


def body(root, env):
    idx = ftlib.FakeIndex("--json-dir", os.path.join(FIX, "pypi", "micropip"),
                          "--json-dir", os.path.join(FIX, "pypi", "poetry"),
                          "--wheel-list", os.path.join(FIX, "wheel-lists",
                                                        "ftready-374287e-files.json"))
    site = build_site(root)
    proj = os.path.join(root, "proj")
    sub = os.path.join(proj, "src", "deep")
    os.makedirs(sub)
    subprocess.run(["git", "init", "-q", proj], check=True)
    cache = os.path.join(root, "cache")
    base = ["--path", site, "--index-url", idx.url, "--cache-dir", cache,
            "--platform", "linux-x86_64"]
    state = os.path.join(proj, ".ftport", "state.json")
    os.makedirs(os.path.dirname(state))
    state_text = json.dumps({
        "schema_version": 1, "ours": {"kept": True},
        "packages": {"numpy": {"owner": "alice", "note": "ask about 2.1", "decision": "waiting"},
                     "mine": {"decision": "ignore", "owner": "bob"}}}, indent=1)
    with open(state, "w") as f:
        f.write(state_text)
    # A crash found by `ftport test`, in the local store.
    os.makedirs(os.path.join(cache, "tests"))
    with open(os.path.join(cache, "tests", "charset-normalizer.json"), "w") as f:
        # Schema 1 kept no ABI: the interpreter's version and build it names give it.
        json.dump({"schema": 1, "name": "charset-normalizer", "version": "3.4.7",
                   "result": "crashed", "signal": "SIGSEGV", "step": "command",
                   "seconds": 1.5, "when": 1765000000, "python_version": "3.14.0",
                   "free_threaded": True, "modules": []}, f)

    # --- Markdown, from a subdirectory: the state is found at the work tree's root.
    out = os.path.join(proj, "PORTING.md")
    env = dict(env, SOURCE_DATE_EPOCH="1765015200")
    rc, so, se = run(["export", "-o", out] + base, env, sub)
    check(rc == 0 and so == "", "export -o: exit %d, stdout %r, stderr %s" % (rc, so[:80], se.strip()[:300]))
    md = open(out, encoding="utf-8").read()
    check(md.startswith("# Free-threading porting checklist: proj\n"), "title names the project")
    check("- Exported: 2025-12-06 10:00 UTC" in md, "SOURCE_DATE_EPOCH sets the date")
    check("- Targets: cp314t on linux-x86\\_64" in md, "targets in the header")
    numpy = item(md, "numpy") or ""
    check(section_of(md, "numpy") == "blockers" and "**Leaf blocker.**" in numpy
          and "Chain: numpy blocks app." in numpy, "numpy: leaf blocker with its chain: %s" % numpy)
    check("Upstream: [numpy/numpy#26157](https://github.com/numpy/numpy/issues/26157)" in numpy,
          "numpy: the tracking table's upstream issue")
    check("owner: alice · note: ask about 2.1" in numpy and "decision: waiting" in numpy,
          "numpy: owner, note and decision from the state")
    ms = item(md, "markupsafe") or ""
    check(section_of(md, "markupsafe") == "upgrades" and '`pip install "markupsafe>=3.0.3"`' in ms,
          "markupsafe: upgrade with the exact pip line: %s" % ms)
    cn = item(md, "charset-normalizer") or ""
    check(section_of(md, "charset-normalizer") == "blockers" and "crashed (SIGSEGV)" in cn,
          "a crash under PYTHON_GIL=0 overrides ready: %s" % cn)
    check(section_of(md, "mine") == "ignored" and "owner: bob" in (item(md, "mine") or ""),
          "ignored package in its own section")
    check(section_of(md, "requests") == "ready" and (item(md, "requests") or "").startswith("- [x]"),
          "ready packages ticked")
    check("1 ignored, not counted" in md and "**5 packages**" in md, "summary leaves the ignored out")
    # One checklist: the Markdown file written is recorded in the state (relative to the
    # project root) for the UI's e, and nothing else of the state changes.
    want = json.loads(state_text)
    want["checklist"] = "PORTING.md"
    check(json.load(open(state)) == want,
          "export keeps the state as it was and records the checklist it wrote: %s"
          % open(state).read()[:300])

    # --- edited by hand, then exported again after the state changed.
    md = md.replace("- [ ] **numpy**", "- [x] **numpy**")
    md = md.replace("owner: alice · note: ask about 2.1", "owner: @carol · note: fork it if 2.1 slips")
    md = md.replace("## Upgrades", "We agreed on this on Monday.\n\n## Upgrades")
    md = "\n".join(l for l in md.splitlines() if not l.endswith("<!-- ftport:requests -->")) + "\n"
    md = md.replace("<!-- ftport:markupsafe -->", "<!-- ftport:markupsafe -->\n  - [ ] pin it in setup.cfg")
    md += "\n## Links\n\nSee the wiki.\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(md)
    with open(state, "w") as f:
        f.write(json.dumps({"packages": {"mine": {"owner": "bob"}}}))   # no longer ignored
    rc, so, se = run(["export", "-o", out] + base, env, sub)
    md2 = open(out, encoding="utf-8").read()
    check(rc == 0, "re-export: exit %d %s" % (rc, se.strip()[:200]))
    n2 = item(md2, "numpy") or ""
    check(n2.startswith("- [x]") and "owner: @carol · note: fork it if 2.1 slips" in n2,
          "re-export keeps the tick, owner and note written by hand: %s" % n2)
    check("We agreed on this on Monday." in md2 and md2.rstrip().endswith("## Links\n\nSee the wiki."),
          "re-export keeps the paragraphs written by hand")
    check("<!-- ftport:markupsafe -->\n  - [ ] pin it in setup.cfg\n" in md2, "sub-task kept under its item")
    check(item(md2, "requests") is not None, "the deleted item is back")
    check(section_of(md2, "mine") == "testing", "mine moved out of ignored when the decision went")
    check(md2.count("<!-- ftport:numpy -->") == 1, "no item twice")

    # --- -o -, --format, the format from the extension.
    rc, so, se = run(["export", "-o", "-"] + base, env, sub)
    check(rc == 0 and so.startswith("# Free-threading porting checklist"), "-o -: Markdown on stdout")
    rc, so, se = run(["export"] + base, env, sub)
    check(rc == 0 and "<!-- ftport:numpy -->" in so, "no -o: stdout")
    csv_out = os.path.join(root, "list.csv")
    rc, so, se = run(["export", "-o", csv_out, "--target", "3.13t", "--target", "3.14t"] + base, env, sub)
    rows = list(csv.DictReader(io.StringIO(open(csv_out, encoding="utf-8", newline="").read())))
    check(rc == 0 and len(rows) == 12, "CSV: one row per package and target: %d rows" % len(rows))
    check(rows and set(rows[0]) == {"name", "version", "target", "platform", "status", "section",
                                    "leaf_blocker", "fix", "owner", "note", "decision",
                                    "test_status", "upstream", "chain"}, "CSV columns")
    targets = sorted({r["target"] for r in rows if r["name"] == "numpy"})
    check(targets == ["cp313t", "cp314t"], "CSV: numpy per target %s" % targets)
    m = [r for r in rows if r["name"] == "mine"]
    check(m and m[0]["owner"] == "bob", "CSV carries the owner")
    rc, so, se = run(["export", "--format", "json", "-o", os.path.join(root, "x.md")] + base, env, sub)
    doc = json.load(open(os.path.join(root, "x.md")))
    pk = {p["name"]: p for p in doc["packages"]}
    check(rc == 0 and doc["schema_version"] == 1 and doc["project"] == "proj",
          "--format wins over the extension: JSON")
    check(pk["numpy"]["section"] == "blockers" and pk["numpy"]["leaf_blocker"]
          and pk["numpy"]["upstream"][0]["url"].endswith("/issues/26157"), "JSON: numpy")
    check(pk["markupsafe"]["fix"] == 'pip install "markupsafe>=3.0.3"', "JSON: the pip line")
    check(pk["charset-normalizer"]["last_test"]["result"] == "crashed"
          and pk["charset-normalizer"]["last_test"]["signal"] == "SIGSEGV", "JSON: the last test")

    # --- a checklist ftport cannot merge into, or must not replace: refused, one line,
    # exit 2, the file byte for byte as it was (each of these exited 0 having lost the
    # edits).
    def refused(args, path, data, want, what):
        with open(path, "wb") as f:
            f.write(data)
        rc, so, se = run(args + base, env, sub)
        check(rc == 2 and want in se and se.count("\n") == 1 and se.startswith("ftport: "),
              "%s: refused in one line: exit %d, %s" % (what, rc, se.strip()[:300]))
        check(open(path, "rb").read() == data, "%s: the file is left byte for byte" % what)

    edited = open(out, "rb").read()
    refused(["export", "-o", out], out, edited.replace(b"We agreed", b"We\0agreed"),
            "NUL byte at offset", "a NUL byte")
    refused(["export", "-o", out], out, b"\xff\xfe" + edited.decode("utf-8").encode("utf-16-le"),
            "UTF-16", "UTF-16 with a BOM (Notepad's Unicode)")
    refused(["export", "-o", out], out, edited.decode("utf-8").encode("utf-16-le"),
            "NUL byte", "UTF-16 without a BOM")
    refused(["export", "--format", "csv", "-o", out], out, edited, "not a CSV export",
            "--format csv over the Markdown checklist")
    refused(["export", "--format", "json", "-o", out], out, edited, "not a JSON export",
            "--format json over the Markdown checklist")
    os.chmod(out, 0o444)
    refused(["export", "-o", out], out, edited, "read-only", "a read-only checklist")
    os.chmod(out, 0o644)
    # A CSV or JSON export over its own previous export is replaced as before.
    rc, so, se = run(["export", "-o", csv_out] + base, env, sub)
    check(rc == 0, "CSV over a previous CSV export: exit %d %s" % (rc, se.strip()))
    json_out = os.path.join(root, "x.md")
    rc, so, se = run(["export", "--format", "json", "-o", json_out] + base, env, sub)
    check(rc == 0, "JSON over a previous JSON export: exit %d %s" % (rc, se.strip()))

    # CR-only line ends (old Mac editors): merged, every edit kept, CR written back.
    with open(out, "wb") as f:
        f.write(edited.replace(b"\n", b"\r"))
    rc, so, se = run(["export", "-o", out] + base, env, sub)
    cr = open(out, "rb").read()
    back = cr.replace(b"\r", b"\n").decode("utf-8")
    check(rc == 0 and b"\n" not in cr and "owner: @carol · note: fork it if 2.1 slips" in back
          and "We agreed on this on Monday." in back and back.count("<!-- ftport:numpy -->") == 1,
          "CR-only checklist merged with its line ends: exit %d %s" % (rc, se.strip()))

    # A symlinked checklist is written through its link, keeping its mode; the
    # temporary file a killed export left (its PID gone) is removed.
    shared = os.path.join(root, "shared-PORTING.md")
    with open(shared, "wb") as f:
        f.write(edited)
    os.chmod(shared, 0o664)
    os.unlink(out)
    os.symlink(shared, out)
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = shared + ".tmp.%d" % dead.pid
    with open(stale, "w") as f:
        f.write("half a checklist")
    rc, so, se = run(["export", "-o", out] + base, env, sub)
    check(rc == 0 and os.path.islink(out) and (os.stat(shared).st_mode & 0o777) == 0o664,
          "symlinked checklist: written through the link, mode kept: exit %d %s" % (rc, se.strip()))
    check("owner: @carol" in open(shared, encoding="utf-8").read(), "the link's target merged")
    check(not os.path.exists(stale), "a dead export's temporary file is removed")
    os.unlink(out)
    with open(out, "wb") as f:
        f.write(edited)

    # --- a corrupt state: line and column, nothing written, the file untouched.
    broken = '{\n  "packages": {\n    "numpy": {"owner": "a",,}\n  }\n}\n'
    with open(state, "w") as f:
        f.write(broken)
    before = open(out, encoding="utf-8").read()
    rc, so, se = run(["export", "-o", out] + base, env, sub)
    check(rc == 2 and "state.json:3:" in se and se.count("\n") == 1,
          "corrupt state: exit %d, one line with line and column: %s" % (rc, se.strip()))
    check(open(state).read() == broken and open(out, encoding="utf-8").read() == before,
          "corrupt state: state and checklist untouched")
    rc, so, se = run(["export", "--state", os.path.join(root, "none.json"), "-o", "-"] + base, env, sub)
    check(rc == 0 and "owner: —" in (item(so, "numpy") or ""), "--state FILE overrides (missing: empty)")

    # --- ignored_blocks_nothing: numpy ignored blocks nothing above it: app's chain
    # names it as ignored (not dropped), numpy is no leaf blocker (it was both above).
    ign = os.path.join(root, "ignore.json")
    with open(ign, "w") as f:
        json.dump({"packages": {"numpy": {"decision": "ignore"}}}, f)
    rc, so, se = run(["export", "--format", "json", "--state", ign, "-o", "-"] + base, env, sub)
    pk = {p["name"]: p for p in json.loads(so)["packages"]} if rc == 0 else {}
    check(pk.get("numpy", {}).get("section") == "ignored" and
          pk.get("numpy", {}).get("leaf_blocker") is False and
          pk.get("app", {}).get("chain") == "numpy (ignored) blocks app",
          "ignored_blocks_nothing: numpy ignored: no leaf blocker, marked in the chain (%d, %r)"
          % (rc, {n: (pk.get(n, {}).get("leaf_blocker"), pk.get(n, {}).get("chain"))
                  for n in ("numpy", "app")}))
    rc, so, se = run(["export", "--state", ign, "-o", "-"] + base, env, sub)
    check("Chain: numpy blocks app" not in so and
          "Held back: numpy (ignored) blocks app." in (item(so, "app") or ""),
          "ignored_blocks_nothing: the Markdown marks numpy as ignored in app's chain: %r"
          % item(so, "app"))

    # --- --upstream: the forge's issues on the items of packages that are not fine.
    api = ftlib.FakeIndex("--forge", os.path.join(FIX, "forge"),
                          "--json-dir", os.path.join(FIX, "pypi", "micropip"))
    site2 = os.path.join(root, "site2")
    make_dist(site2, "srchpkg", "1.0", "compiled",
              headers=["Project-URL: Source, https://github.com/octokit-fixture-org/search"])
    make_dist(site2, "snowballstemmer", "2.2.0", "pure",
              headers=["Project-URL: Source, https://github.com/octokit-fixture-org/search"])
    args = ["export", "-o", "-", "--upstream", "--path", site2, "--index-url", api.url,
            "--github-api", api.base, "--cache-dir", os.path.join(root, "cache2"),
            "--platform", "linux-x86_64", "--state", os.path.join(root, "none.json")]
    rc, so, se = run(args, env, sub)
    line = item(so, "srchpkg") or ""
    rec = "octokit-fixture-org/tmp-scenario-search-issues-20220719044045959-jlcli"
    check(rc == 0 and ("Upstream: [%s#2](https://github.com/%s/issues/2) (open), [%s#1]"
                       % (rec, rec, rec)) in line,
          "--upstream: the forge's issues linked: %s %s" % (line, se.strip()[:200]))
    check("Upstream:" not in (item(so, "snowballstemmer") or "x"),
          "--upstream: a package that is fine is not asked about")

    # --- a folded Name: header ("Name: fold\n me" in METADATA): one item however many
    # times it is exported (the newline in its marker added a copy each time).
    site3 = os.path.join(root, "site3")
    make_dist(site3, "foldme", "1.0", "compiled")
    for dirpath, _, files in os.walk(site3):
        if "METADATA" in files:
            meta = os.path.join(dirpath, "METADATA")
            text = open(meta).read().replace("Name: foldme", "Name: fold\n me")
            with open(meta, "w") as f:
                f.write(text)
    folded = os.path.join(root, "FOLDED.md")
    for _ in range(3):
        rc, so, se = run(["export", "-o", folded, "--offline", "--path", site3, "--cache-dir",
                          os.path.join(root, "cache3"), "--state", os.path.join(root, "none.json")],
                         env, sub)
    md = open(folded, encoding="utf-8").read()
    check(rc == 0 and md.count("**fold  me**") == 1 and "<!-- ftport:fold__me -->\n" in md,
          "folded Name: one item after three exports, its marker on one line: exit %d %s"
          % (rc, se.strip()[:200]))

    # --- usage errors.
    for args, what in ((["export", "--format", "xml"], "--format xml"),
                       (["export", "extra"], "an operand"),
                       (["check", "--edit"], "--edit on check"),
                       (["export", "--fail-on", "any"], "--fail-on on export")):
        rc, so, se = run(args + base, env, sub)
        check(rc == 2 and se.startswith("ftport: ") and se.count("\n") == 1,
              "%s: exit %d, %s" % (what, rc, se.strip()))


if __name__ == "__main__":
    sys.exit(ftlib.main("export", body))
