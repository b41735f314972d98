/* age recipients and identities (Bech32): any text is accepted or refused
 * with a message; a Bech32 string that decodes encodes back to itself (in
 * lower case), an identity that loads yields an age1 recipient that loads
 * as a recipient, and a recipients file of the same text does not crash. */
#include <ctype.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tempfile.h"
#include "age.h"
#include "bech32.h"
#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		if (sodium_init() < 0)
			abort();
		ready = 1;
	}
	char hrp[128];
	uint8_t payload[512];
	long n = bech32_decode((const char *)data, size, hrp, sizeof hrp, payload, sizeof payload);
	if (n >= 0) {
		char back[1200];
		long m = bech32_encode(hrp, payload, (size_t)n, false, back, sizeof back);
		if (m < 0 || (size_t)m != size)
			abort();
		for (size_t i = 0; i < size; i++)
			if (tolower(data[i]) != back[i])
				abort();
	}
	char err[AGE_ERRLEN] = "";
	char *text = xstrndup((const char *)data, size);
	struct age_recipients *rs = age_recipients_new();
	if (age_recipient_add(rs, text, err, sizeof err) != 0 && !err[0])
		abort();
	err[0] = '\0';
	if (age_recipients_add_file(rs, fuzz_write("recipients.txt", data, size), err, sizeof err) != 0 && !err[0])
		abort();
	struct age_identities *ids = age_identities_new();
	err[0] = '\0';
	if (age_identities_add_buffer(ids, (const char *)data, size, "keys.txt", err, sizeof err) == 0) {
		for (size_t i = 0; i < age_identities_count(ids); i++) {
			const char *r = age_identities_recipient(ids, i);
			if (r && age_recipient_add(rs, r, err, sizeof err) != 0)
				abort();
		}
	} else if (!err[0]) {
		abort();
	}
	age_identities_free(ids);
	age_recipients_free(rs);
	free(text);
	return 0;
}
