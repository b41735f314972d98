/* kubeconfig: loading, merging and resolving kubeconfig files. */
#include "kubeconfig.h"
#include "cli.h"
#include "encode.h"
#include "fs.h"
#include "json.h"
#include "yaml_json.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FILE (4u << 20)

/* One named entry of a merged map (a cluster, user or context) and the
 * folder of the file that defined it, for relative paths. */
struct entry {
	const char *name;
	json_t *body;
	const char *dir;
};

struct merged {
	struct entry *clusters, *users, *contexts;
	size_t nclusters, nusers, ncontexts;
	const char *current_context;
	const char *current_source;
	json_t **files; /* the parsed files (own the entries' bodies) */
	char **dirs, **paths;
	size_t nfiles;
};

static void merged_free(struct merged *m)
{
	free(m->clusters);
	free(m->users);
	free(m->contexts);
	for (size_t i = 0; i < m->nfiles; i++) {
		json_decref(m->files[i]);
		free(m->dirs[i]);
		free(m->paths[i]);
	}
	free(m->files);
	free(m->dirs);
	free(m->paths);
}

/* The first file that defines a name wins (kubectl's merge rule). */
static int add_entries(json_t *list, const char *field, const char *dir, const char *path, struct entry **v, size_t *n,
		       char *err, size_t errlen)
{
	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list)) {
		snprintf(err, errlen, "%s: '%ss' must be a list", path, field);
		return -1;
	}
	size_t i;
	json_t *it;
	json_array_foreach(list, i, it) {
		const char *name = json_get_str(it, "name", NULL);
		json_t *body = json_object_get(it, field);
		if (!name || !json_is_object(body)) {
			snprintf(err, errlen, "%s: entry %zu of '%ss' needs a name and a '%s' mapping", path, i + 1,
				 field, field);
			return -1;
		}
		bool seen = false;
		for (size_t j = 0; j < *n; j++)
			seen |= !strcmp((*v)[j].name, name);
		if (seen)
			continue;
		*v = xrealloc(*v, (*n + 1) * sizeof **v);
		(*v)[(*n)++] = (struct entry){name, body, dir};
	}
	return 0;
}

static int load_file(struct merged *m, const char *path, bool required, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	char rerr[512];
	if (!required && access(path, F_OK) != 0)
		return 0; /* missing files in KUBECONFIG are skipped, like kubectl */
	if (fs_read_all(path, MAX_FILE, &buf, &len, rerr, sizeof rerr) != 0) {
		snprintf(err, errlen, "cannot read kubeconfig %s; check --kubeconfig and KUBECONFIG", rerr);
		return -1;
	}
	struct yaml_json_docs d;
	int rc = yaml_json_stream(buf, len, path, &d, err, errlen);
	free(buf);
	if (rc != 0)
		return -1;
	json_t *root = d.n ? json_incref(d.docs[0]) : json_object();
	yaml_json_docs_free(&d);
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s:1:1: a kubeconfig must be a mapping (apiVersion, clusters, users, contexts)",
			 path);
		json_decref(root);
		return -1;
	}
	size_t k = m->nfiles++;
	m->files = xrealloc(m->files, m->nfiles * sizeof *m->files);
	m->dirs = xrealloc(m->dirs, m->nfiles * sizeof *m->dirs);
	m->paths = xrealloc(m->paths, m->nfiles * sizeof *m->paths);
	m->files[k] = root;
	m->dirs[k] = fs_dirname(path);
	m->paths[k] = xstrdup(path);
	if (add_entries(json_object_get(root, "clusters"), "cluster", m->dirs[k], path, &m->clusters, &m->nclusters,
			err, errlen) ||
	    add_entries(json_object_get(root, "users"), "user", m->dirs[k], path, &m->users, &m->nusers, err, errlen) ||
	    add_entries(json_object_get(root, "contexts"), "context", m->dirs[k], path, &m->contexts, &m->ncontexts,
			err, errlen))
		return -1;
	const char *cur = json_get_str(root, "current-context", NULL);
	if (!m->current_context && cur && *cur) {
		m->current_context = cur;
		m->current_source = m->paths[k];
	}
	return 0;
}

