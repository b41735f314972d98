#!/usr/bin/env bats
# health-wait end to end: every option and exit status, against the
# scriptable server in tests/servers/http_server.py on 127.0.0.1.
# Success cases get long deadlines (a loaded machine only makes them
# slower).  Cases that must time out get $SHORT, long enough that a loaded
# machine still sees a few answers before it (a first attempt that the
# deadline cuts short leaves no reason to assert on), or 1s when only the
# exit status is asserted.

bats_require_minimum_version 1.5.0
load helpers
load ../servers/lib

# A test CA, a server certificate for 127.0.0.1 and a client certificate,
# made once for the file.
setup_file() {
	local d=$BATS_FILE_TMPDIR/pki
	mkdir -p "$d"
	(
		cd "$d" || exit 1
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
			-subj "/CN=health-wait test CA" -keyout ca.key -out ca.crt
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
			-keyout server.key -out server.csr
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >server.ext
		openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
			-extfile server.ext -out server.crt
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=ci" \
			-keyout client.key -out client.csr
		openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
			-out client.crt
	) >"$d/openssl.log" 2>&1
}

setup() {
	SHORT=3s
	D=$BATS_TEST_TMPDIR
	PKI=$BATS_FILE_TMPDIR/pki
	unset GITHUB_ACTIONS GITHUB_OUTPUT GITHUB_STEP_SUMMARY
	# A proxy from the caller's environment must not see 127.0.0.1.
	export no_proxy='*' NO_PROXY='*'
}

teardown() {
	server_stop
}

# serve SCRIPT-JSON [server options]: sets PORT and BASE.
serve() {
	local script=$1
	shift
	printf '%s\n' "$script" >"$D/script.json"
	PORT=$(server_start python3 "$SERVERS/http_server.py" --script "$D/script.json" \
		--log "$D/requests.log" "$@") || return 1
	BASE=http://127.0.0.1:$PORT
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

hw() {
	run --separate-stderr health-wait "$@"
}

# Milliseconds on a clock, for the deadline tests.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

assert_stderr_contains() {
	case "$stderr" in
	*"$1"*) return 0 ;;
	esac
	echo "stderr does not contain: $1" >&2
	printf '%s\n' "$stderr" >&2
	return 1
}

# Milliseconds between the arrivals of consecutive requests, as a JSON array.
request_gaps_ms() {
	jq -s '[.[].t] | [range(1; length) as $i | (.[$i] - .[$i - 1]) * 1000 | floor]' "$D/requests.log"
}

requests_at_least() {
	[ "$(requests)" -ge "$1" ]
}

# wait_until COMMAND...: run it every 50ms until it succeeds, for up to
# 30s; a test that must act on what the tool has done polls rather than
# sleeps a guess (a loaded machine makes every guess short).
wait_until() {
	local i=0
	until "$@"; do
		i=$((i + 1))
		[ "$i" -le 600 ] || { echo "still not true after 30s: $*" >&2; return 1; }
		sleep 0.05
	done
}

requests() {
	if [ -f "$D/requests.log" ]; then wc -l <"$D/requests.log" | tr -d ' '; else echo 0; fi
}

# ---- interface -------------------------------------------------------

@test "--help names every option of the interface" {
	hw --help
	assert_status 0
	for o in --timeout --interval --attempt-timeout --backoff --max-interval --no-jitter \
		--initial-delay --success-threshold --failure-threshold --expect-status --expect-json \
		--expect-jq --expect-body --expect-header --method --header --data --insecure --cacert \
		--cert --key --max-body --no-follow --location-trusted --user-agent --all --any --format \
		--quiet --color --no-github --version; do
		assert_output_contains "$o"
	done
	assert_output_contains "-X"
	assert_output_contains "-H"
	assert_output_contains "-q"
}

@test "--version" {
	hw --version
	assert_status 0
	assert_output_contains "health-wait (agentci) "
}

@test "usage errors exit 2 with one clear message" {
	local cases=(
		"|no TARGET given"
		"example.com/health|not a target"
		"ftp://x/|not a target"
		"tcp://db|tcp://HOST:PORT"
		"--timeout 10x http://h/|--timeout '10x': not a duration"
		"--interval -1s http://h/|--interval"
		"--attempt-timeout 0 http://h/|--attempt-timeout"
		"--backoff linear http://h/|write constant or exponential"
		"--interval 5s --max-interval 1s http://h/|--max-interval is shorter than --interval"
		"--initial-delay 10s --timeout 5s http://h/|--initial-delay leaves no time"
		"--success-threshold 0 http://h/|--success-threshold '0'"
		"--failure-threshold x http://h/|--failure-threshold 'x'"
		"--expect-status 2x http://h/|not a status list"
		"--expect-json status==ok http://h/|is not a path"
		"--expect-json .a>1 http://h/|expected == or !="
		"--expect-body ( http://h/|POSIX extended"
		"--expect-header NoColon http://h/|'Name: REGEX'"
		"-H NoColon http://h/|'Name: value'"
		"-X G/T http://h/|not a method"
		"--max-body 0 http://h/|--max-body '0'"
		"--format xml http://h/|write text, json or github"
		"--all --any http://h/|contradict"
		"--key k.pem http://h/|--key needs --cert"
		"--no-such-option http://h/|"
	)
	local c args want
	for c in "${cases[@]}"; do
		args=${c%%|*}
		want=${c#*|}
		# shellcheck disable=SC2086
		run --separate-stderr health-wait $args
		[ "$status" -eq 2 ] || { echo "'$args': exit $status, stderr: $stderr" >&2; return 1; }
		assert_stderr_contains "$want"
		# The tool's name once, at the start; no stack of prefixes.
		[ "$(printf '%s\n' "$stderr" | head -1 | grep -o 'health-wait' | wc -l)" -eq 1 ] ||
			{ echo "'$args': $stderr" >&2; return 1; }
		[ -z "$output" ]
	done
}

@test "a malformed --header is refused without repeating its value" {
	hw -H 'Authorization Bearer t0ken' http://127.0.0.1:1/
	assert_status 2
	assert_stderr_contains "--header 'Authorization ...': write it as 'Name: value'"
	hw -H 't0ken' http://127.0.0.1:1/
	assert_status 2
	assert_stderr_contains "--header: write it as 'Name: value'"
	case "$stderr" in *t0ken*) return 1 ;; esac
}

