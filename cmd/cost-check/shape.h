/* shape: which log format a line is (the rules, in order, of cost-check(1) LOG SHAPES),
 * where each concept lives in it, --field overrides, and the extraction of
 * one scanned line into a record. */
#ifndef COST_CHECK_SHAPE_H
#define COST_CHECK_SHAPE_H

#include <stdbool.h>

#include "jscan.h"
#include "record.h"

enum shape {
	SH_AUTO = -1,
	SH_OPENAI_CHAT,
	SH_OPENAI_RESPONSES,
	SH_ANTHROPIC,
	SH_OTEL,
	SH_LITELLM,
	SH_LANGFUSE,
	SH_CUSTOM,
	NSHAPES
};

/* The concepts a --field NAME can point at. */
enum field {
	F_MODEL,
	F_PROVIDER,
	F_TIME,
	F_INPUT,
	F_CACHE_READ,
	F_CACHE_WRITE,
	F_CACHE_WRITE_1H,
	F_OUTPUT,
	F_REASONING,
	F_ROUTE,
	F_FEATURE,
	F_TIER,
	F_CACHE_HIT,
	F_COST,
	F_REQUEST_ID,
	NFIELDS
};

enum time_conv { TC_AUTO, TC_ISO, TC_UNIX, TC_UNIX_MS, TC_UNIX_US, TC_UNIX_NS };

struct jpath;

/* Alternatives of one field, tried left to right. */
struct fspec {
	struct jpath *alt;
	int nalt;
	enum time_conv conv;
	char *text; /* --field's PATH as given (overrides) */
};

struct extractor {
	enum shape forced; /* SH_AUTO: detect per line */
	int input_includes_cache; /* -1: the shape's own semantics */
	bool otel_input_excludes_cache; /* OTel input lacks cache (old Anthropic instrumentations) */
	struct fspec override[NFIELDS]; /* --field, tried before the shape's */
	struct fspec def[NSHAPES][NFIELDS];
};

void extractor_init(struct extractor *x);
void extractor_free(struct extractor *x);
/* "NAME=PATH[|PATH...][:CONV]"; -1 with a message in err. */
int extractor_field(struct extractor *x, const char *arg, char *err, size_t errlen);
/* Shape names: openai-chat, openai-responses, anthropic, otel, litellm,
 * langfuse, custom.  -1 (SH_AUTO) when unknown. */
enum shape shape_from_name(const char *s);
extern const char *const shape_names[NSHAPES];
extern const char *const field_names[NFIELDS];
/* For --shape custom: the fields it needs that have no --field; NULL when
 * all are there. */
const char *extractor_missing(const struct extractor *x);

/* Detect and extract.  R_OK with *rec filled, else the rejection reason. */
enum reason extract(const struct extractor *x, struct jscan *js, struct record *rec, enum shape *shape);
/* The same for the object at token root (a span of an OTLP batch line). */
enum reason extract_at(const struct extractor *x, struct jscan *js, uint32_t root, struct record *rec,
		       enum shape *shape);
/* Is this span object a GenAI span (rule D5)?  Batches carry other spans. */
bool shape_is_genai_span(const struct jscan *js, uint32_t span);

/* Parse a time value as text or number with conv; 0 on success. */
int parse_time_text(const char *s, size_t n, enum time_conv conv, int64_t *t);

#endif
