/* kapi: requests to the Kubernetes API — credentials (token, token file,
 * client certificate, exec plugin with its cache), retries of 429/5xx
 * honouring Retry-After, and the API's Status errors in kubectl's words. */
#ifndef K8S_ROLLOUT_KAPI_H
#define K8S_ROLLOUT_KAPI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "execcred.h"
#include "kubeconfig.h"

struct kclient {
	struct kconfig *cfg;
	bool verbose;
	int64_t request_timeout_ms; /* per request; 0 = none */
	int64_t deadline; /* monotonic ms no request or retry outlasts: a wait's
			   * --timeout while it waits; 0 = none */
	bool creds_over_tls; /* credentials go to https servers only, like client-go */
	struct kcred exec; /* the exec plugin's cached credential */
	bool have_exec;
	char *file_token; /* tokenFile's content */
	int64_t file_token_read; /* when (monotonic ms): re-read each minute, it may rotate */
	char *userpwd; /* "user:password" for basic auth */
};

struct kresp {
	long status; /* 0: no HTTP answer (error says why) */
	json_t *body; /* parsed JSON body or NULL */
	char *text; /* a 2xx body that is not JSON (pods/NAME/log), or NULL */
	char reason[64]; /* Status.reason, or the HTTP reason phrase */
	char message[1024]; /* Status.message, or a transport error */
	char *retry_after;
};

void kclient_init(struct kclient *c, struct kconfig *cfg, bool verbose, int64_t request_timeout_ms);
void kclient_free(struct kclient *c);

/* One API call with retries.  path starts with "/" (query included).
 * 0 when a 2xx answer came; -1 otherwise (r says why).  ctype NULL = no
 * body. */
int kapi(struct kclient *c, const char *method, const char *path, const char *ctype, const char *body, struct kresp *r);
/* What a streaming GET (a watch) does with its bytes: on_data gets them
 * (false stops the stream); idle, when set, runs every idle_ms while the
 * stream stays open (false stops it too).  ud goes to both. */
struct kstream {
	bool (*on_data)(const char *d, size_t n, void *ud);
	bool (*idle)(void *ud);
	int64_t idle_ms;
	void *ud;
};
/* A streaming GET; timeout_ms bounds the whole stream (0 = none).
 * Returns as kapi; a stream stopped by the caller or ended by the server
 * is 0. */
int kapi_stream(struct kclient *c, const char *path, int64_t timeout_ms, const struct kstream *s, struct kresp *r,
		bool *timed_out);
void kresp_free(struct kresp *r);

/* Report a failed call in one line and return the exit code: verb and
 * what name the refused operation ("get", "deployments.apps \"web\""). */
int kapi_fail(const struct kclient *c, const struct kresp *r, const char *verb, const char *what);

/* "a%3Db" style escaping of a query value. */
char *url_escape(const char *s);

#endif
