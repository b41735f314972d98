/* probe: each target owns one easy handle for its whole life; an attempt
 * adds it to the multi handle and the result comes back from prober_poll.
 * Every attempt opens a fresh connection, as a Kubernetes probe does: a
 * kept-alive socket would hide a server that no longer accepts.
 * Redirects are followed here, not by libcurl, which would send the -H
 * headers (an X-Api-Key) to whatever host a Location names: they go to
 * another scheme, host or port only with --location-trusted. */
#include "probe.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "target.h"
#include "strbuf.h"
#include "timeutil.h"

#define MAX_REDIRECTS 5

struct probe {
	struct prober *pr;
	CURL *h;
	char *url;
	bool tcp, running, cut;
	int hops; /* redirects followed in this attempt */
	int64_t started, timeout_ms;
	struct strbuf body, hdr;
	char errbuf[CURL_ERROR_SIZE];
	probe_done_fn done;
	void *ud;
	struct probe_result res;
};

struct prober {
	CURLM *m;
	struct probe_cfg cfg;
	struct curl_slist *headers;
};

/* Keep up to max_body bytes, then stop the transfer: an endless body
 * must not hold the attempt until its timeout. */
static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	struct probe *p = ud;
	size_t len = size * n, room = p->pr->cfg.max_body - p->body.len;
	if (len > room) {
		strbuf_addn(&p->body, data, room);
		p->cut = true;
		return 0;
	}
	strbuf_addn(&p->body, data, len);
	return len;
}

/* Headers of every response in a redirect chain arrive here; a status
 * line starts a new block so only the final response's headers stay. */
static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
	struct probe *p = ud;
	size_t len = size * n;
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0)
		strbuf_reset(&p->hdr);
	strbuf_addn(&p->hdr, data, len);
	return len;
}

struct prober *prober_new(const struct probe_cfg *cfg)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EXIT_ENV, "libcurl cannot start");
	struct prober *pr = xcalloc(1, sizeof *pr);
	pr->cfg = *cfg;
	pr->m = curl_multi_init();
	if (!pr->m)
		die(EXIT_ENV, "libcurl cannot start");
	for (const char *const *h = cfg->headers; h && *h; h++) {
		struct curl_slist *l = curl_slist_append(pr->headers, *h);
		if (!l)
			die(EXIT_ENV, "out of memory");
		pr->headers = l;
	}
	return pr;
}

/* The request as the user wrote it (URL, -H headers, method, body), or
 * for a redirect that turns it into a GET (as curl does for 303, and for
 * a POST answered 301 or 302). */
static void set_method(struct probe *p, bool to_get)
{
	const struct probe_cfg *c = &p->pr->cfg;
	CURL *h = p->h;
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, p->pr->headers);
	if (to_get) {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
		return;
	}
	if (c->data)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, c->data);
	if (c->method && strcmp(c->method, "HEAD") == 0)
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (c->method)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, c->method);
}

static void set_request(struct probe *p)
{
	const struct probe_cfg *c = &p->pr->cfg;
	CURL *h = p->h;
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, p->errbuf);
	curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(h, CURLOPT_PRIVATE, p);
	if (p->tcp) {
		/* A proxy from the environment would answer for the host. */
		curl_easy_setopt(h, CURLOPT_PROXY, "");
		curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
		return;
	}
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, p);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, p);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	if (c->user_agent)
		curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent);
	set_method(p, false);
	if (c->insecure) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (c->cacert)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->cacert);
	if (c->cert)
		curl_easy_setopt(h, CURLOPT_SSLCERT, c->cert);
	if (c->key)
		curl_easy_setopt(h, CURLOPT_SSLKEY, c->key);
}

struct probe *probe_new(struct prober *pr, const char *target, probe_done_fn done, void *ud)
{
	struct probe *p = xcalloc(1, sizeof *p);
	p->pr = pr;
	p->done = done;
	p->ud = ud;
	p->tcp = target_is_tcp(target);
	/* libcurl has no tcp:// scheme; an http URL with CONNECT_ONLY stops
	 * right after the TCP handshake. */
	p->url = p->tcp ? xasprintf("http://%s/", target + 6) : xstrdup(target);
	p->h = curl_easy_init();
	if (!p->h)
		die(EXIT_ENV, "libcurl cannot start");
	curl_easy_setopt(p->h, CURLOPT_URL, p->url);
	set_request(p);
	return p;
}

int probe_start(struct probe *p, int64_t timeout_ms)
{
	strbuf_reset(&p->body);
	strbuf_reset(&p->hdr);
	p->cut = false;
	if (p->hops) { /* the last attempt followed redirects: start over */
		curl_easy_setopt(p->h, CURLOPT_URL, p->url);
		set_method(p, false);
		p->hops = 0;
	}
	p->errbuf[0] = '\0';
	p->timeout_ms = timeout_ms > 0 ? timeout_ms : 1;
	curl_easy_setopt(p->h, CURLOPT_TIMEOUT_MS, (long)p->timeout_ms);
	curl_easy_setopt(p->h, CURLOPT_CONNECTTIMEOUT_MS, (long)p->timeout_ms);
	p->started = mono_ms();
	if (curl_multi_add_handle(p->pr->m, p->h) != CURLM_OK)
		return -1;
	p->running = true;
	return 0;
}

