/* bpe: rank table and byte-pair merge.  The merge repeatedly joins the
 * adjacent pair of parts whose joined bytes have the lowest rank, the
 * leftmost on ties, until no joined pair is a token: tiktoken's rule, which
 * the counts must reproduce exactly.  Short pieces (nearly all of them) use
 * a flat array; long ones a heap, so a megabyte without spaces stays linear
 * enough. */
#include "bpe.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "strmap.h"
#include "vec.h"

static uint64_t hash_bytes(const uint8_t *p, size_t len)
{
	uint64_t h = fnv1a(FNV1A_BASIS ^ len, p, len);
	return h ^ (h >> 29);
}

uint32_t ranks_get(const struct ranks *r, const uint8_t *p, size_t len)
{
	if (!r->slots)
		return RANK_NONE;
	for (uint32_t s = (uint32_t)hash_bytes(p, len) & r->mask;; s = (s + 1) & r->mask) {
		uint32_t e = r->slots[s];
		if (!e)
			return RANK_NONE;
		e--;
		if (r->off[e + 1] - r->off[e] == len && memcmp(r->bytes + r->off[e], p, len) == 0)
			return r->rank[e];
	}
}

/* Standard base64 (padding required to a multiple of four) of in[0, n)
 * decoded into out; the byte count, or (size_t)-1 when invalid.  Inline
 * rather than a library call per line: 200,000 short lines. */
