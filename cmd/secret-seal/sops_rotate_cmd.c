/* sops_rotate_cmd: `secret-seal rotate` (a new data key, every value
 * re-encrypted, recipients optionally changed) and `secret-seal
 * updatekeys` (the recipients made to match .sops.yaml, the same data key
 * re-wrapped: values, MAC and lastmodified untouched). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "sops_doc.h"
#include "sops_opts.h"
#include "sopsconfig.h"

/* Both rewrite the age entries; keys they cannot re-wrap stop them. */
static int check_rewrappable(const struct sops_doc *d, const char *what)
{
	if (d->meta.key_groups) {
		msg_error("%s: the file uses key_groups; %s with sops", d->name, what);
		return EXIT_INPUT;
	}
	return 0;
}

static void current_recipients(const struct sops_doc *d, struct recips *r)
{
	for (size_t i = 0; i < d->meta.nage; i++)
		recips_add_list(r, d->meta.age[i].recipient);
}

static const struct cli_opt rotate_opts[] = {
	{"in-place", no_argument, 'i', NULL, "rewrite FILE instead of printing the result"},
	{"add-age", required_argument, OPT_ADD_AGE, "R1,R2", "add age recipients (repeatable)"},
	{"rm-age", required_argument, OPT_RM_AGE, "R1,R2", "remove age recipients (repeatable)"},
	{"input-type", required_argument, OPT_INPUT_TYPE, "FMT", "yaml, json, dotenv or binary (default: from the name)"},
	{"identity", required_argument, OPT_IDENTITY, "FILE", "an age identity file (repeatable)"},
	{"help", no_argument, 'h', NULL, "show this help"},
	{"version", no_argument, CLI_KEY_VERSION, NULL, "show the version"},
	{NULL, 0, 0, NULL, NULL},
};

