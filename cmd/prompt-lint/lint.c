/* lint: one file through every layer of checks, in order. */
#include "lint.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include <openssl/evp.h>

#include "encode.h"
#include "formats.h"
#include "frontmatter.h"
#include "tokenizer.h"
#include "utf8.h"
#include "yamllayer.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* .prompty and .prompt (not .prompt.yml) carry front matter and a body. */
static int frontmatter_kind(const char *path)
{
	if (ends_with(path, ".prompty"))
		return 1;
	if (ends_with(path, ".prompt"))
		return 2;
	return 0;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

static bool is_declared(const struct pfile *pf, const char *name)
{
	for (size_t i = 0; i < pf->ndecl; i++)
		if (strcmp(pf->decl[i].name, name) == 0)
			return true;
	return false;
}

static bool has_use(const struct pfile *pf, const struct tuse *u)
{
	for (size_t i = 0; i < pf->nused; i++)
		if (pf->used[i].scoped == u->scoped && strlen(pf->used[i].name) == u->len &&
		    memcmp(pf->used[i].name, u->name, u->len) == 0)
			return true;
	return false;
}

/* Does rendering fail on an undefined variable?  Python's str.format
 * raises KeyError, and LangChain checks its declared input_variables; the
 * other engines render the name empty. */
static bool strict_engine(const struct pfile *pf, enum engine e)
{
	return e == ENG_FSTRING || strcmp(pf->format, "langchain") == 0 || strcmp(pf->format, "langchain-hub") == 0;
}

/* One template through its engine's scanner. */
static void scan_one(struct pfile *pf, struct ptemplate *t, char **declared)
{
	int line, col;
	pf_tpl_pos(pf, t, 0, &line, &col);
	if (blank(t->text, t->len)) {
		pf_find(pf, R_EMPTY_TEMPLATE, line, col, "%s holds only white space; write the prompt text", t->label);
		return;
	}
	struct tscan ts = {.declared = declared, .ndeclared = pf->ndecl};
	scan_template(t->eng, t->text, t->len, &ts);
	for (size_t i = 0; i < ts.nissues; i++) {
		pf_tpl_pos(pf, t, ts.issues[i].off, &line, &col);
		pf_find(pf, ts.issues[i].rule, line, col, "%s", ts.issues[i].msg);
	}
	for (size_t i = 0; i < ts.ndis; i++) {
		pf_tpl_pos(pf, t, ts.dis[i].off, &line, &col);
		if (strcmp(ts.dis[i].rules, "file") == 0) {
			pf->dis_file = ~0ULL;
			continue;
		}
		unsigned long long set = rules_parse_set(ts.dis[i].rules, strlen(ts.dis[i].rules));
		pf_disable_line(pf, line, set);
		pf_disable_line(pf, line + 1, set);
	}
	for (size_t i = 0; i < ts.nuses && !t->own_vars; i++) {
		const struct tuse *u = &ts.uses[i];
		if (tscan_is_local(&ts, u->name, u->len) || has_use(pf, u))
			continue; /* only the first use of a name is ever reported */
		pf_tpl_pos(pf, t, u->off, &line, &col);
		pf_use(pf, u->name, u->len, line, col, u->scoped, !strict_engine(pf, t->eng));
	}
	tscan_free(&ts);
}

static const char *decl_key(const struct pfile *pf)
{
	const char *f = pf->format;
	if (!strcmp(f, "plain"))
		return "variables";
	if (!strcmp(f, "prompty"))
		return "inputs";
	if (!strcmp(f, "dotprompt"))
		return "input.schema";
	if (!strcmp(f, "gh-models"))
		return "testData";
	if (!strcmp(f, "promptfoo"))
		return "the tests' vars";
	return "input_variables";
}

static void check_vars(struct pfile *pf)
{
	for (size_t j = 1; j < pf->ndecl; j++)
		for (size_t i = 0; i < j; i++)
			if (strcmp(pf->decl[i].name, pf->decl[j].name) == 0) {
				pf_find(pf, R_DUPLICATE_VARIABLE, pf->decl[j].line, pf->decl[j].col,
					"variable '%s' is declared twice (first at %d:%d); remove one",
					pf->decl[j].name, pf->decl[i].line, pf->decl[i].col);
				break;
			}
	if (pf->has_decl)
		for (size_t u = 0; u < pf->nused; u++) {
			const struct pvar *v = &pf->used[u];
			if (v->scoped || is_declared(pf, v->name))
				continue;
			bool again = false;
			for (size_t k = 0; k < u && !again; k++)
				again = !pf->used[k].scoped && strcmp(pf->used[k].name, v->name) == 0;
			if (again)
				continue;
			const char *best = NULL;
			size_t bd = strlen(v->name) > 4 ? 3 : 2;
			for (size_t i = 0; i < pf->ndecl; i++) {
				size_t d = edit_distance(v->name, pf->decl[i].name);
				size_t l = strlen(v->name) > strlen(pf->decl[i].name) ? strlen(v->name)
										      : strlen(pf->decl[i].name);
				if (d < bd && 3 * d <= l) /* 'b' is no typo of 'a' */
					bd = d, best = pf->decl[i].name;
			}
			const char *empty = v->lenient ? " (the engine renders it empty)" : "";
			if (best)
				pf_find(pf, R_UNDECLARED_VARIABLE, v->line, v->col,
					"'%s' is used but not declared in %s%s; did you mean '%s'?", v->name,
					decl_key(pf), empty, best);
			else
				pf_find(pf, R_UNDECLARED_VARIABLE, v->line, v->col,
					"'%s' is used but not declared in %s%s; declare it or fix the name", v->name,
					decl_key(pf), empty);
			if (v->lenient)
				pf->fs[pf->nfs - 1].level = LEVEL_WARNING;
		}
	for (size_t i = 0; i < pf->ndecl; i++) {
		const struct pvar *d = &pf->decl[i];
		bool used = false, dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = strcmp(pf->decl[k].name, d->name) == 0;
		for (size_t u = 0; u < pf->nused && !used; u++)
			used = strcmp(pf->used[u].name, d->name) == 0;
		for (size_t u = 0; u < pf->nextra && !used; u++)
			used = strcmp(pf->extra_used[u], d->name) == 0;
		if (!used && !dup && pf->ntpl > 0)
			pf_find(pf, R_UNUSED_VARIABLE, d->line, d->col,
				"variable '%s' is declared but no template uses it; remove it or use it", d->name);
	}
}

static const char *const roles[] = {"system", "user", "assistant", "developer", "function", "tool", NULL};

/* Is line s[a, b) a role marker ("user:")?  1 exact, 2 a known role
 * spelt in another case ("System:"), 0 not a marker. */
static int role_line(const char *s, size_t a, size_t b, size_t *namelen)
{
	size_t i = a;
	while (i < b && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	size_t n = i - a;
	if (n == 0 || i >= b || s[i] != ':' || !blank(s + i + 1, b - i - 1))
		return 0;
	*namelen = n;
	for (const char *const *r = roles; *r; r++)
		if (strlen(*r) == n) {
			if (memcmp(*r, s + a, n) == 0)
				return 1;
			if (strncasecmp(*r, s + a, n) == 0)
				return 2;
		}
	return 0;
}

/* Each line of a Prompty body: report role markers in the wrong case;
 * with tok, also count the messages between the role lines. */
static size_t walk_roles(struct pfile *pf, struct ptemplate *t, struct tokenizer *tok)
{
	size_t total = 0, seg = 0, i = 0;
	while (i < t->len) {
		const char *nl = memchr(t->text + i, '\n', t->len - i);
		size_t e = nl ? (size_t)(nl - t->text) : t->len, n;
		int r = role_line(t->text, i, e, &n);
		if (r == 2 && !tok) {
			int line, col;
			pf_tpl_pos(pf, t, i, &line, &col);
			char lower[16];
			size_t m = n < sizeof lower - 1 ? n : sizeof lower - 1;
			for (size_t k = 0; k < m; k++)
				lower[k] = (char)(t->text[i + k] | 0x20);
			lower[m] = '\0';
			pf_find(pf, R_UNKNOWN_ROLE, line, col,
				"'%.*s:' is not a role marker (they are case-sensitive); write '%s:'", (int)n,
				t->text + i, lower);
		}
		if (r == 1 && tok) {
			total += tok_count(tok, t->text + seg, i - seg);
			seg = e < t->len ? e + 1 : t->len;
		}
		i = e + 1;
	}
	return tok ? total + tok_count(tok, t->text + seg, t->len - seg) : 0;
}

static void budget(struct pfile *pf, const struct lint_opts *o)
{
	if (!o->need_tokens && o->max_tokens <= 0 && o->warn_at <= 0)
		return; /* nothing would show the count: tokenising is most of a run */
	size_t n = 0;
	for (size_t i = 0; i < pf->ntpl; i++) {
		struct ptemplate *t = &pf->tpl[i];
		n += t->roles ? walk_roles(pf, t, o->tok) : tok_count(o->tok, t->text, t->len);
	}
	if (pf->path_text)
		n += tok_count(o->tok, pf->path_text, pf->path_len);
	pf->tokens = n;
	pf->tokens_estimated = tok_is_estimate(o->tok);
	pf->encoding = tok_name(o->tok);
	int line = pf->path_line, col = pf->path_col;
	if (pf->ntpl > 0)
		pf_tpl_pos(pf, &pf->tpl[0], 0, &line, &col);
	else if (!pf->path_text)
		return;
	const char *est = pf->tokens_estimated ? "~" : "";
	const char *how = pf->tokens_estimated ? "estimate, bytes/3" : pf->encoding;
	if (o->max_tokens > 0 && (long long)n > o->max_tokens) {
		pf_find(pf, R_TOKEN_BUDGET, line, col,
			"%s%zu tokens (%s) exceed --max-tokens-per-request %lld; shorten the prompt", est, n, how,
			o->max_tokens);
	} else if (o->warn_at > 0 && (long long)n > o->warn_at) {
		pf_find(pf, R_TOKEN_BUDGET, line, col, "%s%zu tokens (%s) are over --warn-at %lld", est, n, how,
			o->warn_at);
		pf->fs[pf->nfs - 1].level = LEVEL_WARNING;
	}
}

static int line_of(const struct pfile *pf, size_t off)
{
	int line, col;
	srcfile_linecol(&pf->src, off, &line, &col);
	return line;
}

static EVP_MD *sha256_md;

static void fetch_sha256(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

/* The version is the file's SHA-256.  OpenSSL's digest (SHA extensions,
 * AVX2) is several times faster than a portable one, which matters over
 * thousands of files; the algorithm is fetched once, not per file (the
 * implicit fetch of EVP_sha256() cost more than hashing a prompt). */
static void version_of(struct pfile *pf)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, fetch_sha256);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!sha256_md || EVP_Digest(pf->buf, pf->len, md, &n, sha256_md, NULL) != 1 || n != 32) {
		sha256_hex(pf->buf, pf->len, pf->sha256);
		return;
	}
	hex_encode(md, 32, pf->sha256, false);
}

