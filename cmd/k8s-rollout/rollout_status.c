/* status: `kubectl rollout status` — LIST the deployment, feed it to the
 * evaluator, then WATCH from the list's resourceVersion; re-watch when a
 * stream ends, re-list on 410 Gone, and give up at --timeout (exit 5). */
#include "app.h"
#include "cli.h"
#include "ghaout.h"
#include "json.h"
#include "status.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>

/* A watch stream's server-side limit; the client's --timeout is enforced
 * apart from it. */
#define WATCH_SECONDS 300

struct watcher {
	struct app *a;
	const char *name;
	char *buf;
	size_t len, cap;
	char *rv;                 /* last resourceVersion seen (opaque) */
	bool finished;            /* a verdict ended the command */
	int rc;
	bool gone;                /* 410: the RV expired, re-list */
	bool broken;              /* an ERROR event other than 410 */
	size_t events;
	char last[512];           /* the last progress line printed */
	json_t *last_state;       /* the last JSON state printed */
};

static void set_rv(struct watcher *w, const json_t *obj)
{
	const char *rv = json_get_str(json_object_get(obj, "metadata"), "resourceVersion", NULL);
	if (rv) {
		free(w->rv);
		w->rv = xstrdup(rv);
	}
}

static void print_json_state(struct watcher *w, const struct rollout_state *st)
{
	json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:s}", "deployment", w->name, "generation",
			      (json_int_t)st->generation, "observed_generation", (json_int_t)st->observed_generation,
			      "replicas", (json_int_t)st->replicas, "updated", (json_int_t)st->updated, "ready",
			      (json_int_t)st->ready, "available", (json_int_t)st->available, "message", st->message);
	if (w->last_state && json_equal(o, w->last_state)) {
		json_decref(o);
		return;
	}
	json_print(stdout, o, false);
	fflush(stdout);
	json_decref(w->last_state);
	w->last_state = o;
}

static void print_result(struct watcher *w, const char *result, const char *message)
{
	ghaout_set("result", result);
	if (!w->a->json)
		return;
	json_t *o = json_pack("{s:s,s:s,s:s}", "deployment", w->name, "result", result, "message", message);
	json_print(stdout, o, false);
	fflush(stdout);
	json_decref(o);
}

/* Decide on one observed object; true when the command is finished. */
static bool observe(struct watcher *w, const json_t *dep)
{
	struct rollout_state st;
	rollout_evaluate(dep, w->a->revision, &st);
	if (w->a->json && st.verdict != RV_REVISION && st.verdict != RV_BAD)
		print_json_state(w, &st);
	switch (st.verdict) {
	case RV_WAIT:
		/* kubectl repeats a line per event; one per change reads better in CI logs. */
		if (!w->a->json && !w->a->quiet && strcmp(st.message, w->last)) {
			fprintf(stderr, "%s\n", st.message);
			snprintf(w->last, sizeof w->last, "%s", st.message);
		}
		if (!w->a->watch) {
			print_result(w, "waiting", st.message);
			w->rc = EXIT_OK;
			return w->finished = true;
		}
		return false;
	case RV_DONE:
		if (!w->a->json)
			printf("%s\n", st.message);
		fflush(stdout);
		print_result(w, "rolled_out", st.message);
		w->rc = EXIT_OK;
		return w->finished = true;
	case RV_DEADLINE:
	case RV_PAUSED:
	case RV_REVISION:
	case RV_BAD:
		kerror("%s", st.message);
		print_result(w, rollout_result_name(st.verdict), st.message);
		w->rc = st.verdict == RV_BAD ? EXIT_ENV : EXIT_FAIL;
		return w->finished = true;
	}
	return false;
}

static bool on_line(struct watcher *w, const char *line, size_t n)
{
	char err[128];
	json_t *ev = json_parse_buf(line, n, "watch", err, sizeof err);
	const char *type = json_get_str(ev, "type", NULL);
	json_t *obj = json_object_get(ev, "object");
	bool go_on = true;
	if (!type) {
		/* Not an event: an error body of a failed request (its status tells). */
	} else if (!strcmp(type, "BOOKMARK")) {
		set_rv(w, obj);
	} else if (!strcmp(type, "ADDED") || !strcmp(type, "MODIFIED")) {
		w->events++;
		set_rv(w, obj);
		go_on = !observe(w, obj);
	} else if (!strcmp(type, "DELETED")) {
		kerror("deployment \"%s\": object has been deleted", w->name);
		print_result(w, "deleted", "object has been deleted");
		w->rc = EXIT_FAIL;
		w->finished = true;
		go_on = false;
	} else if (!strcmp(type, "ERROR")) {
		if (json_get_int(obj, "code", 0) == 410)
			w->gone = true;
		else
			w->broken = true;
		go_on = false;
	}
	json_decref(ev);
	return go_on;
}

