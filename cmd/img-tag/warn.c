/* warn: under GitHub Actions a warning is a workflow command, so it shows
 * on the run's page as the action's core.warning does; stderr, because
 * stdout is the product (the runner reads commands from both). */
#include "warn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "gha.h"

static enum warn_mode mode = WARN_TEXT;

void warn_set_mode(enum warn_mode m)
{
	mode = m;
}

void warn(const char *fmt, ...)
{
	if (mode == WARN_QUIET)
		return;
	char buf[4000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (mode == WARN_TEXT) {
		msg_warn("%s", buf);
		return;
	}
	char *esc = gha_escape_data(buf);
	fprintf(stderr, "::warning title=img-tag::%s\n", esc);
	free(esc);
}
