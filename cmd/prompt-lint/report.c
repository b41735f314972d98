/* report: write the findings and the version table.
 * Findings come out sorted by file, line, column, rule; files in the order
 * they were found (sorted folder walks). */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "color.h"
#include "gha.h"
#include "json.h"
#include "rules.h"

static const char *level_name(enum level l)
{
	return l == LEVEL_ERROR ? "error" : l == LEVEL_WARNING ? "warning" : "note";
}

static enum severity sev_of(enum level l)
{
	return l == LEVEL_ERROR ? SEV_ERROR : l == LEVEL_WARNING ? SEV_WARNING : SEV_NOTE;
}

static int cmp_pf(const void *a, const void *b)
{
	const struct pfinding *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(rules[x->rule].code, rules[y->rule].code);
}

void report_sort(struct pfile *pf)
{
	if (pf->nfs)
		qsort(pf->fs, pf->nfs, sizeof *pf->fs, cmp_pf);
}

void run_count(struct run *r)
{
	r->errors = r->warnings = r->notes = r->skipped = r->tokens = 0;
	for (size_t i = 0; i < r->n; i++) {
		struct pfile *pf = r->files[i];
		report_sort(pf);
		r->skipped += pf->skipped;
		r->tokens += pf->tokens;
		for (size_t k = 0; k < pf->nfs; k++) {
			enum level l = pf->fs[k].level;
			r->errors += l == LEVEL_ERROR;
			r->warnings += l == LEVEL_WARNING;
			r->notes += l == LEVEL_NOTE;
		}
	}
}

static void to_finding(const struct pfile *pf, const struct pfinding *f, struct finding *out)
{
	out->file = (char *)pf->path;
	out->line = f->line;
	out->col = f->col;
	out->sev = sev_of(f->level);
	out->rule = (char *)rule_title(f->rule);
	out->message = f->msg;
}

/* diag_print_text's line, with the severity in colour when fp is a
 * terminal (color_init decided). */
static void print_text(FILE *fp, const struct finding *f)
{
	if (!color_enabled(fp)) {
		diag_print_text(fp, f);
		return;
	}
	fprintf(fp, "%s%s", color_on(fp, COLOR_BOLD), f->file);
	if (f->line > 0)
		fprintf(fp, ":%d", f->line);
	if (f->line > 0 && f->col > 0)
		fprintf(fp, ":%d", f->col);
	fprintf(fp, ":%s ", color_off(fp));
	color_fputs(fp, color_for_severity(f->sev), severity_name(f->sev));
	fprintf(fp, ": %s", f->message);
	if (f->rule)
		fprintf(fp, " [%s]", f->rule);
	fputc('\n', fp);
}

void report_text(FILE *fp, const struct run *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (size_t k = 0; k < r->files[i]->nfs; k++) {
			struct finding f;
			to_finding(r->files[i], &r->files[i]->fs[k], &f);
			print_text(fp, &f);
		}
}

void report_github(FILE *fp, const struct run *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (size_t k = 0; k < r->files[i]->nfs; k++) {
			struct finding f;
			to_finding(r->files[i], &r->files[i]->fs[k], &f);
			diag_print_github(fp, &f);
		}
}

/* The distinct names, in the order they first appear. */
static json_t *names(const struct pvar *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *s = v[i].name;
		bool seen = false;
		for (size_t k = 0; k < json_array_size(a) && !seen; k++)
			seen = strcmp(json_string_value(json_array_get(a, k)), s) == 0;
		if (!seen)
			json_array_append_new(a, json_string(s));
	}
	return a;
}

static json_t *tokens_value(const struct pfile *pf)
{
	return pf->skipped ? json_null() : json_integer((json_int_t)pf->tokens);
}

