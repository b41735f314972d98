/* sops_set_cmd: the set and unset commands, one value of a file changed.
 * `set FILE PATH VALUE|-` and `unset FILE PATH` change one value of an
 * encrypted file: decrypt (MAC checked), edit the tree, re-encrypt (unchanged
 * values keep their ENC text, so the git diff shows only the changed line),
 * new MAC and lastmodified, rewrite the file atomically. */
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

static bool raw;

const struct cli_opt set_opts[] = {
	OPT_SET("raw", 0, &raw, "VALUE (or stdin, less one final newline) is a plain string, not JSON"),
	SOPS_OPT_INPUT_TYPE("yaml, json, dotenv or ini (default: from the name)"),
	SOPS_OPT_IDENTITY("an age identity file (repeatable)"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

/* The new value: JSON (or a raw string) from the argument or stdin.  NULL
 * after a message; the text itself is never echoed. */
static struct snode *read_value(const char *arg)
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
		} else
			v = sops_json_value(j);
		json_decref(j);
	}
	sodium_memzero(buf, len);
	free(buf);
	return v;
}

/* Shared by set and unset: open, change, seal, write back. */
static int edit_value(const char *file, const char *path, struct snode *value, int in_type, const struct keyopts *ko)
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
	cli_next(argc, argv, set_opts); /* every row binds */
	int in_type = opt_format(sops_args.input_type, false);
	struct keyopts ko = opt_identities();
	if (argc - optind != 3)
		cli_usage_error("set takes FILE PATH VALUE (or - to read VALUE from stdin)");
	if (!strcmp(argv[optind], "-"))
		cli_usage_error("set rewrites FILE in place: it cannot be stdin");
	struct snode *v = read_value(argv[optind + 2]);
	return v ? edit_value(argv[optind], argv[optind + 1], v, in_type, &ko) : EXIT_USAGE;
}

const struct cli_opt unset_opts[] = {
	SOPS_OPT_INPUT_TYPE("yaml, json, dotenv or ini (default: from the name)"),
	SOPS_OPT_IDENTITY("an age identity file (repeatable)"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

int cmd_unset(int argc, char **argv)
{
	cli_next(argc, argv, unset_opts); /* every row binds */
	int in_type = opt_format(sops_args.input_type, false);
	struct keyopts ko = opt_identities();
	if (argc - optind != 2)
		cli_usage_error("unset takes FILE PATH");
	if (!strcmp(argv[optind], "-"))
		cli_usage_error("unset rewrites FILE in place: it cannot be stdin");
	return edit_value(argv[optind], argv[optind + 1], NULL, in_type, &ko);
}
