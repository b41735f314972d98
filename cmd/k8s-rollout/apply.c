/* apply: server-side apply of YAML/JSON documents, with resource paths
 * from API discovery (fetched once per group/version per run). */
#include "app.h"
#include "cli.h"
#include "fs.h"
#include "json.h"
#include "verdict.h"
#include "yaml_json.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_MANIFEST (64u << 20)

struct doc {
	json_t *obj;
	const char *file;
	int line;
};

struct discovery {
	char **gv;
	json_t **lists; /* APIResourceList, or NULL when the server has no such group/version */
	size_t n;
};

/* The APIResourceList of apiVersion: 0, or an exit code after a message. */
static int discover(struct app *a, struct discovery *d, const char *api_version, json_t **out)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->gv[i], api_version)) {
			*out = d->lists[i];
			return 0;
		}
	char *path = strchr(api_version, '/') ? xasprintf("/apis/%s", api_version) : xasprintf("/api/%s", api_version);
	struct kresp r;
	int rc = kapi(&a->kc, "GET", path, NULL, NULL, &r);
	free(path);
	if (rc != 0 && r.status != 404) {
		rc = kapi_fail(&a->kc, &r, "discover", api_version);
		kresp_free(&r);
		return rc;
	}
	d->gv = xrealloc(d->gv, (d->n + 1) * sizeof *d->gv);
	d->lists = xrealloc(d->lists, (d->n + 1) * sizeof *d->lists);
	d->gv[d->n] = xstrdup(api_version);
	d->lists[d->n] = rc == 0 ? json_incref(r.body) : NULL;
	*out = d->lists[d->n++];
	kresp_free(&r);
	return 0;
}

static int add_docs(const char *file, struct doc **docs, size_t *n)
{
	char *buf, err[1024];
	size_t len;
	const char *name = strcmp(file, "-") ? file : "<stdin>";
	if (fs_read_all(file, MAX_MANIFEST, &buf, &len, err, sizeof err) != 0) {
		msg_error("%s; check the -f path", err);
		return EXIT_INPUT;
	}
	struct yaml_json_docs yd;
	int rc = yaml_json_stream(buf, len, name, &yd, err, sizeof err);
	/* The text may hold a Secret: wipe it now that it is parsed. */
	memset(buf, 0, len);
	free(buf);
	if (rc != 0) {
		msg_error("%s; fix the manifest", err);
		return EXIT_INPUT;
	}
	for (size_t i = 0; i < yd.n; i++) {
		json_t *o = yd.docs[i], *items = json_object_get(o, "items"), *it;
		size_t k;
		bool list = json_is_array(items) && !strcmp(json_get_str(o, "kind", ""), "List");
		for (k = 0; k < (list ? json_array_size(items) : 1); k++) {
			it = list ? json_array_get(items, k) : o;
			json_t *meta = json_object_get(it, "metadata");
			const char *what = !json_is_object(it)                                  ? "is not a mapping"
					   : !json_is_string(json_object_get(it, "apiVersion")) ? "has no apiVersion"
					   : !json_is_string(json_object_get(it, "kind"))       ? "has no kind"
					   : !json_is_string(json_object_get(meta, "name"))     ? "has no metadata.name"
												: NULL;
			if (what) {
				msg_error("%s:%d:1: the object %s; every document needs apiVersion, kind and "
					  "metadata.name",
					  name, yd.lines[i], what);
				yaml_json_docs_free(&yd);
				return EXIT_INPUT;
			}
			*docs = xrealloc(*docs, (*n + 1) * sizeof **docs);
			(*docs)[(*n)++] = (struct doc){json_incref(it), file, yd.lines[i]};
		}
	}
	yaml_json_docs_free(&yd);
	return 0;
}

static const json_t *find_kind(const json_t *list, const char *kind)
{
	json_t *res = json_object_get(list, "resources"), *r;
	size_t i;
	json_array_foreach(res, i, r) {
		if (!strcmp(json_get_str(r, "kind", ""), kind) && !strchr(json_get_str(r, "name", "/"), '/'))
			return r;
	}
	return NULL;
}

