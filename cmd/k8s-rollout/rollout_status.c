/* rollout_status: the status command, `kubectl rollout status` — LIST the deployments, feed them to the
 * evaluator, then WATCH from the list's resourceVersion; re-watch when a
 * stream ends, re-list on 410 Gone, and give up at --timeout (exit 5).
 * With --fail-fast (the default) the pods of each new ReplicaSet are looked
 * at once a second while its rollout does not move, the watch stream
 * staying open. */
#include "app.h"
#include "cli.h"
#include "failfast.h"
#include "ghaout.h"
#include "json.h"
#include "progress.h"
#include "status.h"
#include "timeutil.h"
#include "verdict.h"

#include <stdlib.h>
#include <string.h>

/* A watch stream's server-side limit; the client's --timeout is enforced
 * apart from it. */
#define WATCH_SECONDS 300

struct target {
	const char *name;
	bool reported; /* its verdict is out */
	char last[512]; /* the last progress line printed */
	json_t *last_state; /* the last JSON state printed */
	json_t *dep; /* the last object seen while waiting */
	int64_t moved; /* when it was seen (monotonic ms) */
	struct rollout_state st; /* its last evaluation, for the status line */
	bool seen; /* st holds one */
	int64_t changed; /* when its progress line last changed */
	struct failfast ff;
};

struct watcher {
	struct app *a;
	struct target *t;
	size_t n, open; /* targets; those without a verdict */
	bool by_label; /* -l: the first list names the targets */
	char *buf;
	size_t len, cap;
	char *rv; /* last resourceVersion seen (opaque) */
	bool finished; /* a verdict ended the command */
	int rc;
	bool gone; /* 410: the RV expired, re-list */
	bool broken; /* an ERROR event other than 410 */
	size_t events;
	int64_t start, deadline; /* monotonic ms; deadline 0 = none */
};

static struct target *target(struct watcher *w, const json_t *dep)
{
	const char *name = json_get_str(json_object_get(dep, "metadata"), "name", "");
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->t[i].name, name))
			return &w->t[i];
	return NULL;
}

static void set_rv(struct watcher *w, const json_t *obj)
{
	const char *rv = json_get_str(json_object_get(obj, "metadata"), "resourceVersion", NULL);
	if (rv) {
		free(w->rv);
		w->rv = xstrdup(rv);
	}
}

static void print_json_state(struct target *t, const struct rollout_state *st)
{
	json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:s}", "deployment", t->name, "generation",
			      (json_int_t)st->generation, "observed_generation", (json_int_t)st->observed_generation,
			      "replicas", (json_int_t)st->replicas, "updated", (json_int_t)st->updated, "ready",
			      (json_int_t)st->ready, "available", (json_int_t)st->available, "message", st->message);
	if (t->last_state && json_equal(o, t->last_state)) {
		json_decref(o);
		return;
	}
	progress_clear();
	json_print(stdout, o, false);
	fflush(stdout);
	json_decref(t->last_state);
	t->last_state = o;
}

/* The closing object of one deployment; failure (stolen) may be NULL. */
static void print_result(struct watcher *w, struct target *t, const char *result, const char *message, json_t *failure)
{
	ghaout_set("result", result);
	if (!w->a->json) {
		json_decref(failure);
		return;
	}
	json_t *o = json_pack("{s:s,s:s,s:s}", "deployment", t->name, "result", result, "message", message);
	if (failure)
		json_object_set_new(o, "failure", failure);
	progress_clear();
	json_print(stdout, o, false);
	fflush(stdout);
	json_decref(o);
}

static bool finish(struct watcher *w, int rc)
{
	w->rc = rc;
	return w->finished = true;
}

/* A verdict for t: the command ends once every target has one. */
static bool settle(struct watcher *w, struct target *t)
{
	t->reported = true;
	return --w->open == 0 ? finish(w, EXIT_OK) : false;
}

