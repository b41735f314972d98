/* warn: under GitHub Actions a warning or an error is a workflow command,
 * so it shows on the run's page as the action's core.warning and
 * core.setFailed show theirs; stderr, because stdout is the product (the
 * runner reads commands from both). */
#include "warn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "gha.h"

static bool quiet, github;

void warn_setup(bool q, bool gh)
{
	quiet = q;
	github = gh;
}

static void command(const char *cmd, const char *msg)
{
	char *esc = gha_escape_data(msg);
	fprintf(stderr, "::%s title=img-tag::%s\n", cmd, esc);
	free(esc);
}

void warn(const char *fmt, ...)
{
	if (quiet)
		return;
	char buf[4000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (github)
		command("warning", buf);
	else
		msg_warn("%s", buf);
}

void fatal(int code, const char *fmt, ...)
{
	char buf[4000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* The annotation for the run's page, then the line for the log and
	 * for anyone reading stderr as usual. */
	if (github)
		command("error", buf);
	die(code, "%s", buf);
}
