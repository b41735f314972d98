#!/usr/bin/env bats
# secret-seal's SOPS commands: the sops-written vectors, files we write
# checked by an independent implementation (the project's own
# sops_check.py with the data key recovered by the real age), every
# subcommand, tampering and exit statuses.  Only the conformance tests
# (sops-written vectors) need ../shared.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	F=$FIXTURES/secret-seal
	unset SOPS_AGE_KEY SOPS_AGE_KEY_FILE SOPS_AGE_KEY_CMD SOPS_AGE_RECIPIENTS GNUPGHOME SOPS_PGP_FP SOPS_GPG_EXEC
	# No stray keys.txt of the machine's user.
	export XDG_CONFIG_HOME=$T/xdg HOME=$T/home
	mkdir -p "$T/w" "$T/home"
	secret-seal keygen -o "$T/key.txt" 2>/dev/null
	R=$(secret-seal pubkey "$T/key.txt")
	secret-seal keygen -o "$T/key2.txt" 2>/dev/null
	R2=$(secret-seal pubkey "$T/key2.txt")
	export SOPS_AGE_KEY_FILE=$T/key.txt
}

# gpg starts an agent for $HOME/.gnupg when a file has pgp entries.
teardown() {
	GNUPGHOME=$T/home/.gnupg gpgconf --kill gpg-agent 2>/dev/null || true
}

# The independent check: data key through `age`, values and MAC through
# sops_check.py.  Prints the plaintext JSON.
independent() {
	local file=$1 kind=${2:-}
	local key
	key=$(python3 "$F/datakey.py" "$file" "$T/key.txt" $kind) || return 1
	python3 "$F/sops_check.py" "$file" "$key" $kind
}

# A file of ours for the identity tests, encrypted for a third key only:
# $T/third.txt opens $T/w/id.enc.yaml, whose stringData.key is "value".
third_file() {
	secret-seal keygen -o "$T/third.txt" 2>/dev/null
	printf 'stringData:\n    key: value\n' >"$T/w/id.yaml"
	secret-seal encrypt --age "$(secret-seal pubkey "$T/third.txt")" -o "$T/w/id.enc.yaml" "$T/w/id.yaml"
}

@test "sops vectors with an age entry decrypt to the manifest's plaintext (yaml, dotenv)" {
	require_shared vectors/sops || return
	V=$SHARED/vectors/sops
	cp "$V/flux-age-keys.txt" "$T/flux.txt" && chmod 600 "$T/flux.txt"
	for f in flux-algorithms-age.yaml flux-envs.env; do
		run --separate-stderr env SOPS_AGE_KEY_FILE="$T/flux.txt" secret-seal decrypt --output-type json "$V/$f"
		assert_status 0
		python3 "$F/manifest_check.py" "$V/manifest.json" "$f" <<<"$output"
		run env SOPS_AGE_KEY_FILE="$T/flux.txt" secret-seal verify "$V/$f"
		assert_status 0
		assert_equal "$output" ""
	done
	run env SOPS_AGE_KEY_FILE="$T/flux.txt" secret-seal decrypt "$V/flux-envs.env"
	assert_equal "$output" "key=value"
}

@test "identities come from --identity, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD and keys.txt" {
	third_file
	F3=$T/w/id.enc.yaml
	unset SOPS_AGE_KEY_FILE
	x='["stringData"]["key"]'
	run secret-seal decrypt --identity "$T/third.txt" --extract "$x" "$F3"
	assert_equal "$output" "value"
	run env SOPS_AGE_KEY="$(cat "$T/third.txt")" secret-seal decrypt --extract "$x" "$F3"
	assert_equal "$output" "value"
	# Several keys on one line, the matching one last.
	run env SOPS_AGE_KEY="$(grep ^AGE- "$T/key.txt") $(grep ^AGE- "$T/third.txt")" \
		secret-seal decrypt --extract "$x" "$F3"
	assert_equal "$output" "value"
	run env SOPS_AGE_KEY_FILE="$T/third.txt" secret-seal decrypt --extract "$x" "$F3"
	assert_equal "$output" "value"
	run env SOPS_AGE_KEY_CMD="cat '$T/third.txt'" secret-seal decrypt --extract "$x" "$F3"
	assert_equal "$output" "value"
	# The key command learns which recipient it is asked for.
	run env SOPS_AGE_KEY_CMD="sh -c 'echo \"\$SOPS_AGE_RECIPIENT\" >&2; cat $T/third.txt'" \
		secret-seal decrypt --extract "$x" "$F3"
	assert_output_contains "$(secret-seal pubkey "$T/third.txt")"
	mkdir -p "$XDG_CONFIG_HOME/sops/age"
	cp "$T/third.txt" "$XDG_CONFIG_HOME/sops/age/keys.txt"
	run secret-seal decrypt --extract "$x" "$F3"
	assert_equal "$output" "value"
	rm -r "$XDG_CONFIG_HOME"
	mkdir -p "$HOME/.config/sops/age"
	cp "$T/third.txt" "$HOME/.config/sops/age/keys.txt"
	run env -u XDG_CONFIG_HOME secret-seal decrypt --extract "$x" "$F3"
	assert_equal "$output" "value"
}

@test "no identity, a wrong identity, a failing key command: exit 4 with what to do" {
	third_file
	F3=$T/w/id.enc.yaml
	unset SOPS_AGE_KEY_FILE
	run secret-seal decrypt "$F3"
	assert_status 4
	assert_output_contains "no age identity found; set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or pass --identity"
	run secret-seal decrypt --identity "$T/key.txt" "$F3"
	assert_status 4
	# The file's recipient, the identity files tried and their recipients.
	assert_output_contains "age $(secret-seal pubkey "$T/third.txt"): no age identity matches it; tried $T/key.txt ($R); set SOPS_AGE_KEY_FILE or pass --identity"
	run env SOPS_AGE_KEY_FILE="$T/key2.txt" SOPS_AGE_KEY="$(grep ^AGE- "$T/key.txt")" secret-seal decrypt "$F3"
	assert_status 4
	assert_output_contains "tried SOPS_AGE_KEY ($R), $T/key2.txt ($R2); add one of these recipients to the file"
	run env SOPS_AGE_KEY_CMD=false secret-seal decrypt "$F3"
	assert_status 4
	assert_output_contains "SOPS_AGE_KEY_CMD (false) failed"
}

