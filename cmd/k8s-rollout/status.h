/* status: kubectl's rollout-status decision for one observed Deployment,
 * plus our one deviation, documented in k8s-rollout(1): a paused
 * deployment fails fast. */
#ifndef K8S_ROLLOUT_STATUS_H
#define K8S_ROLLOUT_STATUS_H

#include <jansson.h>

enum rollout_verdict {
	RV_WAIT, /* keep watching; message is a progress line */
	RV_DONE, /* successfully rolled out */
	RV_DEADLINE, /* ProgressDeadlineExceeded */
	RV_PAUSED, /* paused with work pending */
	RV_REVISION, /* --revision differs from the running revision */
	RV_BAD, /* the object is not a usable Deployment */
};

struct rollout_state {
	enum rollout_verdict verdict;
	long long generation, observed_generation, spec_replicas;
	long long replicas, updated, ready, available;
	char message[512];
};

/* Evaluate dep; want_revision 0 = any. */
void rollout_evaluate(const json_t *dep, long long want_revision, struct rollout_state *st);
const char *rollout_result_name(enum rollout_verdict v);

#endif