# ---- healthy, not yet, timed out ------------------------------------

@test "a healthy endpoint: exit 0 at once, nothing on stdout" {
	serve '{"/health": {"json": {"status": "healthy"}}}'
	hw "$BASE/health"
	assert_status 0
	[ -z "$output" ]
	assert_stderr_contains "$BASE/health: healthy (200 OK) (attempt 1,"
	assert_stderr_contains "health-wait: 1 target healthy after"
	[ "$(requests)" -eq 1 ]
}

@test "a status sequence 503, 503, 200: progress on each change, healthy on the third attempt" {
	serve '{"/health": [{"status": 503}, {"status": 503}, {"status": 200}]}'
	hw --interval 100ms --timeout 30s "$BASE/health"
	assert_status 0
	assert_stderr_contains "$BASE/health: 503 Service Unavailable (attempt 1, "
	assert_stderr_contains "$BASE/health: healthy (200 OK) (attempt 3, "
	# The unchanged second 503 is not repeated: one line per change.
	[ "$(printf '%s\n' "$stderr" | grep -c '503 Service Unavailable')" -eq 1 ]
	[ "$(requests)" -eq 3 ]
}

@test "always 503: exit 5 after --timeout, the last reason on stderr and in JSON" {
	serve '{"/health": {"status": 503, "json": {"status": "starting"}}}'
	hw --interval 100ms --timeout "$SHORT" --format json "$BASE/health"
	assert_status 5
	assert_stderr_contains "health-wait: timed out after"
	assert_stderr_contains "1 of 1 target not healthy:"
	assert_stderr_contains "  $BASE/health: 503 Service Unavailable ("
	[ "$(jq -r .result <<<"$output")" = timeout ]
	[ "$(jq -r .healthy <<<"$output")" = false ]
	[ "$(jq -r '.targets[0].state' <<<"$output")" = unhealthy ]
	[ "$(jq -r '.targets[0].status' <<<"$output")" = 503 ]
	[ "$(jq -r '.targets[0].error' <<<"$output")" = "503 Service Unavailable" ]
	[ "$(jq -r '.targets[0].attempts' <<<"$output")" -ge 2 ]
}

@test "connection refused is retried until the deadline and named" {
	local port
	port=$(free_port)
	hw --interval 100ms --timeout "$SHORT" "http://127.0.0.1:$port/health"
	assert_status 5
	assert_stderr_contains "http://127.0.0.1:$port/health: connection refused"
}

@test "a service that starts listening later is waited for" {
	local port
	port=$(free_port)
	health-wait --interval 100ms --timeout 30s "http://127.0.0.1:$port/health" \
		>"$D/out" 2>"$D/err" &
	local pid=$!
	wait_until grep -q 'connection refused' "$D/err"
	printf '{"*": {"body": "ok"}}\n' >"$D/late.json"
	server_start python3 "$SERVERS/http_server.py" --script "$D/late.json" --port "$port" >/dev/null
	wait "$pid"
	grep -q 'connection refused' "$D/err"
	grep -q 'healthy (200 OK)' "$D/err"
}

@test "a booting service answers 503 first, then healthy JSON" {
	serve '{"/health": {"boot": 1.5, "steps": [{"json": {"status": "healthy"}}]}}'
	hw --interval 200ms --timeout 30s --expect-json '.status == healthy' "$BASE/health"
	assert_status 0
	assert_stderr_contains "503 Service Unavailable"
	assert_stderr_contains "healthy (200 OK)"
}

@test "DNS failure is not yet healthy, and said so" {
	hw --interval 200ms --attempt-timeout 1s --timeout 2s "http://no-such-host.invalid/health"
	assert_status 5
	assert_stderr_contains "no-such-host.invalid/health: "
	case "$stderr" in
	*"cannot resolve the host name (DNS)"* | *"cannot connect within"*) ;;
	*) echo "$stderr" >&2; return 1 ;;
	esac
}

@test "the deadline holds when a server accepts and never answers" {
	serve '{"/hang": {"hang": true}}'
	local t0 t1
	t0=$(now_ms)
	hw --timeout 2s --attempt-timeout 1m --format json "$BASE/hang"
	t1=$(now_ms)
	assert_status 5
	assert_stderr_contains "$BASE/hang: connected, but no answer within"
	# Cut short by the deadline, it was an attempt all the same.
	assert_stderr_contains "(1 attempt)"
	[ "$(jq -r '.targets[0].attempts' <<<"$output")" -eq 1 ]
	[ $((t1 - t0)) -ge 1900 ] && [ $((t1 - t0)) -lt 3500 ] || { echo "took $((t1 - t0))ms" >&2; return 1; }
}

@test "--attempt-timeout bounds each attempt" {
	serve '{"/slow": {"delay": 3, "body": "late"}}'
	hw --interval 100ms --attempt-timeout 300ms --timeout "$SHORT" --format json "$BASE/slow"
	assert_status 5
	assert_stderr_contains "connected, but no answer within 300ms"
	[ "$(jq -r '.targets[0].attempts' <<<"$output")" -ge 3 ]
}

@test "a dropped connection and a reset are retried and named" {
	serve '{"/drop": {"drop": true}, "/reset": {"reset": true}}'
	hw --interval 100ms --timeout "$SHORT" "$BASE/drop" "$BASE/reset"
	assert_status 5
	assert_stderr_contains "$BASE/drop: connection closed without an answer"
	assert_stderr_contains "$BASE/reset: connection reset by the server"
}

