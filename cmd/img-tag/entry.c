/* entry: the grammar of tags, flavor and images entries.  Tags split a
 * field at its first '=', images and flavor keep only the text up to the
 * second '=' (the action splits on every '=' and reads two parts). */
#include "entry.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvin.h"

static const char *const type_names[] = {"schedule", "semver", "pep440", "match", "edge", "ref", "raw", "sha"};
static const int type_priority[] = {1000, 900, 900, 800, 700, 600, 200, 100};

const char *tag_type_name(enum tag_type type)
{
	return type_names[type];
}

const char *tag_attr(const struct tag_entry *t, const char *key)
{
	for (size_t i = 0; i < t->keys.n; i++)
		if (strcmp(t->keys.v[i], key) == 0)
			return t->vals.v[i];
	return NULL;
}

static void set_attr(struct tag_entry *t, const char *key, const char *val)
{
	for (size_t i = 0; i < t->keys.n; i++) {
		if (strcmp(t->keys.v[i], key) == 0) {
			free(t->vals.v[i]);
			t->vals.v[i] = xstrdup(val);
			return;
		}
	}
	strvec_push(&t->keys, xstrdup(key));
	strvec_push(&t->vals, xstrdup(val));
}

static void default_attr(struct tag_entry *t, const char *key, const char *val)
{
	if (!tag_attr(t, key))
		set_attr(t, key, val);
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static bool one_of(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(v, *set) == 0)
			return true;
	return false;
}

int js_number(const char *s, double *out)
{
	char *t = trim_dup(s, strlen(s));
	const char *p = t;
	int rc = -1;
	if (!*p) {
		*out = 0;
		rc = 0;
	} else if (p[0] == '0' && p[1] && strchr("xXoObB", p[1])) {
		int base = strchr("xX", p[1]) ? 16 : strchr("oO", p[1]) ? 8 : 2;
		const char *digs = base == 16 ? "0123456789abcdefABCDEF" : base == 8 ? "01234567" : "01";
		if (p[2] && strspn(p + 2, digs) == strlen(p + 2)) {
			*out = (double)strtoull(p + 2, NULL, base);
			rc = 0;
		}
	} else {
		const char *q = p + (*p == '+' || *p == '-');
		size_t intd = strspn(q, "0123456789"), fracd = 0;
		const char *r = q + intd;
		if (strcmp(q, "Infinity") == 0) {
			*out = *p == '-' ? -INFINITY : INFINITY;
			rc = 0;
		} else {
			if (*r == '.')
				fracd = strspn(r + 1, "0123456789"), r += 1 + fracd;
			if (intd + fracd > 0 && (*r == 'e' || *r == 'E')) {
				const char *e = r + 1 + (r[1] == '+' || r[1] == '-');
				size_t ed = strspn(e, "0123456789");
				r = ed ? e + ed : r;
			}
			if (intd + fracd > 0 && *r == '\0') {
				*out = strtod(p, NULL);
				rc = 0;
			}
		}
	}
	free(t);
	return rc;
}

/* "key=value" at the first '=' (a field starting with '=' has none, as
 * the action's look-behind split needs a key), both trimmed. */
static void split_first(const char *field, char **key, char **val)
{
	const char *eq = *field != '=' ? strchr(field, '=') : NULL;
	if (!eq) {
		*key = NULL;
		*val = trim_dup(field, strlen(field));
		return;
	}
	*key = trim_dup(field, (size_t)(eq - field));
	*val = trim_dup(eq + 1, strlen(eq + 1));
}

/* "key=value[=ignored]": the action's split('=') keeping two parts. */
static void split_second(const char *field, char **key, char **val)
{
	const char *eq = strchr(field, '=');
	if (!eq) {
		*key = NULL;
		*val = trim_dup(field, strlen(field));
		return;
	}
	const char *end = strchr(eq + 1, '=');
	*key = trim_dup(field, (size_t)(eq - field));
	*val = trim_dup(eq + 1, end ? (size_t)(end - eq - 1) : strlen(eq + 1));
}

static int entry_fields(const char *kind, const char *entry, struct strvec *fields, char *err, size_t errlen)
{
	char why[256];
	if (csv_fields(entry, fields, why, sizeof why) == 0)
		return 0;
	strvec_free(fields); /* the fields read before the error */
	snprintf(err, errlen, "%s: \"%s\": %s", kind, entry, why);
	return -1;
}

