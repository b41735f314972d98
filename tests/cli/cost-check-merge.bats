#!/usr/bin/env bats
# cost-check past one machine: report --shard K/N slices the logs, merge
# adds the shards' JSON reports up exactly (the single report's bytes but
# for the inputs), and refuses parts that do not add up.  Also the first
# hour's gates: no calls is exit 3, --max-rejected, readable money, the
# forecast window, long lines.

load helpers

F="$FIXTURES/cost-check"
DEMO="$BATS_TEST_DIRNAME/../../scripts/demo/service/logs"

setup() {
	export XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache"
	unset COST_CHECK_PRICES GITHUB_ACTIONS JOB_COMPLETION_INDEX
	P=(--prices "$F/prices.json")
	T=$BATS_TEST_TMPDIR
}

# shards_equal N ARGS... -- LOGS...: shard reports 1..N, merged, equal the
# single report (JSON but for .inputs; text byte for byte), in any order.
shards_equal() {
	local n=$1 k
	shift
	cost-check report "$@" --format json >"$T/single.json"
	cost-check report "$@" >"$T/single.txt"
	rm -f "$T"/part-*.json
	for k in $(seq 1 "$n"); do
		cost-check report "$@" --format json --shard "$k/$n" -o "$T/part-$k.json" 2>/dev/null
	done
	cost-check merge --format json "$T"/part-*.json >"$T/merged.json"
	cost-check merge ${GROUP:+--group-by "$GROUP"} "$T"/part-*.json >"$T/merged.txt"
	jq -e --slurpfile a "$T/single.json" 'del(.inputs) == ($a[0] | del(.inputs))' "$T/merged.json" >/dev/null
	cmp "$T/single.txt" "$T/merged.txt"
	# Any order: the same bytes, JSON included.
	cost-check merge --format json $(ls "$T"/part-*.json | sort -r) | cmp - "$T/merged.json"
	cost-check merge ${GROUP:+--group-by "$GROUP"} $(ls "$T"/part-*.json | shuf) | cmp - "$T/merged.txt"
	# Every input byte is read once: the shards' ranges tile each file.
	jq -s '[.[].inputs[]] | group_by(.path) | map(map(.range // [0, .size]) | sort | . as $r
		| ($r[0][0] == 0) and ([range(1; length)] | all($r[.][0] == $r[. - 1][1]))) | all' \
		"$T"/part-*.json | grep -qx true
}

@test "merge: the demo logs in 1, 2, 3 and 8 shards add up to the single report" {
	for n in 1 2 3 8; do
		shards_equal "$n" "$DEMO"/*.jsonl
	done
	# A whole file's sha256 is sha256sum's.
	want=$(sha256sum "$DEMO/calls-2026-11-23.jsonl" | cut -d' ' -f1)
	assert_equal "$(jq -r '.inputs[0].sha256' "$T/single.json")" "$want"
	assert_equal "$(jq -r '.inputs | length' "$T/single.json")" 7
}

@test "merge: one generated log of every shape, cut by line ranges into 1, 2, 3 and 8 shards (and --jobs 2)" {
	# Big enough (over 4 MiB) for --jobs 2 to cut each shard again.
	python3 "$BATS_TEST_DIRNAME/../../scripts/bench/cost-check/gen_logs.py" 5 >"$T/big.jsonl"
	GROUP=day,month,model,route,feature
	for n in 1 2 3 8; do
		shards_equal "$n" "${P[@]}" --group-by "$GROUP" "$T/big.jsonl"
	done
	GROUP=
	shards_equal 3 "${P[@]}" --jobs 2 "$T/big.jsonl" "$F/openai-chat.jsonl" "$F/anthropic.jsonl"
	# Rejected lines, unpriced models and logged costs add up too.
	assert_equal "$(jq '.lines.rejected > 0 and .lines.unpriced >= 0' "$T/merged.json")" true
	# Line numbers of a later shard's examples are the file's own.
	line=
	for k in 2 3 4 5 6 7 8; do
		run cost-check report "${P[@]}" --format json --shard "$k/8" "$T/big.jsonl"
		line=$(printf '%s\n' "$output" | sed -n 's/^cost-check: [^ ]*big.jsonl:\([0-9]*\):.*line skipped.*/\1/p' | head -1)
		[ -z "$line" ] || break
	done
	[ -n "$line" ] && [ "$line" -gt 1000 ]
	sed -n "${line}p" "$T/big.jsonl" | { ! jq -e . >/dev/null 2>&1; }
}

