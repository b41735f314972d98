/* jw: a small streaming JSON writer, because the report's money must be
 * printed as exact decimals (9 places), which jansson's reals cannot do.
 * Pretty output, two spaces per level, keys in the order written. */
#ifndef COST_CHECK_JW_H
#define COST_CHECK_JW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "money.h"

#define JW_DEPTH 32

struct jw {
	FILE *fp;
	int depth;
	bool first[JW_DEPTH];
};

void jw_init(struct jw *w, FILE *fp);
/* key is NULL inside arrays and for the root. */
void jw_begin(struct jw *w, const char *key, bool array);
void jw_end(struct jw *w, bool array);
void jw_str(struct jw *w, const char *key, const char *s);
void jw_strn(struct jw *w, const char *key, const char *s, size_t n);
void jw_u64(struct jw *w, const char *key, uint64_t v);
void jw_i64(struct jw *w, const char *key, int64_t v);
void jw_money(struct jw *w, const char *key, pico_t v);
/* Money as a string of 12 decimals: every pico-dollar, for `merge`. */
void jw_exact(struct jw *w, const char *key, pico_t v);
/* A jansson value (objects in their own key order). */
void jw_json(struct jw *w, const char *key, const json_t *v);
void jw_bool(struct jw *w, const char *key, bool v);
void jw_null(struct jw *w, const char *key);
/* A number already written as text (e.g. "12.5"). */
void jw_raw(struct jw *w, const char *key, const char *text);

#endif
