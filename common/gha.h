/* gha: GitHub Actions integration — outputs, environment, step summary and
 * masks, on when GITHUB_ACTIONS=true unless --no-github. */
#ifndef AGENTCI_GHA_H
#define AGENTCI_GHA_H

#include <stdbool.h>
#include <stdio.h>

/* True when GITHUB_ACTIONS=true and the user did not pass --no-github. */
bool gha_enabled(bool no_github);

/* Append name=value to $GITHUB_OUTPUT (or $GITHUB_ENV).  Multi-line values
 * use a random heredoc delimiter that does not occur in the value.
 * 0 on success, 0 as well when the variable is unset (nothing to do),
 * -1 with errno on a write error. */
int gha_set_output(const char *name, const char *value);
int gha_set_env(const char *name, const char *value);
/* Append Markdown to $GITHUB_STEP_SUMMARY. */
int gha_summary(const char *markdown);
/* s as the text of a Markdown table cell in a summary: a '|' escaped, a
 * line break (which would end the row) turned into a space. */
void gha_md_cell(FILE *fp, const char *s);
/* ::add-mask::value on stdout, each line masked separately. */
void gha_mask(const char *secret);
/* The same onto fp: stderr for a tool whose stdout is its product (the
 * runner reads workflow commands from both streams). */
void gha_mask_fp(FILE *fp, const char *secret);

/* Workflow-command escaping: data escapes %, \r, \n; properties also : and ,.
 * Return malloc'd strings. */
char *gha_escape_data(const char *s);
char *gha_escape_property(const char *s);

/* One name=value record in the file-command format (a heredoc for a
 * multi-line value), for a tool that appends several records at once.
 * malloc'd. */
char *gha_kv_record(const char *name, const char *value);
/* The file-command format, exposed for tests: appends to path. */
int gha_append_kv(const char *path, const char *name, const char *value);

#endif
