/* diag: a finding (file, line, col, severity, rule, message), its
 * compiler-style text and GitHub command, and the --format names. */
#ifndef AGENTCI_DIAG_H
#define AGENTCI_DIAG_H

#include <jansson.h> /* prompt-lint's main.c gets jansson through here */
#include <stdbool.h>
#include <stdio.h>

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

struct finding {
	char *file;
	int line, col; /* 1-based; 0 = unknown */
	enum severity sev;
	char *rule; /* stable id, may be NULL */
	char *message;
};

enum out_format { FMT_TEXT, FMT_JSON, FMT_GITHUB, FMT_SARIF, FMT_MARKDOWN };

const char *severity_name(enum severity s);
/* "text", "json", ... -> format; -1 when not one of allowed (a bitmask of
 * 1 << FMT_*). */
int parse_format(const char *s, unsigned allowed);

/* path:line:col: severity: message [rule] */
void diag_print_text(FILE *fp, const struct finding *f);
/* ::error file=…,line=…,col=…,title=rule::message */
void diag_print_github(FILE *fp, const struct finding *f);

#endif
