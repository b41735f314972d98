/* gitrun: run git with a fixed argument vector (no shell) and read what
 * it prints — the way img-tag reads a plain checkout. */
#ifndef IMG_TAG_GITRUN_H
#define IMG_TAG_GITRUN_H

/* git ARGS... in the current folder, stderr discarded.  Returns its
 * stdout without the trailing newline (malloc'd) when git exits 0, else
 * NULL; *spawn_failed (may be NULL) is set when git could not be run. */
char *git_output(const char *const *args, int *spawn_failed);

#endif
