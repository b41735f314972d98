#!/usr/bin/env bats
# make dist: the release tarball is reproducible, carries the tokenizer rank
# files, and its extracted tree builds with no npm and no network, giving
# exact token counts; make clean there leaves only what was extracted.
# The tarball is made once and its build reused by the tests.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

setup_file() {
	export DIST_OUT="$BATS_FILE_TMPDIR/out"
	export RANKS="$AGENTCI_BIN/../share/agentci/tokenizers"
	VERSION=$(cat "$ROOT/VERSION")
	export VERSION TARBALL="$DIST_OUT/agentci-$VERSION.tar.gz"
	# make dist lists the files git tracks; an extracted tarball has no git.
	if ! git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		export DIST_SKIP="not a git checkout"
	elif [ ! -f "$RANKS/o200k_base.tiktoken" ]; then
		export DIST_SKIP="the build has no rank files (npm was not available)"
	else
		make -s -C "$ROOT" dist DISTDIR="$DIST_OUT" >"$BATS_FILE_TMPDIR/dist.log" 2>&1 ||
			{ cat "$BATS_FILE_TMPDIR/dist.log" >&2; return 1; }
	fi
}

setup() {
	[ -z "${DIST_SKIP:-}" ] || skip "$DIST_SKIP"
}

# The tarball extracted and built once, with npm replaced by a stub that
# records any call: the first test that needs it builds it.
built_tree() {
	TREE=$BATS_FILE_TMPDIR/tree/agentci-$VERSION
	[ -f "$BATS_FILE_TMPDIR/tree/built" ] && return 0
	mkdir -p "$BATS_FILE_TMPDIR/tree" "$BATS_FILE_TMPDIR/nonpm"
	tar -xzf "$TARBALL" -C "$BATS_FILE_TMPDIR/tree"
	tar -tzf "$TARBALL" >"$BATS_FILE_TMPDIR/tree/listing"
	printf '#!/bin/sh\necho "npm $*" >>"%s/npm-called"\nexit 1\n' "$BATS_FILE_TMPDIR" \
		>"$BATS_FILE_TMPDIR/nonpm/npm"
	chmod +x "$BATS_FILE_TMPDIR/nonpm/npm"
	(cd "$TREE" && PATH="$BATS_FILE_TMPDIR/nonpm:$PATH" AGENTCI_NO_INSTALL=1 make -j2) \
		>"$BATS_FILE_TMPDIR/build.log" 2>&1 || { cat "$BATS_FILE_TMPDIR/build.log" >&2; return 1; }
	touch "$BATS_FILE_TMPDIR/tree/built"
}

@test "dist: one agentci-VERSION.tar.gz with the rank files and their licence under one folder" {
	[ -f "$TARBALL" ]
	run tar -tzf "$TARBALL"
	assert_status 0
	for f in o200k_base.tiktoken cl100k_base.tiktoken p50k_base.tiktoken r50k_base.tiktoken LICENSE.gpt-tokenizer; do
		assert_output_contains "agentci-$VERSION/cmd/prompt-lint/ranks/$f"
	done
	assert_output_contains "agentci-$VERSION/Makefile"
	assert_output_contains "agentci-$VERSION/debian/control"
	# Nothing outside the one folder, no build output.
	[ -z "$(printf '%s\n' "$output" | grep -v "^agentci-$VERSION/")" ]
	[ -z "$(printf '%s\n' "$output" | grep -E "/(bin|build|share)/|libagentci\.a|\.o$")" ]
}

@test "dist: entries sorted, owned by 0:0, one mtime, modes 0644/0755" {
	run tar -tvzf "$TARBALL"
	assert_status 0
	[ -z "$(printf '%s\n' "$output" | awk '$2 != "0/0"')" ]
	assert_equal "$(printf '%s\n' "$output" | awk '{print $4, $5}' | sort -u | wc -l | tr -d ' ')" 1
	[ -z "$(printf '%s\n' "$output" | awk '$1 !~ /^(-rw-r--r--|-rwxr-xr-x|drwxr-xr-x)$/')" ]
	# Each folder's entries in byte order (tar --sort=name), whatever the
	# order of the disk they were read from.
	run sh -c "tar -tzf '$TARBALL' | python3 -c '
import os, sys
kids = {}
for n in sys.stdin.read().split():
    n = n.rstrip(\"/\")
    kids.setdefault(os.path.dirname(n), []).append(os.path.basename(n).encode())
bad = [d for d, k in kids.items() if k != sorted(k)]
print(\"unsorted:\", bad[:3]) if bad else print(\"sorted\", len(kids))'"
	assert_status 0
	assert_output_contains "sorted "
	[ "${output#unsorted}" = "$output" ]
}

@test "dist: the same tree gives the same bytes" {
	mkdir -p "$BATS_TEST_TMPDIR/again"
	run "$ROOT/scripts/dist" "$RANKS" "$BATS_TEST_TMPDIR/again"
	assert_status 0
	cmp "$TARBALL" "$BATS_TEST_TMPDIR/again/agentci-$VERSION.tar.gz"
}

@test "dist: without the rank files it refuses, naming what is missing" {
	mkdir -p "$BATS_TEST_TMPDIR/noranks"
	run "$ROOT/scripts/dist" "$BATS_TEST_TMPDIR/noranks" "$BATS_TEST_TMPDIR/out"
	assert_status 1
	assert_output_contains "noranks/o200k_base.tiktoken missing"
	[ ! -e "$BATS_TEST_TMPDIR/out/agentci-$VERSION.tar.gz" ]
}

@test "dist: the extracted tree builds without npm and counts tokens exactly" {
	built_tree
	[ ! -e "$BATS_FILE_TMPDIR/npm-called" ]
	run "$TREE/bin/prompt-lint" tokens "$TREE/tests/fixtures/prompt-lint/budget.yaml"
	assert_status 0
	# 31: tiktoken's o200k_base count of this file (the estimate says ~40).
	assert_equal "$(printf '%s' "$output" | cut -f1)" 31
	run "$TREE/bin/prompt-lint" tokens --encoding cl100k_base "$TREE/tests/fixtures/prompt-lint/budget.yaml"
	assert_status 0
	case $output in "~"*) false ;; esac
	run "$TREE/bin/prompt-lint" --version
	assert_output_contains "$VERSION"
}

@test "dist: make clean in the extracted tree leaves exactly what was extracted" {
	built_tree
	[ -x "$TREE/bin/prompt-lint" ]
	(cd "$TREE" && make clean) >/dev/null
	actual=$(cd "$BATS_FILE_TMPDIR/tree" && find "agentci-$VERSION" -mindepth 1 | LC_ALL=C sort)
	expected=$(sed 's|/$||' "$BATS_FILE_TMPDIR/tree/listing" | grep -vx "agentci-$VERSION" | LC_ALL=C sort)
	assert_equal "$actual" "$expected"
	rm -f "$BATS_FILE_TMPDIR/tree/built"
}
