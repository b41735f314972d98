#!/usr/bin/env bats
# The suite's conventions (agentci(7)), checked across every built tool:
# --version and --help, usage errors, and a man page that documents every
# option the tool's help lists.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	version=$(cat "$BATS_TEST_DIRNAME/../../VERSION")
	mandir="$BATS_TEST_DIRNAME/../../man"
	built_tools
}

# Long options a help text lists, one per line, without "--" or "=ARG".
long_options() {
	grep -oE '(^|[ ,])--[a-z][a-z0-9-]*' | sed -E 's/^[ ,]?--//' | sort -u
}

# Commands a help text lists under its "Commands:" heading.
commands() {
	sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p'
}

@test "every tool prints NAME (agentci) VERSION for --version" {
	for t in "${tools[@]}"; do
		run "$t" --version
		assert_status 0
		assert_equal "$output" "$t (agentci) $version"
	done
}

@test "every tool's --help goes to stdout, exits 0 and names its man page" {
	for t in "${tools[@]}"; do
		run --separate-stderr "$t" --help
		assert_status 0
		assert_output_contains "Usage: $t"
		assert_output_contains "$t(1)"
		[ -z "$stderr" ]
	done
}

@test "an unknown option is a usage error (2), the tool's name said once" {
	for t in "${tools[@]}"; do
		run --separate-stderr "$t" --no-such-option
		assert_status 2
		[ -z "$output" ]
		case "$stderr" in
		"$t: "*) ;;
		*) echo "$t: stderr does not start with '$t: ': $stderr" >&2; return 1 ;;
		esac
		case "$stderr" in
		*"$t: $t"* | *"error: error"*) echo "$t: prefix repeated: $stderr" >&2; return 1 ;;
		esac
	done
}

@test "every tool has a man page that passes mandoc -Tlint" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	for t in "${tools[@]}"; do
		[ -f "$mandir/man1/$t.1" ] || { echo "no man/man1/$t.1" >&2; return 1; }
		mandoc -Tlint -Wwarning "$mandir/man1/$t.1"
	done
}

@test "the man pages speak of the product, not of a seed pipeline it grew from" {
	run grep -in 'seed' "$mandir"/man1/*.1 "$mandir"/man7/*.7
	assert_status 1
}

@test "every option in a tool's --help (and its commands' --help) is in its man page" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	missing=
	for t in "${tools[@]}"; do
		page=$(mandoc -Tascii "$mandir/man1/$t.1" | col -b)
		helps=$("$t" --help)
		for c in $(printf '%s\n' "$helps" | commands); do
			helps="$helps
$("$t" "$c" --help 2>/dev/null)"
		done
		for o in $(printf '%s\n' "$helps" | long_options); do
			case "$page" in
			*"--$o"*) ;;
			*) missing="$missing $t:--$o" ;;
			esac
		done
	done
	[ -z "$missing" ] || { echo "not in the man page:$missing" >&2; return 1; }
}

# The pages' SEE ALSO sections, rendered, as "name(section)" words.
see_also() {
	mandoc -Tascii "$1" | col -b | sed -n '/^SEE ALSO/,/^[A-Z]/p' | grep -oE '[a-z][a-z0-9-]*\([0-9]\)'
}

@test "every man1 page's SEE ALSO names agentci(7) and the other five tools; agentci(7) names all six" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	missing=
	for t in "${tools[@]}"; do
		refs=$(see_also "$mandir/man1/$t.1")
		for want in agentci "${tools[@]}"; do
			[ "$want" = "$t" ] && continue
			[ "$want" = agentci ] && w="agentci(7)" || w="$want(1)"
			printf '%s\n' "$refs" | grep -qxF "$w" || missing="$missing $t.1:$w"
		done
	done
	refs=$(see_also "$mandir/man7/agentci.7")
	for t in "${tools[@]}"; do
		printf '%s\n' "$refs" | grep -qxF "$t(1)" || missing="$missing agentci.7:$t(1)"
	done
	[ -z "$missing" ] || { echo "missing from SEE ALSO:$missing" >&2; return 1; }
}