@test "a slow-drip body is cut off at the attempt timeout" {
	serve '{"/drip": {"drip": {"chunk": "x", "every": 0.2, "count": 100}}}'
	hw --attempt-timeout 1s --timeout "$SHORT" "$BASE/drip"
	assert_status 5
	assert_stderr_contains "status 200 but the body was still arriving after 1.0s (slow response)"
}

# ---- redirects and bodies ---------------------------------------------

@test "redirects are followed up to 5; --no-follow stops at the first" {
	serve '{"/r1": {"redirect": "/r2"}, "/r2": {"redirect": "/r3"}, "/r3": {"redirect": "/r4"},
		"/r4": {"redirect": "/r5"}, "/r5": {"redirect": "/ok"}, "/r0": {"redirect": "/r1"},
		"/ok": {"body": "ok"}}'
	hw --timeout 30s "$BASE/r1"
	assert_status 0
	hw --interval 100ms --timeout "$SHORT" "$BASE/r0"
	assert_status 5
	assert_stderr_contains "too many redirects"
	hw --no-follow --interval 100ms --timeout "$SHORT" "$BASE/r5"
	assert_status 5
	assert_stderr_contains "$BASE/r5: 302 Found"
	hw --no-follow --expect-status 3xx --timeout 30s "$BASE/r5"
	assert_status 0
}

@test "-H headers and URL credentials go to another host of a redirect only with --location-trusted" {
	local port
	port=$(free_port)
	# localhost is the same server under another host name: another origin
	serve "{\"/away\": {\"redirect\": \"http://localhost:$port/end\"}, \"/home\": {\"redirect\": \"/end\"},
		\"/end\": {\"status\": 200}}" --port "$port"
	local h=(-H 'X-Api-Key: k3y' -H 'Authorization: Bearer t0k' --timeout 30s)
	last() { tail -1 "$D/requests.log" | jq -r "$1"; }
	hw "${h[@]}" "$BASE/away"
	assert_status 0
	[ "$(last .path)" = /end ]
	[ "$(last '.headers["x-api-key"]')" = null ]
	[ "$(last '.headers.authorization')" = null ]
	hw "${h[@]}" --location-trusted "$BASE/away"
	assert_status 0
	[ "$(last '.headers["x-api-key"]')" = k3y ]
	[ "$(last '.headers.authorization')" = "Bearer t0k" ]
	# on the target's own scheme, host and port they are kept
	hw "${h[@]}" "$BASE/home"
	assert_status 0
	[ "$(last '.headers["x-api-key"]')" = k3y ]
	# credentials in the target URL: kept on its host, never sent elsewhere
	hw --timeout 30s "http://ci:pw@127.0.0.1:$port/home"
	[ "$(last '.headers.authorization')" = "Basic $(printf 'ci:pw' | base64)" ]
	hw --timeout 30s "http://ci:pw@127.0.0.1:$port/away"
	[ "$(last '.headers.authorization')" = null ]
}

@test "a POST redirected with 302 or 303 goes on as a GET; 307 and 308 keep the method and body" {
	serve '{"/p302": {"redirect": "/end"}, "/p303": {"redirect": "/end", "status": 303},
		"/p307": {"redirect": "/end", "status": 307}, "/end": {"status": 200}}'
	for p in p302 p303 p307; do
		hw --data x=1 --timeout 30s "$BASE/$p"
		assert_status 0
	done
	[ "$(jq -r '"\(.method) \(.path)"' "$D/requests.log" | tr '\n' ' ')" = \
		"POST /p302 GET /end POST /p303 GET /end POST /p307 POST /end " ]
	[ "$(tail -1 "$D/requests.log" | jq -r .body)" = x=1 ]
}

@test "a redirect loop is reported as one" {
	serve '{"/loop": {"redirect": "/loop"}}'
	hw --interval 100ms --timeout "$SHORT" "$BASE/loop"
	assert_status 5
	assert_stderr_contains "$BASE/loop: too many redirects (more than 5; a redirect loop?)"
}

@test "an endless body stops at --max-body and says it was cut" {
	serve '{"/endless": {"endless": true}}'
	local t0 t1
	t0=$(now_ms)
	hw --max-body 64KiB --timeout 30s --format json "$BASE/endless"
	t1=$(now_ms)
	assert_status 0
	assert_stderr_contains "healthy (200 OK (body cut at --max-body))"
	[ "$(jq -r '.targets[0].body_truncated' <<<"$output")" = true ]
	[ $((t1 - t0)) -lt 5000 ]
	hw --max-body 64KiB --expect-body 'never' --interval 100ms --timeout "$SHORT" "$BASE/endless"
	assert_status 5
	assert_stderr_contains "body does not match /never/ (body cut at --max-body)"
}

@test "a huge body is cut at 1MiB by default; a match past the cut is not seen" {
	local big
	big=$(python3 -c 'print("a" * (2 * 1024 * 1024) + "MARK")')
	printf '{"/big": {"body": "%s"}}\n' "$big" >"$D/big.json"
	PORT=$(server_start python3 "$SERVERS/http_server.py" --script "$D/big.json") || return 1
	hw --expect-body MARK --interval 100ms --timeout "$SHORT" "http://127.0.0.1:$PORT/big"
	assert_status 5
	assert_stderr_contains "body does not match /MARK/ (body cut at --max-body)"
	hw --expect-body MARK --max-body 3MiB --timeout 30s "http://127.0.0.1:$PORT/big"
	assert_status 0
}

# ---- expectations -------------------------------------------------------

