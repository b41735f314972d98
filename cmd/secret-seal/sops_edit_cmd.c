/* sops_edit_cmd: the edit command, $EDITOR on a decrypted copy.
 * The copy is kept in a private 0700 folder on a memory file system when there is one
 * (/dev/shm), re-encrypted on save; the copy is overwritten and removed on
 * every way out, signals included. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "cli.h"
#include "commands.h"
#include "fs.h"
#include "sops_doc.h"
#include "sops_opts.h"

/* The copy, for the cleanup that signal handlers also run. */
static char copy_dir[4096], copy_path[4096];

/* Overwrite one file of the folder with zeros and unlink it. */
static void wipe_entry(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_WRONLY | O_NOFOLLOW | O_NONBLOCK);
	if (fd >= 0) {
		struct stat st;
		static const char zeros[4096];
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			for (off_t left = st.st_size; left > 0; left -= (off_t)sizeof zeros)
				if (write(fd, zeros, left < (off_t)sizeof zeros ? (size_t)left : sizeof zeros) < 0)
					break;
		fsync(fd);
		close(fd);
	}
	unlinkat(dfd, name, 0);
}

/* Wipe every file in the folder, not only the copy: editors leave backups
 * (emacs's name~, #name#), swap files and renamed-over copies beside it,
 * all plaintext.  Raw getdents64 rather than readdir, which allocates:
 * signal handlers run this too. */
static void wipe_copy(void)
{
	copy_path[0] = '\0';
	if (!copy_dir[0])
		return;
	int dfd = open(copy_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		char buf[4096] __attribute__((aligned(8)));
		long n;
		while ((n = syscall(SYS_getdents64, dfd, buf, sizeof buf)) > 0) {
			for (long off = 0; off < n;) {
				struct linux_dirent64 {
					uint64_t ino;
					int64_t off;
					unsigned short reclen;
					unsigned char type;
					char name[];
				} *e = (void *)(buf + off);
				if (strcmp(e->name, ".") && strcmp(e->name, ".."))
					wipe_entry(dfd, e->name);
				off += e->reclen;
			}
		}
		close(dfd);
	}
	rmdir(copy_dir);
	copy_dir[0] = '\0';
}

/* A private folder: /dev/shm when usable, else $TMPDIR or /tmp. */
static int make_dir(void)
{
	const char *bases[] = {"/dev/shm", getenv("TMPDIR"), "/tmp"};
	for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
		if (!bases[i] || !*bases[i])
			continue;
		snprintf(copy_dir, sizeof copy_dir, "%s/secret-seal.XXXXXX", bases[i]);
		if (mkdtemp(copy_dir)) /* mode 0700 */
			return 0;
	}
	copy_dir[0] = '\0';
	return -1;
}

