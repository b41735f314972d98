#!/usr/bin/env python3
"""fake_k8s: a small Kubernetes API server for k8s-rollout's tests.

Serves discovery, namespaced and cluster-scoped objects, watch streams,
strategic-merge / merge / JSON patches and server-side apply, and runs a
deployment controller that turns pod-template changes into ReplicaSets with
revisions and moves the status towards "rolled out" one step per tick.
Real kubectl talks to it too, so the tests can compare the two clients.
Istio VirtualServices are validated like Istio's webhook does (weights sum
to 100; strategic merge refused with 415).  With --app-port-file a second,
plain-HTTP listener plays the application (/healthz) and Prometheus
(/api/v1/query) for the canary and blue/green gates; with --proxy-port-file
an HTTP CONNECT proxy (to 127.0.0.1 only) tests proxy-url.

Pods, pods/NAME and pods/NAME/log come from fake_pods.py: derived from the
ReplicaSets, failing as a kubelet reports it when their image asks to.

Binds 127.0.0.1 only.  Scenarios (--scenario a,b) switch failure modes; see
SCENARIOS below.  The request log (--log) never holds credentials.
"""
import argparse
import base64
import copy
import hashlib
import json
import select
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import fake_pods
from serving import serve, serve_in_background

SCENARIOS = {
    "healthy": "rollouts complete, one status step per tick",
    "slow": "ticks of 400ms",
    "never-available": "new pods never become available; ProgressDeadlineExceeded after 6 ticks",
    "stalled": "new pods never become available and no deadline is reached (for --timeout)",
    "paused": "agent-service is paused with a template change pending",
    "rollout-pending": "agent-service has an unobserved template change; the controller waits for a watch",
    "conflict-once": "the first write to a deployment answers 409 Conflict",
    "conflict-always": "every write to a deployment answers 409 Conflict",
    "watch-drop": "every watch stream ends after one event",
    "gone": "the first watch stream carries an ERROR 410 event",
    "gone-http": "the first watch request answers HTTP 410",
    "5xx-burst": "the first two API requests answer 503 with Retry-After: 1",
    "429": "the first two API requests answer 429 with Retry-After: 1",
    "forbidden": "writes answer 403 Forbidden",
    "canary-breaks-at-25": "the app's /healthz answers 500 once the canary weight reaches 25",
    "green-unhealthy": "the app's /healthz answers 500 while Service shop selects version green",
    "green-not-ready": "deployment shop-green has only 1 of 2 pods available",
    "pods-forbidden": "listing pods answers 403 Forbidden (a deployer without pods permission)",
    "route-race": "before the first JSON patch of each kind of route, someone else sets its canary weight to 5",
    "gateway-v1beta1": "the Gateway API is served as v1beta1 only (an older install)",
}

BASE_TIME = 1767225600  # 2026-01-01T00:00:00Z: creation times are deterministic

# (group, version) -> [(plural, kind, namespaced, shortNames)]
RESOURCES = {
    ("", "v1"): [("namespaces", "Namespace", False, ["ns"]),
                 ("services", "Service", True, ["svc"]),
                 ("configmaps", "ConfigMap", True, ["cm"]),
                 ("secrets", "Secret", True, []),
                 ("pods", "Pod", True, ["po"])],
    ("apps", "v1"): [("deployments", "Deployment", True, ["deploy"]),
                     ("replicasets", "ReplicaSet", True, ["rs"])],
    ("rbac.authorization.k8s.io", "v1"): [("clusterroles", "ClusterRole", False, [])],
    ("networking.istio.io", "v1"): [("virtualservices", "VirtualService", True, ["vs"]),
                                    ("destinationrules", "DestinationRule", True, ["dr"])],
    ("networking.istio.io", "v1beta1"): [("virtualservices", "VirtualService", True, ["vs"]),
                                         ("destinationrules", "DestinationRule", True, ["dr"])],
    # Both Gateway API versions from one storage, as the CRD serves them.
    ("gateway.networking.k8s.io", "v1"): [("httproutes", "HTTPRoute", True, []),
                                          ("gateways", "Gateway", True, [])],
    ("gateway.networking.k8s.io", "v1beta1"): [("httproutes", "HTTPRoute", True, []),
                                               ("gateways", "Gateway", True, [])],
    ("networking.k8s.io", "v1"): [("ingresses", "Ingress", True, ["ing"]),
                                  ("ingressclasses", "IngressClass", False, [])],
}
CRD_GROUPS = {"networking.istio.io", "gateway.networking.k8s.io"}
VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"]

# Strategic-merge keys of the lists we merge by key (the rest are replaced).
MERGE_KEYS = {"containers": "name", "initContainers": "name", "ephemeralContainers": "name",
              "env": "name", "volumes": "name", "volumeMounts": "mountPath",
              "ports": "containerPort", "imagePullSecrets": "name", "conditions": "type"}

SKIP_ANN = {"kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
            "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to"}


def resource_info(group, plural):
    for (g, v), rows in RESOURCES.items():
        if g == group:
            for row in rows:
                if row[0] == plural:
                    return row
    return None


class ApiError(Exception):
    def __init__(self, code, reason, message, details=None):
        super().__init__(message)
        self.code, self.reason, self.message, self.details = code, reason, message, details

    def status(self):
        s = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
             "message": self.message, "reason": self.reason, "code": self.code}
        if self.details:
            s["details"] = self.details
        return s


def gname(group, plural):
    return plural + ("." + group if group else "")


# ---------------------------------------------------------------- patches

def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def strategic_merge(target, patch, field=None):
    if isinstance(patch, list):
        key = MERGE_KEYS.get(field)
        if not key or not isinstance(target, list):
            return copy.deepcopy(patch)
        out = copy.deepcopy(target)
        for item in patch:
            if not isinstance(item, dict) or key not in item:
                continue
            idx = next((i for i, t in enumerate(out) if isinstance(t, dict) and t.get(key) == item[key]), None)
            if item.get("$patch") == "delete":
                if idx is not None:
                    out.pop(idx)
            elif idx is None:
                out.append(strategic_merge({}, item))
            else:
                out[idx] = strategic_merge(out[idx], item)
        return out
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    orders = {}
    for k, v in patch.items():
        if k.startswith("$setElementOrder/"):
            orders[k.split("/", 1)[1]] = v
        elif k.startswith("$"):
            continue
        elif v is None:
            out.pop(k, None)
        else:
            out[k] = strategic_merge(out.get(k), v, k)
    for f, order in orders.items():
        key = MERGE_KEYS.get(f)
        if key and isinstance(out.get(f), list):
            rank = {o.get(key): i for i, o in enumerate(order)}
            out[f].sort(key=lambda item: rank.get(item.get(key), len(rank)))
    return out


