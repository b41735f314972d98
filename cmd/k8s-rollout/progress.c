/* progress: drawing the status line, and when (see progress.h). */
#include "progress.h"
#include "timeutil.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
	bool on;
	bool in_place; /* a terminal: one line redrawn */
	bool drawn; /* a line is on the screen without its newline */
	progress_fn *fn; /* the wait going on, or NULL */
	void *ud;
	int64_t next; /* when the next line is due (monotonic ms) */
} pr;

void progress_init(bool on, bool verbose)
{
	const char *term = getenv("TERM");
	pr.on = on;
	pr.in_place = !verbose && isatty(STDERR_FILENO) == 1 && term && *term && strcmp(term, "dumb") != 0;
}

static void draw(void)
{
	char line[700];
	pr.fn(pr.ud, line, sizeof line);
	if (pr.in_place) {
		fprintf(stderr, "\r\033[K%s", line);
		pr.drawn = true;
	} else {
		fprintf(stderr, "%s\n", line);
	}
	fflush(stderr);
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
	if (!pr.drawn)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	pr.drawn = false;
}

void progress_say(FILE *fp, const char *fmt, ...)
{
	bool was = pr.drawn;
	progress_clear();
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

void progress_seconds(int64_t ms, char *buf, size_t len)
{
	long long s = (long long)((ms + 999) / 1000);
	if (s < 60)
		snprintf(buf, len, "%llds", s);
	else if (s < 3600)
		snprintf(buf, len, "%lldm%llds", s / 60, s % 60);
	else
		snprintf(buf, len, "%lldh%lldm", s / 3600, s % 3600 / 60);
}