static bool on_data(const char *d, size_t n, void *ud)
{
	struct watcher *w = ud;
	if (w->len + n + 1 > w->cap) {
		w->cap = (w->len + n + 1) * 2;
		w->buf = xrealloc(w->buf, w->cap);
	}
	memcpy(w->buf + w->len, d, n);
	w->len += n;
	/* Events are split on newlines, never on chunk boundaries. */
	size_t start = 0;
	bool go_on = true;
	for (size_t i = 0; i < w->len && go_on; i++) {
		if (w->buf[i] != '\n')
			continue;
		if (i > start)
			go_on = on_line(w, w->buf + start, i - start);
		start = i + 1;
	}
	memmove(w->buf, w->buf + start, w->len - start);
	w->len -= start;
	return go_on;
}

/* LIST the one deployment: its items are evaluated, its RV kept. */
static int list_once(struct watcher *w, const char *base, const char *sel)
{
	char *path = xasprintf("%s?fieldSelector=%s&limit=500", base, sel);
	struct kresp r;
	int rc = kapi(&w->a->kc, "GET", path, NULL, NULL, &r);
	free(path);
	if (rc != 0) {
		char what[300];
		snprintf(what, sizeof what, "deployments.apps \"%s\"", w->name);
		rc = kapi_fail(&w->a->kc, &r, "list", what);
		kresp_free(&r);
		return rc;
	}
	json_t *items = json_object_get(r.body, "items"), *it;
	size_t i;
	set_rv(w, r.body);
	if (json_array_size(items) == 0) {
		kerror("Error from server (NotFound): deployments.apps \"%s\" not found in namespace \"%s\"", w->name,
			  w->a->cfg.ns);
		kresp_free(&r);
		return EXIT_ENV;
	}
	json_array_foreach(items, i, it) {
		if (observe(w, it))
			break;
	}
	kresp_free(&r);
	return 0;
}

int cmd_status(struct app *a, int argc, char **argv)
{
	if (argc != 1)
		cli_usage_error("status needs exactly one DEPLOYMENT");
	return rollout_wait(a, deployment_name(argv[0]));
}

int rollout_wait(struct app *a, const char *name)
{
	struct watcher w = {.a = a, .name = name};
	int64_t deadline = a->timeout_ms ? mono_ms() + a->timeout_ms : 0;
	json_t *dep;
	int rc = get_deployment(a, w.name, &dep);
	if (rc)
		return rc;
	json_decref(dep);
	char *base = deployment_path(a, NULL);
	char *fs = xasprintf("metadata.name=%s", w.name);
	char *sel = url_escape(fs);
	free(fs);
	bool need_list = true;
	int64_t backoff = 100;
	while (!w.finished) {
		if (need_list) {
			if ((rc = list_once(&w, base, sel)) != 0)
				break;
			need_list = false;
			if (w.finished)
				break;
		}
		int64_t left = deadline ? deadline - mono_ms() : 0;
		if (deadline && left <= 0)
			goto timeout;
		int64_t secs = deadline && left / 1000 + 1 < WATCH_SECONDS ? left / 1000 + 1 : WATCH_SECONDS;
		char *erv = url_escape(w.rv ? w.rv : "");
		char *path = xasprintf("%s?watch=1&fieldSelector=%s&resourceVersion=%s&allowWatchBookmarks=true"
				       "&timeoutSeconds=%lld", base, sel, erv, (long long)secs);
		free(erv);
		struct kresp r;
		bool timed_out = false;
		size_t before = w.events;
		w.len = 0;
		w.gone = w.broken = false;
		int src = kapi_stream(&a->kc, path, deadline ? left : 0, on_data, &w, &r, &timed_out);
		free(path);
		if (w.finished) {
			kresp_free(&r);
			break;
		}
		if (timed_out && deadline && mono_ms() >= deadline - 5) {
			kresp_free(&r);
			goto timeout;
		}
		if (src != 0 && r.status == 410) {
			w.gone = true;
		} else if (src != 0 && r.status != 0) {
			char what[300];
			snprintf(what, sizeof what, "deployments.apps \"%s\"", w.name);
			rc = kapi_fail(&a->kc, &r, "watch", what);
			kresp_free(&r);
			break;
		}
		kresp_free(&r);
		if (w.gone || w.broken) {
			need_list = true;
		}
		/* A stream that ends without events (or a refused connection)
		 * waits a little before the next try, up to 2s. */
		if (w.events == before && !w.gone) {
			sleep_ms(backoff);
			backoff = backoff * 2 > 2000 ? 2000 : backoff * 2;
		} else {
			backoff = 100;
		}
	}
	goto out;
timeout:
	kerror("timed out waiting for the condition (deployment \"%s\", --timeout)", w.name);
	print_result(&w, "timeout", "timed out waiting for the condition");
	rc = EXIT_TIMEOUT;
out:
	if (w.finished && !rc)
		rc = w.rc;
	free(base);
	free(sel);
	free(w.buf);
	free(w.rv);
	json_decref(w.last_state);
	return rc;
}
