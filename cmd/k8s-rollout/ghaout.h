/* ghaout: k8s-rollout in a GitHub Actions step — errors also as ::error
 * workflow commands, results as step outputs, one summary line; on when
 * GITHUB_ACTIONS=true unless --no-github. */
#ifndef K8S_ROLLOUT_GHAOUT_H
#define K8S_ROLLOUT_GHAOUT_H

#include <stdbool.h>

void ghaout_init(bool enabled, const char *command);
/* msg_error, plus an ::error command when enabled.  Every error of the
 * tool goes through here. */
void kerror(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* kerror for a failed verdict: phrase ("timed out") in the error colour
 * on a terminal. */
void kfail(const char *phrase, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
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