@test "a sops vector wrapped only for PGP, no secret key in gpg's keyring: each key with gpg's reason" {
	require_shared vectors/sops || return
	V=$SHARED/vectors/sops
	run secret-seal decrypt "$V/sops-example.yaml"
	assert_status 4
	assert_output_contains "no key opens the data key; tried:"
	assert_output_contains "pgp FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4: gpg: "
	assert_output_contains "pgp D7229043384BCC60326C6FB9D8720D957C3D3074: gpg: "
}

@test "encrypt YAML: sops_check.py with the key from age agrees; decrypt gives the file back, comments too" {
	cp "$F/config.yaml" "$T/w/staging.yaml"
	run --separate-stderr secret-seal encrypt --age "$R" "$T/w/staging.yaml"
	assert_status 0
	printf '%s\n' "$output" >"$T/w/staging.enc.yaml"
	# Keys readable, values not; clear _unencrypted subtree, empty and null left.
	grep -q '^openai_api_key: ENC\[AES256_GCM,data:' "$T/w/staging.enc.yaml"
	grep -q '^#ENC\[AES256_GCM,.*type:comment\]$' "$T/w/staging.enc.yaml"
	grep -q '^    daily_usd: 40$' "$T/w/staging.enc.yaml"
	grep -q '^empty: ""$' "$T/w/staging.enc.yaml"
	grep -q '^nothing: null$' "$T/w/staging.enc.yaml"
	grep -q 'unencrypted_suffix: _unencrypted' "$T/w/staging.enc.yaml"
	! grep -q 'hunter2\|sk-test' "$T/w/staging.enc.yaml" || false
	run independent "$T/w/staging.enc.yaml"
	assert_status 0
	assert_output_contains "MAC OK"
	assert_output_contains '"url": "postgres://agent:hunter2@db:5432/agent"'
	assert_output_contains '"yes_is_a_string": "yes"'
	run secret-seal decrypt "$T/w/staging.enc.yaml"
	assert_status 0
	assert_equal "$output" "$(cat "$F/config.yaml")"
}

@test "encrypt JSON and dotenv (its quirks kept): independent check and round trip" {
	secret-seal encrypt --age "$R" -o "$T/w/c.enc.json" "$F/config.json"
	run independent "$T/w/c.enc.json"
	assert_status 0
	assert_output_contains "MAC OK"
	run secret-seal decrypt "$T/w/c.enc.json"
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.loads(sys.argv[2]); assert list(a)==list(b) and a==b' \
		"$F/config.json" "$output"
	secret-seal encrypt --age "$R" -o "$T/w/c.enc.env" "$F/config.env"
	grep -q '^sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\n' "$T/w/c.enc.env"
	grep -q '^spaced =ENC\[' "$T/w/c.enc.env"
	run independent "$T/w/c.enc.env"
	assert_status 0
	assert_output_contains "MAC OK"
	assert_output_contains '"QUOTED": "\"kept with quotes\""'
	assert_output_contains '"spaced ": "  value with spaces "'
	assert_output_contains '"MULTI": "first\nsecond"'
	run secret-seal decrypt "$T/w/c.enc.env"
	assert_equal "$output" "$(cat "$F/config.env")"
	# Another output format on the way out.
	run secret-seal decrypt --output-type json "$T/w/c.enc.env"
	assert_output_contains '"API_KEY": "sk-env-secret"'
	# Standard input, with the format named.
	secret-seal encrypt --age "$R" --input-type json - <"$F/config.json" >"$T/w/stdin.enc"
	run secret-seal decrypt --input-type json --output-type dotenv - <"$T/w/stdin.enc"
	assert_status 3
	assert_output_contains "nested value"
	run secret-seal decrypt --input-type json --extract '["vector_db_token"]' - <"$T/w/stdin.enc"
	assert_equal "$output" "vdb-secret-42"
}

@test "key flags: a bad fingerprint, recipient or --encryption-context is a usage error (exit 2), nothing written" {
	run secret-seal encrypt --pgp 'not hex' -o "$T/w/x.yaml" "$F/config.yaml"
	assert_status 2
	assert_output_contains "bad pgp fingerprint 'not hex'"
	run secret-seal encrypt --age age1nope -o "$T/w/x.yaml" "$F/config.yaml"
	assert_status 2
	assert_output_contains "bad age recipient 'age1nope'"
	run secret-seal encrypt --encryption-context 'Env' -o "$T/w/x.yaml" "$F/config.yaml"
	assert_status 2
	assert_output_contains "--encryption-context: 'Env' is not KEY:VALUE"
	run secret-seal rotate --add-pgp '' --rm-age age1nope "$T/w/x.yaml"
	assert_status 2
	[ ! -e "$T/w/x.yaml" ]
}

@test "selection rules: each flag, checked independently; two at once is a usage error" {
	printf 'apiVersion: v1\nkind: Secret\nmetadata:\n    name: x\nstringData:\n    token: abc\n' >"$T/w/s.yaml"
	secret-seal encrypt --age "$R" --encrypted-regex '^(data|stringData)$' -o "$T/w/s.enc.yaml" "$T/w/s.yaml"
	grep -q '^kind: Secret$' "$T/w/s.enc.yaml"
	grep -q '^    token: ENC\[' "$T/w/s.enc.yaml"
	grep -qF 'encrypted_regex: ^(data|stringData)$' "$T/w/s.enc.yaml"
	run independent "$T/w/s.enc.yaml"
	assert_output_contains "MAC OK"
	printf 'a_secret: 1\nb: 2\n' >"$T/w/x.yaml"
	secret-seal encrypt --age "$R" --encrypted-suffix _secret -o "$T/w/x1.enc.yaml" "$T/w/x.yaml"
	grep -q '^a_secret: ENC' "$T/w/x1.enc.yaml" && grep -q '^b: 2$' "$T/w/x1.enc.yaml"
	secret-seal encrypt --age "$R" --unencrypted-regex '^b$' -o "$T/w/x2.enc.yaml" "$T/w/x.yaml"
	grep -q '^a_secret: ENC' "$T/w/x2.enc.yaml" && grep -q '^b: 2$' "$T/w/x2.enc.yaml"
	secret-seal encrypt --age "$R" --unencrypted-suffix _secret -o "$T/w/x3.enc.yaml" "$T/w/x.yaml"
	grep -q '^a_secret: 1$' "$T/w/x3.enc.yaml" && grep -q '^b: ENC' "$T/w/x3.enc.yaml"
	for f in x1 x2 x3; do
		run independent "$T/w/$f.enc.yaml"
		assert_output_contains "MAC OK"
		run secret-seal decrypt "$T/w/$f.enc.yaml"
		assert_equal "$output" "$(cat "$T/w/x.yaml")"
	done
	run secret-seal encrypt --age "$R" --encrypted-suffix a --unencrypted-regex b "$T/w/x.yaml"
	assert_status 2
	run secret-seal encrypt --age "$R" --encrypted-regex '(' "$T/w/x.yaml"
	assert_status 2
	assert_output_contains "bad regular expression"
}

