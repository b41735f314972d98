/* keygen: the keygen and pubkey commands (age-keygen and age-keygen -y).
 * Identity files have age-keygen's layout. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "age.h"
#include "cli.h"
#include "commands.h"
#include "fs.h"
#include "secmem.h"
#include "timeutil.h"

static const char *out;

const struct cli_opt keygen_opts[] = {
	OPT_STRING("output", 'o', &out, "FILE", "write the identity to FILE (mode 0600, never overwritten)"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

/* Create path with text, 0600, refusing to replace anything: the text goes
 * to a temporary file that is then hard-linked into place (link fails on
 * an existing name, atomically) — never half a key file.  0, exit 3 when
 * the name is taken, 4 when it cannot be written. */
static int write_new(const char *path, const char *text)
{
	struct atomic_file af;
	struct stat st;
	if (lstat(path, &st) == 0) { /* a device or link too: atomic_open would write through it */
		msg_error("%s: already exists; not overwriting an identity file", path);
		return EXIT_INPUT;
	}
	if (atomic_open(&af, path, 0600) != 0) {
		msg_error("%s: %s", path, strerror(errno));
		return EXIT_ENV;
	}
	int rc = 0;
	if (fputs(text, af.fp) == EOF || fflush(af.fp) != 0 || fchmod(fileno(af.fp), 0600) != 0 ||
	    fsync(fileno(af.fp)) != 0)
		rc = -1;
	if (rc == 0 && link(af.tmp, path) != 0)
		rc = -1;
	int saved = errno;
	atomic_abort(&af); /* closes and removes the temporary name */
	if (rc != 0) {
		if (saved == EEXIST)
			msg_error("%s: already exists; not overwriting an identity file", path);
		else
			msg_error("%s: %s", path, strerror(saved));
	}
	return rc == 0 ? 0 : saved == EEXIST ? EXIT_INPUT : EXIT_ENV;
}

int cmd_keygen(int argc, char **argv)
{
	cli_next(argc, argv, keygen_opts); /* every row binds */
	if (optind != argc)
		cli_usage_error("keygen takes no arguments");

	char pub[63], created[32];
	char *secret = age_keygen(pub);
	rfc3339_format(now_unix(), created, sizeof created);
	size_t cap = 256;
	char *text = secure_alloc(cap);
	snprintf(text, cap, "# created: %s\n# public key: %s\n%s\n", created, pub, secret);
	sodium_free(secret);
	int rc = EXIT_OK;
	if (out) {
		rc = write_new(out, text);
	} else if (fputs(text, stdout) == EOF || fflush(stdout) == EOF) {
		rc = EXIT_ENV; /* said at exit by close_stdout */
	}
	sodium_free(text);
	if (rc == EXIT_OK)
		fprintf(stderr, "Public key: %s\n", pub);
	return rc;
}

const struct cli_opt pubkey_opts[] = {
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

int cmd_pubkey(int argc, char **argv)
{
	cli_next(argc, argv, pubkey_opts); /* every row binds */
	if (argc - optind > 1)
		cli_usage_error("pubkey takes one identity file");
	const char *path = optind < argc ? argv[optind] : "-";
	struct age_identities *ids = age_identities_new();
	char err[AGE_ERRLEN];
	int rc = EXIT_OK;
	if (age_identities_add_file(ids, path, err, sizeof err) != 0) {
		msg_error("%s", err);
		rc = EXIT_INPUT;
	} else {
		for (size_t i = 0; i < age_identities_count(ids); i++)
			printf("%s\n", age_identities_recipient(ids, i));
	}
	age_identities_free(ids);
	return rc;
}
