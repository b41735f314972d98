/* report_out: a run's ledger as the JSON report (the contract that scripts
 * read with jq, documented in cost-check(1)), as text, or as Markdown (the
 * step summary and PR comments). */
#ifndef COST_CHECK_REPORT_OUT_H
#define COST_CHECK_REPORT_OUT_H

#include <stdio.h>

#include "budget.h"
#include "ledger.h"
#include "prices.h"

enum { GB_DAY = 1, GB_MONTH = 2, GB_MODEL = 4, GB_ROUTE = 8, GB_FEATURE = 16 };

struct report {
	const struct ledger *l;
	const struct price_table *pt;
	const struct budget *b;
	struct forecast f;
	struct verdict v;
	unsigned group_by;           /* GB_*: the tables of text and Markdown */
};

/* "day,model" -> GB_DAY|GB_MODEL; -1 naming nothing known. */
int group_by_parse(const char *s);

void report_json(FILE *fp, const struct report *r);
void report_text(FILE *fp, const struct report *r);
void report_markdown(FILE *fp, const struct report *r);

#endif
