#!/usr/bin/env bats
# cost-check end to end: every shape priced to the hand-computed cent
# (tests/fixtures/cost-check/README.md), every option, budgets and exit
# codes, bad lines, gzip, --jobs, the JSON report read with jq, diff,
# estimate and the prices subcommands.

load helpers
load ../servers/lib

F="$FIXTURES/cost-check"

setup() {
	export XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache"
	unset COST_CHECK_PRICES GITHUB_ACTIONS
	P=(--prices "$F/prices.json")
}

teardown() {
	server_stop
}

# cc_json ARGS...: run a report as JSON into $BATS_TEST_TMPDIR/r.json.
cc_json() {
	run cost-check "${P[@]}" --format json "$@"
	printf '%s\n' "$output" | sed -n '/^{/,/^}/p' >"$BATS_TEST_TMPDIR/r.json"
}
jqr() {
	jq -r "$1" "$BATS_TEST_TMPDIR/r.json"
}

@test "every log shape is priced to the hand-computed total" {
	for pair in openai-chat:0.012660000 openai-responses:0.006300800 anthropic:0.975690000 \
		otel:0.008820000 otel-batch:0.008825000 litellm:0.007000000 langfuse:0.004628800; do
		run cost-check report "${P[@]}" --format json "$F/${pair%%:*}.jsonl"
		assert_status 0
		total=$(printf '%s\n' "$output" | grep -m1 '^  "totals"' -A3 | sed -n 's/.*"cost_usd": \(.*\),/\1/p')
		assert_equal "$total" "${pair#*:}"
	done
}

@test "an OTLP export batch line: every GenAI span is a call, other spans are counted apart" {
	cc_json "$F/otel-batch.jsonl"
	assert_equal "$(jqr '.lines | [.physical, .accepted, .rejected, .otlp_other_spans] | join(",")')" "1,2,0,1"
	assert_equal "$(jqr '.by_model | map_values(.cost_usd) | to_entries | map("\(.key)=\(.value)") | join(",")')" "claude-sonnet-4-5=0.006075,gpt-4o=0.00275"
	assert_equal "$(jqr '.by_feature.researcher.calls')" 1
	cc_json --allow-empty --shape anthropic "$F/otel-batch.jsonl"
	assert_equal "$(jqr '.lines.rejected_by_reason.no_usage')" 1
}

@test "the JSON report has the documented shape" {
	cc_json "$F/openai-chat.jsonl"
	assert_status 0
	assert_equal "$(jqr '.version, .currency, .status' | tr '\n' ' ')" "1 USD ok "
	assert_equal "$(jqr '.prices.entries')" 13
	assert_equal "$(jqr '.prices.sha256 | length')" 64
	assert_equal "$(jqr '.period.from + " " + .period.to')" "2025-07-01T12:00:00Z 2025-07-02T07:30:00Z"
	assert_equal "$(jqr '.by_day | keys | join(",")')" "2025-07-01,2025-07-02"
	assert_equal "$(jqr '.by_month["2025-07"].calls')" 3
	assert_equal "$(jqr '.by_model["gpt-4o-2024-08-06"].tokens | [.input_total,.input_uncached,.cache_read,.output] | join(",")')" "2400,480,1920,310"
	assert_equal "$(jqr '.by_route | keys | join(",")')" "(none),/chat,/embed"
	assert_equal "$(jqr '.by_feature.assistant.calls')" 1
	assert_equal "$(jqr '.totals.per_call | keys | join(",")')" "cost_usd,input_total,output"
	assert_equal "$(jqr '.forecast | [.month,.last_day_with_data,.days_elapsed,.days_in_month] | join(",")')" "2025-07,2025-07-02,2,31"
	assert_equal "$(jqr '.lines.rejected_by_reason | keys | length')" 9
	# Money printed with 9 decimals.
	grep -q '"cost_usd": 0.012660000' "$BATS_TEST_TMPDIR/r.json"
}

