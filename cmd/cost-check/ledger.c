/* ledger: a run's counters, buckets and rejection samples, and two ledgers added up. */
#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "timeutil.h"

void ledger_init(struct ledger *l)
{
	memset(l, 0, sizeof *l);
	strmap_init(&l->day);
	strmap_init(&l->month);
	strmap_init(&l->model);
	strmap_init(&l->route);
	strmap_init(&l->feature);
	strmap_init(&l->unpriced_model);
	strmap_init(&l->unpriced_first);
	for (int i = 0; i < 64; i++)
		l->dcache[i].day = INT64_MIN;
}

void ledger_free(struct ledger *l)
{
	strmap_free(&l->day, free);
	strmap_free(&l->month, free);
	strmap_free(&l->model, free);
	strmap_free(&l->route, free);
	strmap_free(&l->feature, free);
	strmap_free(&l->unpriced_model, free);
	strmap_free(&l->unpriced_first, free);
}

struct bucket *ledger_bucket(struct strmap *m, const char *key, size_t klen)
{
	struct strmap_slot *s = strmap_put(m, key, klen);
	if (!s->val)
		s->val = xcalloc(1, sizeof(struct bucket));
	return s->val;
}

void bucket_add(struct bucket *b, const struct record *r, pico_t cost)
{
	b->calls++;
	b->cost += cost;
	if (r->proxy_cache_hit)
		return; /* P6: served by the proxy, no provider tokens */
	b->tok.input_total += r->input_total;
	b->tok.uncached += r->uncached;
	b->tok.cache_read += r->cache_read;
	b->tok.cache_write += r->cache_write_5m + r->cache_write_1h;
	b->tok.output += r->output;
	b->tok.reasoning += r->reasoning;
}

void bucket_merge(struct bucket *dst, const struct bucket *src)
{
	dst->calls += src->calls;
	dst->cost += src->cost;
	dst->tok.input_total += src->tok.input_total;
	dst->tok.uncached += src->tok.uncached;
	dst->tok.cache_read += src->tok.cache_read;
	dst->tok.cache_write += src->tok.cache_write;
	dst->tok.output += src->tok.output;
	dst->tok.reasoning += src->tok.reasoning;
}

static const char NONE[] = "(none)";

static void note_time(struct ledger *l, int64_t t)
{
	if (!l->accepted || t < l->tmin)
		l->tmin = t;
	if (!l->accepted || t > l->tmax)
		l->tmax = t;
	l->accepted++;
}

void ledger_add(struct ledger *l, const struct record *r, const char *model_key, pico_t cost)
{
	note_time(l, r->time);
	if (r->proxy_cache_hit)
		l->proxy_cache_hits++;
	if (r->has_logged_cost) {
		l->logged_calls++;
		l->logged_cost += r->logged_cost;
	}
	bucket_add(&l->total, r, cost);
	int64_t day = r->time / 86400; /* times are never before 1970 */
	unsigned slot = (unsigned)(day & 63);
	if (l->dcache[slot].day != day) {
		char d[11], m[8];
		utc_day(r->time, d);
		utc_month(r->time, m);
		l->dcache[slot].d = ledger_bucket(&l->day, d, 10);
		l->dcache[slot].m = ledger_bucket(&l->month, m, 7);
		l->dcache[slot].day = day;
	}
	bucket_add(l->dcache[slot].d, r, cost);
	bucket_add(l->dcache[slot].m, r, cost);
	bucket_add(ledger_bucket(&l->model, model_key, strlen(model_key)), r, cost);
	bucket_add(r->route.n ? ledger_bucket(&l->route, r->route.s, r->route.n)
			      : ledger_bucket(&l->route, NONE, sizeof NONE - 1),
		   r, cost);
	bucket_add(r->feature.n ? ledger_bucket(&l->feature, r->feature.s, r->feature.n)
				: ledger_bucket(&l->feature, NONE, sizeof NONE - 1),
		   r, cost);
}

void ledger_add_unpriced(struct ledger *l, const struct record *r, const char *file, uint64_t line)
{
	note_time(l, r->time);
	l->unpriced++;
	bucket_add(ledger_bucket(&l->unpriced_model, r->model.s, r->model.n), r, 0);
	struct strmap_slot *s = strmap_put(&l->unpriced_first, r->model.s, r->model.n);
	if (!s->val) {
		struct first_seen *f = xcalloc(1, sizeof *f);
		f->file = file;
		f->line = line;
		snprintf(f->request_id, sizeof f->request_id, "%.*s", (int)r->request_id.n, r->request_id.s);
		s->val = f;
	}
}

void ledger_reject(struct ledger *l, const char *file, uint64_t line, int col, enum reason why, const char *what)
{
	l->rejected++;
	l->by_reason[why]++;
	if (l->nsamples == LEDGER_SAMPLES)
		return;
	struct sample *s = &l->samples[l->nsamples++];
	s->file = file;
	s->line = line;
	s->col = col;
	s->reason = why;
	snprintf(s->what, sizeof s->what, "%s", what);
}

static void merge_map(struct strmap *dst, const struct strmap *src)
{
	strmap_each(src, s)
		bucket_merge(ledger_bucket(dst, s->key, s->klen), s->val);
}

void ledger_merge(struct ledger *dst, const struct ledger *src, uint64_t line_offset)
{
	if (src->accepted) {
		if (!dst->accepted || src->tmin < dst->tmin)
			dst->tmin = src->tmin;
		if (!dst->accepted || src->tmax > dst->tmax)
			dst->tmax = src->tmax;
	}
	dst->physical += src->physical;
	dst->blank += src->blank;
	dst->accepted += src->accepted;
	dst->rejected += src->rejected;
	dst->unpriced += src->unpriced;
	dst->outside_period += src->outside_period;
	dst->proxy_cache_hits += src->proxy_cache_hits;
	dst->other_spans += src->other_spans;
	dst->logged_calls += src->logged_calls;
	dst->logged_cost += src->logged_cost;
	for (int i = 0; i < NREASONS; i++)
		dst->by_reason[i] += src->by_reason[i];
	bucket_merge(&dst->total, &src->total);
	merge_map(&dst->day, &src->day);
	merge_map(&dst->month, &src->month);
	merge_map(&dst->model, &src->model);
	merge_map(&dst->route, &src->route);
	merge_map(&dst->feature, &src->feature);
	merge_map(&dst->unpriced_model, &src->unpriced_model);
	strmap_each(&src->unpriced_first, f) {
		struct strmap_slot *d = strmap_put(&dst->unpriced_first, f->key, f->klen);
		if (!d->val) {
			struct first_seen *c = xmalloc(sizeof *c);
			*c = *(const struct first_seen *)f->val;
			c->line += line_offset;
			d->val = c;
		}
	}
	/* Ranges are merged in file order, so the first examples stay first. */
	for (int i = 0; i < src->nsamples && dst->nsamples < LEDGER_SAMPLES; i++) {
		dst->samples[dst->nsamples] = src->samples[i];
		dst->samples[dst->nsamples++].line += line_offset;
	}
}

static int by_key(const void *a, const void *b)
{
	const struct strmap_slot *x = *(const struct strmap_slot *const *)a, *y = *(const struct strmap_slot *const *)b;
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c = memcmp(x->key, y->key, n);
	return c ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

struct strmap_slot **ledger_sorted(const struct strmap *m, size_t *n)
{
	struct strmap_slot **v = xmalloc((m->n + 1) * sizeof *v);
	size_t k = 0;
	strmap_each(m, s)
		v[k++] = s;
	qsort(v, k, sizeof *v, by_key);
	*n = k;
	return v;
}
