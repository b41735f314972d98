/* sops_float: shortest round-trip digits, then Go's layouts around them. */
#include "sops_float.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fewest significant digits that read back as f (f > 0): digits
 * without the point into dig, and the decimal exponent of the first one. */
static void shortest(double f, char dig[20], int *exp10)
{
	char tmp[40];
	for (int p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof tmp, "%.*e", p - 1, f);
		if (strtod(tmp, NULL) == f)
			break;
	}
	/* tmp is "d.ddde±XX", or "de±XX" for one digit */
	size_t n = 0;
	const char *s = tmp;
	for (; *s && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9')
			dig[n++] = *s;
	while (n > 1 && dig[n - 1] == '0')
		n--;
	dig[n] = '\0';
	*exp10 = atoi(s + 1);
}

/* %f with exactly the digits needed. */
static size_t layout_f(const char *dig, int e, char *w)
{
	size_t nd = strlen(dig), k = 0;
	if (e >= 0) {
		for (int i = 0; i <= e; i++)
			w[k++] = (size_t)i < nd ? dig[i] : '0';
		if ((size_t)e + 1 < nd) {
			w[k++] = '.';
			for (size_t i = (size_t)e + 1; i < nd; i++)
				w[k++] = dig[i];
		}
	} else {
		w[k++] = '0';
		w[k++] = '.';
		for (int i = -1; i > e; i--)
			w[k++] = '0';
		for (size_t i = 0; i < nd; i++)
			w[k++] = dig[i];
	}
	return k;
}

/* %e: d.ddde±XX, at least two exponent digits (one when short is set:
 * encoding/json trims "e-07" to "e-7"). */
static size_t layout_e(const char *dig, int e, bool short_neg, char *w)
{
	size_t nd = strlen(dig), k = 0;
	w[k++] = dig[0];
	if (nd > 1) {
		w[k++] = '.';
		for (size_t i = 1; i < nd; i++)
			w[k++] = dig[i];
	}
	int a = e < 0 ? -e : e;
	if (short_neg && e < 0)
		k += (size_t)sprintf(w + k, "e-%d", a);
	else
		k += (size_t)sprintf(w + k, "e%c%02d", e < 0 ? '-' : '+', a);
	return k;
}

void gofloat_format(double f, enum gofloat_fmt fmt, char *buf, size_t cap)
{
	if (isnan(f)) {
		snprintf(buf, cap, "%s", fmt == GOF_YAML ? ".nan" : "NaN");
		return;
	}
	if (isinf(f)) {
		if (fmt == GOF_YAML)
			snprintf(buf, cap, "%s", f < 0 ? "-.inf" : ".inf");
		else
			snprintf(buf, cap, "%s", f < 0 ? "-Inf" : "+Inf");
		return;
	}
	char w[GOFLOAT_MAX];
	size_t k = 0;
	if (signbit(f)) {
		w[k++] = '-';
		f = -f;
	}
	char dig[20];
	int e = 0;
	if (f == 0) {
		strcpy(dig, "0");
	} else {
		shortest(f, dig, &e);
	}
	bool use_e = false;
	if (fmt == GOF_YAML)
		use_e = f != 0 && (e < -4 || e >= 6); /* Go: shortest %g switches at 1e6 */
	else if (fmt == GOF_JSON)
		use_e = f != 0 && (f < 1e-6 || f >= 1e21);
	if (use_e)
		k += layout_e(dig, e, fmt == GOF_JSON, w + k);
	else
		k += layout_f(dig, e, w + k);
	w[k] = '\0';
	snprintf(buf, cap, "%s", w);
}
