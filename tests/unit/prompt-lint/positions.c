/* Positions: a finding inside a template points at the placeholder in the
 * file, whatever YAML did to the text (block scalars, folding, quotes and
 * escapes, a BOM, front matter after comment lines); and the front-matter
 * splitter on its own. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "encode.h"
#include "frontmatter.h"
#include "lint.h"
#include "tokenizer.h"

/* Lint src as path; return "line:col" of the first undeclared-variable. */
static char *where(const char *path, const char *src)
{
	char err[200];
	struct tokenizer *t = tok_open("estimate", NULL, err, sizeof err);
	struct lint_opts o = {.tok = t};
	struct pfile pf;
	pf_init(&pf, path, src, strlen(src));
	lint_file(&pf, &o);
	char *out = NULL;
	for (size_t i = 0; i < pf.nfs && !out; i++)
		if (pf.fs[i].rule == R_UNDECLARED_VARIABLE)
			out = xasprintf("%d:%d", pf.fs[i].line, pf.fs[i].col);
	pf_free(&pf);
	tok_free(t);
	return out ? out : xstrdup("none");
}

static const struct {
	const char *path, *src, *want;
} cases[] = {
	{"a.yaml", "template: Hi {who}\nvariables: [x]\n", "1:15"},
	{"a.yaml", "template: |\n    line one\n    and {who} here\nvariables: [x]\n", "3:10"},
	{"a.yaml", "template: |-\n  a\n\n  b {who}\nvariables: [x]\n", "4:6"},
	{"a.yaml", "template: >\n  folded\n  text {who}\nvariables: [x]\n", "3:9"},
	{"a.yaml", "template: \"esc \\\"q\\\" \\n {who}\"\nvariables: [x]\n", "1:26"},
	{"a.yaml", "template: 'it''s {who}'\nvariables: [x]\n", "1:19"},
	{"a.yaml", "template: plain\n  continued {who}\nvariables: [x]\n", "2:14"},
	{"a.yaml", "\xEF\xBB\xBFtemplate: Hi {who}\nvariables: [x]\n", "1:15"},
	{"a.yaml", "name: caf\xC3\xA9\ntemplate: \xC3\xA9t\xC3\xA9 {who}\nvariables: [x]\n", "2:16"},
	{"a.yaml", "name: x\rtemplate: Hi {who}\r\nvariables: [x]\n", "2:15"}, /* lone CR: a break to libyaml */
	{"a.yaml", "name: x\xE2\x80\xA8template: Hi {who}\nvariables: [x]\n", "2:15"},
	{"a.yaml", "template: |\n  first\n  \"{who}\"\nvariables: [x]\n", "3:5"},
	{"a.prompty", "# licence\n\n---\ninputs:\n  x:\n    type: string\n---\nsystem:\nHi {{who}}\n", "9:6"},
	{"a.prompt", "---\ninput:\n  schema:\n    x: string\n---\n\n  {{#if x}}{{who}}{{/if}}\n", "7:14"},
	{"a.yaml", "messages:\n  - role: user\n    content: |\n      Q: {{who}}\nmodel: m\ntestData:\n  - x: 1\n",
	 "4:12"},
};

START_TEST(test_position)
{
	char *got = where(cases[_i].path, cases[_i].src);
	ck_assert_msg(strcmp(got, cases[_i].want) == 0, "case %d: got %s, want %s", _i, got, cases[_i].want);
	free(got);
}
END_TEST

START_TEST(test_frontmatter)
{
	struct frontmatter fm;
	const char *a = "---\nname: x\n---\nbody\n";
	fm_split(a, strlen(a), &fm);
	ck_assert(fm.present && fm.closed);
	ck_assert_uint_eq(fm.yaml, 4);
	ck_assert_uint_eq(fm.yaml_len, 8);
	ck_assert_int_eq(fm.yaml_line0, 1);
	ck_assert_str_eq(a + fm.body, "body\n");

	const char *b = "# c1\n#\n\n---\n---\n"; /* comments first, empty YAML, no body */
	fm_split(b, strlen(b), &fm);
	ck_assert(fm.present && fm.closed);
	ck_assert_uint_eq(fm.yaml_len, 0);
	ck_assert_int_eq(fm.yaml_line0, 4);
	ck_assert_uint_eq(fm.body, strlen(b));

	const char *c = "Just a body {{x}}\n---\nmore\n";
	fm_split(c, strlen(c), &fm);
	ck_assert(!fm.present);
	ck_assert_uint_eq(fm.body, 0);

	const char *d = "\xEF\xBB\xBF---\nname: x\nno end\n";
	fm_split(d, strlen(d), &fm);
	ck_assert(fm.present && !fm.closed);
	ck_assert_uint_eq(fm.open, 3);

	const char *e = "---  \r\nk: v\r\n---\r\nbody"; /* CRLF, trailing blanks */
	fm_split(e, strlen(e), &fm);
	ck_assert(fm.present && fm.closed);
	ck_assert_str_eq(e + fm.body, "body");

	fm_split("", 0, &fm);
	ck_assert(!fm.present);

	/* Dotprompt: '#' in the first column only; an indented comment
	 * makes the whole file the template, as its reader does. */
	const char *f = "# licence\n  \n---\nk: v\n---\nbody";
	fm_split_as(f, strlen(f), true, &fm);
	ck_assert(fm.present && fm.closed);
	ck_assert_int_eq(fm.yaml_line0, 3);
	ck_assert_str_eq(f + fm.body, "body");
	const char *g = "  # indented\n---\nk: v\n---\nbody";
	fm_split_as(g, strlen(g), true, &fm);
	ck_assert(!fm.present);
	ck_assert_uint_eq(fm.body, 0);
	fm_split_as(g, strlen(g), false, &fm);
	ck_assert(fm.present && fm.closed);
}
END_TEST

static Suite *suite(void)
{
	crypto_init();
	Suite *s = suite_create("prompt-lint positions");
	TCase *tc = tcase_create("positions");
	tcase_add_loop_test(tc, test_position, 0, (int)(sizeof cases / sizeof *cases));
	tcase_add_test(tc, test_frontmatter);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
