/* sops_opts: the shared option values, and their checks once all are read. */
#include "sops_opts.h"

#include <stdlib.h>
#include <string.h>

#include "sops_store.h"

struct sops_args sops_args;

int opt_format(const char *arg, bool allow_k8s)
{
	if (!arg)
		return -1;
	int f = sfmt_parse(arg, allow_k8s);
	if (f < 0)
		cli_usage_error("unknown format '%s': use yaml, json, dotenv, ini, binary%s", arg,
				allow_k8s ? " or k8s-secret" : "");
	return f;
}

struct keyopts opt_identities(void)
{
	return (struct keyopts){sops_args.identity.v, sops_args.identity.n};
}

/* --encryption-context k:v,k2:v2 as a mapping, as sops's; each one given
 * is checked, the last one counts. */
static struct snode *kms_context(void)
{
	struct snode *ctx = NULL;
	for (size_t i = 0; i < sops_args.context.n; i++) {
		snode_free(ctx);
		ctx = snode_new(ST_MAP);
		size_t n;
		char **pairs = split_list(sops_args.context.v[i], ",", &n);
		for (size_t p = 0; p < n; p++) {
			size_t k = strcspn(pairs[p], ":");
			if (k == 0 || !pairs[p][k])
				cli_usage_error("--encryption-context: '%s' is not KEY:VALUE", pairs[p]);
			const char *v = pairs[p] + k + 1;
			snode_push(ctx, pairs[p], k, snode_text(ST_STR, v, strlen(v)));
		}
		strv_free(pairs);
	}
	return ctx;
}

/* The kms settings handed to every kms key: {context, aws_profile}. */
static struct snode *kms_defaults(void)
{
	struct snode *ctx = kms_context();
	if (!ctx && !sops_args.aws_profile)
		return NULL;
	struct snode *d = snode_new(ST_MAP);
	if (ctx)
		snode_push(d, "context", strlen("context"), ctx);
	if (sops_args.aws_profile)
		keyent_put(d, "aws_profile", sops_args.aws_profile);
	return d;
}

/* A repeated flag's lists as one comma list; NULL when not given. */
static char *joined(const struct cli_list *l)
{
	char *s = NULL;
	for (size_t i = 0; i < l->n; i++) {
		char *t = s ? xasprintf("%s,%s", s, l->v[i]) : xstrdup(l->v[i]);
		free(s);
		s = t;
	}
	return s;
}

void opt_keys(enum keyset set, struct keylist *l)
{
	struct snode *kms = kms_defaults();
	for (int k = 0; k < KEY_KINDS; k++) {
		const struct keysrc *src = keysrc_table((enum keykind)k);
		char *raw = joined(&sops_args.keys[set][k]);
		const char *env = set == KEYS_GIVEN && src->env ? getenv(src->env) : NULL;
		if (!raw && env && *env)
			raw = xstrdup(env);
		if (!raw)
			continue;
		char err[1024];
		int rc = keylist_add_text(l, src, raw, k == KEY_KMS ? kms : NULL, err, sizeof err);
		free(raw);
		if (rc != 0)
			cli_usage_error("%s", err);
	}
	snode_free(kms);
}

bool opt_rule(struct sops_rule *r)
{
	size_t given = 0;
	int kind = -1;
	for (int k = 0; k <= RULE_ENCRYPTED_REGEX; k++) {
		given += sops_args.rule[k].n;
		if (sops_args.rule[k].n)
			kind = k;
	}
	if (given > 1)
		cli_usage_error("give at most one of --unencrypted-suffix, --encrypted-suffix, "
				"--unencrypted-regex, --encrypted-regex");
	if (!given)
		return false;
	char err[512];
	if (sops_rule_set(r, (enum sops_rule_kind)kind, sops_args.rule[kind].v[0], err, sizeof err) != 0)
		cli_usage_error("%s", err);
	return true;
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
