/* http: libcurl, one request at a time with retries, or many at once. */
#include "http.h"
#include "cli.h"
#include "timeutil.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_MAX_BODY (64u << 20)

void http_global_init(void)
{
	static bool done;
	if (!done && curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		die(EXIT_ENV, "cannot initialise libcurl");
	done = true;
}

/* One transfer's state: the handle, its header list and the response. */
struct xfer {
	CURL *curl;
	struct curl_slist *headers, *connect_to;
	const struct http_req *req;
	struct xfer *next; /* in a multi's list */
	struct http_resp resp;
	size_t cap;
	char errbuf[CURL_ERROR_SIZE];
	bool stopped; /* on_data asked to stop */
	http_done_fn done;
	void *ud;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *p)
{
	struct xfer *x = p;
	size_t n = size * nmemb;
	x->resp.body_total += n;
	if (x->req->on_data) {
		if (!x->req->on_data(data, n, x->req->ud)) {
			x->stopped = true;
			return 0;
		}
		return n;
	}
	size_t max = x->req->max_body ? x->req->max_body : DEFAULT_MAX_BODY;
	size_t keep = x->resp.len < max ? max - x->resp.len : 0;
	if (keep > n)
		keep = n;
	if (keep < n)
		x->resp.truncated = true;
	if (x->resp.len + keep + 1 > x->cap) {
		x->cap = (x->resp.len + keep + 1) * 2;
		x->resp.body = xrealloc(x->resp.body, x->cap);
	}
	memcpy(x->resp.body + x->resp.len, data, keep);
	x->resp.len += keep;
	x->resp.body[x->resp.len] = '\0';
	return n; /* the rest is drained, not kept */
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *p)
{
	struct xfer *x = p;
	size_t n = size * nmemb, old = x->resp.headers ? strlen(x->resp.headers) : 0;
	/* A new status line starts the headers of the next response (redirect). */
	if (n > 5 && strncmp(data, "HTTP/", 5) == 0)
		old = 0;
	x->resp.headers = xrealloc(x->resp.headers, old + n + 1);
	memcpy(x->resp.headers + old, data, n);
	x->resp.headers[old + n] = '\0';
	return n;
}

static void set_blob(CURL *c, CURLoption opt, const char *pem)
{
	struct curl_blob blob = {(void *)pem, strlen(pem), CURL_BLOB_COPY};
	curl_easy_setopt(c, opt, &blob);
}

/* Verify the certificate (and send SNI) for another name than the URL's
 * host: ask for that name in the URL and connect to the real host. */
static int use_server_name(struct xfer *x, const struct http_req *req)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *url = NULL;
	int rc = -1;
	if (curl_url_set(u, CURLUPART_URL, req->url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_HOST, req->tls_server_name, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &url, 0) == CURLUE_OK) {
		char *to = xasprintf("%s:%s:%s:%s", req->tls_server_name, port, host, port);
		x->connect_to = curl_slist_append(NULL, to);
		free(to);
		curl_easy_setopt(x->curl, CURLOPT_URL, url);
		curl_easy_setopt(x->curl, CURLOPT_CONNECT_TO, x->connect_to);
		rc = 0;
	}
	curl_free(host);
	curl_free(port);
	curl_free(url);
	curl_url_cleanup(u);
	return rc;
}