/* Per-type checks and defaults, after the fields are read. */
static int tag_defaults(struct tag_entry *t, char *err, size_t errlen)
{
	static const char *const events[] = {"branch", "tag", "pr", NULL};
	static const char *const formats[] = {"short", "long", NULL};
	const char *type = type_names[t->type];
	switch (t->type) {
	case TT_SCHEDULE: default_attr(t, "pattern", "nightly"); break;
	case TT_SEMVER:
	case TT_PEP440:
	case TT_MATCH:
		if (!tag_attr(t, "pattern")) {
			snprintf(err, errlen, "tags: \"%s\": type=%s needs a pattern attribute; add pattern=%s", t->src,
				 type, t->type == TT_MATCH ? "REGEX" : "{{version}}");
			return -1;
		}
		default_attr(t, "value", "");
		if (t->type == TT_MATCH) {
			double g;
			default_attr(t, "group", "0");
			if (js_number(tag_attr(t, "group"), &g)) {
				snprintf(err, errlen, "tags: \"%s\": group \"%s\" is not a number; use group=N", t->src,
					 tag_attr(t, "group"));
				return -1;
			}
		} else {
			default_attr(t, "match", "");
		}
		break;
	case TT_EDGE: default_attr(t, "branch", ""); break;
	case TT_REF:
		if (!tag_attr(t, "event")) {
			snprintf(err, errlen,
				 "tags: \"%s\": type=ref needs an event attribute; add event=branch, event=tag or "
				 "event=pr",
				 t->src);
			return -1;
		}
		if (!one_of(tag_attr(t, "event"), events)) {
			snprintf(err, errlen, "tags: \"%s\": invalid event \"%s\"; use branch, tag or pr", t->src,
				 tag_attr(t, "event"));
			return -1;
		}
		if (strcmp(tag_attr(t, "event"), "pr") == 0)
			default_attr(t, "prefix", "pr-");
		break;
	case TT_RAW:
		if (!tag_attr(t, "value")) {
			snprintf(err, errlen, "tags: \"%s\": type=raw needs a value; add value=TEXT", t->src);
			return -1;
		}
		break;
	case TT_SHA:
		default_attr(t, "prefix", "sha-");
		default_attr(t, "format", "short");
		if (!one_of(tag_attr(t, "format"), formats)) {
			snprintf(err, errlen, "tags: \"%s\": invalid format \"%s\"; use short or long", t->src,
				 tag_attr(t, "format"));
			return -1;
		}
		break;
	}
	default_attr(t, "enable", "true");
	char buf[16];
	snprintf(buf, sizeof buf, "%d", type_priority[t->type]);
	default_attr(t, "priority", buf);
	if (js_number(tag_attr(t, "priority"), &t->priority)) {
		snprintf(err, errlen, "tags: \"%s\": priority \"%s\" is not a number; use priority=N", t->src,
			 tag_attr(t, "priority"));
		return -1;
	}
	return 0;
}

int tag_parse(const char *entry, struct tag_entry *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	t->type = TT_RAW;
	t->src = xstrdup(entry);
	struct strvec fields = {0};
	if (entry_fields("tags", entry, &fields, err, errlen))
		goto bad;
	for (size_t i = 0; i < fields.n; i++) {
		char *key, *val;
		split_first(fields.v[i], &key, &val);
		if (!key) {
			set_attr(t, "value", val);
		} else {
			lower(key);
			if (strcmp(key, "type") == 0) {
				size_t k = 0;
				while (k < 8 && strcmp(val, type_names[k]) != 0)
					k++;
				if (k == 8) {
					snprintf(err, errlen,
						 "tags: \"%s\": unknown tag type \"%s\"; use schedule, semver, pep440, "
						 "match, edge, ref, raw or sha",
						 entry, val);
					free(key);
					free(val);
					goto bad;
				}
				t->type = (enum tag_type)k;
			} else {
				set_attr(t, key, val);
			}
		}
		free(key);
		free(val);
	}
	strvec_free(&fields);
	if (tag_defaults(t, err, errlen))
		goto bad;
	return 0;
bad:
	strvec_free(&fields);
	tags_free(t, 1);
	return -1;
}

static void tag_clear(struct tag_entry *t)
{
	strvec_free(&t->keys);
	strvec_free(&t->vals);
	free(t->src);
	t->src = NULL;
}

void tags_free(struct tag_entry *tags, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tag_clear(&tags[i]);
}

int tags_parse_all(const struct strvec *entries, struct tag_entry **out, size_t *n, char *err, size_t errlen)
{
	static const char *const defaults[] = {"type=schedule", "type=ref,event=branch", "type=ref,event=tag",
					       "type=ref,event=pr"};
	size_t count = entries->n ? entries->n : 4;
	struct tag_entry *tags = xcalloc(count, sizeof *tags);
	for (size_t i = 0; i < count; i++) {
		if (tag_parse(entries->n ? entries->v[i] : defaults[i], &tags[i], err, errlen)) {
			tags_free(tags, i);
			free(tags);
			return -1;
		}
	}
	/* Insertion sort: stable, and the lists are short. */
	for (size_t i = 1; i < count; i++) {
		struct tag_entry t = tags[i];
		size_t j = i;
		while (j > 0 && tags[j - 1].priority < t.priority) {
			tags[j] = tags[j - 1];
			j--;
		}
		tags[j] = t;
	}
	*out = tags;
	*n = count;
	return 0;
}

