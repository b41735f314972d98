/* keysrc_pgp: PGP keys, wrapped and unwrapped by gpg. */
#include "keysrc.h"

const struct keysrc keysrc_pgp = {
	.kind = KEY_PGP, .list = "pgp", .flag = "pgp", .env = "SOPS_PGP_FP",
	.rule_key = "pgp", .group_key = "pgp",
};
