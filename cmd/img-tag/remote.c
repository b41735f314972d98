/* remote: the forms git accepts for a remote, reduced to host and path;
 * credentials in an https URL are dropped so that they never reach a
 * label. */
#include "remote.h"

#include <string.h>

#include "cli.h"

static int finish(const char *host, size_t hlen, const char *path, struct remote *r)
{
	while (*path == '/')
		path++;
	size_t n = strlen(path);
	while (n && path[n - 1] == '/')
		n--;
	if (n >= 4 && strncmp(path + n - 4, ".git", 4) == 0)
		n -= 4;
	if (!hlen || !n)
		return -1;
	r->path = xstrndup(path, n);
	const char *slash = strrchr(r->path, '/');
	r->name = xstrdup(slash ? slash + 1 : r->path);
	r->web_url = xasprintf("https://%.*s/%s", (int)hlen, host, r->path);
	return 0;
}

int remote_parse(const char *url, struct remote *r)
{
	memset(r, 0, sizeof *r);
	const char *scheme = strstr(url, "://");
	if (scheme) {
		const char *auth = scheme + 3;
		const char *slash = strchr(auth, '/');
		if (!slash)
			return -1;
		/* user[:password]@ goes, and so does :port. */
		const char *at = memchr(auth, '@', (size_t)(slash - auth));
		const char *host = at ? at + 1 : auth;
		const char *colon = memchr(host, ':', (size_t)(slash - host));
		size_t hlen = (size_t)((colon ? colon : slash) - host);
		return finish(host, hlen, slash, r);
	}
	/* scp-like: [user@]host:path — a colon before any slash. */
	const char *colon = strchr(url, ':');
	const char *slash = strchr(url, '/');
	if (!colon || (slash && slash < colon))
		return -1;
	const char *at = memchr(url, '@', (size_t)(colon - url));
	const char *host = at ? at + 1 : url;
	return finish(host, (size_t)(colon - host), colon + 1, r);
}