static const struct entry *find(const struct entry *v, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

static char *path_field(const json_t *o, const char *key, const char *dir)
{
	const char *v = json_get_str(o, key, NULL);
	if (!v || !*v)
		return NULL;
	char *home = fs_expand_home(v);
	char *p = fs_join(dir, home);
	free(home);
	return p;
}

/* A *-data field: base64 of PEM text. */
static int data_field(const json_t *o, const char *key, char **out, char *err, size_t errlen)
{
	const char *v = json_get_str(o, key, NULL);
	if (!v || !*v)
		return 0;
	size_t n;
	uint8_t *pem = b64_decode(v, strlen(v), B64_STD, &n);
	if (!pem) {
		snprintf(err, errlen, "kubeconfig field %s is not valid base64", key);
		return -1;
	}
	*out = (char *)pem;
	return 0;
}

static int load_exec(const json_t *ex, const char *dir, const json_t *cluster, struct kconfig *cfg, char *err,
		     size_t errlen)
{
	const char *api = json_get_str(ex, "apiVersion", NULL), *cmd = json_get_str(ex, "command", NULL);
	if (!api || !cmd || !*cmd) {
		snprintf(err, errlen, "user \"%s\": exec needs apiVersion and command", cfg->user);
		return -1;
	}
	if (strcmp(api, "client.authentication.k8s.io/v1") && strcmp(api, "client.authentication.k8s.io/v1beta1")) {
		snprintf(err, errlen,
			 "user \"%s\": exec apiVersion %s is not supported; use "
			 "client.authentication.k8s.io/v1 or v1beta1",
			 cfg->user, api);
		return -1;
	}
	struct kexec *e = xcalloc(1, sizeof *e);
	cfg->exec = e;
	e->api_version = xstrdup(api);
	e->command = strchr(cmd, '/') ? fs_join(dir, cmd) : xstrdup(cmd);
	json_t *args = json_object_get(ex, "args"), *env = json_object_get(ex, "env"), *it;
	size_t i;
	e->args = xcalloc(json_array_size(args) + 1, sizeof *e->args);
	json_array_foreach(args, i, it) {
		e->args[i] = xstrdup(json_is_string(it) ? json_string_value(it) : "");
	}
	e->env = xcalloc(json_array_size(env) + 1, sizeof *e->env);
	json_array_foreach(env, i, it) {
		e->env[i] = xasprintf("%s=%s", json_get_str(it, "name", ""), json_get_str(it, "value", ""));
	}
	e->install_hint = dup_or_null(json_get_str(ex, "installHint", NULL));
	e->provide_cluster_info = json_is_true(json_object_get(ex, "provideClusterInfo"));
	json_t *exts = json_object_get(cluster, "extensions");
	json_array_foreach(exts, i, it) {
		if (!strcmp(json_get_str(it, "name", ""), "client.authentication.k8s.io/exec"))
			e->cluster_config = json_incref(json_object_get(it, "extension"));
	}
	return 0;
}

static int resolve(struct merged *m, const struct koverrides *ov, struct kconfig *cfg, char *err, size_t errlen)
{
	const char *ctxname = ov->context ? ov->context : m->current_context;
	const struct entry *ctx = find(m->contexts, m->ncontexts, ctxname);
	if (ov->context && !ctx) {
		snprintf(err, errlen, "context \"%s\" does not exist in the kubeconfig; see the contexts: list",
			 ov->context);
		return 2;
	}
	if (!ctxname && !ov->server) {
		snprintf(err, errlen, "the kubeconfig has no current-context; pass --context NAME");
		return 3;
	}
	if (ctxname && !ctx && !ov->server) {
		snprintf(err, errlen, "current-context \"%s\" is not among the kubeconfig's contexts", ctxname);
		return 3;
	}
	cfg->source = xstrdup(m->current_source && !ov->context ? m->current_source
			      : m->nfiles                       ? m->paths[0]
								: "kubeconfig");
	cfg->context = dup_or_null(ctxname);
	const char *cname = ctx ? json_get_str(ctx->body, "cluster", NULL) : NULL;
	const char *uname = ctx ? json_get_str(ctx->body, "user", NULL) : NULL;
	const struct entry *cl = find(m->clusters, m->nclusters, cname);
	const struct entry *us = find(m->users, m->nusers, uname);
	if (ctx && !cl && !ov->server) {
		snprintf(err, errlen, "context \"%s\" names cluster \"%s\", which the kubeconfig does not define",
			 ctxname, cname ? cname : "");
		return 3;
	}
	cfg->cluster = dup_or_null(cname);
	cfg->user = dup_or_null(uname);
	cfg->ns = dup_or_null(ctx ? json_get_str(ctx->body, "namespace", NULL) : NULL);
	if (cl) {
		const json_t *c = cl->body;
		cfg->server = dup_or_null(json_get_str(c, "server", NULL));
		if (data_field(c, "certificate-authority-data", &cfg->ca_pem, err, errlen))
			return 3;
		if (!cfg->ca_pem)
			cfg->ca_file = path_field(c, "certificate-authority", cl->dir);
		cfg->insecure = json_is_true(json_object_get(c, "insecure-skip-tls-verify"));
		cfg->tls_server_name = dup_or_null(json_get_str(c, "tls-server-name", NULL));
		cfg->proxy_url = dup_or_null(json_get_str(c, "proxy-url", NULL));
		if (cfg->insecure && (cfg->ca_pem || cfg->ca_file) && !ov->insecure) {
			snprintf(err, errlen,
				 "cluster \"%s\": specifying a root certificates file with the insecure "
				 "flag is not allowed",
				 cname);
			return 3;
		}
	}
	if (us) {
		const json_t *u = us->body;
		if (json_object_get(u, "auth-provider")) {
			snprintf(err, errlen,
				 "user \"%s\": auth-provider is not supported; migrate to an exec "
				 "credential plugin (gke-gcloud-auth-plugin, kubelogin)",
				 uname);
			return 3;
		}
		cfg->token = dup_or_null(json_get_str(u, "token", NULL));
		if (!cfg->token)
			cfg->token_file = path_field(u, "tokenFile", us->dir);
		if (data_field(u, "client-certificate-data", &cfg->cert_pem, err, errlen) ||
		    data_field(u, "client-key-data", &cfg->key_pem, err, errlen))
			return 3;
		if (!cfg->cert_pem)
			cfg->cert_file = path_field(u, "client-certificate", us->dir);
		if (!cfg->key_pem)
			cfg->key_file = path_field(u, "client-key", us->dir);
		if (!(cfg->cert_pem || cfg->cert_file) != !(cfg->key_pem || cfg->key_file)) {
			snprintf(err, errlen,
				 "user \"%s\": a client certificate needs both the certificate and the key", uname);
			return 3;
		}
		cfg->username = dup_or_null(json_get_str(u, "username", NULL));
		cfg->password = dup_or_null(json_get_str(u, "password", NULL));
		json_t *ex = json_object_get(u, "exec");
		bool explicit = cfg->token || cfg->token_file || cfg->cert_pem || cfg->cert_file || cfg->username;
		if (ex && !json_is_null(ex) && !explicit &&
		    load_exec(ex, us->dir, cl ? cl->body : NULL, cfg, err, errlen))
			return 3;
	}
	return 0;
}

static char *read_trimmed(const char *path)
{
	char *buf, e[256];
	size_t len;
	if (fs_read_all(path, 1u << 20, &buf, &len, e, sizeof e) != 0)
		return NULL;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	return buf;
}

/* In-cluster configuration: the pod's service account. */
static int in_cluster(struct kconfig *cfg, char *err, size_t errlen)
{
	const char *host = getenv("KUBERNETES_SERVICE_HOST"), *port = getenv("KUBERNETES_SERVICE_PORT");
	const char *dir = getenv("K8S_ROLLOUT_SA_DIR");
	if (!dir || !*dir)
		dir = K8S_SA_DIR;
	char *token = fs_join(dir, "token");
	if (!host || !*host || !port || !*port || access(token, R_OK) != 0) {
		free(token);
		snprintf(err, errlen,
			 "no configuration: no kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config) "
			 "and not running in a cluster; pass --kubeconfig FILE or --server URL");
		return 4;
	}
	cfg->source = xstrdup("in-cluster");
	cfg->server =
		strchr(host, ':') ? xasprintf("https://[%s]:%s", host, port) : xasprintf("https://%s:%s", host, port);
	cfg->token_file = token;
	cfg->ca_file = fs_join(dir, "ca.crt");
	const char *pns = getenv("POD_NAMESPACE");
	if (pns && *pns) {
		cfg->ns = xstrdup(pns);
	} else {
		char *nsf = fs_join(dir, "namespace");
		cfg->ns = read_trimmed(nsf);
		free(nsf);
	}
	cfg->user = xstrdup("serviceaccount");
	return 0;
}

static void apply_overrides(const struct koverrides *ov, struct kconfig *cfg)
{
	if (ov->server) {
		free(cfg->server);
		cfg->server = xstrdup(ov->server);
	}
	if (ov->token) {
		free(cfg->token);
		free(cfg->token_file);
		cfg->token = xstrdup(ov->token);
		cfg->token_file = NULL;
	} else if (ov->token_file) {
		free(cfg->token);
		free(cfg->token_file);
		cfg->token = NULL;
		cfg->token_file = xstrdup(ov->token_file);
	}
	if (ov->ca_file) {
		free(cfg->ca_file);
		free(cfg->ca_pem);
		cfg->ca_pem = NULL;
		cfg->ca_file = xstrdup(ov->ca_file);
	}
	if (ov->insecure) {
		/* A command-line insecure flag clears the CA (client-go does). */
		cfg->insecure = true;
		free(cfg->ca_file);
		free(cfg->ca_pem);
		cfg->ca_file = cfg->ca_pem = NULL;
	}
	if (ov->ns) {
		free(cfg->ns);
		cfg->ns = xstrdup(ov->ns);
	}
	if (!cfg->ns)
		cfg->ns = xstrdup("default");
	size_t n = cfg->server ? strlen(cfg->server) : 0;
	while (n && cfg->server[n - 1] == '/')
		cfg->server[--n] = '\0';
}

static void wipe_free(char *s);

static char *percent_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *p = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			*p++ = (char)strtol(hex, NULL, 16);
			i += 2;
		} else {
			*p++ = s[i];
		}
	}
	*p = '\0';
	return out;
}

