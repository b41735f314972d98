#!/bin/sh
# prompt-lint benchmarks, side by side with what a pipeline would otherwise run:
#  1. the Python CI check prompt-lint replaces (python3 + PyYAML: each file
#     parses and has template and variables) against prompt-lint's full lint
#     (syntax, variables, exact o200k token budget) of the same 10,000
#     generated files, on one thread and on all;
#  2. token counting of >= 50 MB of mixed text against the npm package
#     tiktoken@1.0.22 (WASM build of OpenAI's Rust core), counts compared.
# Prints times and ratios.  Run by `make bench` with AGENTCI_BIN set.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${AGENTCI_BIN:-$root/bin}
pl=$bin/prompt-lint
work=${TMPDIR:-/tmp}/prompt-lint-bench.$$
cache=$root/build/bench/prompt-lint-npm
nfiles=${PL_BENCH_FILES:-10000}
mbytes=${PL_BENCH_MB:-50}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT INT TERM

now_ms() { date +%s%3N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 1; printf "%.1f", a / b }'; }

[ -x "$pl" ] || { echo "prompt-lint bench: $pl not built; run make first" >&2; exit 1; }

# ---- 1. the Python check vs prompt-lint over a tree of prompt files ----
echo "generating $nfiles prompt files"
mkdir -p "$work/prompts"
awk -v n="$nfiles" -v dir="$work/prompts" 'BEGIN {
	srand(42)
	for (i = 0; i < n; i++) {
		sub_dir = sprintf("%s/team%02d", dir, i % 40)
		if (i < 40) system("mkdir -p " sub_dir)
		f = sprintf("%s/prompt%05d.yaml", sub_dir, i)
		print "name: prompt" i > f
		if (i % 3 == 0) print "template_format: jinja2" > f
		print "template: |" > f
		lines = 5 + int(rand() * 40)
		for (l = 0; l < lines; l++) {
			if (i % 3 == 0)
				printf "  Step %d: consider {{ topic }} for {{ user.name }}{%% if tone %%} in a {{ tone }} voice{%% endif %%}.\n", l > f
			else
				printf "  Step %d: summarise {text} for {audience}, keeping the answer short and factual.\n", l > f
		}
		print "variables:" > f
		if (i % 3 == 0) { print "  - topic" > f; print "  - user" > f; print "  - tone" > f }
		else { print "  - text" > f; print "  - audience" > f }
		close(f)
	}
}'
cat >"$work/py_check.py" <<'PY'
import glob, sys, yaml
bad = 0
for f in glob.glob(sys.argv[1] + "/**/*.yaml", recursive=True):
    with open(f) as fp:
        d = yaml.safe_load(fp)
    if not isinstance(d, dict) or "template" not in d or "variables" not in d:
        print(f + ": missing template or variables"); bad += 1
