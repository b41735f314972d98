/* diag: findings and their renderers. */
#include "diag.h"
#include "cli.h"
#include "gha.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *severity_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

int parse_format(const char *s, unsigned allowed)
{
	static const char *names[] = {"text", "json", "github", "sarif", "markdown"};
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strcmp(s, names[i]) == 0 && (allowed & (1u << i)))
			return i;
	return -1;
}

void findings_add(struct findings *fs, const char *file, int line, int col, enum severity sev,
		  const char *rule, const char *fmt, ...)
{
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 8;
		fs->v = xrealloc(fs->v, fs->cap * sizeof *fs->v);
	}
	struct finding *f = &fs->v[fs->n++];
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&f->message, fmt, ap) < 0)
		die(EXIT_ENV, "out of memory");
	va_end(ap);
	f->file = xstrdup(file ? file : "-");
	f->line = line;
	f->col = col;
	f->sev = sev;
	f->rule = rule ? xstrdup(rule) : NULL;
}

size_t findings_count(const struct findings *fs, enum severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->n; i++)
		n += fs->v[i].sev == sev;
	return n;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->rule ? x->rule : "", y->rule ? y->rule : "");
}

void findings_sort(struct findings *fs)
{
	if (fs->n)
		qsort(fs->v, fs->n, sizeof *fs->v, cmp_finding);
}

void findings_free(struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].file);
		free(fs->v[i].rule);
		free(fs->v[i].message);
	}
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}

void diag_print_text(FILE *fp, const struct finding *f)
{
	if (f->line > 0 && f->col > 0)
		fprintf(fp, "%s:%d:%d: ", f->file, f->line, f->col);
	else if (f->line > 0)
		fprintf(fp, "%s:%d: ", f->file, f->line);
	else
		fprintf(fp, "%s: ", f->file);
	fprintf(fp, "%s: %s", severity_name(f->sev), f->message);
	if (f->rule)
		fprintf(fp, " [%s]", f->rule);
	fputc('\n', fp);
}

json_t *diag_to_json(const struct finding *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "file", json_string(f->file));
	json_object_set_new(o, "line", json_integer(f->line));
	json_object_set_new(o, "col", json_integer(f->col));
	json_object_set_new(o, "severity", json_string(severity_name(f->sev)));
	json_object_set_new(o, "rule", f->rule ? json_string(f->rule) : json_null());
	json_object_set_new(o, "message", json_string(f->message));
	return o;
}

void diag_print_github(FILE *fp, const struct finding *f)
{
	const char *cmd = f->sev == SEV_ERROR ? "error" : f->sev == SEV_WARNING ? "warning" : "notice";
	char *file = gha_escape_property(f->file);
	char *msg = gha_escape_data(f->message);
	fprintf(fp, "::%s file=%s", cmd, file);
	if (f->line > 0)
		fprintf(fp, ",line=%d", f->line);
	if (f->col > 0)
		fprintf(fp, ",col=%d", f->col);
	if (f->rule) {
		char *title = gha_escape_property(f->rule);
		fprintf(fp, ",title=%s", title);
		free(title);
	}
	fprintf(fp, "::%s\n", msg);
	free(file);
	free(msg);
}
