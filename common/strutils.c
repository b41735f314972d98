/* strutils: durations, sizes, numbers and lists as the tools spell them. */
#include "strutils.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

int parse_duration_ms(const char *s, int64_t *ms)
{
	static const struct {
		const char *unit;
		double ms;
	} units[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
	double total = 0;
	const char *p = s;
	char *end;
	if (!s || !*s)
		return -1;
	/* A bare number is seconds, like sleep(1) and kubectl's --timeout=30. */
	if (isdigit((unsigned char)*s) && strtod(s, &end) >= 0 && !*end)
		total = strtod(s, NULL) * 1000;
	else
		while (*p) {
			if (!isdigit((unsigned char)*p) && *p != '.')
				return -1;
			errno = 0;
			double v = strtod(p, &end);
			if (end == p || errno)
				return -1;
			p = end;
			size_t best = 0;
			double mul = 0;
			for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
				size_t l = strlen(units[i].unit);
				if (strncmp(p, units[i].unit, l) == 0 && l > best) {
					best = l;
					mul = units[i].ms;
				}
			}
			if (!best)
				return -1;
			total += v * mul;
			p += best;
		}
	if (!isfinite(total) || total > 9e15)
		return -1;
	*ms = (int64_t)llround(total);
	return 0;
}

int parse_size(const char *s, uint64_t *bytes)
{
	static const struct {
		const char *unit;
		uint64_t mul;
	} units[] = {{"", 1},           {"B", 1},           {"K", 1000},         {"KB", 1000},
		     {"KiB", 1024},     {"M", 1000000},     {"MB", 1000000},     {"MiB", 1048576},
		     {"G", 1000000000}, {"GB", 1000000000}, {"GiB", 1073741824}, {"k", 1000},
		     {"kB", 1000}};
	char *end;
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || v < 0)
		return -1;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(end, units[i].unit) == 0) {
			double b = v * (double)units[i].mul;
			if (b > 1.8e19)
				return -1;
			*bytes = (uint64_t)b;
			return 0;
		}
	}
	return -1;
}

int parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end;
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void format_duration(int64_t ms, char *buf, size_t len)
{
	if (ms < 1000)
		snprintf(buf, len, "%lldms", (long long)ms);
	else if (ms < 60000)
		snprintf(buf, len, "%.1fs", (double)ms / 1000);
	else if (ms < 3600000)
		snprintf(buf, len, "%lldm%llds", (long long)(ms / 60000), (long long)(ms % 60000 / 1000));
	else
		snprintf(buf, len, "%lldh%lldm", (long long)(ms / 3600000), (long long)(ms % 3600000 / 60000));
}

void format_seconds(int64_t ms, char *buf, size_t len)
{
	long long s = (long long)((ms + 999) / 1000);
	if (s < 60)
		snprintf(buf, len, "%llds", s);
	else if (s < 3600)
		snprintf(buf, len, "%lldm%llds", s / 60, s % 60);
	else
		snprintf(buf, len, "%lldh%lldm", s / 3600, s % 3600 / 60);
}

char **split_list(const char *s, const char *seps, size_t *n)
{
	size_t cap = 4, cnt = 0;
	char **v = xmalloc(cap * sizeof *v);
	const char *p = s ? s : "";
	for (;;) {
		size_t l = strcspn(p, seps);
		const char *a = p, *b = p + l;
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (b > a) {
			if (cnt + 2 > cap)
				v = xrealloc(v, (cap *= 2) * sizeof *v);
			v[cnt++] = xstrndup(a, (size_t)(b - a));
		}
		if (!p[l])
			break;
		p += l + 1;
	}
	v[cnt] = NULL;
	if (n)
		*n = cnt;
	return v;
}

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}
