/* report: the last word of a run — a summary on stderr, the JSON object on
 * stdout, and GitHub Actions outputs, annotations and step summary. */
#ifndef HW_REPORT_H
#define HW_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "wait.h"

/* "healthy", "failed", "timeout", "interrupted", "error" */
const char *verdict_name(enum verdict v);
/* "healthy", "unhealthy", "failed" */
const char *target_state(const struct target *t);

/* Summary lines on fp; quiet keeps only what explains a failure.  An
 * environment error (V_ENV) is the caller's to say, with msg_error. */
void report_text(FILE *fp, const struct wait_run *run, bool any, bool quiet);
/* One JSON object on fp. */
void report_json(FILE *fp, const struct wait_run *run, bool any);
/* ::error workflow commands on fp for every target that is not healthy.
 * With product (--format github: they are the output), a ::notice line
 * when the run ended healthy, and the ::error of an environment error,
 * which otherwise msg_error annotates. */
void report_annotations(FILE *fp, const struct wait_run *run, bool any, bool product);
/* $GITHUB_OUTPUT (healthy, result, elapsed-ms) and a step summary table;
 * -1 when a file cannot be written. */
int report_github_files(const struct wait_run *run);

#endif
