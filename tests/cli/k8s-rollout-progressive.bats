#!/usr/bin/env bats
# Part 2: canary weights and plans on an Istio VirtualService, blue/green
# by Service selector — against the fake (Istio's weight validation, 415
# on strategic merge, a /healthz that breaks, a Prometheus stub).  The
# Gateway API and ingress-nginx routers are in k8s-rollout-routers.bats.

load helpers
load ../servers/lib
load ../servers/fake_k8s

setup_file() {
	export FAKE_PKI="$BATS_FILE_TMPDIR/pki"
	fake_pki "$FAKE_PKI"
}

# The tests check exact output: no workflow commands from the CI around them.
setup() {
	unset GITHUB_ACTIONS GITHUB_OUTPUT GITHUB_STEP_SUMMARY
}

teardown() {
	server_stop || true
}

vs_json() {
	kubectl --cache-dir "$K8S/kcache" get virtualservices.networking.istio.io agent-service -n agent-dev -o json
}

# The VirtualService as the fake has it, through k8s-rollout's own reader.
weights() {
	k8s-rollout canary status agent-service --format json | jq -r '"\(.stable.weight)/\(.canary.weight)"'
}

@test "canary status: weights of the seed's 90/10 route, JSON with numbers" {
	fake_start healthy
	run k8s-rollout canary status agent-service
	assert_status 0
	assert_output_contains 'virtualservice/agent-service route "primary": stable (stable) 90, canary (canary) 10'
	assert_output_contains "plan: none"
	run k8s-rollout canary status virtualservice/agent-service --format json
	assert_equal "$output" '{"virtualservice":"agent-service","router":"istio","route":"primary","stable":{"subset":"stable","weight":90},"canary":{"subset":"canary","weight":10},"plan":null}'
}

@test "canary set-weight: both weights in one JSON patch that tests the route as read; other routes untouched" {
	fake_start healthy
	run k8s-rollout canary set-weight agent-service 25
	assert_status 0
	assert_equal "$output" "virtualservice/agent-service weights set: stable 75, canary 25"
	assert_equal "$(grep -c '^PATCH /apis/networking.istio.io/v1/namespaces/agent-dev/virtualservices/agent-service?fieldManager=k8s-rollout application/json-patch+json Bearer \[{"op":"test","path":"/spec/http/1/route","value":\[.*"weight":90.*"weight":10}\]},{"op":"add","path":"/spec/http/1/route/1/weight","value":25},{"op":"add","path":"/spec/http/1/route/0/weight","value":75}\]$' "$FAKE_LOG")" 1
	assert_equal "$(weights)" 75/25
	if command -v kubectl >/dev/null; then
		vs=$(vs_json)
		assert_equal "$(echo "$vs" | jq -c '.spec.http[0]')" '{"match":[{"headers":{"x-debug":{"exact":"1"}}}],"name":"debug","route":[{"destination":{"host":"agent-service","subset":"canary"}}]}'
		assert_equal "$(echo "$vs" | jq -c '.spec.http[1] | [.retries.attempts, .timeout, [.route[].weight]]')" '[3,"10s",[75,25]]'
	fi
}

@test "canary set-weight: outside 0-100, an unknown subset or route are usage errors" {
	fake_start healthy
	run k8s-rollout canary set-weight agent-service 101
	assert_status 2
	run k8s-rollout canary set-weight agent-service -5
	assert_status 2
	run k8s-rollout canary set-weight agent-service 10 --canary-subset preview
	assert_status 2
	assert_output_contains 'subsets "stable" and "preview"'
	run k8s-rollout canary set-weight agent-service 10 --route debug
	assert_status 2
	run k8s-rollout canary set-weight vs/agent-service 10 --canary-backend web-canary
	assert_status 2
	assert_output_contains "--canary-backend does not apply to virtualservice/agent-service"
	run k8s-rollout canary set-weight service/agent-service 10
	assert_status 2
	assert_output_contains "write virtualservice/NAME (or NAME), httproute/NAME or ingress/NAME"
	run k8s-rollout canary set-weight ghost 10
	assert_status 4
	assert_output_contains 'virtualservices.networking.istio.io "ghost" not found'
	assert_equal "$(grep -c '^PATCH' "$FAKE_LOG")" 0
}

