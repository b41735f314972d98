#!/usr/bin/env bats
# Part 3: the canary and blue/green on a Gateway API HTTPRoute and an
# ingress-nginx canary Ingress, with the plans, gates, promote, abort and
# status of the Istio router — against the fake, which serves httproutes
# in v1 and v1beta1 from one storage, validates Ingresses and HTTPRoutes
# like the API server and their schemas, and answers a failed JSON-patch
# test with 422.  kubectl reads the objects back to show they are valid.

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

# "stable/canary" weights of ROUTE through k8s-rollout's own reader.
weights() {
	k8s-rollout canary status "$@" --format json | jq -r '"\(.stable.weight)/\(.canary.weight)"'
}

httproute_json() {
	kctl get httproutes.gateway.networking.k8s.io "${1:-agent-service}" -n "${2:-agent-dev}" -o json
}

@test "canary status httproute/: the seed's rule \"primary\", router gateway-api" {
	fake_start healthy
	run k8s-rollout canary status httproute/agent-service
	assert_status 0
	assert_output_contains 'httproute/agent-service rule "primary": stable (agent-service-stable) 90, canary (agent-service-canary) 10'
	assert_output_contains "plan: none"
	run k8s-rollout canary status httproutes.gateway.networking.k8s.io/agent-service --format json
	assert_equal "$output" '{"httproute":"agent-service","router":"gateway-api","route":"primary","stable":{"backend":"agent-service-stable","weight":90},"canary":{"backend":"agent-service-canary","weight":10},"plan":null}'
}

@test "canary set-weight httproute/: one JSON patch testing the rule's backendRefs; the rest of the route unchanged" {
	have_kubectl
	fake_start healthy
	before=$(httproute_json)
	run k8s-rollout canary set-weight httproute/agent-service 25
	assert_status 0
	assert_equal "$output" "httproute/agent-service weights set: stable 75, canary 25"
	assert_equal "$(grep -c '^PATCH /apis/gateway.networking.k8s.io/v1/namespaces/agent-dev/httproutes/agent-service?fieldManager=k8s-rollout application/json-patch+json Bearer \[{"op":"test","path":"/spec/rules/1/backendRefs",.*{"op":"add","path":"/spec/rules/1/backendRefs/1/weight","value":25},{"op":"add","path":"/spec/rules/1/backendRefs/0/weight","value":75}\]$' "$FAKE_LOG")" 1
	after=$(httproute_json)
	assert_equal "$(echo "$after" | jq -c '[.spec.rules[1].backendRefs[] | [.name, .port, .weight]]')" '[["agent-service-stable",80,75],["agent-service-canary",80,25]]'
	# Everything else as it was: the other rule, filters, timeouts, status.
	assert_equal "$(echo "$after" | jq -cS 'del(.metadata.resourceVersion, .spec.rules[1].backendRefs[].weight)')" \
		"$(echo "$before" | jq -cS 'del(.metadata.resourceVersion, .spec.rules[1].backendRefs[].weight)')"
	assert_equal "$(weights httproute/agent-service)" 75/25
}

@test "httproute/: served as v1beta1 only, found through discovery" {
	have_kubectl
	fake_start gateway-v1beta1
	run k8s-rollout canary set-weight httproute/agent-service 40
	assert_status 0
	grep -q '^PATCH /apis/gateway.networking.k8s.io/v1beta1/namespaces/agent-dev/httproutes/agent-service?' "$FAKE_LOG"
	assert_equal "$(grep -c '/apis/gateway.networking.k8s.io/v1/namespaces' "$FAKE_LOG")" 0
	assert_equal "$(httproute_json | jq -r '.apiVersion, ([.spec.rules[1].backendRefs[].weight] | join("/"))' | paste -sd' ')" \
		"gateway.networking.k8s.io/v1beta1 60/40"
}

