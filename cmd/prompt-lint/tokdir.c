/* tokdir: find the rank files.  Looking beside the executable first makes
 * an uninstalled build (build/X/bin + build/X/share) and a relocated
 * install work without configuration. */
#include "tokdir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fs.h"

#ifndef AGENTCI_DATADIR
#define AGENTCI_DATADIR "/usr/local/share/agentci"
#endif

static int has(const char *dir, const char *file)
{
	char *p = fs_join(dir, file);
	int ok = access(p, R_OK) == 0;
	free(p);
	return ok;
}

static char *beside_exe(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *bin = fs_dirname(exe);
	char *dir = fs_join(bin, "../share/agentci/tokenizers");
	free(bin);
	return dir;
}

char *tokdir_find(const char *flag, const char *file, char *why, size_t whylen)
{
	if (flag) {
		if (has(flag, file))
			return xstrdup(flag);
		snprintf(why, whylen, "--tokenizer-dir %s has no %s", flag, file);
		return NULL;
	}
	const char *env = getenv(TOKDIR_ENV);
	if (env && *env) {
		if (has(env, file))
			return xstrdup(env);
		snprintf(why, whylen, "%s=%s has no %s", TOKDIR_ENV, env, file);
		return NULL;
	}
	char *dir = beside_exe();
	if (dir && has(dir, file))
		return dir;
	free(dir);
	if (has(AGENTCI_DATADIR "/tokenizers", file))
		return xstrdup(AGENTCI_DATADIR "/tokenizers");
	snprintf(why, whylen,
		 "%s not found beside the program nor in %s/tokenizers "
		 "(set --tokenizer-dir or %s)",
		 file, AGENTCI_DATADIR, TOKDIR_ENV);
	return NULL;
}
