/* gate: the end every report-writing command shares (`report` and
 * `merge`): the forecast and verdicts from the counted ledger, the refusal
 * of a report that counted no call, the report itself (stdout or -o FILE
 * atomically), GitHub Actions outputs, summary and annotations, and the
 * exit status of the gate. */
#ifndef COST_CHECK_GATE_H
#define COST_CHECK_GATE_H

#include <stdbool.h>

#include "budget.h"
#include "report_out.h"

struct gate {
	struct budget b;
	int format;                  /* FMT_* */
	const char *output;          /* NULL or "-": stdout */
	unsigned group_by;
	bool fail_exceed, fail_unpriced, no_github, allow_empty;
	const char *max_rejected;    /* "N" or "P%", NULL when not given */
	int color;                   /* enum color_mode: the text report on stdout */
	bool shard;                  /* one shard: emptiness is judged by merge */
};

/* Is s a --max-rejected value (a count N or a percentage P%)? */
bool max_rejected_valid(const char *s);

/* Judge, write and gate r (r->l, prices, options, sources and group_by
 * already set).  Exits 3 when no line was a call (unless allow_empty),
 * 4 when the report cannot be written; else returns the exit status. */
int gate_finish(const struct gate *g, struct report *r);

#endif
