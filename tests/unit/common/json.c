#include "json.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

START_TEST(paths)
{
	char err[256];
	const char *text = "{\"status\":\"ok\",\"checks\":{\"db\":{\"ok\":true}},"
			   "\"items\":[{\"state\":\"up\"},{\"state\":\"down\"}],\"a.b\":1,\"n\":null}";
	json_t *v = json_parse_buf(text, strlen(text), "body", err, sizeof err);
	ck_assert_ptr_nonnull(v);
	bool bad;
	ck_assert_str_eq(json_string_value(json_path_get(v, ".status", &bad)), "ok");
	ck_assert(!bad);
	ck_assert(json_is_true(json_path_get(v, ".checks.db.ok", NULL)));
	ck_assert_str_eq(json_string_value(json_path_get(v, ".items[1].state", NULL)), "down");
	ck_assert_str_eq(json_string_value(json_path_get(v, ".items[-1].state", NULL)), "down");
	ck_assert_int_eq(json_integer_value(json_path_get(v, ".[\"a.b\"]", NULL)), 1);
	ck_assert_ptr_eq(json_path_get(v, ".", NULL), v);
	ck_assert_ptr_null(json_path_get(v, ".missing.deeper", &bad));
	ck_assert(!bad);
	ck_assert_ptr_null(json_path_get(v, ".items[9]", NULL));
	ck_assert_ptr_null(json_path_get(v, ".status[0]", NULL));
	ck_assert(!json_truthy(json_path_get(v, ".n", NULL)));
	ck_assert(json_truthy(json_path_get(v, ".status", NULL)));
	ck_assert(!json_truthy(NULL));
	/* Malformed paths are told apart from absent values. */
	ck_assert_ptr_null(json_path_get(v, "status", &bad));
	ck_assert(bad);
	ck_assert_ptr_null(json_path_get(v, ".items[x]", &bad));
	ck_assert(bad);
	ck_assert(!json_path_valid(".a..b"));
	ck_assert(json_path_valid(".a.b[0]"));
	json_decref(v);
}
END_TEST

START_TEST(errors_have_positions)
{
	char err[256];
	ck_assert_ptr_null(json_parse_buf("{\n  \"a\": ,\n}", 12, "x.json", err, sizeof err));
	ck_assert_msg(strncmp(err, "x.json:2:", 9) == 0, "got %s", err);
	ck_assert_ptr_null(json_parse_file("/nonexistent/file.json", err, sizeof err));
	ck_assert_msg(strstr(err, "No such file") != NULL, "got %s", err);
}
END_TEST

START_TEST(stable_output)
{
	json_t *o = json_object();
	json_object_set_new(o, "z", json_integer(1));
	json_object_set_new(o, "a", json_real(0.1));
	char *s = json_to_string(o, false);
	ck_assert_str_eq(s, "{\"z\":1,\"a\":0.10000000000000001}");
	free(s);
	s = json_to_string(o, true);
	ck_assert_str_eq(s, "{\n  \"z\": 1,\n  \"a\": 0.10000000000000001\n}");
	free(s);
	ck_assert_str_eq(json_get_str(o, "z", "def"), "def");
	ck_assert_int_eq(json_get_int(o, "z", 0), 1);
	json_decref(o);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("json");
	tcase_add_test(tc, paths);
	tcase_add_test(tc, errors_have_positions);
	tcase_add_test(tc, stable_output);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
