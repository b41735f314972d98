/* schedule: the probe arithmetic of one target — consecutive successes
 * and failures against their thresholds (Kubernetes' successThreshold and
 * failureThreshold), and the pause before the next attempt. */
#ifndef HW_SCHEDULE_H
#define HW_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

struct sched_cfg {
	int64_t interval_ms;
	int64_t max_interval_ms; /* cap of the exponential backoff */
	bool exponential;
	bool jitter; /* +-20% on each pause */
	int success_threshold; /* >= 1 */
	int failure_threshold; /* 0 = never give up early */
};

enum outcome {
	OUT_PASS,
	OUT_NOT_YET, /* no answer, or an answer that means "later" (503...) */
	OUT_DEFINITIVE, /* the service answered, and the answer is wrong */
};

enum health { H_PENDING, H_HEALTHY, H_FAILED };

struct sched {
	int attempts;
	int passes; /* consecutive */
	int definitive; /* consecutive definitive failures */
	int misses; /* consecutive non-passes of any kind, for backoff */
	enum health health;
};

/* Count one attempt's outcome; returns the new health.  A not-yet outcome
 * breaks a run of passes but neither counts toward nor resets the
 * definitive failures: a restart between two "unhealthy" answers does not
 * make the service healthier. */
enum health sched_record(const struct sched_cfg *c, struct sched *s, enum outcome o);

/* Pause before the next attempt; unit is a uniform random number in
 * [0, 1) for the jitter. */
int64_t sched_pause(const struct sched_cfg *c, const struct sched *s, double unit);

/* The pause when the server asked for asked_ms (its Retry-After): at least
 * that, within the max_interval_ms ceiling, and never less than pause. */
int64_t sched_honour(const struct sched_cfg *c, int64_t pause, int64_t asked_ms);

#endif
