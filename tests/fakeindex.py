#!/usr/bin/env python3
"""fakeindex.py: a fake PyPI Simple API for ftport's tests and benchmarks (stdlib only).

Serves /simple/<name>/ in PEP 691 JSON or PEP 503 HTML by the Accept header, from
recorded responses and from real wheel lists, with ETag/304, gzip, 301 for names that
are not normalised, a request log at /_stats, and faults chosen by project name.

Usage: fakeindex.py [--port 0] [--json-dir DIR]... [--wheel-list FILE]... [--forge DIR]
                    [--latency-ms N] [--html-only] [--synthetic N] [--slow-ms N]
                    [--lifetime S] [--exit-on-stdin-eof] [--wheel-dir DIR]...
The first line on stdout is the port number (then the server runs until killed, until
stdin closes with --exit-on-stdin-eof, or for --lifetime seconds, default 900).

Fault projects (their normalised names):
  fault-404         404
  fault-429         429 with Retry-After: 1 on the first request, then the project
  fault-429-date    429 with Retry-After as an HTTP date 2 s ahead, then the project
  fault-429-long    429 with Retry-After: 3600, always
  fault-500         500, always
  fault-500-once    500 on the first request, then the project
  fault-slow        sleeps --slow-ms (default 5000) before answering
  fault-truncated   Content-Length larger than the body, then the connection closes
  fault-badjson     200 with a JSON content type and a body that is not JSON
  fault-redirect    301 to /simple/snowballstemmer/ (or the first project known)
  fault-huge        a 100 MB body, generated while it is sent, no Content-Length
  fault-gigabyte    a 1 GB body, as fast as it goes (bytes written: /_stats "sent")
  fault-forever     a body that never ends, 1 KB every 100 ms
  fault-redirect-loop  302 to itself, always
  fault-empty       200 with an empty body
--wheel-dir serves every *.whl in DIR as a project's file (with its sha256) at
/files/<filename>, so pip can install from the index.
With --forge DIR (tests/fixtures/forge) it is also a fake GitHub API (/search/issues,
/repos/O/N/issues/N) and GitLab API (/api/v4/projects/ID/{issues,merge_requests}),
answering by repository (owner/name, or the GitLab project path):
  octokit-fixture-org/search   the recorded search answer (github-search.json)
  fixture/paginate             the recorded pages, linked by Link: rel="next"
  fixture/tracking             no search results; issue 77 exists (the tracking issue)
  fixture/escapes              titles and labels holding escape sequences
  fault/ratelimit-403          403, x-ratelimit-remaining: 0, reset in 2 s, once
  fault/ratelimit-429          429 with Retry-After: 1, once
  fault/ratelimit-long         403, x-ratelimit-remaining: 0, reset in an hour, always
  fault/ratelimit-forever      429 with Retry-After: 1, always
  fault/remaining0             200 with x-ratelimit-remaining: 0, reset in 2 s
  fault/422, fault/500         the recorded 422 body; 500 always
  fault/badjson                200 with a body that is not JSON
  fault/redirect               302 to --redirect-base, the same search of fault/redirected
  group/sub/proj (GitLab)      one issue (opened) and one merge request (merged)
  group/limited (GitLab)       the same after a 429 (RateLimit-*, Retry-After: 1), once
  anything else                no results
/_forge_log lists every API request: path, query, host, Authorization, time.
Other endpoints: /_stats (JSON: "total", and per path "count", "conditional" requests,
"not_modified" answers, "gzip" answers and the last "user_agent"),
/_reset (clears the counts and the once-only fault states), /simple/ (the project list),
/_requests (every /simple/ and /files/ request: path, host, authorization).
--redirect-to BASE answers every project page with 302 to BASE/simple/<name>/ (another
server: where credentials must not follow). --require-auth USER:PASS answers 401 to a
project page asked without that Basic authorization.
"""

import argparse
import base64
import email.utils
import urllib.parse
import gzip
import hashlib
import html
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_TYPE = "application/vnd.pypi.simple.v1+html"
LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


