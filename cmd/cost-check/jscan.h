/* jscan: a streaming JSON line scanner.  One pass validates a line exactly
 * as jansson's json_loadb(buf, len, 0) would (same lines accepted, same
 * values) and leaves a flat tape of tokens that look-ups walk without
 * building a tree.  The tape is reused from line to line: no allocation per
 * line once it has grown to the widest line seen. */
#ifndef COST_CHECK_JSCAN_H
#define COST_CHECK_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum jtype { JT_OBJECT, JT_ARRAY, JT_STRING, JT_INT, JT_REAL, JT_TRUE, JT_FALSE, JT_NULL };

struct jtok {
	uint8_t type; /* enum jtype */
	uint8_t escaped; /* JT_STRING: the raw text holds a backslash */
	uint32_t start; /* offset of the raw text (inside the quotes for strings) */
	uint32_t len; /* length of the raw text */
	uint32_t next; /* index of the token after this value and its children */
	union {
		int64_t i; /* JT_INT */
		uint32_t n; /* JT_OBJECT: members, JT_ARRAY: elements */
		uint64_t head; /* JT_STRING: its first 8 raw bytes, zero-padded */
	} u;
};

enum jscan_result { JS_OK, JS_PARSE_ERROR, JS_INVALID_UTF8 };

struct jscan {
	const char *buf; /* the line being looked at */
	size_t len;
	struct jtok *tok;
	uint32_t ntok, cap;
	uint32_t *stack; /* open containers while scanning */
	char *scratch; /* decoded strings, each at its token's offset */
	size_t scratch_cap;
	struct jindex *index; /* hash indexes of the line's widest objects */
};

void jscan_init(struct jscan *js);
void jscan_free(struct jscan *js);

/* Scan one line (no newline).  JS_INVALID_UTF8 when the line was rejected
 * and holds a byte sequence that is not UTF-8, JS_PARSE_ERROR for any other
 * rejection.  Token 0 is the root (an object or an array). */
enum jscan_result jscan_line(struct jscan *js, const char *buf, size_t len);

/* Member of object token obj named key (len bytes, decoded), the last one
 * when the key repeats, as jansson keeps the last.  0 when absent or when
 * obj is not an object (token 0 is never a member). */
uint32_t jscan_get(const struct jscan *js, uint32_t obj, const char *key, size_t klen);
/* The same with the key's jscan_head() computed once by the caller (paths
 * compiled ahead of the scan). */
uint32_t jscan_get_h(const struct jscan *js, uint32_t obj, const char *key, size_t klen, uint64_t head);
uint64_t jscan_head(const char *key, size_t klen);
/* Element i of an array token, 0 when out of range. */
uint32_t jscan_index(const struct jscan *js, uint32_t arr, uint32_t i);
/* First child token of a container (0 when empty); step with ->next. */
uint32_t jscan_first(const struct jscan *js, uint32_t t);

/* Decoded text of a string token (escapes resolved; not NUL-terminated).
 * It points into the line or into scratch space at the token's own offset,
 * so every decoded string of a line stays valid until the next jscan_line. */
const char *jscan_str(struct jscan *js, uint32_t t, size_t *len);
/* True when string token t decodes to exactly s[0..n). */
bool jscan_str_eq(const struct jscan *js, uint32_t t, const char *s, size_t n);
/* The real value of a JT_REAL token (strtod of its text, as jansson). */
double jscan_real(const struct jscan *js, uint32_t t);

#endif
