/* status: the rollout-status decision for one Deployment. */
#include "status.h"
#include "json.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *progressing_reason(const json_t *status)
{
	json_t *conds = json_object_get(status, "conditions"), *c;
	size_t i;
	json_array_foreach(conds, i, c) {
		if (!strcmp(json_get_str(c, "type", ""), "Progressing"))
			return json_get_str(c, "reason", "");
	}
	return "";
}

void rollout_evaluate(const json_t *dep, long long want_revision, struct rollout_state *st)
{
	memset(st, 0, sizeof *st);
	json_t *meta = json_object_get(dep, "metadata"), *spec = json_object_get(dep, "spec"),
	       *status = json_object_get(dep, "status");
	const char *name = json_get_str(meta, "name", "");
	if (!json_is_object(meta) || !json_is_object(spec)) {
		st->verdict = RV_BAD;
		snprintf(st->message, sizeof st->message, "the server sent an object that is not a Deployment");
		return;
	}
	st->generation = json_get_int(meta, "generation", 0);
	st->observed_generation = json_get_int(status, "observedGeneration", 0);
	json_t *sr = json_object_get(spec, "replicas");
	st->spec_replicas = json_is_integer(sr) ? json_integer_value(sr) : -1;
	st->replicas = json_get_int(status, "replicas", 0);
	st->updated = json_get_int(status, "updatedReplicas", 0);
	st->ready = json_get_int(status, "readyReplicas", 0);
	st->available = json_get_int(status, "availableReplicas", 0);

	if (want_revision > 0) {
		const char *rev =
			json_get_str(json_object_get(meta, "annotations"), "deployment.kubernetes.io/revision", "0");
		char *end;
		long long running = strtoll(rev, &end, 10);
		if (*end || end == rev) {
			st->verdict = RV_BAD;
			snprintf(st->message, sizeof st->message, "cannot parse the revision annotation \"%s\"", rev);
			return;
		}
		if (running != want_revision) {
			st->verdict = RV_REVISION;
			snprintf(st->message, sizeof st->message,
				 "desired revision (%lld) is different from the running revision (%lld)", want_revision,
				 running);
			return;
		}
	}
	if (st->generation > st->observed_generation) {
		st->verdict = RV_WAIT;
		snprintf(st->message, sizeof st->message, "Waiting for deployment spec update to be observed...");
		return;
	}
	if (!strcmp(progressing_reason(status), "ProgressDeadlineExceeded")) {
		st->verdict = RV_DEADLINE;
		snprintf(st->message, sizeof st->message, "deployment \"%s\" exceeded its progress deadline", name);
		return;
	}
	st->verdict = RV_WAIT;
	if (st->spec_replicas >= 0 && st->updated < st->spec_replicas)
		snprintf(st->message, sizeof st->message,
			 "Waiting for deployment \"%s\" rollout to finish: %lld out of %lld new replicas have been "
			 "updated...",
			 name, st->updated, st->spec_replicas);
	else if (st->replicas > st->updated)
		snprintf(
			st->message, sizeof st->message,
			"Waiting for deployment \"%s\" rollout to finish: %lld old replicas are pending termination...",
			name, st->replicas - st->updated);
	else if (st->available < st->updated)
		snprintf(st->message, sizeof st->message,
			 "Waiting for deployment \"%s\" rollout to finish: %lld of %lld updated replicas are "
			 "available...",
			 name, st->available, st->updated);
	else {
		st->verdict = RV_DONE;
		snprintf(st->message, sizeof st->message, "deployment \"%s\" successfully rolled out", name);
		return;
	}
	/* Deviation from kubectl (k8s-rollout(1)): a paused deployment with work
	 * left never finishes, so say so now instead of at --timeout. */
	if (json_is_true(json_object_get(spec, "paused"))) {
		st->verdict = RV_PAUSED;
		snprintf(st->message, sizeof st->message,
			 "deployment \"%s\" is paused and its rollout cannot finish; resume it with "
			 "'kubectl rollout resume deployment/%s'",
			 name, name);
	}
}

const char *rollout_result_name(enum rollout_verdict v)
{
	switch (v) {
	case RV_DONE: return "rolled_out";
	case RV_DEADLINE: return "deadline_exceeded";
	case RV_PAUSED: return "paused";
	case RV_REVISION: return "revision_mismatch";
	case RV_BAD: return "error";
	case RV_WAIT: break;
	}
	return "waiting";
}
