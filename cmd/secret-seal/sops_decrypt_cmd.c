/* sops_decrypt_cmd: `secret-seal decrypt` and `secret-seal verify` — the
 * data key from an age identity, every value decrypted and the MAC
 * checked before anything is printed. */
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

static const struct cli_opt opts[] = {
	OPT_FLAG("in-place", 'i', "replace FILE with its plaintext"),
	OPT_ARG("output", 'o', "OUT", "write to OUT (atomically, mode 0600) instead of stdout"),
	OPT_ARG("extract", OPT_EXTRACT, "PATH", "only the value at PATH, e.g. '[\"db\"][\"password\"]'"),
	OPT_ARG("input-type", OPT_INPUT_TYPE, "FMT", "yaml, json, dotenv, ini or binary (default: from the name)"),
	OPT_ARG("output-type", OPT_OUTPUT_TYPE, "FMT", "yaml, json, dotenv, ini, binary or k8s-secret"),
	OPT_ARG("name", OPT_NAME, "NAME", "k8s-secret: metadata.name (default: the file's base name)"),
	OPT_ARG("namespace", OPT_NAMESPACE, "NS", "k8s-secret: metadata.namespace"),
	OPT_FLAG("string-data", OPT_STRING_DATA, "k8s-secret: clear values under stringData, not base64 under data"),
	OPT_FLAG("ignore-mac", OPT_IGNORE_MAC, "do not fail on a MAC mismatch"),
	OPT_ARG("identity", OPT_IDENTITY, "FILE", "an age identity file (repeatable), tried before $SOPS_AGE_KEY*"),
	OPT_FLAG("no-github", CLI_KEY_NO_GITHUB, "no ::add-mask:: of the values under GitHub Actions"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	OPT_END,
};

/* The value --extract picked, in the output format. */
static char *render_value(struct snode *v, enum sfmt f, const struct store_opts *so, size_t *len,
			  char *err, size_t errlen)
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
	struct keyopts ko = {0};
	bool in_place = false, ignore_mac = false, string_data = false, no_github = false;
	int in_type = -1, out_type = -1;
	const char *out = NULL, *extract = NULL, *name = NULL, *ns = NULL;
	int c;
	while ((c = cli_next(argc, argv, opts)) != -1) {
		switch (c) {
		case 'i': in_place = true; break;
		case 'o': out = optarg; break;
		case OPT_EXTRACT: extract = optarg; break;
		case OPT_INPUT_TYPE: in_type = opt_format(optarg, false); break;
		case OPT_OUTPUT_TYPE: out_type = opt_format(optarg, true); break;
		case OPT_NAME: name = optarg; break;
		case OPT_NAMESPACE: ns = optarg; break;
		case OPT_STRING_DATA: string_data = true; break;
		case OPT_IGNORE_MAC: ignore_mac = true; break;
		case OPT_IDENTITY: keyopts_add(&ko, optarg); break;
		case CLI_KEY_NO_GITHUB: no_github = true; break;
		case 'h':
			cli_help(stdout, "decrypt [OPTION]... FILE|-",
				 "Decrypt a SOPS file and print it (or one value of it) in its own\n"
				 "format, another one, or as a Kubernetes Secret.",
				 opts);
			keyopts_free(&ko);
			return EXIT_OK;
		case CLI_KEY_VERSION: cli_version(); keyopts_free(&ko); return EXIT_OK;
		}
	}
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
	if (rc == 0 && gha_enabled(no_github))
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
	keyopts_free(&ko);
	return rc;
}

static const struct cli_opt verify_opts[] = {
	OPT_ARG("input-type", OPT_INPUT_TYPE, "FMT", "yaml, json, dotenv, ini or binary (default: from the name)"),
	OPT_ARG("identity", OPT_IDENTITY, "FILE", "an age identity file (repeatable)"),
	OPT_FLAG("no-github", CLI_KEY_NO_GITHUB, "no ::error:: annotation under GitHub Actions"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	OPT_END,
};

int cmd_verify(int argc, char **argv)
{
	struct keyopts ko = {0};
	bool no_github = false;
	int in_type = -1, c;
	while ((c = cli_next(argc, argv, verify_opts)) != -1) {
		switch (c) {
		case OPT_INPUT_TYPE: in_type = opt_format(optarg, false); break;
		case OPT_IDENTITY: keyopts_add(&ko, optarg); break;
		case CLI_KEY_NO_GITHUB: no_github = true; break;
		case 'h':
			cli_help(stdout, "verify [OPTION]... FILE|-",
				 "Decrypt FILE in memory and check every value and the MAC; print\n"
				 "nothing on success (the file was not hand-edited).",
				 verify_opts);
			keyopts_free(&ko);
			return EXIT_OK;
		case CLI_KEY_VERSION: cli_version(); keyopts_free(&ko); return EXIT_OK;
		}
	}
	if (argc - optind != 1)
		cli_usage_error("verify takes one FILE (or - for stdin)");
	struct sops_doc d;
	char err[SOPS_ERRLEN];
	int rc = sops_doc_open(&d, argv[optind], in_type, &ko, false, err, sizeof err);
	if (rc != 0) {
		msg_error("%s", err);
		/* The check CI runs: an annotation on the file in the workflow
		 * run (messages never hold a value). */
		if (gha_enabled(no_github)) {
			struct finding f = {.file = (char *)argv[optind], .sev = SEV_ERROR,
					    .rule = "secret-seal verify", .message = err};
			diag_print_github(stdout, &f);
		}
	}
	sops_doc_free(&d);
	keyopts_free(&ko);
	return rc;
}
