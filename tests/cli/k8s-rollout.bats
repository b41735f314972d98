#!/usr/bin/env bats
# k8s-rollout against tests/servers/fake_k8s.py (TLS on 127.0.0.1, bearer
# tokens, client certificates): every subcommand, the failure scenarios,
# and the error classes with their exit codes.

load helpers
load ../servers/lib
load ../servers/fake_k8s

setup_file() {
	fake_setup_file
}

teardown() {
	server_stop || true
}

# A second fake in the same test (server_stop's last `wait` may return 127).
refake() {
	server_stop || true
	fake_start "$@"
}

# Requests the fake logged, e.g. `requests PATCH`.
requests() {
	grep -c "^$1 " "$FAKE_LOG" || true
}

@test "--help and --version" {
	run k8s-rollout --help
	assert_status 0
	assert_output_contains "set-image"
	assert_output_contains "--kubeconfig"
	run k8s-rollout --version
	assert_status 0
	assert_output_contains "k8s-rollout (agentci) "
}

@test "usage errors exit 2" {
	run k8s-rollout
	assert_status 2
	run k8s-rollout frobnicate deploy/x
	assert_status 2
	assert_output_contains "unknown command 'frobnicate'"
	run k8s-rollout status
	assert_status 2
	run k8s-rollout undo web --timeout 5s
	assert_status 2
	assert_output_contains "--timeout does not apply to undo"
	run k8s-rollout status statefulset/web
	assert_status 2
	assert_output_contains "only Deployments are supported"
	run k8s-rollout restart ds/agent
	assert_status 2
	assert_output_contains "only Deployments are supported"
	run k8s-rollout status web --format yaml
	assert_status 2
	# Object names are DNS subdomains; none adds path segments to a request.
	for args in "image .." "restart deploy/.x" "switch svc/.. --to green" "canary status vs/.." \
		"canary abort a.. " "switch service/-web --to blue"; do
		# shellcheck disable=SC2086
		run k8s-rollout $args --server http://127.0.0.1:1
		assert_status 2
		assert_output_contains "is not a valid"
	done
}

@test "image prints the first container's image, or the named one" {
	fake_start healthy
	run k8s-rollout image deployment/agent-service
	assert_status 0
	assert_equal "$output" "registry.example.com/agent-service:1.4.0"
	run k8s-rollout image agent-service log-shipper
	assert_status 0
	assert_equal "$output" "fluent/fluent-bit:2.2"
	run k8s-rollout image agent-service nope
	assert_status 1
	assert_output_contains 'unable to find container named "nope"'
	assert_output_contains "agent-service, log-shipper"
	run k8s-rollout image agent-service --format json
	assert_status 0
	assert_equal "$(echo "$output" | jq -r .image)" "registry.example.com/agent-service:1.4.0"
}

@test "global options before or after the subcommand, --opt value or --opt=value" {
	fake_start healthy
	run k8s-rollout --context=fake-default image web
	assert_status 0
	assert_equal "$output" "nginx:1.25"
	run k8s-rollout image web --context fake-default -n default
	assert_status 0
	run k8s-rollout image --namespace=default web --context=fake
	assert_status 0
	assert_equal "$output" "nginx:1.25"
}

@test "set-image: strategic merge patch, kubectl's wording, then status rolls out" {
	fake_start healthy
	run k8s-rollout set-image deployment/agent-service agent-service=registry.example.com/agent-service:2.0.0
	assert_status 0
	assert_equal "$output" "deployment.apps/agent-service image updated"
	grep -q 'PATCH .*deployments/agent-service.* application/strategic-merge-patch+json Bearer {"spec":{"template":{"spec":{"containers":\[{"name":"agent-service","image":"registry.example.com/agent-service:2.0.0"}\]}}}}' "$FAKE_LOG"
	run k8s-rollout status deployment/agent-service --timeout 60s
	assert_status 0
	assert_output_contains 'deployment "agent-service" successfully rolled out'
	run k8s-rollout image agent-service
	assert_equal "$output" "registry.example.com/agent-service:2.0.0"
	run k8s-rollout image agent-service log-shipper
	assert_equal "$output" "fluent/fluent-bit:2.2"
}

@test "set-image: progress lines go to stderr, the outcome to stdout" {
	fake_start slow
	k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:2.0.0 >/dev/null
	k8s-rollout status agent-service --timeout 60s >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" 'deployment "agent-service" successfully rolled out'
	grep -q 'Waiting for deployment "agent-service" rollout to finish: ' "$BATS_TEST_TMPDIR/err"
}

@test "set-image: an image that is already set sends nothing and exits 0" {
	fake_start healthy
	run k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:1.4.0
	assert_status 0
	assert_equal "$output" ""
	assert_equal "$(requests PATCH)" 0
}

@test "set-image: --record sets the change-cause history shows; --all-containers" {
	fake_start healthy
	run k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:2.0.0 --record "deploy 2.0.0"
	assert_status 0
	k8s-rollout status agent-service --timeout 60s
	run k8s-rollout history agent-service
	assert_output_contains "3         deploy 2.0.0"
	run k8s-rollout set-image web --all-containers=nginx:1.27 -n default
	assert_status 0
	run k8s-rollout image web -n default
	assert_equal "$output" "nginx:1.27"
}

