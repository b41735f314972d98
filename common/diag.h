/* diag: findings (file, line, col, severity, rule, message) and the
 * renderers every tool uses: compiler-style text, JSON, GitHub commands. */
#ifndef AGENTCI_DIAG_H
#define AGENTCI_DIAG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

struct finding {
	char *file;
	int line, col;          /* 1-based; 0 = unknown */
	enum severity sev;
	char *rule;             /* stable id, may be NULL */
	char *message;
};

struct findings {
	struct finding *v;
	size_t n, cap;
};

enum out_format { FMT_TEXT, FMT_JSON, FMT_GITHUB, FMT_SARIF, FMT_MARKDOWN };

const char *severity_name(enum severity s);
/* "text", "json", ... -> format; -1 when not one of allowed (a bitmask of
 * 1 << FMT_*). */
int parse_format(const char *s, unsigned allowed);

void findings_add(struct findings *fs, const char *file, int line, int col, enum severity sev,
		  const char *rule, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
size_t findings_count(const struct findings *fs, enum severity sev);
/* Stable order: file, line, col, rule. */
void findings_sort(struct findings *fs);
void findings_free(struct findings *fs);

/* path:line:col: severity: message [rule] */
void diag_print_text(FILE *fp, const struct finding *f);
/* {"file","line","col","severity","rule","message"} */
json_t *diag_to_json(const struct finding *f);
/* ::error file=…,line=…,col=…,title=rule::message */
void diag_print_github(FILE *fp, const struct finding *f);

#endif
