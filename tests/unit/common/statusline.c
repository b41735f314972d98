#include "statusline.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

START_TEST(plain_lines_off_a_terminal)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct statusline s;
	statusline_init(&s, fp, true);
	ck_assert(!s.in_place); /* a memory stream is no terminal */
	statusline_show(&s, "1 of 2 healthy");
	ck_assert(!statusline_clear(&s)); /* nothing drawn in place */
	statusline_show(&s, "2 of 2 healthy");
	fclose(fp);
	ck_assert_str_eq(buf, "1 of 2 healthy\n2 of 2 healthy\n");
	free(buf);
}
END_TEST

START_TEST(redrawn_in_place_on_a_terminal)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct statusline s;
	statusline_init(&s, fp, true);
	s.in_place = true; /* as on a terminal */
	statusline_show(&s, "a");
	statusline_show(&s, "b");
	ck_assert(statusline_clear(&s));
	ck_assert(!statusline_clear(&s)); /* once */
	fclose(fp);
	ck_assert_str_eq(buf, "\r\033[Ka\r\033[Kb\r\033[K");
	free(buf);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("statusline");
	TCase *tc = tcase_create("statusline");
	tcase_add_test(tc, plain_lines_off_a_terminal);
	tcase_add_test(tc, redrawn_in_place_on_a_terminal);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
