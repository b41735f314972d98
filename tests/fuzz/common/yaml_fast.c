/* The fast block-style reader against libyaml: whatever bytes it accepts,
 * libyaml accepts too and gives the same events, field by field. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_fast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_mark(yaml_mark_t a, yaml_mark_t b)
{
	return a.index == b.index && a.line == b.line && a.column == b.column;
}

static int same(const yaml_event_t *a, const yaml_event_t *b)
{
	if (a->type != b->type || !same_mark(a->start_mark, b->start_mark) || !same_mark(a->end_mark, b->end_mark))
		return 0;
	switch (a->type) {
	case YAML_STREAM_START_EVENT: return a->data.stream_start.encoding == b->data.stream_start.encoding;
	case YAML_DOCUMENT_START_EVENT:
		return a->data.document_start.implicit == b->data.document_start.implicit &&
		       !a->data.document_start.version_directive &&
		       a->data.document_start.tag_directives.start == a->data.document_start.tag_directives.end;
	case YAML_DOCUMENT_END_EVENT: return a->data.document_end.implicit == b->data.document_end.implicit;
	case YAML_SCALAR_EVENT:
		return a->data.scalar.length == b->data.scalar.length &&
		       !memcmp(a->data.scalar.value, b->data.scalar.value, a->data.scalar.length) &&
		       a->data.scalar.style == b->data.scalar.style &&
		       a->data.scalar.plain_implicit == b->data.scalar.plain_implicit &&
		       a->data.scalar.quoted_implicit == b->data.scalar.quoted_implicit && !a->data.scalar.anchor &&
		       !a->data.scalar.tag;
	case YAML_SEQUENCE_START_EVENT:
		return a->data.sequence_start.style == b->data.sequence_start.style &&
		       a->data.sequence_start.implicit == b->data.sequence_start.implicit &&
		       !a->data.sequence_start.anchor && !a->data.sequence_start.tag;
	case YAML_MAPPING_START_EVENT:
		return a->data.mapping_start.style == b->data.mapping_start.style &&
		       a->data.mapping_start.implicit == b->data.mapping_start.implicit &&
		       !a->data.mapping_start.anchor && !a->data.mapping_start.tag;
	default: return 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yfast f;
	if (yfast_scan((const char *)data, size, &f) != 0)
		return 0;
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, data, size);
	for (size_t i = 0;; i++) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			fprintf(stderr, "libyaml refuses what the fast reader took: %s at %zu:%zu\n", p.problem,
				p.problem_mark.line + 1, p.problem_mark.column + 1);
			abort();
		}
		if (i >= f.n || !same(&e, &f.ev[i])) {
			fprintf(stderr, "event %zu differs (libyaml type %d at %zu-%zu)\n", i, e.type,
				e.start_mark.index, e.end_mark.index);
			abort();
		}
		int end = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		if (end) {
			if (i + 1 != f.n)
				abort();
			break;
		}
	}
	yaml_parser_delete(&p);
	yfast_free(&f);
	return 0;
}