@test "bad lines are counted by reason, shown with line numbers, and never stop the run" {
	cc_json "$F/bad-lines.jsonl"
	assert_status 0
	assert_equal "$(jqr '.lines | [.physical,.blank,.accepted,.rejected,.unpriced] | join(",")')" "14,2,2,10,1"
	assert_equal "$(jqr '.lines.rejected_by_reason | [.parse_error,.invalid_utf8,.unrecognized,.no_usage,.no_model,.no_timestamp,.bad_timestamp,.invalid_tokens] | join(",")')" "3,1,1,1,1,1,1,1"
	assert_equal "$(jqr '.totals.cost_usd')" 0.00154
	assert_equal "$(jqr '.unpriced_by_model["gpt-9-turbo"] | [.calls, .tokens.input_total, .tokens.output] | join(",")')" "1,700,70"
	assert_output_contains "cost-check: $F/bad-lines.jsonl:4:107: parse_error:"
	assert_output_contains "bad-lines.jsonl:5: invalid_utf8:"
	assert_output_contains "10 lines rejected in all"
	assert_output_contains "model 'gpt-9-turbo' has no price entry: 1 calls not counted in the totals (first at $F/bad-lines.jsonl:13, request resp_9)"
}

@test "--fail-on-unpriced exits 1; --alias prices the name" {
	run cost-check "${P[@]}" --fail-on-unpriced "$F/bad-lines.jsonl"
	assert_status 1
	assert_output_contains "1 calls have no price"
	cc_json --fail-on-unpriced --alias gpt-9-turbo=gpt-4o "$F/bad-lines.jsonl"
	assert_status 0
	assert_equal "$(jqr '.lines.unpriced')" 0
	assert_equal "$(jqr '.by_model["gpt-4o"].cost_usd')" 0.00245
	run cost-check "${P[@]}" --alias gpt-9-turbo=no-such-entry "$F/bad-lines.jsonl"
	assert_status 2
	assert_output_contains "no price entry is named 'no-such-entry'"
}

@test "--alias-file maps names from a YAML file" {
	printf 'gpt-9-turbo: gpt-4o-2024-05-13\n' >"$BATS_TEST_TMPDIR/aliases.yaml"
	cc_json --alias-file "$BATS_TEST_TMPDIR/aliases.yaml" "$F/bad-lines.jsonl"
	assert_status 0
	assert_equal "$(jqr '.by_model["gpt-4o-2024-05-13"].cost_usd')" 0.00455
}

@test "thresholds: strictly greater is over; exit 1 only with --fail-on-exceed" {
	# 2025-07-01 costs 0.975690000 in anthropic.jsonl.
	cc_json --threshold-daily 0.97569 "$F/anthropic.jsonl"
	assert_equal "$(jqr '.status')" ok
	cc_json --threshold-daily 0.975689999 --threshold-monthly 0.5 "$F/anthropic.jsonl"
	assert_status 0
	assert_equal "$(jqr '.status')" over_budget
	assert_equal "$(jqr '.thresholds.days_over | join(",")')" "2025-07-01"
	assert_equal "$(jqr '.thresholds.months_over | join(",")')" "2025-07"
	assert_equal "$(jqr '.thresholds.daily')" 0.975689999
	run cost-check "${P[@]}" --threshold-daily 0.5 --fail-on-exceed "$F/anthropic.jsonl"
	assert_status 1
	assert_output_contains "over budget: 2025-07-01 cost \$0.9757, above the daily threshold \$0.50"
	run cost-check "${P[@]}" --threshold-monthly 1 --fail-on-exceed "$F/anthropic.jsonl"
	assert_status 0
	assert_output_contains "status: ok"
}

@test "the seed's job: thresholds, fail on exceed, report written atomically into a new folder" {
	cd "$BATS_TEST_TMPDIR"
	run cost-check "${P[@]}" --threshold-daily 500 --threshold-monthly 10000 --fail-on-exceed \
		-o reports/cost-analysis.json "$F/openai-chat.jsonl" "$F/anthropic.jsonl"
	assert_status 0
	assert_output_contains "cost-check: 5 calls, \$0.9884, status ok; report written to reports/cost-analysis.json"
	assert_equal "$(jq -r '.totals.calls' reports/cost-analysis.json)" 5
	assert_equal "$(jq -r '.totals.cost_usd' reports/cost-analysis.json)" 0.98835
	[ -z "$(ls reports | grep -v '^cost-analysis.json$')" ]
}

@test "an unreadable log exits 3 and writes no report" {
	cd "$BATS_TEST_TMPDIR"
	run cost-check "${P[@]}" -o out.json "$F/openai-chat.jsonl" missing.jsonl
	assert_status 3
	assert_output_contains "cost-check: missing.jsonl: No such file or directory; no report written"
	[ ! -e out.json ]
	printf 'not gzip at all' | gzip -c | head -c 12 >broken.jsonl.gz
	run cost-check "${P[@]}" broken.jsonl.gz
	assert_status 3
	assert_output_contains "broken.jsonl.gz: gzip data ends early"
	run cost-check "${P[@]}" "$BATS_TEST_TMPDIR"
	assert_status 3
	assert_output_contains "is a folder"
}

