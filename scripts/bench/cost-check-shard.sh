#!/bin/sh
# Benchmark: cost-check past one process (issue 21).  A 1 GB log priced by
# one process, then as `report --shard K/2` in 2 parallel processes plus
# `merge`: the wall time of each, the merge's own time (milliseconds), and
# that the merged report is the single one (but for its inputs).
# Environment: AGENTCI_BIN (built tools), BENCH_SHARD_MB (default 1000),
# BENCH_DIR (where the logs are kept between runs; default a temp folder).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${AGENTCI_BIN:?set AGENTCI_BIN to the folder of the built tools}
mb=${BENCH_SHARD_MB:-1000}
dir=${BENCH_DIR:-}
own=
if [ -z "$dir" ]; then
	dir=$(mktemp -d)
	own=1
fi
cleanup() { if [ -n "$own" ]; then rm -rf "$dir"; fi; }
trap cleanup EXIT INT TERM

prices=$here/../../cmd/cost-check/prices.json
log=$dir/calls-shard-$mb.jsonl
if [ ! -s "$log" ]; then
	# One fifth generated, then repeated: the generator is the slow part.
	echo "generating a ${mb} MB log..."
	python3 "$here/cost-check/gen_logs.py" "$((mb / 5))" >"$log.part"
	for _ in 1 2 3 4 5; do cat "$log.part"; done >"$log.tmp"
	rm -f "$log.part"
	mv "$log.tmp" "$log"
fi
bytes=$(wc -c <"$log")
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (wall times suffer on a busy machine)"
cat "$log" >/dev/null

t=$(now)
"$bin/cost-check" report --prices "$prices" --format json -o "$dir/single.json" "$log" 2>/dev/null
one=$(since "$t")

t=$(now)
"$bin/cost-check" report --prices "$prices" --format json --shard 1/2 -o "$dir/part-1.json" "$log" 2>/dev/null &
p1=$!
"$bin/cost-check" report --prices "$prices" --format json --shard 2/2 -o "$dir/part-2.json" "$log" 2>/dev/null &
p2=$!
wait "$p1"
wait "$p2"
shards=$(since "$t")
t=$(now)
"$bin/cost-check" merge --format json -o "$dir/merged.json" "$dir/part-1.json" "$dir/part-2.json" 2>/dev/null
merge=$(since "$t")
# The merge's CPU time: what it costs, whatever the machine's load.
merge_cpu=$(python3 "$here/cost-check/measure.py" "$bin/cost-check" merge --format json "$dir/part-1.json" \
	"$dir/part-2.json" | cut -d' ' -f4)
total=$(awk -v a="$shards" -v b="$merge" 'BEGIN { printf "%.3f", a + b }')

same=no
if jq -e --slurpfile a "$dir/single.json" 'del(.inputs) == ($a[0] | del(.inputs))' "$dir/merged.json" >/dev/null; then
	same=yes
fi
echo "log: $((bytes / 1000000)) MB, $(jq '.lines.physical' "$dir/single.json") lines"
echo "one process:                       ${one} s wall"
echo "--shard 1/2 and 2/2 in parallel:   ${shards} s wall"
echo "merge of the 2 reports:            $(awk -v m="$merge" 'BEGIN { printf "%.0f", m * 1000 }') ms wall, $(awk -v m="$merge_cpu" 'BEGIN { printf "%.0f", m * 1000 }') ms CPU"
echo "shards + merge:                    ${total} s wall: $(ratio "$one" "$total")x one process (2 cores: near 2x on an idle machine)"
echo "merged report = single report:     $same (jq del(.inputs) equal)"
[ "$same" = yes ]
