"""fake_pods: the pods of fake_k8s.py's ReplicaSets, for fail-fast tests.

Pods are not stored: they are derived from each ReplicaSet (spec.replicas of
them, named after it, owned by it) and from how long ago it was first seen,
so that their status moves the way a kubelet's reports do.  A keyword in a
container's image makes that container fail as the kubelet says it:

    does-not-exist  ErrImagePull for 2 s, then ImagePullBackOff (or an image
                    named by --missing-image)
    flaky-pull      ErrImagePull for FLAKY_SECONDS, then running
    crashloop       CrashLoopBackOff, restarted every 2 s, exit code 1; its
                    previous run's log ends with a KeyError
    oomkilled       running again after OOMKilled (exit 137), every 4 s
    missing-secret  CreateContainerConfigError (a Secret key that is absent)
    unschedulable   the pod is not scheduled (PodScheduled False)

Serves GET pods, pods/NAME and pods/NAME/log (container, previous,
tailLines) as the API server does, with its errors.
"""
import hashlib
import time

FAULTS = ("does-not-exist", "flaky-pull", "crashloop", "oomkilled", "missing-secret", "unschedulable")
FLAKY_SECONDS = 1.5
STARTED = "2026-01-01T00:00:00Z"

_born = {}  # (namespace, ReplicaSet name, uid) -> monotonic time first seen


class LogError(Exception):
    def __init__(self, code, reason, message):
        super().__init__(message)
        self.code, self.reason, self.message = code, reason, message


def image_fault(image, missing):
    if image in missing:
        return "does-not-exist"
    tag = image.rsplit("/", 1)[-1]
    return next((f for f in FAULTS if f in tag), None)


def _age(rs):
    m = rs["metadata"]
    key = (m.get("namespace"), m["name"], m.get("uid"))
    return time.monotonic() - _born.setdefault(key, time.monotonic())


def _suffix(name, i):
    digest = hashlib.sha256(("%s/%d" % (name, i)).encode()).digest()
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    return "".join(alphabet[b % len(alphabet)] for b in digest[:5])


def _pull_error(image):
    return ('rpc error: code = NotFound desc = failed to pull and unpack image "%s": failed to resolve '
            'reference "%s": %s: not found' % (image, image, image))


def _container_status(c, fault, t, pod, ns):
    image = c["image"]
    st = {"name": c["name"], "image": image, "imageID": "", "restartCount": 0, "ready": False,
          "started": False}
    running = {"running": {"startedAt": STARTED}}
    if fault is None or (fault == "flaky-pull" and t >= FLAKY_SECONDS):
        st.update(ready=True, started=True, state=running,
                  imageID="%s@sha256:%s" % (image.rsplit(":", 1)[0], hashlib.sha256(image.encode()).hexdigest()))
    elif fault == "does-not-exist" and t < 2:
        st["state"] = {"waiting": {"reason": "ErrImagePull", "message": _pull_error(image)}}
    elif fault == "does-not-exist":
        st["state"] = {"waiting": {"reason": "ImagePullBackOff", "message": 'Back-off pulling image "%s": '
                                   "ErrImagePull: %s" % (image, _pull_error(image))}}
    elif fault == "flaky-pull":
        st["state"] = {"waiting": {"reason": "ErrImagePull", "message": 'rpc error: code = Unavailable desc = '
                                   'failed to pull and unpack image "%s": unexpected status code 503 Service '
                                   'Unavailable' % image}}
    elif fault == "crashloop":
        st["restartCount"] = 1 + int(t / 2)
        st["state"] = {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 10s restarting failed "
                                   "container=%s pod=%s_%s(0000)" % (c["name"], pod, ns)}}
        st["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": STARTED,
                                          "finishedAt": STARTED}}
    elif fault == "oomkilled":
        st["restartCount"] = 1 + int(t / 4)
        st.update(started=True, state=running)
        st["lastState"] = {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": STARTED,
                                          "finishedAt": STARTED}}
    elif fault == "missing-secret":
        st["state"] = {"waiting": {"reason": "CreateContainerConfigError", "message": "couldn't find key "
                                   "OPENAI_API_KEY in Secret %s/agent-service-config" % ns}}
    return st


def _pod(store, rs, i):
    ns, name = rs["metadata"]["namespace"], rs["metadata"]["name"]
    pname = "%s-%s" % (name, _suffix(name, i))
    tmpl = rs["spec"]["template"]
    t = _age(rs)
    missing = store.opts.missing_images
    containers = tmpl.get("spec", {}).get("containers", [])
    faults = [image_fault(c.get("image", ""), missing) for c in containers]
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": pname, "namespace": ns, "labels": dict(tmpl.get("metadata", {}).get("labels", {})),
                        "uid": hashlib.md5(pname.encode()).hexdigest(),
                        "resourceVersion": rs["metadata"].get("resourceVersion", "1"),
                        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": name,
                                             "uid": rs["metadata"].get("uid"), "controller": True}]},
           "spec": tmpl.get("spec", {}), "status": {"phase": "Pending"}}
    if "unschedulable" in faults:
        pod["status"]["conditions"] = [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                                        "message": "0/3 nodes are available: 3 Insufficient memory. preemption: "
                                        "0/3 nodes are available: 3 No preemption victims found for incoming "
                                        "pod."}]
        return pod
    statuses = [_container_status(c, f, t, pname, ns) for c, f in zip(containers, faults)]
    ready = all(s["ready"] for s in statuses)
    pod["status"] = {"phase": "Running" if any("running" in s.get("state", {}) for s in statuses) else "Pending",
                     "conditions": [{"type": "PodScheduled", "status": "True"},
                                    {"type": "Ready", "status": "True" if ready else "False"}],
                     "containerStatuses": statuses}
    return pod


