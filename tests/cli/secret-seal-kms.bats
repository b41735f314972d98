#!/usr/bin/env bats
# secret-seal and AWS KMS: data keys wrapped by KMS Encrypt/Decrypt against
# tests/servers/fake_aws.py, which checks every signed request with
# botocore's SigV4 signer (not ours) and refuses a wrong one; credentials
# from each source the AWS SDK reads (environment, AWS_PROFILE in the
# shared files, web identity, GitHub Actions' OIDC token), a role assumed
# on top, and entries written as sops writes them.
bats_require_minimum_version 1.5.0
load helpers
load ../servers/lib

ARN=arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
ROLE=arn:aws:iam::111122223333:role/ci-deploy
AKID=AKIAIOSFODNN7EXAMPLE
SECRET='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'

setup() {
	T=$BATS_TEST_TMPDIR
	unset SOPS_AGE_KEY SOPS_AGE_KEY_CMD SOPS_KMS_ARN AWS_PROFILE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE \
		AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_KMS \
		AWS_ENDPOINT_URL_STS ACTIONS_ID_TOKEN_REQUEST_URL ACTIONS_ID_TOKEN_REQUEST_TOKEN AWS_CONFIG_FILE \
		AWS_SHARED_CREDENTIALS_FILE AWS_ROLE_SESSION_NAME
	export XDG_CONFIG_HOME=$T/xdg HOME=$T/home SOPS_AGE_KEY_FILE=$T/none.txt
	mkdir -p "$T/w" "$T/home"
	printf 'api_key: sk-kms-secret\nreplicas: 3\n' >"$T/w/app.yaml"
}

teardown() {
	server_stop
}

# Start fake_aws.py with the arguments given; its URL in $AWS.  botocore
# takes seconds to import on a busy machine, so wait longer than
# server_start does.
aws_server() {
	local pf=$T/aws.port
	rm -f "$pf"
	python3 "$SERVERS/fake_aws.py" --port-file "$pf" --log "$T/aws.log" "$@" >"$T/aws.err" 2>&1 &
	echo $! >>"$BATS_TEST_TMPDIR/servers.pids"
	for _ in $(seq 600); do [ -s "$pf" ] && break; sleep 0.1; done
	[ -s "$pf" ] || { cat "$T/aws.err" >&2; return 1; }
	AWS=http://127.0.0.1:$(cat "$pf")
	export AWS_ENDPOINT_URL=$AWS
}

# Encrypt app.yaml for $ARN with the environment's credentials.
encrypt_env() {
	AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal encrypt "$@" -o "$T/w/app.enc.yaml" "$T/w/app.yaml"
}

# The log lines of one action, as JSON.
logged() {
	grep "\"action\": \"$1\"" "$T/aws.log"
}

@test "kms: --kms and --encryption-context written as sops writes them; decrypt with environment credentials" {
	aws_server --user "$AKID:$SECRET"
	encrypt_env --kms "$ARN" --encryption-context app:web,env:prod
	python3 - "$T/w/app.enc.yaml" "$ARN" <<-'EOF'
		import sys, yaml
		doc = yaml.safe_load(open(sys.argv[1]))
		e = doc["sops"]["kms"][0]
		assert list(e) == ["arn", "context", "created_at", "enc", "aws_profile"], list(e)
		assert e["arn"] == sys.argv[2] and e["aws_profile"] == ""
		assert e["context"] == {"app": "web", "env": "prod"}
		assert "age" not in doc["sops"] and doc["api_key"].startswith("ENC[")
	EOF
	run --separate-stderr env AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	assert_equal "$output" "$(cat "$T/w/app.yaml")"
	# Signed for the ARN's region and service, the context sent both times.
	[ "$(logged Encrypt | jq -r '[.region, .service, .akid, (.context | tojson)] | join(" ")')" = \
		"eu-west-1 kms $AKID {\"app\":\"web\",\"env\":\"prod\"}" ]
	[ "$(logged Decrypt | jq -r .context.env)" = prod ]
	# dotenv: the entry flattened with its keys sorted, as sops writes it.
	printf 'API_KEY=sk-env\n' >"$T/w/app.env"
	AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal encrypt --kms "$ARN" \
		--encryption-context app:web -o "$T/w/app.enc.env" "$T/w/app.env"
	[ "$(grep -o '^sops_kms__list_0__map_[a-z_]*' "$T/w/app.enc.env" | tr '\n' ' ')" = \
		"sops_kms__list_0__map_arn sops_kms__list_0__map_aws_profile sops_kms__list_0__map_context__map_app sops_kms__list_0__map_created_at sops_kms__list_0__map_enc " ]
	run env AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.env"
	assert_equal "$output" "API_KEY=sk-env"
	# The context is part of the key: without it KMS refuses.
	sed -i '/context:/,/env: prod/d' "$T/w/app.enc.yaml"
	run env AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	assert_output_contains "InvalidCiphertextException"
}