@test "httproute/: a route whose rules name other Services is a usage error naming them; nothing written" {
	fake_start healthy
	run k8s-rollout canary set-weight httproute/legacy 10
	assert_status 2
	assert_output_contains 'httproute "legacy" has no rule whose backendRefs name both Services "legacy-stable" and "legacy-canary" (rules: #0 [legacy-v1, legacy-v2], "static" [cdn]); name them with --stable-backend and --canary-backend'
	run k8s-rollout canary run httproute/agent-service --steps 10 --route debug
	assert_status 2
	assert_output_contains 'no rule named "debug"'
	assert_equal "$(grep -c '^PATCH' "$FAKE_LOG")" 0
	run k8s-rollout canary set-weight httproute/legacy 10 --stable-backend legacy-v1 --canary-backend legacy-v2
	assert_status 0
	assert_equal "$output" "httproute/legacy weights set: stable 90, canary 10"
	run k8s-rollout canary set-weight httproute/ghost 10
	assert_status 4
	assert_output_contains 'httproutes.gateway.networking.k8s.io "ghost" not found'
}

@test "canary: options of another router are usage errors, before any request" {
	fake_start healthy
	run k8s-rollout canary set-weight httproute/agent-service 10 --canary-subset c
	assert_status 2
	assert_output_contains "--canary-subset does not apply to httproute/agent-service"
	run k8s-rollout canary status ingress/agent-service --stable-backend s
	assert_status 2
	run k8s-rollout canary status ingress/agent-service --route primary
	assert_status 2
	run k8s-rollout canary status vs/agent-service --canary-header x-canary
	assert_status 2
	run k8s-rollout canary status httproute/agent-service --stable-backend a --canary-backend a
	assert_status 2
	run k8s-rollout canary status gateway/agent-service
	assert_status 2
	assert_equal "$(wc -l <"$FAKE_LOG")" 0
}

@test "a route changed by someone else between read and write: the test guard fails, re-read, retried" {
	have_kubectl
	fake_start route-race
	run k8s-rollout canary set-weight httproute/agent-service 30
	assert_status 0
	assert_equal "$output" "httproute/agent-service weights set: stable 70, canary 30"
	# The first patch tested 90/10 and met 95/5: 422; the second tested 95/5.
	assert_equal "$(grep -c '^PATCH /apis/gateway.networking.k8s.io/v1/namespaces/agent-dev/httproutes/agent-service' "$FAKE_LOG")" 2
	grep '^PATCH .*httproutes/agent-service' "$FAKE_LOG" | tail -1 | grep -q '"weight":95'
	assert_equal "$(httproute_json | jq -c '[.spec.rules[1].backendRefs[].weight]')" '[70,30]'
	# The same on a VirtualService and on the canary Ingress (made by the first write).
	run k8s-rollout canary set-weight vs/agent-service 30
	assert_status 0
	assert_equal "$(grep -c '^PATCH /apis/networking.istio.io/v1/namespaces/agent-dev/virtualservices/agent-service' "$FAKE_LOG")" 2
	assert_equal "$(weights vs/agent-service)" 70/30
	run k8s-rollout canary set-weight ingress/agent-service 10
	assert_status 0
	run k8s-rollout canary set-weight ingress/agent-service 30
	assert_status 0
	assert_equal "$(grep -c '^PATCH /apis/networking.k8s.io/v1/namespaces/agent-dev/ingresses/agent-service-canary' "$FAKE_LOG")" 2
	assert_equal "$(weights ingress/agent-service)" 70/30
}

@test "a plan that loses its route to another writer stops: the failed test is not retried" {
	fake_start healthy
	k8s-rollout canary run httproute/agent-service --steps "10:3s,100" >"$K8S/out" 2>"$K8S/err" &
	job=$!
	for _ in $(seq 1 100); do
		grep -q "step 2/3" "$K8S/err" && break
		sleep 0.1
	done
	run k8s-rollout canary set-weight httproute/agent-service 0
	assert_status 0
	rc=0
	wait "$job" || rc=$?
	assert_equal "$rc" 1
	grep -q 'httproute "agent-service" was changed by someone else before step 2' "$K8S/err"
	assert_equal "$(weights httproute/agent-service)" 100/0
}

