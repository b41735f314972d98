/* sops_encrypt_cmd: `secret-seal encrypt` — a plain YAML/JSON/dotenv/INI
 * file into the SOPS format: keys (age, pgp, kms, Vault transit) and the
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

static const struct cli_opt opts[] = {
	OPT_ARG("age", OPT_KEY + KEY_AGE, "R1,R2", "age recipients (repeatable; else $SOPS_AGE_RECIPIENTS or .sops.yaml)"),
	OPT_ARG("pgp", OPT_KEY + KEY_PGP, "FP1,FP2", "PGP fingerprints, wrapped by gpg (else $SOPS_PGP_FP)"),
	OPT_ARG("kms", OPT_KEY + KEY_KMS, "ARN[+ROLE],...", "AWS KMS key ARNs (else $SOPS_KMS_ARN)"),
	OPT_ARG("hc-vault-transit", OPT_KEY + KEY_VAULT, "URI,...", "Vault transit key URIs (else $SOPS_VAULT_URIS)"),
	OPT_ARG("encryption-context", OPT_ENC_CONTEXT, "K:V,...", "KMS encryption context of the --kms keys"),
	OPT_ARG("aws-profile", OPT_AWS_PROFILE, "NAME", "AWS profile of the --kms keys"),
	OPT_ARG("input-type", OPT_INPUT_TYPE, "FMT", "yaml, json, dotenv, ini or binary (default: from the name)"),
	OPT_ARG("output-type", OPT_OUTPUT_TYPE, "FMT", "format of the encrypted file (default: the input's)"),
	OPT_ARG("unencrypted-suffix", OPT_UNENC_SUFFIX, "S", "leave values under keys ending in S clear"),
	OPT_ARG("encrypted-suffix", OPT_ENC_SUFFIX, "S", "encrypt only values under keys ending in S"),
	OPT_ARG("unencrypted-regex", OPT_UNENC_REGEX, "RE", "leave values under keys matching RE clear"),
	OPT_ARG("encrypted-regex", OPT_ENC_REGEX, "RE", "encrypt only values under keys matching RE"),
	OPT_FLAG("mac-only-encrypted", OPT_MAC_ONLY, "let the MAC cover only encrypted values"),
	OPT_FLAG("in-place", 'i', "replace FILE with its encrypted form"),
	OPT_ARG("output", 'o', "OUT", "write to OUT (atomically) instead of stdout"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	OPT_END,
};

/* The keys and rule when no flag gave them: .sops.yaml. */
static int from_config(const char *path, struct keylist *keys, struct sops_doc *d, bool have_rule,
		       bool *mac_only)
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
		*mac_only = *mac_only || cr.mac_only_encrypted;
	}
	sopsconfig_free(&cr);
	return 0;
}

int cmd_encrypt(int argc, char **argv)
{
	struct keyflags kf = {0};
	struct keylist keys = {0};
	struct sops_rule rule = {0};
	bool have_rule = false, in_place = false, mac_only = false;
	int in_type = -1, out_type = -1;
	const char *out = NULL;
	int c;
	while ((c = cli_next(argc, argv, opts)) != -1) {
		if (keyflags_take(&kf, c, optarg))
			continue;
		switch (c) {
		case OPT_INPUT_TYPE: in_type = opt_format(optarg, false); break;
		case OPT_OUTPUT_TYPE: out_type = opt_format(optarg, false); break;
		case OPT_UNENC_SUFFIX:
		case OPT_ENC_SUFFIX:
		case OPT_UNENC_REGEX:
		case OPT_ENC_REGEX: opt_rule(&rule, &have_rule, c, optarg); break;
		case OPT_MAC_ONLY: mac_only = true; break;
		case 'i': in_place = true; break;
		case 'o': out = optarg; break;
		case 'h':
			cli_help(stdout, "encrypt [OPTION]... FILE|-",
				 "Encrypt a YAML, JSON, dotenv or INI file in the SOPS format, for age,\n"
				 "PGP, AWS KMS or Vault transit keys.\n"
				 "Keys stay readable; values become ENC[AES256_GCM,...].",
				 opts);
			return EXIT_OK;
		case CLI_KEY_VERSION: cli_version(); return EXIT_OK;
		}
	}
	if (argc - optind != 1)
		cli_usage_error("encrypt takes one FILE (or - for stdin)");
	const char *path = argv[optind];
	if (in_place && out)
		cli_usage_error("--in-place and --output cannot be combined");
	if (in_place && !strcmp(path, "-"))
		cli_usage_error("--in-place needs a file, not stdin");
	keyflags_env(&kf);
	keyflags_parse(&kf, OPT_KEY, &keys);
	keyflags_free(&kf);

	struct sops_doc d;
	char err[SOPS_ERRLEN];
	int rc = sops_doc_read(&d, path, in_type, err, sizeof err);
	if (rc == 0 && d.has_meta) {
		snprintf(err, sizeof err, "%s: already encrypted (it has sops metadata); decrypt it "
					  "first, or use rotate or updatekeys",
			 d.name);
		rc = EXIT_INPUT;
	} else if (rc == 0 && d.tree.no_document) {
		snprintf(err, sizeof err, "%s: no YAML document to encrypt (the file is empty or "
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
		text = sops_doc_render_sealed(&d, out_type >= 0 ? (enum sfmt)out_type : d.fmt, &len,
					      err, sizeof err);
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
