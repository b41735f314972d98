/* status: the periodic "N of M healthy" line of a long wait, in place on a terminal. */
#include "status.h"

#include "strutils.h"

void status_init(struct status *s, FILE *fp, bool on, int64_t start_ms)
{
	*s = (struct status){.on = on, .next_ms = start_ms + STATUS_EVERY_MS};
	statusline_init(&s->line, fp, true);
}

void status_format(const struct wait_run *run, bool any, int64_t elapsed_ms, int64_t left_ms, char *buf, size_t len)
{
	size_t healthy = 0, waiting = 0;
	const struct target *first = NULL;
	for (size_t i = 0; i < run->n; i++) {
		const struct target *t = &run->t[i];
		if (t->st.health == H_HEALTHY) {
			healthy++;
		} else {
			waiting++;
			if (!first)
				first = t;
		}
	}
	char when[32];
	format_seconds(left_ms >= 0 ? left_ms : elapsed_ms, when, sizeof when);
	int n = snprintf(buf, len, "%zu of %zu healthy", healthy, run->n);
	if (any && run->n > 1)
		n += snprintf(buf + n, len - (size_t)n, " (one is enough)");
	if (first && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "; %s: %s (attempt %d)", first->name, first->reason,
			      first->st.attempts);
	if (waiting > 1 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " and %zu more", waiting - 1);
	if ((size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "; %s %s", when, left_ms >= 0 ? "left" : "elapsed");
}

static void draw(struct status *s, const struct wait_run *run, bool any, int64_t now_ms, int64_t start_ms,
		 int64_t deadline_ms)
{
	char line[700];
	status_format(run, any, now_ms - start_ms, deadline_ms ? deadline_ms - now_ms : -1, line, sizeof line);
	statusline_show(&s->line, line);
}

void status_tick(struct status *s, const struct wait_run *run, bool any, int64_t now_ms, int64_t start_ms,
		 int64_t deadline_ms)
{
	if (!s->on || now_ms < s->next_ms)
		return;
	s->next_ms = now_ms + STATUS_EVERY_MS;
	draw(s, run, any, now_ms, start_ms, deadline_ms);
}

void status_redraw(struct status *s, const struct wait_run *run, bool any, int64_t now_ms, int64_t start_ms,
		   int64_t deadline_ms)
{
	if (s->on && s->line.in_place)
		draw(s, run, any, now_ms, start_ms, deadline_ms);
}

bool status_clear(struct status *s)
{
	return statusline_clear(&s->line);
}
