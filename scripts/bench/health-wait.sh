#!/bin/sh
# health-wait against what it replaces, on BENCH_N local endpoints (default
# 1000) served by tests/servers/http_server.py on 127.0.0.1:
#   curl loop   the deploy-script idiom, one endpoint after another:
#               until [ "$(curl -s -o /dev/null -w '%{http_code}' URL)" = 200 ];
#               do sleep 1; done
#   curl retry  curl's own retry flags, one endpoint after another
#   wait-on     the npm waiter (all resources at once), when npm can fetch it
# Two scenarios, each run on a fresh server: every endpoint healthy from the
# start, and every endpoint booting (503) for BENCH_BOOT seconds first.
# Prints wall time, CPU time (user+sys, children included), peak resident
# memory of the largest process and the requests the server saw, then each
# peer's ratio to health-wait.
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
# curl's retry flags: a 503 is an error with -f, retried every second.
cat >"$work/curl-retry.sh" <<'LOOP'
while read -r url; do
	curl -fsS -o /dev/null --max-time 30 --retry 600 --retry-delay 1 --retry-all-errors \
		"$url" 2>/dev/null || exit 1
done <"$1"
LOOP

# wait-on, fetched once into the build folder with npm (the only registry
# besides Debian's that the project uses).
waiton=
npmdir=$here/build/bench-npm
if [ -x "$npmdir/node_modules/.bin/wait-on" ]; then
	waiton=$npmdir/node_modules/.bin/wait-on
elif command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
	if npm install --silent --no-audit --no-fund --prefix "$npmdir" wait-on@9 >"$work/npm.log" 2>&1; then
		waiton=$npmdir/node_modules/.bin/wait-on
	fi
fi

requests() {
	if [ -f "$work/requests.log" ]; then wc -l <"$work/requests.log" | tr -d ' '; else echo 0; fi
}

row() { # scenario tool file requests
	awk -v s="$1" -v t="$2" -v q="$4" '{ printf "%-16s %-12s %8.2fs %8.2fs %9.1f MiB %9d%s\n", s, t, $1, $2 + $3, $4 / 1024, q, ($5 != 0 ? "  (exit " $5 ")" : "") }' "$3"
}

ratio() { # scenario peer-label peer-file hw-file
	awk -v s="$1" -v p="$2" 'NR == FNR { cw = $1; cc = $2 + $3; next }
		{ hw = $1; hc = $2 + $3 }
		END { printf "%-16s %-12s / health-wait: wall %.1fx, cpu %.1fx\n", s, p,
			cw / (hw > 0 ? hw : 0.001), cc / (hc > 0 ? hc : 0.001) }' "$3" "$4"
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
	measure "$work/retry.$scen" sh "$work/curl-retry.sh" "$work/urls"
	row "$label" "curl retry" "$work/retry.$scen" "$(requests)"

	if [ -n "$waiton" ]; then
		start_server "$b"
		# shellcheck disable=SC2046 # one argument per URL, none has blanks
		measure "$work/waiton.$scen" "$waiton" -i 1000 -t 600000 --httpTimeout 30000 \
			$(sed 's|^http://|http-get://|' "$work/urls")
		row "$label" "wait-on" "$work/waiton.$scen" "$(requests)"
	fi

	start_server "$b"
	# shellcheck disable=SC2046 # one argument per URL, none has blanks
	measure "$work/hw.$scen" "$bin/health-wait" -q --interval 1s --no-jitter \
		--attempt-timeout 30s --timeout 10m $(cat "$work/urls")
	row "$label" "health-wait" "$work/hw.$scen" "$(requests)"

	ratio "$label" "curl loop" "$work/curl.$scen" "$work/hw.$scen"
	ratio "$label" "curl retry" "$work/retry.$scen" "$work/hw.$scen"
	if [ -n "$waiton" ]; then ratio "$label" "wait-on" "$work/waiton.$scen" "$work/hw.$scen"; fi
done
awk '{ printf "health-wait peak memory: %.1f MiB in one process (goal: < 50 MiB)\n", $4 / 1024 }' "$work/hw.booting"
if [ -z "$waiton" ]; then echo "wait-on: npm could not fetch it here; not measured"; fi
echo "wait4x, dockerize (Go binaries in neither Debian nor npm): not measured"
