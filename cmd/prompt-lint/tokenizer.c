/* tokenizer: pre-tokenisation with each encoding's regular expression
 * (PCRE2 with JIT), then bpe_merge on every piece.  Rust's regex, which
 * tiktoken uses, reads \s as Unicode White_Space; PCRE2's \s differs at the
 * edges (U+0085), so the patterns spell the class out.  U+FEFF is not in
 * it: a BOM is a token of its own, as in tiktoken. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "tokenizer.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "bpe.h"
#include "pretok.h"
#include "utf8.h"
#include "cli.h"
#include "fs.h"
#include "strmap.h"

#define WS "\\t\\n\\x0B\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}"
#define CONTR "(?i:'s|'t|'re|'ve|'m|'ll|'d)"
#define UPPER "[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]"
#define LOWER "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]"

static const char pat_o200k[] = "[^\\r\\n\\p{L}\\p{N}]?" UPPER "*" LOWER "+" CONTR "?"
				"|[^\\r\\n\\p{L}\\p{N}]?" UPPER "+" LOWER "*" CONTR "?"
				"|\\p{N}{1,3}"
				"| ?[^" WS "\\p{L}\\p{N}]+[\\r\\n/]*"
				"|[" WS "]*[\\r\\n]+"
				"|[" WS "]+(?![^" WS "])"
				"|[" WS "]+";

static const char pat_cl100k[] = CONTR "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
				       "|\\p{N}{1,3}"
				       "| ?[^" WS "\\p{L}\\p{N}]+[\\r\\n]*"
				       "|[" WS "]*[\\r\\n]+"
				       "|[" WS "]+(?![^" WS "])"
				       "|[" WS "]+";

/* GPT-2's pattern, shared by r50k_base and p50k_*: contractions are
 * case-sensitive here. */
static const char pat_gpt2[] = "'s|'t|'re|'ve|'m|'ll|'d"
			       "| ?\\p{L}+| ?\\p{N}+"
			       "| ?[^" WS "\\p{L}\\p{N}]+"
			       "|[" WS "]+(?![^" WS "])"
			       "|[" WS "]+";

static const struct encoding {
	const char *name, *file, *pattern;
	enum pretok_kind fast; /* the hand-written ASCII pre-tokeniser */
} encodings[] = {
	{"o200k_base", "o200k_base.tiktoken", pat_o200k, PRETOK_O200K},
	{"cl100k_base", "cl100k_base.tiktoken", pat_cl100k, PRETOK_CL100K},
	{"p50k_base", "p50k_base.tiktoken", pat_gpt2, PRETOK_NONE},
	{"p50k_edit", "p50k_base.tiktoken", pat_gpt2, PRETOK_NONE},
	{"r50k_base", "r50k_base.tiktoken", pat_gpt2, PRETOK_NONE},
	{"estimate", NULL, NULL, PRETOK_NONE},
};

/* Prose repeats its words: a small direct-mapped cache from a piece's
 * bytes to its token count (which depends on nothing else) skips the
 * merge and its hash look-ups in the big rank table for most pieces, and
 * stays in the CPU's cache where the rank table cannot. */
#define PCACHE_BYTES 27
#define PCACHE_SLOTS 4096
struct pcache {
	uint8_t len;
	uint8_t bytes[PCACHE_BYTES];
	uint32_t count;
};

struct tokenizer {
	struct pcache *cache;
	const struct encoding *enc;
	enum pretok_kind fast;
	struct ranks ranks;
	pcre2_code *re;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *stack;
	bool jit;
	bool clone; /* ranks and re belong to the tokenizer cloned */
};

static const struct encoding *find(const char *name)
{
	for (size_t i = 0; i < sizeof encodings / sizeof *encodings; i++)
		if (strcmp(encodings[i].name, name) == 0)
			return &encodings[i];
	return NULL;
}

bool tok_known(const char *encoding)
{
	return find(encoding) != NULL;
}

const char *tok_rank_file(const char *encoding)
{
	const struct encoding *e = find(encoding);
	return e ? e->file : NULL;
}

const char *tok_name(const struct tokenizer *t)
{
	return t->enc->name;
}
bool tok_is_estimate(const struct tokenizer *t)
{
	return t->enc->file == NULL;
}

/* What a match changes: one set per thread. */
static void match_state(struct tokenizer *t)
{
	t->md = pcre2_match_data_create(1, NULL);
	if (t->jit) {
		t->mctx = pcre2_match_context_create(NULL);
		t->stack = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
		pcre2_jit_stack_assign(t->mctx, NULL, t->stack);
	}
}

