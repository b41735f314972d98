/* remote: a git remote address (scp-like, ssh://, https://, git://) as
 * the repository's web address, owner/name path and name. */
#ifndef IMG_TAG_REMOTE_H
#define IMG_TAG_REMOTE_H

struct remote {
	char *web_url; /* https://host/owner/repo, no user, password or port */
	char *path; /* owner/repo (every path part, without ".git") */
	char *name; /* repo */
};

/* 0 and r filled (malloc'd strings), or -1 when url has no host or path
 * (a local folder, for example). */
int remote_parse(const char *url, struct remote *r);

#endif
