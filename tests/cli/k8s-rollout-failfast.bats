#!/usr/bin/env bats
# k8s-rollout status --fail-fast against tests/servers/fake_k8s.py, whose
# pods fail as the kubelet reports it when their image asks to
# (tests/servers/fake_pods.py): every reason, the timing options, the JSON
# failure object, GitHub Actions, -l and several deployments at once.
# Every failing case runs with a --timeout that would end it with exit 5
# if fail-fast did not catch it first.

load helpers
load ../servers/lib
load ../servers/fake_k8s

setup_file() {
	export FAKE_PKI="$BATS_FILE_TMPDIR/pki"
	fake_pki "$FAKE_PKI"
}

setup() {
	unset GITHUB_ACTIONS GITHUB_OUTPUT GITHUB_STEP_SUMMARY
}

teardown() {
	server_stop || true
}

REG=registry.example.com/agent-service

# deploy TAG [status options]: set agent-service's image to REG:TAG, then
# wait for it; output and status of the wait.
deploy() {
	local tag=$1
	shift
	k8s-rollout set-image deployment/agent-service "agent-service=$REG:$tag" >/dev/null
	run k8s-rollout status deployment/agent-service --timeout 60s "$@"
}

@test "a tag that does not exist fails with default settings: pod, container, reason, message" {
	fake_start healthy
	deploy 1.6.0-does-not-exist
	assert_status 1
	assert_output_contains 'k8s-rollout: deployment "agent-service" rollout failed: pod agent-service-'
	assert_output_contains ", container agent-service: ImagePullBackOff: Back-off pulling image \"$REG:1.6.0-does-not-exist\": ErrImagePull: "
	assert_output_contains ": not found"
	# The progress before it is kubectl's.
	assert_output_contains 'Waiting for deployment "agent-service" rollout to finish: 1 out of 3 new replicas have been updated...'
	# Only the new ReplicaSet's pods were read (by its pod-template-hash).
	grep -q '^GET /api/v1/namespaces/agent-dev/pods?labelSelector=app%3Dagent-service%2Cpod-template-hash%3D' "$FAKE_LOG"
}

@test "an image named as missing by the registry is ErrImagePull at first, ImagePullBackOff after" {
	fake_start healthy --missing-image "$REG:v1.6.0"
	deploy v1.6.0 --fail-fast-after 0
	assert_status 1
	assert_output_contains ", container agent-service: ErrImagePull: rpc error: code = NotFound"
	# Both reasons are one kind of trouble: its clock does not restart.
	server_stop || true
	fake_start healthy --missing-image "$REG:v1.6.0"
	deploy v1.6.0 --fail-fast-after 2s
	assert_status 1
	assert_output_contains ": ImagePullBackOff: Back-off pulling image \"$REG:v1.6.0\""
}

@test "CrashLoopBackOff: the previous run's exit code and the last --logs lines of its log" {
	fake_start healthy
	deploy 1.6.0-crashloop --fail-fast-after 1s --logs 3
	assert_status 1
	assert_output_contains ", container agent-service: CrashLoopBackOff: back-off 10s restarting failed container=agent-service"
	assert_output_contains "  its previous run exited with code 1; the last 3 lines of its log:"
	assert_output_contains $'\n      File "/app/main.py", line 12, in <module>\n        client = OpenAI'
	assert_output_contains $'\n    KeyError: \'OPENAI_API_KEY\''
	[[ $output != *Traceback* ]]
	grep -q '^GET /api/v1/namespaces/agent-dev/pods/agent-service-[a-z0-9-]*/log?container=agent-service&previous=true&tailLines=3 ' "$FAKE_LOG"
}

