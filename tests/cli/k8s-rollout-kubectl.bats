#!/usr/bin/env bats
# The real kubectl and k8s-rollout against two identical fakes (same
# scenario, same deterministic seed): same decisions, exit codes and
# messages, and the same objects on the server afterwards.  kubectl's
# "error: " prefix is ours "k8s-rollout: "; kubectl exits 1 where our
# codes are finer (timeout 5, API errors 4).  Skipped without kubectl.

load helpers
load ../servers/lib
load ../servers/fake_k8s

setup_file() {
	fake_setup_file
}

setup() {
	have_kubectl
}

teardown() {
	server_stop || true
}

# pair SCENARIO: fake A for kubectl ($KA = its kubeconfig), fake B for us ($KB).
pair() {
	K8S=$BATS_TEST_TMPDIR/a fake_start "$1"
	KA=$KUBECONFIG LOGA=$FAKE_LOG
	K8S=$BATS_TEST_TMPDIR/b fake_start "$1"
	KB=$KUBECONFIG LOGB=$FAKE_LOG
	K8S=$BATS_TEST_TMPDIR/a
}

# kc ARGS: kubectl on A, output in $out (stdout and stderr), status in $kst.
kc() {
	kst=0
	out=$(KUBECONFIG=$KA kubectl --cache-dir "$BATS_TEST_TMPDIR/kcache" "$@" 2>&1) || kst=$?
}
# us ARGS: k8s-rollout on B; $ours, $ost.
us() {
	ost=0
	ours=$(KUBECONFIG=$KB k8s-rollout "$@" 2>&1) || ost=$?
}
# The message without kubectl's / our prefix.
strip() {
	sed -e 's/^error: //' -e 's/^k8s-rollout: //'
}
# A field of the deployment as each server has it.
field_a() { KUBECONFIG=$KA kubectl --cache-dir "$BATS_TEST_TMPDIR/kcache" get deployment "$1" -n "${3:-agent-dev}" -o json | jq -S "$2"; }
field_b() { KUBECONFIG=$KB kubectl --cache-dir "$BATS_TEST_TMPDIR/kcache" get deployment "$1" -n "${3:-agent-dev}" -o json | jq -S "$2"; }

@test "kubectl: rollout history, byte for byte" {
	pair healthy
	kc rollout history deployment/agent-service
	us history deployment/agent-service
	assert_equal "$ours" "$out"
	kc rollout history deployment/web -n default
	us history web -n default
	assert_equal "$ours" "$out"
	assert_equal "$ost" "$kst"
}

@test "kubectl: rollout history --revision, the pod template view" {
	pair healthy
	kc rollout history deployment/agent-service --revision=1
	us history deployment/agent-service --revision 1
	assert_equal "$ours" "$out"
	kc rollout history deployment/agent-service --revision=9
	us history deployment/agent-service --revision 9
	assert_equal "$kst" 1
	assert_equal "$ost" 1
	[[ "$(echo "$ours" | strip)" == "$(echo "$out" | strip)"* ]]
}

@test "kubectl: rollout history --revision shows resources, probes, env sources, volumes, tolerations" {
	pair healthy
	kc rollout history deployment/api -n default --revision=1
	us history deploy/api -n default --revision 1
	assert_equal "$ours" "$out"
	assert_equal "$ost" 0
	output=$ours
	assert_output_contains "Liveness:	http-get http://:8080/healthz delay=5s"
	assert_output_contains "Startup:	exec [cat /tmp/ready]"
	assert_output_contains "MEM:	256 (limits.memory)"
}

@test "kubectl: set image — output, the patched object, and the no-op case" {
	pair healthy
	kc set image deployment/agent-service agent-service=registry.example.com/agent-service:2.0.0
	us set-image deployment/agent-service agent-service=registry.example.com/agent-service:2.0.0
	assert_equal "$ours" "$out"
	assert_equal "$ost" "$kst"
	assert_equal "$(field_b agent-service .spec.template)" "$(field_a agent-service .spec.template)"
	kc set image deployment/agent-service agent-service=registry.example.com/agent-service:2.0.0
	us set-image deployment/agent-service agent-service=registry.example.com/agent-service:2.0.0
	assert_equal "$ours" "$out"
	assert_equal "$ost" 0
	assert_equal "$kst" 0
}

