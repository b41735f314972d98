/* kapi: authenticated, retried calls to the API server. */
#include "kapi.h"
#include "cli.h"
#include "fs.h"
#include "http.h"
#include "json.h"
#include "timeutil.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RETRIES 5

/* Credentials configured that a plain-http server never gets. */
static bool withheld(const struct kclient *c)
{
	const struct kconfig *cfg = c->cfg;
	return !c->creds_over_tls &&
	       (cfg->token || cfg->token_file || cfg->exec || cfg->username || cfg->cert_file || cfg->cert_pem);
}

void kclient_init(struct kclient *c, struct kconfig *cfg, bool verbose, int64_t request_timeout_ms)
{
	memset(c, 0, sizeof *c);
	c->cfg = cfg;
	c->verbose = verbose;
	c->request_timeout_ms = request_timeout_ms;
	c->creds_over_tls = strncmp(cfg->server, "https://", 8) == 0;
	if (cfg->username)
		c->userpwd = xasprintf("%s:%s", cfg->username, cfg->password ? cfg->password : "");
	if (verbose && withheld(c))
		msg_warn("%s is plain http: credentials are not sent (as kubectl does)", cfg->server);
}

void kclient_free(struct kclient *c)
{
	kcred_clear(&c->exec);
	if (c->userpwd) {
		sodium_memzero(c->userpwd, strlen(c->userpwd));
		free(c->userpwd);
	}
	if (c->file_token) {
		sodium_memzero(c->file_token, strlen(c->file_token));
		free(c->file_token);
	}
}

void kresp_free(struct kresp *r)
{
	json_decref(r->body);
	free(r->text);
	free(r->retry_after);
	memset(r, 0, sizeof *r);
}

char *url_escape(const char *s)
{
	char *out = xmalloc(strlen(s) * 3 + 1), *p = out;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (isalnum(ch) || strchr("-._~", ch))
			*p++ = (char)ch;
		else
			p += sprintf(p, "%%%02X", ch);
	}
	*p = '\0';
	return out;
}

/* The bearer token to send, running the exec plugin when it has none
 * cached or its credential expired.  NULL when none; -1 on failure. */
static int credentials(struct kclient *c, bool refresh, char *err, size_t errlen)
{
	const struct kconfig *cfg = c->cfg;
	/* Projected service-account tokens rotate: re-read the file once a
	 * minute, as client-go does. */
	if (c->file_token && mono_ms() - c->file_token_read > 60000) {
		sodium_memzero(c->file_token, strlen(c->file_token));
		free(c->file_token);
		c->file_token = NULL;
	}
	if (cfg->token_file && !cfg->token && !c->file_token) {
		char *buf, e[400];
		size_t len;
		if (fs_read_all(cfg->token_file, 1u << 20, &buf, &len, e, sizeof e) != 0) {
			snprintf(err, errlen, "cannot read the token file %s", e);
			return -1;
		}
		while (len && isspace((unsigned char)buf[len - 1]))
			buf[--len] = '\0';
		c->file_token = buf;
		c->file_token_read = mono_ms();
	}
	if (cfg->exec) {
		bool expired = c->have_exec && c->exec.expires && c->exec.expires <= (int64_t)time(NULL);
		if (!c->have_exec || expired || refresh) {
			kcred_clear(&c->exec);
			c->have_exec = false;
			if (exec_credential(cfg, &c->exec, err, errlen) != 0)
				return -1;
			c->have_exec = true;
		}
	}
	return 0;
}

static void fill_req(struct kclient *c, struct http_req *req)
{
	const struct kconfig *cfg = c->cfg;
	req->ca_file = cfg->ca_file;
	req->ca_pem = cfg->ca_pem;
	req->insecure = cfg->insecure;
	req->tls_server_name = cfg->tls_server_name;
	req->proxy = cfg->proxy_url;
	req->user_agent = "k8s-rollout/" AGENTCI_VERSION;
	req->verbose = c->verbose;
	req->retry_on = HTTP_RETRY_429 | HTTP_RETRY_5XX | HTTP_RETRY_CONNECT;
	req->connect_timeout_ms = 10000;
	if (!c->creds_over_tls)
		return;
	if (c->have_exec) {
		req->bearer = c->exec.token;
		req->cert_pem = c->exec.cert_pem;
		req->key_pem = c->exec.key_pem;
	}
	if (cfg->token)
		req->bearer = cfg->token;
	else if (c->file_token)
		req->bearer = c->file_token;
	if (cfg->cert_file || cfg->cert_pem) {
		req->cert_file = cfg->cert_file;
		req->key_file = cfg->key_file;
		req->cert_pem = cfg->cert_pem;
		req->key_pem = cfg->key_pem;
	}
	req->userpwd = c->userpwd;
}

