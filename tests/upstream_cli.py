#!/usr/bin/env python3
# upstream_cli.py: `ftport upstream` against fake GitHub and GitLab APIs (tests/fakeindex.py
# --forge): recorded answers, pagination, the tracking issue, rate limits (403 with
# x-ratelimit-remaining: 0, 429 with Retry-After, remaining 0 on a success), 422, 500,
# invalid JSON, escape sequences in titles, the day's cache, --offline, and a token that
# never reaches another host after a redirect nor the cache or the output.
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FakeIndex, check, make_dist, run  # noqa: E402

FORGE = os.path.join(ftlib.HERE, "fixtures", "forge")
TOKEN = "ghp_testtoken_123456"


def site_with(root, pkgs):
    """pkgs: name -> list of METADATA lines."""
    site = os.path.join(root, "site-%d" % len(os.listdir(root)))
    for name, headers in pkgs.items():
        make_dist(site, name, "1.0", headers=headers)
    return site


def src(repo):
    return ["Project-URL: Source, https://github.com/%s/tree/main" % repo]


def upstream(api, site, cache, names, env, *extra):
    return run(["upstream", "--json", "--path", site, "--github-api", api.base,
                "--cache-dir", cache] + list(extra) + names, env)


def pkgs_of(out):
    try:
        return {p["name"]: p for p in json.loads(out)["packages"]}
    except ValueError:
        return {}


def case_recorded_and_pagination(api, root, env):
    site = site_with(root, {"recorded": src("octokit-fixture-org/search"),
                            "paged": src("fixture/paginate.git"),
                            "tracked": ["Home-page: https://github.com/fixture/tracking"]})
    # The tracking issue comes from the bundled table; this one is named by --repo's
    # neighbour: a package whose tracking issue the search does not find.
    cache = os.path.join(root, "c1")
    rc, out, err, _ = upstream(api, site, cache, ["recorded", "paged"], env)
    got = pkgs_of(out)
    check(rc == 0, "upstream: exit 0 when every package was answered (%d: %s)" % (rc, err))
    r = got.get("recorded", {})
    check(r.get("repository", {}).get("url") == "https://github.com/octokit-fixture-org/search"
          and r["repository"]["from"] == "Project-URL Source",
          "Project-URL Source, /tree/main stripped: %r" % r.get("repository"))
    nums = [i["number"] for i in r.get("items", [])]
    check(nums == [2, 1], "recorded search: both issues once (two queries, deduplicated), "
          "latest first: %r" % nums)
    check(all(i["kind"] == "issue" and i["state"] == "open" for i in r.get("items", [])),
          "recorded search: kind and state")
    p = got.get("paged", {})
    check(len(p.get("items", [])) == 13 and p.get("total") == 13,
          "Link pagination followed through 5 pages: %d items" % len(p.get("items", [])))
    log = [e for e in api.forge_log() if "paginate" in e["query"]]
    check(len([e for e in log if "&page=" in e["query"]]) == 4,
          "pages 2..5 asked once each: %r" % [e["query"][-8:] for e in log])
    check(all(e["authorization"] is None for e in api.forge_log()),
          "no token set: no Authorization header sent")

    # A second run within the day: from the cache, nothing asked, the entries untouched
    # (rewriting them would renew them for another day).
    def cache_files():
        return {os.path.join(d, f): open(os.path.join(d, f), "rb").read()
                for d, _, fs in os.walk(cache) for f in fs}
    files = cache_files()
    before = len(api.forge_log())
    rc, out2, err, _ = upstream(api, site, cache, ["recorded", "paged"], env)
    check(files and cache_files() == files, "a cached answer leaves its entry as it was")
    check(rc == 0 and len(api.forge_log()) == before and
          pkgs_of(out2).get("paged", {}).get("cached") is True and
          len(pkgs_of(out2)["paged"]["items"]) == 13,
          "second run answered from the cache (%d requests)" % (len(api.forge_log()) - before))
    rc, out3, err, _ = upstream(api, site, cache, ["recorded"], env, "--offline")
    check(rc == 0 and len(pkgs_of(out3).get("recorded", {}).get("items", [])) == 2,
          "--offline: the cache answers")
    rc, out3, err, _ = upstream(api, site, os.path.join(root, "empty-cache"), ["recorded"], env,
                                "--offline")
    check(rc == 1 and "not in the cache" in out3 and len(api.forge_log()) == before,
          "--offline with an empty cache: no request, exit 1")
    rc, out3, err, _ = upstream(api, site, cache, ["recorded"], env, "--refresh")
    check(rc == 0 and len(api.forge_log()) == before + 2, "--refresh asks again")

    # Text output.
    rc, out, err, _ = run(["upstream", "--path", site, "--github-api", api.base,
                           "--cache-dir", cache, "recorded"], env)
    check(rc == 0 and "issue #2 open: Sesame seeds split without a pop!" in out and
          "https://github.com/octokit-fixture-org/tmp-scenario-search-issues" in out,
          "text output: one line per finding and its URL: %r" % out[:300])

    # The tracking issue: not found by the search, asked for by number, first.
    rc, out, err, _ = upstream(api, site, cache, ["tracked"], env,
                               "--repo", "https://github.com/fixture/tracking/issues")
    t = pkgs_of(out).get("tracked", {})
    check(t.get("repository", {}).get("from") == "--repo", "--repo overrides")


