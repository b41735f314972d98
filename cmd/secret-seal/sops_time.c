/* sops_time: go-yaml's timestamp forms to Go's time.MarshalText. */
#include "sops_time.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "timeutil.h"

/* min..max digits at s[*i]; the value, or -1. */
static long digits(const char *s, size_t len, size_t *i, int min, int max)
{
	long v = 0;
	int n = 0;
	while (*i < len && n < max && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	return n < min ? -1 : v;
}

static bool expect(const char *s, size_t len, size_t *i, char c)
{
	if (*i < len && s[*i] == c) {
		(*i)++;
		return true;
	}
	return false;
}

int sops_time_text(const char *s, size_t len, char out[40])
{
	size_t i = 0;
	long y = digits(s, len, &i, 4, 4);
	if (y < 0 || !expect(s, len, &i, '-'))
		return -1;
	long mo = digits(s, len, &i, 1, 2);
	if (mo < 1 || mo > 12 || !expect(s, len, &i, '-'))
		return -1;
	long d = digits(s, len, &i, 1, 2);
	if (d < 1 || d > days_in_month(y, (unsigned)mo))
		return -1;
	long h = 0, mi = 0, se = 0;
	char frac[10] = "";
	char zone[8] = "Z";
	if (i < len) {
		bool spaced = s[i] == ' ';
		if (s[i] != 'T' && s[i] != 't' && !spaced)
			return -1;
		i++;
		h = digits(s, len, &i, 1, 2);
		if (h < 0 || h > 23 || !expect(s, len, &i, ':'))
			return -1;
		mi = digits(s, len, &i, 1, 2);
		if (mi < 0 || mi > 59 || !expect(s, len, &i, ':'))
			return -1;
		se = digits(s, len, &i, 1, 2);
		if (se < 0 || se > 59)
			return -1;
		if (expect(s, len, &i, '.')) {
			size_t n = 0;
			while (i < len && s[i] >= '0' && s[i] <= '9') {
				if (n < 9)
					frac[n++] = s[i];
				i++;
			}
			if (n == 0)
				return -1;
			while (n > 0 && frac[n - 1] == '0')
				n--;
			frac[n] = '\0';
		}
		/* The spaced form has no zone; the T form must have one. */
		if (!spaced) {
			if (expect(s, len, &i, 'Z')) {
				/* UTC */
			} else if (i < len && (s[i] == '+' || s[i] == '-')) {
				char sign = s[i++];
				long zh = digits(s, len, &i, 2, 2);
				if (zh < 0 || zh > 23 || !expect(s, len, &i, ':'))
					return -1;
				long zm = digits(s, len, &i, 2, 2);
				if (zm < 0 || zm > 59)
					return -1;
				if (zh || zm)
					snprintf(zone, sizeof zone, "%c%02ld:%02ld", sign, zh, zm);
			} else {
				return -1;
			}
		}
	}
	if (i != len)
		return -1;
	snprintf(out, 40, "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld%s%s%s", y, mo, d, h, mi, se, frac[0] ? "." : "", frac,
		 zone);
	return 0;
}
