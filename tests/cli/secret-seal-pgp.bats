#!/usr/bin/env bats
# secret-seal with PGP keys through the real gpg: sops's own fixtures, files
# we write opened by gpg (the data key) and sops-verify.py (values, MAC),
# every subcommand, rotate/updatekeys round trips, and the failures.
bats_require_minimum_version 1.5.0
load helpers

# A key pair without a passphrase in its own GNUPGHOME; its fingerprint on
# stdout.  Both homes get both public keys.
newkey() {
	local home=$1 name=$2
	mkdir -p "$home" && chmod 700 "$home"
	GNUPGHOME=$home gpg --batch --quiet --passphrase '' --quick-gen-key "$name <$name@example.test>" ed25519 cert never 2>/dev/null
	local fp
	fp=$(GNUPGHOME=$home gpg --batch --with-colons --list-keys "$name@example.test" | awk -F: '/^fpr/ { print $10; exit }')
	GNUPGHOME=$home gpg --batch --quiet --passphrase '' --quick-add-key "$fp" cv25519 encr never 2>/dev/null
	echo "$fp"
}

setup() {
	T=$BATS_TEST_TMPDIR
	F=$FIXTURES/secret-seal
	unset SOPS_AGE_KEY SOPS_AGE_KEY_FILE SOPS_AGE_KEY_CMD SOPS_AGE_RECIPIENTS SOPS_PGP_FP SOPS_GPG_EXEC
	export XDG_CONFIG_HOME=$T/xdg HOME=$T/home
	mkdir -p "$T/w" "$T/home"
	FP1=$(newkey "$T/g1" one)
	FP2=$(newkey "$T/g2" two)
	GNUPGHOME=$T/g1 gpg --batch --export "$FP1" | GNUPGHOME=$T/g2 gpg --batch --quiet --import
	GNUPGHOME=$T/g2 gpg --batch --export "$FP2" | GNUPGHOME=$T/g1 gpg --batch --quiet --import
	export GNUPGHOME=$T/g1
}

teardown() {
	for h in "$T/g1" "$T/g2" "$T/fx" "$T/home/.gnupg"; do
		[ -d "$h" ] && GNUPGHOME=$h gpgconf --kill gpg-agent 2>/dev/null
	done
	true
}

# sops-verify.py, the shared independent checker (values and MAC), when
# the shared data is there (CI requires it); the behaviour around it is
# tested without it.
conformance() {
	if [ -z "${AGENTCI_SHARED:-}" ] || [ ! -e "$AGENTCI_SHARED/tools/sops-verify.py" ]; then
		[ -z "${AGENTCI_REQUIRE_SHARED:-}" ] || { echo "shared data missing: sops-verify.py" >&2; return 1; }
		return 0
	fi
	python3 "$AGENTCI_SHARED/tools/sops-verify.py" "$@" | grep -q "MAC OK"
}

# The fixtures' key in its own home.
fixture_home() {
	mkdir -p "$T/fx" && chmod 700 "$T/fx"
	GNUPGHOME=$T/fx gpg --batch --quiet --import "$SHARED/vectors/sops-pgp/sops_functional_tests_key.asc" 2>/dev/null
}

@test "sops's PGP fixtures decrypt to exactly what sops's functional tests assert" {
	require_shared vectors/sops-pgp || return
	V=$SHARED/vectors/sops-pgp
	fixture_home
	export GNUPGHOME=$T/fx
	secret-seal decrypt "$V/format.enc.yaml" >"$T/out"
	printf 'foo: bar\n' | cmp - "$T/out"
	secret-seal decrypt "$V/format.enc.json" >"$T/out"
	printf '{\n\t"foo": "bar"\n}\n' | cmp - "$T/out"
	secret-seal decrypt "$V/format.enc.env" >"$T/out"
	printf 'foo = bar\n' | cmp - "$T/out"
	secret-seal decrypt "$V/format.enc.ini" >"$T/out"
	printf '[foo]\nbar = baz\n' | cmp - "$T/out"
	for f in yaml json env ini; do
		secret-seal verify "$V/format.enc.$f"
	done
	# the same through stdin with --input-type
	secret-seal decrypt --input-type ini - <"$V/format.enc.ini" >"$T/out"
	printf '[foo]\nbar = baz\n' | cmp - "$T/out"
}

