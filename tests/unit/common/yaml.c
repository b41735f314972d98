#include "yaml.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static struct yfile *load(const char *text)
{
	struct yfile *yf;
	struct yerror err;
	int rc = yaml_load(text, strlen(text), &yf, &err);
	ck_assert_msg(rc == 0, "%d:%d: %s", err.line, err.col, err.msg);
	return yf;
}

START_TEST(positions_and_order)
{
	const char *text = "name: greet\ntemplate: |\n  Hello {name}\n  bye\nvars:\n  - name\n  - when\n";
	struct yfile *yf = load(text);
	ck_assert_uint_eq(yf->ndocs, 1);
	struct ynode *root = yf->docs[0].root;
	ck_assert_int_eq(root->type, YN_MAP);
	ck_assert_uint_eq(root->u.map.n, 3);
	ck_assert_str_eq(yscalar(root->u.map.pairs[0].key), "name");
	ck_assert_str_eq(yscalar(root->u.map.pairs[2].key), "vars");
	struct ynode *t = ymap_get(root, "template");
	ck_assert_str_eq(yscalar(t), "Hello {name}\nbye\n");
	ck_assert_int_eq(t->u.scalar.style, YS_LITERAL);
	ck_assert_int_eq(t->line, 2);
	ck_assert_int_eq(t->col, 11);
	struct ynode *v = ymap_get(root, "vars");
	ck_assert_int_eq(v->u.seq.items[1]->line, 7);
	ck_assert_int_eq(v->u.seq.items[1]->col, 5);
	ck_assert_str_eq(text + v->u.seq.items[1]->start, "when\n");
	ck_assert_ptr_null(ymap_get(root, "nope"));
	yfile_free(yf);
}
END_TEST

START_TEST(duplicates)
{
	struct yfile *yf = load("a: 1\nb: 2\na: 3\n");
	ck_assert_uint_eq(yf->ndups, 1);
	ck_assert_str_eq(yf->dups[0].key, "a");
	ck_assert_int_eq(yf->dups[0].first_line, 1);
	ck_assert_int_eq(yf->dups[0].line, 3);
	ck_assert_str_eq(yscalar(ymap_get(yf->docs[0].root, "a")), "3");
	yfile_free(yf);
}
END_TEST

START_TEST(syntax_errors)
{
	struct yfile *yf;
	struct yerror err;
	const char *bad = "a: \"unterminated\nb: 2\n";
	ck_assert_int_eq(yaml_load(bad, strlen(bad), &yf, &err), -1);
	ck_assert_int_eq(err.ctx_line, 1);
	ck_assert_int_eq(err.ctx_col, 4);
	ck_assert_msg(strstr(err.ctx, "quoted scalar"), "got %s", err.ctx);
	bad = "a: b: c\n";
	ck_assert_int_eq(yaml_load(bad, strlen(bad), &yf, &err), -1);
	ck_assert_int_eq(err.line, 1);
	ck_assert_int_eq(err.col, 5);
	bad = "a: *nothing\n";
	ck_assert_int_eq(yaml_load(bad, strlen(bad), &yf, &err), -1);
	ck_assert_msg(strstr(err.msg, "undefined alias"), "got %s", err.msg);
	bad = "a:\n\t- b\n";
	ck_assert_int_eq(yaml_load(bad, strlen(bad), &yf, &err), -1);
	ck_assert_int_eq(err.line, 2);
}
END_TEST

