#!/usr/bin/env bats
# make deb: the Debian package, built once from the dist tarball, is lintian
# clean, declares its library dependencies and companions, and every tool
# runs from the tree `dpkg-deb -x` unpacks, finding its data under
# usr/share/agentci.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

setup_file() {
	VERSION=$(cat "$ROOT/VERSION")
	ARCH=$(dpkg --print-architecture)
	export VERSION ARCH DEB="$BATS_FILE_TMPDIR/out/agentci_$VERSION-1_$ARCH.deb" PKG="$BATS_FILE_TMPDIR/root"
	# The package is built from make dist's tarball, which needs a git
	# checkout and the rank files (see dist.bats).
	if ! git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		export DEB_SKIP="not a git checkout"
	elif [ ! -f "$AGENTCI_BIN/../share/agentci/tokenizers/o200k_base.tiktoken" ]; then
		export DEB_SKIP="the build has no rank files (npm was not available)"
	else
		make -s -C "$ROOT" deb DISTDIR="$BATS_FILE_TMPDIR/out" DEBWORK="$BATS_FILE_TMPDIR/work" \
			>"$BATS_FILE_TMPDIR/deb.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/deb.log" >&2; return 1; }
		dpkg-deb -x "$DEB" "$PKG"
	fi
}

setup() {
	[ -z "${DEB_SKIP:-}" ] || skip "$DEB_SKIP"
}

@test "deb: make deb writes agentci_VERSION-1_ARCH.deb and lintian reports nothing" {
	[ -f "$DEB" ]
	run cat "$BATS_FILE_TMPDIR/deb.log"
	assert_output_contains "agentci_$VERSION-1_$ARCH.deb ("
	# lintian ran (it is a test package) and printed no tag.
	! printf '%s\n' "$output" | grep -E '^[EWIP]: ' || false
	! printf '%s\n' "$output" | grep -q 'lintian not found' || false
}

@test "deb: library dependencies from shlibs, jq and git recommended" {
	run dpkg-deb -f "$DEB" Package Version Architecture Depends Recommends
	assert_status 0
	assert_output_contains "Version: $VERSION-1"
	for lib in libc6 libcurl4 libjansson4 libsodium23 libyaml-0-2 libpcre2-8-0 zlib1g; do
		assert_output_contains "$lib"
	done
	assert_output_contains "Recommends: git, jq"
}

@test "deb: tools in /usr/bin, man pages, completions and data under /usr/share" {
	run dpkg-deb -c "$DEB"
	for t in prompt-lint secret-seal cost-check img-tag health-wait k8s-rollout; do
		assert_output_contains "./usr/bin/$t"
		assert_output_contains "./usr/share/man/man1/$t.1.gz"
		assert_output_contains "./usr/share/bash-completion/completions/$t"
		assert_output_contains "./usr/share/zsh/vendor-completions/_$t"
	done
	assert_output_contains "./usr/share/man/man7/agentci.7.gz"
	assert_output_contains "./usr/share/agentci/prices.json"
	assert_output_contains "./usr/share/agentci/tokenizers/o200k_base.tiktoken"
}

@test "deb: away from the package tree, the tools look for their data in /usr/share/agentci" {
	# Copied elsewhere, nothing is beside them: they name the compiled-in
	# place, where dpkg puts the data.
	mkdir -p "$BATS_TEST_TMPDIR/lone"
	cp "$PKG/usr/bin/prompt-lint" "$PKG/usr/bin/cost-check" "$BATS_TEST_TMPDIR/lone/"
	run env -u PROMPT_LINT_TOKENIZER_DIR "$BATS_TEST_TMPDIR/lone/prompt-lint" tokens "$FIXTURES/prompt-lint/budget.yaml"
	if [ -f /usr/share/agentci/tokenizers/o200k_base.tiktoken ]; then
		assert_equal "$(printf '%s' "$output" | cut -f1)" 31  # this machine has the package
	else
		assert_output_contains "nor in /usr/share/agentci/tokenizers"
	fi
	run env -u COST_CHECK_PRICES XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache" \
		"$BATS_TEST_TMPDIR/lone/cost-check" prices show gpt-4o
	assert_output_contains "/usr/share/agentci/prices.json"
}

@test "deb: every tool of the unpacked package runs and says its version" {
	for t in prompt-lint secret-seal cost-check img-tag health-wait k8s-rollout; do
		run "$PKG/usr/bin/$t" --version
		assert_status 0
		assert_output_contains "$VERSION"
	done
}

@test "deb: real tasks from the unpacked package, with its data" {
	# Exact token count from the packaged rank files (the estimate says ~40).
	run "$PKG/usr/bin/prompt-lint" tokens "$FIXTURES/prompt-lint/budget.yaml"
	assert_status 0
	assert_equal "$(printf '%s' "$output" | cut -f1)" 31
	# Prices from the packaged table.
	run env -u COST_CHECK_PRICES XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache" \
		"$PKG/usr/bin/cost-check" prices show gpt-4o
	assert_status 0
	assert_output_contains "$PKG/usr/share/agentci/prices.json"
	# A SOPS file sealed and opened again.
	cd "$BATS_TEST_TMPDIR"
	"$PKG/usr/bin/secret-seal" keygen -o key.txt 2>/dev/null
	printf 'api_key: s3cret\n' >plain.yaml
	run "$PKG/usr/bin/secret-seal" encrypt --age "$("$PKG/usr/bin/secret-seal" pubkey key.txt)" plain.yaml
	assert_status 0
	printf '%s\n' "$output" >sealed.yaml
	run env SOPS_AGE_KEY_FILE=key.txt "$PKG/usr/bin/secret-seal" decrypt sealed.yaml
	assert_status 0
	assert_equal "$output" "api_key: s3cret"
	# Tags from a given context.
	run "$PKG/usr/bin/img-tag" --context git --ref refs/heads/main \
		--sha 0123456789abcdef0123456789abcdef01234567 --images ghcr.io/acme/svc --tags type=sha
	assert_status 0
	assert_equal "$output" "ghcr.io/acme/svc:sha-0123456"
}
