/* http: libcurl for every tool that talks over the network — one request
 * with TLS options, timeouts, a body cap and retries; and a multi-handle
 * driver for many requests at once. */
#ifndef AGENTCI_HTTP_H
#define AGENTCI_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Which failures http_do retries (bit mask). */
enum {
	HTTP_RETRY_CONNECT = 1, /* refused, DNS, reset, timeouts */
	HTTP_RETRY_429 = 2, /* honouring Retry-After */
	HTTP_RETRY_5XX = 4,
};

struct http_req {
	const char *method; /* NULL = GET, or POST when body is set */
	const char *url;
	const char *const *headers; /* "Name: value", NULL-terminated, may be NULL */
	const void *body;
	size_t body_len;
	const char *bearer; /* Authorization: Bearer; never logged */
	const char *userpwd; /* "user:password" for basic auth */
	const char *ca_file; /* PEM bundle file */
	const char *ca_pem; /* PEM bundle in memory */
	const char *cert_file, *key_file; /* client certificate */
	const char *cert_pem, *key_pem; /* the same in memory */
	const char *tls_server_name; /* name to verify instead of the URL's host */
	const char *proxy;
	const char *user_agent;
	bool insecure; /* skip TLS verification */
	bool follow; /* follow redirects */
	long max_redirs; /* with follow; default 5 */
	int64_t connect_timeout_ms; /* 0 = libcurl's default */
	int64_t timeout_ms; /* whole request; 0 = none */
	size_t max_body; /* bytes kept; 0 = 64 MiB; the rest is drained and counted */
	unsigned retry_on; /* HTTP_RETRY_* */
	int retries; /* extra attempts */
	int64_t backoff_ms; /* first delay, doubled each time, with jitter; default 200ms */
	int64_t max_backoff_ms; /* default 10s */
	/* Streaming: when set, body bytes go here instead of into resp.body.
	 * Return false to stop the transfer. */
	bool (*on_data)(const char *data, size_t len, void *ud);
	void *ud;
	bool verbose; /* a one-line request log on stderr (no secrets) */
};

struct http_resp {
	long status; /* 0 when no HTTP answer came */
	char *body; /* NUL-terminated, at most max_body bytes */
	size_t len;
	bool truncated; /* the body was longer than max_body */
	size_t body_total; /* bytes the server sent */
	char *headers; /* raw header block of the final response */
	int curl_code; /* CURLcode */
	char error[256]; /* plain words: "connection refused", ... */
	double seconds; /* total time of the last attempt */
	int attempts;
	char *effective_url;
	long redirects;
};

/* Once per process (curl_global_init). */
void http_global_init(void);
/* Perform the request with its retries.  Returns 0 when an HTTP response
 * arrived (any status), -1 on a transport failure (resp.error says what). */
int http_do(const struct http_req *req, struct http_resp *resp);
void http_resp_free(struct http_resp *resp);
/* Value of a response header (case-insensitive), malloc'd, or NULL. */
char *http_header(const struct http_resp *resp, const char *name);
/* Reason phrase of a status code ("Service Unavailable"), "" when unknown. */
const char *http_reason(long status);

/* Many requests at once on one thread. */
struct http_multi;
typedef void (*http_done_fn)(void *ud, struct http_resp *resp, int rc);
struct http_multi *http_multi_new(void);
/* Start req; done(ud, resp, rc) is called from http_multi_poll when it
 * ends (rc as http_do, without retries: the caller schedules those).
 * req and its strings must stay valid until then.  resp is freed by the
 * multi after done returns. */
int http_multi_add(struct http_multi *m, const struct http_req *req, http_done_fn done, void *ud);
/* Drive transfers for at most timeout_ms (returns early when one finishes).
 * Returns the number still running. */
int http_multi_poll(struct http_multi *m, int64_t timeout_ms);
int http_multi_running(const struct http_multi *m);
void http_multi_free(struct http_multi *m);

#endif