/* Decide on one observed object; true when the command is finished. */
static bool observe(struct watcher *w, const json_t *dep)
{
	struct target *t = target(w, dep);
	if (!t || t->reported)
		return false;
	struct rollout_state st;
	char line[700];
	rollout_evaluate(dep, w->a->revision, &st);
	if (!t->seen || strcmp(st.message, t->st.message))
		t->changed = mono_ms();
	t->st = st;
	t->seen = true;
	if (w->a->json && st.verdict != RV_REVISION && st.verdict != RV_BAD)
		print_json_state(t, &st);
	switch (st.verdict) {
	case RV_WAIT:
		json_decref(t->dep);
		t->dep = json_incref((json_t *)dep);
		t->moved = mono_ms();
		/* kubectl repeats a line per event; one per change reads better in CI logs. */
		if (!w->a->json && !w->a->quiet && strcmp(st.message, t->last)) {
			progress_say(stderr, "%s\n", st.message);
			snprintf(t->last, sizeof t->last, "%s", st.message);
		}
		if (!w->a->watch) {
			print_result(w, t, "waiting", st.message, NULL);
			return settle(w, t);
		}
		return false;
	case RV_DONE:
		if (!w->a->json)
			progress_say(stdout, "%s\n",
				     verdict_paint(stdout, COLOR_OK, st.message, "successfully rolled out", line,
						   sizeof line));
		print_result(w, t, "rolled_out", st.message, NULL);
		return settle(w, t);
	case RV_DEADLINE:
	case RV_PAUSED:
	case RV_REVISION:
	case RV_BAD:
		verdict_fail(st.verdict == RV_DEADLINE   ? "exceeded its progress deadline"
			     : st.verdict == RV_PAUSED   ? "is paused"
			     : st.verdict == RV_REVISION ? "is different from"
							 : NULL,
			     "%s", st.message);
		print_result(w, t, rollout_result_name(st.verdict), st.message, NULL);
		return finish(w, st.verdict == RV_BAD ? EXIT_ENV : EXIT_FAIL);
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
	struct target *t;
	if (!type) {
		/* Not an event: an error body of a failed request (its status tells). */
	} else if (!strcmp(type, "BOOKMARK")) {
		set_rv(w, obj);
	} else if (!strcmp(type, "ADDED") || !strcmp(type, "MODIFIED")) {
		w->events++;
		set_rv(w, obj);
		go_on = !observe(w, obj);
	} else if (!strcmp(type, "DELETED")) {
		set_rv(w, obj);
		if ((t = target(w, obj)) && !t->reported) {
			verdict_fail("has been deleted", "deployment \"%s\": object has been deleted", t->name);
			print_result(w, t, "deleted", "object has been deleted", NULL);
			go_on = !finish(w, EXIT_FAIL);
		}
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

static const char *target_list(const struct watcher *w, char *buf, size_t len)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < w->n && k < len; i++)
		if (!w->t[i].reported)
			k += (size_t)snprintf(buf + k, len - k, "%s\"%s\"", k ? ", " : "", w->t[i].name);
	return buf;
}

/* LIST the deployments: the items are evaluated, the RV kept.  With -l the
 * first list names the targets. */
static int list_once(struct watcher *w, const char *base, const char *sel)
{
	char *path = xasprintf("%s?%s%slimit=500", base, sel, *sel ? "&" : "");
	struct kresp r;
	int rc = kapi(&w->a->kc, "GET", path, NULL, NULL, &r);
	free(path);
	/* what follows may be a message under a status line drawn in place */
	progress_clear();
	if (rc != 0) {
		char what[300];
		snprintf(what, sizeof what, w->n == 1 ? "deployments.apps \"%s\"" : "deployments.apps",
			 w->n == 1 ? w->t[0].name : "");
		rc = kapi_fail(&w->a->kc, &r, "list", what);
		kresp_free(&r);
		return rc;
	}
	json_t *items = json_object_get(r.body, "items"), *it;
	size_t i;
	set_rv(w, r.body);
	if (w->by_label && w->n == 0) {
		free(w->t); /* the empty list the caller started with */
		w->t = xcalloc(json_array_size(items) + 1, sizeof *w->t);
		json_array_foreach(items, i, it) {
			w->t[w->n++].name = xstrdup(json_get_str(json_object_get(it, "metadata"), "name", ""));
		}
		w->open = w->n;
		if (w->n == 0) {
			msg_error("no deployments match -l '%s' in namespace \"%s\"", w->a->selector, w->a->cfg.ns);
			kresp_free(&r);
			return EXIT_ENV;
		}
	}
	for (size_t k = 0; k < w->n; k++) {
		bool seen = false;
		json_array_foreach(items, i, it) {
			seen = seen || !strcmp(json_get_str(json_object_get(it, "metadata"), "name", ""), w->t[k].name);
		}
		if (!seen) {
			msg_error("Error from server (NotFound): deployments.apps \"%s\" not found in namespace \"%s\"",
				  w->t[k].name, w->a->cfg.ns);
			kresp_free(&r);
			return EXIT_ENV;
		}
	}
	json_array_foreach(items, i, it) {
		if (observe(w, it))
			break;
	}
	kresp_free(&r);
	return 0;
}

/* The pods of every deployment whose rollout has not moved for a look's
 * interval (one that moves needs no look, and its events are not held up
 * by one). */
static void look_at_pods(struct watcher *w)
{
	if (!w->a->fail_fast)
		return;
	for (size_t i = 0; i < w->n && !w->finished; i++) {
		struct target *t = &w->t[i];
		struct rollout_failure f = {0};
		if (t->reported || !t->dep || mono_ms() - t->moved < FAILFAST_POLL_MS ||
		    !failfast_look(w->a, &t->ff, t->dep, &f))
			continue;
		failfast_report(t->name, &f);
		char msg[1400];
		snprintf(msg, sizeof msg, "rollout failed: %s", f.p.reason);
		print_result(w, t, "failed", msg, failure_json(&f));
		failure_free(&f);
		finish(w, EXIT_FAIL);
	}
}

static bool looking(const struct watcher *w)
{
	if (!w->a->fail_fast || !w->a->watch)
		return false;
	for (size_t i = 0; i < w->n; i++)
		if (!w->t[i].reported && !w->t[i].ff.off)
			return true;
	return false;
}

/* While a watch stream is open and quiet. */
static bool idle(void *ud)
{
	struct watcher *w = ud;
	if (looking(w))
		look_at_pods(w);
	if (!w->finished)
		progress_tick();
	return !w->finished;
}

/* What keeps the first deployment still waiting from being rolled out,
 * in the order of the evaluator's checks. */
static void pending(const struct rollout_state *st, char *buf, size_t len)
{
	if (st->generation > st->observed_generation)
		snprintf(buf, len, "spec update not observed yet");
	else if (st->spec_replicas >= 0 && st->updated < st->spec_replicas)
		snprintf(buf, len, "%lld not updated", st->spec_replicas - st->updated);
	else if (st->replicas > st->updated)
		snprintf(buf, len, "%lld old pending termination", st->replicas - st->updated);
	else
		snprintf(buf, len, "%lld unavailable", st->updated - st->available);
}

/* "2 of 3 updated; web: 1 unavailable (no change for 40s); 1m10s left":
 * the replicas of every deployment seen, then the first one waiting. */
static void status_line(void *ud, char *buf, size_t len)
{
	const struct watcher *w = ud;
	long long updated = 0, want = 0;
	size_t waiting = 0;
	const struct target *first = NULL;
	for (size_t i = 0; i < w->n; i++) {
		const struct target *t = &w->t[i];
		if (!t->seen)
			continue;
		long long n = t->st.spec_replicas >= 0 ? t->st.spec_replicas : t->st.replicas;
		want += n;
		updated += t->st.updated < n ? t->st.updated : n;
		if (!t->reported && waiting++ == 0)
			first = t;
	}
	int64_t now = mono_ms();
	char what[64], still[32], when[32];
	/* time left rounds up, time gone by down */
	format_seconds(w->deadline ? w->deadline - now : (now - w->start) / 1000 * 1000, when, sizeof when);
	int k = snprintf(buf, len, "%lld of %lld updated", updated, want);
	if (first && (size_t)k < len) {
		pending(&first->st, what, sizeof what);
		format_seconds((now - first->changed) / 1000 * 1000, still, sizeof still);
		k += snprintf(buf + k, len - (size_t)k, "; %s: %s (no change for %s)", first->name, what, still);
	}
	if (waiting > 1 && (size_t)k < len)
		k += snprintf(buf + k, len - (size_t)k, " and %zu more", waiting - 1);
	if ((size_t)k < len)
		snprintf(buf + k, len - (size_t)k, "; %s %s", when, w->deadline ? "left" : "elapsed");
}

int run_status(struct app *a, int argc, char **argv)
{
	if (a->selector && argc)
		cli_usage_error("status takes DEPLOYMENT arguments or -l SELECTOR, not both");
	if (!a->selector && argc == 0)
		cli_usage_error("status needs a DEPLOYMENT (or several, or -l SELECTOR)");
	const char **names = xcalloc((size_t)argc + 1, sizeof *names);
	for (int i = 0; i < argc; i++)
		names[i] = deployment_name(argv[i]);
	int rc = rollout_wait_many(a, names, (size_t)argc);
	free(names);
	return rc;
}

int rollout_wait(struct app *a, const char *name)
{
	const char *names[] = {name};
	return rollout_wait_many(a, names, 1);
}

/* The list and watch query: one name by field, -l by label, several names
 * by namespace (the rest are ignored). */
static char *query(const struct watcher *w)
{
	if (w->by_label) {
		char *sel = url_escape(w->a->selector), *q = xasprintf("labelSelector=%s", sel);
		free(sel);
		return q;
	}
	if (w->n > 1)
		return xstrdup("");
	char *fs = xasprintf("metadata.name=%s", w->t[0].name), *sel = url_escape(fs);
	char *q = xasprintf("fieldSelector=%s", sel);
	free(fs);
	free(sel);
	return q;
}

int rollout_wait_many(struct app *a, const char *const *names, size_t n)
{
	struct watcher w = {.a = a, .by_label = n == 0, .start = mono_ms()};
	int64_t deadline = a->timeout_ms ? w.start + a->timeout_ms : 0;
	int64_t outer = a->kc.deadline;
	int rc = 0;
	a->kc.deadline = deadline;
	if (n == 1) {
		json_t *dep;
		if ((rc = get_deployment(a, names[0], &dep)) != 0) {
			a->kc.deadline = outer;
			return rc;
		}
		json_decref(dep);
	}
	w.t = xcalloc(n + 1, sizeof *w.t);
	for (size_t i = 0; i < n; i++)
		w.t[i].name = xstrdup(names[i]);
	w.n = w.open = n;
	w.deadline = deadline;
	progress_begin(status_line, &w);
	char *base = deployment_path(a, NULL);
	char *q = NULL;
	bool need_list = true;
	int64_t backoff = 100;
	while (!w.finished) {
		if (need_list) {
			free(q);
			if ((rc = list_once(&w, base, q = query(&w))) != 0)
				break;
			need_list = false;
			if (w.finished)
				break;
		}
		look_at_pods(&w);
		if (w.finished)
			break;
		progress_tick();
		int64_t left = deadline ? deadline - mono_ms() : 0;
		if (deadline && left <= 0)
			goto timeout;
		int64_t secs = deadline && left / 1000 + 1 < WATCH_SECONDS ? left / 1000 + 1 : WATCH_SECONDS;
		struct kstream ks = {on_data, idle, FAILFAST_POLL_MS, &w};
		char *erv = url_escape(w.rv ? w.rv : "");
		char *path = xasprintf("%s?watch=1&%s%sresourceVersion=%s&allowWatchBookmarks=true&timeoutSeconds=%lld",
				       base, q, *q ? "&" : "", erv, (long long)secs);
		free(erv);
		struct kresp r;
		bool timed_out = false;
		size_t before = w.events;
		w.len = 0;
		w.gone = w.broken = false;
		int src = kapi_stream(&a->kc, path, deadline ? left : 0, &ks, &r, &timed_out);
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
			progress_clear();
			snprintf(what, sizeof what, w.n == 1 ? "deployments.apps \"%s\"" : "deployments.apps",
				 w.n == 1 ? w.t[0].name : "");
			rc = kapi_fail(&a->kc, &r, "watch", what);
			kresp_free(&r);
			break;
		}
		kresp_free(&r);
		if (w.gone || w.broken)
			need_list = true;
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
timeout:;
	char names_left[1024];
	verdict_fail("timed out", "timed out waiting for the condition (deployment %s, --timeout)",
		     target_list(&w, names_left, sizeof names_left));
	for (size_t i = 0; i < w.n; i++)
		if (!w.t[i].reported)
			print_result(&w, &w.t[i], "timeout", "timed out waiting for the condition", NULL);
	rc = EXIT_TIMEOUT;
out:
	progress_end();
	if (w.finished && !rc)
		rc = w.rc;
	for (size_t i = 0; i < w.n; i++) {
		free((char *)w.t[i].name);
		json_decref(w.t[i].last_state);
		json_decref(w.t[i].dep);
		failfast_free(&w.t[i].ff);
	}
	free(w.t);
	free(base);
	free(q);
	free(w.buf);
	free(w.rv);
	a->kc.deadline = outer;
	return rc;
}