def pointer_parts(path):
    if path == "":
        return []
    if not path.startswith("/"):
        raise ApiError(422, "Invalid", "invalid JSON pointer %r" % path)
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def json_patch(doc, ops):
    doc = copy.deepcopy(doc)
    if not isinstance(ops, list):
        raise ApiError(400, "BadRequest", "json patch must be an array")

    def walk(parts):
        cur = doc
        for p in parts[:-1]:
            cur = cur[int(p)] if isinstance(cur, list) else cur[p]
        return cur, parts[-1]

    for op in ops:
        kind, parts = op.get("op"), pointer_parts(op.get("path", ""))
        try:
            if kind == "test":
                cur, last = walk(parts) if parts else (None, None)
                val = doc if not parts else (cur[int(last)] if isinstance(cur, list) else cur.get(last))
                if val != op.get("value"):
                    raise patch_error("testing value %s failed: test failed" % op.get("path"))
                continue
            if not parts:
                doc = copy.deepcopy(op.get("value"))
                continue
            parent, last = walk(parts)
            if kind in ("add", "replace"):
                if isinstance(parent, list):
                    i = len(parent) if last == "-" else int(last)
                    if kind == "add":
                        parent.insert(i, copy.deepcopy(op["value"]))
                    else:
                        parent[i] = copy.deepcopy(op["value"])
                else:
                    if kind == "replace" and last not in parent:
                        raise patch_error("replace operation does not apply: doc is missing key: %s" % op["path"])
                    parent[last] = copy.deepcopy(op["value"])
            elif kind == "remove":
                if isinstance(parent, list):
                    parent.pop(int(last))
                else:
                    del parent[last]
            else:
                raise ApiError(422, "Invalid", "unsupported JSON patch op %r" % kind)
        except (KeyError, IndexError, ValueError, TypeError):
            raise patch_error("%s operation does not apply: doc is missing path: %s" % (kind, op.get("path")))
    return doc


def patch_error(cause):
    """The API server's answer to a JSON patch that does not apply: the
    cause only in details, the message always the same."""
    return ApiError(422, "Invalid", "the server rejected our request due to an error in our request",
                    {"causes": [{"reason": "UnexpectedServerResponse", "message": cause}]})


# ---------------------------------------------------------------- the store

class Store:
    def __init__(self, opts):
        self.opts = opts
        self.cond = threading.Condition()
        self.rv = 100
        self.uid = 0
        self.clock = 0
        self.objs = {}     # (group, plural, ns, name) -> object
        self.events = []   # (rv, group, plural, ns, type, object)
        self.rollouts = {}  # deployment key -> list of pending status steps
        self.watched = threading.Event()
        self.seeding = True
        self.counters = {}

    def once(self, name, times=1):
        """True for the first `times` calls with this name."""
        n = self.counters.get(name, 0)
        self.counters[name] = n + 1
        return n < times

    def _stamp(self, obj):
        self.rv += 1
        obj["metadata"]["resourceVersion"] = str(self.rv)
        return self.rv

    def _emit(self, group, plural, ns, etype, obj):
        self.events.append((self.rv, group, plural, ns, etype, copy.deepcopy(obj)))
        self.cond.notify_all()

    def get(self, group, plural, ns, name):
        obj = self.objs.get((group, plural, ns, name))
        if obj is None:
            raise ApiError(404, "NotFound", '%s "%s" not found' % (gname(group, plural), name),
                           {"name": name, "group": group, "kind": plural})
        return obj

    def list(self, group, plural, ns):
        return [o for (g, p, n, _), o in sorted(self.objs.items()) if g == group and p == plural
                and (ns is None or n == ns)]

    def create(self, group, plural, ns, obj, dry=False):
        validate(plural, obj)
        name = obj.get("metadata", {}).get("name")
        if not name:
            raise ApiError(422, "Invalid", "metadata.name: Required value: name is required")
        if ns is not None and ("", "namespaces", None, ns) not in self.objs:
            raise ApiError(404, "NotFound", 'namespaces "%s" not found' % ns)
        if (group, plural, ns, name) in self.objs:
            raise ApiError(409, "AlreadyExists", '%s "%s" already exists' % (gname(group, plural), name))
        obj = copy.deepcopy(obj)
        meta = obj.setdefault("metadata", {})
        if ns is not None:
            meta["namespace"] = ns
        self.uid += 1
        self.clock += 1
        meta["uid"] = "%08x-0000-4000-8000-%012x" % (self.uid, self.uid)
        meta["creationTimestamp"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(BASE_TIME + self.clock))
        if plural == "deployments":
            self._default_deployment(obj)
            meta["generation"] = 1
            obj["status"] = {}
        if dry:
            return obj
        self._stamp(obj)
        self.objs[(group, plural, ns, name)] = obj
        self._emit(group, plural, ns, "ADDED", obj)
        return obj

    def _default_deployment(self, obj):
        spec = obj.setdefault("spec", {})
        spec.setdefault("replicas", 1)
        spec.setdefault("progressDeadlineSeconds", 600)
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("strategy", {"type": "RollingUpdate",
                                     "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})
        tmpl = spec.setdefault("template", {})
        tmpl.setdefault("metadata", {}).setdefault("creationTimestamp", None)
        for c in tmpl.setdefault("spec", {}).setdefault("containers", []):
            c.setdefault("imagePullPolicy", "IfNotPresent")
            c.setdefault("terminationMessagePath", "/dev/termination-log")
            c.setdefault("terminationMessagePolicy", "File")
            c.setdefault("resources", {})
        tmpl["spec"].setdefault("restartPolicy", "Always")
        tmpl["spec"].setdefault("dnsPolicy", "ClusterFirst")

    def replace(self, group, plural, ns, name, new, dry=False, check_rv=True):
        old = self.get(group, plural, ns, name)
        validate(plural, new)
        want_rv = new.get("metadata", {}).get("resourceVersion")
        if check_rv and want_rv and want_rv != old["metadata"]["resourceVersion"]:
            raise ApiError(409, "Conflict", 'Operation cannot be fulfilled on %s "%s": the object has been '
                           'modified; please apply your changes to the latest version and try again'
                           % (gname(group, plural), name))
        new = copy.deepcopy(new)
        meta = new.setdefault("metadata", {})
        for k in ("uid", "creationTimestamp", "name", "namespace", "generation"):
            if k in old["metadata"]:
                meta[k] = old["metadata"][k]
        if plural == "deployments":
            self._default_deployment(new)
            new["status"] = old.get("status", {})
            if new["spec"] != old["spec"]:
                meta["generation"] = old["metadata"].get("generation", 1) + 1
        if dry:
            meta["resourceVersion"] = old["metadata"]["resourceVersion"]
            return new
        self._stamp(new)
        self.objs[(group, plural, ns, name)] = new
        self._emit(group, plural, ns, "MODIFIED", new)
        return new

    def delete(self, group, plural, ns, name):
        obj = self.get(group, plural, ns, name)
        del self.objs[(group, plural, ns, name)]
        self._stamp(obj)
        self._emit(group, plural, ns, "DELETED", obj)
        return obj

    # ------------------------------------------------ deployment controller

    def owned_sets(self, dep):
        uid = dep["metadata"]["uid"]
        return [rs for rs in self.list("apps", "replicasets", dep["metadata"]["namespace"])
                if any(r.get("controller") and r.get("uid") == uid
                       for r in rs["metadata"].get("ownerReferences", []))]

    def observe(self, dep):
        """The controller sees a new generation: find or make the new RS."""
        ns, name = dep["metadata"]["namespace"], dep["metadata"]["name"]
        spec, st = dep["spec"], dict(dep.get("status", {}))
        st["observedGeneration"] = dep["metadata"]["generation"]
        want = strip_hash(spec["template"])
        sets = self.owned_sets(dep)
        revs = [int(rs["metadata"].get("annotations", {}).get("deployment.kubernetes.io/revision", "0"))
                for rs in sets]
        cur = next((rs for rs in sets if strip_hash(rs["spec"]["template"]) == want), None)
        if spec.get("paused"):
            # No new ReplicaSet while paused: none of the pods run the new template.
            if cur is None:
                st["updatedReplicas"] = 0
            st["conditions"] = set_condition(st.get("conditions"), "Progressing", "Unknown",
                                             "DeploymentPaused", "Deployment is paused")
            dep = copy.deepcopy(dep)
            dep["status"] = clean_status(st)
            self._commit_status(dep)
            return
        top = max(revs or [0])
        dep_ann = {k: v for k, v in dep["metadata"].get("annotations", {}).items() if k not in SKIP_ANN}
        if cur is None:
            h = template_hash(want)
            tmpl = copy.deepcopy(spec["template"])
            tmpl["metadata"].setdefault("labels", {})["pod-template-hash"] = h
            sel = copy.deepcopy(spec.get("selector", {}))
            sel.setdefault("matchLabels", {})["pod-template-hash"] = h
            ann = dict(dep_ann)
            ann["deployment.kubernetes.io/revision"] = str(top + 1)
            ann["deployment.kubernetes.io/desired-replicas"] = str(spec.get("replicas", 1))
            rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
                  "metadata": {"name": "%s-%s" % (name, h), "labels": dict(tmpl["metadata"]["labels"]),
                               "annotations": ann,
                               "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": name,
                                                    "uid": dep["metadata"]["uid"], "controller": True,
                                                    "blockOwnerDeletion": True}]},
                  "spec": {"replicas": spec.get("replicas", 1), "selector": sel, "template": tmpl},
                  "status": {"replicas": 0}}
            cur = self.create("apps", "replicasets", ns, rs)
            new_rev = top + 1
        else:
            cur = copy.deepcopy(cur)
            ann = cur["metadata"].setdefault("annotations", {})
            old_rev = int(ann.get("deployment.kubernetes.io/revision", "0"))
            new_rev = old_rev
            if old_rev < top:
                new_rev = top + 1
                hist = ann.get("deployment.kubernetes.io/revision-history")
                ann["deployment.kubernetes.io/revision-history"] = (hist + "," if hist else "") + str(old_rev)
                ann["deployment.kubernetes.io/revision"] = str(new_rev)
            for k, v in dep_ann.items():
                ann[k] = v
            cur = self.replace("apps", "replicasets", ns, cur["metadata"]["name"], cur, check_rv=False)
        dep = copy.deepcopy(dep)
        dep["metadata"].setdefault("annotations", {})["deployment.kubernetes.io/revision"] = str(new_rev)
        # Failure scenarios hit the rollouts the tests start, not the seed's history.
        steps = rollout_steps(spec.get("replicas", 1), self.opts.never_available and not self.seeding,
                              self.opts.stalled and not self.seeding)
        first = steps.pop(0)
        st.update(first)
        st["conditions"] = set_condition(st.get("conditions"), "Progressing", "True", "ReplicaSetUpdated",
                                         'ReplicaSet "%s" is progressing.' % cur["metadata"]["name"])
        dep["status"] = clean_status(st)
        self.rollouts[(ns, name)] = steps
        self._commit_status(dep, meta=True)

    def _commit_status(self, dep, meta=False):
        key = ("apps", "deployments", dep["metadata"]["namespace"], dep["metadata"]["name"])
        cur = self.objs[key]
        cur = copy.deepcopy(cur)
        cur["status"] = dep["status"]
        if meta:
            cur["metadata"]["annotations"] = dep["metadata"].get("annotations", {})
        self._stamp(cur)
        self.objs[key] = cur
        self._emit("apps", "deployments", key[2], "MODIFIED", cur)

    def tick(self):
        """One step of the controller for every deployment."""
        for key in [k for k in self.objs if k[1] == "deployments"]:
            dep = self.objs[key]
            st = dep.get("status", {})
            if dep["metadata"].get("generation", 1) > st.get("observedGeneration", 0):
                self.observe(dep)
                continue
            steps = self.rollouts.get((key[2], key[3]))
            if not steps or fake_pods.holds(self, dep, strip_hash):
                continue
            step = steps.pop(0)
            st = dict(st)
            st.update(step)
            if st.pop("_deadline", False):
                st["conditions"] = set_condition(st.get("conditions"), "Progressing", "False",
                                                 "ProgressDeadlineExceeded",
                                                 'ReplicaSet "%s" has timed out progressing.' % key[3])
            elif not steps:
                st["conditions"] = set_condition(st.get("conditions"), "Progressing", "True",
                                                 "NewReplicaSetAvailable", "Deployment has successfully progressed.")
                self.completed(key)
                st["conditions"] = set_condition(st["conditions"], "Available", "True",
                                                 "MinimumReplicasAvailable", "Deployment has minimum availability.")
                self._scale_old_sets(dep)
            dep = copy.deepcopy(dep)
            dep["status"] = clean_status(st)
            self._commit_status(dep)

    def completed(self, key):
        """Note when a rollout finished (wall clock), for the latency benchmark."""
        if self.opts.complete_log:
            with open(self.opts.complete_log, "a") as fp:
                fp.write("%s/%s %.6f\n" % (key[2], key[3], time.time()))

    def _scale_old_sets(self, dep):
        want = strip_hash(dep["spec"]["template"])
        for rs in self.owned_sets(dep):
            rs = copy.deepcopy(rs)
            n = dep["spec"].get("replicas", 1) if strip_hash(rs["spec"]["template"]) == want else 0
            if rs["spec"].get("replicas") != n:
                rs["spec"]["replicas"] = n
                rs["status"] = {"replicas": n, "readyReplicas": n, "availableReplicas": n}
                self.replace("apps", "replicasets", rs["metadata"]["namespace"], rs["metadata"]["name"], rs,
                             check_rv=False)

    def settle(self):
        for _ in range(100):
            if not any(k[1] == "deployments" and (self.rollouts.get((k[2], k[3])) or
                                                  o["metadata"].get("generation", 1) >
                                                  o.get("status", {}).get("observedGeneration", 0))
                       and not o["spec"].get("paused") for k, o in self.objs.items()):
                return
            self.tick()