@test "--logs 0 reads no log; the default is 20 lines" {
	fake_start healthy
	deploy 1.6.0-crashloop --fail-fast-after 0 --logs 0
	assert_status 1
	assert_output_contains "  its previous run exited with code 1; it left no log"
	! grep -q '/log?' "$FAKE_LOG" || false
	k8s-rollout set-image deployment/agent-service "agent-service=$REG:1.6.1-crashloop" >/dev/null
	run k8s-rollout status deployment/agent-service --timeout 60s --fail-fast-after 0
	assert_status 1
	assert_output_contains "the last 20 lines of its log:"
	grep -q 'tailLines=20 ' "$FAKE_LOG"
}

@test "CreateContainerConfigError: the missing Secret key, no log" {
	fake_start healthy
	deploy 1.6.0-missing-secret --fail-fast-after 1s
	assert_status 1
	assert_output_contains ", container agent-service: CreateContainerConfigError: couldn't find key OPENAI_API_KEY in Secret agent-dev/agent-service-config"
	[[ $output != *"previous run"* ]]
}

@test "OOMKilled: the exit code 137" {
	fake_start healthy
	deploy 1.6.0-oomkilled --fail-fast-after 1s --logs 5
	assert_status 1
	assert_output_contains ", container agent-service: OOMKilled: killed for using more memory than its limit"
	assert_output_contains "its previous run exited with code 137; the last line of its log:"
	assert_output_contains "loading the embedding index"
}

@test "Unschedulable: the scheduler's message, no container" {
	fake_start healthy
	deploy 1.6.0-unschedulable --fail-fast-after 1s
	assert_status 1
	assert_output_contains 'rollout failed: pod agent-service-'
	assert_output_contains ': Unschedulable: 0/3 nodes are available: 3 Insufficient memory.'
	[[ $output != *", container"* ]]
}

@test "--fail-fast=false waits out --timeout as kubectl does (exit 5)" {
	fake_start healthy
	deploy 1.6.0-does-not-exist --fail-fast=false --timeout 3s
	assert_status 5
	assert_output_contains 'timed out waiting for the condition (deployment "agent-service", --timeout)'
	[[ $output != *ImagePullBackOff* ]]
	! grep -q '/pods' "$FAKE_LOG" || false
}

@test "--fail-fast-after: a reason must persist that long before it fails the rollout" {
	fake_start healthy
	deploy 1.6.0-missing-secret --fail-fast-after 1m --timeout 4s
	assert_status 5
	[[ $output != *CreateContainerConfigError* ]]
	# The pods were looked at all along.
	[ "$(grep -c '^GET /api/v1/namespaces/agent-dev/pods?' "$FAKE_LOG")" -ge 3 ]
}

@test "a transient ErrImagePull that clears before --fail-fast-after is no failure" {
	fake_start healthy
	deploy 1.6.0-flaky-pull --fail-fast-after 4s
	assert_status 0
	assert_output_contains 'deployment "agent-service" successfully rolled out'
	# The same pull fails the rollout when it may not persist at all.
	k8s-rollout set-image deployment/agent-service "agent-service=$REG:1.6.1-flaky-pull" >/dev/null
	run k8s-rollout status deployment/agent-service --timeout 60s --fail-fast-after 0
	assert_status 1
	assert_output_contains ": ErrImagePull: rpc error: code = Unavailable"
}

@test "a crash loop in an old ReplicaSet's pods does not fail the new rollout" {
	# Steps 1.5 s apart: the rollout stands still long enough for looks.
	fake_start healthy --tick 1500
	# flappy's current pods crash; the new image is healthy.
	run curl -sf --cacert "$FAKE_PKI/ca.crt" -H "Authorization: Bearer $FAKE_TOKEN" \
		"$FAKE_URL/api/v1/namespaces/agent-team/pods?labelSelector=app%3Dflappy"
	assert_output_contains CrashLoopBackOff
	k8s-rollout set-image deployment/flappy app=registry.example.com/flappy:1.0.0 -n agent-team >/dev/null
	run k8s-rollout status deployment/flappy -n agent-team --timeout 60s --fail-fast-after 0
	assert_status 0
	assert_output_contains 'deployment "flappy" successfully rolled out'
	# The pods were looked at while the old ones were crashing.
	[ "$(grep -c '^GET /api/v1/namespaces/agent-team/pods?labelSelector=app%3Dflappy%2Cpod-template-hash' "$FAKE_LOG")" -ge 1 ]
}

