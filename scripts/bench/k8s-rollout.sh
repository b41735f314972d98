#!/bin/sh
# Benchmark k8s-rollout against kubectl on tests/servers/fake_k8s.py (TLS,
# bearer token, 127.0.0.1):
#  1. process start to exit of `k8s-rollout image` vs
#     `kubectl get deployment -o jsonpath=...`, N runs each;
#  2. the delay between the fake marking a rollout complete and `status` /
#     `kubectl rollout status` exiting (goal: < 100 ms); the controller
#     ticks slowly so that both are already watching when it happens;
#  3. a deploy of a tag that does not exist: set-image, then `status` with
#     its default settings (fail fast) vs `kubectl rollout status`, which
#     waits out its --timeout (BENCH_KUBECTL_TIMEOUT, default 60s; on a real
#     cluster the progress deadline, 10 minutes by default).
# Needs python3 and openssl; kubectl is optional (said so when missing).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${AGENTCI_BIN:-$here/bin}
tool=$bin/k8s-rollout
runs=${BENCH_RUNS:-20}
work=$(mktemp -d)
pid=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

now_ms() { date +%s%3N; }

# PKI and the fake.
(
	cd "$work"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
		-subj /CN=bench-ca -keyout ca.key -out ca.crt
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=fake-k8s \
		-keyout server.key -out server.csr
	printf 'subjectAltName=IP:127.0.0.1\n' >server.ext
	openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 \
		-extfile server.ext -out server.crt
) >/dev/null 2>&1
python3 "$here/tests/servers/fake_k8s.py" --port-file "$work/port" --tls-cert "$work/server.crt" \
	--tls-key "$work/server.key" --token bench-token=bench --complete-log "$work/complete" --tick 300 \
	>"$work/fake.log" 2>&1 &
pid=$!
i=0
while [ ! -s "$work/port" ]; do
	i=$((i + 1))
	[ "$i" -gt 200 ] && { echo "fake API server did not start" >&2; exit 1; }
	sleep 0.05
done
port=$(cat "$work/port")
cat >"$work/kubeconfig" <<EOF2
apiVersion: v1
current-context: bench
clusters:
- name: fake
  cluster: {server: "https://127.0.0.1:$port", certificate-authority: "$work/ca.crt"}
users:
- name: bench
  user: {token: bench-token}
contexts:
- name: bench
  context: {cluster: fake, user: bench, namespace: agent-dev}
EOF2
KUBECONFIG=$work/kubeconfig
export KUBECONFIG

have_kubectl=
if command -v kubectl >/dev/null 2>&1; then
	have_kubectl=1
	kubectl --cache-dir "$work/kcache" get deployment agent-service >/dev/null 2>&1 || have_kubectl=
fi
[ -n "$have_kubectl" ] || echo "kubectl: not installed here (Debian's kubernetes-client or the cloud SDK); measuring k8s-rollout alone"

# 1. Start-up and one GET.
time_runs() {
	t0=$(now_ms)
	n=0
	while [ "$n" -lt "$runs" ]; do
		"$@" >/dev/null
		n=$((n + 1))
	done
	echo $(($(now_ms) - t0))
}
ours=$(time_runs "$tool" image deployment/agent-service)
printf 'image, %d runs: k8s-rollout %d ms (%d ms/run)\n' "$runs" "$ours" $((ours / runs))
if [ -n "$have_kubectl" ]; then
	theirs=$(time_runs kubectl --cache-dir "$work/kcache" get deployment agent-service \
		-o 'jsonpath={.spec.template.spec.containers[0].image}')
	printf 'image, %d runs: kubectl     %d ms (%d ms/run)\n' "$runs" "$theirs" $((theirs / runs))
	awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "image: kubectl / k8s-rollout = %.1fx\n", a / (b ? b : 1) }'
fi

# 2. Completion to exit.
latency() {
	tag=$1
	shift
	rm -f "$work/complete"
	"$tool" set-image agent-service "agent-service=registry.example.com/agent-service:bench-$tag" >/dev/null
	"$@" >/dev/null 2>&1
	end=$(date +%s.%6N)
	done_at=$(tail -1 "$work/complete" | cut -d' ' -f2)
	awk -v e="$end" -v d="$done_at" 'BEGIN { printf "%d\n", (e - d) * 1000 }'
}
worst=0
worst_k=0
k=0
while [ "$k" -lt 5 ]; do
	l=$(latency "o$k" "$tool" status agent-service --timeout 60s)
	[ "$l" -gt "$worst" ] && worst=$l
	if [ -n "$have_kubectl" ]; then
		l=$(latency "k$k" kubectl --cache-dir "$work/kcache" rollout status deployment/agent-service --timeout=60s)
		[ "$l" -gt "$worst_k" ] && worst_k=$l
	fi
	k=$((k + 1))
done
printf 'rollout complete -> exit, worst of 5: k8s-rollout %d ms (goal < 100 ms)\n' "$worst"
[ -n "$have_kubectl" ] && printf 'rollout complete -> exit, worst of 5: kubectl     %d ms\n' "$worst_k"

# 3. A tag that does not exist: how long until the deploy fails.
missing() {
	"$tool" set-image agent-service "agent-service=registry.example.com/agent-service:$1-does-not-exist" >/dev/null
	shift
	t0=$(now_ms)
	"$@" >/dev/null 2>&1 || :
	echo $(($(now_ms) - t0))
}
ours=$(missing o "$tool" status agent-service --timeout 10m)
printf 'tag that does not exist -> failed: k8s-rollout %d.%d s (defaults: --fail-fast-after 10s)\n' \
	$((ours / 1000)) $((ours % 1000 / 100))
"$tool" undo agent-service >/dev/null
if [ -n "$have_kubectl" ]; then
	theirs=$(missing k kubectl --cache-dir "$work/kcache" rollout status deployment/agent-service \
		--timeout="${BENCH_KUBECTL_TIMEOUT:-60s}")
	printf 'tag that does not exist -> failed: kubectl     %d.%d s (its --timeout=%s)\n' \
		$((theirs / 1000)) $((theirs % 1000 / 100)) "${BENCH_KUBECTL_TIMEOUT:-60s}"
fi
exit 0
