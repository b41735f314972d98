/* gate: the end every report-writing command shares (`report` and
 * `merge`): the forecast and verdicts from the counted ledger, the refusal
 * of a report that counted no call, the report itself (stdout or -o FILE
 * atomically), GitHub Actions outputs, summary and annotations, and the
 * exit status of the gate. */
#ifndef COST_CHECK_GATE_H
#define COST_CHECK_GATE_H

#include <stdbool.h>

#include "budget.h"
#include "cli.h"
#include "color.h"
#include "report_out.h"

struct gate {
	struct budget b;
	int format; /* FMT_* */
	const char *output; /* NULL or "-": stdout */
	unsigned group_by;
	bool fail_exceed, fail_unpriced, no_github, allow_empty;
	const char *max_rejected; /* "N" or "P%", NULL when not given */
	int color; /* enum color_mode: the text report on stdout */
	bool shard; /* one shard: emptiness is judged by merge */
};

/* The gate's options, the same rows in report and merge (GATE_OPTS): they
 * bind to gate_args, which gate_setup() checks once parsing is over.
 * --color, whose value is optional, comes back to the command's switch
 * as GATE_KEY_COLOR for gate_color(). */
struct gate_args {
	const char *format, *output, *group_by, *daily, *monthly, *max_rejected;
	bool fail_exceed, fail_unpriced, allow_empty, no_github;
	int color;
};
extern struct gate_args gate_args;

enum { GATE_KEY_COLOR = CLI_KEY_TOOL + 0x80 };

/* ALLOW_EMPTY: the help of --allow-empty, which names what is read. */
#define GATE_OPTS(ALLOW_EMPTY)                                                                                       \
	OPT_STRING("format", 0, &gate_args.format, "FMT", "text (default), json or markdown"),                       \
		OPT_STRING("output", 'o', &gate_args.output, "FILE",                                                 \
			   "write the report to FILE atomically (folders created)"),                                 \
		OPT_STRING("group-by", 0, &gate_args.group_by, "LIST",                                               \
			   "tables in text/Markdown: day, month, model, route, feature"),                            \
		OPT_STRING("threshold-daily", 0, &gate_args.daily, "USD",                                            \
			   "a day costing more than USD is over budget"),                                            \
		OPT_STRING("threshold-monthly", 0, &gate_args.monthly, "USD",                                        \
			   "a month costing more than USD is over budget"),                                          \
		OPT_SET("fail-on-exceed", 0, &gate_args.fail_exceed, "exit 1 when a threshold is exceeded"),         \
		OPT_SET("fail-on-unpriced", 0, &gate_args.fail_unpriced, "exit 1 when a call's model has no price"), \
		OPT_STRING("max-rejected", 0, &gate_args.max_rejected, "N|P%",                                       \
			   "exit 1 when more than N lines (or P percent of them) are rejected"),                     \
		OPT_SET("allow-empty", 0, &gate_args.allow_empty, ALLOW_EMPTY),                                      \
		OPT_OPTARG("color", GATE_KEY_COLOR, "WHEN", COLOR_OPT_HELP),                                         \
		OPT_SET("no-github", 0, &gate_args.no_github, "no GitHub Actions outputs, summary or annotations")

/* --color[=WHEN] (a usage error when WHEN is not a mode). */
void gate_color(const char *arg);
/* gate_args into g: a usage error (exit 2) for a value that is not valid;
 * the format from -o's extension when --format is not given. */
void gate_setup(struct gate *g);

/* Judge, write and gate r (r->l, prices, options, sources and group_by
 * already set).  Exits 3 when no line was a call (unless allow_empty),
 * 4 when the report cannot be written; else returns the exit status. */
int gate_finish(const struct gate *g, struct report *r);

#endif