char *url_strip_userinfo(const char *url, char **user, char **password)
{
	*user = *password = NULL;
	const char *auth = strstr(url, "://");
	auth = auth ? auth + 3 : url;
	size_t hostpart = strcspn(auth, "/?#");
	const char *at = memrchr(auth, '@', hostpart);
	if (!at)
		return xstrdup(url);
	const char *colon = memchr(auth, ':', (size_t)(at - auth));
	*user = percent_decode(auth, (size_t)((colon ? colon : at) - auth));
	*password = colon ? percent_decode(colon + 1, (size_t)(at - colon - 1)) : xstrdup("");
	return xasprintf("%.*s%s", (int)(auth - url), url, at + 1);
}

/* User and password in the server URL are taken out of it, so that no URL
 * printed holds them and libcurl never sends them on its own; they become
 * basic credentials when the kubeconfig has none (sent over https only). */
static void take_userinfo(struct kconfig *cfg)
{
	char *user, *password, *clean = url_strip_userinfo(cfg->server, &user, &password);
	sodium_memzero(cfg->server, strlen(cfg->server));
	free(cfg->server);
	cfg->server = clean;
	if (user && !cfg->username && !cfg->token && !cfg->token_file && !cfg->exec) {
		cfg->username = user;
		cfg->password = password;
		return;
	}
	free(user);
	wipe_free(password);
}