/* Run the editor on the copy; its exit status, or -1. */
static int run_editor(void)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	char **argv = sops_split_command(ed);
	if (!argv || !argv[0]) {
		strv_free(argv);
		msg_error("$EDITOR is empty or has an unclosed quote");
		return -1;
	}
	size_t n = 0;
	while (argv[n])
		n++;
	argv = xrealloc(argv, (n + 2) * sizeof *argv);
	argv[n] = xstrdup(copy_path);
	argv[n + 1] = NULL;
	pid_t pid = fork();
	if (pid < 0)
		die(EXIT_ENV, "fork: %s", strerror(errno));
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execvp(argv[0], argv);
		msg_error("%s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	strv_free(argv);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

const struct cli_opt edit_opts[] = {
	SOPS_OPT_INPUT_TYPE("yaml, json, dotenv or ini (default: from the name)"),
	SOPS_OPT_IDENTITY("an age identity file (repeatable)"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

/* Parse the edited copy, re-encrypt with the same data key, write FILE.
 * *fixable is set when the copy itself is at fault (it does not parse, or
 * uses the reserved sops key): the editor can be opened on it again. */
static int save(struct sops_doc *d, const char *buf, size_t len, bool *fixable)
{
	char err[SOPS_ERRLEN];
	struct sfile edited;
	*fixable = true;
	if (store_load(d->fmt, false, buf, len, "the edited copy", &edited, err, sizeof err) != 0) {
		msg_error("%s; %s was not changed", err, d->name);
		return EXIT_INPUT;
	}
	struct snode *meta = store_take_meta(d->fmt, &edited);
	if (meta) {
		snode_free(meta);
		sfile_free(&edited);
		msg_error("the edited copy has a sops key, which is reserved; %s was not changed", d->name);
		return EXIT_INPUT;
	}
	*fixable = false;
	for (size_t i = 0; i < edited.n && i < d->tree.n; i++)
		snode_adopt_sealed(edited.docs[i], d->tree.docs[i]);
	sfile_free(&d->tree);
	d->tree = edited;
	sops_doc_seal(d, true);
	size_t tlen;
	char *text = sops_doc_render_sealed(d, d->fmt, &tlen, err, sizeof err);
	if (!text) {
		msg_error("%s: %s", d->name, err);
		return EXIT_INPUT;
	}
	int rc = sops_write_out(d->path, text, tlen, 0644);
	free(text);
	return rc;
}

int cmd_edit(int argc, char **argv)
{
	cli_next(argc, argv, edit_opts); /* every row binds */
	int in_type = opt_format(sops_args.input_type, false);
	struct keyopts ko = opt_identities();
	if (argc - optind != 1 || !strcmp(argv[optind], "-"))
		cli_usage_error("edit takes one FILE");
	/* sops would start a new file from a template; we do not (see CAVEATS). */
	if (access(argv[optind], F_OK) != 0 && errno == ENOENT) {
		msg_error("%s: no such file; edit opens an existing encrypted file: write the plain "
			  "file, then run `secret-seal encrypt -i` on it",
			  argv[optind]);
		return EXIT_INPUT;
	}
	struct sops_doc d;
	char err[SOPS_ERRLEN];
	int rc = sops_doc_open(&d, argv[optind], in_type, &ko, false, err, sizeof err);
	char *plain = NULL;
	size_t plen = 0;
	if (rc == 0 && !(plain = sops_doc_render_plain(&d, d.fmt, &plen, err, sizeof err)))
		rc = EXIT_INPUT;
	if (rc != 0) {
		msg_error("%s", err);
		sops_doc_free(&d);
		return rc;
	}
	cleanup_hook(wipe_copy); /* on TERM, INT, HUP and exit */
	const char *base = strrchr(d.path, '/') ? strrchr(d.path, '/') + 1 : d.path;
	if (make_dir() != 0)
		die(EXIT_ENV, "cannot create a private folder for the decrypted copy: %s", strerror(errno));
	size_t dl = strlen(copy_dir), bl = strlen(base);
	if (dl + 1 + bl >= sizeof copy_path)
		die(EXIT_INPUT, "%s: file name too long", d.name);
	memcpy(copy_path, copy_dir, dl);
	copy_path[dl] = '/';
	memcpy(copy_path + dl + 1, base, bl + 1);
	int fd = open(copy_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, plain, plen) != (ssize_t)plen || close(fd) != 0)
		die(EXIT_ENV, "%s: %s", copy_path, strerror(errno));
	char *buf = NULL;
	size_t len = 0;
	bool again;
	do {
		again = false;
		if (buf) {
			sodium_memzero(buf, len);
			free(buf);
			buf = NULL;
		}
		int st = run_editor();
		bool fixable = false;
		if (st != 0) {
			msg_error("the editor exited with status %d; %s was not changed", st, d.name);
			rc = EXIT_FAIL;
		} else if (fs_read_all(copy_path, SOPS_MAX_PLAIN, &buf, &len, err, sizeof err) != 0) {
			msg_error("%s", err);
			rc = EXIT_INPUT;
		} else if (len == plen && !memcmp(buf, plain, len)) {
			fprintf(stderr, "%s: no changes\n", d.name);
		} else {
			rc = save(&d, buf, len, &fixable);
		}
		/* As sops does: a mistake in the copy need not cost the edits. */
		again = fixable && tty_ask("Open the editor again to fix it?", true) == 1;
	} while (again);
	wipe_copy();
	if (buf) {
		sodium_memzero(buf, len);
		free(buf);
	}
	sodium_memzero(plain, plen);
	free(plain);
	sops_doc_free(&d);
	return rc;
}
