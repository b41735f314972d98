/* jq as a child process: exit statuses passed through, a runaway program
 * killed at the limit, and a jq that stops reading early neither blocks
 * nor kills the caller with SIGPIPE. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "jqrun.h"

static char msg[256];

START_TEST(exit_statuses)
{
	ck_assert_int_eq(jq_run(".ok", "{\"ok\": true}", 12, 10000, msg, sizeof msg), 0);
	ck_assert_int_eq(jq_run(".ok", "{\"ok\": false}", 13, 10000, msg, sizeof msg), 1);
	ck_assert_int_eq(jq_run(".ok", "{\"ok\": null}", 12, 10000, msg, sizeof msg), 1);
	ck_assert_int_eq(jq_run("empty", "{}", 2, 10000, msg, sizeof msg), 4);
	ck_assert_int_eq(msg[0], '\0');
	/* no JSON value in the input: jq -e prints nothing, exits 0; no output is 4 */
	ck_assert_int_eq(jq_run(".ok", "\0\0\0", 3, 10000, msg, sizeof msg), 4);
	ck_assert_int_ne(jq_run(".a", "not json", 8, 10000, msg, sizeof msg), 0);
	ck_assert_msg(strstr(msg, "parse error"), "%s", msg);
	ck_assert(!strchr(msg, '\n'));
}
END_TEST

START_TEST(compile_only)
{
	ck_assert_int_eq(jq_compile(".status == \"healthy\"", msg, sizeof msg), 0);
	/* Compiling never evaluates: input and error are fine here. */
	ck_assert_int_eq(jq_compile("input | error(\"x\")", msg, sizeof msg), 0);
	ck_assert_int_eq(jq_compile(".a |||", msg, sizeof msg), 3);
	ck_assert_msg(msg[0], "jq said nothing about a syntax error");
	ck_assert_int_eq(jq_compile("$undefined_var", msg, sizeof msg), 3);
}
END_TEST

START_TEST(runaway_killed)
{
	ck_assert_int_eq(jq_run("def f: f; f", "{}", 2, 300, msg, sizeof msg), JQ_TIMED_OUT);
}
END_TEST

START_TEST(early_exit_on_a_big_body)
{
	size_t n = 8u << 20;
	char *big = malloc(n);
	memset(big, 'x', n); /* not JSON from the first byte: jq stops reading */
	int rc = jq_run(".", big, n, 10000, msg, sizeof msg);
	free(big);
	ck_assert_msg(rc > 0, "rc %d", rc);
}
END_TEST

START_TEST(missing_jq)
{
	char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", "/nonexistent", 1);
	int a = jq_run(".", "{}", 2, 10000, msg, sizeof msg);
	int b = jq_compile(".", msg, sizeof msg);
	if (path)
		setenv("PATH", path, 1);
	free(path);
	ck_assert_int_eq(a, JQ_NOT_FOUND);
	ck_assert_int_eq(b, JQ_NOT_FOUND);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("health-wait jqrun");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, exit_statuses);
	tcase_add_test(tc, compile_only);
	tcase_add_test(tc, runaway_killed);
	tcase_add_test(tc, early_exit_on_a_big_body);
	tcase_add_test(tc, missing_jq);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
