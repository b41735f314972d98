/* fs: whole-input reads, atomic writes, paths and key-file permissions. */
#include "fs.h"
#include "cleanup.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_read_all(const char *path, size_t cap, char **buf, size_t *len, char *err, size_t errlen)
{
	bool is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	const char *name = is_stdin ? "<stdin>" : path;
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", name);
		if (!is_stdin)
			close(fd);
		return -1;
	}
	size_t size = 0, alloc = 8192;
	char *p = xmalloc(alloc);
	for (;;) {
		if (size + 1 >= alloc)
			p = xrealloc(p, alloc *= 2);
		ssize_t n = read(fd, p + size, alloc - size - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", name, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		size += (size_t)n;
		if (cap && size > cap) {
			snprintf(err, errlen, "%s: larger than %zu bytes", name, cap);
			errno = EFBIG;
			goto fail;
		}
	}
	if (!is_stdin)
		close(fd);
	p[size] = '\0';
	*buf = p;
	*len = size;
	return 0;
fail : {
	int saved = errno;
	if (!is_stdin)
		close(fd);
	free(p);
	errno = saved;
	return -1;
}
}

/* A device, FIFO or symlink is written through, never replaced: renaming
 * over /dev/full would replace the device node (as root), over a symlink
 * the link.  A private output reached through a link still loses its
 * group and other bits before anything is written. */
static int open_in_place(struct atomic_file *af, const char *path, bool private)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, private ? 0600 : 0666);
	struct stat st;
	if (fd < 0)
		return -1;
	if (private && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && fchmod(fd, st.st_mode & 0700) != 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	af->fp = fdopen(fd, "w");
	if (!af->fp) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	af->path = xstrdup(path);
	return 0;
}

int atomic_open(struct atomic_file *af, const char *path, mode_t mode)
{
	struct stat st;
	memset(af, 0, sizeof *af);
	bool private = (mode & 077) == 0;
	bool exists = lstat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode))
		return open_in_place(af, path, private);
	af->mode = !exists ? mode : private ? (st.st_mode & 0700) : (st.st_mode & 07777);
	char *dir = fs_dirname(path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	af->tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	free(dir);
	/* Created 0600 by mkstemp: nothing can read it before it is whole. */
	int fd = mkstemp(af->tmp);
	if (fd < 0 || cleanup_add(af->tmp) != 0) {
		int saved = errno;
		if (fd >= 0) {
			close(fd);
			unlink(af->tmp);
		}
		free(af->tmp);
		af->tmp = NULL;
		errno = saved;
		return -1;
	}
	af->fp = fdopen(fd, "w");
	if (!af->fp) {
		int saved = errno;
		close(fd);
		unlink(af->tmp);
		cleanup_forget(af->tmp);
		free(af->tmp);
		af->tmp = NULL;
		errno = saved;
		return -1;
	}
	af->path = xstrdup(path);
	return 0;
}

/* fsync where the file has a disk behind it: a device or a pipe says
 * EINVAL, a read-only file system EROFS, and neither is a lost write. */
static int sync_fd(int fd)
{
	return fsync(fd) == 0 || errno == EINVAL || errno == EROFS || errno == ENOTSUP ? 0 : -1;
}

int atomic_commit(struct atomic_file *af)
{
	int rc = 0;
	errno = 0;
	if (fflush(af->fp) != 0 || ferror(af->fp) || (af->tmp && fchmod(fileno(af->fp), af->mode) != 0) ||
	    sync_fd(fileno(af->fp)) != 0)
		rc = -1;
	int saved = rc != 0 && errno == 0 ? EIO : errno;
	if (fclose(af->fp) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	af->fp = NULL;
	if (af->tmp) {
		if (rc == 0 && rename(af->tmp, af->path) != 0) {
			rc = -1;
			saved = errno;
		}
		if (rc != 0)
			unlink(af->tmp);
		cleanup_forget(af->tmp);
	}
	free(af->tmp);
	free(af->path);
	af->tmp = af->path = NULL;
	errno = saved;
	return rc;
}

void atomic_abort(struct atomic_file *af)
{
	if (af->fp)
		fclose(af->fp);
	if (af->tmp) {
		unlink(af->tmp);
		cleanup_forget(af->tmp);
	}
	free(af->tmp);
	free(af->path);
	memset(af, 0, sizeof *af);
}

int fs_write_atomic(const char *path, const void *buf, size_t len, mode_t mode)
{
	struct atomic_file af;
	if (atomic_open(&af, path, mode) != 0)
		return -1;
	if (len && fwrite(buf, 1, len, af.fp) != len) {
		int saved = errno;
		atomic_abort(&af);
		errno = saved;
		return -1;
	}
	return atomic_commit(&af);
}

int fs_mkdirs_for(const char *path, mode_t mode)
{
	char *dir = fs_dirname(path);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, mode) != 0 && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	int rc = mkdir(dir, mode) != 0 && errno != EEXIST ? -1 : 0;
	free(dir);
	return rc;
}

char *fs_expand_home(const char *path)
{
	const char *home = getenv("HOME");
	if (home && (strcmp(path, "~") == 0 || strncmp(path, "~/", 2) == 0))
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

char *fs_xdg(const char *envvar, const char *fallback, const char *sub)
{
	const char *base = getenv(envvar);
	if (base && *base == '/')
		return xasprintf("%s/%s", base, sub);
	const char *home = getenv("HOME");
	return xasprintf("%s/%s/%s", home ? home : "", fallback, sub);
}

char *fs_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *fs_join(const char *dir, const char *rel)
{
	if (rel[0] == '/')
		return xstrdup(rel);
	size_t n = strlen(dir);
	return xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", rel);
}

bool fs_is_exposed(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0;
}
