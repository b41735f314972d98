/* cleanup: the temporary files a process has open, removed when TERM, INT
 * or HUP ends it (and at exit), so that no partial output — possibly
 * plaintext — is left behind.  One list for every tool: the atomic writes
 * of fs.c register their temporary files here. */
#ifndef AGENTCI_CLEANUP_H
#define AGENTCI_CLEANUP_H

/* Remove path on TERM, INT, HUP or exit until cleanup_forget(path).  The
 * first call installs the handlers (a signal the process ignores stays
 * ignored).  0, or -1 with errno (ENAMETOOLONG, or EMFILE when too many
 * files are pending at once). */
int cleanup_add(const char *path);
void cleanup_forget(const char *path);

/* Run fn on TERM, INT, HUP and at exit, e.g. to wipe a private folder.  fn
 * must be async-signal-safe and may run more than once. */
void cleanup_hook(void (*fn)(void));

/* What the handlers do, for tests: remove every pending file, run the
 * hooks.  Async-signal-safe. */
void cleanup_run(void);

#endif
