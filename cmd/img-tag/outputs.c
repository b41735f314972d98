/* outputs: the action joins lists with the separators, prints json
 * compactly with the keys tags, tag-names, labels, annotations, and writes
 * bake files as 2-space indented JSON under target.<bake-target>. */
#include "outputs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "fs.h"
#include "json.h"
#include "utf8.h"

static const char *const names[OUT_COUNT] = {
	"version", "tags",      "tag-names",   "labels",           "annotations",
	"json",    "bake-tags", "bake-labels", "bake-annotations", "bake",
};

int out_kind_parse(const char *name)
{
	for (int i = 0; i < OUT_COUNT; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *out_kind_name(enum out_kind k)
{
	return names[k];
}

static const char *sep(const char *s)
{
	return s && *s ? s : "\n";
}

/* json_string refuses invalid UTF-8; JavaScript would have read it with
 * replacement characters. */
static json_t *jstr(const char *s)
{
	size_t len = strlen(s);
	if (utf8_valid(s, len))
		return json_string(s);
	char *fixed = utf8_repair(s, len, NULL);
	json_t *j = json_string(fixed);
	free(fixed);
	return j;
}

static json_t *str_array(const struct strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->n; i++)
		json_array_append_new(a, jstr(sv->v[i]));
	return a;
}

/* "key=value" lines (already merged and sorted) as an object. */
static json_t *label_object(const struct strvec *labels)
{
	json_t *o = json_object();
	for (size_t i = 0; i < labels->n; i++) {
		const char *eq = strchr(labels->v[i], '=');
		char *key = utf8_repair(labels->v[i], (size_t)(eq - labels->v[i]), NULL);
		json_object_set_new(o, key, jstr(eq + 1));
		free(key);
	}
	return o;
}

static json_t *bake_args(const struct meta *m)
{
	json_t *args = json_object();
	char *images = strvec_join(&m->enabled_images, ",");
	json_object_set_new(args, "DOCKER_META_IMAGES", jstr(images));
	free(images);
	if (m->version)
		json_object_set_new(args, "DOCKER_META_VERSION", jstr(m->version));
	return args;
}

static json_t *bake_def(const struct out_seps *s, json_t *body)
{
	json_t *target = json_object();
	json_object_set_new(target, s->bake_target && *s->bake_target ? s->bake_target : "docker-metadata-action",
			    body);
	json_t *root = json_object();
	json_object_set_new(root, "target", target);
	return root;
}

static json_t *bake_json(const struct meta *m, const struct out_seps *s, enum out_kind k)
{
	json_t *body = json_object();
	if (k == OUT_BAKE_TAGS || k == OUT_BAKE)
		json_object_set_new(body, "tags", str_array(&m->tags));
	if (k == OUT_BAKE_LABELS || k == OUT_BAKE)
		json_object_set_new(body, "labels", label_object(&m->labels));
	if (k == OUT_BAKE_ANNOTATIONS)
		json_object_set_new(body, "annotations", str_array(&m->annotations));
	if (k == OUT_BAKE_TAGS || k == OUT_BAKE)
		json_object_set_new(body, "args", bake_args(m));
	return bake_def(s, body);
}

static json_t *action_json(const struct meta *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "tags", str_array(&m->tags));
	json_object_set_new(o, "tag-names", str_array(&m->tag_names));
	json_object_set_new(o, "labels", label_object(&m->labels));
	json_object_set_new(o, "annotations", str_array(&m->annotations));
	return o;
}

static char *repaired(char *s)
{
	size_t len = strlen(s);
	if (utf8_valid(s, len))
		return s;
	char *fixed = utf8_repair(s, len, NULL);
	free(s);
	return fixed;
}

/* JSON text as JSON.stringify writes it.  jansson and JavaScript agree on
 * everything the action's outputs hold except the case of a \u escape
 * (a control character): jansson writes \u001F, JavaScript \u001f. */
static char *js_text(const json_t *j, bool pretty)
{
	char *text = json_to_string(j, pretty);
	for (char *p = text; *p; p++) {
		if (*p != '\\')
			continue;
		if (*++p == 'u')
			for (int i = 1; i <= 4; i++)
				if (p[i] >= 'A' && p[i] <= 'F')
					p[i] = (char)(p[i] - 'A' + 'a');
	}
	return text;
}

char *out_render(const struct meta *m, const struct out_seps *s, enum out_kind k)
{
	json_t *j = NULL;
	bool pretty = true;
	switch (k) {
	case OUT_VERSION: return repaired(xstrdup(m->version ? m->version : ""));
	case OUT_TAGS: return repaired(strvec_join(&m->tags, sep(s->tags)));
	case OUT_TAG_NAMES: return repaired(strvec_join(&m->tag_names, sep(s->tags)));
	case OUT_LABELS: return repaired(strvec_join(&m->labels, sep(s->labels)));
	case OUT_ANNOTATIONS: return repaired(strvec_join(&m->annotations, sep(s->annotations)));
	case OUT_JSON:
		j = action_json(m);
		pretty = false;
		break;
	case OUT_BAKE_TAGS:
	case OUT_BAKE_LABELS:
	case OUT_BAKE_ANNOTATIONS:
	case OUT_BAKE: j = bake_json(m, s, k); break;
	case OUT_COUNT: return xstrdup("");
	}
	char *text = js_text(j, pretty);
	json_decref(j);
	return text;
}

json_t *out_report(const struct meta *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "version", jstr(m->version ? m->version : ""));
	json_object_set_new(o, "tags", str_array(&m->tags));
	json_object_set_new(o, "tag-names", str_array(&m->tag_names));
	json_object_set_new(o, "labels", label_object(&m->labels));
	json_object_set_new(o, "annotations", str_array(&m->annotations));
	return o;
}

int out_write_bake(const struct meta *m, const struct out_seps *s, const char *dir, char *paths[4], char *err,
		   size_t errlen)
{
	static const struct {
		enum out_kind kind;
		const char *file;
	} files[4] = {
		{OUT_BAKE_TAGS, "docker-metadata-action-bake-tags.json"},
		{OUT_BAKE_LABELS, "docker-metadata-action-bake-labels.json"},
		{OUT_BAKE_ANNOTATIONS, "docker-metadata-action-bake-annotations.json"},
		{OUT_BAKE, "docker-metadata-action-bake.json"},
	};
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: cannot create the folder: %s", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < 4; i++)
		paths[i] = NULL;
	for (int i = 0; i < 4; i++) {
		paths[i] = fs_join(dir, files[i].file);
		char *text = out_render(m, s, files[i].kind);
		int rc = fs_write_atomic(paths[i], text, strlen(text), 0644);
		free(text);
		if (rc != 0) {
			snprintf(err, errlen, "%s: cannot write: %s", paths[i], strerror(errno));
			return -1;
		}
	}
	return 0;
}
