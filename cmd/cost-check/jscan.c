/* jscan: see jscan.h.  The grammar is RFC 8259 with jansson's own limits,
 * which decide what a line is worth: the root must be an object or an
 * array, integers must fit in int64, reals must not overflow, strings must
 * be UTF-8 without \u0000 or lone surrogates, and no value may sit deeper
 * than 2048 levels (jansson counts scalars as a level too). */
#include "jscan.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cli.h"
#include "utf8.h"

#define MAX_DEPTH 2048

/* Extraction asks a line's root (and its provider body, its usage) for a
 * dozen keys: objects of INDEX_MIN members or more get a small hash table
 * on their first look-up, up to NINDEX objects a line.  The tables live
 * until the next line; an object with an escaped key is never indexed. */
#define INDEX_MIN 6
#define NINDEX 4
#define INDEX_SLOTS 128 /* objects wider than INDEX_SLOTS/2 stay linear */

struct jindex {
	uint32_t obj[NINDEX]; /* the objects indexed on this line */
	int n; /* reset by every jscan_line */
	uint32_t slot[NINDEX][INDEX_SLOTS]; /* key token + 1, 0 = empty */
};

void jscan_init(struct jscan *js)
{
	memset(js, 0, sizeof *js);
	js->stack = xmalloc(MAX_DEPTH * sizeof *js->stack);
	js->index = xcalloc(1, sizeof *js->index);
}

void jscan_free(struct jscan *js)
{
	free(js->tok);
	free(js->stack);
	free(js->scratch);
	free(js->index);
	memset(js, 0, sizeof *js);
}

/* The first eight bytes of a key, zero-padded: look-ups compare this one
 * word before anything else. */
static inline uint64_t head8(const void *p, size_t n)
{
	uint64_t w = 0;
	memcpy(&w, p, n < 8 ? n : 8);
	return w;
}

uint64_t jscan_head(const char *key, size_t klen)
{
	return head8(key, klen);
}