static int xfer_setup(struct xfer *x, const struct http_req *req)
{
	memset(x, 0, sizeof *x);
	x->req = req;
	x->curl = curl_easy_init();
	if (!x->curl)
		return -1;
	CURL *c = x->curl;
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, req->user_agent ? req->user_agent : "agentci/" AGENTCI_VERSION);
	if (req->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
	if (req->method)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
	if (req->method && !strcmp(req->method, "HEAD"))
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	for (const char *const *h = req->headers; h && *h; h++)
		x->headers = curl_slist_append(x->headers, *h);
	if (req->bearer) {
		/* Built in locked memory would be overkill: libcurl copies it anyway. */
		char *auth = xasprintf("Authorization: Bearer %s", req->bearer);
		x->headers = curl_slist_append(x->headers, auth);
		sodium_memzero(auth, strlen(auth));
		free(auth);
	}
	if (x->headers)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->headers);
	if (req->userpwd) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERPWD, req->userpwd);
	}
	if (req->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, req->ca_file);
	if (req->ca_pem)
		set_blob(c, CURLOPT_CAINFO_BLOB, req->ca_pem);
	if (req->cert_file)
		curl_easy_setopt(c, CURLOPT_SSLCERT, req->cert_file);
	if (req->key_file)
		curl_easy_setopt(c, CURLOPT_SSLKEY, req->key_file);
	if (req->cert_pem)
		set_blob(c, CURLOPT_SSLCERT_BLOB, req->cert_pem);
	if (req->key_pem)
		set_blob(c, CURLOPT_SSLKEY_BLOB, req->key_pem);
	if (req->insecure) {
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (req->tls_server_name && use_server_name(x, req) != 0)
		return -1;
	curl_easy_setopt(c, CURLOPT_PROXY, req->proxy ? req->proxy : "");
	if (req->follow) {
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS, req->max_redirs ? req->max_redirs : 5L);
	}
	if (req->connect_timeout_ms)
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)req->connect_timeout_ms);
	if (req->timeout_ms)
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)req->timeout_ms);
	return 0;
}

/* Plain words for the transport failures users meet. */
static void describe(struct xfer *x, CURLcode rc)
{
	const char *what;
	switch (rc) {
	case CURLE_COULDNT_CONNECT: what = "connection refused"; break;
	case CURLE_COULDNT_RESOLVE_HOST: what = "cannot resolve host name"; break;
	case CURLE_COULDNT_RESOLVE_PROXY: what = "cannot resolve proxy name"; break;
	case CURLE_OPERATION_TIMEDOUT: what = "timed out"; break;
	case CURLE_PEER_FAILED_VERIFICATION: what = "TLS certificate verification failed"; break;
	case CURLE_SSL_CONNECT_ERROR: what = "TLS handshake failed"; break;
	case CURLE_SSL_CACERT_BADFILE: what = "cannot read the CA file"; break;
	case CURLE_SSL_CERTPROBLEM: what = "cannot use the client certificate"; break;
	case CURLE_RECV_ERROR: what = "connection reset while reading"; break;
	case CURLE_SEND_ERROR: what = "connection reset while sending"; break;
	case CURLE_GOT_NOTHING: what = "server closed the connection without answering"; break;
	case CURLE_TOO_MANY_REDIRECTS: what = "too many redirects"; break;
	case CURLE_PARTIAL_FILE: what = "connection closed before the whole body arrived"; break;
	case CURLE_UNSUPPORTED_PROTOCOL: what = "unsupported protocol"; break;
	case CURLE_URL_MALFORMAT: what = "malformed URL"; break;
	default: what = curl_easy_strerror(rc);
	}
	/* libcurl's own detail helps with TLS; other details repeat the host. */
	if (x->errbuf[0] &&
	    (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_CERTPROBLEM))
		snprintf(x->resp.error, sizeof x->resp.error, "%.60s: %.180s", what, x->errbuf);
	else
		snprintf(x->resp.error, sizeof x->resp.error, "%s", what);
}

/* Fill the response after the transfer; 0 when an HTTP answer came. */
static int xfer_finish(struct xfer *x, CURLcode rc)
{
	struct http_resp *r = &x->resp;
	curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(x->curl, CURLINFO_TOTAL_TIME, &r->seconds);
	curl_easy_getinfo(x->curl, CURLINFO_REDIRECT_COUNT, &r->redirects);
	char *eff = NULL;
	curl_easy_getinfo(x->curl, CURLINFO_EFFECTIVE_URL, &eff);
	free(r->effective_url);
	r->effective_url = eff ? xstrdup(eff) : NULL;
	r->curl_code = (int)rc;
	if (!r->body)
		r->body = xcalloc(1, 1);
	if (rc == CURLE_WRITE_ERROR && x->stopped)
		rc = CURLE_OK; /* the caller stopped a stream on purpose */
	if (rc != CURLE_OK) {
		describe(x, rc);
		if (rc != CURLE_PARTIAL_FILE && rc != CURLE_OPERATION_TIMEDOUT)
			r->status = r->status && rc == CURLE_TOO_MANY_REDIRECTS ? r->status : 0;
		return -1;
	}
	return 0;
}

