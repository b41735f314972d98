/* moment: an instant in an IANA time zone (the system tz database), and
 * moment.js format strings in the "en" locale — the dates of the
 * {{date}} and {{commit_date}} template helpers. */
#ifndef IMG_TAG_MOMENT_H
#define IMG_TAG_MOMENT_H

#include <stddef.h>
#include <stdint.h>

struct zoned {
	int64_t unix_ms;
	int64_t year;
	int month; /* 0-11 */
	int day; /* 1-31 */
	int hour, min, sec, ms;
	int wday; /* 0 = Sunday */
	int yday; /* 0-based */
	long offset_s; /* east of UTC */
	char abbr[16]; /* "JST", "UTC", "+0530" */
};

/* Break unix_ms down in zone ("Asia/Tokyo", "UTC"; names are matched
 * case-insensitively like moment-timezone does).  0, or -1 with err when
 * the zone is not in the tz database. */
int zoned_time(int64_t unix_ms, const char *zone, struct zoned *z, char *err, size_t errlen);

/* Format like moment's format(): fmt NULL means its default format
 * ("YYYY-MM-DDTHH:mm:ss[Z]" at offset 0, else "YYYY-MM-DDTHH:mm:ssZ").
 * malloc'd. */
char *moment_format(const struct zoned *z, const char *fmt);

#endif
