/* failfast: --fail-fast for the commands that wait for a rollout.  Once a
 * second the pods of the deployment's new ReplicaSet are listed; a problem
 * (podcheck.h) seen for --fail-fast-after ends the wait with the pod, the
 * container, the reason, the message and, for a crashing container, the
 * tail of its previous run's log. */
#ifndef K8S_ROLLOUT_FAILFAST_H
#define K8S_ROLLOUT_FAILFAST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "podcheck.h"

/* How often the pods are looked at. */
#define FAILFAST_POLL_MS 1000

struct failfast {
	long long generation; /* of the deployment the new ReplicaSet was found for */
	char *rs_uid; /* that ReplicaSet, NULL until it exists */
	char *pod_selector; /* its selector as a query */
	struct pod_watch seen;
	int64_t next; /* monotonic ms of the next look */
	bool off; /* the pods cannot be read: said once, then kubectl's wait */
};

struct rollout_failure {
	struct pod_problem p;
	char *log_tail; /* previous run's last lines, or NULL */
};

/* Look at the pods of dep's new ReplicaSet when a look is due: true and *f
 * when one has failed the rollout. */
bool failfast_look(struct app *a, struct failfast *ff, const json_t *dep, struct rollout_failure *f);
/* The failure on stderr (the first line also as ::error and in the step
 * summary under GitHub Actions). */
void failfast_report(const char *deployment, const struct rollout_failure *f);
/* {"reason","pod","container","message","exit_code","log_tail"}. */
json_t *failure_json(const struct rollout_failure *f);
void failure_free(struct rollout_failure *f);
void failfast_free(struct failfast *ff);

#endif