static json_t *file_json(const struct pfile *pf)
{
	json_t *o = json_object(), *fs = json_array();
	json_object_set_new(o, "path", json_string(pf->path));
	json_object_set_new(o, "format", pf->skipped ? json_null() : json_string(pf->format));
	json_object_set_new(o, "name", pf->name ? json_string(pf->name) : json_null());
	json_object_set_new(o, "sha256", json_string(pf->sha256));
	json_object_set_new(o, "version", json_stringn(pf->sha256, 8));
	json_object_set_new(o, "tokens", tokens_value(pf));
	json_object_set_new(o, "encoding", pf->encoding ? json_string(pf->encoding) : json_null());
	json_object_set_new(o, "tokens_estimated", json_boolean(pf->tokens_estimated));
	json_object_set_new(o, "declared", names(pf->decl, pf->ndecl));
	json_object_set_new(o, "used", names(pf->used, pf->nused));
	for (size_t k = 0; k < pf->nfs; k++) {
		const struct pfinding *f = &pf->fs[k];
		json_t *j = json_object();
		json_object_set_new(j, "line", json_integer(f->line));
		json_object_set_new(j, "col", json_integer(f->col));
		json_object_set_new(j, "severity", json_string(level_name(f->level)));
		json_object_set_new(j, "code", json_string(rules[f->rule].code));
		json_object_set_new(j, "rule", json_string(rules[f->rule].name));
		json_object_set_new(j, "message", json_string(f->msg));
		json_array_append_new(fs, j);
	}
	json_object_set_new(o, "findings", fs);
	return o;
}

/* Print v (and release it) as pretty JSON nested depth levels deep: the
 * same bytes as if it had been dumped inside the whole document. */
static void put_nested(FILE *fp, json_t *v, int depth)
{
	char *s = json_to_string(v, true);
	json_decref(v);
	static const char indent[] = "\n      "; /* a newline and up to three levels */
	const char *p = s;
	for (const char *nl; (nl = strchr(p, '\n')); p = nl + 1) {
		fwrite(p, 1, (size_t)(nl - p), fp);
		fwrite(indent, 1, 1 + 2 * (size_t)depth, fp);
	}
	fputs(p, fp);
	free(s);
}

char *report_json_file(const struct pfile *pf)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (fp) {
		put_nested(fp, file_json(pf), 2);
		if (fclose(fp) == 0)
			return buf;
	}
	die(EXIT_ENV, "out of memory");
}

/* The document is written one file's object at a time, not built as one
 * tree: over 10,000 files the tree and its text cost more than the lint. */
void report_json(FILE *fp, const struct run *r)
{
	const char *enc = NULL;
	for (size_t i = 0; i < r->n; i++)
		if (r->files[i]->encoding)
			enc = r->files[i]->encoding;
	fputs("{\n  \"tool\": \"prompt-lint\",\n  \"version\": ", fp);
	put_nested(fp, json_string(agentci_version()), 1);
	fputs(",\n  \"files\": [", fp);
	for (size_t i = 0; i < r->n; i++) {
		fputs(i ? ",\n    " : "\n    ", fp);
		if (r->files[i]->json)
			fputs(r->files[i]->json, fp);
		else
			put_nested(fp, file_json(r->files[i]), 2);
	}
	fputs(r->n ? "\n  ],\n  \"summary\": " : "],\n  \"summary\": ", fp);
	json_t *s = json_object();
	json_object_set_new(s, "files", json_integer((json_int_t)r->n));
	json_object_set_new(s, "prompts", json_integer((json_int_t)(r->n - r->skipped)));
	json_object_set_new(s, "errors", json_integer((json_int_t)r->errors));
	json_object_set_new(s, "warnings", json_integer((json_int_t)r->warnings));
	json_object_set_new(s, "notes", json_integer((json_int_t)r->notes));
	json_object_set_new(s, "tokens", json_integer((json_int_t)r->tokens));
	json_object_set_new(s, "encoding", enc ? json_string(enc) : json_null());
	put_nested(fp, s, 1);
	fputs("\n}\n", fp);
}

