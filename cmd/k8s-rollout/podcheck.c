/* podcheck: the reasons kubelet and scheduler give that need a change to
 * clear, read from a Pod's status. */
#include "podcheck.h"
#include "cli.h"
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Restarts after which a container counts as crashing even between its
 * CrashLoopBackOff waits. */
#define CRASH_RESTARTS 3

static const char *const pull_reasons[] = {"ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull",
					   NULL};
static const char *const config_reasons[] = {"CreateContainerConfigError", "CreateContainerError", "RunContainerError",
					     NULL};

static bool listed(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static void fill(struct pod_problem *p, enum pod_trouble kind, const char *pod, const char *container,
		 const char *reason, const char *message, int exit_code)
{
	p->kind = kind;
	snprintf(p->pod, sizeof p->pod, "%s", pod);
	snprintf(p->container, sizeof p->container, "%s", container);
	snprintf(p->reason, sizeof p->reason, "%s", reason);
	snprintf(p->message, sizeof p->message, "%s", message);
	p->exit_code = exit_code;
}

/* One container's status: true and *p when it shows a problem. */
static bool container_problem(const json_t *cs, const char *pod, struct pod_problem *p)
{
	const char *name = json_get_str(cs, "name", "");
	json_t *state = json_object_get(cs, "state"), *last = json_object_get(cs, "lastState");
	json_t *waiting = json_object_get(state, "waiting");
	json_t *term = json_object_get(last, "terminated");
	if (!term)
		term = json_object_get(state, "terminated");
	const char *wreason = json_get_str(waiting, "reason", ""), *wmsg = json_get_str(waiting, "message", "");
	int code = term ? (int)json_get_int(term, "exitCode", -1) : -1;
	long long restarts = json_get_int(cs, "restartCount", 0);
	if (listed(wreason, pull_reasons)) {
		fill(p, PT_PULL, pod, name, wreason, wmsg, -1);
		return true;
	}
	if (listed(wreason, config_reasons)) {
		fill(p, PT_CONFIG, pod, name, wreason, wmsg, -1);
		return true;
	}
	if (term && !strcmp(json_get_str(term, "reason", ""), "OOMKilled")) {
		char msg[256];
		snprintf(msg, sizeof msg, "killed for using more memory than its limit; restarted %lld times",
			 restarts);
		fill(p, PT_CRASH, pod, name, "OOMKilled", msg, code);
		return true;
	}
	if (!strcmp(wreason, "CrashLoopBackOff")) {
		fill(p, PT_CRASH, pod, name, wreason, wmsg, code);
		return true;
	}
	if (restarts >= CRASH_RESTARTS) {
		char msg[256];
		snprintf(msg, sizeof msg, "restarted %lld times; last run ended %s", restarts,
			 json_get_str(term, "reason", "unknown"));
		fill(p, PT_CRASH, pod, name, "Restarting", msg, code);
		return true;
	}
	return false;
}

size_t pod_problems(const json_t *pod, struct pod_problem *out, size_t max)
{
	const char *name = json_get_str(json_object_get(pod, "metadata"), "name", "");
	json_t *status = json_object_get(pod, "status"), *c;
	size_t n = 0, i;
	json_array_foreach(json_object_get(status, "conditions"), i, c) {
		if (n < max && !strcmp(json_get_str(c, "type", ""), "PodScheduled") &&
		    !strcmp(json_get_str(c, "status", ""), "False") &&
		    !strcmp(json_get_str(c, "reason", ""), "Unschedulable"))
			fill(&out[n++], PT_UNSCHEDULABLE, name, "", "Unschedulable", json_get_str(c, "message", ""),
			     -1);
	}
	static const char *const lists[] = {"initContainerStatuses", "containerStatuses"};
	for (size_t l = 0; l < 2; l++)
		json_array_foreach(json_object_get(status, lists[l]), i, c) {
			if (n < max && container_problem(c, name, &out[n]))
				n++;
		}
	return n;
}

void pod_watch_begin(struct pod_watch *w)
{
	for (size_t i = 0; i < w->n; i++)
		w->v[i].now = false;
}

bool pod_watch_note(struct pod_watch *w, const struct pod_problem *p, int64_t now, int64_t after_ms)
{
	char key[400];
	snprintf(key, sizeof key, "%s/%s/%d", p->pod, p->container, (int)p->kind);
	size_t i;
	for (i = 0; i < w->n && strcmp(w->v[i].key, key); i++)
		;
	if (i == w->n) {
		w->v = xrealloc(w->v, (w->n + 1) * sizeof *w->v);
		snprintf(w->v[i].key, sizeof w->v[i].key, "%s", key);
		w->v[i].since = now;
		w->n++;
	}
	w->v[i].now = true;
	return now - w->v[i].since >= after_ms;
}

void pod_watch_end(struct pod_watch *w)
{
	size_t k = 0;
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].now)
			w->v[k++] = w->v[i];
	w->n = k;
}

void pod_watch_free(struct pod_watch *w)
{
	free(w->v);
	w->v = NULL;
	w->n = 0;
}