def rollout_steps(r, never, stalled=False):
    """Status snapshots from the first observation to the end."""
    if r == 0:
        return [{"replicas": 0, "updatedReplicas": 0, "readyReplicas": 0, "availableReplicas": 0}]
    if stalled:
        return [{"replicas": r + 1, "updatedReplicas": 1, "readyReplicas": r, "availableReplicas": r}]
    if never:
        steps = [{"replicas": r + 1, "updatedReplicas": 1, "readyReplicas": r, "availableReplicas": r}]
        steps += [{} for _ in range(4)]
        steps.append({"_deadline": True})
        return steps
    steps = [{"replicas": r + 1, "updatedReplicas": i, "readyReplicas": r, "availableReplicas": r}
             for i in range(1, r + 1)]
    steps.append({"replicas": r, "updatedReplicas": r, "readyReplicas": r - 1, "availableReplicas": r - 1})
    steps.append({"replicas": r, "updatedReplicas": r, "readyReplicas": r, "availableReplicas": r})
    return steps


def clean_status(st):
    """Like the real API: zero counts are omitted."""
    return {k: v for k, v in st.items() if v not in (0, None)}


def set_condition(conds, ctype, status, reason, message):
    conds = [c for c in (conds or []) if c.get("type") != ctype]
    conds.append({"type": ctype, "status": status, "reason": reason, "message": message,
                  "lastUpdateTime": "2026-01-01T00:00:00Z", "lastTransitionTime": "2026-01-01T00:00:00Z"})
    return sorted(conds, key=lambda c: c["type"])


def strip_hash(tmpl):
    t = copy.deepcopy(tmpl)
    labels = t.get("metadata", {}).get("labels")
    if labels:
        labels.pop("pod-template-hash", None)
    return t


def template_hash(tmpl):
    digest = hashlib.sha256(json.dumps(tmpl, sort_keys=True).encode()).digest()
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    return "".join(alphabet[b % len(alphabet)] for b in digest[:10])


