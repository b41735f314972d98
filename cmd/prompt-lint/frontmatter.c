/* frontmatter: split a file at its "---" lines into front matter and body. */
#include "frontmatter.h"

#include <string.h>

/* End of the line starting at i (the '\n' or len). */
static size_t eol(const char *buf, size_t len, size_t i)
{
	const char *nl = memchr(buf + i, '\n', len - i);
	return nl ? (size_t)(nl - buf) : len;
}

/* Is buf[a, b) a "---" marker line (trailing blanks and CR allowed)? */
static bool is_marker(const char *buf, size_t a, size_t b)
{
	if (b - a < 3 || memcmp(buf + a, "---", 3) != 0)
		return false;
	for (size_t i = a + 3; i < b; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r')
			return false;
	return true;
}

/* A line allowed before the opening "---": blank, or a comment.  The
 * Dotprompt reader wants the '#' in the first column; an indented one
 * there means the file has no front matter at all. */
static bool is_skippable(const char *buf, size_t a, size_t b, bool dotprompt)
{
	if (dotprompt && a < b && buf[a] == '#')
		return true;
	while (a < b && (buf[a] == ' ' || buf[a] == '\t' || buf[a] == '\r'))
		a++;
	return a == b || (!dotprompt && buf[a] == '#');
}

void fm_split(const char *buf, size_t len, struct frontmatter *fm)
{
	fm_split_as(buf, len, false, fm);
}

void fm_split_as(const char *buf, size_t len, bool dotprompt, struct frontmatter *fm)
{
	memset(fm, 0, sizeof *fm);
	size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	size_t first = i;
	int line = 0;
	while (i < len) {
		size_t e = eol(buf, len, i);
		if (is_marker(buf, i, e))
			break;
		if (!is_skippable(buf, i, e, dotprompt)) {
			fm->body = first; /* no front matter: the whole file is body */
			return;
		}
		line++;
		i = e + 1;
	}
	if (i >= len) {
		fm->body = first;
		return;
	}
	fm->present = true;
	fm->open = i;
	size_t e = eol(buf, len, i);
	fm->yaml = e < len ? e + 1 : len;
	fm->yaml_line0 = line + 1;
	for (size_t j = fm->yaml; j < len;) {
		size_t je = eol(buf, len, j);
		if (is_marker(buf, j, je)) {
			fm->closed = true;
			fm->yaml_len = j - fm->yaml;
			fm->body = je < len ? je + 1 : len;
			return;
		}
		j = je + 1;
	}
	fm->yaml_len = len - fm->yaml;
	fm->body = len;
}