static char *lower(const char *s)
{
	char *o = xstrdup(s);
	for (char *p = o; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return o;
}

static int apply_one(struct app *a, struct discovery *disc, const struct doc *d)
{
	const char *api = json_get_str(d->obj, "apiVersion", ""), *kind = json_get_str(d->obj, "kind", "");
	json_t *meta = json_object_get(d->obj, "metadata");
	const char *name = json_get_str(meta, "name", ""), *dns = json_get_str(meta, "namespace", NULL);
	const char *fname = strcmp(d->file, "-") ? d->file : "<stdin>";
	json_t *list = NULL;
	int rc = discover(a, disc, api, &list);
	if (rc)
		return rc;
	const json_t *res = list ? find_kind(list, kind) : NULL;
	if (!res) {
		msg_error(
			"%s:%d:1: no matches for kind \"%s\" in version \"%s\" (object \"%s\"); is the CRD installed?",
			fname, d->line, kind, api, name);
		return EXIT_INPUT;
	}
	bool namespaced = json_is_true(json_object_get(res, "namespaced"));
	const char *ns = namespaced ? (dns && *dns ? dns : a->cfg.ns) : NULL;
	char *prefix = strchr(api, '/') ? xasprintf("/apis/%s", api) : xasprintf("/api/%s", api);
	char *ens = ns ? url_escape(ns) : NULL, *ename = url_escape(name), *efm = url_escape(a->field_manager);
	char *path = xasprintf("%s%s%s/%s/%s?fieldManager=%s%s", prefix, ns ? "/namespaces/" : "", ns ? ens : "",
			       json_get_str(res, "name", ""), ename, efm, a->dry_run ? "&dryRun=All" : "");
	char *body = json_dumps(d->obj, JSON_COMPACT);
	struct kresp r;
	rc = kapi(&a->kc, "PATCH", path, "application/apply-patch+yaml", body, &r);
	memset(body, 0, strlen(body));
	free(body);
	const char *slash = strchr(api, '/');
	char *lk = lower(kind);
	char *what = slash ? xasprintf("%s.%.*s/%s", lk, (int)(slash - api), api, name) : xasprintf("%s/%s", lk, name);
	if (rc != 0) {
		rc = kapi_fail(&a->kc, &r, "apply", what);
	} else if (a->json) {
		json_t *o = json_pack("{s:s,s:s,s:s,s:o,s:s,s:b}", "apiVersion", api, "kind", kind, "name", name,
				      "namespace", ns ? json_string(ns) : json_null(), "result", "serverside-applied",
				      "dry_run", a->dry_run);
		json_print(stdout, o, false);
		json_decref(o);
	} else {
		verdict_say(COLOR_OK, "serverside-applied", "%s serverside-applied%s", what,
			    a->dry_run ? " (server dry run)" : "");
	}
	fflush(stdout);
	kresp_free(&r);
	free(what);
	free(lk);
	free(prefix);
	free(ens);
	free(ename);
	free(efm);
	free(path);
	return rc;
}

static bool manifest_name(const char *name)
{
	size_t n = strlen(name);
	static const char *const exts[] = {".yaml", ".yml", ".json"};
	for (size_t i = 0; i < 3; i++) {
		size_t e = strlen(exts[i]);
		if (n > e && !strcmp(name + n - e, exts[i]))
			return true;
	}
	return false;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* -f DIR, as kubectl reads it: the folder's .yaml, .yml and .json files
 * (not its subfolders), in name order.  Their paths join *paths. */
static int add_dir(const char *dir, struct doc **docs, size_t *n, char ***paths, size_t *npaths)
{
	DIR *d = opendir(dir);
	if (!d) {
		msg_error("%s: cannot read the folder: %s; check the -f path", dir, strerror(errno));
		return EXIT_INPUT;
	}
	char **names = NULL;
	size_t k = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!manifest_name(e->d_name))
			continue;
		char *path = xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			names = xrealloc(names, (k + 1) * sizeof *names);
			names[k++] = path;
		} else {
			free(path);
		}
	}
	closedir(d);
	if (k)
		qsort(names, k, sizeof *names, by_name);
	int rc = 0;
	for (size_t i = 0; i < k; i++) {
		if (!rc)
			rc = add_docs(names[i], docs, n);
		*paths = xrealloc(*paths, (*npaths + 1) * sizeof **paths);
		(*paths)[(*npaths)++] = names[i];
	}
	free(names);
	return rc;
}

int run_apply(struct app *a, int argc, char **argv)
{
	if (argc > 0)
		cli_usage_error("apply takes its input from -f FILE (or -f - for stdin), not '%s'", argv[0]);
	if (a->files.n == 0)
		cli_usage_error("apply needs -f FILE (or -f - for stdin)");
	struct doc *docs = NULL;
	size_t n = 0;
	int rc = 0;
	/* Every document is read and checked before the first is sent. */
	char **paths = NULL;
	size_t npaths = 0;
	for (size_t i = 0; i < a->files.n && !rc; i++) {
		struct stat st;
		if (strcmp(a->files.v[i], "-") && stat(a->files.v[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = add_dir(a->files.v[i], &docs, &n, &paths, &npaths);
		else
			rc = add_docs(a->files.v[i], &docs, &n);
	}
	if (!rc && n == 0) {
		msg_error("no objects passed to apply (-f names no manifest; a folder's *.yaml, *.yml and *.json are "
			  "read)");
		rc = EXIT_INPUT;
	}
	struct discovery disc = {0};
	for (size_t i = 0; i < n && !rc; i++)
		rc = apply_one(a, &disc, &docs[i]);
	for (size_t i = 0; i < n; i++)
		json_decref(docs[i].obj);
	free(docs);
	for (size_t i = 0; i < disc.n; i++) {
		free(disc.gv[i]);
		json_decref(disc.lists[i]);
	}
	free(disc.gv);
	free(disc.lists);
	for (size_t i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	return rc;
}