@test "--expect-status takes codes and classes" {
	serve '{"/204": {"status": 204}, "/401": {"status": 401}, "/200": {"status": 200}}'
	hw --expect-status 200,204 --timeout 30s "$BASE/204"
	assert_status 0
	hw --expect-status 2xx,401 --timeout 30s "$BASE/401"
	assert_status 0
	hw --expect-status 204 --interval 100ms --timeout "$SHORT" "$BASE/200"
	assert_status 5
	assert_stderr_contains "$BASE/200: 200 OK"
	# The default is 2xx.
	hw --interval 100ms --timeout "$SHORT" "$BASE/401"
	assert_status 5
	assert_stderr_contains "401 Unauthorized"
}

@test "--expect-json compares fields, tests truthiness, and all must hold" {
	serve '{"/h": {"json": {"status": "healthy", "checks": {"db": {"ok": true}, "cache": {"ok": false}},
		"items": [{"state": "ready"}], "version": 3}}}'
	hw --timeout 30s --expect-json '.status == healthy' --expect-json '.checks.db.ok' \
		--expect-json '.items[0].state != failed' --expect-json '.version == 3' "$BASE/h"
	assert_status 0
	hw --interval 100ms --timeout "$SHORT" --expect-json '.status == healthy' --expect-json '.checks.cache.ok' "$BASE/h"
	assert_status 5
	assert_stderr_contains "$BASE/h: 200: json .checks.cache.ok is false, want a true value"
	hw --interval 100ms --timeout "$SHORT" --expect-json '.status == "degraded"' "$BASE/h"
	assert_status 5
	assert_stderr_contains 'json .status is "healthy", want "degraded"'
}

@test "--expect-json on a body that is not JSON: not yet, or a definitive failure with a threshold" {
	serve '{"/html": {"body": "<html>up</html>"}}'
	hw --interval 100ms --timeout "$SHORT" --expect-json .status "$BASE/html"
	assert_status 5
	assert_stderr_contains "$BASE/html: 200: body is not JSON"
	hw --interval 100ms --timeout 30s --failure-threshold 2 --expect-json .status "$BASE/html"
	assert_status 1
	assert_stderr_contains "failed: 200: body is not JSON"
}

@test "--expect-jq: jq -e decides" {
	serve '{"/h": {"json": {"checks": [{"ok": true}, {"ok": true}]}}, "/bad": {"json": {"checks": [{"ok": false}]}},
		"/empty": {"status": 200}, "/nul": {"body": "\u0000\u0000\u0000\u0000"},
		"/two": {"body": "{\"ok\": false} {\"ok\": true}"}}'
	hw --timeout 30s --expect-jq '.checks | all(.ok)' "$BASE/h"
	assert_status 0
	# jq 1.6 would pass an empty body with exit 0; we do not.
	hw --interval 100ms --timeout "$SHORT" --expect-jq '.checks | all(.ok)' "$BASE/empty"
	assert_status 5
	assert_stderr_contains "the body is empty"
	hw --interval 100ms --timeout "$SHORT" --expect-jq '.checks | all(.ok)' "$BASE/bad"
	assert_status 5
	assert_stderr_contains "jq .checks | all(.ok) gave false or null"
	# a body with no JSON value at all: jq -e prints nothing and exits 0
	hw --interval 100ms --timeout "$SHORT" --expect-jq '.status == "ok"' "$BASE/nul"
	assert_status 5
	assert_stderr_contains 'jq .status == "ok" gave no output'
	hw --interval 100ms --timeout "$SHORT" --expect-jq 'empty' "$BASE/h"
	assert_status 5
	assert_stderr_contains "jq empty gave no output"
	# several JSON values: the last output decides, as for jq -e
	hw --timeout 30s --expect-jq '.ok' "$BASE/two"
	assert_status 0
}

@test "--expect-jq that does not compile is a usage error" {
	hw --expect-jq '.a |||' http://127.0.0.1:1/
	assert_status 2
	assert_stderr_contains "--expect-jq '.a |||'"
}

@test "--expect-jq without jq on PATH is an environment error" {
	local hwbin
	hwbin=$(command -v health-wait)
	run --separate-stderr env PATH=/nonexistent "$hwbin" --expect-jq .ok http://127.0.0.1:1/
	assert_status 4
	assert_stderr_contains "needs the jq program, which is not on PATH; install jq"
}

@test "--expect-body and --expect-header match regexes" {
	serve '{"/h": {"body": "status: UP\nversion 2.4.1\n", "headers": {"X-Ready": "yes", "Content-Type": "text/plain"}}}'
	hw --timeout 30s --expect-body '^version 2\.[0-9]+' --expect-header 'x-ready: ^yes$' \
		--expect-header 'Content-Type: text/' "$BASE/h"
	assert_status 0
	hw --interval 100ms --timeout "$SHORT" --expect-body 'DOWN' "$BASE/h"
	assert_status 5
	assert_stderr_contains "body does not match /DOWN/"
	hw --interval 100ms --timeout "$SHORT" --expect-header 'X-Version: .' "$BASE/h"
	assert_status 5
	assert_stderr_contains "header X-Version missing"
	hw --interval 100ms --timeout "$SHORT" --expect-header 'X-Ready: ^no$' "$BASE/h"
	assert_status 5
	assert_stderr_contains "header X-Ready does not match /^no$/"
}

# ---- thresholds -----------------------------------------------------------

@test "--success-threshold waits out a flapping service" {
	serve '{"/flap": {"steps": [{"status": 200}, {"status": 500}], "cycle": true},
		"/steady": {"status": 200}}'
	hw --interval 100ms --timeout "$SHORT" --success-threshold 2 "$BASE/flap"
	assert_status 5
	assert_stderr_contains "200 OK, 1 of 2 passes"
	hw --interval 100ms --timeout 30s --success-threshold 3 --format json "$BASE/steady"
	assert_status 0
	[ "$(jq -r '.targets[0].attempts' <<<"$output")" -eq 3 ]
}

