/* sops_rotate_cmd: the rotate and updatekeys commands.
 * rotate: a new data key, every value re-encrypted, keys of any kind
 * optionally added or removed.  updatekeys: the keys made to match .sops.yaml,
 * the same data key wrapped for the new ones: values, MAC and lastmodified
 * untouched). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "sops_doc.h"
#include "sops_opts.h"
#include "sopsconfig.h"

/* Both rewrite the key lists; a layout they cannot rewrite stops them. */
static int check_rewrappable(const struct sops_doc *d, const char *what)
{
	if (d->meta.key_groups) {
		msg_error("%s: the file uses key_groups; %s with sops", d->name, what);
		return EXIT_INPUT;
	}
	return 0;
}

static void copy_keys(const struct keylist *from, struct keylist *to)
{
	for (size_t i = 0; i < from->n; i++)
		keylist_push(to, from->v[i].src, snode_copy(from->v[i].map));
}

const struct cli_opt rotate_opts[] = {
	SOPS_OPT_IN_PLACE("rewrite FILE instead of printing the result"),
	SOPS_OPT_KEY(KEYS_ADD, KEY_AGE, "add-age", "R1,R2", "add age recipients (repeatable)"),
	SOPS_OPT_KEY(KEYS_RM, KEY_AGE, "rm-age", "R1,R2", "remove age recipients (repeatable)"),
	SOPS_OPT_KEY(KEYS_ADD, KEY_PGP, "add-pgp", "FP1,FP2", "add PGP keys by fingerprint (repeatable)"),
	SOPS_OPT_KEY(KEYS_RM, KEY_PGP, "rm-pgp", "FP1,FP2", "remove PGP keys (repeatable)"),
	SOPS_OPT_KEY(KEYS_ADD, KEY_KMS, "add-kms", "ARN[+ROLE],...", "add AWS KMS keys (repeatable)"),
	SOPS_OPT_KEY(KEYS_RM, KEY_KMS, "rm-kms", "ARN[+ROLE],...", "remove AWS KMS keys (repeatable)"),
	SOPS_OPT_KEY(KEYS_ADD, KEY_VAULT, "add-hc-vault-transit", "URI,...", "add Vault transit keys (repeatable)"),
	SOPS_OPT_KEY(KEYS_RM, KEY_VAULT, "rm-hc-vault-transit", "URI,...", "remove Vault transit keys (repeatable)"),
	SOPS_OPT_KMS_SETTINGS("added kms"),
	SOPS_OPT_INPUT_TYPE("yaml, json, dotenv, ini or binary (default: from the name)"),
	SOPS_OPT_IDENTITY("an age identity file (repeatable)"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

int cmd_rotate(int argc, char **argv)
{
	cli_next(argc, argv, rotate_opts); /* every row binds */
	int in_type = opt_format(sops_args.input_type, false);
	bool in_place = sops_args.in_place;
	struct keyopts ko = opt_identities();
	if (argc - optind != 1)
		cli_usage_error("rotate takes one FILE");
	const char *path = argv[optind];
	if (in_place && !strcmp(path, "-"))
		cli_usage_error("--in-place needs a file, not stdin");
	struct keylist add = {0}, rm = {0}, now = {0};
	opt_keys(KEYS_ADD, &add);
	opt_keys(KEYS_RM, &rm);
	char err[SOPS_ERRLEN];
	const char *foreign[4];
	struct sops_doc d;
	int rc = sops_doc_load(&d, path, in_type, err, sizeof err);
	if (rc == 0 && (rc = check_rewrappable(&d, "rotate it")) != 0)
		err[0] = '\0';
	if (rc == 0 && sops_meta_foreign(&d.meta, foreign) > 0) {
		snprintf(err, sizeof err,
			 "%s: the data key is also wrapped for %s keys, which "
			 "secret-seal cannot re-wrap; rotate it with sops",
			 d.name, foreign[0]);
		rc = EXIT_INPUT;
	}
	if (rc == 0)
		rc = sops_doc_open_key(&d, &ko, err, sizeof err);
	if (rc == 0)
		rc = sops_doc_decrypt(&d, false, err, sizeof err);
	copy_keys(&d.meta.keys, &now);
	for (size_t i = 0; i < rm.n; i++) {
		long at = keylist_find(&now, &rm.v[i]);
		if (at >= 0)
			keylist_remove(&now, (size_t)at);
	}
	for (size_t i = 0; i < add.n; i++)
		if (keylist_find(&now, &add.v[i]) < 0)
			keylist_push(&now, add.v[i].src, snode_copy(add.v[i].map));
	if (rc == 0 && now.n == 0) {
		snprintf(err, sizeof err, "%s: no key would be left; add one with --add-age or --add-pgp", d.name);
		rc = EXIT_USAGE;
	}
	char *text = NULL;
	size_t len = 0;
	if (rc == 0) {
		sodium_free(d.key);
		d.key = sops_new_data_key();
		char e[SOPS_ERRLEN - 128];
		if ((rc = sops_wrap(&d.meta, d.key, &now, false, e, sizeof e)) != 0)
			snprintf(err, sizeof err, "%s: %s; the file was not changed", d.name, e);
	}
	if (rc == 0) {
		sops_doc_seal(&d, false);
		if (!(text = sops_doc_render_sealed(&d, d.fmt, &len, err, sizeof err)))
			rc = EXIT_INPUT;
	}
	if (rc != 0 && err[0])
		msg_error("%s", err);
	if (rc == 0)
		rc = sops_write_out(in_place ? path : NULL, text, len, 0644);
	free(text);
	sops_doc_free(&d);
	keylist_free(&now);
	keylist_free(&add);
	keylist_free(&rm);
	return rc;
}

/* "+++ age1…" / "--- pgp FP": age recipients alone, as before other
 * kinds existed; other kinds with their list name. */
static void print_change(const char *sign, const struct keyent *e)
{
	char *lab = keyent_label(e);
	if (e->src->kind == KEY_AGE)
		printf("%s %s\n", sign, lab);
	else
		printf("%s %s %s\n", sign, e->src->list, lab);
	free(lab);
}

static bool yes;

const struct cli_opt updatekeys_opts[] = {
	OPT_SET("yes", 'y', &yes, "do not ask before rewriting FILE"),
	SOPS_OPT_INPUT_TYPE("yaml, json, dotenv, ini or binary (default: from the name)"),
	SOPS_OPT_IDENTITY("an age identity file (repeatable)"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

int cmd_updatekeys(int argc, char **argv)
{
	cli_next(argc, argv, updatekeys_opts); /* every row binds */
	int in_type = opt_format(sops_args.input_type, false);
	struct keyopts ko = opt_identities();
	if (argc - optind != 1)
		cli_usage_error("updatekeys takes one FILE");
	const char *path = argv[optind];
	if (!strcmp(path, "-"))
		cli_usage_error("updatekeys rewrites FILE in place: it cannot be stdin");
	char err[SOPS_ERRLEN];
	struct sops_creation cr;
	if (sopsconfig_load(path, &cr, err, sizeof err) != 0) {
		msg_error("%s", err);
		return EXIT_INPUT;
	}
	const struct keylist *want = &cr.keys;
	int rc = 0;
	if (!cr.found || !cr.matched || want->n == 0) {
		snprintf(err, sizeof err, "%s: %s", path,
			 !cr.found     ? "no .sops.yaml in its folder or above"
			 : !cr.matched ? "no creation rule of .sops.yaml matches it"
				       : "its creation rule names no key");
		rc = EXIT_INPUT;
	}
	struct sops_doc d;
	memset(&d, 0, sizeof d);
	if (rc == 0)
		rc = sops_doc_load(&d, path, in_type, err, sizeof err);
	if (rc == 0 && (rc = check_rewrappable(&d, "update its keys")) != 0)
		err[0] = '\0';
	/* Keys in both stay as they are; the new ones are wrapped. */
	struct keylist next = {0};
	size_t changes = 0;
	int answer = 0;
	for (size_t i = 0; rc == 0 && i < want->n; i++) {
		long at = keylist_find(&d.meta.keys, &want->v[i]);
		const struct keyent *e = at >= 0 ? &d.meta.keys.v[at] : &want->v[i];
		keylist_push(&next, e->src, snode_copy(e->map));
		if (at < 0 && ++changes)
			print_change("+++", e);
	}
	for (size_t i = 0; rc == 0 && i < d.meta.keys.n; i++)
		if (keylist_find(want, &d.meta.keys.v[i]) < 0 && ++changes)
			print_change("---", &d.meta.keys.v[i]);
	fflush(stdout);
	if (rc == 0 && changes == 0) {
		fprintf(stderr, "%s: already up to date\n", d.name);
	} else if (rc == 0 && !yes && (answer = tty_ask("Apply these changes?", false)) != 1) {
		snprintf(err, sizeof err, "%s: not changed; %s", d.name,
			 answer < 0 ? "no terminal to confirm on: pass -y" : "declined");
		rc = answer < 0 ? EXIT_USAGE : EXIT_FAIL;
	} else if (rc == 0) {
		rc = sops_doc_open_key(&d, &ko, err, sizeof err);
		char *text = NULL;
		size_t len = 0;
		char e[SOPS_ERRLEN - 128];
		if (rc == 0 && (rc = sops_wrap(&d.meta, d.key, &next, true, e, sizeof e)) != 0)
			snprintf(err, sizeof err, "%s: %s; the file was not changed", d.name, e);
		if (rc == 0 && !(text = sops_doc_render_sealed(&d, d.fmt, &len, err, sizeof err)))
			rc = EXIT_INPUT;
		if (rc == 0)
			rc = sops_write_out(path, text, len, 0644);
		free(text);
	}
	if (rc != 0 && err[0])
		msg_error("%s", err);
	sops_doc_free(&d);
	sopsconfig_free(&cr);
	keylist_free(&next);
	return rc;
}
