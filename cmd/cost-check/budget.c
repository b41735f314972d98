/* budget: which days and months are over their threshold, and the month-end forecast. */
#include "budget.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "timeutil.h"

static int64_t day_number(const char *d)
{
	return days_from_civil(atoi(d), (unsigned)atoi(d + 5), (unsigned)atoi(d + 8));
}

void forecast_of(const struct ledger *l, struct forecast *f)
{
	memset(f, 0, sizeof *f);
	if (!l->total.calls)
		return;
	/* The first and latest priced calls' days: by_day's first and last keys. */
	size_t n;
	struct strmap_slot **days = ledger_sorted(&l->day, &n);
	const char *first = days[0]->key, *last = days[n - 1]->key;
	f->any = true;
	memcpy(f->first_day, first, 10);
	memcpy(f->last_day, last, 10);
	memcpy(f->month, last, 7);
	int y = atoi(last), m = atoi(last + 5);
	f->days_elapsed = atoi(last + 8);
	f->days_in_month = days_in_month(y, (unsigned)m);
	struct strmap_slot *ms = strmap_find(&l->month, f->month, 7);
	f->month_to_date = ms ? ((struct bucket *)ms->val)->cost : 0;
	f->window_days = (int)(day_number(last) - day_number(first) + 1);
	f->window_rate = (l->total.cost + f->window_days / 2) / f->window_days;
	pico_t num = l->total.cost * f->days_in_month;
	f->run_rate = (num + f->window_days / 2) / f->window_days;
	free(days);
}

static struct strmap_slot **over(const struct strmap *m, pico_t limit, size_t *k)
{
	size_t n;
	struct strmap_slot **v = ledger_sorted(m, &n);
	*k = 0;
	for (size_t i = 0; i < n; i++)
		if (((struct bucket *)v[i]->val)->cost > limit)
			v[(*k)++] = v[i];
	return v;
}

void verdict_of(const struct ledger *l, const struct budget *b, const struct forecast *f, struct verdict *v)
{
	memset(v, 0, sizeof *v);
	if (b->has_daily)
		v->days_over = over(&l->day, b->daily, &v->ndays_over);
	if (b->has_monthly) {
		v->months_over = over(&l->month, b->monthly, &v->nmonths_over);
		v->forecast_over = f->any && f->run_rate > b->monthly;
	}
	v->over = v->ndays_over || v->nmonths_over;
}

void verdict_free(struct verdict *v)
{
	free(v->days_over);
	free(v->months_over);
}