def case_tracking(api, root, env):
    # The bundled tracking table knows numpy's issue; here the data dir is a copy whose
    # numpy row points at the fake repository.
    data = os.path.join(root, "data")
    os.makedirs(data)
    with open(os.path.join(ftlib.SRCDIR, "data", "snapshot.json"), encoding="utf-8") as f:
        snap = json.load(f)
    snap["packages"]["trackpkg"] = {"wheels": "no-ft-wheels", "tracked_as": "trackpkg",
                                    "upstream_issue": "https://github.com/fixture/tracking/issues/77"}
    with open(os.path.join(data, "snapshot.json"), "w", encoding="utf-8") as f:
        json.dump(snap, f)
    site = site_with(root, {"trackpkg": []})
    e = dict(env, FTPORT_DATA_DIR=data)
    rc, out, err, _ = upstream(api, site, os.path.join(root, "c2"), ["trackpkg"], e)
    t = pkgs_of(out).get("trackpkg", {})
    items = t.get("items", [])
    check(rc == 0 and t.get("repository", {}).get("from") == "tracking table" and
          items and items[0]["number"] == 77 and items[0]["tracking"] is True,
          "no Project-URL: the tracking table's repository; its issue #77 fetched and first: "
          "%r %r" % (t.get("repository"), items[:1]))