class Index:
    def __init__(self, args):
        self.projects = {}      # normalised name -> {"name": ..., "files": [...]}
        self.args = args
        self.lock = threading.Lock()
        self.stats = {}
        self.total = 0
        self.sent = {}          # fault name -> body bytes written (fault-gigabyte, -forever)
        self.once = set()       # once-only faults already fired
        self.rendered = {}      # (name, type) -> (bytes, etag)
        self.forge_log = []     # the fake forges' requests
        self.requests = []      # the index's requests: path, host, authorization
        for d in args.json_dir:
            for fn in sorted(os.listdir(d)):
                if not fn.endswith(".json"):
                    continue
                with open(os.path.join(d, fn), encoding="utf-8") as f:
                    data = json.load(f)
                if not isinstance(data, dict) or "files" not in data:
                    continue
                stem = fn[: -len(".json")]
                if stem.endswith("_simple"):
                    stem = stem[: -len("_simple")]
                name = data.get("name") or stem
                self.projects[normalize(name)] = {"name": name, "files": data["files"]}
        for wl in args.wheel_list:
            with open(wl, encoding="utf-8") as f:
                data = json.load(f)
            for pkg in data.get("packages", []):
                files = []
                for fl in pkg.get("files", []):
                    files.append({
                        "filename": fl["filename"],
                        "url": fl["url"],
                        "hashes": {"sha256": fl.get("sha256", "")},
                        "requires-python": None,
                        "size": fl.get("size"),
                        "upload-time": fl.get("upload_time"),
                        "yanked": False,
                    })
                key = normalize(pkg["name"])
                if key in self.projects:
                    self.projects[key]["files"].extend(files)
                else:
                    self.projects[key] = {"name": pkg["name"], "files": files}
        self.wheel_files = {}   # filename -> path, served at /files/<filename>
        for d in args.wheel_dir:
            for fn in sorted(os.listdir(d)):
                if not fn.endswith(".whl"):
                    continue
                path = os.path.join(d, fn)
                with open(path, "rb") as f:
                    sha = hashlib.sha256(f.read()).hexdigest()
                self.wheel_files[fn] = path
                key = normalize(fn.split("-")[0])
                entry = {"filename": fn, "url": "../../files/" + fn,
                         "hashes": {"sha256": sha}, "requires-python": None,
                         "size": os.path.getsize(path), "yanked": False}
                self.projects.setdefault(key, {"name": fn.split("-")[0], "files": []})
                self.projects[key]["files"].append(entry)
        for i in range(args.synthetic):
            self.projects["pkg%d" % i] = {"name": "pkg%d" % i, "files": synthetic_files(i)}

    def count(self, path, conditional, status, gzipped, user_agent):
        with self.lock:
            self.total += 1
            s = self.stats.setdefault(path, {"count": 0, "conditional": 0, "not_modified": 0,
                                             "gzip": 0, "user_agent": None})
            s["count"] += 1
            if conditional:
                s["conditional"] += 1
            if status == 304:
                s["not_modified"] += 1
            if gzipped:
                s["gzip"] += 1
            s["user_agent"] = user_agent

    def fire_once(self, key):
        """True the first time key is asked for (since the last /_reset)."""
        with self.lock:
            if key in self.once:
                return False
            self.once.add(key)
            return True

    def render(self, name, kind, source=None):
        """The page of project name, or of project source under name's title."""
        key = (name, kind)
        with self.lock:
            if key in self.rendered:
                return self.rendered[key]
        proj = self.projects[source or name]
        if kind == "json":
            versions = sorted({v for v in (file_version(proj["name"], f["filename"])
                                           for f in proj["files"]) if v})
            body = json.dumps({
                "meta": {"api-version": "1.1", "_last-serial": 1},
                "name": name,
                "versions": versions,
                "files": proj["files"],
            }).encode()
        else:
            lines = ["<!DOCTYPE html>", "<html>", "<head>",
                     '<meta name="pypi:repository-version" content="1.1">',
                     "<title>Links for %s</title>" % html.escape(name), "</head>", "<body>",
                     "<h1>Links for %s</h1>" % html.escape(name)]
            for f in proj["files"]:
                href = f["url"]
                sha = (f.get("hashes") or {}).get("sha256")
                if sha:
                    href += "#sha256=" + sha
                attrs = 'href="%s"' % html.escape(href)
                if f.get("requires-python"):
                    attrs += ' data-requires-python="%s"' % html.escape(f["requires-python"])
                y = f.get("yanked")
                if y is True:
                    attrs += ' data-yanked=""'
                elif isinstance(y, str) and y:
                    attrs += ' data-yanked="%s"' % html.escape(y)
                lines.append("<a %s>%s</a><br />" % (attrs, html.escape(f["filename"])))
            lines += ["</body>", "</html>", ""]
            body = "\n".join(lines).encode()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:32]
        with self.lock:
            self.rendered[key] = (body, etag)
        return body, etag