@test "set-image: a container that is not in the pod spec exits 1 and lists the containers" {
	fake_start healthy
	run k8s-rollout set-image agent-service app=registry.example.com/x:1
	assert_status 1
	assert_output_contains 'unable to find container named "app"'
	assert_output_contains "agent-service, log-shipper"
	assert_equal "$(requests PATCH)" 0
}

@test "set-image: malformed CONTAINER=IMAGE is a usage error and sends nothing" {
	fake_start healthy
	run k8s-rollout set-image agent-service "agent-service=not a valid image"
	assert_status 2
	assert_output_contains "is not a valid image"
	run k8s-rollout set-image agent-service agent-service
	assert_status 2
	assert_output_contains "is not CONTAINER=IMAGE"
	run k8s-rollout set-image agent-service "agent-service=Registry/UPPER:1"
	assert_status 2
	run k8s-rollout set-image agent-service "agent-service=localhost:5000/agent@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	assert_status 0
	assert_equal "$(grep -c "^GET\|^PATCH" "$FAKE_LOG")" 2
}

@test "set-image: a 409 Conflict is re-read and retried; five conflicts give up with exit 4" {
	fake_start conflict-once
	run k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:2.0.0
	assert_status 0
	assert_equal "$(requests PATCH)" 2
	assert_equal "$(grep -c '^GET .*deployments/agent-service ' "$FAKE_LOG")" 2
	refake conflict-always
	run k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:2.0.0
	assert_status 4
	assert_output_contains "Operation cannot be fulfilled on deployments.apps \"agent-service\""
	assert_equal "$(requests PATCH)" 5
}

@test "status: JSON Lines, one per observed state, and a last result line" {
	fake_start healthy
	k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:2.0.0 >/dev/null
	run k8s-rollout status agent-service --format json --timeout 60s
	assert_status 0
	echo "$output" | jq -e . >/dev/null
	assert_equal "$(echo "$output" | tail -1 | jq -r .result)" rolled_out
	assert_equal "$(echo "$output" | head -1 | jq -r 'has("generation") and has("observed_generation") and has("replicas") and has("updated") and has("ready") and has("available") and has("message")')" true
}

@test "status: ProgressDeadlineExceeded exits 1 with kubectl's message" {
	fake_start never-available
	k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:9.9.9 >/dev/null
	run k8s-rollout status agent-service --timeout 60s
	assert_status 1
	assert_output_contains 'deployment "agent-service" exceeded its progress deadline'
	run k8s-rollout status agent-service --format json
	assert_status 1
	assert_equal "$(echo "$output" | grep result | jq -r .result)" deadline_exceeded
}

@test "status: a paused deployment fails fast with exit 1 and says how to resume" {
	fake_start paused
	SECONDS=0
	run k8s-rollout status agent-service --timeout 120s
	assert_status 1
	assert_output_contains 'deployment "agent-service" is paused'
	assert_output_contains "kubectl rollout resume deployment/agent-service"
	[ "$SECONDS" -lt 30 ]
	run k8s-rollout status agent-service --format json
	assert_equal "$(echo "$output" | tail -1 | jq -r .result)" paused
}

@test "status: --timeout expires with exit 5" {
	fake_start stalled
	k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:9.9.9 >/dev/null
	run k8s-rollout status agent-service --timeout 1s
	assert_status 5
	assert_output_contains "timed out waiting for the condition"
	run k8s-rollout status agent-service --timeout 500ms --format json
	assert_status 5
	assert_equal "$(echo "$output" | tail -1 | jq -r .result)" timeout
}

@test "status: waits for the spec update to be observed (driven by the watch)" {
	fake_start rollout-pending
	run k8s-rollout status agent-service --timeout 60s
	assert_status 0
	assert_output_contains "Waiting for deployment spec update to be observed..."
	assert_output_contains 'deployment "agent-service" successfully rolled out'
	grep -q 'GET .*deployments?watch=1&fieldSelector=metadata.name%3Dagent-service&resourceVersion=[0-9]*&allowWatchBookmarks=true' "$FAKE_LOG"
}

@test "status: dropped watch streams are re-established from the last resourceVersion" {
	fake_start watch-drop,rollout-pending
	run k8s-rollout status agent-service --timeout 60s
	assert_status 0
	assert_output_contains "successfully rolled out"
	[ "$(grep -c 'watch=1' "$FAKE_LOG")" -ge 2 ]
	assert_equal "$(grep -c 'fieldSelector=metadata.name%3Dagent-service&limit=500' "$FAKE_LOG")" 1
}

@test "status: 410 Gone (in the stream or as the answer) re-lists and carries on" {
	for scen in gone gone-http; do
		fake_start "$scen,rollout-pending"
		run k8s-rollout status agent-service --timeout 60s
		assert_status 0
		assert_output_contains "successfully rolled out"
		assert_equal "$(grep -c 'fieldSelector=metadata.name%3Dagent-service&limit=500' "$FAKE_LOG")" 2
		server_stop || true
	done
}

