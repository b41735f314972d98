#!/usr/bin/env python3
"""Scriptable HTTP(S) test server, 127.0.0.1 only.

Used by the health-wait tests and benchmark; any test that needs an HTTP
peer which misbehaves on cue may use it.  It follows tests/servers/lib.bash:
it binds 127.0.0.1 port 0, writes the port it got into --port-file once it
listens, and serves until killed.

  http_server.py --script FILE --port-file FILE [--log FILE] [--port N]
                 [--cert PEM --key PEM [--client-ca PEM]]

--script  a JSON object mapping a request path (the query is ignored) to
          its answers; "*" answers every other path.  Each path keeps its
          own counter of requests.
--log     one JSON line per request: {"method", "path", "headers" (names
          lower-cased), "body", "t" (when it arrived, in seconds on the
          monotonic clock: for the gaps between requests)}, written before
          the answer.
--port    listen on this port instead of one the kernel picks (for a test
          that starts a client before its server, as a deploy does)
--cert, --key  serve HTTPS with this certificate chain and key (PEM); the
          tests make their own CA with openssl.
--client-ca  with --cert: require a client certificate signed by this CA

An entry is one step (answered every time), a list of steps (in turn, the
last one repeating), or an object with "steps" and:
  "cycle": true     start over after the last step (a flapping service)
  "boot": SECONDS   until SECONDS after the server started, answer
                    "booting" (a step; default 503 {"status": "starting"})
                    without counting, like a service that is coming up

A step is an object; every key is optional:
  status    HTTP status (default 200, or 302 with redirect)
  body      text body
  json      a value sent as the body with Content-Type: application/json
  headers   {"Name": "value"} added to the answer
  redirect  Location header (status 302 unless given)
  delay     seconds to wait before answering
  hang      read the request, then never answer
  drop      read the request, then close the connection without a word
  reset     read the request, then reset the connection (TCP RST)
  drip      {"chunk": "x", "every": 0.2, "count": 50}: the body sent a chunk
            at a time, its whole Content-Length announced up front
  endless   a body that never ends (no Content-Length)
A path missing from the script (and no "*") answers 404.
"""
import argparse
import json
import socket
import ssl
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from serving import serve


BOOTING = {"status": 503, "json": {"status": "starting"}}


class Script:
    def __init__(self, data):
        self.data = data
        self.counts = {}
        self.lock = threading.Lock()
        self.started = time.monotonic()

    def step(self, path):
        entry = self.data.get(path, self.data.get("*"))
        if entry is None:
            return {"status": 404, "body": "no such path in the script\n"}
        cycle = False
        if isinstance(entry, dict) and "steps" in entry:
            if time.monotonic() - self.started < entry.get("boot", 0):
                return entry.get("booting", BOOTING)
            cycle = entry.get("cycle", False)
            entry = entry["steps"]
        if isinstance(entry, dict):
            return entry
        with self.lock:
            n = self.counts.get(path, 0)
            self.counts[path] = n + 1
        if cycle:
            return entry[n % len(entry)]
        return entry[min(n, len(entry) - 1)]


class Handler(BaseHTTPRequestHandler):
    server_version = "agentci-test/1"

    def log_message(self, fmt, *args):
        pass

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True

    def answer(self):
        arrived = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        req_body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        if self.server.log:
            rec = {"method": self.command, "path": self.path,
                   "headers": {k.lower(): v for k, v in self.headers.items()},
                   "body": req_body.decode("utf-8", "replace"),
                   "t": arrived}
            with self.server.log_lock:
                self.server.log.write(json.dumps(rec) + "\n")
                self.server.log.flush()
        step = self.server.script.step(path)
        if step.get("delay"):
            time.sleep(step["delay"])
        if step.get("hang"):
            time.sleep(3600)
            return
        if step.get("drop"):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if step.get("reset"):
            # A zero linger time makes close() send RST instead of FIN.
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
            return
        status = step.get("status", 302 if "redirect" in step else 200)
        headers = dict(step.get("headers", {}))
        if "redirect" in step:
            headers["Location"] = step["redirect"]
        if "json" in step:
            body = json.dumps(step["json"]).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            body = step.get("body", "").encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if step.get("endless"):
            self.end_headers()
            chunk = b"x" * 65536
            while True:
                self.wfile.write(chunk)
        drip = step.get("drip")
        if drip:
            chunk = drip.get("chunk", "x").encode()
            count = drip.get("count", 100)
            self.send_header("Content-Length", str(len(chunk) * count))
            self.end_headers()
            for _ in range(count):
                self.wfile.write(chunk)
                self.wfile.flush()
                time.sleep(drip.get("every", 0.2))
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = answer


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 4096
    tls = None

    def get_request(self):
        sock, addr = super().get_request()
        if self.tls:
            # The handshake happens in the handler's thread, on first read.
            sock = self.tls.wrap_socket(sock, server_side=True,
                                        do_handshake_on_connect=False)
        return sock, addr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--script", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--client-ca")
    args = ap.parse_args()
    with open(args.script) as f:
        script = Script(json.load(f))
    srv = Server(("127.0.0.1", args.port), Handler)
    srv.script = script
    srv.log = open(args.log, "a") if args.log else None
    srv.log_lock = threading.Lock()
    if args.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(args.client_ca)
            # TLS 1.2 refuses a missing client certificate inside the
            # handshake, so the client always sees the alert; TLS 1.3 sends
            # it afterwards, where it races with the close of the socket.
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        srv.tls = ctx
    return serve(srv, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