struct tokenizer *tok_open(const char *encoding, const char *dir, char *err, size_t errlen)
{
	const struct encoding *e = find(encoding);
	if (!e) {
		snprintf(err, errlen, "unknown encoding '%s'", encoding);
		return NULL;
	}
	struct tokenizer *t = xcalloc(1, sizeof *t);
	t->enc = e;
	t->fast = e->fast;
	if (!e->file)
		return t;
	if (!dir) {
		snprintf(err, errlen, "no tokenizer folder holds %s", e->file);
		free(t);
		return NULL;
	}
	char *path = fs_join(dir, e->file), *buf = NULL, ferr[512];
	size_t len;
	if (fs_read_all(path, 64u << 20, &buf, &len, ferr, sizeof ferr) != 0) {
		snprintf(err, errlen, "%s", ferr);
		free(path);
		free(t);
		return NULL;
	}
	char perr[200];
	int rc = ranks_parse(&t->ranks, buf, len, perr, sizeof perr);
	free(buf);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", path, perr);
		free(path);
		free(t);
		return NULL;
	}
	free(path);

	int ecode;
	PCRE2_SIZE eoff;
	t->re = pcre2_compile((PCRE2_SPTR)e->pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &ecode, &eoff,
			      NULL);
	if (!t->re) {
		PCRE2_UCHAR msg[200];
		pcre2_get_error_message(ecode, msg, sizeof msg);
		snprintf(err, errlen, "%s pattern at %zu: %s", e->name, (size_t)eoff, (char *)msg);
		tok_free(t);
		return NULL;
	}
	/* Without JIT (some hardened kernels forbid it) the interpreter gives
	 * the same matches, only slower. */
	t->jit = pcre2_jit_compile(t->re, PCRE2_JIT_COMPLETE) == 0;
	match_state(t);
	return t;
}

struct tokenizer *tok_clone(const struct tokenizer *t)
{
	struct tokenizer *c = xcalloc(1, sizeof *c);
	c->enc = t->enc;
	c->fast = t->fast;
	if (!t->re)
		return c; /* the estimate has no state */
	c->ranks = t->ranks;
	c->re = t->re;
	c->jit = t->jit;
	c->clone = true;
	match_state(c);
	return c;
}

void tok_free(struct tokenizer *t)
{
	if (!t)
		return;
	if (!t->clone) {
		ranks_free(&t->ranks);
		pcre2_code_free(t->re);
	}
	free(t->cache);
	pcre2_match_data_free(t->md);
	pcre2_match_context_free(t->mctx);
	pcre2_jit_stack_free(t->stack);
	free(t);
}

static size_t count_piece(struct tokenizer *t, const uint8_t *p, size_t len)
{
	if (len > PCACHE_BYTES)
		return bpe_merge(&t->ranks, p, len, NULL);
	if (!t->cache)
		t->cache = xcalloc(PCACHE_SLOTS, sizeof *t->cache);
	uint64_t h = fnv1a(FNV1A_BASIS ^ len, p, len);
	struct pcache *c = &t->cache[(h ^ (h >> 29)) & (PCACHE_SLOTS - 1)];
	if (c->len == len && memcmp(c->bytes, p, len) == 0)
		return c->count;
	size_t n = bpe_merge(&t->ranks, p, len, NULL);
	c->len = (uint8_t)len;
	memcpy(c->bytes, p, len);
	c->count = (uint32_t)n;
	return n;
}

/* Walk the pieces; count them, or append their ids when ids is set. */
static size_t run(struct tokenizer *t, const char *text, size_t len, uint32_t **ids, size_t *cap)
{
	/* Ill-formed bytes count as U+FFFD, as tiktoken's decoding gives them;
	 * lint passes only valid text, so the check is nearly always all. */
	char *fixed = NULL;
	if (!utf8_valid(text, len)) {
		fixed = utf8_repair(text, len, &len);
		text = fixed;
	}
	const uint8_t *s = (const uint8_t *)text;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(t->md);
	size_t n = 0, off = 0;
	while (off < len) {
		size_t a = off, b = pretok_ascii(t->fast, s, len, off);
		if (b <= off) {
			int rc = t->jit ? pcre2_jit_match(t->re, s, len, off, PCRE2_NO_UTF_CHECK, t->md, t->mctx)
					: pcre2_match(t->re, s, len, off, PCRE2_NO_UTF_CHECK, t->md, NULL);
			if (rc < 0)
				break;
			a = ov[0], b = ov[1];
		}
		if (b == a) { /* cannot happen with these patterns; never loop */
			off = a + 1;
			continue;
		}
		if (ids) {
			if (n + (b - a) > *cap) {
				*cap = (n + (b - a)) * 2;
				*ids = xrealloc(*ids, *cap * sizeof **ids);
			}
			n += bpe_merge(&t->ranks, s + a, b - a, *ids + n);
		} else {
			n += count_piece(t, s + a, b - a);
		}
		off = b;
	}
	free(fixed);
	return n;
}

void tok_use_fast_path(struct tokenizer *t, bool on)
{
	t->fast = on ? t->enc->fast : PRETOK_NONE;
}

size_t tok_count(struct tokenizer *t, const char *text, size_t len)
{
	if (tok_is_estimate(t))
		return (len + 2) / 3;
	return run(t, text, len, NULL, NULL);
}

uint32_t *tok_encode(struct tokenizer *t, const char *text, size_t len, size_t *n)
{
	size_t cap = 16;
	uint32_t *ids = xmalloc(cap * sizeof *ids);
	*n = tok_is_estimate(t) ? 0 : run(t, text, len, &ids, &cap);
	return ids;
}