# The acceptance: one plan, unchanged, on each router.
@test "the same plan --steps 10:T,25:T,50:T,pause,100 runs unchanged on all three routers" {
	have_kubectl
	fake_start healthy
	for route in virtualservice/agent-service httproute/agent-service ingress/agent-service; do
		run k8s-rollout canary run "$route" --steps "10:100ms,25:100ms,50:200ms,pause,100"
		assert_status 0
		assert_output_contains "step 7/8: pause until promote"
		assert_output_contains "$route paused at step 7 of 8; continue with: k8s-rollout canary promote $route"
		assert_equal "$(weights "$route")" 50/50
		run k8s-rollout canary status "$route" --format json
		assert_equal "$(echo "$output" | jq -c .plan)" '{"step":6,"steps":8,"state":"paused"}'
		run k8s-rollout canary promote "$route"
		assert_status 0
		assert_output_contains "$route plan completed: stable 0, canary 100"
		run k8s-rollout canary status "$route" --format json
		assert_equal "$(echo "$output" | jq -c '[.router, .stable.weight, .canary.weight, .plan.state]')" \
			"$(case $route in virtualservice/*) echo '["istio",0,100,"completed"]' ;; httproute/*) echo '["gateway-api",0,100,"completed"]' ;; *) echo '["nginx",0,100,"completed"]' ;; esac)"
	done
	# The claim of a route without annotations tests its resourceVersion;
	# every later write of the plan tests the state and step it left.
	grep '^PATCH .*/httproutes/agent-service?' "$FAKE_LOG" | head -1 | sed 's/^[^[]*//' >"$K8S/claim"
	assert_equal "$(jq -c '[.[] | select(.path == "/metadata/resourceVersion" or .path == "/metadata/annotations") | .op]' "$K8S/claim")" '["test","add"]'
	grep '^PATCH .*/httproutes/agent-service?' "$FAKE_LOG" | sed -n 2p | sed 's/^[^[]*//' >"$K8S/step1"
	assert_equal "$(jq -c '[.[] | select(.op == "test") | .path]' "$K8S/step1")" \
		'["/spec/rules/1/backendRefs","/metadata/annotations/k8s-rollout.io~1state","/metadata/annotations/k8s-rollout.io~1step"]'
	# What the routers hold, read by kubectl.
	assert_equal "$(httproute_json | jq -c '[.spec.rules[1].backendRefs[].weight]')" '[0,100]'
	assert_equal "$(kctl get ingress agent-service-canary -n agent-dev -o jsonpath='{.metadata.annotations.nginx\.ingress\.kubernetes\.io/canary-weight}')" 100
	assert_equal "$(kctl get virtualservices.networking.istio.io agent-service -n agent-dev -o json | jq -c '[.spec.http[1].route[].weight]')" '[0,100]'
}

@test "a plan with an HTTP gate that fails aborts on an HTTPRoute and on an Ingress" {
	fake_start canary-breaks-at-25
	cat >"$K8S/plan.yaml" <<-EOF
	- setWeight: 10
	- analysis: {interval: 100ms, count: 2, http: {url: "$FAKE_APP/healthz", expect-json: [".status == ok"]}}
	- setWeight: 25
	- analysis: {interval: 100ms, count: 2, http: {url: "$FAKE_APP/healthz"}}
	- setWeight: 100
	EOF
	for route in httproute/agent-service ingress/agent-service; do
		run k8s-rollout canary run "$route" --plan "$K8S/plan.yaml" --format json
		assert_status 1
		assert_output_contains "analysis 2/2: HTTP 200"
		assert_output_contains "analysis at step 4 failed: HTTP 500"
		assert_output_contains "\"result\":\"failed\",\"step\":4,\"steps\":5"
		assert_equal "$(weights "$route")" 100/0
		run k8s-rollout canary status "$route" --format json
		assert_equal "$(echo "$output" | jq -r .plan.state)" failed
	done
}

@test "canary promote --full and abort on an HTTPRoute" {
	fake_start healthy
	k8s-rollout canary run httproute/agent-service --steps "40:pause,100" >/dev/null
	run k8s-rollout canary abort httproute/agent-service --scale-down --canary-deployment agent-service-canary
	assert_status 0
	assert_output_contains "httproute/agent-service aborted: stable 100, canary 0; deployment agent-service-canary scaled to 0"
	run k8s-rollout canary status httproute/agent-service --format json
	assert_equal "$(echo "$output" | jq -c '[.stable.weight, .canary.weight, .plan.state]')" '[100,0,"aborted"]'
	run k8s-rollout canary promote httproute/agent-service --full --stable-deployment agent-service \
		--canary-deployment agent-service-canary --timeout 60s
	assert_status 0
	assert_output_contains "deployment.apps/agent-service image updated"
	assert_output_contains "httproute/agent-service promoted: deployment agent-service runs the canary's images; stable 100, canary 0"
	run k8s-rollout canary status httproute/agent-service --format json
	assert_equal "$(echo "$output" | jq -r .plan.state)" promoted
}

