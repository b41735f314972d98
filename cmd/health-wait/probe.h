/* probe: one attempt against one target at a time, many targets at once,
 * on libcurl's multi interface.  An adapter until common/http.h's
 * http_multi grows connect-only requests and stop-at-the-cap bodies. */
#ifndef HW_PROBE_H
#define HW_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Request settings shared by every target. */
struct probe_cfg {
	const char *method; /* NULL: GET, or POST with data */
	const char *const *headers; /* "Name: value", NULL-terminated */
	const char *data; /* request body, or NULL */
	const char *cacert, *cert, *key;
	const char *user_agent;
	bool insecure;
	bool follow; /* up to 5 redirects */
	bool location_trusted; /* -H headers and URL credentials go to
				* every host of a redirect chain, not only
				* the target's (curl --location-trusted) */
	size_t max_body; /* bytes kept; the transfer stops there */
};

struct probe_result {
	bool answered; /* an HTTP answer arrived (tcp: the connection opened) */
	bool env_error; /* our own setup is wrong (CA or client cert unusable) */
	bool timed_out; /* the attempt's time limit ran out */
	long status;
	const char *body; /* NUL-terminated, at most max_body bytes */
	size_t len;
	bool truncated;
	const char *headers; /* raw header block of the final response */
	char error[256]; /* plain words when !answered */
	int64_t ms; /* how long the attempt took */
};

struct prober;
struct probe;
typedef void (*probe_done_fn)(void *ud, const struct probe_result *r);

struct prober *prober_new(const struct probe_cfg *cfg);
void prober_free(struct prober *pr);

/* A target: "http://…", "https://…" or "tcp://host:port".  done is called
 * from prober_poll when an attempt ends; the result is valid until the
 * next probe_start on the same probe. */
struct probe *probe_new(struct prober *pr, const char *target, probe_done_fn done, void *ud);
/* Begin an attempt limited to timeout_ms (> 0).  0, or -1 when libcurl
 * refuses to add it. */
int probe_start(struct probe *p, int64_t timeout_ms);
/* Cancel a running attempt (no callback). */
void probe_cancel(struct probe *p);

/* Free a probe (before its prober). */
void probe_free(struct probe *p);

/* Drive transfers for up to wait_ms; returns the number still running. */
int prober_poll(struct prober *pr, int64_t wait_ms);

#endif
