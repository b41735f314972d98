/* pretok: the ASCII fast path of pre-tokenisation.
 * Each alternative of the patterns, in their order, with the backtracking
 * worked out:
 *   o200k:  [^\r\n\pL\pN]?[UPPER]*[LOWER]+C? | [^\r\n\pL\pN]?[UPPER]+[LOWER]*C?
 *           | \pN{1,3} | ' '?[^\s\pL\pN]+[\r\n/]* | \s*[\r\n]+ | \s+(?!\S) | \s+
 *   cl100k: C | [^\r\n\pL\pN]?\pL+ | \pN{1,3} | ' '?[^\s\pL\pN]+[\r\n]*
 *           | \s*[\r\n]+ | \s+(?!\S) | \s+
 * with C the contractions (?i:'s|'t|'re|'ve|'m|'ll|'d).  In ASCII \pL is
 * A-Z a-z (UPPER A-Z, LOWER a-z), \pN is 0-9, \s is TAB..CR and space.  A
 * run that reaches a non-ASCII byte might go on (é is a letter, U+00A0 is
 * white space, U+2014 is punctuation), so there the answer is 0. */
#include "pretok.h"

#include <stdbool.h>

static bool up(uint8_t c)
{
	return c >= 'A' && c <= 'Z';
}
static bool lo(uint8_t c)
{
	return c >= 'a' && c <= 'z';
}
static bool letter(uint8_t c)
{
	return up(c) || lo(c);
}
static bool digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}
static bool ws(uint8_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}
static bool crlf(uint8_t c)
{
	return c == '\r' || c == '\n';
}
static bool high(uint8_t c)
{
	return c >= 0x80;
}
/* [^\s\pL\pN] within ASCII */
static bool punct(uint8_t c)
{
	return !high(c) && !ws(c) && !letter(c) && !digit(c);
}

#define UNSURE ((size_t)-1)

/* Length of a contraction at s[i], case-insensitive; 0 when none, UNSURE
 * when a non-ASCII byte is where a letter would be (case folding makes
 * U+017F LONG S match 's'). */
static size_t contraction(const uint8_t *s, size_t len, size_t i)
{
	if (i + 1 >= len || s[i] != '\'')
		return 0;
	if (high(s[i + 1]))
		return UNSURE;
	uint8_t a = s[i + 1] | 0x20;
	if (a == 's' || a == 't' || a == 'm' || a == 'd')
		return 2;
	if (a != 'r' && a != 'v' && a != 'l')
		return 0;
	if (i + 2 >= len)
		return 0;
	if (high(s[i + 2]))
		return UNSURE;
	uint8_t b = s[i + 2] | 0x20;
	return (a == 'l' ? b == 'l' : b == 'e') ? 3 : 0;
}

/* The end of the run of cls from i; *stop = true when a non-ASCII byte
 * ended it (the run might continue there). */
static size_t run(const uint8_t *s, size_t len, size_t i, bool (*cls)(uint8_t), bool *stop)
{
	while (i < len && cls(s[i]))
		i++;
	*stop = i < len && high(s[i]);
	return i;
}

static size_t letters_o200k(const uint8_t *s, size_t len, size_t p)
{
	bool stop;
	size_t u = run(s, len, p, up, &stop);
	if (stop)
		return 0;
	size_t e = run(s, len, u, lo, &stop);
	if (stop)
		return 0;
	/* [UPPER]*[LOWER]+ when any lower case follows, else [UPPER]+;
	 * then the optional contraction */
	size_t c = contraction(s, len, e);
	return c == UNSURE ? 0 : e + c;
}

static size_t digits(const uint8_t *s, size_t len, size_t i)
{
	size_t e = i;
	while (e < len && e - i < 3 && digit(s[e]))
		e++;
	if (e - i < 3 && e < len && high(s[e]))
		return 0; /* a non-ASCII digit could follow */
	return e;
}

static size_t punctuation(const uint8_t *s, size_t len, size_t i, bool slash)
{
	size_t q = i + (s[i] == ' ');
	if (q >= len || !punct(s[q]))
		return 0; /* (the caller has ruled out the other cases) */
	bool stop;
	size_t e = run(s, len, q, punct, &stop);
	if (stop)
		return 0;
	while (e < len && (crlf(s[e]) || (slash && s[e] == '/')))
		e++;
	return e;
}

static size_t whitespace(const uint8_t *s, size_t len, size_t i)
{
	bool stop;
	size_t w = run(s, len, i, ws, &stop);
	if (stop)
		return 0;
	/* \s*[\r\n]+ : up to the last line break of the run */
	for (size_t k = w; k > i; k--)
		if (crlf(s[k - 1]))
			return k;
	/* \s+(?!\S) : all of it at the end, else all but the last */
	if (w == len || w - i == 1)
		return w;
	return w - 1;
}

size_t pretok_ascii(enum pretok_kind k, const uint8_t *s, size_t len, size_t i)
{
	uint8_t c = s[i];
	if (k == PRETOK_NONE || high(c))
		return 0;
	if (k == PRETOK_CL100K) {
		size_t n = contraction(s, len, i);
		if (n == UNSURE)
			return 0;
		if (n)
			return i + n;
	}
	/* Letters, after an optional character that is no CR, LF, letter or
	 * digit. */
	bool prefix = !letter(c) && !crlf(c) && !digit(c);
	size_t p = i;
	if (!letter(c)) {
		if (!prefix || i + 1 >= len || !letter(s[i + 1])) {
			if (prefix && i + 1 < len && high(s[i + 1]))
				return 0; /* that could be a non-ASCII letter */
			p = len; /* no letters here */
		} else {
			p = i + 1;
		}
	}
	if (p < len) {
		if (k == PRETOK_O200K)
			return letters_o200k(s, len, p);
		bool stop;
		size_t e = run(s, len, p, letter, &stop);
		return stop ? 0 : e;
	}
	if (digit(c))
		return digits(s, len, i);
	if (punct(c) || (c == ' ' && i + 1 < len && punct(s[i + 1])))
		return punctuation(s, len, i, k == PRETOK_O200K);
	if (ws(c))
		return whitespace(s, len, i);
	return 0;
}