static uint32_t new_tok(struct jscan *js, uint8_t type, size_t start)
{
	if (js->ntok == js->cap) {
		js->cap = js->cap ? js->cap * 2 : 256;
		js->tok = xrealloc(js->tok, js->cap * sizeof *js->tok);
	}
	struct jtok *t = &js->tok[js->ntok];
	t->type = type;
	t->escaped = 0;
	t->start = (uint32_t)start;
	t->len = 0;
	t->next = js->ntok + 1;
	t->u.i = 0;
	return js->ntok++;
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at p as a code unit, -1 when p does not hold them. */
static long hex4(const uint8_t *p, const uint8_t *e)
{
	if (e - p < 4)
		return -1;
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
/* Non-zero when some byte of w is zero / below n (n <= 128). */
#define HAS_ZERO(w) (((w)-ONES) & ~(w)&HIGHS)
#define HAS_LESS(w, n) (((w)-ONES * (n)) & ~(w)&HIGHS)

/* The body of a string after its opening quote; returns the position after
 * the closing quote, or NULL when the string is malformed. */
static const uint8_t *scan_string(const uint8_t *p, const uint8_t *e, uint8_t *escaped)
{
	for (;;) {
#ifdef __SSE2__
		/* Sixteen plain ASCII bytes at a time: the common case.  A byte
		 * stops the run when it is '"', '\\', below 0x20 or above 0x7f
		 * (signed compare: those are negative or below 0x20). */
		const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
		while (e - p >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
			__m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
						    _mm_cmpgt_epi8(space, v));
			int m = _mm_movemask_epi8(stop);
			if (m) {
				p += __builtin_ctz((unsigned)m);
				break;
			}
			p += 16;
		}
#endif
		/* Eight plain ASCII bytes at a time. */
		while (e - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if ((w & HIGHS) | HAS_ZERO(w ^ (ONES * '"')) | HAS_ZERO(w ^ (ONES * '\\')) | HAS_LESS(w, 0x20))
				break;
			p += 8;
		}
		if (p >= e)
			return NULL;
		uint8_t c = *p;
		if (c == '"')
			return p + 1;
		if (c == '\\') {
			*escaped = 1;
			if (++p >= e)
				return NULL;
			switch (*p) {
			case '"':
			case '\\':
			case '/':
			case 'b':
			case 'f':
			case 'n':
			case 'r':
			case 't': p++; continue;
			case 'u': break;
			default: return NULL;
			}
			long v = hex4(p + 1, e);
			if (v <= 0) /* bad hex, or \u0000 which jansson refuses */
				return NULL;
			p += 5;
			if (v >= 0xDC00 && v <= 0xDFFF)
				return NULL;
			if (v >= 0xD800 && v <= 0xDBFF) {
				if (e - p < 2 || p[0] != '\\' || p[1] != 'u')
					return NULL;
				long lo = hex4(p + 2, e);
				if (lo < 0xDC00 || lo > 0xDFFF)
					return NULL;
				p += 6;
			}
		} else if (c < 0x20) {
			return NULL;
		} else if (c >= 0x80) {
			size_t n = utf8_seq((const char *)p, (size_t)(e - p), NULL);
			if (!n)
				return NULL;
			p += n;
		} else {
			p++;
		}
	}
}

static bool is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

/* Does the real written in s[0..n) overflow a double?  Cheap for every
 * ordinary number: only a decimal exponent of 308 or more asks strtod. */
static bool real_overflows(const uint8_t *s, size_t n)
{
	size_t i = 0, intdigits = 0;
	long top = 0;
	bool nonzero = false;
	if (s[i] == '-')
		i++;
	while (i < n && is_digit(s[i])) {
		if (s[i] != '0' || nonzero) {
			nonzero = true;
			intdigits++;
		}
		i++;
	}
	if (nonzero) {
		top = (long)intdigits - 1;
	}
	if (i < n && s[i] == '.') {
		i++;
		long k = 0;
		while (i < n && is_digit(s[i])) {
			k++;
			if (!nonzero && s[i] != '0') {
				nonzero = true;
				top = -k;
			}
			i++;
		}
	}
	if (!nonzero)
		return false;
	long ex = 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		bool neg = false;
		if (s[i] == '+' || s[i] == '-')
			neg = s[i++] == '-';
		while (i < n && is_digit(s[i])) {
			if (ex < 100000000)
				ex = ex * 10 + (s[i] - '0');
			i++;
		}
		if (neg)
			ex = -ex;
	}
	if (top + ex < 308)
		return false;
	char small[64], *t = n < sizeof small ? small : xmalloc(n + 1);
	memcpy(t, s, n);
	t[n] = '\0';
	errno = 0;
	double d = strtod(t, NULL);
	bool over = isinf(d) && errno == ERANGE;
	if (t != small)
		free(t);
	return over;
}

/* A number at p; fills token t (JT_INT with its value, or JT_REAL).
 * Returns the position after it, or NULL. */
static const uint8_t *scan_number(const uint8_t *p, const uint8_t *e, struct jtok *t)
{
	const uint8_t *s = p;
	bool neg = *p == '-';
	if (neg)
		p++;
	if (p >= e)
		return NULL;
	if (*p == '0') {
		p++;
		if (p < e && is_digit(*p))
			return NULL;
	} else if (is_digit(*p)) {
		while (p < e && is_digit(*p))
			p++;
	} else {
		return NULL;
	}
	if (p >= e || (*p != '.' && *p != 'e' && *p != 'E')) {
		/* An integer: must fit in int64 as strtoll would have it. */
		uint64_t u = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
		for (const uint8_t *q = s + neg; q < p; q++) {
			unsigned d = *q - '0';
			if (u > (lim - d) / 10)
				return NULL;
			u = u * 10 + d;
		}
		t->type = JT_INT;
		t->u.i = neg ? (int64_t)(0 - u) : (int64_t)u;
		t->len = (uint32_t)(p - s);
		return p;
	}
	if (*p == '.') {
		p++;
		if (p >= e || !is_digit(*p))
			return NULL;
		while (p < e && is_digit(*p))
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (p >= e || !is_digit(*p))
			return NULL;
		while (p < e && is_digit(*p))
			p++;
	}
	if (real_overflows(s, (size_t)(p - s)))
		return NULL;
	t->type = JT_REAL;
	t->len = (uint32_t)(p - s);
	return p;
}