# ---------------------------------------------------------------- seed data

def container(name, image, port=None):
    c = {"name": name, "image": image}
    if port:
        c["ports"] = [{"containerPort": port, "protocol": "TCP"}]
    return c


def deployment(name, labels, containers, replicas, change_cause=None):
    d = {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": name, "labels": dict(labels)},
         "spec": {"replicas": replicas, "selector": {"matchLabels": dict(labels)},
                  "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": containers}}}}
    if change_cause:
        d["metadata"]["annotations"] = {"kubernetes.io/change-cause": change_cause}
    return d


def rich_deployment():
    """A pod template with most of what `rollout history --revision` shows:
    resources, probes, env sources, volumes, init containers, tolerations."""
    probe = {"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"}, "initialDelaySeconds": 5,
             "timeoutSeconds": 2, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
    app = container("api", "registry.example.com/api:2.1.0", 8080)
    app["ports"].append({"containerPort": 9090, "protocol": "TCP", "name": "metrics", "hostPort": 9090})
    app.update({
        "command": ["/bin/api"], "args": ["--listen", ":8080", "--verbose"],
        "resources": {"limits": {"cpu": "500m", "memory": "256Mi"},
                      "requests": {"cpu": "100m", "memory": "128Mi", "ephemeral-storage": "1Gi"}},
        "livenessProbe": probe,
        "readinessProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 5, "timeoutSeconds": 1,
                           "successThreshold": 1, "failureThreshold": 3},
        "startupProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "periodSeconds": 10, "timeoutSeconds": 1,
                         "successThreshold": 1, "failureThreshold": 30},
        "env": [{"name": "LOG_LEVEL", "value": "debug"},
                {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
                {"name": "REGION", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "region",
                                                                     "optional": True}}},
                {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}},
                {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}}],
        "envFrom": [{"configMapRef": {"name": "api-config"}}, {"secretRef": {"name": "api-secrets"},
                                                                "prefix": "S_"}],
        "volumeMounts": [{"name": "config", "mountPath": "/etc/api", "readOnly": True},
                         {"name": "cache", "mountPath": "/var/cache/api"},
                         {"name": "data", "mountPath": "/data", "subPath": "api"}]})
    init = container("migrate", "registry.example.com/api:2.1.0")
    init.update({"command": ["/bin/api", "migrate"], "resources": {"requests": {"cpu": "50m"}}})
    proxy = container("proxy", "envoyproxy/envoy:v1.30")
    proxy.update({
        "livenessProbe": {"grpc": {"port": 9901, "service": "envoy"}, "periodSeconds": 10, "timeoutSeconds": 1,
                          "successThreshold": 1, "failureThreshold": 3},
        "env": [{"name": "BANNER", "value": "line one\nline two"},
                {"name": "CPUS", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}},
                {"name": "MILLI", "valueFrom": {"resourceFieldRef": {"resource": "requests.cpu", "divisor": "1m"}}}],
        "resources": {"requests": {"cpu": "250m"}},
        "volumeMounts": [{"name": "token", "mountPath": "/var/run/token", "readOnly": True}]})
    d = deployment("api", {"app": "api"}, [app, proxy], 2)
    d["spec"]["template"]["metadata"]["annotations"] = {
        "prometheus.io/scrape": "true", "note": "first line\nsecond line\n",
        "description": "a long annotation " + "x" * 150}
    d["spec"]["template"]["spec"].update({
        "initContainers": [init], "serviceAccountName": "api", "priorityClassName": "high",
        "nodeSelector": {"disktype": "ssd", "kubernetes.io/os": "linux"},
        "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "api", "effect": "NoSchedule"},
                        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                         "tolerationSeconds": 300}, {"operator": "Exists"}],
        "volumes": [{"name": "config", "configMap": {"name": "api-config"}},
                    {"name": "cache", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}},
                    {"name": "data", "persistentVolumeClaim": {"claimName": "api-data"}},
                    {"name": "tls", "secret": {"secretName": "api-tls", "optional": False}},
                    {"name": "logs", "hostPath": {"path": "/var/log/api", "type": "DirectoryOrCreate"}},
                    {"name": "token", "projected": {"sources": [
                        {"serviceAccountToken": {"expirationSeconds": 3600, "path": "token"}},
                        {"configMap": {"name": "kube-root-ca.crt"}},
                        {"secret": {"name": "extra"}}, {"downwardAPI": {"items": []}}]}},
                    {"name": "podinfo", "downwardAPI": {"items": [
                        {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
                        {"path": "mem", "resourceFieldRef": {"containerName": "api", "resource": "limits.memory"}}]}}]})
    return d


def set_image(store, ns, name, cname, image, cause=None):
    dep = copy.deepcopy(store.get("apps", "deployments", ns, name))
    for c in dep["spec"]["template"]["spec"]["containers"]:
        if c["name"] == cname:
            c["image"] = image
    if cause:
        dep["metadata"].setdefault("annotations", {})["kubernetes.io/change-cause"] = cause
    else:
        dep["metadata"].get("annotations", {}).pop("kubernetes.io/change-cause", None)
    store.replace("apps", "deployments", ns, name, dep, check_rv=False)


def seed(store, scen):
    for ns in ("default", "agent-dev", "kube-system"):
        store.create("", "namespaces", None, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
    app = {"app": "agent-service"}
    store.create("apps", "deployments", "agent-dev", deployment(
        "agent-service", app, [container("agent-service", "registry.example.com/agent-service:1.3.0", 8080),
                               container("log-shipper", "fluent/fluent-bit:2.2")], 3,
        "deploy 1.3.0"))
    store.settle()
    set_image(store, "agent-dev", "agent-service", "agent-service", "registry.example.com/agent-service:1.4.0")
    store.settle()
    store.create("", "services", "agent-dev", {
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "agent-service"},
        "spec": {"selector": dict(app), "ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP"}]}})
    store.create("apps", "deployments", "default", deployment(
        "web", {"app": "web"}, [container("nginx", "nginx:1.25", 80)], 2))
    store.create("apps", "deployments", "default", deployment(
        "web-canary", {"app": "web", "track": "canary"}, [container("nginx", "nginx:1.26", 80)], 1))
    store.create("apps", "deployments", "default", deployment(
        "solo", {"app": "solo"}, [container("app", "busybox:1.36")], 1))
    store.create("apps", "deployments", "default", rich_deployment())
    store.settle()
    seed_progressive(store, scen)
    fake_pods.seed(store, deployment, container)
    seed_routers(store)
    if "paused" in scen:
        dep = copy.deepcopy(store.get("apps", "deployments", "agent-dev", "agent-service"))
        dep["spec"]["paused"] = True
        store.replace("apps", "deployments", "agent-dev", "agent-service", dep, check_rv=False)
        store.settle()
        set_image(store, "agent-dev", "agent-service", "agent-service", "registry.example.com/agent-service:1.5.0")
        store.settle()
        store.tick()
    if "rollout-pending" in scen:
        set_image(store, "agent-dev", "agent-service", "agent-service", "registry.example.com/agent-service:1.5.0")


