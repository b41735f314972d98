/* Expectations: how each flag's text is parsed (and refused), and how an
 * answer is judged against all of them, with the reason given. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "expect.h"

static char err[512], why[512];

static struct answer ans(long status, const char *body, const char *headers)
{
	return (struct answer){status, body, body ? strlen(body) : 0, false, headers};
}

static enum expect_result judge(const struct expect *e, long status, const char *body)
{
	struct answer a = ans(status, body, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
	why[0] = '\0';
	return expect_check(e, &a, why, sizeof why);
}

START_TEST(status_default_is_2xx)
{
	struct expect *e = expect_new();
	ck_assert(expect_status_ok(e, 200));
	ck_assert(expect_status_ok(e, 299));
	ck_assert(!expect_status_ok(e, 199));
	ck_assert(!expect_status_ok(e, 301));
	ck_assert_int_eq(judge(e, 503, ""), EXPECT_FAIL);
	ck_assert_str_eq(why, "503 Service Unavailable");
	ck_assert_int_eq(judge(e, 204, ""), EXPECT_PASS);
	expect_free(e);
}
END_TEST

START_TEST(status_lists_and_classes)
{
	struct expect *e = expect_new();
	ck_assert_int_eq(expect_status(e, "200, 204", err, sizeof err), 0);
	ck_assert_int_eq(expect_status(e, "4XX", err, sizeof err), 0);
	ck_assert(expect_status_ok(e, 200));
	ck_assert(expect_status_ok(e, 204));
	ck_assert(!expect_status_ok(e, 201));
	ck_assert(expect_status_ok(e, 401));
	ck_assert(expect_status_ok(e, 499));
	ck_assert(!expect_status_ok(e, 500));
	expect_free(e);
}
END_TEST

START_TEST(status_refused)
{
	const char *bad[] = {"", ",", "20", "2000", "600", "099", "2x", "abc", "200,x", "2xx-"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct expect *e = expect_new();
		err[0] = '\0';
		ck_assert_msg(expect_status(e, bad[i], err, sizeof err) == -1, "accepted '%s'", bad[i]);
		ck_assert_msg(strstr(err, "--expect-status") && strstr(err, "2xx"), "%s", err);
		expect_free(e);
	}
}
END_TEST

START_TEST(json_specs_parsed)
{
	const char *good[] = {".status",
			      ".status == healthy",
			      ".status==\"healthy\"",
			      " .checks.db.ok ",
			      ".items[0].state != failed",
			      ".n == 3",
			      ".a == null",
			      ".a == [1, 2]",
			      ".a == {\"b\": true}",
			      ".x != \"a b\"",
			      ".[\"key.with.dots\"] == 1",
			      ".status == two words"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct expect *e = expect_new();
		ck_assert_msg(expect_json(e, good[i], err, sizeof err) == 0, "'%s': %s", good[i], err);
		expect_free(e);
	}
}
END_TEST

START_TEST(json_specs_refused)
{
	const struct {
		const char *spec, *says;
	} bad[] = {
		{"status == ok", "not a path"},
		{"", "not a path"},
		{".a[", "not a path"},
		{".a > 1", "expected == or !="},
		{".a = 1", "expected == or !="},
		{".a>1", "expected == or !="},
		{".a <= 1", "expected == or !="},
		{".a ==", "a value is missing"},
		{".a !=   ", "a value is missing"},
		{".a == \"open", "not valid JSON"},
		{".a == [1,", "not valid JSON"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct expect *e = expect_new();
		err[0] = '\0';
		ck_assert_msg(expect_json(e, bad[i].spec, err, sizeof err) == -1, "accepted '%s'", bad[i].spec);
		ck_assert_msg(strstr(err, bad[i].says) && strstr(err, "--expect-json"), "'%s': %s", bad[i].spec, err);
		expect_free(e);
	}
}
END_TEST

static enum expect_result json1(const char *spec, const char *body)
{
	struct expect *e = expect_new();
	ck_assert_msg(expect_json(e, spec, err, sizeof err) == 0, "%s", err);
	enum expect_result r = judge(e, 200, body);
	expect_free(e);
	return r;
}

START_TEST(json_judged)
{
	const char *doc = "{\"status\":\"healthy\",\"checks\":{\"db\":{\"ok\":true},\"cache\":{\"ok\":false}},"
			  "\"items\":[{\"state\":\"ready\"}],\"n\":3,\"zero\":0,\"none\":null,\"s\":\"two words\"}";
	ck_assert_int_eq(json1(".status == healthy", doc), EXPECT_PASS);
	ck_assert_int_eq(json1(".status == \"healthy\"", doc), EXPECT_PASS);
	ck_assert_int_eq(json1(".status != starting", doc), EXPECT_PASS);
	ck_assert_int_eq(json1(".checks.db.ok", doc), EXPECT_PASS);
	ck_assert_int_eq(json1(".checks.db.ok == true", doc), EXPECT_PASS);
	ck_assert_int_eq(json1(".items[0].state == ready", doc), EXPECT_PASS);
	ck_assert_int_eq(json1(".n == 3.0", doc), EXPECT_PASS);
	ck_assert_int_eq(json1(".zero", doc), EXPECT_PASS); /* 0 is true, as in jq */
	ck_assert_int_eq(json1(".s == two words", doc), EXPECT_PASS);
	ck_assert_int_eq(json1(".missing == null", doc), EXPECT_PASS);

	ck_assert_int_eq(json1(".checks.cache.ok", doc), EXPECT_FAIL);
	ck_assert_str_eq(why, "json .checks.cache.ok is false, want a true value");
	ck_assert_int_eq(json1(".none", doc), EXPECT_FAIL);
	ck_assert_int_eq(json1(".missing", doc), EXPECT_FAIL);
	ck_assert_str_eq(why, "json .missing is absent, want a true value");
	ck_assert_int_eq(json1(".status == starting", doc), EXPECT_FAIL);
	ck_assert_str_eq(why, "json .status is \"healthy\", want \"starting\"");
	ck_assert_int_eq(json1(".n == \"3\"", doc), EXPECT_FAIL); /* a string is not a number */
	ck_assert_int_eq(json1(".status != healthy", doc), EXPECT_FAIL);
	ck_assert_str_eq(why, "json .status is \"healthy\", want anything but \"healthy\"");
	/* An absent field is not "different from" a value: it must be there. */
	ck_assert_int_eq(json1(".missing != x", doc), EXPECT_FAIL);
	ck_assert_int_eq(json1(".items[5].state == ready", doc), EXPECT_FAIL);
}
END_TEST