@test "ingress-nginx: the canary Ingress is created as a copy of the stable one, weighted, header-routed, removed" {
	have_kubectl
	fake_start healthy
	stable_before=$(kctl get ingress agent-service -n agent-dev -o json | jq -cS 'del(.metadata.resourceVersion)')
	run k8s-rollout canary status ingress/agent-service --format json
	assert_equal "$output" '{"ingress":"agent-service","router":"nginx","canaryIngress":null,"stable":{"service":"agent-service","weight":100},"canary":{"service":"agent-service-canary","weight":0},"plan":null}'
	# Created: same class, hosts, paths (ports kept), TLS; backends on the canary Service.
	run k8s-rollout canary set-weight ing/agent-service 10
	assert_status 0
	assert_output_contains "ingress.networking.k8s.io/agent-service-canary created: a canary of agent-service to Service agent-service-canary"
	assert_output_contains "ingress/agent-service weights set: stable 90, canary 10"
	can=$(kctl get ingress agent-service-canary -n agent-dev -o json)
	assert_equal "$(echo "$can" | jq -c '.metadata.annotations | with_entries(select(.key | startswith("nginx.")))')" \
		'{"nginx.ingress.kubernetes.io/canary":"true","nginx.ingress.kubernetes.io/canary-weight":"10"}'
	assert_equal "$(echo "$can" | jq -c '[.spec.ingressClassName, .spec.tls, [.spec.rules[].http.paths[] | [.path, .pathType, .backend.service.name, .backend.service.port]]]')" \
		'["nginx",[{"hosts":["agent.example.com"],"secretName":"agent-tls"}],[["/","Prefix","agent-service-canary",{"number":80}],["/v1/chat","Exact","agent-service-canary",{"name":"http"}]]]'
	assert_equal "$(echo "$can" | jq -c '.metadata.ownerReferences[0] | [.kind, .name, (.uid | length > 0)]')" '["Ingress","agent-service",true]'
	kctl describe ingress agent-service-canary -n agent-dev >"$K8S/describe" 2>&1 || true
	grep -q 'agent-service-canary:80' "$K8S/describe"
	# Weighted: only the weight annotation changes.
	run k8s-rollout canary set-weight ingress/agent-service 40
	assert_status 0
	grep '^PATCH /apis/networking.k8s.io/v1/namespaces/agent-dev/ingresses/agent-service-canary?' "$FAKE_LOG" | tail -1 >"$K8S/patch"
	assert_equal "$(sed 's/^[^[]*//' "$K8S/patch" | jq -c '[.[] | [.op, .path, .value]]')" \
		'[["test","/metadata/annotations/nginx.ingress.kubernetes.io~1canary","true"],["test","/metadata/annotations/nginx.ingress.kubernetes.io~1canary-weight","10"],["add","/metadata/annotations/nginx.ingress.kubernetes.io~1canary-weight","40"]]'
	# Header and cookie canaries.
	run k8s-rollout canary set-weight ingress/agent-service 0 --canary-header X-Canary=always --canary-cookie canary
	assert_status 0
	run k8s-rollout canary status ingress/agent-service
	assert_output_contains 'ingress/agent-service canary ingress "agent-service-canary": stable (agent-service) 100, canary (agent-service-canary) 0; header X-Canary=always; cookie canary'
	assert_equal "$(kctl get ingress agent-service-canary -n agent-dev -o json | jq -c '.metadata.annotations | [.["nginx.ingress.kubernetes.io/canary-by-header"], .["nginx.ingress.kubernetes.io/canary-by-header-value"], .["nginx.ingress.kubernetes.io/canary-by-cookie"]]')" \
		'["X-Canary","always","canary"]'
	run k8s-rollout canary set-weight ingress/agent-service 20 --canary-header "" --canary-cookie ""
	assert_status 0
	assert_equal "$(kctl get ingress agent-service-canary -n agent-dev -o json | jq -c '.metadata.annotations | [has("nginx.ingress.kubernetes.io/canary-by-header"), has("nginx.ingress.kubernetes.io/canary-by-cookie")]')" '[false,false]'
	# The stable Ingress is never written.
	assert_equal "$(kctl get ingress agent-service -n agent-dev -o json | jq -cS 'del(.metadata.resourceVersion)')" "$stable_before"
	assert_equal "$(grep -c '^[A-Z]* /apis/networking.k8s.io/v1/namespaces/agent-dev/ingresses/agent-service[?]' "$FAKE_LOG")" 0
	# Abort: weight 0, the canary Ingress stays; promote: images, then it is removed.
	run k8s-rollout canary abort ingress/agent-service
	assert_status 0
	assert_equal "$(kctl get ingress agent-service-canary -n agent-dev -o jsonpath='{.metadata.annotations.nginx\.ingress\.kubernetes\.io/canary-weight}')" 0
	run k8s-rollout canary promote ingress/agent-service --full --stable-deployment agent-service \
		--canary-deployment agent-service-canary --timeout 60s
	assert_status 0
	assert_output_contains "ingress.networking.k8s.io/agent-service-canary deleted"
	assert_output_contains "ingress/agent-service promoted: deployment agent-service runs the canary's images; stable 100, canary 0"
	run kctl get ingress agent-service-canary -n agent-dev
	[ "$status" -ne 0 ]
	assert_output_contains 'ingresses.networking.k8s.io "agent-service-canary" not found'
	run k8s-rollout image agent-service
	assert_equal "$output" "registry.example.com/agent-service:1.5.0"
	run k8s-rollout canary status ingress/agent-service
	assert_output_contains "ingress/agent-service no canary ingress: stable (agent-service) 100, canary (agent-service-canary) 0"
}

