/* gha: GitHub Actions file commands and masks. */
#include "gha.h"
#include "cli.h"
#include "encode.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Workflow commands end a property at ',' and the command at "::"; the
 * runner decodes %25, %0D, %0A, %3A and %2C. */
static char *escape(const char *s, bool property)
{
	size_t n = strlen(s);
	char *out = xmalloc(3 * n + 1), *p = out;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '%': rep = "%25"; break;
		case '\r': rep = "%0D"; break;
		case '\n': rep = "%0A"; break;
		case ':': rep = property ? "%3A" : NULL; break;
		case ',': rep = property ? "%2C" : NULL; break;
		}
		if (rep) {
			memcpy(p, rep, 3);
			p += 3;
		} else {
			*p++ = *s;
		}
	}
	*p = '\0';
	return out;
}

char *gha_escape_data(const char *s)
{
	return escape(s, false);
}
char *gha_escape_property(const char *s)
{
	return escape(s, true);
}

bool gha_enabled(bool no_github)
{
	const char *v = getenv("GITHUB_ACTIONS");
	return !no_github && v && strcmp(v, "true") == 0;
}

char *gha_kv_record(const char *name, const char *value)
{
	if (!strchr(value, '\n') && !strchr(value, '\r'))
		return xasprintf("%s=%s\n", name, value);
	/* A delimiter the value cannot contain: random, and drawn again in the
	 * (astronomically unlikely) case it does. */
	char delim[64];
	do {
		uint8_t rnd[12];
		char hex[25];
		randombytes_buf(rnd, sizeof rnd);
		hex_encode(rnd, sizeof rnd, hex, false);
		snprintf(delim, sizeof delim, "ghadelimiter_%s", hex);
	} while (strstr(value, delim));
	return xasprintf("%s<<%s\n%s\n%s\n", name, delim, value, delim);
}

int gha_append_kv(const char *path, const char *name, const char *value)
{
	FILE *fp = fopen(path, "a");
	if (!fp)
		return -1;
	char *rec = gha_kv_record(name, value);
	fputs(rec, fp);
	free(rec);
	int err = ferror(fp);
	if (fclose(fp) != 0 || err)
		return -1;
	return 0;
}

static int append_to(const char *envvar, const char *name, const char *value)
{
	const char *path = getenv(envvar);
	if (!path || !*path)
		return 0;
	return gha_append_kv(path, name, value);
}

int gha_set_output(const char *name, const char *value)
{
	return append_to("GITHUB_OUTPUT", name, value);
}

int gha_set_env(const char *name, const char *value)
{
	return append_to("GITHUB_ENV", name, value);
}

int gha_summary(const char *markdown)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	if (!path || !*path)
		return 0;
	FILE *fp = fopen(path, "a");
	if (!fp)
		return -1;
	size_t n = strlen(markdown);
	fputs(markdown, fp);
	if (n && markdown[n - 1] != '\n')
		fputc('\n', fp);
	int err = ferror(fp);
	return fclose(fp) != 0 || err ? -1 : 0;
}

void gha_mask_fp(FILE *fp, const char *secret)
{
	/* The runner masks per line: a multi-line secret needs each line. */
	const char *p = secret;
	while (*p) {
		size_t l = strcspn(p, "\r\n");
		if (l) {
			char *line = xstrndup(p, l);
			char *esc = gha_escape_data(line);
			fprintf(fp, "::add-mask::%s\n", esc);
			sodium_memzero(line, l);
			sodium_memzero(esc, strlen(esc));
			free(line);
			free(esc);
		}
		p += l;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	fflush(fp);
}

void gha_mask(const char *secret)
{
	gha_mask_fp(stdout, secret);
}

void gha_md_cell(FILE *fp, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", fp);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', fp);
		else
			fputc(*s, fp);
	}
}
