/* keysrc_age: age keys in a SOPS file.
 * An entry {enc, recipient} whose enc is an armored age file of the raw data
 * key; identities gathered once per file from every place sops looks
 * (--identity, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the user's
 * sops/age/keys.txt). */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "age.h"
#include "cli.h"
#include "fs.h"
#include "keysrc.h"
#include "secmem.h"
#include "sops_keys.h"
#include "sops_meta.h"

/* Run SOPS_AGE_KEY_CMD with SOPS_AGE_RECIPIENT set; its stdout is a keys
 * file.  0, or -1 with err. */
static int run_key_cmd(const char *cmd, const char *recipient, struct age_identities *ids, char *err, size_t errlen)
{
	char **argv = sops_split_command(cmd);
	if (!argv || !argv[0]) {
		strv_free(argv);
		snprintf(err, errlen, "SOPS_AGE_KEY_CMD is empty or has an unclosed quote");
		return -1;
	}
	int fd[2];
	if (pipe(fd) != 0)
		die(EXIT_ENV, "pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		die(EXIT_ENV, "fork: %s", strerror(errno));
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 1);
		close(fd[1]);
		setenv("SOPS_AGE_RECIPIENT", recipient, 1);
		execvp(argv[0], argv);
		msg_error("SOPS_AGE_KEY_CMD: %s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	size_t cap = 4096, len = 0;
	char *buf = secure_alloc(cap);
	ssize_t r;
	/* A keys file is small: stop reading at 1 MiB (the child then gets
	 * SIGPIPE instead of blocking us). */
	while (len < (1u << 20)) {
		if (len == cap) {
			char *nb = secure_alloc(cap * 2);
			memcpy(nb, buf, len);
			sodium_free(buf);
			buf = nb;
			cap *= 2;
		}
		r = read(fd[0], buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	int rc = 0;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		snprintf(err, errlen, "SOPS_AGE_KEY_CMD (%s) failed with %s %d", argv[0],
			 WIFEXITED(st) ? "exit status" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		rc = -1;
	} else if (age_identities_add_buffer(ids, buf, len, "SOPS_AGE_KEY_CMD output", err, errlen) != 0) {
		rc = -1;
	}
	sodium_free(buf);
	strv_free(argv);
	return rc;
}

/* Where identities came from and the recipients they answer to, for the
 * message when none of them matches: "what (age1…, age1…)". */
static void note(char *from, size_t fromlen, const struct age_identities *ids, size_t before, const char *what)
{
	size_t l = strlen(from), n = age_identities_count(ids);
	snprintf(from + l, fromlen - l, "%s%s", l ? ", " : "", what);
	for (size_t i = before; i < n; i++) {
		const char *r = age_identities_recipient(ids, i);
		l = strlen(from);
		snprintf(from + l, fromlen - l, "%s%s%s", i == before ? " (" : ", ", r ? r : "passphrase",
			 i + 1 == n ? ")" : "");
	}
}

/* Every identity sops would find, plus --identity; from lists them. */
static int gather(const struct sops_meta *m, const struct keyopts *ko, struct age_identities *ids, char *from,
		  size_t fromlen, char *err, size_t errlen)
{
	size_t before;
	for (size_t i = 0; i < ko->nidentity; i++) {
		before = age_identities_count(ids);
		if (age_identities_add_file(ids, ko->identity_files[i], err, errlen) != 0)
			return EXIT_INPUT;
		note(from, fromlen, ids, before, ko->identity_files[i]);
	}
	const char *k = getenv("SOPS_AGE_KEY");
	if (k && *k) {
		/* Several keys may share a line there: one per line for the parser
		 * (a '#' comment line keeps its spaces). */
		size_t n = strlen(k);
		char *copy = secure_alloc(n + 1);
		memcpy(copy, k, n + 1);
		for (char *p = copy, *line = copy; *p; p++) {
			if (*p == '\n')
				line = p + 1;
			else if ((*p == ' ' || *p == '\t') && *line != '#')
				*p = '\n';
		}
		before = age_identities_count(ids);
		int rc = age_identities_add_buffer(ids, copy, n, "SOPS_AGE_KEY", err, errlen);
		sodium_free(copy);
		if (rc != 0)
			return EXIT_INPUT;
		note(from, fromlen, ids, before, "SOPS_AGE_KEY");
	}
	const char *f = getenv("SOPS_AGE_KEY_FILE");
	if (f && *f) {
		before = age_identities_count(ids);
		if (age_identities_add_file(ids, f, err, errlen) != 0)
			return access(f, R_OK) != 0 ? EXIT_ENV : EXIT_INPUT;
		note(from, fromlen, ids, before, f);
	}
	const char *cmd = getenv("SOPS_AGE_KEY_CMD");
	before = age_identities_count(ids);
	if (cmd && *cmd) {
		for (size_t i = 0; i < m->keys.n; i++)
			if (m->keys.v[i].src->kind == KEY_AGE &&
			    run_key_cmd(cmd, keyent_str(m->keys.v[i].map, "recipient"), ids, err, errlen) != 0)
				return EXIT_ENV;
		note(from, fromlen, ids, before, "SOPS_AGE_KEY_CMD");
	}
	char *def = fs_xdg("XDG_CONFIG_HOME", ".config", "sops/age/keys.txt");
	int rc = 0;
	before = age_identities_count(ids);
	if (def && access(def, F_OK) == 0) {
		if (age_identities_add_file(ids, def, err, errlen) != 0)
			rc = EXIT_INPUT;
		else
			note(from, fromlen, ids, before, def);
	}
	free(def);
	return rc;
}

/* Gathered once per file: the identities, or why there are none. */
struct age_state {
	struct age_identities *ids;
	int rc;
	char err[AGE_ERRLEN];
	char from[1024]; /* where the identities came from */
};

static void free_state(void *p)
{
	struct age_state *s = p;
	age_identities_free(s->ids);
	free(s);
}

static struct age_state *state_of(struct keyctx *ctx)
{
	if (ctx->state[KEY_AGE])
		return ctx->state[KEY_AGE];
	struct age_state *s = xcalloc(1, sizeof *s);
	s->ids = age_identities_new();
	s->rc = gather(ctx->meta, ctx->ko, s->ids, s->from, sizeof s->from, s->err, sizeof s->err);
	if (s->rc == 0 && age_identities_count(s->ids) == 0) {
		snprintf(s->err, sizeof s->err,
			 "no age identity found; set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or pass --identity");
		s->rc = EXIT_ENV;
	}
	ctx->state[KEY_AGE] = s;
	return s;
}

static int unwrap(const struct snode *entry, struct keyctx *ctx, uint8_t **key, char *err, size_t errlen)
{
	struct age_state *s = state_of(ctx);
	if (s->rc) {
		snprintf(err, errlen, "%s", s->err);
		return s->rc;
	}
	const char *enc = keyent_str(entry, "enc");
	if (!enc) {
		snprintf(err, errlen, "the entry has no 'enc' string");
		return EXIT_INPUT;
	}
	uint8_t *out;
	size_t len;
	char e[AGE_ERRLEN];
	enum age_status st = age_decrypt_buffer(s->ids, (const uint8_t *)enc, strlen(enc), &out, &len, e, sizeof e);
	if (st == AGE_ERR_NO_MATCH) {
		/* With SOPS_AGE_KEY_FILE already set, pointing at it again is no
		 * help: the file must be re-wrapped for one of the keys we hold. */
		const char *f = getenv("SOPS_AGE_KEY_FILE");
		snprintf(err, errlen, "no age identity matches it; tried %s; %s", s->from,
			 f && *f ? "add one of these recipients to the file (secret-seal rotate -i --add-age) "
				   "where it can be opened"
				 : "set SOPS_AGE_KEY_FILE or pass --identity");
		return EXIT_ENV;
	}
	if (st != AGE_OK) {
		snprintf(err, errlen, "%s", e);
		return age_exit_code(st);
	}
	if (len != 32) {
		sodium_free(out);
		snprintf(err, errlen, "it holds %zu bytes, not a 32-byte data key", len);
		return EXIT_INPUT;
	}
	*key = out;
	return 0;
}

static struct snode *parse(const struct snode *given, const struct snode *defaults, char *err, size_t errlen)
{
	(void)defaults;
	if (given->t != ST_STR) {
		snprintf(err, errlen, "an age recipient must be a string");
		return NULL;
	}
	struct age_recipients *rs = age_recipients_new();
	char e[AGE_ERRLEN];
	int rc = age_recipient_add(rs, given->s, e, sizeof e);
	age_recipients_free(rs);
	if (rc != 0) {
		snprintf(err, errlen, "bad age recipient '%s': %s", given->s, e);
		return NULL;
	}
	struct snode *m = snode_new(ST_MAP);
	keyent_put(m, "recipient", given->s);
	return m;
}

static char *label(const struct snode *spec)
{
	const char *r = keyent_str(spec, "recipient");
	return xstrdup(r ? r : "");
}

static int wrap(const struct snode *spec, const uint8_t *key, const char *now, struct snode **entry, char *err,
		size_t errlen)
{
	(void)now;
	const char *r = keyent_str(spec, "recipient");
	struct age_recipients *rs = age_recipients_new();
	char e[AGE_ERRLEN], *out = NULL;
	size_t len;
	int rc = r ? age_recipient_add(rs, r, e, sizeof e) : -1;
	if (!r)
		snprintf(e, sizeof e, "no recipient");
	if (rc == 0 && age_encrypt_buffer(rs, key, 32, true, &out, &len, e, sizeof e) != AGE_OK)
		rc = -1;
	age_recipients_free(rs);
	if (rc) {
		snprintf(err, errlen, "age recipient '%s': %s", r ? r : "", e);
		return EXIT_INPUT;
	}
	const char *trimmed = out;
	while (*trimmed == ' ' || *trimmed == '\n')
		trimmed++;
	struct snode *m = snode_new(ST_MAP);
	keyent_put(m, "enc", trimmed);
	keyent_put(m, "recipient", r);
	free(out);
	*entry = m;
	return 0;
}

const struct keysrc keysrc_age = {
	.kind = KEY_AGE,
	.list = "age",
	.flag = "age",
	.env = "SOPS_AGE_RECIPIENTS",
	.rule_key = "age",
	.group_key = "age",
	.parse = parse,
	.label = label,
	.wrap = wrap,
	.unwrap = unwrap,
	.free_state = free_state,
};
