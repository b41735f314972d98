/* pfile: build a prompt file's variables, templates and findings. */
#include "pfile.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vec.h"

void pf_init(struct pfile *pf, const char *path, const char *buf, size_t len)
{
	memset(pf, 0, sizeof *pf);
	pf->path = path;
	pf->buf = buf;
	pf->len = len;
	pf->format = "unknown";
	srcfile_init(&pf->src, buf, len);
}

void pf_free(struct pfile *pf)
{
	for (size_t i = 0; i < pf->ndecl; i++)
		free(pf->decl[i].name);
	for (size_t i = 0; i < pf->nused; i++)
		free(pf->used[i].name);
	for (size_t i = 0; i < pf->ntpl; i++) {
		srcmap_free(&pf->tpl[i].map);
		free(pf->tpl[i].label);
	}
	for (size_t i = 0; i < pf->nfs; i++)
		free(pf->fs[i].msg);
	for (size_t i = 0; i < pf->nextra; i++)
		free(pf->extra_used[i]);
	free(pf->decl);
	free(pf->used);
	free(pf->tpl);
	free(pf->fs);
	free(pf->extra_used);
	free(pf->name);
	free(pf->dis_lines);
	free(pf->path_text);
	free(pf->json);
	if (pf->yaml)
		yfile_free(pf->yaml);
	srcfile_free(&pf->src);
	memset(pf, 0, sizeof *pf);
}

void pf_compact(struct pfile *pf)
{
	for (size_t i = 0; i < pf->ntpl; i++) {
		srcmap_free(&pf->tpl[i].map);
		free(pf->tpl[i].label);
	}
	free(pf->tpl);
	pf->tpl = NULL;
	pf->ntpl = pf->captpl = 0;
	if (pf->yaml)
		yfile_free(pf->yaml);
	pf->yaml = NULL;
	free(pf->dis_lines);
	pf->dis_lines = NULL;
	free(pf->path_text);
	pf->path_text = NULL;
	pf->ndis_lines = 0;
	srcfile_free(&pf->src);
	pf->buf = NULL;
	pf->len = 0;
}

void pf_find(struct pfile *pf, enum rule r, int line, int col, const char *fmt, ...)
{
	VEC_RESERVE(pf->fs, pf->capfs, pf->nfs + 1);
	va_list ap;
	va_start(ap, fmt);
	char *msg;
	if (vasprintf(&msg, fmt, ap) < 0)
		die(EXIT_ENV, "out of memory");
	va_end(ap);
	pf->fs[pf->nfs++] = (struct pfinding){r, rules[r].level, line, col, msg};
}

void pf_node_pos(const struct pfile *pf, const struct ynode *n, int *line, int *col)
{
	*line = n->line + pf->yaml_line0;
	*col = n->col;
}

void pf_declare(struct pfile *pf, const char *name, size_t nlen, int line, int col)
{
	VEC_RESERVE(pf->decl, pf->capdecl, pf->ndecl + 1);
	pf->decl[pf->ndecl++] = (struct pvar){.name = xstrndup(name, nlen), .line = line, .col = col};
	pf->has_decl = true;
}

void pf_declare_node(struct pfile *pf, const struct ynode *n)
{
	int line, col;
	pf_node_pos(pf, n, &line, &col);
	pf_declare(pf, n->u.scalar.str, n->u.scalar.len, line, col);
}

static struct ptemplate *add(struct pfile *pf, const char *text, size_t len, enum engine e, const char *label)
{
	VEC_RESERVE(pf->tpl, pf->captpl, pf->ntpl + 1);
	struct ptemplate *t = &pf->tpl[pf->ntpl++];
	memset(t, 0, sizeof *t);
	t->text = text;
	t->len = len;
	t->eng = e;
	t->label = xstrdup(label);
	return t;
}

struct ptemplate *pf_template_node(struct pfile *pf, const struct ynode *n, enum engine e, const char *label)
{
	struct ptemplate *t = add(pf, n->u.scalar.str, n->u.scalar.len, e, label);
	int line, col;
	pf_node_pos(pf, n, &line, &col);
	size_t start = srcfile_offset(&pf->src, line, col);
	srcmap_scalar(&t->map, &pf->src, start, n->u.scalar.style, t->text, t->len);
	return t;
}

struct ptemplate *pf_template_raw(struct pfile *pf, size_t start, size_t len, enum engine e, const char *label)
{
	struct ptemplate *t = add(pf, pf->buf + start, len, e, label);
	srcmap_verbatim(&t->map, start);
	return t;
}

void pf_extra_used(struct pfile *pf, const char *name, size_t nlen)
{
	VEC_RESERVE(pf->extra_used, pf->capextra, pf->nextra + 1);
	pf->extra_used[pf->nextra++] = xstrndup(name, nlen);
}

void pf_tpl_pos(const struct pfile *pf, const struct ptemplate *t, size_t off, int *line, int *col)
{
	srcfile_linecol(&pf->src, srcmap_to_file(&t->map, off), line, col);
}

void pf_disable_line(struct pfile *pf, int line, unsigned long long set)
{
	if (line < 1)
		return;
	if ((size_t)line >= pf->ndis_lines) {
		size_t n = (size_t)line + 16;
		pf->dis_lines = xrealloc(pf->dis_lines, n * sizeof *pf->dis_lines);
		memset(pf->dis_lines + pf->ndis_lines, 0, (n - pf->ndis_lines) * sizeof *pf->dis_lines);
		pf->ndis_lines = n;
	}
	pf->dis_lines[line] |= set;
}

void pf_use(struct pfile *pf, const char *name, size_t nlen, int line, int col, bool scoped, bool lenient)
{
	VEC_RESERVE(pf->used, pf->capused, pf->nused + 1);
	pf->used[pf->nused++] = (struct pvar){xstrndup(name, nlen), line, col, scoped, lenient};
}
