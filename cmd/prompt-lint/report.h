/* report: the findings of a run in each --format (text, json, github,
 * sarif), the --versions table (text, markdown, json), and the GitHub
 * Actions step summary and outputs. */
#ifndef PL_REPORT_H
#define PL_REPORT_H

#include <stdio.h>

#include "diag.h"
#include "pfile.h"

struct run {
	struct pfile **files;
	size_t n;
	size_t errors, warnings, notes, skipped;
	size_t tokens;
};

void run_count(struct run *r);
/* A file's findings in report order (line, column, rule code). */
void report_sort(struct pfile *pf);

/* "s" unless n is 1: "1 error", "2 errors". */
static inline const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void report_text(FILE *fp, const struct run *r);
void report_github(FILE *fp, const struct run *r);
void report_json(FILE *fp, const struct run *r);
/* One file's object as report_json writes it (pf sorted), malloc'd: made
 * beside the lint on the worker threads, where it costs no wall time. */
char *report_json_file(const struct pfile *pf);
void report_sarif(FILE *fp, const struct run *r);

/* fmt is FMT_TEXT, FMT_MARKDOWN or FMT_JSON. */
void report_versions(FILE *fp, const struct run *r, enum out_format fmt);

/* Step summary (findings table and versions) and outputs; 0 or -1. */
int report_gha(const struct run *r, bool versions_only);

#endif