static size_t b64_into(const char *in, size_t n, uint8_t *out)
{
	static int8_t val[256];
	if (!val['B']) {
		memset(val, -1, sizeof val);
		for (int i = 0; i < 64; i++)
			val[(unsigned char)"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[i]] =
				(int8_t)i;
	}
	if (n == 0 || n % 4)
		return (size_t)-1;
	size_t o = 0;
	for (size_t i = 0; i < n; i += 4) {
		int a = val[(unsigned char)in[i]], b = val[(unsigned char)in[i + 1]];
		bool last = i + 4 == n;
		int c = last && in[i + 2] == '=' ? -2 : val[(unsigned char)in[i + 2]];
		int d = last && in[i + 3] == '=' ? -2 : val[(unsigned char)in[i + 3]];
		if (a < 0 || b < 0 || c == -1 || d == -1 || (c == -2 && d != -2))
			return (size_t)-1;
		out[o++] = (uint8_t)(a << 2 | b >> 4);
		if (c >= 0)
			out[o++] = (uint8_t)((b & 15) << 4 | c >> 2);
		if (d >= 0)
			out[o++] = (uint8_t)((c & 3) << 6 | d);
	}
	return o;
}

int ranks_parse(struct ranks *r, const char *buf, size_t len, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	size_t lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n';
	lines += len && buf[len - 1] != '\n';
	if (lines == 0 || lines > UINT32_MAX / 4) {
		snprintf(err, errlen, "no ranks in the file");
		return -1;
	}
	r->bytes = xmalloc(len); /* decoded tokens are shorter than their lines */
	r->off = xmalloc((lines + 1) * sizeof *r->off);
	r->rank = xmalloc(lines * sizeof *r->rank);
	uint32_t cap = 1;
	while (cap < lines * 2)
		cap <<= 1;
	r->slots = xcalloc(cap, sizeof *r->slots);
	r->mask = cap - 1;

	size_t pos = 0, used = 0, lineno = 0;
	while (pos < len) {
		const char *line = buf + pos, *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		pos += ll + 1;
		lineno++;
		if (ll == 0)
			continue;
		const char *sp = memchr(line, ' ', ll);
		uint64_t rank = 0;
		size_t nlen = sp ? ll - (size_t)(sp - line) - 1 : 0, k;
		for (k = 0; sp && k < nlen && k < 10 && sp[1 + k] >= '0' && sp[1 + k] <= '9'; k++)
			rank = rank * 10 + (uint64_t)(sp[1 + k] - '0');
		size_t tlen = sp ? b64_into(line, (size_t)(sp - line), r->bytes + used) : 0;
		if (!sp || nlen == 0 || k != nlen || rank >= UINT32_MAX || tlen == 0 || tlen == (size_t)-1) {
			snprintf(err, errlen, "line %zu: expected \"BASE64 RANK\"", lineno);
			ranks_free(r);
			return -1;
		}
		/* Insert, and find a duplicate on the way: it would sit in the
		 * same probe chain. */
		const uint8_t *tok = r->bytes + used;
		uint32_t sl = (uint32_t)hash_bytes(tok, tlen) & r->mask;
		for (; r->slots[sl]; sl = (sl + 1) & r->mask) {
			uint32_t o = r->slots[sl] - 1;
			if (r->off[o + 1] - r->off[o] == tlen && memcmp(r->bytes + r->off[o], tok, tlen) == 0) {
				snprintf(err, errlen, "line %zu: token listed twice", lineno);
				ranks_free(r);
				return -1;
			}
		}
		uint32_t e = r->n++;
		r->off[e] = (uint32_t)used;
		used += tlen;
		r->off[e + 1] = (uint32_t)used;
		r->rank[e] = (uint32_t)rank;
		r->slots[sl] = e + 1;
	}
	return 0;
}

void ranks_free(struct ranks *r)
{
	free(r->bytes);
	free(r->off);
	free(r->rank);
	free(r->slots);
	memset(r, 0, sizeof *r);
}

/* Rank of the bytes from boundary a to boundary b. */
static uint32_t span_rank(const struct ranks *r, const uint8_t *p, size_t a, size_t b)
{
	return ranks_get(r, p + a, b - a);
}

#define FLAT_MAX 256

static size_t merge_flat(const struct ranks *r, const uint8_t *p, size_t len, uint32_t *ids)
{
	/* start[k] is the k-th part's first byte; rk[k] the rank of parts k
	 * and k+1 joined.  n parts plus the end sentinel. */
	uint32_t start[FLAT_MAX + 1], rk[FLAT_MAX + 1];
	size_t n = len;
	for (size_t k = 0; k <= len; k++) {
		start[k] = (uint32_t)k;
		rk[k] = k + 1 < len ? span_rank(r, p, k, k + 2) : RANK_NONE;
	}
	for (;;) {
		uint32_t best = RANK_NONE;
		size_t i = 0;
		for (size_t k = 0; k + 1 < n; k++)
			if (rk[k] < best) {
				best = rk[k];
				i = k;
			}
		if (best == RANK_NONE)
			break;
		memmove(start + i + 1, start + i + 2, (n - i - 1) * sizeof *start);
		memmove(rk + i + 1, rk + i + 2, (n - i - 1) * sizeof *rk);
		n--;
		rk[i] = i + 1 < n ? span_rank(r, p, start[i], start[i + 2]) : RANK_NONE;
		if (i > 0)
			rk[i - 1] = span_rank(r, p, start[i - 1], start[i + 1]);
	}
	if (ids)
		for (size_t k = 0; k < n; k++)
			ids[k] = span_rank(r, p, start[k], start[k + 1]);
	return n;
}

/* The heap variant: boundaries in a linked list, candidate merges in a
 * min-heap on (rank, position) with stale entries skipped on pop. */
struct cand {
	uint32_t rank, pos, ver;
};

static int cand_less(const struct cand *a, const struct cand *b)
{
	return a->rank != b->rank ? a->rank < b->rank : a->pos < b->pos;
}

static void heap_push(struct cand *h, size_t *n, struct cand c)
{
	size_t i = (*n)++;
	while (i > 0 && cand_less(&c, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = c;
}

static struct cand heap_pop(struct cand *h, size_t *n)
{
	struct cand top = h[0], last = h[--*n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && cand_less(&h[c + 1], &h[c]))
			c++;
		if (!cand_less(&h[c], &last))
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n)
		h[i] = last;
	return top;
}

static size_t merge_heap(const struct ranks *r, const uint8_t *p, size_t len, uint32_t *ids)
{
	/* Boundary k sits before byte k; next[k]/prev[k] link live ones. */
	uint32_t *next = xmalloc((len + 1) * sizeof *next);
	uint32_t *prev = xmalloc((len + 1) * sizeof *prev);
	uint32_t *ver = xcalloc(len + 1, sizeof *ver);
	size_t hcap = 3 * len + 1, hn = 0;
	struct cand *heap = xmalloc(hcap * sizeof *heap);
	for (size_t k = 0; k <= len; k++) {
		next[k] = (uint32_t)(k + 1);
		prev[k] = (uint32_t)(k ? k - 1 : 0);
	}
	for (size_t k = 0; k + 2 <= len; k++) {
		uint32_t rk = span_rank(r, p, k, k + 2);
		if (rk != RANK_NONE)
			heap_push(heap, &hn, (struct cand){rk, (uint32_t)k, 0});
	}
	size_t parts = len;
	while (hn) {
		struct cand c = heap_pop(heap, &hn);
		if (c.ver != ver[c.pos])
			continue;
		uint32_t i = c.pos, gone = next[i];
		next[i] = next[gone];
		prev[next[gone]] = i;
		ver[gone] = UINT32_MAX; /* no longer a boundary */
		parts--;
		ver[i]++;
		if (next[i] < len) {
			uint32_t rk = span_rank(r, p, i, next[next[i]]);
			if (rk != RANK_NONE)
				heap_push(heap, &hn, (struct cand){rk, i, ver[i]});
		}
		if (i > 0) {
			uint32_t q = prev[i];
			ver[q]++;
			uint32_t rk = span_rank(r, p, q, next[i]);
			if (rk != RANK_NONE)
				heap_push(heap, &hn, (struct cand){rk, q, ver[q]});
		}
		VEC_RESERVE(heap, hcap, hn + 3);
	}
	if (ids) {
		size_t t = 0;
		for (uint32_t k = 0; k < len; k = next[k])
			ids[t++] = span_rank(r, p, k, next[k]);
	}
	free(next);
	free(prev);
	free(ver);
	free(heap);
	return parts;
}

size_t bpe_merge(const struct ranks *r, const uint8_t *p, size_t len, uint32_t *ids)
{
	if (len == 0)
		return 0;
	uint32_t whole = ranks_get(r, p, len);
	if (whole != RANK_NONE) {
		if (ids)
			ids[0] = whole;
		return 1;
	}
	return len <= FLAT_MAX ? merge_flat(r, p, len, ids) : merge_heap(r, p, len, ids);
}