@test "status: 503 and 429 bursts are retried honouring Retry-After" {
	for scen in 5xx-burst 429; do
		fake_start "$scen"
		run k8s-rollout status agent-service --timeout 60s
		assert_status 0
		assert_output_contains "successfully rolled out"
		server_stop || true
	done
}

@test "status: --revision and --watch=false" {
	fake_start healthy
	run k8s-rollout status agent-service --revision 2
	assert_status 0
	run k8s-rollout status agent-service --revision 1
	assert_status 1
	assert_output_contains "desired revision (1) is different from the running revision (2)"
	refake stalled
	k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:9.9.9 >/dev/null
	sleep 0.5
	run k8s-rollout status agent-service --watch=false
	assert_status 0
	assert_output_contains 'Waiting for deployment "agent-service" rollout to finish'
	assert_equal "$(grep -c 'watch=1' "$FAKE_LOG")" 0
}

@test "undo: back to the previous revision, with kubectl's messages and revision renumbering" {
	fake_start healthy
	run k8s-rollout undo deployment/agent-service
	assert_status 0
	assert_equal "$output" "deployment.apps/agent-service rolled back"
	grep -q 'PATCH .*deployments/agent-service application/json-patch+json Bearer \[{"op":"replace","path":"/spec/template"' "$FAKE_LOG"
	k8s-rollout status agent-service --timeout 60s
	run k8s-rollout image agent-service
	assert_equal "$output" "registry.example.com/agent-service:1.3.0"
	run k8s-rollout history agent-service
	assert_equal "$output" "$(printf 'deployment.apps/agent-service \nREVISION  CHANGE-CAUSE\n2         <none>\n3         deploy 1.3.0\n')"
	run k8s-rollout undo agent-service --to-revision 1
	assert_status 1
	assert_output_contains "unable to find specified revision 1 in history"
	run k8s-rollout undo agent-service --to-revision 3
	assert_status 0
	assert_equal "$output" "deployment.apps/agent-service skipped rollback (current template already matches revision 3)"
}

@test "undo: no history, paused deployment" {
	fake_start paused
	run k8s-rollout undo solo -n default
	assert_status 1
	assert_output_contains 'no rollout history found for deployment "solo"'
	run k8s-rollout undo agent-service
	assert_status 1
	assert_output_contains "you cannot rollback a paused deployment; resume it first"
	assert_equal "$(requests PATCH)" 0
}

@test "history: ReplicaSets by controller UID only, table, detail view and JSON" {
	fake_start healthy
	run k8s-rollout history web -n default
	assert_status 0
	assert_equal "$output" "$(printf 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n')"
	run k8s-rollout history agent-service --revision 1
	assert_status 0
	assert_output_contains "deployment.apps/agent-service with revision #1"
	assert_output_contains "Image:	registry.example.com/agent-service:1.3.0"
	run k8s-rollout history agent-service --revision 7
	assert_status 1
	assert_output_contains "unable to find the specified revision"
	run k8s-rollout history agent-service --format json
	assert_status 0
	assert_equal "$(echo "$output" | jq -c '[.revisions[] | [.revision, .change_cause, .images["agent-service"]]]')" \
		'[[1,"deploy 1.3.0","registry.example.com/agent-service:1.3.0"],[2,null,"registry.example.com/agent-service:1.4.0"]]'
	assert_equal "$(echo "$output" | jq -r .namespace)" agent-dev
}

@test "restart: restartedAt in RFC 3339 on the pod template; a paused deployment is refused" {
	fake_start healthy
	run k8s-rollout restart agent-service
	assert_status 0
	assert_equal "$output" "deployment.apps/agent-service restarted"
	grep -Eq 'PATCH .* application/strategic-merge-patch\+json Bearer \{"spec":\{"template":\{"metadata":\{"annotations":\{"kubectl.kubernetes.io/restartedAt":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})"' "$FAKE_LOG"
	run k8s-rollout status agent-service --timeout 60s
	assert_status 0
	refake paused
	run k8s-rollout restart agent-service
	assert_status 1
	assert_output_contains "can't restart paused deployment (run rollout resume first)"
}

@test "a deployment that does not exist: exit 4, naming namespace and name" {
	fake_start healthy
	for cmd in status undo history restart image; do
		run k8s-rollout "$cmd" ghost
		assert_status 4
		assert_output_contains 'deployments.apps "ghost" not found in namespace "agent-dev"'
	done
	run k8s-rollout set-image ghost a=b:1
	assert_status 4
}

@test "401 and 403: exit 4, one line naming context and user" {
	fake_start forbidden
	run k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:2.0.0
	assert_status 4
	assert_output_contains 'User "ci-bot" cannot patch resource "deployments"'
	assert_output_contains 'context "fake", user "ci-bot"'
	run k8s-rollout --token wrong-token image agent-service
	assert_status 4
	assert_output_contains "You must be logged in to the server (Unauthorized)"
	assert_output_contains 'context "fake", user "ci-bot"'
	assert_equal "$(echo "$output" | wc -l)" 1
}