def case_faults(api, root, env):
    site = site_with(root, {"r403": src("fault/ratelimit-403"), "r429": src("fault/ratelimit-429"),
                            "rlong": src("fault/ratelimit-long"), "r422": src("fault/422"),
                            "rever": src("fault/ratelimit-forever"),
                            "r500": src("fault/500"), "rbad": src("fault/badjson"),
                            "resc": src("fixture/escapes"), "rzero": src("fault/remaining0"),
                            "norepo": ["Home-page: https://example.org/proj"]})
    cache = os.path.join(root, "c3")
    rc, out, err, _ = upstream(api, site, cache, ["r403"], env)
    got = pkgs_of(out).get("r403", {})
    check(rc == 0 and got.get("state") == "done" and len(got.get("items", [])) == 2,
          "403 with x-ratelimit-remaining: 0: waited for the reset, then answered (%d)" % rc)
    check("rate limited: next in" in err and "set GITHUB_TOKEN for 30/min" in err,
          "says when the next answer can come: %r" % err)
    log = [e for e in api.forge_log() if "ratelimit-403" in e["query"]]
    check(len(log) == 3 and log[1]["time"] - log[0]["time"] >= 1.0,
          "the refused query asked again after the reset, not before: %r" %
          [round(e["time"] - log[0]["time"], 2) for e in log])

    rc, out, err, _ = upstream(api, site, cache, ["r429"], env)
    got = pkgs_of(out).get("r429", {})
    log = [e for e in api.forge_log() if "ratelimit-429" in e["query"]]
    check(rc == 0 and len(got.get("items", [])) == 2 and len(log) == 3 and
          log[1]["time"] - log[0]["time"] >= 0.9,
          "429 with Retry-After: 1: asked again a second later (%d)" % rc)

    rc, out, err, _ = upstream(api, site, cache, ["rzero"], env)
    log = [e for e in api.forge_log() if "remaining0" in e["query"]]
    check(rc == 0 and len(log) == 2 and log[1]["time"] - log[0]["time"] >= 1.0,
          "x-ratelimit-remaining: 0 on a success holds the next request until the reset")
    got = pkgs_of(out).get("rzero", {})
    check(got.get("items", [{}])[0].get("state") == "merged" and
          got["items"][0]["kind"] == "pr", "a merged pull request: kind pr, state merged")

    rc, out, err, _ = upstream(api, site, cache, ["rlong"], env)
    got = pkgs_of(out).get("rlong", {})
    check(rc == 1 and "rate limited by" in (got.get("error") or "") and
          "set GITHUB_TOKEN" in got["error"],
          "a reset an hour away: fails at once, saying until when: %r" % got.get("error"))

    # Retry-After: 1 for ever: the waits of one package add up to a cap, then it fails.
    rc, out, err, _ = upstream(api, site, cache, ["rever"], env)
    got = pkgs_of(out).get("rever", {})
    log = [e for e in api.forge_log() if "ratelimit-forever" in e["query"]]
    check(rc == 1 and "rate limited by" in (got.get("error") or "") and
          "gave up" in got["error"] and 2 <= len(log) <= 10,
          "Retry-After: 1 for ever: fails after a bounded wait (%d requests): %r" %
          (len(log), got.get("error")))

    rc, out, err, _ = upstream(api, site, cache, ["r422", "r500", "rbad", "norepo"], env)
    got = pkgs_of(out)
    check(rc == 1, "failures: exit 1")
    check("HTTP 422: Validation Failed" in (got.get("r422", {}).get("error") or ""),
          "422: the forge's message: %r" % got.get("r422", {}).get("error"))
    check("HTTP 500 after 3 attempts" in (got.get("r500", {}).get("error") or ""),
          "500: retried, then one line: %r" % got.get("r500", {}).get("error"))
    check("not JSON" in (got.get("rbad", {}).get("error") or ""),
          "invalid JSON: one line: %r" % got.get("rbad", {}).get("error"))
    n = got.get("norepo", {})
    check(n.get("repository", {}).get("forge") == "link" and
          "not on GitHub or GitLab" in (n.get("error") or ""),
          "a plain home page: shown as a link, nothing searched: %r" % n.get("error"))
    # Failures are not cached: the next run asks again.
    before = len(api.forge_log())
    upstream(api, site, cache, ["r422"], env)
    check(len(api.forge_log()) > before, "a failure is not cached")

    bidi = [chr(c) for c in list(range(0x202a, 0x202f)) + list(range(0x2066, 0x206a))]
    # Exports link the forge's findings for packages that are not fine: a compiled one.
    site_esc = os.path.join(root, "site-esc")
    make_dist(site_esc, "resc", "1.0", "compiled", headers=src("fixture/escapes"))
    for args in (["upstream", "--json"], ["upstream"],
                 ["export", "-o", "-", "--upstream", "--offline"],
                 ["export", "-o", "-", "--upstream", "--offline", "--format", "json"]):
        rc, out, err, _ = run(args[:1] + ["--path", site if args[0] == "upstream" else site_esc,
                                          "--github-api", api.base,
                                          "--cache-dir", cache] +
                              (["resc"] if args[0] == "upstream" else []) + args[1:], env)
        check(rc == 0 and "\x1b" not in out + err and "\x07" not in out + err and
              "\u009b" not in out + err and not [c for c in bidi if c in out + err] and
              # The Markdown checklist links an issue by its number, not its title.
              ("fixture/escapes#3" in out if "--format" not in args and args[0] == "export"
               else "Evil" in out and "title" in out and "exe.txt" in out) and
              (args[0] == "export" or "blink" in out),
              "escape sequences and bidi controls in titles and labels never reach the "
              "output (%s): %d" % (" ".join(args), rc))


