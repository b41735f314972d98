/* timeutil: clocks, RFC 3339 text, and UTC day/month buckets. */
#ifndef AGENTCI_TIMEUTIL_H
#define AGENTCI_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Milliseconds on the monotonic clock. */
int64_t mono_ms(void);
/* Sleep for ms milliseconds; returns -1 early when a signal arrives (so a
 * SIGINT handler's flag is seen promptly), else 0. */
int sleep_ms(int64_t ms);

/* Parse "2026-03-01T12:00:00Z", "...T12:00:00.123+02:00", "2026-03-01 12:00:00"
 * (space allowed, as many logs write it), and "2026-03-01" (midnight UTC).
 * Nanoseconds go to *ns when not NULL.  0 on success. */
int rfc3339_parse(const char *s, int64_t *unix_s, int32_t *ns);
/* "2026-03-01T12:00:00Z" (UTC, seconds); buf at least 21 bytes. */
void rfc3339_format(int64_t unix_s, char *buf, size_t len);

/* Civil date <-> days since 1970-01-01, valid for all int32 years. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
/* "YYYY-MM-DD" / "YYYY-MM" of a UTC instant. */
void utc_day(int64_t unix_s, char buf[11]);
void utc_month(int64_t unix_s, char buf[8]);
int days_in_month(int64_t year, unsigned month);
bool leap_year(int64_t year);

/* Now, or SOURCE_DATE_EPOCH when set (reproducible builds). */
int64_t now_unix(void);

#endif