@test "--failure-threshold gives up early with exit 1 on definitive failures only" {
	serve '{"/sick": {"status": 500, "json": {"status": "unhealthy"}},
		"/later": {"status": 503}}'
	hw --interval 100ms --timeout 30s --failure-threshold 3 --format json "$BASE/sick"
	assert_status 1
	assert_stderr_contains "$BASE/sick failed: 500 Internal Server Error (3 definitive failures in a row)"
	[ "$(jq -r .result <<<"$output")" = failed ]
	[ "$(jq -r '.targets[0].state' <<<"$output")" = failed ]
	[ "$(jq -r '.targets[0].attempts' <<<"$output")" -eq 3 ]
	# 503 means "come back later": it never counts as definitive.
	hw --interval 100ms --timeout 1s --failure-threshold 2 "$BASE/later"
	assert_status 5
}

@test "--failure-threshold: a 503 the user accepts with --expect-status is judged by its body" {
	# Spring Boot's /actuator/health says DOWN with a 503.
	serve '{"/down": {"status": 503, "json": {"status": "DOWN"}}}'
	hw --interval 100ms --timeout 30s --failure-threshold 2 --expect-status 2xx,503 \
		--expect-json '.status == UP' "$BASE/down"
	assert_status 1
	assert_stderr_contains "$BASE/down failed: 503: json .status is \"DOWN\", want \"UP\" (2 definitive failures in a row)"
}

@test "Retry-After on a come-back-later answer is honoured, up to --max-interval" {
	serve '{"/busy": [{"status": 429, "headers": {"Retry-After": "1"}}, {"status": 200}],
		"/limited": {"status": 429, "headers": {"Retry-After": "2"}},
		"/later": {"status": 503, "headers": {"Retry-After": "3600"}}}'
	hw --interval 100ms --timeout 30s --format json "$BASE/busy"
	assert_status 0
	assert_stderr_contains "$BASE/busy: 429 Too Many Requests (Retry-After 1.0s) (attempt 1,"
	# The second attempt waited the second the gateway asked for, not 100ms.
	[ "$(jq -r '.targets[0].attempts' <<<"$output")" -eq 2 ]
	[ "$(jq -r '.targets[0].elapsed_ms' <<<"$output")" -ge 1000 ]
	# Every 100ms would be some 30 attempts in 3s; every 2s is two at most.
	hw --interval 100ms --timeout 3s --format json "$BASE/limited"
	assert_status 5
	[ "$(jq -r '.targets[0].attempts' <<<"$output")" -le 2 ]
	[ "$(jq -r '.targets[0].error' <<<"$output")" = "429 Too Many Requests (Retry-After 2.0s)" ]
	# An hour is more than the ceiling: the ceiling it is.
	hw --interval 100ms --max-interval 500ms --timeout 3s --format json "$BASE/later"
	assert_status 5
	[ "$(jq -r '.targets[0].attempts' <<<"$output")" -ge 2 ]
	[ "$(jq -r '.targets[0].error' <<<"$output")" = \
		"503 Service Unavailable (Retry-After 1h0m; waiting 500ms, the --max-interval)" ]
}

# ---- schedule -------------------------------------------------------------

@test "--initial-delay holds the first attempt back" {
	serve '{"/h": {"status": 200}}'
	hw --initial-delay 1s --timeout 30s --format json "$BASE/h"
	assert_status 0
	[ "$(jq -r '.targets[0].elapsed_ms' <<<"$output")" -ge 1000 ]
}

@test "--backoff exponential doubles the pause up to --max-interval; constant keeps it" {
	serve '{"/h": {"status": 503}}'
	hw --interval 100ms --no-jitter --backoff exponential --max-interval 400ms --timeout "$SHORT" \
		--format json "$BASE/h"
	assert_status 5
	local exp gaps
	exp=$(jq -r '.targets[0].attempts' <<<"$output")
	# Pauses 100, 200, 400, 400...: in 3s at most 9 attempts.
	[ "$exp" -le 9 ] || { echo "exponential: $exp attempts" >&2; return 1; }
	# Each gap between two requests is its pause plus the answer's time, so
	# at least the pause; and the ceiling holds: past the third, no 800ms.
	gaps=$(request_gaps_ms)
	jq -e 'length >= 4 and .[0] >= 95 and .[1] >= 195 and (.[2:] | all(. >= 395))
		and (.[3:] | min < 700)' <<<"$gaps" || { echo "gaps: $gaps" >&2; return 1; }
	: >"$D/requests.log" # the server appends to the same open file
	hw --interval 100ms --no-jitter --backoff constant --timeout "$SHORT" --format json "$BASE/h"
	assert_status 5
	[ "$(jq -r '.targets[0].attempts' <<<"$output")" -gt "$exp" ]
	gaps=$(request_gaps_ms)
	jq -e 'all(. >= 95) and (.[1:] | min < 400)' <<<"$gaps" || { echo "gaps: $gaps" >&2; return 1; }
}

@test "--interval spaces the attempts, with the default jitter" {
	serve '{"/h": {"status": 503}}'
	hw --interval 500ms --timeout "$SHORT" "$BASE/h"
	assert_status 5
	local gaps
	gaps=$(request_gaps_ms)
	# 500ms +-20%: never under 400ms, near it at least once, and not all
	# the same (five pauses within 10ms of each other: 3 in 100,000).
	jq -e 'length >= 3 and all(. >= 395) and min <= 750 and max - min > 10' <<<"$gaps" ||
		{ echo "gaps: $gaps" >&2; return 1; }
}

# ---- requests -------------------------------------------------------------

@test "a password in a target URL is never shown" {
	serve '{"/h": {"status": 503}}'
	hw --interval 100ms --timeout "$SHORT" --format json "http://ci:s3cr3t@127.0.0.1:$PORT/h"
	assert_status 5
	[ "$(jq -r '.targets[0].target' <<<"$output")" = "http://ci:***@127.0.0.1:$PORT/h" ]
	assert_stderr_contains "http://ci:***@127.0.0.1:$PORT/h: 503 Service Unavailable"
	case "$output$stderr" in *s3cr3t*) return 1 ;; esac
	# It was sent, though: the server saw basic auth.
	[ "$(jq -r '.headers.authorization' "$D/requests.log" | head -1)" = "Basic $(printf 'ci:s3cr3t' | base64)" ]
}