static void xfer_cleanup(struct xfer *x)
{
	curl_slist_free_all(x->headers);
	curl_slist_free_all(x->connect_to);
	curl_easy_cleanup(x->curl);
	x->headers = x->connect_to = NULL;
	x->curl = NULL;
}

static bool should_retry(const struct http_req *req, int rc, const struct http_resp *r)
{
	if (rc != 0)
		return (req->retry_on & HTTP_RETRY_CONNECT) != 0;
	if (r->status == 429)
		return (req->retry_on & HTTP_RETRY_429) != 0;
	if (r->status >= 500)
		return (req->retry_on & HTTP_RETRY_5XX) != 0;
	return false;
}

/* Retry-After in seconds (the HTTP-date form is rare from APIs). */
static int64_t retry_after_ms(const struct http_resp *r)
{
	char *v = http_header(r, "Retry-After");
	int64_t ms = -1;
	if (v) {
		char *end;
		long s = strtol(v, &end, 10);
		if (end != v && s >= 0 && s < 3600)
			ms = s * 1000;
		free(v);
	}
	return ms;
}

int http_do(const struct http_req *req, struct http_resp *resp)
{
	int64_t delay = req->backoff_ms ? req->backoff_ms : 200;
	int64_t max_delay = req->max_backoff_ms ? req->max_backoff_ms : 10000;
	int rc = -1;
	memset(resp, 0, sizeof *resp);
	for (int attempt = 0;; attempt++) {
		struct xfer x;
		if (xfer_setup(&x, req) != 0) {
			snprintf(resp->error, sizeof resp->error, "cannot create a libcurl handle");
			return -1;
		}
		CURLcode cc = curl_easy_perform(x.curl);
		rc = xfer_finish(&x, cc);
		x.resp.attempts = attempt + 1;
		if (req->verbose)
			fprintf(stderr, "%s: %s %s -> %ld%s%s (%.3fs)\n", cli_prog(),
				req->method ? req->method
				: req->body ? "POST"
					    : "GET",
				req->url, x.resp.status, rc ? " " : "", rc ? x.resp.error : "", x.resp.seconds);
		xfer_cleanup(&x);
		http_resp_free(resp);
		*resp = x.resp;
		if (attempt >= req->retries || !should_retry(req, rc, resp))
			return rc;
		int64_t wait = rc == 0 ? retry_after_ms(resp) : -1;
		if (wait < 0) {
			/* Full jitter: anywhere in [delay/2, delay]. */
			wait = delay / 2 + (int64_t)randombytes_uniform((uint32_t)(delay / 2 + 1));
			delay = delay * 2 > max_delay ? max_delay : delay * 2;
		}
		sleep_ms(wait);
	}
}

void http_resp_free(struct http_resp *resp)
{
	free(resp->body);
	free(resp->headers);
	free(resp->effective_url);
	resp->body = resp->headers = resp->effective_url = NULL;
}

char *http_header(const struct http_resp *resp, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = resp->headers; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t l = eol ? (size_t)(eol - p) : strlen(p);
		if (l > nl && p[nl] == ':' && strncasecmp(p, name, nl) == 0) {
			const char *v = p + nl + 1, *e = p + l;
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			while (e > v && (e[-1] == '\r' || e[-1] == ' '))
				e--;
			return xstrndup(v, (size_t)(e - v));
		}
		p = eol ? eol + 1 : p + l;
	}
	return NULL;
}

