/* secret-seal: encrypted configuration in git — age keys and files, and
 * SOPS files on top of them.  The command table below is the whole
 * dispatch: each command's options and help are its row. */
#include "cli.h"
#include "encode.h"

#include "commands.h"

static const struct cli_cmd commands[] = {
	{"keygen", cmd_keygen, "[-o FILE]", "create an age identity (like age-keygen)", keygen_opts, NULL,
	 "An X25519 identity in age-keygen's layout; its public key goes to stderr."},
	{"pubkey", cmd_pubkey, "[FILE|-]", "print the recipient of each identity in a file (like age-keygen -y)",
	 pubkey_opts, NULL, "FILE defaults to stdin; each recipient is one age1… line."},
	{"age-encrypt", cmd_age_encrypt, "[-r RECIPIENT]... [-R FILE]... [-p] [-a] [-o OUT] [IN|-]",
	 "encrypt to age recipients or a passphrase (like age -e)", age_encrypt_opts, NULL,
	 "IN (default stdin) becomes an age v1 file."},
	{"age-decrypt", cmd_age_decrypt, "[-i IDENTITY_FILE]... [-o OUT] [IN|-]", "decrypt an age file (like age -d)",
	 age_decrypt_opts, NULL,
	 "IN (default stdin) is binary or armored.  A passphrase-encrypted file asks\n"
	 "for its passphrase on the terminal or takes $SECRET_SEAL_PASSPHRASE."},
	{"encrypt", cmd_encrypt, "[OPTION]... FILE|-",
	 "encrypt a YAML/JSON/dotenv/INI file in the SOPS format (like sops -e)", encrypt_opts, NULL,
	 "For age, PGP, AWS KMS or Vault transit keys.\n"
	 "Keys stay readable; values become ENC[AES256_GCM,...]."},
	{"decrypt", cmd_decrypt, "[OPTION]... FILE|-",
	 "decrypt a SOPS file, a value of it, or a Kubernetes Secret (like sops -d)", decrypt_opts, NULL,
	 "The file (or the value at --extract) is printed in its own format, in\n"
	 "another one (--output-type), or as a Kubernetes Secret."},
	{"verify", cmd_verify, "[OPTION]... FILE|-", "check that a SOPS file decrypts and its MAC matches", verify_opts,
	 NULL,
	 "FILE is decrypted in memory only; nothing is printed on success (the\n"
	 "file was not hand-edited)."},
	{"exec-env", cmd_exec_env, "[OPTION]... FILE -- COMMAND [ARG]...",
	 "run a command with a SOPS file's values in its environment", exec_env_opts, NULL,
	 "FILE's top-level keys are added to COMMAND's environment; one COMMAND\n"
	 "word is run by /bin/sh -c (as sops does), several are run as they are,\n"
	 "with no shell.  COMMAND's exit status is ours."},
	{"set", cmd_set, "[OPTION]... FILE PATH VALUE|-", "set one value of a SOPS file", set_opts, NULL,
	 "PATH is like '[\"db\"][\"password\"]'; VALUE is JSON (- reads it from stdin,\n"
	 "keeping it out of argv)."},
	{"unset", cmd_unset, "[OPTION]... FILE PATH", "remove one value of a SOPS file", unset_opts, NULL,
	 "PATH is like '[\"db\"][\"password\"]'."},
	{"rotate", cmd_rotate, "[OPTION]... FILE", "new data key for a SOPS file, every value re-encrypted",
	 rotate_opts, NULL, "Keys (age, PGP, KMS, Vault transit) may be added or removed on the way."},
	{"updatekeys", cmd_updatekeys, "[OPTION]... FILE", "make a SOPS file's recipients match .sops.yaml",
	 updatekeys_opts, NULL,
	 "The same data key is wrapped for the new keys; the changes are printed,\n"
	 "then confirmed on the terminal (or by -y) before FILE is rewritten."},
	{"edit", cmd_edit, "[OPTION]... FILE", "edit a SOPS file decrypted in $EDITOR, re-encrypted on save", edit_opts,
	 NULL,
	 "The decrypted copy is opened in $VISUAL or $EDITOR in a private folder\n"
	 "(on /dev/shm when it exists) and wiped afterwards."},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};

static const struct cli_opt tool_opts[] = {OPT_HELP, OPT_VERSION, OPT_END};

static const struct cli_cmd tool = {NULL,
				    NULL,
				    "COMMAND [OPTION]... [ARG]...",
				    "Keep configuration encrypted at rest: age keys and files, SOPS files.",
				    tool_opts,
				    commands,
				    "`secret-seal COMMAND --help` describes a command."};

int main(int argc, char **argv)
{
	cli_init("secret-seal");
	close_stdout_at_exit();
	crypto_init();
	return cli_main(&tool, argc, argv);
}