void probe_cancel(struct probe *p)
{
	if (p->running)
		curl_multi_remove_handle(p->pr->m, p->h);
	p->running = false;
}

/* Plain words for a transport failure. */
static void describe(struct probe *p, CURLcode rc, long status)
{
	char *e = p->res.error, lim[32];
	long os_errno = 0;
	curl_easy_getinfo(p->h, CURLINFO_OS_ERRNO, &os_errno);
	size_t n = sizeof p->res.error;
	const char *detail = p->errbuf[0] ? p->errbuf : curl_easy_strerror(rc);
	format_duration(p->timeout_ms, lim, sizeof lim);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST: snprintf(e, n, "cannot resolve the host name (DNS)"); break;
	case CURLE_COULDNT_CONNECT:
		/* libcurl's own text says "Couldn't connect"; the socket's errno
		 * tells a refusal (nothing listening yet) from an unreachable net. */
		if (os_errno == ECONNREFUSED)
			snprintf(e, n, "connection refused");
		else if (os_errno)
			snprintf(e, n, "cannot connect: %s", strerror((int)os_errno));
		else
			snprintf(e, n, "cannot connect: %.200s", detail);
		break;
	case CURLE_OPERATION_TIMEDOUT: {
		p->res.timed_out = true;
		/* Which stage the clock ran out in is what tells a service that is
		 * not listening from one that accepts and then never answers. */
		curl_off_t conn = 0, tls = 0;
		curl_easy_getinfo(p->h, CURLINFO_CONNECT_TIME_T, &conn);
		curl_easy_getinfo(p->h, CURLINFO_APPCONNECT_TIME_T, &tls);
		if (status > 0)
			snprintf(e, n, "status %ld but the body was still arriving after %s (slow response)", status,
				 lim);
		else if (conn == 0)
			snprintf(e, n, "cannot connect within %s", lim);
		else if (!p->tcp && strncasecmp(p->url, "https:", 6) == 0 && tls == 0)
			snprintf(e, n, "connected, but the TLS handshake did not finish within %s", lim);
		else
			snprintf(e, n, "connected, but no answer within %s", lim);
		break;
	}
	case CURLE_GOT_NOTHING: snprintf(e, n, "connection closed without an answer"); break;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		/* TLS 1.3 reports a refused client certificate after the
		 * handshake, as a failed read. */
		if (strstr(detail, "certificate required"))
			snprintf(e, n, "the server wants a client certificate; pass --cert FILE and --key FILE");
		else if (os_errno == ECONNRESET || strstr(detail, "reset"))
			snprintf(e, n, "connection reset by the server");
		else
			snprintf(e, n, "connection broken: %.200s", detail);
		break;
	case CURLE_PARTIAL_FILE: snprintf(e, n, "connection closed in the middle of the body"); break;
	case CURLE_TOO_MANY_REDIRECTS:
		snprintf(e, n, "too many redirects (more than %d; a redirect loop?)", MAX_REDIRECTS);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		snprintf(e, n, "TLS certificate not trusted: %.180s; pass --cacert FILE (or --insecure)", detail);
		break;
	case CURLE_SSL_CONNECT_ERROR:
		/* OpenSSL's words for a plain HTTP answer to a TLS hello. */
		if (strstr(detail, "wrong version number"))
			snprintf(e, n,
				 "TLS handshake failed: the server does not speak TLS on this port (plain HTTP? write "
				 "http://)");
		else if (strstr(detail, "certificate required") || strstr(detail, "handshake failure"))
			snprintf(
				e, n,
				"TLS handshake failed (does the server want a client certificate? pass --cert): %.120s",
				detail);
		else
			snprintf(e, n, "TLS handshake failed: %.200s", detail);
		break;
	case CURLE_SSL_CACERT_BADFILE:
		p->res.env_error = true;
		snprintf(e, n, "cannot use the CA file: %.200s", detail);
		break;
	case CURLE_SSL_CERTPROBLEM:
		p->res.env_error = true;
		snprintf(e, n, "cannot use the client certificate or key: %.200s", detail);
		break;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL: snprintf(e, n, "not an HTTP answer: %.200s", detail); break;
	default: snprintf(e, n, "%.250s", detail);
	}
}

/* "scheme://host:port" of url, lower-cased; "" when it does not parse. */
static void origin(const char *url, char *out, size_t n)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	out[0] = '\0';
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
		snprintf(out, n, "%s://%s:%s", scheme, host, port);
	for (char *c = out; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}

