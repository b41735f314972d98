/* progress: the status line of a long wait (a rollout, a canary's pause or
 * analysis), so that a 10-minute wait is not 10 silent minutes: "2 of 3
 * updated; web: 1 unavailable (no change for 40s); 1m10s left".  On
 * stderr at most every PROGRESS_EVERY_MS while nothing changes; redrawn in
 * place on a terminal, one plain line each time elsewhere; off with -q.
 * Lines that say a change go through progress_say, so that they land
 * above a line drawn in place. */
#ifndef K8S_ROLLOUT_PROGRESS_H
#define K8S_ROLLOUT_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROGRESS_EVERY_MS 10000

/* Writes the current status line into buf. */
typedef void progress_fn(void *ud, char *buf, size_t len);

/* Once, in main: on unless -q; in place when stderr is a terminal that
 * understands \r and erase-line, and requests are not logged (-v). */
void progress_init(bool on, bool verbose);

/* A wait starts: fn describes it from now on; the first line is due
 * PROGRESS_EVERY_MS from now.  progress_end takes a drawn line off the
 * screen and forgets fn. */
void progress_begin(progress_fn *fn, void *ud);
void progress_end(void);

/* Write the line when it is due. */
void progress_tick(void);

/* A line that says what changed, on fp (stderr for progress, stdout for
 * a verdict): above the status line on a terminal, and the next status
 * line is due PROGRESS_EVERY_MS later. */
void progress_say(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Before an error or anything else on stderr: take a drawn line off. */
void progress_clear(void);

/* sleep_ms in slices that keep the status line going. */
void progress_sleep(int64_t ms);

#endif
