/* collate: ICU's root collation as localeCompare applies it, for ASCII
 * and the Latin letters of U+00C0..U+017F: each character becomes
 * collation elements (primary: the letter ignoring accents and case;
 * secondary: the accent; tertiary: case), and two strings compare by all
 * their primaries, then all their secondaries, then all their tertiaries.
 * Control characters are ignorable, as in ICU. */
#include "collate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vec.h"

/* Non-alphanumeric ASCII in root collation order (variable characters
 * are not ignored: localeCompare's default is "non-ignorable"). */
static const char punct_order[] = "\t\n\v\f\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

/* The Latin letters: the ASCII letters each sorts as (or, own set, the
 * letter it follows as a letter of its own), its accent rank among the
 * letters of that base, and its case class (0 lower, 1 lower variant,
 * 2 upper, 3 upper variant).  Derived from ICU through node by
 * tests/fixtures/img-tag/latin-collation.js; U+0149 is left to code
 * point order. */
static const struct latin {
	uint16_t cp;
	char base[3];
	uint8_t own, sec, ter;
} latin[] = {
	{0xC0, "a", 0, 2, 2}, /* À */
	{0xC1, "a", 0, 1, 2}, /* Á */
	{0xC2, "a", 0, 4, 2}, /* Â */
	{0xC3, "a", 0, 7, 2}, /* Ã */
	{0xC4, "a", 0, 6, 2}, /* Ä */
	{0xC5, "a", 0, 5, 2}, /* Å */
	{0xC6, "ae", 0, 10, 2}, /* Æ */
	{0xC7, "c", 0, 5, 2}, /* Ç */
	{0xC8, "e", 0, 2, 2}, /* È */
	{0xC9, "e", 0, 1, 2}, /* É */
	{0xCA, "e", 0, 4, 2}, /* Ê */
	{0xCB, "e", 0, 6, 2}, /* Ë */
	{0xCC, "i", 0, 2, 2}, /* Ì */
	{0xCD, "i", 0, 1, 2}, /* Í */
	{0xCE, "i", 0, 4, 2}, /* Î */
	{0xCF, "i", 0, 5, 2}, /* Ï */
	{0xD0, "d", 0, 3, 2}, /* Ð */
	{0xD1, "n", 0, 3, 2}, /* Ñ */
	{0xD2, "o", 0, 2, 2}, /* Ò */
	{0xD3, "o", 0, 1, 2}, /* Ó */
	{0xD4, "o", 0, 4, 2}, /* Ô */
	{0xD5, "o", 0, 7, 2}, /* Õ */
	{0xD6, "o", 0, 5, 2}, /* Ö */
	{0xD8, "o", 0, 8, 2}, /* Ø */
	{0xD9, "u", 0, 2, 2}, /* Ù */
	{0xDA, "u", 0, 1, 2}, /* Ú */
	{0xDB, "u", 0, 4, 2}, /* Û */
	{0xDC, "u", 0, 6, 2}, /* Ü */
	{0xDD, "y", 0, 1, 2}, /* Ý */
	{0xDE, "z", 1, 0, 2}, /* Þ */
	{0xDF, "ss", 0, 6, 0}, /* ß */
	{0xE0, "a", 0, 2, 0}, /* à */
	{0xE1, "a", 0, 1, 0}, /* á */
	{0xE2, "a", 0, 4, 0}, /* â */
	{0xE3, "a", 0, 7, 0}, /* ã */
	{0xE4, "a", 0, 6, 0}, /* ä */
	{0xE5, "a", 0, 5, 0}, /* å */
	{0xE6, "ae", 0, 10, 0}, /* æ */
	{0xE7, "c", 0, 5, 0}, /* ç */
	{0xE8, "e", 0, 2, 0}, /* è */
	{0xE9, "e", 0, 1, 0}, /* é */
	{0xEA, "e", 0, 4, 0}, /* ê */
	{0xEB, "e", 0, 6, 0}, /* ë */
	{0xEC, "i", 0, 2, 0}, /* ì */
	{0xED, "i", 0, 1, 0}, /* í */
	{0xEE, "i", 0, 4, 0}, /* î */
	{0xEF, "i", 0, 5, 0}, /* ï */
	{0xF0, "d", 0, 3, 0}, /* ð */
	{0xF1, "n", 0, 3, 0}, /* ñ */
	{0xF2, "o", 0, 2, 0}, /* ò */
	{0xF3, "o", 0, 1, 0}, /* ó */
	{0xF4, "o", 0, 4, 0}, /* ô */
	{0xF5, "o", 0, 7, 0}, /* õ */
	{0xF6, "o", 0, 5, 0}, /* ö */
	{0xF8, "o", 0, 8, 0}, /* ø */
	{0xF9, "u", 0, 2, 0}, /* ù */
	{0xFA, "u", 0, 1, 0}, /* ú */
	{0xFB, "u", 0, 4, 0}, /* û */
	{0xFC, "u", 0, 6, 0}, /* ü */
	{0xFD, "y", 0, 1, 0}, /* ý */
	{0xFE, "z", 1, 0, 0}, /* þ */
	{0xFF, "y", 0, 3, 0}, /* ÿ */
	{0x100, "a", 0, 9, 2}, /* Ā */
	{0x101, "a", 0, 9, 0}, /* ā */
	{0x102, "a", 0, 3, 2}, /* Ă */
	{0x103, "a", 0, 3, 0}, /* ă */
	{0x104, "a", 0, 8, 2}, /* Ą */
	{0x105, "a", 0, 8, 0}, /* ą */
	{0x106, "c", 0, 1, 2}, /* Ć */
	{0x107, "c", 0, 1, 0}, /* ć */
	{0x108, "c", 0, 2, 2}, /* Ĉ */
	{0x109, "c", 0, 2, 0}, /* ĉ */
	{0x10A, "c", 0, 4, 2}, /* Ċ */
	{0x10B, "c", 0, 4, 0}, /* ċ */
	{0x10C, "c", 0, 3, 2}, /* Č */
	{0x10D, "c", 0, 3, 0}, /* č */
	{0x10E, "d", 0, 1, 2}, /* Ď */
	{0x10F, "d", 0, 1, 0}, /* ď */
	{0x110, "d", 0, 2, 2}, /* Đ */
	{0x111, "d", 0, 2, 0}, /* đ */
	{0x112, "e", 0, 9, 2}, /* Ē */
	{0x113, "e", 0, 9, 0}, /* ē */
	{0x114, "e", 0, 3, 2}, /* Ĕ */
	{0x115, "e", 0, 3, 0}, /* ĕ */
	{0x116, "e", 0, 7, 2}, /* Ė */
	{0x117, "e", 0, 7, 0}, /* ė */
	{0x118, "e", 0, 8, 2}, /* Ę */
	{0x119, "e", 0, 8, 0}, /* ę */
	{0x11A, "e", 0, 5, 2}, /* Ě */
	{0x11B, "e", 0, 5, 0}, /* ě */
	{0x11C, "g", 0, 2, 2}, /* Ĝ */
	{0x11D, "g", 0, 2, 0}, /* ĝ */
	{0x11E, "g", 0, 1, 2}, /* Ğ */
	{0x11F, "g", 0, 1, 0}, /* ğ */
	{0x120, "g", 0, 3, 2}, /* Ġ */
	{0x121, "g", 0, 3, 0}, /* ġ */
	{0x122, "g", 0, 4, 2}, /* Ģ */
	{0x123, "g", 0, 4, 0}, /* ģ */
	{0x124, "h", 0, 1, 2}, /* Ĥ */
	{0x125, "h", 0, 1, 0}, /* ĥ */
	{0x126, "h", 0, 2, 2}, /* Ħ */
	{0x127, "h", 0, 2, 0}, /* ħ */
	{0x128, "i", 0, 6, 2}, /* Ĩ */
	{0x129, "i", 0, 6, 0}, /* ĩ */
	{0x12A, "i", 0, 9, 2}, /* Ī */
	{0x12B, "i", 0, 9, 0}, /* ī */
	{0x12C, "i", 0, 3, 2}, /* Ĭ */
	{0x12D, "i", 0, 3, 0}, /* ĭ */
	{0x12E, "i", 0, 8, 2}, /* Į */
	{0x12F, "i", 0, 8, 0}, /* į */
	{0x130, "i", 0, 7, 2}, /* İ */
	{0x131, "i", 1, 0, 0}, /* ı */
	{0x132, "ij", 0, 0, 3}, /* Ĳ */
	{0x133, "ij", 0, 0, 1}, /* ĳ */
	{0x134, "j", 0, 1, 2}, /* Ĵ */
	{0x135, "j", 0, 1, 0}, /* ĵ */
	{0x136, "k", 0, 1, 2}, /* Ķ */
	{0x137, "k", 0, 1, 0}, /* ķ */
	{0x138, "q", 1, 0, 0}, /* ĸ */
	{0x139, "l", 0, 1, 2}, /* Ĺ */
	{0x13A, "l", 0, 1, 0}, /* ĺ */
	{0x13B, "l", 0, 3, 2}, /* Ļ */
	{0x13C, "l", 0, 3, 0}, /* ļ */
	{0x13D, "l", 0, 2, 2}, /* Ľ */
	{0x13E, "l", 0, 2, 0}, /* ľ */
	{0x13F, "l", 0, 5, 2}, /* Ŀ */
	{0x140, "l", 0, 5, 0}, /* ŀ */
	{0x141, "l", 0, 4, 2}, /* Ł */
	{0x142, "l", 0, 4, 0}, /* ł */
	{0x143, "n", 0, 1, 2}, /* Ń */
	{0x144, "n", 0, 1, 0}, /* ń */
	{0x145, "n", 0, 4, 2}, /* Ņ */
	{0x146, "n", 0, 4, 0}, /* ņ */
	{0x147, "n", 0, 2, 2}, /* Ň */
	{0x148, "n", 0, 2, 0}, /* ň */
	{0x14A, "n", 1, 0, 2}, /* Ŋ */
	{0x14B, "n", 1, 0, 0}, /* ŋ */
	{0x14C, "o", 0, 9, 2}, /* Ō */
	{0x14D, "o", 0, 9, 0}, /* ō */
	{0x14E, "o", 0, 3, 2}, /* Ŏ */
	{0x14F, "o", 0, 3, 0}, /* ŏ */
	{0x150, "o", 0, 6, 2}, /* Ő */
	{0x151, "o", 0, 6, 0}, /* ő */
	{0x152, "oe", 0, 10, 2}, /* Œ */
	{0x153, "oe", 0, 10, 0}, /* œ */
	{0x154, "r", 0, 1, 2}, /* Ŕ */
	{0x155, "r", 0, 1, 0}, /* ŕ */
	{0x156, "r", 0, 3, 2}, /* Ŗ */
	{0x157, "r", 0, 3, 0}, /* ŗ */
	{0x158, "r", 0, 2, 2}, /* Ř */
	{0x159, "r", 0, 2, 0}, /* ř */
	{0x15A, "s", 0, 1, 2}, /* Ś */
	{0x15B, "s", 0, 1, 0}, /* ś */
	{0x15C, "s", 0, 2, 2}, /* Ŝ */
	{0x15D, "s", 0, 2, 0}, /* ŝ */
	{0x15E, "s", 0, 4, 2}, /* Ş */
	{0x15F, "s", 0, 4, 0}, /* ş */
	{0x160, "s", 0, 3, 2}, /* Š */
	{0x161, "s", 0, 3, 0}, /* š */
	{0x162, "t", 0, 2, 2}, /* Ţ */
	{0x163, "t", 0, 2, 0}, /* ţ */
	{0x164, "t", 0, 1, 2}, /* Ť */
	{0x165, "t", 0, 1, 0}, /* ť */
	{0x166, "t", 1, 0, 2}, /* Ŧ */
	{0x167, "t", 1, 0, 0}, /* ŧ */
	{0x168, "u", 0, 8, 2}, /* Ũ */
	{0x169, "u", 0, 8, 0}, /* ũ */
	{0x16A, "u", 0, 10, 2}, /* Ū */
	{0x16B, "u", 0, 10, 0}, /* ū */
	{0x16C, "u", 0, 3, 2}, /* Ŭ */
	{0x16D, "u", 0, 3, 0}, /* ŭ */
	{0x16E, "u", 0, 5, 2}, /* Ů */
	{0x16F, "u", 0, 5, 0}, /* ů */
	{0x170, "u", 0, 7, 2}, /* Ű */
	{0x171, "u", 0, 7, 0}, /* ű */
	{0x172, "u", 0, 9, 2}, /* Ų */
	{0x173, "u", 0, 9, 0}, /* ų */
	{0x174, "w", 0, 1, 2}, /* Ŵ */
	{0x175, "w", 0, 1, 0}, /* ŵ */
	{0x176, "y", 0, 2, 2}, /* Ŷ */
	{0x177, "y", 0, 2, 0}, /* ŷ */
	{0x178, "y", 0, 3, 2}, /* Ÿ */
	{0x179, "z", 0, 1, 2}, /* Ź */
	{0x17A, "z", 0, 1, 0}, /* ź */
	{0x17B, "z", 0, 3, 2}, /* Ż */
	{0x17C, "z", 0, 3, 0}, /* ż */
	{0x17D, "z", 0, 2, 2}, /* Ž */
	{0x17E, "z", 0, 2, 0}, /* ž */
	{0x17F, "s", 0, 5, 0}, /* ſ */
};

