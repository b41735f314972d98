# Helpers for tests that talk to tests/servers/fake_k8s.py: a test PKI made
# with openssl, a kubeconfig for it, and start/stop.  Load after
# ../servers/lib in a bats file.

FAKE_TOKEN=s3cr3t-token-value-42

# fake_pki DIR: a CA, a server certificate for 127.0.0.1 and a client
# certificate for user "ci-deployer", all with P-256 keys (fast to make).
fake_pki() {
	local d=$1
	mkdir -p "$d"
	[ -s "$d/client.crt" ] && return 0
	(
		cd "$d" || exit 1
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
			-subj "/CN=fake-k8s-test-ca" -keyout ca.key -out ca.crt
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=fake-k8s" \
			-keyout server.key -out server.csr
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:fake-k8s.test\n' >server.ext
		openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
			-extfile server.ext -out server.crt
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=ci-deployer" \
			-keyout client.key -out client.csr
		openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
			-out client.crt
	) >/dev/null 2>&1
}

# fake_setup_file: the setup_file of a bats file whose tests run against
# the fake: one PKI for all its tests, and none of the CI's workflow-command
# variables (the tests check exact output; each test inherits the unset).
fake_setup_file() {
	unset GITHUB_ACTIONS GITHUB_OUTPUT GITHUB_STEP_SUMMARY
	export FAKE_PKI="$BATS_FILE_TMPDIR/pki"
	fake_pki "$FAKE_PKI"
}

# fake_start [SCENARIO [more fake_k8s.py options]]: start the fake with
# TLS, a bearer token and client certificates; write $K8S/kubeconfig with
# contexts "fake" (token, namespace agent-dev), "fake-cert" (client
# certificate) and "fake-default" (token, no namespace).  Sets K8S,
# FAKE_PORT, FAKE_LOG, FAKE_URL (the API), FAKE_APP (plain-HTTP /healthz and
# Prometheus stub) and KUBECONFIG.
fake_start() {
	local scen=${1:-healthy}
	[ $# -gt 0 ] && shift
	K8S=${K8S:-$BATS_TEST_TMPDIR/k8s}
	mkdir -p "$K8S"
	fake_pki "${FAKE_PKI:-$K8S/pki}" || return 1
	FAKE_PKI=${FAKE_PKI:-$K8S/pki}
	FAKE_LOG=$K8S/requests.log
	: >"$FAKE_LOG"
	FAKE_PORT=$(server_start python3 "$SERVERS/fake_k8s.py" --scenario "$scen" \
		--tls-cert "$FAKE_PKI/server.crt" --tls-key "$FAKE_PKI/server.key" \
		--client-ca "$FAKE_PKI/ca.crt" --token "$FAKE_TOKEN=ci-bot" --log "$FAKE_LOG" \
		--app-port-file "$K8S/app.port" "$@") || return 1
	FAKE_URL=https://127.0.0.1:$FAKE_PORT
	FAKE_APP=http://127.0.0.1:$(cat "$K8S/app.port")
	fake_kubeconfig >"$K8S/kubeconfig"
	KUBECONFIG=$K8S/kubeconfig
	export K8S FAKE_PORT FAKE_LOG FAKE_URL FAKE_APP KUBECONFIG FAKE_PKI
}

fake_kubeconfig() {
	cat <<EOF
apiVersion: v1
kind: Config
current-context: fake
clusters:
- name: fake
  cluster:
    server: $FAKE_URL
    certificate-authority: $FAKE_PKI/ca.crt
users:
- name: ci-bot
  user:
    token: $FAKE_TOKEN
- name: ci-deployer
  user:
    client-certificate: $FAKE_PKI/client.crt
    client-key: $FAKE_PKI/client.key
contexts:
- name: fake
  context:
    cluster: fake
    user: ci-bot
    namespace: agent-dev
- name: fake-cert
  context:
    cluster: fake
    user: ci-deployer
    namespace: agent-dev
- name: fake-default
  context:
    cluster: fake
    user: ci-bot
EOF
}

# Real kubectl against the fake, with its own cache folder; skips the test
# when kubectl is not installed.
have_kubectl() {
	command -v kubectl >/dev/null 2>&1 || skip "kubectl is not installed; kubectl comparison skipped"
}
kctl() {
	kubectl --cache-dir "$K8S/kcache" "$@"
}

# weights [ROUTE [options]]: "stable/canary" of ROUTE (the seed's
# VirtualService agent-service by default), through k8s-rollout's own reader.
weights() {
	[ $# -gt 0 ] || set -- agent-service
	k8s-rollout canary status "$@" --format json | jq -r '"\(.stable.weight)/\(.canary.weight)"'
}
