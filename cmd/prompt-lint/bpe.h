/* bpe: the rank table of a .tiktoken file and the byte-pair merge that
 * turns one pre-tokenised piece into token ids, as OpenAI's tiktoken does. */
#ifndef PL_BPE_H
#define PL_BPE_H

#include <stddef.h>
#include <stdint.h>

#define RANK_NONE UINT32_MAX

struct ranks {
	uint8_t *bytes; /* every token's bytes, back to back */
	uint32_t *off; /* entry i spans bytes[off[i] .. off[i+1]) */
	uint32_t *rank; /* entry i's rank (the token id) */
	uint32_t n;
	uint32_t *slots; /* open addressing over entries: index+1, 0 empty */
	uint32_t mask;
};

/* Parse "base64 SP rank LF" lines.  0, or -1 with "line N: why" in err. */
int ranks_parse(struct ranks *r, const char *buf, size_t len, char *err, size_t errlen);
void ranks_free(struct ranks *r);
uint32_t ranks_get(const struct ranks *r, const uint8_t *p, size_t len);

/* Merge one piece; writes the ids to ids (room for len) when not NULL.
 * Returns the number of tokens. */
size_t bpe_merge(const struct ranks *r, const uint8_t *p, size_t len, uint32_t *ids);

#endif