@test "an unreadable price file exits 3" {
	run cost-check --prices "$BATS_TEST_TMPDIR/none.json" "$F/openai-chat.jsonl"
	assert_status 3
	printf '{"gpt-4o": {' >"$BATS_TEST_TMPDIR/bad.json"
	run cost-check --prices "$BATS_TEST_TMPDIR/bad.json" "$F/openai-chat.jsonl"
	assert_status 3
	assert_output_contains "bad.json:1:"
}

@test "gzip input and stdin give the same report as the plain file" {
	gzip -c "$F/otel.jsonl" >"$BATS_TEST_TMPDIR/otel.jsonl.gz"
	a=$(cost-check "${P[@]}" --format json "$F/otel.jsonl" | jq -c '.totals,.lines')
	b=$(cost-check "${P[@]}" --format json "$BATS_TEST_TMPDIR/otel.jsonl.gz" | jq -c '.totals,.lines')
	c=$(cost-check "${P[@]}" --format json - <"$F/otel.jsonl" | jq -c '.totals,.lines')
	d=$(cost-check "${P[@]}" --format json <"$BATS_TEST_TMPDIR/otel.jsonl.gz" | jq -c '.totals,.lines')
	assert_equal "$b" "$a"
	assert_equal "$c" "$a"
	assert_equal "$d" "$a"
}

@test "--jobs gives identical totals and line numbers on a file big enough to split" {
	big="$BATS_TEST_TMPDIR/big.jsonl"
	for _ in $(seq 1 6000); do cat "$F/openai-chat.jsonl" "$F/anthropic.jsonl" "$F/bad-lines.jsonl"; echo; done >"$big"
	one=$(cost-check "${P[@]}" --format json "$big" 2>"$BATS_TEST_TMPDIR/e1")
	two=$(cost-check "${P[@]}" --format json --jobs 2 "$big" 2>"$BATS_TEST_TMPDIR/e2")
	three=$(cost-check "${P[@]}" --format json -j 3 "$big" 2>/dev/null)
	assert_equal "$two" "$one"
	assert_equal "$three" "$one"
	cmp "$BATS_TEST_TMPDIR/e1" "$BATS_TEST_TMPDIR/e2"
	assert_equal "$(printf '%s' "$one" | jq -r '.totals.calls')" 36000
	run cost-check "${P[@]}" --jobs 0 "$big"
	assert_status 2
}

@test "--since and --until select whole UTC days" {
	cc_json --since 2025-07-02 "$F/openai-chat.jsonl"
	assert_equal "$(jqr '.totals.calls')" 1
	assert_equal "$(jqr '.lines.outside_period')" 2
	cc_json --until 2025-07-01 "$F/openai-chat.jsonl"
	assert_equal "$(jqr '.totals.calls')" 2
	cc_json --since 2025-07-01T13:00:00Z --until 2025-07-01T15:00:00Z "$F/openai-chat.jsonl"
	assert_equal "$(jqr '.totals.cost_usd')" 0.00595
	run cost-check "${P[@]}" --since yesterday "$F/openai-chat.jsonl"
	assert_status 2
}

@test "--group-by picks the text tables; markdown has the marker" {
	run cost-check "${P[@]}" --group-by route,feature "$F/openai-chat.jsonl"
	assert_status 0
	assert_output_contains "by route:"
	assert_output_contains "by feature:"
	[[ "$output" != *"by day:"* ]]
	run cost-check "${P[@]}" --format markdown --group-by month "$F/openai-chat.jsonl"
	assert_output_contains "<!-- cost-check -->"
	assert_output_contains "| 2025-07 | 3 | 0.01266 |"
	run cost-check "${P[@]}" --group-by week "$F/openai-chat.jsonl"
	assert_status 2
}

