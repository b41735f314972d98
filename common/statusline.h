/* statusline: one line that says how a long wait is going, on stderr or
 * another stream: on a terminal redrawn in place (carriage return and
 * erase-line), elsewhere written as a plain line each time. */
#ifndef AGENTCI_STATUSLINE_H
#define AGENTCI_STATUSLINE_H

#include <stdbool.h>
#include <stdio.h>

struct statusline {
	FILE *fp;
	bool in_place; /* a terminal that understands \r and erase-line */
	bool drawn; /* a line is on the screen without its newline */
};

/* In place when may_redraw, fp is a terminal and TERM is set and not
 * "dumb". */
void statusline_init(struct statusline *s, FILE *fp, bool may_redraw);
/* Show line: over the one drawn before, or as a line of its own. */
void statusline_show(struct statusline *s, const char *line);
/* Before anything else goes to the stream: take a line drawn in place off
 * the screen; true when there was one. */
bool statusline_clear(struct statusline *s);

#endif