@test "no output at any verbosity contains the token, a client key or Secret data" {
	fake_start healthy
	run k8s-rollout -v image agent-service
	assert_status 0
	assert_output_contains "GET https://127.0.0.1:"
	[[ "$output" != *"$FAKE_TOKEN"* ]]
	run k8s-rollout -v --token wrong-token image agent-service
	[[ "$output" != *wrong-token* ]]
	run k8s-rollout -v --context fake-cert image agent-service
	assert_status 0
	[[ "$output" != *"PRIVATE KEY"* ]]
	run k8s-rollout -v apply -f - <"$FIXTURES/k8s-rollout/manifests.yaml"
	assert_status 0
	[[ "$output" != *sk-test-do-not-print* ]]
	! grep -q sk-test-do-not-print "$FAKE_LOG" || false
}

@test "kubeconfig: client certificates, tokenFile and relative paths" {
	fake_start healthy
	run k8s-rollout --context fake-cert image agent-service
	assert_status 0
	grep -q "^GET .* cert $" "$FAKE_LOG"
	mkdir -p "$K8S/rel/certs"
	cp "$FAKE_PKI/ca.crt" "$K8S/rel/certs/"
	printf '%s\n' "$FAKE_TOKEN" >"$K8S/rel/token"
	cat >"$K8S/rel/config" <<-EOF
	apiVersion: v1
	kind: Config
	current-context: rel
	clusters:
	- name: c
	  cluster: {server: "$FAKE_URL", certificate-authority: certs/ca.crt}
	users:
	- name: file-user
	  user: {tokenFile: token}
	contexts:
	- name: rel
	  context: {cluster: c, user: file-user, namespace: default}
	EOF
	cd /
	run k8s-rollout --kubeconfig "$K8S/rel/config" image web
	assert_status 0
	assert_equal "$output" "nginx:1.25"
}

@test "kubeconfig: certificate-authority-data and client-certificate-data" {
	fake_start healthy
	cat >"$K8S/data.yaml" <<-EOF
	apiVersion: v1
	clusters:
	- name: c
	  cluster:
	    server: $FAKE_URL
	    certificate-authority-data: $(base64 -w0 "$FAKE_PKI/ca.crt")
	users:
	- name: u
	  user:
	    client-certificate-data: $(base64 -w0 "$FAKE_PKI/client.crt")
	    client-key-data: $(base64 -w0 "$FAKE_PKI/client.key")
	contexts:
	- name: d
	  context: {cluster: c, user: u}
	current-context: d
	EOF
	run k8s-rollout --kubeconfig "$K8S/data.yaml" image web
	assert_status 0
	assert_equal "$output" "nginx:1.25"
}

@test "kubeconfig: KUBECONFIG is a merged list; the first definition wins" {
	fake_start healthy
	cat >"$K8S/a.yaml" <<-EOF
	current-context: fake-default
	users:
	- name: ci-bot
	  user: {token: $FAKE_TOKEN}
	EOF
	cat >"$K8S/b.yaml" <<-EOF
	current-context: fake
	users:
	- name: ci-bot
	  user: {token: wrong}
	EOF
	KUBECONFIG="$K8S/a.yaml::$K8S/missing.yaml:$K8S/b.yaml:$K8S/kubeconfig" run k8s-rollout image web
	assert_status 0
	assert_equal "$output" "nginx:1.25"
}

@test "kubeconfig errors: invalid (3), unreadable (3), unknown context (2), insecure with CA (3)" {
	fake_start healthy
	printf 'apiVersion: v1\nclusters: [\n' >"$K8S/bad.yaml"
	run k8s-rollout --kubeconfig "$K8S/bad.yaml" image web
	assert_status 3
	assert_output_contains "$K8S/bad.yaml:"
	run k8s-rollout --kubeconfig "$K8S/nope.yaml" image web
	assert_status 3
	assert_output_contains "nope.yaml"
	run k8s-rollout --context staging image web
	assert_status 2
	assert_output_contains 'context "staging" does not exist'
	sed 's/^    certificate-authority:.*/&\n    insecure-skip-tls-verify: true/' "$KUBECONFIG" >"$K8S/insecure.yaml"
	run k8s-rollout --kubeconfig "$K8S/insecure.yaml" image web -n default
	assert_status 3
	assert_output_contains "insecure flag is not allowed"
	run k8s-rollout --kubeconfig "$K8S/insecure.yaml" --insecure-skip-tls-verify image web -n default
	assert_status 0
}

@test "TLS: a server certificate from another CA is an environment error (4)" {
	fake_start healthy
	run k8s-rollout --certificate-authority /etc/ssl/certs/ca-certificates.crt image web -n default
	assert_status 4
	assert_output_contains "TLS"
}

@test "flags alone: --server, --token-file, --certificate-authority without a kubeconfig" {
	fake_start healthy
	printf '%s\n' "$FAKE_TOKEN" >"$K8S/tok"
	KUBECONFIG="$K8S/none.yaml" HOME="$K8S" run k8s-rollout --server "$FAKE_URL" --token-file "$K8S/tok" \
		--certificate-authority "$FAKE_PKI/ca.crt" image web
	assert_status 0
	assert_equal "$output" "nginx:1.25"
}