@test "kubectl: set image of a container that does not exist" {
	pair healthy
	kc set image deployment/agent-service app=registry.example.com/x:1
	us set-image deployment/agent-service app=registry.example.com/x:1
	assert_equal "$kst" 1
	assert_equal "$ost" 1
	output=$ours assert_output_contains 'unable to find container named "app"'
	output=$out assert_output_contains 'unable to find container named "app"'
	assert_equal "$(grep -c '^PATCH' "$LOGA")" 0
	assert_equal "$(grep -c '^PATCH' "$LOGB")" 0
	# One pair matches, one does not: both patch the match, say so, then fail.
	kc set image deployment/agent-service agent-service=registry.example.com/agent-service:2.1.0 app=x:1
	us set-image deployment/agent-service agent-service=registry.example.com/agent-service:2.1.0 app=x:1
	assert_equal "$kst" 1
	assert_equal "$ost" 1
	assert_equal "$(echo "$ours" | head -1)" "$(echo "$out" | head -1)"
	assert_equal "$(echo "$ours" | head -1)" "deployment.apps/agent-service image updated"
	output=$ours assert_output_contains 'unable to find container named "app"'
	assert_equal "$(field_b agent-service .spec.template.spec.containers)" \
		"$(field_a agent-service .spec.template.spec.containers)"
}

