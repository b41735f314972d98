/* money: pico-dollar amounts parsed, added and printed exactly. */
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

/* Decimal digits of v (> 0), most significant first; returns the count. */
static int digits_of(pico_t v, char *d)
{
	char tmp[48];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	for (int i = 0; i < n; i++)
		d[i] = tmp[n - 1 - i];
	return n;
}

void usd_human(pico_t v, char *buf, size_t len)
{
	char out[96], d[48];
	size_t o = 0;
	if (v < 0) {
		out[o++] = '-';
		v = -v;
	}
	pico_t cents = (v + PICO_PER_USD / 200) / (PICO_PER_USD / 100);
	pico_t p = 1;
	int k = 0;
	if (cents < 100 && v > 0) {
		/* Round to 4 significant digits: p = 10^k pico-dollars. */
		int n = digits_of(v, d);
		for (k = 0; k < n - 4; k++)
			p *= 10;
		v = (v + p / 2) / p * p;
		if (v >= PICO_PER_USD)
			cents = 100;
	}
	if (cents >= 100 || v == 0) {
		int n = digits_of(cents / 100, d);
		for (int i = 0; i < n; i++) {
			if (i && (n - i) % 3 == 0)
				out[o++] = ',';
			out[o++] = d[i];
		}
		snprintf(out + o, sizeof out - o, ".%02d", (int)(cents % 100));
	} else {
		/* 12 decimals, cut after the fourth significant digit. */
		int n = digits_of(v, d);
		char frac[13];
		memset(frac, '0', 12);
		frac[12] = '\0';
		memcpy(frac + 12 - n, d, (size_t)n);
		frac[12 - k] = '\0';
		snprintf(out + o, sizeof out - o, "0.%s", frac);
	}
	snprintf(buf, len, "%s", out);
}

void money_exact(pico_t v, char *buf, size_t len)
{
	char d[48], out[64];
	size_t o = 0;
	if (v < 0) {
		out[o++] = '-';
		v = -v;
	}
	int n = digits_of(v / PICO_PER_USD, d);
	memcpy(out + o, d, (size_t)n);
	o += (size_t)n;
	snprintf(out + o, sizeof out - o, ".%012lld", (long long)(v % PICO_PER_USD));
	snprintf(buf, len, "%s", out);
}