@test "--shape skips detection; custom needs its fields" {
	cc_json --allow-empty --shape openai-responses "$F/openai-chat.jsonl"
	assert_equal "$(jqr '.lines.rejected_by_reason.no_usage')" 3
	run cost-check "${P[@]}" --shape custom "$F/custom.jsonl"
	assert_status 2
	assert_output_contains "--shape custom needs --field model=PATH"
	cc_json --shape custom --field model=/llm/model --field time=/ts_ms:unix_ms --field input=/llm/in \
		--field cache_read=/llm/cached --field output=/llm/out --input-includes-cache yes "$F/custom.jsonl"
	assert_status 0
	# (1000-400) x 2.50 + 400 x 1.25 + 10 x 10 per 1M
	assert_equal "$(jqr '.totals.cost_usd')" 0.0021
	assert_equal "$(jqr '.period.from')" 2025-07-01T12:00:00Z
	cc_json --shape custom --field model=/llm/model --field time=/ts_ms:unix_ms --field input=/llm/in \
		--field cache_read=/llm/cached --field output=/llm/out --input-includes-cache no "$F/custom.jsonl"
	# input excludes the cache: 1000 x 2.50 + 400 x 1.25 + 10 x 10
	assert_equal "$(jqr '.totals.cost_usd')" 0.0031
	run cost-check "${P[@]}" --shape csv "$F/custom.jsonl"
	assert_status 2
}

@test "--field overrides a path and falls back to the shape's own" {
	cc_json --field 'route=/nowhere|/response/id' "$F/openai-chat.jsonl"
	assert_equal "$(jqr '.by_route | keys | join(",")')" "(none),/embed,c2"
	run cost-check "${P[@]}" --field colour=/x "$F/openai-chat.jsonl"
	assert_status 2
	assert_output_contains "--field 'colour=/x'"
}

@test "--input-includes-cache flips a shape's semantics" {
	cc_json --input-includes-cache no "$F/openai-responses.jsonl"
	# 5200 uncached + 4096 cached: 5200 x 1.10 + 4096 x 0.275 + 900 x 4.40
	assert_equal "$(jqr '.totals.cost_usd')" 0.0108064
	run cost-check "${P[@]}" --input-includes-cache maybe "$F/openai-responses.jsonl"
	assert_status 2
	# The config takes the flag's words (YAML 1.2 reads no as a string) and booleans.
	for v in no false; do
		printf 'input_includes_cache: %s\n' "$v" >"$BATS_TEST_TMPDIR/c.yaml"
		cc_json --config "$BATS_TEST_TMPDIR/c.yaml" "$F/openai-responses.jsonl"
		assert_equal "$(jqr '.totals.cost_usd')" 0.0108064
	done
}

@test "--otel-input-excludes-cache: an OTel span whose input leaves the cache out, other shapes untouched" {
	otel='{"timestamp":"2025-07-01T09:00:00Z","attributes":{"gen_ai.provider.name":"anthropic","gen_ai.request.model":"claude-sonnet-4-5","gen_ai.usage.input_tokens":180,"gen_ai.usage.cache_read.input_tokens":12000,"gen_ai.usage.cache_creation.input_tokens":1500,"gen_ai.usage.output_tokens":420}}'
	{ printf '%s\n' "$otel"; sed -n 1p "$F/openai-chat.jsonl"; } >"$BATS_TEST_TMPDIR/mixed.jsonl"
	sed -n 1p "$F/openai-chat.jsonl" >"$BATS_TEST_TMPDIR/chat.jsonl"
	chat=$(cost-check "${P[@]}" --format json "$BATS_TEST_TMPDIR/chat.jsonl" | jq -c '.by_model')
	# By default cache reads + writes above the input are inconsistent.
	cc_json "$BATS_TEST_TMPDIR/mixed.jsonl"
	assert_equal "$(jqr '.lines.rejected_by_reason.invalid_tokens')" 1
	cc_json --otel-input-excludes-cache "$BATS_TEST_TMPDIR/mixed.jsonl"
	assert_equal "$(jqr '.lines.rejected')" 0
	# 180 x 3 + 12000 x 0.30 + 1500 x 3.75 + 420 x 15 (per million) = 0.016065
	assert_equal "$(jqr '.by_model["claude-sonnet-4-5"].cost_usd')" 0.016065
	assert_equal "$(jqr '.by_model["claude-sonnet-4-5"].tokens | [.input_total,.input_uncached] | join(",")')" 13680,180
	assert_equal "$(jqr '.by_model | del(.["claude-sonnet-4-5"])' | jq -c .)" "$chat"
	# The same from the config file; a non-boolean there is an input error.
	printf 'otel_input_excludes_cache: true\n' >"$BATS_TEST_TMPDIR/c.yaml"
	cc_json --config "$BATS_TEST_TMPDIR/c.yaml" "$BATS_TEST_TMPDIR/mixed.jsonl"
	assert_equal "$(jqr '.lines.rejected')" 0
	printf 'otel_input_excludes_cache: sometimes\n' >"$BATS_TEST_TMPDIR/c.yaml"
	run cost-check "${P[@]}" --config "$BATS_TEST_TMPDIR/c.yaml" "$BATS_TEST_TMPDIR/mixed.jsonl"
	assert_status 3
	assert_output_contains "otel_input_excludes_cache: expected yes or no"
}

