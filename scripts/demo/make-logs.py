#!/usr/bin/env python3
"""Writes the demo's week of LLM call logs (logs/calls-*.jsonl): OpenAI and
Anthropic answers in the wrappers an agent service logs them in.  Seeded, so
the same week comes out every time; run it only to change the demo data."""
import json
import random

rnd = random.Random(7)
ROUTES = [("/support", "support", "anthropic", "claude-sonnet-4-5"),
          ("/triage", "triage", "openai", "gpt-4o-mini"),
          ("/support", "support", "openai", "gpt-4o")]
for day in range(1, 8):
    with open("logs/calls-2026-11-%02d.jsonl" % (22 + day), "w") as fp:
        for n in range(60 + rnd.randrange(40)):
            route, feature, provider, model = rnd.choice(ROUTES)
            ts = "2026-11-%02dT%02d:%02d:%02dZ" % (22 + day, rnd.randrange(24), rnd.randrange(60), rnd.randrange(60))
            inp, out = rnd.randrange(800, 6000), rnd.randrange(80, 900)
            if provider == "anthropic":
                resp = {"id": "msg_%d_%d" % (day, n), "type": "message", "model": model,
                        "usage": {"input_tokens": inp, "cache_read_input_tokens": rnd.choice([0, 2000]),
                                  "output_tokens": out}}
            else:
                resp = {"id": "chatcmpl-%d-%d" % (day, n), "object": "chat.completion", "model": model,
                        "usage": {"prompt_tokens": inp, "completion_tokens": out}}
            fp.write(json.dumps({"ts": ts, "route": route, "feature": feature, "provider": provider,
                                 "response": resp}, separators=(",", ":")) + "\n")
