/* prices: price tables loaded into per-token rates, and model names resolved. */
#include "prices.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "encode.h"
#include "fs.h"
#include "json.h"
#include "yaml_json.h"

/* Marks a case-folded key that more than one entry folds to. */
static struct price_model ambiguous;

void prices_init(struct price_table *pt)
{
	memset(pt, 0, sizeof *pt);
	pt->root = json_object();
	strmap_init(&pt->exact);
	strmap_init(&pt->folded);
	strmap_init(&pt->providers);
	strmap_init(&pt->aliases);
}

static bool not_a_model(const char *key, const json_t *v)
{
	/* LiteLLM's two non-model keys, and "_..." notes (our bundled table
	 * says where its prices come from under "_about"). */
	return !json_is_object(v) || strcmp(key, "sample_spec") == 0 || strcmp(key, "fallback_generalizations") == 0 ||
	       key[0] == '_';
}

int prices_add_json(struct price_table *pt, json_t *obj, const char *name, char *err, size_t errlen)
{
	if (!json_is_object(obj)) {
		snprintf(err, errlen, "%s: a price table is one object of model entries", name);
		json_decref(obj);
		return -1;
	}
	json_object_update(pt->root, obj);
	json_decref(obj);
	return 0;
}

int prices_add_file(struct price_table *pt, const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (fs_read_all(path, (size_t)512 << 20, &buf, &len, err, errlen) < 0)
		return -1;
	json_t *obj = yaml_json_text(buf, len, path, err, errlen);
	if (!obj) {
		free(buf);
		return -1;
	}
	pt->files = xrealloc(pt->files, (pt->nfiles + 1) * sizeof *pt->files);
	struct price_file *f = &pt->files[pt->nfiles++];
	f->path = xstrdup(path);
	sha256_hex(buf, len, f->sha256);
	free(buf);
	return prices_add_json(pt, obj, path, err, errlen);
}

/* One price key, trying the most specific spelling first: with the
 * long-context and tier suffixes, with either, then plain. */
static bool lookup_rate(const json_t *e, const char *base, const char *lc, const char *tier, int64_t *out)
{
	const char *sfx[4][2] = {{lc, tier}, {lc, ""}, {"", tier}, {"", ""}};
	char key[160];
	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof key, "%s%s%s", base, sfx[i][0], sfx[i][1]);
		const json_t *v = json_object_get(e, key);
		if (v && json_is_number(v) && usd_to_pico(json_number_value(v), out))
			return true;
	}
	return false;
}

static const char *const tier_sfx[NTIERS] = {"", "_priority", "_flex", "_batches"};
const char *const tier_names[NTIERS] = {"default", "priority", "flex", "batch"};

static bool fill_rates(const json_t *e, const char *lc, enum tier t, bool fallback_zero, struct rates *r)
{
	const char *ts = tier_sfx[t];
	if (!lookup_rate(e, "input_cost_per_token", lc, ts, &r->in))
		return false;
	if (!lookup_rate(e, "output_cost_per_token", lc, ts, &r->out))
		r->out = 0; /* embeddings carry no output price */
	int64_t missing_cache = fallback_zero ? 0 : r->in;
	if (!lookup_rate(e, "cache_read_input_token_cost", lc, ts, &r->cache_read))
		r->cache_read = missing_cache;
	if (!lookup_rate(e, "cache_creation_input_token_cost", lc, ts, &r->cache_write))
		r->cache_write = missing_cache;
	if (!lookup_rate(e, "cache_creation_input_token_cost_above_1hr", lc, ts, &r->cache_write_1h))
		r->cache_write_1h = r->cache_write;
	if (!lookup_rate(e, "output_cost_per_reasoning_token", lc, ts, &r->reasoning))
		r->reasoning = r->out;
	return true;
}

/* "input_cost_per_token_above_200k_tokens[_tier]" -> 200000 and the
 * suffix "_above_200k_tokens" that the other rates of that band carry;
 * -1 for any other key. */
