/* commands: the subcommands of secret-seal, one function each, in its own
 * file.  Each takes the arguments after the program name (argv[0] is the
 * subcommand's name) and returns the exit status. */
#ifndef SECRET_SEAL_COMMANDS_H
#define SECRET_SEAL_COMMANDS_H

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary; /* one line for `secret-seal --help` */
};

/* part 1: age keys and envelopes */
int cmd_keygen(int argc, char **argv);      /* keygen.c */
int cmd_pubkey(int argc, char **argv);      /* keygen.c */
int cmd_age_encrypt(int argc, char **argv); /* age_cmd.c */
int cmd_age_decrypt(int argc, char **argv); /* age_cmd.c */

/* part 2: SOPS files */
int cmd_encrypt(int argc, char **argv);    /* sops_encrypt_cmd.c */
int cmd_decrypt(int argc, char **argv);    /* sops_decrypt_cmd.c */
int cmd_verify(int argc, char **argv);     /* sops_decrypt_cmd.c */
int cmd_exec_env(int argc, char **argv);   /* sops_exec_cmd.c */
int cmd_set(int argc, char **argv);        /* sops_set_cmd.c */
int cmd_unset(int argc, char **argv);      /* sops_set_cmd.c */
int cmd_rotate(int argc, char **argv);     /* sops_rotate_cmd.c */
int cmd_updatekeys(int argc, char **argv); /* sops_rotate_cmd.c */
int cmd_edit(int argc, char **argv);       /* sops_edit_cmd.c */

#endif