START_TEST(json_needs_a_json_body)
{
	ck_assert_int_eq(json1(".status", "<html>ok</html>"), EXPECT_FAIL);
	ck_assert_msg(strstr(why, "body is not JSON"), "%s", why);
	ck_assert_int_eq(json1(".status", ""), EXPECT_FAIL);
	ck_assert_msg(strstr(why, "body is not JSON"), "%s", why);
	/* A body cut at --max-body says so, since that is the likely cause. */
	struct expect *e = expect_new();
	expect_json(e, ".status", err, sizeof err);
	struct answer a = ans(200, "{\"status\": \"hea", "");
	a.truncated = true;
	ck_assert_int_eq(expect_check(e, &a, why, sizeof why), EXPECT_FAIL);
	ck_assert_msg(strstr(why, "body cut at --max-body"), "%s", why);
	expect_free(e);
}
END_TEST

START_TEST(all_expectations_must_hold)
{
	struct expect *e = expect_new();
	ck_assert_int_eq(expect_json(e, ".status == healthy", err, sizeof err), 0);
	ck_assert_int_eq(expect_json(e, ".ready", err, sizeof err), 0);
	ck_assert_int_eq(judge(e, 200, "{\"status\":\"healthy\",\"ready\":true}"), EXPECT_PASS);
	ck_assert_int_eq(judge(e, 200, "{\"status\":\"healthy\",\"ready\":false}"), EXPECT_FAIL);
	ck_assert_str_eq(why, "json .ready is false, want a true value");
	/* The status is judged first: its reason is the most basic one. */
	ck_assert_int_eq(judge(e, 500, "{\"status\":\"unhealthy\"}"), EXPECT_FAIL);
	ck_assert_str_eq(why, "500 Internal Server Error");
	expect_free(e);
}
END_TEST

START_TEST(body_regex)
{
	struct expect *e = expect_new();
	ck_assert_int_eq(expect_body(e, "^(ok|up)$", err, sizeof err), 0);
	ck_assert_int_eq(judge(e, 200, "up"), EXPECT_PASS);
	ck_assert_int_eq(judge(e, 200, "down"), EXPECT_FAIL);
	ck_assert_str_eq(why, "body does not match /^(ok|up)$/");
	expect_free(e);
	e = expect_new();
	ck_assert_int_eq(expect_body(e, "(unclosed", err, sizeof err), -1);
	ck_assert_msg(strstr(err, "--expect-body '(unclosed'") && strstr(err, "POSIX extended"), "%s", err);
	expect_free(e);
	/* ^ and $ work per line, as with grep -E. */
	e = expect_new();
	expect_body(e, "^version 2\\.[0-9]+$", err, sizeof err);
	ck_assert_int_eq(judge(e, 200, "status: UP\nversion 2.4\n"), EXPECT_PASS);
	ck_assert_int_eq(judge(e, 200, "status: UP\nversion 3.0\n"), EXPECT_FAIL);
	expect_free(e);
	/* A NUL in the body does not hide what follows it. */
	e = expect_new();
	expect_body(e, "tail", err, sizeof err);
	struct answer a = {200, "head\0tail", 9, false, ""};
	ck_assert_int_eq(expect_check(e, &a, why, sizeof why), EXPECT_PASS);
	expect_free(e);
}
END_TEST