static const uint8_t *skip_ws(const uint8_t *p, const uint8_t *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static bool literal(const uint8_t *p, const uint8_t *e, const char *word, size_t n)
{
	return (size_t)(e - p) >= n && memcmp(p, word, n) == 0;
}

static bool scan(struct jscan *js)
{
	const uint8_t *s = (const uint8_t *)js->buf, *e = s + js->len, *p;
	uint32_t sp = 0, t;
	p = skip_ws(s, e);
	if (p >= e || (*p != '{' && *p != '['))
		return false;
value:
	if (sp + 1 > MAX_DEPTH)
		return false;
	if (p >= e)
		return false;
	if (sp)
		js->tok[js->stack[sp - 1]].u.n++;
	switch (*p) {
	case '{':
	case '[': {
		bool obj = *p == '{';
		t = new_tok(js, obj ? JT_OBJECT : JT_ARRAY, (size_t)(p - s));
		js->stack[sp++] = t;
		p = skip_ws(p + 1, e);
		if (p < e && *p == (obj ? '}' : ']')) {
			p++;
			goto close;
		}
		if (obj)
			goto key;
		goto value;
	}
	case '"':
		t = new_tok(js, JT_STRING, (size_t)(p + 1 - s));
		p = scan_string(p + 1, e, &js->tok[t].escaped);
		if (!p)
			return false;
		js->tok[t].len = (uint32_t)(p - 1 - s) - js->tok[t].start;
		goto after;
	case 't':
		if (!literal(p, e, "true", 4))
			return false;
		new_tok(js, JT_TRUE, (size_t)(p - s));
		p += 4;
		goto after_lookahead;
	case 'f':
		if (!literal(p, e, "false", 5))
			return false;
		new_tok(js, JT_FALSE, (size_t)(p - s));
		p += 5;
		goto after_lookahead;
	case 'n':
		if (!literal(p, e, "null", 4))
			return false;
		new_tok(js, JT_NULL, (size_t)(p - s));
		p += 4;
		goto after_lookahead;
	default:
		if (*p != '-' && !is_digit(*p))
			return false;
		t = new_tok(js, JT_INT, (size_t)(p - s));
		p = scan_number(p, e, &js->tok[t]);
		if (!p)
			return false;
		goto after_lookahead;
	}
key:
	if (p >= e || *p != '"')
		return false;
	t = new_tok(js, JT_STRING, (size_t)(p + 1 - s));
	p = scan_string(p + 1, e, &js->tok[t].escaped);
	if (!p)
		return false;
	js->tok[t].len = (uint32_t)(p - 1 - s) - js->tok[t].start;
	js->tok[t].u.head = head8(s + js->tok[t].start, js->tok[t].len);
	p = skip_ws(p, e);
	if (p >= e || *p != ':')
		return false;
	p = skip_ws(p + 1, e);
	goto value;
after_lookahead:
	/* jansson reads one byte past a number or a literal and pushes it back;
	 * a pushed-back NUL byte is lost, so one NUL there is skipped. */
	if (p < e && *p == '\0')
		p++;
after:
	p = skip_ws(p, e);
	if (!sp)
		return p == e;
	if (p >= e)
		return false;
	t = js->stack[sp - 1];
	if (*p == ',') {
		p = skip_ws(p + 1, e);
		if (js->tok[t].type == JT_OBJECT)
			goto key;
		goto value;
	}
	if (*p != (js->tok[t].type == JT_OBJECT ? '}' : ']'))
		return false;
	p++;
close:
	t = js->stack[--sp];
	js->tok[t].next = js->ntok;
	js->tok[t].len = (uint32_t)(p - s) - js->tok[t].start;
	goto after;
}

enum jscan_result jscan_line(struct jscan *js, const char *buf, size_t len)
{
	js->buf = buf;
	js->len = len;
	js->ntok = 0;
	js->index->n = 0;
	/* Offsets are 32-bit: a line of 4 GiB or more is refused. */
	if (len < UINT32_MAX && scan(js))
		return JS_OK;
	js->ntok = 0;
	return utf8_valid(buf, len) ? JS_PARSE_ERROR : JS_INVALID_UTF8;
}

uint32_t jscan_first(const struct jscan *js, uint32_t t)
{
	if (t >= js->ntok || js->tok[t].type > JT_ARRAY || js->tok[t].next == t + 1)
		return 0;
	return t + 1;
}

/* Decode raw string text (escapes valid, as scanned) into out, which has
 * room for n bytes; returns the decoded length. */
static size_t decode(const char *raw, size_t n, char *out)
{
	const uint8_t *p = (const uint8_t *)raw, *e = p + n;
	char *o = out;
	while (p < e) {
		if (*p != '\\') {
			*o++ = (char)*p++;
			continue;
		}
		p++;
		switch (*p++) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			uint32_t cp = (uint32_t)hex4(p, e);
			p += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)hex4(p + 2, e) - 0xDC00);
				p += 6;
			}
			if (cp < 0x80) {
				*o++ = (char)cp;
			} else if (cp < 0x800) {
				*o++ = (char)(0xC0 | cp >> 6);
				*o++ = (char)(0x80 | (cp & 0x3F));
			} else if (cp < 0x10000) {
				*o++ = (char)(0xE0 | cp >> 12);
				*o++ = (char)(0x80 | (cp >> 6 & 0x3F));
				*o++ = (char)(0x80 | (cp & 0x3F));
			} else {
				*o++ = (char)(0xF0 | cp >> 18);
				*o++ = (char)(0x80 | (cp >> 12 & 0x3F));
				*o++ = (char)(0x80 | (cp >> 6 & 0x3F));
				*o++ = (char)(0x80 | (cp & 0x3F));
			}
			break;
		}
		default: *o++ = (char)p[-1]; break; /* " \ / */
		}
	}
	return (size_t)(o - out);
}

