# Shared by every tests/cli/*.bats file: load with `load helpers`.
# The built tools are on PATH (tests/run puts $AGENTCI_BIN first).
# shellcheck disable=SC2154 # status and output are set by bats' run

# The shared conformance data, or skip — fail instead when CI requires it.
# Usage: require_shared vectors/age || return   (then `skip` happened; $SHARED is set)
require_shared() {
	local sub=$1
	if [ -n "${AGENTCI_SHARED:-}" ] && [ -e "$AGENTCI_SHARED/$sub" ]; then
		# shellcheck disable=SC2034 # for the .bats file that asked
		SHARED="$AGENTCI_SHARED"
		return 0
	fi
	if [ -n "${AGENTCI_REQUIRE_SHARED:-}" ]; then
		echo "shared data missing: ${AGENTCI_SHARED:-../shared}/$sub" >&2
		return 1
	fi
	skip "shared data not found: ${AGENTCI_SHARED:-../shared}/$sub"
}

# Fixtures of the project, for the .bats files.
# shellcheck disable=SC2034
FIXTURES="$BATS_TEST_DIRNAME/../fixtures"
# shellcheck disable=SC2034
SERVERS="$BATS_TEST_DIRNAME/../servers"

# Assertions with readable failures.
assert_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected exit $1, got $status; output:" >&2
		printf '%s\n' "$output" >&2
		return 1
	fi
}
assert_output_contains() {
	case "$output" in
	*"$1"*) return 0 ;;
	esac
	echo "output does not contain: $1" >&2
	printf '%s\n' "$output" >&2
	return 1
}
assert_equal() {
	if [ "$1" != "$2" ]; then
		printf 'expected: %s\nactual:   %s\n' "$2" "$1" >&2
		return 1
	fi
}

# The tools built in $AGENTCI_BIN, by name, into the array "tools".
built_tools() {
	tools=()
	local t
	for t in "$AGENTCI_BIN"/*; do
		[ -x "$t" ] && tools+=("$(basename "$t")")
	done
	[ "${#tools[@]}" -gt 0 ]
}
