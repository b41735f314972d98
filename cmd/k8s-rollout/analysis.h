/* analysis: run a gate — count measurements, interval apart, failing when
 * failures exceed failureLimit — printing each measurement on stderr. */
#ifndef K8S_ROLLOUT_ANALYSIS_H
#define K8S_ROLLOUT_ANALYSIS_H

#include "app.h"
#include "plan.h"

/* EXIT_OK when the gate passes, EXIT_FAIL when it fails (the failing
 * measurement is in last, e.g. "HTTP 500 from http://..."). */
int gate_run(struct app *a, const struct gate *g, char *last, size_t lastlen);
/* One measurement (exposed for the unit tests of the verdicts):
 * true when it passes; what holds the status code or value seen. */
bool measure_http_verdict(const struct gate *g, long status, const char *body, size_t len, int64_t ms, char *what,
			  size_t whatlen);
bool measure_prom_verdict(const struct gate *g, const char *body, size_t len, char *what, size_t whatlen);

#endif
