/* age_cmd: the age-encrypt and age-decrypt commands (age -e and age -d).
 * Options, input and output files; the format itself is in age.c. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "age.h"
#include "age_passphrase.h"
#include "cli.h"
#include "commands.h"
#include "fs.h"
#include "secmem.h"

enum { PASS_CAP = 1024 };

/* The input: a named file or stdin. */
static FILE *open_input(const char *path)
{
	if (!path || !strcmp(path, "-"))
		return stdin;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		die(EXIT_INPUT, "%s: %s", path, strerror(errno));
	return fp;
}

/* The output: stdout, or a temporary file renamed over OUT only when
 * everything worked — a named output is never left half-written (a
 * device, FIFO or symlink is written in place: see atomic_open). */
struct output {
	struct atomic_file af;
	FILE *fp;
	const char *path;
};

static void open_output(struct output *o, const char *path, mode_t mode)
{
	memset(o, 0, sizeof *o);
	if (!path || !strcmp(path, "-")) {
		o->fp = stdout;
		return;
	}
	if (atomic_open(&o->af, path, mode) != 0)
		die(EXIT_ENV, "%s: %s", path, strerror(errno));
	o->fp = o->af.fp;
	o->path = path;
}

static int finish_output(struct output *o, bool ok)
{
	if (!o->path)
		return 0;
	if (!ok) {
		atomic_abort(&o->af);
		return 0;
	}
	if (atomic_commit(&o->af) != 0) {
		msg_error("%s: %s", o->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* -o of both commands, -p and -a of age-encrypt; -r, -R and -i are read
 * when met (their files, their errors in order). */
static const char *out;
static bool pass, armor;

const struct cli_opt age_encrypt_opts[] = {
	OPT_ARG("recipient", 'r', "RECIPIENT", "encrypt to an age1… recipient (repeatable)"),
	OPT_ARG("recipients-file", 'R', "FILE", "encrypt to every recipient in FILE (repeatable)"),
	OPT_SET("passphrase", 'p', &pass, "encrypt with a passphrase (terminal or $SECRET_SEAL_PASSPHRASE)"),
	OPT_SET("armor", 'a', &armor, "write ASCII armor instead of binary"),
	OPT_STRING("output", 'o', &out, "OUT", "write to OUT (atomically) instead of stdout"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

int cmd_age_encrypt(int argc, char **argv)
{
	struct age_recipients *rs = age_recipients_new();
	bool any = false;
	char err[AGE_ERRLEN];
	int c;
	while ((c = cli_next(argc, argv, age_encrypt_opts)) != -1) {
		switch (c) {
		case 'r':
			any = true;
			if (age_recipient_add(rs, optarg, err, sizeof err) != 0)
				cli_usage_error("-r %s", err);
			break;
		case 'R':
			any = true;
			if (age_recipients_add_file(rs, optarg, err, sizeof err) != 0)
				die(EXIT_INPUT, "%s", err);
			break;
		}
	}
	if (argc - optind > 1)
		cli_usage_error("age-encrypt takes one input file");
	if (pass && any)
		cli_usage_error("-p cannot be combined with -r or -R");
	if (!pass && !any)
		cli_usage_error("give at least one -r RECIPIENT or -R FILE, or -p");
	if (!armor && !out && isatty(STDOUT_FILENO))
		cli_usage_error("refusing to write binary ciphertext to a terminal; use -a or -o");
	if (pass) {
		char *buf = secure_alloc(PASS_CAP);
		if (passphrase_read(buf, PASS_CAP, true) != 0)
			exit(EXIT_USAGE);
		age_recipients_set_passphrase(rs, buf, strlen(buf), 0);
		sodium_free(buf);
	}
	FILE *in = open_input(optind < argc ? argv[optind] : NULL);
	struct output o;
	open_output(&o, out, 0644);
	enum age_status st = age_encrypt_stream(rs, in, o.fp, armor, err, sizeof err);
	age_recipients_free(rs);
	if (in != stdin)
		fclose(in);
	/* A failed write is exit 4 (the I/O status also covers reading). */
	int wfail = ferror(o.fp);
	if (finish_output(&o, st == AGE_OK) != 0)
		return EXIT_ENV;
	if (st != AGE_OK) {
		msg_error("%s", err);
		return wfail ? EXIT_ENV : age_exit_code(st);
	}
	return EXIT_OK;
}

const struct cli_opt age_decrypt_opts[] = {
	OPT_ARG("identity", 'i', "FILE", "an identity file (repeatable); passphrase files need none"),
	OPT_STRING("output", 'o', &out, "OUT", "write to OUT (atomically, mode 0600) instead of stdout"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

int cmd_age_decrypt(int argc, char **argv)
{
	struct age_identities *ids = age_identities_new();
	char err[AGE_ERRLEN], tried[AGE_ERRLEN] = "";
	while (cli_next(argc, argv, age_decrypt_opts) == 'i') {
		if (age_identities_add_file(ids, optarg, err, sizeof err) != 0)
			die(EXIT_INPUT, "%s", err);
		snprintf(tried + strlen(tried), sizeof tried - strlen(tried), "%s%s", *tried ? ", " : "", optarg);
	}
	if (argc - optind > 1)
		cli_usage_error("age-decrypt takes one input file");
	age_identities_set_prompt(ids, passphrase_prompt);
	const char *inpath = optind < argc ? argv[optind] : "-";
	FILE *in = open_input(inpath);
	struct output o;
	open_output(&o, out, 0600);
	uint64_t released = 0;
	enum age_status st = age_decrypt_stream(ids, in, o.fp, &released, err, sizeof err);
	bool none = age_identities_count(ids) == 0;
	age_identities_free(ids);
	if (in != stdin)
		fclose(in);
	/* A failed write is exit 4 (the I/O status also covers reading). */
	int wfail = ferror(o.fp);
	if (finish_output(&o, st == AGE_OK) != 0)
		return EXIT_ENV;
	if (st == AGE_OK)
		return EXIT_OK;
	const char *name = strcmp(inpath, "-") ? inpath : "<stdin>";
	if (st == AGE_ERR_NO_MATCH && none)
		msg_error("%s: no match: %s; pass -i IDENTITY_FILE", name, err);
	else if (st == AGE_ERR_NO_MATCH && *tried)
		msg_error("%s: no match: %s (identity files tried: %s)", name, err, tried);
	else
		msg_error("%s: %s: %s", name, age_status_name(st), err);
	if (released && !o.path)
		msg_error("the %" PRIu64 " bytes already written to stdout are incomplete; "
			  "discard them",
			  released);
	else if (o.path)
		msg_error("%s was not written", o.path);
	return wfail ? EXIT_ENV : age_exit_code(st);
}
