/* Smaller pieces: label selectors, ReplicaSet ownership and templates,
 * image references, ExecCredential parsing, YAML to JSON, quantities,
 * verdict colour and status-line durations. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "describe.h"
#include "execcred.h"
#include "imageref.h"
#include "progress.h"
#include "rsets.h"
#include "verdict.h"
#include "yaml_json.h"

static json_t *J(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, 0, &e);
	ck_assert_msg(v != NULL, "bad test JSON: %s", e.text);
	return v;
}

START_TEST(selectors)
{
	json_t *s =
		J("{\"matchLabels\":{\"track\":\"stable\",\"app\":\"web\"},\"matchExpressions\":["
		  "{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"fe\",\"be\"]},"
		  "{\"key\":\"env\",\"operator\":\"NotIn\",\"values\":[\"dev\"]},"
		  "{\"key\":\"canary\",\"operator\":\"DoesNotExist\"},{\"key\":\"zone\",\"operator\":\"Exists\"}]}");
	char *t = selector_string(s);
	ck_assert_str_eq(t, "app=web,!canary,env notin (dev),tier in (be,fe),track=stable,zone");
	free(t);
	json_decref(s);
	s = J("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}");
	ck_assert_ptr_null(selector_string(s));
	json_decref(s);
	s = J("{}");
	ck_assert_ptr_null(selector_string(s));
	json_decref(s);
}
END_TEST

START_TEST(ownership_revision_templates)
{
	json_t *rs =
		J("{\"metadata\":{\"annotations\":{\"deployment.kubernetes.io/revision\":\"4\"},"
		  "\"ownerReferences\":[{\"uid\":\"u1\",\"controller\":false},{\"uid\":\"u2\",\"controller\":true}]}}");
	ck_assert(!rs_owned_by(rs, "u1"));
	ck_assert(rs_owned_by(rs, "u2"));
	ck_assert_int_eq(rs_revision(rs), 4);
	json_decref(rs);
	rs = J("{\"metadata\":{}}");
	ck_assert_int_eq(rs_revision(rs), 0);
	json_decref(rs);
	rs = J("{\"metadata\":{\"annotations\":{\"deployment.kubernetes.io/revision\":\"x1\"}}}");
	ck_assert_int_eq(rs_revision(rs), -1);
	json_decref(rs);
	json_t *a = J("{\"metadata\":{\"labels\":{\"app\":\"w\",\"pod-template-hash\":\"abc\"}},\"spec\":{\"c\":1}}");
	json_t *b = J("{\"metadata\":{\"labels\":{\"app\":\"w\"}},\"spec\":{\"c\":1}}");
	json_t *c = J("{\"metadata\":{\"labels\":{\"app\":\"w\"}},\"spec\":{\"c\":2}}");
	ck_assert(templates_equal(a, b));
	ck_assert(!templates_equal(a, c));
	json_decref(a);
	json_decref(b);
	json_decref(c);
}
END_TEST

START_TEST(image_references)
{
	char why[200];
	const char *good[] = {"nginx",
			      "nginx:1.25",
			      "registry.example.com/agent-service:1.4.0",
			      "localhost:5000/a/b:c",
			      "ghcr.io/org-x/app:v1_2",
			      "My.Registry:443/app",
			      "x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			      "a__b/c-d.e:TAG"};
	const char *bad[] = {"",     "not a valid image", "UPPER",   "app:",    "app:-x",         "/app", "app/",
			     "a..b", "x@sha256:short",    "x@nohex", "app:1\t", "ghcr.io/Org/app"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(image_ref_valid(good[i], why, sizeof why), "%s: %s", good[i], why);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!image_ref_valid(bad[i], why, sizeof why), "accepted %s", bad[i]);
}
END_TEST

START_TEST(exec_credentials)
{
	struct kcred c;
	char err[256];
	const char *v1 = "client.authentication.k8s.io/v1";
	const char *ok = "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
			 "\"status\":{\"token\":\"t0k\",\"expirationTimestamp\":\"2030-01-01T00:00:00Z\"}}";
	ck_assert_int_eq(exec_parse(ok, strlen(ok), v1, &c, err, sizeof err), 0);
	ck_assert_str_eq(c.token, "t0k");
	ck_assert_int_eq(c.expires, 1893456000);
	kcred_clear(&c);
	const char *cert = "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
			   "\"status\":{\"clientCertificateData\":\"C\",\"clientKeyData\":\"K\"}}";
	ck_assert_int_eq(exec_parse(cert, strlen(cert), v1, &c, err, sizeof err), 0);
	ck_assert_str_eq(c.key_pem, "K");
	ck_assert_int_eq(c.expires, 0);
	kcred_clear(&c);
	const char *bad[] = {
		"not json",
		"{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/"
		"v1beta1\",\"status\":{\"token\":\"t\"}}",
		"{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\"}",
		"{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/"
		"v1\",\"status\":{\"clientKeyData\":\"K\"}}",
		"{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/"
		"v1\",\"status\":{\"token\":\"t\",\"expirationTimestamp\":\"soon\"}}",
		"{\"kind\":\"Other\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{\"token\":\"t\"}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ck_assert_msg(exec_parse(bad[i], strlen(bad[i]), v1, &c, err, sizeof err) != 0, "accepted %s", bad[i]);
		ck_assert_msg(strstr(err, "t0k") == NULL, "%s", err);
	}
}
END_TEST

START_TEST(yaml_to_json)
{
	const char *y = "# c\na: 1\nb: [true, null, x, \"2\", 1.5]\n---\n---\nc: {d: e}\n";
	struct yaml_json_docs d;
	char err[256];
	ck_assert_int_eq(yaml_json_stream(y, strlen(y), "m.yaml", &d, err, sizeof err), 0);
	ck_assert_int_eq(d.n, 2);
	char *s = json_dumps(d.docs[0], JSON_COMPACT);
	ck_assert_str_eq(s, "{\"a\":1,\"b\":[true,null,\"x\",\"2\",1.5]}");
	free(s);
	ck_assert_int_eq(d.lines[1], 6);
	yaml_json_docs_free(&d);
	ck_assert_int_ne(yaml_json_stream("a: [\n", 5, "m.yaml", &d, err, sizeof err), 0);
	ck_assert_msg(strncmp(err, "m.yaml:", 7) == 0, "%s", err);
}
END_TEST

START_TEST(quantities)
{
	ck_assert(quantity_value("256Mi") == 256.0 * 1024 * 1024);
	ck_assert(quantity_value("500m") == 0.5);
	ck_assert(quantity_value("1.5G") == 1.5e9);
	ck_assert(quantity_value("2e3") == 2000);
	ck_assert(quantity_value("3") == 3);
	ck_assert(quantity_value("") < 0);
	ck_assert(quantity_value("12Qi") < 0);
	ck_assert(quantity_value("Mi") < 0);
}
END_TEST

START_TEST(verdict_colour)
{
	char buf[128];
	const char *line = "deployment \"web\" successfully rolled out";
	color_init(COLOR_NEVER, 1);
	ck_assert_ptr_eq(verdict_paint(stdout, COLOR_OK, line, "successfully rolled out", buf, sizeof buf), line);
	color_init(COLOR_ALWAYS, 1);
	ck_assert_str_eq(verdict_paint(stdout, COLOR_OK, line, "successfully rolled out", buf, sizeof buf),
			 "deployment \"web\" \033[1;32msuccessfully rolled out\033[0m");
	ck_assert_str_eq(verdict_paint(stdout, COLOR_ERROR, "a timed out b", "timed out", buf, sizeof buf),
			 "a \033[1;31mtimed out\033[0m b");
	/* a phrase that is not there, or none: the text as it is */
	ck_assert_ptr_eq(verdict_paint(stdout, COLOR_OK, line, "aborted", buf, sizeof buf), line);
	ck_assert_ptr_eq(verdict_paint(stdout, COLOR_OK, line, "", buf, sizeof buf), line);
	color_init(COLOR_NEVER, 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("k8s-rollout parts");
	TCase *tc = tcase_create("parts");
	tcase_add_test(tc, selectors);
	tcase_add_test(tc, ownership_revision_templates);
	tcase_add_test(tc, image_references);
	tcase_add_test(tc, exec_credentials);
	tcase_add_test(tc, yaml_to_json);
	tcase_add_test(tc, quantities);
	tcase_add_test(tc, verdict_colour);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
