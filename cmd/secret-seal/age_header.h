/* age_header: the text header of an age file, parsed strictly, written canonically.
 * Version line, stanzas, MAC footer. */
#ifndef SECRET_SEAL_AGE_HEADER_H
#define SECRET_SEAL_AGE_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "age.h"
#include "age_reader.h"

#define AGE_VERSION_LINE "age-encryption.org/v1"

struct stanza {
	char **args; /* args[0] is the type */
	size_t nargs;
	uint8_t *body;
	size_t bodylen;
};

struct header {
	struct stanza *v;
	size_t n;
	char *raw; /* the header as read, through the footer's "---" */
	size_t rawlen;
	uint8_t mac[32];
};

/* Read a header from r, leaving r at the payload.  AGE_OK, or
 * AGE_ERR_HEADER (or the reader's own failure) with err filled. */
enum age_status header_read(struct reader *r, struct header *h, char *err, size_t errlen);
void header_free(struct header *h);

/* Append one stanza (args are copied) to h, for writing. */
void header_add(struct header *h, const char *const *args, size_t nargs, const uint8_t *body, size_t bodylen);
/* The complete header text for h's stanzas with its MAC under file_key;
 * malloc'd, *len set. */
char *header_format(const struct header *h, const uint8_t file_key[16], size_t *len);
/* The MAC of raw header bytes under file_key. */
void header_mac(const uint8_t file_key[16], const char *raw, size_t rawlen, uint8_t mac[32]);

/* Canonical unpadded base64 decode of s (n chars); malloc'd, NULL when
 * invalid. */
uint8_t *b64_raw_decode(const char *s, size_t n, size_t *outlen);

#endif