def case_token_redirect(api, root, env):
    other = FakeIndex("--forge", FORGE)
    api2 = FakeIndex("--forge", FORGE, "--redirect-base",
                     "http://localhost:%d/" % other.port)
    site = site_with(root, {"redir": src("fault/redirect"), "plain": src("octokit-fixture-org/search")})
    cache = os.path.join(root, "c4")
    e = dict(env, GITHUB_TOKEN=TOKEN)
    rc, out, err, _ = run(["upstream", "-v", "--json", "--path", site, "--github-api", api2.base,
                           "--cache-dir", cache, "redir", "plain"], e)
    first = api2.forge_log()
    second = other.forge_log()
    check(any(x["authorization"] == "Bearer " + TOKEN for x in first),
          "the token goes to the API host: %r" % [x["authorization"] for x in first][:3])
    check(len(second) >= 1 and all(x["authorization"] is None for x in second),
          "after a redirect to another host, no token: %r" % second)
    check(len(pkgs_of(out).get("redir", {}).get("items", [])) == 2,
          "the redirected search still answers")
    leaked = [os.path.join(d, f) for d, _, fs in os.walk(cache) for f in fs
              if TOKEN.encode() in open(os.path.join(d, f), "rb").read()]
    check(os.path.isdir(cache) and not leaked, "the token is in no cache file: %r" % leaked)
    check(TOKEN not in out and TOKEN not in err, "the token is not in the output or the log")
    check("set GITHUB_TOKEN" not in err, "with a token, no hint to set one")

    # GH_TOKEN works too; GITLAB_TOKEN goes to --gitlab-api only.
    gl_site = site_with(root, {"glpkg": ["Project-URL: Repository, https://gitlab.example.org/group/sub/proj/-/tree/main"]})
    e2 = dict(env, GITLAB_TOKEN="glpat-secret")
    rc, out, err, _ = run(["upstream", "--json", "--path", gl_site, "--gitlab-api",
                           api2.base + "/api/v4", "--cache-dir", cache, "glpkg"], e2)
    g = pkgs_of(out).get("glpkg", {})
    items = g.get("items", [])
    check(rc == 0 and g.get("repository", {}).get("forge") == "gitlab" and
          g["repository"]["url"] == "https://gitlab.example.org/group/sub/proj",
          "GitLab: a self-hosted gitlab.* host, /-/tree/main stripped: %r" % g.get("repository"))
    check([(i["kind"], i["number"], i["state"]) for i in items] == [("issue", 5, "open"), ("pr", 9, "merged")],
          "GitLab: issues and merge requests searched, each once: %r" % items)
    gl = [x for x in api2.forge_log() if x["path"].startswith("/api/v4/")]
    check(len(gl) == 4 and all(x["authorization"] == "Bearer glpat-secret" for x in gl),
          "GitLab: 2 terms x issues and merge requests, GITLAB_TOKEN sent to --gitlab-api")
    # A GitLab 429 with RateLimit-* and Retry-After: asked again a second later.
    gl2 = site_with(root, {"gllim": ["Project-URL: Source, https://gitlab.com/group/limited"]})
    rc, out, err, _ = run(["upstream", "--json", "--path", gl2, "--gitlab-api",
                           api2.base + "/api/v4", "--cache-dir", cache, "gllim"], env)
    g = pkgs_of(out).get("gllim", {})
    log = [x for x in api2.forge_log() if "group%2Flimited" in x["path"]]
    check(rc == 0 and len(g.get("items", [])) == 2 and len(log) == 5 and
          log[1]["time"] - log[0]["time"] >= 0.9 and "set GITLAB_TOKEN" in err,
          "GitLab 429: waited, asked again, answered (%d requests): %r" % (len(log), err))
    other.stop()
    api2.stop()


