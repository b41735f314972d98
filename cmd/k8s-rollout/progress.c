/* progress: drawing the status line, and when (see progress.h). */
#include "progress.h"
#include "statusline.h"
#include "timeutil.h"

#include <stdarg.h>

static struct {
	bool on;
	struct statusline line;
	progress_fn *fn; /* the wait going on, or NULL */
	void *ud;
	int64_t next; /* when the next line is due (monotonic ms) */
} pr;

void progress_init(bool on, bool verbose)
{
	pr.on = on;
	statusline_init(&pr.line, stderr, !verbose);
}

static void draw(void)
{
	char line[700];
	pr.fn(pr.ud, line, sizeof line);
	statusline_show(&pr.line, line);
	pr.next = mono_ms() + PROGRESS_EVERY_MS;
}

void progress_begin(progress_fn *fn, void *ud)
{
	progress_clear();
	pr.fn = fn;
	pr.ud = ud;
	pr.next = mono_ms() + PROGRESS_EVERY_MS;
}

void progress_end(void)
{
	progress_clear();
	pr.fn = NULL;
}

void progress_tick(void)
{
	if (pr.on && pr.fn && mono_ms() >= pr.next)
		draw();
}

void progress_clear(void)
{
	statusline_clear(&pr.line);
}

void progress_say(FILE *fp, const char *fmt, ...)
{
	bool was = statusline_clear(&pr.line);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fflush(fp);
	/* A line drawn in place comes back under the news at once (with the
	 * news in it); a plain one waits for the next quiet stretch. */
	if (was && pr.fn)
		draw();
	else
		pr.next = mono_ms() + PROGRESS_EVERY_MS;
}

void progress_sleep(int64_t ms)
{
	int64_t end = mono_ms() + ms;
	for (int64_t left = ms; left > 0; left = end - mono_ms()) {
		progress_tick();
		sleep_ms(left < 1000 ? left : 1000);
	}
}