def seed_progressive(store, scen):
    """Part 2's objects: a canary behind an Istio VirtualService (the seed's
    90/10) and a blue/green pair behind Service shop."""
    store.create("apps", "deployments", "agent-dev", deployment(
        "agent-service-canary", {"app": "agent-service-canary"},
        [container("agent-service", "registry.example.com/agent-service:1.5.0", 8080),
         container("log-shipper", "fluent/fluent-bit:2.2")], 1))
    store.create("networking.istio.io", "destinationrules", "agent-dev", {
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "agent-service"},
        "spec": {"host": "agent-service", "subsets": [
            {"name": "stable", "labels": {"app": "agent-service"}},
            {"name": "canary", "labels": {"app": "agent-service-canary"}}]}})
    store.create("networking.istio.io", "virtualservices", "agent-dev", {
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "agent-service"},
        "spec": {"hosts": ["agent-service"], "http": [
            {"name": "debug", "match": [{"headers": {"x-debug": {"exact": "1"}}}],
             "route": [{"destination": {"host": "agent-service", "subset": "canary"}}]},
            {"name": "primary", "retries": {"attempts": 3, "perTryTimeout": "2s"}, "timeout": "10s",
             "route": [{"destination": {"host": "agent-service", "subset": "stable"}, "weight": 90},
                       {"destination": {"host": "agent-service", "subset": "canary"}, "weight": 10}]}]}})
    for color, image in (("blue", "shop:1.0"), ("green", "shop:1.1")):
        store.create("apps", "deployments", "default", deployment(
            "shop-" + color, {"app": "shop", "version": color}, [container("shop", image, 8080)], 2))
    store.create("", "services", "default", {
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "shop"},
        "spec": {"selector": {"app": "shop", "version": "blue"},
                 "ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP"}]}})
    store.settle()
    if "green-not-ready" in scen:
        dep = copy.deepcopy(store.get("apps", "deployments", "default", "shop-green"))
        dep["status"].update({"availableReplicas": 1, "readyReplicas": 1})
        store._commit_status(dep)


def app_health(store, scen):
    """(status, body) of the application's /healthz for the scenarios."""
    if "canary-breaks-at-25" in scen and canary_share(store) >= 25:
        return 500, {"status": "error", "reason": "canary is failing"}
    if "green-unhealthy" in scen and "shop-green" in route_services(store, "default", "shop"):
        return 500, {"status": "error", "reason": "green is failing"}
    if "green-unhealthy" in scen:
        svc = store.objs.get(("", "services", "default", "shop"))
        if svc and svc["spec"].get("selector", {}).get("version") == "green":
            return 500, {"status": "error", "reason": "green is failing"}
    return 200, {"status": "ok"}


class ProxyHandler(BaseHTTPRequestHandler):
    """An HTTP CONNECT proxy for proxy-url tests: tunnels to 127.0.0.1 only
    and logs each CONNECT to the request log."""

    def log_message(self, fmt, *args):
        pass

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        if host not in ("127.0.0.1", "localhost") or not port.isdigit():
            self.send_error(403, "this proxy only reaches 127.0.0.1")
            return
        if self.server.opts.log:
            with open(self.server.opts.log, "a") as fp:
                fp.write("CONNECT %s proxy - \n" % self.path)
        upstream = socket.create_connection(("127.0.0.1", int(port)))
        self.send_response(200, "Connection established")
        self.end_headers()
        conns = [self.connection, upstream]
        try:
            while True:
                readable, _, _ = select.select(conns, [], [], 30)
                if not readable:
                    break
                for c in readable:
                    data = c.recv(65536)
                    if not data:
                        return
                    (upstream if c is self.connection else self.connection).sendall(data)
        except OSError:
            pass
        finally:
            upstream.close()
            self.close_connection = True


class AppHandler(BaseHTTPRequestHandler):
    """Plain-HTTP side listener: the application's /healthz and a Prometheus
    instant-query stub, both reading the API server's state."""
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        store, opts = self.server.store, self.server.opts
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/healthz":
            with store.cond:
                code, body = app_health(store, opts.scen)
        elif url.path == "/api/v1/query":
            q = dict(urllib.parse.parse_qsl(url.query))
            if not q.get("query"):
                code, body = 400, {"status": "error", "errorType": "bad_data", "error": "no query"}
            else:
                code, body = 200, {"status": "success", "data": {"resultType": "vector", "result": [
                    {"metric": {}, "value": [time.time(), opts.prom_value]}]}}
        else:
            code, body = 404, {"status": "error"}
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