@test "--format json: the final object carries the failure" {
	fake_start healthy
	deploy 1.6.0-crashloop --fail-fast-after 0 --logs 2 --format json
	assert_status 1
	last=$(printf '%s\n' "$output" | grep '"result"')
	assert_equal "$(jq -c '{result, message}' <<<"$last")" \
		'{"result":"failed","message":"rollout failed: CrashLoopBackOff"}'
	assert_equal "$(jq -c '.failure | {reason, container, exit_code, log_tail}' <<<"$last")" \
		'{"reason":"CrashLoopBackOff","container":"agent-service","exit_code":1,"log_tail":["    client = OpenAI(api_key=os.environ[\"OPENAI_API_KEY\"])","KeyError: '"'"'OPENAI_API_KEY'"'"'"]}'
	jq -e '.failure.pod | startswith("agent-service-")' <<<"$last"
	# A pull failure has no exit code and no log; unschedulable no container.
	deploy 1.6.1-unschedulable --fail-fast-after 0 --format json
	assert_status 1
	assert_equal "$(printf '%s\n' "$output" | grep '"result"' | jq -c '.failure | {reason, container, exit_code, log_tail}')" \
		'{"reason":"Unschedulable","container":null,"exit_code":null,"log_tail":[]}'
	# A rollout that succeeds has no failure.
	deploy 1.7.0 --format json
	assert_status 0
	[ "$(printf '%s\n' "$output" | grep '"result"' | jq 'has("failure")')" = false ]
}

@test "GitHub Actions: the reason as ::error, in the step summary; a logged :: line does not act" {
	fake_start healthy
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$K8S/out GITHUB_STEP_SUMMARY=$K8S/summary
	deploy 1.6.0-crashloop --fail-fast-after 0 --logs 30
	assert_status 1
	assert_output_contains '::error title=k8s-rollout status::deployment "agent-service" rollout failed: pod agent-service-'
	grep -qF -- '- deployment `agent-service` rollout failed: pod agent-service-' "$GITHUB_STEP_SUMMARY"
	grep -qF -- ': **CrashLoopBackOff**: back-off 10s' "$GITHUB_STEP_SUMMARY"
	grep -qx "result=failed" "$GITHUB_OUTPUT"
	# Workflow commands are stopped around the log and resumed after it.
	token=$(printf '%s\n' "$output" | sed -n 's/^::stop-commands::\([0-9a-f]\{32\}\)$/\1/p')
	[ -n "$token" ]
	assert_output_contains $'\n'"::$token::"
}

@test "-l SELECTOR waits for every selected deployment at once" {
	fake_start healthy
	k8s-rollout set-image deployment/planner app=registry.example.com/planner:1.1.0 -n agent-team >/dev/null
	k8s-rollout set-image deployment/retriever app=registry.example.com/retriever:1.1.0 -n agent-team >/dev/null
	run k8s-rollout status -l tier=agents -n agent-team --timeout 60s
	assert_status 0
	assert_output_contains 'deployment "planner" successfully rolled out'
	assert_output_contains 'deployment "retriever" successfully rolled out'
	grep -q '^GET /apis/apps/v1/namespaces/agent-team/deployments?watch=1&labelSelector=tier%3Dagents&' "$FAKE_LOG" ||
		grep -q '^GET /apis/apps/v1/namespaces/agent-team/deployments?labelSelector=tier%3Dagents&' "$FAKE_LOG"
	# flappy is not selected: its crash loop is not waited for.
	[[ $output != *flappy* ]]
}

