/* strutils: the value syntaxes every tool shares — durations, sizes, whole
 * numbers and lists — read from and written to text. */
#ifndef AGENTCI_STRUTILS_H
#define AGENTCI_STRUTILS_H

#include <stddef.h>
#include <stdint.h>

/* Durations: "500ms", "10s", "5m", "1h", "1h30m", "1.5s"; a bare number is
 * seconds.  Sizes: "64KiB", "1MiB", "10MB", "512"; bytes. 0 on success. */
int parse_duration_ms(const char *s, int64_t *ms);
int parse_size(const char *s, uint64_t *bytes);
/* Whole decimal number in [min, max]. 0 on success. */
int parse_int(const char *s, long long min, long long max, long long *out);
/* Format a duration as "1.5s", "250ms", "2m5s" into buf. */
void format_duration(int64_t ms, char *buf, size_t len);
/* Whole seconds, rounded up, for a countdown: "45s", "1m10s", "2h5m". */
void format_seconds(int64_t ms, char *buf, size_t len);

/* Split on any char of seps (e.g. ",\n"), trimming blanks around items and
 * skipping empty ones.  NULL-terminated vector; *n gets the count. */
char **split_list(const char *s, const char *seps, size_t *n);
void strv_free(char **v);

#endif
