/* keyhttp: one POST (or GET) through libcurl, signed by CURLOPT_AWS_SIGV4.
 *
 * libcurl is opened with dlopen on the first request: linked, it brings
 * some thirty libraries whose loading and relocation would cost every
 * `decrypt` of an age-only file a few milliseconds. */
#include "keyhttp.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "secmem.h"

static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} cu;

static void load_curl(void)
{
	if (cu.easy_init)
		return;
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		die(EXIT_ENV, "cannot load libcurl.so.4, which KMS and Vault keys need (Debian package libcurl4): %s",
		    dlerror());
		/* POSIX lets a data pointer from dlsym be converted to a function
		 * pointer; the memcpy keeps -Wpedantic quiet about it. */
#define SYM(field, name)                                              \
	do {                                                          \
		void *p = dlsym(h, name);                             \
		if (!p)                                               \
			die(EXIT_ENV, "libcurl.so.4 lacks %s", name); \
		memcpy(&cu.field, &p, sizeof p);                      \
	} while (0)
	SYM(global_init, "curl_global_init");
	SYM(easy_setopt, "curl_easy_setopt");
	SYM(easy_perform, "curl_easy_perform");
	SYM(easy_getinfo, "curl_easy_getinfo");
	SYM(easy_cleanup, "curl_easy_cleanup");
	SYM(easy_strerror, "curl_easy_strerror");
	SYM(slist_append, "curl_slist_append");
	SYM(slist_free_all, "curl_slist_free_all");
	SYM(easy_init, "curl_easy_init");
#undef SYM
	if (cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EXIT_ENV, "cannot initialise libcurl");
}

#define MAX_ANSWER (1u << 20) /* key services answer a few KiB */

char *keyhttp_secstr(const char *s, size_t len)
{
	if (!s)
		return NULL;
	char *p = secure_alloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void aws_creds_clear(struct aws_creds *c)
{
	free(c->akid);
	if (c->secret)
		sodium_free(c->secret);
	if (c->token)
		sodium_free(c->token);
	memset(c, 0, sizeof *c);
}

struct sink {
	struct keyhttp_resp *r;
	size_t cap;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *p)
{
	struct sink *s = p;
	size_t n = size * nmemb;
	if (s->r->len + n + 1 > MAX_ANSWER)
		return 0;
	if (s->r->len + n + 1 > s->cap) {
		size_t cap = (s->r->len + n + 1) * 2;
		char *nb = secure_alloc(cap);
		if (s->r->body) {
			memcpy(nb, s->r->body, s->r->len);
			sodium_free(s->r->body);
		}
		s->r->body = nb;
		s->cap = cap;
	}
	memcpy(s->r->body + s->r->len, data, n);
	s->r->len += n;
	s->r->body[s->r->len] = '\0';
	return n;
}

static int attempt(const struct keyhttp_req *req, struct keyhttp_resp *resp, char *err, size_t errlen)
{
	memset(resp, 0, sizeof *resp);
	CURL *c = cu.easy_init();
	if (!c)
		die(EXIT_ENV, "cannot initialise libcurl");
	struct curl_slist *hl = NULL;
	for (size_t i = 0; req->headers && req->headers[i]; i++)
		hl = cu.slist_append(hl, req->headers[i]);
	char *sigv4 = NULL, *auth = NULL;
	if (req->creds) {
		/* libcurl signs the host, x-amz-date and every header we add,
		 * X-Amz-Security-Token included, with the body's hash. */
		if (req->creds->token) {
			auth = xasprintf("X-Amz-Security-Token: %s", req->creds->token);
			hl = cu.slist_append(hl, auth);
		}
		sigv4 = xasprintf("aws:amz:%s:%s", req->region, req->service);
		cu.easy_setopt(c, CURLOPT_AWS_SIGV4, sigv4);
		cu.easy_setopt(c, CURLOPT_USERNAME, req->creds->akid);
		cu.easy_setopt(c, CURLOPT_PASSWORD, req->creds->secret);
	} else if (req->bearer) {
		auth = xasprintf("Authorization: Bearer %s", req->bearer);
		hl = cu.slist_append(hl, auth);
	}
	struct sink s = {resp, 0};
	char ebuf[CURL_ERROR_SIZE] = "";
	cu.easy_setopt(c, CURLOPT_URL, req->url);
	cu.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	cu.easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	if (req->body) {
		cu.easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
		cu.easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(req->body));
	}
	cu.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	cu.easy_setopt(c, CURLOPT_WRITEDATA, &s);
	cu.easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	cu.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	cu.easy_setopt(c, CURLOPT_TIMEOUT_MS, 60000L);
	cu.easy_setopt(c, CURLOPT_USERAGENT, "secret-seal/" AGENTCI_VERSION);
	if (req->ca_file)
		cu.easy_setopt(c, CURLOPT_CAINFO, req->ca_file);
	if (req->insecure) {
		cu.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		cu.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	CURLcode rc = cu.easy_perform(c);
	if (rc == CURLE_OK)
		cu.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	else
		snprintf(err, errlen, "%s", *ebuf ? ebuf : cu.easy_strerror(rc));
	cu.easy_cleanup(c);
	cu.slist_free_all(hl);
	if (auth) {
		sodium_memzero(auth, strlen(auth));
		free(auth);
	}
	free(sigv4);
	if (rc != CURLE_OK) {
		keyhttp_resp_free(resp);
		return -1;
	}
	if (!resp->body)
		resp->body = keyhttp_secstr("", 0);
	return 0;
}

/* Worth another try: no answer, a server error, or throttling (429, or
 * AWS's JSON and query APIs' 400 with a Throttling error code). */
static bool transient(int rc, const struct keyhttp_resp *r)
{
	return rc != 0 || r->status >= 500 || r->status == 429 ||
	       (r->status == 400 && strstr(r->body, "Throttling") != NULL);
}

/* Three attempts, as the AWS SDK makes: a transient failure is tried again
 * after 200 ms, then 400 ms; libcurl signs each attempt anew. */
int keyhttp_post(const struct keyhttp_req *req, struct keyhttp_resp *resp, char *err, size_t errlen)
{
	load_curl();
	for (int i = 0;; i++) {
		int rc = attempt(req, resp, err, errlen);
		if (i == 2 || !transient(rc, resp))
			return rc;
		keyhttp_resp_free(resp);
		struct timespec ts = {0, 200000000L << i};
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
	}
}

void keyhttp_resp_free(struct keyhttp_resp *resp)
{
	if (resp->body)
		sodium_free(resp->body);
	memset(resp, 0, sizeof *resp);
}