@test "the fake is Istio-like: strategic merge gets 415, weights must sum to 100" {
	have_kubectl
	fake_start healthy
	run kubectl --cache-dir "$K8S/kcache" patch virtualservices.networking.istio.io agent-service -n agent-dev \
		--type strategic -p '{"spec":{"hosts":["x"]}}'
	[ "$status" -ne 0 ]
	assert_output_contains "the body of the request was in an unknown format"
	run kubectl --cache-dir "$K8S/kcache" patch virtualservices.networking.istio.io agent-service -n agent-dev \
		--type json -p '[{"op":"replace","path":"/spec/http/1/route/1/weight","value":20}]'
	[ "$status" -ne 0 ]
	assert_output_contains "total destination weight 110 != 100"
}

@test "canary run --steps: weights step by step, timed pauses, then completed" {
	fake_start healthy
	run k8s-rollout canary run agent-service --steps "10:200ms,50:200ms,100"
	assert_status 0
	assert_output_contains "step 1/5: setWeight 10"
	assert_output_contains "step 2/5: pause 200ms"
	assert_output_contains "virtualservice/agent-service plan completed: stable 0, canary 100"
	run k8s-rollout canary status agent-service --format json
	assert_equal "$(echo "$output" | jq -c .plan)" '{"step":5,"steps":5,"state":"completed"}'
	[ "$(grep -c '^PATCH' "$FAKE_LOG")" -ge 6 ]
}

@test "canary run: pause {} hands over to a second invocation's promote" {
	fake_start healthy
	run k8s-rollout canary run agent-service --steps "20:pause,60,100"
	assert_status 0
	assert_output_contains "paused at step 2 of 4; continue with: k8s-rollout canary promote virtualservice/agent-service"
	assert_equal "$(weights)" 80/20
	run k8s-rollout canary status agent-service --format json
	assert_equal "$(echo "$output" | jq -c .plan)" '{"step":1,"steps":4,"state":"paused"}'
	run k8s-rollout canary run agent-service --steps "5"
	assert_status 1
	assert_output_contains "already has a plan (paused, 1 steps done)"
	# No --plan: the plan is read back from the VirtualService.
	run k8s-rollout canary promote agent-service
	assert_status 0
	assert_output_contains "plan completed: stable 0, canary 100"
	run k8s-rollout canary promote agent-service
	assert_status 1
	assert_output_contains "nothing to promote, the plan is completed"
}

@test "canary run --plan: an HTTP gate fails at step 2's weight; weights go back at once, exit 1" {
	fake_start canary-breaks-at-25
	cat >"$K8S/plan.yaml" <<-EOF
	# the seed's canary, gated
	- setWeight: 10
	- analysis:
	    interval: 100ms
	    count: 2
	    http: {url: "$FAKE_APP/healthz", expect-status: "200,204", expect-json: [".status == ok"], max-latency: 5s}
	- setWeight: 25
	- analysis:
	    interval: 100ms
	    count: 3
	    failureLimit: 1
	    http: {url: "$FAKE_APP/healthz"}
	- setWeight: 100
	EOF
	run k8s-rollout canary run agent-service --plan "$K8S/plan.yaml"
	assert_status 1
	assert_output_contains "analysis 1/2: HTTP 200"
	assert_output_contains "analysis at step 4 failed: HTTP 500"
	assert_equal "$(weights)" 100/0
	run k8s-rollout canary status agent-service --format json
	assert_equal "$(echo "$output" | jq -r .plan.state)" failed
}

