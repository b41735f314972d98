#!/usr/bin/env bats
# The build's own set-up: `make` needs only the build packages, `make check`
# the test ones, `make lint` the lint ones (scripts/configure GROUP); as
# root it says what it installs before apt-get runs.  -Werror only with
# WERROR=1; quiet "CC file" lines unless V=1.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

# A dpkg-query that knows only the packages listed in $FAKE/installed, and
# an apt-get that logs its arguments (after what configure said) and
# "installs" them.
setup() {
	FAKE=$BATS_TEST_TMPDIR/fake
	mkdir -p "$FAKE"
	: >"$FAKE/installed"
	cat >"$FAKE/dpkg-query" <<-EOF
		#!/bin/sh
		for a; do last=\$a; done
		grep -qx "\$last" "$FAKE/installed" && { printf 'install ok installed'; exit 0; }
		exit 1
	EOF
	cat >"$FAKE/apt-get" <<-EOF
		#!/bin/sh
		echo "apt-get \$*" >>"$FAKE/log"
		for a; do case \$a in -*|install) ;; *) echo "\$a" >>"$FAKE/installed" ;; esac; done
	EOF
	chmod +x "$FAKE/dpkg-query" "$FAKE/apt-get"
}

build_pkgs() {
	"$ROOT/scripts/install-deps" --list build | tr ' ' '\n'
}

@test "configure build: with only the build packages there, make has all it needs" {
	build_pkgs >"$FAKE/installed"
	run env PATH="$FAKE:$PATH" AGENTCI_NO_INSTALL=1 "$ROOT/scripts/configure" build
	assert_status 0
	assert_output_contains "PKG_LIBS := "
	run env PATH="$FAKE:$PATH" "$ROOT/scripts/install-deps" --missing build
	assert_equal "$output" ""
}

@test "configure test and lint: their packages are asked for only by their own group" {
	build_pkgs >"$FAKE/installed"
	run env PATH="$FAKE:$PATH" AGENTCI_NO_INSTALL=1 "$ROOT/scripts/configure" test
	assert_status 1
	assert_output_contains "configure: missing test packages; run: apt-get install -y check bats"
	assert_output_contains "gnupg"
	assert_output_contains "python3-botocore"
	assert_output_contains "lintian"
	[ "${output#*cppcheck}" = "$output" ]
	run env PATH="$FAKE:$PATH" AGENTCI_NO_INSTALL=1 "$ROOT/scripts/configure" lint
	assert_status 1
	assert_output_contains "configure: missing lint packages; run: apt-get install -y cppcheck shellcheck mandoc"
	[ "${output#*bats}" = "$output" ]
}

@test "configure as root: says what it installs, then installs only that" {
	[ "$(id -u)" -eq 0 ] || skip "installing needs root"
	build_pkgs | grep -vx libyaml-dev >"$FAKE/installed"
	run env -u AGENTCI_NO_INSTALL PATH="$FAKE:$PATH" "$ROOT/scripts/configure" build
	assert_status 0
	assert_output_contains "configure: installing the build packages: libyaml-dev"
	assert_equal "$(cat "$FAKE/log")" "apt-get install -y --no-install-recommends libyaml-dev"
	# What it said came before apt-get ran.
	said=$(printf '%s\n' "$output" | grep -n 'installing the build packages' | cut -d: -f1)
	[ "$said" -eq 1 ]
}

@test "install-deps: an unknown group is a usage error" {
	run "$ROOT/scripts/install-deps" --missing tests
	assert_status 2
	assert_output_contains "usage: install-deps [--missing|--list] [build|test|lint]..."
}

@test "make: quiet CC lines; V=1 shows the command, -Werror only with WERROR=1" {
	O=$BATS_TEST_TMPDIR/o
	# A make of its own: a make given WERROR=1 (or V=1) on its command line
	# passes it on to the tests both in MAKEFLAGS and in the environment.
	make() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u WERROR -u V make "$@"; }
	run make -C "$ROOT" O="$O" "$O/common/fs.o"
	assert_status 0
	assert_output_contains "  CC    common/fs.c"
	[ "${output#*-std=c11}" = "$output" ]
	rm -f "$O/common/fs.o"
	run make -C "$ROOT" O="$O" V=1 "$O/common/fs.o"
	assert_status 0
	assert_output_contains "-std=c11"
	[ "${output#*-Werror}" = "$output" ]
	rm -f "$O/common/fs.o"
	run make -C "$ROOT" O="$O" V=1 WERROR=1 "$O/common/fs.o"
	assert_status 0
	assert_output_contains "-Werror"
}
