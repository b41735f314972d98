/* wait: the loop — attempts on every target at once, each judged by the
 * expectations and counted by the schedule, until the targets are healthy,
 * one fails definitively, the deadline passes or a signal arrives. */
#ifndef HW_WAIT_H
#define HW_WAIT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "expect.h"
#include "probe.h"
#include "schedule.h"

struct target {
	const char *url;
	const char *name; /* url as shown, without a password */
	struct probe *probe;
	struct sched st;
	bool running, judged; /* judged: at least one attempt ended */
	bool clamped; /* the running attempt's limit is the run's deadline */
	long status; /* last HTTP status, 0 when none */
	bool truncated; /* the last body was cut at --max-body */
	char reason[320]; /* last observation in plain words */
	char shown[400]; /* the picture last printed as progress */
	int64_t next_ms; /* when the next attempt may start (monotonic) */
	int64_t started_ms; /* when the running attempt started */
	int64_t done_ms; /* elapsed when it became healthy or failed */
};

enum verdict { V_HEALTHY, V_FAILED, V_TIMEOUT, V_INTERRUPTED, V_ENV };

struct wait_cfg {
	struct sched_cfg sched;
	int64_t timeout_ms; /* 0 = no deadline */
	int64_t attempt_timeout_ms;
	int64_t initial_delay_ms;
	bool any; /* one healthy target is enough */
	bool progress; /* progress lines on stderr */
	struct expect *expect; /* its jq time limit is set per attempt */
};

struct wait_run {
	struct target *t;
	size_t n;
	enum verdict verdict;
	int64_t elapsed_ms;
	int signal; /* with V_INTERRUPTED */
	char env_error[320]; /* with V_ENV */
};

/* Set by the SIGINT/SIGTERM handler the caller installs. */
extern volatile sig_atomic_t wait_stop_signal;

/* Run the loop over run->t (url and name set, the rest zeroed). */
void wait_run(const struct wait_cfg *cfg, struct prober *pr, struct wait_run *run);

#endif