@test "--mac-only-encrypted: clear values may change without a MAC mismatch" {
	printf 'secret: s3cr3t\nreplicas_unencrypted: 2\n' >"$T/w/m.yaml"
	secret-seal encrypt --age "$R" --mac-only-encrypted -o "$T/w/m.enc.yaml" "$T/w/m.yaml"
	grep -q 'mac_only_encrypted: true' "$T/w/m.enc.yaml"
	# The MAC checked independently: SHA-256("sops") first, encrypted values only.
	key=$(python3 "$F/datakey.py" "$T/w/m.enc.yaml" "$T/key.txt")
	run python3 "$F/maconly_check.py" "$T/w/m.enc.yaml" "$key"
	assert_status 0
	sed -i 's/^replicas_unencrypted: 2$/replicas_unencrypted: 3/' "$T/w/m.enc.yaml"
	run secret-seal verify "$T/w/m.enc.yaml"
	assert_status 0
	# Without the flag the same change is caught.
	secret-seal encrypt --age "$R" -o "$T/w/m2.enc.yaml" "$T/w/m.yaml"
	sed -i 's/^replicas_unencrypted: 2$/replicas_unencrypted: 3/' "$T/w/m2.enc.yaml"
	run secret-seal verify "$T/w/m2.enc.yaml"
	assert_status 1
}

@test ".sops.yaml: the first matching creation rule gives recipients and rule; none is exit 2" {
	mkdir -p "$T/w/repo/deploy/config" "$T/w/repo/other"
	cat >"$T/w/repo/.sops.yaml" <<EOF
creation_rules:
  - path_regex: deploy/config/.*\.enc\.yaml\$
    encrypted_regex: ^(openai_api_key|database)\$
    age: >-
      $R,
      $R2
  - path_regex: nomatch
    age: $R
EOF
	cp "$F/config.yaml" "$T/w/repo/deploy/config/prod.enc.yaml"
	(cd "$T/w/repo/deploy" && secret-seal encrypt -i config/prod.enc.yaml)
	f=$T/w/repo/deploy/config/prod.enc.yaml
	[ "$(grep -c 'recipient: age1' "$f")" -eq 2 ]
	grep -q '^enabled: true$' "$f"
	grep -q '^openai_api_key: ENC' "$f"
	run env SOPS_AGE_KEY_FILE="$T/key2.txt" secret-seal decrypt "$f"
	assert_status 0
	assert_equal "$output" "$(cat "$F/config.yaml")"
	cp "$F/config.yaml" "$T/w/repo/other/x.yaml"
	run secret-seal encrypt "$T/w/repo/other/x.yaml"
	assert_status 2
	assert_output_contains "no keys to encrypt for"
	# SOPS_AGE_RECIPIENTS is used when there is no rule.
	run env SOPS_AGE_RECIPIENTS="$R2" secret-seal encrypt "$T/w/repo/other/x.yaml"
	assert_status 0
	assert_output_contains "$R2"
}

@test ".sops.yaml key_groups: one group gives its keys (not the rule's own age:); a Shamir split over two is refused" {
	mkdir -p "$T/w/g"
	cat >"$T/w/g/.sops.yaml" <<EOF
creation_rules:
  - age: $R2
    key_groups:
      - age:
          - $R
EOF
	cp "$F/config.yaml" "$T/w/g/x.yaml"
	run secret-seal encrypt "$T/w/g/x.yaml"
	assert_status 0
	assert_output_contains "recipient: $R"
	[[ $output != *"$R2"* ]]
	cat >"$T/w/g/.sops.yaml" <<EOF
creation_rules:
  - key_groups:
      - age: [$R]
      - age: [$R2]
EOF
	# Both keys in one group would let either open a 2-of-2 file alone.
	run secret-seal encrypt -i "$T/w/g/x.yaml"
	assert_status 3
	assert_output_contains "key_groups (Shamir)"
	cmp "$T/w/g/x.yaml" "$F/config.yaml"
}

@test "encrypting an encrypted file and decrypting a plain one are refused (exit 3), nothing written" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	cp "$T/w/e.yaml" "$T/w/before"
	run secret-seal encrypt --age "$R" -i "$T/w/e.yaml"
	assert_status 3
	assert_output_contains "already encrypted"
	cmp "$T/w/e.yaml" "$T/w/before"
	cp "$F/config.yaml" "$T/w/p.yaml"
	run secret-seal decrypt -i "$T/w/p.yaml"
	assert_status 3
	assert_output_contains "not encrypted"
	cmp "$T/w/p.yaml" "$F/config.yaml"
	printf 'sops_version=1\nA=b\n' >"$T/w/x.env"
	run secret-seal encrypt --age "$R" "$T/w/x.env"
	assert_status 3
}

@test "an empty YAML file or one of comments only is refused as sops does (exit 3); an empty dotenv file is not" {
	: >"$T/w/empty.yaml"
	run secret-seal encrypt --age "$R" -o "$T/w/out.yaml" "$T/w/empty.yaml"
	assert_status 3
	assert_output_contains "no YAML document"
	[ ! -e "$T/w/out.yaml" ]
	printf '# only a comment\n\n' >"$T/w/c.yaml"
	run secret-seal encrypt --age "$R" -i "$T/w/c.yaml"
	assert_status 3
	[ "$(cat "$T/w/c.yaml")" = "# only a comment" ]
	# A document that is null is one document: allowed, as in sops.
	printf -- '---\n' >"$T/w/null.yaml"
	run secret-seal encrypt --age "$R" "$T/w/null.yaml"
	assert_status 0
	: >"$T/w/empty.env"
	run secret-seal encrypt --age "$R" "$T/w/empty.env"
	assert_status 0
	assert_output_contains "sops_mac=ENC["
}

