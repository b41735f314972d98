#!/usr/bin/env python3
"""Scriptable HTTP(S) server for the health-wait tests (127.0.0.1 only).

The script is a JSON object mapping a path to its answers; "*" answers any
other path (each path keeps its own counter).  An entry is one step, a list
of steps (the last one repeats), or {"steps": [...], "cycle": true} (starts
over after the last).  A step:

  status   HTTP status (default 200)
  body     text body; json: a value sent as application/json
  headers  {"Name": "value"}
  redirect Location for a 302 (status defaults to 302)
  delay    seconds to wait before answering
  hang     read the request, then never answer
  drop     read the request, then close the connection without a word
  drip     {"chunk": "x", "every": 0.2, "count": 50}: body sent slowly,
           Content-Length announced up front
  endless  a body that never ends (no Content-Length)

Options: --script FILE, --port-file FILE, --log FILE (one JSON line per
request: method, path, headers, body), --cert/--key PEM files for TLS.
"""
import argparse
import json
import os
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Script:
    def __init__(self, data):
        self.data = data
        self.counts = {}
        self.lock = threading.Lock()

    def step(self, path):
        entry = self.data.get(path, self.data.get("*"))
        if entry is None:
            return {"status": 404, "body": "no such path in the script\n"}
        cycle = False
        if isinstance(entry, dict) and "steps" in entry:
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
    server_version = "hw-test/1"

    def log_message(self, fmt, *args):
        pass

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        req_body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        if self.server.log:
            rec = {"method": self.command, "path": self.path,
                   "headers": {k.lower(): v for k, v in self.headers.items()},
                   "body": req_body.decode("utf-8", "replace")}
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
    ap.add_argument("--cert")
    ap.add_argument("--key")
    args = ap.parse_args()
    with open(args.script) as f:
        script = Script(json.load(f))
    srv = Server(("127.0.0.1", 0), Handler)
    srv.script = script
    srv.log = open(args.log, "a") if args.log else None
    srv.log_lock = threading.Lock()
    if args.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        srv.tls = ctx
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