@test "--cache-price-fallback zero prices missing cache rates at 0" {
	printf '%s\n' '{"object":"response","created_at":1751371200,"model":"no-cache-model","usage":{"input_tokens":3000,"input_tokens_details":{"cached_tokens":2000},"output_tokens":0}}' >"$BATS_TEST_TMPDIR/n.jsonl"
	cc_json "$BATS_TEST_TMPDIR/n.jsonl"
	assert_equal "$(jqr '.totals.cost_usd')" 0.003
	cc_json --cache-price-fallback zero "$BATS_TEST_TMPDIR/n.jsonl"
	assert_equal "$(jqr '.totals.cost_usd')" 0.001
	run cost-check "${P[@]}" --cache-price-fallback half "$BATS_TEST_TMPDIR/n.jsonl"
	assert_status 2
}

@test "--prices is repeatable, later files (YAML too) override entries" {
	cc_json --prices "$F/prices-override.yaml" "$F/litellm.jsonl"
	# gpt-4o now 1 in / 2 out and no cache price (falls back to input): 3000 x 1 + 200 x 2
	assert_equal "$(jqr '.totals.cost_usd')" 0.0034
	assert_equal "$(jqr '.prices.overrides[0].file')" "$F/prices-override.yaml"
}

@test "--config supplies fields, aliases, budgets and group_by; flags win" {
	run cost-check "${P[@]}" --config "$F/config.yaml" --fail-on-exceed "$F/bad-lines.jsonl" "$F/custom.jsonl"
	assert_status 1
	assert_output_contains "above the daily threshold \$0.001"
	assert_output_contains "by route:"
	cc_json --config "$F/config.yaml" --threshold-daily 1 "$F/bad-lines.jsonl"
	assert_equal "$(jqr '.thresholds.daily')" 1
	assert_equal "$(jqr '.lines.unpriced')" 0
	# prices: in the config, beaten by COST_CHECK_PRICES, beaten by --prices.
	printf 'prices: [%s]\n' "$F/prices-override.yaml" >"$BATS_TEST_TMPDIR/p.yaml"
	run cost-check --config "$BATS_TEST_TMPDIR/p.yaml" --format json "$F/litellm.jsonl"
	assert_equal "$(printf '%s' "$output" | jq -r '.prices.file')" "$F/prices-override.yaml"
	COST_CHECK_PRICES="$F/prices.json" run cost-check --config "$BATS_TEST_TMPDIR/p.yaml" --format json "$F/litellm.jsonl"
	assert_equal "$(printf '%s' "$output" | jq -r '.prices.file')" "$F/prices.json"
	printf 'colour: red\n' >"$BATS_TEST_TMPDIR/c.yaml"
	run cost-check "${P[@]}" --config "$BATS_TEST_TMPDIR/c.yaml" "$F/openai-chat.jsonl"
	assert_status 3
	assert_output_contains "unknown setting 'colour'"
}

@test "the bundled table prices common names; the cache from prices update wins" {
	unset COST_CHECK_PRICES
	run cost-check prices show claude-sonnet-4-5 --provider anthropic
	assert_status 0
	assert_output_contains "claude-sonnet-4-5 -> claude-sonnet-4-5 (exact"
	assert_output_contains "input \$3.00 "
	run cost-check prices show gpt-4o-2024-11-99
	assert_status 1
	assert_output_contains "has no entry"
	run cost-check prices show --prices "$F/prices.json" dall-e-3
	assert_status 1
	assert_output_contains "no per-token price"
	run cost-check prices show --prices "$F/prices.json" --format json openai/gpt-4o
	assert_equal "$(printf '%s' "$output" | jq -r '.key + " " + .resolved_by + " " + (.tiers.priority.input|tostring)')" "gpt-4o provider prefix stripped 4.25"
	assert_equal "$(printf '%s' "$output" | jq -r '.entry.input_cost_per_token_priority')" 4.25e-06
}

