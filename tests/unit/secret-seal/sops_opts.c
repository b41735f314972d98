/* Unit tests: the option rows the SOPS commands share, and their checks.
 * Repeated key flags joined per kind, environment defaults for encrypt's
 * keys only, the kms settings (the last --encryption-context counts, each
 * one is checked), at most one selection rule, formats. */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "age.h"
#include "cli.h"
#include "encode.h"
#include "sops_opts.h"
#include "sops_tree.h"

static const struct cli_opt opts[] = {
	SOPS_OPT_KEY(KEYS_GIVEN, KEY_AGE, "age", "R", "age"),
	SOPS_OPT_KEY(KEYS_GIVEN, KEY_KMS, "kms", "ARN", "kms"),
	SOPS_OPT_KEY(KEYS_ADD, KEY_AGE, "add-age", "R", "add"),
	SOPS_OPT_KMS_SETTINGS("--kms"),
	SOPS_OPT_RULES,
	SOPS_OPT_IDENTITY("identity"),
	SOPS_OPT_INPUT_TYPE("format"),
	OPT_END,
};

/* Parse argv (NULL-ended) with the table above; the index of the first
 * operand. */
static int parse(char **argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	cli_init("t");
	optind = 0;
	ck_assert_int_eq(cli_next(argc, argv, opts), -1);
	return optind;
}

/* A fresh age recipient, freed by the caller. */
static char *recipient(void)
{
	char pub[63];
	crypto_init();
	sodium_free(age_keygen(pub));
	return strdup(pub);
}

START_TEST(key_flags_join_per_kind)
{
	char *r1 = recipient(), *r2 = recipient(), *r3 = recipient();
	char *both = malloc(strlen(r1) + strlen(r2) + 2);
	sprintf(both, "%s,%s", r1, r2);
	char *argv[] = {"t",          "--age", both,         "--add-age", r3,       "--age", r3,
			"--identity", "a",     "--identity", "b",         "f.yaml", NULL};
	ck_assert_int_eq(parse(argv), 11);
	struct keylist given = {0}, add = {0};
	opt_keys(KEYS_GIVEN, &given);
	opt_keys(KEYS_ADD, &add);
	ck_assert_int_eq(given.n, 3);
	ck_assert_str_eq(keyent_str(given.v[0].map, "recipient"), r1);
	ck_assert_str_eq(keyent_str(given.v[2].map, "recipient"), r3);
	ck_assert_int_eq(add.n, 1);
	struct keyopts ko = opt_identities();
	ck_assert_int_eq(ko.nidentity, 2);
	ck_assert_str_eq(ko.identity_files[1], "b");
	keylist_free(&given);
	keylist_free(&add);
	free(both);
	free(r1);
	free(r2);
	free(r3);
}
END_TEST

START_TEST(environment_keys_for_encrypt_only)
{
	char *r = recipient();
	setenv("SOPS_AGE_RECIPIENTS", r, 1);
	char *argv[] = {"t", "f.yaml", NULL};
	parse(argv);
	struct keylist given = {0}, add = {0};
	opt_keys(KEYS_GIVEN, &given);
	opt_keys(KEYS_ADD, &add);
	ck_assert_int_eq(given.n, 1);
	ck_assert_str_eq(keyent_str(given.v[0].map, "recipient"), r);
	ck_assert_int_eq(add.n, 0);
	keylist_free(&given);
	keylist_free(&add);
	free(r);
}
END_TEST

START_TEST(kms_settings_last_context_counts)
{
	char *argv[] = {"t",
			"--kms",
			"arn:aws:kms:eu-west-1:111122223333:key/k1",
			"--encryption-context",
			"a:1",
			"--aws-profile",
			"prod",
			"--encryption-context",
			"b:2,c:3",
			NULL};
	parse(argv);
	struct keylist l = {0};
	opt_keys(KEYS_GIVEN, &l);
	ck_assert_int_eq(l.n, 1);
	ck_assert_str_eq(keyent_str(l.v[0].map, "aws_profile"), "prod");
	const struct snode *ctx = snode_get(l.v[0].map, "context");
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(ctx->n, 2);
	ck_assert_str_eq(keyent_str(ctx, "b"), "2");
	ck_assert_str_eq(keyent_str(ctx, "c"), "3");
	keylist_free(&l);
}
END_TEST

/* An earlier --encryption-context is checked even though a later one counts. */
START_TEST(bad_context_is_a_usage_error)
{
	char *argv[] = {"t", "--encryption-context", "Env", "--encryption-context", "a:b", NULL};
	parse(argv);
	struct keylist l = {0};
	opt_keys(KEYS_GIVEN, &l);
}
END_TEST

START_TEST(one_rule)
{
	char *argv[] = {"t", "--encrypted-regex", "^(data|stringData)$", NULL};
	parse(argv);
	struct sops_rule r = {0};
	ck_assert(opt_rule(&r));
	ck_assert_int_eq(r.kind, RULE_ENCRYPTED_REGEX);
	ck_assert_str_eq(r.arg, "^(data|stringData)$");
	sops_rule_free(&r);
	ck_assert_int_eq(opt_format(NULL, false), -1);
	ck_assert_int_eq(opt_format("ini", false), opt_format("ini", true));
}
END_TEST

START_TEST(no_rule)
{
	char *argv[] = {"t", NULL};
	parse(argv);
	struct sops_rule r = {0};
	ck_assert(!opt_rule(&r));
}
END_TEST

/* The same flag twice is two rules too. */
START_TEST(two_rules_are_a_usage_error)
{
	char *argv[] = {"t", "--unencrypted-suffix", "_a", "--unencrypted-suffix", "_b", NULL};
	parse(argv);
	struct sops_rule r = {0};
	opt_rule(&r);
}
END_TEST

START_TEST(unknown_format_is_a_usage_error)
{
	cli_init("t");
	opt_format("toml", false);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sops_opts");
	TCase *tc = tcase_create("sops_opts");
	tcase_add_test(tc, key_flags_join_per_kind);
	tcase_add_test(tc, environment_keys_for_encrypt_only);
	tcase_add_test(tc, kms_settings_last_context_counts);
	tcase_add_exit_test(tc, bad_context_is_a_usage_error, EXIT_USAGE);
	tcase_add_test(tc, one_rule);
	tcase_add_test(tc, no_rule);
	tcase_add_exit_test(tc, two_rules_are_a_usage_error, EXIT_USAGE);
	tcase_add_exit_test(tc, unknown_format_is_a_usage_error, EXIT_USAGE);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