# ---------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-k8s/1"

    def log_message(self, fmt, *args):
        pass

    # --- plumbing
    def send_json(self, code, obj, headers=None):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def send_error_status(self, err, headers=None):
        self.send_json(err.code, err.status(), headers)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def log_request_line(self, body):
        path = self.server.opts.log
        if not path:
            return
        ct = self.headers.get("Content-Type", "-")
        auth = self.headers.get("Authorization", "")
        kind = auth.split(" ")[0] if auth else ("cert" if self.client_user_from_cert() else "-")
        text = body.decode("utf-8", "replace") if body else ""
        if self.headers.get("Content-Type", "").startswith("application/apply") or "secrets" in self.path:
            text = "<%d bytes>" % len(body) if body else ""
        with open(path, "a") as fp:
            fp.write("%s %s %s %s %s\n" % (self.command, self.path, ct, kind, text))

    def client_user_from_cert(self):
        try:
            cert = self.connection.getpeercert()
        except (AttributeError, ValueError):
            return None
        if not cert:
            return None
        for rdn in cert.get("subject", ()):
            for k, v in rdn:
                if k == "commonName":
                    return v
        return None

    def authenticate(self):
        """The user name, "" for anonymous, or None when refused."""
        opts = self.server.opts
        user = self.client_user_from_cert()
        if user:
            return user
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            return opts.tokens.get(auth[7:])
        if auth.startswith("Basic "):
            try:
                up = base64.b64decode(auth[6:]).decode()
            except ValueError:
                return None
            return up.split(":", 1)[0] if up in opts.basic else None
        if opts.tokens or opts.basic or opts.client_ca:
            return None
        return "system:anonymous"

    # --- dispatch
    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_PATCH(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def dispatch(self):
        body = self.body()
        self.log_request_line(body)
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        parts = [p for p in url.path.split("/") if p]
        store, opts = self.server.store, self.server.opts
        try:
            if url.path == "/version":
                return self.send_json(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.4",
                                            "platform": "linux/amd64"})
            user = self.authenticate()
            if user is None:
                raise ApiError(401, "Unauthorized", "Unauthorized")
            if self.discovery(parts):
                return
            with store.cond:
                for scen, code in (("5xx-burst", 503), ("429", 429)):
                    if scen in opts.scen and store.once(scen, 2):
                        err = ApiError(code, "ServiceUnavailable" if code == 503 else "TooManyRequests",
                                       "the server is currently unable to handle the request")
                        return self.send_error_status(err, {"Retry-After": "1"})
            if fake_pods.handle(self, store, parts, q, ApiError, selected):
                return
            group, version, ns, plural, name = self.route(parts)
            info = resource_info(group, plural)
            if info is None:
                raise ApiError(404, "NotFound", "the server could not find the requested resource")
            if not info[2]:
                ns = None
            if self.command != "GET" and "forbidden" in opts.scen:
                verb = {"POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}[self.command]
                raise ApiError(403, "Forbidden", '%s "%s" is forbidden: User "%s" cannot %s resource "%s" in '
                               'API group "%s" in the namespace "%s"'
                               % (gname(group, plural), name, user, verb, plural, group, ns))
            if self.command == "GET" and name is None and q.get("watch") in ("1", "true"):
                return self.watch(group, version, plural, ns, q)
            with store.cond:
                result = self.handle_object(group, version, info, ns, name, q, body)
            self.send_json(201 if self.command == "POST" else 200, result)
        except ApiError as e:
            self.send_error_status(e)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def route(self, parts):
        if len(parts) >= 2 and parts[0] == "api":
            group, version, rest = "", parts[1], parts[2:]
        elif len(parts) >= 3 and parts[0] == "apis":
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            raise ApiError(404, "NotFound", "the server could not find the requested resource")
        if not served((group, version), self.server.opts):
            raise ApiError(404, "NotFound", "the server could not find the requested resource")
        ns = None
        if len(rest) >= 3 and rest[0] == "namespaces" and rest[2] != "":
            ns, rest = rest[1], rest[2:]
        if not rest or len(rest) > 2:
            raise ApiError(404, "NotFound", "the server could not find the requested resource")
        return group, version, ns, rest[0], (rest[1] if len(rest) == 2 else None)

    def discovery(self, parts):
        if parts == ["api"]:
            self.send_json(200, {"kind": "APIVersions", "versions": ["v1"],
                                 "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                                                 "serverAddress": "127.0.0.1"}]})
            return True
        if parts == ["apis"]:
            groups = {}
            for g, v in RESOURCES:
                if g and served((g, v), self.server.opts):
                    groups.setdefault(g, []).append({"groupVersion": "%s/%s" % (g, v), "version": v})
            self.send_json(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": g, "versions": vs, "preferredVersion": vs[0]} for g, vs in groups.items()]})
            return True
        gv = None
        if len(parts) == 2 and parts[0] == "api":
            gv = ("", parts[1])
        elif len(parts) == 3 and parts[0] == "apis":
            gv = (parts[1], parts[2])
        if gv is None:
            return False
        if not served(gv, self.server.opts):
            raise ApiError(404, "NotFound", "the server could not find the requested resource")
        res = [{"name": p, "singularName": k.lower(), "namespaced": n, "kind": k, "verbs": VERBS,
                "shortNames": s} for p, k, n, s in RESOURCES[gv]]
        self.send_json(200, {"kind": "APIResourceList", "apiVersion": "v1",
                             "groupVersion": "/".join(x for x in gv if x), "resources": res})
        return True

    def handle_object(self, group, version, info, ns, name, q, body):
        store, opts = self.server.store, self.server.opts
        plural, kind = info[0], info[1]
        api_version = "%s/%s" % (group, version) if group else version
        dry = q.get("dryRun") == "All"
        if self.command == "GET":
            if name:
                return with_kind(store.get(group, plural, ns, name), api_version, kind)
            items = [o for o in store.list(group, plural, ns) if selected(o, q)]
            return {"kind": kind + "List", "apiVersion": api_version,
                    "metadata": {"resourceVersion": str(store.rv)},
                    "items": [with_kind(o, api_version, kind) for o in items]}
        if self.command == "DELETE":
            return with_kind(store.delete(group, plural, ns, name), api_version, kind)
        if plural == "deployments" and ("conflict-always" in opts.scen or
                                        ("conflict-once" in opts.scen and store.once("conflict"))):
            raise ApiError(409, "Conflict", 'Operation cannot be fulfilled on deployments.apps "%s": the object '
                           'has been modified; please apply your changes to the latest version and try again' % name)
        doc = parse_body(body)
        if self.command == "POST":
            return with_kind(store.create(group, plural, ns, doc, dry), api_version, kind)
        if self.command == "PUT":
            return with_kind(store.replace(group, plural, ns, name, doc, dry), api_version, kind)
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip()
        if ctype == "application/apply-patch+yaml":
            if not q.get("fieldManager"):
                raise ApiError(422, "Invalid", 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required '
                               'value: is required for apply patch')
            try:
                cur = store.get(group, plural, ns, name)
            except ApiError:
                doc.setdefault("metadata", {})["name"] = name
                return with_kind(store.create(group, plural, ns, doc, dry), api_version, kind)
            return with_kind(store.replace(group, plural, ns, name, merge_patch(cur, doc), dry, False),
                             api_version, kind)
        cur = store.get(group, plural, ns, name)
        if ctype == "application/json-patch+json":
            if plural in ROUTES and "route-race" in opts.scen and store.once("route-race-" + plural):
                cur = store.replace(group, plural, ns, name, someone_else_sets_5(plural, cur), check_rv=False)
            new = json_patch(cur, doc)
        elif ctype == "application/merge-patch+json":
            new = merge_patch(cur, doc)
        elif ctype == "application/strategic-merge-patch+json" and group not in CRD_GROUPS:
            new = strategic_merge(cur, doc)
        else:
            raise ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                           "accepted media types include: application/json-patch+json, "
                           "application/merge-patch+json, application/apply-patch+yaml")
        return with_kind(store.replace(group, plural, ns, name, new, dry), api_version, kind)

    # --- watch
    def watch(self, group, version, plural, ns, q):
        store, opts = self.server.store, self.server.opts
        with store.cond:
            if "gone-http" in opts.scen and store.once("gone-http"):
                raise ApiError(410, "Expired", "too old resource version: %s (%d)" % (q.get("resourceVersion"),
                                                                                        store.rv))
            gone = "gone" in opts.scen and store.once("gone")
        since = int(q.get("resourceVersion") or 0) or None
        timeout = min(int(q.get("timeoutSeconds") or 1800), 1800)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if gone:
            self.chunk({"type": "ERROR", "object": {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                                                    "message": "too old resource version: %s (%d)"
                                                    % (since, store.rv), "reason": "Expired", "code": 410}})
            return self.end_chunks()
        if since is None:
            with store.cond:
                since = store.rv
                for o in [o for o in store.list(group, plural, ns) if selected(o, q)]:
                    self.chunk({"type": "ADDED", "object": o})
        if q.get("allowWatchBookmarks") == "true":
            self.chunk({"type": "BOOKMARK", "object": {"kind": "Deployment", "apiVersion": "apps/v1",
                                                       "metadata": {"resourceVersion": str(since)}}})
        store.watched.set()
        end = time.monotonic() + timeout
        sent = 0
        try:
            while time.monotonic() < end:
                with store.cond:
                    batch = [e for e in store.events if e[0] > since and e[1] == group and e[2] == plural
                             and (ns is None or e[3] == ns) and selected(e[5], q)]
                    if not batch:
                        store.cond.wait(min(0.5, end - time.monotonic()))
                        continue
                for rv, _, _, _, etype, obj in batch:
                    self.chunk({"type": etype, "object": obj})
                    since = rv
                    sent += 1
                    if "watch-drop" in opts.scen:
                        return self.end_chunks()
                since = max(since, batch[-1][0])
            self.end_chunks()
        except (BrokenPipeError, ConnectionResetError):
            return

    def chunk(self, obj):
        data = (json.dumps(obj) + "\n").encode()
        # Split every event over two chunks: clients must not assume chunk == event.
        for part in (data[:len(data) // 2], data[len(data) // 2:]):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.flush()

    def end_chunks(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        self.close_connection = True


def istio_validate(vs):
    """Istio's validating webhook on weights: integers 0..100 summing to 100."""
    for i, route in enumerate(vs.get("spec", {}).get("http", []) or []):
        dests = route.get("route", []) or []
        weights = [d.get("weight") for d in dests]
        if len(dests) == 1 and weights[0] is None:
            continue
        if any(w is not None and (not isinstance(w, int) or isinstance(w, bool) or w < 0 or w > 100)
               for w in weights):
            raise ApiError(400, "BadRequest", 'admission webhook "validation.istio.io" denied the request: '
                           'configuration is invalid: weight must be an integer 0..100 (http[%d])' % i)
        total = sum(w or 0 for w in weights)
        if total != 100:
            raise ApiError(400, "BadRequest", 'admission webhook "validation.istio.io" denied the request: '
                           'configuration is invalid: total destination weight %d != 100' % total)


# ---------------------------------------------------------------- routers
# Part 3: Gateway API HTTPRoutes and ingress-nginx Ingresses beside Istio.

ROUTES = {"virtualservices", "httproutes", "ingresses"}
NGX = "nginx.ingress.kubernetes.io/"


def served(gv, opts):
    """Whether the server serves this group/version (an older Gateway API
    install has v1beta1 only)."""
    if gv not in RESOURCES:
        return False
    return not (gv == ("gateway.networking.k8s.io", "v1") and "gateway-v1beta1" in opts.scen)


def validate(plural, obj):
    """Object validation of the API server, the CRDs' schemas and Istio."""
    for ref in obj.get("metadata", {}).get("ownerReferences", []) or []:
        for k in ("apiVersion", "kind", "name", "uid"):
            if not ref.get(k):
                raise ApiError(422, "Invalid", "metadata.ownerReferences.%s: Invalid value: \"\": %s must not be "
                               "empty" % (k, k))
    if plural == "virtualservices":
        istio_validate(obj)
    elif plural == "httproutes":
        httproute_validate(obj)
    elif plural == "ingresses":
        ingress_validate(obj)


def invalid(kind, obj, field, why):
    name = obj.get("metadata", {}).get("name", "")
    return ApiError(422, "Invalid", '%s "%s" is invalid: %s: %s' % (kind, name, field, why))


def httproute_validate(route):
    """The HTTPRoute CRD's schema and rules on backendRefs."""
    kind = "HTTPRoute.gateway.networking.k8s.io"
    rules = route.get("spec", {}).get("rules", []) or []
    if len(rules) > 16:
        raise invalid(kind, route, "spec.rules", "Too many: must have at most 16 items")
    for i, rule in enumerate(rules):
        refs = rule.get("backendRefs", []) or []
        if len(refs) > 16:
            raise invalid(kind, route, "spec.rules[%d].backendRefs" % i, "Too many: must have at most 16 items")
        for j, ref in enumerate(refs):
            at = "spec.rules[%d].backendRefs[%d]" % (i, j)
            if not isinstance(ref.get("name"), str) or not ref["name"]:
                raise invalid(kind, route, at + ".name", "Required value")
            w = ref.get("weight", 1)
            if not isinstance(w, int) or isinstance(w, bool) or w < 0 or w > 1000000:
                raise invalid(kind, route, at + ".weight", "Invalid value: %r: must be an integer 0..1000000" % (w,))
            if ref.get("kind", "Service") == "Service" and ref.get("group", "") == "" and "port" not in ref:
                raise invalid(kind, route, at, "Invalid value: \"object\": Must have port for Service reference")


def ingress_validate(ing):
    """networking.k8s.io/v1 Ingress validation, and ingress-nginx's admission
    on the canary annotations."""
    kind = "Ingress.networking.k8s.io"
    spec = ing.get("spec", {})

    def backend(b, at):
        if not isinstance(b, dict) or ("service" in b) == ("resource" in b):
            raise invalid(kind, ing, at, "Invalid value: exactly one of service and resource is required")
        svc = b.get("service")
        if svc is not None:
            port = svc.get("port", {})
            if not svc.get("name"):
                raise invalid(kind, ing, at + ".service.name", "Required value")
            if ("number" in port) == ("name" in port):
                raise invalid(kind, ing, at + ".service.port", "Invalid value: exactly one of name and number")
    if "defaultBackend" in spec:
        backend(spec["defaultBackend"], "spec.defaultBackend")
    for i, rule in enumerate(spec.get("rules", []) or []):
        for j, path in enumerate(rule.get("http", {}).get("paths", []) or []):
            at = "spec.rules[%d].http.paths[%d]" % (i, j)
            if path.get("pathType") not in ("Exact", "Prefix", "ImplementationSpecific"):
                raise invalid(kind, ing, at + ".pathType", "Unsupported value: %r" % (path.get("pathType"),))
            if path.get("pathType") != "ImplementationSpecific" and not str(path.get("path", "")).startswith("/"):
                raise invalid(kind, ing, at + ".path", "Invalid value: must be an absolute path")
            backend(path.get("backend"), at + ".backend")
    ann = ing.get("metadata", {}).get("annotations", {}) or {}
    for k, v in ann.items():
        if not isinstance(v, str):
            raise invalid(kind, ing, "metadata.annotations", "Invalid value: %s must be a string" % k)
    w = ann.get(NGX + "canary-weight")
    if w is not None and (not w.isdigit() or int(w) > int(ann.get(NGX + "canary-weight-total", "100"))):
        raise ApiError(400, "BadRequest", 'admission webhook "validate.nginx.ingress.kubernetes.io" denied the '
                       'request: invalid canary-weight %r' % w)


def someone_else_sets_5(plural, obj):
    """Another writer's change to the canary's share: weight 5."""
    obj = copy.deepcopy(obj)
    if plural == "ingresses":
        obj.setdefault("metadata", {}).setdefault("annotations", {})[NGX + "canary-weight"] = "5"
        return obj
    lists = ([r.get("route", []) for r in obj.get("spec", {}).get("http", [])] if plural == "virtualservices"
             else [r.get("backendRefs", []) for r in obj.get("spec", {}).get("rules", [])])
    for entries in lists:
        if len(entries) < 2:
            continue
        for e in entries:
            label = e.get("destination", {}).get("subset") if plural == "virtualservices" else e.get("name", "")
            if label in ("canary",) or str(label).endswith("-canary"):
                e["weight"] = 5
            elif label in ("stable",) or str(label).endswith("-stable"):
                e["weight"] = 95
    return obj


def canary_share(store):
    """The agent-service canary's share on whichever router carries it."""
    share = 0
    vs = store.objs.get(("networking.istio.io", "virtualservices", "agent-dev", "agent-service"))
    for route in (vs or {}).get("spec", {}).get("http", []):
        for d in route.get("route", []):
            if d["destination"].get("subset") == "canary" and len(route["route"]) > 1:
                share = max(share, d.get("weight") or 0)
    hr = store.objs.get(("gateway.networking.k8s.io", "httproutes", "agent-dev", "agent-service"))
    for rule in (hr or {}).get("spec", {}).get("rules", []):
        refs = rule.get("backendRefs", [])
        if len(refs) > 1:
            share = max([share] + [r.get("weight", 1) for r in refs if r.get("name") == "agent-service-canary"])
    ing = store.objs.get(("networking.k8s.io", "ingresses", "agent-dev", "agent-service-canary"))
    if ing:
        share = max(share, int(ing["metadata"].get("annotations", {}).get(NGX + "canary-weight", "0")))
    return share


def route_services(store, ns, name):
    hr = store.objs.get(("gateway.networking.k8s.io", "httproutes", ns, name))
    return {r.get("name") for rule in (hr or {}).get("spec", {}).get("rules", []) for r in rule.get("backendRefs", [])}


def seed_routers(store):
    """Part 3's objects: the agent-service canary behind an HTTPRoute and an
    ingress-nginx Ingress too, a route that names other Services, and a
    blue/green HTTPRoute shop."""
    for name, sel in (("agent-service-stable", {"app": "agent-service"}),
                      ("agent-service-canary", {"app": "agent-service-canary"})):
        store.create("", "services", "agent-dev", {
            "apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
            "spec": {"selector": sel, "ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP"}]}})
    store.create("gateway.networking.k8s.io", "gateways", "agent-dev", {
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "metadata": {"name": "public"},
        "spec": {"gatewayClassName": "example", "listeners": [{"name": "http", "port": 80, "protocol": "HTTP"}]}})
    store.create("gateway.networking.k8s.io", "httproutes", "agent-dev", {
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "metadata": {"name": "agent-service"},
        "spec": {"parentRefs": [{"name": "public"}], "hostnames": ["agent.example.com"], "rules": [
            {"name": "debug", "matches": [{"headers": [{"name": "x-debug", "value": "1"}]}],
             "backendRefs": [{"name": "agent-service-canary", "port": 80}]},
            {"name": "primary", "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
             "timeouts": {"request": "10s"},
             "filters": [{"type": "RequestHeaderModifier", "requestHeaderModifier": {
                 "add": [{"name": "x-route", "value": "primary"}]}}],
             "backendRefs": [{"name": "agent-service-stable", "port": 80, "weight": 90},
                             {"name": "agent-service-canary", "port": 80, "weight": 10}]}]},
        "status": {"parents": [{"parentRef": {"name": "public"}, "controllerName": "example.com/gateway",
                                "conditions": [{"type": "Accepted", "status": "True", "reason": "Accepted"}]}]}})
    store.create("gateway.networking.k8s.io", "httproutes", "agent-dev", {
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "metadata": {"name": "legacy"},
        "spec": {"parentRefs": [{"name": "public"}], "rules": [
            {"backendRefs": [{"name": "legacy-v1", "port": 80, "weight": 50},
                             {"name": "legacy-v2", "port": 80, "weight": 50}]},
            {"name": "static", "backendRefs": [{"name": "cdn", "port": 80}]}]}})
    store.create("networking.k8s.io", "ingressclasses", None, {
        "apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "nginx"},
        "spec": {"controller": "k8s.io/ingress-nginx"}})
    store.create("networking.k8s.io", "ingresses", "agent-dev", {
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "agent-service", "annotations": {NGX + "proxy-body-size": "8m"}},
        "spec": {"ingressClassName": "nginx",
                 "tls": [{"hosts": ["agent.example.com"], "secretName": "agent-tls"}],
                 "rules": [{"host": "agent.example.com", "http": {"paths": [
                     {"path": "/", "pathType": "Prefix",
                      "backend": {"service": {"name": "agent-service", "port": {"number": 80}}}},
                     {"path": "/v1/chat", "pathType": "Exact",
                      "backend": {"service": {"name": "agent-service", "port": {"name": "http"}}}}]}}]}})
    for color in ("blue", "green"):
        store.create("", "services", "default", {
            "apiVersion": "v1", "kind": "Service", "metadata": {"name": "shop-" + color},
            "spec": {"selector": {"app": "shop", "version": color},
                     "ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP"}]}})
    store.create("gateway.networking.k8s.io", "httproutes", "default", {
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "metadata": {"name": "shop"},
        "spec": {"parentRefs": [{"name": "public", "namespace": "agent-dev"}], "rules": [
            {"backendRefs": [{"name": "shop-blue", "port": 80}]},
            {"name": "api", "matches": [{"path": {"type": "PathPrefix", "value": "/api"}}],
             "backendRefs": [{"name": "shop-blue", "port": 80, "weight": 1}]}]}})


def with_kind(obj, api_version, kind):
    o = copy.deepcopy(obj)
    o["apiVersion"], o["kind"] = api_version, kind
    return o


def parse_body(body):
    if not body:
        raise ApiError(400, "BadRequest", "the request body is empty")
    try:
        return json.loads(body)
    except ValueError:
        pass
    try:
        import yaml  # python3-yaml, for apply bodies written as YAML
        return yaml.safe_load(body)
    except Exception:
        raise ApiError(400, "BadRequest", "the body of the request could not be decoded")


def label_match(labels, selector):
    for term in filter(None, selector.split(",")):
        term = term.strip()
        if "!=" in term:
            k, v = term.split("!=", 1)
            if labels.get(k) == v:
                return False
        elif "=" in term:
            k, v = term.split("=", 1)
            if labels.get(k.rstrip("=")) != v.lstrip("="):
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


def selected(obj, q):
    meta = obj.get("metadata", {})
    fs = q.get("fieldSelector")
    if fs:
        for term in fs.split(","):
            k, _, v = term.partition("=")
            if k == "metadata.name" and meta.get("name") != v.lstrip("="):
                return False
            if k == "metadata.namespace" and meta.get("namespace") != v.lstrip("="):
                return False
    ls = q.get("labelSelector")
    return not ls or label_match(meta.get("labels", {}), ls)


def controller(store, opts):
    if opts.hold_until_watch:
        store.watched.wait()
        time.sleep(opts.tick / 1000)
    while True:
        time.sleep(opts.tick / 1000)
        with store.cond:
            store.tick()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--scenario", default="healthy", help="comma-separated: " + ", ".join(SCENARIOS))
    ap.add_argument("--tick", type=int, default=30, help="controller step in ms")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--client-ca", help="accept client certificates signed by this CA")
    ap.add_argument("--token", action="append", default=[], help="TOKEN=USER accepted as bearer token")
    ap.add_argument("--basic", action="append", default=[], help="USER:PASSWORD accepted")
    ap.add_argument("--hold-until-watch", action="store_true",
                    help="start the controller at the first watch request")
    ap.add_argument("--log", help="append one line per request here")
    ap.add_argument("--complete-log", help="append 'NS/NAME UNIXTIME' when a rollout completes")
    ap.add_argument("--app-port-file", help="also serve /healthz and /api/v1/query over plain HTTP; port here")
    ap.add_argument("--prom-value", default="0.01", help="the value the Prometheus stub answers")
    ap.add_argument("--proxy-port-file", help="also run an HTTP CONNECT proxy to 127.0.0.1; port here")
    ap.add_argument("--missing-image", dest="missing_images", action="append", default=[],
                    help="an image the registry does not have: its pods fail with ImagePullBackOff")
    opts = ap.parse_args()
    opts.scen = set(s for s in opts.scenario.split(",") if s)
    bad = opts.scen - set(SCENARIOS)
    if bad:
        ap.error("unknown scenario: " + ", ".join(sorted(bad)))
    if "slow" in opts.scen:
        opts.tick = max(opts.tick, 400)
    if "rollout-pending" in opts.scen:
        opts.hold_until_watch = True
    opts.never_available = "never-available" in opts.scen
    opts.stalled = "stalled" in opts.scen
    opts.tokens = dict(t.split("=", 1) if "=" in t else (t, "tester") for t in opts.token)
    store = Store(opts)
    with store.cond:
        seed(store, opts.scen)
        store.seeding = False

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.store, httpd.opts = store, opts
    if opts.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(opts.tls_cert, opts.tls_key)
        if opts.client_ca:
            ctx.load_verify_locations(opts.client_ca)
            ctx.verify_mode = ssl.CERT_OPTIONAL
        httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=controller, args=(store, opts), daemon=True).start()
    if opts.app_port_file:
        app = ThreadingHTTPServer(("127.0.0.1", 0), AppHandler)
        app.daemon_threads = True
        app.store, app.opts = store, opts
        serve_in_background(app, opts.app_port_file)
    if opts.proxy_port_file:
        proxy = ThreadingHTTPServer(("127.0.0.1", 0), ProxyHandler)
        proxy.daemon_threads = True
        proxy.opts = opts
        serve_in_background(proxy, opts.proxy_port_file)
    sys.exit(serve(httpd, opts.port_file))


if __name__ == "__main__":
    main()