@test "kms: a wrong secret key or an expired signature is refused: exit 4, the reason, no secret" {
	aws_server --user "$AKID:$SECRET"
	encrypt_env --kms "$ARN"
	wrong='AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
	run --separate-stderr env AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$wrong secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	[[ $stderr == *"kms $ARN: KMS Decrypt: HTTP 400 InvalidSignatureException: The request signature we calculated does not match"* ]]
	[[ $stderr != *"$wrong"* && $stderr != *"$SECRET"* && $stderr != *sk-kms-secret* ]]
	[ -z "$output" ]
	server_stop || true
	# The server's clock an hour ahead: our signature is an hour old.
	aws_server --user "$AKID:$SECRET" --skew 3600
	run --separate-stderr env AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	[[ $stderr == *"InvalidSignatureException: Signature expired"* && $stderr != *"$SECRET"* ]]
	# An unknown access key.
	server_stop || true
	aws_server --user "OTHERKEY:$SECRET"
	run env AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	assert_output_contains "UnrecognizedClientException"
}

@test "kms: a KMS server error or throttling is tried three times, then reported" {
	# A throttled request, then a server error, then the answer.
	aws_server --user "$AKID:$SECRET" --fail-first 2
	encrypt_env --kms "$ARN"
	[ "$(grep -c 'KMSInternalException\|ThrottlingException' "$T/aws.log")" -eq 2 ]
	run env AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	server_stop || true
	aws_server --user "$AKID:$SECRET" --fail-first 3
	run encrypt_env --kms "$ARN"
	assert_status 4
	assert_output_contains "KMS Encrypt: HTTP 500 KMSInternalException"
}

@test "kms: no credentials anywhere: exit 4 naming the sources looked at" {
	aws_server --user "$AKID:$SECRET"
	encrypt_env --kms "$ARN"
	run secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	assert_output_contains "no AWS credentials: none in the environment"
	assert_output_contains "$HOME/.aws/credentials"
	run env AWS_ACCESS_KEY_ID=$AKID secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	assert_output_contains "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
}

@test "kms: AWS_PROFILE and the default profile from the shared files; a role through source_profile" {
	aws_server --user "$AKID:$SECRET" --user "AKIDPROD:prodsecret" --role "$ROLE"
	encrypt_env --kms "$ARN"
	mkdir -p "$HOME/.aws"
	printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[prod]\naws_access_key_id=AKIDPROD\naws_secret_access_key=prodsecret\n' \
		"$AKID" "$SECRET" >"$HOME/.aws/credentials"
	printf '[profile deploy]\nrole_arn = %s\nsource_profile = prod\n' "$ROLE" >"$HOME/.aws/config"
	run secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	run env AWS_PROFILE=prod secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	run env AWS_PROFILE=deploy secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	assert_output_contains "api_key: sk-kms-secret"
	[ "$(logged Decrypt | jq -r .akid | head -1)" = "$AKID" ]
	[ "$(logged Decrypt | jq -r .akid | sed -n 2p)" = AKIDPROD ]
	[ "$(logged AssumeRole | jq -r '.akid + " " + .role')" = "AKIDPROD $ROLE" ]
	[ "$(logged Decrypt | jq -r .role | tail -1)" = "$ROLE" ]
	run env AWS_PROFILE=nosuch secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	assert_output_contains "AWS profile 'nosuch' is in neither"
	# The files named by AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE.
	mv "$HOME/.aws" "$T/elsewhere"
	run env AWS_SHARED_CREDENTIALS_FILE="$T/elsewhere/credentials" AWS_CONFIG_FILE="$T/elsewhere/config" \
		AWS_PROFILE=deploy secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
}