sys.exit(1 if bad else 0)
PY
bytes1=$(cat "$work"/prompts/*/*.yaml | wc -c)
echo "tree: $nfiles files, $bytes1 bytes"
# CPU seconds of finished children, from the shell's own `times` (run in
# this shell, not a subshell): robust on a busy machine where wall-clock
# time is noise.
child_cpu_ms() { times >"$work/times"; awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/);
	printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }' "$work/times"; }
# measure LABEL CMD...: wall and CPU milliseconds into $wall and $cpu
measure() {
	label=$1
	shift
	child_cpu_ms >"$work/c0"
	t0=$(now_ms)
	"$@" >"$work/out" || true
	t1=$(now_ms)
	child_cpu_ms >"$work/c1"
	c0=$(cat "$work/c0") c1=$(cat "$work/c1")
	wall=$((t1 - t0)) cpu=$((c1 - c0))
	printf '%-56s %7s ms wall %7s ms CPU\n' "$label" "$wall" "$cpu"
}
py_wall='' py_cpu=''
if python3 -c 'import yaml' 2>/dev/null; then
	measure "Python check (python3 + PyYAML safe_load, 2 keys)" python3 "$work/py_check.py" "$work/prompts"
	py_wall=$wall py_cpu=$cpu
else
	echo "peer unavailable: python3 with PyYAML (Debian: python3-yaml) is not installed"
fi
for mode in one plain budget json; do
	case $mode in
	one) measure "prompt-lint -j 1: every rule, one thread" \
		"$pl" --no-github -j 1 "$work/prompts" ;;
	plain) measure "prompt-lint: every rule (syntax, schema, variables)" \
		"$pl" --no-github "$work/prompts" ;;
	budget) measure "prompt-lint: every rule + exact o200k budgets" \
		"$pl" --no-github --max-tokens-per-request 4000 --warn-at 3000 "$work/prompts" ;;
	json) measure "prompt-lint: + tokens and sha256 of each, --format json" \
		"$pl" --no-github --format json "$work/prompts" ;;
	esac
	if [ -n "$py_wall" ]; then
		echo "  ratio vs the Python check: $(ratio "$py_wall" "$wall")x faster (wall), $(ratio "$py_cpu" "$cpu")x (CPU)"
	fi
done

# ---- 2. token counting throughput vs npm tiktoken@1.0.22 ----
echo
echo "collecting >= $mbytes MB of mixed text (Python, C headers, Markdown, YAML)"
corpus=$work/corpus.txt
: >"$corpus"
limit=$((mbytes * 1000000))
for src in /usr/lib/python3* /usr/include /usr/share/doc "$root"; do
	[ -d "$src" ] && find "$src" -type f \( -name '*.py' -o -name '*.h' -o -name '*.md' -o -name '*.yaml' \
		-o -name '*.yml' -o -name '*.c' -o -name '*.txt' \) -size -512k 2>/dev/null | LC_ALL=C sort
done | xargs cat 2>/dev/null | iconv -f UTF-8 -t UTF-8 -c | head -c "$limit" >"$corpus" || true
# top up by repetition if the machine has less text than asked
while [ "$(wc -c <"$corpus")" -lt "$limit" ]; do
	cat "$corpus" "$corpus" | head -c "$limit" >"$corpus.2" && mv "$corpus.2" "$corpus"
done
# head may have cut a character in two: both counters must see valid UTF-8
iconv -f UTF-8 -t UTF-8 -c "$corpus" >"$corpus.u" && mv "$corpus.u" "$corpus"
bytes=$(wc -c <"$corpus")
echo "corpus: $bytes bytes"
mbps() { awk -v b="$1" -v ms="$2" 'BEGIN { if (ms <= 0) ms = 1; printf "%.1f", b / 1e6 / (ms / 1000) }'; }

peer=
if [ -f "$cache/node_modules/tiktoken/package.json" ]; then
	peer=ok
elif command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
	mkdir -p "$cache"
	if npm install --silent --no-audit --no-fund --prefix "$cache" tiktoken@1.0.22 >"$work/npm.log" 2>&1; then
		peer=ok
	else
		echo "peer unavailable: npm install tiktoken@1.0.22 failed: $(tail -1 "$work/npm.log")"
	fi
else
	echo "peer unavailable: node/npm not installed"
fi
cat >"$work/count.js" <<'JS'
const { get_encoding } = require(process.argv[2] + "/node_modules/tiktoken");
const text = require("fs").readFileSync(process.argv[4], "utf8");
const enc = get_encoding(process.argv[3]);
const t0 = process.hrtime.bigint();
const n = enc.encode(text, [], []).length;
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(n + " " + Math.round(ms));
JS
for enc in o200k_base cl100k_base; do
	child_cpu_ms >"$work/c0"
	t0=$(now_ms)
	"$pl" tokens --encoding "$enc" "$corpus" >"$work/ours"
	t1=$(now_ms)
	child_cpu_ms >"$work/c1"
	ours=$(cut -f1 "$work/ours")
	ours_ms=$((t1 - t0)) ours_cpu=$(($(cat "$work/c1") - $(cat "$work/c0")))
	printf '%-12s prompt-lint: %10s tokens %6s ms wall %6s MB/s; %6s ms CPU %6s MB/s (one core, start-up included)\n' \
		"$enc" "$ours" "$ours_ms" "$(mbps "$bytes" "$ours_ms")" "$ours_cpu" "$(mbps "$bytes" "$ours_cpu")"
	if [ -n "$peer" ]; then
		child_cpu_ms >"$work/c0"
		node "$work/count.js" "$cache" "$enc" "$corpus" >"$work/theirs"
		child_cpu_ms >"$work/c1"
		out=$(cat "$work/theirs")
		theirs=${out% *} enc_ms=${out#* }
		node_cpu=$(($(cat "$work/c1") - $(cat "$work/c0")))
		printf '%-12s tiktoken:    %10s tokens %6s ms wall %6s MB/s (encode only); %6s ms CPU with start-up\n' \
			"$enc" "$theirs" "$enc_ms" "$(mbps "$bytes" "$enc_ms")" "$node_cpu"
		if [ "$ours" = "$theirs" ]; then same="counts equal"; else same="COUNTS DIFFER"; fi
		echo "  ratio: $(ratio "$enc_ms" "$ours_ms")x faster than tiktoken's encode alone (wall), $(ratio "$node_cpu" "$ours_cpu")x (CPU, both with start-up); $same"
	fi
done
