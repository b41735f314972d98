#!/bin/sh
# Benchmark: secret-seal against its peers on the same input, side by side.
#   age layer: encrypt and decrypt a large file (BENCH_AGE_MIB, default
#   1024) with `age` and with `secret-seal age-encrypt/age-decrypt`; print
#   throughput, the ratio ours/age (goal >= 1.0) and peak memory (goal:
#   constant, < 10 MiB).
# Run by `make bench` with $AGENTCI_BIN set to the folder of built tools.
set -eu

bin=${AGENTCI_BIN:?AGENTCI_BIN must name the folder of the built tools}
ss=$bin/secret-seal
mib=${BENCH_AGE_MIB:-1024}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

now_ns() { date +%s%N; }

# Seconds (3 decimals) a command takes; its output is discarded.
elapsed() {
	t0=$(now_ns)
	"$@" >/dev/null
	t1=$(now_ns)
	echo "$t0 $t1" | awk '{ printf "%.3f", ($2 - $1) / 1e9 }'
}

# Peak resident memory in KiB of a command, when GNU time is installed.
peak_kib() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
	else
		echo "n/a"
	fi
}

mibps() { echo "$mib $1" | awk '{ if ($2 > 0) printf "%.0f", $1 / $2; else print "inf" }'; }
ratio() { echo "$1 $2" | awk '{ if ($1 > 0) printf "%.2f", $2 / $1; else print "n/a" }'; }

have_age=yes
command -v age >/dev/null 2>&1 && command -v age-keygen >/dev/null 2>&1 || have_age=no

"$ss" keygen -o "$work/key.txt" 2>/dev/null
recipient=$("$ss" pubkey "$work/key.txt")

echo "age layer: $mib MiB of random data"
head -c $((mib * 1024 * 1024)) /dev/urandom >"$work/plain"

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
else
	echo "  age is not installed (Debian package age): measuring secret-seal alone"
	echo "  encrypt secret-seal ${t_ours_enc}s $(mibps "$t_ours_enc") MiB/s, peak $m_ours_enc KiB"
	echo "  decrypt secret-seal ${t_ours_dec}s $(mibps "$t_ours_dec") MiB/s, peak $m_ours_dec KiB"
fi
[ -x /usr/bin/time ] || echo "  (peak memory needs GNU time, Debian package time)"
