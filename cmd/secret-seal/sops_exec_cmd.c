/* sops_exec_cmd: the exec-env command, a file's values in a command's environment.
 * `exec-env FILE -- COMMAND [ARG]...`: the file's top-level values added to
 * COMMAND's environment, then exec: one COMMAND word is a shell command line
 * run by /bin/sh -c, as sops runs it; several are exec'd as they are (nothing
 * re-parsed). COMMAND's exit status is ours. */
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

static bool pristine;

const struct cli_opt exec_env_opts[] = {
	OPT_SET("pristine", 0, &pristine, "start COMMAND with only the file's values, not our environment"),
	SOPS_OPT_INPUT_TYPE("yaml, json or dotenv (default: from the name)"),
	SOPS_OPT_IDENTITY("an age identity file (repeatable)"),
	SOPS_OPT_NO_GITHUB("no ::add-mask:: of the values under GitHub Actions"),
	OPT_HELP,
	OPT_VERSION,
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
			msg_error("%s: key '%.*s' cannot be an environment variable name", name, klen, it->key);
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
	cli_next(cmd, argv, exec_env_opts); /* every row binds */
	int in_type = opt_format(sops_args.input_type, false);
	struct keyopts ko = opt_identities();
	if (cmd - optind != 1)
		cli_usage_error("exec-env takes one FILE, then -- COMMAND [ARG]...");
	if (cmd < argc && !strcmp(argv[cmd], "--"))
		cmd++;
	if (cmd >= argc)
		cli_usage_error("exec-env needs a COMMAND after the file");
	struct sops_doc d;
	char err[SOPS_ERRLEN];
	int rc = sops_doc_open(&d, argv[optind], in_type, &ko, false, err, sizeof err);
	if (rc != 0) {
		msg_error("%s", err);
		sops_doc_free(&d);
		return rc;
	}
	if (gha_enabled(sops_args.no_github))
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