def file_version(project, filename):
    """The version part of a wheel or sdist filename (for the PEP 700 versions list)."""
    if filename.endswith(".whl"):
        parts = filename.split("-")
        return parts[1] if len(parts) >= 5 else None
    for ext in (".tar.gz", ".zip", ".tar.bz2"):
        if filename.endswith(ext):
            stem = filename[: -len(ext)]
            if "-" in stem:
                return stem.rsplit("-", 1)[1]
    return None


def synthetic_files(i):
    """A few files of pkg<i>: the kinds of project a real environment has, in turn."""
    name = "pkg%d" % i
    base = "../../packages/%s/" % name
    sdist = "%s-1.0.tar.gz" % name
    kind = i % 5
    wheels = []
    if kind == 0:      # ready: free-threaded wheels
        for plat in ("manylinux_2_17_x86_64.manylinux2014_x86_64", "macosx_11_0_arm64",
                     "win_amd64"):
            for abi in ("cp313", "cp313t", "cp314", "cp314t"):
                py = abi.rstrip("t")
                wheels.append("%s-1.0-%s-%s-%s.whl" % (name, py, abi, plat))
    elif kind == 1:    # abi3 only
        for plat in ("manylinux_2_17_x86_64.manylinux2014_x86_64", "macosx_11_0_arm64"):
            wheels.append("%s-1.0-cp39-abi3-%s.whl" % (name, plat))
    elif kind == 2:    # pure
        wheels.append("%s-1.0-py3-none-any.whl" % name)
    elif kind == 3:    # compiled, no free-threaded wheel
        for py in ("cp311", "cp312", "cp313"):
            wheels.append("%s-1.0-%s-%s-manylinux_2_28_x86_64.whl" % (name, py, py))
    files = [{"filename": fn, "url": base + fn,
              "hashes": {"sha256": hashlib.sha256(fn.encode()).hexdigest()},
              "requires-python": ">=3.9", "yanked": False} for fn in wheels]
    files.append({"filename": sdist, "url": base + sdist,
                  "hashes": {"sha256": hashlib.sha256(sdist.encode()).hexdigest()},
                  "requires-python": ">=3.9", "yanked": False})
    return files


