/* sops_opts: small, so each subcommand's file keeps only its own flow. */
#include "sops_opts.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sops_meta.h"
#include "sops_store.h"

void keyopts_add(struct keyopts *ko, const char *path)
{
	ko->identity_files = xrealloc(ko->identity_files,
				      (ko->nidentity + 1) * sizeof *ko->identity_files);
	ko->identity_files[ko->nidentity++] = path;
}

void keyopts_free(struct keyopts *ko)
{
	free(ko->identity_files);
	ko->identity_files = NULL;
	ko->nidentity = 0;
}

int opt_format(const char *arg, bool allow_k8s)
{
	int f = sfmt_parse(arg, allow_k8s);
	if (f < 0)
		cli_usage_error("unknown format '%s': use yaml, json, dotenv, ini, binary%s", arg,
				allow_k8s ? " or k8s-secret" : "");
	return f;
}

bool keyflags_take(struct keyflags *kf, int c, const char *arg)
{
	if (c == OPT_ENC_CONTEXT || c == OPT_AWS_PROFILE) {
		struct snode **d = &kf->defaults[KEY_KMS];
		if (!*d)
			*d = snode_new(ST_MAP);
		const char *field = c == OPT_ENC_CONTEXT ? "context" : "aws_profile";
		long i = snode_find(*d, field, strlen(field));
		if (i >= 0)
			snode_remove(*d, (size_t)i);
		if (c == OPT_AWS_PROFILE) {
			keyent_put(*d, field, arg);
			return true;
		}
		/* k:v,k2:v2 -> a mapping, as sops's --encryption-context */
		struct snode *ctx = snode_new(ST_MAP);
		size_t n;
		char **pairs = split_list(arg, ",", &n);
		for (size_t p = 0; p < n; p++) {
			size_t k = strcspn(pairs[p], ":");
			if (k == 0 || !pairs[p][k])
				cli_usage_error("--encryption-context: '%s' is not KEY:VALUE", pairs[p]);
			const char *v = pairs[p] + k + 1;
			snode_push(ctx, pairs[p], k, snode_text(ST_STR, v, strlen(v)));
		}
		strv_free(pairs);
		snode_push(*d, field, strlen(field), ctx);
		return true;
	}
	int set = (c - OPT_KEY) / 0x10, k = (c - OPT_KEY) % 0x10;
	if (c < OPT_KEY || set > 2 || k >= KEY_KINDS)
		return false;
	char **slot = &kf->raw[set][k];
	char *joined = *slot ? xasprintf("%s,%s", *slot, arg) : xstrdup(arg);
	free(*slot);
	*slot = joined;
	return true;
}

bool keyflags_any(const struct keyflags *kf, int set)
{
	for (int k = 0; k < KEY_KINDS; k++)
		if (kf->raw[(set - OPT_KEY) / 0x10][k])
			return true;
	return false;
}

void keyflags_env(struct keyflags *kf)
{
	for (int k = 0; k < KEY_KINDS; k++) {
		const char *env = keysrc_table((enum keykind)k)->env;
		const char *v = env ? getenv(env) : NULL;
		if (!kf->raw[0][k] && v && *v)
			kf->raw[0][k] = xstrdup(v);
	}
}

void keyflags_parse(const struct keyflags *kf, int set, struct keylist *l)
{
	for (int k = 0; k < KEY_KINDS; k++) {
		const char *raw = kf->raw[(set - OPT_KEY) / 0x10][k];
		if (!raw)
			continue;
		const struct keysrc *src = keysrc_table((enum keykind)k);
		char err[1024];
		if (keylist_add_text(l, src, raw, kf->defaults[k], err, sizeof err) != 0)
			cli_usage_error("%s", err);
	}
}

void keyflags_free(struct keyflags *kf)
{
	for (int s = 0; s < 3; s++)
		for (int k = 0; k < KEY_KINDS; k++)
			free(kf->raw[s][k]);
	for (int k = 0; k < KEY_KINDS; k++)
		snode_free(kf->defaults[k]);
	memset(kf, 0, sizeof *kf);
}

void opt_rule(struct sops_rule *r, bool *have, int key, const char *arg)
{
	static const enum sops_rule_kind kinds[] = {
		[OPT_UNENC_SUFFIX - OPT_UNENC_SUFFIX] = RULE_UNENCRYPTED_SUFFIX,
		[OPT_ENC_SUFFIX - OPT_UNENC_SUFFIX] = RULE_ENCRYPTED_SUFFIX,
		[OPT_UNENC_REGEX - OPT_UNENC_SUFFIX] = RULE_UNENCRYPTED_REGEX,
		[OPT_ENC_REGEX - OPT_UNENC_SUFFIX] = RULE_ENCRYPTED_REGEX,
	};
	if (*have)
		cli_usage_error("give at most one of --unencrypted-suffix, --encrypted-suffix, "
				"--unencrypted-regex, --encrypted-regex");
	char err[512];
	if (sops_rule_set(r, kinds[key - OPT_UNENC_SUFFIX], arg, err, sizeof err) != 0)
		cli_usage_error("%s", err);
	*have = true;
}

int tty_ask(const char *question, bool def)
{
	FILE *tty = fopen("/dev/tty", "r+");
	if (!tty)
		return -1;
	fprintf(tty, "%s %s ", question, def ? "[Y/n]" : "[y/N]");
	fflush(tty);
	char line[16] = "";
	bool yes = def;
	if (!fgets(line, sizeof line, tty))
		yes = false;
	else if (line[0] == 'y' || line[0] == 'Y')
		yes = true;
	else if (line[0] == 'n' || line[0] == 'N')
		yes = false;
	fclose(tty);
	return yes;
}