static const struct latin *latin_of(uint32_t c)
{
	size_t lo = 0, hi = sizeof latin / sizeof latin[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (latin[mid].cp == c)
			return &latin[mid];
		if (latin[mid].cp < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Primary weight of an ASCII code point: 0 = ignorable.  Letters are
 * spaced by two so that a letter of its own (þ after z) fits between. */
static uint32_t ascii_primary(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return 100 + (c - '0');
	if (c >= 'a' && c <= 'z')
		return 200 + 2 * (c - 'a');
	if (c >= 'A' && c <= 'Z')
		return 200 + 2 * (c - 'A');
	const char *p = c ? strchr(punct_order, (int)c) : NULL;
	return p ? 1 + (uint32_t)(p - punct_order) : 0;
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

struct ce {
	uint32_t pri;
	uint8_t sec, ter;
};

struct ces {
	struct ce *v;
	size_t n, cap;
};

static void add_ce(struct ces *cs, uint32_t pri, uint8_t sec, uint8_t ter)
{
	VEC_RESERVE(cs->v, cs->cap, cs->n + 1);
	cs->v[cs->n++] = (struct ce){pri, sec, ter};
}

/* The collation elements of s; characters outside ASCII and the table
 * sort after every letter, by code point. */
static void elements(const char *s, struct ces *cs)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t c = next_cp(&p);
		const struct latin *l = c >= 0x80 ? latin_of(c) : NULL;
		if (l && l->own) {
			add_ce(cs, ascii_primary((uint32_t)l->base[0]) + 1, 0, l->ter);
		} else if (l) {
			for (size_t i = 0; l->base[i]; i++)
				add_ce(cs, ascii_primary((uint32_t)l->base[i]), i ? 0 : l->sec, l->ter);
		} else if (c < 0x80) {
			uint32_t w = ascii_primary(c);
			if (w)
				add_ce(cs, w, 0, c >= 'A' && c <= 'Z' ? 2 : 0);
		} else {
			add_ce(cs, 0x1000 + c, 0, 0);
		}
	}
}

static int cmp_level(const struct ces *x, const struct ces *y, int level)
{
	for (size_t i = 0; i < x->n || i < y->n; i++) {
		if (i == x->n || i == y->n)
			return i == x->n ? -1 : 1;
		uint32_t a = level == 0 ? x->v[i].pri : level == 1 ? x->v[i].sec : x->v[i].ter;
		uint32_t b = level == 0 ? y->v[i].pri : level == 1 ? y->v[i].sec : y->v[i].ter;
		if (a != b)
			return a < b ? -1 : 1;
	}
	return 0;
}

int collate_cmp(const char *a, const char *b)
{
	struct ces x = {0}, y = {0};
	elements(a, &x);
	elements(b, &y);
	int c = 0;
	for (int level = 0; level < 3 && c == 0; level++)
		c = cmp_level(&x, &y, level);
	free(x.v);
	free(y.v);
	return c;
}