@test "a file without a MAC: refused (exit 1) unless --ignore-mac, as sops does" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	grep -v '^    mac: ' "$T/w/e.yaml" >"$T/w/nomac.yaml"
	run --separate-stderr secret-seal decrypt "$T/w/nomac.yaml"
	assert_status 1
	[[ $stderr == *"the 'sops' metadata has no MAC"*"--ignore-mac"* ]]
	assert_equal "$output" ""
	run secret-seal verify "$T/w/nomac.yaml"
	assert_status 1
	secret-seal decrypt --ignore-mac "$T/w/nomac.yaml" | cmp - "$F/config.yaml"
	secret-seal encrypt --age "$R" -o "$T/w/e.env" "$F/config.env"
	grep -v '^sops_mac=' "$T/w/e.env" >"$T/w/nomac.env"
	run secret-seal decrypt "$T/w/nomac.env"
	assert_status 1
	secret-seal decrypt --ignore-mac "$T/w/nomac.env" | cmp - "$F/config.env"
	# lastmodified is still needed: it is what the MAC would be bound to
	grep -v '^    lastmodified: ' "$T/w/nomac.yaml" >"$T/w/nolm.yaml"
	run secret-seal decrypt --ignore-mac "$T/w/nolm.yaml"
	assert_status 3
	assert_output_contains "lacks lastmodified"
}

@test "tampering: changed ciphertext, swapped values, changed clear value, truncation — exit codes, no value on stderr" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	# One base64 character of a value's data.
	python3 - "$T/w/e.yaml" "$T/w/t1.yaml" <<'EOF'
import sys
s = open(sys.argv[1]).read()
i = s.index("openai_api_key: ENC[AES256_GCM,data:") + len("openai_api_key: ENC[AES256_GCM,data:")
open(sys.argv[2], "w").write(s[:i] + ("B" if s[i] == "A" else "A") + s[i + 1:])
EOF
	run --separate-stderr secret-seal decrypt "$T/w/t1.yaml"
	assert_status 1
	[[ $stderr == *'value at ["openai_api_key"]: authentication failed'* ]]
	assert_equal "$output" ""
	# Swap the values of two keys: each fails its AAD.
	a=$(sed -n 's/^openai_api_key: //p' "$T/w/e.yaml")
	b=$(sed -n 's/^    url: //p' "$T/w/e.yaml")
	awk -v a="$a" -v b="$b" '{ sub(/^openai_api_key: .*/, "openai_api_key: " b); sub(/^    url: .*/, "    url: " a); print }' "$T/w/e.yaml" >"$T/w/t2.yaml"
	run --separate-stderr secret-seal decrypt "$T/w/t2.yaml"
	assert_status 1
	[[ $stderr == *"authentication failed"* ]]
	# A clear value changed: MAC mismatch.
	sed 's/^    daily_usd: 40$/    daily_usd: 4000/' "$T/w/e.yaml" >"$T/w/t3.yaml"
	run --separate-stderr secret-seal verify "$T/w/t3.yaml"
	assert_status 1
	[[ $stderr == *"MAC mismatch"* ]]
	# Only decrypt has --ignore-mac: the hint names it.
	[[ $stderr == *"secret-seal decrypt --ignore-mac"* ]]
	run secret-seal decrypt --ignore-mac "$T/w/t3.yaml"
	assert_status 0
	assert_output_contains "daily_usd: 4000"
	# A renamed key with a clear value passes (keys are not in the MAC).
	sed 's/^    daily_usd: 40$/    daily_eur: 40/' "$T/w/e.yaml" >"$T/w/t4.yaml"
	run secret-seal verify "$T/w/t4.yaml"
	assert_status 0
	# Truncated in the middle of the metadata: cannot be parsed.
	head -c 1500 "$T/w/e.yaml" >"$T/w/t5.yaml"
	run --separate-stderr secret-seal decrypt "$T/w/t5.yaml"
	assert_status 3
	# No plaintext on stderr in any of these.
	for f in t1 t2 t3 t5; do
		run --separate-stderr secret-seal decrypt "$T/w/$f.yaml"
		[[ $stderr != *hunter2* && $stderr != *sk-test* && $stderr != *"line one"* ]]
	done
	# decrypt -i of a tampered file leaves it as it was.
	cp "$T/w/t3.yaml" "$T/w/t3.copy"
	run secret-seal decrypt -i "$T/w/t3.yaml"
	assert_status 1
	cmp "$T/w/t3.yaml" "$T/w/t3.copy"
}

@test "GitHub Actions: decrypted strings are masked (::add-mask:: on stderr) before stdout; --no-github turns it off" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	run --separate-stderr env GITHUB_ACTIONS=true secret-seal decrypt "$T/w/e.yaml"
	assert_status 0
	assert_equal "$output" "$(cat "$F/config.yaml")"
	[[ $stderr == *"::add-mask::sk-test-0123456789"* ]]
	[[ $stderr == *"::add-mask::postgres://agent:hunter2@db:5432/agent"* ]]
	# Each line of a multi-line value; clear (_unencrypted) values and
	# short or non-string ones are not masked.
	[[ $stderr == *"::add-mask::line one"* && $stderr == *"::add-mask::line two"* ]]
	[[ $stderr != *"::add-mask::40"* && $stderr != *"::add-mask::true"* ]]
	run --separate-stderr env GITHUB_ACTIONS=true secret-seal decrypt --no-github "$T/w/e.yaml"
	assert_equal "$stderr" ""
	run --separate-stderr secret-seal decrypt "$T/w/e.yaml"
	assert_equal "$stderr" ""
	printf 'API_KEY: sk-exec-masked\n' >"$T/w/x.yaml"
	secret-seal encrypt --age "$R" -i "$T/w/x.yaml"
	run --separate-stderr env GITHUB_ACTIONS=true secret-seal exec-env "$T/w/x.yaml" -- true
	[[ $stderr == *"::add-mask::sk-exec-masked"* ]]
	# verify, the CI check: a failure is an ::error:: annotation on the file.
	sed 's/daily_usd: 40$/daily_usd: 41/' "$T/w/e.yaml" >"$T/w/edited.yaml"
	run --separate-stderr env GITHUB_ACTIONS=true secret-seal verify "$T/w/edited.yaml"
	assert_status 1
	[[ $output == "::error file=$T/w/edited.yaml,title=secret-seal verify::"*"MAC mismatch"* ]]
	run --separate-stderr env GITHUB_ACTIONS=true secret-seal verify --no-github "$T/w/edited.yaml"
	assert_status 1
	assert_equal "$output" ""
	run --separate-stderr env GITHUB_ACTIONS=true secret-seal verify "$T/w/e.yaml"
	assert_status 0
	assert_equal "$output$stderr" ""
}