def pods(store, ns):
    out = []
    for rs in store.list("apps", "replicasets", ns):
        for i in range(rs["spec"].get("replicas") or 0):
            out.append(_pod(store, rs, i))
    return out


def _ready(pod):
    return any(c["type"] == "Ready" and c["status"] == "True" for c in pod["status"].get("conditions", []))


def holds(store, dep, strip_hash):
    """True while a pod of the deployment's new ReplicaSet is not ready:
    the fake controller does not move that rollout on."""
    want = strip_hash(dep["spec"]["template"])
    for rs in store.owned_sets(dep):
        if strip_hash(rs["spec"]["template"]) == want:
            return not all(_ready(_pod(store, rs, i)) for i in range(rs["spec"].get("replicas") or 0))
    return False


def _log(pod, q):
    cs = pod["status"].get("containerStatuses", [])
    names = [c["name"] for c in pod["spec"].get("containers", [])]
    cname = q.get("container")
    if not cname:
        if len(names) != 1:
            raise LogError(400, "BadRequest", "a container name must be specified for pod %s, choose one of: "
                           "[%s]" % (pod["metadata"]["name"], " ".join(names)))
        cname = names[0]
    st = next((c for c in cs if c["name"] == cname), None)
    if cname not in names:
        raise LogError(400, "BadRequest", "container %s is not valid for pod %s" % (cname, pod["metadata"]["name"]))
    previous = q.get("previous") in ("true", "1")
    if st is None or (previous and "terminated" not in st.get("lastState", {})):
        raise LogError(400, "BadRequest", 'previous terminated container "%s" in pod "%s" not found'
                       % (cname, pod["metadata"]["name"]))
    if "crashloop" in st["image"]:
        lines = ["2026-01-01T00:00:00Z INFO warming the prompt cache (%d/24)" % i for i in range(1, 25)]
        lines += ["2026-01-01T00:00:01Z ERROR OPENAI_API_KEY is not set", "Traceback (most recent call last):",
                  '  File "/app/main.py", line 12, in <module>',
                  '    client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])', "KeyError: 'OPENAI_API_KEY'"]
    elif "oomkilled" in st["image"]:
        lines = ["2026-01-01T00:00:00Z INFO loading the embedding index (2.1 GiB)"]
    else:
        lines = ["2026-01-01T00:00:00Z INFO listening on :8080"]
    if not previous and "running" not in st.get("state", {}):
        raise LogError(400, "BadRequest", 'container "%s" in pod "%s" is waiting to start: %s'
                       % (cname, pod["metadata"]["name"], st.get("state", {}).get("waiting", {}).get("reason", "")))
    n = q.get("tailLines")
    if n is not None:
        lines = lines[len(lines) - int(n):] if int(n) > 0 else []
    return "".join(line + "\n" for line in lines)


def handle(handler, store, parts, q, api_error, selected):
    """Serve /api/v1/namespaces/NS/pods[/NAME[/log]] (GET); False for any
    other path."""
    if len(parts) < 5 or parts[:2] != ["api", "v1"] or parts[2] != "namespaces" or parts[4] != "pods":
        return False
    if handler.command != "GET" or len(parts) > 7 or (len(parts) == 7 and parts[6] != "log"):
        raise api_error(405, "MethodNotAllowed", "the fake serves GET pods, pods/NAME and pods/NAME/log only")
    ns = parts[3]
    if "pods-forbidden" in store.opts.scen:
        raise api_error(403, "Forbidden", 'pods is forbidden: User "ci-bot" cannot list resource "pods" in API '
                        'group "" in the namespace "%s"' % ns)
    with store.cond:
        items = [p for p in pods(store, ns) if selected(p, q)]
    if len(parts) == 5:
        handler.send_json(200, {"kind": "PodList", "apiVersion": "v1", "metadata": {"resourceVersion": str(store.rv)},
                                "items": items})
        return True
    pod = next((p for p in items if p["metadata"]["name"] == parts[5]), None)
    if pod is None:
        raise api_error(404, "NotFound", 'pods "%s" not found' % parts[5])
    if len(parts) == 6:
        handler.send_json(200, pod)
        return True
    try:
        body = _log(pod, q).encode()
    except LogError as e:
        raise api_error(e.code, e.reason, e.message)
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    return True


def seed(store, deployment, container):
    """Namespace agent-team: planner and retriever (label tier=agents, for
    -l) and flappy, whose current pods crash in a loop (an old ReplicaSet's
    crash loop must not fail the rollout that replaces it)."""
    store.create("", "namespaces", None, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "agent-team"}})
    for name in ("planner", "retriever"):
        d = deployment(name, {"app": name}, [container("app", "registry.example.com/%s:1.0.0" % name, 8080)], 2)
        d["metadata"]["labels"]["tier"] = "agents"
        store.create("apps", "deployments", "agent-team", d)
    store.create("apps", "deployments", "agent-team", deployment(
        "flappy", {"app": "flappy"}, [container("app", "registry.example.com/flappy:0.9.0-crashloop", 8080)], 2))
    store.settle()