@test "kms: an entry's aws_profile picks its credentials, as sops does" {
	aws_server --user "$AKID:$SECRET" --user "AKIDPROD:prodsecret" --allow AKIDPROD
	mkdir -p "$HOME/.aws"
	printf '[prod]\naws_access_key_id=AKIDPROD\naws_secret_access_key=prodsecret\n' >"$HOME/.aws/credentials"
	encrypt_env --kms "$ARN" --aws-profile prod
	grep -q '^          aws_profile: prod$' "$T/w/app.enc.yaml"
	# The environment's keys are not allowed to use the key; the profile's are.
	run env AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	[ "$(logged Decrypt | jq -r .akid)" = AKIDPROD ]
}

@test "kms: web identity from AWS_WEB_IDENTITY_TOKEN_FILE through STS AssumeRoleWithWebIdentity" {
	aws_server --user "$AKID:$SECRET" --role "$ROLE" --web-identity-token "eyJ.file-token.sig" --allow "$ROLE"
	# Only the role may use the key: encrypt with it too.
	printf 'eyJ.file-token.sig\n' >"$T/token"
	export AWS_ROLE_ARN=$ROLE AWS_WEB_IDENTITY_TOKEN_FILE=$T/token
	secret-seal encrypt --kms "$ARN" -o "$T/w/app.enc.yaml" "$T/w/app.yaml"
	run secret-seal decrypt --extract '["api_key"]' "$T/w/app.enc.yaml"
	assert_status 0
	assert_equal "$output" "sk-kms-secret"
	[ "$(logged AssumeRoleWithWebIdentity | jq -r .role | sort -u)" = "$ROLE" ]
	[ "$(logged Decrypt | jq -r .role)" = "$ROLE" ]
	printf 'eyJ.stolen.sig\n' >"$T/token"
	run --separate-stderr secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	[[ $stderr == *"AssumeRoleWithWebIdentity $ROLE"*"InvalidIdentityToken"* && $stderr != *stolen* ]]
	rm "$T/token"
	run secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	assert_output_contains "web identity token file $T/token: No such file or directory"
	# The same from a profile: role_arn with web_identity_token_file.
	unset AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE
	printf 'eyJ.file-token.sig\n' >"$T/token2"
	mkdir -p "$HOME/.aws"
	printf '[profile ci]\nrole_arn = %s\nweb_identity_token_file = %s\n' "$ROLE" "$T/token2" >"$HOME/.aws/config"
	run env AWS_PROFILE=ci secret-seal decrypt --extract '["api_key"]' "$T/w/app.enc.yaml"
	assert_status 0
	assert_equal "$output" "sk-kms-secret"
}

@test "kms: in GitHub Actions, the runner's OIDC token (audience sts.amazonaws.com) exchanged for the role" {
	aws_server --role "$ROLE" --oidc-bearer runner-request-token --allow "$ROLE"
	export AWS_ROLE_ARN=$ROLE ACTIONS_ID_TOKEN_REQUEST_TOKEN=runner-request-token
	export ACTIONS_ID_TOKEN_REQUEST_URL="$AWS/oidc/token?api-version=2.0"
	secret-seal encrypt --kms "$ARN" -o "$T/w/app.enc.yaml" "$T/w/app.yaml"
	run --separate-stderr env GITHUB_ACTIONS=true secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	assert_equal "$output" "$(cat "$T/w/app.yaml")"
	[[ $stderr != *runner-request-token* ]]
	[ "$(logged oidc | jq -r .audience | sort -u)" = sts.amazonaws.com ]
	[ "$(logged AssumeRoleWithWebIdentity | wc -l)" -ge 2 ]
	# A request token the runner did not issue.
	run --separate-stderr env ACTIONS_ID_TOKEN_REQUEST_TOKEN=forged secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	[[ $stderr == *"GitHub Actions OIDC token request: HTTP 401"*"id-token: write"* && $stderr != *forged* ]]
}

@test "kms: ARN+ROLE assumes the role on top of the credentials (sts:AssumeRole, signed)" {
	aws_server --user "$AKID:$SECRET" --role "$ROLE" --allow "$ROLE"
	# The base credentials alone may not use the key.
	run encrypt_env --kms "$ARN"
	assert_status 4
	assert_output_contains "AccessDeniedException"
	encrypt_env --kms "$ARN+$ROLE"
	grep -q "^          role: $ROLE\$" "$T/w/app.enc.yaml"
	run env AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	[ "$(logged AssumeRole | jq -r '.akid + " " + .region' | sort -u)" = "$AKID eu-west-1" ]
	# STS is asked at AWS_ENDPOINT_URL_STS, KMS at AWS_ENDPOINT_URL_KMS.
	unset AWS_ENDPOINT_URL
	run env AWS_ENDPOINT_URL_KMS=$AWS AWS_ENDPOINT_URL_STS=http://127.0.0.1:9 \
		AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	assert_output_contains "STS AssumeRole $ROLE at http://127.0.0.1:9"
	run env AWS_ENDPOINT_URL_KMS=$AWS AWS_ENDPOINT_URL_STS=$AWS \
		AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
}

