/* sops_exec_cmd: `secret-seal exec-env FILE -- COMMAND [ARG]...` — the
 * file's top-level values added to COMMAND's environment, then exec:
 * one COMMAND word is a shell command line run by /bin/sh -c, as sops
 * runs it; several are exec'd as they are (nothing re-parsed).
 * COMMAND's exit status is ours. */
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "env_value.h"
#include "gha.h"
#include "sops_doc.h"
#include "sops_opts.h"

static const struct cli_opt opts[] = {
	OPT_FLAG("pristine", OPT_PRISTINE, "start COMMAND with only the file's values, not our environment"),
	OPT_ARG("input-type", OPT_INPUT_TYPE, "FMT", "yaml, json or dotenv (default: from the name)"),
	OPT_ARG("identity", OPT_IDENTITY, "FILE", "an age identity file (repeatable)"),
	OPT_FLAG("no-github", CLI_KEY_NO_GITHUB, "no ::add-mask:: of the values under GitHub Actions"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	OPT_END,
};

/* Where COMMAND starts: after "--", else after the first operand (FILE),
 * so COMMAND's own options are never taken for ours. */
static int command_start(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--"))
			return i;
	bool file_seen = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (file_seen)
			return i;
		if ((!strcmp(a, "--input-type") || !strcmp(a, "--identity")) && i + 1 < argc)
			i++;
		else if (a[0] != '-' || !strcmp(a, "-"))
			file_seen = true;
	}
	return argc;
}

/* Put every top-level value into the environment.  0, or exit 3. */
static int export_values(const struct snode *doc, const char *name)
{
	for (size_t i = 0; i < doc->n; i++) {
		const struct sitem *it = &doc->items[i];
		if (it->v->t == ST_COMMENT)
			continue;
		int klen = (int)(it->klen > 80 ? 80 : it->klen);
		if (it->klen == 0 || memchr(it->key, '=', it->klen) || strlen(it->key) != it->klen) {
			msg_error("%s: key '%.*s' cannot be an environment variable name", name, klen,
				  it->key);
			return EXIT_INPUT;
		}
		size_t len;
		char *v = env_value(it->v, &len);
		if (!v) {
			msg_error("%s: '%.*s' holds a nested value; exec-env takes top-level scalars "
				  "only (as sops does)",
				  name, klen, it->key);
			return EXIT_INPUT;
		}
		if (strlen(v) != len) {
			sodium_memzero(v, len);
			free(v);
			msg_error("%s: the value of '%.*s' contains a NUL byte", name, klen, it->key);
			return EXIT_INPUT;
		}
		setenv(it->key, v, 1);
		sodium_memzero(v, len);
		free(v);
	}
	return 0;
}

int cmd_exec_env(int argc, char **argv)
{
	int cmd = command_start(argc, argv);
	struct keyopts ko = {0};
	bool pristine = false, no_github = false;
	int in_type = -1, c;
	while ((c = cli_next(cmd, argv, opts)) != -1) {
		switch (c) {
		case OPT_PRISTINE: pristine = true; break;
		case OPT_INPUT_TYPE: in_type = opt_format(optarg, false); break;
		case OPT_IDENTITY: keyopts_add(&ko, optarg); break;
		case CLI_KEY_NO_GITHUB: no_github = true; break;
		case 'h':
			cli_help(stdout, "exec-env [OPTION]... FILE -- COMMAND [ARG]...",
				 "Run COMMAND with FILE's top-level keys added to its environment;\n"
				 "one COMMAND word is run by /bin/sh -c (as sops does), several are\n"
				 "run as they are, with no shell.  COMMAND's exit status is ours.",
				 opts);
			keyopts_free(&ko);
			return EXIT_OK;
		case CLI_KEY_VERSION: cli_version(); keyopts_free(&ko); return EXIT_OK;
		}
	}
	if (cmd - optind != 1)
		cli_usage_error("exec-env takes one FILE, then -- COMMAND [ARG]...");
	if (cmd < argc && !strcmp(argv[cmd], "--"))
		cmd++;
	if (cmd >= argc)
		cli_usage_error("exec-env needs a COMMAND after the file");
	struct sops_doc d;
	char err[SOPS_ERRLEN];
	int rc = sops_doc_open(&d, argv[optind], in_type, &ko, false, err, sizeof err);
	keyopts_free(&ko);
	if (rc != 0) {
		msg_error("%s", err);
		sops_doc_free(&d);
		return rc;
	}
	if (gha_enabled(no_github))
		sops_doc_mask(&d);
	if (pristine)
		clearenv();
	rc = export_values(d.tree.docs[0], d.name);
	sops_doc_free(&d);
	if (rc != 0)
		return rc;
	fflush(stdout);
	if (cmd == argc - 1) {
		execl("/bin/sh", "sh", "-c", argv[cmd], (char *)NULL);
		msg_error("/bin/sh: %s", strerror(errno));
		return EXIT_ENV;
	}
	execvp(argv[cmd], argv + cmd);
	msg_error("%s: %s", argv[cmd], strerror(errno));
	return EXIT_ENV;
}
