#!/usr/bin/env bats
# scripts/pipeline/ and scripts/demo/run: the demo end to end, and each
# stage's failure paths against the fake cluster.

load helpers
load ../servers/lib
load ../servers/fake_k8s

ROOT="$BATS_TEST_DIRNAME/../.."
PIPELINE="$ROOT/scripts/pipeline"
DEMO="$ROOT/scripts/demo"

teardown() {
	server_stop
}

@test "make demo: the whole pipeline runs, ends rolled back, and stops everything" {
	work=$BATS_TEST_TMPDIR/work
	AGENTCI_DEMO_WORK=$work run "$DEMO/run"
	assert_status 0
	assert_output_contains "style-guide.yaml:4:3: warning:"
	assert_output_contains "status ok"
	assert_output_contains "the image to deploy: registry.example.com/agent-service:1.6.0"
	assert_output_contains 'deployment "agent-service" successfully rolled out'
	assert_output_contains "plan completed: stable 0, canary 100"
	assert_output_contains "promoted: deployment agent-service runs the canary's images"
	assert_output_contains "3         rollback: demo: rolling back on purpose"
	assert_output_contains "agent-staging: agent-service runs registry.example.com/agent-service:1.6.0"
	assert_output_contains "agent-prod: agent-service runs registry.example.com/agent-service:1.5.0"
	# The failure story: a tag never pushed, caught by its pods' reason and undone.
	assert_output_contains ', container agent-service: ImagePullBackOff: Back-off pulling image "registry.example.com/agent-service:v1.6.0"'
	assert_output_contains $'not at the 60s timeout: the new pod could not pull its image.\nundone: staging runs registry.example.com/agent-service:1.6.0 again.'
	# What a newcomer should not have to read past.
	assert_output_contains "canary status: stable 100%, canary 0%, plan promoted (step 7 of 7)"
	[[ $output != *'{"virtualservice"'* ]]
	[[ $output != *"readable by group or others"* ]]
	[[ $output != *"skipped: ruff"* && $output != *"skipped: pytest"* ]]
	assert_output_contains "no Python code here: nothing for ruff, mypy and pytest"
	assert_output_contains "dry run, would run: \$ docker buildx build"
	# Nothing left running.
	run pgrep -f "$work/k8s.port"
	assert_status 1
}

@test "make demo: no plaintext secret is written under the work folder" {
	work=$BATS_TEST_TMPDIR/work
	AGENTCI_DEMO_WORK=$work run "$DEMO/run"
	assert_status 0
	# The rotated file still opens with the demo key, and holds the same values.
	cmp <(secret-seal decrypt --identity "$DEMO/keys/demo-age-key.txt" \
		"$DEMO/service/deploy/config/staging.enc.yaml") \
		<(secret-seal decrypt --identity "$DEMO/keys/demo-age-key.txt" \
			"$work/service/deploy/config/staging.enc.yaml")
	run cmp -s "$DEMO/service/deploy/config/staging.enc.yaml" "$work/service/deploy/config/staging.enc.yaml"
	assert_status 1 # rotated: a new data key, so new ciphertext
	n=0
	while IFS= read -r value; do
		[ "$value" != info ] || continue # LOG_LEVEL is left clear on purpose
		n=$((n + 1))
		if grep -rqF -- "$value" "$work"; then
			echo "plaintext found under $work:" >&2
			grep -rlF -- "$value" "$work" >&2
			return 1
		fi
	done < <(secret-seal decrypt --identity "$DEMO/keys/demo-age-key.txt" --output-type json \
		"$DEMO/service/deploy/config/staging.enc.yaml" | jq -r '.[]')
	assert_equal "$n" 3
}

@test "deploy.sh rolling: a rollout that never becomes available is undone, exit 1" {
	fake_start never-available
	NAMESPACE=agent-dev HEALTH_URL=$FAKE_APP/healthz TIMEOUT=30s run "$PIPELINE/deploy.sh" dev \
		registry.example.com/agent-service:9.9.9
	assert_status 1
	assert_output_contains "is not healthy; undoing the rollout"
	assert_output_contains "exceeded its progress deadline"
	run k8s-rollout image deployment/agent-service agent-service -n agent-dev
	assert_equal "$output" registry.example.com/agent-service:1.4.0
}

@test "deploy.sh rolling: a tag that does not exist fails fast with its reason and is undone" {
	fake_start healthy
	NAMESPACE=agent-dev HEALTH_URL=$FAKE_APP/healthz TIMEOUT=60s FAIL_FAST_AFTER=1s run "$PIPELINE/deploy.sh" dev \
		registry.example.com/agent-service:1.6.0-does-not-exist
	assert_status 1
	assert_output_contains "--fail-fast-after 1s"
	assert_output_contains ", container agent-service: ImagePullBackOff: "
	assert_output_contains "is not healthy; undoing the rollout"
	run k8s-rollout image deployment/agent-service agent-service -n agent-dev
	assert_equal "$output" registry.example.com/agent-service:1.4.0
}

@test "deploy.sh bluegreen: the idle colour gets the image and the Service switches to it" {
	fake_start
	NAMESPACE=default DEPLOYMENT=shop STRATEGY=bluegreen TO_COLOR=green HEALTH_URL="$FAKE_APP/healthz" \
		TIMEOUT=30s run "$PIPELINE/deploy.sh" prod shop:2.0
	assert_status 0
	assert_output_contains "deployment.apps/shop-green image updated"
	run k8s-rollout image deployment/shop-green shop -n default
	assert_equal "$output" shop:2.0
	run k8s-rollout switch shop -n default --to green --format json
	assert_output_contains '"green"'
}

