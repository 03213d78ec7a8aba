#!/usr/bin/env python3
# githttp.py: git's smart HTTP protocol on 127.0.0.1 for the scan tests: `git
# http-backend` run as a CGI for every request, plus two ways to fail: "hang" (read the
# request, never answer) and "slow" (the pack trickling in, 64 bytes every 0.2 s).
# "gate:PATH" sends half of each pack, then the rest once PATH exists (a clone held in
# the middle, its progress on the screen). Standard library only. In-process (GitHttp)
# or standalone: githttp.py ROOT PORT_FILE [MODE] serves until killed.
"""Import with sys.path.insert(0, <the tests directory>); import githttp."""

import http.server
import os
import subprocess
import sys
import threading
import time


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _serve(self, method):
        srv = self.server
        body = self._body()
        srv.requests += 1
        if srv.mode == "hang":
            srv.release.wait(120)
            self.close_connection = True
            return
        path, _, query = self.path.partition("?")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "GIT_PROJECT_ROOT": srv.root, "GIT_HTTP_EXPORT_ALL": "1",
               "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "CONTENT_TYPE": self.headers.get("Content-Type", ""),
               "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": "127.0.0.1",
               "GIT_HTTP_MAX_REQUEST_BUFFER": "100M"}
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["HTTP_GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        out = subprocess.run(["git", "http-backend"], input=body, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        if not _:
            head, _, payload = out.partition(b"\n\n")
        status = 200
        headers = []
        for line in head.decode("latin-1").splitlines():
            k, _, v = line.partition(":")
            if k.lower() == "status":
                status = int(v.strip().split()[0])
            elif k:
                headers.append((k, v.strip()))
        frames = None
        if srv.mode == "slow" and method == "POST" and len(payload) > 256:
            frames = _trickle_frames(payload)
            payload = b"".join(frames)
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if srv.mode.startswith("gate:") and method == "POST" and len(payload) > 64:
            # Half the pack now, the rest once the test creates the gate file.
            half = len(payload) // 2
            self.wfile.write(payload[:half])
            self.wfile.flush()
            gate = srv.mode[len("gate:"):]
            deadline = time.time() + 120
            while not os.path.exists(gate) and not srv.release.is_set() \
                    and time.time() < deadline:
                time.sleep(0.05)
            self.wfile.write(payload[half:])
        elif frames is not None:
            for f in frames:
                if srv.release.is_set():
                    break
                self.wfile.write(f)
                self.wfile.flush()
                time.sleep(0.2)
        else:
            self.wfile.write(payload)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")


def _trickle_frames(payload):
    """An upload-pack answer cut for "slow": each side-band data packet in pieces of 64
    bytes, each piece after a progress packet of its own, the server talking all along
    as a slow real one does. libgit2 calls its client back on progress messages and on
    completed objects only: with the pack's whole packets trickled, a client heard
    nothing after the first messages until a 3 MB object was in, and whether its
    deadline was checked before its owner gave up depended on when the pack began."""
    note = b"\x02trickle\r"
    frames, i = [], 0
    while i + 4 <= len(payload):
        try:
            n = int(payload[i:i + 4], 16)
        except ValueError:  # not packet lines (an error page): as it is
            break
        if n < 4:   # flush (and delim) packets: the length alone
            frames.append(payload[i:i + 4])
            i += 4
            continue
        pkt = payload[i + 4:i + n]
        i += n
        if pkt[:1] != b"\x01" or len(pkt) <= 65:
            frames.append(b"%04x" % n + pkt)
            continue
        for j in range(1, len(pkt), 64):
            piece = b"\x01" + pkt[j:j + 64]
            frames.append(b"%04x" % (4 + len(note)) + note +
                          b"%04x" % (4 + len(piece)) + piece)
    if payload[i:]:
        frames.append(payload[i:])
    return frames


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass    # a client that gives up (the timeout tests) is expected


class GitHttp:
    """Serves the bare repositories under root at http://127.0.0.1:PORT/NAME.git."""

    def __init__(self, root, mode="normal"):
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.root = root
        self.httpd.mode = mode
        self.httpd.requests = 0
        self.httpd.release = threading.Event()
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name):
        return "http://127.0.0.1:%d/%s" % (self.port, name)

    @property
    def requests(self):
        return self.httpd.requests

    def stop(self):
        self.httpd.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    g = GitHttp(sys.argv[1], sys.argv[3] if len(sys.argv) > 3 else "normal")
    with open(sys.argv[2] + ".tmp", "w") as f:
        f.write("%d\n" % g.port)
    os.rename(sys.argv[2] + ".tmp", sys.argv[2])
    g.thread.join()
