/* plan: a canary plan — setWeight, pause (timed or until promote) and
 * analysis steps — from --steps "10:5m,25:5m,100", a YAML file, or the
 * copy stored on the VirtualService, all through one JSON form. */
#ifndef K8S_ROLLOUT_PLAN_H
#define K8S_ROLLOUT_PLAN_H

#include <jansson.h>
#include "expect.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An analysis gate (Argo Rollouts' interval/count/failureLimit). */
struct gate {
	int64_t interval_ms; /* default 10s */
	long count; /* default 1 */
	long failure_limit; /* default 0 */
	/* http: */
	char *http_url;
	struct expect *expect; /* health-wait's expectations; default 2xx */
	int64_t max_latency_ms; /* 0 = no bound */
	/* prometheus: */
	char *prom_url, *prom_query;
	bool has_max, has_min;
	double max, min;
	/* deployment: */
	char *deployment;
};

enum step_kind { STEP_WEIGHT, STEP_PAUSE, STEP_ANALYSIS };

struct step {
	enum step_kind kind;
	int weight; /* STEP_WEIGHT */
	int64_t pause_ms; /* STEP_PAUSE; -1 = until promote */
	struct gate gate; /* STEP_ANALYSIS */
};

struct plan {
	struct step *v;
	size_t n;
	json_t *json; /* the canonical list, as stored */
	char digest[65]; /* sha256 of its compact text */
};

int plan_from_steps(const char *spec, struct plan *p, char *err, size_t errlen);
int plan_from_file(const char *path, struct plan *p, char *err, size_t errlen);
/* From a JSON list of steps (takes a reference of its own). */
int plan_from_json(json_t *steps, struct plan *p, char *err, size_t errlen);
void plan_free(struct plan *p);

/* An analysis mapping ({interval, count, failureLimit, http|prometheus|deployment}). */
int gate_from_json(const json_t *a, struct gate *g, char *err, size_t errlen);
void gate_free(struct gate *g);

#endif
