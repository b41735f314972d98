/* The value syntaxes every tool takes on its command line: durations,
 * sizes, whole numbers and lists.  A duration that parses formats (for
 * people, rounded: 1h10m) and parses back within that rounding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	int64_t ms;
	if (parse_duration_ms(s, &ms) == 0) {
		if (ms < 0)
			abort();
		char buf[64];
		int64_t back;
		format_duration(ms, buf, sizeof buf);
		int64_t slack = ms < 1000 ? 0 : ms < 60000 ? 50 : ms < 3600000 ? 1000 : 60000;
		if (parse_duration_ms(buf, &back) != 0 || back > ms + slack || back < ms - slack)
			abort();
	}
	uint64_t bytes;
	(void)parse_size(s, &bytes);
	long long n;
	if (parse_int(s, -1000, 1000, &n) == 0 && (n < -1000 || n > 1000))
		abort();
	size_t count;
	char **v = split_list(s, ",\n", &count);
	for (size_t i = 0; i < count; i++)
		if (!v[i] || !*v[i])
			abort();
	if (v[count])
		abort();
	strv_free(v);
	free(s);
	return 0;
}
