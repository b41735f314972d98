/* ghaout: k8s-rollout in a GitHub Actions step — errors also as ::error
 * workflow commands (common/msg.h), results as step outputs, one summary
 * line; on when GITHUB_ACTIONS=true unless --no-github. */
#ifndef K8S_ROLLOUT_GHAOUT_H
#define K8S_ROLLOUT_GHAOUT_H

#include <stdbool.h>

/* command, and subcommand (canary's, or NULL), for the summary line and
 * the title of the ::error commands msg_error writes when enabled. */
void ghaout_init(bool enabled, const char *command, const char *subcommand);
/* A step output (name=value in $GITHUB_OUTPUT) when enabled. */
void ghaout_set(const char *name, const char *value);
/* Whether GitHub Actions output is on. */
bool ghaout_enabled(void);
/* Markdown for the step summary, written before the closing line. */
void ghaout_note(const char *md);
/* The closing summary line (the command and its ARGC arguments) and the
 * exit-code output. */
void ghaout_finish(int argc, char **argv, int rc);

#endif
