/* schedule: pure arithmetic, no clock and no randomness of its own, so the
 * unit tests can pin every case. */
#include "schedule.h"

enum health sched_record(const struct sched_cfg *c, struct sched *s, enum outcome o)
{
	s->attempts++;
	if (o == OUT_PASS) {
		s->passes++;
		s->definitive = 0;
		s->misses = 0;
		if (s->passes >= c->success_threshold)
			s->health = H_HEALTHY;
		return s->health;
	}
	s->passes = 0;
	s->misses++;
	if (o == OUT_DEFINITIVE)
		s->definitive++;
	if (c->failure_threshold > 0 && s->definitive >= c->failure_threshold)
		s->health = H_FAILED;
	else
		s->health = H_PENDING;
	return s->health;
}

int64_t sched_pause(const struct sched_cfg *c, const struct sched *s, double unit)
{
	int64_t d = c->interval_ms;
	if (c->exponential && s->misses > 1) {
		/* interval, 2x, 4x, ... from the second miss in a row */
		for (int i = 1; i < s->misses && d < c->max_interval_ms; i++)
			d *= 2;
		if (d > c->max_interval_ms)
			d = c->max_interval_ms;
	}
	if (c->jitter && d > 0)
		d = (int64_t)((double)d * (0.8 + 0.4 * unit));
	return d;
}

int64_t sched_honour(const struct sched_cfg *c, int64_t pause, int64_t asked_ms)
{
	if (asked_ms > c->max_interval_ms)
		asked_ms = c->max_interval_ms;
	return asked_ms > pause ? asked_ms : pause;
}
