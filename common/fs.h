/* fs: reading whole inputs, writing files atomically, and the paths and
 * permissions of key files. */
#ifndef AGENTCI_FS_H
#define AGENTCI_FS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* Read a whole file, or stdin for "-", refusing more than cap bytes.
 * Returns 0 and a malloc'd NUL-terminated buffer; -1 with a message
 * ("PATH: reason") in err and errno set (EFBIG past the cap). */
int fs_read_all(const char *path, size_t cap, char **buf, size_t *len, char *err, size_t errlen);

/* An output file.  A regular file (or none yet) is written beside its
 * target and renamed over it only on commit, so a reader never sees half
 * of it; the temporary file is removed on TERM, INT, HUP and exit
 * (cleanup.h).  A device, FIFO or symlink is written through in place,
 * never replaced: -o /dev/full then fails on commit (ENOSPC).
 * The mode is the target's when it exists, else mode.  A mode that grants
 * nothing to group and others (0600) marks a private output, a plaintext
 * secret: an existing file's group and other bits are dropped too. */
struct atomic_file {
	FILE *fp;
	char *path;
	char *tmp; /* NULL when written in place */
	mode_t mode;
};
int atomic_open(struct atomic_file *af, const char *path, mode_t mode);
/* fflush + fsync + rename; closes.  0 on success, -1 with errno (temp
 * removed, target untouched). */
int atomic_commit(struct atomic_file *af);
/* Close and remove the temporary file. */
void atomic_abort(struct atomic_file *af);
/* The whole thing in one call. */
int fs_write_atomic(const char *path, const void *buf, size_t len, mode_t mode);

/* mkdir -p of the folders above path (not path itself). */
int fs_mkdirs_for(const char *path, mode_t mode);

/* "~/x" -> "$HOME/x"; other paths copied.  malloc'd. */
char *fs_expand_home(const char *path);
/* $XDG_<KIND>_HOME/sub, else $HOME/<fallback>/sub, e.g.
 * fs_xdg("XDG_CONFIG_HOME", ".config", "sops/age/keys.txt").  malloc'd. */
char *fs_xdg(const char *envvar, const char *fallback, const char *sub);
/* Folder part of a path ("." when none).  malloc'd. */
char *fs_dirname(const char *path);
/* Join a folder and a relative path (absolute rel returned as is). */
char *fs_join(const char *dir, const char *rel);

/* True when path is readable by group or others (a key file should not be). */
bool fs_is_exposed(const char *path);

#endif
