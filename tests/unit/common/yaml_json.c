#include "json.h"
#include "yaml_json.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* The first document of text as compact JSON text. */
static char *as_json(const char *text)
{
	struct yfile *yf;
	struct yerror ye;
	ck_assert_int_eq(yaml_load(text, strlen(text), &yf, &ye), 0);
	json_t *j = ynode_to_json(yf->docs[0].root);
	yfile_free(yf);
	ck_assert_ptr_nonnull(j);
	char *s = json_to_string(j, false);
	json_decref(j);
	return s;
}

static void check(const char *yaml, const char *want)
{
	char *got = as_json(yaml);
	ck_assert_msg(strcmp(got, want) == 0, "%s\n want %s\n got  %s", yaml, want, got);
	free(got);
}

START_TEST(core_schema)
{
	check("a: 1\nb: -2\nc: 0o17\nd: 0x1f\ne: 017\n", "{\"a\":1,\"b\":-2,\"c\":15,\"d\":31,\"e\":17}");
	check("[1.5, .5, 1e3, -.inf, .nan, 1e999]", "[1.5,0.5,1000.0,\"-.inf\",\".nan\",\"1e999\"]");
	check("[true, False, null, ~, '', \"1\", '0x1f', yes]", "[true,false,null,null,\"\",\"1\",\"0x1f\",\"yes\"]");
	check("big: 99999999999999999999\n", "{\"big\":1e20}");
	check("hexbig: 0xffffffffffffffffff\n", "{\"hexbig\":\"0xffffffffffffffffff\"}");
}
END_TEST

START_TEST(tags_and_structure)
{
	check("[!!str 1, !!int '7', !!int 'x', !!float '2', !!bool 'true', !!null '']",
	      "[\"1\",7,\"x\",2.0,true,null]");
	check("m:\n  z: [a, {b: c}]\n  a: 1\n", "{\"m\":{\"z\":[\"a\",{\"b\":\"c\"}],\"a\":1}}");
	check("? [not, scalar]\n: skipped\nkept: 1\n", "{\"kept\":1}");
	ck_assert(json_is_null(ynode_to_json(NULL)));
}
END_TEST

static char *dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	return s;
}

static char err[256];

static json_t *load_doc(const char *text, const char *name)
{
	return yaml_json_doc(text, strlen(text), name, err, sizeof err);
}

static json_t *load_text(const char *text, const char *name)
{
	return yaml_json_text(text, strlen(text), name, err, sizeof err);
}

START_TEST(load_doc_and_text)
{
	char *s = dump(load_doc("a: 1\n---\nb: 2\n", "p.yaml"));
	ck_assert_str_eq(s, "{\"a\":1}"); /* the first document only */
	free(s);
	s = dump(load_doc("# only a comment\n", "p.yaml"));
	ck_assert_str_eq(s, "{}");
	free(s);
	ck_assert_ptr_null(load_doc("a: 1\nb: [2,\n", "p.yaml"));
	ck_assert_msg(strncmp(err, "p.yaml:3:1: ", 12) == 0, "%s", err);
	/* JSON is read by jansson: its errors, its numbers. */
	s = dump(load_text("  {\"n\": 1.0}", "p.json"));
	ck_assert_str_eq(s, "{\"n\":1.0}");
	free(s);
	ck_assert_ptr_null(load_text("[1,", "p.json"));
	ck_assert_msg(strncmp(err, "p.json:1:", 9) == 0, "%s", err);
	s = dump(load_text("n: 0x10", "p.yaml"));
	ck_assert_str_eq(s, "{\"n\":16}");
	free(s);
	ck_assert_ptr_null(yaml_json_file("/nonexistent/p.yaml", err, sizeof err));
	ck_assert_msg(strstr(err, "/nonexistent/p.yaml") != NULL, "%s", err);
}
END_TEST

START_TEST(load_stream)
{
	const char *y = "a: 1\n---\n---\n~\n---\n- x\n";
	struct yaml_json_docs d;
	ck_assert_int_eq(yaml_json_stream(y, strlen(y), "m.yaml", &d, err, sizeof err), 0);
	ck_assert_uint_eq(d.n, 2); /* the empty and the null document are skipped */
	ck_assert_int_eq(d.lines[0], 1);
	ck_assert_int_eq(d.lines[1], 6);
	char *s = json_dumps(d.docs[1], JSON_COMPACT);
	ck_assert_str_eq(s, "[\"x\"]");
	free(s);
	yaml_json_docs_free(&d);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_int_eq(yaml_json_stream("a: 1\n---\nb: 'x\n", 14, "m.yaml", &d, err, sizeof err), -1);
	ck_assert_msg(strncmp(err, "m.yaml:", 7) == 0, "%s", err);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_ptr_null(d.docs);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("yaml_json");
	TCase *tc = tcase_create("convert");
	tcase_add_test(tc, core_schema);
	tcase_add_test(tc, tags_and_structure);
	tcase_add_test(tc, load_doc_and_text);
	tcase_add_test(tc, load_stream);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