@test "-l: the first failure is reported at once and ends the wait with exit 1" {
	fake_start slow
	k8s-rollout set-image deployment/planner app=registry.example.com/planner:1.1.0 -n agent-team >/dev/null
	k8s-rollout set-image deployment/retriever app=registry.example.com/retriever:1.1.0-missing-secret \
		-n agent-team >/dev/null
	run k8s-rollout status -l tier=agents -n agent-team --timeout 60s --fail-fast-after 0 --format json
	assert_status 1
	assert_output_contains 'k8s-rollout: deployment "retriever" rollout failed: pod retriever-'
	[ "$(printf '%s\n' "$output" | grep '"result"' | jq -r 'select(.result == "failed") | .deployment')" = retriever ]
	run k8s-rollout status -l tier=nobody -n agent-team
	assert_status 4
	assert_output_contains "no deployments match -l 'tier=nobody' in namespace \"agent-team\""
}

@test "several DEPLOYMENT arguments at once; usage errors" {
	fake_start healthy
	k8s-rollout set-image deployment/planner app=registry.example.com/planner:1.2.0 -n agent-team >/dev/null
	run k8s-rollout status deployment/planner deploy/retriever -n agent-team --timeout 60s
	assert_status 0
	assert_output_contains 'deployment "planner" successfully rolled out'
	assert_output_contains 'deployment "retriever" successfully rolled out'
	run k8s-rollout status deployment/planner ghost -n agent-team --timeout 60s
	assert_status 4
	assert_output_contains 'deployments.apps "ghost" not found in namespace "agent-team"'
	run k8s-rollout status web -l app=web
	assert_status 2
	run k8s-rollout status
	assert_status 2
	run k8s-rollout status web --logs -1
	assert_status 2
	run k8s-rollout status web --fail-fast=maybe
	assert_status 2
	run k8s-rollout status web statefulset/db
	assert_status 2
	run k8s-rollout undo web --fail-fast-after 1s
	assert_status 2
	assert_output_contains "--fail-fast-after does not apply to undo"
}

@test "nothing of the pod's spec is printed: an env value stays out of the failure" {
	fake_start healthy
	k8s-rollout apply -n agent-team -f - >/dev/null <<-EOF
	apiVersion: apps/v1
	kind: Deployment
	metadata: {name: leaky}
	spec:
	  replicas: 1
	  selector: {matchLabels: {app: leaky}}
	  template:
	    metadata: {labels: {app: leaky}}
	    spec:
	      containers:
	      - name: app
	        image: registry.example.com/leaky:1.0.0-crashloop
	        env: [{name: OPENAI_API_KEY, value: sk-live-never-print-me}]
	EOF
	run k8s-rollout status deployment/leaky -n agent-team --timeout 60s --fail-fast-after 0 --format json
	assert_status 1
	assert_output_contains '"reason":"CrashLoopBackOff"'
	[[ $output != *sk-live* ]]
}

@test "a deployer who may not list pods gets one warning and kubectl's wait" {
	fake_start pods-forbidden
	deploy 1.6.0-does-not-exist --fail-fast-after 0 --timeout 3s
	assert_status 5
	assert_output_contains 'k8s-rollout: warning: cannot list pods (Forbidden: pods is forbidden: User "ci-bot" cannot list resource "pods"'
	assert_output_contains "--fail-fast is off, waiting as kubectl does"
	assert_output_contains 'timed out waiting for the condition (deployment "agent-service", --timeout)'
	[ "$(grep -c '^GET /api/v1/namespaces/agent-dev/pods?' "$FAKE_LOG")" = 1 ]
}

@test "canary promote's wait for the stable deployment fails fast too" {
	fake_start healthy
	k8s-rollout set-image deployment/agent-service-canary "agent-service=$REG:1.6.0-crashloop" >/dev/null
	run k8s-rollout canary promote agent-service --full --stable-deployment agent-service \
		--canary-deployment agent-service-canary --timeout 60s --fail-fast-after 0 --logs 1
	assert_status 1
	assert_output_contains 'k8s-rollout: deployment "agent-service" rollout failed: pod agent-service-'
	assert_output_contains $'the last line of its log:\n    KeyError: \'OPENAI_API_KEY\''
}
