#!/usr/bin/env bats
# secret-seal's age commands: keygen, pubkey, age-encrypt, age-decrypt —
# the CCTV vectors, interoperability with Debian's age, streaming, and every
# class of bad input with its exit status.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	unset SECRET_SEAL_PASSPHRASE
}

# A key pair made by us: $T/ours.txt and its recipient in $OURS.
our_key() {
	secret-seal keygen -o "$T/ours.txt" 2>/dev/null
	OURS=$(secret-seal pubkey "$T/ours.txt")
}

# A key pair made by age-keygen: $T/theirs.txt and $THEIRS.
their_key() {
	age-keygen -o "$T/theirs.txt" 2>/dev/null
	THEIRS=$(age-keygen -y "$T/theirs.txt")
}

# Flip one byte of a file at an offset (negative: from the end).
flip() {
	python3 - "$1" "$2" <<'EOF'
import sys
path, off = sys.argv[1], int(sys.argv[2])
b = bytearray(open(path, "rb").read())
b[off] ^= 0x01
open(path, "wb").write(b)
EOF
}

@test "CCTV age vectors: every in-scope X25519 and scrypt vector gives its expected result" {
	require_shared vectors/age || return
	run python3 "$FIXTURES/secret-seal/cctv.py" "$(command -v secret-seal)" "$SHARED/vectors/age"
	assert_status 0
	# 86 vectors: 75 classic (X25519 + scrypt) run, 11 post-quantum skipped.
	assert_output_contains "75 passed, 0 failed, 11 skipped"
	[ "$(grep -c '^skip .*post-quantum' <<<"$output")" -eq 11 ]
	echo "# ${lines[-1]}" >&3
}

