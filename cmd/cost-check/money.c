/* money: see money.h. */
#include "money.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool usd_to_pico(double usd, int64_t *pico)
{
	if (!isfinite(usd) || usd < 0 || usd > 1e6)
		return false;
	*pico = llround(usd * (double)PICO_PER_USD);
	return true;
}

bool usd_parse(const char *s, pico_t *pico)
{
	pico_t whole = 0, frac = 0;
	int nfrac = 0;
	const char *p = s;
	if (!*p)
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > (pico_t)1e15)
			return false;
	}
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (++nfrac > 12)
				return false;
			frac = frac * 10 + (*p - '0');
		}
	}
	if (*p || p == s)
		return false;
	while (nfrac++ < 12)
		frac *= 10;
	*pico = whole * PICO_PER_USD + frac;
	return true;
}

void usd_format(pico_t v, char *buf, size_t len)
{
	bool neg = v < 0;
	if (neg)
		v = -v;
	pico_t nano = (v + 500) / 1000;
	pico_t whole = nano / 1000000000;
	long long frac = (long long)(nano % 1000000000);
	char digits[48];
	int n = 0;
	do {
		digits[n++] = (char)('0' + (int)(whole % 10));
		whole /= 10;
	} while (whole);
	char *o = buf, *end = buf + len - 1;
	if (neg && nano && o < end)
		*o++ = '-';
	while (n && o < end)
		*o++ = digits[--n];
	*o = '\0';
	snprintf(o, (size_t)(end - o) + 1, ".%09lld", frac);
}
