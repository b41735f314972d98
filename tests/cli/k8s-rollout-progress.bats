#!/usr/bin/env bats
# k8s-rollout for a person watching: verdicts in colour on a terminal
# (never in a pipe, JSON, NO_COLOR or TERM=dumb), and a status line every
# 10s while a rollout, a canary's pause, an analysis or a scale-down delay
# waits, redrawn in place on a terminal, none with -q.  Against tests/servers/fake_k8s.py.

load helpers
load ../servers/lib
load ../servers/fake_k8s

setup_file() {
	fake_setup_file
}

teardown() {
	server_stop || true
}

# k8s-rollout on a terminal (script(1)), its output in $output.
on_tty() {
	run env TERM="${TERM_IS:-xterm}" script -qec "k8s-rollout $*" /dev/null
}

no_escape() {
	case "$1" in *$'\033'*) echo "colour where there should be none: $1" >&2; return 1 ;; esac
}

@test "colour: verdicts with --color=always or on a terminal; never in a pipe, JSON, NO_COLOR or TERM=dumb" {
	command -v script >/dev/null || skip "script(1) is not installed"
	fake_start healthy
	local esc=$'\033'
	run k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:2.0.0 --color=always
	assert_status 0
	assert_equal "$output" "deployment.apps/agent-service ${esc}[1;32mimage updated${esc}[0m"
	run k8s-rollout status agent-service --timeout 60s --color=always
	assert_status 0
	assert_output_contains "deployment \"agent-service\" ${esc}[1;32msuccessfully rolled out${esc}[0m"
	on_tty status agent-service --timeout 60s
	assert_output_contains "${esc}[1;32msuccessfully rolled out${esc}[0m"
	# a failed verdict in red, on stderr
	run k8s-rollout status agent-service --revision 1 --color=always
	assert_status 1
	assert_output_contains "k8s-rollout: desired revision (1) ${esc}[1;31mis different from${esc}[0m the running"
	run k8s-rollout canary set-weight agent-service 20 --color=always
	assert_output_contains "virtualservice/agent-service ${esc}[1;32mweights set${esc}[0m: stable 80, canary 20"
	run k8s-rollout canary abort agent-service --color=always
	assert_output_contains "virtualservice/agent-service ${esc}[1;35maborted${esc}[0m: stable 100, canary 0"
	run k8s-rollout restart agent-service --color=always
	assert_output_contains "deployment.apps/agent-service ${esc}[1;32mrestarted${esc}[0m"
	# plain: a pipe, JSON (even with always), NO_COLOR, TERM=dumb, never
	run k8s-rollout status agent-service --timeout 60s
	assert_status 0
	no_escape "$output"
	run k8s-rollout status agent-service --timeout 60s --format json --color=always
	no_escape "$output"
	run k8s-rollout undo agent-service --format json --color=always
	assert_status 0
	no_escape "$output"
	on_tty status agent-service --timeout 60s --color=never
	assert_output_contains "successfully rolled out"
	no_escape "$output"
	for e in NO_COLOR=1 TERM_IS=dumb; do
		export "${e?}"
		on_tty status agent-service --revision 1
		assert_output_contains "is different from"
		no_escape "$output"
		unset "${e%%=*}"
	done
	run k8s-rollout status agent-service --color=rainbow
	assert_status 2
	assert_output_contains "--color 'rainbow': write auto, always or never"
}

@test "progress: a status line every 10s while a rollout, a pause, an analysis or a delay waits; in place on a terminal; none with -q" {
	command -v script >/dev/null || skip "script(1) is not installed"
	fake_start stalled
	local d=$BATS_TEST_TMPDIR esc=$'\033'
	k8s-rollout set-image agent-service agent-service=registry.example.com/agent-service:9.9.9 >/dev/null
	# the waits share the same 12 seconds
	k8s-rollout status agent-service --timeout 12s -q >"$d/quiet.out" 2>"$d/quiet.err" &
	local q=$!
	TERM=xterm script -qec "k8s-rollout status agent-service --timeout 12s" /dev/null >"$d/tty.out" &
	local tty=$!
	k8s-rollout canary run agent-service --steps 10:11s,100 >"$d/canary.out" 2>"$d/canary.err" &
	local c=$!
	printf 'interval: 11s\nhttp: {url: "%s/healthz"}\n' "$FAKE_APP" >"$d/an.yaml"
	k8s-rollout switch shop --to green --analysis "$d/an.yaml" --window 22s -n default >"$d/gate.out" 2>"$d/gate.err" &
	local g=$!
	k8s-rollout switch httproute/shop --to shop-green --scale-down-delay 11s -n default >"$d/delay.out" 2>"$d/delay.err" &
	local s=$!
	run k8s-rollout status agent-service --timeout 12s
	assert_status 5
	wait "$q" || true
	wait "$tty" || true
	wait "$c"
	wait "$g"
	wait "$s"
	# in a pipe: kubectl's change line, one status line at 10s, the verdict
	[ "$(printf '%s\n' "$output" | grep -c '^1 of 3 updated; agent-service: 2 not updated (no change for 1[01]s); [12]s left$')" -eq 1 ]
	assert_output_contains 'Waiting for deployment "agent-service" rollout to finish: 1 out of 3 new replicas'
	assert_output_contains "k8s-rollout: timed out waiting for the condition"
	no_escape "$output"
	# on a terminal: drawn in place, taken away before the verdict
	grep -q "${esc}\[K1 of 3 updated; agent-service: 2 not updated" "$d/tty.out"
	grep -q "${esc}\[Kk8s-rollout: .*timed out.* waiting for the condition" "$d/tty.out"
	# -q: only the verdict
	[ "$(grep -c -e "updated" -e "Waiting for" "$d/quiet.err")" -eq 0 ]
	grep -q "timed out waiting for the condition" "$d/quiet.err"
	# a canary's pause
	grep -q '^1 of 3 steps done; virtualservice/agent-service: stable 90, canary 10 (pause 11.0s); [12]s left$' "$d/canary.err"
	grep -q "plan completed: stable 0, canary 100" "$d/canary.out"
	# an analysis window, a scale-down delay
	grep -q '^analysis: 1 of 2 measurements, 0 failed (0 allowed); [12]s left$' "$d/gate.err"
	grep -q "analysis 2/2: HTTP 200" "$d/gate.err"
	grep -q '^httproute/shop: scaling down the deployments of Service shop-blue in [12]s$' "$d/delay.err"
	grep -q "deployment.apps/shop-blue scaled to 0" "$d/delay.out"
}
