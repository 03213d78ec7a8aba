# ftlib.py: what the python script tests (check_cli.py, check_tty.py) and bench/check
# share: the pass/fail count, tests/fakeindex.py started on 127.0.0.1, .dist-info
# fixtures, and the main() that runs the cases in a temporary root. Standard library only.
"""Import with sys.path.insert(0, <the tests directory>); import ftlib."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))     # the tests directory
FTPORT = os.environ.get("FTPORT")
SRCDIR = os.environ.get("SRCDIR") or os.path.dirname(HERE)

passed = 0
failed = 0
show_ok = False     # print "ok: <what>" for a passed case too (check_tty.py does)


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        if show_ok:
            print("ok: %s" % what)
    else:
        failed += 1
        print("FAIL: %s" % what)
    return cond


def run(args, env, timeout=120, cwd=None):
    """The binary with args: (exit status, stdout, stderr, seconds)."""
    import time
    t0 = time.monotonic()
    p = subprocess.run([FTPORT] + args, env=env, stdin=subprocess.DEVNULL, cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace"), time.monotonic() - t0


# --- the fixture environment ------------------------------------------------------------

def make_dist(site, name, version, kind="pure", requires=(), record=True, headers=()):
    """A .dist-info as pip leaves it. kind: pure, compiled (a cpython-312 extension),
    abi3, editable. headers: more METADATA lines ("Project-URL: Source, https://...")."""
    stem = "%s-%s" % (name.replace("-", "_"), version)
    d = os.path.join(site, stem + ".dist-info")
    os.makedirs(d)
    meta = ["Metadata-Version: 2.1", "Name: %s" % name, "Version: %s" % version]
    meta += ["Requires-Dist: %s" % r for r in requires]
    meta += list(headers)
    with open(os.path.join(d, "METADATA"), "w") as f:
        f.write("\n".join(meta) + "\n\n")
    with open(os.path.join(d, "INSTALLER"), "w") as f:
        f.write("pip\n")
    mod = name.replace("-", "_").lower()
    files = ["%s/__init__.py,sha256=x,10" % mod]
    purelib = "true"
    if kind == "compiled":
        files.append("%s/_speedups.cpython-312-x86_64-linux-gnu.so,sha256=x,1000" % mod)
        purelib = "false"
    elif kind == "abi3":
        files.append("%s/_speedups.abi3.so,sha256=x,1000" % mod)
        purelib = "false"
    with open(os.path.join(d, "WHEEL"), "w") as f:
        f.write("Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: %s\nTag: py3-none-any\n"
                % purelib)
    if record:
        files += ["%s/METADATA,," % (stem + ".dist-info"), "%s/RECORD,," % (stem + ".dist-info")]
        with open(os.path.join(d, "RECORD"), "w") as f:
            f.write("\n".join(files) + "\n")
    if kind == "editable":
        with open(os.path.join(d, "direct_url.json"), "w") as f:
            json.dump({"url": "file:///home/dev/src/" + name, "dir_info": {"editable": True}}, f)


def make_site(root, n):
    """root/site with pkg0..pkg<n-1> 1.0 (the names fakeindex.py --synthetic serves),
    each with only METADATA and a RECORD that lists an extension module, so every one
    is asked of the index (a pure RECORD would settle it without a request)."""
    site = os.path.join(root, "site")
    for i in range(n):
        name = "pkg%d" % i
        d = os.path.join(site, "%s-1.0.dist-info" % name)
        os.makedirs(d)
        with open(os.path.join(d, "METADATA"), "w") as f:
            f.write("Metadata-Version: 2.1\nName: %s\nVersion: 1.0\n\n" % name)
        with open(os.path.join(d, "RECORD"), "w") as f:
            f.write("%s/__init__.py,sha256=x,10\n"
                    "%s/_ext.cpython-312-x86_64-linux-gnu.so,sha256=x,1000\n"
                    "%s-1.0.dist-info/RECORD,,\n" % (name, name, name))
    return site


def make_wheel(outdir, name, version, files, tag="py3-none-any", top_level=True, requires=()):
    """A wheel built by hand (zipfile): files maps paths to text (or bytes: a compiled
    extension, which makes the wheel platlib); METADATA, WHEEL,
    top_level.txt (unless top_level is False) and a RECORD with hashes are added, so
    pip installs it with --only-binary=:all:. Returns the wheel's path."""
    import base64
    import hashlib
    import zipfile
    stem = "%s-%s" % (name.replace("-", "_"), version)
    info = stem + ".dist-info"
    files = dict(files)
    files[info + "/METADATA"] = "Metadata-Version: 2.1\nName: %s\nVersion: %s\n%s\n" % (
        name, version, "".join("Requires-Dist: %s\n" % r for r in requires))
    purelib = "false" if any(isinstance(d, bytes) for d in files.values()) else "true"
    files[info + "/WHEEL"] = ("Wheel-Version: 1.0\nGenerator: ftport-tests\n"
                              "Root-Is-Purelib: %s\nTag: %s\n" % (purelib, tag))
    if top_level:
        tops = sorted({p.split("/")[0].split(".")[0] for p in files if not p.startswith(info)})
        files[info + "/top_level.txt"] = "\n".join(tops) + "\n"
    record = []
    for path, text in files.items():
        data = text if isinstance(text, bytes) else text.encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
    record.append(info + "/RECORD,,")
    files[info + "/RECORD"] = "\n".join(record) + "\n"
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, "%s-%s.whl" % (stem, tag))
    with zipfile.ZipFile(path, "w") as z:
        for p, text in files.items():
            z.writestr(p, text)
    return path