@test "decrypt --extract: a string raw, a mapping as a document, a number; missing is exit 1" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	run secret-seal decrypt --extract '["database"]["url"]' "$T/w/e.yaml"
	assert_equal "$output" "postgres://agent:hunter2@db:5432/agent"
	# -o onto a device writes through it.
	run secret-seal decrypt --extract '["database"]["url"]' -o /dev/stdout "$T/w/e.yaml"
	assert_equal "$output" "postgres://agent:hunter2@db:5432/agent"
	[ "$(secret-seal decrypt --extract '["database"]["url"]' "$T/w/e.yaml" | wc -l)" -eq 0 ]
	run secret-seal decrypt --extract "['database']" "$T/w/e.yaml"
	assert_output_contains "pool: 10"
	run secret-seal decrypt --extract '["models"][1]["cost"]' "$T/w/e.yaml"
	assert_equal "$output" "3"
	run secret-seal decrypt --extract '["database"]' --output-type json "$T/w/e.yaml"
	assert_output_contains '"pool": 10'
	run secret-seal decrypt --extract '["nope"]' "$T/w/e.yaml"
	assert_status 1
	assert_output_contains 'component ["nope"] not found'
	run secret-seal decrypt --extract 'database' "$T/w/e.yaml"
	assert_status 2
}

@test "decrypt --output-type k8s-secret: a v1 Secret with base64 data, --name, --namespace, --string-data" {
	printf 'OPENAI_API_KEY: sk-k8s\nDB_URL: "postgres://x"\nWORKERS: 4\n' >"$T/w/staging.enc.yaml"
	secret-seal encrypt --age "$R" -i "$T/w/staging.enc.yaml"
	run --separate-stderr secret-seal decrypt --output-type k8s-secret --namespace agents "$T/w/staging.enc.yaml"
	assert_status 0
	python3 - "$output" <<'EOF'
import base64, sys, yaml
m = yaml.safe_load(sys.argv[1])
assert m["apiVersion"] == "v1" and m["kind"] == "Secret" and m["type"] == "Opaque", m
assert m["metadata"] == {"name": "staging", "namespace": "agents"}, m
d = {k: base64.b64decode(v).decode() for k, v in m["data"].items()}
assert d == {"OPENAI_API_KEY": "sk-k8s", "DB_URL": "postgres://x", "WORKERS": "4"}, d
EOF
	run secret-seal decrypt --output-type k8s-secret --name agent-config --string-data "$T/w/staging.enc.yaml"
	assert_output_contains "name: agent-config"
	assert_output_contains "stringData:"
	assert_output_contains "OPENAI_API_KEY: sk-k8s"
	run secret-seal decrypt --output-type k8s-secret --name Bad_Name "$T/w/staging.enc.yaml"
	assert_status 3
	secret-seal encrypt --age "$R" -o "$T/w/nested.enc.yaml" "$F/config.yaml"
	run secret-seal decrypt --output-type k8s-secret "$T/w/nested.enc.yaml"
	assert_status 3
	assert_output_contains "nested value"
	run secret-seal decrypt --name x "$T/w/staging.enc.yaml"
	assert_status 2
}

@test "exec-env: values in the environment, no shell, exit status passed on, --pristine, nested refused" {
	printf 'API_KEY: sk-exec\nWORKERS: 4\nRATIO: 1.0\nON: true\n' >"$T/w/e.yaml"
	secret-seal encrypt --age "$R" -i "$T/w/e.yaml"
	run secret-seal exec-env "$T/w/e.yaml" -- sh -c 'echo "$API_KEY $WORKERS $RATIO $ON"'
	assert_status 0
	assert_equal "$output" "sk-exec 4 1.0 true"
	run secret-seal exec-env "$T/w/e.yaml" -- sh -c 'exit 7'
	assert_status 7
	# No "--": the command's own options are not ours.
	run secret-seal exec-env "$T/w/e.yaml" printenv -0 API_KEY
	assert_status 0
	run env KEEP=1 secret-seal exec-env --pristine "$T/w/e.yaml" -- /usr/bin/env
	[[ $output == *API_KEY=sk-exec* && $output != *KEEP=1* ]]
	secret-seal encrypt --age "$R" -o "$T/w/n.enc.yaml" "$F/config.yaml"
	run secret-seal exec-env "$T/w/n.enc.yaml" -- true
	assert_status 3
	assert_output_contains "nested value"
	run secret-seal exec-env "$T/w/e.yaml" -- /no/such/command arg
	assert_status 4
	run secret-seal exec-env "$T/w/e.yaml"
	assert_status 2
}

@test "exec-env: one COMMAND word is a shell command line, as sops runs it" {
	printf 'API_KEY: sk-exec\nWORKERS: 4\n' >"$T/w/e.yaml"
	secret-seal encrypt --age "$R" -i "$T/w/e.yaml"
	run --separate-stderr secret-seal exec-env "$T/w/e.yaml" 'echo $API_KEY; echo "$WORKERS" | tr 4 5'
	assert_status 0
	assert_equal "$output" "sk-exec"$'\n'"5"
	run secret-seal exec-env "$T/w/e.yaml" -- 'exit 9'
	assert_status 9
	# The shell's own verdict on a missing program, as under sops.
	run -127 secret-seal exec-env --pristine "$T/w/e.yaml" '/no/such/command'
	assert_status 127
}

