/* Unit tests: the pieces of the AWS KMS and Vault transit key sources that
 * need no server — ARNs and regions, encryption contexts, Vault key URIs,
 * the AWS shared files, STS answers, service endpoints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <sodium.h>

#include "aws_config.h"
#include "aws_creds.h"
#include "aws_sts.h"
#include "keyhttp.h"
#include "kms.h"
#include "vault_transit.h"

START_TEST(region_comes_from_the_arn)
{
	char r[64];
	ck_assert_int_eq(kms_region("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab", r, sizeof r), 0);
	ck_assert_str_eq(r, "eu-west-1");
	ck_assert_int_eq(kms_region("arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/sops", r, sizeof r), 0);
	ck_assert_str_eq(r, "us-gov-west-1");
	ck_assert_int_eq(kms_region("arn:aws:kms::111122223333:key/x", r, sizeof r), -1);
	ck_assert_int_eq(kms_region("arn:aws:kms:eu-west-1:12a:key/x", r, sizeof r), -1);
	ck_assert_int_eq(kms_region("arn:aws:kms:eu-west-1:111122223333:key/", r, sizeof r), -1);
	ck_assert_int_eq(kms_region("arn:aws:kms:eu-west-1:111122223333:secret/x", r, sizeof r), -1);
	ck_assert_int_eq(kms_region("arn:aws:s3:eu-west-1:111122223333:key/x", r, sizeof r), -1);
	ck_assert_int_eq(kms_region("1234abcd-12ab", r, sizeof r), -1);
}
END_TEST

START_TEST(key_spec_with_role_and_blanks)
{
	struct kms_key k;
	char err[256];
	ck_assert_int_eq(kms_key_parse(" arn:aws:kms:us-east-1:1:key/a +arn:aws:iam::1:role/ci", &k, err, sizeof err),
			 0);
	ck_assert_str_eq(k.arn, "arn:aws:kms:us-east-1:1:key/a");
	ck_assert_str_eq(k.role, "arn:aws:iam::1:role/ci");
	kms_key_free(&k);
	ck_assert_int_eq(kms_key_parse("arn:aws:kms:us-east-1:1:key/a", &k, err, sizeof err), 0);
	ck_assert_ptr_null(k.role);
	kms_key_free(&k);
	ck_assert_int_eq(kms_key_parse("alias/sops", &k, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a KMS key ARN"));
}
END_TEST

START_TEST(encryption_context_is_sorted_and_checked)
{
	struct kms_key k;
	char err[256];
	ck_assert_int_eq(kms_key_parse("arn:aws:kms:us-east-1:1:key/a", &k, err, sizeof err), 0);
	ck_assert_int_eq(kms_context_parse("env:prod, app:web", &k, err, sizeof err), 0);
	ck_assert_uint_eq(k.nctx, 2);
	ck_assert_str_eq(k.ctx_k[0], "app");
	ck_assert_str_eq(k.ctx_v[0], "web");
	ck_assert_str_eq(k.ctx_k[1], "env");
	ck_assert_int_eq(kms_context_parse("app:api", &k, err, sizeof err), 0);
	ck_assert_uint_eq(k.nctx, 2);
	ck_assert_str_eq(k.ctx_v[0], "api");
	ck_assert_int_eq(kms_context_parse("novalue", &k, err, sizeof err), -1);
	ck_assert_int_eq(kms_context_parse("a:b:c", &k, err, sizeof err), -1);
	ck_assert_int_eq(kms_context_parse(":b", &k, err, sizeof err), -1);
	kms_key_free(&k);
}
END_TEST

START_TEST(vault_uri_splits_like_sops)
{
	struct vault_key k;
	char err[256];
	ck_assert_int_eq(vault_uri_parse("https://vault.example:8200/v1/transit/keys/app", &k, err, sizeof err), 0);
	ck_assert_str_eq(k.address, "https://vault.example:8200");
	ck_assert_str_eq(k.engine_path, "transit");
	ck_assert_str_eq(k.key_name, "app");
	char *u = vault_uri(&k);
	ck_assert_str_eq(u, "https://vault.example:8200/v1/transit/keys/app");
	free(u);
	vault_key_free(&k);
	ck_assert_int_eq(vault_uri_parse("http://127.0.0.1:8200/v1/team/sops/keys/k1", &k, err, sizeof err), 0);
	ck_assert_str_eq(k.engine_path, "team/sops");
	vault_key_free(&k);
	static const char *bad[] = {"vault:8200/v1/transit/keys/a", "https://v/v2/transit/keys/a",
				    "https://v/v1/keys/a",          "https://v/v1/transit/keys/",
				    "https://v/v1/transit/a",       "https://v/v1/transit/keys/a/b",
				    "https:///v1/transit/keys/a",   NULL};
	for (int i = 0; bad[i]; i++)
		ck_assert_msg(vault_uri_parse(bad[i], &k, err, sizeof err) == -1, "%s", bad[i]);
}
END_TEST

START_TEST(shared_files_sections_and_keys)
{
	const char *ini = "# comment\n[default]\naws_access_key_id = AKIA1\n"
			  "aws_secret_access_key=s1  \r\n\n[ profile ci ]\n; note\nrole_arn = arn:aws:iam::1:role/ci\n"
			  "source_profile = default\n[ci]\naws_access_key_id = nope\n";
	size_t n = strlen(ini);
	char *v;
	ck_assert_int_eq(aws_ini_get(ini, n, "default", "aws_access_key_id", false, &v), 1);
	ck_assert_str_eq(v, "AKIA1");
	free(v);
	ck_assert_int_eq(aws_ini_get(ini, n, "default", "aws_secret_access_key", true, &v), 1);
	ck_assert_str_eq(v, "s1");
	sodium_free(v);
	ck_assert_int_eq(aws_ini_get(ini, n, "profile ci", "source_profile", false, &v), 1);
	ck_assert_str_eq(v, "default");
	free(v);
	ck_assert_int_eq(aws_ini_get(ini, n, "profile ci", "aws_access_key_id", false, &v), 0);
	ck_assert_int_eq(aws_ini_get(ini, n, "default", "role_arn", false, &v), 0);
	ck_assert(aws_ini_has(ini, n, "ci"));
	ck_assert(!aws_ini_has(ini, n, "prod"));
}
END_TEST

START_TEST(sts_answers)
{
	struct aws_creds c;
	char err[256];
	const char *ok =
		"<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA9</AccessKeyId>"
		"<SecretAccessKey>sek</SecretAccessKey><SessionToken>tok</SessionToken>"
		"<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
	ck_assert_int_eq(sts_parse(ok, &c, err, sizeof err), 0);
	ck_assert_str_eq(c.akid, "ASIA9");
	ck_assert_str_eq(c.secret, "sek");
	ck_assert_str_eq(c.token, "tok");
	aws_creds_clear(&c);
	ck_assert_int_eq(sts_parse("<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error>"
				   "</ErrorResponse>",
				   &c, err, sizeof err),
			 -1);
	ck_assert_str_eq(err, "AccessDenied: no");
	ck_assert_int_eq(sts_parse("<x/>", &c, err, sizeof err), -1);
}
END_TEST

START_TEST(endpoints_from_the_environment)
{
	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_ENDPOINT_URL_KMS");
	char *e = aws_endpoint("kms", "eu-west-1");
	ck_assert_str_eq(e, "https://kms.eu-west-1.amazonaws.com");
	free(e);
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1", 1);
	e = aws_endpoint("sts", "eu-west-1");
	ck_assert_str_eq(e, "http://127.0.0.1:1");
	free(e);
	setenv("AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:2", 1);
	e = aws_endpoint("kms", "eu-west-1");
	ck_assert_str_eq(e, "http://127.0.0.1:2");
	free(e);
}
END_TEST

/* The sources that need no server, in their order: an entry's profile
 * before the environment, the environment before AWS_PROFILE. */