def case_token_elsewhere(api, root, env):
    """GH_TOKEN goes to the API host alone; neither it nor GITLAB_TOKEN reaches the
    cache, the log, an exported checklist or a draft made from the cached findings."""
    gh, gl = "ghp_other_987654", "glpat-other-secret"
    site = site_with(root, {"tok": src("octokit-fixture-org/search")})
    cache = os.path.join(root, "c7")
    work = os.path.join(root, "tokproj")
    os.makedirs(work)
    e = dict(env, GH_TOKEN=gh, GITLAB_TOKEN=gl)
    e.pop("GITHUB_TOKEN", None)
    before = len(api.forge_log())
    rc, out, err, _ = run(["upstream", "-v", "--json", "--path", site, "--github-api", api.base,
                           "--cache-dir", cache, "tok"], e, cwd=work)
    sent = api.forge_log()[before:]
    check(rc == 0 and sent and all(x["authorization"] == "Bearer " + gh for x in sent),
          "GH_TOKEN is sent to the API host: %r" % [x["authorization"] for x in sent][:3])
    texts = [out, err]
    rc, md, err2, _ = run(["export", "--upstream", "--offline", "-o", "-", "--path", site,
                           "--github-api", api.base, "--cache-dir", cache], e, cwd=work)
    check(rc == 0 and "tok" in md, "export --upstream from the cached findings (%d): %s"
          % (rc, err2.strip()[:200]))
    rc, dr, err3, _ = run(["draft", "tok", "--force", "--offline", "-o", "-", "--path", site,
                           "--github-api", api.base, "--cache-dir", cache], e, cwd=work)
    check(rc == 0 and "tok" in dr, "a draft from the cached findings (%d): %s"
          % (rc, err3.strip()[:200]))
    texts += [md, err2, dr, err3]
    for d in (cache, work):
        for dirpath, _, files in os.walk(d):
            for f in files:
                with open(os.path.join(dirpath, f), "rb") as fh:
                    texts.append(fh.read().decode("utf-8", "replace"))
    check(not [t for t in texts if gh in t or gl in t],
          "neither token is in the output, the log, the export, the draft or a cache file")


def case_check_upstream(api, root, env):
    site = os.path.join(root, "site-check")
    make_dist(site, "cpkg", "1.0", kind="compiled", headers=src("fixture/cpkg"))
    make_dist(site, "purepkg", "1.0", headers=src("fixture/purepkg"))
    cache = os.path.join(root, "c6")
    base = ["check", "--path", site, "--index-url", api.url, "--github-api", api.base,
            "--cache-dir", cache, "--upstream"]
    before = len(api.forge_log())
    rc, out, err, _ = run(base + ["--format", "json"], env)
    try:
        pk = {p["name"]: p for p in json.loads(out)["packages"]}
    except ValueError:
        pk = {}
    up = pk.get("cpkg", {}).get("upstream") or {}
    check(rc == 0 and [i["number"] for i in up.get("items", [])] == [10, 11],
          "check --upstream --format json: the compiled package's findings: %r" % up.get("items"))
    check("upstream" in pk.get("purepkg", {}) and pk["purepkg"]["upstream"] is None,
          "a pure package is not asked (null)")
    asked = [e["query"] for e in api.forge_log()[before:]]
    check(all("purepkg" not in q for q in asked) and any("cpkg" in q for q in asked),
          "only the package that is not fine spent the rate limit")
    rc, out, err, _ = run(base, env)
    head = out.splitlines()[0] if out else ""
    row = [l for l in out.splitlines() if l.startswith("cpkg")]
    check("UPSTREAM" in head and row and "issue #10 open +1" in row[0],
          "table: an UPSTREAM column: %r" % (row[:1],))
    rc, out, err, _ = run(base + ["--format", "csv"], env)
    lines = out.splitlines()
    check(lines and lines[0].endswith(",upstream") and
          any(l.startswith("cpkg") and l.endswith("issue #10 open +1") for l in lines),
          "csv: an upstream column")
    rc, out, err, _ = run(base + ["--format", "md"], env)
    check("| Upstream |" in out and "issue #10 open +1" in out, "md: an Upstream column")
    rc, out, err, _ = run(base[:-1], env)
    check("UPSTREAM" not in out, "no --upstream: no column")