@test "set and unset: one value changes (stdin keeps it out of argv), the rest stays byte-identical, MAC valid" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	cp "$T/w/e.yaml" "$T/w/before.yaml"
	printf '"sk-rotated-999"' | secret-seal set "$T/w/e.yaml" '["openai_api_key"]' -
	run secret-seal decrypt --extract '["openai_api_key"]' "$T/w/e.yaml"
	assert_equal "$output" "sk-rotated-999"
	# Only that line and the MAC/lastmodified changed.
	changed=$(diff "$T/w/before.yaml" "$T/w/e.yaml" | grep -c '^>' || true)
	[ "$changed" -le 3 ]
	run independent "$T/w/e.yaml"
	assert_output_contains "MAC OK"
	secret-seal set "$T/w/e.yaml" '["database"]["pool"]' 25
	secret-seal set "$T/w/e.yaml" '["new"]["nested"]' '{"a": [1, 2]}'
	echo "raw secret" | secret-seal set --raw "$T/w/e.yaml" '["raw"]' -
	run secret-seal decrypt --output-type json "$T/w/e.yaml"
	assert_output_contains '"pool": 25'
	assert_output_contains '"raw": "raw secret"'
	secret-seal unset "$T/w/e.yaml" '["models"][0]'
	run secret-seal decrypt --extract '["models"][0]["name"]' "$T/w/e.yaml"
	assert_equal "$output" "claude"
	# An index past the end appends, as in sops; under a scalar it is refused.
	secret-seal set "$T/w/e.yaml" '["models"][7]' '{"name": "new"}'
	run secret-seal decrypt --extract '["models"][1]["name"]' "$T/w/e.yaml"
	assert_equal "$output" "new"
	run secret-seal set "$T/w/e.yaml" '["enabled"][0]' 1
	assert_status 1
	assert_output_contains "its parent is not a list"
	run independent "$T/w/e.yaml"
	assert_output_contains "MAC OK"
	run --separate-stderr secret-seal set "$T/w/e.yaml" '["x"]' 'sk-NOT-JSON'
	assert_status 2
	[[ $stderr == *"not JSON"* && $stderr != *sk-NOT-JSON* ]]
	run secret-seal unset "$T/w/e.yaml" '["missing"]'
	assert_status 1
}

@test "rotate: a new data key, every value re-encrypted, --add-age and --rm-age" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	old=$(python3 "$F/datakey.py" "$T/w/e.yaml" "$T/key.txt")
	secret-seal rotate -i --add-age "$R2" "$T/w/e.yaml"
	new=$(python3 "$F/datakey.py" "$T/w/e.yaml" "$T/key.txt")
	[ "$old" != "$new" ]
	run env SOPS_AGE_KEY_FILE="$T/key2.txt" secret-seal decrypt "$T/w/e.yaml"
	assert_equal "$output" "$(cat "$F/config.yaml")"
	run independent "$T/w/e.yaml"
	assert_output_contains "MAC OK"
	run secret-seal rotate --rm-age "$R" "$T/w/e.yaml"
	assert_status 0
	[[ $output != *"$R"* && $output == *"$R2"* ]]
	run secret-seal rotate --rm-age "$R,$R2" "$T/w/e.yaml"
	assert_status 2
	assert_output_contains "no key would be left"
}

@test "updatekeys: recipients follow .sops.yaml, the same data key, values/MAC/lastmodified untouched" {
	mkdir -p "$T/w/repo"
	printf 'creation_rules:\n  - age: %s\n' "$R" >"$T/w/repo/.sops.yaml"
	cp "$F/config.yaml" "$T/w/repo/app.yaml"
	secret-seal encrypt -i "$T/w/repo/app.yaml"
	key=$(python3 "$F/datakey.py" "$T/w/repo/app.yaml" "$T/key.txt")
	cp "$T/w/repo/app.yaml" "$T/w/before.yaml"
	printf 'creation_rules:\n  - age: %s,%s\n' "$R2" "$R" >"$T/w/repo/.sops.yaml"
	run setsid -w secret-seal updatekeys "$T/w/repo/app.yaml" </dev/null
	assert_status 2
	assert_output_contains "+++ $R2"
	assert_output_contains "no terminal to confirm on: pass -y"
	cmp "$T/w/repo/app.yaml" "$T/w/before.yaml"
	# On a terminal (script(1)): an empty answer declines (exit 1).
	run bash -c "printf '\n' | timeout 120 script -qec 'secret-seal updatekeys $T/w/repo/app.yaml' /dev/null"
	assert_status 1
	assert_output_contains "Apply these changes? [y/N]"
	cmp "$T/w/repo/app.yaml" "$T/w/before.yaml"
	run secret-seal updatekeys -y "$T/w/repo/app.yaml"
	assert_status 0
	assert_output_contains "+++ $R2"
	[ "$(python3 "$F/datakey.py" "$T/w/repo/app.yaml" "$T/key2.txt" yaml 1)" = "$key" ] ||
		[ "$(python3 "$F/datakey.py" "$T/w/repo/app.yaml" "$T/key2.txt" yaml 0)" = "$key" ]
	diff <(grep -v '^            \|enc: |\|recipient:' "$T/w/before.yaml") \
		<(grep -v '^            \|enc: |\|recipient:' "$T/w/repo/app.yaml")
	run secret-seal updatekeys -y "$T/w/repo/app.yaml"
	assert_output_contains "already up to date"
	printf 'creation_rules:\n  - age: %s\n' "$R2" >"$T/w/repo/.sops.yaml"
	run secret-seal updatekeys -y "$T/w/repo/app.yaml"
	assert_output_contains "--- $R"
	run env SOPS_AGE_KEY_FILE="$T/key2.txt" secret-seal verify "$T/w/repo/app.yaml"
	assert_status 0
}

