/* pfile: one prompt file as the linter sees it — its format, declared
 * variables, template texts (each mapped back into the file), findings. */
#ifndef PL_PFILE_H
#define PL_PFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"
#include "srcmap.h"
#include "template.h"
#include "yaml.h"

struct pvar {
	char *name;
	int line, col;
	bool scoped; /* a use inside a section/each: maybe an item field */
	bool lenient; /* a use the engine renders empty when undefined */
};

struct ptemplate {
	const char *text;
	size_t len;
	struct srcmap map;
	enum engine eng;
	char *label; /* "template", "messages[1].content", "body" */
	bool roles; /* a Prompty body: "system:" lines split messages */
	bool own_vars; /* has variables of its own (a few-shot example
			* prompt): syntax is checked, names are not */
};

struct pfinding {
	enum rule rule;
	enum level level;
	int line, col;
	char *msg;
};

struct pfile {
	const char *path;
	const char *buf;
	size_t len;
	struct srcfile src;
	const char *format; /* "plain", "langchain", "semantic-kernel", "prompty", ... */
	char *name; /* the template's name for the version table */
	char sha256[65];
	bool skipped; /* not a prompt file, or disable-file */
	bool has_decl; /* the format declared its variables somewhere */
	struct pvar *decl;
	size_t ndecl, capdecl;
	struct pvar *used;
	size_t nused, capused;
	struct ptemplate *tpl;
	size_t ntpl, captpl;
	size_t tokens;
	bool tokens_estimated;
	struct pfinding *fs;
	size_t nfs, capfs;
	/* Names that count as used though no template mentions them
	 * (evaluator references in .prompt.yml). */
	char **extra_used;
	size_t nextra, capextra;
	/* The text of a LangChain template_path file, named at line:col: it
	 * counts toward the budgets (its placeholders are not linted). */
	char *path_text;
	size_t path_len;
	int path_line, path_col;
	/* YAML line offset when the YAML is a front matter, 0 otherwise. */
	int yaml_line0;
	struct yfile *yaml;
	const char *encoding; /* tok_name of the counter used */
	/* Keys every YAML prompt must have (config required-keys), or NULL. */
	char *const *required_keys;
	char *json; /* the file's object for --format json, or NULL */
	/* Inline disables: rule sets per file line (bit r of dis_lines[l]),
	 * and for the whole file. */
	unsigned long long *dis_lines;
	size_t ndis_lines;
	unsigned long long dis_file;
};

void pf_init(struct pfile *pf, const char *path, const char *buf, size_t len);
void pf_free(struct pfile *pf);
/* Drop what only the checks needed (YAML tree, text maps, line table),
 * keeping what reports show; the file's bytes may be freed after this. */
void pf_compact(struct pfile *pf);

void pf_find(struct pfile *pf, enum rule r, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Position of a YAML node in the file (front-matter offset applied). */
void pf_node_pos(const struct pfile *pf, const struct ynode *n, int *line, int *col);
void pf_declare(struct pfile *pf, const char *name, size_t nlen, int line, int col);
void pf_declare_node(struct pfile *pf, const struct ynode *n);
/* A template from a scalar node, or from the file's bytes at start. */
struct ptemplate *pf_template_node(struct pfile *pf, const struct ynode *n, enum engine e, const char *label);
struct ptemplate *pf_template_raw(struct pfile *pf, size_t start, size_t len, enum engine e, const char *label);
void pf_extra_used(struct pfile *pf, const char *name, size_t nlen);
void pf_use(struct pfile *pf, const char *name, size_t nlen, int line, int col, bool scoped, bool lenient);
/* Line:col in the file of a byte offset into a template's text. */
void pf_tpl_pos(const struct pfile *pf, const struct ptemplate *t, size_t off, int *line, int *col);
/* Silence rules (a bit set, ~0 for all) on one file line. */
void pf_disable_line(struct pfile *pf, int line, unsigned long long set);

#endif