@test "kms: a file with age and KMS keys opens with either one alone" {
	aws_server --user "$AKID:$SECRET"
	secret-seal keygen -o "$T/age.txt" 2>/dev/null
	encrypt_env --kms "$ARN" --age "$(secret-seal pubkey "$T/age.txt")"
	# age only: no AWS credentials at all.
	run env SOPS_AGE_KEY_FILE="$T/age.txt" secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	assert_equal "$output" "$(cat "$T/w/app.yaml")"
	[ -z "$(logged Decrypt)" ]
	# KMS only: no age identity.
	run env AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 0
	[ "$(logged Decrypt | wc -l)" -eq 1 ]
	# Neither: each key with its reason.
	run secret-seal decrypt "$T/w/app.enc.yaml"
	assert_status 4
	assert_output_contains "no key opens the data key; tried:"
	assert_output_contains "  age age1"
	assert_output_contains "  kms $ARN: no AWS credentials"
}

@test "kms: SOPS_KMS_ARN, .sops.yaml kms: with aws_profile, key groups; rotate --add-kms/--rm-kms" {
	aws_server --user "$AKID:$SECRET" --user "AKIDPROD:prodsecret"
	export AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET
	SOPS_KMS_ARN="$ARN" secret-seal encrypt -o "$T/w/env.enc.yaml" "$T/w/app.yaml"
	grep -q "^        - arn: $ARN\$" "$T/w/env.enc.yaml"
	mkdir -p "$T/w/repo" "$HOME/.aws"
	printf '[prod]\naws_access_key_id=AKIDPROD\naws_secret_access_key=prodsecret\n' >"$HOME/.aws/credentials"
	ARN2=arn:aws:kms:us-east-2:111122223333:alias/sops
	printf 'creation_rules:\n  - path_regex: prod/.*\n    kms: "%s, %s"\n    aws_profile: prod\n  - kms:\n    key_groups:\n      - kms:\n          - arn: %s\n            context: {team: payments}\n' \
		"$ARN" "$ARN2" "$ARN2" >"$T/w/repo/.sops.yaml"
	mkdir -p "$T/w/repo/prod"
	cp "$T/w/app.yaml" "$T/w/repo/prod/app.yaml"
	cp "$T/w/app.yaml" "$T/w/repo/other.yaml"
	secret-seal encrypt -i "$T/w/repo/prod/app.yaml"
	[ "$(grep -c '^          aws_profile: prod$' "$T/w/repo/prod/app.yaml")" -eq 2 ]
	secret-seal encrypt -i "$T/w/repo/other.yaml"
	# One key group is written as plain lists, as sops writes it.
	python3 -c 'import sys, yaml; k = yaml.safe_load(open(sys.argv[1]))["sops"]["kms"]
assert k[0]["context"] == {"team": "payments"}, k' "$T/w/repo/other.yaml"
	run secret-seal decrypt "$T/w/repo/other.yaml"
	assert_status 0
	[ "$(logged Decrypt | jq -r '.region + " " + .context.team')" = "us-east-2 payments" ]
	run secret-seal decrypt "$T/w/repo/prod/app.yaml"
	assert_status 0
	# rotate: add a key, then remove the first.
	secret-seal rotate -i --add-kms "$ARN2" "$T/w/env.enc.yaml"
	[ "$(grep -c '^        - arn: ' "$T/w/env.enc.yaml")" -eq 2 ]
	secret-seal rotate -i --rm-kms "$ARN" "$T/w/env.enc.yaml"
	! grep -q "arn: $ARN\$" "$T/w/env.enc.yaml" || false
	run secret-seal decrypt --extract '["api_key"]' "$T/w/env.enc.yaml"
	assert_equal "$output" "sk-kms-secret"
	run secret-seal encrypt --kms "arn:aws:kms:nowhere" "$T/w/app.yaml"
	assert_status 2
	assert_output_contains "is not a KMS key ARN"
}