@test "prices update downloads, validates and replaces the cached table" {
	mkdir -p "$BATS_TEST_TMPDIR/www"
	cp "$F/prices.json" "$BATS_TEST_TMPDIR/www/table.json"
	printf '{"just": "junk"}' >"$BATS_TEST_TMPDIR/www/junk.json"
	port=$(server_start python3 "$F/serve.py" --dir "$BATS_TEST_TMPDIR/www")
	run cost-check prices update --url "http://127.0.0.1:$port/table.json"
	assert_status 0
	assert_output_contains "$XDG_CACHE_HOME/agentci/prices.json: 12 priced entries"
	cmp "$XDG_CACHE_HOME/agentci/prices.json" "$F/prices.json"
	run cost-check prices update --url "http://127.0.0.1:$port/junk.json"
	assert_status 3
	assert_output_contains "the old table is kept"
	cmp "$XDG_CACHE_HOME/agentci/prices.json" "$F/prices.json"
	run cost-check prices update --url "http://127.0.0.1:$port/missing.json"
	assert_status 4
	assert_output_contains "HTTP 404"
	# Without --prices the downloaded table is the one used and named.
	run cost-check --format json "$F/openai-chat.jsonl"
	assert_equal "$(printf '%s' "$output" | jq -r '.prices.file')" "$XDG_CACHE_HOME/agentci/prices.json"
}

@test "estimate: a planned workload, and prompt-lint JSON on stdin" {
	run cost-check estimate "${P[@]}" --model gpt-4o --input-tokens 1000 --output-tokens 100 --requests-per-day 1000 --days 30
	assert_status 0
	assert_output_contains "\$0.003500 per request, \$3.50 per day at 1000 requests, \$105.00 over 30 days"
	run cost-check estimate "${P[@]}" --model gpt-4o --output-tokens 100 --requests-per-day 10 --days 2 --format json - <"$F/prompt-lint.json"
	assert_status 0
	assert_equal "$(printf '%s' "$output" | jq -r '[.items[].usd_per_request] | join(",")')" "0.004,0.003"
	assert_equal "$(printf '%s' "$output" | jq -r '.usd_total')" 0.14
	# priority tier with cache reads: 600 x 4.25 + 400 x 2.125 + 100 x 17 per 1M
	run cost-check estimate "${P[@]}" --model gpt-4o --input-tokens 1000 --cached-tokens 400 --output-tokens 100 --tier priority
	assert_output_contains "\$0.005100 per request"
	run cost-check estimate "${P[@]}" --model gpt-4o --output-tokens 100 --format markdown - <"$F/prompt-lint.json"
	assert_output_contains "| prompts/support.yaml | 1200 | 100 | 0.004000 |"
	assert_output_contains "per request of each of 2 templates"
	run cost-check estimate "${P[@]}" --model gpt-4o --input-tokens 10 --cached-tokens 11
	assert_status 2
	run cost-check estimate "${P[@]}" --model nope --input-tokens 1
	assert_status 1
	run cost-check estimate "${P[@]}" --input-tokens 1
	assert_status 2
	run cost-check estimate "${P[@]}" --model gpt-4o - <<<'{"no": "files"}'
	assert_status 3
}

@test "diff: per request overall, by route and by model, with limits" {
	cd "$BATS_TEST_TMPDIR"
	cost-check "${P[@]}" -o base.json "$F/openai-chat.jsonl"
	# The head run: the same traffic plus a dearer /chat call.
	{ cat "$F/openai-chat.jsonl"; sed -n 2p "$F/openai-chat.jsonl" | sed 's/"prompt_tokens":1000/"prompt_tokens":3000/'; } >head.jsonl
	cost-check "${P[@]}" -o head.json head.jsonl
	run cost-check diff base.json head.json --format json
	assert_status 0
	assert_equal "$(printf '%s' "$output" | jq -r '.overall.base.usd_per_request, .overall.head.usd_per_request' | tr '\n' ' ')" "0.00422 0.0067775 "
	assert_equal "$(printf '%s' "$output" | jq -r '.by_route["/chat"].delta_pct')" 71.4286
	run cost-check diff base.json head.json --max-increase-pct 50
	assert_status 1
	assert_output_contains "over limit: overall: $"
	run cost-check diff base.json head.json --max-increase-pct 50 --by model
	assert_status 1
	assert_output_contains "over limit: model gpt-4o:"
	run cost-check diff base.json head.json --max-increase-usd-per-request 0.01 --by route
	assert_status 0
	run cost-check diff base.json head.json --format markdown --by route --max-increase-pct 80
	assert_status 0
	assert_output_contains "<!-- cost-check -->"
	assert_output_contains "| /chat | 1 | 2 |"
	run cost-check diff base.json
	assert_status 2
	run cost-check diff base.json "$F/prices.json"
	assert_status 3
	assert_output_contains "not a cost-check JSON report"
}

