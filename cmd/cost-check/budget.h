/* budget: the thresholds (strictly greater than is over) and the month-end
 * forecast: the daily rate over the days the logs cover (first to last
 * priced call day, both counted) times the days of the latest month.  Days
 * before the first log are not counted as days without spend. */
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
	bool any; /* false when no call was priced */
	char month[8], first_day[11], last_day[11];
	int days_elapsed, days_in_month;
	int window_days; /* first to last priced call day */
	pico_t month_to_date, window_rate, run_rate;
};

struct verdict {
	struct strmap_slot **days_over, **months_over; /* sorted */
	size_t ndays_over, nmonths_over;
	bool forecast_over; /* run rate above the monthly threshold */
	bool over; /* any day or month over */
};

void forecast_of(const struct ledger *l, struct forecast *f);
void verdict_of(const struct ledger *l, const struct budget *b, const struct forecast *f, struct verdict *v);
void verdict_free(struct verdict *v);

#endif
