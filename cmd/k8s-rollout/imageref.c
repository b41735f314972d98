/* imageref: the shape of an image reference, after the distribution
 * reference grammar: path components of [a-z0-9] joined by '.', '_', '__'
 * or '-'; an optional registry host[:port] first; tag [\w][\w.-]{0,127};
 * digest algo:hex.  Upper case is allowed only in the registry host. */
#include "imageref.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool component_ok(const char *s, size_t n)
{
	if (n == 0 || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(islower(c) || isdigit(c) || c == '.' || c == '_' || c == '-'))
			return false;
		if (c == '.' && (s[i + 1] == '.' || s[i + 1] == '_' || s[i + 1] == '-'))
			return false;
	}
	return true;
}

static bool host_ok(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
			return false;
	}
	return true;
}

bool image_ref_valid(const char *s, char *why, size_t whylen)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len; i++)
		if (isspace((unsigned char)s[i]) || !isprint((unsigned char)s[i])) {
			snprintf(why, whylen, "an image reference has no blanks or control characters");
			return false;
		}
	if (len == 0 || len > 4096) {
		snprintf(why, whylen, "the image is empty");
		return false;
	}
	const char *at = strchr(s, '@');
	size_t name_end = at ? (size_t)(at - s) : len;
	if (at) {
		const char *d = at + 1, *colon = strchr(d, ':');
		bool ok = colon && colon > d && strlen(colon + 1) >= 32;
		for (const char *p = colon ? colon + 1 : d; ok && *p; p++)
			ok = isxdigit((unsigned char)*p);
		if (!ok) {
			snprintf(why, whylen, "the digest after '@' must be ALGORITHM:HEX (sha256:...)");
			return false;
		}
	}
	/* The tag is after the last ':' that follows the last '/'. */
	const char *slash = memrchr(s, '/', name_end);
	const char *colon = memrchr(slash ? slash : s, ':', name_end - (size_t)((slash ? slash : s) - s));
	size_t path_end = colon ? (size_t)(colon - s) : name_end;
	if (colon) {
		size_t tl = name_end - path_end - 1;
		bool ok = tl >= 1 && tl <= 128 && (isalnum((unsigned char)colon[1]) || colon[1] == '_');
		for (size_t i = 1; ok && i <= tl; i++) {
			unsigned char c = (unsigned char)colon[i];
			ok = isalnum(c) || c == '_' || c == '.' || c == '-';
		}
		if (!ok) {
			snprintf(why, whylen, "the tag must be 1-128 of letters, digits, '_', '.', '-'");
			return false;
		}
	}
	/* Components; the first is a registry when it has '.', ':' or is localhost. */
	size_t start = 0, idx = 0;
	while (start <= path_end) {
		const char *e = memchr(s + start, '/', path_end - start);
		size_t end = e ? (size_t)(e - s) : path_end;
		bool registry =
			idx == 0 && e &&
			(memchr(s, '.', end) || memchr(s, ':', end) || (end == 9 && !strncmp(s, "localhost", 9)));
		for (size_t i = 0; idx == 0 && e && !registry && i < end; i++)
			registry = isupper((unsigned char)s[i]);
		if (!(registry ? host_ok(s + start, end - start) : component_ok(s + start, end - start))) {
			snprintf(why, whylen, "'%.*s' is not a valid %s", (int)(end - start), s + start,
				 registry ? "registry host"
					  : "repository name component (lower-case letters, digits, "
					    "'.', '_', '-')");
			return false;
		}
		if (!e)
			break;
		start = end + 1;
		idx++;
	}
	return true;
}
