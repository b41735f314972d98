/* secret-seal: encrypted configuration in git — age keys and envelopes,
 * and SOPS files on top of them.  main() only dispatches to a subcommand;
 * each subcommand parses its own options (see commands.h). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "encode.h"

#include "commands.h"

static const struct command commands[] = {
	{"keygen", cmd_keygen, "create an age identity (like age-keygen)"},
	{"pubkey", cmd_pubkey, "print the recipient of each identity in a file (like age-keygen -y)"},
	{"age-encrypt", cmd_age_encrypt, "encrypt to age recipients or a passphrase (like age -e)"},
	{"age-decrypt", cmd_age_decrypt, "decrypt an age file (like age -d)"},
	{"encrypt", cmd_encrypt, "encrypt a YAML/JSON/dotenv file in the SOPS format (like sops -e)"},
	{"decrypt", cmd_decrypt, "decrypt a SOPS file, a value of it, or a Kubernetes Secret (like sops -d)"},
	{"verify", cmd_verify, "check that a SOPS file decrypts and its MAC matches"},
	{"exec-env", cmd_exec_env, "run a command with a SOPS file's values in its environment"},
	{"set", cmd_set, "set one value of a SOPS file"},
	{"unset", cmd_unset, "remove one value of a SOPS file"},
	{"rotate", cmd_rotate, "new data key for a SOPS file, every value re-encrypted"},
	{"updatekeys", cmd_updatekeys, "make a SOPS file's recipients match .sops.yaml"},
	{"edit", cmd_edit, "edit a SOPS file decrypted in $EDITOR, re-encrypted on save"},
	{NULL, NULL, NULL},
};

static const struct cli_opt top_opts[] = {
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	OPT_END,
};

static void usage(FILE *fp)
{
	cli_help(fp, "COMMAND [OPTION]... [ARG]...",
		 "Keep configuration encrypted at rest: age keys and files, SOPS files.\n"
		 "`secret-seal COMMAND --help` describes a command.",
		 top_opts);
	fputs("\nCommands:\n", fp);
	for (const struct command *c = commands; c->name; c++)
		fprintf(fp, "  %-14s %s\n", c->name, c->summary);
}

int main(int argc, char **argv)
{
	cli_init("secret-seal");
	close_stdout_at_exit();
	if (argc < 2)
		cli_usage_error("a command is required");
	const char *name = argv[1];
	if (!strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(name, "--version")) {
		cli_version();
		return EXIT_OK;
	}
	for (const struct command *c = commands; c->name; c++) {
		if (!strcmp(c->name, name)) {
			crypto_init();
			return c->run(argc - 1, argv + 1);
		}
	}
	cli_usage_error("unknown command '%s'", name);
}
