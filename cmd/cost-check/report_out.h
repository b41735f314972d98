/* report_out: a run's ledger as the JSON report (the contract that scripts
 * read with jq, documented in cost-check(1)), as text, or as Markdown (the
 * step summary and PR comments). */
#ifndef COST_CHECK_REPORT_OUT_H
#define COST_CHECK_REPORT_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "budget.h"
#include "ledger.h"
#include "prices.h"

enum { GB_DAY = 1, GB_MONTH = 2, GB_MODEL = 4, GB_ROUTE = 8, GB_FEATURE = 16 };

/* One log file (or the part of it a shard read) that a report counts. */
struct source {
	char *path; /* as named; "-" for stdin */
	uint64_t size; /* the file's size (stdin: bytes read) */
	char sha256[65]; /* of the bytes read: the file, or the shard's range */
	int64_t start, end; /* byte range read; whole file: 0, size */
	bool whole;
	int shard_k, shard_n; /* 0, 0 when not sharded */
};

struct report {
	const struct ledger *l;
	const struct price_file *prices; /* [0] the table, then overrides */
	size_t nprices, entries;
	const json_t *options; /* the settings that change prices (merge compares them) */
	const struct source *sources; /* sorted by path, then start */
	size_t nsources;
	int shard_k, shard_n; /* the shard this report is, or 0, 0 */
	const struct budget *b;
	struct forecast f;
	struct verdict v;
	bool rejected_over; /* --max-rejected exceeded */
	const char *max_rejected; /* as given, or NULL */
	unsigned group_by; /* GB_*: the tables of text and Markdown */
};

/* "day,model" -> GB_DAY|GB_MODEL; -1 naming nothing known. */
int group_by_parse(const char *s);

/* The status word: over_budget, too_many_rejected or ok. */
const char *report_status(const struct report *r);
/* Sort sources by path, then start (reports list them in this order). */
void sources_sort(struct source *s, size_t n);

void report_json(FILE *fp, const struct report *r);
void report_text(FILE *fp, const struct report *r);
void report_markdown(FILE *fp, const struct report *r);

#endif