int kconfig_load(const struct koverrides *ov, struct kconfig *cfg, char *err, size_t errlen)
{
	struct merged m = {0};
	memset(cfg, 0, sizeof *cfg);
	int rc = 0;
	if (ov->kubeconfig) {
		if (load_file(&m, ov->kubeconfig, true, err, errlen))
			rc = 3;
	} else {
		const char *env = getenv("KUBECONFIG");
		if (env && *env) {
			size_t n;
			char **paths = split_list(env, ":", &n);
			for (size_t i = 0; i < n && !rc; i++)
				if (load_file(&m, paths[i], false, err, errlen))
					rc = 3;
			strv_free(paths);
		} else {
			char *home = fs_expand_home("~/.kube/config");
			if (load_file(&m, home, false, err, errlen))
				rc = 3;
			free(home);
		}
	}
	if (!rc) {
		if (m.nfiles && (m.ncontexts || m.current_context || ov->context))
			rc = resolve(&m, ov, cfg, err, errlen);
		else if (ov->context)
			rc = (snprintf(err, errlen, "context \"%s\" does not exist: no kubeconfig defines it",
				       ov->context),
			      2);
		else if (!ov->server)
			rc = in_cluster(cfg, err, errlen);
		else
			cfg->source = xstrdup("--server");
	}
	merged_free(&m);
	if (rc) {
		kconfig_free(cfg);
		return rc;
	}
	apply_overrides(ov, cfg);
	if (!cfg->server || !*cfg->server) {
		snprintf(err, errlen, "cluster \"%s\" has no server; set clusters[].cluster.server or pass --server",
			 cfg->cluster ? cfg->cluster : "");
		kconfig_free(cfg);
		return 3;
	}
	take_userinfo(cfg);
	return 0;
}

static void wipe_free(char *s)
{
	if (s)
		sodium_memzero(s, strlen(s));
	free(s);
}

void kconfig_free(struct kconfig *cfg)
{
	free(cfg->source);
	free(cfg->context);
	free(cfg->cluster);
	free(cfg->user);
	free(cfg->server);
	free(cfg->ca_file);
	free(cfg->ca_pem);
	free(cfg->tls_server_name);
	free(cfg->proxy_url);
	wipe_free(cfg->token);
	free(cfg->token_file);
	free(cfg->cert_file);
	free(cfg->key_file);
	free(cfg->cert_pem);
	wipe_free(cfg->key_pem);
	free(cfg->username);
	wipe_free(cfg->password);
	if (cfg->exec) {
		free(cfg->exec->api_version);
		free(cfg->exec->command);
		strv_free(cfg->exec->args);
		strv_free(cfg->exec->env);
		free(cfg->exec->install_hint);
		json_decref(cfg->exec->cluster_config);
		free(cfg->exec);
	}
	free(cfg->ns);
	memset(cfg, 0, sizeof *cfg);
}
