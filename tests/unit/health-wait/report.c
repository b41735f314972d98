/* The last word of a run: the JSON object, workflow commands and the
 * GitHub files, with the escaping each needs. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs.h"
#include "report.h"

static struct target t[2];
static struct wait_run run;

static void fixture(enum verdict v)
{
	memset(t, 0, sizeof t);
	t[0] = (struct target){
		.url = "http://h:1/ok", .name = "http://h:1/ok", .judged = true, .status = 200, .done_ms = 1200};
	t[0].st = (struct sched){.attempts = 2, .passes = 1, .health = H_HEALTHY};
	snprintf(t[0].reason, sizeof t[0].reason, "200 OK");
	t[1] = (struct target){
		.url = "http://u:pw@h:1/a,b", .name = "http://u:***@h:1/a,b", .judged = true, .status = 503};
	t[1].st = (struct sched){.attempts = 7, .misses = 7, .health = H_PENDING};
	snprintf(t[1].reason, sizeof t[1].reason, "503 | odd,\nreason: x%%");
	run = (struct wait_run){.t = t, .n = 2, .verdict = v, .elapsed_ms = 5000};
}

static char *capture(void (*fn)(FILE *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	fn(fp);
	fclose(fp);
	return buf;
}

static void json_all(FILE *fp)
{
	report_json(fp, &run, false);
}
static void notes(FILE *fp)
{
	report_annotations(fp, &run, false, true);
}
static void text(FILE *fp)
{
	report_text(fp, &run, false, false);
}

START_TEST(the_json_object)
{
	fixture(V_TIMEOUT);
	char *out = capture(json_all);
	json_error_t je;
	json_t *o = json_loads(out, 0, &je);
	ck_assert_msg(o != NULL, "%s", je.text);
	ck_assert_str_eq(json_string_value(json_object_get(o, "result")), "timeout");
	ck_assert(json_is_false(json_object_get(o, "healthy")));
	ck_assert_str_eq(json_string_value(json_object_get(o, "mode")), "all");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "elapsed_ms")), 5000);
	ck_assert_ptr_null(json_object_get(o, "error"));
	json_t *a = json_object_get(o, "targets"), *x = json_array_get(a, 0), *y = json_array_get(a, 1);
	ck_assert_int_eq(json_array_size(a), 2);
	ck_assert_str_eq(json_string_value(json_object_get(x, "state")), "healthy");
	ck_assert(json_is_null(json_object_get(x, "error")));
	ck_assert_int_eq(json_integer_value(json_object_get(x, "elapsed_ms")), 1200);
	ck_assert_str_eq(json_string_value(json_object_get(y, "target")), "http://u:***@h:1/a,b");
	ck_assert_str_eq(json_string_value(json_object_get(y, "state")), "unhealthy");
	ck_assert_int_eq(json_integer_value(json_object_get(y, "attempts")), 7);
	ck_assert_int_eq(json_integer_value(json_object_get(y, "status")), 503);
	ck_assert_str_eq(json_string_value(json_object_get(y, "error")), t[1].reason);
	ck_assert_int_eq(json_integer_value(json_object_get(y, "elapsed_ms")), 5000);
	ck_assert(!strstr(out, "pw"));
	json_decref(o);
	free(out);

	fixture(V_ENV);
	snprintf(run.env_error, sizeof run.env_error, "http://h:1/ok: cannot use the CA file");
	out = capture(json_all);
	o = json_loads(out, 0, &je);
	ck_assert_str_eq(json_string_value(json_object_get(o, "result")), "error");
	ck_assert_str_eq(json_string_value(json_object_get(o, "error")), run.env_error);
	json_decref(o);
	free(out);
}
END_TEST

START_TEST(workflow_commands_escaped)
{
	fixture(V_TIMEOUT);
	char *out = capture(notes);
	ck_assert_str_eq(out, "::error title=http%3A//u%3A***@h%3A1/a%2Cb timeout::503 | odd,%0Areason: x%25\n");
	free(out);
	/* With --all one failure ends the run; the pending target did not fail. */
	fixture(V_FAILED);
	t[0].st.health = H_FAILED;
	snprintf(t[0].reason, sizeof t[0].reason, "500 Internal Server Error");
	out = capture(notes);
	ck_assert_str_eq(out, "::error title=http%3A//h%3A1/ok failed::500 Internal Server Error\n"
			      "::error title=http%3A//u%3A***@h%3A1/a%2Cb unhealthy::503 | odd,%0Areason: x%25\n");
	free(out);
	fixture(V_HEALTHY);
	t[1].st.health = H_HEALTHY;
	out = capture(notes);
	ck_assert_str_eq(out, "::notice title=health-wait::all 2 targets healthy after 5.0s\n");
	free(out);
}
END_TEST

START_TEST(text_summary)
{
	fixture(V_TIMEOUT);
	char *out = capture(text);
	ck_assert_msg(strstr(out, "timed out after 5.0s; 1 of 2 targets not healthy:\n"), "%s", out);
	ck_assert_msg(strstr(out, "  http://u:***@h:1/a,b: 503 | odd,\nreason: x% (7 attempts)\n"), "%s", out);
	ck_assert(!strstr(out, "/ok"));
	free(out);
}
END_TEST

START_TEST(github_files)
{
	char dir[] = "/tmp/hw-report-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *outp = fs_join(dir, "output"), *sum = fs_join(dir, "summary");
	setenv("GITHUB_OUTPUT", outp, 1);
	setenv("GITHUB_STEP_SUMMARY", sum, 1);
	fixture(V_TIMEOUT);
	ck_assert_int_eq(report_github_files(&run), 0);
	char *o = NULL, *s = NULL, err[256];
	size_t len;
	ck_assert_int_eq(fs_read_all(outp, 1 << 20, &o, &len, err, sizeof err), 0);
	ck_assert_int_eq(fs_read_all(sum, 1 << 20, &s, &len, err, sizeof err), 0);
	ck_assert_msg(strstr(o, "healthy=false\n") && strstr(o, "result=timeout\n") && strstr(o, "elapsed-ms=5000\n"),
		      "%s", o);
	ck_assert_msg(strstr(s, "### health-wait: timeout after 5.0s\n"), "%s", s);
	ck_assert_msg(strstr(s, "| http://h:1/ok | healthy | 2 | 200 OK |\n"), "%s", s);
	/* A '|' or a newline in a reason cannot break the table. */
	ck_assert_msg(strstr(s, "| http://u:***@h:1/a,b | unhealthy | 7 | 503 \\| odd, reason: x% |\n"), "%s", s);
	unsetenv("GITHUB_OUTPUT");
	unsetenv("GITHUB_STEP_SUMMARY");
	unlink(outp);
	unlink(sum);
	rmdir(dir);
	free(o);
	free(s);
	free(outp);
	free(sum);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("health-wait report");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, the_json_object);
	tcase_add_test(tc, workflow_commands_escaped);
	tcase_add_test(tc, text_summary);
	tcase_add_test(tc, github_files);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
