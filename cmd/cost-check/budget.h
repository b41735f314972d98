/* budget: the thresholds (strictly greater than is over) and the month-end
 * forecast: for the latest month in the data, month-to-date cost divided by
 * the day of month of the latest call, times the days in that month. */
#ifndef COST_CHECK_BUDGET_H
#define COST_CHECK_BUDGET_H

#include <stdbool.h>
#include <stddef.h>

#include "ledger.h"
#include "money.h"

struct budget {
	bool has_daily, has_monthly;
	pico_t daily, monthly;
};

struct forecast {
	bool any;                    /* false when no call was priced */
	char month[8], last_day[11];
	int days_elapsed, days_in_month;
	pico_t month_to_date, run_rate;
};

struct verdict {
	struct strmap_slot **days_over, **months_over;   /* sorted */
	size_t ndays_over, nmonths_over;
	bool forecast_over;          /* run rate above the monthly threshold */
	bool over;                   /* any day or month over */
};

void forecast_of(const struct ledger *l, struct forecast *f);
void verdict_of(const struct ledger *l, const struct budget *b, const struct forecast *f, struct verdict *v);
void verdict_free(struct verdict *v);

#endif