@test "in-cluster: service-account token, CA and namespace" {
	fake_start healthy
	sa=$K8S/sa
	mkdir -p "$sa"
	cp "$FAKE_PKI/ca.crt" "$sa/ca.crt"
	printf '%s' "$FAKE_TOKEN" >"$sa/token"
	printf 'agent-dev' >"$sa/namespace"
	env -u KUBECONFIG HOME="$K8S/nohome" KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT="$FAKE_PORT" \
		K8S_ROLLOUT_SA_DIR="$sa" k8s-rollout image agent-service >"$K8S/out"
	assert_equal "$(cat "$K8S/out")" "registry.example.com/agent-service:1.4.0"
	run env -u KUBECONFIG HOME="$K8S/nohome" k8s-rollout image agent-service
	assert_status 4
	assert_output_contains "no configuration"
}

exec_kubeconfig() {
	cat <<-EOF
	apiVersion: v1
	current-context: x
	clusters:
	- name: c
	  cluster: {server: "$FAKE_URL", certificate-authority: "$FAKE_PKI/ca.crt"}
	users:
	- name: plugin-user
	  user:
	    exec:
	      apiVersion: ${1:-client.authentication.k8s.io/v1}
	      command: ./plugin.sh
	      args: [--flag]
	      env: [{name: PLUGIN_TOKEN, value: "$FAKE_TOKEN"}]
	      provideClusterInfo: true
	      interactiveMode: Never
	      installHint: install plugin.sh from the tests
	contexts:
	- name: x
	  context: {cluster: c, user: plugin-user, namespace: agent-dev}
	EOF
}

@test "exec plugin: ExecCredential v1 and v1beta1, KUBERNETES_EXEC_INFO, cached for the run" {
	fake_start healthy
	cp "$FIXTURES/k8s-rollout/exec-plugin.sh" "$K8S/plugin.sh"
	exec_kubeconfig >"$K8S/exec.yaml"
	export PLUGIN_STATE=$K8S/state PLUGIN_INFO=$K8S/info
	run k8s-rollout --kubeconfig "$K8S/exec.yaml" history agent-service
	assert_status 0
	assert_equal "$(cat "$PLUGIN_STATE")" 1
	assert_equal "$(jq -r '.apiVersion + " " + (.spec.interactive|tostring) + " " + .spec.cluster.server' "$PLUGIN_INFO")" \
		"client.authentication.k8s.io/v1 false $FAKE_URL"
	exec_kubeconfig client.authentication.k8s.io/v1beta1 >"$K8S/exec.yaml"
	PLUGIN_API=client.authentication.k8s.io/v1beta1 run k8s-rollout --kubeconfig "$K8S/exec.yaml" image agent-service
	assert_status 0
	PLUGIN_API=client.authentication.k8s.io/v1 run k8s-rollout --kubeconfig "$K8S/exec.yaml" image agent-service
	assert_status 4
	assert_output_contains "apiVersion"
}

@test "exec plugin: re-run once after a 401; a missing plugin prints its installHint" {
	fake_start healthy
	cp "$FIXTURES/k8s-rollout/exec-plugin.sh" "$K8S/plugin.sh"
	exec_kubeconfig >"$K8S/exec.yaml"
	export PLUGIN_STATE=$K8S/state PLUGIN_BAD_FIRST=1
	run k8s-rollout --kubeconfig "$K8S/exec.yaml" image agent-service
	assert_status 0
	assert_equal "$(cat "$PLUGIN_STATE")" 2
	rm "$K8S/plugin.sh"
	run k8s-rollout --kubeconfig "$K8S/exec.yaml" image agent-service
	assert_status 4
	assert_output_contains "install plugin.sh from the tests"
}

@test "apply: a multi-document stream from stdin, paths from discovery" {
	fake_start healthy
	run k8s-rollout apply -f - <"$FIXTURES/k8s-rollout/manifests.yaml"
	assert_status 0
	assert_equal "$output" "$(printf 'secret/agent-keys serverside-applied\ndeployment.apps/summarizer serverside-applied\nservice/summarizer serverside-applied')"
	grep -q '^PATCH /api/v1/namespaces/agent-dev/secrets/agent-keys?fieldManager=k8s-rollout application/apply-patch+yaml' "$FAKE_LOG"
	assert_equal "$(grep -c '^GET /api/v1 \|^GET /apis/apps/v1 ' "$FAKE_LOG")" 2
	run k8s-rollout status summarizer --timeout 60s
	assert_status 0
	run k8s-rollout image summarizer
	assert_equal "$output" "registry.example.com/summarizer:0.9.1"
}