@test "GCP KMS and Azure Key Vault entries are kept by set and updatekeys; rotate refuses to drop them" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	awk '{ print } /^sops:$/ {
		print "    azure_kv:"
		print "        - vault_url: https://v.vault.azure.net"
		print "          name: sops-key"
		print "          version: 0123"
		print "          created_at: \"2025-01-01T00:00:00Z\""
		print "          enc: QXp1cmUgd3JhcHBlZA"
		print "    gcp_kms:"
		print "        - resource_id: projects/p/locations/global/keyRings/r/cryptoKeys/k"
		print "          created_at: \"2025-01-01T00:00:00Z\""
		print "          enc: CiQAwrappedkey=="
	}' "$T/w/e.yaml" >"$T/w/mixed.yaml"
	run secret-seal verify "$T/w/mixed.yaml"
	assert_status 0
	secret-seal set "$T/w/mixed.yaml" '["enabled"]' false
	grep -q 'resource_id: projects/p/locations/global/keyRings/r/cryptoKeys/k' "$T/w/mixed.yaml"
	mkdir -p "$T/w/repo" && cp "$T/w/mixed.yaml" "$T/w/repo/mixed.yaml"
	printf 'creation_rules:\n  - age: %s,%s\n' "$R" "$R2" >"$T/w/repo/.sops.yaml"
	secret-seal updatekeys -y "$T/w/repo/mixed.yaml" >/dev/null
	grep -q 'enc: CiQAwrappedkey==' "$T/w/repo/mixed.yaml"
	grep -q 'vault_url: https://v.vault.azure.net' "$T/w/repo/mixed.yaml"
	# with no age identity, each key is listed with why it did not open
	run env -u SOPS_AGE_KEY_FILE secret-seal decrypt "$T/w/repo/mixed.yaml"
	assert_status 4
	assert_output_contains "gcp_kms: secret-seal cannot use this kind of key"
	assert_output_contains "azure_kv: secret-seal cannot use this kind of key"
	assert_output_contains "age $R: no age identity found"
	run env SOPS_AGE_KEY_FILE="$T/key2.txt" secret-seal decrypt --extract '["enabled"]' "$T/w/repo/mixed.yaml"
	assert_equal "$output" "false"
	cp "$T/w/repo/mixed.yaml" "$T/w/before.yaml"
	run secret-seal rotate -i "$T/w/repo/mixed.yaml"
	assert_status 3
	assert_output_contains "wrapped for gcp_kms keys, which secret-seal cannot re-wrap"
	cmp "$T/w/repo/mixed.yaml" "$T/w/before.yaml"
}

@test "-i is atomic: killed mid-rewrite, the file is the old or the new one, never half" {
	python3 -c 'import sys
for i in range(20000): print("key_%05d: value-%d-%s" % (i, i, "x" * 40))' >"$T/w/big.yaml"
	secret-seal encrypt --age "$R" -i "$T/w/big.yaml"
	for delay in 0.05 0.2 0.4 0.7 1.0 1.4; do
		secret-seal rotate -i "$T/w/big.yaml" &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		run secret-seal verify "$T/w/big.yaml"
		assert_status 0
	done
}

@test "YAML strings that need quotes or block styles (kept newlines too) survive encrypt and decrypt" {
	run python3 "$F/yaml_roundtrip.py" "$(command -v secret-seal)" "$T/key.txt" "$T/w"
	assert_status 0
	# YAML 1.1 booleans are written double-quoted, keys too, as go-yaml v3 (sops) does.
	printf "'on': 'off'\nn: 'y'\n" >"$T/w/b.yaml"
	secret-seal encrypt --age "$R" -i "$T/w/b.yaml"
	grep -q '^"on": ENC\[' "$T/w/b.yaml" && grep -q '^"n": ENC\[' "$T/w/b.yaml"
	run secret-seal decrypt "$T/w/b.yaml"
	assert_equal "$output" "$(printf '"on": "off"\n"n": "y"')"
	# An explicit !!timestamp is stored as Go's text of the time (what sops
	# parses back); an impossible date is refused.
	printf 'd: !!timestamp 2002-12-14\n' >"$T/w/t.yaml"
	secret-seal encrypt --age "$R" -i "$T/w/t.yaml"
	grep -q '^d: ENC\[.*,type:time\]$' "$T/w/t.yaml"
	run secret-seal decrypt --extract '["d"]' "$T/w/t.yaml"
	assert_equal "$output" "2002-12-14T00:00:00Z"
	printf 'd: !!timestamp 2002-02-30\n' >"$T/w/t2.yaml"
	run secret-seal encrypt --age "$R" "$T/w/t2.yaml"
	assert_status 3
	assert_output_contains "t2.yaml:1:4: not a timestamp"
}

@test "YAML comments after flow collections are kept (inside a non-empty one, as sops puts them)" {
	printf 'd: {e: 1, f: 2} # flow\nz: [] # empty\nl:\n  - {a: 1} # item\n' >"$T/w/f.yaml"
	secret-seal encrypt --age "$R" -i "$T/w/f.yaml"
	[ "$(grep -c 'type:comment' "$T/w/f.yaml")" -eq 3 ]
	run secret-seal decrypt "$T/w/f.yaml"
	assert_status 0
	assert_equal "$output" "$(printf 'd:\n    # flow\n    e: 1\n    f: 2\n# empty\nz: []\nl:\n    # item\n    - a: 1')"
}

@test "multi-document YAML: metadata on every document, every document decrypted" {
	printf 'a: 1\n---\nb: two\n' >"$T/w/m.yaml"
	secret-seal encrypt --age "$R" -i "$T/w/m.yaml"
	[ "$(grep -c '^sops:' "$T/w/m.yaml")" -eq 2 ]
	run secret-seal decrypt "$T/w/m.yaml"
	assert_equal "$output" "a: 1"$'\n'"---"$'\n'"b: two"
}

@test "bad input: YAML that does not parse, a non-mapping top level, a bad ENC value — exit 3 with file:line:col" {
	printf 'a: [1,\n' >"$T/w/bad.yaml"
	run secret-seal encrypt --age "$R" "$T/w/bad.yaml"
	assert_status 3
	assert_output_contains "bad.yaml:"
	printf -- '- a\n- b\n' >"$T/w/list.yaml"
	run secret-seal encrypt --age "$R" "$T/w/list.yaml"
	assert_status 3
	assert_output_contains "list.yaml:1:1: the top level must be a mapping"
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	sed -i 's/^openai_api_key: ENC\[AES256_GCM,data:/openai_api_key: ENC[AES256_GCM,dat:/' "$T/w/e.yaml"
	run secret-seal decrypt "$T/w/e.yaml"
	assert_status 3
	run secret-seal encrypt --age age1bogus "$F/config.yaml"
	assert_status 2
	run secret-seal decrypt "$T/w/missing.yaml"
	assert_status 3
	run secret-seal decrypt --output-type toml "$T/w/e.yaml"
	assert_status 2
	# A JSON syntax error does not quote the token (it may be a secret).
	printf '{"key": sk-SECRET-TOKEN}' >"$T/w/bad.json"
	run --separate-stderr secret-seal encrypt --age "$R" "$T/w/bad.json"
	assert_status 3
	[[ $stderr == *"bad.json:1:"*"invalid token"* && $stderr != *SECRET* ]]
}

