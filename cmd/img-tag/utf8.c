/* utf8: the WHATWG decoder's rules — the ranges of the second byte after
 * E0, ED, F0 and F4 rule out overlong forms, surrogates and code points
 * past U+10FFFF; a sequence that breaks off yields one U+FFFD and the
 * byte that broke it is read again. */
#include "utf8.h"

#include <string.h>

#include "strv.h"

/* Length of the valid sequence at p, or 0 with *bad set to the number of
 * bytes that make up the invalid maximal subpart (at least 1). */
static size_t seq_len(const unsigned char *p, size_t *bad)
{
	unsigned c = p[0];
	size_t need;
	unsigned lo = 0x80, hi = 0xBF;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
	} else {
		*bad = 1;
		return 0;
	}
	for (size_t i = 1; i <= need; i++) {
		unsigned b = p[i];
		if (b < lo || b > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t bad, n = seq_len(p, &bad);
		if (!n)
			return false;
		p += n;
	}
	return true;
}

char *utf8_repair(const char *s)
{
	struct sbuf b = {0};
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t bad, n = seq_len(p, &bad);
		if (n) {
			sb_addn(&b, (const char *)p, n);
			p += n;
		} else {
			sb_adds(&b, "\xEF\xBF\xBD");
			p += bad;
		}
	}
	return sb_take(&b);
}
