/* srcmap: map template offsets back to the file.
 * Rather than re-implement YAML's folding and escapes, the source lines of
 * a scalar are cut into runs of characters that reach the value unchanged
 * (a line without its indentation, the text between two escapes) and each
 * run is found again in the value, just after the previous one.  Within a
 * run the mapping is exact; the little that YAML rewrites (line breaks,
 * escapes) sits between runs. */
#include "srcmap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vec.h"

static bool ascii(const char *buf, size_t len)
{
	size_t i = 0;
	uint64_t acc = 0, w;
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, buf + i, 8);
		acc |= w;
	}
	for (; i < len; i++)
		acc |= (unsigned char)buf[i];
	return (acc & 0x8080808080808080ULL) == 0;
}

void srcfile_init(struct srcfile *f, const char *buf, size_t len)
{
	f->buf = buf;
	f->len = len;
	f->bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	size_t cap = 64;
	f->lines = xmalloc(cap * sizeof *f->lines);
	f->nlines = 0;
	f->lines[f->nlines++] = 0;
	/* Line breaks as libyaml counts them (its marks are what findings
	 * carry): LF, CR LF, a lone CR, and U+0085, U+2028, U+2029.  Most
	 * files have only LF, and memchr finds those fastest. */
	const unsigned char *u = (const unsigned char *)buf;
	if (!memchr(buf, '\r', len) && ascii(buf, len)) {
		for (const char *p = buf, *end = buf + len; (p = memchr(p, '\n', (size_t)(end - p))) != NULL;) {
			p++;
			VEC_RESERVE(f->lines, cap, f->nlines + 1);
			f->lines[f->nlines++] = (size_t)(p - buf);
		}
		return;
	}
	for (size_t i = 0; i < len; i++) {
		size_t next = 0;
		if (u[i] == '\n' || (u[i] == '\r' && (i + 1 >= len || u[i + 1] != '\n')))
			next = i + 1;
		else if (u[i] == 0xC2 && i + 1 < len && u[i + 1] == 0x85)
			next = i + 2;
		else if (u[i] == 0xE2 && i + 2 < len && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9))
			next = i + 3;
		if (!next)
			continue;
		VEC_RESERVE(f->lines, cap, f->nlines + 1);
		f->lines[f->nlines++] = next;
		i = next - 1;
	}
}

void srcfile_free(struct srcfile *f)
{
	free(f->lines);
	f->lines = NULL;
}

void srcfile_linecol(const struct srcfile *f, size_t off, int *line, int *col)
{
	if (off > f->len)
		off = f->len;
	size_t lo = 0, hi = f->nlines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (f->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t start = f->lines[lo] + (lo == 0 ? f->bom : 0);
	int c = 1;
	for (size_t i = start; i < off; i++)
		c += ((unsigned char)f->buf[i] & 0xC0) != 0x80;
	*line = (int)lo + 1;
	*col = c;
}

size_t srcfile_offset(const struct srcfile *f, int line, int col)
{
	if (line < 1)
		return 0;
	if ((size_t)line > f->nlines)
		return f->len;
	size_t i = f->lines[line - 1] + (line == 1 ? f->bom : 0);
	size_t stop = (size_t)line < f->nlines ? f->lines[line] : f->len;
	for (int c = 1; c < col && i < stop && f->buf[i] != '\n' && f->buf[i] != '\r'; c++) {
		i++;
		while (i < f->len && ((unsigned char)f->buf[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static void anchor(struct srcmap *m, size_t toff, size_t soff)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->toff = xrealloc(m->toff, m->cap * sizeof *m->toff);
		m->soff = xrealloc(m->soff, m->cap * sizeof *m->soff);
	}
	m->toff[m->n] = toff;
	m->soff[m->n] = soff;
	m->n++;
}

void srcmap_verbatim(struct srcmap *m, size_t start)
{
	anchor(m, 0, start);
}

struct runner {
	struct srcmap *m;
	const char *text;
	size_t tlen, t, slack;
};

/* Find src[a, b) in the text just after the cursor. */
static void run(struct runner *r, const char *src, size_t a, size_t b)
{
	if (b <= a)
		return;
	size_t n = b - a, from = r->t;
	if (from >= r->tlen)
		return;
	size_t span = r->tlen - from, lim = r->slack + n;
	if (span > lim)
		span = lim;
	/* Usually the run follows the cursor after a few line breaks. */
	size_t k = from;
	while (k < from + span && r->text[k] == '\n')
		k++;
	const char *p = k + n <= r->tlen && memcmp(r->text + k, src + a, n) == 0
				? r->text + k
				: memmem(r->text + from, span, src + a, n);
	if (!p)
		return;
	size_t at = (size_t)(p - r->text);
	anchor(r->m, at, a);
	r->t = at + n;
	r->slack = 8;
}

static size_t line_end(const struct srcfile *f, size_t i)
{
	const char *nl = memchr(f->buf + i, '\n', f->len - i);
	return nl ? (size_t)(nl - f->buf) : f->len;
}

void srcmap_scalar(struct srcmap *m, const struct srcfile *f, size_t start, enum yscalar_style style, const char *text,
		   size_t tlen)
{
	const char *s = f->buf;
	struct runner r = {m, text, tlen, 0, 8};
	anchor(m, 0, start);
	size_t i = start;
	if (style == YS_LITERAL || style == YS_FOLDED) {
		i = line_end(f, start); /* the header line: | or > with indicators */
		i += i < f->len;
	} else if (style == YS_SINGLE || style == YS_DOUBLE) {
		i++;
	}
	char q = style == YS_SINGLE ? '\'' : style == YS_DOUBLE ? '"' : 0;
	while (i < f->len && r.t < tlen) {
		size_t e = line_end(f, i), a = i;
		if (i != start + (q != 0) || style == YS_LITERAL || style == YS_FOLDED)
			while (a < e && (s[a] == ' ' || s[a] == '\t'))
				a++;
		size_t b = e;
		if (b > a && s[b - 1] == '\r')
			b--;
		if (q) {
			/* runs between escapes, up to the closing quote */
			size_t k = a, seg = a;
			bool closed = false;
			while (k < b) {
				if (q == '"' && s[k] == '\\') {
					run(&r, s, seg, k);
					r.slack += 4;
					k += 2;
					seg = k;
				} else if (q == '\'' && s[k] == '\'' && k + 1 < b && s[k + 1] == '\'') {
					run(&r, s, seg, k + 1);
					k += 2;
					seg = k;
				} else if (s[k] == q) {
					closed = true;
					break;
				} else {
					k++;
				}
			}
			size_t end = k < b ? k : b;
			while (!closed && end > seg && (s[end - 1] == ' ' || s[end - 1] == '\t'))
				end--;
			run(&r, s, seg, end);
			if (closed)
				break;
		} else {
			while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
				b--;
			run(&r, s, a, b);
		}
		r.slack += 2;
		i = e + 1;
	}
}

size_t srcmap_to_file(const struct srcmap *m, size_t toff)
{
	if (m->n == 0)
		return 0;
	size_t lo = 0, hi = m->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (m->toff[mid] <= toff)
			lo = mid;
		else
			hi = mid;
	}
	return m->soff[lo] + (toff - m->toff[lo]);
}

void srcmap_free(struct srcmap *m)
{
	free(m->toff);
	free(m->soff);
	memset(m, 0, sizeof *m);
}