/* Is to on the scheme, host and port of from (where -H headers go)? */
static bool same_origin(const char *from, const char *to)
{
	char a[512], b[512];
	origin(from, a, sizeof a);
	origin(to, b, sizeof b);
	return a[0] && strcmp(a, b) == 0;
}

/* to with from's user name and password, when from has them and to has
 * none: libcurl keeps a target's URL credentials on its own host. */
static char *with_credentials(const char *from, const char *to)
{
	CURLU *a = curl_url(), *b = curl_url();
	char *user = NULL, *pass = NULL, *have = NULL, *out = NULL;
	if (a && b && curl_url_set(a, CURLUPART_URL, from, 0) == CURLUE_OK &&
	    curl_url_get(a, CURLUPART_USER, &user, 0) == CURLUE_OK &&
	    curl_url_set(b, CURLUPART_URL, to, 0) == CURLUE_OK &&
	    curl_url_get(b, CURLUPART_USER, &have, 0) != CURLUE_OK) {
		curl_url_set(b, CURLUPART_USER, user, 0);
		if (curl_url_get(a, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK)
			curl_url_set(b, CURLUPART_PASSWORD, pass, 0);
		curl_url_get(b, CURLUPART_URL, &out, 0);
	}
	char *r = xstrdup(out ? out : to);
	curl_free(user);
	curl_free(pass);
	curl_free(have);
	curl_free(out);
	curl_url_cleanup(a);
	curl_url_cleanup(b);
	return r;
}

static bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* Go on to loc within the attempt's time limit; 0, or -1 when libcurl
 * refuses.  A POST answered 301 or 302, and any request but HEAD answered
 * 303, becomes a GET, as curl does. */
static int follow(struct probe *p, const char *loc, long status)
{
	const struct probe_cfg *c = &p->pr->cfg;
	bool head = c->method && strcmp(c->method, "HEAD") == 0;
	bool post = c->method ? strcmp(c->method, "POST") == 0 : c->data != NULL;
	bool mine = c->location_trusted || same_origin(p->url, loc);
	char *next = mine ? with_credentials(p->url, loc) : xstrdup(loc);
	curl_easy_setopt(p->h, CURLOPT_URL, next);
	free(next);
	if ((status == 303 && !head) || ((status == 301 || status == 302) && post))
		set_method(p, true);
	curl_easy_setopt(p->h, CURLOPT_HTTPHEADER, mine ? p->pr->headers : NULL);
	int64_t left = p->timeout_ms - (mono_ms() - p->started);
	curl_easy_setopt(p->h, CURLOPT_TIMEOUT_MS, (long)(left > 0 ? left : 1));
	curl_easy_setopt(p->h, CURLOPT_CONNECTTIMEOUT_MS, (long)(left > 0 ? left : 1));
	strbuf_reset(&p->body);
	p->cut = false;
	p->hops++;
	if (curl_multi_add_handle(p->pr->m, p->h) != CURLM_OK)
		return -1;
	p->running = true;
	return 0;
}

static void finish(struct probe *p, CURLcode rc)
{
	struct probe_result *r = &p->res;
	long status = 0;
	curl_multi_remove_handle(p->pr->m, p->h);
	p->running = false;
	curl_easy_getinfo(p->h, CURLINFO_RESPONSE_CODE, &status);
	char *loc = NULL;
	if (rc == CURLE_OK && !p->tcp && p->pr->cfg.follow && is_redirect(status) &&
	    curl_easy_getinfo(p->h, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc) {
		if (p->hops == MAX_REDIRECTS)
			rc = CURLE_TOO_MANY_REDIRECTS;
		else if (follow(p, loc, status) == 0)
			return;
	}
	memset(r, 0, sizeof *r);
	r->ms = mono_ms() - p->started;
	r->status = status;
	r->body = p->body.s ? p->body.s : "";
	r->len = p->body.len;
	r->headers = p->hdr.s ? p->hdr.s : "";
	if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && p->cut)) {
		r->answered = true;
		r->truncated = p->cut;
	} else {
		describe(p, rc, status);
	}
	p->done(p->ud, r);
}

int prober_poll(struct prober *pr, int64_t wait_ms)
{
	int running = 0;
	curl_multi_poll(pr->m, NULL, 0, wait_ms > 0 ? (int)wait_ms : 0, NULL);
	curl_multi_perform(pr->m, &running);
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(pr->m, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		struct probe *p;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&p);
		finish(p, msg->data.result);
	}
	return running;
}

void prober_free(struct prober *pr)
{
	if (!pr)
		return;
	curl_multi_cleanup(pr->m);
	curl_slist_free_all(pr->headers);
	free(pr);
}

void probe_free(struct probe *p)
{
	if (!p)
		return;
	probe_cancel(p);
	curl_easy_cleanup(p->h);
	free(p->url);
	free(p->body.s);
	free(p->hdr.s);
	free(p);
}
