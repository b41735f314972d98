/* prices_cmd: `cost-check prices show MODEL` (how a name resolves and the
 * rates it gets) and `cost-check prices update` (LiteLLM's current table
 * into the cache, validated before it replaces the old copy). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "diag.h"
#include "encode.h"
#include "fs.h"
#include "http.h"
#include "jw.h"
#include "pricing_setup.h"
#include "yaml_json.h"

#define DEFAULT_URL "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"

enum { KEY_FORMAT = CLI_KEY_TOOL };

static const char *provider = "", *url = DEFAULT_URL;

const struct cli_opt show_opts[] = {
	PRICE_OPTS,
	OPT_STRING("provider", 0, &provider, "P", "provider hint, as a log line's would be"),
	PRICE_FALLBACK_OPT,
	OPT_ARG("format", KEY_FORMAT, "FMT", "text (default) or json"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

const struct cli_opt update_opts[] = {
	OPT_STRING("url", 0, &url, "URL", "where to download from (default LiteLLM's table on GitHub)"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

/* Per million tokens reads better than per token. */
static void per_million(int64_t pico, char *buf, size_t len)
{
	usd_human((pico_t)pico * 1000000, buf, len);
}

static void rates_text(const char *label, const struct rates *r)
{
	char a[6][48];
	per_million(r->in, a[0], sizeof a[0]);
	per_million(r->cache_read, a[1], sizeof a[1]);
	per_million(r->cache_write, a[2], sizeof a[2]);
	per_million(r->cache_write_1h, a[3], sizeof a[3]);
	per_million(r->out, a[4], sizeof a[4]);
	per_million(r->reasoning, a[5], sizeof a[5]);
	printf("  %-22s input $%s  cache read $%s  cache write $%s (1h $%s)  output $%s  reasoning $%s\n", label, a[0],
	       a[1], a[2], a[3], a[4], a[5]);
}

static void rates_json(struct jw *w, const char *key, const struct rates *r)
{
	jw_begin(w, key, false);
	jw_money(w, "input", (pico_t)r->in * 1000000);
	jw_money(w, "cache_read", (pico_t)r->cache_read * 1000000);
	jw_money(w, "cache_write", (pico_t)r->cache_write * 1000000);
	jw_money(w, "cache_write_1h", (pico_t)r->cache_write_1h * 1000000);
	jw_money(w, "output", (pico_t)r->out * 1000000);
	jw_money(w, "reasoning", (pico_t)r->reasoning * 1000000);
	jw_end(w, false);
}

int cmd_prices_show(int argc, char **argv)
{
	int format = FMT_TEXT;
	while (cli_next(argc, argv, show_opts) == KEY_FORMAT) { /* the one row that does not bind */
		format = parse_format(optarg, 1u << FMT_TEXT | 1u << FMT_JSON);
		if (format < 0)
			cli_usage_error("--format '%s': expected text or json", optarg);
	}
	struct price_opts po;
	price_opts_init(&po);
	if (argc - optind != 1)
		cli_usage_error("prices show needs one MODEL");
	const char *name = argv[optind];
	po.keep_json = format == FMT_JSON; /* the raw entry is shown too */
	struct price_table pt;
	price_setup(&pt, &po);
	const char *how = NULL;
	const struct price_model *m = prices_resolve(&pt, provider, name, strlen(name), &how);
	int rc = EXIT_OK;
	if (format == FMT_JSON) {
		struct jw w;
		jw_init(&w, stdout);
		jw_begin(&w, NULL, false);
		jw_str(&w, "name", name);
		jw_str(&w, "prices_file", pt.files[0].path);
		jw_str(&w, "prices_sha256", pt.files[0].sha256);
		if (m) {
			jw_str(&w, "key", m->key);
			jw_str(&w, "resolved_by", how);
			jw_str(&w, "litellm_provider", m->provider);
			jw_bool(&w, "priced", m->priced);
		} else {
			jw_null(&w, "key");
		}
		if (m && m->priced) {
			jw_str(&w, "unit", "USD per 1M tokens");
			jw_begin(&w, "tiers", false);
			for (int t = 0; t < NTIERS; t++)
				rates_json(&w, tier_names[t], &m->base[t]);
			jw_end(&w, false);
			jw_begin(&w, "long_context", true);
			for (int i = 0; i < m->nlong; i++) {
				jw_begin(&w, NULL, false);
				jw_i64(&w, "input_above", m->lc[i].above);
				for (int t = 0; t < NTIERS; t++)
					rates_json(&w, tier_names[t], &m->lc[i].r[t]);
				jw_end(&w, false);
			}
			jw_end(&w, true);
		}
		const json_t *raw = m ? prices_entry(&pt, m->key) : NULL;
		if (raw) {
			char *text = json_dumps(raw, JSON_COMPACT | JSON_REAL_PRECISION(17));
			jw_raw(&w, "entry", text ? text : "null");
			free(text);
		}
		jw_end(&w, false);
	} else if (m) {
		printf("%s -> %s (%s; litellm_provider %s)\n", name, m->key, how, *m->provider ? m->provider : "none");
		if (m->priced) {
			printf("rates per 1M tokens (%s):\n", pt.files[0].path);
			for (int t = 0; t < NTIERS; t++)
				rates_text(tier_names[t], &m->base[t]);
			for (int i = 0; i < m->nlong; i++) {
				char label[48];
				snprintf(label, sizeof label, "input > %" PRId64, m->lc[i].above);
				rates_text(label, &m->lc[i].r[TIER_DEFAULT]);
			}
		}
	}
	if (!m)
		msg_error("'%s' has no entry in %s (%zu entries); calls to it are reported as unpriced; "
			  "map it with --alias NAME=PRICEKEY",
			  name, pt.files[0].path, prices_entries(&pt));
	else if (!m->priced)
		msg_error("'%s' resolves to %s, which has no per-token price; calls to it are reported as unpriced",
			  name, m->key);
	if (!m || !m->priced)
		rc = EXIT_FAIL;
	fflush(stdout);
	prices_free(&pt);
	price_opts_free(&po);
	return rc;
}

