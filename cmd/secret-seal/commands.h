/* commands: secret-seal's commands — the entry point and option table of each.
 * main.c's command table joins them with their help; each command's file
 * parses the arguments after its name (argv[0]) and returns the exit
 * status. */
#ifndef SECRET_SEAL_COMMANDS_H
#define SECRET_SEAL_COMMANDS_H

#include "cli.h"

/* age keys and files: keygen.c, age_cmd.c */
int cmd_keygen(int argc, char **argv);
int cmd_pubkey(int argc, char **argv);
int cmd_age_encrypt(int argc, char **argv);
int cmd_age_decrypt(int argc, char **argv);
extern const struct cli_opt keygen_opts[], pubkey_opts[], age_encrypt_opts[], age_decrypt_opts[];

/* SOPS files: sops_*_cmd.c */
int cmd_encrypt(int argc, char **argv); /* sops_encrypt_cmd.c */
int cmd_decrypt(int argc, char **argv); /* sops_decrypt_cmd.c */
int cmd_verify(int argc, char **argv); /* sops_decrypt_cmd.c */
int cmd_exec_env(int argc, char **argv); /* sops_exec_cmd.c */
int cmd_set(int argc, char **argv); /* sops_set_cmd.c */
int cmd_unset(int argc, char **argv); /* sops_set_cmd.c */
int cmd_rotate(int argc, char **argv); /* sops_rotate_cmd.c */
int cmd_updatekeys(int argc, char **argv); /* sops_rotate_cmd.c */
int cmd_edit(int argc, char **argv); /* sops_edit_cmd.c */
extern const struct cli_opt encrypt_opts[], decrypt_opts[], verify_opts[], exec_env_opts[], set_opts[], unset_opts[],
	rotate_opts[], updatekeys_opts[], edit_opts[];

#endif