START_TEST(header_regex)
{
	const char *hdr = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
			  "X-Ready: no\r\nx-ready: yes\r\nX-Empty:\r\n\r\n";
	struct expect *e = expect_new();
	ck_assert_int_eq(expect_header(e, "content-type: ^application/json", err, sizeof err), 0);
	ck_assert_int_eq(expect_header(e, "X-Ready: ^yes$", err, sizeof err), 0); /* any of its values */
	ck_assert_int_eq(expect_header(e, "X-Empty:", err, sizeof err), 0); /* present is enough */
	struct answer a = ans(200, "", hdr);
	ck_assert_int_eq(expect_check(e, &a, why, sizeof why), EXPECT_PASS);
	expect_free(e);

	e = expect_new();
	expect_header(e, "X-Version: ^2\\.", err, sizeof err);
	ck_assert_int_eq(expect_check(e, &a, why, sizeof why), EXPECT_FAIL);
	ck_assert_str_eq(why, "header X-Version missing");
	a.headers = "HTTP/1.1 200 OK\r\nX-Version: 1.9\r\n\r\n";
	ck_assert_int_eq(expect_check(e, &a, why, sizeof why), EXPECT_FAIL);
	ck_assert_str_eq(why, "header X-Version does not match /^2\\./");
	expect_free(e);

	const char *bad[] = {"NoColon", ": value", "Two Words: x", "X-A: ("};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		e = expect_new();
		ck_assert_msg(expect_header(e, bad[i], err, sizeof err) == -1, "accepted '%s'", bad[i]);
		ck_assert_msg(strstr(err, "--expect-header"), "%s", err);
		expect_free(e);
	}
}
END_TEST

static bool have_jq(void)
{
	return system("jq --version >/dev/null 2>&1") == 0;
}

START_TEST(jq_decides)
{
	ck_assert_msg(have_jq(), "jq is not on PATH; scripts/install-deps installs it");
	struct expect *e = expect_new();
	ck_assert_int_eq(expect_jq(e, ".status == \"healthy\" and (.checks | all(.ok))", err, sizeof err), 0);
	ck_assert_int_eq(judge(e, 200, "{\"status\":\"healthy\",\"checks\":[{\"ok\":true}]}"), EXPECT_PASS);
	ck_assert_int_eq(judge(e, 200, "{\"status\":\"healthy\",\"checks\":[{\"ok\":false}]}"), EXPECT_FAIL);
	ck_assert_msg(strstr(why, "gave false or null"), "%s", why);
	ck_assert_int_eq(judge(e, 200, "not json"), EXPECT_FAIL);
	ck_assert_msg(strstr(why, "failed"), "%s", why);
	expect_free(e);

	/* An empty body passes nothing, whatever jq's version says. */
	e = expect_new();
	ck_assert_int_eq(expect_jq(e, ".ok", err, sizeof err), 0);
	ck_assert_int_eq(judge(e, 200, ""), EXPECT_FAIL);
	ck_assert_msg(strstr(why, "the body is empty"), "%s", why);
	ck_assert_int_eq(judge(e, 200, " \n"), EXPECT_FAIL);
	expect_free(e);

	e = expect_new();
	ck_assert_int_eq(expect_jq(e, "empty", err, sizeof err), 0);
	ck_assert_int_eq(judge(e, 200, "{}"), EXPECT_FAIL);
	ck_assert_msg(strstr(why, "gave no output"), "%s", why);
	expect_free(e);

	e = expect_new();
	ck_assert_int_eq(expect_jq(e, ".a |||", err, sizeof err), -1);
	ck_assert_msg(strstr(err, "--expect-jq '.a |||'"), "%s", err);
	/* A trailing comment does not swallow the compile check's parenthesis. */
	ck_assert_int_eq(expect_jq(e, ".a # is it set?", err, sizeof err), 0);
	expect_free(e);

	/* A runaway program is stopped at the limit. */
	e = expect_new();
	ck_assert_int_eq(expect_jq(e, "def f: f; f", err, sizeof err), 0);
	expect_jq_limit(e, 300);
	ck_assert_int_eq(judge(e, 200, "{}"), EXPECT_FAIL);
	ck_assert_msg(strstr(why, "ran too long"), "%s", why);
	expect_free(e);
}
END_TEST

START_TEST(jq_missing_is_an_environment_error)
{
	char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", "/nonexistent", 1);
	struct expect *e = expect_new();
	int rc = expect_jq(e, ".ok", err, sizeof err);
	if (path)
		setenv("PATH", path, 1);
	free(path);
	ck_assert_int_eq(rc, -2);
	ck_assert_msg(strstr(err, "install jq"), "%s", err);
	expect_free(e);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("health-wait expect");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, status_default_is_2xx);
	tcase_add_test(tc, status_lists_and_classes);
	tcase_add_test(tc, status_refused);
	tcase_add_test(tc, json_specs_parsed);
	tcase_add_test(tc, json_specs_refused);
	tcase_add_test(tc, json_judged);
	tcase_add_test(tc, json_needs_a_json_body);
	tcase_add_test(tc, all_expectations_must_hold);
	tcase_add_test(tc, body_regex);
	tcase_add_test(tc, header_regex);
	tcase_add_test(tc, jq_decides);
	tcase_add_test(tc, jq_missing_is_an_environment_error);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
