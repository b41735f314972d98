#!/usr/bin/env bats
# The output contract every tool keeps (DESIGN.md, "Writing files"): a
# named output is replaced atomically only when it is a regular file; a
# device, FIFO or symlink is written through; a full device is a failed
# write, exit 4; temporary files go on TERM, INT and HUP; plaintext is
# written 0600; a failed flush of stdout is exit 4 in every tool.
bats_require_minimum_version 1.5.0
load helpers
load ../servers/lib
load ../servers/fake_k8s

setup() {
	T=$BATS_TEST_TMPDIR
	CC=(--prices "$FIXTURES/cost-check/prices.json")
	LOG=$FIXTURES/cost-check/openai-chat.jsonl
	export XDG_CONFIG_HOME=$T/xdg HOME=$T/home XDG_CACHE_HOME=$T/cache
	unset GITHUB_ACTIONS SOPS_AGE_KEY SOPS_AGE_KEY_FILE SOPS_AGE_RECIPIENTS
	mkdir -p "$T/home"
}

# No temporary file (".NAME.XXXXXX") left in folder $1.
assert_no_temp() {
	local left
	left=$(find "$1" -maxdepth 1 -name '.*.??????' | head -5)
	if [ -n "$left" ]; then
		echo "temporary files left: $left" >&2
		return 1
	fi
}

teardown() {
	server_stop || true
}

mode_of() { stat -c %a "$1"; }

keys() {
	secret-seal keygen -o "$T/key.txt" 2>/dev/null
	R=$(secret-seal pubkey "$T/key.txt")
}

@test "cost-check -o /dev/full: exit 4, the device is still the device" {
	[ -w /dev/full ] || skip "no /dev/full"
	before=$(stat -c '%F %t:%T' /dev/full)
	run --separate-stderr cost-check "${CC[@]}" -o /dev/full "$LOG"
	assert_status 4
	assert_equal "$stderr" "cost-check: /dev/full: cannot write the report: No space left on device"
	assert_equal "$(stat -c '%F %t:%T' /dev/full)" "$before"
	assert_no_temp /dev
	cost-check "${CC[@]}" --format json -o "$T/r.json" "$LOG" 2>/dev/null
	run cost-check diff "$T/r.json" "$T/r.json" -o /dev/full
	assert_status 4
	assert_equal "$(stat -c '%F %t:%T' /dev/full)" "$before"
}

@test "-o through a symlink writes the target; the link stays" {
	cd "$T"
	echo old >report.json
	ln -s report.json link.json
	run cost-check "${CC[@]}" -o link.json "$LOG"
	assert_status 0
	[ -L link.json ]
	assert_equal "$(jq -r .currency report.json)" USD
	keys
	printf 'a: 1\n' >plain.yaml
	ln -s sealed.yaml sealed-link.yaml
	echo old >sealed.yaml
	run secret-seal encrypt --age "$R" -o sealed-link.yaml plain.yaml
	assert_status 0
	[ -L sealed-link.yaml ]
	grep -q 'ENC\[AES256_GCM' sealed.yaml
	assert_no_temp "$T"
}

@test "-o to a FIFO is written in place, not replaced" {
	cd "$T"
	mkfifo out.fifo
	cat out.fifo >got.json &
	reader=$!
	run cost-check "${CC[@]}" --format json -o out.fifo "$LOG"
	assert_status 0
	wait "$reader"
	[ -p out.fifo ]
	assert_equal "$(jq -r .currency got.json)" USD
}

@test "plaintext outputs are 0600, even over an existing 0644 file" {
	cd "$T"
	keys
	printf 'db:\n  password: hunter2\n' >plain.yaml
	secret-seal encrypt --age "$R" -o sealed.yaml plain.yaml
	echo old >out.yaml
	chmod 0644 out.yaml
	run secret-seal decrypt --identity key.txt -o out.yaml sealed.yaml
	assert_status 0
	assert_equal "$(mode_of out.yaml)" 600
	grep -q hunter2 out.yaml
	printf 'secret bytes' | secret-seal age-encrypt -r "$R" -o blob.age
	echo old >blob.txt
	chmod 0644 blob.txt
	run secret-seal age-decrypt -i key.txt -o blob.txt blob.age
	assert_status 0
	assert_equal "$(mode_of blob.txt)" 600
	assert_equal "$(cat blob.txt)" "secret bytes"
	# In place: the encrypted file was 0644, its plaintext is not.
	chmod 0644 sealed.yaml
	run secret-seal decrypt --identity key.txt -i sealed.yaml
	assert_status 0
	assert_equal "$(mode_of sealed.yaml)" 600
	# Ciphertext keeps the file's mode.
	chmod 0644 plain.yaml
	run secret-seal encrypt --age "$R" -i plain.yaml
	assert_status 0
	assert_equal "$(mode_of plain.yaml)" 644
}

