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
	check("[true, False, null, ~, '', \"1\", '0x1f', yes]",
	      "[true,false,null,null,\"\",\"1\",\"0x1f\",\"yes\"]");
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

static Suite *suite(void)
{
	Suite *s = suite_create("yaml_json");
	TCase *tc = tcase_create("convert");
	tcase_add_test(tc, core_schema);
	tcase_add_test(tc, tags_and_structure);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