@test "ingress-nginx: a name taken by a plain Ingress, and a canary named as the stable one, are refused" {
	have_kubectl
	fake_start healthy
	cat >"$K8S/plain.json" <<-EOF
	{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "agent-service-canary"},
	 "spec": {"rules": [{"host": "x.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix",
	   "backend": {"service": {"name": "other", "port": {"number": 80}}}}]}}]}}
	EOF
	kctl create --validate=false -f "$K8S/plain.json" -n agent-dev >/dev/null
	run k8s-rollout canary set-weight ingress/agent-service 10
	assert_status 1
	assert_output_contains 'ingress "agent-service-canary" exists but is no canary Ingress'
	kctl delete ingress agent-service-canary -n agent-dev >/dev/null
	k8s-rollout canary set-weight ingress/agent-service 10 --canary-service agent-service-canary >/dev/null
	run k8s-rollout canary status ingress/agent-service-canary
	assert_status 2
	assert_output_contains 'ingress "agent-service-canary" is itself a canary Ingress'
	run k8s-rollout canary set-weight ingress/agent-service 10 --canary-service other
	assert_status 1
	assert_output_contains "sends traffic to Service agent-service-canary, not other"
}

@test "switch httproute/: every reference to the active Service points at --to, after its pods are ready" {
	have_kubectl
	fake_start healthy
	run k8s-rollout switch httproute/shop --to shop-green -n default
	assert_status 0
	assert_equal "$output" "httproute/shop switched: shop-blue -> shop-green"
	assert_equal "$(httproute_json shop default | jq -c '[.spec.rules[].backendRefs[] | [.name, .port, .weight]]')" \
		'[["shop-green",80,null],["shop-green",80,1]]'
	run k8s-rollout switch httproute/shop --to shop-green -n default --format json
	assert_status 0
	assert_equal "$output" '{"httproute":"shop","router":"gateway-api","result":"unchanged","from":"shop-green","to":"shop-green"}'
	run k8s-rollout switch httproute/shop --to shop-blue --from shop-red -n default
	assert_status 2
	assert_output_contains 'httproute "shop" sends no traffic to Service "shop-red" (it names: shop-green)'
	run k8s-rollout switch httproute/shop --to shop-blue --label version -n default
	assert_status 2
	run k8s-rollout switch ingress/agent-service --to x
	assert_status 2
	run k8s-rollout switch httproute/legacy --to legacy-v3
	assert_status 2
	assert_output_contains "sends traffic to Services legacy-v1, legacy-v2, cdn; name the one to replace with --from"
}