static int64_t threshold_of(const char *key, char *sfx, size_t sfxlen)
{
	static const char pre[] = "input_cost_per_token";
	if (strncmp(key, pre, sizeof pre - 1) != 0 || strncmp(key + sizeof pre - 1, "_above_", 7) != 0)
		return -1;
	const char *p = key + sizeof pre - 1 + 7;
	char *end;
	long long n = strtoll(p, &end, 10);
	if (end == p || n <= 0)
		return -1;
	long long mul = *end == 'k' ? 1000 : *end == 'm' ? 1000000 : 0;
	if (!mul || strncmp(end + 1, "_tokens", 7) != 0)
		return -1;
	snprintf(sfx, sfxlen, "%.*s", (int)(end + 8 - (key + sizeof pre - 1)), key + sizeof pre - 1);
	return n * mul;
}

static void build_model(struct price_model *m, const char *key, const json_t *e, bool fallback_zero)
{
	m->key = xstrdup(key);
	m->provider = xstrdup(json_get_str(e, "litellm_provider", ""));
	m->priced = fill_rates(e, "", TIER_DEFAULT, fallback_zero, &m->base[TIER_DEFAULT]);
	if (!m->priced)
		return;
	for (int t = 1; t < NTIERS; t++)
		fill_rates(e, "", (enum tier)t, fallback_zero, &m->base[t]);
	const char *k;
	json_t *v;
	char sfx[MAX_LONG_CTX][48];
	json_object_foreach((json_t *)e, k, v) {
		char tmp[48];
		int64_t n = threshold_of(k, tmp, sizeof tmp);
		bool seen = false;
		for (int i = 0; i < m->nlong; i++)
			seen |= m->lc[i].above == n;
		if (n < 0 || seen || m->nlong == MAX_LONG_CTX)
			continue;
		/* Keep the bands sorted largest first: the first exceeded applies. */
		int i = m->nlong++;
		for (; i > 0 && m->lc[i - 1].above < n; i--) {
			m->lc[i].above = m->lc[i - 1].above;
			memcpy(sfx[i], sfx[i - 1], sizeof sfx[i]);
		}
		m->lc[i].above = n;
		memcpy(sfx[i], tmp, sizeof tmp);
	}
	for (int i = 0; i < m->nlong; i++)
		for (int t = 0; t < NTIERS; t++)
			fill_rates(e, sfx[i], (enum tier)t, fallback_zero, &m->lc[i].r[t]);
}

static char *fold(const char *s, size_t n)
{
	char *f = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		f[i] = (char)tolower((unsigned char)s[i]);
	f[n] = '\0';
	return f;
}

void prices_finish(struct price_table *pt)
{
	pt->models = xcalloc(json_object_size(pt->root) + 1, sizeof *pt->models);
	const char *key;
	json_t *e;
	json_object_foreach(pt->root, key, e) {
		if (not_a_model(key, e))
			continue;
		struct price_model *m = &pt->models[pt->n++];
		build_model(m, key, e, pt->cache_fallback_zero);
		size_t kl = strlen(key);
		strmap_put(&pt->exact, key, kl)->val = m;
		char *f = fold(key, kl);
		struct strmap_slot *s = strmap_put(&pt->folded, f, kl);
		s->val = s->val ? &ambiguous : m;
		free(f);
		if (*m->provider)
			strmap_put(&pt->providers, m->provider, strlen(m->provider));
	}
	/* Names like "openai/gpt-4o" carry a prefix that is not itself a
	 * litellm_provider value only when the provider writes its keys
	 * unprefixed; the common routing prefixes are known regardless. */
	static const char *const known[] = {"openai",     "anthropic",   "azure",        "azure_ai",
					    "bedrock",    "gemini",      "vertex_ai",    "mistral",
					    "deepseek",   "xai",         "groq",         "cohere",
					    "openrouter", "together_ai", "fireworks_ai", "litellm_proxy"};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		strmap_put(&pt->providers, known[i], strlen(known[i]));
	if (!pt->keep_json) {
		json_decref(pt->root);
		pt->root = NULL;
	}
}