@test "keygen: age-keygen's layout on stdout, public key on stderr" {
	run --separate-stderr secret-seal keygen
	assert_status 0
	[[ ${lines[0]} =~ ^#\ created:\ [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$ ]]
	[[ ${lines[1]} =~ ^#\ public\ key:\ age1[02-9ac-hj-np-z]{58}$ ]]
	[[ ${lines[2]} =~ ^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$ ]]
	[ "${#lines[@]}" -eq 3 ]
	assert_equal "$stderr" "Public key: ${lines[1]#\# public key: }"
}

@test "keygen -o: mode 0600, the public key on stderr, never overwrites" {
	mkdir "$T/keys"
	run --separate-stderr secret-seal keygen -o "$T/keys/k.txt"
	assert_status 0
	assert_equal "$output" ""
	assert_equal "$(stat -c %a "$T/keys/k.txt")" "600"
	pub=$(sed -n 's/^# public key: //p' "$T/keys/k.txt")
	assert_equal "$stderr" "Public key: $pub"
	before=$(sha256sum <"$T/keys/k.txt")
	run --separate-stderr secret-seal keygen -o "$T/keys/k.txt"
	assert_status 3
	[[ $stderr == *"already exists; not overwriting"* ]]
	assert_equal "$(sha256sum <"$T/keys/k.txt")" "$before"
	# No temporary files left beside it.
	assert_equal "$(ls -A "$T/keys")" "k.txt"
}

@test "keygen -o into a missing folder fails with exit 4" {
	run secret-seal keygen -o "$T/no/such/k.txt"
	assert_status 4
	assert_output_contains "$T/no/such/k.txt"
}

@test "pubkey: the same recipient as age-keygen -y, from a file and from stdin" {
	their_key
	run secret-seal pubkey "$T/theirs.txt"
	assert_status 0
	assert_equal "$output" "$THEIRS"
	run secret-seal pubkey - <"$T/theirs.txt"
	assert_status 0
	assert_equal "$output" "$THEIRS"
	our_key
	assert_equal "$(age-keygen -y "$T/ours.txt")" "$OURS"
	# Several identities in one file: one recipient each, in order.
	cat "$T/ours.txt" "$T/theirs.txt" >"$T/both.txt"
	chmod 600 "$T/both.txt"
	run secret-seal pubkey "$T/both.txt"
	assert_equal "$output" "$OURS"$'\n'"$THEIRS"
}

@test "pubkey: bad identity files are input errors naming the line, never echoing the key" {
	printf '# c\nAGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n' >"$T/bad.txt"
	run --separate-stderr secret-seal pubkey "$T/bad.txt"
	assert_status 3
	[[ $stderr == *"bad.txt:2: not a valid AGE-SECRET-KEY-1 identity"* ]]
	[[ $stderr != *QQQQQQQQ* ]]
	printf '# only a comment\n' >"$T/empty.txt"
	run secret-seal pubkey "$T/empty.txt"
	assert_status 3
	assert_output_contains "no AGE-SECRET-KEY-1 identity"
	run secret-seal pubkey "$T/missing.txt"
	assert_status 3
	assert_output_contains "missing.txt"
	echo AGE-SECRET-KEY-PQ-1XXXX >"$T/pq.txt"
	run secret-seal pubkey "$T/pq.txt"
	assert_status 3
	assert_output_contains "post-quantum"
}

@test "interop: our keygen, age encrypts, we decrypt — binary and armored, edge sizes" {
	our_key
	for size in 0 1 65535 65536 65537 131072 200000; do
		head -c "$size" /dev/urandom >"$T/p"
		age -r "$OURS" -o "$T/c" "$T/p"
		age -r "$OURS" -a -o "$T/c.asc" "$T/p"
		secret-seal age-decrypt -i "$T/ours.txt" -o "$T/out" "$T/c"
		cmp "$T/p" "$T/out"
		secret-seal age-decrypt -i "$T/ours.txt" <"$T/c.asc" >"$T/out"
		cmp "$T/p" "$T/out"
	done
	# age -R with our pubkey output as a recipients file.
	secret-seal pubkey "$T/ours.txt" >"$T/recipients"
	echo hello | age -R "$T/recipients" | secret-seal age-decrypt -i "$T/ours.txt" >"$T/out"
	assert_equal "$(cat "$T/out")" "hello"
}

@test "interop: age-keygen's key, we encrypt, age decrypts — binary and armored, edge sizes" {
	their_key
	for size in 0 1 65535 65536 65537 131072 200000; do
		head -c "$size" /dev/urandom >"$T/p"
		secret-seal age-encrypt -r "$THEIRS" -o "$T/c" "$T/p"
		secret-seal age-encrypt -r "$THEIRS" --armor <"$T/p" >"$T/c.asc"
		head -1 "$T/c.asc" | grep -qx -- '-----BEGIN AGE ENCRYPTED FILE-----'
		age -d -i "$T/theirs.txt" "$T/c" >"$T/out"
		cmp "$T/p" "$T/out"
		age -d -i "$T/theirs.txt" "$T/c.asc" >"$T/out"
		cmp "$T/p" "$T/out"
	done
}

@test "several recipients (-r and -R): each identity alone decrypts, for us and for age" {
	our_key
	their_key
	printf '# team\n\n%s\n' "$THEIRS" >"$T/team.txt"
	echo "db-url=postgres://x" >"$T/p"
	secret-seal age-encrypt -r "$OURS" -R "$T/team.txt" -o "$T/c" "$T/p"
	assert_equal "$(secret-seal age-decrypt -i "$T/ours.txt" "$T/c")" "db-url=postgres://x"
	assert_equal "$(secret-seal age-decrypt -i "$T/theirs.txt" "$T/c")" "db-url=postgres://x"
	assert_equal "$(age -d -i "$T/theirs.txt" "$T/c")" "db-url=postgres://x"
	assert_equal "$(age -d -i "$T/ours.txt" "$T/c")" "db-url=postgres://x"
	# Several -i files: the one that matches is used.
	age-keygen -o "$T/other.txt" 2>/dev/null
	assert_equal "$(secret-seal age-decrypt -i "$T/other.txt" -i "$T/ours.txt" "$T/c")" "db-url=postgres://x"
}

@test "passphrase: -p takes SECRET_SEAL_PASSPHRASE; decrypt asks it the same way" {
	echo "budget: 40" >"$T/p"
	SECRET_SEAL_PASSPHRASE='correct horse' secret-seal age-encrypt -p -o "$T/c" "$T/p"
	grep -a -q '^-> scrypt ' "$T/c"
	run --separate-stderr env SECRET_SEAL_PASSPHRASE='correct horse' secret-seal age-decrypt "$T/c"
	assert_status 0
	assert_equal "$output" "budget: 40"
	# Armored too.
	SECRET_SEAL_PASSPHRASE='correct horse' secret-seal age-encrypt --passphrase -a <"$T/p" >"$T/c.asc"
	run env SECRET_SEAL_PASSPHRASE='correct horse' secret-seal age-decrypt "$T/c.asc"
	assert_equal "$output" "budget: 40"
	# A wrong passphrase: no match, exit 4, the passphrase never printed.
	run --separate-stderr env SECRET_SEAL_PASSPHRASE='wrong horse' secret-seal age-decrypt "$T/c"
	assert_status 4
	[[ $stderr == *"wrong passphrase"* ]]
	[[ $stderr != *horse* ]]
}

@test "passphrase: without the variable and without a terminal, a clear error" {
	echo x >"$T/p"
	run setsid -w secret-seal age-encrypt -p -o "$T/c" "$T/p" </dev/null
	assert_status 2
	assert_output_contains "set SECRET_SEAL_PASSPHRASE or run on a terminal"
	[ ! -e "$T/c" ]
	SECRET_SEAL_PASSPHRASE=pw secret-seal age-encrypt -p -o "$T/c" "$T/p"
	run setsid -w secret-seal age-decrypt "$T/c" </dev/null
	assert_status 4
	assert_output_contains "SECRET_SEAL_PASSPHRASE"
	run env SECRET_SEAL_PASSPHRASE= secret-seal age-encrypt -p "$T/p"
	assert_status 2
	assert_output_contains "empty passphrase"
}

@test "a multi-MiB file streams through in constant memory (24 MiB address-space limit)" {
	our_key
	head -c $((64 * 1024 * 1024 + 123)) /dev/urandom >"$T/big"
	if ldd "$(command -v secret-seal)" | grep -q libasan; then
		limit=unlimited # ASan reserves terabytes of shadow memory
	else
		limit=24576
	fi
	# Binary and armored, through pipes: nothing can hold the whole file.
	(ulimit -v "$limit"
	 secret-seal age-encrypt -r "$OURS" <"$T/big" | secret-seal age-decrypt -i "$T/ours.txt" >"$T/out")
	cmp "$T/big" "$T/out"
	(ulimit -v "$limit"
	 secret-seal age-encrypt -a -r "$OURS" <"$T/big" | secret-seal age-decrypt -i "$T/ours.txt" >"$T/out")
	cmp "$T/big" "$T/out"
	# And age reads the stream we wrote.
	secret-seal age-encrypt -r "$OURS" -o "$T/big.age" "$T/big"
	age -d -i "$T/ours.txt" "$T/big.age" | cmp - "$T/big"
}

@test "bad input: not an age file, bad armor — exit 3, header/armor failure" {
	our_key
	echo "just text" >"$T/plain"
	run secret-seal age-decrypt -i "$T/ours.txt" "$T/plain"
	assert_status 3
	assert_output_contains "header failure: not an age file (no age-encryption.org/v1 header)"
	# A binary file that is not age either, and one that is only whitespace.
	run secret-seal age-decrypt -i "$T/ours.txt" "$(command -v secret-seal)"
	assert_status 3
	assert_output_contains "not an age file (no age-encryption.org/v1 header)"
	printf '\n  \n' >"$T/blank"
	run secret-seal age-decrypt -i "$T/ours.txt" "$T/blank"
	assert_status 3
	assert_output_contains "not an age file"
	printf 'age-encryption.org/v2\n' >"$T/v2"
	run secret-seal age-decrypt -i "$T/ours.txt" "$T/v2"
	assert_status 3
	assert_output_contains "header failure: header line 1: unsupported age format version"
	echo x | secret-seal age-encrypt -a -r "$OURS" >"$T/c.asc"
	sed -i 's/AGE ENCRYPTED FILE-----$/AGE ENCRYPTED FILE-----/; 2s/^\(.\)/\1!/' "$T/c.asc"
	run secret-seal age-decrypt -i "$T/ours.txt" "$T/c.asc"
	assert_status 3
	assert_output_contains "armor failure"
	# An empty input.
	run secret-seal age-decrypt -i "$T/ours.txt" </dev/null
	assert_status 3
	assert_output_contains "<stdin>: header failure: empty input"
	# An empty line after a full 64-column last line, before END: age
	# refuses it.  A 40-byte plaintext makes a 240-byte file: 5 full lines.
	head -c 40 /dev/zero | secret-seal age-encrypt -a -r "$OURS" >"$T/full.asc"
	[ "$(tail -2 "$T/full.asc" | head -1 | tr -d '\n' | wc -c)" -eq 64 ]
	sed -i '$i\\' "$T/full.asc"
	run secret-seal age-decrypt -i "$T/ours.txt" "$T/full.asc"
	assert_status 3
	assert_output_contains "armor failure: armor line 7 is empty"
}

@test "bad input: wrong identity exit 4; no identity at all exit 4 with a hint" {
	our_key
	their_key
	echo secret >"$T/p"
	secret-seal age-encrypt -r "$OURS" -o "$T/c" "$T/p"
	run secret-seal age-decrypt -i "$T/theirs.txt" "$T/c"
	assert_status 4
	assert_output_contains "no match: no identity matched any of the file's 1 recipient (identity files tried: $T/theirs.txt)"
	run secret-seal age-decrypt "$T/c"
	assert_status 4
	assert_output_contains "pass -i IDENTITY_FILE"
}

@test "bad input: a changed header MAC is exit 1 (HMAC failure), a -o file is never written" {
	our_key
	echo secret >"$T/p"
	secret-seal age-encrypt -r "$OURS" -o "$T/c" "$T/p"
	# The MAC line is the last header line: flip a base64 character in it.
	off=$(grep -abo -- '--- ' "$T/c" | head -1 | cut -d: -f1)
	python3 -c "import sys
p='$T/c'; b=bytearray(open(p,'rb').read()); i=$off+10
b[i]=ord('A') if b[i]!=ord('A') else ord('B'); open(p,'wb').write(b)"
	echo keep >"$T/out"
	run secret-seal age-decrypt -i "$T/ours.txt" -o "$T/out" "$T/c"
	assert_status 1
	assert_output_contains "HMAC failure"
	assert_output_contains "was not written"
	assert_equal "$(cat "$T/out")" "keep"
}

@test "bad input: a tampered or truncated payload is exit 1; stdout output is declared incomplete" {
	our_key
	head -c 200000 /dev/urandom >"$T/p"
	secret-seal age-encrypt -r "$OURS" -o "$T/c" "$T/p"
	cp "$T/c" "$T/t"
	flip "$T/t" -100 # inside the last (fourth) chunk
	run --separate-stderr secret-seal age-decrypt -i "$T/ours.txt" "$T/t"
	assert_status 1
	[[ $stderr == *"payload failure: chunk 3 failed authentication"* ]]
	[[ $stderr == *"the 196608 bytes already written to stdout are incomplete"* ]]
	# Only authenticated chunks were released.
	[ "${#output}" -le 196608 ]
	run secret-seal age-decrypt -i "$T/ours.txt" -o "$T/out" "$T/t"
	assert_status 1
	[ ! -e "$T/out" ]
	# No temporary file left behind either.
	assert_equal "$(find "$T" -maxdepth 1 -name '.*' | wc -l)" "0"
	# Cut at a chunk boundary: the missing last chunk is noticed.
	hlen=$(($(stat -c %s "$T/c") - 200000 - 4 * 16))
	head -c $((hlen + 2 * 65552)) "$T/c" >"$T/cut"
	run secret-seal age-decrypt -i "$T/ours.txt" -o "$T/out" "$T/cut"
	assert_status 1
	assert_output_contains "payload failure"
	[ ! -e "$T/out" ]
	# Cut inside the header.
	head -c 40 "$T/c" >"$T/cut"
	run secret-seal age-decrypt -i "$T/ours.txt" "$T/cut"
	assert_status 3
	assert_output_contains "header failure"
}

@test "bad recipients: usage errors (exit 2) that explain, never echoing a secret key" {
	echo x >"$T/p"
	run secret-seal age-encrypt -r age1notakey -o "$T/c" "$T/p"
	assert_status 2
	assert_output_contains "not an age1… recipient"
	run secret-seal age-encrypt -r "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA" "$T/p"
	assert_status 2
	assert_output_contains "SSH keys are not supported"
	secret-seal keygen -o "$T/k.txt" 2>/dev/null
	key=$(grep ^AGE- "$T/k.txt")
	run secret-seal age-encrypt -r "$key" "$T/p"
	assert_status 2
	assert_output_contains "a secret key where a recipient was expected"
	[[ $output != *"${key:20}"* ]]
	[ ! -e "$T/c" ]
	run secret-seal age-encrypt -R "$T/nofile" "$T/p"
	assert_status 3
	printf 'age1zzz\n' >"$T/bad-r"
	run secret-seal age-encrypt -R "$T/bad-r" "$T/p"
	assert_status 3
	assert_output_contains "bad-r:1:"
}

@test "usage errors: no recipient, -p with -r, two inputs, unknown options — exit 2" {
	our_key
	echo x >"$T/p"
	run secret-seal age-encrypt "$T/p"
	assert_status 2
	assert_output_contains "give at least one -r RECIPIENT"
	run env SECRET_SEAL_PASSPHRASE=x secret-seal age-encrypt -p -r "$OURS" "$T/p"
	assert_status 2
	run secret-seal age-encrypt -r "$OURS" "$T/p" "$T/p"
	assert_status 2
	run secret-seal age-decrypt --bogus
	assert_status 2
	assert_output_contains "Try 'secret-seal --help'"
	run secret-seal age-encrypt -r
	assert_status 2
	run secret-seal frobnicate
	assert_status 2
	run secret-seal
	assert_status 2
	run secret-seal keygen extra
	assert_status 2
	run secret-seal age-decrypt -i "$T/ours.txt" "$T/missing"
	assert_status 3
	assert_output_contains "missing"
}

@test "an identity file readable by others is used, with a warning" {
	our_key
	echo x | secret-seal age-encrypt -r "$OURS" >"$T/c"
	chmod 644 "$T/ours.txt"
	run --separate-stderr secret-seal age-decrypt -i "$T/ours.txt" "$T/c"
	assert_status 0
	assert_equal "$output" "x"
	[[ $stderr == *"readable by group or others; chmod 600 it"* ]]
}

@test "-o onto a device writes it, -o FILE keeps FILE's mode; decrypted files are 0600, even over 0640" {
	our_key
	echo x >"$T/p"
	secret-seal age-encrypt -r "$OURS" -o /dev/null "$T/p"
	secret-seal age-encrypt -r "$OURS" -o "$T/c" "$T/p"
	secret-seal age-decrypt -i "$T/ours.txt" -o "$T/new" "$T/c"
	assert_equal "$(stat -c %a "$T/new")" "600"
	echo old >"$T/kept" && chmod 640 "$T/kept"
	secret-seal age-decrypt -i "$T/ours.txt" -o "$T/kept" "$T/c"
	assert_equal "$(cat "$T/kept")" "x"
	assert_equal "$(stat -c %a "$T/kept")" "600"
	chmod 640 "$T/c"
	secret-seal age-encrypt -r "$OURS" -o "$T/c" "$T/p"
	assert_equal "$(stat -c %a "$T/c")" "640"
}

@test "--help and --version on the tool and every age command" {
	run secret-seal --version
	assert_status 0
	[[ $output =~ ^secret-seal\ \(agentci\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	run secret-seal --help
	assert_status 0
	for c in keygen pubkey age-encrypt age-decrypt; do
		assert_output_contains "$c"
	done
	for c in keygen pubkey age-encrypt age-decrypt; do
		run secret-seal "$c" --help
		assert_status 0
		assert_output_contains "Usage: secret-seal $c"
		run secret-seal "$c" --version
		assert_status 0
	done
}