const char *jscan_str(struct jscan *js, uint32_t t, size_t *len)
{
	const struct jtok *k = &js->tok[t];
	const char *raw = js->buf + k->start;
	if (!k->escaped) {
		*len = k->len;
		return raw;
	}
	if (js->scratch_cap < js->len) {
		js->scratch_cap = js->len;
		js->scratch = xrealloc(js->scratch, js->scratch_cap);
	}
	char *out = js->scratch + k->start;
	*len = decode(raw, k->len, out);
	return out;
}

bool jscan_str_eq(const struct jscan *js, uint32_t t, const char *s, size_t n)
{
	const struct jtok *k = &js->tok[t];
	const char *raw = js->buf + k->start;
	if (!k->escaped)
		return k->len == n && memcmp(raw, s, n) == 0;
	if (n > k->len) /* decoding never lengthens */
		return false;
	char small[256], *out = k->len <= sizeof small ? small : xmalloc(k->len);
	size_t m = decode(raw, k->len, out);
	bool eq = m == n && memcmp(out, s, n) == 0;
	if (out != small)
		free(out);
	return eq;
}

static inline uint32_t key_hash(uint64_t head, size_t len)
{
	uint64_t h = (head ^ len) * 0x9E3779B97F4A7C15ULL;
	return (uint32_t)(h >> 57); /* 7 bits: INDEX_SLOTS */
}

