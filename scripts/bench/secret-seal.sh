#!/bin/sh
# Benchmark: secret-seal against its peers on the same input, side by side.
#   age layer: encrypt and decrypt a large file (BENCH_AGE_MIB, default
#   1024) with `age` and with `secret-seal age-encrypt/age-decrypt`; print
#   throughput, the ratio ours/age (goal >= 1.0) and peak memory (goal:
#   constant, < 10 MiB).
#   SOPS layer: decrypt and encrypt a 1,000-key YAML file (goal <= 10 ms
#   each), decrypt of a 10-key file and the ratio (goal: 1,000 keys at
#   most 1.5x 10 keys), and for scale `age -d` of that file's data key.
#   There is no Debian sops package, so sops itself cannot be timed here.
# Run by `make bench` with $AGENTCI_BIN set to the folder of built tools.
set -eu

bin=${AGENTCI_BIN:?AGENTCI_BIN must name the folder of the built tools}
ss=$bin/secret-seal
mib=${BENCH_AGE_MIB:-1024}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

now_ns() { date +%s%N; }

# Seconds (3 decimals) a command takes, the better of two runs (a shared
# machine only adds noise); its output is discarded.
elapsed() {
	best=
	for _ in 1 2; do
		t0=$(now_ns)
		"$@" >/dev/null
		t1=$(now_ns)
		t=$(echo "$t0 $t1" | awk '{ printf "%.3f", ($2 - $1) / 1e9 }')
		if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{ print ($1 < $2) }')" = 1 ]; then
			best=$t
		fi
	done
	echo "$best"
}

# Peak resident memory in KiB of a command: GNU time's figure when it is
# installed, else the last VmHWM (the kernel's high-water mark) read from
# /proc while it runs.
peak_kib() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
		return
	fi
	"$@" >/dev/null 2>&1 &
	pid=$!
	hwm=n/a
	while kill -0 "$pid" 2>/dev/null; do
		v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
		[ -n "$v" ] && hwm=$v
		sleep 0.02
	done
	wait "$pid" || true
	echo "$hwm"
}

mibps() { echo "$mib $1" | awk '{ if ($2 > 0) printf "%.0f", $1 / $2; else print "inf" }'; }
ratio() { echo "$1 $2" | awk '{ if ($1 > 0) printf "%.2f", $2 / $1; else print "n/a" }'; }

have_age=yes
command -v age >/dev/null 2>&1 && command -v age-keygen >/dev/null 2>&1 || have_age=no

"$ss" keygen -o "$work/key.txt" 2>/dev/null
recipient=$("$ss" pubkey "$work/key.txt")

echo "age layer: $mib MiB of random data"
head -c $((mib * 1024 * 1024)) /dev/urandom >"$work/plain"
# Written back and cached before any timing, so neither tool pays for it.
sync
cat "$work/plain" >/dev/null

t_ours_enc=$(elapsed "$ss" age-encrypt -r "$recipient" "$work/plain")
"$ss" age-encrypt -r "$recipient" -o "$work/ours.age" "$work/plain"
t_ours_dec=$(elapsed "$ss" age-decrypt -i "$work/key.txt" "$work/ours.age")
m_ours_enc=$(peak_kib "$ss" age-encrypt -r "$recipient" "$work/plain")
m_ours_dec=$(peak_kib "$ss" age-decrypt -i "$work/key.txt" "$work/ours.age")

if [ "$have_age" = yes ]; then
	t_age_enc=$(elapsed age -r "$recipient" "$work/plain")
	age -r "$recipient" -o "$work/age.age" "$work/plain"
	t_age_dec=$(elapsed age -d -i "$work/key.txt" "$work/age.age")
	m_age_enc=$(peak_kib age -r "$recipient" "$work/plain")
	m_age_dec=$(peak_kib age -d -i "$work/key.txt" "$work/age.age")
	printf '  %-9s %-12s %10s %10s %12s\n' step tool seconds MiB/s "peak KiB"
	printf '  %-9s %-12s %10s %10s %12s\n' encrypt age "$t_age_enc" "$(mibps "$t_age_enc")" "$m_age_enc"
	printf '  %-9s %-12s %10s %10s %12s\n' encrypt secret-seal "$t_ours_enc" "$(mibps "$t_ours_enc")" "$m_ours_enc"
	printf '  %-9s %-12s %10s %10s %12s\n' decrypt age "$t_age_dec" "$(mibps "$t_age_dec")" "$m_age_dec"
	printf '  %-9s %-12s %10s %10s %12s\n' decrypt secret-seal "$t_ours_dec" "$(mibps "$t_ours_dec")" "$m_ours_dec"
	echo "  throughput ratio secret-seal/age: encrypt $(ratio "$t_ours_enc" "$t_age_enc")x," \
		"decrypt $(ratio "$t_ours_dec" "$t_age_dec")x (goal >= 1.0x)"
	# The same large stream, across: each tool opens what the other wrote.
	want=$(sha256sum <"$work/plain" | cut -d' ' -f1)
	a=$(age -d -i "$work/key.txt" "$work/ours.age" | sha256sum | cut -d' ' -f1)
	b=$("$ss" age-decrypt -i "$work/key.txt" "$work/age.age" | sha256sum | cut -d' ' -f1)
	if [ "$a" = "$want" ] && [ "$b" = "$want" ]; then
		echo "  interop: age opens our $mib MiB file and we open age's: ok"
	else
		echo "  interop: MISMATCH (age on ours: $a, ours on age's: $b, want $want)"
	fi