@test "-X, -H, --data and --user-agent shape the request" {
	serve '{"/h": {"status": 200}}'
	hw -X PUT -H 'X-Probe: one' --header 'Authorization: Bearer t0k' --data '{"ping":1}' \
		--user-agent 'deploy-bot/2' --timeout 30s "$BASE/h"
	assert_status 0
	local req
	req=$(head -1 "$D/requests.log")
	[ "$(jq -r .method <<<"$req")" = PUT ]
	[ "$(jq -r '.headers["x-probe"]' <<<"$req")" = one ]
	[ "$(jq -r '.headers["authorization"]' <<<"$req")" = "Bearer t0k" ]
	[ "$(jq -r '.headers["user-agent"]' <<<"$req")" = deploy-bot/2 ]
	[ "$(jq -r .body <<<"$req")" = '{"ping":1}' ]
	# The header's value is never echoed on stderr.
	case "$stderr" in *t0k*) return 1 ;; esac
}

@test "GET by default with our User-Agent, POST with --data, HEAD with -X HEAD" {
	serve '{"/h": {"status": 200, "body": "hello"}}'
	hw --timeout 30s "$BASE/h"
	assert_status 0
	hw --data x=1 --timeout 30s "$BASE/h"
	assert_status 0
	hw -X HEAD --timeout 30s "$BASE/h"
	assert_status 0
	[ "$(jq -r .method "$D/requests.log" | tr '\n' ' ')" = "GET POST HEAD " ]
	jq -r '.headers["user-agent"]' "$D/requests.log" | head -1 | grep -q '^health-wait/[0-9.]* (agentci)$'
}

# ---- TLS ------------------------------------------------------------------

@test "https: verification is on by default; --cacert trusts the test CA; --insecure skips it" {
	serve '{"/h": {"json": {"status": "healthy"}}}' --cert "$PKI/server.crt" --key "$PKI/server.key"
	local url=https://127.0.0.1:$PORT/h
	hw --interval 100ms --timeout "$SHORT" "$url"
	assert_status 5
	assert_stderr_contains "$url: TLS certificate not trusted"
	assert_stderr_contains "pass --cacert FILE"
	hw --cacert "$PKI/ca.crt" --timeout 30s --expect-json '.status == healthy' "$url"
	assert_status 0
	hw --insecure --timeout 30s "$url"
	assert_status 0
}

@test "https: a server that wants a client certificate gets one with --cert/--key" {
	serve '{"/h": {"status": 200}}' --cert "$PKI/server.crt" --key "$PKI/server.key" --client-ca "$PKI/ca.crt"
	local url=https://127.0.0.1:$PORT/h
	hw --cacert "$PKI/ca.crt" --interval 100ms --timeout "$SHORT" "$url"
	assert_status 5
	assert_stderr_contains "client certificate"
	hw --cacert "$PKI/ca.crt" --cert "$PKI/client.crt" --key "$PKI/client.key" --timeout 30s "$url"
	assert_status 0
}

@test "https:// to a plain HTTP port says so; schemes in any case" {
	serve '{"/h": {"status": 200}}'
	hw --interval 100ms --timeout "$SHORT" "https://127.0.0.1:$PORT/h"
	assert_status 5
	assert_stderr_contains "https://127.0.0.1:$PORT/h: TLS handshake failed: the server does not speak TLS on this port (plain HTTP? write http://)"
	hw --timeout 30s "HTTP://127.0.0.1:$PORT/h" "TCP://127.0.0.1:$PORT"
	assert_status 0
}

@test "an unreadable or unusable CA file is an environment error (exit 4)" {
	hw --cacert "$D/missing.pem" https://127.0.0.1:1/
	assert_status 4
	assert_stderr_contains "--cacert $D/missing.pem: No such file or directory"
	serve '{"/h": {"status": 200}}' --cert "$PKI/server.crt" --key "$PKI/server.key"
	echo "not a certificate" >"$D/junk.pem"
	hw --cacert "$D/junk.pem" --timeout 30s --format json "https://127.0.0.1:$PORT/h"
	assert_status 4
	assert_stderr_contains "cannot use the CA file"
	[ "$(jq -r .result <<<"$output")" = error ]
	jq -r .error <<<"$output" | grep -q 'cannot use the CA file' 
	hw --cacert "$PKI/ca.crt" --cert "$D/junk.pem" --key "$D/junk.pem" --timeout 30s "https://127.0.0.1:$PORT/h"
	assert_status 4
	assert_stderr_contains "cannot use the client certificate or key"
}

@test "an environment error under Actions: the plain line, then one ::error; --format github puts it on stdout" {
	serve '{"/h": {"status": 200}}' --cert "$PKI/server.crt" --key "$PKI/server.key"
	echo "not a certificate" >"$D/junk.pem"
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$D/gh-output GITHUB_STEP_SUMMARY=$D/gh-summary
	hw --cacert "$D/junk.pem" --timeout 30s "https://127.0.0.1:$PORT/h"
	assert_status 4
	[ -z "$output" ]
	printf '%s\n' "$stderr" | grep -A1 "^health-wait: https://127.0.0.1:$PORT/h: cannot use the CA file" |
		grep -q "^::error title=health-wait::https://127.0.0.1:$PORT/h: cannot use the CA file"
	[ "$(printf '%s\n' "$stderr" | grep -c '^::error')" -eq 1 ]
	hw --cacert "$D/junk.pem" --timeout 30s --format github "https://127.0.0.1:$PORT/h"
	assert_status 4
	assert_output_contains "::error title=health-wait error::https://127.0.0.1:$PORT/h: cannot use the CA file"
	case "$stderr" in *"::error"*) return 1 ;; esac
	hw --no-github --cacert "$D/junk.pem" --timeout 30s "https://127.0.0.1:$PORT/h"
	assert_status 4
	case "$stderr" in *"::error"*) return 1 ;; esac
	assert_stderr_contains "cannot use the CA file"
}

