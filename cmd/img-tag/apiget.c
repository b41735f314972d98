/* apiget: libcurl through dlopen, only when --github-api asks for it.
 * Linking libcurl — and the thirty libraries it pulls in, bound at start
 * by -z now — costs about 10 ms at every start of img-tag, three times a
 * whole run's budget, for a feature most runs never use.  That is why
 * this file does not use common/http (which links libcurl): it loads the
 * same library on demand and makes one GET, with timeouts, a body cap and
 * two retries on connection failures and 5xx answers. */
#include "apiget.h"

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "strv.h"
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

/* dlsym's void * to a function pointer goes through memcpy: ISO C has no
 * conversion between the two. */
static bool sym(const char *name, void *slot, size_t size)
{
	void *p = dlsym(cu.lib, name);
	if (p)
		memcpy(slot, &p, size);
	return p != NULL;
}

static int load(char *err, size_t errlen)
{
	if (cu.lib)
		return 0;
	/* Debian ships libcurl as libcurl4 (OpenSSL) or libcurl3-gnutls. */
	static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
	for (size_t i = 0; i < sizeof names / sizeof names[0] && !cu.lib; i++)
		cu.lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!cu.lib) {
		snprintf(err, errlen, "--github-api needs libcurl (libcurl4): %s", dlerror());
		return -1;
	}
	bool ok = sym("curl_global_init", &cu.global_init, sizeof cu.global_init) &&
		  sym("curl_easy_init", &cu.init, sizeof cu.init) &&
		  sym("curl_easy_setopt", &cu.setopt, sizeof cu.setopt) &&
		  sym("curl_easy_perform", &cu.perform, sizeof cu.perform) &&
		  sym("curl_easy_getinfo", &cu.getinfo, sizeof cu.getinfo) &&
		  sym("curl_easy_cleanup", &cu.cleanup, sizeof cu.cleanup) &&
		  sym("curl_slist_append", &cu.slist_append, sizeof cu.slist_append) &&
		  sym("curl_slist_free_all", &cu.slist_free_all, sizeof cu.slist_free_all) &&
		  sym("curl_easy_strerror", &cu.strerror, sizeof cu.strerror);
	if (!ok || cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "--github-api: the libcurl found is not usable; install libcurl4");
		dlclose(cu.lib);
		cu.lib = NULL;
		return -1;
	}
	return 0;
}

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	struct sbuf *b = ud;
	size_t len = size * n;
	if (b->len + len > MAX_BODY)
		return 0; /* a repository answer is a few KiB: stop a runaway */
	sb_addn(b, data, len);
	return len;
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
	if (load(err, errlen))
		return -1;
	struct curl_slist *hdrs = NULL;
	hdrs = cu.slist_append(hdrs, "Accept: application/vnd.github+json");
	hdrs = cu.slist_append(hdrs, "X-GitHub-Api-Version: 2022-11-28");
	char *auth = token ? xasprintf("Authorization: Bearer %s", token) : NULL;
	if (auth)
		hdrs = cu.slist_append(hdrs, auth);
	CURLcode rc = CURLE_OK;
	long status = 0;
	struct sbuf body = {0};
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
		cu.setopt(h, CURLOPT_URL, url);
		cu.setopt(h, CURLOPT_HTTPHEADER, hdrs);
		cu.setopt(h, CURLOPT_USERAGENT, "img-tag (agentci)");
		cu.setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
		cu.setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
		cu.setopt(h, CURLOPT_MAXREDIRS, 5L);
		cu.setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
		cu.setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
		cu.setopt(h, CURLOPT_NOSIGNAL, 1L);
		cu.setopt(h, CURLOPT_WRITEFUNCTION, on_body);
		cu.setopt(h, CURLOPT_WRITEDATA, &body);
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
	resp->body = sb_take(&body);
	return 0;
}