/* Status.reason and .message of an error answer (or plain words). */
static void read_status(struct kresp *r, const struct http_resp *hr)
{
	r->status = hr->status;
	if (hr->status == 0) {
		snprintf(r->message, sizeof r->message, "%s", hr->error);
		return;
	}
	char e[128], *ctype = http_header(hr, "Content-Type");
	bool text = ctype && !strncmp(ctype, "text/plain", 10) && hr->status >= 200 && hr->status < 300;
	free(ctype);
	if (text)
		r->text = xstrndup(hr->body ? hr->body : "", hr->len);
	else if (hr->body && hr->len)
		r->body = json_parse_buf(hr->body, hr->len, "response", e, sizeof e);
	r->retry_after = http_header(hr, "Retry-After");
	if (hr->status >= 200 && hr->status < 300)
		return;
	const char *reason = json_get_str(r->body, "reason", NULL), *msg = json_get_str(r->body, "message", NULL);
	snprintf(r->reason, sizeof r->reason, "%s", reason && *reason ? reason : http_reason(hr->status));
	snprintf(r->message, sizeof r->message, "%s",
		 msg && *msg         ? msg
		 : hr->status == 401 ? "Unauthorized"
				     : "the server answered HTTP error");
}

static bool retryable(unsigned retry_on, int rc, const struct http_resp *hr)
{
	if (rc != 0)
		return retry_on & HTTP_RETRY_CONNECT;
	if (hr->status == 429)
		return retry_on & HTTP_RETRY_429;
	return hr->status >= 500 && (retry_on & HTTP_RETRY_5XX);
}

/* Retry-After in seconds (what the API server sends), else -1. */
static int64_t retry_after_ms(const struct http_resp *hr)
{
	char *v = http_header(hr, "Retry-After"), *end;
	int64_t ms = -1;
	if (v) {
		long s = strtol(v, &end, 10);
		if (end != v && s >= 0 && s < 3600)
			ms = s * 1000;
		free(v);
	}
	return ms;
}

/* A stream that stays open while idle(ud) runs every idle_ms between its
 * bytes (on one thread, through a multi handle); idle returning false ends
 * it as a stream stopped on purpose. */
struct drive {
	bool done;
	int rc;
	struct http_resp resp;
};

static void drive_done(void *ud, struct http_resp *resp, int rc)
{
	struct drive *d = ud;
	d->done = true;
	d->rc = rc;
	d->resp = *resp;
	memset(resp, 0, sizeof *resp); /* ours now: the multi frees what is left */
}

static int drive(const struct http_req *req, int64_t idle_ms, bool (*idle)(void *), struct http_resp *hr)
{
	struct http_multi *m = http_multi_new();
	struct drive d = {0};
	memset(hr, 0, sizeof *hr);
	if (http_multi_add(m, req, drive_done, &d) != 0) {
		http_multi_free(m);
		snprintf(hr->error, sizeof hr->error, "cannot create a libcurl handle");
		return -1;
	}
	int64_t next = mono_ms() + idle_ms;
	bool stopped = false;
	while (!d.done && !stopped) {
		int64_t left = next - mono_ms();
		if (left > 0)
			http_multi_poll(m, left);
		if (!d.done && mono_ms() >= next) {
			stopped = !idle(req->ud);
			next = mono_ms() + idle_ms;
		}
	}
	http_multi_free(m);
	if (!d.done) {
		hr->status = 200;
		return 0;
	}
	*hr = d.resp;
	return d.rc;
}

/* http_do with retries of 429 (after its Retry-After), 5xx and failed
 * connections, RETRIES at most, none starting or waiting past deadline
 * (0 = none); an attempt never runs past it either. */
static int perform(struct http_req *req, int64_t deadline, int64_t idle_ms, bool (*idle)(void *), struct http_resp *hr)
{
	int64_t delay = 200, limit = req->timeout_ms;
	for (int attempt = 0;; attempt++) {
		int64_t left = deadline ? deadline - mono_ms() : 0;
		req->timeout_ms = deadline && (!limit || left < limit) ? (left > 1 ? left : 1) : limit;
		int rc = idle ? drive(req, idle_ms, idle, hr) : http_do(req, hr);
		if (attempt >= RETRIES || !retryable(req->retry_on, rc, hr))
			return rc;
		int64_t wait = rc == 0 ? retry_after_ms(hr) : -1;
		if (wait < 0) {
			/* Full jitter: anywhere in [delay/2, delay]. */
			wait = delay / 2 + (int64_t)randombytes_uniform((uint32_t)(delay / 2 + 1));
			delay = delay * 2 > 5000 ? 5000 : delay * 2;
		}
		if (deadline && mono_ms() + wait >= deadline)
			return rc;
		http_resp_free(hr);
		sleep_ms(wait);
	}
}

