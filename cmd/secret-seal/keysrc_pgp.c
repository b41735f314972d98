/* keysrc_pgp: PGP keys in a SOPS file, as sops uses them by default.
 * The data key wrapped by `gpg --encrypt -r FPR` into an armored message,
 * unwrapped by `gpg --decrypt`, both through pipes.  The binary is
 * $SOPS_GPG_EXEC or gpg; GNUPGHOME, gpg-agent and pinentry are gpg's own
 * business.  An entry is {created_at, enc, fp}. */
#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "keysrc.h"
#include "secmem.h"
#include "subproc.h"

static const char *gpg_binary(void)
{
	const char *g = getenv("SOPS_GPG_EXEC");
	return g && *g ? g : "gpg";
}

/* The last line gpg wrote on stderr ("gpg: decryption failed: No secret
 * key"): its own words for what went wrong. */
static void gpg_reason(const struct subproc_result *r, const char *gpg, char *err, size_t errlen)
{
	if (r->exec_errno) {
		snprintf(err, errlen, "cannot run %s: %s; install gnupg or set SOPS_GPG_EXEC", gpg,
			 strerror(r->exec_errno));
		return;
	}
	const char *s = r->err, *best = NULL;
	size_t blen = 0;
	while (*s) {
		size_t n = strcspn(s, "\n");
		size_t k = n;
		while (k && isspace((unsigned char)s[k - 1]))
			k--;
		if (k) {
			best = s;
			blen = k;
		}
		s += n + (s[n] == '\n');
	}
	if (best)
		snprintf(err, errlen, "%.*s", (int)(blen > 400 ? 400 : blen), best);
	else
		snprintf(err, errlen, "%s exited with status %d", gpg, r->status);
}

static struct snode *parse(const struct snode *given, const struct snode *defaults, char *err, size_t errlen)
{
	(void)defaults;
	if (given->t != ST_STR) {
		snprintf(err, errlen, "a pgp key must be a fingerprint string");
		return NULL;
	}
	/* sops drops the spaces gpg prints inside a fingerprint */
	char *fp = xmalloc(given->len + 1);
	size_t n = 0;
	for (size_t i = 0; i < given->len; i++)
		if (given->s[i] != ' ')
			fp[n++] = given->s[i];
	fp[n] = '\0';
	bool hex = n >= 16 && n <= 64;
	for (size_t i = 0; i < n && hex; i++)
		hex = isxdigit((unsigned char)fp[i]);
	if (!hex) {
		snprintf(err, errlen,
			 "bad pgp fingerprint '%.80s': give the key's hex fingerprint "
			 "(gpg --list-keys --with-colons shows it on its fpr: line)",
			 given->s);
		free(fp);
		return NULL;
	}
	struct snode *m = snode_new(ST_MAP);
	keyent_put(m, "fp", fp);
	free(fp);
	return m;
}

static char *label(const struct snode *spec)
{
	const char *fp = keyent_str(spec, "fp");
	return xstrdup(fp ? fp : "");
}

static int wrap(const struct snode *spec, const uint8_t *key, const char *now, struct snode **entry, char *err,
		size_t errlen)
{
	const char *fp = keyent_str(spec, "fp");
	const char *created = keyent_str(spec, "created_at");
	if (!fp) {
		snprintf(err, errlen, "the entry has no 'fp'");
		return EXIT_INPUT;
	}
	/* As sops: the key trusted for this call only, no default or extra
	 * recipients from gpg.conf. */
	size_t n = strlen(fp);
	const char *shortid = n > 16 ? fp + n - 16 : fp;
	const char *gpg = gpg_binary();
	char *argv[] = {(char *)gpg, "--batch",  "--no-default-recipient", "--yes",         "--encrypt",       "-a",
			"-r",        (char *)fp, "--trusted-key",          (char *)shortid, "--no-encrypt-to", NULL};
	struct subproc_result r;
	if (subproc_run(argv, key, 32, 64 << 10, &r) != 0)
		die(EXIT_ENV, "cannot start %s: %s", gpg, strerror(errno));
	if (r.exec_errno || r.status != 0 || r.outlen == 0) {
		gpg_reason(&r, gpg, err, errlen);
		subproc_result_free(&r);
		return EXIT_ENV;
	}
	char *s = r.out, *e = r.out + r.outlen;
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	struct snode *m = snode_new(ST_MAP);
	keyent_put(m, "created_at", created ? created : now);
	snode_push(m, "enc", 3, snode_text(ST_STR, s, (size_t)(e - s)));
	keyent_put(m, "fp", fp);
	subproc_result_free(&r);
	*entry = m;
	return 0;
}

static int unwrap(const struct snode *entry, struct keyctx *ctx, uint8_t **key, char *err, size_t errlen)
{
	(void)ctx;
	const char *enc = keyent_str(entry, "enc");
	if (!enc) {
		snprintf(err, errlen, "the entry has no 'enc' string");
		return EXIT_INPUT;
	}
	/* gpg's stdio are our pipes: tell a curses/tty pinentry where the
	 * user is, as a shell profile usually does with GPG_TTY. */
	const char *tty = isatty(2) ? ttyname(2) : NULL;
	if (tty && !getenv("GPG_TTY"))
		setenv("GPG_TTY", tty, 0);
	const char *gpg = gpg_binary();
	char *argv[] = {(char *)gpg, "--quiet", "--decrypt", NULL};
	struct subproc_result r;
	if (subproc_run(argv, enc, strlen(enc), 64, &r) != 0)
		die(EXIT_ENV, "cannot start %s: %s", gpg, strerror(errno));
	int rc = 0;
	if (r.exec_errno || r.status != 0) {
		gpg_reason(&r, gpg, err, errlen);
		rc = EXIT_ENV;
	} else if (r.outlen != 32) {
		snprintf(err, errlen, "gpg gave %zu bytes, not a 32-byte data key", r.outlen);
		rc = EXIT_INPUT;
	} else {
		*key = secure_alloc(32);
		memcpy(*key, r.out, 32);
	}
	subproc_result_free(&r);
	return rc;
}

const struct keysrc keysrc_pgp = {
	.kind = KEY_PGP,
	.list = "pgp",
	.flag = "pgp",
	.env = "SOPS_PGP_FP",
	.rule_key = "pgp",
	.group_key = "pgp",
	.parse = parse,
	.label = label,
	.wrap = wrap,
	.unwrap = unwrap,
};
