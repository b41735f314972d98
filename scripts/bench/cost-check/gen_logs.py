#!/usr/bin/env python3
"""Write a synthetic LLM call log of about SIZE megabytes to stdout: a July
of traffic mixing the shapes cost-check reads (OpenAI chat and responses,
Anthropic in an application wrapper, OTel spans, LiteLLM rows, Langfuse
observations), with a few bad lines.  Deterministic (seeded)."""
import json
import random
import sys

size_mb = float(sys.argv[1]) if len(sys.argv) > 1 else 200
rng = random.Random(8)
base = 1782864000  # 2026-07-01T00:00:00Z
routes = ["/chat", "/search", "/agent", "/summarize", "/plan"]
features = ["assistant", "search", "support", "summarizer", "planner"]
filler = "x" * 120


def ts(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def line(i):
    t = base + rng.randrange(31 * 86400)
    r = rng.randrange(len(routes))
    k = i % 7
    pin = rng.randrange(200, 20000)
    cached = rng.randrange(0, pin // 2)
    out = rng.randrange(20, 2000)
    if k == 0:
        return {"id": "chatcmpl-%d" % i, "object": "chat.completion", "created": t, "model": "gpt-4o-2024-08-06",
                "service_tier": "default", "system_fingerprint": filler,
                "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": filler}}],
                "usage": {"prompt_tokens": pin, "completion_tokens": out, "total_tokens": pin + out,
                          "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
                          "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0}}}
    if k == 1:
        return {"ts": ts(t), "route": routes[r], "feature": features[r], "provider": "anthropic",
                "request_model": "claude-sonnet-4-5",
                "response": {"id": "msg_%d" % i, "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
                             "content": [{"type": "text", "text": filler}], "stop_reason": "end_turn",
                             "usage": {"input_tokens": pin // 10, "cache_read_input_tokens": cached,
                                       "cache_creation_input_tokens": 100, "output_tokens": out}}}
    if k == 2:
        rs = rng.randrange(0, out)
        return {"id": "resp_%d" % i, "object": "response", "created_at": t, "model": "o4-mini",
                "metadata": {"route": routes[r], "feature": features[r]}, "output": [{"type": "message", "content": filler}],
                "usage": {"input_tokens": pin, "input_tokens_details": {"cached_tokens": cached},
                          "output_tokens": out, "output_tokens_details": {"reasoning_tokens": rs}, "total_tokens": pin + out}}
    if k == 3:
        a = [("gen_ai.operation.name", {"stringValue": "chat"}), ("gen_ai.provider.name", {"stringValue": "openai"}),
             ("gen_ai.request.model", {"stringValue": "gpt-4o-mini"}), ("gen_ai.response.model", {"stringValue": "gpt-4o-mini"}),
             ("gen_ai.usage.input_tokens", {"intValue": str(pin)}), ("gen_ai.usage.output_tokens", {"intValue": str(out)}),
             ("gen_ai.usage.cache_read.input_tokens", {"intValue": str(cached)}), ("http.route", {"stringValue": routes[r]})]
        return {"traceId": "%032x" % i, "spanId": "%016x" % i, "name": "chat gpt-4o-mini",
                "startTimeUnixNano": str(t * 1000000000 + 123456789), "endTimeUnixNano": str(t * 1000000000 + 923456789),
                "attributes": [{"key": key, "value": v} for key, v in a]}
    if k == 4:
        return {"request_id": "req-%d" % i, "call_type": "acompletion", "spend": 0.001, "prompt_tokens": pin,
                "completion_tokens": out, "total_tokens": pin + out, "startTime": ts(t), "endTime": ts(t + 2),
                "model": "gpt-4.1-mini", "model_group": "small", "custom_llm_provider": "openai", "api_base": "https://api.openai.com",
                "cache_hit": "False", "request_tags": ["feature:" + features[r]],
                "metadata": {"usage_object": {"prompt_tokens": pin, "completion_tokens": out,
                                              "prompt_tokens_details": {"cached_tokens": cached}},
                             "spend_logs_metadata": {"route": routes[r]}}}
    if k == 5:
        rs = rng.randrange(0, out)
        return {"id": "obs-%d" % i, "type": "GENERATION", "traceId": "t%d" % i, "name": "generate",
                "startTime": ts(t), "endTime": ts(t + 1), "model": "gpt-4.1",
                "usageDetails": {"input": pin - cached, "input_cached_tokens": cached, "output": out, "output_reasoning_tokens": rs},
                "metadata": {"route": routes[r], "feature": features[r]}}
    return {"ts": ts(t), "route": routes[r], "feature": features[r], "provider": "openai",
            "response": {"id": "chatcmpl-w%d" % i, "object": "chat.completion", "created": t, "model": "gpt-4o-mini",
                         "choices": [{"message": {"role": "assistant", "content": filler}}],
                         "usage": {"prompt_tokens": pin, "completion_tokens": out, "prompt_tokens_details": {"cached_tokens": cached}}}}


target = size_mb * 1e6
written = 0
i = 0
w = sys.stdout.write
while written < target:
    if i % 5000 == 4999:
        s = '{"truncated": tr'
    else:
        s = json.dumps(line(i), separators=(",", ":"))
    w(s + "\n")
    written += len(s) + 1
    i += 1
