# The jq peer of the benchmark: `jq -nR --slurpfile p PRICES -f cost.jq LOG`.
# The seed job done in jq: raw lines and `fromjson?` (so a bad line does
# not stop jq), tokens of every shape in the generated log priced with the
# input, cache-read and output rates, and summed by model and by UTC day
# (the daily threshold needs the days).  Still less than cost-check does:
# no tiers, long context, cache writes or reasoning rates.
def n: (. // 0) | tonumber;
def day: if type == "number" then (if . > 1e17 then . / 1e9 else . end | todate[0:10])
  elif test("^[0-9]+$") then (tonumber / 1e9 | todate[0:10]) else .[0:10] end;
def body: if (.response | type) == "object" and (has("ts") or has("timestamp") or has("provider")) then .response else . end;
def rec:
  . as $top | body as $b
  | if $b.object == "chat.completion" then
      {m: $b.model, t: ($top.ts // $b.created), i: ($b.usage.prompt_tokens | n),
       c: ($b.usage.prompt_tokens_details.cached_tokens | n), o: ($b.usage.completion_tokens | n)}
    elif $b.object == "response" then
      {m: $b.model, t: ($top.ts // $b.created_at), i: ($b.usage.input_tokens | n),
       c: ($b.usage.input_tokens_details.cached_tokens | n), o: ($b.usage.output_tokens | n)}
    elif $b.type == "message" then
      {m: $b.model, t: $top.ts, i: (($b.usage.input_tokens | n) + ($b.usage.cache_read_input_tokens | n)),
       c: ($b.usage.cache_read_input_tokens | n), o: ($b.usage.output_tokens | n)}
    elif (.attributes | type) == "array" then
      (reduce .attributes[] as $a ({}; .[$a.key] = ($a.value | to_entries[0].value))) as $t
      | {m: $t["gen_ai.response.model"], t: .startTimeUnixNano, i: ($t["gen_ai.usage.input_tokens"] | n),
         c: ($t["gen_ai.usage.cache_read.input_tokens"] | n), o: ($t["gen_ai.usage.output_tokens"] | n)}
    elif has("call_type") then
      {m: .model, t: .startTime, i: (.prompt_tokens | n),
       c: (.metadata.usage_object.prompt_tokens_details.cached_tokens | n), o: (.completion_tokens | n)}
    elif .type == "GENERATION" then
      {m: .model, t: .startTime, i: ((.usageDetails.input | n) + (.usageDetails.input_cached_tokens | n)),
       c: (.usageDetails.input_cached_tokens | n), o: ((.usageDetails.output | n) + (.usageDetails.output_reasoning_tokens | n))}
    else empty end;
reduce (inputs | fromjson? | rec) as $r ({models: {}, days: {}};
  $p[0][$r.m] as $e
  | if $e == null then . else
      (($r.i - $r.c) * $e.input_cost_per_token
       + $r.c * ($e.cache_read_input_token_cost // $e.input_cost_per_token)
       + $r.o * $e.output_cost_per_token) as $cost
      | ($r.t | day) as $d
      | .models[$r.m] += $cost | .days[$d] += $cost
    end)
