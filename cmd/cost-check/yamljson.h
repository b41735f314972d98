/* yamljson: YAML documents (price tables, alias files, the config) as
 * jansson values, so one set of readers serves both spellings. */
#ifndef COST_CHECK_YAMLJSON_H
#define COST_CHECK_YAMLJSON_H

#include <jansson.h>
#include <stddef.h>

/* Parse the first document of buf as YAML (plain scalars resolved by the
 * YAML 1.2 core schema).  NULL with "name:line:col: what" in err. */
json_t *yaml_text_to_json(const char *buf, size_t len, const char *name, char *err, size_t errlen);
/* JSON when the text starts with '{' or '[', else YAML. */
json_t *text_to_json(const char *buf, size_t len, const char *name, char *err, size_t errlen);
/* Read a whole file ("-" = stdin) as JSON or YAML. */
json_t *file_to_json(const char *path, char *err, size_t errlen);

#endif
