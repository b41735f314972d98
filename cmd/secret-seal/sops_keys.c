/* sops_keys: identities, unwrapping and wrapping of the data key. */
#include "sops_keys.h"

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
#include "secmem.h"

uint8_t *sops_new_data_key(void)
{
	uint8_t *k = secure_alloc(32);
	randombytes_buf(k, 32);
	return k;
}

char **sops_split_command(const char *s)
{
	size_t cap = 8, n = 0;
	char **v = xcalloc(cap, sizeof *v);
	char *w = xmalloc(strlen(s) + 1);
	const char *p = s;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		size_t k = 0;
		char q = 0;
		for (; *p && (q || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
			if (q == '\'') {
				if (*p == '\'')
					q = 0;
				else
					w[k++] = *p;
			} else if (*p == '\\' && p[1] && q != '\'') {
				w[k++] = *++p;
			} else if (q == '"' && *p == '"') {
				q = 0;
			} else if (!q && (*p == '\'' || *p == '"')) {
				q = *p;
			} else {
				w[k++] = *p;
			}
		}
		if (q) {
			free(w);
			strv_free(v);
			return NULL;
		}
		if (n + 2 > cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		v[n++] = xstrndup(w, k);
		v[n] = NULL;
	}
	free(w);
	return v;
}

/* Run SOPS_AGE_KEY_CMD with SOPS_AGE_RECIPIENT set; its stdout is a keys
 * file.  0, or -1 with err. */
static int run_key_cmd(const char *cmd, const char *recipient, struct age_identities *ids,
		       char *err, size_t errlen)
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
		fprintf(stderr, "%s: SOPS_AGE_KEY_CMD: %s: %s\n", cli_prog(), argv[0], strerror(errno));
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

/* Every identity sops would find, plus --identity. */
static int gather(const struct sops_meta *m, const struct keyopts *ko, struct age_identities *ids,
		  char *err, size_t errlen)
{
	for (size_t i = 0; i < ko->nidentity; i++)
		if (age_identities_add_file(ids, ko->identity_files[i], err, errlen) != 0)
			return EXIT_INPUT;
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
		int rc = age_identities_add_buffer(ids, copy, n, "SOPS_AGE_KEY", err, errlen);
		sodium_free(copy);
		if (rc != 0)
			return EXIT_INPUT;
	}
	const char *f = getenv("SOPS_AGE_KEY_FILE");
	if (f && *f && age_identities_add_file(ids, f, err, errlen) != 0)
		return access(f, R_OK) != 0 ? EXIT_ENV : EXIT_INPUT;
	const char *cmd = getenv("SOPS_AGE_KEY_CMD");
	if (cmd && *cmd)
		for (size_t i = 0; i < m->nage; i++)
			if (run_key_cmd(cmd, m->age[i].recipient, ids, err, errlen) != 0)
				return EXIT_ENV;
	char *def = fs_xdg("XDG_CONFIG_HOME", ".config", "sops/age/keys.txt");
	int rc = 0;
	if (def && access(def, F_OK) == 0 && age_identities_add_file(ids, def, err, errlen) != 0)
		rc = EXIT_INPUT;
	free(def);
	return rc;
}

int sops_unwrap(const struct sops_meta *m, const struct keyopts *ko, uint8_t **key, char *err,
		size_t errlen)
{
	if (m->nage == 0) {
		snprintf(err, errlen, "the data key is wrapped only for %s keys, which secret-seal cannot use; "
			 "add an age recipient with sops first",
			 sops_meta_has_other_keys(m) ? "pgp/kms" : "no");
		return EXIT_ENV;
	}
	const struct snode *thr = snode_get(m->keep, "shamir_threshold");
	if (m->key_groups && thr && thr->s && atoi(thr->s) > 1) {
		snprintf(err, errlen, "the data key is split over key groups (Shamir threshold %s), which secret-seal does not support",
			 thr->s);
		return EXIT_ENV;
	}
	struct age_identities *ids = age_identities_new();
	int rc = gather(m, ko, ids, err, errlen);
	if (rc) {
		age_identities_free(ids);
		return rc;
	}
	if (age_identities_count(ids) == 0) {
		age_identities_free(ids);
		snprintf(err, errlen, "no age identity found; set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or pass --identity");
		return EXIT_ENV;
	}
	char last[2 * AGE_ERRLEN] = "";
	int last_rc = 0;
	for (size_t i = 0; i < m->nage; i++) {
		uint8_t *out;
		size_t len;
		char e[AGE_ERRLEN];
		const char *enc = m->age[i].enc;
		enum age_status st = age_decrypt_buffer(ids, (const uint8_t *)enc, strlen(enc), &out, &len, e, sizeof e);
		if (st == AGE_OK && len == 32) {
			*key = out;
			age_identities_free(ids);
			return 0;
		}
		if (st == AGE_OK) {
			sodium_free(out);
			snprintf(last, sizeof last, "the age entry for %s holds %zu bytes, not a 32-byte data key",
				 m->age[i].recipient, len);
			last_rc = EXIT_INPUT;
		} else if (st != AGE_ERR_NO_MATCH) {
			snprintf(last, sizeof last, "the age entry for %s: %s", m->age[i].recipient, e);
			last_rc = age_exit_code(st);
		}
	}
	age_identities_free(ids);
	if (last_rc) {
		snprintf(err, errlen, "%s", last);
		return last_rc;
	}
	snprintf(err, errlen, "no age identity matches its recipients; set SOPS_AGE_KEY_FILE or pass --identity");
	return EXIT_ENV;
}

int sops_check_recipients(char *const *r, size_t n, char *err, size_t errlen)
{
	struct age_recipients *rs = age_recipients_new();
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		char e[AGE_ERRLEN];
		if (age_recipient_add(rs, r[i], e, sizeof e) != 0) {
			snprintf(err, errlen, "bad age recipient '%s': %s", r[i], e);
			rc = -1;
		}
	}
	age_recipients_free(rs);
	return rc;
}

int sops_wrap(struct sops_meta *m, const uint8_t *key, char *const *r, size_t n, char *err,
	      size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		struct age_recipients *rs = age_recipients_new();
		char e[AGE_ERRLEN], *out = NULL;
		size_t len;
		int rc = age_recipient_add(rs, r[i], e, sizeof e);
		if (rc == 0 && age_encrypt_buffer(rs, key, 32, true, &out, &len, e, sizeof e) != AGE_OK)
			rc = -1;
		age_recipients_free(rs);
		if (rc) {
			snprintf(err, errlen, "age recipient '%s': %s", r[i], e);
			return -1;
		}
		char *trimmed = out;
		while (*trimmed == ' ' || *trimmed == '\n')
			trimmed++;
		sops_meta_add_age(m, r[i], trimmed);
		free(out);
	}
	return 0;
}
