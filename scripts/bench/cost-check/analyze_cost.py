#!/usr/bin/env python3
"""The peer for the benchmark: what a team's home-grown analyze_cost.py
does, written honestly and reasonably fast.  json.loads per line, the same
shape rules and token semantics as cost-check (wrapper, OpenAI chat and
responses, Anthropic, OTel, LiteLLM, Langfuse), prices from a LiteLLM
table (exact key, provider/key, stripped prefix; cache and reasoning rates;
long context above N), sums by day and model in floats, thresholds, and a
JSON report.

usage: analyze_cost.py --prices FILE [--threshold-daily USD]
       [--threshold-monthly USD] [--fail-on-exceed] [-o OUT] LOG"""
import argparse
import datetime
import json
import re
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--prices", required=True)
ap.add_argument("--threshold-daily", type=float)
ap.add_argument("--threshold-monthly", type=float)
ap.add_argument("--fail-on-exceed", action="store_true")
ap.add_argument("-o", "--output")
ap.add_argument("log")
a = ap.parse_args()

with open(a.prices) as f:
    table = {k: v for k, v in json.load(f).items() if isinstance(v, dict) and not k.startswith("_")
             and k not in ("sample_spec", "fallback_generalizations")}
providers = {v.get("litellm_provider") for v in table.values()} | {"openai", "anthropic", "azure", "bedrock", "gemini", "vertex_ai", "mistral"}
resolved = {}


def rates(entry):
    inp = entry.get("input_cost_per_token")
    if not isinstance(inp, (int, float)):
        return None
    r = {"in": inp, "out": entry.get("output_cost_per_token", 0)}
    r["cr"] = entry.get("cache_read_input_token_cost", inp)
    r["cw"] = entry.get("cache_creation_input_token_cost", inp)
    r["cw1h"] = entry.get("cache_creation_input_token_cost_above_1hr", r["cw"])
    r["rs"] = entry.get("output_cost_per_reasoning_token", r["out"])
    bands = []
    for k in entry:
        m = re.fullmatch(r"input_cost_per_token_above_(\d+)([km])_tokens", k)
        if m:
            n = int(m.group(1)) * (1000 if m.group(2) == "k" else 1000000)
            sfx = k[len("input_cost_per_token"):]
            b = {"in": entry[k]}
            b["out"] = entry.get("output_cost_per_token" + sfx, r["out"])
            b["cr"] = entry.get("cache_read_input_token_cost" + sfx, entry.get("cache_read_input_token_cost", b["in"]))
            b["cw"] = entry.get("cache_creation_input_token_cost" + sfx, entry.get("cache_creation_input_token_cost", b["in"]))
            b["cw1h"] = entry.get("cache_creation_input_token_cost_above_1hr" + sfx, entry.get("cache_creation_input_token_cost_above_1hr", b["cw"]))
            b["rs"] = entry.get("output_cost_per_reasoning_token" + sfx, entry.get("output_cost_per_reasoning_token", b["out"]))
            bands.append((n, b))
    r["bands"] = sorted(bands, reverse=True)
    return r


def resolve(provider, name):
    key = (provider, name)
    if key not in resolved:
        found = None
        cands = ([provider + "/" + name] if provider else []) + [name]
        if "/" in name and name.split("/", 1)[0] in providers:
            cands.append(name.split("/", 1)[1])
        for c in cands:
            if c in table:
                found = (c, rates(table[c]))
                break
        resolved[key] = found
    return resolved[key]


def to_time(v):
    if isinstance(v, str):
        if v.isdigit():
            v = int(v)
        else:
            return datetime.datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp()
    if v > 1e17:
        return v / 1e9
    if v > 1e14:
        return v / 1e6
    if v > 1e11:
        return v / 1e3
    return v


def attrs(o):
    at = o.get("attributes")
    if isinstance(at, list):
        d = {}
        for kv in at:
            val = kv.get("value", {})
            d[kv.get("key")] = next(iter(val.values())) if isinstance(val, dict) and val else val
        return d
    if isinstance(at, dict):
        return at
    return o


def n(v):
    return int(v) if v is not None else 0