@test "diff --by route catches one dearer route while the total falls" {
	cd "$BATS_TEST_TMPDIR"
	cat >base.json <<-'J'
	{"totals":{"calls":200,"cost_usd":2.0,"tokens":{"input_total":200000,"output":2000}},
	 "by_route":{"/a":{"calls":100,"cost_usd":1.0,"tokens":{"input_total":1,"output":1}},
	             "/b":{"calls":100,"cost_usd":1.0,"tokens":{"input_total":1,"output":1}}},"by_model":{}}
	J
	cat >head.json <<-'J'
	{"totals":{"calls":200,"cost_usd":1.64,"tokens":{"input_total":200000,"output":2000}},
	 "by_route":{"/a":{"calls":100,"cost_usd":1.14,"tokens":{"input_total":1,"output":1}},
	             "/b":{"calls":100,"cost_usd":0.5,"tokens":{"input_total":1,"output":1}}},"by_model":{}}
	J
	run cost-check diff base.json head.json --max-increase-pct 10
	assert_status 0
	run cost-check diff base.json head.json --max-increase-pct 10 --by route
	assert_status 1
	assert_output_contains "over limit: route /a: \$0.01000 -> \$0.01140 per request (+14.00%)"
}

@test "GitHub Actions: outputs, step summary and annotations; --no-github turns them off" {
	export GITHUB_ACTIONS=true GITHUB_OUTPUT="$BATS_TEST_TMPDIR/out" GITHUB_STEP_SUMMARY="$BATS_TEST_TMPDIR/sum"
	run cost-check "${P[@]}" --threshold-daily 0.5 --fail-on-exceed "$F/anthropic.jsonl"
	assert_status 1
	assert_output_contains "::error title=cost-check::2025-07-01 cost \$0.9757"
	grep -q '^total_usd=0.975690000$' "$GITHUB_OUTPUT"
	grep -q '^status=over_budget$' "$GITHUB_OUTPUT"
	grep -q '<!-- cost-check -->' "$GITHUB_STEP_SUMMARY"
	# JSON on stdout stays JSON: the annotations go to stderr.
	cost-check "${P[@]}" --format json --threshold-daily 0.5 "$F/anthropic.jsonl" >"$BATS_TEST_TMPDIR/r.json" 2>"$BATS_TEST_TMPDIR/err"
	jq -e '.status == "over_budget"' "$BATS_TEST_TMPDIR/r.json"
	grep -q '^::warning title=cost-check::2025-07-01 cost' "$BATS_TEST_TMPDIR/err"
	# An unpriced model is annotated: a warning, an error with --fail-on-unpriced.
	run cost-check "${P[@]}" "$F/bad-lines.jsonl"
	assert_output_contains "::warning title=cost-check::model 'gpt-9-turbo' has no price entry: 1 calls not counted"
	run cost-check "${P[@]}" --fail-on-unpriced "$F/bad-lines.jsonl"
	assert_status 1
	assert_output_contains "::error title=cost-check::model 'gpt-9-turbo' has no price entry"
	# Files it cannot append to are warned about; the run's status stands.
	GITHUB_OUTPUT=/nonexistent/out GITHUB_STEP_SUMMARY=/nonexistent/sum run cost-check "${P[@]}" "$F/anthropic.jsonl"
	assert_status 0
	assert_output_contains "warning: cannot write the step outputs to \$GITHUB_OUTPUT (/nonexistent/out)"
	assert_output_contains "warning: cannot append to \$GITHUB_STEP_SUMMARY (/nonexistent/sum)"
	rm -f "$GITHUB_OUTPUT" "$GITHUB_STEP_SUMMARY"
	run cost-check "${P[@]}" --no-github "$F/anthropic.jsonl"
	[ ! -e "$GITHUB_OUTPUT" ]
	[[ "$output" != *"::"* ]]
}