@test "secret-seal -o /dev/full: exit 4 for decrypt, age-decrypt and age-encrypt" {
	[ -w /dev/full ] || skip "no /dev/full"
	cd "$T"
	keys
	printf 'a: 1\n' >plain.yaml
	secret-seal encrypt --age "$R" -o sealed.yaml plain.yaml
	printf 'x' | secret-seal age-encrypt -r "$R" -o x.age
	run secret-seal decrypt --identity key.txt -o /dev/full sealed.yaml
	assert_status 4
	run secret-seal age-decrypt -i key.txt -o /dev/full x.age
	assert_status 4
	run secret-seal age-encrypt -r "$R" -o /dev/full plain.yaml
	assert_status 4
	[ -c /dev/full ]
}

# Start "$@" with stdin from a FIFO that gets only the first 64 KiB of
# $src, wait for its temporary file beside $out, send $sig: the process
# dies of it and leaves neither the temporary file nor $out.
signal_mid_write() {
	local sig=$1 src=$2 out=$3
	shift 3
	rm -f in.fifo
	mkfifo in.fifo
	# Background jobs of a script ignore INT: give the tool the default.
	env --default-signal=INT "$@" <in.fifo 3>&- &
	local pid=$!
	exec 5>in.fifo
	head -c 65536 "$src" >&5
	local i
	for i in $(seq 100); do
		[ -n "$(find . -maxdepth 1 -name ".$out.??????")" ] && break
		sleep 0.05
	done
	[ -n "$(find . -maxdepth 1 -name ".$out.??????")" ] || { echo "no temporary file appeared" >&2; return 1; }
	kill "-$sig" "$pid"
	local st=0
	wait "$pid" || st=$?
	exec 5>&-
	assert_equal "$st" "$((128 + $(kill -l "$sig")))"
	assert_no_temp .
	[ ! -e "$out" ]
}

@test "TERM, INT, HUP mid-write: age-encrypt -o and age-decrypt -o leave no temporary file" {
	cd "$T"
	keys
	head -c 4000000 /dev/urandom >big.bin
	secret-seal age-encrypt -r "$R" -o big.age big.bin
	for sig in TERM INT HUP; do
		signal_mid_write "$sig" big.bin sealed.age secret-seal age-encrypt -r "$R" -o sealed.age
		signal_mid_write "$sig" big.age plain.bin secret-seal age-decrypt -i key.txt -o plain.bin
	done
}

@test "a failed flush of stdout is exit 4 in every tool" {
	[ -w /dev/full ] || skip "no /dev/full"
	built_tools
	for t in "${tools[@]}"; do
		run --separate-stderr sh -c '"$1" --help >/dev/full' sh "$t"
		assert_status 4
		# A long --help fails mid-way, and the cause is not known at exit.
		case "$stderr" in
		"$t: write error on standard output"*) ;;
		*) echo "stderr: $stderr" >&2; return 1 ;;
		esac
		run sh -c '"$1" --version >/dev/full' sh "$t"
		assert_status 4
	done
	P=$FIXTURES/prompt-lint/formats
	for f in json sarif text; do
		run sh -c 'prompt-lint --no-github --exit-zero -f "$1" "$2" >/dev/full' sh "$f" "$P"
		assert_status 4
	done
	run sh -c 'prompt-lint --no-github --versions "$1" >/dev/full' sh "$P"
	assert_status 4
	run sh -c 'cost-check --prices "$1" --format json "$2" >/dev/full' sh "$FIXTURES/cost-check/prices.json" "$LOG"
	assert_status 4
	run sh -c 'img-tag --no-github --sha 0123456789abcdef0123456789abcdef01234567 --ref refs/tags/v1.2.3 --event push -i x/y -t type=semver,pattern={{version}} >/dev/full'
	assert_status 4
	cd "$T"
	keys
	printf 'a: 1\n' >plain.yaml
	secret-seal encrypt --age "$R" -o sealed.yaml plain.yaml
	run sh -c 'secret-seal decrypt --identity key.txt sealed.yaml >/dev/full'
	assert_status 4
	run sh -c 'secret-seal pubkey key.txt >/dev/full'
	assert_status 4
	run sh -c 'secret-seal keygen >/dev/full'
	assert_status 4
	run sh -c 'secret-seal age-decrypt -i key.txt <"$1" >/dev/full' sh <(printf x | secret-seal age-encrypt -r "$R")
	assert_status 4
}

@test "a closed stdout is no error until something is written" {
	run sh -c 'secret-seal keygen -o "$1" >&-' sh "$BATS_TEST_TMPDIR/key.txt"
	assert_status 0
	run sh -c 'cost-check --version >&-'
	assert_status 4
}

@test "k8s-rollout apply > /dev/full: exit 4 after the objects were applied" {
	[ -w /dev/full ] || skip "no /dev/full"
	fake_start healthy
	run --separate-stderr sh -c 'k8s-rollout apply -f "$1" >/dev/full' sh "$FIXTURES/k8s-rollout/manifests.yaml"
	assert_status 4
	# apply flushes each line as it goes: the cause is gone by the exit.
	[[ $stderr == "k8s-rollout: write error on standard output"* ]]
}