@test "edit: \$EDITOR on a copy in a private 0700 folder on /dev/shm, re-encrypted, the copy wiped" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	cp "$T/w/e.yaml" "$T/w/before.yaml"
	printf '#!/bin/sh\necho "$1" >"%s"\nstat -c %%a "$(dirname "$1")" >>"%s"\nsed -i "s/pool: 10/pool: 11/" "$1"\n' \
		"$T/where" "$T/where" >"$T/ed"
	chmod +x "$T/ed"
	EDITOR="$T/ed" secret-seal edit "$T/w/e.yaml"
	run secret-seal decrypt --extract '["database"]["pool"]' "$T/w/e.yaml"
	assert_equal "$output" "11"
	copy=$(head -1 "$T/where")
	if [ -d /dev/shm ]; then [[ $copy == /dev/shm/secret-seal.* ]]; fi
	assert_equal "$(sed -n 2p "$T/where")" "700"
	[ ! -e "$copy" ] && [ ! -e "$(dirname "$copy")" ]
	# Only the edited value (and MAC, lastmodified) changed in the file.
	n=$(diff "$T/w/before.yaml" "$T/w/e.yaml" | grep -c "^>")
	[ "$n" -ge 2 ] && [ "$n" -le 3 ]
	# No change: no rewrite.  A failing editor or bad YAML: untouched.
	cp "$T/w/e.yaml" "$T/w/before.yaml"
	run env EDITOR=true secret-seal edit "$T/w/e.yaml"
	assert_status 0
	assert_output_contains "no changes"
	run env EDITOR=false secret-seal edit "$T/w/e.yaml"
	assert_status 1
	printf '#!/bin/sh\necho "a: [" >"$1"\n' >"$T/bad-ed" && chmod +x "$T/bad-ed"
	run env EDITOR="$T/bad-ed" secret-seal edit "$T/w/e.yaml"
	assert_status 3
	cmp "$T/w/e.yaml" "$T/w/before.yaml"
	# No new files from a template (unlike sops): a missing file is exit 3, with what to do.
	run env EDITOR=true secret-seal edit "$T/w/new.yaml"
	assert_status 3
	assert_output_contains "encrypt -i"
	[ ! -e "$T/w/new.yaml" ]
	# Killed while the editor runs: the copy is wiped all the same.
	printf '#!/bin/sh\necho "$1" >"%s"\nkill -TERM $PPID\nsleep 2\n' "$T/where" >"$T/kill-ed"
	chmod +x "$T/kill-ed"
	run env EDITOR="$T/kill-ed" secret-seal edit "$T/w/e.yaml"
	[ "$status" -ne 0 ]
	copy=$(head -1 "$T/where")
	[ ! -e "$copy" ] && [ ! -e "$(dirname "$copy")" ]
	cmp "$T/w/e.yaml" "$T/w/before.yaml"
}

@test "edit: backups and swap files the editor leaves beside the copy are wiped too, signals included" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	# Like emacs: a plaintext backup name~ and an autosave #name#, left behind.
	printf '#!/bin/sh\necho "$1" >"%s"\ncp "$1" "$1~"\ncp "$1" "$(dirname "$1")/#x#"\nsed -i "s/pool: 10/pool: 12/" "$1"\n' \
		"$T/where" >"$T/ed"
	chmod +x "$T/ed"
	EDITOR="$T/ed" secret-seal edit "$T/w/e.yaml"
	run secret-seal decrypt --extract '["database"]["pool"]' "$T/w/e.yaml"
	assert_equal "$output" "12"
	copy=$(head -1 "$T/where")
	[ ! -e "$copy~" ] && [ ! -e "$(dirname "$copy")" ]
	printf '#!/bin/sh\necho "$1" >"%s"\ncp "$1" "$1~"\nkill -TERM $PPID\nsleep 2\n' "$T/where" >"$T/kill-ed"
	chmod +x "$T/kill-ed"
	run env EDITOR="$T/kill-ed" secret-seal edit "$T/w/e.yaml"
	[ "$status" -ne 0 ]
	copy=$(head -1 "$T/where")
	[ ! -e "$copy~" ] && [ ! -e "$(dirname "$copy")" ]
}

@test "edit: with a terminal, a copy that does not parse is offered to the editor again; declined, nothing changes" {
	secret-seal encrypt --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	cp "$T/w/e.yaml" "$T/w/before.yaml"
	# First save: broken YAML; second: the fix.
	cat >"$T/fix-ed" <<EOF
#!/bin/sh
if [ ! -e "$T/orig" ]; then cp "\$1" "$T/orig"; echo 'a: [' >"\$1"
else sed 's/pool: 10/pool: 13/' "$T/orig" >"\$1"; fi
EOF
	chmod +x "$T/fix-ed"
	# script(1) gives the tool a terminal; the answer comes through it.
	run bash -c "printf 'y\n' | timeout 120 script -qec 'EDITOR=$T/fix-ed secret-seal edit $T/w/e.yaml' /dev/null"
	assert_status 0
	assert_output_contains "Open the editor again"
	run secret-seal decrypt --extract '["database"]["pool"]' "$T/w/e.yaml"
	assert_equal "$output" "13"
	cp "$T/w/e.yaml" "$T/w/before.yaml"
	rm "$T/orig"
	run bash -c "printf 'n\n' | timeout 120 script -qec 'EDITOR=$T/fix-ed secret-seal edit $T/w/e.yaml' /dev/null"
	assert_status 3
	cmp "$T/w/e.yaml" "$T/w/before.yaml"
}

@test "--help and --version for every SOPS subcommand" {
	for c in encrypt decrypt verify exec-env set unset rotate updatekeys edit; do
		run secret-seal "$c" --help
		assert_status 0
		assert_output_contains "Usage: secret-seal $c"
		run secret-seal "$c" --version
		assert_status 0
	done
}
