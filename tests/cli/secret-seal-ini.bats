#!/usr/bin/env bats
# secret-seal's INI store: sops's layout (a [sops] section of flattened
# keys, '=' aligned per section), byte for byte against sops's fixture, and
# encrypt, decrypt, set, unset and rotate on INI files.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	unset SOPS_AGE_KEY SOPS_AGE_KEY_FILE SOPS_AGE_KEY_CMD SOPS_AGE_RECIPIENTS SOPS_PGP_FP SOPS_GPG_EXEC
	export XDG_CONFIG_HOME=$T/xdg HOME=$T/home
	mkdir -p "$T/w" "$T/home"
	secret-seal keygen -o "$T/key.txt" 2>/dev/null
	R=$(secret-seal pubkey "$T/key.txt")
	export SOPS_AGE_KEY_FILE=$T/key.txt
	cat >"$T/w/app.ini" <<'EOF'
; service settings
[server]
host = 0.0.0.0
port = 8080

[db]
password = hunter2 ; an inline comment is not part of the value
note_unencrypted = "  padded  "
EOF
}

teardown() {
	[ -d "$T/fx" ] && GNUPGHOME=$T/fx gpgconf --kill gpg-agent 2>/dev/null
	true
}

@test "encrypt and decrypt an INI file: [sops] section, aligned keys, values back as go-ini writes them" {
	secret-seal encrypt --age "$R" -o "$T/w/app.enc.ini" "$T/w/app.ini"
	grep -q '^\[sops\]$' "$T/w/app.enc.ini"
	grep -Eq '^age__list_0__map_enc       = -----BEGIN AGE ENCRYPTED FILE-----\\n' "$T/w/app.enc.ini"
	grep -Eq "^age__list_0__map_recipient = $R$" "$T/w/app.enc.ini"
	grep -Eq '^host = ENC\[AES256_GCM,data:' "$T/w/app.enc.ini"
	grep -Fq 'note_unencrypted = "  padded  "' "$T/w/app.enc.ini"
	secret-seal verify "$T/w/app.enc.ini"
	secret-seal decrypt "$T/w/app.enc.ini" >"$T/out"
	printf '; service settings\n[server]\nhost = 0.0.0.0\nport = 8080\n\n[db]\npassword         = hunter2\nnote_unencrypted = "  padded  "\n' | cmp - "$T/out"
	run secret-seal decrypt --output-type json "$T/w/app.enc.ini"
	assert_output_contains '"password": "hunter2"'
	# a name sops would not recognise, with --input-type
	cp "$T/w/app.ini" "$T/w/app.conf"
	secret-seal encrypt --age "$R" --input-type ini -o "$T/w/conf.enc" "$T/w/app.conf"
	secret-seal decrypt --input-type ini "$T/w/conf.enc" | cmp - "$T/out"
}

@test "sops's INI fixture: decrypted byte for byte; set rewrites only the changed lines" {
	require_shared vectors/sops-pgp || return
	mkdir -p "$T/fx" && chmod 700 "$T/fx"
	export GNUPGHOME=$T/fx
	gpg --batch --quiet --import "$SHARED/vectors/sops-pgp/sops_functional_tests_key.asc" 2>/dev/null
	cp "$SHARED/vectors/sops-pgp/format.enc.ini" "$T/w/f.ini"
	secret-seal decrypt "$T/w/f.ini" >"$T/out"
	printf '[foo]\nbar = baz\n' | cmp - "$T/out"
	secret-seal set "$T/w/f.ini" '["foo"]["bar"]' '"qux"'
	# the value, lastmodified, mac and version lines change; the layout does not
	run sh -c "diff '$SHARED/vectors/sops-pgp/format.enc.ini' '$T/w/f.ini' | grep -E '^[0-9]'"
	assert_equal "$output" "$(printf '2c2\n5,6c5,6\n11c11')"
	secret-seal decrypt "$T/w/f.ini" >"$T/out"
	printf '[foo]\nbar = qux\n' | cmp - "$T/out"
}

@test "set, unset, edit and rotate on INI; nested or sectionless values cannot be written as INI" {
	secret-seal encrypt --age "$R" -o "$T/w/e.ini" "$T/w/app.ini"
	before=$(grep '^host' "$T/w/e.ini")
	secret-seal set "$T/w/e.ini" '["db"]["user"]' '"agent"'
	secret-seal unset "$T/w/e.ini" '["db"]["password"]'
	assert_equal "$(grep '^host' "$T/w/e.ini")" "$before"
	run secret-seal decrypt --extract '["db"]["user"]' "$T/w/e.ini"
	assert_equal "$output" "agent"
	printf '#!/bin/sh\nprintf "[new]\\nk = v\\n" >>"$1"\n' >"$T/ed" && chmod +x "$T/ed"
	EDITOR=$T/ed secret-seal edit "$T/w/e.ini"
	run secret-seal decrypt --extract '["new"]["k"]' "$T/w/e.ini"
	assert_equal "$output" "v"
	secret-seal keygen -o "$T/key2.txt" 2>/dev/null
	R2=$(secret-seal pubkey "$T/key2.txt")
	secret-seal rotate -i --add-age "$R2" --rm-age "$R" "$T/w/e.ini"
	grep -q "^age__list_0__map_recipient = $R2$" "$T/w/e.ini"
	run secret-seal decrypt "$T/w/e.ini"
	assert_status 4
	SOPS_AGE_KEY_FILE=$T/key2.txt secret-seal verify "$T/w/e.ini"
	printf 'a: 1\n' >"$T/w/flat.yaml"
	run secret-seal encrypt --age "$R" --output-type ini "$T/w/flat.yaml"
	assert_status 3
	assert_output_contains "'a' is not a section"
	printf 's:\n  n:\n    deep: 1\n' >"$T/w/deep.yaml"
	run secret-seal encrypt --age "$R" --output-type ini "$T/w/deep.yaml"
	assert_status 3
	assert_output_contains "'s.n' holds a nested value, which INI cannot store"
}

@test "bad INI input: exit 3 with file:line, nothing written" {
	printf '[ok]\na = 1\nnovalue\n' >"$T/w/bad.ini"
	run secret-seal encrypt --age "$R" -o "$T/w/out.ini" "$T/w/bad.ini"
	assert_status 3
	assert_output_contains "bad.ini:3:1: no '=' or ':' on this line; INI lines are key = value"
	[ ! -e "$T/w/out.ini" ]
	printf '[unclosed\n' >"$T/w/bad.ini"
	run secret-seal encrypt --age "$R" "$T/w/bad.ini"
	assert_status 3
	assert_output_contains "bad.ini:1:1: the section header has no closing ']'"
	run secret-seal decrypt "$T/w/app.ini"
	assert_status 3
	assert_output_contains "not encrypted: it has no sops metadata"
}