int cmd_prices_update(int argc, char **argv)
{
	while (cli_next(argc, argv, update_opts) != -1)
		; /* every row binds */
	if (optind < argc)
		cli_usage_error("prices update takes no arguments");
	http_global_init();
	struct http_req req = {
		.url = url,
		.follow = true,
		.timeout_ms = 60000,
		.connect_timeout_ms = 10000,
		.max_body = (size_t)64 << 20,
		.retry_on = HTTP_RETRY_CONNECT | HTTP_RETRY_5XX | HTTP_RETRY_429,
		.retries = 2,
		.user_agent = "cost-check (agentci)",
	};
	struct http_resp resp;
	if (http_do(&req, &resp) < 0)
		die(EXIT_ENV, "%s: %s; check the network or pass --url", url, resp.error);
	if (resp.status != 200) {
		long st = resp.status;
		http_resp_free(&resp);
		die(EXIT_ENV, "%s: HTTP %ld %s; the old table is kept", url, st, http_reason(st));
	}
	if (resp.truncated) {
		http_resp_free(&resp);
		die(EXIT_ENV, "%s: the table is larger than 64 MiB; the old table is kept", url);
	}
	/* Validate: it must load as a table and price a fair number of models. */
	char err[1024];
	json_t *j = yaml_json_text(resp.body, resp.len, url, err, sizeof err);
	if (!j) {
		http_resp_free(&resp);
		die(EXIT_INPUT, "%s; not a price table, the old table is kept", err);
	}
	struct price_table pt;
	prices_init(&pt);
	if (prices_add_json(&pt, j, url, err, sizeof err) < 0) {
		http_resp_free(&resp);
		die(EXIT_INPUT, "%s; the old table is kept", err);
	}
	prices_finish(&pt);
	size_t priced = 0;
	for (size_t i = 0; i < pt.n; i++)
		priced += pt.models[i].priced;
	prices_free(&pt);
	if (priced < 10) {
		http_resp_free(&resp);
		die(EXIT_INPUT,
		    "%s: only %zu entries with a per-token price; not a LiteLLM price table, the old table is kept",
		    url, priced);
	}
	char *path = prices_cache_path();
	if (fs_mkdirs_for(path, 0777) < 0 || fs_write_atomic(path, resp.body, resp.len, 0644) < 0)
		die(EXIT_ENV, "%s: cannot write: %s", path, strerror(errno));
	char sha[65];
	crypto_init();
	sha256_hex(resp.body, resp.len, sha);
	printf("%s: %zu priced entries, sha256 %s\n", path, priced, sha);
	free(path);
	http_resp_free(&resp);
	return EXIT_OK;
}