@test "encrypt --pgp: gpg opens the data key, sops-verify.py the values and MAC; fp and created_at as sops writes them" {
	secret-seal encrypt --pgp "$FP1" -o "$T/w/e.yaml" "$F/config.yaml"
	grep -q "fp: $FP1" "$T/w/e.yaml"
	grep -Eq '^        - created_at: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"$' "$T/w/e.yaml"
	grep -q -- '-----BEGIN PGP MESSAGE-----' "$T/w/e.yaml"
	key=$(python3 "$F/pgp_datakey.py" "$T/w/e.yaml")
	conformance "$T/w/e.yaml" "$key"
	secret-seal decrypt "$T/w/e.yaml" | cmp - "$F/config.yaml"
	# JSON and dotenv too, the fingerprint given with gpg's spaces
	spaced=$(echo "$FP1" | sed 's/..../& /g')
	secret-seal encrypt --pgp "$spaced" -o "$T/w/e.json" "$F/config.json"
	grep -q "\"fp\": \"$FP1\"" "$T/w/e.json"
	key=$(python3 "$F/pgp_datakey.py" "$T/w/e.json")
	conformance "$T/w/e.json" "$key"
	SOPS_PGP_FP=$FP1 secret-seal encrypt -o "$T/w/e.env" "$F/config.env"
	grep -q "^sops_pgp__list_0__map_fp=$FP1$" "$T/w/e.env"
	key=$(python3 "$F/pgp_datakey.py" "$T/w/e.env")
	conformance "$T/w/e.env" "$key"
}

@test "the data key never touches the disk or argv: gpg gets it on a pipe" {
	# A stand-in gpg that records its argv and what kind of stdin it got.
	mkdir -p "$T/bin"
	cat >"$T/bin/gpg" <<EOF
#!/bin/sh
echo "\$*" >>"$T/argv"
ls -l /proc/self/fd/0 >>"$T/stdin"
exec gpg "\$@"
EOF
	chmod +x "$T/bin/gpg"
	SOPS_GPG_EXEC=$T/bin/gpg secret-seal encrypt --pgp "$FP1" -o "$T/w/e.yaml" "$F/config.yaml"
	SOPS_GPG_EXEC=$T/bin/gpg secret-seal decrypt "$T/w/e.yaml" >/dev/null
	grep -q -- "--encrypt -a -r $FP1" "$T/argv"
	grep -q -- "--decrypt" "$T/argv"
	run grep -vc 'pipe:' "$T/stdin"
	assert_equal "$output" "0"
	key=$(python3 "$F/pgp_datakey.py" "$T/w/e.yaml")
	run grep -rqi "$key" "$T/argv" "$T/stdin"
	assert_status 1
}

@test "decrypt, exec-env, set, unset, verify and edit with a PGP key" {
	secret-seal encrypt --pgp "$FP1" -o "$T/w/e.env" "$F/config.env"
	want=$(grep '^API_KEY=' "$F/config.env" | cut -d= -f2-)
	run secret-seal exec-env "$T/w/e.env" -- sh -c 'printf %s "$API_KEY"'
	assert_status 0
	assert_equal "$output" "$want"
	secret-seal encrypt --pgp "$FP1" -o "$T/w/e.yaml" "$F/config.yaml"
	printf '"s3cret"' | secret-seal set "$T/w/e.yaml" '["api_key"]' -
	run secret-seal decrypt --extract '["api_key"]' "$T/w/e.yaml"
	assert_equal "$output" "s3cret"
	secret-seal unset "$T/w/e.yaml" '["api_key"]'
	run secret-seal decrypt --extract '["api_key"]' "$T/w/e.yaml"
	assert_status 1
	secret-seal verify "$T/w/e.yaml"
	printf '#!/bin/sh\nprintf "added: yes\\n" >>"$1"\n' >"$T/ed" && chmod +x "$T/ed"
	EDITOR=$T/ed secret-seal edit "$T/w/e.yaml"
	run secret-seal decrypt --extract '["added"]' "$T/w/e.yaml"
	assert_equal "$output" "yes"
	grep -q "fp: $FP1" "$T/w/e.yaml"
	key=$(python3 "$F/pgp_datakey.py" "$T/w/e.yaml")
	conformance "$T/w/e.yaml" "$key"
}