def extract(o):
    """(model, provider, t, uncached, cr, cw5, cw1h, out, rs, hit) or None."""
    w = None
    inner = o.get("response") if isinstance(o.get("response"), dict) else o.get("body")
    if isinstance(inner, dict) and ("ts" in o or "timestamp" in o or "time" in o or "provider" in o):
        w, o = o, inner
    obj, typ = o.get("object"), o.get("type")
    wt = w and (w.get("ts") or w.get("timestamp") or w.get("time"))
    if obj == "chat.completion" or (obj == "list" and "usage" in o):
        u = o.get("usage") or {}
        if "prompt_tokens" not in u:
            return None
        inp, cr = n(u["prompt_tokens"]), n((u.get("prompt_tokens_details") or {}).get("cached_tokens"))
        out, rs = n(u.get("completion_tokens")), n((u.get("completion_tokens_details") or {}).get("reasoning_tokens"))
        t = wt or o.get("created")
        return (o.get("model") or (w or {}).get("request_model"), (w or {}).get("provider", "openai"), t, inp - cr, cr, 0, 0, out, rs, False)
    if obj == "response":
        u = o.get("usage") or {}
        if "input_tokens" not in u:
            return None
        inp, cr = n(u["input_tokens"]), n((u.get("input_tokens_details") or {}).get("cached_tokens"))
        out, rs = n(u.get("output_tokens")), n((u.get("output_tokens_details") or {}).get("reasoning_tokens"))
        return (o.get("model"), (w or {}).get("provider", "openai"), wt or o.get("created_at"), inp - cr, cr, 0, 0, out, rs, False)
    if typ in ("message", "error"):
        u = o.get("usage")
        if not u:
            return None
        cw = n(u.get("cache_creation_input_tokens"))
        cw1h = n((u.get("cache_creation") or {}).get("ephemeral_1h_input_tokens"))
        return (o.get("model") or (w or {}).get("request_model"), (w or {}).get("provider", "anthropic"), wt,
                n(u.get("input_tokens")), n(u.get("cache_read_input_tokens")), cw - cw1h, cw1h, n(u.get("output_tokens")), 0, False)
    at = attrs(o)
    if any(k.startswith("gen_ai.") for k in at):
        inp = n(at.get("gen_ai.usage.input_tokens", at.get("gen_ai.usage.prompt_tokens")))
        cr, cw = n(at.get("gen_ai.usage.cache_read.input_tokens")), n(at.get("gen_ai.usage.cache_creation.input_tokens"))
        prov = at.get("gen_ai.provider.name") or at.get("gen_ai.system") or ""
        return (at.get("gen_ai.response.model") or at.get("gen_ai.request.model"), prov, o.get("startTimeUnixNano") or o.get("timestamp"),
                inp - cr - cw, cr, cw, 0, n(at.get("gen_ai.usage.output_tokens", at.get("gen_ai.usage.completion_tokens"))),
                n(at.get("gen_ai.usage.reasoning.output_tokens")), False)
    if "call_type" in o:
        uo = (o.get("metadata") or {}).get("usage_object") or {}
        inp = n(o.get("prompt_tokens", uo.get("prompt_tokens")))
        cr = n((uo.get("prompt_tokens_details") or {}).get("cached_tokens", uo.get("cache_read_input_tokens")))
        cw = n(uo.get("cache_creation_input_tokens"))
        rs = n((uo.get("completion_tokens_details") or {}).get("reasoning_tokens"))
        hit = o.get("cache_hit") in (True, "True", "true")
        return (o.get("model"), o.get("custom_llm_provider", ""), o.get("startTime"), inp - cr - cw, cr, cw, 0, n(o.get("completion_tokens")), rs, hit)
    if typ in ("GENERATION", "EMBEDDING") or "usageDetails" in o:
        u = o.get("usageDetails") or {}
        cr = n(u.get("input_cached_tokens", u.get("cache_read_input_tokens")))
        rs = n(u.get("output_reasoning_tokens"))
        return (o.get("model"), "", o.get("startTime"), n(u.get("input")), cr, n(u.get("cache_creation_input_tokens")), 0, n(u.get("output")) + rs, rs, False)
    return None


days, models, unpriced = {}, {}, {}
total, calls, rejected = 0.0, 0, 0
with open(a.log, "rb") as f:
    for raw in f:
        if not raw.strip():
            continue
        try:
            rec = extract(json.loads(raw))
        except (ValueError, TypeError, AttributeError):
            rec = None
        if rec is None or not rec[0] or rec[2] is None:
            rejected += 1
            continue
        model, prov, t, unc, cr, cw5, cw1h, out, rs, hit = rec
        try:
            t = to_time(t)
        except ValueError:
            rejected += 1
            continue
        res = resolve(prov, model)
        if not res or not res[1]:
            unpriced[model] = unpriced.get(model, 0) + 1
            continue
        key, r = res
        if hit:
            cost = 0.0
        else:
            whole = unc + cr + cw5 + cw1h
            for nn, b in r["bands"]:
                if whole > nn:
                    r = b
                    break
            cost = unc * r["in"] + cr * r["cr"] + cw5 * r["cw"] + cw1h * r["cw1h"] + (out - rs) * r["out"] + rs * r["rs"]
        day = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d")
        days[day] = days.get(day, 0.0) + cost
        models[key] = models.get(key, 0.0) + cost
        total += cost
        calls += 1

months = {}
for d, c in days.items():
    months[d[:7]] = months.get(d[:7], 0.0) + c
over_days = [d for d, c in sorted(days.items()) if a.threshold_daily is not None and c > a.threshold_daily]
over_months = [m for m, c in sorted(months.items()) if a.threshold_monthly is not None and c > a.threshold_monthly]
report = {"total_usd": round(total, 9), "calls": calls, "rejected": rejected, "unpriced": unpriced,
          "by_day": days, "by_month": months, "by_model": models, "days_over": over_days, "months_over": over_months}
out = open(a.output, "w") if a.output else sys.stdout
json.dump(report, out, indent=2)
out.write("\n")
sys.exit(1 if a.fail_on_exceed and (over_days or over_months) else 0)