const json_t *prices_entry(const struct price_table *pt, const char *key)
{
	return pt->root ? json_object_get(pt->root, key) : NULL;
}

int prices_alias(struct price_table *pt, const char *name, const char *key)
{
	struct strmap_slot *s = strmap_find(&pt->exact, key, strlen(key));
	if (!s)
		return -1;
	strmap_put(&pt->aliases, name, strlen(name))->val = s->val;
	return 0;
}

void prices_free(struct price_table *pt)
{
	for (size_t i = 0; i < pt->n; i++) {
		free(pt->models[i].key);
		free(pt->models[i].provider);
	}
	free(pt->models);
	for (size_t i = 0; i < pt->nfiles; i++)
		free(pt->files[i].path);
	free(pt->files);
	strmap_free(&pt->exact, NULL);
	strmap_free(&pt->folded, NULL);
	strmap_free(&pt->providers, NULL);
	strmap_free(&pt->aliases, NULL);
	json_decref(pt->root);
	memset(pt, 0, sizeof *pt);
}

size_t prices_entries(const struct price_table *pt)
{
	return pt->n;
}

/* Look one candidate up exactly (folded = false) or case-insensitively. */
static const struct price_model *find(const struct price_table *pt, const char *s, size_t n, bool folded)
{
	if (!folded) {
		struct strmap_slot *slot = strmap_find(&pt->exact, s, n);
		return slot ? slot->val : NULL;
	}
	char *f = fold(s, n);
	struct strmap_slot *slot = strmap_find(&pt->folded, f, n);
	free(f);
	if (!slot || slot->val == &ambiguous)
		return NULL;
	return slot->val;
}

const struct price_model *prices_resolve(const struct price_table *pt, const char *provider, const char *name,
					 size_t nlen, const char **how)
{
	static const char *const steps[2][3] = {
		{"provider/name", "exact", "provider prefix stripped"},
		{"provider/name, case-insensitive", "case-insensitive", "provider prefix stripped, case-insensitive"},
	};
	char *qual = NULL;
	size_t qlen = 0;
	if (provider && *provider) {
		qual = xasprintf("%s/%.*s", provider, (int)nlen, name);
		qlen = strlen(qual);
	}
	/* An alias may name the provider-qualified spelling or the bare one. */
	struct strmap_slot *a = qual ? strmap_find(&pt->aliases, qual, qlen) : NULL;
	if (!a)
		a = strmap_find(&pt->aliases, name, nlen);
	if (a) {
		if (how)
			*how = "alias";
		free(qual);
		return a->val;
	}
	const char *slash = memchr(name, '/', nlen);
	bool strip = slash && strmap_find(&pt->providers, name, (size_t)(slash - name));
	const struct price_model *m = NULL;
	for (int folded = 0; folded < 2 && !m; folded++) {
		int step = -1;
		if (qual && (m = find(pt, qual, qlen, folded)))
			step = 0;
		else if ((m = find(pt, name, nlen, folded)))
			step = 1;
		else if (strip && (m = find(pt, slash + 1, nlen - (size_t)(slash + 1 - name), folded)))
			step = 2;
		if (m && how)
			*how = steps[folded][step];
	}
	free(qual);
	return m;
}

enum tier tier_from_name(const char *s, size_t n)
{
	if ((n == 8 && memcmp(s, "priority", 8) == 0) || (n == 4 && memcmp(s, "fast", 4) == 0))
		return TIER_PRIORITY;
	if (n == 4 && memcmp(s, "flex", 4) == 0)
		return TIER_FLEX;
	if ((n == 5 && memcmp(s, "batch", 5) == 0) || (n == 7 && memcmp(s, "batches", 7) == 0))
		return TIER_BATCH;
	return TIER_DEFAULT;
}

const struct rates *prices_rates(const struct price_model *m, enum tier t, uint64_t input_total)
{
	for (int i = 0; i < m->nlong; i++)
		if (input_total > (uint64_t)m->lc[i].above)
			return &m->lc[i].r[t];
	return &m->base[t];
}