def choose_type(accept, html_only, query):
    """Content negotiation as PyPI does it: the best q among the three Simple types."""
    if html_only:
        return "text/html"
    fmt = re.search(r"(?:^|&)format=([^&]+)", query or "")
    if fmt:
        accept = fmt.group(1).replace("%2B", "+").replace("%2b", "+")
    if not accept:
        return "text/html"
    best, best_q = None, 0.0
    order = {JSON_TYPE: 3, HTML_TYPE: 2, "text/html": 1}
    for part in accept.split(","):
        bits = [b.strip() for b in part.split(";")]
        mt = bits[0].lower()
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        # A wildcard gets HTML, as PyPI answers clients that do not ask for JSON.
        cands = [mt] if mt in order else (["text/html"] if mt in ("*/*", "text/*") else [])
        for c in cands:
            if q > best_q or (q == best_q and best is not None and order[c] > order[best]):
                best, best_q = c, q
    return best


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakeindex/1"
    # Headers and body go out in two writes; with Nagle's algorithm the second waits
    # for the client's delayed ACK (40 ms), which would swamp --latency-ms.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet: the tests read /_stats instead
        pass

    def send_body(self, status, body, ctype, extra=None, gzip_ok=True):
        headers = dict(extra or {})
        if gzip_ok and body and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = gzip.compress(body, compresslevel=5)
            headers["Content-Encoding"] = "gzip"
            self.gzipped = True
        # Count before answering: a client that reads /_stats right after its answer
        # must already see this request.
        self.count_once(status)
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept, Accept-Encoding")
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        idx = self.server.index
        path, _, query = self.path.partition("?")
        if path == "/_stats":
            with idx.lock:
                body = json.dumps({"total": idx.total, "paths": idx.stats,
                                   "sent": idx.sent}).encode()
            return self.send_body(200, body, "application/json", gzip_ok=False)
        if path == "/_forge_log":
            with idx.lock:
                body = json.dumps(idx.forge_log).encode()
            return self.send_body(200, body, "application/json", gzip_ok=False)
        if path == "/_requests":
            with idx.lock:
                body = json.dumps(idx.requests).encode()
            return self.send_body(200, body, "application/json", gzip_ok=False)
        if path == "/_reset":
            with idx.lock:
                idx.forge_log.clear()
                idx.requests.clear()
                idx.stats.clear()
                idx.total = 0
                idx.once.clear()
            return self.send_body(200, b"{}", "application/json", gzip_ok=False)

        if path.startswith("/simple") or path.startswith("/files/"):
            with idx.lock:
                idx.requests.append({"path": path, "host": self.headers.get("Host"),
                                     "authorization": self.headers.get("Authorization")})
        conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
        self.gzipped = False
        self.to_count = (path, conditional)
        status = self.serve(idx, path, query)
        self.count_once(status)  # answers written without send_body (faults)

    def count_once(self, status):
        pending = getattr(self, "to_count", None)
        if pending is None:
            return
        self.to_count = None
        path, conditional = pending
        self.server.index.count(path, conditional, status, self.gzipped,
                                self.headers.get("User-Agent"))

    def serve(self, idx, path, query):
        if idx.args.latency_ms:
            time.sleep(idx.args.latency_ms / 1000.0)
        if path.startswith("/files/") and path[len("/files/"):] in idx.wheel_files:
            with open(idx.wheel_files[path[len("/files/"):]], "rb") as f:
                self.send_body(200, f.read(), "application/octet-stream", gzip_ok=False)
            return 200
        if idx.args.forge and not path.startswith("/simple"):
            return self.serve_forge(idx, path, query)
        if path in ("/simple", "/simple/"):
            body = "".join('<a href="%s/">%s</a>\n' % (n, html.escape(p["name"]))
                           for n, p in sorted(idx.projects.items()))
            self.send_body(200, ("<html><body>\n%s</body></html>\n" % body).encode(), "text/html")
            return 200
        m = re.fullmatch(r"/simple/([^/]+)/?", path)
        if not m:
            self.send_body(404, b"Not Found\n", "text/plain")
            return 404
        raw = m.group(1)
        name = normalize(raw)
        if raw != name or not path.endswith("/"):
            self.send_body(301, b"", None, {"Location": "/simple/%s/" % name})
            return 301
        if name.startswith("fault-"):
            return self.fault(idx, name)
        if idx.args.require_auth:
            want = "Basic " + base64.b64encode(idx.args.require_auth.encode()).decode()
            if self.headers.get("Authorization") != want:
                self.send_body(401, b"Unauthorized\n", "text/plain",
                               {"WWW-Authenticate": 'Basic realm="fakeindex"'})
                return 401
        if idx.args.redirect_to:
            self.send_body(302, b"", None, {"Location": "%s/simple/%s/" % (
                idx.args.redirect_to.rstrip("/"), name)})
            return 302
        if name not in idx.projects:
            self.send_body(404, b"Not Found\n", "text/plain")
            return 404
        ctype = choose_type(self.headers.get("Accept"), idx.args.html_only, query)
        if ctype is None:
            self.send_body(406, b"Not Acceptable\n", "text/plain")
            return 406
        body, etag = idx.render(name, "json" if ctype == JSON_TYPE else "html")
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED, "Cache-Control": "max-age=600"}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (inm and etag in [t.strip() for t in inm.split(",")]) or (not inm and ims == LAST_MODIFIED):
            self.send_response(304)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return 304
        self.send_body(200, body, ctype, headers)
        return 200

    def fault(self, idx, name):
        ok_name = "snowballstemmer" if "snowballstemmer" in idx.projects else (sorted(idx.projects) or ["none"])[0]
        if name == "fault-404":
            self.send_body(404, b"Not Found\n", "text/plain")
            return 404
        if name == "fault-429":
            if idx.fire_once(name):
                self.send_body(429, b"Too Many Requests\n", "text/plain", {"Retry-After": "1"})
                return 429
            return self.ok_fault(idx, name, ok_name)
        if name == "fault-429-date":
            if idx.fire_once(name):
                when = email.utils.formatdate(time.time() + 2, usegmt=True)
                self.send_body(429, b"Too Many Requests\n", "text/plain", {"Retry-After": when})
                return 429
            return self.ok_fault(idx, name, ok_name)
        if name == "fault-429-long":
            self.send_body(429, b"Too Many Requests\n", "text/plain", {"Retry-After": "3600"})
            return 429
        if name == "fault-500":
            self.send_body(500, b"Internal Server Error\n", "text/plain")
            return 500
        if name == "fault-500-once":
            if idx.fire_once(name):
                self.send_body(500, b"Internal Server Error\n", "text/plain")
                return 500
            return self.ok_fault(idx, name, ok_name)
        if name == "fault-slow":
            time.sleep(idx.args.slow_ms / 1000.0)
            return self.ok_fault(idx, name, ok_name)
        if name == "fault-truncated":
            body = b'{"meta": {"api-version": "1.1"}, "name": "fault-truncated", "files": ['
            self.send_response(200)
            self.send_header("Content-Type", JSON_TYPE)
            self.send_header("Content-Length", str(len(body) + 10000))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
            return 200
        if name == "fault-badjson":
            self.send_body(200, b"{this is not json", JSON_TYPE)
            return 200
        if name == "fault-empty":
            self.send_body(200, b"", JSON_TYPE)
            return 200
        if name == "fault-redirect":
            self.send_body(301, b"", None, {"Location": "/simple/%s/" % ok_name})
            return 301
        if name in ("fault-gigabyte", "fault-forever"):
            # 1 GB as fast as it goes; or a trickle that never ends (1 KB every 100 ms).
            # Bytes written until the client went are kept for /_stats ("sent").
            self.send_response(200)
            self.send_header("Content-Type", JSON_TYPE)
            self.send_header("Connection", "close")
            self.end_headers()
            gig = name == "fault-gigabyte"
            chunk = b'{"filename": "x-1.0.tar.gz", "url": "x"},' * (1024 if gig else 24)
            sent = 0
            try:
                self.wfile.write(b'{"meta": {"api-version": "1.1"}, "files": [')
                while not gig or sent < 1024 * 1024 * 1024:
                    self.wfile.write(chunk)
                    sent += len(chunk)
                    if not gig:
                        self.wfile.flush()
                        time.sleep(0.1)
                self.wfile.write(b'{"filename": "x-1.0.tar.gz", "url": "x"}]}')
            except (BrokenPipeError, ConnectionResetError):
                pass
            with idx.lock:
                idx.sent[name] = idx.sent.get(name, 0) + sent
            self.close_connection = True
            return 200
        if name == "fault-redirect-loop":
            self.send_body(302, b"", None, {"Location": "/simple/fault-redirect-loop/"})
            return 302
        if name == "fault-huge":
            self.send_response(200)
            self.send_header("Content-Type", JSON_TYPE)
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b'{"filename": "x-1.0.tar.gz", "url": "x"},' * 1024
            sent = 0
            try:
                self.wfile.write(b'{"meta": {"api-version": "1.1"}, "files": [')
                while sent < 100 * 1024 * 1024:
                    self.wfile.write(chunk)
                    sent += len(chunk)
                self.wfile.write(b'{"filename": "x-1.0.tar.gz", "url": "x"}]}')
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return 200
        self.send_body(404, b"Not Found\n", "text/plain")
        return 404

    def ok_fault(self, idx, name, ok_name):
        """A fault project's eventual success: another project's page under its name."""
        if ok_name not in idx.projects:
            self.send_body(404, b"Not Found\n", "text/plain")
            return 404
        ctype = choose_type(self.headers.get("Accept"), idx.args.html_only, "")
        body, etag = idx.render(name, "json" if ctype == JSON_TYPE else "html", ok_name)
        try:
            self.send_body(200, body, ctype, {"ETag": etag})
        except (BrokenPipeError, ConnectionResetError):
            pass
        return 200