@test "apply: --dry-run=server, --field-manager, --format json, -n" {
	fake_start healthy
	run k8s-rollout apply -f "$FIXTURES/k8s-rollout/manifests.yaml" --dry-run=server --field-manager ci -n default --format json
	assert_status 0
	assert_equal "$(echo "$output" | jq -r '.namespace + " " + (.dry_run|tostring)' | sort -u)" "default true"
	grep -q 'fieldManager=ci&dryRun=All' "$FAKE_LOG"
	run k8s-rollout image summarizer -n default
	assert_status 4
	run k8s-rollout apply -f "$FIXTURES/k8s-rollout/manifests.yaml" --prune=true
	assert_status 2
}

@test "apply: bad manifests exit 3 with file:line:col and send nothing" {
	fake_start healthy
	run k8s-rollout apply -f "$FIXTURES/k8s-rollout/bad-yaml.yaml"
	assert_status 3
	assert_output_contains "bad-yaml.yaml:"
	run k8s-rollout apply -f "$FIXTURES/k8s-rollout/no-kind.yaml"
	assert_status 3
	assert_output_contains "no-kind.yaml:6:1: the object has no kind"
	assert_equal "$(requests PATCH)" 0
	run k8s-rollout apply -f "$FIXTURES/k8s-rollout/unknown-kind.yaml"
	assert_status 3
	assert_output_contains 'no matches for kind "Widget" in version "example.com/v1"'
	run k8s-rollout apply -f "$K8S/missing.yaml"
	assert_status 3
}

@test "kubeconfig: tls-server-name is the name verified; username/password" {
	fake_start healthy --basic ci:pa55word
	for name in fake-k8s.test wrong.test; do
		cat >"$K8S/sni.yaml" <<-EOF
		current-context: s
		clusters:
		- name: c
		  cluster: {server: "$FAKE_URL", certificate-authority: "$FAKE_PKI/ca.crt", tls-server-name: $name}
		users:
		- name: basic
		  user: {username: ci, password: pa55word}
		contexts:
		- name: s
		  context: {cluster: c, user: basic, namespace: default}
		EOF
		run k8s-rollout --kubeconfig "$K8S/sni.yaml" image web
		if [ "$name" = fake-k8s.test ]; then
			assert_status 0
			assert_equal "$output" "nginx:1.25"
		else
			assert_status 4
			assert_output_contains "TLS"
		fi
	done
	grep -q "^GET .* Basic $" "$FAKE_LOG"
}

@test "--format json outcome lines for set-image, undo and restart; --request-timeout" {
	fake_start healthy
	run k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:2.0.0 --format json
	assert_status 0
	assert_equal "$output" '{"deployment":"agent-service","namespace":"agent-dev","result":"image updated"}'
	run k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:2.0.0 --format json
	assert_equal "$(echo "$output" | jq -r .result)" unchanged
	k8s-rollout status agent-service --timeout 60s -q
	run k8s-rollout undo agent-service --format json
	assert_equal "$(echo "$output" | jq -r .result)" "rolled back"
	k8s-rollout status agent-service --timeout 60s -q
	run k8s-rollout restart agent-service --format json
	assert_equal "$(echo "$output" | jq -r .result)" restarted
	run k8s-rollout --request-timeout 1ms image agent-service
	assert_status 4
	assert_output_contains "timed out"
}

@test "apply: a JSON List; cluster-scoped kinds get no namespace, a document's own namespace wins" {
	fake_start healthy
	run k8s-rollout apply -f "$FIXTURES/k8s-rollout/cluster-scoped.json"
	assert_status 0
	assert_equal "$output" "$(printf 'clusterrole.rbac.authorization.k8s.io/rollout-reader serverside-applied\nconfigmap/agent-config serverside-applied')"
	grep -q '^PATCH /apis/rbac.authorization.k8s.io/v1/clusterroles/rollout-reader?fieldManager=k8s-rollout ' "$FAKE_LOG"
	grep -q '^PATCH /api/v1/namespaces/default/configmaps/agent-config?fieldManager=k8s-rollout ' "$FAKE_LOG"
}

@test "GitHub Actions: outputs, ::error lines and a summary; --no-github turns them off" {
	fake_start healthy
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$K8S/out GITHUB_STEP_SUMMARY=$K8S/summary
	run k8s-rollout image agent-service
	assert_status 0
	grep -qx "image=registry.example.com/agent-service:1.4.0" "$GITHUB_OUTPUT"
	grep -qx "exit-code=0" "$GITHUB_OUTPUT"
	run k8s-rollout status ghost
	assert_status 4
	assert_output_contains '::error title=k8s-rollout status::Error from server (NotFound): deployments.apps "ghost"'
	grep -q 'k8s-rollout status ghost`: environment error (exit 4)' "$GITHUB_STEP_SUMMARY"
	# The summary names the whole command, not only its last argument.
	run k8s-rollout set-image agent-service log-shipper=fluent/fluent-bit:3.0 --record "bump shipper"
	assert_status 0
	grep -qF -- '- `k8s-rollout set-image agent-service log-shipper=fluent/fluent-bit:3.0`: done (exit 0)' "$GITHUB_STEP_SUMMARY"
	run k8s-rollout status agent-service
	grep -qx "result=rolled_out" "$GITHUB_OUTPUT"
	: >"$GITHUB_OUTPUT"
	run k8s-rollout status ghost --no-github
	[[ "$output" != *"::error"* ]]
	[ ! -s "$GITHUB_OUTPUT" ]
}

