/* color: when to colour, and the escapes. */
#include "color.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The decision for stdout and stderr (fds 1 and 2). */
static bool enabled[3];

int color_parse_mode(const char *s)
{
	if (!s || strcmp(s, "always") == 0)
		return COLOR_ALWAYS;
	if (strcmp(s, "auto") == 0)
		return COLOR_AUTO;
	if (strcmp(s, "never") == 0)
		return COLOR_NEVER;
	return -1;
}

bool color_wanted(enum color_mode mode, int fd)
{
	if (mode != COLOR_AUTO)
		return mode == COLOR_ALWAYS;
	const char *no = getenv("NO_COLOR");
	if (no && *no)
		return false;
	const char *term = getenv("TERM");
	if (!term || !*term || strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd) == 1;
}

bool color_init(enum color_mode mode, int fd)
{
	bool on = color_wanted(mode, fd);
	if (fd >= 0 && fd < 3)
		enabled[fd] = on;
	return on;
}

bool color_enabled(FILE *fp)
{
	int fd = fp ? fileno(fp) : -1;
	return fd >= 0 && fd < 3 && enabled[fd];
}

const char *color_on(FILE *fp, enum color_role role)
{
	static const char *const sgr[] = {
		[COLOR_ERROR] = "\033[1;31m", [COLOR_WARNING] = "\033[1;35m", [COLOR_NOTE] = "\033[1;36m",
		[COLOR_OK] = "\033[1;32m",    [COLOR_BOLD] = "\033[1m",
	};
	return color_enabled(fp) ? sgr[role] : "";
}

const char *color_off(FILE *fp)
{
	return color_enabled(fp) ? "\033[0m" : "";
}

void color_fputs(FILE *fp, enum color_role role, const char *word)
{
	fputs(color_on(fp, role), fp);
	fputs(word, fp);
	fputs(color_off(fp), fp);
}

enum color_role color_for_severity(enum severity sev)
{
	return sev == SEV_ERROR ? COLOR_ERROR : sev == SEV_WARNING ? COLOR_WARNING : COLOR_NOTE;
}