START_TEST(credential_sources_in_order)
{
	char dir[] = "/tmp/cloud-unit.XXXXXX", path[64], err[512];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/credentials", dir);
	FILE *fp = fopen(path, "w");
	fputs("[team]\naws_access_key_id = AKIDTEAM\naws_secret_access_key = s-team\n"
	      "[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = s-other\naws_session_token = t\n",
	      fp);
	fclose(fp);
	setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
	setenv("AWS_CONFIG_FILE", "/nonexistent", 1);
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "s-env", 1);
	setenv("AWS_PROFILE", "other", 1);
	const struct aws_creds *c;
	ck_assert_int_eq(aws_creds_get(NULL, NULL, "eu-west-1", &c, err, sizeof err), 0);
	ck_assert_str_eq(c->akid, "AKIDENV");
	ck_assert_ptr_null(c->token);
	ck_assert_int_eq(aws_creds_get("team", NULL, "eu-west-1", &c, err, sizeof err), 0);
	ck_assert_str_eq(c->akid, "AKIDTEAM");
	ck_assert_str_eq(c->secret, "s-team");
	aws_creds_forget();
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	ck_assert_int_eq(aws_creds_get(NULL, NULL, "eu-west-1", &c, err, sizeof err), 0);
	ck_assert_str_eq(c->akid, "AKIDOTHER");
	ck_assert_str_eq(c->token, "t");
	ck_assert_int_eq(aws_creds_get("nosuch", NULL, "eu-west-1", &c, err, sizeof err), 4);
	ck_assert_ptr_nonnull(strstr(err, "AWS profile 'nosuch' is in neither"));
	aws_creds_forget();
	unlink(path);
	rmdir(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cloud");
	TCase *tc = tcase_create("core");
	if (sodium_init() < 0)
		abort();
	tcase_add_test(tc, region_comes_from_the_arn);
	tcase_add_test(tc, key_spec_with_role_and_blanks);
	tcase_add_test(tc, encryption_context_is_sorted_and_checked);
	tcase_add_test(tc, vault_uri_splits_like_sops);
	tcase_add_test(tc, shared_files_sections_and_keys);
	tcase_add_test(tc, sts_answers);
	tcase_add_test(tc, endpoints_from_the_environment);
	tcase_add_test(tc, credential_sources_in_order);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