START_TEST(aliases_bounded)
{
	struct yfile *yf = load("base: &b {x: 1}\nuse: *b\n");
	struct ynode *u = ymap_get(yf->docs[0].root, "use");
	ck_assert(u->alias);
	ck_assert_str_eq(yscalar(ymap_get(u, "x")), "1");
	ck_assert_int_eq(u->line, 2);
	yfile_free(yf);
	/* The billion laughs: each level doubles ten times. */
	char bomb[4096] = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
	for (char c = 'b'; c <= 'i'; c++) {
		char line[128];
		snprintf(line, sizeof line, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", c, c, c - 1,
			 c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
		strcat(bomb, line);
	}
	struct yerror err;
	ck_assert_int_eq(yaml_load(bomb, strlen(bomb), &yf, &err), -1);
	ck_assert_msg(strstr(err.msg, "alias bomb"), "got %s", err.msg);
}
END_TEST

START_TEST(documents)
{
	struct yfile *yf = load("a: 1\n---\nb: 2\n---\n");
	ck_assert_uint_eq(yf->ndocs, 3);
	ck_assert_str_eq(yscalar(ymap_get(yf->docs[1].root, "b")), "2");
	ck_assert_int_eq(yf->docs[1].line, 2);
	ck_assert_int_eq(yscalar_resolve(yf->docs[2].root), YR_NULL); /* an empty document is null */
	yfile_free(yf);
}
END_TEST

START_TEST(comments_kept)
{
	const char *text = "# top\nkey: value # trailing\n# about list\nlist:\n  # first\n  - a\n  - b\n"
			   "nested:\n  # inner\n  x: 1\n# the end\n";
	struct yfile *yf = load(text);
	struct ynode *root = yf->docs[0].root;
	ck_assert_str_eq(root->u.map.pairs[0].key->comment_before, "top");
	ck_assert_str_eq(root->u.map.pairs[0].value->comment_after, "trailing");
	ck_assert_str_eq(root->u.map.pairs[1].key->comment_before, "about list");
	ck_assert_str_eq(ymap_get(root, "list")->u.seq.items[0]->comment_before, "first");
	ck_assert_str_eq(ymap_get(root, "nested")->u.map.pairs[0].key->comment_before, "inner");
	ck_assert_str_eq(yf->docs[0].comment_end, "the end");
	yfile_free(yf);
}
END_TEST

START_TEST(resolution_and_quoting)
{
	struct yfile *yf = load("- 1\n- -2.5e3\n- .inf\n- 0x1F\n- null\n- True\n- 'true'\n- !!str 7\n- 1.2.3\n- yes\n");
	struct ynode *s = yf->docs[0].root;
	enum yresolved want[] = {YR_INT, YR_FLOAT, YR_FLOAT, YR_INT, YR_NULL, YR_BOOL, YR_STR, YR_STR, YR_STR, YR_STR};
	for (size_t i = 0; i < s->u.seq.n; i++)
		ck_assert_msg(yscalar_resolve(s->u.seq.items[i]) == want[i], "item %zu", i);
	yfile_free(yf);
	ck_assert(yaml_needs_quotes("", 0));
	ck_assert(yaml_needs_quotes("yes", 3));
	ck_assert(yaml_needs_quotes("12", 2));
	ck_assert(yaml_needs_quotes("a: b", 4));
	ck_assert(yaml_needs_quotes("- x", 3));
	ck_assert(yaml_needs_quotes("x #y", 4));
	ck_assert(yaml_needs_quotes(" lead", 5));
	ck_assert(!yaml_needs_quotes("plain text", 10));
	ck_assert(!yaml_needs_quotes("a:b", 3));
	ck_assert(!yaml_needs_quotes("-x", 2));
}
END_TEST

/* Unicode line breaks are escaped, so the string reads back unfolded. */
START_TEST(double_quoted_breaks)
{
	const char *in = "a\xE2\x80\xA8"
			 "b\xC2\x85"
			 "c\xE2\x80\xA9"
			 "d\xE2\x82\xAC\n";
	char *buf;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);
	yaml_write_double_quoted(fp, in, strlen(in));
	fclose(fp);
	ck_assert_str_eq(buf, "\"a\\Lb\\Nc\\Pd\xE2\x82\xAC\\n\"");
	struct yfile *yf = load(buf);
	ck_assert_str_eq(yf->docs[0].root->u.scalar.str, in);
	yfile_free(yf);
	free(buf);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("yaml");
	TCase *tc = tcase_create("yaml");
	tcase_add_test(tc, positions_and_order);
	tcase_add_test(tc, duplicates);
	tcase_add_test(tc, syntax_errors);
	tcase_add_test(tc, aliases_bounded);
	tcase_add_test(tc, documents);
	tcase_add_test(tc, comments_kept);
	tcase_add_test(tc, resolution_and_quoting);
	tcase_add_test(tc, double_quoted_breaks);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
