/* TARGET arguments: which are accepted, and what a refusal says. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"

START_TEST(accepted)
{
	const char *good[] = {"http://127.0.0.1:8080/health", "https://dev-agent.example.com/health",
			      "http://localhost", "https://[::1]:8443/ready?deep=1", "tcp://127.0.0.1:5432",
			      "tcp://db.internal:6379", "tcp://[::1]:80",
			      /* schemes are case-insensitive */
			      "HTTP://127.0.0.1/", "Https://agent.example.com/", "TCP://db:5432"};
	char err[512];
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(target_check(good[i], err, sizeof err) == 0, "'%s': %s", good[i], err);
	ck_assert(target_is_tcp("tcp://h:1"));
	ck_assert(!target_is_tcp("http://h:1"));
	ck_assert(target_is_tcp("TCP://h:1"));
}
END_TEST

START_TEST(refused)
{
	const struct {
		const char *t, *says;
	} bad[] = {
		{"example.com/health", "not a target"},
		{"ftp://example.com/", "not a target"},
		{"HTTP//x", "not a target"},
		{"http://", "not a valid URL"},
		{"http://exa mple.com/", "not a valid URL"},
		{"tcp://db", "tcp://HOST:PORT"},
		{"tcp://:80", "tcp://HOST:PORT"},
		{"tcp://db:0", "tcp://HOST:PORT"},
		{"tcp://db:65536", "tcp://HOST:PORT"},
		{"tcp://db:http", "tcp://HOST:PORT"},
		{"tcp://::1:80", "tcp://HOST:PORT"},
		{"tcp://db:80/path", "tcp://HOST:PORT"},
		{"tcp://user@db:80", "tcp://HOST:PORT"},
	};
	char err[512];
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err[0] = '\0';
		ck_assert_msg(target_check(bad[i].t, err, sizeof err) == -1, "accepted '%s'", bad[i].t);
		ck_assert_msg(strstr(err, bad[i].t) && strstr(err, bad[i].says), "'%s': %s", bad[i].t, err);
	}
}
END_TEST

START_TEST(passwords_are_not_shown)
{
	const struct {
		const char *in, *out;
	} cases[] = {
		{"https://ci:s3cret@agent.example.com/health", "https://ci:***@agent.example.com/health"},
		{"http://ci:p@ss@host:8080/h?x=1", "http://ci:***@host:8080/h?x=1"},
		{"http://user@host/", "http://user@host/"},
		{"http://host/a@b:c", "http://host/a@b:c"},
		{"tcp://db:5432", "tcp://db:5432"},
		{"no scheme", "no scheme"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = target_display(cases[i].in);
		ck_assert_str_eq(got, cases[i].out);
		free(got);
	}
	char err[512];
	ck_assert_int_eq(target_check("ftp://ci:s3cret@host/", err, sizeof err), -1);
	ck_assert_msg(!strstr(err, "s3cret"), "%s", err);
	ck_assert_int_eq(target_check("http://ci:s3cret@ho st/", err, sizeof err), -1);
	ck_assert_msg(!strstr(err, "s3cret"), "%s", err);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("health-wait target");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, accepted);
	tcase_add_test(tc, refused);
	tcase_add_test(tc, passwords_are_not_shown);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