@test "rotate --add-pgp/--rm-pgp: a new data key, kept created_at, opened by the key that is left" {
	secret-seal encrypt --pgp "$FP1" -o "$T/w/e.yaml" "$F/config.yaml"
	created=$(grep 'created_at' "$T/w/e.yaml")
	old=$(python3 "$F/pgp_datakey.py" "$T/w/e.yaml")
	sleep 1
	secret-seal rotate -i --add-pgp "$FP2" "$T/w/e.yaml"
	grep -q "fp: $FP1" "$T/w/e.yaml"
	grep -q "fp: $FP2" "$T/w/e.yaml"
	# the entry that stayed keeps its created_at, as sops does
	grep -qF "$created" "$T/w/e.yaml"
	new=$(python3 "$F/pgp_datakey.py" "$T/w/e.yaml")
	[ "$old" != "$new" ]
	GNUPGHOME=$T/g2 secret-seal decrypt "$T/w/e.yaml" | cmp - "$F/config.yaml"
	secret-seal rotate -i --rm-pgp "$FP1" "$T/w/e.yaml"
	run grep -c "fp: " "$T/w/e.yaml"
	assert_equal "$output" "1"
	run secret-seal decrypt "$T/w/e.yaml"
	assert_status 4
	assert_output_contains "pgp $FP2: gpg: "
	GNUPGHOME=$T/g2 secret-seal decrypt "$T/w/e.yaml" | cmp - "$F/config.yaml"
	key=$(GNUPGHOME=$T/g2 python3 "$F/pgp_datakey.py" "$T/w/e.yaml")
	conformance "$T/w/e.yaml" "$key"
	# mixing kinds: an age key added beside the pgp one
	secret-seal keygen -o "$T/age.txt" 2>/dev/null
	R=$(secret-seal pubkey "$T/age.txt")
	GNUPGHOME=$T/g2 secret-seal rotate -i --add-age "$R" "$T/w/e.yaml"
	SOPS_AGE_KEY_FILE=$T/age.txt secret-seal decrypt "$T/w/e.yaml" | cmp - "$F/config.yaml"
	run secret-seal rotate -i --add-pgp "not-a-fingerprint" "$T/w/e.yaml"
	assert_status 2
	assert_output_contains "bad pgp fingerprint 'not-a-fingerprint'"
}

