/* yamljson: see yamljson.h. */
#include "yamljson.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "fs.h"
#include "json.h"
#include "yaml.h"
#include "yaml_json.h"

json_t *yaml_text_to_json(const char *buf, size_t len, const char *name, char *err, size_t errlen)
{
	struct yfile *yf;
	struct yerror ye;
	if (yaml_load(buf, len, &yf, &ye) < 0) {
		snprintf(err, errlen, "%s:%d:%d: %s", name, ye.line, ye.col, ye.msg);
		return NULL;
	}
	json_t *j = yf->ndocs && yf->docs[0].root ? ynode_to_json(yf->docs[0].root) : json_object();
	yfile_free(yf);
	return j;
}

json_t *text_to_json(const char *buf, size_t len, const char *name, char *err, size_t errlen)
{
	size_t i = 0;
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	if (i < len && (buf[i] == '{' || buf[i] == '['))
		return json_parse_buf(buf, len, name, err, errlen);
	return yaml_text_to_json(buf, len, name, err, errlen);
}

json_t *file_to_json(const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (fs_read_all(path, (size_t)64 << 20, &buf, &len, err, errlen) < 0)
		return NULL;
	json_t *j = text_to_json(buf, len, path, err, errlen);
	free(buf);
	return j;
}