@test "GitHub Actions: an error is its plain line, then one ::error; findings are annotated once, and a status line is not" {
	export GITHUB_ACTIONS=true GITHUB_OUTPUT="$BATS_TEST_TMPDIR/out" GITHUB_STEP_SUMMARY="$BATS_TEST_TMPDIR/sum"
	local err=$BATS_TEST_TMPDIR/err rc=0
	printf '\n\n' >"$BATS_TEST_TMPDIR/empty.jsonl"
	cost-check "${P[@]}" "$BATS_TEST_TMPDIR/empty.jsonl" 2>"$err" || rc=$?
	[ "$rc" -eq 3 ]
	grep -A1 '^cost-check: no LLM calls found in 2 lines' "$err" | grep -q '^::error title=cost-check::no LLM calls found in 2 lines'
	# The unpriced model once, as an error with --fail-on-unpriced; skipped lines are no ::error.
	rc=0
	cost-check "${P[@]}" --fail-on-unpriced "$F/bad-lines.jsonl" >"$BATS_TEST_TMPDIR/o" 2>"$err" || rc=$?
	[ "$rc" -eq 1 ]
	[ "$(cat "$BATS_TEST_TMPDIR/o" "$err" | grep -c "^::.*model 'gpt-9-turbo' has no price entry")" -eq 1 ]
	grep -q "^::error title=cost-check::model 'gpt-9-turbo' has no price entry: 1 calls not counted in the totals (first at " "$err"
	grep -q "^cost-check: $F/bad-lines.jsonl:4:107: parse_error:" "$err"
	! grep -q '^::error.*line skipped' "$err" || false
	cost-check "${P[@]}" -o "$BATS_TEST_TMPDIR/r.json" "$F/anthropic.jsonl" 2>"$err"
	grep -q "report written to" "$err"
	! grep -q "::error" "$err" || false
	# merge warns of the parts' unpriced models as report does.
	cost-check "${P[@]}" --no-github --format json "$F/bad-lines.jsonl" >"$BATS_TEST_TMPDIR/part.json" 2>/dev/null
	cost-check merge --format json "$BATS_TEST_TMPDIR/part.json" >/dev/null 2>"$err"
	grep -q "^cost-check: warning: model 'gpt-9-turbo' has no price entry: 1 calls not counted in the totals; add it" "$err"
	grep -q "^::warning title=cost-check::model 'gpt-9-turbo' has no price entry" "$err"
}

@test "usage: --help, --version, unknown options" {
	run cost-check --help
	assert_status 0
	assert_output_contains "cost-check diff BASE.json HEAD.json"
	# The Commands: list is what the suite's man page check walks.
	for c in report estimate diff prices; do
		printf '%s\n' "$output" | sed -n '/^Commands:/,/^$/p' | grep -q "^  $c " || { echo "no $c under Commands:" >&2; return 1; }
	done
	run cost-check report --help
	assert_output_contains "--threshold-daily USD"
	# prices --help: the options of both prices commands.
	run cost-check prices --help
	assert_status 0
	assert_output_contains "--provider P"
	assert_output_contains "--url URL"
	run cost-check --version
	assert_output_contains "cost-check (agentci) "
	run cost-check --bogus
	assert_status 2
	run cost-check "${P[@]}" --threshold-daily lots "$F/anthropic.jsonl"
	assert_status 2
	run cost-check "${P[@]}" --format yaml "$F/anthropic.jsonl"
	assert_status 2
	run cost-check prices
	assert_status 2
}

@test "a generated log of every shape: the same total as the independent Python pricer" {
	bench="$BATS_TEST_DIRNAME/../../scripts/bench/cost-check"
	python3 "$bench/gen_logs.py" 2 >"$BATS_TEST_TMPDIR/gen.jsonl"
	prices="$BATS_TEST_DIRNAME/../../cmd/cost-check/prices.json"
	ours=$(cost-check --prices "$prices" --format json -j 2 "$BATS_TEST_TMPDIR/gen.jsonl" 2>/dev/null | jq -r '.totals.cost_usd, .totals.calls, .lines.rejected' | tr '\n' ' ')
	peer=$(python3 "$bench/analyze_cost.py" --prices "$prices" "$BATS_TEST_TMPDIR/gen.jsonl" | jq -r '.total_usd, .calls, .rejected' | tr '\n' ' ')
	assert_equal "$ours" "$peer"
}
