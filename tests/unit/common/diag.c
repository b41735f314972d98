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
	struct finding f = {"p/a,b:c.yaml", 3, 7, SEV_ERROR, "PL101", "50% over\nbudget: 4000"};
	char *t = render(diag_print_text, &f);
	ck_assert_str_eq(t, "p/a,b:c.yaml:3:7: error: 50% over\nbudget: 4000 [PL101]\n");
	free(t);
	t = render(diag_print_github, &f);
	ck_assert_str_eq(t, "::error file=p/a%2Cb%3Ac.yaml,line=3,col=7,title=PL101::50%25 over%0Abudget: 4000\n");
	free(t);
	f = (struct finding){"x", 0, 0, SEV_WARNING, NULL, "no position"};
	t = render(diag_print_text, &f);
	ck_assert_str_eq(t, "x: warning: no position\n");
	free(t);
	t = render(diag_print_github, &f);
	ck_assert_str_eq(t, "::warning file=x::no position\n");
	free(t);
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
	tcase_add_test(tc, formats);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