@test "kubeconfig: proxy-url sends the API traffic through an HTTP proxy" {
	fake_start healthy --proxy-port-file "$BATS_TEST_TMPDIR/proxy.port"
	sed "s|^    server: .*|&\n    proxy-url: http://127.0.0.1:$(cat "$BATS_TEST_TMPDIR/proxy.port")|" "$KUBECONFIG" >"$K8S/proxied.yaml"
	run k8s-rollout --kubeconfig "$K8S/proxied.yaml" image agent-service
	assert_status 0
	assert_equal "$output" "registry.example.com/agent-service:1.4.0"
	grep -q "^CONNECT 127.0.0.1:$FAKE_PORT proxy" "$FAKE_LOG"
}

@test "apply -f DIR: the folder's manifests in name order; an empty folder or a bad file sends nothing" {
	fake_start healthy
	run k8s-rollout apply -f "$FIXTURES/k8s-rollout/manifest-dir/" -n default
	assert_status 0
	assert_equal "$(printf '%s\n' "$output" | cut -d' ' -f1 | tr '\n' ' ')" \
		"configmap/summarizer-config service/summarizer configmap/summarizer-prompts configmap/summarizer-limits "
	grep -q "^PATCH /api/v1/namespaces/default/configmaps/summarizer-config?" "$FAKE_LOG"
	! grep -q "not-applied-without-recursion" "$FAKE_LOG" || false
	: >"$FAKE_LOG"
	mkdir -p "$K8S/empty" "$K8S/bad"
	: >"$K8S/empty/notes.txt"
	run k8s-rollout apply -f "$K8S/empty"
	assert_status 3
	assert_output_contains "no objects passed to apply"
	cp "$FIXTURES/k8s-rollout/manifest-dir/a-config.json" "$K8S/bad/"
	printf 'kind: ConfigMap\nmetadata: {name: x}\n' >"$K8S/bad/z.yaml"
	run k8s-rollout apply -f "$K8S/bad"
	assert_status 3
	assert_output_contains "$K8S/bad/z.yaml:1:1: the object has no apiVersion"
	[ "$(requests PATCH)" = 0 ]
}

# A plain-http fake that wants a token (or basic credentials): $PLAIN_URL.
plain_fake() {
	PLAIN_LOG=$BATS_TEST_TMPDIR/plain.log
	: >"$PLAIN_LOG"
	PLAIN_URL=http://127.0.0.1:$(server_start python3 "$SERVERS/fake_k8s.py" --token "$FAKE_TOKEN=ci-bot" \
		--basic ci:S3cretPassw0rd --log "$PLAIN_LOG")
}

@test "http:// server with a token: the error says the token was not sent and why, without -v" {
	plain_fake
	run k8s-rollout --server "$PLAIN_URL" --token "$FAKE_TOKEN" image web -n default
	assert_status 4
	assert_output_contains "You must be logged in to the server (Unauthorized)"
	assert_output_contains "the credentials were not sent: $PLAIN_URL is plain http and credentials go over https only; use the server's https:// URL"
	assert_equal "$(echo "$output" | wc -l)" 1
	# Nothing was sent: the request carried no Authorization.
	grep -q "^GET /apis/apps/v1/namespaces/default/deployments/web - - $" "$PLAIN_LOG"
	[[ $output != *"$FAKE_TOKEN"* ]]
}

@test "user:password in the server URL: never sent over http, never printed; basic auth over https" {
	plain_fake
	for v in "" -v; do
		run k8s-rollout $v --server "http://ci:S3cretPassw0rd@${PLAIN_URL#http://}" image web -n default
		assert_status 4
		assert_output_contains "the credentials were not sent"
		[[ $output != *S3cretPassw0rd* && $output != *"ci:"* ]]
	done
	! grep -q "Basic" "$PLAIN_LOG" || false
	# The same in a kubeconfig's server:.
	cat >"$BATS_TEST_TMPDIR/kc.yaml" <<-EOF
	current-context: p
	clusters:
	- name: c
	  cluster: {server: "http://ci:S3cretPassw0rd@${PLAIN_URL#http://}"}
	users:
	- name: u
	  user: {}
	contexts:
	- name: p
	  context: {cluster: c, user: u, namespace: default}
	EOF
	run k8s-rollout -v --kubeconfig "$BATS_TEST_TMPDIR/kc.yaml" image web
	assert_status 4
	[[ $output != *S3cretPassw0rd* ]]
	assert_output_contains "server $PLAIN_URL;"
	! grep -q "Basic" "$PLAIN_LOG" || false
	# Over https the URL's credentials are basic auth (percent-decoded).
	fake_start healthy --basic 'ci:pa55@word'
	run k8s-rollout -v --kubeconfig /dev/null --certificate-authority "$FAKE_PKI/ca.crt" \
		--server "https://ci:pa55%40word@127.0.0.1:$FAKE_PORT" image web -n default
	assert_status 0
	assert_output_contains "nginx:1.25"
	[[ $output != *pa55* ]]
	grep -q "^GET /apis/apps/v1/namespaces/default/deployments/web - Basic $" "$FAKE_LOG"
}