static inline bool key_is(const struct jscan *js, const struct jtok *k, uint64_t head, const char *key, size_t klen)
{
	return k->len == klen && k->u.head == head &&
	       (klen <= 8 || memcmp(js->buf + k->start + 8, key + 8, klen - 8) == 0);
}

/* The index of obj, built now if there is room; NULL to search linearly. */
static const uint32_t *index_of(const struct jscan *js, uint32_t obj)
{
	struct jindex *ix = js->index;
	for (int i = 0; i < ix->n; i++)
		if (ix->obj[i] == obj)
			return ix->slot[i];
	if (ix->n == NINDEX)
		return NULL;
	const struct jtok *tok = js->tok;
	uint32_t *slot = ix->slot[ix->n];
	memset(slot, 0, sizeof ix->slot[0]);
	for (uint32_t i = obj + 1; i < tok[obj].next; i = tok[i + 1].next) {
		const struct jtok *k = &tok[i];
		if (k->escaped) {
			ix->obj[ix->n] = obj; /* remembered as "not indexable" */
			ix->n++;
			ix->slot[ix->n - 1][0] = UINT32_MAX;
			return NULL;
		}
		uint32_t h = key_hash(k->u.head, k->len);
		for (;; h = (h + 1) & (INDEX_SLOTS - 1)) {
			uint32_t s = slot[h];
			/* A repeated key keeps its last value, as jansson does. */
			if (!s || key_is(js, &tok[s - 1], k->u.head, js->buf + k->start, k->len)) {
				slot[h] = i + 1;
				break;
			}
		}
	}
	ix->obj[ix->n++] = obj;
	return slot;
}

uint32_t jscan_get(const struct jscan *js, uint32_t obj, const char *key, size_t klen)
{
	return jscan_get_h(js, obj, key, klen, head8(key, klen));
}

uint32_t jscan_get_h(const struct jscan *js, uint32_t obj, const char *key, size_t klen, uint64_t head)
{
	if (obj >= js->ntok || js->tok[obj].type != JT_OBJECT)
		return 0;
	uint32_t found = 0, end = js->tok[obj].next;
	const struct jtok *tok = js->tok;
	uint32_t members = tok[obj].u.n;
	if (members >= INDEX_MIN && members <= INDEX_SLOTS / 2) {
		const uint32_t *slot = index_of(js, obj);
		if (slot && slot[0] != UINT32_MAX) {
			for (uint32_t h = key_hash(head, klen);; h = (h + 1) & (INDEX_SLOTS - 1)) {
				uint32_t s = slot[h];
				if (!s)
					return 0;
				if (key_is(js, &tok[s - 1], head, key, klen))
					return s; /* the value follows its key */
			}
		}
	}
	for (uint32_t i = obj + 1; i < end; i = tok[i + 1].next) {
		/* Most keys are unescaped: length and first word decide nearly
		 * every comparison, as this loop runs for every look-up. */
		const struct jtok *k = &tok[i];
		if (!k->escaped) {
			if (k->len == klen && k->u.head == head &&
			    (klen <= 8 || memcmp(js->buf + k->start + 8, key + 8, klen - 8) == 0))
				found = i + 1;
		} else if (jscan_str_eq(js, i, key, klen)) {
			found = i + 1;
		}
	}
	return found;
}

uint32_t jscan_index(const struct jscan *js, uint32_t arr, uint32_t i)
{
	if (arr >= js->ntok || js->tok[arr].type != JT_ARRAY || i >= js->tok[arr].u.n)
		return 0;
	uint32_t t = arr + 1;
	while (i--)
		t = js->tok[t].next;
	return t;
}

double jscan_real(const struct jscan *js, uint32_t t)
{
	const struct jtok *k = &js->tok[t];
	char small[64], *s = k->len < sizeof small ? small : xmalloc(k->len + 1u);
	memcpy(s, js->buf + k->start, k->len);
	s[k->len] = '\0';
	double d = strtod(s, NULL);
	if (s != small)
		free(s);
	return d;
}
