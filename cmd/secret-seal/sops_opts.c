/* sops_opts: small, so each subcommand's file keeps only its own flow. */
#include "sops_opts.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
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
		cli_usage_error("unknown format '%s': use yaml, json, dotenv, binary%s", arg,
				allow_k8s ? " or k8s-secret" : "");
	return f;
}

bool recips_has(const struct recips *r, const char *s)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i], s))
			return true;
	return false;
}

void recips_add_list(struct recips *r, const char *commas)
{
	size_t n;
	char **list = split_list(commas, ",", &n);
	for (size_t i = 0; i < n; i++) {
		if (recips_has(r, list[i]))
			continue;
		r->v = xrealloc(r->v, (r->n + 2) * sizeof *r->v);
		r->v[r->n++] = xstrdup(list[i]);
		r->v[r->n] = NULL;
	}
	strv_free(list);
}

void recips_remove(struct recips *r, const char *s)
{
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->v[i], s))
			continue;
		free(r->v[i]);
		memmove(&r->v[i], &r->v[i + 1], (r->n - i) * sizeof *r->v);
		r->n--;
		return;
	}
}

void recips_free(struct recips *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = 0;
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