int flavor_parse(const struct strvec *entries, struct flavor *f, char *err, size_t errlen)
{
	static const char *const latest[] = {"auto", "true", "false", NULL};
	static const char *const bools[] = {"true", "false", NULL};
	memset(f, 0, sizeof *f);
	f->latest = xstrdup("auto");
	f->prefix = xstrdup("");
	f->suffix = xstrdup("");
	for (size_t i = 0; i < entries->n; i++) {
		const char *entry = entries->v[i];
		struct strvec fields = {0};
		if (entry_fields("flavor", entry, &fields, err, errlen))
			return -1;
		const char *onlatest_for = NULL;
		for (size_t k = 0; k < fields.n; k++) {
			char *key, *val;
			split_second(fields.v[k], &key, &val);
			int rc = 0;
			if (!key) {
				snprintf(err, errlen,
					 "flavor: \"%s\": expected key=value (latest, prefix, suffix, onlatest)",
					 entry);
				rc = -1;
			} else {
				lower(key);
				if (strcmp(key, "latest") == 0) {
					if (!one_of(val, latest)) {
						snprintf(err, errlen,
							 "flavor: \"%s\": latest must be auto, true or false (as "
							 "written)",
							 entry);
						rc = -1;
					} else {
						free(f->latest);
						f->latest = xstrdup(val);
					}
				} else if (strcmp(key, "prefix") == 0 || strcmp(key, "suffix") == 0) {
					char **slot = key[0] == 'p' ? &f->prefix : &f->suffix;
					free(*slot);
					*slot = xstrdup(val);
					onlatest_for = key[0] == 'p' ? "prefix" : "suffix";
				} else if (strcmp(key, "onlatest") == 0) {
					if (!one_of(val, bools)) {
						snprintf(err, errlen, "flavor: \"%s\": onlatest must be true or false",
							 entry);
						rc = -1;
					} else if (onlatest_for) {
						bool *b =
							onlatest_for[0] == 'p' ? &f->prefix_latest : &f->suffix_latest;
						*b = strcmp(val, "true") == 0;
					}
				} else {
					snprintf(err, errlen,
						 "flavor: \"%s\": unknown key \"%s\"; use latest, prefix, suffix or "
						 "onlatest",
						 entry, key);
					rc = -1;
				}
			}
			free(key);
			free(val);
			if (rc) {
				strvec_free(&fields);
				return -1;
			}
		}
		strvec_free(&fields);
	}
	return 0;
}

void flavor_free(struct flavor *f)
{
	free(f->latest);
	free(f->prefix);
	free(f->suffix);
	memset(f, 0, sizeof *f);
}

/* The legacy form: one entry whose fields have no '=' names one image per
 * field ("user/app,ghcr.io/user/app"). */
static bool legacy_images(const struct strvec *entries, struct strvec *names)
{
	char err[256];
	if (entries->n != 1 || csv_fields(entries->v[0], names, err, sizeof err))
		return false;
	for (size_t i = 0; i < names->n; i++)
		if (strchr(names->v[i], '='))
			return false;
	return true;
}

static int image_entry(const char *entry, struct image *im, char *err, size_t errlen)
{
	struct strvec fields = {0};
	if (entry_fields("images", entry, &fields, err, errlen))
		return -1;
	im->enable = true;
	int rc = 0;
	for (size_t k = 0; k < fields.n && rc == 0; k++) {
		char *key, *val;
		split_second(fields.v[k], &key, &val);
		if (key)
			lower(key);
		if (!key || strcmp(key, "name") == 0) {
			lower(val);
			free(im->name);
			im->name = val;
			val = NULL;
		} else if (strcmp(key, "enable") == 0) {
			if (strcmp(val, "true") != 0 && strcmp(val, "false") != 0) {
				snprintf(err, errlen, "images: \"%s\": enable must be true or false", entry);
				rc = -1;
			}
			im->enable = strcmp(val, "true") == 0;
		} else {
			snprintf(err, errlen, "images: \"%s\": unknown key \"%s\"; use name or enable", entry, key);
			rc = -1;
		}
		free(key);
		free(val);
	}
	strvec_free(&fields);
	if (rc == 0 && (!im->name || !*im->name)) {
		snprintf(err, errlen, "images: \"%s\": the image name is empty; give name=IMAGE", entry);
		rc = -1;
	}
	return rc;
}

int images_parse(const struct strvec *entries, struct image **out, size_t *n, char *err, size_t errlen)
{
	struct strvec names = {0};
	struct image *ims;
	if (legacy_images(entries, &names)) {
		ims = xcalloc(names.n ? names.n : 1, sizeof *ims);
		for (size_t i = 0; i < names.n; i++) {
			char *t = trim_dup(names.v[i], strlen(names.v[i]));
			lower(t);
			ims[i] = (struct image){t, true};
		}
		*n = names.n;
		*out = ims;
		strvec_free(&names);
		return 0;
	}
	strvec_free(&names);
	ims = xcalloc(entries->n ? entries->n : 1, sizeof *ims);
	for (size_t i = 0; i < entries->n; i++) {
		if (image_entry(entries->v[i], &ims[i], err, errlen)) {
			images_free(ims, i + 1);
			return -1;
		}
	}
	*out = ims;
	*n = entries->n;
	return 0;
}

void images_free(struct image *im, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(im[i].name);
	free(im);
}