else
	echo "  age is not installed (Debian package age): measuring secret-seal alone"
	echo "  encrypt secret-seal ${t_ours_enc}s $(mibps "$t_ours_enc") MiB/s, peak $m_ours_enc KiB"
	echo "  decrypt secret-seal ${t_ours_dec}s $(mibps "$t_ours_dec") MiB/s, peak $m_ours_dec KiB"
fi
[ -x /usr/bin/time ] || echo "  (peak memory sampled from /proc: GNU time, Debian package time, measures it exactly)"

# ---- SOPS layer --------------------------------------------------------

# Milliseconds per run, the best of $runs (noise on a shared machine only
# adds).
runs=${BENCH_SOPS_RUNS:-20}
best_ms() {
	best=
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(now_ns)
		"$@" >/dev/null
		t1=$(now_ns)
		ms=$(echo "$t0 $t1" | awk '{ printf "%.2f", ($2 - $1) / 1e6 }')
		if [ -z "$best" ]; then
			best=$ms
		else
			best=$(echo "$best $ms" | awk '{ print ($2 < $1) ? $2 : $1 }')
		fi
		i=$((i + 1))
	done
	echo "$best"
}

echo "SOPS layer: a 1,000-key YAML file, best of $runs runs"
keys() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "key_%04d: value-%d-0123456789abcdef\n", i, i }'; }
keys 1000 >"$work/config.yaml"
keys 10 >"$work/small.yaml"
SOPS_AGE_KEY_FILE=$work/key.txt
export SOPS_AGE_KEY_FILE
"$ss" encrypt --age "$recipient" -o "$work/config.enc.yaml" "$work/config.yaml"
"$ss" encrypt --age "$recipient" -o "$work/small.enc.yaml" "$work/small.yaml"
t_enc=$(best_ms "$ss" encrypt --age "$recipient" "$work/config.yaml")
# The two decrypts alternate, so that both see the same load and their
# ratio is not a measure of the machine's mood.
ms_once() {
	t0=$(now_ns)
	"$ss" decrypt "$1" >/dev/null
	t1=$(now_ns)
	echo "$t0 $t1" | awk '{ printf "%.2f", ($2 - $1) / 1e6 }'
}
t_dec=
t_small=
i=0
while [ "$i" -lt "$runs" ]; do
	a=$(ms_once "$work/config.enc.yaml")
	b=$(ms_once "$work/small.enc.yaml")
	t_dec=$(echo "${t_dec:-$a} $a" | awk '{ print ($2 < $1) ? $2 : $1 }')
	t_small=$(echo "${t_small:-$b} $b" | awk '{ print ($2 < $1) ? $2 : $1 }')
	i=$((i + 1))
done
printf '  %-34s %8s ms (goal <= 10)\n' "secret-seal encrypt" "$t_enc"
printf '  %-34s %8s ms (goal <= 10)\n' "secret-seal decrypt" "$t_dec"
printf '  %-34s %8s ms\n' "secret-seal decrypt, 10 keys" "$t_small"
echo "  1,000 keys / 10 keys: $(ratio "$t_small" "$t_dec")x (goal <= 1.5x)"
# Instructions are steadier than time on a busy machine: valgrind's count
# when it is installed.
if command -v valgrind >/dev/null 2>&1; then
	ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		awk '/refs:/ { gsub(",", "", $NF); printf "%.1f", $NF / 1e6 }'; }
	i_dec=$(ir "$ss" decrypt "$work/config.enc.yaml")
	i_small=$(ir "$ss" decrypt "$work/small.enc.yaml")
	echo "  instructions: decrypt ${i_dec}M (1,000 keys), ${i_small}M (10 keys), ratio $(ratio "$i_small" "$i_dec")x"
fi
if [ "$have_age" = yes ]; then
	awk '/^        - enc: \|/ { on = 1; next } on && /^            / { sub(/^            /, ""); print } on && /END AGE/ { exit }' \
		"$work/config.enc.yaml" >"$work/datakey.age"
	t_age=$(best_ms age -d -i "$work/key.txt" "$work/datakey.age")
	printf '  %-34s %8s ms (for scale)\n' "age -d of the data key" "$t_age"
fi
echo "  sops: no Debian package, not measured"