@test "kubectl: rollout status of a healthy rollout" {
	pair healthy
	kc set image deployment/agent-service agent-service=registry.example.com/agent-service:2.0.0
	us set-image agent-service agent-service=registry.example.com/agent-service:2.0.0
	kc rollout status deployment/agent-service --timeout=60s
	us status agent-service --timeout 60s
	assert_equal "$ost" "$kst"
	assert_equal "$(echo "$ours" | tail -1)" "$(echo "$out" | tail -1)"
	# Every line we print is one kubectl prints for the same progression.
	while IFS= read -r line; do
		case "$line" in
		Waiting*) [[ "$line" =~ ^Waiting\ for\ deployment\ (spec\ update\ to\ be\ observed|\"agent-service\"\ rollout\ to\ finish:\ ([0-9]+\ out\ of\ [0-9]+\ new\ replicas\ have\ been\ updated|[0-9]+\ old\ replicas\ are\ pending\ termination|[0-9]+\ of\ [0-9]+\ updated\ replicas\ are\ available))\.\.\.$ ]] ;;
		esac
	done <<<"$ours$out"
}

@test "kubectl: rollout status, spec update not yet observed" {
	pair rollout-pending
	kc rollout status deployment/agent-service --timeout=60s
	us status agent-service --timeout 60s
	assert_equal "$ost" "$kst"
	assert_equal "$(echo "$ours" | head -1)" "$(echo "$out" | head -1)"
	assert_equal "$(echo "$ours" | tail -1)" "$(echo "$out" | tail -1)"
}

@test "kubectl: rollout status, progress deadline exceeded" {
	pair never-available
	kc set image deployment/agent-service agent-service=registry.example.com/agent-service:9.9.9
	us set-image agent-service agent-service=registry.example.com/agent-service:9.9.9
	kc rollout status deployment/agent-service --timeout=60s
	us status agent-service --timeout 60s
	assert_equal "$kst" 1
	assert_equal "$ost" 1
	assert_equal "$(echo "$ours" | tail -1 | strip)" "$(echo "$out" | tail -1 | strip)"
}

@test "kubectl: rollout status --timeout (kubectl exits 1, we exit 5)" {
	pair stalled
	kc set image deployment/agent-service agent-service=registry.example.com/agent-service:9.9.9
	us set-image agent-service agent-service=registry.example.com/agent-service:9.9.9
	kc rollout status deployment/agent-service --timeout=1s
	us status agent-service --timeout 1s
	assert_equal "$kst" 1
	assert_equal "$ost" 5
	[[ "$(echo "$ours" | tail -1 | strip)" == "$(echo "$out" | tail -1 | strip)"* ]]
}

@test "kubectl: rollout status --revision mismatch" {
	pair healthy
	kc rollout status deployment/agent-service --revision=1
	us status agent-service --revision 1
	assert_equal "$ost" "$kst"
	assert_equal "$(echo "$ours" | strip)" "$(echo "$out" | strip)"
}

@test "kubectl: rollout undo, the object and history afterwards" {
	pair healthy
	kc rollout undo deployment/agent-service
	us undo deployment/agent-service
	assert_equal "$ours" "$out"
	assert_equal "$ost" "$kst"
	assert_equal "$(field_b agent-service .spec.template)" "$(field_a agent-service .spec.template)"
	assert_equal "$(field_b agent-service .metadata.annotations)" "$(field_a agent-service .metadata.annotations)"
	kc rollout status deployment/agent-service --timeout=60s
	us status agent-service --timeout 60s
	kc rollout history deployment/agent-service
	us history agent-service
	assert_equal "$ours" "$out"
	kc rollout undo deployment/agent-service --to-revision=3
	us undo agent-service --to-revision 3
	assert_equal "$ours" "$out"
	kc rollout undo deployment/agent-service --to-revision=1
	us undo agent-service --to-revision 1
	assert_equal "$kst" 1
	assert_equal "$ost" 1
	[[ "$(echo "$ours" | strip)" == "unable to find specified revision 1 in history"* ]]
	assert_equal "$(echo "$out" | strip)" "unable to find specified revision 1 in history"
}

@test "kubectl: rollout undo of a paused deployment, and with no history" {
	pair paused
	kc rollout undo deployment/agent-service
	us undo agent-service
	assert_equal "$kst" 1
	assert_equal "$ost" 1
	[[ "$(echo "$ours" | strip)" == "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume"* ]]
	[[ "$(echo "$out" | strip)" == "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume"* ]]
	kc rollout undo deployment/solo -n default
	us undo solo -n default
	assert_equal "$(echo "$ours" | strip)" "$(echo "$out" | strip)"
}

@test "kubectl: rollout restart, and of a paused deployment" {
	pair healthy
	kc rollout restart deployment/agent-service
	us restart agent-service
	assert_equal "$ours" "$out"
	assert_equal "$(field_b agent-service '.spec.template.metadata.annotations | keys')" \
		"$(field_a agent-service '.spec.template.metadata.annotations | keys')"
	server_stop || true
	pair paused
	kc rollout restart deployment/agent-service
	us restart agent-service
	assert_equal "$kst" 1
	assert_equal "$ost" 1
	assert_equal "$(echo "$ours" | strip)" "$(echo "$out" | strip)"
}

@test "kubectl: a deployment that does not exist" {
	pair healthy
	kc rollout status deployment/ghost
	us status ghost
	assert_equal "$kst" 1
	assert_equal "$ost" 4
	[[ "$ours" == *"$out"* ]]
}

@test "kubectl: apply --server-side of the same stream" {
	pair healthy
	kc apply --server-side --validate=false --field-manager k8s-rollout -f "$FIXTURES/k8s-rollout/manifests.yaml"
	us apply -f "$FIXTURES/k8s-rollout/manifests.yaml"
	assert_equal "$ours" "$out"
	assert_equal "$(field_b summarizer .spec)" "$(field_a summarizer .spec)"
}

@test "kubectl: apply -f DIR reads the folder's .yaml, .yml and .json files in name order" {
	pair healthy
	kc apply --server-side --validate=false --field-manager k8s-rollout -f "$FIXTURES/k8s-rollout/manifest-dir"
	us apply -f "$FIXTURES/k8s-rollout/manifest-dir"
	assert_equal "$kst" 0
	assert_equal "$ours" "$out"
	assert_equal "$(printf '%s\n' "$ours" | cut -d' ' -f1 | tr '\n' ' ')" \
		"configmap/summarizer-config service/summarizer configmap/summarizer-prompts configmap/summarizer-limits "
}

@test "kubectl: a tag that does not exist — kubectl waits out its timeout, we fail fast with the reason" {
	K8S=$BATS_TEST_TMPDIR/a fake_start healthy
	KA=$KUBECONFIG
	kc set image deployment/agent-service agent-service=registry.example.com/agent-service:1.6.0-does-not-exist
	assert_equal "$kst" 0
	start=$SECONDS
	kc rollout status deployment/agent-service --timeout 5s
	assert_equal "$kst" 1
	assert_equal "$(printf '%s\n' "$out" | tail -1)" "error: timed out waiting for the condition"
	[ $((SECONDS - start)) -ge 5 ]
	# The same rollout on the same server: the pod's reason, well before --timeout.
	ost=0
	ours=$(KUBECONFIG=$KA k8s-rollout status deployment/agent-service --timeout 60s --fail-fast-after 1s 2>&1) || ost=$?
	assert_equal "$ost" 1
	[[ $ours == *'rollout failed: pod agent-service-'*', container agent-service: ImagePullBackOff: '* ]]
}
