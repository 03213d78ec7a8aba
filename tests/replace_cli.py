#!/usr/bin/env python3
# replace_cli.py: replacements end to end against tests/fakeindex.py: the bundled
# table's suggestion in check (table, json, csv, md) and in the exported checklist; none
# for a version outside its range or a package that is ready itself; the user's table in
# $XDG_CONFIG_HOME/ftport overriding, extending and silencing it; a broken user table
# reported (stderr and the JSON errors) with the bundled table still in force.
"""Needs FTPORT (the binary) and SRCDIR in the environment (make check sets them)."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import SRCDIR, check, make_dist, run  # noqa: E402

FIX = os.path.join(SRCDIR, "tests", "fixtures")


def start_index():
    return ftlib.FakeIndex("--json-dir", os.path.join(FIX, "pypi", "micropip"),
                           "--json-dir", os.path.join(FIX, "pypi", "poetry"),
                           "--wheel-list", os.path.join(FIX, "wheel-lists",
                                                        "ftready-374287e-files.json"))


def check_json(site, idx, env, *extra):
    rc, out, err, _ = run(["--path", site, "check", "--format", "json", "--index-url",
                           idx.url, "--platform", "linux-x86_64"] + list(extra), env)
    doc = json.loads(out) if out.startswith("{") else {"packages": [], "errors": []}
    return rc, doc, {p["name"]: p for p in doc["packages"]}, err


def write_user(env, text):
    d = os.path.join(env["XDG_CONFIG_HOME"], "ftport")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "replacements.json")
    with open(path, "w") as f:
        f.write(text)
    return path


def cases(root, env):
    idx = start_index()
    site = os.path.join(root, "site")
    make_dist(site, "PyYAML", "6.0.1", "compiled")
    make_dist(site, "numpy", "1.25.1", "compiled")
    make_dist(site, "charset-normalizer", "3.4.7", "compiled")
    make_dist(site, "tomli", "2.0.1", "pure")
    newer = os.path.join(root, "site-newer")
    make_dist(newer, "PyYAML", "6.0.3", "compiled")

    # The bundled table.
    rc, doc, pk, err = check_json(site, idx, env)
    check(rc == 0, "check: exit 0 (%d, %s)" % (rc, err.strip()))
    rp = pk["pyyaml"]["replacement"]
    check(rp is not None and rp["replace_with"] == "pyyaml-ft" and rp["source"] and
          not rp["user"], "pyyaml 6.0.1: the bundled suggestion, with its source: %r" % rp)
    check(pk["pyyaml"]["verdicts"][0]["status"] not in ("ready", "pure"),
          "pyyaml 6.0.1 is not ready here (%s)" % pk["pyyaml"]["verdicts"][0]["status"])
    check(pk["tomli"]["verdicts"][0]["status"] == "pure" and
          pk["tomli"]["replacement"] is None,
          "tomli, pure itself: no suggestion though the table has one")
    rc, out, err, _ = run(["--path", site, "check", "--index-url", idx.url,
                           "--platform", "linux-x86_64"], env)
    line = next((ln for ln in out.splitlines() if ln.startswith("PyYAML")), "")
    check("or replace with pyyaml-ft (a fork of pyyaml" in line.lower(),
          "table: the reason says 'or replace with pyyaml-ft (why)': %r" % line[-160:])
    for fmt in ("csv", "md"):
        rc, out, err, _ = run(["--path", site, "check", "--format", fmt, "--index-url",
                               idx.url, "--platform", "linux-x86_64"], env)
        check("replace with pyyaml-ft" in out.lower(), "%s: the suggestion is there" % fmt)
    rc, out, err, _ = run(["--path", site, "export", "--index-url", idx.url,
                           "--platform", "linux-x86_64"], env, cwd=root)
    line = next((ln for ln in out.splitlines() if "**PyYAML**" in ln), "")
    check(rc == 0 and "Or replace with pyyaml-ft (" in line,
          "export: the checklist item says 'Or replace with pyyaml-ft (why)' (%d): %r"
          % (rc, line[:200]))

    rc, doc, pk, err = check_json(newer, idx, env, "--offline")
    check(pk["pyyaml"]["replacement"] is None,
          "pyyaml 6.0.3: outside the entry's versions (<6.0.3): no suggestion")

    # The user's table: extends (numpy), is silent for a ready package
    # (charset-normalizer), overrides and removes (pyyaml: null).
    user = write_user(env, json.dumps({"schema_version": 1, "replacements": [
        {"package": "NumPy", "versions": "<2", "replace_with": "numpy>=2.1",
         "reason": "our team's note"},
        {"package": "charset_normalizer", "replace_with": "something-else",
         "reason": "should not show"},
        {"package": "pyyaml", "replace_with": None},
    ]}))
    rc, doc, pk, err = check_json(site, idx, env)
    rp = pk["numpy"]["replacement"]
    check(rc == 0 and rp is not None and rp["replace_with"] == "numpy>=2.1" and rp["user"],
          "user table: a new entry is shown (%r)" % rp)
    check(pk["charset-normalizer"]["verdicts"][0]["status"] == "ready" and
          pk["charset-normalizer"]["replacement"] is None,
          "user table: no suggestion for a package that is ready itself")
    check(pk["pyyaml"]["replacement"] is None,
          "user table: replace_with null silences the bundled entry")

    # Broken user tables: reported, and the bundled one is used.
    for text, want in (("{ not json", "not valid JSON"),
                       ('{"schema_version": 1, "replacements": [{"package": "x"}]}',
                        "needs \"replace_with\" and \"reason\""),
                       ('{"schema_version": 1, "replacements": [{"package": "x", '
                        '"replace_with": "y", "reason": "z", "versions": ">>1"}]}',
                        "\"versions\""),
                       ('{"schema_version": 2, "replacements": []}',
                        "not a replacements table")):
        write_user(env, text)
        rc, doc, pk, err = check_json(site, idx, env)
        errors = [e["error"] for e in doc.get("errors", []) if e["package"] is None]
        check(rc == 0 and user in err and want in err and "bundled table is used" in err
              and any(user in e for e in errors),
              "broken user table (%s): a warning and a JSON error (%d, %r)" % (want, rc, err))
        check(pk.get("pyyaml", {}).get("replacement", {}) is not None,
              "broken user table (%s): the bundled suggestion is back" % want)
    os.remove(user)


def main():
    return ftlib.main("replace-cli", cases)


if __name__ == "__main__":
    sys.exit(main())
