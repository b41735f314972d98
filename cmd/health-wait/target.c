/* target: URLs are checked with libcurl's own parser, so what passes here
 * is what the transfers will understand. */
#include "target.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

/* Schemes are case-insensitive (RFC 3986): HTTPS://host/ is a URL too. */
bool target_is_tcp(const char *s)
{
	return strncasecmp(s, "tcp://", 6) == 0;
}

static int check_tcp(const char *s, char *err, size_t errlen)
{
	const char *hp = s + 6, *colon;
	if (*hp == '[') {
		const char *close = strchr(hp, ']');
		colon = close && close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = strrchr(hp, ':');
		if (colon && memchr(hp, ':', (size_t)(colon - hp)))
			colon = NULL; /* a bare IPv6 address needs brackets */
	}
	long long port;
	if (!colon || colon == hp || strpbrk(hp, "/?#@ ") || parse_int(colon + 1, 1, 65535, &port) != 0) {
		snprintf(err, errlen, "%s: write a TCP target as tcp://HOST:PORT (port 1-65535)", s);
		return -1;
	}
	return 0;
}

int target_check(const char *s, char *err, size_t errlen)
{
	if (target_is_tcp(s))
		return check_tcp(s, err, errlen);
	if (strncasecmp(s, "http://", 7) != 0 && strncasecmp(s, "https://", 8) != 0) {
		char *shown = target_display(s);
		snprintf(err, errlen, "%s: not a target; write an http:// or https:// URL, or tcp://HOST:PORT", shown);
		free(shown);
		return -1;
	}
	CURLU *u = curl_url();
	if (!u)
		die(EXIT_ENV, "out of memory");
	CURLUcode rc = curl_url_set(u, CURLUPART_URL, s, 0);
	char *host = NULL;
	if (rc == CURLUE_OK)
		rc = curl_url_get(u, CURLUPART_HOST, &host, 0);
	curl_free(host);
	curl_url_cleanup(u);
	if (rc != CURLUE_OK) {
		char *shown = target_display(s); /* an error is no place for a password */
		snprintf(err, errlen, "%s: not a valid URL (%s)", shown, curl_url_strerror(rc));
		free(shown);
		return -1;
	}
	return 0;
}

char *target_display(const char *s)
{
	const char *auth = strstr(s, "://");
	if (!auth)
		return xstrdup(s);
	auth += 3;
	size_t len = strcspn(auth, "/?#");
	const char *at = memrchr(auth, '@', len);
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (!colon)
		return xstrdup(s);
	return xasprintf("%.*s:***%s", (int)(colon - s), s, at);
}
