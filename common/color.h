/* color: ANSI colour for severities and verdicts, only where a person reads
 * it.  --color=auto|always|never; in auto mode colour needs a terminal,
 * NO_COLOR unset or empty (no-color.org) and TERM set and not "dumb".
 * JSON, SARIF and anything piped stay plain: callers decide per stream. */
#ifndef AGENTCI_COLOR_H
#define AGENTCI_COLOR_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* What a coloured word means; each has one colour in every tool. */
enum color_role {
	COLOR_ERROR, /* error severity, failed verdict: bold red */
	COLOR_WARNING, /* warning severity, degraded verdict: bold magenta */
	COLOR_NOTE, /* note severity: bold cyan */
	COLOR_OK, /* passing verdict: bold green */
	COLOR_BOLD, /* emphasis without a meaning */
};

/* The help line of the --color option, the same in every tool. */
#define COLOR_OPT_HELP "colour severities and verdicts: auto (on a terminal), always, never"

/* "auto", "always", "never" -> mode; NULL (a bare --color) is always, as
 * for ls and git.  -1 when not one of them. */
int color_parse_mode(const char *s);

/* Whether output written to fd should be coloured under mode. */
bool color_wanted(enum color_mode mode, int fd);

/* Decide once for a stream (stdout or stderr) and remember the answer for
 * the printing functions below; returns it.  Streams never initialised
 * are plain. */
bool color_init(enum color_mode mode, int fd);
bool color_enabled(FILE *fp);

/* The escape that starts role, and the one that ends it, for fp: "" when
 * fp is plain.  For building lines with printf. */
const char *color_on(FILE *fp, enum color_role role);
const char *color_off(FILE *fp);

/* Write word in role's colour (plain when fp is plain). */
void color_fputs(FILE *fp, enum color_role role, const char *word);

enum color_role color_for_severity(enum severity sev);

#endif
