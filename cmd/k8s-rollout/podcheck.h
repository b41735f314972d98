/* podcheck: what a pod of a rollout's new ReplicaSet shows that it cannot
 * get over without a change (an image that cannot be pulled, a container
 * that cannot be created or keeps crashing, no node to run on), and for how
 * long it has shown it. */
#ifndef K8S_ROLLOUT_PODCHECK_H
#define K8S_ROLLOUT_PODCHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Kinds of trouble: a reason that alternates with another of the same kind
 * (ErrImagePull and ImagePullBackOff) keeps its first-seen time. */
enum pod_trouble { PT_PULL, PT_CONFIG, PT_CRASH, PT_UNSCHEDULABLE };

struct pod_problem {
	enum pod_trouble kind;
	char pod[256];
	char container[128]; /* "" when the pod was never scheduled */
	char reason[64]; /* the kubelet's or scheduler's reason */
	char message[1024];
	int exit_code; /* of the last terminated run; -1 when none */
};

/* The problems pod shows now, at most max, in container order (init
 * containers first).  Returns how many. */
size_t pod_problems(const json_t *pod, struct pod_problem *out, size_t max);

/* Problems seen over time: a problem fails the rollout once it has been
 * seen in every look for at least after_ms. */
struct pod_watch {
	struct seen {
		char key[400];
		int64_t since;
		bool now;
	} * v;
	size_t n;
};
/* Start a look at time now. */
void pod_watch_begin(struct pod_watch *w);
/* Note p seen in this look; true when it has persisted for after_ms. */
bool pod_watch_note(struct pod_watch *w, const struct pod_problem *p, int64_t now, int64_t after_ms);
/* End the look: problems not seen in it are forgotten (they cleared). */
void pod_watch_end(struct pod_watch *w);
void pod_watch_free(struct pod_watch *w);

#endif
