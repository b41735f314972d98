/* sops_set_cmd: `secret-seal set FILE PATH VALUE|-` and `unset FILE PATH` —
 * change one value of an encrypted file: decrypt (MAC checked), edit the
 * tree, re-encrypt (unchanged values keep their ENC text, so the git diff
 * shows only the changed line), new MAC and lastmodified, rewrite the
 * file atomically. */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "fs.h"
#include "sops_doc.h"
#include "sops_json.h"
#include "sops_opts.h"
#include "sops_path.h"

static const struct cli_opt set_opts[] = {
	OPT_FLAG("raw", OPT_RAW, "VALUE (or stdin, less one final newline) is a plain string, not JSON"),
	OPT_ARG("input-type", OPT_INPUT_TYPE, "FMT", "yaml, json, dotenv or ini (default: from the name)"),
	OPT_ARG("identity", OPT_IDENTITY, "FILE", "an age identity file (repeatable)"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	OPT_END,
};

/* The new value: JSON (or a raw string) from the argument or stdin.  NULL
 * after a message; the text itself is never echoed. */
static struct snode *read_value(const char *arg, bool raw)
{
	char *buf = NULL;
	size_t len;
	char err[512];
	if (!strcmp(arg, "-")) {
		if (fs_read_all("-", SOPS_MAX_PLAIN, &buf, &len, err, sizeof err) != 0) {
			msg_error("%s", err);
			return NULL;
		}
	} else {
		buf = xstrdup(arg);
		len = strlen(arg);
	}
	struct snode *v = NULL;
	if (raw) {
		if (!strcmp(arg, "-") && len && buf[len - 1] == '\n')
			len--;
		v = snode_text(ST_STR, buf, len);
	} else {
		json_error_t je;
		json_t *j = json_loadb(buf, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
		char what[JSON_ERROR_TEXT_LENGTH];
		if (!j) {
			sops_json_error(&je, what, sizeof what);
			msg_error("the value is not JSON (line %d, column %d: %s); quote a string as "
				  "'\"text\"' or pass --raw",
				  je.line, je.column, what);
		}
		else
			v = sops_json_value(j);
		json_decref(j);
	}
	sodium_memzero(buf, len);
	free(buf);
	return v;
}

/* Shared by set and unset: open, change, seal, write back. */
static int edit_value(const char *file, const char *path, struct snode *value, int in_type,
		      const struct keyopts *ko)
{
	struct spath sp;
	char err[SOPS_ERRLEN];
	if (spath_parse(path, &sp, err, sizeof err) != 0) {
		snode_free(value);
		cli_usage_error("%s", err);
	}
	struct sops_doc d;
	int rc = sops_doc_open(&d, file, in_type, ko, false, err, sizeof err);
	if (rc == 0) {
		char e[512];
		int r = value ? spath_set(d.tree.docs[0], &sp, value, e, sizeof e)
			      : spath_unset(d.tree.docs[0], &sp, e, sizeof e);
		value = NULL; /* spath_set took it */
		if (r != 0) {
			snprintf(err, sizeof err, "%s: %s", d.name, e);
			rc = EXIT_FAIL;
		}
	}
	snode_free(value);
	char *text = NULL;
	size_t len = 0;
	if (rc == 0) {
		sops_doc_seal(&d, true);
		text = sops_doc_render_sealed(&d, d.fmt, &len, err, sizeof err);
		if (!text)
			rc = EXIT_INPUT;
	}
	if (rc != 0)
		msg_error("%s", err);
	else
		rc = sops_write_out(file, text, len, 0644);
	free(text);
	spath_free(&sp);
	sops_doc_free(&d);
	return rc;
}

int cmd_set(int argc, char **argv)
{
	struct keyopts ko = {0};
	bool raw = false;
	int in_type = -1, c;
	while ((c = cli_next(argc, argv, set_opts)) != -1) {
		switch (c) {
		case OPT_RAW: raw = true; break;
		case OPT_INPUT_TYPE: in_type = opt_format(optarg, false); break;
		case OPT_IDENTITY: keyopts_add(&ko, optarg); break;
		case 'h':
			cli_help(stdout, "set [OPTION]... FILE PATH VALUE|-",
				 "Set the value at PATH (like '[\"db\"][\"password\"]') of an encrypted\n"
				 "file to VALUE (JSON; - reads it from stdin, keeping it out of argv).",
				 set_opts);
			keyopts_free(&ko);
			return EXIT_OK;
		case CLI_KEY_VERSION: cli_version(); keyopts_free(&ko); return EXIT_OK;
		}
	}
	if (argc - optind != 3)
		cli_usage_error("set takes FILE PATH VALUE (or - to read VALUE from stdin)");
	if (!strcmp(argv[optind], "-"))
		cli_usage_error("set rewrites FILE in place: it cannot be stdin");
	struct snode *v = read_value(argv[optind + 2], raw);
	int rc = v ? edit_value(argv[optind], argv[optind + 1], v, in_type, &ko) : EXIT_USAGE;
	keyopts_free(&ko);
	return rc;
}

static const struct cli_opt unset_opts[] = {
	OPT_ARG("input-type", OPT_INPUT_TYPE, "FMT", "yaml, json, dotenv or ini (default: from the name)"),
	OPT_ARG("identity", OPT_IDENTITY, "FILE", "an age identity file (repeatable)"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	OPT_END,
};

int cmd_unset(int argc, char **argv)
{
	struct keyopts ko = {0};
	int in_type = -1, c;
	while ((c = cli_next(argc, argv, unset_opts)) != -1) {
		switch (c) {
		case OPT_INPUT_TYPE: in_type = opt_format(optarg, false); break;
		case OPT_IDENTITY: keyopts_add(&ko, optarg); break;
		case 'h':
			cli_help(stdout, "unset [OPTION]... FILE PATH",
				 "Remove the value at PATH from an encrypted file.", unset_opts);
			keyopts_free(&ko);
			return EXIT_OK;
		case CLI_KEY_VERSION: cli_version(); keyopts_free(&ko); return EXIT_OK;
		}
	}
	if (argc - optind != 2)
		cli_usage_error("unset takes FILE PATH");
	if (!strcmp(argv[optind], "-"))
		cli_usage_error("unset rewrites FILE in place: it cannot be stdin");
	int rc = edit_value(argv[optind], argv[optind + 1], NULL, in_type, &ko);
	keyopts_free(&ko);
	return rc;
}
