/* collate: a three-level comparison (primary: the character ignoring case;
 * tertiary: case) over the CLDR root order of ASCII.  Control characters
 * are ignorable, as in ICU. */
#include "collate.h"

#include <stdint.h>
#include <string.h>

/* Non-alphanumeric ASCII in root collation order (variable characters
 * are not ignored: localeCompare's default is "non-ignorable"). */
static const char punct_order[] = "\t\n\v\f\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

/* Primary weight of code point c: 0 = ignorable. */
static uint32_t primary(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return 100 + (c - '0');
	if (c >= 'a' && c <= 'z')
		return 200 + (c - 'a');
	if (c >= 'A' && c <= 'Z')
		return 200 + (c - 'A');
	if (c < 0x80) {
		const char *p = c ? strchr(punct_order, (int)c) : NULL;
		return p ? 1 + (uint32_t)(p - punct_order) : 0;
	}
	return 0x1000 + c;
}

/* Next code point of a UTF-8 string (a stray byte stands for itself). */
static uint32_t next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = *p++;
	int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (more) {
		uint32_t v = c & (0x3F >> more);
		int i = 0;
		for (; i < more && (p[i] & 0xC0) == 0x80; i++)
			v = (v << 6) | (p[i] & 0x3F);
		if (i == more) {
			c = v;
			p += more;
		}
	}
	*s = p;
	return c;
}

/* The next non-ignorable code point, or 0 at the end. */
static uint32_t next_weighted(const unsigned char **s)
{
	while (**s) {
		uint32_t c = next_cp(s);
		if (primary(c))
			return c;
	}
	return 0;
}

int collate_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	for (;;) {
		uint32_t x = next_weighted(&p), y = next_weighted(&q);
		uint32_t wx = x ? primary(x) : 0, wy = y ? primary(y) : 0;
		if (wx != wy)
			return wx < wy ? -1 : 1;
		if (!x)
			break;
	}
	/* Tertiary: the first difference in case, lower case first. */
	p = (const unsigned char *)a;
	q = (const unsigned char *)b;
	for (;;) {
		uint32_t x = next_weighted(&p), y = next_weighted(&q);
		if (!x || !y)
			return 0;
		int ux = x >= 'A' && x <= 'Z', uy = y >= 'A' && y <= 'Z';
		if (ux != uy)
			return ux - uy;
	}
}
