/* verdict: the phrase that carries a command's verdict ("successfully
 * rolled out", "timed out", "aborted") in its colour where a person reads
 * it; streams are decided once in main (common/color.h). */
#ifndef K8S_ROLLOUT_VERDICT_H
#define K8S_ROLLOUT_VERDICT_H

#include <stddef.h>
#include <stdio.h>

#include "color.h"

/* text with the first phrase in it in role's colour, into buf; text
 * itself when fp is plain or phrase is not in it. */
const char *verdict_paint(FILE *fp, enum color_role role, const char *text, const char *phrase, char *buf, size_t len);

/* msg_error for a failed verdict: phrase ("timed out") in the error
 * colour on a terminal.  Under GitHub Actions the line stays plain, as
 * its ::error command must. */
void verdict_fail(const char *phrase, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An outcome line on stdout ("service/shop switched: ..."), phrase in
 * role's colour, written above a status line drawn in place. */
void verdict_say(enum color_role role, const char *phrase, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
