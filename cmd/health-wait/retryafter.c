/* retryafter: common/http.h finds the header; libcurl's curl_getdate
 * reads the three date formats HTTP has used. */
#include "retryafter.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <time.h>

#include "http.h"

/* A delay this long is as good as "not today"; the cap keeps the
 * arithmetic in range whatever the digits say. */
#define MAX_DELAY_S (7 * 24 * 3600LL)

int64_t retry_after_ms(const char *headers, int64_t now_unix)
{
	struct http_resp r = {.headers = (char *)headers};
	char *v = http_header(&r, "Retry-After");
	if (!v)
		return -1;
	int64_t s = -1;
	if (isdigit((unsigned char)v[0])) {
		s = 0;
		const char *c = v;
		for (; isdigit((unsigned char)*c); c++)
			if (s < MAX_DELAY_S)
				s = s * 10 + (*c - '0');
		if (*c) /* "1.5", "10s": not delay-seconds */
			s = -1;
	} else {
		time_t when = curl_getdate(v, NULL);
		if (when != (time_t)-1)
			s = (int64_t)when > now_unix ? (int64_t)when - now_unix : 0;
	}
	free(v);
	if (s > MAX_DELAY_S)
		s = MAX_DELAY_S;
	return s < 0 ? -1 : s * 1000;
}