# --- the fake index -----------------------------------------------------------------------

_indexes = []       # every FakeIndex started: main() stops those still running


class FakeIndex:
    """tests/fakeindex.py on 127.0.0.1 (a port of its own choosing), with the options
    given; it exits when our end of its stdin closes."""

    def __init__(self, *options):
        args = [sys.executable, os.path.join(HERE, "fakeindex.py"),
                "--port", "0", "--exit-on-stdin-eof"] + list(options)
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        _indexes.append(self)
        line = self.proc.stdout.readline()
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError("fakeindex did not print its port: %r" % line)
        self.port = int(line)
        self.base = "http://127.0.0.1:%d" % self.port
        self.url = self.base + "/simple/"

    def get(self, path):
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.port, path), timeout=10) as r:
            return json.loads(r.read().decode())

    def stats(self):
        return self.get("/_stats")

    def forge_log(self):
        """The fake forges' requests: path, query, host, authorization, time."""
        return self.get("/_forge_log")

    def index_requests(self):
        """The index's requests (/simple/, /files/): path, host, authorization."""
        return self.get("/_requests")

    def reset(self):
        self.get("/_reset")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


# --- running the cases ----------------------------------------------------------------------


def main(name, body, **env_extra):
    """Runs body(root, env) in a new temporary root with an environment of its own
    (no pip or venv settings from outside; caches, config and HOME under root; the
    source tree's data; C.UTF-8; plus env_extra). An exception is one failure; the
    indexes are stopped and root removed either way. Prints "# cases: P passed, F
    failed" and returns the exit status: 0 when all passed and there was one."""
    if not FTPORT or not os.access(FTPORT, os.X_OK):
        print("FAIL: FTPORT must name the ftport binary")
        print("# cases: 0 passed, 1 failed")
        return 1
    root = tempfile.mkdtemp(prefix="ftport-%s." % name)
    env = dict(os.environ)
    for k in ("PIP_INDEX_URL", "PIP_CONFIG_FILE", "VIRTUAL_ENV", "CONDA_PREFIX", "NO_COLOR"):
        env.pop(k, None)
    env.update(XDG_CACHE_HOME=os.path.join(root, "xdg-cache"),
               XDG_CONFIG_HOME=os.path.join(root, "xdg-config"),
               HOME=os.path.join(root, "home"), PIP_CONFIG_FILE=os.devnull,
               FTPORT_DATA_DIR=os.path.join(SRCDIR, "data"), LC_ALL="C.UTF-8")
    env.update(env_extra)
    try:
        body(root, env)
    except Exception as e:  # a crash is one failure, reported, never a hang
        import traceback
        traceback.print_exc()
        check(False, "exception: %r" % e)
    finally:
        for idx in _indexes + _proxies:
            idx.stop()
        shutil.rmtree(root, ignore_errors=True)
    print("# cases: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


# --- a TLS server in front of the fake index ------------------------------------------------

class TlsProxy:
    """nginx (Debian's) on 127.0.0.1 with a certificate made here (openssl), proxying to
    a FakeIndex: HTTP/2 over TLS when h2, else HTTP/1.1 over TLS. Its access log has, per
    request, nginx's connection serial number, the request's number on it, the protocol,
    the status and the URI (requests()). ca is the certificate to trust (PIP_CERT).
    Raises RuntimeError when nginx or openssl is missing: a test must fail then."""

    def __init__(self, root, backend_port, h2=True):
        import shutil as _sh
        import socket
        import time
        for tool in ("nginx", "openssl"):
            if _sh.which(tool) is None and not os.path.exists("/usr/sbin/" + tool):
                raise RuntimeError("%s is missing (tests/deps-apt.txt)" % tool)
        self.dir = tempfile.mkdtemp(prefix="nginx.", dir=root)
        d = self.dir
        self.ca = os.path.join(d, "cert.pem")
        key = os.path.join(d, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout", key, "-out", self.ca],
                       check=True, capture_output=True)
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.log = os.path.join(d, "access.log")
        os.makedirs(os.path.join(d, "tmp"))
        conf = os.path.join(d, "nginx.conf")
        with open(conf, "w") as f:
            f.write("""daemon off;
master_process off;
worker_processes 1;
pid %(d)s/nginx.pid;
error_log %(d)s/error.log;
events { worker_connections 512; }
http {
    log_format conn '$connection $connection_requests $server_protocol $status $request_uri';
    access_log %(log)s conn;
    client_body_temp_path %(d)s/tmp;
    proxy_temp_path %(d)s/tmp;
    fastcgi_temp_path %(d)s/tmp;
    uwsgi_temp_path %(d)s/tmp;
    scgi_temp_path %(d)s/tmp;
    keepalive_requests 10000;
    upstream index { server 127.0.0.1:%(backend)d; keepalive 64; }
    server {
        listen 127.0.0.1:%(port)d ssl%(h2)s;
        ssl_certificate %(ca)s;
        ssl_certificate_key %(key)s;
        location / {
            proxy_pass http://index;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
        }
    }
}
""" % {"d": d, "log": self.log, "backend": backend_port, "port": self.port, "ca": self.ca,
                "key": key, "h2": " http2" if h2 else ""})
        nginx = _sh.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen([nginx, "-p", d, "-e", os.path.join(d, "error.log"),
                                      "-c", conf], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _proxies.append(self)
        self.url = "https://127.0.0.1:%d/simple/" % self.port
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    err = self.proc.stderr.read().decode(errors="replace") if \
                        self.proc.poll() is not None else "not listening after 30 s"
                    self.stop()
                    raise RuntimeError("nginx did not start: %s" % err.strip()[-500:])
                time.sleep(0.05)

    def requests(self, prefix="/simple/"):
        """[(connection, request number on it, protocol, status, uri)] for URIs under
        prefix, in log order."""
        rows = []
        with open(self.log) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 5 and parts[4].startswith(prefix):
                    rows.append((int(parts[0]), int(parts[1]), parts[2], int(parts[3]),
                                 parts[4]))
        return rows

    def truncate_log(self):
        open(self.log, "w").close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


_proxies = []       # every TlsProxy started: main() stops those still running
