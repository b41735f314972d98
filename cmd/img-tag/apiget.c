/* apiget: libcurl through dlopen, only when --github-api asks for it.
 * Linking libcurl — and the thirty libraries it pulls in, bound at start
 * by -z now — costs about 10 ms at every start of img-tag, three times a
 * whole run's budget, for a feature most runs never use.  That is why
 * this file does not use common/http (which links libcurl): it loads the
 * same library on demand and makes one GET, with timeouts, a body cap and
 * two retries on connection failures and 5xx answers. */
#include "apiget.h"

#define CURL_DISABLE_TYPECHECK
#define CURL_DISABLE_DEPRECATION /* CURLOPT_PROTOCOLS, for a libcurl before 7.85 */
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "strbuf.h"
#include "timeutil.h"

#define MAX_BODY (4u << 20)

static struct {
	void *lib;
	CURLcode (*global_init)(long);
	CURL *(*init)(void);
	CURLcode (*setopt)(CURL *, CURLoption, ...);
	CURLcode (*perform)(CURL *);
	CURLcode (*getinfo)(CURL *, CURLINFO, ...);
	void (*cleanup)(CURL *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	const char *(*strerror)(CURLcode);
} cu;

/* The sonames of libcurl's ABI 4 on Debian: libcurl4 (OpenSSL), then
 * libcurl3-gnutls.  IMG_TAG_LIBCURL names another file instead. */
static const char *const sonames[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};

int api_load(char *err, size_t errlen)
{
	if (cu.lib)
		return 0;
	const char *want = getenv("IMG_TAG_LIBCURL");
	char first[512] = "";
	if (want && *want) {
		if (!(cu.lib = dlopen(want, RTLD_NOW | RTLD_LOCAL)))
			snprintf(first, sizeof first, "%s", dlerror());
	} else {
		for (size_t i = 0; i < sizeof sonames / sizeof sonames[0] && !cu.lib; i++)
			if (!(cu.lib = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL)) && i == 0)
				snprintf(first, sizeof first, "%s", dlerror());
	}
	if (!cu.lib) {
		/* The first failure is the telling one: the OpenSSL flavour. */
		snprintf(err, errlen,
			 "--github-api loads libcurl at run time and cannot: %s; install libcurl4 (apt-get install "
			 "libcurl4), or give the repository data with --repo-json or --repo-name, --repo-url, ...",
			 first);
		return -1;
	}
	static const char *const names[] = {
		"curl_global_init",  "curl_easy_init",      "curl_easy_setopt",
		"curl_easy_perform", "curl_easy_getinfo",   "curl_easy_cleanup",
		"curl_slist_append", "curl_slist_free_all", "curl_easy_strerror",
	};
	void *slots[] = {
		&cu.global_init, &cu.init,         &cu.setopt,         &cu.perform,  &cu.getinfo,
		&cu.cleanup,     &cu.slist_append, &cu.slist_free_all, &cu.strerror,
	};
	_Static_assert(sizeof cu.init == sizeof(void *), "dlsym needs function pointers the size of void *");
	const char *missing = NULL;
	for (size_t i = 0; i < sizeof names / sizeof names[0] && !missing; i++) {
		void *p = dlsym(cu.lib, names[i]);
		if (!p)
			missing = names[i];
		else /* ISO C has no cast from void * to a function pointer */
			memcpy(slots[i], &p, sizeof p);
	}
	if (missing || cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "--github-api: the libcurl loaded %s; install libcurl4",
			 missing ? "has no curl_easy_* functions" : "does not start (curl_global_init)");
		dlclose(cu.lib);
		cu.lib = NULL;
		return -1;
	}
	return 0;
}

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	struct strbuf *b = ud;
	size_t len = size * n;
	if (b->len + len > MAX_BODY)
		return 0; /* a repository answer is a few KiB: stop a runaway */
	strbuf_addn(b, data, len);
	return len;
}

/* Every option is checked: an option the loaded libcurl does not know
 * must fail the request, not be skipped silently. */
static CURLcode set_options(CURL *h, const char *url, struct curl_slist *hdrs, struct strbuf *body)
{
	static const struct {
		CURLoption opt;
		long val;
	} longs[] = {
		{CURLOPT_FOLLOWLOCATION, 1L}, {CURLOPT_MAXREDIRS, 5L}, {CURLOPT_CONNECTTIMEOUT_MS, 10000L},
		{CURLOPT_TIMEOUT_MS, 30000L}, {CURLOPT_NOSIGNAL, 1L},
	};
	CURLcode rc = cu.setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	if (rc == CURLE_OK)
		rc = cu.setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	else if (rc == CURLE_UNKNOWN_OPTION) { /* libcurl before 7.85: the bit masks */
		rc = cu.setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
		if (rc == CURLE_OK)
			rc = cu.setopt(h, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	}
	if (rc == CURLE_OK)
		rc = cu.setopt(h, CURLOPT_URL, url);
	if (rc == CURLE_OK)
		rc = cu.setopt(h, CURLOPT_HTTPHEADER, hdrs);
	if (rc == CURLE_OK)
		rc = cu.setopt(h, CURLOPT_USERAGENT, "img-tag (agentci)");
	if (rc == CURLE_OK)
		rc = cu.setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	if (rc == CURLE_OK)
		rc = cu.setopt(h, CURLOPT_WRITEDATA, body);
	for (size_t i = 0; rc == CURLE_OK && i < sizeof longs / sizeof longs[0]; i++)
		rc = cu.setopt(h, longs[i].opt, longs[i].val);
	return rc;
}

static bool transient(CURLcode rc, long status)
{
	return rc == CURLE_COULDNT_CONNECT || rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_RESOLVE_HOST ||
	       rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING ||
	       (rc == CURLE_OK && status >= 500);
}

int api_get_url(const char *url, const char *token, struct api_resp *resp, char *err, size_t errlen)
{
	memset(resp, 0, sizeof *resp);
	if (api_load(err, errlen))
		return -1;
	struct curl_slist *hdrs = NULL;
	hdrs = cu.slist_append(hdrs, "Accept: application/vnd.github+json");
	hdrs = cu.slist_append(hdrs, "X-GitHub-Api-Version: 2022-11-28");
	char *auth = token ? xasprintf("Authorization: Bearer %s", token) : NULL;
	if (auth)
		hdrs = cu.slist_append(hdrs, auth);
	CURLcode rc = CURLE_OK;
	long status = 0;
	struct strbuf body = {0};
	for (int attempt = 0; attempt < 3; attempt++) {
		if (attempt)
			sleep_ms(200LL << attempt);
		free(body.s);
		memset(&body, 0, sizeof body);
		CURL *h = cu.init();
		if (!h) {
			snprintf(err, errlen, "--github-api: libcurl could not start a request");
			rc = CURLE_FAILED_INIT;
			break;
		}
		rc = set_options(h, url, hdrs, &body);
		if (rc != CURLE_OK) {
			cu.cleanup(h);
			break;
		}
		rc = cu.perform(h);
		status = 0;
		if (rc == CURLE_OK)
			cu.getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		cu.cleanup(h);
		if (!transient(rc, status))
			break;
	}
	cu.slist_free_all(hdrs);
	if (auth) {
		memset(auth, 0, strlen(auth));
		free(auth);
	}
	if (rc != CURLE_OK) {
		free(body.s);
		snprintf(err, errlen, "%s", rc == CURLE_WRITE_ERROR ? "answer larger than 4 MiB" : cu.strerror(rc));
		return -1;
	}
	resp->status = status;
	resp->len = body.len;
	resp->body = strbuf_take(&body);
	return 0;
}