def case_check_upstream_interrupted(api, root, env):
    """check --upstream without a token on 12 packages that need asking (and a pure one
    that does not): how many and how long said up front, the rate limit said once (not
    at every turn of the queue), and ^C prints what was found so far."""
    import signal
    import subprocess
    import time
    site = os.path.join(root, "site-many")
    for i in range(12):
        make_dist(site, "many%d" % i, "1.0", kind="compiled", headers=src("fixture/many%d" % i))
    make_dist(site, "manypure", "1.0", headers=src("fixture/manypure"))
    cache = os.path.join(root, "c8")
    e = dict(env)
    e.pop("GITHUB_TOKEN", None)
    e.pop("GH_TOKEN", None)
    before = len(api.forge_log())
    p = subprocess.Popen([ftlib.FTPORT, "check", "--path", site, "--index-url", api.url,
                          "--github-api", api.base, "--cache-dir", cache, "--upstream"],
                         env=e, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    # The first minute's 10 searches (5 packages) go at once; then the queue waits.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and \
            len([x for x in api.forge_log()[before:] if "many" in x["query"]]) < 10:
        time.sleep(0.1)
    time.sleep(1.0)
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    took = time.monotonic() - t0
    out, err = out.decode(), err.decode()
    check("ftport: 12 repositories to ask upstream (24 requests), about 1 min at 10/min; "
          "set GITHUB_TOKEN for 30/min" in err,
          "up front: how many and how long at the current budget: %r" % err[:400])
    check(err.count("rate limited: next in") == 1,
          "the rate limit said once: %d times" % err.count("rate limited: next in"))
    asked = [x["query"] for x in api.forge_log()[before:]]
    check(not any("manypure" in q for q in asked), "the pure package is not asked")
    rows = [ln for ln in out.splitlines() if ln.startswith("many")]
    found = [ln for ln in rows if "issue #10 open +1" in ln]
    stopped = [ln for ln in rows if "not asked (interrupted)" in ln]
    check(p.returncode == 130 and took < 10 and len(rows) == 13 and len(found) >= 5 and
          len(stopped) >= 1 and len(found) + len(stopped) == 12,
          "^C: exit 130 within %.1f s, the table with the %d answered and the %d not asked: "
          "%r %r" % (took, len(found), len(stopped), out[-600:], err[-300:]))
    check("interrupted: what was found so far follows" in err, "^C: said: %r" % err[-300:])


def case_usage(api, root, env):
    site = site_with(root, {"a": [], "b": []})
    rc, out, err, _ = run(["upstream", "--path", site], env)
    check(rc == 2 and "needs at least one package" in err, "no package: usage error")
    rc, out, err, _ = run(["upstream", "--path", site, "--repo", "https://github.com/a/b", "a", "b"], env)
    check(rc == 2 and "--repo" in err, "--repo with two packages: usage error")
    rc, out, err, _ = run(["upstream", "--path", site, "--github-api", api.base,
                           "--cache-dir", os.path.join(root, "c5"), "nosuch"], env)
    check(rc == 1 and "not installed" in err, "a package not installed: said, exit 1")
    rc, out, err, _ = run(["upstream", "--path", site, "--format", "csv", "a"], env)
    check(rc == 2, "--format does not apply to upstream")


def cases(root, env):
    api = FakeIndex("--forge", FORGE)
    case_recorded_and_pagination(api, root, env)
    case_tracking(api, root, env)
    case_faults(api, root, env)
    case_token_redirect(api, root, env)
    case_token_elsewhere(api, root, env)
    case_check_upstream(api, root, env)
    case_check_upstream_interrupted(api, root, env)
    case_usage(api, root, env)


if __name__ == "__main__":
    sys.exit(ftlib.main("upstream-cli", cases))
