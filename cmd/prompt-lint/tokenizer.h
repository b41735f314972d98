/* tokenizer: exact token counts for OpenAI's BPE encodings (o200k_base,
 * cl100k_base, and the older p50k/r50k ones), or a labelled estimate. */
#ifndef PL_TOKENIZER_H
#define PL_TOKENIZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tokenizer;

/* Names --encoding accepts: the BPE encodings and "estimate". */
bool tok_known(const char *encoding);
/* The rank file name an encoding needs ("o200k_base.tiktoken"), or NULL. */
const char *tok_rank_file(const char *encoding);

/* Load encoding from the rank files in dir (dir unused for "estimate").
 * NULL with the reason in err. */
struct tokenizer *tok_open(const char *encoding, const char *dir, char *err, size_t errlen);
void tok_free(struct tokenizer *t);
/* A tokenizer for another thread: it shares t's rank table and compiled
 * pattern (read only) and has its own match state and piece cache.  Free
 * it with tok_free before t. */
struct tokenizer *tok_clone(const struct tokenizer *t);
const char *tok_name(const struct tokenizer *t);
bool tok_is_estimate(const struct tokenizer *t);

/* Tokens in text.  Special-token strings count as plain text; bytes that
 * are not UTF-8 count as U+FFFD, as a UTF-8 decoder would hand them over.
 * The estimate is ceil(bytes / 3). */
size_t tok_count(struct tokenizer *t, const char *text, size_t len);
/* The ASCII pre-tokeniser (pretok.h) is on by default; off, PCRE2 alone
 * splits the text.  For tests that the two agree, and for measuring. */
void tok_use_fast_path(struct tokenizer *t, bool on);
/* The ids themselves (not for the estimate): malloc'd array, *n tokens. */
uint32_t *tok_encode(struct tokenizer *t, const char *text, size_t len, size_t *n);

#endif