int cmd_rotate(int argc, char **argv)
{
	struct keyopts ko = {0};
	struct recips add = {0}, rm = {0};
	bool in_place = false;
	int in_type = -1, c;
	while ((c = cli_next(argc, argv, rotate_opts)) != -1) {
		switch (c) {
		case 'i': in_place = true; break;
		case OPT_ADD_AGE: recips_add_list(&add, optarg); break;
		case OPT_RM_AGE: recips_add_list(&rm, optarg); break;
		case OPT_INPUT_TYPE: in_type = opt_format(optarg, false); break;
		case OPT_IDENTITY: keyopts_add(&ko, optarg); break;
		case 'h':
			cli_help(stdout, "rotate [OPTION]... FILE",
				 "Give FILE a new data key and re-encrypt every value with it,\n"
				 "optionally adding or removing age recipients.",
				 rotate_opts);
			keyopts_free(&ko);
			recips_free(&add);
			recips_free(&rm);
			return EXIT_OK;
		case CLI_KEY_VERSION: cli_version(); return EXIT_OK;
		}
	}
	if (argc - optind != 1)
		cli_usage_error("rotate takes one FILE");
	const char *path = argv[optind];
	if (in_place && !strcmp(path, "-"))
		cli_usage_error("--in-place needs a file, not stdin");
	char err[SOPS_ERRLEN];
	if (sops_check_recipients(add.v, add.n, err, sizeof err) != 0)
		cli_usage_error("--add-age: %s", err);
	struct sops_doc d;
	int rc = sops_doc_load(&d, path, in_type, err, sizeof err);
	if (rc == 0 && (rc = check_rewrappable(&d, "rotate it")) != 0)
		err[0] = '\0';
	if (rc == 0 && sops_meta_has_other_keys(&d.meta)) {
		snprintf(err, sizeof err, "%s: the data key is also wrapped for pgp/kms keys, which "
					  "secret-seal cannot re-wrap; rotate it with sops",
			 d.name);
		rc = EXIT_INPUT;
	}
	if (rc == 0)
		rc = sops_doc_open_key(&d, &ko, err, sizeof err);
	if (rc == 0)
		rc = sops_doc_decrypt(&d, false, err, sizeof err);
	struct recips now = {0};
	current_recipients(&d, &now);
	for (size_t i = 0; i < rm.n; i++)
		recips_remove(&now, rm.v[i]);
	for (size_t i = 0; i < add.n; i++)
		recips_add_list(&now, add.v[i]);
	if (rc == 0 && now.n == 0) {
		snprintf(err, sizeof err, "%s: no age recipient would be left; add one with --add-age",
			 d.name);
		rc = EXIT_USAGE;
	}
	char *text = NULL;
	size_t len = 0;
	if (rc == 0) {
		sodium_free(d.key);
		d.key = sops_new_data_key();
		sops_meta_clear_age(&d.meta);
		if (sops_wrap(&d.meta, d.key, now.v, now.n, err, sizeof err) != 0)
			rc = EXIT_INPUT;
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
	recips_free(&now);
	recips_free(&add);
	recips_free(&rm);
	keyopts_free(&ko);
	return rc;
}

static const struct cli_opt update_opts[] = {
	{"yes", no_argument, 'y', NULL, "do not ask before rewriting FILE"},
	{"input-type", required_argument, OPT_INPUT_TYPE, "FMT", "yaml, json, dotenv or binary (default: from the name)"},
	{"identity", required_argument, OPT_IDENTITY, "FILE", "an age identity file (repeatable)"},
	{"help", no_argument, 'h', NULL, "show this help"},
	{"version", no_argument, CLI_KEY_VERSION, NULL, "show the version"},
	{NULL, 0, 0, NULL, NULL},
};

int cmd_updatekeys(int argc, char **argv)
{
	struct keyopts ko = {0};
	bool yes = false;
	int in_type = -1, c;
	while ((c = cli_next(argc, argv, update_opts)) != -1) {
		switch (c) {
		case 'y': yes = true; break;
		case OPT_INPUT_TYPE: in_type = opt_format(optarg, false); break;
		case OPT_IDENTITY: keyopts_add(&ko, optarg); break;
		case 'h':
			cli_help(stdout, "updatekeys [OPTION]... FILE",
				 "Make FILE's age recipients match its .sops.yaml creation rule,\n"
				 "re-wrapping the same data key; print the recipient changes.",
				 update_opts);
			keyopts_free(&ko);
			return EXIT_OK;
		case CLI_KEY_VERSION: cli_version(); keyopts_free(&ko); return EXIT_OK;
		}
	}
	if (argc - optind != 1)
		cli_usage_error("updatekeys takes one FILE");
	const char *path = argv[optind];
	if (!strcmp(path, "-"))
		cli_usage_error("updatekeys rewrites FILE in place: it cannot be stdin");
	char err[SOPS_ERRLEN];
	struct sops_creation cr;
	if (sopsconfig_load(path, &cr, err, sizeof err) != 0) {
		msg_error("%s", err);
		keyopts_free(&ko);
		return EXIT_INPUT;
	}
	struct recips want = {0}, have = {0};
	for (size_t i = 0; i < cr.nage; i++)
		recips_add_list(&want, cr.age[i]);
	int rc = 0;
	if (!cr.found || !cr.matched || want.n == 0) {
		snprintf(err, sizeof err, "%s: %s", path,
			 !cr.found ? "no .sops.yaml in its folder or above"
			 : !cr.matched ? "no creation rule of .sops.yaml matches it"
				       : "its creation rule names no age recipient");
		rc = EXIT_INPUT;
	}
	if (rc == 0 && sops_check_recipients(want.v, want.n, err, sizeof err) != 0)
		rc = EXIT_INPUT;
	struct sops_doc d;
	memset(&d, 0, sizeof d);
	if (rc == 0)
		rc = sops_doc_load(&d, path, in_type, err, sizeof err);
	if (rc == 0 && (rc = check_rewrappable(&d, "update its keys")) != 0)
		err[0] = '\0';
	current_recipients(&d, &have);
	size_t changes = 0;
	int answer = 0;
	for (size_t i = 0; rc == 0 && i < want.n; i++)
		if (!recips_has(&have, want.v[i]) && ++changes)
			printf("+++ %s\n", want.v[i]);
	for (size_t i = 0; rc == 0 && i < have.n; i++)
		if (!recips_has(&want, have.v[i]) && ++changes)
			printf("--- %s\n", have.v[i]);
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
		if (rc == 0) {
			sops_meta_clear_age(&d.meta);
			if (sops_wrap(&d.meta, d.key, want.v, want.n, err, sizeof err) != 0)
				rc = EXIT_INPUT;
		}
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
	recips_free(&want);
	recips_free(&have);
	keyopts_free(&ko);
	return rc;
}