@test "exec plugin output that is not an ExecCredential is never shown" {
	fake_start healthy
	printf '#!/bin/sh\nprintf "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl\\n"\n' >"$K8S/plugin.sh"
	chmod +x "$K8S/plugin.sh"
	exec_kubeconfig >"$K8S/exec.yaml"
	run k8s-rollout -v --kubeconfig "$K8S/exec.yaml" image agent-service
	assert_status 4
	assert_output_contains "the exec plugin did not print an ExecCredential (its output is not JSON at line 1, column 1"
	[[ $output != *eyJ* && $output != *c2Vj* ]]
	printf '#!/bin/sh\necho "[\\"tok-3xyz\\"]"\n' >"$K8S/plugin.sh"
	run k8s-rollout --kubeconfig "$K8S/exec.yaml" image agent-service
	assert_status 4
	assert_output_contains "its output is JSON but not an object"
	[[ $output != *tok-3xyz* ]]
}

@test "request timeout: 30s by default; retries end within 2x --request-timeout and within --timeout" {
	run k8s-rollout --help
	assert_output_contains "limit for one API request (default 30s, 0 = none)"
	printf '{"*": {"hang": true}}' >"$BATS_TEST_TMPDIR/hang.json"
	port=$(server_start python3 "$SERVERS/http_server.py" --script "$BATS_TEST_TMPDIR/hang.json" \
		--log "$BATS_TEST_TMPDIR/hang.log")
	# Six attempts of 1s each (and their back-off) took 9 s before; now 2 s.
	run timeout 5 k8s-rollout --server "http://127.0.0.1:$port" --request-timeout 1s history web
	assert_status 4
	assert_output_contains "cannot get"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/hang.log")" -le 2 ]
	# 0 is no limit at all.
	run timeout 3 k8s-rollout --server "http://127.0.0.1:$port" --request-timeout 0 history web
	assert_status 124
	# A server that answers 503 with Retry-After: 30: status --timeout 2s does not wait it out.
	printf '{"*": {"status": 503, "headers": {"Retry-After": "30"}, "json": {"kind": "Status", "code": 503}}}' \
		>"$BATS_TEST_TMPDIR/busy.json"
	port=$(server_start python3 "$SERVERS/http_server.py" --script "$BATS_TEST_TMPDIR/busy.json")
	run timeout 6 k8s-rollout --server "http://127.0.0.1:$port" status web --timeout 2s
	assert_status 4
	assert_output_contains "Service Unavailable"
}

@test "per-command --help: its usage line and only its options, wherever --help stands" {
	run k8s-rollout status --help
	assert_status 0
	assert_output_contains "Usage: k8s-rollout status DEPLOYMENT... | -l SELECTOR [OPTION]..."
	assert_output_contains "      --fail-fast-after DUR    how long its reason must last (10s)"
	assert_output_contains "      --kubeconfig FILE"
	[[ $output != *--to-revision* && $output != *--plan* && $output != *"Commands:"* ]]
	run k8s-rollout --help undo
	assert_status 0
	assert_output_contains "Usage: k8s-rollout undo DEPLOYMENT [OPTION]..."
	assert_output_contains "--to-revision N"
	[[ $output != *--timeout* ]]
	run k8s-rollout apply -h
	assert_output_contains "-f, --filename FILE          manifest file or folder"
	[[ $output != *--selector* ]]
	# canary: its subcommands and all its options; each subcommand only its own.
	run k8s-rollout canary --help
	assert_status 0
	assert_output_contains "Usage: k8s-rollout canary set-weight ROUTE WEIGHT [OPTION]..."
	assert_output_contains $'\n       k8s-rollout canary run ROUTE --plan FILE | --steps LIST [OPTION]...'
	assert_output_contains "      --canary-subset S        the canary's subset (default canary)"
	assert_output_contains "--scale-down"
	[[ $output != *--to-revision* && $output != *--analysis* ]]
	run k8s-rollout canary run agent-service --help
	assert_output_contains "Usage: k8s-rollout canary run ROUTE --plan FILE | --steps LIST [OPTION]..."
	assert_output_contains "--steps LIST"
	[[ $output != *--scale-down* && $output != *--full* && $output != *--fail-fast* ]]
	run k8s-rollout canary promote --help
	assert_output_contains "--full"
	assert_output_contains "--fail-fast-after DUR"
	[[ $output != *--plan* && $output != *--scale-down* ]]
	# Every command has its own; the tool's help names them.
	for c in set-image status undo history restart image apply canary switch; do
		run k8s-rollout "$c" --help
		assert_status 0
		assert_output_contains "Usage: k8s-rollout $c "
		[[ $output != *$'\nCommands:\n  set-image'* ]]
	done
	run k8s-rollout --help
	assert_output_contains "\`k8s-rollout COMMAND --help\` describes a command."
}