const char *http_reason(long status)
{
	static const struct {
		long code;
		const char *text;
	} reasons[] = {{200, "OK"},
		       {201, "Created"},
		       {202, "Accepted"},
		       {204, "No Content"},
		       {301, "Moved Permanently"},
		       {302, "Found"},
		       {303, "See Other"},
		       {304, "Not Modified"},
		       {307, "Temporary Redirect"},
		       {308, "Permanent Redirect"},
		       {400, "Bad Request"},
		       {401, "Unauthorized"},
		       {403, "Forbidden"},
		       {404, "Not Found"},
		       {405, "Method Not Allowed"},
		       {408, "Request Timeout"},
		       {409, "Conflict"},
		       {410, "Gone"},
		       {415, "Unsupported Media Type"},
		       {422, "Unprocessable Entity"},
		       {429, "Too Many Requests"},
		       {500, "Internal Server Error"},
		       {501, "Not Implemented"},
		       {502, "Bad Gateway"},
		       {503, "Service Unavailable"},
		       {504, "Gateway Timeout"}};
	for (size_t i = 0; i < sizeof reasons / sizeof *reasons; i++)
		if (reasons[i].code == status)
			return reasons[i].text;
	return "";
}

/* ---- many at once ---- */

struct http_multi {
	CURLM *m;
	int running;
	struct xfer *xfers; /* the transfers in flight */
};

struct http_multi *http_multi_new(void)
{
	struct http_multi *hm = xcalloc(1, sizeof *hm);
	hm->m = curl_multi_init();
	if (!hm->m)
		die(EXIT_ENV, "cannot create a libcurl multi handle");
	return hm;
}

int http_multi_add(struct http_multi *hm, const struct http_req *req, http_done_fn done, void *ud)
{
	struct xfer *x = xmalloc(sizeof *x);
	if (xfer_setup(x, req) != 0) {
		free(x);
		return -1;
	}
	x->done = done;
	x->ud = ud;
	curl_easy_setopt(x->curl, CURLOPT_PRIVATE, x);
	if (curl_multi_add_handle(hm->m, x->curl) != CURLM_OK) {
		xfer_cleanup(x);
		free(x);
		return -1;
	}
	x->next = hm->xfers;
	hm->xfers = x;
	hm->running++;
	return 0;
}

static void reap(struct http_multi *hm)
{
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(hm->m, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		struct xfer *x;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		int rc = xfer_finish(x, msg->data.result);
		x->resp.attempts = 1;
		curl_multi_remove_handle(hm->m, x->curl);
		xfer_cleanup(x);
		for (struct xfer **pp = &hm->xfers; *pp; pp = &(*pp)->next)
			if (*pp == x) {
				*pp = x->next;
				break;
			}
		hm->running--;
		x->done(x->ud, &x->resp, rc);
		http_resp_free(&x->resp);
		free(x);
	}
}

int http_multi_poll(struct http_multi *hm, int64_t timeout_ms)
{
	int still, before = hm->running;
	int64_t deadline = mono_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	do {
		curl_multi_perform(hm->m, &still);
		reap(hm);
		if (hm->running < before || hm->running == 0)
			break;
		int64_t left = deadline - mono_ms();
		if (left <= 0)
			break;
		curl_multi_poll(hm->m, NULL, 0, (int)(left > 1000 ? 1000 : left), NULL);
	} while (1);
	return hm->running;
}

int http_multi_running(const struct http_multi *hm)
{
	return hm->running;
}

void http_multi_free(struct http_multi *hm)
{
	if (!hm)
		return;
	/* Abandon what is still running (e.g. on SIGINT): no callbacks. */
	for (struct xfer *x = hm->xfers, *next; x; x = next) {
		next = x->next;
		curl_multi_remove_handle(hm->m, x->curl);
		xfer_cleanup(x);
		http_resp_free(&x->resp);
		free(x);
	}
	curl_multi_cleanup(hm->m);
	free(hm);
}