# --- the fake forges ------------------------------------------------------------------

def gh_issue(repo, number, title, state="open", pr=None, labels=(), updated="2024-08-19T10:00:00Z"):
    it = {"number": number, "title": title, "state": state, "updated_at": updated,
          "html_url": "https://github.com/%s/%s/%d" % (repo, "pull" if pr else "issues", number),
          "labels": [{"name": l} for l in labels]}
    if pr is not None:
        it["pull_request"] = {"merged_at": pr}
    return it


def gl_item(path, iid, title, state, mr):
    return {"iid": iid, "title": title, "state": state, "labels": ["enhancement"],
            "updated_at": "2024-09-01T12:00:00Z",
            "web_url": "https://gitlab.example.org/%s/-/%s/%d"
                       % (path, "merge_requests" if mr else "issues", iid)}


def forge_json(handler, status, doc, headers=None):
    handler.send_body(status, json.dumps(doc).encode(), "application/json", headers)
    return status


def serve_forge(self, idx, path, query):
    q = urllib.parse.parse_qs(query)
    with idx.lock:
        idx.forge_log.append({"path": path, "query": query, "host": self.headers.get("Host"),
                              "authorization": self.headers.get("Authorization"),
                              "time": time.time()})
    fixtures = idx.args.forge
    repo, kind, single = None, None, None
    m = re.fullmatch(r"/repos/(.+?/.+?)/issues/(\d+)", path)
    g = re.fullmatch(r"/api/v4/projects/([^/]+)/(issues|merge_requests)(?:/(\d+))?", path)
    if path == "/search/issues":
        terms = (q.get("q") or [""])[0].split()
        repo = next((t[5:] for t in terms if t.startswith("repo:")), None)
        kind = "search"
    elif m:
        repo, kind, single = m.group(1), "issue", int(m.group(2))
    elif g:
        repo, kind = urllib.parse.unquote(g.group(1)), "gitlab-" + g.group(2)
        single = int(g.group(3)) if g.group(3) else None
    if repo is None:
        return forge_json(self, 404, {"message": "Not Found"})
    now = int(time.time())
    if repo == "fault/ratelimit-403" and idx.fire_once("rl403"):
        return forge_json(self, 403, {"message": "API rate limit exceeded"},
                          {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(now + 2)})
    if repo == "fault/ratelimit-429" and idx.fire_once("rl429"):
        return forge_json(self, 429, {"message": "slow down"}, {"Retry-After": "1"})
    if repo == "fault/ratelimit-forever":
        return forge_json(self, 429, {"message": "slow down"}, {"Retry-After": "1"})
    if repo == "fault/ratelimit-long":
        return forge_json(self, 403, {"message": "API rate limit exceeded"},
                          {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(now + 3600)})
    if repo == "fault/422":
        with open(os.path.join(fixtures, "github-422.json"), encoding="utf-8") as f:
            rec = json.load(f)
        return forge_json(self, rec["status"], rec["body"])
    if repo == "fault/500":
        return forge_json(self, 500, {"message": "Server Error"})
    if repo == "fault/badjson":
        self.send_body(200, b'{"total_count": 1, "items": [', "application/json")
        return 200
    if repo == "fault/redirect":
        # To the same search of fault/redirected (an ordinary repository) elsewhere.
        target = query.replace("fault%2Fredirect", "fault%2Fredirected")
        self.send_body(302, b"", None, {"Location": idx.args.redirect_base.rstrip("/") + path
                                        + ("?" + target if target else "")})
        return 302
    if kind == "search":
        empty = {"total_count": 0, "incomplete_results": False, "items": []}
        first = "free-threading" in (q.get("q") or [""])[0]
        if repo == "octokit-fixture-org/search":
            with open(os.path.join(fixtures, "github-search.json"), encoding="utf-8") as f:
                rec = json.load(f)
            return forge_json(self, 200, rec["body"], rec["headers"])
        if repo == "fixture/paginate" and first:
            with open(os.path.join(fixtures, "github-paginate.json"), encoding="utf-8") as f:
                pages = json.load(f)["pages"]
            page = int((q.get("page") or ["1"])[0])
            headers = {}
            if page < len(pages):
                nq = dict((k, v[0]) for k, v in q.items())
                nq["page"] = str(page + 1)
                headers["Link"] = '<http://%s/search/issues?%s>; rel="next", <http://%s/search/issues?page=%d>; rel="last"' % (
                    self.headers.get("Host"), urllib.parse.urlencode(nq), self.headers.get("Host"), len(pages))
            total = sum(len(p) for p in pages)
            return forge_json(self, 200, {"total_count": total, "incomplete_results": False,
                                          "items": pages[page - 1]}, headers)
        if repo == "fixture/escapes" and first:
            return forge_json(self, 200, {"total_count": 1, "incomplete_results": False, "items": [
                gh_issue(repo, 3, "\x1b]0;pwned\x07Evil \x1b[31mred\x1b[0m title\u009b2J \u202eexe.txt\u2067x\u2069",
                         labels=["\x1b[5mblink"])]})
        if repo == "fault/remaining0":
            return forge_json(self, 200, {"total_count": 1, "incomplete_results": False, "items": [
                gh_issue(repo, 1, "Support free-threading", pr="2024-09-01T00:00:00Z", state="closed")]},
                {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(now + 2)})
        if first and repo not in ("fixture/tracking",):
            return forge_json(self, 200, {"total_count": 2, "incomplete_results": False, "items": [
                gh_issue(repo, 10, "Free-threaded wheels (cp314t)", labels=["free-threading"]),
                gh_issue(repo, 11, "Declare Py_mod_gil", pr="2024-09-02T00:00:00Z", state="closed",
                         updated="2024-09-02T00:00:00Z")]})
        return forge_json(self, 200, empty)
    if kind == "issue":
        if repo == "fixture/tracking" and single == 77:
            return forge_json(self, 200, gh_issue(repo, 77, "Tracking: free-threaded support"))
        return forge_json(self, 404, {"message": "Not Found"})
    # GitLab
    mr = kind == "gitlab-merge_requests"
    if repo == "group/limited" and idx.fire_once("gl429"):
        return forge_json(self, 429, {"message": "Retry later"},
                          {"RateLimit-Remaining": "0", "RateLimit-Reset": str(now + 1),
                           "Retry-After": "1"})
    if repo in ("group/sub/proj", "group/limited"):
        if single is not None:
            return forge_json(self, 200, gl_item(repo, single, "Tracking free-threading", "opened", mr))
        return forge_json(self, 200, [gl_item(repo, 9 if mr else 5,
                                              "Build cp314t wheels" if mr else "Support free-threading",
                                              "merged" if mr else "opened", mr)])
    return forge_json(self, 200, [])