void lint_file(struct pfile *pf, const struct lint_opts *o)
{
	pf->required_keys = o->required_keys;
	if (o->need_tokens)
		version_of(pf);
	size_t bad = utf8_invalid_at(pf->buf, pf->len);
	if (bad < pf->len) {
		int line, col;
		srcfile_linecol(&pf->src, bad, &line, &col);
		pf_find(pf, R_INVALID_UTF8, line, col, "byte 0x%02X is not valid UTF-8; save the file as UTF-8",
			(unsigned char)pf->buf[bad]);
		return;
	}
	int fk = frontmatter_kind(pf->path);
	struct ynode *root = NULL;
	if (fk) {
		struct frontmatter fm;
		fm_split_as(pf->buf, pf->len, fk == 2, &fm);
		if (fm.present && !fm.closed) {
			int line, col;
			srcfile_linecol(&pf->src, fm.open, &line, &col);
			pf->format = fk == 1 ? "prompty" : "dotprompt";
			pf_find(pf, R_UNCLOSED_FRONT_MATTER, line, col,
				"front matter opened here is never closed; add a line '---' after the YAML");
			return;
		}
		if (fm.present) {
			pf->yaml_line0 = fm.yaml_line0;
			yl_scan_disables(pf, 1, line_of(pf, fm.body));
			if (!blank(pf->buf + fm.yaml, fm.yaml_len) && yl_load(pf, fm.yaml, fm.yaml_len, &root) != 0) {
				pf->format = fk == 1 ? "prompty" : "dotprompt";
				return;
			}
		}
		formats_frontmatter(pf, root, fm.body, pf->len - fm.body, fk == 2);
	} else {
		yl_scan_disables(pf, 1, (int)pf->src.nlines);
		if (yl_load(pf, 0, pf->len, &root) != 0)
			return;
		formats_yaml(pf, root, o->format);
		if (pf->skipped)
			return;
	}
	char **declared = xcalloc(pf->ndecl + 1, sizeof *declared);
	for (size_t i = 0; i < pf->ndecl; i++)
		declared[i] = pf->decl[i].name;
	for (size_t i = 0; i < pf->ntpl; i++) {
		scan_one(pf, &pf->tpl[i], declared);
		if (pf->tpl[i].roles)
			walk_roles(pf, &pf->tpl[i], NULL);
	}
	free(declared);
	check_vars(pf);
	budget(pf, o);
}

void lint_apply_rules(struct pfile *pf, const struct ruleset *rs)
{
	size_t k = 0;
	for (size_t i = 0; i < pf->nfs; i++) {
		struct pfinding *f = &pf->fs[i];
		unsigned long long bit = 1ULL << f->rule;
		bool off = (rs->off & bit) || (pf->dis_file & bit) ||
			   (f->line > 0 && (size_t)f->line < pf->ndis_lines && (pf->dis_lines[f->line] & bit));
		/* A configured level replaces the default; for a rule whose
		 * severity follows the engine, naming it at all does. */
		if (rs->level[f->rule] != rules[f->rule].level || (rules[f->rule].by_engine && (rs->set & bit)))
			f->level = rs->level[f->rule];
		if (off || f->level == LEVEL_OFF) {
			free(f->msg);
			continue;
		}
		pf->fs[k++] = *f;
	}
	pf->nfs = k;
}
