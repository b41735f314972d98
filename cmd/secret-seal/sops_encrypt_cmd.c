/* sops_encrypt_cmd: the encrypt command, a plain file into the SOPS format.
 * YAML, JSON, dotenv or INI; keys (age, pgp, kms, Vault transit) and the
 * selection rule from flags or their environment variables, else from the
 * first matching .sops.yaml creation rule. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "sops_doc.h"
#include "sops_keys.h"
#include "sops_opts.h"
#include "sopsconfig.h"

static bool mac_only;

const struct cli_opt encrypt_opts[] = {
	SOPS_OPT_KEY(KEYS_GIVEN, KEY_AGE, "age", "R1,R2",
		     "age recipients (repeatable; else $SOPS_AGE_RECIPIENTS or .sops.yaml)"),
	SOPS_OPT_KEY(KEYS_GIVEN, KEY_PGP, "pgp", "FP1,FP2", "PGP fingerprints, wrapped by gpg (else $SOPS_PGP_FP)"),
	SOPS_OPT_KEY(KEYS_GIVEN, KEY_KMS, "kms", "ARN[+ROLE],...", "AWS KMS key ARNs (else $SOPS_KMS_ARN)"),
	SOPS_OPT_KEY(KEYS_GIVEN, KEY_VAULT, "hc-vault-transit", "URI,...",
		     "Vault transit key URIs (else $SOPS_VAULT_URIS)"),
	SOPS_OPT_KMS_SETTINGS("--kms"),
	SOPS_OPT_INPUT_TYPE("yaml, json, dotenv, ini or binary (default: from the name)"),
	SOPS_OPT_OUTPUT_TYPE("format of the encrypted file (default: the input's)"),
	SOPS_OPT_RULES,
	OPT_SET("mac-only-encrypted", 0, &mac_only, "let the MAC cover only encrypted values"),
	SOPS_OPT_IN_PLACE("replace FILE with its encrypted form"),
	SOPS_OPT_OUTPUT("write to OUT (atomically) instead of stdout"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

/* The keys and rule when no flag gave them: .sops.yaml. */
static int from_config(const char *path, struct keylist *keys, struct sops_doc *d, bool have_rule, bool *mac)
{
	struct sops_creation cr;
	char err[1024];
	if (sopsconfig_load(path, &cr, err, sizeof err) != 0) {
		msg_error("%s", err);
		return EXIT_INPUT;
	}
	if (cr.found)
		d->store = cr.store;
	if (cr.matched) {
		if (keys->n == 0) {
			*keys = cr.keys;
			cr.keys = (struct keylist){0}; /* moved */
		}
		if (!have_rule && cr.has_rule) {
			sops_rule_free(&d->meta.rule);
			d->meta.rule = cr.rule;
			cr.has_rule = false; /* moved */
		}
		*mac = *mac || cr.mac_only_encrypted;
	}
	sopsconfig_free(&cr);
	return 0;
}

int cmd_encrypt(int argc, char **argv)
{
	struct keylist keys = {0};
	struct sops_rule rule = {0};
	cli_next(argc, argv, encrypt_opts); /* every row binds */
	int in_type = opt_format(sops_args.input_type, false);
	int out_type = opt_format(sops_args.output_type, false);
	bool have_rule = opt_rule(&rule), in_place = sops_args.in_place;
	const char *out = sops_args.output;
	if (argc - optind != 1)
		cli_usage_error("encrypt takes one FILE (or - for stdin)");
	const char *path = argv[optind];
	if (in_place && out)
		cli_usage_error("--in-place and --output cannot be combined");
	if (in_place && !strcmp(path, "-"))
		cli_usage_error("--in-place needs a file, not stdin");
	opt_keys(KEYS_GIVEN, &keys);

	struct sops_doc d;
	char err[SOPS_ERRLEN];
	int rc = sops_doc_read(&d, path, in_type, err, sizeof err);
	if (rc == 0 && d.has_meta) {
		snprintf(err, sizeof err,
			 "%s: already encrypted (it has sops metadata); decrypt it "
			 "first, or use rotate or updatekeys",
			 d.name);
		rc = EXIT_INPUT;
	} else if (rc == 0 && d.tree.no_document) {
		snprintf(err, sizeof err,
			 "%s: no YAML document to encrypt (the file is empty or "
			 "holds only comments; sops refuses it too); add at least one key",
			 d.name);
		rc = EXIT_INPUT;
	}
	if (rc != 0) {
		msg_error("%s", err);
		sops_doc_free(&d);
		keylist_free(&keys);
		return rc;
	}
	d.has_meta = true;
	d.meta.keep = snode_new(ST_MAP);
	if (have_rule)
		d.meta.rule = rule;
	else
		sops_rule_default(&d.meta.rule);
	rc = from_config(path, &keys, &d, have_rule, &mac_only);
	d.meta.mac_only_encrypted = mac_only;
	if (rc == 0 && keys.n == 0) {
		msg_error("no keys to encrypt for: pass --age or --pgp (or --kms, --hc-vault-transit), "
			  "set SOPS_AGE_RECIPIENTS or SOPS_PGP_FP, or add a creation rule to .sops.yaml");
		rc = EXIT_USAGE;
	}
	char *text = NULL;
	size_t len = 0;
	if (rc == 0) {
		d.key = sops_new_data_key();
		if ((rc = sops_wrap(&d.meta, d.key, &keys, false, err, sizeof err)) != 0)
			msg_error("%s: %s", d.name, err);
	}
	if (rc == 0) {
		sops_doc_seal(&d, false);
		text = sops_doc_render_sealed(&d, out_type >= 0 ? (enum sfmt)out_type : d.fmt, &len, err, sizeof err);
		if (!text) {
			msg_error("%s: %s", d.name, err);
			rc = EXIT_INPUT;
		}
	}
	if (rc == 0)
		rc = sops_write_out(in_place ? path : out, text, len, 0644);
	free(text);
	sops_doc_free(&d);
	keylist_free(&keys);
	return rc;
}
