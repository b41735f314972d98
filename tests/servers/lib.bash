# Start and stop local test servers on 127.0.0.1 (never another address).
# A server is any program that takes `--port-file FILE`, binds 127.0.0.1
# port 0, writes the port it got into FILE once listening, and serves until
# killed.  Usage in bats:
#   load ../servers/lib
#   port=$(server_start "$SERVERS/http_server.py" --script "$dir/script.json")
#   ...
#   server_stop            (in teardown; stops every server this test started)

# Start a server in the background; prints its port.
server_start() {
	local pf
	pf=$(mktemp "${BATS_TEST_TMPDIR:-/tmp}/port.XXXXXX")
	rm -f "$pf"
	"$@" --port-file "$pf" >"$pf.log" 2>&1 &
	echo $! >>"${BATS_TEST_TMPDIR:-/tmp}/servers.pids"
	local i=0
	while [ ! -s "$pf" ]; do
		i=$((i + 1))
		if [ "$i" -gt 100 ]; then
			echo "server did not start: $*" >&2
			cat "$pf.log" >&2
			return 1
		fi
		sleep 0.05
	done
	cat "$pf"
}

# Stop every server started by this test.
server_stop() {
	local f="${BATS_TEST_TMPDIR:-/tmp}/servers.pids"
	[ -f "$f" ] || return 0
	while read -r pid; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done <"$f"
	rm -f "$f"
}
