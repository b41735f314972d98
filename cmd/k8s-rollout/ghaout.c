/* ghaout: GitHub Actions outputs for k8s-rollout. */
#include "ghaout.h"
#include "cli.h"
#include "gha.h"

#include <stdio.h>
#include <stdlib.h>

static bool on;
static const char *cmd = "", *sub;

void ghaout_init(bool enabled, const char *command, const char *subcommand)
{
	on = enabled;
	cmd = command;
	sub = subcommand;
	/* Every error is also an ::error command, titled with the command. */
	static char title[64];
	snprintf(title, sizeof title, "%s %s", cli_prog(), command);
	msg_annotate(on, title);
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
	char *target = sub ? xasprintf(" %s", sub) : xstrdup("");
	for (int i = 0; i < argc; i++) {
		char *t = xasprintf("%s %s", target, argv[i]);
		free(target);
		target = t;
	}
	static const char *meaning[] = {"done",     "failed", "usage error", "input error", "environment error",
					"timed out"};
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
