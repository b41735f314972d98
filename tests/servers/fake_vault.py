#!/usr/bin/env python3
"""A stand-in for HashiCorp Vault's transit secrets engine on 127.0.0.1
(tests/servers/lib.bash conventions: --port-file, port 0).

  fake_vault.py --port-file F --token TOKEN [--namespace NS] [--mount PATH]...
                [--log FILE]

It answers POST /v1/MOUNT/encrypt/NAME and /v1/MOUNT/decrypt/NAME as Vault
does: the X-Vault-Token header must hold TOKEN (else 403 "permission
denied"), X-Vault-Namespace must be NS when --namespace is given, the
plaintext travels base64-encoded (anything else is 400), the ciphertext is
"vault:v1:" and base64.  Keys spring into being on first use, as with a
transit mount that allows it; a ciphertext opens only under its own key.
--mount  the transit mounts (default "transit")
--log    one JSON line per request: op, mount, key, namespace, outcome
"""
import argparse
import base64
import binascii
import hmac
import json
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from serving import serve


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def answer(self, status, obj, **note):
        srv = self.server
        if srv.log:
            with srv.lock:
                srv.log.write(json.dumps(dict(note, status=status), sort_keys=True) + "\n")
                srv.log.flush()
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        srv = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        parts = self.path.split("/")
        ns = self.headers.get("X-Vault-Namespace")
        # /v1/<mount...>/<op>/<name>
        if len(parts) < 5 or parts[1] != "v1" or parts[-2] not in ("encrypt", "decrypt"):
            return self.answer(404, {"errors": []}, path=self.path)
        mount, op, name = "/".join(parts[2:-2]), parts[-2], parts[-1]
        note = {"op": op, "mount": mount, "key": name, "namespace": ns}
        if not hmac.compare_digest(self.headers.get("X-Vault-Token", ""), srv.token):
            return self.answer(403, {"errors": ["permission denied"]}, outcome="bad token", **note)
        if srv.namespace and ns != srv.namespace:
            return self.answer(403, {"errors": ["permission denied"]}, outcome="bad namespace", **note)
        if mount not in srv.mounts:
            return self.answer(404, {"errors": ["no handler for route \"%s\"" % self.path[4:]]},
                               outcome="no mount", **note)
        try:
            req = json.loads(body)
        except ValueError:
            return self.answer(400, {"errors": ["failed to parse JSON input"]}, outcome="bad json", **note)
        with srv.lock:
            key = srv.keys.setdefault((mount, name), AESGCM(AESGCM.generate_key(bit_length=256)))
        if op == "encrypt":
            try:
                pt = base64.b64decode(req.get("plaintext", ""), validate=True)
            except (binascii.Error, TypeError):
                return self.answer(400, {"errors": ["illegal base64 data at input byte 0"]},
                                   outcome="plaintext not base64", **note)
            nonce = secrets.token_bytes(12)
            ct = "vault:v1:" + base64.b64encode(nonce + key.encrypt(nonce, pt, name.encode())).decode()
            return self.answer(200, {"data": {"ciphertext": ct, "key_version": 1}}, outcome="ok", **note)
        ct = req.get("ciphertext", "")
        try:
            if not ct.startswith("vault:v1:"):
                raise ValueError
            raw = base64.b64decode(ct[9:], validate=True)
            pt = key.decrypt(raw[:12], raw[12:], name.encode())
        except Exception:
            return self.answer(400, {"errors": ["cipher: message authentication failed"]},
                               outcome="bad ciphertext", **note)
        return self.answer(200, {"data": {"plaintext": base64.b64encode(pt).decode()}}, outcome="ok", **note)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--namespace")
    ap.add_argument("--mount", action="append", default=[])
    ap.add_argument("--log")
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.token, srv.namespace = args.token, args.namespace
    srv.mounts = set(args.mount or ["transit"])
    srv.keys, srv.lock = {}, threading.Lock()
    srv.log = open(args.log, "a") if args.log else None
    return serve(srv, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