static int call(struct kclient *c, const char *method, const char *path, const char *ctype, const char *body,
		int64_t timeout_ms, const struct kstream *s, struct kresp *r, bool *timed_out)
{
	bool (*on_data)(const char *, size_t, void *) = s ? s->on_data : NULL;
	char err[512];
	memset(r, 0, sizeof *r);
	char *url = xasprintf("%s%s", c->cfg->server, path);
	char *ct = ctype ? xasprintf("Content-Type: %s", ctype) : NULL;
	const char *headers[] = {"Accept: application/json", ct, NULL};
	int rc = -1;
	for (int attempt = 0; attempt < 2; attempt++) {
		if (credentials(c, attempt > 0, err, sizeof err) != 0) {
			snprintf(r->message, sizeof r->message, "%s", err);
			snprintf(r->reason, sizeof r->reason, "Credentials");
			r->status = -1;
			break;
		}
		struct http_req req = {0};
		fill_req(c, &req);
		req.method = method;
		req.url = url;
		req.headers = headers;
		if (body) {
			req.body = body;
			req.body_len = strlen(body);
		}
		req.timeout_ms = timeout_ms;
		req.on_data = on_data;
		req.ud = s ? s->ud : NULL;
		if (on_data) /* a broken or expired stream is the caller's to resume */
			req.retry_on &= ~(unsigned)HTTP_RETRY_CONNECT;
		/* Retries end within twice the request timeout, and within the
		 * command's --timeout. */
		int64_t now = mono_ms(), deadline = on_data ? (timeout_ms ? now + timeout_ms : 0)
							    : (timeout_ms ? now + 2 * timeout_ms : 0);
		if (c->deadline && (!deadline || c->deadline < deadline))
			deadline = c->deadline > now ? c->deadline : now + 1;
		struct http_resp hr;
		int hrc = perform(&req, deadline, s ? s->idle_ms : 0, s ? s->idle : NULL, &hr);
		if (timed_out)
			*timed_out = hrc != 0 && hr.curl_code == 28; /* CURLE_OPERATION_TIMEDOUT */
		kresp_free(r);
		read_status(r, &hr);
		if (hrc != 0 && on_data && hr.status >= 200 && hr.status < 300) {
			/* A stream that broke or hit its time limit: the caller re-watches. */
			http_resp_free(&hr);
			rc = 0;
			break;
		}
		if (hrc != 0)
			r->status = 0;
		http_resp_free(&hr);
		rc = r->status >= 200 && r->status < 300 ? 0 : -1;
		/* An exec plugin's token may have been revoked: run it once more. */
		if (r->status == 401 && c->cfg->exec && attempt == 0 && !c->cfg->token && !c->file_token)
			continue;
		break;
	}
	free(url);
	free(ct);
	return rc;
}

int kapi(struct kclient *c, const char *method, const char *path, const char *ctype, const char *body, struct kresp *r)
{
	return call(c, method, path, ctype, body, c->request_timeout_ms, NULL, r, NULL);
}

int kapi_stream(struct kclient *c, const char *path, int64_t timeout_ms, const struct kstream *s, struct kresp *r,
		bool *timed_out)
{
	return call(c, "GET", path, NULL, NULL, timeout_ms, s, r, timed_out);
}

static const char *who(const struct kclient *c, char *buf, size_t len)
{
	snprintf(buf, len, "context \"%s\", user \"%s\"", c->cfg->context ? c->cfg->context : "",
		 c->cfg->user ? c->cfg->user : "");
	return buf;
}

int kapi_fail(const struct kclient *c, const struct kresp *r, const char *verb, const char *what)
{
	char w[512];
	if (r->status == -1) {
		msg_error("%s", r->message);
		return EXIT_ENV;
	}
	if (r->status == 0) {
		msg_error("cannot %s %s: %s: %s", verb, what, c->cfg->server, r->message);
		return EXIT_ENV;
	}
	/* The cause a bare Unauthorized would hide. */
	char why[512] = "";
	if ((r->status == 401 || r->status == 403) && withheld(c))
		snprintf(why, sizeof why,
			 "; the credentials were not sent: %s is plain http and credentials go over "
			 "https only; use the server's https:// URL",
			 c->cfg->server);
	if (r->status == 401) {
		msg_error("You must be logged in to the server (Unauthorized): %s %s refused (%s)%s", verb, what,
			  who(c, w, sizeof w), why);
		return EXIT_ENV;
	}
	if (r->status == 403) {
		msg_error("Error from server (Forbidden): %s (%s)%s", r->message, who(c, w, sizeof w), why);
		return EXIT_ENV;
	}
	if (r->status == 404) {
		msg_error("Error from server (NotFound): %s in namespace \"%s\"", r->message, c->cfg->ns);
		return EXIT_ENV;
	}
	if (r->status == 422) {
		json_t *causes = json_object_get(json_object_get(r->body, "details"), "causes"), *it;
		size_t i;
		msg_error("Error from server (%s): %s", r->reason, r->message);
		json_array_foreach(causes, i, it) {
			fprintf(stderr, "  %s: %s\n", json_get_str(it, "field", ""), json_get_str(it, "message", ""));
		}
		return EXIT_ENV;
	}
	msg_error("Error from server (%s): %s", r->reason, r->message);
	return EXIT_ENV;
}
