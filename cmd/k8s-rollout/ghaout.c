/* ghaout: GitHub Actions outputs for k8s-rollout. */
#include "ghaout.h"
#include "cli.h"
#include "gha.h"
#include "progress.h"
#include "verdict.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static bool on;
static const char *cmd = "";

void ghaout_init(bool enabled, const char *command)
{
	on = enabled;
	cmd = command;
}

/* The message on stderr, with phrase (when not NULL) in the error colour;
 * the ::error command always plain. */
static void report(const char *phrase, const char *fmt, va_list ap)
{
	char buf[2048], painted[2100];
	vsnprintf(buf, sizeof buf, fmt, ap);
	progress_clear();
	msg_error("%s", phrase ? verdict_paint(stderr, COLOR_ERROR, buf, phrase, painted, sizeof painted) : buf);
	if (on) {
		char *data = gha_escape_data(buf);
		fprintf(stderr, "::error title=k8s-rollout %s::%s\n", cmd, data);
		free(data);
	}
}

void kerror(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(NULL, fmt, ap);
	va_end(ap);
}

void kfail(const char *phrase, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(phrase, fmt, ap);
	va_end(ap);
}

void ghaout_set(const char *name, const char *value)
{
	if (on && gha_set_output(name, value) != 0)
		msg_warn("cannot write the step output %s to $GITHUB_OUTPUT", name);
}

bool ghaout_enabled(void)
{
	return on;
}

void ghaout_note(const char *md)
{
	if (on && gha_summary(md) != 0)
		msg_warn("cannot append to $GITHUB_STEP_SUMMARY");
}

void ghaout_finish(int argc, char **argv, int rc)
{
	if (!on)
		return;
	/* The command's arguments as given (names, images, weights: never
	 * credentials, which only come in options). */
	char *target = xstrdup("");
	for (int i = 0; i < argc; i++) {
		char *t = xasprintf("%s %s", target, argv[i]);
		free(target);
		target = t;
	}
	static const char *meaning[] = {"done", "failed", "usage error", "input error", "environment error", "timed out"};
	char code[8];
	snprintf(code, sizeof code, "%d", rc);
	ghaout_set("exit-code", code);
	char *md = xasprintf("- `k8s-rollout %s%s`: %s (exit %d)\n", cmd, target,
			     rc >= 0 && rc <= 5 ? meaning[rc] : "error", rc);
	free(target);
	if (gha_summary(md) != 0)
		msg_warn("cannot append to $GITHUB_STEP_SUMMARY");
	free(md);
}
