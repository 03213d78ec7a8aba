#!/usr/bin/env python3
# draft_cli.py: `ftport draft PKG` end to end against tests/fakeindex.py (the index and,
# with --forge, a fake GitHub): the known upstream issues said first, the draft's
# content for a blocked, an abi3-only and a source-only package and for one that
# crashed under PYTHON_GIL=0 (its log excerpt), the file under .ftport/drafts/ (an
# earlier draft kept), the prefilled new-issue URL (decoded, it is the file's title and
# body; under 8 KB, shortened with a note), the template from $XDG_CONFIG_HOME,
# --edit ($EDITOR as an argv vector), --open ($BROWSER), -o - and usage errors.
"""Needs FTPORT (the binary) and SRCDIR in the environment (make check sets them)."""

import json
import os
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, SRCDIR, check, make_dist  # noqa: E402

FIX = os.path.join(SRCDIR, "tests", "fixtures")
SOURCE = "Project-URL: Source, https://github.com/octokit-fixture-org/search"


def run(args, env, cwd):
    p = subprocess.run([FTPORT] + args, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def new_issue_url(out):
    for line in out.splitlines():
        if line.startswith("https://github.com/"):
            return line
    return None


def split_file(text):
    """The draft file's title and body, as ftport reads them back."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return line[2:], "\n".join(lines[i + 1:]).lstrip("\n")
    return None, None


def body(root, env):
    api = ftlib.FakeIndex("--forge", os.path.join(FIX, "forge"),
                          "--json-dir", os.path.join(FIX, "pypi", "micropip"),
                          "--json-dir", os.path.join(FIX, "pypi", "draft"),
                          "--wheel-list", os.path.join(FIX, "wheel-lists",
                                                        "ftready-374287e-files.json"))
    site = os.path.join(root, "site")
    make_dist(site, "numpy", "1.25.1", "compiled", headers=[SOURCE])   # blocked
    make_dist(site, "abionly", "2.0", "abi3",
              headers=["Project-URL: Source, https://gitlab.com/grp/abionly"])
    make_dist(site, "srconly", "1.0", "compiled")                         # source, no repo
    make_dist(site, "snowballstemmer", "2.2.0", "compiled", headers=[SOURCE])
    make_dist(site, "Pure_Dist", "1.0", "pure")                           # pure: nothing to ask
    proj = os.path.join(root, "proj")
    os.makedirs(proj)
    subprocess.run(["git", "init", "-q", proj], check=True)
    cache = os.path.join(root, "cache")
    base = ["--path", site, "--index-url", api.url, "--github-api", api.base,
            "--cache-dir", cache, "--platform", "linux-x86_64"]
    # snowballstemmer crashed under PYTHON_GIL=0: a result in the local store, its log.
    log = os.path.join(root, "snow.log")
    with open(log, "w") as f:
        f.write("".join("collected line %d\n" % i for i in range(50)))
        f.write("Fatal Python error: Segmentation fault\n\x1b[31mThread 0x7f (most recent call first)\n")
    os.makedirs(os.path.join(cache, "tests"))
    with open(os.path.join(cache, "tests", "snowballstemmer.json"), "w") as f:
        json.dump({"schema": 1, "name": "snowballstemmer", "version": "2.2.0", "result": "crashed",
                   "signal": "SIGSEGV", "step": "command", "seconds": 2.5, "when": 1765000000,
                   "python_version": "3.14.0", "free_threaded": True,
                   "command": "python -m pytest -p pytest_run_parallel", "log": log,
                   "modules": ["snowballstemmer"]}, f)

    # --- blocked, with known issues on the forge.
    rc, out, err = run(["draft", "numpy"] + base, env, proj)
    check(rc == 0, "draft numpy: exit %d, %s" % (rc, err.strip()[:300]))
    known = out.find("Known upstream issues in octokit-fixture-org/search:")
    saved = out.find("Draft saved to ")
    check(0 <= known < saved, "the known issues come first: %r" % out[:300])
    check("- octokit-fixture-org/search#2 (open issue)" in out and "Comment on #2 instead?" in out,
          "each known issue, and which to comment on")
    path = os.path.join(proj, ".ftport", "drafts", "numpy.md")
    check(os.path.isfile(path) and ("Draft saved to %s\n" % path) in out, "saved under .ftport/drafts/")
    text = open(path, encoding="utf-8").read()
    check(text.startswith("<!--\nKnown upstream issues in octokit-fixture-org/search"),
          "the draft opens with the known issues, as a comment")
    title, bod = split_file(text)
    check(title == "Free-threaded CPython 3.14t (cp314t) wheels for linux-x86_64", "title: %r" % title)
    check("numpy 1.25.1" in bod and "**blocked**" in bod and "cp39 cp310 cp311" in bod,
          "blocked: versions, status and the wheels that exist")
    check("installed 1.25.1 cp314t wheels: none" in bod, "and the ones that are missing")
    for link in ("porting-extensions/", "testing/", "thread_sanitizer/", "ci/"):
        check("https://py-free-threading.github.io/%s" % link in bod, "guide link %s" % link)
    check("pytest-run-parallel" in bod and "Not tested yet" in bod, "four steps; not tested yet")
    url = new_issue_url(out)
    check(url is not None and url.startswith(
        "https://github.com/octokit-fixture-org/search/issues/new?title=") and len(url) <= 8192,
        "a new-issue URL under 8 KB: %r" % (url or "")[:120])
    if url:
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query, keep_blank_values=True)
        check(q.get("title") == [title] and q.get("body") == [bod],
              "the URL decodes to the file's title and body")
    check("nothing is posted" in out, "says nothing is posted")

    # Again: the package's one draft is used, kept as it is (someone may have edited
    # it); no numpy-2.md beside it.
    with open(path, "a", encoding="utf-8") as f:
        f.write("\nEdited by a person.\n")
    rc, out, err = run(["draft", "NumPy"] + base, env, proj)
    check(rc == 0 and ("Draft already at %s: kept as it is" % path) in out and
          open(path, encoding="utf-8").read().endswith("Edited by a person.\n") and
          sorted(os.listdir(os.path.dirname(path))) == ["numpy.md"],
          "a second run reuses numpy.md as it is: %r" % out[-200:])
    # --open with no browser: the draft is saved and the URL printed; exit 1, not 2.
    rc, out, err = run(["draft", "numpy", "--open"] + base,
                       dict(env, BROWSER="/nonexistent/browser"), proj)
    check(rc == 1 and new_issue_url(out) and "cannot run /nonexistent/browser" in err,
          "--open without a browser: the URL printed, exit 1 (%d, %s)" % (rc, err.strip()))
    # Ready or pure: nothing to ask upstream, unless --force.
    rc, out, err = run(["draft", "pure_dist"] + base, env, proj)
    check(rc == 1 and "Pure_Dist is pure" in err and "--force" in err and
          not os.path.exists(os.path.join(proj, ".ftport", "drafts", "pure-dist.md")),
          "a pure package: refused, nothing written (%d, %s)" % (rc, err.strip()))
    rc, out, err = run(["draft", "pure_dist", "--force", "-o", "-"] + base, env, proj)
    check(rc == 0 and "Pure\\_Dist 1.0" in out, "--force drafts it anyway (%d, %s)" % (rc, err.strip()))

    # --- abi3-only on GitLab; source-only with no repository.
    rc, out, err = run(["draft", "abionly", "-o", "-"] + base, env, proj)
    title, bod = split_file(out)
    check(rc == 0 and title == "Wheels for free-threaded CPython 3.14t: the abi3 wheels do not "
          "load on cp314t", "abi3-only title: %r" % title)
    check("**abi3**" in (bod or "") and "installed 2.0 for linux-x86_64: abi3, sdist" in (bod or "")
          and "installed 2.0 cp314t wheels: none" in (bod or ""), "abi3-only: status and wheels")
    rc, out, err = run(["draft", "abionly"] + base, env, proj)
    check(rc == 0 and "https://gitlab.com/grp/abionly/-/issues/new?issue%5Btitle%5D=" in out,
          "GitLab: its new-issue form")
    rc, out, err = run(["draft", "srconly", "-o", os.path.join(root, "src.md")] + base, env, proj)
    text = open(os.path.join(root, "src.md"), encoding="utf-8").read()
    title, bod = split_file(text)
    check(rc == 0 and "builds from source" in title and "**source**" in bod and "sdist" in bod,
          "source-only: %r" % title)
    check("No GitHub or GitLab project is known for srconly" in out, "no repository: says so")

    # --- a crash under PYTHON_GIL=0: the result and the end of its log.
    rc, out, err = run(["draft", "snowballstemmer", "-o", "-"] + base, env, proj)
    title, bod = split_file(out)
    check(rc == 0 and title == "snowballstemmer crashed (SIGSEGV) in the test command after 2.5 s "
          "under free-threaded CPython 3.14t", "crash title: %r" % title)
    check("CPython 3.14.0 (free-threaded build)" in bod and "Segmentation fault" in bod
          and "collected line 49" in bod and "collected line 10\n" not in bod,
          "the test result with the last lines of its log")
    check("\x1b" not in out, "no escape sequence from the log")

    # --- the user's template; --edit; --open.
    tdir = os.path.join(root, "xdg-config", "ftport")
    os.makedirs(tdir)
    with open(os.path.join(tdir, "draft.md"), "w") as f:
        f.write("# {{package}} on {{abi}}: {{status}}\n\nOurs. {{unknown_thing}} {{wheels}}\n" * 1
                + "{{wheels}}\n" * 60)
    edit = os.path.join(root, "edit.py")
    with open(edit, "w") as f:
        f.write("import sys\np = sys.argv[1]\ns = open(p).read().replace('Ours.', 'Edited & ours.')\n"
                "open(p, 'w').write(s)\n")
    opened = os.path.join(root, "opened.txt")
    browser = os.path.join(root, "browser.py")
    with open(browser, "w") as f:
        # Written aside, then renamed: the test reads it as soon as the name exists.
        f.write("#!%s\nimport os, sys\nopen(%r, 'w').write(sys.argv[1])\nos.rename(%r, %r)\n"
                % (sys.executable, opened + ".tmp", opened + ".tmp", opened))
    os.chmod(browser, 0o755)
    env2 = dict(env, VISUAL="", EDITOR="%s %s" % (sys.executable, edit), BROWSER=browser)
    rc, out, err = run(["draft", "numpy", "--edit", "--open", "-o", os.path.join(root, "mine.md")]
                       + base, env2, proj)
    text = open(os.path.join(root, "mine.md"), encoding="utf-8").read()
    check(rc == 0 and "# numpy on cp314t: blocked" in text and "{{unknown_thing}}" in text,
          "the template from $XDG_CONFIG_HOME/ftport/, unknown names kept (%d %s)" % (rc, err.strip()))
    check("Edited & ours." in text, "--edit ran $EDITOR (an argv vector) on the file")
    url = new_issue_url(out) or ""
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    check(len(url) <= 8192 and "shortened to fit in 8 KB" in out
          and q.get("body", [""])[0].startswith("Edited & ours.")
          and "_(Shortened to fit in a link" in q.get("body", [""])[0],
          "a long draft: the URL's body edited, cut, with a note (%d bytes)" % len(url))
    deadline = time.monotonic() + 20
    while not os.path.exists(opened) and time.monotonic() < deadline:
        time.sleep(0.05)
    check(os.path.exists(opened) and open(opened).read() == url, "--open handed the URL to $BROWSER")

    # $EDITOR is split into words as a shell would: a quoted path with a space is one
    # word, and the options after it stay its own (it was split at every blank).
    spaced = os.path.join(root, "My Ed")
    os.makedirs(spaced, exist_ok=True)
    ed = os.path.join(spaced, "ed")
    with open(ed, "w") as f:
        f.write("#!%s\nimport sys\nassert sys.argv[1] == '-w', sys.argv\n"
                "p = sys.argv[2]\nopen(p, 'a').write('Quoted editor ran.\\n')\n" % sys.executable)
    os.chmod(ed, 0o755)
    env3 = dict(env, VISUAL="", EDITOR='"%s" -w' % ed)
    rc, out, err = run(["draft", "numpy", "--edit", "-o", os.path.join(root, "quoted.md")] + base,
                       env3, proj)
    text = open(os.path.join(root, "quoted.md"), encoding="utf-8").read()
    check(rc == 0 and "Quoted editor ran." in text,
          "EDITOR='\"/path/My Ed/ed\" -w' ran that editor with -w (%d %s)" % (rc, err.strip()))

    # --- errors.
    for args, what in ((["draft"], "no package"), (["draft", "a", "b"], "two packages"),
                       (["draft", "numpy", "-o", "-", "--edit"], "--edit with -o -"),
                       (["draft", "numpy", "--fail-on", "any"], "--fail-on")):
        rc, out, err = run(args + base, env, proj)
        check(rc == 2 and err.startswith("ftport: ") and err.count("\n") == 1,
              "%s: exit %d, %s" % (what, rc, err.strip()))
    rc, out, err = run(["draft", "not-there"] + base, env, proj)
    check(rc == 2 and "not-there is not installed" in err, "not installed: %s" % err.strip())


if __name__ == "__main__":
    sys.exit(ftlib.main("draft", body))
