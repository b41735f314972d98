/* utf8: see utf8.h.  The ranges of the second byte after E0, ED, F0 and F4
 * are what rule out overlong forms, surrogates and code points past
 * U+10FFFF (Unicode's table of well-formed byte sequences). */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

#include "xalloc.h"

size_t utf8_seq(const char *str, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)str;
	unsigned c = p[0];
	size_t need;
	unsigned lo = 0x80, hi = 0xBF;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
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
		if (bad)
			*bad = 1;
		return 0;
	}
	for (size_t i = 1; i <= need; i++) {
		if (i >= len || p[i] < lo || p[i] > hi) {
			if (bad)
				*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

size_t utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		if (s[i] < 0x80) {
			/* ASCII runs eight bytes at a time */
			uint64_t w;
			while (i + 8 <= len && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ULL) == 0))
				i += 8;
			if (i < len && s[i] < 0x80)
				i++;
			continue;
		}
		size_t n = utf8_seq(str + i, len - i, NULL);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

bool utf8_valid(const char *s, size_t len)
{
	return utf8_invalid_at(s, len) == len;
}

char *utf8_repair(const char *s, size_t len, size_t *outlen)
{
	/* The valid prefix is copied whole; each bad byte grows to at most
	 * three. */
	size_t i = utf8_invalid_at(s, len), o = i;
	char *out = xmalloc(i + (len - i) * 3 + 1);
	memcpy(out, s, i);
	while (i < len) {
		size_t bad, n = utf8_seq(s + i, len - i, &bad);
		if (n) {
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += bad;
		}
	}
	out[o] = '\0';
	if (outlen)
		*outlen = o;
	return out;
}