# ---- several targets --------------------------------------------------------

@test "--all (the default): every target healthy; the unhealthy one is named" {
	serve '{"/a": {"status": 200}, "/b": {"status": 200}, "/c": {"status": 503}}'
	hw --timeout 30s "$BASE/a" "$BASE/b"
	assert_status 0
	assert_stderr_contains "health-wait: all 2 targets healthy after"
	hw --all --interval 100ms --timeout "$SHORT" --format json "$BASE/a" "$BASE/c"
	assert_status 5
	assert_stderr_contains "1 of 2 targets not healthy:"
	assert_stderr_contains "  $BASE/c: 503 Service Unavailable"
	[ "$(jq -r '[.targets[].state] | join(",")' <<<"$output")" = "healthy,unhealthy" ]
	[ "$(jq -r .mode <<<"$output")" = all ]
}

@test "--any: one healthy target is enough" {
	local port
	port=$(free_port)
	serve '{"/b": {"status": 200}}'
	hw --any --timeout 30s "http://127.0.0.1:$port/a" "$BASE/b"
	assert_status 0
	assert_stderr_contains "health-wait: $BASE/b healthy after"
	hw --any --interval 100ms --timeout 1s "http://127.0.0.1:$port/a" "http://127.0.0.1:$port/c"
	assert_status 5
}

@test "targets are checked at the same time, not one after another" {
	serve '{"*": {"delay": 1.5, "body": "ok"}}'
	local t0 t1
	t0=$(now_ms)
	hw --timeout 30s "$BASE/1" "$BASE/2" "$BASE/3" "$BASE/4"
	t1=$(now_ms)
	assert_status 0
	# All four asked before the first could be answered: one after another
	# would put 1.5s between two requests, and take 6s.
	jq -s -e '[.[].t] | length == 4 and max - min < 1.4' "$D/requests.log"
	[ $((t1 - t0)) -lt 6000 ] || { echo "took $((t1 - t0))ms" >&2; return 1; }
}

@test "tcp:// targets: an open port is healthy, a closed one is refused" {
	serve '{"*": {"status": 200}}'
	local port
	port=$(free_port)
	hw --timeout 30s "tcp://127.0.0.1:$PORT"
	assert_status 0
	assert_stderr_contains "tcp://127.0.0.1:$PORT: healthy (connected)"
	hw --interval 100ms --timeout "$SHORT" "tcp://127.0.0.1:$PORT" "tcp://127.0.0.1:$port"
	assert_status 5
	assert_stderr_contains "tcp://127.0.0.1:$port: connection refused"
}

# ---- output -----------------------------------------------------------------

@test "--format json is one documented object" {
	serve '{"/a": {"status": 200}}'
	hw --format json --timeout 30s "$BASE/a"
	assert_status 0
	jq -e 'keys == ["elapsed_ms", "healthy", "mode", "result", "targets"]' <<<"$output"
	jq -e '.result == "healthy" and .healthy == true and (.elapsed_ms | type) == "number"' <<<"$output"
	jq -e '.targets[0] | .target and .state == "healthy" and .attempts == 1 and .status == 200
		and .error == null and .reason == "200 OK" and (.elapsed_ms | type) == "number"
		and .body_truncated == false' <<<"$output"
}

@test "a report that cannot be written is an error; a worse verdict stands" {
	serve '{"/a": {"status": 200}, "/b": {"status": 503}}'
	run --separate-stderr sh -c 'health-wait -q --format json "$1" >/dev/full' sh "$BASE/a"
	assert_status 4
	assert_stderr_contains "health-wait: write error on standard output: No space left on device"
	run --separate-stderr sh -c 'health-wait -q --format json --timeout 1s "$1" >/dev/full' sh "$BASE/b"
	assert_status 5
	assert_stderr_contains "write error on standard output"
}

@test "-q: no progress lines; a failure is still explained" {
	serve '{"/a": {"status": 200}, "/b": {"status": 503}}'
	hw -q --timeout 30s "$BASE/a"
	assert_status 0
	[ -z "$stderr" ]
	hw --quiet --interval 100ms --timeout "$SHORT" "$BASE/b"
	assert_status 5
	[ "$(printf '%s\n' "$stderr" | grep -c 'attempt [0-9]*,')" -eq 0 ]
	assert_stderr_contains "$BASE/b: 503 Service Unavailable"
}

@test "--format github: workflow commands on stdout" {
	serve '{"/a": {"status": 200}, "/b": {"status": 503}}'
	hw --format github --interval 100ms --timeout "$SHORT" "$BASE/a" "$BASE/b"
	assert_status 5
	assert_output_contains "::error title=http%3A//127.0.0.1%3A$PORT/b timeout::503 Service Unavailable"
	[ "$(printf '%s\n' "$output" | grep -c '^::error')" -eq 1 ]
	hw --format github --timeout 30s "$BASE/a"
	assert_status 0
	assert_output_contains "::notice title=health-wait::1 target healthy after"
}

