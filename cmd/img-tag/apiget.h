/* apiget: one HTTPS GET for --github-api, on libcurl loaded at run time. */
#ifndef IMG_TAG_APIGET_H
#define IMG_TAG_APIGET_H

#include <stddef.h>

struct api_resp {
	long status; /* 0 when no HTTP answer came */
	char *body; /* NUL-terminated, malloc'd */
	size_t len;
};

/* Load libcurl (IMG_TAG_LIBCURL, else libcurl.so.4, else
 * libcurl-gnutls.so.4), once.  0, or -1 with err saying what to install. */
int api_load(char *err, size_t errlen);

/* GET url with the GitHub API headers and, when token is not NULL, a
 * bearer token (never printed).  0 with resp filled when an HTTP answer
 * came; -1 with err (no token in it) on a transport failure or when
 * libcurl cannot be loaded. */
int api_get_url(const char *url, const char *token, struct api_resp *resp, char *err, size_t errlen);

#endif
