#!/usr/bin/env python3
# h2.py: ftport check over TLS against nginx (Debian's, a certificate made here) in front
# of tests/fakeindex.py: with HTTP/2 every request is multiplexed on one connection (the
# nginx log's $connection and $connection_requests say so); without it, HTTP/1.1 requests
# go over --jobs connections at once, each reused. The certificate is trusted through
# PIP_CERT (pip's variable), and an untrusted one is refused. nginx missing is a failure.
"""Needs FTPORT and SRCDIR (make check sets them), nginx and openssl (tests/deps-apt.txt)."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import FTPORT, check  # noqa: E402

N = 48


def body(root, env):
    site = ftlib.make_site(root, N)
    # Latency keeps requests in flight together: what multiplexing and parallel
    # connections are for.
    idx = ftlib.FakeIndex("--synthetic", str(N), "--latency-ms", "40")
    try:
        h2 = ftlib.TlsProxy(root, idx.port, h2=True)
        h1 = ftlib.TlsProxy(root, idx.port, h2=False)
    except RuntimeError as e:
        check(False, str(e))
        return

    def run(proxy, cache, jobs=None, ca=True):
        e = dict(env)
        if ca:
            e["PIP_CERT"] = proxy.ca
        args = [FTPORT, "check", "--path", site, "--python", sys.executable, "--index-url",
                proxy.url, "--cache-dir", os.path.join(root, cache), "--format", "json", "-q",
                "--platform", "linux-x86_64"]
        if jobs is not None:
            args += ["--jobs", str(jobs)]
        r = subprocess.run(args, env=e, capture_output=True, text=True, timeout=120)
        return r, json.loads(r.stdout) if r.stdout.startswith("{") else None

    r, doc = run(h2, "c-h2")
    check(doc is not None and doc["errors"] == [] and len(doc["packages"]) == N,
          "h2: every answer (%s)" % (doc["errors"][:2] if doc else r.stderr.strip()))
    reqs = h2.requests()
    conns = {c for c, _, _, _, _ in reqs}
    check(len(reqs) == N, "h2: %d requests logged (%d)" % (N, len(reqs)))
    check(all(p == "HTTP/2.0" for _, _, p, _, _ in reqs), "h2: all over HTTP/2.0: %r"
          % sorted({p for _, _, p, _, _ in reqs}))
    check(len(conns) == 1, "h2: multiplexed on one connection (%d)" % len(conns))
    check(max((n for _, n, _, _, _ in reqs), default=0) == N,
          "h2: the connection carried all %d requests" % N)

    r, doc = run(h1, "c-h1", jobs=6)
    check(doc is not None and doc["errors"] == [], "h1: every answer (%s)"
          % (doc["errors"][:2] if doc else r.stderr.strip()))
    reqs = h1.requests()
    conns = {c for c, _, _, _, _ in reqs}
    check(all(p == "HTTP/1.1" for _, _, p, _, _ in reqs), "h1: over HTTP/1.1")
    check(len(reqs) == N, "h1: %d requests logged (%d)" % (N, len(reqs)))
    # Parallel connections (several at once) and each reused (not one per request).
    check(1 < len(conns) <= 6, "h1: several connections, at most --jobs 6 (%d)" % len(conns))
    check(max(n for _, n, _, _, _ in reqs) > 1, "h1: connections are reused")

    # The default --jobs over HTTP/1.1: more connections than the old 8.
    h1.truncate_log()
    r, doc = run(h1, "c-h1-default")
    conns = {c for c, _, _, _, _ in h1.requests()}
    check(doc is not None and doc["errors"] == [] and 8 < len(conns) <= 16,
          "h1 default: up to 16 connections (%d)" % len(conns))

    # Without the certificate the server is not trusted: no answers, an error that says so.
    h2.truncate_log()
    r, doc = run(h2, "c-untrusted", ca=False)
    errs = doc["errors"] if doc else []
    check(doc is not None and len(errs) > 0 and any("certificate" in json.dumps(x).lower()
                                                   for x in errs),
          "untrusted certificate refused: %r" % errs[:1])
    check(h2.requests() == [], "and nothing was asked of it")


if __name__ == "__main__":
    sys.exit(ftlib.main("h2", body))
