#!/usr/bin/env bats
# secret-seal and HashiCorp Vault transit: data keys wrapped by the transit
# engine of tests/servers/fake_vault.py, which checks the token (and the
# namespace) and takes the plaintext base64-encoded, as Vault does.
bats_require_minimum_version 1.5.0
load helpers
load ../servers/lib

setup() {
	T=$BATS_TEST_TMPDIR
	unset SOPS_AGE_KEY SOPS_AGE_KEY_CMD SOPS_VAULT_URIS VAULT_TOKEN VAULT_NAMESPACE VAULT_CACERT VAULT_SKIP_VERIFY
	export XDG_CONFIG_HOME=$T/xdg HOME=$T/home SOPS_AGE_KEY_FILE=$T/none.txt
	mkdir -p "$T/w" "$T/home"
	printf 'db_password: hunter2-vault\nport: 5432\n' >"$T/w/app.yaml"
	TOKEN=hvs.CAESIJlq-test-token
}

teardown() {
	server_stop
}

vault_server() {
	port=$(server_start python3 "$SERVERS/fake_vault.py" --token "$TOKEN" --log "$T/vault.log" "$@")
	VAULT=http://127.0.0.1:$port
}

@test "vault: --hc-vault-transit written as sops writes it; VAULT_TOKEN or ~/.vault-token opens it" {
	vault_server --mount transit --mount team/sops
	VAULT_TOKEN=$TOKEN secret-seal encrypt --hc-vault-transit "$VAULT/v1/team/sops/keys/app" \
		-o "$T/w/app.enc.yaml" "$T/w/app.yaml"
	python3 - "$T/w/app.enc.yaml" "$VAULT" <<-'EOF'
		import sys, yaml
		e = yaml.safe_load(open(sys.argv[1]))["sops"]["hc_vault"][0]
		assert list(e) == ["vault_address", "engine_path", "key_name", "created_at", "enc"], list(e)
		assert (e["vault_address"], e["engine_path"], e["key_name"]) == (sys.argv[2], "team/sops", "app"), e
		assert e["enc"].startswith("vault:v1:")
	EOF
	run --separate-stderr env VAULT_TOKEN=$TOKEN secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	assert_equal "$output" "$(cat "$T/w/app.yaml")"
	printf '%s\n' "$TOKEN" >"$HOME/.vault-token"
	run secret-seal decrypt --extract '["db_password"]' "$T/w/app.enc.yaml"
	assert_equal "$output" "hunter2-vault"
	[ "$(jq -r 'select(.status == 200) | .op + " " + .mount + " " + .key' "$T/vault.log" | sort -u | tr '\n' ,)" = \
		"decrypt team/sops app,encrypt team/sops app," ]
}

@test "vault: a wrong token, no token, a namespace: exit 4 with the reason, never the token" {
	vault_server --namespace eng/platform
	run --separate-stderr env VAULT_TOKEN=$TOKEN secret-seal encrypt --hc-vault-transit "$VAULT/v1/transit/keys/app" "$T/w/app.yaml"
	assert_status 4
	[[ $stderr == *"Vault transit encrypt: HTTP 403: permission denied"* ]]
	VAULT_TOKEN=$TOKEN VAULT_NAMESPACE=eng/platform secret-seal encrypt --hc-vault-transit "$VAULT/v1/transit/keys/app" \
		-o "$T/w/app.enc.yaml" "$T/w/app.yaml"
	[ "$(jq -r 'select(.status == 200) | .namespace' "$T/vault.log" | sort -u)" = eng/platform ]
	run --separate-stderr env VAULT_TOKEN=hvs.wrong-one VAULT_NAMESPACE=eng/platform secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	[[ $stderr == *"hc_vault $VAULT/v1/transit/keys/app: Vault transit decrypt: HTTP 403: permission denied; check VAULT_TOKEN"* ]]
	[[ $stderr != *hvs.wrong-one* && $stderr != *hunter2* && -z $output ]]
	run env VAULT_NAMESPACE=eng/platform secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	assert_output_contains "no Vault token: VAULT_TOKEN is not set and $HOME/.vault-token"
	# A ciphertext opens only under its own key.
	sed -i 's|key_name: app|key_name: other|' "$T/w/app.enc.yaml"
	run env VAULT_TOKEN=$TOKEN VAULT_NAMESPACE=eng/platform secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	assert_output_contains "HTTP 400: cipher: message authentication failed"
}

@test "vault: hc_vault_transit_uri in .sops.yaml, SOPS_VAULT_URIS, a bad URI; with age, either key opens the file" {
	vault_server
	export VAULT_TOKEN=$TOKEN
	mkdir -p "$T/w/repo"
	secret-seal keygen -o "$T/age.txt" 2>/dev/null
	printf 'creation_rules:\n  - hc_vault_transit_uri: "%s/v1/transit/keys/repo"\n    age: %s\n' \
		"$VAULT" "$(secret-seal pubkey "$T/age.txt")" >"$T/w/repo/.sops.yaml"
	cp "$T/w/app.yaml" "$T/w/repo/app.yaml"
	secret-seal encrypt -i "$T/w/repo/app.yaml"
	grep -q '^          key_name: repo$' "$T/w/repo/app.yaml"
	run secret-seal decrypt "$T/w/repo/app.yaml"
	assert_status 0
	run env -u VAULT_TOKEN SOPS_AGE_KEY_FILE="$T/age.txt" secret-seal decrypt "$T/w/repo/app.yaml"
	assert_status 0
	SOPS_VAULT_URIS="$VAULT/v1/transit/keys/env" secret-seal encrypt -o "$T/w/env.enc.yaml" "$T/w/app.yaml"
	grep -q '^          key_name: env$' "$T/w/env.enc.yaml"
	run secret-seal encrypt --hc-vault-transit "$VAULT/transit/keys/app" "$T/w/app.yaml"
	assert_status 2
	assert_output_contains "is not a Vault transit key URI"
}