@test "canary.sh: a check that fails mid-way sends traffic back to stable and exits 1" {
	fake_start canary-breaks-at-25
	NAMESPACE=agent-dev HEALTH_URL=$FAKE_APP/healthz WEIGHTS="10 25 100" CHECKS=1 INTERVAL=100ms \
		TIMEOUT=30s run "$PIPELINE/canary.sh" registry.example.com/agent-service:1.6.0
	assert_status 1
	assert_output_contains "a check failed; traffic is back on stable, aborting"
	run k8s-rollout canary status agent-service -n agent-dev --format json
	assert_equal "$(jq -c '[.stable.weight, .canary.weight]' <<<"$output")" "[100,0]"
}

@test "rollback.sh: the reason is recorded and posted to the webhook, whose URL is never shown" {
	fake_start
	printf '{"/hooks/T0/B0/x": {"status": 200, "body": "ok"}}' >"$BATS_TEST_TMPDIR/hook.json"
	port=$(server_start python3 "$SERVERS/http_server.py" --script "$BATS_TEST_TMPDIR/hook.json" \
		--log "$BATS_TEST_TMPDIR/hook.log")
	NAMESPACE=agent-dev SLACK_WEBHOOK_URL=http://127.0.0.1:$port/hooks/T0/B0/x TIMEOUT=30s \
		run "$PIPELINE/rollback.sh" "latency regression" registry.example.com/agent-service:1.3.0
	assert_status 0
	assert_output_contains "agent-service now runs registry.example.com/agent-service:1.3.0"
	case $output in *hooks/T0*) echo "webhook URL printed" >&2; return 1 ;; esac
	run jq -r .body "$BATS_TEST_TMPDIR/hook.log"
	assert_output_contains "rolled back to registry.example.com/agent-service:1.3.0: latency regression"
	run k8s-rollout history deployment/agent-service -n agent-dev
	assert_output_contains "rollback: latency regression"
}

@test "stages: --help prints the header, a missing setting is exit 2, --dry-run skips externals" {
	run "$PIPELINE/ci.sh" --help
	assert_status 0
	assert_output_contains "ci.sh [--dry-run]: the CI stage"
	IMAGE='' run "$PIPELINE/build.sh"
	assert_status 2
	assert_output_contains "IMAGE is not set"
	run "$PIPELINE/deploy.sh" only-one-argument
	assert_status 2
	STRATEGY=sideways HEALTH_URL=http://127.0.0.1:1/ NAMESPACE=x CONFIG=/nonexistent \
		run "$PIPELINE/deploy.sh" dev img:1
	assert_status 2
	assert_output_contains "STRATEGY must be rolling, canary or bluegreen"
	cd "$BATS_TEST_TMPDIR"
	git init -q g && cd g && git -c user.name=t -c user.email=t@e commit -q --allow-empty -m x
	IMAGE=example.com/app METADATA=m/image.json run "$PIPELINE/build.sh" --dry-run
	assert_status 0
	assert_output_contains "dry run, would run: $ docker buildx build --push"
	assert_output_contains "dry run, would run: $ trivy image"
}

@test "agent-service.mk: prompts, cost and deploy ENV=dev as make targets" {
	fake_start
	cp -R "$DEMO/service" "$BATS_TEST_TMPDIR/svc"
	cd "$BATS_TEST_TMPDIR/svc"
	mk=(make -s -f "$ROOT/scripts/make/agent-service.mk")
	run "${mk[@]}" prompts MAX_TOKENS=1000 WARN_AT=500
	assert_status 2 # make's own status when a recipe fails: prompt-lint found the over-budget prompt
	assert_output_contains "exceed --max-tokens-per-request 1000"
	run "${mk[@]}" cost DAILY_BUDGET=0.75 REPORTS=r
	assert_status 2
	assert_output_contains "over budget: 6 day(s) above the daily threshold"
	export SOPS_AGE_KEY_FILE=$DEMO/keys/demo-age-key.txt
	run "${mk[@]}" deploy ENV=dev CONFIG=deploy/config/staging.enc.yaml HEALTH_URL="$FAKE_APP/healthz" \
		IMAGE=registry.example.com/agent-service:1.6.0 TIMEOUT=30s
	assert_status 0
	assert_output_contains "secret/agent-service-config serverside-applied"
	run k8s-rollout image deployment/agent-service agent-service -n agent-dev
	assert_equal "$output" registry.example.com/agent-service:1.6.0
}

@test "ci.sh: ruff, mypy and pytest run for a service with Python code, not for one without" {
	mkdir -p "$BATS_TEST_TMPDIR/py/src" "$BATS_TEST_TMPDIR/nopy/prompts"
	: >"$BATS_TEST_TMPDIR/py/src/agent.py"
	cd "$BATS_TEST_TMPDIR/py"
	run "$PIPELINE/ci.sh" --dry-run
	assert_output_contains "dry run, would run: \$ ruff check ."
	assert_output_contains "dry run, would run: \$ pytest -q"
	cd "$BATS_TEST_TMPDIR/nopy"
	run "$PIPELINE/ci.sh" --dry-run
	assert_output_contains "no Python code here"
	[[ $output != *ruff\ check* ]]
}