@test "merge: thresholds and GitHub outputs apply to the sum" {
	for k in 1 2; do
		cost-check report --format json --shard "$k/2" -o "$T/p$k.json" "$DEMO"/*.jsonl 2>/dev/null
	done
	run cost-check merge --threshold-daily 0.95 --fail-on-exceed "$T/p1.json" "$T/p2.json"
	assert_status 1
	assert_output_contains "over budget: 2026-11-29 cost \$1.00, above the daily threshold \$0.95"
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$T/out GITHUB_STEP_SUMMARY=$T/sum
	run cost-check merge -o "$T/all.json" "$T/p1.json" "$T/p2.json"
	assert_status 0
	grep -qx 'total_usd=5.900259150' "$T/out"
	grep -q 'within budget' "$T/sum"
	assert_equal "$(jq -r '.status' "$T/all.json")" ok
	# Output that cannot be written is exit 4, to a file or to stdout.
	unset GITHUB_ACTIONS
	run cost-check merge -o /dev/full "$T/p1.json" "$T/p2.json"
	assert_status 4
	run sh -c 'cost-check merge "$1" "$2" >/dev/full' sh "$T/p1.json" "$T/p2.json"
	assert_status 4
}

@test "merge refuses parts that do not add up (exit 3), each with its reason" {
	L=("$DEMO"/*.jsonl)
	cost-check report --format json --shard 1/2 -o "$T/a.json" "${L[@]}" 2>/dev/null
	cost-check report --format json --shard 2/2 -o "$T/b.json" "${L[@]}" 2>/dev/null
	run cost-check merge "$T/a.json" "$T/b.json"
	assert_status 0
	# Another price table.
	cost-check report "${P[@]}" --format json --allow-empty --shard 2/2 -o "$T/b-prices.json" "${L[@]}" 2>/dev/null
	run cost-check merge "$T/a.json" "$T/b-prices.json"
	assert_status 3
	assert_output_contains "different price tables"
	# Another currency, another schema version.
	jq '.currency = "EUR"' "$T/b.json" >"$T/b-eur.json"
	run cost-check merge "$T/a.json" "$T/b-eur.json"
	assert_status 3
	assert_output_contains "in EUR: amounts in two currencies do not add up"
	jq '.version = 2' "$T/b.json" >"$T/b-v2.json"
	run cost-check merge "$T/a.json" "$T/b-v2.json"
	assert_status 3
	assert_output_contains "schema version"
	# Options that change prices.
	for opt in "--alias gpt-4o=gpt-4o-mini" "--input-includes-cache yes" "--cache-price-fallback zero" \
		"--otel-input-excludes-cache" "--since 2026-11-01"; do
		# shellcheck disable=SC2086
		cost-check report $opt --format json --shard 2/2 -o "$T/b-opt.json" "${L[@]}" 2>/dev/null
		run cost-check merge "$T/a.json" "$T/b-opt.json"
		assert_status 3
		assert_output_contains "different options"
	done
	# The same bytes twice: a part given twice, or a log under another name.
	run cost-check merge "$T/a.json" "$T/a.json" "$T/b.json"
	assert_status 3
	assert_output_contains "the parts overlap"
	cp "${L[0]}" "$T/copy.jsonl"
	cost-check report --format json -o "$T/c.json" "$T/copy.jsonl" 2>/dev/null
	run cost-check merge "$T/a.json" "$T/b.json" "$T/c.json"
	assert_status 3
	assert_output_contains "the parts overlap"
	# Slices of one log whose bytes repeat are not the same bytes twice.
	for _ in 1 2 3; do cat "$F/openai-chat.jsonl"; done >"$T/thrice.jsonl"
	for k in 1 2 3; do
		cost-check report "${P[@]}" --format json --shard "$k/3" -o "$T/r$k.json" "$T/thrice.jsonl" 2>/dev/null
	done
	assert_equal "$(jq -r '.inputs[0].sha256' "$T"/r?.json | sort -u | wc -l)" 1
	run cost-check merge "$T"/r?.json
	assert_status 0
	assert_output_contains "9 calls"
	# A missing shard, an old report without inputs, not a report at all.
	cost-check report --format json --shard 1/3 -o "$T/t1.json" "${L[@]}" 2>/dev/null
	cost-check report --format json --shard 3/3 -o "$T/t3.json" "${L[@]}" 2>/dev/null
	run cost-check merge "$T/t1.json" "$T/t3.json"
	assert_status 3
	assert_output_contains "shard 2/3 is missing"
	jq 'del(.inputs)' "$T/b.json" >"$T/b-old.json"
	run cost-check merge "$T/a.json" "$T/b-old.json"
	assert_status 3
	assert_output_contains 'no "inputs"'
	# A log that grew between the shards.
	jq '.inputs[0].size += 10' "$T/b.json" >"$T/b-grown.json"
	run cost-check merge "$T/a.json" "$T/b-grown.json"
	assert_status 3
	assert_output_contains "changed between the shards"
	jq '.lines.rejected_by_reason.weird = 1' "$T/b.json" >"$T/b-weird.json"
	run cost-check merge "$T/a.json" "$T/b-weird.json"
	assert_status 3
	assert_output_contains "rejection reason 'weird' is not one this cost-check knows"
	# Two reports of stdin: two streams, unless their bytes are the same.
	cost-check report --format json -o "$T/in1.json" - <"${L[0]}" 2>/dev/null
	head -c "$(wc -c <"${L[0]}")" "${L[1]}" | sed '$d' >"$T/same-size.jsonl"
	truncate -s "$(wc -c <"${L[0]}")" "$T/same-size.jsonl"
	cost-check report --format json --allow-empty -o "$T/in2.json" - <"$T/same-size.jsonl" 2>/dev/null
	assert_equal "$(jq '.inputs[0].size' "$T/in1.json")" "$(jq '.inputs[0].size' "$T/in2.json")"
	run cost-check merge "$T/in1.json" "$T/in2.json"
	assert_status 0
	run cost-check merge "$T/in1.json" "$T/in1.json"
	assert_status 3
	# A part from stdin is as good as a file.
	run cost-check merge "$T/a.json" - <"$T/b.json"
	assert_status 0
	assert_output_contains "561 calls"
	echo '{"a": 1}' >"$T/x.json"
	run cost-check merge "$T/x.json"
	assert_status 3
	assert_output_contains "not a cost-check JSON report"
	run cost-check merge
	assert_status 2
}

@test "--shard: K/N checked, auto/N from JOB_COMPLETION_INDEX, stdin refused" {
	run cost-check report --shard 0/2 "$DEMO"/*.jsonl
	assert_status 2
	run cost-check report --shard 3/2 "$DEMO"/*.jsonl
	assert_status 2
	run cost-check report --shard 2 "$DEMO"/*.jsonl
	assert_status 2
	run cost-check report --shard auto/2 "$DEMO"/*.jsonl
	assert_status 2
	assert_output_contains "JOB_COMPLETION_INDEX is not set"
	JOB_COMPLETION_INDEX=1 cost-check report --format json --shard auto/2 "$DEMO"/*.jsonl >"$T/auto.json" 2>/dev/null
	cost-check report --format json --shard 2/2 "$DEMO"/*.jsonl >"$T/k.json" 2>/dev/null
	cmp "$T/auto.json" "$T/k.json"
	assert_equal "$(jq -r '.shard' "$T/k.json")" 2/2
	run cost-check report --shard 1/2 - <"$DEMO/calls-2026-11-23.jsonl"
	assert_status 3
	assert_output_contains "stdin cannot be sliced"
	# More shards than lines: the empty shards are reports, judged at merge.
	for k in 1 2 3 4 5; do
		cost-check report --format json --shard "$k/5" -o "$T/s$k.json" "$F/openai-chat.jsonl" 2>/dev/null
	done
	run cost-check merge "$T"/s?.json
	assert_status 0
	assert_output_contains "3 calls"
}

@test "no call in the logs is exit 3 with the first rejection, unless --allow-empty" {
	printf '{"not": "a call"}\nnot json\n' >"$T/junk.jsonl"
	run cost-check report "${P[@]}" "$T/junk.jsonl"
	assert_status 3
	assert_output_contains "no LLM calls found in 2 lines; first rejection: $T/junk.jsonl:1: unrecognized:"
	run cost-check report "${P[@]}" --allow-empty "$T/junk.jsonl"
	assert_status 0
	assert_output_contains "status: ok"
	: >"$T/empty.jsonl"
	run cost-check report "${P[@]}" "$T/empty.jsonl"
	assert_status 3
	assert_output_contains "no LLM calls found in 0 lines; the logs are empty"
	# A merge of parts without calls is judged the same way.
	cost-check report "${P[@]}" --format json --allow-empty -o "$T/j.json" "$T/junk.jsonl" 2>/dev/null
	run cost-check merge "$T/j.json"
	assert_status 3
	assert_output_contains "rejected: parse_error 1 unrecognized 1"
}

@test "--max-rejected N or P% fails the gate (exit 1)" {
	# bad-lines.jsonl: its rejected lines and its calls.
	cp "$F/bad-lines.jsonl" "$T/b.jsonl"
	rej=$(cost-check report "${P[@]}" --format json "$T/b.jsonl" 2>/dev/null | jq '.lines.rejected')
	[ "$rej" -gt 1 ]
	run cost-check report "${P[@]}" --max-rejected "$rej" "$T/b.jsonl"
	assert_status 0
	run cost-check report "${P[@]}" --max-rejected $((rej - 1)) "$T/b.jsonl"
	assert_status 1
	assert_output_contains "status: too_many_rejected"
	assert_output_contains "above --max-rejected $((rej - 1))"
	run cost-check report "${P[@]}" --max-rejected 100% "$T/b.jsonl"
	assert_status 0
	run cost-check report "${P[@]}" --max-rejected 0.5% --format json "$T/b.jsonl"
	assert_status 1
	run cost-check report "${P[@]}" --max-rejected 5x "$T/b.jsonl"
	assert_status 2
}

@test "money for people in text and Markdown, exact in JSON; the forecast says its window" {
	run cost-check report "$DEMO"/*.jsonl
	assert_status 0
	assert_output_contains "561 calls, \$5.90 from 2026-11-23 to 2026-11-29"
	assert_output_contains "forecast 2026-11: \$25.29 from 7 days of logs (2026-11-23 to 2026-11-29, \$0.8429 a day)"
	assert_output_contains "claude-sonnet-4-5                                206             3.68         903,173"
	assert_output_contains "gpt-4o-mini                                      193           0.1479         644,323"
	run cost-check report --format markdown "$DEMO"/*.jsonl
	assert_output_contains "| gpt-4o-mini | 193 | 0.1479 |"
	assert_output_contains "Forecast for 2026-11: **\$25.29** from 7 days of logs"
	cost-check report --format json "$DEMO"/*.jsonl >"$T/r.json"
	assert_equal "$(jq -r '.totals.cost_usd' "$T/r.json")" 5.90025915
	grep -q '"cost_usd": 5.900259150,' "$T/r.json"
	assert_equal "$(jq -r '.totals.cost_exact_usd' "$T/r.json")" 5.900259150000
	assert_equal "$(jq -c '.forecast | [.window_days, .window_rate_usd, .run_rate_usd, .month_to_date_usd]' "$T/r.json")" \
		'[7,0.842894164,25.286824929,5.90025915]'
}

@test "a LiteLLM SpendLogs row without tokens and an embeddings answer without usage are no_usage" {
	printf '%s\n' '{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1]}],"model":"text-embedding-3-small"}' \
		'{"request_id":"r1","call_type":"acompletion","spend":0.0,"startTime":"2026-01-01T00:00:00Z","model":"gpt-4o","user":"u"}' \
		>"$T/nu.jsonl"
	run cost-check report "${P[@]}" --allow-empty --format json "$T/nu.jsonl"
	assert_status 0
	printf '%s\n' "$output" | sed -n '/^{/,/^}/p' >"$T/r.json"
	assert_equal "$(jq -c '.lines.rejected_by_reason | [.no_usage, .unrecognized]' "$T/r.json")" '[2,0]'
}

@test "a log line longer than 16 MiB is one too_long line, read in bounded memory" {
	{
		head -1 "$F/openai-chat.jsonl"
		printf '{"pad": "'
		head -c $((40 << 20)) /dev/zero | tr '\0' 'a'
		printf '"}\n'
		tail -n +2 "$F/openai-chat.jsonl"
	} >"$T/long.jsonl"
	/usr/bin/time -f '%M' -o "$T/rss" cost-check report "${P[@]}" --format json "$T/long.jsonl" >"$T/r.json" 2>"$T/err"
	assert_equal "$(jq -c '[.lines.physical, .lines.accepted, .lines.rejected_by_reason.too_long]' "$T/r.json")" '[4,3,1]'
	grep -q "long.jsonl:2: too_long: 41943051 bytes, longer than the 16 MiB" "$T/err"
	[ "$(cat "$T/rss")" -lt 65536 ]
	gzip -c "$T/long.jsonl" >"$T/long.jsonl.gz"
	cost-check report "${P[@]}" --format json "$T/long.jsonl.gz" 2>/dev/null | jq -e '.lines.rejected_by_reason.too_long == 1'
}

@test "every command has its own --help; options may come before the command" {
	for c in report estimate diff merge "prices show" "prices update"; do
		# shellcheck disable=SC2086
		run cost-check $c --help
		assert_status 0
		assert_output_contains "Usage: cost-check "
		assert_output_contains "${c%% *}"
	done
	run cost-check merge --help
	assert_output_contains "--max-rejected"
	run cost-check merge --help
	[[ "$output" != *"--shard"* ]]
	run cost-check --help
	assert_output_contains "merge"
	cost-check report "${P[@]}" --format json "$F/openai-chat.jsonl" >"$T/a.json"
	cost-check "${P[@]}" --format json report "$F/openai-chat.jsonl" >"$T/b.json"
	cmp "$T/a.json" "$T/b.json"
	run cost-check "${P[@]}" estimate --model gpt-4o --input-tokens 1000
	assert_status 0
	run cost-check --threshold-daily 1 estimate --model gpt-4o
	assert_status 2
}

@test "the Kubernetes example: each Indexed Job pod's command prices its shard, the follow-up Job merges" {
	K="$BATS_TEST_DIRNAME/../../scripts/k8s"
	d=$T/data
	mkdir -p "$d/logs" "$d/reports"
	for f in "$DEMO"/*.jsonl; do gzip -c "$f" >"$d/logs/$(basename "$f").gz"; done
	cp "$BATS_TEST_DIRNAME/../../cmd/cost-check/prices.json" "$d/prices.json"
	# job FILE FIELD: the first Job's container command, or its completions.
	job() {
		python3 -c 'import sys, yaml
j = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d["kind"] == "Job"][0]
print(j["spec"].get("completions", 1) if sys.argv[2] == "n" else j["spec"]["template"]["spec"]["containers"][0]["command"][2])' "$1" "$2" |
			sed "s|/data|$d|g"
	}
	n=$(job "$K/cost-indexed-job.yaml" n)
	[ "$n" -eq 8 ]
	price=$(job "$K/cost-indexed-job.yaml" cmd)
	for i in $(seq 0 $((n - 1))); do
		JOB_COMPLETION_INDEX=$i sh -c "$price" 2>/dev/null
	done
	[ "$(ls "$d"/reports/cost-*.json | wc -l)" -eq 8 ]
	run sh -c "$(job "$K/cost-merge-job.yaml" cmd)"
	assert_status 0
	assert_output_contains "561 calls, \$5.90, status ok; report written to $d/reports/cost.json"
	cost-check report --prices "$d/prices.json" --format json "$d"/logs/*.gz >"$T/single.json" 2>/dev/null
	# The Job's thresholds apply to the sum; the rest is the single report's.
	jq -e --slurpfile a "$T/single.json" 'del(.inputs, .thresholds) == ($a[0] | del(.inputs, .thresholds))' "$d/reports/cost.json"
	assert_equal "$(jq -c '.thresholds | [.daily, .monthly, .max_rejected]' "$d/reports/cost.json")" '[500,12000,"1%"]'
	# A pod that did not finish: the merge Job fails instead of passing.
	rm "$d/reports/cost-5.json" "$d/reports/cost.json"
	run sh -c "$(job "$K/cost-merge-job.yaml" cmd)"
	assert_status 3
	assert_output_contains "shard 6/8 is missing"
}

@test "colour: the status on a terminal only; --color, NO_COLOR and TERM=dumb honoured; never JSON" {
	esc=$(printf '\033')
	# tty CMD: run CMD on a pseudo-terminal (script(1)).
	tty() { script -qec "$*" /dev/null; }
	export TERM=xterm
	unset NO_COLOR
	run tty cost-check report "$DEMO/calls-2026-11-23.jsonl"
	assert_output_contains "status: ${esc}[1;32mok${esc}[0m"
	run tty cost-check report --threshold-daily 0.5 "$DEMO/calls-2026-11-23.jsonl"
	assert_output_contains "${esc}[1;31mover budget${esc}[0m: 2026-11-23"
	assert_output_contains "status: ${esc}[1;31mover_budget${esc}[0m"
	for plain in "NO_COLOR=1 cost-check report" "TERM=dumb cost-check report" "cost-check report --color=never" \
		"cost-check report --format json" "cost-check report --format markdown" "cost-check merge"; do
		if [ "${plain##* }" = merge ]; then
			cost-check report --format json -o "$T/p.json" "$DEMO/calls-2026-11-23.jsonl" 2>/dev/null
			run tty env NO_COLOR=1 cost-check merge "$T/p.json"
		else
			run tty env $plain "$DEMO/calls-2026-11-23.jsonl"
		fi
		assert_status 0
		[[ "$output" != *"$esc["* ]]
	done
	run tty cost-check merge "$T/p.json"
	assert_output_contains "status: ${esc}[1;32mok"
	# A pipe or a file is plain; --color=always colours a pipe.
	run cost-check report "$DEMO/calls-2026-11-23.jsonl"
	[[ "$output" != *"$esc["* ]]
	tty cost-check report -o "$T/r.txt" --format text "$DEMO/calls-2026-11-23.jsonl"
	! grep -q "$esc" "$T/r.txt" || false
	run cost-check report --color=always "$DEMO/calls-2026-11-23.jsonl"
	assert_output_contains "status: ${esc}[1;32mok"
	run cost-check report --color=sometimes "$DEMO/calls-2026-11-23.jsonl"
	assert_status 2
}

@test "options before prices' subcommand too" {
	run cost-check --prices "$F/prices.json" prices show gpt-4o
	assert_status 0
	assert_output_contains "gpt-4o -> gpt-4o (exact"
	assert_output_contains "input \$2.50 "
	run cost-check prices --prices "$F/prices.json" show gpt-4o
	assert_status 0
}

@test "report and merge share the gate's options: the same rows in --help, the same refusal of a bad value" {
	gate_rows() { sed -n '/^Options:/,/^$/p' | grep -oE -- '--(format|output|group-by|threshold-[a-z]+|fail-on-[a-z]+|max-rejected|allow-empty|color|no-github)\b' | sort; }
	run cost-check report --help
	r=$(gate_rows <<<"$output")
	run cost-check merge --help
	m=$(gate_rows <<<"$output")
	[ "$(wc -l <<<"$r")" -eq 11 ]
	assert_equal "$r" "$m"
	for bad in "--threshold-monthly lots" "--max-rejected 101%" "--group-by week" "--format yaml" "--color=rainbow"; do
		# shellcheck disable=SC2086
		run --separate-stderr cost-check report "${P[@]}" $bad "$F/openai-chat.jsonl"
		assert_status 2
		local want=$stderr
		# shellcheck disable=SC2086
		run --separate-stderr cost-check merge $bad "$T/none.json"
		assert_status 2
		assert_equal "$stderr" "$want"
	done
}
