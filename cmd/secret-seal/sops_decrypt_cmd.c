/* sops_decrypt_cmd: the decrypt and verify commands.
 * The data key from an identity, every value decrypted and the MAC checked
 * before anything is printed. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "commands.h"
#include "gha.h"
#include "k8s_secret.h"
#include "sops_doc.h"
#include "sops_json.h"
#include "sops_opts.h"
#include "sops_path.h"
#include "sops_yaml.h"

/* decrypt's own options; the shared ones are in sops_args. */
static const char *extract, *name, *ns;
static bool string_data, ignore_mac;

const struct cli_opt decrypt_opts[] = {
	SOPS_OPT_IN_PLACE("replace FILE with its plaintext"),
	SOPS_OPT_OUTPUT("write to OUT (atomically, mode 0600) instead of stdout"),
	OPT_STRING("extract", 0, &extract, "PATH", "only the value at PATH, e.g. '[\"db\"][\"password\"]'"),
	SOPS_OPT_INPUT_TYPE("yaml, json, dotenv, ini or binary (default: from the name)"),
	SOPS_OPT_OUTPUT_TYPE("yaml, json, dotenv, ini, binary or k8s-secret"),
	OPT_STRING("name", 0, &name, "NAME", "k8s-secret: metadata.name (default: the file's base name)"),
	OPT_STRING("namespace", 0, &ns, "NS", "k8s-secret: metadata.namespace"),
	OPT_SET("string-data", 0, &string_data, "k8s-secret: clear values under stringData, not base64 under data"),
	OPT_SET("ignore-mac", 0, &ignore_mac, "do not fail on a MAC mismatch"),
	SOPS_OPT_IDENTITY("an age identity file (repeatable), tried before $SOPS_AGE_KEY*"),
	SOPS_OPT_NO_GITHUB("no ::add-mask:: of the values under GitHub Actions"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

/* The value --extract picked, in the output format. */
static char *render_value(struct snode *v, enum sfmt f, const struct store_opts *so, size_t *len, char *err,
			  size_t errlen)
{
	if (v->t == ST_STR || v->t == ST_BYTES) {
		*len = v->len;
		char *s = xmalloc(v->len + 1);
		memcpy(s, v->s, v->len);
		return s;
	}
	if (v->t == ST_MAP) {
		struct snode *docs[1] = {v};
		struct sfile one = {.docs = docs, .n = 1};
		return store_emit(f, &one, so, len, err, errlen);
	}
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);
	if (!fp)
		die(EXIT_ENV, "out of memory");
	int rc = 0;
	if (f == SF_JSON)
		rc = sops_json_emit(fp, v, so->json_indent, err, errlen);
	else if (f == SF_YAML)
		sops_yaml_emit_value(fp, v, so->yaml_indent);
	else {
		snprintf(err, errlen, "only a string can be extracted to %s", sfmt_name(f));
		rc = -1;
	}
	fclose(fp);
	if (rc) {
		free(buf);
		return NULL;
	}
	return buf;
}

int cmd_decrypt(int argc, char **argv)
{
	cli_next(argc, argv, decrypt_opts); /* every row binds */
	int in_type = opt_format(sops_args.input_type, false);
	int out_type = opt_format(sops_args.output_type, true);
	bool in_place = sops_args.in_place;
	const char *out = sops_args.output;
	struct keyopts ko = opt_identities();
	if (argc - optind != 1)
		cli_usage_error("decrypt takes one FILE (or - for stdin)");
	const char *path = argv[optind];
	if (in_place && out)
		cli_usage_error("--in-place and --output cannot be combined");
	if (in_place && !strcmp(path, "-"))
		cli_usage_error("--in-place needs a file, not stdin");
	if ((name || ns || string_data) && out_type != SF_K8S)
		cli_usage_error("--name, --namespace and --string-data go with --output-type k8s-secret");
	if (extract && out_type == SF_K8S)
		cli_usage_error("--extract and --output-type k8s-secret cannot be combined");
	struct spath sp = {0};
	char err[SOPS_ERRLEN];
	if (extract && spath_parse(extract, &sp, err, sizeof err) != 0)
		cli_usage_error("--extract: %s", err);

	struct sops_doc d;
	int rc = sops_doc_open(&d, path, in_type, &ko, ignore_mac, err, sizeof err);
	if (rc == 0 && gha_enabled(sops_args.no_github))
		sops_doc_mask(&d);
	enum sfmt of = out_type >= 0 ? (enum sfmt)out_type : d.fmt;
	char *text = NULL;
	size_t len = 0;
	if (rc == 0 && extract) {
		struct snode *v = spath_get(d.tree.docs[0], &sp, err, sizeof err);
		if (!v)
			rc = EXIT_FAIL;
		else if (!(text = render_value(v, of, &d.store, &len, err, sizeof err)))
			rc = EXIT_INPUT;
	} else if (rc == 0 && of == SF_K8S) {
		char *dn = name ? xstrdup(name) : k8s_default_name(path);
		text = k8s_secret_render(d.tree.docs[0], dn, ns, string_data, &len, err, sizeof err);
		free(dn);
		if (!text)
			rc = EXIT_INPUT;
	} else if (rc == 0 && !(text = sops_doc_render_plain(&d, of, &len, err, sizeof err))) {
		rc = EXIT_INPUT;
	}
	if (rc != 0)
		msg_error("%s", err);
	else
		rc = sops_write_out(in_place ? path : out, text, len, 0600);
	if (text) {
		sodium_memzero(text, len);
		free(text);
	}
	spath_free(&sp);
	sops_doc_free(&d);
	return rc;
}

const struct cli_opt verify_opts[] = {
	SOPS_OPT_INPUT_TYPE("yaml, json, dotenv, ini or binary (default: from the name)"),
	SOPS_OPT_IDENTITY("an age identity file (repeatable)"),
	SOPS_OPT_NO_GITHUB("no ::error:: annotation under GitHub Actions"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

int cmd_verify(int argc, char **argv)
{
	cli_next(argc, argv, verify_opts); /* every row binds */
	int in_type = opt_format(sops_args.input_type, false);
	struct keyopts ko = opt_identities();
	if (argc - optind != 1)
		cli_usage_error("verify takes one FILE (or - for stdin)");
	struct sops_doc d;
	char err[SOPS_ERRLEN];
	int rc = sops_doc_open(&d, argv[optind], in_type, &ko, false, err, sizeof err);
	if (rc != 0) {
		msg_error("%s", err);
		/* The check CI runs: an annotation on the file in the workflow
		 * run (messages never hold a value). */
		if (gha_enabled(sops_args.no_github)) {
			struct finding f = {.file = (char *)argv[optind],
					    .sev = SEV_ERROR,
					    .rule = "secret-seal verify",
					    .message = err};
			diag_print_github(stdout, &f);
		}
	}
	sops_doc_free(&d);
	return rc;
}
