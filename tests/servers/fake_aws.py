#!/usr/bin/env python3
"""A stand-in for AWS KMS and STS, and GitHub Actions' OIDC token endpoint,
on 127.0.0.1 (tests/servers/lib.bash conventions: --port-file, port 0).

Every signed request is checked the way AWS checks it, with botocore's own
SigV4 signer (botocore.auth.SigV4Auth, an implementation independent of the
client's): the credential scope (date, region, service), the clock skew
(5 minutes), the session token of temporary credentials, and the
signature over the headers the request says it signed.  A wrong one is
refused with AWS's error (InvalidSignatureException / SignatureDoesNotMatch).

  fake_aws.py --port-file F [--user AKID:SECRET]... [--role ARN]...
              [--web-identity-token TOKEN] [--oidc-bearer TOKEN]
              [--allow AKID|ROLE_ARN]... [--skew SECONDS] [--fail-first N]
              [--log FILE]

--user   long-term credentials the server knows
--role   roles that AssumeRole and AssumeRoleWithWebIdentity may assume
--web-identity-token  a token AssumeRoleWithWebIdentity accepts (as from
         a token file); tokens from the OIDC endpoint below are accepted
         when their audience is sts.amazonaws.com
--oidc-bearer  the request token GET /oidc/token wants (Authorization:
         Bearer); it answers {"value": JWT} for the ?audience= asked
--allow  who may use KMS (a user's AKID or an assumed role's ARN); any
         signed caller when none is given
--skew   the server's clock runs SECONDS ahead (to make signatures expire)
--fail-first  answer the first N KMS requests 500 KMSInternalException,
         then 400 ThrottlingException, in turn, as KMS does now and then
--log    one JSON line per request: action, akid, role, region, service,
         key (the KMS KeyId), context, outcome; never a secret

KMS keys are any ARN; the ciphertext blob is AES-GCM under the server's own
key, bound to the key ARN and the encryption context (as KMS binds them).
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import re
import secrets
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from serving import serve

AUTH_RE = re.compile(
    r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request,\s*"
    r"SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$")


class Refused(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class State:
    def __init__(self, args):
        self.users = {}  # akid -> (secret, token or None, role ARN or None)
        for u in args.user:
            akid, secret = u.split(":", 1)
            self.users[akid] = (secret, None, None)
        self.roles = set(args.role)
        self.web_token = args.web_identity_token
        self.oidc_bearer = args.oidc_bearer
        self.allow = set(args.allow)
        self.skew = args.skew
        self.fail_left = args.fail_first
        self.master = AESGCM(AESGCM.generate_key(bit_length=256))
        self.jwt_key = secrets.token_bytes(32)
        self.lock = threading.Lock()
        self.log = open(args.log, "a") if args.log else None

    def issue(self, role):
        akid = "ASIA" + secrets.token_hex(8).upper()
        cred = (akid, secrets.token_urlsafe(30), secrets.token_urlsafe(60))
        with self.lock:
            self.users[akid] = (cred[1], cred[2], role)
        return cred

    def jwt(self, audience):
        def b64(b):
            return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
        head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = b64(json.dumps({"aud": audience, "iss": "https://token.actions.githubusercontent.com",
                               "sub": "repo:example/app:ref:refs/heads/main"}).encode())
        sig = b64(hmac.new(self.jwt_key, (head + "." + body).encode(), hashlib.sha256).digest())
        return head + "." + body + "." + sig

    def jwt_audience(self, token):
        parts = token.split(".")
        if len(parts) != 3:
            return None
        want = base64.urlsafe_b64encode(hmac.new(self.jwt_key, (parts[0] + "." + parts[1]).encode(),
                                                 hashlib.sha256).digest()).rstrip(b"=").decode()
        if not hmac.compare_digest(want, parts[2]):
            return None
        return json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))).get("aud")


def verify_sigv4(st, handler, body, service):
    """The caller's (akid, role) when the request's SigV4 signature is right."""
    h = handler.headers
    m = AUTH_RE.match(h.get("Authorization", ""))
    if not m:
        raise Refused(400, "MissingAuthenticationToken", "Request is missing Authentication Token")
    akid, day, region, svc, signed, sig = m.groups()
    if svc != service:
        raise Refused(400, "InvalidSignatureException", "Credential should be scoped to correct service: '%s'." % service)
    with st.lock:
        user = st.users.get(akid)
    if not user:
        raise Refused(400, "UnrecognizedClientException", "The security token included in the request is invalid.")
    secret, token, role = user
    if token is not None and not hmac.compare_digest(h.get("X-Amz-Security-Token", ""), token):
        raise Refused(400, "UnrecognizedClientException", "The security token included in the request is invalid.")
    amzdate = h.get("X-Amz-Date", "")
    try:
        when = datetime.datetime.strptime(amzdate, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise Refused(400, "IncompleteSignatureException", "X-Amz-Date is missing or malformed")
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=st.skew)
    if abs((now - when).total_seconds()) > 300:
        raise Refused(400, "InvalidSignatureException",
                      "Signature expired: %s is now earlier than %s (%s - 5 min.)" %
                      (amzdate, (now - datetime.timedelta(minutes=5)).strftime("%Y%m%dT%H%M%SZ"),
                       now.strftime("%Y%m%dT%H%M%SZ")))
    if day != amzdate[:8]:
        raise Refused(400, "InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP")
    names = signed.split(";")
    if "host" not in names or "x-amz-date" not in names:
        raise Refused(400, "InvalidSignatureException", "'Host' and 'X-Amz-Date' must be signed")
    if token is not None and "x-amz-security-token" not in names:
        raise Refused(400, "InvalidSignatureException", "the security token must be signed")
    req = AWSRequest(method=handler.command, url="http://%s%s" % (h["Host"], handler.path), data=body,
                     headers={n: h.get(n, "") for n in names})
    req.context["timestamp"] = amzdate
    signer = SigV4Auth(Credentials(akid, secret, token), svc, region)
    want = signer.signature(signer.string_to_sign(req, signer.canonical_request(req)), req)
    if not hmac.compare_digest(want, sig):
        raise Refused(400 if service == "kms" else 403,
                      "InvalidSignatureException" if service == "kms" else "SignatureDoesNotMatch",
                      "The request signature we calculated does not match the signature you provided. "
                      "Check your AWS Secret Access Key and signing method.")
    return akid, role, region


def sts_xml(action, cred, role):
    akid, secret, token = cred
    exp = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ("<%sResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><%sResult>"
            "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>"
            "<SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>"
            "<AssumedRoleUser><Arn>%s/session</Arn><AssumedRoleId>AROA0:session</AssumedRoleId></AssumedRoleUser>"
            "</%sResult></%sResponse>" % (action, action, akid, secret, token, exp, role, action, action))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def note(self, **kw):
        st = self.server.st
        if st.log:
            with st.lock:
                st.log.write(json.dumps(kw, sort_keys=True) + "\n")
                st.log.flush()

    def send(self, status, body, ctype):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        st = self.server.st
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        if u.path != "/oidc/token":
            return self.send(404, "{}", "application/json")
        if not st.oidc_bearer or self.headers.get("Authorization", "") != "Bearer " + st.oidc_bearer:
            self.note(action="oidc", outcome="bad bearer")
            return self.send(401, '{"message":"bad request token"}', "application/json")
        aud = q.get("audience", [""])[0]
        self.note(action="oidc", audience=aud, outcome="ok")
        self.send(200, json.dumps({"value": st.jwt(aud)}), "application/json")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        target = self.headers.get("X-Amz-Target", "")
        try:
            if target.startswith("TrentService."):
                self.kms(target[len("TrentService."):], body)
            else:
                self.sts(body)
        except Refused as r:
            self.note(action=target or "sts", outcome=r.code)
            if target:
                self.send(r.status, json.dumps({"__type": r.code, "message": r.message}),
                          "application/x-amz-json-1.1")
            else:
                self.send(r.status, "<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message>"
                          "</Error></ErrorResponse>" % (r.code, r.message), "text/xml")

    def sts(self, body):
        st = self.server.st
        form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
        action, role = form.get("Action"), form.get("RoleArn", "")
        if form.get("Version") != "2011-06-15" or not form.get("RoleSessionName"):
            raise Refused(400, "MissingParameter", "Version 2011-06-15 and RoleSessionName are required")
        if action == "AssumeRole":
            akid, _, region = verify_sigv4(st, self, body, "sts")
        elif action == "AssumeRoleWithWebIdentity":
            if "Authorization" in self.headers:
                raise Refused(400, "InvalidAction", "AssumeRoleWithWebIdentity is not signed")
            tok = form.get("WebIdentityToken", "")
            if not (st.web_token and hmac.compare_digest(tok, st.web_token)) and \
                    st.jwt_audience(tok) != "sts.amazonaws.com":
                raise Refused(400, "InvalidIdentityToken", "Couldn't verify the web identity token")
            akid, region = "web-identity", None
        else:
            raise Refused(400, "InvalidAction", "Could not find operation %s" % action)
        if role not in st.roles:
            raise Refused(403, "AccessDenied", "Not authorized to perform sts:AssumeRole on %s" % role)
        cred = st.issue(role)
        self.note(action=action, akid=akid, role=role, region=region, service="sts", outcome="ok")
        self.send(200, sts_xml(action, cred, role), "text/xml")

    def kms(self, op, body):
        st = self.server.st
        with st.lock:
            fail = st.fail_left
            st.fail_left -= fail > 0
        if fail % 2:
            raise Refused(500, "KMSInternalException", "the service had an internal error")
        if fail:
            raise Refused(400, "ThrottlingException", "Rate exceeded")
        akid, role, region = verify_sigv4(st, self, body, "kms")
        if st.allow and akid not in st.allow and role not in st.allow:
            raise Refused(400, "AccessDeniedException", "User is not authorized to perform: kms:%s" % op)
        try:
            req = json.loads(body)
        except ValueError:
            raise Refused(400, "SerializationException", "the body is not JSON")
        arn, ctx = req.get("KeyId", ""), req.get("EncryptionContext") or {}
        m = re.match(r"^arn:aws[\w-]*:kms:([^:]+):\d+:(key|alias)/.+$", arn)
        if not m:
            raise Refused(400, "NotFoundException", "Invalid keyId %s" % arn)
        if m.group(1) != region:
            raise Refused(400, "InvalidSignatureException",
                          "Credential should be scoped to a valid region, not '%s'" % region)
        aad = json.dumps([arn, ctx], sort_keys=True).encode()
        if op == "Encrypt":
            pt = base64.b64decode(req.get("Plaintext", ""), validate=True)
            nonce = secrets.token_bytes(12)
            blob = b"fkms" + nonce + st.master.encrypt(nonce, pt, aad)
            out = {"CiphertextBlob": base64.b64encode(blob).decode(), "KeyId": arn,
                   "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}
        elif op == "Decrypt":
            blob = base64.b64decode(req.get("CiphertextBlob", ""), validate=True)
            try:
                if blob[:4] != b"fkms":
                    raise ValueError
                pt = st.master.decrypt(blob[4:16], blob[16:], aad)
            except Exception:
                raise Refused(400, "InvalidCiphertextException", "")
            out = {"Plaintext": base64.b64encode(pt).decode(), "KeyId": arn,
                   "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}
        else:
            raise Refused(400, "UnknownOperationException", "")
        self.note(action=op, akid=akid, role=role, region=region, service="kms", key=arn, context=ctx, outcome="ok")
        self.send(200, json.dumps(out), "application/x-amz-json-1.1")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--user", action="append", default=[])
    ap.add_argument("--role", action="append", default=[])
    ap.add_argument("--web-identity-token")
    ap.add_argument("--oidc-bearer")
    ap.add_argument("--allow", action="append", default=[])
    ap.add_argument("--skew", type=int, default=0)
    ap.add_argument("--fail-first", type=int, default=0)
    ap.add_argument("--log")
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.st = State(args)
    return serve(srv, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
