/* The fast block-style reader: it takes the shapes sops files and plain
 * configuration files have, with libyaml's events to the byte, and
 * declines everything else. */
#include "yaml.h"
#include "yaml_fast.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* The fast reader's events and libyaml's, side by side. */
static void same_as_libyaml(const char *text)
{
	size_t len = strlen(text);
	struct yfast f;
	ck_assert_msg(yfast_scan(text, len, &f) == 0, "declined: %s", text);
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (size_t i = 0;; i++) {
		yaml_event_t e;
		ck_assert_msg(yaml_parser_parse(&p, &e), "libyaml refuses: %s", text);
		ck_assert_msg(i < f.n, "fast stops early: %s", text);
		const yaml_event_t *g = &f.ev[i];
		ck_assert_msg(e.type == g->type && e.start_mark.index == g->start_mark.index &&
				      e.start_mark.line == g->start_mark.line &&
				      e.start_mark.column == g->start_mark.column &&
				      e.end_mark.index == g->end_mark.index && e.end_mark.line == g->end_mark.line &&
				      e.end_mark.column == g->end_mark.column,
			      "event %zu (type %d, at %zu-%zu) differs in: %s", i, e.type, e.start_mark.index,
			      e.end_mark.index, text);
		if (e.type == YAML_SCALAR_EVENT) {
			ck_assert_uint_eq(e.data.scalar.length, g->data.scalar.length);
			ck_assert(!memcmp(e.data.scalar.value, g->data.scalar.value, e.data.scalar.length));
			ck_assert_int_eq(e.data.scalar.style, g->data.scalar.style);
			ck_assert_int_eq(e.data.scalar.plain_implicit, g->data.scalar.plain_implicit);
			ck_assert_int_eq(e.data.scalar.quoted_implicit, g->data.scalar.quoted_implicit);
		}
		int end = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		if (end) {
			ck_assert_uint_eq(i + 1, f.n);
			break;
		}
	}
	yaml_parser_delete(&p);
	yfast_free(&f);
}

static void declined(const char *text)
{
	struct yfast f;
	ck_assert_msg(yfast_scan(text, strlen(text), &f) != 0, "taken: %s", text);
	ck_assert_uint_eq(f.n, 0);
}

START_TEST(sops_file)
{
	same_as_libyaml("db_password: ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6cXV4cXV4cXV4cXV4cQ==,type:str]\n"
			"port: ENC[AES256_GCM,data:MTI=,iv:YmFy,tag:YmF6cXV4cXV4cXV4cXV4cQ==,type:int]\n"
			"sops:\n"
			"    age:\n"
			"        - enc: |\n"
			"            -----BEGIN AGE ENCRYPTED FILE-----\n"
			"            YWdlLWVuY3J5cHRpb24ub3JnL3YxCg==\n"
			"            -----END AGE ENCRYPTED FILE-----\n"
			"          recipient: age1qqqq\n"
			"    kms: []\n"
			"    lastmodified: \"2026-01-02T03:04:05Z\"\n"
			"    aws_profile: \"\"\n"
			"    unencrypted_suffix: _unencrypted\n"
			"    version: 3.9.0\n");
}
END_TEST

START_TEST(shapes)
{
	same_as_libyaml("a: 1\nb:\n    c: x y  \n    d: \"q\"\n\n# c\ne:\n    - f: |\n        l1\n"
			"          l2\n\n        l3\n      g: h\n    - i\n# end\n");
	same_as_libyaml("a:\nb: |-\n  x\n\n\nc: |\n  y\n  \n\n# k\nd:\n  - e\ne: |\n   z");
	same_as_libyaml("a:\n- x\n-   k: v\n    j: 'w'  # c\n# z\nb:   \n  c: d\n");
	same_as_libyaml("# c\n\n  a: 1 # one\n  b: |  # lit\n   x\n  \n");
	same_as_libyaml("k: v#not-a-comment\nurl: http://x/y\nn: -5\nlist: a, [b], {c}\n");
	same_as_libyaml("a: 1");
	same_as_libyaml("a:\n  - -f\n\n");
	same_as_libyaml("sops:\n    kms: []\n    gcp: {}  # c\n    x:\n      - []\n");
}
END_TEST

/* Blocks closed at the end of the input: libyaml closes those indented
 * past the column a last unfinished line stops at, there. */
START_TEST(end_of_input)
{
	same_as_libyaml("a:\n    b:\n        - c: |\n            x\n       ");
	same_as_libyaml("a:\n    b: 1\n #c");
	same_as_libyaml("a:\n    b: 1\n  ");
	same_as_libyaml("a:\n    b: 1\n");
}
END_TEST

START_TEST(declines)
{
	declined("");
	declined("# only a comment\n");
	declined("- a\n- b\n");
	declined("plain\n");
	declined("---\na: 1\n");
	declined("a: 1\n---\nb: 2\n");
	declined("a: 1\n...\n");
	declined("%YAML 1.2\n---\na: 1\n");
	declined("a: [1, 2]\n");
	declined("a: {b: 1}\n");
	declined("a: &x 1\nb: *x\n");
	declined("a: !!str 1\n");
	declined("a: >\n  folded\n");
	declined("a: |+\n  keep\n");
	declined("a: |2\n   x\n");
	declined("a: |\n\n  x\n");
	declined("a: \"esc\\n\"\n");
	declined("a: 'it''s'\n");
	declined("a: \"two\n  lines\"\n");
	declined("a: plain\n  continued\n");
	declined("a:\tb\n");
	declined("a: b\r\n");
	declined("a: caf\xc3\xa9\n");
	declined("\"q\": 1\n");
	declined("? k\n: v\n");
	declined("a: b: c\n");
	declined("a :b\n");
	declined("a:\n  - - x\n");
	declined("a:\n  -\n    b: 1\n");
	declined("a:\n  - |\n    x\n");
}
END_TEST

/* The loader gives the same tree either way: the fast reader's events go
 * through the same code (positions and comments included). */
START_TEST(loader_uses_it)
{
	const char *text = "# top\nname: x # same line\nlist:\n  - a\n  # inside\n  - b\nlit: |\n  t\n";
	struct yfile *yf;
	struct yerror err;
	ck_assert_int_eq(yaml_load(text, strlen(text), &yf, &err), 0);
	struct ynode *root = yf->docs[0].root;
	ck_assert_str_eq(root->u.map.pairs[0].key->comment_before, "top");
	ck_assert_str_eq(ymap_get(root, "name")->comment_after, "same line");
	struct ynode *list = ymap_get(root, "list");
	ck_assert_str_eq(list->u.seq.items[1]->comment_before, "inside");
	ck_assert_str_eq(yscalar(ymap_get(root, "lit")), "t\n");
	ck_assert_int_eq(ymap_get(root, "lit")->line, 7);
	yfile_free(yf);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("yaml_fast");
	TCase *tc = tcase_create("yaml_fast");
	tcase_add_test(tc, sops_file);
	tcase_add_test(tc, shapes);
	tcase_add_test(tc, end_of_input);
	tcase_add_test(tc, declines);
	tcase_add_test(tc, loader_uses_it);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
