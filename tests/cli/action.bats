#!/usr/bin/env bats
# The root action.yml, run the way a GitHub runner runs a composite action
# (tests/cli/action-runner.py): from a service repository's workspace, with
# the action downloaded into its own folder (no .git, no build), the
# runner's tool cache and temp folders, GITHUB_PATH/ENV/OUTPUT files.  The
# cache step (actions/cache) cannot run here and is reported as skipped.
# The first run builds (cold); the runs after it find the install.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

setup_file() {
	export AP="$BATS_FILE_TMPDIR/_actions/OWNER/agentci/v0"
	export RUNNER_TOOL_CACHE="$BATS_FILE_TMPDIR/hostedtoolcache" RUNNER_OS=Linux RUNNER_ARCH=X64
	mkdir -p "$AP" "$RUNNER_TOOL_CACHE"
	# The action as a runner downloads it: the repository's files, no .git.
	if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$ROOT" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$AP"
	else
		(cd "$ROOT" && tar --exclude=./bin --exclude=./build --exclude=./build-asan \
			--exclude=./build-fuzz --exclude=./share --exclude=./common/libagentci.a -cf - .) |
			tar -xf - -C "$AP"
	fi
	# Stand-ins for dpkg-query, apt-get and sudo: libyaml-dev reads as missing
	# until apt-get has "installed" it; apt-get records what it was asked.
	export FAKES="$BATS_FILE_TMPDIR/fakes"
	mkdir -p "$FAKES"
	cat >"$FAKES/dpkg-query" <<-EOF
		#!/bin/sh
		for a; do last=\$a; done
		if [ "\$last" = libyaml-dev ] && [ ! -e "$FAKES/installed" ]; then
			echo "dpkg-query: no packages found matching libyaml-dev" >&2
			exit 1
		fi
		exec /usr/bin/dpkg-query "\$@"
	EOF
	cat >"$FAKES/apt-get" <<-EOF
		#!/bin/sh
		echo "apt-get \$*" >>"$FAKES/apt-log"
		touch "$FAKES/installed"
	EOF
	# The runner's passwordless sudo, as a non-root user sees it.
	printf '#!/bin/sh\n[ "$1" = -n ] && shift\nexec "$@"\n' >"$FAKES/sudo"
	chmod +x "$FAKES/dpkg-query" "$FAKES/apt-get" "$FAKES/sudo"
	# PATH as a runner has it: the tools built for this test run are not on it.
	export RUNNER_PATH="$FAKES:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}

# run_action NAME [runner options]: one job in a fresh workspace and temp.
run_action() {
	local job=$1
	shift
	WS=$BATS_FILE_TMPDIR/$job/service-repo
	mkdir -p "$WS/prompts" "$BATS_FILE_TMPDIR/$job/temp"
	printf 'name: triage\ntemplate: "Sort this ticket: {ticket}"\ninput_variables: [ticket]\n' >"$WS/prompts/triage.yaml"
	run env -i HOME="$HOME" PATH="$RUNNER_PATH" LANG=C.UTF-8 \
		RUNNER_OS="$RUNNER_OS" RUNNER_ARCH="$RUNNER_ARCH" RUNNER_TOOL_CACHE="$RUNNER_TOOL_CACHE" \
		RUNNER_TEMP="$BATS_FILE_TMPDIR/$job/temp" GITHUB_WORKSPACE="$WS" GITHUB_ACTIONS=true \
		python3 "$BATS_TEST_DIRNAME/action-runner.py" "$@" "$AP/action.yml"
	printf '%s\n' "$output" >"$BATS_FILE_TMPDIR/$job.log"
}

@test "action: the first run installs only the missing build package, builds, and puts the tools on PATH" {
	run_action cold \
		--then 'command -v prompt-lint; prompt-lint --version; secret-seal --version' \
		--then 'prompt-lint prompts && echo "prompts: ok"'
	assert_status 0
	assert_output_contains "step Locate: run"
	assert_output_contains "step Restore the build: skipped (uses: actions/cache@v4)"
	assert_output_contains "installing the missing build packages: libyaml-dev"
	assert_output_contains "step Build and install: run"
	assert_output_contains "agentci: built and installed in"
	assert_output_contains "step Check: run"
	# apt-get was asked for that one package, nothing else.
	assert_equal "$(cat "$FAKES/apt-log")" "apt-get install -y --no-install-recommends libyaml-dev"
	# Outputs, and the later steps of the service repository.
	version=$(cat "$ROOT/VERSION")
	assert_output_contains "output version=$version"
	bindir=$(printf '%s\n' "$output" | sed -n 's/^output bin-dir=//p')
	case $bindir in "$RUNNER_TOOL_CACHE/agentci/$version-"*/x64/bin) ;; *) false ;; esac
	assert_output_contains "$bindir/prompt-lint"
	assert_output_contains "prompt-lint (agentci) $version"
	assert_output_contains "secret-seal (agentci) $version"
	assert_output_contains "prompts: ok"
	# The action's folder is left as it was downloaded.
	[ ! -e "$AP/bin" ] && [ ! -e "$AP/build" ]
	[ ! -e "$BATS_FILE_TMPDIR/cold/temp/agentci-src" ]
}

