#!/bin/sh
# health-wait against the shell idiom it replaces: a loop of curl per
# endpoint (`until [ "$(curl -s -o /dev/null -w '%{http_code}' URL)" = 200 ];
# do sleep 1; done`), on BENCH_N local endpoints (default 1000) served by
# tests/servers/http_server.py on 127.0.0.1.  Two scenarios, each run on a
# fresh server: every endpoint healthy from the start, and every endpoint
# booting (503) for BENCH_BOOT seconds first.  Prints wall time, CPU time
# (user+sys, children included), peak resident memory of the largest
# process, and requests the server saw; then the ratios.
set -eu

here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${AGENTCI_BIN:-$here/bin}
n=${BENCH_N:-1000}
boot=${BENCH_BOOT:-3}
server=$here/tests/servers/http_server.py

for need in python3 curl; do
	if ! command -v "$need" >/dev/null 2>&1; then
		echo "health-wait bench: $need is not installed; nothing measured"
		exit 0
	fi
done
if [ ! -x "$bin/health-wait" ]; then
	echo "health-wait bench: $bin/health-wait not built; run make first" >&2
	exit 1
fi

work=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || :; fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# measure OUT CMD...: run CMD, write "wall_s user_s sys_s maxrss_kib" to OUT.
measure() {
	out=$1
	shift
	python3 -c '
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.call(sys.argv[2:])
wall = time.monotonic() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write("%.3f %.3f %.3f %d %d\n" % (wall, r.ru_utime, r.ru_stime, r.ru_maxrss, rc))
' "$out" "$@"
}

# start_server BOOT: a fresh server (counters and boot clock from zero).
start_server() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || :; wait "$pid" 2>/dev/null || :; fi
	printf '{"*": {"boot": %s, "steps": [{"json": {"status": "healthy"}}]}}\n' "$1" >"$work/script.json"
	rm -f "$work/port" "$work/requests.log"
	python3 "$server" --script "$work/script.json" --port-file "$work/port" \
		--log "$work/requests.log" >"$work/server.err" 2>&1 &
	pid=$!
	i=0
	while [ ! -s "$work/port" ]; do
		i=$((i + 1))
		if [ "$i" -gt 200 ]; then
			echo "health-wait bench: the test server did not start" >&2
			cat "$work/server.err" >&2
			exit 1
		fi
		sleep 0.05
	done
	port=$(cat "$work/port")
	i=1
	: >"$work/urls"
	while [ "$i" -le "$n" ]; do
		echo "http://127.0.0.1:$port/svc/$i" >>"$work/urls"
		i=$((i + 1))
	done
}

# The idiom, one endpoint after another as deploy scripts write it.
cat >"$work/curl-loop.sh" <<'LOOP'
while read -r url; do
	until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$url")" = 200 ]; do
		sleep 1
	done
done <"$1"
LOOP

requests() {
	if [ -f "$work/requests.log" ]; then wc -l <"$work/requests.log" | tr -d ' '; else echo 0; fi
}

row() { # scenario tool file requests
	awk -v s="$1" -v t="$2" -v q="$4" '{ printf "%-16s %-12s %8.2fs %8.2fs %9.1f MiB %9d%s\n", s, t, $1, $2 + $3, $4 / 1024, q, ($5 != 0 ? "  (exit " $5 ")" : "") }' "$3"
}

ratio() { # scenario curl-file hw-file
	awk -v s="$1" 'NR == FNR { cw = $1; cc = $2 + $3; next }
		{ hw = $1; hc = $2 + $3 }
		END { printf "%-16s ratio curl loop / health-wait: wall %.1fx, cpu %.1fx\n", s,
			cw / (hw > 0 ? hw : 0.001), cc / (hc > 0 ? hc : 0.001) }' "$2" "$3"
}

echo "health-wait bench: $n endpoints on 127.0.0.1 (python test server), probe interval 1s"
printf '%-16s %-12s %9s %9s %13s %9s\n' scenario tool wall cpu "peak RSS" requests
for scen in healthy booting; do
	b=0
	label="already healthy"
	if [ "$scen" = booting ]; then b=$boot; label="booting ${boot}s"; fi

	start_server "$b"
	measure "$work/curl.$scen" sh "$work/curl-loop.sh" "$work/urls"
	row "$label" "curl loop" "$work/curl.$scen" "$(requests)"

	start_server "$b"
	# shellcheck disable=SC2046 # one argument per URL, none has blanks
	measure "$work/hw.$scen" "$bin/health-wait" -q --interval 1s --no-jitter \
		--attempt-timeout 30s --timeout 10m $(cat "$work/urls")
	row "$label" "health-wait" "$work/hw.$scen" "$(requests)"
	ratio "$label" "$work/curl.$scen" "$work/hw.$scen"
done
awk '{ printf "health-wait peak memory: %.1f MiB in one process (goal: < 50 MiB)\n", $4 / 1024 }' "$work/hw.booting"
echo "peers not installable here (wait4x, dockerize: not in Debian or npm): not measured"