@test ".sops.yaml: pgp in a creation rule and in a key group; updatekeys re-wraps the same data key" {
	mkdir -p "$T/w/repo"
	printf 'creation_rules:\n  - path_regex: \\.yaml$\n    pgp: %s\n' "$FP1" >"$T/w/repo/.sops.yaml"
	cp "$F/config.yaml" "$T/w/repo/app.yaml"
	secret-seal encrypt -i "$T/w/repo/app.yaml"
	grep -q "fp: $FP1" "$T/w/repo/app.yaml"
	before=$(python3 "$F/pgp_datakey.py" "$T/w/repo/app.yaml")
	values=$(grep -v '^sops:\|^    ' "$T/w/repo/app.yaml")
	printf 'creation_rules:\n  - key_groups:\n      - pgp:\n          - %s\n          - %s\n' "$FP1" "$FP2" >"$T/w/repo/.sops.yaml"
	run secret-seal updatekeys -y "$T/w/repo/app.yaml"
	assert_status 0
	assert_output_contains "+++ pgp $FP2"
	after=$(GNUPGHOME=$T/g2 python3 "$F/pgp_datakey.py" "$T/w/repo/app.yaml" yaml 1)
	assert_equal "$after" "$before"
	assert_equal "$(grep -v '^sops:\|^    ' "$T/w/repo/app.yaml")" "$values"
	GNUPGHOME=$T/g2 secret-seal verify "$T/w/repo/app.yaml"
	printf 'creation_rules:\n  - pgp: "%s"\n' "$FP2" >"$T/w/repo/.sops.yaml"
	run secret-seal updatekeys -y "$T/w/repo/app.yaml"
	assert_output_contains "--- pgp $FP1"
	run secret-seal decrypt "$T/w/repo/app.yaml"
	assert_status 4
	GNUPGHOME=$T/g2 secret-seal decrypt "$T/w/repo/app.yaml" | cmp - "$F/config.yaml"
	printf 'creation_rules:\n  - pgp: "zz"\n' >"$T/w/repo/.sops.yaml"
	run secret-seal updatekeys -y "$T/w/repo/app.yaml"
	assert_status 3
	assert_output_contains ".sops.yaml: creation_rules[0].pgp: bad pgp fingerprint 'zz'"
}

@test "no gpg, no secret key: exit 4 listing each key tried with its reason, no secret" {
	secret-seal keygen -o "$T/age.txt" 2>/dev/null
	R=$(secret-seal pubkey "$T/age.txt")
	secret-seal encrypt --pgp "$FP1,$FP2" --age "$R" -o "$T/w/e.yaml" "$F/config.yaml"
	key=$(python3 "$F/pgp_datakey.py" "$T/w/e.yaml")
	run env SOPS_GPG_EXEC="$T/no/such/gpg" secret-seal decrypt "$T/w/e.yaml"
	assert_status 4
	assert_output_contains "no key opens the data key; tried:"
	assert_output_contains "age $R: no age identity found"
	assert_output_contains "pgp $FP1: cannot run $T/no/such/gpg: No such file or directory; install gnupg or set SOPS_GPG_EXEC"
	assert_output_contains "pgp $FP2: cannot run"
	mkdir -p "$T/empty" && chmod 700 "$T/empty"
	run env GNUPGHOME="$T/empty" secret-seal decrypt "$T/w/e.yaml"
	assert_status 4
	assert_output_contains "pgp $FP1: gpg: decryption failed: No secret key"
	run grep -qi "$key" <<<"$output"
	assert_status 1
	# sops's order: age first; pgp is never asked when age opens it
	SOPS_GPG_EXEC="$T/no/such/gpg" SOPS_AGE_KEY_FILE=$T/age.txt secret-seal decrypt "$T/w/e.yaml" | cmp - "$F/config.yaml"
	# and any one of the keys is enough
	GNUPGHOME=$T/g2 secret-seal decrypt "$T/w/e.yaml" | cmp - "$F/config.yaml"
	# an entry gpg opens but that holds no 32-byte data key: the file is bad (exit 3)
	secret-seal encrypt --pgp "$FP1" -o "$T/w/one.yaml" "$F/config.yaml"
	printf 'short' | gpg --batch --quiet --trust-model always --encrypt -a -r "$FP1" >"$T/short.asc"
	python3 - "$T/w/one.yaml" "$T/short.asc" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
doc["sops"]["pgp"][0]["enc"] = open(sys.argv[2]).read()
open(sys.argv[1], "w").write(yaml.safe_dump(doc))
PY
	run secret-seal decrypt "$T/w/one.yaml"
	assert_status 3
	assert_output_contains "pgp $FP1: gpg gave 5 bytes, not a 32-byte data key"
	# encrypting for a key gpg does not know: exit 4, nothing written
	run env GNUPGHOME="$T/empty" secret-seal encrypt --pgp "$FP1" -o "$T/w/x.yaml" "$F/config.yaml"
	assert_status 4
	assert_output_contains "cannot wrap the data key for pgp $FP1: gpg: "
	[ ! -e "$T/w/x.yaml" ]
}