@test "action: a later run with the install present (restored or kept) builds nothing" {
	[ -f "$BATS_FILE_TMPDIR/cold.log" ] || skip "needs the first run"
	rm -f "$FAKES/apt-log" "$FAKES/installed"
	run_action warm --then 'prompt-lint --version; secret-seal --version'
	assert_status 0
	assert_output_contains "is already installed; nothing to build"
	assert_output_contains "secret-seal (agentci) $(cat "$ROOT/VERSION")"
	# No package installed, nothing compiled.
	[ ! -e "$FAKES/apt-log" ]
	[ ! -e "$BATS_FILE_TMPDIR/warm/temp/agentci-src" ]
	! grep -q '  CC ' "$BATS_FILE_TMPDIR/warm.log" || false
}

@test "action: on a cache hit the build step does not run at all" {
	[ -f "$BATS_FILE_TMPDIR/cold.log" ] || skip "needs the first run"
	run_action hit --step-output cache.cache-hit=true --then 'img-tag --version'
	assert_status 0
	assert_output_contains "step Restore the build: skipped (uses: actions/cache@v4; cache-hit=true)"
	assert_output_contains "step Build and install: not run (if: steps.cache.outputs.cache-hit != 'true')"
	assert_output_contains "img-tag (agentci) $(cat "$ROOT/VERSION")"
}

@test "action: the cache key names the runner OS, architecture and agentci's source" {
	# The key is the locate step's output.
	k() {
		local out=$BATS_TEST_TMPDIR/out
		: >"$out"
		env -i PATH="$RUNNER_PATH" GITHUB_ACTION_PATH="$AP" GITHUB_OUTPUT="$out" \
			GITHUB_PATH="$BATS_TEST_TMPDIR/path" RUNNER_OS=$1 RUNNER_ARCH=$2 \
			RUNNER_TOOL_CACHE="$RUNNER_TOOL_CACHE" "$AP/scripts/github/action/locate.sh" >/dev/null
		sed -n 's/^key=//p' "$out"
	}
	a=$(k Linux X64)
	case $a in agentci-Linux-X64-[0-9a-f]*) ;; *) false ;; esac
	[ "$(k Linux ARM64)" != "$a" ]
	[ "$(k macOS X64)" != "$a" ]
	# Another agentci source, another key; the same source, the same key.
	echo "/* changed */" >>"$AP/common/cli.c"
	b=$(k Linux X64)
	sed -i '$d' "$AP/common/cli.c"
	[ "$b" != "$a" ]
	[ "$(k Linux X64)" = "$a" ]
}