/* A repository-relative URI: the path as given without "./"; absolute
 * paths become file:// URIs.  Characters outside RFC 3986's unreserved
 * set and '/' are percent-encoded. */
static char *uri_of(const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	size_t n = strlen(path);
	char *out = xmalloc(3 * n + 8), *o = out;
	if (path[0] == '/')
		o += sprintf(o, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	return out;
}

#define HELP_URI "https://github.com/agentci/agentci/blob/main/man/man1/prompt-lint.1"

void report_sarif(FILE *fp, const struct run *r)
{
	json_t *rule_list = json_array();
	for (int i = 0; i < R_COUNT; i++) {
		json_t *o = json_object(), *d = json_object(), *c = json_object();
		json_object_set_new(o, "id", json_string(rules[i].code));
		json_object_set_new(o, "name", json_string(rules[i].name));
		json_object_set_new(d, "text", json_string(rules[i].summary));
		json_object_set_new(o, "shortDescription", d);
		json_object_set_new(c, "level", json_string(level_name(rules[i].level)));
		json_object_set_new(o, "defaultConfiguration", c);
		json_object_set_new(o, "helpUri", json_string(HELP_URI));
		json_array_append_new(rule_list, o);
	}
	json_t *driver = json_object();
	json_object_set_new(driver, "name", json_string("prompt-lint"));
	json_object_set_new(driver, "version", json_string(agentci_version()));
	json_object_set_new(driver, "informationUri", json_string(HELP_URI));
	json_object_set_new(driver, "rules", rule_list);
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", driver);
	json_t *results = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const struct pfile *pf = r->files[i];
		char *uri = uri_of(pf->path);
		for (size_t k = 0; k < pf->nfs; k++) {
			const struct pfinding *f = &pf->fs[k];
			json_t *res = json_object(), *msg = json_object(), *loc = json_object();
			json_t *phys = json_object(), *art = json_object(), *reg = json_object();
			json_object_set_new(res, "ruleId", json_string(rules[f->rule].code));
			json_object_set_new(res, "ruleIndex", json_integer(f->rule));
			json_object_set_new(res, "level", json_string(level_name(f->level)));
			json_object_set_new(msg, "text", json_string(f->msg));
			json_object_set_new(res, "message", msg);
			json_object_set_new(art, "uri", json_string(uri));
			json_object_set_new(phys, "artifactLocation", art);
			json_object_set_new(reg, "startLine", json_integer(f->line > 0 ? f->line : 1));
			json_object_set_new(reg, "startColumn", json_integer(f->col > 0 ? f->col : 1));
			json_object_set_new(phys, "region", reg);
			json_object_set_new(loc, "physicalLocation", phys);
			json_t *locs = json_array();
			json_array_append_new(locs, loc);
			json_object_set_new(res, "locations", locs);
			json_array_append_new(results, res);
		}
		free(uri);
	}
	json_t *run = json_object();
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "results", results);
	json_t *runs = json_array();
	json_array_append_new(runs, run);
	json_t *root = json_object();
	json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_object_set_new(root, "runs", runs);
	json_print(fp, root, true);
	json_decref(root);
}

static const char *name_of(const struct pfile *pf)
{
	return pf->name ? pf->name : "";
}

/* At most max rows (0: all). */
static void versions_markdown(FILE *fp, const struct run *r, size_t max)
{
	fputs("| path | template | version | tokens |\n| --- | --- | --- | ---: |\n", fp);
	size_t rows = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct pfile *pf = r->files[i];
		if (pf->skipped)
			continue;
		if (max && rows++ == max) {
			fprintf(fp, "\n(%zu more prompt files; run prompt-lint --versions for all)\n",
				r->n - r->skipped - max);
			break;
		}
		fputs("| ", fp);
		gha_md_cell(fp, pf->path);
		fputs(" | ", fp);
		gha_md_cell(fp, name_of(pf));
		fprintf(fp, " | `%.8s` | %s%zu |\n", pf->sha256, pf->tokens_estimated ? "~" : "", pf->tokens);
	}
}

