/* status: the line that tells how a long wait is going, so that a 5-minute
 * wait is not 5 silent minutes: "3 of 4 healthy; api: 503 (attempt 7);
 * 1m10s left".  Written on stderr at most every STATUS_EVERY_MS; on a
 * terminal it is redrawn in place, elsewhere it is one line each time. */
#ifndef HW_STATUS_H
#define HW_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "statusline.h"
#include "wait.h"

#define STATUS_EVERY_MS 10000

struct status {
	struct statusline line;
	bool on; /* not -q */
	int64_t next_ms; /* when the next line is due (monotonic) */
};

/* The first line is due STATUS_EVERY_MS after start. */
void status_init(struct status *s, FILE *fp, bool on, int64_t start_ms);

/* The line for run at elapsed_ms, with left_ms of the deadline (< 0: no
 * deadline). */
void status_format(const struct wait_run *run, bool any, int64_t elapsed_ms, int64_t left_ms, char *buf, size_t len);

/* Write the line when it is due. */
void status_tick(struct status *s, const struct wait_run *run, bool any, int64_t now_ms, int64_t start_ms,
		 int64_t deadline_ms);

/* Before anything else goes to the stream: take a line drawn in place
 * off the screen; true when there was one (status_redraw puts it back
 * under what was written). */
bool status_clear(struct status *s);
void status_redraw(struct status *s, const struct wait_run *run, bool any, int64_t now_ms, int64_t start_ms,
		   int64_t deadline_ms);

#endif
