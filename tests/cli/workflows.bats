#!/usr/bin/env bats
# scripts/github/: the example workflows and the setup-agentci action are
# valid YAML and call only the tools' real commands and options
# (tests/lint/workflow-check.py reads them off each tool's --help).

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

setup() {
	# A python3 with PyYAML: the one on PATH, else Debian's (python3-yaml).
	PY=
	for p in python3 /usr/bin/python3; do
		if "$p" -c 'import yaml' 2>/dev/null; then
			PY=$p
			break
		fi
	done
	[ -n "$PY" ] || { echo "no python3 with PyYAML: run scripts/install-deps (python3-yaml)" >&2; return 1; }
}

check() {
	"$PY" "$ROOT/tests/lint/workflow-check.py" --bin "$AGENTCI_BIN" --root "$ROOT" "$@"
}

@test "workflows: every file is valid YAML and uses only real tools, commands and options" {
	run check "$ROOT"/scripts/github/*.yml "$ROOT/scripts/github/setup-agentci/action.yml"
	assert_status 0
	# Every file was read and all six tools are exercised, so the check is
	# not vacuous.
	set -- "$ROOT"/scripts/github/*.yml
	assert_output_contains "$(($# + 1)) files, "
	assert_output_contains "(prompt-lint secret-seal cost-check img-tag health-wait k8s-rollout), 0 problems"
}

@test "workflows: the jobs the pipeline needs are there, with their triggers" {
	for f in ci build deploy rollback rotate-keys; do
		[ -f "$ROOT/scripts/github/$f.yml" ]
	done
	run "$PY" -c '
import sys, yaml
d = {f: yaml.safe_load(open(sys.argv[1] + "/" + f + ".yml")) for f in ("ci", "deploy", "rollback", "rotate-keys")}
on = lambda f: d[f][True]  # YAML 1.1 reads the key "on" as true
print(sorted(d["deploy"]["jobs"]))
print(sorted(on("rollback")["workflow_dispatch"]["inputs"]))
print(on("rotate-keys")["schedule"][0]["cron"])
print(d["deploy"]["jobs"]["production"]["environment"])' "$ROOT/scripts/github"
	assert_status 0
	assert_output_contains "['dev', 'production', 'staging']"
	assert_output_contains "['environment', 'image', 'reason']"
	assert_output_contains "17 3 * * 1"
	assert_output_contains "production"
}

@test "workflows: the checker reports each mistake with its file and line" {
	run check "$FIXTURES/workflows/bad.yml" "$FIXTURES/workflows/broken.yml"
	assert_status 1
	f=$FIXTURES/workflows/bad.yml
	assert_output_contains "$f:8: uses ./scripts/github/no-such-action, which has no action.yml"
	assert_output_contains "$f:9: prompt-lint has no option --max-token-per-request"
	assert_output_contains "$f:12: k8s-rollout has no command rollout-status"
	assert_output_contains "$f:13: secret-seal decrypt has no option --output-typ"
	assert_output_contains "$f:14: k8s-rollout apply has no option -Z"
	assert_output_contains "$f:15: k8s-rollout canary has no subcommand pause"
	assert_output_contains "$f:17: cost-check report has no option --fail-on-exceeded"
	assert_output_contains "$f:19: img-tag has no option --image"
	assert_output_contains "$FIXTURES/workflows/broken.yml: not valid YAML"
	assert_output_contains "9 problems"
}