Handler.serve_forge = serve_forge


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's listen backlog is 5: a client that opens 16 connections at once
    # (ftport's --jobs default) overflowed it, and each dropped SYN came back 1 s
    # later, which swamped --latency-ms in bench/check. Real indexes listen with a
    # backlog of hundreds (nginx 511).
    request_queue_size = 128
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that gave up (the timeout and size-cap tests) is expected.
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--json-dir", action="append", default=[])
    ap.add_argument("--wheel-list", action="append", default=[])
    ap.add_argument("--wheel-dir", action="append", default=[])
    ap.add_argument("--latency-ms", type=int, default=0)
    ap.add_argument("--slow-ms", type=int, default=5000)
    ap.add_argument("--html-only", action="store_true")
    ap.add_argument("--synthetic", type=int, default=0)
    ap.add_argument("--lifetime", type=float, default=900.0)
    ap.add_argument("--exit-on-stdin-eof", action="store_true")
    ap.add_argument("--forge", metavar="DIR", help="also a fake GitHub and GitLab API")
    ap.add_argument("--redirect-base", default="http://localhost:1/",
                    help="where fault/redirect sends the forge client")
    ap.add_argument("--redirect-to", metavar="BASE", help="302 every project page to BASE")
    ap.add_argument("--require-auth", metavar="USER:PASS", help="401 without it")
    args = ap.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        ap.error("the fake index listens on the loopback address only")

    server = Server((args.host, args.port), Handler)
    server.index = Index(args)
    print(server.server_address[1], flush=True)

    def stop_later(seconds):
        time.sleep(seconds)
        server.shutdown()

    threading.Thread(target=stop_later, args=(args.lifetime,), daemon=True).start()
    if args.exit_on_stdin_eof:
        def watch_stdin():
            try:
                while sys.stdin.buffer.read(4096):
                    pass
            except OSError:
                pass
            server.shutdown()
        threading.Thread(target=watch_stdin, daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    server.server_close()


if __name__ == "__main__":
    main()
