/* formats: detect each prompt format and read its schema.
 * Detection goes by file name first (.prompty, .prompt, .prompt.yml) and
 * then by the keys each format cannot do without (_type, input_variables
 * objects, messages, prompts). */
#include "formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fs.h"

static const char *const names[] = {
	"plain",     "langchain", "langchain-hub", "semantic-kernel", "prompty", "dotprompt", "gh-models",
	"promptfoo", NULL,
};

bool format_known(const char *name)
{
	for (const char *const *p = names; *p; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

const char *format_names(void)
{
	return "plain, langchain, langchain-hub, semantic-kernel, prompty, dotprompt, gh-models, promptfoo";
}

static void pos(const struct pfile *pf, const struct ynode *n, int *line, int *col)
{
	pf_node_pos(pf, n, line, col);
}

static const char *type_word(const struct ynode *n)
{
	return n->type == YN_MAP ? "a mapping" : n->type == YN_SEQ ? "a list" : "a scalar";
}

static bool is_str(const struct ynode *n)
{
	return n && n->type == YN_SCALAR;
}

/* A key's node (for positions of "missing" findings: the mapping). */
static void missing(struct pfile *pf, const struct ynode *map, const char *key, const char *why)
{
	int line = 1, col = 1;
	if (map)
		pos(pf, map, &line, &col);
	pf_find(pf, R_MISSING_REQUIRED_KEY, line, col, "required key '%s' is missing%s", key, why);
}

/* A template from node n under key, or the finding saying why it is none. */
static struct ptemplate *template_of(struct pfile *pf, const struct ynode *n, enum engine e, const char *label)
{
	int line, col;
	pos(pf, n, &line, &col);
	if (n->type == YN_MAP) {
		pf_find(pf, R_TEMPLATE_AS_MAPPING, line, col,
			"'%s' was read as a YAML mapping because it starts with '{'; quote the "
			"template or write it as a block scalar (%s: |)",
			label, label);
		return NULL;
	}
	if (n->type != YN_SCALAR) {
		pf_find(pf, R_WRONG_TYPE, line, col, "'%s' is %s; it must be a string", label, type_word(n));
		return NULL;
	}
	if (yscalar_resolve(n) == YR_NULL) { /* "template:", "~", "null" */
		pf_find(pf, R_EMPTY_TEMPLATE, line, col, "'%s' is empty; write the prompt text", label);
		return NULL;
	}
	return pf_template_node(pf, n, e, label);
}

/* template_format (or another key naming the engine), checked against the
 * engines the format supports. */
static enum engine engine_of(struct pfile *pf, const struct ynode *n, enum engine def, const char *const *allowed)
{
	if (!n)
		return def;
	int line, col;
	pos(pf, n, &line, &col);
	if (!is_str(n)) {
		pf_find(pf, R_WRONG_TYPE, line, col, "template_format is %s; it must be a name", type_word(n));
		return def;
	}
	const char *v = n->u.scalar.str;
	int e = -1;
	for (const char *const *a = allowed; *a; a++)
		if (strcasecmp(*a, v) == 0)
			e = engine_lookup(v);
	if (e >= 0)
		return (enum engine)e;
	char list[200] = "";
	for (const char *const *a = allowed; *a; a++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", a == allowed ? "" : ", ", *a);
	const char *best = engine_suggest(v);
	bool ok = false;
	for (const char *const *a = allowed; best && *a; a++)
		ok |= strcmp(*a, best) == 0;
	if (ok)
		pf_find(pf, R_UNKNOWN_TEMPLATE_FORMAT, line, col,
			"unknown template_format '%s'; did you mean '%s'? (one of: %s)", v, best, list);
	else
		pf_find(pf, R_UNKNOWN_TEMPLATE_FORMAT, line, col, "unknown template_format '%s'; use one of: %s", v,
			list);
	return def;
}

/* A list of names, or of mappings with a `name` (key may differ). */
static void declare_list(struct pfile *pf, const struct ynode *n, const char *what)
{
	int line, col;
	pos(pf, n, &line, &col);
	pf->has_decl = true;
	if (n->type == YN_SCALAR && yscalar_resolve(n) == YR_NULL)
		return; /* "variables:" with nothing: none */
	if (n->type != YN_SEQ) {
		pf_find(pf, R_WRONG_TYPE, line, col,
			"'%s' is %s; write a YAML list of names (- name) or of {name: ...}", what, type_word(n));
		pf->has_decl = false; /* nothing reliable to compare the uses with */
		return;
	}
	for (size_t i = 0; i < n->u.seq.n; i++) {
		const struct ynode *it = n->u.seq.items[i];
		if (is_str(it) && it->u.scalar.len) {
			pf_declare_node(pf, it);
			continue;
		}
		const struct ynode *name = it->type == YN_MAP ? ymap_get(it, "name") : NULL;
		if (is_str(name) && name->u.scalar.len) {
			pf_declare_node(pf, name);
			continue;
		}
		pos(pf, it, &line, &col);
		pf_find(pf, R_WRONG_TYPE, line, col,
			"entry %zu of '%s' has no name; write a name or {name: ..., description: ...}", i + 1, what);
	}
}

/* Keys of a mapping as declared names (partial_variables, Prompty v1 inputs). */
static void declare_keys(struct pfile *pf, const struct ynode *n, const char *what, bool once)
{
	if (!n)
		return;
	pf->has_decl = true;
	if (n->type != YN_MAP) {
		if (n->type == YN_SCALAR && yscalar_resolve(n) == YR_NULL)
			return;
		int line, col;
		pos(pf, n, &line, &col);
		pf_find(pf, R_WRONG_TYPE, line, col, "'%s' is %s; it must be a mapping of names", what, type_word(n));
		return;
	}
	for (size_t i = 0; i < n->u.map.n; i++) {
		const struct ynode *k = n->u.map.pairs[i].key;
		if (!is_str(k))
			continue;
		bool seen = false;
		for (size_t j = 0; once && j < pf->ndecl && !seen; j++)
			seen = strcmp(pf->decl[j].name, k->u.scalar.str) == 0;
		if (!seen)
			pf_declare_node(pf, k);
	}
}

static void set_name(struct pfile *pf, const struct ynode *root)
{
	const struct ynode *n = ymap_get(root, "name");
	if (is_str(n) && n->u.scalar.len) {
		pf->name = xstrdup(n->u.scalar.str);
		return;
	}
	const char *base = strrchr(pf->path, '/');
	base = base ? base + 1 : pf->path;
	const char *dot = strchr(base, '.');
	pf->name = dot && dot > base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}

/* ---- plain {template, variables} ---- */

static const char *const plain_engines[] = {"f-string", "jinja2", "mustache", NULL};

static void plain(struct pfile *pf, struct ynode *root)
{
	enum engine e = engine_of(pf, ymap_get(root, "template_format"), ENG_FSTRING, plain_engines);
	struct ynode *t = ymap_get(root, "template"), *v = ymap_get(root, "variables");
	if (!t)
		missing(pf, root, "template", "; add the prompt text under template:");
	else
		template_of(pf, t, e, "template");
	if (!v)
		missing(pf, root, "variables", "; list the template's variables under variables:");
	else
		declare_list(pf, v, "variables");
}

/* ---- LangChain ---- */

static void langchain_prompt(struct pfile *pf, struct ynode *m, enum engine e, bool own)
{
	struct ynode *t = ymap_get(m, "template"), *tp = ymap_get(m, "template_path");
	if (t && tp) {
		int line, col;
		pos(pf, tp, &line, &col);
		pf_find(pf, R_WRONG_TYPE, line, col, "template and template_path are both given; keep one");
	}
	if (t) {
		struct ptemplate *x = template_of(pf, t, e, "template");
		if (x)
			x->own_vars = own;
	} else if (is_str(tp)) {
		char *dir = fs_dirname(pf->path), *p = fs_join(dir, tp->u.scalar.str), err[600];
		int line, col;
		pos(pf, tp, &line, &col);
		if (fs_read_all(p, (size_t)64 << 20, &pf->path_text, &pf->path_len, err, sizeof err) != 0) {
			pf_find(pf, R_MISSING_FILE, line, col, "template_path '%s' cannot be read; fix the path",
				tp->u.scalar.str);
		} else {
			pf->path_line = line;
			pf->path_col = col;
		}
		free(dir);
		free(p);
	} else {
		missing(pf, m, "template", "; add template: (or template_path:)");
	}
}

static void langchain(struct pfile *pf, struct ynode *root, bool hub)
{
	enum engine e = engine_of(pf, ymap_get(root, "template_format"), ENG_FSTRING, plain_engines);
	const char *type = yscalar(ymap_get(root, "_type"));
	struct ynode *iv = ymap_get(root, "input_variables");
	if (iv)
		declare_list(pf, iv, "input_variables");
	else if (!type || strcmp(type, "chat") != 0)
		missing(pf, root, "input_variables", "; list the template's variables");
	declare_keys(pf, ymap_get(root, "partial_variables"), "partial_variables", false);
	if (hub || !type || strcmp(type, "prompt") == 0) {
		langchain_prompt(pf, root, e, false);
	} else if (strcmp(type, "few_shot") == 0) {
		struct ynode *pre = ymap_get(root, "prefix"), *suf = ymap_get(root, "suffix");
		if (pre)
			template_of(pf, pre, e, "prefix");
		if (suf)
			template_of(pf, suf, e, "suffix");
		else
			missing(pf, root, "suffix", "; a few_shot prompt ends with its suffix template");
		struct ynode *ex = ymap_get(root, "example_prompt");
		if (ex && ex->type == YN_MAP)
			langchain_prompt(pf, ex,
					 engine_of(pf, ymap_get(ex, "template_format"), ENG_FSTRING, plain_engines),
					 true);
	} else if (strcmp(type, "chat") == 0) {
		struct ynode *msgs = ymap_get(root, "messages");
		if (!msgs)
			msgs = ymap_get(root, "template");
		if (!msgs || msgs->type != YN_SEQ) {
			missing(pf, root, "messages", "; a chat prompt is a list of {role, content}");
			return;
		}
		for (size_t i = 0; i < msgs->u.seq.n; i++) {
			struct ynode *m = msgs->u.seq.items[i], *c = ymap_get(m, "content");
			struct ynode *pr = ymap_get(m, "prompt");
			if (!c && pr)
				c = ymap_get(pr, "template");
			char label[48];
			snprintf(label, sizeof label, "messages[%zu].content", i);
			if (c)
				template_of(pf, c, e, label);
		}
	} else {
		int line, col;
		pos(pf, ymap_get(root, "_type"), &line, &col);
		pf_find(pf, R_WRONG_TYPE, line, col, "_type '%s' is not prompt, few_shot or chat", type);
	}
}

/* ---- Semantic Kernel ---- */

static const char *const sk_engines[] = {"semantic-kernel", "handlebars", "liquid", "jinja2", NULL};

static void semantic_kernel(struct pfile *pf, struct ynode *root)
{
	enum engine e = engine_of(pf, ymap_get(root, "template_format"), ENG_SK, sk_engines);
	struct ynode *t = ymap_get(root, "template"), *iv = ymap_get(root, "input_variables");
	if (iv)
		declare_list(pf, iv, "input_variables");
	if (!t)
		missing(pf, root, "template", "; add the prompt text under template:");
	else
		template_of(pf, t, e, "template");
}

/* ---- GitHub Models .prompt.yml ---- */

/* {{name}} inside an evaluator's strings: names the evaluators read. */
static void evaluator_refs(struct pfile *pf, const struct ynode *n)
{
	if (!n)
		return;
	if (n->type == YN_SCALAR) {
		const char *s = n->u.scalar.str, *p;
		while ((p = strstr(s, "{{")) != NULL) {
			p += 2;
			while (*p == ' ')
				p++;
			size_t l = ident_len(p, strlen(p));
			if (l)
				pf_extra_used(pf, p, l);
			s = p;
		}
		return;
	}
	if (n->type == YN_SEQ)
		for (size_t i = 0; i < n->u.seq.n; i++)
			evaluator_refs(pf, n->u.seq.items[i]);
	else
		for (size_t i = 0; i < n->u.map.n; i++)
			evaluator_refs(pf, n->u.map.pairs[i].value);
}

static void messages(struct pfile *pf, struct ynode *msgs, enum engine e)
{
	int line, col;
	pos(pf, msgs, &line, &col);
	if (msgs->type != YN_SEQ) {
		pf_find(pf, R_WRONG_TYPE, line, col, "'messages' is %s; write a list of {role, content}",
			type_word(msgs));
		return;
	}
	for (size_t i = 0; i < msgs->u.seq.n; i++) {
		struct ynode *m = msgs->u.seq.items[i];
		struct ynode *c = ymap_get(m, "content");
		char label[48];
		snprintf(label, sizeof label, "messages[%zu].content", i);
		if (c)
			template_of(pf, c, e, label);
		else
			missing(pf, m, "content", "; each message needs its text");
	}
}

static void gh_models(struct pfile *pf, struct ynode *root)
{
	struct ynode *msgs = ymap_get(root, "messages"), *td = ymap_get(root, "testData");
	if (!msgs)
		missing(pf, root, "messages", "; list the prompt's {role, content} messages");
	else
		messages(pf, msgs, ENG_MUSTACHE);
	if (td && td->type == YN_SEQ)
		for (size_t i = 0; i < td->u.seq.n; i++)
			declare_keys(pf, td->u.seq.items[i], "testData entry", true);
	struct ynode *ev = ymap_get(root, "evaluators");
	evaluator_refs(pf, ev);
	if (ev)
		pf_extra_used(pf, "expected", 8); /* what graders compare against */
}

/* ---- promptfoo ---- */

/* A file:// prompt that is not there fails promptfoo's run.  A warning,
 * not an error: the target may be generated by an earlier step.  Globs
 * and "path:function" references to code are not checked. */
static void file_ref(struct pfile *pf, const struct ynode *n, const char *target)
{
	if (strpbrk(target, "*?[") || strchr(target, ':'))
		return;
	char *dir = fs_dirname(pf->path), *p = fs_join(dir, target);
	if (access(p, F_OK) != 0) {
		int line, col;
		pos(pf, n, &line, &col);
		pf_find(pf, R_MISSING_FILE, line, col, "prompt file '%s' does not exist; fix the file:// path", target);
		pf->fs[pf->nfs - 1].level = LEVEL_WARNING;
	}
	free(dir);
	free(p);
}

static void promptfoo(struct pfile *pf, struct ynode *root)
{
	struct ynode *prompts = ymap_get(root, "prompts");
	if (prompts && prompts->type == YN_SCALAR)
		return; /* a file:// reference */
	for (size_t i = 0; prompts && prompts->type == YN_SEQ && i < prompts->u.seq.n; i++) {
		struct ynode *p = prompts->u.seq.items[i];
		char label[48];
		snprintf(label, sizeof label, "prompts[%zu]", i);
		if (p->type == YN_MAP)
			p = ymap_get(p, "raw");
		if (!is_str(p))
			continue;
		if (strncmp(p->u.scalar.str, "file://", 7) == 0) {
			file_ref(pf, p, p->u.scalar.str + 7);
			continue;
		}
		template_of(pf, p, ENG_JINJA2, label);
	}
	/* Variables are supplied by the tests rather than declared. */
	struct ynode *tests = ymap_get(root, "tests"), *dt = ymap_get(root, "defaultTest");
	if (dt)
		declare_keys(pf, ymap_get(dt, "vars"), "defaultTest.vars", true);
	for (size_t i = 0; tests && tests->type == YN_SEQ && i < tests->u.seq.n; i++) {
		struct ynode *v = ymap_get(tests->u.seq.items[i], "vars");
		if (v && v->type == YN_MAP)
			declare_keys(pf, v, "vars", true);
		else if (v)
			pf->has_decl = false, i = tests->u.seq.n; /* vars from a file: unknown */
	}
	if (tests && tests->type != YN_SEQ)
		pf->has_decl = false;
}

/* ---- detection ---- */

static bool has_name_objects(const struct ynode *iv)
{
	return iv && iv->type == YN_SEQ && iv->u.seq.n && iv->u.seq.items[0]->type == YN_MAP;
}

static const char *detect(const struct pfile *pf, const struct ynode *root)
{
	size_t pl = strlen(pf->path);
	bool prompt_yml = (pl > 11 && strcmp(pf->path + pl - 11, ".prompt.yml") == 0) ||
			  (pl > 12 && strcmp(pf->path + pl - 12, ".prompt.yaml") == 0);
	const char *tf = yscalar(ymap_get(root, "template_format"));
	struct ynode *iv = ymap_get(root, "input_variables");
	if (ymap_get(root, "_type"))
		return "langchain";
	if (prompt_yml && ymap_get(root, "messages"))
		return "gh-models";
	if (ymap_get(root, "prompts") && (ymap_get(root, "providers") || ymap_get(root, "tests")))
		return "promptfoo";
	if (has_name_objects(iv) || ymap_get(root, "execution_settings") ||
	    (tf && (strcasecmp(tf, "semantic-kernel") == 0 || strcasecmp(tf, "handlebars") == 0 ||
		    strcasecmp(tf, "liquid") == 0)))
		return "semantic-kernel";
	if (iv && ymap_get(root, "template"))
		return "langchain-hub";
	if (ymap_get(root, "template") || ymap_get(root, "variables"))
		return "plain";
	if (ymap_get(root, "messages") && ymap_get(root, "model"))
		return "gh-models";
	return NULL;
}

static void required_keys(struct pfile *pf, struct ynode *root)
{
	for (char *const *k = pf->required_keys; k && *k; k++)
		if (!ymap_get(root, *k))
			missing(pf, root, *k, " (required-keys in the config)");
}

void formats_yaml(struct pfile *pf, struct ynode *root, const char *forced)
{
	if (!root && !forced) {
		/* An empty file (or only comments) where a prompt was expected. */
		pf->format = "plain";
		set_name(pf, NULL);
		pf_find(pf, R_EMPTY_TEMPLATE, 1, 1,
			"the file is empty; write the prompt (template:) or remove the file");
		return;
	}
	if (!root || root->type != YN_MAP) {
		if (forced || (root && root->type != YN_SCALAR)) {
			pf->format = forced ? forced : "plain";
			int line = 1, col = 1;
			if (root)
				pos(pf, root, &line, &col);
			pf_find(pf, R_WRONG_TYPE, line, col, "the file is %s; a prompt file is a mapping of keys",
				root ? type_word(root) : "empty");
		} else {
			pf->skipped = true;
		}
		return;
	}
	const char *f = forced ? forced : detect(pf, root);
	if (!f) {
		pf->skipped = true;
		return;
	}
	pf->format = f;
	set_name(pf, root);
	required_keys(pf, root);
	if (strcmp(f, "plain") == 0)
		plain(pf, root);
	else if (strcmp(f, "langchain") == 0 || strcmp(f, "langchain-hub") == 0)
		langchain(pf, root, strcmp(f, "langchain-hub") == 0);
	else if (strcmp(f, "semantic-kernel") == 0)
		semantic_kernel(pf, root);
	else if (strcmp(f, "gh-models") == 0)
		gh_models(pf, root);
	else if (strcmp(f, "promptfoo") == 0)
		promptfoo(pf, root);
	else
		plain(pf, root);
}

/* ---- front-matter formats ---- */

static const char *const prompty_engines[] = {"jinja2", "nunjucks", "mustache", NULL};

/* Picoschema keys ("name?", "tags(array)") or JSON Schema properties. */
static void dotprompt_schema(struct pfile *pf, struct ynode *schema)
{
	if (!schema || schema->type != YN_MAP) {
		if (schema && is_str(schema))
			pf->has_decl = false; /* a named schema defined in code */
		return;
	}
	struct ynode *props = ymap_get(schema, "properties");
	if (yscalar_is(ymap_get(schema, "type"), "object") && props && props->type == YN_MAP)
		schema = props;
	for (size_t i = 0; i < schema->u.map.n; i++) {
		const struct ynode *k = schema->u.map.pairs[i].key;
		if (!is_str(k))
			continue;
		const char *s = k->u.scalar.str;
		size_t n = strcspn(s, "?(");
		int line, col;
		pos(pf, k, &line, &col);
		pf_declare(pf, s, n, line, col);
	}
}

void formats_frontmatter(struct pfile *pf, struct ynode *root, size_t body, size_t body_len, bool dotprompt)
{
	pf->format = dotprompt ? "dotprompt" : "prompty";
	if (root && root->type != YN_MAP) {
		int line, col;
		pos(pf, root, &line, &col);
		pf_find(pf, R_WRONG_TYPE, line, col, "the front matter is %s; it must be a mapping of keys",
			type_word(root));
		root = NULL;
	}
	set_name(pf, root);
	enum engine e = dotprompt ? ENG_DOTPROMPT : ENG_JINJA2;
	if (dotprompt) {
		struct ynode *input = ymap_get(root, "input");
		struct ynode *schema = ymap_get(input, "schema");
		if (schema) {
			pf->has_decl = true;
			dotprompt_schema(pf, schema);
		}
		declare_keys(pf, ymap_get(input, "default"), "input.default", true);
	} else {
		/* v2: template: {format: {kind: K}} (or format: K); v1: template: K */
		struct ynode *t = ymap_get(root, "template"), *k = NULL;
		if (is_str(t))
			k = t;
		else if (t) {
			struct ynode *fmt = ymap_get(t, "format");
			k = is_str(fmt) ? fmt : ymap_get(fmt, "kind");
		}
		e = engine_of(pf, k, ENG_JINJA2, prompty_engines);
		struct ynode *in = ymap_get(root, "inputs");
		if (in && in->type == YN_SEQ)
			declare_list(pf, in, "inputs");
		else if (in)
			declare_keys(pf, in, "inputs", true);
		struct ynode *sample = ymap_get(root, "sample");
		if (sample && sample->type == YN_MAP)
			declare_keys(pf, sample, "sample", true);
	}
	size_t i = 0;
	while (i < body_len && (pf->buf[body + i] == ' ' || pf->buf[body + i] == '\n' || pf->buf[body + i] == '\r' ||
				pf->buf[body + i] == '\t'))
		i++;
	if (i == body_len) {
		int line, col;
		srcfile_linecol(&pf->src, body, &line, &col);
		pf_find(pf, R_EMPTY_TEMPLATE, line, col,
			"the template body after the front matter is empty; "
			"write the prompt below the closing ---");
		return;
	}
	struct ptemplate *t = pf_template_raw(pf, body, body_len, e, "body");
	t->roles = !dotprompt;
}