void report_versions(FILE *fp, const struct run *r, enum out_format fmt)
{
	if (fmt == FMT_MARKDOWN) {
		versions_markdown(fp, r, 0);
		return;
	}
	if (fmt == FMT_JSON) {
		json_t *a = json_array();
		for (size_t i = 0; i < r->n; i++) {
			const struct pfile *pf = r->files[i];
			if (pf->skipped)
				continue;
			json_t *o = json_object();
			json_object_set_new(o, "path", json_string(pf->path));
			json_object_set_new(o, "name", json_string(name_of(pf)));
			json_object_set_new(o, "version", json_stringn(pf->sha256, 8));
			json_object_set_new(o, "sha256", json_string(pf->sha256));
			json_object_set_new(o, "tokens", json_integer((json_int_t)pf->tokens));
			json_object_set_new(o, "encoding", pf->encoding ? json_string(pf->encoding) : json_null());
			json_object_set_new(o, "tokens_estimated", json_boolean(pf->tokens_estimated));
			json_array_append_new(a, o);
		}
		json_t *root = json_object();
		json_object_set_new(root, "versions", a);
		json_print(fp, root, true);
		json_decref(root);
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct pfile *pf = r->files[i];
		if (!pf->skipped)
			fprintf(fp, "%s\t%s\t%.8s\t%s%zu\n", pf->path, name_of(pf), pf->sha256,
				pf->tokens_estimated ? "~" : "", pf->tokens);
	}
}

/* GitHub shows only the first annotations of a step; the summary lists
 * them all (up to a size GitHub accepts: 1 MiB per step). */
#define SUMMARY_ROWS 1000
#define VERSION_ROWS 5000

int report_gha(const struct run *r, bool versions_only)
{
	char *md = NULL;
	size_t mdlen = 0;
	FILE *fp = open_memstream(&md, &mdlen);
	if (!fp)
		return -1;
	fputs("### prompt-lint\n\n", fp);
	if (!versions_only) {
		size_t n = r->n - r->skipped;
		fprintf(fp, "%zu prompt file%s checked: %zu error%s, %zu warning%s\n\n", n, plural(n), r->errors,
			plural(r->errors), r->warnings, plural(r->warnings));
		if (r->errors + r->warnings + r->notes) {
			fputs("| file | line:col | severity | rule | message |\n| --- | --- | --- | --- | --- |\n", fp);
			size_t rows = 0;
			for (size_t i = 0; i < r->n; i++)
				for (size_t k = 0; k < r->files[i]->nfs && rows < SUMMARY_ROWS; k++, rows++) {
					const struct pfinding *f = &r->files[i]->fs[k];
					fputs("| ", fp);
					gha_md_cell(fp, r->files[i]->path);
					fprintf(fp, " | %d:%d | %s | %s | ", f->line, f->col, level_name(f->level),
						rule_title(f->rule));
					gha_md_cell(fp, f->msg);
					fputs(" |\n", fp);
				}
			if (rows == SUMMARY_ROWS)
				fputs("\n(more findings than the summary shows; run prompt-lint locally)\n", fp);
			fputc('\n', fp);
		}
	}
	versions_markdown(fp, r, VERSION_ROWS);
	if (fclose(fp) != 0) {
		free(md);
		return -1;
	}
	int rc = gha_summary(md);
	free(md);
	char num[32];
	snprintf(num, sizeof num, "%zu", r->errors);
	rc |= gha_set_output("errors", num);
	snprintf(num, sizeof num, "%zu", r->warnings);
	rc |= gha_set_output("warnings", num);
	snprintf(num, sizeof num, "%zu", r->tokens);
	rc |= gha_set_output("tokens", num);
	return rc;
}
