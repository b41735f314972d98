/* statusline: a progress line redrawn in place on a terminal. */
#include "statusline.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void statusline_init(struct statusline *s, FILE *fp, bool may_redraw)
{
	const char *term = getenv("TERM");
	*s = (struct statusline){.fp = fp};
	s->in_place = may_redraw && isatty(fileno(fp)) == 1 && term && *term && strcmp(term, "dumb") != 0;
}

void statusline_show(struct statusline *s, const char *line)
{
	if (s->in_place) {
		fprintf(s->fp, "\r\033[K%s", line);
		s->drawn = true;
	} else {
		fprintf(s->fp, "%s\n", line);
	}
	fflush(s->fp);
}

bool statusline_clear(struct statusline *s)
{
	if (!s->drawn)
		return false;
	fputs("\r\033[K", s->fp);
	fflush(s->fp);
	s->drawn = false;
	return true;
}