@test "switch httproute/: refused when --to's pods are not ready or --verify's are not selected" {
	fake_start green-not-ready
	run k8s-rollout switch httproute/shop --to shop-green -n default
	assert_status 1
	assert_output_contains 'deployment "shop-green" is not ready for the switch'
	run k8s-rollout switch httproute/shop --to shop-green --verify shop-blue -n default
	assert_status 1
	assert_output_contains "deployment \"shop-blue\" has pods Service \"shop-green\"'s selector app=shop,version=green would not pick"
	assert_equal "$(grep -c '^PATCH' "$FAKE_LOG")" 0
}

@test "switch httproute/ --verify with a failing analysis window switches back (exit 1); success scales blue down" {
	have_kubectl
	fake_start green-unhealthy
	printf 'interval: 100ms\nhttp: {url: "%s/healthz"}\n' "$FAKE_APP" >"$K8S/an.yaml"
	run k8s-rollout switch httproute/shop --to shop-green --verify shop-green --analysis "$K8S/an.yaml" --window 300ms -n default
	assert_status 1
	assert_output_contains "httproute/shop switched: shop-blue -> shop-green"
	assert_output_contains "analysis after the switch failed: HTTP 500"
	assert_output_contains "httproute/shop switched back: shop-blue"
	assert_equal "$(httproute_json shop default | jq -c '[.spec.rules[].backendRefs[].name]')" '["shop-blue","shop-blue"]'
	server_stop || true
	fake_start healthy
	printf 'interval: 100ms\nhttp: {url: "%s/healthz"}\n' "$FAKE_APP" >"$K8S/an.yaml"
	run k8s-rollout switch httproute/shop --to shop-green --verify shop-green --analysis "$K8S/an.yaml" --window 300ms \
		--scale-down-delay 100ms -n default --format json
	assert_status 0
	assert_output_contains '{"httproute":"shop","router":"gateway-api","result":"switched","from":"shop-blue","to":"shop-green"}'
	assert_output_contains "analysis 3/3: HTTP 200"
	run k8s-rollout status shop-blue -n default --watch=false --format json
	assert_equal "$(echo "$output" | head -1 | jq -r .replicas)" 0
}

@test "canary.sh: ROUTER=gateway-api and ROUTER=nginx release on the HTTPRoute and the canary Ingress" {
	fake_start healthy
	pipeline=$BATS_TEST_DIRNAME/../../scripts/pipeline
	for router in gateway-api nginx; do
		NAMESPACE=agent-dev HEALTH_URL=$FAKE_APP/healthz WEIGHTS="10 50 100" CHECKS=1 INTERVAL=100ms ROUTER=$router \
			TIMEOUT=60s run "$pipeline/canary.sh" registry.example.com/agent-service:1.6.0
		assert_status 0
		assert_output_contains "promoted: deployment agent-service runs the canary's images; stable 100, canary 0"
	done
	assert_output_contains '$ k8s-rollout canary run ingress/agent-service -n agent-dev --plan'
	run k8s-rollout canary status httproute/agent-service --format json
	assert_equal "$(jq -c '[.stable.weight, .canary.weight, .plan.state]' <<<"$output")" '[100,0,"promoted"]'
	run k8s-rollout canary status ingress/agent-service --format json
	assert_equal "$(jq -c '[.canaryIngress, .canary.weight]' <<<"$output")" '[null,0]'
	ROUTER=linkerd NAMESPACE=agent-dev HEALTH_URL=$FAKE_APP/healthz run "$pipeline/canary.sh" x:1
	assert_status 2
	assert_output_contains "ROUTER must be istio, gateway-api or nginx, not 'linkerd'"
}

@test "switch: a bad analysis file is refused (exit 3) before anything is switched" {
	fake_start healthy
	printf 'interval: 100ms\nhttp: {}\n' >"$K8S/bad.yaml"
	run k8s-rollout switch httproute/shop --to shop-green --analysis "$K8S/bad.yaml" -n default
	assert_status 3
	assert_output_contains "analysis http needs a url"
	run k8s-rollout switch shop --to green --analysis "$K8S/bad.yaml" -n default
	assert_status 3
	assert_equal "$(grep -c '^PATCH' "$FAKE_LOG")" 0
}