@test "GitHub Actions: outputs, step summary and annotations; --no-github turns them off" {
	serve '{"/a": {"status": 200}, "/b": {"status": 503}}'
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$D/gh-output GITHUB_STEP_SUMMARY=$D/gh-summary
	hw --timeout 30s --format json "$BASE/a"
	assert_status 0
	jq -e .healthy <<<"$output" >/dev/null
	grep -qx 'healthy=true' "$D/gh-output"
	grep -qx 'result=healthy' "$D/gh-output"
	grep -q '^elapsed-ms=[0-9]*$' "$D/gh-output"
	grep -q '^### health-wait: healthy after' "$D/gh-summary"
	grep -q "| $BASE/a | healthy | 1 | 200 OK |" "$D/gh-summary"
	rm -f "$D/gh-output" "$D/gh-summary"
	hw --interval 100ms --timeout "$SHORT" "$BASE/b"
	assert_status 5
	[ -z "$output" ]
	assert_stderr_contains "::error title=http%3A//127.0.0.1%3A$PORT/b timeout::503 Service Unavailable"
	grep -qx 'healthy=false' "$D/gh-output"
	grep -qx 'result=timeout' "$D/gh-output"
	grep -q "| $BASE/b | unhealthy | " "$D/gh-summary"
	rm -f "$D/gh-output" "$D/gh-summary"
	hw --no-github --interval 100ms --timeout 1s "$BASE/b"
	assert_status 5
	[ ! -e "$D/gh-output" ] && [ ! -e "$D/gh-summary" ]
	case "$stderr" in *"::error"*) return 1 ;; esac
}

# ---- signals ------------------------------------------------------------------

@test "a signal during an unanswered attempt reports that attempt" {
	serve '{"/hang": {"hang": true}}'
	health-wait --timeout 1m --format json "$BASE/hang" >"$D/out" 2>"$D/err" &
	local pid=$! rc=0
	wait_until requests_at_least 1
	kill -s TERM "$pid"
	wait "$pid" || rc=$?
	[ "$rc" -eq 143 ] || { echo "exit $rc" >&2; cat "$D/err" >&2; return 1; }
	grep -q "^  $BASE/hang: no answer within [0-9.]*m\?s (1 attempt)$" "$D/err" ||
		{ cat "$D/err" >&2; return 1; }
	jq -e '.result == "interrupted" and .targets[0].attempts == 1
		and (.targets[0].error | startswith("no answer within"))' "$D/out"
}

@test "SIGTERM and SIGINT stop it promptly with 143 and 130 and a last summary line" {
	serve '{"/h": {"status": 503}}'
	local sig want pid rc t0 t1
	for sig in TERM INT; do
		# Not the last run's file: the shell truncates it only once the
		# background job runs, and a signal before exec is lost.
		rm -f "$D/err"
		health-wait --interval 100ms --timeout 1m "$BASE/h" >"$D/out" 2>"$D/err" &
		pid=$!
		wait_until grep -q "^$BASE/h: 503 Service Unavailable" "$D/err"
		t0=$(now_ms)
		kill -s "$sig" "$pid"
		rc=0
		wait "$pid" || rc=$?
		t1=$(now_ms)
		want=$([ "$sig" = TERM ] && echo 143 || echo 130)
		[ "$rc" -eq "$want" ] || { echo "SIG$sig: exit $rc" >&2; cat "$D/err" >&2; return 1; }
		grep -q "health-wait: interrupted by SIG$sig after .*; 0 of 1 target healthy" "$D/err"
		grep -q "  $BASE/h: 503 Service Unavailable" "$D/err"
		[ $((t1 - t0)) -lt 1500 ]
	done
}

@test "a long wait says how it goes: a status line every 10s, in place on a terminal, none with -q" {
	command -v script >/dev/null || skip "script(1) is not installed"
	serve '{"/b": {"status": 503}}'
	# the three runs share the 12 seconds
	health-wait -q --interval 500ms --timeout 12s "$BASE/b" 2>"$D/quiet.err" &
	local q=$!
	TERM=xterm script -qec "health-wait --interval 500ms --timeout 12s $BASE/b" /dev/null >"$D/tty.out" &
	local tty=$!
	hw --interval 500ms --timeout 12s "$BASE/b"
	assert_status 5
	wait "$q" || true
	wait "$tty" || true
	[ "$(printf '%s\n' "$stderr" | grep -c "^0 of 1 healthy; $BASE/b: 503 Service Unavailable (attempt [0-9]*); [0-9]s left$")" -eq 1 ]
	case "$stderr" in *$'\r'*|*$'\033'*) echo "escapes in a pipe" >&2; return 1 ;; esac
	# on a terminal: drawn in place, and taken away before the verdict
	local esc=$'\033'
	grep -q "${esc}\[K0 of 1 healthy; $BASE/b: 503" "$D/tty.out"
	grep -q "${esc}\[Khealth-wait: .*timed out.* after" "$D/tty.out"
	! grep -q "of 1 healthy" "$D/quiet.err" || false
	grep -q "timed out after" "$D/quiet.err"
}

@test "colour: the verdict on a terminal or with --color=always; never in a pipe, JSON, NO_COLOR or TERM=dumb" {
	command -v script >/dev/null || skip "script(1) is not installed"
	serve '{"/a": {"status": 200}}'
	local esc=$'\033'
	hw --color=always --timeout 30s "$BASE/a"
	assert_stderr_contains "health-wait: ${esc}[1;32m1 target healthy after"
	hw --timeout 30s --format json --color=never "$BASE/a"
	case "$output$stderr" in *"$esc"*) echo "colour with --color=never" >&2; return 1 ;; esac
	hw --timeout 30s "$BASE/a"
	case "$stderr" in *"$esc"*) echo "colour in a pipe" >&2; return 1 ;; esac
	run env TERM=xterm script -qec "health-wait --timeout 1s tcp://127.0.0.1:1" /dev/null
	assert_output_contains "${esc}[1;31mtimed out${esc}[0m after"
	for e in NO_COLOR=1 TERM=dumb; do
		run env TERM=xterm "$e" script -qec "health-wait --timeout 1s tcp://127.0.0.1:1" /dev/null
		case "$output" in *"${esc}[1;31m"*) echo "colour with $e" >&2; return 1 ;; esac
	done
	hw --color=rainbow "$BASE/a"
	assert_status 2
}