@test "canary run: a Prometheus gate above its max fails; a deployment gate passes" {
	fake_start healthy --prom-value 0.07
	cat >"$K8S/plan.yaml" <<-EOF
	steps:
	- setWeight: 10
	- analysis: {deployment: agent-service-canary}
	- setWeight: 30
	- analysis:
	    prometheus: {url: "$FAKE_APP", query: 'sum(rate(http_errors_total{track="canary"}[1m]))', max: 0.05}
	- setWeight: 100
	EOF
	run k8s-rollout canary run agent-service --plan "$K8S/plan.yaml"
	assert_status 1
	assert_output_contains 'deployment agent-service-canary: deployment "agent-service-canary" successfully rolled out; 1 of 1 pods ready: ok'
	assert_output_contains "= 0.07 (above max 0.05)"
	assert_equal "$(weights)" 100/0
}

@test "canary run: bad plans are refused before anything is written" {
	fake_start healthy
	printf -- '- setWeight: 120\n' >"$K8S/p1.yaml"
	run k8s-rollout canary run agent-service --plan "$K8S/p1.yaml"
	assert_status 3
	assert_output_contains "setWeight must be a whole number from 0 to 100"
	printf -- '- analysis: {count: 2}\n' >"$K8S/p2.yaml"
	run k8s-rollout canary run agent-service --plan "$K8S/p2.yaml"
	assert_status 3
	assert_output_contains "exactly one of http, prometheus and deployment"
	printf -- '- [\n' >"$K8S/p3.yaml"
	run k8s-rollout canary run agent-service --plan "$K8S/p3.yaml"
	assert_status 3
	run k8s-rollout canary run agent-service --steps "10:soon"
	assert_status 2
	run k8s-rollout canary run agent-service
	assert_status 2
	# A misspelt key is refused, not read as an indefinite pause or a weaker gate.
	printf -- '- setWeight: 10\n- pause: {duraton: 5m}\n' >"$K8S/p4.yaml"
	run k8s-rollout canary run agent-service --plan "$K8S/p4.yaml"
	assert_status 3
	assert_output_contains "step 2: pause has no key 'duraton' (it takes duration)"
	printf -- '- analysis: {http: {url: %s/healthz, expect-jq: .ok}}\n' "$FAKE_APP" >"$K8S/p5.yaml"
	run k8s-rollout canary run agent-service --plan "$K8S/p5.yaml"
	assert_status 3
	assert_output_contains "http has no key 'expect-jq'"
	assert_equal "$(grep -c '^PATCH' "$FAKE_LOG")" 0
	# The plan is judged before the cluster is asked anything.
	: >"$FAKE_LOG"
	run k8s-rollout canary run agent-service --plan "$K8S/p1.yaml"
	assert_status 3
	run k8s-rollout canary run agent-service
	assert_status 2
	assert_equal "$(wc -l <"$FAKE_LOG")" 0
}

@test "canary: a job that loses the race on the plan stops on a failed test guard and says so" {
	fake_start healthy
	k8s-rollout canary run agent-service --steps "10:3s,100" >"$K8S/out" 2>"$K8S/err" &
	job=$!
	for _ in $(seq 1 100); do
		[ "$(weights)" = 90/10 ] && grep -q "step 2/3" "$K8S/err" && break
		sleep 0.1
	done
	run k8s-rollout canary set-weight agent-service 0
	assert_status 0
	rc=0
	wait "$job" || rc=$?
	assert_equal "$rc" 1
	grep -q "was changed by someone else before step 2 (409 Conflict or a failed test of the write)" "$K8S/err"
	assert_equal "$(weights)" 100/0
}

@test "canary: of two promotes of one paused plan, exactly one continues it" {
	fake_start healthy
	k8s-rollout canary run agent-service --steps "20:pause,100" >/dev/null
	k8s-rollout canary promote agent-service >"$K8S/o1" 2>&1 &
	p1=$!
	k8s-rollout canary promote agent-service >"$K8S/o2" 2>&1 &
	p2=$!
	r1=0 r2=0
	wait "$p1" || r1=$?
	wait "$p2" || r2=$?
	assert_equal "$((r1 + r2))" 1
	cat "$K8S/o1" "$K8S/o2" | grep -Eq "409 Conflict|nothing to promote"
	assert_equal "$(weights)" 0/100
}

