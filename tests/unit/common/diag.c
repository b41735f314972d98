#include "diag.h"
#include "gha.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static char *render(void (*fn)(FILE *, const struct finding *), const struct finding *f)
{
	char *buf;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);
	fn(fp, f);
	fclose(fp);
	return buf;
}

START_TEST(text_and_github)
{
	struct findings fs = {0};
	findings_add(&fs, "p/a,b:c.yaml", 3, 7, SEV_ERROR, "PL101", "50%% over\nbudget: %d", 4000);
	char *t = render(diag_print_text, &fs.v[0]);
	ck_assert_str_eq(t, "p/a,b:c.yaml:3:7: error: 50% over\nbudget: 4000 [PL101]\n");
	free(t);
	t = render(diag_print_github, &fs.v[0]);
	ck_assert_str_eq(t, "::error file=p/a%2Cb%3Ac.yaml,line=3,col=7,title=PL101::50%25 over%0Abudget: 4000\n");
	free(t);
	findings_add(&fs, "x", 0, 0, SEV_WARNING, NULL, "no position");
	t = render(diag_print_text, &fs.v[1]);
	ck_assert_str_eq(t, "x: warning: no position\n");
	free(t);
	t = render(diag_print_github, &fs.v[1]);
	ck_assert_str_eq(t, "::warning file=x::no position\n");
	free(t);
	ck_assert_uint_eq(findings_count(&fs, SEV_ERROR), 1);
	ck_assert_uint_eq(findings_count(&fs, SEV_WARNING), 1);
	findings_free(&fs);
}
END_TEST

START_TEST(json_and_sort)
{
	struct findings fs = {0};
	findings_add(&fs, "b", 1, 1, SEV_NOTE, "r2", "m");
	findings_add(&fs, "a", 9, 1, SEV_ERROR, "r1", "m");
	findings_add(&fs, "a", 2, 5, SEV_ERROR, "r1", "m");
	findings_sort(&fs);
	ck_assert_str_eq(fs.v[0].file, "a");
	ck_assert_int_eq(fs.v[0].line, 2);
	ck_assert_str_eq(fs.v[2].file, "b");
	json_t *j = diag_to_json(&fs.v[2]);
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	ck_assert_str_eq(s, "{\"file\":\"b\",\"line\":1,\"col\":1,\"severity\":\"note\",\"rule\":\"r2\",\"message\":\"m\"}");
	free(s);
	json_decref(j);
	findings_free(&fs);
}
END_TEST

START_TEST(formats)
{
	unsigned all = 1u << FMT_TEXT | 1u << FMT_JSON | 1u << FMT_GITHUB;
	ck_assert_int_eq(parse_format("json", all), FMT_JSON);
	ck_assert_int_eq(parse_format("sarif", all), -1);
	ck_assert_int_eq(parse_format("xml", all), -1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("diag");
	tcase_add_test(tc, text_and_github);
	tcase_add_test(tc, json_and_sort);
	tcase_add_test(tc, formats);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
