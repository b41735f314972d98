/* verdict: verdict phrases in colour, and the lines that carry them. */
#include "verdict.h"
#include "cli.h"
#include "ghaout.h"
#include "progress.h"

#include <stdarg.h>
#include <string.h>

const char *verdict_paint(FILE *fp, enum color_role role, const char *text, const char *phrase, char *buf, size_t len)
{
	const char *at = color_enabled(fp) && phrase && *phrase ? strstr(text, phrase) : NULL;
	if (!at)
		return text;
	snprintf(buf, len, "%.*s%s%s%s%s", (int)(at - text), text, color_on(fp, role), phrase, color_off(fp),
		 at + strlen(phrase));
	return buf;
}

void verdict_say(enum color_role role, const char *phrase, const char *fmt, ...)
{
	char text[1200], painted[1300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	progress_say(stdout, "%s\n", verdict_paint(stdout, role, text, phrase, painted, sizeof painted));
}

void verdict_fail(const char *phrase, const char *fmt, ...)
{
	char text[2048], painted[2100];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	progress_clear();
	msg_error("%s",
		  ghaout_enabled() ? text : verdict_paint(stderr, COLOR_ERROR, text, phrase, painted, sizeof painted));
}