@test "canary promote --full with deployments: images copied, rolled out, traffic back to stable" {
	fake_start healthy
	run k8s-rollout canary promote agent-service --full --stable-deployment agent-service \
		--canary-deployment agent-service-canary --timeout 60s
	assert_status 0
	assert_output_contains "deployment.apps/agent-service image updated"
	assert_output_contains 'deployment "agent-service" successfully rolled out'
	assert_output_contains "promoted: deployment agent-service runs the canary's images; stable 100, canary 0"
	run k8s-rollout image agent-service
	assert_equal "$output" "registry.example.com/agent-service:1.5.0"
	run k8s-rollout canary promote agent-service --stable-deployment agent-service
	assert_status 2
}

@test "canary abort: weights back at once, canary scaled to 0" {
	fake_start healthy
	k8s-rollout canary run agent-service --steps "40:pause,100" >/dev/null
	run k8s-rollout canary abort agent-service --scale-down --canary-deployment agent-service-canary
	assert_status 0
	assert_output_contains "aborted: stable 100, canary 0; deployment agent-service-canary scaled to 0"
	assert_equal "$(weights)" 100/0
	run k8s-rollout canary status agent-service --format json
	assert_equal "$(echo "$output" | jq -r .plan.state)" aborted
	run k8s-rollout status agent-service-canary --watch=false --format json
	assert_equal "$(echo "$output" | head -1 | jq -r .replicas)" 0
}

@test "switch: blue to green after checking green is rolled out and ready" {
	fake_start healthy
	run k8s-rollout switch service/shop --to green -n default
	assert_status 0
	assert_equal "$output" "service/shop switched: version=blue -> version=green"
	grep -q '^PATCH /api/v1/namespaces/default/services/shop?fieldManager=k8s-rollout application/merge-patch+json Bearer {"spec":{"selector":{"version":"green"}}}' "$FAKE_LOG"
	if command -v kubectl >/dev/null; then
		assert_equal "$(kubectl --cache-dir "$K8S/kcache" get service shop -n default -o jsonpath='{.spec.selector}' | jq -cS .)" '{"app":"shop","version":"green"}'
	fi
	run k8s-rollout switch shop --to green -n default
	assert_status 0
	assert_output_contains "already selects version=green"
	run k8s-rollout switch shop --to purple -n default
	assert_status 1
	assert_output_contains "no deployment in namespace \"default\" has pods that app=shop,version=purple selects"
	run k8s-rollout switch shop -n default
	assert_status 2
}

@test "switch: refused when the target colour is not ready, naming it" {
	fake_start green-not-ready
	run k8s-rollout switch shop --to green -n default
	assert_status 1
	assert_output_contains 'deployment "shop-green" is not ready for the switch'
	assert_output_contains "1 of 2 pods ready"
	run k8s-rollout switch shop --to green --verify shop-blue -n default
	assert_status 1
	assert_output_contains "new selector app=shop,version=green would not pick"
	assert_equal "$(grep -c '^PATCH' "$FAKE_LOG")" 0
}

@test "switch: a failed analysis window switches back (exit 1); success scales the old colour down" {
	fake_start green-unhealthy
	printf 'interval: 100ms\nhttp: {url: "%s/healthz"}\n' "$FAKE_APP" >"$K8S/an.yaml"
	run k8s-rollout switch shop --to green --analysis "$K8S/an.yaml" --window 300ms -n default
	assert_status 1
	assert_output_contains "analysis after the switch failed: HTTP 500"
	assert_output_contains "service/shop switched back: version=blue"
	server_stop || true
	fake_start healthy
	printf 'analysis:\n  interval: 100ms\n  http: {url: "%s/healthz"}\n' "$FAKE_APP" >"$K8S/an.yaml"
	run k8s-rollout switch shop --to green --analysis "$K8S/an.yaml" --window 300ms --scale-down-delay 100ms -n default
	assert_status 0
	assert_output_contains "analysis 3/3: HTTP 200"
	assert_output_contains "deployment.apps/shop-blue scaled to 0"
	run k8s-rollout status shop-blue -n default --watch=false --format json
	assert_equal "$(echo "$output" | head -1 | jq -r .replicas)" 0
}
